"""``layzner-tactics bench``: speed measured on this machine (never in unit tests).

Every figure is a median over repeated runs. ``--quick`` keeps the whole run under ~30 s (CI smoke use);
the full run stays under 5 minutes. Measurements that need a piece not built yet are left out and named.
"""

from __future__ import annotations

import functools
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from .ai.policy import make_policy, policy_names
from .data import load_catalog
from .engine import (
    Action,
    Attack,
    GameSetup,
    GameState,
    Move,
    PhaseStarted,
    apply,
    derive_seed,
    forecast,
    legal_actions,
    new_game,
    observe,
    reachable_tiles,
)
from .engine.builder import DEFAULT_LEGEND, destroy_all, quick_setup
from .engine.ids import SideId
from .engine.movement import forget_searches
from .engine.rules import legal_actions_for
from .scenario.loader import bundled_scenario_ids, load_scenario
from .scenario.model import Scenario, SideInfo
from .sim.demo import demo_setup

TARGETS = {
    "sim_ms_per_unit_turn": ("<=", 0.45),
    "startup_to_first_result_s": ("<=", 0.5),
    "sim_scaling_2_workers": (">=", 1.8),
    "sim_scale_growth": ("<=", 1.5),
    "ai_max_phase_ms": ("<=", 50.0),
    "ai_hard_max_phase_ms": ("<=", 500.0),
    "render_frame_ms_median": ("<=", 3.0),
    "render_frame_ms_p95": ("<=", 6.0),
    "render_big_frame_ms_median": ("<=", 3.0),
    "render_big_frame_ms_p95": ("<=", 6.0),
    "ai_big_max_phase_ms": ("<=", 200.0),
    "idle_cpu_percent": ("<=", 5.0),
    "startup_to_first_frame_s": ("<=", 1.0),
    "sim_vs_wesnoth": ("<=", 0.1),
}
"""``sim_ms_per_unit_turn``'s 0.45 ms is a tenth of what Battle for Wesnoth 1.16 measured on a quiet
machine of ours; ``sim_vs_wesnoth`` (with ``--wesnoth``) is that ratio measured here, now."""
ON_REQUEST = frozenset({"wesnoth_ms_per_unit_turn", "sim_vs_wesnoth"})
"""Figures measured only when asked for (``--wesnoth``): the rest are in every run."""


@dataclass(frozen=True, slots=True)
class Budget:
    repeats: int
    games: int
    micro_loops: int


QUICK = Budget(repeats=3, games=8, micro_loops=300)
FULL = Budget(repeats=6, games=40, micro_loops=3000)

SCALE_CASES = ((16, 4), (24, 8), (32, 16), (48, 24), (64, 32))
"""(map side, Bravers a side) of the generated skirmishes behind ``sim_scale_growth``."""
SCALE_ACTIONS = {True: 200, False: 5000}
"""Actions timed per generated skirmish: the opening 200 with ``--quick``, else (nearly) whole games."""


def _median_us(fn: Callable[[], object], loops: int, repeats: int) -> float:
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(loops):
            fn()
        runs.append((time.perf_counter() - start) / loops * 1e6)
    return statistics.median(runs)


# Scenarios --------------------------------------------------------------------------------------


REFERENCE_SKIRMISH = "skirmish-crater-field"
"""Every ``sim_*`` figure is measured on this one, so figures from different days compare."""


def reference_skirmish() -> tuple[str, GameSetup, dict[str, str]]:
    """The reference skirmish (else the first bundled skirmish, else the built-in demo)."""
    for sid in sorted(bundled_scenario_ids(), key=lambda s: s != REFERENCE_SKIRMISH):
        scen = load_scenario(sid)
        if scen.kind == "skirmish":
            return sid, scen.setup, {s.id: s.ai for s in scen.sides}
    return _demo()


def largest_mission() -> tuple[str, GameSetup, dict[str, str]]:
    best: tuple[int, str, GameSetup, dict[str, str]] | None = None
    for sid in bundled_scenario_ids():
        scen = load_scenario(sid)
        size = scen.setup.grid.size * max(1, len(scen.setup.units))
        if best is None or size > best[0]:
            best = (size, sid, scen.setup, {s.id: s.ai for s in scen.sides})
    return (best[1], best[2], best[3]) if best else _demo()


