"""The options screens: volumes (sliders), mute, animation speed, window, and the key bindings table.

Every change applies at once (the mixer's volumes, the window mode) and is written to the options file
(atomic JSON) as it is made; a slider being dragged is written when it is let go. Menus themselves keep
fixed keys (arrows, Enter, Esc) so a bad binding can always be undone from here.
"""

from __future__ import annotations

from typing import cast

import pygame

from .. import i18n
from ..ai import DIFFICULTIES
from ..i18n import N_, tr
from . import assets, keys, pad, sides, widgets
from .app import POP, App, Scene, Transition, push, scene_class
from .audio import Audio
from .options import CUTIN_MODES, UI_SCALES
from .widgets import px

SLIDERS = {
    "master": (N_("Master volume"), "volume"),
    "effects": (N_("Effects volume"), "effects_volume"),
    "ambient": (N_("Ambient & wind volume"), "ambient_volume"),
}
CUTIN_LABELS = {"off": N_("off"), "first": N_("first time per weapon"), "always": N_("always")}
LEVEL_LABELS = {
    "story": N_("Story (the enemy gives you room)"),
    "normal": N_("Normal"),
    "hard": N_("Hard (the enemy plans deeper)"),
}
LEFT = (pygame.K_LEFT, pygame.K_a)
RIGHT = (pygame.K_RIGHT, pygame.K_d)


class _Backdrop:
    """The title image, darkened, redrawn only when the window size changes."""

    def __init__(self) -> None:
        self.image: pygame.Surface | None = None

    def draw(self, screen: pygame.Surface) -> None:
        w, h = screen.get_size()
        if self.image is None or self.image.get_size() != (w, h):
            self.image = assets.title_image(w, h).copy()
            shade = pygame.Surface((w, h), pygame.SRCALPHA)
            shade.fill((8, 4, 10, 150))
            self.image.blit(shade, (0, 0))
        screen.blit(self.image, (0, 0))


