"""The game's half of ``layzner-tactics bench``: frame time, idle CPU, and launch to the first frame.

- ``render_frame_ms_median`` / ``_p95``: the battle screen of a storm mission at 1280x720 with every
  layer on (terrain, units, the selected unit's move and attack overlays and its path, the threat
  overlay, fog, the dust storm, the top bar, side panel and log), each frame drawn and flipped by
  ``App.step`` exactly as the loop does, after a warm-up that fills the scene's caches.
- ``render_cutin_ms_median`` / ``_p95``: the same screen while a battle cut-in plays over it (the
  selected unit firing at an enemy in sight, a counter, a kill), every frame of the cut-in from its
  first to its last; each cut-in makes its pictures when it starts, as in the game (after a warm-up
  pass that loads the art files once); held to the same targets.
- ``idle_cpu_percent``: a child process runs the real loop (``App.run``) on that screen with nothing
  happening; its CPU time (``time.process_time``) over a few seconds, as a percentage of one core.
- ``startup_to_first_frame_s``: a fresh ``layzner-tactics play`` process, from launch to its first
  flipped frame (the app reports that moment when ``FIRST_FRAME_ENV`` is set; see ``ui/app.py``).

Every measurement runs on SDL's dummy video and audio drivers and in a throw-away home folder, so the
player's saves and options are never touched.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pygame

from ..campaign import load_mission
from ..engine import Unit, UnitId
from . import widgets
from .anim import BannerAnim, CutInAnim, DialogueAnim
from .app import FIRST_FRAME_ENV, STEP, App
from .battle import BattleScene
from .cutin import make_painter
from .exchange import Blow, CutIn, Fighter
from .options import Options
from .session import Session

MISSION = "dead-end-canyon"
"""A mission that opens inside a dust storm, with fog, and enemies soon in sight."""
SEEDS = (1, 2, 3)
"""Tried in turn until one gives a screen with every layer on (the AI's moves decide what is seen)."""
SIZE = (1280, 720)
MAX_PHASES = 8
"""Phases the player may end before an enemy is in sight (its threat overlay is one of the layers)."""
QUIET_STEPS = 600


@contextmanager
def _headless_home() -> Iterator[None]:
    """Dummy SDL drivers and a temporary home folder for the duration (then the old environment)."""
    keys = ("SDL_VIDEODRIVER", "SDL_AUDIODRIVER", "PYGAME_HIDE_SUPPORT_PROMPT", "LAYZNER_TACTICS_HOME")
    old = {k: os.environ.get(k) for k in keys}
    with tempfile.TemporaryDirectory(prefix="layzner-bench-") as home:
        os.environ.update(
            SDL_VIDEODRIVER="dummy",
            SDL_AUDIODRIVER="dummy",
            PYGAME_HIDE_SUPPORT_PROMPT="1",
            LAYZNER_TACTICS_HOME=home,
        )
        try:
            yield
        finally:
            for k, v in old.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v


def _env() -> dict[str, str]:
    """The environment of a measured child process (``_headless_home`` must be active)."""
    env = dict(os.environ)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


def _key(k: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)


def _centre(battle: BattleScene, tile: int) -> tuple[int, int]:
    return battle.camera.tile_rect(*battle.grid.xy(tile)).center


def battle_screen(app: App) -> BattleScene:
    """The benchmark's battle screen on ``app``, set up by posted events as a player would: the
    opening banners and dialogue read, phases ended until an enemy shows, a unit selected, the mouse
    on a tile it can reach, the threat overlay on.

    Raises ``RuntimeError`` naming the layers that are not on screen with any of ``SEEDS`` (a frame
    without them would flatter us).
    """
    problems = []
    for seed in SEEDS:
        app.stack.clear()
        try:
            return _battle_screen(app, seed)
        except RuntimeError as err:
            problems.append(str(err))
    raise RuntimeError("; ".join(problems))


def _select_and_aim(app: App, battle: BattleScene, unit: Unit) -> None:
    """Click ``unit``, put the mouse on the furthest tile it can reach (its path is drawn) and turn the
    threat overlay on: the busiest frame a player's turn shows."""
    pos = _centre(battle, unit.tile)
    app.step(
        [
            pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)),
            pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1),
            pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1),
        ],
        dt=STEP,
    )
    if battle.move_tiles:
        far = max(battle.grid.tiles(battle.move_tiles), key=lambda t: (battle.reach_cost.get(t, 0), t))
        where = _centre(battle, far)
        app.step([pygame.event.Event(pygame.MOUSEMOTION, pos=where, rel=(0, 0), buttons=(0, 0, 0))], dt=STEP)
    app.step([_key(pygame.K_t)], dt=STEP)


