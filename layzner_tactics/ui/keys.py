"""Key bindings: the battle's actions, their default keys, the lookup and rebinding.

Bindings are kept in ``Options.keys`` as ``{action: [key name, ...]}`` (one or two keys an action), the
names being pygame's ``K_*`` constants without the prefix, lower case (``"up"``, ``"w"``, ``"return"``,
``"f5"``), so the options file stays readable. ``Bindings`` resolves them to key codes; anything unknown
or doubly bound in a hand-edited file falls back to the defaults rather than failing. Esc always
cancels (it is the way out of every screen) and F11 toggles fullscreen; neither can be given to another
action. Keypad Enter counts as Enter and keypad +/- as +/-.

The gamepad's buttons are bound to the same actions (``PadBindings``, ``Options.pad``; ``ui.pad`` turns
pad events into keys), and ``hint`` writes an action's key or button for on-screen hints, by the device
the player used last (``INPUT``, set by the app).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pygame

from ..i18n import N_, tr

ACTIONS: tuple[tuple[str, str], ...] = (
    ("up", N_("Cursor up")),
    ("down", N_("Cursor down")),
    ("left", N_("Cursor left")),
    ("right", N_("Cursor right")),
    ("select", N_("Select / confirm")),
    ("cancel", N_("Cancel / back")),
    ("next_unit", N_("Next unit")),
    ("undo", N_("Undo move")),
    ("end_phase", N_("End phase")),
    ("rei", N_("Rei's advice")),
    ("follow_rei", N_("Follow Rei's advice")),
    ("threat", N_("Threat overlay")),
    ("fast", N_("Fast-forward")),
    ("help", N_("Help overlay")),
    ("quick_save", N_("Quick save")),
    ("quick_load", N_("Quick load")),
    ("zoom_in", N_("Zoom in")),
    ("zoom_out", N_("Zoom out")),
    ("pause", N_("Pause menu")),
)
LABELS = dict(ACTIONS)
SLOTS = 2

DEFAULTS: dict[str, tuple[str, ...]] = {
    "up": ("up", "w"),
    "down": ("down", "s"),
    "left": ("left", "a"),
    "right": ("right", "d"),
    "select": ("return", "space"),
    "cancel": ("escape", "backspace"),
    "next_unit": ("tab",),
    "undo": ("u",),
    "end_phase": ("e",),
    "rei": ("r",),
    "follow_rei": ("g",),
    "threat": ("t",),
    "fast": ("f",),
    "help": ("f1",),
    "quick_save": ("f5",),
    "quick_load": ("f9",),
    "zoom_in": ("equals",),
    "zoom_out": ("minus",),
    "pause": ("p",),
}

QUEUED = frozenset({"end_phase", "next_unit", "undo", "rei", "threat"})
"""Actions pressed while the player's own move still animates: done right after it."""

LOCKED = ("cancel", 0)
"""Esc, the first key of cancel, cannot be rebound."""
RESERVED = frozenset({pygame.K_ESCAPE, pygame.K_F11, pygame.K_UNKNOWN})

_ALIASES = {
    pygame.K_KP_ENTER: pygame.K_RETURN,
    pygame.K_PLUS: pygame.K_EQUALS,
    pygame.K_KP_PLUS: pygame.K_EQUALS,
    pygame.K_KP_MINUS: pygame.K_MINUS,
}

_CODES: dict[str, int] = {n[2:].lower(): getattr(pygame, n) for n in dir(pygame) if n.startswith("K_")}
_NAMES: dict[int, str] = {}
for _name, _code in sorted(_CODES.items()):
    _NAMES.setdefault(_code, _name)

_PRETTY = {
    "return": "Enter",
    "escape": "Esc",
    "backspace": "Backspace",
    "space": "Space",
    "tab": "Tab",
    "equals": "=",
    "minus": "-",
    "up": "Up",
    "down": "Down",
    "left": "Left",
    "right": "Right",
    "comma": ",",
    "period": ".",
    "slash": "/",
    "semicolon": ";",
    "quote": "'",
    "leftbracket": "[",
    "rightbracket": "]",
    "backslash": "\\",
    "backquote": "`",
    "pageup": "Page Up",
    "pagedown": "Page Down",
    "lshift": "Left Shift",
    "rshift": "Right Shift",
    "lctrl": "Left Ctrl",
    "rctrl": "Right Ctrl",
    "lalt": "Left Alt",
    "ralt": "Right Alt",
}


def normal(key: int) -> int:
    """The key as bindings see it (keypad Enter is Enter, keypad + is +, ...)."""
    return _ALIASES.get(key, key)


