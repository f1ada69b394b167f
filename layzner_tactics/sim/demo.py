"""The built-in demo skirmish: a small fixed game the simulator and the bench can play without a file.

Its content hash is the hash of this file, so it holds only the map and the units."""

from __future__ import annotations

from ..data import load_catalog
from ..engine import GameSetup
from ..engine.builder import destroy_all, quick_setup

DEMO_MAP = (
    "......~~~~......^^......",
    "..**..~~~~......^^..%%..",
    "..**......ooo.......%%..",
    "..........ooo...........",
    "....^^^.........**......",
    "....^^^....~~~..**..====",
    "...........~~~......=##=",
    "..%%................====",
)


def demo_setup() -> GameSetup:
    """A small built-in skirmish: the Layzner and a buggy against three Grados machines."""
    return quick_setup(
        load_catalog(),
        DEMO_MAP,
        [
            ("layzner", "layzner", "earth", 1, 3, "eiji"),
            ("buggy", "buggy", "earth", 0, 5, "anna"),
            ("braver-1", "braver", "grados", 22, 1, "gusten"),
            ("braver-2", "braver", "grados", 22, 4, "julia"),
            ("grimekaisar", "grimekaisar", "grados", 21, 2, "gale"),
        ],
        objectives=[destroy_all("earth", ["grados"]), destroy_all("grados", ["earth"])],
        max_turns=12,
        scenario_id="demo",
    )
