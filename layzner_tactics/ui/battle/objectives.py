"""The objectives' live progress as the battle screen shows it: counts (1/3), turns left, who is safe
and who is still out. Pure Python (no pygame): text from the game state and the player's names.

The counts are about the player's own objectives: their own people (safe, still out, alive) and the
turn count, which the player knows; a "destroy" count counts only machines the player saw destroyed
(the engine's ``destroyed`` of units that side fielded), never units still hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...engine import GameState, UnitId
from ...engine.setup import Objective, ObjectiveKind, ObjectiveStatus
from ...i18n import tr


@dataclass(frozen=True, slots=True)
class Progress:
    """One objective's progress: ``count`` (``"2/3"``, or empty), a short ``line`` for the panel and
    the banner, and ``detail`` lines (who is safe, who is still out)."""

    count: str
    line: str
    detail: tuple[str, ...] = ()


def progress(state: GameState, obj: Objective, name: Callable[[UnitId], str]) -> Progress:
    """``obj``'s progress in ``state``, naming units with ``name``."""
    need = obj.needed
    done = state.status.get(obj.id) is not ObjectiveStatus.PENDING
    match obj.kind:
        case ObjectiveKind.ESCORT:
            safe = [u for u in obj.units if u in state.evacuated]
            out = [u for u in obj.units if u in state.units]
            detail: list[str] = []
            if safe:
                detail.append(tr("Safe: {names}", names=", ".join(name(u) for u in safe)))
            if out and not done:
                detail.append(tr("Still out: {names}", names=", ".join(name(u) for u in out)))
            return Progress(
                f"{len(safe)}/{need}", tr("{n}/{need} evacuated", n=len(safe), need=need), tuple(detail)
            )
        case ObjectiveKind.REACH:
            inside = [u for u in obj.units if u in state.units and _in_zone(state, obj, state.units[u].tile)]
            out = [u for u in obj.units if u in state.units and u not in inside]
            waiting = (
                [tr("Still out: {names}", names=", ".join(name(u) for u in out))] if out and not done else []
            )
            return Progress(
                f"{len(inside)}/{need}", tr("{n}/{need} in place", n=len(inside), need=need), tuple(waiting)
            )
        case ObjectiveKind.PROTECT:
            alive = [u for u in obj.units if not state.gone(u)]
            lost = [u for u in obj.units if state.gone(u)]
            gone = [tr("Lost: {names}", names=", ".join(name(u) for u in lost))] if lost else []
            return Progress(
                f"{len(alive)}/{len(obj.units)}",
                tr("{n} alive, {need} needed", n=len(alive), need=need),
                tuple(gone),
            )
        case ObjectiveKind.SURVIVE:
            left = max(0, obj.turns - state.turn + 1)
            return Progress("", tr("{n} turn(s) to hold", n=left) if not done else tr("held"))
        case ObjectiveKind.DESTROY:
            if obj.sides:
                down = sum(1 for u in state.destroyed.values() if u.side in obj.sides)
                return Progress("", tr("{n} destroyed", n=down))
            down = sum(1 for u in obj.units if state.gone(u))
            return Progress(f"{down}/{need}", tr("{n}/{need} destroyed", n=down, need=need))
    return Progress("", "")


def _in_zone(state: GameState, obj: Objective, tile: int) -> bool:
    zone = state.setup.zones.get(obj.zone, 0) if obj.zone else 0
    return bool((zone >> tile) & 1)


def turns_left(state: GameState) -> int:
    """Turns left to play, this one included."""
    return max(0, state.setup.max_turns - state.turn + 1)
