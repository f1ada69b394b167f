"""Battle cut-in backdrops, the weapon-name banner and the big impact art.

Backdrops and the speed-line overlay repeat seamlessly along x (scroll them for speed).  Impact art
faces right like the machines (flip it for an attack from the right).  Everything is straight-alpha
RGBA; glows look best blitted with ``BLEND_RGB_ADD`` or plain alpha over the backdrop.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np

from . import CUTIN_FX, KILL_FRAMES
from . import palette as P
from .common import Array, Canvas, blur, col, downsample, fbm, ramp, save_rgba, value_noise


def _grid(h: int, w: int) -> tuple[Array, Array]:
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    return yy, xx


def _rgba(rgb: Array, a: Array) -> Array:
    return np.concatenate([np.clip(rgb, 0, 1), np.clip(a, 0, 1)[..., None]], axis=2)


def _poster(v: Array, levels: int) -> Array:
    """Quantise 0..1 into hard cel bands."""
    return np.floor(np.clip(v, 0, 0.999) * levels) / (levels - 1)


def _periodic_profile(rng: np.random.Generator, w: int, cells: int) -> Array:
    """A 1-D profile in 0..1 that repeats over w."""
    return value_noise(rng, 1, w, 1, cells)[0] * 0.65 + value_noise(rng, 1, w, 1, cells * 4)[0] * 0.35


def _speed_lines(rng: np.random.Generator, h: int, w: int, n: int, clear: float) -> Array:
    """Alpha of n thin horizontal streaks, periodic in x, sparse in the middle band (|y-h/2| < clear*h)."""
    yy, xx = _grid(h, w)
    a = np.zeros((h, w))
    for _ in range(n):
        y = rng.uniform(0, h)
        if abs(y - h / 2) < clear * h / 2 and rng.random() < 0.8:
            continue
        x0 = rng.uniform(0, w)
        length = rng.uniform(0.15, 0.6) * w
        thick = rng.uniform(0.4, 1.4)
        strength = rng.uniform(0.25, 0.8)
        dx = (xx - x0) % w
        t = dx / length
        along = np.where(t < 1, np.sin(np.pi * np.clip(t, 0, 1)) ** 0.6, 0)
        a = np.maximum(a, np.exp(-(((yy - y) / thick) ** 2)) * along * strength)
    return a


def backdrop(dust: bool) -> Array:
    """640x240 Mars horizon for the cut-in: cel-banded dusk sky, mesas, rushing ground, speed lines."""
    h, w = 240, 640
    rng = np.random.default_rng(4401 if dust else 4400)
    yy, xx = _grid(h, w)
    horizon = 150.0
    t = yy / horizon
    if dust:
        sky = ramp(_poster(t, 7), [(0, (96, 46, 34)), (0.6, P.RUST), (1, P.RUST_LIGHT)])
    else:
        sky = ramp(_poster(t, 9), [(0, (20, 14, 34)), (0.35, P.SKY_TOP), (0.7, P.SKY_MID), (1, P.SKY_LOW)])
        stars = (rng.random((h, w)) > 0.9975) & (t < 0.45)
        sky[stars] = sky[stars] * 0.3 + 0.7
        # Phobos, small, lumpy and half lit, high on the left
        d = np.hypot((xx - 120) / 1.25, yy - 62) * (1 + 0.12 * np.cos(np.arctan2(yy - 62, xx - 120) * 3))
        moon = d < 5
        sky[moon] = col(P.SKY_MID) * 0.75
        lit = moon & (np.hypot(xx - 118, yy - 60.5) < 4.6)
        sky[lit] = col(P.DUST)
    img = sky
    # far mesas (flat-topped) and a nearer ridge line, both periodic in x
    for base, amp, cells, colr, flat in (
        (horizon - 6, 26, 6, (150, 78, 74) if not dust else (170, 92, 60), True),
        (horizon + 2, 16, 9, P.SIENNA_DARK if not dust else P.SIENNA, False),
    ):
        prof = _periodic_profile(rng, w, cells)
        if flat:
            prof = np.where(prof > 0.55, 1.0, 0.15 + prof * 0.2)
            prof = blur(prof[None, :], 2, wrap=True)[0]
        top = base - prof * amp
        m = yy >= top[None, :]
        shade_ = ramp(
            _poster(np.clip((yy - top[None, :]) / 40, 0, 1), 3), [(0, colr), (1, P.shade(colr, 0.75))]
        )
        img = np.where(m[..., None], shade_, img)
        rim = m & (yy < top[None, :] + 1.5)
        img[rim] = img[rim] * 0.55 + col(P.SKY_LOW if not dust else P.DUST) * 0.45
    # ground: rushing regolith, bands stretched along x (motion blur), darker toward the viewer
    g = yy >= horizon + 8
    gt = np.clip((yy - horizon - 8) / (h - horizon - 8), 0, 1)
    streak = blur(fbm(rng, h, w, base=3, octaves=3), 1, wrap=True)
    streak = value_noise(rng, h, w, 48, 6) * 0.6 + streak * 0.4
    ground = ramp(_poster(gt * 0.7 + streak * 0.45, 6), [(0, P.RUST), (0.5, P.SIENNA), (1, P.UMBER)])
    if dust:
        ground = ramp(
            _poster(gt * 0.7 + streak * 0.45, 6), [(0, P.RUST_LIGHT), (0.5, P.RUST), (1, P.SIENNA_DARK)]
        )
    img = np.where(g[..., None], ground, img)
    # haze band on the horizon
    haze = np.exp(-(((yy - horizon - 4) / (14 if not dust else 40)) ** 2))
    img = img * (1 - haze[..., None] * 0.35) + col(P.SKY_LOW if not dust else P.DUST) * haze[..., None] * 0.35
    if dust:
        # wind-driven dust sheets across everything, periodic in x
        sheet = sum(value_noise(rng, h, w, 8 * 2**o, 2 * 2**o) * 0.5**o for o in range(4)) / 1.875
        sheet = _poster(np.clip((sheet - 0.3) * 2.2, 0, 1), 8)
        img = img * (1 - sheet[..., None] * 0.5) + col(P.DUST) * sheet[..., None] * 0.5
    lines = _speed_lines(rng, h, w, 70, 0.55)
    img = img * (1 - lines[..., None] * 0.7) + col(P.DUST_WHITE) * lines[..., None] * 0.7
    # a darker frame top and bottom (letterbox feel); no vignette in x so it still tiles
    edge = np.clip(1 - np.minimum(yy, h - 1 - yy) / 28, 0, 1) ** 2
    img = img * (1 - edge[..., None] * 0.5)
    return _rgba(img, np.ones((h, w)))


def speed_lines() -> Array:
    """512x192 overlay of white streaks (periodic in x, sparse in the middle) to scroll over anything."""
    h, w = 192, 512
    rng = np.random.default_rng(4410)
    a = _speed_lines(rng, h, w, 110, 0.5)
    rgb = np.broadcast_to(col(P.DUST_WHITE), (h, w, 3))
    return _rgba(rgb, a)


def banner() -> Array:
    """320x48 weapon-name plate: slanted dark bar, amber rule, cyan underline, chevrons on the left.

    Three-slice: the first and last 48 columns are caps; stretch only columns 48..271.
    """
    h, w = 48, 320
    ss = 4
    yy, xx = _grid(h * ss, w * ss)
    yy, xx = yy / ss, xx / ss
    slant = 12.0
    left = 6 + slant * (1 - yy / (h - 1))  # parallelogram: left edge leans right at the top
    right = w - 6 - slant * yy / (h - 1)
    body = (xx >= left) & (xx <= right) & (yy >= 6) & (yy <= h - 6)
    out = np.zeros((h * ss, w * ss, 4))
    fill = ramp(np.clip((yy - 6) / (h - 12), 0, 1), [(0, (58, 40, 44)), (0.5, P.UI_BG_LIGHT), (1, P.UI_BG)])
    out[body, :3] = fill[body]
    out[body, 3] = 0.92
    top_rule = (xx >= left) & (xx <= right) & (yy >= 6) & (yy < 9)
    out[top_rule, :3] = col(P.UI_AMBER)
    out[top_rule, 3] = 1
    under = (xx >= left + 10) & (xx <= right) & (yy > h - 9) & (yy <= h - 7)
    out[under, :3] = col(P.UI_CYAN)
    out[under, 3] = 1
    # amber end tab on the right cap, three chevrons in the left cap
    tab = (xx > right - 10) & (xx <= right) & (yy >= 6) & (yy <= h - 6)
    out[tab, :3] = col(P.UI_AMBER)
    out[tab, 3] = 1
    for i in range(3):
        cx = 16 + i * 8 + slant * 0.5
        d = np.abs(yy - h / 2) * 0.55 + (xx - cx)
        chev = (d >= 0) & (d < 3.2) & (np.abs(yy - h / 2) < 10)
        out[chev, :3] = col(P.UI_AMBER) * (1 - i * 0.18) + col(P.FIRE_WHITE) * (i * 0.18)
        out[chev, 3] = 1
    # thin dark outline so it reads over bright beams
    a = out[..., 3] > 0.5
    from .common import dilate

    ring = dilate(a, 4) & ~a
    out[ring, :3] = col(P.OUTLINE)
    out[ring, 3] = 0.85
    return downsample(out, ss)


def burst() -> Array:
    """160x96 jagged comic burst (for CRITICAL / hit callouts): yellow-white star, red rim."""
    h, w = 96, 160
    ss = 4
    yy, xx = _grid(h * ss, w * ss)
    yy, xx = yy / ss - h / 2, xx / ss - w / 2
    ang = np.arctan2(yy / 40, xx / 72)
    r = np.hypot(xx / 72, yy / 40)
    rng = np.random.default_rng(4420)
    spikes = 18
    jag = rng.uniform(0.82, 1.0, spikes)
    k = (ang + math.pi) / (2 * math.pi) * spikes
    i0 = np.floor(k).astype(int) % spikes
    f = k - np.floor(k)
    tooth = 1 - np.abs(f - 0.5) * 2  # 0 at valleys, 1 at tips
    reach = 0.6 + (jag[i0] - 0.6) * tooth
    inside = r < reach
    rim = (r < reach) & (r > reach - 0.11)
    core = r < reach - 0.2
    out = np.zeros((h * ss, w * ss, 4))
    out[inside, :3] = col(P.FIRE_RED)
    out[inside & ~rim, :3] = col(P.FIRE_YELLOW)
    out[core, :3] = ramp(r[core] / 0.8, [(0, P.FIRE_WHITE), (1, P.FIRE_YELLOW)])
    out[inside, 3] = 1
    from .common import dilate

    ring = dilate(inside, 6) & ~inside
    out[ring, :3] = col(P.OUTLINE)
    out[ring, 3] = 1
    return downsample(out, ss)


# --------------------------------------------------------------------------------------------------
# Impacts
# --------------------------------------------------------------------------------------------------
def beam_streak() -> Array:
    """512x96 beam shot: muzzle bloom at the left, a blue-white core with a spiralling sheath, a flared head."""
    h, w = 96, 512
    yy, xx = _grid(h, w)
    cy = h / 2 - 0.5
    d = np.abs(yy - cy)
    t = xx / (w - 1)
    width = 9 + 7 * np.clip(t * 5, 0, 1)  # thickens out of the muzzle
    core = np.clip(1.25 - d / (width * 0.5), 0, 1) ** 0.8
    glow = np.exp(-((d / (width * 1.5)) ** 2))
    spiral = np.exp(-(((yy - cy) - np.sin(xx / 13.0) * width * 1.05) ** 2) / 5.0)
    spiral += np.exp(-(((yy - cy) + np.sin(xx / 13.0 + 1.2) * width * 1.05) ** 2) / 5.0) * 0.7
    spiral = np.clip(spiral, 0, 1) * np.clip(t * 4, 0, 1)
    head = np.exp(-((np.hypot((xx - (w - 40)) / 34, (yy - cy) / 26)) ** 2))
    bloom = np.exp(-((np.hypot((xx - 30) / 18, (yy - cy) / 26)) ** 2))
    fade = np.clip((w - 4 - xx) / 12, 0, 1) * np.clip((xx - 2) / 14, 0, 1)
    a = np.clip(np.maximum.reduce([core, glow * 0.85, spiral * 0.9, head * 1.3, bloom * 1.2]) * fade, 0, 1)
    heat = np.clip(core + head * 0.9 + bloom * 0.8 + spiral * 0.5, 0, 1)
    rgb = ramp(heat, [(0, P.BEAM_GLOW), (0.45, P.BEAM), (0.8, P.BEAM_CORE), (1, (255, 255, 255))])
    return _rgba(rgb, a)


def missile_volley() -> Array:
    """384x160: five missiles in a staggered salvo flying right, each with a curling smoke trail."""
    h, w = 160, 384
    rng = np.random.default_rng(4430)
    yy, xx = _grid(h, w)
    smoke_a = np.zeros((h, w))
    for i, (mx, my) in enumerate(((330, 40), (300, 70), (345, 92), (286, 118), (318, 140))):
        wob = rng.uniform(0, 2 * math.pi)
        y_path = my + np.sin(xx / 38 + wob) * (1 - xx / mx).clip(0) * 10
        width = 2.5 + (1 - xx / mx).clip(0) * 11
        n = value_noise(rng, h, w, 8, 24)
        trail = np.clip(1 - np.abs(yy - y_path + (n - 0.5) * 6) / width, 0, 1) * (xx < mx - 34)
        trail *= np.clip(xx / 60, 0, 1) * (0.55 + 0.45 * n)
        smoke_a = np.maximum(smoke_a, trail * (0.85 - i * 0.04))
    smoke = ramp(np.clip(xx / w, 0, 1), [(0, P.SMOKE_LIGHT), (0.7, (214, 204, 192)), (1, (240, 232, 220))])
    out = _rgba(smoke, smoke_a * 0.9)
    c = Canvas(w, h, scale=4, ss=4)
    for mx, my in ((330, 40), (300, 70), (345, 92), (286, 118), (318, 140)):
        c.emit(mx - 30, my, 8, P.FIRE_YELLOW, 1.0)
        c.emit(mx - 40, my, 13, P.FIRE_ORANGE, 0.5)
        c.poly([(mx - 32, my - 8), (mx - 22, my - 3), (mx - 22, my + 3), (mx - 32, my + 8)], P.GUNMETAL)
        c.rect(mx - 28, my - 3.6, 34, 7.2, P.MECH_WHITE)
        c.rect(mx - 6, my - 3.6, 3.5, 7.2, P.ACCENT_RED, bevel=0.3, line=False)
        c.rect(mx - 20, my - 3.6, 2, 7.2, P.GUNMETAL, bevel=0, line=False)
        c.poly([(mx + 6, my - 3.6), (mx + 17, my), (mx + 6, my + 3.6)], P.MECH_GREY, bevel=0.5)
    mis, _ = c.finish()
    from .common import over

    return over(out, mis)


def knuckle_flash() -> Array:
    """192x192 melee impact: white core, jagged yellow-orange star, shock ring, comic impact lines."""
    s = 192
    rng = np.random.default_rng(4440)
    yy, xx = _grid(s, s)
    dx, dy = xx - s / 2 + 0.5, yy - s / 2 + 0.5
    r = np.hypot(dx, dy)
    ang = np.arctan2(dy, dx)
    spikes = np.clip(np.cos(ang * 7 + 0.4), 0, 1) ** 3 + 0.6 * np.clip(np.cos(ang * 11 + 1.3), 0, 1) ** 6
    star_r = 30 + spikes * 44
    star = np.clip((star_r - r) / 2, 0, 1)
    core = np.clip((40 - r) / 8, 0, 1)
    ring = np.exp(-(((r - 74) / 4.5) ** 2)) * (0.6 + 0.4 * np.cos(ang * 3) ** 2)
    lines = np.zeros((s, s))
    for a0 in rng.uniform(-math.pi, math.pi, 22):
        width = rng.uniform(0.015, 0.04)
        r0, r1 = rng.uniform(60, 72), rng.uniform(82, 96)
        dang = np.angle(np.exp(1j * (ang - a0)))
        taper = np.clip((r - r0) / (r1 - r0), 0, 1)
        lines = np.maximum(lines, (np.abs(dang) < width * (1 - taper)) * (r > r0) * (r < r1))
    heat = np.clip(core + star * 0.55, 0, 1)
    rgb = ramp(heat, [(0, P.FIRE_ORANGE), (0.5, P.FIRE_YELLOW), (1, P.FIRE_WHITE)])
    rgb = np.where((ring > star)[..., None], col(P.FIRE_WHITE) * 0.6 + col(P.BEAM) * 0.4, rgb)
    rgb = np.where((lines > np.maximum(star, ring))[..., None], col(P.FIRE_WHITE), rgb)
    a = np.clip(np.maximum.reduce([star, ring * 0.9, lines * 0.95, core]), 0, 1)
    return _rgba(rgb, a)


def kill_explosion(i: int) -> Array:
    """Frame i of KILL_FRAMES (192x192): white flash, shock ring and fireball, flying debris, rolling smoke."""
    s = 192
    f = i / (KILL_FRAMES - 1)
    rng = np.random.default_rng(4450)  # same noise every frame: the cloud evolves smoothly
    yy, xx = _grid(s, s)
    n = fbm(rng, s, s, base=4, octaves=4)
    rgb = np.zeros((s, s, 3))
    a = np.zeros((s, s))
    # the cloud is a heap of round billows (anime smoke): each grows, rises and cools from white-hot
    # to fire to two-tone smoke lit from the upper left, with a dark rim where billows overlap
    grow = 1 - (1 - min(1.0, f * 1.5)) ** 2
    reach = 14 + 62 * grow
    billows = []
    for _ in range(34):
        ang = rng.uniform(-math.pi, math.pi)
        dist = rng.uniform(0, 1) ** 0.7
        billows.append((dist, ang, rng.uniform(0.22, 0.55), rng.uniform(-0.15, 0.15)))
    billows.sort(key=lambda b: -b[0])  # outer billows first, the hot core on top
    fire = [
        (0, P.SMOKE),
        (0.2, (110, 44, 30)),
        (0.4, P.FIRE_RED),
        (0.6, P.FIRE_ORANGE),
        (0.8, P.FIRE_YELLOW),
        (1, P.FIRE_WHITE),
    ]
    smoke_tones = (col(P.shade(P.SMOKE, 0.7)), col(P.SMOKE), col(P.SMOKE_LIGHT))
    for dist, ang, size, jitter in billows:
        spread = dist * (0.25 + 0.75 * grow)
        cx = s / 2 + math.cos(ang) * spread * reach
        cy = s / 2 + 10 + math.sin(ang) * spread * reach * 0.8 - f * 30 * (1.2 - dist)
        r = reach * size * (1 - 0.4 * dist) + 2
        d = np.hypot(xx - cx, yy - cy)
        inside = d < r
        if not inside.any():
            continue
        heat = (1 - dist) * (1 - f) ** 1.3 * 1.6 - f * 0.3 + jitter
        # light from the upper left inside each billow
        lit = ((cx - xx) + (cy - yy)) / (r * 1.41) + (n - 0.5) * 0.6
        if heat > 0.2:
            tone = ramp(_poster(np.clip(heat + lit * 0.25, 0, 1), 6), fire)
        else:
            band = np.where(lit > 0.25, 2, np.where(lit > -0.35, 1, 0))
            tone = np.stack(smoke_tones)[band]
        rim = inside & (d > r - 1.6)
        tone = np.where(rim[..., None], tone * 0.7, tone)
        rgb = np.where(inside[..., None], tone, rgb)
        a = np.where(inside, 1.0, a)
    if f > 0.6:  # the last frames thin out (the caller fades the final one away)
        a *= 1 - (f - 0.6) / 0.55
    # the initial flash and an expanding shock ring
    r0 = np.hypot(xx - s / 2, yy - s / 2 - 10)
    if f < 0.3:
        ang0 = np.arctan2(yy - s / 2 - 10, xx - s / 2)
        rays = np.clip(np.cos(ang0 * 6 + 0.3), 0, 1) ** 12 * np.clip(1 - r0 / 92, 0, 1)
        flash = np.clip(np.clip(1.5 - r0 / (70 + 80 * f), 0, 1) ** 1.2 + rays, 0, 1) * (1 - f / 0.3)
        rgb = rgb * (1 - flash[..., None]) + col(P.FIRE_WHITE) * flash[..., None]
        a = np.maximum(a, flash)
    ring_r = 20 + f * 150
    ring = np.exp(-(((r0 - ring_r) / (3 + f * 6)) ** 2)) * max(0.0, 1 - f * 1.3)
    ring_col = col(P.DUST_WHITE)
    take = ring > a * 0.6
    rgb = np.where(take[..., None], rgb * (1 - ring[..., None]) + ring_col * ring[..., None], rgb)
    a = np.maximum(a, ring * 0.9)
    # debris: dark armour chunks and hot sparks on ballistic arcs
    rng2 = np.random.default_rng(4451)
    for k in range(26):
        ang = rng2.uniform(-math.pi, 0.25) if k % 3 else rng2.uniform(-math.pi, math.pi)
        speed = rng2.uniform(50, 110)
        px = s / 2 + math.cos(ang) * (24 + speed * f * 1.1)
        py = s / 2 + 10 + math.sin(ang) * (24 + speed * f * 1.1) + 80 * f * f
        size = rng2.uniform(1.4, 3.6) if k % 2 else rng2.uniform(0.8, 1.5)
        if f < 0.1 or f > 0.9:
            continue
        m = np.hypot(xx - px, (yy - py) * 1.3) < size * (1 - f * 0.3)
        c_ = col(P.GUNMETAL_DARK) if k % 2 else col(P.FIRE_YELLOW)
        rgb[m] = c_
        a[m] = 1.0
    return _rgba(rgb, a)


def _streak(tail_cols, head_col, rng: np.random.Generator, jagged: bool) -> tuple[Array, Array]:
    """Shared comet body for the V-MAX streaks: 512x192 (rgb, alpha), head at the right."""
    h, w = 192, 512
    yy, xx = _grid(h, w)
    hx, cy = w - 70, h / 2 - 0.5
    along = hx - xx  # distance behind the head
    t = np.clip(along / (w - 90), 0, 1)
    half = 6 + 70 * t**0.8  # the tail fans out
    n = fbm(rng, h, w, base=4, octaves=4)
    wob = (value_noise(rng, h, w, 3, 10) - 0.5) * 30 * t
    d = np.abs(yy - cy + wob) / half
    body = np.clip(1 - d, 0, 1) ** 1.1 * (along > -6) * (1 - t) ** 0.5
    body = np.clip(body * (0.85 + 0.6 * n) * 1.4, 0, 1)
    # streamers: bright filaments inside the tail
    fil = np.zeros((h, w))
    for _ in range(9):
        off = rng.uniform(-0.8, 0.8)
        freq = rng.uniform(0.02, 0.05)
        ph = rng.uniform(0, 6.3)
        yline = cy + off * half + np.sin(along * freq + ph) * 6 * t
        if jagged:
            yline = yline + (np.floor(along / 14) % 2 - 0.5) * 10 * t * rng.uniform(0.5, 1.5)
        fil = np.maximum(fil, np.exp(-(((yy - yline) / 1.8) ** 2)) * (along > 0) * (1 - t) ** 1.2)
    head = np.exp(-((np.hypot((xx - hx) / 44, (yy - cy) / 34)) ** 2))
    core = np.exp(-((np.hypot((xx - hx) / 20, (yy - cy) / 15)) ** 2))
    # bow shock in front of the head
    bow_r = np.hypot((xx - hx + 20) / 1.0, (yy - cy) / 1.6)
    bow = np.exp(-(((bow_r - 56) / 4) ** 2)) * (xx > hx - 4) * np.clip(1 - np.abs(yy - cy) / 80, 0, 1)
    bow += np.exp(-(((bow_r - 66) / 2.5) ** 2)) * (xx > hx) * np.clip(1 - np.abs(yy - cy) / 70, 0, 1) * 0.6
    a = np.clip(np.maximum.reduce([body, fil, head * 1.2, bow]), 0, 1)
    heat = np.clip(body * 0.5 + fil * 0.6 + head * 0.8 + core, 0, 1)
    rgb = ramp(heat, tail_cols)
    rgb = rgb * (1 - core[..., None]) + col(head_col) * core[..., None]
    return rgb, a


def vmax_streak() -> Array:
    """512x192 blue-white "Blue Comet": a fanning cobalt tail, white filaments, a bow shock at the head."""
    rng = np.random.default_rng(4460)
    rgb, a = _streak(
        [(0, P.COBALT_DARK), (0.3, P.BEAM_GLOW), (0.65, P.BEAM), (1, P.BEAM_CORE)],
        (255, 255, 255),
        rng,
        False,
    )
    return _rgba(rgb, a)


def folon_streak() -> Array:
    """512x192 Folon override: a violet-crimson tail with jagged lightning and a hexagonal glyph ring."""
    h, w = 192, 512
    rng = np.random.default_rng(4470)
    rgb, a = _streak(
        [(0, (60, 10, 40)), (0.3, (150, 20, 70)), (0.6, (210, 60, 160)), (1, (255, 210, 240))],
        (255, 230, 250),
        rng,
        True,
    )
    yy, xx = _grid(h, w)
    hx, cy = w - 70, h / 2 - 0.5
    # hexagonal ring of the alien system taking over
    ang = np.arctan2(yy - cy, xx - hx)
    rr = np.hypot(xx - hx, yy - cy)
    hexr = 44 / np.cos(((ang + math.pi / 6) % (math.pi / 3)) - math.pi / 6)
    hexring = np.exp(-(((rr - hexr) / 1.6) ** 2))
    ticks = (np.cos(ang * 24) > 0.6) & (np.abs(rr - hexr - 6) < 2.2)
    ring = np.clip(hexring + ticks * 0.9, 0, 1)
    rgb = rgb * (1 - ring[..., None]) + col((255, 80, 120)) * ring[..., None]
    a = np.maximum(a, ring * 0.95)
    # forked lightning arcs around the head
    bolt = np.zeros((h, w))
    halo = np.zeros((h, w))
    for _ in range(5):
        x, y = float(hx), float(cy)
        heading = rng.uniform(math.pi * 0.5, math.pi * 1.5)
        for _seg in range(9):
            nx = x + math.cos(heading) * rng.uniform(10, 18)
            ny = min(h - 12.0, max(12.0, y + math.sin(heading) * rng.uniform(10, 18)))
            px, py = xx - x, yy - y
            sx, sy = nx - x, ny - y
            L2 = sx * sx + sy * sy
            u = np.clip((px * sx + py * sy) / L2, 0, 1)
            dist = np.hypot(px - u * sx, py - u * sy)
            bolt = np.maximum(bolt, np.exp(-((dist / 1.3) ** 2)))
            halo = np.maximum(halo, np.exp(-((dist / 5) ** 2)) * 0.6)
            x, y = nx, ny
            heading += rng.uniform(-0.9, 0.9)
    rgb = rgb * (1 - halo[..., None]) + col((230, 60, 170)) * halo[..., None]
    rgb = rgb * (1 - bolt[..., None]) + col((255, 235, 255)) * bolt[..., None]
    a = np.maximum.reduce([a, bolt, halo])
    return _rgba(rgb, a)


FX_MAKERS: dict[str, Callable[[], Array]] = {
    "backdrop_mars": lambda: backdrop(dust=False),
    "backdrop_dust": lambda: backdrop(dust=True),
    "speed_lines": speed_lines,
    "banner": banner,
    "burst": burst,
    "beam_streak": beam_streak,
    "missile_volley": missile_volley,
    "knuckle_flash": knuckle_flash,
    **{f"kill_{i}": partial(kill_explosion, i) for i in range(KILL_FRAMES)},
    "vmax_streak": vmax_streak,
    "folon_streak": folon_streak,
}


def fx_item(name: str) -> Array:
    """The finished image of cutin/<name>.png (fully transparent pixels black, safe to premultiply)."""
    arr = FX_MAKERS[name]()
    arr[arr[..., 3] <= 0.5 / 255, :3] = 0
    return arr


def generate(out: Path) -> list[Path]:
    assert list(FX_MAKERS) == CUTIN_FX
    files = []
    for name in CUTIN_FX:
        p = out / "cutin" / f"{name}.png"
        save_rgba(fx_item(name), p)
        files.append(p)
    return files
