"""The battle screen driven headless by posted mouse and keyboard events, as a player would."""

import json

import pygame
import pytest
from ui_helpers import click, key, settle, start_battle

from layzner_tactics.campaign import SaveError, list_saves
from layzner_tactics.engine import Attack, forecast, format_chance
from layzner_tactics.ui.battle import BattleScene, orders, panels, readouts
from layzner_tactics.ui.menus import DebriefScene, TitleScene
from layzner_tactics.ui.options import Options
from layzner_tactics.ui.options_menu import OptionsScene
from layzner_tactics.ui.session import Session, load_session, save_session


def centre(battle, tile):
    return battle.camera.tile_rect(*battle.grid.xy(tile)).center


def test_a_whole_mission_played_with_the_mouse_and_keys_reaches_the_debrief(app):
    battle = start_battle(app)
    session = battle.session
    for _ in range(40):
        if app.scene is not battle:
            break
        obs = battle.obs
        me = obs.units.get("layzner")
        foe = obs.units.get("baybull")
        if me is not None and foe is not None and not me.acted:
            app.step(click(centre(battle, me.tile)), dt=1 / 30)  # select
            assert battle.selected == "layzner"
            app.step(click(centre(battle, foe.tile)), dt=1 / 30)  # attack (walking into reach first)
            settle(app, battle)
            if battle.mode.name == "forecast":
                app.step([key(pygame.K_RETURN)], dt=1 / 30)  # confirm
                settle(app, battle)
        if app.scene is not battle:
            break
        if session.human_turn():
            app.step([key(pygame.K_e)], dt=1 / 30)
            if battle.confirm is not None:
                app.step([key(pygame.K_RETURN)], dt=1 / 30)
            settle(app, battle)
    assert session.state.outcome is not None
    for _ in range(200):
        if isinstance(app.scene, DebriefScene):
            break
        app.step([], dt=1 / 30)
    assert isinstance(app.scene, DebriefScene)
    assert any(type(a).__name__ == "Attack" for a in session.actions)
    app.step([], dt=1 / 30)  # the debrief draws
    app.step([key(pygame.K_RETURN)], dt=1 / 30)
    assert isinstance(app.scene, TitleScene)


def test_the_forecast_panel_shows_the_engines_numbers(app):
    battle = start_battle(app)
    obs = battle.obs
    battle._select("layzner")
    assert orders.move_then_attack(battle, "baybull")
    settle(app, battle)
    assert battle.mode.name == "forecast" and battle.target == "baybull"
    app.step([], dt=1 / 30)
    attack = battle.current_attack()
    assert isinstance(attack, Attack)
    fc = forecast(battle.obs, attack)
    lines = readouts.forecast_lines(battle)
    assert f"Hit: {fc.strike.hit_chance}%" in lines
    assert f"Damage: {fc.strike.damage}" in lines
    assert f"Crit: {fc.strike.crit_chance}% ({fc.strike.crit_damage})" in lines
    assert f"Kill chance: {format_chance(fc.kill_chance)}" in lines
    if fc.counter is not None:
        assert f"Counter hit: {fc.counter.hit_chance}%" in lines
        assert f"Counter damage: {fc.counter.damage}" in lines
    else:
        assert "No counterattack" in lines
    assert obs.units["layzner"].tile != battle.obs.units["layzner"].tile  # it walked into reach
    app.step([key(pygame.K_ESCAPE)], dt=1 / 30)  # cancel: nothing fired
    assert not any(isinstance(a, Attack) for a in battle.session.actions)


def test_units_are_drawn_on_the_tiles_the_engine_says(app):
    battle = start_battle(app)
    battle.cursor = (0, 0)
    battle.camera.ts = 32  # the whole map in view
    battle.camera.clamp()
    screen = app.screen
    battle.draw(screen)
    with_units = screen.copy()
    shown = battle.shown
    battle.shown = {}
    battle.draw(screen)
    without = screen.copy()
    battle.shown = shown
    rects = []
    view = battle.layout.view
    for uid, unit in sorted(battle.obs.units.items()):
        rect = battle.camera.tile_rect(*battle.grid.xy(unit.tile))
        rects.append(rect)
        changed = sum(
            with_units.get_at((x, y)) != without.get_at((x, y))
            for x in range(rect.left, rect.right, 2)
            for y in range(rect.top, rect.bottom, 2)
        )
        assert changed > rect.width * rect.height // 4 // 10, f"{uid} is not drawn at its tile"
    assert rects and all(view.contains(r) for r in rects)
    # nothing is drawn away from the units' tiles (sampled over the map view)
    for x in range(view.left, view.right, 7):
        for y in range(view.top, view.bottom, 7):
            if with_units.get_at((x, y)) != without.get_at((x, y)):
                assert any(r.inflate(8, 8).collidepoint(x, y) for r in rects), (x, y)


