"""Title, mission lists, loading, options, briefing, pause and debrief scenes."""

from __future__ import annotations

import os
from pathlib import Path

import pygame

from ..ai import DIFFICULTIES
from ..campaign import (
    Mission,
    MissionError,
    MissionRecord,
    SaveError,
    campaign_mission,
    learners,
    list_saves,
    lost_cast,
    mission_list,
    save_summary,
    skills,
)
from ..campaign.difficulty import label as difficulty_label
from ..campaign.difficulty import measured_difficulty
from ..campaign.skills import SKILL_WORDS
from ..data import load_catalog
from ..engine.progression import GROWTH_ORDER
from ..i18n import N_, tr
from ..scenario.memory import describe_flag
from . import assets, keys, sides, widgets
from .app import POP, QUIT, App, Scene, Transition, push, replace, reset
from .audio import Audio
from .menuscene import MenuScene, students_lines
from .session import Session, load_session, save_session
from .widgets import px

TITLE = "LAYZNER TACTICS"
LEVELS = {
    "story": (N_("Story"), N_("a gentler enemy")),
    "normal": (N_("Normal"), N_("the enemy presses")),
    "hard": (N_("Hard"), N_("the enemy plans deeper")),
}
"""The difficulty levels as the player reads them (``ai.DIFFICULTIES``): name and a few words."""
LEVELS_NOTE = N_(
    "How the enemy thinks (its machines are the same): Story is less eager, goes for your guards before "
    "your people, spreads its fire and sometimes lets a phase go by; Normal presses, focuses fire and hunts "
    "the people; Hard plans deeper, cuts the people off where they are heading, waits at the edge of your "
    "reach and does not throw its machines away. Options changes it between missions."
)


def level_name(level: str) -> str:
    return tr(LEVELS.get(level, (level.title(), ""))[0])


def measured_label(mission_id: str, level: str) -> str:
    """The mission's measured difficulty at ``level`` for its menu line ("" when not measured)."""
    measured = measured_difficulty(mission_id, level)
    return f"  - {level_name(level)}: {difficulty_label(measured)}" if measured is not None else ""


