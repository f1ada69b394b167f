"""Actions: small immutable intents. A Move carries its path; an Attack its weapon (choices, not results)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, assert_never

from ..i18n import N_, T_, Text
from .events import NO_NAMES, EventNames
from .ids import SideId, Tile, UnitId, WeaponId


@dataclass(frozen=True, slots=True)
class Move:
    unit: UnitId
    path: tuple[Tile, ...]
    """Every tile from the unit's current tile (first) to its destination (last)."""

    @property
    def to(self) -> Tile:
        return self.path[-1]


@dataclass(frozen=True, slots=True)
class Attack:
    unit: UnitId
    weapon: WeaponId
    target: UnitId


@dataclass(frozen=True, slots=True)
class Wait:
    """The unit is done for this phase."""

    unit: UnitId


@dataclass(frozen=True, slots=True)
class Special:
    """A unit's special ability by name (``vmax``, ``dust``, ``talk``, ``capture``, ``spare``), with a
    target unit for the abilities aimed at one."""

    unit: UnitId
    name: str
    target: UnitId | None = None


@dataclass(frozen=True, slots=True)
class UndoMove:
    unit: UnitId


@dataclass(frozen=True, slots=True)
class EndPhase:
    side: SideId


Action = Move | Attack | Wait | Special | UndoMove | EndPhase

_KINDS: dict[str, type[Action]] = {
    "move": Move,
    "attack": Attack,
    "wait": Wait,
    "special": Special,
    "undo": UndoMove,
    "end": EndPhase,
}
_NAMES = {cls: name for name, cls in _KINDS.items()}


def action_to_data(action: Action) -> dict[str, Any]:
    """A JSON-ready dict; ``action_from_data`` reverses it."""
    data: dict[str, Any] = {"kind": _NAMES[type(action)]}
    for field in action.__dataclass_fields__:
        value = getattr(action, field)
        data[field] = list(value) if isinstance(value, tuple) else value
    return data


def action_from_data(data: Any) -> Action:
    """Parse a dict made by ``action_to_data``. Raises ``ValueError`` with the problem on bad input."""
    if not isinstance(data, dict) or not isinstance(data.get("kind"), str) or data["kind"] not in _KINDS:
        raise ValueError(f"not an action: {data!r:.80}")
    cls = _KINDS[data["kind"]]
    fields = dataclasses.fields(cls)
    names = [f.name for f in fields]
    if set(data) - {"kind"} != set(names):
        raise ValueError(f"action {data['kind']!r} needs fields {sorted(names)}, got {sorted(data)}")
    values: dict[str, Any] = {}
    for name in names:
        value = data[name]
        if name == "path":
            if (
                not isinstance(value, list)
                or not value
                or not all(isinstance(t, int) and not isinstance(t, bool) for t in value)
            ):
                raise ValueError(f"bad move path {value!r:.80}")
            value = tuple(Tile(t) for t in value)
        elif name == "target" and value is None:
            pass
        elif not isinstance(value, str):
            raise ValueError(f"action field {name!r} must be text, got {value!r:.80}")
        values[name] = value
    return cls(**values)


def describe_action(action: Action, names: EventNames = NO_NAMES) -> str:
    """One line of plain English for an action, with ids turned into names by ``names``."""
    return str(action_text(action, names))


SPECIAL_WORDS = {
    "vmax": N_("vmax"),
    "talk": N_("talk"),
    "capture": N_("capture"),
    "spare": N_("spare"),
    "dust": N_("dust"),
}
"""The special orders' names as ``describe_action`` writes them, for the catalogs."""


def action_text(action: Action, names: EventNames = NO_NAMES) -> Text:
    """``describe_action``'s line as a ``Text`` (``i18n.tr`` gives it in the player's language)."""
    n = names
    match action:
        case Move(unit, path):
            return T_(
                "{unit} moves {n} tile(s) to {tile}",
                unit=n.unit(unit),
                n=len(path) - 1,
                tile=n.tile(path[-1]),
            )
        case Attack(unit, weapon, target):
            return T_(
                "{unit} attacks {target} ({weapon})",
                unit=n.unit(unit),
                target=n.unit(target),
                weapon=n.weapon(unit, weapon),
            )
        case Wait(unit):
            return T_("{unit} waits", unit=n.unit(unit))
        case Special(unit, name, target):
            order = T_(SPECIAL_WORDS[name]) if name in SPECIAL_WORDS else name.replace("_", " ")
            if target:
                return T_(
                    "{unit} uses {order} on {target}", unit=n.unit(unit), order=order, target=n.unit(target)
                )
            return T_("{unit} uses {order}", unit=n.unit(unit), order=order)
        case UndoMove(unit):
            return T_("{unit} takes its move back", unit=n.unit(unit))
        case EndPhase(side):
            return T_("{side} ends the phase", side=n.side(side))
        case _:
            assert_never(action)
