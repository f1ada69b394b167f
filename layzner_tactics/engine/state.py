"""The game state: the only mutable object in the engine, changed only by ``rules.apply``.

``GameState.copy()`` is cheap (units are immutable records, so only the dicts are copied); AI look-ahead,
previews and undo work on copies and never disturb the live game.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from types import MappingProxyType

from .catalog import Catalog
from .events import Event, Fate, Outcome
from .grid import Grid
from .ids import ObjectiveId, PilotId, SideId, TeamId, Tile, TriggerId, UnitId
from .rng import Rng
from .setup import GameSetup, Objective, ObjectiveStatus, Reinforce, Storm, WeatherRules
from .sight import sight_of, team_sight
from .units import Unit


class GameState:
    __slots__ = (
        "_vis",
        "alarmed",
        "cache_beliefs",
        "caches",
        "destroyed",
        "dust",
        "evacuated",
        "fates",
        "fired",
        "objectives",
        "occupant",
        "opening_events",
        "out_of_fight",
        "outcome",
        "oxygen",
        "phase",
        "postures",
        "rng",
        "serial",
        "setup",
        "status",
        "storm_mask",
        "storms",
        "stuck",
        "team",
        "terrain_grid",
        "turn",
        "units",
        "xp",
    )

    def __init__(self, setup: GameSetup, seed: int) -> None:
        self.setup = setup
        self.team: Mapping[SideId, TeamId] = MappingProxyType(_teams(setup))  # never changes
        self.turn = 1
        self.phase = 0
        self.units: dict[UnitId, Unit] = {}
        self.occupant: dict[int, UnitId] = {}
        self.destroyed: dict[UnitId, Unit] = {}
        self.evacuated: dict[UnitId, Unit] = {}
        self.storms: tuple[Storm, ...] = setup.weather
        self.dust: dict[UnitId, tuple[SideId, int]] = {}
        """Dust clouds a unit kicked up: its side (they settle at that side's next phase) and tiles."""
        self.storm_mask = 0
        self.objectives: list[Objective] = list(setup.objectives)
        self.status: dict[ObjectiveId, ObjectiveStatus] = {
            o.id: ObjectiveStatus.PENDING for o in setup.objectives
        }
        self.out_of_fight: dict[UnitId, Unit] = {}
        """Units that left the fight alive (disabled, captured, spared, withdrew), as they last stood."""
        self.fates: dict[UnitId, Fate] = {}
        self.oxygen: dict[SideId, int] = dict(setup.oxygen)
        self.caches = setup.oxygen_caches
        self.cache_beliefs: dict[TeamId, int] = {}
        """The caches a team still believes in, for each team that has not yet seen some taken ones go
        (a superset of ``caches``); teams absent here know ``caches`` as it is."""
        self.xp: dict[PilotId, int] = {}
        """Experience each pilot gained in this game (hits, kills); the campaign turns it into skill."""
        self.stuck: set[UnitId] = set()
        """Units of the side to act that lost this phase's move to soft sand (``Unit.bogged`` says the
        same of the phase to come). Shown to players, decides nothing (``moved`` keeps them still)."""
        self.alarmed: set[SideId] = set()
        """Wary sides (Cold War garrisons) that now fire at anything."""
        self.terrain_grid: Grid = setup.grid
        """The map as it stands (terrain can change mid-game); ``setup.grid`` is how it began."""
        self.fired: set[TriggerId] = set()
        self.postures: dict[SideId, str] = dict(setup.postures)
        self.rng = Rng(seed)
        self.outcome: Outcome | None = None
        self.serial = 0
        self.opening_events: tuple[Event, ...] = ()
        self._vis: dict[SideId | tuple[str, SideId], int] = {}
        """Sight (by side) and known storm masks (by ("storm", side)), until a unit moves or the weather
        or the map changes."""

    # Read-only views shared with Observation (the "board" protocol used by movement and combat).
    @property
    def catalog(self) -> Catalog:
        return self.setup.catalog

    @property
    def grid(self) -> Grid:
        return self.terrain_grid

    @property
    def weather_rules(self) -> WeatherRules:
        return self.setup.weather_rules

    @property
    def side_to_act(self) -> SideId:
        return self.setup.sides[self.phase].id

    @property
    def sides(self) -> tuple[SideId, ...]:
        return tuple(s.id for s in self.setup.sides)

    def hostile(self, a: SideId, b: SideId) -> bool:
        return self.team[a] != self.team[b]

    def copy(self) -> GameState:
        other = GameState.__new__(GameState)
        other.setup = self.setup
        other.team = self.team
        other.turn = self.turn
        other.phase = self.phase
        other.units = dict(self.units)
        other.occupant = dict(self.occupant)
        other.destroyed = dict(self.destroyed)
        other.evacuated = dict(self.evacuated)
        other.storms = self.storms
        other.dust = dict(self.dust)
        other.storm_mask = self.storm_mask
        other.objectives = list(self.objectives)
        other.status = dict(self.status)
        other.out_of_fight = dict(self.out_of_fight)
        other.fates = dict(self.fates)
        other.oxygen = dict(self.oxygen)
        other.caches = self.caches
        other.cache_beliefs = dict(self.cache_beliefs)
        other.xp = dict(self.xp)
        other.stuck = set(self.stuck)
        other.alarmed = set(self.alarmed)
        other.terrain_grid = self.terrain_grid
        other.fired = set(self.fired)
        other.postures = dict(self.postures)
        other.rng = self.rng.copy()
        other.outcome = self.outcome
        other.serial = self.serial
        other.opening_events = self.opening_events
        other._vis = dict(self._vis)
        return other

    # Mutators used by the rules; each keeps ``occupant`` and the sight cache consistent.
    def put(self, unit: Unit) -> None:
        old = self.units.get(unit.id)
        if old is not None and old.tile != unit.tile:
            del self.occupant[old.tile]
        self.units[unit.id] = unit
        self.occupant[unit.tile] = unit.id
        if old is None or old.tile != unit.tile or old.side != unit.side:
            self._forget_sight(unit.side)
            if old is not None and old.side != unit.side:
                self._forget_sight(old.side)

    def remove(self, unit_id: UnitId) -> Unit:
        unit = self.units.pop(unit_id)
        del self.occupant[unit.tile]
        self._forget_sight(unit.side)
        return unit

    def _forget_sight(self, side: SideId) -> None:
        """Drop what the sight cache holds for ``side``'s team. A team sees with its own units only
        (terrain and clouds block sight, machines do not), so a unit that moves, comes or goes changes
        its own team's sight and no other's."""
        vis = self._vis
        if not vis:
            return
        team = self.team[side]
        for key in [k for k in vis if self.team[k[1] if isinstance(k, tuple) else k] == team]:
            del vis[key]

    def take_cache(self, tile: int, side: SideId) -> None:
        """``side`` takes the cache on ``tile``; other teams believe it is there until they see it gone."""
        taker = self.team[side]
        for spec in self.setup.sides:
            if spec.team != taker and spec.team not in self.cache_beliefs:
                self.cache_beliefs[spec.team] = self.caches
        self.caches &= ~(1 << tile)

    def update_cache_beliefs(self) -> None:
        """Each team sees the cache tiles in its sight as they are now (called after every action)."""
        if not self.cache_beliefs:
            return
        for team, belief in sorted(self.cache_beliefs.items()):
            side = next(s.id for s in self.setup.sides if s.team == team)
            belief = self.caches | (belief & ~self.visible_mask(side))
            if belief == self.caches:
                del self.cache_beliefs[team]
            else:
                self.cache_beliefs[team] = belief

    def known_caches(self, side: SideId) -> int:
        """The cache tiles ``side``'s team believes hold a cache: the truth where it has looked since."""
        return self.cache_beliefs.get(self.team[side], self.caches)

    def set_storms(self, storms: tuple[Storm, ...]) -> None:
        self.storms = storms
        self._refresh_storm_mask()

    def set_dust(self, unit_id: UnitId, side: SideId, mask: int) -> None:
        """Add a dust cloud (``mask`` non-zero) or remove the unit's cloud (``mask`` 0)."""
        if mask:
            self.dust[unit_id] = (side, mask)
        else:
            self.dust.pop(unit_id, None)
        self._refresh_storm_mask()

    def _refresh_storm_mask(self) -> None:
        """Storms and dust clouds hide alike: one mask of every tile where sight and fire collapse."""
        grid = self.grid
        mask = 0
        for s in self.storms:
            mask |= grid.rect_mask(s.x, s.y, s.w, s.h)
        for _, cloud in self.dust.values():
            mask |= cloud
        self.storm_mask = mask
        self._vis.clear()

    def visible_mask(self, side: SideId) -> int:
        """Tiles ``side``'s team sees now (cached until a unit moves or the weather changes)."""
        mask = self._vis.get(side)
        if mask is None:
            mask = team_sight(self, self.team[side])
            self._vis[side] = mask
        return mask

    def known_storm_mask(self, side: SideId) -> int:
        """The storm and dust tiles ``side`` knows of (``Observation.storm_mask``): every storm, its
        team's own dust clouds whole, and other clouds only on tiles within the team's sight as it would
        be without those clouds. Cheap unless another team's dust is on the map; cached like sight."""
        team = self.team[side]
        foreign = 0
        for owner, cloud in self.dust.values():
            if self.team[owner] != team:
                foreign |= cloud
        if not foreign:
            return self.storm_mask
        key = ("storm", side)
        known = self._vis.get(key)
        if known is None:
            grid = self.grid
            without = 0
            for s in self.storms:
                without |= grid.rect_mask(s.x, s.y, s.w, s.h)
            for owner, cloud in self.dust.values():
                if self.team[owner] == team:
                    without |= cloud
            own_units = (u for _, u in sorted(self.units.items()) if self.team[u.side] == team)
            clear_sight = sight_of(self, own_units, without)
            known = without | (foreign & (clear_sight | self.visible_mask(side)))
            self._vis[key] = known
        return known

    def pending_reinforcement_sides(self) -> set[SideId]:
        sides: set[SideId] = set()
        for trig in self.setup.triggers:
            if trig.id in self.fired:
                continue
            for effect in trig.effects:
                if isinstance(effect, Reinforce):
                    sides.update(p.side for p in effect.units)
        return sides

    def fire_zone(self, side: SideId) -> int:
        """Tiles ``side`` may fire at: a calm wary side only its territory; -1 (all) otherwise."""
        spec = self.setup.side(side)
        if not spec.wary or side in self.alarmed:
            return -1
        return self.setup.zones.get(spec.territory, 0) if spec.territory else 0

    def gone(self, unit_id: str) -> bool:
        """Out of the fight for good or ill: destroyed, disabled, captured, spared or withdrawn."""
        return unit_id in self.destroyed or unit_id in self.out_of_fight

    def wrecks(self) -> dict[UnitId, Unit]:
        """Disabled machines whose pilots' fate is still open (they can be captured or spared)."""
        return {u: w for u, w in self.out_of_fight.items() if self.fates[u] is Fate.DISABLED}

    def unit_at(self, tile: int) -> Unit | None:
        uid = self.occupant.get(tile)
        return None if uid is None else self.units[uid]

    def hash(self) -> str:
        """A stable hex digest of everything that decides the game from here on."""
        key: tuple[object, ...] = (
            self.setup.scenario_id,
            self.turn,
            self.phase,
            self.rng.state,
            tuple(u.key() for _, u in sorted(self.units.items())),
            tuple(sorted(self.destroyed)),
            tuple(sorted(self.evacuated)),
            tuple((s.x, s.y, s.w, s.h, s.dx, s.dy, s.wander) for s in self.storms),
            tuple(sorted(self.dust.items())),
            tuple(sorted((k, v.value) for k, v in self.fates.items())),
            tuple(sorted(self.oxygen.items())),
            self.caches,
            tuple(sorted(self.xp.items())),
            tuple(sorted(self.alarmed)),
            None if self.terrain_grid is self.setup.grid else tuple(t.id for t in self.terrain_grid.terrain),
            tuple(o.id for o in self.objectives),
            tuple(sorted((k, v.value) for k, v in self.status.items())),
            tuple(sorted(self.fired)),
            tuple(sorted(self.postures.items())),
            None
            if self.outcome is None
            else (self.outcome.winner, self.outcome.termination.value, self.outcome.reason),
            self.serial,
        )
        if self.cache_beliefs:  # only then, so games without hidden cache takes keep their hashes
            key += (tuple(sorted(self.cache_beliefs.items())),)
        return hashlib.blake2b(repr(key).encode(), digest_size=16).hexdigest()


def _teams(setup: GameSetup) -> dict[SideId, TeamId]:
    return {s.id: s.team for s in setup.sides}


def tile_of(state: GameState, unit_id: UnitId) -> Tile:
    return state.units[unit_id].tile
