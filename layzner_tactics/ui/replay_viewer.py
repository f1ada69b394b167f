"""``layzner-tactics replay FILE``: watch a recorded game in the window, every side's units visible.

A replay is a scenario, a seed and a list of actions; the engine is deterministic, so the viewer is a
position in that list. Playing applies the next action through the same ``apply`` as live play and
animates its events on the battle screen; a step forward does one; a step back rebuilds the game from
the start up to one action earlier (no animation), and so does a click on the progress bar (a seek).

Keys: Space pause/resume (at the end: from the start again), Right or N one action forward, Left or B one
back, Up/Down (or ] and [) faster/slower, Home/End first/last action, F1 the battle's help, +/- zoom,
Esc quit. The progress bar shows the turn and phase, the action number and the last action described.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import pygame

from ..campaign import Mission, SaveError, mission_for
from ..engine import Action, EndPhase, Event, EventNames, IllegalActionError, action_text
from ..i18n import N_, tr
from ..sim.match import Match
from ..sim.replay import ReplayError, load_replay
from . import widgets
from .anim import Call
from .app import POP, App, Scene, Transition, open_display
from .audio import Audio
from .battle import BattleScene
from .options import Options
from .session import Session

SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
GAP = 0.3
"""Seconds (at x1) between one action's animation ending and the next action."""
BAR_H = 92
HINTS = (
    N_("Space pause  Left/Right step  Up/Down speed  Home/End  click the bar  Esc quit"),
    N_("Space pause  Left/Right step  Up/Down speed  Esc quit"),
    N_("Space  Left/Right  Up/Down  Esc"),
)
LOG_ACTIONS = 12
"""After a seek the log shows the events of this many actions before the position."""


def _never() -> Action | None:  # the viewer, not the battle scene, hands out the actions
    return None


class ViewerBattle(BattleScene):
    """The battle screen as the viewer's window: every side visible, no AI, no debrief at the end."""

    def __init__(self, app: App, session: Session, viewer: ReplayScene) -> None:
        self.viewer_scene = viewer
        super().__init__(app, session, feed=_never, omniscient=True)

    def speed(self) -> float:
        s = self.app.options.anim_speed * self.viewer_scene.speed * (3.0 if self.fast else 1.0)
        return s * (40.0 if self.skip else 1.0)

    def _debrief(self) -> Transition:
        return None  # type: ignore[return-value]  # the viewer stays on the last position


