"""The balance tester's tools: levels per side, per-side and per-unit figures, side swaps, personality
what-ifs, CSV, Ctrl-C, progress, the demo command and the difficulty file."""

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from importlib.resources import files

import pytest
from sim_helpers import Charger

from layzner_tactics.ai.policy import RandomPolicy, make_policy, register_policy
from layzner_tactics.cli import _parser, main
from layzner_tactics.engine import Attack, EndPhase, Move, apply, legal_actions_for, new_game, observe
from layzner_tactics.engine.events import AttackResolved, OxygenChanged
from layzner_tactics.engine.threat import can_strike, people_hunted, strike_targets
from layzner_tactics.sim import calibrate, runner, scenarios
from layzner_tactics.sim.match import play_match
from layzner_tactics.sim.tally import COST_FIGURES, SIDE_FIGURES, UNIT_COLUMNS, _unwanted

LEVELS_SEEN: list[tuple[str, str]] = []


class Closer(Charger):
    """The charger, recording the level each side's policy was built at."""

    name = "closer"

    def __init__(self, side, seed, posture="", level="normal"):
        super().__init__(side, seed, posture, level)
        LEVELS_SEEN.append((side, level))


class Idler(RandomPolicy):
    """Ends every phase at once: it never attacks, so it should lose whichever side it plays."""

    name = "idler"

    def choose(self, obs, legal):
        return next(a for a in legal if isinstance(a, EndPhase))


register_policy("closer", Closer)
register_policy("idler", Idler)
CLOSE = ["--policy", "earth=closer", "--policy", "grados=closer"]
CLI = [sys.executable, "-m", "layzner_tactics"]


def _run(tmp_path, *args):
    out = tmp_path / "r.json"
    assert main(["simulate", *args, "--jobs", "1", "--json", str(out)]) == 0
    return json.loads(out.read_text())


def _child_env():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (os.getcwd(), env.get("PYTHONPATH", "")) if p)
    return env


# Per-side figures -------------------------------------------------------------------------------


def test_each_game_record_has_per_side_figures_that_add_up(tmp_path, capsys):
    data = _run(tmp_path, "demo", "--games", "6", "--seed", "4", *CLOSE)
    report = capsys.readouterr().out
    assert "per game (means)" in report and "people lost" in report
    for g in data["games"]:
        earth, grados = g["sides"]["earth"], g["sides"]["grados"]
        assert set(earth) == set(SIDE_FIGURES)
        for side in (earth, grados):
            assert 0 <= side["hits"] <= side["attacks"]
            assert 0 <= side["people_lost"] <= side["units_lost"]
        # the demo has no oxygen: every HP one side lost, the other side dealt
        assert earth["damage_dealt"] == grados["hp_lost"] and grados["damage_dealt"] == earth["hp_lost"]
        for side_id, side in g["sides"].items():
            assert side["units_lost"] == sum(g["lost"].get(side_id, {}).values())
        assert earth["people_lost"] == g["lost"].get("earth", {}).get("buggy", 0)
    assert any(g["sides"]["earth"]["attacks"] > 0 for g in data["games"])
    summary = data["report"]["scenarios"]["demo"]["sides"]["earth"]
    mean = sum(g["sides"]["earth"]["attacks"] for g in data["games"]) / 6
    assert summary["means"]["attacks"] == pytest.approx(mean)


def test_attack_counts_match_an_independent_count_of_the_games_events(tmp_path):
    data = _run(tmp_path, "demo", "--games", "3", "--seed", "9", *CLOSE)
    scenario = scenarios.load("demo")
    side_of = {str(p.id): str(p.side) for p in scenario.setup.units}
    for g in data["games"]:
        policies = {s.id: make_policy("closer", s.id, g["seed"]) for s in scenario.sides}
        result = play_match(scenario.setup, g["seed"], policies, keep_events=True)
        strikes = [e for e in result.events if isinstance(e, AttackResolved) and not e.counter]
        made = Counter(side_of[str(e.attacker)] for e in strikes)
        hit = Counter(side_of[str(e.attacker)] for e in strikes if e.hit)
        for side in ("earth", "grados"):
            assert g["sides"][side]["attacks"] == made[side]
            assert g["sides"][side]["hits"] == hit[side]


