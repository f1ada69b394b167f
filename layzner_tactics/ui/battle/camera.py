"""Where the battle's pieces sit on screen: the layout of its three areas and the camera over the map."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from ..widgets import px, scale

ZOOMS = (32, 48, 64)
"""The zoom steps (tile sizes) at 100 %; the UI scale scales them, and ``LEGIBLE``, like the panels."""
TOP = 46
SIDE = 340
LEGIBLE = 48
"""The smallest tile a new player reads a unit on without zooming (a Braver apart from a survivor)."""


@dataclass
class Layout:
    top: pygame.Rect
    view: pygame.Rect
    side: pygame.Rect

    @staticmethod
    def of(size: tuple[int, int]) -> Layout:
        w, h = size
        side = min(px(SIDE), max(px(260), w // 4))
        top = px(TOP)
        return Layout(
            pygame.Rect(0, 0, w, top),
            pygame.Rect(0, top, w - side, h - top),
            pygame.Rect(w - side, top, side, h - top),
        )


class Camera:
    """Map pixels to screen pixels: a tile size (zoom) and a scroll offset, kept inside the map."""

    def __init__(self, width: int, height: int, view: pygame.Rect) -> None:
        self.w, self.h = width, height
        self.view = view
        self.ts = fill_zoom(width, height, view)
        self.scale = scale()
        """The UI scale ``ts`` was chosen at (a new scale zooms the map in proportion: ``rescale``)."""
        self.ox = 0.0
        self.oy = 0.0
        self.clamp()

    def zooms(self) -> tuple[int, ...]:
        """The zoom steps: the fixed ones and the tile that fills this view (when it is not one)."""
        return tuple(sorted({*(px(z) for z in ZOOMS), fill_zoom(self.w, self.h, self.view)}))

    def rescale(self) -> None:
        """The UI scale changed: the tiles grow or shrink with it, the view's centre kept."""
        if abs(scale() - self.scale) < 1e-9:
            return
        ratio = scale() / self.scale
        self.scale = scale()
        centre = (self.ox + self.view.width / 2) / self.ts, (self.oy + self.view.height / 2) / self.ts
        self.ts = max(8, round(self.ts * ratio))
        self.ox = centre[0] * self.ts - self.view.width / 2
        self.oy = centre[1] * self.ts - self.view.height / 2
        self.clamp()

    def clamp(self) -> None:
        mw, mh = self.w * self.ts, self.h * self.ts
        if mw <= self.view.width:
            self.ox = -(self.view.width - mw) / 2
        else:
            self.ox = max(0.0, min(self.ox, mw - self.view.width))
        if mh <= self.view.height:
            self.oy = -(self.view.height - mh) / 2
        else:
            self.oy = max(0.0, min(self.oy, mh - self.view.height))

    def tile_rect(self, x: float, y: float) -> pygame.Rect:
        return pygame.Rect(
            round(self.view.left + x * self.ts - self.ox),
            round(self.view.top + y * self.ts - self.oy),
            self.ts,
            self.ts,
        )

    def to_tile(self, pos: tuple[int, int]) -> tuple[int, int] | None:
        if not self.view.collidepoint(pos):
            return None
        x = int((pos[0] - self.view.left + self.ox) // self.ts)
        y = int((pos[1] - self.view.top + self.oy) // self.ts)
        if 0 <= x < self.w and 0 <= y < self.h:
            return x, y
        return None

    def centre_on(self, x: int, y: int) -> None:
        self.ox = (x + 0.5) * self.ts - self.view.width / 2
        self.oy = (y + 0.5) * self.ts - self.view.height / 2
        self.clamp()

    def ensure_visible(self, x: int, y: int, margin: int = 1) -> None:
        r = self.tile_rect(x, y)
        inner = self.view.inflate(-2 * margin * self.ts, -2 * margin * self.ts)
        if not inner.contains(r):
            if r.left < inner.left:
                self.ox -= inner.left - r.left
            if r.right > inner.right:
                self.ox += r.right - inner.right
            if r.top < inner.top:
                self.oy -= inner.top - r.top
            if r.bottom > inner.bottom:
                self.oy += r.bottom - inner.bottom
            self.clamp()

    def zoom(self, step: int, anchor: tuple[int, int] | None = None) -> bool:
        steps = self.zooms()
        if self.ts not in steps:
            steps = tuple(sorted({*steps, self.ts}))
        i = steps.index(self.ts)
        j = max(0, min(len(steps) - 1, i + step))
        if j == i:
            return False
        anchor = anchor or self.view.center
        fx = (anchor[0] - self.view.left + self.ox) / self.ts
        fy = (anchor[1] - self.view.top + self.oy) / self.ts
        self.ts = steps[j]
        self.ox = fx * self.ts - (anchor[0] - self.view.left)
        self.oy = fy * self.ts - (anchor[1] - self.view.top)
        self.clamp()
        return True


def fill_zoom(width: int, height: int, view: pygame.Rect) -> int:
    """The default tile size for a ``width`` x ``height`` map in ``view``: the largest tile at which the
    whole map still fits (so it fills the view edge to edge along one side at least), but never below
    ``LEGIBLE``: a big map scrolls rather than shrink its units."""
    fit = min(view.width // max(1, width), view.height // max(1, height))
    return max(px(LEGIBLE), fit)


def row_runs(width: int, height: int, mask: int, ts: int) -> list[pygame.Rect]:
    """The tiles of ``mask`` (a map ``width`` by ``height`` tiles, ``ts`` pixels a tile) as map-pixel
    rectangles, one per unbroken stretch of a row."""
    runs = []
    full = (1 << width) - 1
    for y in range(height):
        row = (mask >> (y * width)) & full
        while row:
            first = (row & -row).bit_length() - 1
            run = row >> first
            length = (run ^ (run + 1)).bit_length() - 1  # the set bits in a row from ``first``
            row &= ~(((1 << length) - 1) << first)
            runs.append(pygame.Rect(first * ts, y * ts, length * ts, ts))
    return runs
