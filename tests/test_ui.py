"""The game window, headless: scenes start and switch, a battle runs its phases, saves reload exactly."""

import pygame
import pytest
from ui_helpers import key

from layzner_tactics.campaign import SaveError, load_mission
from layzner_tactics.ui.app import App, open_display
from layzner_tactics.ui.menus import BriefingScene, TitleScene
from layzner_tactics.ui.options import Options
from layzner_tactics.ui.session import Session, load_session, save_session


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("LAYZNER_TACTICS_HOME", str(tmp_path))
    options = Options()
    screen = open_display(options, True)
    assert not isinstance(screen, str), screen
    yield App(screen, options)
    from layzner_tactics.ui import widgets

    widgets.font.cache_clear()
    pygame.quit()


def test_title_to_briefing_to_battle_and_through_a_round(app):
    app.stack.append(TitleScene(app))
    app.step([])
    app.apply(app.stack[-1].handle(key(pygame.K_RETURN)))  # New Campaign
    app.step([])
    app.apply(app.stack[-1].handle(key(pygame.K_RETURN)))  # its difficulty (Normal is offered first)
    assert type(app.stack[-1]).__name__ == "BriefingScene"
    app.step([])
    app.apply(app.stack[-1].handle(key(pygame.K_RETURN)))
    battle = app.stack[-1]
    assert type(battle).__name__ == "BattleScene"
    state = battle.session.state
    for _ in range(3000):  # the opening dialogue and banners play out (frames, not seconds)
        if not battle.queue:
            break
        app.step([key(pygame.K_RETURN)])
    assert state.turn == 1 and state.side_to_act == "earth"
    for _ in range(3):  # end the phase (confirming), then let the AI play its phase
        app.step([key(pygame.K_e)])
        app.step([key(pygame.K_RETURN)])
    for _ in range(3000):
        app.step([key(pygame.K_RETURN)] if battle.queue else [])
        if state.turn >= 2 and state.side_to_act == "earth":
            break
    assert state.turn >= 2 or state.outcome is not None


def test_a_broken_mission_is_a_message_not_a_crash(app, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[scenario]\nid = "bad"\nmax_turn = 3\n')
    scene = BriefingScene(app, str(bad))
    assert scene.mission is None and "max_turn" in scene.error
    app.stack.append(scene)
    app.step([])  # draws the message


def test_save_and_load_give_the_same_game(app):
    session = Session(load_mission("blue-dust"), seed=4)
    for _ in range(12):
        if session.human_turn():
            session.act(session.legal()[-1])
        else:
            session.ai_step()
    path = save_session(session)
    again = load_session(path)
    assert again.state.hash() == session.state.hash()
    path.write_text(path.read_text()[:-40])  # a truncated save is refused, nothing else lost
    with pytest.raises(SaveError):
        load_session(path)
