"""The rules: starting a game, what is legal, and applying actions.

One definition of legal: ``is_legal(state, action)`` (with ``illegal_reason`` saying why not) is exactly
what ``apply`` accepts; ``apply`` raises ``IllegalActionError`` (changing nothing) for anything else and
otherwise changes ``state`` in place and returns the events in order. ``legal_actions`` lists a subset
of the legal actions, as python-chess's ``legal_moves`` does for ``is_legal``: every legal action except
that a Move is listed along one cheapest path per destination, while ``is_legal`` accepts a Move along
any path the rules allow. Legality is decided from what the acting side sees, so neither the list nor
``is_legal`` reveals hidden units (a path into a hidden unit is legal and is stopped short by an ambush).
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from typing import Final, SupportsIndex, assert_never, cast, overload

from ..i18n import N_, T_, Join, Text
from .actions import Action, Attack, EndPhase, Move, Special, UndoMove, Wait
from .board import Board
from .catalog import Catalog, MoveClass, UnitType
from .combat import (
    Forecast,
    Strike,
    folon_armed,
    forecast_strike,
    in_reach,
    strike_numbers,
    talk_chance,
    weapon_ready,
)
from .errors import DataError, IllegalActionError
from .events import (
    AlarmRaised,
    Ambushed,
    AttackResolved,
    BoggedDown,
    CooldownEnded,
    Dialogue,
    DustRaised,
    DustSettled,
    Event,
    Fate,
    FlagSet,
    FolonIntervened,
    GameOver,
    HeadSevered,
    MoveUndone,
    ObjectiveAdded,
    ObjectiveCompleted,
    ObjectiveFailed,
    Outcome,
    OxygenChanged,
    PhaseEnded,
    PhaseStarted,
    PilotFate,
    PostureChanged,
    Reinforcements,
    TalkAttempted,
    Termination,
    TerrainChanged,
    UnitDestroyed,
    UnitDisabled,
    UnitEvacuated,
    UnitMoved,
    UnitSuffocated,
    UnitWaited,
    VmaxActivated,
    VmaxControlChanged,
    VmaxEnded,
    WeatherChanged,
)
from .grid import Grid
from .ids import SideId, TerrainId, Tile, UnitId, UnitTypeId, ZoneId
from .movement import Reach, move_points, path_cost, reach_mask, reachable_tiles
from .observation import Observation, observe
from .references import setup_problems
from .setup import (
    ChangeTerrain,
    Condition,
    Devastate,
    GameSetup,
    Objective,
    ObjectiveKind,
    ObjectiveStatus,
    OnDestroyed,
    OnEnterZone,
    OnHpBelow,
    OnPhase,
    OnTurn,
    RaiseAlarm,
    Reinforce,
    Say,
    SetFlag,
    SetObjective,
    SetPosture,
    SetVmaxControl,
    SetWeather,
    SideSpec,
    Storm,
    UnitPlacement,
)
from .state import GameState
from .units import NO_TILE, Unit

VMAX = "vmax"
DUST = "dust"
TALK = "talk"
CAPTURE = "capture"
SPARE = "spare"
SPECIALS = (VMAX, DUST, TALK, CAPTURE, SPARE)


# Starting a game ------------------------------------------------------------------------------


def new_game(setup: GameSetup, seed: int) -> GameState:
    """The state at the start of turn 1, first side's phase; ``state.opening_events`` says what happened.

    Raises ``DataError`` (a ``ValueError``) listing every dangling or duplicated reference
    (``references.setup_problems``: the loader runs the same check and reports it with file lines).
    """
    problems = setup_problems(setup)
    if problems:
        raise DataError(problems, setup.scenario_id or "setup")
    state = GameState(setup, seed)
    grid = setup.grid
    for p in setup.units:
        utype = setup.catalog.units.get(p.type_id)
        if utype is None:
            raise ValueError(f"unit {p.id!r}: unknown type {p.type_id!r}")
        if not 0 <= p.tile < grid.size or not grid.passable(p.tile, utype.move_class):
            raise ValueError(f"unit {p.id!r} cannot stand on tile {p.tile}")
        if p.tile in state.occupant:
            raise ValueError(f"unit {p.id!r} is placed on {state.occupant[p.tile]!r}")
        if p.id in state.units:
            raise ValueError(f"two units are called {p.id!r}")
        state.put(_make_unit(state, p, p.tile))
    state.set_storms(setup.weather)
    events: list[Event] = []
    _start_phase(state, events)
    state.opening_events = tuple(events)
    return state


def _make_unit(state: GameState, p: UnitPlacement, tile: int) -> Unit:
    return placed_unit(state.catalog, p, tile)


def placed_unit(catalog: Catalog, p: UnitPlacement, tile: int) -> Unit:
    """The unit a placement brings onto ``tile``: its HP share, full energy and ammunition."""
    utype = catalog.units[p.type_id]
    return Unit(
        id=p.id,
        type_id=p.type_id,
        side=p.side,
        pilot=p.pilot,
        tile=Tile(tile),
        hp=max(1, utype.hp * p.hp_pct // 100),
        energy=utype.energy,
        ammo=tuple(-1 if w.ammo is None else w.ammo for w in utype.weapons),
        folon=p.folon and utype.vmax is not None,
    )


# What is legal --------------------------------------------------------------------------------


def legal_actions(state: GameState) -> list[Action]:
    """The legal actions of the side to act that a policy chooses from, computed from its observation.

    A subset of what ``is_legal`` accepts: every legal action, with each Move listed along one cheapest
    path per destination (``is_legal`` and ``apply`` also accept any other path the rules allow).
    Membership in this list is therefore not the test of legality: ask ``is_legal``.
    """
    return legal_actions_for(observe(state, state.side_to_act))


class LegalActions(list[Action]):
    """The list ``legal_actions_for`` returns: worked out only when it is read as a list.

    A policy mostly asks whether a few actions are legal; ``action in legal`` answers that from the
    observation for the one action (what the whole list would say) without listing the rest. Reading
    the list in any way (length, items, iteration, comparison, printing, copying) lists it, once, in the
    order ``legal_actions_for`` states. Once the list is changed in any way, membership is the plain
    list's again. A listed side always has at least ``EndPhase``, so the list is true without listing.
    """

    __slots__ = ("_listed", "_obs", "_sealed")

    def __init__(self, obs: Observation) -> None:
        super().__init__()
        self._obs = obs
        self._listed = False
        self._sealed = True

    def _list(self) -> None:
        if not self._listed:
            self._listed = True
            list.extend(self, _listing(self._obs))

    def lists_all_of(self, obs: Observation) -> bool:
        """Whether this is, unchanged, the whole listing for ``obs``: then a unit of ``obs`` that has
        not acted may make every attack ``in_reach`` of where it stands (on a foe it sees and may fire
        at, with a ready weapon), and an unmoved one every move along ``reachable_tiles(obs, unit)``'s
        path to a destination, without asking one by one."""
        return self._sealed and self._obs is obs

    def __contains__(self, action: object) -> bool:
        if not self._sealed:
            return list.__contains__(self, action)
        return _is_listed(self._obs, action)

    def __bool__(self) -> bool:
        return True if not self._listed else list.__len__(self) > 0

    def __len__(self) -> int:
        self._list()
        return list.__len__(self)

    def __iter__(self) -> Iterator[Action]:
        self._list()
        return list.__iter__(self)

    def __reversed__(self) -> Iterator[Action]:
        self._list()
        return list.__reversed__(self)

    @overload
    def __getitem__(self, index: SupportsIndex) -> Action: ...
    @overload
    def __getitem__(self, index: slice) -> list[Action]: ...
    def __getitem__(self, index: SupportsIndex | slice) -> Action | list[Action]:
        self._list()
        return list.__getitem__(self, index)

    def __repr__(self) -> str:
        self._list()
        return list.__repr__(self)

    def __eq__(self, other: object) -> bool:
        self._list()
        _listed(other)
        return list.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        self._list()
        _listed(other)
        return list.__ne__(self, other)

    def __lt__(self, other: list[Action]) -> bool:
        self._list()
        _listed(other)
        return list.__lt__(self, other)

    def __le__(self, other: list[Action]) -> bool:
        self._list()
        _listed(other)
        return list.__le__(self, other)

    def __gt__(self, other: list[Action]) -> bool:
        self._list()
        _listed(other)
        return list.__gt__(self, other)

    def __ge__(self, other: list[Action]) -> bool:
        self._list()
        _listed(other)
        return list.__ge__(self, other)

    def __add__(self, other: list[Action]) -> list[Action]:  # type: ignore[override]
        self._list()
        _listed(other)
        return list.__add__(self, other)

    def __radd__(self, other: list[Action]) -> list[Action]:
        self._list()
        return other + list(self)

    def __mul__(self, n: SupportsIndex) -> list[Action]:
        self._list()
        return list.__mul__(self, n)

    def __rmul__(self, n: SupportsIndex) -> list[Action]:
        self._list()
        return list.__rmul__(self, n)

    def index(self, value: Action, start: SupportsIndex = 0, stop: SupportsIndex = sys.maxsize) -> int:
        self._list()
        return list.index(self, value, start, stop)

    def count(self, value: Action) -> int:
        self._list()
        return list.count(self, value)

    def copy(self) -> list[Action]:
        self._list()
        return list(list.__iter__(self))

    def __sizeof__(self) -> int:
        self._list()
        return list.__sizeof__(self)

    def __reduce__(self) -> tuple[type[list[Action]], tuple[list[Action]]]:
        self._list()
        return list, (list(list.__iter__(self)),)  # copied or pickled, it is a plain list


def _listed(other: object) -> None:
    """Another unread ``LegalActions`` met by a list operation is listed first (the operation reads its
    items directly)."""
    if isinstance(other, LegalActions):
        other._list()


def _unsealing(name: str) -> None:
    plain = getattr(list, name)

    def changed(self: LegalActions, *args: object, **kwargs: object) -> object:
        self._list()
        self._sealed = False
        return plain(self, *args, **kwargs)

    changed.__name__ = name
    setattr(LegalActions, name, changed)


for _name in (
    "__setitem__",
    "__delitem__",
    "__iadd__",
    "__imul__",
    "append",
    "extend",
    "insert",
    "pop",
    "remove",
    "sort",
    "reverse",
    "clear",
):
    _unsealing(_name)


def legal_actions_for(obs: Observation) -> list[Action]:
    """``legal_actions`` from what a side sees; empty when it is not that side's phase or the game is
    over.

    Order: per unit (by id) a V-MAX, moves (by destination tile, one cheapest path each), attacks (by
    weapon, then target id), dust, talks, captures and spares, wait, undo; then ``EndPhase`` last. The
    list is a ``LegalActions``: listed when first read, its membership test quick before that.
    """
    if obs.outcome is not None or obs.side != obs.side_to_act:
        return []
    return LegalActions(obs)


def _listing(obs: Observation) -> list[Action]:
    """The actions of ``legal_actions_for``, listed."""
    out: list[Action] = []
    enemies = obs.enemies()
    own = obs.own_units()
    # keeping pays on a big side (most units' lists stay as they were); a small side's lists change
    # with nearly every action, and are cheap to work out
    keep = len(own) > KEEP_FROM
    # the same for every unit of the side: read once
    enemy_mask = obs.blocking_mask(obs.side) if keep else 0
    occupied = obs.occupied_mask() if keep else 0
    for u in own:
        if u.acted:
            continue
        before, moves, _, after = (
            _unit_actions(obs, u, enemies, enemy_mask, occupied)
            if keep
            else _unit_actions_now(obs, u, enemies)[0]
        )
        out.extend(before)
        out.extend(moves)
        out.extend(after)
    out.append(EndPhase(obs.side))
    return out


def _is_listed(obs: Observation, action: object) -> bool:
    """Whether ``_listing(obs)`` holds ``action`` (equal to one of its actions), worked out for that
    action alone: the same tests ``_unit_actions_now`` makes for the unit it names."""
    kind = type(action)
    if kind is EndPhase:
        return cast(EndPhase, action).side == obs.side
    if kind not in _UNIT_ACTIONS:
        return False
    act = cast("Move | Attack | Wait | Special | UndoMove", action)
    u = obs.units.get(act.unit)
    if u is None or u.side != obs.side or u.acted or u.id != act.unit:
        return False
    if kind is Wait:
        return True
    if kind is Move:
        path = cast(Move, act).path
        if u.moved or not isinstance(path, tuple) or not path:
            return False
        reach = reachable_tiles(obs, u)
        dest = path[-1]
        if dest not in _destinations(reach):
            return False
        return reach.path(dest) == path
    utype = obs.catalog.units[u.type_id]
    if kind is Attack:
        # (the AI trusts its own attacks from where a unit stands without asking: ``ai.tactical``'s
        # ``_options`` makes these same tests; a rule added here must be added there)
        attack = cast(Attack, act)
        e = obs.units.get(attack.target)
        if e is None or e.id != attack.target or not obs.hostile(obs.side, e.side) or not utype.weapons:
            return False
        if not may_fire_at(obs, e):
            return False
        longest = max(w.max_range for w in utype.weapons)
        if obs.grid.distance(u.tile, e.tile) > longest:
            return False
        return any(
            weapon.id == attack.weapon and weapon_ready(utype, u, i) and in_reach(obs, weapon, u, e)
            for i, weapon in enumerate(utype.weapons)
        )
    if kind is UndoMove:
        return _may_undo(obs, u)
    special = cast(Special, act)
    name, target = special.name, special.target
    if name in (VMAX, DUST):
        if target is not None:
            return False
        if name == VMAX:
            return not u.moved and vmax_ready(obs, u)
        return _dust_problem(obs, u) is None
    if target is None:
        return False
    if name == TALK:
        if not obs.catalog.pilot(u.pilot).persuasion:
            return False
        e = obs.units.get(target)
        return (
            e is not None
            and e.id == target
            and obs.hostile(obs.side, e.side)
            and bool(talk_chance(obs, u, e))
        )
    if name in (CAPTURE, SPARE):
        wreck = obs.wrecks.get(target)
        return wreck is not None and _may_salvage(obs, u, utype, wreck)
    return False


_UNIT_ACTIONS = frozenset((Move, Attack, Wait, Special, UndoMove))


# The tests the listing and the one-action membership test share
def may_fire_at(obs: Observation, enemy: Unit) -> bool:
    """Outside a side's fire zone (a garrison holding fire outside its walls) nothing may be fired on."""
    return obs.hold_fire_outside == -1 or bool((obs.hold_fire_outside >> enemy.tile) & 1)


