"""The battle screen's panels: the top bar, the side panel (unit card, oxygen, garrisons, objectives,
log), Rei's advice box, the yes/no question, the help overlay and the toast. They read the view and
draw; where a button sits is a function of the layout (``top_buttons``, ``confirm_buttons``), used both
to draw it and to find what a click hit."""

from __future__ import annotations

from functools import cache

import pygame

from ...engine import UnitId, move_points
from ...engine.combat import weapon_ready
from ...i18n import N_, tr
from .. import assets, keys, sides, widgets
from ..artgen import palette as P
from ..widgets import px
from .objectives import turns_left
from .readouts import advice_lines, card_lines, garrison_lines, oxygen_lines, wreck_lines
from .view import BattleView


def draw_top(v: BattleView, screen: pygame.Surface) -> None:
    """The top bar (title, turn, phase, buttons): drawn once into a picture of its own, blitted every
    frame until something on it changes; drawn straight onto the screen while a test records texts."""
    top = v.layout.top
    state = v.session.state
    side = state.side_to_act
    colour = assets.side_colour(side, v.hint(side))
    mouse = pygame.mouse.get_pos() if v.mouse_seen else (-1, -1)
    buttons = tuple(
        (
            name,
            label,
            (r.x, r.y, r.w, r.h),
            r.collidepoint(mouse) or (name == "threat" and v.show_threat) or (name == "fast" and v.fast),
        )
        for name, (label, r) in top_buttons(v).items()
    )
    if widgets.recording_active():
        _draw_top(v, screen, top, colour, buttons)
        return
    key = (
        widgets.scale(),
        top,
        v.mission.title,
        state.turn,
        state.setup.max_turns,
        side,
        colour,
        v.viewer,
        v.feed is None,
        buttons,
    )
    kept = v.pictures.get("top")
    if kept is None or kept[0] != key:
        surf = pygame.Surface(top.size)
        if pygame.display.get_init() and pygame.display.get_surface() is not None:
            surf = surf.convert()
        _draw_top(v, surf, top, colour, buttons)
        kept = v.pictures["top"] = (key, surf)
    screen.blit(kept[1], top)


WEAPON_KINDS = {"beam": N_("beam"), "solid": N_("solid"), "missile": N_("missile"), "melee": N_("melee")}
"""The weapon kinds as the card names them."""


def _draw_top(
    v: BattleView,
    screen: pygame.Surface,
    top: pygame.Rect,
    colour: tuple[int, int, int],
    buttons: tuple[tuple[str, str, tuple[int, int, int, int], bool], ...],
) -> None:
    """The top bar at ``top`` (which starts at the screen's top-left corner) of ``screen``."""
    pygame.draw.rect(screen, (24, 16, 22), top)
    pygame.draw.line(screen, P.UI_AMBER, (0, top.bottom - px(2)), (top.right, top.bottom - px(2)), 2)
    state = v.session.state
    side = state.side_to_act
    spec = state.setup.side(side)
    widgets.text(screen, v.mission.title, (px(14), top.centery), 28, widgets.AMBER, "midleft", bold=True)
    turn = tr("TURN {turn}/{turns}", turn=state.turn, turns=state.setup.max_turns)
    x = px(14) + widgets.font_for(v.mission.title, 28, True).size(v.mission.title)[0] + px(24)
    widgets.text(screen, turn, (x, top.centery), 26, widgets.TEXT, "midleft")
    x += widgets.font_for(turn, 26).size(turn)[0] + px(18)
    sides.draw_marker(screen, v.mission, side, (x + px(8), top.centery), px(18))
    phase = tr("{side} phase", side=spec.name) + ("" if side == v.viewer or v.feed else tr(" - enemy"))
    widgets.text(screen, phase, (x + px(22), top.centery), 26, colour, "midleft")
    for _, label, r, hot in buttons:
        widgets.button(screen, pygame.Rect(r), label, hot, True, 22)


