"""Path-cost fields over the whole map: the same numbers as a Dijkstra, many times sooner.

A field is the least path cost from every tile to the nearest of some sources, where a step costs the
terrain's move cost of the tile entered (plus a penalty on unsafe tiles). A Dijkstra in Python costs
about a microsecond a tile whether the answer is near or far: 5 ms on a 64x64 map. Here the field is
flooded outward a point of cost at a time with big-integer bitmasks instead: ``within[d]``, every tile
whose cost is at most ``d``, is ``within[d - 1]`` plus, for each entry cost ``k``, the neighbours of
``within[d - k]`` that cost ``k`` to enter (a few shifts and masks over the whole map per step). A
tile's cost is then the number of those masks it is missing from, counted for all tiles at once with
numpy. The result is exact: integer costs, the same sets a queue would settle in the same order of cost.

Where some step costs less than a point (no bundled terrain does), the older sweeps are used: the field
relaxed in straight sweeps (left to right, right to left, down, up), each a running minimum over a
whole row or column at once (``np.minimum.accumulate``), repeated until nothing changes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..engine.catalog import IMPASSABLE
from ..engine.grid import Grid
from ..engine.movement import cost_masks
from ..engine.threat import mask_to_array

FAR = 999
"""Where the sources cannot be reached within this, a field holds this (``tactical.FAR``)."""
_WALL = 1 << 24
"""The cost of entering an impassable tile: far above ``FAR`` even summed over a whole row."""
_NONE = 1 << 40
"""Not reached yet."""
SOURCE_FIELD_TILES = 4_000_000
"""``source_field`` keeps fields of at most this many tiles in all (16 MB), then starts afresh."""


@dataclass(frozen=True, slots=True)
class MapArrays:
    """A map's fixed numbers as flat arrays (read-only), made once per map and shared by every policy."""

    xs: np.ndarray
    ys: np.ndarray
    cover: np.ndarray
    bog: np.ndarray
    blur: np.ndarray
    """What is left of a hit chance on each tile for its cover (cover takes its points straight off
    every hit chance: about 60 % on average), at least a tenth."""


@functools.lru_cache(maxsize=16)
def map_arrays(grid: Grid) -> MapArrays:
    """``MapArrays`` of ``grid`` (a grid never changes)."""
    cover = np.array(grid.cover, dtype=np.float64)
    arrays = MapArrays(
        np.array(grid.xs, dtype=np.int32),
        np.array(grid.ys, dtype=np.int32),
        cover,
        np.array([t.bog for t in grid.terrain], dtype=np.float64),
        np.clip(1.0 - cover / 60.0, 0.1, 1.0),
    )
    for arr in (arrays.xs, arrays.ys, arrays.cover, arrays.bog, arrays.blur):
        arr.flags.writeable = False
    return arrays


_ROWS: dict[tuple[Grid, int], np.ndarray] = {}
_row_tiles = [0]


def distance_row(grid: Grid, tile: int) -> np.ndarray:
    """The Manhattan distance from ``tile`` to every tile (flat, int32 like ``MapArrays.xs``, read-only),
    kept per map and tile: the AI reads it for every enemy it could shoot at, at every decision."""
    key = (grid, tile)
    found = _ROWS.get(key)
    if found is None:
        if _row_tiles[0] + grid.size > SOURCE_FIELD_TILES:
            _ROWS.clear()
            _row_tiles[0] = 0
        arrays = map_arrays(grid)
        found = np.abs(arrays.xs - grid.xs[tile]) + np.abs(arrays.ys - grid.ys[tile])
        found.flags.writeable = False
        _ROWS[key] = found
        _row_tiles[0] += grid.size
    return found


_SOURCE_FIELDS: dict[tuple[Grid, int, int], np.ndarray] = {}
_source_tiles = [0]


def source_field(grid: Grid, source: int, move_class: int) -> np.ndarray:
    """``distance_array`` from the one tile ``source`` (read-only), kept across policies and games:
    terrain never changes, and every game on a map asks for fields from the same few hundred tiles."""
    key = (grid, source, move_class)
    found = _SOURCE_FIELDS.get(key)
    if found is None:
        if _source_tiles[0] + grid.size > SOURCE_FIELD_TILES:
            _SOURCE_FIELDS.clear()
            _source_tiles[0] = 0
        found = distance_array(grid, (source,), move_class)
        found.flags.writeable = False
        _SOURCE_FIELDS[key] = found
        _source_tiles[0] += grid.size
    return found


