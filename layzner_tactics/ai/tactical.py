"""The candidate-action AI: for each unit, score every reachable tile and every action from it, then act.

The shape is Wesnoth's RCA AI and MegaMek's Princess. Per phase the policy works out, once, tables over
the whole map with numpy: each seen (or remembered) enemy's strike mask next phase, the danger map per
unit type (expected damage if every enemy able to reach a tile fires at it, less for cover and dust),
distance fields toward goals, targets or unexplored ground.

Points are percent of a whole machine. A unit's candidates are (tile, action) pairs:
- *position* (the tile): - caution x half the danger there (as % of the unit's HP; for people on foot
  also the chance of dying there x ``DEATH_WEIGHT``), + cover, - distance to its escort zone (escorts;
  the path avoids threatened tiles) or to the enemies it hunts x aggression (by posture: ``hold`` keeps
  its ground, ``retreat`` runs, ``pursue`` presses), - straying from its wards (Earth) or friends (herd);
- *value* (the action): aggression x (expected damage as % of the target + ``KILL_WEIGHT`` x kill
  chance), scaled for civilians by cruelty and for the Layzner by the will to duel, + objective targets
  and enemies threatening wards, - caution x the counter it draws (damage + ``DEATH_WEIGHT`` x the
  chance it kills); specials (dust, talk, capture, spare) have their own small values.
Caution comes from self-preservation, hurt beyond bravery, posture, a commander's ``sacrifice``, the odds
and the turn limit (a side the limit does not favour drops it as the end nears). The unit with the most
to gain from striking now acts first; V-MAX fires when the boosted plan is clearly better.

Everything comes from the side's ``Observation``: enemies it no longer sees it saw itself. Registered
policies: ``grados`` (the Grados commanders), ``earth`` (plays Earth's objectives) and ``aggressive``
(everything into the attack; a test opponent and a what-if).

Difficulty (``STYLES``; only ``grados`` thinks by level, never with other stats):
- ``story``: the scoring above made gentler (``PLAIN``, the AI the campaign was first balanced with, is
  what Earth, Rei and the test opponent keep): less eager and more wary, slow to close in, a shot at a
  target already hit this phase or at the people worth less, and now and then a unit that lets a phase
  go by where it stands (a seeded draw per unit and phase). It takes on the guards first: while one of
  the enemy's fighters is in sight it closes in on them rather than on the people, and it holds its fire
  on the people while a guard is in its reach.
- ``normal`` presses: an attack whose exchange is worth it at even caution gets ``PRESS_BONUS`` and, while
  one is on the table, no dust is kicked up; a shot a second unit could finish gets credit for the joint
  kill (focus fire); when the enemy's people are the objective, shots at them gain and duels with the
  Layzner lose; a fighter does not step alone into ground the enemy can strike (they arrive together).
- ``hard`` is normal with more firing positions weighed and a search of the whole phase: a portfolio of
  per-unit scripts (greedy, attack, hold, focus; one for the units in contact, one for the rest) played
  on a board imagined forward from its own observation, each plan scored by its choices, the material
  it changes and the enemy's likely reply (the enemies it remembers out of sight answer too); it
  searches again after every attack. Its squad keeps together: every unit herds, and a plan loses
  points per fighter it leaves alone in the enemy's reach (a lone machine takes the whole enemy squad's
  answer, the part it cannot see included). Hunting the enemy's
  people it drops the hiding script, weighs the reply less and also makes for the ground the people
  must reach (the edge of it they will come in by: nearest where it saw them, or, never having seen
  them, facing the ground it knows least; an unmanned hunter holds it even where one blow of the
  people's guard could destroy it), closing in on where each of them will be after its next
  move rather than where it stands;
  otherwise a unit that cannot strike this phase waits at the edge of the enemy's reach. No unit is quite
  fearless (``care``): a machine without self-preservation does not trade itself for a scratch.
  When the turn limit does not make the enemy win, the enemy has no people to protect and the mission
  does not order it to hunt or pursue (a skirmish that ends in a draw), it is patient: it does not go
  looking for the enemy but lets the enemy walk into its guns (a pressing enemy that strikes first with
  the one machine in reach takes the whole squad's answer). Where the limit is a draw it closes in over
  the last turns; where the limit makes its own side win it never needs to. Two patient squads wait
  each other out: Hard against Hard in the skirmishes ends in a draw.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from dataclasses import replace as dataclass_replace
from typing import Any, cast

import numpy as np

from ..engine import (
    Action,
    Attack,
    EndPhase,
    Move,
    ObjectiveKind,
    ObjectiveStatus,
    Observation,
    Reach,
    SideId,
    Special,
    Unit,
    UnitId,
    Wait,
    reachable_tiles,
)
from ..engine.catalog import IMPASSABLE, MoveClass, UnitType, WeaponKind
from ..engine.combat import (
    Forecast,
    Strike,
    folon_armed,
    forecast_of,
    forecast_strike,
    format_chance,
    in_reach,
    talk_chance,
    weapon_ready,
)
from ..engine.grid import Grid
from ..engine.ids import WeaponId
from ..engine.rules import CAPTURE, DUST, SPARE, TALK, VMAX, LegalActions
from ..engine.setup import GameSetup, OnHpBelow, Reinforce, SetPosture
from ..engine.threat import mask_to_array, mask_to_bools, people_hunted, strike_mask
from ._fields import distance_array, distance_row, map_arrays, source_field
from .personality import Personality, ReiBias, load_roster
from .policy import register_policy

# enum members read once: a member looked up on its class costs a metaclass call, and these are read
# in the scoring loops
_MELEE = WeaponKind.MELEE
_VEHICLE = MoveClass.VEHICLE
_PENDING = ObjectiveStatus.PENDING
_DESTROY = ObjectiveKind.DESTROY
_WALKING = (ObjectiveKind.ESCORT, ObjectiveKind.REACH)

FAR = 999
GOAL_WEIGHT = 9.0
"""Points per tile of path cost toward an escort zone (for the units being escorted)."""
UNSAFE_STEP = 4
"""Extra path cost of a tile a seen enemy could strike, when planning an escort's way to safety."""
HUNT_WEIGHT = 2.5
SCREEN_WEIGHT = 2.0
HERD_WEIGHT = 1.5
HOLD_WEIGHT = 6.0
LIKELY_SHARE = 0.5
"""Of the summed danger on a tile, the share that is likely to come (an enemy fires at one target)."""
DEATH_WEIGHT = 120.0
"""Points for losing a whole unit, on top of the HP it had (a unit's future shots are worth something)."""
BREAK_WEIGHT = 300.0
"""Hard: points off a tile where a machine whose hurt makes its side fall back would likely be hurt that
far (``Style.orders``)."""
VMAX_MARGIN = 35.0
KILL_WEIGHT = 60.0
"""Points for destroying a machine now, on top of the damage (a dead machine never shoots again)."""
ALARM_RADIUS = 3
MEMORY_TURNS = 3
"""How long an enemy the side saw and lost sight of still counts (at half weight) as a threat."""
FEW_SOURCES = 8
"""Up to this many sources, a distance field is the least of per-source fields, kept per map
(``_fields.source_field``)."""
FORECAST_PAIRS = 10_000
"""At most this many (shooter, weapon, target) forecast tables are kept (then they start afresh)."""
ATTACK_TILES = 4
"""Per enemy and weapon, how many of the best-placed tiles in reach get a full forecast."""
URGENCY_TURNS = 12
"""Turns before the limit from which a side that the limit does not favour presses harder."""
CACHE_GUESS = 12  # only when the observation does not say (a hand-built one)
"""Oxygen a cache is counted on to give (the rules' usual amount; the side is not told the exact one)."""
SUFFOCATION_GUESS = 20
"""Percent of its HP a breathing unit loses in a phase without air (the rules' default)."""
TERRITORY_WEIGHT = 30.0
"""Points off ending a move on a wary garrison's ground (it fires at intruders even while calm); x3 for
people who cannot fight."""
PRESS_BONUS = 25.0
"""Normal and Hard: points for an attack whose exchange is worth it at even caution (what it deals and
the kill it may make outweigh the counter it draws): a pressing side takes a good shot rather than
hiding, and kicks up dust only when no such shot is on the table."""
JOINT_KILL_WEIGHT = 0.8
"""Normal and Hard: of ``KILL_WEIGHT``, the credit a shot gets for a kill that a second unit able to
reach the same target this phase would complete (both hit): this is what makes two units fire on one."""
PEOPLE_WEIGHT = 20.0
"""Normal and Hard: points for a shot at someone the enemy must bring out or keep alive, when the side's
objective is them (hunt the people, not the Layzner)."""
LONE_WEIGHT = 30.0
"""Normal and Hard: points off a fighter stepping alone into ground the enemy could strike (no friend
within ``GROUP_RADIUS`` and none already there): the others catch up and they go in together."""
GROUP_RADIUS = 3
SMALL_PAIRS = 64
"""Up to this many (own unit, enemy) pairs, distances are taken one by one rather than as numpy arrays
(whose set-up costs more than a few dozen subtractions)."""
AMBUSH_WEIGHT = 40.0
"""Hard: points off a tile in the enemy's reach for a unit that could not strike anyone this phase."""
PATIENCE_POWER = 3
"""A patient side's pull toward the enemy is the turn limit's urgency to this power: hardly any until the
last few turns (measured against Normal on both skirmishes, 300 games on each of seeds 1-3: the cube won
65-72 % of decided games, the urgency itself 63-72 %, no pull at all 65 % and 71 % on seed 1)."""


@dataclass(frozen=True, slots=True)
class Style:
    """How a difficulty level thinks (never what its units can do)."""

    press: bool
    """Attack whenever the exchange is worth it; dust only when no such attack is on the table."""
    focus: bool
    """Credit a shot for the kill a second unit would complete (two units on one target)."""
    people: bool
    """When the objective is the enemy's people, hunt and shoot them rather than their guards."""
    together: bool
    """Do not step alone into the enemy's reach: arrive together."""
    attack_tiles: int
    """Per enemy and weapon, how many of the best-placed tiles in reach get a full forecast."""
    search: int
    """0: each unit its greedy choice in the greedy order; 1: the best of a portfolio of whole-phase
    plans (``Tactician._search_phase``); 2 and more: that many passes improving it unit by unit."""
    zeal: float = 1.0
    """Times each unit's aggression (Story's units want the fight less)."""
    fear: float = 1.0
    """Times each unit's caution (Story's units hang back from the enemy's reach)."""
    hunt: float = 1.0
    """Times the pull toward the enemies it hunts (Story closes in slowly)."""
    finish: float = 1.0
    """Times ``KILL_WEIGHT`` (Story spreads its fire instead of finishing a hurt machine)."""
    spare_people: float = 1.0
    """Times the worth of a shot at the enemy's people or civilians (Story shoots the guards first)."""
    spread: float = 1.0
    """Times the worth of a shot at an enemy already hurt this phase (Story spreads its fire)."""
    idle: float = 0.0
    """The chance that a unit lets a phase go by where it stands (drawn once per unit and phase)."""
    intercept: bool = False
    """Hunting the enemy's people, also make for the ground they must reach (cut their road there): a
    manned machine only if no enemy it knows of could destroy it with one blow (it would wait there
    alone); an unmanned one (no pilot to lose) whatever its enemies."""
    chase_fear: float = 1.0
    """Times each unit's caution while the enemy's people are its objective (their guards' guns matter
    less than the people getting away), for a unit no seen enemy could destroy with one blow; below 1
    (bolder), never for an unmanned machine, which keeps the caution it was built with."""
    ambush: bool = False
    """A unit that cannot reach an enemy this phase stops short of the enemy's reach (lets the enemy
    walk into its fire), unless the clock or the enemy's people call it on."""
    care: float = 0.0
    """Hard: the least caution any unit keeps, less as the turn limit nears a side it does not favour (a
    fearless machine does not trade itself for a scratch on an enemy whose counter would destroy it)."""
    lead: bool = False
    """Hard: hunting the enemy's people, close in on where each will be after its next move (the tile
    within its move nearest its zone), not where it stands: cut it off rather than trail behind it."""
    herd: int = 0
    """Hard: the least wish to stay near friends (0-10, as a personality's ``herd``) any unit has: the
    squad moves and fights together, never one by one (not while hunting the enemy's people)."""
    patient: bool = False
    """Hard: when the turn limit does not make the enemy win, the enemy has no people to hunt and the
    mission gives the side no ``hunt`` or ``pursue`` posture, no pull toward the enemy until a draw
    limit presses, none at all when the limit is its own side's (``Tactician._patience``): the enemy
    must come, into its guns."""
    guards_first: bool = False
    """Story: while one of the enemy's fighters is in sight, close in on the fighters, not on the people
    or civilians they guard, and hold fire on them while one is in reach (the hunters take on the
    Layzner and leave the people a way out)."""
    orders: bool = False
    """Hard: knows its own side's orders (``Tactician.brief``): a machine whose hurt below a share of its
    HP makes the side fall back (Gale in Blue Dust, Gosterro) weighs being hurt that far heavily
    (``BREAK_WEIGHT``), where it ends its move and in the reply to its own shots, and does not go after
    the Layzner for a duel."""
    seek: bool = False
    """Hard: hunting people who must hold out (no zone to reach), none of them in sight, every unit looks
    for them (where they were last seen, else where they could have gone since, the ground there seen
    least recently first, each hunter taking the part nearest it) rather than closing in on the guard
    it sees; and the phase is not searched as a whole meanwhile (that search weighs material and the
    enemy's reply, so it takes the fight to the guard in sight)."""


PLAIN = Style(False, False, False, False, ATTACK_TILES, 0)
"""The candidate-action AI as it was before the levels: Earth, Rei and the test opponent think so."""

