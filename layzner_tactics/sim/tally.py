"""Per-side and per-unit figures of one game, counted from the engine's events as they happen.

``Tally`` is an ``on_events`` hook for ``play_match``: it sees each batch of events with the state after
them, so it never replays the game and never reads anything a rule did not announce.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..engine import GameState, SideId, Unit, UnitId, observe
from ..engine.events import (
    AttackResolved,
    OxygenChanged,
    PhaseStarted,
    PilotFate,
    UnitDestroyed,
    UnitDisabled,
    UnitSuffocated,
)
from ..engine.threat import people_hunted, strike_targets

SIDE_FIGURES = (
    "attacks",
    "hits",
    "damage_dealt",
    "hp_lost",
    "units_lost",
    "people_lost",
    "caches_taken",
    "phases_in_reach",
    "phases_pressed",
    "phases_in_reach_wanted",
    "phases_pressed_wanted",
)
"""The per-side numbers of a game record, in report order.

``attacks``: attacks made (a defender's counterattack is not one); ``hits``: those that hit;
``damage_dealt``: HP its units removed from enemies, counterattacks included (never more than the
target had); ``hp_lost``: HP its own units lost (attacks and suffocation); ``units_lost``: units that
left the game (destroyed, or out of the fight with the pilot alive); ``people_lost``: those of them that
are civilians (survivors on foot, buggies); ``caches_taken``: oxygen caches its units opened (air the
mission's supply no longer holds in reserve); ``phases_in_reach``: its phases that began with an attack
on an enemy it saw within reach of one of its units (``engine.threat.can_strike``), and
``phases_pressed`` those of them in which it made an attack (the design asks the Grados AI to press in
most of them); ``phases_in_reach_wanted`` and ``phases_pressed_wanted`` the same, counting only the
phases in which a target its mission wants shot was in reach: not only the Layzner while the side hunts
the people (the design asks it to go after them, not to duel the Layzner), not only a wary garrison that
has not joined the fight (a shot would start a second war)."""

PRESS_FIGURES = ("phases_in_reach", "phases_pressed", "phases_in_reach_wanted", "phases_pressed_wanted")
"""Of ``SIDE_FIGURES``, the phases counted for the press shares (the report sums them)."""

COST_FIGURES = ("hp_lost", "units_lost", "caches_taken")
"""A side won at a cost when one of these is above 0 in its figures: it lost HP, a unit or a cache."""

UNIT_COLUMNS = (
    "unit",
    "type",
    "pilot",
    "side",
    "damage_dealt",
    "damage_taken",
    "kills",
    "fate",
    "turn_lost",
)
"""One unit of one game: ``kills`` counts enemies it destroyed or disabled; ``fate`` is ``survived``,
``evacuated``, ``destroyed`` or how it left the fight alive (``disabled``, ``captured``, ``spared``,
``withdrew``); ``turn_lost`` the turn it left the fight (empty when it did not)."""


def find_unit(state: GameState, uid: str) -> Unit | None:
    """The unit as it stands, or as it last stood when it has left the map (any way)."""
    key = UnitId(uid)
    return (
        state.units.get(key)
        or state.destroyed.get(key)
        or state.out_of_fight.get(key)
        or state.evacuated.get(key)
    )


class Tally:
    """Counts attacks, hits, damage, kills and the turn each unit left the fight."""

    def __init__(self) -> None:
        self.hp: dict[str, int] = {}
        self.dealt: Counter[str] = Counter()
        self.taken: Counter[str] = Counter()
        self.kills: Counter[str] = Counter()
        self.turn_lost: dict[str, int] = {}
        self.attacks: Counter[str] = Counter()
        self.hits: Counter[str] = Counter()
        self.caches: Counter[str] = Counter()
        self.in_reach: Counter[str] = Counter()
        self.pressed: Counter[str] = Counter()
        self.in_reach_wanted: Counter[str] = Counter()
        self.pressed_wanted: Counter[str] = Counter()
        # the side whose phase began with an attack in reach, whether it attacked, whether a wanted
        # target was in reach
        self._phase: tuple[str, bool, bool] | None = None
        self._started = False

    def __call__(self, state: GameState, events: list[Any]) -> None:
        if not self._started:  # the first call carries the opening: every unit on the map at full record
            self._started = True
            self.hp.update({str(uid): u.hp for uid, u in state.units.items()})
        for e in events:
            if isinstance(e, AttackResolved):
                lost = self._hp_lost(state, str(e.target), e.damage, e.target_hp)
                self.dealt[str(e.attacker)] += lost
                if not e.counter:
                    attacker = find_unit(state, e.attacker)
                    if attacker is not None:
                        self.attacks[attacker.side] += 1
                        self.hits[attacker.side] += int(e.hit)
                        if self._phase is not None and self._phase[0] == attacker.side:
                            self._phase = (self._phase[0], True, self._phase[2])
            elif isinstance(e, UnitSuffocated):
                self._hp_lost(state, str(e.unit), e.damage, e.hp)
            elif isinstance(e, OxygenChanged) and e.reason == "cache":
                self.caches[str(e.side)] += 1
            elif isinstance(e, UnitDestroyed | UnitDisabled):
                self.turn_lost.setdefault(str(e.unit), state.turn)
                if e.by is not None:
                    self.kills[str(e.by)] += 1
            elif isinstance(e, PilotFate):
                self.turn_lost.setdefault(str(e.unit), state.turn)
        if any(isinstance(e, PhaseStarted) for e in events):
            self._close_phase()
            if state.outcome is None:
                side = str(state.side_to_act)
                obs = observe(state, SideId(side))
                targets = strike_targets(obs)
                if targets:
                    hunting = bool(people_hunted(obs))
                    wanted = any(not _unwanted(state, e, hunting) for e in targets)
                    self._phase = (side, False, wanted)

    def _close_phase(self) -> None:
        if self._phase is not None:
            side, attacked, wanted = self._phase
            self.in_reach[side] += 1
            self.pressed[side] += int(attacked)
            if wanted:
                self.in_reach_wanted[side] += 1
                self.pressed_wanted[side] += int(attacked)
            self._phase = None

    def _hp_lost(self, state: GameState, uid: str, damage: int, hp_after: int) -> int:
        """HP the unit really lost: the damage, unless it was more than the unit had left."""
        before = self.hp.get(uid)
        if before is None:  # arrived mid-game (reinforcements, a severed head): at its type's full HP
            unit = find_unit(state, uid)
            before = state.catalog.units[unit.type_id].hp if unit is not None else damage
        lost = damage if hp_after > 0 else min(damage, before)
        self.hp[uid] = hp_after
        self.taken[uid] += lost
        return lost

    def everyone(self, state: GameState) -> dict[str, Unit]:
        """Every unit that took part, by id: on the map, destroyed, out of the fight or evacuated."""
        every = {**state.evacuated, **state.out_of_fight, **state.destroyed, **state.units}
        return {str(uid): every[uid] for uid in sorted(every)}

    def sides(self, state: GameState) -> dict[str, dict[str, int]]:
        """Side -> ``SIDE_FIGURES`` for the finished game (every side of the setup, units or not)."""
        self._close_phase()  # the last phase, cut short by the end of the game
        out = {str(s.id): dict.fromkeys(SIDE_FIGURES, 0) for s in state.setup.sides}
        gone = {**state.out_of_fight, **state.destroyed}
        for uid, unit in self.everyone(state).items():
            row = out.setdefault(str(unit.side), dict.fromkeys(SIDE_FIGURES, 0))
            row["damage_dealt"] += self.dealt[uid]
            row["hp_lost"] += self.taken[uid]
            if uid in gone:
                row["units_lost"] += 1
                row["people_lost"] += int(state.catalog.units[unit.type_id].civilian)
        for side, row in out.items():
            row["attacks"] = self.attacks[side]
            row["hits"] = self.hits[side]
            row["caches_taken"] = self.caches[side]
            row["phases_in_reach"] = self.in_reach[side]
            row["phases_pressed"] = self.pressed[side]
            row["phases_in_reach_wanted"] = self.in_reach_wanted[side]
            row["phases_pressed_wanted"] = self.pressed_wanted[side]
        return out

    def units(self, state: GameState) -> list[dict[str, Any]]:
        """One row (``UNIT_COLUMNS``) per unit that took part, by unit id."""
        rows = []
        for uid, unit in self.everyone(state).items():
            if uid in state.destroyed:
                fate = "destroyed"
            elif uid in state.out_of_fight:
                known = state.fates.get(unit.id)
                fate = known.value if known is not None else "out of the fight"
            elif uid in state.evacuated:
                fate = "evacuated"
            else:
                fate = "survived"
            rows.append(
                {
                    "unit": uid,
                    "type": str(unit.type_id),
                    "pilot": str(unit.pilot or ""),
                    "side": str(unit.side),
                    "damage_dealt": self.dealt[uid],
                    "damage_taken": self.taken[uid],
                    "kills": self.kills[uid],
                    "fate": fate,
                    "turn_lost": self.turn_lost.get(uid, "") if fate not in ("survived", "evacuated") else "",
                }
            )
        return rows


def _unwanted(state: GameState, target: Unit, hunting: bool) -> bool:
    """A target the side's mission does not want shot: the Layzner while the side hunts the enemy's
    people (``hunting``: ``engine.threat.people_hunted`` names some), or a unit of a wary garrison that
    has not joined the fight."""
    if state.setup.side(target.side).wary and target.side not in state.alarmed:
        return True
    return hunting and target.type_id == "layzner"
