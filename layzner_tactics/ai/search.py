"""Portfolio Greedy Search over a side's whole phase, with the opponent's reply played forward.

The API (shared by ``expert`` and, later, Hard Grados):

- A **Script** plans one unit's turn from an observation: ``step(obs, unit, legal)`` gives the unit's
  next action, the action to follow it and the tile it follows from (``Tactician.best_plan``'s shape), or
  None. ``TacticianScript`` wraps a ``Tactician`` under a posture ("", "pursue", "hold", "retreat"...).
- A **Portfolio** is the scripts, the unit orders (functions putting a side's ready units in the order
  they act: fighters first to screen and shoot, people first to get out of the way...) and optionally a
  whole-phase policy (the side's own fast AI) offered as one more plan.
- A **Plan** is a script per unit plus an order (or the whole-phase policy). ``PhaseRunner`` executes a
  plan one action at a time, on a real observation or on a searched copy alike, so the plan searched is
  the plan played: it re-reads the board after every action (a miss or an ambush changes the follow-up).
- An **Evaluation** scores a state for the searching side (``score``) and says what one unit at some HP
  adds to that score (``unit_term``), so that every attack in a playout is counted at its expected value
  (``apply_expected``): a lucky roll does not make a plan look good.
- An **OpponentModel** plays every other side's phase on a copy until the searching side acts again
  (``TacticianReply``: the sides' own fast AIs, with their memory wiped between playouts).
- ``PhaseSearch(side, portfolio, opponent, evaluation, budget).best(roots)`` runs Portfolio Greedy
  Search (Churchill and Buro 2013): the whole-phase plan, script 0 for every unit, and every unit on
  each other script first; then, unless the whole-phase plan leads, unit by unit (``improve``, most
  important first) each other script for that unit, keeping what improves the mean score over the
  ``roots`` (determinized states, see ``engine.determinize``; each plan is played once on each root, on
  a copy, with the root's generator, so plans are compared on the same dice). ``budget`` counts
  playouts (one plan on one root), never time: the same roots give the same plan on any machine.
  ``depth`` rounds per playout (the plan and the reply, then the side's default plan and the reply
  again); ``handicap(plan)`` is what a plan must win by (say, for leaving the side's own AI).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from ..engine import (
    Action,
    Attack,
    EndPhase,
    GameState,
    IllegalActionError,
    Move,
    Observation,
    Rng,
    SideId,
    Unit,
    UnitId,
    apply,
    derive_seed,
    forecast,
    legal_actions_for,
    observe,
    reachable_tiles,
)
from ..engine.combat import Strike
from ..engine.events import AttackResolved, Event
from ..engine.rules import illegal_reason
from .policy import Policy
from .tactical import Tactician

Step = tuple[Action, Action | None, int]
"""A unit's next action, the action to follow it (or None) and the tile the follow-up is planned from."""

MAX_STEPS_PER_UNIT = 4
"""A unit that keeps acting without finishing is cut off (V-MAX, move, act is three)."""
MAX_REPLY_ACTIONS = 400
"""A reply that never ends its phases is cut off (the playout is scored where it stands)."""


class Script(Protocol):
    name: str

    def step(self, obs: Observation, unit: Unit, legal: set[Action]) -> Step | None:
        """``unit``'s next action, its follow-up and the follow-up's tile; None when it has none."""
        ...


class Evaluation(Protocol):
    def score(self, state: GameState) -> float:
        """How good ``state`` is for the searching side (higher is better)."""
        ...

    def unit_term(self, unit: Unit, hp: int) -> float:
        """What ``unit`` standing where it stands with ``hp`` (0: destroyed) adds to ``score``."""
        ...


class OpponentModel(Protocol):
    def reply(self, state: GameState, side: SideId, evaluation: Evaluation) -> float:
        """Play every phase until ``side`` acts again (or the game ends); the expectation correction."""
        ...


Order = Callable[[Observation, list[Unit]], list[Unit]]


@dataclass(frozen=True, slots=True)
class Plan:
    scripts: tuple[tuple[UnitId, int], ...] = ()
    """Script index per unit (units not listed use script 0)."""
    order: int = 0
    whole: bool = False
    """Play the phase with the portfolio's whole-phase policy instead."""

    def script_of(self, unit: UnitId) -> int:
        for uid, i in self.scripts:
            if uid == unit:
                return i
        return 0

    def with_script(self, unit: UnitId, index: int) -> Plan:
        rest = tuple((u, i) for u, i in self.scripts if u != unit)
        return Plan(tuple(sorted((*rest, (unit, index)))), self.order, False)