def _battle_screen(app: App, seed: int) -> BattleScene:
    battle = BattleScene(app, Session(load_mission(MISSION), seed))
    app.stack.append(battle)
    _settle(app, battle)
    for _ in range(MAX_PHASES):
        if battle.obs.enemies():
            break
        app.step([_key(pygame.K_e)], dt=STEP)  # end the phase (the Return confirms with units left)
        app.step([_key(pygame.K_RETURN)], dt=STEP)
        _settle(app, battle)
    unit = next(
        (u for u in battle.obs.own_units() if not u.acted and battle.obs.catalog.units[u.type_id].weapons),
        None,
    )
    if unit is None:
        raise RuntimeError(f"{MISSION} seed {seed}: no armed unit of the player's to select")
    _select_and_aim(app, battle, unit)
    for _ in range(QUIET_STEPS):  # let the last hit's numbers fade: nothing moves any more
        if not battle.busy():
            break
        app.step([], dt=STEP)
    missing = [name for name, on in _layers(battle).items() if not on]
    if missing:
        raise RuntimeError(f"{MISSION} seed {seed}: missing {', '.join(missing)}")
    return battle


def _layers(battle: BattleScene) -> dict[str, bool]:
    view = 0
    for t in range(battle.grid.size):
        if battle.camera.tile_rect(*battle.grid.xy(t)).colliderect(battle.layout.view):
            view |= 1 << t
    full = (1 << battle.grid.size) - 1
    return {
        "selected unit": battle.selected is not None and battle.mode.name == "select",
        "move overlay": bool(battle.move_tiles & view),
        "attack overlay": bool(battle.attack_tiles & view),
        "path": len(battle.path) > 1,
        "threat overlay": battle.show_threat and bool(battle.threat & view),
        "fog": bool(full & ~battle.obs.visible & view),
        "dust storm": bool(battle.obs.storm_mask & view),
        "log": bool(battle.log),
        "player's turn": battle.session.human_turn(),
        "nothing moving": not battle.busy(),
    }


def _settle(app: App, battle: BattleScene, limit: int = 5000) -> None:
    """Step until the opening animations are over and it is the player's turn."""
    for _ in range(limit):
        events = (
            [_key(pygame.K_RETURN)] if isinstance(battle.queue.head(), (BannerAnim, DialogueAnim)) else []
        )
        app.step(events, dt=1 / 30)
        if not battle.queue and battle.session.human_turn():
            return
        if battle.session.state.outcome is not None:
            break
    raise RuntimeError(f"{MISSION}: the battle never reached the player's turn")


def time_frames(app: App, frames: int, warmup: int) -> list[float]:
    """Milliseconds per frame of what ``app`` shows, each drawn and flipped by ``App.step`` (redrawn every
    step, as while an animation runs); the first ``warmup`` frames are not counted."""
    times = []
    for i in range(warmup + frames):
        app._dirty = True
        start = time.perf_counter()
        app.step([], dt=STEP)
        if i >= warmup:
            times.append((time.perf_counter() - start) * 1000)
    return times


def engaged_frame_times(session: Session, contact: int, frames: int, warmup: int = 30) -> list[float]:
    """Milliseconds per frame of the battle screen on ``session`` (a battle whose opening brought at least
    ``contact`` enemies in sight) at 1280x720: a unit of the player's selected, the mouse on the furthest
    tile it can reach, the threat overlay on.

    Raises ``RuntimeError`` when the screen does not show enemies in sight, their threat and the
    selected unit's moves (a frame without them would flatter us)."""
    with _headless_home():
        app = _app()
        try:
            battle = BattleScene(app, session)
            app.stack.append(battle)
            _settle(app, battle)
            enemies = battle.obs.enemies()
            # the player's unit nearest the enemy: its moves and attacks overlap their threat
            unit = min(
                (u for u in battle.obs.own_units() if not u.acted),
                key=lambda u: (min((battle.grid.distance(u.tile, e.tile) for e in enemies), default=0), u.id),
                default=None,
            )
            if unit is None:
                raise RuntimeError("the battle has no unit of the player's to select")
            battle.camera.centre_on(*battle.grid.xy(unit.tile))  # scrolled there, as a player would
            _select_and_aim(app, battle, unit)
            layers = _layers(battle)
            missing = [
                k
                for k in ("selected unit", "move overlay", "threat overlay", "fog", "player's turn")
                if not layers[k]
            ]
            if len(enemies) < contact or missing:
                raise RuntimeError(f"the battle screen lacks {', '.join(missing) or 'enemies in sight'}")
            return time_frames(app, frames, warmup)
        finally:
            _quit()


def render_frame_times(frames: int, warmup: int = 30) -> list[float]:
    """Milliseconds per frame of the battle screen, each drawn and flipped by ``App.step``."""
    with _headless_home():
        app = _app()
        try:
            battle_screen(app)
            if app.size != SIZE:
                raise RuntimeError(f"the window is {app.size}, not {SIZE}")
            return time_frames(app, frames, warmup)
        finally:
            _quit()


