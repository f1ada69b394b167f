"""The battle screen: the map, the units, the player's orders, and the events played back as animation.

The scene never changes the game itself: it asks the engine what is legal (on the human side's
``Observation``), sends actions through the ``Session`` (engine ``apply``) and animates the events that
come back. Hidden enemies are never drawn; events the player's side could not see are neither animated
nor logged. The terrain is pre-drawn once per zoom level; fog and highlights are cached per mask.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import pygame

from ..engine import (
    Action,
    Attack,
    EndPhase,
    Event,
    EventNames,
    IllegalActionError,
    Move,
    Observation,
    Special,
    UndoMove,
    Unit,
    Wait,
    describe_event,
    forecast,
    reachable_tiles,
)
from ..engine import events as ev
from ..engine.combat import TALK_RANGE, folon_armed, format_chance, in_reach, talk_chance, weapon_ready
from ..engine.rules import ALARM_RADIUS, vmax_block
from ..engine.threat import threat_mask
from . import assets, keys, widgets
from .anim import (
    FOLON_RED,
    SAND,
    BannerAnim,
    Call,
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
from .app import POP, App, Scene, Transition, push, replace
from .artgen import palette as P
from .audio import Audio, storm_on_screen
from .session import Session

ZOOMS = (32, 48, 64)
QUEUED_KEYS = frozenset({pygame.K_e, pygame.K_TAB, pygame.K_u, pygame.K_r, pygame.K_t})
TOP = 46
SIDE = 340
LOG_LINES = 60

HELP = [
    ("Arrows / WASD", "move the cursor"),
    ("Enter / Space / click", "select, move, attack, confirm"),
    ("Esc / right click", "cancel, back; pause menu"),
    ("Tab", "next unit that can act"),
    ("U", "undo the last move"),
    ("E", "end the phase"),
    ("click the selected unit", "its orders: V-MAX, dust, talk, capture..."),
    ("R", "Rei's advice for the selected unit"),
    ("T", "threat overlay: where seen enemies can strike"),
    ("F", "fast-forward the enemy phase (Space skips)"),
    ("+ / - / wheel", "zoom"),
    ("right or middle drag, map edge", "scroll"),
    ("F5 / F9", "quick save / load"),
    ("F1", "this help"),
]


@dataclass
class Layout:
    top: pygame.Rect
    view: pygame.Rect
    side: pygame.Rect

    @staticmethod
    def of(size: tuple[int, int]) -> Layout:
        w, h = size
        side = min(SIDE, max(260, w // 4))
        return Layout(
            pygame.Rect(0, 0, w, TOP),
            pygame.Rect(0, TOP, w - side, h - TOP),
            pygame.Rect(w - side, TOP, side, h - TOP),
        )


class Camera:
    """Map pixels to screen pixels: a tile size (zoom) and a scroll offset, kept inside the map."""

    def __init__(self, width: int, height: int, view: pygame.Rect) -> None:
        self.w, self.h = width, height
        self.view = view
        self.ts = 48
        for z in reversed(ZOOMS):
            if z * width <= view.width and z * height <= view.height:
                self.ts = z
                break
        self.ox = 0.0
        self.oy = 0.0
        self.clamp()

    def clamp(self) -> None:
        mw, mh = self.w * self.ts, self.h * self.ts
        if mw <= self.view.width:
            self.ox = -(self.view.width - mw) / 2
        else:
            self.ox = max(0.0, min(self.ox, mw - self.view.width))
        if mh <= self.view.height:
            self.oy = -(self.view.height - mh) / 2
        else:
            self.oy = max(0.0, min(self.oy, mh - self.view.height))

    def tile_rect(self, x: float, y: float) -> pygame.Rect:
        return pygame.Rect(
            round(self.view.left + x * self.ts - self.ox),
            round(self.view.top + y * self.ts - self.oy),
            self.ts,
            self.ts,
        )

    def to_tile(self, pos: tuple[int, int]) -> tuple[int, int] | None:
        if not self.view.collidepoint(pos):
            return None
        x = int((pos[0] - self.view.left + self.ox) // self.ts)
        y = int((pos[1] - self.view.top + self.oy) // self.ts)
        if 0 <= x < self.w and 0 <= y < self.h:
            return x, y
        return None

    def centre_on(self, x: int, y: int) -> None:
        self.ox = (x + 0.5) * self.ts - self.view.width / 2
        self.oy = (y + 0.5) * self.ts - self.view.height / 2
        self.clamp()

    def ensure_visible(self, x: int, y: int, margin: int = 1) -> None:
        r = self.tile_rect(x, y)
        inner = self.view.inflate(-2 * margin * self.ts, -2 * margin * self.ts)
        if not inner.contains(r):
            if r.left < inner.left:
                self.ox -= inner.left - r.left
            if r.right > inner.right:
                self.ox += r.right - inner.right
            if r.top < inner.top:
                self.oy -= inner.top - r.top
            if r.bottom > inner.bottom:
                self.oy += r.bottom - inner.bottom
            self.clamp()

    def zoom(self, step: int, anchor: tuple[int, int] | None = None) -> bool:
        i = ZOOMS.index(self.ts) if self.ts in ZOOMS else 1
        j = max(0, min(len(ZOOMS) - 1, i + step))
        if j == i:
            return False
        anchor = anchor or self.view.center
        fx = (anchor[0] - self.view.left + self.ox) / self.ts
        fy = (anchor[1] - self.view.top + self.oy) / self.ts
        self.ts = ZOOMS[j]
        self.ox = fx * self.ts - (anchor[0] - self.view.left)
        self.oy = fy * self.ts - (anchor[1] - self.view.top)
        self.clamp()
        return True


class BattleScene(Scene):
    """One mission on screen. ``feed`` (replays) supplies every side's actions instead of the AI/player."""

    def __init__(
        self,
        app: App,
        session: Session,
        feed: Callable[[], Action | None] | None = None,
        omniscient: bool = False,
    ) -> None:
        super().__init__(app)
        self._names: EventNames | None = None
        self.session = session
        self.mission = session.mission
        self.feed = feed
        self.omniscient = omniscient
        self.grid = session.state.grid
        self.layout = Layout.of(app.size)
        self.camera = Camera(self.grid.width, self.grid.height, self.layout.view)
        self.obs: Observation = session.observation()
        self.shown: dict[str, ShownUnit] = {}
        self.wrecks: dict[int, str] = {}
        self.queue = Queue()
        self.floaters: list[Floater] = []
        self.log: list[str] = []
        self.cursor = (0, 0)
        self.selected: str | None = None
        self.mode = "idle"
        self.menu: widgets.Menu | None = None
        self.menu_anchor = (0, 0)
        self.target: str | None = None
        self.weapon_i = 0
        self.forecast_lines: list[str] = []
        self.forecast_buttons: dict[str, pygame.Rect] = {}
        self.confirm: tuple[str, str] | None = None
        self.confirm_buttons: dict[str, pygame.Rect] = {}
        self.top_buttons: dict[str, pygame.Rect] = {}
        self.advice: object | None = None
        self.advice_text = ""
        self.show_threat = False
        self.threat = 0
        self.show_help = False
        self.fast = False
        self.skip = False
        self.toast = ""
        self.toast_t = 0.0
        self.shake = 0.0
        self.time = 0.0
        self.drag: tuple[int, int, float, float, int] | None = None
        self.dragged = False
        self.mouse_seen = False
        self.hover: tuple[int, int] | None = None
        self.reach_cost: dict[int, int] = {}
        self.move_tiles = 0
        self.attack_tiles = 0
        self.path: tuple[int, ...] = ()
        self.finished = False
        self.pending_key: pygame.event.Event | None = None
        self._map_cache: dict[int, pygame.Surface] = {}
        self._fog_cache: tuple[int, int, pygame.Surface] | None = None
        self._mask_cache: dict[tuple[str, int, int], pygame.Surface] = {}
        self._base_cache: tuple[object, tuple[int, int, int], pygame.Surface] | None = None
        self.stuck: set[str] = set()
        """Units bogged down in sand, until the phase they lose has passed."""
        self.remembered: dict[str, Unit] = {}
        """Enemies the player has seen and not seen leave the fight (for Rei's life-sign count)."""
        self.o2_max = session.state.setup.oxygen.get(session.viewer, 0)
        self.o2_flash = 0.0
        self._sync()
        start = self._first_own_unit()
        if start is not None:
            self.cursor = self.grid.xy(start.tile)
            self.camera.centre_on(*self.cursor)
        self.rei = _rei_module()
        self._queue_events(list(session.opening), self.obs, self.obs)
        if not session.actions:
            self.queue.items.insert(0, BannerAnim(self.mission.title.upper(), "Mission start", P.UI_CYAN))

    # ------------------------------------------------------------------ engine views

    @property
    def viewer(self) -> str:
        return self.session.viewer

    def board(self) -> Observation:
        return self.obs

    def visible(self) -> int:
        return -1 if self.omniscient else self.obs.visible

    def _observe(self) -> Observation:
        return self.session.observation()

    def _units_source(self) -> dict:
        return dict(self.session.state.units) if self.omniscient else dict(self.obs.units)

    def _sync(self) -> None:
        """Make the shown units match the engine (after the animation queue empties)."""
        self.obs = self._observe()
        state = self.session.state
        self._refresh_grid()
        viewer_team = state.team[self.viewer]
        shown: dict[str, ShownUnit] = {}
        for uid, u in sorted(self._units_source().items()):
            shown[uid] = self._shown_unit(u)
            if state.team[u.side] != viewer_team:
                self.remembered[uid] = u
        self.shown = shown
        if self.obs.oxygen is not None:
            self.o2_max = max(self.o2_max, self.obs.oxygen)
        for tile in list(self.wrecks):
            if tile in self.obs.occupant:
                del self.wrecks[tile]
        if self.show_threat:
            self.threat = threat_mask(self.obs, self.viewer)
        if self.selected is not None:
            unit = self.obs.units.get(self.selected)
            if unit is None or unit.acted or not self.session.human_turn():
                self._deselect()
            else:
                self._compute_ranges()

    def _refresh_grid(self) -> None:
        """Follow the map as it stands: when the ground changes (a base levelled), redraw it."""
        grid = self.session.state.grid
        if grid is not self.grid:
            self.grid = grid
            self._map_cache = {}

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
            stuck=u.bogged or u.id in self.stuck,
            severed=u.severed,
            in_dust=dust is not None and not state.hostile(dust[0], self.viewer),
            spotter=any(t.head == u.type_id for t in catalog.units.values()),
        )

    def _show_unit(self, uid: str) -> None:
        """Put one unit on screen now (a head breaking off mid-animation), leaving the others as shown."""
        u = self._units_source().get(uid)
        if u is not None:
            self.shown[uid] = self._shown_unit(u)

    def _first_own_unit(self):
        own = [u for u in self.obs.own_units()] if not self.omniscient else []
        return own[0] if own else None

    # ------------------------------------------------------------------ coordinates

    def tile_centre(self, tile: int) -> tuple[float, float]:
        x, y = self.grid.xy(tile)
        r = self.camera.tile_rect(x, y)
        return r.centerx, r.centery

    def follow(self, tile: int) -> None:
        if (self.visible() >> tile) & 1:
            self.camera.ensure_visible(*self.grid.xy(tile), margin=2)

    # ------------------------------------------------------------------ events -> animations

    def _sees(self, uid: str, before: Observation, after: Observation) -> bool:
        if self.omniscient:
            return True
        return uid in before.units or uid in after.units

    def _queue_events(self, events: list[Event], before: Observation, after: Observation) -> None:
        vis = -1 if self.omniscient else (before.visible | after.visible)
        state = self.session.state
        hp = {uid: u.hp for uid, u in before.units.items()}
        folon_strike: str | None = None  # the unit whose next strike is Folon's, not the pilot's
        for e in events:
            seen = True
            extra = ""  # added to the log line
            match e:
                case ev.PhaseStarted(turn, side):
                    spec = state.setup.side(side)
                    own = side == self.viewer
                    colour = assets.side_colour(side, self._hint(side))
                    self.queue.add(
                        BannerAnim(f"TURN {turn}", f"{spec.name} phase", colour if not own else P.UI_CYAN),
                        Call(lambda s, side=side: s._phase_started(side)),
                    )
                case ev.UnitMoved(unit, path):
                    seen = self._sees(unit, before, after) and any((vis >> t) & 1 for t in path)
                    if seen and len(path) > 1:
                        self.queue.add(MoveAnim(unit, list(path), vis))
                case ev.AttackResolved(attacker, weapon, target, _, hit, crit, damage, target_hp, _):
                    seen = self._sees(target, before, after) or self._sees(attacker, before, after)
                    if seen:
                        src = self._tile_of(attacker) if self._sees(attacker, before, after) else None
                        dst = self._tile_of(target)
                        kind = self._weapon_kind(attacker, weapon)
                        if dst is not None:
                            shot = ShotAnim(kind, src, dst, target, hit, crit, damage, target_hp)
                            if folon_strike == attacker:
                                shot.folon = True
                                before_hp = hp.get(target, damage)
                                shot.overkill = damage - before_hp if target_hp == 0 else 0
                                extra = " - Folon's strike, not the pilot's" + (
                                    f": {shot.overkill} more damage than needed" if shot.overkill > 0 else ""
                                )
                            self.queue.add(shot)
                    if folon_strike == attacker:
                        folon_strike = None
                    hp[target] = target_hp
                case ev.UnitDestroyed(unit, _, tile):
                    seen = self._sees(unit, before, after) or (vis >> tile) & 1
                    if seen:
                        type_id = self.shown[unit].type_id if unit in self.shown else ""
                        self.queue.add(ExplosionAnim(tile, unit, type_id))
                        self.remembered.pop(unit, None)
                case ev.UnitDisabled(unit, _, tile):
                    seen = self._sees(unit, before, after)
                    if seen:
                        self.queue.add(
                            ExplosionAnim(tile, unit),
                            FloatAnim(tile, "DISABLED - PILOT ALIVE", widgets.AMBER, 24),
                        )
                        self.remembered.pop(unit, None)
                case ev.VmaxActivated(unit, by_folon):
                    seen = self._sees(unit, before, after)
                    if seen and by_folon:
                        self.queue.add(GlowAnim(unit), FolonAnim(self.session.unit_name(unit)))
                    elif seen:
                        self.queue.add(
                            GlowAnim(unit), BannerAnim("V-MAX", self.session.unit_name(unit), P.BEAM)
                        )
                case ev.FolonIntervened(unit, target):
                    seen = self._sees(unit, before, after)
                    folon_strike = unit if target is not None else None
                case ev.VmaxControlChanged(unit, folon):
                    seen = unit in state.units and not state.hostile(state.units[unit].side, self.viewer)
                    if seen and not folon:
                        pilot = state.catalog.pilot(state.units[unit].pilot).name or "the pilot"
                        self.queue.add(
                            DialogueAnim(
                                "Rei",
                                f"Control transfer confirmed. V-MAX answers to {pilot} now. "
                                "It fires only on your order, and the machine must cool down after.",
                            ),
                            BannerAnim("V-MAX: PILOT CONTROL", self.session.unit_name(unit), P.BEAM),
                        )
                    elif seen:
                        self.queue.add(BannerAnim("V-MAX LOCKED", "A hidden system holds it", FOLON_RED))
                case ev.VmaxEnded(unit, cooldown):
                    seen = self._sees(unit, before, after)
                    tile = self._tile_of(unit)
                    if seen and tile is not None:
                        self.queue.add(FloatAnim(tile, f"COOLING {cooldown}", (90, 160, 255)))
                case ev.CooldownEnded(unit):
                    seen = self._sees(unit, before, after)
                    tile = self._tile_of(unit)
                    if seen and tile is not None:
                        self.queue.add(FloatAnim(tile, "SYSTEMS NORMAL", (90, 160, 255), 22))
                case ev.DustRaised(unit, tile):
                    seen = self._sees(unit, before, after) or bool((vis >> tile) & 1)
                    if seen:
                        self.queue.add(DustAnim(tile), FloatAnim(tile, "HIDDEN IN DUST", SAND, 24))
                case ev.DustSettled(unit):
                    tile = self._tile_of(unit)
                    seen = tile is not None and bool((vis >> tile) & 1)
                    if seen and tile is not None:
                        self.queue.add(DustAnim(tile, settle=True))
                case ev.TalkAttempted(unit, target, chance, success):
                    seen = self._sees(unit, before, after) or self._sees(target, before, after)
                    src, dst = self._tile_of(unit), self._tile_of(target)
                    if seen and src is not None and dst is not None:
                        word = "LISTENS" if success else "REFUSES"
                        self.queue.add(
                            RadioAnim(src, dst, success),
                            FloatAnim(dst, f"{word} ({chance}%)", widgets.GOOD if success else widgets.BAD),
                        )
                case ev.PilotFate(unit, _, fate):
                    seen = self._sees(unit, before, after) or unit in before.wrecks
                    if seen:
                        title = {
                            "captured": "PILOT CAPTURED",
                            "spared": "PILOT SPARED",
                            "withdrew": "PILOT WITHDRAWS",
                        }.get(fate.value, fate.value.upper())
                        self.queue.add(BannerAnim(title, self.session.unit_name(unit), widgets.GOOD))
                        if fate.value == "withdrew":
                            self.queue.add(Call(lambda s, unit=unit: s.shown.pop(unit, None)))
                        self.remembered.pop(unit, None)
                case ev.OxygenChanged(side, value, delta, reason):
                    seen = side == self.viewer or not state.hostile(side, self.viewer)
                    if seen:
                        self.queue.add(Call(lambda s: setattr(s, "o2_flash", 1.2)))
                        if reason == "cache":
                            tile = self._cache_taker(events, e)
                            if tile is not None:
                                self.queue.add(FloatAnim(tile, f"+{delta} O2", P.UI_CYAN, 30))
                        breathers = len(self._breathers(side))
                        if value == 0 and delta < 0:
                            self.queue.add(
                                BannerAnim("OUT OF OXYGEN", "Everyone on the supply suffocates", widgets.BAD)
                            )
                        elif delta < 0 and breathers and value // breathers <= 2:
                            turns = value // breathers
                            self.queue.add(
                                BannerAnim("OXYGEN LOW", f"{value} left: about {turns} turn(s)", widgets.BAD)
                            )
                case ev.UnitSuffocated(unit, damage, left):
                    seen = self._sees(unit, before, after)
                    tile = self._tile_of(unit)
                    if seen and tile is not None:
                        self.queue.add(
                            FloatAnim(tile, f"NO AIR -{damage}", widgets.BAD, 26),
                            Call(lambda s, unit=unit, left=left: s._set_hp(unit, left)),
                        )
                case ev.BoggedDown(unit, tile):
                    seen = self._sees(unit, before, after)
                    self.stuck.add(unit)
                    if seen:
                        self.queue.add(DustAnim(tile, settle=True), FloatAnim(tile, "BOGGED DOWN", SAND, 26))
                case ev.HeadSevered(unit, head, tile):
                    seen = self._sees(unit, before, after) or self._sees(head, before, after)
                    src = self._tile_of(unit)
                    if seen:
                        self.queue.add(
                            Call(lambda s, head=head: s._show_unit(head)),
                            Call(lambda s, unit=unit: s._show_unit(unit)),
                            HeadAnim(src if src is not None else tile, tile, head),
                            FloatAnim(tile, "HEAD SEVERED - STILL WATCHING", FOLON_RED, 22),
                        )
                case ev.AlarmRaised(side):
                    Audio.play("alarm")
                    spec = state.setup.side(side)
                    self.queue.add(
                        BannerAnim(
                            f"ALARM: {spec.name.upper()}", "Its guns now fire at anything", widgets.BAD
                        )
                    )
                case ev.TerrainChanged(zone, terrain):
                    name = (
                        state.catalog.terrain[terrain].name if terrain in state.catalog.terrain else terrain
                    )
                    place = next(
                        (sp.name for sp in state.setup.sides if sp.territory == zone),
                        zone.replace("-", " ").replace("_", " ").capitalize(),
                    )
                    self.queue.add(
                        FlashAnim((255, 240, 220), 0.9, 0.8),
                        Call(lambda s: s._refresh_grid()),
                        BannerAnim("THE GROUND CHANGES", f"{place}: now {name.lower()}", widgets.BAD),
                    )
                case ev.PhaseEnded(_, side):
                    for uid in [u for u in self.stuck if u not in state.units or not state.units[u].bogged]:
                        if uid not in state.units or state.units[uid].side == side:
                            self.stuck.discard(uid)
                case ev.Dialogue(speaker, text):
                    self.queue.add(DialogueAnim(speaker, text))
                case ev.Reinforcements(units):
                    seen_units = [u for u in units if self._sees(u, before, after)]
                    seen = bool(seen_units)
                    if seen:
                        self.queue.add(
                            Call(lambda s: s._sync()), BannerAnim("REINFORCEMENTS", "", P.ACCENT_RED)
                        )
                case (
                    ev.ObjectiveCompleted(side, _, text)
                    | ev.ObjectiveFailed(side, _, text)
                    | ev.ObjectiveAdded(side, _, text)
                ):
                    seen = side == self.viewer or self.omniscient or not state.hostile(side, self.viewer)
                    if seen:
                        label = {
                            ev.ObjectiveCompleted: "OBJECTIVE COMPLETE",
                            ev.ObjectiveFailed: "OBJECTIVE FAILED",
                            ev.ObjectiveAdded: "NEW OBJECTIVE",
                        }[type(e)]
                        self.queue.add(BannerAnim(label, text, P.UI_AMBER))
                case ev.GameOver(outcome):
                    won = outcome.winner == self.viewer
                    title = "VICTORY" if won else ("DRAW" if outcome.winner is None else "DEFEAT")
                    self.queue.add(BannerAnim(title, outcome.reason, P.UI_CYAN if won else P.ACCENT_RED))
                case ev.Ambushed(unit, _, _):
                    seen = self._sees(unit, before, after)
                    if seen:
                        self.queue.add(BannerAnim("AMBUSH!", self.session.unit_name(unit), P.ACCENT_RED))
                case ev.UnitEvacuated(unit, _, tile):
                    seen = self._sees(unit, before, after)
                    if seen:
                        self.queue.add(
                            FloatAnim(tile, "SAFE", widgets.GOOD, 28),
                            Call(lambda s, unit=unit: s.shown.pop(unit, None)),
                        )
                case ev.WeatherChanged(storms):
                    if storms and not before.storms:
                        self.queue.add(
                            BannerAnim("DUST STORM", "Sight and weapon ranges collapse inside", SAND)
                        )
                    elif not storms and before.storms:
                        self.queue.add(BannerAnim("THE STORM CLEARS", "", SAND))
                case ev.FlagSet(flag) if flag == "rei_revealed":
                    self.queue.add(
                        BannerAnim(
                            "REI'S AGENDA REVEALED", "Its advice now shows the bias it applies", FOLON_RED
                        )
                    )
                case ev.PostureChanged(side):
                    seen = side == self.viewer
                case _:
                    unit_id = getattr(e, "unit", None)
                    if isinstance(unit_id, str):
                        seen = self._sees(unit_id, before, after)
            if seen:  # logged as its animation ends, so the log never runs ahead of the screen
                line = self._describe(e) + extra
                self.queue.add(Call(lambda s, line=line: s._log(line)))
        self.queue.add(Call(lambda s: s._sync()))

    @staticmethod
    def _cache_taker(events: list[Event], cache_event: Event) -> int | None:
        """Where the unit that took an oxygen cache stopped (the move just before the event)."""
        last = None
        for e in events:
            if e is cache_event:
                return last
            if isinstance(e, ev.UnitMoved):
                last = e.path[-1]
        return last

    def _breathers(self, side: str) -> list[str]:
        """The units breathing from ``side``'s shared oxygen supply."""
        state = self.session.state
        catalog = state.catalog
        return sorted(
            uid for uid, u in state.units.items() if u.side == side and catalog.units[u.type_id].breathes
        )

    def _set_hp(self, unit: str, hp: int) -> None:
        u = self.shown.get(unit)
        if u is not None:
            u.hp = hp
            u.flash = 0.35

    def rei_revealed(self) -> bool:
        """Whether the story has revealed Rei's hidden agenda (a campaign memory flag)."""
        return "rei_revealed" in getattr(self.session, "memory", ())

    def _log(self, line: str) -> None:
        self.log.append(line)
        del self.log[:-LOG_LINES]

    def _describe(self, e: Event) -> str:
        if self._names is None:
            self._names = EventNames.of(self.session.state.setup, self.mission.unit_names)
        return describe_event(e, self._names)

    def _hint(self, side: str) -> str:
        brief = self.mission.side_brief(side)
        return brief.colour if brief else ""

    def _tile_of(self, uid: str) -> int | None:
        if uid in self.shown:
            return self.shown[uid].tile
        u = self.session.state.units.get(uid)
        return u.tile if u is not None else None

    def _weapon_kind(self, uid: str, weapon_id: str) -> str:
        state = self.session.state
        u = state.units.get(uid) or state.destroyed.get(uid) or state.out_of_fight.get(uid)
        if u is None:
            return "beam"
        w = state.catalog.units[u.type_id].weapon(weapon_id)
        return w.kind.value if w else "beam"

    def _phase_started(self, side: str) -> None:
        if side == self.viewer:
            self.skip = False
            start = self._first_ready_unit()
            if start is not None:
                self.cursor = self.grid.xy(start.tile)
                self.camera.ensure_visible(*self.cursor)

    # ------------------------------------------------------------------ acting

    def do(self, action: Action) -> bool:
        """Send an action to the engine and queue its animation; False (and a message) when illegal."""
        before = self.obs
        try:
            events = self.session.act(action)
        except IllegalActionError as err:
            self.say(f"Not allowed: {err}")
            return False
        Audio.play("ui_confirm")
        self.advice = None
        self._queue_events(events, before, self._observe())
        return True

    def say(self, msg: str) -> None:
        self.toast = msg
        self.toast_t = 3.0

    def legal(self) -> list[Action]:
        return self.session.legal() if self.session.human_turn() else []

    def unit_actions(self, uid: str) -> list[Action]:
        return [a for a in self.legal() if getattr(a, "unit", None) == uid]

    def _first_ready_unit(self):
        for u in self.obs.own_units():
            if not u.acted:
                return u
        return None

    def _select(self, uid: str) -> None:
        self.selected = uid
        self.mode = "select"
        self.menu = None
        self.target = None
        self.advice = None
        self._compute_ranges()
        Audio.play("ui_click")

    def _deselect(self) -> None:
        self.selected = None
        self.mode = "idle"
        self.menu = None
        self.target = None
        self.move_tiles = self.attack_tiles = 0
        self.reach_cost = {}
        self.path = ()

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
            self._reach = reach
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

    def _attacks_on(self, uid: str, target: str) -> list[Attack]:
        return [a for a in self.unit_actions(uid) if isinstance(a, Attack) and a.target == target]

    def _open_menu(self, focus: str = "") -> None:
        """The selected unit's orders beside it; ``focus`` highlights one item (by key) first."""
        uid = self.selected
        if uid is None:
            return
        items: list[widgets.Item] = []
        acts = self.unit_actions(uid)
        if any(isinstance(a, Attack) for a in acts):
            items.append(widgets.Item("attack", "Attack"))
        specials = [a for a in acts if isinstance(a, Special)]
        unit = self.obs.units[uid]
        utype = self.obs.catalog.units[unit.type_id]
        if utype.vmax is not None and not any(a.name == "vmax" for a in specials):
            # V-MAX the pilot cannot fire now: shown greyed with the reason, so its state is never a mystery
            items.append(widgets.Item("special:vmax:", self._vmax_label(unit), enabled=False))
        for a in specials:
            label = self.special_label(a)
            items.append(widgets.Item(f"special:{a.name}:{a.target or ''}", label))
        items.append(widgets.Item("wait", "Wait"))
        if any(isinstance(a, UndoMove) for a in acts):
            items.append(widgets.Item("undo", "Undo move"))
        items.append(widgets.Item("cancel", "Cancel"))
        width = max(200, max(widgets.font(22).size(it.label)[0] for it in items) + 28)
        self.menu = widgets.Menu(items, width=width, height=36, gap=6)
        keys = [it.key for it in items]
        self.menu.index = keys.index("attack") if "attack" in keys else keys.index("wait")  # the safe default
        if focus in keys:
            self.menu.index = keys.index(focus)
        r = self.camera.tile_rect(*self.grid.xy(unit.tile))
        x = r.right + 10 if r.right + width + 20 < self.layout.view.right else r.left - width - 10
        y = max(self.layout.view.top + 8, min(r.top, self.layout.view.bottom - self.menu.total_height() - 8))
        self.menu.origin = (x, y)
        self.mode = "menu"

    def special_label(self, a: Special) -> str:
        """The action menu's label for a special: what it does, on whom, and its odds."""
        name = self.session.unit_name(a.target) if a.target else ""
        if a.name == "vmax":
            unit = self.obs.units[a.unit]
            vmax = self.obs.catalog.units[unit.type_id].vmax
            return f"V-MAX ({vmax.energy_cost} EN)" if vmax else "V-MAX"
        if a.name == "dust":
            return "Kick up dust (hide)"
        if a.name == "talk":
            chance = self.talk_odds(a)
            return f"Talk down {name}: {chance}%"
        if a.name == "capture":
            return f"Capture pilot: {name}"
        if a.name == "spare":
            return f"Spare pilot: {name}"
        return f"{a.name.title()}" + (f": {name}" if name else "")

    def _vmax_label(self, unit: Unit) -> str:
        block = vmax_block(self.obs, unit)
        return f"V-MAX: {block[0]}" if block is not None and block[0] else "V-MAX"

    def talk_odds(self, a: Special) -> int:
        """The engine's exact chance that ``a`` (a talk) succeeds."""
        unit = self.obs.units.get(a.unit)
        target = self.obs.units.get(a.target or "")
        if unit is None or target is None:
            return 0
        return talk_chance(self.obs, unit, target)

    def special_preview(self, key: str) -> list[tuple[str, tuple[int, int, int]]]:
        """The lines of the preview panel beside the menu for a special item (the engine's numbers)."""
        _, name, target = key.split(":", 2)
        uid = self.selected or ""
        unit = self.obs.units.get(uid)
        if unit is None:
            return []
        catalog = self.obs.catalog
        utype = catalog.units[unit.type_id]
        out: list[tuple[str, tuple[int, int, int]]] = []
        if name == "vmax" and utype.vmax is not None:
            v = utype.vmax
            out.append(("V-MAX", widgets.AMBER))
            if unit.folon:
                out += [
                    ("Held by Folon, the hidden system:", FOLON_RED),
                    ("the pilot cannot fire it. It fires", FOLON_RED),
                    (f"by itself below {v.folon_threshold_pct}% HP and strikes back.", FOLON_RED),
                ]
                return out
            out += [
                (f"Cost {v.energy_cost} EN (have {unit.energy})", widgets.TEXT),
                (f"Power {v.power_pct}%, MOV +{v.move_bonus}, EVA +{v.evasion_bonus}", widgets.TEXT),
                ("Lasts until your next phase", widgets.DIM),
                (f"Then cool-down {v.cooldown} phase(s):", widgets.DIM),
                (f"no attacks, EVA -{v.cooldown_evasion_penalty}", widgets.DIM),
            ]
            if unit.cooldown:
                out.append((f"Cooling now: {unit.cooldown} phase(s) left", widgets.BAD))
        elif name == "dust":
            out += [
                ("KICK UP DUST", widgets.AMBER),
                ("A cloud over this tile and the ones", widgets.TEXT),
                ("around it until your next phase:", widgets.TEXT),
                ("enemies lose sight and lock.", widgets.TEXT),
                ("Ends this unit's turn.", widgets.DIM),
            ]
        elif name == "talk":
            foe = self.obs.units.get(target)
            if foe is None:
                return out
            chance = talk_chance(self.obs, unit, foe)
            speaker = catalog.pilot(unit.pilot)
            listener = catalog.pilot(foe.pilot)
            f_type = catalog.units[foe.type_id]
            hurt = (f_type.hp - foe.hp) * 100 // f_type.hp
            out += [
                (f"OPEN CHANNEL: {chance}%", widgets.AMBER),
                (f"{speaker.name} persuasion +{speaker.persuasion}", widgets.TEXT),
                (f"{listener.name or foe.id} wavers +{listener.waver}", widgets.TEXT),
                (f"damage taken {hurt}% / 4 = +{hurt // 4}", widgets.TEXT),
                (f"(at most 90%, within {TALK_RANGE} tiles)", widgets.DIM),
                ("Success: the pilot leaves the fight.", widgets.GOOD),
            ]
        elif name in ("capture", "spare"):
            out += [
                ("CAPTURE THE PILOT" if name == "capture" else "SPARE THE PILOT", widgets.AMBER),
                (f"{self.session.unit_name(target)}: machine down, pilot alive.", widgets.TEXT),
                (
                    "Taken prisoner: remembered." if name == "capture" else "Let go: remembered.",
                    widgets.TEXT,
                ),
                ("Ends this unit's turn.", widgets.DIM),
            ]
        return out

    def _menu_choice(self, key: str) -> None:
        uid = self.selected
        if uid is None:
            return
        if key == "attack":
            self.mode = "target"
            targets = self._targets()
            if targets:
                self.cursor = self.grid.xy(self.obs.units[targets[0]].tile)
            self.menu = None
        elif key == "wait":
            self.do(Wait(uid))
            self._deselect()
        elif key == "undo":
            self.do(UndoMove(uid))
            self.mode = "select"
            self.menu = None
            self.queue.add(Call(lambda s, uid=uid: s._reselect(uid)))
        elif key == "cancel":
            self._cancel()
        elif key.startswith("special:"):
            _, name, target = key.split(":", 2)
            if self.do(Special(uid, name, target or None)):
                self.menu = None
                self.mode = "select"
                self.queue.add(Call(lambda s, uid=uid: s._reselect(uid)))

    def _reselect(self, uid: str) -> None:
        unit = self.obs.units.get(uid)
        if unit is not None and not unit.acted and self.session.human_turn():
            self._select(uid)
            if unit.moved:
                self._open_menu()
        else:
            self._deselect()

    def _targets(self) -> list[str]:
        if self.selected is None:
            return []
        seen: list[str] = []
        for a in self.unit_actions(self.selected):
            if isinstance(a, Attack) and a.target not in seen:
                seen.append(a.target)
        return seen

    def _open_forecast(self, target: str) -> None:
        self.target = target
        self.weapon_i = 0
        self.mode = "forecast"
        self.cursor = self.grid.xy(self.obs.units[target].tile)
        Audio.play("ui_click")

    def current_attack(self) -> Attack | None:
        if self.selected is None or self.target is None:
            return None
        attacks = self._attacks_on(self.selected, self.target)
        if not attacks:
            return None
        return attacks[self.weapon_i % len(attacks)]

    def _move_then_attack(self, target: str) -> bool:
        """Walk the selected unit to the nearest tile from which it can strike ``target``."""
        unit = self.obs.units.get(self.selected or "")
        foe = self.obs.units.get(target)
        if unit is None or foe is None or unit.moved or not self.move_tiles:
            return False
        utype = self.obs.catalog.units[unit.type_id]
        best = None
        for t in self._reach.destinations:
            there = unit.with_(tile=t)
            if any(
                weapon_ready(utype, unit, i) and in_reach(self.obs, w, there, foe)
                for i, w in enumerate(utype.weapons)
            ):
                key = (self._reach.cost[t], -self.grid.cover[t], t)
                if best is None or key < best[0]:
                    best = (key, t)
        if best is None:
            return False
        uid = unit.id
        if self.do(Move(uid, self._reach.path(best[1]))):
            self.queue.add(Call(lambda s: s._after_auto_move(uid, target)))
            return True
        return False

    def _after_auto_move(self, uid: str, target: str) -> None:
        self._reselect(uid)
        if self._attacks_on(uid, target):
            self._open_forecast(target)

    def _confirm_attack(self) -> None:
        attack = self.current_attack()
        if attack is None:
            return
        if self.do(attack):
            self._deselect()

    def _cancel(self) -> bool:
        """Step back one level; False when there was nothing to cancel."""
        if self.show_help:
            self.show_help = False
        elif self.confirm is not None:
            self.confirm = None
        elif self.mode == "forecast":
            self.mode = "target" if self.selected and self.obs.units[self.selected].moved else "select"
            self.target = None
        elif self.mode == "target":
            self._open_menu()
        elif self.mode == "menu":
            unit = self.obs.units.get(self.selected or "")
            if (
                unit is not None
                and unit.moved
                and any(isinstance(a, UndoMove) for a in self.unit_actions(unit.id))
            ):
                self._menu_choice("undo")
            else:
                self.mode = "select"
                self.menu = None
        elif self.selected is not None:
            self._deselect()
        elif self.advice is not None:
            self.advice = None
        else:
            return False
        return True

    def _end_phase(self, force: bool = False) -> None:
        if not self.session.human_turn():
            return
        ready = [u for u in self.obs.own_units() if not u.acted]
        if ready and not force:
            self.confirm = ("end", f"{len(ready)} unit(s) can still act. End the phase?")
            return
        self.confirm = None
        self._deselect()
        self.do(EndPhase(self.viewer))

    def _undo(self) -> None:
        for a in self.legal():
            if isinstance(a, UndoMove) and (self.selected is None or a.unit == self.selected):
                uid = a.unit
                self.do(a)
                self.queue.add(Call(lambda s, uid=uid: s._reselect(uid)))
                return
        self.say("Nothing to undo")

    def _next_unit(self) -> None:
        own = [u for u in self.obs.own_units() if not u.acted]
        if not own:
            self.say("Every unit has acted: press E to end the phase")
            return
        ids = [u.id for u in own]
        i = (ids.index(self.selected) + 1) % len(ids) if self.selected in ids else 0
        self._select(ids[i])
        self.cursor = self.grid.xy(own[i].tile)
        self.camera.ensure_visible(*self.cursor, margin=2)

    def _ask_rei(self) -> None:
        if self.rei is None:
            self.say("Rei is offline")
            return
        uid = self.selected
        if uid is None:
            unit = self._first_ready_unit() or self._first_own_unit()  # done units still get the figures
            uid = unit.id if unit is not None else None
        if uid is None:
            self.say("Rei: no unit can act.")
            return
        remembered = {k: v for k, v in self.remembered.items() if k not in self.obs.units}
        try:
            advice = self.rei.advise(self.obs, self.legal(), uid, remembered=remembered)
        except TypeError:  # an older Rei without estimates
            advice = self.rei.advise(self.obs, self.legal(), uid)
        if advice is None:
            unit = self.obs.units.get(uid)
            figures = getattr(self.rei, "estimates", None)
            if unit is None or unit.side != self.viewer or figures is None:
                self.say("Rei: no advice for that unit.")
                return
            advice = self.rei.Advice(
                unit=uid,
                actions=(),
                reason="no orders: it cannot act now",
                numbers=self.rei.AdviceNumbers(0.0),
                estimates=figures(self.obs, uid, None, remembered),
            )
        self.advice = advice
        self.advice_text = f"{self.session.unit_name(uid)}: {advice.reason}"
        Audio.play("ui_click")

    def advice_lines(self) -> list[tuple[str, tuple[int, int, int]]]:
        """What the advice box says: the advice and its reason, Rei's estimates, and (only once the
        story has revealed Rei's agenda) the bias applied and what an honest computer would advise."""
        advice = self.advice
        if advice is None:
            return []
        out = [(self.advice_text, widgets.TEXT)]
        figures = [e.text() for e in getattr(advice, "estimates", ()) if e.label != "Hit"]
        if figures:
            out.append(("Estimates: " + "; ".join(figures), P.UI_CYAN))
        if self.rei_revealed():
            if advice.bias_applied:
                out.append((f"REI'S BIAS: {advice.bias_applied}", FOLON_RED))
                if advice.unbiased and advice.unbiased != advice.actions:
                    out.append(("Red ghost on the map: what an honest computer would do.", widgets.DIM))
            elif advice.actions:
                out.append(("No bias in this advice: an honest computer agrees.", widgets.GOOD))
        return out

    def _toggle_threat(self) -> None:
        self.show_threat = not self.show_threat
        if self.show_threat:
            self.threat = threat_mask(self.obs, self.viewer)

    # ------------------------------------------------------------------ input

    def _click_tile(self, x: int, y: int) -> None:
        if not self.session.human_turn() or self.queue:
            return
        tile = self.grid.tile(x, y)
        self.cursor = (x, y)
        occupant = self.obs.occupant.get(tile)
        unit = self.obs.units.get(occupant) if occupant else None
        own = unit is not None and unit.side == self.viewer
        if self.mode == "menu":
            self.mode = "select"
            self.menu = None
        if self.mode in ("target", "forecast"):
            if unit is not None and not own and self.selected and self._attacks_on(self.selected, unit.id):
                if self.mode == "forecast" and self.target == unit.id:
                    self._confirm_attack()
                else:
                    self._open_forecast(unit.id)
            else:
                self._cancel()
            return
        if self.selected is not None:
            sel = self.obs.units[self.selected]
            if unit is not None and unit.id == sel.id:
                self._open_menu()
                return
            # a wreck to take beside us: the orders open on capturing its pilot
            special = self._special_on(sel.id, tile)
            if special and tile in {w.tile for w in self.obs.wrecks.values()}:
                self._open_menu(focus=special)
                return
            if (self.move_tiles >> tile) & 1:
                uid = sel.id
                if self.do(Move(uid, self._reach.path(tile))):
                    self.queue.add(Call(lambda s, uid=uid: s._reselect(uid)))
                return
            if unit is not None and not own:
                if self._attacks_on(sel.id, unit.id):
                    self._open_forecast(unit.id)
                elif not self._move_then_attack(unit.id):
                    special = self._special_on(sel.id, tile)
                    if special:  # no strike within reach, but a pilot we can call from here
                        self._open_menu(focus=special)
                    else:
                        self.say("Out of reach")
                return
        if own and unit is not None and not unit.acted:
            self._select(unit.id)
        else:
            self._deselect()

    def _special_on(self, uid: str, tile: int) -> str:
        """The menu key of ``uid``'s first legal special aimed at whoever is on ``tile`` ("" if none)."""
        for a in self.unit_actions(uid):
            if isinstance(a, Special) and a.target is not None:
                at = self.obs.units.get(a.target) or self.obs.wrecks.get(a.target)
                if at is not None and at.tile == tile:
                    return f"special:{a.name}:{a.target}"
        return ""

    def handle(self, event: pygame.event.Event) -> Transition | None:
        head = self.queue.head()
        if isinstance(head, DialogueAnim):
            if head.handle(event):
                Audio.play("ui_click")
            return None
        if isinstance(head, BannerAnim) and (
            (
                event.type == pygame.KEYDOWN
                and event.key in (pygame.K_RETURN, pygame.K_SPACE, pygame.K_KP_ENTER)
            )
            or (event.type == pygame.MOUSEBUTTONDOWN and event.button == 1)
        ):
            # a banner is only news: Enter or a click hurries it to its fade-out
            head.t = max(head.t, head.duration * 0.85)
            return None
        if event.type == pygame.VIDEORESIZE or event.type == pygame.WINDOWSIZECHANGED:
            self._relayout()
            return None
        if event.type == pygame.KEYDOWN:
            return self._key(event)
        if event.type == pygame.MOUSEMOTION:
            self.mouse_seen = True
            return self._motion(event)
        if event.type == pygame.MOUSEBUTTONDOWN:
            return self._press(event)
        if event.type == pygame.MOUSEBUTTONUP and event.button in (2, 3) and self.drag is not None:
            moved = self.dragged
            self.drag = None
            self.dragged = False
            if event.button == 3 and not moved and not self._cancel():
                return self._pause()
        if event.type == pygame.MOUSEWHEEL:
            self.camera.zoom(1 if event.y > 0 else -1, pygame.mouse.get_pos())
        return None

    def _relayout(self) -> None:
        self.layout = Layout.of(self.app.size)
        self.camera.view = self.layout.view
        self.camera.clamp()

    def _pause(self) -> Transition:
        from .menus import PauseScene

        return push(lambda a: PauseScene(a, self))

    def _key(self, event: pygame.event.Event) -> Transition | None:
        act = keys.Bindings.of(self.app.options).action(event.key)  # the player's bindings (Options)
        if act == "help":
            self.show_help = not self.show_help
            return None
        if act == "fast":
            self.fast = not self.fast
            self.say("Fast-forward on" if self.fast else "Fast-forward off")
            return None
        if self.feed is None and self.session.human_turn() and self.queue and act in keys.QUEUED:
            self.pending_key = event  # pressed while our own move still animates: do it right after
            return None
        if self.feed is not None or not self.session.human_turn() or self.queue:
            if act == "select" and not self.session.human_turn():
                self.skip = True
            if act == "cancel":
                if self.feed is not None:
                    return POP
                return self._pause()
            if act in ("zoom_in", "zoom_out"):
                self.camera.zoom(1 if act == "zoom_in" else -1)
            return None
        if self.confirm is not None:
            if act == "select" or event.key == pygame.K_y:
                kind = self.confirm[0]
                self.confirm = None
                if kind == "end":
                    self._end_phase(force=True)
            elif act == "cancel" or event.key == pygame.K_n:
                self.confirm = None
            return None
        if self.mode == "menu" and self.menu is not None and act in ("up", "down", "select"):
            choice = self.menu.handle(keys.as_menu_key(event, act))
            if choice:
                self._menu_choice(choice)
            return None
        moves = {"left": (-1, 0), "right": (1, 0), "up": (0, -1), "down": (0, 1)}
        if self.mode == "forecast" and act in ("left", "right"):
            self.weapon_i += 1 if act == "right" else -1
            return None
        if self.mode == "target" and act == "next_unit":
            targets = self._targets()
            if targets:
                cur = self.obs.occupant.get(self.grid.tile(*self.cursor))
                i = (targets.index(cur) + 1) % len(targets) if cur in targets else 0
                self.cursor = self.grid.xy(self.obs.units[targets[i]].tile)
            return None
        if act in moves:
            dx, dy = moves[act]
            x = max(0, min(self.grid.width - 1, self.cursor[0] + dx))
            y = max(0, min(self.grid.height - 1, self.cursor[1] + dy))
            self.cursor = (x, y)
            self.camera.ensure_visible(x, y)
            self._update_path()
            return None
        if act == "select":
            if self.mode == "forecast":
                self._confirm_attack()
            else:
                self._click_tile(*self.cursor)
            return None
        if act == "cancel":
            if not self._cancel():
                return self._pause()
            return None
        if act == "next_unit":
            self._next_unit()
        elif act == "undo":
            self._undo()
        elif act == "end_phase":
            self._end_phase()
        elif act == "rei":
            self._ask_rei()
        elif act == "threat":
            self._toggle_threat()
        elif act in ("zoom_in", "zoom_out"):
            self.camera.zoom(1 if act == "zoom_in" else -1)
        elif act == "quick_save":
            self._quick_save()
        elif act == "quick_load":
            return self._quick_load()
        return None

    def _quick_save(self) -> None:
        from .session import save_session

        try:
            path = save_session(self.session)
        except OSError as err:
            self.say(f"Could not save: {err}")
            return
        self.say(f"Saved ({path.name})")

    def _quick_load(self) -> Transition | None:
        from .session import SaveError, list_saves, load_session

        saves = list_saves()
        if not saves:
            self.say("No saves yet")
            return None
        try:
            session = load_session(saves[0])
        except SaveError as err:
            self.say(str(err))
            return None
        return replace(lambda a: BattleScene(a, session))

    def _motion(self, event: pygame.event.Event) -> Transition | None:
        if self.drag is not None:
            x0, y0, ox, oy, _ = self.drag
            dx, dy = event.pos[0] - x0, event.pos[1] - y0
            if abs(dx) + abs(dy) > 6:
                self.dragged = True
            if self.dragged:
                self.camera.ox = ox - dx
                self.camera.oy = oy - dy
                self.camera.clamp()
            return None
        if self.menu is not None:
            self.menu.handle(event)
        for name, r in list(self.forecast_buttons.items()) + list(self.confirm_buttons.items()):
            if r.collidepoint(event.pos):
                self.hot = name
        tile = self.camera.to_tile(event.pos)
        self.hover = tile
        if tile is not None and self.menu is None:
            self.cursor = tile
            self._update_path()
        return None

    def _update_path(self) -> None:
        self.path = ()
        if self.selected is None or self.mode != "select" or not self.move_tiles:
            return
        t = self.grid.tile(*self.cursor)
        if (self.move_tiles >> t) & 1:
            self.path = self._reach.path(t)

    def _press(self, event: pygame.event.Event) -> Transition | None:
        if event.button in (2, 3):
            self.drag = (event.pos[0], event.pos[1], self.camera.ox, self.camera.oy, event.button)
            self.dragged = False
            return None
        if event.button != 1:
            return None
        for name, r in self.top_buttons.items():
            if r.collidepoint(event.pos):
                return self._top_button(name)
        if self.confirm is not None:
            for name, r in self.confirm_buttons.items():
                if r.collidepoint(event.pos):
                    kind = self.confirm[0]
                    self.confirm = None
                    if name == "yes" and kind == "end":
                        self._end_phase(force=True)
            return None
        if self.feed is not None or not self.session.human_turn():
            return None
        if self.mode == "forecast":
            for name, r in self.forecast_buttons.items():
                if r.collidepoint(event.pos):
                    if name == "confirm":
                        self._confirm_attack()
                    elif name == "cancel":
                        self._cancel()
                    elif name.startswith("weapon:"):
                        self.weapon_i = int(name.split(":")[1])
                    return None
        if self.menu is not None:
            choice = self.menu.handle(event)
            if choice:
                self._menu_choice(choice)
                return None
            if any(r.collidepoint(event.pos) for r in self.menu.rects()):
                return None
        tile = self.camera.to_tile(event.pos)
        if tile is not None:
            self._click_tile(*tile)
        return None

    def _top_button(self, name: str) -> Transition | None:
        if name == "menu":
            return self._pause()
        if name == "help":
            self.show_help = not self.show_help
        elif name == "fast":
            self.fast = not self.fast
        elif self.feed is None and self.session.human_turn() and not self.queue:
            if name == "end":
                self._end_phase()
            elif name == "rei":
                self._ask_rei()
            elif name == "threat":
                self._toggle_threat()
        return None

    # ------------------------------------------------------------------ loop

    def busy(self) -> bool:
        if isinstance(self.queue.head(), DialogueAnim) and self.feed is None and not self.floaters:
            return False  # waiting for the reader: sleep on the event queue
        if self.queue or self.floaters or self.shake > 0 or self.toast_t > 0 or self.o2_flash > 0:
            return True
        if self.finished:
            return True
        if self.session.state.outcome is None and not self.session.human_turn():
            return True
        if self.feed is not None and self.session.state.outcome is None:
            return True
        return self._edge_scroll_dir() != (0, 0)

    def idle_refresh(self) -> bool:
        return bool(self.obs.storm_mask) or isinstance(self.queue.head(), DialogueAnim)

    def _edge_scroll_dir(self) -> tuple[int, int]:
        if not self.mouse_seen or not pygame.mouse.get_focused() or self.drag is not None:
            return (0, 0)
        x, y = pygame.mouse.get_pos()
        v = self.layout.view
        if not v.inflate(2, 2).collidepoint(x, y):
            return (0, 0)
        m = 14
        dx = -1 if x < v.left + m else (1 if x > v.right - m else 0)
        dy = -1 if y < v.top + m else (1 if y > v.bottom - m else 0)
        return dx, dy

    def speed(self) -> float:
        s = self.app.options.anim_speed * (3.0 if self.fast else 1.0)
        if self.skip:
            s *= 40.0
        return s

    def update(self, dt: float) -> Transition | None:
        self.time += dt
        Audio.loop("wind", storm_on_screen(self.obs.storm_mask, self.grid, self.camera))
        if self.toast_t > 0:
            self.toast_t = max(0.0, self.toast_t - dt)
        self.shake = max(0.0, self.shake - dt)
        self.o2_flash = max(0.0, self.o2_flash - dt)
        dx, dy = self._edge_scroll_dir()
        if dx or dy:
            self.camera.ox += dx * 600 * dt
            self.camera.oy += dy * 600 * dt
            self.camera.clamp()
        for u in self.shown.values():
            u.flash = max(0.0, u.flash - dt)
        sp = self.speed()
        for f in self.floaters:
            f.age += dt * min(sp, 3.0)
        self.floaters = [f for f in self.floaters if f.age < f.life]
        if self.queue:
            self.queue.update(self, dt * sp)
            return None
        if self.pending_key is not None:
            event, self.pending_key = self.pending_key, None
            if self.session.human_turn():
                return self._key(event)
        state = self.session.state
        if state.outcome is not None:
            if not self.finished:
                self.finished = True
                self._end_t = 0.6
            self._end_t -= dt
            if self._end_t <= 0:
                return self._debrief()
            return None
        if self.feed is not None:
            action = self.feed()
            if action is None:
                self.feed = None
                self.say("End of the replay")
                return None
            before = self.obs
            try:
                events = self.session.act(action)
            except IllegalActionError as err:
                self.feed = None
                self.say(f"The replay stops here: {err}")
                return None
            self._queue_events(events, before, self._observe())
            return None
        if not self.session.human_turn():
            before = self.obs
            _, events = self.session.ai_step()
            self._queue_events(events, before, self._observe())
        return None

    def _debrief(self) -> Transition:
        from .menus import DebriefScene

        return replace(lambda a: DebriefScene(a, self.session, self.log))

    # ------------------------------------------------------------------ drawing

    def _base_layer(self) -> pygame.Surface:
        """The map with the fog and the storm's tint already on it (cached until one of them changes),
        so a frame starts with one opaque blit instead of three full-map ones."""
        hidden = 0 if self.omniscient else ((1 << self.grid.size) - 1) & ~self.obs.visible
        key = (self.camera.ts, hidden, self.obs.storm_mask)
        cached = self._base_cache
        if cached is not None and cached[0] is self.grid and cached[1] == key:
            return cached[2]
        surf = self._map_surface().copy()
        if hidden:
            surf.blit(self._mask_surface("fog", hidden), (0, 0))
        if self.obs.storm_mask:
            surf.blit(self._mask_surface("storm", self.obs.storm_mask), (0, 0))
        self._base_cache = (self.grid, key, surf)
        return surf

    def _map_surface(self) -> pygame.Surface:
        ts = self.camera.ts
        key = ts * 1000 + id(self.grid) % 1000
        surf = self._map_cache.get(key)
        if surf is None:
            surf = draw_map(self.grid, ts)
            self._map_cache = {key: surf}
        return surf

    def _mask_surface(self, kind: str, mask: int) -> pygame.Surface:
        """A full-map overlay of one tile picture over every tile of ``mask`` (cached)."""
        ts = self.camera.ts
        key = (kind, ts, mask)
        surf = self._mask_cache.get(key)
        if surf is None:
            if len(self._mask_cache) > 24:
                self._mask_cache.clear()
            surf = pygame.Surface((self.grid.width * ts, self.grid.height * ts), pygame.SRCALPHA)
            if kind == "fog":
                piece = assets.scaled("ui/fog.png", ts, ts)
                if piece is None:
                    piece = pygame.Surface((ts, ts), pygame.SRCALPHA)
                    piece.fill((*P.FOG, 140))
            elif kind == "storm":
                piece = pygame.Surface((ts, ts), pygame.SRCALPHA)
                piece.fill((*P.DUST, 70))
            else:
                piece = assets.range_tile(kind, ts)
            blits = [
                (piece, ((t % self.grid.width) * ts, (t // self.grid.width) * ts))
                for t in self.grid.tiles(mask)
            ]
            surf.fblits(blits)
            self._mask_cache[key] = surf
        return surf

    def draw(self, screen: pygame.Surface) -> None:
        if screen.get_size() != (self.layout.top.width, self.layout.view.bottom):
            self._relayout()
        screen.fill(P.UI_BG)
        view = self.layout.view
        cam = self.camera
        ox = cam.ox
        oy = cam.oy
        if self.shake > 0:
            ox += (int(self.time * 97) % 5 - 2) * 2
            oy += (int(self.time * 61) % 5 - 2) * 2
        origin = (round(view.left - ox), round(view.top - oy))
        screen.set_clip(view)
        screen.blit(self._base_layer(), origin)  # terrain, fog and the storm's tint: one opaque blit
        self._draw_wrecks(screen)
        self._draw_zones(screen, origin)  # objective zones, caches and territory: known, over the fog
        self._draw_caches(screen)
        self._draw_territories(screen, origin)
        if self.obs.storm_mask:  # over the fog: everyone knows where the storm is
            self._draw_storm(screen)
            self._draw_dust_clouds(screen)
        if self.show_threat and self.threat:
            screen.blit(self._mask_surface("threat", self.threat), origin)
        if self.selected is not None and self.mode in ("select", "menu"):
            if self.move_tiles:
                screen.blit(self._mask_surface("move", self.move_tiles), origin)
            if self.attack_tiles:
                screen.blit(self._mask_surface("attack", self.attack_tiles), origin)
        if self.mode in ("target", "forecast"):
            mask = 0
            for t in self._targets():
                mask |= 1 << self.obs.units[t].tile
            if mask:
                screen.blit(self._mask_surface("attack", mask), origin)
        self._draw_path(screen)
        self._draw_advice(screen)
        self._draw_units(screen)
        self._draw_cursor(screen)
        for anim in self.queue.items[:1]:
            anim.draw(self, screen)
        for f in self.floaters:
            k = f.age / f.life
            img = widgets.font(f.size, True).render(f.text, True, f.colour)
            img.set_alpha(int(255 * min(1.0, (1 - k) * 2)))
            outline = widgets.font(f.size, True).render(f.text, True, (0, 0, 0))
            outline.set_alpha(img.get_alpha())
            pos = (f.x, f.y - 40 * k)
            r = img.get_rect(center=pos)
            screen.blit(outline, r.move(2, 2))
            screen.blit(img, r)
        screen.set_clip(None)
        self._draw_top(screen)
        self._draw_side(screen)
        if self.menu is not None and self.mode == "menu":
            widgets.panel(
                screen,
                pygame.Rect(
                    self.menu.origin[0] - 8,
                    self.menu.origin[1] - 8,
                    self.menu.width + 16,
                    self.menu.total_height() + 16,
                ),
            )
            self.menu.draw(screen, 22)
            self._draw_special_preview(screen)
        if self.mode == "forecast":
            self._draw_forecast(screen)
        else:
            self.forecast_buttons = {}
        if self.advice is not None:
            self._draw_advice_box(screen)
        if self.toast_t > 0:
            r = widgets.text(screen, self.toast, (view.centerx, view.top + 70), 24, widgets.TEXT, "center")
            box = r.inflate(28, 14)
            widgets.panel(screen, box, 220)
            widgets.text(screen, self.toast, (view.centerx, view.top + 70), 24, widgets.TEXT, "center")
        for anim in self.queue.items[:1]:
            if isinstance(anim, (BannerAnim, DialogueAnim)):
                anim.draw(self, screen)
        if self.confirm is not None:
            self._draw_confirm(screen)
        else:
            self.confirm_buttons = {}
        if self.show_help:
            self._draw_help(screen)

    def _draw_wrecks(self, screen: pygame.Surface) -> None:
        ts = self.camera.ts
        for tile, type_id in sorted(self.wrecks.items()):
            if not (self.visible() >> tile) & 1 and not self.omniscient:
                continue
            x, y = self.grid.xy(tile)
            screen.blit(assets.unit(type_id, (90, 90, 90), ts, True), self.camera.tile_rect(x, y))
        # disabled machines whose pilots live: the wreck, a pulsing amber ring and a "pilot alive" tag
        pulse = 150 + int(100 * abs(((self.time * 1.5) % 2) - 1))
        for w in self.obs.wrecks.values():
            x, y = self.grid.xy(w.tile)
            r = self.camera.tile_rect(x, y)
            colour = assets.side_colour(w.side, self._hint(w.side))
            screen.blit(assets.unit(w.type_id, colour, ts, True), r)
            ring = pygame.Surface((ts, ts), pygame.SRCALPHA)
            pygame.draw.ellipse(ring, (*widgets.AMBER, pulse), ring.get_rect().inflate(-4, -ts // 3), 3)
            screen.blit(ring, r)
            _tag(screen, "PILOT", r, widgets.AMBER)

    def _draw_territories(self, screen: pygame.Surface, origin: tuple[int, int]) -> None:
        """Wary garrisons' territory: a tint in the garrison's colour, red and hatched once alarmed."""
        state = self.session.state
        for spec in state.setup.sides:
            if not spec.wary or not spec.territory:
                continue
            mask = self.obs.zones.get(spec.territory, 0)
            if not mask:
                continue
            alarmed = spec.id in state.alarmed
            gone = self._garrison_gone(spec.id)
            colour = (
                widgets.DIM
                if gone
                else widgets.BAD
                if alarmed
                else assets.side_colour(spec.id, self._hint(spec.id))
            )
            hatch = alarmed and not gone
            screen.blit(
                self._zone_surface(f"territory:{spec.id}:{hatch}:{gone}", mask, colour, hatch), origin
            )
            # its name and alarm level on the zone's first tile
            first = (mask & -mask).bit_length() - 1
            r = self.camera.tile_rect(*self.grid.xy(first))
            label = f"{spec.name}: {'levelled' if gone else 'ALARMED' if alarmed else 'calm'}"
            img = widgets.font(16, True).render(label, True, colour if alarmed else widgets.TEXT)
            pill = img.get_rect(topleft=(r.left + 4, r.top + 4)).inflate(10, 4)
            pygame.draw.rect(screen, (16, 10, 14), pill, border_radius=4)
            pygame.draw.rect(screen, colour, pill, 1, border_radius=4)
            screen.blit(img, img.get_rect(center=pill.center))

    def _zone_surface(self, key: str, mask: int, colour: tuple[int, int, int], hatch: bool) -> pygame.Surface:
        """A cached full-map overlay: ``mask`` tinted, outlined along its edge, optionally hatched."""
        ts = self.camera.ts
        ck = (key, ts, mask)
        surf = self._mask_cache.get(ck)
        if surf is not None:
            return surf
        grid = self.grid
        surf = pygame.Surface((grid.width * ts, grid.height * ts), pygame.SRCALPHA)
        piece = pygame.Surface((ts, ts), pygame.SRCALPHA)
        piece.fill((*colour, 40))
        if hatch:
            step = max(6, ts // 4)
            for i in range(0, ts * 2, step):
                pygame.draw.line(piece, (*colour, 90), (i, 0), (i - ts, ts), 2)
        for t in grid.tiles(mask):
            x, y = grid.xy(t)
            r = pygame.Rect(x * ts, y * ts, ts, ts)
            surf.blit(piece, r)
            for dx, dy, a, b in (
                (0, -1, r.topleft, r.topright),
                (0, 1, r.bottomleft, r.bottomright),
                (-1, 0, r.topleft, r.bottomleft),
                (1, 0, r.topright, r.bottomright),
            ):
                nx, ny = x + dx, y + dy
                if not grid.contains(nx, ny) or not (mask >> grid.tile(nx, ny)) & 1:
                    pygame.draw.line(surf, (*colour, 230), a, b, 3)
        if len(self._mask_cache) > 24:
            self._mask_cache.clear()
        self._mask_cache[ck] = surf
        return surf

    def _draw_caches(self, screen: pygame.Surface) -> None:
        """Oxygen caches (a known map feature): a cyan canister marked O2."""
        caches = self.obs.caches
        if not caches or self.obs.oxygen is None:
            return
        ts = self.camera.ts
        for t in self.grid.tiles(caches):
            r = self.camera.tile_rect(*self.grid.xy(t))
            can = pygame.Rect(0, 0, ts // 2, int(ts * 0.62))
            can.center = r.center
            pygame.draw.rect(screen, (10, 30, 40), can.inflate(4, 4), border_radius=ts // 8)
            pygame.draw.rect(screen, P.UI_CYAN, can, border_radius=ts // 8)
            pygame.draw.rect(screen, (230, 250, 255), can, 2, border_radius=ts // 8)
            widgets.text(screen, "O2", can.center, max(14, ts // 3), (10, 30, 40), "center", False, True)

    def dust_tiles(self) -> int:
        """Tiles under a kicked-up dust cloud (not a storm), as the viewer sees them."""
        storms = 0
        for st in self.obs.storms:
            storms |= self.grid.rect_mask(st.x, st.y, st.w, st.h)
        return self.obs.storm_mask & ~storms

    def _draw_dust_clouds(self, screen: pygame.Surface) -> None:
        mask = self.dust_tiles()
        if not mask:
            return
        ts = self.camera.ts
        for t in self.grid.tiles(mask):
            r = self.camera.tile_rect(*self.grid.xy(t))
            cloud = pygame.Surface((ts, ts), pygame.SRCALPHA)
            cloud.fill((*SAND, 95))
            for i in range(6):
                a = self.time * 0.8 + i * 1.05 + t
                cx = ts // 2 + int(ts * 0.28 * math.cos(a))
                cy = ts // 2 + int(ts * 0.22 * math.sin(a * 1.3))
                pygame.draw.circle(cloud, (226, 196, 150, 110), (cx, cy), ts // 3)
            screen.blit(cloud, r)

    def _draw_zones(self, screen: pygame.Surface, origin: tuple[int, int]) -> None:
        zones = set()
        for obj, status in self.obs.objectives:
            if obj.zone and obj.side == self.viewer and status.value == "pending":
                zones.add(obj.zone)
        if not zones:
            return
        ts = self.camera.ts
        pulse = 120 + int(60 * abs(((self.time * 1.2) % 2) - 1))
        piece = _zone_tile(ts, pulse)
        blits = []
        for name in sorted(zones):
            mask = self.obs.zones.get(name, 0)
            for t in self.grid.tiles(mask):
                blits.append((piece, self.camera.tile_rect(*self.grid.xy(t))))
        screen.blits(blits, doreturn=False)

    def _draw_storm(self, screen: pygame.Surface) -> None:
        """The drifting dust texture over every storm tile in view, one blit per texture-wide stretch
        of a row (not per tile): the storm is the biggest layer of a stormy frame."""
        mask = self.obs.storm_mask
        if not mask:
            return
        cam = self.camera
        ts = cam.ts
        tex = assets.dust_storm(ts * 4)
        size = tex.get_width()
        shift = int(self.time * ts * 0.8) % size
        width, height = self.grid.width, self.grid.height
        view = self.layout.view
        x_lo = max(0, int(cam.ox // ts))
        x_hi = min(width - 1, int((cam.ox + view.width) // ts))
        y_lo = max(0, int(cam.oy // ts))
        y_hi = min(height - 1, int((cam.oy + view.height) // ts))
        if x_lo > x_hi or y_lo > y_hi:
            return
        in_view = ((1 << (x_hi + 1)) - 1) & ~((1 << x_lo) - 1)
        blits = []
        for y in range(y_lo, y_hi + 1):
            row = (mask >> (y * width)) & in_view
            if not row:
                continue
            sy = (y * ts + shift // 3) % size
            h1 = min(ts, size - sy)
            top = cam.tile_rect(0, y).top
            while row:
                first = (row & -row).bit_length() - 1
                run = row >> first
                length = (run ^ (run + 1)).bit_length() - 1  # the set bits in a row from ``first``
                row &= ~(((1 << length) - 1) << first)
                left = cam.tile_rect(first, y).left
                px, end = first * ts, (first + length) * ts
                while px < end:
                    sx = (px + shift) % size
                    w = min(end - px, size - sx)
                    dx = left + px - first * ts
                    blits.append((tex, (dx, top), pygame.Rect(sx, sy, w, h1)))
                    if h1 < ts:
                        blits.append((tex, (dx, top + h1), pygame.Rect(sx, 0, w, ts - h1)))
                    px += w
        screen.blits(blits, doreturn=False)

    def _draw_path(self, screen: pygame.Surface) -> None:
        if len(self.path) < 2 or self.mode != "select":
            return
        pts = [self.tile_centre(t) for t in self.path]
        w = max(3, self.camera.ts // 8)
        pygame.draw.lines(screen, (20, 30, 60), False, pts, w + 4)
        pygame.draw.lines(screen, P.UI_CYAN, False, pts, w)
        end = pts[-1]
        pygame.draw.circle(screen, P.UI_CYAN, end, w * 1.6)
        cost = self.reach_cost.get(self.path[-1])
        if cost is not None:
            widgets.text(
                screen, str(cost), (end[0], end[1] - self.camera.ts // 2), 20, widgets.TEXT, "center"
            )

    def _draw_advice(self, screen: pygame.Surface) -> None:
        advice = self.advice
        if advice is None:
            return
        if self.rei_revealed() and advice.unbiased and advice.unbiased != advice.actions:
            # the honest computer's plan, as a red ghost beside Rei's own
            for a in advice.unbiased:
                if isinstance(a, Move) and len(a.path) > 1:
                    pts = [self.tile_centre(t) for t in a.path]
                    pygame.draw.lines(screen, FOLON_RED, False, pts, max(2, self.camera.ts // 14))
                    pygame.draw.circle(screen, FOLON_RED, pts[-1], self.camera.ts // 4, 2)
                elif isinstance(a, Attack) and a.target in self.obs.units:
                    r = self.camera.tile_rect(*self.grid.xy(self.obs.units[a.target].tile))
                    pygame.draw.rect(screen, FOLON_RED, r.inflate(-10, -10), 3)
                    widgets.text(screen, "honest", (r.centerx, r.bottom), 16, FOLON_RED, "midtop")
        for a in advice.actions:
            if isinstance(a, Move) and len(a.path) > 1:
                pts = [self.tile_centre(t) for t in a.path]
                pygame.draw.lines(screen, (250, 250, 255), False, pts, max(2, self.camera.ts // 12))
                pygame.draw.circle(screen, (250, 250, 255), pts[-1], self.camera.ts // 4, 3)
            elif isinstance(a, (Attack, Special)) and a.target in self.obs.units:
                r = self.camera.tile_rect(*self.grid.xy(self.obs.units[a.target].tile))
                pygame.draw.rect(screen, (250, 250, 255), r.inflate(-4, -4), 3)

    def _draw_units(self, screen: pygame.Surface) -> None:
        ts = self.camera.ts
        vis = self.visible()
        human = self.session.human_turn()
        for u in sorted(
            self.shown.values(), key=lambda s: (s.pos[1] if s.pos else self.grid.xy(s.tile)[1], s.id)
        ):
            if u.hidden_tiles:
                continue
            if u.pos is None and not (vis >> u.tile) & 1 and u.side != self.viewer and not self.omniscient:
                continue
            x, y = u.pos if u.pos is not None else self.grid.xy(u.tile)
            r = self.camera.tile_rect(x, y)
            if not r.colliderect(self.layout.view):
                continue
            colour = assets.side_colour(u.side, self._hint(u.side))
            if u.vmax:
                glow = assets.vmax_glow(int(ts * 1.5))
                pulse = 170 + int(80 * abs(((self.time * 1.5) % 2) - 1))
                glow.set_alpha(pulse)
                screen.blit(glow, glow.get_rect(center=r.center))
            # the player's team faces right, across the map at the others, who face back
            left = self.session.state.hostile(u.side, self.viewer)
            sprite = assets.unit_facing(u.type_id, colour, ts, left)
            done = u.acted and u.side == self.viewer and human
            if done:
                sprite = _dimmed(u.type_id, colour, ts, left)
            if u.id == self.selected:
                pygame.draw.ellipse(screen, P.UI_CYAN, r.inflate(-ts // 6, -ts // 2).move(0, ts // 3), 2)
            if u.spotter:  # a severed head, still watching: a slow red sensor sweep
                sweep = (self.time * 0.8) % 1.0
                ring = pygame.Surface((ts * 3, ts * 3), pygame.SRCALPHA)
                pygame.draw.circle(
                    ring,
                    (*FOLON_RED, int(160 * (1 - sweep))),
                    (ts * 3 // 2,) * 2,
                    int(ts * 1.5 * sweep) + 2,
                    2,
                )
                screen.blit(ring, ring.get_rect(center=r.center))
            if u.in_dust:  # our own unit inside its dust: faint, and tagged
                sprite = sprite.copy()
                sprite.set_alpha(120)
            screen.blit(sprite, r)
            if u.stuck:
                sand = pygame.Surface((ts, ts // 3), pygame.SRCALPHA)
                pygame.draw.ellipse(sand, (*SAND, 220), sand.get_rect())
                screen.blit(sand, (r.left, r.bottom - ts // 3 - max(5, ts // 10)))
                _tag(screen, "STUCK", r, SAND)
            if u.in_dust:
                _tag(screen, "HIDDEN", r, SAND)
            if u.folon and not u.vmax:  # Folon holds V-MAX: a red eye in the corner
                c = (r.left + ts // 7, r.centery)
                pygame.draw.circle(screen, (20, 0, 4), c, max(5, ts // 8))
                pygame.draw.circle(screen, FOLON_RED, c, max(4, ts // 9), 2)
                pygame.draw.circle(screen, FOLON_RED, c, max(2, ts // 22))
            if u.severed:
                _tag(screen, "NO HEAD", r, FOLON_RED)
            if u.flash > 0:
                white = sprite.copy()
                white.fill((255, 255, 255, 0), special_flags=pygame.BLEND_RGBA_MAX)
                white.set_alpha(int(255 * u.flash / 0.35))
                screen.blit(white, r)
            # side pip and HP bar
            bar = pygame.Rect(
                r.left + ts // 8, r.bottom - max(5, ts // 10) - 1, ts - ts // 4, max(5, ts // 10)
            )
            frac = u.hp / u.max_hp if u.max_hp else 0
            pygame.draw.rect(screen, (0, 0, 0), bar.inflate(2, 2))
            widgets.bar(screen, bar, frac, widgets.hp_colour(frac))
            pygame.draw.rect(screen, colour, (bar.left - 1, bar.top - 1, max(3, ts // 12), bar.height + 2))
            if u.cooldown:
                pygame.draw.circle(
                    screen, (60, 170, 240), (r.right - ts // 7, r.top + ts // 7), max(4, ts // 9)
                )
                widgets.text(
                    screen,
                    str(u.cooldown),
                    (r.right - ts // 7, r.top + ts // 7),
                    max(14, ts // 4),
                    (10, 20, 40),
                    "center",
                    False,
                    True,
                )
            if done:
                widgets.text(
                    screen, "z", (r.right - 4, r.top + 2), max(16, ts // 3), (200, 200, 220), "topright"
                )

    def _draw_cursor(self, screen: pygame.Surface) -> None:
        if self.feed is not None or not self.session.human_turn():
            return
        r = self.camera.tile_rect(*self.cursor)
        c = assets.cursor(self.camera.ts)
        bob = int(2 * abs(((self.time * 2) % 2) - 1))
        screen.blit(c, r.inflate(bob * 2, bob * 2).topleft if c.get_width() == r.width else r.topleft)

    def _draw_top(self, screen: pygame.Surface) -> None:
        top = self.layout.top
        pygame.draw.rect(screen, (24, 16, 22), top)
        pygame.draw.line(screen, P.UI_AMBER, (0, top.bottom - 2), (top.right, top.bottom - 2), 2)
        state = self.session.state
        side = state.side_to_act
        spec = state.setup.side(side)
        colour = assets.side_colour(side, self._hint(side))
        widgets.text(screen, self.mission.title, (14, top.centery), 28, widgets.AMBER, "midleft", bold=True)
        turn = f"TURN {state.turn}/{state.setup.max_turns}"
        x = 14 + widgets.font(28, True).size(self.mission.title)[0] + 24
        widgets.text(screen, turn, (x, top.centery), 26, widgets.TEXT, "midleft")
        x += widgets.font(26).size(turn)[0] + 18
        pygame.draw.circle(screen, colour, (x + 8, top.centery), 8)
        phase = f"{spec.name} phase" + ("" if side == self.viewer or self.feed else " - enemy")
        widgets.text(screen, phase, (x + 22, top.centery), 26, colour, "midleft")
        labels = [("menu", "Menu"), ("help", "F1"), ("fast", "Fast" + (" on" if self.fast else ""))]
        if self.feed is None:
            labels = [("end", "End phase"), ("rei", "Rei")] * (self.rei is not None) + [
                ("end", "End phase")
            ] * (self.rei is None)
            labels += [
                ("threat", "Threat"),
                ("fast", "Fast" + (" on" if self.fast else "")),
                ("help", "F1"),
                ("menu", "Menu"),
            ]
        self.top_buttons = {}
        x = top.right - 8
        mouse = pygame.mouse.get_pos() if self.mouse_seen else (-1, -1)
        for name, label in reversed(labels):
            w = widgets.font(22).size(label)[0] + 24
            r = pygame.Rect(x - w, top.top + 7, w, top.height - 14)
            on = (name == "threat" and self.show_threat) or (name == "fast" and self.fast)
            widgets.button(screen, r, label, r.collidepoint(mouse) or on, True, 22)
            self.top_buttons[name] = r
            x -= w + 6

    def _draw_side(self, screen: pygame.Surface) -> None:
        side = self.layout.side
        widgets.panel(screen, side.inflate(-8, -8).move(0, 2), 240)
        x = side.left + 16
        y = side.top + 14
        width = side.width - 32
        # unit card: the hovered or selected unit
        uid = None
        cur = (
            self.obs.occupant.get(self.grid.tile(*self.cursor))
            if not self.omniscient
            else self.session.state.occupant.get(self.grid.tile(*self.cursor))
        )
        wreck = next((w for w, u in self.obs.wrecks.items() if u.tile == self.grid.tile(*self.cursor)), None)
        if cur is not None and cur in self.shown:
            uid = cur
        elif self.selected and wreck is None:
            uid = self.selected
        if uid is not None:
            y = self._draw_card(screen, uid, x, y, width)
        elif wreck is not None:
            w = self.obs.wrecks[wreck]
            colour = assets.side_colour(w.side, self._hint(w.side))
            screen.blit(assets.unit(w.type_id, colour, 64, True), (x, y))
            for i, (line, c) in enumerate(self.wreck_lines(wreck)):
                widgets.text(screen, line, (x + 72, y + i * 20), 24 if i == 0 else 19, c, bold=i == 0)
            y += max(70, 20 * len(self.wreck_lines(wreck))) + 8
        else:
            tx, ty = self.cursor
            terrain = self.grid.terrain[self.grid.tile(tx, ty)]
            widgets.text(screen, terrain.name, (x, y), 28, widgets.AMBER, bold=True)
            y += 28
            widgets.text(
                screen,
                f"cover {terrain.cover}%   {'blocks sight' if terrain.blocks_sight else 'open'}",
                (x, y),
                20,
                widgets.DIM,
            )
            y += 22
            if terrain.description:
                y = widgets.paragraph(
                    screen, terrain.description, pygame.Rect(x, y, width, 60), 18, widgets.DIM, 2
                )
            y += 10
        pygame.draw.line(screen, widgets.BG_LIGHT, (x, y), (x + width, y), 2)
        y += 10
        y = self._draw_oxygen(screen, x, y, width)
        garrisons = self.garrison_lines()
        if garrisons:
            widgets.text(screen, "GARRISONS", (x, y), 22, widgets.AMBER, bold=True)
            y += 22
            for line, colour in garrisons:
                for part in widgets.wrap(line, 19, width)[:2]:
                    widgets.text(screen, part, (x, y), 19, colour)
                    y += 18
            y += 6
            pygame.draw.line(screen, widgets.BG_LIGHT, (x, y), (x + width, y), 2)
            y += 10
        # objectives
        state = self.session.state
        widgets.text(
            screen,
            f"OBJECTIVES   turn {state.turn}/{state.setup.max_turns}",
            (x, y),
            22,
            widgets.AMBER,
            bold=True,
        )
        y += 24
        for obj, status in self.obs.objectives:
            if obj.side != self.viewer and not self.omniscient:
                continue
            mark = {"pending": "-", "complete": "+", "failed": "x"}[status.value]
            colour = {"pending": widgets.TEXT, "complete": widgets.GOOD, "failed": widgets.BAD}[status.value]
            txt = f"{mark} {obj.text}" + (" (optional)" if obj.optional else "")
            for line in widgets.wrap(txt, 19, width)[:3]:
                widgets.text(screen, line, (x, y), 19, colour)
                y += 18
        y += 8
        pygame.draw.line(screen, widgets.BG_LIGHT, (x, y), (x + width, y), 2)
        y += 8
        # log (newest at the bottom)
        widgets.text(screen, "LOG", (x, y), 22, widgets.AMBER, bold=True)
        y += 22
        area = pygame.Rect(x, y, width, side.bottom - 16 - y)
        lines: list[str] = []
        for entry in self.log[-14:]:
            lines.extend(widgets.wrap(entry, 17, width))
        step = 16
        fit = max(0, area.height // step)
        for i, line in enumerate(lines[-fit:] if fit else []):
            widgets.text(screen, line, (x, area.top + i * step), 17, (214, 200, 184), shadow=False)

    def _draw_oxygen(self, screen: pygame.Surface, x: int, y: int, width: int) -> int:
        """The shared oxygen meter: a bar, turns left, who breathes; flashes when the supply changes."""
        lines = self.oxygen_lines()
        if not lines:
            return y
        o2 = self.obs.oxygen or 0
        head, colour = lines[0]
        if self.o2_flash > 0 and int(self.o2_flash * 6) % 2 == 0:
            colour = P.UI_CYAN
        widgets.text(screen, head, (x, y), 22, colour, bold=True)
        y += 22
        frac = o2 / self.o2_max if self.o2_max else 0.0
        widgets.bar(
            screen, pygame.Rect(x, y, width, 12), frac, widgets.BAD if colour == widgets.BAD else P.UI_CYAN
        )
        y += 16
        for line, c in lines[1:]:
            for part in widgets.wrap(line, 18, width)[:2]:
                widgets.text(screen, part, (x, y), 18, c)
                y += 17
        y += 6
        pygame.draw.line(screen, widgets.BG_LIGHT, (x, y), (x + width, y), 2)
        return y + 10

    def _draw_card(self, screen: pygame.Surface, uid: str, x: int, y: int, width: int) -> int:
        board = self.session.state if self.omniscient else self.obs
        unit = board.units.get(uid)
        if unit is None:
            return y
        catalog = board.catalog
        utype = catalog.units[unit.type_id]
        pilot = catalog.pilot(unit.pilot)
        colour = assets.side_colour(unit.side, self._hint(unit.side))
        face = assets.portrait(pilot.name or "", 72) if pilot.name else None
        tx = x
        if face is not None:
            screen.blit(face, (x, y))
            pygame.draw.rect(screen, colour, (x, y, 72, 72), 2)
            tx = x + 82
        else:
            screen.blit(assets.unit(unit.type_id, colour, 64), (x, y))
            tx = x + 72
        name = widgets.fit(self.session.unit_name(uid), 26, x + width - tx, bold=True)
        widgets.text(screen, name, (tx, y), 26, widgets.AMBER, bold=True)
        widgets.text(screen, utype.name, (tx, y + 24), 20, widgets.TEXT)
        widgets.text(
            screen,
            f"Pilot: {pilot.name}" if pilot.name else "Unmanned" if utype.unmanned else "",
            (tx, y + 44),
            19,
            widgets.DIM,
        )
        y += 78
        shown = self.shown.get(uid)
        hp = shown.hp if shown else unit.hp
        widgets.text(screen, f"HP {hp}/{utype.hp}", (x, y), 20)
        widgets.bar(
            screen,
            pygame.Rect(x + 100, y + 3, width - 100, 12),
            hp / utype.hp,
            widgets.hp_colour(hp / utype.hp),
        )
        y += 20
        if utype.energy:
            widgets.text(screen, f"EN {unit.energy}/{utype.energy}", (x, y), 20)
            widgets.bar(
                screen,
                pygame.Rect(x + 100, y + 3, width - 100, 12),
                unit.energy / utype.energy,
                (90, 160, 255),
            )
            y += 20
        from ..engine import move_points

        stats = f"MOV {move_points(catalog, unit)}  ARM {utype.armor}  EVA {utype.evasion}  SEN {utype.sensor_range}"
        widgets.text(screen, stats, (x, y), 19, widgets.TEXT)
        y += 20
        status = []
        if unit.acted:
            status.append("done")
        elif unit.moved:
            status.append("moved")
        if status:
            widgets.text(screen, "  ".join(status), (x, y), 19, P.UI_CYAN)
            y += 20
        for line, colour in self.card_lines(uid):
            for part in widgets.wrap(line, 19, width)[:2]:
                widgets.text(screen, part, (x, y), 19, colour)
                y += 18
        for i, w in enumerate(utype.weapons):
            ammo = "inf" if unit.ammo[i] < 0 else str(unit.ammo[i])
            rng = f"{w.min_range}-{w.max_range}" if w.min_range != w.max_range else str(w.max_range)
            ready = weapon_ready(utype, unit, i)
            line = f"{w.name}"
            widgets.text(screen, line, (x, y), 19, widgets.TEXT if ready else (120, 110, 104))
            y += 17
            detail = f"  {w.kind.value} rng {rng} pow {w.power} acc {w.accuracy:+d} ammo {ammo}" + (
                f" EN {w.energy_cost}" if w.energy_cost else ""
            )
            widgets.text(screen, detail, (x, y), 17, widgets.DIM if ready else (110, 100, 96), shadow=False)
            y += 17
        return y + 8

    def card_lines(self, uid: str) -> list[tuple[str, tuple[int, int, int]]]:
        """The unit card's lines for the show's mechanics: V-MAX and Folon, dust, sand, heads, pilots."""
        state = self.session.state
        board = state if self.omniscient else self.obs
        unit = board.units.get(uid)
        if unit is None:
            return []
        catalog = board.catalog
        utype = catalog.units[unit.type_id]
        own = not state.hostile(unit.side, self.viewer)
        out: list[tuple[str, tuple[int, int, int]]] = []
        v = utype.vmax
        if v is not None:
            if unit.vmax:
                out.append((f"V-MAX ACTIVE: power {v.power_pct}%, EVA +{v.evasion_bonus}", P.BEAM))
            elif unit.cooldown:
                out.append(
                    (
                        f"V-MAX cooling: {unit.cooldown} phase(s) left, no attacks, EVA -{v.cooldown_evasion_penalty}",
                        (90, 160, 255),
                    )
                )
            elif unit.folon:
                armed = folon_armed(board, unit)
                out.append(
                    (
                        f"V-MAX held by FOLON: fires by itself below {v.folon_threshold_pct}% HP"
                        + ("" if armed else " (not charged)"),
                        FOLON_RED,
                    )
                )
            elif unit.energy >= v.energy_cost:
                out.append((f"V-MAX: the pilot's, charged ({v.energy_cost} EN a burst)", P.BEAM))
            else:
                out.append((f"V-MAX: the pilot's, needs {v.energy_cost} EN ({unit.energy})", widgets.DIM))
        if uid in state.dust and not state.hostile(state.dust[uid][0], self.viewer):
            out.append(("Hidden in its own dust until its side's next phase", SAND))
        if unit.bogged:
            out.append(("Bogged down: cannot move next phase", SAND))
        elif uid in self.stuck:
            out.append(("Bogged down: stuck this phase", SAND))
        if unit.severed:
            out.append((f"Head severed: inner sensor exposed, ARM -{utype.severed_armor_penalty}", FOLON_RED))
        if any(t.head == unit.type_id for t in catalog.units.values()):
            out.append((f"Severed head: no weapon, still spotting ({utype.sensor_range} tiles)", FOLON_RED))
        if utype.breathes and own and self.obs.oxygen is not None:
            out.append((f"Breathes from the shared oxygen ({self.obs.oxygen} left)", P.UI_CYAN))
        pilot = catalog.pilot(unit.pilot)
        if pilot.name:
            if pilot.learns or (
                not utype.civilian and any((pilot.shooting, pilot.melee, pilot.dodge, pilot.technique))
            ):
                out.append((self._skills_line(unit.pilot or "", pilot), widgets.TEXT))
            if pilot.learns:
                xp = state.xp.get(unit.pilot or "", 0) if own else 0
                out.append((f"Rookie, learning: {xp} XP this mission", widgets.GOOD))
            if not own and pilot.waver:
                line = "Wavering pilot: can be talked down"
                sel = self.obs.units.get(self.selected or "")
                if sel is not None and sel.side == self.viewer:
                    chance = talk_chance(self.obs, sel, unit) if uid in self.obs.units else 0
                    if chance:
                        line += f" ({chance}% from here)"
                out.append((line, widgets.GOOD))
        return out

    def _skills_line(self, pilot_id: str, pilot) -> str:
        """Pilot skills, with what was learned in earlier missions (+n over the rookie's start)."""
        base = _base_pilot(pilot_id)
        parts = []
        for label, field in (("SHT", "shooting"), ("MEL", "melee"), ("DOD", "dodge"), ("TEC", "technique")):
            value = getattr(pilot, field)
            gained = value - getattr(base, field) if base is not None else 0
            parts.append(f"{label} {value}" + (f"(+{gained})" if gained > 0 else ""))
        return "  ".join(parts)

    def wreck_lines(self, uid: str) -> list[tuple[str, tuple[int, int, int]]]:
        """The card for a disabled machine whose pilot lives: what it is and what can be done."""
        w = self.obs.wrecks.get(uid)
        if w is None:
            return []
        out = [
            (self.session.unit_name(uid), widgets.AMBER),
            ("DISABLED: the machine is down,", widgets.TEXT),
            ("the pilot is alive.", widgets.TEXT),
        ]
        sel = self.selected
        acts = [a for a in self.legal() if isinstance(a, Special) and a.target == uid]
        if sel and any(a.unit == sel for a in acts):
            out.append(("Open the unit's orders: Capture or Spare.", widgets.GOOD))
        else:
            out.append(("Move a unit beside it to Capture or Spare", widgets.DIM))
            out.append(("the pilot, or leave them.", widgets.DIM))
        return out

    def oxygen_lines(self) -> list[tuple[str, tuple[int, int, int]]]:
        """The oxygen meter's text: supply, who breathes from it, turns left, caches."""
        o2 = self.obs.oxygen
        if o2 is None:
            return []
        breathers = self._breathers(self.viewer)
        n = len(breathers)
        turns = o2 // n if n else None
        colour = widgets.BAD if turns is not None and turns <= 2 else widgets.TEXT
        out = [(f"OXYGEN {o2}" + (f"   ~{turns} turn(s) left" if turns is not None else ""), colour)]
        if n:
            names = ", ".join(self.session.unit_name(u) for u in breathers)
            out.append((f"{n} breathing ({n} a turn): {names}", widgets.DIM))
        else:
            out.append(("Nobody breathing from it", widgets.DIM))
        caches = sum(1 for _ in self.grid.tiles(self.obs.caches))
        if caches:
            out.append(
                (
                    f"{caches} cache(s) on the map (O2), +{self.session.state.setup.oxygen_cache_amount} each",
                    P.UI_CYAN,
                )
            )
        return out

    def _garrison_gone(self, side: str) -> bool:
        """A garrison with no machine left and none to come (its base levelled)."""
        state = self.session.state
        if any(u.side == side for u in state.units.values()):
            return False
        return side not in state.pending_reinforcement_sides()

    def garrison_lines(self) -> list[tuple[str, tuple[int, int, int]]]:
        """Each wary side's alarm level and what it fires at."""
        state = self.session.state
        out: list[tuple[str, tuple[int, int, int]]] = []
        for spec in state.setup.sides:
            if not spec.wary:
                continue
            if self._garrison_gone(spec.id):
                out.append((f"{spec.name}: levelled - no guns left", widgets.DIM))
            elif spec.id in state.alarmed:
                out.append((f"{spec.name}: ALARMED - fires at anything", widgets.BAD))
            else:
                out.append((f"{spec.name}: calm - fires only inside its zone", widgets.AMBER))
        if any(colour == widgets.AMBER for _, colour in out):
            out.append((f"Gunfire within {ALARM_RADIUS} tiles of them wakes them", widgets.DIM))
        return out

    def _draw_forecast(self, screen: pygame.Surface) -> None:
        attack = self.current_attack()
        if attack is None:
            self.mode = "select"
            return
        fc = forecast(self.obs, attack)
        s, c = fc.strike, fc.counter
        board = self.obs
        attacker = board.units[attack.unit]
        target = board.units[attack.target]
        catalog = board.catalog
        a_type = catalog.units[attacker.type_id]
        t_type = catalog.units[target.type_id]
        weapons = self._attacks_on(attack.unit, attack.target)
        w = a_type.weapon(attack.weapon)
        lines = [
            f"{self.session.unit_name(attack.unit)} -> {self.session.unit_name(attack.target)}",
            f"Weapon: {w.name if w else attack.weapon}",
            f"Hit: {s.hit_chance}%",
            f"Damage: {s.damage}",
            f"Crit: {s.crit_chance}% ({s.crit_damage})",
            f"Kill chance: {format_chance(fc.kill_chance)}",
        ]
        if c is not None:
            cw = t_type.weapon(c.weapon)
            lines += [
                f"Counter: {cw.name if cw else c.weapon}",
                f"Counter hit: {c.hit_chance}%",
                f"Counter damage: {c.damage}",
                f"Counter crit: {c.crit_chance}% ({c.crit_damage})",
            ]
        else:
            lines.append("No counterattack")
        self.forecast_lines = lines
        view = self.layout.view
        box = pygame.Rect(0, 0, 440, 296 if len(weapons) > 1 else 262)
        # keep the panel off the two units: top of the view when they stand in its lower half
        units = [self.camera.tile_rect(*self.grid.xy(u.tile)) for u in (attacker, target)]
        top, bottom = box.copy(), box.copy()
        top.midtop = (view.centerx, view.top + 16)
        bottom.midbottom = (view.centerx, view.bottom - 16)
        units = [r.inflate(8, 24) for r in units]
        mean_y = sum(r.centery for r in units) / len(units)
        box = min(
            (bottom, top),
            key=lambda b: (sum(b.clip(r).width * b.clip(r).height for r in units), -abs(b.centery - mean_y)),
        )
        widgets.panel(screen, box, 240)
        x0, y = box.left + 18, box.top + 12
        widgets.text(screen, "FORECAST", (x0, y), 26, widgets.AMBER, bold=True)
        header = lines[1].removeprefix("Weapon: ") if len(weapons) == 1 else "Left/Right: weapon"
        widgets.text(screen, header, (box.right - 18, y + 2), 22, widgets.TEXT, "topright")
        y += 32
        self.forecast_buttons = {}
        if len(weapons) > 1:
            bx = x0
            for i, a in enumerate(weapons):
                ww = a_type.weapon(a.weapon)
                label = ww.name if ww else a.weapon
                bw = min(130, widgets.font(18).size(label)[0] + 18)
                r = pygame.Rect(bx, y, bw, 26)
                widgets.button(screen, r, label, i == self.weapon_i % len(weapons), True, 18)
                self.forecast_buttons[f"weapon:{i}"] = r
                bx += bw + 6
            y += 32
        col_w = (box.width - 36) // 2
        a_col = assets.side_colour(attacker.side, self._hint(attacker.side))
        t_col = assets.side_colour(target.side, self._hint(target.side))
        for ci, (title, col, strike, _hp_before, _hp_max) in enumerate(
            (
                (self.session.unit_name(attack.unit), a_col, s, attacker.hp, a_type.hp),
                (self.session.unit_name(attack.target), t_col, c, target.hp, t_type.hp),
            )
        ):
            cx = x0 + ci * col_w
            cy = y
            widgets.text(screen, title, (cx, cy), 22, col, bold=True)
            cy += 24
            if ci == 0:
                after = max(0, target.hp - s.damage)
                widgets.text(screen, f"HIT {s.hit_chance}%", (cx, cy), 30, widgets.TEXT, bold=True)
                cy += 30
                widgets.text(screen, f"DMG {s.damage}", (cx, cy), 24)
                cy += 24
                widgets.text(screen, f"CRIT {s.crit_chance}% ({s.crit_damage})", (cx, cy), 22, widgets.DIM)
                cy += 24
                widgets.text(screen, f"Target HP {target.hp} -> {after}", (cx, cy), 20, widgets.DIM)
            else:
                if strike is None:
                    widgets.text(screen, "No counter", (cx, cy), 26, widgets.DIM)
                    cy += 28
                else:
                    widgets.text(screen, f"HIT {strike.hit_chance}%", (cx, cy), 30, widgets.TEXT, bold=True)
                    cy += 30
                    widgets.text(screen, f"DMG {strike.damage}", (cx, cy), 24)
                    cy += 24
                    widgets.text(
                        screen,
                        f"CRIT {strike.crit_chance}% ({strike.crit_damage})",
                        (cx, cy),
                        22,
                        widgets.DIM,
                    )
                    cy += 24
                    widgets.text(
                        screen,
                        f"Your HP {attacker.hp} -> {max(0, attacker.hp - strike.damage)}",
                        (cx, cy),
                        20,
                        widgets.DIM,
                    )
        y += 24 + 30 + 24 + 24 + 26
        kill_col = widgets.BAD if fc.kill_chance else widgets.DIM
        widgets.text(
            screen,
            f"Kill chance {format_chance(fc.kill_chance)}",
            (x0, y),
            24,
            kill_col if fc.kill_chance else widgets.TEXT,
            bold=True,
        )
        if fc.folon_risk:
            widgets.text(
                screen,
                "Warning: Folon may seize V-MAX",
                (box.right - 18, y + 2),
                18,
                P.ACCENT_RED,
                "topright",
            )
        mouse = pygame.mouse.get_pos() if self.mouse_seen else (-1, -1)
        by = box.bottom - 50
        for name, label, bx in (
            ("confirm", "Attack (Enter)", box.left + 18),
            ("cancel", "Cancel (Esc)", box.centerx + 9),
        ):
            r = pygame.Rect(bx, by, box.width // 2 - 27, 38)
            widgets.button(screen, r, label, r.collidepoint(mouse) or name == "confirm", True, 22)
            self.forecast_buttons[name] = r

    def _draw_advice_box(self, screen: pygame.Surface) -> None:
        view = self.layout.view
        box = pygame.Rect(view.left + 16, view.top + 12, min(620, view.width - 32), 92)
        x = box.left + 12 + 80
        wrapped: list[tuple[str, tuple[int, int, int]]] = []
        for line, colour in self.advice_lines():
            wrapped.extend((part, colour) for part in widgets.wrap(line, 20, box.right - x - 12))
        box.height = max(92, 40 + 20 * len(wrapped))
        widgets.panel(screen, box, 235)
        face = assets.portrait("rei", 68)
        if face is not None:
            screen.blit(face, (box.left + 12, box.top + 12))
        else:
            x -= 80
        widgets.text(screen, "REI", (x, box.top + 8), 24, P.UI_CYAN, bold=True)
        for i, (line, colour) in enumerate(wrapped):
            widgets.text(screen, line, (x, box.top + 32 + 20 * i), 20, colour)

    def _draw_special_preview(self, screen: pygame.Surface) -> None:
        """Beside the action menu: what the highlighted special does, with the engine's numbers."""
        menu = self.menu
        if menu is None or not menu.items:
            return
        item = menu.items[menu.index % len(menu.items)]
        if self.mouse_seen:  # a greyed item (V-MAX held by Folon) explains itself under the mouse too
            mouse = pygame.mouse.get_pos()
            pairs = zip(menu.items, menu.rects(), strict=True)
            item = next((it for it, r in pairs if r.collidepoint(mouse)), item)
        if not item.key.startswith("special:"):
            return
        lines = self.special_preview(item.key)
        if not lines:
            return
        width = max(widgets.font(20).size(t)[0] for t, _ in lines) + 32
        box = pygame.Rect(0, 0, width, 18 + 22 * len(lines))
        mx, my = menu.origin
        view = self.layout.view
        # the special's target (a pilot to call, a wreck to take) is ringed, and the panel keeps off it
        target = item.key.split(":", 2)[2]
        where = self.obs.units.get(target) or self.obs.wrecks.get(target)
        avoid = pygame.Rect(0, 0, 0, 0)
        if where is not None:
            avoid = self.camera.tile_rect(*self.grid.xy(where.tile))
            pygame.draw.rect(screen, P.UI_CYAN, avoid.inflate(6, 6), 3, border_radius=6)
        menu_rect = pygame.Rect(mx, my, menu.width, menu.total_height())
        spots = [
            (mx + menu.width + 16, my - 8),
            (mx - 16 - width, my - 8),
            (mx, menu_rect.bottom + 16),
            (mx, my - 24 - box.height),
        ]
        for spot in spots:
            box.topleft = spot
            box.clamp_ip(view)
            if not box.colliderect(avoid) and not box.colliderect(menu_rect):
                break
        else:
            box.topleft = spots[0]
            box.clamp_ip(view)
        widgets.panel(screen, box, 245)
        for i, (line, colour) in enumerate(lines):
            size, bold = (22, True) if i == 0 else (20, False)
            widgets.text(screen, line, (box.left + 16, box.top + 10 + 22 * i), size, colour, bold=bold)

    def _draw_confirm(self, screen: pygame.Surface) -> None:
        assert self.confirm is not None
        w, h = screen.get_size()
        shade = pygame.Surface((w, h), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 120))
        screen.blit(shade, (0, 0))
        box = pygame.Rect(0, 0, 460, 160)
        box.center = (w // 2, h // 2)
        widgets.panel(screen, box, 250)
        widgets.paragraph(
            screen, self.confirm[1], pygame.Rect(box.left + 20, box.top + 20, box.width - 40, 60), 26
        )
        mouse = pygame.mouse.get_pos() if self.mouse_seen else (-1, -1)
        self.confirm_buttons = {}
        for name, label, x in (("yes", "Yes (Enter)", box.left + 20), ("no", "No (Esc)", box.centerx + 10)):
            r = pygame.Rect(x, box.bottom - 58, box.width // 2 - 30, 40)
            widgets.button(screen, r, label, r.collidepoint(mouse), True, 24)
            self.confirm_buttons[name] = r

    def _draw_help(self, screen: pygame.Surface) -> None:
        w, h = screen.get_size()
        rows = keys.help_rows(keys.Bindings.of(self.app.options))  # the keys as bound now
        box = pygame.Rect(0, 0, 680, 60 + 30 * len(rows))
        box.center = (w // 2, h // 2)
        widgets.panel(screen, box, 245)
        widgets.text(screen, "CONTROLS", (box.left + 24, box.top + 16), 30, widgets.AMBER, bold=True)
        y = box.top + 56
        for key, what in rows:
            widgets.text(screen, key, (box.left + 24, y), 22, P.UI_CYAN)
            widgets.text(screen, what, (box.left + 290, y), 22)
            y += 30


_DIM_CACHE: dict[tuple[str, tuple[int, int, int], int, bool], pygame.Surface] = {}


def _dimmed(type_id: str, colour: tuple[int, int, int], ts: int, left: bool) -> pygame.Surface:
    key = (type_id, colour, ts, left)
    s = _DIM_CACHE.get(key)
    if s is None:
        s = assets.unit_facing(type_id, colour, ts, left).copy()
        s.fill((130, 130, 140, 255), special_flags=pygame.BLEND_RGBA_MULT)
        _DIM_CACHE[key] = s
    return s


@cache
def _zone_tile(ts: int, pulse: int) -> pygame.Surface:
    """One tile of a pending objective zone: a green wash and an edge whose brightness pulses."""
    s = pygame.Surface((ts, ts), pygame.SRCALPHA)
    s.fill((90, 220, 140, 40))
    pygame.draw.rect(s, (90, 220, 140, pulse), s.get_rect(), 2)
    return s


def _tag(screen: pygame.Surface, label: str, r: pygame.Rect, colour: tuple[int, int, int]) -> None:
    """A small status label in a dark pill at the top of a unit's tile (legible at every zoom)."""
    img = widgets.font(15, True).render(label, True, colour)
    pill = img.get_rect(midtop=(r.centerx, r.top + 2)).inflate(8, 2)
    pygame.draw.rect(screen, (16, 10, 14), pill, border_radius=4)
    pygame.draw.rect(screen, colour, pill, 1, border_radius=4)
    screen.blit(img, img.get_rect(center=pill.center))


@cache
def _base_catalog():
    from ..data import load_catalog

    return load_catalog()


def _base_pilot(pilot_id: str):
    """The pilot as the data first describes them (before any campaign learning)."""
    try:
        return _base_catalog().pilots.get(pilot_id)
    except Exception:
        return None


def _rei_module():
    try:
        from ..ai import rei
    except ImportError:
        return None
    return rei if hasattr(rei, "advise") else None


def draw_map(grid, ts: int) -> pygame.Surface:
    """The terrain of ``grid`` at ``ts`` pixels a tile, with edge overlays where ridges and walls end."""
    surf = pygame.Surface((grid.width * ts, grid.height * ts))
    blits = []
    for t in range(grid.size):
        x, y = grid.xy(t)
        blits.append((assets.terrain(grid.terrain[t].id, x, y, ts), (x * ts, y * ts)))
    surf.fblits(blits)
    # The art's convention: an edge overlay goes on the tile *beside* a ridge or wall, on the side that
    # faces it (cliff shadow, wall footing); natural ground of different kinds gets a soft dusty blend.
    dirs = (("n", 0, -1), ("e", 1, 0), ("s", 0, 1), ("w", -1, 0))
    for t in range(grid.size):
        tid = grid.terrain[t].id
        x, y = grid.xy(t)
        for d, dx, dy in dirs:
            nx, ny = x + dx, y + dy
            if not grid.contains(nx, ny):
                continue
            nid = grid.terrain[grid.tile(nx, ny)].id
            if nid == tid:
                continue
            kind = assets.EDGE_KIND.get(nid)
            if kind is None and tid in assets.SOFT_TERRAIN and nid in assets.SOFT_TERRAIN and nid > tid:
                kind = "soft"
            if kind is None or tid in assets.EDGE_KIND:
                continue
            img = assets.edge(kind, d, ts)
            if img is not None:
                surf.blit(img, (x * ts, y * ts))
    grid_line = pygame.Surface((grid.width * ts, grid.height * ts), pygame.SRCALPHA)
    for x in range(grid.width + 1):
        pygame.draw.line(grid_line, (0, 0, 0, 34), (x * ts, 0), (x * ts, grid.height * ts))
    for y in range(grid.height + 1):
        pygame.draw.line(grid_line, (0, 0, 0, 34), (0, y * ts), (grid.width * ts, y * ts))
    surf.blit(grid_line, (0, 0))
    if pygame.display.get_init() and pygame.display.get_surface() is not None:
        surf = surf.convert()
    return surf
