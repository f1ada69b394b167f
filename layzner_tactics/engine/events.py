"""Events: what happened, in order, with what the UI needs to animate it and the log to explain it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import assert_never

from .ids import ObjectiveId, SideId, TerrainId, Tile, UnitId, WeaponId, ZoneId
from .setup import Storm


class Fate(StrEnum):
    """How a unit left the fight without being destroyed."""

    DISABLED = "disabled"
    """Machine wrecked, pilot alive: can still be captured or spared."""
    CAPTURED = "captured"
    SPARED = "spared"
    WITHDREW = "withdrew"
    """Talked out of the fight over an open channel."""


class Termination(StrEnum):
    OBJECTIVES = "objectives"
    """The winner completed every required objective."""
    OBJECTIVE_FAILED = "objective-failed"
    """A side failed a required objective; its opponent wins."""
    ELIMINATION = "elimination"
    """A side with objectives has no units left and none coming."""
    TURN_LIMIT = "turn-limit"


@dataclass(frozen=True, slots=True)
class Outcome:
    winner: SideId | None
    """None for a draw."""
    termination: Termination
    reason: str


@dataclass(frozen=True, slots=True)
class PhaseStarted:
    turn: int
    side: SideId


@dataclass(frozen=True, slots=True)
class PhaseEnded:
    turn: int
    side: SideId


@dataclass(frozen=True, slots=True)
class UnitMoved:
    unit: UnitId
    path: tuple[Tile, ...]
    """The tiles actually walked (shorter than asked when ambushed)."""


@dataclass(frozen=True, slots=True)
class Ambushed:
    """A move ran into a hidden enemy and stopped short."""

    unit: UnitId
    by: UnitId
    at: Tile


@dataclass(frozen=True, slots=True)
class MoveUndone:
    unit: UnitId
    back_to: Tile


@dataclass(frozen=True, slots=True)
class AttackResolved:
    attacker: UnitId
    weapon: WeaponId
    target: UnitId
    hit_chance: int
    hit: bool
    crit: bool
    damage: int
    target_hp: int
    """The target's HP after the strike."""
    counter: bool
    """True when this strike is the defender's counterattack."""


@dataclass(frozen=True, slots=True)
class UnitDestroyed:
    unit: UnitId
    by: UnitId | None
    tile: Tile


@dataclass(frozen=True, slots=True)
class UnitDisabled:
    """A disabling blow: the machine is a wreck but its pilot lives."""

    unit: UnitId
    by: UnitId
    tile: Tile


@dataclass(frozen=True, slots=True)
class PilotFate:
    """A disabled pilot captured or spared, or an enemy talked out of the fight."""

    unit: UnitId
    by: UnitId
    fate: Fate


@dataclass(frozen=True, slots=True)
class TalkAttempted:
    unit: UnitId
    target: UnitId
    chance: int
    success: bool


@dataclass(frozen=True, slots=True)
class OxygenChanged:
    side: SideId
    value: int
    delta: int
    reason: str


@dataclass(frozen=True, slots=True)
class UnitSuffocated:
    unit: UnitId
    damage: int
    hp: int


@dataclass(frozen=True, slots=True)
class AlarmRaised:
    side: SideId


@dataclass(frozen=True, slots=True)
class TerrainChanged:
    zone: ZoneId
    terrain: TerrainId


@dataclass(frozen=True, slots=True)
class HeadSevered:
    unit: UnitId
    head: UnitId
    tile: Tile


@dataclass(frozen=True, slots=True)
class BoggedDown:
    unit: UnitId
    tile: Tile


@dataclass(frozen=True, slots=True)
class UnitEvacuated:
    unit: UnitId
    objective: ObjectiveId
    tile: Tile


@dataclass(frozen=True, slots=True)
class UnitWaited:
    unit: UnitId


@dataclass(frozen=True, slots=True)
class VmaxActivated:
    unit: UnitId
    by_folon: bool = False
    """Fired by the hidden system, not by the pilot."""


@dataclass(frozen=True, slots=True)
class FolonIntervened:
    """Folon took over: V-MAX fired and the machine struck ``target`` without the pilot's order."""

    unit: UnitId
    target: UnitId | None


@dataclass(frozen=True, slots=True)
class VmaxControlChanged:
    unit: UnitId
    folon: bool


@dataclass(frozen=True, slots=True)
class DustRaised:
    unit: UnitId
    tile: Tile


@dataclass(frozen=True, slots=True)
class DustSettled:
    unit: UnitId


@dataclass(frozen=True, slots=True)
class VmaxEnded:
    unit: UnitId
    cooldown: int


@dataclass(frozen=True, slots=True)
class CooldownEnded:
    unit: UnitId


@dataclass(frozen=True, slots=True)
class Reinforcements:
    units: tuple[UnitId, ...]


@dataclass(frozen=True, slots=True)
class WeatherChanged:
    storms: tuple[Storm, ...]


@dataclass(frozen=True, slots=True)
class Dialogue:
    speaker: str
    text: str


@dataclass(frozen=True, slots=True)
class FlagSet:
    """A story flag set by a trigger: the campaign remembers it after a won mission."""

    flag: str


@dataclass(frozen=True, slots=True)
class ObjectiveCompleted:
    side: SideId
    objective: ObjectiveId
    text: str


@dataclass(frozen=True, slots=True)
class ObjectiveFailed:
    side: SideId
    objective: ObjectiveId
    text: str


