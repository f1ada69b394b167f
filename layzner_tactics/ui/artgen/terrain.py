"""Terrain tiles (64x64, three variants each) and edge/transition overlays."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import DIRECTIONS, TERRAIN_IDS, TERRAIN_VARIANTS, TILE
from . import palette as P
from .common import (
    Array,
    blur,
    col,
    dilate,
    edge_weight,
    fbm,
    hillshade,
    ramp,
    save_rgba,
    shift,
    value_noise,
)

N = TILE
YY, XX = np.mgrid[0:N, 0:N].astype(np.float64)
GROUND_STOPS = [
    (0.0, P.SIENNA_DARK),
    (0.3, P.SIENNA),
    (0.55, P.RUST),
    (0.8, P.RUST_LIGHT),
    (1.0, P.OCHRE),
]


def _seed(tid: str, n: int) -> int:
    return 7919 * (TERRAIN_IDS.index(tid) + 1) + 104729 * n + 17


def _ground_noise(rng: np.random.Generator, margin: float = 14.0) -> Array:
    """Mix a shared periodic field (same for every variant, dominates near the tile border, so
    variants and neighbouring natural terrains meet seamlessly) with a per-variant field."""
    shared = fbm(np.random.default_rng(424242), N, N, base=2, octaves=5, gain=0.55)
    own = fbm(rng, N, N, base=2, octaves=5, gain=0.55)
    w = edge_weight(N, margin)
    return shared * (1 - w) + own * w


def _specks(rng: np.random.Generator, img: Array, count: int, light: float, dark: float) -> None:
    """Pebbles: a light pixel with a dark pixel to its lower right."""
    for _ in range(count):
        x, y = rng.integers(2, N - 3, size=2)
        img[y, x] = img[y, x] * (1 - light) + light
        img[y + 1, x + 1] *= 1 - dark


def _ground(rng: np.random.Generator, tone: float = 0.0) -> tuple[Array, Array]:
    g = _ground_noise(rng)
    img = ramp(np.clip(g * 0.85 + 0.1 + tone, 0, 1), GROUND_STOPS)
    return img, g


def _finish(img: Array, a: Array | float = 1.0) -> Array:
    out = np.zeros((N, N, 4))
    out[..., :3] = np.clip(img, 0, 1)
    out[..., 3] = a
    return out


def _bump(cx: float, cy: float, rx: float, ry: float, wrap: bool = False) -> Array:
    dx = XX - cx
    dy = YY - cy
    if wrap:
        dx = (dx + N / 2) % N - N / 2
        dy = (dy + N / 2) % N - N / 2
    d = (dx / rx) ** 2 + (dy / ry) ** 2
    return np.clip(1 - d, 0, 1)


def _rocks(
    rng: np.random.Generator,
    img: Array,
    count: int,
    rmin: float,
    rmax: float,
    color_lo=P.ROCK_DARK,
    color_hi=P.ROCK_LIGHT,
    margin: int = 8,
    shadow: float = 0.55,
) -> None:
    """Lumpy rocks with hill-shading and a cast shadow toward the lower right."""
    hgt = np.zeros((N, N))
    rough = fbm(rng, N, N, base=8, octaves=3)
    for _ in range(count):
        cx, cy = rng.uniform(margin, N - margin, size=2)
        r = rng.uniform(rmin, rmax)
        b = _bump(cx, cy, r * rng.uniform(0.8, 1.25), r * rng.uniform(0.7, 1.0))
        hgt = np.maximum(hgt, np.sqrt(b) * r * 0.9)
    mask = hgt > 0.05
    hgt = hgt + rough * 1.5 * mask
    sh = hillshade(blur(hgt, 1), 1.5, wrap=False)
    shadow_m = np.zeros((N, N))
    for s in range(1, 5):
        shadow_m = np.maximum(shadow_m, shift(mask.astype(float), s, s) * (1 - s * 0.12))
    shadow_m = blur(shadow_m, 1) * (~mask)
    img *= (1 - shadow * shadow_m)[..., None]
    rock = ramp(np.clip(0.35 + rough * 0.4, 0, 1), [(0, color_lo), (1, color_hi)])
    rock = rock * np.clip(sh, 0.25, 1.8)[..., None]
    img[mask] = rock[mask]
    edge = mask & ~shift(mask, -1, -1)
    img[edge] *= 0.55


def regolith(n: int) -> Array:
    rng = np.random.default_rng(_seed("regolith", n))
    img, _g = _ground(rng)
    fine = fbm(rng, N, N, base=16, octaves=2)
    img *= (0.92 + 0.16 * fine)[..., None]
    # faint wind streaks
    streak = value_noise(rng, N, N, 32, 2)
    img *= (0.96 + 0.08 * streak)[..., None]
    # a tiny impact pit in variant 1, a couple of stones in 2
    if n == 1:
        cx, cy = rng.uniform(20, 44, size=2)
        hgt = -_bump(cx, cy, 5, 4) * 3 + _bump(cx, cy, 7, 6) * 1.0
        img *= np.clip(hillshade(hgt, 1.0, wrap=False), 0.5, 1.5)[..., None]
    if n == 2:
        _rocks(rng, img, 2, 1.5, 2.5, margin=14)
    _specks(rng, img, 40 + 10 * n, 0.25, 0.3)
    return _finish(img)


def dunes(n: int) -> Array:
    rng = np.random.default_rng(_seed("dunes", n))
    img, _g = _ground(rng, tone=0.05)
    w = edge_weight(N, 16)
    ph = rng.uniform(0, 2 * np.pi)
    amp = rng.uniform(2.5, 4.5)
    # ripple phase: same everywhere near the border (seamless), variant wobble inside
    wob = (
        3.0 * np.sin(2 * np.pi * XX / N * 2)
        + amp * w * np.sin(2 * np.pi * XX / N * 3 + ph)
        + 2.0 * w * (fbm(rng, N, N, base=2, octaves=2) - 0.5)
    )
    phase = 2 * np.pi * (YY + wob + 0.5 * XX) / N * 6
    # asymmetric ripples: gentle windward slope, steep lee
    s = (phase / (2 * np.pi)) % 1.0
    hgt = np.where(s < 0.75, s / 0.75, (1 - s) / 0.25) * 1.2
    sh = hillshade(hgt, 0.6)
    img = img * np.clip(sh, 0.72, 1.2)[..., None]
    # crest highlights
    crest = np.exp(-(((s - 0.75) / 0.04) ** 2))
    img = img + (col(P.DUST) - img) * (crest * 0.3)[..., None]
    _specks(rng, img, 12, 0.15, 0.15)
    return _finish(img)


def crater(n: int) -> Array:
    rng = np.random.default_rng(_seed("crater", n))
    img, _g = _ground(rng, tone=-0.02)
    cx = 32 + rng.uniform(-3, 3)
    cy = 32 + rng.uniform(-3, 3)
    R = rng.uniform(19, 23)
    rough = fbm(rng, N, N, base=6, octaves=3)
    ang = np.arctan2(YY - cy, XX - cx)
    rr = np.hypot(XX - cx, YY - cy) / (R * (1 + 0.06 * np.sin(3 * ang + n) + 0.05 * (rough - 0.5)))
    bowl = np.where(rr < 1, -(1 - rr**2) * 9.0, 0.0)
    rim = 3.2 * np.exp(-(((rr - 1.0) / 0.16) ** 2))
    ejecta = 0.6 * np.exp(-(((rr - 1.35) / 0.3) ** 2)) * rough
    hgt = bowl + rim + ejecta
    sh = hillshade(hgt, 1.0, wrap=False)
    inside = rr < 0.95
    img = img * np.clip(sh, 0.3, 1.6)[..., None]
    # dark crater floor with a pale dust pool
    floor = np.exp(-((rr / 0.45) ** 2))
    img = img * (1 - 0.25 * inside)[..., None]
    img = img + (col(P.OCHRE) - img) * (floor * 0.25)[..., None]
    # rim light (upper-left outer lip) and a little boulder on the floor
    lip = np.exp(-(((rr - 1.02) / 0.07) ** 2)) * np.clip(-(XX - cx + YY - cy) / R, 0, 1)
    img = img + (col(P.DUST_WHITE) - img) * (lip * 0.35)[..., None]
    if n == 2:
        _rocks(rng, img, 2, 1.5, 2.2, margin=26)
    _specks(rng, img, 25, 0.2, 0.25)
    return _finish(img)


def boulders(n: int) -> Array:
    rng = np.random.default_rng(_seed("boulders", n))
    img, _g = _ground(rng)
    _specks(rng, img, 30, 0.2, 0.25)
    _rocks(rng, img, 3 + n, 5.0, 9.5, margin=12)
    _rocks(rng, img, 5, 1.5, 3.0, margin=6, shadow=0.4)
    return _finish(img)


def _crag(rng: np.random.Generator, seed_shared: int = 99) -> tuple[Array, Array]:
    """Periodic ridged rock height field (shared near border so ridge tiles join)."""
    shared = fbm(np.random.default_rng(seed_shared), N, N, base=3, octaves=5, gain=0.55)
    own = fbm(rng, N, N, base=3, octaves=5, gain=0.55)
    w = edge_weight(N, 14)
    f = shared * (1 - w) + own * w
    ridged = 1 - np.abs(f * 2 - 1)
    return ridged**2 * 14 + f * 6, f


def ridge(n: int) -> Array:
    rng = np.random.default_rng(_seed("ridge", n))
    hgt, _f = _crag(rng)
    sh = hillshade(hgt, 1.6)
    base = ramp(np.clip(hgt / 16, 0, 1), [(0, P.UMBER_DEEP), (0.4, P.ROCK_DARK), (1, P.ROCK)])
    img = base * np.clip(sh, 0.2, 2.2)[..., None]
    crest = np.clip((hgt - 12) / 6, 0, 1)
    img = img + (col(P.RUST_LIGHT) - img) * (crest * 0.35 * (sh > 1))[..., None]
    # cracks
    cr = np.abs(fbm(rng, N, N, base=4, octaves=3) - 0.5) < 0.025
    img[cr] *= 0.5
    _specks(rng, img, 20, 0.15, 0.3)
    return _finish(img)


def canyon_floor(n: int) -> Array:
    rng = np.random.default_rng(_seed("canyon-floor", n))
    g = _ground_noise(rng)
    img = ramp(g * 0.8 + 0.1, [(0, P.CANYON_DARK), (0.5, P.CANYON), (1, P.SIENNA)])
    # sediment streaks running along the canyon (diagonal), periodic
    phase = 2 * np.pi * (XX - YY) / N * 3 + 2 * np.sin(2 * np.pi * (XX + YY) / N)
    streak = 0.5 + 0.5 * np.sin(phase + 3 * (g - 0.5))
    img = img * (0.85 + 0.22 * streak)[..., None]
    img = img + (col(P.RUST) - img) * (np.clip(streak - 0.75, 0, 1) * 1.2)[..., None]
    _rocks(rng, img, 2 + n, 1.2, 2.6, color_lo=P.UMBER_DEEP, color_hi=P.ROCK, margin=8)
    _specks(rng, img, 25, 0.12, 0.3)
    return _finish(img)


def _plates(rng: np.random.Generator, n: int, grime: float = 0.25) -> Array:
    """Grey metal deck plates with panel lines and rivets."""
    noise = fbm(rng, N, N, base=4, octaves=4)
    img = np.broadcast_to(col(P.PLATE), (N, N, 3)).copy()
    # plate layout: 32-px plates, variant 1 splits one into strips, variant 2 adds a grate
    plate_id = (XX // 32) + 2 * (YY // 32)
    tone = np.array([1.0, 0.93, 0.97, 0.9])[plate_id.astype(int)]
    img *= tone[..., None]
    lines = (XX % 32 == 0) | (YY % 32 == 0) | (XX % 32 == 31) | (YY % 32 == 31)
    if n == 1:
        lines |= (XX >= 32) & (YY < 32) & (XX % 8 == 0)
    img[lines] = col(P.PANEL_LINE)
    hi = ((XX % 32 == 1) | (YY % 32 == 1)) & ~lines
    img[hi] = img[hi] * 0.8 + 0.2
    for px in (4, 27):
        for py in (4, 27):
            for ox in (0, 32):
                for oy in (0, 32):
                    x, y = px + ox, py + oy
                    img[y, x] = col(P.PLATE_WHITE)
                    img[y + 1, x + 1] = col(P.PLATE_DARK)
    if n == 2:
        g = (XX > 36) & (XX < 60) & (YY > 36) & (YY < 60)
        img[g] = col(P.PLATE_DARK)
        slots = g & (YY % 4 < 2) & (XX > 38) & (XX < 58)
        img[slots] = col(P.UMBER_DEEP)
    if n == 0:
        # a hazard strip along one plate edge
        hz = (YY > 26) & (YY < 30) & (XX > 2) & (XX < 30)
        stripe = ((XX + YY) // 3) % 2 == 0
        img[hz & stripe] = col(P.HAZARD)
        img[hz & ~stripe] = col(P.PANEL_LINE)
    dust = np.clip(noise - 0.55, 0, 1) * grime * 2.5
    img = img + (col(P.RUST_LIGHT) - img) * dust[..., None]
    img *= (0.94 + 0.1 * fbm(rng, N, N, base=16, octaves=1))[..., None]
    return img


def base_floor(n: int) -> Array:
    rng = np.random.default_rng(_seed("base-floor", n))
    return _finish(_plates(rng, n))


def base_wall(n: int) -> Array:
    """Module wall seen from above at three-quarter: a roof slab and its south face."""
    rng = np.random.default_rng(_seed("base-wall", n))
    noise = fbm(rng, N, N, base=4, octaves=3)
    roof_h = 46
    img = np.zeros((N, N, 3))
    roof = roof_h > YY
    img[roof] = col((214, 208, 192) if n != 1 else P.KHAKI)
    # roof panel lines (horizontal modules) and a raised parapet
    img[roof & (YY % 23 == 22)] = col(P.PANEL_LINE)
    img[roof & (XX % 32 == 31)] = col(P.PANEL_LINE)
    par = roof & ((YY < 4) | (roof_h - 5 < YY))
    img[par] = col(P.PLATE_MID if n != 1 else P.KHAKI_DARK)
    img[par & ((YY == 0) | (roof_h - 5 == YY))] = col(P.MARK_WHITE)
    img[(YY == 4) | (roof_h - 1 == YY)] = col(P.PANEL_LINE)
    # roof equipment: vent boxes or a dish hatch
    if n == 0:
        v = (XX > 10) & (XX < 24) & (YY > 8) & (YY < 18)
        img[v] = col(P.PLATE_MID)
        img[v & (XX % 3 == 0)] = col(P.PLATE_DARK)
        img[shift(v, 2, 2) & ~v & roof] *= 0.7
    elif n == 1:
        d = np.hypot(XX - 40, YY - 22) < 8
        img[d] = col(P.PLATE)
        ring = (np.hypot(XX - 40, YY - 22) > 6) & d
        img[ring] = col(P.PLATE_DARK)
        img[shift(d, 2, 2) & ~d & roof] *= 0.7
    else:
        v = (XX > 36) & (XX < 56) & (YY > 26) & (YY < 36)
        img[v] = col(P.HAZARD)
        img[v & (((XX + YY) // 3) % 2 == 0)] = col(P.PANEL_LINE)
    # south face: khaki, vertical ribs, dark base
    face = ~roof
    t = (YY - roof_h) / (N - roof_h)
    facec = ramp(t, [(0, P.KHAKI), (1, P.KHAKI_DARK)])
    img[face] = facec[face]
    ribs = face & (XX % 16 < 2)
    img[ribs] *= 0.6
    img[face & (roof_h == YY)] = col(P.UMBER)
    img[face & (YY > N - 4)] *= 0.45
    if n == 2:
        win = face & (XX > 20) & (XX < 44) & (roof_h + 4 < YY) & (roof_h + 9 > YY)
        img[win] = col(P.UI_AMBER) * 0.9
    img *= (0.92 + 0.12 * noise)[..., None]
    dust = np.clip(noise - 0.6, 0, 1) * 1.2
    img = img + (col(P.RUST) - img) * dust[..., None]
    return _finish(img)


def ruins(n: int) -> Array:
    rng = np.random.default_rng(_seed("ruins", n))
    img = _plates(rng, n % 2, grime=0.5)
    # scorch
    sc = fbm(rng, N, N, base=3, octaves=3)
    img *= (1 - 0.55 * np.clip(sc - 0.45, 0, 1) * 2)[..., None]
    # cracks
    cr = (np.abs(fbm(rng, N, N, base=3, octaves=2) - 0.5) < 0.012) & (sc > 0.4)
    img[cr] = img[cr] * 0.45
    # broken wall stubs: L-shaped blocks with jagged tops and shadows
    stubs = [
        [(6, 8, 34, 10), (6, 8, 10, 30)],
        [(28, 28, 30, 10), (10, 44, 20, 10)],
        [(8, 34, 10, 24), (30, 8, 26, 10)],
    ][n]
    for x, y, w, h in stubs:
        m = (x <= XX) & (x + w > XX) & (y <= YY) & (y + h > YY)
        jag = value_noise(rng, N, N, 2, 16) > 0.35
        m &= jag | ((XX - x) % 13 < 6)
        for s in range(1, 6):
            sh = shift(m, s, s) & ~m
            img[sh] *= 0.82
        top = m & ~shift(m, 0, 2)
        img[m] = col(P.PLATE_WHITE) * 0.95
        img[m & (y + h - 3 <= YY)] = col(P.KHAKI_DARK)
        img[top] = col(P.MARK_WHITE)
        img[m & ~shift(m, -1, -1)] *= 0.6
    _rocks(rng, img, 5, 1.0, 2.0, color_lo=P.PLATE_DARK, color_hi=P.PLATE, margin=6, shadow=0.4)
    return _finish(img)


def rubble(n: int) -> Array:
    rng = np.random.default_rng(_seed("rubble", n))
    img, _g = _ground(rng, tone=-0.05)
    _specks(rng, img, 30, 0.2, 0.3)
    # angular debris chunks (grey-white and khaki) with shadows, plus bent girders
    from .common import Canvas  # local import: canvas only needed here

    c = Canvas(N, N, scale=4, ss=4)
    for _ in range(7 + 2 * n):
        cx, cy = rng.uniform(8, 56, size=2)
        r = rng.uniform(2.5, 6.5)
        k = rng.integers(4, 7)
        ang = np.sort(rng.uniform(0, 2 * np.pi, k))
        pts = [(cx + np.cos(a) * r * rng.uniform(0.6, 1.1), cy + np.sin(a) * r * 0.8) for a in ang]
        colr = [P.PLATE, P.KHAKI, P.PLATE_MID, P.ROCK, P.CONCRETE][rng.integers(0, 5)]
        c.poly(pts, colr, bevel=1.2, grad=0.2)
    for _ in range(2):
        x1, y1 = rng.uniform(10, 54, size=2)
        a = rng.uniform(0, np.pi)
        x2, y2 = x1 + np.cos(a) * 16, y1 + np.sin(a) * 10
        c.line((x1, y1), (x2, y2), 1.6, P.PLATE_DARK, bevel=0.6)
        c.line((x2, y2), (x2 + 5, y2 - 4), 1.6, P.PLATE_DARK, bevel=0.6)
    deb, _ = c.finish(outline=False)
    m = deb[..., 3]
    shadow = np.zeros((N, N))
    for s in range(1, 4):
        shadow = np.maximum(shadow, shift(m, s, s))
    img *= (1 - 0.5 * shadow * (1 - m))[..., None]
    img = img * (1 - m[..., None]) + deb[..., :3] * m[..., None]
    return _finish(img)


def tunnel(n: int) -> Array:
    rng = np.random.default_rng(_seed("tunnel", n))
    hgt, _f = _crag(rng)
    sh = hillshade(hgt, 1.3)
    img = ramp(np.clip(hgt / 16, 0, 1), [(0, P.ROCK_DARK), (1, P.ROCK_LIGHT)])
    img = img * np.clip(sh, 0.3, 1.8)[..., None]
    # the mouth: a dark arch opening to the south
    cx = 32
    mouth = ((XX - cx) / 17) ** 2 + ((YY - 40) / 20) ** 2 < 1
    mouth &= YY > 18
    depth = np.clip(1 - (((XX - cx) / 17) ** 2 + ((YY - 40) / 20) ** 2), 0, 1)
    inner = ramp(depth, [(0, P.UMBER), (0.5, P.UMBER_DEEP), (1, (8, 4, 6))])
    img[mouth] = inner[mouth]
    # floor ramp going in
    fl = mouth & (YY > 50)
    img[fl] = img[fl] * 0.4 + col(P.SIENNA) * 0.35
    # struts: two posts and a lintel, steel with hazard tips
    for x0 in (14, 47):
        post = (x0 <= XX) & (x0 + 4 > XX) & (YY >= 20) & (YY < 62)
        img[post] = col(P.PLATE_MID)
        img[post & (x0 == XX)] = col(P.PLATE_WHITE)
        img[post & (x0 + 3 == XX)] = col(P.PANEL_LINE)
        img[post & (YY > 56) & (((YY // 2) % 2) == 0)] = col(P.HAZARD)
    lintel = (XX >= 12) & (XX < 53) & (YY >= 18) & (YY < 23)
    img[lintel] = col(P.PLATE_MID)
    img[lintel & (YY == 18)] = col(P.PLATE_WHITE)
    img[lintel & (YY == 22)] = col(P.PANEL_LINE)
    img[lintel & (XX % 8 == 0)] = col(P.PANEL_LINE)
    if n == 1:
        # a lamp
        lamp = np.hypot(XX - 32, YY - 26) < 2
        img[lamp] = col(P.FIRE_YELLOW)
        glow = np.clip(1 - np.hypot(XX - 32, YY - 28) / 14, 0, 1) ** 2 * mouth
        img = img + col(P.FIRE_ORANGE) * glow[..., None] * 0.4
    if n == 2:
        # diagonal bracing inside
        br = mouth & (np.abs((XX - 18) - (YY - 24) * 0.9) < 1.2) & (YY < 50)
        img[br] = col(P.PLATE_DARK)
    sh2 = shift(lintel, 0, 2) & mouth & ~lintel
    img[sh2] *= 0.4
    return _finish(img)


def landing_pad(n: int) -> Array:
    rng = np.random.default_rng(_seed("landing-pad", n))
    noise = fbm(rng, N, N, base=4, octaves=4)
    img = ramp(0.3 + noise * 0.5, [(0, P.CONCRETE_DARK), (1, P.CONCRETE)])
    joints = (XX % 32 == 0) | (YY % 32 == 0)
    img[joints] *= 0.7
    paint = np.zeros((N, N), bool)
    yellow = np.zeros((N, N), bool)
    r = np.hypot(XX - 31.5, YY - 31.5)
    if n == 0:
        paint |= (r > 22) & (r < 25)
        paint |= (np.abs(XX - 31.5) < 11) & (np.abs(YY - 31.5) < 2.5)  # an 'H' crossbar
        paint |= ((np.abs(XX - 21) < 2.5) | (np.abs(XX - 42) < 2.5)) & (np.abs(YY - 31.5) < 12)
    elif n == 1:
        # chevrons pointing north (approach lane)
        for y0 in (8, 26, 44):
            v = np.abs(XX - 31.5) * 0.7 + y0 - YY
            yellow |= (v > -3) & (v < 1) & (np.abs(XX - 31.5) < 18)
        paint |= (XX < 4) | (XX > 59)
    else:
        # edge striping and a corner block
        st = ((XX + YY) // 6) % 2 == 0
        yellow |= ((YY < 6) | (YY > 57)) & st
        paint |= (np.abs(XX - 31.5) < 1.5) & ((YY // 6) % 2 == 0) & (YY > 8) & (YY < 56)
    wear = noise > 0.62
    img[paint & ~wear] = col(P.MARK_WHITE)
    img[paint & wear] = col(P.MARK_WHITE) * 0.75 + img[paint & wear] * 0.25
    img[yellow & ~wear] = col(P.HAZARD)
    img[yellow & wear] = col(P.HAZARD) * 0.6 + img[yellow & wear] * 0.4
    # tyre/scorch marks
    sc = np.clip(fbm(rng, N, N, base=2, octaves=3) - 0.6, 0, 1) * 1.6
    img *= (1 - sc * 0.6)[..., None]
    dust = np.clip(fbm(rng, N, N, base=3, octaves=3) - 0.55, 0, 1) * 1.5
    img = img + (col(P.RUST_LIGHT) - img) * dust[..., None]
    _specks(rng, img, 15, 0.1, 0.2)
    return _finish(img)


GENERATORS = {
    "regolith": regolith,
    "dunes": dunes,
    "crater": crater,
    "boulders": boulders,
    "ridge": ridge,
    "canyon-floor": canyon_floor,
    "base-floor": base_floor,
    "base-wall": base_wall,
    "ruins": ruins,
    "rubble": rubble,
    "tunnel": tunnel,
    "landing-pad": landing_pad,
}


def terrain_tile(tid: str, n: int) -> Array:
    return GENERATORS[tid](n)


# --------------------------------------------------------------------------------------------------
# Edge overlays: drawn ON a tile whose neighbour in direction <dir> is that terrain.
# --------------------------------------------------------------------------------------------------
def _dist_from(d: str) -> Array:
    """Distance (px) from the tile side facing direction d."""
    return {"n": YY, "s": N - 1 - YY, "w": XX, "e": N - 1 - XX}[d]


def edge_overlay(kind: str, d: str) -> Array:
    rng = np.random.default_rng(5000 + 10 * ["ridge", "base-wall", "soft"].index(kind) + "nesw".index(d))
    dist = _dist_from(d)
    along = XX if d in "ns" else YY
    out = np.zeros((N, N, 4))
    noise = value_noise(rng, N, N, 8, 8)
    if kind == "ridge":
        # cliff shadow cast onto this tile (stronger on n/w because light comes from upper left)
        reach = 16 if d in "nw" else 9
        wob = 3 * np.sin(2 * np.pi * along / N * 2 + rng.uniform(0, 6)) + 3 * (noise - 0.5)
        t = np.clip(1 - (dist + wob) / reach, 0, 1)
        out[..., :3] = col(P.UMBER_DEEP)
        out[..., 3] = t**1.3 * (0.72 if d in "nw" else 0.45)
        # scree: small rock chips near the foot
        scree = np.zeros((N, N), bool)
        for _ in range(26):
            a = rng.uniform(0, N)
            b = rng.exponential(4.0)
            x, y = (
                (a, b) if d == "n" else (a, N - 1 - b) if d == "s" else (b, a) if d == "w" else (N - 1 - b, a)
            )
            r = rng.uniform(0.8, 2.2)
            scree |= np.hypot(XX - x, YY - y) < r
        chip = col(P.ROCK) * (0.8 + 0.4 * noise[..., None])
        out[scree, :3] = chip[scree]
        out[scree, 3] = 1.0
        hi = scree & ~shift(scree, 1, 1)
        out[hi, :3] = col(P.ROCK_LIGHT)
        # a dark line right at the foot
        foot = dist < 1.5
        out[foot, :3] = col(P.UMBER_DEEP)
        out[foot, 3] = 0.85
    elif kind == "base-wall":
        reach = 12 if d in "nw" else 7
        t = np.clip(1 - dist / reach, 0, 1)
        out[..., :3] = col(P.UMBER_DEEP)
        out[..., 3] = t**1.6 * (0.7 if d in "nw" else 0.5)
        # a concrete footing strip and drifted dust along the wall
        foot = dist < 3
        out[foot, :3] = col(P.CONCRETE_DARK)
        out[foot, 3] = 1.0
        out[dist < 1, :3] = col(P.PANEL_LINE)
        drift = (dist >= 3) & (dist < 3 + 5 * noise) & (noise > 0.45)
        out[drift, :3] = col(P.DUST) * 0.9
        out[drift, 3] = 0.6
    else:  # soft dusty blend
        n2 = fbm(rng, N, N, base=4, octaves=3)
        t = np.clip(1 - (dist + 10 * (n2 - 0.5)) / 18, 0, 1)
        out[..., :3] = ramp(n2, [(0, P.RUST), (1, P.DUST)])
        out[..., 3] = t**1.5 * 0.75
    return out


def generate(out: Path) -> list[Path]:
    files = []
    for tid in TERRAIN_IDS:
        for n in range(TERRAIN_VARIANTS):
            p = out / "terrain" / f"{tid}_{n}.png"
            save_rgba(terrain_tile(tid, n), p)
            files.append(p)
    for kind in ("ridge", "base-wall", "soft"):
        for d in DIRECTIONS:
            p = out / "terrain" / f"edge_{kind}_{d}.png"
            save_rgba(edge_overlay(kind, d), p)
            files.append(p)
    return files


__all__ = ["GENERATORS", "dilate", "edge_overlay", "generate", "terrain_tile"]
