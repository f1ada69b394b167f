"""The battle cut-in: the two machines face to face, the weapon's name called, the blow felt.

``CutInPainter`` draws one exchange (a ``choreography.CutIn``: the attack and the counter, HP before and
after, kills, V-MAX and Folon) over the map view, in the spirit of the show's battle scenes: a scrolling
Mars backdrop between letterbox bars, a plate per machine (portrait, name, HP bar that drains), the
weapon's banner, the shot, the impact (flash, shake, debris, a callout) and, for a kill, the explosion.
Every picture is made once when the painter is prepared (the generated ``cutin/`` art when it is
there, the map sprites and effects scaled up when it is not), so a frame is a handful of blits.

``wants_cut_in`` is the player's setting (``Options.cutins``: off, first time per weapon, always).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

import pygame

from ..i18n import tr
from . import assets, widgets
from .artgen import palette as P
from .exchange import Blow, CutIn, Fighter
from .options import CUTIN_MODES, Options

Colour = tuple[int, int, int]
FOLON = (255, 60, 70)
VMAX = (120, 190, 255)

OPEN, CALL, FIRE, IMPACT, BOOM, HOLD, CLOSE = 0.28, 0.5, 0.32, 0.6, 0.75, 0.4, 0.25
"""Seconds (at normal speed) of each beat: the bars open, a weapon's name is called, the shot flies,
it lands (HP drains), a machine blows up, the result is held, the bars close."""

__all__ = ["CUTIN_MODES", "Beat", "CutInPainter", "timeline", "wants_cut_in"]


def wants_cut_in(options: Options, cut: CutIn) -> bool:
    """Whether the player's setting plays this cut-in; "first" remembers the machine and weapon (for
    this run of the game: ``Options.cutins_seen``)."""
    mode = options.cutins
    if mode == "off":
        return False
    if mode == "first":
        if cut.key in options.cutins_seen:
            return False
        options.cutins_seen.add(cut.key)
    return True


@dataclass(frozen=True, slots=True)
class Beat:
    name: str
    start: float
    end: float
    blow: int = -1
    """The blow this beat belongs to (-1 for the opening, hold and closing)."""


def timeline(cut: CutIn) -> list[Beat]:
    """The beats of a cut-in in order; the last one ends at the cut-in's duration."""
    out: list[Beat] = []
    t = 0.0

    def beat(name: str, length: float, blow: int = -1) -> None:
        nonlocal t
        out.append(Beat(name, t, t + length, blow))
        t += length

    beat("open", OPEN)
    for i, b in enumerate(cut.blows):
        fast = cut.power and not b.counter
        beat("call", CALL * (0.8 if fast else 1.0), i)
        beat("fire", FIRE * (0.7 if fast else 1.0), i)
        beat("impact", IMPACT * (1.2 if b.crit else 1.0), i)
        if b.ends:
            beat("boom", BOOM * (1.3 if b.ends == "destroyed" else 0.8), i)
    beat("hold", HOLD)
    beat("close", CLOSE)
    return out


def _ease(k: float) -> float:
    k = max(0.0, min(1.0, k))
    return 1 - (1 - k) ** 3


def _portrait(pilot: str, size: int) -> pygame.Surface | None:
    """A pilot's portrait by any word of the name ("Commander Gale" is Gale)."""
    for word in pilot.split():
        img = assets.portrait(word, size)
        if img is not None:
            return img
    return None


def _machine(f: Fighter, colour: Colour, height: int, left: bool) -> pygame.Surface:
    """The cut-in picture of a machine facing its foe: the generated cut-in art, else its map sprite
    scaled up (both in its side's colour)."""
    img = assets.cutin_unit(f.type_id, colour, height, left)
    return img if img is not None else assets.unit_facing(f.type_id, colour, height, left)


def _piece(name: str, w: int, h: int) -> pygame.Surface | None:
    return assets.cutin_piece(name, w, h)


