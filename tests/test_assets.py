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
    CUTIN_FX,
    DEFAULT_OUT,
    DIRECTIONS,
    EDGE_KINDS,
    EFFECT_IDS,
    MARKER_IDS,
    MARKER_SHAPES,
    MARKER_SIZES,
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
    for uid in UNIT_IDS:
        out += [(f"cutin/units/{uid}{suffix}.png", (256, 192)) for suffix in ("", "_team")]
    cutin_sizes = {
        "backdrop_mars": (640, 240),
        "backdrop_dust": (640, 240),
        "speed_lines": (512, 192),
        "banner": (320, 48),
        "burst": (160, 96),
        "beam_streak": (512, 96),
        "missile_volley": (384, 160),
        "knuckle_flash": (192, 192),
        "vmax_streak": (512, 192),
        "folon_streak": (512, 192),
        **{f"kill_{i}": (192, 192) for i in range(8)},
    }
    assert set(CUTIN_FX) == set(cutin_sizes)
    out += [(f"cutin/{k}.png", v) for k, v in cutin_sizes.items()]
    out += [
        (f"markers/side_{shape}_{n}.png", (n, n))
        for shape in ("chevron", "square", "diamond", "circle", "triangle")
        for n in (16, 24)
    ]
    out += [(f"markers/{k}.png", (64, 64)) for k in ("last_seen", "fog_hatch")]
    out += [(f"markers/ghost_{uid}.png", (64, 64)) for uid in UNIT_IDS]
    assert {
        rel.removeprefix("markers/").removesuffix(".png") for rel, _ in out if rel.startswith("markers/")
    } == set(MARKER_IDS)
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
    # the bundled font is not generated art: its own budget is in test_i18n
    total = sum(p.stat().st_size for p in ASSETS.rglob("*") if p.is_file() and p.parent.name != "fonts")
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


# --------------------------------------------------------------------------------------------------
# Battle cut-ins and markers (issues 16 and 19)
# --------------------------------------------------------------------------------------------------
def _rgba(rel: str):
    import numpy as np

    img = pygame.image.load(str(ASSETS / rel))
    w, h = img.get_size()
    return np.frombuffer(pygame.image.tobytes(img, "RGBA"), np.uint8).reshape(h, w, 4).astype(int)


@pytest.mark.parametrize("uid", UNIT_IDS)
def test_cutin_machine_is_whole_centred_and_tintable(uid: str) -> None:
    """A cut-in is a large, uncut picture of the machine with a team mask inside its body."""
    spr = _rgba(f"cutin/units/{uid}.png")
    team = _rgba(f"cutin/units/{uid}_team.png")
    solid = spr[..., 3] > 128
    assert solid.sum() > 6000, "machine too small for a cut-in"
    edge = (spr[0, :, 3].max(), spr[-1, :, 3].max(), spr[:, 0, 3].max(), spr[:, -1, 3].max())
    assert max(edge) == 0, f"{uid} is cut off by the frame: {edge}"
    cols = solid.any(axis=0).nonzero()[0]
    assert abs((cols[0] + cols[-1]) / 2 - 128) <= 4, "not centred"
    marked = team[..., 3] > 128
    assert marked.sum() > 40, "no team-coloured part"
    assert (marked & ~(spr[..., 3] > 0)).sum() == 0, "team mask outside the machine"
    # team parts are painted light in the sprite, so a multiply tint shows the side colour
    assert spr[marked & solid, :3].mean() > 120


def test_cutin_machines_stand_on_one_baseline() -> None:
    flying = {"bullgrenn", "us_jet", "soviet_jet"}
    for uid in UNIT_IDS:
        if uid in flying:
            continue
        rows = (_rgba(f"cutin/units/{uid}.png")[..., 3] > 128).any(axis=1).nonzero()[0]
        assert 182 <= rows[-1] <= 187, (uid, rows[-1])


def test_cutin_reads_as_its_map_sprite() -> None:
    """Each cut-in's main colours are its map sprite's: it is closer to its own sprite than to any other."""
    import numpy as np

    def hist(rel: str):
        px = _rgba(rel)
        px = px[px[..., 3] > 200][:, :3] // 32
        h = np.bincount(px[:, 0] * 64 + px[:, 1] * 8 + px[:, 2], minlength=512).astype(float)
        return h / h.sum()

    maps = {uid: hist(f"units/{uid}.png") for uid in UNIT_IDS}
    for uid in UNIT_IDS:
        cut = hist(f"cutin/units/{uid}.png")
        dist = {other: np.abs(cut - h).sum() for other, h in maps.items()}
        assert min(dist, key=dist.__getitem__) == uid, (uid, sorted(dist.items(), key=lambda kv: kv[1])[:3])


def test_backdrops_and_speed_lines_tile_along_x() -> None:
    import numpy as np

    for rel in ("cutin/backdrop_mars.png", "cutin/backdrop_dust.png", "cutin/speed_lines.png"):
        px = _rgba(rel)
        seam = np.abs(px[:, 0] - px[:, -1]).mean()
        inner = np.abs(px[:, 1:] - px[:, :-1]).mean()
        assert seam <= inner * 1.5 + 1, (rel, seam, inner)
    assert _rgba("cutin/backdrop_mars.png")[..., 3].min() == 255


