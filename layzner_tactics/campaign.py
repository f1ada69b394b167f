"""What the campaign remembers from a mission, and the simulator that trains the students.

Pure (no pygame, no files): ``ui.session.Progress`` stores the result. The rules:

- Only a **won** mission of the campaign (``kind = "mission"``) is remembered: its pilots' experience
  (``GameState.xp``) is added to the campaign's totals, the fates of named enemy pilots (spared,
  captured, talked down, left in the wreck, killed) and the story flags its triggers set are kept. A
  lost or drawn mission is replayed, so it keeps nothing: the story goes on from the version you won,
  and losing on purpose cannot farm experience.
- The students (pilots with ``learns = true``: David and Roan) turn experience into skill with
  ``engine.progression.learning_overrides``, applied to every later mission's catalog.
- The simulator (``scenarios/simulator.toml``) trains them: ``run_drills`` plays it headless, AI
  against AI, seeded, and half of what the students earn counts, at most ``DRILL_SESSION_CAP`` per
  pilot a session and ``TRAINING_CAP`` per pilot over the whole campaign, so it can never replace
  real missions (a real mission is worth 10-30). Winning the simulator by hand counts the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .engine import GameSetup, GameState, SideId, derive_seed
from .engine.catalog import Catalog
from .engine.events import Fate
from .engine.progression import GROWTH_ORDER, XP_PER_STEP, learning_overrides, skill_gains
from .engine.setup import Reinforce, Say, Trigger, UnitPlacement
from .engine.units import Unit
from .scenario.memory import UNNAMED_PILOTS, fate_flag

SIMULATOR_ID = "simulator"
"""The bundled training scenario."""
DRILLS = 5
"""Drills per simulator session."""
DRILL_SHARE = 2
"""A simulated fight counts 1/DRILL_SHARE of the experience a real one would."""
DRILL_SESSION_CAP = XP_PER_STEP
"""Most experience one pilot takes from one simulator session (one skill step)."""
TRAINING_CAP = 3 * XP_PER_STEP
"""Most experience one pilot takes from the simulator over the whole campaign."""


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
    why: str = ""
    """Why nothing counts, or a note for the simulator (caps reached)."""


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


def training_xp(
    earned: Mapping[str, int], already: Mapping[str, int], pilots: Iterable[str], share: int = DRILL_SHARE
) -> tuple[dict[str, int], str]:
    """What simulator experience counts: ``earned / share``, per-session and campaign caps applied."""
    out: dict[str, int] = {}
    capped = []
    for pilot in pilots:
        raw = earned.get(pilot, 0) // share
        room = max(0, TRAINING_CAP - already.get(pilot, 0))
        gain = min(raw, DRILL_SESSION_CAP, room)
        if gain < raw:
            capped.append(pilot)
        if gain:
            out[pilot] = gain
    note = ""
    if capped:
        full = [p for p in capped if already.get(p, 0) + out.get(p, 0) >= TRAINING_CAP]
        note = (
            "The simulator has taught " + " and ".join(p.title() for p in full) + " all it can."
            if full
            else f"One session counts at most {DRILL_SESSION_CAP} xp a pilot."
        )
    return out, note


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
        return MissionRecord(mission_id, False, why="A mission that is not won is not remembered.")
    if mission_id == SIMULATOR_ID:
        earned = {str(p): x for p, x in state.xp.items()}
        xp, note = training_xp(earned, training_so_far, learners(catalog), share=1)
        return MissionRecord(mission_id, True, xp=xp, why=note)
    if kind != "mission":
        return MissionRecord(mission_id, False, why="Skirmishes are not part of the campaign.")
    human_pilots = {str(u.pilot) for u in _all_units(state) if u.side == human and u.pilot}
    xp = {str(p): x for p, x in sorted(state.xp.items()) if x > 0 and str(p) in human_pilots}
    return MissionRecord(
        mission_id, True, xp=xp, fates=pilot_fates(state, human), flags=tuple(sorted(set(flags)))
    )


def _all_units(state: GameState) -> list[Unit]:
    return [*state.units.values(), *state.destroyed.values(), *state.out_of_fight.values()]


# The simulator ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Drill:
    index: int
    seed: int
    winner: str | None
    turns: int
    xp: dict[str, int]
    """What the students earned in this drill (before the share and caps)."""


@dataclass(frozen=True, slots=True)
class DrillReport:
    drills: tuple[Drill, ...]
    earned: dict[str, int]
    """Raw experience over all drills, per student."""
    gained: dict[str, int]
    """What counts for the campaign (share and caps applied)."""
    note: str = ""

    def lines(self) -> list[str]:
        wins = sum(1 for d in self.drills if d.winner == "earth")
        out = [f"{len(self.drills)} drills: the students won {wins}."]
        for d in self.drills:
            who = {"earth": "students win", None: "draw"}.get(d.winner, "simulated Grados win")
            xp = ", ".join(f"{p.title()} {x}" for p, x in sorted(d.xp.items())) or "no xp"
            out.append(f"Drill {d.index + 1}: {who} in {d.turns} turn(s); xp earned: {xp}")
        return out


def run_drills(
    xp: Mapping[str, int],
    training_so_far: Mapping[str, int],
    seed: int,
    drills: int = DRILLS,
    ref: str = SIMULATOR_ID,
) -> DrillReport:
    """Play ``drills`` headless AI-vs-AI games of the simulator with the students' current skills.

    Deterministic: drill ``i`` is seeded ``derive_seed(seed, "simulator", i)``. ``xp`` is the
    campaign's experience (it sets the students' skills); ``training_so_far`` their simulator
    experience already counted (for the campaign cap).
    """
    from .ai.policy import make_policy
    from .data import load_catalog
    from .scenario.loader import load_scenario
    from .sim.match import play_match

    catalog = load_catalog()
    students = learners(catalog)
    scenario = load_scenario(ref, overrides_for(catalog, xp))
    played = []
    earned: dict[str, int] = {}
    for i in range(drills):
        game_seed = derive_seed(seed, SIMULATOR_ID, i)
        policies = {s.id: make_policy(s.ai, s.id, game_seed, s.posture) for s in scenario.sides}
        result = play_match(scenario.setup, game_seed, policies)
        got = {p: result.state.xp.get(p, 0) for p in students if result.state.xp.get(p, 0)}  # type: ignore[call-overload]
        for p, x in got.items():
            earned[p] = earned.get(p, 0) + x
        played.append(Drill(i, game_seed, result.outcome.winner, result.turns, got))
    gained, note = training_xp(earned, training_so_far, students)
    return DrillReport(tuple(played), earned, gained, note)


# The lost ---------------------------------------------------------------------------------------

CAST: tuple[str, ...] = ("elizabeth", "anna", "simone", "arthur", "david", "roan")
"""The Cosmic Culture Club: the people the player protects. One killed in a won mission stays dead."""


def lost_cast(memory: Iterable[str]) -> list[str]:
    """The cast the campaign has lost (``fate.<pilot>.killed``), in cast order."""
    held = set(memory)
    return [p for p in CAST if f"fate.{p}.killed" in held]


LINE_PILOT = "grados_line"
"""Who flies a named enemy's machine once that pilot is dead, captured or talked out of the war."""


