"""The battle screen as a scene: input turned into commands, the loop's clock, and the frame's drawing.

``BattleScene`` is a ``BattleView`` (the state: units as shown, mode, overlays, animations, log) that
the app drives: ``handle`` turns keys (the player's bindings), clicks and buttons into commands for the
current mode (``commands``); ``update`` plays the animations and, when they are done, lets the AI (or a
replay's feed) act; ``draw`` composes the map (``mapdraw``), the order panels (``popups``) and the
panels (``panels``) and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from ...campaign import SaveError, list_saves
from ...engine import Action, IllegalActionError
from ...i18n import N_, tr
from .. import keys
from ..anim import BannerAnim, CutInAnim, DialogueAnim
from ..app import POP, App, Scene, Transition, push, replace
from ..audio import Audio, storm_on_screen
from ..session import Session, load_session, save_session
from . import commands, orders, panels, popups
from .camera import Layout
from .commands import COMMANDS, QUEUED, ClickTile, Command, Input, PickItem, PickWeapon
from .mapdraw import MapPainter
from .modes import Forecast, Orders, Select
from .view import BattleView

CONFIRM_KEYS = {pygame.K_y: Command.SELECT, pygame.K_n: Command.CANCEL}
"""A yes/no question also takes Y and N, whatever the bindings."""
HURRY_KEYS = (pygame.K_RETURN, pygame.K_SPACE, pygame.K_KP_ENTER)


class BattleScene(Scene, BattleView):
    """One mission on screen. ``feed`` (replays) supplies every side's actions instead of the AI/player;
    ``omniscient`` shows every unit and every event."""

    def __init__(
        self,
        app: App,
        session: Session,
        feed: Callable[[], Action | None] | None = None,
        omniscient: bool = False,
    ) -> None:
        Scene.__init__(self, app)
        BattleView.__init__(self, session, app.size, feed, omniscient)
        self.painter = MapPainter()
        self.cutin_options = app.options  # attacks play their cut-in as the options say
        self.drag: tuple[int, int, float, float, int] | None = None
        self.dragged = False
        self.hover: tuple[int, int] | None = None
        self.finished = False
        self._end_t = 0.0
        self.pending: Command | None = None
        """A command given while the player's own move still animates: carried out right after it."""
        self.start()

    # ------------------------------------------------------------------ input

    def bindings(self) -> keys.Bindings:
        return keys.Bindings.of(self.app.options)  # the player's bindings (Options)

    def key_label(self, action: str) -> str:
        return self.bindings().label(action)

    def accepts_orders(self) -> bool:
        """Whether the player can give orders now: their own phase, nothing playing, not a replay."""
        return self.feed is None and self.session.human_turn() and not self.queue

    def handle(self, event: pygame.event.Event) -> Transition | None:
        head = self.queue.head()
        if isinstance(head, CutInAnim) and self._hurried(head, event):
            return None

        if isinstance(head, DialogueAnim):
            if head.handle(event):
                Audio.play("ui_click")
            elif event.type == pygame.KEYDOWN:
                return self._waiting_key(event, tr("Someone is speaking: Enter or a click goes on"))
            return None
        if isinstance(head, BannerAnim):
            if (event.type == pygame.KEYDOWN and event.key in HURRY_KEYS) or (
                event.type == pygame.MOUSEBUTTONDOWN and event.button == 1
            ):
                # a banner is only news: Enter or a click hurries it to its fade-out
                head.t = max(head.t, head.duration * 0.85)
                return None
            if event.type == pygame.KEYDOWN and event.key != pygame.K_ESCAPE:
                return self._waiting_key(event, tr("A banner is up: Enter hurries it"))
        if event.type == pygame.VIDEORESIZE or event.type == pygame.WINDOWSIZECHANGED:
            self._relayout()
            return None
        if event.type == pygame.KEYDOWN:
            return self._key(event)
        if event.type == pygame.MOUSEMOTION:
            self.mouse_seen = True
            return self._motion(event)
        if event.type == pygame.MOUSEBUTTONDOWN:
            return self._press(event)
        if event.type == pygame.MOUSEBUTTONUP and event.button in (2, 3) and self.drag is not None:
            moved = self.dragged
            self.drag = None
            self.dragged = False
            if event.button == 3 and not moved:
                return self._command(Command.CANCEL, ungated=True)
        if event.type == pygame.MOUSEWHEEL:
            self.camera.zoom(1 if event.y > 0 else -1, pygame.mouse.get_pos())
        return None

    @staticmethod
    def _hurried(cut: CutInAnim, event: pygame.event.Event) -> bool:
        """Enter or a click on a cut-in: straight to its result (F skips cut-ins altogether)."""
        if (event.type == pygame.KEYDOWN and event.key in HURRY_KEYS) or (
            event.type == pygame.MOUSEBUTTONDOWN and event.button == 1
        ):
            cut.hurry()
            return True
        return False

    def _key(self, event: pygame.event.Event) -> Transition | None:
        action = self.bindings().action(event.key)
        cmd = COMMANDS.get(action) if action else None
        if self.confirm is not None and event.key in CONFIRM_KEYS and self.accepts_orders():
            cmd = CONFIRM_KEYS[event.key]
        if cmd is None:
            return None
        if cmd in QUEUED and self.feed is None and self.session.human_turn() and self.queue:
            self.pending = cmd  # pressed while our own move still animates: do it right after
            return None
        return self._command(cmd)

    def _waiting_key(self, event: pygame.event.Event, why: str) -> Transition | None:
        """A key while the screen waits for the reader: the window's commands act, every other bound
        key says why it cannot act now."""
        if event.key in HURRY_KEYS or event.key == pygame.K_ESCAPE:
            return None  # the keys that move the dialogue on (a press too early is just early)
        action = self.bindings().action(event.key)
        cmd = COMMANDS.get(action) if action else None
        if cmd in (Command.HELP, Command.FAST, Command.ZOOM_IN, Command.ZOOM_OUT):
            return self._command(cmd)
        if cmd is not None:
            self.say(
                tr(
                    "{action}: not now. {why}",
                    action=tr(keys.LABELS.get(action or "", N_("That key"))),
                    why=why,
                )
            )
        return None

    def _why_not(self, cmd: Input) -> str:
        """Why a map command cannot be carried out now (the player is told, never left guessing)."""
        what = tr(keys.LABELS.get(cmd.value, N_("That")) if isinstance(cmd, Command) else N_("That"))
        if self.feed is not None:
            return tr("{action}: not in a replay", action=what)
        if self.session.state.outcome is not None:
            return tr("{action}: the mission is over", action=what)
        if not self.session.human_turn():
            return tr("{action}: not during the enemy phase (Enter skips ahead)", action=what)
        return tr("{action}: not while the last order plays out", action=what)

    def _command(self, cmd: Input, ungated: bool = False) -> Transition | None:
        """Carry out one command: the window's own here, the map's by the current mode's handler (only
        when the player can give orders, unless ``ungated``)."""
        if cmd is Command.HELP:
            self.show_help = not self.show_help
            return None
        if cmd is Command.FAST:
            self.fast = not self.fast
            self.say(tr("Fast-forward on") if self.fast else tr("Fast-forward off"))
            return None
        if cmd in (Command.ZOOM_IN, Command.ZOOM_OUT):
            if not self.camera.zoom(1 if cmd is Command.ZOOM_IN else -1):
                self.say(
                    tr("Zoomed in as far as it goes")
                    if cmd is Command.ZOOM_IN
                    else tr("Zoomed out as far as it goes")
                )
            return None
        if cmd is Command.PAUSE:
            return self._pause()
        if not ungated and not self.accepts_orders():
            if cmd is Command.SELECT and not self.session.human_turn():
                self.skip = True
            if cmd is Command.CANCEL:
                return POP if self.feed is not None else self._pause()
            if not (cmd is Command.SELECT and not self.session.human_turn()):
                self.say(self._why_not(cmd))
            return None
        if cmd is Command.QUICK_SAVE and self.confirm is None:
            self._quick_save()
            return None
        if cmd is Command.QUICK_LOAD and self.confirm is None:
            return self._quick_load()
        nxt = commands.handle(self, cmd)
        if nxt is None:  # a cancel with nothing left to cancel
            return self._pause()
        self.set_mode(nxt)
        return None

    def _relayout(self) -> None:
        self.layout = Layout.of(self.app.size)
        self.camera.view = self.layout.view
        self.camera.rescale()
        self.camera.clamp()

    def resized(self) -> None:
        self._relayout()

    def resumed(self) -> None:
        if self.layout != Layout.of(self.app.size):  # a new window size or UI scale
            self._relayout()

    def _pause(self) -> Transition:
        return push("pause", self)

    def _quick_save(self) -> None:
        try:
            path = save_session(self.session, ui=self.save_ui())
        except OSError as err:
            self.say(tr("Could not save: {err}", err=err))
            return
        self.say(tr("Saved ({file})", file=path.name))

    def _quick_load(self) -> Transition | None:
        saves = list_saves()
        if not saves:
            self.say(tr("No saves yet"))
            return None
        try:
            session = load_session(saves[0])
        except SaveError as err:
            self.say(str(err))
            return None
        return replace("battle", session)

    def _motion(self, event: pygame.event.Event) -> Transition | None:
        if self.drag is not None:
            x0, y0, ox, oy, _ = self.drag
            dx, dy = event.pos[0] - x0, event.pos[1] - y0
            if abs(dx) + abs(dy) > 6:
                self.dragged = True
            if self.dragged:
                self.camera.ox = ox - dx
                self.camera.oy = oy - dy
                self.camera.clamp()
            return None
        if isinstance(self.mode, Orders):
            self.mode.menu.handle(event)
        tile = self.camera.to_tile(event.pos)
        self.hover = tile
        if tile is not None and not isinstance(self.mode, Orders):
            self.cursor = tile
            orders.update_path(self)
        return None

    def _press(self, event: pygame.event.Event) -> Transition | None:
        if event.button in (2, 3):
            self.drag = (event.pos[0], event.pos[1], self.camera.ox, self.camera.oy, event.button)
            self.dragged = False
            return None
        if event.button != 1:
            return None
        for name, (_, r) in panels.top_buttons(self).items():
            if r.collidepoint(event.pos):
                return self._button(name)
        if self.confirm is not None:
            for name, (_, r) in panels.confirm_buttons(self.app.size).items():
                if r.collidepoint(event.pos):
                    return self._command(COMMANDS[name], ungated=True)
            return None
        if self.feed is not None or not self.session.human_turn():
            return None
        if isinstance(self.mode, Forecast):
            for name, (_, r) in popups.forecast_buttons(self).items():
                if r.collidepoint(event.pos):
                    weapon = name.startswith("weapon:")
                    return self._command(
                        PickWeapon(int(name[7:])) if weapon else COMMANDS[name], ungated=True
                    )
        if isinstance(self.mode, Orders):
            menu = self.mode.menu
            choice = menu.handle(event)
            if choice:
                return self._command(PickItem(choice), ungated=True)
            if any(r.collidepoint(event.pos) for r in menu.rects()):
                return None
        tile = self.camera.to_tile(event.pos)
        if tile is not None:
            return self._command(ClickTile(*tile), ungated=True)
        return None

    def _button(self, name: str) -> Transition | None:
        """A top-bar button: the same command as its key, but never saved for after an animation."""
        cmd = COMMANDS[name]
        if cmd is Command.FAST:
            self.fast = not self.fast  # the button says "Fast on" itself: no message
            return None
        if cmd in (Command.PAUSE, Command.HELP):
            return self._command(cmd)
        if self.accepts_orders():
            return self._command(cmd)
        self.say(self._why_not(cmd))
        return None

    @property
    def top_buttons(self) -> dict[str, pygame.Rect]:
        """The top bar's buttons by name (the replay viewer hit-tests them)."""
        return {name: r for name, (_, r) in panels.top_buttons(self).items()}

    # ------------------------------------------------------------------ loop

    def busy(self) -> bool:
        if isinstance(self.queue.head(), DialogueAnim) and self.feed is None and not self.floaters:
            return False  # waiting for the reader: sleep on the event queue
        if self.queue or self.floaters or self.shake > 0 or self.toast_t > 0 or self.o2_flash > 0:
            return True
        if self.finished:
            return True
        if self.session.state.outcome is None and not self.session.human_turn():
            return True
        if self.feed is not None and self.session.state.outcome is None:
            return True
        return self._edge_scroll_dir() != (0, 0)

    def idle_refresh(self) -> bool:
        return bool(self.obs.storm_mask) or isinstance(self.queue.head(), DialogueAnim)

    def _edge_scroll_dir(self) -> tuple[int, int]:
        if not self.mouse_seen or not pygame.mouse.get_focused() or self.drag is not None:
            return (0, 0)
        x, y = pygame.mouse.get_pos()
        v = self.layout.view
        if not v.inflate(2, 2).collidepoint(x, y):
            return (0, 0)
        m = 14
        dx = -1 if x < v.left + m else (1 if x > v.right - m else 0)
        dy = -1 if y < v.top + m else (1 if y > v.bottom - m else 0)
        return dx, dy

    def speed(self) -> float:
        s = self.app.options.anim_speed * (3.0 if self.fast else 1.0)
        if self.skip:
            s *= 40.0
        return s

    def update(self, dt: float) -> Transition | None:
        self.time += dt
        Audio.loop("wind", storm_on_screen(self.obs.storm_mask, self.grid, self.camera))
        if self.toast_t > 0:
            self.toast_t = max(0.0, self.toast_t - dt)
        self.shake = max(0.0, self.shake - dt)
        self.o2_flash = max(0.0, self.o2_flash - dt)
        dx, dy = self._edge_scroll_dir()
        if dx or dy:
            self.camera.ox += dx * 600 * dt
            self.camera.oy += dy * 600 * dt
            self.camera.clamp()
        for u in self.shown.values():
            u.flash = max(0.0, u.flash - dt)
        sp = self.speed()
        for f in self.floaters:
            f.age += dt * min(sp, 3.0)
        self.floaters = [f for f in self.floaters if f.age < f.life]
        if isinstance(self.mode, Forecast) and self.current_attack() is None:
            self.set_mode(Select(self.mode.unit))  # the attack is gone (the target left): back a step
        if self.queue:
            self.queue.update(self, dt * sp)
            return None
        if self.pending is not None:
            cmd, self.pending = self.pending, None
            if self.session.human_turn():
                return self._command(cmd)
        state = self.session.state
        if state.outcome is not None:
            if not self.finished:
                self.finished = True
                self._end_t = 0.6
            self._end_t -= dt
            if self._end_t <= 0:
                return self._debrief()
            return None
        if self.feed is not None:
            action = self.feed()
            if action is None:
                self.feed = None
                self.say(tr("End of the replay"))
                return None
            before = self.obs
            try:
                events = self.session.act(action)
            except IllegalActionError as err:
                self.feed = None
                self.say(tr("The replay stops here: {err}", err=err))
                return None
            self._queue_events(events, before, self._observe())
            return None
        if not self.session.human_turn():
            before = self.obs
            _, events = self.session.ai_step()
            self._queue_events(events, before, self._observe())
        return None

    def _debrief(self) -> Transition:
        return replace("debrief", self.session, self.log)

    # ------------------------------------------------------------------ drawing

    def draw(self, screen: pygame.Surface) -> None:
        # no full-screen fill: the top bar, the side panel's backdrop and the map (or the background
        # where the map leaves the view bare) each cover their own area, which together are the screen
        self.painter.draw(self, screen)
        panels.draw_top(self, screen)
        panels.draw_side(self, screen)
        popups.draw_menu(self, screen)
        if isinstance(self.mode, Forecast):
            popups.draw_forecast(self, screen)
        if self.advice is not None:
            panels.draw_advice_box(self, screen)
        if self.toast_t > 0:
            panels.draw_toast(self, screen)
        for anim in self.queue.items[:1]:
            if isinstance(anim, BannerAnim | DialogueAnim):
                anim.draw(self, screen)
        if self.confirm is not None:
            panels.draw_confirm(self, screen)
        if self.show_help:
            panels.draw_help(self.bindings(), screen)
