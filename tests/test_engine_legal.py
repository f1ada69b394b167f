"""One definition of legal: ``apply`` accepts exactly what ``is_legal`` accepts, and ``legal_actions``
lists a subset of it (every legal action, with one path per Move destination)."""

import dataclasses
import random

import pytest
from engine_helpers import CATALOG, setup_of, setups
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layzner_tactics.engine import (
    Attack,
    EndPhase,
    GameState,
    IllegalActionError,
    Move,
    Special,
    Storm,
    Tile,
    UndoMove,
    UnitId,
    Wait,
    apply,
    illegal_reason,
    is_legal,
    legal_actions,
    move_points,
    new_game,
    observe,
)
from layzner_tactics.engine.rules import SPECIALS
from layzner_tactics.engine.setup import OnEnterZone, Reinforce, Trigger, UnitPlacement
from layzner_tactics.sim.scenarios import load

SCENARIOS = ("demo", "gosterro", "blue-dust", "hunters-below", "decoy-in-the-ruins", "dead-end-canyon")


def _walk(state: GameState, start: int, steps: int, rnd: random.Random) -> tuple[Tile, ...]:
    """A random self-avoiding walk over neighbouring tiles (terrain and units ignored)."""
    path = [start]
    for _ in range(steps):
        options = [n for n in state.grid.neighbours[path[-1]] if n not in path]
        if not options:
            break
        path.append(rnd.choice(options))
    return tuple(Tile(t) for t in path)


def _candidates(state: GameState, listed: list, rnd: random.Random) -> list:
    """Listed actions, other paths to the listed destinations and elsewhere, and junk of every kind."""
    out = list(listed)
    units = sorted(state.units.values(), key=lambda u: u.id)
    ids = [u.id for u in units] + [UnitId("nobody"), *sorted(state.destroyed)]
    moves = [a for a in listed if isinstance(a, Move)]
    for m in rnd.sample(moves, min(6, len(moves))):
        # the same destination along a detour, and the path cut short or run on
        unit = state.units[m.unit]
        detour = _walk(state, unit.tile, rnd.randint(1, 3), rnd)
        out.append(Move(m.unit, (*detour, *m.path[1:])) if m.path[1] not in detour else m)
        out.append(Move(m.unit, m.path[:-1]))
        out.append(Move(m.unit, _walk(state, m.to, 2, rnd)[::-1] + m.path[1:]))
    for u in rnd.sample(units, min(4, len(units))):
        for _ in range(4):
            out.append(Move(u.id, _walk(state, u.tile, rnd.randint(1, move_points(CATALOG, u) + 1), rnd)))
        out.append(Move(u.id, (u.tile,)))
        out.append(Move(u.id, (u.tile, Tile(state.grid.size), Tile(-1))))
        out.append(Move(u.id, _walk(state, rnd.randrange(state.grid.size), 2, rnd)))
        weapons = [w.id for w in CATALOG.units[u.type_id].weapons] + ["no_such_gun"]
        for _ in range(3):
            out.append(Attack(u.id, rnd.choice(weapons), rnd.choice(ids)))
        for name in (*SPECIALS, "fly"):
            out.append(Special(u.id, name, rnd.choice([None, *ids])))
        out.extend((Wait(u.id), UndoMove(u.id)))
    out.extend((Wait(UnitId("nobody")), UndoMove(UnitId("nobody"))))
    out.extend(EndPhase(s) for s in state.sides)
    return out


def _check_one_definition(state: GameState, rnd: random.Random) -> None:
    listed = legal_actions(state)
    for action in listed:
        assert is_legal(state, action), f"listed but illegal: {action}: {illegal_reason(state, action)}"
    listed_set = set(listed)
    destinations = {(a.unit, a.to) for a in listed if isinstance(a, Move)}
    for action in _candidates(state, listed, rnd):
        legal = is_legal(state, action)
        assert legal == (illegal_reason(state, action) is None)
        trial = state.copy()
        before = trial.hash()
        try:
            apply(trial, action)
        except IllegalActionError as err:
            assert not legal, f"is_legal accepts {action}, apply refuses it: {err.reason}"
            assert err.reason == illegal_reason(state, action)
            assert trial.hash() == before, f"a refused {action} changed the state"
            assert trial.units == state.units and trial.occupant == state.occupant
            continue
        assert legal, f"apply accepts {action}, is_legal refuses it: {illegal_reason(state, action)}"
        # the list is a subset, but misses only other paths to a listed destination
        if isinstance(action, Move):
            assert (action.unit, action.to) in destinations, f"legal {action} goes where no listed move goes"
        else:
            assert action in listed_set, f"legal {action} is not listed"


