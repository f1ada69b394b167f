"""``layzner-tactics demo``: one headless AI-vs-AI game printed as a combat log."""

from __future__ import annotations

from ..ai.policy import make_policy, policy_names
from ..data import load_catalog
from ..engine import Event, GameSetup, GameState, describe_event
from ..engine.builder import destroy_all, quick_setup

DEMO_MAP = (
    "......~~~~......^^......",
    "..**..~~~~......^^..%%..",
    "..**......ooo.......%%..",
    "..........ooo...........",
    "....^^^.........**......",
    "....^^^....~~~..**..====",
    "...........~~~......=##=",
    "..%%................====",
)


def demo_setup() -> GameSetup:
    """A small built-in skirmish: the Layzner and a buggy against three Grados machines."""
    return quick_setup(
        load_catalog(),
        DEMO_MAP,
        [
            ("layzner", "layzner", "earth", 1, 3, "eiji"),
            ("buggy", "buggy", "earth", 0, 5, "anna"),
            ("braver-1", "braver", "grados", 22, 1, "gusten"),
            ("braver-2", "braver", "grados", 22, 4, "julia"),
            ("grimekaisar", "grimekaisar", "grados", 21, 2, "gale"),
        ],
        objectives=[destroy_all("earth", ["grados"]), destroy_all("grados", ["earth"])],
        max_turns=12,
        scenario_id="demo",
    )


def run_demo(scenario: str | None, seed: int) -> int:
    from .match import play_match

    setup = demo_setup()
    best = "grados" if "grados" in policy_names() else "random"
    policies = {s.id: make_policy(best, s.id, seed) for s in setup.sides}

    def show(state: GameState, events: list[Event]) -> None:
        for e in events:
            print(describe_event(e))

    result = play_match(setup, seed, policies, on_events=show)
    print(f"Game over after {result.turns} turn(s), {len(result.actions)} actions.")
    return 0
