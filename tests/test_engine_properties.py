"""Invariants over random legal playouts on generated maps (hypothesis), and movement vs brute force."""

import heapq
import itertools
import subprocess
import sys

from engine_helpers import CATALOG, setups
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layzner_tactics.engine import (
    EndPhase,
    apply,
    legal_actions,
    move_points,
    new_game,
    observe,
    reachable_tiles,
)
from layzner_tactics.engine.catalog import IMPASSABLE


def _check_invariants(state):
    tiles = [u.tile for u in state.units.values()]
    assert len(tiles) == len(set(tiles)), "two units on one tile"
    assert state.occupant == {u.tile: u.id for u in state.units.values()}
    grid = state.grid
    for u in state.units.values():
        utype = CATALOG.units[u.type_id]
        assert grid.passable(u.tile, utype.move_class), f"{u.id} on impassable terrain"
        assert 0 < u.hp <= utype.hp
        assert 0 <= u.energy <= utype.energy


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(setups(), st.integers(0, 2**32), st.randoms(use_true_random=False))
def test_random_playouts_keep_the_invariants(setup, seed, rnd):
    state = new_game(setup, seed)
    steps = 0
    while state.outcome is None:
        legal = legal_actions(state)
        side = state.side_to_act
        assert legal and isinstance(legal[-1], EndPhase)
        for a in legal[:-1]:
            assert state.units[a.unit].side == side, "only the side to act acts"
        action = legal[-1] if rnd.random() < 0.15 else rnd.choice(legal)
        apply(state, action)  # every legal action is accepted
        _check_invariants(state)
        steps += 1
        assert steps < 5000
    assert state.turn <= setup.max_turns + 1  # ended by its turn limit at the latest
    assert legal_actions(state) == []


@settings(max_examples=25, deadline=None)
@given(setups(), st.integers(0, 1000), st.randoms(use_true_random=False))
def test_same_seed_same_hash(setup, seed, rnd):
    def play(r):
        state = new_game(setup, seed)
        while state.outcome is None:
            legal = legal_actions(state)
            apply(state, legal[-1] if r.random() < 0.2 else r.choice(legal))
        return state.hash()

    s = rnd.randrange(10**6)
    import random

    assert play(random.Random(s)) == play(random.Random(s))


def _brute_force_reach(state, unit):
    """Uniform-cost search over (tile, cost) written independently of the engine's Dijkstra."""
    grid = state.grid
    utype = CATALOG.units[unit.type_id]
    mp = move_points(CATALOG, unit)
    enemies = {u.tile for u in state.units.values() if state.team[u.side] != state.team[unit.side]}
    best = {unit.tile: 0}
    frontier = [(0, unit.tile)]
    while frontier:
        cost, t = heapq.heappop(frontier)
        x, y = grid.xy(t)
        for nx, ny in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
            if not grid.contains(nx, ny):
                continue
            n = grid.tile(nx, ny)
            c = grid.terrain[n].move_cost[utype.move_class]
            if c == IMPASSABLE or n in enemies:
                continue
            if cost + c <= mp and cost + c < best.get(n, 10**9):
                best[n] = cost + c
                heapq.heappush(frontier, (cost + c, n))
    return best


@settings(max_examples=80, deadline=None)
@given(setups())
def test_reachable_tiles_match_brute_force(setup):
    state = new_game(setup, 0)
    for unit in state.units.values():
        reach = reachable_tiles(state, unit)
        assert dict(reach.cost) == _brute_force_reach(state, unit)
        for t in reach.destinations:
            path = reach.path(t)
            assert path[0] == unit.tile and path[-1] == t
            for a, b in itertools.pairwise(path):
                assert b in state.grid.neighbours[a]


@settings(max_examples=40, deadline=None)
@given(setups(), st.integers(0, 100))
def test_observation_never_shows_hidden_units(setup, seed):
    state = new_game(setup, seed)
    for side in state.sides:
        obs = observe(state, side)
        for u in obs.units.values():
            if state.team[u.side] != state.team[side]:
                assert (obs.visible >> u.tile) & 1


def test_engine_never_imports_pygame():
    code = (
        "import sys; import layzner_tactics.engine, layzner_tactics.data;"
        "import layzner_tactics.ai, layzner_tactics.sim.match;"
        "assert 'pygame' not in sys.modules, 'pygame imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
