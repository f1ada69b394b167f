"""Read a scenario TOML file into a validated ``Scenario``, or a ``ScenarioError`` naming every mistake.

The only way the game, the simulator and the tests read missions. It never raises anything else for a
file's content: syntax errors, wrong types, unknown names, impossible placements and objectives that can
never be met all become ``ScenarioProblem`` lines ``FILE:LINE: KEY.PATH: problem (offending text)``.
Limits (file size, map size, counts, numbers, text lengths) keep hostile files from costing memory or time.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from ..data import raw_catalog, scenarios_dir
from ..engine import DataError, GameSetup, new_game
from ..engine.builder import DEFAULT_LEGEND
from ..engine.catalog import IMPASSABLE, Catalog, catalog_from_data, override_data
from ..engine.grid import Grid
from ..engine.ids import ObjectiveId, PilotId, SideId, TeamId, TerrainId, Tile, TriggerId, UnitId, ZoneId
from ..engine.references import setup_problems
from ..engine.schema import Checker, Problem, describe, suggest
from ..engine.setup import (
    ChangeTerrain,
    Condition,
    Devastate,
    Effect,
    Objective,
    ObjectiveKind,
    ObjectiveStatus,
    OnDestroyed,
    OnEnterZone,
    OnHpBelow,
    OnPhase,
    OnTurn,
    RaiseAlarm,
    Reinforce,
    Say,
    SetFlag,
    SetObjective,
    SetPosture,
    SetVmaxControl,
    SetWeather,
    SideSpec,
    Storm,
    Trigger,
    UnitPlacement,
)
from .library import bundled_scenario_ids as bundled_scenario_ids  # re-exported: callers import it here
from .library import is_path, read_limited
from .library import resolve as resolve
from .locate import LineMap
from .memory import flag_problem, story_flag_problem
from .model import ALWAYS, Gate, Scenario, ScenarioError, ScenarioProblem, SideInfo, StoryPart
from .safe import MAX_FILE_BYTES, data_problems, parse_toml
from .tiled import FILE_PATTERN as TILED_FILE
from .tiled import TiledMap, read_tiled

MAX_MAP_SIDE = 80
MAX_UNITS = 200
MAX_LIST = 200
"""Most sides, objectives, triggers, effects per trigger, storms or caches a file may hold."""
MAX_TURNS = 200
MAX_TITLE = 120
MAX_STORY = 20_000
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,63}$")
POLICY_PATTERN = re.compile(r"^[a-z][a-z0-9_\-]{0,31}$")
COLOUR_PATTERN = re.compile(r"^#[0-9A-Fa-f]{6}$")
POSTURES = ("", "hold", "hunt", "pursue", "retreat", "defend", "escort")

TOP_KEYS = (
    "scenario",
    "map",
    "sides",
    "units",
    "objectives",
    "triggers",
    "weather",
    "oxygen",
    "overrides",
    "story",
)
GATE_KEYS = ("requires", "unless", "requires_any")
"""Keys that make a unit, objective, trigger, effect or story paragraph depend on the campaign's memory."""
STORY_PARTS = ("briefing", "debrief_win", "debrief_loss")
STORY_KEYS = ("part", "text", *GATE_KEYS)
MAX_GATE_FLAGS = 8
"""Most flags one requires/unless may name; a file reading at most 6 flags has every combination checked."""
MAX_VARIANT_FLAGS = 6
SCENARIO_KEYS = (
    "id",
    "title",
    "kind",
    "order",
    "briefing",
    "debrief_win",
    "debrief_loss",
    "max_turns",
    "on_turn_limit",
    "invented",
)
MAP_KEYS = ("legend", "rows", "zones", "tiled")
SIDE_KEYS = (
    "id",
    "name",
    "team",
    "controller",
    "ai",
    "posture",
    "colour",
    "wary",
    "territory",
    "press_layzner",
)
UNIT_KEYS = ("id", "type", "side", "at", "pilot", "name", "hp_pct", "folon")
OBJECTIVE_KEYS = ("id", "side", "kind", "text", "units", "sides", "zone", "count", "turns", "optional")
TRIGGER_KEYS = ("id", "when", "do", *GATE_KEYS)
WHEN_KEYS = ("turn", "side", "phase", "from_turn", "enter", "units", "destroyed", "hp_below")
EFFECT_KEYS = (
    "reinforce",
    "weather",
    "dialogue",
    "objective",
    "posture",
    "vmax_control",
    "alarm",
    "terrain",
    "devastate",
    "flag",
)
STORM_KEYS = ("x", "y", "w", "h", "dx", "dy", "wander")
OXYGEN_KEYS = ("supply", "caches", "cache_amount", "suffocation_pct")


# Finding scenario files -------------------------------------------------------------------------


def load_scenario(
    path_or_id: str | Path,
    overrides: Mapping[str, Any] | None = None,
    memory: Iterable[str] | None = None,
) -> Scenario:
    """Load and validate one scenario. Raises ``ScenarioError`` (every problem) or ``FileNotFoundError``.

    ``overrides`` are catalog stat overrides (``{"braver.armor": 900}``), applied after the file's own.
    ``memory`` is the campaign's flags: the parts of the file gated by ``requires``/``unless`` are
    chosen by them (every part is validated whatever the memory).
    """
    source = resolve(path_or_id)
    name = str(path_or_id) if is_path(path_or_id) else _display_name(source)
    try:
        data = read_limited(source, MAX_FILE_BYTES)
    except OSError as err:  # unreadable (permissions, a device): the file's problem, not a crash
        reason = err.strerror or type(err).__name__
        raise ScenarioError([ScenarioProblem(name, 1, "file", f"cannot read: {reason}")]) from None
    return parse_scenario(data, name, overrides, memory, base=getattr(source, "parent", None))


def _display_name(source: Traversable | Path) -> str:
    """How messages name a file found by id: ``scenarios/ID.toml`` when bundled, else its full path."""
    try:
        bundled = (scenarios_dir() / source.name).is_file() and str(source) == str(
            scenarios_dir() / source.name
        )
    except OSError:
        bundled = False
    return f"scenarios/{source.name}" if bundled else str(source)


# Parsing ----------------------------------------------------------------------------------------