@cache
def _impact_frames(size: int) -> tuple[pygame.Surface, ...]:
    """The blow's flash growing over four frames (the generated knuckle flash, else the hit spark).
    Shared by every cut-in: each blit sets its alpha first."""
    impact = _piece("knuckle_flash", size, size) or assets.effect("hit_spark", size, size)
    if impact is None:
        return ()
    return tuple(pygame.transform.smoothscale_by(impact, f) for f in (0.8, 1.0, 1.2, 1.4))


def _kill_frames(size: int) -> tuple[pygame.Surface, ...]:
    """The kill explosion's frames: the generated cut-in ones, else the map's explosion scaled up."""
    kills = [_piece(f"kill_{i}", size, size) for i in range(8)]
    frames = tuple(k for k in kills if k is not None)
    return frames or assets.explosion_frames(size)


def _white(img: pygame.Surface) -> pygame.Surface:
    """The silhouette of ``img`` in white (the flash of a machine struck)."""
    out = img.copy()
    out.fill((255, 255, 255), special_flags=pygame.BLEND_RGB_MAX)
    return out


def _dark(img: pygame.Surface) -> pygame.Surface:
    out = img.copy()
    out.fill((90, 70, 70), special_flags=pygame.BLEND_RGB_MULT)
    return out


def _outlined(msg: str, size: int, colour: Colour, edge: Colour = (12, 6, 8)) -> pygame.Surface:
    """A bold word with a dark outline, rendered once."""
    f = widgets.font_for(msg, widgets.unpx(size), True)  # sized by the stage, which has the UI scale in it
    front = f.render(msg, True, colour)
    back = f.render(msg, True, edge)
    out = pygame.Surface((front.get_width() + 6, front.get_height() + 6), pygame.SRCALPHA)
    for dx, dy in ((0, 0), (6, 0), (0, 6), (6, 6), (3, 0), (0, 3), (6, 3), (3, 6)):
        out.blit(back, (dx, dy))
    out.blit(front, (3, 3))
    return out


