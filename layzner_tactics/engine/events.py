"""Events: what happened, in order, with what the UI needs to animate it and the log to explain it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import assert_never

from .ids import ObjectiveId, SideId, TerrainId, Tile, UnitId, WeaponId, ZoneId
from .setup import GameSetup, Reinforce, Storm


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


@dataclass(frozen=True, slots=True)
class EventNames:
    """Display names for the log. An id with no name stands for itself, so the default names nothing."""

    units: Mapping[str, str] = field(default_factory=dict)
    sides: Mapping[str, str] = field(default_factory=dict)
    zones: Mapping[str, str] = field(default_factory=dict)
    terrain: Mapping[str, str] = field(default_factory=dict)
    weapons: Mapping[tuple[str, str], str] = field(default_factory=dict)
    """(unit id, weapon id) -> the weapon's name."""
    columns: int = 0
    """The map's width, to write a tile as (x, y); 0 writes its number."""

    def unit(self, unit_id: str) -> str:
        return self.units.get(unit_id, unit_id)

    def side(self, side_id: str) -> str:
        return self.sides.get(side_id, side_id)

    def zone(self, zone_id: str) -> str:
        return self.zones.get(zone_id, zone_id)

    def weapon(self, unit_id: str, weapon_id: str) -> str:
        return self.weapons.get((unit_id, weapon_id), weapon_id)

    def tile(self, tile: int) -> str:
        return f"({tile % self.columns}, {tile // self.columns})" if self.columns else f"tile {tile}"

    @staticmethod
    def of(setup: GameSetup, unit_names: Mapping[str, str] | None = None) -> EventNames:
        """Names from a game's setup: every unit (reinforcements too) by ``unit_names`` or else its
        type's name, sides by their names, zones in words, terrain and weapons by their catalog names."""
        given = unit_names or {}
        catalog = setup.catalog
        placements = list(setup.units)
        for trigger in setup.triggers:
            for effect in trigger.effects:
                if isinstance(effect, Reinforce):
                    placements.extend(effect.units)
        units: dict[str, str] = {}
        weapons: dict[tuple[str, str], str] = {}
        for p in placements:
            utype = catalog.units[p.type_id]
            units[p.id] = given.get(p.id) or utype.name
            for w in utype.weapons:
                weapons[(p.id, w.id)] = w.name
        return EventNames(
            units=units,
            sides={s.id: s.name for s in setup.sides},
            zones={z: z.replace("-", " ").replace("_", " ") for z in setup.zones},
            terrain={t: tt.name.lower() for t, tt in catalog.terrain.items()},
            weapons=weapons,
            columns=setup.grid.width,
        )


NO_NAMES = EventNames()


def describe_event(event: Event, names: EventNames = NO_NAMES) -> str:
    """One line of plain English for the combat log, with ids turned into names by ``names``."""
    n = names
    match event:
        case PhaseStarted(turn, side):
            return f"Turn {turn}: {n.side(side)} phase"
        case PhaseEnded(turn, side):
            return f"{n.side(side)} ends its phase"
        case UnitMoved(unit, path):
            return f"{n.unit(unit)} moves {len(path) - 1} tile(s)"
        case Ambushed(unit, by, _):
            return f"{n.unit(unit)} runs into {n.unit(by)} hidden in the dust!"
        case MoveUndone(unit, _):
            return f"{n.unit(unit)} takes back its move"
        case AttackResolved(attacker, weapon, target, chance, hit, crit, damage, hp, counter):
            verb = "counters" if counter else "fires at"
            head = f"{n.unit(attacker)} {verb} {n.unit(target)} with {n.weapon(attacker, weapon)} ({chance}%)"
            if not hit:
                return f"{head}: miss"
            extra = " CRITICAL" if crit else ""
            return f"{head}: {damage}{extra}, {hp} HP left"
        case UnitDestroyed(unit, by, _):
            return f"{n.unit(unit)} is destroyed" + (f" by {n.unit(by)}" if by else "")
        case UnitDisabled(unit, by, _):
            return f"{n.unit(unit)} is disabled by {n.unit(by)}: the machine is down, the pilot alive"
        case PilotFate(unit, by, fate):
            if fate is Fate.WITHDREW:
                return f"{n.unit(unit)}'s pilot lays down arms and withdraws"
            verb = "captures" if fate is Fate.CAPTURED else "spares"
            return f"{n.unit(by)} {verb} {n.unit(unit)}'s pilot"
        case TalkAttempted(unit, target, chance, success):
            result = "listens" if success else "refuses"
            return f"{n.unit(unit)} calls {n.unit(target)} over an open channel ({chance}%): {result}"
        case OxygenChanged(side, value, delta, reason):
            return f"{n.side(side)} oxygen {'+' if delta > 0 else ''}{delta} ({reason}): {value} left"
        case UnitSuffocated(unit, damage, hp):
            return f"{n.unit(unit)} is running out of air: {damage} damage, {hp} HP left"
        case BoggedDown(unit, _):
            return f"{n.unit(unit)} bogs down in the sand"
        case AlarmRaised(side):
            return f"Alarm! {n.side(side)} raises its guns: it will fire at anything now"
        case TerrainChanged(zone, terrain):
            return f"The ground at {n.zone(zone)} is now {n.terrain.get(terrain, terrain)}"
        case HeadSevered(unit, head, _):
            return f"{n.unit(unit)}'s head breaks off and keeps watching"
        case UnitEvacuated(unit, _, _):
            return f"{n.unit(unit)} reaches safety"
        case UnitWaited(unit):
            return f"{n.unit(unit)} holds"
        case VmaxActivated(unit, by_folon):
            if by_folon:
                return f"{n.unit(unit)}: V-MAX fires by itself! The pilot did not order it"
            return f"{n.unit(unit)}: V-MAX! The machine glows blue"
        case FolonIntervened(unit, target):
            if target is None:
                return f"{n.unit(unit)}: a hidden system takes over the controls"
            return f"{n.unit(unit)}: a hidden system takes over and strikes {n.unit(target)}"
        case VmaxControlChanged(unit, folon):
            if folon:
                return f"{n.unit(unit)}: V-MAX is locked out of the pilot's reach"
            return f"{n.unit(unit)}: the pilot takes control of V-MAX"
        case DustRaised(unit, _):
            return f"{n.unit(unit)} kicks up a wall of dust"
        case DustSettled(unit):
            return f"The dust around {n.unit(unit)} settles"
        case VmaxEnded(unit, cooldown):
            return f"{n.unit(unit)}: V-MAX ends; systems cooling for {cooldown} phase(s)"
        case CooldownEnded(unit):
            return f"{n.unit(unit)}: systems back to normal"
        case Reinforcements(units):
            return "Reinforcements: " + ", ".join(n.unit(u) for u in units)
        case WeatherChanged(storms):
            return "The dust storm shifts" if storms else "The dust settles"
        case Dialogue(speaker, text):
            return f"{speaker}: {text}"
        case FlagSet(flag):
            return f"The campaign will remember this ({flag})"
        case ObjectiveCompleted(side, _, text):
            return f"{n.side(side)} objective complete: {text}"
        case ObjectiveFailed(side, _, text):
            return f"{n.side(side)} objective failed: {text}"
        case ObjectiveAdded(side, _, text):
            return f"New {n.side(side)} objective: {text}"
        case PostureChanged(side, posture):
            return f"{n.side(side)} changes posture: {posture}"
        case GameOver(outcome):
            who = f"{n.side(outcome.winner)} wins" if outcome.winner else "Draw"
            return f"{who}: {outcome.reason}"
        case _:
            assert_never(event)
