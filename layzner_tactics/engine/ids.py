"""Typed identifiers used across the engine: every id is a string or an int with its own name."""

from __future__ import annotations

from typing import NewType

UnitId = NewType("UnitId", str)
SideId = NewType("SideId", str)
TeamId = NewType("TeamId", str)
UnitTypeId = NewType("UnitTypeId", str)
WeaponId = NewType("WeaponId", str)
PilotId = NewType("PilotId", str)
TerrainId = NewType("TerrainId", str)
ZoneId = NewType("ZoneId", str)
ObjectiveId = NewType("ObjectiveId", str)
TriggerId = NewType("TriggerId", str)
Tile = NewType("Tile", int)
"""A flat tile index: ``y * width + x``. The grid converts to and from ``(x, y)``."""
