"""How sides are told apart on screen: a shape for each side and, on request, colour-blind-safe colours.

A side's shape is taken by its place in the scenario's list of sides (``SHAPES``: chevron, triangle,
circle, diamond, square, then round again), so the same mission always marks a side the same way. With
the ``safe_colours`` option the side colours come from the Okabe-Ito palette by the same order
(``SAFE``: sky blue, vermillion, yellow, blue, reddish purple), chosen for the largest smallest
difference between any two of them as people with protanopia, deuteranopia and tritanopia see them
(tests/test_ui_access.py measures it on the rendered map). ``PALETTE`` holds the choice, set from the
options by ``configure`` (the app at start, the options screen on a change), as ``Audio`` holds its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

import pygame

from . import assets

SHAPES = ("chevron", "triangle", "circle", "diamond", "square")
"""In the order that keeps the first few most unlike at 12 px (square, circle and diamond differ least)."""
SAFE: tuple[tuple[int, int, int], ...] = (
    (86, 180, 233),  # sky blue
    (213, 94, 0),  # vermillion
    (240, 228, 66),  # yellow
    (0, 114, 178),  # blue
    (204, 121, 167),  # reddish purple
)


class _Side(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def colour(self) -> str: ...


class _HasSides(Protocol):
    @property
    def sides(self) -> Sequence[_Side]: ...


@dataclass
class Palette:
    safe: bool = False


PALETTE = Palette()


def configure(options: object) -> None:
    """Use the palette the options ask for (``safe_colours``)."""
    PALETTE.safe = bool(getattr(options, "safe_colours", False))


def _index(mission: _HasSides, side: str) -> int:
    return next((i for i, s in enumerate(mission.sides) if s.id == side), -1)


def hint(mission: _HasSides, side: str, safe: bool | None = None) -> str:
    """The colour hint for ``side`` (what ``assets.side_colour`` takes): the safe palette's by the side's
    order when that palette is on, else the scenario's own (empty for the side's default)."""
    i = _index(mission, side)
    if (PALETTE.safe if safe is None else safe) and i >= 0:
        return "#{:02x}{:02x}{:02x}".format(*SAFE[i % len(SAFE)])
    return mission.sides[i].colour if i >= 0 else ""


def colour(mission: _HasSides, side: str, safe: bool | None = None) -> tuple[int, int, int]:
    return assets.side_colour(side, hint(mission, side, safe))


def shape(mission: _HasSides, side: str) -> str:
    """The side's marker shape, by its place among the scenario's sides."""
    return SHAPES[max(0, _index(mission, side)) % len(SHAPES)]


def draw_marker(
    surface: pygame.Surface,
    mission: _HasSides,
    side: str,
    centre: tuple[int, int],
    size: int,
    safe: bool | None = None,
) -> pygame.Rect:
    """The side's shape in its colour, centred on ``centre``, on a dark disc so it reads on any ground;
    returns where it went. One blit of a cached image (it is drawn for every unit every frame)."""
    img = _badge(shape(mission, side), max(8, size), colour(mission, side, safe))
    box = img.get_rect(center=centre)
    surface.blit(img, box)
    return box


@cache
def _badge(shape: str, size: int, rgb: tuple[int, int, int]) -> pygame.Surface:
    out = pygame.Surface((size + 4, size + 4), pygame.SRCALPHA)
    centre = (size // 2 + 2, size // 2 + 2)
    pygame.draw.circle(out, (12, 10, 16), centre, size // 2 + 2)
    img = assets.side_marker(shape, size, rgb)
    box = pygame.Rect(2, 2, size, size)
    if img is not None:
        out.blit(img, box)
    else:  # no marker art: a plain square in the colour still says which side
        pygame.draw.rect(out, rgb, box.inflate(-size // 4, -size // 4))
    return out


def legend(
    surface: pygame.Surface,
    mission: _HasSides,
    names: Sequence[tuple[str, str]],
    pos: tuple[int, int],
    size: int = 22,
    safe: bool | None = None,
) -> int:
    """One line of ``(side, label)`` entries, each with its marker, from ``pos`` (top left); returns
    the x where it ended."""
    from . import widgets

    x, y = pos
    box = widgets.px(size)  # the marker as tall as the line, at the UI scale
    for side, label in names:
        draw_marker(surface, mission, side, (x + box // 2, y + box // 2), box - widgets.px(4), safe)
        x += box + widgets.px(4)
        widgets.text(surface, label, (x, y + box // 2), size, colour(mission, side, safe), anchor="midleft")
        x += widgets.font_for(label, size).size(label)[0] + widgets.px(18)
    return x
