"""A JSON Schema for scenario files, built from the loader's own key tables, for TOML editors.

taplo and Even Better TOML complete and check keys from it (``layzner-tactics schema``). Every table's
keys come from the loader's ``*_KEYS`` tuples, and its enums, patterns and ranges from the loader's
constants, so the schema cannot drift from what ``validate`` accepts; ``VALUES`` only says what kind of
value each key holds, and a test fails when a key has no entry or an entry names no key. The schema is
looser than ``validate`` (it cannot see references between keys): an editor's hint, not the judge.
"""

from __future__ import annotations

from typing import Any

from ..engine.setup import ObjectiveKind
from . import loader as L
from .memory import STORY_FLAGS

SCHEMA_ID = "https://layzner-tactics.invalid/scenario.schema.json"
SCHEMA_FILE = "scenario.schema.json"

_ID = {"type": "string", "pattern": L.ID_PATTERN.pattern}
_POLICY = {"type": "string", "pattern": L.POLICY_PATTERN.pattern}
_TEXT = {"type": "string"}
_BOOL = {"type": "boolean"}
_NAMES = {"type": "array", "items": {"type": "string"}}
_XY = {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}
_FLAGS = {
    "anyOf": [{"type": "string"}, {**_NAMES, "minItems": 1, "maxItems": L.MAX_GATE_FLAGS}],
    "description": "a campaign flag or a list of flags, e.g. "
    + ", ".join(repr(f) for f in sorted(STORY_FLAGS)[:2])
    + ", 'won.blue-dust', 'fate.julia.captured'",
}


def _int(low: int, high: int, text: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"type": "integer", "minimum": low, "maximum": high}
    if text:
        out["description"] = text
    return out


def _enum(values: Any, text: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"type": "string", "enum": list(values)}
    if text:
        out["description"] = text
    return out


def _text(limit: int, text: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"type": "string", "maxLength": limit}
    if text:
        out["description"] = text
    return out


