"""The campaign remembers: fates, story flags and the students' experience change later missions."""

import json
import textwrap

import pytest

from layzner_tactics import campaign
from layzner_tactics.campaign import Progress, SaveError, campaign_mission, load_mission
from layzner_tactics.cli import main
from layzner_tactics.data import load_catalog
from layzner_tactics.engine import Attack, EndPhase, Special, legal_actions, observe
from layzner_tactics.engine.events import FlagSet
from layzner_tactics.engine.progression import XP_PER_STEP
from layzner_tactics.engine.setup import Say
from layzner_tactics.scenario.loader import load_scenario
from layzner_tactics.scenario.model import ScenarioError
from layzner_tactics.ui.options import Options
from layzner_tactics.ui.session import Session, load_session, make_ai, save_session

CATALOG = load_catalog()


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("LAYZNER_TACTICS_HOME", str(tmp_path))
    return tmp_path


# A small fight: Eiji can disable Julia with the Knuckle Shot, David can spare her, Roan finishes the
# last Braver. Used to play a real won mission through a Session.
SPARE_FIGHT = """
[scenario]
id = "spare-fight"
title = "Spare Fight"
kind = "mission"
order = 1
max_turns = 5
briefing = "Test."
debrief_win = "Won."
debrief_loss = "Lost."

[map]
rows = \"\"\"
........
........
........
........
\"\"\"

[[sides]]
id = "earth"
controller = "human"

[[sides]]
id = "grados"
controller = "grados"

[[units]]
id = "layzner"
type = "layzner"
side = "earth"
at = [1, 1]
pilot = "eiji"

[[units]]
id = "baybull"
type = "baybull"
side = "earth"
at = [2, 2]
pilot = "david"

[[units]]
id = "buldy"
type = "buldy"
side = "earth"
at = [5, 3]
pilot = "roan"

[[units]]
id = "julia-braver"
type = "braver"
side = "grados"
at = [2, 1]
pilot = "julia"
hp_pct = 1

[[units]]
id = "line-braver"
type = "braver"
side = "grados"
at = [6, 3]
pilot = "grados_line"
hp_pct = 1

[[objectives]]
id = "win"
side = "earth"
kind = "destroy"
sides = ["grados"]

[[objectives]]
id = "lose"
side = "grados"
kind = "destroy"
sides = ["earth"]
"""


def _attack(session, unit, target):
    return next(
        a
        for a in session.legal()
        if isinstance(a, Attack) and a.unit == unit and a.target == target and a.weapon != "calf_missiles"
    )


def _won_spare_fight(tmp_path):
    """Play the spare fight to a win with Julia spared (the first seed where every blow lands)."""
    path = tmp_path / "spare-fight.toml"
    path.write_text(SPARE_FIGHT)
    mission = load_mission(str(path))
    for seed in range(60):
        s = Session(mission, seed)
        s.act(next(a for a in s.legal() if isinstance(a, Attack) and a.weapon == "knuckle_shot"))
        if s.state.fates.get("julia-braver") is None:
            continue  # missed
        s.act(Special("baybull", "spare", "julia-braver"))
        assert "fate.julia.spared" in s.memory  # known at once, mid-mission
        s.act(_attack(s, "buldy", "line-braver"))
        if s.won():
            return s
    raise AssertionError("no seed in 60 lands both blows")


def test_winning_with_a_spared_pilot_changes_the_next_mission(tmp_path):
    before = campaign_mission("decoy-in-the-ruins", Progress())
    assert "braver-3" in {u.id for u in before.setup.units}
    assert "julia-warns" not in {t.id for t in before.setup.triggers}

    session = _won_spare_fight(tmp_path)
    progress = Progress.load()
    record = session.record(progress)
    assert record.counts and record.fates == {"julia": "spared"}
    progress.apply(record)

    again = Progress.load()  # a restart: everything came back from progress.json
    assert again.fates == {"julia": "spared"} and "spare-fight" in again.completed
    after = campaign_mission("decoy-in-the-ruins", again)
    assert "braver-3" not in {u.id for u in after.setup.units}  # Julia stays out of this fight
    warns = next(t for t in after.setup.triggers if t.id == "julia-warns")
    assert [e.speaker for e in warns.effects if isinstance(e, Say)] == ["Julia", "Julia", "Rei"]
    opening = next(t for t in after.setup.triggers if t.id == "opening")
    assert not any("Three Grados" in getattr(e, "text", "") for e in opening.effects)


