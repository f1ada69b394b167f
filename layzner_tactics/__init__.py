"""Layzner Tactics: a turn-based tactical mecha game on Mars, 1996."""

__version__ = "0.1.0"