class ReplayScene(Scene):
    """A recorded game as a position in its action list, played, stepped or sought."""

    def __init__(self, app: App, mission: Mission, seed: int, actions: Sequence[Action]) -> None:
        super().__init__(app)
        self.mission = mission
        self._names: EventNames | None = None
        self.seed = seed
        self.actions = list(actions)
        self.error = ""
        self.timeline = self._timeline()  # (turn, side to act) after i actions, i = 0..len(actions)
        self.index = 0
        self.playing = True
        self.speed_i = SPEEDS.index(1.0)
        self.wait = GAP
        self.last = tr("Start of the game")
        self.bar = pygame.Rect(0, 0, 0, 0)
        self.battle = self._build(0, None)

    @property
    def speed(self) -> float:
        return SPEEDS[self.speed_i]

    @property
    def session(self) -> Session:
        return self.battle.session

    def _timeline(self) -> list[tuple[int, str]]:
        """One headless pass: each position's turn and phase; a bad action cuts the replay there."""
        match = Match(self.mission.setup, self.seed, {})
        state = match.state
        out = [(state.turn, str(state.side_to_act))]
        for i, action in enumerate(self.actions):
            try:
                match.replay((action,))
            except (IllegalActionError, KeyError, IndexError, ValueError) as err:
                self.error = tr("The replay stops at action {n}: {err}", n=i + 1, err=err)
                self.actions = self.actions[:i]
                break
            out.append((state.turn, str(state.side_to_act)))
        return out

    # ------------------------------------------------------------------ position

    def _build(self, n: int, old: ViewerBattle | None) -> ViewerBattle:
        """The battle screen at position ``n``, rebuilt from the start (the engine is deterministic)."""
        session = Session(self.mission, self.seed)
        recent: list[Event] = list(session.opening)
        for i, action in enumerate(self.actions[:n]):
            events = session.act(action)
            if i >= n - LOG_ACTIONS:
                recent += events
        battle = ViewerBattle(self.app, session, self)
        if n > 0 or old is not None:
            battle.queue.items.clear()  # no opening banner or dialogue in the middle of a game
            battle._sync()
            battle.log = []  # the log tells what led here: the last actions' events
            for e in recent[-3 * LOG_ACTIONS :]:
                line = battle._describe(e)
                if line:
                    battle._log(line)
        if old is not None:
            battle.camera.ts = old.camera.ts
            battle.camera.ox, battle.camera.oy = old.camera.ox, old.camera.oy
            battle.camera.clamp()
            battle.show_help = old.show_help
            battle.fast = old.fast
        self.index = n
        self.last = self.describe(self.actions[n - 1]) if n else tr("Start of the game")
        return battle

    def seek(self, n: int) -> None:
        n = max(0, min(len(self.actions), n))
        if n == self.index and not self.battle.queue:
            return
        self.battle = self._build(n, self.battle)
        if n:  # keep the unit that acted last in view, clear of the progress bar
            last = self.actions[n - 1]
            unit = self.session.state.units.get(last.unit) if not isinstance(last, EndPhase) else None
            if unit is not None:
                self.battle.camera.ensure_visible(*self.session.state.grid.xy(unit.tile), margin=3)

    def _flush(self) -> None:
        """Finish the animations under way at once (a step should not wait for them)."""
        b = self.battle
        for _ in range(2000):
            if not b.queue:
                break
            b.queue.update(b, 1e6)
        b.floaters.clear()

    def forward(self) -> bool:
        """Apply the next action and animate it; False at the end."""
        if self.index >= len(self.actions):
            return False
        action = self.actions[self.index]
        b = self.battle
        before = b.obs
        events = b.session.act(action)  # checked by the timeline pass: it is legal here
        self.index += 1
        self.last = self.describe(action)
        b._queue_events(events, before, b._observe())
        return True

    def step(self, direction: int) -> None:
        self.playing = False
        if direction > 0:
            self._flush()
            if not self.forward():
                self.battle.say(tr("End of the replay"))
        else:
            self.seek(self.index - 1)

    def describe(self, action: Action) -> str:
        if self._names is None:
            names = {str(uid): name for uid, name in self.mission.unit_names.items()}
            self._names = EventNames.of(self.mission.setup, names)
        return tr(action_text(action, self._names))

    # ------------------------------------------------------------------ scene

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame.KEYDOWN:
            k = event.key
            if k in (pygame.K_ESCAPE, pygame.K_q):
                return POP
            if k == pygame.K_SPACE:
                if self.index >= len(self.actions) and not self.playing:
                    self.seek(0)
                    self.playing = True
                else:
                    self.playing = not self.playing
                self.wait = GAP
                return None
            if k in (pygame.K_RIGHT, pygame.K_n):
                self.step(1)
                return None
            if k in (pygame.K_LEFT, pygame.K_b):
                self.step(-1)
                return None
            if k in (pygame.K_UP, pygame.K_RIGHTBRACKET):
                self.speed_i = min(len(SPEEDS) - 1, self.speed_i + 1)
                return None
            if k in (pygame.K_DOWN, pygame.K_LEFTBRACKET):
                self.speed_i = max(0, self.speed_i - 1)
                return None
            if k == pygame.K_HOME:
                self.playing = False
                self.seek(0)
                return None
            if k == pygame.K_END:
                self.playing = False
                self.seek(len(self.actions))
                return None
            if k in (pygame.K_RETURN, pygame.K_KP_ENTER):
                return self.battle.handle(event)  # hurries a banner, closes a dialogue
            self.battle._key(event)  # F1 help, F fast, +/- zoom: the battle's own keys
            return None
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.bar.collidepoint(event.pos) and self.bar.width > 1:
                frac = (event.pos[0] - self.bar.left) / (self.bar.width - 1)
                self.playing = False
                self.seek(round(frac * len(self.actions)))
                return None
            for name, r in self.battle.top_buttons.items():
                if r.collidepoint(event.pos):
                    if name == "menu":
                        return POP
                    if name == "help":
                        self.battle.show_help = not self.battle.show_help
                    elif name == "fast":
                        self.battle.fast = not self.battle.fast
                    return None
            return None
        self.battle.handle(event)  # drag, wheel zoom, hover, resize
        return None

    def update(self, dt: float) -> Transition | None:
        b = self.battle
        if not b.queue:
            b.queue.add(Call(lambda s: None))  # ticks the scene's clocks; it never acts by itself
        b.update(dt)
        if self.playing and not b.queue:
            if self.index >= len(self.actions):
                self.playing = False
                b.say(tr("End of the replay") if not self.error else self.error)
                return None
            self.wait -= dt * self.speed * self.app.options.anim_speed
            if self.wait <= 0:
                self.wait = GAP
                self.forward()
        return None

    def busy(self) -> bool:
        b = self.battle
        return (
            (self.playing and self.index < len(self.actions))
            or bool(b.queue)
            or bool(b.floaters)
            or b.toast_t > 0
            or b.shake > 0
            or b._edge_scroll_dir() != (0, 0)
        )

    def idle_refresh(self) -> bool:
        return self.battle.idle_refresh()

    def draw(self, screen: pygame.Surface) -> None:
        self.battle.draw(screen)
        self._draw_bar(screen)

    def _draw_bar(self, screen: pygame.Surface) -> None:
        view = self.battle.layout.view
        px = widgets.px
        box = pygame.Rect(
            view.left + px(12), view.bottom - px(BAR_H) - px(10), view.width - px(24), px(BAR_H)
        )
        widgets.panel(screen, box, 235)
        x, y = box.left + px(16), box.top + px(10)
        n = len(self.actions)
        turn, side = self.timeline[min(self.index, len(self.timeline) - 1)]
        spec = self.session.state.setup.side(side)
        max_turns = self.session.state.setup.max_turns
        state = tr("PLAYING") if self.playing else (tr("END") if self.index >= n else tr("PAUSED"))
        colour = widgets.GOOD if self.playing else widgets.AMBER
        r = widgets.text(screen, tr("REPLAY  {state}", state=state), (x, y), 24, colour, bold=True)
        info = tr(
            "Turn {turn}/{turns}  -  {side} phase  -  action {n}/{total}  -  x{speed}",
            turn=min(turn, max_turns),
            turns=max_turns,
            side=spec.name if spec else side,
            n=self.index,
            total=n,
            speed=f"{self.speed:g}",
        )
        widgets.text(screen, info, (r.right + px(18), y + px(2)), 22)
        bar = pygame.Rect(x, y + px(30), box.width - px(32), px(14))
        self.bar = bar.inflate(0, px(14))
        widgets.bar(screen, bar, self.index / n if n else 1.0, widgets.CYAN)
        # a tick where each turn starts
        for i in range(1, len(self.timeline)):
            if self.timeline[i][0] != self.timeline[i - 1][0] and n:
                tx = bar.left + round(i / n * (bar.width - 1))
                pygame.draw.line(screen, widgets.AMBER, (tx, bar.top - px(3)), (tx, bar.bottom + px(2)), 1)
        last = self.error if self.error and self.index >= n else self.last
        room = box.width - px(32)
        hint = next(
            (tr(h) for h in HINTS if widgets.font(18).size(tr(h))[0] <= room - px(260)), tr(HINTS[-1])
        )  # the keys, as many as fit beside the action
        width = room - widgets.font(18).size(hint)[0] - px(20)
        widgets.text(screen, widgets.fit(last, 20, width), (x, y + px(52)), 20, widgets.TEXT)
        widgets.text(screen, hint, (box.right - px(16), y + px(52)), 18, widgets.DIM, anchor="topright")


def view_replay(path: str | Path, max_frames: int | None = None) -> int:
    """Open a window and play the replay at ``path``; returns an exit code (2 for a bad file)."""
    try:
        replay = load_replay(path)
        mission = mission_for(replay, str(path))  # as the campaign built it: a save plays back too
    except (ReplayError, SaveError) as err:
        print(f"layzner-tactics replay: {err}", file=sys.stderr)
        return 2
    options = Options.load()
    screen = open_display(options, windowed=True)
    if isinstance(screen, str):
        print(f"layzner-tactics replay: cannot open a window ({screen}); try --verify", file=sys.stderr)
        return 1
    Audio.start(options)
    app = App(screen, options)
    try:
        app.run(lambda a: ReplayScene(a, mission, replay.seed, replay.actions), max_frames)
    finally:
        Audio.stop()
        widgets.font.cache_clear()
        pygame.quit()
    return 0
