"""Colour-vision deficiency simulation for the tests: Machado, Oliveira and Fernandes (2009) at full
severity, applied in linear sRGB, and CIELAB (D65) for distances (Euclidean, CIE76 Delta E)."""

import numpy as np

MACHADO = {
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "tritanopia": np.array(
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]
    ),
}
_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
_WHITE = np.array([0.95047, 1.0, 1.08883])


def to_linear(rgb):
    c = np.asarray(rgb, dtype=float) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def from_linear(lin):
    lin = np.clip(lin, 0.0, 1.0)
    c = np.where(lin <= 0.0031308, lin * 12.92, 1.055 * lin ** (1 / 2.4) - 0.055)
    return c * 255.0


def simulate(rgb, kind):
    """``rgb`` (..., 3) in 0..255 as a person with ``kind`` (or ``"normal"``) sees it, 0..255."""
    if kind == "normal":
        return np.asarray(rgb, dtype=float)
    return from_linear(to_linear(rgb) @ MACHADO[kind].T)


def lab(rgb):
    xyz = (to_linear(rgb) @ _XYZ.T) / _WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], -1)


def delta_e(a, b):
    return float(np.linalg.norm(lab(a) - lab(b)))


KINDS = ("normal", "protanopia", "deuteranopia", "tritanopia")
