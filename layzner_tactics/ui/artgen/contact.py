"""Contact sheet and map mock-up for judging the generated assets by eye."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import (
    DIRECTIONS,
    EFFECT_IDS,
    PORTRAIT_IDS,
    TERRAIN_IDS,
    TERRAIN_VARIANTS,
    UI_IDS,
    UNIT_EXTRA,
    UNIT_IDS,
)
from . import palette as P
from .common import pygame, tint


def _load(root: Path, rel: str) -> pygame.Surface:
    return pygame.image.load(str(root / rel))


def contact_sheet(root: Path, dest: Path) -> None:
    W = 1600
    sheet = pygame.Surface((W, 1500))
    sheet.fill(P.UI_BG)
    y = 8
    # terrain: 12 ids x 3 variants
    for i, tid in enumerate(TERRAIN_IDS):
        for n in range(TERRAIN_VARIANTS):
            sheet.blit(_load(root, f"terrain/{tid}_{n}.png"), (8 + i * 66, y + n * 66))
    y += 3 * 66 + 6
    base = _load(root, "terrain/regolith_0.png")
    for k, kind in enumerate(("ridge", "base-wall", "soft")):
        for j, d in enumerate(DIRECTIONS):
            t = base.copy()
            t.blit(_load(root, f"terrain/edge_{kind}_{d}.png"), (0, 0))
            sheet.blit(t, (8 + (k * 4 + j) * 66, y))
    y += 72
    # units at 64 px (blue and red tint), at 32 px, masks, wrecks
    for i, uid in enumerate(UNIT_IDS):
        spr = _load(root, f"units/{uid}.png")
        mask = _load(root, f"units/{uid}_team.png")
        x = 8 + i * 104
        for r, colr in enumerate((P.TEAM_BLUE, P.TEAM_RED)):
            sheet.blit(base, (x, y + r * 66))
            sheet.blit(tint(spr, mask, colr), (x, y + r * 66))
            small = pygame.transform.smoothscale(tint(spr, mask, colr), (32, 32))
            sheet.blit(pygame.transform.scale(base, (32, 32)), (x + 66, y + r * 66))
            sheet.blit(small, (x + 66, y + r * 66))
        sheet.fill((0, 0, 0), (x, y + 132, 64, 64))
        sheet.blit(mask, (x, y + 132))
        sheet.blit(base, (x, y + 198))
        sheet.blit(_load(root, f"units/{uid}_wreck.png"), (x, y + 198))
    y += 268
    for i, name in enumerate(UNIT_EXTRA):
        sheet.blit(base, (8 + i * 66, y))
        sheet.blit(_load(root, f"units/{name}.png"), (8 + i * 66, y))
    sheet.blit(base, (140, y))
    sheet.blit(_load(root, "units/vmax_glow.png"), (140, y))
    sheet.blit(_load(root, "units/layzner.png"), (140, y))
    y += 72
    for i, pid in enumerate(PORTRAIT_IDS):
        sheet.blit(_load(root, f"portraits/{pid}.png"), (8 + i * 100, y))
    y += 104
    x = 8
    for eid in EFFECT_IDS:
        im = _load(root, f"effects/{eid}.png")
        if eid == "dust_storm":
            im = pygame.transform.scale(im, (128, 128))
        sheet.fill((60, 40, 40), (x, y, im.get_width(), im.get_height()))
        sheet.blit(im, (x, y))
        x += im.get_width() + 6
    y += 136
    x = 8
    for uid in UI_IDS:
        im = _load(root, f"ui/{uid}.png")
        if uid == "title":
            im = pygame.transform.smoothscale(im, (320, 180))
        if uid in ("panel", "button", "button_hover", "button_pressed"):
            im = nine_slice_scale(im, (160, 64))
        sheet.blit(base, (x, y))
        sheet.blit(im, (x, y))
        x += im.get_width() + 6
    y += 190
    sheet.blit(map_mockup(root), (8, y))
    pygame.image.save(sheet, str(dest))


def nine_slice_scale(im: pygame.Surface, size: tuple[int, int], b: int = 16) -> pygame.Surface:
    w, h = im.get_size()
    W, H = size
    out = pygame.Surface(size, pygame.SRCALPHA)
    xs = [(0, b, 0, b), (b, w - 2 * b, b, W - 2 * b), (w - b, b, W - b, b)]
    ys = [(0, b, 0, b), (b, h - 2 * b, b, H - 2 * b), (h - b, b, H - b, b)]
    for sx, sw, dx, dw in xs:
        for sy, sh, dy, dh in ys:
            part = im.subsurface((sx, sy, sw, sh))
            out.blit(pygame.transform.scale(part, (dw, dh)), (dx, dy))
    return out


MAP = [
    "RRRRrrdddddd",
    "R.,.,bb.dd..",
    ".,c.,..W WWW",
    ".,..,,.WfffW",
    "kkkkk,..fufW",
    "kKkkk.,.ffLL",
    "RRTRR,,.bbLL",
    ".,.,.,,..,..",
]
KEY = {
    ".": "regolith",
    ",": "regolith",
    "d": "dunes",
    "c": "crater",
    "b": "boulders",
    "R": "ridge",
    "r": "rubble",
    "k": "canyon-floor",
    "K": "canyon-floor",
    "W": "base-wall",
    " ": "ruins",
    "f": "base-floor",
    "u": "ruins",
    "T": "tunnel",
    "L": "landing-pad",
}


def map_mockup(root: Path) -> pygame.Surface:
    """12x8 map with mixed terrain, edges, units and highlights (drawn at 64 px)."""
    h, w = len(MAP), len(MAP[0])
    surf = pygame.Surface((w * 64, h * 64))
    rng = np.random.default_rng(12)
    ids = [[KEY[ch] for ch in row] for row in MAP]
    for y in range(h):
        for x in range(w):
            n = int(rng.integers(0, 3))
            surf.blit(_load(root, f"terrain/{ids[y][x]}_{n}.png"), (x * 64, y * 64))
    for y in range(h):
        for x in range(w):
            me = ids[y][x]
            for d, (dx, dy) in zip(DIRECTIONS, ((0, -1), (1, 0), (0, 1), (-1, 0)), strict=True):
                nx, ny = x + dx, y + dy
                if not (0 <= nx < w and 0 <= ny < h):
                    continue
                other = ids[ny][nx]
                if other == me:
                    continue
                if other in ("ridge", "base-wall") and me not in ("ridge", "base-wall", "tunnel"):
                    surf.blit(_load(root, f"terrain/edge_{other}_{d}.png"), (x * 64, y * 64))
                elif me not in ("ridge", "base-wall") and other not in ("ridge", "base-wall"):
                    surf.blit(_load(root, f"terrain/edge_soft_{d}.png"), (x * 64, y * 64))
    for x, y in ((2, 3), (3, 3), (4, 2), (3, 2)):
        surf.blit(_load(root, "ui/range_move.png"), (x * 64, y * 64))
    surf.blit(_load(root, "ui/range_attack.png"), (6 * 64, 2 * 64))
    surf.blit(_load(root, "ui/range_threat.png"), (5 * 64, 1 * 64))
    for uid, (x, y), colr in (
        ("layzner", (2, 3), P.TEAM_BLUE),
        ("buggy", (1, 7), P.TEAM_BLUE),
        ("survivor", (9, 3), P.TEAM_BLUE),
        ("braver", (6, 2), P.TEAM_RED),
        ("grimekaisar", (10, 1), P.TEAM_RED),
        ("skull_gunner", (1, 5), P.TEAM_RED),
        ("us_turret", (10, 5), P.TEAM_BLUE),
    ):
        spr = tint(_load(root, f"units/{uid}.png"), _load(root, f"units/{uid}_team.png"), colr)
        surf.blit(spr, (x * 64, y * 64))
    surf.blit(_load(root, "units/selection_ring.png"), (2 * 64, 3 * 64))
    surf.blit(_load(root, "ui/cursor.png"), (6 * 64, 2 * 64))
    surf.blit(_load(root, "units/braver_wreck.png"), (4 * 64, 6 * 64 + 64 - 64))
    return surf
