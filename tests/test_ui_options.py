"""Options, key bindings, sound and the replay viewer, driven headless as a player would."""

import dataclasses
import json

import pygame
import pytest
from ui_helpers import key, start_battle

from layzner_tactics.campaign import list_saves, training_mission
from layzner_tactics.engine import Storm
from layzner_tactics.storage import config_dir
from layzner_tactics.ui import keys
from layzner_tactics.ui.app import App, window_size
from layzner_tactics.ui.audio import LOOP_GAIN, LOOPS, Audio, storm_on_screen
from layzner_tactics.ui.menus import TitleScene
from layzner_tactics.ui.options import Options
from layzner_tactics.ui.options_menu import KeysScene, OptionsScene
from layzner_tactics.ui.session import Session


def mouse(kind, pos):
    if kind == pygame.MOUSEMOTION:
        return pygame.event.Event(kind, pos=pos, rel=(0, 0), buttons=(1, 0, 0))
    return pygame.event.Event(kind, pos=pos, button=1)


def open_keys(app):
    """Title -> Options -> Key bindings, with the keyboard."""
    app.stack.append(TitleScene(app))
    app.stack.append(OptionsScene(app))
    options = app.scene
    app.step([], dt=1 / 30)
    while options.menu.items[options.menu.index].key != "keys":
        app.step([key(pygame.K_DOWN)], dt=1 / 30)
    app.step([key(pygame.K_RETURN)], dt=1 / 30)
    assert isinstance(app.scene, KeysScene)
    return app.scene


def rebind(app, scene, action, new_key, slot=0):
    while scene.rows[scene.row] != action:
        app.step([key(pygame.K_DOWN)], dt=1 / 30)
    app.step([key(pygame.K_RIGHT if slot else pygame.K_LEFT)], dt=1 / 30)
    app.step([key(pygame.K_RETURN)], dt=1 / 30)
    assert scene.capturing
    app.step([key(new_key)], dt=1 / 30)
    assert not scene.capturing
    return scene.message


def test_a_key_rebound_in_options_is_the_key_in_battle_and_the_old_one_is_not(app):
    scene = open_keys(app)
    msg = rebind(app, scene, "end_phase", pygame.K_k)
    assert "End phase" in msg and "K" in msg
    app.step([key(pygame.K_ESCAPE)], dt=1 / 30)  # back to the options
    app.step([key(pygame.K_ESCAPE)], dt=1 / 30)  # back to the title
    assert isinstance(app.scene, TitleScene)
    # kept in the options file
    assert Options.load().keys["end_phase"] == ["k"]
    assert keys.Bindings.of(Options.load()).action(pygame.K_k) == "end_phase"

    battle = start_battle(app)
    state = battle.session.state
    app.step([key(pygame.K_e)], dt=1 / 30)  # the old key: nothing happens
    assert battle.confirm is None and state.side_to_act == "earth"
    app.step([key(pygame.K_k)], dt=1 / 30)  # the new key asks to end the phase (units can still act)
    assert battle.confirm is not None and battle.confirm[0] == "end"
    app.step([key(pygame.K_RETURN)], dt=1 / 30)
    assert state.side_to_act != "earth" or state.turn > 1
    # the help overlay lists the key as bound now
    rows = dict((what, k) for k, what in keys.help_rows(keys.Bindings.of(app.options)))
    assert rows["end the phase"] == "K"


def test_a_taken_key_is_swapped_with_a_message_and_esc_is_refused(app):
    scene = open_keys(app)
    msg = rebind(app, scene, "end_phase", pygame.K_r)  # R is Rei's
    assert "swapped" in msg
    b = keys.Bindings.of(Options.load())
    assert b.action(pygame.K_r) == "end_phase" and b.action(pygame.K_e) == "rei"
    msg = rebind(app, scene, "undo", pygame.K_ESCAPE)  # Esc leaves the key as it was
    assert "unchanged" in msg and keys.Bindings.of(app.options).action(pygame.K_u) == "undo"
    ok, msg = keys.Bindings().bind("undo", 0, pygame.K_F11)  # F11 is the window's (fullscreen)
    assert not ok and "reserved" in msg
    # a key that is another action's only key cannot be taken into an empty second slot
    ok, msg = keys.Bindings().bind("undo", 1, pygame.K_t)
    assert not ok and "only key" in msg
    # reset to defaults
    while scene.rows[scene.row] != "reset":
        app.step([key(pygame.K_DOWN)], dt=1 / 30)
    app.step([key(pygame.K_RETURN)], dt=1 / 30)
    assert keys.Bindings.of(Options.load()).action(pygame.K_e) == "end_phase"
    assert Options.load().keys == {}


