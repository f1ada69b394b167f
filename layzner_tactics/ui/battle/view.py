"""The battle screen's state: what it shows of the engine, what the player is doing, what is playing.

``BattleView`` holds the units as shown (which may lag the engine while animations play), the input
mode, the overlays, the animation queue and the log, and reads the engine only through the ``Session``
(``state``, ``observation``, ``legal``, ``act``, ``human_turn``, ``unit_name``, ``viewer``). It sends
actions with ``do`` and plays what came back: the choreography picks the steps the player may see,
``_play`` turns them into animations. Drawing, panels, orders and input live in their own modules.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pygame

from ...ai.rei import Advice
from ...engine import (
    Action,
    Attack,
    Event,
    EventNames,
    IllegalActionError,
    Move,
    Observation,
    Reach,
    SideId,
    Tile,
    Unit,
    UnitId,
    event_text,
    reachable_tiles,
)
from ...engine.combat import weapon_ready
from ...engine.events import MoveUndone
from ...engine.knowledge import Knowledge, knowledge_of
from ...engine.setup import Objective, ObjectiveStatus
from ...engine.threat import threat_mask
from ...i18n import tr
from .. import assets, keys, sides, widgets
from ..anim import (
    FOLON_RED,
    SAND,
    Anim,
    BannerAnim,
    Call,
    CutInAnim,
    DialogueAnim,
    DustAnim,
    ExplosionAnim,
    FlashAnim,
    FloatAnim,
    Floater,
    FolonAnim,
    GlowAnim,
    HeadAnim,
    MoveAnim,
    Queue,
    RadioAnim,
    ShotAnim,
    ShownUnit,
)
from ..artgen import palette as P
from ..audio import Audio
from ..cutin import make_painter, wants_cut_in
from ..keys import Bindings
from ..options import Options
from ..session import Session
from . import choreography as ch
from . import objectives
from .camera import Camera, Layout
from .modes import IDLE, Forecast, Idle, Mode, Select

LOG_LINES = 60
GHOST_TURNS = 3
"""Turns a last-seen ghost stays on the map after the enemy went out of sight (fading)."""
Colour = tuple[int, int, int]
TONES: dict[str, Colour] = {
    "cyan": P.UI_CYAN,
    "amber": widgets.AMBER,
    "ui_amber": P.UI_AMBER,
    "good": widgets.GOOD,
    "bad": widgets.BAD,
    "beam": P.BEAM,
    "folon": FOLON_RED,
    "sand": SAND,
    "red": P.ACCENT_RED,
    "cool": (90, 160, 255),
}


@dataclass(frozen=True, slots=True)
class Ghost:
    """An enemy the player saw earlier, where it was last seen: ``turn`` of the sighting, ``fade`` 1
    (just now) down towards 0 (about to be forgotten on the map)."""

    unit: Unit
    turn: int
    fade: float


class BattleView:
    """One mission as the screen shows it. ``feed`` (replays) supplies every side's actions instead of
    the AI and the player; ``omniscient`` shows every unit and every event."""

    def __init__(
        self,
        session: Session,
        size: tuple[int, int],
        feed: Callable[[], Action | None] | None = None,
        omniscient: bool = False,
    ) -> None:
        self._names: EventNames | None = None
        self.session = session
        self.mission = session.mission
        self.feed = feed
        self.omniscient = omniscient
        self.knowledge: Knowledge | None = (
            None
            if omniscient
            else knowledge_of(session.state.setup, session.seed, session.actions, session.viewer)
        )
        """The player's memory of enemies (the engine's; rebuilt from the actions, so a loaded save
        remembers what the live game did). None for the all-seeing replay viewer."""
        self.grid = session.state.grid
        self.layout = Layout.of(size)
        self.camera = Camera(self.grid.width, self.grid.height, self.layout.view)
        self.obs: Observation = session.observation()
        self.shown: dict[UnitId, ShownUnit] = {}
        self.wrecks: dict[int, str] = {}
        self.queue = Queue()
        self.floaters: list[Floater] = []
        self.log: list[str] = []
        self.cursor = (0, 0)
        self.mode: Mode = IDLE
        self.confirm: tuple[str, str] | None = None
        """An open yes/no question: (what it confirms, its text)."""
        self.advice: Advice | None = None
        self.advice_text = ""
        self.show_threat = False
        self.threat = 0
        self.show_help = False
        self.fast = False
        self.cutin_options: Options | None = None
        """The player's options (the scene's): whether attacks play their cut-in. None: never."""
        self.skip = False
        self.toast = ""
        self.toast_t = 0.0
        self.shake = 0.0
        self.time = 0.0
        self.mouse_seen = False
        self.reach: Reach | None = None
        self.reach_cost: dict[int, int] = {}
        self.move_tiles = 0
        self.attack_tiles = 0
        self.path: tuple[int, ...] = ()
        self.o2_max = session.state.setup.oxygen.get(session.viewer, 0)
        self.o2_flash = 0.0
        self.progress_seen: dict[str, str] | None = None
        self.pictures: dict[str, tuple[object, pygame.Surface]] = {}
        """The panels' pictures kept between frames, each with the key of what it shows (``panels``)."""
        """Each objective's count when last shown (a change gets a banner)."""

    def start(self) -> None:
        """Show the engine's opening: the units, the cursor on the first own unit, the opening events."""
        self._sync()
        first = self._first_own_unit()
        if first is not None:
            self.cursor = self.grid.xy(first.tile)
            self.camera.centre_on(*self.cursor)
        if self.session.ui:  # a loaded save: it resumes where it was, the opening long played
            self._resume(self.session.ui)
            return
        self._queue_events(list(self.session.opening), self.obs, self.obs)
        if not self.session.actions:
            self.queue.items.insert(0, BannerAnim(self.mission.title.upper(), tr("Mission start"), P.UI_CYAN))

    def save_ui(self) -> dict[str, object]:
        """What a save keeps for the screen, beside the actions: the log, the lines of dialogue not yet
        read, the cursor (the enemies' sightings are the engine's knowledge, rebuilt from the actions)."""
        speech = [[a.speaker, a.line] for a in self.queue.items if isinstance(a, DialogueAnim)]
        return {
            "log": list(self.log),
            "speech": speech,
            "cursor": list(self.cursor),
        }

    def _resume(self, kept: dict[str, object]) -> None:
        """Take up a loaded save's screen (``save_ui``): its log, the dialogue it had not read yet, the
        cursor; a save without them (an older file) starts its log at the turn it was made."""
        turn = self.session.state.turn
        log = kept.get("log")
        if isinstance(log, list) and all(isinstance(line, str) for line in log):
            self.log = log[-LOG_LINES:]
        else:
            self.log = [tr("Turn {turn}: the game resumes", turn=turn)]
        speech = kept.get("speech")
        if isinstance(speech, list):
            for line in speech:
                if isinstance(line, list) and len(line) == 2 and all(isinstance(x, str) for x in line):
                    self.queue.add(DialogueAnim(line[0], line[1]))
        cursor = kept.get("cursor")
        if isinstance(cursor, list) and len(cursor) == 2 and all(isinstance(c, int) for c in cursor):
            x, y = cursor
            if self.grid.contains(x, y):
                self.cursor = (x, y)
                self.camera.centre_on(x, y)
        self.say(tr("Resumed: turn {turn}", turn=turn))

    # ------------------------------------------------------------------ engine views

    @property
    def viewer(self) -> SideId:
        return self.session.viewer

    @property
    def selected(self) -> UnitId | None:
        """The unit the player is giving orders to (every mode but idle has one)."""
        return self.mode.unit

    @property
    def target(self) -> UnitId | None:
        return self.mode.target if isinstance(self.mode, Forecast) else None

    def visible(self) -> int:
        return -1 if self.omniscient else self.obs.visible

    def _observe(self) -> Observation:
        return self.session.observation()

    def _units_source(self) -> dict[UnitId, Unit]:
        return dict(self.session.state.units) if self.omniscient else dict(self.obs.units)

    def _sync(self) -> None:
        """Make the shown units match the engine (after the animation queue empties)."""
        self.obs = self._observe()
        self._refresh_grid()
        units = sorted(self._units_source().items())
        self.shown = {uid: self._shown_unit(u) for uid, u in units}
        if self.obs.oxygen is not None:
            self.o2_max = max(self.o2_max, self.obs.oxygen)
        for tile in list(self.wrecks):
            if tile in self.obs.occupant:
                del self.wrecks[tile]
        if self.show_threat:
            self.threat = threat_mask(self.obs, self.viewer)
        self._note_progress()
        if self.selected is not None:
            unit = self.obs.units.get(self.selected)
            if unit is None or unit.acted or not self.session.human_turn():
                self._deselect()
            else:
                self._compute_ranges()

    def objective_progress(self, obj: Objective) -> objectives.Progress:
        """An objective's live progress (counts, who is safe, who is still out)."""
        return objectives.progress(self.session.state, obj, self.unit_name)

    def _note_progress(self) -> None:
        """A short banner when one of the player's objectives moves on (2/3 evacuated)."""
        now = {
            str(obj.id): self.objective_progress(obj).count
            for obj, _ in self.obs.objectives
            if obj.side == self.viewer
        }
        before, self.progress_seen = self.progress_seen, now
        if before is None:
            return
        for obj, status in self.obs.objectives:
            count = now.get(str(obj.id), "")
            if count and count != before.get(str(obj.id)) and status is ObjectiveStatus.PENDING:
                got = self.objective_progress(obj)
                self.queue.add(BannerAnim("OBJECTIVE", f"{obj.text}: {got.line}", widgets.GOOD))

    def ghosts(self) -> list[Ghost]:
        """The last-seen ghosts to draw: enemies the engine's knowledge remembers, out of sight, not
        seen gone from their tile since, and seen within ``GHOST_TURNS`` turns."""
        if self.knowledge is None:
            return []
        turn = self.session.state.turn
        out = []
        for uid, seen in sorted(self.knowledge.sightings.items()):
            if seen.gone or uid in self.obs.units or uid in self.shown or self.obs.sees(seen.unit.tile):
                continue
            age = turn - seen.turn
            if age > GHOST_TURNS:
                continue
            out.append(Ghost(seen.unit, seen.turn, round(1 - age / (GHOST_TURNS + 1), 2)))
        return out

    def _refresh_grid(self) -> None:
        """Follow the map as it stands: when the ground changes (a base levelled), the screen redraws it."""
        self.grid = self.session.state.grid

    def _shown_unit(self, u: Unit) -> ShownUnit:
        state = self.session.state
        catalog = state.catalog
        utype = catalog.units[u.type_id]
        dust = state.dust.get(u.id)
        return ShownUnit(
            u.id,
            u.type_id,
            u.side,
            u.tile,
            u.hp,
            utype.hp,
            u.moved,
            u.acted,
            u.vmax,
            u.cooldown,
            folon=u.folon and utype.vmax is not None,
            stuck=u.bogged or u.id in (state.stuck if self.omniscient else self.obs.stuck),
            severed=u.severed,
            in_dust=dust is not None and not state.hostile(dust[0], self.viewer),
            spotter=any(t.head == u.type_id for t in catalog.units.values()),
        )

    def _show_unit(self, uid: UnitId) -> None:
        """Put one unit on screen now (a head breaking off mid-animation), leaving the others as shown."""
        u = self._units_source().get(uid)
        if u is not None:
            self.shown[uid] = self._shown_unit(u)

    def _first_own_unit(self) -> Unit | None:
        own = list(self.obs.own_units()) if not self.omniscient else []
        return own[0] if own else None

    def _first_ready_unit(self) -> Unit | None:
        return next((u for u in self.obs.own_units() if not u.acted), None)

    # ------------------------------------------------------------------ what the choreography reads

    def tile_of(self, uid: UnitId) -> int | None:
        if uid in self.shown:
            return self.shown[uid].tile
        u = self.session.state.units.get(uid)
        return u.tile if u is not None else None

    _tile_of = tile_of

    def shown_type(self, uid: UnitId) -> str:
        return self.shown[uid].type_id if uid in self.shown else ""

    def unit_name(self, uid: UnitId | str) -> str:
        """The unit's name as the player reads it: the mission's name for it, else its type's name
        with its number ("Braver 3"), never the internal id."""
        name = self.session.unit_name(uid)
        if name != str(uid):
            return name
        kind = self.event_names().unit(uid)
        number = str(uid).rsplit("-", 1)[-1]
        return f"{kind} {number}" if number.isdigit() and kind != str(uid) else kind

    def event_names(self) -> EventNames:
        if self._names is None:
            names = {str(k): v for k, v in self.mission.unit_names.items()}
            self._names = EventNames.of(self.session.state.setup, names)
        return self._names

    def describe(self, e: Event) -> str:
        """The log's line for ``e`` (a person's move taken back is "their", never "its")."""
        if isinstance(e, MoveUndone):
            return tr("{unit} takes the move back", unit=self.unit_name(e.unit))
        return tr(event_text(e, self.event_names()))

    _describe = describe

    # ------------------------------------------------------------------ coordinates

    def tile_centre(self, tile: int) -> tuple[float, float]:
        x, y = self.grid.xy(tile)
        r = self.camera.tile_rect(x, y)
        return r.centerx, r.centery

    def follow(self, tile: int) -> None:
        if (self.visible() >> tile) & 1:
            self.camera.ensure_visible(*self.grid.xy(tile), margin=2)

    def hint(self, side: str) -> str:
        """The colour the mission asks for ``side`` (the art's side colours otherwise), or the
        colour-blind-safe palette's when the player chose it (``ui.sides``)."""
        return sides.hint(self.mission, side)

    def side_colour(self, side: str) -> Colour:
        return assets.side_colour(side, self.hint(side))

    def key_label(self, action: str) -> str:
        """How the key for ``action`` is written (the screen overrides this with the player's bindings)."""
        return keys.Bindings().label(action)

    def rei_revealed(self) -> bool:
        """Whether the story has revealed Rei's hidden agenda (a campaign memory flag)."""
        return "rei_revealed" in self.session.memory

    # ------------------------------------------------------------------ the player's side

    def legal(self) -> list[Action]:
        return self.session.legal() if self.session.human_turn() else []

    def unit_actions(self, uid: UnitId) -> list[Action]:
        return [a for a in self.legal() if getattr(a, "unit", None) == uid]

    def _attacks_on(self, uid: UnitId, target: UnitId) -> list[Attack]:
        return [a for a in self.unit_actions(uid) if isinstance(a, Attack) and a.target == target]

    def _targets(self) -> list[UnitId]:
        """The enemies the selected unit can attack from where it stands, in the engine's order."""
        if self.selected is None:
            return []
        seen: list[UnitId] = []
        for a in self.unit_actions(self.selected):
            if isinstance(a, Attack) and a.target not in seen:
                seen.append(a.target)
        return seen

    def current_attack(self) -> Attack | None:
        """The attack the forecast shows (its weapon chosen with Left/Right)."""
        mode = self.mode
        if not isinstance(mode, Forecast):
            return None
        attacks = self._attacks_on(mode.unit, mode.target)
        return attacks[mode.weapon_i % len(attacks)] if attacks else None

    # ------------------------------------------------------------------ selection

    def set_mode(self, mode: Mode) -> None:
        """Enter ``mode``; leaving the selection (idle) clears its reach."""
        self.mode = mode
        if isinstance(mode, Idle):
            self.move_tiles = self.attack_tiles = 0
            self.reach_cost = {}
            self.path = ()

    def _select(self, uid: UnitId) -> None:
        self.mode = Select(uid)
        self.advice = None
        self._compute_ranges()
        Audio.play("ui_click")

    def _deselect(self) -> None:
        self.set_mode(IDLE)

    def _compute_ranges(self) -> None:
        unit = self.obs.units.get(self.selected) if self.selected else None
        self.move_tiles = self.attack_tiles = 0
        self.reach_cost = {}
        if unit is None:
            return
        grid = self.grid
        utype = self.obs.catalog.units[unit.type_id]
        origins = [unit.tile]
        if not unit.moved and any(isinstance(a, Move) for a in self.unit_actions(unit.id)):
            reach = reachable_tiles(self.obs, unit)
            self.reach = reach
            self.reach_cost = dict(reach.cost)
            for t in reach.destinations:
                self.move_tiles |= 1 << t
            origins += list(reach.destinations)
        ready = [w for i, w in enumerate(utype.weapons) if weapon_ready(utype, unit, i)]
        if ready:
            low = min(w.min_range for w in ready)
            high = max(w.max_range for w in ready)
            mask = 0
            for t in origins:
                ring = grid.near_mask(t, high)
                if low > 1:
                    ring &= ~grid.near_mask(t, low - 1)
                mask |= ring
            self.attack_tiles = mask & ~self.move_tiles & ~(1 << unit.tile)

    def path_to(self, tile: int) -> tuple[Tile, ...]:
        """The selected unit's path to ``tile`` (one of its move tiles)."""
        assert self.reach is not None
        return self.reach.path(tile)

    # ------------------------------------------------------------------ acting and playing

    def do(self, action: Action) -> bool:
        """Send an action to the engine and queue its animation; False (and a message) when illegal."""
        before = self.obs
        try:
            events = self.session.act(action)
        except IllegalActionError as err:
            self.say(tr("Not allowed: {err}", err=err))
            return False
        Audio.play("ui_confirm")
        self.advice = None
        self._queue_events(events, before, self._observe())
        return True

    def after(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` once the animations queued so far have played."""
        self.queue.add(Call(lambda _: fn()))

    def say(self, msg: str) -> None:
        self.toast = msg
        self.toast_t = 3.0

    def _log(self, line: str) -> None:
        self.log.append(line)
        del self.log[:-LOG_LINES]

    def _queue_events(self, events: Sequence[Event], before: Observation, after: Observation) -> None:
        """Animate (and log) what the player may see of ``events``."""
        steps = ch.choreograph(events, before, after, self.session.state, self, self.knowledge)
        self.queue.add(*self._play(steps))

    def _tone(self, tone: str) -> Colour:
        return self.side_colour(tone[5:]) if tone.startswith("side:") else TONES[tone]

    def _play(self, steps: Sequence[ch.Step]) -> list[Anim]:
        """The animations of the choreography's steps (a sound step plays at once)."""
        out: list[Anim] = []
        for step in steps:
            match step:
                case ch.Banner(title, sub, tone):
                    out.append(BannerAnim(title, sub, self._tone(tone)))
                case ch.Walk(unit, path, visible):
                    out.append(MoveAnim(unit, list(path), visible))
                case ch.Shot(kind, src, dst, target, hit, crit, damage, target_hp, folon, overkill):
                    shot = ShotAnim(kind, src, dst, target, hit, crit, damage, target_hp)
                    shot.folon, shot.overkill = folon, overkill
                    out.append(shot)
                case ch.Explode(tile, unit, wreck_type):
                    out.append(ExplosionAnim(tile, unit, wreck_type))
                case ch.Float(tile, text, tone, size):
                    out.append(FloatAnim(tile, text, self._tone(tone), size))
                case ch.Glow(unit):
                    out.append(GlowAnim(unit))
                case ch.FolonOverride(name):
                    out.append(FolonAnim(name))
                case ch.Speech(speaker, text):
                    out.append(DialogueAnim(speaker, text))
                case ch.Dust(tile, settle):
                    out.append(DustAnim(tile, settle))
                case ch.Radio(src, dst, success):
                    out.append(RadioAnim(src, dst, success))
                case ch.HeadFlies(src, dst, head):
                    out.append(HeadAnim(src, dst, head))
                case ch.Flash(colour, duration, shake):
                    out.append(FlashAnim(colour, duration, shake))
                case ch.PhaseStart(side):
                    out.append(self._call(self._phase_started, side))
                case ch.Hide(unit):
                    out.append(self._call(self._hide, unit))
                case ch.Reveal(unit):
                    out.append(self._call(self._show_unit, unit))
                case ch.SetHp(unit, hp):
                    out.append(self._call(self._set_hp, unit, hp))
                case ch.OxygenFlash():
                    out.append(self._call(self._flash_oxygen))
                case ch.RefreshGrid():
                    out.append(self._call(self._refresh_grid))
                case ch.Sync():
                    out.append(self._call(self._sync))
                case ch.Log(line):
                    out.append(self._call(self._log, line))
                case ch.Sound(name):
                    Audio.play(name)
                case ch.CutIn() as cut:
                    if self.cutin_options is not None and wants_cut_in(self.cutin_options, cut):
                        left = self._friendly(cut.attacker.side) or not self._friendly(cut.defender.side)
                        fast = Bindings.of(self.cutin_options).label("fast")
                        out.append(CutInAnim(make_painter(cut, self.side_colour, left, fast)))
        return out

    def _friendly(self, side: SideId) -> bool:
        """Whether ``side`` fights beside the viewer (its machines stand on the cut-in's left)."""
        return not self.session.state.hostile(side, self.viewer)

    @staticmethod
    def _call(fn: Callable[..., object], *args: object) -> Call:
        """A queue step that calls ``fn(*args)`` when the animations before it have played."""

        def step(_: object) -> None:
            fn(*args)

        return Call(step)

    def _hide(self, unit: UnitId) -> None:
        self.shown.pop(unit, None)

    def _flash_oxygen(self) -> None:
        self.o2_flash = 1.2

    def _set_hp(self, unit: UnitId, hp: int) -> None:
        u = self.shown.get(unit)
        if u is not None:
            u.hp = hp
            u.flash = 0.35

    def _phase_started(self, side: SideId) -> None:
        if side == self.viewer:
            self.skip = False
            start = self._first_ready_unit()
            if start is not None:
                self.cursor = self.grid.xy(start.tile)
                self.camera.ensure_visible(*self.cursor)
