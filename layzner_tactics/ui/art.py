"""Fallback art drawn at runtime: terrain tiles, unit silhouettes, overlays and the title backdrop.

``ui.assets`` uses these when a generated file under ``assets/`` is missing (a new unit type, say), so
the game never shows a hole. Colours and variant choice belong to ``ui.assets``; this only draws.
"""

from __future__ import annotations

import math
import random
from functools import cache

import pygame

TERRAIN_BASE = {
    "regolith": (178, 88, 50),
    "dunes": (206, 132, 72),
    "crater": (150, 74, 44),
    "boulders": (160, 80, 50),
    "ridge": (98, 50, 38),
    "canyon-floor": (120, 58, 38),
    "base-floor": (150, 150, 146),
    "base-wall": (84, 86, 92),
    "ruins": (128, 116, 104),
    "rubble": (140, 104, 84),
    "tunnel": (58, 40, 38),
    "landing-pad": (172, 164, 150),
}


def _shade(c: tuple[int, int, int], k: float) -> tuple[int, int, int]:
    return tuple(max(0, min(255, int(v * k))) for v in c)  # type: ignore[return-value]


@cache
def terrain_tile(terrain: str, variant: int, size: int) -> pygame.Surface:
    """One tile of ``terrain`` (variant 0..2) at ``size`` pixels."""
    rng = random.Random(f"{terrain}:{variant}")
    base = TERRAIN_BASE.get(terrain, (170, 90, 60))
    s = pygame.Surface((size, size))
    s.fill(base)
    # grain: speckles of lighter and darker dust
    for _ in range(size * size // 18):
        x, y = rng.randrange(size), rng.randrange(size)
        k = rng.choice((0.82, 0.9, 1.08, 1.15))
        s.set_at((x, y), _shade(base, k))
    u = size / 32
    if terrain == "dunes":
        for i in range(3):
            y0 = int((6 + i * 10 + variant * 3) * u) % size
            pts = [
                (x, y0 + int(2.5 * u * math.sin((x / size) * 2 * math.pi + i + variant)))
                for x in range(0, size, 2)
            ]
            pygame.draw.lines(s, _shade(base, 1.2), False, pts, max(1, int(u)))
            pygame.draw.lines(
                s, _shade(base, 0.8), False, [(x, y + int(2 * u)) for x, y in pts], max(1, int(u))
            )
    elif terrain == "crater":
        r = int((10 + variant * 2) * u)
        c = (size // 2 + rng.randint(-2, 2), size // 2 + rng.randint(-2, 2))
        pygame.draw.circle(s, _shade(base, 0.7), c, r)
        pygame.draw.circle(s, _shade(base, 1.25), c, r, max(1, int(2 * u)))
        pygame.draw.circle(s, _shade(base, 0.55), (c[0] + int(2 * u), c[1] + int(2 * u)), int(r * 0.6))
    elif terrain == "boulders":
        for _ in range(4 + variant):
            c = (rng.randrange(4, size - 4), rng.randrange(4, size - 4))
            r = rng.randint(int(3 * u), int(6 * u))
            pygame.draw.circle(s, _shade(base, 0.55), (c[0] + 2, c[1] + 2), r)
            pygame.draw.circle(s, _shade(base, 1.1), c, r)
            pygame.draw.circle(s, _shade(base, 1.3), (c[0] - r // 3, c[1] - r // 3), max(1, r // 3))
    elif terrain == "ridge":
        for i in range(3):
            x0 = int((i * 11 + variant * 3) * u) % size
            h = rng.randint(int(12 * u), int(20 * u))
            pts = [
                (x0 - int(7 * u), size - int(4 * u)),
                (x0 + int(2 * u), size - h),
                (x0 + int(10 * u), size - int(4 * u)),
            ]
            pygame.draw.polygon(s, _shade(base, 0.7), pts)
            pygame.draw.polygon(s, _shade(base, 1.35), [pts[0], pts[1], (x0 + int(2 * u), size - int(4 * u))])
        pygame.draw.line(s, _shade(base, 0.5), (0, size - 2), (size, size - 2), max(1, int(u)))
    elif terrain == "canyon-floor":
        for _ in range(3):
            y = rng.randrange(size)
            pygame.draw.line(s, _shade(base, 0.8), (0, y), (size, y + rng.randint(-3, 3)), 1)
    elif terrain == "base-floor":
        step = size // 2
        for x in range(0, size, step):
            pygame.draw.line(s, _shade(base, 0.7), (x, 0), (x, size), 1)
        for y in range(0, size, step):
            pygame.draw.line(s, _shade(base, 0.7), (0, y), (size, y), 1)
        for x in range(step // 4, size, step):
            for y in range(step // 4, size, step):
                s.set_at((x, y), _shade(base, 0.5))
    elif terrain == "base-wall":
        pygame.draw.rect(s, _shade(base, 1.3), (0, 0, size, int(6 * u)))
        pygame.draw.rect(s, _shade(base, 0.7), (0, size - int(6 * u), size, int(6 * u)))
        for x in range(0, size, int(8 * u) or 1):
            pygame.draw.line(s, _shade(base, 0.6), (x, int(6 * u)), (x, size - int(6 * u)), 1)
        pygame.draw.rect(s, (150, 140, 90), (0, size // 2 - int(u), size, int(2 * u)))
    elif terrain == "ruins":
        floor = TERRAIN_BASE["base-floor"]
        s.fill(_shade(floor, 0.85))
        for _ in range(2 + variant):
            w, h = rng.randint(int(4 * u), int(12 * u)), rng.randint(int(3 * u), int(10 * u))
            x, y = rng.randrange(0, size - w), rng.randrange(0, size - h)
            pygame.draw.rect(s, _shade(TERRAIN_BASE["base-wall"], 1.1), (x, y, w, h))
            pygame.draw.rect(
                s, _shade(TERRAIN_BASE["base-wall"], 0.6), (x, y + h - int(2 * u), w, int(2 * u))
            )
        for _ in range(8):
            s.set_at((rng.randrange(size), rng.randrange(size)), (40, 30, 30))
    elif terrain == "rubble":
        for _ in range(10 + variant * 3):
            x, y = rng.randrange(size), rng.randrange(size)
            r = rng.randint(1, max(2, int(3 * u)))
            pygame.draw.rect(s, _shade(base, rng.choice((0.6, 0.8, 1.2))), (x, y, r * 2, r))
    elif terrain == "tunnel":
        pygame.draw.rect(s, (30, 22, 24), (int(3 * u), int(3 * u), size - int(6 * u), size - int(6 * u)))
        for x in (int(3 * u), size - int(5 * u)):
            pygame.draw.rect(s, (110, 100, 90), (x, int(2 * u), int(2 * u), size - int(4 * u)))
        pygame.draw.rect(s, (110, 100, 90), (int(2 * u), int(2 * u), size - int(4 * u), int(2 * u)))
    elif terrain == "landing-pad":
        pygame.draw.rect(s, _shade(base, 0.8), (0, 0, size, size), max(1, int(u)))
        if variant == 0:
            m = int(8 * u)
            col = (236, 210, 90)
            pygame.draw.line(s, col, (m, m), (m, size - m), max(2, int(2 * u)))
            pygame.draw.line(s, col, (size - m, m), (size - m, size - m), max(2, int(2 * u)))
            pygame.draw.line(s, col, (m, size // 2), (size - m, size // 2), max(2, int(2 * u)))
        else:
            pygame.draw.line(s, (236, 210, 90), (0, size // 2), (size, size // 2), max(1, int(u)))
    return s


SHAPES = {
    # type: (body width, body height, head, shoulder, extra)
    "layzner": ("slim", "crest"),
    "baybull": ("stocky", "visor"),
    "buldy": ("stocky", "dome"),
    "braver": ("bulky", "mono"),
    "grimekaisar": ("bulky", "horns"),
    "bullgrenn": ("wings", "mono"),
    "dimarge": ("slim", "blade"),
    "solomco": ("bulky", "shield"),
    "dtol": ("wide", "cannons"),
    "skull_gunner": ("spider", "skull"),
    "skull_head": ("head", "skull"),
    "buggy": ("buggy", ""),
    "survivor": ("people", ""),
    "manipulator_suit": ("box", "claws"),
    "us_turret": ("turret", "star"),
    "soviet_turret": ("turret", "redstar"),
}

TYPE_TRIM = {
    "layzner": (60, 110, 235),
    "baybull": (80, 160, 90),
    "buldy": (220, 130, 50),
}


@cache
def unit_sprite(
    type_id: str, side_rgb: tuple[int, int, int], size: int, wreck: bool = False
) -> pygame.Surface:
    """A unit's silhouette, trimmed in its side's colour; a darkened wreck when ``wreck``."""
    s = pygame.Surface((size, size), pygame.SRCALPHA)
    body_kind, extra = SHAPES.get(type_id, ("bulky", "mono"))
    u = size / 32
    metal = (
        (200, 196, 190) if type_id not in ("braver", "grimekaisar", "dtol", "solomco") else (120, 116, 126)
    )
    if type_id in ("grimekaisar", "bullgrenn", "dimarge"):
        metal = (150, 120, 150)
    if type_id == "skull_gunner" or type_id == "skull_head":
        metal = (170, 170, 160)
    trim = TYPE_TRIM.get(type_id, side_rgb)
    cx = size // 2
    outline = (20, 14, 16)

    def poly(points: list[tuple[float, float]], colour: tuple[int, int, int]) -> None:
        pts = [(cx + px * u, size / 2 + py * u) for px, py in points]
        pygame.draw.polygon(s, colour, pts)
        pygame.draw.polygon(s, outline, pts, max(1, int(u)))

    def circle(px: float, py: float, r: float, colour: tuple[int, int, int]) -> None:
        pygame.draw.circle(s, colour, (cx + px * u, size / 2 + py * u), r * u)
        pygame.draw.circle(s, outline, (cx + px * u, size / 2 + py * u), r * u, max(1, int(u)))

    # shadow
    pygame.draw.ellipse(s, (0, 0, 0, 90), (cx - 10 * u, size / 2 + 9 * u, 20 * u, 6 * u))
    if body_kind in ("slim", "stocky", "bulky", "wings", "wide"):
        w = {"slim": 5, "stocky": 7, "bulky": 8, "wings": 6, "wide": 10}[body_kind]
        if body_kind == "wings":
            poly([(-14, 0), (-4, -4), (4, -4), (14, 0), (4, 3), (-4, 3)], trim)
        poly([(-w / 2 - 1, 10), (-w / 2, 2), (w / 2, 2), (w / 2 + 1, 10)], _shade(metal, 0.8))  # legs
        poly([(-w, -5), (w, -5), (w - 1, 4), (-w + 1, 4)], metal)  # torso
        poly([(-w - 4, -6), (-w, -6), (-w, 0), (-w - 3, 1)], trim)  # shoulders
        poly([(w + 4, -6), (w, -6), (w, 0), (w + 3, 1)], trim)
        circle(0, -9, 3.5 if body_kind != "slim" else 3, _shade(metal, 1.05))  # head
        if extra == "crest":
            poly([(0, -15), (-1.5, -11), (1.5, -11)], (240, 220, 80))
            poly([(-w + 1, -3), (w - 1, -3), (w - 2, 0), (-w + 2, 0)], trim)
        elif extra == "mono":
            pygame.draw.circle(s, (255, 80, 60), (cx, size / 2 - 9 * u), 1.3 * u)
        elif extra == "visor":
            pygame.draw.rect(s, (120, 220, 255), (cx - 2.5 * u, size / 2 - 10 * u, 5 * u, 1.5 * u))
        elif extra == "dome":
            circle(0, -10, 2, trim)
        elif extra == "horns":
            poly([(-3, -11), (-9, -16), (-5, -9)], (230, 200, 90))
            poly([(3, -11), (9, -16), (5, -9)], (230, 200, 90))
            pygame.draw.circle(s, (255, 80, 60), (cx, size / 2 - 9 * u), 1.2 * u)
        elif extra == "blade":
            pygame.draw.line(
                s,
                (220, 240, 255),
                (cx + 10 * u, size / 2 - 12 * u),
                (cx + 6 * u, size / 2 + 2 * u),
                max(2, int(1.5 * u)),
            )
        elif extra == "shield":
            poly([(-12, -6), (-8, -8), (-8, 6), (-12, 4)], _shade(trim, 0.9))
        elif extra == "cannons":
            pygame.draw.rect(s, outline, (cx - 11 * u, size / 2 - 13 * u, 3 * u, 9 * u))
            pygame.draw.rect(s, outline, (cx + 8 * u, size / 2 - 13 * u, 3 * u, 9 * u))
    elif body_kind in ("spider", "head"):
        if body_kind == "spider":
            for sx in (-1, 1):
                for ly in (-4, 0, 4):
                    pygame.draw.line(
                        s,
                        outline,
                        (cx, size / 2 + ly * u),
                        (cx + sx * 13 * u, size / 2 + (ly + 5) * u),
                        max(2, int(1.5 * u)),
                    )
            poly([(-6, -4), (6, -4), (7, 5), (-7, 5)], _shade(metal, 0.8))
        circle(0, -6 if body_kind == "spider" else 0, 6, metal)
        for ex in (-2.2, 2.2):
            pygame.draw.circle(
                s, (255, 40, 40), (cx + ex * u, size / 2 + (-7 if body_kind == "spider" else -1) * u), 1.4 * u
            )
        pygame.draw.line(
            s,
            trim,
            (cx - 3 * u, size / 2 + (-2 if body_kind == "spider" else 3) * u),
            (cx + 3 * u, size / 2 + (-2 if body_kind == "spider" else 3) * u),
            max(1, int(u)),
        )
    elif body_kind == "buggy":
        poly([(-12, -4), (10, -4), (13, 2), (-12, 3)], (210, 200, 170))
        poly([(-6, -9), (5, -9), (8, -4), (-8, -4)], (120, 200, 230))
        for wx in (-9, -1, 8):
            circle(wx, 5, 3, (40, 36, 36))
        pygame.draw.rect(s, trim, (cx - 12 * u, size / 2 - 1 * u, 25 * u, 2 * u))
    elif body_kind == "people":
        for px, py in ((-6, 2), (0, -2), (6, 3)):
            circle(px, py - 5, 2.6, (236, 236, 230))
            pygame.draw.circle(s, (120, 200, 230), (cx + px * u, size / 2 + (py - 5) * u), 1.4 * u)
            poly(
                [(px - 2.5, py - 2), (px + 2.5, py - 2), (px + 2, py + 6), (px - 2, py + 6)], (230, 226, 216)
            )
            pygame.draw.rect(s, trim, (cx + (px - 2.5) * u, size / 2 + py * u, 5 * u, 1.5 * u))
    elif body_kind == "box":
        poly([(-7, -7), (7, -7), (7, 7), (-7, 7)], (220, 190, 80))
        poly([(7, -2), (13, -5), (13, 1)], outline)
        pygame.draw.rect(s, (120, 200, 230), (cx - 4 * u, size / 2 - 5 * u, 8 * u, 3 * u))
    elif body_kind == "turret":
        poly([(-10, 4), (10, 4), (7, -3), (-7, -3)], (150, 150, 140))
        circle(0, -3, 5, (170, 170, 160))
        pygame.draw.line(
            s, outline, (cx, size / 2 - 3 * u), (cx + 13 * u, size / 2 - 9 * u), max(2, int(2.2 * u))
        )
        star = (255, 255, 255) if extra == "star" else (220, 30, 30)
        pygame.draw.circle(s, star, (cx - 5 * u, size / 2 + 1 * u), 1.6 * u)
    # side marker: a small banner of the side colour so allegiance reads at a glance
    pygame.draw.rect(s, side_rgb, (1, 1, max(3, size // 8), max(3, size // 8)))
    pygame.draw.rect(s, outline, (1, 1, max(3, size // 8), max(3, size // 8)), 1)
    if wreck:
        dark = pygame.Surface((size, size), pygame.SRCALPHA)
        dark.fill((40, 30, 30, 0))
        arr = s.copy()
        arr.fill((90, 70, 70, 255), special_flags=pygame.BLEND_RGBA_MULT)
        s = arr
        pygame.draw.line(
            s, (20, 10, 10), (size * 0.2, size * 0.3), (size * 0.8, size * 0.7), max(2, int(u * 2))
        )
    return s


@cache
def highlight(colour: tuple[int, int, int], size: int, alpha: int = 90) -> pygame.Surface:
    s = pygame.Surface((size, size), pygame.SRCALPHA)
    s.fill((*colour, alpha))
    pygame.draw.rect(s, (*colour, 200), (0, 0, size, size), max(1, size // 24))
    return s


@cache
def dust_tile(size: int, frame: int) -> pygame.Surface:
    rng = random.Random(frame)
    s = pygame.Surface((size, size), pygame.SRCALPHA)
    s.fill((196, 130, 80, 110))
    for _ in range(size // 2):
        x, y = rng.randrange(size), rng.randrange(size)
        pygame.draw.circle(s, (230, 170, 110, 70), (x, y), rng.randint(2, max(3, size // 8)))
    return s


def title_background(w: int, h: int) -> pygame.Surface:
    """Mars at dusk: a violet-to-orange sky, dark mesas, and the blue comet crossing it."""
    s = pygame.Surface((w, h))
    for y in range(h):
        t = y / h
        if t < 0.6:
            k = t / 0.6
            c = tuple(int(a + (b - a) * k) for a, b in zip((40, 24, 56), (230, 140, 100), strict=True))
        else:
            k = (t - 0.6) / 0.4
            c = tuple(int(a + (b - a) * k) for a, b in zip((150, 70, 40), (70, 30, 20), strict=True))
        pygame.draw.line(s, c, (0, y), (w, y))
    rng = random.Random(1996)
    for _ in range(120):
        s.set_at((rng.randrange(w), rng.randrange(int(h * 0.45))), (255, 240, 220))
    horizon = int(h * 0.6)
    pts = [(0, horizon)]
    x = 0
    while x < w:
        x += rng.randint(40, 120)
        pts.append((x, horizon - rng.randint(10, 70)))
    pts += [(w, horizon), (w, h), (0, h)]
    pygame.draw.polygon(s, (90, 40, 30), pts)
    for i in range(60):  # the blue comet
        t = i / 60
        cx, cy = int(w * (0.15 + 0.5 * t)), int(h * (0.12 + 0.18 * t))
        pygame.draw.circle(s, (int(120 + 120 * t), int(170 + 70 * t), 255), (cx, cy), max(1, int(1 + 7 * t)))
    pygame.draw.circle(s, (235, 245, 255), (int(w * 0.65), int(h * 0.30)), 9)
    return s
