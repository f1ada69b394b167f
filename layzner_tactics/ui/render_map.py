"""``layzner-tactics render``: a scenario's map and starting units drawn to PNG, no window needed."""

from __future__ import annotations

import os

TILE = 48
LEGEND_H = 40
RULER_EVERY = 10
"""Columns and rows labelled with their coordinate (0, 10, 20...), with a faint line along each."""


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
                _label(surf, name, (x * tile + 3, y * tile + 3), 18, zone_colour)
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
        _rulers(surf, grid.width, grid.height, tile)
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


def _label(surface: object, msg: str, pos: tuple[int, int], size: int, colour: tuple[int, int, int]) -> None:
    """Text on a dark, edged plate: readable on any tile (pale dunes, green ruins, a zone's own tint)."""
    import pygame

    from . import widgets

    img = widgets.font(size, True).render(msg, True, colour)
    plate = pygame.Rect(pos, (img.get_width() + 6, img.get_height() + 2))
    back = pygame.Surface(plate.size, pygame.SRCALPHA)
    back.fill((12, 12, 16, 200))
    assert isinstance(surface, pygame.Surface)
    surface.blit(back, plate)
    pygame.draw.rect(surface, colour, plate, 1)
    surface.blit(img, (plate.x + 3, plate.y + 1))


def _rulers(surface: object, width: int, height: int, tile: int) -> None:
    """A faint line and a coordinate label at every ``RULER_EVERY``-th column (top edge) and row (left)."""
    import pygame

    assert isinstance(surface, pygame.Surface)
    line = pygame.Surface((1, height * tile), pygame.SRCALPHA)
    line.fill((255, 255, 255, 70))
    row = pygame.Surface((width * tile, 1), pygame.SRCALPHA)
    row.fill((255, 255, 255, 70))
    ink = (235, 235, 220)
    for x in range(0, width, RULER_EVERY):
        if x:
            surface.blit(line, (x * tile, 0))
        _label(surface, f"x{x}", (x * tile + 2, 2) if x else (2, 2), 14, ink)
    for y in range(RULER_EVERY, height, RULER_EVERY):
        surface.blit(row, (0, y * tile))
        _label(surface, f"y{y}", (2, y * tile + 2), 14, ink)
