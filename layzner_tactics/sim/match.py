"""One match, steppable: the loop every simulation, test, demo, the desktop game and the replay viewer use.

A ``Match`` holds the live ``GameState`` and every action applied so far. Each side has a **seat**: a
``Policy`` (the match asks it when its side is to act, ``step()``) or ``None``, a person whose actions
arrive through ``submit()``; ``needs_input`` says which side the match is waiting for. Everything goes
through ``engine.apply``, so a match played live, simulated or replayed is the same game.

Legality has one definition: the engine's ``is_legal`` (what ``apply`` accepts).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ..ai.policy import Policy
from ..engine import (
    Action,
    Event,
    GameSetup,
    GameState,
    Observation,
    Outcome,
    PhaseEnded,
    SideId,
    UnitId,
    apply,
    is_legal,
    legal_actions_for,
    new_game,
    observe,
)
from ..engine.actions import UndoMove

MAX_ACTIONS_PER_PHASE = 2000
"""A policy that keeps acting without ending its phase is broken; the match stops it."""

Seat = Policy | None
"""Who plays a side: a policy, or None for a person (``Match.submit``)."""


class PolicyError(RuntimeError):
    """A policy returned an illegal action or never ended its phase; the game cannot be counted."""

    def __init__(self, message: str, actions: list[Action]) -> None:
        super().__init__(message)
        self.actions = actions


class MatchError(RuntimeError):
    """The match was driven out of turn: ``step`` while a person is to act, ``submit`` while a policy
    is, or either once the game is over. A bug in the caller, never a player's mistake."""


@dataclass
class MatchResult:
    seed: int
    outcome: Outcome
    turns: int
    actions: list[Action]
    final_hash: str
    state: GameState
    events: list[Event] = field(default_factory=list)


