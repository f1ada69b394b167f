"""The simulation report: win rates with Wilson intervals, turns, how games ended, losses, survivors."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from typing import Any

from .runner import GameRecord

Z95 = 1.959963984540054


def wilson(wins: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for ``wins`` successes in ``n`` trials (95 % by default)."""
    if n == 0:
        return 0.0, 1.0
    p = wins / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if wins == 0 else max(0.0, centre - half)  # exact ends: no rounding dust below 0 or 1
    high = 1.0 if wins == n else min(1.0, centre + half)
    return low, high


def summarise(records: Sequence[GameRecord], sides: Sequence[str]) -> dict[str, Any]:
    """One scenario's report as plain data (JSON-ready)."""
    played = [r for r in records if not r.error]
    n = len(played)
    wins = Counter(r.winner for r in played)
    turns = [r.turns for r in played]
    per_side = {}
    for side in sides:
        w = wins.get(side, 0)
        low, high = wilson(w, n)
        lost: Counter[str] = Counter()
        for r in played:
            lost.update(r.lost.get(side, {}))
        per_side[side] = {
            "wins": w,
            "win_rate": w / n if n else 0.0,
            "ci95": [low, high],
            "units_lost": dict(sorted(lost.items())),
            "saved": sum(r.saved.get(side, 0) for r in played),
            "civilians_alive_at_end": sum(r.civilians_alive.get(side, 0) for r in played),
        }
    endings = Counter(f"{r.winner or 'draw'}: {r.termination} ({r.reason})" for r in played)
    return {
        "games": len(records),
        "played": n,
        "errors": len(records) - n,
        "draws": wins.get(None, 0),
        "sides": per_side,
        "turns": {
            "mean": statistics.fmean(turns) if turns else 0.0,
            "stdev": statistics.pstdev(turns) if turns else 0.0,
            "min": min(turns, default=0),
            "max": max(turns, default=0),
        },
        "endings": dict(endings.most_common()),
    }


def format_report(title: str, summary: dict[str, Any], policies: dict[str, str]) -> str:
    lines = [
        f"== {title}: {summary['played']} games"
        + (f", {summary['errors']} FAILED" if summary["errors"] else "")
    ]
    t = summary["turns"]
    lines.append(f"   turns: mean {t['mean']:.1f}, sd {t['stdev']:.1f}, range {t['min']}-{t['max']}")
    lines.append(f"   {'side':12} {'policy':10} {'wins':>5} {'rate':>7}  95% CI          lost / saved")
    for side, s in summary["sides"].items():
        low, high = s["ci95"]
        lost = ", ".join(f"{k} {v}" for k, v in s["units_lost"].items()) or "none"
        saved = f"; saved {s['saved']}" if s["saved"] else ""
        lines.append(
            f"   {side:12} {policies.get(side, ''):10} {s['wins']:5d} {s['win_rate'] * 100:6.1f}%  "
            f"[{low * 100:5.1f}, {high * 100:5.1f}]  {lost}{saved}"
        )
    lines.append(f"   draws: {summary['draws']}")
    lines.append("   how games ended:")
    for ending, count in list(summary["endings"].items())[:8]:
        lines.append(f"     {count:5d}  {ending}")
    return "\n".join(lines)
