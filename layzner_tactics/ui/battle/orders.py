"""The player's orders: selecting, moving, the orders menu, attacking through the forecast, undo, end
phase, Rei. Each order acts through the engine (``BattleView.do``) and returns the mode that follows it;
what must wait for an animation to end is queued with ``BattleView.after``."""

from __future__ import annotations

from functools import partial

import pygame

from ...ai import rei
from ...engine import Action, Attack, EndPhase, Move, Special, UndoMove, UnitId, Wait
from ...engine.combat import in_reach, weapon_ready
from ...engine.threat import threat_mask
from ...i18n import T_, tr
from .. import widgets
from ..audio import Audio
from .modes import IDLE, Forecast, Mode, Orders, Select, Target
from .readouts import special_label, vmax_label
from .view import BattleView


def open_menu(view: BattleView, focus: str = "") -> Mode:
    """The selected unit's orders beside it; ``focus`` highlights one item (by key) first."""
    uid = view.selected
    if uid is None:
        return view.mode
    items: list[widgets.Item] = []
    acts = view.unit_actions(uid)
    if any(isinstance(a, Attack) for a in acts):
        items.append(widgets.Item("attack", tr("Attack")))
    specials = [a for a in acts if isinstance(a, Special)]
    unit = view.obs.units[uid]
    utype = view.obs.catalog.units[unit.type_id]
    if utype.vmax is not None and not any(a.name == "vmax" for a in specials):
        # V-MAX the pilot cannot fire now: shown greyed with the reason, so its state is never a mystery
        items.append(widgets.Item("special:vmax:", vmax_label(view, unit), enabled=False))
    for a in specials:
        items.append(widgets.Item(f"special:{a.name}:{a.target or ''}", special_label(view, a)))
    items.append(widgets.Item("wait", tr("Wait")))
    if any(isinstance(a, UndoMove) for a in acts):
        items.append(widgets.Item("undo", tr("Undo move")))
    items.append(widgets.Item("cancel", tr("Cancel")))
    width = max(
        widgets.px(200),
        max(widgets.font_for(it.label, 22).size(it.label)[0] for it in items) + widgets.px(28),
    )
    menu = widgets.Menu(items, width=width, height=widgets.px(36), gap=widgets.px(6))
    keys = [it.key for it in items]
    menu.index = keys.index("attack") if "attack" in keys else keys.index("wait")  # the safe default
    if focus in keys:
        menu.index = keys.index(focus)
    menu.origin = _menu_place(view, unit.tile, width, menu.total_height())
    return Orders(uid, menu)


