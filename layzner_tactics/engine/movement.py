"""Movement: move points, reachable tiles with terrain costs, and paths.

Allies pass through allies but never end on an occupied tile; enemies on the board block. Called on a
``GameState`` it sees every unit; called on an ``Observation`` (as legal actions are) only the enemies
that side can see block, so a move can run into a hidden one (an ambush, resolved by ``rules.apply``).
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import cast

from .board import Board
from .catalog import IMPASSABLE, Catalog
from .grid import Grid
from .ids import SideId, Tile
from .observation import Observation
from .units import Unit


def move_points(catalog: Catalog, unit: Unit) -> int:
    """Move points this phase: the type's, plus V-MAX's burst, halved during its cool-down."""
    utype = catalog.units[unit.type_id]
    mp = utype.move_points
    if unit.vmax and utype.vmax is not None:
        mp += utype.vmax.move_bonus
    if unit.cooldown and mp > 0:
        mp = max(1, mp // 2)
    return mp


@dataclass(frozen=True, slots=True)
class Reach:
    """Cheapest costs and predecessors from the unit's tile; ``destinations`` are free tiles to end on.

    ``cost`` and ``prev`` are shared with every other ``Reach`` of the same search: read, never write.
    """

    start: Tile
    cost: Mapping[int, int]
    prev: Mapping[int, int]
    destinations: tuple[Tile, ...]
    _paths: dict[int, tuple[Tile, ...]] = field(default_factory=dict, compare=False, repr=False)
    shared: dict[object, object] = field(default_factory=dict, compare=False, repr=False)
    """A memo shared by every ``Reach`` of the same search (``legal_actions_for`` keeps its moves there);
    whatever is kept must depend only on the search and the key it is kept under."""

    def path(self, tile: int) -> tuple[Tile, ...]:
        if tile not in self.cost:
            raise KeyError(f"tile {tile} is not reachable")
        out = [tile]
        while tile != self.start:
            tile = self.prev[tile]
            out.append(tile)
        out.reverse()
        return tuple(Tile(t) for t in out)

    def paths(self) -> Mapping[int, tuple[Tile, ...]]:
        """The path to every reached tile (the same as ``path``), built once per search.

        Each path extends its predecessor's, so all of them cost one tuple each instead of a walk back
        to the start per tile: this is how ``legal_actions`` affords a path for every destination.
        """
        out = self._paths
        if out:
            return out
        prev = self.prev
        out[self.start] = (self.start,)
        for tile in prev:
            chain = []
            while tile not in out:
                chain.append(tile)
                tile = prev[tile]
            path = out[tile]
            for t in reversed(chain):
                path = (*path, Tile(t))
                out[t] = path
        return out


def enemy_tiles(board: Board, side: SideId) -> set[int]:
    team = board.team[side]
    return {u.tile for u in board.units.values() if board.team[u.side] != team}


def reachable_tiles(board: Board, unit: Unit, budget: int | None = None) -> Reach:
    """Dijkstra over flat tile indices within the unit's move points (or ``budget``).

    The search depends only on the map, the move class, the start, the budget and the tiles enemies
    block, so it is cached on exactly those: an ally's move or another decision of the same phase asks
    the same search again. Only the destinations (free tiles) are worked out per call.
    """
    mp = move_points(board.catalog, unit) if budget is None else budget
    cost, prev, tiles, paths, shared = search_of(board, unit, mp)
    if not isinstance(board, Observation):
        occupant = board.occupant
        dests = cast(tuple[Tile, ...], tuple(itertools.filterfalse(occupant.__contains__, tiles)))
        return Reach(Tile(unit.tile), cost, prev, dests, paths, shared)
    # the destinations depend only on which reached tiles are taken: one Reach per search and that set
    # (an observation is asked for the same unit's reach at every decision of a phase)
    reached = shared.get(_REACHED)
    if not isinstance(reached, int):
        reached = shared[_REACHED] = _mask(tiles)
    taken = reached & board.occupied_mask()
    key = (_REACH, taken)
    found = shared.get(key)
    if not isinstance(found, Reach):
        if taken:
            # the few taken tiles taken out of the sorted list (each is in it: ``reached`` is its mask)
            free = list(tiles)
            for t in _tiles(taken):
                free.remove(t)
            dests = cast(tuple[Tile, ...], tuple(free))
        else:
            dests = cast(tuple[Tile, ...], tiles)
        found = shared[key] = Reach(Tile(unit.tile), cost, prev, dests, paths, shared)
    return found


def search_of(board: Board, unit: Unit, mp: int) -> _Search:
    """The (cached) search behind ``reachable_tiles`` for ``unit`` with ``mp`` move points: it reads
    only the unit's tile, side and type (whether it moved or acted does not matter)."""
    move_class = board.catalog.units[unit.type_id].move_class
    return _search(board.grid, move_class, unit.tile, mp, _blockers_near(board, unit, mp))


