"""The UI scale option: chosen in Options, remembered, held to what the window fits, applied at once to
the fonts, the menus and the battle screen's cached panels. (That every text still fits its box at the
smallest and the largest scale is test_ui_text_fit's walk.)"""

import json

import pygame
import pytest
from ui_helpers import key, settle, start_battle

from layzner_tactics.storage import config_dir
from layzner_tactics.ui import widgets
from layzner_tactics.ui.app import MIN_SIZE, App
from layzner_tactics.ui.menus import PauseScene, TitleScene
from layzner_tactics.ui.options import UI_SCALES, Options
from layzner_tactics.ui.options_menu import OptionsScene


def sized_app(app: App, size: tuple[int, int]) -> App:
    """The fixture's app on a window of exactly ``size`` (the dummy desktop would clamp set_window)."""
    app.screen = pygame.display.set_mode(size)
    app.rescale()
    return app


def choose_scale(app: App, steps: int) -> OptionsScene:
    """Open Options over the current stack and move the scale row ``steps`` to the right."""
    app.stack.append(OptionsScene(app))
    options = app.scene
    assert isinstance(options, OptionsScene)
    app.step([], dt=1 / 30)
    while options.menu.items[options.menu.index].key != "scale":
        app.step([key(pygame.K_DOWN)], dt=1 / 30)
    press(app, pygame.K_RIGHT if steps > 0 else pygame.K_LEFT, abs(steps))
    return options


def press(app: App, k: int, times: int = 1) -> None:
    """Press and let go of ``k`` (a key held down repeats, and the scale row ignores repeats)."""
    for _ in range(times):
        app.step([key(k), pygame.event.Event(pygame.KEYUP, key=k, mod=0, unicode="", scancode=0)], dt=1 / 30)


@pytest.mark.parametrize(
    ("percent", "size", "held"),
    [
        (75, MIN_SIZE, 0.75),
        (100, MIN_SIZE, 1.0),
        (200, MIN_SIZE, 1.0),
        (200, (1280, 720), 1.2),
        (150, (1920, 1080), 1.5),
        (200, (1920, 1080), 1.8),
        (200, (2560, 1440), 2.0),
    ],
)
def test_the_scale_used_is_the_choice_held_to_what_the_window_fits(percent, size, held):
    assert widgets.fitting_scale(percent, size) == pytest.approx(held)


def test_a_held_key_does_not_run_through_the_scales(app):
    sized_app(app, (1920, 1200))
    choose_scale(app, 0)
    for _ in range(4):
        app.step([key(pygame.K_RIGHT)], dt=1 / 30)  # one press, then the key repeats
    assert app.options.ui_scale == 125


def test_the_scale_is_chosen_in_options_remembered_and_scales_the_title_at_once(app):
    sized_app(app, (1920, 1200))
    title = TitleScene(app)
    app.stack[:] = [title]

    def title_height() -> int:
        with widgets.recording(app.screen) as log:
            title.draw(app.screen)
        return next(t.rect.height for t in log.texts if t.text == "LAYZNER TACTICS")

    before = title_height()
    choose_scale(app, 2)  # 100 -> 125 -> 150
    assert app.options.ui_scale == 150 and widgets.scale() == pytest.approx(1.5)
    assert Options.load().ui_scale == 150
    assert json.loads((config_dir() / "options.json").read_text())["ui_scale"] == 150
    app.step([key(pygame.K_ESCAPE)], dt=1 / 30)
    assert app.scene is title
    assert title_height() == pytest.approx(before * 1.5, rel=0.1)
    assert title.menu.width == widgets.px(440)


def test_the_options_row_says_when_the_window_holds_less_than_the_choice(app):
    sized_app(app, (1280, 720))
    options = choose_scale(app, 4)  # 100 -> 200
    assert app.options.ui_scale == 200 and widgets.scale() == pytest.approx(1.2)
    with widgets.recording(app.screen) as log:
        options.draw(app.screen)
    assert any("200 % (120 % fits this window)" in t.text for t in log.texts)
    press(app, pygame.K_RIGHT)  # wraps round to the smallest
    assert app.options.ui_scale == UI_SCALES[0] and widgets.scale() == pytest.approx(0.75)


@pytest.mark.parametrize("bad", [130, "big", True, None, 2.0])
def test_a_bad_saved_scale_falls_back_to_100(app, bad):
    path = config_dir() / "options.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"ui_scale": bad, "volume": 0.3}))
    loaded = Options.load()
    assert loaded.ui_scale == 100 and loaded.volume == pytest.approx(0.3)


def test_a_scale_changed_over_a_battle_redraws_its_panels_and_zooms_its_map(app):
    sized_app(app, (1920, 1200))
    battle = start_battle(app)
    settle(app, battle)
    battle.draw(app.screen)
    top_before = battle.pictures["top"][1].get_height()
    side_before = battle.layout.side.width
    tile_before = battle.camera.ts
    app.stack.append(PauseScene(app, battle))
    choose_scale(app, 4)  # 200 %
    app.step([key(pygame.K_ESCAPE)], dt=1 / 30)  # back to the pause menu
    app.step([key(pygame.K_ESCAPE)], dt=1 / 30)  # back to the battle
    assert app.scene is battle
    battle.draw(app.screen)
    assert battle.layout.top.height == widgets.px(46) == 2 * top_before
    assert battle.pictures["top"][1].get_height() == 2 * top_before
    assert battle.layout.side.width > side_before
    assert battle.camera.ts == pytest.approx(2 * tile_before, rel=0.03)  # each 25 % step rounds


def test_a_long_menu_scrolls_with_the_wheel_on_the_smallest_window(app):
    sized_app(app, MIN_SIZE)
    app.options.ui_scale = 200
    app.rescale()
    assert widgets.scale() == 1.0  # held to what 960x600 fits
    options = OptionsScene(app)
    app.stack[:] = [options]
    app.step([], dt=1 / 30)
    menu = options.menu
    assert menu.shown is not None and menu.shown < len(menu.items)
    assert not menu.rects()[-1].width  # Back is below the view
    for _ in range(len(menu.items) - 1):
        app.step([pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1)], dt=1 / 30)
    back = menu.rects()[-1]
    assert back.width and app.screen.get_rect().contains(back)
    assert menu.first > 0
