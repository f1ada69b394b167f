"""Sight read from the per-radius table of lines is the sight worked out line by line (Bresenham both
ways), on every bundled map and a 64x64 one with scattered boulders, at every radius the units use."""

import random

from layzner_tactics.bench import open_skirmish
from layzner_tactics.scenario.loader import bundled_scenario_ids, load_scenario


def test_table_sight_is_line_by_line_sight():
    rng = random.Random(5)
    grids = [load_scenario(sid).setup.grid for sid in bundled_scenario_ids()]
    grids.append(open_skirmish(64, 32).grid)
    assert sum(any(grid.blocks) for grid in grids) > len(grids) // 2  # something to hide behind
    for grid in grids:
        for _ in range(120):
            tile = rng.randrange(grid.size)
            radius = rng.choice((0, 1, 2, 3, 4, 6, 8, 10, 12))
            assert grid._compute_sight(tile, radius) == grid._plain_sight(tile, radius), (
                grid.width,
                tile,
                radius,
            )
