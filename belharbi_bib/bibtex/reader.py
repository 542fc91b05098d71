"""BibTeX text -> :class:`Library`. The only module that imports bibtexparser.

bibtexparser's splitter cuts the text into blocks, keeps raw values with their delimiters,
records line numbers and recovers after a malformed block; we use it without its middleware
stack and convert its blocks into our immutable model, turning every failure into a
:class:`Problem` and keeping the failed text verbatim.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Sequence
from typing import Any

from belharbi_bib import values
from belharbi_bib.bibtex.scanner import (
    COMMENT,
    ENTRY,
    FAILED,
    IMPLICIT,
    PREAMBLE,
    STRING,
    RawBlock,
    scan,
)
from belharbi_bib.files import decode, read_bytes
from belharbi_bib.model import (
    Block,
    Comment,
    Field,
    Library,
    Preamble,
    Record,
    StringDef,
    Unparsed,
)
from belharbi_bib.problems import Problem, Severity

MARKER = "belharbi-bib:"
"""Prefix of the ``@comment`` the writer puts before a block it could not parse."""

logger = logging.getLogger(__name__)


def read(path: str | os.PathLike[str]) -> Library:
    """Read a ``.bib`` file into a library; data problems are in ``library.problems``.

    Raises:
        ReadError: The file cannot be read at all.
    """
    name = os.fspath(path)
    decoded = decode(read_bytes(path), name)
    library = parse_string(decoded.text, name)
    return library.with_problems(decoded.problems) if decoded.problems else library


def parse_string(text: str, path: str | None = None) -> Library:
    """Parse BibTeX text into a library; never raises on bad data.

    >>> lib = parse_string("@Article{k, Title = {A}, year = 2020}")
    >>> [(r.key, r.entry_type, r.field("title"), r.year) for r in lib]
    [('k', 'article', 'A', 2020)]
    >>> parse_string("@article{k, title = {A}").problems[0].code
    'bib.syntax'
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    quiet = logging.getLogger("bibtexparser")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        raw_blocks = scan(text, split)
        return _Converter(text, path).convert(raw_blocks)
    finally:
        quiet.setLevel(level)


