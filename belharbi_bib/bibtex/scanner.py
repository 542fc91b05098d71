"""BibTeX text -> raw blocks, fast: a regex fast path with bibtexparser's splitter as fallback.

bibtexparser's splitter walks the text mark by mark (every brace, quote, comma, ``=`` and
line break is one Python-level step), which makes it the slowest part of reading a file. This
module gives exactly the same blocks, much faster, by relying on one property of the splitter:
an ``@type{`` or ``@type(`` that starts a line (after optional white space) always starts a new
block, whatever came before it (an unfinished block is aborted there). The text is cut at those
points into chunks; a chunk holding one well-formed ``{...}`` entry (the vast majority) is read
with a few C-level regular-expression matches that follow the splitter's own rules (escaped
delimiters, braces inside quotes, line counting); any other chunk (``@string``, ``@comment``,
``@preamble``, ``(...)`` blocks, syntax errors, stray ``@`` marks, deep nesting) is handed to the
splitter itself, given the start of the next chunk so that it aborts exactly where it would have.

The result is checked against running the splitter on the whole text by
``tests/test_bibtex_scanner.py`` (the bundled database, the corpora and generated text).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

ENTRY, STRING, PREAMBLE, COMMENT, IMPLICIT, FAILED = (
    "entry", "string", "preamble", "comment", "implicit", "failed",
)  # fmt: skip
"""The kinds of :class:`RawBlock`."""

RawField = tuple[str, str, "int | None"]
"""One field as the splitter reads it: (name as written, raw value, 0-based line of its ``=``)."""


@dataclass(slots=True)
class RawBlock:
    """One block as bibtexparser's splitter reads it, independent of bibtexparser's classes.

    Attributes:
        kind: One of ``entry``, ``string``, ``preamble``, ``comment`` (``@comment``),
            ``implicit`` (text between blocks) and ``failed``.
        line: The 0-based line where the block starts (as the splitter counts lines).
        source: The text holding the block's raw text from ``start`` to ``end``.
        start: Where the raw text starts in ``source``.
        end: Where the raw text ends in ``source``.
        key: The citation key (entries) or macro name (``@string``).
        entry_type: The entry type in lower case, as the splitter gives it.
        fields: The fields of an entry.
        value: The value of a ``@string``/``@preamble``, or the text of a comment.
        reason: Why a failed block failed.
    """

    kind: str
    line: int | None
    source: str
    start: int
    end: int
    key: str = ""
    entry_type: str = ""
    fields: tuple[RawField, ...] = ()
    value: str = ""
    reason: str = ""

    @property
    def raw(self) -> str:
        """The block's text as the splitter gives it (its ``raw``)."""
        return self.source[self.start : self.end]


Fallback = Callable[[str, int], list[RawBlock]]
"""Runs bibtexparser's splitter on a text; lines are shifted by the given offset."""

_LINE_START_BLOCK = re.compile(r"^[^\S\n]*(@\w*[ \t]*)(?=[{(])", re.MULTILINE)
_ANY_BLOCK_START = re.compile(r"@\w*[ \t]*(?=[{(])")
_NAME = r'[^{}",=\\@]*'
_HEAD = re.compile(rf"@(\w*)[ \t]*\{{({_NAME})([,}}])")
_MAX_DEPTH = 8
_NOT_SPACE = re.compile(r"\S")


def _braced(depth: int) -> str:
    """Return a pattern for a ``{...}`` group nested at most ``depth`` deep (splitter rules).

    A brace right after a backslash is no delimiter; quotes and commas inside braces are text.
    """
    special = r"(?<=\\)[{}]"
    if depth > 1:
        special += "|" + _braced(depth - 1)
    return rf"(?<!\\)\{{[^{{}}]*(?:(?:{special})[^{{}}]*)*(?<!\\)\}}"


_QUOTED = r'(?<!\\)"[^"]*(?:(?<=\\)"[^"]*)*(?<!\\)"'


@functools.cache
def _field_pattern() -> re.Pattern[str]:
    """Compile the pattern of one ``name = value`` and what ends it (on first use: it is big)."""
    value = rf'[^{{}}",]*(?:(?:(?<=\\)[{{}}",]|{_braced(_MAX_DEPTH)}|{_QUOTED})[^{{}}",]*)*'
    return re.compile(rf"({_NAME})(?:=({value})(?<!\\)([,}}])|\}})")


_SKIPPED_TYPES = ("comment", "preamble", "string")


