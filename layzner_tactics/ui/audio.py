"""Sound: effects and two loops (a quiet Mars ambience, the wind of a dust storm) through pygame's mixer.

The sounds are the generated ``assets/sounds/*.wav`` (``python -m layzner_tactics.ui.artgen``); a file
that is missing or unreadable is synthesised again with numpy by the same generator. A silent game
when no audio device opens (``pygame.mixer.init`` raises ``pygame.error``): every call here is then a
no-op, and so it is when the mixer was closed under us. Volumes come from the options: a master volume
that scales an effects volume and an ambient volume (both loops), and a mute switch; ``configure``
applies them live to the loops already playing.

Loops are asked for by name and may be asked for every frame (``Audio.loop("wind", storm_on_screen)``):
only a change starts or fades one. ``wanted`` records what is asked even when silent, so the UI's
wishes can be checked headless. Scene loops (the wind) are dropped whenever the top scene changes; the
battle asks again on its next frame if it is on top.
"""

from __future__ import annotations

import contextlib
from typing import Any

import numpy as np
import pygame

from ..engine.grid import Grid
from .artgen import SOUND_IDS
from .assets import ASSETS
from .options import Options

RATE = 22050
LOOPS = {"ambient": 0, "wind": 1}
"""Loop name -> its reserved mixer channel."""
EFFECTS = tuple(name for name in SOUND_IDS if name not in LOOPS)
"""Every generated sound that is not a loop plays as a one-shot effect."""
LOOP_GAIN = {"ambient": 0.35, "wind": 0.9}
"""The ambience stays under everything; the wind of a storm is meant to be heard."""
SCENE_LOOPS = frozenset({"wind"})
FADE_IN_MS = 1500
FADE_OUT_MS = 2000


class Audio:
    sounds: dict[str, pygame.mixer.Sound] = {}
    loop_sounds: dict[str, pygame.mixer.Sound] = {}
    wanted: dict[str, bool] = {}
    enabled = False
    volume = 0.7
    effects = 1.0
    ambient = 0.6
    muted = False

    @classmethod
    def start(cls, options: Options | None = None) -> bool:
        """Open the mixer, load the sounds and start the ambience; False (and silence) with no device."""
        if options is not None:
            cls.configure(options)
        cls.wanted = {}
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(frequency=RATE, size=-16, channels=2, buffer=1024)
            pygame.mixer.set_reserved(len(LOOPS))
        except pygame.error:
            cls.enabled = False
            return False
        cls.sounds = {name: s for name in EFFECTS if (s := _load(name)) is not None}
        cls.loop_sounds = {name: s for name in LOOPS if (s := _load(name)) is not None}
        cls.enabled = True
        cls.loop("ambient", True)
        return True

    @classmethod
    def stop(cls) -> None:
        """Silence everything (before the mixer closes)."""
        if cls._live():
            with contextlib.suppress(pygame.error):
                pygame.mixer.stop()
        cls.wanted = {}
        cls.enabled = False

    @classmethod
    def configure(cls, options: Options) -> None:
        """Take the volumes and mute from the options; the loops playing follow at once."""
        cls.volume = _unit(options.volume)
        cls.effects = _unit(getattr(options, "effects_volume", 1.0))
        cls.ambient = _unit(getattr(options, "ambient_volume", 0.6))
        cls.muted = bool(options.muted)
        if cls._live():
            # the sound's own volume, not the channel's: a channel's volume belongs to its fades
            for name, sound in cls.loop_sounds.items():
                with contextlib.suppress(pygame.error):
                    sound.set_volume(cls.loop_volume(name))

    @classmethod
    def effect_volume(cls) -> float:
        return 0.0 if cls.muted else cls.volume * cls.effects

    @classmethod
    def loop_volume(cls, name: str) -> float:
        return 0.0 if cls.muted else cls.volume * cls.ambient * LOOP_GAIN.get(name, 1.0)

    @classmethod
    def _live(cls) -> bool:
        return cls.enabled and bool(pygame.mixer.get_init())

    @classmethod
    def play(cls, name: str) -> None:
        vol = cls.effect_volume()
        if vol <= 0 or not cls._live():
            return
        sound = cls.sounds.get(name)
        if sound is not None:
            try:
                sound.set_volume(vol)
                sound.play()
            except pygame.error:
                pass

    @classmethod
    def loop(cls, name: str, on: bool) -> None:
        """Ask for a loop to play (fading in) or to stop (fading out). Cheap when nothing changes."""
        if cls.wanted.get(name, False) == on:
            return
        cls.wanted[name] = on
        if not cls._live() or name not in LOOPS:
            return
        try:
            channel = pygame.mixer.Channel(LOOPS[name])
            if on:
                sound = cls.loop_sounds.get(name)
                if sound is not None:
                    sound.set_volume(cls.loop_volume(name))
                    channel.play(sound, loops=-1, fade_ms=FADE_IN_MS)
            else:
                channel.fadeout(FADE_OUT_MS)
        except pygame.error:
            pass

    @classmethod
    def playing(cls, name: str) -> bool:
        """True while the mixer plays that loop (fading out counts)."""
        if not cls._live() or name not in LOOPS:
            return False
        try:
            return bool(pygame.mixer.Channel(LOOPS[name]).get_busy())
        except pygame.error:
            return False

    @classmethod
    def scene_changed(cls) -> None:
        """The top scene changed: the scene loops stop until a scene asks for them again."""
        for name in SCENE_LOOPS:
            cls.loop(name, False)


def storm_on_screen(storm_mask: int, grid: Grid, camera: Any) -> bool:
    """True when a dust storm covers any tile the battle view shows (``camera``: the battle's Camera)."""
    if not storm_mask:
        return False
    ts = camera.ts
    x0 = max(0, int(camera.ox // ts))
    y0 = max(0, int(camera.oy // ts))
    x1 = min(grid.width - 1, int((camera.ox + camera.view.width - 1) // ts))
    y1 = min(grid.height - 1, int((camera.oy + camera.view.height - 1) // ts))
    row = ((1 << (x1 - x0 + 1)) - 1) << x0 if x1 >= x0 else 0
    return any(storm_mask >> (y * grid.width) & row for y in range(y0, y1 + 1))


def _unit(x: object) -> float:
    return min(1.0, max(0.0, float(x))) if isinstance(x, (int, float)) else 0.0


def _load(name: str) -> pygame.mixer.Sound | None:
    """The generated file, else the same sound synthesised again; None if even that fails."""
    path = ASSETS / "sounds" / f"{name}.wav"
    try:
        if path.is_file():
            return pygame.mixer.Sound(str(path))
    except pygame.error:
        pass
    try:
        from .artgen.sounds import synth  # start-up time: the synthesiser only runs for a missing file

        return _sound(synth(name))
    except (pygame.error, KeyError, ValueError):
        return None


def _sound(pcm: np.ndarray) -> pygame.mixer.Sound:
    init = pygame.mixer.get_init()
    channels = init[2] if init else 1
    data = pcm.astype(np.int16)
    if channels > 1:
        data = np.repeat(data[:, None], channels, axis=1)
    return pygame.mixer.Sound(buffer=np.ascontiguousarray(data).tobytes())
