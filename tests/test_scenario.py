"""Scenario files: every bundled one validates and plays to an end; broken files name their mistakes."""

import re
from pathlib import Path

import pytest

from layzner_tactics.ai.policy import make_policy
from layzner_tactics.cli import main
from layzner_tactics.scenario.loader import bundled_scenario_ids, load_scenario, parse_scenario
from layzner_tactics.scenario.model import ScenarioError
from layzner_tactics.sim.match import play_match

FIXTURES = Path(__file__).parent / "fixtures" / "scenarios"

# name: (line, key path, a phrase of the message)
BROKEN = {
    "syntax-error": (3, "toml", "syntax error"),
    "unknown-key": (4, "scenario.max_turn", "did you mean 'max_turns'?"),
    "unknown-symbol": (10, "map.rows row 2 col 8", "unknown terrain symbol"),
    "ragged-rows": (10, "map.rows row 2", "row has 11 columns, the first row has 12"),
    "unit-off-map": (34, "units[1].at", "off the 12x4 map"),
    "unit-on-impassable": (34, "units[1].at", "cannot stand on Base wall"),
    "unit-on-unit": (41, "units[2].at", "tile taken by layzner"),
    "unknown-type": (39, "units[2].type", "unknown unit type (did you mean 'braver'?)"),
    "unknown-pilot": (35, "units[1].pilot", "unknown pilot (did you mean 'anna'?)"),
    "unknown-side": (40, "units[2].side", "unknown side (did you mean 'grados'?)"),
    "unknown-zone": (48, "objectives[0].zone", "unknown zone (did you mean 'evac'?)"),
    "unknown-unit-in-objective": (54, "objectives[1].units[0]", "unknown unit id (did you mean 'anna'?)"),
    "duplicate-id": (38, "units[2].id", "duplicate unit id"),
    "side-without-units": (19, "sides[1]", "has no units and no reinforcements"),
    "unreachable-escort": (48, "objectives[0].zone", "can never be met"),
    "absurd-number": (4, "scenario.max_turns", "must be between 1 and 200"),
    "zone-off-map": (13, "map.zones.far[1]", "off the 12x4 map"),
    "unknown-key-in-effect": (60, "triggers[0].do[1].dialogue.txt", "did you mean 'text'?"),
    "bad-controller": (21, "sides[1].controller", "write 'grados'"),
    "unknown-unit-in-trigger": (58, "triggers[0].when.destroyed", "unknown unit id"),
    "reinforcement-off-map": (62, "triggers[0].do[0].reinforce[1].at", "off the 12x4 map"),
}

# fixtures whose one mistake makes a second, dependent message too: (line, key path) of each
BROKEN_TWICE = {
    "unknown-key-in-effect": [(60, "triggers[0].do[1].dialogue"), (60, "triggers[0].do[1].dialogue.txt")],
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_fixture_names_line_and_key(name):
    line, where, phrase = BROKEN[name]
    with pytest.raises(ScenarioError) as err:
        load_scenario(FIXTURES / f"{name}.toml")
    problems = err.value.problems
    expected = BROKEN_TWICE.get(name, [(line, where)])
    assert [(p.line, p.where) for p in problems] == expected, [str(p) for p in problems]
    problem = next(p for p in problems if p.where == where)
    assert (problem.line, problem.where) == (line, where), str(problem)
    assert phrase in problem.message
    assert str(problem).startswith(f"{FIXTURES / name}.toml:{line}: {where}: ")


def test_every_problem_in_a_file_is_reported_together():
    text = (FIXTURES / "base.toml").read_text()
    text = text.replace("max_turns = 6", "max_turn = 6").replace('pilot = "anna"', 'pilot = "ana"')
    text = text.replace('type = "braver"\nside', 'type = "bravr"\nside')
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text.encode(), "many.toml")
    wheres = [p.where for p in err.value.problems]
    assert wheres == ["scenario.max_turn", "units[1].pilot", "units[2].type"]


@pytest.mark.parametrize(
    "data",
    [b"\xff\xfe not utf8", b"[scenario\n", b"x = " + b"[" * 2000 + b"]" * 2000, b"", b"[map]\nrows = 5\n"],
)
def test_hostile_bytes_give_clean_errors(data):
    with pytest.raises(ScenarioError) as err:
        parse_scenario(data, "hostile.toml")
    assert err.value.problems


def test_huge_maps_are_refused():
    rows = "\n".join("." * 200 for _ in range(3))
    text = (FIXTURES / "base.toml").read_text()
    start, end = text.index('rows = """'), text.index('"""\nzones')
    text = text[:start] + 'rows = """\n' + rows + "\n" + text[end:]
    with pytest.raises(ScenarioError, match="maps are at most 80x80"):
        parse_scenario(text.encode(), "huge.toml")


