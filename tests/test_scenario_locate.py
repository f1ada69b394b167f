"""The line locator: every key path of a TOML file maps to the line where it is written."""

import tomllib

import pytest

from layzner_tactics.data import scenarios_dir
from layzner_tactics.scenario.loader import bundled_scenario_ids
from layzner_tactics.scenario.locate import LineMap

DOC = '''# a comment with [brackets] and key = value
[scenario]
id = "x"   # trailing comment
"quoted.key" = 1
a.b.c = "dotted"
text = """
not = a key
[not.a.table]
"""

[map]
rows = """
....
.##.
"""
zones = { evac = [[1, 0], [2, 1]],
          cave = { tiles = [[0, 0]] } }

[[units]]
id = "a"
at = [
  1,
  2,
]

[[units]]
id = "b # not a comment"
name = 'lit]eral'

[[units.gear]]
kind = "rifle"

[[triggers]]
do = [
  { dialogue = { speaker = "Rei", text = "one, two }" } },
  { reinforce = [
      { type = "braver", at = [3, 0] },
      { type = "braver",
        at = [3, 1] },
  ] },
]
'''


def test_headers_keys_and_nested_values_have_their_lines():
    lines = LineMap(DOC)
    expect = {
        "scenario": 2,
        "scenario.id": 3,
        "scenario.quoted.key": 4,
        "scenario.a.b.c": 5,
        "scenario.text": 6,
        "map.rows": 12,
        "map.zones.evac": 16,
        "map.zones.evac[1][0]": 16,
        "map.zones.cave.tiles[0]": 17,
        "units[0]": 19,
        "units[0].at[1]": 23,
        "units[1].id": 27,
        "units[1].name": 28,
        "units[1].gear[0].kind": 31,
        "triggers[0].do[0].dialogue.text": 35,
        "triggers[0].do[1].reinforce[0].at": 37,
        "triggers[0].do[1].reinforce[1].at": 39,
    }
    assert {k: lines.line(k) for k in expect} == expect
    assert "scenario.not" not in lines.lines and "not.a.table" not in lines.lines


def test_map_rows_and_fallbacks():
    lines = LineMap(DOC)
    assert [lines.row_line(r) for r in range(2)] == [13, 14]
    assert lines.line("units[1].hp_pct") == 26  # missing key: its table's header
    assert lines.line("nowhere.at.all") == 0
    listed = LineMap('[map]\nrows = [\n  "..",\n  "..",\n]\n')
    assert listed.row_line(1) == 4


def test_source_text_is_quoted_and_cut():
    lines = LineMap(DOC)
    assert lines.text("units[0].at[1]") == "2"
    assert lines.text("units[1].id") == '"b # not a comment"'
    assert lines.text("triggers[0].do[1].reinforce[1].at") == "[3, 1]"
    assert lines.text("scenario.text").endswith("...")
    assert LineMap('x = "' + "y" * 200 + '"\n').text("x").endswith("...")


@pytest.mark.parametrize("doc", ["x = [" * 600 + "]" * 600, "[a\n", "= 1", 'x = "unterminated', ""])
def test_odd_text_never_raises(doc):
    LineMap(doc).line("x")


def _paths(value, path=""):
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _paths(sub, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _paths(sub, f"{path}[{i}]")
    if path:
        yield path


@pytest.mark.parametrize("sid", bundled_scenario_ids())
def test_every_path_of_every_bundled_file_is_located_exactly(sid):
    text = (scenarios_dir() / f"{sid}.toml").read_text()
    lines = LineMap(text)
    source = text.splitlines()
    for path in _paths(tomllib.loads(text)):
        assert path in lines.lines, path
        leaf = path.rsplit(".", 1)[-1].split("[")[0]
        assert leaf in source[lines.lines[path] - 1] or path.endswith("]"), (path, lines.lines[path])
