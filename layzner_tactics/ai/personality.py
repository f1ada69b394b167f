"""AI personalities as data (``layzner_tactics/data/ai/personalities.toml``), and who gets which."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..engine import DataError
from ..engine.schema import Checker

SLIDERS = (
    "aggression",
    "self_preservation",
    "herd",
    "bravery",
    "cruelty",
    "duel",
    "mercy",
    "talk",
    "protect",
    "sacrifice",
)


@dataclass(frozen=True, slots=True)
class Personality:
    """0-10 sliders; see the data file for what each one means."""

    name: str
    aggression: int = 5
    self_preservation: int = 5
    herd: int = 5
    bravery: int = 5
    cruelty: int = 0
    duel: int = 0
    mercy: int = 0
    talk: int = 0
    protect: int = 0
    sacrifice: int = 0


@dataclass(frozen=True, slots=True)
class Roster:
    personalities: dict[str, Personality]
    by_pilot: dict[str, str]
    by_type: dict[str, str]
    by_policy: dict[str, str]

    def for_unit(self, pilot: str | None, type_id: str, policy: str) -> Personality:
        name = (
            (self.by_pilot.get(pilot) if pilot else None)
            or self.by_type.get(type_id)
            or self.by_policy.get(policy)
            or "braver_line"
        )
        return self.personalities.get(name, Personality(name))

    def named(self, name: str) -> Personality:
        return self.personalities.get(name, Personality(name))


def roster_from_data(raw: dict[str, Any]) -> Roster:
    """Validate personality data; raises ``DataError`` listing every problem."""
    check = Checker()
    check.keys(raw, "", ("personalities", "assign"))
    people = {}
    for name, body in check.table(raw.get("personalities", {}), "personalities").items():
        where = f"personalities.{name}"
        table = check.table(body, where)
        check.keys(table, where, SLIDERS)
        people[name] = Personality(name, **{s: check.integer(table, s, where, 0, 0, 10) for s in SLIDERS})
    assign = check.table(raw.get("assign", {}), "assign")
    check.keys(assign, "assign", ("pilots", "types", "policies"))
    maps: dict[str, dict[str, str]] = {}
    for key in ("pilots", "types", "policies"):
        table = check.table(assign.get(key, {}), f"assign.{key}")
        maps[key] = {}
        for who, name in table.items():
            if not isinstance(name, str) or name not in people:
                check.add(f"assign.{key}.{who}", f"unknown personality {name!r}")
            else:
                maps[key][who] = name
    if check.problems:
        raise DataError(check.problems, "ai/personalities.toml")
    return Roster(people, maps["pilots"], maps["types"], maps["policies"])


@cache
def load_roster() -> Roster:
    text = (resources.files("layzner_tactics.data") / "ai" / "personalities.toml").read_text("utf-8")
    return roster_from_data(tomllib.loads(text))


@dataclass(frozen=True, slots=True)
class ReiBias:
    personality: str
    pilot_survival_weight: float
    protected_pilots: tuple[str, ...]
    protected_penalty: float


def rei_bias_from_data(raw: dict[str, Any], roster: Roster | None = None) -> ReiBias:
    """Validate Rei's agenda; raises ``DataError`` listing every problem."""
    check = Checker()
    check.keys(raw, "", ("rei",))
    table = check.table(raw.get("rei", {}), "rei")
    check.keys(table, "rei", ReiBias.__slots__)
    personality = check.text(table, "personality", "rei", "earth")
    if roster is not None and personality not in roster.personalities:
        check.add("rei.personality", f"unknown personality {personality!r}")
    weights = {}
    for key in ("pilot_survival_weight", "protected_penalty"):
        value = table.get(key, 1.0 if key == "pilot_survival_weight" else 0.0)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            check.add(f"rei.{key}", f"expected a number >= 0, got {value!r}")
            value = 0.0
        weights[key] = float(value)
    protected = check.text_list(table, "protected_pilots", "rei")
    if check.problems:
        raise DataError(check.problems, "ai/rei.toml")
    return ReiBias(
        personality=personality,
        pilot_survival_weight=weights["pilot_survival_weight"],
        protected_pilots=tuple(protected),
        protected_penalty=weights["protected_penalty"],
    )


@cache
def load_rei_bias() -> ReiBias:
    text = (resources.files("layzner_tactics.data") / "ai" / "rei.toml").read_text("utf-8")
    return rei_bias_from_data(tomllib.loads(text), load_roster())
