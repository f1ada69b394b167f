"""The simulator that trains the students: headless AI-vs-AI drills whose experience partly counts.

The simulator (``scenarios/simulator.toml``) trains them: ``run_drills`` plays it headless, AI against AI,
seeded, and half of what the students earn counts, at most ``DRILL_SESSION_CAP`` per pilot a session
and ``TRAINING_CAP`` per pilot over the whole campaign, so it can never replace real missions (a real
mission is worth 10-30). Winning the simulator by hand counts the same way (``campaign.fates``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..ai.policy import make_policy
from ..data import load_catalog
from ..engine import derive_seed
from ..engine.progression import XP_PER_STEP
from ..i18n import N_, T_, Join, Text
from ..scenario.loader import load_scenario
from ..sim.match import play_match
from .skills import learners, overrides_for

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


def training_xp(
    earned: Mapping[str, int], already: Mapping[str, int], pilots: Iterable[str], share: int = DRILL_SHARE
) -> tuple[dict[str, int], Text | str]:
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
    note: Text | str = ""
    if capped:
        full = [p for p in capped if already.get(p, 0) + out.get(p, 0) >= TRAINING_CAP]
        note = (
            T_(
                "The simulator has taught {pilots} all it can.",
                pilots=Join(N_(" and "), tuple(p.title() for p in full)),
            )
            if full
            else T_("One session counts at most {cap} xp a pilot.", cap=DRILL_SESSION_CAP)
        )
    return out, note


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
    note: Text | str = ""

    def lines(self) -> list[Text]:
        """The report, a line a drill after the tally (``Text``: translated where shown)."""
        wins = sum(1 for d in self.drills if d.winner == "earth")
        out = [T_("{n} drills: the students won {wins}.", n=len(self.drills), wins=wins)]
        for d in self.drills:
            who = (
                T_("students win")
                if d.winner == "earth"
                else T_("draw")
                if d.winner is None
                else T_("simulated Grados win")
            )
            earned = tuple(f"{p.title()} {x}" for p, x in sorted(d.xp.items()))
            xp = Join(N_(", "), earned) if earned else T_("no xp")
            out.append(
                T_(
                    "Drill {n}: {who} in {turns} turn(s); xp earned: {xp}",
                    n=d.index + 1,
                    who=who,
                    turns=d.turns,
                    xp=xp,
                )
            )
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
