"""``layzner-tactics``: the one place that parses arguments and picks exit codes.

Subcommands: ``play`` (the default), ``validate``, ``simulate``, ``sweep``, ``render``, ``replay``,
``bench``, ``demo``. Each handler imports its layer lazily so ``validate`` and ``simulate`` never pay for
pygame, and a broken optional piece cannot stop the others.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="layzner-tactics",
        description="A turn-based tactical mecha game on Mars, 1996. Without a command: play.",
    )
    sub = p.add_subparsers(dest="command")

    play = sub.add_parser("play", help="open the game window (default)")
    play.add_argument("scenario", nargs="?", help="a scenario id or .toml path to start at once")
    play.add_argument("--windowed", action="store_true", help="ignore the fullscreen option")

    demo = sub.add_parser("demo", help="play one headless AI-vs-AI game and print its log")
    demo.add_argument("scenario", nargs="?", default=None, help="scenario id or path")
    demo.add_argument("--seed", type=int, default=1)

    val = sub.add_parser("validate", help="check scenario files (no paths: every bundled one)")
    val.add_argument("paths", nargs="*")

    sim = sub.add_parser("simulate", help="headless AI-vs-AI games with a statistics report")
    sim.add_argument("scenarios", nargs="+", help="scenario ids or .toml paths")
    sim.add_argument("--games", type=int, default=100)
    sim.add_argument("--seed", type=int, default=1)
    sim.add_argument("--jobs", type=int, default=0, help="worker processes (0: one per core)")
    sim.add_argument("--policy", action="append", default=[], metavar="SIDE=NAME")
    sim.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="overrides")
    sim.add_argument("--sweep", metavar="KEY=V1,V2,...")
    sim.add_argument("--json", metavar="PATH")
    sim.add_argument("--plot", metavar="PATH")
    sim.add_argument("--replays", metavar="DIR")
    sim.add_argument("--replays-failed-only", action="store_true")
    sim.add_argument("--dask", metavar="ADDRESS")
    sim.add_argument("--batch", type=int, default=0, help="games per task (0: automatic)")

    render = sub.add_parser("render", help="draw a scenario's map and units to a PNG")
    render.add_argument("scenario")
    render.add_argument("--out", required=True)

    rep = sub.add_parser("replay", help="watch a replay, or --verify it headless")
    rep.add_argument("file")
    rep.add_argument("--verify", action="store_true")

    bench = sub.add_parser("bench", help="measure speed on this machine")
    bench.add_argument("--json", action="store_true")
    bench.add_argument("--quick", action="store_true")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "play"
    handlers = {
        "play": _play,
        "demo": _demo,
        "validate": _validate,
        "simulate": _simulate,
        "render": _render,
        "replay": _replay,
        "bench": _bench,
    }
    try:
        return handlers[command](args)
    except KeyboardInterrupt:
        return 130


def _not_built(what: str) -> int:
    print(f"layzner-tactics: {what} is not built yet", file=sys.stderr)
    return EXIT_USAGE


def _play(args: argparse.Namespace) -> int:
    print("The game window is not built yet: playing a headless AI-vs-AI demo instead.")
    args.seed = 1
    return _demo(args)


def _demo(args: argparse.Namespace) -> int:
    from .sim.demo import run_demo

    return run_demo(getattr(args, "scenario", None), args.seed)


def _validate(args: argparse.Namespace) -> int:
    from .scenario.loader import bundled_scenario_ids, load_scenario
    from .scenario.model import ScenarioError

    targets = args.paths or bundled_scenario_ids()
    if not targets:
        print("layzner-tactics validate: no scenario files to check", file=sys.stderr)
        return EXIT_USAGE
    failed = 0
    for target in targets:
        try:
            scenario = load_scenario(target)
        except FileNotFoundError as err:
            print(f"layzner-tactics validate: {err}", file=sys.stderr)
            return EXIT_USAGE
        except ScenarioError as err:
            failed += 1
            for problem in err.problems:
                print(problem)
            continue
        print(f"OK  {scenario.source} ({scenario.title})")
    if failed:
        print(f"{failed} of {len(targets)} file(s) have problems", file=sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK


def _simulate(args: argparse.Namespace) -> int:
    return _not_built("simulate")


def _render(args: argparse.Namespace) -> int:
    return _not_built("render")


def _replay(args: argparse.Namespace) -> int:
    return _not_built("replay")


def _bench(args: argparse.Namespace) -> int:
    from .bench import run_bench

    return run_bench(args.json, args.quick)
