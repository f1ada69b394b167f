"""Hostile scenario files: a mutated bundled mission is a clean error list or a game that plays to the end.

The mutations are an author's slips and a damaged disk: lines deleted, duplicated and swapped, a list
item or an id written twice or swapped for another name of the file, numbers made huge (past the 4,300
digits ``int()`` refuses), negative or text, bytes flipped, the file cut short, values nested deep.
Whatever ``parse_scenario`` accepts must start and finish a game (the promise ``validate`` makes);
whatever it refuses must be refused with ``ScenarioError`` lines naming a real line and a key.

The default run is small (CI); ``pytest -m slow tests/test_fuzz.py`` is the soak: 10,000 mutants, then
AI-vs-AI games on every bundled mission at every difficulty (``FUZZ_SOAK`` scales both).
"""

from __future__ import annotations

import os
import random
import re
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layzner_tactics.ai.policy import DIFFICULTIES, make_policy
from layzner_tactics.data import scenarios_dir
from layzner_tactics.scenario.loader import bundled_scenario_ids, parse_scenario
from layzner_tactics.scenario.model import Scenario, ScenarioError
from layzner_tactics.sim.match import play_match

TILED = "skirmish-ridge-pass"
"""The bundled mission whose map is a Tiled file: its .tmj is mutated too."""
TILED_MAP = (scenarios_dir() / f"{TILED}.tmj").read_bytes()
SOURCES = {sid: (scenarios_dir() / f"{sid}.toml").read_bytes() for sid in bundled_scenario_ids()}
NUMBERS = [
    b"9" * 5000,  # past int()'s 4,300-digit limit
    b"0x" + b"f" * 5000,  # hex converts, but is far too large to use
    b"-1",
    b"-999999999",
    b"0",
    b"1000000000",
    b"9223372036854775808",
    b'"12"',
    b"1e999",
    b"nan",
    b"inf",
    b"-0x10",
]
HOSTILE = [
    b'"' + b"x" * 100_000 + b'"',
    b"[" * 5000 + b"]" * 5000,
    b"{ a = " * 200 + b"1" + b" }" * 200,
    b"\x00\xff\xfe",
    b'"\\u0000"',
    b"[[1, 2], [3, 4]]",
    b"[]",
    b"{}",
    b"true",
]

KINDS = ["delete", "duplicate", "swap", "number", "hostile", "flip", "truncate", "twice", "rename", "nest"]
Op = tuple[str, int, int]
ops = st.tuples(st.sampled_from(KINDS), st.integers(0, 10**6), st.integers(0, 10**6))


def mutate(data: bytes, operations: list[Op]) -> bytes:
    """Apply ``operations`` (kind, a, b) to the file; a and b pick lines, values and positions."""
    lines = data.split(b"\n")
    for kind, a, b in operations:
        if not lines:
            lines = [b""]
        i, j = a % len(lines), b % len(lines)
        line = lines[i]
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[j])
        elif kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "number":
            digits = list(re.finditer(rb"-?\d+", line))
            if digits:
                m = digits[b % len(digits)]
                lines[i] = line[: m.start()] + NUMBERS[a % len(NUMBERS)] + line[m.end() :]
        elif kind in ("hostile", "nest") and b"=" in line:
            depth = b % 300
            junk = HOSTILE[b % len(HOSTILE)] if kind == "hostile" else b"[" * depth + b"1" + b"]" * depth
            lines[i] = line.split(b"=", 1)[0] + b"= " + junk
        elif kind == "flip":
            flat = b"\n".join(lines)
            if flat:
                k = (a * 7919 + b) % len(flat)
                flat = flat[:k] + bytes([flat[k] ^ (1 << (b % 8))]) + flat[k + 1 :]
            lines = flat.split(b"\n")
        elif kind == "truncate":
            flat = b"\n".join(lines)
            lines = flat[: a % (len(flat) + 1)].split(b"\n")
        elif kind == "twice":  # an author's slip: a list item written twice (["anna", "anna"])
            items = list(re.finditer(rb'"[^"\n]*"', line))
            if b"[" in line and items:
                m = items[b % len(items)]
                lines[i] = line[: m.end()] + b", " + m.group() + line[m.end() :]
        elif kind == "rename":  # a one-word edit: a quoted name replaced by another name of the file
            here = list(re.finditer(rb'"[A-Za-z0-9_\-]{1,40}"', line))
            names = re.findall(rb'"[A-Za-z0-9_\-]{1,40}"', data)
            if here and names:
                m = here[b % len(here)]
                lines[i] = line[: m.start()] + names[(a // 7) % len(names)] + line[m.end() :]
    return b"\n".join(lines)


def assert_clean(err: ScenarioError, data: bytes, tmj: bytes = b"") -> None:
    """Every problem names the file, a real line of it, a key and a message without an empty name."""
    assert err.problems
    for p in err.problems:
        text = str(p)
        source = tmj if p.file.endswith(".tmj") else data
        assert p.file in ("fuzzed.toml", f"{TILED}.tmj") and p.where and p.message, text
        assert 1 <= p.line <= source.count(b"\n") + 1, text
        assert "''" not in p.message and "by  (" not in p.message, text


def check_one(data: bytes, seed: int = 0, base: Any = None, tmj: bytes = b"") -> str:
    """'error' (refused cleanly) or 'played' (accepted, and a random-vs-random game reached its end).

    ``base`` is the folder a Tiled map is read from (the bundled one by default); ``tmj`` the map's bytes
    when they are the mutated part (then problems may name the map's lines instead)."""
    try:
        scenario = parse_scenario(data, "fuzzed.toml", base=base or scenarios_dir())
    except ScenarioError as err:
        assert_clean(err, data, tmj or TILED_MAP)
        return "error"
    play_to_end(scenario, seed, "random")
    return "played"


def play_to_end(scenario: Scenario, seed: int, policy: str = "", level: str = "normal") -> None:
    """A whole AI-vs-AI game: ``policy`` on every side, or each side's own AI at ``level``."""
    policies = {s.id: make_policy(f"{policy or s.ai}:{level}", s.id, seed, s.posture) for s in scenario.sides}
    result = play_match(scenario.setup, seed, policies)
    assert result.outcome is not None and result.turns <= scenario.setup.max_turns


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "120")), deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(st.sampled_from(sorted(SOURCES)), st.lists(ops, min_size=1, max_size=6), st.integers(0, 99))
def test_mutated_scenarios_fail_cleanly_or_play_to_the_end(sid, operations, seed):
    check_one(mutate(SOURCES[sid], operations), seed)


