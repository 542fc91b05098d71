"""Merging evidence into an entry, conservatively (pure).

The rules: a field the entry already has is never overwritten unless it is named in ``force``;
nothing is ever removed; a preprint server's DOI is never taken as a published DOI; a preprint
becomes a published entry (keeping its arXiv id) only when the evidence is a published version
and its venue can be filled in. Every fact offered ends as a :class:`Decision`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from belharbi_bib import values
from belharbi_bib.enrichment.evidence import VENUE_FIELDS, Evidence, Fact
from belharbi_bib.enrichment.matching import record_surnames
from belharbi_bib.identifiers import is_preprint_doi, parse_arxiv
from belharbi_bib.model import Record
from belharbi_bib.names import parse_names
from belharbi_bib.normalize.folding import ascii_fold
from belharbi_bib.problems import Problem, Severity
from belharbi_bib.structs import dataclass, replace

if TYPE_CHECKING:
    from belharbi_bib.venues import VenueRegistry

ADDED, FORCED, SAME, KEPT, SKIPPED, REJECTED = (
    "added", "forced", "same", "kept", "skipped", "rejected",
)  # fmt: skip
"""Decision statuses: applied (added, forced) or not (same, kept, skipped, rejected)."""

APPLIED = frozenset({ADDED, FORCED})
_VENUE_FACTS = frozenset({"journal", "booktitle", "venueid"})
_DEPENDS = {"month": "year"}
"""A fact only applies when the source's fact it depends on was applied or agreed."""


@dataclass(frozen=True, slots=True)
class Decision:
    """What became of one fact offered for one entry.

    Attributes:
        key: The entry's citation key.
        field: The field, or None for the entry type (a preprint becoming published).
        offered: The raw value the source offered (``@inproceedings`` for the entry type).
        before: The entry's raw value before, or None when it had none.
        source: ``arxiv``, ``crossref`` or ``dblp``.
        url: The request that answered.
        score: The match score (1.0 for lookups by identifier).
        status: ``added``, ``forced``, ``same``, ``kept``, ``skipped`` or ``rejected``.
        label: What the source calls the work (``arXiv:2101.00001``, ``doi:...``).
    """

    key: str
    field: str | None
    offered: str
    before: str | None
    source: str
    url: str
    score: float
    status: str
    label: str = ""

    @property
    def applied(self) -> bool:
        """True when the value went into the entry."""
        return self.status in APPLIED


def text_of(raw: str) -> str:
    """Return the text of a raw value (a month macro stands for itself).

    >>> text_of("{Deep}"), text_of("mar")
    ('Deep', 'mar')
    """
    literal = values.literal_text(raw)
    return literal if literal is not None else raw


def is_same(field: str, current: str, offered: str) -> bool:
    """Return True when two values say the same thing, ignoring spelling.

    >>> is_same("pages", "1--5", "1-5"), is_same("title", "Deep {CAM}", "Deep CAM.")
    (True, True)
    >>> is_same("month", "March", "mar"), is_same("author", "Doe, J.", "Doe, Jane")
    (True, True)
    >>> is_same("eprint", "2104.12255v1", "2104.12255")
    True
    """
    if field == "month":
        return current.strip()[:3].lower() == offered.strip()[:3].lower()
    if field == "eprint":
        mine, theirs = parse_arxiv(current), parse_arxiv(offered)
        if mine is not None and theirs is not None:
            return mine.id == theirs.id
    if field in ("author", "editor"):
        left, right = parse_names(current), parse_names(offered)
        return len(left) == len(right) and record_surnames(left) == record_surnames(right)

    return ascii_fold(current) == ascii_fold(offered)


