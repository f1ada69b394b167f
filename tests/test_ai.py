"""AI policies: registered, legal, deterministic, fog-fair; personalities and postures as data."""

from dataclasses import replace

import pytest
from engine_helpers import CATALOG, setup_of

from layzner_tactics.ai import make_policy, policy_names
from layzner_tactics.ai.personality import load_rei_bias, load_roster, rei_bias_from_data, roster_from_data
from layzner_tactics.ai.tactical import Tactician, civilian_appetite
from layzner_tactics.engine import (
    Attack,
    DataError,
    EndPhase,
    Move,
    Objective,
    ObjectiveKind,
    SideId,
    Special,
    UnitId,
    Wait,
    apply,
    legal_actions_for,
    new_game,
    observe,
)
from layzner_tactics.scenario.loader import load_scenario
from layzner_tactics.sim.match import play_match

EARTH, GRADOS = SideId("earth"), SideId("grados")


def test_policies_are_registered_by_name():
    assert {"random", "grados", "earth", "aggressive"} <= set(policy_names())
    with pytest.raises(KeyError, match="known"):
        make_policy("nonsense", EARTH, 1)


@pytest.mark.parametrize("sid", ["skirmish-crater-field", "crossfire", "hunters-below", "earth-is-at-stake"])
def test_ai_games_are_legal_and_deterministic(sid):
    scenario = load_scenario(sid)
    setup = scenario.setup

    def play(seed):
        pols = {
            s.id: make_policy("earth" if s.id == "earth" else "grados", s.id, seed, s.posture)
            for s in scenario.sides
        }
        return play_match(setup, seed, pols)  # raises PolicyError on any illegal choice

    a, b = play(3), play(3)
    assert a.actions == b.actions and a.final_hash == b.final_hash
    assert a.outcome is not None


def test_every_choice_is_in_legal_even_off_phase_and_after_the_end():
    s = new_game(
        setup_of(["." * 8] * 4, [("a", "braver", "earth", 0, 0), ("b", "braver", "grados", 7, 3)]), 1
    )
    pol = make_policy("grados", GRADOS, 1)
    # not its phase: no legal actions, and the policy still answers without crashing
    assert pol.choose(observe(s, GRADOS), []) == EndPhase(GRADOS)
    for _ in range(40):
        obs = observe(s, s.side_to_act)
        legal = legal_actions_for(obs)
        action = make_policy("earth" if s.side_to_act == EARTH else "grados", s.side_to_act, 2).choose(
            obs, legal
        )
        assert action in legal
        apply(s, action)
        if s.outcome is not None:
            break


# Fog-fairness ---------------------------------------------------------------------------------

RIDGE_MAP = ["......^^......", "......^^......", "......^^......", "......^^......"]


def _hidden_pair(extra):
    """Two states that differ only in Grados units hidden from Earth (behind a ridge)."""
    base = [
        ("l", "layzner", "earth", 1, 1, "eiji"),
        ("s", "survivor", "earth", 0, 3),
        ("b", "braver", "grados", 4, 2),
    ]
    # no objectives: the games must not end differently just because one has a unit more
    plain = setup_of(RIDGE_MAP, base, objectives=[])
    hidden = setup_of(RIDGE_MAP, [*base, *extra], objectives=[])
    # share the map and catalog objects so observations compare equal field by field
    hidden = replace(hidden, grid=plain.grid, catalog=plain.catalog)
    return new_game(plain, 5), new_game(hidden, 5)


@pytest.mark.parametrize(
    "name",
    [
        "earth",
        "grados",
        "aggressive",
        "expert",
        "expert-fast",
        "grados:story",
        "grados:normal",
        "grados:hard",
    ],
)
def test_fog_fair_same_view_same_legal_same_choices(name):
    a, b = _hidden_pair([("h", "braver", "grados", 12, 1), ("k", "dtol", "grados", 13, 3)])
    assert "h" not in observe(b, EARTH).units and "k" not in observe(b, EARTH).units
    pa, pb = make_policy(name, EARTH, 9), make_policy(name, EARTH, 9)
    steps = 0
    while a.side_to_act == EARTH:
        oa, ob = observe(a, EARTH), observe(b, EARTH)
        assert oa == ob
        la, lb = legal_actions_for(oa), legal_actions_for(ob)
        assert la == lb
        ca, cb = pa.choose(oa, la), pb.choose(ob, lb)
        assert ca == cb and ca in la
        apply(a, ca)
        apply(b, cb)
        steps += 1
    assert steps >= 3  # the Layzner and the survivor both acted, then the phase ended