@cache
def _side_backdrop(size: tuple[int, int]) -> pygame.Surface:
    """The side area as ``draw_side`` starts it: the screen's background, the panel over it."""
    surf = pygame.Surface(size)
    surf.fill(P.UI_BG)
    widgets.panel(surf, pygame.Rect((0, 0), size).inflate(-8, -8).move(0, 2), 240)
    if pygame.display.get_init() and pygame.display.get_surface() is not None:
        surf = surf.convert()
    return surf


def top_buttons(v: BattleView) -> dict[str, tuple[str, pygame.Rect]]:
    """The top bar's buttons, right to left from the corner: name -> (label, where)."""
    top = v.layout.top
    fast = tr("Fast on") if v.fast else tr("Fast")
    labels = [("menu", tr("Menu")), ("help", keys.hint("help")), ("fast", fast)]
    if v.feed is None:
        labels = [
            ("end", tr("End phase")),
            ("rei", tr("Rei")),
            ("threat", tr("Threat")),
            ("fast", fast),
            ("help", keys.hint("help")),
            ("menu", tr("Menu")),
        ]
    out: dict[str, tuple[str, pygame.Rect]] = {}
    x = top.right - px(8)
    for name, label in reversed(labels):
        w = widgets.font_for(label, 22).size(label)[0] + px(24)
        out[name] = (label, pygame.Rect(x - w, top.top + px(7), w, top.height - px(14)))
        x -= w + px(6)
    return out


def draw_side(v: BattleView, screen: pygame.Surface) -> None:
    """The side panel: drawn once into a picture of its own, then blitted every frame until something
    it shows changes (``_side_key``); drawn straight onto the screen while a test records the texts."""
    side = v.layout.side
    if widgets.recording_active():
        screen.blit(_side_backdrop(side.size), side)
        widgets.note_box(screen, side.inflate(-8, -8).move(0, 2))
        _draw_side(v, screen, side)
        return
    key = _side_key(v)
    kept = v.pictures.get("side")
    if kept is None or kept[0] != key:
        surf = _side_backdrop(side.size).copy()
        _draw_side(v, surf, surf.get_rect())
        kept = v.pictures["side"] = (key, surf)
    screen.blit(kept[1], side)


def _side_key(v: BattleView) -> object:
    """Everything the side panel shows, as one comparable value: a change redraws the panel."""
    tile = v.grid.tile(*v.cursor)
    board = v.session.state if v.omniscient else v.obs
    state = v.session.state
    uid = board.occupant.get(tile)
    cards = []
    for who in (uid, v.selected):  # the card shows the unit under the cursor, else the selected one
        unit = board.units.get(who) if who is not None else None
        if who is None or unit is None:
            continue
        shown = v.shown.get(who)
        colour = assets.side_colour(unit.side, v.hint(unit.side))
        lines = tuple(card_lines(v, who))
        cards.append((who, unit, shown.hp if shown else None, v.unit_name(who), colour, lines))
    wrecks = tuple(
        (w, u, tuple(wreck_lines(v, w)), assets.side_colour(u.side, v.hint(u.side)))
        for w, u in v.obs.wrecks.items()
        if u.tile == tile
    )
    flash = v.o2_flash > 0 and int(v.o2_flash * 6) % 2 == 0
    return (
        widgets.scale(),
        v.layout.side.size,
        id(v.grid),
        v.cursor,
        v.selected,
        uid in v.shown,
        tuple(cards),
        state.side_to_act,
        wrecks,
        (tuple(oxygen_lines(v)), v.obs.oxygen, v.o2_max, flash),
        tuple(garrison_lines(v)),
        tuple(objective_rows(v, v.layout.side.width - px(32))),
        turns_left(state),
        tuple(v.log[-14:]),
        v.omniscient,
    )


