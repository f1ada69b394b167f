"""The app: one object owns the window, the loop and the scene stack; scenes return transitions as data.

Scenes are named in one registry (``SCENES``) and a transition names the scene it wants (``push("briefing",
mission_id)``): the app finds the scene's class when it is needed, so no scene module imports another and
the scene modules import no cycle (the 2023 python-tcod tutorial's "return what should happen next").

Importing this module never starts pygame: ``run_game`` does. Animation runs on a fixed timestep
(``STEP``); while nothing moves the loop sleeps on the event queue (``IDLE_WAIT_MS``) and redraws only
when an event arrived or a scene asks for a slow idle refresh, so an idle screen costs almost no CPU.
Scenes draw only on the surface they are handed.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pygame

from ..campaign import Progress
from . import assets, keys, pad, sides, widgets
from .audio import Audio
from .options import Options

FPS = 60
STEP = 1 / 60
IDLE_WAIT_MS = 200
MIN_SIZE = (960, 600)
FIRST_FRAME_ENV = "LAYZNER_TACTICS_FIRST_FRAME"
"""Set (to anything) and the app prints ``first-frame <time.time()>`` after its first flip, then quits:
``layzner-tactics bench`` times launch to first frame with it."""


class Scene:
    """Base scene: override what you need. ``handle``/``update`` may return a ``Transition``."""

    def __init__(self, app: App) -> None:
        self.app = app

    def handle(self, event: pygame.event.Event) -> Transition | None:
        return None

    def update(self, dt: float) -> Transition | None:
        return None

    def draw(self, screen: pygame.Surface) -> None:
        pass

    def busy(self) -> bool:
        """True while something animates (the loop then ticks at full rate)."""
        return False

    def idle_refresh(self) -> bool:
        """True when a slow background animation (drifting dust) wants a redraw while idle."""
        return False

    def resumed(self) -> None:
        """Called when the scene above this one is popped."""

    def resized(self) -> None:
        """Called (on every scene of the stack) when the window changes size."""

    def lay_out(self, size: tuple[int, int]) -> None:
        """Place widgets for a window of ``size``. Scenes with clickable rows call it before handling
        input as before drawing, so a click lands on what will be shown, even before the first frame."""


SCENES: dict[str, str] = {
    "title": "menus:TitleScene",
    "list": "menus:ListScene",
    "load": "menus:LoadScene",
    "briefing": "menus:BriefingScene",
    "pause": "menus:PauseScene",
    "debrief": "menus:DebriefScene",
    "options": "options_menu:OptionsScene",
    "keys": "options_menu:KeysScene",
    "pad": "options_menu:PadScene",
    "training": "training:TrainingScene",
    "battle": "battle:BattleScene",
}
"""Every scene by name: ``module:Class`` in this package; the class takes the app, then the arguments."""


def scene_class(name: str) -> Callable[..., Scene]:
    """The scene class registered as ``name`` (its module imported on first use)."""
    module, cls = SCENES[name].split(":")
    made: Callable[..., Scene] = getattr(importlib.import_module(f"{__package__}.{module}"), cls)
    return made


@dataclass(frozen=True, slots=True)
class Transition:
    """What the app should do next: push a scene, pop back, replace the top, go home, or quit.
    ``scene`` names the scene to make (``SCENES``), ``args`` are its arguments after the app, and a
    reset's ``under`` names a scene to put beneath it (the title under a loaded battle)."""

    kind: str
    scene: str = ""
    args: tuple[Any, ...] = ()
    under: str = ""

    def make(self, app: App) -> Scene:
        return scene_class(self.scene)(app, *self.args)


def push(scene: str, *args: Any) -> Transition:
    return Transition("push", scene, args)


def replace(scene: str, *args: Any) -> Transition:
    return Transition("replace", scene, args)


def reset(scene: str, *args: Any, under: str = "") -> Transition:
    """Clear the whole stack and start again from ``scene`` (back to the title), over ``under``."""
    return Transition("reset", scene, args, under)


POP = Transition("pop")
QUIT = Transition("quit")


