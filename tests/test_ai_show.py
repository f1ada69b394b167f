"""The AI and the show's own mechanics: oxygen, storms and dust, wrecks, talking down, wary garrisons,
bogging dunes, Skull Gunners and Folon. Each test builds a small position and checks the choice a
player would notice."""

from dataclasses import replace

from engine_helpers import CATALOG, setup_of

from layzner_tactics.ai import make_policy
from layzner_tactics.ai.tactical import Tactician
from layzner_tactics.engine import (
    Attack,
    EndPhase,
    GameState,
    Move,
    Objective,
    ObjectiveKind,
    SideId,
    Special,
    UnitId,
    apply,
    legal_actions_for,
    new_game,
    observe,
)
from layzner_tactics.engine.events import UnitDisabled, UnitSuffocated
from layzner_tactics.engine.ids import TeamId, ZoneId
from layzner_tactics.engine.setup import SideSpec, Storm

EARTH, GRADOS = SideId("earth"), SideId("grados")


def _to(state: GameState, side: SideId) -> None:
    while state.side_to_act != side:
        apply(state, EndPhase(state.side_to_act))


def _choose(state: GameState, policy="earth"):
    side = state.side_to_act
    obs = observe(state, side)
    pol = policy if isinstance(policy, Tactician) else make_policy(policy, side, 1)
    return pol.choose(obs, legal_actions_for(obs))


def _phase(state: GameState, policy="earth", events=None):
    """Play the side to act's whole phase with a policy; its actions, in order."""
    side = state.side_to_act
    pol = policy if isinstance(policy, Tactician) else make_policy(policy, side, 1)
    done = []
    while state.side_to_act == side and state.outcome is None:
        obs = observe(state, side)
        action = pol.choose(obs, legal_actions_for(obs))
        done.append(action)
        out = apply(state, action)
        if events is not None:
            events.extend(out)
    return done


def _end_of(actions, unit):
    """Where ``unit`` ended its moves this phase (None if it did not move)."""
    moves = [a for a in actions if isinstance(a, Move) and a.unit == unit]
    return moves[-1].path[-1] if moves else None


def _escort(units, zone="out"):
    return Objective(
        "out", EARTH, ObjectiveKind.ESCORT, "get out", units=tuple(UnitId(u) for u in units), zone=zone
    )


# Oxygen -------------------------------------------------------------------------------------------

OX_ROWS = ["." * 16] * 6


def _oxygen_setup(supply, cache, far_zone=True):
    units = [
        ("a", "survivor", "earth", 3, 2, "anna"),
        ("s", "survivor", "earth", 3, 3, "simone"),
        # something for Grados to be: a severed head far away that can neither move nor shoot
        ("h", "skull_head", "grados", 15, 5),
    ]
    zone = {"out": [(15, y) for y in range(0, 3)]} if far_zone else {"out": [(6, 2)]}
    setup = setup_of(OX_ROWS, units, objectives=[_escort(["a", "s"])], zones=zone, max_turns=12)
    caches = 0
    for x, y in cache:
        caches |= 1 << setup.grid.tile(x, y)
    return replace(setup, oxygen={EARTH: supply}, oxygen_caches=caches)


def test_survivors_short_of_air_go_for_a_reachable_cache_not_away_from_it():
    # two people, 4 units of air after the first breath: two phases left, the lift is four walks away;
    # the cache lies two steps behind them, the opposite way
    s = new_game(_oxygen_setup(6, [(1, 2)]), 1)
    assert observe(s, EARTH).oxygen == 4
    events: list = []
    _phase(s, "earth", events)
    assert s.oxygen[EARTH] == 4 + s.setup.oxygen_cache_amount  # somebody took the cache
    assert not s.caches


def test_survivors_with_air_to_spare_walk_on_past_the_cache():
    s = new_game(_oxygen_setup(60, [(1, 2)]), 1)
    _phase(s, "earth")
    assert s.caches  # nobody turned back for air they do not need
    grid = s.grid
    assert all(grid.xs[s.units[u].tile] > 3 for u in ("a", "s"))


def test_survivors_do_not_turn_back_for_air_the_mission_will_not_last_to_breathe():
    # three turns left after this one; 6 units of air after the first breath: three more breaths for
    # both, which is all the mission has left, though the walk out takes four turns
    setup = replace(_oxygen_setup(8, [(1, 2)]), max_turns=4)
    s = new_game(setup, 1)
    assert observe(s, EARTH).oxygen == 6
    _phase(s, "earth")
    assert s.caches  # nobody turned back
    assert all(s.grid.xs[s.units[u].tile] > 3 for u in ("a", "s"))


