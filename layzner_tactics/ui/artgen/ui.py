"""UI pieces (nine-slice panel/buttons, cursor, range highlights, fog), title screen, icon."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import TILE
from . import palette as P
from .common import Array, Canvas, blur, col, downsample, fbm, over, ramp, save_rgba, shift, value_noise
from .units import layzner


def _grid(h: int, w: int) -> tuple[Array, Array]:
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    return yy, xx


def _edge_dist(h: int, w: int) -> Array:
    yy, xx = _grid(h, w)
    return np.minimum(np.minimum(xx, w - 1 - xx), np.minimum(yy, h - 1 - yy))


def nine_slice(fill_top, fill_bot, fill_a: float, frame, inner, notch: bool = True) -> Array:
    """48x48 with 16-px borders: stretch only the centre row/column."""
    s = 48
    yy, xx = _grid(s, s)
    d = _edge_dist(s, s)
    out = np.zeros((s, s, 4))
    out[..., :3] = ramp(yy / (s - 1), [(0, fill_top), (1, fill_bot)])
    out[..., 3] = fill_a
    out[d < 2, :3] = col(frame)
    out[d < 2, 3] = 1
    out[(d >= 4) & (d < 5), :3] = col(inner)
    out[(d >= 4) & (d < 5), 3] = 0.8
    if notch:
        cut = (xx + yy < 5) | ((s - 1 - xx) + (s - 1 - yy) < 5)
        out[cut, 3] = 0
        tab = (d < 3) & (((xx < 12) & (yy < 12)) | ((xx > 35) & (yy > 35)))
        out[tab, :3] = col(frame)
        out[tab, 3] = 1
    return out


def panel() -> Array:
    return nine_slice(P.UI_BG_LIGHT, P.UI_BG, 0.86, P.UI_AMBER, P.UI_CYAN)


def button(state: str) -> Array:
    if state == "hover":
        return nine_slice((86, 66, 60), (46, 34, 40), 0.95, P.UI_CYAN, P.UI_AMBER)
    if state == "pressed":
        b = nine_slice((22, 16, 22), (50, 38, 44), 0.97, P.shade(P.UI_AMBER, 0.7), P.UI_CYAN)
        return b
    return nine_slice((66, 50, 48), (30, 22, 28), 0.92, P.UI_AMBER, P.shade(P.UI_CYAN, 0.6))


def cursor() -> Array:
    n = TILE
    yy, xx = _grid(n, n)
    out = np.zeros((n, n, 4))
    d = _edge_dist(n, n)
    corner = ((xx < 16) | (xx > n - 17)) & ((yy < 16) | (yy > n - 17))
    br = corner & (d >= 1) & (d < 5)
    ol = corner & (d < 6) & ~br
    out[ol, :3] = col(P.UI_BG)
    out[ol, 3] = 0.9
    out[br, :3] = col(P.UI_AMBER)
    out[br & (d < 2), :3] = col(P.DUST_WHITE)
    out[br, 3] = 1
    return out


def range_tile(c) -> Array:
    n = TILE
    d = _edge_dist(n, n)
    out = np.zeros((n, n, 4))
    out[..., :3] = col(c)
    out[..., 3] = 0.32 + 0.12 * np.clip(1 - d / 14, 0, 1)
    rim = (d >= 1) & (d < 3)
    out[rim, :3] = col(P.shade(c, 1.35))
    out[rim, 3] = 0.8
    out[d < 1, 3] = 0.1
    return out


def path_dot() -> Array:
    s = 16
    yy, xx = _grid(s, s)
    r = np.hypot(xx - 7.5, yy - 7.5)
    out = np.zeros((s, s, 4))
    out[..., :3] = col(P.UI_AMBER)
    out[r < 2.5, :3] = col(P.DUST_WHITE)
    out[..., 3] = np.clip(4.8 - r, 0, 1)
    ring = (r >= 4.5) & (r < 6)
    out[ring, :3] = col(P.UI_BG)
    out[ring, 3] = 0.8
    return out


def fog() -> Array:
    n = TILE
    rng = np.random.default_rng(64)
    v = fbm(rng, n, n, base=2, octaves=3)
    out = np.zeros((n, n, 4))
    out[..., :3] = col(P.FOG) * (0.8 + 0.4 * v[..., None])
    out[..., 3] = 0.62 + 0.12 * v
    return out


def _profile(rng: np.random.Generator, w: int, base: float, amp: float, cells: int) -> Array:
    n = value_noise(rng, 1, w, 1, cells)[0] * 0.65 + value_noise(rng, 1, w, 1, cells * 4)[0] * 0.35
    return base - n * amp


def title() -> Array:
    h, w = 720, 1280
    rng = np.random.default_rng(1996)
    yy, xx = _grid(h, w)
    t = yy / h
    sky = ramp(
        t, [(0, (20, 14, 34)), (0.3, P.SKY_TOP), (0.55, P.SKY_MID), (0.7, P.SKY_LOW), (0.74, P.SKY_GLOW)]
    )
    # setting sun glow low on the left, small and pale (Mars)
    sd = np.hypot(xx - 300, yy - 500)
    sky = sky + col(P.SUN) * (np.clip(1 - sd / 260, 0, 1) ** 2 * 0.45)[..., None]
    sky[sd < 14] = col(P.SUN)
    # stars in the upper sky
    stars = (rng.random((h, w)) > 0.9985) & (t < 0.4)
    sky[stars] = sky[stars] * 0.3 + 0.7 * (1 - t[stars, None])
    # the blue comet streak: a diagonal from upper right to lower left with a bright head
    ux, uy = -0.86, 0.51
    px, py = xx - 1030, yy - 150
    along = px * ux + py * uy
    perp = np.abs(-px * uy + py * ux)
    tail = np.clip(1 - (-along) / 720, 0, 1) * (along < 0)
    wid = 2 + (-along).clip(0) * 0.03
    streak = tail * np.exp(-((perp / wid) ** 2))
    head = np.exp(-((np.hypot(px, py) / 10) ** 2))
    halo = np.exp(-((np.hypot(px, py) / 60) ** 2)) * 0.6
    glow = np.clip(streak + head + halo + tail * np.exp(-((perp / (wid * 5)) ** 2)) * 0.35, 0, 1)
    sky = (
        sky * (1 - glow[..., None] * 0.3)
        + (col(P.BEAM_GLOW) * 0.5 + col(P.BEAM_CORE) * 0.5) * glow[..., None]
    )
    img = sky
    # layered mesas and ridges
    layers = [
        (0.72, 30, 6, (150, 80, 80), 0.0),
        (0.76, 60, 4, (118, 58, 50), 0.0),
        (0.83, 50, 7, P.SIENNA_DARK, 0.0),
        (0.92, 90, 5, P.UMBER, 0.0),
    ]
    for base, amp, cells, c, _ in layers:
        prof = _profile(rng, w, base * h, amp, cells)
        if c == (150, 80, 80):  # flat-topped mesas in the haze
            prof = np.where(value_noise(rng, 1, w, 1, 9)[0] > 0.55, base * h - amp, base * h)
            prof = blur(prof[None, :], 3)[0]
        m = yy >= prof[None, :]
        shade = ramp(np.clip((yy - prof[None, :]) / 120, 0, 1), [(0, c), (1, P.shade(c, 0.6))])
        img[m] = shade[m]
        # dusk rim light on the crest
        rim = m & (yy < prof[None, :] + 2)
        img[rim] = img[rim] * 0.6 + col(P.SKY_LOW) * 0.4
    # foreground rock outcrop (right) for the Layzner to stand on
    rock = (xx - 960) ** 2 / 260**2 + (yy - 760) ** 2 / 170**2 < 1
    img[rock] = ramp(np.clip((yy[rock] - 600) / 160, 0, 1), [(0, P.ROCK_DARK), (1, P.UMBER_DEEP)])
    edge = rock & ~shift(rock, 3, 3)
    img[edge] = img[edge] * 0.5 + col(P.BEAM) * 0.5
    # ground haze
    haze = np.clip(1 - np.abs(yy - 0.74 * h) / 50, 0, 1)
    img = img * (1 - haze[..., None] * 0.2) + col(P.SKY_LOW) * haze[..., None] * 0.2
    # the Layzner silhouette with blue comet rim light
    canvas = Canvas(64, 64, scale=20, ss=4)
    layzner(canvas)
    solid = canvas.a >= 1
    canvas.a[~solid] = 0
    fig, _ = canvas.finish(outline=False)
    fh = fig.shape[0]
    a = fig[..., 3]
    rim = np.clip(a - shift(a, 3, 3), 0, 1) * 0.8
    fig_rgb = np.broadcast_to(col((22, 14, 22)), (*fig.shape[:2], 3)).copy()
    fig_rgb = fig_rgb * (1 - rim[..., None]) + col(P.BEAM_CORE) * rim[..., None]
    eye = np.exp(-((np.hypot(*np.mgrid[0:fh, 0:fh] - np.array([12.5, 36.5])[:, None, None] * 5) / 6) ** 2))
    fig_rgb = fig_rgb + col((120, 255, 220)) * eye[..., None]
    x0, y0 = 960 - fh // 2 + 10, 600 - int(fh * 0.9)
    region = img[y0 : y0 + fh, x0 : x0 + fh]
    img[y0 : y0 + fh, x0 : x0 + fh] = region * (1 - a[..., None]) + np.clip(fig_rgb, 0, 1) * a[..., None]
    # vignette and a subtle cel-style scanline grain
    v = np.clip(np.hypot((xx - 640) / 800, (yy - 360) / 520), 0, 1)
    img = img * (1 - 0.45 * v**2)[..., None]
    img = img * (0.97 + 0.03 * (yy.astype(int) % 2))[..., None]
    out = np.concatenate([np.clip(img, 0, 1), np.ones((h, w, 1))], axis=2)
    return out


def icon() -> Array:
    s = 32 * 4
    yy, xx = _grid(s, s)
    out = np.zeros((s, s, 4))
    r = np.hypot(xx - 64, yy - 70)
    mars = r < 46
    shade_ = np.clip(1 - np.hypot(xx - 46, yy - 52) / 90, 0, 1)
    out[mars, :3] = ramp(shade_[mars], [(0, P.SIENNA_DARK), (0.6, P.RUST), (1, P.OCHRE)])
    out[mars, 3] = 1
    ux, uy = -0.8, 0.6
    px, py = xx - 104, yy - 24
    along = px * ux + py * uy
    perp = np.abs(-px * uy + py * ux)
    streak = np.clip(1 - along / 120, 0, 1) * (along > -6) * (perp < 4 + along.clip(0) * 0.1)
    head = np.hypot(px, py) < 12
    g = np.clip(streak + head, 0, 1)
    out[..., :3] = out[..., :3] * (1 - g[..., None]) + col(P.BEAM_CORE) * g[..., None]
    out[..., 3] = np.maximum(out[..., 3], g)
    rim = (out[..., 3] > 0.5) & ~(
        shift(out[..., 3] > 0.5, 4, 0)
        & shift(out[..., 3] > 0.5, -4, 0)
        & shift(out[..., 3] > 0.5, 0, 4)
        & shift(out[..., 3] > 0.5, 0, -4)
    )
    out[rim, :3] = col(P.COBALT_DARK)
    return downsample(out, 4)


def generate(out: Path) -> list[Path]:
    items = {
        "panel": panel(),
        "button": button("normal"),
        "button_hover": button("hover"),
        "button_pressed": button("pressed"),
        "cursor": cursor(),
        "range_move": range_tile(P.RANGE_MOVE),
        "range_attack": range_tile(P.RANGE_ATTACK),
        "range_threat": range_tile(P.RANGE_THREAT),
        "path_dot": path_dot(),
        "fog": fog(),
        "title": title(),
        "icon": icon(),
    }
    files = []
    for name, arr in items.items():
        p = out / "ui" / f"{name}.png"
        save_rgba(arr, p)
        files.append(p)
    return files


__all__ = ["generate", "over"]
