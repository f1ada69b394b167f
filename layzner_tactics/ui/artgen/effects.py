"""Effects: beam, missile, trail, muzzle flash, explosion animation, particles, dust storm."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import palette as P
from .common import Array, Canvas, blur, col, fbm, ramp, save_rgba, value_noise


def _grid(h: int, w: int) -> tuple[Array, Array]:
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    return yy, xx


def _rgba(rgb: Array, a: Array) -> Array:
    return np.concatenate([np.clip(rgb, 0, 1), np.clip(a, 0, 1)[..., None]], axis=2)


def beam() -> Array:
    """64x16 horizontal segment, constant along x except a periodic shimmer (tiles along x)."""
    h, w = 16, 64
    yy, xx = _grid(h, w)
    d = np.abs(yy - 7.5)
    shimmer = 0.85 + 0.15 * np.sin(2 * np.pi * xx / w * 4)
    core = np.clip(1 - d / 2.2, 0, 1)
    glow = np.exp(-((d / 4.5) ** 2)) * shimmer
    t = core[..., None]
    rgb = col(P.BEAM_GLOW) * (1 - t) + col(P.BEAM_CORE) * t
    rgb = rgb * 0.6 + col(P.BEAM) * 0.4 * (1 - t) + col(P.BEAM_CORE) * 0.4 * t
    return _rgba(rgb, np.maximum(core, glow * 0.85))


def missile() -> Array:
    c = Canvas(24, 12, scale=4, ss=4)
    c.poly([(3, 3), (7, 5), (7, 7), (3, 9)], P.GUNMETAL)  # fins
    c.rect(5, 4.5, 13, 3, P.MECH_WHITE)
    c.poly([(18, 4.5), (22, 6), (18, 7.5)], P.ACCENT_RED, bevel=0.5)
    c.emit(3, 6, 3, P.FIRE_YELLOW, 1.0)
    return c.finish()[0]


def missile_trail() -> Array:
    """32x12: smoke trail, dense at the right (attach the missile's tail there)."""
    h, w = 12, 32
    rng = np.random.default_rng(31)
    yy, xx = _grid(h, w)
    t = xx / (w - 1)
    width = 1.5 + (1 - t) * 4
    n = value_noise(rng, h, w, 3, 8)
    a = np.clip(1 - np.abs(yy - 5.5 + (n - 0.5) * 3 * (1 - t)) / width, 0, 1) * (0.25 + 0.75 * t)
    rgb = ramp(t, [(0, P.SMOKE_LIGHT), (0.8, (200, 190, 180)), (1, P.FIRE_YELLOW)])
    return _rgba(rgb, a * (0.6 + 0.4 * n))


def muzzle_flash() -> Array:
    s = 32
    yy, xx = _grid(s, s)
    dx, dy = xx - 8, yy - 15.5
    ang = np.arctan2(dy, dx)
    r = np.hypot(dx, dy)
    spikes = np.clip(np.cos(ang * 4), 0, 1) ** 6 * 1.0 + np.exp(-((ang / 0.35) ** 2)) * 1.8
    reach = 5 + spikes * 9
    a = np.clip(1 - r / reach, 0, 1) * (dx > -6)
    t = np.clip(1 - r / 8, 0, 1)[..., None]
    rgb = col(P.FIRE_ORANGE) * (1 - t) + col(P.FIRE_WHITE) * t
    return _rgba(rgb, a**0.7)


def explosion(i: int) -> Array:
    """Frame i of 8: flash -> fireball -> smoke, 64x64."""
    s = 64
    rng = np.random.default_rng(77)  # same noise every frame so the ball evolves smoothly
    yy, xx = _grid(s, s)
    n = fbm(rng, s, s, base=4, octaves=4)
    f = i / 7
    r = np.hypot(xx - 31.5, yy - 31.5 + f * 6)
    radius = 8 + 22 * (1 - (1 - f) ** 2)
    edge = radius * (0.8 + 0.4 * n)
    ball = np.clip((edge - r) / 4, 0, 1)
    heat = np.clip(1 - r / edge, 0, 1) * (1 - f) ** 1.2 * 1.6 + (n - 0.5) * 0.3
    rgb = ramp(
        np.clip(heat, 0, 1),
        [(0, P.SMOKE), (0.25, P.FIRE_RED), (0.5, P.FIRE_ORANGE), (0.75, P.FIRE_YELLOW), (1, P.FIRE_WHITE)],
    )
    a = ball * (1 - max(0.0, f - 0.6) * 2.0) * (0.75 + 0.25 * n)
    if i == 0:
        a = np.maximum(a, np.clip(1 - r / 26, 0, 1) ** 2)
        rgb = rgb * 0.3 + col(P.FIRE_WHITE) * 0.7
    # debris sparks flying out
    rng2 = np.random.default_rng(78)
    for _ in range(10):
        ang = rng2.uniform(0, 2 * np.pi)
        dist = 6 + f * rng2.uniform(18, 30)
        x, y = 31.5 + np.cos(ang) * dist, 31.5 + np.sin(ang) * dist + f * f * 8
        m = np.hypot(xx - x, yy - y) < 1.3 * (1 - f * 0.5)
        if f < 0.85:
            rgb[m] = col(P.FIRE_YELLOW)
            a = np.where(m, 1.0, a)
    return _rgba(rgb, a)


def dust_particle() -> Array:
    s = 16
    yy, xx = _grid(s, s)
    r = np.hypot(xx - 7.5, yy - 7.5) / 7.5
    a = np.clip(1 - r, 0, 1) ** 1.5 * 0.85
    rgb = np.broadcast_to(col(P.DUST), (s, s, 3)).copy()
    return _rgba(rgb, a)


def hit_spark() -> Array:
    s = 32
    yy, xx = _grid(s, s)
    dx, dy = xx - 15.5, yy - 15.5
    ang = np.arctan2(dy, dx)
    r = np.hypot(dx, dy)
    rays = np.clip(np.cos(ang * 4 + 0.3), 0, 1) ** 10 + np.clip(np.cos(ang * 3 + 1.1), 0, 1) ** 14 * 0.7
    a = np.clip(1 - r / (3 + rays * 13), 0, 1)
    t = np.clip(1 - r / 5, 0, 1)[..., None]
    rgb = col(P.BEAM) * (1 - t) + col(P.BEAM_CORE) * t
    return _rgba(rgb, a**0.6)


def dust_storm() -> Array:
    """256x256 seamless (periodic noise), semi-transparent wind-blown dust."""
    s = 256
    rng = np.random.default_rng(256)
    n = fbm(rng, s, s, base=4, octaves=5, gain=0.55)
    # streak it along the wind (x) with a periodic box blur
    streak = blur(fbm(rng, s, s, base=8, octaves=3), 6, wrap=True)
    streak = np.roll(streak, 0, axis=1)
    v = np.clip(n * 0.7 + streak * 0.5 - 0.25, 0, 1)
    rgb = ramp(v, [(0, P.SIENNA), (0.5, P.RUST_LIGHT), (1, P.DUST)])
    return _rgba(rgb, 0.15 + v * 0.45)


def generate(out: Path) -> list[Path]:
    items = {
        "beam": beam(),
        "missile": missile(),
        "missile_trail": missile_trail(),
        "muzzle_flash": muzzle_flash(),
        **{f"explosion_{i}": explosion(i) for i in range(8)},
        "dust_particle": dust_particle(),
        "hit_spark": hit_spark(),
        "dust_storm": dust_storm(),
    }
    files = []
    for name, arr in items.items():
        p = out / "effects" / f"{name}.png"
        save_rgba(arr, p)
        files.append(p)
    return files
