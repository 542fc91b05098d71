"""The venue rule: booktitles and journals recognised in the venue registry, rewritten on request.

``Proc. WACV 2022``, ``IEEE/CVF Winter Conference on Applications of Computer Vision`` and
``WACV`` all denote the registry venue ``wacv``; with ``venue_form = "full"`` each becomes the
registry's full name, with ``"short"`` its short form. ``"keep"`` (the default) and strings
the registry does not know leave the field as written.
"""

from __future__ import annotations

from belharbi_bib.model import Record
from belharbi_bib.normalize.context import Context, FieldMap, Outcome, apply_map
from belharbi_bib.venues import VenueRegistry

VENUE_FIELDS: frozenset[str] = frozenset({"booktitle", "journal", "journaltitle"})
"""Fields naming the venue of a work."""


def venue_text(text: str, registry: VenueRegistry, form: str) -> str:
    """Return the ``form`` ("full" or "short") of the venue ``text`` denotes, else ``text``.

    >>> from belharbi_bib.model import Venue, VenueKind
    >>> wacv = Venue("wacv", "WACV", "Winter Conference on Applications of Computer Vision",
    ...              VenueKind.CONFERENCE)
    >>> registry = VenueRegistry({"wacv": wacv})
    >>> venue_text("Proc. WACV 2022", registry, "full")
    'Winter Conference on Applications of Computer Vision'
    >>> long_name = "IEEE/CVF Winter Conference on Applications of Computer Vision"
    >>> venue_text(long_name, registry, "short")
    'WACV'
    >>> venue_text("Nowhere", registry, "short")
    'Nowhere'
    """
    venue = registry.match(text)
    if venue is None:
        return text
    target = venue.name if form == "full" else venue.short
    return target if registry.match(target) is venue else text  # stable on the next run


def venue_map(context: Context) -> FieldMap | None:
    """Return the venue rule's field map; None without a registry or with ``keep``."""
    registry = context.venues
    form = context.options.venue_form
    if registry is None or form == "keep":
        return None
    return FieldMap(VENUE_FIELDS.__contains__, lambda text: venue_text(text, registry, form))


def rewrite_venues(record: Record, context: Context) -> Outcome:
    """Rewrite recognised venue fields to the registry's full or short form."""
    return apply_map(record, venue_map(context))