def test_memory_holds_only_what_the_side_saw():
    a, _ = _hidden_pair([("h", "braver", "grados", 12, 1)])
    pol = make_policy("earth", EARTH, 1)
    assert isinstance(pol, Tactician)
    obs = observe(a, EARTH)
    pol.choose(obs, legal_actions_for(obs))
    assert set(pol.memory) == {e.id for e in obs.enemies()} == {"b"}
    assert "h" not in pol.memory


def test_a_plan_broken_by_the_board_is_dropped():
    """Move first, then the planned attack; when the unit ends elsewhere (an ambush), it re-plans."""
    s = new_game(
        setup_of(["." * 10] * 5, [("a", "braver", "earth", 0, 2), ("b", "braver", "grados", 6, 2)]), 1
    )
    pol = make_policy("aggressive", EARTH, 4)
    obs = observe(s, EARTH)
    first = pol.choose(obs, legal_actions_for(obs))
    assert isinstance(first, Move)
    planned = pol._plan
    assert planned is not None and planned.tile == first.path[-1]
    # the move "stops short": apply a different legal move instead
    other = next(
        m
        for m in legal_actions_for(obs)
        if isinstance(m, Move) and m.unit == "a" and m.path[-1] != planned.tile
    )
    apply(s, other)
    obs = observe(s, EARTH)
    legal = legal_actions_for(obs)
    again = pol.choose(obs, legal)
    assert again in legal


# Personalities and postures --------------------------------------------------------------------


def test_personalities_are_data_and_assigned_by_pilot_then_type_then_side():
    roster = load_roster()
    assert {"braver_line", "gale", "gosterro", "karla", "skull_gunner", "earth"} <= set(roster.personalities)
    assert roster.for_unit("gale", "grimekaisar", "grados").name == "gale"
    assert roster.for_unit(None, "skull_gunner", "grados").name == "skull_gunner"
    assert roster.for_unit("grados_line", "braver", "grados").name == "braver_line"
    assert roster.for_unit("anna", "survivor", "earth").name == "earth"
    assert roster.named("gosterro").sacrifice > 5 and roster.named("skull_gunner").self_preservation >= 5
    assert load_rei_bias().protected_pilots


def test_bad_personality_data_lists_every_problem():
    raw = {
        "personalities": {"x": {"aggression": 11, "courage": 3}},
        "assign": {"pilots": {"gale": "nobody"}},
    }
    with pytest.raises(DataError) as err:
        roster_from_data(raw)
    text = str(err.value)
    assert "personalities.x.aggression" in text and "courage" in text and "assign.pilots.gale" in text
    with pytest.raises(DataError, match="pilot_survival_weight"):
        rei_bias_from_data({"rei": {"pilot_survival_weight": "lots"}})


def test_cruelty_sets_the_appetite_for_civilians():
    assert civilian_appetite(0) < civilian_appetite(5) == 1.0 < civilian_appetite(10)


def _target_of(setup, pilot_unit, side=GRADOS):
    s = new_game(setup, 1)
    while s.side_to_act != side:
        apply(s, EndPhase(s.side_to_act))
    obs = observe(s, side)
    pol = Tactician(side, 1, "", "grados")
    best = pol.candidates(obs, obs.units[UnitId(pilot_unit)], set(legal_actions_for(obs)), limit=1)[0]
    return best.action


def _crowd(pilot, type_id="braver"):
    units = [
        ("g", type_id, "grados", 5, 2, pilot),
        ("l", "layzner", "earth", 3, 2, "eiji"),
        ("s", "survivor", "earth", 7, 2, "anna"),
    ]
    return setup_of(["." * 11] * 5, units, objectives=[])


def test_gosterro_strikes_the_civilian_and_gale_the_layzner():
    gosterro = _target_of(_crowd("gosterro"), "g")
    gale = _target_of(_crowd("gale", "grimekaisar"), "g")
    assert isinstance(gosterro, Attack) and gosterro.target == "s"
    assert isinstance(gale, Attack) and gale.target == "l"


def test_postures_change_the_plan():
    units = [("a", "braver", "grados", 2, 2), ("e", "braver", "earth", 12, 2)]
    setup = setup_of(["." * 16] * 5, units, sides=("grados", "earth"))

    def first_move(posture):
        s = new_game(setup, 1)
        obs = observe(s, GRADOS)
        return make_policy("grados", GRADOS, 1, posture).choose(obs, legal_actions_for(obs))

    hunt, retreat, hold = first_move("hunt"), first_move("retreat"), first_move("hold")
    grid = setup.grid
    start = grid.tile(2, 2)
    enemy = grid.tile(12, 2)
    assert isinstance(hunt, Move) and grid.distance(hunt.path[-1], enemy) < grid.distance(start, enemy)
    assert not isinstance(retreat, Move) or grid.distance(retreat.path[-1], enemy) >= grid.distance(
        start, enemy
    )
    assert not isinstance(hold, Move) or grid.distance(hold.path[-1], start) <= 2


