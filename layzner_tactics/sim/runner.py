"""Headless AI-vs-AI batches behind ``concurrent.futures.Executor``, deterministic per seed.

Game ``i`` of a scenario is seeded with ``derive_seed(seed, scenario_id, i)`` and results are sorted by
index, so the report is the same whatever the number of workers or the order they finish in. Workers
receive games in batches (a task costs milliseconds to ship) together with the scenario the parent
loaded, so a run reads and validates each scenario once, whatever the start method or executor.

Ctrl-C stops the run: ``run_grouped`` raises ``Interrupted`` carrying every game that finished.
"""

from __future__ import annotations

import math
import multiprocessing
import signal
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol, TextIO

from ..ai.policy import DEFAULT_LEVEL, make_policy
from ..engine import Action, GameState, derive_seed, new_game
from ..scenario.model import Scenario
from . import personas, scenarios
from .match import PolicyError, play_match
from .replay import CHECKPOINT_EVERY, Replay, outcome_data, record_hashes, save_replay
from .tally import Tally


class EventLike(Protocol):
    def is_set(self) -> bool: ...


GRADOS_POLICIES = ("grados",)
"""Policies that ``--difficulty`` sets the level of (the Grados AI); others play at their own level."""

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
    difficulty: str = DEFAULT_LEVEL
    """The level of every Grados-driven side whose policy does not name one (``grados:hard`` does)."""
    swap_sides: bool = False
    """Two-sided scenarios: odd games give each side the other's policy, on the even game's seed."""
    personalities: Mapping[str, int] = field(default_factory=dict)
    """Checked ``ai.PERSONALITY.SLIDER`` overrides (see ``personas``)."""
    unit_rows: bool = False
    """Keep one row per unit in each record (for ``--units-csv``)."""

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
    policies: dict[str, str] = field(default_factory=dict)
    """Side -> the policy that played it, with its level (``grados:hard``)."""
    ais: dict[str, str] = field(default_factory=dict)
    """Side -> which of the run's AIs played it (see ``ai_labels``): the same AI moves between sides
    when sides are swapped."""
    sides: dict[str, dict[str, int]] = field(default_factory=dict)
    """Side -> ``tally.SIDE_FIGURES`` (attacks, hits, damage_dealt, hp_lost, units_lost, people_lost,
    caches_taken, phases_in_reach, phases_pressed, phases_in_reach_wanted, phases_pressed_wanted)."""
    units: list[dict[str, Any]] = field(default_factory=list)
    """One row per unit (``tally.UNIT_COLUMNS``) when the run asked for them."""

    def to_data(self) -> dict[str, Any]:
        return asdict(self)


def policy_specs_for(
    scenario: Scenario, chosen: Mapping[str, str], difficulty: str = DEFAULT_LEVEL
) -> dict[str, str]:
    """Side -> ``NAME:LEVEL``: the ``--policy`` choice, else the scenario's AI for that side.

    A spec without a level takes ``difficulty`` when it is a Grados policy, else the default level.
    """
    out = {}
    for s in scenario.sides:
        name, sep, level = chosen.get(s.id, s.ai).partition(":")
        if not sep:
            level = difficulty if name in GRADOS_POLICIES else DEFAULT_LEVEL
        out[str(s.id)] = f"{name}:{level}"
    return out


def replay_policies(specs: Mapping[str, str]) -> dict[str, str]:
    """Side -> policy as a replay records it: the name alone at the default level (as replays always
    have), ``NAME:LEVEL`` otherwise; ``make_policy`` takes either."""
    suffix = f":{DEFAULT_LEVEL}"
    return {side: spec.removesuffix(suffix) for side, spec in specs.items()}


def ai_labels(specs: Mapping[str, str]) -> dict[str, str]:
    """Side -> the name of the AI that starts on it: its spec, numbered when two sides share one."""
    counts = Counter(specs.values())
    seen: Counter[str] = Counter()
    out = {}
    for side, spec in specs.items():
        seen[spec] += 1
        out[side] = spec if counts[spec] == 1 else f"{spec} #{seen[spec]}"
    return out


def game_seed(seed: int, scenario_id: str, index: int) -> int:
    """The seed of game ``index`` of a run: a function of (run seed, scenario, index) only."""
    return derive_seed(seed, scenario_id, index)


