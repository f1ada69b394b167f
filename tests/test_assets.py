"""Generated assets: every catalog id has its files, at the stated size; sounds; determinism."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import array
import wave
from pathlib import Path

import pygame
import pytest

from layzner_tactics.ui.artgen import (
    DEFAULT_OUT,
    DIRECTIONS,
    EDGE_KINDS,
    EFFECT_IDS,
    PORTRAIT_IDS,
    SOUND_IDS,
    TERRAIN_IDS,
    TERRAIN_VARIANTS,
    UNIT_EXTRA,
    UNIT_IDS,
)

ASSETS = DEFAULT_OUT


def _expected() -> list[tuple[str, tuple[int, int]]]:
    out: list[tuple[str, tuple[int, int]]] = []
    for tid in TERRAIN_IDS:
        out += [(f"terrain/{tid}_{n}.png", (64, 64)) for n in range(TERRAIN_VARIANTS)]
    for kind in EDGE_KINDS:
        out += [(f"terrain/edge_{kind}_{d}.png", (64, 64)) for d in DIRECTIONS]
    for uid in UNIT_IDS:
        out += [(f"units/{uid}{suffix}.png", (64, 64)) for suffix in ("", "_team", "_wreck")]
    out += [(f"units/{name}.png", (64, 64)) for name in UNIT_EXTRA]
    out += [(f"portraits/{pid}.png", (96, 96)) for pid in PORTRAIT_IDS]
    effect_sizes = {
        "beam": (64, 16),
        "missile": (24, 12),
        "missile_trail": (32, 12),
        "muzzle_flash": (32, 32),
        "hit_spark": (32, 32),
        "dust_particle": (16, 16),
        "dust_storm": (256, 256),
    }
    out += [(f"effects/{e}.png", effect_sizes.get(e, (64, 64))) for e in EFFECT_IDS]
    ui_sizes = {
        "panel": (48, 48),
        "button": (48, 48),
        "button_hover": (48, 48),
        "button_pressed": (48, 48),
        "cursor": (64, 64),
        "range_move": (64, 64),
        "range_attack": (64, 64),
        "range_threat": (64, 64),
        "path_dot": (16, 16),
        "fog": (64, 64),
        "title": (1280, 720),
        "icon": (32, 32),
    }
    out += [(f"ui/{k}.png", v) for k, v in ui_sizes.items()]
    return out


@pytest.mark.parametrize(("rel", "size"), _expected(), ids=lambda v: str(v))
def test_image_exists_and_loads(rel: str, size: tuple[int, int]) -> None:
    path = ASSETS / rel
    assert path.is_file(), f"missing {rel}"
    img = pygame.image.load(str(path))
    assert img.get_size() == size


def test_unit_sprites_have_content_and_team_masks() -> None:
    for uid in UNIT_IDS:
        spr = pygame.image.load(str(ASSETS / f"units/{uid}.png"))
        mask = pygame.image.load(str(ASSETS / f"units/{uid}_team.png"))
        assert pygame.mask.from_surface(spr).count() > 150, uid
        assert pygame.mask.from_surface(mask).count() > 5, uid


@pytest.mark.parametrize("sid", SOUND_IDS)
def test_sound_loads_and_is_not_silent(sid: str) -> None:
    with wave.open(str(ASSETS / f"sounds/{sid}.wav"), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050)
        n = w.getnframes()
        data = array.array("h", w.readframes(n))
    dur = n / 22050
    assert 0.05 <= dur <= 30
    peak = max(abs(v) for v in data)
    assert 0.5 * 32767 < peak <= 32767


def test_assets_total_size_budget() -> None:
    total = sum(p.stat().st_size for p in ASSETS.rglob("*") if p.is_file())
    assert total < 4.5 * 1024 * 1024


def test_terrain_tile_regenerates_byte_identical(tmp_path: Path) -> None:
    from layzner_tactics.ui.artgen.common import save_rgba
    from layzner_tactics.ui.artgen.terrain import terrain_tile

    out = tmp_path / "crater_1.png"
    save_rgba(terrain_tile("crater", 1), out)
    assert out.read_bytes() == (ASSETS / "terrain/crater_1.png").read_bytes()


def test_every_catalog_unit_and_terrain_type_has_its_art() -> None:
    """A new unit or terrain type added to the catalog without art fails here, naming what is missing."""
    from layzner_tactics.data import load_catalog

    catalog = load_catalog()
    missing = [
        f"units/{uid}{suffix}.png" for uid in sorted(catalog.units) for suffix in ("", "_team", "_wreck")
    ]
    missing += [f"terrain/{tid}_{n}.png" for tid in sorted(catalog.terrain) for n in range(TERRAIN_VARIANTS)]
    missing = [rel for rel in missing if not (ASSETS / rel).is_file()]
    assert not missing, f"catalog types without art (add them to ui/artgen and regenerate): {missing}"
    assert set(catalog.units) <= set(UNIT_IDS)
    assert set(catalog.terrain) <= set(TERRAIN_IDS)
