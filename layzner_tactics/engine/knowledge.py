"""What a side may know beyond one observation: which events it sees, and the enemies it remembers.

The engine decides this once, for the UI, Rei and the AI alike:

- ``event_visible(event, before, after)`` / ``visible_events(events, before, after)``: which of the
  events of one action (or one opening) the side whose observations ``before`` and ``after`` are may
  see. ``before`` is its observation before the action, ``after`` the one after.
- ``Knowledge``: one side's memory of the enemies it has seen, fed every observation it gets (and the
  events it saw, when it has them). A pure function of that sequence, so replaying a game's actions
  (``knowledge_of``) rebuilds exactly the memory the side had: a loaded save remembers what the live
  game did.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import assert_never

from .actions import Action
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
    FlagSet,
    FolonIntervened,
    GameOver,
    HeadSevered,
    MoveUndone,
    ObjectiveAdded,
    ObjectiveCompleted,
    ObjectiveFailed,
    OxygenChanged,
    PhaseEnded,
    PhaseStarted,
    PilotFate,
    PostureChanged,
    Reinforcements,
    TalkAttempted,
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
from .ids import SideId, UnitId
from .observation import Observation, observe
from .rules import apply, new_game
from .setup import GameSetup
from .units import Unit

# Which events a side sees -------------------------------------------------------------------------


def _saw(uid: str, before: Observation, after: Observation) -> bool:
    """The side had the unit in sight before the action or has it after."""
    return uid in before.units or uid in after.units


def _own_team(side: SideId, before: Observation) -> bool:
    return before.team.get(side) == before.team[before.side]


def _own_unit(uid: str, before: Observation, after: Observation) -> bool:
    unit = after.units.get(UnitId(uid)) or before.units.get(UnitId(uid))
    return unit is not None and _own_team(unit.side, before)


def event_visible(event: Event, before: Observation, after: Observation) -> bool:
    """Whether the side of ``before`` and ``after`` (its observations around the action) sees ``event``.

    Public news (phases, weather, alarms, ground changes, dialogue, story flags, the end) is seen by
    everyone; a unit's deeds when the side saw the unit before or after (a move also needs a tile of
    its path in sight then, a wreck or a death on a tile in sight counts); a shot when either end was
    in sight; oxygen, objectives and V-MAX control of its own team only; a posture change of its own
    side only. Reinforcements are seen when one arriving unit is (``visible_events`` names only those).
    """
    vis = before.visible | after.visible
    match event:
        case (
            PhaseStarted()
            | PhaseEnded()
            | AlarmRaised()
            | TerrainChanged()
            | Dialogue()
            | WeatherChanged()
            | FlagSet()
            | GameOver()
        ):
            return True
        case UnitMoved(unit, path):
            return _saw(unit, before, after) and any((vis >> t) & 1 for t in path)
        case AttackResolved(attacker=attacker, target=target):
            return _saw(target, before, after) or _saw(attacker, before, after)
        case UnitDestroyed(unit, _, tile) | DustRaised(unit, tile):
            return _saw(unit, before, after) or bool((vis >> tile) & 1)
        case PilotFate(unit, _, _):
            return _saw(unit, before, after) or unit in before.wrecks or unit in after.wrecks
        case TalkAttempted(unit, target, _, _):
            return _saw(unit, before, after) or _saw(target, before, after)
        case Ambushed(unit, by, _):
            return _saw(unit, before, after) or _saw(by, before, after)
        case HeadSevered(unit, head, _):
            return _saw(unit, before, after) or _saw(head, before, after)
        case Reinforcements(units):
            return any(_saw(u, before, after) for u in units)
        case OxygenChanged(side, _, _, _) | ObjectiveCompleted(side, _, _) | ObjectiveFailed(side, _, _):
            return _own_team(side, before)
        case ObjectiveAdded(side, _, _):
            return _own_team(side, before)
        case PostureChanged(side, _):
            return side == before.side
        case VmaxControlChanged(unit, _):
            return _own_unit(unit, before, after)
        case (
            UnitDisabled(unit=unit)
            | VmaxActivated(unit=unit)
            | FolonIntervened(unit=unit)
            | VmaxEnded(unit=unit)
            | CooldownEnded(unit=unit)
            | DustSettled(unit=unit)
            | UnitSuffocated(unit=unit)
            | BoggedDown(unit=unit)
            | UnitEvacuated(unit=unit)
            | UnitWaited(unit=unit)
            | MoveUndone(unit=unit)
        ):
            return _saw(unit, before, after)
        case _:
            assert_never(event)


def visible_events(events: Iterable[Event], before: Observation, after: Observation) -> list[Event]:
    """The events the side sees, in order (see ``event_visible``); a ``Reinforcements`` event names only
    the arrivals the side sees, so hidden ones are not given away by name."""
    out: list[Event] = []
    for event in events:
        if not event_visible(event, before, after):
            continue
        if isinstance(event, Reinforcements):
            event = Reinforcements(tuple(u for u in event.units if _saw(u, before, after)))
        out.append(event)
    return out


# What a side remembers ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sighting:
    """An enemy as the side last saw it."""

    unit: Unit
    turn: int
    """The turn it was last in sight."""
    gone: bool = False
    """Since then the side has seen its tile without it: it is somewhere else, out of sight."""


_LEFT = (UnitDestroyed, UnitDisabled, PilotFate, UnitEvacuated)
"""Seen, these take an enemy out of the fight: the side stops counting it."""


class Knowledge:
    """One side's memory of the enemies it has seen (other teams' units), as last seen.

    Call ``update`` with every observation the side gets, in order, and the events it saw since the
    previous one (``visible_events``; an AI that gets no events passes none and simply keeps enemies it
    never saw leave). The result depends only on that sequence: ``knowledge_of`` rebuilds it from a
    replay.
    """

    __slots__ = ("_sightings", "side")

    def __init__(self, side: SideId) -> None:
        self.side = side
        self._sightings: dict[UnitId, Sighting] = {}

    def update(self, obs: Observation, events: Iterable[Event] = ()) -> None:
        """Learn from the side's observation ``obs`` and the ``events`` it saw just before it.

        Raises ``ValueError`` for another side's observation.
        """
        if obs.side != self.side:
            raise ValueError(f"{self.side}'s knowledge cannot learn from {obs.side}'s observation")
        for event in events:
            if isinstance(event, _LEFT):
                self._sightings.pop(event.unit, None)
        team = obs.team[self.side]
        for uid, unit in obs.units.items():
            if obs.team[unit.side] != team:
                self._sightings[uid] = Sighting(unit, obs.turn)
        for uid, seen in sorted(self._sightings.items()):
            if uid not in obs.units and not seen.gone and obs.sees(seen.unit.tile):
                self._sightings[uid] = Sighting(seen.unit, seen.turn, gone=True)

    @property
    def sightings(self) -> Mapping[UnitId, Sighting]:
        """Every enemy the side remembers (in sight now or not), by id: a read-only view."""
        return MappingProxyType(self._sightings)

    def remembered(self, obs: Observation | None = None) -> dict[UnitId, Unit]:
        """The enemies seen earlier and not in sight in ``obs`` (all remembered ones without it), as last
        seen, by id in id order: what Rei counts as life signs hidden in fog or dust."""
        return {
            uid: s.unit for uid, s in sorted(self._sightings.items()) if obs is None or uid not in obs.units
        }

    def copy(self) -> Knowledge:
        other = Knowledge(self.side)
        other._sightings = dict(self._sightings)
        return other

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Knowledge) and (self.side, self._sightings) == (other.side, other._sightings)

    __hash__ = None  # type: ignore[assignment]


def knowledge_of(setup: GameSetup, seed: int, actions: Sequence[Action], side: SideId) -> Knowledge:
    """The memory ``side`` has after ``actions`` from the start of the game ``setup`` and ``seed`` give,
    as it would have been fed live after the opening and after every action (a loaded save or a replay
    rebuilds it this way). Raises ``IllegalActionError`` like ``apply``."""
    state = new_game(setup, seed)
    knowledge = Knowledge(side)
    obs = observe(state, side)
    knowledge.update(obs, visible_events(state.opening_events, obs, obs))
    for action in actions:
        before = obs
        events = apply(state, action)
        obs = observe(state, side)
        knowledge.update(obs, visible_events(events, before, obs))
    return knowledge