def _draw_side(v: BattleView, screen: pygame.Surface, side: pygame.Rect) -> None:
    """The side panel's contents over its backdrop, in ``side`` of ``screen``."""
    x = side.left + px(16)
    y = side.top + px(14)
    width = side.width - px(32)
    # unit card: the hovered or selected unit
    uid = None
    cur = (
        v.obs.occupant.get(v.grid.tile(*v.cursor))
        if not v.omniscient
        else v.session.state.occupant.get(v.grid.tile(*v.cursor))
    )
    wreck = next((w for w, u in v.obs.wrecks.items() if u.tile == v.grid.tile(*v.cursor)), None)
    if cur is not None and cur in v.shown:
        uid = cur
    elif v.selected and wreck is None:
        uid = v.selected
    rows = objective_rows(v, width)
    below = px(24 + sum(size - 1 for _, size, _, _ in rows) + 16 + 22 + 3 * 16)  # objectives, a log
    if v.obs.oxygen is not None:
        below += px(40 + 17 * len(oxygen_lines(v)) + 36 * len(garrison_lines(v)))
    if uid is not None:
        y = draw_card(v, screen, uid, x, y, width, side.bottom - px(16) - below)
    elif wreck is not None:
        w = v.obs.wrecks[wreck]
        colour = assets.side_colour(w.side, v.hint(w.side))
        screen.blit(assets.unit(w.type_id, colour, px(64), True), (x, y))
        for i, (line, c) in enumerate(wreck_lines(v, wreck)):
            widgets.text(screen, line, (x + px(72), y + i * px(20)), 24 if i == 0 else 19, c, bold=i == 0)
        y += px(max(70, 20 * len(wreck_lines(v, wreck))) + 8)
    else:
        tx, ty = v.cursor
        terrain = v.grid.terrain[v.grid.tile(tx, ty)]
        widgets.text(screen, tr(terrain.name), (x, y), 28, widgets.AMBER, bold=True)
        y += px(28)
        widgets.text(
            screen,
            tr("cover {pct}%", pct=terrain.cover)
            + "   "
            + (tr("blocks sight") if terrain.blocks_sight else tr("open")),
            (x, y),
            20,
            widgets.DIM,
        )
        y += px(22)
        if terrain.description:
            y = widgets.paragraph(
                screen, tr(terrain.description), pygame.Rect(x, y, width, px(60)), 18, widgets.DIM, 2
            )
        y += px(10)
    pygame.draw.line(screen, widgets.BG_LIGHT, (x, y), (x + width, y), 2)
    y += px(10)
    y = draw_oxygen(v, screen, x, y, width)
    garrisons = garrison_lines(v)
    if garrisons:
        widgets.text(screen, tr("GARRISONS"), (x, y), 22, widgets.AMBER, bold=True)
        y += px(22)
        for line, colour in garrisons:
            for part in widgets.wrap(line, 19, width)[:2]:
                widgets.text(screen, part, (x, y), 19, colour)
                y += px(18)
        y += px(6)
        pygame.draw.line(screen, widgets.BG_LIGHT, (x, y), (x + width, y), 2)
        y += px(10)
    # objectives
    state = v.session.state
    widgets.text(screen, tr("OBJECTIVES"), (x, y), 22, widgets.AMBER, bold=True)
    left = turns_left(state)
    widgets.text(
        screen,
        tr("1 turn left") if left == 1 else tr("{n} turns left", n=left),
        (x + width, y + px(2)),
        19,
        anchor="topright",
    )
    y += px(24)
    for line, size, colour, indent in rows:
        widgets.text(screen, line, (x + px(indent), y), size, colour)
        y += px(size - 1)
    y += px(8)
    pygame.draw.line(screen, widgets.BG_LIGHT, (x, y), (x + width, y), 2)
    y += px(8)
    # log (newest at the bottom)
    widgets.text(screen, tr("LOG"), (x, y), 22, widgets.AMBER, bold=True)
    y += px(22)
    area = pygame.Rect(x, y, width, side.bottom - px(16) - y)
    lines: list[str] = []
    for entry in v.log[-14:]:
        lines.extend(widgets.wrap(entry, 17, width))
    step = px(16)
    fit = max(0, area.height // step)
    for i, line in enumerate(lines[-fit:] if fit else []):
        widgets.text(screen, line, (x, area.top + i * step), 17, (214, 200, 184), shadow=False)


Row = tuple[str, int, tuple[int, int, int], int]
_rows_cache: dict[object, list[Row]] = {}


def objective_rows(v: BattleView, width: int) -> list[Row]:
    """The objectives' lines as drawn: (text, size, colour, indent), wrapped to ``width``; worked
    out again only when the game has moved on (an action, the log) or the panel's width changed."""
    key = (id(v.session), id(v.obs), len(v.session.actions), len(v.log), width, widgets.scale())
    rows = _rows_cache.get(key)
    if rows is None:
        if len(_rows_cache) > 8:
            _rows_cache.clear()
        rows = _rows_cache[key] = _objective_rows(v, width)
    return rows


def _objective_rows(v: BattleView, width: int) -> list[Row]:
    rows: list[Row] = []
    for obj, status in v.obs.objectives:
        if obj.side != v.viewer and not v.omniscient:
            continue
        mark = {"pending": "-", "complete": "+", "failed": "x"}[status.value]
        colour = {"pending": widgets.TEXT, "complete": widgets.GOOD, "failed": widgets.BAD}[status.value]
        got = v.objective_progress(obj)
        count = f" [{got.count}]" if got.count and status.value == "pending" else ""
        txt = f"{mark} {obj.text}{count}" + (tr(" (optional)") if obj.optional else "")
        rows += [(line, 19, colour, 0) for line in widgets.wrap(txt, 19, width)]
        for line in ((got.line,) if not got.count else ()) + got.detail:
            rows += [(part, 17, P.UI_CYAN, 12) for part in widgets.wrap(line, 17, width - px(12))]
    return rows


def draw_oxygen(v: BattleView, screen: pygame.Surface, x: int, y: int, width: int) -> int:
    """The shared oxygen meter: a bar, turns left, who breathes; flashes when the supply changes."""
    lines = oxygen_lines(v)
    if not lines:
        return y
    o2 = v.obs.oxygen or 0
    head, colour = lines[0]
    if v.o2_flash > 0 and int(v.o2_flash * 6) % 2 == 0:
        colour = P.UI_CYAN
    widgets.text(screen, head, (x, y), 22, colour, bold=True)
    y += px(22)
    frac = o2 / v.o2_max if v.o2_max else 0.0
    widgets.bar(
        screen, pygame.Rect(x, y, width, px(12)), frac, widgets.BAD if colour == widgets.BAD else P.UI_CYAN
    )
    y += px(16)
    for line, c in lines[1:]:
        for part in widgets.wrap(line, 18, width)[:2]:
            widgets.text(screen, part, (x, y), 18, c)
            y += px(17)
    y += px(6)
    pygame.draw.line(screen, widgets.BG_LIGHT, (x, y), (x + width, y), 2)
    return y + px(10)


def draw_card(
    v: BattleView, screen: pygame.Surface, uid: UnitId, x: int, y: int, width: int, limit: int = 10**6
) -> int:
    """The unit's card from ``y``; its details stop above ``limit`` (a short window), the weapons
    first (the forecast and the orders name them too)."""
    board = v.session.state if v.omniscient else v.obs
    unit = board.units.get(uid)
    if unit is None:
        return y
    catalog = board.catalog
    utype = catalog.units[unit.type_id]
    pilot = catalog.pilot(unit.pilot)
    colour = assets.side_colour(unit.side, v.hint(unit.side))
    face = assets.portrait(pilot.name or "", px(72)) if pilot.name else None
    tx = x
    if face is not None:
        screen.blit(face, (x, y))
        pygame.draw.rect(screen, colour, (x, y, px(72), px(72)), 2)
        tx = x + px(82)
    else:
        screen.blit(assets.unit(unit.type_id, colour, px(64)), (x, y))
        tx = x + px(72)
    sides.draw_marker(screen, v.mission, unit.side, (tx + px(9), y + px(13)), px(18))
    tx += px(22)
    room = x + width - tx
    name, kind = v.unit_name(uid), utype.name
    if widgets.font_for(name, 26, True).size(name)[0] > room and " (" in name and name.endswith(")"):
        # "Buggy (Elizabeth, Anna, Simone)": the machine on the first line, who rides it on the second
        name, kind = name[:-1].split(" (", 1)
    size = next((s for s in (26, 22, 19) if widgets.font_for(name, s, True).size(name)[0] <= room), 19)
    widgets.text(screen, widgets.fit(name, size, room, bold=True), (tx, y), size, widgets.AMBER, bold=True)
    pilot_line = (
        tr("Pilot: {name}", name=pilot.name) if pilot.name else tr("Unmanned") if utype.unmanned else ""
    )
    if widgets.font_for(pilot_line, 19).size(pilot_line)[0] > room:
        pilot_line = pilot.name or pilot_line  # a narrow panel: the name alone
    widgets.text(screen, widgets.fit(pilot_line, 19, room), (tx, y + px(44)), 19, widgets.DIM)
    kind_size = 20 if widgets.font_for(kind, 20).size(kind)[0] <= room else 17
    widgets.text(screen, widgets.fit(kind, kind_size, room), (tx, y + px(24)), kind_size, widgets.TEXT)
    y += px(78)
    shown = v.shown.get(uid)
    hp = shown.hp if shown else unit.hp
    widgets.text(screen, f"HP {hp}/{utype.hp}", (x, y), 20)
    widgets.bar(
        screen,
        pygame.Rect(x + px(100), y + px(3), width - px(100), px(12)),
        hp / utype.hp,
        widgets.hp_colour(hp / utype.hp),
    )
    y += px(20)
    if utype.energy:
        widgets.text(screen, f"EN {unit.energy}/{utype.energy}", (x, y), 20)
        widgets.bar(
            screen,
            pygame.Rect(x + px(100), y + px(3), width - px(100), px(12)),
            unit.energy / utype.energy,
            (90, 160, 255),
        )
        y += px(20)
    stats = tr(
        "MOV {move}  ARM {armor}  EVA {evasion}  SEN {sensor}",
        move=move_points(catalog, unit),
        armor=utype.armor,
        evasion=utype.evasion,
        sensor=utype.sensor_range,
    )
    widgets.text(screen, stats, (x, y), 19, widgets.TEXT)
    y += px(20)
    status = []
    # "done" and "moved" are about the phase being played: an enemy's flags are from its last phase
    if unit.side == v.session.state.side_to_act:
        if unit.acted:
            status.append(tr("done"))
        elif unit.moved:
            status.append(tr("moved"))
    if status:
        widgets.text(screen, "  ".join(status), (x, y), 19, P.UI_CYAN)
        y += px(20)
    for line, colour in card_lines(v, uid):
        for part in widgets.wrap(line, 19, width):
            if y + px(18) > limit:
                return y + px(8)
            widgets.text(screen, part, (x, y), 19, colour)
            y += px(18)
    for i, w in enumerate(utype.weapons):
        if y + px(34) > limit:
            break
        ammo = tr("inf") if unit.ammo[i] < 0 else str(unit.ammo[i])
        rng = f"{w.min_range}-{w.max_range}" if w.min_range != w.max_range else str(w.max_range)
        ready = weapon_ready(utype, unit, i)
        line = f"{w.name}"
        widgets.text(screen, line, (x, y), 19, widgets.TEXT if ready else (120, 110, 104))
        y += px(17)
        detail = tr(
            "  {kind} rng {range} pow {power} acc {accuracy} ammo {ammo}",
            kind=tr(WEAPON_KINDS.get(w.kind.value, w.kind.value)),
            range=rng,
            power=w.power,
            accuracy=f"{w.accuracy:+d}",
            ammo=ammo,
        ) + (f" EN {w.energy_cost}" if w.energy_cost else "")
        for part in widgets.wrap(detail.strip(), 17, width - px(10)):
            widgets.text(
                screen, part, (x + px(10), y), 17, widgets.DIM if ready else (110, 100, 96), shadow=False
            )
            y += px(17)
    return y + px(8)


def _advice_layout(v: BattleView) -> tuple[pygame.Rect, int, list[tuple[str, tuple[int, int, int]]]]:
    view = v.layout.view
    box = pygame.Rect(view.left + px(16), view.top + px(12), min(px(620), view.width - px(32)), px(92))
    x = box.left + px(12) + px(80)
    wrapped: list[tuple[str, tuple[int, int, int]]] = []
    for line, colour in advice_lines(v):
        wrapped.extend((part, colour) for part in widgets.wrap(line, 20, box.right - x - px(12)))
    box.height = max(px(92), px(40) + px(20) * len(wrapped))
    return box, x, wrapped


def advice_box(v: BattleView) -> pygame.Rect:
    """Where Rei's box is (the toast goes below it)."""
    return _advice_layout(v)[0]


def draw_advice_box(v: BattleView, screen: pygame.Surface) -> None:
    box, x, wrapped = _advice_layout(v)
    widgets.panel(screen, box, 235)
    face = assets.portrait("rei", px(68))
    if face is not None:
        screen.blit(face, (box.left + px(12), box.top + px(12)))
    else:
        x -= px(80)
    widgets.text(screen, tr("REI"), (x, box.top + px(8)), 24, P.UI_CYAN, bold=True)
    for i, (line, colour) in enumerate(wrapped):
        widgets.text(screen, line, (x, box.top + px(32) + px(20) * i), 20, colour)


def draw_confirm(v: BattleView, screen: pygame.Surface) -> None:
    assert v.confirm is not None
    w, h = screen.get_size()
    shade = pygame.Surface((w, h), pygame.SRCALPHA)
    shade.fill((0, 0, 0, 120))
    screen.blit(shade, (0, 0))
    box = _confirm_box((w, h))
    widgets.panel(screen, box, 250)
    widgets.paragraph(
        screen, v.confirm[1], pygame.Rect(box.left + px(20), box.top + px(20), box.width - px(40), px(60)), 26
    )
    mouse = pygame.mouse.get_pos() if v.mouse_seen else (-1, -1)
    for label, r in confirm_buttons((w, h)).values():
        widgets.button(screen, r, label, r.collidepoint(mouse), True, 24)


def _confirm_box(size: tuple[int, int]) -> pygame.Rect:
    box = pygame.Rect(0, 0, px(460), px(160))
    box.center = (size[0] // 2, size[1] // 2)
    return box


def confirm_buttons(size: tuple[int, int]) -> dict[str, tuple[str, pygame.Rect]]:
    """The question's buttons on a screen of ``size``: name -> (label, where)."""
    box = _confirm_box(size)
    return {
        name: (label, pygame.Rect(x, box.bottom - px(58), box.width // 2 - px(30), px(40)))
        for name, label, x in (
            ("yes", tr("Yes ({key})", key=keys.hint("select")), box.left + px(20)),
            ("no", tr("No ({key})", key=keys.hint("cancel")), box.centerx + px(10)),
        )
    }


def draw_help(bindings: keys.Bindings, screen: pygame.Surface) -> None:
    """The controls, with the keys as bound now."""
    w, h = screen.get_size()
    rows = keys.help_rows(bindings)
    # a short window: the rows closer
    step = max(px(20), min(px(30), (h - px(20) - px(60)) // max(1, len(rows))))
    size = 22 if step >= px(26) else 19
    box = pygame.Rect(0, 0, px(680), px(60) + step * len(rows))
    box.center = (w // 2, h // 2)
    widgets.panel(screen, box, 245)
    widgets.text(screen, tr("CONTROLS"), (box.left + px(24), box.top + px(16)), 30, widgets.AMBER, bold=True)
    y = box.top + px(56)
    for key, what in rows:
        widgets.text(screen, key, (box.left + px(24), y), size, P.UI_CYAN)
        widgets.text(screen, what, (box.left + px(290), y), size)
        y += step


def draw_toast(v: BattleView, screen: pygame.Surface) -> None:
    """A short message over the map (fades with ``toast_t``)."""
    view = v.layout.view
    y = view.top + px(70) if v.advice is None else advice_box(v).bottom + px(30)  # never over Rei's box
    lines = widgets.wrap(v.toast, 24, view.width - px(60))
    step = widgets.font_for(v.toast, 24).get_linesize()
    width = max(widgets.font_for(v.toast, 24).size(line)[0] for line in lines)
    box = pygame.Rect(0, 0, width + px(28), step * len(lines) + px(14))
    box.midtop = (view.centerx, y - step // 2 - px(7))
    widgets.panel(screen, box, 220)
    for i, line in enumerate(lines):
        widgets.text(screen, line, (view.centerx, box.top + px(7) + i * step), 24, widgets.TEXT, "midtop")