def fallen_enemies(memory: Iterable[str]) -> list[str]:
    """Named enemy pilots the campaign has taken out of the war: killed, captured or talked down."""
    out = set()
    for flag in memory:
        parts = flag.split(".")
        if len(parts) != 3 or parts[0] != "fate" or parts[2] not in ("killed", "captured", "withdrew"):
            continue
        if parts[1] not in CAST and parts[1] not in UNNAMED_PILOTS and parts[1] != "eiji":
            out.add(parts[1])
    return sorted(out)


def without_the_lost(scenario: Any, memory: Iterable[str]) -> Any:
    """The mission as it plays after losses: the dead do not come back.

    Each unit of the player's side flown or driven by a lost pilot is taken over by a stand-in: a
    survivor named in the unit's own name (a buggy's passengers) or else one of the cast not at a
    controls in this mission (else no named pilot). The lost name leaves the unit's display name, and
    lines of dialogue written for the lost are not spoken. Likewise a named enemy pilot who was killed,
    captured or talked down does not fly again: a Grados line pilot takes the machine, the name leaves
    its display name and its lines are not spoken. Units, ids and objectives stay as the file has
    them, so the mission stays valid; only who is aboard changes.
    """
    lost = lost_cast(memory)
    fallen = fallen_enemies(memory)
    if not lost and not fallen:
        return scenario
    setup: GameSetup = scenario.setup
    human = scenario.player_side
    placements = list(setup.units) + [
        u for t in setup.triggers for e in t.effects if isinstance(e, Reinforce) for u in e.units
    ]
    at_controls = {str(u.pilot) for u in placements if u.pilot is not None}
    spare = [p for p in CAST if p not in lost and p not in at_controls]
    names = dict(scenario.unit_names)
    new_pilot: dict[str, str | None] = {}
    for u in placements:
        if u.side == human and u.pilot is not None and str(u.pilot) in lost:
            aboard = [
                p
                for p in CAST
                if p not in lost
                and p not in at_controls
                and p not in new_pilot.values()
                and _first_name(p) in names.get(u.id, "")
            ]
            pick = aboard[0] if aboard else (spare[0] if spare else None)
            if pick in spare:
                spare.remove(pick)
            new_pilot[u.id] = pick
        elif u.side != human and u.pilot is not None and str(u.pilot) in fallen:
            new_pilot[u.id] = LINE_PILOT
    type_of = {u.id: u.type_id for u in placements}
    lost_names = [_first_name(p) for p in lost]
    fallen_names = [_first_name(p) for p in fallen]
    seat_of = {_first_name(p): uid for uid, p in new_pilot.items() if p in CAST}  # stand-in -> their unit
    for uid, name in list(names.items()):
        if new_pilot.get(uid) == LINE_PILOT:  # a fallen enemy's machine: the name goes, the type stays
            stripped = _strip_names(name, fallen_names)
            names[uid] = setup.catalog.units[type_of[uid]].name if name in fallen_names else stripped
        elif uid in new_pilot and name in lost_names:  # one person on foot: the stand-in's name
            pick = new_pilot[uid]
            names[uid] = _first_name(pick) if pick else "Survivor"
        else:  # the lost leave every name; a stand-in leaves the passenger list they climbed out of
            moved_out = [who for who, seat in seat_of.items() if seat != uid]
            names[uid] = _strip_names(name, lost_names + moved_out)
    speakers = set(lost) | set(fallen)  # pilot ids are their first names in lower case

    def place(u: UnitPlacement) -> UnitPlacement:
        return replace(u, pilot=new_pilot[u.id]) if u.id in new_pilot else u  # type: ignore[arg-type]

    def effects(t: Trigger) -> Trigger:
        kept = []
        for e in t.effects:
            if isinstance(e, Say) and e.speaker.strip().lower() in speakers:
                continue
            kept.append(Reinforce(tuple(place(u) for u in e.units)) if isinstance(e, Reinforce) else e)
        return replace(t, effects=tuple(kept))

    new_setup = replace(
        setup, units=tuple(place(u) for u in setup.units), triggers=tuple(effects(t) for t in setup.triggers)
    )
    return replace(scenario, setup=new_setup, unit_names=names)


def _first_name(pilot: str) -> str:
    return pilot.title()


def _strip_names(name: str, gone: list[str]) -> str:
    """``"Buggy 2 (Arthur, David, Roan)"`` without Arthur -> ``"Buggy 2 (David, Roan)"``."""
    if "(" not in name or not name.endswith(")"):
        return name
    head, _, inner = name[:-1].partition("(")
    kept = [n.strip() for n in inner.split(",") if n.strip() and n.strip() not in gone]
    return f"{head.rstrip()} ({', '.join(kept)})" if kept else head.rstrip()
