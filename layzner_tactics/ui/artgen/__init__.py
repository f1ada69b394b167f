"""Procedural asset generator for Layzner Tactics.

Every image and sound under ``layzner_tactics/data/assets`` is made by code in this package
(pygame-ce drawing + numpy), deterministically (fixed seeds).  Regenerate everything with::

    python -m layzner_tactics.ui.artgen [--out DIR] [--contact-sheet PNG] [--map-mockup PNG]

Importing this package does not import pygame or open a window; the generator modules set
``SDL_VIDEODRIVER=dummy`` / ``SDL_AUDIODRIVER=dummy`` before pygame is imported.
"""

from __future__ import annotations

from pathlib import Path

TERRAIN_IDS: list[str] = [
    "regolith",
    "dunes",
    "crater",
    "boulders",
    "ridge",
    "canyon-floor",
    "base-floor",
    "base-wall",
    "ruins",
    "rubble",
    "tunnel",
    "landing-pad",
]
TERRAIN_VARIANTS = 3
EDGE_KINDS: list[str] = ["ridge", "base-wall", "soft"]
DIRECTIONS: list[str] = ["n", "e", "s", "w"]

UNIT_IDS: list[str] = [
    "layzner",
    "baybull",
    "buldy",
    "braver",
    "grimekaisar",
    "bullgrenn",
    "dimarge",
    "solomco",
    "dtol",
    "skull_gunner",
    "buggy",
    "survivor",
    "manipulator_suit",
    "us_turret",
    "soviet_turret",
    "skull_head",  # appended last: wreck seeds follow the list order
    "us_jet",
    "soviet_jet",
]
UNIT_EXTRA: list[str] = ["vmax_glow", "selection_ring"]

PORTRAIT_IDS: list[str] = [
    "eiji",
    "anna",
    "elizabeth",
    "arthur",
    "roan",
    "david",
    "simone",
    "gale",
    "gosterro",
    "karla",
    "lobelia",
    "rei",
]

EFFECT_IDS: list[str] = [
    "beam",
    "missile",
    "missile_trail",
    "muzzle_flash",
    *[f"explosion_{i}" for i in range(8)],
    "dust_particle",
    "hit_spark",
    "dust_storm",
]

UI_IDS: list[str] = [
    "panel",
    "button",
    "button_hover",
    "button_pressed",
    "cursor",
    "range_move",
    "range_attack",
    "range_threat",
    "path_dot",
    "fog",
    "title",
    "icon",
]

SOUND_IDS: list[str] = [
    "rifle_beam",
    "missile",
    "knuckle_impact",
    "explosion",
    "vmax_surge",
    "ui_click",
    "ui_confirm",
    "alarm",
    "wind",
    "ambient",
    "hit",
    "miss",
]

TILE = 64
PORTRAIT_SIZE = 96
CUTIN_SIZE = (256, 192)  # battle cut-in machines: cutin/units/<unit id>.png and <unit id>_team.png
KILL_FRAMES = 8

#: cut-in backdrops, banner and impact art: cutin/<id>.png, with their (width, height)
CUTIN_FX_SIZES: dict[str, tuple[int, int]] = {
    "backdrop_mars": (640, 240),
    "backdrop_dust": (640, 240),
    "speed_lines": (512, 192),
    "banner": (320, 48),
    "burst": (160, 96),
    "beam_streak": (512, 96),
    "missile_volley": (384, 160),
    "knuckle_flash": (192, 192),
    **{f"kill_{i}": (192, 192) for i in range(KILL_FRAMES)},
    "vmax_streak": (512, 192),
    "folon_streak": (512, 192),
}
CUTIN_FX: list[str] = list(CUTIN_FX_SIZES)

#: side shapes (issue 19: sides told apart without colour): markers/side_<shape>_<size>.png
MARKER_SHAPES: list[str] = ["chevron", "square", "diamond", "circle", "triangle"]
MARKER_SIZES: list[int] = [16, 24]
#: every file under markers/ (ghost_<unit id> is the hollow dashed silhouette of that unit's map sprite)
MARKER_IDS: list[str] = [
    *[f"side_{shape}_{size}" for shape in MARKER_SHAPES for size in MARKER_SIZES],
    "last_seen",
    "fog_hatch",
    *[f"ghost_{uid}" for uid in UNIT_IDS],
]

DEFAULT_OUT = Path(__file__).resolve().parents[2] / "data" / "assets"

__all__ = [
    "CUTIN_FX",
    "CUTIN_FX_SIZES",
    "CUTIN_SIZE",
    "DEFAULT_OUT",
    "DIRECTIONS",
    "EDGE_KINDS",
    "EFFECT_IDS",
    "KILL_FRAMES",
    "MARKER_IDS",
    "MARKER_SHAPES",
    "MARKER_SIZES",
    "PORTRAIT_IDS",
    "PORTRAIT_SIZE",
    "SOUND_IDS",
    "TERRAIN_IDS",
    "TERRAIN_VARIANTS",
    "TILE",
    "UI_IDS",
    "UNIT_EXTRA",
    "UNIT_IDS",
]
