"""Battle cut-ins (issue 16): which attacks play one and what it shows, the player's setting, skipping.

The choreography is tested without a window; the rest drives the battle screen headless by posted
events, as a player would."""

import pygame
from choreo_helpers import CATALOG, EARTH, FAR, B, L, game, play
from ui_helpers import key, settle, start_battle

from layzner_tactics.engine import events as ev
from layzner_tactics.engine import observe
from layzner_tactics.ui import assets
from layzner_tactics.ui.anim import CutInAnim
from layzner_tactics.ui.battle import choreography as ch
from layzner_tactics.ui.battle import orders
from layzner_tactics.ui.cutin import CutInPainter, timeline

# ---------------------------------------------------------------------------- the choreography


def cut_ins(steps):
    return [s for s in steps if isinstance(s, ch.CutIn)]


def weapon(type_id, i=0):
    return CATALOG.units[type_id].weapons[i]


def test_a_seen_exchange_is_one_cut_in_with_both_blows_names_and_hp():
    state = game()
    lw, bw = weapon("layzner"), weapon("braver")
    b_hp, l_hp = state.units[B].hp, state.units[L].hp
    attack = ev.AttackResolved(L, lw.id, B, 80, True, True, 150, b_hp - 150, False)
    counter = ev.AttackResolved(B, bw.id, L, 40, False, False, 0, l_hp, True)
    steps = play(state, [attack, counter])
    (cut,) = cut_ins(steps)  # one cut-in for the exchange, the counter inside it
    assert steps.index(cut) < next(i for i, s in enumerate(steps) if isinstance(s, ch.Shot))
    assert (cut.attacker.unit, cut.defender.unit) == (L, B)
    assert (cut.attacker.name, cut.defender.name) == ("Layzner", "Braver")
    assert cut.attacker.pilot == CATALOG.pilot("eiji").name and cut.attacker.hp == l_hp
    first, second = cut.blows
    assert (first.weapon_name, first.hit, first.crit, first.counter) == (lw.name, True, True, False)
    assert (first.hp_before, first.hp_after, first.damage) == (b_hp, b_hp - 150, 150)
    assert (second.weapon_name, second.hit, second.counter) == (bw.name, False, True)
    assert (second.hp_before, second.hp_after) == (l_hp, l_hp)
    assert not cut.kill and cut.power == "" and cut.key == f"layzner:{lw.id}"


def test_a_kill_ends_the_blow_and_folon_and_vmax_are_marked():
    state = game()
    lw = weapon("layzner")
    b_tile = state.units[B].tile
    kill = [ev.AttackResolved(L, lw.id, B, 80, True, False, 9999, 0, False), ev.UnitDestroyed(B, L, b_tile)]
    (cut,) = cut_ins(play(state, kill))
    assert cut.kill and cut.blows[0].ends == "destroyed" and len(cut.blows) == 1
    folon = [ev.VmaxActivated(L, True), ev.FolonIntervened(L, B), *kill]
    (cut,) = cut_ins(play(state, folon))
    assert cut.power == "folon"
    state.put(state.units[L].with_(vmax=True))
    (cut,) = cut_ins(play(state, kill))
    assert cut.power == "vmax"


def test_an_attack_the_player_cannot_see_plays_no_cut_in():
    state = game()
    bw = weapon("braver")
    far_tile = state.units[FAR].tile
    assert far_tile not in [u.tile for u in observe(state, EARTH).units.values()]
    # the far Braver (unseen) fires at the Layzner: the hit is shown on the map, not as a cut-in
    hidden = ev.AttackResolved(FAR, bw.id, L, 50, True, False, 40, state.units[L].hp - 40, False)
    steps = play(state, [hidden])
    assert cut_ins(steps) == [] and any(isinstance(s, ch.Shot) and s.src is None for s in steps)


# ---------------------------------------------------------------------------- the battle screen


def attack(app, battle):
    """Select the Layzner, walk into reach of the Baybull and fire: the queue as it stands after."""
    battle._select("layzner")
    assert orders.move_then_attack(battle, "baybull")
    settle(app, battle)
    assert battle.mode.name == "forecast"
    before = battle.obs.units["baybull"].hp
    app.step([key(pygame.K_RETURN)], dt=1 / 60)
    return before


def queued_cut_ins(battle):
    return [a for a in battle.queue.items if isinstance(a, CutInAnim)]


def test_the_players_attack_plays_its_cut_in_with_the_engines_numbers(app):
    battle = start_battle(app)
    hp_before = attack(app, battle)
    (anim,) = queued_cut_ins(battle)
    cut = anim.cut
    fired = battle.session.actions[-1]
    assert (cut.attacker.unit, cut.defender.unit) == ("layzner", "baybull")
    assert cut.blows[0].weapon_name == CATALOG.units["layzner"].weapon(fired.weapon).name
    engine = battle.session.state
    after = engine.units["baybull"].hp if "baybull" in engine.units else 0
    assert (cut.blows[0].hp_before, cut.blows[0].hp_after) == (hp_before, after)
    assert cut.blows[0].hit == (after < hp_before)
    for _ in range(6):  # a few frames in, the cut-in is drawn over the whole map view
        app.step([], dt=1 / 60)
    assert battle.queue.head() is anim and anim.covers_view()
    settle(app, battle)
    assert not queued_cut_ins(battle) and anim.t >= anim.duration


