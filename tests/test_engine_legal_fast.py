"""The quick paths of the legal list stay what a plain list and a plain search say.

``legal_actions_for`` returns a ``LegalActions`` list whose membership test looks Moves up per unit;
move searches are kept per unit on the enemies inside their reach, so an enemy moving far away does
not start them again, while one moving close does."""

import operator
import random

from layzner_tactics.bench import open_skirmish
from layzner_tactics.data import load_catalog
from layzner_tactics.engine import (
    Attack,
    EndPhase,
    Move,
    Special,
    UnitId,
    Wait,
    apply,
    new_game,
    observe,
    reachable_tiles,
)
from layzner_tactics.engine.builder import destroy_all, quick_setup
from layzner_tactics.engine.rules import VMAX, LegalActions, legal_actions_for, vmax_block, vmax_ready


def test_membership_of_the_legal_list_is_list_membership():
    state = new_game(open_skirmish(24, 8), 4)
    rng = random.Random(4)
    for _ in range(120):
        if state.outcome is not None:
            break
        obs = observe(state, state.side_to_act)
        legal = legal_actions_for(obs)
        assert isinstance(legal, LegalActions)
        plain = list(legal)
        # every listed action, the same moves along other paths and to taken tiles, actions of units
        # that are not there, another side's end of phase
        probes = [*rng.sample(plain, min(30, len(plain))), EndPhase(obs.side), Wait(UnitId("nobody"))]
        for a in plain:
            if isinstance(a, Move) and len(a.path) > 2:
                probes += [Move(a.unit, a.path[:-1]), Move(a.unit, (*a.path, a.path[-2]))]
        probes += [Attack(u.id, "cannon", e.id) for u in obs.own_units()[:3] for e in obs.enemies()[:3]]
        probes += [EndPhase(side) for side in ("earth", "grados")]
        for probe in probes:
            assert (probe in legal) == (probe in plain), probe
        apply(state, rng.choice(plain))
    # a list changed after it was made answers as a plain list does
    legal = legal_actions_for(observe(state, state.side_to_act))
    extra = Wait(UnitId("someone-else"))
    assert extra not in legal
    legal.append(extra)
    assert extra in legal
    legal = legal_actions_for(observe(state, state.side_to_act))
    first = legal[0]
    legal[0] = extra  # the same length, another action
    assert extra in legal and (first in legal) == (first in legal[1:])


def test_a_far_enemy_moving_keeps_a_units_search_and_a_near_one_changes_it():
    # a Braver moves 5 and sees 6: the enemy at distance 6 is seen but out of its move's reach
    setup = quick_setup(
        load_catalog(),
        ["." * 16] * 5,
        [
            ("me", "braver", "earth", 2, 2),
            ("far", "braver", "grados", 8, 2),
            ("near", "braver", "grados", 14, 4),
        ],
        objectives=[destroy_all("earth", ["grados"]), destroy_all("grados", ["earth"])],
    )
    state = new_game(setup, 1)
    me, far = state.units[UnitId("me")], state.units[UnitId("far")]
    obs = observe(state, me.side)
    assert obs.sees(far.tile)
    before = reachable_tiles(obs, me)
    state.put(far.with_(tile=far.tile + setup.grid.width))  # one step, still seen, still beyond reach
    obs = observe(state, me.side)
    assert obs.sees(state.units[far.id].tile)
    after = reachable_tiles(obs, me)
    assert after.cost is before.cost  # the very same search: nothing was searched again
    # an enemy steps next to the unit: it blocks the way, the search is new and goes round it
    beside = me.tile + 1
    state.put(state.units[UnitId("near")].with_(tile=beside))
    blocked = reachable_tiles(observe(state, me.side), me)
    assert blocked.cost is not before.cost and beside not in blocked.cost
    assert blocked.cost[beside + 1] == 4  # round the blocker (up, two across, down) instead of 2


def test_kept_unit_actions_are_the_actions_worked_out_afresh(monkeypatch):
    """Through random play of every bundled mission (storms, dust, garrisons, talkers, wrecks), the legal
    list built from what was kept of earlier decisions is the list worked out from nothing."""
    from layzner_tactics.engine import rules
    from layzner_tactics.scenario.loader import bundled_scenario_ids, load_scenario

    monkeypatch.setattr(rules, "KEEP_FROM", 0)  # keep for every side, however small

    rng = random.Random(9)
    for sid in bundled_scenario_ids():
        state = new_game(load_scenario(sid).setup, 3)
        for _ in range(150):
            if state.outcome is not None:
                break
            obs = observe(state, state.side_to_act)
            kept = list(legal_actions_for(obs))
            rules._KEPT.clear()
            assert kept == list(legal_actions_for(obs)), sid
            moves = [a for a in kept if isinstance(a, Move)]
            pick = rng.choice(moves) if moves and rng.random() < 0.6 else rng.choice(kept)
            apply(state, pick)


