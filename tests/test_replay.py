"""Replays: versioned data files that re-run exactly, and refuse anything they cannot vouch for."""

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layzner_tactics import campaign
from layzner_tactics.ai.policy import make_policy
from layzner_tactics.campaign import write_save
from layzner_tactics.cli import main
from layzner_tactics.engine import new_game
from layzner_tactics.scenario.loader import resolve
from layzner_tactics.sim import golden
from layzner_tactics.sim.match import Match
from layzner_tactics.sim.replay import ReplayError, load_replay, replay_from_data, save_replay, verify_replay
from layzner_tactics.ui.replay_viewer import view_replay

GOLDEN = Path(__file__).parent / "golden" / "replays"


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """One simulated game of a bundled skirmish, kept as a replay."""
    folder = tmp_path_factory.mktemp("replays")
    args = ["simulate", "skirmish-crater-field", "--games", "1", "--jobs", "1", "--seed", "4"]
    assert main([*args, "--replays", str(folder)]) == 0
    (path,) = folder.glob("*.json")
    return path


def _edited(tmp_path, source, change):
    data = json.loads(source.read_text())
    change(data)
    out = tmp_path / "edited.json"
    out.write_text(json.dumps(data))
    return out


def test_a_simulated_game_writes_a_versioned_replay_that_verifies(recorded, capsys):
    data = json.loads(recorded.read_text())
    assert data["format"] == "layzner-replay" and data["version"] == 1
    for key in ("game_version", "scenario_id", "scenario_hash", "seed", "overrides", "policies", "outcome"):
        assert key in data
    assert data["scenario_id"] == "skirmish-crater-field" and data["policies"] == {
        "blue": "grados",
        "red": "grados",
    }
    checkpoints = [i for i, _ in data["hashes"]]
    assert checkpoints[0] == 0 and checkpoints[-1] == len(data["actions"]) and len(checkpoints) >= 3
    assert main(["replay", str(recorded), "--verify"]) == 0
    assert "replay verified" in capsys.readouterr().out


def test_round_trip_is_byte_for_byte_the_same_data(recorded, tmp_path):
    copy = tmp_path / "copy.json"
    save_replay(load_replay(recorded), copy)
    assert json.loads(copy.read_text()) == json.loads(recorded.read_text())


def test_a_changed_action_is_caught(recorded, tmp_path, capsys):
    def swap_first_end(data):
        actions = data["actions"]
        i = next(i for i, a in enumerate(actions) if a["kind"] == "end")
        actions[i], actions[i + 1] = actions[i + 1], actions[i]

    assert main(["replay", str(_edited(tmp_path, recorded, swap_first_end)), "--verify"]) == 1
    assert "action" in capsys.readouterr().err


def test_a_changed_hash_is_caught(recorded, tmp_path, capsys):
    def flip(data):
        i, h = data["hashes"][1]
        data["hashes"][1] = [i, ("0" if h[0] != "0" else "1") + h[1:]]

    assert main(["replay", str(_edited(tmp_path, recorded, flip)), "--verify"]) == 1
    assert "differs from the recording" in capsys.readouterr().err


def test_dropped_hashes_and_a_changed_outcome_are_caught(recorded, tmp_path):
    def no_hashes(data):
        data["hashes"] = []

    def other_winner(data):
        data["outcome"]["winner"] = "red" if data["outcome"]["winner"] != "red" else "blue"

    assert not verify_replay(_edited(tmp_path, recorded, no_hashes)).ok
    assert not verify_replay(_edited(tmp_path, recorded, other_winner)).ok


def test_a_changed_scenario_is_refused_by_name(tmp_path, capsys):
    mission = tmp_path / "my-skirmish.toml"
    shutil.copyfile(str(resolve("skirmish-crater-field")), mission)
    folder = tmp_path / "r"
    assert main(["simulate", str(mission), "--games", "1", "--jobs", "1", "--replays", str(folder)]) == 0
    (path,) = folder.glob("*.json")
    assert main(["replay", str(path), "--verify"]) == 0
    mission.write_text(mission.read_text() + "\n# edited after the recording\n")
    assert main(["replay", str(path), "--verify"]) == 1
    err = capsys.readouterr().err
    assert "skirmish-crater-field" in err and "has changed" in err