def key_name(key: int) -> str:
    """The stored name of a key code (``"return"``), or ``""`` for a code pygame does not name."""
    return _NAMES.get(key, "")


def key_code(name: str) -> int | None:
    return _CODES.get(name)


def key_label(key: int) -> str:
    """How a key is written on screen: ``Enter``, ``Up``, ``W``, ``F5``."""
    name = key_name(key)
    if not name:
        return f"key {key}"
    if name in _PRETTY:
        return _PRETTY[name]
    if len(name) == 1:
        return name.upper()
    if name[0] == "f" and name[1:].isdigit():
        return name.upper()
    return name.replace("_", " ").title().replace("Kp ", "Keypad ")


class Bindings:
    """Action -> key codes (one or two each), with the reverse lookup and conflict-aware rebinding."""

    def __init__(self, table: Mapping[str, Sequence[str]] | None = None) -> None:
        self.keys: dict[str, list[int]] = {a: [_CODES[n] for n in DEFAULTS[a]] for a, _ in ACTIONS}
        if table:
            self._load(table)

    @staticmethod
    def of(options: object) -> Bindings:
        """The bindings stored in an ``Options`` (its ``keys`` table; defaults when it has none)."""
        return Bindings(getattr(options, "keys", None) or None)

    def _load(self, table: Mapping[str, Sequence[str]]) -> None:
        wanted: dict[str, list[int]] = {}
        for action, _ in ACTIONS:
            names = table.get(action)
            if not isinstance(names, (list, tuple)):
                continue
            codes = [_CODES[n] for n in names if isinstance(n, str) and n in _CODES]
            codes = [normal(c) for c in codes if normal(c) not in RESERVED]
            if codes:
                wanted[action] = list(dict.fromkeys(codes))[: SLOTS - (action == LOCKED[0])]
        for action, codes in wanted.items():
            self.keys[action] = ([pygame.K_ESCAPE] if action == LOCKED[0] else []) + codes
        # a key given to two actions (an edited file): the first keeps it, the second gets its defaults
        taken: set[int] = set()
        for action, _ in ACTIONS:
            mine = [c for c in self.keys[action] if c not in taken]
            if not mine:
                mine = [c for c in (_CODES[n] for n in DEFAULTS[action]) if c not in taken]
            self.keys[action] = mine
            taken.update(mine)

    def to_data(self) -> dict[str, list[str]]:
        return {a: [key_name(c) for c in self.keys[a]] for a, _ in ACTIONS}

    def action(self, key: int) -> str | None:
        """The action a key press does, or None."""
        k = normal(key)
        for action, _ in ACTIONS:
            if k in self.keys[action]:
                return action
        return None

    def label(self, action: str, sep: str = " / ") -> str:
        return sep.join(key_label(c) for c in self.keys[action]) or "(none)"

    def slot_label(self, action: str, slot: int) -> str:
        codes = self.keys[action]
        return key_label(codes[slot]) if slot < len(codes) else tr("(none)")

    def bind(self, action: str, slot: int, key: int) -> tuple[bool, str]:
        """Give ``key`` to ``action`` in ``slot`` (0 or 1). A key another action has is swapped with
        this slot's old key; refused (False) when that would leave the other action with no key, for
        Esc and F11, and for the locked Esc slot. Returns (changed, message for the player)."""
        what = tr(LABELS[action])
        k = normal(key)
        if (action, slot) == LOCKED:
            return False, tr("Esc always cancels; give Cancel / back a second key instead")
        if k in RESERVED:
            name = key_label(k) if k != pygame.K_UNKNOWN else tr("That key")
            return False, tr("{name} is reserved (Esc: cancel and back, F11: fullscreen)", name=name)
        if not key_name(k):
            return False, tr("That key cannot be bound")
        mine = self.keys[action]
        slot = min(slot, len(mine))
        old = mine[slot] if slot < len(mine) else None
        if k == old:
            return False, tr("{action} is already {key}", action=what, key=key_label(k))
        if k in mine:  # the action's other key: swap its two slots
            j = mine.index(k)
            if (action, j) == LOCKED or old is None:
                return False, tr("{key} is already {action}'s key", key=key_label(k), action=what)
            mine[j], mine[slot] = old, k
            return True, tr("{action}: keys swapped ({keys})", action=what, keys=self.label(action))
        other = next((a for a, _ in ACTIONS if a != action and k in self.keys[a]), None)
        if other is None:
            if old is None:
                mine.append(k)
            else:
                mine[slot] = k
            return True, f"{what}: {self.label(action)}"
        theirs = self.keys[other]
        j = theirs.index(k)
        if old is None:
            if len(theirs) == 1:
                return False, tr(
                    "{key} is {other}'s only key: refused (rebind {other} first)",
                    key=key_label(k),
                    other=tr(LABELS[other]),
                )
            theirs.pop(j)
            mine.append(k)
            return True, tr(
                "{key} moved from {other} to {action}", key=key_label(k), other=tr(LABELS[other]), action=what
            )
        theirs[j] = old
        mine[slot] = k
        return True, tr(
            "{key} was {other}: swapped, {other} is now {old}",
            key=key_label(k),
            other=tr(LABELS[other]),
            old=key_label(old),
        )

    def clear(self, action: str, slot: int) -> tuple[bool, str]:
        """Remove a key; an action keeps at least one, and Esc stays on cancel."""
        mine = self.keys[action]
        if slot >= len(mine):
            return False, tr("Nothing to clear")
        if (action, slot) == LOCKED:
            return False, tr("Esc always cancels")
        if len(mine) == 1:
            return False, tr("{action} needs a key", action=tr(LABELS[action]))
        mine.pop(slot)
        return True, f"{tr(LABELS[action])}: {self.label(action)}"


