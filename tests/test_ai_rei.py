"""Rei, the cockpit advisor: legal advice from the player's own view, a reason, and a revealable bias."""

from dataclasses import replace

from engine_helpers import setup_of

from layzner_tactics.ai.personality import ReiBias
from layzner_tactics.ai.rei import PROTECTED, SURVIVAL, advise
from layzner_tactics.engine import Attack, SideId, Special, UnitId, legal_actions, new_game, observe

EARTH = SideId("earth")


def _game(units, hurt=None, rows=None):
    setup = setup_of(rows or ["." * 10] * 6, units)
    if hurt:
        setup = replace(
            setup, units=tuple(replace(p, hp_pct=hurt[p.id]) if p.id in hurt else p for p in setup.units)
        )
    return new_game(setup, 1)


def test_rei_advises_a_legal_first_step_with_a_reason_and_its_numbers():
    s = _game([("layzner", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 3, 0, "gusten")])
    obs = observe(s, EARTH)
    advice = advise(obs, legal_actions(s), UnitId("layzner"))
    assert advice is not None and advice.actions
    assert advice.actions[0] in legal_actions(s)
    attack = next((a for a in advice.actions if isinstance(a, Attack)), None)
    assert attack is not None  # a lone Braver three tiles off: the Layzner should strike
    # Rei calls for V-MAX when the burst turns a wound into a kill, and says so first
    burst = advice.actions[0] == Special(UnitId("layzner"), "vmax")
    assert str(advice.reason).startswith("V-MAX, then " if burst else "Attack Braver ") and "%" in str(
        advice.reason
    )
    assert "attack braver" in str(advice.reason).lower()  # the action and the target, by name
    assert advice.numbers.hit_chance is not None and f"hit {advice.numbers.hit_chance} %" in str(
        advice.reason
    )
    assert advice.bias_applied == "" and advice.unbiased == advice.actions


def test_rei_will_not_advise_striking_gale_and_says_so():
    s = _game(
        [("layzner", "layzner", "earth", 0, 0, "eiji"), ("g", "grimekaisar", "grados", 1, 0, "gale")],
        hurt={"g": 20},
    )
    advice = advise(observe(s, EARTH), legal_actions(s), UnitId("layzner"))
    assert advice is not None
    assert not any(isinstance(a, Attack) and a.target == "g" for a in advice.actions)
    assert any(isinstance(a, Attack) and a.target == "g" for a in advice.unbiased)
    assert advice.bias_kind == PROTECTED and "gale" in str(advice.bias_applied).lower()


def test_the_same_scene_with_an_honest_computer_strikes():
    s = _game(
        [("layzner", "layzner", "earth", 0, 0, "eiji"), ("g", "grimekaisar", "grados", 1, 0, "gale")],
        hurt={"g": 20},
    )
    honest = ReiBias("earth", 1.0, (), 0.0)
    advice = advise(observe(s, EARTH), legal_actions(s), UnitId("layzner"), bias=honest)
    assert advice is not None and any(isinstance(a, Attack) for a in advice.actions)
    assert advice.bias_kind == ""


def test_rei_fears_for_the_pilot_more_than_an_honest_computer():
    """A hurt Layzner, a Braver it could wound, two more Bravers covering it: Rei pulls the pilot out."""
    units = [
        ("layzner", "layzner", "earth", 4, 3, "eiji"),
        ("b1", "braver", "grados", 6, 3),
        ("b2", "braver", "grados", 8, 2),
        ("b3", "braver", "grados", 8, 4),
    ]
    s = _game(units, hurt={"layzner": 45}, rows=["." * 12] * 7)
    paranoid = ReiBias("earth", 6.0, (), 0.0)
    advice = advise(observe(s, EARTH), legal_actions(s), UnitId("layzner"), bias=paranoid)
    assert advice is not None
    if advice.unbiased != advice.actions:
        assert advice.bias_kind == SURVIVAL and "survival" in str(advice.bias_applied)
    assert (
        advice.numbers.danger
        <= advise(
            observe(s, EARTH), legal_actions(s), UnitId("layzner"), bias=ReiBias("earth", 1.0, (), 0.0)
        ).numbers.danger
    )


