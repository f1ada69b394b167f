"""The campaign kept between runs (``progress.json`` in the data folder), and its rules of keeping.

A corrupt file is set aside (``storage.keep_aside``: renamed, never deleted or overwritten) and a new
campaign starts, with a message for the title screen.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..ai.policy import DEFAULT_LEVEL, DIFFICULTIES
from ..scenario.memory import FATES
from ..storage import (
    DataFileError,
    data_dir,
    free_name,
    keep_aside,
    read_json_object,
    set_aside_message,
    write_json_atomic,
)
from .drills import SIMULATOR_ID
from .fates import MissionRecord, fate_flags

MAX_PROGRESS_BYTES = 5_000_000


class ProgressError(DataFileError):
    """progress.json exists but cannot be used; the message names the file and says why."""


@dataclass
class Progress:
    """The campaign kept between runs (``progress.json``): everything a later mission may depend on.

    - ``completed``: missions won, in the order they were won;
    - ``xp``: experience per pilot, from won missions and the simulator (it makes the students better:
      ``campaign.overrides_for``); ``training_xp`` is the simulator's share of it, capped;
    - ``fates``: named enemy pilot -> ``spared`` | ``captured`` | ``withdrew`` | ``disabled`` | ``killed``;
    - ``flags``: story flags set by won missions (``rei_revealed``...);
    - ``difficulty``: how the enemy thinks (``ai.DIFFICULTIES``: story, normal, hard), chosen at New
      Campaign and in Options between missions; a file without it (or with a level this game does not
      know) reads as normal.

    Only a won mission is remembered (``campaign.record_mission``): a loss keeps no xp, no fate and no
    flag, since the mission is played again. An old file with only ``completed`` loads; a corrupt one is
    moved aside (never deleted or overwritten) and ``error`` says so.
    """

    completed: list[str] = field(default_factory=list)
    xp: dict[str, int] = field(default_factory=dict)
    fates: dict[str, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    training_xp: dict[str, int] = field(default_factory=dict)
    difficulty: str = DEFAULT_LEVEL
    error: str = ""
    """Set when progress.json could not be read: the message for the title screen."""

    @property
    def memory(self) -> frozenset[str]:
        """Every flag the campaign holds: story flags, ``fate.<pilot>.<fate>`` and ``won.<mission>``."""
        return frozenset(self.flags) | fate_flags(self.fates) | {f"won.{m}" for m in self.completed}

    @staticmethod
    def path() -> Path:
        return data_dir() / "progress.json"

    @staticmethod
    def read(path: Path) -> Progress:
        """Parse a progress file. Raises ``DataFileError`` (nothing changed) when it is not one."""
        data = read_json_object(path, "campaign progress", MAX_PROGRESS_BYTES)

        def strings(key: str) -> list[str]:
            value = data.get(key, [])
            if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
                raise ProgressError(path, f"{key} must be a list of names")
            return list(dict.fromkeys(value))

        def numbers(key: str) -> dict[str, int]:
            value = data.get(key, {})
            if not isinstance(value, dict) or not all(
                isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 1_000_000 for v in value.values()
            ):
                raise ProgressError(path, f"{key} must map pilots to whole numbers >= 0")
            return {str(k): v for k, v in value.items()}

        fates = data.get("fates", {})
        if not isinstance(fates, dict) or not all(isinstance(v, str) and v in FATES for v in fates.values()):
            raise ProgressError(path, f"fates must map pilots to one of {', '.join(FATES)}")
        level = data.get("difficulty", DEFAULT_LEVEL)
        if not isinstance(level, str):
            raise ProgressError(path, f"difficulty must be one of {', '.join(DIFFICULTIES)}")
        return Progress(
            difficulty=level if level in DIFFICULTIES else DEFAULT_LEVEL,
            completed=strings("completed"),
            xp=numbers("xp"),
            fates={str(k): str(v) for k, v in fates.items()},
            flags=strings("flags"),
            training_xp=numbers("training_xp"),
        )

    @staticmethod
    def load() -> Progress:
        """The saved progress; a fresh one when there is none. A broken file is kept beside, renamed."""
        path = Progress.path()
        if not path.exists() and not path.is_symlink():
            return Progress()
        try:
            return Progress.read(path)
        except DataFileError as err:
            kept = keep_aside(path)
            return Progress(error=set_aside_message("Campaign progress", err, kept, "a new campaign starts"))

    def to_data(self) -> dict[str, Any]:
        return {
            "completed": self.completed,
            "xp": dict(sorted(self.xp.items())),
            "fates": dict(sorted(self.fates.items())),
            "flags": sorted(self.flags),
            "training_xp": dict(sorted(self.training_xp.items())),
            "difficulty": self.difficulty,
        }

    def save(self) -> None:
        path = Progress.path()
        if self.error and (path.exists() or path.is_symlink()):
            return  # the unreadable file could not be moved aside: never write over it
        write_json_atomic(path, self.to_data())

    def restart(self, difficulty: str = DEFAULT_LEVEL) -> Progress:
        """A new campaign at ``difficulty``: the current file is kept as ``progress.json.previous``
        (``.previous-2``... when that exists: an earlier campaign is never overwritten), a fresh one saved."""
        path = Progress.path()
        if path.exists() and not self.error:
            os.rename(path, free_name(path, "previous"))
        fresh = Progress(difficulty=difficulty if difficulty in DIFFICULTIES else DEFAULT_LEVEL)
        fresh.save()
        return fresh

    def mark(self, mission_id: str) -> None:
        if mission_id not in self.completed:
            self.completed.append(mission_id)
        self.save()

    def apply(self, record: MissionRecord) -> None:
        """Keep what a finished mission adds (nothing unless it counts), then save."""
        if not record.counts:
            return
        for pilot, gain in record.xp.items():
            self.xp[pilot] = self.xp.get(pilot, 0) + gain
            if record.mission == SIMULATOR_ID:
                self.training_xp[pilot] = self.training_xp.get(pilot, 0) + gain
        self.fates.update(record.fates)
        self.flags = sorted(set(self.flags) | set(record.flags))
        if record.mission != SIMULATOR_ID and record.mission not in self.completed:
            self.completed.append(record.mission)
        self.save()
