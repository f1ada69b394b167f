"""What the battle screen's panels say: the unit card, a wreck's card, the oxygen meter, the garrisons,
Rei's advice, the orders' labels and previews, the forecast's lines. Text and colours from the engine's
numbers; no drawing here (``panels`` and ``forecast`` draw them)."""

from __future__ import annotations

from functools import cache

from ...data import load_catalog
from ...engine import Catalog, Pilot, Special, Unit, UnitId, forecast, format_chance
from ...engine.combat import TALK_RANGE, folon_armed, talk_chance
from ...engine.ids import PilotId
from ...engine.rules import ALARM_RADIUS, vmax_block
from ...i18n import N_, tr
from .. import widgets
from ..anim import FOLON_RED, SAND
from ..artgen import palette as P
from .choreography import breathers
from .view import BattleView

Colour = tuple[int, int, int]
Lines = list[tuple[str, Colour]]


@cache
def _base_catalog() -> Catalog:
    """The catalog as the data first describes it (before any campaign learning)."""
    return load_catalog()


def special_label(view: BattleView, a: Special) -> str:
    """The action menu's label for a special: what it does, on whom, and its odds."""
    name = view.unit_name(a.target) if a.target else ""
    if a.name == "vmax":
        unit = view.obs.units[a.unit]
        vmax = view.obs.catalog.units[unit.type_id].vmax
        return tr("V-MAX ({n} EN)", n=vmax.energy_cost) if vmax else "V-MAX"
    if a.name == "dust":
        return tr("Kick up dust (hide)")
    if a.name == "talk":
        chance = talk_odds(view, a)
        return tr("Talk down {name}: {pct}%", name=name, pct=chance)
    if a.name == "capture":
        return tr("Capture pilot: {name}", name=name)
    if a.name == "spare":
        return tr("Spare pilot: {name}", name=name)
    return f"{a.name.title()}" + (f": {name}" if name else "")


def vmax_label(view: BattleView, unit: Unit) -> str:
    block = vmax_block(view.obs, unit)
    return f"V-MAX: {tr(block[0])}" if block is not None and block[0] else "V-MAX"


def talk_odds(view: BattleView, a: Special) -> int:
    """The engine's exact chance that ``a`` (a talk) succeeds."""
    unit = view.obs.units.get(a.unit)
    target = view.obs.units.get(a.target) if a.target else None
    if unit is None or target is None:
        return 0
    return talk_chance(view.obs, unit, target)


