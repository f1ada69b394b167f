"""A mission being played: the scenario, the seed, the live state and every action applied so far.

No pygame here: the battle scene drives a ``Session`` and animates the events it returns. Saves are
versioned JSON (scenario id + content hash + seed + actions + the state hash); loading replays the
actions on a fresh game and refuses the file, with a message, if anything does not match. Campaign
progress and options live beside the saves in the user data directory (``$LAYZNER_TACTICS_HOME``
overrides it), always written atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..engine import (
    Action,
    Event,
    GameState,
    IllegalActionError,
    Observation,
    SideId,
    UnitId,
    action_from_data,
    action_to_data,
    apply,
    legal_actions,
    new_game,
    observe,
)
from ..engine.events import FlagSet
from ..scenario.memory import FATES
from ..scenario.model import Scenario, SideInfo
from ..storage import home_dir, write_json_atomic

if TYPE_CHECKING:
    from ..campaign import MissionRecord

SAVE_FORMAT = "layzner-save"
SAVE_VERSION = 1
KEEP_SAVES = 5
MAX_SAVE_BYTES = 20_000_000
TRAINING_ID = "training"


class SaveError(ValueError):
    """A save file that cannot be used; the message says why (shown to the player as is)."""


# ------------------------------------------------------------------------------------------------
# Files
# ------------------------------------------------------------------------------------------------


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


class ProgressError(ValueError):
    """progress.json exists but cannot be used; the message says why and where the file was kept."""


@dataclass
class Progress:
    """The campaign kept between runs (``progress.json``): everything a later mission may depend on.

    - ``completed``: missions won, in the order they were won;
    - ``xp``: experience per pilot, from won missions and the simulator (it makes the students better:
      ``campaign.overrides_for``); ``training_xp`` is the simulator's share of it, capped;
    - ``fates``: named enemy pilot -> ``spared`` | ``captured`` | ``withdrew`` | ``disabled`` | ``killed``;
    - ``flags``: story flags set by won missions (``rei_revealed``...).

    Only a won mission is remembered (``campaign.record_mission``): a loss keeps no xp, no fate and no
    flag, since the mission is played again. An old file with only ``completed`` loads; a corrupt one is
    moved aside (never deleted or overwritten) and ``error`` says so.
    """

    completed: list[str] = field(default_factory=list)
    xp: dict[str, int] = field(default_factory=dict)
    fates: dict[str, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    training_xp: dict[str, int] = field(default_factory=dict)
    error: str = ""
    """Set when progress.json could not be read: the message for the title screen."""

    @property
    def memory(self) -> frozenset[str]:
        """Every flag the campaign holds: story flags, ``fate.<pilot>.<fate>`` and ``won.<mission>``."""
        from ..campaign import fate_flags

        return frozenset(self.flags) | fate_flags(self.fates) | {f"won.{m}" for m in self.completed}

    @staticmethod
    def path() -> Path:
        return home_dir() / "progress.json"

    @staticmethod
    def read(path: Path) -> Progress:
        """Parse a progress file. Raises ``ProgressError`` (nothing changed) when it is not one."""
        try:
            if path.stat().st_size > MAX_SAVE_BYTES:
                raise ProgressError(f"{path.name}: too large to be campaign progress")
            data = _read_json(path)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise ProgressError(f"{path.name}: unreadable (truncated or corrupted?): {err}") from None
        if not isinstance(data, dict):
            raise ProgressError(f"{path.name}: not campaign progress (expected a JSON object)")

        def strings(key: str) -> list[str]:
            value = data.get(key, [])
            if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
                raise ProgressError(f"{path.name}: {key} must be a list of names")
            return list(dict.fromkeys(value))

        def numbers(key: str) -> dict[str, int]:
            value = data.get(key, {})
            if not isinstance(value, dict) or not all(
                isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 1_000_000 for v in value.values()
            ):
                raise ProgressError(f"{path.name}: {key} must map pilots to whole numbers >= 0")
            return {str(k): v for k, v in value.items()}

        fates = data.get("fates", {})
        if not isinstance(fates, dict) or not all(v in FATES for v in fates.values()):
            raise ProgressError(f"{path.name}: fates must map pilots to one of {', '.join(FATES)}")
        return Progress(
            completed=strings("completed"),
            xp=numbers("xp"),
            fates={str(k): str(v) for k, v in fates.items()},
            flags=strings("flags"),
            training_xp=numbers("training_xp"),
        )

    @staticmethod
    def load() -> Progress:
        """The saved progress; a fresh one when there is none. A broken file is kept beside, renamed."""
        path = Progress.path()
        if not path.exists():
            return Progress()
        try:
            return Progress.read(path)
        except ProgressError as err:
            kept = _keep_aside(path)
            where = f"kept as {kept.name}" if kept else "left in place (it could not be moved)"
            return Progress(error=f"Campaign progress could not be read ({err}); the file was {where}.")

    def to_data(self) -> dict[str, Any]:
        return {
            "completed": self.completed,
            "xp": dict(sorted(self.xp.items())),
            "fates": dict(sorted(self.fates.items())),
            "flags": sorted(self.flags),
            "training_xp": dict(sorted(self.training_xp.items())),
        }

    def save(self) -> None:
        if self.error and Progress.path().exists():
            return  # the unreadable file could not be moved aside: never write over it
        write_json_atomic(Progress.path(), self.to_data())

    def restart(self) -> Progress:
        """A new campaign: the current file is kept as ``progress.json.previous``, a fresh one saved."""
        path = Progress.path()
        if path.exists() and not self.error:
            os.replace(path, path.with_name(f"{path.name}.previous"))
        fresh = Progress()
        fresh.save()
        return fresh

    def mark(self, mission_id: str) -> None:
        if mission_id not in self.completed:
            self.completed.append(mission_id)
        self.save()

    def apply(self, record: MissionRecord) -> None:
        """Keep what a finished mission adds (nothing unless it counts), then save."""
        if not record.counts:
            return
        from ..campaign import SIMULATOR_ID

        for pilot, gain in record.xp.items():
            self.xp[pilot] = self.xp.get(pilot, 0) + gain
            if record.mission == SIMULATOR_ID:
                self.training_xp[pilot] = self.training_xp.get(pilot, 0) + gain
        self.fates.update(record.fates)
        self.flags = sorted(set(self.flags) | set(record.flags))
        if record.mission != SIMULATOR_ID and record.mission not in self.completed:
            self.completed.append(record.mission)
        self.save()


def _keep_aside(path: Path) -> Path | None:
    """Rename a broken file to ``NAME.broken-N`` (the first free N); None when that fails."""
    for n in range(1, 1000):
        target = path.with_name(f"{path.name}.broken-{n}")
        if not target.exists():
            try:
                os.replace(path, target)
            except OSError:
                return None
            return target
    return None


@dataclass
class Options:
    """Player options kept between runs."""

    volume: float = 0.7
    """Master volume, 0..1; effects and the ambient/wind loops are scaled by it."""
    muted: bool = False
    anim_speed: float = 1.0
    window: tuple[int, int] = (1280, 720)
    fullscreen: bool = False
    effects_volume: float = 1.0
    ambient_volume: float = 0.6
    keys: dict[str, list[str]] = field(default_factory=dict)
    """Key bindings, ``{action: [key name, ...]}`` (see ``ui.keys``); empty means the defaults."""
    note: str = field(default="", compare=False)
    """Not saved: why the file was not used (unreadable), for the screen."""

    @staticmethod
    def load() -> Options:
        """The saved options; the defaults (with ``note`` saying why) when the file is unreadable."""
        out = Options()
        path = home_dir() / "options.json"
        try:
            data = _read_json(path)
        except FileNotFoundError:
            return out
        except (OSError, ValueError) as err:
            data = err
        if not isinstance(data, dict):
            why = data if isinstance(data, Exception) else "not a table of options"
            out.note = f"The options file could not be read ({why}); the defaults are used."
            try:  # keep the bad file for a look; the next save writes a good one
                os.replace(path, path.with_name("options.json.bad"))
                out.note += " It was kept as options.json.bad."
            except OSError:
                pass
            return out
        for name in ("volume", "effects_volume", "ambient_volume"):
            vol = data.get(name)
            if isinstance(vol, (int, float)) and not isinstance(vol, bool):
                setattr(out, name, min(1.0, max(0.0, float(vol))))
        keys = data.get("keys")
        if isinstance(keys, dict):
            out.keys = {
                str(a): [n for n in names if isinstance(n, str)][:3]
                for a, names in keys.items()
                if isinstance(names, list)
            }
        if isinstance(data.get("muted"), bool):
            out.muted = data["muted"]
        speed = data.get("anim_speed")
        if isinstance(speed, (int, float)) and not isinstance(speed, bool) and 0.25 <= speed <= 4:
            out.anim_speed = float(speed)
        win = data.get("window")
        if (
            isinstance(win, list)
            and len(win) == 2
            and all(isinstance(v, int) and 320 <= v <= 8000 for v in win)
        ):
            out.window = (win[0], win[1])
        if isinstance(data.get("fullscreen"), bool):
            out.fullscreen = data["fullscreen"]
        return out

    def save(self) -> None:
        write_json_atomic(
            home_dir() / "options.json",
            {
                "volume": self.volume,
                "muted": self.muted,
                "anim_speed": self.anim_speed,
                "window": list(self.window),
                "fullscreen": self.fullscreen,
                "effects_volume": self.effects_volume,
                "ambient_volume": self.ambient_volume,
                "keys": self.keys,
            },
        )


# ------------------------------------------------------------------------------------------------
# Missions
# ------------------------------------------------------------------------------------------------


Mission = Scenario
"""The UI plays ``scenario.model.Scenario`` itself (built for the campaign's memory and the students'
skills by ``load_mission``); the old name stays for callers."""
SideBrief = SideInfo


@dataclass(frozen=True, slots=True)
class MissionEntry:
    """One line of the mission list: a mission that loads, or the loader's message when it does not."""

    id: str
    title: str
    kind: str
    order: int
    error: str = ""


