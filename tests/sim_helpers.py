"""Test policies independent of the game's AI (which is tuned often), shared by the simulator tests."""

from layzner_tactics.engine import Attack, EndPhase, Move


class Charger:
    """A test policy independent of the game's AI (which is tuned often): shoot when possible, else
    close in on the nearest seen enemy (the map centre when none is seen), else end the phase."""

    name = "charger"

    def __init__(self, side, seed, posture="", level="normal"):
        self.side = side

    def choose(self, obs, legal):
        attacks = [a for a in legal if isinstance(a, Attack)]
        if attacks:
            return attacks[0]
        grid = obs.grid
        goals = [u.tile for u in obs.enemies()] or [grid.tile(grid.width // 2, grid.height // 2)]
        best, gain = None, 0
        for a in legal:
            if isinstance(a, Move):
                here = min(grid.distance(a.path[0], g) for g in goals)
                there = min(grid.distance(a.to, g) for g in goals)
                if here - there > gain:
                    best, gain = a, here - there
        return best or next(a for a in legal if isinstance(a, EndPhase))