def merge(
    record: Record,
    evidence: Evidence,
    *,
    force: Iterable[str] = (),
    preprint: bool = False,
    venues: VenueRegistry | None = None,
) -> tuple[Record, list[Decision], list[Problem]]:
    """Return the entry with the evidence merged in, what was decided, and what to report.

    Args:
        record: The entry.
        evidence: What one source says about it.
        force: Fields the source may overwrite.
        preprint: Whether the entry is a preprint (it may then become a published entry, and
            takes the preprint-only facts).
        venues: The venue registry: two spellings of one registry venue are the same venue.
    """
    forced = frozenset(f.lower() for f in force)
    target = record.entry_type
    if evidence.entry_type and preprint and evidence.entry_type != record.entry_type:
        target = evidence.entry_type
    decisions: list[Decision] = []
    problems: list[Problem] = []
    updated = record
    outcome: dict[str, str] = {}
    for fact in evidence.facts:
        status = _status(updated, fact, evidence, target, forced, preprint)
        if status == KEPT and _same_venue(updated, fact, venues):
            status = SAME
        if outcome.get(_DEPENDS.get(fact.field, ""), SAME) not in (SAME, *APPLIED):
            status = SKIPPED  # e.g. no month from a source whose year was not taken
        outcome[fact.field] = status
        before = updated.get(fact.field)
        decisions.append(_decision(record, fact.field, fact.raw, before, evidence, status))
        if status in APPLIED:
            updated = updated.with_raw(fact.field, fact.raw)
        elif status == KEPT:
            problems.append(_conflict(record, fact, before.raw if before else "", evidence))
        elif status == REJECTED:
            problems.append(_problem(record, "enrich.preprint-doi", evidence,
                                     f"refused {evidence.source}'s DOI {text_of(fact.raw)}: "
                                     "a preprint server's DOI is not a published DOI"))  # fmt: skip
    if target != record.entry_type and _has_venue(updated, target):
        updated = replace(updated, entry_type=target)
        decisions.append(
            _decision(record, None, f"@{target}", None, evidence, ADDED, f"@{record.entry_type}")
        )
    if updated is not record:
        problems.extend(_problem(record, "enrich.note", evidence, n) for n in evidence.notes)
    return updated, decisions, problems


def _status(
    record: Record,
    fact: Fact,
    evidence: Evidence,
    target: str,
    forced: frozenset[str],
    preprint: bool,
) -> str:
    if fact.preprint_only and not preprint:
        return SKIPPED
    if fact.field == "doi" and is_preprint_doi(text_of(fact.raw)):
        return REJECTED
    if fact.field in _VENUE_FACTS and evidence.entry_type is not None:
        wanted = VENUE_FIELDS.get(evidence.entry_type)
        if wanted is None or wanted != VENUE_FIELDS.get(target):
            return SKIPPED
    current = record.get(fact.field)
    if current is None or not current.value.strip():
        return ADDED
    if is_same(fact.field, current.value, text_of(fact.raw)):
        return SAME
    return FORCED if fact.field in forced else KEPT


def _same_venue(record: Record, fact: Fact, venues: VenueRegistry | None) -> bool:
    if venues is None or fact.field not in ("journal", "booktitle"):
        return False
    mine = venues.match(record.field(fact.field) or "")
    return mine is not None and mine is venues.match(text_of(fact.raw))


def _has_venue(record: Record, entry_type: str) -> bool:
    name = VENUE_FIELDS.get(entry_type)
    return bool(name and (record.field(name) or "").strip())


def _decision(
    record: Record,
    field: str | None,
    offered: str,
    before: object,
    evidence: Evidence,
    status: str,
    before_text: str | None = None,
) -> Decision:
    raw = getattr(before, "raw", None)
    return Decision(
        key=record.key,
        field=field,
        offered=offered,
        before=before_text if before_text is not None else raw,
        source=evidence.source,
        url=evidence.url,
        score=evidence.score,
        status=status,
        label=evidence.label,
    )


def _conflict(record: Record, fact: Fact, current: str, evidence: Evidence) -> Problem:
    return _problem(
        record,
        "enrich.conflict",
        evidence,
        f"{fact.field}: kept {current}; {evidence.source} says {fact.raw} "
        f"(use --force {fact.field} to take it)",
    )


def _problem(record: Record, code: str, evidence: Evidence, message: str) -> Problem:
    return Problem(
        code,
        f"{message} [{evidence.label or evidence.source}]",
        Severity.INFO,
        record.path,
        record.line,
        record.key,
    )