def mission_from_scenario(sc: Scenario) -> Mission:
    """Kept for callers of the old API: a scenario is a mission."""
    return sc


TRAINING_MAP = (
    "..........",
    "..*....^..",
    "..........",
    "....~~....",
    "..........",
)


def training_mission() -> Mission:
    """A tiny built-in map (the Layzner against one Baybull) for tests and a quick first look."""
    from ..data import load_catalog
    from ..engine.builder import DEFAULT_LEGEND, destroy_all, quick_setup

    setup = quick_setup(
        load_catalog(),
        TRAINING_MAP,
        [
            ("layzner", "layzner", "earth", 1, 2, "eiji"),
            ("baybull", "baybull", "grados", 8, 2),
        ],
        objectives=[
            destroy_all("earth", ["grados"], "Destroy the Baybull"),
            destroy_all("grados", ["earth"], "Destroy the Layzner"),
        ],
        max_turns=10,
        scenario_id=TRAINING_ID,
    )
    digest = hashlib.blake2b(repr(TRAINING_MAP).encode(), digest_size=16).hexdigest()
    return Scenario(
        id=TRAINING_ID,
        title="Training: Baybull Drill",
        kind="skirmish",
        order=99,
        briefing="A simulator run. Rei has put one Baybull on the field. Destroy it.",
        debrief_win="Drill complete. Rei logs the result without comment.",
        debrief_loss="The simulator resets. Rei suggests you try again.",
        sides=(
            SideInfo(SideId("earth"), "Earth", "human", "earth"),
            SideInfo(SideId("grados"), "Grados", "grados", "grados"),
        ),
        setup=setup,
        map_rows=TRAINING_MAP,
        legend=dict(DEFAULT_LEGEND),
        unit_names={UnitId("layzner"): "Layzner", UnitId("baybull"): "Baybull"},
        player_side=SideId("earth"),
        source="<built-in>",
        content_hash=digest,
    )


