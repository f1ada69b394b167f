"""Every text on every screen fits its box and no two labels overlap, at 1280x720 and the minimum window,
and at the smallest and the largest UI scale (75 % on the minimum window, 200 % on a window that holds
it; 200 % on the minimum window is held to the 100 % that fits it).

The drawing helpers (``widgets.text``, ``panel``, ``button`` and the map's tags) report what they draw
to ``widgets.recording``; each screen and each panel state of the bundled missions 1 and 2 is drawn
once under it. A text must lie inside the smallest box (panel, button, or the screen's area) drawn
before it that holds its centre, and no two texts still in view (not covered by a later panel) may
overlap.
"""

from __future__ import annotations

import re

import pygame
import pytest
from ui_helpers import key, settle

from layzner_tactics.campaign import load_mission, mission_list, training_mission
from layzner_tactics.engine import Attack
from layzner_tactics.ui import widgets
from layzner_tactics.ui.app import MIN_SIZE, App, open_display, scene_class
from layzner_tactics.ui.battle import BattleScene, orders
from layzner_tactics.ui.battle.modes import Forecast, Target
from layzner_tactics.ui.menus import BriefingScene, DebriefScene, ListScene, LoadScene, PauseScene, TitleScene
from layzner_tactics.ui.options import Options
from layzner_tactics.ui.replay_viewer import ReplayScene
from layzner_tactics.ui.session import Session

SIZES = [
    ((1280, 720), 100, 1.0),
    (MIN_SIZE, 100, 1.0),
    (MIN_SIZE, 75, 0.75),
    ((1920, 1200), 200, 2.0),
    ((1280, 720), 200, 1.2),
]
"""Window, the UI scale chosen, the scale that window holds."""
MISSIONS = ["earth-is-at-stake", "blue-dust"]


@pytest.fixture(params=SIZES, ids=lambda s: f"{s[0][0]}x{s[0][1]}-{s[1]}%")
def app(request, tmp_path, monkeypatch):
    size, percent, held = request.param
    monkeypatch.setenv("LAYZNER_TACTICS_HOME", str(tmp_path))
    options = Options(ui_scale=percent)
    options.window = size
    opened = open_display(options, True)
    assert not isinstance(opened, str), opened
    screen = pygame.display.set_mode(size)  # exactly this size (the dummy desktop is small)
    assert screen.get_size() == size
    made = App(screen, options)
    assert widgets.scale() == pytest.approx(held)
    yield made
    widgets.set_scale(1.0)
    widgets.font.cache_clear()
    pygame.quit()


INTERNAL_ID = re.compile(r"\b[a-z]+-\d+\b")
"""A unit id as the scenarios write them ("braver-3"): never shown to the player."""


def problems(app: App, scene, regions: list[pygame.Rect], what: str) -> list[str]:
    """What is wrong with the texts of one frame of ``scene``."""
    screen = app.screen
    with widgets.recording(screen) as log:
        scene.draw(screen)
    area = screen.get_rect()
    out = []
    for t in log.texts:
        if INTERNAL_ID.search(t.text):
            out.append(f"{what}: {t.text!r} shows an internal id")
    for i, t in enumerate(log.texts):
        if not area.contains(t.rect):
            out.append(f"{what}: {t.text!r} leaves the window ({t.rect})")
            continue
        # its box: the smallest panel or button drawn under it, else the screen's area it is in
        held = [b for b, n in log.boxes if n <= i and b.collidepoint(t.rect.center)]
        held = held or [r for r in regions if r.collidepoint(t.rect.center)]
        if held:
            box = min(held, key=lambda r: r.width * r.height)
            if not box.contains(t.rect):
                out.append(f"{what}: {t.text!r} ({t.rect}) is cut by its box {box}")
    live = [t for t in log.texts if not t.covered]
    for i, a in enumerate(live):
        for b in live[i + 1 :]:
            cut = a.rect.clip(b.rect)
            if cut.width > 2 and cut.height > 2:
                out.append(f"{what}: {a.text!r} and {b.text!r} overlap at {cut}")
    return out


def battle_regions(battle: BattleScene) -> list[pygame.Rect]:
    lay = battle.layout
    return [lay.top, lay.view, lay.side]


def walk_battle(app: App, battle: BattleScene) -> list[str]:
    """Every panel state of the battle screen for the player's units: the card of each unit and of the
    ground, the orders menu, the targets, the forecast of every weapon, Rei, help, the question."""
    found: list[str] = []
    regions = battle_regions(battle)

    def look(what: str) -> None:
        found.extend(problems(app, battle, regions, what))

    look("idle")
    board = battle.obs
    for uid, unit in sorted(board.units.items()):
        battle.cursor = battle.grid.xy(unit.tile)
        battle.camera.ensure_visible(*battle.cursor)
        look(f"card of {uid}")
    for w in board.wrecks.values():
        battle.cursor = battle.grid.xy(w.tile)
        look(f"wreck card {w.id}")
    battle.cursor = (0, 0)
    look("ground card")
    for unit in [u for u in board.own_units() if not u.acted]:
        battle._select(unit.id)
        look(f"{unit.id} selected")
        battle.set_mode(orders.open_menu(battle))
        look(f"{unit.id} orders")
        targets = battle._targets()
        if targets:
            battle.set_mode(Target(unit.id))
            look(f"{unit.id} targets")
            for target in targets:
                n = len(battle._attacks_on(unit.id, target))
                for i in range(n):
                    battle.set_mode(Forecast(unit.id, target, i))
                    look(f"{unit.id} forecast on {target} weapon {i}")
        battle._deselect()
        orders.ask_rei(battle)
        look(f"Rei on {unit.id}")
        battle.advice = None
    battle.show_help = True
    look("help")
    battle.show_help = False
    battle.confirm = ("end", "3 unit(s) can still act. End the phase?")
    look("question")
    battle.confirm = None
    battle.say("Threat overlay on: no enemy in sight, nothing to show yet")
    look("toast")
    battle.toast_t = 0
    pause = PauseScene(app, battle)
    found.extend(problems(app, pause, [], "pause menu"))
    pause.note = "Could not save: [Errno 28] No space left on device, the game folder is full"
    found.extend(problems(app, pause, [], "pause menu with a note"))
    return found


