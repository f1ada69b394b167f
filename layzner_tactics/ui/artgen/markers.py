"""Map markers that do not depend on colour: side shapes, "last seen" ghosts, a hatched fog tile.

Side shapes and ghosts are white with a dark outline: multiply-tint them with the side's colour
(``surface.fill(colour, special_flags=BLEND_RGB_MULT)``) and the outline stays dark, so the shape reads
on any ground and for any colour vision.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from . import MARKER_IDS, TILE
from . import palette as P
from .common import Array, col, dilate, downsample, erode, pygame, save_rgba

SS = 8


def _mask(size: int, draw) -> Array:
    """Boolean mask at size*SS, drawn by draw(surface, scale) in white."""
    s = pygame.Surface((size * SS, size * SS))
    s.fill((0, 0, 0))
    draw(s, SS)
    raw = pygame.image.tobytes(s, "RGB")
    return np.frombuffer(raw, np.uint8).reshape(size * SS, size * SS, 3)[..., 0] > 127


def _outlined(m: Array, width: float, fill=P.MARK_WHITE, line=P.OUTLINE, fill_alpha: float = 1.0) -> Array:
    """White shape `m` over a dark ring `width` output pixels wide, downsampled by SS."""
    ring = dilate(m, max(1, round(width * SS)), diag=False)
    out = np.zeros((*m.shape, 4))
    out[ring, :3] = col(line)
    out[ring, 3] = 0.95
    out[m, :3] = col(fill)
    out[m, 3] = fill_alpha
    return downsample(out, SS)


def _shape_points(shape: str, n: float, m: float) -> list[tuple[float, float]]:
    """Polygon of a side shape in a box of side n with margin m (pixels at any scale)."""
    lo, hi, mid = m, n - m, n / 2
    if shape == "square":
        inset = (hi - lo) * 0.08
        return [
            (lo + inset, lo + inset),
            (hi - inset, lo + inset),
            (hi - inset, hi - inset),
            (lo + inset, hi - inset),
        ]
    if shape == "diamond":
        return [(mid, lo), (hi, mid), (mid, hi), (lo, mid)]
    if shape == "triangle":
        return [(mid, lo), (hi, hi - (hi - lo) * 0.06), (lo, hi - (hi - lo) * 0.06)]
    if shape == "chevron":  # a thick upward chevron, like a rank stripe
        t = (hi - lo) * 0.36
        top, bot = lo + (hi - lo) * 0.1, hi - (hi - lo) * 0.1
        return [(mid, top), (hi, bot - t), (hi, bot), (mid, top + t), (lo, bot), (lo, bot - t)]
    raise ValueError(f"unknown marker shape {shape!r}")


def side_marker(shape: str, size: int) -> Array:
    """size x size white side shape with a dark outline (tint by multiplying)."""
    margin = 1.6 if size <= 16 else 2.2

    def draw(s: pygame.Surface, k: int) -> None:
        if shape == "circle":
            r = (size / 2 - margin) * k
            pygame.draw.circle(s, (255, 255, 255), (size * k / 2, size * k / 2), r)
        else:
            pygame.draw.polygon(
                s, (255, 255, 255), [(x * k, y * k) for x, y in _shape_points(shape, size, margin)]
            )

    return _outlined(_mask(size, draw), 1.2 if size <= 16 else 1.5)


def last_seen() -> Array:
    """64x64 "last seen" reticle: dashed ring, corner ticks and a question mark, white on a dark outline."""
    n = TILE
    k = SS
    yy, xx = np.mgrid[0 : n * k, 0 : n * k].astype(np.float64) / k
    cx = cy = n / 2
    r = np.hypot(xx - cx, yy - cy)
    ang = np.arctan2(yy - cy, xx - cx)
    dashes = np.cos(ang * 8 + math.pi / 8) > -0.2
    ring = (np.abs(r - 21.5) < 1.6) & dashes
    ticks = np.zeros_like(ring)
    for a in (0, math.pi / 2, math.pi, -math.pi / 2):
        ux, uy = math.cos(a), math.sin(a)
        along = (xx - cx) * ux + (yy - cy) * uy
        across = np.abs(-(xx - cx) * uy + (yy - cy) * ux)
        ticks |= (along > 24.5) & (along < 29.5) & (across < 1.3)

    def glyph(s: pygame.Surface, kk: int) -> None:
        w = (255, 255, 255)
        # the hook of the question mark: a thick arc from the left, over the top, down to the stem
        q_cx, q_cy, q_r, th = cx, cy - 5.5, 6.5, 3.4
        pts_out, pts_in = [], []
        for i in range(25):
            a = math.radians(200 - i * 11.5)  # 200 deg -> -76 deg, clockwise over the top
            pts_out.append((q_cx + math.cos(a) * (q_r + th / 2), q_cy - math.sin(a) * (q_r + th / 2)))
            pts_in.append((q_cx + math.cos(a) * (q_r - th / 2), q_cy - math.sin(a) * (q_r - th / 2)))
        pygame.draw.polygon(s, w, [(x * kk, y * kk) for x, y in pts_out + pts_in[::-1]])
        pygame.draw.rect(
            s,
            w,
            pygame.Rect(
                round((cx - th / 2) * kk), round((q_cy + q_r - 1.5) * kk), round(th * kk), round(5 * kk)
            ),
        )
        pygame.draw.circle(s, w, (cx * kk, (cy + 11) * kk), 2.3 * kk)

    q = _mask(n, glyph)
    m = ring | ticks | q
    out = _outlined(m, 1.3)
    # faint dark disc so the mark reads on bright ground
    disc = np.clip(
        1 - np.hypot(*np.mgrid[0:n, 0:n] - np.array([n / 2 - 0.5, n / 2 - 0.5])[:, None, None]) / 23, 0, 1
    )
    under = out[..., 3] < 0.05
    out[under, :3] = col(P.UI_BG)
    out[..., 3] = np.where(under, disc * 0.35, out[..., 3])
    return out


def ghost(uid: str) -> Array:
    """64x64 hollow dashed silhouette of a unit's map sprite (where it was last seen), white on dark."""
    from .units import unit_sprite

    spr, _ = unit_sprite(uid)
    n = TILE
    k = 4
    a = np.repeat(np.repeat(spr[..., 3] > 0.5, k, 0), k, 1)  # work at 4x for smooth dashes
    yy, xx = np.mgrid[0 : n * k, 0 : n * k]
    edge = dilate(a, k, diag=True) & ~erode(a, k // 2)
    dashes = ((xx + yy) // (3 * k)) % 2 == 0
    line = edge & dashes
    out = np.zeros((n * k, n * k, 4))
    out[a, :3] = col(P.MARK_WHITE)
    out[a, 3] = 0.14  # a faint fill keeps the shape readable between the dashes
    ring = dilate(line, k // 2 + 1, diag=True) & ~line
    out[ring, :3] = col(P.OUTLINE)
    out[ring, 3] = 0.8
    out[line, :3] = col(P.MARK_WHITE)
    out[line, 3] = 1.0
    return downsample(out, k)


def fog_hatch() -> Array:
    """64x64 seamless fog of war: dark translucent fill crossed by diagonal hatching."""
    n = TILE
    k = 4
    yy, xx = np.mgrid[0 : n * k, 0 : n * k].astype(np.float64) / k
    period = 8.0  # divides 64: the hatching meets itself across every tile edge
    u = (xx + yy) % period
    hatch = np.abs(u - period / 2) < 1.1
    out = np.zeros((n * k, n * k, 4))
    out[..., :3] = col(P.FOG)
    out[..., 3] = 0.66
    out[hatch, :3] = col((92, 80, 100))
    out[hatch, 3] = 0.84
    return downsample(out, k)


def marker_item(name: str) -> Array:
    """The finished image of markers/<name>.png (fully transparent pixels black)."""
    if name.startswith("side_"):
        _, shape, size = name.split("_")
        arr = side_marker(shape, int(size))
    elif name.startswith("ghost_"):
        arr = ghost(name.removeprefix("ghost_"))
    elif name == "last_seen":
        arr = last_seen()
    elif name == "fog_hatch":
        arr = fog_hatch()
    else:
        raise ValueError(f"unknown marker {name!r}")
    arr[arr[..., 3] <= 0.5 / 255, :3] = 0
    return arr


def generate(out: Path) -> list[Path]:
    files = []
    for name in MARKER_IDS:
        p = out / "markers" / f"{name}.png"
        save_rgba(marker_item(name), p)
        files.append(p)
    return files
