"""The AI's path-cost fields are true least path costs: checked against a plain Dijkstra on every
bundled map and move class, with and without tiles marked unsafe."""

import heapq
import random

import pytest

from layzner_tactics.ai._fields import source_field
from layzner_tactics.ai.tactical import FAR, UNSAFE_STEP, distance_field
from layzner_tactics.engine.catalog import IMPASSABLE
from layzner_tactics.scenario.loader import bundled_scenario_ids, load_scenario


def _plain(grid, sources, move_class, unsafe):
    step = [
        IMPASSABLE if c == IMPASSABLE else c + (UNSAFE_STEP if (unsafe >> t) & 1 else 0)
        for t, c in enumerate(grid.costs[move_class])
    ]
    dist = {s: 0 for s in sources}
    heap = [(0, s) for s in sources]
    while heap:
        d, t = heapq.heappop(heap)
        if d > dist[t]:
            continue
        for n in grid.neighbours[t]:
            if step[n] == IMPASSABLE:
                continue
            if d + step[n] < dist.get(n, FAR):
                dist[n] = d + step[n]
                heapq.heappush(heap, (dist[n], n))
    return [dist.get(t, FAR) for t in range(grid.size)]


def test_fields_are_least_path_costs_on_every_bundled_map():
    rng = random.Random(7)
    for sid in bundled_scenario_ids():
        grid = load_scenario(sid).setup.grid
        for move_class in range(len(grid.costs)):
            for _ in range(3):
                sources = tuple(sorted(rng.sample(range(grid.size), rng.choice((1, 3)))))
                unsafe = rng.getrandbits(grid.size) if rng.random() < 0.5 else 0
                assert distance_field(grid, sources, move_class, unsafe) == _plain(
                    grid, sources, move_class, unsafe
                ), (sid, move_class, sources)


def test_numpy_fields_are_the_same_numbers_as_the_search():
    """``distance_array`` (whole-map sweeps) gives exactly ``distance_field``'s numbers: bundled maps
    and a 64x64 map with scattered boulders, every move class, one to hundreds of sources, with and
    without unsafe tiles."""
    from layzner_tactics.ai._fields import FAR as FIELDS_FAR
    from layzner_tactics.ai._fields import distance_array
    from layzner_tactics.bench import open_skirmish

    assert FIELDS_FAR == FAR
    rng = random.Random(11)
    grids = [load_scenario(sid).setup.grid for sid in bundled_scenario_ids()]
    grids.append(open_skirmish(64, 32).grid)
    for grid in grids:
        for move_class in range(len(grid.costs)):
            for count in (1, 3, 40, grid.size // 3):
                sources = rng.sample(range(grid.size), count)
                unsafe = rng.getrandbits(grid.size) if rng.random() < 0.5 else 0
                got = distance_array(grid, sources, move_class, unsafe, UNSAFE_STEP).tolist()
                assert got == distance_field(grid, sources, move_class, unsafe), (
                    grid.width,
                    move_class,
                    count,
                )


def test_fields_kept_per_map_are_the_least_path_costs_and_cannot_be_written_over():
    # one policy's arithmetic on a kept field must never change what the next policy or game reads
    grid = load_scenario("skirmish-crater-field").setup.grid
    for source in (0, grid.size // 2, grid.size - 1):
        field = source_field(grid, source, 0)
        assert field.tolist() == _plain(grid, (source,), 0, 0)
        assert source_field(grid, source, 0) is field
        with pytest.raises(ValueError):
            field[0] = 5


def test_a_distance_row_is_the_grids_distance_to_every_tile():
    from layzner_tactics.ai._fields import distance_row
    from layzner_tactics.bench import open_skirmish

    for grid in (open_skirmish(24, 4).grid, open_skirmish(5, 1).grid):
        for tile in (0, grid.size - 1, grid.size // 2 + 1):
            row = distance_row(grid, tile)
            assert row.tolist() == [grid.distance(tile, t) for t in range(grid.size)]
            assert distance_row(grid, tile) is row and not row.flags.writeable  # kept, read-only