@dataclass
class _Context:
    file: str
    lines: LineMap
    check: Checker = field(default_factory=Checker)
    extra: list[ScenarioProblem] = field(default_factory=list)
    catalog: Catalog | None = None
    own_flags: set[str] = field(default_factory=set)
    """Story flags the file's own triggers set (known to its requires/unless)."""
    flags_read: set[str] = field(default_factory=set)
    base: Any = None
    """The folder the scenario was read from (a ``Path`` or a package ``Traversable``): Tiled maps are
    looked up there; None for bytes with no folder."""
    tiled: TiledMap | None = None
    sources: list[bytes] = field(default_factory=list)
    """The bytes of the files the scenario reads besides its own (a Tiled map): part of its hash."""

    def gate(self, table: Mapping[str, Any], where: str) -> Gate:
        """The ``requires``/``unless`` of a table (a flag or a list of flags), every name checked."""
        parts: dict[str, frozenset[str]] = {}
        for key in GATE_KEYS:
            value = table.get(key)
            if value is None:
                parts[key] = frozenset()
                continue
            names = [value] if isinstance(value, str) else value
            if not isinstance(names, list) or not names or len(names) > MAX_GATE_FLAGS:
                self.add(
                    f"{where}.{key}",
                    f"expected a flag or a list of 1..{MAX_GATE_FLAGS} flags",
                    describe(value),
                )
                parts[key] = frozenset()
                continue
            for j, flag in enumerate(names):
                path = f"{where}.{key}" if isinstance(value, str) else f"{where}.{key}[{j}]"
                problem = flag_problem(flag, self.catalog, self.own_flags) if self.catalog else None
                if problem:
                    self.add(path, problem, str(flag))
            parts[key] = frozenset(str(f) for f in names)
        gate = Gate(parts["requires"], parts["unless"], parts["requires_any"])
        if gate.requires & gate.unless:
            both = ", ".join(sorted(gate.requires & gate.unless))
            self.add(where, "requires and unless name the same flag", both)
        if gate.requires_any and gate.requires_any <= gate.unless:
            self.add(where, "every requires_any flag is also in unless: never included")
        self.flags_read |= gate.flags
        return gate

    def add(self, where: str, message: str, text: str = "", line: int | None = None) -> None:
        number = self.lines.line(where) if line is None else line
        if not number and not where.startswith("--set"):
            number = 1  # a file-wide problem (a missing top-level key): the file's first line
        self.extra.append(ScenarioProblem(self.file, number, where, message, text))

    def _quote(self, problem: Problem) -> str:
        """The offending source text of a checker's problem (which carries none of its own)."""
        value = self.lines.text(problem.where)
        if value and problem.message.startswith("unknown key"):
            return f"{problem.where.rsplit('.', 1)[-1]} = {value}"
        return value

    def problems(self) -> list[ScenarioProblem]:
        converted = [
            ScenarioProblem(self.file, self.lines.line(p.where) or 1, p.where, p.message, self._quote(p))
            for p in self.check.problems
        ]
        return sorted(converted + self.extra, key=lambda p: (p.line, p.where))


def parse_scenario(
    data: bytes,
    name: str,
    overrides: Mapping[str, Any] | None = None,
    memory: Iterable[str] | None = None,
    base: Any = None,
) -> Scenario:
    """Validate scenario bytes (``name`` is used in messages). Raises ``ScenarioError``.

    ``memory``: the campaign flags the mission is built for (see ``load_scenario``). ``base``: the
    folder a Tiled map named by the file is read from (a ``Path`` or ``Traversable``).
    """
    text, raw = parse_toml(data, name)
    lines = LineMap(text)
    hostile = [ScenarioProblem(name, lines.line(w) or 1, w or "toml", m) for w, m in data_problems(raw)]
    if hostile:  # numbers nothing can use, nesting nothing needs: the rest would only echo them
        raise ScenarioError(hostile)
    ctx = _Context(name, lines, base=base)
    scenario = _build(ctx, raw, "", overrides or {}, frozenset(memory or ()))
    problems = ctx.problems()
    if problems or scenario is None:
        raise ScenarioError(problems or [ScenarioProblem(name, 1, "file", "not a playable scenario")])
    hasher = hashlib.blake2b(data, digest_size=16)
    for extra in ctx.sources:  # a Tiled map is part of the mission: replays must notice it changed
        hasher.update(b"\0" + extra)
    return dataclasses.replace(scenario, content_hash=hasher.hexdigest())


@dataclass
class _Parts:
    """Everything a file declares, each part with its gate; ``setup_for`` picks the parts for a memory."""

    units: list[tuple[UnitPlacement, Gate, str]]
    objectives: list[tuple[Objective, Gate]]
    triggers: list[tuple[Trigger, Gate, tuple[Gate, ...]]]
    story: list[tuple[str, str, Gate]]

    def setup_for(self, base: GameSetup, memory: frozenset[str]) -> GameSetup:
        triggers = []
        for trig, gate, effect_gates in self.triggers:
            if not gate.holds(memory):
                continue
            kept = tuple(e for e, g in zip(trig.effects, effect_gates, strict=True) if g.holds(memory))
            triggers.append(Trigger(trig.id, trig.when, kept))
        return dataclasses.replace(
            base,
            units=tuple(u for u, gate, _ in self.units if gate.holds(memory)),
            objectives=tuple(o for o, gate in self.objectives if gate.holds(memory)),
            triggers=tuple(triggers),
        )

    def story_parts(self, base: Mapping[str, str]) -> tuple[StoryPart, ...]:
        parts = [StoryPart(p, text.strip()) for p, text in base.items() if text.strip()]
        parts += [StoryPart(p, text.strip(), gate) for p, text, gate in self.story]
        return tuple(parts)