def test_air_is_counted_only_until_each_survivor_is_out():
    # Anna stands next to the exit and leaves this phase; Simone needs four turns. 5 units of air after
    # the first breath last Simone's walk, though they are short of four breaths for two
    units = [
        ("a", "survivor", "earth", 14, 2, "anna"),
        ("s", "survivor", "earth", 3, 3, "simone"),
        ("h", "skull_head", "grados", 15, 5),
    ]
    setup = setup_of(
        OX_ROWS,
        units,
        objectives=[_escort(["a", "s"])],
        zones={"out": [(15, y) for y in range(3)]},
        max_turns=12,
    )
    setup = replace(setup, oxygen={EARTH: 7}, oxygen_caches=1 << setup.grid.tile(1, 2))
    s = new_game(setup, 1)
    assert observe(s, EARTH).oxygen == 5
    _phase(s, "earth")
    assert s.caches  # Simone walked on
    assert s.grid.xs[s.units[UnitId("s")].tile] > 3


def test_the_ai_never_lets_the_air_run_out_when_a_cache_is_in_reach():
    # the caches sit off the road to the lift; with 8 units of air the walk cannot be made without one
    s = new_game(_oxygen_setup(8, [(6, 5), (9, 0)]), 1)
    events: list = []
    while s.outcome is None and s.turn <= 8:
        if s.side_to_act == EARTH:
            _phase(s, "earth", events)
        else:
            events += apply(s, EndPhase(s.side_to_act))
    assert not [e for e in events if isinstance(e, UnitSuffocated)]
    assert s.outcome is not None and s.outcome.winner == EARTH


def test_with_nothing_in_sight_earths_guns_scout_the_road_ahead_of_the_people():
    # the Grados unit is hidden behind the ridge in the west corner; the people must go east: the
    # Layzner looks down their road (so what waits on it is seen before they drive into it)
    rows = [
        ".^..............",
        "^^..............",
        "................",
        "................",
        "................",
    ]
    units = [
        ("a", "survivor", "earth", 3, 3, "anna"),
        ("l", "layzner", "earth", 4, 2, "eiji"),
        ("h", "skull_head", "grados", 0, 0),
    ]
    setup = setup_of(rows, units, objectives=[_escort(["a"])], zones={"out": [(15, 2)]}, max_turns=12)
    s = new_game(setup, 1)
    assert not observe(s, EARTH).enemies()
    actions = _phase(s, "earth")
    end = _end_of(actions, "l")
    assert end is not None and s.grid.xs[end] > 4, actions


# Storms and dust --------------------------------------------------------------------------------


def test_a_shooter_fires_from_clear_ground_rather_than_from_inside_the_storm():
    # the storm's edge is nearer; from inside it the rifle reaches 2 tiles and loses 20 points of aim
    units = [("l", "layzner", "earth", 1, 3, "eiji"), ("b", "braver", "grados", 8, 3)]
    setup = setup_of(["." * 12] * 7, units, weather=[Storm(4, 0, 3, 7)])
    # Folon holds V-MAX: the burst's longer move does not settle the question for it
    setup = replace(setup, units=tuple(replace(p, folon=p.id == "l") for p in setup.units))
    s = new_game(setup, 1)
    actions = _phase(s, "earth")
    attacks = [a for a in actions if isinstance(a, Attack)]
    assert attacks, actions
    assert not (s.storm_mask >> s.units["l"].tile) & 1


def test_a_cornered_machine_kicks_up_dust_to_break_their_lock():
    # a hurt Braver pinned in a dead end by three fresh ones: it cannot outrun them or win the trade
    rows = [
        "^^^^^^^^^^",
        "^.........",
        "^^^^^^^^^^",
    ]
    units = [
        ("me", "braver", "earth", 1, 1, "roan"),
        ("b1", "braver", "grados", 6, 1),
        ("b2", "braver", "grados", 8, 1),
        ("b3", "braver", "grados", 9, 1),
    ]
    setup = setup_of(rows, units)
    setup = replace(setup, units=tuple(replace(p, hp_pct=35) if p.id == "me" else p for p in setup.units))
    s = new_game(setup, 1)
    actions = _phase(s, "earth")
    assert Special(UnitId("me"), "dust") in actions, actions


def test_a_hunted_machine_slips_into_the_storm():
    # three Bravers close in on a hurt Baybull; the storm beside it hides it and blunts their aim
    units = [
        ("me", "braver", "earth", 3, 3, "roan"),
        ("b1", "braver", "grados", 10, 2),
        ("b2", "braver", "grados", 10, 4),
        ("b3", "braver", "grados", 11, 3),
    ]
    setup = setup_of(["." * 14] * 7, units, weather=[Storm(0, 0, 3, 7)])
    setup = replace(setup, units=tuple(replace(p, hp_pct=35) if p.id == "me" else p for p in setup.units))
    s = new_game(setup, 1)
    actions = _phase(s, "earth")
    hidden = (s.storm_mask >> s.units["me"].tile) & 1
    assert hidden or Special(UnitId("me"), "dust") in actions, actions


