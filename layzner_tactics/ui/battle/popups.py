"""The panels that open over the map for one order: the orders menu with its preview of a special,
and the attack forecast. They read the view and draw; ``forecast_buttons`` says where the forecast's
buttons are, for drawing them and for finding what a click hit."""

from __future__ import annotations

import pygame

from ...engine import Attack, UnitId, forecast, format_chance
from ...i18n import tr
from .. import assets, keys, sides, widgets
from ..artgen import palette as P
from ..widgets import px
from .modes import Forecast, Orders
from .readouts import special_preview
from .view import BattleView


def draw_menu(v: BattleView, screen: pygame.Surface) -> None:
    """The orders menu beside the selected unit, and the preview of its highlighted special."""
    if not isinstance(v.mode, Orders):
        return
    menu = v.mode.menu
    widgets.panel(
        screen,
        pygame.Rect(
            menu.origin[0] - px(8), menu.origin[1] - px(8), menu.width + px(16), menu.total_height() + px(16)
        ),
    )
    menu.draw(screen, 22)
    draw_special_preview(v, screen)


def draw_forecast(v: BattleView, screen: pygame.Surface) -> None:
    """The forecast panel: both sides' hit, damage and crit, the kill chance, the weapons, the buttons."""
    attack = v.current_attack()
    mode = v.mode
    if attack is None or not isinstance(mode, Forecast):
        return
    fc = forecast(v.obs, attack)
    s, c = fc.strike, fc.counter
    board = v.obs
    attacker = board.units[attack.unit]
    target = board.units[attack.target]
    catalog = board.catalog
    a_type = catalog.units[attacker.type_id]
    t_type = catalog.units[target.type_id]
    weapons = v._attacks_on(attack.unit, attack.target)
    box = _forecast_box(v, attack, len(weapons))
    buttons = forecast_buttons(v)
    widgets.panel(screen, box, 240)
    x0, y = box.left + px(18), box.top + px(12)
    widgets.text(screen, tr("FORECAST"), (x0, y), 26, widgets.AMBER, bold=True)
    one = a_type.weapon(attack.weapon)
    header = (one.name if one else attack.weapon) if len(weapons) == 1 else tr("Left/Right: weapon")
    widgets.text(screen, header, (box.right - px(18), y + px(2)), 22, widgets.TEXT, "topright")
    y += px(32)
    if len(weapons) > 1:
        for i in range(len(weapons)):
            label, r = buttons[f"weapon:{i}"]
            widgets.button(screen, r, label, i == mode.weapon_i % len(weapons), True, 18)
        y += px(32)
    col_w = (box.width - px(36)) // 2
    a_col = assets.side_colour(attacker.side, v.hint(attacker.side))
    t_col = assets.side_colour(target.side, v.hint(target.side))
    for ci, (title, col, strike, _hp_before, _hp_max) in enumerate(
        (
            (v.unit_name(attack.unit), a_col, s, attacker.hp, a_type.hp),
            (v.unit_name(attack.target), t_col, c, target.hp, t_type.hp),
        )
    ):
        cx = x0 + ci * col_w
        cy = y
        sides.draw_marker(screen, v.mission, (attacker, target)[ci].side, (cx + px(8), cy + px(11)), px(16))
        widgets.text(screen, title, (cx + px(20), cy), 22, col, bold=True)
        cy += px(24)
        if ci == 0:
            after = max(0, target.hp - s.damage)
            widgets.text(screen, tr("HIT {pct}%", pct=s.hit_chance), (cx, cy), 30, widgets.TEXT, bold=True)
            cy += px(30)
            widgets.text(screen, tr("DMG {n}", n=s.damage), (cx, cy), 24)
            cy += px(24)
            widgets.text(
                screen, tr("CRIT {pct}% ({n})", pct=s.crit_chance, n=s.crit_damage), (cx, cy), 22, widgets.DIM
            )
            cy += px(24)
            widgets.text(
                screen, tr("Target HP {hp} -> {after}", hp=target.hp, after=after), (cx, cy), 20, widgets.DIM
            )
        else:
            if strike is None:
                widgets.text(screen, tr("No counter"), (cx, cy), 26, widgets.DIM)
                cy += px(28)
            else:
                widgets.text(
                    screen, tr("HIT {pct}%", pct=strike.hit_chance), (cx, cy), 30, widgets.TEXT, bold=True
                )
                cy += px(30)
                widgets.text(screen, tr("DMG {n}", n=strike.damage), (cx, cy), 24)
                cy += px(24)
                widgets.text(
                    screen,
                    tr("CRIT {pct}% ({n})", pct=strike.crit_chance, n=strike.crit_damage),
                    (cx, cy),
                    22,
                    widgets.DIM,
                )
                cy += px(24)
                widgets.text(
                    screen,
                    tr("Your HP {hp} -> {after}", hp=attacker.hp, after=max(0, attacker.hp - strike.damage)),
                    (cx, cy),
                    20,
                    widgets.DIM,
                )
    y += px(24) + px(30) + px(24) + px(24) + px(26)
    kill_col = widgets.BAD if fc.kill_chance else widgets.DIM
    widgets.text(
        screen,
        tr("Kill chance {chance}", chance=format_chance(fc.kill_chance)),
        (x0, y),
        24,
        kill_col if fc.kill_chance else widgets.TEXT,
        bold=True,
    )
    if fc.folon_risk:
        widgets.text(
            screen,
            tr("Warning: Folon may seize V-MAX"),
            (box.right - px(18), y + px(2)),
            18,
            P.ACCENT_RED,
            "topright",
        )
    mouse = pygame.mouse.get_pos() if v.mouse_seen else (-1, -1)
    for name in ("confirm", "cancel"):
        label, r = buttons[name]
        widgets.button(screen, r, label, r.collidepoint(mouse) or name == "confirm", True, 22)