def _menu_place(view: BattleView, tile: int, width: int, height: int) -> tuple[int, int]:
    """Where the orders menu goes beside the unit on ``tile``: right, left, below or above it, the
    first that stays in the map area and covers none of the units its orders are about (the
    targets of its attacks and specials, the wrecks beside it)."""
    r = view.camera.tile_rect(*view.grid.xy(tile))
    area = view.layout.view.inflate(-widgets.px(16), -widgets.px(16))
    about = [
        view.camera.tile_rect(*view.grid.xy(t))
        for t in sorted(
            {view.obs.units[t].tile for t in _aims(view)} | {w.tile for w in view.obs.wrecks.values()}
        )
    ]

    def clamp_y(y: int) -> int:
        return max(area.top, min(y, area.bottom - height))

    def clamp_x(x: int) -> int:
        return max(area.left, min(x, area.right - width))

    gap = widgets.px(10)
    spots = [
        (r.right + gap, clamp_y(r.top)),
        (r.left - width - gap, clamp_y(r.top)),
        (clamp_x(r.centerx - width // 2), r.bottom + gap),
        (clamp_x(r.centerx - width // 2), r.top - height - gap),
    ]
    fitting = [p for p in spots if area.contains(pygame.Rect(p, (width, height)))]
    for p in fitting:
        box = pygame.Rect(p, (width, height))
        if not any(box.colliderect(t) for t in about) and not box.colliderect(r):
            return p
    return fitting[0] if fitting else spots[0]


def _aims(view: BattleView) -> list[UnitId]:
    """The units in sight the selected unit's attacks and specials are aimed at."""
    out = []
    for a in view.legal():
        if isinstance(a, Attack | Special) and a.unit == view.selected and a.target in view.obs.units:
            assert a.target is not None
            out.append(a.target)
    return out


def menu_choice(view: BattleView, key: str) -> Mode:
    """Carry out the orders menu's item ``key``."""
    uid = view.selected
    if uid is None:
        return view.mode
    if key == "attack":
        targets = view._targets()
        if targets:
            view.cursor = view.grid.xy(view.obs.units[targets[0]].tile)
        return Target(uid)
    if key == "wait":
        view.do(Wait(uid))
        return IDLE
    if key == "undo":
        view.do(UndoMove(uid))
        view.after(lambda: reselect(view, uid))
        return Select(uid)
    if key == "cancel":
        return cancel(view) or view.mode
    if key.startswith("special:"):
        _, name, target = key.split(":", 2)
        if view.do(Special(uid, name, UnitId(target) if target else None)):
            view.after(lambda: reselect(view, uid))
            return Select(uid)
    return view.mode


def reselect(view: BattleView, uid: UnitId) -> None:
    """After ``uid``'s order has played: select it again if it can still act (its orders open when it
    has moved), else nothing is selected."""
    unit = view.obs.units.get(uid)
    if unit is not None and not unit.acted and view.session.human_turn():
        view._select(uid)
        if unit.moved:
            view.set_mode(open_menu(view))
    else:
        view._deselect()


def open_forecast(view: BattleView, target: UnitId) -> Mode:
    """The forecast of the selected unit attacking ``target``."""
    uid = view.selected
    if uid is None:
        return view.mode
    view.cursor = view.grid.xy(view.obs.units[target].tile)
    Audio.play("ui_click")
    return Forecast(uid, target)


def move_then_attack(view: BattleView, target: UnitId) -> bool:
    """Walk the selected unit to the nearest tile from which it can strike ``target``; the forecast
    opens when it arrives. False when no tile in reach would do."""
    unit = view.obs.units.get(view.selected) if view.selected else None
    foe = view.obs.units.get(target)
    reach = view.reach
    if unit is None or foe is None or unit.moved or not view.move_tiles or reach is None:
        return False
    utype = view.obs.catalog.units[unit.type_id]
    best: tuple[tuple[int, int, int], int] | None = None
    for t in reach.destinations:
        there = unit.with_(tile=t)
        if any(
            weapon_ready(utype, unit, i) and in_reach(view.obs, w, there, foe)
            for i, w in enumerate(utype.weapons)
        ):
            key = (reach.cost[t], -view.grid.cover[t], t)
            if best is None or key < best[0]:
                best = (key, t)
    if best is None:
        return False
    uid = unit.id
    if view.do(Move(uid, view.path_to(best[1]))):
        view.after(lambda: _after_auto_move(view, uid, target))
        return True
    return False


def _after_auto_move(view: BattleView, uid: UnitId, target: UnitId) -> None:
    reselect(view, uid)
    if view._attacks_on(uid, target):
        view.set_mode(open_forecast(view, target))


def confirm_attack(view: BattleView) -> Mode:
    """Fire the attack the forecast shows."""
    attack = view.current_attack()
    if attack is not None and view.do(attack):
        return IDLE
    return view.mode


def cancel(view: BattleView) -> Mode | None:
    """Step back one level (help, a question, the forecast, targeting, the menu, the selection, Rei's
    advice); None when there was nothing to cancel."""
    mode = view.mode
    if view.show_help:
        view.show_help = False
    elif view.confirm is not None:
        view.confirm = None
    elif isinstance(mode, Forecast):
        return Target(mode.unit) if view.obs.units[mode.unit].moved else Select(mode.unit)
    elif isinstance(mode, Target):
        return open_menu(view)
    elif isinstance(mode, Orders):
        unit = view.obs.units.get(mode.unit)
        if (
            unit is not None
            and unit.moved
            and any(isinstance(a, UndoMove) for a in view.unit_actions(unit.id))
        ):
            return menu_choice(view, "undo")
        return Select(mode.unit)
    elif view.selected is not None:
        return IDLE
    elif view.advice is not None:
        view.advice = None
    else:
        return None
    return mode


def end_phase(view: BattleView, force: bool = False) -> Mode:
    """End the player's phase; first a question when units can still act (unless ``force``)."""
    if not view.session.human_turn():
        return view.mode
    ready = [u for u in view.obs.own_units() if not u.acted]
    if ready and not force:
        view.confirm = ("end", tr("{n} unit(s) can still act. End the phase?", n=len(ready)))
        return view.mode
    view.confirm = None
    view._deselect()
    view.do(EndPhase(view.viewer))
    return IDLE


def answer(view: BattleView, yes: bool) -> Mode:
    """The player's answer to the open question."""
    if view.confirm is None:
        return view.mode
    kind = view.confirm[0]
    view.confirm = None
    if yes and kind == "end":
        return end_phase(view, force=True)
    return view.mode


def undo(view: BattleView) -> Mode:
    """Take back the selected unit's move (any unit's when none is selected)."""
    for a in view.legal():
        if isinstance(a, UndoMove) and (view.selected is None or a.unit == view.selected):
            view.do(a)
            view.after(partial(reselect, view, a.unit))
            return view.mode
    view.say(tr("Nothing to undo"))
    return view.mode


def next_unit(view: BattleView) -> Mode:
    """Select the next own unit that can still act."""
    own = [u for u in view.obs.own_units() if not u.acted]
    if not own:
        view.say(tr("Every unit has acted: {key} ends the phase", key=view.key_label("end_phase")))
        return view.mode
    ids = [u.id for u in own]
    i = (ids.index(view.selected) + 1) % len(ids) if view.selected in ids else 0
    view._select(ids[i])
    view.cursor = view.grid.xy(own[i].tile)
    view.camera.ensure_visible(*view.cursor, margin=2)
    return view.mode


def next_target(view: BattleView) -> None:
    """Move the cursor to the next enemy in reach."""
    targets = view._targets()
    if targets:
        cur = view.obs.occupant.get(view.grid.tile(*view.cursor))
        i = (targets.index(cur) + 1) % len(targets) if cur in targets else 0
        view.cursor = view.grid.xy(view.obs.units[targets[i]].tile)


def ask_rei(view: BattleView) -> None:
    """Rei's advice for the selected unit (or the first that can act), shown in its box."""
    uid = view.selected
    if uid is None:
        unit = view._first_ready_unit() or view._first_own_unit()  # done units still get the figures
        uid = unit.id if unit is not None else None
    if uid is None:
        view.say(tr("Rei: no unit can act."))
        return
    remembered = view.knowledge.remembered(view.obs) if view.knowledge is not None else {}
    advice = rei.advise(view.obs, view.legal(), uid, remembered=remembered, names=view.unit_name)
    if advice is None:
        unit = view.obs.units.get(uid)
        if unit is None or unit.side != view.viewer:
            view.say(tr("Rei: no advice for that unit."))
            return
        advice = rei.Advice(
            unit=uid,
            actions=(),
            reason=T_("no orders: done for this phase")
            if view.session.human_turn()
            else T_("no orders until your phase"),
            numbers=rei.AdviceNumbers(0.0),
            estimates=rei.estimates(view.obs, uid, None, remembered),
        )
    view.advice = advice
    view.advice_text = f"{view.unit_name(uid)}: {tr(advice.reason)}"
    Audio.play("ui_click")


def follow_rei(view: BattleView) -> Mode:
    """Carry out Rei's advice as shown (asking Rei first when no advice is up): each step once the one
    before has played; stops, saying so, if a step is no longer legal."""
    stale = view.advice is not None and (
        not view.advice.actions or view.advice.actions[0] not in view.legal()
    )
    if view.advice is None or stale:
        ask_rei(view)  # no advice up, or advice the game has moved past: ask afresh
    advice = view.advice
    if advice is None:
        return view.mode
    if not advice.actions:
        ready = view._first_ready_unit()
        view.say(
            tr("Rei has no orders for a unit that is done")
            if ready is not None
            else tr("Every unit has acted: {key} ends the phase", key=view.key_label("end_phase"))
        )
        return view.mode
    uid = advice.unit

    def step(rest: tuple[Action, ...]) -> None:
        if not rest:
            reselect(view, uid)
            return
        if rest[0] not in view.legal():
            view.say(tr("Rei's advice no longer holds: ask again ({key})", key=view.key_label("rei")))
            reselect(view, uid)
            return
        if view.do(rest[0]):
            view.after(lambda: step(rest[1:]))

    view.set_mode(Select(uid))
    step(advice.actions)
    return view.mode


def toggle_threat(view: BattleView) -> None:
    """The threat overlay on or off; says so when no enemy in sight gives it anything to show."""
    view.show_threat = not view.show_threat
    if not view.show_threat:
        view.say(tr("Threat overlay off"))
        return
    view.threat = threat_mask(view.obs, view.viewer)
    if not any(view.obs.hostile(u.side, view.viewer) for u in view.obs.units.values()):
        view.say(tr("Threat overlay on: no enemy in sight, nothing to show yet"))
    elif not view.threat:
        view.say(tr("Threat overlay on: no enemy in sight can strike anywhere"))


def special_on(view: BattleView, uid: UnitId, tile: int) -> str:
    """The menu key of ``uid``'s first legal special aimed at whoever is on ``tile`` ("" if none)."""
    for a in view.unit_actions(uid):
        if isinstance(a, Special) and a.target is not None:
            at = view.obs.units.get(a.target) or view.obs.wrecks.get(a.target)
            if at is not None and at.tile == tile:
                return f"special:{a.name}:{a.target}"
    return ""


def click_tile(view: BattleView, x: int, y: int) -> Mode:
    """A click (or Enter) on map tile (x, y): select, move, attack, open the orders, or let go."""
    if not view.session.human_turn() or view.queue:
        return view.mode
    tile = view.grid.tile(x, y)
    view.cursor = (x, y)
    occupant = view.obs.occupant.get(tile)
    unit = view.obs.units.get(occupant) if occupant else None
    own = unit is not None and unit.side == view.viewer
    if isinstance(view.mode, Orders):
        view.mode = Select(view.mode.unit)
    mode = view.mode
    if isinstance(mode, Target | Forecast):
        if unit is not None and not own and view._attacks_on(mode.unit, unit.id):
            if isinstance(mode, Forecast) and mode.target == unit.id:
                return confirm_attack(view)
            return open_forecast(view, unit.id)
        return cancel(view) or view.mode
    if isinstance(mode, Select):
        sel = view.obs.units[mode.unit]
        if unit is not None and unit.id == sel.id:
            return open_menu(view)
        # a wreck to take beside us: the orders open on capturing its pilot
        special = special_on(view, sel.id, tile)
        if special and tile in {w.tile for w in view.obs.wrecks.values()}:
            return open_menu(view, focus=special)
        if (view.move_tiles >> tile) & 1:
            uid = sel.id
            if view.do(Move(uid, view.path_to(tile))):
                view.after(lambda: reselect(view, uid))
            return view.mode
        if unit is not None and not own:
            if view._attacks_on(sel.id, unit.id):
                return open_forecast(view, unit.id)
            if not move_then_attack(view, unit.id):
                special = special_on(view, sel.id, tile)
                if special:  # no strike within reach, but a pilot we can call from here
                    return open_menu(view, focus=special)
                view.say(tr("Out of reach"))
            return view.mode
    if own and unit is not None and not unit.acted:
        view._select(unit.id)
        return view.mode
    view._deselect()
    return view.mode


def update_path(view: BattleView) -> None:
    """The path the selected unit would walk to the cursor (drawn while selecting)."""
    view.path = ()
    if not isinstance(view.mode, Select) or not view.move_tiles:
        return
    t = view.grid.tile(*view.cursor)
    if (view.move_tiles >> t) & 1:
        view.path = view.path_to(t)