def test_bundled_scenarios_validate_and_ids_match_files():
    ids = bundled_scenario_ids()
    missions = [i for i in ids if load_scenario(i).kind == "mission"]
    skirmishes = [i for i in ids if load_scenario(i).kind == "skirmish"]
    assert len(missions) >= 7 and len(skirmishes) >= 2
    orders = [load_scenario(i).order for i in missions]
    assert orders == sorted(orders)
    for sid in ids:
        scenario = load_scenario(sid)
        assert scenario.id == sid
        assert scenario.briefing.strip() and scenario.debrief_win.strip() and scenario.debrief_loss.strip()
        w, h = scenario.setup.grid.width, scenario.setup.grid.height
        assert 20 <= w <= 40 and 15 <= h <= 30, (sid, w, h)


@pytest.mark.parametrize("sid", bundled_scenario_ids())
def test_bundled_scenarios_play_to_an_end(sid):
    scenario = load_scenario(sid)
    for seed in (1, 2):
        policies = {s.id: make_policy("random", s.id, seed) for s in scenario.setup.sides}
        result = play_match(scenario.setup, seed, policies)
        assert result.outcome is not None and result.turns <= scenario.setup.max_turns


def test_content_hash_is_stable_and_tracks_content(tmp_path):
    a = load_scenario(FIXTURES / "base.toml")
    b = load_scenario(FIXTURES / "base.toml")
    assert a.content_hash == b.content_hash
    changed = tmp_path / "changed.toml"
    changed.write_text((FIXTURES / "base.toml").read_text().replace("max_turns = 6", "max_turns = 7"))
    assert load_scenario(changed).content_hash != a.content_hash


def test_overrides_reach_the_catalog_and_bad_ones_are_named():
    scenario = load_scenario(FIXTURES / "base.toml", {"braver.armor": 1500})
    assert scenario.setup.catalog.units["braver"].armor == 1500
    with pytest.raises(ScenarioError, match="did you mean 'armor'"):
        load_scenario(FIXTURES / "base.toml", {"braver.armour": 1500})


def test_validate_command_exit_codes(capsys):
    assert main(["validate", str(FIXTURES / "base.toml")]) == 0
    assert "OK" in capsys.readouterr().out
    assert main(["validate", str(FIXTURES / "unknown-key.toml")]) == 1
    assert "unknown-key.toml:4: scenario.max_turn: unknown key" in capsys.readouterr().out
    assert main(["validate", "no/such/file.toml"]) == 2
    assert main(["validate"]) == 0


def test_the_authors_guide_names_every_key_the_loader_accepts():
    from layzner_tactics.data import scenarios_dir
    from layzner_tactics.scenario import loader

    guide = (scenarios_dir() / "README.md").read_text()
    groups = [name for name in dir(loader) if name.endswith("_KEYS")]
    assert len(groups) >= 8
    missing = sorted(
        {key for name in groups for key in getattr(loader, name) if not re.search(rf"\b{key}\b", guide)}
    )
    assert missing == []


def test_messages_quote_the_offending_source_text():
    quoted = {}
    for name in ("unknown-key", "reinforcement-off-map", "unknown-symbol"):
        with pytest.raises(ScenarioError) as err:
            load_scenario(FIXTURES / f"{name}.toml")
        quoted[name] = err.value.problems[0].text
    expected = {"unknown-key": "max_turn = 6", "reinforcement-off-map": "[11, 9]", "unknown-symbol": "X"}
    assert quoted == expected


def test_a_side_told_to_press_the_layzner_is_read_and_a_wrong_value_named():
    """``press_layzner`` (a side's AI goes at the Layzner together) reaches the setup's side; anything
    but true or false is reported with the file, line and key."""
    text = (FIXTURES / "base.toml").read_text()
    told = text.replace('controller = "grados"', 'controller = "grados"\npress_layzner = true', 1)
    sides = {s.id: s for s in parse_scenario(told.encode(), "told.toml").setup.sides}
    assert sides["grados"].press_layzner and not sides["earth"].press_layzner
    assert not any(s.press_layzner for s in parse_scenario(text.encode(), "base.toml").setup.sides)
    wrong = text.replace('controller = "grados"', 'controller = "grados"\npress_layzner = "yes"', 1)
    with pytest.raises(ScenarioError) as err:
        parse_scenario(wrong.encode(), "wrong.toml")
    (problem,) = err.value.problems
    assert str(problem).startswith("wrong.toml:") and problem.where == "sides[1].press_layzner"
    line = wrong.splitlines().index('press_layzner = "yes"') + 1
    assert problem.line == line