def test_caches_taken_match_the_games_own_oxygen_events(tmp_path):
    """Hunters Below with the Earth AI (seed 2): its survivors open caches, and each record counts the
    caches each side opened as the game's events announced them."""
    data = _run(tmp_path, "hunters-below", "--games", "2", "--seed", "2", "--policy", "earth=earth")
    scenario = scenarios.load("hunters-below")
    for g in data["games"]:
        policies = {
            s.id: make_policy(g["policies"][s.id], s.id, g["seed"], s.posture) for s in scenario.sides
        }
        result = play_match(scenario.setup, g["seed"], policies, keep_events=True)
        opened = Counter(
            str(e.side) for e in result.events if isinstance(e, OxygenChanged) and e.reason == "cache"
        )
        for side in ("earth", "grados"):
            assert g["sides"][side]["caches_taken"] == opened[side]
    assert sum(g["sides"]["earth"]["caches_taken"] for g in data["games"]) > 0


def _attackable(state) -> set[str]:
    """The enemies the side to act sees and could attack now, asked of the rules themselves: the
    targets of the attacks among its legal actions, and among those of a unit after one of its legal
    moves (played on a copy of the game)."""
    side = state.side_to_act
    obs = observe(state, side)
    seen = {e.id for e in obs.enemies()}
    legal = legal_actions_for(obs)
    found = {str(a.target) for a in legal if isinstance(a, Attack) and a.target in seen}
    for move in (a for a in legal if isinstance(a, Move)):
        after = state.copy()
        apply(after, move)
        if after.outcome is None and after.side_to_act == side:
            again = legal_actions_for(observe(after, side))
            found |= {
                str(a.target)
                for a in again
                if isinstance(a, Attack) and a.unit == move.unit and a.target in seen
            }
    return found


def test_an_attack_in_reach_is_what_the_rules_allow():
    """``can_strike`` (the phases ``simulate`` counts as having an attack in reach) says yes exactly
    when the rules would let a unit of the side attack an enemy it sees, staying or after a move, and
    ``strike_targets`` names exactly those enemies: over the first phases of a game of Earth Is at
    Stake, both answers come up and each matches."""
    scenario = scenarios.load("earth-is-at-stake")
    policies = {
        s.id: make_policy("earth" if s.id == "earth" else "grados", s.id, 5, s.posture)
        for s in scenario.sides
    }
    state = new_game(scenario.setup, 5)
    answers = []
    while state.outcome is None and len(answers) < 16:
        side = state.side_to_act
        obs = observe(state, side)
        rules_say = _attackable(state)
        answers.append(can_strike(obs))
        assert answers[-1] == bool(rules_say), f"turn {state.turn} {side}"
        assert {str(e.id) for e in strike_targets(obs)} == rules_say, f"turn {state.turn} {side}"
        phase = (state.turn, side)
        while state.outcome is None and (state.turn, state.side_to_act) == phase:
            obs = observe(state, side)
            apply(state, policies[side].choose(obs, legal_actions_for(obs)))
    assert True in answers and False in answers


def test_the_targets_a_mission_does_not_want_shot():
    """The press share's second count leaves out the Layzner while the side hunts the people (Grados on
    Earth Is at Stake, whose survivors Earth must bring out and Grados must destroy) and a wary garrison
    until it joins the fight (Crossfire's bases). A Braver is always wanted, and so is the Layzner where
    nobody hunts people (the demo)."""
    state = new_game(scenarios.load("earth-is-at-stake").setup, 1)
    grados, earth = observe(state, "grados"), observe(state, "earth")
    survivors = {uid for uid, u in state.units.items() if u.type_id == "survivor"}
    assert survivors and people_hunted(grados) == survivors
    assert people_hunted(earth) == set()
    braver = next(u for u in state.units.values() if u.type_id == "braver")
    assert _unwanted(state, state.units["layzner"], bool(people_hunted(grados)))
    assert not _unwanted(state, braver, bool(people_hunted(earth)))

    state = new_game(scenarios.load("demo").setup, 1)
    grados = observe(state, "grados")
    assert people_hunted(grados) == set()
    assert not _unwanted(state, state.units["layzner"], bool(people_hunted(grados)))

    state = new_game(scenarios.load("crossfire").setup, 1)
    garrison = next(u for u in state.units.values() if u.side == "us")
    grados = observe(state, "grados")
    assert _unwanted(state, garrison, bool(people_hunted(grados)))
    state.alarmed.add(garrison.side)
    assert not _unwanted(state, garrison, bool(people_hunted(grados)))


