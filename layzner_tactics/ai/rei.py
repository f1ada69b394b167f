"""Rei, the Layzner's cockpit computer: advice for the player's selected unit, with its reason.

Rei reasons with the Earth AI's own scoring (``Tactician.candidates``), from the player's own
observation only, with its hidden agenda applied (data: ``layzner_tactics/data/ai/rei.toml``): it
overvalues the pilot's survival and will not advise striking the Grados commanders it was built to
protect. Every ``Advice`` also carries what an unbiased computer would have advised and which bias made
the difference, so the game can reveal the agenda when the story does. The UI and the tests call the
same ``advise``.

Rei's words are ``i18n.Text`` (English with its fields, ``str()`` the English line): the UI translates
them where it shows them, so the advice itself never depends on the player's language.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from ..engine import VMAX, Action, Attack, Move, Observation, Special, Storm, Unit, UnitId, reachable_tiles
from ..engine.combat import (
    MAX_HIT,
    MIN_HIT,
    Strike,
    forecast_strike,
    format_chance,
    in_reach,
    talk_chance,
    weapon_ready,
)
from ..i18n import N_, T_, Field, Join, Text
from .personality import ReiBias, load_rei_bias
from .tactical import VMAX_MARGIN, Candidate, Tactician

STORM_BAND = 15
"""Rei's figures are estimates: inside dust it quotes hit chances within this many points."""

SURVIVAL = "pilot_survival"
PROTECTED = "protected_pilot"


@dataclass(frozen=True, slots=True)
class AdviceNumbers:
    """The figures behind the advice (percentages and HP), as the forecast gives them."""

    score: float
    hit_chance: int | None = None
    damage: int | None = None
    kill_chance: float = 0.0
    counter_hit_chance: int | None = None
    counter_damage: int | None = None
    danger: float = 0.0
    """Expected damage on the advised tile next phase if every enemy in sight able to reach it fires."""
    cover: int = 0
    threat_by: UnitId | None = None
    """The enemy in sight whose strike on the advised tile next phase would hurt most (None: none can)."""
    threat_hit: int | None = None
    threat_damage: int | None = None
    """That strike's hit chance and damage, as the forecast gives them for that attack."""


@dataclass(frozen=True, slots=True)
class Estimate:
    """One of Rei's figures: exact (``low == high``) or a band when the data is uncertain.

    ``high`` is None when Rei cannot put an upper bound on it (a storm that may never move off).
    """

    label: str
    """One of ``ESTIMATE_LABELS`` (a msgid)."""
    low: int
    high: int | None
    unit: str = ""
    """What the number counts: ``%``, ``EN``, ``turns``... (shown after it)."""
    note: Field = ""
    """Why the figure is uncertain (``dust``, ``fog``, ``wobbling drift``), or a short remark."""

    @property
    def exact(self) -> bool:
        return self.high == self.low

    def said(self) -> Text:
        """The figure as Rei says it ("Energy: 40 EN (of 100)"), to translate where shown."""
        if self.exact:
            value = f"{self.low}"
        elif self.high is None:
            value = f"{self.low}+"
        else:
            value = f"~{self.low}-{self.high}"
        unit = T_(self.unit) if self.unit in UNIT_WORDS else self.unit
        shown: Field = Join(" ", (value, unit)) if self.unit else value
        if self.note:
            return T_("{label}: {value} ({note})", label=T_(self.label), value=shown, note=self.note)
        return T_("{label}: {value}", label=T_(self.label), value=shown)

    def text(self) -> str:
        """The figure in English."""
        return str(self.said())


ESTIMATE_LABELS = (
    N_("Hit"),
    N_("Energy"),
    N_("V-MAX"),
    N_("V-MAX cool-down"),
    N_("V-MAX bursts in reserve"),
    N_("Storm over you ends in"),
    N_("Storm reaches you in"),
    N_("Life signs"),
)
UNIT_WORDS = (N_("phase"), N_("phase(s)"), N_("turns"), N_("turn(s)"))
"""The units of Rei's figures that are words (``%`` and ``EN`` read the same in every language)."""


