"""A small checker for plain-dict data (from TOML): known keys, types and ranges, every problem kept.

Used by the catalog here and by the scenario loader; it never raises on bad data, it records a
``Problem`` and returns a default so checking can go on and report everything at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from .errors import Problem

MAX_NUMBER = 1_000_000
MAX_TEXT = 20_000


def suggest(word: str, choices: Iterable[str]) -> str:
    """Return ``' (did you mean X?)'`` for the closest choice, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def describe(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Checker:
    """Collects problems while reading values out of nested dicts."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def table(self, value: object, where: str) -> Mapping[str, Any]:
        if isinstance(value, Mapping):
            return value
        self.add(where, f"expected a table, got {describe(value)}")
        return {}

    def keys(self, table: Mapping[str, Any], where: str, allowed: Iterable[str]) -> None:
        allowed = list(allowed)
        for key in table:
            if key not in allowed:
                self.add(f"{where}.{key}" if where else key, "unknown key" + suggest(key, allowed))

    def required(self, table: Mapping[str, Any], key: str, where: str) -> bool:
        if key in table:
            return True
        self.add(where, f"missing required key {key!r}")
        return False

    def integer(
        self,
        table: Mapping[str, Any],
        key: str,
        where: str,
        default: int | None = None,
        low: int = -MAX_NUMBER,
        high: int = MAX_NUMBER,
    ) -> int:
        path = f"{where}.{key}" if where else key
        if key not in table:
            if default is None:
                self.add(where or key, f"missing required key {key!r}")
                return low if low > 0 else 0
            return default
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(path, f"expected a whole number, got {describe(value)}")
            return default if default is not None else max(low, 0)
        if not low <= value <= high:
            self.add(path, f"must be between {low} and {high}, got {value}")
            return min(max(value, low), high)
        return value

    def text(
        self,
        table: Mapping[str, Any],
        key: str,
        where: str,
        default: str | None = None,
        max_len: int = MAX_TEXT,
    ) -> str:
        path = f"{where}.{key}" if where else key
        if key not in table:
            if default is None:
                self.add(where or key, f"missing required key {key!r}")
                return ""
            return default
        value = table[key]
        if not isinstance(value, str):
            self.add(path, f"expected text, got {describe(value)}")
            return default or ""
        if len(value) > max_len:
            self.add(path, f"text longer than {max_len} characters ({len(value)})")
            return value[:max_len]
        return value

    def boolean(self, table: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
        if key not in table:
            return default
        value = table[key]
        if not isinstance(value, bool):
            self.add(f"{where}.{key}", f"expected true or false, got {describe(value)}")
            return default
        return value

    def choice(
        self,
        table: Mapping[str, Any],
        key: str,
        where: str,
        choices: Iterable[str],
        default: str | None = None,
    ) -> str:
        choices = list(choices)
        value = self.text(table, key, where, default)
        if value not in choices:
            if key in table:
                self.add(
                    f"{where}.{key}",
                    f"unknown value {value!r}, expected one of {', '.join(choices)}"
                    + suggest(value, choices),
                )
            return default if default is not None else choices[0]
        return value

    def text_list(
        self, table: Mapping[str, Any], key: str, where: str, default: tuple[str, ...] = ()
    ) -> tuple[str, ...]:
        if key not in table:
            return default
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(f"{where}.{key}", f"expected a list of names, got {describe(value)}")
            return default
        return tuple(value)