def test_another_format_version_is_refused_naming_both(recorded, tmp_path, capsys):
    def bump(data):
        data["version"] = 2

    assert main(["replay", str(_edited(tmp_path, recorded, bump)), "--verify"]) == 2
    err = capsys.readouterr().err
    assert "version 2" in err and "reads 1" in err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": "layzner-replay", "version": 1, "actions": [', "truncated or corrupted"),
        ("\xff\xfe not text", "1: not UTF-8 text (invalid start byte: byte 0xff)"),
        ("[1, 2, 3]", "not a Layzner Tactics replay"),
        ('{"format": "layzner-replay", "version": 1, "seed": "one"}', "seed must be int"),
    ],
)
def test_unreadable_replays_exit_2_with_a_message(tmp_path, capsys, text, message):
    broken = tmp_path / "broken.json"
    broken.write_bytes(text.encode("latin-1"))
    assert main(["replay", str(broken), "--verify"]) == 2
    assert message in capsys.readouterr().err
    assert main(["replay", str(tmp_path / "missing.json"), "--verify"]) == 2


def test_hash_entries_out_of_order_or_out_of_range_are_refused(recorded):
    data = json.loads(recorded.read_text())
    for bad in ([[len(data["actions"]) + 1, "ab"]], [[5, "ab"], [5, "ab"]], [[-1, "ab"]], [[True, "ab"]]):
        with pytest.raises(ReplayError):
            replay_from_data({**data, "hashes": bad})


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_hand_edited_replays_are_refused_or_verified_never_a_crash(recorded, data):
    raw = json.loads(recorded.read_text())
    raw["actions"] = raw["actions"][:40]  # short games keep the test quick
    raw["hashes"] = [h for h in raw["hashes"] if h[0] <= 40]
    raw["outcome"] = None
    where = data.draw(st.sampled_from(["top", "action", "hash"]))
    if where == "top":
        key = data.draw(st.sampled_from(sorted(raw)))
        raw[key] = data.draw(_JSON)
    elif where == "action":
        action = raw["actions"][data.draw(st.integers(0, len(raw["actions"]) - 1))]
        action[data.draw(st.sampled_from([*sorted(action), "extra"]))] = data.draw(_JSON)
    else:
        raw["hashes"][data.draw(st.integers(0, len(raw["hashes"]) - 1))] = data.draw(_JSON)
    try:
        replay = replay_from_data(raw)
    except ReplayError:
        return
    result = verify_replay(replay)
    assert isinstance(result.ok, bool) and result.message


def test_there_are_golden_replays():
    assert len(sorted(GOLDEN.glob("*.json"))) >= 3


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.json")), ids=lambda p: p.stem)
def test_golden_replay_still_verifies(path):
    result = verify_replay(path)
    game = path.stem.rsplit("-", 1)[0]
    assert result.ok, (
        f"{path.name}: {result.message} (if the change is meant, regenerate on purpose: "
        f"python -m layzner_tactics.sim.golden --regenerate-golden tests/golden/replays {game})"
    )


def test_golden_replays_are_regenerated_only_on_request(tmp_path, capsys):
    assert golden._main([]) == 2
    assert golden._main(["tests/golden/replays"]) == 2
    assert golden._main(["--regenerate-golden", str(tmp_path), "no-such-game"]) == 2
    assert "--regenerate-golden" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


# saves: replays whose outcome is null, checked against the mission as the campaign builds it ----------


def _save_of(mission, seed: int = 5, steps: int = 6) -> Path:

    seats = {s.id: make_policy("aggressive", s.id, seed) for s in mission.setup.sides}
    match = Match(mission.setup, seed, seats)
    for _ in range(steps):
        match.step()
    assert not match.over
    return write_save(mission, match, {})


@pytest.mark.parametrize("which", ["training", "simulator", "lost"])
def test_replay_verify_checks_saves_as_the_campaign_builds_them(which, tmp_path, monkeypatch, capsys):

    monkeypatch.setenv("LAYZNER_TACTICS_HOME", str(tmp_path))
    if which == "lost":  # a student died earlier: the campaign writes them out of later missions
        mission = campaign.campaign_mission(
            "gosterro", campaign.Progress(fates={"arthur": "killed", "roan": "killed"})
        )
        plain = campaign.load_mission("gosterro")
        assert new_game(mission.setup, 5).hash() != new_game(plain.setup, 5).hash()
    else:
        mission = campaign.load_mission(
            campaign.TRAINING_ID if which == "training" else campaign.SIMULATOR_ID
        )
    path = _save_of(mission)
    assert main(["replay", str(path), "--verify"]) == 0
    assert capsys.readouterr().out.startswith("save verified: 6 actions")
    data = json.loads(path.read_text())
    data["hashes"][-1][1] = "0" * len(data["hashes"][-1][1])
    path.write_text(json.dumps(data))
    assert main(["replay", str(path), "--verify"]) == 1
    assert "state after action 6 differs from the recording" in capsys.readouterr().err


def test_watching_a_save_opens_it_in_the_viewer(tmp_path, monkeypatch):

    monkeypatch.setenv("LAYZNER_TACTICS_HOME", str(tmp_path))
    path = _save_of(campaign.load_mission(campaign.TRAINING_ID))
    assert view_replay(path, max_frames=20) == 0
