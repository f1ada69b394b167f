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


def _usage(message: str) -> int:
    print(f"layzner-tactics: {message}", file=sys.stderr)
    return EXIT_USAGE


def _not_built(what: str) -> int:
    print(f"layzner-tactics: {what} is not built yet", file=sys.stderr)
    return EXIT_USAGE


def _play(args: argparse.Namespace) -> int:
    try:
        from .ui.app import run_game
    except ImportError as err:
        return _usage(f"the game needs pygame-ce: {err}")
    return run_game(getattr(args, "scenario", None))


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


def _pairs(items: list[str], what: str) -> dict[str, object] | None:
    """``KEY=VALUE`` strings to a dict; numbers and true/false become numbers and booleans."""
    out: dict[str, object] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key or not value:
            print(f"layzner-tactics: {what} expects KEY=VALUE, got {item!r}", file=sys.stderr)
            return None
        out[key.strip()] = _scalar(value.strip())
    return out


def _scalar(text: str) -> object:
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    try:
        return int(text)
    except ValueError:
        return text


def _simulate(args: argparse.Namespace) -> int:
    import os

    from .ai.policy import policy_names
    from .scenario.loader import load_scenario
    from .scenario.model import ScenarioError
    from .sim import runner, stats

    policies = _pairs(args.policy, "--policy")
    overrides = _pairs(args.overrides, "--set")
    if policies is None or overrides is None or args.games < 1:
        return EXIT_USAGE
    unknown = sorted({str(v) for v in policies.values()} - set(policy_names()))
    if unknown:
        print(
            f"layzner-tactics: unknown policy {unknown[0]!r}; known: {', '.join(policy_names())}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    sweep_key, sweep_values = "", [None]
    if args.sweep:
        key, sep, values = args.sweep.partition("=")
        if not sep or not values:
            print("layzner-tactics: --sweep expects KEY=V1,V2,...", file=sys.stderr)
            return EXIT_USAGE
        sweep_key, sweep_values = key.strip(), [_scalar(v.strip()) for v in values.split(",")]
    runs = []
    for ref in args.scenarios:
        for value in sweep_values:
            run_overrides = {**overrides, **({sweep_key: value} if sweep_key else {})}
            try:
                scenario = load_scenario(ref, run_overrides)
            except FileNotFoundError as err:
                print(f"layzner-tactics: {err}", file=sys.stderr)
                return EXIT_USAGE
            except ScenarioError as err:
                print(err, file=sys.stderr)
                return EXIT_USAGE if any(p.where.startswith("--set") for p in err.problems) else EXIT_FAILED
            missing = sorted(set(policies) - {s.id for s in scenario.sides})
            if missing:
                print(f"layzner-tactics: {ref} has no side {missing[0]!r}", file=sys.stderr)
                return EXIT_USAGE
            config = runner.SimConfig(
                ref,
                args.games,
                args.seed,
                {k: str(v) for k, v in policies.items()},
                run_overrides,
                args.replays,
                args.replays_failed_only,
            )
            title = scenario.id + (f" [{sweep_key}={value}]" if sweep_key else "")
            runs.append((title, scenario, config))
    jobs = args.jobs or os.cpu_count() or 1
    executor = None
    if args.dask:
        try:
            from distributed import Client
        except ImportError:
            print(
                "layzner-tactics: --dask needs the dask extra: pip install 'layzner-tactics[dask]'",
                file=sys.stderr,
            )
            return EXIT_USAGE
        executor = Client(args.dask).get_executor()
    progress = runner.progress_bar if sys.stderr.isatty() else None
    summaries: dict[str, dict[str, object]] = {}
    all_records = []
    for title, scenario, config in runs:
        records = runner.run([config], jobs, executor, args.batch, progress)
        all_records.extend(records)
        names = runner.policy_names_for(scenario, config.policies)
        summary = stats.summarise(records, [s.id for s in scenario.sides])
        summary["policies"] = names
        summaries[title] = summary
        print(stats.format_report(title, summary, names))
    if sweep_key:
        print(f"\n== sweep {sweep_key}")
        for title, summary in summaries.items():
            sides: dict[str, dict[str, float]] = summary["sides"]  # type: ignore[assignment]
            rates = ", ".join(f"{side} {v['win_rate'] * 100:.1f}%" for side, v in sides.items())
            print(f"   {title}: {rates}")
    if args.json:
        from .sim.replay import write_json_atomic

        report = {"seed": args.seed, "games_per_scenario": args.games, "scenarios": summaries}
        write_json_atomic(args.json, {"report": report, "games": [r.to_data() for r in all_records]})
    if args.plot:
        try:
            from .sim.plot import plot_report

            plot_report(summaries, args.plot)
        except ImportError:
            print(
                "layzner-tactics: --plot needs matplotlib: pip install 'layzner-tactics[plot]'",
                file=sys.stderr,
            )
            return EXIT_USAGE
    failed = [r for r in all_records if r.error]
    for r in failed:
        print(
            f"FAILED {r.scenario} game {r.index} (seed {r.seed}): {r.error}; replay saved: {r.replay}",
            file=sys.stderr,
        )
    return EXIT_FAILED if failed else EXIT_OK


def _render(args: argparse.Namespace) -> int:
    from .scenario.model import ScenarioError
    from .ui.render_map import render_scenario

    try:
        render_scenario(args.scenario, args.out)
    except FileNotFoundError as err:
        return _usage(str(err))
    except ScenarioError as err:
        print(err, file=sys.stderr)
        return EXIT_FAILED
    print(f"wrote {args.out}")
    return EXIT_OK


def _replay(args: argparse.Namespace) -> int:
    from .sim.replay import ReplayError, load_replay, verify_replay

    try:
        replay = load_replay(args.file)
    except ReplayError as err:
        print(f"layzner-tactics replay: {err}", file=sys.stderr)
        return EXIT_USAGE
    if args.verify:
        result = verify_replay(replay)
        print(result.message, file=sys.stdout if result.ok else sys.stderr)
        return EXIT_OK if result.ok else EXIT_FAILED
    try:
        from .ui.replay_viewer import view_replay
    except ImportError:
        return _not_built("watching replays in the game window")
    return view_replay(args.file)


def _bench(args: argparse.Namespace) -> int:
    from .bench import run_bench

    return run_bench(args.json, args.quick)
