"""The ``expert`` policy (a search-based stand-in for a skilled player) and the determinized states it
searches: fog-fair, deterministic, legal on every mission, and better than the Earth AI."""

import itertools
from dataclasses import replace

import pytest
from engine_helpers import setup_of

from layzner_tactics.ai import make_policy
from layzner_tactics.ai.expert import GUESS_TURNS, ExpertPolicy, SafeScript
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
from layzner_tactics.engine.rng import derive_seed
from layzner_tactics.engine.setup import Storm
from layzner_tactics.engine.threat import strike_mask
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
    assert isinstance(pol, ExpertPolicy) and pol.side == GRADOS and pol.deep
    assert make_policy("expert", EARTH, 1).name == "expert"
    fast = make_policy("expert-fast", EARTH, 1)
    assert isinstance(fast, ExpertPolicy) and not fast.deep and fast.name == "expert-fast"


def test_the_renamed_stand_ins_keep_the_dice_of_their_old_names():
    """``expert`` was ``expert-deep`` and ``expert-fast`` was ``expert``: the same seed plays the same
    games as under the old names, so the balance tables measured under them still reproduce."""
    assert make_policy("expert", EARTH, 5).seed == derive_seed(5, "policy", EARTH, "expert-deep")
    assert make_policy("expert-fast", EARTH, 5).seed == derive_seed(5, "policy", EARTH, "expert")


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
    the same Grados AI (Normal): the Earth AI wins 1, the expert 7. It keeps the people away from
    unseen ground where the Skull Gunners hunt, and weighs each plan by the hunters' likely reply."""
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


# expert's deeper search ---------------------------------------------------------------------------


def _survivor_near_a_braver():
    """An open 20x5 field: a survivor (moves 3) at x=4 inside a Braver's reach (x=12: moves 5, fires
    3), with room to step back out of it (x <= 3); a buggy (the people's too) sees the Braver."""
    setup = setup_of(
        ["." * 20] * 5,
        [
            ("s", "survivor", "earth", 4, 2),
            ("v", "buggy", "earth", 8, 3),
            ("b", "braver", "grados", 12, 2),
        ],
        objectives=[],
    )
    return new_game(setup, 1)


def test_the_safe_script_takes_the_people_out_of_reach_and_dash_runs_for_the_zone():
    state = _survivor_near_a_braver()
    obs = observe(state, EARTH)
    survivor = obs.units["s"]
    braver_reach = strike_mask(obs, obs.units["b"])
    assert braver_reach >> survivor.tile & 1  # it stands where the Braver can strike it
    pol = ExpertPolicy(EARTH, 1, deep=True)
    legal = set(legal_actions_for(obs))
    safe = SafeScript(pol, pol.scripts[0]).step(obs, survivor, legal)
    assert safe is not None
    tile = safe[2]
    assert not braver_reach >> tile & 1, obs.grid.xy(tile)
    # without a zone to run for, the dash has nothing nearer to prefer: it too keeps out of reach
    dash = SafeScript(pol, pol.scripts[0], dash=True).step(obs, survivor, legal)
    assert dash is not None and not braver_reach >> dash[2] & 1


def test_deep_expert_leaves_no_survivor_where_a_seen_braver_can_strike():
    """The whole policy: the survivor and the buggy end Earth's phase out of the Braver's reach."""
    state = _survivor_near_a_braver()
    pol = make_policy("expert", EARTH, 3)
    while state.side_to_act == EARTH and state.outcome is None:
        obs = observe(state, EARTH)
        apply(state, pol.choose(obs, legal_actions_for(obs)))
    reach = strike_mask(state, state.units["b"])
    assert not reach >> state.units["s"].tile & 1 and not reach >> state.units["v"].tile & 1


def test_deep_expert_knows_the_missions_reinforcements_and_only_those():
    """Briefed as a returning player: the turn-triggered Grados arrivals of Earth Is at Stake (two
    Bravers on turn 5, Karla's Dimarge on turn 8), whatever the board holds; ``expert-fast`` stays a
    first-time player."""
    setup = load_scenario("earth-is-at-stake").setup
    deep = ExpertPolicy(EARTH, 1, deep=True)
    deep.brief(setup)
    arrivals = {(a.turn, p.id) for a in deep.arrivals for p in a.units}
    assert arrivals == {(5, "braver-3"), (5, "braver-4"), (8, "dimarge")}
    moved = replace(setup, units=tuple(u if u.side == "earth" else replace(u, tile=0) for u in setup.units))
    again = ExpertPolicy(EARTH, 1, deep=True)
    again.brief(moved)
    assert again.arrivals == deep.arrivals
    plain = ExpertPolicy(EARTH, 1)
    plain.brief(setup)
    assert plain.arrivals == ()