def _may_undo(obs: Observation, u: Unit) -> bool:
    return u.moved and u.origin != NO_TILE and u.origin not in obs.occupant


def _may_salvage(obs: Observation, u: Unit, utype: UnitType, wreck: Unit) -> bool:
    """Capture or spare: a fighting machine beside the wreck."""
    return not utype.civilian and obs.grid.distance(u.tile, wreck.tile) <= 1


def _destinations(reach: Reach) -> frozenset[int]:
    """``reach.destinations`` as a set, once per reach."""
    key = ("destination-set", reach.destinations)
    found = reach.shared.get(key)
    if found is None:
        found = reach.shared[key] = frozenset(reach.destinations)
    return cast(frozenset[int], found)


_UnitActions = tuple[tuple[Action, ...], tuple[Move, ...], frozenset[Move] | None, tuple[Action, ...]]
_KEPT: dict[UnitId, tuple[Unit, tuple[object, object, SideId], tuple[object, ...], _UnitActions]] = {}
"""Per unit: the unit (itself, not an equal one), the map, catalog and side, what its actions were read
from, and the actions."""
KEPT_UNITS = 4096
KEEP_FROM = 8
"""Sides with more units than this keep each unit's legal actions between decisions."""


def _unit_actions(
    obs: Observation, u: Unit, enemies: list[Unit], enemy_mask: int, occupied: int
) -> _UnitActions:
    """One unit's part of ``legal_actions_for`` (its V-MAX; its moves and their set; the rest), kept
    while everything it is read from stays: the unit itself, the enemy tiles inside its move's reach,
    which of the tiles it reaches are taken, the enemies, storm and fire zone within its weapons' range,
    whether its starting tile is free. Talkers and units beside wrecks are worked out every time.
    ``enemy_mask``: the tiles of the enemies in sight (``blocking_mask``); ``occupied``: every unit's."""
    catalog = obs.catalog
    grid = obs.grid
    utype = catalog.units[u.type_id]
    longest = max((w.max_range for w in utype.weapons), default=0)
    zone = grid.near_mask(u.tile, longest)
    in_range = enemy_mask & zone
    found = _KEPT.get(u.id)
    same = (
        found is not None
        and found[0] is u
        and found[1][0] is grid
        and found[1][1] is catalog
        and found[1][2] == obs.side
    )
    reached = cast(int, found[2][0]) if same and found is not None else 0
    key: tuple[object, ...] = (
        reached,
        0 if u.moved else enemy_mask & grid.near_mask(u.tile, move_points(catalog, u)),
        occupied & reached,
        in_range,
        tuple(obs.occupant[t] for t in grid.tiles(in_range)) if in_range else (),
        obs.storm_mask & zone,
        obs.hold_fire_outside,
        u.moved and u.origin != NO_TILE and not (occupied >> u.origin) & 1,
    )
    fresh = bool(catalog.pilot(u.pilot).persuasion) or (bool(obs.wrecks) and not utype.civilian)
    if same and found is not None and not fresh and found[2] == key:
        return found[3]
    made, reach = _unit_actions_now(obs, u, enemies)
    if reach is not None:
        reached = reach_mask(reach)
        key = (reached, key[1], occupied & reached, *key[3:])
    else:
        key = (0, *key[1:])
    if len(_KEPT) >= KEPT_UNITS:
        _KEPT.clear()
    _KEPT[u.id] = (u, (grid, catalog, obs.side), key, made)
    return made


