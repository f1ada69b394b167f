"""Difficulty in the game (issue 14): chosen at New Campaign and in Options (between missions only),
kept with the campaign, shown in the briefing, used for the enemy's AI, and each mission's measured
difficulty on Mission Select. Driven headless by posted keys, as a player would."""

import json
from importlib.resources import files

import pygame
from ui_helpers import key, settle

from layzner_tactics.campaign import Progress, difficulty, training_mission
from layzner_tactics.sim import calibrate
from layzner_tactics.ui.battle import BattleScene
from layzner_tactics.ui.menus import BriefingScene, ListScene, PauseScene, TitleScene
from layzner_tactics.ui.options import Options
from layzner_tactics.ui.options_menu import OptionsScene
from layzner_tactics.ui.session import Session, load_session, save_session


def pick(app, scene, item_key):
    """Move the scene's menu to ``item_key`` with Down, then Enter."""
    for _ in range(len(scene.menu.items) + 1):
        if scene.menu.items[scene.menu.index].key == item_key:
            break
        app.step([key(pygame.K_DOWN)], dt=1 / 30)
    assert scene.menu.items[scene.menu.index].key == item_key, [i.key for i in scene.menu.items]
    app.step([key(pygame.K_RETURN)], dt=1 / 30)


def test_an_old_progress_file_reads_as_normal_and_the_level_is_kept(tmp_path):
    path = tmp_path / "progress.json"
    path.write_text(json.dumps({"completed": ["earth-is-at-stake"]}))
    assert Progress.read(path).difficulty == "normal"
    path.write_text(json.dumps({"completed": [], "difficulty": "hard"}))
    assert Progress.read(path).difficulty == "hard"
    path.write_text(json.dumps({"completed": [], "difficulty": "nightmare"}))  # a level this game lacks
    assert Progress.read(path).difficulty == "normal"
    assert Progress(difficulty="story").to_data()["difficulty"] == "story"


def test_new_campaign_asks_the_level_and_the_battle_uses_it(app):
    title = TitleScene(app)
    app.stack.append(title)
    app.step([], dt=1 / 30)
    pick(app, title, "new")
    assert [i.key for i in title.menu.items] == ["level:story", "level:normal", "level:hard", "level:back"]
    pick(app, title, "level:hard")
    briefing = app.scene
    assert isinstance(briefing, BriefingScene)
    assert app.progress.difficulty == "hard"
    assert json.loads(Progress.path().read_text())["difficulty"] == "hard"  # kept with the campaign
    assert briefing.level_line().startswith("Difficulty: Hard")
    app.step([], dt=1 / 30)  # the briefing draws with its level line
    app.step([key(pygame.K_RETURN)], dt=1 / 30)
    battle = app.scene
    assert isinstance(battle, BattleScene)
    session = battle.session
    assert session.level == "hard"
    enemy = session.ai[session.mission.setup.sides[1].id]
    assert enemy.level == "hard"  # the enemy AI thinks at the chosen level


def test_esc_on_the_level_list_goes_back_to_the_title_menu(app):
    title = TitleScene(app)
    app.stack.append(title)
    app.step([], dt=1 / 30)
    pick(app, title, "new")
    app.step([key(pygame.K_ESCAPE)], dt=1 / 30)
    assert app.scene is title and any(i.key == "new" for i in title.menu.items)


def test_options_change_the_level_between_missions_but_not_mid_mission(app):
    app.stack.append(TitleScene(app))
    options = OptionsScene(app)
    app.stack.append(options)
    app.step([], dt=1 / 30)
    while options.menu.items[options.menu.index].key != "difficulty":
        app.step([key(pygame.K_DOWN)], dt=1 / 30)
    app.step([key(pygame.K_RIGHT)], dt=1 / 30)
    assert app.progress.difficulty == "hard"
    assert json.loads(Progress.path().read_text())["difficulty"] == "hard"
    app.step([key(pygame.K_LEFT)], dt=1 / 30)
    app.step([key(pygame.K_LEFT)], dt=1 / 30)
    assert app.progress.difficulty == "story"

    battle = BattleScene(app, Session(training_mission(), 3, level="story"))
    app.stack[:] = [TitleScene(app), battle]
    settle(app, battle)
    app.apply(battle._pause())
    assert isinstance(app.scene, PauseScene)
    pick(app, app.scene, "options")
    mid = app.scene
    assert isinstance(mid, OptionsScene) and mid.mid_mission
    while mid.menu.items[mid.menu.index].key != "difficulty":
        app.step([key(pygame.K_DOWN)], dt=1 / 30)
    app.step([key(pygame.K_RIGHT)], dt=1 / 30)
    assert app.progress.difficulty == "story" and "between missions" in mid.note
    app.step([], dt=1 / 30)  # it draws, saying so


