"""Maps drawn in Tiled (``.tmj``): terrain, zones and start tiles read from the file; every mistake in it
reported with the .tmj's line and the layer and object it concerns."""

import base64
import json
import struct
from pathlib import Path

import pytest

from layzner_tactics.cli import main
from layzner_tactics.data import scenarios_dir
from layzner_tactics.scenario.loader import load_scenario
from layzner_tactics.scenario.model import ScenarioError

SID = "skirmish-ridge-pass"
TOML = (scenarios_dir() / f"{SID}.toml").read_text()
TMJ = (scenarios_dir() / f"{SID}.tmj").read_text()


def copy(tmp_path: Path, toml: str = TOML, tmj: str | bytes = TMJ) -> Path:
    if isinstance(tmj, bytes):
        (tmp_path / f"{SID}.tmj").write_bytes(tmj)
    else:
        (tmp_path / f"{SID}.tmj").write_text(tmj)
    path = tmp_path / f"{SID}.toml"
    path.write_text(toml)
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    return [str(p) for p in err.value.problems]


def line_of(text: str, needle: str, start: int = 0) -> int:
    return text.count("\n", 0, text.index(needle, start)) + 1


def test_the_bundled_tiled_skirmish_takes_terrain_zones_and_starts_from_the_map():
    scenario = load_scenario(SID)
    grid = scenario.setup.grid
    assert (grid.width, grid.height) == (24, 16)
    assert grid.terrain[grid.tile(8, 0)].id == "ridge" and grid.terrain[grid.tile(22, 7)].id == "landing-pad"
    assert scenario.map_rows[7] == "~~~......________.....HH"
    at = {p.id: grid.xy(p.tile) for p in scenario.setup.units}
    assert at["layzner"] == (1, 7) and at["dimarge"] == (18, 7)
    pad = scenario.setup.zones["pad"]
    assert sorted(grid.xy(t) for t in grid.tiles(pad)) == [(x, y) for x in (22, 23) for y in (6, 7, 8)]
    assert scenario.warnings == ()


def test_the_map_file_is_part_of_the_content_hash(tmp_path):
    a = load_scenario(copy(tmp_path))
    assert a.content_hash == load_scenario(SID).content_hash
    b = load_scenario(copy(tmp_path, tmj=TMJ.replace('"y": 384', '"y": 320', 1)))
    assert b.content_hash != a.content_hash


def test_a_base64_layer_reads_like_csv(tmp_path):
    raw = json.loads(TMJ)
    layer = raw["layers"][0]
    layer["data"] = base64.b64encode(struct.pack(f"<{len(layer['data'])}I", *layer["data"])).decode()
    layer["encoding"] = "base64"
    scenario = load_scenario(copy(tmp_path, tmj=json.dumps(raw, indent=1)))
    assert scenario.map_rows == load_scenario(SID).map_rows


def test_an_empty_cell_names_its_row_line_and_column(tmp_path):
    row = "  1, 1, 1, 1, 9, 9, 1, 1, 1, 1, 5, 5, 5, 5, 1, 1, 1, 1, 1, 3, 1, 1, 1, 1,"
    tmj = TMJ.replace(row, row.replace(" 3,", " 0,"), 1)
    assert problems(copy(tmp_path, tmj=tmj)) == [
        f"{tmp_path}/{SID}.tmj:{line_of(TMJ, row)}: layer 'terrain' row 11 col 19: an empty cell"
    ]


def test_a_tile_naming_an_unknown_terrain_is_reported_at_its_tile(tmp_path):
    tmj = TMJ.replace('"value": "crater"', '"value": "cratr"')
    (problem,) = problems(copy(tmp_path, tmj=tmj))
    line = line_of(TMJ, '"id": 2,', TMJ.index("tilesets"))
    assert problem.startswith(f"{tmp_path}/{SID}.tmj:{line}: ")
    assert "tileset 'mars-terrain' tile 2: unknown terrain (did you mean 'crater'?) (cratr)" in problem


def test_zone_and_start_mistakes_name_the_layer_and_object(tmp_path):
    raw = json.loads(TMJ)
    raw["layers"][1]["objects"][0]["x"] = 1500  # the pad, pushed past the east edge
    raw["layers"][2]["objects"][0]["name"] = "layzner-2"  # a start for no unit
    tmj = json.dumps(raw, indent=1)
    found = problems(copy(tmp_path, tmj=tmj))
    pad_line = line_of(tmj, '"id": 1,', tmj.index('"name": "zones"'))
    pad = f"{tmp_path}/{SID}.tmj:{pad_line}: layer 'zones' object 1 'pad': reaches off the 24x16 map"
    assert any(p.startswith(pad) for p in found), found
    assert any(
        "layer 'starts' object 10 'layzner-2': a start for unit 'layzner-2', not in [[units]]"
        " (did you mean 'layzner'?)" in p
        for p in found
    ), found
    assert any("units[0]: missing required key 'at' (or a start object in the Tiled map)" in p for p in found)
    assert not any("unknown zone" in p for p in found), found  # the broken zone is one mistake, not two


def test_a_unit_placed_twice_and_a_map_drawn_twice_are_reported(tmp_path):
    toml = TOML.replace('id = "layzner"\ntype = "layzner"', 'id = "layzner"\ntype = "layzner"\nat = [1, 1]')
    toml = toml.replace(
        'tiled = "skirmish-ridge-pass.tmj"', 'tiled = "skirmish-ridge-pass.tmj"\nrows = "..."'
    )
    found = problems(copy(tmp_path, toml=toml))
    assert any("map.rows: a map is drawn either as rows or in a Tiled file" in p for p in found), found
    assert any("units[0].at: this unit also has a start in the Tiled map: keep one" in p for p in found), (
        found
    )


@pytest.mark.parametrize(
    ("tmj", "phrase"),
    [
        ('{"type": "map", "width": 24,', ".tmj:1: json: not valid JSON"),
        ('{"layers":\n' + "[" * 2000 + "]" * 2000, ".tmj:2: json: nested more than 32 levels deep"),
        ("[" * 33 + "]" * 33, "nested more than 32 levels deep"),
        (
            TMJ.replace('"height": 16,\n "infinite"', '"height": 1e999,\n "infinite"'),
            "json: the number 1e999 is too large",
        ),
        ('{"width": 1' + "0" * 50 + "}", "json: a number with 51 digits is too large"),
        (b'{"name":\n "\xffm"}', ".tmj:2: file: not UTF-8 text (invalid start byte: byte 0xff)"),
        (TMJ.replace('"tiles": [', '"source": "mars.tsj", "tiles": ['), "an external tileset: embed it"),
        (TMJ.replace('"orientation": "orthogonal"', '"orientation": "isometric"'), "must be 'orthogonal'"),
    ],
)
def test_broken_map_files_are_clean_errors(tmp_path, tmj, phrase):
    found = problems(copy(tmp_path, tmj=tmj))
    assert any(phrase in p for p in found), found
    assert all(f"{SID}.tmj:" in p for p in found), found


def test_the_map_file_must_sit_beside_the_scenario(tmp_path, capsys):
    toml = TOML.replace('tiled = "skirmish-ridge-pass.tmj"', 'tiled = "../secret.tmj"')
    found = problems(copy(tmp_path, toml=toml))
    assert any("map.tiled: expected the name of a .tmj file beside the scenario" in p for p in found)
    path = copy(tmp_path, toml=TOML.replace("ridge-pass.tmj", "ridge-pas.tmj"))
    found = problems(path)
    assert any("map.tiled: cannot read the Tiled map: no such file beside the scenario" in p for p in found)
    assert main(["validate", str(path)]) == 1
