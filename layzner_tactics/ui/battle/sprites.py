"""The sprites the battle map draws beyond the art's own: units grown to fill their tile, the fog over
unseen ground, the last-seen ghost of an enemy and its marker. Each is made once per size and cached.
"""

from __future__ import annotations

import math
from functools import cache

import pygame

from .. import assets, widgets

FILL = 0.9
"""How much of its tile a unit's drawing spans (its widest or tallest side)."""


@cache
def unit_sprite(type_id: str, colour: tuple[int, int, int], ts: int, left: bool) -> pygame.Surface:
    """The unit's sprite grown to fill ``FILL`` of its tile (the art leaves a wide margin), standing on
    the tile's lower edge above the HP bar, so a Braver and a survivor read apart at the default zoom."""
    src = assets.unit_facing(type_id, colour, ts * 2, left)
    box = src.get_bounding_rect()
    out = pygame.Surface((ts, ts), pygame.SRCALPHA)
    if box.width == 0 or box.height == 0:
        return out
    floor = ts - max(5, ts // 10) - 2  # the HP bar sits below the feet
    k = min(FILL * ts / box.width, (floor - 1) / box.height)
    size = (max(1, round(box.width * k)), max(1, round(box.height * k)))
    img = pygame.transform.smoothscale(src.subsurface(box), size)
    out.blit(img, img.get_rect(midbottom=(ts // 2, floor)))
    return out


@cache
def ghost_sprite(type_id: str, colour: tuple[int, int, int], ts: int, fade: float) -> pygame.Surface:
    """A unit's last-seen ghost at ``fade`` (1 fresh .. 0 gone) of its strength: the art's hollow
    silhouette (``markers/ghost_<id>.png``, facing like the enemy) where it exists, else the sprite in
    grey-blue; a memory, not a unit."""
    art = assets.scaled(f"markers/ghost_{type_id}.png", ts, ts)
    if art is not None:
        s = pygame.transform.flip(art, True, False)
    else:
        s = unit_sprite(type_id, colour, ts, True).copy()
        s.fill((120, 140, 190, 255), special_flags=pygame.BLEND_RGBA_MULT)
    s.set_alpha(int(60 + 150 * fade))
    return s


@cache
def fog_tile(ts: int) -> pygame.Surface:
    """One tile of ground out of sight: the art's fog where it exists, else a dark veil with diagonal
    hatching, so unseen ground never reads as terrain."""
    art = assets.scaled("markers/fog_hatch.png", ts, ts)
    if art is not None:
        return art
    s = pygame.Surface((ts, ts), pygame.SRCALPHA)
    s.fill((6, 8, 20, 165))
    step = max(6, ts // 5)
    for i in range(-ts, ts * 2, step):
        pygame.draw.line(s, (150, 160, 200, 48), (i, ts), (i + ts, 0), 1)
    return s


@cache
def last_seen_marker(ts: int) -> pygame.Surface:
    """The mark on a last-seen ghost: the art's marker where it exists, else a dashed ring and a "?"."""
    art = assets.scaled("markers/last_seen.png", ts, ts)
    if art is not None:
        return art.copy()
    s = pygame.Surface((ts, ts), pygame.SRCALPHA)
    c = (ts // 2, ts // 2)
    rad = ts // 2 - 3
    for i in range(12):
        a0 = i * math.pi / 6
        pygame.draw.arc(s, (200, 210, 240, 220), (c[0] - rad, c[1] - rad, 2 * rad, 2 * rad), a0, a0 + 0.3, 2)
    widgets.text(s, "?", (ts - 4, 2), max(16, ts // 3), (220, 228, 255), "topright", True, True)
    return s