class TitleScene(MenuScene):
    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.note = app.progress.error  # a broken progress.json: said once, the file kept aside
        self.confirm_new = False
        self.picking_level = False
        """New Campaign asked: the menu lists the difficulty levels."""

    def items(self) -> list[widgets.Item]:
        if getattr(self, "picking_level", False):
            return [
                *(
                    widgets.Item(f"level:{lv}", f"{tr(LEVELS[lv][0])}: {tr(LEVELS[lv][1])}")
                    for lv in DIFFICULTIES
                ),
                widgets.Item("level:back", tr("Back")),
            ]
        entries = [e for e in mission_list() if e.kind == "mission" and not e.error]
        done = set(self.app.progress.completed)
        nxt = next((e for e in entries if e.id not in done), None)
        out = []
        if done and nxt is not None:
            out.append(widgets.Item("continue", tr("Continue: {title}", title=nxt.title)))
        out += [
            widgets.Item("new", tr("New Campaign"), enabled=bool(entries)),
            widgets.Item("missions", tr("Mission Select")),
            widgets.Item("skirmish", tr("Skirmish")),
            widgets.Item("load", tr("Load Game"), enabled=bool(list_saves())),
            widgets.Item("options", tr("Options")),
            widgets.Item("quit", tr("Quit")),
        ]
        return out

    def choose(self, key: str) -> Transition | None:
        entries = [e for e in mission_list() if e.kind == "mission" and not e.error]
        done = set(self.app.progress.completed)
        if key == "continue":
            nxt = next(e for e in entries if e.id not in done)
            return push("briefing", nxt.id)
        if key.startswith("level:"):
            return self._new_campaign(key[6:], entries[0].id if entries else "")
        if key == "new" and entries:
            progress = self.app.progress
            if (
                progress.completed or progress.xp or progress.fates or progress.flags
            ) and not self.confirm_new:
                self.confirm_new = True
                self.note = tr(
                    "A new campaign forgets this one: missions won, pilots' fates, what David and Roan "
                    "learned (the old file is kept as progress.json.previous). New Campaign again to confirm."
                )
                return None
            self.picking_level = True  # then: how hard the enemy thinks
            self.note = tr(LEVELS_NOTE)
            self.rebuild()
            self.menu.index = DIFFICULTIES.index(self.app.progress.difficulty)
            return None
        if key == "missions":
            return push("list", N_("Mission Select"), "mission")
        if key == "skirmish":
            return push("list", N_("Skirmish"), "skirmish")
        if key == "load":
            return push("load")
        if key == "options":
            return push("options")
        return QUIT

    def _new_campaign(self, level: str, first: str) -> Transition | None:
        """Start the campaign at ``level`` (a confirmed restart keeps the old one aside first)."""
        self.picking_level = False
        self.note = ""
        if level not in DIFFICULTIES or not first:
            self.rebuild()
            return None
        if self.confirm_new:
            self.app.progress = self.app.progress.restart(level)
            self.confirm_new = False
        else:
            self.app.progress.difficulty = level
            try:
                self.app.progress.save()
            except OSError as err:
                self.note = tr("The campaign could not be saved: {err}", err=err)
        self.rebuild()
        return push("briefing", first)

    def back(self) -> Transition | None:
        if self.picking_level:
            self.picking_level = False
            self.confirm_new = False
            self.note = ""
            self.rebuild()
            return None
        return QUIT

    def draw_heading(self, screen: pygame.Surface) -> None:
        w, _ = screen.get_size()
        widgets.text(screen, TITLE, (w // 2, px(120)), 96, (200, 225, 255), anchor="center", bold=True)
        widgets.text(
            screen,
            tr("Mars, 1996. Earth is at stake."),
            (w // 2, px(185)),
            30,
            widgets.AMBER,
            anchor="center",
        )


class ListScene(MenuScene):
    WIDE = 760
    """The menu's width when a line carries the mission's measured difficulty."""

    def __init__(self, app: App, heading: str, kind: str) -> None:
        self.heading = heading
        self.kind = kind
        super().__init__(app)
        self._widen()

    def rebuild(self) -> None:
        super().rebuild()
        self._widen()

    def _widen(self) -> None:
        """Each mission's measured difficulty on its line (at the campaign's level); a wider menu when a
        line needs it, each line fitted to it."""
        level = self.app.progress.difficulty
        for item in self.menu.items:
            item.label += measured_label(item.key, level)
        if any(
            widgets.font_for(item.label, 26).size(item.label)[0] > self.menu.width - px(24)
            for item in self.menu.items
        ):
            self.menu.width = min(px(self.WIDE), self.app.size[0] - px(80))
            for item in self.menu.items:
                item.label = widgets.fit(item.label, 26, self.menu.width - px(24))

    def items(self) -> list[widgets.Item]:
        done = set(self.app.progress.completed)
        out = []
        entries = [e for e in mission_list() if e.kind == self.kind]
        ahead = 0
        for e in entries:
            if self.kind == "mission" and not reached(e.id, entries, done):
                ahead += 1  # not reached yet: no title given away
                continue
            label = (
                e.title
                + (tr("  (user-made)") if e.user_made else "")
                + (tr("  (won)") if e.id in done else "")
                + (tr("  (broken)") if e.error else "")
            )
            out.append(widgets.Item(e.id, label))
        if ahead:
            out.append(widgets.Item("ahead", tr("{n} more mission(s) ahead", n=ahead), enabled=False))
        if self.kind == "mission":
            out.append(widgets.Item(TRAINING_KEY, tr("Simulator training: David and Roan")))
        out.append(widgets.Item("back", tr("Back")))
        return out

    def choose(self, key: str) -> Transition | None:
        if key == "back":
            return POP
        if key == TRAINING_KEY:
            return push("training")
        return push("briefing", key)


TRAINING_KEY = "simulator-training"


def reached(mission_id: str, entries: list, done: set[str]) -> bool:
    """Whether the campaign has reached a mission: won already, or the first not yet won (Mission
    Select shows no titles beyond it, so the story keeps its surprises)."""
    if mission_id in done:
        return True
    nxt = next((e for e in entries if e.id not in done and not e.error), None)
    return nxt is not None and nxt.id == mission_id


class LoadScene(MenuScene):
    heading = N_("Load Game")

    def items(self) -> list[widgets.Item]:
        out = [widgets.Item(str(p), save_summary(p)) for p in list_saves()[:8]]
        out.append(widgets.Item("back", tr("Back")))
        return out

    def choose(self, key: str) -> Transition | None:
        if key == "back":
            return POP
        try:
            session = load_session(Path(key))
        except SaveError as err:
            self.note = tr("This save cannot be loaded: {err}", err=err)
            return None
        return replace("battle", session)


class BriefingScene(Scene):
    """The mission's story, its objectives, then the battle (Enter or click). A broken file is a message."""

    def __init__(self, app: App, ref: str) -> None:
        super().__init__(app)
        self.ref = ref
        self.error = ""
        self.students: list[str] = []
        try:
            # built for what the campaign remembers, with the students' skills as they have grown
            self.mission: Mission | None = campaign_mission(ref, app.progress)
        except MissionError as err:
            self.mission = None
            self.error = str(err)
        else:
            # the students' skill numbers once the player has met them (after a first mission)
            known = bool(app.progress.completed or app.progress.xp)
            self.students = students_lines(self.mission, app.progress.xp) if known else []
            lost = [p.title() for p in lost_cast(app.progress.memory)]
            if lost and self.mission.kind == "mission":
                self.students.insert(
                    0, tr("In memory: {names}. The others carry on without them.", names=", ".join(lost))
                )
        self._bg: pygame.Surface | None = None

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            # back where it came from; started on its own (``play MISSION``), back to the title
            return POP if len(self.app.stack) > 1 else replace("title")
        go = (
            event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_SPACE, pygame.K_KP_ENTER)
        ) or (event.type == pygame.MOUSEBUTTONDOWN and event.button == 1)
        if not go:
            return None
        if self.mission is None:
            return POP
        # a fresh seed each time the mission starts; saves and replays record it
        level = self.app.progress.difficulty
        session = Session(self.mission, seed=int.from_bytes(os.urandom(3), "little"), level=level)
        Audio.play("ui_confirm")
        return replace("battle", session)

    def draw(self, screen: pygame.Surface) -> None:
        w, h = screen.get_size()
        if self._bg is None or self._bg.get_size() != (w, h):
            self._bg = assets.title_image(w, h).copy()
            shade = pygame.Surface((w, h), pygame.SRCALPHA)
            shade.fill((8, 4, 10, 175))
            self._bg.blit(shade, (0, 0))
        screen.blit(self._bg, (0, 0))
        box = pygame.Rect(px(40), px(40), w - px(80), h - px(80))
        widgets.panel(screen, box)
        inner = box.inflate(-px(60), -px(50))
        if self.mission is None:
            widgets.text(screen, tr("This mission cannot be played"), inner.topleft, 40, widgets.BAD)
            widgets.paragraph(
                screen, self.error, pygame.Rect(inner.x, inner.y + px(60), inner.w, inner.h - px(100)), 20
            )
            widgets.text(
                screen,
                tr("{cancel}: back", cancel=keys.hint("cancel", True)),
                (inner.x, inner.bottom - px(24)),
                22,
                widgets.AMBER,
            )
            return
        m = self.mission
        title = widgets.text(screen, m.title, inner.topleft, 56, (200, 225, 255), bold=True)
        room = inner.right - title.right - px(24)  # the difficulty beside the title, never over it
        line = widgets.fit(self.level_line(), 22, room)
        widgets.text(screen, line, (inner.right, inner.y + px(8)), 22, widgets.AMBER, anchor="topright")
        portrait_x = inner.right - px(110)
        speakers = [
            name for name in ("eiji", "anna", "gale", "gosterro", "rei") if name in m.briefing.lower()
        ]
        for i, name in enumerate(speakers[:3]):
            img = assets.portrait(name, px(96))
            if img is not None:
                top = inner.y + px(70) + i * px(132)
                screen.blit(img, (portrait_x, top))
                widgets.text(
                    screen, name.title(), (portrait_x + px(48), top + px(100)), 22, widgets.AMBER, "midtop"
                )
        goals = [
            line
            for obj in m.setup.objectives
            if obj.side == m.player_side
            for line in widgets.wrap(f"- {obj.text}", 24, inner.w - px(140))
        ]
        # the story gets what the objectives, the students and the footer leave
        reserve = px(70 + 10 + 34 + 28 * len(goals) + 34 + (6 + 28 * len(self.students)) + 40)
        size = 26
        text_box = pygame.Rect(inner.x, inner.y + px(70), inner.w - px(140), inner.h - reserve)
        while size > 18 and len(widgets.wrap(m.briefing.strip(), size, text_box.w)) * (
            widgets.font_for(m.briefing, size).get_linesize() + px(4)
        ) > text_box.h + px(4):
            size -= 2  # a long story on a small window: a smaller type, never cut off
        y = widgets.paragraph(screen, m.briefing.strip(), text_box, size)
        y += px(10)
        widgets.text(screen, tr("Objectives"), (inner.x, y), 28, widgets.AMBER)
        y += px(34)
        for line in goals:
            widgets.text(screen, line, (inner.x, y), 24, (150, 230, 160))
            y += px(28)
        y = _side_legend(screen, m, (inner.x, y + px(4)))
        if self.students:
            y += px(6)
            for line in self.students:
                widgets.text(screen, widgets.fit(line, 22, inner.w), (inner.x, y), 22, (170, 200, 235))
                y += px(28)
        widgets.text(
            screen,
            tr(
                "{select} or click to begin.   {cancel}: back",
                select=keys.hint("select", True),
                cancel=keys.hint("cancel", True),
            ),
            (inner.x, inner.bottom - px(24)),
            24,
            widgets.AMBER,
        )

    def level_line(self) -> str:
        """The difficulty this mission will be played at, and its measured win rate when there is one."""
        level = self.app.progress.difficulty
        measured = measured_difficulty(self.mission.id, level) if self.mission is not None else None
        return tr("Difficulty: {level}", level=level_name(level)) + (
            f" ({difficulty_label(measured)})" if measured else ""
        )


class PauseScene(Scene):
    """Over a battle: resume, save, load the newest save, help, or leave to the title."""

    def __init__(self, app: App, battle: Scene) -> None:
        """``battle``: the battle scene underneath (drawn behind the menu; its session is saved)."""
        super().__init__(app)
        self.battle = battle
        self.note = ""
        self.menu = widgets.Menu(
            [
                widgets.Item("resume", tr("Resume")),
                widgets.Item("save", tr("Save")),
                widgets.Item("load", tr("Load newest save"), enabled=bool(list_saves())),
                widgets.Item("options", tr("Options")),
                widgets.Item("title", tr("Quit to title")),
            ],
            width=px(380),
        )
        self.resumed()

    def resumed(self) -> None:
        """The quick keys as bound now (the options may just have changed them)."""
        b = keys.Bindings.of(self.app.options)
        quick = {"save": (N_("Save"), "quick_save"), "load": (N_("Load newest save"), "quick_load")}
        for item in self.menu.items:
            if item.key in quick:
                label, action = quick[item.key]
                item.label = f"{tr(label)} ({b.label(action)})"

    def lay_out(self, size: tuple[int, int]) -> None:
        """Place the menu on a window of ``size`` (before input as before drawing)."""
        w, h = size
        self.menu.width, self.menu.height, self.menu.gap = px(380), px(46), px(10)
        self.menu.origin = (w // 2 - self.menu.width // 2, h // 2 - px(90))

    def handle(self, event: pygame.event.Event) -> Transition | None:
        self.lay_out(self.app.size)
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            return POP
        key = self.menu.handle(event)
        if key == "resume":
            return POP
        if key == "save":
            try:
                battle = self.battle
                path = save_session(battle.session, ui=battle.save_ui())  # type: ignore[attr-defined]
                self.note = tr("Saved: {file}", file=path.name)
            except OSError as err:
                self.note = tr("Could not save: {err}", err=err)
        if key == "load":
            saves = list_saves()
            try:
                session = load_session(saves[0])
            except (SaveError, IndexError) as err:
                self.note = tr("Cannot load: {err}", err=err)
                return None
            return reset("battle", session, under="title")  # leaving the loaded battle goes home
        if key == "options":
            return push("options")
        if key == "title":
            return reset("title")
        return None

    def draw(self, screen: pygame.Surface) -> None:
        self.battle.draw(screen)
        w, h = screen.get_size()
        shade = pygame.Surface((w, h), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 140))
        screen.blit(shade, (0, 0))
        widgets.text(screen, tr("Paused"), (w // 2, h // 2 - px(150)), 56, anchor="center", bold=True)
        self.lay_out((w, h))
        self.menu.draw(screen)
        if self.note:
            # on a panel of its own under the menu (never on the menu, nor on the battle's texts)
            note = widgets.fit(self.note, 22, w - px(80))
            size = (widgets.font(22).size(note)[0] + px(28), widgets.font(22).get_linesize() + px(14))
            box = pygame.Rect((0, 0), size)
            box.midtop = (w // 2, self.menu.origin[1] + self.menu.total_height() + px(20))
            widgets.panel(screen, box, 235)
            widgets.text(screen, note, box.center, 22, widgets.AMBER, anchor="center")


class DebriefScene(Scene):
    """What happened: winner and why, who reached safety, who was lost, the story's ending."""

    def __init__(self, app: App, session: Session, log: list[str]) -> None:
        super().__init__(app)
        self.session = session
        state = session.state
        outcome = state.outcome
        human = session.human
        self.won = outcome is not None and human is not None and outcome.winner == human
        m = session.mission
        xp_before = dict(app.progress.xp)
        self.record = session.record(app.progress)
        if not session.remembered:
            app.progress.apply(self.record)  # only a won mission is remembered (campaign.py)
            session.remembered = True
        self.memory = memory_lines(session, self.record, xp_before, app.progress.xp)
        name = m.name_of
        lost = sorted(name(u) for u, unit in state.destroyed.items() if unit.side == human)
        saved = sorted(name(u) for u, unit in state.evacuated.items() if unit.side == human)
        spared = sorted(f"{name(u)} ({f.value})" for u, f in state.fates.items())
        self.lines = [
            tr(
                "Victory after {n} turn(s)"
                if self.won
                else "Draw after {n} turn(s)"
                if outcome is not None and outcome.winner is None
                else "Defeat after {n} turn(s)",
                n=min(state.turn, m.setup.max_turns),
            ),
            tr(outcome.said or outcome.reason) if outcome else "",
            tr("Reached safety: {names}", names=", ".join(saved) or tr("none")),
            tr("Lost: {names}", names=", ".join(lost) or tr("none")),
        ]
        if spared:
            self.lines.append(tr("Out of the fight alive: {names}", names=", ".join(spared)))
        # told with what this mission added to the memory (a pilot talked down here changes it)
        self.story = m.story_text("debrief_win" if self.won else "debrief_loss", session.memory).strip()
        self.log = log[-6:]

    def handle(self, event: pygame.event.Event) -> Transition | None:
        done = (
            event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_SPACE, pygame.K_ESCAPE)
        ) or (event.type == pygame.MOUSEBUTTONDOWN and event.button == 1)
        return reset("title") if done else None

    def draw(self, screen: pygame.Surface) -> None:
        w, h = screen.get_size()
        screen.blit(assets.title_image(w, h), (0, 0))
        box = pygame.Rect(px(60), px(50), w - px(120), h - px(100))
        widgets.panel(screen, box)
        inner = box.inflate(-px(60), -px(50))
        colour = (150, 230, 160) if self.won else widgets.BAD
        widgets.text(screen, self.session.mission.title, inner.topleft, 54, colour, bold=True)
        _winner_legend(screen, self.session, (inner.right, inner.y + px(16)))
        y = inner.y + px(70)
        for line in self.lines:
            widgets.text(screen, widgets.fit(line, 26, inner.w), (inner.x, y), 26)
            y += px(32)
        y = widgets.paragraph(
            screen,
            self.story,
            pygame.Rect(
                inner.x, y + px(14), inner.w, inner.h - (y - inner.y) - px(70) - px(26) * len(self.memory)
            ),
            24,
            (220, 200, 180),
        )
        y += px(8)
        for i, line in enumerate(self.memory):
            colour = widgets.AMBER if i == 0 else (170, 200, 235)
            widgets.text(screen, widgets.fit(line, 22, inner.w), (inner.x, y), 22, colour)
            y += px(26)
        widgets.text(
            screen,
            tr("{select} to continue", select=keys.hint("select", True)),
            (inner.x, inner.bottom - px(24)),
            24,
            widgets.AMBER,
        )


def memory_lines(
    session: Session, record: object, xp_before: dict[str, int], xp_after: dict[str, int]
) -> list[str]:
    """What the campaign remembers from this mission, for the debrief (first line a heading)."""
    assert isinstance(record, MissionRecord)
    if not record.counts:
        return [tr(record.why)] if record.why and session.mission.kind == "mission" else []
    catalog = load_catalog()
    names = {str(p.id): p.name.split()[0] for p in catalog.pilots.values()}
    out = [tr("The campaign remembers:")]
    for pilot, fate in sorted(record.fates.items()):
        out.append("- " + tr(describe_flag(f"fate.{pilot}.{fate}", names)))
    for flag in record.flags:
        out.append("- " + tr(describe_flag(flag)))
    for pilot in learners(catalog):
        gain = record.xp.get(pilot, 0)
        if not gain:
            continue
        before = skills(catalog, pilot, xp_before.get(pilot, 0))
        after = skills(catalog, pilot, xp_after.get(pilot, 0))
        grown = [
            f"{tr(SKILL_WORDS[s])} {before[s]}->{after[s]}" for s in GROWTH_ORDER if after[s] != before[s]
        ]
        learned = tr("; learned: {skills}", skills=", ".join(grown)) if grown else tr("; no new skill yet")
        out.append(
            tr(
                "- {pilot}: +{gain} xp ({total} in all)",
                pilot=names[pilot],
                gain=gain,
                total=xp_after.get(pilot, 0),
            )
            + learned
        )
    if record.why:
        out.append(tr(record.why))
    if len(out) == 1:
        out.append(tr("- nothing new: no fates met, no students in the fight"))
    return out


def _side_legend(screen: pygame.Surface, m: Mission, pos: tuple[int, int]) -> int:
    """The mission's sides, each with the shape and colour that marks it on the map; the next line's y."""
    names = [(s.id, s.name + (tr(" (you)") if s.id == m.player_side else "")) for s in m.sides]
    sides.legend(screen, m, names, pos, 22)
    return pos[1] + px(30)


def _winner_legend(screen: pygame.Surface, session: Session, topright: tuple[int, int]) -> None:
    """The winning side with its map shape and colour, right-aligned at ``topright`` (nothing on a draw)."""
    outcome = session.state.outcome
    if outcome is None or outcome.winner is None:
        return
    m = session.mission
    info = m.side_brief(outcome.winner)
    label = tr("Winner: {side}", side=info.name if info else outcome.winner)
    width = px(26) + widgets.font_for(label, 24).size(label)[0]
    sides.legend(screen, m, [(outcome.winner, label)], (topright[0] - width, topright[1]), 24)
