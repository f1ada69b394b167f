"""The gamepad, driven headless by posted controller and joystick events as a couch player would."""

import pygame
from ui_helpers import key, settle, start_battle

from layzner_tactics.ui import keys, pad
from layzner_tactics.ui.battle import orders
from layzner_tactics.ui.menus import PauseScene, TitleScene
from layzner_tactics.ui.options import Options
from layzner_tactics.ui.options_menu import OptionsScene, PadScene

B = {
    "a": pygame.CONTROLLER_BUTTON_A,
    "b": pygame.CONTROLLER_BUTTON_B,
    "x": pygame.CONTROLLER_BUTTON_X,
    "y": pygame.CONTROLLER_BUTTON_Y,
    "back": pygame.CONTROLLER_BUTTON_BACK,
    "start": pygame.CONTROLLER_BUTTON_START,
    "lb": pygame.CONTROLLER_BUTTON_LEFTSHOULDER,
    "up": pygame.CONTROLLER_BUTTON_DPAD_UP,
    "down": pygame.CONTROLLER_BUTTON_DPAD_DOWN,
    "left": pygame.CONTROLLER_BUTTON_DPAD_LEFT,
    "right": pygame.CONTROLLER_BUTTON_DPAD_RIGHT,
}


def press(name, iid=0):
    """A press and release of one controller button."""
    return [
        pygame.event.Event(pygame.CONTROLLERBUTTONDOWN, button=B[name], instance_id=iid),
        pygame.event.Event(pygame.CONTROLLERBUTTONUP, button=B[name], instance_id=iid),
    ]


def axis(which, value, iid=0):
    return pygame.event.Event(pygame.CONTROLLERAXISMOTION, axis=which, value=value, instance_id=iid)


def step(app, events):
    app.step(events, dt=1 / 30)


def test_the_pad_walks_the_menus_into_the_options_and_back(app):
    app.stack.append(TitleScene(app))
    title = app.scene
    step(app, [])
    first = title.menu.index
    step(app, press("down"))
    assert title.menu.index != first
    while title.menu.items[title.menu.index].key != "options":
        step(app, press("down"))
    step(app, press("a"))
    assert isinstance(app.scene, OptionsScene)
    options = app.scene
    step(app, press("down"))  # the left stick moves the menus as well
    step(app, [axis(pygame.CONTROLLER_AXIS_LEFTY, 30000), axis(pygame.CONTROLLER_AXIS_LEFTY, 0)])
    assert options.menu.index == 2
    step(app, press("b"))
    assert app.scene is title


def test_the_pad_selects_moves_undoes_ends_the_phase_and_pauses(app):
    battle = start_battle(app)
    me = battle.obs.units["layzner"]
    step(app, press("x"))  # next unit
    assert battle.selected == "layzner"
    x, y = battle.grid.xy(me.tile)
    battle.cursor = (x, y)
    step(app, press("right") + press("right"))
    assert battle.cursor == (x + 2, y)
    assert battle.path and battle.path[-1] == battle.grid.tile(x + 2, y)
    step(app, press("a"))  # move there
    settle(app, battle)
    assert battle.obs.units["layzner"].tile == battle.grid.tile(x + 2, y)
    step(app, press("lb"))  # undo
    settle(app, battle)
    assert battle.obs.units["layzner"].tile == me.tile
    step(app, press("y"))  # Rei's advice is spoken in the log
    step(app, press("start"))
    assert isinstance(app.scene, PauseScene)
    step(app, press("b"))
    assert app.scene is battle
    state = battle.session.state
    step(app, press("back"))  # end the phase: asks, since units can still act
    assert battle.confirm is not None and battle.confirm[0] == "end"
    step(app, press("a"))
    assert state.side_to_act != "earth" or state.turn > 1


def test_the_stick_moves_the_cursor_and_holding_it_repeats(app):
    battle = start_battle(app)
    battle.cursor = (3, 3)
    step(app, [axis(pygame.CONTROLLER_AXIS_LEFTX, 32000)])
    assert battle.cursor == (4, 3)
    step(app, [pygame.event.Event(pad.REPEAT_EVENT)])  # held: the repeat timer fires
    assert battle.cursor == (5, 3)
    step(app, [axis(pygame.CONTROLLER_AXIS_LEFTX, 1000)])  # back in the dead zone: released
    step(app, [pygame.event.Event(pad.REPEAT_EVENT)])
    assert battle.cursor == (5, 3)
    step(app, [axis(pygame.CONTROLLER_AXIS_LEFTY, -32000), axis(pygame.CONTROLLER_AXIS_LEFTY, 0)])
    assert battle.cursor == (5, 2)


