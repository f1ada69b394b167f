import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame
import pytest

from layzner_tactics.ui import keys, sides, widgets
from layzner_tactics.ui.app import App, open_display
from layzner_tactics.ui.audio import Audio
from layzner_tactics.ui.options import Options


@pytest.fixture
def app(tmp_path, monkeypatch):
    """The game's window on SDL's dummy driver, fast animations, a fresh data folder; afterwards every
    piece of UI state a test may leave behind (sound, last input device, palette, UI scale, fonts) is
    reset.
    A test module that needs another window defines its own ``app``."""
    monkeypatch.setenv("LAYZNER_TACTICS_HOME", str(tmp_path))
    options = Options(anim_speed=4.0)
    screen = open_display(options, True)
    assert not isinstance(screen, str), screen
    yield App(screen, options)
    Audio.stop()
    keys.INPUT.device = "keys"
    sides.PALETTE.safe = False
    widgets.set_scale(1.0)
    widgets.font.cache_clear()
    pygame.quit()