def test_rei_has_nothing_to_say_for_units_that_cannot_act():
    s = _game([("layzner", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 9, 5)])
    assert advise(observe(s, EARTH), legal_actions(s), UnitId("b")) is None
    assert advise(observe(s, EARTH), legal_actions(s), UnitId("nobody")) is None


def test_rei_quotes_its_estimates_exact_in_clear_air_and_as_bands_when_unsure():
    from layzner_tactics.ai.rei import estimates, life_signs, storm_end
    from layzner_tactics.engine import Storm

    units = [("layzner", "layzner", "earth", 2, 2, "eiji"), ("b", "braver", "grados", 4, 2, "lobelia")]
    clear = new_game(setup_of(["." * 12] * 6, units), 1)
    obs = observe(clear, EARTH)
    figures = {e.label: e for e in estimates(obs, UnitId("layzner"), (70, 70))}
    assert figures["Hit"].exact and figures["Hit"].text() == "Hit: 70 %"
    assert figures["Energy"].low == clear.units["layzner"].energy and figures["Energy"].exact
    assert figures["V-MAX bursts in reserve"].low == 150 // 60  # the catalog's Layzner: 150 EN, 60 a burst
    assert "Storm over you ends in" not in figures
    assert figures["Life signs"].text() == "Life signs: 2"
    # a steady storm drifting east one tile a turn: exact, with the turn it clears
    steady = new_game(setup_of(["." * 12] * 6, units, weather=[Storm(0, 0, 4, 6, 1, 0)]), 1)
    est = storm_end(observe(steady, EARTH), steady.units["layzner"].tile)
    assert est is not None and est.exact and est.low == 3 and "about turn 4" in est.text()
    # the same storm wobbling by up to two tiles: a band from 1 turn, no upper bound
    wobbly = new_game(setup_of(["." * 12] * 6, units, weather=[Storm(0, 0, 4, 6, 1, 0, 2)]), 1)
    est = storm_end(observe(wobbly, EARTH), wobbly.units["layzner"].tile)
    assert est is not None and not est.exact and est.low == 1 and est.high is None
    assert est.text() == "Storm over you ends in: 1+ turn(s) (wobbling drift)"
    # an enemy seen earlier and now out of sight widens the life-sign count into a band
    hidden = {UnitId("gone"): clear.units["b"].with_(id=UnitId("gone"))}
    signs = life_signs(obs, hidden)
    assert (signs.low, signs.high) == (2, 3) and "now hidden" in str(signs.note)


def test_rei_hit_band_in_dust_stays_within_the_games_limits():
    from layzner_tactics.engine import Storm
    from layzner_tactics.engine.combat import MAX_HIT, MIN_HIT

    units = [("layzner", "layzner", "earth", 2, 2, "eiji"), ("b", "braver", "grados", 3, 2)]
    s = new_game(setup_of(["." * 12] * 6, units, weather=[Storm(0, 0, 6, 6)]), 1)
    advice = advise(observe(s, EARTH), legal_actions(s), UnitId("layzner"))
    assert advice is not None and advice.hit_estimate is not None
    low, high = advice.hit_estimate
    assert MIN_HIT <= low < high <= MAX_HIT
    assert any(e.label == "Hit" and not e.exact for e in advice.estimates)


