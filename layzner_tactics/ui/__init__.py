"""The desktop game (pygame-ce). Importing this package does not start pygame; ``app.run_game`` does."""

import os

# pygame prints a banner when imported; the game's output is for the player
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
