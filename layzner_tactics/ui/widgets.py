"""Drawing helpers shared by the scenes: fonts, text, panels, buttons and vertical menus.

One palette (``artgen.palette``) for every panel; a ``Menu`` works with the mouse (hover, click) and
the keyboard (up/down, Enter) alike and reports the chosen item's key.

The UI scale (``set_scale``, from the option as far as the window holds it: ``fitting_scale``): type
sizes given to ``font``, ``text``, ``fit``, ``wrap`` and ``paragraph`` are layout sizes, scaled inside
``font``; every other length a layout uses (a gap, a row, a panel's width) goes through ``px``. A type
size taken from a picture that is already scaled (a tile, a cut-in's stage) goes back through ``unpx``.
Pictures kept between frames are keyed by ``scale()``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, lru_cache

import numpy as np
import pygame

from .. import i18n
from . import assets
from .artgen import palette as P

TEXT = P.UI_TEXT
DIM = (170, 152, 136)
AMBER = P.UI_AMBER
CYAN = P.UI_CYAN
BG = P.UI_BG
BG_LIGHT = P.UI_BG_LIGHT
GOOD = (120, 214, 120)
BAD = (236, 84, 64)


@dataclass
class DrawnText:
    text: str
    rect: pygame.Rect
    covered: bool = False
    """A panel drawn over it later: it is no longer seen (and overlaps nothing)."""


@dataclass
class TextLog:
    """What a frame drew on ``target``: each line of text and each box (panel, button) in order, for
    the test that every text fits its box and no two labels overlap (``recording``)."""

    target: pygame.Surface
    texts: list[DrawnText] = field(default_factory=list)
    boxes: list[tuple[pygame.Rect, int]] = field(default_factory=list)
    """Each box in view with the number of texts drawn before it (a text lies in the boxes drawn
    before it); a box a later panel hides is dropped."""

    def box(self, rect: pygame.Rect, covers: bool = True) -> None:
        """A box drawn; ``covers`` (a panel, not a button) hides what it is drawn over."""
        if covers:
            for t in self.texts:
                if not t.covered and rect.colliderect(t.rect):
                    t.covered = True
            self.boxes = [(b, n) for b, n in self.boxes if not rect.contains(b) or b == rect]
        self.boxes.append((pygame.Rect(rect), len(self.texts)))

    def text(self, msg: str, rect: pygame.Rect) -> None:
        if msg.strip():
            self.texts.append(DrawnText(msg, pygame.Rect(rect)))


_recording: list[TextLog] = []


@contextmanager
def recording(target: pygame.Surface) -> Iterator[TextLog]:
    """Record the texts and boxes drawn on ``target`` inside the ``with`` (tests only; off otherwise)."""
    log = TextLog(target)
    _recording.append(log)
    try:
        yield log
    finally:
        _recording.remove(log)


def recording_active() -> bool:
    """Whether a test records what is drawn (a cached picture would hide its texts from it)."""
    return bool(_recording)


def note_text(surface: pygame.Surface, msg: str, rect: pygame.Rect) -> None:
    """Tell a recording about a line drawn without ``text`` (a rendered label blitted by hand)."""
    for log in _recording:
        # under a clip (the map area): a label scrolled partly out of view is the map moving, not a cut
        if surface is log.target and surface.get_clip().contains(rect):
            log.text(msg, rect)


def note_box(surface: pygame.Surface, rect: pygame.Rect, covers: bool = True) -> None:
    """Tell a recording about a box drawn without ``panel`` (a pill, a band): what it covers is hidden."""
    for log in _recording:
        if surface is log.target:
            log.box(rect, covers)


BASE_SIZE = (960, 600)
"""The window every layout is made to fit at 100 %: at a scale ``s`` a window holds the layouts when it
is at least ``s`` times this (``fitting_scale``)."""
_scale = 1.0
_shadow = [1, 2]
"""Where a line's drop shadow falls, at the scale in use."""


def fitting_scale(percent: int, size: tuple[int, int]) -> float:
    """The scale used for a chosen ``percent`` on a window of ``size``: the choice, lowered (to a 5 %
    step) until the window holds ``BASE_SIZE`` scaled by it; never below the choice when it shrinks."""
    want = percent / 100
    room = min(size[0] / BASE_SIZE[0], size[1] / BASE_SIZE[1])
    if want <= 1.0 or want <= room:
        return want
    return max(1.0, int(room * 20 + 1e-9) / 20)


