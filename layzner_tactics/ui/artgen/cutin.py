"""Battle cut-in machines (256x192, side view facing right) and their team masks.

Each machine is drawn by the same part functions as its 64x64 map sprite (``units.DRAW``), so the two
read as the same machine, but on a ``CutCanvas``: the design space is magnified (3 px per map unit and
more), every part gets a hard anime cel shadow on its lower-right side, humanoids get a detailed body
(``humanoid_cut``: knee and elbow joints, armour seams, vents, hands, toe and heel plates) and a forward
lean, and a per-machine ``EXTRA`` pass adds what 64 px could not hold (decals, sensor slits, cables,
rivets, muzzle shrouds).  The finished sprite is cropped so the machine sits centred, feet on the same
baseline for every standing unit.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from . import CUTIN_SIZE, UNIT_IDS
from . import palette as P
from .common import Array, Canvas, add_outline, col, pygame, save_rgba, shade_edges, shift
from .units import DRAW, HUMANOIDS

CW, CH = CUTIN_SIZE
SS = 4
T = P.TEAM_BASE
Pt = tuple[float, float]


class CutCanvas(Canvas):
    """A ``Canvas`` with a fixed pixel size, an outer zoom/offset/lean and cel-shaded parts.

    ``zoom`` is output pixels per design unit; ``(tx, ty)`` moves the design origin (in design units);
    ``lean`` shears the figure forward above ``ground`` (design y).  Painting works on the bounding box
    of each part, so the supersampled canvas stays fast at this size.
    """

    def __init__(
        self,
        w: int,
        h: int,
        zoom: float,
        tx: float,
        ty: float,
        lean: float = 0.0,
        ground: float = 57.0,
        ss: int = SS,
    ) -> None:
        super().__init__(1, 1, scale=1, ss=ss)
        self.w, self.h = w / zoom, h / zoom
        self.k = zoom * ss
        self.W, self.H = w * ss, h * ss
        self.rgb = np.zeros((self.H, self.W, 3))
        self.a = np.zeros((self.H, self.W))
        self.team = np.zeros((self.H, self.W))
        self.glow = np.zeros((self.H, self.W, 3))
        self._mask_surf = pygame.Surface((self.W, self.H))
        self.tx, self.ty, self.lean, self.ground = tx, ty, lean, ground
        self.xf = (1.0, 1.0, 32.0, 32.0)
        self.cel = 0.24

    def _p(self, pt: Pt) -> tuple[float, float]:
        sx, sy, ox, oy = self.xf
        x = ox + (pt[0] - ox) * sx
        y = oy + (pt[1] - oy) * sy
        x += self.lean * (self.ground - y)
        return ((x + self.tx) * self.k, (y + self.ty) * self.k)

    def shadow(self, cx: float, cy: float, rx: float, ry: float, alpha: float = 0.45) -> None:
        """No ground shadow in a cut-in: the machine is shown against speed lines, not on the map."""

    def emit(self, cx: float, cy: float, r: float, c: Sequence[int], power: float = 1.0) -> None:
        px, py = self._p((cx, cy))
        rr = r * self.k
        x0, x1 = max(0, int(px - rr) - 1), min(self.W, int(px + rr) + 2)
        y0, y1 = max(0, int(py - rr) - 1), min(self.H, int(py + rr) + 2)
        if x0 >= x1 or y0 >= y1:
            return
        yy, xx = np.mgrid[y0:y1, x0:x1]
        d = np.sqrt((xx - px) ** 2 + (yy - py) ** 2) / rr
        self.glow[y0:y1, x0:x1] += np.clip(1 - d, 0, 1)[..., None] ** 2 * col(c) * power

    def paint(
        self,
        m: Array,
        c: Sequence[int],
        team: bool = False,
        bevel: float = 1.0,
        line: bool = True,
        grad: float = 0.14,
        alpha: float = 1.0,
        cel: float | None = None,
    ) -> Array:
        if not m.any():
            return m
        rows = np.nonzero(m.any(axis=1))[0]
        cols = np.nonzero(m.any(axis=0))[0]
        pad = round(self.k * 1.2) + 3
        y0, y1 = max(0, rows[0] - pad), min(self.H, rows[-1] + 1 + pad)
        x0, x1 = max(0, cols[0] - pad), min(self.W, cols[-1] + 1 + pad)
        sub = m[y0:y1, x0:x1]
        h, w = sub.shape
        rgb = np.broadcast_to(col(c), (h, w, 3)).copy()
        if grad:
            my0, my1 = rows[0] - y0, rows[-1] + 1 - y0
            t = (np.arange(h) - my0) / max(1, my1 - my0)
            rgb = rgb * (1 + grad / 2 - grad * np.clip(t, 0, 1))[:, None, None]
        cel = self.cel if cel is None else cel
        if cel and bevel:
            # anime cel shadow: a hard band along the lower-right side of the part, as wide as a third of
            # its smaller extent (thin rods get a shaded underside, big plates a shadowed flank)
            ext = min(rows[-1] - rows[0], cols[-1] - cols[0]) + 1
            dd = int(np.clip(ext * 0.32, self.k * 0.5, self.k * 5))
            band = sub & ~shift(sub, -dd, -dd)
            rgb[band] = rgb[band] * (1 - cel)
        shade_edges(rgb, sub, self.k, bevel, line, reach=0.7, rim=0.22, ink=0.4)
        rgb = np.clip(rgb, 0, 1)
        reg_rgb = self.rgb[y0:y1, x0:x1]
        reg_a = self.a[y0:y1, x0:x1]
        if alpha >= 1:
            reg_rgb[sub] = rgb[sub]
            reg_a[sub] = 1.0
        else:
            reg_rgb[sub] = reg_rgb[sub] * (1 - alpha) + rgb[sub] * alpha
            reg_a[sub] = reg_a[sub] + (1 - reg_a[sub]) * alpha
        self.team[y0:y1, x0:x1][sub] = 1.0 if team else 0.0
        return m

    # -- detail helpers (thin, unshaded strokes) --
    def seam(self, p1: Pt, p2: Pt, c: Sequence[int] = P.PANEL_LINE, width: float = 0.35) -> None:
        self.line(p1, p2, width, c, bevel=0, line=False, grad=0, cel=0)

    def slats(
        self, x: float, y: float, w: float, h: float, n: int, c: Sequence[int] = P.GUNMETAL_DARK
    ) -> None:
        """n horizontal vent slats inside the box (x, y, w, h)."""
        step = h / n
        for i in range(n):
            self.rect(x, y + i * step + step * 0.2, w, step * 0.55, c, bevel=0.4, line=False, grad=0, cel=0)

    def rivets(self, pts: Sequence[Pt], r: float = 0.45, c: Sequence[int] = P.MECH_GREY) -> None:
        for x, y in pts:
            self.circle(x, y, r, c, bevel=0.8, line=False, grad=0, cel=0)


# --------------------------------------------------------------------------------------------------
# The detailed humanoid body (same joints and silhouette as units.humanoid, more parts)
# --------------------------------------------------------------------------------------------------
def humanoid_cut(
    c: Canvas,
    main,
    sub,
    joint=P.GUNMETAL,
    *,
    head: Callable[[Canvas], None],
    shoulder: Callable[[Canvas], None] | None = None,
    back: Callable[[Canvas], None] | None = None,
    weapon: Callable[[Canvas], None] | None = None,
    front: Callable[[Canvas], None] | None = None,
    legs=None,
    chest_team: bool = False,
) -> None:
    assert isinstance(c, CutCanvas)
    legs = legs or sub
    far = P.shade(legs, 0.72)
    fj = P.shade(joint, 0.8)
    if back:
        back(c)
    # far leg: thigh, shin with knee guard, foot
    c.line((30, 37), (27, 46), 6, fj)
    c.poly([(23, 44), (30, 44), (30, 54), (22, 54)], far)
    c.poly([(22.5, 43), (29, 42.5), (28.5, 46.5), (23, 47)], P.shade(far, 1.1), bevel=0.6)
    c.seam((24, 49.5), (29.5, 49.5))
    c.poly([(20, 53), (31, 53), (32, 57.5), (19, 57.5)], fj)
    c.seam((25, 53.3), (25, 57.3))
    # far arm: shoulder joint, upper arm, elbow, forearm
    c.line((38, 22), (42, 30), 5, fj)
    c.circle(42, 30, 2.4, P.shade(joint, 0.7), bevel=0.5)
    c.line((42, 30), (48, 30), 5, P.shade(main, 0.72))
    c.seam((44, 28), (44, 32))
    # hips, skirt and waist
    c.poly([(26, 32), (39, 32), (38, 39), (27, 39)], joint)
    c.slats(28.5, 33.5, 8, 4, 3, P.shade(joint, 0.6))
    c.poly([(25, 35), (31, 35), (31, 41), (26, 41)], sub)
    c.seam((26, 38), (31, 38))
    # torso: chest block, collar, abdomen seams, intake vent
    c.poly([(23, 18), (41, 18), (43, 26), (39, 34), (26, 34), (24, 27)], main)
    c.seam((24.5, 27.5), (41.5, 27.5))
    c.seam((26.5, 31), (39.8, 31))
    c.poly([(30, 20), (40, 20), (41, 26), (38, 31), (31, 31)], sub, team=chest_team)
    c.seam((31, 25.5), (40.6, 25.5))
    c.slats(33, 21.5, 5.5, 3.2, 3)
    c.poly([(26, 16.5), (38, 16.5), (39, 18.5), (25, 18.5)], P.shade(joint, 0.9), bevel=0.5)
    c.rivets([(24.8, 24), (24.4, 29), (42, 22.5)])
    # near leg: hip joint, thigh, knee guard, shin armour with a seam, ankle, foot with toe and heel
    c.circle(34, 37, 3.2, P.shade(joint, 0.85), bevel=0.6)
    c.line((34, 37), (38, 45), 7, joint)
    c.seam((33.5, 40.5), (37.5, 40))
    c.poly([(34, 43), (42, 43), (44, 54), (34, 54)], legs)
    c.poly([(35, 45), (41, 45), (42, 49), (36, 49)], P.shade(legs, 1.15), line=False, bevel=0.4)
    c.poly([(35, 41.5), (41.5, 41), (42.5, 45), (38.5, 46.5), (34.5, 45)], P.shade(legs, 1.05), bevel=0.9)
    c.seam((35, 51), (43.3, 51))
    c.slats(36, 51.5, 5, 2, 2, P.shade(legs, 0.55))
    c.circle(38.5, 53.5, 1.8, P.shade(joint, 0.8), bevel=0.5, line=False)
    c.poly([(32, 53), (44, 53), (48, 57.5), (32, 57.5)], joint)
    c.poly([(43.5, 53.5), (46, 53.5), (48.5, 57.5), (44, 57.5)], P.shade(joint, 1.2), bevel=0.5)
    c.seam((32.5, 55.5), (43, 55.5))
    head(c)
    # near arm: shoulder ball, upper arm, elbow, forearm, fist on the grip
    c.circle(28.5, 24.5, 3, P.shade(joint, 0.9), bevel=0.7)
    c.line((28, 24), (30, 32), 5.5, joint)
    c.circle(30, 32, 2.8, P.shade(joint, 0.75), bevel=0.6)
    c.line((30, 32), (39, 32), 5.5, main)
    c.seam((33, 29.6), (33, 34.4))
    c.rect(34, 30.6, 4, 1.2, P.shade(main, 1.2), bevel=0, line=False, grad=0, cel=0)
    c.circle(40.5, 32, 2.6, joint)
    if weapon:
        weapon(c)
    # fingers wrapped round the grip, drawn over the weapon
    for i in range(3):
        c.rect(39.2, 31.6 + i * 1.25, 2.8, 1.0, P.shade(joint, 1.1), bevel=0.5, line=True, grad=0, cel=0)
    if shoulder:
        shoulder(c)
    if front:
        front(c)


# --------------------------------------------------------------------------------------------------
# Per-machine extras (drawn last, in map-design coordinates)
# --------------------------------------------------------------------------------------------------
def _cut_layzner(c: CutCanvas) -> None:
    # shoulder armour: a white star-side decal stripe and rivets; a sensor slit on the head
    c.rivets([(23.5, 17.5), (31.5, 17.5), (22.5, 24.5)], 0.4, P.MECH_GREY)
    c.seam((27, 23.5), (33.5, 23.5))
    c.seam((29.5, 15.5), (35, 15.5))
    # rifle: a long barrel shroud with cooling fins and a blue muzzle glow
    for i in range(3):
        c.rect(46.5 + i * 2.2, 29.3, 1.0, 3.4, P.shade(P.MECH_GREY, 0.7), bevel=0, line=False, grad=0, cel=0)
    c.rect(52, 30.6, 3, 0.9, P.BEAM, bevel=0, line=False, grad=0, cel=0)
    c.emit(54.5, 31, 1.6, P.BEAM, 0.8)
    # thruster nozzles on the backpack
    c.poly([(14.5, 27), (18, 26.5), (18.5, 32.5), (15, 32)], P.GUNMETAL_DARK, bevel=0.6)
    c.emit(15, 30, 2.4, P.BEAM, 0.6)


def _cut_baybull(c: CutCanvas) -> None:
    c.rivets([(21.5, 18), (32, 18), (21.8, 26.5), (32.8, 26)], 0.45)
    c.rect(23, 20.5, 8, 1.2, P.MARK_WHITE, bevel=0, line=False, grad=0, cel=0)
    c.rect(23, 22.6, 8, 1.2, P.MARK_WHITE, bevel=0, line=False, grad=0, cel=0)
    c.seam((28.5, 12), (38, 12.3))
    c.rect(47, 30.3, 6, 1.4, P.GUNMETAL_DARK, bevel=0, line=False, grad=0, cel=0)


def _cut_buldy(c: CutCanvas) -> None:
    c.slats(11, 9.5, 5, 3, 2, P.shade(P.BULDY_ORANGE, 0.6))
    c.rivets([(22.5, 18.5), (31.5, 18.5), (22.5, 24.5), (31.5, 24.5)], 0.45)
    c.poly([(23, 21), (26, 21), (24.5, 23.5)], P.MARK_WHITE, bevel=0, line=False)  # chevron decal
    c.poly([(27, 21), (30, 21), (28.5, 23.5)], P.MARK_WHITE, bevel=0, line=False)
    c.seam((28.5, 14.5), (39.5, 14.3))
    c.emit(38, 11, 1.6, P.FIRE_YELLOW, 0.5)


def _cut_braver(c: CutCanvas) -> None:
    # mono-eye rail, armour ribs on the round shoulder, knee spike
    c.seam((31, 10.3), (39.4, 10.3), P.GUNMETAL)
    c.seam((31, 13.7), (39.4, 13.7), P.GUNMETAL)
    for dy in (-3, 0, 3):
        c.seam((21, 21 + dy), (33, 21 + dy * 0.8), P.shade(T, 0.7), 0.3)
    c.rivets([(27, 15.2), (27, 26.8)], 0.5)
    c.poly([(38, 41.5), (44, 43.5), (40, 45)], P.GRADOS_VIOLET_DARK, bevel=0.6)
    c.slats(27, 6.8, 4.5, 2.0, 2, P.GRADOS_VIOLET_DARK)


def _cut_grimekaisar(c: CutCanvas) -> None:
    # gold trim on the cape edge, crest gem, a row of gold studs on the shoulder
    c.line((13, 41), (15, 51.5), 0.9, P.STAR_GOLD, bevel=0.5, line=False, cel=0)
    c.rivets([(21.5, 24.5), (25, 24.2), (28.5, 24), (32, 23.8)], 0.55, P.STAR_GOLD)
    c.circle(35, 7.5, 0.9, P.MONO_EYE, bevel=0.4, line=False)
    c.emit(35, 7.5, 1.5, (255, 90, 200), 0.6)
    c.seam((29.5, 13.5), (38.5, 14))


def _cut_dimarge(c: CutCanvas) -> None:
    # the beam sword: a glowing edge and a guard, plus a sensor crest rail
    c.poly(
        [(41.5, 30.2), (61.2, 13.6), (61.6, 14.2), (42.2, 31)], (255, 255, 255), bevel=0, line=False, cel=0
    )
    c.rect(39, 28.5, 2, 7, P.GUNMETAL, bevel=0.6)
    for i in range(6):
        t = (i + 0.5) / 6
        c.emit(42 + 19 * t, 30 - 16.5 * t, 2.6, P.BEAM_GLOW, 0.35)
    c.seam((29.5, 12), (40, 12))
    c.rivets([(23, 19), (31, 17.5)], 0.45)


def _cut_solomco(c: CutCanvas) -> None:
    # the big shield: rivet frame and a Grados crest
    c.rivets([(42.5, 16), (51, 18.5), (51.8, 40), (46, 47.5), (41.5, 42.5)], 0.55)
    c.poly([(47, 27), (48.5, 29.5), (47, 32), (45.5, 29.5)], P.GRADOS_OLIVE_DARK, bevel=0.5, line=False)
    c.seam((29.5, 14.5), (38, 14.5))


def _cut_dtol(c: CutCanvas) -> None:
    for y in (7, 12):
        c.rect(44, y + 1.5, 2.5, 2, P.GUNMETAL_DARK, bevel=0, line=False, grad=0, cel=0)
        c.slats(21, y + 0.6, 6, 3.6, 2, P.GUNMETAL)
    c.rivets([(19.5, 17.5), (33.5, 17.5), (20, 27.5), (34, 27)], 0.5)
    c.rect(21, 21, 12, 1.4, P.shade(T, 0.75), bevel=0, line=False, grad=0, cel=0)


def _cut_bullgrenn(c: CutCanvas) -> None:
    c.seam((18, 30), (48, 29.2))
    c.seam((26, 23), (26, 37.5))
    c.slats(16, 25, 5, 8, 4)
    c.rivets([(20, 36.5), (30, 36.3), (40, 35.5)], 0.4)
    c.line((44, 22.5), (56, 28.8), 0.5, P.shade(P.GRADOS_VIOLET, 1.3), bevel=0, line=False, cel=0)


def _cut_skull_gunner(c: CutCanvas) -> None:
    for x in (21, 25, 29):
        c.seam((x, 27.5), (x + 1, 38))
    c.line((46, 39), (58, 39), 0.5, P.GUNMETAL, bevel=0, line=False, cel=0)
    c.emit(58.5, 39.2, 1.2, P.FIRE_YELLOW, 0.6)
    c.line((37, 22), (45, 20.5), 0.4, P.UMBER, bevel=0, line=False, cel=0)  # skull crack


def _cut_skull_head(c: CutCanvas) -> None:
    c.line((44, 26), (47, 32), 0.5, P.UMBER, bevel=0, line=False, cel=0)
    for x, y in ((12, 49), (16, 44), (11, 41)):
        c.emit(x, y, 1.2, P.FIRE_ORANGE, 0.5)


def _cut_buggy(c: CutCanvas) -> None:
    c.seam((24, 34), (24, 46))
    c.seam((40, 33.5), (40, 46))
    c.rect(10.5, 29, 11, 1, P.shade(P.BUGGY_ORANGE, 0.6), bevel=0, line=False, grad=0, cel=0)
    c.rect(11, 31.5, 10, 0.8, P.shade(P.BUGGY_ORANGE, 0.6), bevel=0, line=False, grad=0, cel=0)
    for x in (15, 30, 45):
        for a in range(6):
            ang = a * math.pi / 3
            c.circle(
                x + math.cos(ang) * 4.3, 47 + math.sin(ang) * 4.3, 0.5, P.GUNMETAL_DARK, bevel=0, line=False
            )
    c.rect(26, 27, 8, 5, P.shade(P.UI_CYAN, 0.7), bevel=0.4)


def _cut_survivor(c: CutCanvas) -> None:
    for x, y, s in ((18, 26, 1.25), (33, 32, 1.15), (46, 24, 1.3)):
        c.seam((x - 3 * s, y + 4 * s), (x + 3.4 * s, y + 4 * s), P.shade(P.SUIT_WHITE, 0.6), 0.3)
        c.rect(x - 1 * s, y + 0.8 * s, 2.2 * s, 1.6 * s, P.MECH_GREY, bevel=0.4, line=False, grad=0, cel=0)


def _cut_manipulator_suit(c: CutCanvas) -> None:
    for i in range(4):
        c.poly(
            [(20 + i * 3, 42), (21.5 + i * 3, 42), (23 + i * 3, 39.5), (21.5 + i * 3, 39.5)],
            P.UMBER_DEEP,
            bevel=0,
            line=False,
        )
    c.rivets([(21, 23.5), (41, 23.5), (21, 31.5)], 0.45)
    c.line((34, 25), (38, 29), 0.4, (220, 255, 255), bevel=0, line=False, cel=0)


def _cut_us_turret(c: CutCanvas) -> None:
    c.rivets([(16, 38), (24, 36), (38, 36), (48, 38)], 0.5)
    for y in (24, 29):
        c.rect(56, y - 0.3, 4, 3.6, P.GUNMETAL_DARK, bevel=0.5)
    c.seam((20, 28), (42, 28))


def _cut_soviet_turret(c: CutCanvas) -> None:
    c.rivets([(11, 41), (20, 41), (44, 41), (53, 41)], 0.5)
    c.slats(34, 30, 8, 5, 3, P.GRADOS_OLIVE_DARK)
    c.seam((20, 37), (44, 37))


def _cut_jet(c: CutCanvas) -> None:
    c.seam((14, 31.5), (42, 30.5))
    c.seam((30, 29), (30, 34))
    c.rect(38, 33.5, 8, 1.5, P.GUNMETAL_DARK, bevel=0.5, line=False)  # pylon missile
    c.poly([(46, 33.5), (48, 34.25), (46, 35)], P.ACCENT_RED, bevel=0, line=False)
    # afterburner: an orange cone with a white-yellow core and shock diamonds
    c.poly([(5, 29.6), (-6, 31.5), (5, 33.4)], P.FIRE_ORANGE, bevel=0, line=False, cel=0, grad=0, alpha=0.75)
    c.poly([(5, 30.5), (-2, 31.5), (5, 32.5)], P.FIRE_YELLOW, bevel=0, line=False, cel=0, grad=0, alpha=0.9)
    for x in (1.5, -1.5):
        c.poly(
            [(x + 0.8, 31.5), (x, 30.9), (x - 0.8, 31.5), (x, 32.1)], P.FIRE_WHITE, bevel=0, line=False, cel=0
        )
    c.emit(3, 31.5, 4.5, P.FIRE_ORANGE, 0.6)


EXTRA: dict[str, Callable[[CutCanvas], None]] = {
    "layzner": _cut_layzner,
    "baybull": _cut_baybull,
    "buldy": _cut_buldy,
    "braver": _cut_braver,
    "grimekaisar": _cut_grimekaisar,
    "dimarge": _cut_dimarge,
    "solomco": _cut_solomco,
    "dtol": _cut_dtol,
    "bullgrenn": _cut_bullgrenn,
    "skull_gunner": _cut_skull_gunner,
    "skull_head": _cut_skull_head,
    "buggy": _cut_buggy,
    "survivor": _cut_survivor,
    "manipulator_suit": _cut_manipulator_suit,
    "us_turret": _cut_us_turret,
    "soviet_turret": _cut_soviet_turret,
    "us_jet": _cut_jet,
    "soviet_jet": _cut_jet,
}

# uid: (zoom in px per map unit, lean)
FRAMING: dict[str, tuple[float, float]] = {
    "layzner": (3.1, 0.08),
    "baybull": (3.1, 0.07),
    "buldy": (3.1, 0.06),
    "braver": (3.1, 0.07),
    "grimekaisar": (3.0, 0.06),
    "dimarge": (3.0, 0.09),
    "solomco": (3.1, 0.05),
    "dtol": (3.0, 0.04),
    "bullgrenn": (3.3, 0.0),
    "skull_gunner": (3.6, 0.0),
    "skull_head": (4.0, 0.0),
    "buggy": (3.8, 0.0),
    "survivor": (3.8, 0.0),
    "manipulator_suit": (3.6, 0.03),
    "us_turret": (4.0, 0.0),
    "soviet_turret": (4.0, 0.0),
    "us_jet": (3.7, 0.0),
    "soviet_jet": (3.7, 0.0),
}
BASELINE = 184  # output row of the feet of every standing machine
FLYING = frozenset(("bullgrenn", "us_jet", "soviet_jet"))  # centred vertically instead


def cutin_sprite(uid: str) -> tuple[Array, Array]:
    """-> (rgba, team mask) at CUTIN_SIZE: the machine centred, facing right, feet on BASELINE."""
    zoom, lean = FRAMING[uid]
    # draw on a roomy canvas, then crop to the machine's bounding box
    bw, bh = CW + 128, CH + 96
    c = CutCanvas(bw, bh, zoom, tx=(bw / zoom - 64) / 2, ty=(bh / zoom - 64) / 2, lean=lean)
    if uid in HUMANOIDS:
        DRAW[uid](c, body=humanoid_cut)
    else:
        DRAW[uid](c)
    EXTRA[uid](c)
    rgba, team = c.finish(outline=False)
    rgba = _rim_light(rgba)
    rgba = add_outline(add_outline(rgba))
    a = rgba[..., 3] > 0.02
    rows = np.nonzero(a.any(axis=1))[0]
    cols = np.nonzero(a.any(axis=0))[0]
    if cols[-1] - cols[0] + 1 > CW - 4 or rows[-1] - rows[0] + 1 > CH - 4:
        raise ValueError(
            f"cut-in {uid} does not fit {CW}x{CH}: {cols[-1] - cols[0] + 1}x{rows[-1] - rows[0] + 1}"
        )
    cx = (cols[0] + cols[-1] + 1) // 2
    x0 = cx - CW // 2
    if uid in FLYING:
        y0 = (rows[0] + rows[-1] + 1) // 2 - CH // 2
    else:
        y0 = min(rows[-1] + 1 - BASELINE, rows[0] - 2)
    return _crop(rgba, x0, y0), _crop(team, x0, y0)


def _rim_light(rgba: Array) -> Array:
    """A warm dusk rim light on the upper-right edges of the silhouette (the sun is low, ahead)."""
    solid = rgba[..., 3] > 0.5
    out = rgba.copy()
    rim = np.zeros(solid.shape)
    for d, k in ((1, 0.55), (2, 0.3)):
        rim = np.maximum(rim, (solid & ~shift(solid, -d, d)) * k)
    out[..., :3] = out[..., :3] * (1 - rim[..., None]) + col(P.SKY_GLOW) * rim[..., None]
    return out


def _crop(arr: Array, x0: int, y0: int) -> Array:
    out = np.zeros((CH, CW, 4))
    if arr is not None:
        h, w = arr.shape[:2]
        sx0, sy0 = max(0, x0), max(0, y0)
        sx1, sy1 = min(w, x0 + CW), min(h, y0 + CH)
        out[sy0 - y0 : sy1 - y0, sx0 - x0 : sx1 - x0] = arr[sy0:sy1, sx0:sx1]
    out[..., :3] = np.where(out[..., 3:4] > 0, out[..., :3], 0)
    return out


def cutin_files(uid: str) -> dict[str, Array]:
    """{file name: finished image} for one machine: ``<uid>`` and ``<uid>_team`` under cutin/units/."""
    spr, team = cutin_sprite(uid)
    team[..., :3] = 1.0
    team[team[..., 3] <= 0.5 / 255, :3] = 0
    return {uid: spr, f"{uid}_team": team}


def generate(out: Path) -> list[Path]:
    files = []
    for uid in UNIT_IDS:
        for name, arr in cutin_files(uid).items():
            p = out / "cutin" / "units" / f"{name}.png"
            save_rgba(arr, p)
            files.append(p)
    return files