def test_rei_says_when_a_drifting_storm_will_reach_the_unit_as_the_engine_drifts_it():
    from engine_helpers import end_phase

    from layzner_tactics.ai.rei import storm_arrival
    from layzner_tactics.engine import Storm

    units = [("layzner", "layzner", "earth", 6, 2, "eiji"), ("b", "braver", "grados", 11, 5)]
    s = new_game(setup_of(["." * 12] * 6, units, weather=[Storm(0, 0, 3, 6, 1, 0)], max_turns=20), 1)
    tile = s.units["layzner"].tile
    est = storm_arrival(observe(s, EARTH), tile)
    assert est is not None and est.exact
    while not (s.storm_mask >> tile) & 1:
        end_phase(s)
    assert s.turn == 1 + est.low  # the engine's drift brings it exactly then
    wobbly = new_game(setup_of(["." * 12] * 6, units, weather=[Storm(0, 0, 3, 6, 1, 0, 1)]), 1)
    band = storm_arrival(observe(wobbly, EARTH), tile)
    assert band is not None and band.low < est.low and band.high is None and "likely in 4" in str(band.note)
    still = new_game(setup_of(["." * 12] * 6, units, weather=[Storm(0, 0, 3, 6)]), 1)
    assert storm_arrival(observe(still, EARTH), tile) is None


def _follow(s, advice):
    """Play the advice's steps up to its attack; the state then and that attack."""
    from layzner_tactics.engine import apply

    s = s.copy()
    for a in advice.actions:
        if isinstance(a, Attack):
            return s, a
        apply(s, a)
    return s, None


def test_rei_figures_are_the_forecasts_for_the_same_attack():
    import re

    from layzner_tactics.engine import forecast

    s = _game([("layzner", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 5, 2, "gusten")])
    advice = advise(observe(s, EARTH), legal_actions(s), UnitId("layzner"))
    assert advice is not None
    then, attack = _follow(s, advice)
    assert attack is not None
    fc = forecast(observe(then, EARTH), attack)
    assert advice.numbers.damage == fc.strike.damage and advice.numbers.hit_chance == fc.strike.hit_chance
    assert f"{fc.strike.damage} damage" in str(advice.reason)
    if fc.counter is not None:
        assert f"counter {fc.counter.hit_chance} % for {fc.counter.damage}" in str(advice.reason)
    assert not re.search(r"\(\d+, \d+\)", str(advice.reason))  # never grid coordinates


def test_with_no_enemy_in_sight_rei_says_so_and_names_the_way_in_words():
    import re

    s = _game(
        [("layzner", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 39, 0, "gusten")],
        rows=["." * 40] * 4,
    )
    obs = observe(s, EARTH)
    assert "b" not in obs.units
    advice = advise(obs, legal_actions(s), UnitId("layzner"))
    assert advice is not None
    assert "no enemy in sight" in str(advice.reason)
    assert "reach" not in str(advice.reason) and "safety" not in str(advice.reason)  # nothing to retreat from
    assert not re.search(r"\(\d+, \d+\)", str(advice.reason))
    if any(a.__class__.__name__ == "Move" for a in advice.actions):
        assert re.search(r"Move \d+ tiles? (north|south|east|west)", str(advice.reason))


def test_rei_names_the_enemy_that_could_fire_back_with_the_forecasts_figures():
    from layzner_tactics.engine import forecast

    # a survivor on foot beside a Braver: whatever Rei advises, the Braver's shot is quoted exactly
    s = _game([("x", "survivor", "earth", 0, 0), ("b", "braver", "grados", 2, 0, "gusten")])
    obs = observe(s, EARTH)
    advice = advise(obs, legal_actions(s), UnitId("x"))
    assert advice is not None
    n = advice.numbers
    if n.threat_by is not None:
        assert f"Braver could strike there next phase: {n.threat_hit} % for {n.threat_damage}" in str(
            advice.reason
        )
        if not any(a.__class__.__name__ == "Move" for a in advice.actions):
            grados = observe(s, SideId("grados"))
            weapon = next(a.weapon for a in legal_actions_for(s, "grados") if isinstance(a, Attack))
            fc = forecast(grados, Attack(UnitId("b"), weapon, UnitId("x")))
            assert n.threat_damage == fc.strike.damage
    else:
        assert "out of reach of every enemy in sight" in str(advice.reason)


def legal_actions_for(s, side):
    from layzner_tactics.engine import EndPhase, apply

    s = s.copy()
    apply(s, EndPhase(EARTH))
    return legal_actions(s)