def test_an_escort_listing_a_unit_twice_is_refused_not_played():
    data = SOURCES["blue-dust"]
    line = next(k for k, t in enumerate(data.split(b"\n")) if t.startswith(b"units = ["))
    mutated = mutate(data, [("twice", line, 0)])
    assert mutated != data
    with pytest.raises(ScenarioError) as err:
        parse_scenario(mutated, "fuzzed.toml")
    assert any("listed twice" in p.message for p in err.value.problems), str(err.value)


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")), deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(st.lists(ops, min_size=1, max_size=6), st.integers(0, 99))
def test_mutated_tiled_maps_fail_cleanly_or_play_to_the_end(operations, seed):
    check_tiled(mutate(TILED_MAP, operations), seed)


def check_tiled(tmj: bytes, seed: int) -> str:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / f"{TILED}.tmj").write_bytes(tmj)
        return check_one(SOURCES[TILED], seed, Path(folder), tmj)


@pytest.mark.parametrize("junk", NUMBERS + HOSTILE)
def test_hostile_values_in_top_level_keys(junk):
    base = SOURCES["blue-dust"]
    for key in (b"max_turns = ", b"order = ", b'id = "blue-dust"'):
        line = next(t for t in base.split(b"\n") if t.startswith(key))
        check_one(base.replace(line, key.split(b"=")[0] + b"= " + junk, 1))


@pytest.mark.slow
def test_soak_ten_thousand_mutants():
    count = int(os.environ.get("FUZZ_SOAK", "10000"))
    rnd = random.Random(1996)
    outcomes = {"played": 0, "error": 0}
    start = time.perf_counter()
    for n in range(count):
        sid = rnd.choice(sorted(SOURCES))
        operations = [
            (rnd.choice(KINDS), rnd.randrange(10**6), rnd.randrange(10**6)) for _ in range(rnd.randint(1, 8))
        ]
        try:
            if n % 10 == 9:  # one in ten: the Tiled map of the Tiled mission, not a TOML file
                sid = TILED
                outcomes[check_tiled(mutate(TILED_MAP, operations), n)] += 1
            else:
                outcomes[check_one(mutate(SOURCES[sid], operations), n)] += 1
        except Exception as err:  # name the mutant that broke the promise
            raise AssertionError(f"mutant {n} of {sid} ({operations}): {err!r}") from err
    elapsed = time.perf_counter() - start
    print(f"\nsoak: {count} mutants in {elapsed:.0f} s: {outcomes}")
    assert outcomes["error"] > 0 and outcomes["played"] > 0


@pytest.mark.slow
def test_soak_ai_games_on_every_mission_at_every_difficulty():
    """Each side's own AI (grados, earth, ...) at every level on every bundled mission, to the end."""
    games = int(os.environ.get("FUZZ_SOAK", "10000"))
    ids = sorted(SOURCES)
    per_cell = max(1, games // (len(ids) * len(DIFFICULTIES)))
    played = 0
    start = time.perf_counter()
    for sid in ids:
        scenario = parse_scenario(SOURCES[sid], f"{sid}.toml", base=scenarios_dir())
        for level in DIFFICULTIES:
            for seed in range(per_cell):
                play_to_end(scenario, seed, level=level)
                played += 1
    elapsed = time.perf_counter() - start
    print(f"\nsoak: {played} AI-vs-AI games in {elapsed:.0f} s ({len(ids)} missions x {DIFFICULTIES})")
