"""Headless matches: running games between policies, batches in parallel, replays and statistics."""
