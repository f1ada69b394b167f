"""AI personalities as data (``layzner_tactics/data/ai/personalities.toml``), and who gets which."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..engine import DataError
from ..engine.schema import Checker

SLIDERS = ("aggression", "self_preservation", "herd", "bravery", "cruelty", "duel", "mercy", "talk")


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


@cache
def load_rei_bias() -> ReiBias:
    text = (resources.files("layzner_tactics.data") / "ai" / "rei.toml").read_text("utf-8")
    raw = tomllib.loads(text).get("rei", {})
    return ReiBias(
        personality=str(raw.get("personality", "earth")),
        pilot_survival_weight=float(raw.get("pilot_survival_weight", 1.0)),
        protected_pilots=tuple(str(p) for p in raw.get("protected_pilots", ())),
        protected_penalty=float(raw.get("protected_penalty", 0.0)),
    )
