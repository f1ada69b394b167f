"""Headless simulation: deterministic across workers, honest statistics, failures never counted."""

import json
import math
from statistics import NormalDist

import pytest
from sim_helpers import Charger

from layzner_tactics.ai.policy import RandomPolicy, register_policy
from layzner_tactics.cli import main
from layzner_tactics.engine import Move, Termination
from layzner_tactics.sim import runner, scenarios
from layzner_tactics.sim.replay import load_replay, verify_replay
from layzner_tactics.sim.stats import summarise, wilson


class _Cheater(RandomPolicy):
    name = "cheater"

    def choose(self, obs, legal):
        unit = next((u for u in obs.own_units() if not u.moved), None)
        if unit is not None:
            return Move(unit.id, (unit.tile, unit.tile))  # not a legal move
        return legal[-1]


class _Crasher(Charger):
    """Plays a few actions, then its code breaks."""

    name = "crasher"

    def __init__(self, side, seed, posture="", level="normal"):
        super().__init__(side, seed, posture)
        self.calls = 0

    def choose(self, obs, legal):
        self.calls += 1
        if self.calls > 5:
            raise ZeroDivisionError("the AI divided by nothing")
        return super().choose(obs, legal)


register_policy("charger", Charger)
register_policy("cheater", _Cheater)
register_policy("crasher", _Crasher)
CHARGE = ["--policy", "earth=charger", "--policy", "grados=charger"]


def _data(path):
    return json.loads(path.read_text())


# Determinism -------------------------------------------------------------------------------------


def test_same_results_for_one_and_two_workers(tmp_path, capsys):
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    args = ["simulate", "skirmish-canyon-run", "--games", "4", "--seed", "7"]
    assert main([*args, "--jobs", "1", "--json", str(one)]) == 0
    report_one = capsys.readouterr().out
    assert main([*args, "--jobs", "2", "--batch", "1", "--json", str(two)]) == 0
    assert capsys.readouterr().out == report_one
    assert _data(one) == _data(two)
    assert [g["index"] for g in _data(one)["games"]] == [0, 1, 2, 3]


def test_game_seeds_depend_on_run_seed_scenario_and_index_only(tmp_path):
    out = tmp_path / "r.json"
    assert (
        main(["simulate", "demo", "--games", "3", "--seed", "11", "--jobs", "1", *CHARGE, "--json", str(out)])
        == 0
    )
    seeds = [g["seed"] for g in _data(out)["games"]]
    assert seeds == [runner.game_seed(11, "demo", i) for i in range(3)]
    assert len(set(seeds)) == 3 and runner.game_seed(12, "demo", 0) != seeds[0]


def test_batches_cover_every_game_once():
    for games, workers, size in ((1, 4, 0), (10, 2, 0), (101, 4, 0), (101, 2, 7)):
        flat = [i for b in runner.batches(games, workers, size) for i in b]
        assert flat == list(range(games))


def test_dask_executor_gives_the_local_result():
    distributed = pytest.importorskip("distributed")
    config = runner.SimConfig("skirmish-crater-field", 3, 5)
    local = runner.run([config], 1)
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as c,
        distributed.Client(c) as client,
    ):
        remote = runner.run([config], 2, client.get_executor(), batch=2)
    assert local == remote and not any(r.error for r in local)


# Statistics --------------------------------------------------------------------------------------


def _wilson_by_quadratic(wins, n):
    """The Wilson bounds as the roots p of (p_hat - p)^2 = z^2 p (1 - p) / n (Wilson 1927), solved
    directly: an independent route to the same interval as the centre +- half-width form."""
    z = NormalDist().inv_cdf(0.975)
    p_hat = wins / n
    a, b, c = 1 + z * z / n, -(2 * p_hat + z * z / n), p_hat * p_hat
    root = math.sqrt(b * b - 4 * a * c)
    return (-b - root) / (2 * a), (-b + root) / (2 * a)


# The table values are also those of statsmodels' proportion_confint(method="wilson"), rounded.
@pytest.mark.parametrize(
    ("wins", "n", "low", "high"),
    [(0, 10, 0.0, 0.2775), (5, 10, 0.2366, 0.7634), (10, 10, 0.7225, 1.0), (81, 100, 0.7222, 0.8749)],
)
def test_wilson_interval_known_values(wins, n, low, high):
    got_low, got_high = wilson(wins, n)
    ref_low, ref_high = _wilson_by_quadratic(wins, n)
    assert math.isclose(ref_low, low, abs_tol=5e-5) and math.isclose(ref_high, high, abs_tol=5e-5)
    assert math.isclose(got_low, ref_low, abs_tol=1e-9) and math.isclose(got_high, ref_high, abs_tol=1e-9)
    assert round(got_low, 4) == low and round(got_high, 4) == high


