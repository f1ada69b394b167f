"""Games in progress on disk: a save is a replay that has not ended (``sim.replay``), in the data folder.

``write_save`` records the mission (by content hash), the seed, the campaign memory and overrides it was
built for, every action and the state hashes, plus the UI's niceties; ``load_save`` rebuilds the mission
as the campaign built it and verifies the actions with ``sim.replay.verify_replay``, exactly as a replay
is verified, before handing back a ``Match`` at that position. Anything wrong is ``SaveError`` with a
message for the player, and nothing on disk changes: a corrupt save is refused and the older saves stay.

Saves of the first format (``"format": "layzner-save"``, version 1: a final state hash and no
checkpoints) still load: they are read into the same ``Replay`` and verified the same way.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..engine import Action, Event, action_from_data, new_game
from ..i18n import tr
from ..sim.match import Match
from ..sim.replay import Replay, ReplayError, VerifyResult, outcome_data, replay_from_data, verify_replay
from ..storage import DataFileError, data_dir, read_json, write_json_atomic
from .lost import without_the_lost
from .missions import Mission, MissionError, load_mission

KEEP_SAVES = 5
MAX_SAVE_BYTES = 20_000_000
OLD_SAVE_FORMAT = "layzner-save"
"""The first save format (version 1), read for saves made before saves were replays."""


class SaveError(ValueError):
    """A save file that cannot be used; the message says why (shown to the player as is)."""


@dataclass
class LoadedSave:
    """A verified save: the mission as it was built, the match at the saved position, the UI's table."""

    mission: Mission
    match: Match
    policies: dict[str, str]
    ui: dict[str, Any]
    events: list[Event]
    """Every event of the replayed actions, in order (after ``match.opening``)."""


def saves_dir() -> Path:
    return data_dir() / "saves"


def _save_number(path: Path) -> int:
    try:
        return int(path.stem.split("-", 1)[1])
    except (IndexError, ValueError):
        return 0


def list_saves() -> list[Path]:
    """Save files, newest first."""
    folder = saves_dir()
    if not folder.is_dir():
        return []
    return sorted(folder.glob("save-*.json"), key=_save_number, reverse=True)


def write_save(
    mission: Mission,
    match: Match,
    policies: Mapping[str, str],
    ui: Mapping[str, Any] | None = None,
    keep: int = KEEP_SAVES,
) -> Path:
    """Write a new numbered save (atomic) and delete all but the newest ``keep``; returns its path."""
    start = new_game(mission.setup, match.seed).hash()
    hashes = [(0, start)]
    if match.actions:
        hashes.append((len(match.actions), match.state.hash()))
    replay = Replay(
        scenario_id=mission.id,
        scenario_hash=mission.content_hash,
        seed=match.seed,
        policies=dict(policies),
        actions=list(match.actions),
        hashes=hashes,
        outcome=outcome_data(match.outcome),
        scenario_path=mission.source if mission.source.endswith(".toml") else "",
        overrides=dict(sorted(mission.overrides.items())),
        memory=sorted(mission.memory),
        ui={
            "title": mission.title,
            "turn": match.state.turn,
            "saved_at": time.strftime("%Y-%m-%d %H:%M:%S"),
            **(ui or {}),
        },
    )
    folder = saves_dir()
    number = max((_save_number(p) for p in list_saves()), default=0) + 1
    path = folder / f"save-{number:05d}.json"
    write_json_atomic(path, replay.to_data())
    for old in list_saves()[keep:]:
        old.unlink(missing_ok=True)
    return path


def save_summary(path: Path) -> str:
    """One line for the load menu (never raises)."""
    try:
        data = read_json(path, MAX_SAVE_BYTES)
    except DataFileError:
        return tr("{file} (unreadable)", file=path.name)
    ui = data.get("ui", data) if isinstance(data, dict) else None  # the first format kept these on top
    if not isinstance(ui, dict) or not all(
        isinstance(ui.get(k), str | int) for k in ("title", "turn", "saved_at")
    ):
        return tr("{file} (unreadable)", file=path.name)
    return tr(
        "{title} - turn {turn} - {saved_at}", title=ui["title"], turn=ui["turn"], saved_at=ui["saved_at"]
    )


