"""``--csv`` and ``--units-csv``: the games and their units as flat tables for pandas, R or a spreadsheet.

Plain CSV (RFC 4180, a header row, ``,`` separated, UTF-8): ``pandas.read_csv(path)`` needs no options.
Columns are the same for every row of a file; a side a scenario does not have is left empty.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .runner import GameRecord
from .tally import SIDE_FIGURES, UNIT_COLUMNS

GAME_COLUMNS = ("scenario", "sweep_value", "index", "seed", "winner", "termination", "reason", "turns")
"""Then, per side (``SIDE_policy``, ``SIDE_attacks`` ... see ``tally.SIDE_FIGURES``), and ``error``."""


def game_table(games: Sequence[tuple[GameRecord, Any]]) -> tuple[list[str], list[dict[str, Any]]]:
    """(columns, rows): one row per (record, sweep value or None), sides in order of first appearance."""
    sides: list[str] = []
    for record, _value in games:
        for side in (*record.policies, *record.sides):
            if side not in sides:
                sides.append(side)
    columns = [*GAME_COLUMNS]
    for side in sides:
        columns += [f"{side}_policy", *(f"{side}_{f}" for f in SIDE_FIGURES)]
    columns.append("error")
    rows = []
    for r, value in games:
        row: dict[str, Any] = {
            "scenario": r.scenario,
            "sweep_value": "" if value is None else value,
            "index": r.index,
            "seed": r.seed,
            "winner": r.winner or ("" if r.error else "draw"),
            "termination": r.termination,
            "reason": r.reason,
            "turns": r.turns,
            "error": r.error,
        }
        for side in sides:
            row[f"{side}_policy"] = r.policies.get(side, "")
            figures = r.sides.get(side, {})
            for f in SIDE_FIGURES:
                row[f"{side}_{f}"] = figures.get(f, "")
        rows.append(row)
    return columns, rows


def unit_table(games: Sequence[tuple[GameRecord, Any]]) -> tuple[list[str], list[dict[str, Any]]]:
    """(columns, rows): one row per unit per game (``tally.UNIT_COLUMNS`` after the game's keys)."""
    columns = ["scenario", "sweep_value", "index", "seed", *UNIT_COLUMNS]
    rows = [
        {
            "scenario": r.scenario,
            "sweep_value": "" if value is None else value,
            "index": r.index,
            "seed": r.seed,
            **unit,
        }
        for r, value in games
        for unit in r.units
    ]
    return columns, rows


def write_csv(path: str | Path, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> None:
    """Write the table to ``path`` atomically (a temporary file renamed over it)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(buffer.getvalue())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
