"""Maps drawn in Tiled: a ``.tmj`` file (Tiled's JSON map format) as text rows, zones and start tiles.

A scenario names it with ``[map] tiled = "file.tmj"`` (a file beside the scenario). What is read:
- the map's one **tile layer** (orthogonal, finite, CSV or uncompressed base64 data): each tile's
  terrain is its tile's ``terrain`` property, else the tile's class (``type``), else the tileset's name;
  an empty cell is an error;
- **object layers**: a rectangle whose class is ``zone`` (or any rectangle in a layer named ``zones``)
  is a zone named by the object's name; a point (or tile object) whose class is ``start`` (or any in a
  layer named ``starts``) puts the ``[[units]]`` entry of that id there (the unit then omits ``at``).
Every mistake is a ``ScenarioProblem`` of the ``.tmj`` file with the line of the layer, object or tile
it concerns (Tiled writes one key a line) and a key naming them: ``layer 'zones' object 4 'evac'``.
The reader is ``safe.parse_json`` (``storage.parse_json`` underneath): size and depth limited, no number
too long to convert.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import struct
from dataclasses import dataclass, field
from typing import Any

from ..engine.builder import DEFAULT_LEGEND
from ..engine.schema import suggest
from .model import ScenarioError, ScenarioProblem
from .safe import parse_json

FILE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-. ]{0,80}\.tmj$")
"""A Tiled map named in a scenario: a file in the scenario's own folder (no path, no '..')."""
GID_MASK = 0x0FFFFFFF
"""Tiled keeps flip and rotation flags in a gid's top four bits."""
MAX_SIDE = 80
SYMBOLS = "ABCDEFGIJKLMNOPQRSUVWXYZabcdefghijklmnpqrstuvwxyz0123456789!$&+,;<>?@|"
"""Legend symbols for terrain the default legend has no symbol for."""


