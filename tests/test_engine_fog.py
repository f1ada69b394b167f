"""Fog never leaks: states that differ only in units hidden from a side give it the same observation,
dust clouds included (a cloud's centre would pinpoint the unit that kicked it up), and oxygen caches
included (a cache vanishing out of sight would tell where an unseen enemy went)."""

import dataclasses
import functools
import random

import pytest
from engine_helpers import end_phase, setup_of

from layzner_tactics.ai.policy import make_policy
from layzner_tactics.engine import (
    Attack,
    EndPhase,
    GameState,
    Move,
    Special,
    UnitId,
    Wait,
    apply,
    forecast,
    legal_actions,
    new_game,
    observe,
)
from layzner_tactics.sim.scenarios import load

EARTH, GRADOS = "earth", "grados"
LONG = ["." * 30] * 5


@functools.cache
def _dust_setup(near: bool):
    x = 4 if near else 0
    return setup_of(LONG, [("a", "layzner", EARTH, x, 2), ("e", "braver", GRADOS, 8 if near else 25, 2)])


def _dust_game(raise_dust: bool, near: bool = False) -> GameState:
    """Earth's Layzner on the left; Grados's Braver far right (or 4 tiles off) kicks up dust or waits."""
    state = new_game(_dust_setup(near), 3)
    end_phase(state)
    apply(state, Special(UnitId("e"), "dust") if raise_dust else Wait(UnitId("e")))
    return state


def test_a_dust_cloud_beyond_the_sensors_does_not_give_its_unit_away():
    with_dust, without = _dust_game(True), _dust_game(False)
    assert with_dust.dust and with_dust.storm_mask  # the cloud is there and hides for real
    assert observe(with_dust, EARTH) == observe(without, EARTH)
    assert observe(with_dust, GRADOS).storm_mask == with_dust.storm_mask  # its own cloud, whole


def test_a_dust_cloud_in_sight_is_seen_only_where_the_sensors_reach():
    state = _dust_game(True, near=True)
    obs = observe(state, EARTH)
    assert "e" not in obs.units  # hidden in the dust
    assert obs.storm_mask, "a cloud within the sensors' reach is seen"
    assert obs.storm_mask & ~state.storm_mask == 0
    unit = state.units["a"]
    reach = state.grid.sight_mask(unit.tile, state.catalog.units[unit.type_id].sensor_range)
    assert obs.storm_mask & ~reach == 0, "dust is seen only within the sensors' range"


@functools.cache
def _cache_setup():
    units = [("a", "buggy", EARTH, 0, 2), ("s", "survivor", GRADOS, 19, 2), ("g", "braver", GRADOS, 28, 0)]
    setup = setup_of(LONG, units)
    cache = setup.grid.tile(20, 2)
    return dataclasses.replace(setup, oxygen={EARTH: 30, GRADOS: 30}, oxygen_caches=1 << cache)


def _cache_game(take: bool) -> GameState:
    """Grados's survivor, out of Earth's sight, steps onto an oxygen cache (or next to it)."""
    setup = _cache_setup()
    state = new_game(setup, 1)
    end_phase(state)
    to = 20 if take else 18
    apply(state, Move(UnitId("s"), (setup.grid.tile(19, 2), setup.grid.tile(to, 2))))
    return state


def test_an_unseen_cache_take_is_not_shown_until_the_tile_is_seen():
    taken, left = _cache_game(True), _cache_game(False)
    cache = taken.grid.tile(20, 2)
    assert not taken.caches >> cache & 1  # the survivor did take it
    assert observe(taken, EARTH) == observe(left, EARTH)
    assert observe(taken, EARTH).caches >> cache & 1
    assert not observe(taken, GRADOS).caches >> cache & 1  # the taker's side knows
    # Earth drives up, sees the empty store room, and drives away: it does not forget
    end_phase(taken)
    grid = taken.grid
    apply(taken, Move(UnitId("a"), tuple(grid.tile(x, 2) for x in range(0, 7))))
    assert not observe(taken, EARTH).sees(cache)
    for x0 in (6, 12):
        end_phase(taken)
        end_phase(taken)
        apply(taken, Move(UnitId("a"), tuple(grid.tile(x, 2) for x in range(x0, x0 + 6 + 1))))
    assert observe(taken, EARTH).sees(cache)
    assert not observe(taken, EARTH).caches >> cache & 1
    assert not taken.cache_beliefs
    end_phase(taken)
    end_phase(taken)
    apply(taken, Move(UnitId("a"), tuple(grid.tile(x, 2) for x in range(18, 12, -1))))
    assert not observe(taken, EARTH).caches >> cache & 1


def _hidden_from(state: GameState, side: str) -> list[UnitId]:
    visible = state.visible_mask(side)
    team = state.team[side]
    return [
        uid
        for uid, u in sorted(state.units.items())
        if state.team[u.side] != team and not (visible >> u.tile) & 1 and uid not in state.dust
    ]


@pytest.mark.parametrize("scenario", ["gosterro", "blue-dust", "hunters-below", "decoy-in-the-ruins"])
def test_removing_hidden_units_changes_no_observation(scenario):
    rnd = random.Random(scenario)
    state = new_game(load(scenario).setup, 2)
    compared = 0
    for step in range(240):
        if state.outcome is not None:
            break
        if step % 4 == 0:
            for side in state.sides:
                hidden = _hidden_from(state, side)
                if not hidden:
                    continue
                other = state.copy()
                for uid in rnd.sample(hidden, rnd.randint(1, len(hidden))):
                    other.remove(uid)
                assert observe(other, side) == observe(state, side), f"{side} at step {step}"
                compared += 1
        legal = legal_actions(state)
        apply(state, legal[-1] if rnd.random() < 0.15 else rnd.choice(legal))
    assert compared >= 10


def test_an_own_cloud_is_known_whole():
    units = [("a", "layzner", EARTH, 3, 2), ("e", "braver", GRADOS, 25, 2)]
    state = new_game(setup_of(LONG, units), 3)
    apply(state, Special(UnitId("a"), "dust"))
    apply(state, EndPhase(EARTH))
    assert observe(state, EARTH).storm_mask == state.storm_mask != 0


def test_forecasts_from_what_a_side_knows_are_the_rules_numbers():
    """Hiding other teams' far dust from the observation must not change a forecast: both ends of a
    legal attack stand where the side knows whether there is dust. The missions' AIs play (they meet
    and fight); now and then a unit that can kicks up dust instead."""
    compared = foreign_dust = 0
    for scenario in ("blue-dust", "gosterro", "crossfire", "demo"):
        mission = load(scenario)
        policies = {s.id: make_policy(s.ai, s.id, 4, s.posture) for s in mission.sides}
        rnd = random.Random(scenario)
        state = new_game(mission.setup, 4)
        for _ in range(300):
            if state.outcome is not None:
                break
            legal = legal_actions(state)
            obs = observe(state, state.side_to_act)
            foreign_dust += obs.storm_mask != state.storm_mask
            for attack in (a for a in legal if isinstance(a, Attack)):
                assert forecast(obs, attack) == forecast(state, attack)
                compared += 1
            dust = [a for a in legal if isinstance(a, Special) and a.name == "dust"]
            action = (
                rnd.choice(dust) if dust and rnd.random() < 0.2 else policies[obs.side].choose(obs, legal)
            )
            apply(state, action)
    assert compared > 50 and foreign_dust > 5, (compared, foreign_dust)