def test_deep_expert_guesses_arrivals_it_never_saw_where_they_came_in():
    setup = load_scenario("earth-is-at-stake").setup
    state = new_game(setup, 2)
    pol = ExpertPolicy(EARTH, 2, deep=True)
    pol.brief(setup)
    grados = make_policy("grados", GRADOS, 2)
    while state.turn < 6:
        obs = observe(state, state.side_to_act)
        if state.side_to_act == EARTH:
            apply(state, EndPhase(EARTH))  # Earth hides and looks at nothing
        else:
            apply(state, grados.choose(obs, legal_actions_for(obs)))
    obs = observe(state, EARTH)
    pol._remember(obs)
    unseen = {"braver-3", "braver-4"} - set(obs.units)
    assert unseen and unseen <= set(pol.know.memory)
    for uid in unseen:
        unit, turn, _ = pol.know.memory[uid]
        assert turn == 5 and unit.tile == next(p.tile for a in pol.arrivals for p in a.units if p.id == uid)


def test_deep_expert_fears_for_a_survivor_in_reach_but_not_for_a_whole_buggy():
    """The exposure cost is weighed by the chance the strikes kill: one Braver shot kills a survivor on
    foot, while a buggy at full HP (1800) takes two hits from it, or one crit. (The Braver comes two
    tiles nearer, so that it sees the survivor too: people out of its sight cost less.)"""
    state = _survivor_near_a_braver()
    state.put(state.units["b"].with_(tile=state.grid.tile(10, 2)))
    assert state.visible_mask(GRADOS) >> state.units["s"].tile & 1
    obs = observe(state, EARTH)
    reach = strike_mask(obs, obs.units["b"])
    assert reach >> obs.units["s"].tile & 1 and reach >> obs.units["v"].tile & 1
    evaluation = ExpertPolicy(EARTH, 1, deep=True)._evaluation(obs)
    assert evaluation.after_phase(state) < -300.0  # the survivor in reach: one hit in two kills it
    away = state.copy()
    away.put(away.units["s"].with_(tile=away.grid.tile(0, 0)))
    # only the buggy in reach: a hit cannot kill it, a crit (one hit in twenty) can
    assert -50.0 < evaluation.after_phase(away) < 0.0


def test_deep_expert_fears_less_for_people_the_enemy_cannot_see():
    """A Bullgrenn's missiles end a buggy in one hit (two in three); a buggy in its reach costs the
    searched plan most of ``EXPOSED`` in plain sight, and about half of that hidden in a storm beyond the
    Bullgrenn's infrared (the enemy must first come looking)."""
    setup = setup_of(
        ["." * 24] * 5,
        [("v", "buggy", "earth", 2, 2), ("g", "bullgrenn", "grados", 14, 2)],
        objectives=[],
        weather=[Storm(0, 0, 6, 5)],
    )
    state = new_game(setup, 1)
    obs = observe(state, EARTH)
    assert strike_mask(obs, state.units["g"]) >> state.units["v"].tile & 1
    assert not state.visible_mask(GRADOS) >> state.units["v"].tile & 1  # 12 tiles off, in the storm
    evaluation = ExpertPolicy(EARTH, 1, deep=True)._evaluation(obs)
    hidden = evaluation.after_phase(state)
    seen = state.copy()
    seen.put(seen.units["v"].with_(tile=seen.grid.tile(9, 2)))  # out of the storm, in its sight
    assert seen.visible_mask(GRADOS) >> seen.units["v"].tile & 1
    in_sight = evaluation.after_phase(seen)
    assert in_sight < -300.0
    assert in_sight < 1.5 * hidden < 0.0


def _seen_then_lost():
    """A 30x3 corridor: Earth's Layzner and a survivor at the west end; a Braver remembered from last
    turn at x=24, out of sight now."""
    setup = setup_of(
        ["." * 30] * 3,
        [
            ("l", "layzner", "earth", 1, 1),
            ("s", "survivor", "earth", 0, 1),
            ("b", "braver", "grados", 24, 1),
        ],
        objectives=[],
    )
    state = new_game(setup, 1)
    state.turn = 3
    obs = observe(state, EARTH)
    assert "b" not in obs.units
    return state, obs


