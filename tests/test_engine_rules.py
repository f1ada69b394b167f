"""Per-rule tests: movement, sight, combat, V-MAX, phases, objectives, triggers, legality."""

import pytest
from engine_helpers import CATALOG, attacks_of, end_phase, moves_of, setup_of

from layzner_tactics.engine import (
    Attack,
    EndPhase,
    IllegalActionError,
    Move,
    ObjectiveKind,
    Special,
    Storm,
    Termination,
    UndoMove,
    Wait,
    apply,
    forecast,
    legal_actions,
    new_game,
    observe,
)
from layzner_tactics.engine.events import (
    Ambushed,
    AttackResolved,
    Dialogue,
    Reinforcements,
    UnitDestroyed,
    UnitEvacuated,
)
from layzner_tactics.engine.ids import ObjectiveId, SideId, TriggerId, UnitId, UnitTypeId
from layzner_tactics.engine.setup import (
    Objective,
    OnEnterZone,
    OnTurn,
    Reinforce,
    Say,
    Trigger,
    UnitPlacement,
)

OPEN = ["." * 12] * 8


def test_move_costs_follow_terrain_and_class():
    rows = ["." + "~" * 10 + ".", "." * 12]
    s = new_game(setup_of(rows, [("bug", "buggy", "earth", 0, 0), ("b", "braver", "grados", 11, 1)]), 1)
    g = s.grid
    dests = {m.to for m in moves_of(s, "bug")}
    # dunes cost 3 for vehicles: with 6 MP the buggy gets 2 dune tiles along row 0
    assert g.tile(2, 0) in dests and g.tile(3, 0) not in dests
    # along open regolith (row 1) it goes 6 tiles... minus the step down
    assert g.tile(5, 1) in dests and g.tile(6, 1) not in dests


def test_impassable_terrain_and_enemies_block_but_allies_do_not():
    rows = [".#....", ".#....", "......"]
    units = [
        ("bug", "buggy", "earth", 0, 0),
        ("ally", "survivor", "earth", 0, 1),
        ("b", "braver", "grados", 0, 2),
    ]
    s = new_game(setup_of(rows, units), 1)
    g = s.grid
    dests = {m.to for m in moves_of(s, "bug")}
    assert g.tile(1, 0) not in dests  # base wall
    assert g.tile(0, 1) not in dests  # ally's tile: pass through, never end there
    assert g.tile(0, 2) not in dests  # enemy tile
    # the only way south runs through the ally and is then blocked by the enemy and the wall
    assert dests == set()


def test_passing_through_an_ally():
    rows = ["....", "....", "...."]
    units = [
        ("a", "survivor", "earth", 0, 1),
        ("b", "survivor", "earth", 1, 1),
        ("x", "braver", "grados", 3, 0),
    ]
    s = new_game(setup_of(rows, units), 1)
    dests = {m.to for m in moves_of(s, "a")}
    assert s.grid.tile(2, 1) in dests  # through b


def test_sight_is_blocked_by_ridges_and_walls():
    rows = ["..........", "....^.....", ".........."]
    s = new_game(setup_of(rows, [("l", "survivor", "earth", 2, 1), ("b", "braver", "grados", 6, 1)]), 1)
    g = s.grid
    seen = s.visible_mask(SideId("earth"))
    assert (seen >> g.tile(4, 1)) & 1  # the ridge itself is seen
    assert not (seen >> g.tile(6, 1)) & 1  # behind it is not
    assert "b" not in observe(s, SideId("earth")).units
    assert (seen >> g.tile(6, 0)) & 1  # around it is


def test_hidden_enemy_cannot_be_targeted_and_ambushes_a_move():
    rows = ["..........", "....^^....", "...^^....."]
    units = [("l", "braver", "earth", 1, 1), ("b", "braver", "grados", 6, 1)]
    s = new_game(setup_of(rows, units), 1)
    g = s.grid
    assert not attacks_of(s, "l")
    path = (g.tile(1, 1), g.tile(1, 0), g.tile(2, 0), g.tile(3, 0), g.tile(4, 0))
    events = apply(s, Move(UnitId("l"), path))
    assert not any(isinstance(e, Ambushed) for e in events)
    # now it sees the braver; undo is refused because a new enemy was sighted
    assert "b" in observe(s, SideId("earth")).units
    with pytest.raises(IllegalActionError):
        apply(s, UndoMove(UnitId("l")))


