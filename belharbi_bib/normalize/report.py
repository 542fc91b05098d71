"""Reports: why a file is not canonical (for ``--check``), and the JSON change report."""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator, Sequence
from itertools import pairwise

from belharbi_bib.bibtex.writer import pieces, render_record
from belharbi_bib.errors import ReadError
from belharbi_bib.files import decode, read_bytes
from belharbi_bib.model import Library, Record
from belharbi_bib.normalize.changes import Change
from belharbi_bib.problems import Problem
from belharbi_bib.structs import dataclass


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """What normalizing one file gave.

    The normalized text is not kept: :meth:`output` renders it when asked, and the command
    streams it to its destination (comparing it with the file's bytes on the way, which gives
    ``canonical``). Neither are the decoded text and, for a file (not stdin), the bytes:
    :meth:`read` and :meth:`source` read the file again when a report needs them.

    Attributes:
        path: The file, as named on the command line.
        data: Its bytes as read, or None when not kept (then read again from ``path``).
        library: The library read from it.
        normalized: The normalized library.
        changes: The content changes made.
        problems: Reader and normalizer problems.
        known: Gives the canonical text of a record (of ``library`` or ``normalized``) when a
            cache knows it (see :meth:`belharbi_bib.normalize.cache.CanonicalCache.text`), so
            that it is not rendered again; None without a cache.
        canonical: Whether the bytes are exactly the normalized text, once the text has been
            compared with them; None before.
        size: The number of bytes read.
        digest: A hash of the bytes read (``cli.stamps.content_hash``; empty when not taken).
    """

    path: str
    data: bytes | None
    library: Library
    normalized: Library
    changes: tuple[Change, ...]
    problems: tuple[Problem, ...]
    known: Callable[[Record], str | None] | None = None
    canonical: bool | None = None
    size: int = 0
    digest: str = ""

    def read(self) -> bytes:
        """Return the file's bytes: as kept, else read again (empty if it is gone)."""
        if self.data is not None:
            return self.data
        try:
            return read_bytes(self.path)
        except ReadError:
            return b""

    def pieces(self) -> Iterator[str]:
        """Yield the normalized text piece by piece (see :func:`.writer.pieces`)."""
        return pieces(self.normalized, self.known)

    def output(self) -> str:
        """Return the normalized text, whole."""
        return "".join(self.pieces())

    def source(self) -> str:
        """Return the decoded text of ``data`` (line endings normalised)."""
        return decode(self.read(), self.path).text

    @property
    def is_canonical(self) -> bool:
        """True when the file's bytes are exactly the normalized output."""
        if self.canonical is not None:
            return self.canonical
        return self.read() == self.output().encode("utf-8")


def layout_reasons(
    source: str, library: Library, known: Callable[[Record], str | None] | None = None
) -> dict[int, str]:
    """Return, by line, entries whose text differs from their canonical layout.

    An entry's text runs from its line to the line of the next block. ``known`` may give the
    canonical text of a record (a cache's), which is then not rendered again.

    >>> from belharbi_bib.bibtex.reader import parse_string
    >>> text = "@ARTICLE{k,\\n title = \\"A\\"}\\n\\n@misc{m,\\n  title = {B},\\n}\\n"
    >>> layout_reasons(text, parse_string(text))
    {1: 'k'}
    """
    lines = source.split("\n")
    starts = sorted({b.line for b in library.blocks if b.line is not None})
    following = dict(pairwise(starts))  # the last block runs to the end of the file
    found: dict[int, str] = {}
    for record in library.records:
        if record.line is None:
            continue
        end = following.get(record.line, len(lines) + 1)
        original = "\n".join(lines[record.line - 1 : end - 1]).strip()
        canonical = known(record) if known is not None else None
        if original != (canonical if canonical is not None else render_record(record)):
            found[record.line] = record.key
    return found


def file_reasons(outcome: FileOutcome) -> list[str]:
    """Return what differs at file level: encoding, byte-order mark, line endings."""
    reasons = []
    data = outcome.read()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        reasons.append("encoding: UTF-16 is rewritten as UTF-8")
    elif data.startswith(codecs.BOM_UTF8):
        reasons.append("encoding: the UTF-8 byte-order mark is dropped")
    if b"\r" in data:
        reasons.append("line endings: CR LF is rewritten as LF")
    return reasons


def check_lines(outcome: FileOutcome) -> list[str]:
    """Return the ``--check`` listing of a file that is not canonical: one line per reason."""
    path = outcome.path
    listed: list[tuple[int, str]] = []
    for change in outcome.changes:
        subject = f" [{change.key}]" if change.key else ""
        line = change.line or 0
        listed.append((line, f"{path}:{line}:{subject} {change.describe()}"))
    changed_keys = {c.key for c in outcome.changes}
    for line, key in layout_reasons(outcome.source(), outcome.library, outcome.known).items():
        if key not in changed_keys:
            reason = "layout (case, delimiters, field order, spacing)"
            listed.append((line, f"{path}:{line}: [{key}] {reason}"))
    listed.sort(key=lambda item: item[0])
    lines = [text for _, text in listed]
    lines.extend(f"{path}: {reason}" for reason in file_reasons(outcome))
    if not lines:
        lines.append(f"{path}: layout between entries (blank lines, comments, @string, @preamble)")
    return lines


def as_json(outcomes: Sequence[FileOutcome]) -> dict[str, object]:
    """Return the ``--report`` document: per file, whether it changed, its changes and problems."""
    return {
        "files": [
            {
                "path": outcome.path,
                "canonical": outcome.is_canonical,
                "changes": [change.as_dict() for change in outcome.changes],
                "problems": [_problem_dict(problem) for problem in outcome.problems],
            }
            for outcome in outcomes
        ]
    }


def _problem_dict(problem: Problem) -> dict[str, object]:
    return {
        "code": problem.code,
        "severity": problem.severity.value,
        "message": problem.message,
        "line": problem.line,
        "key": problem.key,
    }
