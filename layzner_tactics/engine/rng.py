"""The game's seeded random number generator and stable sub-seed derivation.

The rules draw from one ``Rng`` held by the game state. It is a SplitMix64 generator: its whole state is
one integer, so it copies, hashes and serialises trivially, and gives the same numbers on every platform
and Python version. Sub-seeds (for AI policies, simulated games) are derived by name with BLAKE2b, never
with Python's salted ``hash()``.
"""

from __future__ import annotations

import hashlib

_MASK = (1 << 64) - 1


def derive_seed(seed: int, *names: object) -> int:
    """Return a 63-bit seed derived from ``seed`` and ``names``; stable across runs and processes."""
    text = "\x1f".join([str(seed), *(str(n) for n in names)])
    digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


class Rng:
    """SplitMix64: small, fast, and fully described by ``state``."""

    __slots__ = ("state",)

    def __init__(self, seed: int) -> None:
        self.state = seed & _MASK

    def next_u64(self) -> int:
        self.state = (self.state + 0x9E3779B97F4A7C15) & _MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return z ^ (z >> 31)

    def randint(self, low: int, high: int) -> int:
        """Uniform integer in ``[low, high]`` (both inclusive)."""
        span = high - low + 1
        if span <= 0:
            raise ValueError(f"empty range {low}..{high}")
        return low + self.next_u64() % span

    def random(self) -> float:
        """Uniform float in ``[0, 1)``."""
        return (self.next_u64() >> 11) / float(1 << 53)

    def copy(self) -> Rng:
        other = Rng(0)
        other.state = self.state
        return other