# Disabled pilots ----------------------------------------------------------------------------------


def _wreck_beside(extra_side_pilot: str | None = "david"):
    """A state in which the Layzner's knuckle shot has just disabled a Braver, an Earth Baybull beside."""
    units = [
        ("l", "layzner", "earth", 0, 0, "eiji"),
        ("b", "braver", "grados", 1, 0, "gusten"),
        ("l2", "baybull", "earth", 3, 2, extra_side_pilot)
        if extra_side_pilot
        else ("l2", "baybull", "earth", 3, 2),
        ("far", "braver", "grados", 15, 5),
    ]
    setup = setup_of(["." * 16] * 6, units, objectives=[])
    setup = replace(setup, units=tuple(replace(p, hp_pct=10) if p.id == "b" else p for p in setup.units))
    for seed in range(200):
        s = new_game(setup, seed)
        if any(isinstance(e, UnitDisabled) for e in apply(s, Attack("l", "knuckle_shot", "b"))):
            return s
    raise AssertionError("the knuckle shot never landed")


def test_earth_spares_a_disabled_pilot_instead_of_leaving_him():
    s = _wreck_beside()
    assert s.wrecks()
    actions = _phase(s, "earth")
    assert Special(UnitId("l2"), "spare", UnitId("b")) in actions, actions


def test_a_hard_line_commander_captures_the_pilot_instead():
    s = _wreck_beside(None)
    # the same position played by a side with no mercy: the pilot is taken, not let go
    actions = _phase(s, Tactician(EARTH, 1, "", "grados"))
    assert Special(UnitId("l2"), "capture", UnitId("b")) in actions, actions


def test_grados_shoots_the_machines_still_fighting_not_the_wreck():
    s = _wreck_beside()
    _to(s, GRADOS)
    obs = observe(s, GRADOS)
    # the wreck is out of the fight: nothing may target it, and the AI's shots go to live machines
    assert "b" not in obs.units
    assert not [a for a in legal_actions_for(obs) if isinstance(a, Attack) and a.target == "b"]


# Talking a pilot down -----------------------------------------------------------------------------


def test_earth_talks_a_wavering_pilot_down_when_the_chance_is_good_and_safe():
    units = [("l", "layzner", "earth", 0, 2, "eiji"), ("b", "braver", "grados", 6, 2, "lobelia")]
    setup = setup_of(["." * 12] * 5, units)
    setup = replace(setup, units=tuple(replace(p, hp_pct=40) if p.id == "b" else p for p in setup.units))
    s = new_game(setup, 1)
    actions = _phase(s, "earth")
    assert Special(UnitId("l"), "talk", UnitId("b")) in actions, actions


# Wary garrisons -----------------------------------------------------------------------------------


def _garrison_setup(units, objectives=(), zones=None, base=None):
    base = base or [(x, y) for x in (11, 12, 13) for y in range(8)]
    setup = setup_of(
        ["." * 14] * 8,
        units,
        sides=("earth", "grados", "us"),
        zones={"us-base": base, **(zones or {})},
        objectives=list(objectives),
    )
    sides = tuple(
        SideSpec(sp.id, sp.name, TeamId(sp.id), wary=True, territory=ZoneId("us-base"))
        if sp.id == "us"
        else sp
        for sp in setup.sides
    )
    return replace(setup, sides=sides)


def test_grados_does_not_fire_beside_a_calm_garrison():
    units = [
        ("l", "layzner", "earth", 9, 1, "eiji"),
        ("b", "braver", "grados", 7, 1),
        ("t", "us_turret", "us", 12, 2),
    ]
    s = new_game(_garrison_setup(units), 1)
    _to(s, GRADOS)
    actions = _phase(s, "grados")
    assert "us" not in s.alarmed, actions


def test_survivors_keep_out_of_garrison_territory():
    # the straight road to the lift crosses the American base (x 5-9, y 0-3); round it is 6 tiles longer
    units = [
        ("a", "survivor", "earth", 2, 1, "anna"),
        ("h", "skull_head", "grados", 0, 7),
        ("t", "us_turret", "us", 13, 7),
    ]
    base = [(x, y) for x in range(5, 10) for y in range(4)] + [(x, y) for x in range(10, 14) for y in (6, 7)]
    setup = _garrison_setup(units, [_escort(["a"])], {"out": [(12, 1)]}, base)
    s = new_game(setup, 1)
    territory = s.setup.zones["us-base"]
    for _ in range(6):
        actions = _phase(s, "earth")
        end = _end_of(actions, "a")
        assert end is None or not (territory >> end) & 1, actions
        if s.outcome is not None:
            break
        _to(s, EARTH)
    assert s.outcome is not None and s.outcome.winner == EARTH