class OptionsScene(Scene):
    """Volumes, mute, animation speed, window size and fullscreen, and a door to the key bindings."""

    SIZES = ((1280, 720), (1600, 900), (1920, 1080), (960, 600))
    SPEEDS = (0.5, 1.0, 1.5, 2.0, 3.0)
    heading = N_("Options")

    def __init__(self, app: App) -> None:
        super().__init__(app)
        o = app.options
        self.sliders = {key: widgets.Slider(getattr(o, attr)) for key, (_, attr) in SLIDERS.items()}
        self.menu = widgets.Menu(
            [
                *(widgets.Item(key, label) for key, (label, _) in SLIDERS.items()),
                widgets.Item("mute", N_("Sound")),
                widgets.Item("speed", N_("Animation speed")),
                widgets.Item("cutins", N_("Battle cut-ins")),
                widgets.Item("difficulty", N_("Difficulty")),
                widgets.Item("size", N_("Window size")),
                widgets.Item("fullscreen", N_("Fullscreen (F11)")),
                widgets.Item("colours", N_("Side colours")),
                widgets.Item("scale", N_("Text and panel size")),
                widgets.Item("language", N_("Language")),
                widgets.Item("keys", N_("Key bindings...")),
                widgets.Item("pad", N_("Gamepad buttons...")),
                widgets.Item("back", N_("Back")),
            ],
            width=px(760),
            height=px(48),
            gap=px(8),
        )
        self.note = o.note
        self.backdrop = _Backdrop()
        battle = cast(type, scene_class("battle"))
        self.mid_mission = any(isinstance(scene, battle) for scene in app.stack)
        """Opened over a battle: the difficulty waits for the next mission."""

    # ------------------------------------------------------------------ layout

    def lay_out(self, size: tuple[int, int]) -> None:
        """Place the rows and sliders on a window of ``size`` (before input as before drawing)."""
        w, h = size
        m = self.menu
        m.width = min(px(760), w - px(80))
        m.gap = px(8)
        # the rows closer together on a short window, then scrolled: all between the heading and the
        # hint line
        room = h - px(110) - px(50)
        m.height = max(px(34), min(px(48), (room + m.gap) // len(m.items) - m.gap))
        m.fit_rows(room)
        m.origin = (w // 2 - m.width // 2, max(px(110), h // 2 - m.total_height() // 2 + px(10)))
        for item, r in zip(m.items, m.rects(), strict=True):
            if item.key in self.sliders:
                self.sliders[item.key].rect = pygame.Rect(
                    r.right - px(330), r.top + px(8), px(240), max(0, r.height - px(16))
                )

    # ------------------------------------------------------------------ changes

    def _apply_audio(self) -> None:
        o = self.app.options
        for key, (_, attr) in SLIDERS.items():
            setattr(o, attr, round(self.sliders[key].value, 2))
        Audio.configure(o)

    def _save(self) -> None:
        try:
            self.app.options.save()
        except OSError as err:
            self.note = tr("The options could not be saved: {err}", err=err)

    def _step(self, key: str, direction: int) -> bool:
        """Left/Right (or Enter, direction +1) on a row: True when something changed."""
        o = self.app.options
        if key in self.sliders:
            if not self.sliders[key].nudge(direction):
                return False
            self._apply_audio()
            Audio.play("ui_click")
        elif key == "mute":
            o.muted = not o.muted
            Audio.configure(o)
        elif key == "speed":
            i = self.SPEEDS.index(o.anim_speed) if o.anim_speed in self.SPEEDS else 1
            o.anim_speed = self.SPEEDS[(i + direction) % len(self.SPEEDS)]
        elif key == "cutins":
            i = CUTIN_MODES.index(o.cutins) if o.cutins in CUTIN_MODES else len(CUTIN_MODES) - 1
            o.cutins = CUTIN_MODES[(i + direction) % len(CUTIN_MODES)]
        elif key == "difficulty":
            return self._change_level(direction)
        elif key == "colours":
            o.safe_colours = not o.safe_colours
            sides.configure(o)
        elif key in ("size", "fullscreen", "scale") and self.app.repeat:
            return False  # a held key must not flip the window mode (or the scale) again and again
        elif key == "scale":
            i = UI_SCALES.index(o.ui_scale) if o.ui_scale in UI_SCALES else UI_SCALES.index(100)
            o.ui_scale = UI_SCALES[(i + direction) % len(UI_SCALES)]
            self.app.rescale()
        elif key == "language":
            codes = [code for code, _ in i18n.languages()]
            i = codes.index(o.language) if o.language in codes else 0
            o.language = widgets.use_language(codes[(i + direction) % len(codes)])
        elif key == "size":
            i = self.SIZES.index(o.window) if o.window in self.SIZES else -1
            o.window = self.SIZES[(i + direction) % len(self.SIZES)]
            if not o.fullscreen:
                self.app.set_window(o.window, False)
        elif key == "fullscreen":
            o.fullscreen = not o.fullscreen
            self.app.set_window(o.window, o.fullscreen)
        else:
            return False
        self._save()
        return True

    def _change_level(self, direction: int) -> bool:
        """The campaign's difficulty, one step; kept in the campaign's progress. Not mid-mission."""
        if self.mid_mission:
            self.note = tr("The difficulty changes between missions: finish or leave this one first.")
            return False
        progress = self.app.progress
        i = DIFFICULTIES.index(progress.difficulty) if progress.difficulty in DIFFICULTIES else 1
        progress.difficulty = DIFFICULTIES[(i + direction) % len(DIFFICULTIES)]
        try:
            progress.save()
        except OSError as err:
            self.note = tr("The campaign could not be saved: {err}", err=err)
        return True

    def choose(self, key: str) -> Transition | None:
        if key == "back":
            self._save()
            return POP
        if key == "keys":
            Audio.play("ui_click")
            return push("keys")
        if key == "pad":
            Audio.play("ui_click")
            return push("pad")
        if key not in self.sliders and self._step(key, 1):
            Audio.play("ui_click")
        return None

    # ------------------------------------------------------------------ scene

    def handle(self, event: pygame.event.Event) -> Transition | None:
        self.lay_out(self.app.size)
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self._save()
                return POP
            if event.key in LEFT or event.key in RIGHT:
                self._step(self.menu.items[self.menu.index].key, 1 if event.key in RIGHT else -1)
                return None
        if event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEMOTION, pygame.MOUSEBUTTONUP):
            for i, item in enumerate(self.menu.items):
                slider = self.sliders.get(item.key)
                if slider is None:
                    continue
                was_dragging = slider.dragging
                if slider.handle(event):
                    self._apply_audio()
                if slider.dragging or was_dragging:
                    self.menu.index = i
                    if was_dragging and not slider.dragging:
                        self._save()  # let go: keep it
                        Audio.play("ui_click")
                    return None
        key = self.menu.handle(event)
        return self.choose(key) if key is not None else None

    def resumed(self) -> None:
        self.note = ""

    def draw(self, screen: pygame.Surface) -> None:
        self.lay_out(screen.get_size())
        self.backdrop.draw(screen)
        w, h = screen.get_size()
        o = self.app.options
        widgets.text(screen, tr(self.heading), (w // 2, px(60)), 60, anchor="center", bold=True)
        values = {
            "mute": tr("off (muted)") if o.muted else tr("on"),
            "speed": f"x{o.anim_speed:g}",
            "size": f"{o.window[0]} x {o.window[1]}" + (tr("  (windowed)") if o.fullscreen else ""),
            "fullscreen": tr("on") if o.fullscreen else tr("off"),
            "cutins": tr(CUTIN_LABELS.get(o.cutins, o.cutins)),
            "difficulty": tr(LEVEL_LABELS.get(self.app.progress.difficulty, self.app.progress.difficulty))
            + (tr("  (between missions)") if self.mid_mission else ""),
            "colours": tr("Colour-blind safe") if o.safe_colours else tr("Standard"),
            "scale": scale_label(o.ui_scale, round(widgets.scale() * 100)),
            "language": i18n.catalog(i18n.language()).name,
        }
        mouse = pygame.mouse.get_pos() if pygame.mouse.get_focused() else (-1, -1)
        for i, (item, r) in enumerate(zip(self.menu.items, self.menu.rects(), strict=True)):
            if not r.width:
                continue  # scrolled out of view
            hot = i == self.menu.index
            widgets.button(screen, r, "", hot, True)
            colour = widgets.AMBER if hot else widgets.TEXT
            if item.key == "back":
                widgets.text(screen, tr(item.label), r.center, 26, colour, anchor="center")
                continue
            widgets.text(screen, tr(item.label), (r.left + px(22), r.centery), 26, colour, anchor="midleft")
            slider = self.sliders.get(item.key)
            if slider is not None:
                slider.draw(screen, hot or slider.grab_rect().collidepoint(mouse), not o.muted)
                pct = f"{round(slider.value * 100)}%"
                widgets.text(screen, pct, (r.right - px(22), r.centery), 24, colour, anchor="midright")
            elif item.key in values:
                arrows = f"<  {values[item.key]}  >" if hot else values[item.key]
                widgets.text(screen, arrows, (r.right - px(22), r.centery), 24, colour, anchor="midright")
        self.menu.draw_arrows(screen)
        bottom = self.menu.origin[1] + self.menu.total_height()
        widgets.text(
            screen,
            tr(
                "{up}/{down}: choose   {left}/{right}: change   {select}: toggle / open   {cancel}: back",
                up=keys.hint("up", True),
                down=keys.hint("down", True),
                left=keys.hint("left", True),
                right=keys.hint("right", True),
                select=keys.hint("select", True),
                cancel=keys.hint("cancel", True),
            ),
            (w // 2, min(h - px(24), bottom + px(26))),
            20,
            widgets.DIM,
            anchor="center",
        )
        if self.note:
            box = pygame.Rect(px(40), h - px(96), w - px(80), px(70))
            widgets.panel(screen, box)
            widgets.paragraph(screen, self.note, box.inflate(-px(24), -px(20)), 20, widgets.AMBER)


def scale_label(chosen: int, held: int) -> str:
    """The scale row's value: the chosen percent, and the percent this window holds when it is less."""
    if held >= chosen:
        return tr("{n} %", n=chosen)
    return tr("{n} %", n=chosen) + " " + tr("({n} % fits this window)", n=held)


class _BindingTable(Scene):
    """A table of the battle's actions with a binding cell per row (one or more slots), then Reset and
    Back: the layout, row choice, mouse, the message and the saving that the key and pad pages share.
    A subclass says what a cell shows, how a row is rebound and what Reset clears."""

    heading = ""
    slots = 1
    cell_share = 0.44
    """The width of one binding cell, as a share of the table's width."""
    reset_label = ""

    def __init__(self, app: App, message: str) -> None:
        super().__init__(app)
        self.rows = [a for a, _ in keys.ACTIONS] + ["reset", "back"]
        self.row = 0
        self.slot = 0
        self.capturing = False
        self.message = message
        self.cells: dict[tuple[int, int], pygame.Rect] = {}
        self.first = 0
        """The first row in view (a short window scrolls the table)."""
        self.backdrop = _Backdrop()

    def _save_options(self) -> bool:
        try:
            self.app.options.save()
        except OSError as err:
            self.message = tr("The options could not be saved: {err}", err=err)
            return False
        return True

    def _reset(self) -> None:
        """Every binding of this page back to its default, saved."""
        raise NotImplementedError

    def _start_capture(self, name: str) -> None:
        """Row ``name`` was chosen: wait for its new binding (or refuse, with a message)."""
        raise NotImplementedError

    def _clear(self, name: str) -> None:
        raise NotImplementedError

    def _cell(self, name: str, slot: int, hot: bool) -> tuple[str, bool]:
        """What row ``name``'s cell ``slot`` shows, and whether it can be chosen."""
        raise NotImplementedError

    def _footer(self) -> str:
        raise NotImplementedError

    def _activate(self) -> Transition | None:
        name = self.rows[self.row]
        if name == "back":
            return POP
        if name == "reset":
            self._reset()
            return None
        self._start_capture(name)
        return None

    def _navigate(self, event: pygame.event.Event, clear_keys: tuple[int, ...]) -> Transition | None:
        """Arrows, Enter, Esc, the clear keys and the mouse, while no binding is being captured."""
        if event.type == pygame.KEYDOWN:
            k = event.key
            if k == pygame.K_ESCAPE:
                return POP
            if k == pygame.K_UP:
                self.row = (self.row - 1) % len(self.rows)
            elif k == pygame.K_DOWN:
                self.row = (self.row + 1) % len(self.rows)
            elif k in (pygame.K_LEFT, pygame.K_RIGHT) and self.slots > 1:
                self.slot = 0 if k == pygame.K_LEFT else 1
            elif k in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                return self._activate()
            elif k in clear_keys and self.rows[self.row] in keys.LABELS:
                self._clear(self.rows[self.row])
            return None
        if event.type == pygame.MOUSEWHEEL:
            self.row = (self.row + (-1 if event.y > 0 else 1)) % len(self.rows)
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN):
            for (row, slot), r in self.cells.items():
                if r.collidepoint(event.pos):
                    self.row, self.slot = row, slot
                    if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
                        Audio.play("ui_click")
                        return self._activate()
                    break
        return None

    def draw(self, screen: pygame.Surface) -> None:
        self.backdrop.draw(screen)
        w, h = screen.get_size()
        widgets.text(screen, tr(self.heading), (w // 2, px(44)), 52, anchor="center", bold=True)
        n = len(self.rows)
        # the message (two lines) and the footer below the table; the rows closer on a short window,
        # then scrolled to keep the chosen one in view
        room = h - px(84) - px(24) - px(10) - 2 * widgets.font(22).get_linesize() - px(34)
        step = max(px(26), min(px(32), room // n))
        shown = min(n, room // step)
        self.first = max(0, min(self.first, self.row, n - shown))
        self.first = max(self.first, self.row - shown + 1)
        width = min(px(820), w - px(80))
        box = pygame.Rect(w // 2 - width // 2, px(84), width, step * shown + px(24))
        widgets.panel(screen, box, 235)
        x0 = box.left + px(24)
        c1 = box.left + int(width * 0.50)
        cw = int(width * self.cell_share)
        size = 22 if step >= px(28) else 19
        self.cells = {}
        y = box.top + px(12)
        for i in range(self.first, self.first + shown):
            name = self.rows[i]
            row_hot = i == self.row
            if name in keys.LABELS:
                colour = widgets.AMBER if row_hot else widgets.TEXT
                label_room = c1 - x0 - px(8)
                line = widgets.fit(tr(keys.LABELS[name]), size, label_room)
                widgets.text(screen, line, (x0, y + step // 2), size, colour, anchor="midleft")
                for slot in range(self.slots):
                    r = pygame.Rect(c1 + slot * (cw + px(10)), y + px(2), cw, step - px(4))
                    self.cells[(i, slot)] = r
                    hot = row_hot and slot == self.slot
                    label, enabled = self._cell(name, slot, hot)
                    label = widgets.fit(label, size, cw - px(12))
                    widgets.button(screen, r, label, hot, enabled, size)
            else:
                r = pygame.Rect(x0, y + px(2), width - px(48), step - px(4))
                self.cells[(i, 0)] = r
                label = tr(self.reset_label) if name == "reset" else tr("Back")
                widgets.button(screen, r, label, row_hot, True, size)
            y += step
        _scroll_marks(screen, box, self.first > 0, self.first + shown < n)
        widgets.paragraph(
            screen,
            self.message,
            pygame.Rect(box.left, box.bottom + px(10), box.width, max(px(24), h - box.bottom - px(40))),
            22,
            widgets.AMBER,
        )
        footer = widgets.fit(self._footer(), 18, w - px(20))
        widgets.text(screen, footer, (w // 2, h - px(16)), 18, widgets.DIM, anchor="midbottom")


def _scroll_marks(screen: pygame.Surface, box: pygame.Rect, above: bool, below: bool) -> None:
    """Small arrows at the right of a scrolled table: rows lie above, below."""
    r = px(7)
    x = box.right - px(14)
    if above:
        y = box.top + px(12)
        pygame.draw.polygon(screen, widgets.AMBER, [(x - r, y + r), (x + r, y + r), (x, y)])
    if below:
        y = box.bottom - px(12)
        pygame.draw.polygon(screen, widgets.AMBER, [(x - r, y - r), (x + r, y - r), (x, y)])


class KeysScene(_BindingTable):
    """The battle's actions and their keys. Enter (or a click) on a key, then press the new key."""

    heading = N_("Key bindings")
    slots = keys.SLOTS
    cell_share = 0.22
    reset_label = N_("Reset all keys to the defaults")

    def __init__(self, app: App) -> None:
        super().__init__(app, tr("Enter or click a key to change it; Delete clears a second key."))
        self.bindings = keys.Bindings.of(app.options)

    def _store(self) -> None:
        self.app.options.keys = self.bindings.to_data()
        self._save_options()

    def _reset(self) -> None:
        self.bindings = keys.Bindings()
        self.app.options.keys = {}
        if self._save_options():
            self.message = tr("All keys are back to their defaults.")
            Audio.play("ui_confirm")

    def _start_capture(self, name: str) -> None:
        if (name, self.slot) == keys.LOCKED:
            self.message = tr("Esc always cancels; give Cancel / back a second key instead.")
            return
        self.capturing = True
        if self.slot == 0:
            self.message = tr(
                "Press its key for {action} (Esc: leave it as it is)", action=tr(keys.LABELS[name])
            )
        else:
            self.message = tr(
                "Press a second key for {action} (Esc: leave it as it is)", action=tr(keys.LABELS[name])
            )

    def _clear(self, name: str) -> None:
        changed, self.message = self.bindings.clear(name, self.slot)
        if changed:
            self._store()

    def _capture(self, key: int) -> None:
        self.capturing = False
        name = self.rows[self.row]
        if key == pygame.K_ESCAPE:
            self.message = tr("{action} unchanged.", action=tr(keys.LABELS[name]))
            return
        changed, self.message = self.bindings.bind(name, self.slot, key)
        if changed:
            self._store()
            Audio.play("ui_confirm")

    def _cell(self, name: str, slot: int, hot: bool) -> tuple[str, bool]:
        label = tr("press a key...") if hot and self.capturing else self.bindings.slot_label(name, slot)
        return label, (name, slot) != keys.LOCKED

    def _footer(self) -> str:
        return tr(
            "Arrows: choose   Enter/click: rebind   Delete: clear   Esc: back (menus keep arrows/Enter/Esc)"
        )

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if self.capturing:
            if event.type == pygame.KEYDOWN:
                self._capture(event.key)
            elif event.type == pygame.MOUSEBUTTONDOWN:
                self.capturing = False
                self.message = tr("Unchanged.")
            return None
        return self._navigate(event, (pygame.K_DELETE, pygame.K_BACKSPACE))


class PadScene(_BindingTable):
    """The battle's actions and their gamepad buttons. Enter or A on a row, then press the new button;
    the left stick always moves the cursor and menus, whatever the d-pad is given to."""

    heading = N_("Gamepad buttons")
    reset_label = N_("Reset all buttons to the defaults")

    def __init__(self, app: App) -> None:
        super().__init__(app, tr("Choose an action, then press its new button. Delete or X clears one."))
        self.bindings = keys.PadBindings.of(app.options)

    @property
    def raw_pad(self) -> bool:
        """While waiting for a button the app hands this scene the pad's own events."""
        return self.capturing

    def _store(self, defaults: bool = False) -> None:
        self.app.options.pad = {} if defaults else self.bindings.to_data()
        self._save_options()

    def _reset(self) -> None:
        self.bindings = keys.PadBindings()
        self._store(defaults=True)
        self.message = tr("All pad buttons are back to their defaults.")
        Audio.play("ui_confirm")

    def _start_capture(self, name: str) -> None:
        self.capturing = True
        self.message = tr(
            "Press a pad button for {action} (a key: leave it as it is)", action=tr(keys.LABELS[name])
        )

    def _clear(self, name: str) -> None:
        changed, self.message = self.bindings.clear(name)
        if changed:
            self._store()

    def _cell(self, name: str, slot: int, hot: bool) -> tuple[str, bool]:
        label = tr("press a button...") if hot and self.capturing else self.bindings.label(name)
        if name in ("up", "down", "left", "right"):
            label += tr("  (and left stick)")
        return label, True

    def _footer(self) -> str:
        return tr(
            "{up}/{down}: choose   {select}: rebind   {cancel}: back",
            up=keys.hint("up", True),
            down=keys.hint("down", True),
            select=keys.hint("select", True),
            cancel=keys.hint("cancel", True),
        )

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if self.capturing:
            if pad.is_pad_event(event):
                self.app.pad.hotplug(event)
                button = pad.pad_button(event)
                if button is None:
                    return None
                keys.INPUT.device = "pad"
                self.capturing = False
                changed, self.message = self.bindings.bind(self.rows[self.row], button)
                if changed:
                    self._store()
                    Audio.play("ui_confirm")
            elif event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN):
                self.capturing = False
                self.message = tr("{action} unchanged.", action=tr(keys.LABELS[self.rows[self.row]]))
            return None
        return self._navigate(event, (pygame.K_DELETE, pygame.K_BACKSPACE, pygame.K_x))