def demo_mission() -> Mission:
    """The simulator's built-in demo skirmish (``sim.scenarios.demo_scenario``), Earth played by hand."""
    from ..sim.scenarios import demo_scenario

    return demo_scenario(human="earth")


BUILT_IN = {TRAINING_ID: training_mission, "demo": demo_mission}


def load_mission(
    ref: str,
    memory: Iterable[str] = (),
    overrides: Mapping[str, Any] | None = None,
) -> Mission:
    """A mission by id or path, built for the campaign's ``memory`` (flags) and catalog ``overrides``.

    Raises ``MissionError`` with the loader's message on a broken file.
    """
    if ref == TRAINING_ID:
        return training_mission()
    try:
        from ..scenario.loader import load_scenario
        from ..scenario.model import ScenarioError
        from ..sim.scenarios import DEMO_ID, demo_scenario
    except ImportError as err:  # the loader is optional while it is being written
        raise MissionError(f"scenarios cannot be loaded: {err}") from None
    try:
        if ref == DEMO_ID:
            return demo_scenario(overrides, human="earth")
        return load_scenario(ref, overrides, memory)
    except FileNotFoundError as err:
        raise MissionError(str(err)) from None
    except ScenarioError as err:
        raise MissionError(str(err)) from None


def campaign_mission(ref: str, progress: Progress) -> Mission:
    """The mission as the campaign plays it: its memory's parts, the students' earned skills."""
    from ..campaign import overrides_for, without_the_lost
    from ..data import load_catalog

    mission = load_mission(ref, progress.memory, overrides_for(load_catalog(), progress.xp) or None)
    return without_the_lost(mission, progress.memory)