@dataclass(frozen=True, slots=True)
class Advice:
    unit: UnitId
    actions: tuple[Action, ...]
    """What to do, in order (a move, then an attack or a wait); the first is legal now."""
    reason: Text | Join
    """One line: "Hit 72 %, no counter, cover +20" (``str()``: the English)."""
    numbers: AdviceNumbers
    hit_estimate: tuple[int, int] | None = None
    """The hit chance as Rei quotes it: exact (low == high), or a band when dust blurs it."""
    bias_applied: Text | str = ""
    """Which of Rei's biases changed the advice and how (empty when none did; ``str()``: the English)."""
    bias_kind: str = ""
    """``pilot_survival``, ``protected_pilot`` or empty: machine-readable for the story to reveal."""
    unbiased: tuple[Action, ...] = ()
    """What an unbiased computer would have advised (equal to ``actions`` when the bias did nothing)."""
    estimates: tuple[Estimate, ...] = ()
    """Rei's other figures for this unit: hit chance, energy, V-MAX, the storm, life signs."""


Names = Callable[[UnitId], str]


def type_names(obs: Observation) -> Names:
    """Units named by their type ("Braver"), for callers with no names of their own."""

    def name(uid: UnitId) -> str:
        unit = obs.units.get(uid)
        return obs.catalog.units[unit.type_id].name if unit is not None else "the enemy"

    return name


def advise(
    obs: Observation,
    legal: Sequence[Action],
    unit_id: UnitId,
    bias: ReiBias | None = None,
    remembered: Mapping[UnitId, Unit] | None = None,
    names: Names | None = None,
) -> Advice | None:
    """Rei's advice for one of the player's units, or None when it cannot act now.

    Uses only ``obs``, ``legal`` and ``remembered`` (enemies the player saw earlier, now out of sight);
    deterministic for the same inputs. ``bias`` defaults to Rei's data; ``names`` names units in the
    reason (their types' names otherwise). The reason names the action and its target in words (a
    direction, a zone, a terrain), never grid coordinates; its figures are the engine's forecast's.
    """
    names = names or type_names(obs)
    unit = obs.units.get(unit_id)
    if unit is None or unit.side != obs.side or unit.acted or obs.side != obs.side_to_act:
        return None
    legal_set = set(legal)
    bias = bias or load_rei_bias()
    plan = _plan(obs, unit_id, legal_set, bias)
    if plan is None:
        return None
    best, actions = plan
    honest_plan = _plan(obs, unit_id, legal_set, _honest(bias))
    honest, unbiased = honest_plan if honest_plan is not None else (best, actions)
    note: Text | str = ""
    kind = ""
    if unbiased != actions:
        # which bias did it: try Rei with only its loyalty (no extra fear for the pilot)
        loyal_plan = _plan(obs, unit_id, legal_set, replace(bias, pilot_survival_weight=1.0))
        loyal = loyal_plan is not None and loyal_plan[1] == actions
        kind = PROTECTED if loyal and _strikes_protected(obs, honest, bias) else SURVIVAL
        note = _explain(obs, kind, honest, best, names)
    band = _hit_band(obs, best)
    threat = worst_threat(obs, unit_id, best.tile)
    return Advice(
        unit=unit_id,
        actions=actions,
        reason=T_("V-MAX, then {plan}", plan=reason_line(obs, best, band, names))
        if isinstance(actions[0], Special) and actions[0].name == VMAX
        else reason_line(obs, best, band, names),
        numbers=AdviceNumbers(
            score=round(best.score, 2),
            hit_chance=best.strike.hit_chance if best.strike else None,
            damage=best.strike.damage if best.strike else None,
            kill_chance=best.kill_chance,
            counter_hit_chance=best.counter.hit_chance if best.counter else None,
            counter_damage=best.counter.damage if best.counter else None,
            danger=round(best.danger, 1),
            cover=best.cover,
            threat_by=threat[0] if threat else None,
            threat_hit=threat[1].hit_chance if threat else None,
            threat_damage=threat[1].damage if threat else None,
        ),
        hit_estimate=band,
        bias_applied=note,
        bias_kind=kind,
        unbiased=unbiased,
        estimates=estimates(obs, unit_id, band, remembered),
    )


def _honest(bias: ReiBias) -> ReiBias:
    """The same computer without an agenda: same personality and code, no fear, no loyalty."""
    return ReiBias(bias.personality, 1.0, (), 0.0)


