"""One exchange of fire as a battle cut-in shows it: plain data, no pygame.

The choreography (``ui.battle.choreography.cut_in``) builds a ``CutIn`` from the events of a seen
attack; the screen (``ui.cutin``) draws it. Kept apart from both so that neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine import SideId, UnitId


@dataclass(frozen=True, slots=True)
class Fighter:
    """One machine of a cut-in as the player knows it when the exchange starts."""

    unit: UnitId
    type_id: str
    side: SideId
    name: str
    pilot: str
    """The pilot's name ("" for an unmanned machine): the portrait is found by it."""
    hp: int
    max_hp: int


@dataclass(frozen=True, slots=True)
class Blow:
    """One strike of an exchange: the attack, or the defender's counter (``counter``)."""

    counter: bool
    weapon: str
    weapon_name: str
    kind: str
    hit: bool
    crit: bool
    damage: int
    hp_before: int
    """The struck machine's HP before this blow, and after it (``hp_after``)."""
    hp_after: int
    ends: str = ""
    """What the blow did to the struck machine beyond damage: "" | "destroyed" | "disabled"."""


@dataclass(frozen=True, slots=True)
class CutIn:
    """A battle cut-in: the attacker and defender face to face, each blow of the exchange in order.
    ``power`` is "" | "vmax" | "folon" (the attacker's V-MAX, or Folon striking on its own)."""

    attacker: Fighter
    defender: Fighter
    blows: tuple[Blow, ...]
    power: str = ""
    storm: bool = False

    @property
    def key(self) -> str:
        """What "first time per weapon" remembers: the attacking machine's type and its weapon."""
        return f"{self.attacker.type_id}:{self.blows[0].weapon}"

    @property
    def kill(self) -> bool:
        return any(b.ends for b in self.blows)
