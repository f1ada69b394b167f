"""``--set ai.PERSONALITY.SLIDER=VALUE``: what-if runs with an AI personality's weights changed.

The overrides are checked once, in the parent, against the personalities data file (names and sliders
with "did you mean"); each game then hands its policies a roster with the changed personalities. A
policy takes part when it keeps its personalities in a ``roster`` attribute (the candidate-action AI).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from ..ai.personality import Personality, Roster, load_roster
from ..engine.schema import suggest

PREFIX = "ai."
SLIDER_RANGE = (0, 10)


class PersonaError(ValueError):
    """An ``ai.`` override names no personality or slider, or gives a value out of range."""


def split_overrides(overrides: Mapping[str, object]) -> tuple[dict[str, object], dict[str, object]]:
    """``--set`` pairs split into (catalog stat overrides, ``ai.`` personality overrides)."""
    stats = {k: v for k, v in overrides.items() if not k.startswith(PREFIX)}
    personas = {k: v for k, v in overrides.items() if k.startswith(PREFIX)}
    return stats, personas


def sliders() -> list[str]:
    return [f.name for f in dataclasses.fields(Personality) if f.name != "name"]


def check(overrides: Mapping[str, object]) -> dict[str, int]:
    """Validated ``ai.PERSONALITY.SLIDER`` -> whole number in 0-10; raises ``PersonaError`` naming the key."""
    roster = load_roster()
    names, keys = sorted(roster.personalities), sliders()
    out: dict[str, int] = {}
    for key, value in overrides.items():
        where = f"--set {key}"
        parts = key[len(PREFIX) :].split(".")
        if len(parts) != 2 or not all(parts):
            raise PersonaError(f"{where}: expected ai.PERSONALITY.SLIDER (personalities: {', '.join(names)})")
        name, slider = parts
        if name not in roster.personalities:
            known = ", ".join(names)
            raise PersonaError(f"{where}: no personality {name!r}{suggest(name, names)}; known: {known}")
        if slider not in keys:
            known = ", ".join(keys)
            raise PersonaError(f"{where}: no slider {slider!r}{suggest(slider, keys)}; sliders: {known}")
        low, high = SLIDER_RANGE
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise PersonaError(f"{where}: expected a whole number from {low} to {high}, got {value!r}")
        out[key] = value
    return out


@lru_cache(maxsize=16)
def _roster(items: tuple[tuple[str, int], ...]) -> Roster:
    base = load_roster()
    people = dict(base.personalities)
    for key, value in items:
        name, slider = key[len(PREFIX) :].split(".")
        changed: dict[str, Any] = {slider: value}
        people[name] = dataclasses.replace(people[name], **changed)
    return dataclasses.replace(base, personalities=people)


def roster_with(overrides: Mapping[str, int]) -> Roster:
    """The personalities data with the (checked) overrides applied; cached per set of overrides."""
    return _roster(tuple(sorted(overrides.items())))


def apply(policies: Iterable[object], overrides: Mapping[str, int]) -> int:
    """Give every policy that keeps a personality roster the changed one; returns how many took it."""
    if not overrides:
        return 0
    roster = roster_with(overrides)
    taken = 0
    for policy in policies:
        if isinstance(getattr(policy, "roster", None), Roster):
            policy.roster = roster  # type: ignore[attr-defined]
            taken += 1
    return taken
