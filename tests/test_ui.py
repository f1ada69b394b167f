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


def _battle_at_turn_two(app):
    """Mission 1 from its briefing, played by keys (opening read, phase ended) to the player's turn 2."""
    app.stack.append(BriefingScene(app, "earth-is-at-stake"))
    app.apply(app.stack[-1].handle(key(pygame.K_RETURN)))
    battle = app.stack[-1]
    state = battle.session.state
    for _ in range(4000):
        if state.turn >= 2 and state.side_to_act == "earth" and not battle.queue:
            break
        if battle.queue:
            app.step([key(pygame.K_RETURN)])
        elif battle.session.human_turn():
            app.step([key(pygame.K_e)])
            app.step([key(pygame.K_RETURN)])
        else:
            app.step([])
    assert state.turn == 2 and battle.accepts_orders()
    return battle


def test_a_loaded_save_resumes_its_log_and_plays_no_opening_again(app):
    battle = _battle_at_turn_two(app)
    assert any(line.startswith("Turn 2") for line in battle.log)
    app.step([key(pygame.K_F5)])
    assert battle.toast.startswith("Saved")
    log = list(battle.log)
    app.step([key(pygame.K_F9)])  # quick load: the newest save
    loaded = app.stack[-1]
    assert loaded is not battle and loaded.session.state.turn == 2
    assert loaded.log == log  # the same log, not "Turn 1" again
    assert not any(type(a).__name__ in ("DialogueAnim", "BannerAnim") for a in loaded.queue.items)
    assert loaded.accepts_orders()


def test_f5_while_someone_speaks_says_why_it_did_not_save(app):
    app.stack.append(BriefingScene(app, "earth-is-at-stake"))
    app.apply(app.stack[-1].handle(key(pygame.K_RETURN)))
    battle = app.stack[-1]
    for _ in range(600):
        if type(battle.queue.head()).__name__ == "DialogueAnim":
            break
        app.step([])
    assert type(battle.queue.head()).__name__ == "DialogueAnim"
    battle.handle(key(pygame.K_F5))
    assert "Quick save: not now" in battle.toast and battle.toast_t > 0


def test_esc_at_a_briefing_started_on_its_own_goes_to_the_title(app):
    app.stack.append(BriefingScene(app, "earth-is-at-stake"))  # ``layzner-tactics play MISSION``
    app.apply(app.stack[-1].handle(key(pygame.K_ESCAPE)))
    assert [type(s).__name__ for s in app.stack] == ["TitleScene"]
    app.apply(app.stack[-1].handle(key(pygame.K_RETURN)))  # and from the title it is a step back again
    app.apply(app.stack[-1].handle(key(pygame.K_ESCAPE)))
    assert [type(s).__name__ for s in app.stack] == ["TitleScene"]


def test_mission_select_names_only_the_missions_reached(app):
    from layzner_tactics.campaign import mission_list
    from layzner_tactics.ui.menus import ListScene

    missions = [e for e in mission_list() if e.kind == "mission" and not e.error]
    labels = [it.label for it in ListScene(app, "Mission Select", "mission").items()]
    assert missions[0].title in labels
    assert not any(e.title in label for e in missions[1:] for label in labels)
    assert f"{len(missions) - 1} more mission(s) ahead" in labels
    app.progress.completed.append(missions[0].id)
    labels = [it.label for it in ListScene(app, "Mission Select", "mission").items()]
    assert any(missions[1].title in label for label in labels)
    assert not any(e.title in label for e in missions[2:] for label in labels)


def test_the_first_briefing_shows_no_skill_numbers_before_the_students_are_met(app):
    assert BriefingScene(app, "earth-is-at-stake").students == []
    app.progress.completed.append("earth-is-at-stake")
    assert BriefingScene(app, "earth-is-at-stake").students


def test_a_save_keeps_the_dialogue_not_yet_read(app):
    from layzner_tactics.ui.anim import DialogueAnim

    battle = _battle_at_turn_two(app)
    battle.queue.add(DialogueAnim("Rei", "Two more Bravers dropping in from the north."))
    battle.cursor = (3, 4)
    path = save_session(battle.session, ui=battle.save_ui())
    app.stack.clear()
    loaded_session = load_session(path)
    from layzner_tactics.ui.battle import BattleScene

    loaded = BattleScene(app, loaded_session)
    heads = [a for a in loaded.queue.items if isinstance(a, DialogueAnim)]
    assert [(a.speaker, a.line) for a in heads] == [("Rei", "Two more Bravers dropping in from the north.")]
    assert loaded.log == battle.log and loaded.cursor == (3, 4)


def test_a_click_on_a_menu_row_before_any_frame_chooses_that_row(app):
    """A menu rebuilt (coming back to the title) is laid out before input, not only when drawn: a
    click that arrives before the next frame lands on the row the player sees there."""
    title = TitleScene(app)
    app.stack.append(title)
    app.step([])
    options_row = next(i for i, it in enumerate(title.menu.items) if it.key == "options")
    where = title.menu.rects()[options_row].center
    title.resumed()  # a fresh menu, not yet drawn
    click = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=where, button=1)
    app.apply(title.handle(click))
    assert type(app.stack[-1]).__name__ == "OptionsScene"
