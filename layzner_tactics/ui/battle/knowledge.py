"""What the player's side knows beyond one ``Observation``: the battle screen's own three rules.

These rules belong to the engine (issue 15: "the engine decides visibility"); until its API lands they
live here, in one place, behind this small interface, so that swapping them for the engine's is an edit
of this module and its few callers:

- ``sees(unit, before, after)``: whether the player may see an event about ``unit`` (it was in view
  before the action or after it). The choreography asks it for every event.
- ``saw(units)`` / ``forget(unit)`` / ``out_of_sight(obs)``: a memory of enemies once seen and not seen
  leave the fight, handed to Rei as its life-sign count.
- ``bogged(unit)`` / ``phase_ended(side, units)`` / ``stuck(unit)``: a unit bogged down in sand stays
  stuck through the phase it loses (the engine's ``bogged`` flag clears when that phase starts).

Pure Python: no pygame, so it can be tested and replaced on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from ...engine import Observation, SideId, Unit, UnitId


class PlayerKnowledge:
    """The player's memory of the battle. ``omniscient`` (the replay viewer) sees every event."""

    def __init__(self, omniscient: bool = False) -> None:
        self.omniscient = omniscient
        self._remembered: dict[UnitId, Unit] = {}
        self._stuck: set[UnitId] = set()

    # ------------------------------------------------------------------ events the player sees

    def sees(self, unit: UnitId, before: Observation, after: Observation) -> bool:
        """Whether an event about ``unit`` is visible: it was seen before the action or after it."""
        return self.omniscient or unit in before.units or unit in after.units

    # ------------------------------------------------------------------ enemies remembered

    def saw(self, units: Iterable[Unit], is_enemy: Callable[[Unit], bool]) -> None:
        """Remember the enemies among ``units`` (the units in view now) as they stand."""
        for u in units:
            if is_enemy(u):
                self._remembered[u.id] = u

    def forget(self, unit: UnitId) -> None:
        """``unit`` was seen leaving the fight (destroyed, disabled, captured, withdrawn)."""
        self._remembered.pop(unit, None)

    def out_of_sight(self, obs: Observation) -> dict[UnitId, Unit]:
        """Enemies once seen, still in the fight as far as the player knows, and not in view now."""
        return {k: v for k, v in self._remembered.items() if k not in obs.units}

    # ------------------------------------------------------------------ the bog rule

    def bogged(self, unit: UnitId) -> None:
        """``unit`` bogged down: stuck until the phase it loses has passed."""
        self._stuck.add(unit)

    def phase_ended(self, side: SideId, units: Mapping[UnitId, Unit]) -> None:
        """``side``'s phase ended: its units that no longer carry the engine's bog flag are free."""
        for uid in [u for u in self._stuck if u not in units or not units[u].bogged]:
            if uid not in units or units[uid].side == side:
                self._stuck.discard(uid)

    def stuck(self, unit: UnitId) -> bool:
        """Whether ``unit`` is stuck in sand this phase (after the engine's flag has cleared)."""
        return unit in self._stuck