def _unit_actions_now(obs: Observation, u: Unit, enemies: list[Unit]) -> tuple[_UnitActions, Reach | None]:
    """``_unit_actions`` worked out, and the unit's reach when it may still move."""
    catalog = obs.catalog
    utype = catalog.units[u.type_id]
    xs, ys = obs.grid.xs, obs.grid.ys
    before: list[Action] = []
    moves: tuple[Move, ...] = ()
    moveset: frozenset[Move] | None = None
    out: list[Action] = []
    reach: Reach | None = None
    if not u.moved:
        if vmax_ready(obs, u):
            before.append(Special(u.id, VMAX))
        reach = reachable_tiles(obs, u)
        # the same search with the same free tiles lists the same moves: built once
        key = ("moves", u.id, reach.destinations)
        found = cast("tuple[tuple[Move, ...], frozenset[Move]] | None", reach.shared.get(key))
        if found is None:
            # one Move per unit and tile of the search, whichever tiles are free this time
            made = cast("dict[int, Move] | None", reach.shared.get(("move", u.id)))
            if made is None:
                made = {}
                reach.shared[("move", u.id)] = made
            paths = reach.paths()
            for t in reach.destinations:
                if t not in made:
                    made[t] = Move(u.id, paths[t])
            listed = tuple(made[t] for t in reach.destinations)
            found = (listed, frozenset(listed))
            reach.shared[key] = found
        moves, moveset = found
    targets = enemies
    if obs.hold_fire_outside != -1:
        targets = [e for e in enemies if may_fire_at(obs, e)]
    if utype.weapons and targets:
        # ``in_reach`` is false beyond a weapon's range: only targets within the longest are asked
        # (most of a big board's enemies are far away)
        longest = max(w.max_range for w in utype.weapons)
        x, y = xs[u.tile], ys[u.tile]
        near = [e for e in targets if abs(xs[e.tile] - x) + abs(ys[e.tile] - y) <= longest]
        for i, weapon in enumerate(utype.weapons):
            if near and weapon_ready(utype, u, i):
                out.extend(Attack(u.id, weapon.id, e.id) for e in near if in_reach(obs, weapon, u, e))
    if _dust_problem(obs, u) is None:
        out.append(Special(u.id, DUST))
    if catalog.pilot(u.pilot).persuasion:
        out.extend(Special(u.id, TALK, e.id) for e in enemies if talk_chance(obs, u, e))
    for wid, wreck in obs.wrecks.items():
        if _may_salvage(obs, u, utype, wreck):
            out.extend((Special(u.id, CAPTURE, wid), Special(u.id, SPARE, wid)))
    out.append(Wait(u.id))
    if _may_undo(obs, u):
        out.append(UndoMove(u.id))
    return (tuple(before), moves, moveset, tuple(out)), reach


def vmax_block(board: Observation | GameState, unit: Unit) -> tuple[Text, Text] | None:
    """Why ``unit`` cannot fire V-MAX now, as (a short label for a menu, the full reason), or None
    (``Text``: ``str()`` is the English, the UI translates them)."""
    utype = board.catalog.units[unit.type_id]
    if utype.vmax is None:
        return Text(""), T_("{unit} has no V-MAX", unit=utype.name)
    if unit.folon:
        return T_("held by Folon"), T_("V-MAX does not answer the pilot: a hidden system controls it")
    if unit.vmax:
        return T_("active"), T_("V-MAX is already active")
    if unit.cooldown:
        n = unit.cooldown
        return T_("cooling ({n})", n=n), T_("V-MAX is cooling down ({n} more phase(s))", n=n)
    if unit.moved or unit.acted:
        return T_("only before moving"), T_("V-MAX must be triggered before the unit moves or acts")
    if unit.energy < utype.vmax.energy_cost:
        cost = utype.vmax.energy_cost
        return T_("needs {cost} EN", cost=cost), T_(
            "V-MAX needs {cost} energy, {left} left", cost=cost, left=unit.energy
        )
    return None


