"""Every reference inside a ``GameSetup`` checked in one place: what ``new_game`` needs to play to the end.

A setup names units, sides, zones, objectives, pilots, unit types and terrain by id in many places
(objectives, trigger conditions and effects, reinforcements, postures, oxygen). ``setup_problems`` checks
each one against what the setup declares, duplicates included, and returns every problem with a key path
in the setup's own terms (``objectives[2].units[1]``, ``triggers[0].do[1].objective``). ``new_game``
refuses a setup with problems; the scenario loader runs the same check on every variant of a mission and
maps the paths back to the file's keys, so what ``validate`` accepts is what the game can play.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import assert_never

from .errors import Problem
from .schema import suggest
from .setup import (
    ChangeTerrain,
    Condition,
    Devastate,
    Effect,
    GameSetup,
    Objective,
    ObjectiveKind,
    OnDestroyed,
    OnEnterZone,
    OnHpBelow,
    OnPhase,
    OnTurn,
    RaiseAlarm,
    Reinforce,
    Say,
    SetFlag,
    SetObjective,
    SetPosture,
    SetVmaxControl,
    SetWeather,
    UnitPlacement,
)


def setup_problems(setup: GameSetup) -> list[Problem]:
    """Every dangling or duplicated reference in ``setup`` (empty when the game can be played)."""
    return _Check(setup).run()


class _Check:
    def __init__(self, setup: GameSetup) -> None:
        self.setup = setup
        self.problems: list[Problem] = []
        self.sides = [s.id for s in setup.sides]
        self.zones = list(setup.zones)
        self.units = [p.id for p in setup.units] + [
            p.id
            for t in setup.triggers
            for e in t.effects
            if isinstance(e, Reinforce)
            for p in e.units
            if p.id
        ]
        # objectives a trigger adds count as known to every other effect
        self.objectives = [o.id for o in setup.objectives] + [
            e.objective.id
            for t in setup.triggers
            for e in t.effects
            if isinstance(e, SetObjective) and e.objective is not None
        ]

    def add(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def run(self) -> list[Problem]:
        s = self.setup
        if not s.sides:
            self.add("sides", "no sides")
        self.unique(self.sides, "sides", "side")
        if s.max_turns < 1:
            self.add("max_turns", f"must be at least 1, got {s.max_turns}")
        for i, side in enumerate(s.sides):
            if side.territory is not None:
                self.zone(side.territory, f"sides[{i}].territory")
        for name, mask in s.zones.items():
            if mask < 0 or mask >> s.grid.size:
                self.add(f"zones.{name}", "tiles outside the map")
        for i, p in enumerate(s.units):
            self.placement(p, f"units[{i}]", start=True)
        self.unique([p.id for p in s.units], "units", "unit", ".id")
        for i, obj in enumerate(s.objectives):
            self.objective(obj, f"objectives[{i}]")
        self.unique([o.id for o in s.objectives], "objectives", "objective", ".id")
        for i, trig in enumerate(s.triggers):
            self.condition(trig.when, f"triggers[{i}].when")
            for j, effect in enumerate(trig.effects):
                self.effect(effect, f"triggers[{i}].do[{j}]")
        self.unique([t.id for t in s.triggers], "triggers", "trigger", ".id")
        if s.on_turn_limit is not None:
            self.side(s.on_turn_limit, "on_turn_limit")
        for side_id in s.postures:
            self.side(side_id, f"postures.{side_id}")
        for side_id in s.oxygen:
            self.side(side_id, f"oxygen.{side_id}")
        if s.oxygen_caches < 0 or s.oxygen_caches >> s.grid.size:
            self.add("oxygen.caches", "tiles outside the map")
        return self.problems

    # one kind of reference each -------------------------------------------------------------------

    def known(self, value: str, choices: Sequence[str], where: str, what: str) -> None:
        if value not in choices:
            self.add(where, f"unknown {what} {value!r}" + suggest(str(value), choices))

    def side(self, value: str, where: str) -> None:
        self.known(value, self.sides, where, "side")

    def zone(self, value: str, where: str) -> None:
        self.known(value, self.zones, where, "zone")

    def unit(self, value: str, where: str) -> None:
        self.known(value, self.units, where, "unit id")

    def unit_list(self, values: Iterable[str], where: str) -> None:
        values = list(values)
        for j, uid in enumerate(values):
            self.unit(uid, f"{where}[{j}]")
        self.unique(values, where, "unit", "", "listed twice")

    def unique(self, values: Sequence[str], where: str, what: str, suffix: str = "", verb: str = "") -> None:
        first: dict[str, int] = {}
        for k, value in enumerate(values):
            if value in first:
                said = verb or f"duplicate {what} id"
                self.add(f"{where}[{k}]{suffix}", f"{said}: {value!r} (first at {where}[{first[value]}])")
            else:
                first[value] = k

    def placement(self, p: UnitPlacement, where: str, start: bool) -> None:
        s = self.setup
        utype = s.catalog.units.get(p.type_id)
        if utype is None:
            self.add(
                f"{where}.type", f"unknown unit type {p.type_id!r}" + suggest(p.type_id, s.catalog.units)
            )
        self.side(p.side, f"{where}.side")
        if p.pilot is not None and p.pilot not in s.catalog.pilots:
            self.add(f"{where}.pilot", f"unknown pilot {p.pilot!r}" + suggest(p.pilot, s.catalog.pilots))
        if not 0 <= p.tile < s.grid.size:
            self.add(f"{where}.at", f"tile {p.tile} is off the map")
        elif start and utype is not None and not s.grid.passable(p.tile, utype.move_class):
            self.add(f"{where}.at", f"{utype.name} cannot stand on {s.grid.terrain[p.tile].name}")
        if not 1 <= p.hp_pct <= 100:
            self.add(f"{where}.hp_pct", f"must be between 1 and 100, got {p.hp_pct}")

    def objective(self, obj: Objective, where: str) -> None:
        self.side(obj.side, f"{where}.side")
        self.unit_list(obj.units, f"{where}.units")
        for j, side in enumerate(obj.sides):
            self.side(side, f"{where}.sides[{j}]")
        if obj.zone is not None:
            self.zone(obj.zone, f"{where}.zone")
        unit_kinds = (ObjectiveKind.ESCORT, ObjectiveKind.REACH, ObjectiveKind.PROTECT)
        if obj.kind in (ObjectiveKind.ESCORT, ObjectiveKind.REACH) and obj.zone is None:
            self.add(where, f"a {obj.kind.value} objective needs a zone")
        if obj.kind in unit_kinds and not obj.units:
            self.add(where, f"a {obj.kind.value} objective needs units")
        if obj.kind is ObjectiveKind.DESTROY and not obj.units and not obj.sides:
            self.add(where, "a destroy objective needs units or sides")
        if obj.count < 0 or (obj.units and obj.count > len(obj.units)):
            self.add(f"{where}.count", f"asks for {obj.count} of {len(obj.units)} units")
        if obj.kind is ObjectiveKind.SURVIVE and obj.turns < 1:
            self.add(where, "a survive objective needs turns >= 1")

    def condition(self, cond: Condition, where: str) -> None:
        match cond:
            case OnTurn(_, side):
                if side is not None:
                    self.side(side, f"{where}.side")
            case OnPhase(side, _):
                self.side(side, f"{where}.phase")
            case OnEnterZone(zone, units, side):
                self.zone(zone, f"{where}.enter")
                self.unit_list(units, f"{where}.units")
                if side is not None:
                    self.side(side, f"{where}.side")
            case OnDestroyed(unit):
                self.unit(unit, f"{where}.destroyed")
            case OnHpBelow(unit, pct):
                self.unit(unit, f"{where}.hp_below.unit")
                if not 1 <= pct <= 100:
                    self.add(f"{where}.hp_below.pct", f"must be between 1 and 100, got {pct}")

    def effect(self, effect: Effect, where: str) -> None:
        catalog = self.setup.catalog
        match effect:
            case Reinforce(placements):
                for k, p in enumerate(placements):
                    self.placement(p, f"{where}.reinforce[{k}]", start=False)
            case SetObjective(objective_id, _, objective):
                if objective is not None:
                    self.objective(objective, f"{where}.objective")
                else:
                    self.known(objective_id, self.objectives, f"{where}.objective.id", "objective")
            case SetPosture(side, _):
                self.side(side, f"{where}.posture.side")
            case SetVmaxControl(unit, _):
                self.unit(unit, f"{where}.vmax_control.unit")
            case RaiseAlarm(side):
                self.side(side, f"{where}.alarm")
            case ChangeTerrain(zone, terrain):
                self.zone(zone, f"{where}.terrain.zone")
                if terrain not in catalog.terrain:
                    self.add(f"{where}.terrain.terrain", f"unknown terrain {terrain!r}")
            case Devastate(zone):
                self.zone(zone, f"{where}.devastate")
            case SetWeather() | Say() | SetFlag():
                pass
            case _:
                assert_never(effect)
