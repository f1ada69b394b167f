"""Small maps and setups for rule tests."""

from hypothesis import strategies as st

from layzner_tactics.data import load_catalog
from layzner_tactics.engine import Attack, EndPhase, GameState, Move, apply, legal_actions
from layzner_tactics.engine.builder import DEFAULT_LEGEND, destroy_all, quick_setup
from layzner_tactics.engine.catalog import IMPASSABLE
from layzner_tactics.engine.setup import Storm

CATALOG = load_catalog()


def setup_of(rows, units, **kw):
    kw.setdefault("objectives", [destroy_all("earth", ["grados"]), destroy_all("grados", ["earth"])])
    return quick_setup(CATALOG, rows, units, **kw)


def end_phase(state: GameState) -> None:
    apply(state, EndPhase(state.side_to_act))


def moves_of(state, unit_id):
    return [a for a in legal_actions(state) if isinstance(a, Move) and a.unit == unit_id]


def attacks_of(state, unit_id):
    return [a for a in legal_actions(state) if isinstance(a, Attack) and a.unit == unit_id]


SYMBOLS = ".~o*^_=#%:TH"
TYPES = ["layzner", "braver", "buggy", "survivor", "bullgrenn", "skull_gunner", "dtol", "us_turret"]


@st.composite
def setups(draw):
    w = draw(st.integers(5, 12))
    h = draw(st.integers(4, 9))
    weights = draw(st.lists(st.sampled_from(SYMBOLS), min_size=3, max_size=12))
    rows = ["".join(draw(st.sampled_from(weights)) for _ in range(w)) for _ in range(h)]
    n = draw(st.integers(2, 6))
    sides = ["earth", "grados", "us"][: draw(st.integers(2, 3))]
    units = []
    taken = set()
    for i in range(n):
        typ = draw(st.sampled_from(TYPES))
        side = sides[i % len(sides)]
        cls = CATALOG.units[typ].move_class
        free = [
            (x, y)
            for y in range(h)
            for x in range(w)
            if (x, y) not in taken and CATALOG.terrain[_legend(rows[y][x])].move_cost[cls] != IMPASSABLE
        ]
        if not free:
            continue
        x, y = draw(st.sampled_from(free))
        taken.add((x, y))
        units.append((f"u{i}", typ, side, x, y))
    storms = draw(st.lists(st.tuples(st.integers(0, w), st.integers(0, h)), max_size=1))
    weather = [Storm(x, y, 4, 3, dx=1) for x, y in storms]
    objectives = [destroy_all(s, [o for o in sides if o != s]) for s in sides[:2]]
    return quick_setup(CATALOG, rows, units, sides=sides, objectives=objectives, max_turns=4, weather=weather)


def _legend(ch):
    return DEFAULT_LEGEND[ch]