def help_rows(b: Bindings) -> list[tuple[str, str]]:
    """The F1 overlay's lines, with the keys as they are bound now (the pad's buttons when a pad was
    used last)."""
    if INPUT.device == "pad":
        return pad_help_rows(PadBindings.of(INPUT.options))
    move = " ".join(b.slot_label(a, 0) for a in ("up", "left", "down", "right"))
    alt = " ".join(b.slot_label(a, 1) for a in ("up", "left", "down", "right") if len(b.keys[a]) > 1)
    return [
        (move + (f" / {alt}" if alt else ""), tr("move the cursor")),
        (b.label("select") + tr(" / click"), tr("select, move, attack, confirm")),
        (b.label("cancel") + tr(" / right click"), tr("cancel, back; pause menu")),
        (b.label("pause"), tr("pause menu")),
        (b.label("next_unit"), tr("next unit that can act")),
        (b.label("undo"), tr("undo the last move")),
        (b.label("end_phase"), tr("end the phase")),
        (b.label("rei"), tr("Rei's advice for the selected unit")),
        (b.label("follow_rei"), tr("follow Rei's advice shown")),
        (b.label("threat"), tr("threat overlay: where seen enemies can strike")),
        (b.label("fast"), tr("fast-forward the enemy phase ({key} skips)", key=b.slot_label("select", 0))),
        (f"{b.label('zoom_in')} / {b.label('zoom_out')}" + tr(" / wheel"), tr("zoom")),
        (tr("right or middle drag, map edge"), tr("scroll")),
        (f"{b.label('quick_save')} / {b.label('quick_load')}", tr("quick save / load")),
        (b.label("help"), tr("this help")),
        ("F11", tr("fullscreen on/off")),
        ("", tr("Options > Key bindings changes these keys")),
    ]


PAD_LABELS = {  # the buttons by the names SDL's game-controller API gives them
    "a": "A",
    "b": "B",
    "x": "X",
    "y": "Y",
    "back": "Back",
    "guide": "Guide",
    "start": "Start",
    "leftstick": "L3",
    "rightstick": "R3",
    "leftshoulder": "LB",
    "rightshoulder": "RB",
    "dpup": "D-pad up",
    "dpdown": "D-pad down",
    "dpleft": "D-pad left",
    "dpright": "D-pad right",
    "lefttrigger": "LT",
    "righttrigger": "RT",
}

PAD_DEFAULTS: dict[str, tuple[str, ...]] = {
    "up": ("dpup",),
    "down": ("dpdown",),
    "left": ("dpleft",),
    "right": ("dpright",),
    "select": ("a",),
    "cancel": ("b",),
    "next_unit": ("x",),
    "rei": ("y",),
    "undo": ("leftshoulder",),
    "threat": ("rightshoulder",),
    "end_phase": ("back",),
    "pause": ("start",),
    "help": ("leftstick",),
    "fast": ("rightstick",),
    "zoom_in": ("righttrigger",),
    "zoom_out": ("lefttrigger",),
    "quick_save": (),
    "quick_load": (),
}