def test_the_forecast_weapon_switches_with_the_d_pad(app):
    battle = start_battle(app)
    battle._select("layzner")
    assert orders.move_then_attack(battle, "baybull")
    settle(app, battle)
    assert battle.mode.name == "forecast"
    before = battle.mode.weapon_i
    step(app, press("right"))
    assert battle.mode.name == "forecast" and battle.mode.weapon_i == before + 1
    step(app, press("b"))
    assert battle.mode.name != "forecast"


def test_a_plain_joystick_hat_and_buttons_work_and_a_controller_is_not_read_twice(app):
    battle = start_battle(app)
    battle.cursor = (3, 3)
    hat = pygame.JOYHATMOTION
    step(app, [pygame.event.Event(hat, hat=0, value=(0, 1), instance_id=7)])  # hat up
    step(app, [pygame.event.Event(hat, hat=0, value=(0, 0), instance_id=7)])
    assert battle.cursor == (3, 2)
    step(app, [pygame.event.Event(pygame.JOYBUTTONDOWN, button=2, instance_id=7)])  # X: next unit
    assert battle.selected is not None
    app.pad.controllers.add(9)  # a controller's own joystick events are dropped
    before = battle.cursor
    step(app, [pygame.event.Event(hat, hat=0, value=(1, 0), instance_id=9)])
    assert battle.cursor == before


def test_hints_follow_the_device_used_last(app):
    battle = start_battle(app)
    step(app, [key(pygame.K_TAB)])
    assert keys.hint("select") == "Enter" and keys.hint("cancel", menu=True) == "Esc"
    assert keys.hint("end_phase") == "E"
    step(app, press("x"))
    assert keys.INPUT.device == "pad"
    assert keys.hint("select") == "A" and keys.hint("cancel", menu=True) == "B"
    assert keys.hint("end_phase") == "Back"
    rows = dict((what, k) for k, what in keys.help_rows(battle.bindings()))  # F1 lists the buttons
    assert rows["end the phase"] == "Back" and rows["move the cursor"] == "D-pad / left stick"
    battle.draw(app.screen)  # the screen draws with the pad's labels
    step(app, [key(pygame.K_TAB)])
    assert keys.hint("select") == "Enter"


def test_a_pad_button_rebound_in_options_acts_in_battle_and_is_remembered(app):
    app.stack.append(TitleScene(app))
    app.stack.append(OptionsScene(app))
    options = app.scene
    step(app, [])
    while options.menu.items[options.menu.index].key != "pad":
        step(app, press("down"))
    step(app, press("a"))
    scene = app.scene
    assert isinstance(scene, PadScene)
    while scene.rows[scene.row] != "end_phase":
        step(app, press("down"))
    step(app, press("a"))
    assert scene.capturing
    step(app, press("y"))  # Y was Rei's: swapped
    assert not scene.capturing and "swapped" in scene.message
    assert Options.load().pad["end_phase"] == ["y"] and Options.load().pad["rei"] == ["back"]
    step(app, press("b"))
    step(app, press("b"))
    assert isinstance(app.scene, TitleScene)

    battle = start_battle(app)
    state = battle.session.state
    step(app, press("x"))
    step(app, press("back"))  # now Rei's button: no question
    assert battle.confirm is None
    settle(app, battle)  # Rei speaks
    step(app, press("y"))
    assert battle.confirm is not None and battle.confirm[0] == "end"
    step(app, press("a"))
    assert state.side_to_act != "earth" or state.turn > 1


def test_pad_bindings_refuse_to_strand_select_and_keep_an_edited_file_sane():
    assert set(pad.BUTTONS.values()) | set(pad.TRIGGERS.values()) == set(keys.PAD_LABELS)
    assert set(pad.JOY_BUTTONS) <= set(keys.PAD_LABELS)
    b = keys.PadBindings()
    assert b.action("a") == "select" and b.action("start") == "pause"
    changed, msg = b.bind("quick_save", "a")  # quick save has no button: A would leave Select with none
    assert not changed and "refused" in msg
    changed, _ = b.bind("quick_save", "rightstick")  # fast's: fast now has none
    assert changed and b.buttons["fast"] == [] and b.action("rightstick") == "quick_save"
    edited = keys.PadBindings({"rei": ["a"], "select": ["nonsense"]})  # select would have nothing
    assert edited.action("a") == "select" and edited.action("y") == "rei"


def test_hot_plug_of_a_missing_device_is_harmless_and_releases_held_input(app):
    battle = start_battle(app)
    battle.cursor = (3, 3)
    step(app, [pygame.event.Event(pygame.CONTROLLERBUTTONDOWN, button=B["right"], instance_id=0)])
    assert app.pad.held
    step(app, [pygame.event.Event(pygame.CONTROLLERDEVICEADDED, device_index=42)])  # no such device
    step(app, [pygame.event.Event(pygame.CONTROLLERDEVICEREMOVED, instance_id=0)])
    assert not app.pad.held and app.pad.repeating == ""
    assert battle.cursor == (4, 3)