def test_ambush_stops_the_move_short():
    """A move into a unit hidden in a storm stops on the last free tile before it, with no undo."""
    units = [("l", "buggy", "earth", 0, 0), ("b", "survivor", "grados", 5, 0)]
    s = new_game(setup_of(OPEN, units, weather=[Storm(0, 0, 12, 8)]), 1)
    g = s.grid
    assert "b" not in observe(s, SideId("earth")).units
    path = tuple(g.tile(x, 0) for x in range(7))
    assert Move("l", path) in moves_of(s, "l")  # legal: earth cannot know
    events = apply(s, Move("l", path))
    ambush = [e for e in events if isinstance(e, Ambushed)]
    assert ambush and ambush[0].by == "b"
    assert s.units["l"].tile == g.tile(4, 0)
    assert UndoMove("l") not in legal_actions(s)


def test_undo_move_restores_the_unit_until_it_acts():
    s = new_game(
        setup_of(OPEN, [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 11, 7)]),
        1,
    )
    before = s.hash()
    move = moves_of(s, "l")[3]
    apply(s, move)
    assert s.units["l"].tile == move.to
    apply(s, UndoMove(UnitId("l")))
    assert s.units["l"].tile == 0 and not s.units["l"].moved
    apply(s, move)
    apply(s, Wait(UnitId("l")))
    with pytest.raises(IllegalActionError):
        apply(s, UndoMove(UnitId("l")))
    assert before != s.hash()


def test_forecast_equals_resolution():
    """Over many seeds the resolved damage is always one of the forecast's outcomes."""
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 2, 0, "gusten")]
    setup = setup_of(OPEN, units)
    hits = 0
    for seed in range(300):
        s = new_game(setup, seed)
        attack = Attack(UnitId("l"), "lasered_rifle", UnitId("b"))
        fc = forecast(s, attack)
        events = apply(s, attack)
        first = next(e for e in events if isinstance(e, AttackResolved))
        assert first.hit_chance == fc.strike.hit_chance
        assert first.damage in (0, fc.strike.damage, fc.strike.crit_damage)
        assert first.damage == 0 or first.hit
        hits += first.hit
        counter = [e for e in events if isinstance(e, AttackResolved) and e.counter]
        assert len(counter) == (1 if fc.counter is not None and s.units.get("b") else 0)
        if counter:
            assert counter[0].hit_chance == fc.counter.hit_chance
            assert counter[0].damage in (0, fc.counter.damage, fc.counter.crit_damage)
    # observed hit rate agrees with the forecast (binomial, 300 trials, generous bounds)
    assert abs(hits / 300 - fc.strike.hit_chance / 100) < 0.1


def test_forecast_numbers_from_the_rules():
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 3, 0, "gusten")]
    s = new_game(setup_of(OPEN, units), 1)
    fc = forecast(s, Attack(UnitId("l"), "lasered_rifle", UnitId("b")))
    rifle = CATALOG.units["layzner"].weapon("lasered_rifle")
    braver = CATALOG.units["braver"]
    # 70 base + 10 weapon + 20 Eiji - (15 + 6 Gusten's dodge) - 2 per tile beyond the first
    assert fc.strike.hit_chance == 70 + 10 + 20 - 15 - 6 - 2 * 2
    assert fc.strike.damage == rifle.power - braver.armor
    assert fc.strike.crit_damage == fc.strike.damage * 3 // 2
    assert fc.counter is not None and fc.counter.weapon == "beam_gun"  # range 3 reaches


def test_cover_lowers_the_hit_chance():
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 2, 0)]
    open_fc = forecast(new_game(setup_of(OPEN, units), 1), Attack("l", "lasered_rifle", "b"))
    ruins = ["..%.........", *OPEN[1:]]
    cover_fc = forecast(new_game(setup_of(ruins, units), 1), Attack("l", "lasered_rifle", "b"))
    assert cover_fc.strike.hit_chance == open_fc.strike.hit_chance - 30


def test_no_counter_out_of_reach_and_counter_when_in_reach():
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 4, 0)]
    s = new_game(setup_of(OPEN, units), 1)
    assert forecast(s, Attack("l", "lasered_rifle", "b")).counter is None  # beam gun reaches 3
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 1, 0)]
    s = new_game(setup_of(OPEN, units), 1)
    fc = forecast(s, Attack("l", "knuckle_shot", "b"))
    assert fc.counter is not None