def test_keyboard_selects_moves_and_undoes(app):
    battle = start_battle(app)
    me = battle.obs.units["layzner"]
    app.step([key(pygame.K_TAB)], dt=1 / 30)
    assert battle.selected == "layzner"
    x, y = battle.grid.xy(me.tile)
    battle.cursor = (x, y)
    app.step([key(pygame.K_RIGHT), key(pygame.K_RIGHT)], dt=1 / 30)
    assert battle.path and battle.path[-1] == battle.grid.tile(x + 2, y)
    app.step([key(pygame.K_RETURN)], dt=1 / 30)
    settle(app, battle)
    assert battle.obs.units["layzner"].tile == battle.grid.tile(x + 2, y)
    app.step([key(pygame.K_u)], dt=1 / 30)
    settle(app, battle)
    assert battle.obs.units["layzner"].tile == me.tile
    app.step([key(pygame.K_t)], dt=1 / 30)  # threat overlay of the seen Baybull
    assert battle.show_threat
    app.step([key(pygame.K_F1)], dt=1 / 30)
    assert battle.show_help


def test_save_load_resume_gives_the_same_state_and_bad_saves_are_refused(app):
    battle = start_battle(app)
    session = battle.session
    battle._select("layzner")
    orders.move_then_attack(battle, "baybull")
    settle(app, battle)
    app.step([key(pygame.K_F5)], dt=1 / 30)  # quick save
    saves = list_saves()
    assert len(saves) == 1
    again = load_session(saves[0])
    assert again.state.hash() == session.state.hash()
    assert again.actions == session.actions
    app.step([key(pygame.K_ESCAPE), key(pygame.K_ESCAPE)], dt=1 / 30)  # leave the forecast
    app.step([key(pygame.K_F9)], dt=1 / 30)  # quick load replaces the battle
    resumed = app.scene
    assert isinstance(resumed, BattleScene) and resumed is not battle
    assert resumed.session.state.hash() == session.state.hash()
    # a hand-edited save (a different move) is refused with a message; the good one still loads
    data = json.loads(saves[0].read_text())
    data["actions"][0]["path"] = data["actions"][0]["path"][:-1] or [0]
    bad = saves[0].with_name("save-99999.json")
    bad.write_text(json.dumps(data))
    with pytest.raises(SaveError):
        load_session(bad)
    bad.write_text("{not json")
    with pytest.raises(SaveError, match="unreadable"):
        load_session(bad)
    assert load_session(saves[0]).state.hash() == session.state.hash()


def test_saves_rotate(app):
    battle = start_battle(app)
    for _ in range(7):
        save_session(battle.session, keep=3)
    names = [p.name for p in list_saves()]
    assert names == ["save-00007.json", "save-00006.json", "save-00005.json"]


def test_options_scene_changes_and_remembers(app, tmp_path):
    app.stack.append(TitleScene(app))
    app.step([], dt=1 / 30)
    app.apply(app.scene.handle(key(pygame.K_UP)))  # wraps to Quit...
    app.stack.append(OptionsScene(app))
    scene = app.scene
    scene.menu.index = [i.key for i in scene.menu.items].index("mute")
    app.step([key(pygame.K_RETURN)], dt=1 / 30)
    assert app.options.muted
    assert Options.load().muted
    app.step([key(pygame.K_ESCAPE)], dt=1 / 30)
    assert isinstance(app.scene, TitleScene)


def test_a_button_and_its_key_give_the_same_command(app):
    battle = start_battle(app)
    app.step([], dt=1 / 30)
    buttons = battle.top_buttons
    app.step(click(buttons["end"].center), dt=1 / 30)  # End phase: the same question as E
    assert battle.confirm is not None and battle.confirm[0] == "end"
    no = panels.confirm_buttons(app.size)["no"][1]
    app.step(click(no.center), dt=1 / 30)
    assert battle.confirm is None and battle.session.state.side_to_act == "earth"
    app.step([key(pygame.K_e)], dt=1 / 30)
    assert battle.confirm is not None and battle.confirm[0] == "end"
    app.step([key(pygame.K_ESCAPE)], dt=1 / 30)
    assert battle.confirm is None
    app.step(click(buttons["rei"].center), dt=1 / 30)  # Rei: the same advice as R
    by_button = battle.advice_text
    assert battle.advice is not None and by_button
    app.step([key(pygame.K_ESCAPE)], dt=1 / 30)
    assert battle.advice is None
    app.step([key(pygame.K_r)], dt=1 / 30)
    assert battle.advice is not None and battle.advice_text == by_button


