"""``layzner-tactics render``: a scenario's map and starting units drawn to PNG, no window needed."""

from __future__ import annotations

import os

TILE = 48
LEGEND_H = 40


def render_scenario(scenario_ref: str, out: str, tile: int = TILE, safe_colours: bool | None = None) -> None:
    """Draw ``scenario_ref``'s map, zones and starting units to ``out`` (PNG) with the game's art, each
    unit with its side's shape; ``safe_colours`` picks the palette (None: the player's options).

    Raises ``ScenarioError`` or ``FileNotFoundError`` for a bad scenario (the CLI reports them).
    Runs on SDL's dummy video driver unless a driver is already chosen; never opens a window.
    """
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from ..scenario.loader import load_scenario

    scenario = load_scenario(scenario_ref)
    import pygame

    from . import assets, sides, widgets
    from .battle import draw_map
    from .options import Options

    safe = Options.load().safe_colours if safe_colours is None else safe_colours

    pygame.display.init()
    pygame.font.init()
    try:
        grid = scenario.setup.grid
        surf = pygame.Surface((grid.width * tile, grid.height * tile + LEGEND_H))
        surf.fill(widgets.BG)
        surf.blit(draw_map(grid, tile), (0, 0))
        zone_colour = (90, 220, 140)
        for name, mask in sorted(scenario.setup.zones.items()):
            tiles = list(grid.tiles(mask))
            shade = pygame.Surface((tile, tile), pygame.SRCALPHA)
            shade.fill((*zone_colour, 40))
            for t in tiles:
                x, y = grid.xy(t)
                surf.blit(shade, (x * tile, y * tile))
                # outline the zone's border only, not every tile in it
                for dx, dy, a, b in (
                    (0, -1, (0, 0), (1, 0)),
                    (0, 1, (0, 1), (1, 1)),
                    (-1, 0, (0, 0), (0, 1)),
                    (1, 0, (1, 0), (1, 1)),
                ):
                    nx, ny = x + dx, y + dy
                    if grid.contains(nx, ny) and (mask >> grid.tile(nx, ny)) & 1:
                        continue
                    pa = ((x + a[0]) * tile, (y + a[1]) * tile)
                    pb = ((x + b[0]) * tile, (y + b[1]) * tile)
                    pygame.draw.line(surf, zone_colour, pa, pb, 2)
            if tiles:
                x, y = grid.xy(tiles[0])
                widgets.text(surf, name, (x * tile + 4, y * tile + 2), 18, zone_colour)
        colours = {s.id: sides.colour(scenario, s.id, safe) for s in scenario.sides}
        for p in sorted(scenario.setup.units, key=lambda p: (p.tile, p.id)):
            x, y = grid.xy(p.tile)
            r = pygame.Rect(x * tile, y * tile, tile, tile)
            surf.blit(assets.unit(p.type_id, colours[p.side], tile), r)
            pygame.draw.rect(surf, colours[p.side], (r.left + 3, r.bottom - 6, tile - 6, 4))
            mark = max(10, tile // 4)
            sides.draw_marker(
                surf, scenario, p.side, (r.left + mark // 2 + 1, r.top + mark // 2 + 1), mark, safe
            )
        y0 = grid.height * tile
        widgets.text(
            surf, f"{scenario.title}  ({grid.width}x{grid.height}, {scenario.id})", (10, y0 + 10), 24
        )
        x = surf.get_width() - 10
        for side in reversed(scenario.sides):
            label = f"{side.name} ({side.controller})"
            w = widgets.font(20).size(label)[0]
            widgets.text(surf, label, (x - w, y0 + 12), 20, colours[side.id])
            sides.draw_marker(surf, scenario, side.id, (x - w - 11, y0 + 21), 14, safe)
            x -= w + 34
        pygame.image.save(surf, out)
    finally:
        widgets.font.cache_clear()