class App:
    def __init__(self, screen: pygame.Surface, options: Options | None = None) -> None:
        self.screen = screen
        self.stack: list[Scene] = []
        self.clock = pygame.time.Clock()
        self.progress = Progress.load()
        self.options = options or Options.load()
        self.frames = 0
        self.running = True
        self._acc = 0.0
        self._dirty = True
        self.window_resized = False
        self._set_size = screen.get_size()
        self.held: set[int] = set()
        self.repeat = False
        """True while the KEYDOWN being handled repeats a key held down."""
        self.pad = pad.Pad()
        keys.INPUT.options = self.options
        sides.configure(self.options)
        widgets.use_language(self.options.language)
        widgets.set_scale(widgets.fitting_scale(self.options.ui_scale, self.size))

    @property
    def size(self) -> tuple[int, int]:
        return self.screen.get_size()

    @property
    def scene(self) -> Scene | None:
        return self.stack[-1] if self.stack else None

    def apply(self, t: Transition | None) -> None:
        """Apply a transition to the stack."""
        if t is None:
            return
        self._dirty = True
        before = self.scene
        match t.kind:
            case "quit":
                self.stack.clear()
            case "pop":
                if self.stack:
                    self.stack.pop()
                if self.stack:
                    self.stack[-1].resumed()
            case "replace":
                if self.stack:
                    self.stack.pop()
                self.stack.append(t.make(self))
            case "push":
                self.stack.append(t.make(self))
            case "reset":
                self.stack.clear()
                if t.under:
                    self.stack.append(scene_class(t.under)(self))
                self.stack.append(t.make(self))
            case _:
                raise ValueError(f"unknown transition {t.kind!r}")
        if self.scene is not before:
            Audio.scene_changed()  # the storm's wind belongs to the battle on top
        if not self.stack:
            self.running = False

    def set_window(self, size: tuple[int, int], fullscreen: bool) -> None:
        """Resize the window or switch to fullscreen, live (the options scene and F11 call this)."""
        self.screen = set_display_mode(size, fullscreen, centre=True)
        self._set_size = self.screen.get_size()
        self._dirty = True
        self._resized()

    def _resized(self) -> None:
        """The window's size or the UI scale changed: the scale the window holds, then every scene
        lays itself out again."""
        widgets.set_scale(widgets.fitting_scale(self.options.ui_scale, self.size))
        self._dirty = True
        for scene in self.stack:
            scene.resized()

    def rescale(self) -> None:
        """The UI scale option changed: applied at once (as far as the window holds it)."""
        self._resized()

    def toggle_fullscreen(self) -> None:
        """F11 anywhere: fullscreen on/off, remembered in the options."""
        self.options.fullscreen = not (self.screen.get_flags() & pygame.FULLSCREEN)
        self.set_window(self.options.window, self.options.fullscreen)
        self._save_options()

    def _save_options(self) -> None:
        with contextlib.suppress(OSError):  # an unwritable home keeps the options for this run only
            self.options.save()

    def dispatch(self, event: pygame.event.Event) -> None:
        self.repeat = False
        if event.type == pygame.QUIT:
            self.stack.clear()
            self.running = False
            return
        if event.type == pygame.VIDEORESIZE:
            surface = pygame.display.get_surface()
            if surface is not None:
                self.screen = surface
                size = surface.get_size()
                # a window the player dragged to a new size (not one we set) is kept for next time
                if not self.options.fullscreen and size not in (self.options.window, self._set_size):
                    if size[0] >= MIN_SIZE[0] and size[1] >= MIN_SIZE[1]:
                        self.options.window = size
                        self.window_resized = True
                self._resized()
        if pad.is_pad_event(event):
            raw = getattr(self.scene, "raw_pad", False)  # a scene waiting for a button to bind
            key_events = (
                self.pad.release_all() if raw else self.pad.translate(event, self.options, self.scene)
            )
            for key_event in key_events:  # the keys it stands for
                self.dispatch(key_event)
            if not raw:
                return
        if event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN) and not getattr(event, "pad", False):
            keys.INPUT.device = "keys"
        if event.type == pygame.KEYDOWN:
            # a key already down: pygame's key repeat (a mode change can stall long enough for one)
            self.repeat = event.key in self.held
            self.held.add(event.key)
            if event.key == pygame.K_F11:
                if not self.repeat:
                    self.toggle_fullscreen()
                return
        elif event.type == pygame.KEYUP:
            self.held.discard(event.key)
        elif event.type == pygame.WINDOWFOCUSLOST:
            self.held.clear()
        if event.type in (pygame.WINDOWEXPOSED, pygame.VIDEOEXPOSE, pygame.WINDOWSIZECHANGED):
            surface = pygame.display.get_surface()
            if surface is not None:
                self.screen = surface
                if event.type == pygame.WINDOWSIZECHANGED:
                    self._resized()
        scene = self.scene
        if scene is not None:
            self.apply(scene.handle(event))
        self._dirty = True

    def step(self, events: list[pygame.event.Event] | None = None, dt: float | None = None) -> None:
        """One frame: handle events, advance fixed animation steps, draw if anything changed."""
        for event in pygame.event.get() if events is None else events:
            self.dispatch(event)
            if not self.running:
                return
        scene = self.scene
        if scene is None:
            return
        busy = scene.busy()
        elapsed = dt if dt is not None else self.clock.tick(FPS if busy else 0) / 1000.0
        self._acc = min(self._acc + elapsed, 0.25)
        steps = 0
        while self._acc >= STEP - 1e-9:
            self._acc = max(0.0, self._acc - STEP)
            steps += 1
            self.apply(scene.update(STEP))
            if not self.running or self.scene is not scene:
                break
            if steps >= 6:
                self._acc = 0.0
                break
        scene = self.scene
        if scene is None:
            return
        if busy or self._dirty or (steps and scene.busy()):
            scene.draw(self.screen)
            pygame.display.flip()
            self.frames += 1
            self._dirty = False
            if self.frames == 1 and os.environ.get(FIRST_FRAME_ENV):
                print(f"first-frame {time.time():.6f}", flush=True)
                self.apply(QUIT)

    def run(self, first: Transition | Callable[[App], Scene], max_frames: int | None = None) -> int:
        """The loop: full rate while a scene is busy, asleep on the event queue while it is not.
        ``first``: the first scene, as a transition (``push("title")``) or a scene class."""
        self.stack.append(first.make(self) if isinstance(first, Transition) else first(self))
        if self.options.note and hasattr(self.stack[-1], "note"):
            self.stack[-1].note = self.options.note  # e.g. the options file was unreadable
        while self.running and self.stack:
            scene = self.stack[-1]
            if scene.busy() or self._dirty:
                self.step()
            else:
                event = pygame.event.wait(IDLE_WAIT_MS)
                events = [event, *pygame.event.get()] if event.type != pygame.NOEVENT else []
                if not events and scene.idle_refresh():
                    self._dirty = True
                self.step(events)
            if max_frames is not None and self.frames >= max_frames:
                break
        return 0


