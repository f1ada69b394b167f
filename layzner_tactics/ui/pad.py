"""Gamepads: controller and joystick events turned into the key the same action has, and hot-plug.

A pad button is bound to one of ``ui.keys``'s action names (``keys.PadBindings``, kept in ``Options.pad`` as
``{action: [button name]}``, the names SDL's game-controller API uses: ``"a"``, ``"start"``,
``"leftshoulder"``, ``"dpup"``; the triggers are ``"lefttrigger"``/``"righttrigger"``). ``Pad.translate``
turns a press into a KEYDOWN (and the release into its KEYUP) carrying the key the scenes already
understand, so no scene has a second path for the pad: in the battle the key bound to the action (a key
the menus also take when the action has one, so a dialogue box still closes), in the menus their fixed
keys (arrows, Enter, Esc). The left stick always moves like the d-pad, as Esc always cancels on the
keyboard; held directions repeat like held keys. A plain joystick (no controller mapping) is read in the
XInput order (buttons 0-7 = A B X Y LB RB Back Start, hat and first two axes = d-pad).

The pad's bindings (``keys.PadBindings``) and the last-device state (``keys.INPUT``) live in ``ui.keys``
with the keys' own, so ``keys.hint`` can write the pad's button or the key.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

import pygame

from . import keys

BUTTONS: dict[int, str] = {
    pygame.CONTROLLER_BUTTON_A: "a",
    pygame.CONTROLLER_BUTTON_B: "b",
    pygame.CONTROLLER_BUTTON_X: "x",
    pygame.CONTROLLER_BUTTON_Y: "y",
    pygame.CONTROLLER_BUTTON_BACK: "back",
    pygame.CONTROLLER_BUTTON_GUIDE: "guide",
    pygame.CONTROLLER_BUTTON_START: "start",
    pygame.CONTROLLER_BUTTON_LEFTSTICK: "leftstick",
    pygame.CONTROLLER_BUTTON_RIGHTSTICK: "rightstick",
    pygame.CONTROLLER_BUTTON_LEFTSHOULDER: "leftshoulder",
    pygame.CONTROLLER_BUTTON_RIGHTSHOULDER: "rightshoulder",
    pygame.CONTROLLER_BUTTON_DPAD_UP: "dpup",
    pygame.CONTROLLER_BUTTON_DPAD_DOWN: "dpdown",
    pygame.CONTROLLER_BUTTON_DPAD_LEFT: "dpleft",
    pygame.CONTROLLER_BUTTON_DPAD_RIGHT: "dpright",
}
JOY_BUTTONS = (
    "a",
    "b",
    "x",
    "y",
    "leftshoulder",
    "rightshoulder",
    "back",
    "start",
    "leftstick",
    "rightstick",
)
"""A plain joystick's buttons by index, in the XInput order most pads report."""
TRIGGERS = {
    pygame.CONTROLLER_AXIS_TRIGGERLEFT: "lefttrigger",
    pygame.CONTROLLER_AXIS_TRIGGERRIGHT: "righttrigger",
}
MENU_KEYS: dict[str, int] = {
    "up": pygame.K_UP,
    "down": pygame.K_DOWN,
    "left": pygame.K_LEFT,
    "right": pygame.K_RIGHT,
    "select": pygame.K_RETURN,
    "cancel": pygame.K_ESCAPE,
    "pause": pygame.K_RETURN,  # Start confirms in a menu, as on a console
}
"""The fixed keys the menus read, by action."""
_MENU_ALSO = {
    "up": (pygame.K_UP, pygame.K_w),
    "down": (pygame.K_DOWN, pygame.K_s),
    "left": (pygame.K_LEFT, pygame.K_a),
    "right": (pygame.K_RIGHT, pygame.K_d),
    "select": (pygame.K_RETURN, pygame.K_SPACE),
    "cancel": (pygame.K_ESCAPE,),
}
STICK = {(0, -1): "up", (0, 1): "down", (-1, 0): "left", (1, 0): "right"}
DEAD = 0.5
"""How far (of full travel) a stick or trigger must go to count as pressed."""
REPEAT_DELAY_MS, REPEAT_MS = 300, 60
REPEATED = frozenset({"up", "down", "left", "right", "zoom_in", "zoom_out"})
REPEAT_EVENT = pygame.event.custom_type()


