"""Line of sight and fog of war: which tiles a team sees, with dust storms cutting sight."""

from __future__ import annotations

from collections.abc import Iterable

from .board import Board
from .ids import TeamId
from .units import Unit


def unit_sight(board: Board, unit: Unit, storm: int | None = None) -> int:
    """Tiles one unit sees: sensor radius with line of sight; inside or into a storm, much less.

    ``storm`` replaces the board's storm mask (the dust clouds a side would see through if they were
    not there); by default the board's own.
    """
    utype = board.catalog.units[unit.type_id]
    grid = board.grid
    radius = utype.sensor_range
    if storm is None:
        storm = board.storm_mask
    if not storm:
        return grid.sight_mask(unit.tile, radius)
    rules = board.weather_rules
    close = rules.infrared_sight_in_storm if utype.infrared else rules.sight_in_storm
    if (storm >> unit.tile) & 1:
        radius = min(radius, close)
    seen = grid.sight_mask(unit.tile, radius)
    return (seen & ~storm) | (seen & storm & grid.near_mask(unit.tile, close))


def team_sight(board: Board, team: TeamId) -> int:
    return sight_of(board, (u for u in board.units.values() if board.team[u.side] == team))


def sight_of(board: Board, units: Iterable[Unit], storm: int | None = None) -> int:
    mask = 0
    for unit in units:
        mask |= unit_sight(board, unit, storm)
    return mask