def _build(
    ctx: _Context, raw: dict[str, Any], digest: str, overrides: Mapping[str, Any], memory: frozenset[str]
) -> Scenario | None:
    check = ctx.check
    check.keys(raw, "", TOP_KEYS)
    head = check.table(raw.get("scenario", {}), "scenario")
    if "scenario" not in raw:
        ctx.add("scenario", "missing the [scenario] table", line=1)
    check.keys(head, "scenario", SCENARIO_KEYS)
    stem = Path(ctx.file).stem
    sid = check.text(head, "id", "scenario", stem, 64)
    if not ID_PATTERN.match(sid):
        ctx.add("scenario.id", "ids are letters, digits, '-' and '_'", sid)
    title = check.text(head, "title", "scenario", sid, MAX_TITLE)
    kind = check.choice(head, "kind", "scenario", ["mission", "skirmish"], "mission")
    order = check.integer(head, "order", "scenario", 999, 0, 9999)
    briefing = check.text(head, "briefing", "scenario", "", MAX_STORY)
    debrief_win = check.text(head, "debrief_win", "scenario", "", MAX_STORY)
    debrief_loss = check.text(head, "debrief_loss", "scenario", "", MAX_STORY)
    max_turns = check.integer(head, "max_turns", "scenario", 20, 1, MAX_TURNS)
    check.boolean(head, "invented", "scenario", False)

    catalog = _catalog(ctx, raw.get("overrides", {}), overrides)
    if catalog is None:
        return None
    ctx.catalog = catalog
    ctx.own_flags = _own_flags(ctx, raw.get("triggers"))
    grid, rows, legend = _map(ctx, check.table(raw.get("map", {}), "map"), catalog, "map" in raw)
    if "map" not in raw:
        ctx.add("map", "missing the [map] table", line=1)
    if grid is None:
        return None
    zones = _zones(ctx, check.table(raw.get("map", {}), "map").get("zones", {}), grid)
    _tiled_zones(ctx, zones, grid)
    sides = _sides(ctx, _array(ctx, raw, "sides"), zones)
    side_ids = [s.id for s in sides]
    gated_units: list[tuple[UnitPlacement, Gate, str]] = []
    units = _units(
        ctx, _array(ctx, raw, "units"), "units", catalog, grid, side_ids, strict=True, gated=gated_units
    )
    # units named in the file count as known even when their placement failed: one mistake, one message
    declared = {
        UnitId(b["id"])
        for b in _array(ctx, raw, "units")
        if isinstance(b, dict) and isinstance(b.get("id"), str)
    }
    if ctx.tiled is not None:
        for uid in sorted(set(ctx.tiled.starts) - declared):
            where, line = ctx.tiled.places[f"start {uid}"]
            tmj = _tiled_name(ctx)
            hint = suggest(uid, declared)
            ctx.extra.append(
                ScenarioProblem(tmj, line, where, f"a start for unit {uid!r}, not in [[units]]{hint}")
            )
    triggers, reinforced = _triggers(
        ctx, _array(ctx, raw, "triggers"), catalog, grid, side_ids, zones, declared | {u.id for u in units}
    )
    known_units = declared | {u.id for u in units} | {u.id for u in reinforced}
    objectives: list[tuple[Objective, Gate]] = []
    for i, body in enumerate(_array(ctx, raw, "objectives")):
        where = f"objectives[{i}]"
        gate = ctx.gate(check.table(body, where), where)
        objectives.append((_objective(ctx, body, where, side_ids, zones, known_units, gated=True), gate))
    _check_ids(
        ctx,
        [(o.id, f"objectives[{i}].id") for i, (o, _) in enumerate(objectives)],
        "objective",
        [g for _, g in objectives],
    )
    _check_objectives_reachable(ctx, [o for o, _ in objectives], units, zones, grid, catalog)
    _check_sides_have_units(ctx, sides, raw)
    on_limit = check.text(head, "on_turn_limit", "scenario", "draw")
    if on_limit != "draw" and on_limit not in side_ids:
        ctx.add(
            "scenario.on_turn_limit",
            "must be 'draw' or a side id" + suggest(on_limit, side_ids),
            on_limit,
        )
    storms = _storms(ctx, check.table(raw.get("weather", {}), "weather").get("storms", []), "weather.storms")
    check.keys(check.table(raw.get("weather", {}), "weather"), "weather", ("storms",))
    oxygen, caches, cache_amount, suffocation = _oxygen(
        ctx, check.table(raw.get("oxygen", {}), "oxygen"), grid, side_ids
    )
    story = _story(ctx, _array(ctx, raw, "story"))
    if ctx.check.problems or ctx.extra:
        return None

    base = GameSetup(
        catalog=catalog,
        grid=grid,
        sides=tuple(
            SideSpec(
                s.id,
                s.name,
                TeamId(t),
                wary=w,
                territory=ZoneId(terr) if terr else None,
                press_layzner=press,
            )
            for s, (t, w, terr, press) in zip(sides, _side_rules(raw), strict=True)
        ),
        units=(),
        zones={ZoneId(k): v for k, v in zones.items()},
        objectives=(),
        triggers=(),
        max_turns=max_turns,
        on_turn_limit=None if on_limit == "draw" else SideId(on_limit),
        weather=tuple(storms),
        postures={s.id: s.posture for s in sides if s.posture},
        scenario_id=sid,
        oxygen=oxygen,
        oxygen_caches=caches,
        oxygen_cache_amount=cache_amount,
        suffocation_pct=suffocation,
    )
    parts = _Parts(gated_units, objectives, triggers, story)
    _check_variants(ctx, parts, base)
    if ctx.extra:
        return None
    setup = parts.setup_for(base, memory)
    warnings = _warnings(ctx, parts, base)
    names = {u.id: name for u, gate, name in gated_units if name and gate.holds(memory)}
    player = next((s.id for s in sides if s.controller == "human"), None)
    told_parts = parts.story_parts(
        {"briefing": briefing, "debrief_win": debrief_win, "debrief_loss": debrief_loss}
    )

    def told(part: str) -> str:
        return "\n\n".join(p.text for p in told_parts if p.part == part and p.gate.holds(memory))

    return Scenario(
        id=sid,
        title=title,
        kind=kind,
        order=order,
        briefing=told("briefing"),
        debrief_win=told("debrief_win"),
        debrief_loss=told("debrief_loss"),
        sides=tuple(sides),
        setup=setup,
        map_rows=tuple(rows),
        legend=legend,
        unit_names=names,
        player_side=player,
        source=ctx.file,
        content_hash=digest,
        overrides=dict(overrides),
        memory=memory,
        flags_read=frozenset(ctx.flags_read),
        flags_set=frozenset(ctx.own_flags),
        story=told_parts,
        warnings=tuple(warnings),
    )


def _own_flags(ctx: _Context, triggers: Any) -> set[str]:
    """The story flags this file's triggers set (checked where they are set, in ``_effect``)."""
    out = set()
    for trig in triggers if isinstance(triggers, list) else []:
        effects = trig.get("do") if isinstance(trig, dict) else None
        for effect in effects if isinstance(effects, list) else []:
            flag = effect.get("flag") if isinstance(effect, dict) else None
            if isinstance(flag, str) and story_flag_problem(flag) is None:
                out.add(flag)
    return out


def _story(ctx: _Context, bodies: list[Any]) -> list[tuple[str, str, Gate]]:
    out = []
    for i, body in enumerate(bodies):
        where = f"story[{i}]"
        t = ctx.check.table(body, where)
        ctx.check.keys(t, where, STORY_KEYS)
        part = ctx.check.choice(t, "part", where, list(STORY_PARTS), "briefing")
        text = ctx.check.text(t, "text", where, None, MAX_STORY)
        gate = ctx.gate(t, where)
        if not gate:
            ctx.add(where, "a story paragraph needs requires or unless (else write it in [scenario])")
        out.append((part, text, gate))
    return out


def _variants(flags: frozenset[str]) -> list[frozenset[str]]:
    """Every combination of ``flags`` when they are few, else none, all, and each alone."""
    names = sorted(flags)
    if len(names) <= MAX_VARIANT_FLAGS:
        return [frozenset(n for k, n in enumerate(names) if mask >> k & 1) for mask in range(1 << len(names))]
    return [frozenset(), frozenset(names), *(frozenset([n]) for n in names)]


def _check_variants(ctx: _Context, parts: _Parts, base: GameSetup) -> None:
    """The mission must start whatever the campaign remembers: every combination of its flags is tried.

    Each variant goes through ``setup_problems``, the check ``new_game`` itself enforces (one place for
    every reference: units, sides, zones, objectives, pilots, duplicates), its paths mapped to the file.
    """
    reported: set[object] = set()
    declared = {u.id for u, _, _ in parts.units}
    for memory in _variants(frozenset(ctx.flags_read)):
        setup = parts.setup_for(base, memory)
        label = f" (campaign flags: {', '.join(sorted(memory)) or 'none'})" if ctx.flags_read else ""
        arriving = {
            p.side for t in setup.triggers for e in t.effects if isinstance(e, Reinforce) for p in e.units
        }
        for side in setup.sides:
            if side.id not in arriving and not any(u.side == side.id for u in setup.units):
                key = f"side{side.id}{label}"
                if key not in reported:
                    reported.add(key)
                    ctx.add("units", f"side {side.id!r} has no units and none coming{label}")
        to_file = _PathMap(parts, memory)
        for problem in setup_problems(setup):
            where = to_file(problem.where)
            message = problem.message
            gone = re.match(r"unknown unit id '([^']*)'", message)
            if gone and gone.group(1) in declared:
                message = f"names unit {gone.group(1)!r}, which is not in the game{label}: gate this too"
            elif label:
                message += label
            if (where, message) not in reported:
                reported.add((where, message))
                ctx.add(where, message)
        if ctx.extra:
            continue
        try:
            new_game(setup, 0)
        except (ValueError, KeyError) as err:  # a placement the checks above let through
            if str(err) not in reported:
                reported.add(str(err))
                ctx.add("units", f"the game cannot start{label}: {err}")


