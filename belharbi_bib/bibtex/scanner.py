"""BibTeX text -> raw blocks: our own one-pass reading of the BibTeX grammar, as biber reads it.

The grammar (btparse's documentation, biber's manual, "Tame the BeaST"):

- Outside blocks everything is free text. A ``%`` starts a comment up to the end of the line
  (biber), so an ``@`` in a ``%`` line starts nothing; any other ``@`` followed by optional white
  space, an identifier, optional white space and ``{`` or ``(`` opens a block.
- ``@comment``, ``@preamble`` and ``@string`` (any case, the whole identifier) are commands;
  every other identifier is an entry type (``@commentary`` is an entry).
- An entry is ``key, name = value, ... [,]`` up to the closing delimiter; a ``}`` closing a
  ``(`` entry (or the reverse) is accepted with a warning.
- A value is one or more parts joined by ``#``: ``{...}`` with balanced braces, ``"..."`` ending
  at a ``"`` at brace depth 0 (braces balance inside too), digits, or a macro name. A backslash
  escapes nothing; an ``@`` inside a value is text.
- Between the tokens of a block, ``%`` starts a comment up to the end of the line (biber); the
  comment lines are kept as a free-text block after the entry, so nothing is lost.
- After an error the rest of the block is kept verbatim up to the next ``@`` that starts a
  line, where reading resumes; the error is reported at the line where it is.
- Recovery: when an entry's ``{`` never closes before that point (``\\{`` in a name), the
  value is cut before the first later line that starts with ``name =`` and from which the rest
  of the block reads as fields up to the entry's end. The cut value keeps its text (less the
  comma ending its line) and gets one ``}`` per brace left open, which keeps BibTeX's own
  grouping of what came before; the entry becomes a record and the error says so.

Well-formed entries are read by a fast path: the optional compiled loop (``bibtex/_scan.c``,
see docs/architecture.md; ``BELHARBI_BIB_PURE_PYTHON=1`` turns it off), else one C-level
regular-expression match per field; anything else (deep nesting, ``%`` comments, errors) by a
slower path that follows the same rules and reports what is wrong. Both give the same blocks and
notes. Lines are counted for ``\\n``, ``\\r\\n`` and a lone ``\\r`` alike, forward as reading goes,
or from an index of line starts built once per text when reading goes back.
"""

from __future__ import annotations

import bisect
import functools
import importlib
import os
import re
from array import array
from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate

from belharbi_bib import patterns
from belharbi_bib.files import StandIns
from belharbi_bib.files import narrow as narrow_text
from belharbi_bib.problems import Severity
from belharbi_bib.structs import dataclass

ENTRY, STRING, PREAMBLE, COMMENT, IMPLICIT, FAILED = (
    "entry", "string", "preamble", "comment", "implicit", "failed",
)  # fmt: skip
"""The kinds of :class:`RawBlock`."""

RawField = tuple[str, str, int, bool]
"""One field as read: name as written, raw value as written, 1-based line of its name, and
whether the value is one braced or quoted literal (so its text needs no expansion)."""

PURE_PYTHON = "BELHARBI_BIB_PURE_PYTHON"
"""Set this environment variable to ``1`` to read with the pure-Python scanner only."""

_Cut = Callable[[int, int], str]
_FieldsFn = Callable[[str, int, int, int, _Cut, list[RawField]], tuple[int, str | None]]
_StartsFn = Callable[[str], list[int]]
_BracesFn = Callable[[str], tuple[bytes, bytes, bytes]]
OddNamesFn = Callable[[str], bool]
"""The compiled ``odd_names`` (the reader's first test of a name list)."""
Expansion = tuple[str | None, int, tuple[str, ...], str | None]
"""A value expanded (``reader.expansion``): its text, the characters joined, the undefined
macros met and the macro too large to expand."""
ExpansionFn = Callable[[str, dict[str, str | None], int], Expansion | None]
"""The compiled ``expansion`` (the reader expands values that are not literals with it)."""
_EntryFn = Callable[
    [str, int, int, int, _Cut, list[RawField]], tuple[str, str, str, int, str | None] | None
]

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:  # what needs ``typing`` exists for type checkers only
    from typing import Any, Protocol, TypeVar

    LiteralFieldsFn = Callable[
        [
            Sequence[RawField],
            dict[str, str],
            dict[str, str],
            type,
            int,
            dict[str, str],
            frozenset[str],
            int,
        ],
        tuple[list[Any], int],
    ]
    """The compiled ``literal_fields`` (the reader builds its fields with it)."""
    _T = TypeVar("_T")

    class UntrackedFn(Protocol):
        """The compiled ``untracked``: its argument, no longer followed by the collector."""

        def __call__(self, value: _T, /) -> _T:
            """Return ``value`` untracked."""


