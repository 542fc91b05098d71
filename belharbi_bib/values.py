"""BibTeX field values: the raw expression as written, its parts, its canonical form, its text.

A raw value is what stands right of ``=`` in an entry: ``{text}``, ``"text"``, ``2018``, a macro
name such as ``jan``, or a concatenation of those with ``#``. Everything here is pure.
"""

from __future__ import annotations

from collections.abc import Mapping

from belharbi_bib import patterns
from belharbi_bib.structs import dataclass

MONTH_MACROS: Mapping[str, str] = {
    "jan": "January",
    "feb": "February",
    "mar": "March",
    "apr": "April",
    "may": "May",
    "jun": "June",
    "jul": "July",
    "aug": "August",
    "sep": "September",
    "oct": "October",
    "nov": "November",
    "dec": "December",
}
"""The month macros every BibTeX style predefines, with the text they stand for."""

_MACRO_NAME = patterns.compile(r"[^\s\"#%'(),={}0-9][^\s\"#%'(),={}]*")
_NUMBER = patterns.compile(r"[0-9]+")
_SPACE = patterns.compile(r"\s*")
_BRACE = patterns.compile(r"[{}]")
_BRACE_OR_QUOTE = patterns.compile(r'[{}"]')


@dataclass(frozen=True, slots=True)
class Part:
    """One operand of a value expression.

    Attributes:
        kind: ``"text"`` for a braced or quoted literal, ``"number"`` for bare digits, ``"macro"``
            for a macro reference.
        text: The literal's content without its delimiters, the digits, or the macro name.
    """

    kind: str
    text: str


def _close_brace(raw: str, start: int) -> int:
    """Return the index just past the ``}`` that closes the ``{`` at ``start``, or -1."""
    depth = 0
    for match in _BRACE.finditer(raw, start):
        if match.group() == "{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return match.end()
    return -1


def _close_quote(raw: str, start: int) -> int:
    """Return the index just past the ``"`` closing the quote at ``start`` (braces hide quotes)."""
    depth = 0
    for match in _BRACE_OR_QUOTE.finditer(raw, start + 1):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0:
            return match.end()
    return -1


def is_balanced(text: str) -> bool:
    r"""Return True when braces balance both as BibTeX counts them and ignoring ``\{``.

    BibTeX counts every brace; bibtexparser's splitter skips backslash-escaped ones. A quoted
    literal is only rewritten in braces when both agree, so that either reads it back the same.

    >>> is_balanced("a {b} c"), is_balanced(r"\{\sf x}"), is_balanced(r"a \{ b")
    (True, False, False)
    """
    if "{" not in text and "}" not in text:
        return True
    depth = escaped_depth = 0
    for match in _BRACE.finditer(text):
        step = 1 if match.group() == "{" else -1
        depth += step
        start = match.start()
        if not start or text[start - 1] != "\\":
            escaped_depth += step
        if depth < 0 or escaped_depth < 0:
            return False
    return depth == 0 and escaped_depth == 0


def splitter_balanced(text: str) -> bool:
    r"""Return True when braces balance as bibtexparser's splitter counts them (``\{`` skipped).

    >>> splitter_balanced(r"a \{ b"), splitter_balanced("a { b")
    (True, False)
    """
    depth = 0
    previous = ""
    for char in text:
        if char in "{}" and previous != "\\":
            depth += 1 if char == "{" else -1
            if depth < 0:
                return False
        previous = char
    return depth == 0


def parse(raw: str) -> tuple[Part, ...] | None:
    """Split a raw value into its parts, or return None when it is not a valid expression.

    >>> parse("{Deep {CAM}}")
    (Part(kind='text', text='Deep {CAM}'),)
    >>> parse('jan # "~1"')
    (Part(kind='macro', text='jan'), Part(kind='text', text='~1'))
    >>> parse("2018")
    (Part(kind='number', text='2018'),)
    >>> parse("{ok} year={2}") is None
    True
    """
    raw = raw.strip()
    if not raw:
        return None
    if "#" not in raw:
        first, last = raw[0], raw[-1]
        if first == "{" and last == "}" and _close_brace(raw, 0) == len(raw):
            return (Part("text", raw[1:-1]),)
        if first == '"' and last == '"' and len(raw) > 1 and _close_quote(raw, 0) == len(raw):
            return (Part("text", raw[1:-1]),)
        if _NUMBER.fullmatch(raw):
            return (Part("number", raw),)
        if _MACRO_NAME.fullmatch(raw):
            return (Part("macro", raw),)
        return None
    return _parse_concatenation(raw)