class MissionError(ValueError):
    """A mission that cannot be played; the message is the loader's, for the screen."""


def mission_list() -> list[MissionEntry]:
    """Every bundled mission and skirmish (campaign order), plus the built-in training map."""
    entries: list[MissionEntry] = []
    try:
        from ..scenario.loader import bundled_scenario_ids

        ids = bundled_scenario_ids()
    except ImportError:
        ids = []
    for sid in ids:
        try:
            m = load_mission(sid)
            entries.append(MissionEntry(m.id, m.title, m.kind, m.order))
        except MissionError as err:
            entries.append(MissionEntry(sid, sid, "mission", 999, str(err)))
    if not entries:
        entries.append(MissionEntry("demo", "Demo skirmish", "skirmish", 98))
    entries.append(MissionEntry(TRAINING_ID, "Training: Baybull Drill", "skirmish", 99))
    return sorted(entries, key=lambda e: (e.kind != "mission", e.order, e.id))


# ------------------------------------------------------------------------------------------------
# The session
# ------------------------------------------------------------------------------------------------


def make_ai(name: str, side: SideId, seed: int) -> Any:
    """The policy for an AI side; an unknown policy name falls back to ``random``."""
    from ..ai.policy import make_policy

    try:
        return make_policy(name or "grados", side, seed)
    except KeyError:
        return make_policy("random", side, seed)


class Session:
    """One mission in play. Every change goes through ``act`` (engine ``apply``), which records it."""

    def __init__(self, mission: Mission, seed: int, actions: list[Action] | None = None) -> None:
        self.mission = mission
        self.seed = seed
        self.state: GameState = new_game(mission.setup, seed)
        self.actions: list[Action] = []
        self.opening: list[Event] = list(self.state.opening_events)
        self.flags_set: list[str] = []
        """Story flags the mission's triggers set so far, in order."""
        self.remembered = False
        """Set once the campaign has kept this mission's record (a debrief shown twice adds it once)."""
        self._note_flags(self.opening)
        for action in actions or ():
            self.act(action)
        humans = [s.id for s in mission.sides if s.controller == "human"]
        self.human: SideId | None = mission.player_side or (humans[0] if humans else None)
        self.ai: dict[SideId, Any] = {
            s.id: make_ai(s.ai if s.controller == "human" else s.controller, s.id, seed)
            for s in mission.sides
            if s.id != self.human
        }

    @property
    def memory(self) -> frozenset[str]:
        """The campaign flags known in this mission: those it started with (``mission.memory``, from
        ``Progress``) plus the story flags set and the pilots' fates met since (``fate.<pilot>.<fate>``).
        Read-only; the battle screen asks ``"rei_revealed" in session.memory``."""
        from ..campaign import fate_flags, pilot_fates

        return self.mission.memory | set(self.flags_set) | fate_flags(pilot_fates(self.state, self.human))

    def _note_flags(self, events: list[Event]) -> None:
        for e in events:
            if isinstance(e, FlagSet) and e.flag not in self.flags_set:
                self.flags_set.append(e.flag)

    @property
    def viewer(self) -> SideId:
        """The side whose eyes the screen uses."""
        return self.human or self.state.setup.sides[0].id

    def observation(self) -> Observation:
        return observe(self.state, self.viewer)

    def legal(self) -> list[Action]:
        return legal_actions(self.state)

    def human_turn(self) -> bool:
        return self.state.outcome is None and self.state.side_to_act == self.human

    def act(self, action: Action) -> list[Event]:
        """Apply ``action``; raises ``IllegalActionError`` (state unchanged) when it is not legal."""
        events = apply(self.state, action)
        self.actions.append(action)
        self._note_flags(events)
        return events

    def ai_step(self) -> tuple[Action, list[Event]]:
        """One action of the AI side to act (the AI sees only its own observation)."""
        side = self.state.side_to_act
        policy = self.ai[side]
        action = policy.choose(observe(self.state, side), legal_actions(self.state))
        return action, self.act(action)

    def unit_name(self, unit_id: UnitId | str) -> str:
        return self.mission.name_of(unit_id)

    def won(self) -> bool:
        outcome = self.state.outcome
        return outcome is not None and self.human is not None and outcome.winner == self.human

    def record(self, progress: Progress) -> MissionRecord:
        """What this finished mission adds to the campaign (``campaign.record_mission``)."""
        from ..campaign import record_mission

        return record_mission(
            self.mission.id,
            self.mission.kind,
            self.won(),
            self.state,
            self.human,
            self.flags_set,
            self.state.catalog,
            progress.training_xp,
        )

    # --- saving ------------------------------------------------------------------------------

    def to_data(self) -> dict[str, Any]:
        return {
            "format": SAVE_FORMAT,
            "version": SAVE_VERSION,
            "scenario_id": self.mission.id,
            "scenario_path": self.mission.source,
            "scenario_hash": self.mission.content_hash,
            "title": self.mission.title,
            "seed": self.seed,
            "turn": self.state.turn,
            "saved_at": time.strftime("%Y-%m-%d %H:%M:%S"),
            "memory": sorted(self.mission.memory),
            "overrides": dict(sorted(self.mission.overrides.items())),
            "actions": [action_to_data(a) for a in self.actions],
            "state_hash": self.state.hash(),
        }