def test_bindings_survive_a_reload_and_a_hand_edited_file_falls_back_per_action(app):
    app.options.keys = {"undo": ["z"], "rei": ["z"], "help": ["no-such-key"], "fast": "f"}
    app.options.save()
    b = keys.Bindings.of(Options.load())
    assert b.action(pygame.K_z) == "undo"  # the first action keeps a doubly bound key
    assert b.action(pygame.K_r) == "rei"  # the second gets its default back
    assert b.action(pygame.K_F1) == "help" and b.action(pygame.K_f) == "fast"
    assert b.action(pygame.K_u) is None  # U is no longer undo
    assert b.action(pygame.K_KP_ENTER) == "select"  # keypad Enter counts as Enter


def test_a_corrupt_options_file_falls_back_to_defaults_with_a_message(app):
    path = config_dir() / "options.json"
    path.write_text('{"volume": 0.3, "keys": {"undo": ["z"]')  # cut short
    loaded = Options.load()
    assert loaded == Options()  # every default
    assert "could not be read" in loaded.note
    assert (config_dir() / "options.json.broken-1").read_text().startswith('{"volume"')  # kept for a look
    # the title screen shows it
    game = App(app.screen, loaded)
    game.run(TitleScene, max_frames=1)
    assert "could not be read" in game.stack[-1].note
    # a file of the wrong shape is refused the same way
    path.write_text(json.dumps([1, 2]))
    assert "could not be read" in Options.load().note


def test_sliders_set_the_mixer_volume_live_and_mute_silences(app):
    Audio.start(app.options)
    if not Audio.enabled:
        pytest.skip("no audio device, not even SDL's dummy one")
    app.stack.append(OptionsScene(app))
    scene = app.scene
    app.step([], dt=1 / 30)
    master = scene.sliders["master"]
    r = master.rect
    x = r.left + round(0.3 * (r.width - 1))
    app.step([mouse(pygame.MOUSEBUTTONDOWN, (r.left + 5, r.centery))], dt=1 / 30)
    app.step([mouse(pygame.MOUSEMOTION, (x, r.centery))], dt=1 / 30)
    app.step([mouse(pygame.MOUSEBUTTONUP, (x, r.centery))], dt=1 / 30)
    assert app.options.volume == pytest.approx(0.3, abs=0.011)
    assert Options.load().volume == pytest.approx(0.3, abs=0.011)  # saved on release
    ambient = Audio.loop_sounds["ambient"]  # the mixer's volume for the playing loop
    assert pygame.mixer.Channel(LOOPS["ambient"]).get_sound() is ambient
    want = 0.3 * app.options.ambient_volume * LOOP_GAIN["ambient"]
    assert ambient.get_volume() == pytest.approx(want, abs=0.01)
    assert Audio.effect_volume() == pytest.approx(0.3 * app.options.effects_volume, abs=0.011)
    # the ambient slider with the arrow keys
    scene.menu.index = [i.key for i in scene.menu.items].index("ambient")
    before = app.options.ambient_volume
    app.step([key(pygame.K_LEFT), key(pygame.K_LEFT)], dt=1 / 30)
    assert app.options.ambient_volume == pytest.approx(before - 0.1, abs=1e-6)
    want = app.options.volume * app.options.ambient_volume * LOOP_GAIN["ambient"]
    assert ambient.get_volume() == pytest.approx(want, abs=0.01)
    # mute: the loop goes silent at once; unmute brings it back
    scene.menu.index = [i.key for i in scene.menu.items].index("mute")
    app.step([key(pygame.K_RETURN)], dt=1 / 30)
    assert app.options.muted and ambient.get_volume() == 0 and Audio.effect_volume() == 0
    app.step([key(pygame.K_RETURN)], dt=1 / 30)
    assert not app.options.muted and ambient.get_volume() > 0


