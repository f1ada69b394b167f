"""Unit sprites (64x64, facing right, three-quarter view), team masks, wrecks, V-MAX glow, ring.

Each unit is drawn from flat parts on a 4x supersampled ``Canvas``; every part gets bevel light
(upper left) / shadow (lower right) and a panel line, then the sprite is box-filtered to 64 px and
given a dark outline so it still reads at 32 px.  Parts drawn with ``team=True`` go into the
``<id>_team.png`` mask (white, alpha = coverage); they are painted light grey in the sprite so a
multiply tint (``common.tint``) gives the side colour.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np

from . import TILE, UNIT_IDS
from . import palette as P
from .common import Array, Canvas, add_outline, blur, col, fbm, over, save_rgba

N = TILE
T = P.TEAM_BASE


def star(cx: float, cy: float, r: float, rot: float = -math.pi / 2) -> list[tuple[float, float]]:
    pts = []
    for i in range(10):
        rr = r if i % 2 == 0 else r * 0.42
        a = rot + i * math.pi / 5
        pts.append((cx + math.cos(a) * rr, cy + math.sin(a) * rr))
    return pts


# --------------------------------------------------------------------------------------------------
# A parameterised humanoid SPT (standing, facing right, three-quarter)
# --------------------------------------------------------------------------------------------------
def humanoid(
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
    legs = legs or sub
    far = P.shade(legs, 0.72)
    c.shadow(33, 57, 17, 3.6)
    if back:
        back(c)
    # far leg
    c.line((30, 37), (27, 46), 6, P.shade(joint, 0.8))
    c.poly([(23, 44), (30, 44), (30, 54), (22, 54)], far)
    c.poly([(20, 53), (31, 53), (32, 57.5), (19, 57.5)], P.shade(joint, 0.8))
    # far arm
    c.line((38, 22), (42, 30), 5, P.shade(joint, 0.8))
    c.line((42, 30), (48, 30), 5, P.shade(main, 0.72))
    # hips and torso
    c.poly([(26, 32), (39, 32), (38, 39), (27, 39)], joint)
    c.poly([(25, 35), (31, 35), (31, 41), (26, 41)], sub)  # skirt plate
    c.poly([(23, 18), (41, 18), (43, 26), (39, 34), (26, 34), (24, 27)], main)
    c.poly([(30, 20), (40, 20), (41, 26), (38, 31), (31, 31)], sub, team=chest_team)
    # near leg
    c.line((34, 37), (38, 45), 7, joint)
    c.poly([(34, 43), (42, 43), (44, 54), (34, 54)], legs)
    c.poly([(35, 45), (41, 45), (42, 49), (36, 49)], P.shade(legs, 1.15), line=False, bevel=0.4)
    c.poly([(32, 53), (44, 53), (48, 57.5), (32, 57.5)], joint)
    head(c)
    # near arm
    c.line((28, 24), (30, 32), 5.5, joint)
    c.line((30, 32), (39, 32), 5.5, main)
    c.circle(40.5, 32, 2.6, joint)
    if weapon:
        weapon(c)
    if shoulder:
        shoulder(c)
    if front:
        front(c)


def rifle(length: float = 20, color=P.GUNMETAL, y: float = 31, thick: float = 3.5):
    def draw(c: Canvas) -> None:
        c.rect(34, y - thick / 2, length * 0.6, thick, color)
        c.rect(34 + length * 0.6, y - thick / 4 - 0.3, length * 0.4, thick * 0.55, P.shade(color, 0.8))
        c.rect(38, y + thick / 2, 3, 3, P.shade(color, 0.85))

    return draw


def pad(pts, color=T, team=True):
    def draw(c: Canvas) -> None:
        c.poly(pts, color, team=team, bevel=1.2)

    return draw


# --------------------------------------------------------------------------------------------------
def layzner(c: Canvas, body: Callable[..., None] = humanoid) -> None:
    c.stretch(0.88, 1.04, 33, 57)

    def head(c: Canvas) -> None:
        c.poly([(27, 4), (31, 2), (34, 9), (31, 10)], P.VISOR_YELLOW, bevel=0.8)  # swept crest fin
        c.poly([(29, 8), (37, 8), (38, 15), (35, 18), (29, 18), (28, 13)], P.MECH_WHITE)
        c.poly([(33, 11), (38.5, 11), (38.5, 14), (33, 14)], P.COBALT_DARK, bevel=0)
        c.emit(36.5, 12.5, 2.2, (120, 255, 200), 0.9)
        c.poly([(28, 13), (31, 13), (31, 18), (28, 18)], P.COBALT, line=False)

    def back(c: Canvas) -> None:
        c.poly([(16, 18), (25, 17), (26, 33), (19, 31)], P.COBALT_DARK)  # backpack thrusters
        c.emit(17, 30, 3, P.BEAM, 0.5)

    def shoulder(c: Canvas) -> None:
        c.poly([(22, 16), (33, 16), (34, 25), (27, 29), (21, 24)], P.MECH_WHITE, bevel=1.1)
        c.poly([(22, 19.5), (33, 19.5), (33.5, 22.5), (22, 23)], T, team=True, bevel=0, line=False)

    body(
        c,
        P.COBALT,
        P.MECH_WHITE,
        P.GUNMETAL,
        head=head,
        shoulder=shoulder,
        back=back,
        weapon=rifle(20, P.MECH_GREY, 31, 3),
        legs=P.COBALT,
    )
    c.poly([(33, 52.5), (43, 52.5), (47, 57.5), (32, 57.5)], P.MECH_WHITE)  # white feet
    if body is humanoid:  # a waist highlight that only reads at 64 px; the cut-in body has its own
        c.poly([(24, 27), (26, 34), (39, 34), (40, 31), (27, 30)], P.COBALT_LIGHT, line=False, bevel=0)


def baybull(c: Canvas, body: Callable[..., None] = humanoid) -> None:
    c.stretch(1.08, 0.98, 33, 57)

    def head(c: Canvas) -> None:
        c.line((31, 9), (27, 2), 1.4, P.MECH_GREY, bevel=0)  # twin antennae
        c.line((35, 9), (34, 1.5), 1.4, P.MECH_GREY, bevel=0)
        c.ellipse(33, 13, 5.5, 5.5, P.BAYBULL_GREEN)
        c.poly([(33, 11), (39, 11.5), (39, 14.5), (33, 14.5)], P.GUNMETAL_DARK, bevel=0)
        c.emit(37.5, 13, 2.0, (255, 230, 120), 0.9)

    body(
        c,
        P.MECH_WHITE,
        P.BAYBULL_GREEN,
        P.GUNMETAL,
        head=head,
        shoulder=pad([(20, 16), (33, 16), (34, 27), (21, 28)]),
        weapon=rifle(22, P.GUNMETAL, 31, 4),
        legs=P.BAYBULL_GREEN,
    )


def buldy(c: Canvas, body: Callable[..., None] = humanoid) -> None:
    c.stretch(1.08, 0.98, 33, 57)

    def back(c: Canvas) -> None:
        c.poly([(14, 14), (24, 14), (24, 30), (15, 30)], P.GUNMETAL)  # heavy backpack
        c.rect(10, 9, 18, 4, P.BULDY_ORANGE)  # shoulder cannon over the back
        c.rect(28, 10, 10, 2, P.GUNMETAL_DARK)

    def head(c: Canvas) -> None:
        c.poly([(28, 6), (39, 6), (40, 16), (28, 17)], P.BULDY_ORANGE)  # flat box head
        c.rect(31, 10, 9.5, 3, P.GUNMETAL_DARK, bevel=0)
        c.emit(38, 11.5, 2.0, (255, 230, 120), 0.9)
        c.poly([(26, 4), (33, 4), (32, 6.5), (27, 6.5)], P.MECH_WHITE)

    body(
        c,
        P.MECH_WHITE,
        P.BULDY_ORANGE,
        P.GUNMETAL,
        head=head,
        back=back,
        shoulder=pad([(21, 17), (33, 17), (33, 26), (22, 26)]),
        weapon=rifle(18, P.GUNMETAL, 31, 4),
        legs=P.BULDY_ORANGE,
    )


def braver(c: Canvas, body: Callable[..., None] = humanoid) -> None:
    c.stretch(1.22, 1.0, 33, 57)

    def head(c: Canvas) -> None:
        c.ellipse(33, 12, 6, 5.5, P.GRADOS_VIOLET)
        c.poly([(31, 10), (39.5, 10), (39.5, 14), (31, 14)], P.GUNMETAL_DARK, bevel=0)
        c.circle(37, 12, 1.8, P.MONO_EYE, bevel=0, line=False)
        c.emit(37, 12, 3.2, P.MONO_EYE, 1.0)

    def shoulder(c: Canvas) -> None:
        c.ellipse(27, 21, 7.5, 6.5, T, team=True, bevel=1.2)

    body(
        c,
        P.GRADOS_VIOLET,
        P.MECH_GREY,
        P.GUNMETAL_DARK,
        head=head,
        shoulder=shoulder,
        weapon=rifle(22, P.GUNMETAL, 31, 4.5),
        legs=P.GRADOS_VIOLET,
    )


def grimekaisar(c: Canvas, body: Callable[..., None] = humanoid) -> None:
    c.stretch(1.15, 1.02, 33, 57)

    def back(c: Canvas) -> None:
        c.poly([(22, 16), (30, 18), (28, 46), (14, 52), (12, 40)], T, team=True)  # cape armour
        c.line((38, 18), (46, 4), 3.5, P.GRADOS_MAROON)  # far horn

    def head(c: Canvas) -> None:
        c.poly([(29, 7), (38, 8), (39, 15), (35, 18), (29, 17)], P.GRADOS_MAROON_DARK)
        c.poly([(32, 7), (36, 1), (37, 8)], P.STAR_GOLD, bevel=0.7)  # crest spike
        c.rect(33, 11, 6, 2.5, P.GUNMETAL_DARK, bevel=0)
        c.emit(37, 12, 2.6, (255, 90, 200), 0.9)

    def shoulder(c: Canvas) -> None:
        c.poly([(19, 16), (33, 15), (34, 25), (20, 27)], P.GRADOS_MAROON, bevel=1.2)
        c.poly([(20, 17), (25, 4), (22, 0), (17, 10)], P.STAR_GOLD, bevel=1.2)  # big horn
        c.rect(21, 20, 12, 2, P.STAR_GOLD, bevel=0, line=False)

    body(
        c,
        P.GRADOS_MAROON,
        P.GUNMETAL,
        P.GUNMETAL_DARK,
        head=head,
        back=back,
        shoulder=shoulder,
        weapon=rifle(22, P.GUNMETAL_DARK, 31, 4),
        legs=P.GRADOS_MAROON,
    )


def bullgrenn(c: Canvas) -> None:
    c.shadow(33, 58, 20, 3.0, alpha=0.35)
    # far wing
    c.poly([(30, 26), (20, 6), (26, 5), (40, 24)], P.GRADOS_VIOLET_DARK)
    c.poly([(20, 6), (26, 5), (27, 9), (22, 10)], T, team=True, bevel=0.6)
    # thrusters
    c.rect(6, 24, 12, 5, P.GUNMETAL_DARK)
    c.rect(6, 32, 12, 5, P.GUNMETAL_DARK)
    c.emit(6, 26.5, 5, P.BEAM, 1.0)
    c.emit(6, 34.5, 5, P.BEAM, 1.0)
    # fuselage (pointed nose to the right)
    c.poly([(14, 23), (44, 22), (58, 29), (44, 36), (14, 38)], P.GRADOS_VIOLET)
    c.poly([(38, 25), (48, 26), (50, 29), (40, 30)], P.UI_CYAN, bevel=0.4)  # canopy
    # near wing + missile pods
    c.poly([(24, 34), (38, 34), (30, 56), (16, 57)], P.GRADOS_VIOLET, bevel=1.1)
    c.poly([(16, 57), (30, 56), (31, 52), (18, 52)], T, team=True, bevel=0.6)
    for x in (20, 27):
        c.rect(x, 42, 10, 3, P.MECH_GREY)
        c.poly([(x + 10, 42), (x + 12, 43.5), (x + 10, 45)], P.ACCENT_RED, bevel=0)
    c.emit(53, 29, 2.2, P.MONO_EYE, 0.8)


def dimarge(c: Canvas, body: Callable[..., None] = humanoid) -> None:
    c.stretch(0.86, 1.04, 33, 57)

    def head(c: Canvas) -> None:
        c.poly([(29, 8), (37, 8), (43, 12), (37, 16), (29, 16)], P.GRADOS_VIOLET_DARK)
        c.poly([(30, 8), (26, 2), (33, 8)], P.MECH_GREY, bevel=0.6)
        c.emit(38, 12, 2.2, P.MONO_EYE, 0.9)

    def weapon(c: Canvas) -> None:
        c.rect(38, 30, 4, 4, P.GUNMETAL_DARK)
        c.poly([(41, 30), (61, 13), (62, 15), (43, 33)], P.BEAM_CORE, bevel=0.3, line=False)
        c.emit(52, 22, 7, P.BEAM_GLOW, 0.7)

    def shoulder(c: Canvas) -> None:
        c.poly([(22, 18), (33, 16), (31, 24), (22, 25), (18, 21)], T, team=True, bevel=1.2)

    body(
        c,
        P.GRADOS_VIOLET_DARK,
        P.MECH_GREY,
        P.GUNMETAL_DARK,
        head=head,
        shoulder=shoulder,
        weapon=weapon,
        legs=P.GRADOS_VIOLET,
    )


def solomco(c: Canvas, body: Callable[..., None] = humanoid) -> None:
    c.stretch(1.08, 1.0, 33, 57)

    def head(c: Canvas) -> None:
        c.poly([(29, 8), (38, 8), (38, 16), (29, 16)], P.GRADOS_OLIVE)
        c.rect(32, 11, 6.5, 2.2, P.GUNMETAL_DARK, bevel=0)
        c.emit(37, 12, 2.2, P.MONO_EYE, 0.8)

    def front(c: Canvas) -> None:
        pts = [(41, 14), (52, 17), (53, 42), (46, 50), (40, 44)]
        c.poly(pts, P.GRADOS_OLIVE, bevel=1.3)
        c.poly([(44, 20), (50, 22), (50.5, 38), (44, 40)], T, team=True, bevel=0.6)

    body(
        c,
        P.GRADOS_OLIVE,
        P.MECH_GREY,
        P.GRADOS_OLIVE_DARK,
        head=head,
        shoulder=pad([(21, 17), (32, 17), (32, 25), (22, 25)]),
        weapon=rifle(14, P.GUNMETAL, 33, 3),
        front=front,
        legs=P.GRADOS_OLIVE,
    )


def dtol(c: Canvas, body: Callable[..., None] = humanoid) -> None:
    c.stretch(1.55, 0.9, 33, 57)

    def back(c: Canvas) -> None:
        for y in (7, 12):
            c.rect(20, y, 12, 5, P.GUNMETAL_DARK)
            c.rect(32, y + 1, 14, 3, P.GUNMETAL, bevel=0.5)

    def head(c: Canvas) -> None:
        c.poly([(29, 12), (37, 12), (38, 18), (29, 18)], P.GRADOS_OLIVE_DARK)
        c.emit(36, 15, 2.0, P.MONO_EYE, 0.8)

    def shoulder(c: Canvas) -> None:
        c.poly([(18, 16), (34, 16), (35, 28), (19, 29)], T, team=True, bevel=1.2)

    body(
        c,
        P.GRADOS_OLIVE,
        P.GUNMETAL,
        P.GUNMETAL_DARK,
        head=head,
        back=back,
        shoulder=shoulder,
        weapon=rifle(14, P.GUNMETAL_DARK, 32, 5),
        legs=P.GRADOS_OLIVE_DARK,
    )


def skull_gunner(c: Canvas) -> None:
    c.shadow(33, 56, 22, 4)
    bone = (214, 206, 190)
    legs_far = [((30, 30), (20, 22), (12, 50)), ((34, 30), (38, 20), (46, 48))]
    legs_near = [
        ((28, 34), (14, 30), (6, 56)),
        ((32, 36), (28, 44), (24, 57)),
        ((38, 34), (50, 30), (58, 56)),
    ]
    for a, b, d in legs_far:
        c.line(a, b, 2.6, P.GUNMETAL_DARK)
        c.line(b, d, 2.0, P.GUNMETAL_DARK)
    c.ellipse(27, 33, 11, 7, P.GUNMETAL, team=False)  # abdomen
    c.ellipse(25, 31, 8, 4, T, team=True, bevel=0.8)
    for a, b, d in legs_near:
        c.line(a, b, 3, P.GUNMETAL)
        c.line(b, d, 2.4, P.GUNMETAL)
    # skull head
    c.ellipse(42, 28, 9, 8, bone)
    c.poly([(38, 32), (50, 32), (49, 38), (39, 38)], bone)
    c.circle(41, 28, 2.4, P.UMBER_DEEP, bevel=0)
    c.circle(47, 28, 2.4, P.UMBER_DEEP, bevel=0)
    for x in (41, 44, 47):
        c.rect(x, 34, 1.2, 4, P.UMBER, bevel=0, line=False)
    c.emit(41, 28, 2.6, P.MONO_EYE, 1.0)
    c.emit(47, 28, 2.6, P.MONO_EYE, 1.0)
    c.rect(46, 38, 12, 2.4, P.GUNMETAL_DARK)  # jaw gun


def skull_head(c: Canvas) -> None:
    """A severed Skull Gunner head on the ground: bigger than on the body, tilted, cables torn, eyes still lit."""
    c.shadow(32, 52, 20, 4.5)
    bone = (214, 206, 190)
    # torn neck cables trailing to the left
    for (x1, y1), (x2, y2), w in (
        ((24, 44), (10, 50), 2.2),
        ((25, 40), (8, 42), 1.8),
        ((26, 47), (14, 55), 1.6),
    ):
        c.line((x1, y1), (x2, y2), w, P.GUNMETAL_DARK)
    c.ellipse(25, 44, 5, 6, T, team=True, bevel=0.8)  # neck socket, team-painted collar (light, so it tints)
    # the skull, tilted on its side
    c.ellipse(35, 36, 14, 12, bone)
    c.poly([(27, 42), (47, 40), (46, 50), (29, 51)], bone)
    c.circle(31, 35, 3.6, P.UMBER_DEEP, bevel=0)
    c.circle(41, 34, 3.6, P.UMBER_DEEP, bevel=0)
    for x in (32, 36, 40, 44):
        c.rect(x, 45, 1.6, 5, P.UMBER, bevel=0, line=False)
    c.line((36, 24), (40, 31), 1.0, P.UMBER, bevel=0, line=False)  # crack
    c.emit(31, 35, 3.8, P.MONO_EYE, 1.0)
    c.emit(41, 34, 3.8, P.MONO_EYE, 1.0)
    c.emit(9, 42, 2.0, P.BEAM, 0.7)  # a spark at a cut cable


def buggy(c: Canvas) -> None:
    c.shadow(32, 54, 25, 4.5)
    for x in (17, 32, 47):  # far wheels
        c.circle(x + 3, 43, 5, P.GUNMETAL_DARK)
    c.poly([(8, 34), (54, 33), (58, 40), (54, 46), (8, 46)], P.MECH_WHITE)  # chassis
    c.poly([(9, 39), (55, 38.5), (56, 41.5), (9, 42)], T, team=True, bevel=0.3)
    c.poly([(24, 24), (44, 24), (52, 33), (20, 34)], P.KHAKI)  # cabin
    c.poly([(38, 25.5), (44, 25.5), (50, 32), (40, 32)], P.UI_CYAN, bevel=0.5)  # windscreen
    c.line((22, 24), (18, 8), 1.2, P.MECH_GREY, bevel=0)
    c.circle(18, 8, 1.6, P.ACCENT_RED, bevel=0)
    c.rect(10, 28, 12, 6, P.BUGGY_ORANGE)  # cargo
    for x in (15, 30, 45):  # near wheels
        c.circle(x, 47, 6, P.GUNMETAL)
        c.circle(x, 47, 2.4, P.MECH_GREY, bevel=0.5)
    c.emit(57, 38, 2.5, P.FIRE_YELLOW, 0.8)


def survivor(c: Canvas) -> None:
    def person(x: float, y: float, s: float, suit) -> None:
        c.shadow(x, y + 14 * s, 5 * s, 1.5 * s)
        c.rect(x - 4.5 * s, y - 1 * s, 3.5 * s, 9 * s, T, team=True)  # backpack
        c.poly([(x - 3 * s, y), (x + 3 * s, y), (x + 3.5 * s, y + 8 * s), (x - 3 * s, y + 8 * s)], suit)
        c.line((x - 1.5 * s, y + 8 * s), (x - 2 * s, y + 13.5 * s), 2.4 * s, suit)
        c.line((x + 1.5 * s, y + 8 * s), (x + 2.5 * s, y + 13.5 * s), 2.4 * s, suit)
        c.line((x + 2 * s, y + 2 * s), (x + 6 * s, y + 5 * s), 2 * s, suit)
        c.circle(x, y - 3.5 * s, 3.6 * s, P.SUIT_WHITE)
        c.ellipse(x + 1.5 * s, y - 3.5 * s, 2.2 * s, 1.8 * s, P.UI_CYAN, bevel=0.4, line=False)

    person(18, 26, 1.25, P.SUIT_ORANGE)
    person(33, 32, 1.15, P.SUIT_WHITE)
    person(46, 24, 1.3, P.SUIT_ORANGE)


def manipulator_suit(c: Canvas) -> None:
    c.shadow(32, 56, 14, 3)
    c.line((26, 40), (24, 54), 4, P.GUNMETAL)
    c.line((36, 40), (38, 54), 4.5, P.GUNMETAL)
    c.rect(20, 52, 8, 4, P.GUNMETAL_DARK)
    c.rect(34, 52, 9, 4, P.GUNMETAL_DARK)
    c.line((40, 28), (50, 30), 3, P.GUNMETAL_DARK)  # far arm
    c.poly([(50, 27), (55, 25), (54, 30)], P.MECH_GREY, bevel=0.5)
    c.poly([(20, 22), (42, 22), (43, 42), (20, 42)], P.HAZARD)  # boxy body
    c.poly([(20, 33), (32, 33), (32, 42), (20, 42)], T, team=True, bevel=0.5)
    c.poly([(32, 24), (41, 24), (41, 31), (32, 31)], P.UI_CYAN, bevel=0.4)
    c.rect(18, 18, 8, 6, P.GUNMETAL)  # exhaust/roll bar
    c.line((36, 34), (48, 38), 3.4, P.GUNMETAL)  # near claw arm
    c.poly([(48, 34), (55, 35), (52, 38)], P.MECH_GREY, bevel=0.5)
    c.poly([(48, 42), (55, 41), (52, 38)], P.MECH_GREY, bevel=0.5)
    c.emit(24, 25, 1.6, P.FIRE_YELLOW, 0.7)


def us_turret(c: Canvas) -> None:
    c.shadow(32, 52, 24, 6)
    c.poly([(10, 40), (20, 34), (46, 34), (56, 40), (52, 52), (14, 52)], P.CONCRETE)  # base
    c.poly([(12, 44), (54, 44), (53, 47), (13, 47)], T, team=True, bevel=0.3, line=False)
    c.ellipse(31, 31, 14, 10, P.PLATE_WHITE)  # dome
    c.rect(40, 24, 20, 3, P.GUNMETAL)  # twin barrels
    c.rect(40, 29, 20, 3, P.GUNMETAL)
    c.ellipse(31, 27, 8, 4, P.PLATE, line=False, bevel=0.5)
    c.circle(25, 32, 5.5, P.US_BLUE, bevel=0.3)
    c.poly(star(25, 32.3, 4.6), P.STAR_WHITE, bevel=0, line=False)


def soviet_turret(c: Canvas) -> None:
    c.shadow(32, 52, 24, 6)
    c.poly([(8, 38), (56, 38), (56, 53), (8, 53)], P.CONCRETE_DARK)  # blocky bunker
    c.poly([(8, 47), (56, 47), (56, 50), (8, 50)], T, team=True, bevel=0.3, line=False)
    c.poly([(18, 22), (42, 20), (48, 28), (44, 38), (16, 38)], P.GRADOS_OLIVE)  # angular turret
    c.rect(46, 25, 16, 4, P.GUNMETAL)  # single long barrel
    c.rect(58, 24, 4, 6, P.GUNMETAL_DARK)  # muzzle brake
    c.poly(star(29, 30, 6), P.SOVIET_RED, bevel=0.3)
    c.poly(star(29, 30, 2.4), P.STAR_GOLD, bevel=0, line=False)


def _jet(c: Canvas, body: P.Color, dark: P.Color, twin_tail: bool) -> None:
    """A Cold War interceptor seen from above and a little behind, nose to the right, flying high."""
    c.shadow(30, 57, 18, 2.5, alpha=0.3)  # far below: it flies
    c.poly([(22, 30), (34, 30), (14, 12), (8, 12)], dark)  # far wing, swept back
    if twin_tail:
        c.poly([(10, 28), (16, 28), (8, 18), (4, 18)], dark)
    c.poly([(6, 29), (46, 27), (60, 31), (46, 35), (6, 34)], body)  # fuselage
    c.poly([(8, 30.5), (44, 29), (44, 31.5), (8, 32.5)], T, team=True, bevel=0.3, line=False)
    c.poly([(40, 27.5), (50, 28.5), (47, 30.5), (40, 30.5)], P.COBALT_DARK, bevel=0.5)  # canopy
    c.poly([(22, 34), (36, 33), (14, 52), (6, 52)], body)  # near wing
    c.poly([(6, 33), (14, 33), (4, 44), (0, 44)], body)  # near tailplane
    c.poly([(6, 29), (14, 29), (6, 17), (2, 17)], body)  # fin
    c.emit(5, 31.5, 3.0, P.FIRE_ORANGE, 0.9)  # afterburner


def us_jet(c: Canvas) -> None:
    _jet(c, P.PLATE, P.PLATE_DARK, twin_tail=True)
    c.circle(20, 44, 3.2, P.US_BLUE, bevel=0.2)
    c.poly(star(20, 44.2, 2.8), P.STAR_WHITE, bevel=0, line=False)


def soviet_jet(c: Canvas) -> None:
    _jet(c, P.KHAKI, P.KHAKI_DARK, twin_tail=False)
    c.poly(star(20, 44, 4), P.SOVIET_RED, bevel=0.2)


#: the units drawn with ``humanoid``; each takes ``body=`` so the cut-in art can swap in a detailed body
HUMANOIDS: frozenset[str] = frozenset(
    ("layzner", "baybull", "buldy", "braver", "grimekaisar", "dimarge", "solomco", "dtol")
)

DRAW: dict[str, Callable[..., None]] = {
    "layzner": layzner,
    "baybull": baybull,
    "buldy": buldy,
    "braver": braver,
    "grimekaisar": grimekaisar,
    "bullgrenn": bullgrenn,
    "dimarge": dimarge,
    "solomco": solomco,
    "dtol": dtol,
    "skull_gunner": skull_gunner,
    "skull_head": skull_head,
    "us_jet": us_jet,
    "soviet_jet": soviet_jet,
    "buggy": buggy,
    "survivor": survivor,
    "manipulator_suit": manipulator_suit,
    "us_turret": us_turret,
    "soviet_turret": soviet_turret,
}


def unit_sprite(uid: str) -> tuple[Array, Array]:
    c = Canvas(N, N, scale=4, ss=4)
    DRAW[uid](c)
    return c.finish()


def wreck(sprite: Array, uid: str) -> Array:
    """Darkened, broken, smoking version of a finished sprite."""
    rng = np.random.default_rng(9000 + UNIT_IDS.index(uid))
    yy, xx = np.mgrid[0:N, 0:N].astype(np.float64)
    s = sprite.copy()
    # slump: shear the upper body down and back a little
    src_y = np.clip(yy - np.clip((50 - yy) / 50, 0, 1) * 6, 0, N - 1).astype(int)
    src_x = np.clip(xx + np.clip((50 - yy) / 50, 0, 1) * 3, 0, N - 1).astype(int)
    s = s[src_y, src_x]
    # break: cut a few jagged holes
    holes = fbm(rng, N, N, base=5, octaves=3) > 0.8
    s[holes, 3] *= 0.0
    # char: darken and desaturate toward umber, scorch gradient
    lum = s[..., :3].mean(axis=2, keepdims=True)
    s[..., :3] = (0.45 * s[..., :3] + 0.55 * lum) * 0.42 + col(P.UMBER) * 0.18
    s = add_outline(s)
    # embers on the broken edges
    edge = (s[..., 3] > 0.5) & (np.roll(holes, 1, 0) | np.roll(holes, 1, 1))
    edge &= rng.random((N, N)) < 0.35
    s[edge, :3] = col(P.FIRE_ORANGE)
    # smoke plume rising up and right
    smoke = np.zeros((N, N, 4))
    plume = np.zeros((N, N))
    for i in range(6):
        cx = 30 + i * 3 + rng.uniform(-2, 2)
        cy = 30 - i * 5
        r = 5 + i * 1.2
        plume = np.maximum(plume, np.clip(1 - np.hypot(xx - cx, yy - cy) / r, 0, 1) ** 0.7 * (1 - i * 0.12))
    plume = blur(plume * (0.75 + 0.5 * fbm(rng, N, N, base=8, octaves=2)), 1)
    smoke[..., :3] = col(P.SMOKE)
    smoke[..., 3] = np.clip(plume, 0, 0.8)
    # rubble/debris at the feet
    deb = np.zeros((N, N, 4))
    for _ in range(10):
        x, y = rng.uniform(14, 52), rng.uniform(52, 59)
        r = rng.uniform(1, 2.5)
        m = np.hypot(xx - x, (yy - y) * 1.4) < r
        deb[m, :3] = col(P.GUNMETAL_DARK)
        deb[m, 3] = 1
    return over(over(deb, s), smoke)


def vmax_glow() -> Array:
    """Additive blue-white aura (blit with BLEND_RGB_ADD or as plain alpha)."""
    yy, xx = np.mgrid[0:N, 0:N].astype(np.float64)
    # body-shaped: an elongated ellipse with a comet tail to the left
    d = np.hypot((xx - 34) / 20, (yy - 32) / 28)
    core = np.clip(1 - d, 0, 1) ** 1.5
    tail = np.clip(1 - np.hypot((xx - 24) / 30, (yy - 32) / 10), 0, 1) ** 2 * (xx < 34)
    ang = np.arctan2(yy - 32, xx - 34)
    rays = (0.6 + 0.4 * np.cos(ang * 9) ** 8) * np.clip(1 - d * 0.8, 0, 1)
    a = np.clip(core * 0.85 + tail * 0.6 + rays * 0.35, 0, 1)
    out = np.zeros((N, N, 4))
    t = np.clip(a * 1.3, 0, 1)[..., None]
    out[..., :3] = col(P.BEAM_GLOW) * (1 - t) + col(P.BEAM_CORE) * t
    out[..., 3] = a
    return out


def selection_ring() -> Array:
    yy, xx = np.mgrid[0:N, 0:N].astype(np.float64)
    d = np.hypot((xx - 31.5) / 27, (yy - 50) / 10)
    ring = np.exp(-(((d - 1) / 0.09) ** 2))
    ang = np.arctan2(yy - 50, xx - 31.5)
    dashes = (np.cos(ang * 6) > -0.3).astype(float)
    out = np.zeros((N, N, 4))
    out[..., :3] = col(P.UI_AMBER)
    inner = np.exp(-(((d - 0.93) / 0.05) ** 2))
    out[..., :3] = col(P.UI_AMBER) * (1 - inner[..., None] * 0.5) + col(P.MARK_WHITE) * inner[..., None] * 0.5
    out[..., 3] = np.clip(ring * dashes * 1.2 + 0.15 * np.clip(1 - d, 0, 1), 0, 1)
    return out


def generate(out: Path) -> list[Path]:
    files = []
    for uid in UNIT_IDS:
        spr, team = unit_sprite(uid)
        for name, arr in ((uid, spr), (f"{uid}_team", team), (f"{uid}_wreck", wreck(spr, uid))):
            p = out / "units" / f"{name}.png"
            save_rgba(arr, p)
            files.append(p)
    for name, arr in (("vmax_glow", vmax_glow()), ("selection_ring", selection_ring())):
        p = out / "units" / f"{name}.png"
        save_rgba(arr, p)
        files.append(p)
    return files
