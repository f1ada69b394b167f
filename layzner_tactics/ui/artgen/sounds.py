"""Synthesised sounds: mono 22050 Hz 16-bit WAV, written with the stdlib ``wave`` module."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from . import SOUND_IDS

RATE = 22050
PEAK = 10 ** (-3 / 20)  # -3 dBFS


def _t(dur: float) -> np.ndarray:
    return np.arange(int(RATE * dur)) / RATE


def _env(n: int, attack: float, release: float) -> np.ndarray:
    a = max(1, int(RATE * attack))
    r = max(1, int(RATE * release))
    e = np.ones(n)
    e[:a] = np.linspace(0, 1, a)
    e[-r:] *= np.linspace(1, 0, r) ** 2
    return e


def _noise(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.uniform(-1, 1, n)


def _lp_fast(x: np.ndarray, k: int) -> np.ndarray:
    """Moving-average low-pass (vectorised)."""
    if k <= 1:
        return x
    c = np.cumsum(np.concatenate([np.zeros(k), x]))
    return (c[k:] - c[:-k]) / k


def _sweep(f0: float, f1: float, dur: float) -> np.ndarray:
    f = np.geomspace(f0, f1, int(RATE * dur))
    return np.sin(2 * np.pi * np.cumsum(f) / RATE)


def rifle_beam(rng):
    d = 0.35
    t = _t(d)
    x = _sweep(2400, 300, d) * 0.6 + np.sign(_sweep(1200, 150, d)) * 0.25
    x += _noise(rng, len(t)) * 0.15 * np.exp(-t * 30)
    return x * np.exp(-t * 9) * _env(len(t), 0.002, 0.05)


def missile(rng):
    d = 1.1
    t = _t(d)
    roar = _lp_fast(_noise(rng, len(t)), 6)
    whoosh = _sweep(180, 900, d) * 0.25
    return (roar * 0.9 + whoosh) * _env(len(t), 0.05, 0.4) * (0.6 + 0.4 * np.sin(2 * np.pi * 9 * t))


def knuckle_impact(rng):
    d = 0.6
    t = _t(d)
    thump = np.sin(2 * np.pi * (70 * t + 40 * np.exp(-t * 20) / 20)) * np.exp(-t * 8)
    clank = sum(np.sin(2 * np.pi * f * t) for f in (410, 730, 1290)) / 3 * np.exp(-t * 14)
    crack = _noise(rng, len(t)) * np.exp(-t * 40)
    return (thump * 1.0 + clank * 0.5 + crack * 0.6) * _env(len(t), 0.001, 0.05)


def explosion(rng):
    d = 1.5
    t = _t(d)
    n = _noise(rng, len(t))
    body = _lp_fast(n, 12) * 2.5 * np.exp(-t * 2.5)
    crack = n * np.exp(-t * 25) * 0.7
    sub = np.sin(2 * np.pi * (45 * t + 30 * (1 - np.exp(-t * 5)) / 5)) * np.exp(-t * 3)
    return (body + crack + sub) * _env(len(t), 0.002, 0.3)


def vmax_surge(rng):
    d = 1.5
    t = _t(d)
    rise = _sweep(80, 1600, d)
    chord = sum(np.sin(2 * np.pi * f * t * (1 + t * 0.5)) for f in (220, 330, 440, 660)) / 4
    shimmer = _noise(rng, len(t)) * (t / d) ** 2 * 0.3
    trem = 0.7 + 0.3 * np.sin(2 * np.pi * (6 + 20 * t) * t)
    return (rise * 0.45 + chord * 0.6 + shimmer) * trem * _env(len(t), 0.3, 0.25)


def ui_click(rng):
    d = 0.06
    t = _t(d)
    return (np.sin(2 * np.pi * 1800 * t) * 0.7 + _noise(rng, len(t)) * 0.2) * np.exp(-t * 90)


def ui_confirm(rng):
    d = 0.3
    t = _t(d)
    f = np.where(t < 0.1, 880, 1320)
    return np.sin(2 * np.pi * np.cumsum(f) / RATE) * _env(len(t), 0.005, 0.12)


def alarm(rng):
    d = 1.2
    t = _t(d)
    f = np.where((t * 4).astype(int) % 2 == 0, 740, 560)
    ph = 2 * np.pi * np.cumsum(f) / RATE
    return (np.sign(np.sin(ph)) * 0.4 + np.sin(ph) * 0.6) * _env(len(t), 0.01, 0.05)


def wind(rng):
    """3 s loop: the noise is made periodic by crossfading its end into its start."""
    d = 3.0
    n = int(RATE * d)
    fade = int(RATE * 0.5)
    raw = _lp_fast(_noise(rng, n + fade), 20) * 4
    x = raw[:n].copy()
    w = np.linspace(0, 1, fade)
    x[:fade] = raw[n:] * (1 - w) + raw[:fade] * w
    t = _t(d)
    gust = 0.6 + 0.4 * np.sin(2 * np.pi * t / d) ** 2 + 0.15 * np.sin(2 * np.pi * 3 * t / d)
    whistle = np.sin(2 * np.pi * np.cumsum(600 + 80 * np.sin(2 * np.pi * 2 * t / d)) / RATE) * 0.04
    return x * gust + whistle * gust


def ambient(rng):
    """24 s loopable pad: detuned minor chords, every partial an integer number of cycles."""
    d = 24.0
    t = _t(d)
    x = np.zeros_like(t)
    chords = [(110, 130.8, 164.8), (98, 116.5, 146.8), (87.3, 110, 130.8), (98, 123.5, 146.8)]
    seg = d / len(chords)
    for i, ch in enumerate(chords):
        w = np.clip(1 - np.abs(((t - (i + 0.5) * seg + d / 2) % d - d / 2) / seg), 0, 1) ** 1.5
        for f in ch:
            for det in (-0.25, 0.25):
                fq = round((f + det) * d) / d
                x += np.sin(2 * np.pi * fq * t) * w
    x /= 6
    breath = _lp_fast(_noise(rng, len(t)), 40) * 3 * (0.5 + 0.5 * np.sin(2 * np.pi * t / 8))
    return x + breath * 0.15


def hit(rng):
    d = 0.25
    t = _t(d)
    return (
        np.sin(2 * np.pi * 220 * t) * np.exp(-t * 25) * 0.8 + _noise(rng, len(t)) * np.exp(-t * 30)
    ) * _env(len(t), 0.001, 0.03)


def miss(rng):
    d = 0.35
    t = _t(d)
    return _lp_fast(_noise(rng, len(t)), 3) * _env(len(t), 0.08, 0.2) + _sweep(900, 400, d) * 0.1 * np.exp(
        -t * 6
    )


SYNTH = {
    "rifle_beam": rifle_beam,
    "missile": missile,
    "knuckle_impact": knuckle_impact,
    "explosion": explosion,
    "vmax_surge": vmax_surge,
    "ui_click": ui_click,
    "ui_confirm": ui_confirm,
    "alarm": alarm,
    "wind": wind,
    "ambient": ambient,
    "hit": hit,
    "miss": miss,
}


def synth(sid: str) -> np.ndarray:
    rng = np.random.default_rng(3000 + SOUND_IDS.index(sid))
    x = np.asarray(SYNTH[sid](rng), np.float64)
    x = x / (np.max(np.abs(x)) + 1e-12) * PEAK
    return np.clip(np.rint(x * 32767), -32768, 32767).astype("<i2")


def write_wav(path: Path, samples: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(samples.tobytes())


def generate(out: Path) -> list[Path]:
    files = []
    for sid in SOUND_IDS:
        p = out / "sounds" / f"{sid}.wav"
        write_wav(p, synth(sid))
        files.append(p)
    return files