@dataclass
class TiledMap:
    """What a Tiled file gives a scenario: rows and legend like a text map, zones and start tiles."""

    rows: list[str]
    legend: dict[str, str]
    zones: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)
    """Zone name to (x0, y0, x1, y1) in tiles, corners included."""
    starts: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Unit id to its start tile (x, y)."""
    places: dict[str, tuple[str, int]] = field(default_factory=dict)
    """``zone NAME`` / ``start ID`` to (key, line) in the .tmj, for messages about them later."""
    broken_zones: set[str] = field(default_factory=set)
    """Zones drawn wrong (reported): known by name, so what names them is not a second mistake."""
    problems: list[ScenarioProblem] = field(default_factory=list)
    """Mistakes in the zones and starts: the terrain is still good, so the scenario is checked on."""


class _Reader:
    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        self.problems: list[ScenarioProblem] = []

    def line_of(self, pattern: str, after: int = 0) -> tuple[int, int]:
        """(line, offset) of the first match of ``pattern`` at or after ``after``; (1, after) if none."""
        m = re.compile(pattern).search(self.text, after)
        if m is None:
            return 1, after
        return self.text.count("\n", 0, m.start()) + 1, m.start()

    def add(self, where: str, message: str, line: int = 1, text: str = "") -> None:
        self.problems.append(ScenarioProblem(self.name, line, where, message, text))


def _layer_line(r: _Reader, index: int, layer: dict[str, Any]) -> tuple[int, int]:
    name = layer.get("name")
    if isinstance(name, str):
        return r.line_of(r'"name"\s*:\s*' + re.escape(_json_string(name)))
    return r.line_of(r'"layers"\s*:')


def _json_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def read_tiled(data: bytes, name: str, terrain_ids: set[str]) -> TiledMap:
    """Read a Tiled ``.tmj`` map. Raises ``ScenarioError`` when no terrain can be read from it; other
    mistakes (zones, starts) are in the result's ``problems``, so the rest of the scenario is checked."""
    raw = parse_json(data, name)
    r = _Reader(data.decode("utf-8"), name)
    if not isinstance(raw, dict) or raw.get("type", "map") != "map":
        raise ScenarioError([ScenarioProblem(name, 1, "map", "not a Tiled map (a JSON object with layers)")])
    for key, want in (("orientation", "orthogonal"), ("infinite", False)):
        if raw.get(key, want) != want:
            line, _ = r.line_of(rf'"{key}"\s*:')
            r.add(key, f"must be {want!r} (Map > Map Properties)", line, str(raw.get(key)))
    width, height = raw.get("width"), raw.get("height")
    tw, th = raw.get("tilewidth"), raw.get("tileheight")
    for key, value in (("width", width), ("height", height), ("tilewidth", tw), ("tileheight", th)):
        if not _whole(value, 1, MAX_SIDE if key in ("width", "height") else 4096):
            line, _ = r.line_of(rf'"{key}"\s*:')
            limit = f"1..{MAX_SIDE}" if key in ("width", "height") else "1..4096"
            r.add(key, f"expected a whole number {limit}", line, repr(value)[:60])
    if r.problems:
        raise ScenarioError(r.problems)
    assert isinstance(width, int) and isinstance(height, int) and isinstance(tw, int) and isinstance(th, int)
    terrain_of = _tilesets(r, raw.get("tilesets"), terrain_ids)
    if r.problems:  # without the tiles' terrain every cell would be a second message
        raise ScenarioError(r.problems)
    layers = raw.get("layers")
    if not isinstance(layers, list) or not all(isinstance(la, dict) for la in layers):
        line, _ = r.line_of(r'"layers"\s*:')
        r.add("layers", "expected a list of layers", line)
        raise ScenarioError(r.problems)
    tile_layers = [(i, la) for i, la in enumerate(layers) if la.get("type") == "tilelayer"]
    out = TiledMap([], {})
    if len(tile_layers) != 1:
        line, _ = r.line_of(r'"layers"\s*:')
        names = ", ".join(repr(la.get("name")) for _, la in tile_layers)
        r.add(
            "layers", f"expected exactly one tile layer (the terrain), found {len(tile_layers)} {names}", line
        )
    else:
        _terrain_layer(r, *tile_layers[0], width, height, terrain_of, out)
    for i, layer in enumerate(layers):
        if layer.get("type") == "objectgroup":
            _object_layer(r, i, layer, tw, th, width, height, out)
        elif layer.get("type") == "group":
            line, _ = _layer_line(r, i, layer)
            r.add(_where(i, layer), "group layers are not read: move the layers out of the group", line)
    if not out.rows:
        raise ScenarioError(r.problems or [ScenarioProblem(name, 1, "layers", "no terrain could be read")])
    out.problems = r.problems
    return out


