"""``layzner-tactics demo``: one headless AI-vs-AI game printed as a combat log."""

from __future__ import annotations

from ..ai.policy import DEFAULT_LEVEL, make_policy
from ..data import load_catalog
from ..engine import Event, EventNames, GameSetup, GameState, describe_event
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


def run_demo(scenario: str | None, seed: int, difficulty: str = DEFAULT_LEVEL) -> int:
    """Play ``scenario`` (a bundled id, a path, or the built-in demo when None) with each side's AI and
    print every event as a line of the combat log. Raises ``FileNotFoundError`` for an unknown
    scenario and ``ScenarioError`` for a broken one (before anything is printed)."""
    from . import scenarios
    from .match import play_match
    from .runner import policy_specs_for

    loaded = scenarios.load(scenario or scenarios.DEMO_ID)
    specs = policy_specs_for(loaded, {}, difficulty)
    policies = {s.id: make_policy(specs[s.id], s.id, seed, s.posture) for s in loaded.sides}
    names = EventNames.of(loaded.setup, {str(k): v for k, v in loaded.unit_names.items()})
    sides = ", ".join(f"{s.name} ({specs[s.id]})" for s in loaded.sides)
    print(f"{loaded.title}: {sides}, seed {seed}")

    def show(state: GameState, events: list[Event]) -> None:
        for e in events:
            print(describe_event(e, names))

    result = play_match(loaded.setup, seed, policies, on_events=show)
    winner = result.outcome.winner
    print(
        f"Game over after {result.turns} turn(s), {len(result.actions)} actions: "
        + (f"{names.side(winner)} wins" if winner else "a draw")
        + f" ({result.outcome.reason})."
    )
    return 0
