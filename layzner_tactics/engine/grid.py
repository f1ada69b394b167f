"""The map: a square grid of terrain with flat tile indices, neighbour tables and sight caches.

A ``Grid`` never changes after it is built, so every state of a game shares one, and the expensive
tables (neighbours, move costs per class, line-of-sight masks) are built once per map. Sets of tiles
are Python ints used as bitmasks: bit ``t`` set means tile ``t`` is in the set.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence

from .catalog import IMPASSABLE, MoveClass, TerrainType
from .ids import Tile


class Grid:
    """An immutable ``width`` x ``height`` map of terrain types.

    Each attribute can be set once (by ``__init__``, or by unpickling) and never rebound or deleted,
    so nobody holding a grid (an ``Observation`` included) can change the map under a game. The sight
    caches ``_los``, ``_near`` and ``_clear`` are the only things that grow.
    """

    __slots__ = (
        "_clear",
        "_los",
        "_near",
        "blocks",
        "costs",
        "cover",
        "height",
        "neighbours",
        "terrain",
        "width",
        "xs",
        "ys",
    )

    def __init__(self, width: int, height: int, terrain: Sequence[TerrainType]) -> None:
        if width < 1 or height < 1 or len(terrain) != width * height:
            raise ValueError(f"grid {width}x{height} needs {width * height} tiles, got {len(terrain)}")
        self.width = width
        self.height = height
        self.terrain: tuple[TerrainType, ...] = tuple(terrain)
        n = width * height
        self.xs = tuple(t % width for t in range(n))
        self.ys = tuple(t // width for t in range(n))
        nbrs: list[tuple[int, ...]] = []
        for t in range(n):
            x, y = self.xs[t], self.ys[t]
            around = []
            if y > 0:
                around.append(t - width)
            if x < width - 1:
                around.append(t + 1)
            if y < height - 1:
                around.append(t + width)
            if x > 0:
                around.append(t - 1)
            nbrs.append(tuple(around))
        self.neighbours: tuple[tuple[int, ...], ...] = tuple(nbrs)
        self.costs: tuple[tuple[int, ...], ...] = tuple(
            tuple(tt.move_cost[cls] for tt in self.terrain) for cls in MoveClass
        )
        self.cover = tuple(tt.cover for tt in self.terrain)
        self.blocks = tuple(tt.blocks_sight for tt in self.terrain)
        self._los: dict[tuple[int, int], int] = {}
        self._near: dict[tuple[int, int], int] = {}
        self._clear: dict[tuple[int, int], bool] = {}

    def __setattr__(self, name: str, value: object) -> None:
        if hasattr(self, name):
            raise AttributeError(f"a Grid is immutable: cannot set {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Grid is immutable: cannot delete {name!r}")

    @property
    def size(self) -> int:
        return self.width * self.height

    def tile(self, x: int, y: int) -> Tile:
        if not (0 <= x < self.width and 0 <= y < self.height):
            raise ValueError(f"({x}, {y}) is off the {self.width}x{self.height} map")
        return Tile(y * self.width + x)

    def xy(self, tile: int) -> tuple[int, int]:
        return self.xs[tile], self.ys[tile]

    def contains(self, x: int, y: int) -> bool:
        return 0 <= x < self.width and 0 <= y < self.height

    def distance(self, a: int, b: int) -> int:
        """Manhattan distance between two tiles."""
        return abs(self.xs[a] - self.xs[b]) + abs(self.ys[a] - self.ys[b])

    def passable(self, tile: int, move_class: MoveClass) -> bool:
        return self.costs[move_class][tile] != IMPASSABLE

    def rect_mask(self, x: int, y: int, w: int, h: int) -> int:
        """Bitmask of the tiles of a rectangle, clipped to the map."""
        mask = 0
        x0, x1 = max(0, x), min(self.width, x + w)
        if x1 <= x0:
            return 0
        row = ((1 << (x1 - x0)) - 1) << x0
        for yy in range(max(0, y), min(self.height, y + h)):
            mask |= row << (yy * self.width)
        return mask

    def near_mask(self, tile: int, radius: int) -> int:
        """Tiles within Manhattan ``radius`` of ``tile`` (sight ignored)."""
        key = (tile, radius)
        mask = self._near.get(key)
        if mask is None:
            mask = 0
            cx, cy = self.xs[tile], self.ys[tile]
            for y in range(max(0, cy - radius), min(self.height, cy + radius + 1)):
                span = radius - abs(y - cy)
                for x in range(max(0, cx - span), min(self.width, cx + span + 1)):
                    mask |= 1 << (y * self.width + x)
            self._near[key] = mask
        return mask

    def grow(self, mask: int, radius: int) -> int:
        """The tiles within Manhattan ``radius`` of a tile of ``mask``: the union of ``near_mask`` over
        its tiles, grown a step at a time with shifts (a few big-integer operations a step)."""
        w = self.width
        inner = _inner_columns(w, self.height)
        full, not_first, not_last = inner
        for _ in range(radius):
            mask |= ((mask << 1) & not_first) | ((mask >> 1) & not_last) | ((mask << w) & full) | (mask >> w)
        return mask

    def sight_mask(self, tile: int, radius: int) -> int:
        """Tiles seen from ``tile`` within Euclidean ``radius``, lines of sight blocked by terrain.

        A blocking tile is itself seen but hides what lies beyond it. Cached per (tile, radius).
        """
        key = (tile, radius)
        mask = self._los.get(key)
        if mask is None:
            mask = self._compute_sight(tile, radius)
            self._los[key] = mask
        return mask

    def _compute_sight(self, tile: int, radius: int) -> int:
        """``_plain_sight``'s mask, reading each line of sight from a table of lines kept per radius:
        a tile is hidden only when some blocking tile near ``tile`` lies on both its lines."""
        w = self.width
        cx, cy = self.xs[tile], self.ys[tile]
        x0, x1 = max(0, cx - radius), min(w, cx + radius + 1)
        y0, y1 = max(0, cy - radius), min(self.height, cy + radius + 1)
        span = 2 * radius + 1
        near: set[int] = set()
        blocks = self.blocks
        for y in range(y0, y1):
            row = y * w
            for x in range(x0, x1):
                if blocks[row + x]:
                    near.add((y - cy + radius) * span + (x - cx + radius))
        mask = 1 << tile
        for dx, dy, forward, backward in _sight_lines(radius):
            x, y = cx + dx, cy + dy
            if x0 <= x < x1 and y0 <= y < y1 and (near.isdisjoint(forward) or near.isdisjoint(backward)):
                mask |= 1 << (y * w + x)
        return mask

    def _plain_sight(self, tile: int, radius: int) -> int:
        """The sight mask worked out tile by tile along Bresenham lines (the definition)."""
        w = self.width
        cx, cy = self.xs[tile], self.ys[tile]
        blocks = self.blocks
        r2 = radius * radius + radius  # rounder circles than r*r
        mask = 1 << tile
        for y in range(max(0, cy - radius), min(self.height, cy + radius + 1)):
            dy = y - cy
            for x in range(max(0, cx - radius), min(w, cx + radius + 1)):
                dx = x - cx
                if dx * dx + dy * dy > r2 or (dx == 0 and dy == 0):
                    continue
                if _clear(blocks, cx, cy, x, y, w):
                    mask |= 1 << (y * w + x)
        return mask

    def line_clear(self, a: int, b: int) -> bool:
        """Whether no tile strictly between ``a`` and ``b`` blocks sight."""
        # symmetric (see ``_clear``), so one entry serves both directions
        key = (a, b) if a < b else (b, a)
        found = self._clear.get(key)
        if found is None:
            if len(self._clear) >= LINES_KEPT:
                self._clear.clear()
            ax, ay = self.xy(a)
            bx, by = self.xy(b)
            found = self._clear[key] = _clear(self.blocks, ax, ay, bx, by, self.width)
        return found

    def tiles(self, mask: int) -> Iterator[int]:
        """The tiles of a bitmask in ascending order."""
        while mask:
            low = mask & -mask
            yield low.bit_length() - 1
            mask ^= low


@functools.cache
def _sight_lines(radius: int) -> tuple[tuple[int, int, frozenset[int], frozenset[int]], ...]:
    """Per offset (dx, dy) in sight range: the tiles strictly between the centre and it along the line
    each way, as offsets coded ``(dy + radius) * (2 * radius + 1) + dx + radius`` (a line depends only on
    the difference of its ends, so one table serves every tile)."""
    r2 = radius * radius + radius
    span = 2 * radius + 1
    out = []
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            if dx * dx + dy * dy > r2 or (dx == 0 and dy == 0):
                continue
            # lines on a board ``span`` wide with the centre in the middle: their tile numbers are the codes
            c = radius * span + radius
            t = (dy + radius) * span + dx + radius
            forward = frozenset(_line(radius, radius, radius + dx, radius + dy, span))
            backward = frozenset(_line(radius + dx, radius + dy, radius, radius, span))
            assert c not in forward and t not in backward
            out.append((dx, dy, forward, backward))
    return tuple(out)


@functools.lru_cache(maxsize=64)
def _inner_columns(width: int, height: int) -> tuple[int, int, int]:
    """(every tile, every tile but the first column, every tile but the last column) as bitmasks."""
    row = (1 << width) - 1
    full = first = last = 0
    for y in range(height):
        full |= row << (y * width)
        first |= 1 << (y * width)
        last |= 1 << (y * width + width - 1)
    return full, full & ~first, full & ~last


LINES_KEPT = 1 << 20
"""Tile pairs whose line of fire a grid remembers before it starts again (a few tens of MB at most)."""


def _clear(blocks: tuple[bool, ...], x0: int, y0: int, x1: int, y1: int, width: int) -> bool:
    """Sight is clear when the line either way misses every blocking tile: symmetric, so a unit
    sees another exactly when the other sees it, and a ridge corner does not hide a whole column."""
    return all(not blocks[t] for t in _line(x0, y0, x1, y1, width)) or all(
        not blocks[t] for t in _line(x1, y1, x0, y0, width)
    )


def _line(x0: int, y0: int, x1: int, y1: int, width: int) -> Iterator[int]:
    """Tiles strictly between two points on a supercover-free Bresenham line."""
    dx, dy = abs(x1 - x0), abs(y1 - y0)
    sx = 1 if x1 > x0 else -1
    sy = 1 if y1 > y0 else -1
    err = dx - dy
    x, y = x0, y0
    while True:
        e2 = 2 * err
        if e2 > -dy:
            err -= dy
            x += sx
        if e2 < dx:
            err += dx
            y += sy
        if x == x1 and y == y1:
            return
        yield y * width + x


def mask_of(tiles: Iterator[int] | Sequence[int]) -> int:
    mask = 0
    for t in tiles:
        mask |= 1 << t
    return mask
