"""The scenario author's tools: what validate refuses and warns about, the user mission folder, ``new``,
``scenarios`` and the JSON Schema."""

import json
import os
import tomllib
from pathlib import Path

import jsonschema
import pytest

from layzner_tactics.ai.policy import make_policy
from layzner_tactics.cli import main
from layzner_tactics.engine import DataError, new_game
from layzner_tactics.scenario import library
from layzner_tactics.scenario.loader import load_scenario, parse_scenario
from layzner_tactics.scenario.model import ScenarioError
from layzner_tactics.scenario.schema import scenario_schema, unlisted_keys
from layzner_tactics.scenario.template import new_mission_text
from layzner_tactics.sim import scenarios as sim_scenarios
from layzner_tactics.sim.match import play_match

FIXTURES = Path(__file__).parent / "fixtures" / "scenarios"
BASE = (FIXTURES / "base.toml").read_text()


def problems_of(text: str | bytes) -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    with pytest.raises(ScenarioError) as err:
        parse_scenario(data, "t.toml")
    return [str(p) for p in err.value.problems]


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("LAYZNER_TACTICS_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


# What validate accepts, the game plays -------------------------------------------------------------


def test_an_escort_listing_a_unit_twice_is_refused_with_its_line():
    text = BASE.replace('units = ["anna"]\nzone', 'units = ["anna", "anna"]\nzone', 1)
    assert problems_of(text) == [
        "t.toml:47: objectives[0].units[1]: listed twice: 'anna' (first at objectives[0].units[0])"
    ]


def test_the_engine_refuses_the_same_setup_the_loader_refuses():
    scenario = load_scenario(FIXTURES / "base.toml")
    setup = scenario.setup
    obj = setup.objectives[0]
    import dataclasses

    doubled = dataclasses.replace(setup, objectives=(dataclasses.replace(obj, units=obj.units * 2),))
    with pytest.raises(DataError, match="listed twice"):
        new_game(doubled, 1)


def test_an_effect_naming_an_unknown_objective_is_an_error():
    text = BASE.replace(
        '{ dialogue = { speaker = "Rei", text = "Two more." } }',
        '{ objective = { id = "ot", status = "complete" } }',
    )
    (problem,) = problems_of(text)
    assert problem.startswith("t.toml:60: triggers[0].do[1].objective.id: unknown objective 'ot'")
    assert "did you mean 'out'?" in problem


def test_colours_must_be_rrggbb():
    blue = BASE.replace('id = "grados"\ncontroller', 'id = "grados"\ncolour = "blue"\ncontroller', 1)
    assert problems_of(blue) == [
        "t.toml:21: sides[1].colour: expected a colour as '#rrggbb' (such as '#3a7bd5') (blue)"
    ]
    ok = BASE.replace('id = "grados"\ncontroller', 'id = "grados"\ncolour = "#C0392b"\ncontroller', 1)
    assert parse_scenario(ok.encode(), "t.toml").side_info("grados").colour == "#C0392b"


def test_an_impossible_escort_count_is_one_error_without_an_empty_name():
    text = BASE.replace('units = ["anna"]\nzone', 'units = ["anna"]\ncount = 5\nzone', 1)
    assert problems_of(text) == ["t.toml:48: objectives[0].count: asks for 5 of only 1 units (5)"]


@pytest.mark.parametrize(
    ("value", "line", "phrase"),
    [
        ("9" * 5000, 4, "a number too long to read"),
        ("0x" + "f" * 5000, 4, "number too large (a number of about 6021 digits"),
        ("[" * 3000 + "]" * 3000, 4, "nested deeper than 32 levels"),
        ("{a=" * 3000 + "1" + "}" * 3000, 4, "nested deeper than 32 levels"),
    ],
)
def test_hostile_numbers_and_nesting_name_their_real_line(value, line, phrase):
    (problem,) = problems_of(BASE.replace("max_turns = 6", f"max_turns = {value}"))
    assert problem.startswith(f"t.toml:{line}: ") and phrase in problem and len(problem) < 200


def test_dotted_keys_nested_past_the_limit_are_refused():
    (problem,) = problems_of(BASE + "\n[overrides]\n" + ".".join(["a"] * 200) + " = 1\n")
    assert "nested deeper than 32 levels" in problem


def test_a_non_utf8_byte_names_its_line():
    data = BASE.encode().replace(b"Fixture", b"Fi\xffture")
    assert problems_of(data) == ["t.toml:3: file: not UTF-8 text (invalid start byte: byte 0xff)"]


def test_every_broken_fixture_names_a_real_line():
    for path in sorted(FIXTURES.glob("*.toml")):
        if path.name == "base.toml":
            continue
        with pytest.raises(ScenarioError) as err:
            load_scenario(path)
        count = path.read_text().count("\n") + 1
        assert all(1 <= p.line <= count for p in err.value.problems), path.name


# validate: every path, the worst exit status, warnings ---------------------------------------------


def test_validate_checks_every_path_and_exits_with_the_worst(tmp_path, capsys):
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    folder = tmp_path / "folder"
    folder.mkdir()
    bad = FIXTURES / "unknown-key.toml"
    code = main(["validate", "missing.toml", str(folder), str(loop), str(bad), str(FIXTURES / "base.toml")])
    out, err = capsys.readouterr()
    assert code == 2
    assert "missing.toml: no such scenario file" in err
    assert f"{folder}: a folder, not a scenario file" in err
    assert f"{loop}: no such scenario file" in err
    assert f"{bad}:4: scenario.max_turn: unknown key" in out
    assert f"OK  {FIXTURES / 'base.toml'}" in out
    assert "4 of 5 file(s) have problems" in err
    assert main(["validate", str(bad), str(FIXTURES / "base.toml")]) == 1


def test_every_bundled_mission_validates_without_a_warning(capsys):
    bundled = sorted((Path(library.__file__).parent.parent / "data" / "scenarios").glob("*.toml"))
    assert len(bundled) >= 10, bundled
    code = main(["validate", *map(str, bundled)])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert "warning" not in out + err, out + err
    assert out.count("OK  ") == len(bundled), out


def test_a_crash_in_one_file_does_not_stop_the_others(monkeypatch, capsys):
    import layzner_tactics.scenario.loader as loader

    real = loader.load_scenario

    def flaky(ref, *args, **kwargs):
        if "unknown-key" in str(ref):
            raise RuntimeError("boom")
        return real(ref, *args, **kwargs)

    monkeypatch.setattr(loader, "load_scenario", flaky)
    code = main(["validate", str(FIXTURES / "unknown-key.toml"), str(FIXTURES / "base.toml")])
    out, err = capsys.readouterr()
    assert code == 1
    assert "internal error, please report it: RuntimeError: boom" in err
    assert "OK  " in out


def test_validate_warns_about_unused_zones_goalless_sides_and_stranded_units(tmp_path, capsys):
    text = BASE.replace("......^^....\n..==", ".#....^^....\n#.==")  # a walled pocket at [0, 0]
    text = text.replace(
        "evac = [[10, 0], [11, 1]] }", "evac = [[10, 0], [11, 1]], spare = [[0, 3], [1, 3]] }"
    )
    stuck = '[[units]]\nid = "stuck"\ntype = "survivor"\nside = "earth"\nat = [0, 0]\n\n'
    text = text.replace('[[units]]\nid = "b1"', stuck + '[[units]]\nid = "b1"')
    # the escort can still be met by anna alone (count 1): a warning, not an error
    text = text.replace('units = ["anna"]\nzone', 'units = ["anna", "stuck"]\ncount = 1\nzone', 1)
    text = text.replace(
        '[[objectives]]\nid = "kill"\nside = "grados"\nkind = "destroy"\nunits = ["anna"]\n', ""
    )
    path = tmp_path / "warned.toml"
    path.write_text(text)
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        f"{path}:13: map.zones.spare: warning: no objective, trigger or territory uses this zone (spare)",
        f"{path}:19: sides[1]: warning: side 'grados' has no objective: it cannot win (grados)",
        f"{path}:53: objectives[0].units[1]: warning: stuck (foot) can never reach zone 'evac'"
        " over the terrain (stuck)",
        f"OK  {path} (Fixture)",
    ]


