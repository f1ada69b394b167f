"""The menu scenes' common ground: a title and a vertical menu over the Mars backdrop, and the students'
skills line the briefing and the simulator screen both show. Not a scene of its own."""

from __future__ import annotations

import pygame

from ..campaign import learners, skills_line
from ..data import load_catalog
from ..i18n import tr
from . import assets, widgets
from .app import POP, App, Scene, Transition
from .audio import Audio
from .session import Mission
from .widgets import px


class MenuScene(Scene):
    """A title and a vertical menu over the Mars backdrop; subclasses fill ``items`` and ``choose``."""

    heading = ""
    subtitle = ""

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.menu = widgets.Menu(self.items(), width=px(440))
        self.note = ""
        self._bg: pygame.Surface | None = None

    def items(self) -> list[widgets.Item]:
        return []

    def choose(self, key: str) -> Transition | None:
        return None

    def back(self) -> Transition | None:
        return POP

    def rebuild(self) -> None:
        self.menu = widgets.Menu(self.items(), width=px(440))

    def resized(self) -> None:
        index = self.menu.index  # the new UI scale's menu, the same row highlighted
        self.rebuild()
        self.menu.index = min(index, len(self.menu.items) - 1)

    def resumed(self) -> None:
        self.rebuild()

    def handle(self, event: pygame.event.Event) -> Transition | None:
        self.lay_out(self.app.size)  # a click lands on the rows as they will be drawn, even before a frame
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            return self.back()
        key = self.menu.handle(event)
        if key is None:
            return None
        Audio.play("ui_click")
        return self.choose(key)

    def menu_top(self, height: int) -> int:
        """Where the menu starts on a screen ``height`` pixels tall: centred below the heading, raised
        (never into the heading) when a long menu would run off the bottom."""
        total = self.menu.total_height()
        return max(px(190), min(max(px(230), height // 2 - total // 2 + px(40)), height - total - px(12)))

    def draw_menu(self, screen: pygame.Surface) -> None:
        """The backdrop, the heading and the menu."""
        w, h = screen.get_size()
        if self._bg is None or self._bg.get_size() != (w, h):
            self._bg = assets.title_image(w, h)
        screen.blit(self._bg, (0, 0))
        self.draw_heading(screen)
        self.lay_out((w, h))
        self.menu.draw(screen)

    def lay_out(self, size: tuple[int, int]) -> None:
        """Place the menu on a window of ``size``: before input as before drawing, so that what is
        clicked is what is shown. A note takes the bottom of the screen: the menu rises above it,
        never under it, its buttons drawn closer together when a short window leaves too little room,
        scrolled when even that is not enough (Mission Select once the campaign is far along)."""
        w, h = size
        room = h - self.note_box(w, h).height - px(12)
        self.menu.shown = None
        self.menu.height, self.menu.gap = px(46), px(10)
        if px(190) + self.menu.total_height() > room:
            self.menu.height, self.menu.gap = px(36), px(5)
        self.menu.fit_rows(room - px(190))
        self.menu.origin = (w // 2 - self.menu.width // 2, self.menu_top(room))

    def note_box(self, w: int, h: int) -> pygame.Rect:
        """Where the note goes on a ``w`` x ``h`` screen (empty without a note), tall enough for it."""
        if not self.note:
            return pygame.Rect(px(40), h, w - px(80), 0)
        lines = len(widgets.wrap(self.note, 20, w - px(80) - px(24)))
        height = px(20) + lines * (widgets.font_for(self.note, 20).get_linesize() + px(4))
        return pygame.Rect(px(40), h - height - px(12), w - px(80), height)

    def draw(self, screen: pygame.Surface) -> None:
        self.draw_menu(screen)
        w, h = screen.get_size()
        if self.note:
            box = self.note_box(w, h)
            widgets.panel(screen, box)
            widgets.paragraph(screen, self.note, box.inflate(-px(24), -px(20)), 20, widgets.AMBER)

    def draw_heading(self, screen: pygame.Surface) -> None:
        w, _ = screen.get_size()
        widgets.text(screen, tr(self.heading), (w // 2, px(120)), 64, anchor="center", bold=True)
        if self.subtitle:
            widgets.text(screen, tr(self.subtitle), (w // 2, px(170)), 26, widgets.AMBER, anchor="center")


def students_lines(mission: Mission, xp: dict[str, int]) -> list[str]:
    """The students' current skills, when the mission puts one of them in a cockpit."""
    setup = mission.setup
    flying = {str(u.pilot) for u in setup.units if u.pilot}
    for trig in setup.triggers:
        for effect in trig.effects:
            flying |= {str(p.pilot) for p in getattr(effect, "units", ()) if getattr(p, "pilot", None)}
    catalog = load_catalog()  # the catalog's own skills: the mission's already include the growth
    out = []
    for pilot in learners(catalog):
        if pilot in flying:
            out.append(tr(skills_line(catalog, pilot, xp.get(pilot, 0))))
    return out