def test_deep_expert_guesses_a_lost_hunter_as_near_as_it_could_have_come():
    state, obs = _seen_then_lost()
    braver = state.units["b"]
    for deep in (True, False):
        pol = ExpertPolicy(EARTH, 1, deep=deep)
        pol._remember(obs)
        pol.know.memory["b"] = (braver, 2, False)  # seen last turn where it stands now
        pol.know.seen.add("b")
        pol.hunted = pol._hunting_guesses(obs) if deep else {}  # what a search starts with
        (guess,) = [u for u in pol._guesses(obs, 0) if u.id == "b"]
        x, _ = obs.grid.xy(guess.tile)
        if deep:
            # one turn of moves (5) toward the side, and never onto a tile the side can see
            assert x == 24 - 5 and not obs.sees(guess.tile)
            # the safe script's threat map reaches as far (moves 5 and fires 3 from x=19: x=11)
            assert pol.known_threat(obs)[obs.grid.tile(11, 1)] > 0
            assert pol.known_threat(obs)[obs.grid.tile(10, 1)] == 0
        else:
            assert guess.tile == braver.tile  # expert-fast guesses where it was seen


def test_deep_expert_knows_an_enemy_seen_this_turn_has_not_moved_since():
    """Enemies do not move in the side's phase: one lost from sight this same turn is where it was."""
    state, obs = _seen_then_lost()
    pol = ExpertPolicy(EARTH, 1, deep=True)
    pol._remember(obs)
    pol.know.memory["b"] = (state.units["b"], obs.turn, False)
    pol.know.seen.add("b")
    assert pol._hunting_guesses(obs) == {"b": state.units["b"].tile}


def test_guard_script_goes_for_the_enemy_nearest_the_people():
    """Two Bravers in sight of the Layzner: one two tiles from it, one nearer a survivor. The guard
    script takes the Layzner to the one nearer the survivor (it attacks it, or at least closes in)."""
    setup = setup_of(
        ["." * 24] * 7,
        [
            ("s", "survivor", "earth", 1, 3),
            ("l", "layzner", "earth", 12, 3),
            ("h", "braver", "grados", 7, 6),
            ("n", "braver", "grados", 14, 3),
        ],
        objectives=[],
    )
    state = new_game(setup, 1)
    obs = observe(state, EARTH)
    pol = ExpertPolicy(EARTH, 1, deep=True)
    assert pol.hunter(obs).id == "h"
    guard = next(s for s in pol.scripts if s.name == "guard")
    legal = set(legal_actions_for(obs))
    step = guard.step(obs, obs.units["l"], legal)
    assert step is not None
    action, follow, tile = step
    attack = follow if follow is not None else action
    grid = obs.grid
    assert getattr(attack, "target", None) == "h" or grid.distance(tile, obs.units["h"].tile) < grid.distance(
        obs.units["l"].tile, obs.units["h"].tile
    )


def test_deep_expert_knows_when_the_enemy_falls_back():
    """Blue Dust: the Grados fall back once the Grimekaisar is under half its HP. A returning player
    knows that hurting Gale ends the hunt; the searched states carry that posture change."""
    deep = ExpertPolicy(EARTH, 1, deep=True)
    deep.brief(load_scenario("blue-dust").setup)
    assert [(t.when.unit, [e.posture for e in t.effects]) for t in deep.breaks] == [
        ("grimekaisar", ["retreat"])
    ]
    deep.brief(load_scenario("earth-is-at-stake").setup)
    assert deep.breaks == ()
    plain = ExpertPolicy(EARTH, 1)
    plain.brief(load_scenario("blue-dust").setup)
    assert plain.breaks == ()


def _searched_states(monkeypatch, read) -> list:
    """What ``read`` says of each state the expert searches from now on (its determinize recorded)."""
    from layzner_tactics.ai import expert

    built = []

    def record(*args, **kw):
        state = determinize(*args, **kw)
        built.append(read(state))
        return state

    monkeypatch.setattr(expert, "determinize", record)
    return built


def test_deep_expert_searches_states_where_the_enemy_falls_back(monkeypatch):
    built = _searched_states(monkeypatch, lambda state: {t.id for t in state.setup.triggers})
    setup = load_scenario("blue-dust").setup
    pol = ExpertPolicy(EARTH, 1, deep=True, budget=3)
    pol.brief(setup)
    obs = observe(new_game(setup, 1), EARTH)
    pol.choose(obs, legal_actions_for(obs))
    assert built and all("gale-hurt" in ids for ids in built)