def _plan(
    obs: Observation, unit_id: UnitId, legal: set[Action], bias: ReiBias
) -> tuple[Candidate, tuple[Action, ...]] | None:
    """The top plan of the Earth AI's scoring for the unit under ``bias``, and its actions in order."""
    mind = Tactician(obs.side, 0, obs.posture, "earth", bias=bias)
    unit = obs.units[unit_id]
    found = mind.candidates(obs, unit, legal, limit=1)
    if not found:
        return None
    best = found[0]
    if Special(unit_id, VMAX) in legal:
        boosted = mind.candidates(obs, unit.with_(vmax=True), legal, limit=1, hypothetical=True)
        if boosted and boosted[0].score > best.score + VMAX_MARGIN:
            return boosted[0], _actions(obs, unit_id, boosted[0], vmax=True)
    return best, _actions(obs, unit_id, best)


def _actions(obs: Observation, unit_id: UnitId, c: Candidate, vmax: bool = False) -> tuple[Action, ...]:
    unit = obs.units[unit_id]
    out: list[Action] = []
    if vmax:
        unit = unit.with_(vmax=True)
        out.append(Special(unit_id, VMAX))
    if c.tile != unit.tile:
        out.append(Move(unit_id, reachable_tiles(obs, unit).path(c.tile)))
    out.append(c.action)
    return tuple(out)


def _strikes_protected(obs: Observation, c: Candidate, bias: ReiBias) -> bool:
    if not isinstance(c.action, Attack):
        return False
    target = obs.units.get(c.action.target)
    return target is not None and target.pilot in bias.protected_pilots


def _hit_band(obs: Observation, c: Candidate) -> tuple[int, int] | None:
    if c.strike is None:
        return None
    hit = c.strike.hit_chance
    target = obs.units.get(c.strike.target)
    blurred = target is not None and bool(
        (obs.storm_mask >> target.tile) & 1 or (obs.storm_mask >> c.tile) & 1
    )
    if blurred:
        return max(MIN_HIT, hit - STORM_BAND), min(MAX_HIT, hit + STORM_BAND)
    return hit, hit


def reason_line(
    obs: Observation,
    c: Candidate,
    band: tuple[int, int] | None = None,
    names: Names | None = None,
) -> Join:
    """The one-line reason for a plan: the action, on whom and where in words, and the forecast's
    figures ("Move 2 tiles east, then attack Braver with Beam gun: hit 72 %, 700 damage, no counter")."""
    names = names or type_names(obs)
    unit = obs.units.get(c.unit)
    here = unit.tile if unit is not None else c.tile
    threat = worst_threat(obs, c.unit, c.tile)
    parts: list[Field] = []
    where_to = None if c.tile == here else place_words(obs, here, c.tile)

    def then(action: Field) -> Field:
        return (
            action if where_to is None else T_("Move {where}, then {action}", where=where_to, action=action)
        )

    if c.strike is not None:
        target = obs.units.get(c.strike.target)
        utype = obs.catalog.units[unit.type_id] if unit is not None else None
        weapon = utype.weapon(c.strike.weapon) if utype is not None else None
        low, high = band or (c.strike.hit_chance, c.strike.hit_chance)
        hit = (
            T_("hit {chance} %", chance=low)
            if low == high
            else T_("hit ~{low}-{high} % (dust)", low=low, high=high)
        )
        figures: dict[str, Field] = {
            "target": names(c.strike.target),
            "weapon": weapon.name if weapon else c.strike.weapon,
            "hit": hit,
            "damage": c.strike.damage,
        }
        if target is not None:
            place = place_words(obs, c.tile, target.tile, landmark=False)
            attack = T_(
                "attack {target} ({place}) with {weapon}: {hit}, {damage} damage", place=place, **figures
            )
        else:
            attack = T_("attack {target} with {weapon}: {hit}, {damage} damage", **figures)
        parts.append(then(attack))
        if c.kill_chance:
            parts.append(T_("kill {chance}", chance=format_chance(c.kill_chance)))
        if c.counter is None:
            parts.append(T_("no counter"))
        else:
            parts.append(
                T_("counter {chance} % for {damage}", chance=c.counter.hit_chance, damage=c.counter.damage)
            )
    elif isinstance(c.action, Special):
        parts.append(then(special_words(obs, c.action, names)))
    elif where_to is None:
        parts.append(T_("Hold here"))
    else:
        parts.append(T_("Move {where}", where=where_to))
        if "reaches safety" in c.reason:
            parts.append(T_("reaches safety"))
    if c.cover:
        parts.append(T_("cover +{cover}", cover=c.cover))
    if not any(obs.hostile(u.side, obs.side) for u in obs.units.values()):
        parts.append(T_("no enemy in sight"))
    elif threat is not None:
        by, strike = threat
        parts.append(
            T_(
                "{unit} could strike there next phase: {chance} % for {damage}",
                unit=names(by),
                chance=strike.hit_chance,
                damage=strike.damage,
            )
        )
    else:
        parts.append(T_("out of reach of every enemy in sight"))
    return Join(N_(", "), tuple(parts), capital=True)


