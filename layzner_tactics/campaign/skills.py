"""The students' skills: pilots with ``learns = true`` (David and Roan) turn experience into skill.

``engine.progression.learning_overrides`` gives the catalog overrides; every later mission's catalog is
built with them (``campaign.missions.campaign_mission``).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..engine.catalog import Catalog
from ..engine.progression import GROWTH_ORDER, XP_PER_STEP, learning_overrides, skill_gains
from ..i18n import N_, T_, Join, Text


def learners(catalog: Catalog) -> list[str]:
    """The pilots who learn (David and Roan), in catalog order."""
    return [str(p.id) for p in catalog.pilots.values() if p.learns]


def skills(catalog: Catalog, pilot: str, xp: int) -> dict[str, int]:
    """The pilot's skills with ``xp`` experience (catalog values plus gains)."""
    base = catalog.pilots[pilot]  # type: ignore[index]
    gains = skill_gains(xp)
    return {s: getattr(base, s) + gains[s] for s in GROWTH_ORDER}


SKILL_WORDS = {
    "shooting": N_("shooting"),
    "dodge": N_("dodge"),
    "melee": N_("melee"),
    "technique": N_("technique"),
}
"""The skills of ``GROWTH_ORDER`` in words, for the catalogs."""


def skills_line(catalog: Catalog, pilot: str, xp: int) -> Text:
    """``"David Rainfield: shooting 52 (+4), dodge 30 (+2), ... - 14 xp"``, for briefing and debrief
    (a ``Text``: translated where shown, ``str()`` the English)."""
    base = catalog.pilots[pilot]  # type: ignore[index]
    gains = skill_gains(xp)
    parts = tuple(
        Join(
            " ",
            (T_(SKILL_WORDS[s]), f"{getattr(base, s) + gains[s]}" + (f" (+{gains[s]})" if gains[s] else "")),
        )
        for s in GROWTH_ORDER
    )
    nxt = XP_PER_STEP - xp % XP_PER_STEP
    return T_(
        "{pilot}: {skills} - {xp} xp, next step in {next}",
        pilot=base.name,
        skills=Join(N_(", "), parts),
        xp=xp,
        next=nxt,
    )


def overrides_for(catalog: Catalog, xp: Mapping[str, int]) -> dict[str, int]:
    """Catalog overrides that give the students the skills their experience earned."""
    return learning_overrides(catalog, xp)
