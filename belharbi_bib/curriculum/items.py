"""One CV item: a work's parts (authors, title, venue and year, status, links), format-neutral.

An :class:`Item` holds Unicode text; the ``format_*`` functions turn its parts into one output
format through :mod:`belharbi_bib.markup`, so every piece of data is escaped on the way out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING

from belharbi_bib import patterns
from belharbi_bib.curriculum.owner import GAP, AuthorList, Owner, shorten_authors
from belharbi_bib.dates import month_number
from belharbi_bib.latex import to_unicode
from belharbi_bib.links import Link, links_of
from belharbi_bib.markup import markup_for
from belharbi_bib.model import Record
from belharbi_bib.structs import dataclass

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

DEGREES: dict[str, str] = {
    "phdthesis": "PhD thesis",
    "phd": "PhD thesis",
    "mastersthesis": "Master's thesis",
    "mathesis": "Master's thesis",
    "masters": "Master's thesis",
    "candthesis": "Candidate thesis",
    "bathesis": "Bachelor's thesis",
    "habilitation": "Habilitation thesis",
    "thesis": "Thesis",
}
"""How a thesis is named, by entry type or by biblatex ``type`` key (``type = {mathesis}``)."""

_PATENT_COUNTRIES: dict[str, str] = {
    "": "",
    "us": "US ",
    "eu": "European ",
    "de": "German ",
    "fr": "French ",
    "uk": "British ",
    "jp": "Japanese ",
    "at": "Austrian ",
    "ch": "Swiss ",
    "dk": "Danish ",
}
_PATENT_OFFICES: dict[str, str] = {"US": "US", "EP": "European", "WO": "International"}
"""The office a patent number's prefix names, for a patent whose type says none."""
_PATENT_TYPE = patterns.compile(r"(patent|patreq)([a-z]{2})?")
_APPLICATION_NUMBER = patterns.compile(
    r"^(?:WO.*|(?:US|EP|CA|GB|FR|DE|JP|CN|KR|AU)?[\s\d/,.-]+\s*A\d?)$", re.IGNORECASE
)
"""A published application's number: any WO (PCT) number, or a kind code A, A1, A2 ..."""
_PENDING = frozenset({"pending", "submitted", "filed", "accepted"})


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
        details: Extra venue details (a patent number, a thesis's school), or an empty string.
        status: ``to appear``, ``pending``, ... from ``pubstate``; None when published.
        links: The work's links (:func:`belharbi_bib.links.links_of`), arXiv first for a
            preprint.
        selected: Whether the work is marked as selected (see :func:`is_selected`).
        editors: Whether ``authors`` are the editors (a work with no authors), shown "(ed.)".
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
    editors: bool = False
    label: str = ""
    number: int = 0

    @property
    def key(self) -> str:
        """The citation key of the work."""
        return self.record.key

    @property
    def url(self) -> str | None:
        """The main link of the work (the title links to it), or None."""
        return self.links[0].url if self.links else None

    @property
    def venue_year(self) -> str:
        """The venue and year as a CV heads an item.

        ``WACV 2022``; with details, ``PhD thesis, Normandie Université, 2018`` or (a patent
        number) ``US Patent Application US20240211541A1, 2024``. A venue name that already
        ends with the year is not given it twice.
        """
        year = str(self.year) if self.year else ""
        venue = self.venue_short
        if self.details:
            glue = " " if self.kind == "patent" else ", "
            venue = f"{venue}{glue}{self.details}" if venue else self.details
        if year and not venue.endswith(year):
            venue = f"{venue}{', ' if self.details else ' '}{year}".strip()
        return venue


_CONTROL = patterns.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def plain_text(text: str) -> str:
    r"""Return BibTeX text as the plain Unicode a CV prints: LaTeX decoded, composed (NFC).

    Accents written as combining marks are composed (``e`` + U+0301 → ``é``), so that every
    output format (pdflatex above all) gets the letters it knows. Control characters are
    dropped, except C1 codes that are Windows-1252 punctuation read as Latin-1 (U+0093 → ``“``).
    Runs of white space (line breaks inside a field) become one space.

    >>> plain_text('Sch{\\"u}tze \u0093Dr. Pe\u0301rez\u0094\x07')
    'Schütze “Dr. Pérez”'
    """
    plain = _CONTROL.sub(_windows_1252, unicodedata.normalize("NFC", to_unicode(text)))
    return " ".join(plain.split())


def _windows_1252(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if 0x80 <= code <= 0x9F:
        try:
            return bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            return ""
    return ""


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


def venue_of(record: Record, kind: str, venues: VenueRegistry | None) -> tuple[str, str]:
    """Return a work's venue as ``(short, full)``: from the registry, else from the entry.

    A thesis is named by its degree (``PhD thesis``; its school is a detail, see
    :func:`details_of`); a patent by its type, as an application while it is one.
    """
    venue = venues.venue_of(record) if venues is not None else None
    if kind == "thesis":
        degree = thesis_label(record)
        return degree, degree
    if kind == "patent":
        label = patent_label(record, plain_text(venue.short) if venue is not None else "")
        return label, label
    if venue is not None:
        return plain_text(venue.short), plain_text(venue.name)
    text = record.venue_name
    if text:
        plain = plain_text(text)
        return plain, plain
    plain = plain_text(_fallback_venue(record, kind))
    return plain, plain


def _fallback_venue(record: Record, kind: str) -> str:
    """Return what stands for the venue of a work the entry names no venue for.

    A preprint's server (``arXiv``), a report's institution, a book's publisher, else who
    issued the work (publisher, organization, institution), else, for a work without a
    title, its note.
    """
    if kind == "preprint":
        if record.arxiv is not None:
            return "arXiv"
        return "Online" if record.entry_type == "online" else "Preprint"
    if kind == "report":
        return record.field("institution") or "Report"
    names = ["publisher", "organization", "institution"]
    if not record.title:
        names.append("note")  # a misc entry that only says what it is ("Manuscript")
    for name in names:
        text = record.field(name)
        if text and text.strip():
            return text
    return ""


def thesis_label(record: Record) -> str:
    """Return how a thesis is named: its ``type`` (a biblatex key or free text), else its type.

    >>> from belharbi_bib.model import Field
    >>> thesis_label(Record("k", "phdthesis", ())), thesis_label(Record("k", "thesis", ()))
    ('PhD thesis', 'Thesis')
    >>> thesis_label(Record("k", "thesis", (Field.of("type", "mathesis"),)))
    "Master's thesis"
    """
    written = plain_text(record.field("type") or "").strip()
    if written:
        return DEGREES.get(written.lower(), written)
    return DEGREES.get(record.entry_type.lower(), "Thesis")


def patent_label(record: Record, registered: str = "") -> str:
    """Return how a patent is named, as an application while it is one.

    The name comes from the ``type`` field (a biblatex key such as ``patrequs`` or free text),
    else from the venue registry, else ``Patent``. A work that is pending (``pubstate``) or whose
    number is an application's (kind code ``A1``, a WO number) is an application.

    >>> from belharbi_bib.model import Field
    >>> pending = Record("k", "patent", (Field.of("pubstate", "pending"),))
    >>> patent_label(pending, "US Patent")
    'US Patent Application'
    >>> patent_label(Record("k", "patent", (Field.of("number", "US 10,123,456 B2"),)), "US Patent")
    'US Patent'
    >>> patent_label(Record("k", "patent", (Field.of("type", "patrequs"),)))
    'US Patent Application'
    >>> patent_label(Record("k", "patent", (Field.of("number", "WO2021123456A1"),)))
    'International Patent Application'
    """
    written = plain_text(record.field("type") or "").strip()
    known = _PATENT_TYPE.fullmatch(written.lower())
    if known and (known.group(2) or "") in _PATENT_COUNTRIES:
        country = _PATENT_COUNTRIES[known.group(2) or ""]
        label = f"{country}Patent{' Application' if known.group(1) == 'patreq' else ''}"
    else:
        label = written or registered or "Patent"
    number = plain_text(record.field("number") or "").strip()
    office = _PATENT_OFFICES.get(number[:2].upper()) if label == "Patent" else None
    if office:
        label = f"{office} {label}"
    state = (record.field("pubstate") or "").strip().lower()
    application = state in _PENDING or bool(number and _APPLICATION_NUMBER.match(number))
    if application and "application" not in label.lower():
        label = f"{label} Application"
    return label


def details_of(record: Record, kind: str, venues: VenueRegistry | None) -> str:
    """Return what a CV adds after the venue: a patent's number, a thesis's school."""
    if kind == "patent":
        return plain_text(record.field("number") or "").strip()
    if kind != "thesis":
        return ""
    school = record.field("school") or record.field("institution") or ""
    if not school.strip() and venues is not None:
        venue = venues.venue_of(record)
        if venue is not None and venue.name != venue.short:
            school = venue.name
    return plain_text(school).strip()


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
    people, editors = record.authors, False
    if not people and record.editors:
        people, editors = record.editors, True
    if full_venues and full != short:
        short = f"{full} ({short})"
    return Item(
        record=record,
        kind=kind,
        title=plain_text(record.title),
        authors=shorten_authors(people, owner, max_authors),
        editors=editors,
        year=record.year,
        month=month_of(record),
        venue_short=short,
        venue_full=full,
        details=details_of(record, kind, venues),
        status=status_of(record),
        links=links_of(record, arxiv=arxiv, published=kind != "preprint"),
        selected=is_selected(record),
    )


def ending(text: str) -> str:
    """Return the punctuation that closes a sentence ending with ``text``.

    >>> ending("Why?"), ending("Deep CAMs"), ending("A, B, et al.")
    ('', '.', '')
    """
    return "" if text.rstrip().endswith((".", "?", "!")) else "."


def format_authors(
    authors: AuthorList, markup: Markup, keep: Callable[[str], str] | None = None
) -> str:
    """Return the author list escaped for ``markup``, the owner in bold, with "et al.".

    ``keep`` wraps each name (in bold or not) so that it is never broken across lines (LaTeX
    ``\\mbox``, an HTML ``nowrap`` span). One name shown before "et al." takes no comma.

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
        text = markup.text(plain_text(person.display()))
        text = markup.strong(text) if is_owner else text
        names.append(keep(text) if keep is not None else text)
    if authors.et_al:
        et_al = markup.text("et al.")
        if len(names) == 1:
            return f"{names[0]} {et_al}"
        names.append(et_al)
    return ", ".join(names)


def authors_sentence(item: Item, markup: Markup, keep: Callable[[str], str] | None = None) -> str:
    """Return the authors as a sentence (closed by a period unless one ends it), or ``""``.

    A work with editors but no authors lists its editors, followed by "(ed.)" or "(eds.)".
    """
    authors = format_authors(item.authors, markup, keep)
    if not authors:
        return ""
    if item.editors:
        many = len(item.authors.people) > 1 or item.authors.et_al
        return f"{authors} {markup.text('(eds.)' if many else '(ed.)')}."
    return authors + ending(format_authors(item.authors, markup_for("text")))


_STRAIGHT_QUOTED = patterns.compile(r'"([^"]+)"')


def nest_quotes(title: str) -> str:
    """Return a title with its double quotes made single, for it is printed inside double ones.

    >>> nest_quotes('The “Tree” of "Life"')
    'The ‘Tree’ of ‘Life’'
    """
    title = title.replace("“", "‘").replace("”", "’")
    return _STRAIGHT_QUOTED.sub(lambda m: f"‘{m.group(1)}’", title)


def quoted_title(item: Item, markup: Markup, opening: str, closing: str) -> str:
    """Return the title in quotes, linked to the work's main link, its period inside.

    American style: the period goes inside the closing quote, and a title ending with ``?``,
    ``!`` or ``.`` takes none. The link covers the title's words; the title is upright (only
    the quotes set it off); quotes inside it become single ones. A work without a title
    gives ``""``.
    """
    if not item.title:
        return ""
    title = markup.text(nest_quotes(item.title))
    if item.url:
        title = markup.link(title, item.url)
    return f"{opening}{title}{markup.text(ending(item.title))}{closing}"


def format_links(item: Item, markup: Markup) -> list[str]:
    """Return each link of an item as markup (unsafe URLs render as their label alone)."""
    return [markup.link(markup.text(link.label), link.url) for link in item.links]