def special_words(obs: Observation, a: Special, names: Names) -> Field:
    """A special order in words, naming its target ("talk down Braver: 45 %")."""
    target = names(a.target) if a.target is not None else ""
    if a.name == "talk" and a.target is not None:
        me, them = obs.units.get(a.unit), obs.units.get(a.target)
        chance = talk_chance(obs, me, them) if me is not None and them is not None else 0
        return T_("talk down {target} on an open channel: {chance} %", target=target, chance=chance)
    if a.name == "capture":
        return T_("capture the pilot of {target}", target=target)
    if a.name == "spare":
        return T_("spare the pilot of {target}", target=target)
    if a.name == "dust":
        return T_("kick up dust to hide")
    if a.name == VMAX:
        return T_("fire V-MAX")
    return a.name.replace("_", " ") + (f" on {target}" if target else "")


def worst_threat(obs: Observation, unit_id: UnitId, tile: int) -> tuple[UnitId, Strike] | None:
    """The strike an enemy in sight could make on ``unit_id`` standing on ``tile`` next phase that
    would hurt most (hit chance times damage), with the forecast's figures for that very attack; None
    when no enemy in sight could reach it. Enemies are taken in unit-id order, tiles in number order."""
    me = obs.units.get(unit_id)
    if me is None:
        return None
    there = me.with_(tile=tile)
    best: tuple[float, UnitId, Strike] | None = None
    for eid, enemy in sorted(obs.units.items()):
        if not obs.hostile(enemy.side, obs.side):
            continue
        etype = obs.catalog.units[enemy.type_id]
        weapons = [w for i, w in enumerate(etype.weapons) if weapon_ready(etype, enemy, i)]
        if not weapons:
            continue
        reach = max(w.max_range for w in weapons)
        stands = sorted({enemy.tile, *reachable_tiles(obs, enemy).destinations} - {tile})
        for t in stands:
            if obs.grid.distance(t, tile) > reach:
                continue
            shooter = enemy.with_(tile=t)
            for w in weapons:
                if not in_reach(obs, w, shooter, there):
                    continue
                strike = forecast_strike(obs, shooter, w, there).strike
                value = strike.hit_chance * strike.damage
                if best is None or value > best[0]:
                    best = (value, eid, strike)
    return None if best is None else (best[1], best[2])


COMPASS = (
    N_("east"),
    N_("south-east"),
    N_("south"),
    N_("south-west"),
    N_("west"),
    N_("north-west"),
    N_("north"),
    N_("north-east"),
)


def place_words(obs: Observation, origin: int, tile: int, landmark: bool = True) -> Text:
    """Where ``tile`` lies from ``origin``, in words: "3 tiles north-east", and with ``landmark`` the
    zone it is in ("into the landing pad") or its terrain when it gives cover ("onto the rocks")."""
    grid = obs.grid
    ox, oy = grid.xy(origin)
    x, y = grid.xy(tile)
    dx, dy = x - ox, y - oy
    steps = abs(dx) + abs(dy)
    if steps == 0:
        return T_("here")
    octant = round(math.atan2(dy, dx) / (math.pi / 4)) % 8
    way = T_(COMPASS[octant])
    words = T_("{n} tiles {way}", n=steps, way=way) if steps > 1 else T_("{n} tile {way}", n=steps, way=way)
    if not landmark:
        return words
    zone = next((z for z, mask in sorted(obs.zones.items()) if (mask >> tile) & 1), None)
    if zone is not None:
        return T_("{where}, into the {zone}", where=words, zone=zone.replace("-", " ").replace("_", " "))
    terrain = grid.terrain[tile]
    if terrain.cover > 0:
        return T_("{where}, onto the {terrain}", where=words, terrain=T_(terrain.name.lower()))
    return words


