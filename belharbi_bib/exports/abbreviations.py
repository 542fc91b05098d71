"""Short venue names for page-limited papers: ``Proc. WACV`` instead of the full booktitle."""

from __future__ import annotations

from typing import TYPE_CHECKING

from belharbi_bib.model import Record
from belharbi_bib.problems import Problem, Severity

if TYPE_CHECKING:
    from belharbi_bib.venues import VenueRegistry

PROCEEDINGS_PREFIX = "Proc."
"""What a short booktitle starts with (``Proc. WACV``)."""

_VENUE_FIELDS = ("booktitle", "journal", "journaltitle")


def short_venue(record: Record, venues: VenueRegistry | None) -> tuple[Record, tuple[Problem, ...]]:
    """Return ``record`` with its booktitle/journal in short form, and any problem found.

    A booktitle becomes ``Proc. SHORT`` and a journal the registry's short name; records whose
    venue the registry does not know keep their full venue, with an ``export.venue-unknown``
    info problem. Records without a booktitle or journal (talks, preprints, theses) are returned
    unchanged.

    >>> from belharbi_bib.model import Field, Venue, VenueKind
    >>> from belharbi_bib.venues import VenueRegistry
    >>> reg = VenueRegistry({"wacv": Venue("wacv", "WACV", "Winter Conf.", VenueKind.CONFERENCE)})
    >>> r = Record("k", "inproceedings", (Field.of("booktitle", "Proceedings of the WACV"),))
    >>> short_venue(r, reg)[0].field("booktitle")
    'Proc. WACV'
    """
    present = [name for name in _VENUE_FIELDS if record.field(name)]
    if not present:
        return record, ()
    venue = venues.venue_of(record) if venues is not None else None
    if venue is None:
        problem = Problem(
            "export.venue-unknown",
            "venue not in the registry; its full name is kept",
            Severity.INFO,
            record.path,
            record.line,
            record.key,
        )
        return record, (problem,)
    for name in present:
        short = venue.short if name != "booktitle" else f"{PROCEEDINGS_PREFIX} {venue.short}"
        record = record.with_field(name, short)
    return record, ()