def game_plan(
    config: SimConfig, scenario: Scenario, index: int
) -> tuple[int, dict[str, str], dict[str, str]]:
    """(seed, side -> policy spec, side -> AI label) of game ``index``.

    With ``swap_sides`` (two sides only) games come in pairs on one seed: the odd game of a pair gives
    each side the other side's policy, so each AI plays each side of the same game once.
    """
    specs = policy_specs_for(scenario, config.policies, config.difficulty)
    labels = ai_labels(specs)
    if not (config.swap_sides and len(specs) == 2):
        return game_seed(config.seed, scenario.id, index), specs, labels
    seed = game_seed(config.seed, scenario.id, index // 2)
    if index % 2:
        first, second = specs
        specs = {first: specs[second], second: specs[first]}
        labels = {first: labels[second], second: labels[first]}
    return seed, specs, labels


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


def play_one(config: SimConfig, index: int, scenario: Scenario | None = None) -> GameRecord:
    """Play game ``index`` of a run. Never raises for a game's failure: the record carries the error.

    ``scenario`` is the run's scenario as the parent loaded it; without it, it is loaded here.
    """
    if scenario is None:
        scenario = scenarios.load(config.scenario, config.overrides)
    seed, names, labels = game_plan(config, scenario, index)
    actions: list[Action] = []
    hook = _Hashes(CHECKPOINT_EVERY) if config.replay_dir and not config.replays_failed_only else None
    tally = Tally()

    def on_events(state: GameState, events: list[Any]) -> None:
        tally(state, events)
        if hook is not None:
            hook(state, events)

    try:
        policies = {s.id: make_policy(names[s.id], s.id, seed, s.posture) for s in scenario.sides}
        personas.apply(policies.values(), config.personalities)
        result = play_match(scenario.setup, seed, policies, on_events=on_events, record=actions)
    except PolicyError as err:
        path = _save_failure(config, scenario, seed, names, actions, f"illegal AI action: {err}", index)
        return _failed(scenario.id, index, seed, f"illegal AI action: {err}", path, names, labels)
    except Exception as err:  # a crash in a game is reported with its seed, never counted
        where = traceback.extract_tb(err.__traceback__)[-1]
        note = (
            f"crash after {len(actions)} actions: {type(err).__name__}: {err} "
            f"(at {Path(where.filename).name}:{where.lineno} in {where.name})"
        )
        path = _save_failure(config, scenario, seed, names, actions, note, index)
        return _failed(scenario.id, index, seed, note, path, names, labels)
    state = result.state
    replay_path = ""
    if hook is not None and config.replay_dir:
        replay = Replay(
            scenario.id,
            scenario.content_hash,
            seed,
            replay_policies(names),
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
        policies=names,
        ais=labels,
        sides=tally.sides(state),
        units=tally.units(state) if config.unit_rows else [],
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


def _failed(
    scenario_id: str,
    index: int,
    seed: int,
    error: str,
    replay: str,
    names: dict[str, str],
    labels: dict[str, str],
) -> GameRecord:
    return GameRecord(
        scenario_id, index, seed, None, "error", error, 0, 0, {}, {}, {}, error, replay, {}, names, labels
    )


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
        replay_policies(names),
        list(actions),
        hashes,
        None,
        _path_of(config.scenario),
        dict(config.overrides),
        note=note,
    )
    save_replay(replay, path)
    return str(path)


Job = tuple[SimConfig, list[int], Scenario | None]


_STOP: EventLike | None = None
"""In a local pool's worker: set by the parent on Ctrl-C; the worker then ends its batch early."""


def _run_batch(job: Job) -> list[GameRecord]:
    config, indices, scenario = job
    done = []
    for i in indices:
        if _STOP is not None and _STOP.is_set():
            break  # the run was stopped: hand back the games of this batch that finished
        done.append(play_one(config, i, scenario))
    return done


def _worker_start(stop: EventLike) -> None:
    """Pool initialiser: Ctrl-C reaches the whole process group, but only the parent acts on it (it
    sets ``stop``, and each worker ends after the game it is playing)."""
    global _STOP
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _STOP = stop


class Interrupted(Exception):
    """The run was stopped (Ctrl-C); ``grouped`` holds every game that finished, per config, by index."""

    def __init__(self, grouped: list[list[GameRecord]]) -> None:
        super().__init__("interrupted")
        self.grouped = grouped


BATCHES_PER_WORKER = 16
"""Automatic batch size: about this many batches per worker. Games differ in length several-fold, so
a worker's share is only even when the last batches are small; a local task costs well under a
millisecond to ship (a Dask one ~5 ms), against tens of milliseconds a game."""
MAX_BATCH = 10
"""The largest automatic batch: Ctrl-C loses at most this many games per worker, and the progress
line moves at least every ten games."""


def batches(games: int, workers: int, size: int = 0) -> list[list[int]]:
    """Game indices in batches: many small ones per worker so the workers finish together."""
    if size <= 0:
        size = max(1, min(MAX_BATCH, math.ceil(games / max(1, workers * BATCHES_PER_WORKER))))
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
    loaded: Sequence[Scenario | None] | None = None,
) -> list[list[GameRecord]]:
    """Play every game of every config on one pool; per config, its records sorted by index.

    ``jobs`` sizes the batches (and the local pool when no ``executor`` is given). Results are placed
    by config and index, never by completion order, so any number of workers gives the same lists.
    ``loaded`` (one per config) are the scenarios already loaded by the caller, shipped with each batch.
    On Ctrl-C the workers are stopped and ``Interrupted`` carries the games that finished.
    """
    shipped = list(loaded) if loaded is not None else [None] * len(configs)
    work = [(k, (c, b, shipped[k])) for k, c in enumerate(configs) for b in batches(c.games, jobs, batch)]
    total = sum(len(b) for _, (_, b, _) in work)
    grouped: list[list[GameRecord]] = [[] for _ in configs]
    done = 0

    def collect(k: int, result: list[GameRecord]) -> None:
        nonlocal done
        grouped[k].extend(result)
        done += len(result)
        if progress:
            progress(done, total)

    def finished() -> list[list[GameRecord]]:
        return [sorted(group, key=lambda r: r.index) for group in grouped]

    if executor is None and jobs <= 1:
        try:
            for k, (config, indices, scenario) in work:
                for i in indices:  # game by game, so Ctrl-C loses only the game being played
                    collect(k, [play_one(config, i, scenario)])
        except KeyboardInterrupt:
            raise Interrupted(finished()) from None
        return finished()
    own = executor is None
    stop = multiprocessing.get_context().Event()
    pool = executor or ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start, initargs=(stop,))
    pending: dict[Future[list[GameRecord]], int] = {}
    try:
        pending = {pool.submit(_run_batch, job): k for k, job in work}
        for future in as_completed(list(pending)):
            collect(pending.pop(future), future.result())
    except KeyboardInterrupt:
        stop.set()
        for future in pending:
            future.cancel()
        if own:  # each worker stops after its current game: wait for those, keep what finished
            for future, k in pending.items():
                if not future.cancelled():
                    collect(k, future.result())
        raise Interrupted(finished()) from None
    finally:
        if own:
            pool.shutdown(wait=True, cancel_futures=True)
    return finished()


class Progress:
    """The ``simulate`` progress line: games done, games/s and the time left.

    On a terminal one line redrawn in place; elsewhere (a log, CI) a plain line every ``every`` seconds.
    """

    def __init__(
        self,
        stream: TextIO,
        tty: bool,
        every: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        label: str = "simulate",
    ) -> None:
        self.stream, self.tty, self.every, self.clock, self.label = stream, tty, every, clock, label
        self.start = clock()
        self.last = self.start

    def text(self, done: int, total: int) -> str:
        elapsed = self.clock() - self.start
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = f"ETA {_duration((total - done) / rate)}" if rate > 0 and done < total else ""
        if done >= total:
            eta = f"in {_duration(elapsed)}"
        return f"{done}/{total} games, {rate:.1f} games/s, {eta}".rstrip(", ")

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if self.tty:
            width = 30
            filled = width * done // max(1, total)
            bar = "#" * filled + "." * (width - filled)
            self.stream.write(f"\r[{bar}] {self.text(done, total)}\x1b[K")
            if done >= total:
                self.stream.write("\n")
        elif now - self.last >= self.every and done < total:
            self.last = now
            self.stream.write(f"{self.label}: {self.text(done, total)}\n")
        else:
            return
        self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"