def set_scale(scale: float) -> bool:
    """Scale every font and ``px`` length by ``scale`` from now on; True when it changed (the cached
    fonts and wrapped lines are dropped then: pictures keyed by ``scale()`` are redrawn)."""
    global _scale
    if abs(scale - _scale) < 1e-9:
        return False
    _scale = scale
    _shadow[:] = [max(1, px(1)), px(2)]
    font.cache_clear()
    _rendered.cache_clear()
    _wrapped.cache_clear()
    return True


def scale() -> float:
    """The UI scale in use (1.0 is 100 %)."""
    return _scale


def px(n: float) -> int:
    """``n`` layout pixels (a gap, a row, a panel's width at 100 %) at the UI scale in use."""
    return round(n * _scale)


def unpx(n: float) -> int:
    """A length in screen pixels back in layout pixels: the type size for text sized by a picture
    (a tile, a cut-in's stage) that already has the scale in it, so ``font`` does not scale it twice."""
    return max(1, round(n / _scale))


WIDE_FONT = assets.ASSETS / "fonts" / "MPLUS1-Regular.otf"
"""M PLUS 1 Regular (SIL Open Font License 1.1, ``fonts/OFL.txt``): Latin, kana and the JIS level 1 and
2 kanji, for a language that needs it (``i18n.wide_font``) and for any text the default font lacks."""
WIDE_SCALE = 0.6875
"""pygame draws its default font at 0.6875 of the size asked: the wide font at the same nominal size."""


@cache
def font(size: int, bold: bool = False, wide: bool = False) -> pygame.font.Font:
    """The UI font at ``size`` (at 100 %: the UI scale applies here): the default font, or the wide one
    (``wide``, or the language needs it). Cached: changing the language or the scale clears the cache."""
    size = max(6, px(size))
    if wide or i18n.wide_font():
        wide_px = max(1, round(size * WIDE_SCALE))
        f = pygame.font.Font(str(WIDE_FONT), wide_px)
        _INK_ROWS[id(f)] = (round(wide_px * 0.1), math.ceil(wide_px * 1.45))
    else:
        f = pygame.font.Font(None, size)
        _INK_ROWS[id(f)] = None
    f.set_bold(bold)
    return f


_INK_ROWS: dict[int, tuple[int, int] | None] = {}
"""Per font made by ``font`` (by id: every font made sets its entry), the rows of a rendered line that
hold ink: M PLUS 1's line box is a third taller than the default font's, most of it empty above, and a
line laid out for the default font would overlap the one below it."""


def _trimmed(f: pygame.font.Font, img: pygame.Surface) -> pygame.Surface:
    rows = _INK_ROWS.get(id(f))
    if rows is None or img.get_height() <= 1:
        return img
    top, end = rows[0], min(rows[1], img.get_height())
    return img.subsurface((0, top, img.get_width(), max(1, end - top))).copy() if end > top else img


def font_for(msg: str, size: int, bold: bool = False) -> pygame.font.Font:
    """The font that has glyphs for ``msg``: ``font(size, bold)``, or the wide font when ``msg`` holds a
    character the default font lacks (a Japanese briefing, a unit named in kanji)."""
    if not msg.isascii() and not i18n.wide_font() and any(ord(c) > 0x24F and _default_lacks(c) for c in msg):
        return font(size, bold, True)
    return font(size, bold)


@cache
def _default_lacks(char: str) -> bool:
    """Whether pygame's default font draws ``char`` as its missing-glyph box (a noncharacter's box)."""
    probe = pygame.font.Font(None, 20)
    box = "\uffff"
    if probe.metrics(char)[0] != probe.metrics(box)[0]:
        return False
    white = (255, 255, 255)
    return pygame.image.tobytes(probe.render(char, True, white), "RGBA") == pygame.image.tobytes(
        probe.render(box, True, white), "RGBA"
    )


def use_language(code: str) -> str:
    """Show the UI in a language (``i18n.set_language``) and drop the fonts and texts cached for the
    last one. Returns the code in use (English when ``code`` has no usable catalog)."""
    used = i18n.set_language(code)
    font.cache_clear()
    _rendered.cache_clear()
    _wrapped.cache_clear()
    return used


def text(
    surface: pygame.Surface,
    msg: str,
    pos: tuple[float, float],
    size: int = 22,
    colour: tuple[int, int, int] = TEXT,
    anchor: str = "topleft",
    shadow: bool = True,
    bold: bool = False,
) -> pygame.Rect:
    """Draw one line; returns its rect. ``anchor`` is a pygame.Rect attribute name."""
    img, sh = _rendered(font_for(msg, size, bold), msg, tuple(colour), shadow)
    rect = img.get_rect(**{anchor: pos})
    if sh is not None:
        surface.blit(sh, rect.move(_shadow))
    surface.blit(img, rect)
    if _recording:
        note_text(surface, msg, rect)
    return rect


