"""The AI asks the engine's legal listing for only a few of its actions one by one: an attack from where
a unit stands and a move along the listing's own path need no asking when the listing is the board's
whole one (``LegalActions.lists_all_of``). Its plans must be the ones it makes when it holds the whole
list as a plain set and asks about every action."""

import pytest

from layzner_tactics.ai import make_policy
from layzner_tactics.ai.tactical import Tactician
from layzner_tactics.engine import apply, new_game, observe
from layzner_tactics.engine.rules import LegalActions, legal_actions_for
from layzner_tactics.scenario.loader import load_scenario


@pytest.mark.parametrize(
    ("mission", "level"), [("skirmish-crater-field", "normal"), ("crossfire", "hard"), ("blue-dust", "story")]
)
def test_plans_are_the_same_with_the_lazy_listing_and_the_whole_list(mission, level):
    scen = load_scenario(mission)
    policies = {s.id: make_policy(s.ai, s.id, 3, level=level) for s in scen.sides}
    state = new_game(scen.setup, 3)
    compared = attacks_here = 0
    for _ in range(160):
        if state.outcome is not None:
            break
        side = state.side_to_act
        obs = observe(state, side)
        lazy = legal_actions_for(obs)
        assert isinstance(lazy, LegalActions) and lazy.lists_all_of(obs)
        whole = set(list(legal_actions_for(obs)))
        policy = policies[side]
        if isinstance(policy, Tactician):
            for unit in obs.own_units():
                if unit.acted:
                    continue
                kept = policy.rng.getstate()
                plans = policy.candidates(obs, unit, lazy, limit=4, explain=False)
                policy.rng.setstate(kept)
                plain = policy.candidates(obs, unit, whole, limit=4, explain=False)
                policy.rng.setstate(kept)
                assert plans == plain, (unit.id, obs.turn)
                step = policy.best_plan(obs, unit, lazy)
                policy.rng.setstate(kept)
                assert step == policy.best_plan(obs, unit, whole), (unit.id, obs.turn)
                policy.rng.setstate(kept)
                compared += 1
                attacks_here += sum(1 for p in plans if p.tile == unit.tile and p.strike is not None)
        apply(state, policies[side].choose(obs, legal_actions_for(obs)))
    assert compared > 20
    if mission != "blue-dust":
        assert attacks_here > 0  # some plans were attacks from where the unit stood: the quick path ran