def test_deep_expert_expects_the_enemy_where_the_mission_starts_it():
    """Dead-End Canyon opens in a storm with no Braver in sight. A returning player knows where the
    mission puts them; ``expert`` is briefed so (from the mission, never the live board: a Braver
    moved on the board changes nothing it expects), and ``expert-fast`` expects no one."""
    setup = load_scenario("dead-end-canyon").setup
    state = new_game(setup, 1)
    obs = observe(state, EARTH)
    assert not list(obs.enemies())
    starts = {p.id: p.tile for p in setup.units if p.side == GRADOS}
    deep = ExpertPolicy(EARTH, 1, deep=True)
    deep.brief(setup)
    deep._remember(obs)
    assert {uid: unit.tile for uid, (unit, _, _) in deep.know.memory.items()} == starts
    # Grados has not moved yet: the first searched state has each Braver where it starts
    deep.hunted = deep._hunting_guesses(obs)
    assert {u.id: u.tile for u in deep._guesses(obs, 0)} == starts
    moved = state.copy()
    braver = moved.units["braver-2"]
    moved.units["braver-2"] = braver.with_(tile=braver.tile + 1)
    again = ExpertPolicy(EARTH, 1, deep=True)
    again.brief(setup)
    again._remember(observe(moved, EARTH))
    assert again.know.memory.keys() == deep.know.memory.keys()
    assert all(again.know.memory[u][0].tile == deep.know.memory[u][0].tile for u in starts)
    plain = ExpertPolicy(EARTH, 1)
    plain.brief(setup)
    plain._remember(obs)
    assert not plain.know.memory


def _searched_on_the_fallen_dice(deep: bool) -> bool:
    """Plays Earth's first phase: a survivor and the Layzner with a Braver in reach. Whether a search
    was made on a board where the Layzner's attack had already been resolved."""
    setup = setup_of(
        ["." * 20] * 5,
        [
            ("s", "survivor", "earth", 1, 2),
            ("l", "layzner", "earth", 8, 2),
            ("b", "braver", "grados", 11, 2),
        ],
        objectives=[],
    )
    state = new_game(setup, 1)
    pol = ExpertPolicy(EARTH, 4, deep=deep)
    search = pol._search
    after_attack = []
    attacked = False

    def watched(obs, legal, budget):
        after_attack.append(attacked)
        return search(obs, legal, budget)

    pol._search = watched  # type: ignore[method-assign]
    while state.side_to_act == EARTH and state.outcome is None:
        obs = observe(state, EARTH)
        action = pol.choose(obs, legal_actions_for(obs))
        apply(state, action)
        attacked = attacked or type(action).__name__ == "Attack"
    assert attacked, "the Layzner had a Braver in reach and never fired"
    return any(after_attack)


def test_deep_expert_plans_again_once_an_attacks_dice_have_fallen():
    """The plan was searched on sampled dice: once the Layzner's attack is resolved, ``expert``
    searches the rest of the phase (where the survivor goes) again on the real outcome. Plain
    ``expert`` keeps its plan."""
    assert _searched_on_the_fallen_dice(deep=True)
    assert not _searched_on_the_fallen_dice(deep=False)


def _first_phase(setup, deep: ExpertPolicy) -> dict[str, int]:
    """Where the side's own whole-phase AI, as ``deep`` feeds it, puts each unit in Earth's first phase."""
    state = new_game(setup, 1)
    own = deep.real.whole()
    while state.side_to_act == EARTH and state.outcome is None:
        obs = observe(state, EARTH)
        deep._remember(obs)
        apply(state, own.choose(obs, legal_actions_for(obs)))
    return {u.id: u.tile for u in state.units.values() if u.side == EARTH}


def _briefed_on(mission: str):
    """(setup, ``expert`` briefed on ``mission`` after its first look, that look's observation)."""
    setup = load_scenario(mission).setup
    deep = ExpertPolicy(EARTH, 1, deep=True)
    deep.brief(setup)
    obs = observe(new_game(setup, 1), EARTH)
    deep._remember(obs)
    return setup, deep, obs


