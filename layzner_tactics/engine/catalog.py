"""Terrain types, weapons, unit types and pilots: the game's stats as validated, immutable data.

The numbers live in TOML files shipped with the package (``layzner_tactics/data/catalog``); this module
turns their plain-dict content into typed values, reporting every problem with its key path.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from types import MappingProxyType
from typing import Any

from .errors import DataError, Problem
from .ids import PilotId, TerrainId, UnitTypeId, WeaponId
from .schema import Checker, suggest


class MoveClass(IntEnum):
    """How a unit moves; the value indexes terrain move-cost tables."""

    SPT = 0
    AIR = 1
    VEHICLE = 2
    FOOT = 3

    @property
    def key(self) -> str:
        return self.name.lower()


MOVE_CLASS_KEYS = {c.key: c for c in MoveClass}
IMPASSABLE = 0
"""A move cost of 0 in a terrain's table means the class cannot enter the tile."""


class WeaponKind(StrEnum):
    BEAM = "beam"
    SOLID = "solid"
    MISSILE = "missile"
    MELEE = "melee"


@dataclass(frozen=True, slots=True)
class TerrainType:
    id: TerrainId
    name: str
    move_cost: tuple[int, ...]
    """Indexed by ``MoveClass``; ``IMPASSABLE`` (0) forbids entry."""
    cover: int
    """Percentage points taken off the hit chance of attacks against a unit standing here."""
    blocks_sight: bool
    description: str = ""
    bog: int = 0
    """Percent chance a vehicle ending its move here bogs down and cannot move next phase."""


@dataclass(frozen=True, slots=True)
class Weapon:
    id: WeaponId
    name: str
    kind: WeaponKind
    min_range: int
    max_range: int
    power: int
    accuracy: int
    crit: int
    ammo: int | None
    """Shots per mission, or None for unlimited."""
    energy_cost: int
    disables: bool = False
    """A disabling weapon (the Knuckle Shot) can leave a machine wrecked but its pilot alive."""


@dataclass(frozen=True, slots=True)
class VMax:
    """The Layzner's emergency system: a burst this phase, then a cool-down of ``cooldown`` phases."""

    energy_cost: int
    move_bonus: int
    evasion_bonus: int
    power_pct: int
    cooldown: int
    cooldown_evasion_penalty: int
    folon_threshold_pct: int = 50
    """Under Folon's control, V-MAX fires by itself when a strike leaves the unit below this % of HP."""


@dataclass(frozen=True, slots=True)
class UnitType:
    id: UnitTypeId
    name: str
    move_class: MoveClass
    move_points: int
    hp: int
    armor: int
    evasion: int
    energy: int
    energy_regen: int
    sensor_range: int
    weapons: tuple[Weapon, ...]
    vmax: VMax | None = None
    infrared: bool = False
    civilian: bool = False
    unmanned: bool = False
    raises_dust: bool = False
    """Can kick up a dust cloud that hides its tile and its neighbours until its side's next phase."""
    breathes: bool = False
    """Draws on its side's shared oxygen supply (people on foot and in buggies)."""
    head: UnitTypeId | None = None
    """Below ``sever_pct`` of HP the head breaks off as a unit of this type (it keeps spotting)."""
    sever_pct: int = 0
    severed_armor_penalty: int = 0
    """Armour lost once the head is gone and the inner sensor is exposed."""
    description: str = ""

    def weapon(self, weapon_id: str) -> Weapon | None:
        for w in self.weapons:
            if w.id == weapon_id:
                return w
        return None

    def weapon_index(self, weapon_id: str) -> int:
        for i, w in enumerate(self.weapons):
            if w.id == weapon_id:
                return i
        return -1


@dataclass(frozen=True, slots=True)
class Pilot:
    id: PilotId
    name: str
    shooting: int
    melee: int
    dodge: int
    technique: int
    description: str = ""
    persuasion: int = 0
    """Added to the chance of talking an enemy pilot out of the fight over an open channel."""
    waver: int = 0
    """How readily this pilot can be talked out of the fight (0: never)."""
    learns: bool = False
    """A rookie who improves with what they do (the campaign turns experience into skill)."""


