"""The one palette for every generated asset (terrain, units, portraits, effects, UI).

Mars as a 1985 anime drew it: rust, ochre and burnt-sienna regolith, dusty pink-orange skies,
dark umber shadows; Cold-War base modules in grey-white and khaki; Grados beams blue-white; the
Layzner cobalt blue and white.  Colours are RGB tuples; ``rgba(c, a)`` adds alpha.
"""

from __future__ import annotations

Color = tuple[int, int, int]


def rgba(c: Color, a: int = 255) -> tuple[int, int, int, int]:
    return (c[0], c[1], c[2], a)


def mix(a: Color, b: Color, t: float) -> Color:
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))  # type: ignore[return-value]


def shade(c: Color, k: float) -> Color:
    """k < 1 darkens toward umber, k > 1 lightens toward dust-white."""
    if k < 1:
        return mix(UMBER_DEEP, c, k)
    return mix(c, DUST_WHITE, min(1.0, k - 1))


# --- Regolith / ground -------------------------------------------------------------------------
UMBER_DEEP: Color = (30, 18, 16)  # deepest shadow
UMBER: Color = (62, 34, 26)  # dark umber shadows
SIENNA_DARK: Color = (104, 50, 30)
SIENNA: Color = (142, 66, 36)  # burnt sienna
RUST: Color = (176, 84, 46)  # rust
RUST_LIGHT: Color = (204, 112, 64)
OCHRE: Color = (206, 140, 72)  # ochre
DUST: Color = (226, 170, 118)  # pale dust
DUST_WHITE: Color = (246, 226, 200)
ROCK_DARK: Color = (74, 44, 36)
ROCK: Color = (118, 72, 56)
ROCK_LIGHT: Color = (164, 110, 84)
CANYON: Color = (96, 48, 34)
CANYON_DARK: Color = (52, 28, 24)

# --- Sky -----------------------------------------------------------------------------------------
SKY_TOP: Color = (52, 34, 64)  # dusk violet
SKY_MID: Color = (176, 92, 92)  # dusty rose
SKY_LOW: Color = (238, 156, 108)  # pink-orange horizon
SKY_GLOW: Color = (255, 206, 150)
SUN: Color = (255, 236, 200)

# --- Cold-War base ---------------------------------------------------------------------------------
PLATE_WHITE: Color = (222, 220, 210)
PLATE: Color = (182, 182, 174)
PLATE_MID: Color = (146, 148, 144)
PLATE_DARK: Color = (96, 98, 100)
PANEL_LINE: Color = (62, 64, 70)
KHAKI: Color = (168, 156, 108)
KHAKI_DARK: Color = (112, 104, 70)
CONCRETE: Color = (176, 166, 150)
CONCRETE_DARK: Color = (130, 122, 110)
HAZARD: Color = (232, 182, 44)
MARK_WHITE: Color = (240, 238, 228)
US_BLUE: Color = (36, 56, 120)
SOVIET_RED: Color = (196, 32, 30)
STAR_WHITE: Color = (248, 248, 244)
STAR_GOLD: Color = (246, 200, 60)

# --- Machines --------------------------------------------------------------------------------------
COBALT: Color = (30, 78, 206)  # the Layzner
COBALT_LIGHT: Color = (78, 132, 242)
COBALT_DARK: Color = (18, 40, 116)
MECH_WHITE: Color = (234, 238, 246)
MECH_GREY: Color = (150, 154, 166)
GUNMETAL: Color = (78, 82, 96)
GUNMETAL_DARK: Color = (44, 46, 58)
VISOR_YELLOW: Color = (250, 214, 70)
ACCENT_RED: Color = (214, 52, 44)
BAYBULL_GREEN: Color = (88, 150, 84)
BUGGY_ORANGE: Color = (226, 126, 40)
BULDY_ORANGE: Color = (232, 132, 36)
GRADOS_VIOLET: Color = (104, 78, 128)
GRADOS_VIOLET_DARK: Color = (62, 44, 82)
GRADOS_OLIVE: Color = (112, 116, 82)
GRADOS_OLIVE_DARK: Color = (70, 72, 52)
GRADOS_MAROON: Color = (128, 40, 52)
GRADOS_MAROON_DARK: Color = (74, 22, 34)
TEAL: Color = (58, 140, 140)
MONO_EYE: Color = (255, 80, 60)
TEAM_BASE: Color = (214, 214, 220)  # light neutral painted where the team mask tints
SUIT_WHITE: Color = (230, 228, 220)
SUIT_ORANGE: Color = (236, 130, 52)
OUTLINE: Color = (24, 14, 14)

# --- Energy / effects ------------------------------------------------------------------------------
BEAM_CORE: Color = (244, 250, 255)
BEAM: Color = (168, 210, 255)
BEAM_GLOW: Color = (70, 130, 255)
FIRE_WHITE: Color = (255, 246, 210)
FIRE_YELLOW: Color = (255, 206, 80)
FIRE_ORANGE: Color = (246, 126, 40)
FIRE_RED: Color = (190, 50, 24)
SMOKE: Color = (70, 56, 52)
SMOKE_LIGHT: Color = (132, 110, 98)

# --- People ----------------------------------------------------------------------------------------
SKIN_LIGHT: Color = (246, 210, 184)
SKIN: Color = (232, 186, 150)
SKIN_TAN: Color = (200, 148, 110)
SKIN_DARK: Color = (142, 96, 70)
SKIN_GRADOS: Color = (226, 200, 196)

# --- UI --------------------------------------------------------------------------------------------
UI_BG: Color = (18, 14, 22)
UI_BG_LIGHT: Color = (40, 30, 40)
UI_AMBER: Color = (244, 172, 64)
UI_CYAN: Color = (84, 222, 232)
UI_TEXT: Color = (242, 230, 210)
RANGE_MOVE: Color = (70, 140, 255)
RANGE_ATTACK: Color = (236, 56, 44)
RANGE_THREAT: Color = (246, 148, 40)
FOG: Color = (16, 10, 14)

# Team colours used for previews (the game chooses its own).
TEAM_BLUE: Color = (56, 120, 240)
TEAM_RED: Color = (222, 56, 48)