STYLES = {
    "story": Style(
        False,
        False,
        False,
        False,
        ATTACK_TILES,
        0,
        0.85,
        1.2,
        0.7,
        0.5,
        0.6,
        0.3,
        0.35,
        chase_fear=1.4,
        guards_first=True,
    ),
    "normal": Style(True, True, True, True, ATTACK_TILES, 0),
    "hard": Style(
        True,
        True,
        True,
        True,
        3 * ATTACK_TILES,
        1,
        intercept=True,
        chase_fear=0.4,
        ambush=True,
        care=0.3,
        lead=True,
        herd=10,
        patient=True,
        seek=True,
        orders=True,
    ),
}
"""``story`` is the plain AI made gentler in how it thinks (never its units' stats): less eager, more
wary, slow to close in, spreading its fire and sparing the people while their guards stand."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """One plan for one unit: where to go, what to do there, why, and the numbers behind it."""

    unit: UnitId
    tile: int
    action: Action
    score: float
    position: float
    reason: str
    strike: Strike | None = None
    danger: float = 0.0
    """Expected damage on that tile next phase if every enemy able to reach it fires."""
    cover: int = 0
    kill_chance: float = 0.0
    counter: Strike | None = None


@dataclass(frozen=True, slots=True)
class _Plan:
    """The rest of a unit's turn, valid while the board is as it was planned on."""

    key: tuple[int, str]
    unit: UnitId
    tile: int
    action: Action


@dataclass
class _Tables:
    """What a policy works out once per phase (and reuses while the enemies stay as they were)."""

    key: tuple[int, str]
    xs: np.ndarray
    ys: np.ndarray
    cover: np.ndarray
    storm: np.ndarray
    bog: np.ndarray
    blur: np.ndarray
    """``MapArrays.blur``: what cover leaves of a hit chance."""
    masks: dict[tuple[UnitId, int], np.ndarray] = field(default_factory=dict)
    bits: dict[tuple[UnitId, int], int] = field(default_factory=dict)
    fields: dict[tuple[object, ...], np.ndarray] = field(default_factory=dict)
    threat: dict[tuple[UnitId, str, str | None], float] = field(default_factory=dict)
    danger: dict[tuple[object, ...], np.ndarray] = field(default_factory=dict)
    search: list[int] | None = None
    search_sources: tuple[int, ...] | None = None
    """``search`` as hunt sources (sorted, each once)."""
    odds: float | None = None
    shooter_keys: dict[int, tuple[Unit, tuple[object, ...]]] = field(default_factory=dict)
    """``_combat_key`` of the unit records the side's units shot from this phase (kept with the record,
    so an id cannot be another's)."""
    sacrifice: tuple[tuple[UnitId, ...], object, list[tuple[int, UnitId]]] | None = None
    """The own units' ids and the roster the two strongest ``sacrifice`` values were read for."""
    gains: dict[tuple[object, ...], dict[UnitId, float]] = field(default_factory=dict)
    gains_key: tuple[tuple[UnitId, int, int], ...] | None = None
    """The enemies (id, tile, HP) the units were last ranked against."""
    air: dict[UnitId, int] | None = None
    """Breathing units sent to an oxygen cache this phase: unit -> cache tile."""
    territory: np.ndarray | None = None
    """Tiles inside a wary third party's territory (where a calm garrison still fires)."""
    helpers: dict[tuple[object, ...], list[tuple[UnitId, int, float]]] = field(default_factory=dict)
    people: set[UnitId] | None = None
    start_hp: dict[UnitId, int] | None = None
    """Story: the enemies' HP at the phase's first decision (who has been hit since)."""
    lone: dict[tuple[object, ...], np.ndarray] = field(default_factory=dict)
    struck: dict[tuple[object, ...], int] = field(default_factory=dict)
    tokens: dict[tuple[object, ...], int] = field(default_factory=dict)
    """Long keys (every enemy's state, every own unit's position) -> a number standing for them."""
    """The tiles some seen enemy could strike (a bitmask), per enemies' positions."""


@dataclass
class _PhasePlan:
    """Hard: the rest of the phase as searched, (unit, tile, action) in order; ``stale`` once dice have
    rolled (an attack) since it was made, so the next decision searches again from what happened."""

    key: tuple[int, str]
    steps: list[tuple[UnitId, int, Action]]
    stale: bool = False


@dataclass(frozen=True, slots=True)
class _Mind:
    """One unit's weights for one decision: personality, posture, hurt, urgency and commands folded in."""

    me: Personality
    aggression: float
    caution: float
    posture: str


