"""Threat: the tiles a unit could strike in its next phase (move, then fire), for the AI and the UI.

Works on a ``GameState`` or an ``Observation`` (on an observation only the enemies a side sees count).
Masks are int bitmasks; ``threat_counts`` gives a numpy array of how many units threaten each tile.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import numpy as np

from .board import Board
from .combat import in_reach, weapon_ready
from .grid import Grid
from .ids import UnitId
from .movement import reachable_tiles, reached_mask
from .observation import Observation
from .rules import may_fire_at
from .setup import ObjectiveKind, ObjectiveStatus
from .units import Unit


def strike_mask(board: Board, unit: Unit) -> int:
    """Tiles ``unit`` could attack next phase: from any tile it can reach (or its own), any tile within
    one of its weapons' ranges. Lines of fire and storms are ignored: this is a worst-case threat."""
    utype = board.catalog.units[unit.type_id]
    if not utype.weapons:
        return 0
    low = min(w.min_range for w in utype.weapons)
    high = max(w.max_range for w in utype.weapons)
    # its next phase: not moved, no cool-down (V-MAX, if on, still counts)
    mp = utype.move_points
    if unit.vmax and utype.vmax is not None:
        mp += utype.vmax.move_bonus
    return _strike_of(board.grid, reached_mask(board, unit, mp), low, high)


@functools.lru_cache(maxsize=1024)
def _strike_of(grid: Grid, reached: int, low: int, high: int) -> int:
    """The tiles within ``low``..``high`` of a tile of ``reached`` (a bitmask), kept per reached set: a
    unit that has not moved costs nothing the next phase."""
    if low <= 1:
        # every tile within ``high`` of a tile it reaches: the reached tiles grown ``high`` steps
        return grid.grow(reached, high)
    mask = 0
    for tile in grid.tiles(reached):
        mask |= grid.near_mask(tile, high) & ~grid.near_mask(tile, low - 1)
    return mask


def can_strike(obs: Observation) -> bool:
    """Whether a unit of the observing side that has not acted could now attack an enemy it sees, from
    where it stands or after a move: its ready weapons, their ranges (storms cap them) and lines of
    fire as the rules read them, and a wary side's fire zone. (``simulate`` counts the phases that
    begin so, and how many of them had an attack.)"""
    return next(_strikable(obs), None) is not None


def strike_targets(obs: Observation) -> list[Unit]:
    """Every enemy the observing side sees that one of its units could now attack (as ``can_strike``
    reads it), in the order found."""
    return list(_strikable(obs))


def _strikable(obs: Observation) -> Iterator[Unit]:
    """The seen enemies some unit of the side that has not acted could attack now, each once."""
    enemies = [e for e in obs.enemies() if may_fire_at(obs, e)]
    if not enemies:
        return
    at_enemies = 0
    for e in enemies:
        at_enemies |= 1 << e.tile
    catalog = obs.catalog
    found: set[UnitId] = set()
    for unit in obs.own_units():
        if unit.acted:
            continue
        utype = catalog.units[unit.type_id]
        ready = [w for i, w in enumerate(utype.weapons) if weapon_ready(utype, unit, i)]
        if not ready:
            continue
        # the worst-case reach first: most units are nowhere near an enemy, and the enemies outside it
        # are out of reach of every tile
        worst = strike_mask(obs, unit) & at_enemies
        near = [e for e in enemies if (worst >> e.tile) & 1 and e.id not in found]
        if not near:
            continue
        tiles = [unit.tile] if unit.moved else [unit.tile, *reachable_tiles(obs, unit).destinations]
        for tile in tiles:
            there = unit.with_(tile=tile)
            for e in near:
                if e.id not in found and any(in_reach(obs, w, there, e) for w in ready):
                    found.add(e.id)
                    yield e
            if len(found) == len(enemies):
                return


def people_hunted(obs: Observation) -> set[UnitId]:
    """Enemies whose survival or escape is a hostile side's pending objective (the people: survivors,
    civilians under escort) and whose destruction is one of the observing side's: the side is hunting
    them."""
    mine: set[UnitId] = set()
    theirs: set[UnitId] = set()
    for obj, status in obs.objectives:
        if status is not ObjectiveStatus.PENDING:
            continue
        if obj.side == obs.side and obj.kind is ObjectiveKind.DESTROY:
            mine.update(obj.units)
        elif obs.hostile(obj.side, obs.side) and obj.kind in (ObjectiveKind.ESCORT, ObjectiveKind.PROTECT):
            theirs.update(obj.units)
    return theirs & mine


def threat_mask(board: Board, team_of_target: str) -> int:
    """Tiles any unit hostile to ``team_of_target`` (a side id) could strike next phase."""
    team = board.team[team_of_target]  # type: ignore[index]
    mask = 0
    for _, unit in sorted(board.units.items()):
        if board.team[unit.side] != team:
            mask |= strike_mask(board, unit)
    return mask


def threat_counts(board: Board, side: str) -> np.ndarray:
    """A (height, width) int array: how many hostile units could strike each tile next phase."""
    grid = board.grid
    team = board.team[side]  # type: ignore[index]
    counts = np.zeros(grid.size, dtype=np.int16)
    for _, unit in sorted(board.units.items()):
        if board.team[unit.side] == team:
            continue
        counts += mask_to_array(strike_mask(board, unit), grid.size)
    return counts.reshape(grid.height, grid.width)


def mask_to_array(mask: int, size: int) -> np.ndarray:
    """A bitmask as a 0/1 (int16) array of ``size`` tiles."""
    return mask_to_bools(mask, size).astype(np.int16)


def mask_to_bools(mask: int, size: int) -> np.ndarray:
    """A bitmask as a boolean array of ``size`` tiles."""
    raw = np.frombuffer(mask.to_bytes((size + 7) // 8, "little"), dtype=np.uint8)
    return np.unpackbits(raw, count=size, bitorder="little").view(np.bool_)