def special_preview(view: BattleView, key: str) -> Lines:
    """The lines of the preview panel beside the menu for a special item (the engine's numbers)."""
    _, name, target = key.split(":", 2)
    unit = view.obs.units.get(view.selected) if view.selected else None
    if unit is None:
        return []
    catalog = view.obs.catalog
    utype = catalog.units[unit.type_id]
    out: Lines = []
    if name == "vmax" and utype.vmax is not None:
        v = utype.vmax
        out.append(("V-MAX", widgets.AMBER))
        if unit.folon:
            out += [
                (tr("Held by Folon, the hidden system:"), FOLON_RED),
                (tr("the pilot cannot fire it. It fires"), FOLON_RED),
                (tr("by itself below {pct}% HP and strikes back.", pct=v.folon_threshold_pct), FOLON_RED),
            ]
            return out
        out += [
            (tr("Cost {n} EN (have {have})", n=v.energy_cost, have=unit.energy), widgets.TEXT),
            (
                tr(
                    "Power {pct}%, MOV +{move}, EVA +{evasion}",
                    pct=v.power_pct,
                    move=v.move_bonus,
                    evasion=v.evasion_bonus,
                ),
                widgets.TEXT,
            ),
            (tr("Lasts until your next phase"), widgets.DIM),
            (tr("Then cool-down {n} phase(s):", n=v.cooldown), widgets.DIM),
            (tr("no attacks, EVA -{n}", n=v.cooldown_evasion_penalty), widgets.DIM),
        ]
        if unit.cooldown:
            out.append((tr("Cooling now: {n} phase(s) left", n=unit.cooldown), widgets.BAD))
    elif name == "dust":
        out += [
            ("KICK UP DUST", widgets.AMBER),
            (tr("A cloud over this tile and the ones"), widgets.TEXT),
            (tr("around it until your next phase:"), widgets.TEXT),
            (tr("enemies lose sight and lock."), widgets.TEXT),
            (tr("Ends this unit's turn."), widgets.DIM),
        ]
    elif name == "talk":
        foe = view.obs.units.get(UnitId(target))
        if foe is None:
            return out
        chance = talk_chance(view.obs, unit, foe)
        speaker = catalog.pilot(unit.pilot)
        listener = catalog.pilot(foe.pilot)
        f_type = catalog.units[foe.type_id]
        hurt = (f_type.hp - foe.hp) * 100 // f_type.hp
        out += [
            (tr("OPEN CHANNEL: {pct}%", pct=chance), widgets.AMBER),
            (tr("{name} persuasion +{n}", name=speaker.name, n=speaker.persuasion), widgets.TEXT),
            (tr("{name} wavers +{n}", name=listener.name or foe.id, n=listener.waver), widgets.TEXT),
            (tr("damage taken {pct}% / 4 = +{n}", pct=hurt, n=hurt // 4), widgets.TEXT),
            (tr("(at most 90%, within {n} tiles)", n=TALK_RANGE), widgets.DIM),
            (tr("Success: the pilot leaves the fight."), widgets.GOOD),
        ]
    elif name in ("capture", "spare"):
        out += [
            (tr("CAPTURE THE PILOT") if name == "capture" else tr("SPARE THE PILOT"), widgets.AMBER),
            (tr("{name}: machine down, pilot alive.", name=view.unit_name(target)), widgets.TEXT),
            (
                tr("Taken prisoner: remembered.") if name == "capture" else tr("Let go: remembered."),
                widgets.TEXT,
            ),
            (tr("Ends this unit's turn."), widgets.DIM),
        ]
    return out


def advice_lines(view: BattleView) -> Lines:
    """What the advice box says: the advice and its reason, Rei's estimates, and (only once the
    story has revealed Rei's agenda) the bias applied and what an honest computer would advise."""
    advice = view.advice
    if advice is None:
        return []
    out = [(view.advice_text, widgets.TEXT)]
    if advice.actions:
        out.append(
            (
                tr(
                    "On the map: the white path and frame. {key}: follow it", key=view.key_label("follow_rei")
                ),
                widgets.AMBER,
            )
        )
    figures = [tr(e.said()) for e in getattr(advice, "estimates", ()) if e.label != "Hit"]
    if figures:
        out.append((tr("Estimates: {figures}", figures=tr("; ").join(figures)), P.UI_CYAN))
    if view.rei_revealed():
        if advice.bias_applied:
            out.append((tr("REI'S BIAS: {bias}", bias=tr(advice.bias_applied)), FOLON_RED))
            if advice.unbiased and advice.unbiased != advice.actions:
                out.append((tr("Red ghost on the map: what an honest computer would do."), widgets.DIM))
        elif advice.actions:
            out.append((tr("No bias in this advice: an honest computer agrees."), widgets.GOOD))
    return out


def card_lines(view: BattleView, uid: UnitId) -> Lines:
    """The unit card's lines for the show's mechanics: V-MAX and Folon, dust, sand, heads, pilots."""
    state = view.session.state
    board = state if view.omniscient else view.obs
    unit = board.units.get(uid)
    if unit is None:
        return []
    catalog = board.catalog
    utype = catalog.units[unit.type_id]
    own = not state.hostile(unit.side, view.viewer)
    out: Lines = []
    v = utype.vmax
    if v is not None:
        if unit.vmax:
            out.append(
                (tr("V-MAX ACTIVE: power {pct}%, EVA +{n}", pct=v.power_pct, n=v.evasion_bonus), P.BEAM)
            )
        elif unit.cooldown:
            out.append(
                (
                    tr(
                        "V-MAX cooling: {n} phase(s) left, no attacks, EVA -{penalty}",
                        n=unit.cooldown,
                        penalty=v.cooldown_evasion_penalty,
                    ),
                    (90, 160, 255),
                )
            )
        elif unit.folon:
            armed = folon_armed(board, unit)
            out.append(
                (
                    tr(
                        "Red eye on the map: FOLON holds V-MAX, firing it by itself below {pct}% HP",
                        pct=v.folon_threshold_pct,
                    )
                    + ("" if armed else tr(" (not charged)")),
                    FOLON_RED,
                )
            )
        elif unit.energy >= v.energy_cost:
            out.append((tr("V-MAX: the pilot's, charged ({n} EN a burst)", n=v.energy_cost), P.BEAM))
        else:
            out.append(
                (
                    tr("V-MAX: the pilot's, needs {n} EN ({have})", n=v.energy_cost, have=unit.energy),
                    widgets.DIM,
                )
            )
    if uid in state.dust and not state.hostile(state.dust[uid][0], view.viewer):
        out.append((tr("Hidden in its own dust until its side's next phase"), SAND))
    if unit.bogged:
        out.append((tr("Bogged down: cannot move next phase"), SAND))
    elif uid in (state.stuck if view.omniscient else view.obs.stuck):
        out.append((tr("Bogged down: stuck this phase"), SAND))
    if unit.severed:
        out.append(
            (tr("Head severed: inner sensor exposed, ARM -{n}", n=utype.severed_armor_penalty), FOLON_RED)
        )
    if any(t.head == unit.type_id for t in catalog.units.values()):
        out.append(
            (tr("Severed head: no weapon, still spotting ({n} tiles)", n=utype.sensor_range), FOLON_RED)
        )
    if utype.breathes and own and view.obs.oxygen is not None:
        out.append((tr("Breathes from the shared oxygen ({n} left)", n=view.obs.oxygen), P.UI_CYAN))
    pilot = catalog.pilot(unit.pilot)
    if pilot.name:
        if pilot.learns or (
            not utype.civilian and any((pilot.shooting, pilot.melee, pilot.dodge, pilot.technique))
        ):
            out.append((skills_line(unit.pilot or "", pilot), widgets.TEXT))
        if pilot.learns:
            xp = state.xp.get(unit.pilot, 0) if own and unit.pilot else 0
            out.append((tr("Rookie, learning: {n} XP this mission", n=xp), widgets.GOOD))
        if not own and pilot.waver:
            line = tr("Wavering pilot: can be talked down")
            sel = view.obs.units.get(view.selected) if view.selected else None
            if sel is not None and sel.side == view.viewer:
                chance = talk_chance(view.obs, sel, unit) if uid in view.obs.units else 0
                if chance:
                    line += tr(" ({pct}% from here)", pct=chance)
            out.append((line, widgets.GOOD))
    return out


def skills_line(pilot_id: str, pilot: Pilot) -> str:
    """Pilot skills, with what was learned in earlier missions (+n over the rookie's start)."""
    base = _base_catalog().pilots.get(PilotId(pilot_id))
    parts = []
    for label, field in (
        (N_("SHT"), "shooting"),
        (N_("MEL"), "melee"),
        (N_("DOD"), "dodge"),
        (N_("TEC"), "technique"),
    ):
        value = getattr(pilot, field)
        gained = value - getattr(base, field) if base is not None else 0
        parts.append(f"{tr(label)} {value}" + (f"(+{gained})" if gained > 0 else ""))
    return "  ".join(parts)


def wreck_lines(view: BattleView, uid: UnitId) -> Lines:
    """The card for a disabled machine whose pilot lives: what it is and what can be done."""
    w = view.obs.wrecks.get(uid)
    if w is None:
        return []
    out = [
        (view.unit_name(uid), widgets.AMBER),
        (tr("DISABLED: the machine is down,"), widgets.TEXT),
        (tr("the pilot is alive."), widgets.TEXT),
    ]
    sel = view.selected
    acts = [a for a in view.legal() if isinstance(a, Special) and a.target == uid]
    if sel and any(a.unit == sel for a in acts):
        out.append((tr("Open the unit's orders: Capture or Spare."), widgets.GOOD))
    else:
        out.append((tr("Move a unit beside it to Capture or Spare"), widgets.DIM))
        out.append((tr("the pilot, or leave them."), widgets.DIM))
    return out


def oxygen_lines(view: BattleView) -> Lines:
    """The oxygen meter's text: supply, who breathes from it, turns left, caches."""
    o2 = view.obs.oxygen
    if o2 is None:
        return []
    who = breathers(view.session.state, view.viewer)
    n = len(who)
    turns = o2 // n if n else None
    colour = widgets.BAD if turns is not None and turns <= 2 else widgets.TEXT
    out = [
        (tr("OXYGEN {n}", n=o2) + (tr("   ~{n} turn(s) left", n=turns) if turns is not None else ""), colour)
    ]
    if n:
        names = ", ".join(view.unit_name(u) for u in who)
        out.append((tr("{n} breathing ({n} a turn): {names}", n=n, names=names), widgets.DIM))
    else:
        out.append((tr("Nobody breathing from it"), widgets.DIM))
    caches = sum(1 for _ in view.grid.tiles(view.obs.caches))
    if caches:
        out.append(
            (
                tr(
                    "{n} cache(s) on the map (O2), +{amount} each",
                    n=caches,
                    amount=view.session.state.setup.oxygen_cache_amount,
                ),
                P.UI_CYAN,
            )
        )
    return out


def garrison_gone(view: BattleView, side: str) -> bool:
    """A garrison with no machine left and none to come (its base levelled)."""
    state = view.session.state
    if any(u.side == side for u in state.units.values()):
        return False
    return side not in state.pending_reinforcement_sides()


def garrison_lines(view: BattleView) -> Lines:
    """Each wary side's alarm level and what it fires at."""
    state = view.session.state
    out: Lines = []
    for spec in state.setup.sides:
        if not spec.wary:
            continue
        if garrison_gone(view, spec.id):
            out.append((tr("{side}: levelled - no guns left", side=spec.name), widgets.DIM))
        elif spec.id in state.alarmed:
            out.append((tr("{side}: ALARMED - fires at anything", side=spec.name), widgets.BAD))
        else:
            out.append((tr("{side}: calm - fires only inside its zone", side=spec.name), widgets.AMBER))
    if any(colour == widgets.AMBER for _, colour in out):
        out.append((tr("Gunfire within {n} tiles of them wakes them", n=ALARM_RADIUS), widgets.DIM))
    return out


def dust_tiles(view: BattleView) -> int:
    """Tiles under a kicked-up dust cloud (not a storm), as the viewer sees them."""
    storms = 0
    for st in view.obs.storms:
        storms |= view.grid.rect_mask(st.x, st.y, st.w, st.h)
    return view.obs.storm_mask & ~storms


def forecast_lines(view: BattleView) -> list[str]:
    """The forecast of the attack being considered, as lines (the panel shows the same numbers)."""
    attack = view.current_attack()
    if attack is None:
        return []
    fc = forecast(view.obs, attack)
    s, c = fc.strike, fc.counter
    catalog = view.obs.catalog
    w = catalog.units[view.obs.units[attack.unit].type_id].weapon(attack.weapon)
    name = view.unit_name
    lines = [
        f"{name(attack.unit)} -> {name(attack.target)}",
        tr("Weapon: {name}", name=w.name if w else attack.weapon),
        tr("Hit: {pct}%", pct=s.hit_chance),
        tr("Damage: {n}", n=s.damage),
        tr("Crit: {pct}% ({n})", pct=s.crit_chance, n=s.crit_damage),
        tr("Kill chance: {chance}", chance=format_chance(fc.kill_chance)),
    ]
    if c is not None:
        cw = catalog.units[view.obs.units[attack.target].type_id].weapon(c.weapon)
        lines += [
            tr("Counter: {name}", name=cw.name if cw else c.weapon),
            tr("Counter hit: {pct}%", pct=c.hit_chance),
            tr("Counter damage: {n}", n=c.damage),
            tr("Counter crit: {pct}% ({n})", pct=c.crit_chance, n=c.crit_damage),
        ]
    else:
        lines.append(tr("No counterattack"))
    return lines
