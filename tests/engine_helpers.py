"""Small maps and setups for rule tests."""

from layzner_tactics.data import load_catalog
from layzner_tactics.engine import Attack, EndPhase, GameState, Move, apply, legal_actions
from layzner_tactics.engine.builder import destroy_all, quick_setup

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
