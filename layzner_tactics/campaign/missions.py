"""The missions the game offers: bundled scenario files, the built-in training map and demo skirmish.

``load_mission`` finds a mission by id or path and builds it for the campaign's memory and catalog
overrides; ``campaign_mission`` builds it as the campaign plays it (the students' skills, the lost);
``mission_list`` is the Mission Select list, a broken file listed with the loader's message.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..data import load_catalog
from ..engine import SideId, UnitId
from ..engine.builder import DEFAULT_LEGEND, destroy_all, quick_setup
from ..scenario.library import list_scenarios
from ..scenario.loader import load_scenario
from ..scenario.model import Scenario, ScenarioError, SideInfo
from ..sim.scenarios import DEMO_ID, demo_scenario
from .lost import without_the_lost
from .progress import Progress
from .skills import overrides_for

TRAINING_ID = "training"

Mission = Scenario
"""A mission is a ``scenario.model.Scenario`` built for the campaign's memory and the students' skills
(``load_mission``); the name says how the game uses it."""


class MissionError(ValueError):
    """A mission that cannot be played; the message is the loader's, for the screen."""


@dataclass(frozen=True, slots=True)
class MissionEntry:
    """One line of the mission list: a mission that loads, or the loader's message when it does not."""

    id: str
    title: str
    kind: str
    order: int
    error: str = ""
    user_made: bool = False
    """From the player's own mission folder: listed under Skirmish whatever its kind, never in the
    campaign."""


TRAINING_MAP = (
    "..........",
    "..*....^..",
    "..........",
    "....~~....",
    "..........",
)


def training_mission() -> Mission:
    """A tiny built-in map (the Layzner against one Baybull) for tests and a quick first look."""
    setup = quick_setup(
        load_catalog(),
        TRAINING_MAP,
        [
            ("layzner", "layzner", "earth", 1, 2, "eiji"),
            ("baybull", "baybull", "grados", 8, 2),
        ],
        objectives=[
            destroy_all("earth", ["grados"], "Destroy the Baybull"),
            destroy_all("grados", ["earth"], "Destroy the Layzner"),
        ],
        max_turns=10,
        scenario_id=TRAINING_ID,
    )
    digest = hashlib.blake2b(repr(TRAINING_MAP).encode(), digest_size=16).hexdigest()
    return Scenario(
        id=TRAINING_ID,
        title="Training: Baybull Drill",
        kind="skirmish",
        order=99,
        briefing="A simulator run. Rei has put one Baybull on the field. Destroy it.",
        debrief_win="Drill complete. Rei logs the result without comment.",
        debrief_loss="The simulator resets. Rei suggests you try again.",
        sides=(
            SideInfo(SideId("earth"), "Earth", "human", "earth"),
            SideInfo(SideId("grados"), "Grados", "grados", "grados"),
        ),
        setup=setup,
        map_rows=TRAINING_MAP,
        legend=dict(DEFAULT_LEGEND),
        unit_names={UnitId("layzner"): "Layzner", UnitId("baybull"): "Baybull"},
        player_side=SideId("earth"),
        source="<built-in>",
        content_hash=digest,
    )


def demo_mission() -> Mission:
    """The simulator's built-in demo skirmish (``sim.scenarios.demo_scenario``), Earth played by hand."""
    return demo_scenario(human="earth")


BUILT_IN = {TRAINING_ID: training_mission, DEMO_ID: demo_mission}


def load_mission(
    ref: str,
    memory: Iterable[str] = (),
    overrides: Mapping[str, Any] | None = None,
) -> Mission:
    """A mission by id or path, built for the campaign's ``memory`` (flags) and catalog ``overrides``.

    Raises ``MissionError`` with the loader's message on a broken or missing file.
    """
    if ref == TRAINING_ID:
        return training_mission()
    try:
        if ref == DEMO_ID:
            return demo_scenario(overrides, human="earth")
        return load_scenario(ref, overrides, memory)
    except (FileNotFoundError, ScenarioError) as err:
        raise MissionError(str(err)) from None


def campaign_mission(ref: str, progress: Progress) -> Mission:
    """The mission as the campaign plays it: its memory's parts, the students' earned skills, the lost."""
    mission = load_mission(ref, progress.memory, overrides_for(load_catalog(), progress.xp) or None)
    return without_the_lost(mission, progress.memory)


def mission_list() -> list[MissionEntry]:
    """Every bundled mission and skirmish (campaign order), the player's own missions (as skirmishes,
    marked ``user_made``; one whose id a bundled mission has is left out), plus the training map."""
    entries: list[MissionEntry] = []
    for found in list_scenarios():
        if found.hidden:
            continue
        try:
            m = load_mission(found.path if found.user_made else found.id)
            kind = "skirmish" if found.user_made else m.kind
            entries.append(MissionEntry(found.id, m.title, kind, m.order, user_made=found.user_made))
        except MissionError as err:
            kind = "skirmish" if found.user_made else "mission"
            entries.append(MissionEntry(found.id, found.id, kind, 999, str(err), found.user_made))
    if not entries:
        entries.append(MissionEntry(DEMO_ID, "Demo skirmish", "skirmish", 98))
    entries.append(MissionEntry(TRAINING_ID, "Training: Baybull Drill", "skirmish", 99))
    return sorted(entries, key=lambda e: (e.kind != "mission", e.order, e.id))
