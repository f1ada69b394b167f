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
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..engine import (
    Action,
    Event,
    GameSetup,
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


def home_dir() -> Path:
    """Where progress, options and saves live (``$LAYZNER_TACTICS_HOME`` overrides)."""
    root = os.environ.get("LAYZNER_TACTICS_HOME")
    if root:
        return Path(root)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "layzner-tactics"


def write_json_atomic(path: str | Path, data: Any) -> None:
    """Temp file beside ``path``, fsync, then ``os.replace``: a crash leaves the old file whole."""
    from ..sim.replay import write_json_atomic as _write

    _write(path, data)


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass
class Progress:
    """Campaign progress kept between runs: the missions won, in the order they were won."""

    completed: list[str] = field(default_factory=list)

    @staticmethod
    def load() -> Progress:
        """The saved progress, or a fresh one when the file is missing or unreadable."""
        try:
            data = _read_json(home_dir() / "progress.json")
            done = data.get("completed", []) if isinstance(data, dict) else []
            return Progress([str(x) for x in done if isinstance(x, str)])
        except (OSError, ValueError):
            return Progress()

    def save(self) -> None:
        write_json_atomic(home_dir() / "progress.json", {"completed": self.completed})

    def mark(self, mission_id: str) -> None:
        if mission_id not in self.completed:
            self.completed.append(mission_id)
        self.save()


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


@dataclass(frozen=True, slots=True)
class SideBrief:
    id: SideId
    name: str
    controller: str
    ai: str
    colour: str = ""


@dataclass(frozen=True, slots=True)
class Mission:
    """What the UI needs from a scenario (a loaded ``Scenario`` or a built-in map)."""

    id: str
    title: str
    kind: str
    order: int
    briefing: str
    debrief_win: str
    debrief_loss: str
    sides: tuple[SideBrief, ...]
    setup: GameSetup
    unit_names: Mapping[str, str]
    player_side: SideId | None
    source: str = ""
    content_hash: str = ""

    def name_of(self, unit_id: str) -> str:
        return self.unit_names.get(unit_id, unit_id)

    def side_brief(self, side: str) -> SideBrief | None:
        return next((s for s in self.sides if s.id == side), None)


@dataclass(frozen=True, slots=True)
class MissionEntry:
    """One line of the mission list: a mission that loads, or the loader's message when it does not."""

    id: str
    title: str
    kind: str
    order: int
    error: str = ""


def mission_from_scenario(sc: Any) -> Mission:
    sides = tuple(SideBrief(s.id, s.name, s.controller, s.ai or "grados", s.colour) for s in sc.sides)
    return Mission(
        id=sc.id,
        title=sc.title,
        kind=sc.kind,
        order=sc.order,
        briefing=sc.briefing,
        debrief_win=sc.debrief_win,
        debrief_loss=sc.debrief_loss,
        sides=sides,
        setup=sc.setup,
        unit_names=dict(sc.unit_names),
        player_side=sc.player_side,
        source=str(sc.source),
        content_hash=sc.content_hash,
    )


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
    from ..engine.builder import destroy_all, quick_setup

    setup = quick_setup(
        load_catalog(),
        TRAINING_MAP,
        [
            ("layzner", "layzner", "earth", 1, 2, "eiji"),
            ("baybull", "baybull", "grados", 8, 2),
        ],
        objectives=[destroy_all("earth", ["grados"]), destroy_all("grados", ["earth"])],
        max_turns=10,
        scenario_id=TRAINING_ID,
    )
    digest = hashlib.blake2b(repr(TRAINING_MAP).encode(), digest_size=16).hexdigest()
    return Mission(
        id=TRAINING_ID,
        title="Training: Baybull Drill",
        kind="skirmish",
        order=99,
        briefing="A simulator run. Rei has put one Baybull on the field. Destroy it.",
        debrief_win="Drill complete. Rei logs the result without comment.",
        debrief_loss="The simulator resets. Rei suggests you try again.",
        sides=(
            SideBrief(SideId("earth"), "Earth", "human", "earth"),
            SideBrief(SideId("grados"), "Grados", "grados", "grados"),
        ),
        setup=setup,
        unit_names={"layzner": "Layzner", "baybull": "Baybull"},
        player_side=SideId("earth"),
        source="<built-in>",
        content_hash=digest,
    )


def demo_mission() -> Mission:
    """The simulator's built-in demo skirmish, for when no scenario files exist."""
    from ..sim.demo import demo_setup

    setup = demo_setup()
    return Mission(
        id="demo",
        title="Demo Skirmish",
        kind="skirmish",
        order=98,
        briefing="The Layzner and Anna's buggy against three Grados machines.",
        debrief_win="The Grados patrol is broken.",
        debrief_loss="The patrol got through.",
        sides=(
            SideBrief(SideId("earth"), "Earth", "human", "earth"),
            SideBrief(SideId("grados"), "Grados", "grados", "grados"),
        ),
        setup=setup,
        unit_names={},
        player_side=SideId("earth"),
        source="<built-in>",
        content_hash="demo",
    )


BUILT_IN = {TRAINING_ID: training_mission, "demo": demo_mission}


def load_mission(ref: str) -> Mission:
    """A mission by id or path. Raises ``MissionError`` with the loader's message on a broken file."""
    if ref in BUILT_IN:
        return BUILT_IN[ref]()
    try:
        from ..scenario.loader import load_scenario
        from ..scenario.model import ScenarioError
    except ImportError as err:  # the loader is optional while it is being written
        raise MissionError(f"scenarios cannot be loaded: {err}") from None
    try:
        return mission_from_scenario(load_scenario(ref))
    except FileNotFoundError as err:
        raise MissionError(str(err)) from None
    except ScenarioError as err:
        raise MissionError(str(err)) from None


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
        entries.append(MissionEntry("demo", "Demo Skirmish", "skirmish", 98))
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
        return events

    def ai_step(self) -> tuple[Action, list[Event]]:
        """One action of the AI side to act (the AI sees only its own observation)."""
        side = self.state.side_to_act
        policy = self.ai[side]
        action = policy.choose(observe(self.state, side), legal_actions(self.state))
        return action, self.act(action)

    def unit_name(self, unit_id: UnitId | str) -> str:
        return self.mission.name_of(unit_id)

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
    ref = data["scenario_id"]
    path_ref = data.get("scenario_path")
    if isinstance(path_ref, str) and path_ref.endswith(".toml") and Path(path_ref).is_file():
        ref = path_ref
    try:
        mission = load_mission(ref)
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
