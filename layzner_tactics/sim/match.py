"""Play one game between policies, headless: the loop every simulation, test and demo uses."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..ai.policy import Policy
from ..engine import (
    Action,
    Event,
    GameSetup,
    GameState,
    Outcome,
    PhaseEnded,
    SideId,
    apply,
    legal_actions_for,
    new_game,
    observe,
)

MAX_ACTIONS_PER_PHASE = 2000
"""A policy that keeps acting without ending its phase is broken; the match stops it."""


class PolicyError(RuntimeError):
    """A policy returned an illegal action or never ended its phase; the game cannot be counted."""

    def __init__(self, message: str, actions: list[Action]) -> None:
        super().__init__(message)
        self.actions = actions


@dataclass
class MatchResult:
    seed: int
    outcome: Outcome
    turns: int
    actions: list[Action]
    final_hash: str
    state: GameState
    events: list[Event] = field(default_factory=list)


def play_match(
    setup: GameSetup,
    seed: int,
    policies: Mapping[SideId, Policy],
    on_events: Callable[[GameState, list[Event]], None] | None = None,
    keep_events: bool = False,
    record: list[Action] | None = None,
) -> MatchResult:
    """Play to the end. Raises ``PolicyError`` (with the actions so far) on an illegal action.

    ``record``, when given, is the list the actions are appended to as they are applied, so a caller
    still has them when a policy or the engine crashes mid-game (for the failure's replay).
    """
    state = new_game(setup, seed)
    actions: list[Action] = record if record is not None else []
    all_events: list[Event] = list(state.opening_events) if keep_events else []
    if on_events is not None:
        on_events(state, list(state.opening_events))
    in_phase = 0
    while state.outcome is None:
        side = state.side_to_act
        obs = observe(state, side)
        legal = legal_actions_for(obs)
        action = policies[side].choose(obs, legal)
        if action not in legal:
            raise PolicyError(f"policy for {side} chose an illegal action {action!r}", actions)
        events = apply(state, action)
        actions.append(action)
        in_phase = 0 if events and isinstance(events[0], PhaseEnded) else in_phase + 1
        if in_phase > MAX_ACTIONS_PER_PHASE:
            raise PolicyError(f"policy for {side} did not end its phase", actions)
        if keep_events:
            all_events.extend(events)
        if on_events is not None:
            on_events(state, events)
    assert state.outcome is not None
    return MatchResult(
        seed=seed,
        outcome=state.outcome,
        turns=min(state.turn, setup.max_turns),
        actions=actions,
        final_hash=state.hash(),
        state=state,
        events=all_events,
    )