def test_deep_expert_briefing_stays_out_of_its_own_ais_instincts():
    """On Gosterro, Lobelia's Braver starts north of the convoy and Gosterro's men at the carrier.
    Briefed so, ``expert``'s own AI (its scripts and its whole-phase plan) used to send the Layzner
    north after a Braver it had never seen, leaving the buggy to drive on alone. A machine known only
    from the briefing is kept away from, never gone after (``Tactician.briefed``), and no hunt is guessed
    for it (the people do not hide from a hunter that is not coming); the search's sampled boards
    still hold it about its starting tile. Where the people must hold out rather than reach a zone, the
    enemy comes for them, and the same machines are guessed as closing in; so is a relentless hunter
    (a Skull Gunner) anywhere."""
    setup, briefed, obs = _briefed_on("gosterro")
    starts = {p.id for p in setup.units if p.side == GRADOS}
    assert set(briefed.know.memory) == starts  # the search knows them
    assert briefed.script_ai.briefed == starts  # its own AI keeps away from them, never goes after them
    assert not briefed._hunting_guesses(obs)
    assert not briefed.known_threat(obs).any()
    unbriefed = ExpertPolicy(EARTH, 1, deep=True)
    assert _first_phase(setup, briefed) == _first_phase(setup, unbriefed)
    # Blue Dust has no zone to reach, only a storm to outlast: there the same machines are hunters
    hold_out, wary, obs = _briefed_on("blue-dust")
    assert not wary.script_ai.briefed
    assert set(wary._hunting_guesses(obs)) == {p.id for p in hold_out.units if p.side == GRADOS}
    # and a Skull Gunner hunts whatever it finds, zone or none (Hunters Below)
    hunted, below, obs = _briefed_on("hunters-below")
    skulls = {p.id for p in hunted.units if p.side == GRADOS and p.type_id == "skull_gunner"}
    assert skulls and skulls <= set(below._hunting_guesses(obs))
    assert not skulls & below.script_ai.briefed


def test_deep_expert_forgets_a_briefed_machine_it_never_saw():
    """A machine of the starting force never seen is guessed about for ``GUESS_TURNS`` turns, then
    forgotten; the phases after that go on (a forgotten one once broke the next look with a KeyError)."""
    setup = load_scenario("hunters-below").setup
    state = new_game(setup, 1)
    deep = ExpertPolicy(EARTH, 1, deep=True)
    deep.brief(setup)
    start = state.turn
    while state.turn <= start + GUESS_TURNS + 1 and state.outcome is None:
        obs = observe(state, state.side_to_act)
        if state.side_to_act == EARTH:
            deep._remember(obs)
        apply(state, EndPhase(state.side_to_act))
    assert state.outcome is None
    unseen = {p.id for p in setup.units if p.side == GRADOS} - deep.know.seen
    assert unseen and not unseen & set(deep.know.memory)


def _hunters_guessed_by_turn(refuted: int, turns: int, monkeypatch) -> list[set[str]]:
    """Hunters Below with the Skull Gunners standing where they start and nobody moving: for each of
    Earth's first ``turns`` phases, the Skull Gunners ``expert`` guesses as closing in, with
    ``REFUTED`` set to ``refuted``."""
    import layzner_tactics.ai.expert as expert_module

    monkeypatch.setattr(expert_module, "REFUTED", refuted)
    setup = load_scenario("hunters-below").setup
    state = new_game(setup, 1)
    deep = ExpertPolicy(EARTH, 1, deep=True)
    deep.brief(setup)
    out = []
    while state.turn <= turns:
        obs = observe(state, state.side_to_act)
        if state.side_to_act == EARTH:
            deep._remember(obs)
            deep.hunted = deep._hunting_guesses(obs)  # what the phase's search starts with
            out.append(set(deep.hunted))
            # the survivors' threat map is read from the same guesses
            assert deep.known_threat(obs).any() == bool(deep.hunted)
        apply(state, EndPhase(state.side_to_act))
    return out


