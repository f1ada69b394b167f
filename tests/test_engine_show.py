"""The show's own rules in the engine: Folon's V-MAX override and kicking up dust."""

from dataclasses import replace

import pytest
from engine_helpers import CATALOG, end_phase, setup_of

from layzner_tactics.engine import (
    Attack,
    EndPhase,
    IllegalActionError,
    Move,
    Special,
    UndoMove,
    UnitPlacement,
    apply,
    forecast,
    legal_actions,
    new_game,
    observe,
)
from layzner_tactics.engine.events import (
    AlarmRaised,
    AttackResolved,
    BoggedDown,
    DustRaised,
    DustSettled,
    Fate,
    FolonIntervened,
    HeadSevered,
    OxygenChanged,
    PilotFate,
    TalkAttempted,
    UnitDestroyed,
    UnitDisabled,
    UnitSuffocated,
    VmaxActivated,
    VmaxControlChanged,
)
from layzner_tactics.engine.ids import SideId, TriggerId, UnitId
from layzner_tactics.engine.setup import OnTurn, SetVmaxControl, Trigger

OPEN = ["." * 12] * 8


def _folon_setup(hp_pct=100, triggers=()):
    setup = setup_of(
        OPEN,
        [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "dtol", "grados", 3, 0, "grados_line")],
        triggers=triggers,
    )
    placements = tuple(
        UnitPlacement(p.id, p.type_id, p.side, p.tile, p.pilot, hp_pct if p.id == "l" else 100, folon=True)
        for p in setup.units
    )
    return replace(setup, units=placements)


def test_folon_holds_vmax_out_of_the_pilots_reach():
    s = new_game(_folon_setup(), 1)
    assert s.units["l"].folon
    assert Special("l", "vmax") not in legal_actions(s)
    with pytest.raises(IllegalActionError, match="hidden system"):
        apply(s, Special("l", "vmax"))


def test_folon_fires_vmax_and_strikes_when_the_layzner_is_in_danger():
    threshold = CATALOG.units["layzner"].vmax.folon_threshold_pct
    fired = 0
    for seed in range(40):
        # start just above the threshold: any hit from the Dtol's cannon takes it under
        s = new_game(_folon_setup(hp_pct=threshold + 5), seed)
        end_phase(s)
        fc = forecast(s, Attack("b", "cannon", "l"))
        assert fc.folon_risk
        events = apply(s, Attack("b", "cannon", "l"))
        hit = next(e for e in events if isinstance(e, AttackResolved)).hit
        if not hit:
            assert not any(isinstance(e, FolonIntervened) for e in events)
            continue
        fired += 1
        kinds = [type(e) for e in events]
        assert VmaxActivated(UnitId("l"), True) in events
        assert FolonIntervened in kinds
        folon_strike = events[kinds.index(FolonIntervened) + 1]
        assert isinstance(folon_strike, AttackResolved) and folon_strike.attacker == "l"
        assert s.units["l"].vmax if "l" in s.units else True
    assert fired > 5


def test_a_mission_event_hands_vmax_to_the_pilot():
    hand_over = Trigger(TriggerId("t"), OnTurn(2), (SetVmaxControl(UnitId("l"), False),))
    s = new_game(_folon_setup(triggers=[hand_over]), 1)
    end_phase(s)
    events = apply(s, EndPhase("grados"))
    assert VmaxControlChanged(UnitId("l"), False) in events
    assert Special("l", "vmax") in legal_actions(s)
    apply(s, Special("l", "vmax"))
    assert s.units["l"].vmax


def test_dust_hides_the_unit_until_its_sides_next_phase():
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 5, 0)]
    s = new_game(setup_of(OPEN, units), 1)
    assert "l" in observe(s, SideId("grados")).units
    events = apply(s, Special("l", "dust"))
    assert DustRaised(UnitId("l"), s.units["l"].tile) in events
    assert "l" not in observe(s, SideId("grados")).units
    assert s.units["l"].acted
    end_phase(s)
    # grados cannot target what it cannot see
    assert not [a for a in legal_actions(s) if isinstance(a, Attack)]
    events = apply(s, EndPhase("grados"))
    assert DustSettled(UnitId("l")) in events
    assert "l" in observe(s, SideId("grados")).units


def test_only_machines_that_can_raise_dust_do():
    units = [("bug", "buggy", "earth", 0, 0), ("b", "braver", "grados", 5, 0)]
    s = new_game(setup_of(OPEN, units), 1)
    assert Special("bug", "dust") not in legal_actions(s)
    with pytest.raises(IllegalActionError, match="cannot kick up dust"):
        apply(s, Special("bug", "dust"))


