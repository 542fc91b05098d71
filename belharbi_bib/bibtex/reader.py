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
    from bibtexparser.splitter import Splitter

    if text.startswith("\ufeff"):
        text = text[1:]
    quiet = logging.getLogger("bibtexparser")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        raw_blocks = list(Splitter(text).split().blocks)
    finally:
        quiet.setLevel(level)
    return _Converter(text, path).convert(raw_blocks)


class _Converter:
    """Turns bibtexparser blocks into model blocks and problems (one use per parse)."""

    def __init__(self, text: str, path: str | None) -> None:
        self.text = text
        self.path = path
        self.problems: list[Problem] = []
        self.line_starts: list[int] | None = None

    def problem(
        self,
        code: str,
        message: str,
        line: int | None,
        key: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.problems.append(Problem(code, message, severity, self.path, line, key))

    def convert(self, raw_blocks: Sequence[Any]) -> Library:
        from bibtexparser import model as bp

        macros = self.collect_macros(raw_blocks, bp)
        blocks: list[Block] = []
        seen: dict[str, int] = {}
        skip_until = -1
        for index, block in enumerate(raw_blocks):
            if index < skip_until:
                continue
            line = block.start_line + 1 if block.start_line is not None else None
            if isinstance(block, bp.DuplicateBlockKeyBlock):
                block = block.ignore_error_block
            if isinstance(block, bp.DuplicateFieldKeyBlock):
                block = block.ignore_error_block
            if isinstance(block, bp.ParsingFailedBlock):
                raw, skip_until = self.verbatim(raw_blocks, index, bp)
                reason = _stable_reason(block.error)
                self.problem("bib.syntax", reason, line)
                blocks.append(Unparsed(raw, reason, line))
            elif isinstance(block, bp.Entry):
                blocks.append(self.entry(block, line, macros, seen))
            elif isinstance(block, bp.String):
                blocks.append(StringDef(block.key, block.value, line))
            elif isinstance(block, bp.Preamble):
                blocks.append(Preamble(block.value.strip(), line))
            elif isinstance(block, bp.ExplicitComment):
                if not block.comment.startswith(MARKER):
                    blocks.append(Comment(block.comment, True, line))
            elif isinstance(block, bp.ImplicitComment):
                blocks.append(Comment(block.comment, False, line))
        return Library(tuple(blocks), tuple(self.problems), self.path)

    def collect_macros(self, raw_blocks: Sequence[Any], bp: Any) -> dict[str, str]:
        macros: dict[str, str] = dict(values.MONTH_MACROS)
        defined: set[str] = set()
        for block in raw_blocks:
            if isinstance(block, bp.DuplicateBlockKeyBlock):
                block = block.ignore_error_block
            if isinstance(block, bp.String):
                if block.key.lower() in defined:
                    self.problem(
                        "bib.duplicate-string",
                        f"@string {block.key} is defined again; the later definition wins",
                        block.start_line + 1,
                        severity=Severity.WARNING,
                    )
                defined.add(block.key.lower())
                line = block.start_line + 1
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
        self, block: Any, line: int | None, macros: dict[str, str], seen: dict[str, int]
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
            return Unparsed(self.exact_raw(block), f"duplicate key {key}", line)
        if folded:
            seen[folded] = line or 0
        else:
            self.problem("bib.missing-key", "entry has no citation key", line)
        fields: list[Field] = []
        names: set[str] = set()
        for item in block.fields:
            fields.append(self.field(item, key, macros, names))
        return Record(key, block.entry_type.lower(), tuple(fields), line, self.path)

    def field(self, item: Any, key: str, macros: dict[str, str], names: set[str]) -> Field:
        name = item.key.lower()
        raw = item.value
        line = item.start_line + 1
        if name in names:
            self.problem(
                "bib.duplicate-field",
                f"field {name!r} appears more than once; all copies kept",
                line,
                key,
                Severity.WARNING,
            )
        names.add(name)
        if values.literal_text(raw) is not None:
            return Field(name, raw, line)
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

    def locate(self, block: Any) -> int:
        start = self.offset_of_line(block.start_line or 0)
        raw = block.raw or ""
        found = self.text.find(raw, start) if raw else -1
        return found if found >= 0 else start

    def exact_raw(self, block: Any) -> str:
        return str(block.raw or "")

    def verbatim(self, raw_blocks: Sequence[Any], index: int, bp: Any) -> tuple[str, int]:
        """Return the exact text of a failed block up to the next real block, and that index."""
        start = self.locate(raw_blocks[index])
        following = index + 1
        while following < len(raw_blocks) and isinstance(raw_blocks[following], bp.ImplicitComment):
            following += 1
        end = self.locate(raw_blocks[following]) if following < len(raw_blocks) else len(self.text)
        return self.text[start:end].rstrip(), following


_NEXT_BLOCK = re.compile(r"Unexpected block start: `@[^`]*`\.")


def _stable_reason(error: BaseException) -> str:
    """Return the parser's reason without naming the block after it (that may be our marker).

    >>> class E(Exception): abort_reason = "Unexpected block start: `@misc`. Was looking for `}`"
    >>> _stable_reason(E())
    'Unexpected start of a new block. Was looking for `}`'
    """
    reason = str(getattr(error, "abort_reason", "") or error).strip()
    return _NEXT_BLOCK.sub("Unexpected start of a new block.", reason) or "malformed block"
