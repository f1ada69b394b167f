"""Events: what happened, in order, with what the UI needs to animate it and the log to explain it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import assert_never

from ..i18n import N_, T_, Field, Join, Text
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
    """In English: what replays, reports and the state's hash keep."""
    said: Text = field(default=Text(""), compare=False)
    """The same reason as a ``Text`` for the player's language (empty for an outcome read from a file)."""

    @staticmethod
    def of(winner: SideId | None, termination: Termination, reason: Text) -> Outcome:
        """An outcome whose reason is a ``Text`` (its English kept in ``reason``)."""
        return Outcome(winner, termination, str(reason), reason)


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
    """Terrain id -> its catalog name in lower case, as a sentence writes it (a msgid: "ruins")."""
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


OXYGEN_REASONS = {"cache": N_("cache"), "breathing": N_("breathing")}
POSTURE_WORDS = {
    "hold": N_("hold"),
    "hunt": N_("hunt"),
    "pursue": N_("pursue"),
    "retreat": N_("retreat"),
    "defend": N_("defend"),
    "escort": N_("escort"),
}
"""Words the engine writes into events that the log translates (any other word shows as written)."""


def _word(word: str, known: Mapping[str, str]) -> Text | str:
    return T_(known[word]) if word in known else word


def describe_event(event: Event, names: EventNames = NO_NAMES) -> str:
    """One line of plain English for the combat log, with ids turned into names by ``names``."""
    return str(event_text(event, names))


