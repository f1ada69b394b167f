"""The battle screen's choreography and the player's knowledge, without a window: which events the
player sees animated and logged, what is remembered of enemies for Rei, and the bog rule."""

import ast
from pathlib import Path

from layzner_tactics.data import load_catalog
from layzner_tactics.engine import Event, GameState, SideId, UnitId, new_game, observe
from layzner_tactics.engine import events as ev
from layzner_tactics.engine.builder import destroy_all, quick_setup
from layzner_tactics.ui.battle import choreography as ch
from layzner_tactics.ui.battle.knowledge import PlayerKnowledge

CATALOG = load_catalog()
EARTH, GRADOS = SideId("earth"), SideId("grados")
L, B, FAR = UnitId("l"), UnitId("b"), UnitId("far")
PACKAGE = Path(__file__).resolve().parent.parent / "layzner_tactics" / "ui" / "battle"


def game() -> GameState:
    """The Layzner with a Braver beside it and another far out of sight, on a long open strip."""
    units = [
        ("l", "layzner", "earth", 0, 0, "eiji"),
        ("b", "braver", "grados", 2, 0),
        ("far", "braver", "grados", 29, 2),
    ]
    setup = quick_setup(
        CATALOG,
        ["." * 30] * 3,
        units,
        objectives=[destroy_all("earth", ["grados"]), destroy_all("grados", ["earth"])],
    )
    return new_game(setup, 1)


class Stage:
    """The choreography's view of a screen: every unit where the engine has it."""

    def __init__(self, state: GameState) -> None:
        self.state = state

    @property
    def viewer(self) -> SideId:
        return EARTH

    def tile_of(self, uid: UnitId) -> int | None:
        u = self.state.units.get(uid)
        return u.tile if u is not None else None

    def shown_type(self, uid: UnitId) -> str:
        u = self.state.units.get(uid)
        return u.type_id if u is not None else ""

    def unit_name(self, uid: UnitId) -> str:
        return uid.upper()

    def describe(self, e: Event) -> str:
        return type(e).__name__


def play(state: GameState, events: list[Event], knowledge: PlayerKnowledge | None = None) -> list[ch.Step]:
    obs = observe(state, EARTH)
    return ch.choreograph(events, obs, obs, state, Stage(state), knowledge or PlayerKnowledge())


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
    steps = play(state, [ev.UnitMoved(FAR, (far, far - 1))], PlayerKnowledge(omniscient=True))
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


def test_an_enemy_seen_and_then_out_of_sight_is_remembered_for_rei_until_seen_leaving():
    state = game()
    knowledge = PlayerKnowledge()
    knowledge.saw(state.units.values(), lambda u: u.side == GRADOS)
    obs = observe(state, EARTH)
    assert B in obs.units and FAR not in obs.units
    assert set(knowledge.out_of_sight(obs)) == {FAR}  # in view now: not a memory
    play(state, [ev.UnitDestroyed(FAR, None, state.units[FAR].tile)], knowledge)
    assert knowledge.out_of_sight(obs) == {FAR: state.units[FAR]}  # its end was not seen: still there
    knowledge.forget(FAR)
    assert knowledge.out_of_sight(obs) == {}


def test_a_bogged_unit_stays_stuck_through_the_phase_it_loses_even_unseen():
    state = game()
    knowledge = PlayerKnowledge()
    play(state, [ev.BoggedDown(FAR, state.units[FAR].tile)], knowledge)
    assert knowledge.stuck(FAR)
    knowledge.phase_ended(EARTH, state.units)  # another side's phase: still stuck
    assert knowledge.stuck(FAR)
    knowledge.phase_ended(GRADOS, state.units)  # its own phase passed, the engine's flag is clear
    assert not knowledge.stuck(FAR)


def test_choreography_and_knowledge_are_pure_python():
    """They import only the standard library, the engine and each other: no pygame, no drawing."""
    allowed = {"__future__", "collections", "dataclasses", "typing"}
    for name in ("choreography.py", "knowledge.py"):
        tree = ast.parse((PACKAGE / name).read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert all(a.name.split(".")[0] in allowed for a in node.names), (name, ast.dump(node))
            elif isinstance(node, ast.ImportFrom):
                module = node.module or ""
                ok = module.split(".")[0] in allowed or (
                    (node.level == 3 and module.startswith("engine"))
                    or (node.level == 1 and module == "knowledge")
                    or (node.level == 2 and module == "exchange")  # the cut-in's data, checked below
                )
                assert ok, (name, node.level, module)
    exchange = ast.parse((PACKAGE.parent / "exchange.py").read_text())
    for node in ast.walk(exchange):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            assert module.split(".")[0] in allowed or (node.level == 2 and module == "engine"), module
        assert not isinstance(node, ast.Import), ast.dump(node)