def test_glow_art_is_black_where_transparent() -> None:
    """Premultiplying (for additive blits) must not leave a coloured box round a glow."""
    for fid in CUTIN_FX:
        px = _rgba(f"cutin/{fid}.png")
        clear = px[..., 3] == 0
        assert px[clear][:, :3].max(initial=0) == 0, fid


def test_kill_explosion_flashes_then_smokes_out() -> None:
    frames = [_rgba(f"cutin/kill_{i}.png") for i in range(8)]
    bright = [(f[..., :3].mean(axis=2) * f[..., 3] / 255).sum() for f in frames]
    assert bright[0] == max(bright), "the first frame is the flash"
    assert bright[-1] < bright[0] * 0.25
    cover = [(f[..., 3] > 64).sum() for f in frames]
    assert cover[3] > cover[0] * 0.6, "the fireball grows"


def test_side_markers_are_distinct_white_shapes_with_a_dark_outline() -> None:
    import numpy as np

    for n in MARKER_SIZES:
        masks = {}
        for shape in MARKER_SHAPES:
            px = _rgba(f"markers/side_{shape}_{n}.png")
            opaque = px[..., 3] > 128
            white = opaque & (px[..., :3].min(axis=2) > 220)
            dark = opaque & (px[..., :3].max(axis=2) < 60)
            assert white.sum() >= n * n * 0.12, (shape, n)
            assert dark.sum() >= n * 0.75, (shape, n)
            masks[shape] = white
        for a in MARKER_SHAPES:
            for b in MARKER_SHAPES:
                if a < b:
                    assert np.logical_xor(masks[a], masks[b]).sum() >= n * 0.8, (a, b, n)


def test_ghost_is_a_hollow_outline_of_the_unit() -> None:
    import numpy as np

    for uid in UNIT_IDS:
        g = _rgba(f"markers/ghost_{uid}.png")
        body = _rgba(f"units/{uid}.png")[..., 3] > 128
        strong = g[..., 3] > 200
        core = body.copy()
        for dy, dx in ((0, 2), (0, -2), (2, 0), (-2, 0)):
            core &= np.roll(np.roll(body, dy, 0), dx, 1)
        assert strong.sum() > 40, uid
        assert (strong & core).sum() <= strong.sum() * 0.2, f"{uid} ghost is not hollow"
        assert g[core][:, 3].mean() < 90, uid


def test_fog_hatch_is_dark_seamless_and_unlike_terrain() -> None:
    import numpy as np

    px = _rgba("markers/fog_hatch.png")
    assert np.array_equal(np.roll(px, 8, axis=0), px) and np.array_equal(np.roll(px, 8, axis=1), px)
    assert px[..., 3].min() > 150
    lum = px[..., :3].mean(axis=2)
    assert lum.mean() < 60
    assert lum.max() - lum.min() > 40, "no visible hatching"


def test_new_kinds_regenerate_byte_identical(tmp_path: Path) -> None:
    """One machine, one impact, one kill frame, one marker of each kind: regenerated bytes equal the files."""
    from layzner_tactics.ui.artgen.common import save_rgba
    from layzner_tactics.ui.artgen.cutfx import fx_item
    from layzner_tactics.ui.artgen.cutin import cutin_files
    from layzner_tactics.ui.artgen.markers import marker_item

    made: dict[str, object] = {f"cutin/units/{k}.png": v for k, v in cutin_files("braver").items()}
    made |= {f"cutin/{k}.png": fx_item(k) for k in ("banner", "kill_2", "folon_streak")}
    made |= {
        f"markers/{k}.png": marker_item(k)
        for k in ("side_chevron_24", "last_seen", "ghost_braver", "fog_hatch")
    }
    for rel, arr in made.items():
        out = tmp_path / rel
        save_rgba(arr, out)  # type: ignore[arg-type]
        assert out.read_bytes() == (ASSETS / rel).read_bytes(), rel


def test_asset_helpers_tint_scale_and_mirror_the_new_art() -> None:
    from layzner_tactics.ui import assets

    red = (222, 56, 48)
    right = assets.cutin_unit("braver", red, 150)
    left = assets.cutin_unit("braver", red, 150, left=True)
    assert right is not None and left is not None
    assert right.get_size() == (200, 150)
    assert right.get_at((60, 75)) == left.get_at((139, 75)) and right.get_at((60, 75)) != left.get_at(
        (60, 75)
    )
    marker = assets.side_marker("square", 24, red)
    assert marker is not None and marker.get_size() == (24, 24)
    centre = tuple(marker.get_at((12, 12)))[:3]
    assert all(abs(got - c * w / 255) <= 2 for got, c, w in zip(centre, red, (240, 238, 228), strict=True)), (
        centre
    )
    assert assets.side_marker("hexagon", 24, red) is None
    for surf in (assets.ghost("braver", 48, red), assets.last_seen(48, red), assets.fog_hatch(64)):
        assert surf is not None
    assert assets.cutin_piece("kill_0", 96, 96).get_size() == (96, 96)  # type: ignore[union-attr]