class _PathMap:
    """A ``setup_problems`` key path (indices into one variant's setup) to the file's key path."""

    def __init__(self, parts: _Parts, memory: frozenset[str]) -> None:
        self.units = [i for i, (_, gate, _) in enumerate(parts.units) if gate.holds(memory)]
        self.objectives = [i for i, (_, gate) in enumerate(parts.objectives) if gate.holds(memory)]
        self.triggers = [i for i, (_, gate, _) in enumerate(parts.triggers) if gate.holds(memory)]
        self.effects = [
            [j for j, g in enumerate(effect_gates) if g.holds(memory)]
            for _, gate, effect_gates in parts.triggers
            if gate.holds(memory)
        ]

    def __call__(self, where: str) -> str:
        if m := re.match(r"(units|objectives)\[(\d+)\]", where):
            index = getattr(self, m.group(1))[int(m.group(2))]
            return f"{m.group(1)}[{index}]{where[m.end() :]}"
        if m := re.match(r"triggers\[(\d+)\](?:\.do\[(\d+)\])?", where):
            k = int(m.group(1))
            path = f"triggers[{self.triggers[k]}]"
            if m.group(2) is not None:
                path += f".do[{self.effects[k][int(m.group(2))]}]"
            return path + where[m.end() :]
        for setup_key, file_key in (
            ("zones.", "map.zones."),
            ("max_turns", "scenario.max_turns"),
            ("on_turn_limit", "scenario.on_turn_limit"),
            ("postures.", "sides"),
            ("oxygen.caches", "oxygen.caches"),
            ("oxygen.", "oxygen.supply."),
        ):
            if where.startswith(setup_key):
                return file_key + where[len(setup_key) :] if file_key.endswith(".") else file_key
        return where


def _array(ctx: _Context, raw: Mapping[str, Any], key: str) -> list[Any]:
    value = raw.get(key, [])
    if not isinstance(value, list):
        ctx.add(key, f"expected [[{key}]] tables, got {describe(value)}")
        return []
    if len(value) > (MAX_UNITS if key == "units" else MAX_LIST):
        ctx.add(key, f"too many entries ({len(value)})")
        return []
    return value


def _catalog(ctx: _Context, file_overrides: Any, extra: Mapping[str, Any]) -> Catalog | None:
    data = raw_catalog()
    table = ctx.check.table(file_overrides, "overrides")
    for where, items in (("overrides", table.items()), ("--set", extra.items())):
        for key, value in items:
            if isinstance(value, float) or not isinstance(value, int | str | bool):
                ctx.add(
                    f"{where}.{key}", f"expected a whole number, text or true/false, got {describe(value)}"
                )
                continue
            try:
                data = override_data(data, str(key), value)
            except DataError as err:
                for p in err.problems:
                    ctx.add(f"{where}.{key}", p.message)
    try:
        return catalog_from_data(data, "catalog")
    except DataError as err:
        for p in err.problems:
            ctx.add("overrides", f"the overridden catalog is invalid: {p}")
        return None


def _tiled_name(ctx: _Context) -> str:
    name = ctx.lines.text("map.tiled").strip("\"'")
    parent = str(Path(ctx.file).parent)
    return name if parent in ("", ".") else f"{parent}/{name}"


def _read_tiled(ctx: _Context, body: Mapping[str, Any], catalog: Catalog) -> TiledMap | None:
    """The Tiled map ``map.tiled`` names (beside the scenario), every mistake in it reported."""
    value = body["tiled"]
    for other in ("rows", "legend"):
        if other in body:
            ctx.add(f"map.{other}", "a map is drawn either as rows or in a Tiled file (map.tiled), not both")
    if not isinstance(value, str) or not TILED_FILE.match(value):
        ctx.add(
            "map.tiled", "expected the name of a .tmj file beside the scenario (no folders)", describe(value)
        )
        return None
    if ctx.base is None:
        ctx.add("map.tiled", "a Tiled map needs the scenario to be read from a file", value)
        return None
    source = ctx.base / value
    try:
        data = read_limited(source, MAX_FILE_BYTES)
    except OSError as err:
        reason = "no such file beside the scenario" if isinstance(err, FileNotFoundError) else err.strerror
        ctx.add("map.tiled", f"cannot read the Tiled map: {reason}", value)
        return None
    try:
        tiled = read_tiled(data, _tiled_name(ctx), set(catalog.terrain))
    except ScenarioError as err:
        ctx.extra += err.problems
        return None
    ctx.sources.append(data)
    ctx.extra += tiled.problems
    return tiled


def _tiled_zones(ctx: _Context, zones: dict[str, int], grid: Grid | None) -> None:
    if ctx.tiled is None or grid is None:
        return
    for name in ctx.tiled.broken_zones:
        zones.setdefault(name, 0)
    for name, (x0, y0, x1, y1) in ctx.tiled.zones.items():
        where, line = ctx.tiled.places[f"zone {name}"]
        if not ID_PATTERN.match(name):
            problem = "zone names are letters, digits, '-' and '_'"
            ctx.extra.append(ScenarioProblem(_tiled_name(ctx), line, where, problem, name))
        elif name in zones:
            ctx.add(f"map.zones.{name}", "this zone is also drawn in the Tiled map", name)
        else:
            zones[name] = grid.rect_mask(x0, y0, x1 - x0 + 1, y1 - y0 + 1)


def _map(
    ctx: _Context, body: Mapping[str, Any], catalog: Catalog, present: bool
) -> tuple[Grid | None, list[str], dict[str, str]]:
    check = ctx.check
    check.keys(body, "map", MAP_KEYS)
    if "tiled" in body:
        ctx.tiled = _read_tiled(ctx, body, catalog)
        if ctx.tiled is None:
            return None, [], dict(DEFAULT_LEGEND)
        body = {"rows": ctx.tiled.rows, "legend": ctx.tiled.legend}
    legend = dict(DEFAULT_LEGEND)
    for symbol, terrain in check.table(body.get("legend", {}), "map.legend").items():
        where = f"map.legend.{symbol}"
        if len(symbol) != 1 or symbol.isspace():
            ctx.add(where, "a legend symbol is exactly one visible character", symbol)
        elif not isinstance(terrain, str) or terrain not in catalog.terrain:
            ctx.add(where, "unknown terrain" + suggest(str(terrain), catalog.terrain), str(terrain))
        else:
            legend[symbol] = terrain
    rows_value = body.get("rows")
    if isinstance(rows_value, str):
        rows = rows_value.split("\n")
        while rows and not rows[-1].strip():
            rows.pop()
        rows = [r.rstrip("\r") for r in rows]
    elif isinstance(rows_value, list) and all(isinstance(r, str) for r in rows_value):
        rows = list(rows_value)
    elif rows_value is None:
        if present:
            ctx.add("map", "missing required key 'rows' (the map as text rows) or 'tiled' (a Tiled map)")
        return None, [], legend
    else:
        ctx.add("map.rows", f"expected the map as text rows, got {describe(rows_value)}")
        return None, [], legend
    if not rows:
        ctx.add("map.rows", "the map is empty")
        return None, [], legend
    width = len(rows[0])
    if width > MAX_MAP_SIDE or len(rows) > MAX_MAP_SIDE:
        ctx.add("map.rows", f"maps are at most {MAX_MAP_SIDE}x{MAX_MAP_SIDE} tiles, got {width}x{len(rows)}")
        return None, rows, legend
    if width == 0:
        ctx.add("map.rows", "the first row is empty")
        return None, rows, legend
    # a broken map still yields a stand-in grid (unknown symbols as regolith, rows cut or padded) so
    # that units, zones and objectives are checked too and every problem is reported at once
    fallback = catalog.terrain.get(TerrainId("regolith")) or next(iter(catalog.terrain.values()))
    reported = 0
    tiles = []
    for y, row in enumerate(rows):
        if len(row) != width:
            ctx.add(
                f"map.rows row {y}",
                f"row has {len(row)} columns, the first row has {width}",
                row,
                ctx.lines.row_line(y),
            )
        for x in range(width):
            ch = row[x] if x < len(row) else "."
            name = legend.get(ch)
            if name is None or name not in catalog.terrain:
                if reported < 50:
                    ctx.add(
                        f"map.rows row {y} col {x}",
                        "unknown terrain symbol" + suggest(ch, legend),
                        ch,
                        ctx.lines.row_line(y),
                    )
                reported += 1
                tiles.append(fallback)
            else:
                tiles.append(catalog.terrain[TerrainId(name)])
    return Grid(width, len(rows), tiles), rows, legend


