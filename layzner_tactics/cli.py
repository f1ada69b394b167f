"""``layzner-tactics``: the one place that parses arguments and picks exit codes.

Subcommands: ``play`` (the default), ``validate``, ``simulate``, ``calibrate``, ``render``, ``replay``,
``bench``, ``demo``. Each handler imports its layer inside it (marked ``# start-up time``): each costs
``--help`` 7 to 300 ms more (pygame and numpy for ``play``/``render``/``replay``), and ``validate`` and
``simulate`` never pay for pygame. What the parser itself needs is imported here.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from typing import Any

from . import __version__
from .ai.policy import (
    DEFAULT_LEVEL,
    DIFFICULTIES,
    PolicySpecError,
    make_policy,
    parse_policy_spec,
    policy_names,
)
from .sim import plot

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130
"""128 + SIGINT, as a shell reports a process that Ctrl-C ended."""
EXIT_BROKEN_PIPE = 141
"""128 + SIGPIPE: the reader went away (``demo | head``); we stop quietly."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="layzner-tactics",
        description="A turn-based tactical mecha game on Mars, 1996. Without a command: play.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command")

    play = sub.add_parser("play", help="open the game window (default)")
    play.add_argument("scenario", nargs="?", help="a scenario id or .toml path to start at once")
    play.add_argument("--windowed", action="store_true", help="ignore the fullscreen option")

    demo = sub.add_parser("demo", help="play one headless AI-vs-AI game and print its log")
    demo.add_argument(
        "scenario", nargs="?", default=None, help="scenario id or .toml path (default: the built-in demo map)"
    )
    demo.add_argument("--seed", type=int, default=1, help="the game's seed (default 1)")
    demo.add_argument(
        "--difficulty",
        choices=DIFFICULTIES,
        default=DEFAULT_LEVEL,
        help=f"level of the Grados AI (default {DEFAULT_LEVEL})",
    )

    val = sub.add_parser("validate", help="check scenario files (no paths: every mission, yours too)")
    val.add_argument("paths", nargs="*", help="scenario ids or .toml paths; every one is checked")

    sim = sub.add_parser(
        "simulate",
        help="headless AI-vs-AI games with a statistics report",
        description="Play N seeded AI-vs-AI games per scenario and report win rates with 95 % "
        "intervals, turns, endings, losses and per-side attacks, hits and damage. Ctrl-C stops early: "
        "the games that finished are reported (marked partial) and written, exit code 130.",
    )
    sim.add_argument("scenarios", nargs="+", help="scenario ids or .toml paths (`demo`: the built-in map)")
    sim.add_argument(
        "--games", type=int, default=100, help="games per scenario (and sweep value); default 100"
    )
    sim.add_argument(
        "--seed", type=int, default=1, help="run seed; game i's seed derives from it (default 1)"
    )
    sim.add_argument("--jobs", type=int, default=0, help="worker processes (0: one per core)")
    sim.add_argument(
        "--policy",
        action="append",
        default=[],
        metavar="SIDE=NAME[:LEVEL]",
        help="a side's policy instead of the scenario's (earth=expert, red=grados:hard); repeatable",
    )
    sim.add_argument(
        "--difficulty",
        choices=DIFFICULTIES,
        default=DEFAULT_LEVEL,
        help=f"level of every Grados-driven side whose policy names none (default {DEFAULT_LEVEL})",
    )
    sim.add_argument(
        "--swap-sides",
        action="store_true",
        help="two-sided scenarios: every other game swaps the sides' policies on the same seed; "
        "the report gives the win rate per AI",
    )
    sim.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        dest="overrides",
        help="a catalog stat (braver.armor=900, braver.weapons.beam_gun.power=2000) or an AI "
        "personality slider (ai.gale.aggression=9); repeatable",
    )
    sim.add_argument(
        "--sweep", metavar="KEY=V1,V2,...", help="play the same games once per value of one --set key"
    )
    sim.add_argument(
        "--json", metavar="PATH", help="write the report and one record per game as JSON (- : stdout)"
    )
    sim.add_argument(
        "--csv", metavar="PATH", help="write one row per game as CSV (seed, winner, per-side figures)"
    )
    sim.add_argument(
        "--units-csv", metavar="PATH", help="write one row per unit per game as CSV (damage, kills, fate)"
    )
    sim.add_argument(
        "--plot",
        metavar="PATH",
        help="draw win rates and game lengths to a PNG (with --sweep: win rate against the value); "
        "needs the plot extra",
    )
    sim.add_argument("--replays", metavar="DIR", help="save every game's replay in DIR")
    sim.add_argument(
        "--replays-failed-only", action="store_true", help="with --replays: only the failed games' replays"
    )
    sim.add_argument("--dask", metavar="ADDRESS", help="run on a Dask scheduler (needs the dask extra)")
    sim.add_argument("--batch", type=int, default=0, help="games per task (0: automatic)")
    _add_verbosity(sim)

    cal = sub.add_parser(
        "calibrate",
        help="measure each mission's difficulty per level into the data file Mission Select reads",
        description="Play every bundled mission (or the ones named) at each level with a policy "
        "standing in for the player, and write the player's win rate with its interval, the games, "
        "seed and date into layzner_tactics/data/difficulty.json (entries not measured are kept).",
    )
    cal.add_argument("missions", nargs="*", help="mission ids (default: every bundled mission)")
    cal.add_argument(
        "--player",
        default="expert",
        metavar="NAME",
        help="the policy playing the player's side (default expert)",
    )
    cal.add_argument(
        "--levels",
        default=",".join(DIFFICULTIES),
        metavar="L1,L2",
        help=f"levels to measure (default {','.join(DIFFICULTIES)})",
    )
    cal.add_argument("--games", type=int, default=300, help="games per mission and level (default 300)")
    cal.add_argument("--seed", type=int, default=1, help="run seed (default 1)")
    cal.add_argument("--jobs", type=int, default=0, help="worker processes (0: one per core)")
    cal.add_argument("--out", metavar="PATH", help="the file to update (default: the bundled data file)")
    _add_verbosity(cal)

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
    rep.add_argument("file", help="a replay file (.json) written by simulate --replays or the game")
    rep.add_argument("--verify", action="store_true", help="re-run it headless and check every state hash")

    bench = sub.add_parser("bench", help="measure speed on this machine")
    bench.add_argument("--json", action="store_true", help="print the figures as JSON")
    bench.add_argument("--quick", action="store_true", help="a shorter run (under 30 s, for CI)")
    bench.add_argument(
        "--wesnoth",
        type=int,
        default=0,
        metavar="GAMES",
        help="also time GAMES AI-vs-AI games of Battle for Wesnoth 1.16, if installed, and report our "
        "cost per unit-turn as a share of its own (target: a tenth)",
    )
    return p