def _disabled_state(extra=()):
    """A state in which the Layzner's knuckle shot has just disabled a weakened braver."""
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 1, 0, "lobelia"), *extra]
    setup = setup_of(OPEN, units)
    weak = tuple(replace(p, hp_pct=10) if p.id == "b" else p for p in setup.units)
    setup = replace(setup, units=weak)
    for seed in range(200):
        s = new_game(setup, seed)
        events = apply(s, Attack("l", "knuckle_shot", "b"))
        if any(isinstance(e, UnitDisabled) for e in events):
            return s, events
    pytest.fail("the knuckle shot never landed")


def test_knuckle_shot_disables_rather_than_destroys():
    s, events = _disabled_state()
    assert "b" not in s.units and "b" not in s.destroyed
    assert s.fates["b"] is Fate.DISABLED
    assert not any(isinstance(e, UnitDestroyed) for e in events)
    # the braver is out of the fight: earth's destroy-all objective is met
    assert s.outcome is not None and s.outcome.winner == "earth"


def test_a_disabled_pilot_can_be_captured_or_spared_by_a_unit_beside_it():
    extra = [("l2", "baybull", "earth", 1, 1, "david"), ("b2", "braver", "grados", 11, 7)]
    s, _ = _disabled_state(extra)
    assert s.wrecks().keys() == {"b"}
    legal = legal_actions(s)
    assert Special("l2", "capture", "b") in legal and Special("l2", "spare", "b") in legal
    events = apply(s, Special("l2", "capture", "b"))
    assert PilotFate(UnitId("b"), UnitId("l2"), Fate.CAPTURED) in events
    assert s.fates["b"] is Fate.CAPTURED and not s.wrecks()


def test_a_wavering_pilot_can_be_talked_out_of_the_fight():
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 5, 0, "lobelia")]
    setup = setup_of(OPEN, units)
    from layzner_tactics.engine.combat import talk_chance

    s = new_game(setup, 0)
    chance = talk_chance(s, s.units["l"], s.units["b"])
    assert chance == CATALOG.pilots["eiji"].persuasion + CATALOG.pilots["lobelia"].waver
    successes = 0
    for seed in range(200):
        s = new_game(setup, seed)
        assert Special("l", "talk", "b") in legal_actions(s)
        events = apply(s, Special("l", "talk", "b"))
        attempt = next(e for e in events if isinstance(e, TalkAttempted))
        assert attempt.chance == chance
        if attempt.success:
            successes += 1
            assert s.fates["b"] is Fate.WITHDREW and "b" not in s.units
    assert abs(successes / 200 - chance / 100) < 0.12


def test_pilots_who_never_waver_cannot_be_talked_down():
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("g", "bullgrenn", "grados", 5, 0, "gosterro")]
    s = new_game(setup_of(OPEN, units), 0)
    assert not [a for a in legal_actions(s) if isinstance(a, Special) and a.name == "talk"]
    with pytest.raises(IllegalActionError, match="will not listen"):
        apply(s, Special("l", "talk", "g"))


def test_oxygen_runs_down_each_turn_and_suffocation_costs_lives():
    units = [
        ("a", "survivor", "earth", 0, 0, "anna"),
        ("s", "survivor", "earth", 0, 1, "simone"),
        ("b", "braver", "grados", 11, 7),
    ]
    setup = replace(setup_of(OPEN, units, max_turns=20), oxygen={SideId("earth"): 5})
    s = new_game(setup, 1)
    assert s.oxygen["earth"] == 3  # two people breathed at the first phase start
    assert observe(s, SideId("earth")).oxygen == 3
    end_phase(s)
    events = apply(s, EndPhase("grados"))
    assert OxygenChanged(SideId("earth"), 1, -2, "breathing") in events
    end_phase(s)
    events = apply(s, EndPhase("grados"))
    assert any(isinstance(e, UnitSuffocated) for e in events)
    hp = CATALOG.units["survivor"].hp
    assert s.units["a"].hp == hp - hp * 20 // 100


def test_oxygen_caches_refill_the_supply():
    units = [("a", "survivor", "earth", 0, 0, "anna"), ("b", "braver", "grados", 11, 7)]
    setup = setup_of(OPEN, units)
    setup = replace(setup, oxygen={SideId("earth"): 4}, oxygen_caches=1 << setup.grid.tile(2, 0))
    s = new_game(setup, 1)
    move = next(a for a in legal_actions(s) if isinstance(a, Move) and a.to == s.grid.tile(2, 0))
    events = apply(s, move)
    assert OxygenChanged(SideId("earth"), 3 + 12, 12, "cache") in events
    assert not s.caches
    assert UndoMove("a") not in legal_actions(s)