def test_off_plays_none_and_first_time_plays_each_weapon_once(app):
    app.options.cutins = "off"
    battle = start_battle(app)
    attack(app, battle)
    assert queued_cut_ins(battle) == []
    settle(app, battle)

    app.options.cutins = "first"
    battle = start_battle(app)
    attack(app, battle)
    assert len(queued_cut_ins(battle)) == 1
    first = battle.session.actions[-1]
    settle(app, battle)
    again = start_battle(app)  # a new mission in the same run: the same machine and weapon again
    attack(app, again)
    assert again.session.actions[-1].weapon == first.weapon
    assert queued_cut_ins(again) == []
    app.options.cutins = "always"
    settle(app, again)
    third = start_battle(app)
    attack(app, third)
    assert len(queued_cut_ins(third)) == 1


def test_f_skips_a_playing_cut_in_and_enter_jumps_to_its_result(app):
    battle = start_battle(app)
    attack(app, battle)
    app.step([], dt=1 / 60)
    anim = battle.queue.head()
    assert isinstance(anim, CutInAnim)
    app.step([key(pygame.K_RETURN)], dt=1 / 60)  # Enter: straight to the held result
    hold = next(b for b in anim.painter.beats if b.name == "hold")
    assert anim.t >= hold.start and battle.queue.head() is anim
    settle(app, battle)

    battle2 = start_battle(app, seed=5)
    attack(app, battle2)
    app.step([], dt=1 / 60)
    anim = battle2.queue.head()
    assert isinstance(anim, CutInAnim) and anim.t < anim.duration / 2
    app.step([key(pygame.K_f)], dt=1 / 60)  # F: fast-forward, the cut-in ends at once
    app.step([], dt=1 / 60)
    assert anim not in battle2.queue.items and battle2.fast


def test_every_beat_draws_with_the_generated_art_and_without_it(app, monkeypatch):
    state = game()
    lw = weapon("layzner")
    b_tile = state.units[B].tile
    events = [
        ev.VmaxActivated(L, True),
        ev.FolonIntervened(L, B),
        ev.AttackResolved(L, lw.id, B, 80, True, True, 9999, 0, False),
        ev.UnitDestroyed(B, L, b_tile),
    ]
    (cut,) = cut_ins(play(state, events))
    view = pygame.Rect(0, 46, 940, 674)
    colours = {"earth": (60, 120, 255), "grados": (200, 60, 50)}
    for fallback in (False, True):
        if fallback:  # no cut-in art at all: the map sprites scaled up and drawn pieces
            monkeypatch.setattr(assets, "cutin_unit", lambda *a, **k: None)
            monkeypatch.setattr(assets, "cutin_piece", lambda *a, **k: None)
        screen = pygame.Surface((1280, 720))
        painter = CutInPainter(cut, colours, attacker_left=True)
        names = [b.name for b in timeline(cut)]
        assert names == ["open", "call", "fire", "impact", "boom", "hold", "close"]
        for b in painter.beats:
            screen.fill((0, 0, 0))
            painter.draw(screen, view, (b.start + b.end) / 2)
            assert screen.get_at(view.center) != (0, 0, 0, 255)  # the stage is drawn
        assert screen.get_at((1200, 400)) == (0, 0, 0, 255)  # nothing outside the map view


def test_an_enemy_attack_in_its_phase_plays_with_the_enemy_on_the_right(app):
    from layzner_tactics.engine import Attack, EndPhase, Move, legal_actions

    battle = start_battle(app)
    session = battle.session
    moves = [a for a in session.legal() if isinstance(a, Move) and a.unit == "layzner"]
    baybull = session.state.units["baybull"].tile
    grid = session.state.grid
    closest = min(moves, key=lambda m: (grid.distance(m.path[-1], baybull), m.path[-1]))
    assert battle.do(closest) and battle.do(EndPhase(session.viewer))
    assert not session.human_turn()  # the Grados phase: nothing stepped yet, so the AI has not acted
    shots = [
        a
        for a in legal_actions(session.state)
        if isinstance(a, Attack) and a.unit == "baybull" and a.target == "layzner"
    ]
    assert shots, "the Baybull should reach the Layzner from where it stands"
    battle.queue.items.clear()
    assert battle.do(shots[0])  # the enemy's choice, fed as the AI's would be
    (anim,) = queued_cut_ins(battle)
    assert anim.cut.attacker.unit == "baybull" and not anim.painter.attacker_left