def parse_with_sources(text: str, path: str | None = None) -> tuple[Library, tuple[str, ...]]:
    """Parse like :func:`parse_string`; also return each record's exact text in ``text``.

    The texts are aligned with ``library.records`` (from the ``@`` to the closing delimiter).

    >>> lib, sources = parse_with_sources("@misc{a,\\n  year = {1},\\n}\\n\\n@misc{b, x=1}")
    >>> [r.key for r in lib.records], sources
    (['a', 'b'], ('@misc{a,\\n  year = {1},\\n}', '@misc{b, x=1}'))
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    quiet = logging.getLogger("bibtexparser")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        converter = _Converter(text, path)
        library = converter.convert(scan(text, split))
        return library, tuple(converter.sources)
    finally:
        quiet.setLevel(level)


def split(text: str, line_offset: int = 0) -> list[RawBlock]:
    """Run bibtexparser's splitter on ``text``; block lines are shifted by ``line_offset``.

    This is the reference :func:`~belharbi_bib.bibtex.scanner.scan` must agree with, and its
    fallback for the blocks its fast path does not read.

    >>> [(b.kind, b.line, b.key) for b in split("@string{a = {b}}", 2)]
    [('string', 2, 'a')]
    """
    from bibtexparser import model as bp
    from bibtexparser.splitter import Splitter

    blocks: list[RawBlock] = []
    block: Any
    for block in Splitter(text).split().blocks:
        if isinstance(block, bp.DuplicateBlockKeyBlock):
            block = block.ignore_error_block
        if isinstance(block, bp.DuplicateFieldKeyBlock):
            block = block.ignore_error_block
        blocks.append(_raw_block(block, bp, line_offset))
    return blocks


def _raw_block(block: Any, bp: Any, offset: int) -> RawBlock:
    line = block.start_line + offset if block.start_line is not None else None
    raw = block.raw or ""
    if isinstance(block, bp.ParsingFailedBlock):
        return RawBlock(FAILED, line, raw, 0, len(raw), reason=_stable_reason(block.error))
    if isinstance(block, bp.Entry):
        fields = tuple(
            (
                item.key,
                item.value,
                item.start_line + offset if item.start_line is not None else None,
            )
            for item in block.fields
        )
        return RawBlock(ENTRY, line, raw, 0, len(raw), block.key, block.entry_type, fields)
    if isinstance(block, bp.String):
        return RawBlock(STRING, line, raw, 0, len(raw), block.key, value=block.value)
    if isinstance(block, bp.Preamble):
        return RawBlock(PREAMBLE, line, raw, 0, len(raw), value=block.value)
    if isinstance(block, bp.ExplicitComment):
        return RawBlock(COMMENT, line, raw, 0, len(raw), value=block.comment)
    return RawBlock(IMPLICIT, line, raw, 0, len(raw), value=block.comment)


class _Converter:
    """Turns raw blocks into model blocks and problems (one use per parse)."""

    def __init__(self, text: str, path: str | None) -> None:
        self.text = text
        self.path = path
        self.problems: list[Problem] = []
        self.line_starts: list[int] | None = None
        self.names: dict[str, str] = {}
        self.sources: list[str] = []

    def problem(
        self,
        code: str,
        message: str,
        line: int | None,
        key: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.problems.append(Problem(code, message, severity, self.path, line, key))

    def convert(self, raw_blocks: Sequence[RawBlock]) -> Library:
        macros = self.collect_macros(raw_blocks)
        blocks: list[Block] = []
        seen: dict[str, int] = {}
        skip_until = -1
        for index, block in enumerate(raw_blocks):
            if index < skip_until:
                continue
            kind = block.kind
            line = block.line + 1 if block.line is not None else None
            if kind == ENTRY:
                blocks.append(self.entry(block, line, macros, seen))
            elif kind == FAILED:
                raw, skip_until = self.verbatim(raw_blocks, index)
                self.problem("bib.syntax", block.reason, line)
                blocks.append(Unparsed(raw, block.reason, line))
            elif kind == STRING:
                blocks.append(StringDef(block.key, block.value, line))
            elif kind == PREAMBLE:
                blocks.append(Preamble(block.value.strip(), line))
            elif kind == COMMENT:
                if not block.value.startswith(MARKER):
                    blocks.append(Comment(block.value, True, line))
            else:
                blocks.append(Comment(block.value, False, line))
        return Library(tuple(blocks), tuple(self.problems), self.path)

    def collect_macros(self, raw_blocks: Sequence[RawBlock]) -> dict[str, str]:
        macros: dict[str, str] = dict(values.MONTH_MACROS)
        defined: set[str] = set()
        for block in raw_blocks:
            if block.kind != STRING:
                continue
            line = block.line + 1 if block.line is not None else None
            if block.key.lower() in defined:
                self.problem(
                    "bib.duplicate-string",
                    f"@string {block.key} is defined again; the later definition wins",
                    line,
                    severity=Severity.WARNING,
                )
            defined.add(block.key.lower())
            text, undefined = values.expand(block.value, macros)
            if values.parse(block.value) is None:
                self.problem(
                    "bib.bad-value",
                    f"@string {block.key}: value is not a valid BibTeX expression",
                    line,
                )
            for name in undefined:
                self.problem(
                    "bib.undefined-macro",
                    f"@string {block.key} uses undefined macro {name!r}",
                    line,
                    severity=Severity.WARNING,
                )
            macros[block.key.lower()] = text
        return macros

    def entry(
        self, block: RawBlock, line: int | None, macros: dict[str, str], seen: dict[str, int]
    ) -> Block:
        key = block.key
        folded = key.casefold()
        if folded and folded in seen:
            self.problem(
                "bib.duplicate-key",
                f"duplicate key {key!r} (first at line {seen[folded]}); entry kept verbatim",
                line,
                key,
            )
            return Unparsed(block.raw, f"duplicate key {key}", line)
        if folded:
            seen[folded] = line or 0
        else:
            self.problem("bib.missing-key", "entry has no citation key", line)
        fields: list[Field] = []
        names: set[str] = set()
        lower = self.names
        literal_text = values.literal_text
        for written, raw, at in block.fields:
            name = lower.get(written)
            if name is None:
                name = lower[written] = written.lower()
            field_line = at + 1 if at is not None else None
            if name in names:
                self.duplicate_field(name, field_line, key)
            names.add(name)
            if literal_text(raw) is not None:
                fields.append(Field(name, raw, field_line))
            else:
                fields.append(self.field(name, raw, field_line, key, macros))
        self.sources.append(block.raw)
        return Record(key, block.entry_type.lower(), tuple(fields), line, self.path)

    def duplicate_field(self, name: str, line: int | None, key: str) -> None:
        self.problem(
            "bib.duplicate-field",
            f"field {name!r} appears more than once; all copies kept",
            line,
            key,
            Severity.WARNING,
        )

    def field(
        self, name: str, raw: str, line: int | None, key: str, macros: dict[str, str]
    ) -> Field:
        """Return a field whose value is not a single literal: macros, concatenation, junk."""
        if values.parse(raw) is None:
            self.problem(
                "bib.bad-value",
                f"value of field {name!r} is not a valid BibTeX value (missing comma?); kept as is",
                line,
                key,
            )
            return Field(name, raw, line)
        text, undefined = values.expand(raw, macros)
        for macro in undefined:
            self.problem(
                "bib.undefined-macro",
                f"field {name!r} uses undefined macro {macro!r}",
                line,
                key,
                Severity.WARNING,
            )
        return Field(name, raw, line, text)

    def offset_of_line(self, line: int) -> int:
        if self.line_starts is None:
            starts = [0]
            find = self.text.find
            pos = find("\n")
            while pos >= 0:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            self.line_starts = starts
        return self.line_starts[min(line, len(self.line_starts) - 1)]

    def locate(self, block: RawBlock) -> int:
        start = self.offset_of_line(block.line or 0)
        raw = block.raw
        found = self.text.find(raw, start) if raw else -1
        return found if found >= 0 else start

    def verbatim(self, raw_blocks: Sequence[RawBlock], index: int) -> tuple[str, int]:
        """Return the exact text of a failed block up to the next real block, and that index."""
        start = self.locate(raw_blocks[index])
        following = index + 1
        while following < len(raw_blocks) and raw_blocks[following].kind == IMPLICIT:
            following += 1
        end = self.locate(raw_blocks[following]) if following < len(raw_blocks) else len(self.text)
        return self.text[start:end].rstrip(), following


_UNCLOSED = re.compile(r"Unexpected block start: `@[^`]*`\.|Unexpectedly reached end of file\.")
UNCLOSED = "The block is not closed before the next block or the end of the file."
"""The reason given for a block the parser was still reading at the next ``@`` or at the end."""


def _stable_reason(error: BaseException) -> str:
    """Return the parser's reason, the same whatever follows the block.

    A block left open runs into the next block or the end of the file; which of the two comes
    first depends on its neighbours (normalizing may merge the entry after it away), so both
    give one reason and the reason written back before the block reads back the same.

    >>> class E(Exception): abort_reason = "Unexpected block start: `@misc`. Was looking for `}`"
    >>> _stable_reason(E()) == _stable_reason(Exception("Unexpectedly reached end of file."))
    True
    >>> _stable_reason(Exception("Expected comma after entry key, but found ="))
    'Expected comma after entry key, but found ='
    """
    reason = str(getattr(error, "abort_reason", "") or error).strip()
    if _UNCLOSED.match(reason):
        return UNCLOSED
    return reason or "malformed block"