def test_a_captured_pilot_changes_the_next_mission_and_a_talked_down_one_the_debrief():
    captured = campaign_mission("decoy-in-the-ruins", Progress(fates={"julia": "captured"}))
    opening = next(t for t in captured.setup.triggers if t.id == "opening")
    said = " ".join(getattr(e, "text", "") for e in opening.effects)
    assert "fewer than my projection" in said and "Three Grados" not in said and "hands tied" in said
    plain = next(t for t in load_mission("decoy-in-the-ruins").setup.triggers if t.id == "opening")
    assert "Three Grados machines" in " ".join(getattr(e, "text", "") for e in plain.effects)
    # a killed pilot stays gone: Gusten's Braver is not in the next missions
    for sid in ("decoy-in-the-ruins", "dead-end-canyon"):
        gone = campaign_mission(sid, Progress(fates={"gusten": "killed"}))
        assert "gusten" not in {u.pilot for u in gone.setup.units}
        assert "gusten" in {u.pilot for u in load_mission(sid).setup.units}
    gosterro = load_mission("gosterro")
    won_plain = gosterro.story_text("debrief_win", gosterro.memory)
    assert "Lobelia" not in won_plain
    talked_down = gosterro.story_text("debrief_win", {"fate.lobelia.withdrew"})
    assert talked_down.startswith(won_plain) and "Lobelia's Braver raises its hand" in talked_down
    assert "Away\nfrom Gosterro" in gosterro.story_text("debrief_win", {"fate.lobelia.captured"})


def test_a_loss_keeps_nothing(tmp_path):
    path = tmp_path / "spare-fight.toml"
    path.write_text(SPARE_FIGHT)
    session = Session(load_mission(str(path)), 0)
    record = session.record(Progress())  # not over, not won
    assert not record.counts and record.xp == {} and record.fates == {}
    progress = Progress()
    progress.apply(record)
    assert progress == Progress()


def test_experience_from_a_won_mission_makes_the_students_better_next_time(tmp_path):
    session = _won_spare_fight(tmp_path)
    progress = Progress.load()
    record = session.record(progress)
    assert record.xp["roan"] == 3 and record.xp["eiji"] == 3  # a kill, a disabling blow
    progress.apply(record)
    progress.apply(campaign.MissionRecord("other", True, xp={"roan": 2, "david": XP_PER_STEP}))
    again = Progress.load()
    assert again.xp["roan"] == 5 and again.xp["david"] == XP_PER_STEP
    base = CATALOG.pilots["roan"]
    mission = campaign_mission("gosterro", again)
    grown = mission.setup.catalog.pilots["roan"]
    assert grown.shooting == base.shooting + 2 and grown.dodge == base.dodge
    assert mission.setup.catalog.pilots["david"].shooting == CATALOG.pilots["david"].shooting + 2
    assert mission.setup.catalog.pilots["eiji"] == CATALOG.pilots["eiji"]  # Eiji does not learn
    # the saved game remembers the skills it was started with, and reloads to the same state
    s = Session(mission, 5)
    for _ in range(6):
        s.act(
            make_ai("earth", s.state.side_to_act, 5).choose(observe(s.state, s.state.side_to_act), s.legal())
        )
    back = load_session(save_session(s))
    assert back.state.hash() == s.state.hash()
    assert back.mission.setup.catalog.pilots["roan"].shooting == grown.shooting


