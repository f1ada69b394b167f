"""The desktop game's view of one mission in play: a thin adapter over ``sim.match.Match``.

No pygame here. The match (below the UI) holds the state, the seats and the actions; this adds what the
screens ask of a campaign mission: whose eyes the screen uses, unit names, the campaign memory met so
far and what the mission adds to the campaign. Saves are ``campaign.saves`` (a replay that has not
ended); ``save_session``/``load_session`` wrap them for the screens.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..ai.policy import DEFAULT_LEVEL, DIFFICULTIES, Policy, make_policy, parse_policy_spec
from ..campaign import (
    KEEP_SAVES,
    Mission,
    MissionRecord,
    Progress,
    fate_flags,
    load_save,
    pilot_fates,
    record_mission,
    write_save,
)
from ..engine import Action, Event, GameState, Observation, SideId, UnitId
from ..engine.events import FlagSet
from ..sim.match import Match

HUMAN = "human"
"""The seat name a save records for a person's side."""


def make_ai(name: str, side: SideId, seed: int, level: str = DEFAULT_LEVEL) -> Policy:
    """The policy for an AI side at a difficulty (``ai.DIFFICULTIES``; a ``NAME:LEVEL`` name keeps its
    own); an unknown policy name falls back to ``random``."""
    try:
        return make_policy(name or "grados", side, seed, level=level)
    except KeyError:
        return make_policy("random", side, seed, level=level)


def saved_level(policies: Mapping[str, str]) -> str:
    """The difficulty a save's seats were played at (``grados:hard``); normal when none says."""
    for spec in policies.values():
        if ":" in spec:
            try:
                return parse_policy_spec(spec)[1]
            except ValueError:
                continue
    return DEFAULT_LEVEL


