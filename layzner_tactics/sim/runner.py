"""Headless AI-vs-AI batches behind ``concurrent.futures.Executor``, deterministic per seed.

Game ``i`` of a scenario is seeded with ``derive_seed(seed, scenario_id, i)`` and results are sorted by
index, so the report is the same whatever the number of workers or the order they finish in. Workers
load each scenario once per process and receive games in batches (a task costs milliseconds to ship).
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..ai.policy import make_policy
from ..engine import GameState, derive_seed, new_game
from ..scenario.loader import load_scenario
from ..scenario.model import Scenario
from .match import PolicyError, play_match
from .replay import CHECKPOINT_EVERY, Replay, outcome_data, record_hashes, save_replay


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
    """Side -> unit type -> units destroyed."""
    saved: dict[str, int]
    """Side -> units evacuated (escorted to safety)."""
    civilians_alive: dict[str, int]
    error: str = ""
    replay: str = ""

    def to_data(self) -> dict[str, Any]:
        return asdict(self)


_SCENARIOS: dict[tuple[str, tuple[tuple[str, Any], ...]], Scenario] = {}


def _scenario(ref: str, overrides: Mapping[str, Any]) -> Scenario:
    """Per process: each (scenario, overrides) is read and validated once."""
    key = (ref, tuple(sorted(overrides.items())))
    found = _SCENARIOS.get(key)
    if found is None:
        found = load_scenario(ref, overrides)
        _SCENARIOS[key] = found
    return found


def policy_names_for(scenario: Scenario, chosen: Mapping[str, str]) -> dict[str, str]:
    return {s.id: chosen.get(s.id, s.ai) for s in scenario.sides}


def game_seed(seed: int, scenario_id: str, index: int) -> int:
    return derive_seed(seed, "game", scenario_id, index)


def play_one(config: SimConfig, index: int) -> GameRecord:
    """Play game ``index`` of a run. Never raises for a game's failure: the record carries the error."""
    scenario = _scenario(config.scenario, config.overrides)
    seed = game_seed(config.seed, scenario.id, index)
    names = policy_names_for(scenario, config.policies)
    policies = {s.id: make_policy(names[s.id], s.id, seed, s.posture) for s in scenario.sides}
    try:
        result = play_match(scenario.setup, seed, policies)
    except PolicyError as err:
        path = _save_failure(config, scenario, seed, names, err.actions, str(err), index)
        return _failed(scenario.id, index, seed, f"illegal AI action: {err}", path)
    except Exception as err:  # a crash in a game is reported with its seed, never counted
        path = _save_failure(config, scenario, seed, names, [], repr(err), index)
        return _failed(scenario.id, index, seed, f"crash: {err!r}", path)
    state = result.state
    replay_path = ""
    if config.replay_dir and not config.replays_failed_only:
        replay = Replay(
            scenario.id,
            scenario.content_hash,
            seed,
            names,
            result.actions,
            record_hashes(new_game(scenario.setup, seed), result.actions, CHECKPOINT_EVERY),
            outcome_data(result.outcome),
            _path_of(config.scenario),
            dict(config.overrides),
        )
        replay_path = str(Path(config.replay_dir) / f"{scenario.id}-{index:05d}.json")
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
        saved=dict(Counter(u.side for u in state.evacuated.values())),
        civilians_alive=dict(
            Counter(u.side for u in state.units.values() if state.catalog.units[u.type_id].civilian)
        ),
        replay=replay_path,
    )


def _lost(state: GameState) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for unit in state.destroyed.values():
        side = out.setdefault(unit.side, {})
        side[unit.type_id] = side.get(unit.type_id, 0) + 1
    return out


def _failed(scenario_id: str, index: int, seed: int, error: str, replay: str) -> GameRecord:
    return GameRecord(scenario_id, index, seed, None, "error", error, 0, 0, {}, {}, {}, error, replay)


def _path_of(ref: str) -> str:
    return ref if ref.endswith(".toml") or Path(ref).exists() else ""


def _save_failure(
    config: SimConfig,
    scenario: Scenario,
    seed: int,
    names: Mapping[str, str],
    actions: list[Any],
    note: str,
    index: int,
) -> str:
    folder = Path(config.replay_dir or "failed-replays")
    path = folder / f"{scenario.id}-{index:05d}-FAILED.json"
    replay = Replay(
        scenario.id,
        scenario.content_hash,
        seed,
        dict(names),
        list(actions),
        [],
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


def batches(games: int, workers: int, size: int = 0) -> list[list[int]]:
    """Game indices in batches: a few per worker so the last ones finish together."""
    if size <= 0:
        size = max(1, min(50, math.ceil(games / max(1, workers * 4))))
    return [list(range(i, min(games, i + size))) for i in range(0, games, size)]


def run(
    configs: Iterable[SimConfig],
    jobs: int,
    executor: Executor | None = None,
    batch: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> list[GameRecord]:
    """Play every game of every config; records sorted by (scenario, index)."""
    work = [(c, b) for c in configs for b in batches(c.games, jobs, batch)]
    total = sum(len(b) for _, b in work)
    records: list[GameRecord] = []
    if executor is None and jobs <= 1:
        for job in work:
            records.extend(_run_batch(job))
            if progress:
                progress(len(records), total)
    else:
        own = executor is None
        pool = executor or ProcessPoolExecutor(max_workers=jobs)
        try:
            for result in pool.map(_run_batch, work):
                records.extend(result)
                if progress:
                    progress(len(records), total)
        finally:
            if own:
                pool.shutdown()
    return sorted(records, key=lambda r: (r.scenario, r.index))


def progress_bar(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(1, total)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} games")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()