def test_the_wind_loop_plays_while_a_storm_is_on_screen(app):
    Audio.start(app.options)
    assert Audio.wanted.get("ambient")  # the Mars ambience from the title on
    calm = start_battle(app)
    app.step([], dt=1 / 30)
    assert not Audio.wanted.get("wind")
    app.stack.remove(calm)
    mission = training_mission()
    stormy = dataclasses.replace(
        mission, setup=dataclasses.replace(mission.setup, weather=(Storm(0, 0, 4, 5, dx=0),))
    )
    battle = start_battle(app, stormy)
    app.step([], dt=1 / 30)
    assert battle.obs.storm_mask and Audio.wanted.get("wind")
    if Audio.enabled:
        assert Audio.playing("wind")
    app.step([key(pygame.K_ESCAPE)], dt=1 / 30)  # the pause menu: the wind fades
    assert type(app.scene).__name__ == "PauseScene" and not Audio.wanted.get("wind")
    app.step([key(pygame.K_ESCAPE)], dt=1 / 30)  # back in the storm
    app.step([], dt=1 / 30)
    assert app.scene is battle and Audio.wanted.get("wind")


def test_storm_on_screen_only_counts_the_tiles_in_view():
    class Cam:
        ts = 10
        ox = 0.0
        oy = 0.0
        view = pygame.Rect(0, 0, 50, 30)  # tiles x 0..4, y 0..2

    class Grid:
        width, height = 20, 10

    cam = Cam()
    tile = lambda x, y: 1 << (y * Grid.width + x)  # noqa: E731
    assert storm_on_screen(tile(4, 2), Grid, cam)
    assert not storm_on_screen(tile(5, 2) | tile(0, 3) | tile(19, 9), Grid, cam)
    cam.ox = 150.0  # scrolled right: x 15..19
    assert storm_on_screen(tile(19, 0), Grid, cam) and not storm_on_screen(tile(4, 2), Grid, cam)
    assert not storm_on_screen(0, Grid, cam)


def test_silent_without_a_mixer(app, monkeypatch):
    def no_device(*args, **kwargs):
        raise pygame.error("no audio device")

    pygame.mixer.quit()
    monkeypatch.setattr(pygame.mixer, "init", no_device)
    assert Audio.start(app.options) is False
    Audio.play("explosion")
    Audio.loop("wind", True)
    assert Audio.wanted["wind"] and not Audio.playing("wind")
    battle = start_battle(app)  # a whole battle frame with sound asked for and no device
    app.step([key(pygame.K_TAB)], dt=1 / 30)
    assert app.scene is battle


def test_fullscreen_and_window_size_apply_live(app):
    app.stack.append(OptionsScene(app))
    scene = app.scene
    app.step([], dt=1 / 30)
    scene.menu.index = [i.key for i in scene.menu.items].index("size")
    app.step([key(pygame.K_RIGHT)], dt=1 / 30)
    assert app.options.window == (1600, 900)
    # applied at once (no larger than the desktop: SDL's dummy one is 1024x768)
    assert app.screen.get_size() == window_size((1600, 900)) == pygame.display.get_surface().get_size()
    app.step([key(pygame.K_RIGHT)], dt=1 / 30)  # a held key (pygame's repeat) does not flip it again
    assert app.options.window == (1600, 900)
    app.step([pygame.event.Event(pygame.KEYUP, key=pygame.K_RIGHT, mod=0)], dt=1 / 30)
    app.step([key(pygame.K_LEFT)], dt=1 / 30)
    app.step([key(pygame.K_RIGHT)], dt=1 / 30)
    assert app.options.window == (1600, 900)
    scene.menu.index = [i.key for i in scene.menu.items].index("fullscreen")
    app.step([key(pygame.K_RETURN)], dt=1 / 30)
    assert app.options.fullscreen and app.screen.get_flags() & pygame.FULLSCREEN
    app.step([key(pygame.K_F11)], dt=1 / 30)  # F11 anywhere toggles it back
    assert not app.options.fullscreen and not app.screen.get_flags() & pygame.FULLSCREEN
    assert app.screen.get_size() == window_size((1600, 900))
    assert Options.load().window == (1600, 900) and not Options.load().fullscreen


