"""Translations of the player-facing texts: ``tr("English text", name=value)`` in the current language.

Texts are looked up by their English wording (gettext's msgid), so the code reads as it shows. A
language is one data file, ``data/lang/CODE.toml``: a ``[language]`` table (its ``name`` as its speakers
write it, and ``font = "wide"`` when it needs the bundled CJK-capable font) and a ``[messages]`` table
from English to the translation. ``en.toml`` is the default catalog and lists every text (the template a
new language starts from). A text missing from a catalog shows in English.

``{name}`` fields are filled by ``tr``'s keyword arguments (``str.format``); a translation must use the
same fields as its English text, checked when the file is read, so a data file can only say the fields
the code gives it (never an attribute or an index). ``N_`` marks a text that is translated later, where
it is shown (tables of labels).

The layers below the UI (engine, ai, scenario, campaign) never translate: they say a ``Text`` (built by
``T_("English {field}", field=value)``), the English text with its fields, whose ``str()`` is the English
line (logs, replays and hashes do not change with the language). The UI passes it to ``tr``, which
translates it and every ``Text`` in its fields. ``Join`` is a list of texts with a separator that is
translated too ("a, b" in English, "a、b" in Japanese).

No pygame, stdlib only; the chosen language is module state, like the input device and the palette.
"""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .storage import DataFileError, decode_text, read_bytes

LANG_DIR = Path(__file__).resolve().parent / "data" / "lang"
DEFAULT = "en"
MAX_CATALOG_BYTES = 2_000_000
FONTS = ("default", "wide")
"""``wide``: the bundled font with Japanese (and Latin) glyphs for every text of the language."""


class CatalogError(DataFileError):
    """A language file that cannot be used: names the file, the line where known and the problem."""


@dataclass(frozen=True, slots=True)
class Catalog:
    """One language: its code (the file name), its own name, its font and its messages."""

    code: str
    name: str
    font: str = "default"
    messages: dict[str, str] = field(default_factory=dict)


def fields_of(text: str) -> list[str] | None:
    """The ``{name}`` fields of a text in order (``{{`` is a brace), or None when it is no valid template
    or a field is more than a name (an attribute, an index, a conversion, a nested field)."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        return None
    out = []
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if not name.isidentifier() or conversion is not None or "{" in (spec or ""):
            return None
        out.append(name)
    return out


def _line_of(raw: str, key: str) -> int:
    """The line where a message's key is written (0 when it cannot be told)."""
    for n, line in enumerate(raw.splitlines(), 1):
        stripped = line.lstrip()
        if stripped.startswith(('"', "'")) and stripped[1:].startswith(key):
            return n
    return 0


def read_catalog(path: Path) -> Catalog:
    """A language file, checked whole.

    Raises ``CatalogError`` (file, line, problem) for a file that is not TOML, lacks ``[language]``
    ``name``, names an unknown font, has a message that is not text, or a translation whose ``{fields}``
    differ from its English text's.
    """
    try:
        raw = decode_text(read_bytes(path, MAX_CATALOG_BYTES), path)
        data = tomllib.loads(raw)
    except DataFileError as err:
        raise CatalogError(path, err.problem, err.line) from err
    except tomllib.TOMLDecodeError as err:
        raise CatalogError(path, f"not TOML: {err}") from err
    head = data.get("language")
    if not isinstance(head, dict) or not isinstance(head.get("name"), str) or not head["name"].strip():
        raise CatalogError(path, "needs a [language] table with a name (the language's own name)")
    font = head.get("font", "default")
    if font not in FONTS:
        raise CatalogError(path, f"language.font: {font!r} is not one of {', '.join(FONTS)}")
    messages = data.get("messages", {})
    if not isinstance(messages, dict):
        raise CatalogError(path, "messages: must be a table of English text = translation")
    problems: list[tuple[int, str]] = []
    for english, translated in messages.items():
        line = _line_of(raw, english)
        if not isinstance(translated, str):
            problems.append((line, f"messages.{english!r}: the translation must be text"))
            continue
        want, got = fields_of(english), fields_of(translated)
        if want is None:
            problems.append((line, f"messages.{english!r}: not a valid template"))
        elif got is None or set(got) != set(want):
            fields = f"fields {sorted(set(got or []))} differ from {sorted(set(want))}"
            problems.append((line, f"messages.{english!r}: {fields}"))
    if problems:
        line = problems[0][0]
        raise CatalogError(path, "; ".join(p for _, p in problems), line)
    return Catalog(path.stem, head["name"].strip(), font, dict(messages))