def _forecast_box(v: BattleView, attack: Attack, weapons: int) -> pygame.Rect:
    """Where the forecast panel goes: off the two units, at the top or the bottom of the map view."""
    view = v.layout.view
    box = pygame.Rect(0, 0, px(440), px(296 if weapons > 1 else 262))
    # keep the panel off the two units: top of the view when they stand in its lower half
    units = [
        v.camera.tile_rect(*v.grid.xy(v.obs.units[u].tile)).inflate(8, 24)
        for u in (attack.unit, attack.target)
    ]
    top, bottom = box.copy(), box.copy()
    top.midtop = (view.centerx, view.top + px(16))
    bottom.midbottom = (view.centerx, view.bottom - px(16))
    mean_y = sum(r.centery for r in units) / len(units)
    return min(
        (bottom, top),
        key=lambda b: (sum(b.clip(r).width * b.clip(r).height for r in units), -abs(b.centery - mean_y)),
    )


def forecast_buttons(v: BattleView) -> dict[str, tuple[str, pygame.Rect]]:
    """The forecast panel's buttons (a weapon each when more than one reaches, Attack, Cancel):
    name -> (label, where); none when no forecast is open."""
    attack = v.current_attack()
    if attack is None:
        return {}
    weapons = v._attacks_on(attack.unit, attack.target)
    box = _forecast_box(v, attack, len(weapons))
    out: dict[str, tuple[str, pygame.Rect]] = {}
    if len(weapons) > 1:
        a_type = v.obs.catalog.units[v.obs.units[attack.unit].type_id]
        bx, y = box.left + px(18), box.top + px(12) + px(32)
        for i, a in enumerate(weapons):
            ww = a_type.weapon(a.weapon)
            label = ww.name if ww else a.weapon
            bw = min(px(130), widgets.font_for(label, 18).size(label)[0] + px(18))
            out[f"weapon:{i}"] = (label, pygame.Rect(bx, y, bw, px(26)))
            bx += bw + px(6)
    by = box.bottom - px(50)
    for name, label, bx in (
        ("confirm", tr("Attack ({key})", key=keys.hint("select")), box.left + px(18)),
        ("cancel", tr("Cancel ({key})", key=keys.hint("cancel")), box.centerx + px(9)),
    ):
        out[name] = (label, pygame.Rect(bx, by, box.width // 2 - px(27), px(38)))
    return out


def draw_special_preview(v: BattleView, screen: pygame.Surface) -> None:
    """Beside the action menu: what the highlighted special does, with the engine's numbers."""
    if not isinstance(v.mode, Orders) or not v.mode.menu.items:
        return
    menu = v.mode.menu
    item = menu.items[menu.index % len(menu.items)]
    if v.mouse_seen:  # a greyed item (V-MAX held by Folon) explains itself under the mouse too
        mouse = pygame.mouse.get_pos()
        pairs = zip(menu.items, menu.rects(), strict=True)
        item = next((it for it, r in pairs if r.collidepoint(mouse)), item)
    if not item.key.startswith("special:"):
        return
    lines = special_preview(v, item.key)
    if not lines:
        return
    width = max(widgets.font_for(t, 20).size(t)[0] for t, _ in lines) + px(32)
    box = pygame.Rect(0, 0, width, px(18) + px(22) * len(lines))
    mx, my = menu.origin
    view = v.layout.view
    # the special's target (a pilot to call, a wreck to take) is ringed, and the panel keeps off it
    target = item.key.split(":", 2)[2]
    where = v.obs.units.get(UnitId(target)) or v.obs.wrecks.get(UnitId(target))
    avoid = pygame.Rect(0, 0, 0, 0)
    if where is not None:
        avoid = v.camera.tile_rect(*v.grid.xy(where.tile))
        pygame.draw.rect(screen, P.UI_CYAN, avoid.inflate(6, 6), 3, border_radius=6)
    menu_rect = pygame.Rect(mx, my, menu.width, menu.total_height())
    spots = [
        (mx + menu.width + px(16), my - px(8)),
        (mx - px(16) - width, my - px(8)),
        (mx, menu_rect.bottom + px(16)),
        (mx, my - px(24) - box.height),
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
        widgets.text(
            screen, line, (box.left + px(16), box.top + px(10) + px(22) * i), size, colour, bold=bold
        )