class Session:
    """One mission in play. Every change goes through the match (``act``, ``ai_step``).

    The player plays the mission's player side (else its first ``human`` side); every other side gets
    the policy its scenario names; the sides hostile to the player think at ``level`` (the campaign's
    difficulty). ``actions`` are replayed at once (a recorded game's start); ``match`` adopts a match
    already at its position (a loaded save).
    """

    def __init__(
        self,
        mission: Mission,
        seed: int,
        actions: list[Action] | None = None,
        match: Match | None = None,
        level: str = DEFAULT_LEVEL,
    ) -> None:
        if level not in DIFFICULTIES:
            raise ValueError(f"unknown difficulty {level!r}; known: {', '.join(DIFFICULTIES)}")
        self.mission = mission
        self.seed = seed
        self.level = level
        humans = [s.id for s in mission.sides if s.controller == HUMAN]
        self.human: SideId | None = mission.player_side or (humans[0] if humans else None)
        self.ai_names: dict[SideId, str] = {
            s.id: s.ai if s.controller == HUMAN else s.controller for s in mission.sides if s.id != self.human
        }
        seats: dict[SideId, Policy | None] = {
            side: make_ai(n, side, seed, self.level_of(side)) for side, n in self.ai_names.items()
        }
        if match is None:
            match = Match(mission.setup, seed, seats)
        else:
            match.seat({s.id: seats.get(s.id) for s in mission.sides})
        self.match = match
        self.flags_set: list[str] = []
        """Story flags the mission's triggers set so far, in order."""
        self.remembered = False
        """Set once the campaign has kept this mission's record (a debrief shown twice adds it once)."""
        self.ui: dict[str, Any] = {}
        """What a loaded save kept for the screen (title, turn, the log...)."""
        self._note_flags(self.match.opening)
        if actions:
            self._note_flags(self.match.replay(actions))

    # ---------------------------------------------------------------------------- the match

    @property
    def state(self) -> GameState:
        return self.match.state

    @property
    def actions(self) -> list[Action]:
        return self.match.actions

    @property
    def opening(self) -> list[Event]:
        return self.match.opening

    @property
    def ai(self) -> dict[SideId, Policy]:
        """The policies in the match's seats, by side (the sides not played by hand)."""
        return {side: seat for side, seat in self.match.seats.items() if seat is not None}

    @property
    def viewer(self) -> SideId:
        """The side whose eyes the screen uses."""
        return self.human or self.state.setup.sides[0].id

    def observation(self) -> Observation:
        return self.match.observation(self.viewer)

    def legal(self) -> list[Action]:
        return self.match.legal()

    def human_turn(self) -> bool:
        """Whether the match waits for the player (the side to act is played by hand)."""
        return self.match.needs_input is not None

    def act(self, action: Action) -> list[Event]:
        """Apply an action of the side to act: the player's (``Match.submit``), or one fed for another
        seat (the replay viewer's recording, a test playing the enemy). Raises ``IllegalActionError``
        (state unchanged) when it is not legal."""
        if self.match.needs_input is not None:
            events = self.match.submit(action)
        else:
            events = self.match.replay((action,))
        self._note_flags(events)
        return events

    def ai_step(self) -> tuple[Action, list[Event]]:
        """One action of the AI side to act (the AI sees only its own observation)."""
        action, events = self.match.step()
        self._note_flags(events)
        return action, events

    # ---------------------------------------------------------------------------- the campaign

    def unit_name(self, unit_id: UnitId | str) -> str:
        return self.mission.name_of(unit_id)

    @property
    def memory(self) -> frozenset[str]:
        """The campaign flags known in this mission: those it started with (``mission.memory``, from
        ``Progress``) plus the story flags set and the pilots' fates met since (``fate.<pilot>.<fate>``).
        Read-only; the battle screen asks ``"rei_revealed" in session.memory``."""
        return self.mission.memory | set(self.flags_set) | fate_flags(pilot_fates(self.state, self.human))

    def _note_flags(self, events: list[Event]) -> None:
        for e in events:
            if isinstance(e, FlagSet) and e.flag not in self.flags_set:
                self.flags_set.append(e.flag)

    def won(self) -> bool:
        outcome = self.state.outcome
        return outcome is not None and self.human is not None and outcome.winner == self.human

    def record(self, progress: Progress) -> MissionRecord:
        """What this finished mission adds to the campaign (``campaign.record_mission``)."""
        return record_mission(
            self.mission.id,
            self.mission.kind,
            self.won(),
            self.state,
            self.human,
            self.flags_set,
            self.state.catalog,
            progress.training_xp,
        )

    def level_of(self, side: SideId) -> str:
        """The difficulty ``side``'s AI plays at: the session's for the player's enemies, else normal."""
        setup = self.mission.setup
        if self.human is None:
            return self.level
        return self.level if setup.side(side).team != setup.side(self.human).team else DEFAULT_LEVEL

    def seat_names(self) -> dict[str, str]:
        """Every side's seat by name, as a save or replay records it (``human`` for a person); an enemy
        played above or below normal carries its level (``grados:hard``)."""
        out = {}
        for s in self.mission.sides:
            name = self.ai_names.get(s.id, HUMAN)
            level = self.level_of(s.id)
            if name != HUMAN and level != DEFAULT_LEVEL and ":" not in name:
                name = f"{name}:{level}"
            out[str(s.id)] = name
        return out


def save_session(session: Session, keep: int = KEEP_SAVES, ui: Mapping[str, Any] | None = None) -> Path:
    """Write a new numbered save of ``session`` (``campaign.write_save``); returns its path."""
    return write_save(session.mission, session.match, session.seat_names(), ui, keep)


def load_session(path: str | Path) -> Session:
    """Rebuild a session from a save. Raises ``campaign.SaveError`` (and changes nothing) on any problem."""
    loaded = load_save(path)
    level = saved_level(loaded.policies)
    session = Session(loaded.mission, loaded.match.seed, match=loaded.match, level=level)
    session._note_flags(loaded.events)
    session.ui = loaded.ui
    return session