def _old_save(data: dict[str, Any], name: str) -> Replay:
    """A first-format save as a ``Replay`` (its final state hash as the one checkpoint)."""
    if data.get("version") != 1:
        raise SaveError(f"{name}: save format {data.get('version')!r}; this game reads 1 and replays")
    for key, kind in (("scenario_id", str), ("scenario_hash", str), ("seed", int), ("actions", list)):
        value = data.get(key)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise SaveError(f"{name}: {key} is missing or not {kind.__name__}")
    if not isinstance(data.get("state_hash"), str):
        raise SaveError(f"{name}: state_hash is missing")
    actions: list[Action] = []
    for i, raw in enumerate(data["actions"]):
        if not isinstance(raw, dict) or not isinstance(raw.get("kind"), str):
            raise SaveError(f"{name}: action {i}: not an action")
        try:
            actions.append(action_from_data(raw))
        except (ValueError, TypeError) as err:
            raise SaveError(f"{name}: action {i}: {err}") from None
    memory = data.get("memory", [])  # absent in saves made before the campaign remembered anything
    if not isinstance(memory, list) or not all(isinstance(f, str) for f in memory):
        raise SaveError(f"{name}: memory must be a list of flags")
    overrides = data.get("overrides", {})
    if not isinstance(overrides, dict) or not all(
        isinstance(v, int | str | bool) and not isinstance(v, float) for v in overrides.values()
    ):
        raise SaveError(f"{name}: overrides must map catalog keys to numbers, text or true/false")
    path_ref = data.get("scenario_path")
    return Replay(
        scenario_id=data["scenario_id"],
        scenario_hash=data["scenario_hash"],
        seed=data["seed"],
        policies={},
        actions=actions,
        hashes=[(len(actions), data["state_hash"])],
        scenario_path=path_ref if isinstance(path_ref, str) else "",
        overrides=overrides,
        memory=memory,
        ui={k: data[k] for k in ("title", "turn", "saved_at") if k in data},
    )


def read_save(path: str | Path) -> Replay:
    """The save at ``path`` as a ``Replay`` (not yet verified). Raises ``SaveError``."""
    p = Path(path)
    try:
        data = read_json(p, MAX_SAVE_BYTES)
    except DataFileError as err:
        raise SaveError(f"{p.name}: unreadable ({err.problem})") from None
    if isinstance(data, dict) and data.get("format") == OLD_SAVE_FORMAT:
        return _old_save(data, p.name)
    try:
        return replay_from_data(data, p.name)
    except ReplayError as err:
        raise SaveError(f"{err}") from None


def mission_for(replay: Replay, name: str = "save") -> Mission:
    """The mission a save or replay was played on, built as the campaign built it (its memory, the
    catalog overrides, the lost); the built-in training and demo missions too. Raises ``SaveError``
    when it no longer loads or its file has changed."""
    ref = replay.scenario_id
    if replay.scenario_path.endswith(".toml") and Path(replay.scenario_path).is_file():
        ref = replay.scenario_path
    try:
        mission = load_mission(ref, replay.memory, replay.overrides or None)
    except MissionError as err:
        raise SaveError(f"{name}: its mission does not load: {err}") from None
    mission = without_the_lost(mission, mission.memory)
    if mission.content_hash != replay.scenario_hash:
        raise SaveError(f"{name}: the mission {mission.id!r} has changed since this save was made")
    return mission


def _checked(p: Path) -> tuple[Replay, Mission, VerifyResult]:
    replay = read_save(p)
    mission = mission_for(replay, p.name)
    return replay, mission, verify_replay(replay, mission)


def verify_save(path: str | Path) -> VerifyResult:
    """Check a save (or a replay made in the campaign) against its mission as the campaign builds it:
    ``sim.replay.verify_replay`` with the campaign's memory, skills and the lost applied. Never raises."""
    try:
        return _checked(Path(path))[2]
    except SaveError as err:
        return VerifyResult(False, str(err))


def load_save(path: str | Path) -> LoadedSave:
    """Rebuild a saved game. Raises ``SaveError`` (and changes nothing) on any problem: unreadable,
    not a save, a mission that no longer loads or has changed, moves that do not replay to the hashes."""
    p = Path(path)
    replay, mission, checked = _checked(p)
    if not checked.ok:
        raise SaveError(f"{p.name}: the saved moves do not replay ({checked.message}; edited file?)")
    match = Match(mission.setup, replay.seed, {})
    events = match.replay(replay.actions)
    return LoadedSave(mission, match, dict(replay.policies), dict(replay.ui), events)
