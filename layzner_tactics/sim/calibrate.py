"""Each mission's measured difficulty: the player side's win rate at each level, written by
``layzner-tactics calibrate`` into ``layzner_tactics/data/difficulty.json`` and read by Mission Select.

The file is only ever written by the command (never by hand): per mission and level, the policy that
stood in for the player, its win rate with a 95 % Wilson interval, the games, the seed, the date and a
fingerprint of the mission file it was measured on (an entry made on another version of the mission
says nothing about this one: Mission Select does not show it, and a test fails for a bundled one).
A run updates the (mission, level) pairs it measured and keeps the others.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import math
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..scenario.loader import bundled_scenario_ids, resolve
from ..storage import write_json_atomic

FORMAT = 1
DIFFICULTY_FILE = Path(__file__).resolve().parent.parent / "data" / "difficulty.json"
"""The bundled file (inside the package, so the wheel carries it)."""


class DifficultyFileError(ValueError):
    """The difficulty file cannot be read; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Measured:
    """One mission at one level, as measured."""

    policy: str
    """The policy that played the player's side (``expert``)."""
    side: str
    opponents: dict[str, str]
    """The other sides' policies with their level (``{"grados": "grados:hard"}``)."""
    win_rate: float
    ci95: tuple[float, float]
    games: int
    """Games counted (failed games are not)."""
    seed: int
    date: str
    """ISO date (UTC) of the run."""
    hp_lost: float = 0.0
    """Mean HP the player's side lost per game."""
    people_lost: float = 0.0
    """Mean survivors/civilians the player's side lost per game."""
    fingerprint: str = ""
    """``mission_digest`` of the mission file measured ("": not recorded)."""
    costly_wins: float | None = None
    """Of the player's side's wins, the share in which it lost HP, a unit or an oxygen cache (None: not
    recorded, or no wins)."""


NORMAL_BAND = (0.30, 0.65)
"""Where the stand-in's win rate at Normal must lie (the opponent design: a fight, not a walk-over)."""
NORMAL_CI_BAND = (0.25, 0.70)
"""Where the whole 95 % interval at Normal must lie."""
STORY_EASIER = 0.15
"""Story must be at least this much easier than Normal (in win rate) for the same stand-in."""
HARD_HARDER = 0.10
"""Hard must be at least this much harder than Normal."""


def design_misses(levels: Mapping[str, Measured]) -> list[str]:
    """What one mission's measured levels miss of the design's bands, in words ([] when none); a level
    not measured is not judged."""

    def pct(x: float) -> str:
        return f"{x * 100:.0f} %"

    misses = []
    normal = levels.get("normal")
    if normal is not None:
        low, high = normal.ci95
        if not NORMAL_BAND[0] <= normal.win_rate <= NORMAL_BAND[1]:
            misses.append(
                f"normal {pct(normal.win_rate)} is outside {pct(NORMAL_BAND[0])}-{pct(NORMAL_BAND[1])}"
            )
        elif not (NORMAL_CI_BAND[0] <= low and high <= NORMAL_CI_BAND[1]):
            misses.append(
                f"normal's interval {pct(low)}-{pct(high)} is not inside "
                f"{pct(NORMAL_CI_BAND[0])}-{pct(NORMAL_CI_BAND[1])}"
            )
        story, hard = levels.get("story"), levels.get("hard")
        # the margins compared in tenths of a point (a difference of exactly 15 points is not exactly 0.15)
        if story is not None and round((story.win_rate - normal.win_rate) * 1000) < STORY_EASIER * 1000:
            misses.append(
                f"story {pct(story.win_rate)} is not {STORY_EASIER * 100:.0f} points easier "
                f"than normal {pct(normal.win_rate)}"
            )
        if hard is not None and round((normal.win_rate - hard.win_rate) * 1000) < HARD_HARDER * 1000:
            misses.append(
                f"hard {pct(hard.win_rate)} is not {HARD_HARDER * 100:.0f} points harder "
                f"than normal {pct(normal.win_rate)}"
            )
    return misses


