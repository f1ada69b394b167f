"""The read-only view movement, sight and combat need; ``GameState`` and ``Observation`` both offer it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from .catalog import Catalog
from .grid import Grid
from .ids import SideId, TeamId, UnitId
from .setup import WeatherRules
from .units import Unit


class Board(Protocol):
    @property
    def catalog(self) -> Catalog: ...
    @property
    def grid(self) -> Grid: ...
    @property
    def weather_rules(self) -> WeatherRules: ...
    @property
    def units(self) -> Mapping[UnitId, Unit]: ...
    @property
    def occupant(self) -> Mapping[int, UnitId]: ...
    @property
    def team(self) -> Mapping[SideId, TeamId]: ...
    @property
    def storm_mask(self) -> int: ...