SHADOW_ALPHA = 150
"""How dark a line's drop shadow is (0-255)."""


@lru_cache(maxsize=2048)
def _rendered(
    f: pygame.font.Font, msg: str, colour: tuple[int, ...], shadow: bool
) -> tuple[pygame.Surface, pygame.Surface | None]:
    """A line and its shadow, rendered once: panels redraw the same lines every frame."""
    img = _trimmed(f, f.render(msg, True, colour))
    if not shadow:
        return img, None
    sh = _trimmed(f, f.render(msg, True, (0, 0, 0)))
    if sh.get_flags() & pygame.SRCALPHA and sh.get_width() and sh.get_height():
        # the shadow's 150/255 strength baked into its own alpha (the same blend, to the pixel, as
        # set_alpha(150), at half the cost a blit: panels draw dozens of shadowed lines a frame)
        alpha = pygame.surfarray.pixels_alpha(sh)
        alpha[...] = alpha.astype(np.uint16) * SHADOW_ALPHA // 255
        del alpha  # unlock the surface
    else:
        sh.set_alpha(SHADOW_ALPHA)
    return img, sh


def fit(msg: str, size: int, width: int, bold: bool = False) -> str:
    """``msg`` shortened with an ellipsis to fit ``width`` pixels."""
    f = font_for(msg, size, bold)
    if f.size(msg)[0] <= width:
        return msg
    while msg and f.size(msg + "...")[0] > width:
        msg = msg[:-1]
    return msg.rstrip() + "..."


def wrap(msg: str, size: int, width: int) -> list[str]:
    """Split ``msg`` into lines no wider than ``width`` pixels (paragraphs kept)."""
    return list(_wrapped(msg, size, width))


NO_BREAK_BEFORE = set(
    "、。，．・：；？！ー～…‥」』）〕］｝〉》】ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々,.:;!?)]}%"
)
"""Japanese line-breaking (kinsoku): these never start a line, they stay with the character before."""
NO_BREAK_AFTER = set("「『（〔［｛〈《【([{")
"""...and these never end one, they go with the character after."""


def _breaks_anywhere(char: str) -> bool:
    """Scripts written without spaces (kana, kanji, full-width forms): a line may break between two."""
    return "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\uff00" <= char <= "\uffef"


def _pieces(word: str) -> list[str]:
    """A space-free word cut where a line may break: between Japanese characters (kinsoku kept)."""
    out: list[str] = []
    for i, c in enumerate(word):
        prev = word[i - 1] if i else ""
        glued = (
            not out
            or c in NO_BREAK_BEFORE
            or prev in NO_BREAK_AFTER
            or not (_breaks_anywhere(c) or _breaks_anywhere(prev))
        )
        if glued and out:
            out[-1] += c
        else:
            out.append(c)
    return out


@lru_cache(maxsize=1024)
def _wrapped(msg: str, size: int, width: int) -> tuple[str, ...]:
    f = font_for(msg, size)
    lines: list[str] = []
    for para in msg.split("\n"):
        # (piece, what joins it to the piece before): a space between words, nothing inside a word
        pieces = [(p, " " if j == 0 else "") for word in para.split() for j, p in enumerate(_pieces(word))]
        if not pieces:
            lines.append("")
            continue
        line = pieces[0][0]
        for piece, joint in pieces[1:]:
            trial = f"{line}{joint}{piece}"
            if f.size(trial)[0] <= width:
                line = trial
            else:
                lines.append(line)
                line = piece
        lines.append(line)
    return tuple(lines)


def paragraph(
    surface: pygame.Surface,
    msg: str,
    rect: pygame.Rect,
    size: int = 22,
    colour: tuple[int, int, int] = TEXT,
    spacing: int = 4,
) -> int:
    """Draw wrapped text inside ``rect``; returns the y below the last line drawn. ``spacing`` is in
    layout pixels (scaled like the type)."""
    spacing = px(spacing)
    y = rect.top
    step = font_for(msg, size).get_linesize() + spacing
    for line in wrap(msg, size, rect.width):
        if y + step > rect.bottom + spacing:
            break
        if line:
            text(surface, line, (rect.left, y), size, colour)
        y += step
    return y


def panel(surface: pygame.Surface, rect: pygame.Rect, alpha: int = 225, accent: bool = True) -> None:
    """A framed translucent panel in the UI palette."""
    if _recording:
        note_box(surface, rect)
    art = _panel_art(rect.width, rect.height, alpha) if rect.width > 8 and rect.height > 8 else None
    if art is not None:
        surface.blit(art, rect)
        return
    body = pygame.Surface(rect.size, pygame.SRCALPHA)
    body.fill((*BG, alpha))
    pygame.draw.rect(body, (*BG_LIGHT, 255), body.get_rect(), 2, border_radius=6)
    if accent:
        pygame.draw.line(body, (*AMBER, 255), (8, 1), (rect.width - 9, 1), 2)
    surface.blit(body, rect)


