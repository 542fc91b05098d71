"""Is a work already in the library? Identifiers first, then title and authors (pure).

The rules are enrichment's (``enrichment/matching.py``): a work is *present* when one of its
identifiers (arXiv id, DOI, DBLP key, OpenReview id) is an entry's, or when its folded title is
at least ``TITLE_THRESHOLD`` similar to an entry's and an author surname is shared. It is
*uncertain* when the title matches but no author can be compared (ORCID lists none) or none is
shared, or when the title is close (at least ``CLOSE``) and an author is shared; otherwise it is
*new*. Keys and ``ids`` aliases count as identifiers too (a BibTeX entry given to ``add``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from belharbi_bib import patterns
from belharbi_bib.enrichment.matching import (
    TITLE_THRESHOLD,
    hit_surnames,
    record_surnames,
    title_similarity,
    title_words,
)
from belharbi_bib.structs import dataclass

if TYPE_CHECKING:
    from belharbi_bib.enrichment.works import Work
    from belharbi_bib.model import Record

NEW, PRESENT, UNCERTAIN = "new", "present", "uncertain"
CLOSE = 0.75
"""Least title similarity for a work to be reported as possibly present."""

_OPENREVIEW = patterns.compile(r"openreview\.net/(?:forum|pdf)\?id=([A-Za-z0-9_-]+)")
_DBLP = patterns.compile(
    r"dblp\.org/rec/((?:conf|journals|books|series|phd|tr)/[^\s.#?]+/[^\s#?]+?)(?:\.html|\.bib|\.xml)?(?=$|[\s#?])"
)


@dataclass(frozen=True, slots=True)
class Verdict:
    """Where a work stands against the library.

    Attributes:
        status: ``new``, ``present`` or ``uncertain``.
        key: The entry it matched (empty for a new work).
        evidence: Why: the identifier shared, or the title similarity and shared surnames.
    """

    status: str
    key: str = ""
    evidence: str = ""


def record_identifiers(record: Record) -> tuple[str, ...]:
    """Return an entry's identifiers, prefixed like :attr:`Work.identifiers`.

    >>> from belharbi_bib.model import Field, Record
    >>> r = Record("k", "misc", (Field.of("eprint", "2101.00001"), Field.of("doi", "10.1/X"),
    ...     Field.of("url", "https://openreview.net/forum?id=FF6XuIyeF6V")))
    >>> record_identifiers(r)
    ('arxiv:2101.00001', 'doi:10.1/x', 'openreview:FF6XuIyeF6V')
    """
    found: list[str] = []
    arxiv = record.arxiv
    if arxiv is not None:
        found.append(f"arxiv:{arxiv.id}")
    doi = record.doi
    if doi:
        found.append(f"doi:{doi.strip().lower()}")
    for item in record.fields:
        value = item.value
        found.extend(f"openreview:{m}" for m in _OPENREVIEW.findall(value))
        found.extend(f"dblp:{m}" for m in _DBLP.findall(value))
        if item.name == "dblp" and value.strip():
            found.append(f"dblp:{value.strip().removeprefix('DBLP:')}")
    return tuple(dict.fromkeys(found))


def record_names(record: Record) -> tuple[str, ...]:
    """Return an entry's key and its ``ids`` aliases, case-folded."""
    aliases = [a.strip() for a in (record.field("ids") or "").split(",") if a.strip()]
    return tuple(dict.fromkeys(n.casefold() for n in (record.key, *aliases)))


class Catalogue:
    """The library's entries indexed by identifier, name and title words, for matching."""

    def __init__(self, records: Iterable[Record] = ()) -> None:
        self._records: list[Record] = []
        self._ids: dict[str, str] = {}
        self._names: dict[str, str] = {}
        for record in records:
            self.add(record)

    def add(self, record: Record) -> None:
        """Index one more entry (an entry just added is matched against like the others)."""
        self._records.append(record)
        for ident in record_identifiers(record):
            self._ids.setdefault(ident, record.key)
        for name in record_names(record):
            self._names.setdefault(name, record.key)

    @property
    def names(self) -> set[str]:
        """Every key and alias, case-folded (taken for new keys)."""
        return set(self._names)

    def by_name(self, name: str) -> str | None:
        """Return the key of the entry called ``name`` (a key or an alias), or None."""
        return self._names.get(name.casefold())

    def by_identifier(self, ident: str) -> str | None:
        """Return the key of the entry with this prefixed identifier (``arxiv:…``), or None."""
        return self._ids.get(ident if not ident.startswith("doi:") else ident.lower())

    def judge(self, work: Work) -> Verdict:
        """Return whether ``work`` is in the library."""
        for ident in work.identifiers:
            key = self.by_identifier(ident)
            if key is not None:
                return Verdict(PRESENT, key, f"same {ident.split(':', 1)[0]} ({ident})")
        return self.judge_title(work.title, hit_surnames(work.authors), bool(work.authors))

    def judge_title(self, title: str, surnames: frozenset[str], has_authors: bool) -> Verdict:
        """Return whether a work with this title and these author surnames is in the library."""
        if len(title_words(title)) < 2:
            return Verdict(NEW, "", "title too short to compare")
        best: tuple[float, Record] | None = None
        for record in self._records:
            if not record.title:
                continue
            score = title_similarity(title, record.title)
            if best is None or score > best[0]:
                best = (score, record)
        if best is None or best[0] < CLOSE:
            score = best[0] if best else 0.0
            return Verdict(NEW, "", f"best title similarity {score:.2f}")
        score, record = best
        shared = sorted(surnames & record_surnames(record.authors))
        said = f"title similarity {score:.2f} with {record.key}"
        if score >= TITLE_THRESHOLD and shared:
            return Verdict(PRESENT, record.key, f"{said}, shared authors: {', '.join(shared)}")
        if not has_authors:
            return Verdict(UNCERTAIN, record.key, f"{said}; the source lists no authors")
        if score >= TITLE_THRESHOLD:
            return Verdict(UNCERTAIN, record.key, f"{said}; no author surname in common")
        if shared:
            return Verdict(UNCERTAIN, record.key, f"{said}, shared authors: {', '.join(shared)}")
        return Verdict(NEW, "", f"{said}; no author surname in common")