@dataclass
class Portfolio:
    scripts: Sequence[Script]
    orders: Sequence[Order]
    whole: Callable[[], Policy] | None = None
    """Builds the whole-phase policy (fresh or reset) for a playout or a real phase; None: no such plan."""


class _Legal(set[Action]):
    """The membership test scripts use, answered by the rules on a searched copy (no list built)."""

    def __init__(self, state: GameState) -> None:
        super().__init__()
        self.state = state

    def __contains__(self, action: object) -> bool:
        return illegal_reason(self.state, action) is None  # type: ignore[arg-type]


@dataclass
class PhaseRunner:
    """Executes a plan one action at a time, re-reading the board each time."""

    portfolio: Portfolio
    plan: Plan
    pending: dict[UnitId, tuple[Action, int]] = field(default_factory=dict)
    steps: dict[UnitId, int] = field(default_factory=dict)
    whole: Policy | None = None

    def next_action(
        self, obs: Observation, legal: set[Action], full: Sequence[Action] | None = None
    ) -> Action:
        """The plan's next action for ``obs`` (``EndPhase`` when every unit is done).

        ``full`` is the legal list, needed only by a whole-phase plan (built when not given).
        """
        end = EndPhase(obs.side)
        if self.plan.whole and self.portfolio.whole is not None:
            if self.whole is None:
                self.whole = self.portfolio.whole()
            return self.whole.choose(obs, full if full is not None else legal_actions_for(obs))
        ready = [u for u in obs.own_units() if not u.acted]
        for unit in self.portfolio.orders[self.plan.order](obs, ready):
            if self.steps.get(unit.id, 0) >= MAX_STEPS_PER_UNIT:
                continue
            follow = self.pending.pop(unit.id, None)
            action: Action | None = None
            if follow is not None and unit.tile == follow[1] and follow[0] in legal:
                action = follow[0]
            else:
                script = self.portfolio.scripts[self.plan.script_of(unit.id)]
                step = script.step(obs, unit, legal)
                if step is not None:
                    action, then, tile = step
                    if then is not None:
                        self.pending[unit.id] = (then, tile)
            if action is not None:
                self.steps[unit.id] = self.steps.get(unit.id, 0) + 1
                return action
        return end


class CommonDice(Rng):
    """A playout's dice, keyed by the attack rather than by the draws before it.

    Plans are compared on the same root, but a plan that rolls once more early on (one more attack, a
    talk) shifts every later roll of one generator: the enemy's decisive strike then hits in one plan's
    playout and misses in the other's, and the search prefers whatever happens to move the dice. Here
    each attack (``keyed`` by turn, attacker and target) starts from its own seed, derived from the
    root's: the same strike gets the same roll in every plan that makes it."""

    __slots__ = ("base",)

    def __init__(self, base: int) -> None:
        super().__init__(base)
        self.base = base

    def keyed(self, *names: object) -> None:
        self.state = derive_seed(self.base, *names)

    def copy(self) -> CommonDice:
        other = CommonDice(self.base)
        other.state = self.state
        return other


def apply_expected(state: GameState, action: Action, evaluation: Evaluation) -> tuple[list[Event], float]:
    """Apply ``action`` and return its events and how far the dice moved the score from its expectation
    (expected minus rolled): add it to the final score to score the attack at its forecast. On a state
    rolling ``CommonDice`` an attack rolls the dice of its own key."""
    if not isinstance(action, Attack):
        return apply(state, action), 0.0
    if isinstance(state.rng, CommonDice):
        state.rng.keyed(state.turn, action.unit, action.target)
    fc = forecast(state, action)
    target = state.units[action.target]
    attacker = state.units[action.unit]
    events = apply(state, action)
    correction = 0.0
    for ev in events:
        if not isinstance(ev, AttackResolved):
            continue
        if not ev.counter and ev.target == target.id and ev.attacker == attacker.id:
            correction += _expected_minus_rolled(evaluation, target, fc.strike, ev)
        elif ev.counter and fc.counter is not None and ev.target == attacker.id:
            correction += _expected_minus_rolled(evaluation, attacker, fc.counter, ev)
    return events, correction