def _playout(state: GameState, rnd: random.Random, steps: int, every: int = 1) -> int:
    checked = 0
    for step in range(steps):
        if state.outcome is not None:
            break
        if step % every == 0:
            _check_one_definition(state, rnd)
            checked += 1
        legal = legal_actions(state)
        action = legal[-1] if rnd.random() < 0.12 else rnd.choice(legal)
        if isinstance(action, Move) and rnd.random() < 0.5:
            # walk there another way when one exists: the engine must treat it the same
            unit = state.units[action.unit]
            other = Move(action.unit, (*_walk(state, unit.tile, 1, rnd), *action.path[1:]))
            if is_legal(state, other):
                action = other
        apply(state, action)
    return checked


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(setups(), st.integers(0, 2**32), st.randoms(use_true_random=False))
def test_apply_accepts_exactly_what_is_legal_accepts(setup, seed, rnd):
    _playout(new_game(setup, seed), rnd, steps=60)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_one_definition_of_legal_in_the_missions(scenario):
    """The missions bring what random maps lack: pilots to talk to, dust, caches, sand, triggers."""
    setup = load(scenario).setup
    checked = 0
    for seed in range(2):
        checked += _playout(new_game(setup, seed), random.Random(seed), steps=120, every=3)
    assert checked > 20


def test_a_move_along_another_path_is_legal_though_not_listed():
    rows = ["......", "......", "......"]
    state = new_game(setup_of(rows, [("a", "layzner", "earth", 0, 1), ("e", "braver", "grados", 5, 0)]), 1)
    grid = state.grid
    listed = [a for a in legal_actions(state) if isinstance(a, Move) and a.to == grid.tile(2, 1)]
    assert len(listed) == 1  # one path per destination
    other = Move(
        UnitId("a"), (grid.tile(0, 1), grid.tile(0, 2), grid.tile(1, 2), grid.tile(2, 2), grid.tile(2, 1))
    )
    assert other != listed[0] and other not in legal_actions(state)
    assert is_legal(state, other)
    apply(state, other)
    assert state.units["a"].tile == grid.tile(2, 1)


def test_untargeted_specials_refuse_a_target():
    rows = ["......", "......"]
    state = new_game(setup_of(rows, [("a", "layzner", "earth", 0, 1), ("e", "braver", "grados", 5, 0)]), 1)
    assert is_legal(state, Special(UnitId("a"), "vmax"))
    assert illegal_reason(state, Special(UnitId("a"), "vmax", UnitId("e"))) == "vmax takes no target"
    with pytest.raises(IllegalActionError):
        apply(state, Special(UnitId("a"), "dust", UnitId("e")))


def test_an_unseen_arrival_on_a_moves_start_makes_the_move_final():
    """The undo would put the unit on a hidden enemy: legal by what the side sees, impossible in fact.
    The engine makes the move final instead, so the list and is_legal agree and nothing leaks."""
    rows = ["." * 14, "." * 14, "." * 14]
    units = [("a", "buggy", "earth", 0, 1), ("e", "braver", "grados", 13, 2)]
    setup = setup_of(rows, units, zones={"gate": [(3, 1)]})
    arrival = UnitPlacement(
        UnitId("ghost"), CATALOG.units["braver"].id, "grados", Tile(setup.grid.tile(0, 1))
    )
    trigger = Trigger("ambushers", OnEnterZone("gate"), (Reinforce((arrival,)),))
    setup = dataclasses.replace(setup, triggers=(trigger,), weather=(Storm(0, 0, 2, 3),))
    state = new_game(setup, 1)
    grid = state.grid
    path = tuple(grid.tile(x, 1) for x in range(4))
    apply(state, Move(UnitId("a"), path))
    assert state.units["ghost"].tile == grid.tile(0, 1)
    assert not (state.visible_mask("earth") >> grid.tile(0, 1)) & 1, "the arrival must be unseen"
    assert UndoMove(UnitId("a")) not in legal_actions(state)
    assert not is_legal(state, UndoMove(UnitId("a")))
    assert observe(state, "earth") == observe(_without(state, "ghost"), "earth")


def _without(state: GameState, uid: str) -> GameState:
    other = state.copy()
    other.remove(UnitId(uid))
    return other
