"""Headless AI-vs-AI batches behind ``concurrent.futures.Executor``, deterministic per seed.

Game ``i`` of a scenario is seeded with ``derive_seed(seed, scenario_id, i)`` and results are sorted by
index, so the report is the same whatever the number of workers or the order they finish in. Workers
load each scenario once per process and receive games in batches (a task costs milliseconds to ship).
"""

from __future__ import annotations

import functools
import math
import sys
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..ai.policy import make_policy
from ..engine import Action, GameState, derive_seed, new_game
from ..scenario.model import Scenario
from . import scenarios
from .match import PolicyError, play_match
from .replay import CHECKPOINT_EVERY, Replay, outcome_data, record_hashes, save_replay

DEFAULT_FAILED_DIR = "failed-replays"
"""Where a failed game's replay goes when the run has no ``--replays`` folder."""


@dataclass(frozen=True, slots=True)
class SimConfig:
    scenario: str
    """A bundled id or a path."""
    games: int
    seed: int
    policies: Mapping[str, str] = field(default_factory=dict)
    """Side -> policy overrides (the scenario's ``ai`` for the others)."""
    overrides: Mapping[str, Any] = field(default_factory=dict)
    replay_dir: str | None = None
    replays_failed_only: bool = False
    label: str = ""
    """Names this run's replay files apart from another run of the same scenario (a sweep value)."""

    def replay_name(self, scenario_id: str, index: int, suffix: str = "") -> str:
        safe = "".join(c if c.isalnum() or c in "._=-" else "_" for c in self.label)
        return f"{scenario_id}{'-' + safe if safe else ''}-{index:05d}{suffix}.json"


@dataclass(frozen=True, slots=True)
class GameRecord:
    scenario: str
    index: int
    seed: int
    winner: str | None
    termination: str
    reason: str
    turns: int
    actions: int
    lost: dict[str, dict[str, int]]
    """Side -> unit type -> units lost (destroyed, or out of the fight with the pilot alive)."""
    saved: dict[str, int]
    """Side -> units evacuated (escorted to safety)."""
    civilians_alive: dict[str, int]
    error: str = ""
    replay: str = ""
    spared: dict[str, dict[str, int]] = field(default_factory=dict)
    """Side -> fate (disabled, captured, spared, withdrew) -> lost units whose pilot lived."""

    def to_data(self) -> dict[str, Any]:
        return asdict(self)


def policy_names_for(scenario: Scenario, chosen: Mapping[str, str]) -> dict[str, str]:
    """Side -> policy name: the ``--policy`` choice, else the scenario's AI for that side."""
    return {s.id: chosen.get(s.id, s.ai) for s in scenario.sides}


def game_seed(seed: int, scenario_id: str, index: int) -> int:
    """The seed of game ``index`` of a run: a function of (run seed, scenario, index) only."""
    return derive_seed(seed, scenario_id, index)


class _Hashes:
    """``on_events`` hook collecting checkpoint hashes while the game is played (no second run)."""

    def __init__(self, every: int) -> None:
        self.every = every
        self.applied = -1  # the first call carries the opening events, before any action
        self.hashes: list[tuple[int, str]] = []

    def __call__(self, state: GameState, events: list[Any]) -> None:
        self.applied += 1
        if self.applied % self.every == 0:
            self.hashes.append((self.applied, state.hash()))

    def final(self, state: GameState) -> list[tuple[int, str]]:
        if not self.hashes or self.hashes[-1][0] != self.applied:
            self.hashes.append((self.applied, state.hash()))
        return self.hashes


def play_one(config: SimConfig, index: int) -> GameRecord:
    """Play game ``index`` of a run. Never raises for a game's failure: the record carries the error."""
    scenario = scenarios.load(config.scenario, config.overrides)
    seed = game_seed(config.seed, scenario.id, index)
    names = policy_names_for(scenario, config.policies)
    actions: list[Action] = []
    hook = _Hashes(CHECKPOINT_EVERY) if config.replay_dir and not config.replays_failed_only else None
    try:
        policies = {s.id: make_policy(names[s.id], s.id, seed, s.posture) for s in scenario.sides}
        result = play_match(scenario.setup, seed, policies, on_events=hook, record=actions)
    except PolicyError as err:
        path = _save_failure(config, scenario, seed, names, actions, f"illegal AI action: {err}", index)
        return _failed(scenario.id, index, seed, f"illegal AI action: {err}", path)
    except Exception as err:  # a crash in a game is reported with its seed, never counted
        where = traceback.extract_tb(err.__traceback__)[-1]
        note = (
            f"crash after {len(actions)} actions: {type(err).__name__}: {err} "
            f"(at {Path(where.filename).name}:{where.lineno} in {where.name})"
        )
        path = _save_failure(config, scenario, seed, names, actions, note, index)
        return _failed(scenario.id, index, seed, note, path)
    state = result.state
    replay_path = ""
    if hook is not None and config.replay_dir:
        replay = Replay(
            scenario.id,
            scenario.content_hash,
            seed,
            names,
            result.actions,
            hook.final(state),
            outcome_data(result.outcome),
            _path_of(config.scenario),
            dict(config.overrides),
        )
        replay_path = str(Path(config.replay_dir) / config.replay_name(scenario.id, index))
        save_replay(replay, replay_path)
    return GameRecord(
        scenario=scenario.id,
        index=index,
        seed=seed,
        winner=result.outcome.winner,
        termination=result.outcome.termination.value,
        reason=result.outcome.reason,
        turns=result.turns,
        actions=len(result.actions),
        lost=_lost(state),
        saved=dict(sorted(Counter(u.side for u in state.evacuated.values()).items())),
        civilians_alive=dict(
            sorted(
                Counter(
                    u.side for u in state.units.values() if state.catalog.units[u.type_id].civilian
                ).items()
            )
        ),
        replay=replay_path,
        spared=_fates(state),
    )


