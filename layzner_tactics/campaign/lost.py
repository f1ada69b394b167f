"""The lost: the cast the campaign has lost and the named enemies it has taken out of the war.

The dead do not come back: ``without_the_lost`` rebuilds a mission so that stand-ins take the seats of
the lost, a Grados line pilot flies a fallen enemy's machine, and their lines are not spoken.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from ..engine import GameSetup
from ..engine.setup import Reinforce, Say, Trigger, UnitPlacement
from ..scenario.memory import UNNAMED_PILOTS

CAST: tuple[str, ...] = ("elizabeth", "anna", "simone", "arthur", "david", "roan")
"""The Cosmic Culture Club: the people the player protects. One killed in a won mission stays dead."""


def lost_cast(memory: Iterable[str]) -> list[str]:
    """The cast the campaign has lost (``fate.<pilot>.killed``), in cast order."""
    held = set(memory)
    return [p for p in CAST if f"fate.{p}.killed" in held]


LINE_PILOT = "grados_line"
"""Who flies a named enemy's machine once that pilot is dead, captured or talked out of the war."""


def fallen_enemies(memory: Iterable[str]) -> list[str]:
    """Named enemy pilots the campaign has taken out of the war: killed, captured or talked down."""
    out = set()
    for flag in memory:
        parts = flag.split(".")
        if len(parts) != 3 or parts[0] != "fate" or parts[2] not in ("killed", "captured", "withdrew"):
            continue
        if parts[1] not in CAST and parts[1] not in UNNAMED_PILOTS and parts[1] != "eiji":
            out.add(parts[1])
    return sorted(out)


def without_the_lost(scenario: Any, memory: Iterable[str]) -> Any:
    """The mission as it plays after losses: the dead do not come back.

    Each unit of the player's side flown or driven by a lost pilot is taken over by a stand-in: a
    survivor named in the unit's own name (a buggy's passengers) or else one of the cast not at a
    controls in this mission (else no named pilot). The lost name leaves the unit's display name, and
    lines of dialogue written for the lost are not spoken. Likewise a named enemy pilot who was killed,
    captured or talked down does not fly again: a Grados line pilot takes the machine, the name leaves
    its display name and its lines are not spoken. Units, ids and objectives stay as the file has
    them, so the mission stays valid; only who is aboard changes.
    """
    lost = lost_cast(memory)
    fallen = fallen_enemies(memory)
    if not lost and not fallen:
        return scenario
    setup: GameSetup = scenario.setup
    human = scenario.player_side
    placements = list(setup.units) + [
        u for t in setup.triggers for e in t.effects if isinstance(e, Reinforce) for u in e.units
    ]
    at_controls = {str(u.pilot) for u in placements if u.pilot is not None}
    spare = [p for p in CAST if p not in lost and p not in at_controls]
    names = dict(scenario.unit_names)
    new_pilot: dict[str, str | None] = {}
    for u in placements:
        if u.side == human and u.pilot is not None and str(u.pilot) in lost:
            aboard = [
                p
                for p in CAST
                if p not in lost
                and p not in at_controls
                and p not in new_pilot.values()
                and _first_name(p) in names.get(u.id, "")
            ]
            pick = aboard[0] if aboard else (spare[0] if spare else None)
            if pick in spare:
                spare.remove(pick)
            new_pilot[u.id] = pick
        elif u.side != human and u.pilot is not None and str(u.pilot) in fallen:
            new_pilot[u.id] = LINE_PILOT
    type_of = {u.id: u.type_id for u in placements}
    lost_names = [_first_name(p) for p in lost]
    fallen_names = [_first_name(p) for p in fallen]
    seat_of = {_first_name(p): uid for uid, p in new_pilot.items() if p in CAST}  # stand-in -> their unit
    for uid, name in list(names.items()):
        if new_pilot.get(uid) == LINE_PILOT:  # a fallen enemy's machine: the name goes, the type stays
            stripped = _strip_names(name, fallen_names)
            names[uid] = setup.catalog.units[type_of[uid]].name if name in fallen_names else stripped
        elif uid in new_pilot and name in lost_names:  # one person on foot: the stand-in's name
            pick = new_pilot[uid]
            names[uid] = _first_name(pick) if pick else "Survivor"
        else:  # the lost leave every name; a stand-in leaves the passenger list they climbed out of
            moved_out = [who for who, seat in seat_of.items() if seat != uid]
            names[uid] = _strip_names(name, lost_names + moved_out)
    speakers = set(lost) | set(fallen)  # pilot ids are their first names in lower case

    def place(u: UnitPlacement) -> UnitPlacement:
        return replace(u, pilot=new_pilot[u.id]) if u.id in new_pilot else u  # type: ignore[arg-type]

    def effects(t: Trigger) -> Trigger:
        kept = []
        for e in t.effects:
            if isinstance(e, Say) and e.speaker.strip().lower() in speakers:
                continue
            kept.append(Reinforce(tuple(place(u) for u in e.units)) if isinstance(e, Reinforce) else e)
        return replace(t, effects=tuple(kept))

    new_setup = replace(
        setup, units=tuple(place(u) for u in setup.units), triggers=tuple(effects(t) for t in setup.triggers)
    )
    return replace(scenario, setup=new_setup, unit_names=names)


def _first_name(pilot: str) -> str:
    return pilot.title()


def _strip_names(name: str, gone: list[str]) -> str:
    """``"Buggy 2 (Arthur, David, Roan)"`` without Arthur -> ``"Buggy 2 (David, Roan)"``."""
    if "(" not in name or not name.endswith(")"):
        return name
    head, _, inner = name[:-1].partition("(")
    kept = [n.strip() for n in inner.split(",") if n.strip() and n.strip() not in gone]
    return f"{head.rstrip()} ({', '.join(kept)})" if kept else head.rstrip()