class Compiled:
    """The functions of the compiled hot loop (``bibtex/_scan.c``, docs/architecture.md).

    A plain slots class rather than a ``NamedTuple``: reading starts without ``typing``.
    """

    __slots__ = (
        "brace_index",
        "entry",
        "expansion",
        "fields",
        "line_starts",
        "literal_fields",
        "odd_names",
        "untracked",
    )

    fields: _FieldsFn
    entry: _EntryFn
    line_starts: _StartsFn
    literal_fields: LiteralFieldsFn
    brace_index: _BracesFn
    odd_names: OddNamesFn
    expansion: ExpansionFn
    untracked: UntrackedFn

    def __init__(self, module: object) -> None:
        """Take each function from the compiled ``module``.

        Raises:
            AttributeError: The module lacks one (built from an older ``_scan.c``).
        """
        for name in self.__slots__:
            setattr(self, name, getattr(module, name))


def _compiled() -> Compiled | None:
    """Return the compiled hot loop's functions, or None: not built, or pure Python asked for."""
    if os.environ.get(PURE_PYTHON) == "1":
        return None
    try:
        module = importlib.import_module("belharbi_bib.bibtex._scan")
    except ImportError:
        return None
    try:
        return Compiled(module)
    except AttributeError:  # built from an older _scan.c: ``pip install -e .`` rebuilds it
        return None


_COMPILED = _compiled()
"""The compiled functions of ``bibtex/_scan.c`` when in use (see :func:`_compiled`), else None."""
COMPILED = _COMPILED is not None
"""True when the scanner reads with its compiled hot loop (docs/architecture.md)."""


@dataclass(frozen=True, slots=True)
class Note:
    """A syntax problem found while scanning (the reader turns it into a ``Problem``).

    Attributes:
        code: The stable problem code (``bib.syntax``, ``bib.missing-comma`` ...).
        message: What is wrong, for a person.
        line: The 1-based line where it is.
        severity: Error or warning.
        key: The key of the entry it concerns, when known.
    """

    code: str
    message: str
    line: int
    severity: Severity = Severity.ERROR
    key: str | None = None


@dataclass(slots=True)
class RawBlock:
    """One block as written in the text.

    Attributes:
        kind: One of ``entry``, ``string``, ``preamble``, ``comment`` (``@comment``),
            ``implicit`` (free text between blocks, ``%`` lines) and ``failed``.
        line: The 1-based line where the block starts.
        start: Where the block's text starts.
        end: Where the block's text ends (just past its closing delimiter).
        key: The citation key (entries) or macro name (``@string``).
        entry_type: The entry type as written.
        fields: The fields of an entry.
        value: The raw value of a ``@string``/``@preamble``, or the text of a comment.
        reason: Why a failed block failed.
    """

    kind: str
    line: int
    start: int
    end: int
    key: str = ""
    entry_type: str = ""
    fields: tuple[RawField, ...] = ()
    value: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Scan:
    """The blocks of a text, in order, and the syntax problems found in it."""

    blocks: tuple[RawBlock, ...]
    notes: tuple[Note, ...]


UNCLOSED = "the block is not closed before the next block or the end of the file"
"""The reason given for a block still open at the next block or at the end of the text."""

_NAME = r"""[^\s"#%'(),={}@]+"""
_MAX_DEPTH = 4


def _braced(depth: int) -> str:
    """Return a pattern for a ``{...}`` group nested at most ``depth`` deep."""
    inner = r"[^{}]*"
    if depth > 1:
        inner = rf"[^{{}}]*(?:{_braced(depth - 1)}[^{{}}]*)*"
    return rf"\{{{inner}\}}"


_BRACED = _braced(_MAX_DEPTH)
_QUOTED = rf'"[^"{{}}]*(?:{_BRACED}[^"{{}}]*)*"'
_PART = rf"(?:{_BRACED}|{_QUOTED}|{_NAME})"
_FIELD = rf"\s*({_NAME})\s*=\s*({_PART}(\s*\#\s*{_PART})*)\s*(?:,(?:\s*([}})]))?|([}})]))"


@functools.cache
def _field_pattern() -> re.Pattern[str]:
    """Return the pure path's pattern for one well-formed field (compiled on first use).

    Compiling it takes about 1 ms, which a process reading with the compiled loop need not spend.
    """
    return patterns.compile(_FIELD)


_HEAD = patterns.compile(rf"@\s*({_NAME})\s*([{{(])")
_NEXT = patterns.compile(r"[@%]")
_LINE_END = patterns.compile(r"\r\n?|\n")
_BREAK = patterns.compile(r"\r\n?|\n")
_SPACE = patterns.compile(r"\s*")
_NAME_RE = patterns.compile(_NAME)
_BRACE = patterns.compile(r"[{}]")
_BRACE_OR_QUOTE = patterns.compile(r'[{}"]')
_JUNK = patterns.compile(r'[{}",)@]')
_KEY = {
    "{": patterns.compile(r"""\s*([^\s,{}"=#%@]*)"""),
    "(": patterns.compile(r"""\s*([^\s,(){}"=#%@]*)"""),
}
_CLOSER = {"{": "}", "(": ")"}
_LITERAL = frozenset('{"')
_RESYNC = patterns.compile(r"(?:^|(?<=\r))[ \t]*@", re.MULTILINE)
_FIELD_START = patterns.compile(rf"[ \t]*{_NAME}\s*=")
_NEVER_CLOSED = "a '{' is never closed"
_SWALLOWED = "a '{' is closed only by the entry's own '}'"
_RECOVERY_TRIES = 16
"""Field starts tried at most per value cut short (each try reads the rest of the block)."""
_COMMANDS = {"comment": COMMENT, "preamble": PREAMBLE, "string": STRING}


