"""The show's own mechanics on the battle screen: what a player sees and can do with them.

Small built maps (``quick_setup``) in a real ``BattleScene``, driven headless by posted events or direct
calls; each test asserts what a player would notice: an order in the menu and its effect, a meter's
number, a banner, a line in the log, a unit drawn or not.
"""

from dataclasses import replace

import pygame
import pytest

from layzner_tactics.campaign import training_mission
from layzner_tactics.data import load_catalog
from layzner_tactics.engine import (
    Attack,
    EndPhase,
    SideId,
    Special,
    TeamId,
    UnitId,
    UnitPlacement,
    Wait,
    ZoneId,
    apply,
    observe,
)
from layzner_tactics.engine import events as ev
from layzner_tactics.engine.builder import destroy_all, quick_setup
from layzner_tactics.engine.combat import talk_chance
from layzner_tactics.engine.ids import TriggerId
from layzner_tactics.engine.setup import OnTurn, SetVmaxControl, Trigger
from layzner_tactics.scenario.model import SideInfo as SideBrief
from layzner_tactics.ui import widgets
from layzner_tactics.ui.anim import BannerAnim, DialogueAnim, FolonAnim
from layzner_tactics.ui.app import App, open_display
from layzner_tactics.ui.artgen import palette as P
from layzner_tactics.ui.battle import BattleScene, mapdraw, orders, readouts
from layzner_tactics.ui.battle.modes import Forecast
from layzner_tactics.ui.options import Options
from layzner_tactics.ui.session import Session

CATALOG = load_catalog()
OPEN = ["." * 12] * 8
EARTH, GRADOS = SideId("earth"), SideId("grados")


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("LAYZNER_TACTICS_HOME", str(tmp_path))
    screen = open_display(Options(anim_speed=4.0), True)
    assert not isinstance(screen, str), screen
    yield App(screen, Options(anim_speed=4.0))
    widgets.font.cache_clear()
    pygame.quit()


def mission_of(setup, controllers=None):
    controllers = controllers or {}
    sides = tuple(
        SideBrief(s.id, s.name, controllers.get(s.id, "human" if s.id == EARTH else "grados"), "grados")
        for s in setup.sides
    )
    return replace(training_mission(), setup=setup, sides=sides, unit_names={}, id="quick", title="Quick")


def setup_of(units, rows=OPEN, **kw):
    kw.setdefault("objectives", [destroy_all("earth", ["grados"]), destroy_all("grados", ["earth"])])
    return quick_setup(CATALOG, rows, units, **kw)


def play_queue(battle, screen=None):
    """Run the animation queue to its end (dialogue dismissed), drawing as it goes; returns what played."""
    played = []
    for _ in range(3000):
        head = battle.queue.head()
        if head is None:
            return played
        if not played or played[-1] is not head:
            played.append(head)
        if isinstance(head, DialogueAnim):
            head.done = True
        battle.queue.update(battle, 0.25)
        if screen is not None:
            battle.draw(screen)
    raise AssertionError("the animation queue never ended")


def scene(app, setup, seed=1):
    battle = BattleScene(app, Session(mission_of(setup), seed))
    app.stack.append(battle)
    play_queue(battle)
    return battle


def centre(battle, tile):
    return battle.camera.tile_rect(*battle.grid.xy(tile)).center


def open_orders(battle, uid):
    """Select a unit and open its orders, as a click on it and a second click would."""
    battle._select(uid)
    battle.set_mode(orders.open_menu(battle))
    assert battle.mode.name == "menu" and battle.mode.menu is not None
    return {it.key: it for it in battle.mode.menu.items}


def choose(battle, key):
    """Click a menu item with the mouse."""
    i = [it.key for it in battle.mode.menu.items].index(key)
    rect = battle.mode.menu.rects()[i]
    battle.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=rect.center, rel=(0, 0), buttons=(0, 0, 0)))
    battle.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=rect.center, button=1))


def acted_in_grados_phase(battle, action):
    """Apply an enemy action as the AI would and queue what the player sees of it."""
    before = battle.obs
    events = battle.session.act(action)
    battle._queue_events(events, before, battle._observe())
    return events


# --- actions -----------------------------------------------------------------------------------