NO_PILOT = Pilot(PilotId(""), "", 0, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class Catalog:
    """Every terrain type, unit type and pilot of a game: read-only (its tables are mapping proxies, so
    code holding an ``Observation`` cannot change the game's stats through ``obs.catalog``)."""

    terrain: Mapping[TerrainId, TerrainType]
    units: Mapping[UnitTypeId, UnitType]
    pilots: Mapping[PilotId, Pilot]

    def __post_init__(self) -> None:
        for name in ("terrain", "units", "pilots"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))

    def __reduce__(self) -> tuple[type[Catalog], tuple[dict[TerrainId, TerrainType], ...]]:
        # mapping proxies cannot be pickled: rebuild from plain copies (worker processes get catalogs)
        return (Catalog, (dict(self.terrain), dict(self.units), dict(self.pilots)))  # type: ignore[arg-type]

    def pilot(self, pilot_id: str | None) -> Pilot:
        if not pilot_id:
            return NO_PILOT
        return self.pilots.get(PilotId(pilot_id), NO_PILOT)


_TERRAIN_KEYS = ("name", "move", "cover", "blocks_sight", "bog", "description", "invented")
_WEAPON_KEYS = (
    "name",
    "kind",
    "range",
    "power",
    "accuracy",
    "crit",
    "ammo",
    "energy",
    "disables",
    "description",
)
_UNIT_KEYS = (
    "name",
    "move_class",
    "move",
    "hp",
    "armor",
    "evasion",
    "energy",
    "energy_regen",
    "sensor",
    "infrared",
    "civilian",
    "unmanned",
    "raises_dust",
    "breathes",
    "head",
    "sever_pct",
    "severed_armor_penalty",
    "weapons",
    "vmax",
    "description",
    "invented",
    "side",
    "tier",
)
_VMAX_KEYS = (
    "energy",
    "move_bonus",
    "evasion_bonus",
    "power_pct",
    "cooldown",
    "cooldown_evasion_penalty",
    "folon_threshold_pct",
)
_PILOT_KEYS = (
    "name",
    "shooting",
    "melee",
    "dodge",
    "technique",
    "persuasion",
    "waver",
    "learns",
    "description",
    "invented",
    "side",
)


def catalog_from_data(raw: Mapping[str, Any], source: str = "catalog") -> Catalog:
    """Build a ``Catalog`` from ``{"terrain": ..., "units": ..., "pilots": ...}`` plain data.

    Raises ``DataError`` listing every problem (unknown keys with suggestions, bad types, bad ranges).
    """
    check = Checker()
    check.keys(raw, "", ("terrain", "units", "pilots"))
    terrain = {
        TerrainId(tid): _terrain(check, tid, body)
        for tid, body in check.table(raw.get("terrain", {}), "terrain").items()
    }
    units = {
        UnitTypeId(uid): _unit(check, uid, body)
        for uid, body in check.table(raw.get("units", {}), "units").items()
    }
    pilots = {
        PilotId(pid): _pilot(check, pid, body)
        for pid, body in check.table(raw.get("pilots", {}), "pilots").items()
    }
    if not terrain:
        check.add("terrain", "no terrain types defined")
    if not units:
        check.add("units", "no unit types defined")
    for uid, utype in units.items():
        if utype.head is not None and utype.head not in units:
            check.add(f"units.{uid}.head", f"no unit type {utype.head!r}")
    if check.problems:
        raise DataError(check.problems, source)
    return Catalog(terrain=terrain, units=units, pilots=pilots)