def test_destroyed_defender_does_not_counter():
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("s", "survivor", "grados", 1, 0)]
    for seed in range(20):
        s = new_game(setup_of(OPEN, units), seed)
        events = apply(s, Attack("l", "knuckle_shot", "s"))
        if any(isinstance(e, UnitDestroyed) for e in events):
            assert not any(isinstance(e, AttackResolved) and e.counter for e in events)
            return
    pytest.fail("the knuckle shot never destroyed a survivor in 20 seeds")


def test_ammo_and_energy_are_spent():
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "dtol", "grados", 3, 0)]
    s = new_game(setup_of(OPEN, units), 1)
    energy = s.units["l"].energy
    apply(s, Attack("l", "calf_missiles", "b"))
    assert s.units["l"].ammo[2] == 1
    end_phase(s)
    end_phase(s)
    apply(s, Attack("l", "lasered_rifle", "b"))
    regen = CATALOG.units["layzner"].energy_regen
    assert s.units["l"].energy == min(energy, energy + regen) - 10


def test_vmax_burst_then_cooldown_and_no_chaining():
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 11, 7)]
    s = new_game(setup_of(OPEN, units), 1)
    base_mp = max(len(m.path) - 1 for m in moves_of(s, "l"))
    apply(s, Special("l", "vmax"))
    assert s.units["l"].vmax
    assert max(len(m.path) - 1 for m in moves_of(s, "l")) == base_mp + 4
    end_phase(s)  # grados phase: the Layzner still glows (protective field)
    assert s.units["l"].vmax
    end_phase(s)  # earth phase 2: cool-down
    u = s.units["l"]
    assert not u.vmax and u.cooldown == 2
    assert Special("l", "vmax") not in legal_actions(s)
    assert not attacks_of(s, "l")
    assert max(len(m.path) - 1 for m in moves_of(s, "l")) == base_mp // 2
    with pytest.raises(IllegalActionError, match="cooling down"):
        apply(s, Special("l", "vmax"))
    end_phase(s)
    end_phase(s)  # earth phase 3: still cooling
    assert s.units["l"].cooldown == 1
    end_phase(s)
    end_phase(s)  # earth phase 4: ready again
    assert s.units["l"].cooldown == 0
    assert Special("l", "vmax") in legal_actions(s)


def test_vmax_raises_power_and_evasion():
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 1, 0)]
    s = new_game(setup_of(OPEN, units), 1)
    plain = forecast(s, Attack("l", "knuckle_shot", "b"))
    apply(s, Special("l", "vmax"))
    boosted = forecast(s, Attack("l", "knuckle_shot", "b"))
    assert boosted.strike.damage > plain.strike.damage
    assert boosted.counter.hit_chance < plain.counter.hit_chance


def test_only_the_side_to_act_acts():
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 11, 7)]
    s = new_game(setup_of(OPEN, units), 1)
    before = s.hash()
    with pytest.raises(IllegalActionError, match="phase"):
        apply(s, Wait("b"))
    with pytest.raises(IllegalActionError):
        apply(s, EndPhase("grados"))
    assert s.hash() == before


def test_each_unit_moves_once_and_acts_once():
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 11, 7)]
    s = new_game(setup_of(OPEN, units), 1)
    m = moves_of(s, "l")[0]
    apply(s, m)
    assert not moves_of(s, "l")
    apply(s, Wait("l"))
    assert not [a for a in legal_actions(s) if getattr(a, "unit", None) == "l"]


def test_turn_limit_ends_the_game_with_its_stated_outcome():
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 11, 7)]
    s = new_game(setup_of(OPEN, units, max_turns=3, on_turn_limit="grados"), 1)
    for _ in range(6):
        end_phase(s)
    assert s.outcome is not None
    assert s.outcome.winner == "grados" and s.outcome.termination is Termination.TURN_LIMIT
    assert legal_actions(s) == []


def test_escort_objective_evacuates_and_wins():
    obj = Objective(
        ObjectiveId("out"),
        SideId("earth"),
        ObjectiveKind.ESCORT,
        "get Anna out",
        units=(UnitId("anna"),),
        zone="evac",
    )
    units = [("anna", "survivor", "earth", 0, 0), ("b", "braver", "grados", 11, 7)]
    s = new_game(setup_of(OPEN, units, objectives=[obj], zones={"evac": [(2, 0)]}), 1)
    move = next(m for m in moves_of(s, "anna") if m.to == s.grid.tile(2, 0))
    events = apply(s, move)
    assert any(isinstance(e, UnitEvacuated) for e in events)
    assert s.outcome.winner == "earth" and s.outcome.termination is Termination.OBJECTIVES