def test_talk_down_is_in_the_menu_with_the_engines_odds_and_talking_applies_it(app):
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 5, 0, "lobelia")]
    battle = scene(app, setup_of(units))
    state = battle.session.state
    chance = talk_chance(state, state.units["l"], state.units["b"])
    items = open_orders(battle, "l")
    talk = items["special:talk:b"]
    assert talk.enabled and f"{chance}%" in talk.label and "Talk down" in talk.label
    # highlighted, the preview beside the menu gives the engine's number and where it comes from
    battle.mode.menu.index = list(items).index("special:talk:b")
    preview = [line for line, _ in readouts.special_preview(battle, "special:talk:b")]
    assert preview[0] == f"OPEN CHANNEL: {chance}%"
    assert any(f"+{CATALOG.pilots['lobelia'].waver}" in line for line in preview)
    battle.draw(app.screen)
    choose(battle, "special:talk:b")
    assert battle.session.actions[-1] == Special(UnitId("l"), "talk", UnitId("b"))
    play_queue(battle, app.screen)
    assert any("open channel" in line and f"({chance}%)" in line for line in battle.log)


def test_kicking_up_dust_is_an_order_and_the_unit_shows_hidden(app):
    battle = scene(app, setup_of([("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 5, 0)]))
    items = open_orders(battle, "l")
    assert items["special:dust:"].label == "Kick up dust (hide)"
    choose(battle, "special:dust:")
    assert battle.session.actions[-1] == Special(UnitId("l"), "dust")
    play_queue(battle, app.screen)
    assert "l" not in observe(battle.session.state, GRADOS).units
    assert battle.shown["l"].in_dust
    assert any("Hidden in its own dust" in line for line, _ in readouts.card_lines(battle, "l"))
    assert any("kicks up a wall of dust" in line for line in battle.log)
    assert readouts.dust_tiles(battle) >> battle.session.state.units["l"].tile & 1


def _disabled_session(app):
    """The Layzner's knuckle shot disables a weak Braver; a Baybull stands beside the wreck."""
    units = [
        ("l", "layzner", "earth", 0, 0, "eiji"),
        ("l2", "baybull", "earth", 1, 1, "david"),
        ("b", "braver", "grados", 1, 0, "lobelia"),
        ("b2", "braver", "grados", 11, 7),
    ]
    setup = setup_of(units)
    setup = replace(setup, units=tuple(replace(p, hp_pct=10) if p.id == "b" else p for p in setup.units))
    for seed in range(200):
        battle = BattleScene(app, Session(mission_of(setup), seed))
        play_queue(battle)
        probe = battle.session.state.copy()
        if any(isinstance(e, ev.UnitDisabled) for e in apply(probe, Attack("l", "knuckle_shot", "b"))):
            app.stack.append(battle)
            return battle
    pytest.fail("the knuckle shot never disabled the Braver")


def test_a_disabled_pilot_looks_different_and_can_be_captured_from_the_menu(app):
    battle = _disabled_session(app)
    battle._select("l")
    battle.set_mode(Forecast(UnitId("l"), UnitId("b")))
    battle.set_mode(orders.confirm_attack(battle))
    played = play_queue(battle, app.screen)
    assert any("disabled" in line for line in battle.log)
    assert "b" in battle.obs.wrecks and "b" not in battle.shown
    # the wreck's card says the pilot lives and what can be done
    battle.cursor = battle.grid.xy(battle.obs.wrecks["b"].tile)
    card = " ".join(line for line, _ in readouts.wreck_lines(battle, "b"))
    assert "pilot is alive" in card and "Capture or Spare" in card
    battle.draw(app.screen)
    # a click on the wreck, with the Baybull beside it selected, opens its orders on Capture
    battle._select("l2")
    wreck = battle.obs.wrecks["b"].tile
    battle.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=centre(battle, wreck), button=1))
    menu = battle.mode.menu
    assert battle.mode.name == "menu" and menu.items[menu.index].key == "special:capture:b"
    items = {it.key: it for it in battle.mode.menu.items}
    assert items["special:capture:b"].label.startswith("Capture pilot")
    assert items["special:spare:b"].label.startswith("Spare pilot")
    choose(battle, "special:capture:b")
    assert battle.session.state.fates["b"].value == "captured"
    played = play_queue(battle, app.screen)
    assert any(isinstance(a, BannerAnim) and a.title == "PILOT CAPTURED" for a in played)
    assert any("captures" in line for line in battle.log)


def test_vmax_held_by_folon_is_shown_greyed_then_handed_over_as_dialogue(app):
    hand_over = Trigger(TriggerId("t"), OnTurn(2), (SetVmaxControl(UnitId("l"), False),))
    setup = setup_of(
        [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 11, 7)], triggers=[hand_over]
    )
    setup = replace(setup, units=tuple(replace(p, folon=p.id == "l") for p in setup.units))
    battle = scene(app, setup)
    items = open_orders(battle, "l")
    assert items["special:vmax:"].label == "V-MAX: held by Folon" and not items["special:vmax:"].enabled
    assert any("FOLON holds V-MAX" in line for line, _ in readouts.card_lines(battle, "l"))
    assert battle.shown["l"].folon
    battle.mode.menu.index = list(items).index("special:vmax:")
    battle.draw(app.screen)  # the preview explains Folon's hold
    preview = readouts.special_preview(battle, "special:vmax:")
    assert "the pilot cannot fire it" in " ".join(t for t, _ in preview)
    battle._deselect()
    acted_in_grados_phase(battle, EndPhase(EARTH))
    acted_in_grados_phase(battle, EndPhase(GRADOS))
    played = play_queue(battle, app.screen)
    talk = [a for a in played if isinstance(a, DialogueAnim)]
    assert talk and "V-MAX answers to Eiji" in talk[0].line
    assert any(isinstance(a, BannerAnim) and a.title == "V-MAX: PILOT CONTROL" for a in played)
    assert any("the pilot takes control of V-MAX" in line for line in battle.log)
    items = open_orders(battle, "l")
    assert items["special:vmax:"].enabled and items["special:vmax:"].label.startswith("V-MAX (")
    choose(battle, "special:vmax:")
    assert battle.session.state.units["l"].vmax


def test_folons_override_is_a_banner_and_a_log_line_with_the_overkill(app):
    threshold = CATALOG.units["layzner"].vmax.folon_threshold_pct
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "dtol", "grados", 3, 0, "grados_line")]
    setup = setup_of(units)
    hp_of = {"l": threshold + 5, "b": 100}
    setup = replace(
        setup,
        units=tuple(
            UnitPlacement(p.id, p.type_id, p.side, p.tile, p.pilot, hp_of[p.id], True) for p in setup.units
        ),
    )
    for seed in range(60):
        battle = BattleScene(app, Session(mission_of(setup), seed))
        play_queue(battle)
        probe = battle.session.state.copy()
        apply(probe, EndPhase(EARTH))
        if any(isinstance(e, ev.FolonIntervened) for e in apply(probe, Attack("b", "cannon", "l"))):
            break
    else:
        pytest.fail("Folon never fired")
    app.stack.append(battle)
    acted_in_grados_phase(battle, EndPhase(EARTH))
    play_queue(battle)
    acted_in_grados_phase(battle, Attack("b", "cannon", "l"))
    played = play_queue(battle, app.screen)
    assert any(isinstance(a, FolonAnim) for a in played)
    assert any("V-MAX fires by itself" in line for line in battle.log)
    assert any("a hidden system takes over" in line for line in battle.log)
    strike = [line for line in battle.log if "Folon's strike, not the pilot's" in line]
    assert strike
    if "b" not in battle.session.state.units:  # a kill: how much more than needed is spelled out
        assert "more damage than needed" in strike[0]


