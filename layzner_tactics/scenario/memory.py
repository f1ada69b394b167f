"""The campaign's memory as scenario files name it: story flags, pilots' fates, missions won.

A flag is a short name the campaign remembers after a won mission. Three kinds exist:

- story flags, set by a mission's ``{ flag = "..." }`` effect (listed in ``STORY_FLAGS``, or set by the
  same file);
- ``fate.<pilot>.<fate>``, set by the game when a pilot leaves a fight alive or dies:
  ``spared``, ``captured``, ``withdrew`` (talked down), ``disabled`` (left in the wreck) or ``killed``;
- ``won.<mission-id>``, set when that mission is won.

Scenario files read flags with ``requires``/``unless`` on units, triggers, effects, objectives and
``[[story]]`` paragraphs; the loader checks every name here so a typo is an error, not a silent branch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..engine.catalog import Catalog
from ..engine.schema import suggest
from ..i18n import N_, T_, Text

STORY_FLAGS: dict[str, str] = {
    "rei_revealed": N_("Rei's hidden agenda is known: every advice shows the bias applied to it"),
}
"""The story flags of the bundled campaign, with what they mean (for authors and the debrief)."""

FATES = ("spared", "captured", "withdrew", "disabled", "killed")
"""The fates a named pilot can meet, as ``fate.<pilot>.<fate>`` flags."""

FATE_WORDS = {
    "spared": N_("spared"),
    "captured": N_("captured"),
    "withdrew": N_("talked out of the fight"),
    "disabled": N_("left in the wreck"),
    "killed": N_("killed"),
}

UNNAMED_PILOTS = frozenset({"grados_line", "garrison"})
"""Generic pilots: the campaign remembers no fate for them."""

FLAG_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
WON_PATTERN = re.compile(r"^won\.[A-Za-z0-9][A-Za-z0-9_\-]{0,63}$")


def fate_flag(pilot: str, fate: str) -> str:
    return f"fate.{pilot}.{fate}"


def flag_problem(flag: object, catalog: Catalog, own: Iterable[str] = ()) -> str | None:
    """Why ``flag`` is not a flag the campaign can ever hold, or None when it is one."""
    if not isinstance(flag, str):
        return "expected a flag name (text)"
    if flag.startswith("fate."):
        parts = flag.split(".")
        if len(parts) != 3:
            return "a fate flag is fate.<pilot>.<fate>, such as fate.lobelia.withdrew"
        _, pilot, fate = parts
        if pilot not in catalog.pilots:
            return "unknown pilot" + suggest(pilot, catalog.pilots)
        if pilot in UNNAMED_PILOTS:
            return f"{pilot} is a generic pilot: the campaign keeps no fate for it"
        if fate not in FATES:
            return f"unknown fate (one of {', '.join(FATES)})" + suggest(fate, FATES)
        return None
    if flag.startswith("won."):
        return None if WON_PATTERN.match(flag) else "won.<mission-id> needs a mission id"
    known = set(STORY_FLAGS) | set(own)
    if flag in known:
        return None
    if not FLAG_PATTERN.match(flag):
        return "a story flag is lower-case letters, digits and '_'" + suggest(flag, known)
    return "unknown flag: not a fate.<pilot>.<fate> or won.<mission> flag, and no trigger sets it" + suggest(
        flag, known
    )


def story_flag_problem(flag: object) -> str | None:
    """Why ``flag`` cannot be set by a ``{ flag = ... }`` effect (fates and wins are automatic)."""
    if not isinstance(flag, str):
        return "expected a flag name (text)"
    if flag.startswith(("fate.", "won.")):
        return "fate.* and won.* flags are set by the game itself, not by triggers"
    if not FLAG_PATTERN.match(flag):
        return "a story flag is lower-case letters, digits and '_'"
    return None


def describe_flag(flag: str, pilot_name: dict[str, str] | None = None) -> Text | str:
    """Plain words for a flag, for the debrief ("Lobelia: talked out of the fight"); a ``Text`` the UI
    translates (``str()``: the English), or a story flag's own name when it has no words."""
    if flag.startswith("fate."):
        parts = flag.split(".")
        if len(parts) == 3:
            name = (pilot_name or {}).get(parts[1], parts[1].replace("_", " ").title())
            fate = T_(FATE_WORDS[parts[2]]) if parts[2] in FATE_WORDS else parts[2]
            return T_("{pilot}: {fate}", pilot=name, fate=fate)
    if flag.startswith("won."):
        return T_("won {mission}", mission=flag[4:])
    return T_(STORY_FLAGS[flag]) if flag in STORY_FLAGS else flag.replace("_", " ")
