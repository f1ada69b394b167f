"""Errors the engine raises: malformed data (with every problem and its place) and illegal actions."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in input data: ``where`` is a key path such as ``units.braver.weapons.gun.power``."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class DataError(ValueError):
    """Malformed input data; ``problems`` lists every problem found, not only the first."""

    def __init__(self, problems: list[Problem], source: str = "") -> None:
        self.problems = list(problems)
        self.source = source
        head = f"{source}: " if source else ""
        super().__init__(head + "; ".join(str(p) for p in self.problems))


class IllegalActionError(ValueError):
    """An action that the rules do not allow now; ``reason`` is a sentence the UI can show."""

    def __init__(self, action: object, reason: str) -> None:
        self.action = action
        self.reason = reason
        super().__init__(f"illegal action {action!r}: {reason}")