def played_game(mission, seed, n):
    """A recorded game: the player's side takes its last legal action, the AI plays its own."""
    session = Session(mission, seed)
    while len(session.actions) < n and session.state.outcome is None:
        if session.human_turn():
            session.act(session.legal()[-1])
        else:
            session.ai_step()
    return list(session.actions)


def test_the_replay_viewer_pauses_steps_forward_and_back_to_the_recorded_states(app):
    from layzner_tactics.engine import new_game
    from layzner_tactics.sim.replay import record_hashes
    from layzner_tactics.ui.replay_viewer import ReplayScene

    mission = training_mission()
    actions = played_game(mission, 5, 14)
    hashes = dict(record_hashes(new_game(mission.setup, 5), actions, every=1))
    assert len(hashes) == len(actions) + 1

    def post(*ks):
        for k in ks:
            pygame.event.post(key(k))
        app.step(dt=1 / 30)

    app.stack.append(ReplayScene(app, mission, 5, actions))
    viewer = app.scene
    assert viewer.playing and viewer.index == 0
    for _ in range(900):  # it plays by itself: the opening, then one action after another
        app.step([], dt=1 / 30)
        if viewer.index >= 3:
            break
    assert viewer.index >= 3
    post(pygame.K_SPACE)  # pause: nothing more is applied
    at = viewer.index
    for _ in range(60):
        app.step([], dt=1 / 30)
    assert viewer.index == at and not viewer.playing
    assert viewer.session.state.hash() == hashes[at]
    post(pygame.K_RIGHT)
    post(pygame.K_n)
    assert viewer.index == at + 2 and viewer.session.state.hash() == hashes[at + 2]
    # the bar describes the last action with the names the player knows
    assert any(name in viewer.last for name in ("Layzner", "Baybull", "Earth ends", "Grados ends"))
    post(pygame.K_LEFT)  # back: the game rebuilt from the start, one action earlier
    assert viewer.index == at + 1 and viewer.session.state.hash() == hashes[at + 1]
    assert viewer.battle.log  # the log tells what led there
    post(pygame.K_LEFT, pygame.K_LEFT)
    assert viewer.index == at - 1 and viewer.session.state.hash() == hashes[at - 1]
    post(pygame.K_END)
    assert viewer.index == len(actions) and viewer.session.state.hash() == hashes[len(actions)]
    post(pygame.K_HOME)
    assert viewer.index == 0 and viewer.session.state.hash() == hashes[0]
    # faster and slower
    speed = viewer.speed
    post(pygame.K_UP)
    assert viewer.speed > speed
    post(pygame.K_DOWN, pygame.K_DOWN)
    assert viewer.speed < speed
    # a click on the progress bar seeks
    app.step([], dt=1 / 30)
    bar = viewer.bar
    app.step([mouse(pygame.MOUSEBUTTONDOWN, (bar.left + bar.width // 2, bar.centery))], dt=1 / 30)
    assert abs(viewer.index - len(actions) // 2) <= 1
    assert viewer.session.state.hash() == hashes[viewer.index]
    # played through to the end it stops there; Esc leaves
    post(pygame.K_SPACE)
    for _ in range(4000):
        app.step([], dt=1 / 10)
        if not viewer.playing:
            break
    assert viewer.index == len(actions) and viewer.session.state.hash() == hashes[len(actions)]
    assert app.scene is viewer  # no debrief: the viewer stays
    post(pygame.K_ESCAPE)
    assert not app.running


def test_a_replay_with_a_bad_action_plays_up_to_it(app):
    from layzner_tactics.engine import EndPhase
    from layzner_tactics.ui.replay_viewer import ReplayScene

    mission = training_mission()
    actions = played_game(mission, 5, 6)
    viewer = ReplayScene(app, mission, 5, [*actions, EndPhase("nobody"), *actions])
    assert viewer.actions == actions and f"stops at action {len(actions) + 1}" in viewer.error
    viewer.seek(len(viewer.actions))
    viewer.draw(app.screen)


def test_options_from_the_pause_menu_and_back_to_the_battle(app):
    battle = start_battle(app)
    app.step([key(pygame.K_ESCAPE)], dt=1 / 30)
    pause = app.scene
    assert type(pause).__name__ == "PauseScene"
    assert any(i.label == "Save (F5)" for i in pause.menu.items)
    pause.menu.index = [i.key for i in pause.menu.items].index("options")
    app.step([key(pygame.K_RETURN)], dt=1 / 30)
    assert isinstance(app.scene, OptionsScene)
    app.scene.menu.index = [i.key for i in app.scene.menu.items].index("keys")
    app.step([key(pygame.K_RETURN)], dt=1 / 30)
    rebind(app, app.scene, "quick_save", pygame.K_F6)
    app.step([key(pygame.K_ESCAPE)], dt=1 / 30)
    app.step([key(pygame.K_ESCAPE)], dt=1 / 30)
    assert app.scene is pause and any(i.label == "Save (F6)" for i in pause.menu.items)
    app.step([key(pygame.K_ESCAPE)], dt=1 / 30)
    assert app.scene is battle
    app.step([key(pygame.K_F6)], dt=1 / 30)  # the new quick-save key saves
    assert len(list_saves()) == 1


def test_missing_sound_files_are_synthesised_again(app, tmp_path, monkeypatch):
    from layzner_tactics.ui import assets

    monkeypatch.setattr(assets, "ASSETS", tmp_path / "no-assets")
    if not Audio.start(app.options):
        pytest.skip("no audio device, not even SDL's dummy one")
    assert set(Audio.loop_sounds) == set(LOOPS) and "explosion" in Audio.sounds
    assert Audio.loop_sounds["wind"].get_length() == pytest.approx(3.0, abs=0.05)  # the generator's loop
    assert Audio.playing("ambient")


def test_the_storm_wind_sounds_and_volume_and_mute_change_what_is_heard(app, tmp_path, monkeypatch):
    """SDL's disk audio driver writes the mixed output to a file: the sound really plays, and the
    master volume and mute change what is heard."""
    import time

    import numpy as np

    out = tmp_path / "out.raw"
    monkeypatch.setenv("SDL_AUDIODRIVER", "disk")
    monkeypatch.setenv("SDL_DISKAUDIOFILE", str(out))
    monkeypatch.setenv("SDL_DISKAUDIODELAY", "1")
    pygame.mixer.quit()
    options = app.options
    options.volume, options.ambient_volume = 1.0, 1.0
    if not Audio.start(options):
        pytest.skip("SDL has no disk audio driver here")

    def level(wait):
        time.sleep(wait)
        pcm = np.fromfile(out, dtype=np.int16)[-8000:].astype(float)
        return float(np.sqrt(np.mean(pcm**2))) if pcm.size else 0.0

    def settles(check):
        """The mixer thread writes the file in its own time (slower on a busy machine): poll for up to
        5 s instead of trusting one short sleep."""
        return any(check(level(0.2)) for _ in range(25))

    mission = training_mission()
    stormy = dataclasses.replace(
        mission, setup=dataclasses.replace(mission.setup, weather=(Storm(0, 0, 4, 5),))
    )
    start_battle(app, stormy)
    app.step([], dt=1 / 30)
    assert pygame.mixer.Channel(LOOPS["wind"]).get_sound() is Audio.loop_sounds["wind"]
    loud = level(1.0)
    assert loud > 100
    options.volume = 0.25
    Audio.configure(options)
    assert settles(lambda now: now < loud * 0.5)
    options.muted = True
    Audio.configure(options)
    assert settles(lambda now: now == 0.0)
