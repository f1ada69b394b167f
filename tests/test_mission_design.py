"""What a mission's design promises its player, checked on the bundled files (not on AI games)."""

from layzner_tactics.engine import new_game, reachable_tiles
from layzner_tactics.scenario.loader import load_scenario


def test_crossfire_convoy_can_outrun_the_grados_machines_behind_it_on_turn_one():
    # The briefing says the Grados machines are behind us: a buggy that drives off at once must find
    # ground out of every one's move plus weapon range (before the retune no such tile existed, and
    # the first enemy dice decided the mission whoever played Earth).
    state = new_game(load_scenario("crossfire").setup, 1)
    grid, catalog = state.grid, state.catalog
    struck: set[int] = set()
    for enemy in (u for u in state.units.values() if u.side == "grados"):
        reach = max(w.max_range for w in catalog.units[enemy.type_id].weapons)
        stands = {enemy.tile, *reachable_tiles(state, enemy).destinations}
        struck |= {t for t in range(grid.size) if any(grid.distance(s, t) <= reach for s in stands)}
    for buggy in (u for u in state.units.values() if u.type_id == "buggy"):
        assert buggy.tile in struck  # they start within reach: staying put is not safe
        safe = set(reachable_tiles(state, buggy).destinations) - struck
        assert safe, buggy.id