def _lost(state: GameState) -> dict[str, dict[str, int]]:
    """Side -> unit type -> units out of the game: destroyed, or disabled, captured, spared, withdrawn."""
    out: dict[str, dict[str, int]] = {}
    gone = {**state.out_of_fight, **state.destroyed}
    for uid in sorted(gone):
        unit = gone[uid]
        side = out.setdefault(unit.side, {})
        side[unit.type_id] = side.get(unit.type_id, 0) + 1
    return {side: dict(sorted(types.items())) for side, types in sorted(out.items())}


def _fates(state: GameState) -> dict[str, dict[str, int]]:
    """Side -> fate -> units that left the fight with their pilot alive (not destroyed)."""
    out: dict[str, dict[str, int]] = {}
    for uid in sorted(state.out_of_fight):
        if uid in state.destroyed:
            continue
        fate = state.fates.get(uid)
        side = out.setdefault(state.out_of_fight[uid].side, {})
        name = fate.value if fate is not None else "out of the fight"
        side[name] = side.get(name, 0) + 1
    return {side: dict(sorted(f.items())) for side, f in sorted(out.items())}


def _failed(scenario_id: str, index: int, seed: int, error: str, replay: str) -> GameRecord:
    return GameRecord(scenario_id, index, seed, None, "error", error, 0, 0, {}, {}, {}, error, replay)


def _path_of(ref: str) -> str:
    """The file a replay should name: the path given, absolute; empty for bundled ids and ``demo``."""
    if ref == scenarios.DEMO_ID:
        return ""
    return str(Path(ref).resolve()) if ref.endswith(".toml") or Path(ref).exists() else ""


def _save_failure(
    config: SimConfig,
    scenario: Scenario,
    seed: int,
    names: Mapping[str, str],
    actions: list[Any],
    note: str,
    index: int,
) -> str:
    folder = Path(config.replay_dir or DEFAULT_FAILED_DIR)
    path = folder / config.replay_name(scenario.id, index, "-FAILED")
    try:  # the actions that were applied before the failure, with their hashes, for a debugger
        hashes = record_hashes(new_game(scenario.setup, seed), actions, CHECKPOINT_EVERY)
    except Exception:  # the engine itself crashed on them: keep the actions, hashes cannot be had
        hashes = []
    replay = Replay(
        scenario.id,
        scenario.content_hash,
        seed,
        dict(names),
        list(actions),
        hashes,
        None,
        _path_of(config.scenario),
        dict(config.overrides),
        note=note,
    )
    save_replay(replay, path)
    return str(path)


def _run_batch(job: tuple[SimConfig, list[int]]) -> list[GameRecord]:
    config, indices = job
    return [play_one(config, i) for i in indices]


BATCHES_PER_WORKER = 16
"""Automatic batch size: about this many batches per worker. Games differ in length several-fold, so
a worker's share is only even when the last batches are small; a local task costs well under a
millisecond to ship (a Dask one ~5 ms), against tens of milliseconds a game."""


def batches(games: int, workers: int, size: int = 0) -> list[list[int]]:
    """Game indices in batches: many small ones per worker so the workers finish together."""
    if size <= 0:
        size = max(1, min(50, math.ceil(games / max(1, workers * BATCHES_PER_WORKER))))
    return [list(range(i, min(games, i + size))) for i in range(0, games, size)]


def run(
    configs: Iterable[SimConfig],
    jobs: int,
    executor: Executor | None = None,
    batch: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> list[GameRecord]:
    """Play every game of every config; records sorted by (scenario, index)."""
    grouped = run_grouped(list(configs), jobs, executor, batch, progress)
    return sorted((r for group in grouped for r in group), key=lambda r: (r.scenario, r.index))


def run_grouped(
    configs: Sequence[SimConfig],
    jobs: int,
    executor: Executor | None = None,
    batch: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> list[list[GameRecord]]:
    """Play every game of every config on one pool; per config, its records sorted by index.

    ``jobs`` sizes the batches (and the local pool when no ``executor`` is given). Results are placed
    by config and index, never by completion order, so any number of workers gives the same lists.
    """
    work = [(k, (c, b)) for k, c in enumerate(configs) for b in batches(c.games, jobs, batch)]
    total = sum(len(b) for _, (_, b) in work)
    grouped: list[list[GameRecord]] = [[] for _ in configs]
    done = 0

    def collect(k: int, result: list[GameRecord]) -> None:
        nonlocal done
        grouped[k].extend(result)
        done += len(result)
        if progress:
            progress(done, total)

    if executor is None and jobs <= 1:
        for k, job in work:
            collect(k, _run_batch(job))
    else:
        own = executor is None
        needed = sorted({(c.scenario, tuple(sorted(c.overrides.items()))) for c in configs})
        warm = functools.partial(scenarios.warm, [(ref, dict(o)) for ref, o in needed])
        pool = executor or ProcessPoolExecutor(max_workers=jobs, initializer=warm)
        try:
            for (k, _), result in zip(work, pool.map(_run_batch, [job for _, job in work]), strict=True):
                collect(k, result)
        finally:
            if own:
                pool.shutdown()
    return [sorted(group, key=lambda r: r.index) for group in grouped]


def progress_bar(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(1, total)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} games")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()
