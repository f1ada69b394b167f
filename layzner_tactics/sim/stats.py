"""The simulation report: win rates with Wilson intervals, turns, how games ended, losses, survivors."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from typing import Any

from .runner import GameRecord
from .tally import COST_FIGURES, PRESS_FIGURES, SIDE_FIGURES

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
        spared: Counter[str] = Counter()
        for r in played:
            lost.update(r.lost.get(side, {}))
            spared.update(r.spared.get(side, {}))
        # won, but not for free: it lost HP, a unit or an oxygen cache on the way (the design asks that
        # the player's stand-in pay for most of its wins)
        costly = sum(
            1
            for r in played
            if r.winner == side and any(r.sides.get(side, {}).get(f, 0) for f in COST_FIGURES)
        )
        per_side[side] = {
            "wins": w,
            "costly_wins": costly,
            # phases that began with an attack in reach and those of them with an attack, all and
            # with a target the mission wants shot (summed)
            **{f: sum(r.sides.get(side, {}).get(f, 0) for r in played) for f in PRESS_FIGURES},
            "win_rate": w / n if n else 0.0,
            "ci95": [low, high],
            "units_lost": dict(sorted(lost.items())),
            "pilots_alive_of_lost": dict(sorted(spared.items())),
            "saved": sum(r.saved.get(side, 0) for r in played),
            "civilians_alive_at_end": sum(r.civilians_alive.get(side, 0) for r in played),
            "means": {
                f: statistics.fmean(r.sides.get(side, {}).get(f, 0) for r in played) if n else 0.0
                for f in SIDE_FIGURES
            },
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
            "stdev": statistics.stdev(turns) if len(turns) > 1 else 0.0,
            "min": min(turns, default=0),
            "max": max(turns, default=0),
            "histogram": {str(t): c for t, c in sorted(Counter(turns).items())},
        },
        "endings": dict(endings.most_common()),
        "ais": by_ai(played),
        "swapped": any(r.ais != played[0].ais for r in played),
    }


def by_ai(played: Sequence[GameRecord]) -> dict[str, Any]:
    """Win rate per AI (``GameRecord.ais``), whichever side it played: what ``--swap-sides`` measures."""
    games: Counter[str] = Counter()
    wins: Counter[str] = Counter()
    sides: dict[str, Counter[str]] = {}
    for r in played:
        for side, label in r.ais.items():
            games[label] += 1
            wins[label] += int(r.winner == side)
            sides.setdefault(label, Counter())[side] += 1
    out = {}
    for label in sorted(games):
        low, high = wilson(wins[label], games[label])
        out[label] = {
            "games": games[label],
            "wins": wins[label],
            "win_rate": wins[label] / games[label],
            "ci95": [low, high],
            "games_by_side": dict(sorted(sides[label].items())),
        }
    return out


def format_report(title: str, summary: dict[str, Any], policies: dict[str, str]) -> str:
    """The terminal report of one scenario: a side table, then how games ended and what was lost."""
    lines = [
        f"== {title}: {summary['played']} games"
        + (f", {summary['errors']} FAILED (not counted)" if summary["errors"] else "")
        + (
            f" (PARTIAL: interrupted, {summary['games']} of {summary['planned']} games finished)"
            if summary.get("partial")
            else ""
        )
    ]
    t = summary["turns"]
    lines.append(f"   turns: mean {t['mean']:.1f}, sd {t['stdev']:.1f}, range {t['min']}-{t['max']}")
    lines.append(
        f"   {'side':12} {'policy':14} {'wins':>5} {'rate':>7}  {'95% CI':16} {'saved':>5} {'civ.':>5}"
    )
    swapped = summary.get("swapped", False)
    for side, s in summary["sides"].items():
        low, high = s["ci95"]
        policy = "(swapped)" if swapped else policies.get(side, "")
        lines.append(
            f"   {side:12} {policy:14} {s['wins']:5d} {s['win_rate'] * 100:6.1f}%  "
            f"[{low * 100:5.1f}, {high * 100:5.1f}]   {s['saved']:5d} {s['civilians_alive_at_end']:5d}"
        )
    lines.append(f"   {'draws':12} {'':14} {summary['draws']:5d}")
    lines.append("   saved: units evacuated; civ.: civilian units alive at the end (summed over games)")
    if swapped:
        lines.append("   by AI (each AI plays each side of a seed once):")
        for label, a in summary["ais"].items():
            low, high = a["ci95"]
            lines.append(
                f"     {label:20} {a['wins']:5d} of {a['games']:5d} {a['win_rate'] * 100:6.1f}%  "
                f"[{low * 100:5.1f}, {high * 100:5.1f}]"
            )
    lines.append(
        f"   per game (means): {'side':12} {'attacks':>7} {'hits':>6} {'damage':>7} "
        f"{'HP lost':>8} {'units lost':>10} {'people lost':>11} {'caches':>6}"
    )
    for side, s in summary["sides"].items():
        m = s.get("means") or dict.fromkeys(SIDE_FIGURES, 0.0)
        lines.append(
            f"   {'':18}{side:12} {m['attacks']:7.1f} {m['hits']:6.1f} {m['damage_dealt']:7.0f} "
            f"{m['hp_lost']:8.0f} {m['units_lost']:10.2f} {m['people_lost']:11.2f} "
            f"{m['caches_taken']:6.2f}"
        )
    costs = [f"{side} {s['costly_wins']} of {s['wins']}" for side, s in summary["sides"].items() if s["wins"]]
    if costs:
        lines.append("   wins at a cost (HP, a unit or an oxygen cache lost): " + ", ".join(costs))
    pressed = _shares(summary, "phases_in_reach", "phases_pressed")
    if pressed:
        lines.append("   phases with an attack in reach that made one: " + pressed)
    wanted = _shares(summary, "phases_in_reach_wanted", "phases_pressed_wanted")
    if wanted:
        lines.append(
            "   the same, leaving out phases with only the Layzner (while hunting the people) or a calm"
            " garrison in reach: " + wanted
        )
    lines.append("   units lost:")
    for side, s in summary["sides"].items():
        lost = ", ".join(f"{k} {v}" for k, v in s["units_lost"].items()) or "none"
        alive = ", ".join(f"{k} {v}" for k, v in s["pilots_alive_of_lost"].items())
        lines.append(f"     {side:12} {lost}" + (f"  (pilot lived: {alive})" if alive else ""))
    lines.append("   how games ended:")
    endings = list(summary["endings"].items())
    for ending, count in endings[:8]:
        lines.append(f"     {count:5d}  {ending}")
    if len(endings) > 8:
        lines.append(f"     {sum(c for _, c in endings[8:]):5d}  ({len(endings) - 8} other endings)")
    return "\n".join(lines)


def sweep_table(key: str, runs: Sequence[tuple[str, Any, dict[str, Any]]]) -> dict[str, Any]:
    """Win rate per side for each swept value (runs as (title, value, summary)), JSON-ready."""
    rows = []
    for _title, value, summary in runs:
        rows.append(
            {
                "value": value,
                "games": summary["played"],
                "draws": summary["draws"],
                "scenario": summary.get("scenario", ""),
                "sides": {
                    side: {"win_rate": s["win_rate"], "ci95": s["ci95"]}
                    for side, s in (summary["ais"] if summary.get("swapped") else summary["sides"]).items()
                },
                "turns_mean": summary["turns"]["mean"],
            }
        )
    return {"key": key, "rows": rows}


def format_sweep(table: dict[str, Any]) -> str:
    """The sweep as one line per value: each side's win rate and interval."""
    lines = [f"== sweep {table['key']}"]
    for row in table["rows"]:
        cells = "  ".join(
            f"{side} {s['win_rate'] * 100:5.1f}% [{s['ci95'][0] * 100:4.1f}, {s['ci95'][1] * 100:5.1f}]"
            for side, s in row["sides"].items()
        )
        lines.append(f"   {row['value']!s:>10}  {cells}  draws {row['draws']}  turns {row['turns_mean']:.1f}")
    return "\n".join(lines)


def _shares(summary: dict[str, Any], in_reach: str, made: str) -> str:
    """ "side P % (made of in_reach), ..." for the sides with any such phase ("" when none has)."""
    return ", ".join(
        f"{side} {s[made] * 100 / s[in_reach]:.0f} % ({s[made]} of {s[in_reach]})"
        for side, s in summary["sides"].items()
        if s.get(in_reach)
    )