def _demo() -> tuple[str, GameSetup, dict[str, str]]:
    setup = demo_setup()
    best = "grados" if "grados" in policy_names() else "random"
    return "demo", setup, {s.id: best for s in setup.sides}


def _policy_name(name: str) -> str:
    return name if name in policy_names() else "random"


# Headless play ----------------------------------------------------------------------------------


def _timed_game(
    setup: GameSetup, ais: dict[str, str], seed: int, level: str = "normal", only: str = ""
) -> tuple[float, int, list[float]]:
    """Play one game (every side at ``level``); return (seconds, unit-turns, per-phase seconds of every
    AI phase, or only of the phases of sides whose policy is ``only``)."""
    policies = {s.id: make_policy(_policy_name(ais[s.id]), s.id, seed, level=level) for s in setup.sides}
    start = time.perf_counter()
    state = new_game(setup, seed)
    unit_turns = _units_of(state, state.side_to_act)
    phases: list[float] = []
    phase_start = time.perf_counter()
    while state.outcome is None:
        side = state.side_to_act
        obs = observe(state, side)
        events = apply(state, policies[side].choose(obs, legal_actions_for(obs)))
        if any(isinstance(e, PhaseStarted) for e in events):
            now = time.perf_counter()
            if not only or ais[side] == only:
                phases.append(now - phase_start)
            phase_start = now
            if state.outcome is None:
                unit_turns += _units_of(state, state.side_to_act)
    return time.perf_counter() - start, max(1, unit_turns), phases


def open_skirmish(size: int, per_side: int, seed: int = 1) -> GameSetup:
    """A generated skirmish: a ``size`` x ``size`` open plain with scattered boulders (about one tile in
    twelve, none in the three columns at either edge) and ``per_side`` Bravers a side, Earth's in a
    column near the west edge and Grados's near the east edge, each side to destroy the other. The same
    arguments give the same map."""
    if not 0 < per_side <= size:
        raise ValueError(f"{per_side} Bravers a side do not fit one column of a {size}x{size} map")
    rows = open_skirmish_rows(size, per_side, seed)
    units = []
    for i in range(per_side):
        y = (2 * i + 1) * size // (2 * per_side)
        units.append((f"earth-{i + 1}", "braver", "earth", 1, y))
        units.append((f"grados-{i + 1}", "braver", "grados", size - 2, y))
    return quick_setup(
        load_catalog(),
        rows,
        units,
        objectives=[destroy_all("earth", ["grados"]), destroy_all("grados", ["earth"])],
        max_turns=10 + size // 2,
        scenario_id=f"open-{size}x{size}-{per_side}",
    )


def open_skirmish_rows(size: int, per_side: int, seed: int = 1) -> list[str]:
    """The map of ``open_skirmish``: ``.`` open ground, ``*`` boulders."""
    rng = random.Random(derive_seed(seed, "open-skirmish", size, per_side))
    return [
        "".join("*" if 3 <= x < size - 3 and rng.random() < 1 / 12 else "." for x in range(size))
        for _ in range(size)
    ]


def _ms_per_action(setup: GameSetup, seed: int, actions: int) -> float:
    """Milliseconds per action of a Grados-vs-Grados game on ``setup``, over its first ``actions``."""
    policies = {s.id: make_policy("grados", s.id, seed) for s in setup.sides}
    start = time.perf_counter()
    state = new_game(setup, seed)
    done = 0
    while state.outcome is None and done < actions:
        side = state.side_to_act
        obs = observe(state, side)
        apply(state, policies[side].choose(obs, legal_actions_for(obs)))
        done += 1
    return (time.perf_counter() - start) * 1000 / max(1, done)


def _scale(quick: bool) -> dict[str, float]:
    """ms per action on each generated skirmish (``sim_scale_ms_per_action_<size>``) and the growth
    from the smallest to the largest (``sim_scale_growth``)."""
    out: dict[str, float] = {}
    _ms_per_action(open_skirmish(*SCALE_CASES[0]), 2, 20)  # warm-up: imports and first-use caches
    for size, per_side in SCALE_CASES:
        out[f"sim_scale_ms_per_action_{size}"] = _ms_per_action(
            open_skirmish(size, per_side), 1, SCALE_ACTIONS[quick]
        )
    first, last = SCALE_CASES[0][0], SCALE_CASES[-1][0]
    out["sim_scale_growth"] = out[f"sim_scale_ms_per_action_{last}"] / out[f"sim_scale_ms_per_action_{first}"]
    return out


