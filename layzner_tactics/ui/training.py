"""Simulator training: David and Roan fly headless AI-vs-AI drills, and the campaign keeps what they learn.

The drills are ``campaign.run_drills`` (the simulator scenario played by the AI on both sides, seeded by
the campaign's state, so the same campaign gets the same drills); the experience that counts is capped
(``campaign.DRILL_SESSION_CAP`` a session, ``campaign.TRAINING_CAP`` in all). The same scenario can be
flown by hand from here or from the skirmish list.
"""

from __future__ import annotations

import pygame

from ..campaign import (
    DRILLS,
    SIMULATOR_ID,
    TRAINING_CAP,
    MissionError,
    MissionRecord,
    campaign_mission,
    learners,
    run_drills,
)
from ..data import load_catalog
from ..i18n import N_, tr
from . import widgets
from .app import POP, App, Transition, push
from .menuscene import MenuScene, students_lines


def training_seed(completed: list[str], training_xp: dict[str, int]) -> int:
    """The drills' seed: a function of the campaign's state (missions won, simulator xp so far)."""
    return 1 + 1000 * len(completed) + sum(training_xp.values())


class TrainingScene(MenuScene):
    heading = N_("Simulator Training")
    subtitle = N_("David and Roan, on simulators built from the Layzner's data")

    MENU_TOP = 205

    def __init__(self, app: App) -> None:
        self.result: list[str] = []
        super().__init__(app)
        self.status = self._status()

    def rebuild(self) -> None:
        super().rebuild()
        self.status = self._status()

    def menu_top(self, height: int) -> int:
        return widgets.px(self.MENU_TOP)

    def _status(self) -> list[str]:
        """The students' skills and simulator xp (built when the campaign changes, not every frame)."""
        progress = self.app.progress
        try:
            lines = students_lines(campaign_mission(SIMULATOR_ID, progress), progress.xp)
        except MissionError as err:
            lines = [tr("The simulator cannot run: {err}", err=err)]
        so_far = ", ".join(
            f"{p.title()} {progress.training_xp.get(p, 0)}/{TRAINING_CAP} xp" for p in ("david", "roan")
        )
        return [*lines, tr("From the simulator so far: {xp}", xp=so_far)]

    def items(self) -> list[widgets.Item]:
        full = all(self.app.progress.training_xp.get(p, 0) >= TRAINING_CAP for p in learners(load_catalog()))
        return [
            widgets.Item(
                "drills",
                tr("Run {n} drills (AI vs AI)", n=DRILLS)
                + (tr("  - nothing left to learn here") if full else ""),
                enabled=not full,
            ),
            widgets.Item("fly", tr("Fly the simulator yourself")),
            widgets.Item("back", tr("Back")),
        ]

    def run(self) -> list[str]:
        """Run one session of drills, keep the capped xp in the campaign; the lines to show."""
        progress = self.app.progress
        seed = training_seed(progress.completed, progress.training_xp)
        report = run_drills(progress.xp, progress.training_xp, seed)
        progress.apply(MissionRecord(SIMULATOR_ID, True, xp=report.gained, why=report.note))
        gained = ", ".join(f"{p.title()} +{x} xp" for p, x in sorted(report.gained.items()))
        lines = [*map(tr, report.lines()), tr("Counted for the campaign: {xp}", xp=gained or tr("nothing"))]
        return lines + ([tr(report.note)] if report.note else [])

    def choose(self, key: str) -> Transition | None:
        if key == "drills":
            self.result = self.run()
            self.rebuild()
            return None
        if key == "fly":
            return push("briefing", SIMULATOR_ID)
        return POP

    def draw(self, screen: pygame.Surface) -> None:
        self.draw_menu(screen)
        w, h = screen.get_size()
        lines = self.status
        px = widgets.px
        top = px(self.MENU_TOP) + self.menu.total_height() + px(18)
        box = pygame.Rect(px(40), top, w - px(80), h - top - px(24))
        widgets.panel(screen, box)
        y = box.y + px(12)
        for i, line in enumerate(lines + self.result):
            if y + px(22) > box.bottom:
                break
            colour = (170, 200, 235) if i < len(lines) else widgets.AMBER
            widgets.text(screen, widgets.fit(line, 20, box.w - px(30)), (box.x + px(15), y), 20, colour)
            y += px(24)