def test_the_report_counts_the_phases_that_pressed(tmp_path, capsys):
    """Per side, the phases that began with an attack in reach and those of them with an attack, and
    the same for the phases with a target the mission wants shot in reach: each game record has them
    (no more pressed than in reach or than attacks made; the wanted ones a part of the rest), and the
    report sums them and prints both shares. On Earth Is at Stake, Grados has phases with only the
    Layzner in reach."""
    data = _run(tmp_path, "earth-is-at-stake", "--games", "2", "--seed", "1", "--policy", "earth=earth")
    report = capsys.readouterr().out
    summary = data["report"]["scenarios"]["earth-is-at-stake"]["sides"]
    for side in ("earth", "grados"):
        rows = [g["sides"][side] for g in data["games"]]
        assert all(r["phases_pressed"] <= min(r["phases_in_reach"], r["attacks"]) for r in rows)
        assert all(r["phases_pressed_wanted"] <= r["phases_in_reach_wanted"] for r in rows)
        assert all(r["phases_in_reach_wanted"] <= r["phases_in_reach"] for r in rows)
        assert all(r["phases_pressed_wanted"] <= r["phases_pressed"] for r in rows)
        for figure in (
            "phases_in_reach",
            "phases_pressed",
            "phases_in_reach_wanted",
            "phases_pressed_wanted",
        ):
            assert summary[side][figure] == sum(r[figure] for r in rows)
    assert summary["grados"]["phases_in_reach"] > summary["grados"]["phases_pressed"] > 0
    assert summary["grados"]["phases_in_reach"] > summary["grados"]["phases_in_reach_wanted"] > 0
    assert "phases with an attack in reach that made one: " in report
    assert "leaving out phases with only the Layzner (while hunting the people)" in report


def test_the_report_counts_the_wins_that_cost_something(tmp_path, capsys):
    """A win at a cost: the winner lost HP, a unit or an oxygen cache on the way. The report counts them
    per side from the game records and prints them beside the wins."""
    data = _run(tmp_path, "demo", "--games", "6", "--seed", "4", *CLOSE)
    report = capsys.readouterr().out
    summary = data["report"]["scenarios"]["demo"]["sides"]
    for side in ("earth", "grados"):
        won = [g for g in data["games"] if g["winner"] == side]
        costly = [g for g in won if any(g["sides"][side][f] > 0 for f in COST_FIGURES)]
        assert summary[side]["costly_wins"] == len(costly) <= summary[side]["wins"] == len(won)
    assert any(summary[s]["costly_wins"] for s in ("earth", "grados"))
    assert "wins at a cost" in report
    winners = [s for s in ("earth", "grados") if summary[s]["wins"]]
    for side in winners:
        assert f"{side} {summary[side]['costly_wins']} of {summary[side]['wins']}" in report


def test_people_lost_counts_the_survivors_of_a_mission(tmp_path):
    data = _run(tmp_path, "earth-is-at-stake", "--games", "2", "--seed", "3")
    for g in data["games"]:
        civilians = sum(n for t, n in g["lost"].get("earth", {}).items() if t in ("survivor", "buggy"))
        assert g["sides"]["earth"]["people_lost"] == civilians


# Levels -----------------------------------------------------------------------------------------