# --- state -------------------------------------------------------------------------------------


def test_the_oxygen_meter_shows_the_engines_supply_and_caches_are_on_the_map(app):
    units = [
        ("a", "survivor", "earth", 0, 0, "anna"),
        ("s", "survivor", "earth", 0, 1, "simone"),
        ("b", "braver", "grados", 11, 7),
    ]
    setup = setup_of(units, max_turns=20)
    cache = setup.grid.tile(2, 0)
    setup = replace(setup, oxygen={EARTH: 9}, oxygen_caches=1 << cache)
    battle = scene(app, setup)
    o2 = battle.session.state.oxygen["earth"]
    assert o2 == 7
    head = readouts.oxygen_lines(battle)[0][0]
    assert head == f"OXYGEN {o2}   ~{o2 // 2} turn(s) left"
    assert "2 breathing" in readouts.oxygen_lines(battle)[1][0]
    battle.draw(app.screen)
    assert app.screen.get_at(battle.camera.tile_rect(2, 0).center)[:3] != (0, 0, 0)
    centre = battle.camera.tile_rect(2, 0).move(0, -battle.camera.ts // 5).center
    assert tuple(app.screen.get_at(centre))[:3] == P.UI_CYAN  # the O2 canister
    acted_in_grados_phase(battle, EndPhase(EARTH))
    acted_in_grados_phase(battle, EndPhase(GRADOS))
    played = play_queue(battle, app.screen)
    o2 = battle.session.state.oxygen["earth"]
    assert readouts.oxygen_lines(battle)[0][0].startswith(f"OXYGEN {o2} ")
    assert any(f"Earth oxygen -2 (breathing): {o2} left" in line for line in battle.log)
    assert any(isinstance(a, BannerAnim) and a.title == "OXYGEN LOW" for a in played)


def test_garrisons_show_their_alarm_and_territory(app):
    units = [
        ("l", "layzner", "earth", 8, 1, "eiji"),
        ("b", "braver", "grados", 7, 1),
        ("t", "us_turret", "us", 10, 2),
    ]
    base = [(x, y) for x in (9, 10, 11) for y in range(8)]
    setup = setup_of(units, sides=("earth", "grados", "us"), zones={"us-base": base})
    from layzner_tactics.engine import SideSpec

    sides = tuple(
        SideSpec(s.id, "US garrison", TeamId(s.id), wary=True, territory=ZoneId("us-base"))
        if s.id == "us"
        else s
        for s in setup.sides
    )
    battle = scene(app, replace(setup, sides=sides))
    calm = ("US garrison: calm - fires only inside its zone", widgets.AMBER)
    assert readouts.garrison_lines(battle)[0] == calm
    battle.draw(app.screen)
    acted_in_grados_phase(battle, Wait(UnitId("l")))
    acted_in_grados_phase(battle, EndPhase(EARTH))
    acted_in_grados_phase(battle, Attack("b", "beam_gun", "l"))
    played = play_queue(battle, app.screen)
    assert any(isinstance(a, BannerAnim) and a.title == "ALARM: US GARRISON" for a in played)
    assert readouts.garrison_lines(battle)[0][0] == "US garrison: ALARMED - fires at anything"
    assert any(line.startswith("Alarm!") and "fire at anything" in line for line in battle.log)


def test_enemies_hidden_in_their_dust_are_not_drawn(app, monkeypatch):
    battle = scene(app, setup_of([("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 4, 0)]))
    drawn = []
    real = mapdraw.unit_sprite
    monkeypatch.setattr(mapdraw, "unit_sprite", lambda t, *a: drawn.append(t) or real(t, *a))
    battle.draw(app.screen)
    assert "braver" in drawn
    battle._deselect()
    acted_in_grados_phase(battle, EndPhase(EARTH))
    acted_in_grados_phase(battle, Special(UnitId("b"), "dust"))
    play_queue(battle, app.screen)
    drawn.clear()
    battle.draw(app.screen)
    assert "braver" not in drawn and "b" not in battle.shown
    assert "layzner" in drawn


def test_bogged_buggies_and_severed_heads_show_on_the_card(app):
    rows = ["~~~~~~~~"] * 4
    setup = setup_of([("bug", "buggy", "earth", 0, 0, "anna"), ("b", "braver", "grados", 7, 3)], rows=rows)
    for seed in range(80):
        battle = BattleScene(app, Session(mission_of(setup), seed))
        play_queue(battle)
        move = next(a for a in battle.legal() if getattr(a, "unit", "") == "bug" and hasattr(a, "path"))
        if any(isinstance(e, ev.BoggedDown) for e in acted_in_grados_phase(battle, move)):
            played = play_queue(battle, app.screen)
            assert any("bogs down" in line for line in battle.log)
            assert battle.shown["bug"].stuck
            bogged = ("Bogged down: cannot move next phase", (196, 150, 96))
            assert bogged in readouts.card_lines(battle, "bug")
            assert played
            break
    else:
        pytest.fail("the buggy never bogged down")
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("s", "skull_gunner", "grados", 1, 0)]
    for seed in range(40):
        battle = BattleScene(app, Session(mission_of(setup_of(units)), seed))
        play_queue(battle)
        events = acted_in_grados_phase(battle, Attack("l", "lasered_rifle", "s"))
        severed = [e for e in events if isinstance(e, ev.HeadSevered)]
        if severed and "s" in battle.session.state.units:
            play_queue(battle, app.screen)
            head = severed[0].head
            assert battle.shown[head].spotter and battle.shown["s"].severed
            assert any("still spotting" in line for line, _ in readouts.card_lines(battle, head))
            assert any("Head severed" in line for line, _ in readouts.card_lines(battle, "s"))
            assert any("head breaks off" in line for line in battle.log)
            return
    pytest.fail("no seed severed the head")


# --- Rei ---------------------------------------------------------------------------------------


def _gale_scene(app):
    setup = setup_of([("l", "layzner", "earth", 0, 0, "eiji"), ("g", "grimekaisar", "grados", 1, 0, "gale")])
    setup = replace(setup, units=tuple(replace(p, hp_pct=20) if p.id == "g" else p for p in setup.units))
    return scene(app, setup)


def test_reis_bias_shows_only_after_the_reveal(app, monkeypatch):
    battle = _gale_scene(app)
    battle._select("l")
    orders.ask_rei(battle)
    assert battle.advice is not None and battle.advice.bias_applied  # Rei protects Gale
    before = " ".join(line for line, _ in readouts.advice_lines(battle))
    assert "BIAS" not in before and "gale" not in before.lower()
    battle.draw(app.screen)
    revealed = property(lambda s: frozenset({"rei_revealed"}))
    monkeypatch.setattr(type(battle.session), "memory", revealed, raising=False)
    after = " ".join(line for line, _ in readouts.advice_lines(battle))
    assert "REI'S BIAS" in after and "gale" in after.lower()
    assert "honest computer" in after
    battle.draw(app.screen)  # the honest plan drawn as a ghost


def test_reis_estimates_are_in_the_advice_box_with_a_band_in_a_storm(app):
    from layzner_tactics.engine import Storm

    setup = setup_of(
        [("l", "layzner", "earth", 2, 2, "eiji"), ("b", "braver", "grados", 4, 2)],  # no pilot to talk to
        weather=[Storm(0, 0, 5, 5, 1, 0, 1)],
    )
    battle = scene(app, setup)
    battle._select("l")
    orders.ask_rei(battle)
    text = " ".join(line for line, _ in readouts.advice_lines(battle))
    assert "Energy: 150 EN" in text
    assert "Storm over you ends in: 2+ turn(s)" in text  # a wobbling storm: no upper bound
    assert "Life signs: 2" in text
    assert "(dust)" in text  # the hit chance in the storm is a band
    battle.draw(app.screen)


def test_the_unit_card_shows_what_a_rookie_has_learned(app):
    david = CATALOG.pilots["david"]
    taught = replace(CATALOG, pilots={**CATALOG.pilots, "david": replace(david, shooting=david.shooting + 4)})
    setup = quick_setup(
        taught,
        OPEN,
        [("d", "baybull", "earth", 0, 0, "david"), ("b", "braver", "grados", 11, 7)],
        objectives=[destroy_all("earth", ["grados"]), destroy_all("grados", ["earth"])],
    )
    battle = scene(app, setup)
    lines = [line for line, _ in readouts.card_lines(battle, "d")]
    assert any(f"SHT {david.shooting + 4}(+4)" in line and "MEL" in line for line in lines)
    assert any(line.startswith("Rookie, learning: 0 XP") for line in lines)
    battle._select("d")
    battle.draw(app.screen)


@pytest.mark.parametrize("mission", ["blue-dust", "hunters-below", "crossfire", "gosterro"])
def test_a_bundled_mission_with_the_shows_mechanics_plays_through_the_screen(app, mission):
    """The Earth AI gives the player's orders through the scene; every event is animated and drawn,
    the oxygen meter always reads the engine's number, and the mission ends."""
    from layzner_tactics.campaign import load_mission
    from layzner_tactics.engine import legal_actions
    from layzner_tactics.ui.session import make_ai

    session = Session(load_mission(mission), 1)
    battle = BattleScene(app, session)
    app.stack.append(battle)
    player = make_ai("earth", session.human, 1)
    for step in range(800):
        play_queue(battle, app.screen if step % 9 == 0 else None)
        if session.state.outcome is not None:
            break
        if session.human_turn():
            if battle.obs.oxygen is not None:
                o2 = session.state.oxygen[session.human]
                assert readouts.oxygen_lines(battle)[0][0].startswith(f"OXYGEN {o2}")
            if step % 4 == 0:
                orders.ask_rei(battle)
                battle.draw(app.screen)
            assert battle.do(
                player.choose(observe(session.state, session.human), legal_actions(session.state))
            )
        else:
            acted_in_grados_phase(
                battle,
                session.ai[session.state.side_to_act].choose(
                    observe(session.state, session.state.side_to_act), legal_actions(session.state)
                ),
            )
    play_queue(battle, app.screen)
    assert session.state.outcome is not None
    assert battle.log[-1] == battle._describe(ev.GameOver(session.state.outcome))  # the log tells the end


def test_a_false_flag_levels_the_base_on_screen_and_the_reveal_is_announced(app):
    from layzner_tactics.engine import SideSpec
    from layzner_tactics.engine.setup import ChangeTerrain, Devastate, RaiseAlarm, SetFlag

    units = [
        ("l", "layzner", "earth", 2, 1, "eiji"),
        ("b", "braver", "grados", 0, 7),
        ("t", "us_turret", "us", 10, 2),
    ]
    base = [(x, y) for x in (9, 10, 11) for y in range(8)]
    strike = Trigger(
        TriggerId("nukes"),
        OnTurn(2),
        (
            RaiseAlarm(SideId("us")),
            Devastate(ZoneId("us-base")),
            ChangeTerrain(ZoneId("us-base"), "crater"),
            SetFlag("rei_revealed"),
        ),
    )
    setup = setup_of(units, sides=("earth", "grados", "us"), zones={"us-base": base}, triggers=[strike])
    sides = tuple(
        SideSpec(s.id, "US garrison", TeamId(s.id), wary=True, territory=ZoneId("us-base"))
        if s.id == "us"
        else s
        for s in setup.sides
    )
    battle = scene(app, replace(setup, sides=sides))
    old_grid = battle.grid
    for side in ("earth", "grados", "us"):
        acted_in_grados_phase(battle, EndPhase(SideId(side)))
    played = play_queue(battle, app.screen)
    banners = {a.title: a.sub for a in played if isinstance(a, BannerAnim)}
    assert banners["THE GROUND CHANGES"] == "US garrison: now crater"
    assert "REI'S AGENDA REVEALED" in banners and "ALARM: US GARRISON" in banners
    assert battle.rei_revealed()  # the mission's flag is in the session's memory: advice now shows bias
    assert battle.grid is not old_grid and battle.grid.terrain[battle.grid.tile(10, 4)].id == "crater"
    assert "t" not in battle.shown


def test_the_fog_lifts_on_screen_when_a_move_reveals_the_ground(app):
    from layzner_tactics.engine import Move, reachable_tiles

    rows = ["." * 20] * 4
    battle = scene(
        app, setup_of([("l", "layzner", "earth", 0, 1, "eiji"), ("b", "braver", "grados", 19, 3)], rows)
    )
    far = battle.grid.tile(12, 1)
    assert not battle.obs.sees(far)
    battle.draw(app.screen)
    fogged = sum(app.screen.get_at(centre(battle, far))[:3])
    unit = battle.obs.units["l"]
    reach = reachable_tiles(battle.obs, unit)
    dest = max(reach.destinations, key=lambda t: battle.grid.xy(t)[0])
    assert battle.do(Move(UnitId("l"), reach.path(dest)))
    play_queue(battle, app.screen)
    assert battle.obs.sees(far)
    battle.draw(app.screen)
    assert sum(app.screen.get_at(centre(battle, far))[:3]) > fogged + 30  # brighter: no fog on it now
