"""One CV item: a work's parts (authors, title, venue and year, status, links), format-neutral.

An :class:`Item` holds Unicode text; the ``format_*`` functions turn its parts into one output
format through :mod:`belharbi_bib.markup`, so every piece of data is escaped on the way out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from belharbi_bib.curriculum.owner import GAP, AuthorList, Owner, shorten_authors
from belharbi_bib.dates import month_number
from belharbi_bib.identifiers import PREPRINT_DOI_PREFIXES, find_arxiv
from belharbi_bib.latex import to_unicode
from belharbi_bib.markup import is_safe_url
from belharbi_bib.model import Link, Record

if TYPE_CHECKING:
    from belharbi_bib.identifiers import ArxivId
    from belharbi_bib.markup import Markup
    from belharbi_bib.venues import VenueRegistry

STATUS: dict[str, str] = {
    "forthcoming": "to appear",
    "accepted": "accepted",
    "inpress": "in press",
    "submitted": "submitted",
    "pending": "pending",
}
"""How a ``pubstate`` value is shown; other values are shown as written."""

_TRUE = frozenset({"true", "yes", "1"})


@dataclass(frozen=True, slots=True)
class Item:
    """A work as a CV shows it (Unicode text, not yet escaped for any format).

    Attributes:
        record: The work itself (for its BibTeX).
        kind: Its kind (``journal``, ``conference`` ... see :mod:`belharbi_bib.kinds`).
        title: The title as plain Unicode.
        authors: The authors shown, the owner flagged.
        year: The year, when known.
        month: The month number, when known (orders works within a year).
        venue_short: The venue as a CV writes it (``WACV``), or the venue text of the entry.
        venue_full: The venue's full official name (same as ``venue_short`` when unknown).
        details: Extra venue details (a patent number), or an empty string.
        status: ``to appear``, ``pending``, ... from ``pubstate``; None when published.
        links: arXiv, DOI, then the work's own links, without duplicates.
        selected: Whether the work is marked as selected (see :func:`is_selected`).
        label: The per-section number, e.g. ``C3`` (set when sections are built).
        number: The overall position in the CV, from 1 (set when sections are built).
    """

    record: Record
    kind: str
    title: str
    authors: AuthorList
    year: int | None
    month: int | None
    venue_short: str
    venue_full: str
    details: str
    status: str | None
    links: tuple[Link, ...]
    selected: bool
    label: str = ""
    number: int = 0

    @property
    def key(self) -> str:
        """The citation key of the work."""
        return self.record.key

    @property
    def url(self) -> str | None:
        """The main link of the work (the title links to it), or None."""
        return next((link.url for link in self.links if is_safe_url(link.url)), None)

    @property
    def venue_year(self) -> str:
        """The venue and year as a CV heads an item: ``WACV 2022``.

        A venue name that already ends with the year is not given it twice.
        """
        year = str(self.year) if self.year else ""
        venue = self.venue_short
        if year and not venue.endswith(year):
            venue = f"{venue} {year}".strip()
        return f"{venue}, {self.details}" if self.details else venue


def month_of(record: Record) -> int | None:
    """Return the month of a work as a number (``jun``, ``June``, ``6``), or None.

    >>> from belharbi_bib.model import Field
    >>> month_of(Record("k", "misc", (Field("month", "jun"),)))
    6
    >>> month_of(Record("k", "misc", (Field.of("month", "11"),)))
    11
    """
    return month_number(record.field("month") or "")


def is_selected(record: Record) -> bool:
    """Return True when a work is marked as selected.

    The marker is ``selected = {true}`` (also ``yes`` or ``1``), or the word ``selected`` among
    the comma-separated ``keywords``.

    >>> from belharbi_bib.model import Field
    >>> is_selected(Record("k", "misc", (Field.of("keywords", "wsol, selected"),)))
    True
    >>> is_selected(Record("k", "misc", (Field.of("selected", "no"),)))
    False
    """
    flag = (record.field("selected") or "").strip().lower()
    if flag in _TRUE:
        return True
    keywords = record.field("keywords") or ""
    return any(word.strip().lower() == "selected" for word in keywords.split(","))


def status_of(record: Record) -> str | None:
    """Return how a work's publication state is shown (``to appear``), or None when published."""
    state = (record.field("pubstate") or "").strip()
    if not state or state.lower() == "published":
        return None
    return STATUS.get(state.lower(), state)