def test_objectives_count_who_is_safe_and_a_banner_marks_the_change(app):
    from layzner_tactics.campaign import load_mission
    from layzner_tactics.ui.anim import BannerAnim

    battle = BattleScene(app, Session(load_mission("earth-is-at-stake"), 5))
    app.stack.append(battle)
    settle(app, battle)
    escort = next(o for o, _ in battle.obs.objectives if o.side == battle.viewer)
    got = battle.objective_progress(escort)
    assert got.count == f"0/{escort.needed}" and got.detail[0].startswith("Still out: ")
    state = battle.session.state
    first = escort.units[0]
    # the first survivor reaches the pad (as the engine does it: off the board, evacuated)
    state.evacuated[first] = state.units[first]
    state.remove(first)
    battle._sync()
    got = battle.objective_progress(escort)
    assert got.count == f"1/{escort.needed}"
    assert got.detail[0] == f"Safe: {battle.unit_name(first)}"
    assert battle.unit_name(first) not in got.detail[1]
    banner = battle.queue.items[-1]
    assert isinstance(banner, BannerAnim) and banner.title == "OBJECTIVE" and "1/" in banner.sub


def test_g_follows_reis_advice_as_shown_on_the_map(app):
    battle = start_battle(app)
    app.step([key(pygame.K_r)])  # Rei's advice: shown in its box and on the map
    advice = battle.advice
    assert advice is not None and advice.actions
    assert "follow it" in " ".join(line for line, _ in readouts.advice_lines(battle))
    before = len(battle.session.actions)
    app.step([key(pygame.K_g)])
    settle(app, battle)
    done = battle.session.actions[before:]
    assert tuple(done[: len(advice.actions)]) == advice.actions  # every step, in order


def test_g_after_the_game_moved_past_the_advice_asks_rei_again(app):
    from layzner_tactics.campaign import load_mission
    from layzner_tactics.engine import Wait

    battle = BattleScene(app, Session(load_mission("earth-is-at-stake"), 5))
    app.stack.append(battle)
    settle(app, battle)
    app.step([key(pygame.K_r)])
    shown = battle.advice
    first = shown.unit
    battle.do(Wait(first))  # the player did something else with that unit
    settle(app, battle)
    battle.advice = shown  # the old advice still up (as after an undo or a click elsewhere)
    before = len(battle.session.actions)
    app.step([key(pygame.K_g)])
    settle(app, battle)
    assert len(battle.session.actions) > before  # another unit followed fresh advice
    assert all(getattr(a, "unit", None) != first for a in battle.session.actions[before:])


def _snapshot(app, battle):
    cam = battle.camera
    return (
        len(app.stack),
        battle.mode,
        battle.cursor,
        (cam.ts, cam.ox, cam.oy),
        battle.show_help,
        battle.fast,
        battle.skip,
        battle.confirm,
        battle.advice is not None,
        battle.show_threat,
        len(battle.session.actions),
        battle.pending,
        id(battle.queue.head()),
        getattr(battle.queue.head(), "done", None),
        getattr(battle.queue.head(), "t", None),
    )


@pytest.mark.parametrize("when", ["dialogue", "own phase", "enemy phase"])
def test_every_key_acts_or_says_why_not(app, when):
    from layzner_tactics.campaign import load_mission
    from layzner_tactics.engine import EndPhase
    from layzner_tactics.ui import keys
    from layzner_tactics.ui.anim import DialogueAnim

    def fresh():
        app.stack.clear()
        battle = BattleScene(app, Session(load_mission("earth-is-at-stake"), 5))
        app.stack.append(battle)
        if when == "dialogue":
            for _ in range(400):
                if isinstance(battle.queue.head(), DialogueAnim):
                    break
                app.step([], dt=1 / 30)
            assert isinstance(battle.queue.head(), DialogueAnim)
            app.step([], dt=0.5)  # on screen a moment (a press in its first instant is just early)
        else:
            settle(app, battle)
            if when == "enemy phase":
                battle.do(EndPhase(battle.viewer))
                battle.queue.items.clear()
                assert not battle.session.human_turn()
        return battle

    bindings = keys.Bindings()
    silent = []
    for action, _ in keys.ACTIONS:
        if action == "cancel":
            continue  # Esc: back, the pause menu, or on with the dialogue (never a dead key)
        battle = fresh()
        before = _snapshot(app, battle)
        battle.toast_t = 0
        went = battle.handle(key(bindings.keys[action][0]))  # a transition: another screen
        if went is None and _snapshot(app, battle) == before and battle.toast_t == 0:
            silent.append(action)
    assert not silent, f"keys that did nothing and said nothing ({when}): {silent}"