PAD_EVENTS = frozenset(
    {
        pygame.CONTROLLERBUTTONDOWN,
        pygame.CONTROLLERBUTTONUP,
        pygame.CONTROLLERAXISMOTION,
        pygame.CONTROLLERDEVICEADDED,
        pygame.CONTROLLERDEVICEREMOVED,
        pygame.JOYBUTTONDOWN,
        pygame.JOYBUTTONUP,
        pygame.JOYHATMOTION,
        pygame.JOYAXISMOTION,
        pygame.JOYDEVICEADDED,
        pygame.JOYDEVICEREMOVED,
        REPEAT_EVENT,
    }
)


def is_pad_event(event: pygame.event.Event) -> bool:
    return event.type in PAD_EVENTS


def pad_button(event: pygame.event.Event) -> str | None:
    """The button name a pad event presses (for the bindings page), or None."""
    if event.type == pygame.CONTROLLERBUTTONDOWN:
        return BUTTONS.get(event.button)
    if event.type == pygame.JOYBUTTONDOWN and 0 <= event.button < len(JOY_BUTTONS):
        return JOY_BUTTONS[event.button]
    if event.type == pygame.CONTROLLERAXISMOTION and event.axis in TRIGGERS and event.value / 32767 > DEAD:
        return TRIGGERS[event.axis]
    return None


def _sdl_controller() -> Any:
    with contextlib.suppress(ImportError, pygame.error):
        from pygame._sdl2 import controller

        return controller
    return None


