"""AI policies: each chooses one legal action from its side's observation, never from the state."""

from .policy import (
    DIFFICULTIES,
    Policy,
    PolicySpecError,
    RandomPolicy,
    make_policy,
    parse_policy_spec,
    policy_names,
    register_policy,
)

__all__ = [
    "DIFFICULTIES",
    "Policy",
    "PolicySpecError",
    "RandomPolicy",
    "make_policy",
    "parse_policy_spec",
    "policy_names",
    "register_policy",
]