@functools.lru_cache(maxsize=16)
def _costs(grid: Grid, move_class: int) -> np.ndarray:
    """The cost of entering each tile, as a (height, width) int64 array (``_WALL`` where impassable)."""
    costs = np.array(grid.costs[move_class], dtype=np.int64)
    costs[costs == IMPASSABLE] = _WALL
    return costs.reshape(grid.height, grid.width)


def distance_array(
    grid: Grid, sources: Iterable[int], move_class: int, unsafe: int = 0, unsafe_step: int = 0
) -> np.ndarray:
    """Least path cost from every tile (flat, int32) to the nearest of ``sources``; ``FAR`` where that is
    ``FAR`` or more or there is no path. Tiles in the ``unsafe`` bitmask cost ``unsafe_step`` more to
    enter (the same numbers as ``tactical.distance_field``)."""
    classes = cost_masks(grid, move_class)
    if classes is None or (unsafe and unsafe_step < 0):
        return _swept_distances(grid, sources, move_class, unsafe, unsafe_step)
    if unsafe and unsafe_step:
        # an unsafe tile costs more: it moves to the class of its cost plus the penalty
        merged: dict[int, int] = {}
        for k, mask in classes:
            for cost, part in ((k, mask & ~unsafe), (k + unsafe_step, mask & unsafe)):
                if part:
                    merged[cost] = merged.get(cost, 0) | part
        classes = tuple(sorted(merged.items()))
    start = 0
    for s in sources:
        start |= 1 << s
    within = [start]
    around: list[int] = []  # the neighbours of ``within[d]`` (``within[d]`` itself included)
    top = classes[-1][0] if classes else 1
    still = 0  # steps in a row that reached nothing new: after ``top`` of them nothing ever will
    while len(within) < FAR and still < top:
        last = within[-1]
        around.append(grid.grow(last, 1))
        d = len(within)
        now = last
        for k, mask in classes:
            if k > d:
                break
            now |= around[d - k] & mask
        within.append(now)
        still = still + 1 if now == last else 0
    size = grid.size
    nbytes = (size + 7) // 8
    raw = np.frombuffer(b"".join([m.to_bytes(nbytes, "little") for m in within]), dtype=np.uint8)
    bits = np.unpackbits(raw.reshape(len(within), nbytes), axis=1, count=size, bitorder="little")
    # a tile of cost ``c`` is missing from ``within[0]`` to ``within[c - 1]``: ``c`` of the masks
    cost = len(within) - bits.sum(axis=0, dtype=np.int32)
    return np.where(bits[-1].view(np.bool_), cost, FAR).astype(np.int32)


def _swept_distances(
    grid: Grid, sources: Iterable[int], move_class: int, unsafe: int = 0, unsafe_step: int = 0
) -> np.ndarray:
    """``distance_array`` by sweeps (any step costs)."""
    costs = _costs(grid, move_class)
    if unsafe:
        costs = costs + unsafe_step * mask_to_array(unsafe, grid.size).astype(np.int64).reshape(costs.shape)
    dist = np.full(costs.shape, _NONE, dtype=np.int64)
    flat = dist.reshape(-1)
    for s in sources:
        flat[s] = 0
    # running sums of the costs from each end of every row and column (the tile itself included)
    east = np.cumsum(costs, axis=1)
    west = np.cumsum(costs[:, ::-1], axis=1)[:, ::-1]
    south = np.cumsum(costs, axis=0)
    north = np.cumsum(costs[::-1, :], axis=0)[::-1, :]
    least = np.minimum
    run = np.minimum.accumulate
    while True:
        before = dist
        dist = least(dist, run(dist - east, axis=1) + east)
        dist = least(dist, run((dist - west)[:, ::-1], axis=1)[:, ::-1] + west)
        dist = least(dist, run(dist - south, axis=0) + south)
        dist = least(dist, run((dist - north)[::-1, :], axis=0)[::-1, :] + north)
        if np.array_equal(dist, before):
            break
    return np.minimum(dist, FAR).astype(np.int32).reshape(-1)
