"""Scenarios for the simulator and replays: the loader's, plus the built-in ``demo`` skirmish.

Every scenario goes through ``load_scenario`` (validated, with ``--set`` overrides) except ``demo``,
which is built from ``demo.demo_setup()`` so the simulator has a small fixed game that needs no file.
Loads are cached per process: a worker reads and validates each (scenario, overrides) once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..ai.policy import policy_names
from ..data import raw_catalog
from ..engine import DataError, SideId
from ..engine.builder import DEFAULT_LEGEND, grid_from_rows
from ..engine.catalog import catalog_from_data, override_data
from ..scenario.loader import load_scenario, resolve
from ..scenario.model import Scenario, ScenarioError, ScenarioProblem, SideInfo
from . import demo

DEMO_ID = "demo"


def load(ref: str, overrides: Mapping[str, Any] | None = None) -> Scenario:
    """The scenario ``ref`` names (a bundled id, a path, or ``demo``) with catalog ``overrides``.

    Raises ``ScenarioError`` (every problem) or ``FileNotFoundError`` like ``load_scenario``; the
    result is cached per process, so callers must treat it as read-only (it is frozen data).
    """
    return _load(str(ref), tuple(sorted((overrides or {}).items())), _stamp(str(ref)))


def _stamp(ref: str) -> tuple[int, int]:
    """The file's (mtime, size), so an edited scenario is read again, not served from the cache."""
    if ref == DEMO_ID:
        return (0, 0)
    try:
        st = os.stat(str(resolve(ref)))
    except (OSError, ValueError):
        return (0, 0)  # the loader itself reports the problem
    return (st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=64)
def _load(ref: str, overrides: tuple[tuple[str, Any], ...], stamp: tuple[int, int]) -> Scenario:
    if ref == DEMO_ID:
        return demo_scenario(dict(overrides))
    return load_scenario(ref, dict(overrides))


def warm(refs: list[tuple[str, Mapping[str, Any]]]) -> None:
    """Worker initialiser: load every scenario a run needs once, before the first game arrives."""
    for ref, overrides in refs:
        # the parent validated them; a failure here shows up again, with its game, in play_one
        with contextlib.suppress(ScenarioError, FileNotFoundError):
            load(ref, overrides)


def demo_scenario(overrides: Mapping[str, Any] | None = None, human: str | None = None) -> Scenario:
    """``demo_setup()`` as a Scenario; its content hash is the hash of ``demo.py`` (its only source).

    The one demo for the simulator and the game: ``human="earth"`` gives that side to a player (the
    UI's demo skirmish); the simulator plays every side with its ``ai``.
    """
    setup = demo.demo_setup()
    if overrides:
        data = raw_catalog()
        problems = []
        for key, value in sorted(overrides.items()):
            if isinstance(value, float) or not isinstance(value, int | str | bool):
                wrong = f"expected a whole number, text or true/false, got {value!r}"
                problems.append(ScenarioProblem(DEMO_ID, 0, f"--set.{key}", wrong))
                continue
            try:
                data = override_data(data, key, value)
            except DataError as err:
                problems += [ScenarioProblem(DEMO_ID, 0, f"--set.{key}", p.message) for p in err.problems]
        if not problems:
            try:
                catalog = catalog_from_data(data, "catalog")
            except DataError as err:
                problems += [
                    ScenarioProblem(DEMO_ID, 0, "--set", f"the overridden catalog is invalid: {p}")
                    for p in err.problems
                ]
        if problems:
            raise ScenarioError(problems)
        # the grid caches terrain stats, so it is rebuilt from the overridden catalog too
        setup = dataclasses.replace(
            setup, catalog=catalog, grid=grid_from_rows(catalog, demo.DEMO_MAP, DEFAULT_LEGEND)
        )
    known = policy_names()
    earth_ai = "earth" if "earth" in known else "random"
    grados_ai = "grados" if "grados" in known else "random"
    return Scenario(
        id=DEMO_ID,
        title="Demo skirmish",
        kind="skirmish",
        order=98 if human else 0,
        briefing="The Layzner and Anna's buggy against three Grados machines.",
        debrief_win="The Grados patrol is broken.",
        debrief_loss="The patrol got through.",
        sides=tuple(
            SideInfo(SideId(sid), name, "human" if sid == human else ai, ai)
            for sid, name, ai in (("earth", "Earth", earth_ai), ("grados", "Grados", grados_ai))
        ),
        setup=setup,
        map_rows=demo.DEMO_MAP,
        legend=dict(DEFAULT_LEGEND),
        player_side=SideId(human) if human else None,
        source=DEMO_ID,
        overrides=dict(overrides or {}),
        content_hash=hashlib.blake2b(Path(demo.__file__).read_bytes(), digest_size=16).hexdigest(),
    )
