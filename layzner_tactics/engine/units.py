"""A unit on the board: an immutable record, replaced (never mutated) when anything about it changes."""

from __future__ import annotations

from dataclasses import dataclass, fields

from .ids import PilotId, SideId, Tile, UnitId, UnitTypeId

NO_TILE = Tile(-1)


@dataclass(frozen=True, slots=True)
class Unit:
    id: UnitId
    type_id: UnitTypeId
    side: SideId
    pilot: PilotId | None
    tile: Tile
    hp: int
    energy: int
    ammo: tuple[int, ...]
    """Shots left per weapon in catalog order; -1 for unlimited."""
    moved: bool = False
    acted: bool = False
    origin: Tile = NO_TILE
    """Where the unit stood before this phase's move, while the move can still be undone."""
    vmax: bool = False
    """V-MAX active: from activation to the start of the unit's side's next phase."""
    cooldown: int = 0
    """Own phases of V-MAX cool-down left (0 = none)."""
    folon: bool = False
    """V-MAX belongs to Folon, the hidden system, not to the pilot: it fires by itself in danger."""
    bogged: bool = False
    """Stuck in soft sand: cannot move in its side's next phase."""
    severed: bool = False
    """Its head has broken off (Skull Gunners): the inner sensor is exposed."""

    def with_(self, **changes: object) -> Unit:
        """A copy with ``changes``; several times faster than ``dataclasses.replace`` in the AI's loops
        (the copy's slots are written directly, field by field, as ``__init__`` would leave them)."""
        if not changes.keys() <= _FIELD_SET:
            raise TypeError(f"Unit has no field(s) {sorted(changes.keys() - _FIELD_SET)}")
        new = _new(Unit)
        get = changes.get
        _put_id(new, get("id", self.id))
        _put_type_id(new, get("type_id", self.type_id))
        _put_side(new, get("side", self.side))
        _put_pilot(new, get("pilot", self.pilot))
        _put_tile(new, get("tile", self.tile))
        _put_hp(new, get("hp", self.hp))
        _put_energy(new, get("energy", self.energy))
        _put_ammo(new, get("ammo", self.ammo))
        _put_moved(new, get("moved", self.moved))
        _put_acted(new, get("acted", self.acted))
        _put_origin(new, get("origin", self.origin))
        _put_vmax(new, get("vmax", self.vmax))
        _put_cooldown(new, get("cooldown", self.cooldown))
        _put_folon(new, get("folon", self.folon))
        _put_bogged(new, get("bogged", self.bogged))
        _put_severed(new, get("severed", self.severed))
        return new

    @property
    def done(self) -> bool:
        return self.acted

    def key(self) -> tuple[object, ...]:
        """Everything about the unit as a tuple of primitives, for hashing and saving."""
        return (
            self.id,
            self.type_id,
            self.side,
            self.pilot or "",
            self.tile,
            self.hp,
            self.energy,
            self.ammo,
            self.moved,
            self.acted,
            self.origin,
            self.vmax,
            self.cooldown,
            self.folon,
            self.bogged,
            self.severed,
        )


_FIELDS = tuple(f.name for f in fields(Unit))
_FIELD_SET = frozenset(_FIELDS)
_new = object.__new__
_WRITTEN = (
    *("id", "type_id", "side", "pilot", "tile", "hp", "energy", "ammo", "moved", "acted", "origin"),
    *("vmax", "cooldown", "folon", "bogged", "severed"),
)
if _FIELDS != _WRITTEN:
    raise AssertionError("Unit's fields changed: write them into Unit.with_ and the setters below")
# each field's slot written as it is (a frozen dataclass's own __setattr__ refuses, by design)
(
    _put_id,
    _put_type_id,
    _put_side,
    _put_pilot,
    _put_tile,
    _put_hp,
    _put_energy,
    _put_ammo,
    _put_moved,
    _put_acted,
    _put_origin,
    _put_vmax,
    _put_cooldown,
    _put_folon,
    _put_bogged,
    _put_severed,
) = (Unit.__dict__[name].__set__ for name in _FIELDS)
