"""Selecting and ordering records: by kind, year range, author, text and key (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from belharbi_bib.kinds import KINDS, kind_of
from belharbi_bib.model import Library, Person, Record
from belharbi_bib.names import fold, parse_names
from belharbi_bib.structs import dataclass

if TYPE_CHECKING:
    from belharbi_bib.venues import VenueRegistry


@dataclass(frozen=True, slots=True)
class Query:
    """What to keep; every criterion given must hold (None means "any").

    Kinds are checked and keys case-folded when the query is built.

    >>> Query(kinds=frozenset({"journals"}))
    Traceback (most recent call last):
    ValueError: unknown kind 'journals' (choose from journal, conference, workshop, preprint, \
thesis, patent, book, chapter, report, talk, tutorial, poster, challenge, other)

    Attributes:
        kinds: Kinds to keep (see :data:`belharbi_bib.kinds.KINDS`).
        since: Earliest year kept (records without a year are dropped when set).
        until: Latest year kept.
        author: A name that must match one author or editor (``Belharbi``, ``S. Belharbi``).
        text: Words that must all occur in the title, venue, authors, key or abstract.
        keys: Citation keys to keep (case-insensitive; ``ids`` aliases count).
    """

    kinds: frozenset[str] | None = None
    since: int | None = None
    until: int | None = None
    author: str | None = None
    text: str | None = None
    keys: frozenset[str] | None = None

    def __post_init__(self) -> None:
        if self.kinds is not None:
            kinds = frozenset(k.strip().lower() for k in self.kinds)
            unknown = sorted(kinds - set(KINDS))
            if unknown:
                raise ValueError(f"unknown kind {unknown[0]!r} (choose from {', '.join(KINDS)})")
            object.__setattr__(self, "kinds", kinds)
        if self.keys is not None:
            object.__setattr__(self, "keys", frozenset(k.strip().casefold() for k in self.keys))
        if self.since is not None and self.until is not None and self.since > self.until:
            raise ValueError(f"since {self.since} is after until {self.until}")


def matches_person(person: Person, name: str) -> bool:
    """Return True when ``name`` denotes ``person``: same folded last name, compatible initial.

    >>> p = Person("González-González", "Manuela")
    >>> matches_person(p, "Gonzalez-Gonzalez"), matches_person(p, "M. González-González")
    (True, True)
    >>> matches_person(p, "X. Gonzalez-Gonzalez")
    False
    """
    wanted = parse_names(name)
    if not wanted:
        return False
    target = wanted[0]
    if not target.first and not target.von and " " not in name.strip():
        return fold(person.last) == fold(name)
    if fold(person.von + person.last) != fold(target.von + target.last):
        return False
    initial = fold(target.first)[:1]
    return not initial or fold(person.first).startswith(initial)


def _haystack(record: Record) -> str:
    parts = [record.key, record.title, record.venue_name or "", record.field("author") or ""]
    parts.append(record.field("abstract") or "")
    return " ".join(fold(word) for word in " ".join(parts).split())


def matches(record: Record, query: Query, venues: VenueRegistry | None = None) -> bool:
    """Return True when ``record`` satisfies every criterion of ``query``."""
    if query.kinds is not None and kind_of(record, venues) not in query.kinds:
        return False
    if query.since is not None or query.until is not None:
        year = record.year
        if year is None:
            return False
        if query.since is not None and year < query.since:
            return False
        if query.until is not None and year > query.until:
            return False
    if query.keys is not None and not (record.aliases & query.keys):
        return False
    if query.author is not None:
        people = (*record.authors, *record.editors)
        if not any(matches_person(p, query.author) for p in people):
            return False
    if query.text:
        haystack = _haystack(record)
        if not all(fold(word) in haystack for word in query.text.split()):
            return False
    return True


def select(
    records: Iterable[Record], query: Query, venues: VenueRegistry | None = None
) -> tuple[Record, ...]:
    """Return the records that match ``query``, in their order."""
    return tuple(r for r in records if matches(r, query, venues))


def select_library(library: Library, query: Query, venues: VenueRegistry | None = None) -> Library:
    """Return a library keeping the records that match ``query`` and every other block.

    ``@string``, ``@preamble`` and comment blocks are kept, so the result still writes out.
    """
    kept = tuple(
        b for b in library.blocks if not isinstance(b, Record) or matches(b, query, venues)
    )
    return Library(kept, library.problems, library.path)


def sort_records(records: Sequence[Record], by: str = "date") -> tuple[Record, ...]:
    """Return records sorted by ``date`` (newest first), ``author`` or ``title``; ties keep order.

    Raises:
        ValueError: ``by`` is not one of the three orders.
    """
    if by == "date":
        return tuple(sorted(records, key=lambda r: -(r.year or 0)))
    if by == "author":
        return tuple(sorted(records, key=lambda r: fold(r.authors[0].last) if r.authors else ""))
    if by == "title":
        return tuple(sorted(records, key=lambda r: fold(r.title)))
    raise ValueError(f"unknown sort order {by!r} (date, author or title)")


def parse_years(text: str) -> tuple[int | None, int | None]:
    """Parse ``2024``, ``2020-2024``, ``2020-`` or ``-2019`` into a (since, until) pair.

    >>> parse_years("2020-2024"), parse_years("2022"), parse_years("2020-")
    ((2020, 2024), (2022, 2022), (2020, None))
    >>> parse_years("2025-2020")
    Traceback (most recent call last):
    ValueError: the range runs backwards (write 2020-2025)

    Raises:
        ValueError: The text is not a year or a range of years, or the range runs backwards.
    """
    text = text.strip()
    start, dash, end = text.partition("-")
    try:
        since = int(start) if start else None
        until = int(end) if end else None
    except ValueError:
        raise ValueError("expected YEAR or YEAR-YEAR") from None
    if since is None and until is None:
        raise ValueError("expected YEAR or YEAR-YEAR")
    if not dash:
        return since, since
    if since is not None and until is not None and since > until:
        raise ValueError(f"the range runs backwards (write {until}-{since})")
    return since, until
