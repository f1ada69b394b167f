"""The show's own rules in the engine: Folon's V-MAX override and kicking up dust."""

import pytest
from engine_helpers import CATALOG, end_phase, setup_of

from layzner_tactics.engine import (
    Attack,
    EndPhase,
    IllegalActionError,
    Special,
    UnitPlacement,
    apply,
    forecast,
    legal_actions,
    new_game,
    observe,
)
from layzner_tactics.engine.events import (
    AttackResolved,
    DustRaised,
    DustSettled,
    FolonIntervened,
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
    from dataclasses import replace

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