# Bogging in dunes ---------------------------------------------------------------------------------


def test_buggies_stop_short_of_the_dunes_rather_than_on_them():
    # the only way east crosses a dune between boulders; the buggy can just reach the dune this phase,
    # but stopping on firm ground one tile short costs little (sand swallows wheels one time in four,
    # and a bogged buggy loses a whole move): it drives over the sand next phase instead of stopping on it
    rows = [
        "....*.......",
        "....~.......",
        "....*.......",
    ]
    units = [("v", "buggy", "earth", 0, 1), ("h", "skull_head", "grados", 0, 2)]
    setup = setup_of(rows, units, objectives=[_escort(["v"])], zones={"out": [(11, 1)]}, max_turns=8)
    s = new_game(setup, 1)
    actions = _phase(s, "earth")
    assert _end_of(actions, "v") == s.grid.tile(3, 1), actions


# Skull Gunners ------------------------------------------------------------------------------------

CORRIDORS = [
    "##############",
    "#............#",
    "#.##########.#",
    "#.##########.#",
    "#.##########.#",
    "#............#",
    "##############",
]


def test_skull_gunners_hunt_the_life_signs_through_the_corridors():
    # the Layzner up the north corridor, people down the south one, both nine tiles off (out of reach
    # this phase), each spotted by a head at the corridor's far end: the hunter takes the south corridor
    units = [
        ("sg", "skull_gunner", "grados", 1, 3),
        ("l", "layzner", "earth", 8, 1, "eiji"),
        ("a", "survivor", "earth", 8, 5, "anna"),
        ("h1", "skull_head", "grados", 10, 1),
        ("h2", "skull_head", "grados", 10, 5),
    ]
    s = new_game(setup_of(CORRIDORS, units, objectives=[]), 1)
    _to(s, GRADOS)
    assert {"l", "a"} <= set(observe(s, GRADOS).units)
    actions = _phase(s, "grados")
    end = s.units["sg"].tile
    assert s.grid.ys[end] > 3, actions


def test_a_severed_head_keeps_spotting_for_the_body():
    # the body cannot see round the corner; its severed head, down the south corridor, sees the people
    units = [
        ("sg", "skull_gunner", "grados", 1, 3),
        ("sg-head", "skull_head", "grados", 10, 5),
        ("a", "survivor", "earth", 8, 5, "anna"),
        ("l", "layzner", "earth", 12, 1, "eiji"),
    ]
    s = new_game(setup_of(CORRIDORS, units, objectives=[]), 1)
    _to(s, GRADOS)
    obs = observe(s, GRADOS)
    assert "a" in obs.units and "l" not in obs.units
    actions = _phase(s, "grados")
    grid = s.grid
    survivor = grid.tile(8, 5)
    assert grid.ys[s.units["sg"].tile] > 3, actions
    assert grid.distance(s.units["sg"].tile, survivor) < grid.distance(grid.tile(1, 3), survivor)
    assert s.units["sg-head"].tile == grid.tile(10, 5)


# Folon --------------------------------------------------------------------------------------------


def test_earth_does_not_count_on_vmax_while_folon_holds_it():
    # the V-MAX test position (only the burst brings the hurt Braver into reach), but Folon holds V-MAX
    units = [
        ("layzner", "layzner", "earth", 0, 2, "eiji"),
        ("v", "buggy", "earth", 15, 0),
        ("b", "braver", "grados", 13, 2),
    ]
    setup = setup_of(["." * 16] * 5, units)
    placements = tuple(
        replace(p, hp_pct=15) if p.id == "b" else replace(p, folon=True) if p.id == "layzner" else p
        for p in setup.units
    )
    s = new_game(replace(setup, units=placements), 1)
    obs = observe(s, EARTH)
    legal = legal_actions_for(obs)
    assert Special(UnitId("layzner"), "vmax") not in legal
    pol = make_policy("earth", EARTH, 1)
    assert isinstance(pol, Tactician)
    plan = pol.candidates(obs, obs.units[UnitId("layzner")], set(legal), limit=1)[0]
    # the plan is what the unit can do on its own: no attack out of its unboosted reach
    assert not isinstance(plan.action, Attack)
    assert pol.choose(obs, legal) in legal
    assert CATALOG.units["layzner"].vmax is not None
