"""The candidate-action AI: for each unit, score every reachable tile and every action from it, then act.

The shape is Wesnoth's RCA AI and MegaMek's Princess. Per phase the policy works out, once, tables over
the whole map with numpy: each seen (or remembered) enemy's strike mask next phase, the danger map per
unit type (expected damage if every enemy able to reach a tile fires at it, less for cover and dust),
distance fields toward goals, targets or unexplored ground.

Points are percent of a whole machine. A unit's candidates are (tile, action) pairs:
- *position* (the tile): - caution x half the danger there (as % of the unit's HP; for people on foot
  also the chance of dying there x ``DEATH_WEIGHT``), + cover, - distance to its escort zone (escorts;
  the path avoids threatened tiles) or to the enemies it hunts x aggression (by posture: ``hold`` keeps
  its ground, ``retreat`` runs, ``pursue`` presses), - straying from its wards (Earth) or friends (herd);
- *value* (the action): aggression x (expected damage as % of the target + ``KILL_WEIGHT`` x kill
  chance), scaled for civilians by cruelty and for the Layzner by the will to duel, + objective targets
  and enemies threatening wards, - caution x the counter it draws (damage + ``DEATH_WEIGHT`` x the
  chance it kills); specials (dust, talk, capture, spare) have their own small values.
Caution comes from self-preservation, hurt beyond bravery, posture, a commander's ``sacrifice``, the odds
and the turn limit (a side the limit does not favour drops it as the end nears). The unit with the most
to gain from striking now acts first; V-MAX fires when the boosted plan is clearly better.

Everything comes from the side's ``Observation``: enemies it no longer sees it saw itself. Registered
policies: ``grados`` (the Grados commanders), ``earth`` (plays Earth's objectives) and ``aggressive``
(everything into the attack; a test opponent and a what-if).
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..engine import (
    Action,
    Attack,
    EndPhase,
    Move,
    ObjectiveKind,
    ObjectiveStatus,
    Observation,
    Reach,
    SideId,
    Special,
    Unit,
    UnitId,
    Wait,
    reachable_tiles,
)
from ..engine.catalog import IMPASSABLE, MoveClass, UnitType, WeaponKind
from ..engine.combat import (
    Forecast,
    Strike,
    forecast_strike,
    format_chance,
    in_reach,
    talk_chance,
    weapon_ready,
)
from ..engine.grid import Grid
from ..engine.rules import CAPTURE, DUST, SPARE, TALK, VMAX
from ..engine.threat import mask_to_array, strike_mask
from .personality import Personality, ReiBias, load_roster
from .policy import register_policy

FAR = 999
GOAL_WEIGHT = 9.0
"""Points per tile of path cost toward an escort zone (for the units being escorted)."""
UNSAFE_STEP = 4
"""Extra path cost of a tile a seen enemy could strike, when planning an escort's way to safety."""
HUNT_WEIGHT = 2.5
SCREEN_WEIGHT = 2.0
HERD_WEIGHT = 1.5
HOLD_WEIGHT = 6.0
LIKELY_SHARE = 0.5
"""Of the summed danger on a tile, the share that is likely to come (an enemy fires at one target)."""
DEATH_WEIGHT = 120.0
"""Points for losing a whole unit, on top of the HP it had (a unit's future shots are worth something)."""
VMAX_MARGIN = 35.0
KILL_WEIGHT = 60.0
"""Points for destroying a machine now, on top of the damage (a dead machine never shoots again)."""
ALARM_RADIUS = 3
MEMORY_TURNS = 3
"""How long an enemy the side saw and lost sight of still counts (at half weight) as a threat."""
ATTACK_TILES = 4
"""Per enemy and weapon, how many of the best-placed tiles in reach get a full forecast."""
URGENCY_TURNS = 12
"""Turns before the limit from which a side that the limit does not favour presses harder."""
CACHE_GUESS = 12  # only when the observation does not say (a hand-built one)
"""Oxygen a cache is counted on to give (the rules' usual amount; the side is not told the exact one)."""
TERRITORY_WEIGHT = 30.0
"""Points off ending a move on a wary garrison's ground (it fires at intruders even while calm); x3 for
people who cannot fight."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """One plan for one unit: where to go, what to do there, why, and the numbers behind it."""

    unit: UnitId
    tile: int
    action: Action
    score: float
    position: float
    reason: str
    strike: Strike | None = None
    danger: float = 0.0
    """Expected damage on that tile next phase if every enemy able to reach it fires."""
    cover: int = 0
    kill_chance: float = 0.0
    counter: Strike | None = None


@dataclass(frozen=True, slots=True)
class _Plan:
    """The rest of a unit's turn, valid while the board is as it was planned on."""

    key: tuple[int, str]
    unit: UnitId
    tile: int
    action: Action


@dataclass
class _Tables:
    """What a policy works out once per phase (and reuses while the enemies stay as they were)."""

    key: tuple[int, str]
    xs: np.ndarray
    ys: np.ndarray
    cover: np.ndarray
    storm: np.ndarray
    bog: np.ndarray
    masks: dict[tuple[UnitId, int], np.ndarray] = field(default_factory=dict)
    bits: dict[tuple[UnitId, int], int] = field(default_factory=dict)
    fields: dict[tuple[object, ...], np.ndarray] = field(default_factory=dict)
    threat: dict[tuple[UnitId, str, str | None], float] = field(default_factory=dict)
    danger: dict[tuple[object, ...], np.ndarray] = field(default_factory=dict)
    search: list[int] | None = None
    odds: float | None = None
    gains: dict[tuple[object, ...], dict[UnitId, float]] = field(default_factory=dict)
    air: dict[UnitId, int] | None = None
    """Breathing units sent to an oxygen cache this phase: unit -> cache tile."""
    territory: np.ndarray | None = None
    """Tiles inside a wary third party's territory (where a calm garrison still fires)."""