@dataclass
class Pad:
    """The open devices and what is held down on them; ``translate`` does the work."""

    devices: dict[int, Any] = field(default_factory=dict)
    """Open devices by instance id (a controller, or a joystick that is not one)."""
    controllers: set[int] = field(default_factory=set)
    held: dict[str, tuple[int, str]] = field(default_factory=dict)
    """Source ("a", "stick:up", "hat:left", "lefttrigger") -> (key sent, action) while held down."""
    repeating: str = ""

    def start(self) -> None:
        """Open the joystick and controller subsystems; devices then arrive as DEVICEADDED events."""
        with contextlib.suppress(pygame.error):
            pygame.joystick.init()
        sdl = _sdl_controller()
        if sdl is not None:
            with contextlib.suppress(pygame.error):
                sdl.init()

    def hotplug(self, event: pygame.event.Event) -> bool:
        """Open or forget a device; True when the event was a device coming or going."""
        sdl = _sdl_controller()
        if event.type == pygame.CONTROLLERDEVICEADDED and sdl is not None:
            with contextlib.suppress(pygame.error, IndexError):
                pad = sdl.Controller(event.device_index)
                iid = pad.as_joystick().get_instance_id()
                self.devices[iid] = pad
                self.controllers.add(iid)
            return True
        if event.type == pygame.JOYDEVICEADDED:
            is_controller = sdl is not None and sdl.get_init() and sdl.is_controller(event.device_index)
            if not is_controller:  # a controller comes as CONTROLLERDEVICEADDED too: opened there
                with contextlib.suppress(pygame.error, IndexError):
                    joy = pygame.joystick.Joystick(event.device_index)
                    self.devices[joy.get_instance_id()] = joy
            return True
        if event.type in (pygame.CONTROLLERDEVICEREMOVED, pygame.JOYDEVICEREMOVED):
            self.devices.pop(event.instance_id, None)
            self.controllers.discard(event.instance_id)
            self.release_all()
            return True
        return False

    def release_all(self) -> list[pygame.event.Event]:
        out = [_key_event(pygame.KEYUP, k) for k, _ in self.held.values()]
        self.held.clear()
        self._repeat("")
        return out

    def _repeat(self, source: str, first: bool = True) -> None:
        self.repeating = source
        with contextlib.suppress(pygame.error):
            ms = 0 if not source else (REPEAT_DELAY_MS if first else REPEAT_MS)
            pygame.time.set_timer(REPEAT_EVENT, ms)

    def _press(self, source: str, action: str | None, scene: object) -> list[pygame.event.Event]:
        if action is None or source in self.held:
            return []
        k = key_for(action, scene)
        if k is None:
            return []
        self.held[source] = (k, action)
        if action in REPEATED:
            self._repeat(source)
        return [_key_event(pygame.KEYDOWN, k)]

    def _release(self, source: str) -> list[pygame.event.Event]:
        got = self.held.pop(source, None)
        if got is None:
            return []
        if self.repeating == source:
            self._repeat("")
        return [_key_event(pygame.KEYUP, got[0])]

    def translate(
        self, event: pygame.event.Event, options: object, scene: object
    ) -> list[pygame.event.Event]:
        """The key events this pad event stands for in ``scene`` (none for most axis noise)."""
        if self.hotplug(event):
            return []
        if event.type == REPEAT_EVENT:
            got = self.held.get(self.repeating)
            if got is None:
                self._repeat("")
                return []
            self._repeat(self.repeating, first=False)
            return [_key_event(pygame.KEYDOWN, got[0])]
        iid = getattr(event, "instance_id", None)
        if event.type in (
            pygame.JOYBUTTONDOWN,
            pygame.JOYBUTTONUP,
            pygame.JOYHATMOTION,
            pygame.JOYAXISMOTION,
        ):
            if iid in self.controllers:
                return []  # this device speaks as a controller: its joystick events would double
        keys.INPUT.device = "pad"
        pads = keys.PadBindings.of(options)
        t = event.type
        if t in (
            pygame.CONTROLLERBUTTONDOWN,
            pygame.JOYBUTTONDOWN,
            pygame.CONTROLLERBUTTONUP,
            pygame.JOYBUTTONUP,
        ):
            if t in (pygame.CONTROLLERBUTTONDOWN, pygame.CONTROLLERBUTTONUP):
                name = BUTTONS.get(event.button)
            else:
                name = JOY_BUTTONS[event.button] if 0 <= event.button < len(JOY_BUTTONS) else None
            if name is None:
                return []
            if t in (pygame.CONTROLLERBUTTONDOWN, pygame.JOYBUTTONDOWN):
                return self._press(name, pads.action(name), scene)
            return self._release(name)
        if t == pygame.JOYHATMOTION:
            hx, hy = event.value
            out: list[pygame.event.Event] = []
            for (dx, dy), d in STICK.items():
                on = (dx and dx == hx) or (dy and dy == -hy)  # a hat's y is up-positive
                name = "dp" + d
                out += self._press(name, pads.action(name), scene) if on else self._release(name)
            return out
        if t in (pygame.CONTROLLERAXISMOTION, pygame.JOYAXISMOTION):
            axis, value = event.axis, event.value
            if t == pygame.CONTROLLERAXISMOTION:
                value = value / 32767
                if axis in TRIGGERS:
                    name = TRIGGERS[axis]
                    return (
                        self._press(name, pads.action(name), scene) if value > DEAD else self._release(name)
                    )
                axis = {pygame.CONTROLLER_AXIS_LEFTX: 0, pygame.CONTROLLER_AXIS_LEFTY: 1}.get(axis, -1)
            if axis not in (0, 1):
                return []
            out = []
            for sign in (-1, 1):
                d = STICK[(sign, 0) if axis == 0 else (0, sign)]
                on = value * sign > DEAD
                out += self._press("stick:" + d, d, scene) if on else self._release("stick:" + d)
            return out
        return []


def _key_event(kind: int, k: int) -> pygame.event.Event:
    return pygame.event.Event(kind, key=k, mod=0, unicode="", scancode=0, pad=True)


def key_for(action: str, scene: object) -> int | None:
    """The key ``action`` stands for in ``scene``: a menu's fixed key, or in a scene that reads the
    player's bindings (the battle) the bound key, one the menus also take when there is one."""
    bindings = getattr(scene, "bindings", None)
    if not callable(bindings):
        return MENU_KEYS.get(action)
    bound: list[int] = bindings().keys.get(action, [])
    also = _MENU_ALSO.get(action, ())
    return next((k for k in bound if k in also), bound[0] if bound else None)