@lru_cache(maxsize=64)
def _panel_art(w: int, h: int, alpha: int) -> pygame.Surface | None:
    """The panel art at one size and translucency, made once (not copied every frame)."""
    art = assets.nine_slice("panel", w, h)
    if art is not None and alpha < 255:
        art = art.copy()
        art.set_alpha(alpha)
    return art


def button(
    surface: pygame.Surface, rect: pygame.Rect, label: str, hot: bool, enabled: bool = True, size: int = 24
) -> None:
    if _recording:
        note_box(surface, rect, covers=False)
    name = "button_hover" if hot and enabled else "button"
    art = assets.nine_slice(name, rect.width, rect.height)
    if art is not None:
        surface.blit(art, rect)
    else:
        fill = (70, 48, 40) if hot and enabled else (44, 32, 38)
        pygame.draw.rect(surface, fill, rect, border_radius=6)
        pygame.draw.rect(surface, AMBER if hot and enabled else (110, 84, 70), rect, 2, border_radius=6)
    colour = TEXT if enabled else (110, 100, 96)
    if hot and enabled:
        colour = AMBER
    text(surface, label, rect.center, size, colour, anchor="center")


def bar(
    surface: pygame.Surface, rect: pygame.Rect, frac: float, colour: tuple[int, int, int], back=(30, 20, 24)
) -> None:
    pygame.draw.rect(surface, back, rect)
    inner = rect.inflate(-2, -2)
    inner.width = max(0, int(inner.width * max(0.0, min(1.0, frac))))
    if inner.width:
        pygame.draw.rect(surface, colour, inner)


def hp_colour(frac: float) -> tuple[int, int, int]:
    if frac > 0.6:
        return GOOD
    if frac > 0.3:
        return (236, 196, 64)
    return BAD


@dataclass
class Item:
    key: str
    label: str
    enabled: bool = True
    hint: str = ""


class Menu:
    """A vertical list of buttons; the mouse hovers and clicks (the wheel scrolls), the keyboard moves
    and confirms. Sizes are screen pixels (``px`` of the layout's). With ``shown`` set to fewer rows
    than it has, the menu shows that many at a time, scrolled to keep the highlighted one in view, with
    an arrow above and below when more lie that way."""

    def __init__(
        self,
        items: Sequence[Item],
        width: int | None = None,
        height: int | None = None,
        gap: int | None = None,
    ) -> None:
        self.items = list(items)
        self.width = px(320) if width is None else width
        self.height = px(46) if height is None else height
        self.gap = px(10) if gap is None else gap
        self.index = next((i for i, it in enumerate(self.items) if it.enabled), 0)
        self.origin = (0, 0)
        self.shown: int | None = None
        """How many rows are in view at once (None: all of them)."""
        self.first = 0
        """The first row in view when scrolled."""

    def visible(self) -> range:
        """The rows in view: all, or ``shown`` of them around the highlighted one."""
        n = len(self.items)
        if self.shown is None or self.shown >= n:
            self.first = 0
            return range(n)
        shown = max(1, self.shown)
        if self.index < self.first:
            self.first = self.index
        elif self.index >= self.first + shown:
            self.first = self.index - shown + 1
        self.first = max(0, min(self.first, n - shown))
        return range(self.first, self.first + shown)

    def rects(self) -> list[pygame.Rect]:
        """Each item's button (an empty rect for a row scrolled out of view)."""
        x, y = self.origin
        view = self.visible()
        return [
            pygame.Rect(x, y + (i - view.start) * (self.height + self.gap), self.width, self.height)
            if i in view
            else pygame.Rect(x, y, 0, 0)
            for i in range(len(self.items))
        ]

    def total_height(self) -> int:
        return len(self.visible()) * (self.height + self.gap) - self.gap

    def fit_rows(self, room: int) -> None:
        """Show as many rows as ``room`` pixels hold (with the scroll arrows' space), all when they fit."""
        step = self.height + self.gap
        if len(self.items) * step - self.gap <= room:
            self.shown = None
        else:
            self.shown = max(1, (room - 2 * px(14) + self.gap) // step)

    def move(self, step: int) -> None:
        if not any(it.enabled for it in self.items):
            return
        i = self.index
        for _ in range(len(self.items)):
            i = (i + step) % len(self.items)
            if self.items[i].enabled:
                self.index = i
                return

    def chosen(self) -> str | None:
        """The highlighted item's key, when it can be chosen."""
        if self.items and self.items[self.index].enabled:
            return self.items[self.index].key
        return None

    def handle(self, event: pygame.event.Event) -> str | None:
        """The key of the item chosen by this event, if any."""
        if event.type == pygame.MOUSEMOTION:
            for i, r in enumerate(self.rects()):
                if r.collidepoint(event.pos) and self.items[i].enabled:
                    self.index = i
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for i, r in enumerate(self.rects()):
                if r.collidepoint(event.pos) and self.items[i].enabled:
                    self.index = i
                    return self.items[i].key
        elif event.type == pygame.MOUSEWHEEL and self.shown is not None:
            self.move(-1 if event.y > 0 else 1)
        elif event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_UP, pygame.K_w):
                self.move(-1)
            elif event.key in (pygame.K_DOWN, pygame.K_s):
                self.move(1)
            elif event.key in (pygame.K_RETURN, pygame.K_SPACE, pygame.K_KP_ENTER):
                return self.chosen()
        return None

    def draw(self, surface: pygame.Surface, size: int = 26) -> None:
        for i, (item, r) in enumerate(zip(self.items, self.rects(), strict=True)):
            if r.width:
                button(surface, r, item.label, i == self.index, item.enabled, size)
        self.draw_arrows(surface)

    def draw_arrows(self, surface: pygame.Surface) -> None:
        """The scroll arrows: above when rows lie above the view, below when rows lie below it."""
        view = self.visible()
        cx = self.origin[0] + self.width // 2
        r = px(8)
        if view.start > 0:
            y = self.origin[1] - px(8)
            pygame.draw.polygon(surface, AMBER, [(cx - r, y), (cx + r, y), (cx, y - r)])
        if view.stop < len(self.items):
            y = self.origin[1] + self.total_height() + px(8)
            pygame.draw.polygon(surface, AMBER, [(cx - r, y), (cx + r, y), (cx, y + r)])