def test_training_drills_are_deterministic_and_their_xp_is_capped():
    a = campaign.run_drills({}, {}, seed=3, drills=3)
    b = campaign.run_drills({}, {}, seed=3, drills=3)
    assert a == b and len(a.drills) == 3
    assert campaign.run_drills({}, {}, seed=4, drills=3).drills != a.drills
    assert sum(a.earned.values()) > 0
    for pilot, gain in a.gained.items():
        assert pilot in ("david", "roan")
        assert gain <= min(campaign.DRILL_SESSION_CAP, a.earned[pilot] // campaign.DRILL_SHARE)
    nearly = {"david": campaign.TRAINING_CAP - 1, "roan": campaign.TRAINING_CAP}
    capped = campaign.run_drills({}, nearly, seed=3, drills=3)
    assert capped.gained.get("david", 0) <= 1 and "roan" not in capped.gained
    progress = Progress(xp={"david": 20}, training_xp=dict(nearly))
    progress.apply(campaign.MissionRecord(campaign.SIMULATOR_ID, True, xp=capped.gained))
    assert progress.training_xp["david"] <= campaign.TRAINING_CAP
    assert progress.xp["david"] == 20 + capped.gained.get("david", 0)
    assert campaign.SIMULATOR_ID not in progress.completed  # training is not a campaign mission


def test_the_simulator_flown_by_hand_counts_under_the_same_cap():
    state = Session(load_mission(campaign.SIMULATOR_ID), 1).state
    state.xp.update({"david": 40, "roan": 1})
    record = campaign.record_mission(
        campaign.SIMULATOR_ID, "skirmish", True, state, "earth", (), CATALOG, {"roan": campaign.TRAINING_CAP}
    )
    assert record.xp == {"david": campaign.DRILL_SESSION_CAP} and "Roan" in str(record.why)


def test_an_old_progress_file_loads_and_a_corrupt_one_is_kept_aside(home):
    path = home / "progress.json"
    path.write_text(json.dumps({"completed": ["earth-is-at-stake"]}))
    old = Progress.load()
    assert old.completed == ["earth-is-at-stake"] and old.xp == {} and not old.error
    assert old.memory == {"won.earth-is-at-stake"}

    path.write_text('{"completed": ["earth-is-at-st')
    broken = Progress.load()
    assert broken.completed == [] and "could not be read" in broken.error
    kept = home / "progress.json.broken-1"
    assert kept.read_text() == '{"completed": ["earth-is-at-st'  # not destroyed
    broken.mark("blue-dust")
    assert kept.read_text() == '{"completed": ["earth-is-at-st'
    assert Progress.load().completed == ["blue-dust"]

    path.write_text(json.dumps({"completed": [], "xp": {"david": "lots"}}))
    assert "xp must map" in Progress.load().error
    assert (home / "progress.json.broken-2").exists()


def _scenario(tmp_path, extra):
    text = SPARE_FIGHT.replace('pilot = "julia"\nhp_pct = 1\n', 'pilot = "julia"\nhp_pct = 1\n' + extra)
    path = tmp_path / "spare-fight.toml"
    path.write_text(text)
    return path, text


def _line_of(text, needle):
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_broken_flag_names_file_line_and_key(tmp_path):
    path, text = _scenario(tmp_path, 'requires = "fate.julia.spard"\n')
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    line = _line_of(text, "fate.julia.spard")
    assert f"{path}:{line}: units[3].requires: unknown fate" in str(err.value)
    assert "did you mean 'spared'" in str(err.value)

    path, text = _scenario(tmp_path, 'unless = ["rei_revaeled"]\n')
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert f"{path}:{_line_of(text, 'rei_revaeled')}: units[3].unless[0]: unknown flag" in str(err.value)
    assert "did you mean 'rei_revealed'" in str(err.value)

    path, _ = _scenario(tmp_path, 'requires = "fate.nobody.spared"\n')
    with pytest.raises(ScenarioError, match="unknown pilot"):
        load_scenario(path)


def test_gated_units_may_share_a_tile_only_when_exclusive_and_every_variant_must_start(tmp_path):
    ally = textwrap.dedent("""
        [[units]]
        id = "julia-braver"
        type = "braver"
        side = "earth"
        at = [2, 1]
        pilot = "julia"
        requires = "fate.julia.spared"
        """)
    path, _ = _scenario(tmp_path, 'unless = "fate.julia.spared"\n' + ally)
    enemy = load_scenario(path)
    friend = load_scenario(path, memory={"fate.julia.spared"})
    assert next(u for u in enemy.setup.units if u.id == "julia-braver").side == "grados"
    assert next(u for u in friend.setup.units if u.id == "julia-braver").side == "earth"
    assert friend.flags_read == {"fate.julia.spared"}

    path, _ = _scenario(tmp_path, 'unless = "fate.julia.captured"\n' + ally)
    with pytest.raises(ScenarioError, match="tile taken by julia-braver"):
        load_scenario(path)


def test_a_flag_set_mid_mission_by_a_trigger(tmp_path):
    text = SPARE_FIGHT + textwrap.dedent("""
        [[triggers]]
        id = "tell"
        when = { turn = 1 }
        do = [{ dialogue = { speaker = "Rei", text = "Noted." } }, { flag = "test_flag" }]

        [[story]]
        part = "debrief_win"
        requires = "test_flag"
        text = "Rei remembers."
        """)
    path = tmp_path / "spare-fight.toml"
    path.write_text(text)
    s = Session(load_mission(str(path)), 1)
    assert FlagSet("test_flag") in s.opening and s.flags_set == ["test_flag"]
    assert "test_flag" in s.memory and "test_flag" not in s.mission.memory
    assert s.mission.story_text("debrief_win", s.memory) == "Won.\n\nRei remembers."
    bad = text.replace('{ flag = "test_flag" }', '{ flag = "fate.julia.spared" }')
    path.write_text(bad)
    with pytest.raises(
        ScenarioError, match=r"triggers\[0\]\.do\[1\]\.flag: fate\.\* and won\.\* flags are set"
    ):
        load_scenario(path)


def test_blue_dust_reveals_reis_bias_when_its_trigger_fires():
    import dataclasses

    mission = campaign_mission("blue-dust", Progress())
    assert "rei-reveal" in {t.id for t in mission.setup.triggers}
    plain = Session(mission, 1)
    assert "rei_revealed" not in plain.memory and not plain.flags_set
    # the same mission with Gale's machine already hurt below 80 %: the trigger fires at once
    hurt = tuple(
        dataclasses.replace(u, hp_pct=70) if u.id == "grimekaisar" else u for u in mission.setup.units
    )
    s = Session(dataclasses.replace(mission, setup=dataclasses.replace(mission.setup, units=hurt)), 1)
    assert "rei-reveal" in s.state.fired and FlagSet("rei_revealed") in s.opening
    said = [e.text for e in s.opening if type(e).__name__ == "Dialogue"]
    assert any("Commander-class pilots are excluded" in t for t in said)
    assert "rei_revealed" in s.memory and s.flags_set == ["rei_revealed"]
    record = s.record(Progress())
    assert not record.counts  # not won yet: nothing kept
    won = dataclasses.replace(record, counts=True, flags=tuple(s.flags_set))
    progress = Progress()
    progress.apply(won)
    assert "rei_revealed" in Progress.load().memory
    # once the campaign knows, the scene is not played again, and the debrief tells of it
    revealed = campaign_mission("blue-dust", Progress.load())
    assert "rei-reveal" not in {t.id for t in revealed.setup.triggers}
    assert "asks Rei what else Grados put inside it" in revealed.story_text("debrief_win", s.memory)


def test_blue_dust_reveal_happens_in_real_play():
    """AI against AI until Gale's machine is hurt (the AI changes; some seed in 20 does it)."""
    mission = load_mission("blue-dust")
    for seed in range(1, 21):
        s = Session(mission, seed)
        earth = make_ai("earth", "earth", seed)
        while s.state.outcome is None and "rei_revealed" not in s.memory:
            if s.human_turn():
                s.act(earth.choose(observe(s.state, "earth"), legal_actions(s.state)))
            else:
                s.ai_step()
        if "rei_revealed" in s.memory:
            break
    else:
        raise AssertionError("Gale was never hurt in 20 AI-vs-AI games")
    assert "rei-reveal" in s.state.fired
    back = load_session(save_session(s))  # the reveal survives a save and load
    assert "rei_revealed" in back.memory


@pytest.fixture
def app(home):
    import pygame

    from layzner_tactics.ui import widgets
    from layzner_tactics.ui.app import App, open_display

    screen = open_display(Options(), True)
    assert not isinstance(screen, str), screen
    yield App(screen, Options())
    widgets.font.cache_clear()
    pygame.quit()


def test_the_debrief_lists_what_the_campaign_remembers(app, tmp_path):
    from layzner_tactics.ui.menus import DebriefScene

    session = _won_spare_fight(tmp_path)
    scene = DebriefScene(app, session, [])
    app.stack.append(scene)
    app.step([])
    assert scene.memory[0] == "The campaign remembers:"
    assert "- Julia: spared" in scene.memory
    roan = next(line for line in scene.memory if line.startswith("- Roan"))
    assert "+3 xp" in roan
    assert app.progress.fates == {"julia": "spared"} and Progress.load().fates == {"julia": "spared"}
    xp = dict(app.progress.xp)
    DebriefScene(app, session, [])  # shown again: remembered once
    assert app.progress.xp == xp == Progress.load().xp


def test_simulator_training_from_mission_select_adds_capped_xp(app):
    from layzner_tactics.ui.menus import BriefingScene, ListScene
    from layzner_tactics.ui.training import TrainingScene

    select = ListScene(app, "Mission Select", "mission")
    app.stack.append(select)
    app.apply(select.choose("simulator-training"))
    scene = app.stack[-1]
    assert isinstance(scene, TrainingScene)
    app.step([])
    scene.choose("drills")
    app.step([])
    assert scene.result[0].startswith(f"{campaign.DRILLS} drills")
    gained = app.progress.training_xp
    assert gained and all(0 < x <= campaign.DRILL_SESSION_CAP for x in gained.values())
    assert Progress.load().xp == gained
    app.progress.xp = {"david": XP_PER_STEP}  # a known total: one step of growth
    app.apply(scene.choose("fly"))  # and by hand: the simulator's briefing, with the students' skills
    brief = app.stack[-1]
    assert isinstance(brief, BriefingScene) and brief.mission is not None
    assert brief.mission.id == campaign.SIMULATOR_ID
    david = next(line for line in brief.students if line.startswith("David"))
    shooting = CATALOG.pilots["david"].shooting
    assert f"shooting {shooting + 2} (+2)" in david  # the growth shown once, on the catalog's skill
    app.step([])


def test_the_title_says_when_progress_could_not_be_read(home):
    import pygame

    from layzner_tactics.ui import widgets
    from layzner_tactics.ui.app import App, open_display
    from layzner_tactics.ui.menus import TitleScene

    (home / "progress.json").write_text("\x00garbage")
    screen = open_display(Options(), True)
    app = App(screen, Options())
    try:
        title = TitleScene(app)
        app.stack.append(title)
        app.step([])
        assert "could not be read" in title.note and "progress.json.broken-1" in title.note
    finally:
        widgets.font.cache_clear()
        pygame.quit()


@pytest.mark.parametrize("sid", ["blue-dust", "decoy-in-the-ruins", "dead-end-canyon", "gosterro"])
def test_every_remembered_variant_of_a_mission_plays_to_an_end(sid):
    from layzner_tactics.ai.policy import make_policy
    from layzner_tactics.scenario.loader import _variants
    from layzner_tactics.sim.match import play_match

    flags = load_scenario(sid).flags_read
    assert flags
    played = set()
    for memory in _variants(flags):
        scenario = load_scenario(sid, memory=memory)
        if (key := (scenario.setup.units, scenario.setup.triggers)) in played:
            continue  # only the story differs
        played.add(key)
        policies = {s.id: make_policy("random", s.id, 1) for s in scenario.setup.sides}
        result = play_match(scenario.setup, 1, policies)
        assert result.outcome is not None and result.turns <= scenario.setup.max_turns


def test_a_new_campaign_asks_first_and_keeps_the_old_file(app, home):
    from layzner_tactics.ui.menus import BriefingScene, TitleScene

    app.progress.apply(campaign.MissionRecord("earth-is-at-stake", True, xp={"david": 5}))
    title = TitleScene(app)
    app.stack.append(title)
    assert title.choose("new") is None and "forgets" in title.note  # asked, nothing lost yet
    assert Progress.load().xp == {"david": 5}
    assert title.choose("new") is None and title.picking_level  # then: which difficulty
    assert Progress.load().xp == {"david": 5}
    app.apply(title.choose("level:normal"))
    assert isinstance(app.stack[-1], BriefingScene)
    assert app.progress == Progress() and Progress.load() == Progress()
    assert json.loads((home / "progress.json.previous").read_text())["xp"] == {"david": 5}


def test_a_side_left_empty_by_the_memory_is_reported(tmp_path):
    text = SPARE_FIGHT.replace(
        'pilot = "grados_line"\nhp_pct = 1\n', 'pilot = "grados_line"\nhp_pct = 1\nunless = "rei_revealed"\n'
    )
    text = text.replace(
        'pilot = "julia"\nhp_pct = 1\n', 'pilot = "julia"\nhp_pct = 1\nunless = "rei_revealed"\n'
    )
    path = tmp_path / "spare-fight.toml"
    path.write_text(text)
    with pytest.raises(
        ScenarioError, match=r"side 'grados' has no units and none coming \(campaign flags: rei_revealed\)"
    ):
        load_scenario(path)


def test_a_save_from_before_the_campaign_remembered_still_loads():
    s = Session(load_mission("blue-dust"), 2)
    for _ in range(5):
        s.ai_step() if not s.human_turn() else s.act(s.legal()[-1])
    path = save_session(s)
    data = json.loads(path.read_text())
    assert data["memory"] == [] and data["overrides"] == {}
    del data["memory"], data["overrides"]
    path.write_text(json.dumps(data))
    assert load_session(path).state.hash() == s.state.hash()
    data["memory"] = "rei_revealed"  # not a list: refused with a message
    path.write_text(json.dumps(data))
    with pytest.raises(SaveError, match="memory must be a list"):
        load_session(path)


def test_a_survivor_killed_in_a_won_mission_is_remembered_as_lost():
    from layzner_tactics.engine import EndPhase, apply, new_game
    from layzner_tactics.engine.builder import destroy_all, quick_setup

    setup = quick_setup(
        CATALOG,
        ["............"] * 3,
        [
            ("l", "layzner", "earth", 0, 0, "eiji"),
            ("a", "survivor", "earth", 6, 0, "arthur"),
            ("b", "braver", "grados", 7, 0),
        ],
        objectives=[destroy_all("earth", ["grados"]), destroy_all("grados", ["earth"])],
    )
    for seed in range(40):
        state = new_game(setup, seed)
        apply(state, EndPhase("earth"))
        apply(state, Attack("b", "beam_gun", "a"))
        if "a" in state.destroyed:
            break
    assert campaign.pilot_fates(state, "earth") == {"arthur": "killed"}


def test_the_lost_do_not_come_back_in_later_missions():
    progress = Progress(fates={"arthur": "killed", "roan": "killed"})
    assert campaign.lost_cast(progress.memory) == ["arthur", "roan"]
    for sid in (
        "blue-dust",
        "decoy-in-the-ruins",
        "dead-end-canyon",
        "hunters-below",
        "crossfire",
        "gosterro",
    ):
        mission = campaign_mission(sid, progress)
        earth = [u for u in mission.setup.units if u.side == "earth"]
        pilots = [str(u.pilot) for u in earth if u.pilot]
        assert "arthur" not in pilots and "roan" not in pilots, sid
        assert len(pilots) == len(set(pilots)), sid  # a stand-in takes one seat only
        shown = " ".join(mission.unit_names.get(u.id, "") for u in earth)
        assert "Arthur" not in shown and "Roan" not in shown, sid
        speakers = {e.speaker for t in mission.setup.triggers for e in t.effects if isinstance(e, Say)}
        assert not speakers & {"Arthur", "Roan"}, sid
        assert len(earth) == len([u for u in load_mission(sid).setup.units if u.side == "earth"])
        session = Session(mission, seed=3)  # still a game that starts and plays
        for _ in range(20):
            if session.state.outcome is not None:
                break
            session.act(session.legal()[-1]) if session.human_turn() else session.ai_step()
    gosterro = campaign_mission("gosterro", progress)
    buldy = next(u for u in gosterro.setup.units if u.id == "buldy")
    assert buldy.pilot is not None and gosterro.unit_names["buldy"] == "Buldy"
    hunters = campaign_mission("hunters-below", progress)
    assert hunters.unit_names["roan"] not in ("Roan", "") and hunters.unit_names["arthur"] != "Arthur"


def test_an_enemy_pilot_taken_out_of_the_war_does_not_fly_again():
    progress = Progress(fates={"gale": "captured", "gusten": "killed", "julia": "spared"})
    assert campaign.fallen_enemies(progress.memory) == ["gale", "gusten"]  # a spared pilot may return
    crossfire = campaign_mission("crossfire", progress)
    placed = list(crossfire.setup.units) + [
        u for t in crossfire.setup.triggers for e in t.effects for u in getattr(e, "units", ())
    ]
    pilots = {str(u.pilot) for u in placed}
    assert "gale" not in pilots and "gusten" not in pilots and "julia" in pilots
    shown = " ".join(crossfire.unit_names.values())
    assert "Gale" not in shown and "Gusten" not in shown
    speakers = {e.speaker for t in crossfire.setup.triggers for e in t.effects if isinstance(e, Say)}
    assert "Gale" not in speakers
    assert {u.id for u in placed} == {u.id for u in load_mission("crossfire").setup.units} | {
        u.id
        for t in load_mission("crossfire").setup.triggers
        for e in t.effects
        for u in getattr(e, "units", ())
    }


def test_the_players_own_missions_are_listed_as_skirmishes_and_play(home):
    """A mission written with ``layzner-tactics new`` shows in Skirmish (marked as the player's), never
    in the campaign, and its briefing builds the game from the player's folder."""
    assert main(["new", "my-raid"]) == 0
    broken = home / "scenarios" / "torn.toml"
    broken.write_text("[scenario\n", encoding="utf-8")
    entries = {e.id: e for e in campaign.mission_list()}
    mine = entries["my-raid"]
    assert mine.user_made and mine.kind == "skirmish" and not mine.error
    assert entries["torn"].user_made and entries["torn"].kind == "skirmish" and entries["torn"].error
    assert not any(e.user_made for e in entries.values() if e.kind == "mission")
    assert not entries["earth-is-at-stake"].user_made
    mission = campaign_mission("my-raid", Progress())
    assert mission.id == "my-raid" and mission.setup.units


def test_a_game_resumed_from_a_save_is_played_by_the_same_hard_mind():
    """Hard knows its side's orders from the mission (Blue Dust: Gale's hurt calls the retreat), as it
    learns them at the start of a match; a game loaded from a save, saved before the Grados first
    moved, plays the Grados' first phases exactly as the game played through does."""

    def grados_actions(session):
        out = []
        while session.state.turn <= 3 and session.state.outcome is None:
            if session.human_turn():
                session.act(EndPhase(session.state.side_to_act))
            else:
                out.append(session.ai_step()[0])
        return out

    through = Session(load_mission("blue-dust"), 4, level="hard")
    resumed = load_session(save_session(Session(load_mission("blue-dust"), 4, level="hard")))
    assert resumed.level == "hard"
    assert grados_actions(resumed) == grados_actions(through)
