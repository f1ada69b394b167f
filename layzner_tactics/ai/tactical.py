"""The candidate-action AI: for each unit, score every reachable tile and every action from it, then act.

The shape is Wesnoth's RCA AI and MegaMek's Princess: a unit's candidates are (tile, action) pairs;
a tile's value weighs the threat of every seen enemy next phase, cover, the objectives and the posture;
an action's value weighs expected damage dealt, kill chance and the counter it draws, all from the
engine's own forecast. Personalities (data) set the weights. Everything comes from the side's
``Observation``: what it remembers of enemies it no longer sees, it saw itself.

Registered policies: ``grados`` (the Grados commanders) and ``earth`` (plays Earth's objectives).
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..engine import (
    Action,
    Attack,
    EndPhase,
    Move,
    ObjectiveKind,
    ObjectiveStatus,
    Observation,
    SideId,
    Special,
    Unit,
    UnitId,
    Wait,
    reachable_tiles,
)
from ..engine.catalog import IMPASSABLE, UnitType, WeaponKind
from ..engine.combat import Strike, forecast_strike, in_reach, talk_chance, weapon_ready
from ..engine.grid import Grid
from ..engine.rules import CAPTURE, DUST, SPARE, TALK, VMAX
from ..engine.threat import strike_mask
from .personality import Personality, ReiBias, load_roster
from .policy import register_policy

FAR = 999
GOAL_WEIGHT = 9.0
"""Points per tile of path cost toward an escort zone (for the units being escorted)."""
HUNT_WEIGHT = 2.5
SCREEN_WEIGHT = 2.0
VMAX_MARGIN = 35.0
ALARM_RADIUS = 3


@dataclass(frozen=True, slots=True)
class Candidate:
    """One plan for one unit: where to go, what to do there, and why (for Rei and the log)."""

    unit: UnitId
    tile: int
    action: Action
    score: float
    position: float
    reason: str
    strike: Strike | None = None


@dataclass
class _Phase:
    """What a policy works out once per phase: enemy threat masks and distance fields."""

    key: tuple[int, str]
    masks: dict[tuple[UnitId, int], int] = field(default_factory=dict)
    fields: dict[tuple[tuple[int, ...], int], list[int]] = field(default_factory=dict)
    threat: dict[tuple[UnitId, str], float] = field(default_factory=dict)


class Tactician:
    """A candidate-action policy for one side of one game."""

    def __init__(
        self, side: SideId, seed: int, posture: str = "", name: str = "grados", bias: ReiBias | None = None
    ) -> None:
        self.side = side
        self.name = name
        self.rng = random.Random(seed)
        self.default_posture = posture
        self.roster = load_roster()
        self.bias = bias
        self.memory: dict[UnitId, tuple[int, int, str]] = {}
        """Enemies seen before: last tile, turn seen, unit type. Only ever from this side's observations."""
        self._follow: tuple[UnitId, Action] | None = None
        self._phase: _Phase | None = None

    # The policy protocol ------------------------------------------------------------------------

    def choose(self, obs: Observation, legal: Sequence[Action]) -> Action:
        self._remember(obs)
        legal_set = set(legal)
        end = EndPhase(obs.side)
        if obs.side != obs.side_to_act or obs.outcome is not None:
            return legal[-1]
        if self._follow is not None:
            _, follow = self._follow
            self._follow = None
            if follow in legal_set:
                return follow
        for unit in self._order(obs):
            if unit.acted:
                continue
            plan = self.best_plan(obs, unit, legal_set)
            if plan is None:
                continue
            first, follow = plan
            if follow is not None:
                self._follow = (unit.id, follow)
            return first
        return end if end in legal_set else legal[-1]

    def best_plan(
        self, obs: Observation, unit: Unit, legal: set[Action]
    ) -> tuple[Action, Action | None] | None:
        """The next action for ``unit`` (and the one to follow it), or None when it has nothing legal."""
        best = self.candidates(obs, unit, legal, limit=1)
        if not best:
            wait = Wait(unit.id)
            return (wait, None) if wait in legal else None
        top = best[0]
        vmax = Special(unit.id, VMAX)
        if vmax in legal:
            boosted = self.candidates(obs, unit.with_(vmax=True), legal, limit=1, hypothetical=True)
            if boosted and boosted[0].score > top.score + VMAX_MARGIN:
                return vmax, None
        if top.tile != unit.tile:
            path = reachable_tiles(obs, unit).path(top.tile)
            move = Move(unit.id, path)
            if move in legal:
                return move, top.action
        if top.action in legal:
            return top.action, None
        wait = Wait(unit.id)
        return (wait, None) if wait in legal else None

    # Scoring ------------------------------------------------------------------------------------

    def candidates(
        self, obs: Observation, unit: Unit, legal: set[Action], limit: int = 3, hypothetical: bool = False
    ) -> list[Candidate]:
        """The best ``limit`` plans for ``unit``, best first (ties broken by tile, then action)."""
        self._start_phase(obs)
        catalog = obs.catalog
        utype = catalog.units[unit.type_id]
        me = self._personality(unit)
        tiles = [unit.tile]
        if not unit.moved:
            tiles += list(reachable_tiles(obs, unit).destinations)
        enemies = obs.enemies()
        hurt = 1.0 - unit.hp / utype.hp
        caution = me.self_preservation / 5.0 * (1.0 + max(0.0, hurt - me.bravery / 20.0))
        if self.bias is not None and unit.type_id == "layzner":
            caution *= self.bias.pilot_survival_weight
        if self._posture(obs) == "retreat":
            caution *= 2.0
        elif self._is_earthlike(obs) and not self._has_wards(obs):
            caution *= 0.6  # nobody to shield: Earth fights to win, not to hide
        goal = self._goal_field(obs, unit, utype)
        hunt = None if goal is not None else self._hunt_field(obs, unit, utype, me)
        screen = self._screen_field(obs, unit, utype) if goal is None and self._is_earthlike(obs) else None
        out: list[Candidate] = []
        for tile in tiles:
            danger = self._danger(obs, unit, utype, tile, enemies)
            # an enemy fires at one target a phase: half the summed threat is the likely share
            position = -caution * 0.5 * danger * 100.0 / utype.hp
            position += obs.grid.cover[tile] * 0.25 * me.self_preservation / 5.0
            reason_bits = []
            if goal is not None:
                position -= GOAL_WEIGHT * min(goal[tile], 60)
                if goal[tile] == 0:
                    position += 200.0
                    reason_bits.append("reaches safety")
            elif self._posture(obs) == "retreat":
                if hunt is not None:
                    position += HUNT_WEIGHT * min(hunt[tile], 30)
            elif self._posture(obs) == "hold":
                position -= 1.0 * obs.grid.distance(tile, unit.tile)
            elif hunt is not None:
                position -= HUNT_WEIGHT * min(hunt[tile], 60) * me.aggression / 5.0
            if screen is not None:
                position -= SCREEN_WEIGHT * min(screen[tile], 30) * me.herd / 5.0
            if danger and not reason_bits:
                reason_bits.append(f"under fire there: ~{int(danger)} damage expected")
            if tile != unit.tile and obs.grid.cover[tile] >= 20:
                reason_bits.append(f"cover +{obs.grid.cover[tile]}")
            for action, value, why, strike in self._options(
                obs, unit, tile, utype, me, enemies, danger, caution
            ):
                if tile == unit.tile and not hypothetical and action not in legal:
                    continue
                score = position + value + self.rng.random() * 1e-3
                reason = "; ".join(b for b in [why, *reason_bits] if b)
                out.append(Candidate(unit.id, tile, action, score, position, reason, strike))
        out.sort(key=lambda c: (-c.score, c.tile))
        return out[:limit]

    def _options(
        self,
        obs: Observation,
        here: Unit,
        tile: int,
        utype: UnitType,
        me: Personality,
        enemies: list[Unit],
        danger: float,
        caution: float,
    ) -> Iterable[tuple[Action, float, str, Strike | None]]:
        """What the unit could do from ``tile`` (its hypothetical self there is built only if needed)."""
        yield Wait(here.id), 0.0, "", None
        attacked = False
        catalog = obs.catalog
        moved: Unit | None = here if tile == here.tile else None

        def at_tile() -> Unit:
            nonlocal moved
            if moved is None:
                moved = here.with_(tile=tile, moved=True)
            return moved

        unit = here
        grid = obs.grid
        if not unit.cooldown and utype.weapons and obs.hold_fire_outside != 0:
            max_range = max(w.max_range for w in utype.weapons)
            for e in enemies:
                if grid.distance(tile, e.tile) > max_range:
                    continue
                if obs.hold_fire_outside != -1 and not (obs.hold_fire_outside >> e.tile) & 1:
                    continue
                e_type = catalog.units[e.type_id]
                for i, weapon in enumerate(utype.weapons):
                    if not weapon_ready(utype, unit, i) or not in_reach(obs, weapon, at_tile(), e):
                        continue
                    fc = forecast_strike(obs, at_tile(), weapon, e)
                    value = self._attack_value(obs, at_tile(), utype, me, e, e_type, weapon.kind, fc, caution)
                    if weapon.ammo is not None:
                        value -= 4.0
                    why = f"{weapon.name} on {e.id}: hit {fc.strike.hit_chance}%, {fc.strike.damage} damage"
                    why += f", kill {fc.kill_chance}%" if fc.kill_chance else ""
                    why += f", counter {fc.counter.hit_chance}%" if fc.counter else ", no counter"
                    attacked = True
                    yield Attack(unit.id, weapon.id, e.id), value, why, fc.strike
        if utype.raises_dust and danger > 0 and not attacked and me.self_preservation >= 6:
            hidden = 0.25 * caution * danger * 100.0 / utype.hp
            yield Special(unit.id, DUST), hidden, "kick up dust to break their lock", None
        if catalog.pilot(unit.pilot).persuasion and me.talk:
            for e in enemies:
                chance = talk_chance(obs, at_tile(), e)
                if chance >= 25:
                    value = chance * 0.8 * me.talk / 5.0
                    yield (
                        Special(unit.id, TALK, e.id),
                        value,
                        f"call {e.id} on an open channel ({chance}%)",
                        None,
                    )
        if not utype.civilian:
            for wid, wreck in sorted(obs.wrecks.items()):
                if grid.distance(tile, wreck.tile) <= 1:
                    if me.mercy >= 5:
                        yield Special(unit.id, SPARE, wid), 3.0 + me.mercy, f"spare {wid}'s pilot", None
                    else:
                        yield Special(unit.id, CAPTURE, wid), 8.0, f"capture {wid}'s pilot", None

    def _attack_value(
        self,
        obs: Observation,
        unit: Unit,
        utype: UnitType,
        me: Personality,
        target: Unit,
        t_type: UnitType,
        kind: WeaponKind,
        fc: object,
        caution: float,
    ) -> float:
        strike: Strike = fc.strike  # type: ignore[attr-defined]
        kill: int = fc.kill_chance  # type: ignore[attr-defined]
        counter: Strike | None = fc.counter  # type: ignore[attr-defined]
        # damage as a share of what the target has left: finishing a hurt enemy is worth more (focus fire)
        dealt = min(1.0, strike.expected_damage / max(1, target.hp)) * 100.0
        value = me.aggression / 5.0 * (1.5 * dealt + kill)
        if t_type.civilian:
            value *= 1.0 + me.cruelty / 3.0
        if target.type_id == "layzner":
            value *= 1.0 + me.duel / 4.0
        if target.id in self._objective_targets(obs):
            value += 25.0 + 0.5 * kill
        weapon = utype.weapon(strike.weapon)
        if weapon is not None and weapon.disables and me.mercy and not t_type.unmanned:
            value += me.mercy * 2.0
        if counter is not None:
            taken = counter.expected_damage * (1.0 - kill / 100.0) * 100.0 / utype.hp
            value -= caution * 0.7 * taken
        if self.bias is not None and target.pilot in self.bias.protected_pilots:
            value -= self.bias.protected_penalty
        if self._near_calm_garrison(obs, unit.tile, target.tile):
            value -= 60.0
        return value

    # What the side knows, worked out once per phase ---------------------------------------------

    def _start_phase(self, obs: Observation) -> None:
        key = (obs.turn, obs.side_to_act)
        if self._phase is None or self._phase.key != key:
            self._phase = _Phase(key)
            self._follow = None

    def _remember(self, obs: Observation) -> None:
        for e in obs.enemies():
            self.memory[e.id] = (e.tile, obs.turn, e.type_id)
        for uid in [u for u in self.memory if u not in obs.units]:
            tile, _, _ = self.memory[uid]
            if obs.sees(tile):  # we look at where it was and it is gone: forget it
                del self.memory[uid]

    def _danger(self, obs: Observation, unit: Unit, utype: UnitType, tile: int, enemies: list[Unit]) -> float:
        """Expected damage to ``unit`` standing on ``tile`` if every seen enemy that can reach it fires."""
        phase = self._phase
        assert phase is not None
        total = 0.0
        for e in enemies:
            key = (e.id, e.tile)
            mask = phase.masks.get(key)
            if mask is None:
                mask = strike_mask(obs, e)
                phase.masks[key] = mask
            if (mask >> tile) & 1:
                total += self._threat_of(obs, e, unit, utype)
        if obs.storm_mask and (obs.storm_mask >> tile) & 1:
            total *= 0.6
        return total

    def _threat_of(self, obs: Observation, enemy: Unit, unit: Unit, utype: UnitType) -> float:
        phase = self._phase
        assert phase is not None
        key = (enemy.id, unit.type_id)
        value = phase.threat.get(key)
        if value is None:
            e_type = obs.catalog.units[enemy.type_id]
            pilot = obs.catalog.pilot(enemy.pilot)
            evasion = utype.evasion + obs.catalog.pilot(unit.pilot).dodge
            best = 0.0
            for i, w in enumerate(e_type.weapons):
                if enemy.ammo[i] == 0:
                    continue
                skill = pilot.melee if w.kind is WeaponKind.MELEE else pilot.shooting
                hit = min(95, max(5, 70 + w.accuracy + skill - evasion)) / 100.0
                best = max(best, hit * max(w.power // 10, w.power - utype.armor))
            value = best
            phase.threat[key] = value
        return value

    def _field(self, obs: Observation, sources: tuple[int, ...], move_class: int) -> list[int]:
        """Path cost from every tile to the nearest source over terrain (units ignored)."""
        phase = self._phase
        assert phase is not None
        key = (sources, move_class)
        found = phase.fields.get(key)
        if found is None:
            found = distance_field(obs.grid, sources, move_class)
            phase.fields[key] = found
        return found

    def _goal_field(self, obs: Observation, unit: Unit, utype: UnitType) -> list[int] | None:
        """For a unit its side must escort or bring somewhere: path costs to that zone."""
        for obj, status in obs.objectives:
            if obj.side != obs.side or status is not ObjectiveStatus.PENDING or obj.zone is None:
                continue
            if obj.kind in (ObjectiveKind.ESCORT, ObjectiveKind.REACH) and unit.id in obj.units:
                zone = obs.zones.get(obj.zone, 0)
                return self._field(obs, tuple(obs.grid.tiles(zone)), utype.move_class)
        return None

    def _hunt_field(self, obs: Observation, unit: Unit, utype: UnitType, me: Personality) -> list[int]:
        """Path costs toward the enemies this unit most wants: seen ones, else remembered ones."""
        targets = self._objective_targets(obs)
        seen = obs.enemies()
        preferred = [e.tile for e in seen if e.id in targets]
        if me.cruelty >= 7:
            preferred += [e.tile for e in seen if obs.catalog.units[e.type_id].civilian]
        if me.duel >= 6:
            preferred += [e.tile for e in seen if e.type_id == "layzner"]
        tiles = preferred or [e.tile for e in seen]
        if not tiles:
            tiles = [tile for tile, _, _ in self.memory.values()]
        if not tiles:
            tiles = self._zone_tiles_of_enemies(obs)
        if not tiles:
            tiles = self._search_tiles(obs, unit)
        return self._field(obs, tuple(sorted(set(tiles))), _hunt_class(utype))

    def _search_tiles(self, obs: Observation, unit: Unit) -> list[int]:
        """Nothing seen or remembered: sweep toward the tiles this side cannot see now."""
        unseen = [t for t in obs.grid.tiles(~obs.visible & ((1 << obs.grid.size) - 1))]
        if not unseen:
            return [obs.grid.tile(obs.grid.width // 2, obs.grid.height // 2)]
        return unseen

    def _screen_field(self, obs: Observation, unit: Unit, utype: UnitType) -> list[int] | None:
        """For Earth's fighters: stay near the people they protect."""
        if utype.civilian:
            return None
        wards = [u.tile for u in obs.own_units() if obs.catalog.units[u.type_id].civilian and u.id != unit.id]
        if not wards:
            return None
        return self._field(obs, tuple(sorted(wards)), _hunt_class(utype))

    def _has_wards(self, obs: Observation) -> bool:
        return any(obs.catalog.units[u.type_id].civilian for u in obs.own_units())

    def _objective_targets(self, obs: Observation) -> set[UnitId]:
        out: set[UnitId] = set()
        for obj, status in obs.objectives:
            if (
                obj.side == obs.side
                and obj.kind is ObjectiveKind.DESTROY
                and status is ObjectiveStatus.PENDING
            ):
                out.update(obj.units)
        return out

    def _zone_tiles_of_enemies(self, obs: Observation) -> list[int]:
        """Where the enemy is trying to go (their escort and reach zones): a place to hunt for them."""
        tiles: list[int] = []
        for obj, status in obs.objectives:
            if obj.side != obs.side and obj.zone and status is ObjectiveStatus.PENDING:
                tiles += list(obs.grid.tiles(obs.zones.get(obj.zone, 0)))
        return tiles

    def _near_calm_garrison(self, obs: Observation, a: int, b: int) -> bool:
        """Firing this close to a wary garrison would start a second war (we cannot see its alarm)."""
        for spec in obs.sides:
            if not spec.wary or spec.id == obs.side:
                continue
            zone = obs.zones.get(spec.territory, 0) if spec.territory else 0
            if (zone >> a) & 1 or (zone >> b) & 1:
                return True
            for u in obs.units.values():
                if u.side == spec.id and (
                    obs.grid.distance(u.tile, a) <= ALARM_RADIUS
                    or obs.grid.distance(u.tile, b) <= ALARM_RADIUS
                ):
                    return True
        return False

    def _order(self, obs: Observation) -> list[Unit]:
        """Fighters before civilians (they clear the way), each group by id."""
        units = obs.own_units()
        return sorted(units, key=lambda u: (obs.catalog.units[u.type_id].civilian, u.id))

    def _posture(self, obs: Observation) -> str:
        return obs.posture or self.default_posture

    def _personality(self, unit: Unit) -> Personality:
        if self.bias is not None:
            return self.roster.named(self.bias.personality)
        return self.roster.for_unit(unit.pilot, unit.type_id, self.name)

    def _is_earthlike(self, obs: Observation) -> bool:
        return self.name == "earth" or self.bias is not None


def _hunt_class(utype: UnitType) -> int:
    return utype.move_class


def distance_field(grid: Grid, sources: Iterable[int], move_class: int) -> list[int]:
    """Dijkstra from every source at once over the terrain's move costs; ``FAR`` where unreachable."""
    costs = grid.costs[move_class]
    dist = [FAR] * grid.size
    heap = []
    for s in sources:
        dist[s] = 0
        heap.append((0, s))
    heapq.heapify(heap)
    neighbours = grid.neighbours
    while heap:
        d, t = heapq.heappop(heap)
        if d > dist[t]:
            continue
        for n in neighbours[t]:
            c = costs[n]
            if c == IMPASSABLE:
                # impassable for moving, yet a source inside a wall still spreads to its open edge
                continue
            nd = d + c
            if nd < dist[n]:
                dist[n] = nd
                heapq.heappush(heap, (nd, n))
    return dist


def _grados(side: SideId, seed: int, posture: str) -> Tactician:
    return Tactician(side, seed, posture, "grados")


def _earth(side: SideId, seed: int, posture: str) -> Tactician:
    return Tactician(side, seed, posture, "earth")


register_policy("grados", _grados)
register_policy("earth", _earth)
