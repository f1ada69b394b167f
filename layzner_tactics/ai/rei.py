"""Rei, the Layzner's cockpit computer: advice for the player's selected unit, with its reason.

Rei reasons with the Earth AI's own scoring (``Tactician.candidates``), from the player's own
observation only, with its hidden agenda applied (data: ``layzner_tactics/data/ai/rei.toml``): it
overvalues the pilot's survival and will not advise striking the Grados commanders it was built to
protect. Every ``Advice`` also carries what an unbiased computer would have advised and which bias made
the difference, so the game can reveal the agenda when the story does. The UI and the tests call the
same ``advise``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..engine import VMAX, Action, Attack, Move, Observation, Special, UnitId, reachable_tiles
from .personality import ReiBias, load_rei_bias
from .tactical import VMAX_MARGIN, Candidate, Tactician

STORM_BAND = 15
"""Rei's figures are estimates: inside dust it quotes hit chances within this many points."""

SURVIVAL = "pilot_survival"
PROTECTED = "protected_pilot"


@dataclass(frozen=True, slots=True)
class AdviceNumbers:
    """The figures behind the advice (percentages and HP), as the forecast gives them."""

    score: float
    hit_chance: int | None = None
    damage: int | None = None
    kill_chance: int = 0
    counter_hit_chance: int | None = None
    counter_damage: int | None = None
    danger: float = 0.0
    """Expected damage on the advised tile next phase if every enemy in sight able to reach it fires."""
    cover: int = 0


@dataclass(frozen=True, slots=True)
class Advice:
    unit: UnitId
    actions: tuple[Action, ...]
    """What to do, in order (a move, then an attack or a wait); the first is legal now."""
    reason: str
    """One line: "Hit 72 %, no counter, cover +20"."""
    numbers: AdviceNumbers
    hit_estimate: tuple[int, int] | None = None
    """The hit chance as Rei quotes it: exact (low == high), or a band when dust blurs it."""
    bias_applied: str = ""
    """Which of Rei's biases changed the advice and how (empty when none did)."""
    bias_kind: str = ""
    """``pilot_survival``, ``protected_pilot`` or empty: machine-readable for the story to reveal."""
    unbiased: tuple[Action, ...] = ()
    """What an unbiased computer would have advised (equal to ``actions`` when the bias did nothing)."""


def advise(
    obs: Observation, legal: Sequence[Action], unit_id: UnitId, bias: ReiBias | None = None
) -> Advice | None:
    """Rei's advice for one of the player's units, or None when it cannot act now.

    Uses only ``obs`` and ``legal``; deterministic for the same inputs. ``bias`` defaults to Rei's data.
    """
    unit = obs.units.get(unit_id)
    if unit is None or unit.side != obs.side or unit.acted or obs.side != obs.side_to_act:
        return None
    legal_set = set(legal)
    bias = bias or load_rei_bias()
    plan = _plan(obs, unit_id, legal_set, bias)
    if plan is None:
        return None
    best, actions = plan
    honest_plan = _plan(obs, unit_id, legal_set, _honest(bias))
    honest, unbiased = honest_plan if honest_plan is not None else (best, actions)
    note, kind = "", ""
    if unbiased != actions:
        # which bias did it: try Rei with only its loyalty (no extra fear for the pilot)
        loyal_plan = _plan(obs, unit_id, legal_set, replace(bias, pilot_survival_weight=1.0))
        loyal = loyal_plan is not None and loyal_plan[1] == actions
        kind = PROTECTED if loyal and _strikes_protected(obs, honest, bias) else SURVIVAL
        note = _explain(obs, kind, honest, best)
    band = _hit_band(obs, best)
    return Advice(
        unit=unit_id,
        actions=actions,
        reason=("V-MAX, " if isinstance(actions[0], Special) and actions[0].name == VMAX else "")
        + reason_line(obs, best, band),
        numbers=AdviceNumbers(
            score=round(best.score, 2),
            hit_chance=best.strike.hit_chance if best.strike else None,
            damage=best.strike.damage if best.strike else None,
            kill_chance=best.kill_chance,
            counter_hit_chance=best.counter.hit_chance if best.counter else None,
            counter_damage=best.counter.damage if best.counter else None,
            danger=round(best.danger, 1),
            cover=best.cover,
        ),
        hit_estimate=band,
        bias_applied=note,
        bias_kind=kind,
        unbiased=unbiased,
    )


