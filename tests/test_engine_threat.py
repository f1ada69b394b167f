"""Threat maps agree with a brute force over moves and weapon ranges."""

from engine_helpers import setup_of

from layzner_tactics.engine import SideId, new_game, observe, reachable_tiles
from layzner_tactics.engine.threat import mask_to_array, strike_mask, threat_counts, threat_mask
from layzner_tactics.scenario.loader import load_scenario

ROWS = ["....^.......", "....^..~~...", "............", "..#####.....", "............"]
UNITS = [
    ("l", "layzner", "earth", 0, 0, "eiji"),
    ("d", "dtol", "grados", 9, 2),
    ("b", "braver", "grados", 8, 4),
]


def test_strike_mask_matches_brute_force():
    units = [
        ("l", "layzner", "earth", 0, 0, "eiji"),
        ("d", "dtol", "grados", 9, 2),
        ("b", "braver", "grados", 8, 4),
    ]
    s = new_game(setup_of(ROWS, units), 1)
    g = s.grid
    for uid in ("d", "b"):
        unit = s.units[uid]
        weapons = s.catalog.units[unit.type_id].weapons
        expected = set()
        for t in reachable_tiles(s, unit).cost:
            for target in range(g.size):
                d = g.distance(t, target)
                if any(w.min_range <= d <= w.max_range for w in weapons):
                    expected.add(target)
        assert set(g.tiles(strike_mask(s, unit))) == expected


def test_threat_counts_and_masks_agree_and_respect_fog():
    units = [
        ("l", "layzner", "earth", 0, 0, "eiji"),
        ("d", "dtol", "grados", 9, 2),
        ("b", "braver", "grados", 8, 4),
    ]
    s = new_game(setup_of(ROWS, units), 1)
    counts = threat_counts(s, "earth")
    mask = threat_mask(s, "earth")
    assert ((counts.ravel() > 0) == mask_to_array(mask, s.grid.size).astype(bool)).all()
    assert counts.max() == 2
    obs = observe(s, SideId("earth"))
    assert not obs.units.keys() & {"d", "b"}  # both out of the Layzner's sight
    assert threat_mask(obs, "earth") == 0  # a side's threat map knows only the enemies it sees


def test_a_mask_grown_by_a_radius_is_every_tile_near_one_of_its_tiles():
    """``Grid.grow`` (the strike mask's reach grown by the weapons' range) is the union of ``near_mask``
    rings, edges and corners of narrow and wide maps included."""
    import random

    from layzner_tactics.bench import open_skirmish

    rng = random.Random(2)
    for grid in (open_skirmish(24, 4).grid, open_skirmish(5, 1).grid, load_scenario("gosterro").setup.grid):
        for _ in range(100):
            tiles = [rng.randrange(grid.size) for _ in range(rng.randrange(1, 12))]
            radius = rng.randrange(10)
            mask = union = 0
            for t in tiles:
                mask |= 1 << t
                union |= grid.near_mask(t, radius)
            assert grid.grow(mask, radius) == union


def test_a_mask_as_booleans_is_the_mask_as_numbers_read_as_truth():
    import random

    from layzner_tactics.engine.threat import mask_to_bools

    rng = random.Random(3)
    for size in (1, 7, 8, 9, 384, 4097):
        for _ in range(20):
            mask = rng.getrandbits(size)
            bools = mask_to_bools(mask, size)
            assert bools.dtype == bool and bools.shape == (size,)
            assert bools.tolist() == (mask_to_array(mask, size) != 0).tolist()
            assert bools.tolist() == [bool((mask >> t) & 1) for t in range(size)]
