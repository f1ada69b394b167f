"""The desktop game (pygame-ce). Importing this package does not start pygame; ``app.run_game`` does."""
