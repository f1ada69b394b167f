"""Animations of engine events: one queue played in order, each step a small object with a duration.

The battle screen turns the events ``apply`` returned into these (only what its side could see) and
plays them on a fixed timestep; each animation updates the scene's *shown* units when it lands, so
the screen follows the story of the events, then snaps to the engine's observation when the queue
empties. Cosmetic randomness uses its own generator, never the game's.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import pygame

from ..engine import SideId, UnitId
from ..i18n import tr
from . import assets, widgets
from .artgen import palette as P
from .audio import Audio
from .cutin import CutInPainter
from .exchange import CutIn

COSMETIC = random.Random(1985)


@dataclass
class ShownUnit:
    """A unit as the screen shows it right now (may lag the engine while animations play)."""

    id: UnitId
    type_id: str
    side: SideId
    tile: int
    hp: int
    max_hp: int
    moved: bool = False
    acted: bool = False
    vmax: bool = False
    cooldown: int = 0
    pos: tuple[float, float] | None = None
    """Pixel offset in tiles while moving (fractional x, y); None: at its tile."""
    flash: float = 0.0
    hidden_tiles: int = 0
    """While an enemy moves: tiles where the viewer cannot see it (not drawn there)."""
    folon: bool = False
    """V-MAX held by Folon (the hidden system), not the pilot."""
    stuck: bool = False
    """Bogged down in soft sand (cannot move in its side's next phase, or this one)."""
    severed: bool = False
    """A Skull Gunner whose head has broken off."""
    in_dust: bool = False
    """One of the viewer's units hidden in the dust it kicked up."""
    spotter: bool = False
    """A severed Skull Gunner head: no weapon, still spotting for the body."""


@dataclass
class Floater:
    text: str
    x: float
    y: float
    colour: tuple[int, int, int]
    size: int = 30
    age: float = 0.0
    life: float = 1.1


class _Layout(Protocol):
    @property
    def view(self) -> pygame.Rect: ...


class _Camera(Protocol):
    @property
    def ts(self) -> int: ...


class _Grid(Protocol):
    def xy(self, tile: int) -> tuple[int, int]: ...


class BattleScene(Protocol):
    """What an animation reads and changes of the battle screen (``battle.BattleView`` is one)."""

    shown: dict[UnitId, ShownUnit]
    wrecks: dict[int, str]
    floaters: list[Floater]
    shake: float

    @property
    def feed(self) -> Callable[[], object] | None: ...

    @property
    def grid(self) -> _Grid: ...

    @property
    def camera(self) -> _Camera: ...

    @property
    def layout(self) -> _Layout: ...

    def tile_centre(self, tile: int) -> tuple[float, float]: ...

    def follow(self, tile: int) -> None: ...


class Anim:
    duration = 0.4
    blocking_input = False

    def __init__(self) -> None:
        self.t = 0.0
        self.started = False

    def start(self, scene: BattleScene) -> None:
        pass

    def update(self, scene: BattleScene, dt: float) -> bool:
        """Advance; True when finished."""
        if not self.started:
            self.started = True
            self.start(scene)
        self.t += dt
        if self.t >= self.duration:
            self.finish(scene)
            return True
        return False

    def finish(self, scene: BattleScene) -> None:
        pass

    def draw(self, scene: BattleScene, surface: pygame.Surface) -> None:
        pass

    @property
    def k(self) -> float:
        return min(1.0, self.t / self.duration) if self.duration else 1.0


class Call(Anim):
    """Run a function at this point of the queue (no time)."""

    duration = 0.0

    def __init__(self, fn: Callable[[BattleScene], None]) -> None:
        super().__init__()
        self.fn = fn

    def finish(self, scene: BattleScene) -> None:
        self.fn(scene)


class Pause(Anim):
    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.duration = seconds


class MoveAnim(Anim):
    STEP = 0.11

    def __init__(self, unit: UnitId, path: list[int], visible: int) -> None:
        super().__init__()
        self.unit, self.path, self.visible = unit, path, visible
        self.duration = self.STEP * max(1, len(path) - 1)

    def start(self, scene: BattleScene) -> None:
        scene.follow(self.path[-1])

    def update(self, scene: BattleScene, dt: float) -> bool:
        done = super().update(scene, dt)
        u = scene.shown.get(self.unit)
        if u is None:
            return done
        if done:
            u.pos = None
            u.tile = self.path[-1]
            u.moved = True
            u.hidden_tiles = 0
            return True
        f = self.k * (len(self.path) - 1)
        i = min(int(f), len(self.path) - 2)
        frac = f - i
        grid = scene.grid
        ax, ay = grid.xy(self.path[i])
        bx, by = grid.xy(self.path[i + 1])
        u.pos = (ax + (bx - ax) * frac, ay + (by - ay) * frac)
        here = self.path[i + 1] if frac > 0.5 else self.path[i]
        u.hidden_tiles = 0 if (self.visible >> here) & 1 else 1
        return False


class ShotAnim(Anim):
    """A beam, missile or melee strike from ``src`` to ``dst`` (tiles), then the hit or the miss."""

    def __init__(
        self,
        kind: str,
        src: int | None,
        dst: int,
        target: UnitId,
        hit: bool,
        crit: bool,
        damage: int,
        target_hp: int,
    ) -> None:
        super().__init__()
        self.kind, self.src, self.dst, self.target = kind, src, dst, target
        self.hit, self.crit, self.damage, self.target_hp = hit, crit, damage, target_hp
        self.duration = {"beam": 0.45, "solid": 0.45, "missile": 0.7, "melee": 0.4}.get(kind, 0.45)
        self.landed = False
        self.jitter = (COSMETIC.uniform(-0.25, 0.25), COSMETIC.uniform(-0.25, 0.25))
        self.folon = False
        """Folon's own strike (the pilot did not order it): marked, and its overkill shown."""
        self.overkill = 0
        n = 12 if crit else 7
        self.debris = [
            (COSMETIC.uniform(-1, 1), COSMETIC.uniform(-1.3, -0.4), COSMETIC.random()) for _ in range(n)
        ]
        """Chunks thrown off the target by a hit: direction x, y and a shade."""

    def start(self, scene: BattleScene) -> None:
        Audio.play(
            {"beam": "rifle_beam", "missile": "missile", "melee": "knuckle_impact"}.get(
                self.kind, "rifle_beam"
            )
        )

    def update(self, scene: BattleScene, dt: float) -> bool:
        done = super().update(scene, dt)
        if not self.landed and self.k >= 0.6:
            self.landed = True
            self.land(scene)
        return done

    def land(self, scene: BattleScene) -> None:
        x, y = scene.tile_centre(self.dst)
        u = scene.shown.get(self.target)
        if self.hit:
            scene.shake = max(scene.shake, 0.3 if self.crit else 0.15)  # the blow is felt
            Audio.play("hit")
            if u is not None:
                u.hp = self.target_hp
                u.flash = 0.35
            label = f"{self.damage}!" if self.crit else str(self.damage)
            colour = P.FIRE_YELLOW if self.crit else (255, 96, 72)
            scene.floaters.append(
                Floater(("CRIT " if self.crit else "") + label, x, y - 10, colour, 36 if self.crit else 30)
            )
            if self.folon:
                scene.shake = 0.6
                if self.overkill > 0:
                    scene.floaters.append(
                        Floater(tr("OVERKILL +{n}", n=self.overkill), x, y - 44, FOLON_RED, 34, life=2.2)
                    )
        else:
            Audio.play("miss")
            scene.floaters.append(Floater("MISS", x, y - 10, (220, 220, 235), 26))

    def draw(self, scene: BattleScene, surface: pygame.Surface) -> None:
        if self.src is None:
            return
        sx, sy = scene.tile_centre(self.src)
        tx, ty = scene.tile_centre(self.dst)
        ts = scene.camera.ts
        if not self.hit:
            tx += self.jitter[0] * ts * 2
            ty += self.jitter[1] * ts * 2
        k = self.k
        if self.kind in ("beam", "solid"):
            if k < 0.7:
                grow = min(1.0, k / 0.25)
                ex, ey = sx + (tx - sx) * grow, sy + (ty - sy) * grow
                width = max(2, ts // 10)
                core = P.BEAM_CORE if self.kind == "beam" else P.FIRE_YELLOW
                glow = P.BEAM_GLOW if self.kind == "beam" else P.FIRE_ORANGE
                pygame.draw.line(surface, glow, (sx, sy), (ex, ey), width * 3)
                pygame.draw.line(surface, core, (sx, sy), (ex, ey), width)
                flash = assets.effect("muzzle_flash", ts // 2, ts // 2)
                if flash is not None and k < 0.2:
                    surface.blit(flash, flash.get_rect(center=(sx, sy)))
        elif self.kind == "missile":
            if k < 0.6:
                f = k / 0.6
                mx = sx + (tx - sx) * f
                my = sy + (ty - sy) * f - math.sin(f * math.pi) * ts * 0.8
                for i in range(6):
                    g = max(0.0, f - i * 0.04)
                    px = sx + (tx - sx) * g
                    py = sy + (ty - sy) * g - math.sin(g * math.pi) * ts * 0.8
                    pygame.draw.circle(surface, P.SMOKE_LIGHT, (px, py), max(2, ts // 12 - i // 2))
                pygame.draw.circle(surface, P.FIRE_YELLOW, (mx, my), max(3, ts // 10))
        elif self.kind == "melee" and 0.4 < k < 0.8:
            r = ts * (0.2 + (k - 0.4))
            pygame.draw.circle(surface, P.BEAM_CORE, (tx, ty), r, max(2, ts // 14))
        if self.hit and k >= 0.6:  # debris thrown off the target, falling back
            f = (k - 0.6) / 0.4
            for dx, dy, shade in self.debris:
                px = tx + dx * ts * 0.9 * f
                py = ty + dy * ts * 0.9 * f + ts * 0.8 * f * f
                c = (int(80 + 110 * shade), int(64 + 70 * shade), int(56 + 40 * shade))
                size = max(2, ts // 12)
                pygame.draw.rect(surface, c, (px - size // 2, py - size // 2, size, size))
        if self.hit and 0.6 <= k < 0.95:
            spark = assets.effect("hit_spark", ts, ts)
            if spark is not None:
                surface.blit(spark, spark.get_rect(center=(tx, ty)))
            else:
                pygame.draw.circle(surface, P.FIRE_WHITE, (tx, ty), ts * 0.25 * (1.2 - k))


class ExplosionAnim(Anim):
    duration = 0.8

    def __init__(self, tile: int, unit: UnitId | None, type_id: str = "") -> None:
        super().__init__()
        self.tile, self.unit, self.type_id = tile, unit, type_id

    def start(self, scene: BattleScene) -> None:
        Audio.play("explosion")
        scene.shake = 0.5  # a kill shakes the screen harder than a hit

    def finish(self, scene: BattleScene) -> None:
        if self.unit is not None:
            scene.shown.pop(self.unit, None)
            if self.type_id:
                scene.wrecks[self.tile] = self.type_id

    def draw(self, scene: BattleScene, surface: pygame.Surface) -> None:
        ts = scene.camera.ts
        frames = assets.explosion_frames(ts * 2)
        i = min(len(frames) - 1, int(self.k * len(frames)))
        x, y = scene.tile_centre(self.tile)
        if self.k < 0.12:  # the flash of the kill, then the fireball
            v = int(120 * (1 - self.k / 0.12))
            surface.fill((v, v, v), scene.layout.view, special_flags=pygame.BLEND_RGB_ADD)
        surface.blit(frames[i], frames[i].get_rect(center=(x, y)))


class GlowAnim(Anim):
    duration = 0.9

    def __init__(self, unit: UnitId) -> None:
        super().__init__()
        self.unit = unit

    def start(self, scene: BattleScene) -> None:
        Audio.play("vmax_surge")
        u = scene.shown.get(self.unit)
        if u is not None:
            u.vmax = True

    def draw(self, scene: BattleScene, surface: pygame.Surface) -> None:
        u = scene.shown.get(self.unit)
        if u is None:
            return
        x, y = scene.tile_centre(u.tile)
        ts = scene.camera.ts
        r = int(ts * (0.5 + 1.5 * self.k))
        ring = pygame.Surface((r * 2 + 4, r * 2 + 4), pygame.SRCALPHA)
        pygame.draw.circle(ring, (*P.BEAM_GLOW, int(220 * (1 - self.k))), (r + 2, r + 2), r, max(2, ts // 8))
        surface.blit(ring, ring.get_rect(center=(x, y)))


FOLON_RED = (255, 60, 70)
SAND = (196, 150, 96)


class FloatAnim(Anim):
    """A floating word over a tile (a status change: disabled, bogged down, +12 O2...)."""

    duration = 0.5

    def __init__(self, tile: int, text: str, colour: tuple[int, int, int], size: int = 26) -> None:
        super().__init__()
        self.tile, self.text, self.colour, self.size = tile, text, colour, size

    def start(self, scene: BattleScene) -> None:
        x, y = scene.tile_centre(self.tile)
        scene.floaters.append(Floater(self.text, x, y - 16, self.colour, self.size, life=1.6))


class FlashAnim(Anim):
    """The whole map view flashes a colour (the ground changing, a base levelled)."""

    def __init__(self, colour: tuple[int, int, int], duration: float = 0.7, shake: float = 0.5) -> None:
        super().__init__()
        self.colour, self.duration, self.shake = colour, duration, shake

    def start(self, scene: BattleScene) -> None:
        scene.shake = max(scene.shake, self.shake)

    def draw(self, scene: BattleScene, surface: pygame.Surface) -> None:
        view = scene.layout.view
        veil = pygame.Surface(view.size, pygame.SRCALPHA)
        veil.fill((*self.colour, int(200 * (1 - self.k))))
        surface.blit(veil, view.topleft)


class DustAnim(Anim):
    """A wall of dust billowing out around a tile (an SPT kicking it up), or settling (``settle``)."""

    duration = 0.9

    def __init__(self, tile: int, settle: bool = False) -> None:
        super().__init__()
        self.tile, self.settle = tile, settle
        self.puffs = [(COSMETIC.uniform(0, math.tau), COSMETIC.uniform(0.4, 1.4)) for _ in range(14)]

    def draw(self, scene: BattleScene, surface: pygame.Surface) -> None:
        x, y = scene.tile_centre(self.tile)
        ts = scene.camera.ts
        k = 1 - self.k if self.settle else self.k
        for angle, reach in self.puffs:
            d = ts * reach * (0.3 + 0.9 * k)
            px, py = x + math.cos(angle) * d, y + math.sin(angle) * d * 0.7
            r = max(3, int(ts * (0.18 + 0.3 * k)))
            puff = pygame.Surface((r * 2, r * 2), pygame.SRCALPHA)
            alpha = int(200 * (1 - self.k) if self.settle else 90 + 110 * min(1.0, self.k * 2))
            pygame.draw.circle(puff, (*SAND, alpha), (r, r), r)
            surface.blit(puff, (px - r, py - r))


class RadioAnim(Anim):
    """An open channel: arcs travel from the speaker to the pilot being talked down."""

    duration = 1.2

    def __init__(self, src: int, dst: int, success: bool) -> None:
        super().__init__()
        self.src, self.dst, self.success = src, dst, success

    def draw(self, scene: BattleScene, surface: pygame.Surface) -> None:
        sx, sy = scene.tile_centre(self.src)
        tx, ty = scene.tile_centre(self.dst)
        ts = scene.camera.ts
        for i in range(3):
            f = (self.k * 1.4 - i * 0.2) % 1.0
            px, py = sx + (tx - sx) * f, sy + (ty - sy) * f
            r = int(ts * (0.2 + 0.25 * f))
            pygame.draw.circle(surface, P.UI_CYAN, (px, py), r, 2)
        if self.k > 0.75:
            colour = widgets.GOOD if self.success else widgets.BAD
            pygame.draw.circle(surface, colour, (tx, ty), ts // 2, 3)


class HeadAnim(Anim):
    """A Skull Gunner's head breaking off and tumbling to where it lands."""

    duration = 0.7

    def __init__(self, src: int, dst: int, head: UnitId) -> None:
        super().__init__()
        self.src, self.dst, self.head = src, dst, head

    def start(self, scene: BattleScene) -> None:
        Audio.play("hit")
        u = scene.shown.get(self.head)
        if u is not None:
            u.hidden_tiles = 1  # drawn by this animation until it lands

    def finish(self, scene: BattleScene) -> None:
        u = scene.shown.get(self.head)
        if u is not None:
            u.hidden_tiles = 0

    def draw(self, scene: BattleScene, surface: pygame.Surface) -> None:
        sx, sy = scene.tile_centre(self.src)
        tx, ty = scene.tile_centre(self.dst)
        ts = scene.camera.ts
        k = self.k
        x = sx + (tx - sx) * k
        y = sy + (ty - sy) * k - math.sin(k * math.pi) * ts
        img = assets.unit("skull_head", (200, 40, 40), ts // 2)
        img = pygame.transform.rotate(img, k * 540)
        surface.blit(img, img.get_rect(center=(x, y)))


class FolonAnim(Anim):
    """FOLON OVERRIDE: the hidden system seizes the controls. Red alarm light, glitching letters."""

    duration = 2.4

    def __init__(self, unit_name: str) -> None:
        super().__init__()
        self.unit_name = unit_name

    def start(self, scene: BattleScene) -> None:
        Audio.play("alarm")
        scene.shake = 0.5

    def draw(self, scene: BattleScene, surface: pygame.Surface) -> None:
        view = scene.layout.view
        k = self.k
        alpha = min(1.0, k / 0.08, (1 - k) / 0.15)
        pulse = abs(math.sin(self.t * 9))
        veil = pygame.Surface(view.size, pygame.SRCALPHA)
        veil.fill((120, 0, 10, int((40 + 70 * pulse) * alpha)))
        for y in range(0, view.height, 4):  # scanlines
            pygame.draw.line(veil, (0, 0, 0, int(60 * alpha)), (0, y), (view.width, y))
        surface.blit(veil, view.topleft)
        h = 150
        band = pygame.Surface((view.width, h), pygame.SRCALPHA)
        band.fill((10, 0, 4, int(225 * alpha)))
        for yy in (3, h - 4):
            pygame.draw.line(band, (*FOLON_RED, int(255 * alpha)), (0, yy), (view.width, yy), 4)
        title = tr("FOLON OVERRIDE")
        big = widgets.font_for(title, 72, True)
        cx = view.width // 2
        glitch = int(6 * pulse) if k < 0.85 else 0
        for dx, colour in ((-glitch, P.UI_CYAN), (glitch, FOLON_RED), (0, (255, 236, 236))):
            img = big.render(title, True, colour)
            img.set_alpha(int(255 * alpha * (0.55 if dx else 1.0)))
            band.blit(img, img.get_rect(center=(cx + dx, 52)))
        says = tr("{unit}: V-MAX fired without the pilot's order", unit=self.unit_name)
        sub = widgets.font_for(says, 26).render(says, True, widgets.TEXT)
        sub.set_alpha(int(255 * alpha))
        band.blit(sub, sub.get_rect(center=(cx, 104)))
        note = widgets.font(20).render(tr("The hidden system has taken the controls"), True, FOLON_RED)
        note.set_alpha(int(255 * alpha))
        band.blit(note, note.get_rect(center=(cx, 130)))
        surface.blit(band, (view.left, view.centery - h // 2))


class CutInAnim(Anim):
    """The show's battle cut-in of one exchange (``ui.cutin``), drawn over the whole map view. F
    (fast-forward, ``scene.fast``) or a skipped AI phase (``scene.skip``) ends it at once; ``hurry``
    jumps to its result. The map's own shots and numbers play after it."""

    def __init__(self, painter: CutInPainter) -> None:
        super().__init__()
        self.painter = painter
        self.duration = painter.duration
        self._sounds = sorted(
            [(t, "impact", i) for t, i in painter.impacts()]
            + [(t, "boom", -1) for t in painter.booms()]
            + [(b.start, "fire", b.blow) for b in painter.beats if b.name == "fire"]
        )

    @property
    def cut(self) -> CutIn:
        return self.painter.cut

    def covers_view(self) -> bool:
        """Whether the map under the cut-in is hidden this frame (it need not be drawn)."""
        return self.started and self.painter.covers_view(self.t)

    def hurry(self) -> None:
        """Jump to the held result (Enter or a click)."""
        hold = next(b for b in self.painter.beats if b.name == "hold")
        self.t = max(self.t, hold.start)
        self._sounds = [s for s in self._sounds if s[0] >= self.t]

    def start(self, scene: BattleScene) -> None:
        if self.cut.power == "folon":
            Audio.play("alarm")
        elif self.cut.power == "vmax":
            Audio.play("vmax_surge")

    def update(self, scene: BattleScene, dt: float) -> bool:
        if getattr(scene, "fast", False) or getattr(scene, "skip", False):
            self.t = self.duration  # fast-forward: no cut-in
            self.started = True
            return True
        done = super().update(scene, dt)
        while self._sounds and self._sounds[0][0] <= self.t:
            _, what, i = self._sounds.pop(0)
            blows = self.cut.blows
            if what == "fire":
                kind = blows[i].kind
                Audio.play({"missile": "missile", "melee": "knuckle_impact"}.get(kind, "rifle_beam"))
            elif what == "impact":
                Audio.play("hit" if blows[i].hit else "miss")
            else:
                Audio.play("explosion")
        return done

    def draw(self, scene: BattleScene, surface: pygame.Surface) -> None:
        self.painter.draw(surface, scene.layout.view, self.t)


class BannerAnim(Anim):
    """A wide band across the map: turn and phase changes, reinforcements, objectives."""

    duration = 1.3

    def __init__(self, title: str, sub: str = "", colour: tuple[int, int, int] = P.UI_AMBER) -> None:
        super().__init__()
        self.title, self.sub, self.colour = title, sub, colour

    def draw(self, scene: BattleScene, surface: pygame.Surface) -> None:
        view = scene.layout.view
        k = self.k
        alpha = min(1.0, k / 0.15, (1 - k) / 0.2)
        px = widgets.px
        h = px(96)
        band = pygame.Surface((view.width, h), pygame.SRCALPHA)
        band.fill((*P.UI_BG, int(200 * alpha)))
        pygame.draw.line(band, (*self.colour, int(255 * alpha)), (0, 2), (view.width, 2), 3)
        pygame.draw.line(band, (*self.colour, int(255 * alpha)), (0, h - 3), (view.width, h - 3), 3)
        slide = int((1 - min(1.0, k / 0.15)) * px(80))
        title = widgets.font_for(self.title, 54, True).render(self.title, True, self.colour)
        title.set_alpha(int(255 * alpha))
        band.blit(title, title.get_rect(center=(view.width // 2 - slide, px(38))))
        if self.sub:
            sub = widgets.font_for(self.sub, 26).render(self.sub, True, widgets.TEXT)
            sub.set_alpha(int(255 * alpha))
            band.blit(sub, sub.get_rect(center=(view.width // 2 + slide, px(74))))
        surface.blit(band, (view.left, view.centery - h // 2))


class DialogueAnim(Anim):
    """A speech box with the speaker's name and portrait; waits for a click or a key."""

    duration = 1e9
    blocking_input = True

    def __init__(self, speaker: str, line: str) -> None:
        super().__init__()
        self.speaker, self.line = speaker, line
        self.done = False

    AUTO = 3.5
    """Seconds (at normal speed) before a replay moves on by itself."""

    def update(self, scene: BattleScene, dt: float) -> bool:
        if not self.started:
            self.started = True
        self.t += dt
        if scene.feed is not None and self.t > self.AUTO:
            self.done = True
        return self.done

    def handle(self, event: pygame.event.Event) -> bool:
        """True when the event dismisses the box."""
        if (event.type == pygame.MOUSEBUTTONDOWN and event.button == 1) or (
            event.type == pygame.KEYDOWN
            and event.key
            in (
                pygame.K_RETURN,
                pygame.K_SPACE,
                pygame.K_ESCAPE,
                pygame.K_KP_ENTER,
            )
        ):
            self.done = self.t > 0.15
        return self.done

    def draw(self, scene: BattleScene, surface: pygame.Surface) -> None:
        view = scene.layout.view
        px = widgets.px
        box = pygame.Rect(view.left + px(24), view.bottom - px(168), view.width - px(48), px(150))
        widgets.panel(surface, box, 235)
        face = assets.portrait(self.speaker, px(112))
        x = box.left + px(20)
        if face is not None:
            surface.blit(face, (box.left + px(18), box.top + px(19)))
            pygame.draw.rect(
                surface, widgets.AMBER, (box.left + px(18), box.top + px(19), px(112), px(112)), 2
            )
            x = box.left + px(146)
        widgets.text(surface, self.speaker, (x, box.top + px(16)), 30, widgets.AMBER, bold=True)
        widgets.paragraph(
            surface, self.line, pygame.Rect(x, box.top + px(50), box.right - x - px(20), px(90)), 26
        )
        if int(self.t * 2) % 2 == 0:
            widgets.text(
                surface,
                tr("Enter / click"),
                (box.right - px(16), box.bottom - px(12)),
                18,
                widgets.DIM,
                "bottomright",
            )


@dataclass
class Queue:
    items: list[Anim] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(self, *anims: Anim) -> None:
        self.items.extend(anims)

    def head(self) -> Anim | None:
        return self.items[0] if self.items else None

    def update(self, scene: BattleScene, dt: float) -> None:
        budget = 12  # zero-length steps (calls) may chain within one frame
        while self.items and budget:
            budget -= 1
            anim = self.items[0]
            if anim.update(scene, dt):
                self.items.pop(0)
                dt = 0.0
                continue
            break
