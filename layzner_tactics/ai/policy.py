"""The policy protocol and the registry of policies by name.

A policy is built once per game and side with its own seeded generator (derived from the game seed by
name), then asked ``choose(observation, legal)`` for every decision of its side. It never receives the
``GameState``: only what ``observe`` gives its side and the legal actions computed from that.
"""

from __future__ import annotations

import importlib
import importlib.util
import random
from collections.abc import Callable, Sequence
from typing import Protocol

from ..engine import Action, EndPhase, Observation, SideId, derive_seed


class Policy(Protocol):
    name: str

    def choose(self, obs: Observation, legal: Sequence[Action]) -> Action:
        """One action from ``legal`` (never empty: ``EndPhase`` is always there)."""
        ...


PolicyFactory = Callable[[SideId, int, str, str], Policy]
"""``factory(side, seed, posture, level)``: a fresh policy for one side of one game at one difficulty."""

DIFFICULTIES = ("story", "normal", "hard")
"""How the enemy thinks, gentlest first. ``story`` is the old candidate-action AI; the default is normal."""
DEFAULT_LEVEL = "normal"


class PolicySpecError(ValueError):
    """A policy spec (``NAME`` or ``NAME:LEVEL``) names no known policy or level."""


def parse_policy_spec(spec: str, default_level: str = DEFAULT_LEVEL) -> tuple[str, str]:
    """``"grados:hard"`` -> ``("grados", "hard")``; ``"grados"`` -> ``("grados", default_level)``.

    Raises ``PolicySpecError`` naming the known policies or levels.
    """
    _load_builtin()
    name, sep, level = spec.partition(":")
    if not sep:
        level = default_level
    if name not in _REGISTRY:
        raise PolicySpecError(f"unknown policy {name!r}; known: {', '.join(sorted(_REGISTRY))}")
    if level not in DIFFICULTIES:
        raise PolicySpecError(f"unknown difficulty {level!r} in {spec!r}; known: {', '.join(DIFFICULTIES)}")
    return name, level


_REGISTRY: dict[str, PolicyFactory] = {}
_DICE: dict[str, str] = {}
"""Per registered name, the name its generator is derived from: a renamed policy keeps its old one, so
that the same seed still plays the same games (and published measurements still reproduce)."""


def register_policy(name: str, factory: PolicyFactory, dice: str = "") -> None:
    """Register ``factory`` as ``name``; ``dice``: the name to derive its generator from (default
    ``name``)."""
    _REGISTRY[name] = factory
    _DICE[name] = dice or name


def policy_names() -> list[str]:
    _load_builtin()
    return sorted(_REGISTRY)


def make_policy(
    spec: str, side: SideId, game_seed: int, posture: str = "", level: str = DEFAULT_LEVEL
) -> Policy:
    """A policy by registered name, optionally with a level (``grados:hard``) that overrides ``level``.

    Its generator is derived from (game seed, side, name, or the old name of a renamed policy): the
    level does not change the seed.
    Raises ``KeyError`` naming the known policies when the name is unknown, and ``PolicySpecError``
    (a ``ValueError``) for an unknown level.
    """
    _load_builtin()
    name, sep, spec_level = spec.partition(":")
    factory = _REGISTRY.get(name)
    if factory is None:
        raise KeyError(f"unknown policy {name!r}; known: {', '.join(sorted(_REGISTRY))}")
    chosen = spec_level if sep else level
    if chosen not in DIFFICULTIES:
        raise PolicySpecError(f"unknown difficulty {chosen!r}; known: {', '.join(DIFFICULTIES)}")
    return factory(side, derive_seed(game_seed, "policy", side, _DICE[name]), posture, chosen)


class RandomPolicy:
    """The baseline: a uniformly random legal action, ending the phase with probability 1/8."""

    name = "random"

    def __init__(self, side: SideId, seed: int, posture: str = "", level: str = DEFAULT_LEVEL) -> None:
        self.side = side
        self.rng = random.Random(seed)

    def choose(self, obs: Observation, legal: Sequence[Action]) -> Action:
        if len(legal) == 1 or self.rng.random() < 0.125:
            for action in legal:
                if isinstance(action, EndPhase):
                    return action
        return legal[self.rng.randrange(len(legal))]


def _load_builtin() -> None:
    if "random" not in _REGISTRY:
        register_policy("random", RandomPolicy)
        # the policy modules register themselves on import (they import this module, so not at the top)
        for module in ("tactical", "expert"):
            if importlib.util.find_spec(f"{__package__}.{module}") is not None:
                importlib.import_module(f"{__package__}.{module}")
