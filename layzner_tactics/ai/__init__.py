"""AI policies: each chooses one legal action from its side's observation, never from the state."""

from .policy import Policy, RandomPolicy, make_policy, policy_names, register_policy

__all__ = ["Policy", "RandomPolicy", "make_policy", "policy_names", "register_policy"]