class PadBindings:
    """Action -> pad button (one each, some actions none); rebinding swaps a button that is taken."""

    def __init__(self, table: Mapping[str, Sequence[str]] | None = None) -> None:
        self.buttons: dict[str, list[str]] = {a: list(PAD_DEFAULTS.get(a, ())) for a, _ in ACTIONS}
        if table:
            wanted = {
                a: [n for n in names if n in PAD_LABELS][:1]
                for a, names in table.items()
                if a in self.buttons and isinstance(names, (list, tuple))
            }
            self.buttons.update(wanted)
            taken: set[str] = set()  # a button given twice in an edited file: the first action keeps it
            for a, _ in ACTIONS:
                self.buttons[a] = [b for b in self.buttons[a] if b not in taken]
                taken.update(self.buttons[a])
            if not self.buttons["cancel"] or not self.buttons["select"]:
                self.buttons = PadBindings().buttons  # a pad that cannot confirm or go back is no use

    @staticmethod
    def of(options: object) -> PadBindings:
        return PadBindings(getattr(options, "pad", None) or None)

    def to_data(self) -> dict[str, list[str]]:
        return {a: list(self.buttons[a]) for a, _ in ACTIONS}

    def action(self, button: str) -> str | None:
        for a, _ in ACTIONS:
            if button in self.buttons[a]:
                return a
        return None

    def label(self, action: str) -> str:
        return " / ".join(PAD_LABELS[b] for b in self.buttons.get(action, ())) or tr("(none)")

    def bind(self, action: str, button: str) -> tuple[bool, str]:
        """Give ``button`` to ``action``; the action that had it gets this one's old button (or none,
        refused when that would leave Select or Cancel without one). Returns (changed, message)."""
        what = tr(LABELS[action])
        if button not in PAD_LABELS:
            return False, tr("That button cannot be bound")
        old = self.buttons[action][:1]
        if old == [button]:
            return False, tr("{action} is already {key}", action=what, key=PAD_LABELS[button])
        other = self.action(button)
        if other is not None:
            if not old and other in ("select", "cancel"):
                return False, tr(
                    "{button} is {other}'s only button: refused",
                    button=PAD_LABELS[button],
                    other=tr(LABELS[other]),
                )
            self.buttons[other] = old
        self.buttons[action] = [button]
        if other is None:
            return True, f"{what}: {PAD_LABELS[button]}"
        gave = (
            tr("{other} is now {button}", other=tr(LABELS[other]), button=PAD_LABELS[old[0]])
            if old
            else tr("{other} has none", other=tr(LABELS[other]))
        )
        return True, tr(
            "{button} was {other}'s: swapped, {gave}",
            button=PAD_LABELS[button],
            other=tr(LABELS[other]),
            gave=gave,
        )

    def clear(self, action: str) -> tuple[bool, str]:
        if action in ("select", "cancel"):
            return False, tr("{action} needs a button", action=tr(LABELS[action]))
        if not self.buttons[action]:
            return False, tr("Nothing to clear")
        self.buttons[action] = []
        return True, tr("{action}: no button", action=tr(LABELS[action]))


MENU_LABELS = {
    "up": "Up",
    "down": "Down",
    "left": "Left",
    "right": "Right",
    "select": "Enter",
    "cancel": "Esc",
}
"""The menus' fixed keys, as written in their hints."""


@dataclass
class InputState:
    """Which device the player used last (``"keys"`` or ``"pad"``: the app sets it as input comes) and
    the options the bindings are read from, for the hints."""

    device: str = "keys"
    options: object | None = None


INPUT = InputState()


def hint(action: str, menu: bool = False) -> str:
    """How to give ``action``, for an on-screen hint: the pad's button when a pad was used last, else
    the key (the bound one, or with ``menu`` the menus' fixed key)."""
    if INPUT.device == "pad":
        return PadBindings.of(INPUT.options).label(action)
    if menu and action in MENU_LABELS:
        return MENU_LABELS[action]
    return Bindings.of(INPUT.options).slot_label(action, 0)


def pad_help_rows(p: PadBindings) -> list[tuple[str, str]]:
    """The F1 overlay's lines for the gamepad, with its buttons as they are bound now."""
    dirs = ("up", "left", "down", "right")
    dpad = all(p.buttons[a] == ["dp" + a] for a in dirs)
    move = "D-pad" if dpad else " ".join(p.label(a) for a in dirs)
    return [
        (move + tr(" / left stick"), tr("move the cursor")),
        (p.label("select"), tr("select, move, attack, confirm")),
        (p.label("cancel"), tr("cancel, back")),
        (p.label("pause"), tr("pause menu")),
        (p.label("next_unit"), tr("next unit that can act")),
        (p.label("undo"), tr("undo the last move")),
        (p.label("end_phase"), tr("end the phase")),
        (p.label("rei"), tr("Rei's advice for the selected unit")),
        (p.label("threat"), tr("threat overlay: where seen enemies can strike")),
        (p.label("fast"), tr("fast-forward the enemy phase ({key} skips)", key=p.label("select"))),
        (f"{p.label('zoom_in')} / {p.label('zoom_out')}", tr("zoom")),
        (p.label("help"), tr("this help")),
        ("", tr("Options > Gamepad buttons changes these buttons")),
    ]