def vmax_ready(board: Observation | GameState, unit: Unit) -> bool:
    """Whether ``unit`` can fire V-MAX now (``vmax_block`` is None), without writing out the reasons:
    asked for every unit at every decision."""
    vmax = board.catalog.units[unit.type_id].vmax
    return (
        vmax is not None
        and not (unit.folon or unit.vmax or unit.cooldown or unit.moved or unit.acted)
        and unit.energy >= vmax.energy_cost
    )


def _vmax_problem(board: Observation | GameState, unit: Unit) -> str | None:
    block = vmax_block(board, unit)
    return str(block[1]) if block is not None else None


def _dust_problem(board: Observation | GameState, unit: Unit) -> str | None:
    utype = board.catalog.units[unit.type_id]
    if not utype.raises_dust:
        return f"{utype.name} cannot kick up dust"
    if unit.acted:
        return f"{unit.id} has already acted"
    return None


def _talk_problem(state: GameState, unit: Unit, target_id: UnitId | None) -> str | None:
    if unit.acted:
        return f"{unit.id} has already acted"
    target = state.units.get(target_id) if target_id else None
    if target is None or not (state.visible_mask(unit.side) >> target.tile) & 1:
        return f"no pilot {target_id!r} in sight to call"
    if not state.hostile(unit.side, target.side):
        return f"{target.id} is not an enemy"
    if not talk_chance(state, unit, target):
        return f"{target.id}'s pilot will not listen to {unit.id}'s pilot (or is out of radio range)"
    return None


def _wreck_problem(state: GameState, unit: Unit, target_id: UnitId | None) -> str | None:
    if unit.acted:
        return f"{unit.id} has already acted"
    if state.catalog.units[unit.type_id].civilian:
        return f"{unit.id} cannot take prisoners"
    wreck = state.wrecks().get(target_id) if target_id else None
    if wreck is None or not (state.visible_mask(unit.side) >> wreck.tile) & 1:
        return f"no disabled machine {target_id!r} in sight"
    if not state.hostile(unit.side, wreck.side):
        return f"{wreck.id} is not an enemy"
    if state.grid.distance(unit.tile, wreck.tile) > 1:
        return f"{unit.id} must stand next to {wreck.id}"
    return None


def is_legal(state: GameState, action: Action) -> bool:
    """Whether ``apply(state, action)`` would accept ``action`` now: the one definition of legal.

    Every action ``legal_actions`` lists is legal; so is a Move along any other path the rules allow.
    ``illegal_reason`` says why an action is not legal.
    """
    return illegal_reason(state, action) is None


def illegal_reason(state: GameState, action: Action) -> str | None:
    """Why ``action`` is illegal now (a sentence the UI can show), or None when it is legal."""
    if state.outcome is not None:
        return "the game is over"
    side = state.side_to_act
    if isinstance(action, EndPhase):
        return None if action.side == side else f"it is {side}'s phase, not {action.side}'s"
    unit = state.units.get(action.unit)
    if unit is None:
        return f"there is no unit {action.unit!r} on the map"
    if unit.side != side:
        return f"{unit.id} belongs to {unit.side}, and it is {side}'s phase"
    match action:
        case Move(_, path):
            return _move_problem(state, unit, path)
        case Attack(_, weapon_id, target_id):
            return _attack_problem(state, unit, weapon_id, target_id)
        case Wait():
            return f"{unit.id} has already acted" if unit.acted else None
        case Special(_, name, target):
            if name in (VMAX, DUST) and target is not None:
                return f"{name} takes no target"
            if name == VMAX:
                return _vmax_problem(state, unit)
            if name == DUST:
                return _dust_problem(state, unit)
            if name == TALK:
                return _talk_problem(state, unit, target)
            if name in (CAPTURE, SPARE):
                return _wreck_problem(state, unit, target)
            return f"unknown special {name!r}; known: {', '.join(SPECIALS)}"
        case UndoMove():
            if not unit.moved or unit.acted or unit.origin == NO_TILE:
                return f"{unit.id} has no move to undo"
            if unit.origin in state.occupant:
                return f"{unit.id}'s starting tile is taken now"
            return None
        case _:
            assert_never(action)


def _move_problem(state: GameState, unit: Unit, path: tuple[Tile, ...]) -> str | None:
    if unit.acted:
        return f"{unit.id} has already acted"
    if unit.moved:
        return f"{unit.id} has already moved this phase"
    if len(path) < 2:
        return "a move needs at least one step"
    if path[0] != unit.tile:
        return f"the path must start at {unit.id}'s tile"
    if len(set(path)) != len(path):
        return "the path visits a tile twice"
    grid = state.grid
    if not all(0 <= t < grid.size for t in path):
        return "the path leaves the map"
    utype = state.catalog.units[unit.type_id]
    cost = path_cost(grid, utype.move_class, path)
    if cost is None:
        return f"the path has a step that is not to a neighbouring tile {utype.name} can enter"
    mp = move_points(state.catalog, unit)
    if cost > mp:
        return f"the path costs {cost} move points, {unit.id} has {mp}"
    visible = state.visible_mask(unit.side)
    for t in path[1:]:
        other = state.unit_at(t)
        if other is None:
            continue
        seen = (visible >> t) & 1
        if seen and state.hostile(unit.side, other.side):
            return f"the path crosses {other.id}"
        if t == path[-1] and (seen or not state.hostile(unit.side, other.side)):
            return f"the destination is taken by {other.id}"
    return None


def _attack_problem(state: GameState, unit: Unit, weapon_id: str, target_id: str) -> str | None:
    if unit.acted:
        return f"{unit.id} has already acted"
    utype = state.catalog.units[unit.type_id]
    index = utype.weapon_index(weapon_id)
    if index < 0:
        return f"{utype.name} has no weapon {weapon_id!r}"
    weapon = utype.weapons[index]
    if unit.cooldown:
        return f"{unit.id} cannot attack during V-MAX cool-down"
    if unit.ammo[index] == 0:
        return f"{weapon.name} is out of ammunition"
    if unit.energy < weapon.energy_cost:
        return f"{weapon.name} needs {weapon.energy_cost} energy, {unit.energy} left"
    target = state.units.get(target_id)  # type: ignore[call-overload]
    if target is None or not (state.visible_mask(unit.side) >> target.tile) & 1:
        return f"no target {target_id!r} in sight"
    if not state.hostile(unit.side, target.side):
        return f"{target.id} is an ally"
    if not (state.fire_zone(unit.side) >> target.tile) & 1:
        return f"{unit.side} holds its fire outside its territory until alarmed"
    if not in_reach(state, weapon, unit, target):
        return f"{target.id} is out of {weapon.name}'s reach or line of fire"
    return None


