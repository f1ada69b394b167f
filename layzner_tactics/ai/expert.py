"""The ``expert`` policies: stand-ins for a skilled player, planning their side's whole phase by search.

How it plays a phase (``ExpertPolicy``):
1. From its side's ``Observation`` only, it builds ``SAMPLES`` determinized states
   (``engine.determinize``): everything it sees, plus guesses for enemies it lost sight of (sample 0 at
   their last-seen tiles when those are still out of sight, the others anywhere out of sight within the
   moves they could have made since), plus the kills and evacuations it witnessed.
2. On those states it runs Portfolio Greedy Search (``ai.search.PhaseSearch``) over per-unit scripts:
   the side's own candidate-action AI under the postures own / pursue / hold / retreat, and the
   ``aggressive`` AI, fighters acting first (they screen, shoot and look ahead before the people move;
   the phase is searched again when they reveal an enemy); the side's own whole-phase AI is one more
   plan. Each plan is played on a copy, then every other side replies with its own fast AI (``grados``,
   or ``earth`` for the Earth side), and the state is scored by ``MissionEvaluation``: people alive,
   evacuated, nearer their zone and not beside ground the side cannot see, HP, kills (more for objective
   targets), objectives won or lost, the outcome; attacks count at their expected value. A plan that
   gives a unit another script than the side's own AI's must win by ``DEVIATION`` points a unit.
3. It plays the chosen plan one action at a time on the real board (scripts re-read the board, so a miss
   or an ambush changes the follow-up), and searches again (with ``REPLAN_BUDGET``) when an enemy it did
   not plan for comes into sight.

Budget (``BUDGET``): playouts per phase, not time, so that the same seed gives the same choices on a
busy machine. Deterministic per seed; fog-fair (never touches the true state). Registered for any side
in two strengths: ``expert-fast`` is the search as described so far; ``expert``, the stand-in the
balance tables are measured with, is the same search stronger and about four times dearer (below). A
level named with either (``expert:hard``) is the level of the Grados AI whose choices it searches over
on a Grados side and whose replies it expects from a Grados enemy; ``--difficulty`` does not set it, so
the calibration's stand-in expects Normal's replies at every level.

``expert`` (``deep``) adds to ``expert-fast``:
- ``DEEP_BUDGET`` playouts on ``DEEP_SAMPLES`` states;
- more scripts: ``safe`` and ``dash`` for the people (``SafeScript``), ``guard`` for the fighters
  (``GuardScript``: go for the enemy nearest the people); the first plans cross the people's scripts
  with the fighters';
- an enemy out of sight is first guessed as near the side as it could have come (``_hunting_tile``);
- a cost for each of the people left where known enemies can strike, weighed by the chance they kill,
  and halved for one that no hostile side sees when the phase ends (in a storm, out of sight range);
- briefed as a player who has played the mission (``brief``): where its file places the enemy's starting
  force, its turn-triggered hostile reinforcements and storms, how each hostile side starts (holding its
  ground, pursuing) and what changes that (a machine hurt or destroyed, a zone entered: the enemy's reply
  in the searched states is played with the posture the side believes, changed as it sees those triggers'
  conditions met). What it knows from the file is a guess like any other (where those units could have
  gone since), dropped once the tile is seen empty; never where a unit stands now. Where the people must
  reach a zone, a machine of the starting force never seen is guessed about its starting tile, not as
  closing in (nothing says it has set out), and the side's own AI keeps away from it but does not go after
  it; where they must hold out, and for unmanned hunters, it is guessed as closing in (an unmanned one
  only until it could have walked into sight at two of the side's phase starts and was not there);
- once an attack or a talk has cast its dice, the rest of the phase is searched again on what they gave
  (the plan was searched on sampled dice: a Braver it counted dead may still stand).
- every strike of a playout rolls dice of its own (``search.CommonDice``: keyed by turn, attacker and
  target), so that two plans making the same strike meet the same roll, whatever was rolled before it.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..engine import (
    NO_TILE,
    Action,
    Attack,
    EndPhase,
    GameSetup,
    GameState,
    Move,
    ObjectiveKind,
    ObjectiveStatus,
    Observation,
    SideId,
    Special,
    Unit,
    UnitId,
    UnitTypeId,
    Wait,
    derive_seed,
    placed_unit,
    reachable_tiles,
)
from ..engine.combat import BASE_HIT, CRIT_PCT, MAX_CRIT, MAX_HIT, MIN_HIT
from ..engine.determinize import determinize
from ..engine.rules import unit_condition_met
from ..engine.setup import (
    OnDestroyed,
    OnEnterZone,
    OnHpBelow,
    OnTurn,
    Reinforce,
    SetPosture,
    SetWeather,
    Trigger,
    UnitPlacement,
)
from ..engine.threat import mask_to_array, mask_to_bools, strike_mask, threat_counts
from ._fields import distance_array, source_field
from .policy import Policy, register_policy
from .search import (
    PhaseRunner,
    PhaseSearch,
    Plan,
    Portfolio,
    RankedScript,
    Script,
    SearchStats,
    Step,
    TacticianReply,
    TacticianScript,
)
from .tactical import MEMORY_TURNS, URGENCY_TURNS, Tactician, distance_field

BUDGET = 36
"""Playouts (one plan on one sampled state, our phase plus the enemy's reply) at the start of a phase."""
REPLAN_BUDGET = 12
"""Playouts when an unforeseen enemy comes into sight mid-phase (at ``BUDGET``; in proportion to it)."""
DEEP_BUDGET = 108
"""``expert``'s playouts at the start of a phase."""
DEEP_SAMPLES = 3
SAMPLES = 2
"""Determinized states each plan is played on (guesses for the unseen differ; so do the dice)."""
DEPTH = 2
"""Rounds per playout: the plan and the enemy's reply, then the side's own AI and the reply again."""
REPLY_POSTURE = ""
"""The posture the other sides are modelled with when no trigger set one ("": their personalities')."""
WARD_SCRIPTS = (0, 7, 8)
"""``expert``: scripts the people try in the first plans: their own AI, ``safe``, ``dash`` (indices
in ``scripts``)."""
FIGHTER_SCRIPTS = (0, 1, 4, 9)
"""``expert``: scripts the fighters try in the first plans: their own AI, pursuing, ``aggressive``,
``guard``."""
GUARD_CANDIDATES = 24
"""``guard``: how many of the fighter's own AI's best plans are looked through for an attack on the
hunter."""
DEVIATION = 25.0
"""Points by which each unit given another script than the side's own AI must improve the plan."""
GUESS_TURNS = 2 * MEMORY_TURNS
"""How long an enemy out of sight is still guessed somewhere near where it was seen."""
REFUTED = 2
"""``expert``: the side's phase starts at which an unmanned hunter out of sight could have walked into
its sight and was not in it, before the side stops guessing that hunter as closing in
(``_Knowledge.refuted``)."""

# Evaluation weights: points, with a machine's full HP worth 100.
LIFE = 100.0
"""A fighting machine of the side alive, beyond its HP."""
WARD_LIFE = 400.0
"""One of the people (civilians, units to escort or protect, units the enemy must destroy) alive."""
EVACUATED = 150.0
"""An escorted unit safe off the map, beyond being alive."""
KILL = 60.0
"""An enemy machine out of the fight, beyond its HP."""
TARGET_KILL = 250.0
"""An enemy the side's objectives say to destroy, out of the fight."""
GOAL = 10.0
"""Per point of path cost between an escorted unit and its zone (x2 as the turn limit nears)."""
GOAL_CAP = 60
FOG = 150.0
"""Off for one of the people with nothing but unseen ground within ``FOG_RADIUS`` (pro rata)."""
FOG_RADIUS = 5
EXPOSED = 600.0
"""``expert``: off for one of the people left where known enemies can strike next phase, times the
chance that those strikes kill it (``_kill_odds``): a survivor on foot in one Braver's reach costs most of
it, a whole buggy in one Braver's reach only its crit chance (a crit of 2100 against its 1800 HP)."""
HIDDEN = 0.5
"""``expert``: ``EXPOSED`` counts this share for one of the people that no hostile side sees when the
side's phase ends (in a storm, out of sight range): the enemy must first come looking."""
OBJECTIVE = 1500.0
WIN = 5000.0
OXYGEN = 2.0


def _handicap(plan: Plan) -> float:
    """What a plan must win by: the search sees one reply ahead and nothing it cannot see, so a plan
    leaving the side's own AI's (which screens, scouts and keeps away from what it fears) must pay for
    itself."""
    return DEVIATION * sum(1 for _, i in plan.scripts if i and i not in WARD_SCRIPTS)


_Shot = tuple[int, int, float, float]
"""One strike's damage, damage on a crit, chance to hit and chance that a hit crits."""


@functools.lru_cache(maxsize=4096)
def _kill_chance(hp: int, strikes: int, damage: int, crit_damage: int, hit: float, crit: float) -> float:
    """The chance that ``strikes`` such strikes take ``hp`` to nothing."""
    if hp <= 0:
        return 1.0
    if strikes <= 0:
        return 0.0
    rest = strikes - 1
    return (
        (1.0 - hit) * _kill_chance(hp, rest, damage, crit_damage, hit, crit)
        + hit * (1.0 - crit) * _kill_chance(hp - damage, rest, damage, crit_damage, hit, crit)
        + hit * crit * _kill_chance(hp - crit_damage, rest, damage, crit_damage, hit, crit)
    )


def _fighters_first(obs: Observation, ready: list[Unit]) -> list[Unit]:
    units = obs.catalog.units
    return sorted(ready, key=lambda u: (units[u.type_id].civilian, u.id))


class MissionEvaluation:
    """The searching side's score of a state: what a player of this mission cares about."""

    def __init__(
        self,
        obs: Observation,
        goals: dict[UnitId, np.ndarray],
        hostile_goals: dict[UnitId, np.ndarray],
        wards: set[UnitId],
        targets: set[UnitId],
        exposed: float = 0.0,
    ) -> None:
        self.side = obs.side
        self.exposed = exposed
        self.team = obs.team[obs.side]
        self.teams = obs.team
        self.catalog = obs.catalog
        self.goals = goals
        self.hostile_goals = hostile_goals
        self.wards = wards
        self.targets = targets
        self._strikes: dict[tuple[UnitTypeId, tuple[UnitTypeId, ...]], tuple[_Shot, ...]] = {}
        self.root_status = {o.id: s for o, s in obs.objectives}
        urgency = 0.0
        if obs.on_turn_limit is None or obs.hostile(obs.on_turn_limit, obs.side):
            left = obs.max_turns - obs.turn
            urgency = min(1.0, max(0.0, (URGENCY_TURNS - left) / URGENCY_TURNS))
        self.goal_weight = GOAL * (1.0 + urgency)

    def unit_term(self, unit: Unit, hp: int) -> float:
        if hp <= 0:
            return 0.0
        utype = self.catalog.units.get(unit.type_id)
        frac = hp / utype.hp if utype is not None and utype.hp else 1.0
        if self.teams[unit.side] == self.team:
            value = (WARD_LIFE if unit.id in self.wards else LIFE) + 100.0 * frac
            goal = self.goals.get(unit.id)
            if goal is not None and unit.tile >= 0:
                value -= self.goal_weight * min(int(goal[unit.tile]), GOAL_CAP)
            return value
        value = -((TARGET_KILL if unit.id in self.targets else KILL) + 100.0 * frac)
        goal = self.hostile_goals.get(unit.id)
        if goal is not None and unit.tile >= 0:
            value -= self.goal_weight * (GOAL_CAP - min(int(goal[unit.tile]), GOAL_CAP))
        return value

    def after_phase(self, state: GameState) -> float:
        """Off for each of the people the side leaves where a known enemy can strike next phase.

        Counted once, right after the side's phase and before any die is cast: the reply's dice are
        sampled, and a lucky miss in a playout must not make leaving the people in reach look good."""
        total = 0.0
        if not self.exposed:
            return total
        counts: np.ndarray | None = None
        seen: int | None = None
        for uid in self.wards:
            ward = state.units.get(uid)
            if ward is None or ward.tile < 0 or self.teams[ward.side] != self.team:
                continue
            if counts is None:  # once per playout, for every ward
                counts = threat_counts(state, self.side).reshape(-1)
            n = int(counts[ward.tile])
            if n:
                if seen is None:  # the enemy's sight: only once one of the people is in reach
                    seen = 0
                    for side, team in self.teams.items():
                        if team != self.team:
                            seen |= state.visible_mask(side)
                share = 1.0 if (seen >> ward.tile) & 1 else HIDDEN
                total -= share * self.exposed * self._kill_odds(state, ward, n)
        return total

    def _kill_odds(self, state: GameState, ward: Unit, strikers: int) -> float:
        """The chance that ``strikers`` strikes kill ``ward``, each one with the hostile weapon on the
        board likeliest to (before range, cover and pilots; crits counted)."""
        return max(
            (_kill_chance(ward.hp, strikers, *s) for s in self._strikes_on(state, ward.type_id)), default=0.0
        )

    def _strikes_on(self, state: GameState, ward_type: UnitTypeId) -> tuple[_Shot, ...]:
        hostile = tuple(sorted({u.type_id for u in state.units.values() if self.teams[u.side] != self.team}))
        key = (ward_type, hostile)
        known = self._strikes.get(key)
        if known is None:
            target = self.catalog.units[ward_type]
            shots = set()
            for type_id in hostile:
                for weapon in self.catalog.units[type_id].weapons:
                    damage = max(weapon.power // 10, weapon.power - target.armor, 1)
                    hit = min(MAX_HIT, max(MIN_HIT, BASE_HIT + weapon.accuracy - target.evasion))
                    crit = min(MAX_CRIT, max(0, weapon.crit))
                    shots.add((damage, damage * CRIT_PCT // 100, hit / 100, crit / 100))
            known = self._strikes[key] = tuple(sorted(shots))
        return known

    def score(self, state: GameState) -> float:
        total = 0.0
        for unit in state.units.values():
            total += self.unit_term(unit, unit.hp)
        # what the side cannot see may hold the enemy that kills the people: keep them where it looks
        visible = state.visible_mask(self.side)
        grid = state.grid
        for uid in self.wards:
            ward = state.units.get(uid)
            if ward is not None and self.teams[ward.side] == self.team:
                near = grid.near_mask(ward.tile, FOG_RADIUS)
                total -= FOG * (near & ~visible).bit_count() / max(1, near.bit_count())
        for unit in state.evacuated.values():
            if self.teams.get(unit.side) == self.team:
                total += WARD_LIFE + 100.0 + EVACUATED
        for obj in state.objectives:
            status = state.status[obj.id]
            if status is self.root_status.get(obj.id):
                continue
            weight = OBJECTIVE * (0.5 if obj.optional else 1.0)
            sign = 1.0 if self.teams[obj.side] == self.team else -1.0
            if status is ObjectiveStatus.COMPLETE:
                total += sign * weight
            elif status is ObjectiveStatus.FAILED:
                total -= sign * weight
        outcome = state.outcome
        if outcome is not None and outcome.winner is not None:
            total += WIN if self.teams[outcome.winner] == self.team else -WIN
        total += OXYGEN * min(state.oxygen.get(self.side, 0), 40)
        return total


@dataclass
class _Knowledge:
    """What the side has seen, from its own observations only."""

    memory: dict[UnitId, tuple[Unit, int, bool]] = field(default_factory=dict)
    """Enemies seen before: as last seen, the turn, and whether their tile was seen empty since (lost)."""
    gone: dict[UnitId, Unit] = field(default_factory=dict)
    """Enemies seen taken out of the fight (they vanished from a tile still in sight in our phase)."""
    own: dict[UnitId, Unit] = field(default_factory=dict)
    """Own units as last seen."""
    evacuated: dict[UnitId, Unit] = field(default_factory=dict)
    lost: dict[UnitId, Unit] = field(default_factory=dict)
    """Own units gone and not evacuated (destroyed, disabled)."""
    anchors: dict[UnitId, int] = field(default_factory=dict)
    seen: set[UnitId] = field(default_factory=set)
    """Every enemy ever seen."""
    placed: set[UnitId] = field(default_factory=set)
    """``expert``: enemies of the mission's starting force, known where the file places them (their
    age, like a seen one's, counts from the turn they were known there)."""
    waiting: frozenset[UnitId] = frozenset()
    """``expert``: those of ``placed`` never seen, while some of the side's people must still reach a
    zone: expected to wait where the mission starts them, on the road or at the zone (the Grados AI
    makes for the people's zone while it sees none of them), not to be closing in. The samples guess
    them about their starting tile (``_guesses``); the threat map, the hunter and the hunting guess
    leave them out, and the side's own AI keeps away from them but does not go after them. Where the
    people must hold out instead, or the machine is an unmanned hunter (``_relentless``), it is guessed
    as hunting, like any machine out of sight, until it has failed to come into sight when it could
    have at ``REFUTED`` phase starts (``refuted``): then it waits too."""
    refuted: dict[UnitId, int] = field(default_factory=dict)
    """``expert``: per unmanned hunter out of sight, at how many of the side's phase starts it could
    have walked into the side's sight since it was seen (or briefed) and was not in it. One that came
    on as fast as it could would have been seen by then: a player who has waited for it twice stops
    fearing it round every corner (it took another way, or stands guard). Cleared when it is seen."""
    last_seen: np.ndarray | None = None
    prev: tuple[int, SideId] | None = None
    prev_enemies: dict[UnitId, Unit] = field(default_factory=dict)


@dataclass(frozen=True)
class _Arrival:
    """A turn trigger of the mission's script as the searcher knows it: hostile reinforcements and storms."""

    turn: int
    phase: int
    """The index of the side whose phase start fires it (turn order)."""
    trigger: Trigger

    @property
    def units(self) -> list[UnitPlacement]:
        return [p for e in self.trigger.effects if isinstance(e, Reinforce) for p in e.units]


class ExpertPolicy:
    """Search-based policy for one side of one game (see the module docstring)."""

    def __init__(
        self,
        side: SideId,
        seed: int,
        posture: str = "",
        level: str = "normal",
        budget: int = BUDGET,
        samples: int = SAMPLES,
        deep: bool = False,
    ) -> None:
        self.side = side
        self.deep = deep
        self.name = "expert" if deep else "expert-fast"
        """The name it is registered under (the deep search is ``expert``)."""
        self.seed = seed
        self.posture = posture
        self.level = level
        self.budget = budget
        self.samples = samples
        self.base = "earth" if side == "earth" else "grados"
        self.know = _Knowledge()
        self.script_ai = Tactician(side, derive_seed(seed, "scripts"), posture, self.base, level=level)
        self.aggressive_ai = Tactician(
            side, derive_seed(seed, "aggressive"), posture, "aggressive", level=level
        )
        self.own_ai = Tactician(side, derive_seed(seed, "own"), posture, self.base, level=level)
        for tac in (self.script_ai, self.aggressive_ai):
            tac.memory = self.know.memory
            tac.anchors = self.know.anchors
        self.scripts: list[Script] = [
            TacticianScript(self.script_ai),
            TacticianScript(self.script_ai, "pursue"),
            TacticianScript(self.script_ai, "hold"),
            TacticianScript(self.script_ai, "retreat"),
            TacticianScript(self.aggressive_ai),
            RankedScript(self.script_ai, 1),
            RankedScript(self.script_ai, 2),
        ]
        if deep:
            self.scripts += [
                SafeScript(self, self.scripts[0]),
                SafeScript(self, self.scripts[0], dash=True),
                GuardScript(self, self.script_ai, self.scripts[0]),
            ]
        orders = [_fighters_first]
        self.real = Portfolio(self.scripts, orders, whole=lambda: _Synced(lambda _: self.own_ai, self.know))
        searched: dict[int, Tactician] = {}

        def by_turn(turn: int) -> Tactician:
            # one per turn of a playout: switching turns would rebuild its per-phase tables
            for old in [t for t in searched if t < turn - 1]:
                del searched[old]
            if turn not in searched:
                searched[turn] = Tactician(
                    side, derive_seed(seed, "whole", turn), posture, self.base, level=level
                )
            return searched[turn]

        self.searched = Portfolio(self.scripts, orders, whole=lambda: _Synced(by_turn, self.know))
        self.opponents: TacticianReply | None = None
        self.runner: PhaseRunner | None = None
        self.plan_key: tuple[int, SideId] | None = None
        self.plan_seen: frozenset[UnitId] = frozenset()
        self.rolled = False
        """``expert``: the last action returned cast dice (an attack or a special)."""
        self.decisions = 0
        self.last_stats = SearchStats()
        self._fields: dict[tuple[object, ...], np.ndarray] = {}
        self._board: tuple[Observation, dict[str, object]] | None = None
        self.arrivals: tuple[_Arrival, ...] = ()
        self.starts: tuple[tuple[UnitPlacement, int], ...] = ()
        """``expert``: the hostile units the mission starts with, each with its side's index in the
        turn order (``brief``)."""
        self.breaks: tuple[Trigger, ...] = ()
        """``expert``: the mission's triggers that change a hostile side's posture (``brief``)."""
        self.postures: dict[SideId, str] = {}
        """``expert``: each hostile side's posture as far as the side knows: the mission's, then
        changed by the ``breaks`` it has seen fire (``_remember``)."""
        self.fired: set[str] = set()
        """``expert``: the ``breaks`` the side has seen fire."""
        self.hunted: dict[UnitId, int] = {}
        """``expert``: the hunting guess (``_hunting_tile``) of each enemy out of sight, made once per
        search from the real board, so that it does not move while the side's own units do."""

    def brief(self, setup: GameSetup) -> None:
        """Learn the mission as a player who has played it knows it: where its file places the enemy's
        starting force, when and where hostile reinforcements arrive and storms rise (turn triggers only),
        and which hurt machine makes the enemy change its posture (falls back). Nothing of where any unit
        stands once the game is on: those placements are guessed about like a machine last seen there.
        Only ``expert`` uses it (``expert-fast`` plays as a first-time player would)."""
        if not self.deep:
            return
        order = [s.id for s in setup.sides]
        team = {s.id: s.team for s in setup.sides}
        out = []
        for trig in setup.triggers:
            if not isinstance(trig.when, OnTurn):
                continue
            effects: list[Reinforce | SetWeather] = []
            for effect in trig.effects:
                if isinstance(effect, Reinforce):
                    hostile = tuple(p for p in effect.units if team.get(p.side) != team.get(self.side))
                    if hostile:
                        effects.append(Reinforce(hostile))
                elif isinstance(effect, SetWeather):
                    effects.append(effect)
            if effects:
                side = trig.when.side or order[0]
                out.append(
                    _Arrival(trig.when.turn, order.index(side), Trigger(trig.id, trig.when, tuple(effects)))
                )
        self.arrivals = tuple(out)
        # where the enemy's machines start, as the mission's file draws them (a player who has played it
        # knows where the Bravers wait; never where they stand once the game is on)
        self.starts = tuple(
            (p, order.index(p.side)) for p in setup.units if team.get(p.side) != team.get(self.side)
        )
        # how the enemy starts (holding its ground, pursuing...), and what changes that: a machine hurt
        # or destroyed, a zone entered (the posture triggers of the file)
        self.postures = {
            side: posture for side, posture in setup.postures.items() if team.get(side) != team.get(self.side)
        }
        self.fired = set()
        breaks = []
        for trig in setup.triggers:
            if isinstance(trig.when, OnHpBelow | OnDestroyed | OnEnterZone):
                postures = tuple(
                    e
                    for e in trig.effects
                    if isinstance(e, SetPosture) and team.get(e.side) != team.get(self.side)
                )
                if postures:
                    breaks.append(Trigger(trig.id, trig.when, postures))
        self.breaks = tuple(breaks)

    @staticmethod
    def _phase_index(obs: Observation, side: SideId) -> int:
        return next(i for i, s in enumerate(obs.sides) if s.id == side)

    # The policy protocol ------------------------------------------------------------------------

    def choose(self, obs: Observation, legal: Sequence[Action]) -> Action:
        end = EndPhase(obs.side)
        if obs.side != obs.side_to_act or obs.outcome is not None or not legal:
            return legal[-1] if legal else end
        self._remember(obs)
        self.decisions += 1
        legal_set = set(legal)
        key = (obs.turn, obs.side)
        seen = frozenset(e.id for e in obs.enemies())
        # expert: the plan was searched on sampled dice; once the real ones have fallen (an attack,
        # a talk) the rest of the phase is searched again on what they gave
        rolled, self.rolled = self.rolled, False
        if self.runner is None or self.plan_key != key or not seen <= self.plan_seen or rolled:
            budget = self.budget if self.plan_key != key else REPLAN_BUDGET * self.budget // BUDGET
            plan = self._search(obs, legal_set, budget)
            self.runner = PhaseRunner(self.real, plan)
            self.plan_key, self.plan_seen = key, seen
        action = self.runner.next_action(obs, legal_set, legal)
        self.rolled = self.deep and isinstance(action, Attack | Special)
        return action if action in legal_set else (end if end in legal_set else legal[-1])

    # Search -------------------------------------------------------------------------------------

    def _search(self, obs: Observation, legal: set[Action], budget: int) -> Plan:
        ready = [u for u in obs.own_units() if not u.acted]
        if not ready:
            return Plan()
        evaluation = self._evaluation(obs)
        now = (obs.turn, self._phase_index(obs, obs.side_to_act))
        script = [a.trigger for a in self.arrivals if (a.turn, a.phase) > now]
        script += [t for t in self.breaks if t.id not in self.fired]
        if self.deep:
            self.hunted = self._hunting_guesses(obs)
        roots = [
            determinize(
                obs,
                self._guesses(obs, k),
                derive_seed(self.seed, "sample", obs.turn, self.decisions, k),
                lost=self.know.gone.values(),
                evacuated=self.know.evacuated.values(),
                script=script,
                postures=self.postures,
            )
            for k in range(self.samples)
        ]
        if self.opponents is None:
            self.opponents = TacticianReply(
                lambda s: Tactician(
                    s,
                    derive_seed(self.seed, "reply", s),
                    REPLY_POSTURE,
                    "earth" if s == "earth" else "grados",
                    level=self.level,
                )
            )
        steps = {u.id: [script.step(obs, u, legal) for script in self.scripts] for u in ready}

        def alike(unit: UnitId, i: int, j: int) -> bool:
            a, b = steps[unit][i], steps[unit][j]
            return (a is None and b is None) or (a is not None and b is not None and a[:2] == b[:2])

        improve = [
            u
            for u in self._by_contact(obs, ready)
            if any(not alike(u.id, 0, i) for i in range(1, len(self.scripts)))
        ]
        search = PhaseSearch(
            obs.side,
            self.searched,
            self.opponents,
            evaluation,
            budget,
            [u.id for u in improve],
            handicap=_handicap,
            depth=DEPTH,
            common_dice=self.deep,
        )
        plan = search.best(roots, alike, self._seeds(evaluation, improve) if self.deep else None)
        self.last_stats = search.stats
        return plan

    def _seeds(self, evaluation: MissionEvaluation, improve: list[Unit]) -> list[Plan]:
        """The plans tried first: what the people do (their own AI's way, kept out of reach, or the run
        for their zone) crossed with what the fighters do (their own way, pursuing, all-out attack)."""
        wards = [u.id for u in improve if u.id in evaluation.wards]
        fighters = [u.id for u in improve if u.id not in evaluation.wards]
        plans = []
        for w in WARD_SCRIPTS if wards else (0,):
            for f in FIGHTER_SCRIPTS if fighters else (0,):
                scripts = [(u, w) for u in wards if w] + [(u, f) for u in fighters if f]
                plans.append(Plan(tuple(sorted(scripts))))
        return plans

    def _by_contact(self, obs: Observation, ready: list[Unit]) -> list[Unit]:
        """Ready units, nearest the enemy (seen or remembered) first."""
        foes = [e.tile for e in obs.enemies()] + [u.tile for u, _, _ in self.know.memory.values()]
        grid = obs.grid

        def near(u: Unit) -> int:
            return min((grid.distance(u.tile, t) for t in foes), default=0)

        return sorted(ready, key=lambda u: (near(u), u.id))

    def _guesses(self, obs: Observation, k: int) -> list[Unit]:
        """Where each enemy out of sight might be now, for sample ``k``."""
        rng = random.Random(derive_seed(self.seed, "guess", obs.turn, self.decisions, k))
        grid, catalog = obs.grid, obs.catalog
        taken = set(obs.occupant)
        out = []
        for uid, (unit, turn, lost) in sorted(self.know.memory.items()):
            age = obs.turn - turn
            if uid in obs.units or uid in self.know.gone or age > GUESS_TURNS:
                continue
            utype = catalog.units[unit.type_id]
            if k == 0 and self.deep:
                hunting = self.hunted.get(uid)
                if hunting is not None and hunting not in taken:
                    taken.add(hunting)
                    out.append(unit.with_(tile=hunting, moved=False, acted=False, origin=NO_TILE, vmax=False))
                    continue
            if (
                k == 0
                and not lost
                and not obs.sees(unit.tile)
                and unit.tile not in taken
                and grid.passable(unit.tile, utype.move_class)  # the ground may have changed since
            ):
                tile = int(unit.tile)
            else:
                mask = grid.near_mask(unit.tile, utype.move_points * max(1, age) + 1) & ~obs.visible
                tiles = [t for t in grid.tiles(mask) if t not in taken and grid.passable(t, utype.move_class)]
                if not tiles:
                    continue
                tile = tiles[rng.randrange(len(tiles))]
            taken.add(tile)
            out.append(unit.with_(tile=tile, moved=False, acted=False, origin=NO_TILE, vmax=False))
        return out

    def _hunters_unseen(self, obs: Observation) -> list[tuple[Unit, int]]:
        """Enemies out of sight that the hunting guess is for, with how many turns ago they were seen
        (not the ``waiting`` ones)."""
        know = self.know
        return [
            (unit, obs.turn - turn)
            for uid, (unit, turn, _) in sorted(know.memory.items())
            if uid not in obs.units
            and uid not in know.gone
            and obs.turn - turn <= GUESS_TURNS
            and uid not in know.waiting
        ]

    def _hunting_guesses(self, obs: Observation) -> dict[UnitId, int]:
        taken = set(obs.occupant)
        out = {}
        for unit, age in self._hunters_unseen(obs):
            tile = self._hunting_tile(obs, unit, age, taken)
            if tile is not None:
                taken.add(tile)
                out[unit.id] = tile
        return out

    def _hunted_on(self, obs: Observation) -> list[Unit]:
        """The remembered enemies at their hunting guesses, on this board: the search's guess while it
        is still out of sight and free here, else made again for this board (skipped if none)."""
        memo = self._per_board(obs)
        found = memo.get("hunted")
        if found is not None:
            return found  # type: ignore[return-value]
        taken = set(obs.occupant)
        out = []
        for unit, age in self._hunters_unseen(obs):
            tile = self.hunted.get(unit.id)
            if tile is None or obs.sees(tile) or tile in taken:
                tile = self._hunting_tile(obs, unit, age, taken)
            if tile is not None:
                taken.add(tile)
                out.append(unit.with_(tile=tile))
        memo["hunted"] = out  # read by both the threat map and the hunter
        return out

    def _hunting_tile(self, obs: Observation, unit: Unit, age: int, taken: set[int]) -> int | None:
        """``expert``'s first guess for an enemy out of sight: where it would stand had it spent
        every move since it was seen closing in on the side. Among the free tiles out of sight that it
        could have walked to, the nearest (by path) to any unit of the side, then the nearest to where
        it was seen. A careful player assumes the hunter is as close as it could be, not where it was.
        None when no such tile is left."""
        grid = obs.grid
        move_class = int(obs.catalog.units[unit.type_id].move_class)
        memo = self._per_board(obs)
        toward = memo.get(f"toward{move_class}")
        if toward is None:
            own = sorted(u.tile for u in obs.own_units() if u.tile >= 0)
            toward = memo[f"toward{move_class}"] = distance_array(grid, own, move_class)
        free = memo.get("free")
        if free is None:
            free = memo["free"] = ~mask_to_bools(obs.visible, grid.size)
        tiles = np.flatnonzero(free & self._since(obs, unit, age))
        tiles = tiles[[int(t) not in taken for t in tiles.tolist()]] if taken else tiles
        if not len(tiles):
            return None
        since = source_field(grid, unit.tile, move_class)
        order = np.lexsort((tiles, since[tiles], toward[tiles]))  # type: ignore[index]
        return int(tiles[order[0]])

    def _since(self, obs: Observation, unit: Unit, age: int) -> np.ndarray:
        """Per tile: whether the enemy ``unit``, seen (or briefed) ``age`` turns ago where it stands in
        memory, could have walked there since. Enemies do not move in the side's phase: one seen earlier
        this turn has not moved since (a briefed arrival never seen has had its arrival phase)."""
        know = self.know
        utype = obs.catalog.units[unit.type_id]
        moves = utype.move_points * (age if unit.id in know.seen or unit.id in know.placed else max(1, age))
        since = source_field(obs.grid, unit.tile, int(utype.move_class))
        return since <= moves

    def _evaluation(self, obs: Observation) -> MissionEvaluation:
        catalog = obs.catalog
        wards: set[UnitId] = set()
        targets: set[UnitId] = set()
        goals: dict[UnitId, np.ndarray] = {}
        hostile_goals: dict[UnitId, np.ndarray] = {}
        team = obs.team[obs.side]
        movers = {**self.know.own, **{u.id: u for u in obs.units.values()}}
        for obj, status in obs.objectives:
            if status is not ObjectiveStatus.PENDING:
                continue
            mine = obs.team[obj.side] == team
            if obj.kind in (ObjectiveKind.ESCORT, ObjectiveKind.PROTECT) and mine:
                wards.update(obj.units)
            if obj.kind is ObjectiveKind.DESTROY:
                (targets if mine else wards).update(obj.units)
            if obj.kind in (ObjectiveKind.ESCORT, ObjectiveKind.REACH) and obj.zone:
                zone = obs.zones.get(obj.zone, 0)
                for uid in obj.units:
                    unit = movers.get(uid)
                    if unit is None:
                        continue
                    move_class = catalog.units[unit.type_id].move_class
                    (goals if mine else hostile_goals)[uid] = self._field(obs, zone, int(move_class))
        wards.update(u.id for u in obs.own_units() if catalog.units[u.type_id].civilian)
        return MissionEvaluation(obs, goals, hostile_goals, wards, targets, EXPOSED if self.deep else 0.0)

    def _field(self, obs: Observation, zone: int, move_class: int) -> np.ndarray:
        key = (id(obs.grid), zone, move_class)
        found = self._fields.get(key)
        if found is None:
            found = np.array(
                distance_field(obs.grid, tuple(obs.grid.tiles(zone)), move_class), dtype=np.int32
            )
            self._fields[key] = found
        return found

    # What the safe script reads (one board at a time) --------------------------------------------

    def _per_board(self, obs: Observation) -> dict[str, object]:
        if self._board is None or self._board[0] is not obs:
            self._board = (obs, {})
        return self._board[1]

    def wards_and_goals(self, obs: Observation) -> tuple[set[UnitId], dict[UnitId, np.ndarray]]:
        memo = self._per_board(obs)
        found = memo.get("wards")
        if found is None:
            evaluation = self._evaluation(obs)
            found = memo["wards"] = (evaluation.wards, evaluation.goals)
        return found  # type: ignore[return-value]

    def escort_zone(self, obs: Observation, unit: UnitId) -> int:
        for obj, status in obs.objectives:
            if (
                obj.kind is ObjectiveKind.ESCORT
                and status is ObjectiveStatus.PENDING
                and obj.zone
                and unit in obj.units
                and obs.team[obj.side] == obs.team[obs.side]
            ):
                return obs.zones.get(obj.zone, 0)
        return 0

    def hunter(self, obs: Observation) -> Unit | None:
        """The known enemy nearest, by its own path, to any of the side's people (``GuardScript``); None
        when the side has no people or knows no armed enemy."""
        memo = self._per_board(obs)
        if "hunter" in memo:
            return memo["hunter"]  # type: ignore[return-value]
        wards, _ = self.wards_and_goals(obs)
        people = sorted(u.tile for u in obs.own_units() if u.id in wards and u.tile >= 0)
        known = list(obs.enemies()) + self._hunted_on(obs)
        best: tuple[int, str] | None = None
        found: Unit | None = None
        for enemy in known:
            utype = obs.catalog.units[enemy.type_id]
            if not people or not utype.weapons or enemy.tile < 0:
                continue
            field = source_field(obs.grid, enemy.tile, int(utype.move_class))
            near = min(int(field[t]) for t in people)
            if best is None or (near, enemy.id) < best:
                best, found = (near, enemy.id), enemy
        memo["hunter"] = found
        return found

    def known_threat(self, obs: Observation) -> np.ndarray:
        """Per tile: how many known enemies could strike it next phase (remembered ones count 1/2, at
        their hunting guesses)."""
        memo = self._per_board(obs)
        found = memo.get("threat")
        if found is None:
            size = obs.grid.size
            counts = threat_counts(obs, obs.side).reshape(-1).astype(np.float32)
            for unit in self._hunted_on(obs):  # as near as each could have come since it was seen
                counts += 0.5 * mask_to_array(strike_mask(obs, unit), size)
            found = memo["threat"] = counts
        return found  # type: ignore[return-value]

    # Knowledge ----------------------------------------------------------------------------------

    def _remember(self, obs: Observation) -> None:
        know = self.know
        key = (obs.turn, obs.side)
        seen = mask_to_bools(obs.visible, obs.grid.size)
        if know.last_seen is None or know.last_seen.shape != seen.shape:
            know.last_seen = np.full(seen.shape, -1, dtype=np.int32)
        know.last_seen[seen] = obs.turn
        enemies = {e.id: e for e in obs.enemies()}
        if know.prev == key:
            # enemies do not move in our phase: one gone from a tile still in sight is out of the fight
            for uid, e in know.prev_enemies.items():
                if uid not in enemies and (obs.sees(e.tile) or uid in obs.wrecks):
                    know.gone[uid] = e
                    know.memory.pop(uid, None)
        escorted = {
            uid
            for obj, _ in obs.objectives
            if obj.kind is ObjectiveKind.ESCORT and obj.side == obs.side
            for uid in obj.units
        }
        own = {u.id: u for u in obs.own_units()}
        for uid, unit in know.own.items():
            if uid not in own and uid not in know.evacuated and uid not in know.lost:
                if uid in escorted and uid not in obs.lost:
                    know.evacuated[uid] = unit
                else:
                    know.lost[uid] = unit
        know.own.update(own)
        for uid in [u for u in know.own if u not in own]:
            del know.own[uid]
        for e in enemies.values():
            know.memory[e.id] = (e, obs.turn, False)
        know.seen.update(enemies)
        now = (obs.turn, self._phase_index(obs, obs.side_to_act))
        for arrival in self.arrivals:
            if (arrival.turn, arrival.phase) >= now:
                continue
            # arrived as the script says and never seen since: guessed from where they came in
            for p in arrival.units:
                if p.id not in know.seen and p.id not in know.memory and p.id not in know.gone:
                    know.memory[p.id] = (placed_unit(obs.catalog, p, p.tile), arrival.turn, False)
        if know.prev is None:
            # the first look: the enemy's starting force, where the mission places it, until seen. Known
            # as of this turn when its side has not had a phase yet, else as of the turn before (it has
            # had one to move)
            own_index = self._phase_index(obs, obs.side_to_act)
            for p, index in self.starts:
                if p.id not in know.memory and p.id not in know.gone:
                    known = obs.turn if index > own_index else obs.turn - 1
                    know.memory[p.id] = (placed_unit(obs.catalog, p, p.tile), known, False)
                    know.placed.add(p.id)
        for u in own.values():
            know.anchors.setdefault(u.id, u.tile)
        for uid in [u for u in know.memory if u not in enemies]:
            unit, turn, lost = know.memory[uid]
            if obs.turn - turn > GUESS_TURNS:
                del know.memory[uid]
            elif not lost and obs.sees(unit.tile):
                know.memory[uid] = (unit, turn, True)
        if know.prev != key and self.deep:
            # an unmanned hunter that could have walked into sight since it was known, and is not in it
            for uid, (unit, turn, _) in know.memory.items():
                if (
                    uid not in enemies
                    and self._relentless(obs, unit)
                    and (seen & self._since(obs, unit, obs.turn - turn)).any()
                ):
                    know.refuted[uid] = know.refuted.get(uid, 0) + 1
        for uid in enemies:
            know.refuted.pop(uid, None)
        know.prev, know.prev_enemies = key, enemies
        for trig in self.breaks:
            if trig.id not in self.fired and self._seen_fire(obs, trig):
                self.fired.add(trig.id)
                self.postures.update((e.side, e.posture) for e in trig.effects if isinstance(e, SetPosture))
        know.waiting = (
            frozenset(
                uid
                for uid in know.placed - know.seen
                if uid in know.memory and not self._relentless(obs, know.memory[uid][0])
            )
            | frozenset(
                uid
                for uid, times in know.refuted.items()
                if times >= REFUTED and uid in know.memory and self._relentless(obs, know.memory[uid][0])
            )
            if self._escorting(obs)
            else frozenset()
        )
        for tac in (self.script_ai, self.aggressive_ai):
            tac.last_seen = know.last_seen
            tac.briefed = know.waiting

    def _seen_fire(self, obs: Observation, trig: Trigger) -> bool:
        """Whether the side has seen the condition of ``trig`` (a posture trigger) met: one of its own
        units in the zone, or an enemy seen there; the machine seen hurt that far, or seen put out of
        the fight."""
        know = self.know
        if not isinstance(trig.when, OnEnterZone | OnDestroyed | OnHpBelow):
            return False
        return unit_condition_met(
            trig.when, obs.zones, obs.units, lambda u: u in know.gone or u in know.lost, obs.catalog
        )

    @staticmethod
    def _relentless(obs: Observation, unit: Unit) -> bool:
        """Whether the machine hunts whatever it finds rather than keep a post: an unmanned one (a Skull
        Gunner follows heat and breath; it has no orders to wait for)."""
        utype = obs.catalog.units.get(unit.type_id)
        return utype is not None and utype.unmanned

    @staticmethod
    def _escorting(obs: Observation) -> bool:
        """Whether some of the side's people must still reach a zone (an escort objective pending)."""
        return any(
            obj.kind is ObjectiveKind.ESCORT
            and obj.zone
            and status is ObjectiveStatus.PENDING
            and obs.team[obj.side] == obs.team[obs.side]
            for obj, status in obs.objectives
        )


class SafeScript:
    """The people out of every known enemy's reach; everyone else as ``fallback`` plans.

    A ward (one of the people: one hit kills them) goes, among the tiles it can reach this phase, to
    its zone when it can (it is safe off the map), else to the tile the fewest known enemies could
    strike next phase (seen ones count 1, remembered ones out of sight 1/2: ``strike_mask`` is move plus
    range, ignoring lines of fire), then nearest its zone, then with the least unseen ground around
    it, then with the best cover; ``dash`` puts nearest its zone first. This is what a careful player
    does with people who cannot fight: never leave them where a Braver can reach them, and let the
    machines make the road safe. Fighters act before the people (``_fighters_first``), so the tiles
    they now hold already block the enemies' paths here.
    """

    def __init__(self, expert: ExpertPolicy, fallback: Script, dash: bool = False) -> None:
        self.expert = expert
        self.fallback = fallback
        self.dash = dash
        """Nearest the zone first, then the fewest enemies in reach (the run for it)."""
        self.name = "dash" if dash else "safe"

    def step(self, obs: Observation, unit: Unit, legal: set[Action]) -> Step | None:
        wards, goals = self.expert.wards_and_goals(obs)
        if unit.id not in wards or unit.moved:
            return self.fallback.step(obs, unit, legal)
        grid = obs.grid
        reach = reachable_tiles(obs, unit)
        tiles = [unit.tile, *reach.destinations]
        threat = self.expert.known_threat(obs)
        goal = goals.get(unit.id)
        zone = self.expert.escort_zone(obs, unit.id)
        unseen = ~obs.visible

        def key(tile: int) -> tuple[float, ...]:
            if zone >> tile & 1:
                return (-1.0, 0.0, 0.0, 0.0, float(reach.cost.get(tile, 0)))
            near = grid.near_mask(tile, FOG_RADIUS)
            fog = (near & unseen).bit_count() / max(1, near.bit_count())
            ahead = float(goal[tile]) if goal is not None else 0.0
            if self.dash:
                return (ahead, float(threat[tile]), round(fog, 1), -float(grid.cover[tile]), float(tile))
            return (float(threat[tile]), ahead, round(fog, 1), -float(grid.cover[tile]), float(tile))

        best = min(tiles, key=key)
        wait = Wait(unit.id)
        if best == unit.tile:
            return (wait, None, unit.tile) if wait in legal else None
        move = Move(unit.id, reach.path(best))
        if move not in legal:
            return self.fallback.step(obs, unit, legal)
        return move, wait, best


class GuardScript:
    """A fighter goes for the enemy the people have most to fear; the people as ``fallback`` plans.

    The hunter (``ExpertPolicy.hunter``) is the known enemy nearest, by its own path, to any of the
    side's people (seen enemies where they stand, remembered ones at their hunting guess). The fighter
    attacks it if any of its own AI's best ``GUARD_CANDIDATES`` plans does, else it closes in on it by
    its path, on the tile with the best cover among the nearest. With no hunter (no people, no armed
    enemy known) or nothing legal of that kind, it plays as ``fallback``. This is what a player does when a
    hunter walks toward people who cannot fight: stand in its way and take it down first, rather than
    trade shots with whoever is nearest the machine."""

    name = "guard"

    def __init__(self, expert: ExpertPolicy, tactician: Tactician, fallback: Script) -> None:
        self.expert = expert
        self.tactician = tactician
        self.fallback = fallback

    def step(self, obs: Observation, unit: Unit, legal: set[Action]) -> Step | None:
        wards, _ = self.expert.wards_and_goals(obs)
        if unit.id in wards:
            return self.fallback.step(obs, unit, legal)
        hunter = self.expert.hunter(obs)
        if hunter is None:
            return self.fallback.step(obs, unit, legal)
        if not unit.acted and hunter.id in obs.units:
            for pick in self.tactician.candidates(obs, unit, legal, limit=GUARD_CANDIDATES, explain=False):
                if not (isinstance(pick.action, Attack) and pick.action.target == hunter.id):
                    continue
                if pick.tile == unit.tile and pick.action in legal:
                    return pick.action, None, unit.tile
                move = Move(unit.id, reachable_tiles(obs, unit).path(pick.tile))
                if move in legal:
                    return move, pick.action, pick.tile
                break
        if unit.moved:
            return self.fallback.step(obs, unit, legal)
        grid = obs.grid
        reach = reachable_tiles(obs, unit)
        field = source_field(grid, hunter.tile, int(obs.catalog.units[unit.type_id].move_class))
        best = min([unit.tile, *reach.destinations], key=lambda t: (int(field[t]), -grid.cover[t], t))
        wait = Wait(unit.id)
        if best == unit.tile:
            return (wait, None, unit.tile) if wait in legal else self.fallback.step(obs, unit, legal)
        move = Move(unit.id, reach.path(best))
        return (move, wait, best) if move in legal else self.fallback.step(obs, unit, legal)


class _Synced:
    """The side's own whole-phase AI, its memory set from the expert's before each choice, with the
    machines it keeps away from but does not go after (``_Knowledge.waiting`` as ``Tactician.briefed``)."""

    name = "own"

    def __init__(self, tactician: Callable[[int], Tactician], know: _Knowledge) -> None:
        self.tactician = tactician
        self.know = know

    def choose(self, obs: Observation, legal: Sequence[Action]) -> Action:
        tac = self.tactician(obs.turn)
        know = self.know
        tac.memory = dict(know.memory)
        tac.briefed = know.waiting
        tac.anchors = dict(know.anchors)
        tac.last_seen = None if know.last_seen is None else know.last_seen.copy()
        return tac.choose(obs, legal)


def _factory(side: SideId, seed: int, posture: str, level: str) -> Policy:
    return ExpertPolicy(side, seed, posture, level)


def _deep_factory(side: SideId, seed: int, posture: str, level: str) -> Policy:
    return ExpertPolicy(side, seed, posture, level, budget=DEEP_BUDGET, samples=DEEP_SAMPLES, deep=True)


# ``expert`` was registered as ``expert-deep`` and ``expert-fast`` as ``expert`` until 2026-12-04: each keeps
# the dice of its old name, so the balance tables measured under those names still reproduce
register_policy("expert", _deep_factory, dice="expert-deep")
register_policy("expert-fast", _factory, dice="expert")
