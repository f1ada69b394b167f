"""Scenario files: TOML missions read into validated ``Scenario`` values, or precise errors."""

from .model import Scenario, ScenarioError, ScenarioProblem, SideInfo

__all__ = ["Scenario", "ScenarioError", "ScenarioProblem", "SideInfo"]
