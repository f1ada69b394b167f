"""Hostile-proof reading of scenario text: TOML and JSON bytes to plain data, or problems with real lines.

Every failure is a ``ScenarioProblem`` naming the file and its line: too large, not UTF-8 (the line of
the first bad byte), nested too deeply (the line where the limit is crossed, found before the parser
recurses), numbers too long to convert or too large to use (their key path), and syntax errors. Nothing
else escapes: no ``RecursionError``, no ``ValueError`` from int conversion, no ``MemoryError`` from a
size the limits allow.

JSON (Tiled ``.tmj`` maps) is read by ``parse_json`` here too, but with ``storage``'s reader underneath
(the one every data file goes through): its ``DataFileError`` becomes a ``ScenarioProblem``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from typing import Any

from .. import storage
from .model import ScenarioError, ScenarioProblem

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 32
"""Deepest nesting of arrays and tables (scenario files need 6)."""
MAX_QUOTE = 60
MAX_INT = 2**53
"""Largest whole number kept (a JSON-safe integer); every limit in a scenario is far below it."""

_TOML_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''.*?'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'[^'\n]*'"
    r"|#[^\n]*"
    r"|[\[\]{}\n]",
    re.DOTALL,
)
_LONG_NUMBER = re.compile(r"[0-9A-Fa-f_]{4000,}")


def decode(data: bytes, name: str) -> str:
    """``data`` as text. Raises ``ScenarioError`` when too large or not UTF-8 (with the byte's line)."""
    if len(data) > MAX_FILE_BYTES:
        raise ScenarioError(
            [ScenarioProblem(name, 1, "file", f"larger than {MAX_FILE_BYTES} bytes ({len(data)})")]
        )
    try:
        return storage.decode_text(data, name)
    except storage.DataFileError as err:
        raise ScenarioError([ScenarioProblem(name, err.line or 1, "file", err.problem)]) from None


def parse_toml(data: bytes, name: str) -> tuple[str, dict[str, Any]]:
    """Scenario bytes to (text, data). Raises ``ScenarioError`` with the real line of the mistake."""
    text = decode(data, name)
    deep = storage.nesting_line(text, _TOML_TOKEN, MAX_DEPTH)
    if deep:
        raise ScenarioError([ScenarioProblem(name, deep, "toml", f"nested deeper than {MAX_DEPTH} levels")])
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(err))
        line = int(match.group(1)) if match else 1
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(err)) or "invalid TOML"
        raise ScenarioError(
            [ScenarioProblem(name, line, "toml", f"syntax error: {message}", _line_text(text, line))]
        ) from None
    except (ValueError, RecursionError, MemoryError):
        # int() refuses numbers over 4,300 digits; nesting was bounded above, but stay a clean error
        found = _LONG_NUMBER.search(text)
        line = text.count("\n", 0, found.start()) + 1 if found else 1
        problem = ScenarioProblem(name, line, "toml", "a number too long to read", _line_text(text, line))
        raise ScenarioError([problem]) from None
    return text, raw


def parse_json(data: bytes, name: str) -> Any:
    """JSON bytes (a Tiled map) to data: ``storage.parse_json`` with this module's size and depth
    limits. Raises ``ScenarioError`` with the line of the mistake."""
    decode(data, name)  # the scenario size limit, and UTF-8 problems worded like a scenario's
    try:
        return storage.parse_json(data, name, max_depth=MAX_DEPTH)
    except storage.DataFileError as err:
        line = err.line or 1
        text = _line_text(data.decode("utf-8"), line)
        raise ScenarioError([ScenarioProblem(name, line, "json", err.problem, text)]) from None


def data_problems(data: Any) -> Iterator[tuple[str, str]]:
    """(key path, problem) for nesting past ``MAX_DEPTH`` (dotted keys can nest without brackets) and
    whole numbers beyond ``MAX_INT``. Iterative, so hostile depth cannot make it recurse."""
    stack: list[tuple[str, int, Any]] = [("", 0, data)]
    while stack:
        path, depth, value = stack.pop()
        if isinstance(value, dict | list) and depth >= MAX_DEPTH:
            yield path, f"nested deeper than {MAX_DEPTH} levels"
        elif isinstance(value, dict):
            stack += [(f"{path}.{k}" if path else str(k), depth + 1, v) for k, v in reversed(value.items())]
        elif isinstance(value, list):
            stack += [(f"{path}[{i}]", depth + 1, v) for i, v in reversed(list(enumerate(value)))]
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
            yield path, f"number too large ({number_text(value)}; at most {MAX_INT})"


def number_text(value: int) -> str:
    """A huge number as short text (never ``str()`` of it: that raises past 4,300 digits)."""
    return f"a number of about {value.bit_length() * 30103 // 100000 + 1} digits"


def _line_text(text: str, line: int) -> str:
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return ""
    quote = lines[line - 1].strip()
    return quote if len(quote) <= MAX_QUOTE else quote[: MAX_QUOTE - 3] + "..."
