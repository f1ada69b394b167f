"""The Observation is read-only: no write through any of its attributes reaches the game."""

import dataclasses
import enum
import pickle
from collections.abc import Mapping

import pytest

from layzner_tactics.engine import Observation, apply, legal_actions, new_game, observe
from layzner_tactics.sim.scenarios import load

SENTINEL = object()


def _attributes(obj: object) -> list[str]:
    if dataclasses.is_dataclass(obj):
        return [f.name for f in dataclasses.fields(obj)]
    names: list[str] = []
    for cls in type(obj).__mro__:
        names.extend(getattr(cls, "__slots__", ()))
    names.extend(getattr(obj, "__dict__", {}))
    return sorted({n for n in names if not n.startswith("_")})


def _try(writes: list[str], where: str, do) -> None:
    try:
        do()
    except (AttributeError, TypeError, dataclasses.FrozenInstanceError):
        return  # refused: read-only
    except LookupError:
        pass  # the write ran and found nothing to remove: still a write method
    writes.append(where)


def _write_everywhere(obj: object, where: str, writes: list[str], depth: int, seen: set[int]) -> None:
    """Try to rebind, delete, add and remove through ``obj`` and everything it holds (a few of each
    container's items, ``depth`` levels down); record every write that did not raise."""
    if depth < 0 or id(obj) in seen or obj is None or isinstance(obj, (int, str, float, bytes, enum.Enum)):
        return
    seen.add(id(obj))
    if isinstance(obj, Mapping):
        items = list(obj.items())
        _try(writes, f"{where}[new] = ...", lambda: obj.__setitem__("new", SENTINEL))  # type: ignore[attr-defined]
        if items:
            key = items[0][0]
            _try(writes, f"{where}[{key!r}] = ...", lambda: obj.__setitem__(key, SENTINEL))  # type: ignore[attr-defined]
            _try(writes, f"del {where}[{key!r}]", lambda: obj.__delitem__(key))  # type: ignore[attr-defined]
        for name in ("clear", "popitem"):
            _try(writes, f"{where}.{name}()", lambda name=name: getattr(obj, name)())
        for key, value in items[:3]:
            _write_everywhere(value, f"{where}[{key!r}]", writes, depth - 1, seen)
        return
    if isinstance(obj, (list, set, dict, bytearray)):
        writes.append(f"{where} is a mutable {type(obj).__name__}")
        return
    if isinstance(obj, (tuple, frozenset)):
        for i, value in enumerate(list(obj)[:3]):
            _write_everywhere(value, f"{where}[{i}]", writes, depth - 1, seen)
        return
    for name in _attributes(obj):
        value = getattr(obj, name)
        if callable(value) and not isinstance(value, type):
            continue
        _write_everywhere(value, f"{where}.{name}", writes, depth - 1, seen)
        _try(writes, f"{where}.{name} = ...", lambda name=name, value=value: setattr(obj, name, value))
        _try(writes, f"del {where}.{name}", lambda name=name: delattr(obj, name))
        if not hasattr(obj, name):  # deleted: put it back so the walk can go on
            object.__setattr__(obj, name, value)


def _fingerprint(state) -> tuple:
    setup = state.setup
    grid = state.grid
    return (
        state.hash(),
        repr(sorted(state.catalog.units.items())),
        repr(sorted(state.catalog.pilots.items())),
        repr(sorted(state.catalog.terrain.items())),
        repr([(n, getattr(grid, n)) for n in _attributes(grid)]),
        repr(sorted(setup.zones.items())),
        repr(sorted(state.team.items())),
        repr(sorted(state.units.items())),
        repr(sorted(state.occupant.items())),
        repr(sorted(state.wrecks().items())),
    )


def _mid_game(scenario: str, steps: int):
    state = new_game(load(scenario).setup, 5)
    for i in range(steps):
        legal = legal_actions(state)
        if state.outcome is not None:
            break
        apply(state, legal[(i * 7) % len(legal)])
    return state


@pytest.mark.parametrize("scenario", ["demo", "gosterro", "blue-dust"])
def test_no_write_through_an_observation_reaches_the_game(scenario):
    state = _mid_game(scenario, 25)
    for side in state.sides:
        obs = observe(state, side)
        before = _fingerprint(state)
        writes: list[str] = []
        _write_everywhere(obs, "obs", writes, depth=5, seen=set())
        assert _fingerprint(state) == before, "a write through the observation changed the game"
        assert writes == [], f"writable through the observation: {writes}"


def test_the_write_walker_finds_a_writable_attribute():
    """The walker itself must notice a live dict: otherwise the test above could not fail."""
    state = _mid_game("demo", 3)
    obs = observe(state, state.side_to_act)
    leaky = dataclasses.replace(obs, units=state.units)  # the live game's dict, as team once was
    before = _fingerprint(state)
    writes: list[str] = []
    _write_everywhere(leaky, "obs", writes, depth=5, seen=set())
    assert any(w.startswith("obs.units") for w in writes)
    assert _fingerprint(state) != before


def test_observation_fields_are_all_read_only_types():
    state = _mid_game("demo", 5)
    obs = observe(state, state.side_to_act)
    for f in dataclasses.fields(Observation):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(obs, f.name, None)


def test_read_only_catalogs_and_grids_still_travel_to_worker_processes():
    state = _mid_game("demo", 1)
    setup = pickle.loads(pickle.dumps(state.setup))
    assert setup.catalog == state.catalog
    assert setup.grid.terrain == state.grid.terrain and setup.grid.neighbours == state.grid.neighbours
    with pytest.raises(TypeError):
        setup.catalog.units["x"] = None  # type: ignore[index]


def test_own_units_and_enemies_are_the_seen_units_by_id_whoever_asks_first():
    """``observe`` hands over its side's units and the enemies in sight as it lists them; they are what
    the observation's own reading gives (by id), for either side, asked in any order."""
    import random

    from layzner_tactics.bench import open_skirmish

    state = new_game(open_skirmish(16, 4), 3)
    rng = random.Random(3)
    for _ in range(60):
        if state.outcome is not None:
            break
        a = observe(state, "earth")
        b = observe(state, "grados")
        for obs in (a, b, a):  # the newest one and an older one
            team = obs.team[obs.side]
            units = [u for _, u in sorted(obs.units.items())]
            assert obs.own_units() == [u for u in units if u.side == obs.side]
            assert obs.enemies() == [u for u in units if obs.team[u.side] != team]
        apply(state, rng.choice(legal_actions(state)))