def _expected_minus_rolled(evaluation: Evaluation, unit: Unit, strike: Strike, ev: AttackResolved) -> float:
    hp = unit.hp
    hit = strike.hit_chance / 100.0
    crit = hit * strike.crit_chance / 100.0
    expected = (
        (1.0 - hit) * evaluation.unit_term(unit, hp)
        + (hit - crit) * evaluation.unit_term(unit, max(0, hp - strike.damage))
        + crit * evaluation.unit_term(unit, max(0, hp - strike.crit_damage))
    )
    return expected - evaluation.unit_term(unit, ev.target_hp)


def play_phase(state: GameState, side: SideId, runner: PhaseRunner, evaluation: Evaluation) -> float:
    """Play ``side``'s phase on ``state`` (a copy) with ``runner``'s plan; the expectation correction."""
    correction = 0.0
    guard = 0
    while state.outcome is None and state.side_to_act == side:
        obs = observe(state, side)
        if runner.plan.whole:
            action = runner.next_action(obs, set(), legal_actions_for(obs))
        else:
            action = runner.next_action(obs, _Legal(state))
        guard += 1
        if guard > MAX_REPLY_ACTIONS:
            action = EndPhase(side)
        try:
            _, corr = apply_expected(state, action, evaluation)
        except IllegalActionError:
            # a script's plan the copy refuses (it should not happen): the unit's turn is over
            _, corr = apply_expected(state, EndPhase(side), evaluation)
        correction += corr
    return correction


class TacticianScript:
    """A ``Tactician`` as a script, under a posture ("" keeps the side's own)."""

    def __init__(self, tactician: Tactician, posture: str = "") -> None:
        self.tactician = tactician
        self.posture = posture
        self.name = f"{tactician.name}:{posture or 'own'}"

    def step(self, obs: Observation, unit: Unit, legal: set[Action]) -> Step | None:
        if self.posture and obs.posture != self.posture:
            obs = replace(obs, posture=self.posture)
        return self.tactician.best_plan(obs, unit, legal)


class RankedScript:
    """A ``Tactician``'s ``rank``-th best plan for the unit (0 is its choice): where the search looks
    for a tile or a target the side's own AI would not pick."""

    def __init__(self, tactician: Tactician, rank: int) -> None:
        self.tactician = tactician
        self.rank = rank
        self.name = f"{tactician.name}#{rank}"

    def step(self, obs: Observation, unit: Unit, legal: set[Action]) -> Step | None:
        found = self.tactician.candidates(obs, unit, legal, limit=self.rank + 1)
        if len(found) <= self.rank:
            return None
        pick = found[self.rank]
        if pick.tile != unit.tile:
            move = Move(unit.id, reachable_tiles(obs, unit).path(pick.tile))
            if move in legal:
                return move, pick.action, pick.tile
            return None
        return (pick.action, None, unit.tile) if pick.action in legal else None


class TacticianReply:
    """The other sides played by their own fast AIs (``Tactician``s by name), memory wiped per playout.

    One AI per side and turn, so that a deeper playout does not make them rebuild their per-phase
    tables at every switch between turns."""

    def __init__(self, make: Callable[[SideId], Tactician]) -> None:
        self.make = make
        self.tacticians: dict[tuple[SideId, int], Tactician] = {}

    def reply(self, state: GameState, side: SideId, evaluation: Evaluation) -> float:
        for key in [k for k in self.tacticians if k[1] < state.turn - 1]:
            del self.tacticians[key]
        used: list[Tactician] = []
        correction = 0.0
        guard = 0
        while state.outcome is None and state.side_to_act != side:
            acting = state.side_to_act
            key = (acting, state.turn)
            tac = self.tacticians.get(key)
            if tac is None:
                tac = self.tacticians[key] = self.make(acting)
            if tac not in used:
                tac.memory.clear()
                tac.anchors.clear()
                tac.last_seen = None
                used.append(tac)
            obs = observe(state, acting)
            legal = legal_actions_for(obs)
            action = tac.choose(obs, legal)
            guard += 1
            if guard > MAX_REPLY_ACTIONS or action not in legal:
                action = EndPhase(acting)
            _, corr = apply_expected(state, action, evaluation)
            correction += corr
        return correction


@dataclass
class SearchStats:
    playouts: int = 0
    plans: int = 0
    best_score: float = 0.0