def _add_verbosity(parser: argparse.ArgumentParser) -> None:
    loud = parser.add_mutually_exclusive_group()
    loud.add_argument(
        "-q", "--quiet", action="store_true", help="no progress line and no notes, only results"
    )
    loud.add_argument("-v", "--verbose", action="store_true", help="more: the plan of the run and its timing")


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
        "calibrate": _calibrate,
    }
    try:
        return handlers[command](args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader stopped (`demo | head`): silence the interpreter's flush of stdout at exit too
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


def _usage(message: str) -> int:
    print(f"layzner-tactics: {message}", file=sys.stderr)
    return EXIT_USAGE


def _play(args: argparse.Namespace) -> int:
    from .ui.app import run_game  # start-up time: pygame and numpy

    return run_game(getattr(args, "scenario", None), windowed=getattr(args, "windowed", False))


def _demo(args: argparse.Namespace) -> int:
    from .scenario.model import ScenarioError  # start-up time
    from .sim.combat_log import run_demo  # start-up time

    try:
        return run_demo(args.scenario, args.seed, args.difficulty)
    except FileNotFoundError as err:
        return _usage(str(err).strip("'\""))
    except ScenarioError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return EXIT_FAILED


def _validate(args: argparse.Namespace) -> int:
    """Check every path given (no paths: every mission, bundled and the user's); report all of them.

    Exit status is the worst of the files: 0 all playable (warnings allowed), 1 problems or an internal
    error in one file, 2 a path that is not a scenario file.
    """
    from .scenario.library import scenario_ids  # start-up time
    from .scenario.loader import load_scenario  # start-up time
    from .scenario.model import ScenarioError  # start-up time

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
    from .scenario.model import ScenarioError  # start-up time
    from .sim import personas, runner, scenarios, stats  # start-up time

    policies = _pairs(args.policy, "--policy")
    overrides = _pairs(args.overrides, "--set")
    if policies is None or overrides is None:
        return EXIT_USAGE
    if args.games < 1 or args.jobs < 0 or args.batch < 0:
        return _usage("--games must be at least 1, --jobs and --batch at least 0")
    chosen = {side: str(spec) for side, spec in policies.items()}
    try:  # every name and level once, before anything is loaded
        for spec in chosen.values():
            parse_policy_spec(spec)
    except PolicySpecError as err:
        return _usage(f"--policy: {err}")
    stat_overrides, persona_overrides = personas.split_overrides(overrides)
    try:
        persona_overrides = dict(personas.check(persona_overrides))
    except personas.PersonaError as err:
        return _usage(str(err))
    sweep_key = ""
    sweep_values: list[object] = [None]
    if args.sweep:
        key, sep, values = args.sweep.partition("=")
        sweep_values = [_scalar(v.strip()) for v in values.split(",") if v.strip()]
        if not sep or not key.strip() or not sweep_values:
            return _usage("--sweep expects KEY=V1,V2,...")
        sweep_key = key.strip()
        if sweep_key.startswith(personas.PREFIX):
            try:
                for value in sweep_values:
                    personas.check({sweep_key: value})
            except personas.PersonaError as err:
                return _usage(f"--sweep: {err}")
    known = policy_names()
    runs: list[tuple[str, Any, Any, Any, dict[str, str]]] = []
    checked: set[str] = set()
    for ref in args.scenarios:
        for value in sweep_values:
            swept = {sweep_key: value} if sweep_key else {}
            run_stats, swept_personas = personas.split_overrides({**stat_overrides, **swept})
            run_personas = personas.check({**persona_overrides, **swept_personas})  # checked above
            try:
                scenario = scenarios.load(ref, run_stats)
            except FileNotFoundError as err:
                return _usage(str(err).strip("'\""))
            except ScenarioError as err:
                for problem in err.problems:
                    print(problem, file=sys.stderr)
                return EXIT_USAGE if any(p.where.startswith("--set") for p in err.problems) else EXIT_FAILED
            config = runner.SimConfig(
                ref,
                args.games,
                args.seed,
                chosen,
                run_stats,
                args.replays,
                args.replays_failed_only,
                f"{sweep_key}={value}" if sweep_key else "",
                args.difficulty,
                args.swap_sides,
                run_personas,
                bool(args.units_csv),
            )
            specs = runner.policy_specs_for(scenario, chosen, args.difficulty)
            if ref not in checked:  # the sides, policies and personalities of a scenario, once
                checked.add(ref)
                wrong = _check_run(ref, scenario, chosen, specs, known, args.swap_sides)
                if not wrong and run_personas:
                    probes = [make_policy(specs[s.id], s.id, 0, s.posture) for s in scenario.sides]
                    if not personas.apply(probes, run_personas):
                        names = ", ".join(sorted(set(specs.values())))
                        wrong = f"--set ai.*: no policy of {ref} ({names}) uses AI personalities"
                if wrong:
                    return _usage(wrong)
            title = scenario.id + (f" [{sweep_key}={value}]" if sweep_key else "")
            runs.append((title, value, scenario, config, specs))
    out = sys.stderr if args.json == "-" else sys.stdout  # stdout is the JSON's then
    jobs = args.jobs or os.cpu_count() or 1
    executor = None
    client = None
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
    progress = None if args.quiet else runner.Progress(sys.stderr, sys.stderr.isatty())
    total = args.games * len(runs)
    if args.verbose:
        where = f"Dask at {args.dask}" if args.dask else f"{jobs} worker(s)"
        print(f"simulate: {total} games ({len(runs)} run(s) of {args.games}) on {where}", file=sys.stderr)
    started = time.monotonic()
    partial = False
    try:
        grouped = runner.run_grouped(
            [r[3] for r in runs], jobs, executor, args.batch, progress, loaded=[r[2] for r in runs]
        )
    except runner.Interrupted as stop:
        grouped, partial = stop.grouped, True
        done = sum(len(g) for g in grouped)
        print(
            f"\nsimulate: interrupted; reporting the {done} of {total} games that finished", file=sys.stderr
        )
    finally:
        if client is not None:
            client.close()
    if args.verbose:
        took = time.monotonic() - started
        done = sum(len(g) for g in grouped)
        print(
            f"simulate: {done} games in {took:.1f} s ({done / max(took, 1e-9):.1f} games/s)", file=sys.stderr
        )
    summaries: dict[str, dict[str, object]] = {}
    played: list[tuple[Any, Any]] = []
    failed = []
    for (title, value, scenario, _config, specs), records in zip(runs, grouped, strict=True):
        failed += [r for r in records if r.error]
        played += [(r, value) for r in records]
        summary = stats.summarise(records, [s.id for s in scenario.sides])
        summary.update(scenario=scenario.id, policies=specs, difficulty=args.difficulty)
        if partial:
            summary.update(partial=True, planned=args.games)
        summaries[title] = summary
        print(stats.format_report(title, summary, specs), file=out)
    sweep_table = None
    if sweep_key:
        sweep_table = stats.sweep_table(sweep_key, [(t, v, summaries[t]) for t, v, *_ in runs])
        print(file=out)
        print(stats.format_sweep(sweep_table), file=out)
    wrote = _write_outputs(args, overrides, summaries, sweep_table, played, partial)
    out.flush()  # the report first, then the failures, even when both go to one pipe
    for r in failed:
        print(
            f"FAILED {r.scenario} game {r.index} (seed {r.seed}): {r.error}; replay saved: {r.replay}",
            file=sys.stderr,
        )
    if wrote != EXIT_OK:
        return wrote
    if partial:
        return EXIT_INTERRUPTED
    return EXIT_FAILED if failed else EXIT_OK


def _check_run(
    ref: str,
    scenario: Any,
    chosen: dict[str, str],
    specs: dict[str, str],
    known: list[str],
    swap: bool,
) -> str:
    """The first problem with a run's sides and policies, or an empty string."""
    sides = [str(s.id) for s in scenario.sides]
    missing = sorted(set(chosen) - set(sides))
    if missing:
        return f"{ref} has no side {missing[0]!r} (its sides: {', '.join(sides)})"
    absent = sorted({spec.partition(":")[0] for spec in specs.values()} - set(known))
    if absent:
        return f"{ref} asks for policy {absent[0]!r}, not available; known: {', '.join(known)}"
    if swap and len(sides) != 2:
        return f"--swap-sides needs two sides; {ref} has {len(sides)} ({', '.join(sides)})"
    return ""


def _write_outputs(
    args: argparse.Namespace,
    overrides: dict[str, object],
    summaries: dict[str, dict[str, object]],
    sweep_table: dict[str, Any] | None,
    played: list[tuple[Any, Any]],
    partial: bool,
) -> int:
    """``--json``, ``--csv``, ``--units-csv`` and ``--plot`` for the games played (all, or those that
    finished before Ctrl-C); returns a usage exit code when the plot cannot be drawn."""
    from .sim import tables  # start-up time

    def note(text: str) -> None:  # a note, not the result: stdout stays the report alone
        if not args.quiet:
            print(text, file=sys.stderr)

    if args.json:
        from .storage import write_json_atomic  # start-up time

        report: dict[str, object] = {
            "seed": args.seed,
            "games_per_scenario": args.games,
            "overrides": overrides,
            "difficulty": args.difficulty,
            "swap_sides": args.swap_sides,
            "partial": partial,
            "scenarios": summaries,
        }
        if sweep_table is not None:
            report["sweep"] = sweep_table
        games = [
            {**r.to_data(), **({"sweep": {sweep_table["key"]: v}} if sweep_table else {})} for r, v in played
        ]
        if args.json == "-":
            json.dump({"report": report, "games": games}, sys.stdout, indent=1)
            sys.stdout.write("\n")
        else:
            write_json_atomic(args.json, {"report": report, "games": games})
            note(f"wrote {args.json}")
    if args.csv:
        tables.write_csv(args.csv, *tables.game_table(played))
        note(f"wrote {args.csv}")
    if args.units_csv:
        tables.write_csv(args.units_csv, *tables.unit_table(played))
        note(f"wrote {args.units_csv}")
    if args.plot:
        try:
            if sweep_table is not None:
                plot.plot_sweep(sweep_table, args.plot)
            else:
                plot.plot_report(summaries, args.plot)
        except plot.PlotUnavailable as err:
            return _usage(str(err))
        note(f"wrote {args.plot}")
    return EXIT_OK


def _calibrate(args: argparse.Namespace) -> int:
    """``calibrate``: every mission x level with ``--player`` on the player's side, into the data file."""
    from .scenario.model import ScenarioError  # start-up time
    from .sim import calibrate, runner, scenarios, stats  # start-up time

    levels = [v.strip() for v in args.levels.split(",") if v.strip()]
    bad = [v for v in levels if v not in DIFFICULTIES]
    if bad or not levels:
        return _usage(f"--levels: unknown level {bad[0] if bad else ''!r}; known: {', '.join(DIFFICULTIES)}")
    try:
        player, _ = parse_policy_spec(args.player)
    except PolicySpecError as err:
        return _usage(f"--player: {err}")
    if ":" in args.player:
        return _usage("--player takes a policy name; --levels sets the opponent's level")
    if args.games < 1 or args.jobs < 0:
        return _usage("--games must be at least 1, --jobs at least 0")
    runs = []
    for ref in args.missions or calibrate.mission_ids():
        try:
            scenario = scenarios.load(ref)
        except FileNotFoundError as err:
            return _usage(str(err).strip("'\""))
        except ScenarioError as err:
            for problem in err.problems:
                print(problem, file=sys.stderr)
            return EXIT_FAILED
        side = scenario.player_side
        if side is None:
            return _usage(f"{ref} has no player side to stand in for")
        digest = calibrate.current_digest(ref) or ""
        for level in levels:
            config = runner.SimConfig(ref, args.games, args.seed, {side: player}, difficulty=level)
            runs.append((scenario, side, level, config, digest))
    jobs = args.jobs or os.cpu_count() or 1
    progress = None if args.quiet else runner.Progress(sys.stderr, sys.stderr.isatty(), label="calibrate")
    try:
        grouped = runner.run_grouped(
            [r[3] for r in runs], jobs, progress=progress, loaded=[r[0] for r in runs]
        )
    except runner.Interrupted:
        print("\ncalibrate: interrupted; the file is left as it was", file=sys.stderr)
        return EXIT_INTERRUPTED
    results: dict[str, dict[str, Any]] = {}
    failed = 0
    for (scenario, side, level, config, digest), records in zip(runs, grouped, strict=True):
        failed += sum(1 for r in records if r.error)
        summary = stats.summarise(records, [s.id for s in scenario.sides])
        specs = runner.policy_specs_for(scenario, config.policies, level)
        entry = calibrate.measured_from_summary(summary, side, specs, args.seed, fingerprint=digest)
        results.setdefault(scenario.id, {})[level] = entry
        low, high = entry.ci95
        print(
            f"{scenario.id:24} {level:7} {player} as {side}: {entry.win_rate * 100:5.1f}% "
            f"[{low * 100:4.1f}, {high * 100:5.1f}] of {entry.games} games; "
            f"HP lost {entry.hp_lost:.0f}, people lost {entry.people_lost:.2f} per game"
            + (
                f"; {entry.costly_wins * 100:.0f} % of wins at a cost"
                if entry.costly_wins is not None
                else ""
            )
        )
    print()  # the same figures as a Markdown table, for the README's balance section
    print(f"| mission | {' | '.join(levels)} |")
    print(f"|---|{'---|' * len(levels)}")
    for mission, measured in results.items():
        cells = [
            f"{m.win_rate * 100:.0f} % [{m.ci95[0] * 100:.0f}-{m.ci95[1] * 100:.0f}]"
            for m in (measured[level] for level in levels)
        ]
        print(f"| {mission} | {' | '.join(cells)} |")
    print()  # each mission against the design's bands (the levels measured in this run)
    for mission, measured in results.items():
        if "normal" not in measured:
            print(f"{mission}: not judged against the design's bands (they are set around normal)")
            continue
        misses = calibrate.design_misses(measured)
        print(f"{mission}: " + ("; ".join(misses) if misses else "within the design's bands"))
    if failed:
        print(f"calibrate: {failed} game(s) failed; the file is left as it was", file=sys.stderr)
        return EXIT_FAILED
    path = calibrate.write_difficulty(results, args.out)
    if not args.quiet:
        print(f"wrote {path}")
    return EXIT_OK


def _render(args: argparse.Namespace) -> int:
    from .scenario.model import ScenarioError  # start-up time
    from .ui.render_map import render_scenario  # start-up time: the ui, pygame

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
    from .data import scenarios_dir  # start-up time
    from .scenario.library import list_scenarios, user_scenarios_dir  # start-up time

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
    from .scenario.template import MissionExists, write_new_mission  # start-up time

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
    from .scenario.schema import scenario_schema  # start-up time
    from .scenario.template import write_schema  # start-up time

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
    """Watch a replay or a save, or ``--verify`` it: a game made in the campaign (a save, the training
    map, a mission whose lost students were written out) is checked against its mission as the
    campaign builds it; any other replay against its scenario file."""
    from .campaign.saves import SaveError, mission_for, read_save  # start-up time
    from .sim.replay import ReplayError, load_replay, verify_replay  # start-up time

    try:
        replay = load_replay(args.file)
    except ReplayError as err:
        try:
            replay = read_save(args.file)  # a save in the format before saves were replays
        except SaveError:
            print(f"layzner-tactics replay: {err}", file=sys.stderr)
            return EXIT_USAGE
    if args.verify:
        try:
            result = verify_replay(replay, mission_for(replay, str(args.file)))
        except SaveError:  # not a mission the campaign builds: the scenario file alone says why
            result = verify_replay(replay)
        what = "save" if not replay.ended else "replay"
        message = result.message.replace("replay verified", f"{what} verified", 1)
        print(message, file=sys.stdout if result.ok else sys.stderr)
        return EXIT_OK if result.ok else EXIT_FAILED
    from .ui.replay_viewer import view_replay  # start-up time: pygame

    return int(view_replay(args.file))


def _bench(args: argparse.Namespace) -> int:
    from .bench import run_bench  # start-up time

    return run_bench(args.json, args.quick, args.wesnoth)
