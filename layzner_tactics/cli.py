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

    val = sub.add_parser("validate", help="check scenario files (no paths: every mission, yours too)")
    val.add_argument("paths", nargs="*", help="scenario ids or .toml paths; every one is checked")

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
    render.add_argument("scenario", help="a mission id (bundled or yours) or a .toml path")
    render.add_argument("--out", required=True, help="the PNG to write")

    lst = sub.add_parser("scenarios", help="list every mission, bundled and yours (marked 'yours')")
    lst.add_argument("--path", action="store_true", help="print your mission folder and nothing else")
    lst.add_argument("--guide", action="store_true", help="print where the authors' guide is")

    new = sub.add_parser("new", help="write a commented starting mission into your mission folder")
    new.add_argument("name", help="the new mission's id (letters, digits, '-' and '_')")
    new.add_argument("--force", action="store_true", help="overwrite a mission of that name")

    schema = sub.add_parser("schema", help="write the JSON Schema of scenario files (for TOML editors)")
    schema.add_argument("--out", metavar="PATH", help="write here instead of to standard output")

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
        "scenarios": _scenarios,
        "new": _new,
        "schema": _schema,
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
    return run_game(getattr(args, "scenario", None), windowed=getattr(args, "windowed", False))


def _demo(args: argparse.Namespace) -> int:
    from .sim.demo import run_demo

    return run_demo(getattr(args, "scenario", None), args.seed)


def _validate(args: argparse.Namespace) -> int:
    """Check every path given (no paths: every mission, bundled and the user's); report all of them.

    Exit status is the worst of the files: 0 all playable (warnings allowed), 1 problems or an internal
    error in one file, 2 a path that is not a scenario file.
    """
    from .scenario.library import scenario_ids
    from .scenario.loader import load_scenario
    from .scenario.model import ScenarioError

    targets = args.paths or scenario_ids()
    if not targets:
        print("layzner-tactics validate: no scenario files to check", file=sys.stderr)
        return EXIT_USAGE
    worst = EXIT_OK
    failed = 0
    for target in targets:
        try:
            scenario = load_scenario(target)
        except FileNotFoundError as err:
            print(f"layzner-tactics validate: {err}", file=sys.stderr)
            worst, failed = max(worst, EXIT_USAGE), failed + 1
            continue
        except ScenarioError as err:
            for problem in err.problems:
                print(problem)
            worst, failed = max(worst, EXIT_FAILED), failed + 1
            continue
        except Exception as err:  # a bug in the checks must not stop the other files
            print(f"{target}: internal error, please report it: {type(err).__name__}: {err}", file=sys.stderr)
            worst, failed = max(worst, EXIT_FAILED), failed + 1
            continue
        for warning in scenario.warnings:
            print(warning)
        print(f"OK  {scenario.source} ({scenario.title})")
    if failed:
        print(f"{failed} of {len(targets)} file(s) have problems", file=sys.stderr)
    return worst


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
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _simulate(args: argparse.Namespace) -> int:
    import os

    from .ai.policy import policy_names
    from .scenario.model import ScenarioError
    from .sim import runner, scenarios, stats

    policies = _pairs(args.policy, "--policy")
    overrides = _pairs(args.overrides, "--set")
    if policies is None or overrides is None:
        return EXIT_USAGE
    if args.games < 1 or args.jobs < 0 or args.batch < 0:
        return _usage("--games must be at least 1, --jobs and --batch at least 0")
    known = policy_names()
    unknown = sorted({str(v) for v in policies.values()} - set(known))
    if unknown:
        return _usage(f"unknown policy {unknown[0]!r}; known: {', '.join(known)}")
    sweep_key = ""
    sweep_values: list[object] = [None]
    if args.sweep:
        key, sep, values = args.sweep.partition("=")
        sweep_values = [_scalar(v.strip()) for v in values.split(",") if v.strip()]
        if not sep or not key.strip() or not sweep_values:
            return _usage("--sweep expects KEY=V1,V2,...")
        sweep_key = key.strip()
    runs = []
    for ref in args.scenarios:
        for value in sweep_values:
            run_overrides = {**overrides, **({sweep_key: value} if sweep_key else {})}
            try:
                scenario = scenarios.load(ref, run_overrides)
            except FileNotFoundError as err:
                return _usage(str(err).strip("'\""))
            except ScenarioError as err:
                for problem in err.problems:
                    print(problem, file=sys.stderr)
                return EXIT_USAGE if any(p.where.startswith("--set") for p in err.problems) else EXIT_FAILED
            missing = sorted(set(policies) - {s.id for s in scenario.sides})
            if missing:
                sides = ", ".join(s.id for s in scenario.sides)
                return _usage(f"{ref} has no side {missing[0]!r} (its sides: {sides})")
            config = runner.SimConfig(
                ref,
                args.games,
                args.seed,
                {k: str(v) for k, v in policies.items()},
                run_overrides,
                args.replays,
                args.replays_failed_only,
                f"{sweep_key}={value}" if sweep_key else "",
            )
            names = runner.policy_names_for(scenario, config.policies)
            absent = sorted(set(names.values()) - set(known))
            if absent:
                return _usage(
                    f"{ref} asks for policy {absent[0]!r}, not available; known: {', '.join(known)}"
                )
            title = scenario.id + (f" [{sweep_key}={value}]" if sweep_key else "")
            runs.append((title, value, scenario, config, names))
    jobs = args.jobs or os.cpu_count() or 1
    executor = None
    if args.dask:
        try:
            from distributed import Client
        except ImportError:
            return _usage("--dask needs the dask extra: pip install 'layzner-tactics[dask]'")
        try:
            client = Client(args.dask, timeout="20s")
        except (OSError, TimeoutError) as err:
            return _usage(f"cannot reach the Dask scheduler at {args.dask}: {err}")
        executor = client.get_executor()
        jobs = max(1, sum(client.nthreads().values()))  # batches sized for the cluster, not this machine
    progress = runner.progress_bar if sys.stderr.isatty() else None
    try:
        grouped = runner.run_grouped([r[3] for r in runs], jobs, executor, args.batch, progress)
    finally:
        if args.dask:
            client.close()
    summaries: dict[str, dict[str, object]] = {}
    all_records: list[dict[str, object]] = []
    failed = []
    for (title, value, scenario, _config, names), records in zip(runs, grouped, strict=True):
        failed += [r for r in records if r.error]
        if args.json:  # the per-game dicts only when they are written: 10,000 games are ~25 MB of them
            all_records += [
                {**r.to_data(), **({"sweep": {sweep_key: value}} if sweep_key else {})} for r in records
            ]
        summary = stats.summarise(records, [s.id for s in scenario.sides])
        summary["policies"] = names
        summaries[title] = summary
        print(stats.format_report(title, summary, names))
    sweep_table = None
    if sweep_key:
        sweep_table = stats.sweep_table(sweep_key, [(t, v, summaries[t]) for t, v, *_ in runs])
        print()
        print(stats.format_sweep(sweep_table))
    if args.json:
        from .storage import write_json_atomic

        report: dict[str, object] = {
            "seed": args.seed,
            "games_per_scenario": args.games,
            "overrides": overrides,
            "scenarios": summaries,
        }
        if sweep_table is not None:
            report["sweep"] = sweep_table
        write_json_atomic(args.json, {"report": report, "games": all_records})
    sys.stdout.flush()  # the report first, then the failures, even when both go to one pipe
    for r in failed:
        print(
            f"FAILED {r.scenario} game {r.index} (seed {r.seed}): {r.error}; replay saved: {r.replay}",
            file=sys.stderr,
        )
    if args.plot:
        try:
            from .sim.plot import plot_report

            plot_report(summaries, args.plot)
        except ImportError:
            return _usage("--plot needs matplotlib: pip install 'layzner-tactics[plot]'")
        print(f"wrote {args.plot}")
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