def links_of(record: Record, arxiv: ArxivId | None = None) -> tuple[Link, ...]:
    """Return a work's links: arXiv, DOI, then its own (``url`` as "Link"), each URL once."""
    arxiv = arxiv or record.arxiv
    found: list[Link] = []
    if arxiv is not None:
        found.append(Link("arXiv", arxiv.url))
    doi = record.doi
    if doi and not (arxiv is not None and doi.lower().startswith(PREPRINT_DOI_PREFIXES)):
        found.append(Link("DOI", f"https://doi.org/{doi}"))
    seen = {link.url for link in found}
    for link in record.links:
        url = link.url
        if not url or url in seen:
            continue
        in_url = find_arxiv(url)
        if arxiv is not None and in_url is not None and in_url.id == arxiv.id:
            continue
        if link.label == "URL" and doi and doi.lower() in url.lower():
            continue
        seen.add(url)
        found.append(Link("Link", url) if link.label == "URL" else link)
    return tuple(found)


def venue_of(record: Record, kind: str, venues: VenueRegistry | None) -> tuple[str, str]:
    """Return a work's venue as ``(short, full)``: from the registry, else from the entry."""
    venue = venues.venue_of(record) if venues is not None else None
    if venue is not None:
        return to_unicode(venue.short), to_unicode(venue.name)
    text = record.venue_name
    if text:
        plain = to_unicode(text)
        return plain, plain
    fallback = {
        "thesis": record.field("school") or "Thesis",
        "patent": "Patent",
        "preprint": "Preprint",
        "report": record.field("institution") or "Report",
    }.get(kind, "")
    plain = to_unicode(fallback)
    return plain, plain


def make_item(
    record: Record,
    *,
    kind: str,
    owner: Owner,
    venues: VenueRegistry | None = None,
    max_authors: int | None = None,
    arxiv: ArxivId | None = None,
    full_venues: bool = False,
) -> Item:
    """Build the CV item of a work.

    ``arxiv`` adds the id of a merged preprint; ``full_venues`` writes venues as
    ``Full Name (SHORT)``.
    """
    short, full = venue_of(record, kind, venues)
    if full_venues and full != short:
        short = f"{full} ({short})"
    number = (record.field("number") or "").strip() if kind == "patent" else ""
    return Item(
        record=record,
        kind=kind,
        title=to_unicode(record.title),
        authors=shorten_authors(record.authors, owner, max_authors),
        year=record.year,
        month=month_of(record),
        venue_short=short,
        venue_full=full,
        details=to_unicode(number),
        status=status_of(record),
        links=links_of(record, arxiv),
        selected=is_selected(record),
    )


def ending(text: str) -> str:
    """Return the punctuation that closes a sentence ending with ``text``.

    >>> ending("Why?"), ending("Deep CAMs"), ending("A, B, et al.")
    ('', '.', '')
    """
    return "" if text.rstrip().endswith((".", "?", "!")) else "."


def format_authors(authors: AuthorList, markup: Markup) -> str:
    """Return the author list escaped for ``markup``, the owner in bold, with "et al.".

    >>> from belharbi_bib.markup import markup_for
    >>> from belharbi_bib.model import Person
    >>> people = [Person("Ben Ayed", "Ismail"), Person("Belharbi", "S."), Person("X", "Y")]
    >>> shown = shorten_authors(people, Owner(), 1)
    >>> format_authors(shown, markup_for("markdown"))
    'Ismail Ben Ayed, …, **S. Belharbi**, et al.'
    """
    names: list[str] = []
    for person, is_owner in zip(authors.people, authors.owner_flags, strict=True):
        if person == GAP:
            names.append(markup.text("…"))
            continue
        text = markup.text(to_unicode(person.display()))
        names.append(markup.strong(text) if is_owner else text)
    if authors.et_al:
        names.append(markup.text("et al."))
    return ", ".join(names)


def format_links(item: Item, markup: Markup) -> list[str]:
    """Return each link of an item as markup (unsafe URLs render as their label alone)."""
    return [markup.link(markup.text(link.label), link.url) for link in item.links]