def forecast(board: Board, attack: Attack) -> Forecast:
    """The exact numbers ``apply`` will use for ``attack`` (on a state or an observation)."""
    attacker = board.units[attack.unit]
    target = board.units[attack.target]
    weapon = board.catalog.units[attacker.type_id].weapon(attack.weapon)
    if weapon is None:
        raise KeyError(f"{attacker.type_id} has no weapon {attack.weapon!r}")
    return forecast_strike(board, attacker, weapon, target)


# Applying actions -----------------------------------------------------------------------------


def apply(state: GameState, action: Action) -> list[Event]:
    """Apply a legal action in place and return what happened; illegal actions change nothing."""
    reason = illegal_reason(state, action)
    if reason is not None:
        raise IllegalActionError(action, reason)
    events: list[Event] = []
    match action:
        case EndPhase():
            _end_phase(state, events)
            state.update_cache_beliefs()
            return events
        case Move(unit_id, path):
            _do_move(state, state.units[unit_id], path, events)
        case Attack(unit_id, weapon_id, target_id):
            _do_attack(state, unit_id, weapon_id, target_id, events)
        case Wait(unit_id):
            state.put(state.units[unit_id].with_(acted=True, moved=True, origin=NO_TILE))
            events.append(UnitWaited(unit_id))
        case Special(unit_id, name) if name == DUST:
            unit = state.units[unit_id]
            state.put(unit.with_(acted=True, moved=True, origin=NO_TILE))
            state.set_dust(unit_id, unit.side, state.grid.near_mask(unit.tile, 1))
            events.append(DustRaised(unit_id, unit.tile))
        case Special(unit_id, name, target) if name == TALK and target is not None:
            _do_talk(state, state.units[unit_id], state.units[target], events)
        case Special(unit_id, name, target) if name in (CAPTURE, SPARE) and target is not None:
            unit = state.units[unit_id]
            state.put(unit.with_(acted=True, moved=True, origin=NO_TILE))
            fate = Fate.CAPTURED if name == CAPTURE else Fate.SPARED
            state.fates[target] = fate
            events.append(PilotFate(target, unit_id, fate))
        case Special(unit_id, _):
            _fire_vmax(state, state.units[unit_id], events, by_folon=False)
        case UndoMove(unit_id):
            unit = state.units[unit_id]
            state.put(unit.with_(tile=unit.origin, moved=False, origin=NO_TILE))
            events.append(MoveUndone(unit_id, unit.origin))
        case _:
            assert_never(action)
    _settle(state, events, phase_start=False)
    if any(isinstance(e, (Reinforcements, HeadSevered)) for e in events):
        _lock_hidden_origins(state)
    state.update_cache_beliefs()
    return events


def _lock_hidden_origins(state: GameState) -> None:
    """A unit that arrived unseen on the tile a move started from makes that move final.

    Otherwise ``is_legal`` would refuse the undo because of a unit the side cannot see, while the side's
    own legal actions (computed from what it sees) list it.
    """
    side = state.side_to_act
    visible = state.visible_mask(side)
    for _, u in sorted(state.units.items()):
        if u.side != side or u.origin == NO_TILE:
            continue
        other = state.unit_at(u.origin)
        if other is not None and state.hostile(side, other.side) and not (visible >> u.origin) & 1:
            state.put(u.with_(origin=NO_TILE))


ALARM_RADIUS = 3
"""Gunfire this close to a wary garrison's units (or inside its territory) puts it on alert."""


def _raise_alarms(state: GameState, tiles: tuple[int, ...], events: list[Event]) -> None:
    grid = state.grid
    for spec in state.setup.sides:
        if not spec.wary or spec.id in state.alarmed:
            continue
        zone = state.setup.zones.get(spec.territory, 0) if spec.territory else 0
        near = any((zone >> t) & 1 for t in tiles) or any(
            grid.distance(u.tile, t) <= ALARM_RADIUS
            for u in state.units.values()
            if u.side == spec.id
            for t in tiles
        )
        if near:
            state.alarmed.add(spec.id)
            events.append(AlarmRaised(spec.id))


def _do_talk(state: GameState, unit: Unit, target: Unit, events: list[Event]) -> None:
    chance = talk_chance(state, unit, target)
    success = state.rng.randint(1, 100) <= chance
    state.put(unit.with_(acted=True, moved=True, origin=NO_TILE))
    events.append(TalkAttempted(unit.id, target.id, chance, success))
    if success:
        state.remove(target.id)
        state.out_of_fight[target.id] = target
        state.fates[target.id] = Fate.WITHDREW
        events.append(PilotFate(target.id, unit.id, Fate.WITHDREW))


def _fire_vmax(state: GameState, unit: Unit, events: list[Event], by_folon: bool) -> Unit:
    vmax = state.catalog.units[unit.type_id].vmax
    assert vmax is not None
    fired = unit.with_(vmax=True, energy=unit.energy - vmax.energy_cost)
    state.put(fired)
    events.append(VmaxActivated(unit.id, by_folon))
    return fired


def _folon_check(state: GameState, unit_id: UnitId, foe_id: UnitId, events: list[Event]) -> None:
    """After an exchange: a Folon-held machine left below its threshold fires V-MAX and strikes back.

    The strike is Folon's, not the pilot's: it uses the machine's most damaging weapon in reach at
    V-MAX power, it cannot be answered, and it does not use the unit's action.
    """
    unit = state.units.get(unit_id)
    if unit is None or not folon_armed(state, unit):
        return
    utype = state.catalog.units[unit.type_id]
    assert utype.vmax is not None
    if unit.hp * 100 >= utype.vmax.folon_threshold_pct * utype.hp:
        return
    unit = _fire_vmax(state, unit, events, by_folon=True)
    foe = state.units.get(foe_id)
    strike = None
    if foe is not None:
        for i, weapon in enumerate(utype.weapons):
            if weapon_ready(utype, unit, i) and in_reach(state, weapon, unit, foe):
                s = strike_numbers(state, unit, weapon, foe)
                if strike is None or s.expected_damage > strike.expected_damage:
                    strike = s
    events.append(FolonIntervened(unit_id, strike.target if strike else None))
    if strike is not None:
        _resolve(state, unit_id, strike, False, events)


def _seen_enemies(state: GameState, side: SideId) -> set[UnitId]:
    visible = state.visible_mask(side)
    team = state.team[side]
    return {u.id for u in state.units.values() if state.team[u.side] != team and (visible >> u.tile) & 1}


def _do_move(state: GameState, unit: Unit, path: tuple[Tile, ...], events: list[Event]) -> None:
    before = _seen_enemies(state, unit.side)
    walked = [path[0]]
    ambusher: Unit | None = None
    for t in path[1:]:
        other = state.unit_at(t)
        if other is not None and state.hostile(unit.side, other.side):
            ambusher = other
            break
        walked.append(t)
    # an ambush can stop the unit on a tile an ally stands on: back up to the last free tile
    while len(walked) > 1 and walked[-1] in state.occupant:
        walked.pop()
    end = walked[-1]
    state.put(unit.with_(tile=end, moved=True, origin=path[0]))
    if len(walked) > 1:
        events.append(UnitMoved(unit.id, tuple(walked)))
    revealed = _seen_enemies(state, unit.side) - before
    if ambusher is not None:
        events.append(Ambushed(unit.id, ambusher.id, ambusher.tile))
    changed = _after_stop(state, state.units[unit.id], events)
    if ambusher is not None or revealed or changed:
        # what was learned (or rolled) cannot be unlearned: no undo after an ambush, a new sighting,
        # a bog roll or a cache taken
        state.put(state.units[unit.id].with_(origin=NO_TILE))