def _xy(ctx: _Context, value: Any, where: str, grid: Grid) -> Tile | None:
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        ctx.add(where, "expected [x, y]", describe(value))
        return None
    x, y = value
    if not grid.contains(x, y):
        ctx.add(
            where,
            f"off the {grid.width}x{grid.height} map (x 0..{grid.width - 1}, y 0..{grid.height - 1})",
            f"{value}",
        )
        return None
    return grid.tile(x, y)


def _zones(ctx: _Context, body: Any, grid: Grid) -> dict[str, int]:
    zones: dict[str, int] = {}
    table = ctx.check.table(body, "map.zones")
    if len(table) > MAX_LIST:
        ctx.add("map.zones", f"too many zones ({len(table)})")
        return zones
    for name, spec in table.items():
        where = f"map.zones.{name}"
        if not ID_PATTERN.match(name):
            ctx.add(where, "zone names are letters, digits, '-' and '_'", name)
            continue
        mask = 0
        if isinstance(spec, list) and len(spec) == 2 and all(isinstance(c, list) for c in spec):
            a = _xy(ctx, spec[0], f"{where}[0]", grid)
            b = _xy(ctx, spec[1], f"{where}[1]", grid)
            if a is None or b is None:
                continue
            (x0, y0), (x1, y1) = grid.xy(a), grid.xy(b)
            mask = grid.rect_mask(min(x0, x1), min(y0, y1), abs(x1 - x0) + 1, abs(y1 - y0) + 1)
        elif isinstance(spec, dict) and set(spec) == {"tiles"} and isinstance(spec["tiles"], list):
            if len(spec["tiles"]) > grid.size:
                ctx.add(where, "more tiles than the map has")
                continue
            for i, cell in enumerate(spec["tiles"]):
                t = _xy(ctx, cell, f"{where}.tiles[{i}]", grid)
                if t is not None:
                    mask |= 1 << t
        else:
            ctx.add(
                where,
                "expected [[x0, y0], [x1, y1]] (a rectangle) or { tiles = [[x, y], ...] }",
                describe(spec),
            )
            continue
        zones[name] = mask
    return zones


def _sides(ctx: _Context, bodies: list[Any], zones: Mapping[str, int]) -> list[SideInfo]:
    check = ctx.check
    sides = []
    for i, body in enumerate(bodies):
        where = f"sides[{i}]"
        s = check.table(body, where)
        check.keys(s, where, SIDE_KEYS)
        sid = check.text(s, "id", where, None, 32)
        if sid and not ID_PATTERN.match(sid):
            ctx.add(f"{where}.id", "ids are letters, digits, '-' and '_'", sid)
        controller = check.text(s, "controller", where, "grados" if i else "human", 32)
        controller_ok = controller == "human" or bool(POLICY_PATTERN.match(controller))
        if not controller_ok:
            bare = controller.rsplit(":", 1)[-1].strip()
            hint = f": write {bare!r}" if POLICY_PATTERN.match(bare) else " such as 'grados'"
            ctx.add(f"{where}.controller", f"expected 'human' or an AI policy name{hint}", controller)
        # a broken controller is reported once, not again as the default of 'ai'
        default_ai = controller if controller != "human" and controller_ok else "earth"
        ai = check.text(s, "ai", where, default_ai, 32)
        if not POLICY_PATTERN.match(ai):
            ctx.add(f"{where}.ai", "expected an AI policy name such as 'earth' or 'grados'", ai)
        posture = check.choice(s, "posture", where, POSTURES, "")
        territory = check.text(s, "territory", where, "", 64)
        if territory and territory not in zones:
            ctx.add(f"{where}.territory", "unknown zone" + suggest(territory, zones), territory)
        check.boolean(s, "wary", where, False)
        check.boolean(s, "press_layzner", where, False)
        check.text(s, "team", where, sid, 32)
        sides.append(
            SideInfo(
                id=SideId(sid),
                name=check.text(s, "name", where, sid.title(), MAX_TITLE),
                controller=controller,
                ai=ai,
                posture=posture,
                colour=_colour(ctx, s, where),
            )
        )
    if len(sides) < 2:
        ctx.add("sides", "a scenario needs at least two [[sides]]", line=ctx.lines.line("sides") or 1)
    _check_ids(ctx, [(s.id, f"sides[{i}].id") for i, s in enumerate(sides)], "side")
    return sides


def _colour(ctx: _Context, side: Mapping[str, Any], where: str) -> str:
    value = ctx.check.text(side, "colour", where, "", 32)
    if value and not COLOUR_PATTERN.match(value):
        ctx.add(f"{where}.colour", "expected a colour as '#rrggbb' (such as '#3a7bd5')", value)
        return ""
    return value


def _side_rules(raw: Mapping[str, Any]) -> list[tuple[str, bool, str, bool]]:
    """Team, wariness, territory and whether its AI presses the Layzner, of each side (already
    validated)."""
    out = []
    for body in raw.get("sides", []):
        out.append(
            (
                body.get("team", body["id"]),
                bool(body.get("wary", False)),
                body.get("territory", ""),
                bool(body.get("press_layzner", False)),
            )
        )
    return out


def _check_ids(ctx: _Context, ids: list[tuple[str, str]], what: str, gates: list[Gate] | None = None) -> None:
    """Ids must be unique, except between parts that can never be in the same game (exclusive gates)."""
    seen: dict[str, list[tuple[str, Gate]]] = {}
    for k, (value, where) in enumerate(ids):
        gate = gates[k] if gates is not None else ALWAYS
        clash = next((w for w, g in seen.get(value, []) if not gate.excludes(g)), None)
        if clash is not None:
            ctx.add(where, f"duplicate {what} id (first at {clash})", value)
        seen.setdefault(value, []).append((where, gate))


