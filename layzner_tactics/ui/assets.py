"""Images and sounds for the game: the generated files under ``data/assets`` when present, else art drawn
by code (``art.py``) so the game always looks whole.

Everything is cached per (name, size). Surfaces are converted for fast blitting only once a display
mode exists (``render`` to PNG runs without one). Terrain variants are chosen by a stable hash of the
tile's coordinates, never Python's ``hash()``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pygame

from . import art
from .artgen import palette as P

ASSETS = Path(__file__).resolve().parents[1] / "data" / "assets"

TEAM_COLOURS: dict[str, tuple[int, int, int]] = {
    "earth": P.TEAM_BLUE,
    "blue": P.TEAM_BLUE,
    "grados": P.TEAM_RED,
    "red": P.TEAM_RED,
    "us": (200, 210, 236),
    "soviet": (206, 40, 36),
}
NAMED_COLOURS = {
    "blue": P.TEAM_BLUE,
    "red": P.TEAM_RED,
    "green": (80, 180, 90),
    "white": (226, 230, 240),
    "yellow": (236, 200, 60),
    "orange": (236, 130, 40),
    "violet": (150, 100, 200),
    "purple": (150, 100, 200),
    "grey": (160, 160, 170),
}


def side_colour(side: str, hint: str = "") -> tuple[int, int, int]:
    """A side's colour: the scenario's hint (name or #rrggbb), else a default by side id."""
    if hint.startswith("#") and len(hint) == 7:
        try:
            return (int(hint[1:3], 16), int(hint[3:5], 16), int(hint[5:7], 16))
        except ValueError:
            pass
    if hint.lower() in NAMED_COLOURS:
        return NAMED_COLOURS[hint.lower()]
    return TEAM_COLOURS.get(side, (226, 170, 60))


def _ready(surface: pygame.Surface) -> pygame.Surface:
    if pygame.display.get_init() and pygame.display.get_surface() is not None:
        return surface.convert_alpha()
    return surface


@cache
def image(rel: str) -> pygame.Surface | None:
    """A file under ``data/assets`` (unscaled), or None when it does not exist or cannot be read."""
    path = ASSETS / rel
    if not path.is_file():
        return None
    try:
        return _ready(pygame.image.load(str(path)))
    except (pygame.error, OSError):
        return None


@cache
def scaled(rel: str, w: int, h: int) -> pygame.Surface | None:
    img = image(rel)
    if img is None:
        return None
    if img.get_size() == (w, h):
        return img
    return _ready(pygame.transform.smoothscale(img, (w, h)))


def variant_of(x: int, y: int, count: int) -> int:
    """A stable, well-mixed variant index for tile (x, y)."""
    h = (x * 73856093) ^ (y * 19349663) ^ ((x * y) * 83492791)
    return (h & 0x7FFFFFFF) % max(1, count)


@cache
def terrain_variants(terrain: str) -> int:
    n = 0
    while (ASSETS / "terrain" / f"{terrain}_{n}.png").is_file():
        n += 1
    return n


@cache
def terrain(terrain_id: str, x: int, y: int, size: int) -> pygame.Surface:
    """The tile picture for terrain at (x, y) at ``size`` pixels."""
    count = terrain_variants(terrain_id)
    if count:
        v = variant_of(x, y, count)
        img = scaled(f"terrain/{terrain_id}_{v}.png", size, size)
        if img is not None:
            return img
    return art.terrain_tile(terrain_id, variant_of(x, y, 3), size)


EDGE_KIND = {"ridge": "ridge", "base-wall": "base-wall"}
"""Terrain types whose neighbours get an edge overlay on the side facing them (cliff shadow, wall foot)."""
SOFT_TERRAIN = frozenset({"regolith", "dunes", "crater", "boulders", "rubble", "canyon-floor"})
"""Natural ground: where two different kinds meet, one side gets a soft dusty blend."""


@cache
def edge(kind: str, direction: str, size: int) -> pygame.Surface | None:
    """The overlay for a tile whose neighbour in ``direction`` (n/e/s/w) is ``kind``."""
    for rel in (
        f"terrain/edge_{kind}_{direction}.png",
        f"terrain/{kind}_edge_{direction}.png",
        f"edges/{kind}_{direction}.png",
    ):
        img = scaled(rel, size, size)
        if img is not None:
            return img
    return _drawn_edge(kind, direction, size)


def _drawn_edge(kind: str, direction: str, size: int) -> pygame.Surface:
    """Without the art: a shadow strip along the side that faces the ridge or wall."""
    s = pygame.Surface((size, size), pygame.SRCALPHA)
    if kind == "soft":
        return _ready(s)
    w = max(2, size // 8)
    rect = {
        "n": (0, 0, size, w),
        "s": (0, size - w, size, w),
        "w": (0, 0, w, size),
        "e": (size - w, 0, w, size),
    }
    s.fill((*P.UMBER_DEEP, 110), rect[direction])
    return _ready(s)


def tint(sprite: pygame.Surface, mask: pygame.Surface, colour: tuple[int, int, int]) -> pygame.Surface:
    """Multiply the masked pixels of ``sprite`` by ``colour`` (a copy)."""
    out = sprite.copy()
    tinted = sprite.copy()
    tinted.fill((*colour, 255), special_flags=pygame.BLEND_RGB_MULT)
    tinted.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
    out.blit(tinted, (0, 0))
    return out


@cache
def unit(type_id: str, colour: tuple[int, int, int], size: int, wreck: bool = False) -> pygame.Surface:
    """A unit sprite in its side's colour (or its wreck) at ``size`` pixels."""
    if wreck:
        img = scaled(f"units/{type_id}_wreck.png", size, size)
        if img is not None:
            return img
    base = scaled(f"units/{type_id}.png", size, size)
    if base is not None:
        mask = scaled(f"units/{type_id}_team.png", size, size)
        out = tint(base, mask, colour) if mask is not None else base
        if wreck:
            out = out.copy()
            out.fill((90, 70, 70, 255), special_flags=pygame.BLEND_RGBA_MULT)
        return _ready(out)
    return _ready(art.unit_sprite(type_id, colour, size, wreck))


@cache
def unit_facing(type_id: str, colour: tuple[int, int, int], size: int, left: bool) -> pygame.Surface:
    """The sprite facing left (mirrored) or right (as drawn)."""
    img = unit(type_id, colour, size)
    return pygame.transform.flip(img, True, False) if left else img


@cache
def vmax_glow(size: int) -> pygame.Surface:
    img = scaled("units/vmax_glow.png", size, size)
    if img is not None:
        return img
    s = pygame.Surface((size, size), pygame.SRCALPHA)
    for i in range(8, 0, -1):
        pygame.draw.circle(s, (80, 150, 255, 18 + 6 * (8 - i)), (size // 2, size // 2), size * i // 16)
    return s


@cache
def portrait(name: str, size: int) -> pygame.Surface | None:
    """The portrait for a speaker or pilot (by lowercase first name), or None when there is none."""
    key = name.strip().split(" ")[0].lower() if name.strip() else ""
    if not key:
        return None
    return scaled(f"portraits/{key}.png", size, size)


@cache
def effect(name: str, w: int, h: int) -> pygame.Surface | None:
    return scaled(f"effects/{name}.png", w, h)


@cache
def explosion_frames(size: int) -> tuple[pygame.Surface, ...]:
    frames = []
    for i in range(8):
        img = scaled(f"effects/explosion_{i}.png", size, size)
        if img is None:
            break
        frames.append(img)
    if frames:
        return tuple(frames)
    out = []
    for i in range(8):
        s = pygame.Surface((size, size), pygame.SRCALPHA)
        t = (i + 1) / 8
        r = int(size * 0.15 + size * 0.35 * t)
        a = int(255 * (1 - t * 0.8))
        pygame.draw.circle(s, (*P.FIRE_RED, a), (size // 2, size // 2), r)
        pygame.draw.circle(s, (*P.FIRE_ORANGE, a), (size // 2, size // 2), int(r * 0.75))
        pygame.draw.circle(s, (*P.FIRE_YELLOW, a), (size // 2, size // 2), int(r * 0.45 * (1 - t) + 2))
        out.append(s)
    return tuple(out)


@cache
def dust_storm(size: int) -> pygame.Surface:
    """A seamless dust texture ``size`` pixels square (alpha), scrolled over storm tiles."""
    img = scaled("effects/dust_storm.png", size, size)
    if img is not None:
        return img
    s = pygame.Surface((size, size), pygame.SRCALPHA)
    s.fill((*P.DUST, 120))
    tile = art.dust_tile(size // 2, 0)
    for ox in (0, size // 2):
        for oy in (0, size // 2):
            s.blit(tile, (ox, oy))
    return s


@cache
def title_image(w: int, h: int) -> pygame.Surface:
    img = scaled("ui/title.png", w, h)
    if img is not None:
        return img
    return art.title_background(w, h)


@cache
def ui_piece(name: str) -> pygame.Surface | None:
    return image(f"ui/{name}.png")


@cache
def nine_slice(name: str, w: int, h: int) -> pygame.Surface | None:
    """A panel or button stretched from its nine-slice image (corners kept), or None without the art."""
    src = ui_piece(name)
    if src is None:
        return None
    sw, sh = src.get_size()
    c = max(2, min(sw, sh) // 3)
    c = min(c, w // 2, h // 2)
    out = pygame.Surface((w, h), pygame.SRCALPHA)
    cols = ((0, c, 0, c), (c, sw - 2 * c, c, w - 2 * c), (sw - c, c, w - c, c))
    rows = ((0, c, 0, c), (c, sh - 2 * c, c, h - 2 * c), (sh - c, c, h - c, c))
    for sx, sw_, dx, dw in cols:
        for sy, sh_, dy, dh in rows:
            if sw_ <= 0 or sh_ <= 0 or dw <= 0 or dh <= 0:
                continue
            piece = src.subsurface((sx, sy, sw_, sh_))
            if (sw_, sh_) != (dw, dh):
                piece = pygame.transform.scale(piece, (dw, dh))
            out.blit(piece, (dx, dy))
    return out


@cache
def range_tile(kind: str, size: int) -> pygame.Surface:
    """The move/attack/threat highlight for one tile."""
    img = scaled(f"ui/range_{kind}.png", size, size)
    if img is not None:
        return img
    colour = {"move": P.RANGE_MOVE, "attack": P.RANGE_ATTACK, "threat": P.RANGE_THREAT}[kind]
    return art.highlight(colour, size, 80 if kind != "threat" else 60)


@cache
def cursor(size: int) -> pygame.Surface:
    img = scaled("ui/cursor.png", size, size)
    if img is not None:
        return img
    s = pygame.Surface((size, size), pygame.SRCALPHA)
    k = max(4, size // 4)
    w = max(2, size // 16)
    c = (*P.UI_AMBER, 255)
    for x0, y0, dx, dy in (
        (0, 0, 1, 1),
        (size - 1, 0, -1, 1),
        (0, size - 1, 1, -1),
        (size - 1, size - 1, -1, -1),
    ):
        pygame.draw.line(s, c, (x0, y0), (x0 + dx * k, y0), w)
        pygame.draw.line(s, c, (x0, y0), (x0, y0 + dy * k), w)
    return s


# --- battle cut-ins and colour-free markers (issues 16, 19); None when the art is missing ---------
def _multiplied(img: pygame.Surface, colour: tuple[int, int, int]) -> pygame.Surface:
    out = img.copy()
    out.fill((*colour, 255), special_flags=pygame.BLEND_RGB_MULT)
    return _ready(out)


@cache
def cutin_unit(
    type_id: str, colour: tuple[int, int, int], height: int, left: bool = False
) -> pygame.Surface | None:
    """The 4:3 cut-in picture of a machine in its side's colour, ``height`` pixels tall, mirrored when left."""
    w = height * 4 // 3
    base = scaled(f"cutin/units/{type_id}.png", w, height)
    mask = scaled(f"cutin/units/{type_id}_team.png", w, height)
    if base is None or mask is None:
        return None
    out = tint(base, mask, colour)
    return _ready(pygame.transform.flip(out, True, False) if left else out)


@cache
def cutin_piece(name: str, w: int, h: int) -> pygame.Surface | None:
    """A cut-in backdrop, banner or impact image (``cutin/<name>.png``) at w x h."""
    return scaled(f"cutin/{name}.png", w, h)


@cache
def side_marker(shape: str, size: int, colour: tuple[int, int, int]) -> pygame.Surface | None:
    """A side's shape (chevron, square, diamond, circle, triangle) in its colour; dark outline kept."""
    src = 16 if size <= 16 else 24
    img = scaled(f"markers/side_{shape}_{src}.png", size, size)
    return None if img is None else _multiplied(img, colour)


@cache
def ghost(type_id: str, size: int, colour: tuple[int, int, int]) -> pygame.Surface | None:
    """The hollow dashed silhouette left where an enemy of this type was last seen."""
    img = scaled(f"markers/ghost_{type_id}.png", size, size)
    return None if img is None else _multiplied(img, colour)


@cache
def last_seen(size: int, colour: tuple[int, int, int]) -> pygame.Surface | None:
    """The "last seen" question-mark reticle in a side's colour."""
    img = scaled("markers/last_seen.png", size, size)
    return None if img is None else _multiplied(img, colour)


@cache
def fog_hatch(size: int) -> pygame.Surface | None:
    """The hatched fog-of-war tile at ``size`` pixels (the 64-px file is seamless)."""
    return scaled("markers/fog_hatch.png", size, size)