def test_menus_fit(app):
    found: list[str] = []
    for scene in (
        TitleScene(app),
        ListScene(app, "Mission Select", "mission"),
        ListScene(app, "Skirmish", "skirmish"),
        LoadScene(app),
    ):
        app.stack[:] = [scene]
        found += problems(app, scene, [], type(scene).__name__)
    title = TitleScene(app)
    app.progress.completed.append("earth-is-at-stake")
    app.progress.xp["roan"] = 3
    title.choose("new")  # the New Campaign warning under the menu
    app.stack[:] = [title]
    found += problems(app, title, [], "New Campaign warning")
    for mission in MISSIONS:
        found += problems(app, BriefingScene(app, mission), [], f"{mission} briefing")
    for name in ("options", "keys", "pad", "training"):
        scene = scene_class(name)(app)
        app.stack[:] = [scene]
        found += problems(app, scene, [], name)
    title = TitleScene(app)
    app.stack[:] = [title]
    title.confirm_new = True
    title.choose("new")  # the difficulty levels, their note under them
    found += problems(app, title, [], "difficulty levels")
    viewer = ReplayScene(app, training_mission(), 5, [])
    app.stack[:] = [viewer]
    found += problems(app, viewer, battle_regions(viewer.battle), "replay viewer")
    assert not found, "\n".join(found)


def test_long_menus_scroll_in_view(app):
    """Mission Select with the whole campaign won (every title, the simulator, Back) and the options
    list: every row can be reached with the keys and is drawn inside the window when highlighted."""
    app.progress.completed.extend(e.id for e in mission_list() if e.kind == "mission")
    found: list[str] = []
    for scene in (ListScene(app, "Mission Select", "mission"), scene_class("options")(app)):
        app.stack[:] = [scene]
        menu = scene.menu
        assert len(menu.items) >= 9
        labels = set()
        for _ in range(len(menu.items)):
            found += problems(app, scene, [], f"{type(scene).__name__} at row {menu.index}")
            with widgets.recording(app.screen) as log:
                scene.draw(app.screen)
            rect = menu.rects()[menu.index]
            assert app.screen.get_rect().contains(rect), (menu.index, rect)
            labels |= {t.text for t in log.texts}
            app.step([key(pygame.K_DOWN)])
        assert all(any(item.label in t for t in labels) for item in menu.items if item.enabled)
    assert not found, "\n".join(dict.fromkeys(found))


@pytest.mark.parametrize("mission", MISSIONS)
def test_every_battle_panel_fits(app, mission):
    battle = BattleScene(app, Session(load_mission(mission), 7))
    app.stack[:] = [battle]
    settle(app, battle)
    found = walk_battle(app, battle)
    # a turn later: the enemy seen, moved units, the log filled
    for _ in range(3):
        app.step([key(pygame.K_e)])
        app.step([key(pygame.K_RETURN)])
        settle(app, battle)
        if battle.session.state.outcome is not None:
            break
    found += walk_battle(app, battle)
    attacks = [a for a in battle.legal() if isinstance(a, Attack)]
    if attacks:
        battle.do(attacks[0])
        for _ in range(40):  # mid-animation: the floating numbers and tags
            app.step([], dt=1 / 30)
            found += problems(app, battle, battle_regions(battle), "attack playing")
    debrief = DebriefScene(app, battle.session, battle.log)
    found += problems(app, debrief, [], "debrief")
    assert not found, "\n".join(dict.fromkeys(found))


def test_a_recorded_overlap_is_caught(app):
    """The check itself: two labels drawn on one another, and a label longer than its button."""
    screen = app.screen
    with widgets.recording(screen) as log:
        widgets.text(screen, "Talk down Braver 3: 50%", (100, 100))
        widgets.text(screen, "Capture pilot", (120, 104))
    assert log.texts[0].rect.colliderect(log.texts[1].rect)

    class Frame:
        def draw(self, surface):
            widgets.button(surface, pygame.Rect(300, 300, 60, 30), "A label far too long for it", True)

    assert any("cut by its box" in p for p in problems(app, Frame(), [], "button"))

    class Leak:
        def draw(self, surface):
            widgets.text(surface, "Talk down braver-3: 50%", (100, 100))

    assert any("internal id" in p for p in problems(app, Leak(), [], "menu"))


def test_every_bundled_mission_opens_with_text_that_fits(app):
    """The briefing and the first frames of every bundled mission (its banner, its first lines of
    dialogue, the top bar with its title, the side panel)."""
    found: list[str] = []
    for entry in mission_list():
        if entry.error or entry.kind != "mission":
            continue
        found += problems(app, BriefingScene(app, entry.id), [], f"{entry.id} briefing")
        battle = BattleScene(app, Session(load_mission(entry.id), 3))
        app.stack[:] = [battle]
        for _ in range(12):  # the opening: banner, then each line of dialogue
            app.step([], dt=0.5)
            found += problems(app, battle, battle_regions(battle), f"{entry.id} opening")
            app.step([key(pygame.K_RETURN)], dt=0.2)
    assert not found, "\n".join(dict.fromkeys(found))
