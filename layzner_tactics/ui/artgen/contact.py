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
    W = max(1600, 16 + len(UNIT_IDS) * 104)
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


# --------------------------------------------------------------------------------------------------
# Cut-in and marker sheet
# --------------------------------------------------------------------------------------------------
def _flip(im: pygame.Surface) -> pygame.Surface:
    return pygame.transform.flip(im, True, False)


def _cut_unit(root: Path, uid: str, colour, k: float, left: bool = False) -> pygame.Surface:
    im = tint(_load(root, f"cutin/units/{uid}.png"), _load(root, f"cutin/units/{uid}_team.png"), colour)
    im = pygame.transform.smoothscale(im, (round(im.get_width() * k), round(im.get_height() * k)))
    return _flip(im) if left else im


def _text(surf: pygame.Surface, text: str, pos: tuple[int, int], size: int = 26, colour=P.UI_TEXT) -> None:
    pygame.font.init()
    font = pygame.font.Font(None, size)
    surf.blit(font.render(text, True, colour), pos)


def cutin_mockup(
    root: Path, attacker: str, defender: str, weapon: str, dust: bool, fx: str
) -> pygame.Surface:
    """A 1280x360 battle cut-in as the game might compose it (for judging the art, not the layout)."""
    W, H = 1280, 360
    out = pygame.Surface((W, H))
    bd = _load(root, f"cutin/backdrop_{'dust' if dust else 'mars'}.png")
    bd = pygame.transform.smoothscale(bd, (bd.get_width() * 2, bd.get_height() * 2))
    out.blit(bd, (0, (H - bd.get_height()) // 2))
    out.blit(bd, (bd.get_width(), (H - bd.get_height()) // 2))
    sl = _load(root, "cutin/speed_lines.png")
    sl = pygame.transform.smoothscale(sl, (sl.get_width() * 2, H))
    sl.set_alpha(120)
    out.blit(sl, (0, 0))
    out.blit(sl, (sl.get_width(), 0))
    a = _cut_unit(root, attacker, P.TEAM_BLUE, 1.6)
    d = _cut_unit(root, defender, P.TEAM_RED, 1.6, left=True)

    def add(name: str, size: tuple[int, int], pos: tuple[int, int]) -> None:
        im = pygame.transform.smoothscale(_load(root, name), size).premul_alpha()
        out.blit(im, pos, special_flags=pygame.BLEND_RGB_ADD)

    if fx == "vmax":
        add("cutin/vmax_streak.png", (900, 300), (-80, 40))
    elif fx == "folon":
        im = pygame.transform.smoothscale(_load(root, "cutin/folon_streak.png"), (900, 300))
        out.blit(im, (-80, 40))
    out.blit(a, (40, H - a.get_height() - 10))
    out.blit(d, (W - d.get_width() - 40, H - d.get_height() - 10))
    if fx == "beam":
        add("cutin/beam_streak.png", (700, 110), (330, 150))
        add("cutin/knuckle_flash.png", (192, 192), (910, 110))
    elif fx == "missile":
        im = pygame.transform.smoothscale(_load(root, "cutin/missile_volley.png"), (576, 240))
        out.blit(im, (380, 60))
    elif fx == "kill":
        im = pygame.transform.smoothscale(_load(root, "cutin/kill_2.png"), (384, 384))
        out.blit(im, (W - 420, -20))
    banner = _load(root, "cutin/banner.png")
    out.blit(banner, (24, 16))
    _text(out, weapon, (74, 30), 28)
    burst = _load(root, "cutin/burst.png")
    out.blit(burst, (W // 2 - 80, 14))
    _text(out, "CRITICAL!" if fx in ("kill", "vmax") else "HIT", (W // 2 - 52, 50), 30, P.FIRE_RED)
    return out


def cutin_sheet(root: Path, dest: Path) -> None:
    """Every cut-in machine (both tints), the composed cut-in mock-ups, the impact art and the markers."""
    from . import CUTIN_FX, MARKER_IDS

    W = 1320
    sheet = pygame.Surface((W, 4200))
    sheet.fill(P.UI_BG)
    y = 10
    for args in (
        ("layzner", "braver", "Rifle Beam", False, "beam"),
        ("baybull", "bullgrenn", "Missile Pod", True, "missile"),
        ("layzner", "grimekaisar", "V-MAX", False, "vmax"),
        ("layzner", "dtol", "V-MAX (Folon)", True, "folon"),
        ("dimarge", "buldy", "Knuckle Shot", False, "kill"),
    ):
        sheet.blit(cutin_mockup(root, *args), (20, y))
        y += 370
    for i, uid in enumerate(UNIT_IDS):
        x = 20 + (i % 5) * 260
        yy = y + (i // 5) * 196
        sheet.fill((92, 62, 56), (x, yy, 256, 192))
        sheet.blit(_cut_unit(root, uid, P.TEAM_BLUE if i % 2 == 0 else P.TEAM_RED, 1.0), (x, yy))
    y += 4 * 196 + 10
    x = 20
    row_h = 0
    for fid in CUTIN_FX:
        im = _load(root, f"cutin/{fid}.png")
        if fid.startswith("backdrop"):
            im = pygame.transform.smoothscale(im, (320, 120))
        if x + im.get_width() > W - 20:
            x, y = 20, y + row_h + 6
            row_h = 0
        sheet.fill((52, 40, 48), (x, y, im.get_width(), im.get_height()))
        sheet.blit(im, (x, y))
        x += im.get_width() + 6
        row_h = max(row_h, im.get_height())
    y += row_h + 12
    base = _load(root, "terrain/regolith_0.png")
    x = 20
    for j, mid in enumerate(MARKER_IDS):
        im = _load(root, f"markers/{mid}.png")
        tile = base.copy()
        if mid == "fog_hatch":
            tile.blit(_load(root, "units/braver.png"), (0, 0))
        elif mid.startswith("side_") or mid.startswith("ghost_") or mid == "last_seen":
            im = im.copy()
            im.fill((*(P.TEAM_BLUE if j % 2 else P.TEAM_RED), 255), special_flags=pygame.BLEND_RGB_MULT)
        tile.blit(im, ((64 - im.get_width()) // 2, (64 - im.get_height()) // 2))
        sheet.blit(tile, (x, y))
        x += 66
        if x > W - 80:
            x, y = 20, y + 66
    y += 74
    pygame.image.save(sheet.subsurface((0, 0, W, y)), str(dest))