@dataclass(frozen=True, slots=True)
class ObjectiveAdded:
    side: SideId
    objective: ObjectiveId
    text: str


@dataclass(frozen=True, slots=True)
class PostureChanged:
    side: SideId
    posture: str


@dataclass(frozen=True, slots=True)
class GameOver:
    outcome: Outcome


Event = (
    PhaseStarted
    | PhaseEnded
    | UnitMoved
    | Ambushed
    | MoveUndone
    | AttackResolved
    | UnitDestroyed
    | UnitDisabled
    | PilotFate
    | TalkAttempted
    | OxygenChanged
    | UnitSuffocated
    | BoggedDown
    | AlarmRaised
    | TerrainChanged
    | HeadSevered
    | UnitEvacuated
    | UnitWaited
    | VmaxActivated
    | FolonIntervened
    | VmaxControlChanged
    | DustRaised
    | DustSettled
    | VmaxEnded
    | CooldownEnded
    | Reinforcements
    | WeatherChanged
    | Dialogue
    | FlagSet
    | ObjectiveCompleted
    | ObjectiveFailed
    | ObjectiveAdded
    | PostureChanged
    | GameOver
)


def describe_event(event: Event) -> str:
    """One line of plain English for the combat log."""
    match event:
        case PhaseStarted(turn, side):
            return f"Turn {turn}: {side} phase"
        case PhaseEnded(turn, side):
            return f"{side} ends its phase"
        case UnitMoved(unit, path):
            return f"{unit} moves {len(path) - 1} tile(s)"
        case Ambushed(unit, by, _):
            return f"{unit} runs into {by} hidden in the dust!"
        case MoveUndone(unit, _):
            return f"{unit} takes back its move"
        case AttackResolved(attacker, weapon, target, chance, hit, crit, damage, hp, counter):
            verb = "counters" if counter else "fires at"
            if not hit:
                return f"{attacker} {verb} {target} with {weapon} ({chance}%): miss"
            extra = " CRITICAL" if crit else ""
            return f"{attacker} {verb} {target} with {weapon} ({chance}%): {damage}{extra}, {hp} HP left"
        case UnitDestroyed(unit, by, _):
            return f"{unit} is destroyed" + (f" by {by}" if by else "")
        case UnitDisabled(unit, by, _):
            return f"{unit} is disabled by {by}: the machine is down, the pilot alive"
        case PilotFate(unit, by, fate):
            if fate is Fate.WITHDREW:
                return f"{unit}'s pilot lays down arms and withdraws"
            return f"{by} {'captures' if fate is Fate.CAPTURED else 'spares'} {unit}'s pilot"
        case TalkAttempted(unit, target, chance, success):
            result = "listens" if success else "refuses"
            return f"{unit} calls {target} over an open channel ({chance}%): {target} {result}"
        case OxygenChanged(side, value, delta, reason):
            return f"{side} oxygen {'+' if delta > 0 else ''}{delta} ({reason}): {value} left"
        case UnitSuffocated(unit, damage, hp):
            return f"{unit} is running out of air: {damage} damage, {hp} HP left"
        case BoggedDown(unit, _):
            return f"{unit} bogs down in the sand"
        case AlarmRaised(side):
            return f"Alarm at the {side} base: its guns will fire at anything now"
        case TerrainChanged(zone, terrain):
            return f"The ground at {zone} is now {terrain}"
        case HeadSevered(unit, head, _):
            return f"{unit}'s head breaks off ({head}) and keeps watching"
        case UnitEvacuated(unit, _, _):
            return f"{unit} reaches safety"
        case UnitWaited(unit):
            return f"{unit} holds"
        case VmaxActivated(unit, by_folon):
            if by_folon:
                return f"{unit}: V-MAX fires by itself! The pilot did not order it"
            return f"{unit}: V-MAX! The machine glows blue"
        case FolonIntervened(unit, target):
            if target is None:
                return f"{unit}: a hidden system takes over the controls"
            return f"{unit}: a hidden system takes over and strikes {target}"
        case VmaxControlChanged(unit, folon):
            if folon:
                return f"{unit}: V-MAX is locked out of the pilot's reach"
            return f"{unit}: the pilot takes control of V-MAX"
        case DustRaised(unit, _):
            return f"{unit} kicks up a wall of dust"
        case DustSettled(unit):
            return f"the dust around {unit} settles"
        case VmaxEnded(unit, cooldown):
            return f"{unit}: V-MAX ends; systems cooling for {cooldown} phase(s)"
        case CooldownEnded(unit):
            return f"{unit}: systems back to normal"
        case Reinforcements(units):
            return "Reinforcements: " + ", ".join(units)
        case WeatherChanged(storms):
            return "The dust storm shifts" if storms else "The dust settles"
        case Dialogue(speaker, text):
            return f"{speaker}: {text}"
        case FlagSet(flag):
            return f"The campaign will remember this ({flag})"
        case ObjectiveCompleted(side, _, text):
            return f"{side} objective complete: {text}"
        case ObjectiveFailed(side, _, text):
            return f"{side} objective failed: {text}"
        case ObjectiveAdded(side, _, text):
            return f"New {side} objective: {text}"
        case PostureChanged(side, posture):
            return f"{side} changes posture: {posture}"
        case GameOver(outcome):
            who = f"{outcome.winner} wins" if outcome.winner else "Draw"
            return f"{who} ({outcome.termination.value}): {outcome.reason}"
        case _:
            assert_never(event)