def test_protect_objective_fails_when_the_unit_dies():
    protect = Objective(
        ObjectiveId("p"),
        SideId("earth"),
        ObjectiveKind.PROTECT,
        "keep Anna alive",
        units=(UnitId("anna"),),
    )
    kill = Objective(
        ObjectiveId("k"), SideId("grados"), ObjectiveKind.DESTROY, "kill", units=(UnitId("anna"),)
    )
    units = [("anna", "survivor", "earth", 0, 0), ("b", "braver", "grados", 1, 0)]
    s = new_game(setup_of(OPEN, units, objectives=[protect, kill]), 3)
    end_phase(s)
    for _ in range(10):
        if s.outcome:
            break
        apply(s, Attack("b", "knuckle", "anna"))
        if s.outcome:
            break
        end_phase(s)
        end_phase(s)
    assert s.outcome.winner == "grados"
    assert s.outcome.termination is Termination.OBJECTIVE_FAILED


def test_survive_objective_completes_after_its_turns():
    obj = Objective(ObjectiveId("s"), SideId("earth"), ObjectiveKind.SURVIVE, "hold", turns=2)
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 11, 7)]
    s = new_game(setup_of(OPEN, units, objectives=[obj], max_turns=5), 1)
    for _ in range(3):
        end_phase(s)
    assert s.outcome is None
    end_phase(s)
    assert s.outcome.winner == "earth" and s.turn == 3


def test_reach_objective():
    obj = Objective(
        ObjectiveId("r"),
        SideId("grados"),
        ObjectiveKind.REACH,
        "take the pad",
        units=(UnitId("b"),),
        zone="pad",
    )
    units = [("l", "layzner", "earth", 0, 7, "eiji"), ("b", "braver", "grados", 11, 0)]
    s = new_game(setup_of(OPEN, units, objectives=[obj], zones={"pad": [(9, 0)]}), 1)
    end_phase(s)
    apply(s, next(m for m in moves_of(s, "b") if m.to == s.grid.tile(9, 0)))
    assert s.outcome.winner == "grados"


def test_destroy_all_and_elimination():
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("s", "survivor", "grados", 1, 0)]
    for seed in range(20):
        s = new_game(setup_of(OPEN, units), seed)
        apply(s, Attack("l", "knuckle_shot", "s"))
        if s.outcome is not None:
            assert s.outcome.winner == "earth"
            return
    pytest.fail("never destroyed the target")


def test_triggers_reinforce_and_speak():
    reinforce = Trigger(
        TriggerId("t"),
        OnTurn(2),
        (
            Reinforce((UnitPlacement(UnitId("b2"), UnitTypeId("braver"), SideId("grados"), 11),)),
            Say("Rei", "Three SPTs approaching."),
        ),
    )
    enter = Trigger(TriggerId("z"), OnEnterZone("north", side=SideId("earth")), (Say("Eiji", "Go!"),))
    units = [("l", "layzner", "earth", 0, 1, "eiji"), ("b", "braver", "grados", 11, 7)]
    s = new_game(setup_of(OPEN, units, triggers=[reinforce, enter], zones={"north": [(0, 0)]}), 1)
    events = apply(s, next(m for m in moves_of(s, "l") if m.to == 0))
    assert Dialogue("Eiji", "Go!") in events
    end_phase(s)
    events = []
    events += apply(s, EndPhase("grados"))
    assert any(isinstance(e, Reinforcements) for e in events)
    assert "b2" in s.units
    assert Dialogue("Rei", "Three SPTs approaching.") in events


def test_a_pilot_killed_earlier_in_the_game_does_not_speak_later():
    """A trigger line written for a survivor is skipped once that survivor is dead; others still speak."""
    lines = Trigger(
        TriggerId("t"),
        OnTurn(2, SideId("earth")),
        (Say("Arthur", "The buggy's running!"), Say("Rei", "Noted.")),
    )
    units = [
        ("l", "layzner", "earth", 0, 0, "eiji"),
        ("a", "survivor", "earth", 6, 0, "arthur"),
        ("b", "braver", "grados", 7, 0),
    ]
    spoken = {}
    for seed in range(40):
        s = new_game(setup_of(OPEN, units, triggers=[lines]), seed)
        end_phase(s)
        apply(s, Attack("b", "beam_gun", "a"))
        events = apply(s, EndPhase("grados"))
        speakers = {e.speaker for e in events if isinstance(e, Dialogue)}
        assert "Rei" in speakers
        spoken["a" in s.destroyed] = "Arthur" in speakers
        if len(spoken) == 2:
            break
    assert spoken == {True: False, False: True}


