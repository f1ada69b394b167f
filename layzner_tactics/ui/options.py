"""Player options kept between runs (``options.json`` in the config folder), pygame-free.

A corrupt file is set aside (``storage.keep_aside``: renamed, never deleted) and the defaults are used,
with a ``note`` for the title screen; a value out of range falls back to its default alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..storage import (
    DataFileError,
    config_dir,
    data_dir,
    keep_aside,
    read_json_object,
    set_aside_message,
    write_json_atomic,
)

OPTIONS_FILE = "options.json"
CUTIN_MODES = ("off", "first", "always")
"""Battle cut-ins: never, the first time each machine uses each weapon (in one run of the game), always."""
UI_SCALES = (75, 100, 125, 150, 175, 200)
"""The UI scales offered in Options, in percent of the texts' and panels' size."""
MAX_OPTIONS_BYTES = 1_000_000


def options_path() -> Path:
    """Where options are written: the platform's config folder."""
    return config_dir() / OPTIONS_FILE


def _found_options() -> Path:
    """The options file to read: the config folder's, else one left in the data folder by a game from
    before options moved to the config folder (the next save writes the new place)."""
    path = options_path()
    old = data_dir() / OPTIONS_FILE
    if not path.exists() and old.exists():
        return old
    return path


@dataclass
class Options:
    """Player options kept between runs."""

    volume: float = 0.7
    """Master volume, 0..1; effects and the ambient/wind loops are scaled by it."""
    muted: bool = False
    anim_speed: float = 1.0
    window: tuple[int, int] = (1280, 720)
    fullscreen: bool = False
    effects_volume: float = 1.0
    ambient_volume: float = 0.6
    keys: dict[str, list[str]] = field(default_factory=dict)
    """Key bindings, ``{action: [key name, ...]}`` (see ``ui.keys``); empty means the defaults."""
    cutins: str = "always"
    """When an attack plays its cut-in: one of ``CUTIN_MODES``."""
    cutins_seen: set[str] = field(default_factory=set, compare=False)
    """Not saved: the machine-and-weapon pairs whose cut-in played in this run ("first" plays each once)."""
    pad: dict[str, list[str]] = field(default_factory=dict)
    """Gamepad buttons, ``{action: [button name]}`` (see ``ui.pad``); empty means the defaults."""
    safe_colours: bool = False
    """Side colours from a palette told apart under the common colour-vision deficiencies."""
    ui_scale: int = 100
    """Texts and panels at this percent (one of ``UI_SCALES``); a window too small for it uses less."""
    language: str = "en"
    """The UI's language: a catalog's code (``i18n.languages``); an unknown one shows English."""
    note: str = field(default="", compare=False)
    """Not saved: why the file was not used (unreadable), for the screen."""

    @staticmethod
    def load() -> Options:
        """The saved options; the defaults (with ``note`` saying why) when the file is unreadable."""
        out = Options()
        path = _found_options()
        if not path.exists() and not path.is_symlink():
            return out
        try:
            data = read_json_object(path, "a table of options", MAX_OPTIONS_BYTES)
        except DataFileError as err:
            out.note = set_aside_message("The options", err, keep_aside(path))
            return out
        for name in ("volume", "effects_volume", "ambient_volume"):
            vol = data.get(name)
            if isinstance(vol, int | float) and not isinstance(vol, bool):
                setattr(out, name, min(1.0, max(0.0, float(vol))))
        keys = data.get("keys")
        if isinstance(keys, dict):
            out.keys = {
                str(a): [n for n in names if isinstance(n, str) and len(n) < 40][:3]
                for a, names in keys.items()
                if isinstance(names, list)
            }
        pad = data.get("pad")
        if isinstance(pad, dict):
            out.pad = {
                str(a): [n for n in names if isinstance(n, str) and len(n) < 40][:2]
                for a, names in pad.items()
                if isinstance(names, list)
            }
        if isinstance(data.get("safe_colours"), bool):
            out.safe_colours = data["safe_colours"]
        if isinstance(data.get("muted"), bool):
            out.muted = data["muted"]
        speed = data.get("anim_speed")
        if isinstance(speed, int | float) and not isinstance(speed, bool) and 0.25 <= speed <= 4:
            out.anim_speed = float(speed)
        win = data.get("window")
        if (
            isinstance(win, list)
            and len(win) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) and 320 <= v <= 8000 for v in win)
        ):
            out.window = (win[0], win[1])
        if isinstance(data.get("fullscreen"), bool):
            out.fullscreen = data["fullscreen"]
        scale = data.get("ui_scale")
        if isinstance(scale, int) and not isinstance(scale, bool) and scale in UI_SCALES:
            out.ui_scale = scale
        if data.get("cutins") in CUTIN_MODES:
            out.cutins = data["cutins"]
        lang = data.get("language")
        if isinstance(lang, str) and 0 < len(lang) <= 16:
            out.language = lang
        return out

    def to_data(self) -> dict[str, Any]:
        return {
            "volume": self.volume,
            "muted": self.muted,
            "anim_speed": self.anim_speed,
            "window": list(self.window),
            "fullscreen": self.fullscreen,
            "effects_volume": self.effects_volume,
            "ambient_volume": self.ambient_volume,
            "keys": self.keys,
            "cutins": self.cutins,
            "pad": self.pad,
            "safe_colours": self.safe_colours,
            "ui_scale": self.ui_scale,
            "language": self.language,
        }

    def save(self) -> None:
        write_json_atomic(options_path(), self.to_data())
