"""Combat numbers: hit chance, damage, criticals and the counterattack.

``forecast`` returns exactly the numbers ``rules.apply`` resolves with: the resolution calls it and then
only rolls dice. Hit and critical chances are whole percents and damage whole HP; the kill chance (a
product of two percents) is kept exact as a float percent, and ``format_chance`` shows any chance
without rounding a possible outcome away (never 0 % for a chance that is not nil).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .board import Board
from .catalog import Pilot, UnitType, Weapon, WeaponKind
from .ids import UnitId, WeaponId
from .units import Unit

BASE_HIT = 70
MIN_HIT, MAX_HIT = 5, 95
MAX_CRIT = 50
CRIT_PCT = 150
RANGE_PENALTY = {
    WeaponKind.BEAM: 2,
    WeaponKind.SOLID: 4,
    WeaponKind.MISSILE: 0,
    WeaponKind.MELEE: 0,
}
"""Hit chance lost per tile of distance beyond the first."""
_MELEE = WeaponKind.MELEE
"""Read once: an enum member looked up on its class costs a metaclass call, and combat numbers are
worked out thousands of times per game (the AI's forecasts)."""


@dataclass(frozen=True, slots=True)
class Strike:
    """One shot's numbers: percentages and HP."""

    attacker: UnitId
    weapon: WeaponId
    target: UnitId
    distance: int
    hit_chance: int
    damage: int
    crit_chance: int
    crit_damage: int
    expected_damage: float = field(init=False, repr=False, compare=False)
    """The mean damage, worked out once (the AI weighs every forecast by it, many times over)."""

    def __post_init__(self) -> None:
        mean = _expected_damage(self.hit_chance, self.damage, self.crit_chance, self.crit_damage)
        object.__setattr__(self, "expected_damage", mean)


def _expected_damage(hit_chance: int, damage: int, crit_chance: int, crit_damage: int) -> float:
    """A strike's mean damage (``Strike.expected_damage``; the counter weighs weapons by it before it
    makes a record)."""
    h = hit_chance / 100
    c = crit_chance / 100
    return h * ((1 - c) * damage + c * crit_damage)


@dataclass(frozen=True, slots=True)
class Forecast:
    strike: Strike
    counter: Strike | None
    """The defender's reply if it survives the strike; None when it cannot reply."""
    kill_chance: float
    """Percent chance the strike destroys the target from its current HP, exact (0.3 means 0.3 %, a
    hit in 30 % of tries that crits in 1 %); show it with ``format_chance``."""
    folon_risk: bool = False
    """The exchange could push a Folon-held machine under its threshold: V-MAX may fire by itself."""


def _in_storm(board: Board, tile: int) -> bool:
    return bool((board.storm_mask >> tile) & 1)


def effective_max_range(board: Board, weapon: Weapon, a_tile: int, t_tile: int) -> int:
    if (
        weapon.kind is not _MELEE
        and board.storm_mask
        and (_in_storm(board, a_tile) or _in_storm(board, t_tile))
    ):
        return min(weapon.max_range, board.weather_rules.weapon_range_in_storm)
    return weapon.max_range


def weapon_ready(utype: UnitType, unit: Unit, index: int) -> bool:
    """Whether the unit could fire weapon ``index`` now (ammo, energy, no V-MAX cool-down)."""
    if unit.cooldown:
        return False
    weapon = utype.weapons[index]
    return unit.ammo[index] != 0 and unit.energy >= weapon.energy_cost


def in_reach(board: Board, weapon: Weapon, attacker: Unit, target: Unit) -> bool:
    """Range (with storm caps) and, for beams and shells, a clear line of fire."""
    grid = board.grid
    d = grid.distance(attacker.tile, target.tile)
    if d < weapon.min_range or d > effective_max_range(board, weapon, attacker.tile, target.tile):
        return False
    if weapon.kind in _LINE_OF_FIRE and d > 1:
        return grid.line_clear(attacker.tile, target.tile)
    return True


def strike_numbers(board: Board, attacker: Unit, weapon: Weapon, target: Unit) -> Strike:
    catalog = board.catalog
    return _strike(
        board,
        attacker,
        catalog.units[attacker.type_id],
        catalog.pilot(attacker.pilot),
        weapon,
        target,
        catalog.units[target.type_id],
        catalog.pilot(target.pilot),
        board.grid.distance(attacker.tile, target.tile),
        _stormy(board, attacker.tile, target.tile),
    )


def _stormy(board: Board, a_tile: int, b_tile: int) -> bool:
    """Whether a storm covers either end of a shot (it caps ranged weapons' reach and aim)."""
    storm = board.storm_mask
    return bool(storm) and bool((storm >> a_tile) & 1 or (storm >> b_tile) & 1)


def _strike(
    board: Board,
    attacker: Unit,
    a_type: UnitType,
    a_pilot: Pilot,
    weapon: Weapon,
    target: Unit,
    t_type: UnitType,
    t_pilot: Pilot,
    d: int,
    stormy: bool,
) -> Strike:
    """``strike_numbers`` with what both ends of a forecast share looked up once by the caller: the
    machines' types and pilots, the distance and whether a storm covers either end."""
    numbers = _numbers(board, attacker, a_type, a_pilot, weapon, target, t_type, t_pilot, d, stormy)
    return Strike(attacker.id, weapon.id, target.id, d, *numbers)


def _numbers(
    board: Board,
    attacker: Unit,
    a_type: UnitType,
    a_pilot: Pilot,
    weapon: Weapon,
    target: Unit,
    t_type: UnitType,
    t_pilot: Pilot,
    d: int,
    stormy: bool,
) -> tuple[int, int, int, int]:
    """A strike's hit chance, damage, crit chance and crit damage (``_strike`` without the record: the
    counter weighs every weapon and keeps one)."""
    skill = a_pilot.melee if weapon.kind is _MELEE else a_pilot.shooting
    evasion = t_type.evasion + t_pilot.dodge
    if t_type.vmax is not None:
        if target.vmax:
            evasion += t_type.vmax.evasion_bonus
        elif target.cooldown:
            evasion -= t_type.vmax.cooldown_evasion_penalty
    hit = BASE_HIT + weapon.accuracy + skill - evasion - board.grid.cover[target.tile]
    hit -= RANGE_PENALTY[weapon.kind] * max(0, d - 1)
    if weapon.kind is not _MELEE and stormy:
        hit -= board.weather_rules.accuracy_penalty
    hit = min(MAX_HIT, max(MIN_HIT, hit))

    power = weapon.power
    if attacker.vmax and a_type.vmax is not None:
        power = power * a_type.vmax.power_pct // 100
    armor = t_type.armor - (t_type.severed_armor_penalty if target.severed else 0)
    damage = max(power // 10, power - armor, 1)
    crit = min(MAX_CRIT, max(0, weapon.crit + a_pilot.technique))
    return hit, damage, crit, damage * CRIT_PCT // 100


def best_counter(board: Board, defender: Unit, attacker: Unit) -> Strike | None:
    """The defender's reply: its ready weapon in reach with the highest expected damage."""
    catalog = board.catalog
    return _best_counter(
        board,
        defender,
        catalog.units[defender.type_id],
        catalog.pilot(defender.pilot),
        attacker,
        catalog.units[attacker.type_id],
        catalog.pilot(attacker.pilot),
        board.grid.distance(defender.tile, attacker.tile),
        _stormy(board, defender.tile, attacker.tile),
    )


def _best_counter(
    board: Board,
    defender: Unit,
    d_type: UnitType,
    d_pilot: Pilot,
    attacker: Unit,
    a_type: UnitType,
    a_pilot: Pilot,
    d: int,
    stormy: bool,
) -> Strike | None:
    """``best_counter`` with the shared look-ups done by the caller; the reach test is ``in_reach``'s
    (the same range, storm cap and line of fire, which is the same both ways)."""
    best: tuple[Weapon, tuple[int, int, int, int]] | None = None
    best_expected = 0.0
    for i, weapon in enumerate(d_type.weapons):
        if not weapon_ready(d_type, defender, i) or d < weapon.min_range:
            continue
        reach = weapon.max_range
        if weapon.kind is not _MELEE and stormy:
            reach = min(reach, board.weather_rules.weapon_range_in_storm)
        if d > reach:
            continue
        if weapon.kind in _LINE_OF_FIRE and d > 1 and not board.grid.line_clear(defender.tile, attacker.tile):
            continue
        numbers = _numbers(board, defender, d_type, d_pilot, weapon, attacker, a_type, a_pilot, d, stormy)
        expected = _expected_damage(*numbers)
        if best is None or expected > best_expected:
            best = (weapon, numbers)
            best_expected = expected
    if best is None:
        return None
    weapon, numbers = best
    return Strike(defender.id, weapon.id, attacker.id, d, *numbers)


_LINE_OF_FIRE = (WeaponKind.BEAM, WeaponKind.SOLID)
"""Weapons that need a clear line to the target (beyond the next tile)."""


def forecast_strike(board: Board, attacker: Unit, weapon: Weapon, target: Unit) -> Forecast:
    catalog = board.catalog
    a_type = catalog.units[attacker.type_id]
    t_type = catalog.units[target.type_id]
    a_pilot = catalog.pilot(attacker.pilot)
    t_pilot = catalog.pilot(target.pilot)
    d = board.grid.distance(attacker.tile, target.tile)
    stormy = _stormy(board, attacker.tile, target.tile)
    strike = _strike(board, attacker, a_type, a_pilot, weapon, target, t_type, t_pilot, d, stormy)
    counter = _best_counter(board, target, t_type, t_pilot, attacker, a_type, a_pilot, d, stormy)
    return forecast_of(board, attacker, target, strike, counter)


def forecast_of(
    board: Board, attacker: Unit, target: Unit, strike: Strike, counter: Strike | None
) -> Forecast:
    """The forecast of ``strike`` and its ``counter`` between the two machines as they are now: what the
    units' HP decide (the kill chance, Folon's risk) on numbers that do not read HP (the AI keeps those
    while a target takes hits)."""
    kill: float
    if strike.damage >= target.hp:
        kill = strike.hit_chance
    elif strike.crit_damage >= target.hp:
        kill = strike.hit_chance * strike.crit_chance / 100
    else:
        kill = 0.0
    return Forecast(
        strike,
        counter,
        kill,
        _folon_risk(board, target, strike) or (counter is not None and _folon_risk(board, attacker, counter)),
    )


def format_chance(percent: float) -> str:
    """A percent chance for display, never rounded to a different outcome.

    Whole percents show as they are ("40%"); other chances to one decimal below 10 % and to the nearest
    whole percent above, but never as 0 % when the chance is not nil ("<0.1%" at the least) nor as 100 %
    when it falls short of certain (">99.9%" at the most).
    """
    if percent == int(percent):
        return f"{int(percent)}%"
    if percent < 0.1:
        return "<0.1%"
    if percent > 99.9:
        return ">99.9%"
    if percent < 10 or percent > 99:
        return f"{percent:.1f}%"
    return f"{round(percent)}%"


TALK_RANGE = 6
"""Tiles over which an open channel reaches a visible enemy pilot."""


def talk_chance(board: Board, speaker: Unit, target: Unit) -> int:
    """Percent chance ``speaker``'s pilot talks ``target``'s pilot out of the fight (0: impossible).

    Persuasion plus the target pilot's readiness to waver, plus a quarter of the damage it has taken;
    never above 90. Unmanned machines and pilots who never waver cannot be talked down.
    """
    catalog = board.catalog
    t_type = catalog.units[target.type_id]
    persuasion = catalog.pilot(speaker.pilot).persuasion
    waver = catalog.pilot(target.pilot).waver
    if t_type.unmanned or not persuasion or not waver:
        return 0
    if board.grid.distance(speaker.tile, target.tile) > TALK_RANGE:
        return 0
    hurt = (t_type.hp - target.hp) * 100 // t_type.hp
    return min(90, persuasion + waver + hurt // 4)


def folon_armed(board: Board, unit: Unit) -> bool:
    """Whether Folon holds V-MAX ready to fire by itself for this unit."""
    vmax = board.catalog.units[unit.type_id].vmax
    return (
        vmax is not None
        and unit.folon
        and not unit.vmax
        and not unit.cooldown
        and unit.energy >= vmax.energy_cost
    )


def _folon_risk(board: Board, unit: Unit, strike: Strike) -> bool:
    if not folon_armed(board, unit):
        return False
    utype = board.catalog.units[unit.type_id]
    assert utype.vmax is not None
    threshold = utype.vmax.folon_threshold_pct * utype.hp
    outcomes = (unit.hp - strike.damage, unit.hp - strike.crit_damage)
    return any(hp > 0 and hp * 100 < threshold for hp in outcomes)