def test_deep_expert_stops_fearing_a_hunter_that_never_came(monkeypatch):
    """A Skull Gunner out of sight is guessed as near the people as it could have come (it hunts
    whatever it finds). One that could have walked into Earth's sight at two phase starts and was not
    there is not coming: it stays guessed about where it was known, but no longer at the edge of sight
    round the people (on Hunters Below the survivors used to hide from such ghosts until the memory of
    them ran out, and lost the race for the lift). Without the rule every one is feared on turn 6."""
    kept = _hunters_guessed_by_turn(10**6, 6, monkeypatch)
    learned = _hunters_guessed_by_turn(2, 6, monkeypatch)
    assert kept[0] == learned[0] and len(kept[0]) == 4  # the four Skull Gunners the mission starts with
    assert kept[-1] == kept[0] | {"skull-5"}  # never refuted: feared until forgotten (GUESS_TURNS)
    # the one starting nearest the survivors (in the west store rooms) is let go first, two turns after
    # it could first have been seen; by turn 6 most are
    assert "skull-4" in learned[2] and "skull-4" not in learned[3]
    assert len(learned[-1]) <= 2
    assert all(later <= earlier | {"skull-5"} for earlier, later in itertools.pairwise(learned))


def test_deep_expert_fears_a_refuted_hunter_again_once_it_shows():
    """Seen again, a hunter is a hunter: what the side had concluded about it is dropped."""
    setup, deep, obs = _briefed_on("hunters-below")
    deep.know.refuted["skull-1"] = 5
    state = new_game(setup, 1)
    state.units["skull-1"] = state.units["skull-1"].with_(tile=state.grid.tile(12, 12))
    obs = observe(state, EARTH)
    assert "skull-1" in obs.units
    deep.know.prev = None  # a new look
    deep._remember(obs)
    assert "skull-1" not in deep.know.refuted and "skull-1" not in deep.know.waiting


def _strike_after(first: bool, dice) -> tuple:
    """The rolls of the Layzner's strike on one Braver (and the counter), with or without another
    machine's shot at the other Braver first, on a copy rolling ``dice``."""
    from layzner_tactics.ai.search import apply_expected
    from layzner_tactics.engine import Attack
    from layzner_tactics.engine.events import AttackResolved

    setup = setup_of(
        ["." * 8] * 3,
        [
            ("l", "layzner", "earth", 2, 1),
            ("m", "braver", "earth", 2, 2),
            ("a", "braver", "grados", 3, 1),
            ("b", "braver", "grados", 3, 2),
        ],
    )
    state = new_game(setup, 7)
    state.rng = dice
    evaluation = ExpertPolicy(EARTH, 1, deep=True)._evaluation(observe(state, EARTH))
    if first:
        apply_expected(state, Attack("m", "beam_gun", "b"), evaluation)
    events, _ = apply_expected(state, Attack("l", "lasered_rifle", "a"), evaluation)
    return tuple((e.hit, e.crit, e.damage) for e in events if isinstance(e, AttackResolved))


def test_deep_expert_plans_meet_the_same_dice_for_the_same_strike():
    """A plan that rolls once more early on (one more shot) must not shift every later roll of the
    playout: the enemy's decisive strike would then hit in one plan and miss in another, and the search
    would prefer whatever moves the dice. The deep search's playouts roll each strike by its own key."""
    from layzner_tactics.ai.search import CommonDice
    from layzner_tactics.engine import Rng

    for base in range(12):
        assert _strike_after(True, CommonDice(base)) == _strike_after(False, CommonDice(base))
    # one generator for the whole playout: the shot before moves the strike's roll on some seed
    assert any(_strike_after(True, Rng(b)) != _strike_after(False, Rng(b)) for b in range(12))


def test_deep_expert_knows_the_enemy_holds_until_the_decoy(monkeypatch):
    """Decoy in the Ruins: the Grados hold their ground until the Layzner shows itself in the ruins,
    then pursue. A returning player knows both; ``expert`` searches states where the enemy holds,
    and once it has seen its Layzner in the ruins, states where the enemy pursues (``expert-fast``
    knows neither: the enemy's posture is unknown to it)."""
    built = _searched_states(monkeypatch, lambda state: state.postures.get(GRADOS, ""))
    scenario = load_scenario("decoy-in-the-ruins")
    state = new_game(scenario.setup, 1)
    deep = ExpertPolicy(EARTH, 1, deep=True, budget=3)
    deep.brief(scenario.setup)
    obs = observe(state, EARTH)
    deep.choose(obs, legal_actions_for(obs))
    assert built and set(built) == {"hold"}
    ruins = min(scenario.setup.grid.tiles(scenario.setup.zones["ruins"]))
    layzner = state.units["layzner"]
    state.units["layzner"] = layzner.with_(tile=ruins)
    deep._remember(observe(state, EARTH))
    assert deep.postures[GRADOS] == "pursue"
    plain = ExpertPolicy(EARTH, 1)
    plain.brief(scenario.setup)
    assert plain.postures == {}