# The user's mission folder -------------------------------------------------------------------------


def test_new_writes_a_valid_mission_that_every_command_finds_by_id(home, capsys):
    assert main(["new", "my-mission"]) == 0
    path = home / "scenarios" / "my-mission.toml"
    assert path.is_file() and (home / "scenarios" / "scenario.schema.json").is_file()
    capsys.readouterr()
    assert main(["validate", "my-mission"]) == 0
    out = capsys.readouterr().out
    assert out == f"OK  {path} (My Mission)\n"  # valid, and not one warning
    assert main(["scenarios", "--path"]) == 0
    assert capsys.readouterr().out.strip() == str(home / "scenarios")
    assert main(["scenarios"]) == 0
    listing = capsys.readouterr().out
    mine = next(line for line in listing.splitlines() if line.startswith("my-mission "))
    assert "yours" in mine and "My Mission" in mine
    assert "blue-dust " in listing
    entries = {e.id: e for e in library.list_scenarios()}
    assert entries["my-mission"].user_made and not entries["blue-dust"].user_made
    assert sim_scenarios.load("my-mission").id == "my-mission"
    assert "my-mission" in library.scenario_ids() and "my-mission" not in library.bundled_scenario_ids()


def test_the_new_mission_plays_to_the_end(home):
    scenario = parse_scenario(new_mission_text("trial").encode(), "trial.toml")
    assert scenario.warnings == ()
    for seed in (1, 2):
        policies = {s.id: make_policy(s.ai, s.id, seed) for s in scenario.sides}
        assert play_match(scenario.setup, seed, policies).outcome is not None


