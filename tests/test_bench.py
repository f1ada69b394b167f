"""``layzner-tactics bench --quick --json`` as CI runs it: one JSON object carrying every figure the
benchmark issue names, each a positive number. A smoke test of the command: speed is never asserted."""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from layzner_tactics.bench import ON_REQUEST, SCALE_CASES, TARGETS, open_skirmish
from layzner_tactics.engine import legal_actions, new_game

ROOT = Path(__file__).resolve().parent.parent

FIGURES = (
    "sim_ms_per_unit_turn",
    "sim_games_per_s",
    "sim_scaling_2_workers",
    "sim_scale_growth",
    "sim_scale_ms_per_action_16",
    "sim_scale_ms_per_action_64",
    "startup_to_first_result_s",
    "ai_max_phase_ms",
    "ai_hard_max_phase_ms",
    "engine_reachable_us",
    "engine_forecast_us",
    "engine_apply_us",
    "render_frame_ms_median",
    "render_frame_ms_p95",
    "render_big_frame_ms_median",
    "render_big_frame_ms_p95",
    "ai_big_max_phase_ms",
    "idle_cpu_percent",
    "startup_to_first_frame_s",
)


@pytest.fixture(scope="module")
def quick_bench(tmp_path_factory):
    env = dict(os.environ, LAYZNER_TACTICS_HOME=str(tmp_path_factory.mktemp("home")))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    proc = subprocess.run(
        [sys.executable, "-m", "layzner_tactics", "bench", "--quick", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def test_quick_json_is_one_object_with_every_figure_a_positive_number(quick_bench):
    data = json.loads(quick_bench)  # nothing else on stdout: one JSON document
    assert isinstance(data, dict)
    missing = [k for k in FIGURES if k not in data]
    assert not missing, f"missing {missing}; notes: {data.get('notes')}"
    for key in FIGURES:
        value = data[key]
        assert isinstance(value, (int, float)) and not isinstance(value, bool), (key, value)
        assert math.isfinite(value) and value > 0, (key, value)
    assert set(TARGETS) - ON_REQUEST <= set(FIGURES)  # every figure with a target is measured
    assert not ON_REQUEST & set(data)  # Wesnoth is timed only when asked for
    assert isinstance(data["notes"], dict) and data["notes"]["reference_skirmish"]
    # the expert's figure is there exactly when the policy is, else a note says why not
    assert ("expert_max_phase_ms" in data) != ("expert_max_phase_ms" in data["notes"])


def test_generated_skirmishes_are_seeded_open_maps_with_the_stated_armies():
    for size, per_side in SCALE_CASES:
        setup = open_skirmish(size, per_side)
        assert (setup.grid.width, setup.grid.height) == (size, size)
        sides = [u.side for u in setup.units]
        assert sides.count("earth") == sides.count("grados") == per_side
        assert {u.type_id for u in setup.units} == {"braver"}
        rocks = sum(1 for t in setup.grid.terrain if t.name == "Boulders")
        assert 0 < rocks < size * size // 6  # scattered, not a wall
        # the same seed gives the same map, another seed another one
        assert open_skirmish(size, per_side).grid.terrain == setup.grid.terrain
        assert open_skirmish(size, per_side, seed=2).grid.terrain != setup.grid.terrain
    state = new_game(open_skirmish(16, 4), 1)
    assert state.outcome is None and len(legal_actions(state)) > 4
    with pytest.raises(ValueError, match="do not fit"):
        open_skirmish(8, 9)


def test_wesnoth_anchor_counts_the_units_of_every_side_turn_played_and_the_time_between():
    from layzner_tactics.bench import wesnoth_unit_turns

    log = "\n".join(
        [
            "20261202 21:09:07 error audio: cannot open track 'knolls.ogg'",
            "UNITS 1 1 1 1500",
            "UNITS 1 2 1 1510",
            "UNITS 2 1 6 1600",
            "UNITS 2 2 5 1700",  # the last side turn only starts: its units are not counted
            "info ai/testing: GAME_END_TURN: 2",
        ]
    )
    assert wesnoth_unit_turns(log) == (1 + 1 + 6, 200)
    assert wesnoth_unit_turns("UNITS 1 1 1 1500\nno more turns") is None


def test_bench_without_wesnoth_says_how_to_get_it(monkeypatch):
    from layzner_tactics import bench

    monkeypatch.setattr(bench, "wesnoth_binary", lambda: None)
    assert "apt-get install wesnoth-1.16-core" in str(bench.wesnoth_ms_per_unit_turn(2))
