"""Build maps and small setups in code: the default legend, and a grid from rows of text.

The scenario loader uses ``grid_from_rows`` for its maps; tests and benchmarks use ``quick_setup``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .catalog import Catalog
from .grid import Grid
from .ids import ObjectiveId, PilotId, SideId, TeamId, Tile, UnitId, UnitTypeId
from .setup import GameSetup, Objective, ObjectiveKind, SideSpec, Storm, Trigger, UnitPlacement

DEFAULT_LEGEND: Mapping[str, str] = {
    ".": "regolith",
    "~": "dunes",
    "o": "crater",
    "*": "boulders",
    "^": "ridge",
    "_": "canyon-floor",
    "=": "base-floor",
    "#": "base-wall",
    "%": "ruins",
    ":": "rubble",
    "T": "tunnel",
    "H": "landing-pad",
}


def grid_from_rows(catalog: Catalog, rows: Sequence[str], legend: Mapping[str, str]) -> Grid:
    """A grid from equal-length rows of legend symbols. Raises ``ValueError`` on a bad map."""
    if not rows or any(len(r) != len(rows[0]) for r in rows):
        raise ValueError("map rows must be non-empty and of equal length")
    tiles = []
    for y, row in enumerate(rows):
        for x, ch in enumerate(row):
            name = legend.get(ch)
            if name is None or name not in catalog.terrain:
                raise ValueError(f"row {y} col {x}: unknown terrain symbol {ch!r}")
            tiles.append(catalog.terrain[name])  # type: ignore[index]
    return Grid(len(rows[0]), len(rows), tiles)


def quick_setup(
    catalog: Catalog,
    rows: Sequence[str],
    units: Iterable[tuple[str, str, str, int, int] | tuple[str, str, str, int, int, str]],
    *,
    sides: Sequence[str] = ("earth", "grados"),
    teams: Mapping[str, str] | None = None,
    objectives: Sequence[Objective] = (),
    triggers: Sequence[Trigger] = (),
    zones: Mapping[str, Iterable[tuple[int, int]]] | None = None,
    max_turns: int = 10,
    on_turn_limit: str | None = None,
    weather: Sequence[Storm] = (),
    legend: Mapping[str, str] = DEFAULT_LEGEND,
    scenario_id: str = "quick",
) -> GameSetup:
    """A setup from a text map and ``(id, type, side, x, y[, pilot])`` tuples."""
    grid = grid_from_rows(catalog, rows, legend)
    teams = teams or {}
    placements = []
    for spec in units:
        uid, tid, side, x, y = spec[:5]
        pilot = spec[5] if len(spec) > 5 else None
        placements.append(
            UnitPlacement(
                UnitId(uid),
                UnitTypeId(tid),
                SideId(side),
                grid.tile(x, y),
                PilotId(pilot) if pilot else None,
            )
        )
    zone_masks = {}
    for name, cells in (zones or {}).items():
        mask = 0
        for x, y in cells:
            mask |= 1 << grid.tile(x, y)
        zone_masks[name] = mask
    return GameSetup(
        catalog=catalog,
        grid=grid,
        sides=tuple(SideSpec(SideId(s), s.title(), TeamId(teams.get(s, s))) for s in sides),
        units=tuple(placements),
        zones=zone_masks,  # type: ignore[arg-type]
        objectives=tuple(objectives),
        triggers=tuple(triggers),
        max_turns=max_turns,
        on_turn_limit=SideId(on_turn_limit) if on_turn_limit else None,
        weather=tuple(weather),
        scenario_id=scenario_id,
    )


def destroy_all(side: str, enemies: Sequence[str], text: str = "") -> Objective:
    return Objective(
        ObjectiveId(f"{side}-destroy"),
        SideId(side),
        ObjectiveKind.DESTROY,
        text or f"destroy every {'/'.join(enemies)} unit",
        sides=tuple(SideId(e) for e in enemies),
    )


__all__ = ["DEFAULT_LEGEND", "Tile", "destroy_all", "grid_from_rows", "quick_setup"]
