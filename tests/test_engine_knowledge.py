"""The engine decides what a side may know: which events it sees, which enemies it remembers, and
which units soft sand holds."""

import pytest
from engine_helpers import end_phase, setup_of

from layzner_tactics.ai.policy import make_policy
from layzner_tactics.engine import (
    Knowledge,
    Move,
    PhaseStarted,
    Sighting,
    Tile,
    UnitId,
    apply,
    event_visible,
    knowledge_of,
    legal_actions,
    new_game,
    observe,
    visible_events,
)
from layzner_tactics.engine.events import (
    BoggedDown,
    OxygenChanged,
    Reinforcements,
    UnitDestroyed,
    UnitMoved,
    UnitWaited,
)
from layzner_tactics.sim.scenarios import load

EARTH, GRADOS = "earth", "grados"
LONG = ["." * 30] * 5


def _step(state, action, side=EARTH):
    before = observe(state, side)
    events = apply(state, action)
    after = observe(state, side)
    return events, before, after


def _row(state, y, xs):
    return tuple(Tile(state.grid.tile(x, y)) for x in xs)


def _game():
    """Earth's Layzner at (2, 2); Grados's Braver ``near`` 3 tiles off in sight, ``far`` 8 off beyond
    the sensors (7 tiles)."""
    units = [
        ("a", "layzner", EARTH, 2, 2),
        ("near", "braver", GRADOS, 5, 2),
        ("far", "braver", GRADOS, 10, 2),
    ]
    return new_game(setup_of(LONG, units), 1)


def test_a_side_sees_moves_in_sight_and_not_moves_out_of_it():
    state = _game()
    end_phase(state)
    events, before, after = _step(state, Move(UnitId("far"), _row(state, 2, range(10, 15))))
    assert [e for e in events if isinstance(e, UnitMoved)]
    assert visible_events(events, before, after) == []
    assert visible_events(events, observe(state, GRADOS), observe(state, GRADOS)) == events  # its own
    events, before, after = _step(state, Move(UnitId("near"), _row(state, 2, range(5, 2, -1))))
    assert visible_events(events, before, after) == events
    end_phase(state)
    end_phase(state)
    # walking into sight is seen
    events, before, after = _step(state, Move(UnitId("far"), _row(state, 2, range(14, 8, -1))))
    assert "far" not in before.units and "far" in after.units
    assert visible_events(events, before, after) == events


def test_public_news_is_seen_and_other_teams_oxygen_is_not():
    state = _game()
    obs = observe(state, EARTH)
    assert event_visible(PhaseStarted(1, GRADOS), obs, obs)
    assert not event_visible(OxygenChanged(GRADOS, 4, 12, "cache"), obs, obs)
    assert event_visible(OxygenChanged(EARTH, 4, 12, "cache"), obs, obs)
    assert not event_visible(UnitWaited(UnitId("far")), obs, obs)
    assert event_visible(UnitWaited(UnitId("near")), obs, obs)
    assert event_visible(UnitDestroyed(UnitId("ghost"), None, Tile(state.grid.tile(1, 2))), obs, obs)
    assert not event_visible(UnitDestroyed(UnitId("ghost"), None, Tile(state.grid.tile(20, 2))), obs, obs)


def test_reinforcements_name_only_the_arrivals_in_sight():
    state = _game()
    obs = observe(state, EARTH)
    seen = visible_events([Reinforcements((UnitId("far"), UnitId("near")))], obs, obs)
    assert seen == [Reinforcements((UnitId("near"),))]
    assert visible_events([Reinforcements((UnitId("far"),))], obs, obs) == []