def bench_cut_in(battle: BattleScene) -> CutInAnim:
    """A cut-in of the benchmark screen's selected unit firing at an enemy in sight: a critical hit,
    the enemy's counter, then the enemy destroyed by a second exchange's worth of damage (every beat)."""
    state = battle.session.state
    me = state.units[UnitId(str(battle.selected))]
    foe = next(iter(battle.obs.enemies()))

    def fighter(uid: UnitId) -> Fighter:
        u = state.units[uid]
        pilot = state.catalog.pilot(u.pilot).name if u.pilot else ""
        return Fighter(
            uid, u.type_id, u.side, battle.unit_name(uid), pilot, u.hp, state.catalog.units[u.type_id].hp
        )

    def weapon(uid: UnitId) -> tuple[str, str, str]:
        w = state.catalog.units[state.units[uid].type_id].weapons[0]
        return str(w.id), w.name, w.kind.value

    half = foe.hp // 2
    blows = (
        Blow(False, *weapon(me.id), True, True, half, foe.hp, foe.hp - half),
        Blow(True, *weapon(foe.id), True, False, 1, me.hp, me.hp - 1, ""),
    )
    cut = CutIn(fighter(me.id), fighter(foe.id), blows)
    kill = CutIn(
        fighter(me.id),
        fighter(foe.id),
        (Blow(False, *weapon(me.id), True, False, half, foe.hp - half, 0, "destroyed"),),
    )
    battle.queue.items[:0] = [CutInAnim(make_painter(c, battle.side_colour, True)) for c in (cut, kill)]
    head = battle.queue.items[0]
    assert isinstance(head, CutInAnim)
    return head


def render_cutin_frame_times() -> list[float]:
    """Milliseconds per frame of the battle screen while two cut-ins play (one warm-up pass first)."""
    with _headless_home():
        app = _app()
        try:
            battle = battle_screen(app)
            times: list[float] = []
            for measured in (False, True):
                bench_cut_in(battle)
                while any(isinstance(a, CutInAnim) for a in battle.queue.items):
                    app._dirty = True
                    start = time.perf_counter()
                    app.step([], dt=STEP)
                    if measured:
                        times.append((time.perf_counter() - start) * 1000)
            return times
        finally:
            _quit()


def _app() -> App:
    """An app on a 1280x720 dummy display (set directly: the game's own sizing keeps a window inside
    the desktop, and the dummy driver's desktop is 1024x768)."""
    pygame.display.init()
    pygame.font.init()
    return App(pygame.display.set_mode(SIZE), Options(window=SIZE, fullscreen=False))


def _quit() -> None:
    widgets.font.cache_clear()
    pygame.quit()


def idle_cpu_percent(seconds: float) -> float:
    """CPU use of the real loop showing the battle screen with nothing happening (child process)."""
    with _headless_home():
        proc = subprocess.run(
            [sys.executable, "-c", f"from {__name__} import _idle_child; _idle_child({seconds!r})"],
            capture_output=True,
            text=True,
            env=_env(),
            timeout=60 + seconds,
            check=False,
        )
    if proc.returncode != 0:
        raise RuntimeError(f"the idle benchmark failed: {proc.stderr.strip()[-800:]}")
    return float(json.loads(proc.stdout.strip().splitlines()[-1])["idle_cpu_percent"])


def _idle_child(seconds: float) -> None:
    """Run ``App.run`` on the battle screen for ``seconds`` after it settles; print the CPU share."""
    app = _app()
    battle = battle_screen(app)
    app.step([], dt=STEP)  # the last change drawn: the loop starts asleep
    app.stack.clear()  # App.run pushes its first scene itself
    pygame.event.clear()
    pygame.time.set_timer(pygame.QUIT, round(seconds * 1000), loops=1)
    frames, cpu, wall = app.frames, time.process_time(), time.perf_counter()
    app.run(lambda _: battle)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(json.dumps({"idle_cpu_percent": 100 * cpu / wall, "frames": app.frames - frames}))
    _quit()


def startup_to_first_frame(repeats: int) -> float:
    """Median seconds from launching ``layzner-tactics play`` to its first flipped frame."""
    times = []
    with _headless_home():
        env = _env()
        env[FIRST_FRAME_ENV] = "1"
        for _ in range(repeats):
            start = time.time()
            proc = subprocess.run(
                [sys.executable, "-m", "layzner_tactics", "play", "--windowed"],
                capture_output=True,
                text=True,
                env=env,
                timeout=60,
                check=False,
            )
            stamp = [line for line in proc.stdout.splitlines() if line.startswith("first-frame ")]
            if proc.returncode != 0 or not stamp:
                raise RuntimeError(f"the game did not report a first frame: {proc.stderr.strip()[-800:]}")
            times.append(float(stamp[-1].split()[1]) - start)
    return statistics.median(times)


def measure(quick: bool) -> dict[str, float]:
    """The UI figures of ``layzner-tactics bench`` (``quick``: fewer frames, shorter idle, fewer runs)."""
    times = render_frame_times(60 if quick else 400)
    cutin = render_cutin_frame_times()
    return {
        "render_frame_ms_median": statistics.median(times),
        "render_frame_ms_p95": statistics.quantiles(times, n=20)[-1],
        "render_cutin_ms_median": statistics.median(cutin),
        "render_cutin_ms_p95": statistics.quantiles(cutin, n=20)[-1],
        "idle_cpu_percent": idle_cpu_percent(2.0 if quick else 5.0),
        "startup_to_first_frame_s": startup_to_first_frame(3 if quick else 7),
    }
