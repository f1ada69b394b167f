"""Replays and saves: a scenario (by content hash), a seed, the seats and every action, with state hashes.

Versioned JSON, data only. ``verify_replay`` re-runs the actions headless and checks every recorded
hash; a changed scenario or format version is refused with a message naming the difference. The same
``apply`` runs live play, simulation and replay, so a replay that verifies is the game that was played.

A **save** is a replay that has not ended (``outcome`` null), with the campaign ``memory`` its mission
was built for and a ``ui`` table of niceties (title, turn, the log) that nothing below the UI reads.
Regenerating the golden replays is ``python -m layzner_tactics.sim.golden``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..engine import (
    Action,
    GameState,
    IllegalActionError,
    Outcome,
    action_from_data,
    action_to_data,
    apply,
    new_game,
)
from ..scenario.loader import load_scenario
from ..scenario.model import Scenario, ScenarioError
from ..storage import DataFileError, read_json, write_json_atomic
from .scenarios import DEMO_ID, load

FORMAT = "layzner-replay"
VERSION = 1
CHECKPOINT_EVERY = 25
MAX_REPLAY_BYTES = 50_000_000


class ReplayError(ValueError):
    """A replay that cannot be used: unreadable, malformed, or made for another scenario or version."""


@dataclass
class Replay:
    scenario_id: str
    scenario_hash: str
    seed: int
    policies: dict[str, str]
    actions: list[Action]
    hashes: list[tuple[int, str]] = field(default_factory=list)
    """(number of actions applied, state hash) pairs, the last one at the end of the game."""
    outcome: dict[str, Any] | None = None
    scenario_path: str = ""
    overrides: dict[str, Any] = field(default_factory=dict)
    game_version: str = __version__
    note: str = ""
    memory: list[str] = field(default_factory=list)
    """Campaign flags the scenario was built for (``load_scenario``'s memory); empty outside the campaign."""
    ui: dict[str, Any] = field(default_factory=dict)
    """A save's niceties for the screen (title, turn, saved_at, log); never read by the rules."""

    @property
    def ended(self) -> bool:
        """A finished game (a replay); a save is one that has not ended."""
        return self.outcome is not None

    def to_data(self) -> dict[str, Any]:
        data = {
            "format": FORMAT,
            "version": VERSION,
            "game_version": self.game_version,
            "scenario_id": self.scenario_id,
            "scenario_hash": self.scenario_hash,
            "scenario_path": self.scenario_path,
            "seed": self.seed,
            "overrides": self.overrides,
            "policies": self.policies,
            "note": self.note,
            "actions": [action_to_data(a) for a in self.actions],
            "hashes": [[i, h] for i, h in self.hashes],
            "outcome": self.outcome,
        }
        if self.memory or self.ui:  # a save's keys; a replay of a finished game has neither
            data["memory"] = self.memory
            data["ui"] = self.ui
        return data


def outcome_data(outcome: Outcome | None) -> dict[str, Any] | None:
    if outcome is None:
        return None
    return {"winner": outcome.winner, "termination": outcome.termination.value, "reason": outcome.reason}


def record_hashes(
    state: GameState, actions: Sequence[Action], every: int = CHECKPOINT_EVERY
) -> list[tuple[int, str]]:
    """Replay ``actions`` on ``state`` (in place) and return its checkpoint hashes: the start, every
    ``every`` actions, and the end (each once)."""
    out = [(0, state.hash())]
    for i, action in enumerate(actions, start=1):
        apply(state, action)
        if i % every == 0:
            out.append((i, state.hash()))
    if out[-1][0] != len(actions):
        out.append((len(actions), state.hash()))
    return out


def save_replay(replay: Replay, path: str | Path) -> None:
    write_json_atomic(path, replay.to_data())


def load_replay(path: str | Path) -> Replay:
    """Read and check a replay file. Raises ``ReplayError`` with a clear message on any problem."""
    try:
        data = read_json(path, MAX_REPLAY_BYTES)
    except DataFileError as err:  # missing, a folder, a symlink loop, not JSON, nested too deep...
        raise ReplayError(f"{err} (not a readable replay)") from None
    return replay_from_data(data, str(path))


def replay_from_data(data: Any, name: str = "replay") -> Replay:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ReplayError(f"{name}: not a Layzner Tactics replay")
    if data.get("version") != VERSION:
        raise ReplayError(f"{name}: replay format version {data.get('version')!r}, this game reads {VERSION}")
    problems = []
    for key, kind in (
        ("scenario_id", str),
        ("scenario_hash", str),
        ("seed", int),
        ("policies", dict),
        ("actions", list),
        ("hashes", list),
    ):
        if not isinstance(data.get(key), kind) or isinstance(data.get(key), bool):
            problems.append(f"{key} must be {kind.__name__}")
    if problems:
        raise ReplayError(f"{name}: " + "; ".join(problems))
    actions = []
    for i, raw in enumerate(data["actions"]):
        # the engine's parser assumes a hashable kind (a list there raises TypeError): checked first
        if not isinstance(raw, dict) or not isinstance(raw.get("kind"), str):
            raise ReplayError(f"{name}: action {i}: not an action: {raw!r:.80}")
        try:
            actions.append(action_from_data(raw))
        except (ValueError, TypeError) as err:
            raise ReplayError(f"{name}: action {i}: {err}") from None
    hashes: list[tuple[int, str]] = []
    for entry in data["hashes"]:
        if (
            not isinstance(entry, list)
            or len(entry) != 2
            or not isinstance(entry[0], int)
            or isinstance(entry[0], bool)
            or not isinstance(entry[1], str)
        ):
            raise ReplayError(f"{name}: malformed hash entry {entry!r:.60}")
        # a hash that is never reached, or out of order, is an edited file: it would go unchecked
        if not 0 <= entry[0] <= len(actions) or (hashes and entry[0] <= hashes[-1][0]):
            raise ReplayError(
                f"{name}: hash entry for action {entry[0]} is out of order or beyond the "
                f"{len(actions)} recorded actions"
            )
        hashes.append((entry[0], entry[1]))
    if data.get("outcome") is not None and not isinstance(data.get("outcome"), dict):
        raise ReplayError(f"{name}: outcome must be a table or null")
    overrides = data.get("overrides") or {}
    if not isinstance(overrides, dict) or not all(
        isinstance(v, int | float | str) and len(str(v)) < 200 for v in overrides.values()
    ):
        raise ReplayError(f"{name}: overrides must be a table of numbers, text or true/false")
    memory = data.get("memory") or []
    if not isinstance(memory, list) or not all(isinstance(f, str) for f in memory):
        raise ReplayError(f"{name}: memory must be a list of flags")
    ui = data.get("ui") or {}
    if not isinstance(ui, dict):
        raise ReplayError(f"{name}: ui must be a table")
    return Replay(
        scenario_id=data["scenario_id"],
        scenario_hash=data["scenario_hash"],
        seed=data["seed"],
        policies={str(k): str(v) for k, v in data["policies"].items()},
        actions=actions,
        hashes=hashes,
        outcome=data.get("outcome") if isinstance(data.get("outcome"), dict) else None,
        scenario_path=str(data.get("scenario_path") or ""),
        overrides=overrides,
        game_version=str(data.get("game_version", "")),
        note=str(data.get("note", "")),
        memory=list(memory),
        ui=ui,
    )


@dataclass(frozen=True, slots=True)
class VerifyResult:
    ok: bool
    message: str
    checked: int = 0


def scenario_for(replay: Replay) -> Scenario:
    """The scenario a replay names: its file if it still exists, else the bundled one of that id
    (or the built-in ``demo``), built for the replay's campaign memory. Raises ``ScenarioError`` or
    ``FileNotFoundError``."""
    target: str = (
        replay.scenario_path if replay.scenario_path and Path(replay.scenario_path).is_file() else ""
    )
    ref = target or replay.scenario_id
    if replay.memory and ref != DEMO_ID:
        return load_scenario(ref, replay.overrides or None, replay.memory)
    return load(ref, replay.overrides)


def verify_replay(replay: Replay | str | Path, scenario: Scenario | None = None) -> VerifyResult:
    """Re-run a replay or save (or the file at a path) headless; ok only when the scenario, the game
    version's format and every recorded hash match. ``scenario``, when given, is the one to check
    against (the campaign passes its mission as it built it). Never raises for a bad replay: the
    result says why.
    """
    if not isinstance(replay, Replay):
        try:
            replay = load_replay(replay)
        except ReplayError as err:
            return VerifyResult(False, str(err))
    if not replay.hashes:
        return VerifyResult(False, "the replay records no state hashes: nothing to verify it against")
    if scenario is None:
        try:
            scenario = scenario_for(replay)
        except (ScenarioError, OSError, ValueError) as err:  # ValueError: a path no system can open
            return VerifyResult(False, f"cannot load scenario {replay.scenario_id!r}: {err}")
    if scenario.id != replay.scenario_id:
        return VerifyResult(
            False, f"the replay is of scenario {replay.scenario_id!r}, the file found is {scenario.id!r}"
        )
    if scenario.content_hash != replay.scenario_hash:
        return VerifyResult(
            False,
            f"scenario {replay.scenario_id!r} has changed since the replay was recorded "
            f"(content hash {replay.scenario_hash} in the replay, {scenario.content_hash} now)",
        )
    state = new_game(scenario.setup, replay.seed)
    expected: Mapping[int, str] = dict(replay.hashes)
    if 0 in expected and state.hash() != expected[0]:
        return VerifyResult(False, "the starting state differs")
    for i, action in enumerate(replay.actions, start=1):
        if state.outcome is not None:
            return VerifyResult(False, f"the game was already over before action {i}", i - 1)
        try:
            apply(state, action)
        except IllegalActionError as err:
            return VerifyResult(False, f"action {i} ({action}) is illegal here: {err.reason}", i - 1)
        except Exception as err:  # an edited action the engine trips over is a bad replay, not a crash
            return VerifyResult(False, f"action {i} ({action}) cannot be applied: {err!r}", i - 1)
        want = expected.get(i)
        if want is not None and state.hash() != want:
            return VerifyResult(False, f"state after action {i} differs from the recording", i)
    if replay.outcome is not None and outcome_data(state.outcome) != replay.outcome:
        return VerifyResult(
            False, f"the game ends differently: {outcome_data(state.outcome)} vs {replay.outcome}"
        )
    failure = f" (recorded up to a failure: {replay.note})" if replay.note else ""
    return VerifyResult(
        True,
        f"replay verified: {len(replay.actions)} actions, {len(expected)} hashes{failure}",
        len(replay.actions),
    )