def _units_of(state: GameState, side: str) -> int:
    return sum(1 for u in state.units.values() if u.side == side)


def _play_seed(args: tuple[str, int]) -> int:
    """One game in a worker process (the scenario is loaded once per process)."""
    scenario_id, seed = args
    _, setup, ais = _scenario_by_id(scenario_id)
    _timed_game(setup, ais, seed)
    return 1


@functools.cache
def _scenario_by_id(sid: str) -> tuple[str, GameSetup, dict[str, str]]:
    if sid == "demo":
        return _demo()
    scen = load_scenario(sid)
    return sid, scen.setup, {s.id: s.ai for s in scen.sides}


def _throughput(sid: str, games: int, workers: int) -> float:
    """Games per second on a pool of ``workers`` processes.

    One game per task: a worker that finishes early takes the next game instead of idling while the
    other plays out a fixed half (games differ in length several-fold), and a task costs well under a
    millisecond to ship. The clock starts once the pool has played two warm-up games per worker.
    """
    with ProcessPoolExecutor(workers) as pool:
        sum(pool.map(_play_seed, [(sid, 10_000 + i) for i in range(2 * workers)]))
        start = time.perf_counter()
        done = sum(pool.map(_play_seed, [(sid, seed) for seed in range(games)]))
        return done / (time.perf_counter() - start)


# The measurements -------------------------------------------------------------------------------


