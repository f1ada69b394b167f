"""The ``Scenario``: a validated mission file as plain data (the contract the loader fills in).

The game, the simulator, the AI and the tests read missions only through ``load_scenario`` (in
``loader.py``), which returns this or raises ``ScenarioError`` listing every problem with its place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..engine import GameSetup, SideId, UnitId


@dataclass(frozen=True, slots=True)
class ScenarioProblem:
    """One mistake in a scenario file: ``FILE:LINE: KEY.PATH: problem (offending text)``."""

    file: str
    line: int
    """1-based: the key's line, or its enclosing table's; 1 for a file-wide problem (0 only for
    problems outside any file, such as ``--set`` overrides)."""
    where: str
    """Key path such as ``units[3].at`` or ``map.rows row 7 col 12``."""
    message: str
    text: str = ""
    """The offending text, when there is one."""

    def __str__(self) -> str:
        tail = f" ({self.text})" if self.text else ""
        return f"{self.file}:{self.line}: {self.where}: {self.message}{tail}"


class ScenarioError(ValueError):
    """A scenario that cannot be played; ``problems`` holds every problem found."""

    def __init__(self, problems: list[ScenarioProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True, slots=True)
class Gate:
    """When a part of a mission is included: every ``requires`` flag set, at least one ``requires_any``
    flag set (when it names any), and no ``unless`` flag set.

    Flags are the campaign's memory (``rei_revealed``, ``fate.lobelia.withdrew``, ``won.blue-dust``):
    a mission is built for the flags known when it starts (``Scenario.memory``).
    """

    requires: frozenset[str] = frozenset()
    unless: frozenset[str] = frozenset()
    requires_any: frozenset[str] = frozenset()

    def holds(self, memory: frozenset[str] | set[str]) -> bool:
        return (
            self.requires <= memory
            and not (self.unless & memory)
            and (not self.requires_any or bool(self.requires_any & memory))
        )

    def excludes(self, other: Gate) -> bool:
        """True when the two can never both hold (one needs a flag the other forbids)."""
        return any(
            a.requires & b.unless or (a.requires_any and a.requires_any <= b.unless)
            for a, b in ((self, other), (other, self))
        )

    @property
    def flags(self) -> frozenset[str]:
        return self.requires | self.unless | self.requires_any

    def __bool__(self) -> bool:
        return bool(self.flags)


ALWAYS = Gate()


@dataclass(frozen=True, slots=True)
class StoryPart:
    """A paragraph of the briefing or a debrief, with the memory it needs (``ALWAYS`` for the base)."""

    part: str
    """``briefing``, ``debrief_win`` or ``debrief_loss``."""
    text: str
    gate: Gate = ALWAYS


@dataclass(frozen=True, slots=True)
class SideInfo:
    id: SideId
    name: str
    controller: str
    """``human`` or an AI policy name (``grados``, ``earth``, ``random``...)."""
    ai: str
    """The policy that plays this side when no human does (simulations, AI-vs-AI): the controller
    itself for AI sides; for human sides the file's ``ai`` key (default ``earth``)."""
    posture: str = ""
    colour: str = ""
    """``#rrggbb`` for the UI; empty for the default of the side."""


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    title: str
    kind: str
    """``mission`` (part of the campaign) or ``skirmish``."""
    order: int
    """Position in the campaign (missions) or in the skirmish list."""
    briefing: str
    debrief_win: str
    debrief_loss: str
    sides: tuple[SideInfo, ...]
    setup: GameSetup
    map_rows: tuple[str, ...]
    legend: Mapping[str, str]
    unit_names: Mapping[UnitId, str] = field(default_factory=dict)
    """Display names for units ("Anna's buggy"); the unit id when absent."""
    player_side: SideId | None = None
    """The side a human plays in the campaign (the first ``human`` side), if any."""
    source: str = ""
    """The file it was loaded from."""
    content_hash: str = ""
    """BLAKE2b of the file's bytes: replays and saves refer to a scenario by it."""
    overrides: Mapping[str, Any] = field(default_factory=dict)
    """The catalog overrides it was loaded with beyond the file's own (``--set``, the students' skills)."""
    memory: frozenset[str] = frozenset()
    """The campaign flags this mission was built for (its ``requires``/``unless`` parts chosen by them)."""
    flags_read: frozenset[str] = frozenset()
    """Every flag the file's ``requires``/``unless`` keys name: the memory that can change it."""
    flags_set: frozenset[str] = frozenset()
    """Story flags the file's triggers can set (``{ flag = "..." }`` effects)."""
    story: tuple[StoryPart, ...] = ()
    """The briefing and debriefs paragraph by paragraph (base text, then ``[[story]]`` parts)."""
    warnings: tuple[ScenarioProblem, ...] = ()
    """What ``validate`` warns about (legal but likely a slip): unused zones, sides with no objective,
    units that can never reach their objective's zone. Each message starts with ``warning:``."""

    def side_info(self, side_id: str) -> SideInfo:
        for s in self.sides:
            if s.id == side_id:
                return s
        raise KeyError(side_id)

    def side_brief(self, side_id: str) -> SideInfo | None:
        """The side, or None (for the UI, which asks about sides it may not know)."""
        return next((s for s in self.sides if s.id == side_id), None)

    def story_text(self, part: str, memory: frozenset[str] | set[str]) -> str:
        """The briefing or a debrief for ``memory``: a debrief is told with what the mission itself
        added (the fates met, the flags set), so the debrief asks with the session's final memory."""
        if not self.story:
            return {"briefing": self.briefing, "debrief_win": self.debrief_win}.get(part, self.debrief_loss)
        return "\n\n".join(p.text for p in self.story if p.part == part and p.gate.holds(memory))

    def name_of(self, unit_id: str) -> str:
        """The unit's display name ("Anna's buggy"), or its id."""
        return self.unit_names.get(UnitId(unit_id), unit_id)