def test_wilson_with_no_games_is_the_whole_range():
    assert wilson(0, 0) == (0.0, 1.0)


def test_summary_counts_wins_draws_losses_and_failures():
    def rec(i, winner, turns, error=""):
        lost = {"earth": {"buggy": 1}} if winner == "grados" else {}
        spared = {"earth": {"disabled": 1}} if lost else {}
        return runner.GameRecord(
            "demo",
            i,
            i,
            winner,
            "objectives",
            "done",
            turns,
            10,
            lost,
            {"earth": 1},
            {"earth": 2},
            error,
            "",
            spared,
        )

    records = [rec(0, "earth", 4), rec(1, "grados", 6), rec(2, None, 8), rec(3, None, 0, error="crash")]
    s = summarise(records, ["earth", "grados"])
    assert (s["games"], s["played"], s["errors"], s["draws"]) == (4, 3, 1, 1)
    assert s["sides"]["earth"]["wins"] == 1 and math.isclose(s["sides"]["earth"]["win_rate"], 1 / 3)
    assert s["sides"]["earth"]["units_lost"] == {"buggy": 1}
    assert s["sides"]["earth"]["pilots_alive_of_lost"] == {"disabled": 1}
    assert s["sides"]["earth"]["saved"] == 3 and s["sides"]["earth"]["civilians_alive_at_end"] == 6
    assert (
        s["turns"]["mean"] == 6
        and s["turns"]["stdev"] == 2
        and s["turns"]["histogram"]
        == {
            "4": 1,
            "6": 1,
            "8": 1,
        }
    )


# The report and its JSON -------------------------------------------------------------------------