def _scenarios(args: argparse.Namespace) -> int:
    from .data import scenarios_dir
    from .scenario.library import list_scenarios, user_scenarios_dir

    if args.path:
        print(user_scenarios_dir())
        return EXIT_OK
    if args.guide:
        print(scenarios_dir() / "README.md")
        return EXIT_OK
    entries = list_scenarios()
    width = max((len(e.id) for e in entries), default=2)
    for e in entries:
        mark = "yours" if e.user_made else ""
        note = " (hidden: a bundled mission has this id; rename the file)" if e.hidden else ""
        note += f" (unreadable: {e.problem})" if e.problem else ""
        print(f"{e.id:<{width}}  {e.kind:<8}  {mark:<5}  {e.title}{note}")
    print(f"your missions: {user_scenarios_dir()}  (layzner-tactics new NAME starts one)")
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from .scenario.template import MissionExists, write_new_mission

    try:
        path = write_new_mission(args.name, args.force)
    except (ValueError, MissionExists) as err:
        return _usage(f"new: {err}")
    except OSError as err:
        return _usage(f"new: cannot write the mission: {err}")
    print(f"wrote {path}")
    print(f"check it: layzner-tactics validate {args.name}   try it: layzner-tactics simulate {args.name}")
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    import json

    from .scenario.schema import scenario_schema
    from .scenario.template import write_schema

    if args.out:
        try:
            write_schema(args.out)
        except OSError as err:
            return _usage(f"schema: cannot write {args.out}: {err}")
        print(f"wrote {args.out}", file=sys.stderr)
        return EXIT_OK
    print(json.dumps(scenario_schema(), indent=2))
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
    import importlib

    try:  # the game window is the UI's; it may not be built yet
        viewer = importlib.import_module(f"{__package__}.ui.replay_viewer")
    except ImportError:
        return _not_built("watching replays in the game window")
    return int(viewer.view_replay(args.file))


def _bench(args: argparse.Namespace) -> int:
    from .bench import run_bench

    return run_bench(args.json, args.quick)
