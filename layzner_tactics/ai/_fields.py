"""Distance fields that are searched only as far as someone reads them.

A hunt field (path cost from every tile to the nearest of some sources) is read by a unit only on the
tiles it can reach this phase, and only up to a cap (a tile 60 steps from every enemy is as bad as one
200 steps away). A whole-map search costs the same on a 64x64 map whether the unit deciding is next to
the enemy or not; this one stops as soon as the tiles asked about are settled (or the cap is passed), and
picks up where it stopped when another unit asks about tiles further out.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

FAR = 999
"""What a whole-map field holds where the sources cannot be reached (and from there on)."""


class LazyField:
    """Dial's algorithm from ``sources`` over ``steps`` (per tile: (neighbour, cost of entering it)),
    run bucket by bucket on demand.

    ``at(tiles)`` gives, for each tile, the exact path cost when it is at most ``limit`` and ``FAR``
    when it is more (or unreachable): after ``np.minimum(..., cap)`` with ``cap <= limit``, the same
    numbers as a whole-map search (``tactical.distance_field``) gives.
    """

    __slots__ = ("_buckets", "_dist", "_done", "_steps", "limit")

    def __init__(
        self, steps: Sequence[Sequence[tuple[int, int]]], size: int, sources: Sequence[int], limit: int
    ) -> None:
        self._steps = steps
        self.limit = limit
        self._dist = [FAR] * size
        first: list[int] = []
        for s in sources:
            self._dist[s] = 0
            first.append(s)
        self._buckets: dict[int, list[int]] = {0: first}
        self._done = -1
        """Buckets up to this distance are processed: every tile at most this far is settled."""

    def at(self, tiles: Sequence[int]) -> np.ndarray:
        """Path costs of ``tiles`` (``FAR`` beyond ``limit``), as an int array in the given order."""
        dist = self._dist
        limit = self.limit
        while tiles and self._done < limit and self._buckets:
            target = min(max(dist[t] for t in tiles), limit)
            if self._done >= target:
                break
            self._advance(target)
        return np.fromiter((d if d <= limit else FAR for d in map(dist.__getitem__, tiles)), np.int32, len(tiles))

    def _advance(self, through: int) -> None:
        """Process the buckets after ``_done`` up to ``through`` (or until none is left)."""
        dist = self._dist
        steps = self._steps
        buckets = self._buckets
        d = self._done + 1
        while d <= through and buckets:
            bucket = buckets.pop(d, None)
            if bucket is not None:
                for t in bucket:
                    if dist[t] != d:
                        continue
                    for n, c in steps[t]:
                        nd = d + c
                        if nd < dist[n]:
                            dist[n] = nd
                            found = buckets.get(nd)
                            if found is None:
                                buckets[nd] = [n]
                            else:
                                found.append(n)
            d += 1
        self._done = d - 1 if buckets else FAR
