"""What a finished mission adds to the campaign: experience, the fates of named pilots, story flags.

Only a **won** mission of the campaign (``kind = "mission"``) is remembered: its pilots' experience
(``GameState.xp``) is added to the campaign's totals, the fates of named enemy pilots (spared, captured,
talked down, left in the wreck, killed) and the story flags its triggers set are kept. A lost or drawn
mission is replayed, so it keeps nothing: the story goes on from the version you won, and losing on
purpose cannot farm experience. Winning the simulator by hand counts as a drill would
(``campaign.drills``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..engine import GameState, SideId
from ..engine.catalog import Catalog
from ..engine.events import Fate
from ..engine.units import Unit
from ..i18n import T_, Text
from ..scenario.memory import UNNAMED_PILOTS, fate_flag
from .drills import SIMULATOR_ID, training_xp
from .lost import CAST
from .skills import learners


@dataclass(frozen=True, slots=True)
class MissionRecord:
    """What one finished mission adds to the campaign (empty when it counts for nothing)."""

    mission: str
    counts: bool
    """False for a loss, a draw or a skirmish: nothing below is kept."""
    xp: dict[str, int] = field(default_factory=dict)
    """Experience earned, per pilot (for the simulator: what counts, after the share and caps)."""
    fates: dict[str, str] = field(default_factory=dict)
    """Named enemy pilot -> fate."""
    flags: tuple[str, ...] = ()
    """Story flags set during the mission."""
    why: Text | str = ""
    """Why nothing counts, or a note for the simulator (caps reached): translated where shown."""


def pilot_fates(state: GameState, human: SideId | None) -> dict[str, str]:
    """Fates of the named pilots of the other sides (spared, captured, withdrew, disabled, killed), and
    of the player's own cast who died (killed): the campaign goes on without them."""
    out: dict[str, str] = {}
    for dead in sorted(state.destroyed.values(), key=lambda u: u.id):
        if dead.side == human and dead.pilot is not None and str(dead.pilot) in CAST:
            out[str(dead.pilot)] = "killed"
    for uid, fate in sorted(state.fates.items()):
        unit = state.out_of_fight.get(uid) or state.destroyed.get(uid) or state.units.get(uid)
        if unit is None or unit.pilot is None or unit.side == human or unit.pilot in UNNAMED_PILOTS:
            continue
        out[str(unit.pilot)] = fate.value if isinstance(fate, Fate) else str(fate)
    for uid, unit in sorted(state.destroyed.items()):
        if uid in state.fates or unit.pilot is None or unit.side == human or unit.pilot in UNNAMED_PILOTS:
            continue
        out[str(unit.pilot)] = "killed"
    return out


def fate_flags(fates: Mapping[str, str]) -> set[str]:
    return {fate_flag(p, f) for p, f in fates.items()}


def record_mission(
    mission_id: str,
    kind: str,
    won: bool,
    state: GameState,
    human: SideId | None,
    flags: Iterable[str],
    catalog: Catalog,
    training_so_far: Mapping[str, int],
) -> MissionRecord:
    """What a finished game adds to the campaign (see the module's rules)."""
    if not won:
        return MissionRecord(mission_id, False, why=T_("A mission that is not won is not remembered."))
    if mission_id == SIMULATOR_ID:
        earned = {str(p): x for p, x in state.xp.items()}
        xp, note = training_xp(earned, training_so_far, learners(catalog), share=1)
        return MissionRecord(mission_id, True, xp=xp, why=note)
    if kind != "mission":
        return MissionRecord(mission_id, False, why=T_("Skirmishes are not part of the campaign."))
    human_pilots = {str(u.pilot) for u in _all_units(state) if u.side == human and u.pilot}
    xp = {str(p): x for p, x in sorted(state.xp.items()) if x > 0 and str(p) in human_pilots}
    return MissionRecord(
        mission_id, True, xp=xp, fates=pilot_fates(state, human), flags=tuple(sorted(set(flags)))
    )


def _all_units(state: GameState) -> list[Unit]:
    return [*state.units.values(), *state.destroyed.values(), *state.out_of_fight.values()]
