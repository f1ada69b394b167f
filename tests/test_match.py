"""One match below the UI: seats are policies or people; step, submit, undo, and the loop simulate uses."""

import pytest

from layzner_tactics.ai.policy import make_policy
from layzner_tactics.campaign import training_mission
from layzner_tactics.engine import EndPhase, IllegalActionError, Move, Wait, illegal_reason
from layzner_tactics.sim.match import Match, MatchError, PolicyError, play_match
from layzner_tactics.sim.scenarios import load

MISSION = training_mission()


def _person_vs_ai(seed=1):
    return Match(MISSION.setup, seed, {"grados": make_policy("grados", "grados", seed)})


def test_a_person_seat_waits_for_input_and_a_policy_seat_steps():
    match = _person_vs_ai()
    assert match.needs_input == "earth"
    with pytest.raises(MatchError):
        match.step()  # the person is to act: nobody may choose for them
    events = match.submit(EndPhase("earth"))
    assert events and match.actions == [EndPhase("earth")]
    assert match.needs_input is None and match.side_to_act == "grados"
    with pytest.raises(MatchError):
        match.submit(Wait("baybull"))  # the policy's turn: a person's action is refused
    while match.needs_input is None and not match.over:
        action, _ = match.step()
        assert action == match.actions[-1]
    assert match.over or match.needs_input == "earth"


def test_an_illegal_submit_changes_nothing_and_says_why():
    match = _person_vs_ai()
    before = match.state.hash()
    with pytest.raises(IllegalActionError) as info:
        match.submit(Move("baybull", (0,)))
    assert info.value.reason and match.state.hash() == before and match.actions == []


def test_a_move_can_be_undone_until_the_unit_acts():
    match = _person_vs_ai()
    start = match.state.units["layzner"].tile
    move = next(a for a in match.legal() if isinstance(a, Move) and a.unit == "layzner")
    match.submit(move)
    assert match.state.units["layzner"].tile != start
    match.undo("layzner")
    assert match.state.units["layzner"].tile == start
    match.submit(move)
    match.submit(Wait("layzner"))
    with pytest.raises(IllegalActionError):
        match.undo("layzner")


def test_any_legal_path_is_accepted_not_only_the_listed_one():
    """Legal is what the engine accepts; the legal list gives one path per destination."""
    match = _person_vs_ai()
    grid = match.state.grid
    listed = {a.path[-1]: a.path for a in match.legal() if isinstance(a, Move) and a.unit == "layzner"}
    for dest, path in sorted(listed.items()):
        if len(path) < 3:
            continue
        x0, y0 = grid.xy(path[0])
        x1, y1 = grid.xy(dest)
        if x0 == x1 or y0 == y1:
            continue
        # the other L-shaped way round: first along y, then along x (the listed path may go either way)
        step_y = 1 if y1 > y0 else -1
        step_x = 1 if x1 > x0 else -1
        tiles = [grid.tile(x0, y) for y in range(y0, y1 + step_y, step_y)]
        tiles += [grid.tile(x, y1) for x in range(x0 + step_x, x1 + step_x, step_x)]
        other = tuple(tiles)
        if other != path and illegal_reason(match.state, Move("layzner", other)) is None:
            match.submit(Move("layzner", other))
            assert match.state.units["layzner"].tile == dest
            return
    pytest.fail("no second path found on the training map")


class _Cheat:
    name = "cheat"

    def choose(self, obs, legal):
        return Move("baybull", (0,))


def test_a_policy_that_cheats_stops_the_match_with_the_actions_so_far():
    match = Match(MISSION.setup, 1, {"earth": make_policy("random", "earth", 1), "grados": _Cheat()})
    with pytest.raises(PolicyError) as info:
        match.run()
    assert info.value.actions == match.actions and all(a != Move("baybull", (0,)) for a in match.actions)


def test_play_match_is_the_match_loop_and_fixed_by_its_seed():
    scenario = load("demo")

    def game(seed):
        policies = {s.id: make_policy(s.ai, s.id, seed, s.posture) for s in scenario.sides}
        return play_match(scenario.setup, seed, policies)

    a, b = game(7), game(7)
    assert a.outcome is not None and a.actions == b.actions and a.final_hash == b.final_hash
    match = Match(scenario.setup, 7, {s.id: make_policy(s.ai, s.id, 7, s.posture) for s in scenario.sides})
    match.run()
    assert match.result().final_hash == a.final_hash
    replayed = Match(scenario.setup, 7, {})
    replayed.replay(a.actions)  # a recording applies whoever's seat it is
    assert replayed.over and replayed.state.hash() == a.final_hash