def _parse_concatenation(raw: str) -> tuple[Part, ...] | None:
    parts: list[Part] = []
    pos = 0
    while True:
        pos = _SPACE.match(raw, pos).end()  # type: ignore[union-attr]
        if pos >= len(raw):
            return None
        char = raw[pos]
        if char == "{":
            end = _close_brace(raw, pos)
            if end < 0:
                return None
            parts.append(Part("text", raw[pos + 1 : end - 1]))
        elif char == '"':
            end = _close_quote(raw, pos)
            if end < 0:
                return None
            parts.append(Part("text", raw[pos + 1 : end - 1]))
        else:
            match = _NUMBER.match(raw, pos) or _MACRO_NAME.match(raw, pos)
            if match is None:
                return None
            end = match.end()
            kind = "number" if match.re is _NUMBER else "macro"
            parts.append(Part(kind, match.group(0)))
        pos = _SPACE.match(raw, end).end()  # type: ignore[union-attr]
        if pos >= len(raw):
            return tuple(parts)
        if raw[pos] != "#":
            return None
        pos += 1


def literal_text(raw: str) -> str | None:
    """Return the content of a single braced or quoted literal (or bare number), else None.

    This is the fast path used on every field: no macro can be involved.

    >>> literal_text("{A {B}}")
    'A {B}'
    >>> literal_text("jan") is None
    True
    >>> literal_text("{a} {b}") is None
    True
    """
    if not raw:
        return None
    first = raw[0]
    if first == "{" and raw[-1] == "}" and "#" not in raw:
        inner = raw[1:-1]
        if "}" not in inner or _close_brace(raw, 0) == len(raw):
            return inner
        return None
    if first == '"' and raw[-1] == '"' and len(raw) > 1 and "#" not in raw:
        inner = raw[1:-1]
        if '"' not in inner or _close_quote(raw, 0) == len(raw):
            return inner
        return None
    if raw.isdigit():
        return raw
    parts = parse(raw)
    if parts is not None and len(parts) == 1 and parts[0].kind != "macro":
        return parts[0].text
    return None


def expand(raw: str, macros: Mapping[str, str]) -> tuple[str, tuple[str, ...]]:
    """Return the text a raw value stands for, and the macro names that were not defined.

    Macro names are case-insensitive, as in BibTeX; ``macros`` must have lower-case keys.
    An undefined macro stands for its own name. A value that is not a valid expression
    stands for itself.

    >>> expand('jan # " 1"', {"jan": "January"})
    ('January 1', ())
    >>> expand("ieee", {})
    ('ieee', ('ieee',))
    """
    text = literal_text(raw)
    if text is not None:
        return text, ()
    parts = parse(raw)
    if parts is None:
        return raw, ()
    pieces: list[str] = []
    undefined: list[str] = []
    for part in parts:
        if part.kind == "macro":
            value = macros.get(part.text.lower())
            if value is None:
                undefined.append(part.text)
                value = part.text
            pieces.append(value)
        else:
            pieces.append(part.text)
    return "".join(pieces), tuple(undefined)


def canonical(raw: str) -> str:
    """Return the canonical spelling of a raw value: literals in braces, `` # `` between parts.

    A quoted literal whose braces do not balance, and any value that is not a valid
    expression, is returned unchanged (nothing is ever lost).

    >>> canonical('"On {T}he Road"')
    '{On {T}he Road}'
    >>> canonical("2018")
    '{2018}'
    >>> canonical('jan#"~1"')
    'jan # {~1}'
    >>> canonical("{ok} year={2}")
    '{ok} year={2}'
    """
    raw = raw.strip()
    first = raw[:1]
    if first == "{" and raw[-1:] == "}" and "#" not in raw and "}" not in raw[1:-1]:
        return raw
    if first == '"' and len(raw) > 1 and raw[-1] == '"' and "#" not in raw:
        inner = raw[1:-1]
        if '"' not in inner:  # one quoted literal: what parse() would find, found faster
            return "{" + inner + "}" if is_balanced(inner) else raw
    elif "#" not in raw:
        if raw.isascii() and raw.isdigit():
            return "{" + raw + "}"
        if _MACRO_NAME.fullmatch(raw):
            return raw
    parts = parse(raw)
    if parts is None:
        return raw
    pieces: list[str] = []
    for part in parts:
        if part.kind == "macro":
            pieces.append(part.text)
        elif part.kind == "number" or is_balanced(part.text):
            pieces.append("{" + part.text + "}")
        else:
            return raw
    return " # ".join(pieces)


def braced(text: str) -> str:
    """Return ``text`` as a raw braced literal.

    >>> braced("Deep {CAM}")
    '{Deep {CAM}}'
    """
    return "{" + text + "}"