def mission_digest(text: str) -> str:
    """A short fingerprint of a mission file's text (line ends as read in text mode)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def current_digest(mission_id: str) -> str | None:
    """``mission_digest`` of the mission file ``mission_id`` names now (None: no such file)."""
    try:
        return mission_digest(resolve(mission_id).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):  # FileNotFoundError included
        return None


def mission_ids() -> list[str]:
    """Every bundled mission (not skirmishes), in campaign order."""
    out = []
    for sid in bundled_scenario_ids():
        head = tomllib.loads(resolve(sid).read_text(encoding="utf-8")).get("scenario", {})
        if head.get("kind", "mission") == "mission":
            out.append(sid)
    return out


def measured_from_summary(
    summary: Mapping[str, Any],
    side: str,
    specs: Mapping[str, str],
    seed: int,
    today: str | None = None,
    fingerprint: str = "",
) -> Measured:
    """A ``stats.summarise`` result, for the side the player's stand-in played, as a file entry
    (``fingerprint``: the measured file's ``mission_digest``)."""
    s = summary["sides"][side]
    low, high = s["ci95"]
    return Measured(
        policy=specs[side].partition(":")[0],
        side=side,
        opponents={k: v for k, v in specs.items() if k != side},
        win_rate=s["win_rate"],
        ci95=(low, high),
        games=summary["played"],
        seed=seed,
        date=today or datetime.datetime.now(datetime.UTC).date().isoformat(),
        hp_lost=s["means"]["hp_lost"],
        people_lost=s["means"]["people_lost"],
        fingerprint=fingerprint,
        costly_wins=s["costly_wins"] / s["wins"] if s["wins"] else None,
    )


def read_difficulty(path: str | Path | None = None) -> dict[str, dict[str, Measured]]:
    """Mission id -> level -> ``Measured``; empty when the file does not exist.

    Raises ``DifficultyFileError`` naming the file and entry when it exists but is not a valid one.
    """
    target = Path(path) if path is not None else DIFFICULTY_FILE
    if not target.is_file():
        return {}
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DifficultyFileError(f"{target}: not a readable JSON file ({err})") from None
    if (
        not isinstance(data, dict)
        or data.get("format") != FORMAT
        or not isinstance(data.get("missions"), dict)
    ):
        raise DifficultyFileError(f"{target}: expected {{'format': {FORMAT}, 'missions': {{...}}}}")
    out: dict[str, dict[str, Measured]] = {}
    for mission, levels in data["missions"].items():
        if not isinstance(levels, dict):
            raise DifficultyFileError(f"{target}: missions.{mission}: expected a table of levels")
        for level, entry in levels.items():
            try:
                m = Measured(**{**entry, "ci95": tuple(entry["ci95"])})
                ok = 0 <= m.ci95[0] <= m.win_rate <= m.ci95[1] <= 1 and m.games >= 0
            except (TypeError, KeyError, ValueError):
                ok = False
            if not ok or not all(math.isfinite(x) for x in (m.win_rate, *m.ci95)):
                raise DifficultyFileError(f"{target}: missions.{mission}.{level}: not a valid entry")
            out.setdefault(str(mission), {})[str(level)] = m
    return out


def write_difficulty(results: Mapping[str, Mapping[str, Measured]], path: str | Path | None = None) -> Path:
    """Merge ``results`` (mission -> level -> entry) into the file, atomically; returns its path.

    An unreadable existing file is replaced, not merged (the command regenerates it anyway).
    """
    target = Path(path) if path is not None else DIFFICULTY_FILE
    try:
        merged = read_difficulty(target)
    except DifficultyFileError:
        merged = {}
    for mission, levels in results.items():
        merged.setdefault(mission, {}).update(levels)
    data = {
        "format": FORMAT,
        "about": "Written by `layzner-tactics calibrate`; do not edit by hand. Per mission and level: the "
        "player side's win rate (policy standing in for the player) against the AI at that level.",
        "missions": {
            mission: {level: asdict(merged[mission][level]) for level in sorted(merged[mission])}
            for mission in sorted(merged)
        },
    }
    write_json_atomic(target, data)
    return target
