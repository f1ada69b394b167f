"""Posted input, starting and waiting for the battle screen, shared by the UI tests."""

import pygame

from layzner_tactics.campaign import training_mission
from layzner_tactics.ui.anim import BannerAnim, DialogueAnim
from layzner_tactics.ui.battle import BattleScene
from layzner_tactics.ui.session import Session


def key(k):
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)


def click(pos, button=1):
    return [
        pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)),
        pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button),
        pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button),
    ]


def settle(app, battle, limit=2000):
    """Step until the animations are done and it is the player's turn (or the game ended)."""
    for _ in range(limit):
        if app.scene is not battle:
            return
        head = battle.queue.head()
        events = [key(pygame.K_RETURN)] if isinstance(head, (DialogueAnim, BannerAnim)) else []
        app.step(events, dt=1 / 30)
        if not battle.queue and (battle.session.human_turn() or battle.session.state.outcome is not None):
            return
    raise AssertionError("the battle never settled")


def start_battle(app, mission=None, seed=3):
    """The training map (or ``mission``) on screen, its opening played, the player to act."""
    battle = BattleScene(app, Session(mission or training_mission(), seed))
    app.stack.append(battle)
    settle(app, battle)
    assert battle.session.human_turn()
    return battle
