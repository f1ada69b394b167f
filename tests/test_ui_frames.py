"""The battle screen keeps pictures between frames (the side panel, the top bar, the map's layers):
what it shows must always be what drawing everything afresh would show, pixel for pixel."""

import numpy as np
import pygame
from ui_helpers import click, key, settle

from layzner_tactics.campaign import training_mission
from layzner_tactics.ui.battle import BattleScene
from layzner_tactics.ui.battle.mapdraw import MapPainter
from layzner_tactics.ui.session import Session


def drawn(battle, screen, fresh):
    if fresh:
        battle.pictures.clear()
        battle.painter = MapPainter()
    battle.draw(screen)
    return pygame.surfarray.array3d(screen)


def same_as_fresh(battle, screen):
    kept = drawn(battle, screen, False)
    new = drawn(battle, screen, True)
    differ = np.argwhere((kept != new).any(axis=2))
    return not len(differ), differ[:5].tolist()


def test_the_kept_pictures_always_show_what_a_fresh_draw_shows(app):
    battle = BattleScene(app, Session(training_mission(), 3))
    app.stack.append(battle)
    settle(app, battle)
    screen = app.screen
    checked = 0
    for _ in range(12):  # select, hover, move and attack, the enemy's phase: every kind of change
        if app.scene is not battle:
            break
        me = battle.obs.units.get("layzner")
        foe = battle.obs.units.get("baybull")
        if me is None or foe is None:
            break
        steps = [
            click(battle.camera.tile_rect(*battle.grid.xy(me.tile)).center),
            [
                pygame.event.Event(
                    pygame.MOUSEMOTION,
                    pos=battle.camera.tile_rect(*battle.grid.xy(foe.tile)).center,
                    rel=(0, 0),
                    buttons=(0, 0, 0),
                )
            ],
            [key(pygame.K_t)],
            click(battle.camera.tile_rect(*battle.grid.xy(foe.tile)).center),
            [key(pygame.K_RETURN)],
        ]
        for events in steps:
            app.step(events, dt=1 / 30)
            ok, where = same_as_fresh(battle, screen)
            assert ok, f"kept pictures differ from a fresh draw at {where}"
            checked += 1
            for _ in range(20):  # a few frames of whatever plays (shots, numbers, the log growing)
                app.step([], dt=1 / 30)
            ok, where = same_as_fresh(battle, screen)
            assert ok, f"kept pictures differ from a fresh draw mid-animation at {where}"
        settle(app, battle)
        app.step([key(pygame.K_e)], dt=1 / 30)  # end the phase
        app.step([key(pygame.K_RETURN)], dt=1 / 30)
        settle(app, battle)
        ok, where = same_as_fresh(battle, screen)
        assert ok, f"kept pictures differ from a fresh draw after the enemy's phase at {where}"
    assert checked >= 10


def test_the_side_panel_shows_a_new_log_line_at_once(app):
    battle = BattleScene(app, Session(training_mission(), 3))
    app.stack.append(battle)
    settle(app, battle)
    side = battle.layout.side
    before = drawn(battle, app.screen, False)[side.left : side.right, side.top : side.bottom].copy()
    battle._log("Baybull retreats behind the ridge")
    after = drawn(battle, app.screen, False)[side.left : side.right, side.top : side.bottom]
    assert (before != after).any()
