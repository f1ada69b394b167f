"""A small board and a stand-in screen for testing the battle choreography without a window, shared by
the choreography and cut-in tests."""

from layzner_tactics.data import load_catalog
from layzner_tactics.engine import Event, GameState, SideId, UnitId, new_game, observe
from layzner_tactics.engine.builder import destroy_all, quick_setup
from layzner_tactics.engine.knowledge import Knowledge
from layzner_tactics.ui.battle import choreography as ch

CATALOG = load_catalog()
EARTH, GRADOS = SideId("earth"), SideId("grados")
L, B, FAR = UnitId("l"), UnitId("b"), UnitId("far")
NAMES = {L: "Layzner", B: "Braver", FAR: "Far Braver"}


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
        return NAMES[uid]

    def describe(self, e: Event) -> str:
        return type(e).__name__


def play(state: GameState, events: list[Event], knowledge: Knowledge | None = None) -> list[ch.Step]:
    """The steps the Earth player is shown for ``events`` (no action in between: one observation)."""
    obs = observe(state, EARTH)
    return ch.choreograph(events, obs, obs, state, Stage(state), knowledge or Knowledge(EARTH))
