"""Regenerate the golden replays the tests verify, only on purpose:

    python -m layzner_tactics.sim.golden --regenerate-golden tests/golden/replays [ID ...]

With ids, only those games are
rewritten, so a scenario author regenerates the replays of the missions they changed and no others.

A golden replay pins the rules, the AI and the scenarios together: any change that alters a single
roll or choice in these games fails the test until someone looks and regenerates deliberately.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from ..ai.policy import make_policy
from ..engine import new_game
from .match import play_match
from .replay import Replay, outcome_data, record_hashes, save_replay
from .scenarios import load

GOLDEN = (
    ("earth-is-at-stake", 11),
    ("crossfire", 12),
    ("hunters-below", 13),
    ("skirmish-canyon-run", 14),
    ("demo", 15),
)
"""(scenario id, game seed): the demo pins the rules alone, since mission files change more often."""


def regenerate(folder: Path, only: Sequence[str] = ()) -> list[Path]:
    """Play and record the golden games (those of the ``only`` ids, when given). Raises ``KeyError``
    for an id that has no golden game."""
    unknown = sorted(set(only) - {sid for sid, _ in GOLDEN})
    if unknown:
        raise KeyError(f"no golden replay for {unknown[0]!r}; golden: {', '.join(s for s, _ in GOLDEN)}")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for sid, seed in GOLDEN:
        if only and sid not in only:
            continue
        scenario = load(sid)
        names = {str(s.id): s.ai for s in scenario.sides}
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


def _main(argv: list[str]) -> int:
    """``--regenerate-golden DIR [ID ...]``: rewrite golden replays (the flag guards against a slip)."""
    if len(argv) < 2 or argv[0] != "--regenerate-golden":
        print("usage: python -m layzner_tactics.sim.golden --regenerate-golden DIR [ID ...]", file=sys.stderr)
        return 2
    try:
        written = regenerate(Path(argv[1]), argv[2:])
    except KeyError as err:
        print(err.args[0], file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
