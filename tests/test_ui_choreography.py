"""The battle screen's choreography without a window: which events the player sees animated and logged
(the engine's rule), and that the player's memory of enemies (the engine's Knowledge) learns from it."""

import ast
from pathlib import Path

from choreo_helpers import EARTH, FAR, B, L, Stage, game, play

from layzner_tactics.engine import events as ev
from layzner_tactics.engine import observe
from layzner_tactics.engine.knowledge import Knowledge
from layzner_tactics.ui.battle import choreography as ch

PACKAGE = Path(__file__).resolve().parent.parent / "layzner_tactics" / "ui" / "battle"


def logged(steps: list[ch.Step]) -> list[str]:
    return [s.line for s in steps if isinstance(s, ch.Log)]


def test_an_unseen_enemys_move_is_neither_animated_nor_logged():
    state = game()
    far = state.grid.tile(29, 2)
    steps = play(state, [ev.UnitMoved(FAR, (far, far - 1))])
    assert steps == [ch.Sync()]  # only the resync with the engine


def test_a_seen_move_walks_then_logs_and_the_list_ends_with_a_sync():
    state = game()
    path = (state.grid.tile(0, 0), state.grid.tile(1, 0))
    steps = play(state, [ev.UnitMoved(L, path)])
    assert steps == [ch.Walk(L, path, observe(state, EARTH).visible), ch.Log("UnitMoved"), ch.Sync()]


def test_the_omniscient_replay_sees_every_event():
    state = game()
    far = state.grid.tile(29, 2)
    obs = observe(state, EARTH)
    steps = ch.choreograph([ev.UnitMoved(FAR, (far, far - 1))], obs, obs, state, Stage(state), None)
    assert steps[0] == ch.Walk(FAR, (far, far - 1), -1) and logged(steps) == ["UnitMoved"]


def test_a_shot_is_animated_before_its_log_line_and_a_kill_leaves_a_wreck():
    state = game()
    b_tile = state.units[B].tile
    shot = ev.AttackResolved(
        L, state.catalog.units["layzner"].weapons[0].id, B, 80, True, False, 900, 0, False
    )
    steps = play(state, [shot, ev.UnitDestroyed(B, L, b_tile)])
    kinds = [type(s).__name__ for s in steps]
    assert kinds == ["CutIn", "Shot", "Log", "Explode", "Log", "Sync"]  # the cut-in, then the map's shot
    assert steps[1].dst == b_tile and steps[1].src == state.units[L].tile  # type: ignore[union-attr]
    assert steps[3] == ch.Explode(b_tile, B, "braver")


def test_the_choreography_feeds_the_players_memory_only_what_the_player_saw():
    state = game()
    knowledge = Knowledge(EARTH)
    play(state, [], knowledge)
    obs = observe(state, EARTH)
    assert B in obs.units and FAR not in obs.units
    assert set(knowledge.sightings) == {B}  # the far Braver was never seen
    steps = play(state, [ev.UnitDestroyed(FAR, None, state.units[FAR].tile)], knowledge)
    assert logged(steps) == [] and set(knowledge.sightings) == {B}  # an unseen death: not shown, not known


def test_choreography_is_pure_python():
    """It imports only the standard library, the engine and the translations: no pygame, no drawing."""
    allowed = {"__future__", "collections", "dataclasses", "typing"}
    for name in ("choreography.py",):
        tree = ast.parse((PACKAGE / name).read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert all(a.name.split(".")[0] in allowed for a in node.names), (name, ast.dump(node))
            elif isinstance(node, ast.ImportFrom):
                module = node.module or ""
                ok = module.split(".")[0] in allowed or (
                    (node.level == 3 and module.startswith("engine"))
                    or (node.level == 3 and module == "i18n")  # the translations: stdlib only
                    or (node.level == 2 and module == "exchange")  # the cut-in's data, checked below
                )
                assert ok, (name, node.level, module)
    exchange = ast.parse((PACKAGE.parent / "exchange.py").read_text())
    for node in ast.walk(exchange):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            assert module.split(".")[0] in allowed or (node.level == 2 and module == "engine"), module
        assert not isinstance(node, ast.Import), ast.dump(node)
