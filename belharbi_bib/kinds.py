"""Kinds of works (journal article, conference paper, talk, ...), as a CV groups them."""

from __future__ import annotations

from belharbi_bib.model import Record, VenueKind

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from belharbi_bib.venues import VenueRegistry

KINDS: tuple[str, ...] = (
    "journal",
    "conference",
    "workshop",
    "preprint",
    "thesis",
    "patent",
    "book",
    "chapter",
    "report",
    "talk",
    "tutorial",
    "poster",
    "challenge",
    "other",
)
"""Every kind, in the order a CV lists them."""

_BY_TYPE = {
    "article": "journal",
    "inproceedings": "conference",
    "conference": "conference",
    "proceedings": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "patent": "patent",
    "book": "book",
    "mvbook": "book",
    "incollection": "chapter",
    "inbook": "chapter",
    "techreport": "report",
    "report": "report",
    "online": "preprint",
    "unpublished": "preprint",
}


def kind_of(record: Record, venues: VenueRegistry | None = None) -> str:
    """Return the kind of a work: its ``kind`` field, else from its type and venue.

    >>> from belharbi_bib.model import Field
    >>> kind_of(Record("k", "misc", (Field.of("eprint", "2101.00001"),)))
    'preprint'
    >>> kind_of(Record("k", "misc", (Field.of("kind", "Talk"),)))
    'talk'
    """
    explicit = (record.field("kind") or "").strip().lower()
    if explicit in KINDS:
        return explicit
    venue = venues.venue_of(record) if venues is not None else None
    if venue is not None:
        if venue.kind is VenueKind.WORKSHOP:
            return "workshop"
        if venue.kind is VenueKind.PREPRINT and record.entry_type in ("misc", "article"):
            return "preprint"
    kind = _BY_TYPE.get(record.entry_type)
    if (
        kind == "journal"
        and record.arxiv
        and not (record.field("journal") or record.field("journaltitle"))
    ):
        return "preprint"
    if kind is not None:
        return kind
    if record.entry_type == "misc" and record.arxiv is not None:
        return "preprint"
    return "other"
