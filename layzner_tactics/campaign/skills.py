"""The students' skills: pilots with ``learns = true`` (David and Roan) turn experience into skill.

``engine.progression.learning_overrides`` gives the catalog overrides; every later mission's catalog is
built with them (``campaign.missions.campaign_mission``).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..engine.catalog import Catalog
from ..engine.progression import GROWTH_ORDER, XP_PER_STEP, learning_overrides, skill_gains


def learners(catalog: Catalog) -> list[str]:
    """The pilots who learn (David and Roan), in catalog order."""
    return [str(p.id) for p in catalog.pilots.values() if p.learns]


def skills(catalog: Catalog, pilot: str, xp: int) -> dict[str, int]:
    """The pilot's skills with ``xp`` experience (catalog values plus gains)."""
    base = catalog.pilots[pilot]  # type: ignore[index]
    gains = skill_gains(xp)
    return {s: getattr(base, s) + gains[s] for s in GROWTH_ORDER}


def skills_line(catalog: Catalog, pilot: str, xp: int) -> str:
    """``"David Rainfield: shooting 52 (+4), dodge 30 (+2), ... - 14 xp"``, for briefing and debrief."""
    base = catalog.pilots[pilot]  # type: ignore[index]
    gains = skill_gains(xp)
    parts = [
        f"{s} {getattr(base, s) + gains[s]}" + (f" (+{gains[s]})" if gains[s] else "") for s in GROWTH_ORDER
    ]
    nxt = XP_PER_STEP - xp % XP_PER_STEP
    return f"{base.name}: {', '.join(parts)} - {xp} xp, next step in {nxt}"


def overrides_for(catalog: Catalog, xp: Mapping[str, int]) -> dict[str, int]:
    """Catalog overrides that give the students the skills their experience earned."""
    return learning_overrides(catalog, xp)