def _blockers_near(board: Board, unit: Unit, mp: int) -> int:
    """The tiles that block ``unit`` within ``mp`` steps of it, as a bitmask. A step costs at least 1,
    so a move never leaves the diamond of radius ``mp``: only the blockers inside it can change where it
    goes (a far-away enemy moving does not start every search again)."""
    near = board.grid.near_mask(unit.tile, mp)
    if isinstance(board, Observation):
        return board.blocking_mask(unit.side) & near
    blocked = 0
    for t in enemy_tiles(board, unit.side):
        blocked |= 1 << t
    return blocked & near


def reached_mask(board: Board, unit: Unit, mp: int) -> int:
    """The tiles ``search_of`` reaches (its start included) as a bitmask, without the search itself:
    for a threat only the set matters, not the costs or the paths to them."""
    move_class = board.catalog.units[unit.type_id].move_class
    return _flood(board.grid, move_class, unit.tile, mp, _blockers_near(board, unit, mp))


@lru_cache(maxsize=1024)
def _flood(grid: Grid, move_class: int, start: int, mp: int, blocked: int) -> int:
    """The tiles within ``mp`` move points of ``start`` (not entering ``blocked``) as a bitmask: the
    same set as ``_search`` reaches, found a cost at a time with big-integer shifts instead of a queue.

    ``within[d]`` is every tile reachable for at most ``d`` points. A tile whose entry cost is ``k`` is
    reachable for ``d`` exactly when a neighbour is reachable for ``d - k``, so ``within[d]`` is
    ``within[d - 1]`` plus, for each cost ``k``, the neighbours of ``within[d - k]`` that cost ``k``."""
    classes = cost_masks(grid, move_class)
    if classes is None:
        return _mask(tuple(_search(grid, move_class, start, mp, blocked)[0]))
    allowed = tuple((k, mask & ~blocked) for k, mask in classes)
    within = [1 << start]
    around: list[int] = []  # the neighbours of ``within[d]`` (``within[d]`` itself included)
    for d in range(1, mp + 1):
        last = within[d - 1]
        around.append(grid.grow(last, 1))
        now = last
        for k, mask in allowed:
            if k > d:
                break
            now |= around[d - k] & mask
        within.append(now)
    return within[mp]


@lru_cache(maxsize=64)
def cost_masks(grid: Grid, move_class: int) -> tuple[tuple[int, int], ...] | None:
    """(entry cost, the tiles that cost that to enter, as a bitmask) for ``move_class``, cheapest first;
    None when some step costs less than 1 (the floods here and in ``ai._fields`` need every step to cost
    a point at least; then only a search is right)."""
    costs = grid.costs[move_class]
    if any(c != IMPASSABLE and c < 1 for c in costs):
        return None
    out: dict[int, int] = {}
    for t, c in enumerate(costs):
        if c != IMPASSABLE:
            out[c] = out.get(c, 0) | (1 << t)
    return tuple(sorted(out.items()))


def reach_mask(reach: Reach) -> int:
    """The tiles a search reached besides its start (whether taken or free), as a bitmask, once."""
    found = reach.shared.get(_REACHED)
    if not isinstance(found, int):
        found = reach.shared[_REACHED] = _mask(tuple(t for t in reach.cost if t != reach.start))
    return found