def _terrain(check: Checker, tid: str, body: object) -> TerrainType:
    where = f"terrain.{tid}"
    t = check.table(body, where)
    check.keys(t, where, _TERRAIN_KEYS)
    costs = [IMPASSABLE] * len(MoveClass)
    move = check.table(t.get("move", {}), f"{where}.move")
    check.keys(move, f"{where}.move", MOVE_CLASS_KEYS)
    for key, cls in MOVE_CLASS_KEYS.items():
        value = move.get(key, "impassable")
        if value == "impassable":
            costs[cls] = IMPASSABLE
        elif isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 20:
            costs[cls] = value
        else:
            check.add(f"{where}.move.{key}", f"expected 1..20 or 'impassable', got {value!r}")
    return TerrainType(
        id=TerrainId(tid),
        name=check.text(t, "name", where, tid),
        move_cost=tuple(costs),
        cover=check.integer(t, "cover", where, 0, 0, 80),
        blocks_sight=check.boolean(t, "blocks_sight", where, False),
        description=check.text(t, "description", where, ""),
        bog=check.integer(t, "bog", where, 0, 0, 100),
    )


def _weapon(check: Checker, wid: str, body: object, where: str) -> Weapon:
    w = check.table(body, where)
    check.keys(w, where, _WEAPON_KEYS)
    kind_text = check.choice(w, "kind", where, [k.value for k in WeaponKind], "beam")
    rng = w.get("range", [1, 1])
    if (
        isinstance(rng, list)
        and len(rng) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in rng)
        and 1 <= rng[0] <= rng[1] <= 30
    ):
        low, high = rng
    else:
        check.add(f"{where}.range", f"expected [min, max] with 1 <= min <= max <= 30, got {rng!r}")
        low, high = 1, 1
    ammo_value = w.get("ammo", "unlimited")
    ammo: int | None
    if ammo_value == "unlimited":
        ammo = None
    elif isinstance(ammo_value, int) and not isinstance(ammo_value, bool) and 1 <= ammo_value <= 99:
        ammo = ammo_value
    else:
        check.add(f"{where}.ammo", f"expected 1..99 or 'unlimited', got {ammo_value!r}")
        ammo = None
    return Weapon(
        id=WeaponId(wid),
        name=check.text(w, "name", where, wid),
        kind=WeaponKind(kind_text),
        min_range=low,
        max_range=high,
        power=check.integer(w, "power", where, None, 0, 20_000),
        accuracy=check.integer(w, "accuracy", where, 0, -100, 100),
        crit=check.integer(w, "crit", where, 0, 0, 100),
        ammo=ammo,
        energy_cost=check.integer(w, "energy", where, 0, 0, 1000),
        disables=check.boolean(w, "disables", where, False),
    )


def _unit(check: Checker, uid: str, body: object) -> UnitType:
    where = f"units.{uid}"
    u = check.table(body, where)
    check.keys(u, where, _UNIT_KEYS)
    cls_key = check.choice(u, "move_class", where, list(MOVE_CLASS_KEYS), "spt")
    weapons_raw = check.table(u.get("weapons", {}), f"{where}.weapons")
    weapons = tuple(
        _weapon(check, wid, wbody, f"{where}.weapons.{wid}") for wid, wbody in weapons_raw.items()
    )
    vmax = None
    if "vmax" in u:
        vw = f"{where}.vmax"
        v = check.table(u["vmax"], vw)
        check.keys(v, vw, _VMAX_KEYS)
        vmax = VMax(
            energy_cost=check.integer(v, "energy", vw, 0, 0, 1000),
            move_bonus=check.integer(v, "move_bonus", vw, 0, 0, 20),
            evasion_bonus=check.integer(v, "evasion_bonus", vw, 0, 0, 100),
            power_pct=check.integer(v, "power_pct", vw, 100, 100, 500),
            cooldown=check.integer(v, "cooldown", vw, 1, 1, 10),
            cooldown_evasion_penalty=check.integer(v, "cooldown_evasion_penalty", vw, 0, 0, 100),
            folon_threshold_pct=check.integer(v, "folon_threshold_pct", vw, 50, 1, 99),
        )
    return UnitType(
        id=UnitTypeId(uid),
        name=check.text(u, "name", where, uid),
        move_class=MOVE_CLASS_KEYS[cls_key],
        move_points=check.integer(u, "move", where, None, 0, 20),
        hp=check.integer(u, "hp", where, None, 1, 100_000),
        armor=check.integer(u, "armor", where, 0, 0, 20_000),
        evasion=check.integer(u, "evasion", where, 0, -50, 100),
        energy=check.integer(u, "energy", where, 0, 0, 1000),
        energy_regen=check.integer(u, "energy_regen", where, 0, 0, 1000),
        sensor_range=check.integer(u, "sensor", where, None, 1, 20),
        weapons=weapons,
        vmax=vmax,
        infrared=check.boolean(u, "infrared", where, False),
        civilian=check.boolean(u, "civilian", where, False),
        unmanned=check.boolean(u, "unmanned", where, False),
        raises_dust=check.boolean(u, "raises_dust", where, cls_key == "spt"),
        breathes=check.boolean(u, "breathes", where, False),
        head=UnitTypeId(check.text(u, "head", where, "")) or None,
        sever_pct=check.integer(u, "sever_pct", where, 0, 0, 99),
        severed_armor_penalty=check.integer(u, "severed_armor_penalty", where, 0, 0, 20_000),
        description=check.text(u, "description", where, ""),
    )