def measure(budget: Budget) -> tuple[dict[str, float], dict[str, str]]:
    results: dict[str, float] = {}
    notes: dict[str, str] = {}
    load_before = _load_average()
    sid, setup, ais = reference_skirmish()
    notes["reference_skirmish"] = sid

    # one game first, untimed: a ``simulate`` worker plays hundreds of games on one map, and only its
    # first pays for the map's kept searches, fields and forecasts (the scaling figure warms up likewise)
    _timed_game(setup, ais, 999)
    per_turn = []
    for seed in range(budget.repeats):
        seconds, unit_turns, _ = _timed_game(setup, ais, 1000 + seed)
        per_turn.append(seconds * 1000 / unit_turns)
    results["sim_ms_per_unit_turn"] = statistics.median(per_turn)

    # 1 and 2 workers measured in pairs, back to back, so a change in the machine's load between the
    # pairs moves both figures of a pair rather than the ratio
    ones, ratios = [], []
    for _ in range(max(1, budget.repeats // 2)):
        one = _throughput(sid, budget.games, 1)
        ones.append(one)
        ratios.append(_throughput(sid, budget.games, 2) / one)
    results["sim_games_per_s"] = statistics.median(ones)
    results["sim_scaling_2_workers"] = statistics.median(ratios)

    results.update(_scale(budget is QUICK))
    notes["sim_scale"] = (
        f"generated open skirmishes {', '.join(f'{n}x{n}/{k}' for n, k in SCALE_CASES)} a side, "
        f"Grados vs Grados, seed 1, the first {SCALE_ACTIONS[budget is QUICK]} actions of each"
    )

    startup = _startup_to_first_result(sid, budget)
    if isinstance(startup, float):
        results["startup_to_first_result_s"] = startup
    else:
        notes["startup_to_first_result_s"] = startup

    mid, msetup, mais = largest_mission()
    notes["largest_mission"] = mid
    worst = []
    for seed in range(budget.repeats):
        _, _, phases = _timed_game(msetup, mais, 2000 + seed)
        worst.append(max(phases) * 1000 if phases else 0.0)
    results["ai_max_phase_ms"] = statistics.median(worst)
    results.update(_search_phases(msetup, mais, budget, notes))
    big = big_battle().setup
    worst = []
    for seed in range(max(1, budget.repeats // 2)):
        _, _, phases = _timed_game(big, {"earth": "earth", "grados": "grados"}, 3000 + seed, only="grados")
        worst.append(max(phases) * 1000 if phases else 0.0)
    results["ai_big_max_phase_ms"] = statistics.median(worst)
    notes["big_battle"] = (
        f"{BIG_BATTLE[0]}x{BIG_BATTLE[0]} open skirmish, {BIG_BATTLE[1]} Bravers a side: the slowest Grados "
        "phase at Normal against the Earth AI (ai_big_max_phase_ms) and the battle screen once the armies "
        "are engaged (render_big_frame_ms_*)"
    )

    results.update(_engine_primitives(msetup, budget))
    ui = _ui_measurements(budget)
    if isinstance(ui, str):
        notes["ui"] = f"the game's figures could not be measured: {ui}"
    else:
        results.update(ui)
    notes["load_average"] = (
        f"{load_before} at the start, {_load_average()} at the end ({os.cpu_count()} cores)"
    )
    return results, notes


def _search_phases(
    setup: GameSetup, ais: dict[str, str], budget: Budget, notes: dict[str, str]
) -> dict[str, float]:
    """The slowest phase of the searching AIs on the largest mission (median over games): Hard Grados
    (``ai_hard_max_phase_ms``), and the ``expert`` policy playing Earth when it is registered."""
    out: dict[str, float] = {}
    repeats = max(1, budget.repeats // 2)
    worst = []
    for seed in range(repeats):
        _, _, phases = _timed_game(setup, ais, 2000 + seed, level="hard", only="grados")
        worst.append(max(phases) * 1000 if phases else 0.0)
    out["ai_hard_max_phase_ms"] = statistics.median(worst)
    if "expert" not in policy_names():
        notes["expert_max_phase_ms"] = "not measured: no policy registered as 'expert'"
        return out
    earthlike = [side for side, name in sorted(ais.items()) if name == "earth"]
    if not earthlike:
        notes["expert_max_phase_ms"] = "not measured: the largest mission has no Earth-driven side"
        return out
    with_expert = {**ais, earthlike[0]: "expert"}
    worst = []
    for seed in range(repeats):
        _, _, phases = _timed_game(setup, with_expert, 2000 + seed, only="expert")
        worst.append(max(phases) * 1000 if phases else 0.0)
    out["expert_max_phase_ms"] = statistics.median(worst)
    return out


def _load_average() -> str:
    """The 1-minute load average: how busy the machine was with other work (figures move with it)."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


def _startup_to_first_result(sid: str, budget: Budget) -> float | str:
    """Median seconds of a fresh ``simulate SID --games 1`` process, start to exit (or its error)."""
    cmd = [sys.executable, "-m", "layzner_tactics", "simulate", sid, "--games", "1", "--jobs", "1"]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # this package, wherever run
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p))
    times = []
    for _ in range(budget.repeats):
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            return f"simulate failed: {proc.stderr.strip()[-300:]}"
    return statistics.median(times)


def _engine_primitives(setup: GameSetup, budget: Budget) -> dict[str, float]:
    state = new_game(setup, 1)
    side = state.side_to_act
    mover = next(u for _, u in sorted(state.units.items()) if u.side == side)
    actions = legal_actions(state)
    move = next((a for a in actions if isinstance(a, Move)), None)
    attack = _some_attack(setup)
    loops, reps = budget.micro_loops, budget.repeats

    def fresh_reach() -> object:  # the search itself, not its cache
        forget_searches()
        return reachable_tiles(state, mover)

    out = {"engine_reachable_us": _median_us(fresh_reach, loops, reps)}
    if attack is not None:
        astate, action = attack
        out["engine_forecast_us"] = _median_us(lambda: forecast(astate, action), loops, reps)
    if move is not None:
        copy_us = _median_us(state.copy, loops, reps)
        total = _median_us(lambda: apply(state.copy(), move), loops, reps)
        out["engine_apply_us"] = max(0.01, total - copy_us)
    return out


def _some_attack(setup: GameSetup) -> tuple[GameState, Attack] | None:
    """A state where an attack is legal: play random legal actions until one shows up."""
    import random

    rnd = random.Random(3)
    state = new_game(setup, 3)
    for _ in range(5000):
        if state.outcome is not None:
            return None
        legal = legal_actions(state)
        attacks = [a for a in legal if isinstance(a, Attack)]
        if attacks:
            return state, attacks[0]
        moves = [a for a in legal if isinstance(a, Move)]
        apply(state, rnd.choice(moves) if moves and rnd.random() < 0.9 else legal[-1])
    return None


def _ui_measurements(budget: Budget) -> dict[str, float] | str:
    """The game's figures (``ui.bench_hooks``), or why they could not be had: the headless ones stand."""
    from .ui import bench_hooks  # start-up time: pygame, only for these figures

    try:
        out = bench_hooks.measure(quick=budget is QUICK)
        times = big_battle_frame_times(60 if budget is QUICK else 400)
    except RuntimeError as err:
        return f"{type(err).__name__}: {err}"
    out["render_big_frame_ms_median"] = statistics.median(times)
    out["render_big_frame_ms_p95"] = statistics.quantiles(times, n=20)[-1]
    return out


BIG_BATTLE = (64, 32)
"""(map side, Bravers a side) of the big battle: the largest generated skirmish of ``SCALE_CASES``."""


def big_battle() -> Scenario:
    """The largest generated skirmish (``open_skirmish``) as a mission: Earth played by hand, Grados by
    its AI."""
    size, per_side = BIG_BATTLE
    setup = open_skirmish(size, per_side)
    rows = tuple(open_skirmish_rows(size, per_side))
    return Scenario(
        id=setup.scenario_id,
        title=f"Open ground {size}x{size}",
        kind="skirmish",
        order=99,
        briefing="",
        debrief_win="",
        debrief_loss="",
        sides=(
            SideInfo(SideId("earth"), "Earth", "human", "earth"),
            SideInfo(SideId("grados"), "Grados", "grados", "grados"),
        ),
        setup=setup,
        map_rows=rows,
        legend=dict(DEFAULT_LEGEND),
        player_side=SideId("earth"),
        source="<bench>",
        content_hash=setup.scenario_id,
    )


BIG_CONTACT = 8
"""Enemies the player must see at the start of a phase for the big battle's screen to be timed."""


def big_battle_opening(seed: int = 1) -> list[Action]:
    """The actions of the big battle, both sides played by their AIs, up to the start of the first
    Earth phase in which Earth sees ``BIG_CONTACT`` enemies (the armies engaged: a full screen).

    Raises ``RuntimeError`` when the game ends first."""
    setup = big_battle().setup
    policies = {s.id: make_policy((s.id == "earth" and "earth") or "grados", s.id, seed) for s in setup.sides}
    state = new_game(setup, seed)
    actions: list[Action] = []
    while state.outcome is None:
        side = state.side_to_act
        obs = observe(state, side)
        action = policies[side].choose(obs, legal_actions_for(obs))
        actions.append(action)
        events = apply(state, action)
        started = any(isinstance(e, PhaseStarted) for e in events)
        if (
            started
            and state.side_to_act == "earth"
            and len(observe(state, SideId("earth")).enemies()) >= BIG_CONTACT
        ):
            return actions
    raise RuntimeError(f"the big battle (seed {seed}) ended before {BIG_CONTACT} enemies were in sight")


def big_battle_frame_times(frames: int, warmup: int = 30) -> list[float]:
    """Milliseconds per frame of the battle screen on the big battle (``BIG_BATTLE``: 64 machines on a
    64x64 map) at 1280x720, once the armies are engaged (``big_battle_opening``): a unit of the player's
    selected, the mouse on the furthest tile it can reach, the threat overlay on; each frame drawn and
    flipped by ``App.step`` as the game's loop does (``ui.bench_hooks``' way).

    Raises ``RuntimeError`` when the screen does not show enemies in sight, their threat and the
    selected unit's moves (a frame without them would flatter us)."""
    from .ui import bench_hooks  # start-up time: pygame, only for these figures
    from .ui.session import Session

    return bench_hooks.engaged_frame_times(
        Session(big_battle(), 1, actions=big_battle_opening(1)), BIG_CONTACT, frames, warmup
    )


# The anchor: Battle for Wesnoth's own AI-vs-AI on this machine ------------------------------------------

WESNOTH_ADDON = """#textdomain wesnoth-multiplayer
#ifdef MULTIPLAYER
[multiplayer]
    id=layzner_bench_freelands
    name="Layzner bench: The Freelands"
    map_file=multiplayer/maps/2p_The_Freelands.map
    random_start_time=no
    {DEFAULT_SCHEDULE}
    [event]
        name=side turn
        first_time_only=no
        [lua]
            code=<<
                local side = wesnoth.current.side
                local units = #wesnoth.units.find_on_map{side = side}
                std_print("UNITS " .. wesnoth.current.turn .. " " .. side .. " " .. units
                    .. " " .. wesnoth.ms_since_init())
            >>
        [/lua]
    [/event]
    [side]
        side=1
        canrecruit=yes
        controller=human
        team_name=north
        fog=yes
    [/side]
    [side]
        side=2
        canrecruit=yes
        controller=human
        team_name=south
        fog=yes
    [/side]
[/multiplayer]
#endif
"""
"""A two-player game on Wesnoth's own map The Freelands, both sides its default (RCA) AI, that prints at
the start of every side's turn: turn, side, that side's units on the map, milliseconds since start-up."""


def wesnoth_unit_turns(log: str) -> tuple[int, int] | None:
    """(unit-turns, milliseconds) of one Wesnoth game's log: from its first side turn to its last, the
    units of every side turn played in between (the last only starts). None: fewer than two side turns."""
    rows = [line.split() for line in log.splitlines() if line.startswith("UNITS ")]
    if len(rows) < 2:
        return None
    units = sum(int(row[3]) for row in rows[:-1])
    return units, int(rows[-1][4]) - int(rows[0][4])


def wesnoth_binary() -> str | None:
    import shutil  # only --wesnoth needs it

    for name in ("wesnoth-1.16", "wesnoth"):
        found = shutil.which(name) or shutil.which(name, path="/usr/games")
        if found:
            return found
    return None


def wesnoth_ms_per_unit_turn(games: int) -> float | str:
    """Battle for Wesnoth 1.16's headless AI-vs-AI here: ms per unit-turn over ``games`` games on The
    Freelands (whole games, start-up left out), or why it could not be measured."""
    import tempfile  # only --wesnoth needs it

    binary = wesnoth_binary()
    if binary is None:
        return "Wesnoth is not installed (Debian: apt-get install wesnoth-1.16-core)"
    total_units = total_ms = 0
    with tempfile.TemporaryDirectory() as home:
        config = os.path.join(home, ".config")
        addon = os.path.join(config, "wesnoth-1.16", "data", "add-ons", "LayznerBench")
        os.makedirs(addon)
        with open(os.path.join(addon, "_main.cfg"), "w", encoding="utf-8") as f:
            f.write(WESNOTH_ADDON)
        env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=config)
        env["XDG_DATA_HOME"] = os.path.join(home, ".local", "share")
        env["XDG_CACHE_HOME"] = os.path.join(home, ".cache")
        cmd = [
            binary,
            "--nogui",
            "--nosound",
            "--multiplayer",
            "--scenario",
            "layzner_bench_freelands",
            "--controller",
            "1:ai",
            "--controller",
            "2:ai",
            "--turns",
            "30",
            "--exit-at-end",
        ]
        for _ in range(games):
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300, check=False)
            except (OSError, subprocess.TimeoutExpired) as e:
                return f"{binary} did not run: {e}"
            counted = wesnoth_unit_turns(proc.stdout + proc.stderr)
            if counted is None:
                return f"{binary} printed no turns (exit {proc.returncode}): {proc.stderr.strip()[-300:]}"
            total_units += counted[0]
            total_ms += counted[1]
    return total_ms / max(1, total_units)


def run_bench(as_json: bool, quick: bool, wesnoth: int = 0) -> int:
    """``wesnoth``: also play that many games of Battle for Wesnoth here (when installed) and report
    ``wesnoth_ms_per_unit_turn`` and ``sim_vs_wesnoth``, our unit-turn cost as a share of it."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    results, notes = measure(QUICK if quick else FULL)
    if wesnoth:
        anchor = wesnoth_ms_per_unit_turn(wesnoth)
        if isinstance(anchor, str):
            notes["wesnoth"] = anchor
        else:
            results["wesnoth_ms_per_unit_turn"] = anchor
            results["sim_vs_wesnoth"] = results["sim_ms_per_unit_turn"] / anchor
            notes["wesnoth"] = (
                f"Battle for Wesnoth 1.16, default AI against itself on The Freelands, {wesnoth} games, "
                f"measured after the rest (load {_load_average()})"
            )
    if as_json:
        print(json.dumps({**{k: round(v, 4) for k, v in results.items()}, "notes": notes}, indent=2))
        return 0
    print(f"{'measure':30} {'value':>10}  target")
    for key, value in results.items():
        op, goal = TARGETS.get(key, ("", None))
        mark = ""
        if goal is not None:
            ok = value <= goal if op == "<=" else value >= goal
            mark = f"{op} {goal:g}  {'ok' if ok else 'MISSED'}"
        print(f"{key:30} {value:10.3f}  {mark}")
    for key, note in notes.items():
        print(f"  {key}: {note}")
    return 0