class Source:
    """The text the scanner reads, narrowed to one byte per character when asked.

    Python stores a whole string at the width of its widest character, so one emoji makes a
    16 MB file 64 MB of text. A narrowed source reads a copy where every character above
    U+00FF stands in as ``\\x7f`` (or ``\\x1f`` for white space), which the grammar treats
    alike: both are ordinary text, white space where the original is (``files.narrow``).
    Every piece taken out of the text (:meth:`cut`) gets the originals back. Positions and
    line ends are the same in both texts.
    """

    __slots__ = ("high", "low", "originals", "positions", "text")

    def __init__(self, text: str, narrow: bool = False) -> None:
        stand_ins = None
        if narrow:
            text, stand_ins = narrow_text(text)
        self.text = text
        self.positions: array[int] = stand_ins.positions if stand_ins else array("q")
        self.originals = stand_ins.originals if stand_ins else ""
        self.low = 0  # the last run found free of stand-ins: [low, high)
        self.high = len(text) + 1 if not self.positions else 0

    @classmethod
    def narrowed(cls, text: str, stand_ins: StandIns) -> Source:
        """Return the source of a text narrowed already (``files.decode_narrow``)."""
        source = cls(text)
        source.positions = stand_ins.positions
        source.originals = stand_ins.originals
        source.high = len(text) + 1 if not source.positions else 0
        return source

    def cut(self, start: int, end: int) -> str:
        """Return the original text from ``start`` to ``end``."""
        if self.low <= start and end <= self.high:
            return self.text[start:end]
        positions = self.positions
        first = bisect.bisect_left(positions, start)
        if first == len(positions) or positions[first] >= end:
            self.free_run(first)
            return self.text[start:end]
        last = bisect.bisect_left(positions, end, first)
        text = self.text
        pieces = []
        previous = start
        for index in range(first, last):
            at = positions[index]
            pieces.append(text[previous:at])
            pieces.append(self.originals[index])
            previous = at + 1
        pieces.append(text[previous:end])
        return "".join(pieces)

    def free_run(self, index: int) -> None:
        """Remember the run of text between the stand-ins ``index - 1`` and ``index``.

        Reading goes forward: most pieces cut next fall in the same run.
        """
        positions = self.positions
        self.low = positions[index - 1] + 1 if index else 0
        self.high = positions[index] if index < len(positions) else len(self.text) + 1

    def clean_from(self, position: int) -> int:
        """Return where the next stand-in at or after ``position`` is (past the end if none)."""
        if self.low <= position < self.high:
            return self.high
        index = bisect.bisect_left(self.positions, position)
        self.free_run(index)
        return self.high


class Lines:
    """Position -> 1-based line, for ``\\n``, ``\\r\\n`` and lone ``\\r`` line ends alike."""

    def __init__(self, text: str, index: Callable[[str], list[int]] | None = None) -> None:
        self.text = text
        self.plain = "\r" not in text
        """True when every line ends with ``\n`` alone."""
        self._index = index
        self._starts: list[int] | None = None
        self._position = 0
        self._line = 1

    @property
    def starts(self) -> list[int]:
        """Where each line starts (built on first use)."""
        if self._starts is None:
            if self._index is not None:
                self._starts = self._index(self.text)
            else:
                self._starts = [0, *(m.end() for m in _LINE_END.finditer(self.text))]
        return self._starts

    def line(self, position: int) -> int:
        """Return the 1-based line holding ``position``.

        Lines are counted forward from the previous call (positions mostly grow); a position
        before the previous one goes through the index of line starts.
        """
        previous = self._position
        if position < previous:
            return bisect.bisect_right(self.starts, position)
        count = self.text.count
        self._line += count("\n", previous, position)
        if not self.plain:  # a line also starts after each "\r" not followed by "\n"
            self._line += count("\r", previous, position) - count("\r\n", previous, position + 1)
        self._position = position
        return self._line

    def start_of(self, position: int) -> int:
        """Return where the line holding ``position`` starts."""
        return self.starts[bisect.bisect_right(self.starts, position) - 1]


class _BraceIndex:
    """Brace depths over a whole text: does the ``{`` at a position ever close?"""

    def __init__(self, text: str, build: _BracesFn | None = None) -> None:
        if build is not None:  # compiled: the same three arrays
            self.positions, self.depths, self.floor = (array("q", b) for b in build(text))
            return
        self.positions = array("q", (m.start() for m in _BRACE.finditer(text)))
        steps = (1 if text[p] == "{" else -1 for p in self.positions)
        self.depths = array("q", accumulate(steps))
        floor = array("q", accumulate(reversed(self.depths), min))
        floor.reverse()
        self.floor = floor
        """``floor[k]``: the lowest depth from brace ``k`` to the end."""

    def closes(self, start: int) -> bool:
        """Return True when the ``{`` at ``start`` is matched by a later ``}``."""
        k = bisect.bisect_left(self.positions, start)
        if k + 1 >= len(self.positions):
            return False
        return self.floor[k + 1] <= self.depths[k] - 1