def test_new_refuses_to_overwrite_or_to_take_a_bundled_id(home, capsys):
    assert main(["new", "mine"]) == 0
    (home / "scenarios" / "mine.toml").write_text("# my work\n")
    assert main(["new", "mine"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert (home / "scenarios" / "mine.toml").read_text() == "# my work\n"
    assert main(["new", "blue-dust"]) == 2
    assert main(["new", "demo"]) == 2
    assert main(["new", "no spaces"]) == 2
    assert main(["new", "mine", "--force"]) == 0


def test_a_user_file_cannot_hide_a_bundled_mission(home, capsys):
    folder = home / "scenarios"
    folder.mkdir(parents=True)
    (folder / "blue-dust.toml").write_text(new_mission_text("blue-dust"))
    assert load_scenario("blue-dust").title == "Blue Dust"
    hidden = [e for e in library.list_scenarios() if e.user_made]
    assert [(e.id, e.hidden) for e in hidden] == [("blue-dust", True)]
    main(["scenarios"])
    assert "hidden: a bundled mission has this id" in capsys.readouterr().out


def test_an_unknown_id_names_the_user_folder_and_the_closest_id(home):
    with pytest.raises(FileNotFoundError) as err:
        load_scenario("blue-dusk")
    assert str(home / "scenarios") in str(err.value) and "did you mean 'blue-dust'?" in str(err.value)


# The JSON Schema -----------------------------------------------------------------------------------


def test_the_schema_covers_exactly_the_loaders_keys():
    assert unlisted_keys() == []


def test_every_bundled_scenario_and_the_template_validate_against_the_schema():
    schema = scenario_schema()
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    files = [Path(e.path).read_text() for e in library.list_scenarios() if not e.user_made]
    files.append(new_mission_text("trial"))
    for text in files:
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(tomllib.loads(text))]
        assert errors == [], text[:80]


def test_the_schema_catches_what_an_editor_should_underline():
    validator = jsonschema.Draft7Validator(scenario_schema())
    data = tomllib.loads(new_mission_text("trial"))
    data["scenario"]["max_turn"] = 5
    data["units"][0]["at"] = [1]
    data["sides"][0]["colour"] = "blue"
    data["triggers"][0]["do"].append({"dialogue": {"speaker": "Rei", "text": "x"}, "weather": "clear"})
    paths = sorted(str(list(e.absolute_path)) for e in validator.iter_errors(data))
    assert paths == [
        "['scenario']",
        "['sides', 0, 'colour']",
        "['triggers', 0, 'do', 2]",
        "['units', 0, 'at']",
    ]


def test_schema_command_writes_json(tmp_path, capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Layzner Tactics scenario"
    out = tmp_path / "s.json"
    assert main(["schema", "--out", str(out)]) == 0
    assert json.loads(out.read_text()) == scenario_schema()
    assert os.access(out, os.R_OK)


# render: coordinates and readable zone labels ------------------------------------------------------


def test_render_labels_every_tenth_column_and_row_and_puts_zone_names_on_plates(home, tmp_path):
    pygame = pytest.importorskip("pygame")
    from layzner_tactics.ui import widgets
    from layzner_tactics.ui.render_map import TILE, render_scenario

    out = tmp_path / "map.png"
    try:
        render_scenario("skirmish-ridge-pass", str(out))  # 24x16, zone 'pad' from its Tiled map at [22, 6]
        img = pygame.image.load(str(out))
    finally:
        widgets.font.cache_clear()
        pygame.quit()

    def dark_share(x: int, y: int) -> float:
        """Share of near-black pixels in the 24x12 box at (x, y): a label plate is mostly dark."""
        box = [img.get_at((x + dx, y + dy))[:3] for dx in range(2, 26) for dy in range(2, 14)]
        return sum(1 for c in box if sum(c) < 120) / len(box)

    for x, y in ((20 * TILE, 0), (0, 10 * TILE), (22 * TILE, 6 * TILE)):  # (x10 lies on dark ridge)
        assert dark_share(x, y) > 0.2, (x, y)
    assert dark_share(5 * TILE, 5 * TILE) < 0.05 and dark_share(22 * TILE, 7 * TILE) < 0.05  # no plates


def test_a_trigger_naming_a_gated_unit_needs_the_gate_too():
    text = BASE.replace('pilot = "eiji"', 'pilot = "eiji"\nrequires = "rei_revealed"')
    text += (
        '\n[[triggers]]\nid = "lost"\nwhen = { destroyed = "layzner" }\ndo = [{ flag = "rei_revealed" }]\n'
    )
    assert problems_of(text) == [
        "t.toml:65: triggers[1].when.destroyed: names unit 'layzner', which is not in the game"
        " (campaign flags: none): gate this too"
    ]
    gated = text.replace(
        'when = { destroyed = "layzner" }', 'when = { destroyed = "layzner" }\nrequires = "rei_revealed"'
    )
    assert parse_scenario(gated.encode(), "t.toml").id == "fixture"
