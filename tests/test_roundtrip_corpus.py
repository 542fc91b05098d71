"""Round trip on every real file (corpus, tests/data/third_party): nothing lost, idempotent."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from belharbi_bib.bibtex.reader import parse_string, read
from belharbi_bib.bibtex.writer import write
from belharbi_bib.model import Library
from belharbi_bib.structs import dataclass

FILE_LEVEL_CODES = frozenset({"bib.encoding", "bib.nul"})
"""Problems found while decoding bytes, which written (UTF-8) text no longer has."""

RECOVERED = "entry recovered"
"""In the message of the ``bib.syntax`` error of an entry recovered from a value whose brace
never closes: the writer writes the recovered (balanced) value, so it reads back clean."""


@dataclass(frozen=True)
class RoundTrip:
    original: Library
    written: str
    reread: Library


@pytest.fixture(scope="module")
def round_trip(real_file: Path) -> RoundTrip:
    original = read(real_file)
    written = write(original)
    return RoundTrip(original, written, parse_string(written))


@pytest.mark.parametrize(
    ("part", "name"),
    [(0, "records"), (1, "strings"), (2, "preambles"), (3, "comments"), (4, "unparsed")],
    ids=["records", "strings", "preambles", "comments", "unparsed"],
)
def test_round_trip_keeps_content(
    round_trip: RoundTrip,
    content_of: Callable[[Library], tuple[object, ...]],
    part: int,
    name: str,
) -> None:
    before = content_of(round_trip.original)[part]
    after = content_of(round_trip.reread)[part]
    assert after == before, f"{name} changed in the round trip"


def test_round_trip_keeps_every_block(round_trip: RoundTrip) -> None:
    kinds = [type(b).__name__ for b in round_trip.original.blocks]
    assert [type(b).__name__ for b in round_trip.reread.blocks] == kinds


def test_round_trip_keeps_problem_codes(round_trip: RoundTrip) -> None:
    before = sorted(
        p.code
        for p in round_trip.original.problems
        if p.code not in FILE_LEVEL_CODES and RECOVERED not in p.message
    )
    assert sorted(p.code for p in round_trip.reread.problems) == before


def test_write_is_idempotent(round_trip: RoundTrip) -> None:
    assert write(round_trip.reread) == round_trip.written
