"""Rei, the Layzner's cockpit computer: advice for the player's selected unit, with its reason.

Rei reasons with the Earth AI's own scoring, from the player's own observation only, and with its
hidden agenda applied (data: ``layzner_tactics/data/ai/rei.toml``): it overvalues the pilot's survival
and will not advise striking the Grados commanders it was built to protect. Every ``Advice`` also says
what an unbiased computer would have advised, so the game can reveal the bias when the story does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..engine import Action, Attack, Move, Observation, Special, UnitId, reachable_tiles
from .personality import load_rei_bias
from .tactical import Candidate, Tactician

STORM_BAND = 15
"""Rei's figures are estimates: inside dust it quotes hit chances within this many points."""


@dataclass(frozen=True, slots=True)
class Advice:
    unit: UnitId
    actions: tuple[Action, ...]
    """What to do, in order (a move, then an attack or a wait)."""
    reason: str
    """One line: "Hit 72 %, no counter, cover +20"."""
    hit_estimate: tuple[int, int] | None = None
    """The hit chance as Rei quotes it: exact (low == high), or a band when dust or fog blurs it."""
    bias_applied: str = ""
    """How Rei's agenda changed the advice (empty when it did not)."""
    unbiased: tuple[Action, ...] = ()
    """What an unbiased computer would have advised (equal to ``actions`` when the bias did nothing)."""


def advise(obs: Observation, legal: Sequence[Action], unit_id: UnitId) -> Advice | None:
    """Rei's advice for one of the player's units, or None when it cannot act now."""
    unit = obs.units.get(unit_id)
    if unit is None or unit.side != obs.side or unit.acted or obs.side != obs.side_to_act:
        return None
    legal_set = set(legal)
    bias = load_rei_bias()
    biased = Tactician(obs.side, 0, obs.posture, "earth", bias=bias)
    plain = Tactician(obs.side, 0, obs.posture, "earth")
    best = biased.candidates(obs, unit, legal_set, limit=1)
    honest = plain.candidates(obs, unit, legal_set, limit=1)
    if not best:
        return None
    actions = _actions(obs, unit_id, best[0])
    unbiased = _actions(obs, unit_id, honest[0]) if honest else actions
    note = ""
    if unbiased != actions:
        note = _explain(obs, honest[0] if honest else None, bias.protected_pilots)
    band = _hit_band(obs, best[0])
    return Advice(
        unit=unit_id,
        actions=actions,
        reason=_reason(best[0], band),
        hit_estimate=band,
        bias_applied=note,
        unbiased=unbiased,
    )


def _actions(obs: Observation, unit_id: UnitId, c: Candidate) -> tuple[Action, ...]:
    unit = obs.units[unit_id]
    out: list[Action] = []
    if c.tile != unit.tile:
        out.append(Move(unit_id, reachable_tiles(obs, unit).path(c.tile)))
    out.append(c.action)
    return tuple(out)


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


def _reason(c: Candidate, band: tuple[int, int] | None) -> str:
    if c.strike is not None and band is not None:
        low, high = band
        hit = f"Hit {low}%" if low == high else f"Hit ~{low}-{high}% (dust)"
        rest = c.reason.split(": ", 1)[-1] if ": " in c.reason else c.reason
        parts = [p for p in rest.split(", ") if not p.startswith("hit ")]
        return ", ".join([hit, *parts])
    if isinstance(c.action, Special):
        return c.reason.capitalize() if c.reason else c.action.name
    return c.reason.capitalize() if c.reason else "Hold position."


def _explain(obs: Observation, honest: Candidate | None, protected: tuple[str, ...]) -> str:
    if honest is not None and isinstance(honest.action, Attack):
        target = obs.units.get(honest.action.target)
        if target is not None and target.pilot in protected:
            return f"Rei will not advise striking {target.id}: its pilot is one Rei was built to protect"
    return "Rei weighs the pilot's survival above the mission"