def test_survivors_walk_to_safety_around_the_guns():
    """Two ways to the evacuation zone: the short one passes a Braver, the long one does not."""
    rows = [
        "..........",
        "..........",
        "..........",
        "..........",
        "..........",
        "..........",
        "..........",
        "..........",
    ]
    units = [("s", "survivor", "earth", 0, 3, "anna"), ("b", "braver", "grados", 9, 0)]
    esc = Objective("out", EARTH, ObjectiveKind.ESCORT, "evacuate", units=(UnitId("s"),), zone="pad")
    setup = setup_of(
        rows, units, objectives=[esc], zones={"pad": [(x, y) for x in range(8, 10) for y in range(6, 8)]}
    )
    s = new_game(setup, 1)
    obs = observe(s, EARTH)
    action = make_policy("earth", EARTH, 1).choose(obs, legal_actions_for(obs))
    assert isinstance(action, Move)
    end = action.path[-1]
    grid = setup.grid
    assert grid.distance(end, grid.tile(9, 7)) < grid.distance(grid.tile(0, 3), grid.tile(9, 7))


def test_earth_fires_vmax_when_it_brings_a_kill_into_reach():
    # the buggy spots the hurt Braver; only V-MAX's burst brings the Layzner's guns into reach
    units = [
        ("layzner", "layzner", "earth", 0, 2, "eiji"),
        ("v", "buggy", "earth", 15, 0),
        ("b", "braver", "grados", 13, 2),
    ]
    setup = setup_of(["." * 16] * 5, units)
    setup = replace(setup, units=tuple(replace(p, hp_pct=15) if p.id == "b" else p for p in setup.units))
    s = new_game(setup, 1)
    obs = observe(s, EARTH)
    legal = legal_actions_for(obs)
    assert Special(UnitId("layzner"), "vmax") in legal
    assert make_policy("earth", EARTH, 1).choose(obs, legal) == Special(UnitId("layzner"), "vmax")


def test_same_seed_same_choices_and_each_policy_its_own_generator():
    setup = setup_of(["." * 12] * 6, [("a", "braver", "earth", 0, 0), ("b", "braver", "grados", 11, 5)])
    runs = [
        play_match(setup, 7, {s.id: make_policy("grados", s.id, 7) for s in setup.sides}) for _ in range(2)
    ]
    assert runs[0].actions == runs[1].actions
    e, g = make_policy("grados", EARTH, 7), make_policy("grados", GRADOS, 7)
    assert isinstance(e, Tactician) and isinstance(g, Tactician)
    assert e.rng.random() != g.rng.random()


def test_units_without_anything_to_do_wait_and_the_phase_ends():
    """Survivors alone, a Braver in sight: no guns and no odds to weigh, yet they play their phase."""
    s = new_game(
        setup_of(["." * 6] * 3, [("s", "survivor", "earth", 0, 0), ("b", "braver", "grados", 3, 2)]), 1
    )
    assert observe(s, EARTH).enemies()
    pol = make_policy("earth", EARTH, 1)
    seen = []
    while s.side_to_act == EARTH:
        obs = observe(s, EARTH)
        legal = legal_actions_for(obs)
        action = pol.choose(obs, legal)
        assert action in legal
        seen.append(action)
        apply(s, action)
    assert isinstance(seen[-1], EndPhase) and any(isinstance(a, Move | Wait) for a in seen)


def test_gosterro_spends_his_wingmen():
    """While Gosterro lives, his Bravers' own safety counts for less (the ``sacrifice`` slider)."""
    base = [("w", "braver", "grados", 2, 2), ("e", "braver", "earth", 6, 2)]
    with_him = setup_of(["." * 10] * 5, [*base, ("g", "braver", "grados", 0, 0, "gosterro")], objectives=[])
    without = setup_of(["." * 10] * 5, [*base, ("g", "braver", "grados", 0, 0, "gusten")], objectives=[])

    def caution(setup):
        s = new_game(setup, 1)
        apply(s, EndPhase(EARTH))
        obs = observe(s, GRADOS)
        pol = Tactician(GRADOS, 1, "", "grados")
        pol._start(obs)
        return pol._mind(obs, obs.units[UnitId("w")], CATALOG.units["braver"]).caution

    assert caution(with_him) < 0.6 * caution(without)