def test_reinforcement_on_a_taken_tile_lands_nearby():
    trig = Trigger(
        TriggerId("t"),
        OnTurn(1, SideId("grados")),
        (Reinforce((UnitPlacement(UnitId("b2"), UnitTypeId("braver"), SideId("grados"), 11),)),),
    )
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 11, 0)]
    s = new_game(setup_of(OPEN, units, triggers=[trig]), 1)
    end_phase(s)
    assert s.units["b2"].tile in s.grid.neighbours[11]


def test_dust_storm_cuts_sight_and_weapon_range():
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 4, 0)]
    clear = new_game(setup_of(OPEN, units), 1)
    assert "b" in observe(clear, SideId("earth")).units
    assert attacks_of(clear, "l")
    storm = new_game(setup_of(OPEN, units, weather=[Storm(0, 0, 12, 8)]), 1)
    assert "b" not in observe(storm, SideId("earth")).units
    assert not attacks_of(storm, "l")
    near = [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 2, 0)]
    s = new_game(setup_of(OPEN, near, weather=[Storm(0, 0, 12, 8)]), 1)
    targets = {(a.weapon, a.target) for a in attacks_of(s, "l")}
    assert ("lasered_rifle", "b") in targets and ("calf_missiles", "b") in targets
    fc_storm = forecast(s, Attack("l", "lasered_rifle", "b"))
    fc_clear = forecast(new_game(setup_of(OPEN, near), 1), Attack("l", "lasered_rifle", "b"))
    assert fc_storm.strike.hit_chance == fc_clear.strike.hit_chance - 20


def test_storms_drift_each_turn():
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 11, 7)]
    s = new_game(setup_of(OPEN, units, weather=[Storm(0, 0, 2, 2, dx=1)]), 1)
    end_phase(s)
    end_phase(s)
    assert s.storms[0].x == 1


def test_illegal_actions_change_nothing_and_say_why():
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 11, 7)]
    s = new_game(setup_of(OPEN, units), 1)
    before = s.hash()
    g = s.grid
    cases = [
        Move("l", (0, 2)),
        Move("l", (1, 2)),
        Move("l", tuple(g.tile(x, 0) for x in range(9))),
        Attack("l", "lasered_rifle", "b"),
        Attack("l", "no_such_gun", "b"),
        Special("l", "teleport"),
        UndoMove("l"),
        Wait("nobody"),
    ]
    for action in cases:
        with pytest.raises(IllegalActionError) as err:
            apply(s, action)
        assert err.value.reason
        assert s.hash() == before


def test_same_seed_same_game():
    from layzner_tactics.ai.policy import make_policy
    from layzner_tactics.sim.demo import demo_setup
    from layzner_tactics.sim.match import play_match

    setup = demo_setup()

    def run(seed):
        pols = {sd.id: make_policy("random", sd.id, seed) for sd in setup.sides}
        return play_match(setup, seed, pols)

    a, b, c = run(5), run(5), run(6)
    assert a.final_hash == b.final_hash and a.actions == b.actions
    assert a.final_hash != c.final_hash


def test_hidden_units_change_nothing_a_side_can_know():
    """Two states that differ only in an enemy hidden behind a ridge look the same to earth."""
    rows = ["......^.....", "......^.....", "......^....."]
    base = [("l", "layzner", "earth", 1, 1, "eiji"), ("b", "braver", "grados", 4, 1)]
    hidden = [*base, ("h", "braver", "grados", 9, 1)]
    a = new_game(setup_of(rows, base), 7)
    b = new_game(setup_of(rows, hidden), 7)
    assert "h" not in observe(b, SideId("earth")).units
    oa, ob = observe(a, SideId("earth")), observe(b, SideId("earth"))
    assert (oa.units, oa.visible, oa.occupant, oa.turn) == (ob.units, ob.visible, ob.occupant, ob.turn)
    assert legal_actions(a) == legal_actions(b)
