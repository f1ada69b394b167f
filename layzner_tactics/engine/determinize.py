"""A ``GameState`` built from one side's ``Observation`` plus guesses: what a fog-fair searcher plays on.

A search that must not peek at the true state (Cowling, Powley and Whitehouse's determinization) builds
states that agree with everything its side sees and fills the rest with guesses: where enemies it lost
sight of might stand now. ``determinize`` is that construction, pure: the same observation, guesses and
seed give the same state, and nothing of the true game reaches it.

What the built state knows and does not:
- the map as it stands, the weather, zones, objectives and their status, the turn and whose phase it is,
  the side's own oxygen and the caches, its own posture (other sides' postures: as the caller believes
  them, else unknown: default);
- every unit the observation holds (the team's own and the enemies in sight), plus the guessed units;
- no triggers of the mission's own, unless the caller passes the part of its script it knows (``script``:
  ``expert`` knows when and where reinforcements and storms come and which hurt machine makes the
  enemy fall back, as one who has played the mission does; nothing of the true state is in that). One
  placeholder trigger that never fires
  says "enemies may still arrive", so that a side whose seen units are all gone is not taken for
  eliminated and "destroy every unit of side X" objectives stay open (the searcher cannot know);
- objectives naming a unit the searcher knows nothing about (never seen, not guessed, not known gone)
  are left out, since the rules would count that unit as gone and decide them wrongly;
- units the caller knows have left the map (``lost``: destroyed, ``evacuated``: escorted out) are
  recorded so that escort and protect objectives count them as the real game does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields

from .ids import SideId, Tile, TriggerId, UnitId, UnitTypeId
from .observation import Observation
from .setup import GameSetup, OnTurn, Reinforce, Trigger, UnitPlacement
from .state import GameState
from .units import NO_TILE, Unit

_DEFAULT_CACHE: int = next(f.default for f in fields(GameSetup) if f.name == "oxygen_cache_amount")  # type: ignore[assignment]

UNSEEN = TriggerId("unseen-enemies")
"""The placeholder trigger's id (it never fires: enemies the side cannot see may still come)."""


def determinize(
    obs: Observation,
    guesses: Iterable[Unit] = (),
    seed: int = 0,
    lost: Iterable[Unit] = (),
    evacuated: Iterable[Unit] = (),
    script: Iterable[Trigger] = (),
    postures: Mapping[SideId, str] | None = None,
) -> GameState:
    """A state consistent with ``obs``, with ``guesses`` standing where the observer cannot see.

    ``lost`` are units known destroyed, as last seen (``obs.lost`` is always included); ``evacuated``
    own units known to have left the map through an escort zone; ``script`` triggers the caller knows
    the mission still holds (reinforcements and storms to come, postures set when a machine is hurt: what
    a player who has played it knows), which fire in the built state as they would in the game. Dust
    clouds in sight (the part of ``obs.storm_mask`` no storm explains) are taken to be the first hostile
    side's, settling at its next phase. ``postures``: the other sides' postures as the caller believes
    them (default: unknown, each side's default). The state's generator is seeded with ``seed``.
    Raises ``ValueError`` when a guess stands on a tile the side sees, on a taken tile, on ground its
    class cannot hold, or repeats a unit id: a guess must not contradict the observation.
    """
    side_ids = tuple(s.id for s in obs.sides)
    oxygen = {obs.side: obs.oxygen} if obs.oxygen is not None else {}
    team = obs.team[obs.side]
    hostile_sides = tuple(s for s in side_ids if obs.team[s] != team)
    unseen = Trigger(
        UNSEEN,
        OnTurn(obs.max_turns + 1_000_000),
        (
            Reinforce(
                tuple(UnitPlacement(UnitId("unseen"), UnitTypeId(""), s, Tile(0)) for s in hostile_sides)
            ),
        ),
    )
    placed: dict[UnitId, Unit] = dict(obs.units)
    occupied = set(obs.occupant)
    grid, catalog = obs.grid, obs.catalog
    for g in guesses:
        if g.id in placed:
            raise ValueError(f"guess {g.id!r}: that unit is already on the board")
        if obs.sees(g.tile):
            raise ValueError(f"guess {g.id!r}: tile {g.tile} is in sight, and nobody is seen there")
        if g.tile in occupied:
            raise ValueError(f"guess {g.id!r}: tile {g.tile} is taken")
        utype = catalog.units.get(g.type_id)
        if utype is None or not grid.passable(g.tile, utype.move_class):
            raise ValueError(f"guess {g.id!r}: a {g.type_id} cannot stand on tile {g.tile}")
        placed[g.id] = g
        occupied.add(g.tile)
    gone = {uid: Unit(uid, UnitTypeId(""), obs.side, None, NO_TILE, 0, 0, ()) for uid in obs.lost}
    gone.update((u.id, u.with_(hp=0)) for u in lost)
    out = {u.id: u for u in evacuated}
    known = set(placed) | set(gone) | set(out)
    objectives = tuple(o for o, _ in obs.objectives if all(u in known for u in o.units))
    setup = GameSetup(
        catalog=catalog,
        grid=grid,
        sides=obs.sides,
        units=(),
        zones=obs.zones,
        objectives=objectives,
        triggers=(unseen, *script),
        max_turns=obs.max_turns,
        on_turn_limit=obs.on_turn_limit,
        weather=obs.storms,
        weather_rules=obs.weather_rules,
        postures={**(postures or {}), **({obs.side: obs.posture} if obs.posture else {})},
        scenario_id="determinized",
        oxygen=oxygen,
        oxygen_caches=obs.caches,
        oxygen_cache_amount=obs.cache_amount or _DEFAULT_CACHE,
    )
    state = GameState(setup, seed)
    state.turn = obs.turn
    state.phase = side_ids.index(obs.side_to_act)
    for _, unit in sorted(placed.items()):
        state.put(unit)
    # of its own losses a side may know only the ids: such records only mark the unit gone
    state.destroyed = dict(sorted(gone.items()))
    state.evacuated = dict(sorted(out.items()))
    status = {o.id: s for o, s in obs.objectives}
    state.status = {o.id: status[o.id] for o in objectives}
    state.set_storms(obs.storms)
    dust = obs.storm_mask & ~state.storm_mask
    if dust and hostile_sides:
        state.set_dust(UnitId("dust"), hostile_sides[0], dust)
    state.caches = obs.caches
    if obs.outcome is not None:
        state.outcome = obs.outcome
    return state