def event_text(event: Event, names: EventNames = NO_NAMES) -> Text:
    """The combat log's line for an event as a ``Text`` (English msgid and fields; ``i18n.tr`` gives it
    in the player's language, ``str()`` the English of ``describe_event``)."""
    n = names
    match event:
        case PhaseStarted(turn, side):
            return T_("Turn {turn}: {side} phase", turn=turn, side=n.side(side))
        case PhaseEnded(turn, side):
            return T_("{side} ends its phase", side=n.side(side))
        case UnitMoved(unit, path):
            return T_("{unit} moves {n} tile(s)", unit=n.unit(unit), n=len(path) - 1)
        case Ambushed(unit, by, _):
            return T_("{unit} runs into {by} hidden in the dust!", unit=n.unit(unit), by=n.unit(by))
        case MoveUndone(unit, _):
            return T_("{unit} takes back its move", unit=n.unit(unit))
        case AttackResolved(attacker, weapon, target, chance, hit, crit, damage, hp, counter):
            who = {
                "attacker": n.unit(attacker),
                "target": n.unit(target),
                "weapon": n.weapon(attacker, weapon),
            }
            if not hit:
                if counter:
                    return T_(
                        "{attacker} counters {target} with {weapon} ({chance}%): miss", **who, chance=chance
                    )
                return T_(
                    "{attacker} fires at {target} with {weapon} ({chance}%): miss", **who, chance=chance
                )
            figures = {"chance": chance, "damage": damage, "hp": hp}
            if counter and crit:
                msg = N_(
                    "{attacker} counters {target} with {weapon} ({chance}%): {damage} CRITICAL, {hp} HP left"
                )
            elif counter:
                msg = N_("{attacker} counters {target} with {weapon} ({chance}%): {damage}, {hp} HP left")
            elif crit:
                msg = N_(
                    "{attacker} fires at {target} with {weapon} ({chance}%): {damage} CRITICAL, {hp} HP left"
                )
            else:
                msg = N_("{attacker} fires at {target} with {weapon} ({chance}%): {damage}, {hp} HP left")
            return T_(msg, **who, **figures)
        case UnitDestroyed(unit, by, _):
            if by:
                return T_("{unit} is destroyed by {by}", unit=n.unit(unit), by=n.unit(by))
            return T_("{unit} is destroyed", unit=n.unit(unit))
        case UnitDisabled(unit, by, _):
            return T_(
                "{unit} is disabled by {by}: the machine is down, the pilot alive",
                unit=n.unit(unit),
                by=n.unit(by),
            )
        case PilotFate(unit, by, fate):
            if fate is Fate.WITHDREW:
                return T_("{unit}'s pilot lays down arms and withdraws", unit=n.unit(unit))
            if fate is Fate.CAPTURED:
                return T_("{by} captures {unit}'s pilot", by=n.unit(by), unit=n.unit(unit))
            return T_("{by} spares {unit}'s pilot", by=n.unit(by), unit=n.unit(unit))
        case TalkAttempted(unit, target, chance, success):
            pair: dict[str, Field] = {"unit": n.unit(unit), "target": n.unit(target), "chance": chance}
            if success:
                return T_("{unit} calls {target} over an open channel ({chance}%): listens", **pair)
            return T_("{unit} calls {target} over an open channel ({chance}%): refuses", **pair)
        case OxygenChanged(side, value, delta, reason):
            return T_(
                "{side} oxygen {delta} ({reason}): {value} left",
                side=n.side(side),
                delta=f"{'+' if delta > 0 else ''}{delta}",
                reason=_word(reason, OXYGEN_REASONS),
                value=value,
            )
        case UnitSuffocated(unit, damage, hp):
            return T_(
                "{unit} is running out of air: {damage} damage, {hp} HP left",
                unit=n.unit(unit),
                damage=damage,
                hp=hp,
            )
        case BoggedDown(unit, _):
            return T_("{unit} bogs down in the sand", unit=n.unit(unit))
        case AlarmRaised(side):
            return T_("Alarm! {side} raises its guns: it will fire at anything now", side=n.side(side))
        case TerrainChanged(zone, terrain):
            return T_(
                "The ground at {zone} is now {terrain}",
                zone=n.zone(zone),
                terrain=T_(n.terrain[terrain]) if terrain in n.terrain else terrain,
            )
        case HeadSevered(unit, _, _):
            return T_("{unit}'s head breaks off and keeps watching", unit=n.unit(unit))
        case UnitEvacuated(unit, _, _):
            return T_("{unit} reaches safety", unit=n.unit(unit))
        case UnitWaited(unit):
            return T_("{unit} holds", unit=n.unit(unit))
        case VmaxActivated(unit, by_folon):
            if by_folon:
                return T_("{unit}: V-MAX fires by itself! The pilot did not order it", unit=n.unit(unit))
            return T_("{unit}: V-MAX! The machine glows blue", unit=n.unit(unit))
        case FolonIntervened(unit, target):
            if target is None:
                return T_("{unit}: a hidden system takes over the controls", unit=n.unit(unit))
            return T_(
                "{unit}: a hidden system takes over and strikes {target}",
                unit=n.unit(unit),
                target=n.unit(target),
            )
        case VmaxControlChanged(unit, folon):
            if folon:
                return T_("{unit}: V-MAX is locked out of the pilot's reach", unit=n.unit(unit))
            return T_("{unit}: the pilot takes control of V-MAX", unit=n.unit(unit))
        case DustRaised(unit, _):
            return T_("{unit} kicks up a wall of dust", unit=n.unit(unit))
        case DustSettled(unit):
            return T_("The dust around {unit} settles", unit=n.unit(unit))
        case VmaxEnded(unit, cooldown):
            return T_(
                "{unit}: V-MAX ends; systems cooling for {cooldown} phase(s)",
                unit=n.unit(unit),
                cooldown=cooldown,
            )
        case CooldownEnded(unit):
            return T_("{unit}: systems back to normal", unit=n.unit(unit))
        case Reinforcements(units):
            return T_("Reinforcements: {units}", units=Join(N_(", "), tuple(n.unit(u) for u in units)))
        case WeatherChanged(storms):
            return T_("The dust storm shifts") if storms else T_("The dust settles")
        case Dialogue(speaker, text):
            return T_("{speaker}: {text}", speaker=speaker, text=text)
        case FlagSet(flag):
            return T_("The campaign will remember this ({flag})", flag=flag)
        case ObjectiveCompleted(side, _, text):
            return T_("{side} objective complete: {text}", side=n.side(side), text=text)
        case ObjectiveFailed(side, _, text):
            return T_("{side} objective failed: {text}", side=n.side(side), text=text)
        case ObjectiveAdded(side, _, text):
            return T_("New {side} objective: {text}", side=n.side(side), text=text)
        case PostureChanged(side, posture):
            return T_(
                "{side} changes posture: {posture}", side=n.side(side), posture=_word(posture, POSTURE_WORDS)
            )
        case GameOver(outcome):
            why = outcome.said or outcome.reason
            if outcome.winner:
                return T_("{side} wins: {reason}", side=n.side(outcome.winner), reason=why)
            return T_("Draw: {reason}", reason=why)
        case _:
            assert_never(event)
