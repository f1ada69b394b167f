"""The Tactician keeps attack forecasts while it plays on one map (every policy and game there shares
them), keyed on a summary of the two machines and of the tiles. A forecast it reuses must be the one
the engine would give now: any two shots with the same key get the same numbers (else the AI would
pick attacks on stale odds). It keeps the strike and the counter apart from the target's HP too: a
forecast made from those kept numbers for the HP now must be the engine's."""

import random

from engine_helpers import CATALOG, setup_of

from layzner_tactics.ai.tactical import _combat_key, _shot_key, _target_keys
from layzner_tactics.engine import new_game, observe
from layzner_tactics.engine.combat import forecast_of, forecast_strike, in_reach
from layzner_tactics.engine.ids import UnitId
from layzner_tactics.engine.setup import Storm

ROWS = ["..o..*....", "....^^....", ".%%.......", "......~~..", "...**.....", ".........."]


def _variant(rng, unit, utype):
    ammo = tuple(rng.choice((-1, 0, 1, 3)) if a != -1 else a for a in unit.ammo)
    return unit.with_(
        hp=rng.choice((1, utype.hp // 3, utype.hp)),
        energy=rng.choice((0, 5, 20, 60, 200)),
        ammo=ammo,
        vmax=rng.random() < 0.2,
        cooldown=rng.choice((0, 0, 0, 1, 2)),
        folon=rng.random() < 0.3,
        severed=rng.random() < 0.1,
    )


def test_shots_with_the_same_kept_key_have_the_same_forecast():
    rng = random.Random(5)
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 9, 5)]
    state = new_game(setup_of(ROWS, units, weather=[Storm(3, 1, 3, 3)]), 1)
    obs = observe(state, "earth")
    assert obs.storm_mask, "the test needs a storm on the map"
    grid = obs.grid
    # a few tiles in and out of the storm and cover, near and far apart, so that keys repeat
    tiles = [grid.tile(x, y) for x, y in ((0, 0), (2, 0), (4, 1), (3, 2), (1, 2), (5, 4), (8, 3), (9, 5))]
    seen: dict[tuple[object, ...], object] = {}
    numbers: dict[tuple[object, ...], object] = {}
    compared = rebuilt = 0
    for _ in range(4000):
        pair = [state.units[UnitId("l")], state.units[UnitId("b")]]
        rng.shuffle(pair)
        shooter, target = (_variant(rng, u, CATALOG.units[u.type_id]) for u in pair)
        a, b = rng.sample(tiles, 2)
        shooter, target = shooter.with_(tile=a), target.with_(tile=b)
        utype = CATALOG.units[shooter.type_id]
        i = rng.randrange(len(utype.weapons))
        weapon = utype.weapons[i]
        target_key, numbers_key = _target_keys(obs, target)
        shot = _shot_key(obs, a, b, grid.distance(a, b))
        key = (_combat_key(obs, shooter), i, target_key, shot)
        now = (
            forecast_strike(obs, shooter, weapon, target) if in_reach(obs, weapon, shooter, target) else None
        )
        if key in seen:
            assert seen[key] == now, key
            compared += 1
        else:
            seen[key] = now
        # the numbers kept without the target's HP give the engine's forecast for any HP
        no_hp = (_combat_key(obs, shooter), i, numbers_key, shot)
        if no_hp in numbers:
            kept = numbers[no_hp]
            if kept is None:
                assert now is None, no_hp
            else:
                assert now is not None and forecast_of(obs, shooter, target, *kept) == now, no_hp
            rebuilt += 1
        else:
            numbers[no_hp] = None if now is None else (now.strike, now.counter)
    assert compared > 300  # the keys do repeat: the check above is not empty
    assert rebuilt > compared  # and more often without the HP
