"""Movement searches are cached and legal moves take their paths from a one-pass table: neither may
change what the game does. Checked against a fresh search and the plain walk back, through games."""

import heapq
import random

from engine_helpers import end_phase, moves_of, setup_of

from layzner_tactics.engine import Move, apply, legal_actions, new_game, observe
from layzner_tactics.engine.catalog import IMPASSABLE
from layzner_tactics.engine.movement import forget_searches, move_points, reachable_tiles
from layzner_tactics.scenario.loader import load_scenario


def _states(scenario: str, seed: int, actions: int):
    """The states of a game of random legal actions (the side to act changes, units die, fog moves)."""
    state = new_game(load_scenario(scenario).setup, seed)
    rnd = random.Random(seed)
    for _ in range(actions):
        if state.outcome is not None:
            return
        yield state
        legal = legal_actions(state)
        moves = [a for a in legal if isinstance(a, Move)]
        apply(state, rnd.choice(moves) if moves and rnd.random() < 0.7 else rnd.choice(legal))


def _plain_search(board, unit):
    """The search without any cache: Dijkstra from the unit's tile, enemies block, allies do not."""
    grid, catalog = board.grid, board.catalog
    costs = grid.costs[catalog.units[unit.type_id].move_class]
    team = board.team[unit.side]
    blocked = {u.tile for u in board.units.values() if board.team[u.side] != team}
    budget = move_points(catalog, unit)
    best, prev, heap = {unit.tile: 0}, {}, [(0, unit.tile)]
    while heap:
        d, t = heapq.heappop(heap)
        if d > best[t]:
            continue
        for n in grid.neighbours[t]:
            nd = d + costs[n]
            if costs[n] != IMPASSABLE and n not in blocked and nd <= budget and nd < best.get(n, 1 << 30):
                best[n], prev[n] = nd, t
                heapq.heappush(heap, (nd, n))
    free = tuple(t for t in sorted(best) if t != unit.tile and t not in board.occupant)
    return best, prev, free


def test_searches_kept_through_a_game_match_a_plain_search():
    forget_searches()
    checked = 0
    for state in _states("skirmish-crater-field", 4, 120):
        obs = observe(state, state.side_to_act)
        for board in (obs, state):  # the side's view blocks only the enemies it sees
            for unit in board.units.values():
                reach = reachable_tiles(board, unit)
                cost, prev, free = _plain_search(board, unit)
                assert dict(reach.cost) == cost and list(reach.prev.items()) == list(prev.items())
                assert reach.destinations == free
                checked += 1
    assert checked > 500


def test_an_enemy_stepping_into_reach_blocks_and_an_ally_only_takes_its_tile():
    state = new_game(
        setup_of(
            ["..........", "..........", ".........."],
            [
                ("a", "braver", "earth", 1, 1),
                ("ally", "braver", "earth", 0, 0),
                ("e", "braver", "grados", 6, 1),
            ],
        ),
        1,
    )
    grid = state.grid
    before = reachable_tiles(state, state.units["a"])
    wall = grid.tile(3, 1)
    assert wall in before.cost and wall in before.destinations
    apply(state, next(m for m in moves_of(state, "ally") if m.to == wall))  # an ally on the tile
    after_ally = reachable_tiles(state, state.units["a"])
    assert after_ally.cost == before.cost and wall not in after_ally.destinations
    end_phase(state)
    apply(state, next(m for m in moves_of(state, "e") if m.to == grid.tile(4, 1)))  # an enemy beside it
    end_phase(state)
    blocked = reachable_tiles(state, state.units["a"])
    assert grid.tile(4, 1) not in blocked.cost and grid.tile(4, 1) not in blocked.destinations
    assert (dict(blocked.cost), dict(blocked.prev), blocked.destinations) == _plain_search(
        state, state.units["a"]
    )


def test_every_legal_move_walks_the_cheapest_path_to_a_free_tile():
    seen = 0
    for state in _states("skirmish-canyon-run", 5, 80):
        obs = observe(state, state.side_to_act)
        for action in legal_actions(state):
            if isinstance(action, Move):
                unit = obs.units[action.unit]
                reach = reachable_tiles(obs, unit)
                assert action.path == reach.path(action.to)
                assert action.path[0] == unit.tile and action.to not in obs.occupant
                seen += 1
    assert seen > 1000


def test_the_bucket_search_finds_what_a_heap_finds_in_the_same_order():
    """Costs, predecessors (which of two equally cheap ways a path takes) and the order tiles are found
    in are those of Dijkstra with a heap, on every bundled map, every move class, random starts, budgets
    and blockers."""
    from layzner_tactics.bench import open_skirmish
    from layzner_tactics.engine import movement
    from layzner_tactics.scenario.loader import bundled_scenario_ids, load_scenario

    rng = random.Random(1)
    grids = [load_scenario(s).setup.grid for s in bundled_scenario_ids()] + [open_skirmish(32, 8).grid]
    for grid in grids:
        for move_class in range(len(grid.costs)):
            for _ in range(40):
                start, mp = rng.randrange(grid.size), rng.randrange(12)
                blocked = 0
                for _ in range(rng.randrange(8)):
                    blocked |= 1 << rng.randrange(grid.size)
                dial = movement._search.__wrapped__(grid, move_class, start, mp, blocked)
                heap = movement._heap_search(grid, move_class, start, mp, blocked)
                assert dial[2] == heap[2]
                assert list(dial[0].items()) == list(heap[0].items())
                assert list(dial[1].items()) == list(heap[1].items())


def test_the_reached_tiles_of_a_flood_are_those_a_search_reaches():
    """Strike masks take the reached tiles from a bitmask flood instead of the search: the same set
    (start included) on every bundled map, every move class, random starts, budgets and blockers."""
    from layzner_tactics.bench import open_skirmish
    from layzner_tactics.engine import movement
    from layzner_tactics.scenario.loader import bundled_scenario_ids, load_scenario

    rng = random.Random(2)
    grids = [load_scenario(s).setup.grid for s in bundled_scenario_ids()] + [open_skirmish(32, 8).grid]
    checked = 0
    for grid in grids:
        for move_class in range(len(grid.costs)):
            for _ in range(40):
                start, mp = rng.randrange(grid.size), rng.randrange(12)
                blocked = 0
                for _ in range(rng.randrange(8)):
                    blocked |= 1 << rng.randrange(grid.size)
                blocked &= ~(1 << start)
                searched = movement._search.__wrapped__(grid, move_class, start, mp, blocked)[0]
                flooded = movement._flood.__wrapped__(grid, move_class, start, mp, blocked)
                assert set(grid.tiles(flooded)) == set(searched)
                checked += 1
    assert checked > 500


def test_sight_kept_through_a_game_matches_a_fresh_look():
    """A unit's move forgets only its own team's sight: every side's view stays what its team's units
    see now, through a game of random moves, kills and dust."""
    from layzner_tactics.engine.sight import team_sight

    checked = 0
    for state in _states("skirmish-crater-field", 6, 150):
        for side in state.team:
            assert state.visible_mask(side) == team_sight(state, state.team[side])
            checked += 1
    assert checked > 200
