"""The player's data folders and JSON files: the one place any layer reads or writes them.

No pygame, no game rules, stdlib only (any layer may import it). Saves, replays, progress, options and
key bindings all go through here:

- ``data_dir()`` (saves, progress) and ``config_dir()`` (options, key bindings) follow the platform:
  XDG on Linux and BSD (``$XDG_DATA_HOME``, ``$XDG_CONFIG_HOME``), ``%APPDATA%`` on Windows,
  ``~/Library/Application Support`` on macOS. ``$LAYZNER_TACTICS_HOME`` puts everything in one folder.
  (Hand-written rather than platformdirs: three cases in twenty lines do not earn a dependency.)
- ``read_json`` never lets a broken file out as anything but ``DataFileError`` naming the file (and
  the line where there is one): missing, a folder, a symlink loop, too large, not UTF-8, not JSON,
  nested too deep, numbers too large to be real.
- ``write_json_atomic`` writes beside the target and renames over it: a crash leaves the old file.
- ``keep_aside`` renames a broken file out of the way; nothing the player had is deleted.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any

APP = "layzner-tactics"
HOME_VAR = "LAYZNER_TACTICS_HOME"
MAX_JSON_BYTES = 50_000_000
"""The largest JSON file any reader accepts (a long replay is a few megabytes)."""
MAX_DEPTH = 64
"""Deepest nesting any of our files has is 4; a file deeper than this is not ours."""
MAX_NUMBER_CHARS = 40
"""No number in our files needs more digits; longer ones are refused before Python converts them."""
JSON_BRACKETS = re.compile(r'"(?:[^"\\\n]|\\.)*"|[\[\]{}\n]')
"""JSON strings (skipped: brackets in them do not nest), brackets and line ends, for ``nesting_line``."""


class DataFileError(ValueError):
    """A data file (save, replay, progress, options, key bindings) that cannot be read or is not one.

    ``str()`` is ``FILE[:LINE]: problem``; ``path``, ``line`` (0 when none) and ``problem`` are kept.
    """

    def __init__(self, path: str | Path, problem: str, line: int = 0) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        super().__init__(f"{self.path}:{line}: {problem}" if line else f"{self.path}: {problem}")


# ------------------------------------------------------------------------------------------------
# Folders
# ------------------------------------------------------------------------------------------------


def _platform_dir(kind: str) -> Path:
    """The platform's folder of ``kind`` (``data`` or ``config``) for this game."""
    root = os.environ.get(HOME_VAR)
    if root:
        return Path(root)
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / APP
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP
    if kind == "config":
        base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP


def data_dir() -> Path:
    """Where saves and campaign progress live."""
    return _platform_dir("data")


def config_dir() -> Path:
    """Where options and key bindings live (the same as ``data_dir`` outside Linux/BSD, or when
    ``$LAYZNER_TACTICS_HOME`` is set)."""
    return _platform_dir("config")


def home_dir() -> Path:
    """The data folder (the older name of ``data_dir``)."""
    return data_dir()


# ------------------------------------------------------------------------------------------------
# Reading
# ------------------------------------------------------------------------------------------------


class _BadNumber(ValueError):
    def __init__(self, text: str, problem: str) -> None:
        super().__init__(problem)
        self.text = text
        self.problem = problem


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_CHARS:
        raise _BadNumber(text, f"a number with {len(text.lstrip('-'))} digits is too large")
    return int(text)


def _parse_float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise _BadNumber(text, f"a number written with {len(text)} characters is too large")
    value = float(text)
    if not math.isfinite(value):
        raise _BadNumber(text, f"the number {text} is too large")
    return value


def _parse_constant(text: str) -> float:
    raise _BadNumber(text, f"{text} is not a number JSON allows")


def _line_of(raw: bytes | str, index: int) -> int:
    head = raw[: max(0, index)]
    return (head.count(b"\n") if isinstance(head, bytes) else head.count("\n")) + 1


def nesting_line(text: str, tokens: re.Pattern[str], limit: int) -> int:
    """The 1-based line where brackets nest past ``limit``; 0 if never. ``tokens`` matches the format's
    strings and comments (whose brackets do not count, and whose line ends do), ``[]{}`` and ``\\n``.
    A scan of the text, so it finds the place without parsing (no recursion however deep)."""
    depth = 0
    line = 1
    for m in tokens.finditer(text):
        token = m.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return line
        elif token in "]}":
            depth -= 1
        elif token == "\n":
            line += 1
        else:
            line += token.count("\n")
    return 0