_REACHED = "reached-mask"
_REACH = "reach"


def _tiles(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


def _mask(tiles: tuple[int, ...]) -> int:
    mask = 0
    for t in tiles:
        mask |= 1 << t
    return mask


_Search = tuple[
    dict[int, int], dict[int, int], tuple[int, ...], dict[int, tuple[Tile, ...]], dict[object, object]
]


@lru_cache(maxsize=256)
def _search(grid: Grid, move_class: int, start: int, mp: int, blocked_mask: int) -> _Search:
    """(cost, prev, the other reached tiles sorted, an empty paths memo, an empty memo for callers): a
    pure function of the tiles enemies block (a bitmask), cached.

    Dijkstra with a bucket per cost (Dial's queue): every step costs at least 1, so a bucket is whole
    before it is read, and read in tile order it visits tiles in the order a heap of (cost, tile) pops
    them: the same costs, the same predecessors, filled in the same order."""
    steps = _steps(grid, move_class)
    if steps is None:
        return _heap_search(grid, move_class, start, mp, blocked_mask)
    blocked = set(_tiles(blocked_mask)) if blocked_mask else ()
    best: dict[int, int] = {start: 0}
    prev: dict[int, int] = {}
    buckets: list[list[int]] = [[] for _ in range(mp + 1)]
    buckets[0].append(start)
    far = 1 << 30
    get = best.get
    # the last bucket is not read: a step costs 1 at least, so nothing goes on from it
    for d in range(mp):
        bucket = buckets[d]
        if len(bucket) > 1:
            bucket.sort()
        for t in bucket:
            if best[t] != d:
                continue  # reached more cheaply since it was queued here
            for n, c in steps[t]:
                nd = d + c
                if nd <= mp and nd < get(n, far) and n not in blocked:
                    best[n] = nd
                    prev[n] = t
                    buckets[nd].append(n)
    others = sorted(best)
    others.remove(start)
    return best, prev, tuple(others), {}, {}


@lru_cache(maxsize=64)
def _steps(grid: Grid, move_class: int) -> tuple[tuple[tuple[int, int], ...], ...] | None:
    """Per tile, (neighbour, cost of stepping there) for the neighbours ``move_class`` can enter, in the
    grid's neighbour order; None when some step costs less than 1 (then only a heap is right)."""
    costs = grid.costs[move_class]
    if any(c != IMPASSABLE and c < 1 for c in costs):
        return None
    return tuple(tuple((n, costs[n]) for n in around if costs[n] != IMPASSABLE) for around in grid.neighbours)


def _heap_search(grid: Grid, move_class: int, start: int, mp: int, blocked_mask: int) -> _Search:
    """``_search`` with a heap (any step costs)."""
    blocked = set(_tiles(blocked_mask))
    costs = grid.costs[move_class]
    neighbours = grid.neighbours
    best: dict[int, int] = {start: 0}
    prev: dict[int, int] = {}
    heap: list[tuple[int, int]] = [(0, start)]
    pop, push = heapq.heappop, heapq.heappush
    while heap:
        d, t = pop(heap)
        if d > best[t]:
            continue
        for n in neighbours[t]:
            c = costs[n]
            if c == IMPASSABLE or n in blocked:
                continue
            nd = d + c
            if nd <= mp and nd < best.get(n, 1 << 30):
                best[n] = nd
                prev[n] = t
                push(heap, (nd, n))
    return best, prev, tuple(t for t in sorted(best) if t != start), {}, {}


def forget_searches() -> None:
    """Empty the search cache (``bench`` times a fresh search this way)."""
    _search.cache_clear()


def path_cost(grid: Grid, move_class: int, path: tuple[int, ...]) -> int | None:
    """Cost of walking ``path`` (first tile excluded), or None when a step is not a legal step."""
    costs = grid.costs[move_class]
    total = 0
    for a, b in itertools.pairwise(path):
        if b not in grid.neighbours[a]:
            return None
        c = costs[b]
        if c == IMPASSABLE:
            return None
        total += c
    return total
