"""What one side may know: its team's units, the enemies it sees now, the map, weather and objectives.

An ``Observation`` is a read-only snapshot built only from what the side's team sees; two states that
differ only in units hidden from a side give equal observations for it. Nothing reachable from it can
change the game: its mappings are ``MappingProxyType`` views, its sequences tuples, its records frozen,
the catalog's tables proxies and the grid immutable. It offers the same read-only attributes as
``GameState``, so movement and combat numbers work on either.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any

from .catalog import Catalog
from .events import Outcome
from .grid import Grid
from .ids import SideId, TeamId, UnitId, ZoneId
from .setup import Objective, ObjectiveStatus, SideSpec, Storm, WeatherRules
from .state import GameState
from .units import Unit


@dataclass(frozen=True, slots=True)
class Observation:
    side: SideId
    turn: int
    side_to_act: SideId
    catalog: Catalog
    grid: Grid
    sides: tuple[SideSpec, ...]
    team: Mapping[SideId, TeamId]
    zones: Mapping[ZoneId, int]
    max_turns: int
    on_turn_limit: SideId | None
    weather_rules: WeatherRules
    storms: tuple[Storm, ...]
    storm_mask: int
    """Tiles under storms (everyone sees those) or dust clouds the side knows of: its team's own, and
    the tiles of other clouds within its sight as it would be without them (a cloud kicked up beyond
    its sensors, by a unit it cannot see, is not shown: the cloud's centre would give the unit away)."""
    visible: int
    """Bitmask of the tiles the side's team sees."""
    units: Mapping[UnitId, Unit]
    """The team's own units and the other units it sees now."""
    occupant: Mapping[int, UnitId]
    objectives: tuple[tuple[Objective, ObjectiveStatus], ...]
    posture: str
    outcome: Outcome | None
    lost: tuple[UnitId, ...]
    """The side's own units destroyed so far."""
    wrecks: Mapping[UnitId, Unit] = field(default_factory=lambda: MappingProxyType({}))
    """Disabled enemy machines in sight whose pilots can still be captured or spared."""
    oxygen: int | None = None
    """The side's shared oxygen supply, or None when it does not run out."""
    caches: int = 0
    """Tiles the side believes still hold oxygen caches: where it has not looked since one was taken
    by another team, the cache is still shown (who took it unseen is not told)."""
    cache_amount: int = 0
    """Oxygen one cache gives (a known rule of the mission)."""
    hold_fire_outside: int = -1
    """While a wary side is calm, the only tiles it may fire at (its territory); -1 when unrestricted."""
    stuck: frozenset[UnitId] = frozenset()
    """Units in sight that lost this phase's move to soft sand (see ``bogged_down``)."""

    def hostile(self, a: SideId, b: SideId) -> bool:
        return self.team[a] != self.team[b]

    def own_units(self) -> list[Unit]:
        memo = _memo(self)
        found = memo.get("own")
        if found is None:
            found = memo["own"] = [u for _, u in sorted(self.units.items()) if u.side == self.side]
        return list(found)

    def enemies(self) -> list[Unit]:
        memo = _memo(self)
        found = memo.get("enemies")
        if found is None:
            team = self.team[self.side]
            found = memo["enemies"] = [u for _, u in sorted(self.units.items()) if self.team[u.side] != team]
        return list(found)

    def blocking_tiles(self, side: SideId) -> frozenset[int]:
        """The tiles of the units in sight that ``side``'s moves cannot pass (its team's foes), once."""
        memo = _memo(self)
        key = ("blocking", side)
        found = memo.get(key)
        if found is None:
            team = self.team[side]
            found = memo[key] = frozenset(u.tile for u in self.units.values() if self.team[u.side] != team)
        return found

    def blocking_mask(self, side: SideId) -> int:
        """``blocking_tiles`` as a bitmask, once."""
        memo = _memo(self)
        key = ("blocking-mask", side)
        found = memo.get(key)
        if found is None:
            found = 0
            for t in self.blocking_tiles(side):
                found |= 1 << t
            memo[key] = found
        return found

    def occupied_mask(self) -> int:
        """The tiles of ``occupant`` as a bitmask, once."""
        memo = _memo(self)
        found = memo.get("occupied")
        if found is None:
            found = 0
            for t in self.occupant:
                found |= 1 << t
            memo["occupied"] = found
        return found

    def sees(self, tile: int) -> bool:
        return bool((self.visible >> tile) & 1)

    def bogged_down(self, unit_id: str) -> bool:
        """Whether soft sand holds the unit: it cannot move this phase (in ``stuck``) or its side's next
        one (``Unit.bogged``). False for a unit not in sight."""
        unit = self.units.get(UnitId(unit_id))
        return unit is not None and (unit.bogged or unit.id in self.stuck)


_last: tuple[Observation | None, dict[object, Any]] = (None, {})
"""What ``own_units``, ``enemies`` and ``blocking_tiles`` worked out for the observation asked last
(a snapshot never changes, and a policy asks the same one many times per decision). Kept beside the
class, not in it, so nothing reachable from an observation is writable; the strong reference keeps the
identity test sound."""


_FIELDS = tuple(f.name for f in fields(Observation))
_WRITTEN = (
    *("side", "turn", "side_to_act", "catalog", "grid", "sides", "team", "zones", "max_turns"),
    *("on_turn_limit", "weather_rules", "storms", "storm_mask", "visible", "units", "occupant"),
    *("objectives", "posture", "outcome", "lost", "wrecks", "oxygen", "caches", "cache_amount"),
    *("hold_fire_outside", "stuck"),
)
if _FIELDS != _WRITTEN:
    raise AssertionError("Observation's fields changed: write them in order in observe()")
_PUTS = tuple(Observation.__dict__[name].__set__ for name in _FIELDS)
_new = object.__new__


def _memo(obs: Observation) -> dict[object, Any]:
    global _last
    last = _last
    if last[0] is not obs:
        last = _last = (obs, {})
    return last[1]


def observe(state: GameState, side: SideId) -> Observation:
    """The view of ``side``: never anything its team cannot see."""
    if side not in state.team:
        raise KeyError(f"no side {side!r} in this game")
    team = state.team[side]
    visible = state.visible_mask(side)
    # the units the team may know of, by id, and at the same time the lists ``own_units`` and
    # ``enemies`` read off them (every policy asks for both at once)
    team_of = state.team
    units: dict[UnitId, Unit] = {}
    own: list[Unit] = []
    enemies: list[Unit] = []
    for uid, u in sorted(state.units.items()):
        if team_of[u.side] == team:
            units[uid] = u
            if u.side == side:
                own.append(u)
        elif (visible >> u.tile) & 1:
            units[uid] = u
            enemies.append(u)
    occupant: dict[int, UnitId] = {u.tile: uid for uid, u in units.items()}
    setup = state.setup
    # the fields' slots written in order (a frozen dataclass's keyword __init__ costs twice as much,
    # and an observation is made for every decision)
    obs = _new(Observation)
    for put, value in zip(
        _PUTS,
        (
            side,  # side
            state.turn,  # turn
            state.side_to_act,  # side_to_act
            setup.catalog,  # catalog
            state.grid,  # grid
            setup.sides,  # sides
            state.team,  # team (a read-only view already)
            MappingProxyType(setup.zones),  # zones
            setup.max_turns,  # max_turns
            setup.on_turn_limit,  # on_turn_limit
            setup.weather_rules,  # weather_rules
            state.storms,  # storms
            state.known_storm_mask(side),  # storm_mask
            visible,  # visible
            MappingProxyType(units),  # units
            MappingProxyType(occupant),  # occupant
            tuple((o, state.status[o.id]) for o in state.objectives),  # objectives
            state.postures.get(side, ""),  # posture
            state.outcome,  # outcome
            tuple(sorted(uid for uid, u in state.destroyed.items() if u.side == side)),  # lost
            MappingProxyType(
                {
                    uid: w
                    for uid, w in sorted(state.wrecks().items())
                    if state.team[w.side] != team and (visible >> w.tile) & 1
                }
            ),  # wrecks
            state.oxygen.get(side),  # oxygen
            state.known_caches(side),  # caches
            state.setup.oxygen_cache_amount,  # cache_amount
            state.fire_zone(side),  # hold_fire_outside
            frozenset(uid for uid in state.stuck if uid in units) if state.stuck else frozenset(),  # stuck
        ),
        strict=True,
    ):
        put(obs, value)
    global _last
    _last = (obs, {"own": own, "enemies": enemies})
    return obs