def _explain(obs: Observation, kind: str, honest: Candidate, biased: Candidate, names: Names) -> Text:
    if kind == PROTECTED and isinstance(honest.action, Attack):
        target = obs.units.get(honest.action.target)
        who = target.pilot.title() if target is not None and target.pilot else names(honest.action.target)
        return T_(
            "Rei did not advise striking {unit} ({pilot}): that pilot is one Rei was built to protect. "
            "Unbiased: {plan}",
            unit=names(honest.action.target),
            pilot=who,
            plan=reason_line(obs, honest, names=names),
        )
    return T_(
        "Rei weighed the pilot's survival above the mission: danger ~{biased} instead of ~{honest}. "
        "Unbiased: {plan}",
        biased=int(biased.danger),
        honest=int(honest.danger),
        plan=reason_line(obs, honest, names=names),
    )


# Estimates -------------------------------------------------------------------------------------


def estimates(
    obs: Observation,
    unit_id: UnitId,
    hit: tuple[int, int] | None = None,
    remembered: Mapping[UnitId, Unit] | None = None,
) -> tuple[Estimate, ...]:
    """Rei's figures for one of the player's units, from the player's observation only.

    Hit chance (a band in dust), energy and V-MAX (exact: Rei reads its own machine), when the storm
    over the unit ends (a band when the storm wobbles), and life signs (a band when enemies the
    player saw earlier are now hidden by fog or dust; ``remembered`` are those sightings).
    """
    out: list[Estimate] = []
    unit = obs.units.get(unit_id)
    if hit is not None:
        low, high = hit
        out.append(Estimate("Hit", low, high, "%", "" if low == high else T_("dust")))
    if unit is not None and unit.side == obs.side:
        utype = obs.catalog.units[unit.type_id]
        if utype.energy:
            out.append(
                Estimate("Energy", unit.energy, unit.energy, "EN", T_("of {energy}", energy=utype.energy))
            )
        vmax = utype.vmax
        if vmax is not None:
            if unit.vmax:
                out.append(Estimate("V-MAX", 1, 1, "phase", T_("active until your next phase")))
            elif unit.cooldown:
                left = unit.cooldown
                out.append(Estimate("V-MAX cool-down", left, left, "phase(s)", T_("no attacks")))
            else:
                bursts = unit.energy // vmax.energy_cost if vmax.energy_cost else 9
                note = (
                    T_("does not answer the pilot")
                    if unit.folon
                    else T_("{cost} EN each", cost=vmax.energy_cost)
                )
                out.append(Estimate("V-MAX bursts in reserve", bursts, bursts, "", note))
        storm = storm_end(obs, unit.tile) or storm_arrival(obs, unit.tile)
        if storm is not None:
            out.append(storm)
    signs = life_signs(obs, remembered)
    if signs is not None:
        out.append(signs)
    return tuple(out)


def _exit_turns(pos: int, start: int, size: int, speed: int) -> float:
    """Turns until a span ``[start, start + size)`` moving ``speed`` tiles a turn no longer covers
    ``pos`` (infinite when it does not move)."""
    if speed > 0:
        return math.ceil((pos - start + 1) / speed)
    if speed < 0:
        return math.ceil((start + size - pos) / -speed)
    return math.inf


def _storm_exit(storm: Storm, x: int, y: int, slow: bool) -> float:
    """Turns until ``storm`` has drifted off (x, y): at its steady drift less (``slow``) or plus its
    wobble, the wobble pushing whichever way clears the tile soonest."""
    w = storm.wander
    best = math.inf
    for pos, start, size, drift in ((x, storm.x, storm.w, storm.dx), (y, storm.y, storm.h, storm.dy)):
        if slow:
            speed = drift - w if drift > 0 else drift + w if drift < 0 else 0
            if (drift > 0 and speed <= 0) or (drift < 0 and speed >= 0):
                speed = 0
            best = min(best, _exit_turns(pos, start, size, speed))
        else:
            for speed in {drift + w, drift - w}:
                best = min(best, _exit_turns(pos, start, size, speed))
    return best