def scan(text: str, fallback: Fallback) -> list[RawBlock]:
    """Return the blocks bibtexparser's splitter finds in ``text``, in order.

    Args:
        text: The BibTeX text (without byte-order mark).
        fallback: Runs the splitter itself on a piece of text (see :data:`Fallback`).

    >>> [(b.kind, b.line, b.key) for b in scan("% x\\n@misc{k, title = {A}}", _no_fallback)]
    [('implicit', 0, ''), ('entry', 1, 'k')]
    """
    marks = [(m.start(1), m.end(1) + 1) for m in _LINE_START_BLOCK.finditer(text)]
    if not marks:
        return fallback(text, 0)
    marks.append((len(text), len(text)))
    lines = _LineCounter(text)
    blocks: list[RawBlock] = []
    blocks.extend(_scan_prefix(text, marks[0], fallback))
    for index in range(len(marks) - 1):
        start, end = marks[index][0], marks[index + 1][0]
        line = lines.line_at(start)
        fast = _scan_entry(text, start, end, line, lines)
        if fast is None:
            fast = _fall_back(text, start, marks[index + 1], line, fallback)
        blocks.extend(fast)
    return blocks


def _no_fallback(text: str, line: int) -> list[RawBlock]:
    raise AssertionError("no fallback expected")


class _LineCounter:
    """Line numbers as the splitter counts them: a line break right after ``\\`` does not count."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.escaped = "\\\n" in text
        self.position = 0
        self.line = 0

    def line_at(self, position: int) -> int:
        """Return the line at ``position``; positions must not decrease between calls."""
        text, start = self.text, self.position
        count = text.count("\n", start, position)
        if self.escaped and count:
            count -= text.count("\\\n", max(start - 1, 0), position)
        self.line += count
        self.position = position
        return self.line


def _scan_prefix(text: str, mark: tuple[int, int], fallback: Fallback) -> list[RawBlock]:
    """Read the text before the first block that starts a line (``mark``: its start, opening)."""
    end = mark[0]
    if not end:
        return []
    if _ANY_BLOCK_START.search(text, 0, end) is None:
        comment = _implicit(text, 0, end, 0)
        return [comment] if comment is not None else []
    return _fall_back(text, 0, mark, 0, fallback)


def _fall_back(
    text: str, start: int, mark: tuple[int, int], line: int, fallback: Fallback
) -> list[RawBlock]:
    """Run the splitter on one chunk plus the opening of the next block, which it then drops.

    ``mark`` is where the next block starts and where its opening delimiter ends. With that
    ``@type{`` in view, an unfinished block is aborted exactly as in the whole text; the next
    block itself is cut short and dropped (it is read as a chunk of its own).
    """
    if mark[0] >= len(text):
        return fallback(text[start:], line)
    blocks = fallback(text[start : mark[1]], line)
    if not blocks or blocks[-1].kind != FAILED or blocks[-1].raw[:1] != "@":
        raise ValueError("the splitter did not stop at the next block")  # pragma: no cover
    return blocks[:-1]


def _scan_entry(
    text: str, start: int, end: int, line: int, lines: _LineCounter
) -> list[RawBlock] | None:
    """Read a chunk holding one well-formed ``@type{key, ...}`` entry; None for anything else."""
    head = _HEAD.match(text, start, end)
    if head is None:
        return None
    entry_type = head.group(1).lower()
    if entry_type.startswith(_SKIPPED_TYPES):
        return None
    fields: list[RawField] = []
    position = head.end()
    if head.group(3) == ",":
        match = _field_pattern()
        while True:
            found = match.match(text, position, end)
            if found is None:
                return None
            position = found.end()
            value = found.group(2)
            if value is None:  # the closing brace after a trailing comma
                if found.group(1).strip():
                    return None
                break
            name_end = found.end(1)
            fields.append((found.group(1).strip(), value.strip(), lines.line_at(name_end)))
            if found.group(3) == "}":
                break
    if text.find('{"}', start, position) >= 0 or _ANY_BLOCK_START.search(text, position, end):
        return None
    entry = RawBlock(
        ENTRY,
        line,
        text,
        start,
        position,
        key=head.group(2).strip(),
        entry_type=entry_type,
        fields=tuple(fields),
    )
    closing_line = lines.line_at(position - 1)
    comment = _implicit(text, position, end, closing_line)
    return [entry] if comment is None else [entry, comment]


def _implicit(text: str, start: int, end: int, line: int) -> RawBlock | None:
    """Return the text between blocks as the splitter does (None when only white space).

    ``line`` is the line at ``start``; leading blank lines move the comment's line down.
    """
    first = _NOT_SPACE.search(text, start, end)
    if first is None:
        return None
    stop = end
    while stop > first.start() and text[stop - 1].isspace():
        stop -= 1
    line += text.count("\n", start, first.start())
    comment = text[first.start() : stop]
    return RawBlock(IMPLICIT, line, comment, 0, len(comment), value=comment)