def test_a_save_keeps_the_level_it_was_played_at(app):
    session = Session(training_mission(), 3, level="hard")
    assert session.seat_names()["grados"] == "grados:hard" and session.seat_names()["earth"] == "human"
    path = save_session(session)
    loaded = load_session(path)
    assert loaded.level == "hard"
    assert load_session(save_session(Session(training_mission(), 3))).level == "normal"


def test_cut_ins_and_the_level_are_options_remembered_between_runs(app):
    app.options.cutins = "first"
    app.options.save()
    assert Options.load().cutins == "first"


def test_mission_select_shows_the_measured_difficulty_at_the_chosen_level(app, tmp_path, monkeypatch):
    table = tmp_path / "difficulty.json"
    monkeypatch.setattr(calibrate, "DIFFICULTY_FILE", table)
    app.progress.completed = ["earth-is-at-stake"]  # Blue Dust is reached (listed by name)
    scene = ListScene(app, "Mission Select", "mission")
    assert not any("expert wins" in i.label for i in scene.menu.items)  # no file: nothing shown
    entry = {"policy": "expert", "side": "earth", "games": 300, "seed": 1, "date": "2026-12-01"}
    calibrate.write_difficulty(
        {
            "blue-dust": {
                "normal": calibrate.Measured(
                    **entry, opponents={"grados": "grados:normal"}, win_rate=0.41, ci95=(0.35, 0.47)
                ),
                "hard": calibrate.Measured(
                    **entry, opponents={"grados": "grados:hard"}, win_rate=0.3, ci95=(0.25, 0.36)
                ),
            }
        },
        table,
    )
    labels = {i.key: i.label for i in ListScene(app, "Mission Select", "mission").menu.items}
    assert labels["blue-dust"].endswith("Normal: expert wins 41% (35-47)")
    assert "expert wins" not in labels["earth-is-at-stake"]  # not measured in this file
    app.progress.difficulty = "hard"
    labels = {i.key: i.label for i in ListScene(app, "Mission Select", "mission").menu.items}
    assert labels["blue-dust"].endswith("Hard: expert wins 30% (25-36)")
    app.progress.difficulty = "story"  # not measured at this level: nothing shown
    labels = {i.key: i.label for i in ListScene(app, "Mission Select", "mission").menu.items}
    assert "expert wins" not in labels["blue-dust"]
    # measured on another version of the mission: nothing shown; on this one: shown
    for digest, shown in (("0123456789abcdef", False), (calibrate.current_digest("blue-dust"), True)):
        calibrate.write_difficulty(
            {
                "blue-dust": {
                    "normal": calibrate.Measured(
                        **entry,
                        opponents={"grados": "grados:normal"},
                        win_rate=0.41,
                        ci95=(0.35, 0.47),
                        fingerprint=digest or "",
                    )
                }
            },
            table,
        )
        app.progress.difficulty = "normal"
        labels = {i.key: i.label for i in ListScene(app, "Mission Select", "mission").menu.items}
        assert labels["blue-dust"].endswith("Normal: expert wins 41% (35-47)") is shown
    table.write_text("{not json")  # a broken file: nothing shown, the game goes on
    assert difficulty.measured_difficulty("blue-dust", "normal", table) is None


def test_user_made_missions_are_listed_marked_and_open_their_briefing(app, tmp_path):
    bundled = (files("layzner_tactics.data") / "scenarios" / "skirmish-crater-field.toml").read_text()
    text = bundled.replace('id = "skirmish-crater-field"', 'id = "my-own-fight"').replace(
        'title = "Skirmish: Crater Field"', 'title = "My Own Fight"'
    )
    folder = tmp_path / "scenarios"  # the player's mission folder (LAYZNER_TACTICS_HOME/scenarios)
    folder.mkdir()
    (folder / "my-own-fight.toml").write_text(text)
    (folder / "skirmish-crater-field.toml").write_text(text)  # hidden by the bundled id: not listed
    scene = ListScene(app, "Skirmish", "skirmish")
    app.stack.append(scene)
    labels = [i.label for i in scene.menu.items]
    assert "My Own Fight  (user-made)" in labels
    assert sum("Crater Field" in label for label in labels) == 1  # the bundled one alone
    assert not any("user-made" in i.label for i in ListScene(app, "Mission Select", "mission").menu.items)
    pick(app, scene, "my-own-fight")
    briefing = app.scene
    assert isinstance(briefing, BriefingScene) and briefing.mission is not None
    assert briefing.mission.title == "My Own Fight"
    app.step([], dt=1 / 30)  # it draws