def _units(
    ctx: _Context,
    bodies: list[Any],
    prefix: str,
    catalog: Catalog,
    grid: Grid,
    side_ids: list[SideId],
    strict: bool,
    gated: list[tuple[UnitPlacement, Gate, str]] | None = None,
) -> list[UnitPlacement]:
    """Unit tables; with ``strict`` (the starting units) they may be gated and must not share tiles."""
    check = ctx.check
    taken: dict[int, list[tuple[str, Gate]]] = {}
    out = []
    gates = []
    for i, body in enumerate(bodies):
        where = f"{prefix}[{i}]"
        u = check.table(body, where)
        check.keys(u, where, (*UNIT_KEYS, *GATE_KEYS) if strict else UNIT_KEYS)
        gate = ctx.gate(u, where) if strict else ALWAYS
        type_id = check.text(u, "type", where, None, 64)
        utype = catalog.units.get(type_id)  # type: ignore[call-overload]
        if type_id and utype is None:
            ctx.add(f"{where}.type", "unknown unit type" + suggest(type_id, catalog.units), type_id)
        uid = check.text(u, "id", where, type_id if not strict else None, 64)
        if uid and not ID_PATTERN.match(uid):
            ctx.add(f"{where}.id", "ids are letters, digits, '-' and '_'", uid)
        side = check.text(u, "side", where, None, 32)
        if side and side not in side_ids:
            ctx.add(f"{where}.side", "unknown side" + suggest(side, side_ids), side)
        pilot = check.text(u, "pilot", where, "", 64)
        if pilot and pilot not in catalog.pilots:
            ctx.add(f"{where}.pilot", "unknown pilot" + suggest(pilot, catalog.pilots), pilot)
        check.text(u, "name", where, "", MAX_TITLE)
        hp_pct = check.integer(u, "hp_pct", where, 100, 1, 100)
        folon = check.boolean(u, "folon", where, False)
        at = u.get("at")
        drawn = ctx.tiled.starts.get(uid) if strict and ctx.tiled is not None else None
        if drawn is not None:
            if at is not None:
                ctx.add(f"{where}.at", "this unit also has a start in the Tiled map: keep one", describe(at))
            at = list(drawn)
        if at is None:
            hint = " (or a start object in the Tiled map)" if ctx.tiled is not None else ""
            ctx.add(where, f"missing required key 'at'{hint}")
            continue
        tile = _xy(ctx, at, f"{where}.at", grid)
        if tile is None or utype is None:
            continue
        if not grid.passable(tile, utype.move_class):
            terrain = grid.terrain[tile]
            ctx.add(
                f"{where}.at",
                f"{utype.name} ({utype.move_class.key}) cannot stand on {terrain.name}",
                f"{list(grid.xy(tile))}",
            )
            continue
        if strict:
            clash = next((other for other, g in taken.get(tile, []) if not gate.excludes(g)), None)
            if clash is not None:
                ctx.add(f"{where}.at", f"tile taken by {clash}", f"{list(grid.xy(tile))}")
                continue
            taken.setdefault(tile, []).append((uid, gate))
        placement = UnitPlacement(
            UnitId(uid),
            utype.id,
            SideId(side),
            tile,
            PilotId(pilot) if pilot else None,
            hp_pct,
            folon,
        )
        out.append(placement)
        gates.append(gate)
        if gated is not None:
            gated.append((placement, gate, str(u.get("name", "")) if isinstance(u.get("name"), str) else ""))
    if strict:
        _check_ids(ctx, [(u.id, f"{prefix}[{i}].id") for i, u in enumerate(out)], "unit", gates)
    return out


def _objective(
    ctx: _Context,
    body: Any,
    where: str,
    side_ids: list[SideId],
    zones: Mapping[str, int],
    known_units: set[UnitId],
    gated: bool = False,
) -> Objective:
    check = ctx.check
    o = check.table(body, where)
    check.keys(o, where, (*OBJECTIVE_KEYS, *GATE_KEYS) if gated else OBJECTIVE_KEYS)
    side = check.text(o, "side", where, None, 32)
    if side and side not in side_ids:
        ctx.add(f"{where}.side", "unknown side" + suggest(side, side_ids), side)
    kind = ObjectiveKind(check.choice(o, "kind", where, [k.value for k in ObjectiveKind], "destroy"))
    units = check.text_list(o, "units", where)
    for j, uid in enumerate(units):
        if uid not in known_units:
            ctx.add(f"{where}.units[{j}]", "unknown unit id" + suggest(uid, known_units), uid)
    sides = check.text_list(o, "sides", where)
    for j, sd in enumerate(sides):
        if sd not in side_ids:
            ctx.add(f"{where}.sides[{j}]", "unknown side" + suggest(sd, side_ids), sd)
    zone = check.text(o, "zone", where, "", 64)
    if zone and zone not in zones:
        ctx.add(f"{where}.zone", "unknown zone" + suggest(zone, zones), zone)
    if kind in (ObjectiveKind.ESCORT, ObjectiveKind.REACH) and not zone:
        ctx.add(where, f"a {kind.value} objective needs a zone")
    if kind in (ObjectiveKind.ESCORT, ObjectiveKind.REACH, ObjectiveKind.PROTECT) and not units:
        ctx.add(where, f"a {kind.value} objective needs units")
    if kind is ObjectiveKind.DESTROY and not units and not sides:
        ctx.add(where, "a destroy objective needs units or sides")
    count = check.integer(o, "count", where, 0, 0, MAX_UNITS)
    if units and count > len(units):
        ctx.add(f"{where}.count", f"asks for {count} of only {len(units)} units", str(count))
    turns = check.integer(o, "turns", where, 0, 0, MAX_TURNS)
    if kind is ObjectiveKind.SURVIVE and turns < 1:
        ctx.add(where, "a survive objective needs turns >= 1")
    text = check.text(o, "text", where, f"{kind.value} ({', '.join(units or sides)})", MAX_TITLE * 2)
    oid = check.text(o, "id", where, f"{side}-{where}", 64)
    return Objective(
        id=ObjectiveId(oid),
        side=SideId(side),
        kind=kind,
        text=text,
        units=tuple(UnitId(u) for u in units),
        sides=tuple(SideId(s) for s in sides),
        zone=ZoneId(zone) if zone else None,
        count=count,
        turns=turns,
        optional=check.boolean(o, "optional", where, False),
    )


def _check_objectives_reachable(
    ctx: _Context,
    objectives: list[Objective],
    units: list[UnitPlacement],
    zones: Mapping[str, int],
    grid: Grid,
    catalog: Catalog,
) -> None:
    """Escort and reach objectives that no listed unit can ever reach (terrain only) can never be met."""
    start = {u.id: u for u in units}
    for i, obj in enumerate(objectives):
        if obj.kind not in (ObjectiveKind.ESCORT, ObjectiveKind.REACH) or not obj.zone:
            continue
        zone = zones.get(obj.zone, 0)
        if not zone:
            continue
        able = 0
        stuck = []
        for uid in obj.units:
            placement = start.get(uid)
            if placement is None:
                able += 1  # arrives later: judged when it arrives
                continue
            move_class = catalog.units[placement.type_id].move_class
            if _flood(grid, placement.tile, move_class) & zone:
                able += 1
            else:
                stuck.append(f"{uid} ({move_class.key})")
        if stuck and able < obj.needed <= len(obj.units):  # an impossible count is reported by itself
            ctx.add(
                f"objectives[{i}].zone",
                f"can never be met: zone {obj.zone!r} cannot be reached over the terrain by "
                + ", ".join(stuck),
                obj.zone,
            )


