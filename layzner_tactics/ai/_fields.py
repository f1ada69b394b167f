"""Path-cost fields over the whole map as numpy sweeps: the same numbers as a Dijkstra, 5-10x sooner.

A field is the least path cost from every tile to the nearest of some sources, where a step costs the
terrain's move cost of the tile entered (plus a penalty on unsafe tiles). A Dijkstra in Python costs
about a microsecond a tile whether the answer is near or far: 5 ms on a 64x64 map. Here the field is
relaxed in straight sweeps instead (left to right, right to left, down, up), each one a running minimum
over a whole row or column at once (``np.minimum.accumulate``): along a row, the best cost at ``x`` from
anything to its left is ``min over j <= x of (dist[j] - P[j]) + P[x]`` with ``P`` the running sum of
the costs. The four sweeps repeat until nothing changes; a least path with ``k`` turns is found after at
most ``k + 1`` rounds, so an open map with scattered rocks takes a handful. The result is exact: integer
costs, and impassable tiles cost more than any real path (every such sum ends above ``FAR``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import numpy as np

from ..engine.catalog import IMPASSABLE
from ..engine.grid import Grid
from ..engine.threat import mask_to_array

FAR = 999
"""Where the sources cannot be reached within this, a field holds this (``tactical.FAR``)."""
_WALL = 1 << 24
"""The cost of entering an impassable tile: far above ``FAR`` even summed over a whole row."""
_NONE = 1 << 40
"""Not reached yet."""


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
