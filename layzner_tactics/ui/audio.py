"""Sound: the generated ``sounds/*.wav`` when present, else short effects synthesised with numpy.

A silent game when no audio device opens (``pygame.mixer.init`` raises ``pygame.error``): every call
here is then a no-op. Volume and mute come from the options.
"""

from __future__ import annotations

import numpy as np
import pygame

from .session import Options

RATE = 22050
FALLBACK = {
    "rifle_beam": "beam",
    "missile": "beam",
    "knuckle_impact": "hit",
    "explosion": "explosion",
    "vmax_surge": "vmax",
    "ui_click": "click",
    "ui_confirm": "click",
    "alarm": "vmax",
    "hit": "hit",
    "miss": "click",
}


class Audio:
    sounds: dict[str, pygame.mixer.Sound] = {}
    enabled = False
    volume = 0.7
    muted = False

    @classmethod
    def start(cls, options: Options | None = None) -> bool:
        """Open the mixer and load the sounds; False (and silence) when no device opens."""
        if options is not None:
            cls.configure(options)
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(frequency=RATE, size=-16, channels=2, buffer=1024)
        except pygame.error:
            cls.enabled = False
            return False
        cls.enabled = True
        from .assets import ASSETS

        synth = _synth()
        cls.sounds = {}
        for name, fallback in FALLBACK.items():
            path = ASSETS / "sounds" / f"{name}.wav"
            try:
                cls.sounds[name] = (
                    pygame.mixer.Sound(str(path)) if path.is_file() else _sound(synth[fallback])
                )
            except pygame.error:
                cls.sounds[name] = _sound(synth[fallback])
        return True

    @classmethod
    def configure(cls, options: Options) -> None:
        cls.volume = options.volume
        cls.muted = options.muted

    @classmethod
    def play(cls, name: str) -> None:
        if not cls.enabled or cls.muted or cls.volume <= 0:
            return
        sound = cls.sounds.get(name)
        if sound is not None:
            sound.set_volume(cls.volume)
            sound.play()


def _sound(wave: np.ndarray) -> pygame.mixer.Sound:
    init = pygame.mixer.get_init()
    channels = init[2] if init else 1
    pcm = np.clip(wave * 32767 * 0.7, -32768, 32767).astype(np.int16)
    if channels > 1:
        pcm = np.repeat(pcm[:, None], channels, axis=1)
    return pygame.sndarray.make_sound(np.ascontiguousarray(pcm))


def _synth() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(1996)

    def t(seconds: float) -> np.ndarray:
        return np.arange(int(RATE * seconds)) / RATE

    def env(x: np.ndarray, attack: float, decay: float) -> np.ndarray:
        return np.minimum(1, x / max(attack, 1e-4)) * np.exp(-x / decay)

    beam_t = t(0.35)
    beam = np.sin(2 * np.pi * (1800 - 2600 * beam_t) * beam_t) * env(beam_t, 0.005, 0.12)
    boom_t = t(0.9)
    boom = rng.standard_normal(boom_t.size) * env(boom_t, 0.005, 0.25)
    boom = np.convolve(boom, np.ones(30) / 30, mode="same") * 3
    click_t = t(0.05)
    click = np.sin(2 * np.pi * 1200 * click_t) * env(click_t, 0.001, 0.01)
    vmax_t = t(1.2)
    vmax = np.sin(2 * np.pi * (200 + 900 * vmax_t) * vmax_t) * env(vmax_t, 0.2, 0.6)
    hit_t = t(0.25)
    hit = rng.standard_normal(hit_t.size) * env(hit_t, 0.001, 0.06)
    return {"beam": beam, "explosion": boom, "click": click, "vmax": vmax, "hit": hit}