def _warnings(ctx: _Context, parts: _Parts, base: GameSetup) -> list[ScenarioProblem]:
    """What is legal but likely a slip, over every part whatever its gate: a zone nothing uses, a side
    with no objective (wary garrisons excepted: they only guard), a unit that can never reach the zone
    its objective sends it to (when the objective can still be met without it)."""
    out: list[ScenarioProblem] = []

    def warn(where: str, message: str, text: str = "") -> None:
        out.append(ScenarioProblem(ctx.file, ctx.lines.line(where), where, message, text))

    objectives = [o for o, _ in parts.objectives] + [
        e.objective
        for t, _, _ in parts.triggers
        for e in t.effects
        if isinstance(e, SetObjective) and e.objective is not None
    ]
    used = {o.zone for o in objectives if o.zone} | {s.territory for s in base.sides if s.territory}
    for trig, _, _ in parts.triggers:
        if isinstance(trig.when, OnEnterZone):
            used.add(trig.when.zone)
        for e in trig.effects:
            if isinstance(e, ChangeTerrain | Devastate):
                used.add(e.zone)
    for name in base.zones:
        if name not in used:
            warn(f"map.zones.{name}", "warning: no objective, trigger or territory uses this zone", name)
    with_goals = {o.side for o in objectives}
    for i, side in enumerate(base.sides):
        if side.id not in with_goals and not side.wary:
            warn(f"sides[{i}]", f"warning: side {side.id!r} has no objective: it cannot win", side.id)
    placed = {u.id: u for u, _, _ in parts.units}
    for t, _, _ in parts.triggers:
        for e in t.effects:
            if isinstance(e, Reinforce):
                placed.update((p.id, p) for p in e.units)
    reach: dict[tuple[int, int], int] = {}
    for i, (obj, _) in enumerate(parts.objectives):
        if obj.kind not in (ObjectiveKind.ESCORT, ObjectiveKind.REACH) or not obj.zone:
            continue
        zone = base.zones.get(obj.zone, 0)
        for j, uid in enumerate(obj.units):
            p = placed.get(uid)
            if p is None:
                continue
            move_class = base.catalog.units[p.type_id].move_class
            key = (p.tile, int(move_class))
            if key not in reach:
                reach[key] = _flood(base.grid, p.tile, move_class)
            if not reach[key] & zone:
                warn(
                    f"objectives[{i}].units[{j}]",
                    f"warning: {uid} ({move_class.key}) can never reach zone {obj.zone!r} over the terrain",
                    uid,
                )
    return out


def _flood(grid: Grid, start: int, move_class: int) -> int:
    costs = grid.costs[move_class]
    seen = 1 << start
    queue = deque([start])
    while queue:
        t = queue.popleft()
        for n in grid.neighbours[t]:
            if costs[n] != IMPASSABLE and not (seen >> n) & 1:
                seen |= 1 << n
                queue.append(n)
    return seen


def _check_sides_have_units(ctx: _Context, sides: list[SideInfo], raw: Mapping[str, Any]) -> None:
    """Every side needs units at the start or coming as reinforcements (as written, placed or not)."""
    units = raw.get("units")
    bodies = [u for u in units if isinstance(u, dict)] if isinstance(units, list) else []
    bodies += [u for _, _, _, u in _reinforcement_bodies(raw.get("triggers"))]
    present = {u.get("side") for u in bodies if isinstance(u.get("side"), str)}
    for i, side in enumerate(sides):
        if side.id and side.id not in present:  # a side with no id is reported as that
            ctx.add(f"sides[{i}]", f"side {side.id!r} has no units and no reinforcements", side.id)


def _reinforcement_bodies(triggers: Any) -> list[tuple[int, int, int, dict[str, Any]]]:
    """Every reinforcement unit table in the triggers with its place, however malformed the rest is."""
    out = []
    for i, trig in enumerate(triggers if isinstance(triggers, list) else []):
        effects = trig.get("do") if isinstance(trig, dict) else None
        for j, effect in enumerate(effects if isinstance(effects, list) else []):
            units = effect.get("reinforce") if isinstance(effect, dict) else None
            for k, u in enumerate(units if isinstance(units, list) else []):
                if isinstance(u, dict):
                    out.append((i, j, k, u))
    return out


def _triggers(
    ctx: _Context,
    bodies: list[Any],
    catalog: Catalog,
    grid: Grid,
    side_ids: list[SideId],
    zones: Mapping[str, int],
    known: set[UnitId],
) -> tuple[list[tuple[Trigger, Gate, tuple[Gate, ...]]], list[UnitPlacement]]:
    check = ctx.check
    triggers = []
    reinforced: list[UnitPlacement] = []
    unit_ids = set(known)
    # reinforcement ids are known first, so conditions and objectives may name them
    for i, j, k, u in _reinforcement_bodies(bodies):
        if isinstance(u.get("id"), str):
            unit_ids.add(UnitId(u["id"]))
        elif isinstance(u.get("type"), str):
            unit_ids.add(UnitId(f"{u['type']}-r{i}-{j}-{k}"))
    for i, body in enumerate(bodies):
        where = f"triggers[{i}]"
        t = check.table(body, where)
        check.keys(t, where, TRIGGER_KEYS)
        tid = check.text(t, "id", where, f"trigger-{i}", 64)
        gate = ctx.gate(t, where)
        when = _condition(ctx, t.get("when"), f"{where}.when", side_ids, zones, unit_ids)
        effects: list[Effect] = []
        effect_gates: list[Gate] = []
        do = t.get("do", [])
        if not isinstance(do, list) or not do:
            ctx.add(f"{where}.do", "expected a list of effects", describe(do))
            do = []
        if len(do) > MAX_LIST:
            ctx.add(f"{where}.do", f"too many effects ({len(do)})")
            do = []
        for j, eff in enumerate(do):
            effect = _effect(
                ctx, eff, f"{where}.do[{j}]", catalog, grid, side_ids, zones, unit_ids, reinforced
            )
            if effect is not None:
                effects.append(effect)
                effect_gates.append(ctx.gate(check.table(eff, f"{where}.do[{j}]"), f"{where}.do[{j}]"))
        if when is not None:
            triggers.append((Trigger(TriggerId(tid), when, tuple(effects)), gate, tuple(effect_gates)))
    _check_ids(
        ctx,
        [(t.id, f"triggers[{i}].id") for i, (t, _, _) in enumerate(triggers)],
        "trigger",
        [g for _, g, _ in triggers],
    )
    return triggers, reinforced


def _condition(
    ctx: _Context,
    body: Any,
    where: str,
    side_ids: list[SideId],
    zones: Mapping[str, int],
    unit_ids: set[UnitId],
) -> Condition | None:
    check = ctx.check
    if body is None:
        ctx.add(where.rsplit(".", 1)[0], "missing required key 'when'")
        return None
    w = check.table(body, where)
    check.keys(w, where, WHEN_KEYS)
    kinds = [k for k in ("turn", "phase", "enter", "destroyed", "hp_below") if k in w]
    if len(kinds) != 1:
        ctx.add(where, "name exactly one of turn, phase, enter, destroyed, hp_below", describe(dict(w)))
        return None

    def side_of(key: str, required: bool) -> SideId | None:
        value = check.text(w, key, where, None if required else "", 32)
        if value and value not in side_ids:
            ctx.add(f"{where}.{key}", "unknown side" + suggest(value, side_ids), value)
        return SideId(value) if value else None

    def unit_of(value: Any, path: str) -> UnitId:
        if not isinstance(value, str) or value not in unit_ids:
            ctx.add(path, "unknown unit id" + suggest(str(value), unit_ids), str(value))
        return UnitId(str(value))

    match kinds[0]:
        case "turn":
            return OnTurn(check.integer(w, "turn", where, 1, 1, MAX_TURNS), side_of("side", False))
        case "phase":
            return OnPhase(
                side_of("phase", True) or SideId(""), check.integer(w, "from_turn", where, 1, 1, MAX_TURNS)
            )
        case "enter":
            zone = check.text(w, "enter", where, "", 64)
            if zone not in zones:
                ctx.add(f"{where}.enter", "unknown zone" + suggest(zone, zones), zone)
            names = check.text_list(w, "units", where)
            for j, uid in enumerate(names):
                unit_of(uid, f"{where}.units[{j}]")
            return OnEnterZone(ZoneId(zone), tuple(UnitId(u) for u in names), side_of("side", False))
        case "destroyed":
            return OnDestroyed(unit_of(w["destroyed"], f"{where}.destroyed"))
        case _:
            hp = check.table(w["hp_below"], f"{where}.hp_below")
            check.keys(hp, f"{where}.hp_below", ("unit", "pct"))
            return OnHpBelow(
                unit_of(hp.get("unit"), f"{where}.hp_below.unit"),
                check.integer(hp, "pct", f"{where}.hp_below", 50, 1, 100),
            )