def window_size(size: tuple[int, int]) -> tuple[int, int]:
    """``size`` as a window can have it: no smaller than MIN_SIZE, no larger than the desktop."""
    w, h = size
    with contextlib.suppress(pygame.error, IndexError):
        dw, dh = pygame.display.get_desktop_sizes()[0]
        w, h = min(w, dw), min(h, dh)
    return max(MIN_SIZE[0], w), max(MIN_SIZE[1], h)


def set_display_mode(size: tuple[int, int], fullscreen: bool, centre: bool = False) -> pygame.Surface:
    """Fullscreen at the desktop's size, or a resizable window of ``size`` (see ``window_size``),
    centred on the desktop when ``centre`` (a window that grew must not hang off the screen)."""
    try:
        if fullscreen:
            screen = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        else:
            size = window_size(size)
            screen = pygame.display.set_mode(size, pygame.RESIZABLE)
            if centre:
                with contextlib.suppress(pygame.error, IndexError):
                    dw, dh = pygame.display.get_desktop_sizes()[0]
                    pygame.display.set_window_position(
                        (max(0, (dw - size[0]) // 2), max(0, (dh - size[1]) // 2))
                    )
    except pygame.error:
        screen = pygame.display.set_mode(MIN_SIZE, pygame.RESIZABLE)
    with contextlib.suppress(AttributeError, pygame.error), warnings.catch_warnings():
        # no dragging it smaller than the layout (pygame-ce has no other handle on the display's window)
        warnings.simplefilter("ignore", DeprecationWarning)
        pygame.Window.from_display_module().minimum_size = MIN_SIZE
    return screen


def open_display(options: Options, windowed: bool = False) -> pygame.Surface | str:
    """Open the window; the error text when there is no display."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    try:
        pygame.display.init()
        pygame.font.init()
        screen = set_display_mode(options.window, options.fullscreen and not windowed)
    except pygame.error as err:
        return str(err) or "no video device"
    pygame.display.set_caption("Layzner Tactics")
    icon = assets.image("ui/icon.png")
    if icon is not None:
        pygame.display.set_icon(icon)
    pygame.key.set_repeat(300, 60)
    return screen


def run_game(scenario: str | None = None, windowed: bool = False, max_frames: int | None = None) -> int:
    """Open the window and play; returns an exit code. No display: a clear message, not a traceback."""
    options = Options.load()
    screen = open_display(options, windowed)
    if isinstance(screen, str):
        print(
            f"layzner-tactics: cannot open a window ({screen}). The game needs a display; "
            "set DISPLAY (X11) or WAYLAND_DISPLAY, or run `layzner-tactics demo` for a text game.",
            file=sys.stderr,
        )
        return 1
    Audio.start(options)
    app = App(screen, options)
    app.pad.start()
    if options.note:
        print(f"layzner-tactics: {options.note}", file=sys.stderr)
    try:
        return app.run(push("briefing", scenario) if scenario else push("title"), max_frames)
    finally:
        if app.window_resized:
            app._save_options()
        Audio.stop()
        widgets.font.cache_clear()  # fonts die with pygame.quit(); a later run_game must make new ones
        pygame.quit()