class PhaseSearch:
    """Portfolio Greedy Search over one side's phase; see the module docstring."""

    def __init__(
        self,
        side: SideId,
        portfolio: Portfolio,
        opponent: OpponentModel,
        evaluation: Evaluation,
        budget: int,
        improve: Sequence[UnitId] = (),
        handicap: Callable[[Plan], float] | None = None,
        depth: int = 1,
        common_dice: bool = False,
    ) -> None:
        self.side = side
        self.portfolio = portfolio
        self.opponent = opponent
        self.evaluation = evaluation
        self.budget = budget
        self.improve = tuple(improve)
        """Units to try other scripts for, most important first (default: every ready unit by id)."""
        self.depth = depth
        """Rounds played per playout: the plan and the reply, then (depth - 1) times the side's default
        plan (the whole-phase policy, else script 0 for all) and the reply again."""
        self.handicap = handicap
        """Points a plan must win by to be preferred (for example, a less cautious unit order)."""
        self.common_dice = common_dice
        """Roll every playout's attacks with ``CommonDice`` seeded by the root's generator."""
        self.stats = SearchStats()
        self._scores: dict[Plan, float] = {}

    def value(self, plan: Plan, roots: Sequence[GameState]) -> float:
        """The plan's mean score over ``roots`` (each played on a copy); memoised per plan."""
        found = self._scores.get(plan)
        if found is not None:
            return found
        total = 0.0
        after_phase = getattr(self.evaluation, "after_phase", None)
        for root in roots:
            state = root.copy()
            if self.common_dice:
                state.rng = CommonDice(root.rng.state)
            runner = PhaseRunner(self.portfolio, plan)
            corr = play_phase(state, self.side, runner, self.evaluation)
            if after_phase is not None:
                corr += after_phase(state)
            if state.outcome is None:
                corr += self.opponent.reply(state, self.side, self.evaluation)
            for _ in range(self.depth - 1):
                if state.outcome is not None:
                    break
                later = PhaseRunner(self.portfolio, Plan(whole=self.portfolio.whole is not None))
                corr += play_phase(state, self.side, later, self.evaluation)
                if state.outcome is None:
                    corr += self.opponent.reply(state, self.side, self.evaluation)
            total += self.evaluation.score(state) + corr
            self.stats.playouts += 1
        score = total / max(1, len(roots))
        if self.handicap is not None:
            score -= self.handicap(plan)
        self._scores[plan] = score
        self.stats.plans += 1
        return score

    def best(
        self,
        roots: Sequence[GameState],
        alike: Callable[[UnitId, int, int], bool] | None = None,
        seeds: Sequence[Plan] | None = None,
    ) -> Plan:
        """The best plan found within the budget. ``alike(unit, i, j)``, when given, says whether scripts
        ``i`` and ``j`` plan the same for ``unit`` (a change between them is not played out). ``seeds``
        are the plans tried before the climb (default: every unit on one script, for each script)."""
        n = max(1, len(roots))
        plans = [Plan(whole=True)] if self.portfolio.whole is not None else []
        plans += [Plan((), order) for order in range(len(self.portfolio.orders))]
        if seeds is not None:
            plans += [p for p in seeds if p not in plans]
        else:
            # every unit on one other script: a seed for the climb when the side's own scripts fall short
            plans += [
                Plan(tuple(sorted((u, i) for u in self.improve)), order)
                for i in range(1, len(self.portfolio.scripts))
                for order in range(len(self.portfolio.orders))
            ]
        best: Plan | None = None
        best_score = float("-inf")
        for plan in plans:
            if best is not None and self.stats.playouts + n > self.budget:
                break
            score = self.value(plan, roots)
            if score > best_score:
                best, best_score = plan, score
        assert best is not None
        # the climb starts only from a per-unit plan that beat the whole-phase plan: measured, climbing
        # from the side's own scripts when its whole-phase AI leads chose worse plans more often
        improved = not best.whole
        while improved and self.stats.playouts + n <= self.budget:
            improved = False
            for unit in self.improve:
                current = best.script_of(unit)
                for index in range(len(self.portfolio.scripts)):
                    if index == current or self.stats.playouts + n > self.budget:
                        continue
                    if alike is not None and alike(unit, current, index):
                        continue
                    trial = best.with_script(unit, index)
                    score = self.value(trial, roots)
                    if score > best_score + 1e-9:
                        best, best_score, improved = trial, score, True
        self.stats.best_score = best_score
        return best
