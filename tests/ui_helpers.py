"""Posted input and waiting for the battle screen, shared by the UI tests."""

import pygame

from layzner_tactics.ui.anim import BannerAnim, DialogueAnim


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
