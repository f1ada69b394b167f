"""The battle screen's commands and what each input mode does with them.

One table (``COMMANDS``) names every command the player can give, whether by a key (the names of
``ui/keys.py``'s rebindable actions) or by an on-screen button; clicks that carry a place or a choice are
small values (``ClickTile``, ``PickItem``, ``PickWeapon``). ``handle`` gives the command to the current
mode's handler, which acts and returns the next mode (the 2023 python-tcod tutorial's handlers).
The screen applies the result; commands about the window (zoom, pause, saves) stay with the screen.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from ...i18n import tr
from .. import keys
from . import orders
from .modes import Forecast, Idle, Mode, Orders, Select, Target
from .view import BattleView


class Command(Enum):
    UP = "up"
    DOWN = "down"
    LEFT = "left"
    RIGHT = "right"
    SELECT = "select"
    CANCEL = "cancel"
    NEXT_UNIT = "next_unit"
    UNDO = "undo"
    END_PHASE = "end_phase"
    REI = "rei"
    FOLLOW_REI = "follow_rei"
    THREAT = "threat"
    FAST = "fast"
    HELP = "help"
    QUICK_SAVE = "quick_save"
    QUICK_LOAD = "quick_load"
    ZOOM_IN = "zoom_in"
    ZOOM_OUT = "zoom_out"
    PAUSE = "pause"


COMMANDS: dict[str, Command] = {
    # the keyboard's actions, as ui/keys.py names them (the player rebinds their keys in Options)
    **{action: Command(action) for action, _ in keys.ACTIONS},
    # the buttons: the top bar's, the forecast's and the question's
    "end": Command.END_PHASE,
    "menu": Command.PAUSE,
    "confirm": Command.SELECT,
    "yes": Command.SELECT,
    "no": Command.CANCEL,
}
"""Every command by the name of the key action or the button that gives it."""

QUEUED = frozenset(COMMANDS[a] for a in keys.QUEUED)
"""Commands given while the player's own move still animates: carried out right after it."""
WINDOW = frozenset({Command.FAST, Command.HELP, Command.ZOOM_IN, Command.ZOOM_OUT, Command.PAUSE})
WINDOW |= {Command.QUICK_SAVE, Command.QUICK_LOAD}
"""Commands about the window and the game file, not the map: the screen carries them out."""

STEPS = {Command.LEFT: (-1, 0), Command.RIGHT: (1, 0), Command.UP: (0, -1), Command.DOWN: (0, 1)}


@dataclass(frozen=True, slots=True)
class ClickTile:
    x: int
    y: int


@dataclass(frozen=True, slots=True)
class PickItem:
    """An item of the orders menu, clicked."""

    key: str


@dataclass(frozen=True, slots=True)
class PickWeapon:
    """A weapon button of the forecast, clicked."""

    index: int


Input = Command | ClickTile | PickItem | PickWeapon


def handle(view: BattleView, cmd: Input) -> Mode | None:
    """Carry out ``cmd`` in the current mode; the next mode, or None for a cancel with nothing left to
    cancel (the screen then opens the pause menu)."""
    if view.confirm is not None:
        return _question(view, cmd)
    mode = view.mode
    match mode:
        case Orders():
            return _orders(view, mode, cmd)
        case Forecast():
            return _forecast(view, mode, cmd)
        case Target():
            return _target(view, mode, cmd)
        case Select() | Idle():
            return _map(view, cmd)


def _question(view: BattleView, cmd: Input) -> Mode:
    """A yes/no question is open: only its answer counts."""
    if cmd is Command.SELECT:
        return orders.answer(view, True)
    if cmd is Command.CANCEL:
        return orders.answer(view, False)
    return view.mode


def _orders(view: BattleView, mode: Orders, cmd: Input) -> Mode | None:
    if cmd in (Command.UP, Command.DOWN):
        mode.menu.move(-1 if cmd is Command.UP else 1)
        return mode
    if cmd is Command.SELECT:
        choice = mode.menu.chosen()
        return orders.menu_choice(view, choice) if choice else mode
    if isinstance(cmd, PickItem):
        return orders.menu_choice(view, cmd.key)
    return _map(view, cmd)


def _forecast(view: BattleView, mode: Forecast, cmd: Input) -> Mode | None:
    if cmd in (Command.LEFT, Command.RIGHT):
        return replace(mode, weapon_i=mode.weapon_i + (1 if cmd is Command.RIGHT else -1))
    if isinstance(cmd, PickWeapon):
        return replace(mode, weapon_i=cmd.index)
    if cmd is Command.SELECT:
        return orders.confirm_attack(view)
    if cmd in (Command.UP, Command.DOWN):
        # the forecast covers the map: the cursor stays on the target it is about
        view.say(tr("Left/Right: weapon, Enter: attack, Esc: back"))
        return mode
    return _map(view, cmd)


def _target(view: BattleView, mode: Target, cmd: Input) -> Mode | None:
    if cmd is Command.NEXT_UNIT:
        orders.next_target(view)
        return mode
    return _map(view, cmd)


def _map(view: BattleView, cmd: Input) -> Mode | None:
    """What every mode does: the cursor, a click or Enter on the map, and the player's orders."""
    if isinstance(cmd, ClickTile):
        return orders.click_tile(view, cmd.x, cmd.y)
    if not isinstance(cmd, Command):
        return view.mode
    if cmd in STEPS:
        dx, dy = STEPS[cmd]
        x = max(0, min(view.grid.width - 1, view.cursor[0] + dx))
        y = max(0, min(view.grid.height - 1, view.cursor[1] + dy))
        view.cursor = (x, y)
        view.camera.ensure_visible(x, y)
        orders.update_path(view)
        return view.mode
    match cmd:
        case Command.SELECT:
            return orders.click_tile(view, *view.cursor)
        case Command.CANCEL:
            return orders.cancel(view)
        case Command.NEXT_UNIT:
            return orders.next_unit(view)
        case Command.UNDO:
            return orders.undo(view)
        case Command.END_PHASE:
            return orders.end_phase(view)
        case Command.REI:
            orders.ask_rei(view)
        case Command.FOLLOW_REI:
            return orders.follow_rei(view)
        case Command.THREAT:
            orders.toggle_threat(view)
    return view.mode