class CutInPainter:
    """Draws one cut-in over ``view`` at time ``t``. ``colours`` are the sides' colours;
    ``attacker_left`` puts the attacker on the left (the player's side is kept on the left)."""

    def __init__(
        self,
        cut: CutIn,
        colours: Mapping[str, Colour],
        attacker_left: bool = True,
        hint: str = "F: skip cut-ins (fast-forward)   Enter: hurry",
    ) -> None:
        self.cut = cut
        self.hint = hint
        self.colours = dict(colours)
        self.attacker_left = attacker_left
        self.beats = timeline(cut)
        self.duration = self.beats[-1].end
        self.size: tuple[int, int] | None = None
        self.snapshot: pygame.Surface | None = None
        """The map view as it was when the cut-in began: the bars open and close over it."""
        self.rng = random.Random(1985)  # cosmetic only: the debris
        self._numbers: dict[tuple[int, int], pygame.Surface] = {}
        self._words: dict[str, pygame.Surface] = {}

    # ------------------------------------------------------------------ beats

    def beat_at(self, t: float) -> tuple[Beat, float]:
        """The beat playing at ``t`` and how far through it (0..1)."""
        for b in self.beats:
            if t < b.end:
                return b, (t - b.start) / max(1e-6, b.end - b.start)
        last = self.beats[-1]
        return last, 1.0

    def covers_view(self, t: float) -> bool:
        """Whether the cut-in draws the whole map view at ``t`` (the map need not be drawn): fully open,
        or opening and closing over its picture of the map taken on its first frame."""
        return self.snapshot is not None or self.beats[0].end <= t < self.beats[-1].start

    def impacts(self) -> list[tuple[float, int]]:
        """When each blow lands (the impact beat's start), with its index: sounds and shakes."""
        return [(b.start, b.blow) for b in self.beats if b.name == "impact"]

    def booms(self) -> list[float]:
        return [b.start for b in self.beats if b.name == "boom"]

    # ------------------------------------------------------------------ pictures, made once

    def prepare(self, view: pygame.Rect) -> None:
        """Make every picture for a view of this size (again only when the size changes)."""
        if self.size == view.size:
            return
        self.size = view.size
        w, h = view.size
        cut = self.cut
        self.bar_h = max(widgets.px(70), h * 17 // 100)
        self.stage_h = h - 2 * self.bar_h
        sh = self.stage_h
        bg_w = max(w, sh * 640 // 240)
        back = _piece("backdrop_dust" if cut.storm else "backdrop_mars", bg_w, sh)
        self.backdrop = (back if back is not None else self._painted_backdrop(bg_w, sh)).convert()
        self.lines = _piece("speed_lines", max(w, sh * 512 // 192), sh)
        mh = int(sh * 0.74)
        self.machine_h = mh
        left_f, right_f = (cut.attacker, cut.defender) if self.attacker_left else (cut.defender, cut.attacker)
        self.fighters = {True: left_f, False: right_f}
        self.machines = {
            side: _machine(f, self._colour(f), mh, left=not side) for side, f in self.fighters.items()
        }
        self.flashes = {side: _white(img) for side, img in self.machines.items()}
        self.darks = {side: _dark(img) for side, img in self.machines.items()}
        self.fading = {side: _dark(img) for side, img in self.machines.items()}
        self.plates = {
            side: self._plate(f, w // 2 - widgets.px(24), self.bar_h - widgets.px(16))
            for side, f in self.fighters.items()
        }
        banner_h = max(36, min(self.bar_h - 24, sh // 8))
        self.banners = [self._banner(b, min(w - 40, max(360, w * 48 // 100)), banner_h) for b in cut.blows]
        self.callouts = [self._callout(b, sh) for b in cut.blows]
        self.damage = [
            _outlined(f"-{b.damage}", max(28, sh // 10), P.FIRE_YELLOW if b.crit else (255, 110, 90))
            for b in cut.blows
        ]
        shot_w = int(w * 0.55)
        self.shots = [self._shot(b, shot_w, sh) for b in cut.blows]
        self.impacts_art = list(_impact_frames(int(sh * 0.7)))
        self.kill = list(_kill_frames(int(sh * 0.95))) if cut.kill else []
        burst = _piece("burst", int(sh * 0.62), int(sh * 0.37))
        self.burst = burst
        streak = "folon_streak" if cut.power == "folon" else "vmax_streak"
        self.streak = _piece(streak, int(w * 0.6), int(sh * 0.6)) if cut.power else None
        if self.streak is not None and not self.attacker_left:
            self.streak = pygame.transform.flip(self.streak, True, False)
        self.power_word = (
            _outlined(
                tr("FOLON OVERRIDE") if cut.power == "folon" else "V-MAX",
                max(30, sh // 8),
                FOLON if cut.power == "folon" else VMAX,
            )
            if cut.power
            else None
        )
        self.debris = [
            (self.rng.uniform(-1, 1), self.rng.uniform(-1.4, -0.3), self.rng.randint(3, 9), self.rng.random())
            for _ in range(18)
        ]

    def _colour(self, f: Fighter) -> Colour:
        return self.colours.get(str(f.side), P.MECH_GREY)

    def _painted_backdrop(self, w: int, h: int) -> pygame.Surface:
        """A dusk Mars sky and ground, for when the generated backdrop is missing."""
        s = pygame.Surface((w, h))
        for y in range(h):
            k = y / max(1, h - 1)
            if k < 0.62:
                a, b, f = P.SKY_TOP, P.SKY_LOW, k / 0.62
            else:
                a, b, f = P.RUST, P.UMBER, (k - 0.62) / 0.38
            s.fill(tuple(int(a[i] + (b[i] - a[i]) * f) for i in range(3)), (0, y, w, 1))
        for i in range(0, w, max(8, w // 48)):
            pygame.draw.line(s, P.RUST_LIGHT, (i, int(h * 0.66)), (i + w // 30, int(h * 0.66)), 1)
        return s

    def _plate(self, f: Fighter, w: int, h: int) -> pygame.Surface:
        """A machine's name plate: portrait (or its sprite), name, pilot; the HP bar is drawn live."""
        s = pygame.Surface((w, h), pygame.SRCALPHA)
        colour = self._colour(f)
        s.fill((14, 10, 16, 235))
        pygame.draw.rect(s, colour, s.get_rect(), 2)
        pygame.draw.line(s, P.UI_AMBER, (6, h - 3), (w - 6, h - 3), 1)
        size = h - 10
        face = _portrait(f.pilot, size)
        if face is None:
            face = assets.unit(f.type_id, colour, size)
        s.blit(face, (5, 5))
        pygame.draw.rect(s, colour, (5, 5, size, size), 2)
        px = widgets.px
        x = size + px(14)
        name = widgets.fit(f.name, 24, w - x - px(8), bold=True)
        s.blit(widgets.font_for(name, 24, True).render(name, True, widgets.TEXT), (x, px(4)))
        if f.pilot and f.pilot != f.name:
            pilot = widgets.fit(f.pilot, 18, w - x - px(8))
            s.blit(widgets.font_for(pilot, 18).render(pilot, True, widgets.DIM), (x, px(30)))
        self.hp_rect_x = x
        return s

    def _banner(self, b: Blow, w: int, h: int) -> pygame.Surface:
        """The weapon's name on its plate (three-sliced from the generated banner when present)."""
        art = assets.image("cutin/banner.png")
        if art is not None:
            src_h = art.get_height()
            cap = 48 * h // src_h
            left = pygame.transform.smoothscale(art.subsurface((0, 0, 48, src_h)), (cap, h))
            mid = pygame.transform.smoothscale(art.subsurface((48, 0, 224, src_h)), (max(1, w - 2 * cap), h))
            right = pygame.transform.smoothscale(art.subsurface((272, 0, 48, src_h)), (cap, h))
            s = pygame.Surface((w, h), pygame.SRCALPHA)
            s.blit(left, (0, 0))
            s.blit(mid, (cap, 0))
            s.blit(right, (w - cap, 0))
            x = 56 * h // src_h
        else:
            s = pygame.Surface((w, h), pygame.SRCALPHA)
            pygame.draw.polygon(s, (16, 12, 18, 235), [(h // 2, 0), (w, 0), (w - h // 2, h), (0, h)])
            pygame.draw.line(s, P.UI_AMBER, (h // 2, 1), (w, 1), 2)
            pygame.draw.line(s, P.UI_CYAN, (0, h - 2), (w - h // 2, h - 2), 2)
            x = h
        size = widgets.unpx(max(18, h * 55 // 100))  # the plate's height has the UI scale in it
        name = tr("Counter: {weapon}", weapon=b.weapon_name) if b.counter else b.weapon_name
        label = widgets.fit(name.upper(), size, w - x - h // 2, bold=True)
        txt = widgets.font_for(label, size, True).render(
            label, True, P.UI_AMBER if not b.counter else widgets.TEXT
        )
        s.blit(txt, (x, (h - txt.get_height()) // 2))
        return s

    def _callout(self, b: Blow, sh: int) -> pygame.Surface:
        if not b.hit:
            return _outlined("MISS", max(30, sh // 8), (220, 226, 240))
        if b.crit:
            return _outlined("CRITICAL!", max(34, sh // 7), P.FIRE_YELLOW)
        return _outlined("HIT", max(30, sh // 8), (255, 236, 220))

    def _shot(self, b: Blow, w: int, sh: int) -> pygame.Surface | None:
        """The projectile picture, facing right: a beam, a missile salvo, tracer for solid rounds."""
        if b.kind == "melee":
            return None
        if b.kind == "missile":
            img = _piece("missile_volley", int(sh * 0.5 * 384 / 160), int(sh * 0.5))
            if img is None:
                img = assets.effect("missile", sh // 5, sh // 10)
            return img
        img = _piece("beam_streak", w, max(12, sh // 5))
        if img is None:
            img = assets.effect("beam", w, max(8, sh // 14))
        if img is not None and b.kind == "solid":
            img = img.copy()
            img.fill((255, 190, 110), special_flags=pygame.BLEND_RGB_MULT)
        return img

    # ------------------------------------------------------------------ a frame

    def draw(self, surface: pygame.Surface, view: pygame.Rect, t: float) -> None:
        """The cut-in at time ``t`` over ``view`` (call ``prepare`` first)."""
        self.prepare(view)
        beat, k = self.beat_at(t)
        w = view.width
        old_clip = surface.get_clip()
        surface.set_clip(view)
        if self.snapshot is None or self.snapshot.get_size() != view.size:
            self.snapshot = surface.subsurface(view.clip(surface.get_rect())).copy()  # the map, once
        elif beat.name in ("open", "close"):
            surface.blit(self.snapshot, view.topleft)
        opening = _ease(k) if beat.name == "open" else (1 - _ease(k) if beat.name == "close" else 1.0)
        stage_h = max(2, int(self.stage_h * opening))
        stage = pygame.Rect(view.left, view.centery - stage_h // 2, w, stage_h)
        shake = self._shake(beat, k)
        self._draw_stage(surface, stage, t, beat, k, shake)
        bar = int(self.bar_h * opening)
        top = pygame.Rect(view.left, stage.top - bar, w, bar)
        bottom = pygame.Rect(view.left, stage.bottom, w, bar)
        surface.fill((6, 4, 8), top)
        surface.fill((6, 4, 8), bottom)
        if opening > 0.6:
            self._draw_plates(surface, view, t, beat, k, top, bottom)
        if beat.blow >= 0 and beat.name in ("call", "fire", "impact"):
            self._draw_banner(surface, beat, k, bottom)
        surface.set_clip(old_clip)

    def _draw_banner(self, surface: pygame.Surface, beat: Beat, k: float, bottom: pygame.Rect) -> None:
        """The weapon's name, sliding into the lower bar from the shooter's side."""
        blow = self.cut.blows[beat.blow]
        banner = self.banners[beat.blow]
        slide = _ease(k / 0.5) if beat.name == "call" else 1.0
        bw = banner.get_width()
        y = bottom.top + (bottom.height - banner.get_height()) // 2 - 6
        if self._side_of(blow):
            x = bottom.left - bw + int((bw + 16) * slide)
        else:
            x = bottom.right - int((bw + 16) * slide)
        surface.blit(banner, (x, y))

    def _shake(self, beat: Beat, k: float) -> tuple[int, int]:
        if beat.name not in ("impact", "boom") or k > 0.45:
            return (0, 0)
        b = self.cut.blows[beat.blow]
        if beat.name == "impact" and not b.hit:
            return (0, 0)
        amp = 4 + (6 if b.crit else 0) + (8 if beat.name == "boom" else 0) + (5 if self.cut.power else 0)
        amp = int(amp * (1 - k / 0.45))
        return (int(math.sin(k * 90) * amp), int(math.cos(k * 70) * amp * 0.6))

    def _side_of(self, blow: Blow) -> bool:
        """True when the machine firing ``blow`` stands on the left."""
        return self.attacker_left != blow.counter

    def _draw_stage(
        self,
        surface: pygame.Surface,
        stage: pygame.Rect,
        t: float,
        beat: Beat,
        k: float,
        shake: tuple[int, int],
    ) -> None:
        sh = self.stage_h
        top = stage.centery - sh // 2 + shake[1]
        bg = self.backdrop
        bw = bg.get_width()
        x = stage.left - int(t * 220) % bw + shake[0]
        clip = surface.get_clip()
        surface.set_clip(stage.clip(clip))
        while x < stage.right:
            surface.blit(bg, (x, top))
            x += bw
        if self.lines is not None and beat.name in ("call", "fire"):
            lw = self.lines.get_width()
            x = stage.left - int(t * 900) % lw
            while x < stage.right:
                surface.blit(self.lines, (x, top))
                x += lw
        w = stage.width
        feet = top + int(sh * 0.94)
        cx = {True: stage.left + int(w * 0.25), False: stage.left + int(w * 0.75)}
        slide = 1 - _ease(k) if beat.name == "open" else 0.0
        blow = self.cut.blows[beat.blow] if beat.blow >= 0 else None
        shooter = self._side_of(blow) if blow is not None else None
        if self.streak is not None and blow is not None and shooter is not None and not blow.counter:
            mx = self._machine_x(shooter, cx, slide, beat, k)[0]
            if shooter:
                r = self.streak.get_rect(midright=(mx + self.machine_h // 3, top + sh // 2))
            else:
                r = self.streak.get_rect(midleft=(mx - self.machine_h // 3, top + sh // 2))
            surface.blit(self.streak, r)
        for side in (True, False):
            self._draw_machine(surface, side, cx, feet, slide, beat, k, shake)
        if blow is not None and shooter is not None:
            self._draw_blow(surface, blow, shooter, cx, top, beat, k)
        elif beat.name == "hold":
            self._draw_result(surface, cx, top, k)
        if (
            self.power_word is not None
            and beat.name in ("call", "fire")
            and blow is not None
            and not blow.counter
        ):
            word = self.power_word
            flicker = self.cut.power == "folon" and int(t * 30) % 3 == 0
            surface.blit(word, word.get_rect(midtop=(stage.centerx + (4 if flicker else 0), top + 8)))
        surface.set_clip(clip)

    def _ended(self, side: bool, upto: int) -> str:
        """How the machine on ``side`` ended by the first ``upto`` blows ("" still standing)."""
        for b in self.cut.blows[:upto]:
            if self._side_of(b) != side and b.ends:
                return b.ends
        return ""

    def _machine_x(
        self, side: bool, cx: dict[bool, int], slide: float, beat: Beat, k: float
    ) -> tuple[int, int]:
        """Where the machine on ``side`` stands (x of its centre) and how far it is lifted: sliding in,
        leaning into a shot, dashing for a melee blow, reeling from a hit, dodging a miss."""
        x = cx[side] + int((-1 if side else 1) * slide * cx[True] * 1.6)
        lift = 0
        if beat.blow < 0 or beat.name == "boom":
            return x, lift
        blow = self.cut.blows[beat.blow]
        firing = self._side_of(blow) == side
        ahead = 1 if side else -1
        reach = (cx[False] - cx[True]) - self.machine_h * 2 // 3
        if firing and beat.name == "call":
            x += int(ahead * 18 * math.sin(k * math.pi))
        elif firing and blow.kind == "melee" and beat.name == "fire":
            x += int(ahead * reach * _ease(k))
        elif firing and blow.kind == "melee" and beat.name == "impact":
            x += int(ahead * reach * (1 - _ease(k)))
        elif not firing and beat.name == "impact" and blow.hit:
            x -= int(ahead * 22 * math.sin(min(1.0, k * 2) * math.pi))
        elif not firing and beat.name == "impact":  # the dodge: back and up, then home
            d = math.sin(min(1.0, k * 1.6) * math.pi)
            x -= int(ahead * 70 * d)
            lift = int(30 * d)
        return x, lift

    def _draw_machine(
        self,
        surface: pygame.Surface,
        side: bool,
        cx: dict[bool, int],
        feet: int,
        slide: float,
        beat: Beat,
        k: float,
        shake: tuple[int, int],
    ) -> None:
        img = self.machines[side]
        x, lift = self._machine_x(side, cx, slide, beat, k)
        x += shake[0]
        y = feet + shake[1] - lift
        blow = self.cut.blows[beat.blow] if beat.blow >= 0 else None
        upto = beat.blow if blow is not None else (0 if beat.name == "open" else len(self.cut.blows))
        ended = self._ended(side, upto)
        exploding = blow is not None and beat.name == "boom" and self._side_of(blow) != side
        if ended == "destroyed":
            return
        if exploding and blow is not None and blow.ends == "destroyed":
            img = self.fading[side]
            img.set_alpha(int(255 * max(0.0, 1 - max(0.0, k - 0.25) / 0.4)))
            y += int(self.machine_h * 0.05 * k)
        elif ended == "disabled" or exploding:
            img = self.darks[side]
            y += int(self.machine_h * 0.05)
        r = img.get_rect(midbottom=(x, y))
        surface.blit(img, r)
        struck = blow is not None and self._side_of(blow) != side
        if struck and blow is not None and beat.name == "impact" and blow.hit and k < 0.25:
            surface.blit(self.flashes[side], r)

    def _draw_blow(
        self,
        surface: pygame.Surface,
        blow: Blow,
        shooter: bool,
        cx: dict[bool, int],
        top: int,
        beat: Beat,
        k: float,
    ) -> None:
        i = self.cut.blows.index(blow)
        sh = self.stage_h
        src, dst = cx[shooter], cx[not shooter]
        direction = 1 if shooter else -1
        aim_y = top + int(sh * 0.5) - (0 if blow.hit else int(sh * 0.22))
        if beat.name == "fire":
            shot = self.shots[i]
            if shot is not None and blow.kind == "missile":
                img = shot if shooter else pygame.transform.flip(shot, True, False)
                x = src + (dst - src) * _ease(k)
                surface.blit(img, img.get_rect(center=(x - direction * img.get_width() // 3, aim_y)))
            elif shot is not None:
                length = abs(dst - src) - self.machine_h // 3
                grow = max(1, int(length * min(1.0, k / 0.6)))
                img = shot if shooter else pygame.transform.flip(shot, True, False)
                sw = img.get_width()
                muzzle = src + direction * self.machine_h // 4
                if shooter:
                    area = pygame.Rect(max(0, sw - grow), 0, min(sw, grow), img.get_height())
                    surface.blit(img, (muzzle, aim_y - img.get_height() // 2), area)
                else:
                    area = pygame.Rect(0, 0, min(sw, grow), img.get_height())
                    surface.blit(img, (muzzle - area.width, aim_y - img.get_height() // 2), area)
        if beat.name == "impact":
            hit_x = dst - direction * self.machine_h // 6
            if blow.hit and k < 0.55 and self.impacts_art:
                art = self.impacts_art
                img = art[min(len(art) - 1, int(k / 0.55 * len(art)))]
                img.set_alpha(int(255 * min(1.0, 1.6 * (1 - k / 0.55))))
                surface.blit(img, img.get_rect(center=(hit_x, aim_y)))
            if blow.hit:
                self._draw_debris(surface, hit_x, aim_y, k, direction, blow.crit)
            if k < 0.08 and blow.hit:  # the flash of the blow (Into the Breach's "felt" hit)
                v = 200 if blow.crit or self.cut.power else 130
                surface.fill((v, v, v), surface.get_clip(), special_flags=pygame.BLEND_RGB_ADD)
            call = self.callouts[i]
            rise = int(20 * _ease(k))
            at = (dst, top + int(sh * 0.2) - rise)
            if self.burst is not None and blow.crit:
                surface.blit(self.burst, self.burst.get_rect(center=at))
            surface.blit(call, call.get_rect(center=at))
            if blow.hit:
                dmg = self.damage[i]
                surface.blit(dmg, dmg.get_rect(center=(dst, at[1] + call.get_height())))
        if beat.name == "boom":
            frames = self.kill
            img = frames[min(len(frames) - 1, int(k * len(frames)))]
            surface.blit(img, img.get_rect(center=(dst, top + int(sh * 0.55))))
            if k < 0.08:
                surface.fill((230, 200, 160), surface.get_clip(), special_flags=pygame.BLEND_RGB_ADD)
            word = tr("DESTROYED") if blow.ends == "destroyed" else tr("DISABLED - PILOT ALIVE")
            self._word(surface, word, (surface.get_clip().centerx, top + int(sh * 0.14)))

    def _draw_result(self, surface: pygame.Surface, cx: dict[bool, int], top: int, k: float) -> None:
        """While the result is held: each blow's callout and damage over the machine it struck."""
        sh = self.stage_h
        for i, b in enumerate(self.cut.blows):
            struck = not self._side_of(b)
            y = top + int(sh * 0.18) - 20 - i * 6
            if b.ends:
                self._word(
                    surface,
                    tr("DESTROYED") if b.ends == "destroyed" else tr("DISABLED - PILOT ALIVE"),
                    (cx[struck], y),
                )
                continue
            call = self.callouts[i]
            call.set_alpha(int(255 * (1 - 0.5 * k)))
            surface.blit(call, call.get_rect(center=(cx[struck], y)))
            call.set_alpha(255)
            if b.hit:
                dmg = self.damage[i]
                surface.blit(dmg, dmg.get_rect(center=(cx[struck], y + call.get_height())))

    def _word(self, surface: pygame.Surface, word: str, at: tuple[int, int]) -> None:
        img = self._words.get(word)
        if img is None:
            colour = P.ACCENT_RED if word == "DESTROYED" else P.UI_AMBER
            img = self._words[word] = _outlined(word, max(30, self.stage_h // 9), colour)
        surface.blit(img, img.get_rect(center=at))

    def _draw_debris(
        self, surface: pygame.Surface, x: int, y: int, k: float, direction: int, crit: bool
    ) -> None:
        n = len(self.debris) if crit else len(self.debris) // 2
        reach = self.stage_h * 0.5
        for dx, dy, size, shade in self.debris[:n]:
            px = x + direction * abs(dx) * reach * k + dx * 20
            py = y + dy * reach * k + 0.9 * reach * k * k
            c = (int(90 + 120 * shade), int(70 + 80 * shade), int(60 + 50 * shade))
            pygame.draw.rect(surface, c, (px, py, size, size))

    def _draw_plates(
        self,
        surface: pygame.Surface,
        view: pygame.Rect,
        t: float,
        beat: Beat,
        k: float,
        top: pygame.Rect,
        bottom: pygame.Rect,
    ) -> None:
        for side in (True, False):
            plate = self.plates[side]
            f = self.fighters[side]
            px = widgets.px
            x = top.left + px(12) if side else top.right - px(12) - plate.get_width()
            y = top.top + px(8)
            surface.blit(plate, (x, y))
            hp = self._hp_now(f, beat, k)
            bar = pygame.Rect(
                x + self.hp_rect_x,
                y + plate.get_height() - px(22),
                plate.get_width() - self.hp_rect_x - px(96),
                px(12),
            )
            frac = hp / max(1, f.max_hp)
            widgets.bar(surface, bar, frac, widgets.hp_colour(frac))
            label = self._numbers.get((hp, f.max_hp))
            if label is None:
                label = widgets.font(18, True).render(f"{hp}/{f.max_hp}", True, widgets.TEXT)
                if len(self._numbers) > 400:
                    self._numbers.clear()
                self._numbers[(hp, f.max_hp)] = label
            surface.blit(label, label.get_rect(midleft=(bar.right + widgets.px(8), bar.centery)))
        hint = self._numbers.get((-1, -1))
        if hint is None:
            hint = widgets.font_for(self.hint, 16).render(self.hint, True, widgets.DIM)
            self._numbers[(-1, -1)] = hint
        surface.blit(
            hint, hint.get_rect(bottomright=(bottom.right - widgets.px(10), bottom.bottom - widgets.px(6)))
        )

    def _hp_now(self, f: Fighter, beat: Beat, k: float) -> int:
        """``f``'s HP as the bar shows it at this beat: blows landed so far, the current one draining."""
        hp = f.hp
        for i, b in enumerate(self.cut.blows):
            struck = self.cut.defender if not b.counter else self.cut.attacker
            if struck.unit != f.unit:
                continue
            if beat.blow < 0 and beat.name == "open":
                break
            if beat.blow >= 0 and i > beat.blow:
                break
            if beat.blow == i and beat.name in ("call", "fire"):
                break
            if beat.blow == i and beat.name == "impact":
                drain = _ease(max(0.0, (k - 0.1) / 0.7))
                return round(b.hp_before + (b.hp_after - b.hp_before) * drain)
            hp = b.hp_after
        return hp


def make_painter(
    cut: CutIn, colour_of: Callable[[str], Colour], attacker_left: bool, fast_key: str = "F"
) -> CutInPainter:
    """A painter for ``cut`` with its sides' colours looked up by ``colour_of``; ``fast_key`` names the
    key bound to fast-forward (it skips cut-ins)."""
    colours = {str(cut.attacker.side): colour_of(str(cut.attacker.side))}
    colours[str(cut.defender.side)] = colour_of(str(cut.defender.side))
    hint = tr("{key}: skip cut-ins (fast-forward)   Enter / click: hurry", key=fast_key)
    return CutInPainter(cut, colours, attacker_left, hint)
