"""``--plot``: a PNG of win rates with their 95 % intervals and the spread of game lengths (matplotlib)."""

from __future__ import annotations

from typing import Any


def plot_report(reports: dict[str, dict[str, Any]], path: str) -> None:
    """Raises ``ImportError`` when matplotlib is not installed (the ``plot`` extra)."""
    import matplotlib

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
