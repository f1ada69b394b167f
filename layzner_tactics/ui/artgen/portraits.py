"""Portraits (96x96): stylised anime busts with distinct hair, colours and frames; Rei is a screen."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import PORTRAIT_IDS, PORTRAIT_SIZE
from . import palette as P
from .common import Array, Canvas, col, over, ramp, save_rgba

S = PORTRAIT_SIZE
YY, XX = np.mgrid[0:S, 0:S].astype(np.float64)

EARTH_FRAME = P.UI_CYAN
GRADOS_FRAME = (206, 84, 170)

# id: (frame, bg_top, bg_bottom)
FRAMES = {
    "eiji": (P.COBALT_LIGHT, (30, 40, 90), (120, 150, 220)),
    "anna": ((250, 150, 180), (90, 50, 70), (240, 170, 150)),
    "elizabeth": (P.STAR_GOLD, (80, 60, 40), (230, 190, 130)),
    "arthur": ((120, 200, 120), (40, 60, 50), (170, 190, 140)),
    "roan": (P.BULDY_ORANGE, (80, 40, 30), (230, 150, 90)),
    "david": (P.BAYBULL_GREEN, (30, 60, 40), (140, 190, 130)),
    "simone": (P.TEAL, (30, 50, 60), (140, 200, 200)),
    "gale": (GRADOS_FRAME, (40, 20, 60), (150, 100, 180)),
    "gosterro": (P.ACCENT_RED, (50, 10, 20), (170, 60, 60)),
    "karla": ((230, 80, 140), (60, 20, 50), (200, 110, 150)),
    "lobelia": ((170, 190, 90), (40, 40, 30), (170, 170, 120)),
    "rei": (P.UI_CYAN, (6, 14, 20), (20, 50, 60)),
}


def background(pid: str) -> Array:
    frame, top, bot = FRAMES[pid]
    out = np.zeros((S, S, 4))
    t = YY / (S - 1)
    out[..., :3] = ramp(t, [(0, top), (1, bot)])
    # soft Mars-horizon band and a diagonal light streak (cel look)
    streak = np.abs((XX - YY * 0.6) - 58) < 10
    out[..., :3][streak] = out[..., :3][streak] * 0.85 + 0.15
    out[..., 3] = 1
    d = np.minimum(np.minimum(XX, S - 1 - XX), np.minimum(YY, S - 1 - YY))
    out[..., :3][d < 3] = col(frame)
    out[..., :3][(d >= 3) & (d < 4)] = col(P.UI_BG)
    out[..., :3][d < 1] = col(P.UI_BG)
    # notched corners
    corner = (XX + YY < 10) | ((S - 1 - XX) + (S - 1 - YY) < 10)
    out[corner, :3] = col(frame)
    out[(XX + YY < 6) | ((S - 1 - XX) + (S - 1 - YY) < 6), 3] = 0
    return out


def bust(
    c: Canvas,
    *,
    skin,
    suit,
    trim,
    hair,
    eyes,
    hair_back=None,
    hair_front=None,
    collar_high: bool = False,
    narrow_eyes: bool = False,
) -> None:
    # torso and suit
    c.poly([(8, 96), (16, 76), (34, 68), (62, 68), (80, 76), (88, 96)], suit)
    c.poly([(34, 68), (62, 68), (58, 78), (38, 78)], trim)
    if collar_high:
        c.poly([(34, 58), (40, 66), (48, 72), (56, 66), (62, 58), (64, 72), (32, 72)], trim)
    if hair_back:
        hair_back(c)
    c.poly([(41, 56), (55, 56), (55, 70), (41, 70)], P.shade(skin, 0.85), bevel=0)
    # face
    c.poly([(31, 34), (65, 34), (65, 50), (57, 62), (48, 66), (39, 62), (31, 50)], skin, grad=0.1)
    c.ellipse(30.5, 46, 2.5, 4, skin, bevel=0.3)  # ears
    c.ellipse(65.5, 46, 2.5, 4, skin, bevel=0.3)
    ey = 47
    for ex in (40.5, 55.5):
        if narrow_eyes:
            c.poly([(ex - 5, ey), (ex + 4, ey - 2), (ex + 5, ey + 1.5), (ex - 4, ey + 2)], P.UI_BG, bevel=0)
            c.ellipse(ex, ey, 1.8, 1.6, eyes, bevel=0, line=False)
        else:
            c.ellipse(ex, ey, 4.2, 5, (250, 248, 244), bevel=0)
            c.ellipse(ex + 0.5, ey + 0.5, 3.2, 4.2, eyes, bevel=0)
            c.ellipse(ex + 0.5, ey + 1, 1.6, 2.2, P.UI_BG, bevel=0, line=False)
            c.ellipse(ex - 1, ey - 1.6, 1.2, 1.2, (255, 255, 255), bevel=0, line=False)
        c.line((ex - 4.5, ey - 6.5), (ex + 4, ey - 7), 1.4, P.shade(hair, 0.6), bevel=0, line=False)
    c.line((48, 51), (47, 55), 1.0, P.shade(skin, 0.75), bevel=0, line=False)  # nose
    c.line((44.5, 59), (51.5, 59), 1.2, P.shade(skin, 0.55), bevel=0, line=False)  # mouth
    # top of head + fringe
    c.ellipse(48, 34, 18.5, 14, hair)
    if hair_front:
        hair_front(c)


def _spiky(color, n=7, y=30, length=14):
    def f(c: Canvas) -> None:
        for i in range(n):
            x = 30 + i * 36 / (n - 1)
            tip = (x + (x - 48) * 0.35 + 2, y + length - abs(x - 48) * 0.2)
            c.poly([(x - 5, y), (x + 5, y), tip], color, bevel=0.7)
        for i in range(5):
            x = 32 + i * 8
            c.poly([(x - 5, 26), (x + 5, 26), (x + (x - 48) * 0.6, 12 - (i % 2) * 4)], color, bevel=0.7)

    return f


def eiji(c: Canvas) -> None:
    hair = (34, 40, 76)
    bust(
        c,
        skin=P.SKIN_LIGHT,
        suit=P.MECH_WHITE,
        trim=P.COBALT,
        hair=hair,
        eyes=(60, 110, 200),
        hair_front=_spiky(hair),
        collar_high=True,
    )


def anna(c: Canvas) -> None:
    hair = (176, 110, 60)

    def back(c: Canvas) -> None:
        c.poly([(26, 34), (70, 34), (72, 62), (62, 66), (34, 66), (24, 62)], hair)

    def front(c: Canvas) -> None:
        c.poly([(30, 30), (66, 30), (66, 42), (58, 36), (52, 41), (46, 36), (40, 41), (30, 42)], hair)
        c.ellipse(64, 27, 5, 3.5, (250, 120, 160))  # ribbon
        c.ellipse(70, 29, 4, 3, (250, 120, 160))

    bust(
        c,
        skin=P.SKIN_LIGHT,
        suit=P.SUIT_ORANGE,
        trim=P.SUIT_WHITE,
        hair=hair,
        eyes=(90, 150, 80),
        hair_back=back,
        hair_front=front,
    )


def elizabeth(c: Canvas) -> None:
    hair = (236, 204, 120)

    def back(c: Canvas) -> None:
        c.poly([(26, 32), (70, 32), (80, 92), (62, 86), (34, 86), (16, 92)], hair)

    def front(c: Canvas) -> None:
        c.poly([(30, 28), (66, 28), (67, 46), (60, 36), (44, 34), (34, 40), (30, 50)], hair)

    bust(
        c,
        skin=P.SKIN,
        suit=P.SUIT_WHITE,
        trim=P.US_BLUE,
        hair=hair,
        eyes=(70, 120, 190),
        hair_back=back,
        hair_front=front,
    )


def arthur(c: Canvas) -> None:
    hair = (110, 70, 40)

    def front(c: Canvas) -> None:
        c.poly([(29, 36), (30, 24), (50, 20), (67, 26), (66, 38), (56, 32), (40, 30), (32, 40)], hair)
        for ex in (40.5, 55.5):  # glasses
            c.paint(
                c.ellipse_mask(ex, 47, 6, 5.5) & ~c.ellipse_mask(ex, 47, 5, 4.5), P.UI_BG, bevel=0, line=False
            )
        c.line((46.5, 47), (49.5, 47), 0.8, P.UI_BG, bevel=0, line=False)

    bust(
        c, skin=P.SKIN, suit=P.SUIT_WHITE, trim=(80, 140, 90), hair=hair, eyes=(90, 70, 50), hair_front=front
    )


def roan(c: Canvas) -> None:
    hair = (212, 92, 40)

    def front(c: Canvas) -> None:
        for i, (x, y) in enumerate([(24, 32), (28, 18), (40, 12), (54, 12), (66, 18), (72, 32)]):
            c.poly([(48 + (x - 48) * 0.4, 30), (48 + (x - 48) * 0.4 + 8, 32), (x, y)], hair, bevel=0.6)
            if i % 2:
                c.poly([(36 + i * 4, 30), (44 + i * 4, 30), (38 + i * 4, 40)], hair, bevel=0.6)

    bust(
        c,
        skin=P.SKIN_LIGHT,
        suit=P.SUIT_ORANGE,
        trim=P.GUNMETAL,
        hair=hair,
        eyes=(60, 140, 70),
        hair_front=front,
    )


def david(c: Canvas) -> None:
    hair = (44, 32, 28)

    def front(c: Canvas) -> None:
        for x, y, r in [(32, 30, 8), (40, 24, 9), (50, 22, 9), (60, 26, 9), (66, 33, 7), (30, 38, 6)]:
            c.circle(x, y, r, hair, bevel=0.8)
        c.rect(30, 33, 36, 3.5, P.ACCENT_RED, bevel=0.5)  # headband

    bust(
        c,
        skin=P.SKIN_DARK,
        suit=P.SUIT_WHITE,
        trim=P.BAYBULL_GREEN,
        hair=hair,
        eyes=(60, 40, 30),
        hair_front=front,
    )


def simone(c: Canvas) -> None:
    hair = (34, 26, 36)

    def back(c: Canvas) -> None:
        c.poly([(62, 30), (74, 36), (84, 70), (76, 84), (70, 60)], hair)  # ponytail

    def front(c: Canvas) -> None:
        c.poly([(30, 30), (66, 30), (66, 40), (50, 34), (36, 38), (30, 48)], hair)
        c.circle(68, 32, 3, P.TEAL)

    bust(
        c,
        skin=P.SKIN_TAN,
        suit=P.SUIT_ORANGE,
        trim=P.TEAL,
        hair=hair,
        eyes=(50, 60, 90),
        hair_back=back,
        hair_front=front,
    )


def gale(c: Canvas) -> None:
    hair = (222, 222, 236)

    def back(c: Canvas) -> None:
        c.poly([(24, 32), (72, 32), (84, 86), (70, 78), (62, 90), (34, 90), (26, 78), (12, 86)], hair)

    def front(c: Canvas) -> None:
        c.poly([(30, 28), (66, 28), (68, 50), (62, 36), (52, 32), (40, 40), (32, 34), (28, 52)], hair)

    bust(
        c,
        skin=P.SKIN_GRADOS,
        suit=P.GRADOS_VIOLET,
        trim=P.STAR_GOLD,
        hair=hair,
        eyes=(120, 60, 160),
        hair_back=back,
        hair_front=front,
        collar_high=True,
    )


def gosterro(c: Canvas) -> None:
    hair = (80, 40, 96)

    def front(c: Canvas) -> None:
        c.poly([(28, 40), (30, 24), (48, 18), (70, 22), (80, 34), (66, 34), (50, 28), (34, 32)], hair)
        c.line((57, 40), (62, 56), 1.4, P.ACCENT_RED, bevel=0, line=False)  # scar
        c.line((42, 60), (54, 57), 1.4, P.UI_BG, bevel=0, line=False)  # sneer

    bust(
        c,
        skin=P.SKIN_GRADOS,
        suit=P.GRADOS_MAROON,
        trim=P.GUNMETAL_DARK,
        hair=hair,
        eyes=(220, 40, 40),
        hair_front=front,
        collar_high=True,
        narrow_eyes=True,
    )


def karla(c: Canvas) -> None:
    hair = (196, 52, 96)

    def back(c: Canvas) -> None:
        c.poly([(26, 34), (70, 34), (70, 58), (26, 54)], hair)

    def front(c: Canvas) -> None:
        c.poly([(28, 28), (68, 28), (68, 36), (40, 34), (30, 52)], hair)  # asymmetric sweep

    bust(
        c,
        skin=P.SKIN_GRADOS,
        suit=P.GRADOS_VIOLET_DARK,
        trim=P.ACCENT_RED,
        hair=hair,
        eyes=(200, 80, 120),
        hair_back=back,
        hair_front=front,
        collar_high=True,
    )


def lobelia(c: Canvas) -> None:
    hair = (180, 196, 110)

    def back(c: Canvas) -> None:
        pts = [(24, 34), (72, 34)]
        for i in range(7):
            pts.append((76 - i * 2, 44 + i * 7) if i % 2 else (70 - i * 2, 44 + i * 7))
        pts += [(60, 90), (36, 90)]
        for i in range(7):
            pts.append((22 + i * 2, 86 - i * 7) if i % 2 else (28 + i * 2, 86 - i * 7))
        c.poly(pts, hair)

    def front(c: Canvas) -> None:
        c.poly([(30, 28), (66, 28), (68, 44), (58, 34), (48, 38), (38, 34), (28, 44)], hair)

    bust(
        c,
        skin=P.SKIN_GRADOS,
        suit=P.GRADOS_OLIVE,
        trim=P.MECH_GREY,
        hair=hair,
        eyes=(90, 140, 90),
        hair_back=back,
        hair_front=front,
        collar_high=True,
    )


def rei() -> Array:
    out = background("rei")
    inner = (XX > 10) & (XX < 86) & (YY > 10) & (YY < 86)
    scan = (YY.astype(int) % 3 == 0) & inner
    out[scan, :3] *= 0.7
    d = np.hypot(XX - 48, YY - 46)
    glyph = np.zeros((S, S))
    glyph = np.maximum(glyph, np.exp(-(((d - 24) / 1.2) ** 2)))
    ang = np.arctan2(YY - 46, XX - 48)
    ticks = (np.cos(ang * 24) > 0.6) & (np.abs(d - 29) < 2.5)
    glyph = np.maximum(glyph, ticks * 0.9)
    glyph = np.maximum(glyph, np.exp(-(((d - 15) / 1.0) ** 2)) * (np.cos(ang * 3) > -0.2))
    glyph = np.maximum(glyph, np.clip(1 - d / 8, 0, 1) ** 0.5)  # the eye
    halo = np.clip(1 - d / 34, 0, 1) ** 2 * 0.5
    bars = (YY > 80) & (YY < 83) & (XX > 16) & ((XX - 16) % 6 < 4) & (XX < 16 + 40)
    glyph = np.maximum(glyph, bars * 0.8)
    g = np.clip(glyph + halo, 0, 1)[..., None] * inner[..., None]
    out[..., :3] = out[..., :3] * (1 - g) + (col(P.UI_CYAN) * 0.6 + col(P.BEAM_CORE) * 0.4) * g
    core = np.clip(1 - d / 4, 0, 1)[..., None]
    out[..., :3] = out[..., :3] * (1 - core) + col(P.BEAM_CORE) * core
    return out


PEOPLE = {
    "eiji": eiji,
    "anna": anna,
    "elizabeth": elizabeth,
    "arthur": arthur,
    "roan": roan,
    "david": david,
    "simone": simone,
    "gale": gale,
    "gosterro": gosterro,
    "karla": karla,
    "lobelia": lobelia,
}


def portrait(pid: str) -> Array:
    if pid == "rei":
        return rei()
    c = Canvas(S, S, scale=4, ss=4)
    PEOPLE[pid](c)
    fig, _ = c.finish(outline=False)
    bg = background(pid)
    inner = (XX >= 4) & (XX < S - 4) & (YY >= 4) & (YY < S - 4)
    fig[~inner, 3] = 0
    return over(bg, fig)


def generate(out: Path) -> list[Path]:
    files = []
    for pid in PORTRAIT_IDS:
        p = out / "portraits" / f"{pid}.png"
        save_rgba(portrait(pid), p)
        files.append(p)
    return files
