"""What a game starts from: the map, sides, units, zones, objectives, triggers and weather, as plain data.

The scenario loader builds a ``GameSetup`` from a TOML file; tests build one in code. ``new_game`` turns
it and a seed into a ``GameState``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from .catalog import Catalog
from .grid import Grid
from .ids import (
    ObjectiveId,
    PilotId,
    SideId,
    TeamId,
    TerrainId,
    Tile,
    TriggerId,
    UnitId,
    UnitTypeId,
    ZoneId,
)


@dataclass(frozen=True, slots=True)
class Storm:
    """A dust storm over a rectangle that drifts by (dx, dy) tiles at the start of every turn, plus a
    seeded wobble of up to ``wander`` tiles each way (drawn from the game's generator)."""

    x: int
    y: int
    w: int
    h: int
    dx: int = 0
    dy: int = 0
    wander: int = 0

    def drifted(self, wobble_x: int = 0, wobble_y: int = 0) -> Storm:
        return replace(self, x=self.x + self.dx + wobble_x, y=self.y + self.dy + wobble_y)


@dataclass(frozen=True, slots=True)
class WeatherRules:
    """How storms cut sight and fire: caps inside a storm, and the accuracy lost shooting through one."""

    sight_in_storm: int = 2
    infrared_sight_in_storm: int = 4
    weapon_range_in_storm: int = 2
    accuracy_penalty: int = 20


@dataclass(frozen=True, slots=True)
class SideSpec:
    id: SideId
    name: str
    team: TeamId
    """Sides on one team are allies: they share sight and never fight. Default: the side's own id."""
    wary: bool = False
    """A Cold War garrison: until alarmed it fires only at intruders inside its ``territory``."""
    territory: ZoneId | None = None
    press_layzner: bool = False
    """Read by the Grados AI at Normal and Hard: its fighters go at the Layzner together even while it
    hunts people (see ``ai.tactical``); the rules ignore it."""


@dataclass(frozen=True, slots=True)
class UnitPlacement:
    id: UnitId
    type_id: UnitTypeId
    side: SideId
    tile: Tile
    pilot: PilotId | None = None
    hp_pct: int = 100
    folon: bool = False
    """Start with V-MAX under Folon's control (see ``Unit.folon``)."""


class ObjectiveKind(StrEnum):
    ESCORT = "escort"
    """``count`` of ``units`` reach ``zone`` and leave the map there (evacuated)."""
    REACH = "reach"
    """``count`` of ``units`` stand in ``zone`` at once."""
    PROTECT = "protect"
    """At least ``count`` of ``units`` survive (fails as soon as that is impossible)."""
    SURVIVE = "survive"
    """The side lasts until the end of turn ``turns``."""
    DESTROY = "destroy"
    """Destroy ``count`` of ``units`` (or every unit of ``sides``, reinforcements included)."""


class ObjectiveStatus(StrEnum):
    PENDING = "pending"
    COMPLETE = "complete"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Objective:
    id: ObjectiveId
    side: SideId
    kind: ObjectiveKind
    text: str
    units: tuple[UnitId, ...] = ()
    sides: tuple[SideId, ...] = ()
    zone: ZoneId | None = None
    count: int = 0
    """0 means all of ``units``."""
    turns: int = 0
    optional: bool = False

    @property
    def needed(self) -> int:
        return self.count or len(self.units)


# Trigger conditions ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OnTurn:
    """At the start of turn ``turn`` (in ``side``'s phase, or the turn's first phase)."""

    turn: int
    side: SideId | None = None


@dataclass(frozen=True, slots=True)
class OnPhase:
    """At the start of ``side``'s phase, from turn ``from_turn`` on (fires once)."""

    side: SideId
    from_turn: int = 1


@dataclass(frozen=True, slots=True)
class OnEnterZone:
    """When a unit (one of ``units``, or of ``side``, or any) stands in ``zone``."""

    zone: ZoneId
    units: tuple[UnitId, ...] = ()
    side: SideId | None = None


@dataclass(frozen=True, slots=True)
class OnDestroyed:
    unit: UnitId


@dataclass(frozen=True, slots=True)
class OnHpBelow:
    unit: UnitId
    pct: int


Condition = OnTurn | OnPhase | OnEnterZone | OnDestroyed | OnHpBelow


# Trigger effects ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reinforce:
    units: tuple[UnitPlacement, ...]


@dataclass(frozen=True, slots=True)
class SetWeather:
    storms: tuple[Storm, ...]


@dataclass(frozen=True, slots=True)
class Say:
    speaker: str
    text: str


@dataclass(frozen=True, slots=True)
class SetObjective:
    """Mark an objective complete or failed, or add a new one (``objective`` set)."""

    objective_id: ObjectiveId
    status: ObjectiveStatus | None = None
    objective: Objective | None = None


@dataclass(frozen=True, slots=True)
class SetPosture:
    side: SideId
    posture: str


@dataclass(frozen=True, slots=True)
class SetVmaxControl:
    """Hand V-MAX to the pilot (``folon=False``) or back to Folon."""

    unit: UnitId
    folon: bool


@dataclass(frozen=True, slots=True)
class SetFlag:
    """Something the campaign will remember (a story flag such as ``rei_revealed``)."""

    flag: str


@dataclass(frozen=True, slots=True)
class RaiseAlarm:
    side: SideId


@dataclass(frozen=True, slots=True)
class ChangeTerrain:
    """The map changes (walls brought down, a base levelled); units left on ground they cannot hold die."""

    zone: ZoneId
    terrain: TerrainId


@dataclass(frozen=True, slots=True)
class Devastate:
    """Everything inside ``zone`` is destroyed (a missile strike)."""

    zone: ZoneId


Effect = (
    Reinforce
    | SetWeather
    | Say
    | SetObjective
    | SetPosture
    | SetVmaxControl
    | SetFlag
    | RaiseAlarm
    | ChangeTerrain
    | Devastate
)


@dataclass(frozen=True, slots=True)
class Trigger:
    id: TriggerId
    when: Condition
    effects: tuple[Effect, ...]


@dataclass(frozen=True, slots=True)
class GameSetup:
    catalog: Catalog
    grid: Grid
    sides: tuple[SideSpec, ...]
    units: tuple[UnitPlacement, ...]
    zones: Mapping[ZoneId, int] = field(default_factory=dict)
    """Zone name to bitmask of its tiles."""
    objectives: tuple[Objective, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    max_turns: int = 20
    on_turn_limit: SideId | None = None
    """The side that wins when the turn limit passes; None for a draw."""
    weather: tuple[Storm, ...] = ()
    weather_rules: WeatherRules = WeatherRules()
    postures: Mapping[SideId, str] = field(default_factory=dict)
    scenario_id: str = ""
    oxygen: Mapping[SideId, int] = field(default_factory=dict)
    """Shared oxygen supply per side, in unit-turns of breathing; sides absent here do not run out."""
    oxygen_caches: int = 0
    """Bitmask of tiles holding an oxygen cache (taken by the first unit of an oxygen side to stop there)."""
    oxygen_cache_amount: int = 12
    suffocation_pct: int = 20
    """Percent of maximum HP every breathing unit loses in its phase while its side has no oxygen."""

    def side(self, side_id: str) -> SideSpec:
        for s in self.sides:
            if s.id == side_id:
                return s
        raise KeyError(side_id)

    def team_of(self, side_id: str) -> TeamId:
        return self.side(side_id).team