def test_the_legal_list_offers_vmax_exactly_when_the_rules_give_no_reason_against_it():
    # the list asks a quick yes/no; the menu shows vmax_block's reasons: they must never disagree
    catalog = load_catalog()
    rows = ["." * 8] * 4
    units = [("l", "layzner", "earth", 0, 0, "eiji"), ("b", "braver", "grados", 7, 3)]
    state = new_game(quick_setup(catalog, rows, units, objectives=[destroy_all("earth", ["grados"])]), 1)
    base = state.units[UnitId("l")]
    cost = catalog.units["layzner"].vmax.energy_cost
    variants = [
        base,
        base.with_(folon=True),
        base.with_(vmax=True),
        base.with_(cooldown=2),
        base.with_(moved=True),
        base.with_(acted=True),
        base.with_(energy=cost - 1),
        base.with_(energy=cost),
        state.units[UnitId("b")],
    ]
    answers = []
    for unit in variants:
        state.put(unit)
        obs = observe(state, "earth")  # Earth's phase: the Braver (no V-MAX) is on neither list
        listed = Special(unit.id, VMAX) in legal_actions_for(obs)
        assert listed == (vmax_block(obs, unit) is None) == vmax_ready(obs, unit)
        answers.append(listed)
    assert answers == [True, False, False, False, False, False, False, True, False]


def test_asked_before_it_is_listed_the_legal_list_answers_as_the_listed_one():
    """Through random play of every bundled mission (storms, dust, garrisons holding fire, talkers,
    wrecks), ``action in legal`` asked of a list nobody has read yet says what the listed list says,
    for every listed action and for near misses: other paths, weapons, targets, specials and sides."""
    from layzner_tactics.engine import UndoMove
    from layzner_tactics.engine.rules import CAPTURE, DUST, SPARE, TALK
    from layzner_tactics.scenario.loader import bundled_scenario_ids, load_scenario

    rng = random.Random(11)
    checked = 0
    for sid in bundled_scenario_ids():
        state = new_game(load_scenario(sid).setup, 5)
        for _ in range(120):
            if state.outcome is not None:
                break
            obs = observe(state, state.side_to_act)
            listed = list(legal_actions_for(obs))
            probes: list[object] = [*listed, EndPhase("earth"), EndPhase("grados"), "not an action", None]
            everyone = [*state.units.values(), *state.out_of_fight.values()]
            weapons = sorted({w.id for u in everyone for w in obs.catalog.units[u.type_id].weapons})
            for a in listed:
                if isinstance(a, Move):
                    probes += [
                        Move(a.unit, a.path[:-1]),
                        Move(a.unit, (*a.path, a.path[-1])),
                        Move(a.unit, list(a.path)),
                    ]
            for u in everyone:
                probes += [Wait(u.id), UndoMove(u.id), Special(u.id, VMAX), Special(u.id, DUST)]
                probes += [Special(u.id, "jump"), Special(u.id, VMAX, u.id), Move(u.id, (u.tile,))]
                for e in everyone:
                    probes += [Attack(u.id, w, e.id) for w in weapons]
                    probes += [Special(u.id, name, e.id) for name in (TALK, CAPTURE, SPARE, DUST)]
            fresh = legal_actions_for(obs)  # nobody has read it
            for probe in probes:
                assert (probe in fresh) == (probe in listed), (sid, probe)
            checked += len(probes)
            assert fresh == listed  # and read now, it is the same list
            moves = [a for a in listed if isinstance(a, Move)]
            pick = rng.choice(moves) if moves and rng.random() < 0.5 else rng.choice(listed)
            apply(state, pick)
    assert checked > 10_000


def test_the_legal_list_reads_as_a_list():
    state = new_game(open_skirmish(16, 4), 2)
    obs = observe(state, state.side_to_act)
    plain = list(legal_actions_for(obs))
    assert len(legal_actions_for(obs)) == len(plain) and bool(legal_actions_for(obs))
    assert legal_actions_for(obs)[-1] == EndPhase(obs.side) == plain[-1]
    assert legal_actions_for(obs)[1:4] == plain[1:4]
    assert [*legal_actions_for(obs)] == plain == legal_actions_for(obs)
    # two unread lists compared: both are listed
    assert legal_actions_for(obs) == legal_actions_for(obs)
    assert (legal_actions_for(obs) != legal_actions_for(obs)) is False
    assert legal_actions_for(obs) + legal_actions_for(obs) == plain + plain
    assert legal_actions_for(obs) <= legal_actions_for(obs) and not legal_actions_for(
        obs
    ) < legal_actions_for(obs)
    # both ways round: a plain list's + meets the unread list's own
    assert operator.add([], legal_actions_for(obs)) == plain == operator.add(legal_actions_for(obs), [])
    assert repr(legal_actions_for(obs)) == repr(plain)
    assert legal_actions_for(obs).index(plain[2]) == 2 and legal_actions_for(obs).count(plain[0]) == 1
    assert list(reversed(legal_actions_for(obs))) == plain[::-1]
    import copy
    import pickle

    assert copy.copy(legal_actions_for(obs)) == plain == pickle.loads(pickle.dumps(legal_actions_for(obs)))
    changed = legal_actions_for(obs)
    changed.remove(plain[0])
    assert plain[0] not in changed and changed == plain[1:]
