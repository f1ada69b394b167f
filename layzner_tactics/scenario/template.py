"""``layzner-tactics new NAME``: a commented, valid starting mission in the player's mission folder."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .library import SUFFIX, bundled_scenario_ids, user_scenarios_dir
from .loader import ID_PATTERN
from .schema import SCHEMA_FILE, scenario_schema

TEMPLATE = '''#:schema ./@SCHEMA@
# A new mission for Layzner Tactics: a skirmish to start from. Edit it, then check and try it:
#   layzner-tactics validate @ID@          every mistake as FILE:LINE: KEY.PATH: problem
#   layzner-tactics render @ID@ --out map.png
#   layzner-tactics simulate @ID@ --games 100
# It appears in the game under Skirmish, marked as yours. `layzner-tactics scenarios --guide` prints
# where the authors' guide (every key, every policy) is; the first line points TOML editors (taplo,
# Even Better TOML) at the JSON Schema written beside this file, so they complete and check keys.
# Inline tables { ... } must stay on one line: use [[units]] tables when they grow long.

[scenario]
id = "@ID@"                 # must be the file name without .toml
title = "@TITLE@"
kind = "skirmish"                   # "skirmish", or "mission" for a campaign-style mission
order = 50                          # position in the list
max_turns = 15                      # 1..200
on_turn_limit = "grados"            # who wins when the turns run out: a side id or "draw"
briefing = """Anna's buggy must reach the landing pad in the east before the Grados patrol closes in."""
debrief_win = """The buggy is on the pad. The shuttle lifts off into the dust."""
debrief_loss = """The patrol got through. The pad is Grados ground now."""

[map]
# one character a tile (. regolith  ~ dunes  o crater  * boulders  ^ ridge  % ruins  : rubble
# = base floor  # base wall  _ canyon floor  T tunnel  H landing pad); x runs right, y down, from 0
rows = """
....................
..~~~......**.......
..~~~......**...^^..
.......oo.......^^..
.......oo...........
..%%............====
..%%............=HH=
................====
.....::.....~~......
.....::.....~~......
....................
....................
"""
zones = { pad = [[17, 6], [18, 6]] }   # a rectangle: both corners included

[[sides]]
id = "earth"
name = "Earth"
controller = "human"                # "human" or an AI policy: grados, earth, aggressive, random
ai = "earth"                        # who plays this side in simulations
colour = "#3a7bd5"

[[sides]]
id = "grados"
name = "Grados"
controller = "grados"
posture = "hunt"                    # hold | hunt | pursue | retreat | defend | escort
colour = "#c0392b"

[[units]]
id = "layzner"
type = "layzner"
side = "earth"
at = [1, 10]
pilot = "eiji"

[[units]]
id = "buggy"
type = "buggy"
side = "earth"
at = [2, 11]
pilot = "anna"
name = "Anna's buggy"

[[units]]
id = "braver-1"
type = "braver"
side = "grados"
at = [14, 1]

[[units]]
id = "braver-2"
type = "braver"
side = "grados"
at = [18, 9]

[[objectives]]
id = "reach-the-pad"
side = "earth"
kind = "escort"                     # escort | reach | protect | survive | destroy
units = ["buggy"]
zone = "pad"
text = "Get Anna's buggy to the landing pad"

[[objectives]]
id = "stop-the-buggy"
side = "grados"
kind = "destroy"
units = ["buggy"]
text = "Destroy the buggy"

[[triggers]]
id = "second-wave"
when = { turn = 3 }
do = [
  { reinforce = [{ id = "braver-3", type = "braver", side = "grados", at = [19, 0] }] },
  { dialogue = { speaker = "Rei", text = "A third SPT, north-east." } },
]
'''


RESERVED_IDS = ("demo", "training")
"""Built-in games with no file (the simulator's demo, the UI's training drill): their ids win."""


class MissionExists(FileExistsError):
    """``new`` would overwrite a file, or take a bundled mission's id."""


def new_mission_text(sid: str, title: str = "") -> str:
    """The starting mission with id ``sid`` (valid as it stands: ``validate`` passes it)."""
    title = title or sid.replace("-", " ").replace("_", " ").title()
    return TEMPLATE.replace("@ID@", sid).replace("@TITLE@", title).replace("@SCHEMA@", SCHEMA_FILE)


def write_schema(path: str | Path) -> Path:
    """Write the scenario JSON Schema to ``path`` (atomically)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(scenario_schema(), f, indent=2)
            f.write("\n")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def write_new_mission(sid: str, force: bool = False) -> Path:
    """Write ``<user folder>/<sid>.toml`` and the schema beside it; return the mission's path.

    Raises ``ValueError`` for a bad id, ``MissionExists`` for a file already there (unless ``force``)
    or a bundled mission's id, ``OSError`` when the folder cannot be written.
    """
    if not ID_PATTERN.match(sid):
        raise ValueError(f"{sid!r}: a mission id is letters, digits, '-' and '_' (at most 64)")
    if sid in bundled_scenario_ids() or sid in RESERVED_IDS:
        raise MissionExists(f"{sid!r} is the id of one of the game's own missions: choose another name")
    folder = user_scenarios_dir()
    target = folder / f"{sid}{SUFFIX}"
    if target.exists() and not force:
        raise MissionExists(f"{target} already exists (--force overwrites it)")
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(new_mission_text(sid), encoding="utf-8")
    write_schema(folder / SCHEMA_FILE)
    return target