def _whole(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _where(index: int, layer: dict[str, Any]) -> str:
    name = layer.get("name")
    return f"layer {name!r}" if isinstance(name, str) and name else f"layers[{index}]"


def _tilesets(r: _Reader, tilesets: Any, terrain_ids: set[str]) -> dict[int, str]:
    """gid to terrain id: absent when the tile names no terrain, "" when it names an unknown one (which
    is reported here, once, not again for every cell that uses it)."""
    out: dict[int, str] = {}
    if not isinstance(tilesets, list) or not tilesets:
        line, _ = r.line_of(r'"tilesets"\s*:')
        r.add("tilesets", "the map has no tileset: add one whose tiles name terrain ids", line)
        return out
    for k, ts in enumerate(tilesets):
        where = f"tilesets[{k}]"
        if not isinstance(ts, dict):
            r.add(where, "expected a tileset object")
            continue
        tname = ts.get("name") if isinstance(ts.get("name"), str) else ""
        line, at = r.line_of(r'"firstgid"\s*:\s*' + str(ts.get("firstgid")))
        if tname:
            where = f"tileset {tname!r}"
        if "source" in ts:
            r.add(where, "an external tileset: embed it (Map > Embed Tilesets) so the map is one file",
                  line, str(ts.get("source"))[:60])  # fmt: skip
            continue
        first, count = ts.get("firstgid"), ts.get("tilecount")
        if not _whole(first, 1, GID_MASK) or not _whole(count, 1, 100_000):
            r.add(where, "needs a whole firstgid and tilecount", line)
            continue
        assert isinstance(first, int) and isinstance(count, int)
        by_id: dict[int, str] = {}
        tiles = ts.get("tiles", [])
        for j, tile in enumerate(tiles if isinstance(tiles, list) else []):
            if not isinstance(tile, dict) or not _whole(tile.get("id"), 0, count - 1):
                r.add(f"{where} tiles[{j}]", "expected a tile with an id below tilecount", line)
                continue
            terrain = _tile_terrain(tile)
            if terrain is not None:
                by_id[tile["id"]] = terrain
        for tile_id in range(count):
            terrain = by_id.get(tile_id, tname if tname in terrain_ids else None)
            if terrain is not None and terrain not in terrain_ids:
                tline, _ = r.line_of(r'"id"\s*:\s*' + str(tile_id) + r"\b", at)
                r.add(
                    f"{where} tile {tile_id}",
                    "unknown terrain" + suggest(terrain, terrain_ids),
                    tline,
                    terrain,
                )
                terrain = ""
            if terrain is not None:
                out[first + tile_id] = terrain
    return out


def _tile_terrain(tile: dict[str, Any]) -> str | None:
    for prop in tile.get("properties", []) if isinstance(tile.get("properties"), list) else []:
        if isinstance(prop, dict) and prop.get("name") == "terrain" and isinstance(prop.get("value"), str):
            return str(prop["value"])
    for key in ("type", "class"):
        if isinstance(tile.get(key), str) and tile[key]:
            return str(tile[key])
    return None


def _terrain_layer(
    r: _Reader,
    index: int,
    layer: dict[str, Any],
    width: int,
    height: int,
    terrain_of: dict[int, str],
    out: TiledMap,
) -> None:
    where = _where(index, layer)
    line, _ = _layer_line(r, index, layer)
    gids = _layer_data(r, layer, where, line, width * height)
    if gids is None:
        return
    data_line, _ = r.line_of(r'"data"\s*:', r.line_of(r'"layers"\s*:')[1])
    one_a_line = _one_row_a_line(r, data_line)
    symbol_of = {t: s for s, t in DEFAULT_LEGEND.items()}
    spare = iter(SYMBOLS)
    legend: dict[str, str] = {}
    rows = []
    reported = 0
    for y in range(height):
        row = []
        for x in range(width):
            gid = gids[y * width + x] & GID_MASK
            terrain = terrain_of.get(gid)
            if not terrain:
                if terrain is None and reported < 20:
                    why = "an empty cell" if gid == 0 else f"tile {gid} names no terrain"
                    hint = "" if gid == 0 else " (give the tile a 'terrain' property)"
                    row_line = data_line + (1 + y if one_a_line else 0)
                    r.add(f"{where} row {y} col {x}", why + hint, row_line)
                reported += 1
                terrain = "regolith"
            if terrain not in symbol_of:
                symbol_of[terrain] = next(spare, "?")
            symbol = symbol_of[terrain]
            legend[symbol] = terrain
            row.append(symbol)
        rows.append("".join(row))
    out.rows = rows
    out.legend = legend


def _one_row_a_line(r: _Reader, data_line: int) -> bool:
    """Tiled's JSON writes the CSV data one map row a line, starting on the line after ``"data":``."""
    lines = r.text.splitlines()
    return data_line < len(lines) and lines[data_line - 1].rstrip().endswith("[")


def _layer_data(r: _Reader, layer: dict[str, Any], where: str, line: int, size: int) -> list[int] | None:
    data = layer.get("data")
    if layer.get("compression"):
        r.add(where, "compressed tile data: set Tile Layer Format to CSV (Map > Map Properties)", line)
        return None
    if layer.get("encoding") == "base64" and isinstance(data, str):
        try:
            raw = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            r.add(where, "tile data is not valid base64", line)
            return None
        if len(raw) != 4 * size:
            r.add(where, f"tile data holds {len(raw) // 4} tiles, the map has {size}", line)
            return None
        return list(struct.unpack(f"<{size}I", raw))
    if not isinstance(data, list) or not all(_whole(g, 0, 2**32 - 1) for g in data):
        r.add(where, "expected tile data as a list of tile numbers (CSV format)", line)
        return None
    if len(data) != size:
        r.add(where, f"tile data holds {len(data)} tiles, the map has {size} (width x height)", line)
        return None
    return list(data)


def _object_layer(
    r: _Reader, index: int, layer: dict[str, Any], tw: int, th: int, width: int, height: int, out: TiledMap
) -> None:
    where = _where(index, layer)
    lname = str(layer.get("name", "")).lower()
    line, at = _layer_line(r, index, layer)
    objects = layer.get("objects")
    if not isinstance(objects, list):
        r.add(where, "expected a list of objects", line)
        return
    for k, obj in enumerate(objects):
        if not isinstance(obj, dict):
            r.add(f"{where} objects[{k}]", "expected an object", line)
            continue
        oname = obj.get("name") if isinstance(obj.get("name"), str) else ""
        oid = obj.get("id")
        label = f"{where} object {oid} {oname!r}" if oname else f"{where} object {oid}"
        oline, _ = (
            r.line_of(r'"id"\s*:\s*' + re.escape(str(oid)) + r"\b", at)
            if _whole(oid, 0, 10**9)
            else (line, at)
        )
        kind = str(obj.get("type") or obj.get("class") or "").lower()
        if kind not in ("zone", "start"):
            kind = {"zones": "zone", "starts": "start"}.get(lname, kind)
        if kind not in ("zone", "start"):
            r.add(
                label,
                "set the object's class to 'zone' or 'start' (or put it in a layer named zones or starts)",
                oline,
                kind,
            )
            continue
        if not oname:
            r.add(label, f"a {kind} needs a name: the zone's name or the unit's id", oline)
            continue
        numbers = [obj.get(key, 0) for key in ("x", "y", "width", "height")]
        if not all(
            isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in numbers
        ):
            r.add(label, "x, y, width and height must be numbers", oline)
            continue
        x, y, w, h = (float(v) for v in numbers)
        if "gid" in obj:
            y -= h  # a tile object stands on its bottom edge
        if obj.get("polygon") is not None or obj.get("polyline") is not None or obj.get("ellipse"):
            r.add(label, "only rectangles and points are read: draw the zone as a rectangle", oline)
            continue
        if kind == "zone":
            out.broken_zones.add(oname)  # until it proves sound below
            if w <= 0 or h <= 0:
                r.add(label, "a zone is a rectangle with a width and a height", oline)
                continue
            box = (
                math.floor(x / tw),
                math.floor(y / th),
                math.ceil((x + w) / tw) - 1,
                math.ceil((y + h) / th) - 1,
            )
            if box[0] < 0 or box[1] < 0 or box[2] >= width or box[3] >= height:
                r.add(label, f"reaches off the {width}x{height} map", oline, f"tiles {box}")
                continue
            if oname in out.zones:
                r.add(label, f"a second zone named {oname!r}", oline)
                continue
            out.zones[oname] = box
            out.broken_zones.discard(oname)
            out.places[f"zone {oname}"] = (label, oline)
        else:
            tx, ty = math.floor((x + w / 2) / tw), math.floor((y + h / 2) / th)
            if not (0 <= tx < width and 0 <= ty < height):
                r.add(label, f"off the {width}x{height} map", oline, f"[{tx}, {ty}]")
                continue
            if oname in out.starts:
                r.add(label, f"a second start for unit {oname!r}", oline)
                continue
            out.starts[oname] = (tx, ty)
            out.places[f"start {oname}"] = (label, oline)
