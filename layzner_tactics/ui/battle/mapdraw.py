"""The map as the battle screen draws it: terrain, fog and storm, zones, overlays, units, the cursor.

``MapPainter`` draws the map area of a ``BattleView`` (reading it, never changing it) and keeps the
surfaces worth keeping: the terrain per zoom level, the terrain with fog and storm per mask, and the
full-map overlays per mask. ``draw_map`` draws a grid's terrain on its own (``layzner-tactics render``).
"""

from __future__ import annotations

import math
from functools import cache

import pygame

from ...engine import Attack, Grid, Move, Special
from ...i18n import tr
from .. import assets, sides, widgets
from ..anim import FOLON_RED, SAND, CutInAnim
from ..artgen import palette as P
from .camera import row_runs
from .modes import Forecast, Orders, Select, Target
from .readouts import dust_tiles, garrison_gone
from .sprites import fog_tile, ghost_sprite, last_seen_marker, unit_sprite
from .view import BattleView

Colour = tuple[int, int, int]


class MapPainter:
    """Draws a view's map area; keeps the surfaces that only change with the zoom, fog, storm or masks."""

    def __init__(self) -> None:
        self._map_cache: tuple[Grid, int, pygame.Surface] | None = None
        self._mask_cache: dict[tuple[str, int, int], pygame.Surface] = {}
        self._base_cache: tuple[Grid, tuple[int, int, int], pygame.Surface] | None = None
        self._overlay_cache: tuple[object, pygame.Surface, list[pygame.Rect]] | None = None

    def draw(self, v: BattleView, screen: pygame.Surface) -> None:
        """The map area: terrain, fog, zones, overlays, path, advice, units, cursor, the playing animation
        and the floating words."""
        view = v.layout.view
        cam = v.camera
        ox = cam.ox
        oy = cam.oy
        if v.shake > 0:
            ox += (int(v.time * 97) % 5 - 2) * 2
            oy += (int(v.time * 61) % 5 - 2) * 2
        origin = (round(view.left - ox), round(view.top - oy))
        screen.set_clip(view)
        head = v.queue.head()
        if isinstance(head, CutInAnim) and head.covers_view():  # the cut-in hides the map: draw it alone
            screen.fill(P.UI_BG, view)
            head.draw(v, screen)
            screen.set_clip(None)
            return
        base = self._base_layer(v)
        if not base.get_rect(topleft=origin).contains(view):  # the map leaves part of the view bare
            screen.fill(P.UI_BG, view)
        screen.blit(base, origin)  # terrain, fog and the storm's tint: one opaque blit
        self._draw_wrecks(v, screen)
        self._draw_zones(v, screen, origin)  # objective zones, caches and territory: known, over the fog
        self._draw_caches(v, screen)
        self._draw_territories(v, screen, origin)
        if v.obs.storm_mask:  # over the fog: everyone knows where the storm is
            self._draw_storm(v, screen)
            self._draw_dust_clouds(v, screen)
        layers: list[tuple[str, int]] = []
        if v.show_threat and v.threat:
            layers.append(("threat", v.threat))
        if isinstance(v.mode, Select | Orders):
            layers += [("move", v.move_tiles), ("attack", v.attack_tiles)]
        if isinstance(v.mode, Target | Forecast):
            mask = 0
            for t in v._targets():
                mask |= 1 << v.obs.units[t].tile
            layers.append(("attack", mask))
        self._blit_overlays(v, screen, tuple((k, m) for k, m in layers if m), origin)
        self._draw_path(v, screen)
        self._draw_advice(v, screen)
        self._draw_ghosts(v, screen)
        self._draw_units(v, screen)
        self._draw_cursor(v, screen)
        for anim in v.queue.items[:1]:
            anim.draw(v, screen)
        for f in v.floaters:
            k = f.age / f.life
            img = widgets.font_for(f.text, f.size, True).render(f.text, True, f.colour)
            img.set_alpha(int(255 * min(1.0, (1 - k) * 2)))
            outline = widgets.font_for(f.text, f.size, True).render(f.text, True, (0, 0, 0))
            outline.set_alpha(img.get_alpha())
            pos = (f.x, f.y - 40 * k)
            r = img.get_rect(center=pos)
            screen.blit(outline, r.move(2, 2))
            screen.blit(img, r)
        screen.set_clip(None)

    def _base_layer(self, v: BattleView) -> pygame.Surface:
        """The map with the fog and the storm's tint already on it (cached until one of them changes),
        so a frame starts with one opaque blit instead of three full-map ones."""
        hidden = 0 if v.omniscient else ((1 << v.grid.size) - 1) & ~v.obs.visible
        key = (v.camera.ts, hidden, v.obs.storm_mask)
        cached = self._base_cache
        if cached is not None and cached[0] is v.grid and cached[1] == key:
            return cached[2]
        surf = self._map_surface(v).copy()
        if hidden:
            surf.blit(self._mask_surface(v, "fog", hidden), (0, 0))
        if v.obs.storm_mask:
            surf.blit(self._mask_surface(v, "storm", v.obs.storm_mask), (0, 0))
        self._base_cache = (v.grid, key, surf)
        return surf

    def _map_surface(self, v: BattleView) -> pygame.Surface:
        ts = v.camera.ts
        cached = self._map_cache
        if cached is not None and cached[0] is v.grid and cached[1] == ts:
            return cached[2]
        surf = draw_map(v.grid, ts)
        self._map_cache = (v.grid, ts, surf)
        return surf

    def _blit_overlays(
        self,
        v: BattleView,
        screen: pygame.Surface,
        layers: tuple[tuple[str, int], ...],
        origin: tuple[int, int],
    ) -> None:
        """The range and threat overlays as one picture (cached per set of masks), blitted only over
        their tiles, one stretch of a row at a time: the map fills the view, and blending three
        full-map layers a frame (or the bare pixels between the tiles) costs more than one."""
        if not layers:
            return
        ts = v.camera.ts
        key = ("overlays", ts, layers)
        cached = self._overlay_cache
        if cached is None or cached[0] != key:
            grid = v.grid
            surf = pygame.Surface((grid.width * ts, grid.height * ts), pygame.SRCALPHA)
            union = 0
            for kind, mask in layers:  # in order: the threat under the reach, the reach under targets
                piece = assets.range_tile(kind, ts)
                surf.fblits(
                    [(piece, ((t % grid.width) * ts, (t // grid.width) * ts)) for t in grid.tiles(mask)]
                )
                union |= mask
            cached = self._overlay_cache = (key, surf, row_runs(grid.width, grid.height, union, ts))
        _, surf, runs = cached
        ox, oy = origin
        screen.blits([(surf, (ox + r.left, oy + r.top), r) for r in runs], doreturn=False)

    def _mask_surface(self, v: BattleView, kind: str, mask: int) -> pygame.Surface:
        """A full-map overlay of one tile picture over every tile of ``mask`` (cached)."""
        ts = v.camera.ts
        key = (kind, ts, mask)
        surf = self._mask_cache.get(key)
        if surf is None:
            if len(self._mask_cache) > 24:
                self._mask_cache.clear()
            surf = pygame.Surface((v.grid.width * ts, v.grid.height * ts), pygame.SRCALPHA)
            if kind == "fog":
                piece = fog_tile(ts)
            elif kind == "storm":
                piece = pygame.Surface((ts, ts), pygame.SRCALPHA)
                piece.fill((*P.DUST, 70))
            else:
                piece = assets.range_tile(kind, ts)
            blits = [(piece, ((t % v.grid.width) * ts, (t // v.grid.width) * ts)) for t in v.grid.tiles(mask)]
            surf.fblits(blits)
            self._mask_cache[key] = surf
        return surf

    def _draw_wrecks(self, v: BattleView, screen: pygame.Surface) -> None:
        ts = v.camera.ts
        for tile, type_id in sorted(v.wrecks.items()):
            if not (v.visible() >> tile) & 1 and not v.omniscient:
                continue
            x, y = v.grid.xy(tile)
            screen.blit(assets.unit(type_id, (90, 90, 90), ts, True), v.camera.tile_rect(x, y))
        # disabled machines whose pilots live: the wreck, a pulsing amber ring and a "pilot alive" tag
        pulse = 150 + int(100 * abs(((v.time * 1.5) % 2) - 1))
        for w in v.obs.wrecks.values():
            x, y = v.grid.xy(w.tile)
            r = v.camera.tile_rect(x, y)
            colour = assets.side_colour(w.side, v.hint(w.side))
            screen.blit(assets.unit(w.type_id, colour, ts, True), r)
            ring = pygame.Surface((ts, ts), pygame.SRCALPHA)
            pygame.draw.ellipse(ring, (*widgets.AMBER, pulse), ring.get_rect().inflate(-4, -ts // 3), 3)
            screen.blit(ring, r)
            if w.tile not in v.obs.occupant:  # a live unit on the wreck: its own tags and bar come first
                _tag(screen, "PILOT", r, widgets.AMBER)
                _side_mark(v, screen, w.side, r)

    def _draw_territories(self, v: BattleView, screen: pygame.Surface, origin: tuple[int, int]) -> None:
        """Wary garrisons' territory: a tint in the garrison's colour, red and hatched once alarmed."""
        state = v.session.state
        for spec in state.setup.sides:
            if not spec.wary or not spec.territory:
                continue
            mask = v.obs.zones.get(spec.territory, 0)
            if not mask:
                continue
            alarmed = spec.id in state.alarmed
            gone = garrison_gone(v, spec.id)
            colour = (
                widgets.DIM
                if gone
                else widgets.BAD
                if alarmed
                else assets.side_colour(spec.id, v.hint(spec.id))
            )
            hatch = alarmed and not gone
            screen.blit(
                self._zone_surface(v, f"territory:{spec.id}:{hatch}:{gone}", mask, colour, hatch), origin
            )
            # its name and alarm level on the zone's first tile
            first = (mask & -mask).bit_length() - 1
            r = v.camera.tile_rect(*v.grid.xy(first))
            label = f"{spec.name}: {'levelled' if gone else 'ALARMED' if alarmed else 'calm'}"
            img = widgets.font_for(label, 16, True).render(label, True, colour if alarmed else widgets.TEXT)
            pill = img.get_rect(topleft=(r.left + 4, r.top + 4)).inflate(10, 4)
            pygame.draw.rect(screen, (16, 10, 14), pill, border_radius=4)
            pygame.draw.rect(screen, colour, pill, 1, border_radius=4)
            screen.blit(img, img.get_rect(center=pill.center))

    def _zone_surface(
        self, v: BattleView, key: str, mask: int, colour: tuple[int, int, int], hatch: bool
    ) -> pygame.Surface:
        """A cached full-map overlay: ``mask`` tinted, outlined along its edge, optionally hatched."""
        ts = v.camera.ts
        ck = (key, ts, mask)
        surf = self._mask_cache.get(ck)
        if surf is not None:
            return surf
        grid = v.grid
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

    def _draw_caches(self, v: BattleView, screen: pygame.Surface) -> None:
        """Oxygen caches (a known map feature): a cyan canister marked O2."""
        caches = v.obs.caches
        if not caches or v.obs.oxygen is None:
            return
        ts = v.camera.ts
        for t in v.grid.tiles(caches):
            r = v.camera.tile_rect(*v.grid.xy(t))
            can = pygame.Rect(0, 0, ts // 2, int(ts * 0.62))
            can.center = r.center
            pygame.draw.rect(screen, (10, 30, 40), can.inflate(4, 4), border_radius=ts // 8)
            pygame.draw.rect(screen, P.UI_CYAN, can, border_radius=ts // 8)
            pygame.draw.rect(screen, (230, 250, 255), can, 2, border_radius=ts // 8)
            widgets.text(
                screen, "O2", can.center, max(14, widgets.unpx(ts // 3)), (10, 30, 40), "center", False, True
            )

    def dust_tiles(self, v: BattleView) -> int:
        """Tiles under a kicked-up dust cloud (not a storm), as the viewer sees them."""
        storms = 0
        for st in v.obs.storms:
            storms |= v.grid.rect_mask(st.x, st.y, st.w, st.h)
        return v.obs.storm_mask & ~storms

    def _draw_dust_clouds(self, v: BattleView, screen: pygame.Surface) -> None:
        mask = dust_tiles(v)
        if not mask:
            return
        ts = v.camera.ts
        for t in v.grid.tiles(mask):
            r = v.camera.tile_rect(*v.grid.xy(t))
            cloud = pygame.Surface((ts, ts), pygame.SRCALPHA)
            cloud.fill((*SAND, 95))
            for i in range(6):
                a = v.time * 0.8 + i * 1.05 + t
                cx = ts // 2 + int(ts * 0.28 * math.cos(a))
                cy = ts // 2 + int(ts * 0.22 * math.sin(a * 1.3))
                pygame.draw.circle(cloud, (226, 196, 150, 110), (cx, cy), ts // 3)
            screen.blit(cloud, r)

    def _draw_zones(self, v: BattleView, screen: pygame.Surface, origin: tuple[int, int]) -> None:
        zones = set()
        for obj, status in v.obs.objectives:
            if obj.zone and obj.side == v.viewer and status.value == "pending":
                zones.add(obj.zone)
        if not zones:
            return
        ts = v.camera.ts
        pulse = 120 + int(60 * abs(((v.time * 1.2) % 2) - 1))
        piece = _zone_tile(ts, pulse)
        blits = []
        for name in sorted(zones):
            mask = v.obs.zones.get(name, 0)
            for t in v.grid.tiles(mask):
                blits.append((piece, v.camera.tile_rect(*v.grid.xy(t))))
        screen.blits(blits, doreturn=False)

    def _draw_storm(self, v: BattleView, screen: pygame.Surface) -> None:
        """The drifting dust texture over every storm tile in view, one blit per texture-wide stretch
        of a row (not per tile): the storm is the biggest layer of a stormy frame."""
        mask = v.obs.storm_mask
        if not mask:
            return
        cam = v.camera
        ts = cam.ts
        tex = assets.dust_storm(ts * 4)
        size = tex.get_width()
        shift = int(v.time * ts * 0.8) % size
        width, height = v.grid.width, v.grid.height
        view = v.layout.view
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

    def _draw_path(self, v: BattleView, screen: pygame.Surface) -> None:
        if len(v.path) < 2 or not isinstance(v.mode, Select):
            return
        pts = [v.tile_centre(t) for t in v.path]
        w = max(3, v.camera.ts // 8)
        pygame.draw.lines(screen, (20, 30, 60), False, pts, w + 4)
        pygame.draw.lines(screen, P.UI_CYAN, False, pts, w)
        end = pts[-1]
        pygame.draw.circle(screen, P.UI_CYAN, end, w * 1.6)
        cost = v.reach_cost.get(v.path[-1])
        if cost is not None:
            widgets.text(screen, str(cost), (end[0], end[1] - v.camera.ts // 2), 20, widgets.TEXT, "center")

    def _draw_advice(self, v: BattleView, screen: pygame.Surface) -> None:
        advice = v.advice
        if advice is None:
            return
        if v.rei_revealed() and advice.unbiased and advice.unbiased != advice.actions:
            # the honest computer's plan, as a red ghost beside Rei's own
            for a in advice.unbiased:
                if isinstance(a, Move) and len(a.path) > 1:
                    pts = [v.tile_centre(t) for t in a.path]
                    pygame.draw.lines(screen, FOLON_RED, False, pts, max(2, v.camera.ts // 14))
                    pygame.draw.circle(screen, FOLON_RED, pts[-1], v.camera.ts // 4, 2)
                elif isinstance(a, Attack) and a.target in v.obs.units:
                    r = v.camera.tile_rect(*v.grid.xy(v.obs.units[a.target].tile))
                    pygame.draw.rect(screen, FOLON_RED, r.inflate(-10, -10), 3)
                    widgets.text(screen, "honest", (r.centerx, r.bottom), 16, FOLON_RED, "midtop")
        for a in advice.actions:
            if isinstance(a, Move) and len(a.path) > 1:
                pts = [v.tile_centre(t) for t in a.path]
                pygame.draw.lines(screen, (250, 250, 255), False, pts, max(2, v.camera.ts // 12))
                pygame.draw.circle(screen, (250, 250, 255), pts[-1], v.camera.ts // 4, 3)
                end = v.camera.tile_rect(*v.grid.xy(a.path[-1]))
                _tag(screen, "REI", end, (250, 250, 255), bottom=True)
            elif isinstance(a, (Attack, Special)) and a.target is not None and a.target in v.obs.units:
                r = v.camera.tile_rect(*v.grid.xy(v.obs.units[a.target].tile))
                pygame.draw.rect(screen, (250, 250, 255), r.inflate(-4, -4), 3)

    def _draw_ghosts(self, v: BattleView, screen: pygame.Surface) -> None:
        """Enemies seen earlier and now out of sight: a faint sprite where they were last seen, fading
        over ``GHOST_TURNS`` turns, with a "?" and the turn of the sighting."""
        ts = v.camera.ts
        for ghost in v.ghosts():
            r = v.camera.tile_rect(*v.grid.xy(ghost.unit.tile))
            if not r.colliderect(v.layout.view):
                continue
            colour = assets.side_colour(ghost.unit.side, v.hint(ghost.unit.side))
            screen.blit(ghost_sprite(ghost.unit.type_id, colour, ts, ghost.fade), r)
            mark = last_seen_marker(ts)
            mark.set_alpha(int(255 * max(0.35, ghost.fade)))
            screen.blit(mark, r)
            _tag(screen, tr("SEEN T{turn}", turn=ghost.turn), r, (190, 200, 230), bottom=True)

    def _draw_units(self, v: BattleView, screen: pygame.Surface) -> None:
        ts = v.camera.ts
        vis = v.visible()
        human = v.session.human_turn()
        for u in sorted(v.shown.values(), key=lambda s: (s.pos[1] if s.pos else v.grid.xy(s.tile)[1], s.id)):
            if u.hidden_tiles:
                continue
            if u.pos is None and not (vis >> u.tile) & 1 and u.side != v.viewer and not v.omniscient:
                continue
            x, y = u.pos if u.pos is not None else v.grid.xy(u.tile)
            r = v.camera.tile_rect(x, y)
            if not r.colliderect(v.layout.view):
                continue
            colour = assets.side_colour(u.side, v.hint(u.side))
            if u.vmax:
                glow = assets.vmax_glow(int(ts * 1.5))
                pulse = 170 + int(80 * abs(((v.time * 1.5) % 2) - 1))
                glow.set_alpha(pulse)
                screen.blit(glow, glow.get_rect(center=r.center))
            # the player's team faces right, across the map at the others, who face back
            left = v.session.state.hostile(u.side, v.viewer)
            sprite = unit_sprite(u.type_id, colour, ts, left)
            done = u.acted and u.side == v.viewer and human
            if done:
                sprite = _dimmed(u.type_id, colour, ts, left)
            if u.id == v.selected:
                pygame.draw.ellipse(screen, P.UI_CYAN, r.inflate(-ts // 6, -ts // 2).move(0, ts // 3), 2)
            if u.spotter:  # a severed head, still watching: a slow red sensor sweep
                sweep = (v.time * 0.8) % 1.0
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
                _tag(screen, tr("NO HEAD"), r, FOLON_RED)
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
            _side_mark(v, screen, u.side, r)
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
                    screen,
                    "z",
                    (r.right - 4, r.top + 2),
                    max(16, widgets.unpx(ts // 3)),
                    (200, 200, 220),
                    "topright",
                )

    def _draw_cursor(self, v: BattleView, screen: pygame.Surface) -> None:
        if v.feed is not None or not v.session.human_turn():
            return
        r = v.camera.tile_rect(*v.cursor)
        c = assets.cursor(v.camera.ts)
        bob = int(2 * abs(((v.time * 2) % 2) - 1))
        screen.blit(c, r.inflate(bob * 2, bob * 2).topleft if c.get_width() == r.width else r.topleft)


_DIM_CACHE: dict[tuple[str, tuple[int, int, int], int, bool], pygame.Surface] = {}


def _dimmed(type_id: str, colour: tuple[int, int, int], ts: int, left: bool) -> pygame.Surface:
    key = (type_id, colour, ts, left)
    s = _DIM_CACHE.get(key)
    if s is None:
        s = unit_sprite(type_id, colour, ts, left).copy()
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


def _tag(
    screen: pygame.Surface, label: str, r: pygame.Rect, colour: tuple[int, int, int], bottom: bool = False
) -> None:
    """A small status label in a dark pill at the top (or bottom) of a unit's tile."""
    img = widgets.font_for(label, 15, True).render(label, True, colour)
    if bottom:
        pill = img.get_rect(midbottom=(r.centerx, r.bottom - 2)).inflate(8, 2)
    else:
        pill = img.get_rect(midtop=(r.centerx, r.top + 2)).inflate(8, 2)
    pygame.draw.rect(screen, (16, 10, 14), pill, border_radius=4)
    pygame.draw.rect(screen, colour, pill, 1, border_radius=4)
    screen.blit(img, img.get_rect(center=pill.center))
    widgets.note_text(screen, label, pill)


def draw_map(grid: Grid, ts: int) -> pygame.Surface:
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


def _side_mark(v: BattleView, screen: pygame.Surface, side: str, r: pygame.Rect) -> None:
    """The side's shape in the tile's top-left corner, so sides differ by more than colour."""
    size = max(12, r.width // 3)
    sides.draw_marker(screen, v.mission, side, (r.left + size // 2 + 1, r.top + size // 2 + 1), size)
