"""Where missions live: the bundled ones and the player's own folder, and how an id finds its file.

Bundled missions travel inside the package; user-made ones are ``*.toml`` files in
``user_scenarios_dir()`` (``<data folder>/scenarios``, created on demand). An id resolves to the bundled
file of that name first, then to the user's: a user file cannot hide a campaign mission, and
``list_scenarios`` says when one is hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.abc import Traversable
from pathlib import Path

from ..data import scenarios_dir
from ..engine.schema import suggest
from ..storage import home_dir
from .model import ScenarioError
from .safe import parse_toml

SUFFIX = ".toml"


def user_scenarios_dir() -> Path:
    """The player's mission folder (may not exist yet): ``home_dir() / "scenarios"``."""
    return home_dir() / "scenarios"


@dataclass(frozen=True, slots=True)
class ScenarioEntry:
    """One mission file as a menu shows it, read from its ``[scenario]`` table only (fast, no checks)."""

    id: str
    """What every command accepts: the file name without ``.toml``."""
    title: str
    kind: str
    """``mission`` or ``skirmish`` (as the file says; unchecked)."""
    order: int
    path: str
    user_made: bool
    hidden: bool = False
    """A user file with a bundled mission's id: the id plays the bundled one (rename the file)."""
    problem: str = ""
    """Why the header could not be read (the file may still fail ``validate`` when this is empty)."""


def _entry(source: Traversable | Path, user_made: bool, hidden: bool = False) -> ScenarioEntry:
    sid = source.name[: -len(SUFFIX)]
    title, kind, order, problem = sid, "mission", 999, ""
    try:
        _, raw = parse_toml(source.read_bytes(), str(source))
        head = raw.get("scenario", {})
        head = head if isinstance(head, dict) else {}
        raw_title = head.get("title")
        title = raw_title if isinstance(raw_title, str) and raw_title.strip() else sid
        kind = "skirmish" if head.get("kind") == "skirmish" else "mission"
        raw_order = head.get("order")
        order = raw_order if isinstance(raw_order, int) and not isinstance(raw_order, bool) else 999
    except ScenarioError as err:
        problem = str(err.problems[0])
    except OSError as err:
        problem = f"{source}: cannot read ({err.strerror or err})"
    return ScenarioEntry(sid, title, kind, order, str(source), user_made, hidden, problem)


def _files(folder: Traversable | Path) -> list[Traversable | Path]:
    try:
        if not folder.is_dir():
            return []
        return sorted(
            (e for e in folder.iterdir() if e.name.endswith(SUFFIX) and e.is_file()), key=lambda e: e.name
        )
    except OSError:
        return []


def _rank(entry: ScenarioEntry) -> tuple[int, int, int, str]:
    return (entry.user_made, entry.kind != "mission", entry.order, entry.id)


def list_scenarios() -> list[ScenarioEntry]:
    """Every mission: bundled ones (missions in campaign order, then skirmishes), then the user's.

    Never raises: an unreadable file is listed with its ``problem``.
    """
    bundled = [_entry(e, False) for e in _files(scenarios_dir())]
    ids = {e.id for e in bundled}
    user = [_entry(e, True, e.name[: -len(SUFFIX)] in ids) for e in _files(user_scenarios_dir())]
    return sorted(bundled, key=_rank) + sorted(user, key=_rank)


def bundled_scenario_ids() -> list[str]:
    """Every bundled scenario id: missions in campaign order, then skirmishes (by order, then id)."""
    return [e.id for e in list_scenarios() if not e.user_made]


def scenario_ids() -> list[str]:
    """Every id a command accepts: bundled, then the user's (those a bundled id hides left out)."""
    return [e.id for e in list_scenarios() if not e.hidden]


def is_path(ref: str | Path) -> bool:
    """True when ``ref`` is meant as a file path, not an id (a suffix, a separator, or it exists)."""
    text = str(ref)
    return text.endswith(SUFFIX) or "/" in text or "\\" in text or _exists(Path(text))


def _exists(path: Path) -> bool:
    try:
        return path.exists() or path.is_symlink()
    except OSError:
        return False


def resolve(ref: str | Path) -> Traversable | Path:
    """The file ``ref`` names: a path, else a bundled id, else a user id.

    Raises ``FileNotFoundError`` with a message naming what was tried (and the closest id).
    """
    if is_path(ref):
        path = Path(ref)
        try:
            ok = path.is_file()
        except OSError:  # a symlink loop, a name too long
            ok = False
        if not ok:
            what = "a folder, not a scenario file" if _is_dir(path) else "no such scenario file"
            raise FileNotFoundError(f"{path}: {what}")
        return path
    name = f"{ref}{SUFFIX}"
    for folder in (scenarios_dir(), user_scenarios_dir()):
        candidate = folder / name
        try:
            if candidate.is_file():
                return candidate
        except OSError:
            continue
    raise FileNotFoundError(
        f"{ref}: no such scenario file, bundled mission or mission in {user_scenarios_dir()}"
        + suggest(str(ref), scenario_ids())
    )


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def read_limited(source: Traversable | Path, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of ``source`` (enough to tell it is too large without reading it all)."""
    with source.open("rb") as f:
        return f.read(limit + 1)
