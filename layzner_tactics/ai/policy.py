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


PolicyFactory = Callable[[SideId, int, str], Policy]
"""``factory(side, seed, posture)``: a fresh policy for one side of one game."""

_REGISTRY: dict[str, PolicyFactory] = {}


def register_policy(name: str, factory: PolicyFactory) -> None:
    _REGISTRY[name] = factory


def policy_names() -> list[str]:
    _load_builtin()
    return sorted(_REGISTRY)


def make_policy(name: str, side: SideId, game_seed: int, posture: str = "") -> Policy:
    """A policy by registered name; its generator is derived from (game seed, side, name).

    Raises ``KeyError`` naming the known policies when ``name`` is unknown.
    """
    _load_builtin()
    factory = _REGISTRY.get(name)
    if factory is None:
        raise KeyError(f"unknown policy {name!r}; known: {', '.join(sorted(_REGISTRY))}")
    return factory(side, derive_seed(game_seed, "policy", side, name), posture)


class RandomPolicy:
    """The baseline: a uniformly random legal action, ending the phase with probability 1/8."""

    name = "random"

    def __init__(self, side: SideId, seed: int, posture: str = "") -> None:
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
        # the candidate-action policies register themselves when their module exists
        if importlib.util.find_spec(f"{__package__}.tactical") is not None:
            importlib.import_module(f"{__package__}.tactical")