class Slider:
    """A horizontal 0..1 slider: drag or click the track with the mouse; ``nudge`` for the arrow keys.

    Place it by setting ``rect`` (the track) before handling events; ``handle`` returns True when the
    value changed, and ``dragging`` says whether the mouse still holds it (save on release).
    """

    def __init__(self, value: float = 0.0, step: float = 0.05) -> None:
        self.value = min(1.0, max(0.0, value))
        self.step = step
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.dragging = False

    def grab_rect(self) -> pygame.Rect:
        """Where a press takes hold: the track and a little around it (and the knob's overhang)."""
        return self.rect.inflate(24, max(0, 30 - self.rect.height))

    def _set_from(self, x: int) -> bool:
        if self.rect.width <= 1:
            return False
        v = min(1.0, max(0.0, (x - self.rect.left) / (self.rect.width - 1)))
        v = round(v / 0.01) * 0.01
        changed = abs(v - self.value) > 1e-9
        self.value = v
        return changed

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.grab_rect().collidepoint(event.pos):
                self.dragging = True
                return self._set_from(event.pos[0])
        elif event.type == pygame.MOUSEMOTION and self.dragging:
            return self._set_from(event.pos[0])
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self.dragging:
            self.dragging = False
            return self._set_from(event.pos[0])
        return False

    def nudge(self, direction: int) -> bool:
        v = min(1.0, max(0.0, round((self.value + direction * self.step) / self.step) * self.step))
        changed = abs(v - self.value) > 1e-9
        self.value = v
        return changed

    def knob_x(self) -> int:
        return self.rect.left + round(self.value * (self.rect.width - 1))

    def draw(self, surface: pygame.Surface, hot: bool = False, enabled: bool = True) -> None:
        r = self.rect
        track = pygame.Rect(r.left, r.centery - 4, r.width, 8)
        pygame.draw.rect(surface, (30, 20, 24), track, border_radius=4)
        fill = track.copy()
        fill.width = max(0, self.knob_x() - r.left)
        colour = (AMBER if hot else CYAN) if enabled else (110, 100, 96)
        if fill.width:
            pygame.draw.rect(surface, colour, fill, border_radius=4)
        pygame.draw.rect(surface, (110, 84, 70), track, 1, border_radius=4)
        knob = pygame.Rect(0, 0, 14, 26)
        knob.center = (self.knob_x(), r.centery)
        pygame.draw.rect(surface, (235, 222, 206) if enabled else (120, 110, 104), knob, border_radius=4)
        pygame.draw.rect(surface, colour, knob, 2, border_radius=4)