@dataclass(frozen=True, slots=True)
class _Mind:
    """One unit's weights for one decision: personality, posture, hurt, urgency and commands folded in."""

    me: Personality
    aggression: float
    caution: float
    posture: str


class Tactician:
    """A candidate-action policy for one side of one game."""

    def __init__(
        self,
        side: SideId,
        seed: int,
        posture: str = "",
        name: str = "grados",
        bias: ReiBias | None = None,
        level: str = "normal",
    ) -> None:
        self.side = side
        self.name = name
        self.rng = random.Random(seed)
        self.default_posture = posture
        self.roster = load_roster()
        self.bias = bias
        self.level = level
        """Difficulty (``story``, ``normal``, ``hard``): how the side thinks, never its stats."""
        self.memory: dict[UnitId, tuple[Unit, int, bool]] = {}
        """Enemies seen before: as last seen, the turn, and whether it has since left that tile (lost).
        Only ever from this side's own observations."""
        self.anchors: dict[UnitId, int] = {}
        """Where each own unit was first seen: the ground a unit on ``hold`` keeps."""
        self.last_seen: np.ndarray | None = None
        """Per tile, the last turn this side saw it (-1: never), from its own sight only."""
        self._plan: _Plan | None = None
        self._tables: _Tables | None = None
        self._reach_obs: Observation | None = None
        self._reaches: dict[tuple[UnitId, int, bool, bool], Reach] = {}

    # The policy protocol ------------------------------------------------------------------------

    def choose(self, obs: Observation, legal: Sequence[Action]) -> Action:
        """One action from ``legal``: the planned follow-up, the best unit's next step, or ``EndPhase``."""
        end = EndPhase(obs.side)
        if obs.side != obs.side_to_act or obs.outcome is not None or not legal:
            return legal[-1] if legal else end
        self._remember(obs)
        legal_set = set(legal)
        plan, self._plan = self._plan, None
        if plan is not None and plan.key == (obs.turn, obs.side):
            unit = obs.units.get(plan.unit)
            # an ambush stops a move short: then the unit re-plans from where it stands
            if unit is not None and unit.tile == plan.tile and not unit.acted and plan.action in legal_set:
                return plan.action
        for unit in self._order(obs, legal_set):
            if unit.acted:
                continue
            step = self.best_plan(obs, unit, legal_set)
            if step is None:
                continue
            first, follow, tile = step
            if follow is not None:
                self._plan = _Plan((obs.turn, obs.side), unit.id, tile, follow)
            return first
        return end if end in legal_set else legal[-1]

    def best_plan(
        self, obs: Observation, unit: Unit, legal: set[Action]
    ) -> tuple[Action, Action | None, int] | None:
        """The next action for ``unit``, the one to follow it and the tile it will follow from."""
        best = self.candidates(obs, unit, legal, limit=1)
        if not best:
            wait = Wait(unit.id)
            return (wait, None, unit.tile) if wait in legal else None
        top = best[0]
        vmax = Special(unit.id, VMAX)
        if vmax in legal:
            boosted = self.candidates(obs, unit.with_(vmax=True), legal, limit=1, hypothetical=True)
            if boosted and boosted[0].score > top.score + VMAX_MARGIN:
                return vmax, None, unit.tile
        if top.tile != unit.tile:
            move = Move(unit.id, self._reach(obs, unit).path(top.tile))
            if move in legal:
                return move, top.action, top.tile
        if top.action in legal:
            return top.action, None, unit.tile
        wait = Wait(unit.id)
        return (wait, None, unit.tile) if wait in legal else None

    # Scoring ------------------------------------------------------------------------------------

    def candidates(
        self, obs: Observation, unit: Unit, legal: set[Action], limit: int = 3, hypothetical: bool = False
    ) -> list[Candidate]:
        """The best ``limit`` plans for ``unit``, best first (ties broken by tile, then a seeded draw)."""
        self._start(obs)
        utype = obs.catalog.units[unit.type_id]
        enemies = obs.enemies()
        mind = self._mind(obs, unit, utype)
        tiles: list[int] = [unit.tile]
        if not unit.moved:
            tiles += list(self._reach(obs, unit).destinations)
        danger = self._danger_map(obs, unit, utype, enemies)
        position, notes = self._positions(obs, unit, utype, mind, danger, enemies)
        idx = np.fromiter(tiles, dtype=np.intp, count=len(tiles))
        pos_of = dict(zip(tiles, position[idx].tolist(), strict=True))
        danger_of = dict(zip(tiles, danger[idx].tolist(), strict=True))
        rand = self.rng.random
        raw: list[tuple[float, int, Action, str, Forecast | None]] = [
            (pos_of[tile] + rand() * 1e-3, tile, Wait(unit.id), "", None) for tile in tiles
        ]
        for tile, action, value, why, fc in self._options(obs, unit, utype, mind, tiles, pos_of, danger_of):
            if tile == unit.tile and not hypothetical and action not in legal:
                continue
            raw.append((pos_of[tile] + value + rand() * 1e-3, tile, action, why, fc))
        raw.sort(key=lambda r: (-r[0], r[1]))
        # only the plans handed back get their reasons and numbers written out
        out = []
        for score, tile, action, why, fc in raw[:limit]:
            where = self._tile_reason(obs, unit, tile, danger_of[tile], notes)
            if fc is not None:
                why = _strike_text(utype, fc)
            out.append(
                Candidate(
                    unit.id,
                    tile,
                    action,
                    score,
                    pos_of[tile],
                    "; ".join(b for b in (why, where) if b),
                    fc.strike if fc is not None else None,
                    danger_of[tile],
                    obs.grid.cover[tile],
                    fc.kill_chance if fc is not None else 0,
                    fc.counter if fc is not None else None,
                )
            )
        return out

    def _mind(self, obs: Observation, unit: Unit, utype: UnitType) -> _Mind:
        me = self._personality(unit)
        posture = self._posture(obs)
        hurt = 1.0 - unit.hp / utype.hp
        caution = me.self_preservation / 5.0 * (1.0 + max(0.0, hurt - me.bravery / 20.0))
        aggression = me.aggression / 5.0
        if self.bias is not None and unit.type_id == "layzner":
            caution *= self.bias.pilot_survival_weight
        match posture:
            case "retreat":
                caution *= 2.0
                aggression *= 0.5
            case "pursue":
                caution *= 0.6
                aggression *= 1.4
            case "hold":
                caution *= 1.2
            case _:
                pass
        if self._is_earthlike(obs) and not self._wards(obs) and posture != "retreat":
            caution *= 0.6  # nobody to shield: Earth fights to win, not to hide
        commander = self._sacrificing_commander(obs, unit)
        if commander:
            caution *= 1.0 - commander / 15.0
        # a side well ahead can afford to trade blows: caution eases with the odds as far as it knows them
        caution *= max(0.5, min(1.0, 1.0 / self._odds(obs)))
        urgency = self._urgency(obs)
        # on the last turn a side the limit does not favour has nothing left to save
        caution *= 1.0 - urgency
        aggression *= 1.0 + urgency
        return _Mind(me, aggression, caution, posture)

    def _positions(
        self,
        obs: Observation,
        unit: Unit,
        utype: UnitType,
        mind: _Mind,
        danger: np.ndarray,
        enemies: list[Unit],
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Every tile's worth as a place to end the move, over the whole map at once."""
        tables = self._tables
        assert tables is not None
        me = mind.me
        # an enemy fires at one target a phase: half the summed danger is the likely share
        likely = LIKELY_SHARE * danger
        exposure = likely * (100.0 / utype.hp)
        if utype.civilian:
            # people who cannot shoot back: one hit is often the end, and nothing is gained by the risk
            exposure += DEATH_WEIGHT * np.minimum(1.0, likely / max(1, unit.hp))
        position = -mind.caution * exposure + tables.cover * (0.25 * me.self_preservation / 5.0)
        notes: dict[str, np.ndarray] = {}
        goal = self._goal_field(obs, unit, utype)
        if goal is not None:
            urgency = self._urgency(obs)
            position -= GOAL_WEIGHT * (1.0 + urgency) * np.minimum(goal, 60)
            position += np.where(goal == 0, 200.0, 0.0)
            notes["goal"] = goal
        else:
            hunt = self._hunt_field(obs, unit, utype, me, enemies)
            capped = np.minimum(hunt, 60)
            match mind.posture:
                case "retreat":
                    position += HUNT_WEIGHT * np.minimum(hunt, 30)
                case "hold":
                    anchor = self.anchors.get(unit.id, unit.tile)
                    away = np.abs(tables.xs - obs.grid.xs[anchor]) + np.abs(tables.ys - obs.grid.ys[anchor])
                    position -= HOLD_WEIGHT * np.maximum(0, away - 2)
                case _:
                    position -= HUNT_WEIGHT * capped * mind.aggression
            if self._is_earthlike(obs) and not utype.civilian:
                screen = self._screen_field(obs, unit, utype)
                if screen is not None:
                    position -= SCREEN_WEIGHT * me.protect / 5.0 * np.clip(screen - 1, 0, 30)
        territory = self._territory(obs)
        if territory.any():
            weight = TERRITORY_WEIGHT * (3.0 if utype.civilian else 1.0) * max(0.3, mind.caution)
            position -= np.where(territory, weight, 0.0)
        if utype.move_class is MoveClass.VEHICLE:
            # a bogged buggy loses its next move: about that much progress, at the tile's odds
            lost = GOAL_WEIGHT * (1.0 + self._urgency(obs)) * utype.move_points if goal is not None else 20.0
            position -= tables.bog * (lost / 100.0)
        if me.herd and not utype.civilian:
            friends = [
                u for u in obs.own_units() if u.id != unit.id and not obs.catalog.units[u.type_id].civilian
            ]
            if friends:
                fx = np.array([obs.grid.xs[u.tile] for u in friends])[:, None]
                fy = np.array([obs.grid.ys[u.tile] for u in friends])[:, None]
                near = (np.abs(tables.xs[None, :] - fx) + np.abs(tables.ys[None, :] - fy)).min(axis=0)
                position -= HERD_WEIGHT * me.herd / 5.0 * np.clip(near - 2, 0, 8)
        return position, notes

    def _tile_reason(
        self, obs: Observation, unit: Unit, tile: int, danger: float, notes: dict[str, np.ndarray]
    ) -> str:
        bits = []
        goal = notes.get("goal")
        if goal is not None and goal[tile] == 0:
            bits.append("reaches safety")
        if tile != unit.tile and obs.grid.cover[tile] >= 20:
            bits.append(f"cover +{obs.grid.cover[tile]}")
        if danger >= 1:
            bits.append(f"~{int(danger)} damage could reach it")
        return ", ".join(bits)

    def _options(
        self,
        obs: Observation,
        unit: Unit,
        utype: UnitType,
        mind: _Mind,
        tiles: list[int],
        pos_of: dict[int, float],
        danger_of: dict[int, float],
    ) -> Iterable[tuple[int, Action, float, str, Forecast | None]]:
        """What the unit could do besides waiting, and from where: (tile, action, value, why, forecast)."""
        grid = obs.grid
        catalog = obs.catalog
        enemies = obs.enemies()
        built: dict[int, Unit] = {unit.tile: unit}

        def at(tile: int) -> Unit:
            moved = built.get(tile)
            if moved is None:
                moved = built[tile] = unit.with_(tile=tile, moved=True)
            return moved

        ranked = sorted(tiles, key=lambda t: (-pos_of[t], t))
        xs, ys = grid.xs, grid.ys
        if not unit.cooldown and utype.weapons and obs.hold_fire_outside != 0:
            # farthest the unit could strike this phase: the farthest tile it can stand on, plus range
            span = max(grid.distance(unit.tile, t) for t in tiles) + max(w.max_range for w in utype.weapons)
            for e in enemies:
                if grid.distance(unit.tile, e.tile) > span:
                    continue
                if obs.hold_fire_outside != -1 and not (obs.hold_fire_outside >> e.tile) & 1:
                    continue
                e_type = catalog.units[e.type_id]
                ex, ey = grid.xs[e.tile], grid.ys[e.tile]
                near = [(t, abs(xs[t] - ex) + abs(ys[t] - ey)) for t in ranked]
                for i, weapon in enumerate(utype.weapons):
                    if not weapon_ready(utype, unit, i):
                        continue
                    shown = 0
                    low, high = weapon.min_range, weapon.max_range
                    for tile, d in near:
                        if d < low or d > high:
                            continue
                        shooter = at(tile)
                        if not in_reach(obs, weapon, shooter, e):
                            continue
                        fc = forecast_strike(obs, shooter, weapon, e)
                        value = self._attack_value(obs, shooter, utype, mind, e, e_type, fc)
                        if weapon.ammo is not None:
                            value -= 4.0
                        yield tile, Attack(unit.id, weapon.id, e.id), value, "", fc
                        shown += 1
                        if shown >= ATTACK_TILES:
                            break
        me = mind.me
        if utype.raises_dust and me.self_preservation >= 6:
            for tile in ranked[:ATTACK_TILES]:
                if danger_of[tile] > 0:
                    hidden = 0.25 * mind.caution * 0.5 * danger_of[tile] * 100.0 / utype.hp
                    yield tile, Special(unit.id, DUST), hidden, "kick up dust to break their lock", None
        if catalog.pilot(unit.pilot).persuasion and me.talk:
            for e in enemies:
                e_type = catalog.units[e.type_id]
                # talked down, the machine leaves the fight like a kill, its pilot alive, and no counter
                worth = mind.aggression * (e.hp * 100.0 / e_type.hp + KILL_WEIGHT) + 2.0 * me.mercy
                for tile in ranked[:ATTACK_TILES]:
                    chance = talk_chance(obs, at(tile), e)
                    if chance >= 25:
                        # a long shot wastes the talker's action (a blow would have left damage): the
                        # chance counts more than linearly; the talker stands there through their next
                        # phase: worth less where it may die
                        safe = max(0.0, 1.0 - danger_of[tile] / max(1, unit.hp))
                        value = (chance / 100.0) ** 1.5 * worth * me.talk / 6.0 * safe
                        why = f"call {e.id} on an open channel ({chance}%)"
                        yield tile, Special(unit.id, TALK, e.id), value, why, None
                        break
        if not utype.civilian:
            for wid, wreck in sorted(obs.wrecks.items()):
                for tile in ranked:
                    if grid.distance(tile, wreck.tile) <= 1:
                        if me.mercy >= 5:
                            yield (
                                tile,
                                Special(unit.id, SPARE, wid),
                                3.0 + me.mercy,
                                f"spare {wid}'s pilot",
                                None,
                            )
                        else:
                            yield tile, Special(unit.id, CAPTURE, wid), 8.0, f"capture {wid}'s pilot", None
                        break

    def _attack_value(
        self,
        obs: Observation,
        unit: Unit,
        utype: UnitType,
        mind: _Mind,
        target: Unit,
        t_type: UnitType,
        fc: Forecast,
    ) -> float:
        me = mind.me
        strike, kill, counter = fc.strike, fc.kill_chance, fc.counter
        # points are percent of a whole machine: damage against the target's full strength, plus the
        # worth of taking it out now (a dead machine never shoots again; this is what makes focus fire)
        dealt = min(strike.expected_damage, target.hp) * 100.0 / t_type.hp
        value = mind.aggression * (dealt + KILL_WEIGHT * kill / 100.0)
        if t_type.civilian:
            value *= civilian_appetite(me.cruelty)
        if target.type_id == "layzner":
            value *= 1.0 + me.duel / 4.0
        if target.id in self._objective_targets(obs):
            value += 25.0 + 0.5 * kill
        if me.protect and self._threatens_wards(obs, target):
            value += me.protect / 5.0 * (15.0 + 0.4 * kill)
        weapon = utype.weapon(strike.weapon)
        if weapon is not None and weapon.disables and me.mercy and not t_type.unmanned:
            value += me.mercy * 2.0
        if counter is not None:
            survive = 1.0 - kill / 100.0
            taken = min(counter.expected_damage, unit.hp) * 100.0 / utype.hp
            death = DEATH_WEIGHT * _kill_chance(counter, unit.hp) / 100.0
            value -= mind.caution * survive * (taken + death)
        if self.bias is not None and target.pilot in self.bias.protected_pilots:
            value -= self.bias.protected_penalty
        if self._near_calm_garrison(obs, unit.tile, target.tile):
            value -= 60.0
        return value

    # What the side knows, worked out once per phase ---------------------------------------------

    def _reach(self, obs: Observation, unit: Unit) -> Reach:
        """``reachable_tiles`` once per observation and unit state (the plan and its path share it)."""
        if self._reach_obs is not obs:
            self._reach_obs = obs
            self._reaches.clear()
        key = (unit.id, unit.tile, unit.vmax, unit.moved)
        found = self._reaches.get(key)
        if found is None:
            found = self._reaches[key] = reachable_tiles(obs, unit)
        return found

    def _start(self, obs: Observation) -> _Tables:
        key = (obs.turn, obs.side_to_act)
        tables = self._tables
        if tables is None or tables.key != key:
            grid = obs.grid
            storm = mask_to_array(obs.storm_mask, grid.size).astype(bool) if obs.storm_mask else None
            tables = _Tables(
                key,
                np.array(grid.xs, dtype=np.int32),
                np.array(grid.ys, dtype=np.int32),
                np.array(grid.cover, dtype=np.float64),
                storm if storm is not None else np.zeros(grid.size, dtype=bool),
                np.array([t.bog for t in grid.terrain], dtype=np.float64),
            )
            self._tables = tables
        return tables

    def _remember(self, obs: Observation) -> None:
        seen = mask_to_array(obs.visible, obs.grid.size).astype(bool)
        if self.last_seen is None or self.last_seen.shape != seen.shape:
            self.last_seen = np.full(seen.shape, -1, dtype=np.int32)
        self.last_seen[seen] = obs.turn
        for e in obs.enemies():
            self.memory[e.id] = (e, obs.turn, False)
        for u in obs.own_units():
            self.anchors.setdefault(u.id, u.tile)
        for uid in [u for u in self.memory if u not in obs.units]:
            unit, turn, lost = self.memory[uid]
            if obs.turn - turn > 2 * MEMORY_TURNS:
                del self.memory[uid]
            elif not lost and obs.sees(unit.tile):
                # we look where it was and it is gone: it is somewhere near, out of sight
                self.memory[uid] = (unit, turn, True)

    def _remembered(self, obs: Observation) -> list[Unit]:
        """Enemies out of sight now whose last position still means something."""
        return [
            u
            for uid, (u, turn, lost) in sorted(self.memory.items())
            if uid not in obs.units and not lost and obs.turn - turn <= MEMORY_TURNS
        ]

    def _lost_trail(self, obs: Observation) -> list[int]:
        """Unseen tiles within a move of where lost enemies were last seen: where to look for them."""
        mask = 0
        for uid, (u, _, lost) in sorted(self.memory.items()):
            if lost and uid not in obs.units:
                mask |= obs.grid.near_mask(u.tile, obs.catalog.units[u.type_id].move_points + 2)
        return list(obs.grid.tiles(mask & ~obs.visible))

    def _bits(self, obs: Observation, enemy: Unit) -> int:
        """The tiles ``enemy`` could strike next phase (a bitmask), once per phase and position."""
        tables = self._tables
        assert tables is not None
        key = (enemy.id, enemy.tile)
        bits = tables.bits.get(key)
        if bits is None:
            bits = tables.bits[key] = strike_mask(obs, enemy)
        return bits

    def _mask(self, obs: Observation, enemy: Unit) -> np.ndarray:
        tables = self._tables
        assert tables is not None
        key = (enemy.id, enemy.tile)
        arr = tables.masks.get(key)
        if arr is None:
            arr = tables.masks[key] = mask_to_array(self._bits(obs, enemy), obs.grid.size).astype(bool)
        return arr

    def _danger_map(self, obs: Observation, unit: Unit, utype: UnitType, enemies: list[Unit]) -> np.ndarray:
        """Expected damage to ``unit`` on every tile if every enemy able to strike there fires at it.

        Seen enemies count fully, remembered ones at half weight; cover and storms blur aim.
        """
        tables = self._tables
        assert tables is not None
        remembered = self._remembered(obs)
        key = (
            unit.type_id,
            unit.pilot,
            tuple((e.id, e.tile, e.energy, e.cooldown) for e in enemies),
            tuple((e.id, e.tile) for e in remembered),
        )
        found = tables.danger.get(key)
        if found is not None:
            return found
        total = np.zeros(obs.grid.size, dtype=np.float64)
        for weight, group in ((1.0, enemies), (0.5, remembered)):
            for e in group:
                threat = self._threat_of(obs, e, unit, utype)
                if threat > 0:
                    total += (weight * threat) * self._mask(obs, e)
        # cover takes its points straight off every hit chance (about 60 % on average)
        total *= np.clip(1.0 - tables.cover / 60.0, 0.1, 1.0)
        if obs.storm_mask:
            total = np.where(tables.storm, total * 0.6, total)
        tables.danger[key] = total
        return total

    def _threat_of(self, obs: Observation, enemy: Unit, unit: Unit, utype: UnitType) -> float:
        """The best expected damage one of ``enemy``'s weapons does to a unit like ``unit`` (no cover)."""
        tables = self._tables
        assert tables is not None
        key = (enemy.id, unit.type_id, unit.pilot)
        value = tables.threat.get(key)
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
            tables.threat[key] = value
        return value

    def _field(
        self, obs: Observation, sources: tuple[int, ...], move_class: int, unsafe: int = 0
    ) -> np.ndarray:
        """Path cost from every tile to the nearest source (units ignored; ``unsafe`` tiles cost more)."""
        tables = self._tables
        assert tables is not None
        key = (sources, move_class, unsafe)
        found = tables.fields.get(key)
        if found is None:
            found = np.array(distance_field(obs.grid, sources, move_class, unsafe), dtype=np.int32)
            tables.fields[key] = found
        return found

    def _goal_field(self, obs: Observation, unit: Unit, utype: UnitType) -> np.ndarray | None:
        """For a unit its side must escort or bring somewhere: path costs to that zone, around danger
        (and around wary garrisons' ground). A breathing unit sent for air goes to its cache first."""
        cache = self._air_plan(obs).get(unit.id)
        if cache is not None:
            return self._field(obs, (cache,), utype.move_class, self._unsafe(obs))
        for obj, status in obs.objectives:
            if obj.side != obs.side or status is not ObjectiveStatus.PENDING or obj.zone is None:
                continue
            if obj.kind in (ObjectiveKind.ESCORT, ObjectiveKind.REACH) and unit.id in obj.units:
                zone = obs.zones.get(obj.zone, 0)
                return self._field(obs, tuple(obs.grid.tiles(zone)), utype.move_class, self._unsafe(obs))
        return None

    def _escort_zone(self, obs: Observation, unit: Unit) -> int:
        for obj, status in obs.objectives:
            if obj.side != obs.side or status is not ObjectiveStatus.PENDING or obj.zone is None:
                continue
            if obj.kind in (ObjectiveKind.ESCORT, ObjectiveKind.REACH) and unit.id in obj.units:
                return obs.zones.get(obj.zone, 0)
        return 0

    def _air_plan(self, obs: Observation) -> dict[UnitId, int]:
        """Which breathing units go for which oxygen caches this phase (once per phase).

        The supply covers ``oxygen // breathers`` more phases; the side needs as many as its slowest
        breathing unit takes to reach its zone (or the turns left, for those with nowhere to go). While
        the air falls short, the breathing unit nearest each cache (nearest caches first) is sent for it.
        """
        tables = self._start(obs)
        if tables.air is not None:
            return tables.air
        plan: dict[UnitId, int] = {}
        tables.air = plan
        if obs.oxygen is None or not obs.caches:
            return plan
        catalog = obs.catalog
        breathers = [u for u in obs.own_units() if catalog.units[u.type_id].breathes]
        if not breathers:
            return plan
        unsafe = self._unsafe(obs)
        need = 0
        for u in breathers:
            utype = catalog.units[u.type_id]
            zone = self._escort_zone(obs, u)
            if zone:
                cost = int(self._field(obs, tuple(obs.grid.tiles(zone)), utype.move_class, unsafe)[u.tile])
                turns = -(-cost // max(1, utype.move_points)) if cost < FAR else obs.max_turns - obs.turn + 1
            else:
                turns = obs.max_turns - obs.turn + 1
            need = max(need, turns)
        have = obs.oxygen // len(breathers)
        if have >= need:
            return plan
        options = []
        for cache in obs.grid.tiles(obs.caches):
            for u in breathers:
                utype = catalog.units[u.type_id]
                cost = int(self._field(obs, (cache,), utype.move_class, unsafe)[u.tile])
                if cost < FAR:
                    options.append((cost, u.id, cache))
        refill = max(1, (obs.cache_amount or CACHE_GUESS) // len(breathers))
        for _, uid, cache in sorted(options):
            if have >= need:
                break
            if uid in plan or cache in plan.values():
                continue
            plan[uid] = cache
            have += refill
        return plan

    def _unsafe(self, obs: Observation) -> int:
        """Tiles an escort's path should avoid: what seen enemies could strike, and wary garrisons' ground."""
        return self._threatened(obs) | self._territory_bits(obs)

    def _territory_bits(self, obs: Observation) -> int:
        mask = 0
        for spec in obs.sides:
            if spec.wary and spec.territory and obs.hostile(spec.id, obs.side):
                mask |= obs.zones.get(spec.territory, 0)
        return mask

    def _territory(self, obs: Observation) -> np.ndarray:
        tables = self._start(obs)
        if tables.territory is None:
            tables.territory = mask_to_array(self._territory_bits(obs), obs.grid.size).astype(bool)
        return tables.territory

    def _threatened(self, obs: Observation) -> int:
        """Tiles some seen enemy could strike next phase, as a bitmask."""
        mask = 0
        for e in obs.enemies():
            mask |= self._bits(obs, e)
        return mask

    def _hunt_field(
        self, obs: Observation, unit: Unit, utype: UnitType, me: Personality, seen: list[Unit]
    ) -> np.ndarray:
        """Path costs toward the enemies this unit most wants: seen ones, else remembered ones."""
        targets = self._objective_targets(obs)
        preferred: list[int] = [e.tile for e in seen if e.id in targets]
        if me.cruelty >= 7:
            preferred += [e.tile for e in seen if obs.catalog.units[e.type_id].civilian]
        if me.duel >= 6:
            preferred += [e.tile for e in seen if e.type_id == "layzner"]
        tiles = preferred or [e.tile for e in seen]
        if not tiles:
            tiles = [u.tile for u in self._remembered(obs)]
        if not tiles:
            tiles = self._lost_trail(obs)
        if not tiles and self._is_earthlike(obs):
            # nothing in sight: scout the road the people have to take, ahead of them
            tiles = self._own_escort_tiles(obs)
        if not tiles:
            tiles = self._zone_tiles_of_enemies(obs)
        if not tiles:
            tiles = self._search_tiles(obs)
        return self._field(obs, tuple(sorted(set(tiles))), utype.move_class)

    def _search_tiles(self, obs: Observation) -> list[int]:
        """Nothing seen or remembered: sweep toward the tiles this side saw longest ago (never, at first:
        where the enemy came from). Fixed per phase, so one distance field serves every unit."""
        tables = self._tables
        assert tables is not None
        if tables.search is None:
            stale: list[int] = []
            if self.last_seen is not None:
                hidden = ~mask_to_array(obs.visible, obs.grid.size).astype(bool)
                if hidden.any():
                    oldest = self.last_seen[hidden].min()
                    stale = np.flatnonzero(hidden & (self.last_seen == oldest)).tolist()
            tables.search = stale or [obs.grid.tile(obs.grid.width // 2, obs.grid.height // 2)]
        return tables.search

    def _screen_field(self, obs: Observation, unit: Unit, utype: UnitType) -> np.ndarray | None:
        """For Earth's fighters: stay near the people they protect, where they will be after their move
        (people on their way out go after the fighters, as far along their road as they can)."""
        wards = [self._ward_ahead(obs, u) for u in self._wards(obs) if u.id != unit.id]
        if not wards:
            return None
        return self._field(obs, tuple(sorted(set(wards))), utype.move_class)

    def _ward_ahead(self, obs: Observation, ward: Unit) -> int:
        """Where a ward that has not moved yet will likely stop: the tile within its move (as the crow
        flies) nearest its zone; its own tile when it has moved or has nowhere to go."""
        if ward.moved:
            return ward.tile
        tables = self._start(obs)
        w_type = obs.catalog.units[ward.type_id]
        goal = self._goal_field(obs, ward, w_type)
        if goal is None:
            return ward.tile
        grid = obs.grid
        away = np.abs(tables.xs - grid.xs[ward.tile]) + np.abs(tables.ys - grid.ys[ward.tile])
        within = np.where(away <= w_type.move_points, goal, FAR + 1)
        best = int(np.argmin(within))
        return best if within[best] < goal[ward.tile] else ward.tile

    def _wards(self, obs: Observation) -> list[Unit]:
        """Own units to shield: civilians, and whatever the side's objectives say to protect or escort."""
        named: set[UnitId] = set()
        for obj, status in obs.objectives:
            if (
                obj.side == obs.side
                and status is ObjectiveStatus.PENDING
                and obj.kind
                in (
                    ObjectiveKind.PROTECT,
                    ObjectiveKind.ESCORT,
                )
            ):
                named.update(obj.units)
        return [u for u in obs.own_units() if u.id in named or obs.catalog.units[u.type_id].civilian]

    def _threatens_wards(self, obs: Observation, enemy: Unit) -> bool:
        wards = self._wards(obs)
        if not wards:
            return False
        mask = self._mask(obs, enemy)
        return any(mask[w.tile] for w in wards)

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

    def _own_escort_tiles(self, obs: Observation) -> list[int]:
        """The zones this side's people must reach (escort and reach objectives still open)."""
        tiles: list[int] = []
        for obj, status in obs.objectives:
            pending = obj.side == obs.side and status is ObjectiveStatus.PENDING
            if pending and obj.zone and obj.kind in (ObjectiveKind.ESCORT, ObjectiveKind.REACH):
                tiles += list(obs.grid.tiles(obs.zones.get(obj.zone, 0)))
        return tiles

    def _zone_tiles_of_enemies(self, obs: Observation) -> list[int]:
        """Where the enemy is trying to go (their escort and reach zones): a place to hunt for them."""
        tiles: list[int] = []
        for obj, status in obs.objectives:
            if obs.hostile(obj.side, obs.side) and obj.zone and status is ObjectiveStatus.PENDING:
                tiles += list(obs.grid.tiles(obs.zones.get(obj.zone, 0)))
        return tiles

    def _urgency(self, obs: Observation) -> float:
        """0 to 1: how hard the turn limit presses a side that does not win when it runs out."""
        if obs.on_turn_limit is not None and not obs.hostile(obs.on_turn_limit, obs.side):
            return 0.0
        left = obs.max_turns - obs.turn
        return min(1.0, max(0.0, (URGENCY_TURNS - left) / URGENCY_TURNS))

    def _odds(self, obs: Observation) -> float:
        """Own fighting strength over the enemy's (seen and remembered): hit points times best power."""
        tables = self._tables
        assert tables is not None
        if tables.odds is None:
            catalog = obs.catalog

            def strength(units: Iterable[Unit]) -> float:
                total = 0.0
                for u in units:
                    weapons = catalog.units[u.type_id].weapons
                    if weapons:
                        total += u.hp * max(w.power for w in weapons)
                return total

            theirs = strength([*obs.enemies(), *self._remembered(obs)])
            mine = strength(obs.own_units())
            tables.odds = max(mine, 1.0) / theirs if theirs else 1.0
        return tables.odds

    def _sacrificing_commander(self, obs: Observation, unit: Unit) -> int:
        """The strongest ``sacrifice`` among the unit's living commanders (other own units)."""
        best = 0
        for u in obs.own_units():
            if u.id != unit.id:
                best = max(best, self._personality(u).sacrifice)
        return best

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

    def _order(self, obs: Observation, legal: set[Action]) -> list[Unit]:
        """Who acts next: of the fighters in contact, the one with the most to gain from striking now
        (a likely kill spares the others its counter), then the other fighters, civilians last (fighters
        clear their way); ties and the rest by id."""
        catalog = obs.catalog
        enemies = obs.enemies()
        grid = obs.grid
        ready = [u for u in obs.own_units() if not u.acted]

        def contact(u: Unit) -> bool:
            utype = catalog.units[u.type_id]
            if not utype.weapons or not enemies:
                return False
            reach = (0 if u.moved else utype.move_points) + max(w.max_range for w in utype.weapons)
            return any(grid.distance(u.tile, e.tile) <= reach for e in enemies)

        engaged = [u for u in ready if contact(u)]
        gains: dict[UnitId, float] = {}
        if len(engaged) > 1:
            # ranked again only when the enemy changes (a kill, an ambush), not after every own step
            tables = self._start(obs)
            key = tuple((e.id, e.tile, e.hp) for e in enemies)
            gains = tables.gains.setdefault(key, {})
            for u in engaged:
                if u.id not in gains:
                    top = self.candidates(obs, u, legal, limit=1)
                    gains[u.id] = top[0].score - top[0].position if top else 0.0
        first = sorted(engaged, key=lambda u: (-gains.get(u.id, 0.0), u.id))
        rest = sorted(
            (u for u in ready if u not in engaged), key=lambda u: (catalog.units[u.type_id].civilian, u.id)
        )
        return first + rest

    def _posture(self, obs: Observation) -> str:
        return obs.posture or self.default_posture

    def _personality(self, unit: Unit) -> Personality:
        if self.bias is not None:
            return self.roster.named(self.bias.personality)
        return self.roster.for_unit(unit.pilot, unit.type_id, self.name)

    def _is_earthlike(self, obs: Observation) -> bool:
        return self.name == "earth" or self.bias is not None


def _strike_text(utype: UnitType, fc: Forecast) -> str:
    weapon = utype.weapon(fc.strike.weapon)
    name = weapon.name if weapon is not None else fc.strike.weapon
    text = f"{name} on {fc.strike.target}: hit {fc.strike.hit_chance}%, {fc.strike.damage} damage"
    text += f", kill {format_chance(fc.kill_chance)}" if fc.kill_chance else ""
    return text + (f", counter {fc.counter.hit_chance}%" if fc.counter else ", no counter")


def civilian_appetite(cruelty: int) -> float:
    """How a unit values hurting a civilian against a soldier: 0.2 (never first) to 3 (first)."""
    if cruelty < 5:
        return max(0.2, cruelty / 5.0)
    return 1.0 + (cruelty - 5) / 2.5


def _kill_chance(strike: Strike, hp: int) -> int:
    if strike.damage >= hp:
        return strike.hit_chance
    if strike.crit_damage >= hp:
        return strike.hit_chance * strike.crit_chance // 100
    return 0


def distance_field(grid: Grid, sources: Iterable[int], move_class: int, unsafe: int = 0) -> list[int]:
    """Dijkstra from every source at once over the terrain's move costs; ``FAR`` where unreachable.

    Tiles in the ``unsafe`` bitmask cost ``UNSAFE_STEP`` more to step on.
    """
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
                continue
            # the field runs from the goal outward: stepping from n to t would enter t, but a symmetric
            # penalty on n keeps the sense "a path through threatened tiles costs more"
            nd = d + c + (UNSAFE_STEP if unsafe and (unsafe >> n) & 1 else 0)
            if nd < dist[n]:
                dist[n] = nd
                heapq.heappush(heap, (nd, n))
    return dist


def _factory(name: str) -> object:
    def make(side: SideId, seed: int, posture: str, level: str) -> Tactician:
        return Tactician(side, seed, posture, name, level=level)

    return make


for _name in ("grados", "earth", "aggressive"):
    register_policy(_name, _factory(_name))  # type: ignore[arg-type]