def saves_dir() -> Path:
    return home_dir() / "saves"


def save_session(session: Session, keep: int = KEEP_SAVES) -> Path:
    """Write a new numbered save (atomic) and delete all but the newest ``keep``; returns its path."""
    folder = saves_dir()
    folder.mkdir(parents=True, exist_ok=True)
    existing = list_saves()
    number = max((_save_number(p) for p in existing), default=0) + 1
    path = folder / f"save-{number:05d}.json"
    write_json_atomic(path, session.to_data())
    for old in list_saves()[keep:]:
        old.unlink(missing_ok=True)
    return path


def _save_number(path: Path) -> int:
    try:
        return int(path.stem.split("-", 1)[1])
    except (IndexError, ValueError):
        return 0


def list_saves() -> list[Path]:
    """Save files, newest first."""
    folder = saves_dir()
    if not folder.is_dir():
        return []
    return sorted(folder.glob("save-*.json"), key=_save_number, reverse=True)


def save_summary(path: Path) -> str:
    """One line for the load menu (never raises)."""
    try:
        data = _read_json(path)
        return f"{data['title']} - turn {data['turn']} - {data['saved_at']}"
    except (OSError, ValueError, KeyError, TypeError):
        return f"{path.name} (unreadable)"


def load_session(path: str | Path) -> Session:
    """Rebuild a session from a save. Raises ``SaveError`` (and changes nothing) on any problem."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_SAVE_BYTES:
            raise SaveError(f"{p.name}: too large to be a save")
        data = _read_json(p)
    except FileNotFoundError:
        raise SaveError(f"{p.name}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise SaveError(f"{p.name}: unreadable (truncated or corrupted?): {err}") from None
    if not isinstance(data, dict) or data.get("format") != SAVE_FORMAT:
        raise SaveError(f"{p.name}: not a Layzner Tactics save")
    if data.get("version") != SAVE_VERSION:
        raise SaveError(f"{p.name}: save format {data.get('version')!r}; this game reads {SAVE_VERSION}")
    for key, kind in (("scenario_id", str), ("scenario_hash", str), ("seed", int), ("actions", list)):
        value = data.get(key)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise SaveError(f"{p.name}: {key} is missing or not {kind.__name__}")
    if not isinstance(data.get("state_hash"), str):
        raise SaveError(f"{p.name}: state_hash is missing")
    try:
        actions = [action_from_data(a) for a in data["actions"]]
    except ValueError as err:
        raise SaveError(f"{p.name}: {err}") from None
    memory = data.get("memory", [])  # absent in saves made before the campaign remembered anything
    overrides = data.get("overrides", {})
    if not isinstance(memory, list) or not all(isinstance(f, str) for f in memory):
        raise SaveError(f"{p.name}: memory must be a list of flags")
    if not isinstance(overrides, dict) or not all(
        isinstance(v, int | str | bool) and not isinstance(v, float) for v in overrides.values()
    ):
        raise SaveError(f"{p.name}: overrides must map catalog keys to numbers, text or true/false")
    ref = data["scenario_id"]
    path_ref = data.get("scenario_path")
    if isinstance(path_ref, str) and path_ref.endswith(".toml") and Path(path_ref).is_file():
        ref = path_ref
    try:
        mission = load_mission(ref, memory, overrides or None)
    except MissionError as err:
        raise SaveError(f"{p.name}: its mission does not load: {err}") from None
    if mission.content_hash != data["scenario_hash"]:
        raise SaveError(f"{p.name}: the mission {mission.id!r} has changed since this save was made")
    try:
        session = Session(mission, data["seed"], actions)
    except (IllegalActionError, KeyError, IndexError, ValueError) as err:
        raise SaveError(f"{p.name}: the saved moves do not replay ({err})") from None
    if session.state.hash() != data["state_hash"]:
        raise SaveError(f"{p.name}: the replayed game does not match the saved one (edited file?)")
    return session
