"""Where each key of a TOML file stands: key path -> 1-based line and source text, for ``FILE:LINE``.

``tomllib`` gives no positions, so this scans the text once the way an author reads it: table headers
(``[map]``, ``[[units]]`` with their index, ``[[a.b]]`` under the current ``a``), ``key = value`` lines
with dotted keys, and inside values too: array elements (``units[1].at[0]``), inline tables spread over
several lines (``triggers[2].do[0].reinforce[1].pilot``), and the lines of the map's multi-line ``rows``
string. It is run only on text ``tomllib`` accepted, and it never raises: a surprise ends the scan and
the paths found so far still answer (a path with no line falls back to its nearest enclosing one).
"""

from __future__ import annotations

import bisect
import contextlib
import re

_BARE_KEY = re.compile(r"[A-Za-z0-9_\-]+")
_SCALAR_END = re.compile(r"[,\]\}\n#]")
MAX_SNIPPET = 60
"""Longest offending text quoted from the source; longer values are cut with '...'."""


class LineMap:
    """Key paths (``units[3].at``, ``map.rows``, ``triggers[0].do[1].dialogue.text``) to lines and text."""

    def __init__(self, text: str) -> None:
        self.lines: dict[str, int] = {}
        self.texts: dict[str, str] = {}
        """The source text of each value (first line, at most ``MAX_SNIPPET`` characters)."""
        self.rows_first_line = 0
        """The file line of the map's first row (0 when the map has no multi-line rows)."""
        # best effort: positions only decorate messages, they must never hide them
        with contextlib.suppress(IndexError, ValueError, RecursionError):
            _Scanner(text, self).run()

    def line(self, path: str) -> int:
        """The line of ``path`` or of its nearest enclosing key; 0 when nothing encloses it."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = _parent(path)
        return 0

    def text(self, path: str) -> str:
        """The source text of the value at exactly ``path``; empty when unknown."""
        return self.texts.get(path, "")

    def row_line(self, row: int) -> int:
        """The file line of map row ``row`` (0-based), for rows written as one string or as a list."""
        if self.rows_first_line:
            return self.rows_first_line + row
        return self.line(f"map.rows[{row}]")


def _parent(path: str) -> str:
    if path.endswith("]"):
        return path[: path.rfind("[")]
    cut = path.rfind(".")
    return path[:cut] if cut > 0 else ""


def _join(base: str, key: str) -> str:
    return f"{base}.{key}" if base else key


class _Scanner:
    def __init__(self, text: str, out: LineMap) -> None:
        self.s = text
        self.i = 0
        self.out = out
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.aot_counts: dict[str, int] = {}
        """Array-of-tables paths (``units``, ``a[0].b``) and how many tables each has so far."""

    def line_at(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos)

    def mark(self, path: str, pos: int) -> None:
        self.out.lines.setdefault(path, self.line_at(pos))

    # whitespace and comments ---------------------------------------------------------------------

    def skip_blank(self, newlines: bool) -> None:
        s = self.s
        while self.i < len(s):
            c = s[self.i]
            if c in " \t\r" or (newlines and c == "\n"):
                self.i += 1
            elif c == "#":
                end = s.find("\n", self.i)
                self.i = len(s) if end < 0 else end
            else:
                return

    # the document ---------------------------------------------------------------------------------

    def run(self) -> None:
        table = ""
        s = self.s
        while True:
            self.skip_blank(newlines=True)
            if self.i >= len(s):
                return
            if s.startswith("[[", self.i):
                start = self.i
                self.i += 2
                parts = self.key()
                self.i = s.index("]]", self.i) + 2
                table = self.resolve(parts[:-1])
                name = _join(table, parts[-1])
                index = self.aot_counts.get(name, 0)
                self.aot_counts[name] = index + 1
                table = f"{name}[{index}]"
                self.mark(name, start)
                self.mark(table, start)
            elif s[self.i] == "[":
                start = self.i
                self.i += 1
                table = self.resolve(self.key())
                self.i = s.index("]", self.i) + 1
                self.mark(table, start)
            else:
                self.pair(table)

    def resolve(self, parts: list[str]) -> str:
        """A header's dotted name with the current index of every array of tables along it."""
        path = ""
        for part in parts:
            path = _join(path, part)
            if path in self.aot_counts:
                path = f"{path}[{self.aot_counts[path] - 1}]"
        return path

    def key(self) -> list[str]:
        """A dotted key (``a."b c".d``) as its parts; leaves ``i`` after it and its trailing blanks."""
        s = self.s
        parts = []
        while True:
            self.skip_blank(newlines=False)
            c = s[self.i]
            if c in "\"'":
                end = self.i + 1
                while s[end] != c:
                    end += 2 if c == '"' and s[end] == "\\" else 1
                parts.append(s[self.i + 1 : end])
                self.i = end + 1
            else:
                match = _BARE_KEY.match(s, self.i)
                if match is None:
                    raise ValueError("not a key")
                parts.append(match.group())
                self.i = match.end()
            self.skip_blank(newlines=False)
            if self.i < len(s) and s[self.i] == ".":
                self.i += 1
                continue
            return parts

    def pair(self, table: str) -> None:
        """``key = value`` inside ``table`` (a header's table or an inline table)."""
        start = self.i
        path = table
        for part in self.key():
            path = _join(path, part)
            self.mark(path, start)
        if self.s[self.i] != "=":
            raise ValueError("expected '='")
        self.i += 1
        self.skip_blank(newlines=False)
        self.value(path)

    # values ---------------------------------------------------------------------------------------

    def value(self, path: str) -> None:
        s = self.s
        start = self.i
        self.mark(path, start)
        if s.startswith('"""', start) or s.startswith("'''", start):
            quote = s[start : start + 3]
            self.i = start + 3
            if path == "map.rows":
                # TOML drops a newline right after the opening quotes: row 0 is on the next line
                newline = re.match(r"\r?\n", s[self.i : self.i + 2])
                self.out.rows_first_line = self.line_at(self.i + (newline.end() if newline else 0))
            while not s.startswith(quote, self.i):
                self.i += 2 if quote == '"""' and s[self.i] == "\\" else 1
            self.i += 3
            while self.i < len(s) and s[self.i] == quote[0]:
                self.i += 1  # up to two quotes may end the string's content
        elif s[start] in "\"'":
            quote = s[start]
            self.i = start + 1
            while s[self.i] != quote:
                self.i += 2 if quote == '"' and s[self.i] == "\\" else 1
            self.i += 1
        elif s[start] == "[":
            self.i += 1
            index = 0
            while True:
                self.skip_blank(newlines=True)
                if s[self.i] == "]":
                    self.i += 1
                    break
                self.value(f"{path}[{index}]")
                self.skip_blank(newlines=True)
                if s[self.i] == ",":
                    self.i += 1
                    index += 1
        elif s[start] == "{":
            self.i += 1
            while True:
                self.skip_blank(newlines=True)
                if s[self.i] == "}":
                    self.i += 1
                    break
                if s[self.i] == ",":
                    self.i += 1
                    continue
                self.pair(path)
        else:
            match = _SCALAR_END.search(s, start)
            self.i = match.start() if match else len(s)
        self.out.texts.setdefault(path, _snippet(s[start : self.i]))


def _snippet(source: str) -> str:
    lines = source.strip().splitlines()
    first = lines[0].strip() if lines else ""
    if len(lines) > 1 or len(first) > MAX_SNIPPET:
        return first[: MAX_SNIPPET - 3].rstrip() + "..."
    return first