def _after_stop(state: GameState, unit: Unit, events: list[Event]) -> bool:
    """Where a move ends: oxygen caches are taken, soft sand may swallow wheels. True if anything rolled
    or changed besides the unit's tile."""
    changed = False
    bit = 1 << unit.tile
    if state.caches & bit and unit.side in state.oxygen:
        state.take_cache(unit.tile, unit.side)
        amount = state.setup.oxygen_cache_amount
        state.oxygen[unit.side] += amount
        events.append(OxygenChanged(unit.side, state.oxygen[unit.side], amount, "cache"))
        changed = True
    utype = state.catalog.units[unit.type_id]
    bog = state.grid.terrain[unit.tile].bog
    if bog and utype.move_class is MoveClass.VEHICLE:
        changed = True
        if state.rng.randint(1, 100) <= bog:
            state.put(unit.with_(bogged=True))
            events.append(BoggedDown(unit.id, unit.tile))
    return changed


def _do_attack(
    state: GameState, unit_id: UnitId, weapon_id: str, target_id: UnitId, events: list[Event]
) -> None:
    attacker = state.units[unit_id]
    weapon = state.catalog.units[attacker.type_id].weapon(weapon_id)
    assert weapon is not None
    fc = forecast_strike(state, attacker, weapon, state.units[target_id])
    target_tile = state.units[target_id].tile
    state.put(attacker.with_(acted=True, moved=True, origin=NO_TILE))
    survived = _resolve(state, fc.strike.attacker, fc.strike, False, events)
    if survived and fc.counter is not None and fc.counter.attacker in state.units:
        _resolve(state, fc.counter.attacker, fc.counter, True, events)
    _folon_check(state, target_id, unit_id, events)
    _folon_check(state, unit_id, target_id, events)
    _raise_alarms(state, (attacker.tile, target_tile), events)


def _resolve(
    state: GameState, shooter_id: UnitId, strike: Strike, counter: bool, events: list[Event]
) -> bool:
    """Roll one strike (always two draws: hit, then crit) and apply it; True if the target survives."""
    roll_hit = state.rng.randint(1, 100)
    roll_crit = state.rng.randint(1, 100)
    hit = roll_hit <= strike.hit_chance
    crit = hit and roll_crit <= strike.crit_chance
    damage = strike.crit_damage if crit else strike.damage if hit else 0

    shooter = state.units[shooter_id]
    utype = state.catalog.units[shooter.type_id]
    index = utype.weapon_index(strike.weapon)
    weapon = utype.weapons[index]
    ammo = shooter.ammo
    if ammo[index] > 0:
        ammo = (*ammo[:index], ammo[index] - 1, *ammo[index + 1 :])
    state.put(shooter.with_(ammo=ammo, energy=shooter.energy - weapon.energy_cost))

    target = state.units[strike.target]
    hp = max(0, target.hp - damage)
    events.append(
        AttackResolved(
            attacker=shooter_id,
            weapon=strike.weapon,
            target=target.id,
            hit_chance=strike.hit_chance,
            hit=hit,
            crit=crit,
            damage=damage,
            target_hp=hp,
            counter=counter,
        )
    )
    if hit and shooter.pilot:
        state.xp[shooter.pilot] = state.xp.get(shooter.pilot, 0) + (3 if hp == 0 else 1)
    if hp == 0:
        t_type = state.catalog.units[target.type_id]
        if weapon.disables and not t_type.unmanned and not t_type.civilian:
            state.remove(target.id)
            state.out_of_fight[target.id] = target.with_(hp=0)
            state.fates[target.id] = Fate.DISABLED
            events.append(UnitDisabled(target.id, shooter_id, target.tile))
        else:
            _destroy(state, target.id, shooter_id, events)
        return False
    state.put(target.with_(hp=hp))
    t_type = state.catalog.units[target.type_id]
    if t_type.head is not None and not target.severed and hp * 100 < t_type.sever_pct * t_type.hp:
        _sever_head(state, state.units[target.id], t_type.head, events)
    return True


def _sever_head(state: GameState, body: Unit, head_type: UnitTypeId, events: list[Event]) -> None:
    state.put(body.with_(severed=True))
    placed = UnitPlacement(UnitId(f"{body.id}-head"), head_type, body.side, body.tile)
    head_id = _reinforce(state, placed)
    if head_id is not None:
        events.append(HeadSevered(body.id, head_id, state.units[head_id].tile))


# Phases and turns -----------------------------------------------------------------------------


def _start_phase(state: GameState, events: list[Event]) -> None:
    side = state.side_to_act
    catalog = state.catalog
    for uid in sorted(uid for uid, u in state.units.items() if u.side == side):
        u = state.units[uid]
        utype = catalog.units[u.type_id]
        if u.bogged:
            state.stuck.add(uid)
        vmax, cooldown = u.vmax, u.cooldown
        if vmax and utype.vmax is not None:
            vmax, cooldown = False, utype.vmax.cooldown
            events.append(VmaxEnded(uid, cooldown))
        elif cooldown:
            cooldown -= 1
            if cooldown == 0:
                events.append(CooldownEnded(uid))
        state.put(
            u.with_(
                moved=u.bogged,
                bogged=False,
                acted=False,
                origin=NO_TILE,
                energy=min(utype.energy, u.energy + utype.energy_regen),
                vmax=vmax,
                cooldown=cooldown,
            )
        )
    if side in state.oxygen:
        _breathe(state, side, events)
    for uid, (owner, _) in sorted(state.dust.items()):
        if owner == side:
            state.set_dust(uid, side, 0)
            events.append(DustSettled(uid))
    events.append(PhaseStarted(state.turn, side))
    _settle(state, events, phase_start=True)


