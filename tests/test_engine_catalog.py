"""The stat catalog: validation names every problem; overrides; storms wander; rookies learn."""

import pytest
from engine_helpers import CATALOG, end_phase, setup_of

from layzner_tactics.data import load_catalog, raw_catalog
from layzner_tactics.engine import DataError, Storm, new_game
from layzner_tactics.engine.catalog import catalog_from_data, override_data
from layzner_tactics.engine.progression import XP_PER_STEP, learning_overrides, skill_gains

TERRAIN = "regolith dunes crater boulders ridge canyon-floor base-floor base-wall ruins tunnel landing-pad"
TYPES = "layzner baybull buldy braver grimekaisar bullgrenn dimarge skull_gunner buggy survivor"


def test_bundled_catalog_loads_with_every_required_type():
    c = load_catalog()
    assert set(TERRAIN.split()) <= set(c.terrain)
    assert set(TYPES.split()) <= set(c.units)
    layzner = c.units["layzner"]
    assert {w.id for w in layzner.weapons} == {"knuckle_shot", "lasered_rifle", "calf_missiles"}
    assert layzner.vmax is not None


def test_catalog_errors_name_every_problem_with_its_path():
    raw = raw_catalog()
    raw["units"]["braver"]["armour"] = 900  # a typo
    raw["units"]["braver"]["hp"] = -5
    raw["terrain"]["dunes"]["move"]["vehicle"] = "slow"
    with pytest.raises(DataError) as err:
        catalog_from_data(raw)
    text = str(err.value)
    assert "units.braver.armour: unknown key (did you mean 'armor'?)" in text
    assert "units.braver.hp: must be between 1 and 100000, got -5" in text
    assert "terrain.dunes.move.vehicle" in text
    assert len(err.value.problems) == 3


def test_overrides_change_stats_and_refuse_unknown_paths():
    raw = override_data(raw_catalog(), "braver.armor", 1234)
    raw = override_data(raw, "layzner.weapons.lasered_rifle.power", 1400)
    raw = override_data(raw, "pilots.david.shooting", 7)  # absent from the file, still a known stat
    c = catalog_from_data(raw)
    assert c.units["braver"].armor == 1234
    assert c.units["layzner"].weapon("lasered_rifle").power == 1400
    assert c.pilots["david"].shooting == 7
    assert load_catalog().units["braver"].armor != 1234  # the bundled catalog is untouched
    with pytest.raises(DataError, match="did you mean 'armor'"):
        override_data(raw_catalog(), "braver.armour", 1)
    with pytest.raises(DataError):
        override_data(raw_catalog(), "nosuchunit.armor", 1)


def test_storms_wander_by_the_game_seed():
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 11, 7)]
    setup = setup_of(["." * 12] * 8, units, weather=[Storm(4, 3, 3, 3, dx=1, wander=1)])

    def path(seed):
        s = new_game(setup, seed)
        out = []
        for _ in range(8):
            end_phase(s)
            out.append((s.storms[0].x, s.storms[0].y))
        return out

    assert path(1) == path(1)
    assert len({tuple(path(seed)) for seed in range(6)}) > 1
    for x_prev, (x, _) in zip([4, *[p[0] for p in path(2)]], path(2), strict=False):
        assert 0 <= x - x_prev <= 2


def test_rookies_turn_experience_into_skill():
    assert skill_gains(XP_PER_STEP - 1) == {"shooting": 0, "dodge": 0, "melee": 0, "technique": 0}
    assert skill_gains(XP_PER_STEP * 2)["dodge"] == 2
    overrides = learning_overrides(CATALOG, {"david": XP_PER_STEP * 3, "eiji": 100})
    assert overrides == {"pilots.david.shooting": 2, "pilots.david.dodge": 2, "pilots.david.melee": 2}
    raw = raw_catalog()
    for key, value in overrides.items():
        raw = override_data(raw, key, value)
    assert catalog_from_data(raw).pilots["david"].melee == 2