class SyntaxFault(Exception):
    """Raised inside the scanner to abandon a block (never escapes :func:`scan`).

    Attributes:
        message: What is wrong.
        position: Where it is.
        resume: Where to look for the next line-initial ``@``.
    """

    def __init__(self, message: str, position: int, resume: int) -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.resume = resume


def scan(text: str | Source, pure: bool = False) -> Scan:
    """Return the blocks of a BibTeX text and its syntax problems; never raises on data.

    ``pure``: read without the compiled hot loop even when it is there (the result is the
    same; the tests compare both).

    >>> result = scan("% x\\n@misc{k, title = {A}}")
    >>> [(b.kind, b.line, b.key, b.fields) for b in result.blocks]
    [('implicit', 1, '', ()), ('entry', 2, 'k', (('title', '{A}', 2, True),))]
    """
    scanner = Scanner(text, pure)
    blocks = tuple(scanner)
    return Scan(blocks, tuple(scanner.notes))


class Scanner:
    """One pass over one text: iterating yields its blocks in order (once).

    The syntax problems found so far are in ``notes``. Blocks are yielded as they are
    read, so a reader can convert each one and let it go.
    """

    def __init__(self, text: str | Source, pure: bool = False) -> None:
        self.source = source = text if isinstance(text, Source) else Source(text)
        self.compiled = None if pure else _COMPILED
        self.text = text = source.text
        self.cut = source.cut
        self.lines = Lines(text, None if self.compiled is None else self.compiled.line_starts)
        self.blocks: list[RawBlock] = []
        self.notes: list[Note] = []
        self.comments: list[tuple[int, str]] = []  # (where, text) of ``%`` comments in a block
        self.collected = 0  # how far ``%`` comments inside blocks have been collected
        self.braces: _BraceIndex | None = None  # built after the first brace that never closes
        self.recovering = False  # reading the rest of an entry after a value cut short
        self.junk = 0  # values followed by junk read so far

    def note(
        self,
        code: str,
        message: str,
        position: int,
        severity: Severity = Severity.ERROR,
        key: str | None = None,
    ) -> None:
        """Record a problem at ``position``."""
        self.notes.append(Note(code, message, self.lines.line(position), severity, key))

    def __iter__(self) -> Iterator[RawBlock]:
        text = self.text
        size = len(text)
        free = 0  # where the current run of free text started
        position = 0
        search = _NEXT.search
        head = _HEAD.match
        fast = self.compiled
        while True:
            found = search(text, position)
            if found is None:
                break
            at = found.start()
            if found.group() == "%":
                stop = _BREAK.search(text, at)
                position = stop.start() if stop else size
                continue
            opened = head(text, at)
            if opened is None:
                self.stray_at(at)
                position = at + 1
                continue
            self.free_text(free, at)
            if fast is None:
                position = self.block(at, opened)
            else:
                position = self.fast_block(at, opened, fast.entry)
            free = position
            yield from self.blocks
            self.blocks.clear()
        self.free_text(free, size)
        yield from self.blocks
        self.blocks.clear()

    def stray_at(self, at: int) -> None:
        """Report an ``@`` that opens a line but no block (it stays free text)."""
        text = self.text
        line_start = self.lines.start_of(at)
        if text[line_start:at].strip() or _NAME_RE.match(text, at + 1) is None:
            return
        self.note(
            "bib.stray-at",
            "'@' followed by a name but no '{' or '(' opens no block; kept as text",
            at,
            Severity.WARNING,
        )

    def free_text(self, start: int, end: int) -> None:
        """Add the free text between blocks (nothing when it is only white space)."""
        first = _SPACE.match(self.text, start, end).end()  # type: ignore[union-attr]
        if first >= end:
            return
        comment = self.cut(first, end).rstrip()
        self.blocks.append(RawBlock(IMPLICIT, self.lines.line(first), first, end, value=comment))

    def block(self, at: int, opened: re.Match[str]) -> int:
        """Read the block opened at ``at``; return where free text resumes."""
        written = self.cut(opened.start(1), opened.end(1))
        opener = opened.group(2)
        kind = _COMMANDS.get(written.lower(), ENTRY)
        position = opened.end()
        try:
            if kind == ENTRY:
                block, end = self.entry(at, written, opener, position)
            elif kind == STRING:
                block, end = self.string(at, opener, position)
            elif kind == PREAMBLE:
                block, end = self.preamble(at, opener, position)
            else:
                block, end = self.comment(at, opener, position)
        except SyntaxFault as fault:
            self.comments.clear()
            return self.failed(at, fault)
        return self.read_block(block, at, end)

    def read_block(self, block: RawBlock, at: int, end: int) -> int:
        """Keep a block read whole, then the ``%`` comments met inside it; return ``end``."""
        self.blocks.append(block)
        if self.comments:
            joined = "\n".join(comment for _, comment in self.comments)
            self.comments.clear()
            self.blocks.append(RawBlock(IMPLICIT, block.line, at, end, value=joined))
        return end

    def fast_block(self, at: int, opened: re.Match[str], entry: _EntryFn) -> int:
        """Read the block opened at ``at`` with the compiled hot loop where it can."""
        fields: list[RawField] = []
        line = self.lines.line(at)
        read = entry(self.text, at, line, self.source.clean_from(at), self.cut, fields)
        if read is None:  # not a plain entry: the general path reads it from the start
            return self.block(at, opened)
        written, opener, key, position, term = read
        try:
            if term is None:  # stopped before a field it does not read
                end = self.fields(position, opener, at, key, fields, slow=True)
            elif term != _CLOSER[opener]:
                end = self.closing(position - 1, opener, at)
            else:
                end = position
        except SyntaxFault as fault:
            self.comments.clear()
            return self.failed(at, fault)
        block = RawBlock(ENTRY, line, at, end, key, written, tuple(fields))
        return self.read_block(block, at, end)

    def failed(self, at: int, fault: SyntaxFault) -> int:
        """Keep a block that could not be read verbatim, up to the next line-initial ``@``."""
        text = self.text
        resume = max(fault.resume, at + 1)
        again = _RESYNC.search(text, resume)
        end = again.end() - 1 if again else len(text)
        line = self.lines.line(at)
        reason = message = fault.message
        error_line = self.lines.line(fault.position)
        if fault.position >= len(text) or text[fault.position] == "@":
            # Not closed before the next block or the end: the same reason either way, so that
            # the reason written back with the block reads back the same whatever follows it.
            reason = UNCLOSED
            message = f"{UNCLOSED} (reading stopped at line {error_line})"
            error_line = line
        elif error_line != line:
            message = f"{message} (in the block opened at line {line})"
        self.notes.append(Note("bib.syntax", f"{message}; kept verbatim", error_line))
        raw = self.cut(at, end).rstrip()
        self.blocks.append(RawBlock(FAILED, line, at, at + len(raw), value=raw, reason=reason))
        return end

    # -- white space and comments inside blocks ------------------------------------------

    def skip(self, position: int) -> int:
        """Skip white space and ``%`` comments (kept in ``self.comments``); return the end."""
        text = self.text
        size = len(text)
        while True:
            position = _SPACE.match(text, position).end()  # type: ignore[union-attr]
            if position >= size or text[position] != "%":
                return position
            stop = _BREAK.search(text, position)
            end = stop.start() if stop else size
            if position >= self.collected:
                self.comments.append((position, self.cut(position, end)))
                self.collected = end
            position = end

    def expect_char(self, position: int, what: str) -> str:
        """Describe what stands at ``position`` (for messages)."""
        if position >= len(self.text):
            return f"expected {what} but the file ends"
        char = self.cut(position, position + 1)
        shown = repr(char) if char.isprintable() else f"U+{ord(char):04X}"
        return f"expected {what} but found {shown}"

    # -- values ---------------------------------------------------------------------------

    def close_brace(self, start: int) -> int:
        """Return the position past the ``}`` closing the ``{`` at ``start``.

        Once a brace has been found never to close, an index of brace depths answers the same
        question for every later brace without walking to the end again, so a file full of
        unclosed braces is still read in linear time.
        """
        index = self.braces
        if index is not None and not index.closes(start):
            raise SyntaxFault(_NEVER_CLOSED, start, start + 1)
        depth = 0
        for match in _BRACE.finditer(self.text, start):
            if match.group() == "{":
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    return match.end()
        if index is None:
            build = None if self.compiled is None else self.compiled.brace_index
            self.braces = _BraceIndex(self.text, build)
        raise SyntaxFault(_NEVER_CLOSED, start, start + 1)

    def close_quote(self, start: int) -> int:
        """Return the position past the ``"`` closing the quote at ``start`` (depth 0)."""
        depth = 0
        for match in _BRACE_OR_QUOTE.finditer(self.text, start + 1):
            char = match.group()
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth < 0:
                    raise SyntaxFault(
                        "unbalanced '}' inside a quoted value", match.start(), match.end()
                    )
            elif depth == 0:
                return match.end()
        raise SyntaxFault("a '\"' is never closed", start, start + 1)

    def value(self, position: int) -> tuple[int, int, bool]:
        """Read a value expression at ``position``.

        Returns:
            Its start, its end, and whether it is one braced or quoted literal.
        """
        text = self.text
        size = len(text)
        start = position
        while True:
            if position >= size:
                raise SyntaxFault(self.expect_char(position, "a value"), position, position)
            char = text[position]
            if char == "{":
                end = self.close_brace(position)
            elif char == '"':
                end = self.close_quote(position)
            else:
                found = _NAME_RE.match(text, position)
                if found is None:
                    raise SyntaxFault(
                        self.expect_char(position, "a value"),
                        position,
                        self.lines.start_of(position),
                    )
                end = found.end()
            after = self.skip(end)
            if after < size and text[after] == "#":
                position = self.skip(after + 1)
                continue
            return start, end, position == start and text[start] in _LITERAL

    def junk_end(self, position: int, value_start: int) -> int:
        """Return where a value followed by junk ends: the next ``,`` or closing delimiter.

        Braces and quotes in the junk must balance; a line-initial ``@`` or the end of the
        text before that is an error. The reader reports the whole value as a bad value.
        """
        text = self.text
        depth = 0
        cursor = position
        while True:
            for match in _JUNK.finditer(text, cursor):
                char = match.group()
                if char == "{":
                    depth += 1
                elif char == "}" and depth:
                    depth -= 1
                elif char == '"' and not depth:
                    cursor = self.close_quote(match.start())
                    break
                elif depth == 0 and char in ",})":
                    end = match.start()
                    while text[end - 1].isspace():
                        end -= 1
                    # ``%`` comments inside the value are part of it now, not comments
                    self.comments = [c for c in self.comments if not value_start <= c[0] < end]
                    return end
                elif (
                    char == "@"
                    and not text[self.lines.start_of(match.start()) : match.start()].strip()
                ):
                    cursor = -1
                    break
            else:
                cursor = -1
            if cursor < 0:
                break
        raise SyntaxFault(
            self.expect_char(position, "',' or the end of the entry"),
            position,
            self.lines.start_of(position),
        )

    # -- blocks ---------------------------------------------------------------------------

    def closing(self, position: int, opener: str, line_at: int) -> int:
        """Accept the closing delimiter at ``position``; warn when it does not match."""
        char = self.text[position]
        if char != _CLOSER[opener]:
            self.note(
                "bib.mismatched-delimiter",
                f"block opened with {opener!r} at line {self.lines.line(line_at)} "
                f"is closed with {char!r}",
                position,
                Severity.WARNING,
            )
        return position + 1

    def entry(self, at: int, written: str, opener: str, position: int) -> tuple[RawBlock, int]:
        """Read an entry from its key on (``position``: after the opening delimiter)."""
        text = self.text
        size = len(text)
        found = _KEY[opener].match(text, position)
        key_start = found.start(1)  # type: ignore[union-attr]
        key = self.cut(key_start, found.end(1))  # type: ignore[union-attr]
        position = self.skip(found.end())  # type: ignore[union-attr]
        if key and position < size and text[position] not in ",})=":
            # A key with white space inside (``{my key, ...}``): up to the comma it is a key.
            more = _NAME_RE.match(text, position)
            after = self.skip(more.end()) if more else position
            if more is not None and after < size and text[after] == "=":
                self.note(
                    "bib.missing-comma",
                    f"no comma after key {key!r}; read as if it were there",
                    position,
                    key=key,
                )
            else:
                comma = patterns.compile(r"[^,{}()=\"#%\r\n]*").match(text, position)
                stop = comma.end()  # type: ignore[union-attr]
                if stop < size and text[stop] == ",":  # the reader reports the bad key
                    key = self.cut(key_start, stop).rstrip()
                    position = stop
        line = self.lines.line(at)
        if position >= size:
            raise SyntaxFault(self.expect_char(position, "',' after the key"), position, at + 1)
        char = text[position]
        if char == "=":
            raise SyntaxFault("expected a citation key before the first field", position, at + 1)
        fields: list[RawField] = []
        if char in "})":
            end = self.closing(position, opener, at)
            return RawBlock(ENTRY, line, at, end, key, written), end
        if char == ",":
            position += 1
        end = self.fields(position, opener, at, key, fields)
        return RawBlock(ENTRY, line, at, end, key, written, tuple(fields)), end

    def fields(
        self,
        position: int,
        opener: str,
        at: int,
        key: str,
        fields: list[RawField],
        slow: bool = False,
    ) -> int:
        """Read ``name = value`` pairs up to the closing delimiter; return the end.

        ``slow``: the field at ``position`` is known not to be well-formed (the compiled
        loop stopped there).
        """
        if self.compiled is not None:
            read = self.compiled.fields
            return self.compiled_fields(read, position, (opener, at, key), fields, slow)
        text = self.text
        match = _field_pattern().match
        lines = self.lines
        count = text.count if lines.plain else None
        last = position
        line = lines.line(position)
        closer = _CLOSER[opener]
        clean = self.source.clean_from(position)  # no stand-in before this
        append = fields.append
        while True:
            found = match(text, position)
            if found is None:
                position, done = self.slow_field(position, opener, at, key, fields)
                if done:
                    return position
                last = position
                line = lines.line(position)
                continue
            name, raw, tail, after_comma, term = found.groups()
            start = found.start(1)
            if count is not None:
                line += count("\n", last, start)
                last = start
            else:
                line = lines.line(start)
            position = found.end()
            if position > clean:
                name = self.cut(start, found.end(1))
                raw = self.cut(found.start(2), found.end(2))
            append((name, raw, line, tail is None and raw[0] in _LITERAL))
            term = term or after_comma
            if term is not None:
                if term != closer:
                    self.closing(position - 1, opener, at)
                return position

    def compiled_fields(
        self,
        read: _FieldsFn,
        position: int,
        entry: tuple[str, int, str],
        fields: list[RawField],
        slow: bool,
    ) -> int:
        """:meth:`fields` with the compiled loop reading the well-formed fields.

        ``entry``: the entry's opening delimiter, where it starts and its key.
        """
        opener, at, key = entry
        text = self.text
        lines = self.lines
        clean = self.source.clean_from(position)
        cut = self.cut
        while True:
            if not slow:
                position, term = read(text, position, lines.line(position), clean, cut, fields)
                if term is not None:
                    if term != _CLOSER[opener]:
                        return self.closing(position - 1, opener, at)
                    return position
            slow = False
            position, done = self.slow_field(position, opener, at, key, fields)
            if done:
                return position

    def slow_field(
        self, position: int, opener: str, at: int, key: str, fields: list[RawField]
    ) -> tuple[int, bool]:
        """Read one field the slow way (comments, deep nesting, errors); True when closed."""
        text = self.text
        size = len(text)
        position = self.skip(position)
        if position < size and text[position] in "})":
            return self.closing(position, opener, at), True
        found = _NAME_RE.match(text, position)
        if found is None:
            raise SyntaxFault(
                self.expect_char(position, "a field name or the end of the entry"),
                position,
                self.lines.start_of(position),
            )
        name = self.cut(found.start(), found.end())
        position = self.skip(found.end())
        if position >= size or text[position] != "=":
            fault = SyntaxFault(
                self.expect_char(position, f"'=' after field name {name!r}"),
                position,
                self.lines.start_of(position),
            )
            repaired = self.without_equals(fault, (name, found.start()), position, opener, at, key)
            if repaired is None:
                raise fault
            fields.append(repaired[0])
            return repaired[1], repaired[2]
        value_at = self.skip(position + 1)
        try:
            start, end, literal = self.value(value_at)
        except SyntaxFault as fault:
            if fault.message != _NEVER_CLOSED or self.recovering:
                raise
            field = (name, value_at, self.lines.line(found.start()))
            recovered = self.recover(fault, field, opener, at, key, fields)
            if recovered is None:
                raise
            return recovered, True
        fields.append((name, self.cut(start, end), self.lines.line(found.start()), literal))
        position = self.skip(end)
        if (
            opener == "{"
            and literal
            and text[start] == "{"
            and (position >= size or text[position] == "@")
            and not self.recovering
            and not text[self.lines.start_of(position) : position].strip()
        ):
            # The entry's own "}" closed the value (one stray "{"): the next entry or the end
            # of the text follows it.
            swallowed = SyntaxFault(_SWALLOWED, start, start + 1)
            field = (name, start, fields[-1][2])
            fields.pop()
            recovered = self.recover(swallowed, field, opener, at, key, fields, end)
            if recovered is not None:
                return recovered, True
            fields.append((name, self.cut(start, end), field[2], literal))
        if position >= size:
            raise SyntaxFault(
                self.expect_char(position, "',' or the end of the entry"), position, start + 1
            )
        char = text[position]
        if char == ",":
            return position + 1, False
        if char in "})":
            return self.closing(position, opener, at), True
        following = _NAME_RE.match(text, position)
        if following is not None:
            after = self.skip(following.end())
            if after < size and text[after] == "=":
                shown = self.cut(following.start(), following.end())
                self.note(
                    "bib.missing-comma",
                    f"no comma before field {shown!r}; read as if it were there",
                    position,
                    key=key or None,
                )
                return position, False
        self.junk += 1
        end = self.junk_end(position, start)
        fields[-1] = (name, self.cut(start, end), fields[-1][2], False)
        position = self.skip(end)
        if text[position] == ",":
            return position + 1, False
        return self.closing(position, opener, at), True

    def without_equals(
        self,
        fault: SyntaxFault,
        named: tuple[str, int],
        position: int,
        opener: str,
        at: int,
        key: str,
    ) -> tuple[RawField, int, bool] | None:
        """Read ``name {value}`` (or ``name "value"``) as if the ``=`` were there.

        Only when one delimited value stands there, followed by ``,`` or the entry's closing
        delimiter: then nothing else can be meant. The error stays at the value's line.
        Returns the field, where reading goes on and whether the entry is closed; else None.
        """
        text = self.text
        size = len(text)
        if position >= size or text[position] not in _LITERAL:
            return None
        try:
            start, end, literal = self.value(position)
        except SyntaxFault:
            return None
        after = self.skip(end)
        if not literal or after >= size or text[after] not in ",})":
            return None
        self.note(
            "bib.syntax",
            f"{fault.message}; read as if the '=' were there, entry recovered",
            position,
            key=key or None,
        )
        name, name_at = named
        field = (name, self.cut(start, end), self.lines.line(name_at), True)
        if text[after] == ",":
            return field, after + 1, False
        return field, self.closing(after, opener, at), True

    def recover(
        self,
        fault: SyntaxFault,
        field: tuple[str, int, int],
        opener: str,
        at: int,
        key: str,
        fields: list[RawField],
        closed_at: int | None = None,
    ) -> int | None:
        """Cut a value whose ``{`` never closes; return the entry's end, or None if ambiguous.

        ``closed_at``: where the value ends when the entry's own ``}`` closed it (the rest
        must then read as fields up to that very ``}``).

        The value ends before the first later line of the block that starts a field from
        which the rest reads cleanly (no repair, no warning) as fields up to the entry's own
        closing delimiter (before the next line-initial ``@``). Only the first few such lines
        are tried (:data:`_RECOVERY_TRIES`), so reading stays linear. ``fields`` gets the cut
        value and the fields after it.
        """
        text = self.text
        name, value_at, name_line = field
        if closed_at is None:
            again = _RESYNC.search(text, max(fault.resume, at + 1))
            limit = again.end() - 1 if again else len(text)
        else:
            limit = closed_at
        lines = self.lines
        starts = lines.starts
        first = bisect.bisect_right(starts, fault.position)
        notes, comments, collected = len(self.notes), list(self.comments), self.collected
        self.recovering = True
        try:
            tries = _RECOVERY_TRIES
            for index in range(first, len(starts)):
                line_start = starts[index]
                if line_start >= limit or not tries:
                    line_start = limit
                    break
                if _FIELD_START.match(text, line_start) is None:
                    continue
                tries -= 1
                rest: list[RawField] = []
                junk = self.junk
                try:
                    end = self.fields(line_start, opener, at, key, rest)
                except SyntaxFault as failure:
                    if failure.position >= limit:  # a later start would run off there too
                        line_start = limit
                        break
                    end = limit + 1
                fits = end <= limit if closed_at is None else end == closed_at
                if fits and len(self.notes) == notes and self.junk == junk:
                    break
                del self.notes[notes:]
                self.comments, self.collected = list(comments), collected
            else:
                return None
            if line_start >= limit:
                return None
        finally:
            self.recovering = False
        cut = line_start
        while text[cut - 1].isspace():
            cut -= 1
        if text[cut - 1] == ",":
            cut -= 1
        raw = self.cut(value_at, cut)
        open_braces = raw.count("{") - raw.count("}")
        raw += "}" * open_braces
        literal = value_at == fault.position  # all of it inside the brace that stayed open
        fields.append((name, raw, name_line, literal))
        fields.extend(rest)
        line = lines.line(at)
        self.notes.insert(
            notes,
            Note(
                "bib.syntax",
                f"{fault.message} (in the block opened at line {line}); value of field "
                f"{name!r} cut at line {lines.line(cut)} and closed with "
                f"{'}' * open_braces!r}; entry recovered",
                lines.line(fault.position),
                key=key or None,
            ),
        )
        return end

    def string(self, at: int, opener: str, position: int) -> tuple[RawBlock, int]:
        """Read ``@string{name = value}`` from after its opening delimiter."""
        text = self.text
        size = len(text)
        position = self.skip(position)
        name = _NAME_RE.match(text, position)
        if name is None:
            raise SyntaxFault(
                self.expect_char(position, "a macro name"), position, self.lines.start_of(position)
            )
        position = self.skip(name.end())
        if position >= size or text[position] != "=":
            raise SyntaxFault(
                self.expect_char(position, "'=' after the macro name"),
                position,
                self.lines.start_of(position),
            )
        start, end, _ = self.value(self.skip(position + 1))
        position = self.skip(end)
        if position < size and text[position] not in ",})":
            end = position = self.junk_end(position, start)
            position = self.skip(position)
        if position < size and text[position] == ",":  # biber tolerates a trailing comma
            position = self.skip(position + 1)
        if position >= size or text[position] not in "})":
            raise SyntaxFault(
                self.expect_char(position, "the end of the @string"),
                position,
                self.lines.start_of(position),
            )
        end_block = self.closing(position, opener, at)
        line = self.lines.line(at)
        macro = self.cut(name.start(), name.end())
        block = RawBlock(STRING, line, at, end_block, macro, value=self.cut(start, end))
        return block, end_block

    def preamble(self, at: int, opener: str, position: int) -> tuple[RawBlock, int]:
        """Read ``@preamble{value}`` from after its opening delimiter."""
        text = self.text
        size = len(text)
        start, end, _ = self.value(self.skip(position))
        position = self.skip(end)
        if position >= size or text[position] not in "})":
            raise SyntaxFault(
                self.expect_char(position, "the end of the @preamble"),
                position,
                self.lines.start_of(position),
            )
        end_block = self.closing(position, opener, at)
        value = self.cut(start, end)
        block = RawBlock(PREAMBLE, self.lines.line(at), at, end_block, value=value)
        return block, end_block

    def comment(self, at: int, opener: str, position: int) -> tuple[RawBlock, int]:
        """``@comment{...}``: balanced braces (biber); ``@comment(...)`` ends at ``)`` outside."""
        text = self.text
        start = position
        depth = 0
        pattern = _BRACE if opener == "{" else patterns.compile(r"[{}()]")
        for match in pattern.finditer(text, position):
            char = match.group()
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth < 0:
                    end = match.end()
                    break
            elif char == ")" and depth == 0:
                end = match.end()
                break
        else:
            raise SyntaxFault("the @comment is never closed", at, at + 1)
        block = RawBlock(COMMENT, self.lines.line(at), at, end, value=self.cut(start, end - 1))
        return block, end