def test_json_has_the_report_and_one_record_per_game(tmp_path, capsys):
    out = tmp_path / "r.json"
    assert main(["simulate", "blue-dust", "--games", "3", "--jobs", "1", "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "95% CI" in text and "how games ended" in text and "units lost" in text
    data = _data(out)
    games = data["games"]
    assert [g["index"] for g in games] == [0, 1, 2]
    for g in games:
        assert isinstance(g["seed"], int) and isinstance(g["turns"], int) and g["turns"] > 0
        assert g["winner"] in ("earth", "grados", None)
        assert g["termination"] in {t.value for t in Termination}
        assert isinstance(g["reason"], str) and g["reason"] and g["error"] == ""
    summary = data["report"]["scenarios"]["blue-dust"]
    assert summary["played"] == 3 and set(summary["sides"]) == {"earth", "grados"}
    assert sum(summary["endings"].values()) == 3
    assert sum(s["wins"] for s in summary["sides"].values()) + summary["draws"] == 3
    for side in summary["sides"].values():
        low, high = side["ci95"]
        assert 0 <= low <= side["win_rate"] <= high <= 1


def test_no_progress_bar_when_stderr_is_not_a_terminal(capsys):
    assert main(["simulate", "demo", "--games", "2", "--jobs", "1", *CHARGE]) == 0
    assert capsys.readouterr().err == ""


def test_a_stat_override_moves_results_the_expected_way(tmp_path):
    base, boosted = tmp_path / "base.json", tmp_path / "boost.json"
    common = ["simulate", "demo", "--games", "40", "--seed", "2", "--jobs", "1", *CHARGE]
    assert main([*common, "--json", str(base)]) == 0
    assert main([*common, "--set", "braver.weapons.beam_gun.power=4500", "--json", str(boosted)]) == 0

    def grados(path):
        return _data(path)["report"]["scenarios"]["demo"]["sides"]["grados"]

    # Braver beam guns that cut through the Layzner's armour: the Grados side wins clearly more often
    # (the 95 % intervals do not even overlap)
    assert grados(boosted)["ci95"][0] > grados(base)["ci95"][1]


def test_sweep_plays_the_same_games_for_each_value(tmp_path, capsys):
    out = tmp_path / "sweep.json"
    folder = tmp_path / "replays"
    code = main(
        [
            "simulate",
            "demo",
            "--games",
            "12",
            "--jobs",
            "1",
            *CHARGE,
            "--sweep",
            "braver.weapons.beam_gun.power=1700,4500",
            "--json",
            str(out),
            "--replays",
            str(folder),
        ]
    )
    assert code == 0
    assert "== sweep braver.weapons.beam_gun.power" in capsys.readouterr().out
    assert len(list(folder.glob("demo-braver.weapons.beam_gun.power=4500-*.json"))) == 12
    assert len(list(folder.glob("*.json"))) == 24  # one replay per game and value, none overwritten
    data = _data(out)
    rows = data["report"]["sweep"]["rows"]
    assert [r["value"] for r in rows] == [1700, 4500]
    assert rows[1]["sides"]["grados"]["win_rate"] > rows[0]["sides"]["grados"]["win_rate"]
    by_value = {}
    for g in data["games"]:
        by_value.setdefault(g["sweep"]["braver.weapons.beam_gun.power"], []).append(g["seed"])
    assert by_value[1700] == by_value[4500] and len(by_value[1700]) == 12


def test_bad_overrides_and_policies_are_usage_errors(capsys):
    assert main(["simulate", "blue-dust", "--games", "1", "--set", "braver.armour=900"]) == 2
    err = capsys.readouterr().err
    assert "braver.armour" in err and "did you mean 'armor'" in err
    assert main(["simulate", "demo", "--games", "1", "--set", "braver.armor=9.5"]) == 2
    assert "whole number" in capsys.readouterr().err
    assert main(["simulate", "blue-dust", "--games", "1", "--policy", "earth=nonsense"]) == 2
    err = capsys.readouterr().err
    assert "nonsense" in err and "random" in err  # the known names are listed
    assert main(["simulate", "blue-dust", "--games", "1", "--policy", "mars=random"]) == 2
    assert main(["simulate", "no-such-mission", "--games", "1"]) == 2
    assert main(["simulate", "demo", "--games", "1", "--sweep", "braver.armor="]) == 2


def test_a_broken_scenario_file_prints_its_problems_and_exits_1(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('[scenario]\nid = "bad"\n')
    assert main(["simulate", str(bad), "--games", "1"]) == 1
    assert "bad.toml" in capsys.readouterr().err


def test_plot_writes_a_png_or_says_what_is_missing(tmp_path, capsys):
    png = tmp_path / "chart.png"
    code = main(["simulate", "demo", "--games", "3", "--jobs", "1", *CHARGE, "--plot", str(png)])
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert code == 2 and "matplotlib" in capsys.readouterr().err
    else:
        assert code == 0 and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_units_out_of_the_fight_count_as_lost(tmp_path):
    out = tmp_path / "r.json"
    assert (
        main(["simulate", "demo", "--games", "8", "--jobs", "1", "--seed", "3", *CHARGE, "--json", str(out)])
        == 0
    )
    games = _data(out)["games"]
    assert any(g["winner"] == "earth" for g in games) and any(g["spared"] for g in games)
    for g in games:
        if g["winner"] == "earth":  # every Grados machine is gone, one way or another
            assert sum(g["lost"]["grados"].values()) == 3
        for side, fates in g["spared"].items():
            assert sum(fates.values()) <= sum(g["lost"][side].values())


def test_the_demo_scenario_takes_overrides_like_a_file():
    plain, boosted = scenarios.load("demo"), scenarios.load("demo", {"braver.armor": 2000})
    assert boosted.setup.catalog.units["braver"].armor == 2000
    assert plain.setup.catalog.units["braver"].armor != 2000
    assert plain.content_hash == boosted.content_hash and plain.id == "demo"


# Failures ----------------------------------------------------------------------------------------


def test_an_illegal_ai_action_fails_the_run_and_saves_its_replay(tmp_path, capsys):
    folder = tmp_path / "replays"
    args = ["simulate", "blue-dust", "--games", "2", "--jobs", "1", "--policy", "earth=cheater"]
    assert main([*args, "--replays", str(folder), "--replays-failed-only"]) == 1
    err = capsys.readouterr().err
    seed = runner.game_seed(1, "blue-dust", 0)
    assert f"FAILED blue-dust game 0 (seed {seed})" in err and "illegal AI action" in err
    saved = sorted(folder.glob("*.json"))
    assert [p.name for p in saved] == ["blue-dust-00000-FAILED.json", "blue-dust-00001-FAILED.json"]
    assert "illegal" in load_replay(saved[0]).note


def test_a_crashing_ai_fails_the_run_and_its_replay_keeps_the_moves(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no --replays: the default folder, under the current directory
    code = main(["simulate", "demo", "--games", "3", "--jobs", "1", *CHARGE, "--policy", "grados=crasher"])
    assert code == 1
    err = capsys.readouterr().err
    assert "FAILED demo game 2" in err and "ZeroDivisionError" in err and "crash after" in err
    saved = sorted((tmp_path / runner.DEFAULT_FAILED_DIR).glob("*.json"))
    assert len(saved) == 3
    replay = load_replay(saved[0])
    assert replay.actions and "the AI divided by nothing" in replay.note
    assert verify_replay(replay).ok  # the moves before the crash replay exactly
