"""Each mission's measured difficulty, as Mission Select shows it: read from ``data/difficulty.json``.

The file is written by a balance run (``layzner-tactics calibrate``, never by hand): for every mission
and difficulty level, how often the ``expert`` stand-in for a skilled player wins against the Grados AI
at that level. What this reader needs of it::

    {
      "missions": {
        "blue-dust": {
          "normal": {"win_rate": 0.41, "ci95": [0.35, 0.47], "games": 300, "policy": "expert", ...},
          "story": {...}, "hard": {...}
        }
      },
      ...
    }

``win_rate`` and the 95 % interval (``ci95``, or ``low`` and ``high``) are fractions 0..1; ``games`` a
whole number > 0; ``policy`` (optional) names the player's stand-in; other keys are ignored. The reader
is tolerant: no file, an unreadable file, or a mission or level missing from it all mean "not
measured" (``None``), and an entry with a bad value is skipped; the game never fails for it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DIFFICULTY_FILE = Path(__file__).resolve().parent.parent / "data" / "difficulty.json"
MAX_BYTES = 2_000_000


@dataclass(frozen=True, slots=True)
class Measured:
    """The ``expert`` player's measured win rate on one mission at one level, with its 95 % interval."""

    win_rate: float
    low: float
    high: float
    games: int
    policy: str = "expert"

    def label(self) -> str:
        """Mission Select's words for it, e.g. "expert wins 41% (35-47)"."""
        low, high = round(self.low * 100), round(self.high * 100)
        return f"{self.policy} wins {round(self.win_rate * 100)}% ({low}-{high})"


def _fraction(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and 0.0 <= value <= 1.0:
        return float(value)
    return None


def _entry(data: Any) -> Measured | None:
    if not isinstance(data, Mapping):
        return None
    rate, low, high = (_fraction(data.get(k)) for k in ("win_rate", "low", "high"))
    ci95 = data.get("ci95")
    if isinstance(ci95, list | tuple) and len(ci95) == 2:
        low, high = _fraction(ci95[0]), _fraction(ci95[1])
    games = data.get("games")
    policy = data.get("policy", "expert")
    if rate is None or not isinstance(games, int) or isinstance(games, bool) or games <= 0:
        return None
    low = rate if low is None else low
    high = rate if high is None else high
    if not low <= rate <= high:
        return None
    return Measured(rate, low, high, games, policy if isinstance(policy, str) and policy else "expert")


def read_table(path: Path) -> dict[str, dict[str, Measured]]:
    """Every usable entry of a difficulty file, ``{mission: {level: Measured}}``; empty when the file is
    missing, too large, not JSON or not of the shape above."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    missions = data.get("missions") if isinstance(data, dict) else None
    if not isinstance(missions, dict):
        return {}
    out: dict[str, dict[str, Measured]] = {}
    for mission, levels in missions.items():
        if not isinstance(levels, dict):
            continue
        entries = {str(level): m for level, raw in levels.items() if (m := _entry(raw)) is not None}
        if entries:
            out[str(mission)] = entries
    return out


@cache
def _read_once(path: str, stamp: float) -> dict[str, dict[str, Measured]]:
    return read_table(Path(path))


def measured_difficulty(mission_id: str, level: str, path: Path | None = None) -> Measured | None:
    """The measured difficulty of ``mission_id`` at ``level`` (from ``DIFFICULTY_FILE`` unless
    ``path``; read again only when the file changes), or None when it was not measured."""
    path = path or DIFFICULTY_FILE
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return None
    return _read_once(str(path), stamp).get(mission_id, {}).get(level)
