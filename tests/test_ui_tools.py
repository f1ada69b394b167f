"""The authors' and viewers' tools of the UI: ``render`` to PNG with no window, and the replay viewer."""

import pygame
import pytest

from layzner_tactics.scenario.loader import load_scenario
from layzner_tactics.sim.replay import Replay, save_replay
from layzner_tactics.ui.render_map import LEGEND_H, TILE, render_scenario
from layzner_tactics.ui.replay_viewer import view_replay
from layzner_tactics.ui.session import Session


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("LAYZNER_TACTICS_HOME", str(tmp_path))
    yield
    from layzner_tactics.ui import widgets

    widgets.font.cache_clear()
    pygame.quit()


def test_render_draws_the_map_and_its_units(tmp_path):
    out = tmp_path / "map.png"
    render_scenario("blue-dust", str(out))
    scenario = load_scenario("blue-dust")
    grid = scenario.setup.grid
    img = pygame.image.load(str(out))
    assert img.get_size() == (grid.width * TILE, grid.height * TILE + LEGEND_H)
    # a unit's tile differs from the same terrain elsewhere: sprites were drawn where the setup puts them
    p = scenario.setup.units[0]
    x, y = grid.xy(p.tile)
    pixels = {
        img.get_at((x * TILE + dx, y * TILE + dy))[:3] for dx in range(8, TILE - 8, 4) for dy in (TILE // 2,)
    }
    assert len(pixels) > 3


def test_the_replay_viewer_plays_a_recorded_game_and_refuses_a_bad_file(tmp_path):
    scenario = load_scenario("blue-dust")
    session = Session(scenario, 11)
    for _ in range(6):
        if session.human_turn():
            session.act(session.legal()[-1])
        else:
            session.ai_step()
    replay = Replay(scenario.id, scenario.content_hash, 11, {}, list(session.actions))
    path = tmp_path / "game.json"
    save_replay(replay, path)
    assert view_replay(path, max_frames=30) == 0
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "layzner-replay", "version": 1')
    assert view_replay(bad, max_frames=5) == 2


def test_no_display_is_a_clear_message_not_a_traceback(monkeypatch, capsys):
    from layzner_tactics.ui.app import run_game

    pygame.quit()
    monkeypatch.setenv("SDL_VIDEODRIVER", "no-such-driver")
    assert run_game(max_frames=1) == 1
    assert "cannot open a window" in capsys.readouterr().err
