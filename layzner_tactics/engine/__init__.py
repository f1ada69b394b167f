"""The rules engine: pure Python (+ numpy), no pygame, no files, no global randomness.

Public contract:
- ``new_game(setup, seed) -> GameState``
- ``is_legal(state, action) -> bool`` (``illegal_reason`` says why not): the one definition of legal
- ``legal_actions(state)`` / ``legal_actions_for(observation)`` -> list of ``Action``: a subset of the
  legal actions (each Move along one cheapest path per destination), as python-chess's ``legal_moves``
- ``apply(state, action) -> list[Event]`` (in place; raises ``IllegalActionError`` and changes nothing
  exactly when ``is_legal`` is False)
- ``observe(state, side) -> Observation``; ``forecast(state_or_observation, attack) -> Forecast``
- ``visible_events(events, before, after)`` / ``event_visible``: which events a side sees;
  ``Knowledge(side)``: the enemies it remembers (``knowledge_of`` rebuilds it from a replay)
- ``state.hash()``: a stable digest; same setup + seed + actions give the same hash.
"""

from .actions import (
    Action,
    Attack,
    EndPhase,
    Move,
    Special,
    UndoMove,
    Wait,
    action_from_data,
    action_text,
    action_to_data,
    describe_action,
)
from .catalog import Catalog, MoveClass, Pilot, TerrainType, UnitType, Weapon, WeaponKind
from .combat import Forecast, Strike, format_chance
from .errors import DataError, IllegalActionError, Problem
from .events import (
    Event,
    EventNames,
    GameOver,
    Outcome,
    PhaseEnded,
    PhaseStarted,
    Termination,
    describe_event,
    event_text,
)
from .grid import Grid
from .ids import SideId, TeamId, Tile, UnitId, UnitTypeId, WeaponId, ZoneId
from .knowledge import Knowledge, Sighting, event_visible, knowledge_of, visible_events
from .movement import Reach, move_points, reachable_tiles
from .observation import Observation, observe
from .rng import Rng, derive_seed
from .rules import (
    VMAX,
    apply,
    forecast,
    illegal_reason,
    is_legal,
    legal_actions,
    legal_actions_for,
    new_game,
    placed_unit,
)
from .setup import (
    GameSetup,
    Objective,
    ObjectiveKind,
    ObjectiveStatus,
    SideSpec,
    Storm,
    Trigger,
    UnitPlacement,
)
from .state import GameState
from .units import NO_TILE, Unit

__all__ = [
    "NO_TILE",
    "VMAX",
    "Action",
    "Attack",
    "Catalog",
    "DataError",
    "EndPhase",
    "Event",
    "EventNames",
    "Forecast",
    "GameOver",
    "GameSetup",
    "GameState",
    "Grid",
    "IllegalActionError",
    "Knowledge",
    "Move",
    "MoveClass",
    "Objective",
    "ObjectiveKind",
    "ObjectiveStatus",
    "Observation",
    "Outcome",
    "PhaseEnded",
    "PhaseStarted",
    "Pilot",
    "Problem",
    "Reach",
    "Rng",
    "SideId",
    "SideSpec",
    "Sighting",
    "Special",
    "Storm",
    "Strike",
    "TeamId",
    "Termination",
    "TerrainType",
    "Tile",
    "Trigger",
    "UndoMove",
    "Unit",
    "UnitId",
    "UnitPlacement",
    "UnitType",
    "UnitTypeId",
    "Wait",
    "Weapon",
    "WeaponId",
    "WeaponKind",
    "ZoneId",
    "action_from_data",
    "action_text",
    "action_to_data",
    "apply",
    "derive_seed",
    "describe_action",
    "describe_event",
    "event_text",
    "event_visible",
    "forecast",
    "format_chance",
    "illegal_reason",
    "is_legal",
    "knowledge_of",
    "legal_actions",
    "legal_actions_for",
    "move_points",
    "new_game",
    "observe",
    "placed_unit",
    "reachable_tiles",
    "visible_events",
]