class Match:
    """One game in progress: the state, the seats, the actions so far.

    - ``step()``: the policy whose side is to act chooses one action, which is applied;
    - ``submit(action)``: a person's action (``IllegalActionError``, nothing changed, when illegal);
    - ``undo(unit)``: take back a person's move (the engine's ``UndoMove``, legal until the unit acts);
    - ``needs_input``: the person's side the match waits for, or None.
    Every method that applies an action returns its events, in order.
    """

    def __init__(
        self,
        setup: GameSetup,
        seed: int,
        seats: Mapping[SideId, Seat],
        record: list[Action] | None = None,
    ) -> None:
        """``seats`` names every side's seat (a side left out is a person's). ``record``, when given, is
        the list the actions are appended to, so a caller keeps them if a policy or the engine crashes."""
        self.setup = setup
        self.seed = seed
        self.seats: dict[SideId, Seat] = {s.id: None for s in setup.sides}
        self.seat(seats)
        self.state: GameState = new_game(setup, seed)
        self.opening: list[Event] = list(self.state.opening_events)
        """The events of the game's start (phase one, opening dialogue), before any action."""
        self.actions: list[Action] = record if record is not None else []
        self._in_phase = 0

    def seat(self, seats: Mapping[SideId, Seat]) -> None:
        """Put policies in the sides' seats (a side left out keeps its seat, one not in the mission is
        ignored; None: a person's), each briefed on the mission as at the start: a policy that knows
        missions as a returning player does (``expert``) or its own side's orders (the Grados AI at
        Hard) reads their script, so a game resumed from a save is played by the same minds as one played
        through."""
        for side, seat in seats.items():
            if side not in self.seats:
                continue
            self.seats[side] = seat
            brief = getattr(seat, "brief", None)
            if brief is not None:
                brief(self.setup)

    # ---------------------------------------------------------------------------- reading

    @property
    def outcome(self) -> Outcome | None:
        return self.state.outcome

    @property
    def over(self) -> bool:
        return self.state.outcome is not None

    @property
    def side_to_act(self) -> SideId:
        return self.state.side_to_act

    @property
    def needs_input(self) -> SideId | None:
        """The side whose person the match waits for (``submit``); None when a policy is to act or the
        game is over."""
        if self.over or self.seats.get(self.state.side_to_act) is not None:
            return None
        return self.state.side_to_act

    def observation(self, side: SideId) -> Observation:
        """What ``side`` sees now (the only view a policy or a player's screen gets)."""
        return observe(self.state, side)

    def legal(self) -> list[Action]:
        """The legal actions of the side to act, one path per destination (a subset of what
        ``submit`` accepts: any legal path to a tile is allowed)."""
        return legal_actions_for(observe(self.state, self.state.side_to_act))

    # ---------------------------------------------------------------------------- acting

    def step(self) -> tuple[Action, list[Event]]:
        """Let the policy of the side to act choose one action and apply it.

        Raises ``MatchError`` when a person is to act or the game is over, ``PolicyError`` (with the
        actions so far, the bad one not applied) when the policy's choice is illegal or it never ends
        its phase."""
        if self.over:
            raise MatchError("the game is over")
        side = self.state.side_to_act
        policy = self.seats.get(side)
        if policy is None:
            raise MatchError(f"{side} is a person's seat: the match waits for submit()")
        obs = observe(self.state, side)
        action = policy.choose(obs, legal_actions_for(obs))
        if not is_legal(self.state, action):
            raise PolicyError(f"policy for {side} chose an illegal action {action!r}", self.actions)
        events = self._apply(action)
        if self._in_phase > MAX_ACTIONS_PER_PHASE:
            raise PolicyError(f"policy for {side} did not end its phase", self.actions)
        return action, events

    def submit(self, action: Action) -> list[Event]:
        """A person's action for the side to act. Raises ``IllegalActionError`` (state unchanged) when
        the rules refuse it, ``MatchError`` when the side to act is not a person's seat."""
        if self.needs_input is None:
            raise MatchError(
                "the game is over" if self.over else f"{self.state.side_to_act} is played by a policy"
            )
        return self._apply(action)

    def undo(self, unit: UnitId) -> list[Event]:
        """Take back a person's move of ``unit`` (legal until the unit acts); ``IllegalActionError``
        when there is nothing to undo."""
        return self.submit(UndoMove(unit))

    def replay(self, actions: Iterable[Action]) -> list[Event]:
        """Apply recorded actions whoever's seat they are (loading a save or replay) and return their
        events, in order. Raises ``IllegalActionError`` at the first one the rules refuse; the ones
        before it stay applied."""
        events: list[Event] = []
        for action in actions:
            events.extend(self._apply(action))
        return events

    def run(self, on_events: Callable[[GameState, list[Event]], None] | None = None) -> None:
        """``step()`` until the game is over or a person is to act."""
        while not self.over and self.needs_input is None:
            _, events = self.step()
            if on_events is not None:
                on_events(self.state, events)

    def result(self) -> MatchResult:
        """The finished game (``MatchError`` before the end)."""
        if self.state.outcome is None:
            raise MatchError("the game is not over")
        return MatchResult(
            seed=self.seed,
            outcome=self.state.outcome,
            turns=min(self.state.turn, self.setup.max_turns),
            actions=self.actions,
            final_hash=self.state.hash(),
            state=self.state,
        )

    def _apply(self, action: Action) -> list[Event]:
        events = apply(self.state, action)
        self.actions.append(action)
        self._in_phase = 0 if events and isinstance(events[0], PhaseEnded) else self._in_phase + 1
        return events


def play_match(
    setup: GameSetup,
    seed: int,
    policies: Mapping[SideId, Policy],
    on_events: Callable[[GameState, list[Event]], None] | None = None,
    keep_events: bool = False,
    record: list[Action] | None = None,
) -> MatchResult:
    """Play to the end with a policy in every seat. Raises ``PolicyError`` (with the actions so far)
    on an illegal action.

    ``record``, when given, is the list the actions are appended to as they are applied, so a caller
    still has them when a policy or the engine crashes mid-game (for the failure's replay).
    """
    match = Match(setup, seed, policies, record)
    all_events: list[Event] = list(match.opening) if keep_events else []
    if on_events is not None:
        on_events(match.state, list(match.opening))
    while not match.over:
        _, events = match.step()
        if keep_events:
            all_events.extend(events)
        if on_events is not None:
            on_events(match.state, events)
    result = match.result()
    result.events = all_events
    return result
