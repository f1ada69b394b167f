"""``Unit.with_`` (the quick copy the engine and the AI make all the time) is ``dataclasses.replace``."""

import dataclasses

import pytest

from layzner_tactics.engine import UnitId
from layzner_tactics.engine.units import Unit


def _unit() -> Unit:
    return Unit(UnitId("b1"), "braver", "grados", "gale", 17, 30, 40, (3, -1), cooldown=1, severed=True)


@pytest.mark.parametrize("name", [f.name for f in dataclasses.fields(Unit)])
def test_with_changes_one_field_as_replace_does(name):
    unit = _unit()
    value = {"ammo": (0, 0), "pilot": None}.get(name, getattr(unit, name))
    if value == getattr(unit, name):
        value = not value if isinstance(value, bool) else value + 1 if isinstance(value, int) else value + "x"
    changed = unit.with_(**{name: value})
    assert changed == dataclasses.replace(unit, **{name: value}) and getattr(changed, name) == value
    assert changed != unit and unit == _unit()  # the original is left as it was
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(changed, name, getattr(unit, name))  # the copy is as frozen as any unit


def test_with_several_changes_and_none_at_all():
    unit = _unit()
    assert unit.with_() == unit and unit.with_() is not unit
    assert unit.with_(tile=3, moved=True, acted=True) == dataclasses.replace(
        unit, tile=3, moved=True, acted=True
    )
    assert hash(unit.with_(hp=1)) == hash(dataclasses.replace(unit, hp=1))


def test_with_refuses_a_field_a_unit_does_not_have():
    with pytest.raises(TypeError, match="armour"):
        _unit().with_(armour=3)