def storm_end(obs: Observation, tile: int) -> Estimate | None:
    """When the storm over ``tile`` ends there: exact for a steady drift, a band when it wobbles; None
    when no storm covers the tile. A storm Rei cannot see moving gives "no end in sight"."""
    x, y = obs.grid.xy(tile)
    over = [s for s in obs.storms if s.x <= x < s.x + s.w and s.y <= y < s.y + s.h]
    if not over:
        return None
    fast = max(_storm_exit(s, x, y, slow=False) for s in over)
    slow = max(_storm_exit(s, x, y, slow=True) for s in over)
    if math.isinf(fast):
        return Estimate("Storm over you ends in", 0, None, "turns", T_("it is not moving: no end in sight"))
    low = int(fast)
    high = None if math.isinf(slow) else int(slow)
    note = T_("about turn {turn}", turn=obs.turn + low) if high == low else T_("wobbling drift")
    return Estimate("Storm over you ends in", low, high, "turn(s)", note)


STORM_HORIZON = 12
"""Turns ahead Rei looks for a drifting storm reaching a tile."""


def _covers_within(start: int, size: int, pos: int, lo: int, hi: int) -> bool:
    """Whether a span ``[start + d, start + d + size)`` covers ``pos`` for some drift d in [lo, hi]."""
    return start + lo <= pos and pos < start + hi + size


def storm_arrival(obs: Observation, tile: int) -> Estimate | None:
    """When a drifting storm will reach ``tile`` (the unit staying put): exact for a steady drift, from
    the earliest its wobble allows to its steady arrival otherwise; None when none is coming."""
    x, y = obs.grid.xy(tile)
    best: tuple[Estimate, int | None] | None = None
    for s in obs.storms:
        if not (s.dx or s.dy or s.wander):
            continue
        w = s.wander
        early = steady = None
        for k in range(1, STORM_HORIZON + 1):
            can = _covers_within(s.x, s.w, x, k * (s.dx - w), k * (s.dx + w)) and _covers_within(
                s.y, s.h, y, k * (s.dy - w), k * (s.dy + w)
            )
            will = _covers_within(s.x, s.w, x, k * s.dx, k * s.dx) and _covers_within(
                s.y, s.h, y, k * s.dy, k * s.dy
            )
            early = k if early is None and can else early
            steady = k if steady is None and will else steady
        if early is None:
            continue
        # a wobbling storm may come soonest at ``early``; no turn is certain, its steady drift is likely
        note = T_("about turn {turn}", turn=obs.turn + early) if not w else T_("wobbling drift")
        if w and steady is not None:
            note = T_("wobbling drift, likely in {turns}", turns=steady)
        if best is None or early < best[0].low:
            best = (Estimate("Storm reaches you in", early, None if w else early, "turn(s)", note), steady)
    return None if best is None else best[0]


def life_signs(obs: Observation, remembered: Mapping[UnitId, Unit] | None = None) -> Estimate | None:
    """People on the field: every crew member of the player's team plus the enemy pilots in sight; a
    band up to the enemy pilots seen earlier and now hidden (in fog or dust). Unmanned machines are
    not alive and do not count."""
    catalog = obs.catalog
    team = obs.team[obs.side]
    manned = [u for u in obs.units.values() if not catalog.units[u.type_id].unmanned]
    if not manned:
        return None
    low = len(manned)
    hidden = 0
    for uid, u in (remembered or {}).items():
        if uid in obs.units or obs.team.get(u.side) == team or catalog.units[u.type_id].unmanned:
            continue
        hidden += 1
    unmanned = sum(1 for u in obs.units.values() if catalog.units[u.type_id].unmanned)
    notes: list[Field] = []
    if hidden:
        if obs.storm_mask:
            notes.append(T_("{n} seen earlier now hidden in dust", n=hidden))
        else:
            notes.append(T_("{n} seen earlier now hidden in the fog", n=hidden))
    if unmanned:
        notes.append(T_("{n} signal(s) not alive", n=unmanned))
    return Estimate("Life signs", low, low + hidden, "", Join(N_("; "), tuple(notes)) if notes else "")
