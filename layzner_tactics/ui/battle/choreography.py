"""Events to animation steps: what the battle screen plays, and logs, for what the engine reported.

``choreograph`` turns the events one action returned into a list of ``Step`` values (a banner, a unit
walking, a shot, a line for the log, a moment to resync with the engine...), keeping only what the
player's side could see (the engine's ``event_visible``). The steps are plain data: the battle screen's
playback turns them into animations. Pure Python, no pygame: testable without a window.

Colours are named tones (``"cyan"``, ``"bad"``, ``"side:grados"``...): the screen owns the palette.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from ...engine import Event, GameState, Observation, SideId, UnitId
from ...engine import events as ev
from ...engine.knowledge import Knowledge, event_visible, visible_events
from ...i18n import N_, tr
from ..exchange import Blow, CutIn, Fighter

Tone = str
"""A named colour: cyan, amber, ui_amber, good, bad, beam, folon, sand, red, cool, flash, or side:ID."""


@dataclass(frozen=True, slots=True)
class Banner:
    title: str
    sub: str
    tone: Tone


@dataclass(frozen=True, slots=True)
class Walk:
    unit: UnitId
    path: tuple[int, ...]
    visible: int


@dataclass(frozen=True, slots=True)
class Shot:
    kind: str
    src: int | None
    dst: int
    target: UnitId
    hit: bool
    crit: bool
    damage: int
    target_hp: int
    folon: bool = False
    overkill: int = 0


@dataclass(frozen=True, slots=True)
class Explode:
    tile: int
    unit: UnitId
    wreck_type: str = ""
    """The type to leave as a wreck on the tile ("" for none)."""


@dataclass(frozen=True, slots=True)
class Float:
    tile: int
    text: str
    tone: Tone
    size: int = 26


@dataclass(frozen=True, slots=True)
class Glow:
    unit: UnitId


@dataclass(frozen=True, slots=True)
class FolonOverride:
    unit_name: str


@dataclass(frozen=True, slots=True)
class Speech:
    speaker: str
    text: str


@dataclass(frozen=True, slots=True)
class Dust:
    tile: int
    settle: bool = False


@dataclass(frozen=True, slots=True)
class Radio:
    src: int
    dst: int
    success: bool


@dataclass(frozen=True, slots=True)
class HeadFlies:
    src: int
    dst: int
    head: UnitId


@dataclass(frozen=True, slots=True)
class Flash:
    colour: tuple[int, int, int]
    duration: float
    shake: float


@dataclass(frozen=True, slots=True)
class PhaseStart:
    side: SideId


@dataclass(frozen=True, slots=True)
class Hide:
    """Take a unit off the screen (it left the map)."""

    unit: UnitId


@dataclass(frozen=True, slots=True)
class Reveal:
    """Put one unit on screen as the engine has it now, leaving the others as shown."""

    unit: UnitId


@dataclass(frozen=True, slots=True)
class SetHp:
    unit: UnitId
    hp: int


@dataclass(frozen=True, slots=True)
class OxygenFlash:
    pass


@dataclass(frozen=True, slots=True)
class RefreshGrid:
    pass


@dataclass(frozen=True, slots=True)
class Sync:
    """Snap the screen to the engine's observation."""


@dataclass(frozen=True, slots=True)
class Log:
    line: str


@dataclass(frozen=True, slots=True)
class Sound:
    """A sound played at once, when the events arrive (not in the queue)."""

    name: str


Step = (
    Banner
    | Walk
    | Shot
    | Explode
    | Float
    | Glow
    | FolonOverride
    | Speech
    | Dust
    | Radio
    | HeadFlies
    | Flash
    | PhaseStart
    | Hide
    | Reveal
    | SetHp
    | OxygenFlash
    | RefreshGrid
    | Sync
    | Log
    | Sound
    | CutIn
)


class Stage(Protocol):
    """What the choreography reads of the screen (the battle screen is one)."""

    @property
    def viewer(self) -> SideId: ...

    def tile_of(self, uid: UnitId) -> int | None:
        """Where the screen shows ``uid`` (the engine's tile when it is not shown)."""
        ...

    def shown_type(self, uid: UnitId) -> str:
        """The type the screen shows for ``uid`` ("" when it is not shown)."""
        ...

    def unit_name(self, uid: UnitId) -> str: ...

    def describe(self, e: Event) -> str:
        """The log line for an event."""
        ...


FATE_TITLES = {
    "captured": N_("PILOT CAPTURED"),
    "spared": N_("PILOT SPARED"),
    "withdrew": N_("PILOT WITHDRAWS"),
}
OBJECTIVE_TITLES: dict[type, str] = {
    ev.ObjectiveCompleted: N_("OBJECTIVE COMPLETE"),
    ev.ObjectiveFailed: N_("OBJECTIVE FAILED"),
    ev.ObjectiveAdded: N_("NEW OBJECTIVE"),
}