def _breathe(state: GameState, side: SideId, events: list[Event]) -> None:
    """Each breathing unit draws one unit of its side's oxygen; with none left, everyone suffocates."""
    catalog = state.catalog
    breathing = sorted(
        uid for uid, u in state.units.items() if u.side == side and catalog.units[u.type_id].breathes
    )
    if not breathing:
        return
    supply = state.oxygen[side]
    left = max(0, supply - len(breathing))
    if left != supply:
        state.oxygen[side] = left
        events.append(OxygenChanged(side, left, left - supply, "breathing"))
    if supply >= len(breathing):
        return
    for uid in breathing:
        u = state.units[uid]
        max_hp = catalog.units[u.type_id].hp
        damage = max(1, max_hp * state.setup.suffocation_pct // 100)
        hp = max(0, u.hp - damage)
        events.append(UnitSuffocated(uid, damage, hp))
        if hp == 0:
            _destroy(state, uid, None, events)
        else:
            state.put(u.with_(hp=hp))


def _end_phase(state: GameState, events: list[Event]) -> None:
    events.append(PhaseEnded(state.turn, state.side_to_act))
    state.stuck.clear()
    state.phase += 1
    if state.phase == len(state.setup.sides):
        state.phase = 0
        state.turn += 1
        if any(s.dx or s.dy or s.wander for s in state.storms):
            state.set_storms(tuple(_drift(state, s) for s in state.storms))
            events.append(WeatherChanged(state.storms))
        _settle(state, events, phase_start=False)
        if state.outcome is not None:
            return
        if state.turn > state.setup.max_turns:
            winner = state.setup.on_turn_limit
            reason = T_("the turn limit ({turns}) passed", turns=state.setup.max_turns)
            _finish(state, events, Outcome.of(winner, Termination.TURN_LIMIT, reason))
            return
    _start_phase(state, events)


def _drift(state: GameState, storm: Storm) -> Storm:
    if not storm.wander:
        return storm.drifted()
    w = storm.wander
    return storm.drifted(state.rng.randint(-w, w), state.rng.randint(-w, w))


def _settle(state: GameState, events: list[Event], phase_start: bool) -> None:
    """After anything happens: fire triggers, update objectives, and end the game if it is decided."""
    if state.outcome is not None:
        return
    _run_triggers(state, events, phase_start)
    _update_objectives(state, events)
    _decide(state, events)


# Triggers -------------------------------------------------------------------------------------


def _run_triggers(state: GameState, events: list[Event], phase_start: bool) -> None:
    fired_any = True
    while fired_any:
        fired_any = False
        for trig in state.setup.triggers:
            if trig.id in state.fired or not _condition_met(state, trig.when, phase_start):
                continue
            state.fired.add(trig.id)
            fired_any = True
            for effect in trig.effects:
                _apply_effect(state, effect, events)


def _condition_met(state: GameState, cond: Condition, phase_start: bool) -> bool:
    match cond:
        case OnTurn(turn, side):
            first = state.setup.sides[0].id
            return phase_start and state.turn == turn and state.side_to_act == (side or first)
        case OnPhase(side, from_turn):
            return phase_start and state.side_to_act == side and state.turn >= from_turn
        case OnEnterZone() | OnDestroyed() | OnHpBelow():
            return unit_condition_met(cond, state.setup.zones, state.units, state.gone, state.catalog)
        case _:
            assert_never(cond)


def unit_condition_met(
    cond: OnEnterZone | OnDestroyed | OnHpBelow,
    zones: Mapping[ZoneId, int],
    units: Mapping[UnitId, Unit],
    gone: Callable[[UnitId], bool],
    catalog: Catalog,
) -> bool:
    """Whether a condition on units holds among ``units`` (the game's, or those a side sees), with
    ``gone`` telling which are out of the fight: some unit (of ``units``, of ``side``) in the zone, the
    unit gone, the unit gone or under ``pct`` % of its HP."""
    match cond:
        case OnEnterZone(zone, named, side):
            mask = zones.get(zone, 0)
            return any(
                (mask >> u.tile) & 1 and (not named or u.id in named) and (side is None or u.side == side)
                for u in units.values()
            )
        case OnDestroyed(unit):
            return gone(unit)
        case OnHpBelow(unit, pct):
            if gone(unit):
                return True
            u = units.get(unit)
            return u is not None and u.hp * 100 < pct * catalog.units[u.type_id].hp


def _speaker_dead(state: GameState, speaker: str) -> bool:
    """The dead do not talk: True when ``speaker`` names a pilot (by id or first name) whose machine was
    destroyed in this game and who has no other unit still in play. Radio voices and Rei always speak."""
    key = speaker.strip().lower()

    def named(unit: Unit) -> bool:
        if unit.pilot is None:
            return False
        pilot = state.catalog.pilot(unit.pilot)
        first = pilot.name.split()[0].lower() if pilot.name else ""
        return key in (str(unit.pilot).lower(), first)

    if not any(named(u) for u in state.destroyed.values()):
        return False
    return not any(named(u) for u in state.units.values())


def _apply_effect(state: GameState, effect: object, events: list[Event]) -> None:
    match effect:
        case Reinforce(placements):
            arrived = [uid for p in placements if (uid := _reinforce(state, p)) is not None]
            if arrived:
                events.append(Reinforcements(tuple(arrived)))
        case SetWeather(storms):
            state.set_storms(storms)
            events.append(WeatherChanged(storms))
        case Say(speaker, text):
            if not _speaker_dead(state, speaker):
                events.append(Dialogue(speaker, text))
        case SetObjective(objective_id, status, objective):
            if objective is not None and objective.id not in state.status:
                state.objectives.append(objective)
                state.status[objective.id] = ObjectiveStatus.PENDING
                events.append(ObjectiveAdded(objective.side, objective.id, objective.text))
            if status is not None and state.status.get(objective_id) is ObjectiveStatus.PENDING:
                _set_status(state, _objective(state, objective_id), status, events)
        case SetPosture(side, posture):
            state.postures[side] = posture
            events.append(PostureChanged(side, posture))
        case RaiseAlarm(side):
            if side not in state.alarmed:
                state.alarmed.add(side)
                events.append(AlarmRaised(side))
        case ChangeTerrain(zone, terrain_id):
            _change_terrain(state, zone, terrain_id, events)
        case Devastate(zone):
            mask = state.setup.zones.get(zone, 0)
            for uid in sorted(uid for uid, u in state.units.items() if (mask >> u.tile) & 1):
                _destroy(state, uid, None, events)
        case SetVmaxControl(unit_id, folon):
            unit = state.units.get(unit_id)
            if unit is not None and unit.folon != folon:
                state.put(unit.with_(folon=folon))
                events.append(VmaxControlChanged(unit_id, folon))
        case SetFlag(flag):
            events.append(FlagSet(flag))
        case _:
            raise AssertionError(f"unknown effect {effect!r}")


def _destroy(state: GameState, unit_id: UnitId, by: UnitId | None, events: list[Event]) -> None:
    unit = state.remove(unit_id)
    state.destroyed[unit_id] = unit.with_(hp=0)
    events.append(UnitDestroyed(unit_id, by, unit.tile))


def _change_terrain(state: GameState, zone: ZoneId, terrain_id: TerrainId, events: list[Event]) -> None:
    mask = state.setup.zones.get(zone, 0)
    new = state.catalog.terrain[terrain_id]
    old = state.grid
    tiles = [new if (mask >> t) & 1 else tt for t, tt in enumerate(old.terrain)]
    state.terrain_grid = Grid(old.width, old.height, tiles)
    state.set_storms(state.storms)  # refresh masks and sight caches against the new map
    events.append(TerrainChanged(zone, terrain_id))
    for uid, u in sorted(state.units.items()):
        if not state.grid.passable(u.tile, state.catalog.units[u.type_id].move_class):
            _destroy(state, uid, None, events)


def _reinforce(state: GameState, p: UnitPlacement) -> UnitId | None:
    utype = state.catalog.units[p.type_id]
    tile = _free_tile_near(state, p.tile, utype.move_class)
    if tile is None:
        return None
    uid = p.id
    while not uid or uid in state.units or state.gone(uid) or uid in state.evacuated:
        state.serial += 1
        uid = UnitId(f"{p.id or p.type_id}-{state.serial}")
    placed = UnitPlacement(uid, p.type_id, p.side, Tile(tile), p.pilot, p.hp_pct)
    state.put(_make_unit(state, placed, tile))
    return uid


def _free_tile_near(state: GameState, start: int, move_class: int) -> int | None:
    """The nearest free tile the class can stand on (breadth-first, neighbour order), or None."""
    grid = state.grid
    seen = {start}
    queue = deque([start])
    while queue:
        t = queue.popleft()
        if grid.costs[move_class][t] and t not in state.occupant:
            return t
        for n in grid.neighbours[t]:
            if n not in seen:
                seen.add(n)
                queue.append(n)
    return None


# Objectives and the end of the game -----------------------------------------------------------


# read once: an enum member looked up on its class costs a metaclass call, and these are asked after
# every action
_PENDING = ObjectiveStatus.PENDING
_FAILED = ObjectiveStatus.FAILED
_COMPLETE = ObjectiveStatus.COMPLETE


class _Kind:
    """The objective kinds as plain class attributes, for ``match`` (an enum's members are looked up
    through its metaclass, and every objective is checked after every action)."""

    ESCORT: Final = ObjectiveKind.ESCORT
    REACH: Final = ObjectiveKind.REACH
    PROTECT: Final = ObjectiveKind.PROTECT
    SURVIVE: Final = ObjectiveKind.SURVIVE
    DESTROY: Final = ObjectiveKind.DESTROY


def _objective(state: GameState, objective_id: str) -> Objective:
    for o in state.objectives:
        if o.id == objective_id:
            return o
    raise KeyError(objective_id)


def _set_status(state: GameState, obj: Objective, status: ObjectiveStatus, events: list[Event]) -> None:
    state.status[obj.id] = status
    if status is ObjectiveStatus.COMPLETE:
        events.append(ObjectiveCompleted(obj.side, obj.id, obj.text))
    elif status is ObjectiveStatus.FAILED:
        events.append(ObjectiveFailed(obj.side, obj.id, obj.text))


def _update_objectives(state: GameState, events: list[Event]) -> None:
    for obj in list(state.objectives):
        if state.status[obj.id] is not _PENDING:
            continue
        status = _objective_status(state, obj, events)
        if status is not _PENDING:
            _set_status(state, obj, status, events)


def _objective_status(state: GameState, obj: Objective, events: list[Event]) -> ObjectiveStatus:
    zone = state.setup.zones.get(obj.zone, 0) if obj.zone else 0
    need = obj.needed
    on_board = [u for u in obj.units if u in state.units]
    match obj.kind:
        case _Kind.ESCORT:
            for uid in on_board:
                unit = state.units[uid]
                if (zone >> unit.tile) & 1:
                    state.remove(uid)
                    state.evacuated[uid] = unit
                    events.append(UnitEvacuated(uid, obj.id, unit.tile))
            saved = sum(1 for u in obj.units if u in state.evacuated)
            if saved >= need:
                return _COMPLETE
            left = sum(1 for u in obj.units if u in state.units)
            return _FAILED if saved + left < need else _PENDING
        case _Kind.REACH:
            inside = sum(1 for u in on_board if (zone >> state.units[u].tile) & 1)
            if inside >= need:
                return _COMPLETE
            return _FAILED if len(on_board) < need else _PENDING
        case _Kind.PROTECT:
            alive = sum(1 for u in obj.units if not state.gone(u))
            return _FAILED if alive < need else _PENDING
        case _Kind.SURVIVE:
            return _COMPLETE if state.turn > obj.turns else _PENDING
        case _Kind.DESTROY:
            if obj.sides:
                sides = obj.sides
                for u in state.units.values():  # (a plain loop: asked after every action)
                    if u.side in sides:
                        return _PENDING
                coming = state.pending_reinforcement_sides()
                if any(s in coming for s in obj.sides):
                    return _PENDING
                return _COMPLETE
            dead = sum(1 for u in obj.units if state.gone(u))
            if dead >= need:
                return _COMPLETE
            return _FAILED if dead + len(on_board) < need else _PENDING
        case _:
            assert_never(obj.kind)


def _required(state: GameState, side: SideId) -> list[Objective]:
    return [o for o in state.objectives if o.side == side and not o.optional]


_REQUIRED: list[
    tuple[object, list[Objective], int, list[tuple[SideSpec, list[Objective], list[Objective]]]]
] = []
"""The last game's sides with their required objectives and goals (those but the protect ones), kept
while its objective list holds as many (triggers only ever add to it); the strong reference to the
list keeps the identity test sound."""


def _required_goals(state: GameState) -> list[tuple[SideSpec, list[Objective], list[Objective]]]:
    """Each side with its required objectives and, of those, its goals (all but protect), once per
    objective list (``_decide`` asks after every action)."""
    objectives = state.objectives
    if _REQUIRED:
        setup, listed, count, found = _REQUIRED[0]
        if setup is state.setup and listed is objectives and count == len(objectives):
            return found
    found = []
    for side in state.setup.sides:
        required = _required(state, side.id)
        found.append((side, required, [o for o in required if o.kind is not _Kind.PROTECT]))
    _REQUIRED[:] = [(state.setup, objectives, len(objectives), found)]
    return found


def _decide(state: GameState, events: list[Event]) -> None:
    required = _required_goals(state)
    status = state.status
    for side, objectives, _ in required:
        for o in objectives:
            if status[o.id] is _FAILED:
                failed = T_("{side} failed: {objective}", side=side.name, objective=o.text)
                _finish_loser(state, events, side, Termination.OBJECTIVE_FAILED, failed)
                return
    for side, _, goals in required:
        if not goals:
            continue
        for o in goals:
            if status[o.id] is not _COMPLETE:
                break
        else:
            texts = Join(N_("; "), tuple(o.text for o in goals))
            _finish(
                state,
                events,
                Outcome.of(side.id, Termination.OBJECTIVES, T_("completed: {texts}", texts=texts)),
            )
            return
    coming: set[SideId] | None = None
    fielded: set[SideId] | None = None  # the sides with a unit on the map, once
    for side, objectives, _ in required:
        if not objectives:
            continue
        if fielded is None:
            fielded = {u.side for u in state.units.values()}
        if side.id in fielded:
            continue
        if coming is None:
            coming = state.pending_reinforcement_sides()
        if side.id not in coming:
            _finish_loser(
                state, events, side, Termination.ELIMINATION, T_("{side} has no units left", side=side.name)
            )
            return


def _finish_loser(
    state: GameState, events: list[Event], loser: SideSpec, termination: Termination, why: Text
) -> None:
    hostile = [s for s in state.setup.sides if s.team != loser.team]
    with_goals = [s for s in hostile if _required(state, s.id)]
    winner = with_goals[0].id if with_goals else hostile[0].id if hostile else None
    _finish(state, events, Outcome.of(winner, termination, why))


def _finish(state: GameState, events: list[Event], outcome: Outcome) -> None:
    state.outcome = outcome
    events.append(GameOver(outcome))
