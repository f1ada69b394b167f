"""The player's files: any broken one is the project's own error naming the file (and line); corrupt
progress and options are set aside and the game starts; saves are replays that have not ended."""

import json
import os
import re
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layzner_tactics import storage
from layzner_tactics.campaign import (
    Progress,
    SaveError,
    campaign_mission,
    list_saves,
    load_mission,
    save_summary,
    verify_save,
)
from layzner_tactics.cli import main
from layzner_tactics.engine import action_to_data
from layzner_tactics.sim.replay import ReplayError, load_replay, verify_replay
from layzner_tactics.storage import DataFileError, read_json, read_json_object, write_json_atomic
from layzner_tactics.ui.options import Options, options_path
from layzner_tactics.ui.replay_viewer import view_replay
from layzner_tactics.ui.session import Session, load_session, save_session


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("LAYZNER_TACTICS_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _error(path, **kw):
    with pytest.raises(DataFileError) as info:
        read_json(path, **kw)
    assert str(path) in str(info.value)
    return info.value


# ------------------------------------------------------------------------------------- reading


def test_a_missing_file_a_folder_and_a_symlink_loop_are_clean_errors(tmp_path):
    assert "no such file" in str(_error(tmp_path / "nothing.json"))
    assert "is a folder" in str(_error(tmp_path))
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    assert "cannot be read" in str(_error(loop))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_waiting_for_it(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert "not a regular file" in str(_error(fifo))


def test_too_large_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.json"
    path.write_text("[" + "1," * 100 + "1]")
    assert "too large" in str(_error(path, max_bytes=50))


def test_bad_utf8_and_bad_json_name_their_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_bytes(b'{\n "a": 1,\n "b": "\xff"\n}')
    err = _error(path)
    assert err.line == 3 and "not UTF-8" in err.problem and f"{path}:3:" in str(err)
    path.write_text('{\n "a": 1,\n "b": \n}')
    err = _error(path)
    assert err.line == 4 and "not valid JSON" in err.problem


@pytest.mark.parametrize("depth", [65, 1000, 200_000])
def test_deep_nesting_is_refused_not_a_recursion_error(tmp_path, depth):
    path = tmp_path / "deep.json"
    path.write_text("[" * depth + "]" * depth)
    assert "nested more than" in str(_error(path))
    path.write_text('{"a":' * depth + "1" + "}" * depth)
    assert "nested more than" in str(_error(path))
    # the line where the limit is crossed (brackets inside strings do not count)
    path.write_text('{"note": "[[[[",\n "deep":\n' + "[\n" * depth + "]" * depth + "}")
    err = _error(path)
    assert err.line == 2 + 64 and "nested more than 64 levels" in err.problem


def test_nesting_our_files_use_is_fine(tmp_path):
    path = tmp_path / "ok.json"
    path.write_text("[" * 60 + "]" * 60)
    assert read_json(path) == eval("[" * 60 + "]" * 60)


@pytest.mark.parametrize(
    "number, problem",
    [("9" * 5000, "5000 digits"), ("-" + "1" * 4400, "digits"), ("1e999", "too large"), ("NaN", "NaN")],
)
def test_numbers_too_large_to_be_real_are_refused_with_their_line(tmp_path, number, problem):
    path = tmp_path / "num.json"
    path.write_text('{\n "seed":\n ' + number + "\n}")
    err = _error(path)
    assert problem in err.problem and err.line == 3


def test_the_root_must_be_an_object_where_one_is_expected(tmp_path):
    path = tmp_path / "list.json"
    path.write_text("[1, 2]")
    with pytest.raises(DataFileError, match="not campaign progress"):
        read_json_object(path, "campaign progress")


# ------------------------------------------------------------------------------------- writing


def test_a_failed_write_leaves_the_old_file_and_no_litter(tmp_path):
    path = tmp_path / "f.json"
    write_json_atomic(path, {"a": 1})
    with pytest.raises(TypeError):
        write_json_atomic(path, {"a": object()})
    assert json.loads(path.read_text()) == {"a": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]


def test_keep_aside_renames_and_never_overwrites(tmp_path):
    for text in ("first", "second"):
        path = tmp_path / "progress.json"
        path.write_text(text)
        storage.keep_aside(path)
    assert (tmp_path / "progress.json.broken-1").read_text() == "first"
    assert (tmp_path / "progress.json.broken-2").read_text() == "second"
    assert not (tmp_path / "progress.json").exists()


# ------------------------------------------------------------------------------------- folders


def test_the_home_variable_overrides_every_folder(home):
    assert storage.data_dir() == storage.config_dir() == home


def test_platform_folders(monkeypatch, tmp_path):
    monkeypatch.delenv("LAYZNER_TACTICS_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "dat"))
    assert storage.config_dir() == tmp_path / "cfg" / "layzner-tactics"
    assert storage.data_dir() == tmp_path / "dat" / "layzner-tactics"
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.delenv("XDG_DATA_HOME")
    assert storage.config_dir() == tmp_path / ".config" / "layzner-tactics"
    assert storage.data_dir() == tmp_path / ".local" / "share" / "layzner-tactics"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert storage.data_dir() == tmp_path / "Library" / "Application Support" / "layzner-tactics"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    assert storage.config_dir() == storage.data_dir() == tmp_path / "Roaming" / "layzner-tactics"


def test_options_from_before_the_config_folder_are_still_read(monkeypatch, tmp_path):
    monkeypatch.delenv("LAYZNER_TACTICS_HOME")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "dat"))
    write_json_atomic(tmp_path / "dat" / "layzner-tactics" / "options.json", {"volume": 0.25})
    options = Options.load()
    assert options.volume == 0.25
    options.save()
    assert options_path() == tmp_path / "cfg" / "layzner-tactics" / "options.json"
    assert json.loads(options_path().read_text())["volume"] == 0.25


# ------------------------------------------------------------------------------------- player files


@pytest.mark.parametrize(
    "content",
    [b"[" * 100_000, b'{"volume": 1e999}', b"\xff\xfe{}", b"[]", b'{"completed": ' + b"1" * 5000 + b"}"],
    ids=["deep", "huge-number", "utf16", "a-list", "huge-int"],
)
def test_corrupt_progress_and_options_are_set_aside_and_the_game_starts(home, content):
    home.mkdir(parents=True)
    (home / "progress.json").write_bytes(content)
    options_path().write_bytes(content)
    progress = Progress.load()
    options = Options.load()
    assert progress.to_data() == Progress().to_data() and "could not be read" in progress.error
    assert "progress.json.broken-1" in progress.error
    assert options == Options() and "could not be read" in options.note
    assert (home / "progress.json.broken-1").read_bytes() == content  # nothing the player had is lost
    assert (home / "options.json.broken-1").read_bytes() == content
    progress.mark("blue-dust")  # the next save writes a good file beside the kept one
    assert Progress.load().completed == ["blue-dust"]


def _played(n=8, seed=3, mission="training"):
    session = Session(load_mission(mission), seed)
    while len(session.actions) < n and session.state.outcome is None:
        if session.human_turn():
            session.act(session.legal()[-1])
        else:
            session.ai_step()
    return session


def test_a_save_is_a_replay_that_has_not_ended(capsys):
    session = _played(mission="blue-dust")
    path = save_session(session, ui={"log": ["Layzner moves"]})
    data = json.loads(path.read_text())
    assert data["format"] == "layzner-replay" and data["outcome"] is None
    assert data["policies"]["earth"] == "human" and data["policies"]["grados"] != "human"
    assert data["ui"]["log"] == ["Layzner moves"] and data["ui"]["title"] == session.mission.title
    replay = load_replay(path)
    assert not replay.ended and verify_replay(replay).ok  # verified the same way as any replay
    assert main(["replay", str(path), "--verify"]) == 0
    back = load_session(path)
    assert back.state.hash() == session.state.hash() and back.ui["log"] == ["Layzner moves"]
    assert back.human_turn() == session.human_turn()


def test_a_corrupt_save_is_refused_and_the_older_one_survives():
    session = _played()
    older = save_session(session)
    newer = save_session(_played(12))
    newer.write_text("[" * 50_000)
    assert save_summary(newer) == f"{newer.name} (unreadable)"  # the load menu never raises
    with pytest.raises(SaveError, match="unreadable"):
        load_session(newer)
    assert list_saves() == [newer, older]
    assert load_session(older).state.hash() == session.state.hash()


def test_a_save_of_the_first_format_still_loads():
    session = _played()
    path = save_session(session)
    old = {
        "format": "layzner-save",
        "version": 1,
        "scenario_id": "training",
        "scenario_path": "<built-in>",
        "scenario_hash": session.mission.content_hash,
        "title": "Training: Baybull Drill",
        "seed": session.seed,
        "turn": session.state.turn,
        "saved_at": "2026-11-30 10:00:00",
        "memory": [],
        "overrides": {},
        "actions": [action_to_data(a) for a in session.actions],
        "state_hash": session.state.hash(),
    }
    path.write_text(json.dumps(old))
    assert load_session(path).state.hash() == session.state.hash()
    assert save_summary(path) == "Training: Baybull Drill - turn 1 - 2026-11-30 10:00:00".replace(
        "turn 1", f"turn {session.state.turn}"
    )
    old["state_hash"] = "0" * 32  # an edited first-format save is refused like any other
    path.write_text(json.dumps(old))
    with pytest.raises(SaveError, match="do not replay"):
        load_session(path)


def test_replay_of_a_folder_or_a_symlink_loop_is_a_clean_error(tmp_path, capsys):
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    for target in (tmp_path, loop):
        with pytest.raises(ReplayError):
            load_replay(target)
        assert main(["replay", str(target), "--verify"]) == 2
        err = capsys.readouterr().err
        assert str(target) in err and "Traceback" not in err


def test_a_save_of_a_mission_played_without_the_lost_reloads_and_verifies():
    """The campaign builds a mission for its memory (the dead replaced); its save is checked against that."""
    progress = Progress(fates={"arthur": "killed", "roan": "killed"})
    session = Session(campaign_mission("hunters-below", progress), seed=3)
    while len(session.actions) < 10 and session.state.outcome is None:
        session.act(session.legal()[-1]) if session.human_turn() else session.ai_step()
    path = save_session(session)
    assert verify_save(path).ok
    back = load_session(path)
    assert back.state.hash() == session.state.hash()
    assert back.mission.setup.units == session.mission.setup.units  # the stand-ins, not the lost


def test_the_replay_window_plays_a_save_even_of_the_built_in_training_map():
    path = save_session(_played())
    assert view_replay(path, max_frames=5) == 0


# ------------------------------------------------------------------------------------- damaged files


def _mutate(data, text: bytes) -> bytes:
    """One slip of an author or a damaged disk: a line deleted, duplicated or swapped, a byte flipped, the
    file cut short, a number made huge, negative or a string, the whole wrapped in deep nesting."""
    lines = text.split(b"\n")
    i = data.draw(st.integers(0, len(lines) - 1), label="line")
    j = data.draw(st.integers(0, len(lines) - 1), label="other line")
    kind = data.draw(
        st.sampled_from(["delete", "duplicate", "swap", "flip", "truncate", "number", "nest"]), label="kind"
    )
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "flip":
        at = data.draw(st.integers(0, len(text) - 1), label="byte")
        return text[:at] + bytes([text[at] ^ data.draw(st.integers(1, 255), label="bits")]) + text[at + 1 :]
    elif kind == "truncate":
        return text[: data.draw(st.integers(0, len(text) - 1), label="cut")]
    elif kind == "number":
        digits = [k for k, line in enumerate(lines) if any(c in b"0123456789" for c in line)]
        if digits:
            k = data.draw(st.sampled_from(digits), label="numbered line")
            new = data.draw(st.sampled_from([b"9" * 5000, b"-1", b'"7"', b"1e400", b"0x10", b"-99999999999"]))
            lines[k] = re.sub(rb"-?\d+(\.\d+)?", lambda m: new, lines[k], count=1)
    else:
        depth = data.draw(st.integers(60, 100_000), label="depth")
        return b"[" * depth + text + b"]" * depth
    return b"\n".join(lines)


@pytest.fixture(scope="module")
def good_files(tmp_path_factory):
    """The bytes of a real save, progress file and options file."""
    folder = tmp_path_factory.mktemp("good")
    old = os.environ.get("LAYZNER_TACTICS_HOME")
    os.environ["LAYZNER_TACTICS_HOME"] = str(folder)
    try:
        save = save_session(_played(10)).read_bytes()
        Progress(completed=["blue-dust"], xp={"david": 12}, fates={"julia": "spared"}, flags=["x"]).save()
        Options(volume=0.4, keys={"undo": ["z"]}).save()
    finally:
        if old is None:
            del os.environ["LAYZNER_TACTICS_HOME"]
        else:
            os.environ["LAYZNER_TACTICS_HOME"] = old
    return save, (folder / "progress.json").read_bytes(), (folder / "options.json").read_bytes()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_damaged_player_file_is_a_clean_refusal_or_still_works(home, good_files, data):
    save, progress, options = good_files
    home.mkdir(parents=True, exist_ok=True)
    path = home / "saves" / "save-00001.json"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(_mutate(data, save))
    assert isinstance(save_summary(path), str)
    try:
        session = load_session(path)
    except SaveError as err:
        assert str(err).startswith("save-00001.json")
    else:
        assert session.state.outcome is None or session.state.outcome.winner  # a playable game
        session.legal()
    for name, good, load in (
        ("progress.json", progress, Progress.load),
        ("options.json", options, Options.load),
    ):
        for stale in home.glob(name + "*"):
            stale.unlink()
        (home / name).write_bytes(_mutate(data, good))
        loaded = load()
        message = loaded.error if isinstance(loaded, Progress) else loaded.note
        if message:  # set aside, never deleted
            assert "could not be read" in message and (home / f"{name}.broken-1").exists()


def test_a_new_campaign_twice_keeps_both_earlier_ones(home):
    Progress(completed=["blue-dust"]).save()
    Progress.load().restart()
    Progress(completed=["crossfire"]).save()
    Progress.load().restart()
    assert json.loads((home / "progress.json.previous").read_text())["completed"] == ["blue-dust"]
    assert json.loads((home / "progress.json.previous-2").read_text())["completed"] == ["crossfire"]
    assert Progress.load().completed == []
