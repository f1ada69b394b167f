"""Shared helpers: headless pygame, numpy <-> surface, noise, hill-shading, a supersampled canvas."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import numpy as np
import pygame

from . import palette as P

Array = np.ndarray
Pt = tuple[float, float]


# --------------------------------------------------------------------------------------------------
# Surfaces and files
# --------------------------------------------------------------------------------------------------
def to_surface(rgba: Array) -> pygame.Surface:
    """(h, w, 4) float 0..1 or uint8 array -> new SRCALPHA surface (no display needed)."""
    arr = rgba
    if arr.dtype != np.uint8:
        arr = np.clip(np.rint(arr * 255.0), 0, 255).astype(np.uint8)
    if arr.shape[2] == 3:
        arr = np.concatenate([arr, np.full((*arr.shape[:2], 1), 255, np.uint8)], axis=2)
    h, w = arr.shape[:2]
    return pygame.image.frombytes(np.ascontiguousarray(arr).tobytes(), (w, h), "RGBA")


def from_surface(surf: pygame.Surface) -> Array:
    """Surface -> (h, w, 4) float array in 0..1."""
    w, h = surf.get_size()
    raw = pygame.image.tobytes(surf, "RGBA")
    return np.frombuffer(raw, np.uint8).reshape(h, w, 4).astype(np.float64) / 255.0


def save_rgba(rgba: Array, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(to_surface(rgba), str(path))


def col(c: Sequence[int]) -> Array:
    return np.asarray(c[:3], np.float64) / 255.0


def solid(h: int, w: int, c: Sequence[int], a: float = 1.0) -> Array:
    out = np.zeros((h, w, 4))
    out[..., :3] = col(c)
    out[..., 3] = a
    return out


def over(dst: Array, src: Array) -> Array:
    """Porter-Duff 'src over dst' on float RGBA arrays (straight alpha)."""
    sa = src[..., 3:4]
    da = dst[..., 3:4]
    oa = sa + da * (1 - sa)
    safe = np.where(oa > 1e-6, oa, 1)
    rgb = (src[..., :3] * sa + dst[..., :3] * da * (1 - sa)) / safe
    return np.concatenate([rgb, oa], axis=2)


def ramp(t: Array, stops: Sequence[tuple[float, Sequence[int]]]) -> Array:
    """Map t (any shape, 0..1) through colour stops -> (..., 3) floats."""
    xs = np.array([s[0] for s in stops])
    cs = np.array([col(s[1]) for s in stops])
    t = np.clip(t, xs[0], xs[-1])
    return np.stack([np.interp(t, xs, cs[:, i]) for i in range(3)], axis=-1)


def downsample(arr: Array, k: int) -> Array:
    """Box-filter an (H, W, 4) straight-alpha array by an integer factor, premultiplied."""
    h, w = arr.shape[0] // k, arr.shape[1] // k
    a = arr[..., 3:4]
    pre = np.concatenate([arr[..., :3] * a, a], axis=2)
    pre = pre.reshape(h, k, w, k, 4).mean(axis=(1, 3))
    am = pre[..., 3:4]
    rgb = pre[..., :3] / np.where(am > 1e-6, am, 1)
    return np.concatenate([rgb, am], axis=2)


def shift(m: Array, dx: int, dy: int, wrap: bool = False) -> Array:
    """out[y, x] = m[y - dy, x - dx] (zero outside unless wrap)."""
    if wrap:
        return np.roll(np.roll(m, dy, axis=0), dx, axis=1)
    out = np.zeros_like(m)
    h, w = m.shape[:2]
    ys = slice(max(dy, 0), h + min(dy, 0))
    xs = slice(max(dx, 0), w + min(dx, 0))
    ys2 = slice(max(-dy, 0), h + min(-dy, 0))
    xs2 = slice(max(-dx, 0), w + min(-dx, 0))
    out[ys, xs] = m[ys2, xs2]
    return out


def dilate(m: Array, r: int = 1, diag: bool = True) -> Array:
    out = m.copy()
    for _ in range(r):
        cur = out.copy()
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            out |= shift(cur, dx, dy)
        if diag:
            for dx, dy in ((1, 1), (-1, 1), (1, -1), (-1, -1)):
                out |= shift(cur, dx, dy)
    return out


def shade_edges(
    rgb: Array,
    m: Array,
    k: float,
    bevel: float,
    line: bool,
    reach: float = 0.9,
    rim: float = 0.3,
    ink: float = 0.45,
) -> None:
    """Shade a part's edges in place: with ``bevel``, a lit rim along its upper-left and a shaded one
    along its lower-right, ``reach`` x ``k`` pixels wide; with ``line``, an inked outline ``rim`` x
    ``k`` wide, darkened to ``ink``. The map sprites and the cut-ins share it (cut-ins, drawn larger,
    use narrower rims)."""
    if bevel:
        d = max(1, round(k * reach))
        hi = m & ~shift(m, d, d)
        lo = m & ~shift(m, -d, -d)
        rgb[hi] = rgb[hi] + (1 - rgb[hi]) * 0.45 * bevel
        rgb[lo] = rgb[lo] * (1 - 0.42 * bevel)
    if line:
        e = m & ~erode(m, max(1, round(k * rim)))
        rgb[e] = rgb[e] * ink


def erode(m: Array, r: int = 1) -> Array:
    return ~dilate(~m, r, diag=False)


def add_outline(rgba: Array, c: Sequence[int] = P.OUTLINE, thresh: float = 0.35) -> Array:
    """Dark 1-px outline under a sprite (8-neighbourhood) for readability when scaled down."""
    m = rgba[..., 3] > thresh
    ring = dilate(m, 1, diag=True)
    base = np.zeros_like(rgba)
    base[..., :3] = col(c)
    base[..., 3] = ring * 0.95
    return over(base, rgba)


def blur(a: Array, r: int = 1, wrap: bool = False) -> Array:
    """Cheap separable box blur (radius r), optionally periodic."""
    out = a.astype(np.float64)
    n = 2 * r + 1
    for axis in (0, 1):
        if wrap:
            acc = sum(np.roll(out, s, axis=axis) for s in range(-r, r + 1))
        else:
            pad = [(0, 0)] * out.ndim
            pad[axis] = (r, r)
            p = np.pad(out, pad, mode="edge")
            acc = sum(np.take(p, np.arange(s, s + out.shape[axis]), axis=axis) for s in range(n))
        out = np.asarray(acc) / n
    return out


# --------------------------------------------------------------------------------------------------
# Noise (periodic, so tiles repeat seamlessly)
# --------------------------------------------------------------------------------------------------
def value_noise(rng: np.random.Generator, h: int, w: int, cy: int, cx: int | None = None) -> Array:
    """Smooth periodic value noise in 0..1 on a (cy x cx) lattice, sampled at h x w."""
    cx = cy if cx is None else cx
    grid = rng.random((cy, cx))
    ys = np.arange(h) * cy / h
    xs = np.arange(w) * cx / w
    y0 = np.floor(ys).astype(int)
    x0 = np.floor(xs).astype(int)
    fy = ys - y0
    fx = xs - x0
    fy = fy * fy * (3 - 2 * fy)
    fx = fx * fx * (3 - 2 * fx)
    y1 = (y0 + 1) % cy
    x1 = (x0 + 1) % cx
    a = grid[np.ix_(y0, x0)]
    b = grid[np.ix_(y0, x1)]
    c = grid[np.ix_(y1, x0)]
    d = grid[np.ix_(y1, x1)]
    top = a + (b - a) * fx[None, :]
    bot = c + (d - c) * fx[None, :]
    return top + (bot - top) * fy[:, None]


def fbm(
    rng: np.random.Generator, h: int, w: int, base: int = 4, octaves: int = 4, gain: float = 0.5
) -> Array:
    """Periodic fractal noise normalised to 0..1."""
    total = np.zeros((h, w))
    amp = 1.0
    norm = 0.0
    cells = base
    for _ in range(octaves):
        total += amp * value_noise(rng, h, w, cells, max(1, cells * w // h))
        norm += amp
        amp *= gain
        cells *= 2
    total /= norm
    lo, hi = total.min(), total.max()
    return (total - lo) / (hi - lo + 1e-9)


def hillshade(hgt: Array, strength: float = 1.0, wrap: bool = True) -> Array:
    """Lambert shading of a height field lit from the upper left; 1.0 = flat ground."""
    if wrap:
        gx = (np.roll(hgt, -1, axis=1) - np.roll(hgt, 1, axis=1)) * 0.5
        gy = (np.roll(hgt, -1, axis=0) - np.roll(hgt, 1, axis=0)) * 0.5
    else:
        gy, gx = np.gradient(hgt)
    lx, ly, lz = -0.6, -0.6, 0.53
    nz = 1.0 / np.sqrt(gx * gx + gy * gy + 1)
    lam = (-gx * lx - gy * ly + lz) * nz
    return 1.0 + (lam / lz - 1.0) * strength


def edge_weight(size: int, margin: float) -> Array:
    """0 at the tile border rising to 1 at `margin` px inside (for cross-variant seams)."""
    i = np.arange(size)
    d = np.minimum(i, size - 1 - i).astype(np.float64)
    d2 = np.minimum(d[:, None], d[None, :])
    t = np.clip(d2 / margin, 0, 1)
    return t * t * (3 - 2 * t)


# --------------------------------------------------------------------------------------------------
# Supersampled part-based canvas (units, portraits, title silhouettes)
# --------------------------------------------------------------------------------------------------
class Canvas:
    """Draw flat parts in design coordinates; each part gets bevel light/shadow and panel lines.

    The canvas is rendered at ``scale`` times the design size and box-filtered down by ``ss`` at
    ``finish`` (so scale == ss gives a design-size image).  A parallel team layer records which
    pixels belong to parts drawn with ``team=True``.
    """

    def __init__(self, w: int, h: int, scale: int = 4, ss: int = 4) -> None:
        self.w: float = w
        self.h: float = h
        self.k: float = scale
        self.ss = ss
        self.W, self.H = w * scale, h * scale
        self.rgb = np.zeros((self.H, self.W, 3))
        self.a = np.zeros((self.H, self.W))
        self.team = np.zeros((self.H, self.W))
        self.glow = np.zeros((self.H, self.W, 3))
        self._mask_surf = pygame.Surface((self.W, self.H))
        self.xf = (1.0, 1.0, w / 2, h / 2)  # (sx, sy, ox, oy): design-space stretch about (ox, oy)

    def stretch(self, sx: float, sy: float, ox: float, oy: float) -> None:
        self.xf = (sx, sy, ox, oy)

    # -- raw masks --
    def _mask(self, draw) -> Array:
        s = self._mask_surf
        s.fill((0, 0, 0))
        draw(s)
        raw = pygame.image.tobytes(s, "RGB")
        return np.frombuffer(raw, np.uint8).reshape(self.H, self.W, 3)[..., 0] > 127

    def _p(self, pt: Pt) -> tuple[float, float]:
        sx, sy, ox, oy = self.xf
        return ((ox + (pt[0] - ox) * sx) * self.k, (oy + (pt[1] - oy) * sy) * self.k)

    def poly_mask(self, pts: Sequence[Pt]) -> Array:
        q = [self._p(p) for p in pts]
        return self._mask(lambda s: pygame.draw.polygon(s, (255, 255, 255), q))

    def ellipse_mask(self, cx: float, cy: float, rx: float, ry: float) -> Array:
        k = self.k
        (px, py), sx, sy = self._p((cx, cy)), self.xf[0], self.xf[1]
        rx, ry = rx * sx * k, ry * sy * k
        r = pygame.Rect(round(px - rx), round(py - ry), round(2 * rx), round(2 * ry))
        return self._mask(lambda s: pygame.draw.ellipse(s, (255, 255, 255), r))

    def line_mask(self, p1: Pt, p2: Pt, width: float) -> Array:
        (x1, y1), (x2, y2) = p1, p2
        dx, dy = x2 - x1, y2 - y1
        n = max(1e-6, (dx * dx + dy * dy) ** 0.5)
        ox, oy = -dy / n * width / 2, dx / n * width / 2
        m = self.poly_mask([(x1 + ox, y1 + oy), (x2 + ox, y2 + oy), (x2 - ox, y2 - oy), (x1 - ox, y1 - oy)])
        return (
            m
            | self.ellipse_mask(x1, y1, width / 2, width / 2)
            | self.ellipse_mask(x2, y2, width / 2, width / 2)
        )

    # -- painting --
    def paint(
        self,
        m: Array,
        c: Sequence[int],
        team: bool = False,
        bevel: float = 1.0,
        line: bool = True,
        grad: float = 0.14,
        alpha: float = 1.0,
    ) -> Array:
        if not m.any():
            return m
        base = col(c)
        rgb = np.broadcast_to(base, (*m.shape, 3)).copy()
        if grad:
            ys = np.nonzero(m.any(axis=1))[0]
            y0, y1 = ys[0], ys[-1] + 1
            t = (np.arange(self.H) - y0) / max(1, y1 - y0)
            g = (1 + grad / 2 - grad * np.clip(t, 0, 1))[:, None, None]
            rgb = rgb * g
        shade_edges(rgb, m, self.k, bevel, line)
        rgb = np.clip(rgb, 0, 1)
        if alpha >= 1:
            self.rgb[m] = rgb[m]
            self.a[m] = 1.0
        else:
            self.rgb[m] = self.rgb[m] * (1 - alpha) + rgb[m] * alpha
            self.a[m] = self.a[m] + (1 - self.a[m]) * alpha
        self.team[m] = 1.0 if team else 0.0
        return m

    def poly(self, pts: Sequence[Pt], c: Sequence[int], **kw) -> Array:
        return self.paint(self.poly_mask(pts), c, **kw)

    def ellipse(self, cx: float, cy: float, rx: float, ry: float, c: Sequence[int], **kw) -> Array:
        return self.paint(self.ellipse_mask(cx, cy, rx, ry), c, **kw)

    def circle(self, cx: float, cy: float, r: float, c: Sequence[int], **kw) -> Array:
        return self.paint(self.ellipse_mask(cx, cy, r, r), c, **kw)

    def rect(self, x: float, y: float, w: float, h: float, c: Sequence[int], **kw) -> Array:
        return self.poly([(x, y), (x + w, y), (x + w, y + h), (x, y + h)], c, **kw)

    def line(self, p1: Pt, p2: Pt, width: float, c: Sequence[int], **kw) -> Array:
        return self.paint(self.line_mask(p1, p2, width), c, **kw)

    def shadow(self, cx: float, cy: float, rx: float, ry: float, alpha: float = 0.45) -> None:
        """Soft ground shadow (only where nothing is drawn yet)."""
        k = self.k
        yy, xx = np.mgrid[0 : self.H, 0 : self.W]
        d = ((xx / k - cx) / rx) ** 2 + ((yy / k - cy) / ry) ** 2
        sa = np.clip(1 - d, 0, 1) ** 0.6 * alpha
        free = self.a < 1e-6
        self.rgb[free] = col(P.UMBER_DEEP)
        self.a[free] = np.maximum(self.a[free], sa[free])

    def emit(self, cx: float, cy: float, r: float, c: Sequence[int], power: float = 1.0) -> None:
        """Additive glow (eyes, thrusters) applied at finish, after the outline."""
        px, py = self._p((cx, cy))
        yy, xx = np.mgrid[0 : self.H, 0 : self.W]
        d = np.sqrt((xx - px) ** 2 + (yy - py) ** 2) / (r * self.k)
        self.glow += np.clip(1 - d, 0, 1)[..., None] ** 2 * col(c) * power

    def finish(self, outline: bool = True) -> tuple[Array, Array]:
        """-> (rgba, team_mask_rgba) at design size * scale / ss."""
        arr = np.concatenate([self.rgb, self.a[..., None]], axis=2)
        small = downsample(arr, self.ss)
        teamarr = np.zeros_like(arr)
        teamarr[..., :3] = 1.0
        teamarr[..., 3] = self.team * (self.a >= 1)
        team_small = downsample(teamarr, self.ss)
        team_small[..., :3] = 1.0
        if outline:
            small = add_outline(small)
        if self.glow.any():
            g = downsample(np.concatenate([self.glow, np.ones((self.H, self.W, 1))], 2), self.ss)
            gl = g[..., :3]
            lum = np.clip(gl.max(axis=2), 0, 1)
            prem = small[..., :3] * small[..., 3:4] + gl
            na = np.maximum(small[..., 3], lum)
            small[..., :3] = np.clip(prem / np.where(na > 1e-6, na, 1)[..., None], 0, 1)
            small[..., 3] = na
        return small, team_small


def tint(sprite: pygame.Surface, mask: pygame.Surface, color: Sequence[int]) -> pygame.Surface:
    """Runtime team tint: multiply the masked pixels of `sprite` by `color` (returns a copy).

    Use: ``tint(load("units/braver.png"), load("units/braver_team.png"), (220, 60, 50))``.
    """
    out = sprite.copy()
    tinted = sprite.copy()
    tinted.fill((*color[:3], 255), special_flags=pygame.BLEND_RGB_MULT)
    tinted.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
    out.blit(tinted, (0, 0))
    return out