def test_buggies_can_bog_down_in_dunes():
    rows = ["~~~~~~"] * 3
    units = [("bug", "buggy", "earth", 0, 0), ("b", "braver", "grados", 5, 2)]
    setup = setup_of(rows, units)
    bogged = 0
    for seed in range(80):
        s = new_game(setup, seed)
        move = next(a for a in legal_actions(s) if isinstance(a, Move) and a.unit == "bug")
        events = apply(s, move)
        if any(isinstance(e, BoggedDown) for e in events):
            bogged += 1
            end_phase(s)
            end_phase(s)
            assert not [a for a in legal_actions(s) if isinstance(a, Move) and a.unit == "bug"]
    assert 5 < bogged < 40  # about a quarter of 80


def test_pilots_gain_experience_from_hits():
    units = [("l", "baybull", "earth", 0, 0, "david"), ("b", "dtol", "grados", 1, 0)]
    for seed in range(30):
        s = new_game(setup_of(OPEN, units), seed)
        events = apply(s, Attack("l", "punch", "b"))
        first = next(e for e in events if isinstance(e, AttackResolved))
        if first.hit:
            assert s.xp["david"] >= 1
            return
    pytest.fail("never hit")


def _cold_war_setup():
    """Earth and Grados near a wary US garrison whose territory is the east end of the map."""
    from layzner_tactics.engine.ids import TeamId, ZoneId
    from layzner_tactics.engine.setup import SideSpec

    units = [
        ("l", "layzner", "earth", 8, 1, "eiji"),
        ("b", "braver", "grados", 7, 1),
        ("t", "us_turret", "us", 10, 2),
    ]
    setup = setup_of(
        OPEN,
        units,
        sides=("earth", "grados", "us"),
        zones={"us-base": [(x, y) for x in (9, 10, 11) for y in range(8)]},
    )
    sides = tuple(
        SideSpec(s.id, s.name, TeamId(s.id), wary=True, territory=ZoneId("us-base")) if s.id == "us" else s
        for s in setup.sides
    )
    return replace(setup, sides=sides)


def test_a_calm_garrison_fires_only_at_intruders():
    s = new_game(_cold_war_setup(), 1)
    end_phase(s)
    end_phase(s)  # the US phase: both machines are in the turret's range but outside the base
    assert s.side_to_act == "us"
    assert not [a for a in legal_actions(s) if isinstance(a, Attack)]
    with pytest.raises(IllegalActionError, match="holds its fire"):
        apply(s, Attack("t", "cannon", "b"))


def test_gunfire_near_a_garrison_raises_its_alarm():
    s = new_game(_cold_war_setup(), 1)
    end_phase(s)
    # the braver fires at the Layzner three tiles from the turret: the garrison wakes up
    events = apply(s, Attack("b", "beam_gun", "l"))
    assert AlarmRaised(SideId("us")) in events
    end_phase(s)
    assert [a for a in legal_actions(s) if isinstance(a, Attack) and a.target == "b"]


def test_a_false_flag_levels_a_base_and_changes_the_map():
    from layzner_tactics.engine.ids import ZoneId
    from layzner_tactics.engine.setup import ChangeTerrain, Devastate, OnTurn, RaiseAlarm

    strike = Trigger(
        TriggerId("nukes"),
        OnTurn(2),
        (RaiseAlarm(SideId("us")), Devastate(ZoneId("us-base")), ChangeTerrain(ZoneId("us-base"), "crater")),
    )
    setup = replace(_cold_war_setup(), triggers=(strike,))
    s = new_game(setup, 1)
    for _ in range(3):
        end_phase(s)
    assert "t" in s.destroyed
    assert s.grid.terrain[s.grid.tile(10, 4)].id == "crater"
    assert observe(s, SideId("earth")).grid.terrain[s.grid.tile(10, 4)].id == "crater"


def test_a_skull_gunner_loses_its_head_which_keeps_spotting():
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("s", "skull_gunner", "grados", 1, 0)]
    for seed in range(40):
        s = new_game(setup_of(OPEN, units), seed)
        events = apply(s, Attack("l", "lasered_rifle", "s"))
        severed = [e for e in events if isinstance(e, HeadSevered)]
        if severed and "s" in s.units:
            head = s.units[severed[0].head]
            assert head.type_id == "skull_head" and head.side == "grados"
            assert s.units["s"].severed
            body_fc = forecast(s, Attack("l", "lasered_rifle", "s"))
            rifle = CATALOG.units["layzner"].weapon("lasered_rifle")
            sg = CATALOG.units["skull_gunner"]
            assert body_fc.strike.damage == rifle.power - (sg.armor - sg.severed_armor_penalty)
            return
    pytest.fail("no seed severed the head without destroying the body")