class Tactician:
    """A candidate-action policy for one side of one game."""

    def __init__(
        self,
        side: SideId,
        seed: int,
        posture: str = "",
        name: str = "grados",
        bias: ReiBias | None = None,
        level: str = "normal",
    ) -> None:
        self.side = side
        self.name = name
        self.rng = random.Random(seed)
        self.default_posture = posture
        self.roster = load_roster()
        self.bias = bias
        self._persona_roster = self.roster
        self._personas: dict[tuple[str | None, str], Personality] = {}
        self.level = level
        """Difficulty (``story``, ``normal``, ``hard``): how the side thinks, never its stats."""
        self.style = STYLES[level] if name == "grados" and bias is None else PLAIN
        """Only the Grados commanders think by level; Earth, Rei and the test opponent keep one mind."""
        self.memory: dict[UnitId, tuple[Unit, int, bool]] = {}
        """Enemies seen before: as last seen, the turn, and whether it has since left that tile (lost).
        Only ever from this side's own observations."""
        self.briefed: frozenset[UnitId] = frozenset()
        """Enemies in ``memory`` known only from a briefing (``expert``: where the mission starts them),
        never seen: kept away from like any remembered enemy, never gone after (nothing says they are still
        there, or coming). Empty for every other policy."""
        self.anchors: dict[UnitId, int] = {}
        """Where each own unit was first seen: the ground a unit on ``hold`` keeps."""
        self.last_seen: np.ndarray | None = None
        self._seen_now: tuple[object, int, int] = (None, 0, -1)
        """(the ``last_seen`` table, the tiles seen into it this turn, turn) it was last brought up to date
        with."""
        """Per tile, the last turn this side saw it (-1: never), from its own sight only."""
        self._plan: _Plan | None = None
        self._phase: _PhasePlan | None = None
        self._tops: dict[UnitId, tuple[Observation, Candidate]] = {}
        self._attacks: dict[tuple[UnitId, WeaponId, UnitId], Attack] = {}
        self._engaged: set[UnitId] = set()
        self._idle: tuple[tuple[int, SideId], dict[UnitId, bool]] = ((0, SideId("")), {})
        """Story: which units let this phase go by (drawn at each unit's first decision of the phase)."""
        self._lone_now: np.ndarray | float = 0.0
        """The arrive-together penalty of the unit being scored (``_positions`` to ``_options``)."""
        """The units ``_order`` last found in contact with a seen enemy."""
        """Normal and Hard: each unit's best plan as ``_order`` last scored it, and on which board."""
        self.breakers: dict[UnitId, int] = {}
        """Hard (``Style.orders``): own machines whose HP below that many percent makes the side fall back
        (``brief``)."""
        self._tables: _Tables | None = None
        self._memo_obs: Observation | None = None
        self._memo_of: dict[str, Any] = {}
        self._reach_obs: Observation | None = None
        self._reaches: dict[tuple[UnitId, int, bool, bool], Reach] = {}

    # The policy protocol ------------------------------------------------------------------------

    def brief(self, setup: GameSetup) -> None:
        """Hard (``Style.orders``): learn the side's own orders from the mission: which of its machines,
        hurt below what share of its HP, makes it fall back. Nothing about the enemy."""
        self.breakers = {}
        if not self.style.orders:
            return
        # its machines: those it starts with and those that will land
        ours = {p.id for p in setup.units if p.side == self.side}
        for trig in setup.triggers:
            for effect in trig.effects:
                if isinstance(effect, Reinforce):
                    ours.update(p.id for p in effect.units if p.side == self.side)
        for trig in setup.triggers:
            when = trig.when
            if not isinstance(when, OnHpBelow):
                continue
            falls_back = any(
                isinstance(e, SetPosture) and e.side == self.side and e.posture == "retreat"
                for e in trig.effects
            )
            if falls_back and when.unit in ours:
                self.breakers[when.unit] = max(self.breakers.get(when.unit, 0), when.pct)

    def _break_margin(self, unit: Unit, utype: UnitType) -> int:
        """Hard (``Style.orders``): the HP ``unit`` can lose before its side falls back; 0 when no such
        order hangs on it (or it already fell that far)."""
        breaks_at = self.breakers.get(unit.id, 0) * utype.hp // 100
        return unit.hp - breaks_at if unit.hp > breaks_at > 0 else 0

    def choose(self, obs: Observation, legal: Sequence[Action]) -> Action:
        """One action from ``legal``: the planned follow-up, the best unit's next step, or ``EndPhase``."""
        end = EndPhase(obs.side)
        if obs.side != obs.side_to_act or obs.outcome is not None or not legal:
            return legal[-1] if legal else end
        self._remember(obs)
        # the engine's list has a quick membership test of its own; any other is made a set once
        legal_set: Container[Action] = legal if isinstance(legal, LegalActions) else set(legal)
        plan, self._plan = self._plan, None
        if plan is not None and plan.key == (obs.turn, obs.side):
            unit = obs.units.get(plan.unit)
            # an ambush stops a move short: then the unit re-plans from where it stands
            if unit is not None and unit.tile == plan.tile and not unit.acted and plan.action in legal_set:
                return plan.action
        if self.style.search and not self._people_hidden(obs):
            searched = self._searched_step(obs, legal_set)
            if searched is not None:
                return searched
        for unit in self._order(obs, legal_set):
            if unit.acted:
                continue
            if self.style.idle and self._idles(obs, unit) and Wait(unit.id) in legal_set:
                return Wait(unit.id)
            step = self.best_plan(obs, unit, legal_set)
            if step is None:
                continue
            first, follow, tile = step
            if follow is not None:
                self._plan = _Plan((obs.turn, obs.side), unit.id, tile, follow)
            return first
        return end if end in legal_set else legal[-1]

    def _idles(self, obs: Observation, unit: Unit) -> bool:
        """Story: whether ``unit`` lets this phase go by (one seeded draw per unit and phase)."""
        key = (obs.turn, obs.side)
        if self._idle[0] != key:
            self._idle = (key, {})
        drawn = self._idle[1]
        if unit.id not in drawn:
            drawn[unit.id] = not unit.moved and self.rng.random() < self.style.idle
        return drawn[unit.id]

    def best_plan(
        self, obs: Observation, unit: Unit, legal: Container[Action]
    ) -> tuple[Action, Action | None, int] | None:
        """The next action for ``unit``, the one to follow it and the tile it will follow from."""
        ranked = self._tops.pop(unit.id, None)
        if ranked is not None and ranked[0] is obs:
            # Normal and Hard: ``_order`` just scored this unit on this very board (the story AI scores
            # it again, drawing its tie-breaks anew)
            best = [ranked[1]]
        else:
            best = self.candidates(obs, unit, legal, limit=1, explain=False)
        if not best:
            wait = Wait(unit.id)
            return (wait, None, unit.tile) if wait in legal else None
        top = best[0]
        vmax = Special(unit.id, VMAX)
        # (only a machine built with V-MAX may fire it)
        if obs.catalog.units[unit.type_id].vmax is not None and vmax in legal:
            boosted = self.candidates(
                obs, unit.with_(vmax=True), legal, limit=1, hypothetical=True, explain=False
            )
            if boosted and boosted[0].score > top.score + VMAX_MARGIN:
                return vmax, None, unit.tile
        if top.tile != unit.tile:
            move = Move(unit.id, self._reach(obs, unit).path(top.tile))
            # the path is the listing's own (the same search) when ``legal`` is this board's listing
            if (not unit.moved and _lists_all(legal, obs, unit)) or move in legal:
                return move, top.action, top.tile
        if top.action in legal:
            return top.action, None, unit.tile
        wait = Wait(unit.id)
        return (wait, None, unit.tile) if wait in legal else None

    # Hard: whole-phase plans -----------------------------------------------------------------------

    def _searched_step(self, obs: Observation, legal: Container[Action]) -> Action | None:
        """The next step of the best searched phase plan (searched again after every attack), or None
        to let the greedy choice decide (nothing left in the plan, or the board went another way)."""
        key = (obs.turn, obs.side)
        phase = self._phase
        if phase is None or phase.key != key or phase.stale:
            phase = self._phase = _PhasePlan(key, self._search_phase(obs, legal))
        while phase.steps:
            uid, tile, action = phase.steps.pop(0)
            unit = obs.units.get(uid)
            if unit is None or unit.acted:
                continue
            phase.stale = isinstance(action, Attack | Special)
            if tile != unit.tile:
                reach = self._reach(obs, unit)
                # the imagined board can differ from the real one (a friend stopped short): re-plan then
                move = Move(uid, reach.path(tile)) if not unit.moved and tile in reach.destinations else None
                if move is not None and move in legal:
                    self._plan = _Plan(key, uid, tile, action)
                    return move
            elif action in legal:
                return action
            phase.stale = True
            return None
        return None

    def _search_phase(self, obs: Observation, legal: Container[Action]) -> list[tuple[UnitId, int, Action]]:
        """The best whole-phase plan found by a portfolio greedy search (Churchill and Buro, 2013).

        A plan gives every unit one script (``SCRIPTS``: its greedy choice, its best attack, holding out
        of the enemy's reach, all on the weakest target) and plays the units in an order (the greedy one,
        or an engaged unit first) on a board imagined forward; it is worth its choices' scores and what
        it changes on the board, less the enemy's likely reply. Start from the best plan with one script
        for all, then try each unit's other scripts in turn, keeping what improves the plan
        (``style.search`` - 1 passes; Hard makes none: measured, a pass did not make it stronger).
        Only the side's own observation is imagined forward: nothing unseen is invented."""
        ready = [u for u in self._order(obs, legal) if not u.acted]
        if not ready:
            return []
        orders = [ready]
        for u in ready[1:3]:
            orders.append([u, *(x for x in ready if x.id != u.id)])
        best: tuple[float, list[tuple[UnitId, int, Action]], list[Unit], dict[UnitId, str]] | None = None
        engaged = self._engaged
        tried: set[tuple[str, ...]] = set()
        # hunting the enemy's people, the clock is theirs: no plan that only hides is worth a phase
        scripts_here = SCRIPTS if not self._enemy_people(obs) else CHASE_SCRIPTS
        for order in orders:
            pairs = [(a, b) for a in scripts_here for b in scripts_here]
            if order is not ready:
                pairs = [("greedy", "greedy")]
            for near, far in pairs:
                # one script for the units in contact, one for the others
                scripts = {u.id: near if u.id in engaged else far for u in ready}
                signature = (str(order[0].id), *(scripts[u.id] for u in ready))
                if signature in tried:
                    continue
                tried.add(signature)
                total, steps = self._rollout(obs, legal, order, scripts)
                if best is None or total > best[0] + 1e-9:
                    best = (total, steps, order, scripts)
        assert best is not None
        total, steps, order, scripts = best
        for _ in range(self.style.search - 1):
            improved = False
            for u in order:
                for script in SCRIPTS:
                    if script == scripts[u.id]:
                        continue
                    trial = {**scripts, u.id: script}
                    t_total, t_steps = self._rollout(obs, legal, order, trial)
                    if t_total > total + 1e-9:
                        total, steps, scripts, improved = t_total, t_steps, trial, True
            if not improved:
                break
        return steps

    def _rollout(
        self, obs: Observation, legal: Container[Action], order: list[Unit], scripts: dict[UnitId, str]
    ) -> tuple[float, list[tuple[UnitId, int, Action]]]:
        """One phase plan: each unit in ``order`` takes the candidate its script picks, on the board as
        the earlier ones left it."""
        board = obs
        total = 0.0
        steps: list[tuple[UnitId, int, Action]] = []
        for planned in order:
            unit = board.units.get(planned.id)
            if unit is None:
                continue
            real = board is obs
            script = scripts[unit.id]
            limit = 1 if script == "greedy" else SCRIPT_CHOICES
            allowed = legal if real else set()
            options = self.candidates(board, unit, allowed, limit=limit, hypothetical=not real, explain=False)
            if not options:
                continue
            pick = _by_script(script, options, board)
            total += pick.score
            steps.append((unit.id, pick.tile, pick.action))
            board = _imagine(board, unit, pick)
        chasing = self._enemy_people(obs)
        reply = self._reply(obs, board) * (CHASE_REPLY if chasing else 1.0)
        alone = 0.0 if chasing else ALONE_WEIGHT * self._alone(obs, board)
        return total + self._material(obs, board) - reply - alone, steps

    def _herd(self, obs: Observation, me: Personality) -> int:
        """A unit's wish to stay near friends: its own, or Hard's (``Style.herd``) when more, unless the
        enemy's people are the objective (then the hunters fan out to cut them off)."""
        if self.style.herd <= me.herd or self._enemy_people(obs):
            return me.herd
        return self.style.herd

    def _alone(self, obs: Observation, board: Observation) -> int:
        """Hard: how many own fighters the imagined phase leaves where an enemy it knows of (seen, or
        remembered where it was last seen) could strike them, with no friend within ``GROUP_RADIUS``: a
        machine that fights alone takes the whole enemy squad's answer (what it cannot see of that
        squad included)."""
        grid, catalog = obs.grid, obs.catalog
        reach = 0
        for e in [*board.enemies(), *self._remembered(obs)]:
            reach |= self._bits(obs, e)
        if not reach:
            return 0
        own = [u for u in board.own_units() if not catalog.units[u.type_id].civilian]
        xs, ys = grid.xs, grid.ys
        count = 0
        for u in own:
            if not reach >> u.tile & 1:
                continue
            x, y = xs[u.tile], ys[u.tile]
            if not any(
                f.id != u.id and abs(xs[f.tile] - x) + abs(ys[f.tile] - y) <= GROUP_RADIUS for f in own
            ):
                count += 1
        return count

    def _material(self, obs: Observation, board: Observation) -> float:
        """What the imagined phase changed, in percent of a machine: enemy damage and likely kills (each
        worth ``KILL_WEIGHT`` more) less own damage taken."""
        catalog = obs.catalog
        total = 0.0
        for uid, before in obs.units.items():
            utype = catalog.units[before.type_id]
            after = board.units.get(uid)
            lost = (before.hp - (after.hp if after is not None else 0)) * 100.0 / utype.hp
            if not obs.hostile(before.side, obs.side):
                total -= lost
            else:
                total += lost + (KILL_WEIGHT if after is None else 0.0)
        return total

    def _reply(self, obs: Observation, board: Observation) -> float:
        """The enemy's likely answer to the imagined phase, in percent of a machine: each seen enemy that
        is left, and each one out of sight now but remembered where it was last seen (it is likely still
        near), fires, in turn, at the own unit where it does the most (a kill counts ``DEATH_WEIGHT``
        more), from wherever it can reach; cover blurs its aim."""
        tables = self._start(obs)
        catalog = obs.catalog
        own = board.own_units()
        hp = {u.id: float(u.hp) for u in own}
        loss = 0.0
        for e in [*board.enemies(), *self._remembered(obs)]:
            mask = self._mask(obs, e)
            best, who, dealt = 0.0, None, 0.0
            for u in own:
                left = hp[u.id]
                if left <= 0 or not mask[u.tile]:
                    continue
                utype = catalog.units[u.type_id]
                blow = self._threat_of(obs, e, u, utype) * max(0.1, 1.0 - float(tables.cover[u.tile]) / 60.0)
                worth = min(blow, left) * 100.0 / utype.hp + (DEATH_WEIGHT if blow >= left else 0.0)
                if worth > best:
                    best, who, dealt = worth, u.id, blow
            if who is not None:
                hp[who] -= dealt
                loss += best
        return loss

    # Scoring ------------------------------------------------------------------------------------

    def candidates(
        self,
        obs: Observation,
        unit: Unit,
        legal: Container[Action],
        limit: int = 3,
        hypothetical: bool = False,
        explain: bool = True,
    ) -> list[Candidate]:
        """The best ``limit`` plans for ``unit``, best first (ties broken by tile, then a seeded draw);
        with ``explain`` each says why in words (the AI's own choices need only the numbers)."""
        self._start(obs)
        utype = obs.catalog.units[unit.type_id]
        enemies = obs.enemies()
        mind = self._mind(obs, unit, utype)
        tiles, idx, index = self._end_tiles(obs, unit)
        danger = self._danger_map(obs, unit, utype, enemies)
        position, notes = self._positions(obs, unit, utype, mind, danger, enemies, idx)
        places = position.tolist()
        rand = self.rng.random
        wait = Wait(unit.id)  # one (immutable) action for every tile
        # a wait on every tile, then the options, each with its tie-break drawn in that order
        waits = position + np.fromiter([rand() for _ in tiles], dtype=np.float64, count=len(tiles)) * 1e-3
        # best place first, ties by tile (a stable sort on the position, then the tile)
        ranked = idx[np.lexsort((idx, -position))]
        options = self._options(obs, unit, utype, mind, ranked, danger)
        # an attack from where the unit stands needs no asking when ``legal`` is this board's whole
        # listing and the unit may act: ``_options`` tested its reach, weapon and fire zone already
        sure = not hypothetical and _lists_all(legal, obs, unit)
        raw: list[tuple[float, int, Action, str, Forecast | None]]
        if limit == 1:
            # the first of a stable sort on (-score, tile), kept as the plans come
            first = int(np.lexsort((idx, -waits))[0])
            best: tuple[float, int, Action, str, Forecast | None] = (
                float(waits[first]),
                tiles[first],
                wait,
                "",
                None,
            )
            for tile, action, value, why, fc in options:
                if (
                    tile == unit.tile
                    and not hypothetical
                    and not (sure and type(action) is Attack)
                    and action not in legal
                ):
                    continue
                score = places[index[tile]] + value + rand() * 1e-3
                if score > best[0] or (score == best[0] and tile < best[1]):
                    best = (score, tile, action, why, fc)
            raw = [best]
        else:
            raw = [(score, tile, wait, "", None) for score, tile in zip(waits.tolist(), tiles, strict=True)]
            for tile, action, value, why, fc in options:
                if (
                    tile == unit.tile
                    and not hypothetical
                    and not (sure and type(action) is Attack)
                    and action not in legal
                ):
                    continue
                raw.append((places[index[tile]] + value + rand() * 1e-3, tile, action, why, fc))
            raw.sort(key=lambda r: (-r[0], r[1]))
        # only the plans handed back get their reasons and numbers written out (when asked for)
        out = []
        for score, tile, action, why, fc in raw[:limit]:
            danger_here = float(danger[tile])  # the whole map's array, read where the plan ends
            where = self._tile_reason(obs, unit, tile, danger_here, notes) if explain else ""
            if fc is not None and explain:
                why = _strike_text(utype, fc)
            out.append(
                Candidate(
                    unit.id,
                    tile,
                    action,
                    score,
                    places[index[tile]],
                    "; ".join(b for b in (why, where) if b),
                    fc.strike if fc is not None else None,
                    danger_here,
                    obs.grid.cover[tile],
                    fc.kill_chance if fc is not None else 0,
                    fc.counter if fc is not None else None,
                )
            )
        return out

    def _end_tiles(self, obs: Observation, unit: Unit) -> tuple[list[int], np.ndarray, dict[int, int]]:
        """The tiles ``unit`` can end its move on, its own first, then the free ones it reaches in tile
        order: as a list, a (read-only) array and each tile's place in them; once per search and set of
        free tiles (the unit is scored on the same ones at every decision of a phase)."""
        if unit.moved:
            here: list[int] = [unit.tile]
            return here, np.array(here, dtype=np.intp), {unit.tile: 0}
        reach = self._reach(obs, unit)
        dests = reach.destinations
        key = ("end-tiles", id(dests))
        found = cast("tuple[object, list[int], np.ndarray, dict[int, int]] | None", reach.shared.get(key))
        if found is None or found[0] is not dests:
            tiles: list[int] = [unit.tile, *dests]
            idx = np.fromiter(tiles, dtype=np.intp, count=len(tiles))
            idx.flags.writeable = False
            found = (dests, tiles, idx, {t: i for i, t in enumerate(tiles)})
            reach.shared[key] = found
        return found[1], found[2], found[3]

    def _mind(self, obs: Observation, unit: Unit, utype: UnitType) -> _Mind:
        me = self._personality(unit)
        posture = self._posture(obs)
        hurt = 1.0 - unit.hp / utype.hp
        caution = me.self_preservation / 5.0 * (1.0 + max(0.0, hurt - me.bravery / 20.0))
        aggression = me.aggression / 5.0
        if self.bias is not None and unit.type_id == "layzner":
            caution *= self.bias.pilot_survival_weight
        match posture:
            case "retreat":
                caution *= 2.0
                aggression *= 0.5
            case "pursue":
                caution *= 0.6
                aggression *= 1.4
            case "hold":
                caution *= 1.2
            case _:
                pass
        if self._is_earthlike(obs) and not self._wards(obs) and posture != "retreat":
            caution *= 0.6  # nobody to shield: Earth fights to win, not to hide
        commander = self._sacrificing_commander(obs, unit)
        if commander:
            caution *= 1.0 - commander / 15.0
        # a side well ahead can afford to trade blows: caution eases with the odds as far as it knows them
        caution *= max(0.5, min(1.0, 1.0 / self._odds(obs)))
        urgency = self._urgency(obs)
        # on the last turn a side the limit does not favour has nothing left to save
        caution *= 1.0 - urgency
        aggression *= 1.0 + urgency
        style = self.style
        chase = style.chase_fear
        if utype.unmanned and chase < 1.0:
            # Hard's boldness toward the people is a pilot pressing on as they get away; a machine with no
            # pilot keeps the caution it was built with (its hunt is patient), so Hard does not undo it
            chase = 1.0
        if chase != 1.0 and self._enemy_people(obs) and not self._one_blow(obs, unit, utype):
            caution *= chase
        # Hard: never quite fearless, until the clock says there is nothing left to save
        care = style.care * (1.0 - urgency)
        return _Mind(me, aggression * style.zeal, max(caution * style.fear, care), posture)

    def _one_blow(self, obs: Observation, unit: Unit, utype: UnitType, known: bool = False) -> bool:
        """Whether one blow (no crit) of a seen enemy's weapon (``known``: or one seen before) could
        destroy ``unit`` as it stands."""
        catalog = obs.catalog
        enemies = [*obs.enemies(), *(u for u, _, _ in self.memory.values())] if known else obs.enemies()
        return any(
            max(w.power // 10, w.power - utype.armor) >= unit.hp
            for e in enemies
            for w in catalog.units[e.type_id].weapons
        )

    def _positions(
        self,
        obs: Observation,
        unit: Unit,
        utype: UnitType,
        mind: _Mind,
        danger: np.ndarray,
        enemies: list[Unit],
        idx: np.ndarray,
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """The worth of the tiles ``idx`` (those the unit can end its move on) as places to end the move,
        all at once. The fields behind it are whole-map arrays kept per phase or game; the sums over
        them are taken only where the unit can go (the same numbers, tile by tile)."""
        self._lone_now = 0.0
        tables = self._tables
        assert tables is not None
        me = mind.me
        # an enemy fires at one target a phase: half the summed danger is the likely share
        likely = LIKELY_SHARE * danger[idx]
        exposure = likely * (100.0 / utype.hp)
        if utype.civilian:
            # people who cannot shoot back: one hit is often the end, and nothing is gained by the risk
            exposure += DEATH_WEIGHT * np.minimum(1.0, likely / max(1, unit.hp))
        position = -mind.caution * exposure + tables.cover[idx] * (0.25 * me.self_preservation / 5.0)
        margin = self._break_margin(unit, utype)
        if margin:
            # Hard: hurt below this, the side falls back (the mission is lost for it), however bold the
            # pilot: the likely damage over what it can still take
            position -= BREAK_WEIGHT * np.minimum(1.0, likely / margin)
        notes: dict[str, np.ndarray] = {}
        goal = self._goal_field(obs, unit, utype)
        if goal is not None:
            urgency = self._urgency(obs)
            near_goal = goal[idx]
            position -= GOAL_WEIGHT * (1.0 + urgency) * np.minimum(near_goal, 60)
            position += np.where(near_goal == 0, 200.0, 0.0)
            notes["goal"] = goal
        else:
            # held ground reads no hunt field: none is made (the sources still are: they keep the
            # phase's memos in step)
            sources = self._hunt_sources(obs, unit, me, enemies)
            match mind.posture:
                case "retreat":
                    hunt = self._field(obs, sources, utype.move_class)[idx]
                    position += HUNT_WEIGHT * np.minimum(hunt, 30)
                case "hold":
                    anchor = self.anchors.get(unit.id, unit.tile)
                    away = np.abs(tables.xs[idx] - obs.grid.xs[anchor]) + np.abs(
                        tables.ys[idx] - obs.grid.ys[anchor]
                    )
                    position -= HOLD_WEIGHT * np.maximum(0, away - 2)
                case _:
                    pull = HUNT_WEIGHT * self.style.hunt * mind.aggression * self._patience(obs)
                    if pull:
                        hunt = self._field(obs, sources, utype.move_class)[idx]
                        position -= pull * np.minimum(hunt, 60)
            if self._is_earthlike(obs) and not utype.civilian:
                screen = self._screen_field(obs, unit, utype)
                if screen is not None:
                    apart = np.minimum(np.maximum(screen[idx] - 1, 0), 30)
                    position -= SCREEN_WEIGHT * me.protect / 5.0 * apart
        if (
            self.style.ambush
            and goal is None
            and not utype.civilian
            and unit.id not in self._engaged
            and mind.posture != "retreat"
            and not self._enemy_people(obs)
            and not self._urgency(obs)
        ):
            # Hard: out of reach of every enemy this phase, it waits at the edge of theirs
            position -= np.where(danger[idx] > 0, AMBUSH_WEIGHT, 0.0)
        if (
            self.style.together
            and goal is None
            and not utype.civilian
            and mind.posture not in ("hold", "retreat")
        ):
            lone = self._lone(obs, unit)
            position -= lone[idx] if isinstance(lone, np.ndarray) else lone
            self._lone_now = lone
        # (on the map: the array's tiles) read as bits first: most boards have no wary third party
        territory_bits = self._territory_bits(obs)
        if territory_bits and territory_bits & ((1 << obs.grid.size) - 1):
            territory = self._territory(obs)
            weight = TERRITORY_WEIGHT * (3.0 if utype.civilian else 1.0) * max(0.3, mind.caution)
            position -= np.where(territory[idx], weight, 0.0)
        if utype.move_class is _VEHICLE:
            # a bogged buggy loses its next move: about that much progress, at the tile's odds
            lost = GOAL_WEIGHT * (1.0 + self._urgency(obs)) * utype.move_points if goal is not None else 20.0
            position -= tables.bog[idx] * (lost / 100.0)
        herd = self._herd(obs, me)
        if herd and not utype.civilian:
            friends = [
                u for u in obs.own_units() if u.id != unit.id and not obs.catalog.units[u.type_id].civilian
            ]
            if friends:
                # the nearest friend's distance, tile by tile (the same integers, from each friend's
                # distances kept per map)
                near = distance_row(obs.grid, friends[0].tile)[idx]
                for u in friends[1:]:
                    near = np.minimum(near, distance_row(obs.grid, u.tile)[idx])
                # ``min(max(near - 2, 0), 8)`` read from a table (one step, not three: numpy's overhead
                # is most of the cost on a few dozen tiles)
                position -= HERD_WEIGHT * herd / 5.0 * _herd_steps(obs.grid)[near]
        return position, notes

    def _tile_reason(
        self, obs: Observation, unit: Unit, tile: int, danger: float, notes: dict[str, np.ndarray]
    ) -> str:
        bits = []
        goal = notes.get("goal")
        if goal is not None and goal[tile] == 0:
            bits.append("reaches safety")
        if tile != unit.tile and obs.grid.cover[tile] >= 20:
            bits.append(f"cover +{obs.grid.cover[tile]}")
        if danger >= 1:
            bits.append(f"~{int(danger)} damage could reach it")
        return ", ".join(bits)

    def _options(
        self,
        obs: Observation,
        unit: Unit,
        utype: UnitType,
        mind: _Mind,
        ranked_arr: np.ndarray,
        danger: np.ndarray,
    ) -> Iterable[tuple[int, Action, float, str, Forecast | None]]:
        """What the unit could do besides waiting, and from where: (tile, action, value, why, forecast).
        ``ranked_arr``: the tiles it can end its move on, best place first; ``danger``: the unit's danger
        map."""
        grid = obs.grid
        catalog = obs.catalog
        enemies = obs.enemies()
        built: dict[int, Unit] = {unit.tile: unit}

        def at(tile: int) -> Unit:
            moved = built.get(tile)
            if moved is None:
                moved = built[tile] = unit.with_(tile=tile, moved=True)
            return moved

        ranked: list[int] = ranked_arr.tolist()
        style = self.style
        tables = self._start(obs)
        forecasts, kept_numbers = _kept_forecasts(obs)
        own_key = self._own_token(obs, tables) if style.focus else 0
        wary = self._any_wary(obs)
        margin = self._break_margin(unit, utype)
        worth_it = False  # an attack worth making is on the table (then a pressing side raises no dust)
        if not unit.cooldown and utype.weapons and obs.hold_fire_outside != 0:
            # (a unit record never changes: its key is kept with it for the phase)
            kept_key = tables.shooter_keys.get(id(unit))
            if kept_key is None or kept_key[0] is not unit:
                kept_key = tables.shooter_keys[id(unit)] = (unit, _combat_key(obs, unit))
            shooter_key = kept_key[1]
            target_keys = self._memo(obs).setdefault("target-keys", {})
            # ``_shot_key`` read inline, once per tile
            storm, cover, line_clear = obs.storm_mask, grid.cover, grid.line_clear
            # farthest the unit could strike this phase: the farthest tile it can stand on, plus range
            # (the ufunc's own reduction: ``ndarray.max`` wraps it in Python)
            farthest = int(np.maximum.reduce(distance_row(grid, unit.tile)[ranked_arr]))
            span = farthest + max(w.max_range for w in utype.weapons)
            # the arrive-together penalty a pressing shot takes back (``_positions`` left it)
            lone_now = self._lone_now if isinstance(self._lone_now, np.ndarray) else None
            press, focus, most = style.press, style.focus, style.attack_tiles
            for e in enemies:
                if grid.distance(unit.tile, e.tile) > span:
                    continue
                if obs.hold_fire_outside != -1 and not (obs.hold_fire_outside >> e.tile) & 1:
                    continue
                e_type = catalog.units[e.type_id]
                if (
                    style.guards_first
                    and (e_type.civilian or e.id in self._enemy_people(obs))
                    and self._guard_in_reach(obs, unit, utype)
                ):
                    continue  # Story: not the people while one of their guards is in reach
                near = distance_row(grid, e.tile)[ranked_arr].tolist()
                nearest = min(near)  # a weapon that does not reach so far skips the scan
                e_tile = e.tile
                # what the shot's worth reads of the target, worked out at its first shot in reach
                # (most enemies are in reach of none of a unit's tiles)
                facts: _TargetFacts | None = None
                gang = False
                helpers: list[tuple[UnitId, int, float]] = []
                target_key: tuple[object, ...] | None = None
                for i, weapon in enumerate(utype.weapons):
                    if not weapon_ready(utype, unit, i):
                        continue
                    low, high = weapon.min_range, weapon.max_range
                    if high < nearest:
                        continue
                    shown = 0
                    pair: dict[tuple[int, int, int, bool], Forecast | None] | None = None
                    by_forecast: dict[int, tuple[float, bool]] = {}  # kept alive in ``pair``
                    attack: Attack | None = None  # one (immutable) action for every tile
                    # the tiles in the weapon's range, best place first (a plain scan: it stops at the
                    # ``most``-th shot, mostly a few tiles in)
                    for tile, d in zip(ranked, near, strict=True):
                        if d < low or d > high:
                            continue
                        if pair is None:
                            if target_key is None:
                                # once per observation and enemy (``_order`` ranks several units on
                                # one board); kept with the unit, so its id cannot be another's
                                kept = target_keys.get(id(e))
                                if kept is None or kept[0] is not e:
                                    kept = target_keys[id(e)] = (e, *_target_keys(obs, e))
                                target_key, numbers_key = kept[1], kept[2]
                            # the units hashed once per weapon and enemy, not once per tile; kept for
                            # the game (the same two machines in the same state give the same numbers
                            # next phase)
                            pair = forecasts.get((shooter_key, i, target_key))
                            if pair is None:
                                pair = forecasts[(shooter_key, i, target_key)] = {}
                            numbers: (
                                dict[tuple[int, int, int, bool], tuple[Strike, Strike | None] | None] | None
                            ) = None
                        # a forecast reads the shooter's tile only through these: the distance, the
                        # tile's cover (for the counter), storm there and the line of fire (symmetric)
                        fkey = (d, (storm >> tile) & 1, cover[tile], d > 1 and line_clear(tile, e_tile))
                        if fkey in pair:
                            fc_or_none = pair[fkey]
                        else:
                            # the strike and its counter do not read HP: a target hit since keeps
                            # them, and only the kill chance (and Folon's risk) is worked out again
                            if numbers is None:
                                numbers = kept_numbers.get((shooter_key, i, numbers_key))
                                if numbers is None:
                                    numbers = kept_numbers[(shooter_key, i, numbers_key)] = {}
                            if fkey in numbers:
                                # (what the HP decide reads nothing of where the shooter stands)
                                both = numbers[fkey]
                                fc_or_none = forecast_of(obs, unit, e, *both) if both is not None else None
                            else:
                                shooter = at(tile)
                                fc_or_none = (
                                    forecast_strike(obs, shooter, weapon, e)
                                    if in_reach(obs, weapon, shooter, e)
                                    else None
                                )
                                numbers[fkey] = (
                                    (fc_or_none.strike, fc_or_none.counter)
                                    if fc_or_none is not None
                                    else None
                                )
                            pair[fkey] = fc_or_none
                        if fc_or_none is None:
                            continue
                        fc = fc_or_none
                        if facts is None:
                            helpers = self._helpers(obs, e, own_key) if focus else []
                            facts = self._target_facts(obs, mind, e, e_type)
                            # a side told to press the Layzner (the scenario's ``press_layzner``):
                            # a fighter it will strike next phase anyway goes at it with the others
                            # that can reach it (or after one that has gone in), even while the side
                            # hunts people
                            gang = (
                                press
                                and facts[5]
                                and self._presses_layzner(obs)
                                and bool((self._bits(obs, e) >> unit.tile) & 1)
                                and (len(helpers) >= 2 or _gone_in(obs, unit, e))
                            )
                        if wary:
                            value, exchange = self._attack_value(
                                obs, unit, tile, utype, mind, e, e_type, fc, helpers, facts
                            )
                            # (only a pressing side reads whether the exchange is worth it)
                            good = press and (gang or exchange > 0)
                        else:
                            # with no garrison about, the shot's worth reads the tile only through its
                            # forecast: worked out once per forecast (tiles alike share one)
                            known = by_forecast.get(id(fc))
                            if known is None:
                                value, exchange = self._attack_value(
                                    obs, unit, tile, utype, mind, e, e_type, fc, helpers, facts
                                )
                                known = by_forecast[id(fc)] = (value, press and (gang or exchange > 0))
                            value, good = known
                        if weapon.ammo is not None:
                            value -= 4.0
                        if margin and fc.counter is not None:
                            # Hard: the reply could hurt it below where its side falls back
                            value -= BREAK_WEIGHT * min(1.0, fc.counter.expected_damage / margin)
                        if good and not (wary and self._near_calm_garrison(obs, tile, e_tile)):
                            worth_it = True
                            value += PRESS_BONUS
                            # a shot worth taking is taken even by a unit the others have not caught
                            # up with: arriving together holds back moves, not attacks
                            if lone_now is not None:
                                value += float(lone_now[tile])
                        if attack is None:
                            # one (immutable) record per shooter, weapon and target for the game
                            akey = (unit.id, weapon.id, e.id)
                            attack = self._attacks.get(akey)
                            if attack is None:
                                attack = self._attacks[akey] = Attack(unit.id, weapon.id, e.id)
                        yield tile, attack, value, "", fc
                        shown += 1
                        if shown >= most:
                            break
        me = mind.me
        if utype.raises_dust and me.self_preservation >= 6 and not worth_it:
            dust = Special(unit.id, DUST)  # one (immutable) action for every tile
            for tile in ranked[:ATTACK_TILES]:
                danger_of = float(danger[tile])
                if danger_of > 0:
                    hidden = 0.25 * mind.caution * 0.5 * danger_of * 100.0 / utype.hp
                    yield tile, dust, hidden, "kick up dust to break their lock", None
        if catalog.pilot(unit.pilot).persuasion and me.talk:
            for e in enemies:
                e_type = catalog.units[e.type_id]
                # talked down, the machine leaves the fight like a kill, its pilot alive, and no counter
                worth = mind.aggression * (e.hp * 100.0 / e_type.hp + KILL_WEIGHT) + 2.0 * me.mercy
                for tile in ranked[:ATTACK_TILES]:
                    chance = talk_chance(obs, at(tile), e)
                    if chance >= 25:
                        # a long shot wastes the talker's action (a blow would have left damage): the
                        # chance counts more than linearly; the talker stands there through their next
                        # phase: worth less where it may die
                        safe = max(0.0, 1.0 - float(danger[tile]) / max(1, unit.hp))
                        value = (chance / 100.0) ** 1.5 * worth * me.talk / 6.0 * safe
                        why = f"call {e.id} on an open channel ({chance}%)"
                        yield tile, Special(unit.id, TALK, e.id), value, why, None
                        break
        if not utype.civilian:
            for wid, wreck in sorted(obs.wrecks.items()):
                for tile in ranked:
                    if grid.distance(tile, wreck.tile) <= 1:
                        if me.mercy >= 5:
                            yield (
                                tile,
                                Special(unit.id, SPARE, wid),
                                3.0 + me.mercy,
                                f"spare {wid}'s pilot",
                                None,
                            )
                        else:
                            yield tile, Special(unit.id, CAPTURE, wid), 8.0, f"capture {wid}'s pilot", None
                        break

    def _attack_value(
        self,
        obs: Observation,
        unit: Unit,
        tile: int,
        utype: UnitType,
        mind: _Mind,
        target: Unit,
        t_type: UnitType,
        fc: Forecast,
        helpers: Sequence[tuple[UnitId, int, float]] = (),
        facts: _TargetFacts | None = None,
    ) -> tuple[float, float]:
        """The worth of ``unit`` striking ``target`` from ``tile`` (where it stands after its move: the
        unit is read only for what a move does not change), the strike being ``fc``; and the bare
        exchange, what the attack is worth at even aggression and caution in percent of a machine
        (damage dealt and the kill it may make, less the counter it draws and the chance that kills the
        attacker: a pressing side attacks when it is positive). ``facts``: what ``_target_facts`` says
        of the target (worked out here when not given)."""
        if facts is None:
            facts = self._target_facts(obs, mind, target, t_type)
        factors, objective, protect, penalty, people_in, people_layzner, wary = facts
        me = mind.me
        strike, kill, counter = fc.strike, fc.kill_chance, fc.counter
        # points are percent of a whole machine: damage against the target's full strength, plus the
        # worth of taking it out now (a dead machine never shoots again; this is what makes focus fire)
        dealt = min(strike.expected_damage, target.hp) * 100.0 / t_type.hp
        style = self.style
        value = mind.aggression * (dealt + KILL_WEIGHT * style.finish * kill / 100.0)
        exchange = dealt + KILL_WEIGHT * kill / 100.0
        for factor in factors:  # one after another, in ``_target_facts``'s order
            value *= factor
        if objective:
            value += 25.0 + 0.5 * kill
        if protect:
            value += me.protect / 5.0 * (15.0 + 0.4 * kill)
        weapon = utype.weapon(strike.weapon)
        if weapon is not None and weapon.disables and me.mercy and not t_type.unmanned:
            value += me.mercy * 2.0
        if counter is not None:
            survive = 1.0 - kill / 100.0
            taken = min(counter.expected_damage, unit.hp) * 100.0 / utype.hp
            death = DEATH_WEIGHT * _kill_chance(counter, unit.hp) / 100.0
            value -= mind.caution * survive * (taken + death)
            exchange -= survive * (taken + death)
        if penalty:
            assert self.bias is not None
            value -= self.bias.protected_penalty
        if wary and self._near_calm_garrison(obs, tile, target.tile):
            value -= 60.0
        if style.focus and kill < 50:
            joint = _joint_kill(unit, target, fc, helpers)
            value += mind.aggression * KILL_WEIGHT * JOINT_KILL_WEIGHT * joint
        if people_in:
            value += PEOPLE_WEIGHT * (1.0 + kill / 100.0)
        elif people_layzner:
            value *= 0.6  # a duel with the Layzner while the people get away loses the mission
        return value, exchange

    def _target_facts(self, obs: Observation, mind: _Mind, target: Unit, t_type: UnitType) -> _TargetFacts:
        """What ``_attack_value`` reads of the target whatever the shot: the factors its worth is
        multiplied by, in order (cruelty to civilians, sparing the people, spreading fire, the will to
        duel the Layzner); whether it is an objective target, threatens the wards, is a protected
        pilot, is one of the enemy's people (or the Layzner while there are people to hunt); whether a
        wary garrison is about."""
        me = mind.me
        style = self.style
        factors: list[float] = []
        if t_type.civilian:
            factors.append(civilian_appetite(me.cruelty))
        if style.spare_people != 1.0 and (t_type.civilian or target.id in self._enemy_people(obs)):
            factors.append(style.spare_people)
        if style.spread != 1.0 and target.hp < (self._start(obs).start_hp or {}).get(target.id, 0):
            factors.append(style.spread)
        if target.type_id == "layzner":
            factors.append(1.0 + me.duel / 4.0)
        people_in = people_layzner = False
        if style.people:
            people = self._enemy_people(obs)
            people_in = target.id in people
            people_layzner = not people_in and bool(people) and target.type_id == "layzner"
        return (
            tuple(factors),
            target.id in self._objective_targets(obs),
            bool(me.protect) and self._threatens_wards(obs, target),
            self.bias is not None and target.pilot in self.bias.protected_pilots,
            people_in,
            people_layzner,
            self._any_wary(obs),
        )

    def _lone(self, obs: Observation, unit: Unit) -> np.ndarray | float:
        """``LONE_WEIGHT`` on the tiles where ``unit`` would step alone into ground a seen enemy could
        strike: no own fighter within ``GROUP_RADIUS`` of it and none in that ground already. Nothing when
        the unit or a friend is in it already (then it is joining a fight, not opening one)."""
        tables = self._start(obs)
        catalog = obs.catalog
        enemies = obs.enemies()
        if not enemies:
            return 0.0
        friends = [
            u
            for u in obs.own_units()
            if u.id != unit.id and catalog.units[u.type_id].weapons and not catalog.units[u.type_id].civilian
        ]
        key = (unit.tile, tuple(u.tile for u in friends), tuple((e.id, e.tile) for e in enemies))
        found = tables.lone.get(key)
        if found is not None:
            return found
        # as bitmasks (a few big-integer ORs) until the one array at the end: on a big map the whole-map
        # arrays per enemy and per friend were most of the cost
        grid = obs.grid
        struck_key = ("struck", key[2])
        struck = tables.struck.get(struck_key)
        if struck is None:
            struck = 0
            for e in enemies:
                struck |= self._bits(obs, e)
            tables.struck[struck_key] = struck
        if (struck >> unit.tile) & 1 or any((struck >> u.tile) & 1 for u in friends):
            out: np.ndarray = np.zeros(grid.size)
        else:
            company = 0
            for u in friends:
                company |= grid.near_mask(u.tile, GROUP_RADIUS)
            out = np.where(mask_to_array(struck & ~company, grid.size), LONE_WEIGHT, 0.0)
        tables.lone[key] = out
        return out

    def _helpers(self, obs: Observation, target: Unit, own_key: int) -> list[tuple[UnitId, int, float]]:
        """Own fighters that have not acted and could strike ``target`` this phase (by distance; lines of
        fire not checked): (unit, damage of its best blow, hit chance as a fraction), once per position
        (``own_key``: the own units' ids, tiles, whether they acted and their cool-downs)."""
        tables = self._start(obs)
        key = (target.id, target.tile, own_key)
        found = tables.helpers.get(key)
        if found is not None:
            return found
        catalog = obs.catalog
        grid = obs.grid
        t_type = catalog.units[target.type_id]
        evasion = t_type.evasion + catalog.pilot(target.pilot).dodge + grid.cover[target.tile]
        found = []
        for u in obs.own_units():
            utype = catalog.units[u.type_id]
            if u.acted or u.cooldown or not utype.weapons:
                continue
            span = 0 if u.moved else utype.move_points
            d = grid.distance(u.tile, target.tile)
            pilot = catalog.pilot(u.pilot)
            best: tuple[float, int, float] | None = None
            for i, w in enumerate(utype.weapons):
                if not weapon_ready(utype, u, i) or d > span + w.max_range:
                    continue
                skill = pilot.melee if w.kind is _MELEE else pilot.shooting
                hit = min(95, max(5, 70 + w.accuracy + skill - evasion)) / 100.0
                damage = max(w.power // 10, w.power - t_type.armor, 1)
                if best is None or hit * damage > best[0]:
                    best = (hit * damage, damage, hit)
            if best is not None:
                found.append((u.id, best[1], best[2]))
        tables.helpers[key] = found
        return found

    def _guard_in_reach(self, obs: Observation, unit: Unit, utype: UnitType) -> bool:
        """Story: whether a seen armed enemy that is not one of the people stands within ``unit``'s move
        and range this phase (by distance; lines of fire not checked)."""
        memo = self._memo(obs)
        key = f"guard:{unit.id}:{unit.tile}:{unit.moved}"
        found = memo.get(key)
        if found is None:
            people = self._enemy_people(obs)
            span = (0 if unit.moved else utype.move_points) + max(
                (w.max_range for w in utype.weapons), default=0
            )
            distance = obs.grid.distance
            found = memo[key] = any(
                _guards(obs, e, people) and distance(unit.tile, e.tile) <= span for e in obs.enemies()
            )
        return cast(bool, found)

    def _enemy_people(self, obs: Observation) -> set[UnitId]:
        """Enemies whose survival or escape is the enemy's objective and whose death is this side's."""
        tables = self._start(obs)
        if tables.people is None:
            tables.people = people_hunted(obs)
        return tables.people

    # What the side knows, worked out once per phase ---------------------------------------------

    def _reach(self, obs: Observation, unit: Unit) -> Reach:
        """``reachable_tiles`` once per observation and unit state (the plan and its path share it)."""
        if self._reach_obs is not obs:
            self._reach_obs = obs
            self._reaches.clear()
        key = (unit.id, unit.tile, unit.vmax, unit.moved)
        found = self._reaches.get(key)
        if found is None:
            found = self._reaches[key] = reachable_tiles(obs, unit)
        return found

    def _start(self, obs: Observation) -> _Tables:
        key = (obs.turn, obs.side_to_act)
        tables = self._tables
        if tables is None or tables.key != key:
            grid = obs.grid
            storm = mask_to_bools(obs.storm_mask, grid.size) if obs.storm_mask else None
            fixed = map_arrays(grid)
            tables = _Tables(
                key,
                fixed.xs,
                fixed.ys,
                fixed.cover,
                storm if storm is not None else np.zeros(grid.size, dtype=bool),
                fixed.bog,
                fixed.blur,
            )
            self._tables = tables
            if self.style.spread != 1.0:
                tables.start_hp = {e.id: e.hp for e in obs.enemies()}
        return tables

    def _remember(self, obs: Observation) -> None:
        table, applied, turn = self._seen_now
        if (
            self.last_seen is None
            or table is not self.last_seen
            or turn != obs.turn
            or self.last_seen.shape[0] != obs.grid.size
        ):
            seen = mask_to_bools(obs.visible, obs.grid.size)
            if self.last_seen is None or self.last_seen.shape != seen.shape:
                self.last_seen = np.full(seen.shape, -1, dtype=np.int32)
            self.last_seen[seen] = obs.turn
            self._seen_now = (self.last_seen, obs.visible, obs.turn)
        elif obs.visible & ~applied:
            # the tiles seen already this turn, into the same table, change nothing: only the newly
            # seen ones (a move's worth) are written
            self.last_seen[mask_to_bools(obs.visible & ~applied, obs.grid.size)] = obs.turn
            self._seen_now = (self.last_seen, applied | obs.visible, obs.turn)
        for e in obs.enemies():
            self.memory[e.id] = (e, obs.turn, False)
        for u in obs.own_units():
            self.anchors.setdefault(u.id, u.tile)
        for uid in [u for u in self.memory if u not in obs.units]:
            unit, turn, lost = self.memory[uid]
            if obs.turn - turn > 2 * MEMORY_TURNS:
                del self.memory[uid]
            elif not lost and obs.sees(unit.tile):
                # we look where it was and it is gone: it is somewhere near, out of sight
                self.memory[uid] = (unit, turn, True)
        # what was worked out from this observation before it was remembered is stale now
        self._memo_obs = None

    def _remembered(self, obs: Observation) -> list[Unit]:
        """Enemies out of sight now whose last position still means something (once per observation:
        ``_remember`` starts the observation's memo afresh; read only)."""
        memo = self._memo(obs)
        found = memo.get("remembered")
        if found is None:
            found = memo["remembered"] = [
                u
                for uid, (u, turn, lost) in sorted(self.memory.items())
                if uid not in obs.units and not lost and obs.turn - turn <= MEMORY_TURNS
            ]
        return cast(list[Unit], found)

    def _lost_trail(self, obs: Observation) -> list[int]:
        """Unseen tiles within a move of where lost enemies were last seen: where to look for them."""
        mask = 0
        for uid, (u, _, lost) in sorted(self.memory.items()):
            if lost and uid not in obs.units and uid not in self.briefed:
                mask |= obs.grid.near_mask(u.tile, obs.catalog.units[u.type_id].move_points + 2)
        return list(obs.grid.tiles(mask & ~obs.visible))

    def _bits(self, obs: Observation, enemy: Unit) -> int:
        """The tiles ``enemy`` could strike next phase (a bitmask), once per phase and position."""
        tables = self._tables
        assert tables is not None
        key = (enemy.id, enemy.tile)
        bits = tables.bits.get(key)
        if bits is None:
            bits = tables.bits[key] = strike_mask(obs, enemy)
        return bits

    def _mask(self, obs: Observation, enemy: Unit) -> np.ndarray:
        tables = self._tables
        assert tables is not None
        key = (enemy.id, enemy.tile)
        arr = tables.masks.get(key)
        if arr is None:
            arr = tables.masks[key] = _strike_bools(self._bits(obs, enemy), obs.grid.size)
        return arr

    def _danger_map(self, obs: Observation, unit: Unit, utype: UnitType, enemies: list[Unit]) -> np.ndarray:
        """Expected damage to ``unit`` on every tile if every enemy able to strike there fires at it.

        Seen enemies count fully, remembered ones at half weight; cover and storms blur aim.
        """
        tables = self._tables
        assert tables is not None
        remembered = self._remembered(obs)
        memo = self._memo(obs)
        board = memo.get("danger-board")
        if board is None or board[0] is not tables:
            # the enemies' part of the key, worked out and hashed once per observation
            seen = (
                tuple((e.id, e.tile, e.energy, e.cooldown) for e in enemies),
                tuple((e.id, e.tile) for e in remembered),
            )
            board = memo["danger-board"] = (tables, tables.tokens.setdefault(seen, len(tables.tokens)))
        key = (unit.type_id, unit.pilot, board[1])
        found = tables.danger.get(key)
        if found is not None:
            return found
        total = np.zeros(obs.grid.size, dtype=np.float64)
        for weight, group in ((1.0, enemies), (0.5, remembered)):
            for e in group:
                threat = self._threat_of(obs, e, unit, utype)
                if threat > 0:
                    # added where it strikes, in place (the same sums as adding its whole map)
                    np.add(total, weight * threat, out=total, where=self._mask(obs, e))
        total *= tables.blur
        if obs.storm_mask:
            total = np.where(tables.storm, total * 0.6, total)
        tables.danger[key] = total
        return total

    def _threat_of(self, obs: Observation, enemy: Unit, unit: Unit, utype: UnitType) -> float:
        """The best expected damage one of ``enemy``'s weapons does to a unit like ``unit`` (no cover)."""
        tables = self._tables
        assert tables is not None
        key = (enemy.id, unit.type_id, unit.pilot)
        value = tables.threat.get(key)
        if value is None:
            e_type = obs.catalog.units[enemy.type_id]
            pilot = obs.catalog.pilot(enemy.pilot)
            evasion = utype.evasion + obs.catalog.pilot(unit.pilot).dodge
            best = 0.0
            for i, w in enumerate(e_type.weapons):
                if enemy.ammo[i] == 0:
                    continue
                skill = pilot.melee if w.kind is _MELEE else pilot.shooting
                hit = min(95, max(5, 70 + w.accuracy + skill - evasion)) / 100.0
                best = max(best, hit * max(w.power // 10, w.power - utype.armor))
            value = best
            tables.threat[key] = value
        return value

    def _field(
        self, obs: Observation, sources: tuple[int, ...], move_class: int, unsafe: int = 0
    ) -> np.ndarray:
        """Path cost from every tile to the nearest source (units ignored; ``unsafe`` tiles cost more)."""
        tables = self._tables
        assert tables is not None
        key = (sources, move_class, unsafe)
        found = tables.fields.get(key)
        if found is None:
            if not unsafe and 0 < len(sources) <= FEW_SOURCES:
                # the nearest of a few sources: the least of their own fields, each kept per map
                # (the same numbers as one search from all of them)
                found = self._source_field(obs, sources[0], move_class)
                for source in sources[1:]:
                    found = np.minimum(found, self._source_field(obs, source, move_class))
            else:
                found = distance_array(obs.grid, sources, move_class, unsafe, UNSAFE_STEP)
            tables.fields[key] = found
        return found

    def _source_field(self, obs: Observation, source: int, move_class: int) -> np.ndarray:
        return source_field(obs.grid, source, move_class)

    def _goal_field(self, obs: Observation, unit: Unit, utype: UnitType) -> np.ndarray | None:
        """For a unit its side must escort or bring somewhere: path costs to that zone, around danger
        (and around wary garrisons' ground). A breathing unit sent for air goes to its cache first."""
        cache = self._air_plan(obs).get(unit.id)
        if cache is not None:
            return self._field(obs, (cache,), utype.move_class, self._unsafe(obs))
        for obj, status in obs.objectives:
            if obj.side != obs.side or status is not _PENDING or obj.zone is None:
                continue
            if obj.kind in _WALKING and unit.id in obj.units:
                zone = obs.zones.get(obj.zone, 0)
                return self._field(obs, tuple(obs.grid.tiles(zone)), utype.move_class, self._unsafe(obs))
        return None

    def _escort_zone(self, obs: Observation, unit: Unit) -> int:
        for obj, status in obs.objectives:
            if obj.side != obs.side or status is not _PENDING or obj.zone is None:
                continue
            if obj.kind in _WALKING and unit.id in obj.units:
                return obs.zones.get(obj.zone, 0)
        return 0

    def _air_plan(self, obs: Observation) -> dict[UnitId, int]:
        """Which breathing units go for which oxygen caches this phase (once per phase).

        Each breathing unit draws one unit of air at the start of each of its side's phases until it
        reaches its zone (it leaves the map there) or the turns run out: ``_draws`` counts them, from
        the unit's path cost around danger. While the supply would run short, the breathing unit
        nearest each cache (nearest caches first) is sent for it; a single phase short is borne (it
        costs a fifth of every breather's HP) unless some breather could not bear it.
        """
        tables = self._start(obs)
        if tables.air is not None:
            return tables.air
        plan: dict[UnitId, int] = {}
        tables.air = plan
        if obs.oxygen is None or not obs.caches:
            return plan
        catalog = obs.catalog
        breathers = [u for u in obs.own_units() if catalog.units[u.type_id].breathes]
        if not breathers:
            return plan
        unsafe = self._unsafe(obs)
        left = max(0, obs.max_turns - obs.turn)
        draws = sorted(self._draws(obs, u, unsafe, left) for u in breathers)
        fragile = any(u.hp * 100 <= 2 * SUFFOCATION_GUESS * catalog.units[u.type_id].hp for u in breathers)
        bearable = 0 if fragile else 1
        supply = obs.oxygen
        if _short_phases(draws, supply) <= bearable:
            return plan
        options = []
        for cache in obs.grid.tiles(obs.caches):
            for u in breathers:
                utype = catalog.units[u.type_id]
                cost = int(self._field(obs, (cache,), utype.move_class, unsafe)[u.tile])
                if cost < FAR:
                    options.append((cost, u.id, cache))
        refill = obs.cache_amount or CACHE_GUESS
        for _, uid, cache in sorted(options):
            if _short_phases(draws, supply) <= bearable:
                break
            if uid in plan or cache in plan.values():
                continue
            plan[uid] = cache
            supply += refill
        return plan

    def _draws(self, obs: Observation, unit: Unit, unsafe: int, left: int) -> int:
        """How many more phases ``unit`` breathes: the turns it needs to reach its zone (one of slack,
        since paths bend around units), or all ``left`` turns when it has nowhere to go."""
        utype = obs.catalog.units[unit.type_id]
        zone = self._escort_zone(obs, unit)
        if not zone:
            return left
        cost = int(self._field(obs, tuple(obs.grid.tiles(zone)), utype.move_class, unsafe)[unit.tile])
        if cost >= FAR:
            return left
        return min(left, -(-cost // max(1, utype.move_points)))

    def _unsafe(self, obs: Observation) -> int:
        """Tiles an escort's path should avoid: what seen enemies could strike, and wary garrisons' ground."""
        return self._threatened(obs) | self._territory_bits(obs)

    def _territory_bits(self, obs: Observation) -> int:
        mask = 0
        for spec in obs.sides:
            if spec.wary and spec.territory and obs.hostile(spec.id, obs.side):
                mask |= obs.zones.get(spec.territory, 0)
        return mask

    def _territory(self, obs: Observation) -> np.ndarray:
        tables = self._start(obs)
        if tables.territory is None:
            tables.territory = mask_to_bools(self._territory_bits(obs), obs.grid.size)
        return tables.territory

    def _threatened(self, obs: Observation) -> int:
        """Tiles some seen enemy could strike next phase, as a bitmask."""
        mask = 0
        for e in obs.enemies():
            mask |= self._bits(obs, e)
        return mask

    def _hunt_sources(
        self, obs: Observation, unit: Unit, me: Personality, seen: list[Unit]
    ) -> tuple[int, ...]:
        """The tiles a unit's hunt field runs from: the enemies it most wants (seen ones, else remembered
        ones, else where they were lost, else the ground to search). ``seen``: ``obs.enemies()``.

        Once per observation and what a unit adds to it (``_order`` ranks several units on one board):
        its taste for civilians and for the Layzner and, for Hard, whether it waits at the people's zone.
        """
        style = self.style
        if me.duel >= 6 and unit.id in self.breakers:
            me = dataclass_replace(me, duel=0)  # Hard: the side's orders hang on it; no duel
        if self._people_hidden(obs):
            memo = self._memo(obs)
            key = f"seek:{unit.id}"
            found = memo.get(key)
            if found is None:
                found = memo[key] = self._seek_sources(obs, unit)
            return cast(tuple[int, ...], found)
        utype = obs.catalog.units[unit.type_id]
        to_zone = bool(
            style.intercept
            and self._enemy_people(obs)
            and (utype.unmanned or not self._one_blow(obs, unit, utype, True))
        )
        key = f"hunt:{me.cruelty >= 7}:{me.duel >= 6}:{to_zone}"
        memo = self._memo(obs)
        found = memo.get(key)
        if found is None:
            found = memo[key] = self._hunt_sources_now(obs, me, seen, to_zone)
        return cast(tuple[int, ...], found)

    def _hunt_sources_now(
        self, obs: Observation, me: Personality, seen: list[Unit], to_zone: bool
    ) -> tuple[int, ...]:
        targets = self._objective_targets(obs)
        # Hard: the people where they will be after their move, not where they stand
        lead = self._enemy_people(obs) if self.style.lead else set()
        preferred: list[int] = [
            self._lead_tile(obs, e) if e.id in lead else e.tile for e in seen if e.id in targets
        ]
        if me.cruelty >= 7:
            preferred += [e.tile for e in seen if obs.catalog.units[e.type_id].civilian]
        if me.duel >= 6:
            preferred += [e.tile for e in seen if e.type_id == "layzner"]
        if to_zone:
            # Hard: the people have to come to their zone; whoever is nearer it waits for them there,
            # at the zone's edge they will come in by (not a manned unit one blow of an enemy it knows
            # of could destroy: it would wait there alone)
            preferred += self._zone_gates(obs)
        if self.style.guards_first:
            # Story: the guards first, while one is in sight (the people are left a way out)
            people = self._enemy_people(obs)
            guards: list[int] = [e.tile for e in seen if _guards(obs, e, people)]
            preferred = guards or preferred
        tiles = preferred or [e.tile for e in seen]
        if not tiles:
            tiles = [u.tile for u in self._remembered(obs) if u.id not in self.briefed]
        if not tiles:
            tiles = self._lost_trail(obs)
        if not tiles and self._is_earthlike(obs):
            # nothing in sight: scout the road the people have to take, ahead of them
            tiles = self._own_escort_tiles(obs)
        if not tiles:
            tiles = self._zone_tiles_of_enemies(obs)
        if not tiles:
            # the ground to search is fixed for the phase (and on a big map mostly unseen: thousands
            # of tiles), so it is sorted once
            tables = self._start(obs)
            if tables.search_sources is None:
                tables.search_sources = tuple(sorted(set(self._search_tiles(obs))))
            return tables.search_sources
        return tuple(sorted(set(tiles)))

    def _people_hidden(self, obs: Observation) -> bool:
        """Hard (``Style.seek``): the enemy's people must hold out (none of them has a zone to reach) and
        none of them is in sight."""
        if not self.style.seek:
            return False
        memo = self._memo(obs)
        found = memo.get("people-hidden")
        if found is None:
            people = self._enemy_people(obs)
            found = bool(people) and not any(uid in obs.units for uid in people)
            if found:
                for obj, status in obs.objectives:
                    pending = status is _PENDING and obs.hostile(obj.side, obs.side)
                    if pending and obj.kind in _WALKING and people & set(obj.units):
                        found = False
                        break
            memo["people-hidden"] = found
        return bool(found)

    def _seek_sources(self, obs: Observation, unit: Unit) -> tuple[int, ...]:
        """Hard, the people hidden: the part of the ground where they could be that falls to ``unit``
        (the tiles nearer it than any other own fighter, as the crow flies), else all of it."""
        ground = self._people_ground(obs)
        hunters = [u for u in obs.own_units() if not obs.catalog.units[u.type_id].civilian]
        mine_at = next((i for i, u in enumerate(hunters) if u.id == unit.id), -1)
        if len(ground) > 1 and len(hunters) > 1 and mine_at >= 0:
            cells = np.asarray(ground, dtype=np.intp)
            near = np.stack([distance_row(obs.grid, h.tile)[cells] for h in hunters])
            mine = cells[np.argmin(near, axis=0) == mine_at]
            if mine.size:
                return tuple(sorted(mine.tolist()))
        return ground

    def _people_ground(self, obs: Observation) -> tuple[int, ...]:
        """Hard, the people hidden: where to look for them (once per observation). Where they were last
        seen, while nobody has looked there since; else the unseen tiles they could have reached since
        (their move each turn, as the crow flies), those seen least recently; never seen, the ground seen
        least recently."""
        memo = self._memo(obs)
        found = memo.get("people-ground")
        if found is not None:
            return cast(tuple[int, ...], found)
        people = self._enemy_people(obs)
        grid = obs.grid
        spots: list[int] = []
        reach = 0
        for uid, (u, turn, lost) in sorted(self.memory.items()):
            if uid not in people or uid in obs.units:
                continue
            if not lost:
                spots.append(u.tile)
            else:
                moves = obs.catalog.units[u.type_id].move_points * (obs.turn - turn + 1)
                reach |= grid.near_mask(u.tile, moves)
        tiles: list[int] = spots
        reach &= ~obs.visible
        if not tiles and reach and self.last_seen is not None:
            cells = mask_to_bools(reach, grid.size)
            oldest = self.last_seen[cells].min()
            tiles = np.flatnonzero(cells & (self.last_seen == oldest)).tolist()
        if not tiles:
            self._start(obs)
            tiles = self._search_tiles(obs)
        found = memo["people-ground"] = tuple(sorted(set(tiles)))
        return found

    def _lead_tile(self, obs: Observation, enemy: Unit) -> int:
        """Hard: where an enemy on its way to its zone will likely stop after its next move (the tile
        within its move, as the crow flies, nearest the zone by its own path costs); its own tile when
        it has no zone or nowhere nearer to go."""
        zone = 0
        for obj, status in obs.objectives:
            pending = status is _PENDING and obs.hostile(obj.side, obs.side)
            walking = obj.kind in _WALKING
            if pending and obj.zone and walking and enemy.id in obj.units:
                zone = obs.zones.get(obj.zone, 0)
                break
        if not zone:
            return enemy.tile
        e_type = obs.catalog.units[enemy.type_id]
        goal = self._field(obs, tuple(obs.grid.tiles(zone)), e_type.move_class)
        away = distance_row(obs.grid, enemy.tile)
        within = np.where(away <= e_type.move_points, goal, FAR + 1)
        best = int(np.argmin(within))
        return best if within[best] < goal[enemy.tile] else enemy.tile

    def _search_tiles(self, obs: Observation) -> list[int]:
        """Nothing seen or remembered: sweep toward the tiles this side saw longest ago (never, at first:
        where the enemy came from). Fixed per phase, so one distance field serves every unit."""
        tables = self._tables
        assert tables is not None
        if tables.search is None:
            stale: list[int] = []
            if self.last_seen is not None:
                hidden = ~mask_to_bools(obs.visible, obs.grid.size)
                if hidden.any():
                    oldest = self.last_seen[hidden].min()
                    stale = np.flatnonzero(hidden & (self.last_seen == oldest)).tolist()
            tables.search = stale or [obs.grid.tile(obs.grid.width // 2, obs.grid.height // 2)]
        return tables.search

    def _screen_field(self, obs: Observation, unit: Unit, utype: UnitType) -> np.ndarray | None:
        """For Earth's fighters: stay near the people they protect, where they will be after their move
        (people on their way out go after the fighters, as far along their road as they can)."""
        wards = [self._ward_ahead(obs, u) for u in self._wards(obs) if u.id != unit.id]
        if not wards:
            return None
        return self._field(obs, tuple(sorted(set(wards))), utype.move_class)

    def _ward_ahead(self, obs: Observation, ward: Unit) -> int:
        """Where a ward that has not moved yet will likely stop: the tile within its move (as the crow
        flies) nearest its zone; its own tile when it has moved or has nowhere to go."""
        if ward.moved:
            return ward.tile
        tables = self._start(obs)
        w_type = obs.catalog.units[ward.type_id]
        goal = self._goal_field(obs, ward, w_type)
        if goal is None:
            return ward.tile
        grid = obs.grid
        away = np.abs(tables.xs - grid.xs[ward.tile]) + np.abs(tables.ys - grid.ys[ward.tile])
        within = np.where(away <= w_type.move_points, goal, FAR + 1)
        best = int(np.argmin(within))
        return best if within[best] < goal[ward.tile] else ward.tile

    def _wards(self, obs: Observation) -> list[Unit]:
        """Own units to shield: civilians, and whatever the side's objectives say to protect or escort
        (once per observation; read only)."""
        memo = self._memo(obs)
        found = memo.get("wards")
        if found is None:
            found = memo["wards"] = self._wards_now(obs)
        return cast(list[Unit], found)

    def _memo(self, obs: Observation) -> dict[str, Any]:
        """What was worked out from this very observation (a snapshot never changes)."""
        if self._memo_obs is not obs:
            self._memo_obs = obs
            self._memo_of.clear()
        return self._memo_of

    def _wards_now(self, obs: Observation) -> list[Unit]:
        named: set[UnitId] = set()
        for obj, status in obs.objectives:
            if (
                obj.side == obs.side
                and status is _PENDING
                and obj.kind
                in (
                    ObjectiveKind.PROTECT,
                    ObjectiveKind.ESCORT,
                )
            ):
                named.update(obj.units)
        return [u for u in obs.own_units() if u.id in named or obs.catalog.units[u.type_id].civilian]

    def _threatens_wards(self, obs: Observation, enemy: Unit) -> bool:
        wards = self._wards(obs)
        if not wards:
            return False
        mask = self._mask(obs, enemy)
        return any(mask[w.tile] for w in wards)

    def _objective_targets(self, obs: Observation) -> set[UnitId]:
        """The enemies this side's pending objectives say to destroy (once per observation; read only)."""
        memo = self._memo(obs)
        found = memo.get("targets")
        if found is None:
            found = memo["targets"] = self._objective_targets_now(obs)
        return cast(set[UnitId], found)

    def _objective_targets_now(self, obs: Observation) -> set[UnitId]:
        out: set[UnitId] = set()
        for obj, status in obs.objectives:
            if obj.side == obs.side and obj.kind is _DESTROY and status is _PENDING:
                out.update(obj.units)
        return out

    def _own_escort_tiles(self, obs: Observation) -> list[int]:
        """The zones this side's people must reach (escort and reach objectives still open)."""
        tiles: list[int] = []
        for obj, status in obs.objectives:
            pending = obj.side == obs.side and status is _PENDING
            if pending and obj.zone and obj.kind in _WALKING:
                tiles += list(obs.grid.tiles(obs.zones.get(obj.zone, 0)))
        return tiles

    def _zone_gates(self, obs: Observation) -> list[int]:
        """Hard: the tiles of the enemy's people's zones where they will come in: for each of the
        people seen or remembered (however long ago: the last place this side saw them), the zone's
        tiles nearest to them by their own path costs (one step of slack). A zone whose people this
        side has never seen is watched from its edge facing the ground this side has seen least
        recently (they come from out there). Waiting at the far side of a zone, out of sight of the
        road in, the hunters would see the people only once they were inside."""
        people = self._enemy_people(obs)
        tiles: list[int] = []
        for obj, status in obs.objectives:
            if not (obs.hostile(obj.side, obs.side) and obj.zone and status is _PENDING):
                continue
            zone = list(obs.grid.tiles(obs.zones.get(obj.zone, 0)))
            if not zone:
                continue
            known = []
            for uid in sorted(set(obj.units) & people):
                unit = obs.units.get(uid)
                if unit is None and uid in self.memory:
                    unit = self.memory[uid][0]
                if unit is not None:
                    known.append(unit)
            cells = np.fromiter(zone, dtype=np.intp, count=len(zone))
            if obj.kind not in _WALKING:
                tiles += zone
                continue
            if not known:
                tiles += self._facing_hidden(obs, cells)
                continue
            for person in known:
                move_class = obs.catalog.units[person.type_id].move_class
                cost = self._field(obs, (person.tile,), move_class)[cells]
                tiles += cells[cost <= cost.min() + 1].tolist()
        return tiles

    def _facing_hidden(self, obs: Observation, cells: np.ndarray) -> list[int]:
        """The edge of the zone ``cells`` that faces the middle of the ground this side has seen least
        recently (never, at first: where the enemy comes from): the tiles whose next tile that way is
        not in the zone, on the side or sides (when the middle lies on a diagonal) it lies to."""
        tables = self._start(obs)
        xs, ys = tables.xs, tables.ys
        hidden = np.asarray(self._search_tiles(obs), dtype=np.intp)
        dx = float(xs[hidden].mean() - xs[cells].mean())
        dy = float(ys[hidden].mean() - ys[cells].mean())
        inside = {(int(xs[c]), int(ys[c])) for c in cells.tolist()}
        steps = []
        if abs(dx) >= abs(dy) / 2 and dx:
            steps.append((1 if dx > 0 else -1, 0))
        if abs(dy) >= abs(dx) / 2 and dy:
            steps.append((0, 1 if dy > 0 else -1))
        edge = [
            c
            for c in cells.tolist()
            if any((int(xs[c]) + sx, int(ys[c]) + sy) not in inside for sx, sy in steps)
        ]
        return edge or cells.tolist()

    def _zone_tiles_of_enemies(self, obs: Observation) -> list[int]:
        """Where the enemy is trying to go (their escort and reach zones): a place to hunt for them."""
        tiles: list[int] = []
        for obj, status in obs.objectives:
            if obs.hostile(obj.side, obs.side) and obj.zone and status is _PENDING:
                tiles += list(obs.grid.tiles(obs.zones.get(obj.zone, 0)))
        return tiles

    def _urgency(self, obs: Observation) -> float:
        """0 to 1: how hard the turn limit presses a side that does not win when it runs out."""
        if obs.on_turn_limit is not None and not obs.hostile(obs.on_turn_limit, obs.side):
            return 0.0
        left = obs.max_turns - obs.turn
        return min(1.0, max(0.0, (URGENCY_TURNS - left) / URGENCY_TURNS))

    def _patience(self, obs: Observation) -> float:
        """0 to 1: how much of its pull toward the enemy a side keeps. Hard (``Style.patient``), when
        the turn limit does not make the enemy win, the enemy has no people to hunt and the mission
        does not give the side a ``hunt`` or ``pursue`` posture, does not go looking for the enemy: it
        lets the enemy come into its guns, until a draw limit presses it (``_urgency``: never, when
        the limit is its own side's)."""
        if not self.style.patient or self._enemy_people(obs):
            return 1.0
        if self._posture(obs) in ("hunt", "pursue"):
            return 1.0  # the mission orders the side to go after the enemy
        if obs.on_turn_limit is not None and obs.hostile(obs.on_turn_limit, obs.side):
            return 1.0
        return float(self._urgency(obs) ** PATIENCE_POWER)

    def _odds(self, obs: Observation) -> float:
        """Own fighting strength over the enemy's (seen and remembered): hit points times best power."""
        tables = self._tables
        assert tables is not None
        if tables.odds is None:
            catalog = obs.catalog

            def strength(units: Iterable[Unit]) -> float:
                total = 0.0
                for u in units:
                    weapons = catalog.units[u.type_id].weapons
                    if weapons:
                        total += u.hp * max(w.power for w in weapons)
                return total

            theirs = strength([*obs.enemies(), *self._remembered(obs)])
            mine = strength(obs.own_units())
            tables.odds = max(mine, 1.0) / theirs if theirs else 1.0
        return tables.odds

    def _sacrificing_commander(self, obs: Observation, unit: Unit) -> int:
        """The strongest ``sacrifice`` among the unit's living commanders (other own units)."""
        memo = self._memo(obs)
        top = memo.get("sacrifice")
        if top is None:
            # the two strongest, once per observation: the strongest other than any one unit is one of
            # them; and once per phase while the same units stand (the roster too: it can be swapped)
            tables = self._start(obs)
            own = obs.own_units()
            key = tuple(u.id for u in own)
            kept = tables.sacrifice
            if kept is not None and kept[0] == key and kept[1] is self.roster:
                top = memo["sacrifice"] = kept[2]
            else:
                ranked = sorted(((self._personality(u).sacrifice, u.id) for u in own), reverse=True)
                top = memo["sacrifice"] = ranked[:2]
                tables.sacrifice = (key, self.roster, top)
        for value, uid in cast(list[tuple[int, UnitId]], top):
            if uid != unit.id:
                return max(0, value)
        return 0

    def _own_token(self, obs: Observation, tables: _Tables) -> int:
        """The own units' ids, tiles, whether they acted and their cool-downs, as a small number that
        stands for them this phase (``_helpers`` is kept per position of the own side)."""
        memo = self._memo(obs)
        found = memo.get("own-token")
        if found is None or found[0] is not tables:
            own = tuple((u.id, u.tile, u.acted, u.cooldown) for u in obs.own_units())
            found = memo["own-token"] = (tables, tables.tokens.setdefault(own, len(tables.tokens)))
        return cast(int, found[1])

    def _presses_layzner(self, obs: Observation) -> bool:
        """Whether the scenario tells this side to press the Layzner (its side's ``press_layzner``)."""
        return any(spec.id == obs.side and spec.press_layzner for spec in obs.sides)

    def _any_wary(self, obs: Observation) -> bool:
        """Whether any other side is a wary garrison (once per observation)."""
        memo = self._memo(obs)
        wary = memo.get("wary")
        if wary is None:
            wary = memo["wary"] = any(spec.wary and spec.id != obs.side for spec in obs.sides)
        return bool(wary)

    def _near_calm_garrison(self, obs: Observation, a: int, b: int) -> bool:
        """Firing this close to a wary garrison would start a second war (we cannot see its alarm)."""
        if not self._any_wary(obs):
            return False
        for spec in obs.sides:
            if not spec.wary or spec.id == obs.side:
                continue
            zone = obs.zones.get(spec.territory, 0) if spec.territory else 0
            if (zone >> a) & 1 or (zone >> b) & 1:
                return True
            for u in obs.units.values():
                if u.side == spec.id and (
                    obs.grid.distance(u.tile, a) <= ALARM_RADIUS
                    or obs.grid.distance(u.tile, b) <= ALARM_RADIUS
                ):
                    return True
        return False

    def _order(self, obs: Observation, legal: Container[Action]) -> list[Unit]:
        """Who acts next: of the fighters in contact, the one with the most to gain from striking now
        (a likely kill spares the others its counter), then the other fighters, civilians last (fighters
        clear their way); ties and the rest by id."""
        catalog = obs.catalog
        enemies = obs.enemies()
        grid = obs.grid
        ready = [u for u in obs.own_units() if not u.acted]

        reaches: dict[UnitId, int] = {}

        def reach_of(u: Unit) -> int:
            found = reaches.get(u.id)
            if found is None:
                utype = catalog.units[u.type_id]
                found = reaches[u.id] = (0 if u.moved else utype.move_points) + max(
                    w.max_range for w in utype.weapons
                )
            return found

        engaged: list[Unit] = []
        armed = [u for u in ready if catalog.units[u.type_id].weapons]
        if armed and enemies:
            xs, ys = grid.xs, grid.ys
            nearest: list[int]
            if len(armed) * len(enemies) <= SMALL_PAIRS:
                nearest = [min(grid.distance(u.tile, e.tile) for e in enemies) for u in armed]
            else:
                # every armed unit's nearest enemy at once (the same test as distance by distance)
                ex = np.array([xs[e.tile] for e in enemies])
                ey = np.array([ys[e.tile] for e in enemies])
                ux = np.array([xs[u.tile] for u in armed])[:, None]
                uy = np.array([ys[u.tile] for u in armed])[:, None]
                nearest = (np.abs(ux - ex) + np.abs(uy - ey)).min(axis=1).tolist()
            in_touch = {u.id for u, d in zip(armed, nearest, strict=True) if d <= reach_of(u)}
            engaged = [u for u in ready if u.id in in_touch]
        self._engaged = {u.id for u in engaged}
        gains: dict[UnitId, float] = {}
        if len(engaged) > 1:
            # ranked again only when the enemy changes (a kill, an ambush), not after every own step
            tables = self._start(obs)
            key = tuple((e.id, e.tile, e.hp) for e in enemies)
            if self.style.press and key not in tables.gains and tables.gains_key is not None:
                # Normal and Hard: only the units that could reach an enemy that changed (hit, gone or
                # new) are ranked again; the others keep their rank
                changed = set(tables.gains_key).symmetric_difference(key)
                kept = tables.gains[tables.gains_key]
                tables.gains[key] = {
                    u.id: kept[u.id]
                    for u in engaged
                    if u.id in kept
                    and not any(grid.distance(u.tile, tile) <= reach_of(u) for _, tile, _ in changed)
                }
            tables.gains_key = key
            gains = tables.gains.setdefault(key, {})
            for u in engaged:
                if u.id not in gains:
                    top = self.candidates(obs, u, legal, limit=1, explain=False)
                    gains[u.id] = top[0].score - top[0].position if top else 0.0
                    if top and self.style.press:
                        self._tops[u.id] = (obs, top[0])
        first = sorted(engaged, key=lambda u: (-gains.get(u.id, 0.0), u.id))
        rest = sorted(
            (u for u in ready if u not in engaged), key=lambda u: (catalog.units[u.type_id].civilian, u.id)
        )
        return first + rest

    def _posture(self, obs: Observation) -> str:
        return obs.posture or self.default_posture

    def _personality(self, unit: Unit) -> Personality:
        if self._persona_roster is not self.roster:  # the roster can be swapped (what-if sliders)
            self._persona_roster = self.roster
            self._personas.clear()
        key = (unit.pilot, unit.type_id)
        found = self._personas.get(key)
        if found is None:
            if self.bias is not None:
                found = self.roster.named(self.bias.personality)
            else:
                found = self.roster.for_unit(unit.pilot, unit.type_id, self.name)
            self._personas[key] = found
        return found

    def _is_earthlike(self, obs: Observation) -> bool:
        return self.name == "earth" or self.bias is not None


@functools.lru_cache(maxsize=16)
def _herd_steps(grid: Grid) -> np.ndarray:
    """``min(max(d - 2, 0), 8)`` for every distance ``d`` on ``grid`` (int32 like ``distance_row``)."""
    d = np.arange(grid.width + grid.height, dtype=np.int32)
    return np.minimum(np.maximum(d - 2, 0), 8)


@functools.lru_cache(maxsize=256)
def _strike_bools(bits: int, size: int) -> np.ndarray:
    """``mask_to_bools`` of a strike mask (read-only), kept across phases: an enemy that has not moved
    strikes the same tiles next phase."""
    arr = mask_to_bools(bits, size)
    arr.flags.writeable = False
    return arr


def _strike_text(utype: UnitType, fc: Forecast) -> str:
    weapon = utype.weapon(fc.strike.weapon)
    name = weapon.name if weapon is not None else fc.strike.weapon
    text = f"{name} on {fc.strike.target}: hit {fc.strike.hit_chance}%, {fc.strike.damage} damage"
    text += f", kill {format_chance(fc.kill_chance)}" if fc.kill_chance else ""
    return text + (f", counter {fc.counter.hit_chance}%" if fc.counter else ", no counter")


def civilian_appetite(cruelty: int) -> float:
    """How a unit values hurting a civilian against a soldier: 0.2 (never first) to 3 (first)."""
    if cruelty < 5:
        return max(0.2, cruelty / 5.0)
    return 1.0 + (cruelty - 5) / 2.5


SCRIPTS = ("greedy", "attack", "hold", "focus")
"""Hard's portfolio: what each unit does in one phase plan (see ``_by_script``)."""
CHASE_SCRIPTS = ("greedy", "attack", "focus")
"""Hard's portfolio when the enemy's people are its objective (the turn limit works for the enemy)."""
CHASE_REPLY = 0.3
"""Hard: how much the enemy's likely reply counts against a plan when hunting the enemy's people."""
SCRIPT_CHOICES = 40
ALONE_WEIGHT = 60.0
"""Hard: points off a phase plan per own fighter it leaves alone in the enemy's reach (``_alone``)."""
"""How many of a unit's best candidates a script chooses from."""


def _by_script(script: str, options: list[Candidate], board: Observation) -> Candidate:
    """``greedy``: the best candidate; ``attack``: the best attack; ``hold``: the best candidate on a tile
    no enemy can strike (or a likely kill); ``focus``: the best attack on the weakest enemy in reach.
    Each falls back to the best candidate when it has nothing of its kind."""
    if script == "attack":
        return next((c for c in options if isinstance(c.action, Attack)), options[0])
    if script == "hold":
        return next((c for c in options if c.danger <= 0 or c.kill_chance >= 50), options[0])
    if script == "focus":
        aims = [(c, c.action.target) for c in options if isinstance(c.action, Attack)]
        if aims:
            weakest = min(board.units[t].hp for _, t in aims)
            return next(c for c, t in aims if board.units[t].hp == weakest)
    return options[0]


def _joint_kill(
    unit: Unit, target: Unit, fc: Forecast, helpers: Sequence[tuple[UnitId, int, float]]
) -> float:
    """The chance that this shot and one from a ``helper`` (another own unit still able to reach
    ``target`` this phase) kill it together when this one alone would not; 0 when no one could."""
    strike = fc.strike
    if strike.damage >= target.hp:
        return 0.0
    best = 0.0
    for helper, damage, hit in helpers:
        if helper != unit.id and strike.damage + damage >= target.hp:
            best = max(best, hit)
    return strike.hit_chance / 100.0 * best


def _imagine(obs: Observation, unit: Unit, pick: Candidate) -> Observation:
    """A new observation as ``pick`` would likely leave the board: the unit moved and done, its target
    hit for the expected damage (gone when more likely dead than not), the expected counter taken.
    The given observation is left as it was."""
    units = dict(obs.units)
    occupant = dict(obs.occupant)
    after = unit.with_(tile=pick.tile, moved=True, acted=True)
    if pick.tile != unit.tile:
        occupant.pop(unit.tile, None)
        occupant[pick.tile] = unit.id
    target = units.get(pick.action.target) if isinstance(pick.action, Attack) else None
    if target is not None and pick.strike is not None:
        if pick.kill_chance >= 50:
            del units[target.id]
            occupant.pop(target.tile, None)
        else:
            units[target.id] = target.with_(hp=max(1, target.hp - round(pick.strike.expected_damage)))
            if pick.counter is not None:
                after = after.with_(hp=max(1, after.hp - round(pick.counter.expected_damage)))
    units[unit.id] = after
    return dataclass_replace(obs, units=units, occupant=occupant)


def _gone_in(obs: Observation, unit: Unit, target: Unit) -> bool:
    """Whether another fighter of ``unit``'s side has acted this phase and stands within range of
    ``target`` (read off the board, so a search's playouts and a loaded game read it alike)."""
    catalog = obs.catalog
    distance = obs.grid.distance
    for u in obs.own_units():
        if u.id == unit.id or not u.acted:
            continue
        weapons = catalog.units[u.type_id].weapons
        if weapons and distance(u.tile, target.tile) <= max(w.max_range for w in weapons):
            return True
    return False


def _guards(obs: Observation, enemy: Unit, people: set[UnitId]) -> bool:
    """Story: ``enemy`` is one of the guards (an armed machine that is not one of the people)."""
    e_type = obs.catalog.units[enemy.type_id]
    return enemy.id not in people and not e_type.civilian and bool(e_type.weapons)


_TargetFacts = tuple[tuple[float, ...], bool, bool, bool, bool, bool, bool]
"""``Tactician._target_facts``: what a shot's worth reads of its target whatever the shot."""

_Forecasts = dict[tuple[object, ...], dict[tuple[int, int, int, bool], Forecast | None]]
_Numbers = dict[tuple[object, ...], dict[tuple[int, int, int, bool], tuple[Strike, Strike | None] | None]]
_FORECASTS: list[tuple[tuple[object, object, object], _Forecasts, _Numbers]] = []
"""The forecasts kept, with the map, catalog and weather rules they were made under (one board at a
time; every policy and game on it shares them)."""


def _lists_all(legal: Container[Action], obs: Observation, unit: Unit) -> bool:
    """Whether ``legal`` is the engine's whole listing for ``obs`` and ``unit`` is one of the side's units
    on it that may still act (``LegalActions.lists_all_of``). Then ``candidates`` takes an attack from
    where the unit stands as legal: ``_options`` makes the tests the engine's ``_is_listed`` makes (a
    visible enemy, the fire zone, a ready weapon in reach); a rule added to one must go into the other
    (tests/test_ai_legal_listing.py compares the two)."""
    return (
        isinstance(legal, LegalActions)
        and legal.lists_all_of(obs)
        and obs.units.get(unit.id) is unit
        and unit.side == obs.side
        and not unit.acted
    )


def _kept_forecasts(obs: Observation) -> tuple[_Forecasts, _Numbers]:
    """The forecasts kept for this board: (shooter, weapon index, target, as ``_combat_key`` reads them,
    with the target's HP, storm and cover on its tile) -> (what a forecast reads of the tile it fires
    from: distance, storm there, cover, clear line) -> the forecast (None: out of reach). Nothing else
    of the board enters a forecast, so they hold from phase to phase and game to game. And beside them
    the strikes and counters the same way but without the target's HP, which neither reads: a target
    that took a hit needs only its kill chance worked out again (``combat.forecast_of``)."""
    if _FORECASTS:
        (grid, catalog, rules), kept, numbers = _FORECASTS[0]
        if (
            grid is obs.grid
            and catalog is obs.catalog
            and rules is obs.weather_rules
            and len(kept) + len(numbers) <= FORECAST_PAIRS
        ):
            return kept, numbers
    _FORECASTS[:] = [((obs.grid, obs.catalog, obs.weather_rules), {}, {})]
    return _FORECASTS[0][1], _FORECASTS[0][2]


def _target_keys(obs: Observation, target: Unit) -> tuple[tuple[object, ...], tuple[object, ...]]:
    """What a forecast reads of the machine shot at: ``_combat_key``, its HP, storm and cover on its
    tile; and the same without the HP (what the strike's and the counter's numbers read)."""
    numbers = (_combat_key(obs, target), (obs.storm_mask >> target.tile) & 1, obs.grid.cover[target.tile])
    return (numbers[0], target.hp, numbers[1], numbers[2]), numbers


def _shot_key(obs: Observation, tile: int, target_tile: int, d: int) -> tuple[int, int, int, bool]:
    """What a forecast reads of the tile fired from (``d`` away from the target's): the distance, storm
    and cover there and a clear line of fire (the same both ways). The storm is the observation's: dust
    kicked up mid-phase changes ranges and aim."""
    grid = obs.grid
    return (d, (obs.storm_mask >> tile) & 1, grid.cover[tile], d > 1 and grid.line_clear(tile, target_tile))


def _combat_key(obs: Observation, unit: Unit) -> tuple[object, ...]:
    """What ``forecast_strike`` reads of a machine, shooting or shot at, but its tile and (of a target)
    its HP: which weapons are ready (energy and ammo count only so), V-MAX and its cool-down, a severed
    head, and whether Folon could fire V-MAX (then the HP too). The shooter's tile enters through the
    distance, storm, cover and line of fire; the target's through its storm and cover."""
    utype = obs.catalog.units[unit.type_id]
    armed = folon_armed(obs, unit)
    return (
        unit.id,
        unit.type_id,
        unit.pilot,
        tuple(weapon_ready(utype, unit, i) for i in range(len(utype.weapons))),
        unit.vmax,
        unit.cooldown > 0,
        unit.severed,
        unit.hp if armed else -1,
    )


def _kill_chance(strike: Strike, hp: int) -> int:
    if strike.damage >= hp:
        return strike.hit_chance
    if strike.crit_damage >= hp:
        return strike.hit_chance * strike.crit_chance // 100
    return 0


def distance_field(grid: Grid, sources: Iterable[int], move_class: int, unsafe: int = 0) -> list[int]:
    """Dijkstra from every source at once over the terrain's move costs; ``FAR`` where unreachable
    (and from ``FAR`` on).

    Tiles in the ``unsafe`` bitmask cost ``UNSAFE_STEP`` more to step on. Steps cost small integers, so
    the queue is a bucket per distance (Dial's algorithm): the same distances as a heap, sooner.
    """
    if unsafe:
        costs = grid.costs[move_class]
        # the field runs from the goal outward: stepping from n to t would enter t, but a symmetric
        # penalty on n keeps the sense "a path through threatened tiles costs more"
        bad = mask_to_array(unsafe, grid.size).tolist()
        step = [
            IMPASSABLE if c == IMPASSABLE else c + UNSAFE_STEP * b for c, b in zip(costs, bad, strict=True)
        ]
        steps = _steps(grid.neighbours, step)
    else:
        steps = _plain_steps(grid, move_class)
    dist = [FAR] * grid.size
    buckets: dict[int, list[int]] = {0: []}
    for s in sources:
        dist[s] = 0
        buckets[0].append(s)
    d = 0
    while buckets:
        bucket = buckets.pop(d, None)
        if bucket is not None:
            for t in bucket:
                if dist[t] != d:
                    continue
                for n, c in steps[t]:
                    nd = d + c
                    if nd < dist[n]:
                        dist[n] = nd
                        found = buckets.get(nd)
                        if found is None:
                            buckets[nd] = [n]
                        else:
                            found.append(n)
        d += 1
    return dist


def _steps(
    neighbours: Sequence[Sequence[int]], step: Sequence[int]
) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Per tile, (neighbour, cost of entering it) for the neighbours that can be entered."""
    return tuple(tuple((n, step[n]) for n in around if step[n] != IMPASSABLE) for around in neighbours)


@functools.lru_cache(maxsize=16)
def _plain_steps(grid: Grid, move_class: int) -> tuple[tuple[tuple[int, int], ...], ...]:
    """``_steps`` over the map's own costs, once per map and move class (a grid never changes)."""
    return _steps(grid.neighbours, grid.costs[move_class])


def _factory(name: str) -> object:
    def make(side: SideId, seed: int, posture: str, level: str) -> Tactician:
        return Tactician(side, seed, posture, name, level=level)

    return make


for _name in ("grados", "earth", "aggressive"):
    register_policy(_name, _factory(_name))  # type: ignore[arg-type]


def _short_phases(draws: Sequence[int], supply: int) -> int:
    """Phases without air ahead, when breathing unit ``i`` draws in ``draws[i]`` more phases and the
    side holds ``supply``: a phase whose breathers need more than is left empties the supply."""
    short = 0
    for phase in range(1, max(draws, default=0) + 1):
        breathing = sum(1 for d in draws if d >= phase)
        if supply >= breathing:
            supply -= breathing
        else:
            supply = 0
            short += 1
    return short
