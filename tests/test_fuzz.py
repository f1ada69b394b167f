"""Hostile scenario files: mutated bundled scenarios are either a playable game or a clean error list.

Never a traceback, a hang or unbounded memory. The mutations are the ones hand-editing produces
(deleted, duplicated and swapped lines, changed characters and numbers) plus hostile ones (huge
numbers and strings, deep nesting, binary junk). Run more with ``FUZZ_EXAMPLES=5000 pytest -m slow``.
"""

import os
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layzner_tactics.data import scenarios_dir
from layzner_tactics.engine import new_game
from layzner_tactics.scenario.loader import bundled_scenario_ids, parse_scenario
from layzner_tactics.scenario.model import ScenarioError

SOURCES = {sid: (scenarios_dir() / f"{sid}.toml").read_bytes() for sid in bundled_scenario_ids()}
HOSTILE = [
    b"999999999999999999999999999999",
    b"-1",
    b'"' + b"x" * 100_000 + b'"',
    b"[" * 500 + b"]" * 500,
    b"{ a = { b = { c = { d = 1 } } } }",
    b"\x00\xff\xfe",
    b"nan",
    b"inf",
    b'"\\u0000"',
    b"[[1, 2], [3, 4]]",
]


def mutate(data: bytes, rnd: random.Random, count: int) -> bytes:
    lines = data.split(b"\n")
    for _ in range(count):
        i = rnd.randrange(len(lines))
        choice = rnd.randrange(7)
        if choice == 0 and len(lines) > 1:
            del lines[i]
        elif choice == 1:
            lines.insert(i, lines[rnd.randrange(len(lines))])
        elif choice == 2:
            j = rnd.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif choice == 3 and lines[i]:
            k = rnd.randrange(len(lines[i]))
            lines[i] = lines[i][:k] + bytes([rnd.randrange(32, 127)]) + lines[i][k + 1 :]
        elif choice == 4 and b"=" in lines[i]:
            key = lines[i].split(b"=", 1)[0]
            lines[i] = key + b"= " + rnd.choice(HOSTILE)
        elif choice == 5:
            digits = [k for k, c in enumerate(lines[i]) if chr(c).isdigit()]
            if digits:
                k = rnd.choice(digits)
                lines[i] = (
                    lines[i][:k] + str(rnd.choice([0, 9, 99, 12345, 10**9])).encode() + lines[i][k + 1 :]
                )
        else:
            lines[i] = lines[i][: rnd.randrange(len(lines[i]) + 1)]
    return b"\n".join(lines)


def check_one(data: bytes) -> str:
    try:
        scenario = parse_scenario(data, "fuzzed.toml")
    except ScenarioError as err:
        assert err.problems and all(str(p) for p in err.problems)
        return "error"
    new_game(scenario.setup, 0)  # a file the loader accepts must start a game
    return "valid"


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(st.sampled_from(sorted(SOURCES)), st.integers(0, 2**32), st.integers(1, 6))
def test_mutated_scenarios_fail_cleanly(sid, seed, count):
    check_one(mutate(SOURCES[sid], random.Random(seed), count))


@pytest.mark.slow
def test_thousands_of_mutations():
    rnd = random.Random(1996)
    outcomes = {"valid": 0, "error": 0}
    for _ in range(3000):
        sid = rnd.choice(sorted(SOURCES))
        outcomes[check_one(mutate(SOURCES[sid], rnd, rnd.randint(1, 8)))] += 1
    assert outcomes["error"] > 0 and outcomes["valid"] > 0


@pytest.mark.parametrize("junk", HOSTILE)
def test_hostile_values_in_every_top_level_key(junk):
    base = SOURCES["blue-dust"]
    for key in (b"max_turns = 10", b"order = 2", b'id = "blue-dust"'):
        check_one(base.replace(key, key.split(b"=")[0] + b"= " + junk, 1))