def decode_text(raw: bytes, name: str | Path) -> str:
    """UTF-8 bytes as text. Raises ``DataFileError`` with the line of the first byte that is not UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DataFileError(
            name, f"not UTF-8 text ({err.reason}: byte {raw[err.start]:#04x})", _line_of(raw, err.start)
        ) from None


def _too_deep(value: Any, limit: int) -> bool:
    """Whether ``value`` nests lists/objects deeper than ``limit`` (iterative: no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((c, depth + 1) for c in children)
    return False


def read_bytes(path: str | Path, max_bytes: int = MAX_JSON_BYTES) -> bytes:
    """A regular file's bytes, at most ``max_bytes``. Raises ``DataFileError`` (missing, a folder or
    other non-file, a symlink loop, unreadable, too large)."""
    p = Path(path)
    try:
        info = p.stat()  # follows symlinks: a loop raises ELOOP here
        if stat.S_ISDIR(info.st_mode):
            raise DataFileError(p, "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise DataFileError(p, "is not a regular file")  # a FIFO or device could hang or never end
        if info.st_size > max_bytes:
            raise DataFileError(p, f"too large ({info.st_size} bytes; at most {max_bytes})")
        with p.open("rb") as f:
            raw = f.read(max_bytes + 1)
    except FileNotFoundError:
        raise DataFileError(p, "no such file") from None
    except OSError as err:
        raise DataFileError(p, f"cannot be read: {err.strerror or err}") from None
    if len(raw) > max_bytes:
        raise DataFileError(p, f"too large (more than {max_bytes} bytes)")
    return raw


def parse_json(raw: bytes, name: str | Path, max_depth: int = MAX_DEPTH) -> Any:
    """JSON from bytes, every failure a ``DataFileError`` naming ``name`` and the line where known."""
    text = decode_text(raw, name)
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte-order mark some editors write is not a mistake
    try:
        data = json.loads(
            text, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_parse_constant
        )
    except json.JSONDecodeError as err:
        raise DataFileError(
            name, f"not valid JSON ({err.msg}; truncated or corrupted?)", err.lineno
        ) from None
    except _BadNumber as err:
        raise DataFileError(name, err.problem, _line_of(text, text.find(err.text))) from None
    except RecursionError:
        data = None
        deep = True
    else:
        deep = _too_deep(data, max_depth)
    if deep:  # only a file too deep pays for the scan that finds the line
        line = nesting_line(text, JSON_BRACKETS, max_depth)
        raise DataFileError(name, f"nested more than {max_depth} levels deep", line)
    return data


def read_json(path: str | Path, max_bytes: int = MAX_JSON_BYTES) -> Any:
    """A JSON file's content. Raises ``DataFileError`` naming the file (and line) for any problem."""
    return parse_json(read_bytes(path, max_bytes), path)


def read_json_object(path: str | Path, what: str, max_bytes: int = MAX_JSON_BYTES) -> dict[str, Any]:
    """A JSON file whose root must be an object (``what`` names the kind of file for the message)."""
    data = read_json(path, max_bytes)
    if not isinstance(data, dict):
        raise DataFileError(path, f"not {what} (expected a JSON object, found {type(data).__name__})")
    return data


# ------------------------------------------------------------------------------------------------
# Writing
# ------------------------------------------------------------------------------------------------


def write_json_atomic(path: str | Path, data: Any) -> None:
    """Write JSON to a temporary file beside ``path`` and rename it over: a crash leaves the old file."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        if hasattr(os, "fchmod"):  # POSIX: readable like any file the player made (mkstemp gives 0600)
            os.fchmod(fd, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def keep_aside(path: str | Path) -> Path | None:
    """Rename a broken file to ``NAME.broken-N`` (the first free N) and return the new path; None when
    it cannot be moved. Nothing is deleted or overwritten."""
    p = Path(path)
    for n in range(1, 1000):
        target = p.with_name(f"{p.name}.broken-{n}")
        if not target.exists() and not target.is_symlink():
            try:
                os.rename(p, target)
            except OSError:
                return None
            return target
    return None


def free_name(path: str | Path, suffix: str) -> Path:
    """``NAME.SUFFIX``, or ``NAME.SUFFIX-2``, ``-3``... the first that does not exist yet."""
    p = Path(path)
    target = p.with_name(f"{p.name}.{suffix}")
    n = 1
    while target.exists() or target.is_symlink():
        n += 1
        target = p.with_name(f"{p.name}.{suffix}-{n}")
    return target


def set_aside_message(
    what: str, err: DataFileError, kept: Path | None, then: str = "the defaults are used"
) -> str:
    """The sentence the game shows when a broken file was set aside (``then``: what happens instead)."""
    where = f"it was kept as {kept.name}" if kept else "it was left in place (it could not be moved)"
    return f"{what} could not be read ({err}); {where} and {then}."
