"""Where each key of a TOML file stands: key path -> 1-based line, so errors can say ``FILE:LINE``.

``tomllib`` gives no positions, so this scans the text the way an author reads it: table headers
(``[map]``, ``[[units]]`` with their index), ``key = value`` lines, and the lines of the map's
multi-line ``rows`` string. Paths deeper than a line (inside inline tables and arrays that span lines)
fall back to the nearest enclosing key that has a line.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*(\]\]?)\s*(#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+(?:\s*\.\s*[A-Za-z0-9_\-]+)*)\s*=""")


class LineMap:
    """Key paths (``units[3].at``, ``map.rows``) to the lines where they are written."""

    def __init__(self, text: str) -> None:
        self.lines: dict[str, int] = {}
        self.rows_first_line = 0
        """The file line of the map's first row (0 when the map has no multi-line rows)."""
        counts: dict[str, int] = {}
        table = ""
        in_string: str | None = None
        for number, raw in enumerate(text.splitlines(), start=1):
            if in_string is not None:
                if in_string in raw:
                    in_string = None
                continue
            header = _HEADER.match(raw)
            if header and not raw.lstrip().startswith("#"):
                name = ".".join(p.strip().strip("\"'") for p in header.group(2).split("."))
                if header.group(1) == "[[":
                    index = counts.get(name, 0)
                    counts[name] = index + 1
                    table = f"{name}[{index}]"
                else:
                    table = name
                self.lines.setdefault(table, number)
                continue
            key = _KEY.match(raw)
            if not key:
                continue
            name = ".".join(p.strip().strip("\"'") for p in _split_key(key.group(1)))
            path = f"{table}.{name}" if table else name
            self.lines.setdefault(path, number)
            rest = raw[key.end() :]
            for quote in ('"""', "'''"):
                if rest.strip().startswith(quote) and rest.count(quote) == 1:
                    in_string = quote
                    if path == "map.rows":
                        after = rest.strip()[3:]
                        self.rows_first_line = number if after.strip() else number + 1

    def line(self, path: str) -> int:
        """The line of ``path`` or of its nearest enclosing key; 0 when nothing encloses it."""
        while path:
            if path in self.lines:
                return self.lines[path]
            if path.endswith("]"):
                path = path[: path.rfind("[")]
            else:
                cut = path.rfind(".")
                path = path[:cut] if cut > 0 else ""
        return 0

    def row_line(self, row: int) -> int:
        return self.rows_first_line + row if self.rows_first_line else self.line("map.rows")


def _split_key(key: str) -> list[str]:
    if key.startswith(("'", '"')):
        return [key]
    return key.split(".")