def _pilot(check: Checker, pid: str, body: object) -> Pilot:
    where = f"pilots.{pid}"
    p = check.table(body, where)
    check.keys(p, where, _PILOT_KEYS)
    return Pilot(
        id=PilotId(pid),
        name=check.text(p, "name", where, pid),
        shooting=check.integer(p, "shooting", where, 0, -50, 60),
        melee=check.integer(p, "melee", where, 0, -50, 60),
        dodge=check.integer(p, "dodge", where, 0, -50, 60),
        technique=check.integer(p, "technique", where, 0, 0, 60),
        description=check.text(p, "description", where, ""),
        persuasion=check.integer(p, "persuasion", where, 0, 0, 100),
        waver=check.integer(p, "waver", where, 0, 0, 100),
        learns=check.boolean(p, "learns", where, False),
    )


def override_data(raw: Mapping[str, Any], key: str, value: Any) -> dict[str, Any]:
    """Return a deep copy of catalog data with one dotted ``key`` set to ``value``.

    ``braver.armor`` and ``layzner.weapons.lasered_rifle.power`` name unit stats;
    ``terrain.ridge.cover`` and ``pilots.eiji.dodge`` name the other tables. Raises ``DataError``
    when the path names nothing that exists (new keys cannot be invented this way).
    """
    parts = key.split(".")
    if parts[0] not in ("terrain", "units", "pilots"):
        parts = ["units", *parts]
    data = copy_data(raw)
    node: Any = data
    for depth, part in enumerate(parts[:-1]):
        if not isinstance(node, dict) or part not in node:
            options = node.keys() if isinstance(node, dict) else []
            where = ".".join(parts[: depth + 1])
            raise DataError([_missing(where, part, options)], "override")
        node = node[part]
    last = parts[-1]
    known = _known_keys(parts)
    if not isinstance(node, dict) or (last not in node and last not in known):
        options = sorted(set(node) | set(known)) if isinstance(node, dict) else []
        raise DataError([_missing(key, last, options)], "override")
    node[last] = value
    return data


def _known_keys(parts: list[str]) -> tuple[str, ...]:
    """Stats a path may set even where the data file leaves them at their default."""
    match parts:
        case ["terrain", _, _]:
            return _TERRAIN_KEYS
        case ["pilots", _, _]:
            return _PILOT_KEYS
        case ["units", _, "weapons", _, _]:
            return _WEAPON_KEYS
        case ["units", _, "vmax", _]:
            return _VMAX_KEYS
        case ["units", _, _]:
            return _UNIT_KEYS
    return ()


def _missing(where: str, part: str, options: Iterable[object]) -> Problem:
    names = [str(o) for o in options]
    return Problem(where, f"no such stat {part!r}" + suggest(part, names))


def copy_data(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: copy_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [copy_data(v) for v in value]
    return value
