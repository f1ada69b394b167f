"""Regenerate the golden replays the tests verify, only on purpose:

    python -m layzner_tactics.sim.golden tests/golden/replays

A golden replay pins the rules, the AI and the scenarios together: any change that alters a single
roll or choice in these games fails the test until someone looks and regenerates deliberately.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..ai.policy import make_policy
from ..engine import new_game
from ..scenario.loader import load_scenario
from .match import play_match
from .replay import Replay, outcome_data, record_hashes, save_replay

GOLDEN = (("earth-is-at-stake", 11), ("crossfire", 12), ("hunters-below", 13), ("skirmish-canyon-run", 14))


def regenerate(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for sid, seed in GOLDEN:
        scenario = load_scenario(sid)
        names = {s.id: s.ai for s in scenario.sides}
        policies = {s.id: make_policy(names[s.id], s.id, seed, s.posture) for s in scenario.sides}
        result = play_match(scenario.setup, seed, policies)
        hashes = record_hashes(new_game(scenario.setup, seed), result.actions)
        replay = Replay(
            sid, scenario.content_hash, seed, names, result.actions, hashes, outcome_data(result.outcome)
        )
        path = folder / f"{sid}-{seed}.json"
        save_replay(replay, path)
        written.append(path)
    return written


if __name__ == "__main__":
    for p in regenerate(Path(sys.argv[1] if len(sys.argv) > 1 else "tests/golden/replays")):
        print(f"wrote {p}")