def test_difficulty_sets_the_level_of_grados_sides_only(tmp_path, capsys):
    LEVELS_SEEN.clear()
    data = _run(tmp_path, "demo", "--games", "2", "--difficulty", "hard", "--policy", "earth=closer")
    assert "grados:hard" in capsys.readouterr().out
    summary = data["report"]["scenarios"]["demo"]
    assert summary["policies"] == {"earth": "closer:normal", "grados": "grados:hard"}
    assert all(g["policies"] == summary["policies"] for g in data["games"])
    assert set(LEVELS_SEEN) == {("earth", "normal")}  # the closer itself is not Grados: normal


def test_two_levels_meet_in_one_game(tmp_path):
    LEVELS_SEEN.clear()
    args = ["--policy", "blue=closer:hard", "--policy", "red=closer:story", "--difficulty", "normal"]
    data = _run(tmp_path, "skirmish-crater-field", "--games", "2", *args)
    assert data["report"]["scenarios"]["skirmish-crater-field"]["policies"] == {
        "blue": "closer:hard",
        "red": "closer:story",
    }
    assert set(LEVELS_SEEN) == {("blue", "hard"), ("red", "story")}


def test_unknown_policy_or_level_is_a_usage_error_on_stderr(capsys):
    assert main(["simulate", "demo", "--games", "1", "--policy", "grados=grados:brutal"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "brutal" in err and "story, normal, hard" in err
    assert main(["simulate", "demo", "--games", "1", "--policy", "grados=gradoss"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "gradoss" in err
    with pytest.raises(SystemExit) as stop:
        main(["simulate", "demo", "--difficulty", "brutal"])
    assert stop.value.code == 2 and "brutal" in capsys.readouterr().err


# Side swap --------------------------------------------------------------------------------------


def test_swap_sides_measures_the_ai_not_the_side(tmp_path, capsys):
    args = ["skirmish-canyon-run", "--games", "6", "--swap-sides", "--policy", "blue=closer"]
    data = _run(tmp_path, *args, "--policy", "red=idler")
    report = capsys.readouterr().out
    assert "by AI" in report
    games = data["games"]
    assert [g["seed"] for g in games[::2]] == [g["seed"] for g in games[1::2]]  # pairs on one seed
    assert games[0]["policies"] == {"blue": "closer:normal", "red": "idler:normal"}
    assert games[1]["policies"] == {"blue": "idler:normal", "red": "closer:normal"}
    ais = data["report"]["scenarios"]["skirmish-canyon-run"]["ais"]
    assert ais["closer:normal"]["games_by_side"] == {"blue": 3, "red": 3}
    assert ais["closer:normal"]["wins"] > ais["idler:normal"]["wins"]  # whichever side it had
    two = tmp_path / "two.json"
    assert (
        main(["simulate", *args, "--policy", "red=idler", "--jobs", "2", "--batch", "1", "--json", str(two)])
        == 0
    )
    assert json.loads(two.read_text())["games"] == games  # worker count changes nothing


def test_swap_sides_needs_two_sides(capsys):
    assert main(["simulate", "crossfire", "--games", "1", "--swap-sides"]) == 2
    assert "two sides" in capsys.readouterr().err


# Personalities ----------------------------------------------------------------------------------


def test_a_personality_override_changes_how_the_ai_plays(tmp_path):
    calm = _run(tmp_path, "demo", "--games", "8", "--seed", "5", "--set", "ai.braver_line.aggression=0")
    wild = _run(tmp_path, "demo", "--games", "8", "--seed", "5", "--set", "ai.braver_line.aggression=10")

    def attacks(data):
        return data["report"]["scenarios"]["demo"]["sides"]["grados"]["means"]["attacks"]

    assert attacks(wild) > attacks(calm)


def test_personality_overrides_are_checked_with_did_you_mean(capsys):
    assert main(["simulate", "demo", "--games", "1", "--set", "ai.gail.aggression=3"]) == 2
    assert "did you mean 'gale'" in capsys.readouterr().err
    assert main(["simulate", "demo", "--games", "1", "--set", "ai.gale.agression=3"]) == 2
    assert "did you mean 'aggression'" in capsys.readouterr().err
    assert main(["simulate", "demo", "--games", "1", "--set", "ai.gale.aggression=12"]) == 2
    assert "0 to 10" in capsys.readouterr().err
    assert main(["simulate", "demo", "--games", "1", "--sweep", "ai.gale.mercy=1,x"]) == 2
    assert main(["simulate", "demo", "--games", "1", *CLOSE, "--set", "ai.gale.mercy=1"]) == 2
    assert "uses AI personalities" in capsys.readouterr().err


# Tables -----------------------------------------------------------------------------------------


def test_csv_tables_read_back(tmp_path, capsys):
    games_csv, units_csv, out = tmp_path / "g.csv", tmp_path / "u.csv", tmp_path / "r.json"
    args = ["simulate", "blue-dust", "--games", "3", "--jobs", "1", "--json", str(out)]
    assert main([*args, "--csv", str(games_csv), "--units-csv", str(units_csv)]) == 0
    data = json.loads(out.read_text())
    with games_csv.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert [int(r["seed"]) for r in rows] == [g["seed"] for g in data["games"]]
    for row, g in zip(rows, data["games"], strict=True):
        assert row["winner"] == (g["winner"] or "draw") and int(row["turns"]) == g["turns"]
        assert row["termination"] == g["termination"]
        for side in ("earth", "grados"):
            assert row[f"{side}_policy"] == g["policies"][side]
            for f in SIDE_FIGURES:
                assert int(row[f"{side}_{f}"]) == g["sides"][side][f]
    with units_csv.open(newline="") as f:
        units = list(csv.DictReader(f))
    assert set(units[0]) == {"scenario", "sweep_value", "index", "seed", *UNIT_COLUMNS}
    for g in data["games"]:
        mine = [u for u in units if int(u["index"]) == g["index"]]
        assert {u["unit"] for u in mine} >= {"layzner", "buggy"}
        for side in ("earth", "grados"):
            dealt = sum(int(u["damage_dealt"]) for u in mine if u["side"] == side)
            assert dealt == g["sides"][side]["damage_dealt"]
            gone = [u for u in mine if u["side"] == side and u["fate"] not in ("survived", "evacuated")]
            assert len(gone) == g["sides"][side]["units_lost"]
            assert all(u["turn_lost"].isdigit() and 1 <= int(u["turn_lost"]) <= g["turns"] for u in gone)
    assert all(u["turn_lost"] == "" for u in units if u["fate"] == "survived")
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(games_csv)
    assert len(frame) == 3 and frame["earth_attacks"].sum() == sum(
        r["sides"]["earth"]["attacks"] for r in data["games"]
    )
    assert len(pd.read_csv(units_csv)) == len(units)


def test_json_dash_writes_the_json_to_stdout_and_the_report_to_stderr(capsys):
    assert main(["simulate", "demo", "--games", "2", "--jobs", "1", *CLOSE, "--json", "-"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert len(data["games"]) == 2 and "95% CI" in err
    assert not os.path.exists("-")


# Ctrl-C and progress ----------------------------------------------------------------------------


def test_ctrl_c_reports_and_writes_the_games_that_finished(tmp_path):
    out, table = tmp_path / "r.json", tmp_path / "g.csv"
    cmd = [*CLI, "simulate", "skirmish-crater-field", "--games", "2000", "--jobs", "2"]
    proc = subprocess.Popen(
        [*cmd, "--json", str(out), "--csv", str(table)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_child_env(),
        # a child of a non-interactive shell may inherit SIGINT ignored; a user's terminal does not
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    line = proc.stderr.readline()  # off a terminal: a plain progress line every few seconds
    assert line.startswith("simulate: ") and "games/s" in line and "ETA" in line
    proc.send_signal(signal.SIGINT)
    sent = time.monotonic()
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130 and time.monotonic() - sent < 20
    assert "Traceback" not in stderr and "interrupted" in stderr
    assert "PARTIAL" in stdout
    data = json.loads(out.read_text())
    done = len(data["games"])
    assert data["report"]["partial"] and 0 < done < 2000
    assert data["report"]["scenarios"]["skirmish-crater-field"]["played"] == done
    assert f"{done} games (PARTIAL" in stdout
    with table.open(newline="") as f:
        assert len(list(csv.DictReader(f))) == done


def test_progress_line_has_rate_and_eta_and_is_plain_off_a_terminal():
    now = [0.0]
    tty = io.StringIO()
    bar = runner.Progress(tty, tty=True, clock=lambda: now[0])
    now[0] = 2.0
    bar(10, 50)
    assert tty.getvalue().startswith("\r[") and "10/50 games, 5.0 games/s, ETA 0:08" in tty.getvalue()
    log = io.StringIO()
    plain = runner.Progress(log, tty=False, every=5.0, clock=lambda: now[0])
    now[0] = 4.0
    plain(10, 50)
    assert log.getvalue() == ""  # not yet: every few seconds only
    now[0] = 7.5
    plain(30, 50)
    assert log.getvalue() == "simulate: 30/50 games, 5.5 games/s, ETA 0:04\n"


def test_quiet_prints_no_progress_or_notes_and_verbose_more(tmp_path, capsys):
    out = tmp_path / "r.json"
    assert main(["simulate", "demo", "--games", "2", "--jobs", "1", *CLOSE, "-q", "--json", str(out)]) == 0
    assert capsys.readouterr().err == ""
    assert main(["simulate", "demo", "--games", "2", "--jobs", "1", *CLOSE, "-v", "--json", str(out)]) == 0
    err = capsys.readouterr().err
    assert "on 1 worker(s)" in err and "games/s" in err and f"wrote {out}" in err


# Scenario loads ---------------------------------------------------------------------------------


def test_each_scenario_is_loaded_once_per_run(tmp_path, monkeypatch):
    log = tmp_path / "loads.txt"
    real = scenarios._load

    def counted(ref, overrides, stamp):
        with log.open("a") as f:  # a file, so forked workers count too
            f.write(f"{ref}\n")
        return real.__wrapped__(ref, overrides, stamp)

    monkeypatch.setattr(scenarios, "_load", counted)
    args = ["simulate", "blue-dust", "demo", "--games", "4", *CLOSE[:2], "--batch", "1"]
    assert main([*args, "--jobs", "2"]) == 0
    assert sorted(log.read_text().split()) == ["blue-dust", "demo"]


# demo and the command line ----------------------------------------------------------------------


def test_demo_plays_the_scenario_it_is_given(capsys):
    assert main(["demo", "blue-dust", "--seed", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Blue Dust: Earth (earth:normal), Grados (grados:normal), seed 2")
    assert "Game over after" in out
    assert main(["demo", "no-such-mission"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "no-such-mission" in err


def test_demo_into_head_ends_quietly():
    proc = subprocess.run(
        f"{' '.join(CLI)} demo blue-dust | head -n 2",
        shell=True,
        capture_output=True,
        text=True,
        env=_child_env(),
        timeout=120,
    )
    assert proc.returncode == 0 and len(proc.stdout.splitlines()) == 2
    assert proc.stderr == ""


def test_version_and_help_text_for_every_option(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0 and capsys.readouterr().out.startswith("layzner-tactics 0.")
    parser = _parser()
    subs = next(a for a in parser._actions if a.dest == "command").choices
    for name in ("simulate", "calibrate", "demo", "replay", "bench"):
        for action in subs[name]._actions:
            assert action.help, f"{name} {action.option_strings or action.dest} has no help text"
        assert "%%" not in subs[name].format_help()


def test_no_window_message_goes_to_stderr(monkeypatch, tmp_path, capsys):
    from layzner_tactics.ui import app

    monkeypatch.setenv("LAYZNER_TACTICS_HOME", str(tmp_path))
    monkeypatch.setattr(app, "open_display", lambda options, windowed: "no display")
    assert main(["play"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "cannot open a window" in err


# Sweep plot -------------------------------------------------------------------------------------


def test_sweep_plot_draws_win_rate_against_the_value(tmp_path, monkeypatch):
    from layzner_tactics.sim import plot

    drawn = {}
    monkeypatch.setattr(plot, "plot_sweep", lambda table, path: drawn.update(table=table, path=path))
    png = tmp_path / "sweep.png"
    args = ["simulate", "demo", "--games", "4", "--jobs", "1", *CLOSE, "--plot", str(png)]
    assert main([*args, "--sweep", "braver.armor=500,900,2000"]) == 0
    rows = drawn["table"]["rows"]
    assert drawn["path"] == str(png) and [r["value"] for r in rows] == [500, 900, 2000]
    for r in rows:
        assert r["scenario"] == "demo" and set(r["sides"]) == {"earth", "grados"}
        low, high = r["sides"]["grados"]["ci95"]
        assert low <= r["sides"]["grados"]["win_rate"] <= high


def test_sweep_plot_is_a_png(tmp_path):
    pytest.importorskip("matplotlib")
    png = tmp_path / "sweep.png"
    args = ["simulate", "demo", "--games", "2", "--jobs", "1", *CLOSE, "--plot", str(png)]
    assert main([*args, "--sweep", "braver.armor=500,2000", "-q"]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# Mission difficulty file ------------------------------------------------------------------------


def test_calibrate_writes_measured_difficulty_and_keeps_other_entries(tmp_path, capsys):
    path = tmp_path / "difficulty.json"
    args = ["calibrate", "blue-dust", "--player", "earth", "--games", "3", "--out", str(path), "--jobs", "1"]
    assert main([*args, "--levels", "story"]) == 0
    assert main([*args, "--levels", "hard", "--seed", "4"]) == 0
    out = capsys.readouterr().out
    assert "blue-dust" in out
    # the design's bands are set around Normal: a run without it judges nothing
    assert "\nblue-dust: not judged against the design's bands" in out
    table = calibrate.read_difficulty(path)
    assert set(table) == {"blue-dust"} and set(table["blue-dust"]) == {"story", "hard"}
    hard = table["blue-dust"]["hard"]
    assert (hard.policy, hard.side, hard.games, hard.seed) == ("earth", "earth", 3, 4)
    assert hard.opponents == {"grados": "grados:hard"}
    assert hard.ci95[0] <= hard.win_rate <= hard.ci95[1] and len(hard.date) == 10
    # the same games as simulate plays: the same win rate
    out = tmp_path / "r.json"
    sim = ["simulate", "blue-dust", "--games", "3", "--seed", "4", "--difficulty", "hard", "--jobs", "1"]
    assert main([*sim, "--json", str(out)]) == 0
    earth = json.loads(out.read_text())["report"]["scenarios"]["blue-dust"]["sides"]["earth"]
    assert earth["win_rate"] == hard.win_rate
    # and the share of those wins that cost something, when there were any
    if earth["wins"]:
        assert hard.costly_wins == earth["costly_wins"] / earth["wins"]
    else:
        assert hard.costly_wins is None


def test_calibrate_records_which_version_of_the_mission_it_measured(tmp_path):
    path = tmp_path / "difficulty.json"
    mission = tmp_path / "blue-dust.toml"
    mission.write_text((files("layzner_tactics.data") / "scenarios" / "blue-dust.toml").read_text())
    args = ["calibrate", str(mission), "--player", "earth", "--games", "2", "--levels", "normal"]
    assert main([*args, "--out", str(path), "--jobs", "1", "-q"]) == 0
    entry = calibrate.read_difficulty(path)["blue-dust"]["normal"]
    assert entry.fingerprint == calibrate.mission_digest(mission.read_text())
    assert entry.fingerprint == calibrate.current_digest("blue-dust")  # the bundled file, unchanged


def test_every_bundled_difficulty_was_measured_on_the_mission_as_it_is_now():
    # a retuned mission must be measured again (`layzner-tactics calibrate MISSION`): Mission Select
    # shows no figure for it until then
    table = calibrate.read_difficulty()
    assert set(table) == set(calibrate.mission_ids())
    stale = [
        f"{mission}.{level}"
        for mission, levels in table.items()
        for level, entry in levels.items()
        if entry.fingerprint != calibrate.current_digest(mission)
    ]
    assert not stale, f"measured on another version of the mission: {stale}"


def _measured(rate, low, high):
    return calibrate.Measured("expert", "earth", {}, rate, (low, high), 300, 1, "2026-12-03")


def test_design_misses_name_each_band_a_mission_misses():
    fine = {"story": _measured(0.80, 0.75, 0.84), "normal": _measured(0.50, 0.44, 0.56)}
    assert calibrate.design_misses({**fine, "hard": _measured(0.40, 0.34, 0.46)}) == []
    # the Hunters Below retune tried on 2026-12-03: the levels came out in the wrong order
    inverted = {
        "story": _measured(0.433, 0.378, 0.49),
        "normal": _measured(0.583, 0.527, 0.638),
        "hard": _measured(0.553, 0.497, 0.609),
    }
    assert calibrate.design_misses(inverted) == [
        "story 43 % is not 15 points easier than normal 58 %",
        "hard 55 % is not 10 points harder than normal 58 %",
    ]
    assert calibrate.design_misses({"normal": _measured(0.83, 0.74, 0.89)}) == [
        "normal 83 % is outside 30 %-65 %"
    ]
    assert calibrate.design_misses({"normal": _measured(0.33, 0.24, 0.43)}) == [
        "normal's interval 24 %-43 % is not inside 25 %-70 %"
    ]
    # exactly 15 and 10 points apart is enough
    edge = {"story": _measured(0.65, 0.6, 0.7), "normal": _measured(0.5, 0.44, 0.56)}
    assert calibrate.design_misses({**edge, "hard": _measured(0.4, 0.34, 0.46)}) == []


def test_every_bundled_mission_was_measured_within_the_designs_bands():
    # what Mission Select promises a player: a fight at Normal, Story clearly easier, Hard clearly harder
    misses = {m: calibrate.design_misses(levels) for m, levels in calibrate.read_difficulty().items()}
    assert not {m: v for m, v in misses.items() if v}


def test_calibrate_refuses_unknown_policies_and_levels(tmp_path, capsys):
    out = tmp_path / "d.json"
    assert main(["calibrate", "blue-dust", "--player", "nobody", "--out", str(out)]) == 2
    assert "nobody" in capsys.readouterr().err
    assert main(["calibrate", "blue-dust", "--player", "earth", "--levels", "brutal", "--out", str(out)]) == 2
    assert not out.exists()


def test_calibrate_measures_missions_only():
    ids = calibrate.mission_ids()
    assert "earth-is-at-stake" in ids and not any(i.startswith("skirmish") for i in ids)


def test_a_broken_difficulty_file_is_named(tmp_path):
    bad = tmp_path / "difficulty.json"
    bad.write_text('{"format": 1, "missions": {"blue-dust": {"hard": {"win_rate": 2}}}}')
    with pytest.raises(calibrate.DifficultyFileError, match=r"blue-dust\.hard"):
        calibrate.read_difficulty(bad)
    assert calibrate.read_difficulty(tmp_path / "none.json") == {}


def test_ctrl_c_with_one_worker_keeps_the_games_before_it(tmp_path, monkeypatch, capsys):
    real = runner.play_one

    def stopped_at_third(config, index, scenario=None):
        if index == 2:
            raise KeyboardInterrupt
        return real(config, index, scenario)

    monkeypatch.setattr(runner, "play_one", stopped_at_third)
    out = tmp_path / "r.json"
    code = main(["simulate", "demo", "--games", "5", "--jobs", "1", *CLOSE, "--json", str(out)])
    assert code == 130
    assert "2 games (PARTIAL: interrupted, 2 of 5 games finished)" in capsys.readouterr().out
    data = json.loads(out.read_text())
    assert [g["index"] for g in data["games"]] == [0, 1] and data["report"]["partial"]
