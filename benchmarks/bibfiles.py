"""The input files of the benchmarks: where they are, how big, how many entries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ENTRY_START = re.compile(r"^[ \t]*@(?!(?:string|comment|preamble)\b)\w+[ \t]*[{(]", re.I | re.M)
"""An entry's opening at a line start (``@string``, ``@comment``, ``@preamble`` excluded)."""


@dataclass(frozen=True, slots=True)
class BibFile:
    """One benchmark input.

    Attributes:
        path: Where it is.
        label: The name shown in tables.
        size: Its size in bytes.
        entries: Its entries, counted as in ``../shared/corpus/perf/SOURCES.md``.
    """

    path: Path
    label: str
    size: int
    entries: int

    @property
    def megabytes(self) -> float:
        """The size in MB (10^6 bytes)."""
        return self.size / 1e6


def count_entries(text: str) -> int:
    """Count the entries of a BibTeX text by their line-start openings.

    >>> count_entries("@string{a = {b}}\\n@Article{k,\\n}\\n  @misc(k2,)\\nx @book{k3,}")
    2
    """
    return len(ENTRY_START.findall(text))


def describe(path: Path, label: str | None = None) -> BibFile:
    """Return the :class:`BibFile` of ``path``."""
    data = path.read_bytes()
    text = data.decode("utf-8", errors="replace")
    return BibFile(path, label or path.name, len(data), count_entries(text))


def count_file_entries(path: Path) -> int | None:
    """Count the entries of an output file; None when it does not exist."""
    if not path.exists():
        return None
    return count_entries(path.read_bytes().decode("utf-8", errors="replace"))


def perf_files(corpus: Path) -> list[Path]:
    """Return the ``.bib`` files of the performance corpus, by name."""
    return sorted(corpus.glob("*.bib"))
