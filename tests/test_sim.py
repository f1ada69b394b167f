"""Headless simulation: deterministic across workers, honest statistics, failures never counted."""

import json
import math

import pytest

from layzner_tactics.ai.policy import RandomPolicy, register_policy
from layzner_tactics.cli import main
from layzner_tactics.engine import Move
from layzner_tactics.sim import runner
from layzner_tactics.sim.replay import load_replay, save_replay, verify_replay
from layzner_tactics.sim.stats import wilson


def _games(path):
    return json.loads(open(path).read())["games"]


def test_same_results_for_one_and_two_workers(tmp_path):
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    args = ["simulate", "skirmish-canyon-run", "--games", "6", "--seed", "7"]
    assert main([*args, "--jobs", "1", "--json", str(one)]) == 0
    assert main([*args, "--jobs", "2", "--batch", "1", "--json", str(two)]) == 0
    assert _games(one) == _games(two)
    again = tmp_path / "again.json"
    assert main([*args, "--jobs", "1", "--json", str(again)]) == 0
    assert json.loads(one.read_text()) == json.loads(again.read_text())


def test_json_has_the_report_and_one_record_per_game(tmp_path):
    out = tmp_path / "r.json"
    assert main(["simulate", "blue-dust", "--games", "3", "--jobs", "1", "--json", str(out)]) == 0
    data = json.loads(out.read_text())
    games = data["games"]
    assert len(games) == 3 and [g["index"] for g in games] == [0, 1, 2]
    for g in games:
        assert {"seed", "winner", "termination", "turns", "reason"} <= set(g)
    summary = data["report"]["scenarios"]["blue-dust"]
    assert summary["played"] == 3 and set(summary["sides"]) == {"earth", "grados"}
    for side in summary["sides"].values():
        low, high = side["ci95"]
        assert 0 <= low <= side["win_rate"] <= high <= 1


@pytest.mark.parametrize(
    ("wins", "n", "low", "high"),
    [(0, 10, 0.0, 0.2775), (5, 10, 0.2366, 0.7634), (10, 10, 0.7225, 1.0), (81, 100, 0.7222, 0.8749)],
)
def test_wilson_interval_known_values(wins, n, low, high):
    got_low, got_high = wilson(wins, n)
    assert math.isclose(got_low, low, abs_tol=1e-4) and math.isclose(got_high, high, abs_tol=1e-4)


def test_a_stat_override_moves_results_the_expected_way(tmp_path):
    base, boosted = tmp_path / "base.json", tmp_path / "boost.json"
    common = ["simulate", "skirmish-canyon-run", "--games", "16", "--seed", "3", "--jobs", "2"]
    assert main([*common, "--json", str(base)]) == 0
    assert main([*common, "--set", "dimarge.weapons.blade.power=6000", "--json", str(boosted)]) == 0

    def rates(path):
        report = json.loads(path.read_text())["report"]["scenarios"]
        return next(iter(report.values()))["turns"]["mean"]

    # a dimarge blade that kills in one blow makes games end sooner
    assert rates(boosted) < rates(base)


def test_bad_overrides_and_policies_are_usage_errors(capsys):
    assert main(["simulate", "blue-dust", "--games", "1", "--set", "braver.armour=900"]) == 2
    assert "did you mean 'armor'" in capsys.readouterr().err
    assert main(["simulate", "blue-dust", "--games", "1", "--policy", "earth=nonsense"]) == 2
    assert main(["simulate", "no-such-mission", "--games", "1"]) == 2


class _Cheater(RandomPolicy):
    name = "cheater"

    def choose(self, obs, legal):
        unit = next((u for u in obs.own_units() if not u.moved), None)
        if unit is not None:
            return Move(unit.id, (unit.tile, unit.tile))  # not a legal move
        return legal[-1]


def test_an_illegal_ai_action_fails_the_run_and_saves_its_replay(tmp_path, capsys):
    register_policy("cheater", _Cheater)
    folder = tmp_path / "replays"
    code = main(
        [
            "simulate",
            "blue-dust",
            "--games",
            "2",
            "--jobs",
            "1",
            "--policy",
            "earth=cheater",
            "--replays",
            str(folder),
        ]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert "FAILED blue-dust game 0" in err and "illegal AI action" in err
    saved = sorted(folder.glob("*FAILED.json"))
    assert len(saved) == 2
    assert load_replay(saved[0]).note


def test_replays_verify_and_catch_tampering(tmp_path):
    folder = tmp_path / "replays"
    assert main(["simulate", "hunters-below", "--games", "1", "--jobs", "1", "--replays", str(folder)]) == 0
    path = next(folder.glob("*.json"))
    assert main(["replay", str(path), "--verify"]) == 0
    replay = load_replay(path)
    assert verify_replay(replay).ok
    # change one recorded choice: verification must fail
    data = json.loads(path.read_text())
    for i, action in enumerate(data["actions"]):
        if action["kind"] == "end":
            data["actions"][i] = data["actions"][i + 1] if i + 1 < len(data["actions"]) else action
            break
    data["hashes"] = [[n, "0" * 32] for n, _ in data["hashes"]]
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(data))
    assert main(["replay", str(tampered), "--verify"]) == 1
    # a changed scenario is refused with a message naming it
    replay.scenario_hash = "f" * 32
    result = verify_replay(replay)
    assert not result.ok and "has changed" in result.message


def test_unreadable_replays_are_refused_cleanly(tmp_path, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "layzner-replay", "version": 1, "actions": [')
    assert main(["replay", str(broken), "--verify"]) == 2
    assert "truncated or corrupted" in capsys.readouterr().err
    broken.write_text(json.dumps({"format": "layzner-replay", "version": 99}))
    assert main(["replay", str(broken), "--verify"]) == 2


def test_batches_cover_every_game_once():
    for games, workers in ((1, 4), (10, 2), (101, 4)):
        flat = [i for b in runner.batches(games, workers) for i in b]
        assert flat == list(range(games))


def test_dask_executor_gives_the_local_result(tmp_path):
    distributed = pytest.importorskip("distributed")
    config = runner.SimConfig("skirmish-crater-field", 4, 5)
    local = runner.run([config], 1)
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1)
    with cluster, distributed.Client(cluster) as client:
        remote = runner.run([config], 2, client.get_executor())
    assert local == remote


def test_replay_round_trip(tmp_path):
    folder = tmp_path / "r"
    assert (
        main(["simulate", "skirmish-crater-field", "--games", "1", "--jobs", "1", "--replays", str(folder)])
        == 0
    )
    path = next(folder.glob("*.json"))
    replay = load_replay(path)
    copy = tmp_path / "copy.json"
    save_replay(replay, copy)
    assert json.loads(copy.read_text()) == json.loads(path.read_text())


def test_golden_replays_still_verify():
    from pathlib import Path

    files = sorted((Path(__file__).parent / "golden" / "replays").glob("*.json"))
    assert len(files) >= 3
    for path in files:
        result = verify_replay(load_replay(path))
        assert result.ok, (
            f"{path.name}: {result.message} (regenerate on purpose: python -m layzner_tactics.sim.golden)"
        )
