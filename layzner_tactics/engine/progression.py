"""Rookies learn: experience earned in battle becomes pilot skill between missions.

The engine counts experience per pilot in ``GameState.xp`` (1 a hit, 3 a kill or disabling blow). The
campaign keeps the totals across missions and applies this module's skill gains to the next mission's
catalog as stat overrides, so a pilot's growth is plain data in the save.
"""

from __future__ import annotations

from collections.abc import Mapping

from .catalog import Catalog

XP_PER_STEP = 4
STEP_BONUS = 2
MAX_BONUS = 20
GROWTH_ORDER = ("shooting", "dodge", "melee", "technique")
"""Skills improve in this order, one step at a time, round and round."""


def skill_gains(xp: int) -> dict[str, int]:
    """Points gained per skill for a total of ``xp`` experience (each capped at ``MAX_BONUS``)."""
    gains = dict.fromkeys(GROWTH_ORDER, 0)
    for step in range(xp // XP_PER_STEP):
        skill = GROWTH_ORDER[step % len(GROWTH_ORDER)]
        gains[skill] = min(MAX_BONUS, gains[skill] + STEP_BONUS)
    return gains


def learning_overrides(catalog: Catalog, xp_by_pilot: Mapping[str, int]) -> dict[str, int]:
    """Catalog overrides (``pilots.david.shooting`` -> value) for every pilot who ``learns``."""
    out: dict[str, int] = {}
    for pilot_id, xp in sorted(xp_by_pilot.items()):
        pilot = catalog.pilots.get(pilot_id)  # type: ignore[call-overload]
        if pilot is None or not pilot.learns:
            continue
        for skill, gain in skill_gains(xp).items():
            if gain:
                out[f"pilots.{pilot_id}.{skill}"] = getattr(pilot, skill) + gain
    return out