def choreograph(
    events: Sequence[Event],
    before: Observation,
    after: Observation,
    state: GameState,
    stage: Stage,
    knowledge: Knowledge | None,
) -> list[Step]:
    """The steps that show ``events`` (the result of one action, ``before`` and ``after`` it) to the
    player: only what the player's side could see is animated and logged; each seen event's log line
    comes after its animation, and the list ends with a ``Sync``. What the player sees is the engine's
    rule (``event_visible``); ``knowledge`` (the player's memory, None for the all-seeing replay viewer)
    learns from ``after`` and the seen events."""
    viewer = stage.viewer
    omniscient = knowledge is None
    if knowledge is not None:
        knowledge.update(after, visible_events(events, before, after))
    vis = -1 if omniscient else (before.visible | after.visible)
    hp = {uid: u.hp for uid, u in before.units.items()}
    folon_strike: UnitId | None = None  # the unit whose next strike is Folon's, not the pilot's
    out: list[Step] = []
    add = out.extend

    def in_view(uid: UnitId) -> bool:
        return omniscient or uid in before.units or uid in after.units

    for i, e in enumerate(events):
        seen = omniscient or event_visible(e, before, after)
        extra = ""  # added to the log line
        match e:
            case ev.PhaseStarted(turn, side):
                spec = state.setup.side(side)
                tone = "cyan" if side == viewer else f"side:{side}"
                add(
                    [
                        Banner(tr("TURN {turn}", turn=turn), tr("{side} phase", side=spec.name), tone),
                        PhaseStart(side),
                    ]
                )
            case ev.UnitMoved(unit, path):
                if seen and len(path) > 1:
                    add([Walk(unit, tuple(path), vis)])
            case ev.AttackResolved(attacker, weapon, target, _, hit, crit, damage, target_hp, _):
                if seen:
                    src = stage.tile_of(attacker) if in_view(attacker) else None
                    dst = stage.tile_of(target)
                    kind = weapon_kind(state, attacker, weapon)
                    if not e.counter and in_view(attacker) and in_view(target):  # the show's cut-in
                        cut = cut_in(events, i, before, after, state, stage, hp, folon_strike == attacker)
                        add([cut] if cut is not None else [])
                    if dst is not None:
                        folon = folon_strike == attacker
                        overkill = 0
                        if folon:
                            overkill = damage - hp.get(target, damage) if target_hp == 0 else 0
                            extra = tr(" - Folon's strike, not the pilot's") + (
                                tr(": {n} more damage than needed", n=overkill) if overkill > 0 else ""
                            )
                        add([Shot(kind, src, dst, target, hit, crit, damage, target_hp, folon, overkill)])
                if folon_strike == attacker:
                    folon_strike = None
                hp[target] = target_hp
            case ev.UnitDestroyed(unit, _, tile):
                if seen:
                    add([Explode(tile, unit, stage.shown_type(unit))])
            case ev.UnitDisabled(unit, _, tile):
                if seen:
                    add([Explode(tile, unit), Float(tile, tr("DISABLED - PILOT ALIVE"), "amber", 24)])
            case ev.VmaxActivated(unit, by_folon):
                if seen and by_folon:
                    add([Glow(unit), FolonOverride(stage.unit_name(unit))])
                elif seen:
                    add([Glow(unit), Banner("V-MAX", stage.unit_name(unit), "beam")])
            case ev.FolonIntervened(unit, target):
                folon_strike = unit if target is not None else None
            case ev.VmaxControlChanged(unit, folon):
                if seen and not folon:
                    pilot = state.catalog.pilot(state.units[unit].pilot).name or tr("the pilot")
                    add(
                        [
                            Speech(
                                "Rei",
                                tr(
                                    "Control transfer confirmed. V-MAX answers to {pilot} now. "
                                    "It fires only on your order, and the machine must cool down after.",
                                    pilot=pilot,
                                ),
                            ),
                            Banner(tr("V-MAX: PILOT CONTROL"), stage.unit_name(unit), "beam"),
                        ]
                    )
                elif seen:
                    add([Banner(tr("V-MAX LOCKED"), tr("A hidden system holds it"), "folon")])
            case ev.VmaxEnded(unit, cooldown):
                where = stage.tile_of(unit)
                if seen and where is not None:
                    add([Float(where, tr("COOLING {n}", n=cooldown), "cool")])
            case ev.CooldownEnded(unit):
                where = stage.tile_of(unit)
                if seen and where is not None:
                    add([Float(where, tr("SYSTEMS NORMAL"), "cool", 22)])
            case ev.DustRaised(unit, tile):
                if seen:
                    add([Dust(tile), Float(tile, tr("HIDDEN IN DUST"), "sand", 24)])
            case ev.DustSettled(unit):
                where = stage.tile_of(unit)
                if seen and where is not None:
                    add([Dust(where, settle=True)])
            case ev.TalkAttempted(unit, target, chance, success):
                src, dst = stage.tile_of(unit), stage.tile_of(target)
                if seen and src is not None and dst is not None:
                    word = tr("LISTENS") if success else tr("REFUSES")
                    add(
                        [
                            Radio(src, dst, success),
                            Float(dst, f"{word} ({chance}%)", "good" if success else "bad"),
                        ]
                    )
            case ev.PilotFate(unit, _, fate):
                if seen:
                    add(
                        [
                            Banner(
                                tr(FATE_TITLES.get(fate.value, fate.value.upper())),
                                stage.unit_name(unit),
                                "good",
                            )
                        ]
                    )
                    if fate.value == "withdrew":
                        add([Hide(unit)])
            case ev.OxygenChanged(side, value, delta, reason):
                if seen:
                    add([OxygenFlash()])
                    if reason == "cache":
                        taker = cache_taker(events, e)
                        if taker is not None:
                            add([Float(taker, f"+{delta} O2", "cyan", 30)])
                    n = len(breathers(state, side))
                    if value == 0 and delta < 0:
                        add([Banner(tr("OUT OF OXYGEN"), tr("Everyone on the supply suffocates"), "bad")])
                    elif delta < 0 and n and value // n <= 2:
                        add(
                            [
                                Banner(
                                    tr("OXYGEN LOW"),
                                    tr("{n} left: about {turns} turn(s)", n=value, turns=value // n),
                                    "bad",
                                )
                            ]
                        )
            case ev.UnitSuffocated(unit, damage, left):
                where = stage.tile_of(unit)
                if seen and where is not None:
                    add([Float(where, tr("NO AIR -{n}", n=damage), "bad", 26), SetHp(unit, left)])
            case ev.BoggedDown(unit, tile):
                if seen:
                    add([Dust(tile, settle=True), Float(tile, tr("BOGGED DOWN"), "sand", 26)])
            case ev.HeadSevered(unit, head, tile):
                src = stage.tile_of(unit)
                if seen:
                    add(
                        [
                            Reveal(head),
                            Reveal(unit),
                            HeadFlies(src if src is not None else tile, tile, head),
                            Float(tile, tr("HEAD SEVERED - STILL WATCHING"), "folon", 22),
                        ]
                    )
            case ev.AlarmRaised(side):
                spec = state.setup.side(side)
                add(
                    [
                        Sound("alarm"),
                        Banner(
                            tr("ALARM: {side}", side=spec.name.upper()),
                            tr("Its guns now fire at anything"),
                            "bad",
                        ),
                    ]
                )
            case ev.TerrainChanged(zone, terrain):
                terrains = state.catalog.terrain
                name = tr(terrains[terrain].name.lower()) if terrain in terrains else terrain
                place = next(
                    (sp.name for sp in state.setup.sides if sp.territory == zone),
                    zone.replace("-", " ").replace("_", " ").capitalize(),
                )
                add(
                    [
                        Flash((255, 240, 220), 0.9, 0.8),
                        RefreshGrid(),
                        Banner(
                            tr("THE GROUND CHANGES"),
                            tr("{place}: now {terrain}", place=place, terrain=name),
                            "bad",
                        ),
                    ]
                )
            case ev.Dialogue(speaker, text):
                add([Speech(speaker, text)])
            case ev.Reinforcements():
                if seen:
                    add([Sync(), Banner(tr("REINFORCEMENTS"), "", "red")])
            case (
                ev.ObjectiveCompleted(side, _, text)
                | ev.ObjectiveFailed(side, _, text)
                | ev.ObjectiveAdded(side, _, text)
            ):
                if seen:
                    add([Banner(tr(OBJECTIVE_TITLES[type(e)]), text, "ui_amber")])
            case ev.GameOver(outcome):
                won = outcome.winner == viewer
                title = tr("VICTORY") if won else (tr("DRAW") if outcome.winner is None else tr("DEFEAT"))
                add([Banner(title, tr(outcome.said or outcome.reason), "cyan" if won else "red")])
            case ev.Ambushed(unit, _, _):
                if seen:
                    add([Banner(tr("AMBUSH!"), stage.unit_name(unit), "red")])
            case ev.UnitEvacuated(unit, _, tile):
                if seen:
                    add([Float(tile, tr("SAFE"), "good", 28), Hide(unit)])
            case ev.WeatherChanged(storms):
                if storms and not before.storms:
                    add([Banner(tr("DUST STORM"), tr("Sight and weapon ranges collapse inside"), "sand")])
                elif not storms and before.storms:
                    add([Banner(tr("THE STORM CLEARS"), "", "sand")])
            case ev.FlagSet(flag) if flag == "rei_revealed":
                add(
                    [
                        Banner(
                            tr("REI'S AGENDA REVEALED"),
                            tr("Its advice now shows the bias it applies"),
                            "folon",
                        )
                    ]
                )
        if seen:  # logged as its animation ends, so the log never runs ahead of the screen
            add([Log(stage.describe(e) + extra)])
    out.append(Sync())
    return out


def cache_taker(events: Sequence[Event], cache_event: Event) -> int | None:
    """Where the unit that took an oxygen cache stopped (the move just before the event)."""
    last = None
    for e in events:
        if e is cache_event:
            return last
        if isinstance(e, ev.UnitMoved):
            last = e.path[-1]
    return last


def breathers(state: GameState, side: SideId) -> list[UnitId]:
    """The units breathing from ``side``'s shared oxygen supply, by id."""
    catalog = state.catalog
    return sorted(
        uid for uid, u in state.units.items() if u.side == side and catalog.units[u.type_id].breathes
    )


def weapon_kind(state: GameState, uid: UnitId, weapon_id: str) -> str:
    """The kind of ``uid``'s weapon (beam, missile, melee...), for the shot's picture."""
    u = state.units.get(uid) or state.destroyed.get(uid) or state.out_of_fight.get(uid)
    if u is None:
        return "beam"
    w = state.catalog.units[u.type_id].weapon(weapon_id)
    return w.kind.value if w else "beam"


def cut_in(
    events: Sequence[Event],
    i: int,
    before: Observation,
    after: Observation,
    state: GameState,
    stage: Stage,
    hp: dict[UnitId, int],
    folon: bool,
) -> CutIn | None:
    """The cut-in of the exchange that ``events[i]`` (an attack, not a counter) opens: the attack, the
    counter that follows it and whether either machine fell. ``hp`` holds the HP shown before it.
    None when the engine no longer knows one of the machines (nothing to draw)."""
    first = events[i]
    assert isinstance(first, ev.AttackResolved)
    a_id, d_id = first.attacker, first.target
    blows: list[Blow] = []
    left = dict(hp)
    for e in events[i:]:
        if isinstance(e, ev.AttackResolved):
            if blows and (not e.counter or e.attacker != d_id):
                break  # the next exchange (Folon's own strike is one)
            struck = e.target
            before_hp = left.get(struck, e.target_hp + e.damage)
            shooter = a_id if not e.counter else d_id
            kind = weapon_kind(state, shooter, e.weapon)
            blows.append(
                Blow(
                    e.counter,
                    str(e.weapon),
                    weapon_name(state, shooter, e.weapon),
                    kind,
                    e.hit,
                    e.crit,
                    e.damage,
                    before_hp,
                    e.target_hp,
                )
            )
            left[struck] = e.target_hp
        elif isinstance(e, ev.UnitDestroyed | ev.UnitDisabled) and blows and e.unit in (a_id, d_id):
            end = "destroyed" if isinstance(e, ev.UnitDestroyed) else "disabled"
            blows[-1] = replace(blows[-1], ends=end)
    seen = before.units.get(a_id) or after.units.get(a_id) or state.units.get(a_id)
    power = "folon" if folon else ("vmax" if seen is not None and seen.vmax else "")
    storm = before.storm_mask | after.storm_mask
    tiles = [t for t in (stage.tile_of(a_id), stage.tile_of(d_id)) if t is not None]
    one, other = fighter(state, stage, a_id, hp), fighter(state, stage, d_id, hp)
    if one is None or other is None:
        return None
    return CutIn(
        one,
        other,
        tuple(blows),
        power,
        any((storm >> t) & 1 for t in tiles),
    )


def fighter(state: GameState, stage: Stage, uid: UnitId, hp: dict[UnitId, int]) -> Fighter | None:
    """``uid`` as a cut-in shows it (its HP as shown before the exchange); None when the engine does
    not know it."""
    u = state.units.get(uid) or state.destroyed.get(uid) or state.out_of_fight.get(uid)
    if u is None:
        return None
    catalog = state.catalog
    pilot = catalog.pilot(u.pilot).name if u.pilot else ""
    utype = catalog.units[u.type_id]
    return Fighter(uid, u.type_id, u.side, stage.unit_name(uid), pilot, hp.get(uid, u.hp), utype.hp)


def weapon_name(state: GameState, uid: UnitId, weapon_id: str) -> str:
    """The name ``uid``'s weapon is called by (its id when the catalog has none)."""
    u = state.units.get(uid) or state.destroyed.get(uid) or state.out_of_fight.get(uid)
    if u is None:
        return weapon_id
    w = state.catalog.units[u.type_id].weapon(weapon_id)
    return w.name if w is not None and w.name else weapon_id
