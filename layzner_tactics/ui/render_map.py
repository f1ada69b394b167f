"""``layzner-tactics render``: a scenario's map and starting units drawn to PNG, no window needed."""

from __future__ import annotations

import os


def render_scenario(scenario_ref: str, out: str, tile: int = 32) -> None:
    """Raises ``ScenarioError`` or ``FileNotFoundError`` for a bad scenario (the CLI reports them)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    from ..scenario.loader import load_scenario
    from . import art

    scenario = load_scenario(scenario_ref)
    pygame.display.init()
    pygame.font.init()
    grid = scenario.setup.grid
    surf = pygame.Surface((grid.width * tile, grid.height * tile + 28))
    surf.fill(art.PALETTE["ink"])
    for t in range(grid.size):
        x, y = grid.xy(t)
        surf.blit(art.terrain_tile(grid.terrain[t].id, art.variant_of(x, y), tile), (x * tile, y * tile))
    for mask in scenario.setup.zones.values():
        for t in grid.tiles(mask):
            x, y = grid.xy(t)
            pygame.draw.rect(surf, (120, 255, 160), (x * tile, y * tile, tile, tile), 1)
    colours = {s.id: art.side_colour(s.id, s.colour) for s in scenario.sides}
    for p in scenario.setup.units:
        x, y = grid.xy(p.tile)
        surf.blit(art.unit_sprite(p.type_id, colours[p.side], tile), (x * tile, y * tile))
    font = pygame.font.Font(None, 24)
    surf.blit(
        font.render(f"{scenario.title} ({grid.width}x{grid.height})", True, art.PALETTE["text"]),
        (6, grid.height * tile + 6),
    )
    pygame.image.save(surf, out)
