"""``layzner-tactics demo``: one headless AI-vs-AI game printed as a combat log."""

from __future__ import annotations

from ..ai.policy import DEFAULT_LEVEL, make_policy
from ..engine import Event, EventNames, GameState, describe_event
from . import scenarios
from .match import play_match
from .runner import policy_specs_for


def run_demo(scenario: str | None, seed: int, difficulty: str = DEFAULT_LEVEL) -> int:
    """Play ``scenario`` (a bundled id, a path, or the built-in demo when None) with each side's AI and
    print every event as a line of the combat log. Raises ``FileNotFoundError`` for an unknown
    scenario and ``ScenarioError`` for a broken one (before anything is printed)."""
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
