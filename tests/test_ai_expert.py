"""The ``expert`` policy (a search-based stand-in for a skilled player) and the determinized states it
searches: fog-fair, deterministic, legal on every mission, and better than the Earth AI."""

import pytest
from engine_helpers import setup_of

from layzner_tactics.ai import make_policy
from layzner_tactics.ai.expert import ExpertPolicy
from layzner_tactics.engine import (
    EndPhase,
    SideId,
    apply,
    legal_actions,
    legal_actions_for,
    new_game,
    observe,
)
from layzner_tactics.engine.determinize import determinize
from layzner_tactics.scenario.loader import bundled_scenario_ids, load_scenario
from layzner_tactics.sim.match import play_match
from layzner_tactics.sim.runner import game_seed

EARTH, GRADOS = SideId("earth"), SideId("grados")
MISSIONS = [
    "earth-is-at-stake",
    "blue-dust",
    "decoy-in-the-ruins",
    "dead-end-canyon",
    "hunters-below",
    "crossfire",
    "gosterro",
]


# Determinized states --------------------------------------------------------------------------


def _midgame(sid="earth-is-at-stake", seed=2, actions=12):
    scenario = load_scenario(sid)
    state = new_game(scenario.setup, seed)
    pols = {s.id: make_policy("earth" if s.id == "earth" else "grados", s.id, seed) for s in scenario.sides}
    for _ in range(actions):
        obs = observe(state, state.side_to_act)
        apply(state, pols[state.side_to_act].choose(obs, legal_actions_for(obs)))
    return state


def test_a_determinized_state_looks_to_its_side_exactly_like_the_real_one():
    state = _midgame()
    side = state.side_to_act
    obs = observe(state, side)
    built = determinize(obs, seed=7)
    again = observe(built, side)
    assert again.units == obs.units and again.visible == obs.visible and again.turn == obs.turn
    assert again.objectives == obs.objectives and again.storm_mask == obs.storm_mask
    assert legal_actions_for(again) == legal_actions_for(obs)
    # nothing the side cannot see reached it: the true state's hidden enemies are absent
    hidden = {uid for uid in state.units if uid not in obs.units}
    assert hidden and not hidden & set(built.units)


def test_guesses_stand_out_of_sight_and_never_contradict_the_view():
    state = _midgame()
    side = state.side_to_act
    obs = observe(state, side)
    enemy = next(u for uid, u in sorted(state.units.items()) if uid not in obs.units)
    hidden_tile = next(
        t
        for t in range(obs.grid.size)
        if not obs.sees(t)
        and t not in state.occupant
        and obs.grid.passable(t, obs.catalog.units[enemy.type_id].move_class)
    )
    built = determinize(obs, [enemy.with_(tile=hidden_tile)], seed=1)
    assert built.units[enemy.id].tile == hidden_tile
    assert observe(built, side).units == obs.units  # a guess out of sight changes nothing seen
    seen_tile = next(t for t in range(obs.grid.size) if obs.sees(t) and t not in obs.occupant)
    with pytest.raises(ValueError, match="in sight"):
        determinize(obs, [enemy.with_(tile=seen_tile)])


def test_a_side_that_sees_no_enemy_is_not_taken_for_the_winner():
    """Enemies out of sight may still be there: the searched state does not end the game."""
    rows = ["......^^......"] * 4
    units = [("l", "layzner", "earth", 1, 1, "eiji"), ("h", "braver", "grados", 12, 1)]
    state = new_game(setup_of(rows, units), 1)
    obs = observe(state, EARTH)
    assert not obs.enemies()
    built = determinize(obs)
    apply(built, EndPhase(EARTH))
    assert built.outcome is None


# The policy -----------------------------------------------------------------------------------


RIDGE_MAP = ["......^^......", "......^^......", "......^^......", "......^^......"]


def test_expert_is_registered_and_plays_either_side():
    pol = make_policy("expert", GRADOS, 1)
    assert isinstance(pol, ExpertPolicy) and pol.side == GRADOS
    assert make_policy("expert", EARTH, 1).name == "expert"


def test_same_seed_same_actions():
    scenario = load_scenario("earth-is-at-stake")

    def play(seed):
        pols = {
            s.id: make_policy("expert" if s.id == "earth" else "grados", s.id, seed, s.posture)
            for s in scenario.sides
        }
        return play_match(scenario.setup, seed, pols)

    a, b = play(4), play(4)
    assert a.actions == b.actions and a.final_hash == b.final_hash


@pytest.mark.parametrize("sid", [*MISSIONS, "skirmish-crater-field"])
def test_expert_never_chooses_an_illegal_action(sid):
    """Two turns of every bundled mission, the expert on every side in turn."""
    assert sid in bundled_scenario_ids()
    scenario = load_scenario(sid)
    for expert_side in [s.id for s in scenario.sides if s.id in (EARTH, GRADOS)]:
        state = new_game(scenario.setup, 11)
        pols = {
            s.id: make_policy("expert" if s.id == expert_side else "grados", s.id, 11, s.posture)
            for s in scenario.sides
        }
        while state.outcome is None and state.turn <= 2:
            obs = observe(state, state.side_to_act)
            legal = legal_actions_for(obs)
            action = pols[state.side_to_act].choose(obs, legal)
            assert action in legal
            apply(state, action)
        assert legal_actions(state) or state.outcome is not None


def test_expert_wins_clearly_more_often_than_the_earth_ai():
    """The first 16 games of ``simulate hunters-below --seed 7``, Earth played by each in turn against
    the same Grados AI (Normal): the Earth AI wins 4, the expert 9. The expert keeps the people away
    from unseen ground where the Skull Gunners hunt."""
    scenario = load_scenario("hunters-below")

    def wins(earth_policy):
        won = 0
        for index in range(16):
            seed = game_seed(7, scenario.id, index)
            pols = {
                s.id: make_policy(earth_policy if s.id == EARTH else "grados", s.id, seed, s.posture)
                for s in scenario.sides
            }
            won += play_match(scenario.setup, seed, pols).outcome.winner == EARTH
        return won

    earth, expert = wins("earth"), wins("expert")
    assert expert >= earth + 4, (expert, earth)


def test_the_search_stays_within_its_budget():
    state = new_game(load_scenario("earth-is-at-stake").setup, 3)
    pol = ExpertPolicy(EARTH, 3, budget=10)
    obs = observe(state, EARTH)
    pol.choose(obs, legal_actions_for(obs))
    assert 0 < pol.last_stats.playouts <= 10
