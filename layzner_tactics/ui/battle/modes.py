"""The battle screen's input modes as values: what the player is doing with the map right now.

Each mode is a small frozen value carrying what it is about (the selected unit, the target, the
weapon). ``commands`` gives each mode a handler that takes a command and returns the next mode.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ...engine import UnitId
from .. import widgets


@dataclass(frozen=True, slots=True)
class Idle:
    """Nothing selected: the cursor roams, a click on an own unit selects it."""

    name: ClassVar[str] = "idle"

    @property
    def unit(self) -> None:
        return None


@dataclass(frozen=True, slots=True)
class Select:
    """A unit selected: its reach on the map; a click moves it, attacks or opens its orders."""

    unit: UnitId
    name: ClassVar[str] = "select"


@dataclass(frozen=True, slots=True)
class Orders:
    """The selected unit's orders menu open beside it."""

    unit: UnitId
    menu: widgets.Menu
    name: ClassVar[str] = "menu"


@dataclass(frozen=True, slots=True)
class Target:
    """Choosing whom to attack: the targets in reach are marked."""

    unit: UnitId
    name: ClassVar[str] = "target"


@dataclass(frozen=True, slots=True)
class Forecast:
    """The forecast of one attack on ``target``, with weapon ``weapon_i`` of those that reach."""

    unit: UnitId
    target: UnitId
    weapon_i: int = 0
    name: ClassVar[str] = "forecast"


Mode = Idle | Select | Orders | Target | Forecast
IDLE = Idle()
