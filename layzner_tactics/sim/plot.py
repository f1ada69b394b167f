"""``--plot``: a PNG of win rates with their 95 % intervals and the spread of game lengths (matplotlib)."""

from __future__ import annotations

import importlib.util
from typing import Any


class PlotUnavailable(RuntimeError):
    """matplotlib (the optional ``plot`` extra) is not installed."""


def _matplotlib() -> None:
    if importlib.util.find_spec("matplotlib") is None:
        raise PlotUnavailable("--plot needs matplotlib: pip install 'layzner-tactics[plot]'")


def plot_report(reports: dict[str, dict[str, Any]], path: str) -> None:
    """Raises ``PlotUnavailable`` when matplotlib is not installed (the ``plot`` extra)."""
    _matplotlib()
    import matplotlib  # the optional plot extra

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    fig, axes = plt.subplots(len(reports), 2, figsize=(10, 3.2 * len(reports)), squeeze=False)
    for row, (title, summary) in enumerate(reports.items()):
        ax = axes[row][0]
        sides = list(summary["sides"])
        rates = [summary["sides"][s]["win_rate"] * 100 for s in sides]
        lows = [r - summary["sides"][s]["ci95"][0] * 100 for r, s in zip(rates, sides, strict=True)]
        highs = [summary["sides"][s]["ci95"][1] * 100 - r for r, s in zip(rates, sides, strict=True)]
        ax.bar(sides, rates, yerr=[lows, highs], capsize=6, color="#b5542d")
        ax.set_ylim(0, 100)
        ax.set_ylabel("win rate %")
        ax.set_title(f"{title} ({summary['played']} games)")
        t = summary["turns"]
        hist = {int(k): v for k, v in t.get("histogram", {}).items()}
        ax = axes[row][1]
        ax.bar(list(hist), list(hist.values()), width=0.8, color="#4a6fa5")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("turns")
        ax.set_ylabel("games")
        ax.set_title(f"game length: mean {t['mean']:.1f}, sd {t['stdev']:.1f}")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def plot_sweep(table: dict[str, Any], path: str) -> None:
    """Win rate against the swept value, one line per side (per AI when sides were swapped) with its
    95 % interval as a band; one panel per scenario. Raises ``PlotUnavailable`` without matplotlib."""
    _matplotlib()
    import matplotlib  # the optional plot extra

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels: dict[str, list[dict[str, Any]]] = {}
    for row in table["rows"]:
        panels.setdefault(row.get("scenario", ""), []).append(row)
    fig, axes = plt.subplots(len(panels), 1, figsize=(8, 3.6 * len(panels)), squeeze=False)
    for ax, (scenario, rows) in zip((a[0] for a in axes), panels.items(), strict=True):
        values = [r["value"] for r in rows]
        numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
        xs = values if numeric else list(range(len(values)))
        for side in rows[0]["sides"]:
            rate = [r["sides"][side]["win_rate"] * 100 for r in rows]
            low = [r["sides"][side]["ci95"][0] * 100 for r in rows]
            high = [r["sides"][side]["ci95"][1] * 100 for r in rows]
            (line,) = ax.plot(xs, rate, marker="o", label=side)
            ax.fill_between(xs, low, high, alpha=0.2, color=line.get_color())
        if not numeric:
            ax.set_xticks(xs, [str(v) for v in values])
        ax.set_ylim(0, 100)
        ax.set_xlabel(table["key"])
        ax.set_ylabel("win rate % (95 % interval)")
        games = rows[0]["games"]
        ax.set_title(f"{scenario}: win rate by {table['key']} ({games} games per value)")
        ax.grid(alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