def _honest(bias: ReiBias) -> ReiBias:
    """The same computer without an agenda: same personality and code, no fear, no loyalty."""
    return ReiBias(bias.personality, 1.0, (), 0.0)


def _plan(
    obs: Observation, unit_id: UnitId, legal: set[Action], bias: ReiBias
) -> tuple[Candidate, tuple[Action, ...]] | None:
    """The top plan of the Earth AI's scoring for the unit under ``bias``, and its actions in order."""
    mind = Tactician(obs.side, 0, obs.posture, "earth", bias=bias)
    unit = obs.units[unit_id]
    found = mind.candidates(obs, unit, legal, limit=1)
    if not found:
        return None
    best = found[0]
    if Special(unit_id, VMAX) in legal:
        boosted = mind.candidates(obs, unit.with_(vmax=True), legal, limit=1, hypothetical=True)
        if boosted and boosted[0].score > best.score + VMAX_MARGIN:
            return boosted[0], _actions(obs, unit_id, boosted[0], vmax=True)
    return best, _actions(obs, unit_id, best)


def _actions(obs: Observation, unit_id: UnitId, c: Candidate, vmax: bool = False) -> tuple[Action, ...]:
    unit = obs.units[unit_id]
    out: list[Action] = []
    if vmax:
        unit = unit.with_(vmax=True)
        out.append(Special(unit_id, VMAX))
    if c.tile != unit.tile:
        out.append(Move(unit_id, reachable_tiles(obs, unit).path(c.tile)))
    out.append(c.action)
    return tuple(out)


def _strikes_protected(obs: Observation, c: Candidate, bias: ReiBias) -> bool:
    if not isinstance(c.action, Attack):
        return False
    target = obs.units.get(c.action.target)
    return target is not None and target.pilot in bias.protected_pilots


def _hit_band(obs: Observation, c: Candidate) -> tuple[int, int] | None:
    if c.strike is None:
        return None
    hit = c.strike.hit_chance
    target = obs.units.get(c.strike.target)
    blurred = target is not None and bool(
        (obs.storm_mask >> target.tile) & 1 or (obs.storm_mask >> c.tile) & 1
    )
    if blurred:
        return max(0, hit - STORM_BAND), min(100, hit + STORM_BAND)
    return hit, hit


def reason_line(obs: Observation, c: Candidate, band: tuple[int, int] | None = None) -> str:
    """The one-line reason for a plan, from its numbers: "Hit 72 %, no counter, cover +20"."""
    parts: list[str] = []
    if c.strike is not None:
        low, high = band or (c.strike.hit_chance, c.strike.hit_chance)
        parts.append(f"Hit {low} %" if low == high else f"Hit ~{low}-{high} % (dust)")
        parts.append(f"{c.strike.damage} damage")
        if c.kill_chance:
            parts.append(f"kill {c.kill_chance} %")
        if c.counter is None:
            parts.append("no counter")
        else:
            parts.append(f"counter {c.counter.hit_chance} % for {c.counter.damage}")
    elif isinstance(c.action, Special):
        parts.append(c.reason.split(";")[0].capitalize() if c.reason else c.action.name)
    else:
        x, y = obs.grid.xy(c.tile)
        unit = obs.units.get(c.unit)
        parts.append("Hold here" if unit is not None and unit.tile == c.tile else f"Move to ({x}, {y})")
        if "reaches safety" in c.reason:
            parts.append("reaches safety")
    if c.cover:
        parts.append(f"cover +{c.cover}")
    parts.append(f"~{int(c.danger)} damage could reach you" if c.danger >= 1 else "out of their reach")
    return ", ".join(parts)


def _explain(obs: Observation, kind: str, honest: Candidate, biased: Candidate) -> str:
    if kind == PROTECTED and isinstance(honest.action, Attack):
        target = obs.units.get(honest.action.target)
        who = target.pilot if target is not None and target.pilot else honest.action.target
        return (
            f"Rei did not advise striking {honest.action.target} ({who}): its pilot is one Rei was built "
            f"to protect. Unbiased: {reason_line(obs, honest)}"
        )
    return (
        f"Rei weighed the pilot's survival above the mission: danger ~{int(biased.danger)} instead of "
        f"~{int(honest.danger)}. Unbiased: {reason_line(obs, honest)}"
    )