def _table(keys: tuple[str, ...], values: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    """An object whose properties are exactly ``keys`` (the loader's tuple), typed from ``values``."""
    out: dict[str, Any] = {
        "type": "object",
        "properties": {k: values[k] for k in keys},
        "additionalProperties": False,
    }
    if required:
        out["required"] = list(required)
    return out


def _gates() -> dict[str, Any]:
    return dict.fromkeys(L.GATE_KEYS, _FLAGS)


def _values() -> dict[str, dict[str, Any]]:
    """What kind of value every key of every loader table holds (keyed like the tables)."""
    storm = {k: _int(-2 * L.MAX_MAP_SIDE, 2 * L.MAX_MAP_SIDE) for k in ("x", "y", "w", "h")}
    storm |= {"dx": _int(-5, 5), "dy": _int(-5, 5), "wander": _int(0, 5)}
    unit = {
        "id": _ID,
        "type": _text(64, "a unit type from the catalog, e.g. 'layzner', 'braver', 'survivor'"),
        "side": _text(32, "a side id"),
        "at": {**_XY, "description": "[x, y] from the top left, from 0"},
        "pilot": _text(64, "a pilot from the catalog, e.g. 'eiji'"),
        "name": _text(L.MAX_TITLE),
        "hp_pct": _int(1, 100),
        "folon": _BOOL,
        **_gates(),
    }
    objective = {
        "id": _ID,
        "side": _text(32),
        "kind": _enum([k.value for k in ObjectiveKind]),
        "text": _text(2 * L.MAX_TITLE),
        "units": _NAMES,
        "sides": _NAMES,
        "zone": _text(64),
        "count": _int(0, L.MAX_UNITS, "0 means all of units"),
        "turns": _int(0, L.MAX_TURNS),
        "optional": _BOOL,
        "status": _enum(["complete", "failed"], "(in a trigger's objective effect) mark an objective"),
        **_gates(),
    }
    zone = {
        "anyOf": [
            {"type": "array", "items": _XY, "minItems": 2, "maxItems": 2},
            {
                "type": "object",
                "properties": {"tiles": {"type": "array", "items": _XY}},
                "required": ["tiles"],
                "additionalProperties": False,
            },
        ],
        "description": "[[x0, y0], [x1, y1]] (a rectangle) or { tiles = [[x, y], ...] }",
    }
    when = {
        "turn": _int(1, L.MAX_TURNS),
        "side": _text(32),
        "phase": _text(32, "a side id: at the start of its phase"),
        "from_turn": _int(1, L.MAX_TURNS),
        "enter": _text(64, "a zone"),
        "units": _NAMES,
        "destroyed": _text(64, "a unit id"),
        "hp_below": _table(("unit", "pct"), {"unit": _text(64), "pct": _int(1, 100)}),
    }
    storms = {"type": "array", "items": _table(L.STORM_KEYS, storm, ("x", "y", "w", "h"))}
    effect = {
        "reinforce": {"type": "array", "items": _table(L.UNIT_KEYS, unit), "minItems": 1},
        "weather": {"anyOf": [{"const": "clear"}, _table(("storms",), {"storms": storms})]},
        "dialogue": _table(("speaker", "text"), {"speaker": _text(64), "text": _text(2000)}),
        "objective": _table((*L.OBJECTIVE_KEYS, "status"), objective),
        "posture": _table(
            ("side", "posture"), {"side": _text(32), "posture": _enum(L.POSTURES[1:])}, ("side",)
        ),
        "vmax_control": _table(("unit", "folon"), {"unit": _text(64), "folon": _BOOL}, ("unit",)),
        "alarm": _text(32, "a wary side"),
        "terrain": _table(("zone", "terrain"), {"zone": _text(64), "terrain": _text(64)}),
        "devastate": _text(64, "a zone"),
        "flag": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
    }
    return {
        "": {
            "scenario": {"$ref": "#/definitions/scenario"},
            "map": {"$ref": "#/definitions/map"},
            "sides": {"type": "array", "items": {"$ref": "#/definitions/side"}, "minItems": 2},
            "units": {"type": "array", "items": {"$ref": "#/definitions/unit"}, "maxItems": L.MAX_UNITS},
            "objectives": {"type": "array", "items": {"$ref": "#/definitions/objective"}},
            "triggers": {"type": "array", "items": {"$ref": "#/definitions/trigger"}},
            "weather": _table(("storms",), {"storms": storms}),
            "oxygen": {"$ref": "#/definitions/oxygen"},
            "overrides": {
                "type": "object",
                "additionalProperties": {"type": ["integer", "string", "boolean"]},
                "description": 'catalog stats by dotted key, e.g. "braver.armor" = 950',
            },
            "story": {"type": "array", "items": {"$ref": "#/definitions/story"}},
        },
        "scenario": {
            "id": {**_ID, "description": "the file name without .toml"},
            "title": _text(L.MAX_TITLE),
            "kind": _enum(["mission", "skirmish"]),
            "order": _int(0, 9999, "position in the campaign or the skirmish list"),
            "briefing": _text(L.MAX_STORY),
            "debrief_win": _text(L.MAX_STORY),
            "debrief_loss": _text(L.MAX_STORY),
            "max_turns": _int(1, L.MAX_TURNS),
            "on_turn_limit": _text(32, "'draw' or the side id that wins when the turns run out"),
            "invented": {**_BOOL, "description": "the mission is ours, not an episode of the show"},
        },
        "map": {
            "legend": {
                "type": "object",
                "additionalProperties": {"type": "string"},
                "description": "one-character symbols to terrain ids",
            },
            "rows": {
                "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
                "description": "the map as text, one line a row",
            },
            "zones": {"type": "object", "additionalProperties": zone},
            "tiled": _text(200, "a Tiled map (.tmj) beside this file, instead of rows"),
        },
        "side": {
            "id": _ID,
            "name": _text(L.MAX_TITLE),
            "team": _text(32, "sides with one team are allies"),
            "controller": {
                "anyOf": [{"const": "human"}, _POLICY],
                "description": "'human' or a policy: grados, earth, aggressive, random, expert",
            },
            "ai": {**_POLICY, "description": "the policy that plays this side in simulations"},
            "posture": _enum(L.POSTURES),
            "colour": {"type": "string", "pattern": L.COLOUR_PATTERN.pattern, "description": "#rrggbb"},
            "wary": _BOOL,
            "territory": _text(64, "a zone a wary side guards"),
            "press_layzner": {
                **_BOOL,
                "description": "its AI's fighters go at the Layzner together, even while hunting people",
            },
        },
        "unit": unit,
        "objective": objective,
        "trigger": {
            "id": _ID,
            "when": _table(L.WHEN_KEYS, when),
            "do": {"type": "array", "items": {"$ref": "#/definitions/effect"}, "minItems": 1},
            **_gates(),
        },
        "when": when,
        "effect": {**effect, **_gates()},
        "storm": storm,
        "oxygen": {
            "supply": {"type": "object", "additionalProperties": _int(0, 10_000)},
            "caches": {"type": "array", "items": _XY, "maxItems": L.MAX_LIST},
            "cache_amount": _int(1, 1000),
            "suffocation_pct": _int(1, 100),
        },
        "story": {"part": _enum(L.STORY_PARTS), "text": _text(L.MAX_STORY), **_gates()},
    }


TABLES: dict[str, tuple[str, ...]] = {
    "": L.TOP_KEYS,
    "scenario": L.SCENARIO_KEYS,
    "map": L.MAP_KEYS,
    "side": L.SIDE_KEYS,
    "unit": (*L.UNIT_KEYS, *L.GATE_KEYS),
    "objective": (*L.OBJECTIVE_KEYS, *L.GATE_KEYS),
    "trigger": L.TRIGGER_KEYS,
    "when": L.WHEN_KEYS,
    "effect": (*L.EFFECT_KEYS, *L.GATE_KEYS),
    "storm": L.STORM_KEYS,
    "oxygen": L.OXYGEN_KEYS,
    "story": L.STORY_KEYS,
}
"""Each schema table and the loader tuple its keys come from."""


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema (draft 7) of a scenario file."""
    values = _values()
    definitions = {
        name: _table(keys, values[name], ("part", "text") if name == "story" else ())
        for name, keys in TABLES.items()
        if name not in ("", "when", "storm")
    }
    definitions["effect"]["oneOf"] = [{"required": [k]} for k in L.EFFECT_KEYS]
    definitions["side"]["required"] = ["id"]
    definitions["unit"]["required"] = ["id", "type", "side"]
    definitions["objective"]["required"] = ["side"]
    definitions["trigger"]["required"] = ["when", "do"]
    top = _table(L.TOP_KEYS, values[""], ("scenario", "map", "sides"))
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "Layzner Tactics scenario",
        "description": "A mission file (TOML). Generated by `layzner-tactics schema`; "
        "`layzner-tactics validate` is the full check.",
        **top,
        "definitions": definitions,
    }


def unlisted_keys() -> list[str]:
    """Keys with a value description but no place in a loader table, or the other way (for the test)."""
    values = _values()
    out = []
    for name, keys in TABLES.items():
        out += [f"{name}.{k}: in the loader, not typed here" for k in keys if k not in values[name]]
        extra = set(values[name]) - set(keys)
        if name == "objective":
            extra.discard("status")  # the objective effect's own key
        out += [f"{name}.{k}: typed here, not in the loader" for k in sorted(extra)]
    return out
