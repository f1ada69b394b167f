"""Each mission's measured difficulty, as Mission Select and the briefing show it.

The numbers come from ``data/difficulty.json``, written by ``layzner-tactics calibrate`` (never by
hand) and read by ``sim.calibrate.read_difficulty``: for every mission and level, how often the
``expert`` stand-in for a skilled player wins against the Grados AI at that level. The game never fails
for this file: a missing or broken one means "not measured", and so does an entry measured on another
version of the mission file than the one there now (its fingerprint differs).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..i18n import tr
from ..sim import calibrate
from ..sim.calibrate import DifficultyFileError, Measured


def label(measured: Measured) -> str:
    """The menus' words for a measurement, e.g. "expert wins 41% (35-47)"."""
    low, high = (round(x * 100) for x in measured.ci95)
    return tr(
        "{policy} wins {pct}% ({low}-{high})",
        policy=measured.policy,
        pct=round(measured.win_rate * 100),
        low=low,
        high=high,
    )


@cache
def _table(path: str, stamp: float) -> dict[str, dict[str, Measured]]:
    try:
        return calibrate.read_difficulty(path)
    except DifficultyFileError:
        return {}


def measured_difficulty(mission_id: str, level: str, path: Path | None = None) -> Measured | None:
    """The measured difficulty of ``mission_id`` at ``level`` (from the bundled file unless ``path``;
    read again only when the file changes), or None when it was not measured or the file is broken."""
    target = path or calibrate.DIFFICULTY_FILE
    try:
        stamp = target.stat().st_mtime
    except OSError:
        return None
    found = _table(str(target), stamp).get(mission_id, {}).get(level)
    if found is not None and found.fingerprint and found.fingerprint != _digest_now(mission_id):
        return None  # measured on the mission as it was: it says nothing of this one
    return found


def _digest_now(mission_id: str) -> str | None:
    """The mission file's fingerprint, worked out again only when the file changes."""
    try:
        path = calibrate.resolve(mission_id)
        stamp = path.stat().st_mtime if isinstance(path, Path) else 0.0
    except (OSError, ValueError):
        return None
    return _digest(mission_id, str(path), stamp)


@cache
def _digest(mission_id: str, path: str, stamp: float) -> str | None:
    return calibrate.current_digest(mission_id)
