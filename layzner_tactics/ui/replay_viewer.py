"""``layzner-tactics replay FILE``: watch a recorded game in the window, every side's units visible.

The replay's actions go through the same ``apply`` as live play, one per animation step, so what you
watch is the game that was played. F fast-forwards, Space skips animations, Esc leaves.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from ..engine import Action


def view_replay(path: str | Path, max_frames: int | None = None) -> int:
    """Open a window and play the replay at ``path``; returns an exit code (2 for a bad file)."""
    from ..scenario.model import ScenarioError
    from ..sim.replay import ReplayError, load_replay, scenario_for
    from .session import Session, mission_from_scenario

    try:
        replay = load_replay(path)
        scenario = scenario_for(replay)
    except ReplayError as err:
        print(f"layzner-tactics replay: {err}", file=sys.stderr)
        return 2
    except (ScenarioError, FileNotFoundError) as err:
        print(f"layzner-tactics replay: its scenario does not load: {err}", file=sys.stderr)
        return 2
    if scenario.content_hash != replay.scenario_hash:
        print(
            f"layzner-tactics replay: the scenario {scenario.id!r} has changed since this replay was made",
            file=sys.stderr,
        )
        return 2
    mission = mission_from_scenario(scenario)
    import pygame

    from .app import App, open_display
    from .audio import Audio
    from .battle import BattleScene
    from .session import Options

    options = Options.load()
    screen = open_display(options, windowed=True)
    if isinstance(screen, str):
        print(f"layzner-tactics replay: cannot open a window ({screen}); try --verify", file=sys.stderr)
        return 1
    Audio.start(options)
    actions: Iterator[Action] = iter(replay.actions)
    session = Session(mission, replay.seed)
    app = App(screen, options)
    try:
        app.run(
            lambda a: BattleScene(a, session, feed=lambda: next(actions, None), omniscient=True), max_frames
        )
    finally:
        pygame.quit()
    return 0