@cache
def catalog(code: str) -> Catalog:
    """The bundled catalog of a language code (cached). Raises ``CatalogError``, and ``KeyError`` for a
    code with no file."""
    path = LANG_DIR / f"{code}.toml"
    if not code.replace("-", "").replace("_", "").isalnum() or not path.is_file():
        raise KeyError(code)
    return read_catalog(path)


def languages() -> list[tuple[str, str]]:
    """(code, own name) of every bundled language, English first, then by code."""
    codes = sorted((p.stem for p in LANG_DIR.glob("*.toml")), key=lambda c: (c != DEFAULT, c))
    return [(c, catalog(c).name) for c in codes]


_current: list[Catalog] = []
"""The chosen language's catalog (empty: English)."""


def set_language(code: str) -> str:
    """Use a language from now on; an unknown code or a broken file leaves English. Returns the code in
    use. (Fonts and texts cached by the UI are the UI's to drop.)"""
    _current.clear()
    if code == DEFAULT:
        return DEFAULT
    try:
        _current.append(catalog(code))
    except (KeyError, CatalogError):
        return DEFAULT
    return code


def language() -> str:
    """The code of the language in use."""
    return _current[0].code if _current else DEFAULT


def wide_font() -> bool:
    """Whether the language in use writes every text in the bundled wide (CJK) font."""
    return bool(_current) and _current[0].font == "wide"


@dataclass(frozen=True, slots=True)
class Text:
    """A player-facing text said below the UI: its English wording (the msgid) and its fields, in
    order. ``str()`` is the English line; ``tr`` gives it in the language in use. A field is a number,
    a name as written (never translated), or another ``Text``/``Join`` (translated with it). An empty
    text is false."""

    msgid: str
    fields: tuple[tuple[str, Field], ...] = ()

    def __str__(self) -> str:
        return _render(self, False)

    def __bool__(self) -> bool:
        return bool(self.msgid)


@dataclass(frozen=True, slots=True)
class Join:
    """Texts one after another with ``sep`` between them (``sep`` is a msgid: ", " and "; " are in the
    catalogs); ``capital`` upper-cases the first letter of the whole (English sentences)."""

    sep: str
    parts: tuple[Field, ...]
    capital: bool = False

    def __str__(self) -> str:
        return _render(self, False)

    def __bool__(self) -> bool:
        return bool(self.parts)


Field = str | int | float | Text | Join
"""What a ``Text`` may carry in a field."""


def T_(msg: str, /, **fields: Field) -> Text:
    """``msg`` with its fields, to be translated where it is shown (``tr``); ``str()`` is the English."""
    return Text(msg, tuple(fields.items()))


def _render(said: Field, translate: bool) -> str:
    match said:
        case Text(msgid, fields):
            values = {k: v if isinstance(v, int | float) else _render(v, translate) for k, v in fields}
            text = _lookup(msgid) if translate else msgid
            return text.format(**values) if values else text
        case Join(sep, parts, capital):
            line = (_lookup(sep) if translate else sep).join(_render(p, translate) for p in parts)
            return line[:1].upper() + line[1:] if capital else line
        case _:
            return str(said)


def _lookup(msg: str) -> str:
    return _current[0].messages.get(msg, msg) if _current else msg


def tr(msg: str | Text | Join, /, **fields: object) -> str:
    """``msg`` in the language in use (English when it has no entry), its ``{fields}`` filled in. A
    ``Text`` or ``Join`` brings its own fields and is translated whole, nested texts too."""
    if not isinstance(msg, str):
        return _render(msg, True)
    text = _lookup(msg)
    return text.format(**fields) if fields else text


def N_(msg: str, /) -> str:
    """``msg`` itself: marks a text for the catalogs that is passed through ``tr`` later."""
    return msg