def _effect(
    ctx: _Context,
    body: Any,
    where: str,
    catalog: Catalog,
    grid: Grid,
    side_ids: list[SideId],
    zones: Mapping[str, int],
    unit_ids: set[UnitId],
    reinforced: list[UnitPlacement],
) -> Effect | None:
    check = ctx.check
    table = check.table(body, where)
    check.keys(table, where, (*EFFECT_KEYS, *GATE_KEYS))
    e = {k: v for k, v in table.items() if k not in GATE_KEYS}
    if len(e) != 1:
        ctx.add(
            where,
            "each effect is a table with exactly one of "
            + ", ".join(EFFECT_KEYS)
            + " (and optionally requires/unless)",
            describe(dict(table)),
        )
        return None
    key, value = next(iter(e.items()))
    path = f"{where}.{key}"

    def zone_of(name: Any, at: str) -> ZoneId:
        if not isinstance(name, str) or name not in zones:
            ctx.add(at, "unknown zone" + suggest(str(name), zones), str(name))
        return ZoneId(str(name))

    def side_of(name: Any, at: str) -> SideId:
        if not isinstance(name, str) or name not in side_ids:
            ctx.add(at, "unknown side" + suggest(str(name), side_ids), str(name))
        return SideId(str(name))

    match key:
        case "reinforce":
            if not isinstance(value, list) or not value:
                ctx.add(path, "expected a list of unit tables", describe(value))
                return None
            index = "-".join(re.findall(r"\d+", where))
            bodies = [
                {**u, "id": f"{u.get('type')}-r{index}-{k}"} if isinstance(u, dict) and "id" not in u else u
                for k, u in enumerate(value)
            ]
            placed = _units(ctx, bodies, path, catalog, grid, side_ids, strict=False)
            reinforced.extend(placed)
            return Reinforce(tuple(placed))
        case "weather":
            if value == "clear":
                return SetWeather(())
            w = check.table(value, path)
            check.keys(w, path, ("storms",))
            return SetWeather(tuple(_storms(ctx, w.get("storms", []), f"{path}.storms")))
        case "dialogue":
            d = check.table(value, path)
            check.keys(d, path, ("speaker", "text"))
            return Say(check.text(d, "speaker", path, None, 64), check.text(d, "text", path, None, 2000))
        case "objective":
            o = check.table(value, path)
            if "kind" in o:
                obj = _objective(ctx, o, path, side_ids, zones, unit_ids)
                return SetObjective(obj.id, None, obj)
            check.keys(o, path, ("id", "status"))
            status = check.choice(o, "status", path, ["complete", "failed"], "complete")
            return SetObjective(ObjectiveId(check.text(o, "id", path, None, 64)), ObjectiveStatus(status))
        case "posture":
            p = check.table(value, path)
            check.keys(p, path, ("side", "posture"))
            return SetPosture(
                side_of(p.get("side"), f"{path}.side"), check.choice(p, "posture", path, POSTURES[1:], "hunt")
            )
        case "vmax_control":
            v = check.table(value, path)
            check.keys(v, path, ("unit", "folon"))
            uid = check.text(v, "unit", path, None, 64)
            if uid not in unit_ids:
                ctx.add(f"{path}.unit", "unknown unit id" + suggest(uid, unit_ids), uid)
            return SetVmaxControl(UnitId(uid), check.boolean(v, "folon", path, False))
        case "alarm":
            return RaiseAlarm(side_of(value, path))
        case "flag":
            problem = story_flag_problem(value)
            if problem:
                ctx.add(path, problem, str(value))
            return SetFlag(str(value))
        case "terrain":
            t = check.table(value, path)
            check.keys(t, path, ("zone", "terrain"))
            terrain = check.text(t, "terrain", path, None, 64)
            if terrain not in catalog.terrain:
                ctx.add(f"{path}.terrain", "unknown terrain" + suggest(terrain, catalog.terrain), terrain)
            return ChangeTerrain(zone_of(t.get("zone"), f"{path}.zone"), TerrainId(terrain))
        case _:
            return Devastate(zone_of(value, path))


def _storms(ctx: _Context, value: Any, where: str) -> list[Storm]:
    if not isinstance(value, list):
        ctx.add(where, "expected a list of storms", describe(value))
        return []
    if len(value) > MAX_LIST:
        ctx.add(where, f"too many storms ({len(value)})")
        return []
    storms = []
    for i, body in enumerate(value):
        path = f"{where}[{i}]"
        s = ctx.check.table(body, path)
        ctx.check.keys(s, path, STORM_KEYS)
        storms.append(
            Storm(
                x=ctx.check.integer(s, "x", path, None, -MAX_MAP_SIDE, 2 * MAX_MAP_SIDE),
                y=ctx.check.integer(s, "y", path, None, -MAX_MAP_SIDE, 2 * MAX_MAP_SIDE),
                w=ctx.check.integer(s, "w", path, None, 1, 2 * MAX_MAP_SIDE),
                h=ctx.check.integer(s, "h", path, None, 1, 2 * MAX_MAP_SIDE),
                dx=ctx.check.integer(s, "dx", path, 0, -5, 5),
                dy=ctx.check.integer(s, "dy", path, 0, -5, 5),
                wander=ctx.check.integer(s, "wander", path, 0, 0, 5),
            )
        )
    return storms


def _oxygen(
    ctx: _Context, body: Mapping[str, Any], grid: Grid, side_ids: list[SideId]
) -> tuple[dict[SideId, int], int, int, int]:
    check = ctx.check
    check.keys(body, "oxygen", OXYGEN_KEYS)
    supply: dict[SideId, int] = {}
    for side, amount in check.table(body.get("supply", {}), "oxygen.supply").items():
        if side not in side_ids:
            ctx.add(f"oxygen.supply.{side}", "unknown side" + suggest(side, side_ids), side)
        elif isinstance(amount, bool) or not isinstance(amount, int) or not 0 <= amount <= 10_000:
            ctx.add(f"oxygen.supply.{side}", "expected a whole number 0..10000", describe(amount))
        else:
            supply[SideId(side)] = amount
    caches = 0
    cells = body.get("caches", [])
    if not isinstance(cells, list) or len(cells) > MAX_LIST:
        ctx.add("oxygen.caches", "expected a list of [x, y] tiles", describe(cells))
        cells = []
    for i, cell in enumerate(cells):
        t = _xy(ctx, cell, f"oxygen.caches[{i}]", grid)
        if t is not None:
            caches |= 1 << t
    amount = check.integer(body, "cache_amount", "oxygen", 12, 1, 1000)
    suffocation = check.integer(body, "suffocation_pct", "oxygen", 20, 1, 100)
    return supply, caches, amount, suffocation