def test_knowledge_remembers_enemies_as_last_seen_until_seen_gone_or_dead():
    state = _game()
    knowledge = Knowledge(EARTH)
    knowledge.update(observe(state, EARTH))
    assert set(knowledge.sightings) == {"near"}  # own units are not remembered; far was never seen
    end_phase(state)
    events, before, after = _step(state, Move(UnitId("near"), _row(state, 2, range(5, 10))))
    knowledge.update(after, visible_events(events, before, after))
    last_seen = after.units["near"]
    end_phase(state)
    # Earth backs off: the Braver and the tile it stands on drop out of sight
    events, before, after = _step(state, Move(UnitId("a"), _row(state, 2, range(2, -1, -1))))
    knowledge.update(after, visible_events(events, before, after))
    assert "near" not in after.units
    assert knowledge.remembered(after) == {"near": last_seen}
    assert knowledge.sightings["near"] == Sighting(last_seen, 1, gone=False)
    end_phase(state)
    events, before, after = _step(state, Move(UnitId("near"), _row(state, 2, range(9, 15))))
    assert visible_events(events, before, after) == []
    knowledge.update(after, visible_events(events, before, after))
    assert knowledge.sightings["near"] == Sighting(last_seen, 1, gone=False)
    # Earth looks where it was last seen: it is gone from there, but still remembered
    end_phase(state)
    events, before, after = _step(state, Move(UnitId("a"), _row(state, 2, range(0, 5))))
    knowledge.update(after, visible_events(events, before, after))
    assert after.sees(state.grid.tile(9, 2)) and "near" not in after.units
    assert knowledge.sightings["near"].gone and knowledge.remembered(after) == {"near": last_seen}
    # a destruction the side sees ends the memory
    knowledge.update(after, [UnitDestroyed(UnitId("near"), UnitId("a"), Tile(0))])
    assert "near" not in knowledge.remembered()


def test_knowledge_refuses_another_sides_observation():
    state = _game()
    with pytest.raises(ValueError, match="grados's observation"):
        Knowledge(EARTH).update(observe(state, GRADOS))


@pytest.mark.parametrize("scenario", ["gosterro", "decoy-in-the-ruins", "crossfire"])
def test_knowledge_rebuilt_from_the_actions_is_the_knowledge_fed_live(scenario):
    """What a loaded save gives Rei: the memory the side had in the live game, no more, no less. The
    mission's own AIs play, so the sides meet, lose sight of each other and fight."""
    mission = load(scenario)
    setup = mission.setup
    policies = {s.id: make_policy(s.ai, s.id, 6, s.posture) for s in mission.sides}
    state = new_game(setup, 6)
    sides = state.sides
    live = {s: Knowledge(s) for s in sides}
    obs = {s: observe(state, s) for s in sides}
    for s in sides:
        live[s].update(obs[s], visible_events(state.opening_events, obs[s], obs[s]))
    actions = []
    remembered = 0
    while state.outcome is None and len(actions) < 150:
        side = state.side_to_act
        action = policies[side].choose(observe(state, side), legal_actions(state))
        events = apply(state, action)
        actions.append(action)
        for s in sides:
            before, obs[s] = obs[s], observe(state, s)
            seen = visible_events(events, before, obs[s])
            for e in seen:  # nothing seen names a unit the side never had in sight, bar the shooter
                unit = getattr(e, "unit", None)
                if isinstance(unit, str) and not isinstance(e, (UnitDestroyed,)):
                    assert unit in before.units or unit in obs[s].units or unit in before.wrecks, e
            live[s].update(obs[s], seen)
            remembered += len(live[s].remembered(obs[s]))
            team = state.team[s]
            assert all(state.team[k.unit.side] != team for k in live[s].sightings.values())
    for s in sides:
        assert knowledge_of(setup, 6, actions, s) == live[s]
    assert remembered > 0, "the sides should have lost sight of some enemies they saw"


def test_soft_sand_holds_a_unit_for_the_phase_it_loses():
    rows = ["~~~~~~", "~~~~~~", "......"]
    units = [("b", "buggy", EARTH, 0, 0), ("e", "braver", GRADOS, 5, 2)]
    setup = setup_of(rows, units)
    for seed in range(60):
        state = new_game(setup, seed)
        events = apply(state, Move(UnitId("b"), _row(state, 0, range(0, 2))))
        if any(isinstance(e, BoggedDown) for e in events):
            break
    else:
        pytest.fail("no seed bogged the buggy down")
    obs = observe(state, EARTH)
    assert obs.units["b"].bogged and obs.bogged_down("b") and not obs.stuck  # next phase is lost
    end_phase(state)
    assert observe(state, GRADOS).bogged_down("b") == ("b" in observe(state, GRADOS).units)
    end_phase(state)
    obs = observe(state, EARTH)
    assert obs.stuck == frozenset({"b"}) and obs.bogged_down("b") and not obs.units["b"].bogged
    assert not [a for a in legal_actions(state) if isinstance(a, Move) and a.unit == "b"]
    end_phase(state)
    assert not observe(state, EARTH).stuck and not observe(state, EARTH).bogged_down("b")
    assert state.stuck == set()
