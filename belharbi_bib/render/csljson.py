"""CSL-JSON: our records as the input data of citation processors (citeproc-py, pandoc, Zotero).

The mapping is ours (no ``citeproc.source.bibtex``): each kind of work gets the CSL type and
variables that the styles print for it, LaTeX becomes Unicode, and BibTeX's case protection
``{...}`` becomes ``<span class="nocase">...</span>``. The output validates against the CSL-JSON
schema (``csl-data.json``, CSL 1.0.2). Everything here is pure.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from belharbi_bib.dates import month_number
from belharbi_bib.kinds import kind_of
from belharbi_bib.latex import to_unicode
from belharbi_bib.model import Person, Record
from belharbi_bib.names import OTHERS

if TYPE_CHECKING:
    from belharbi_bib.model import Venue
    from belharbi_bib.venues import VenueRegistry

CslItem = dict[str, Any]
"""One CSL-JSON item (a JSON object)."""

NOCASE_OPEN = '<span class="nocase">'
NOCASE_CLOSE = "</span>"

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")

_TYPES = {
    "journal": "article-journal",
    "conference": "paper-conference",
    "workshop": "paper-conference",
    "preprint": "article",
    "thesis": "thesis",
    "patent": "patent",
    "book": "book",
    "chapter": "chapter",
    "report": "report",
    "talk": "speech",
    "tutorial": "speech",
    "poster": "speech",
    "challenge": "event",
    "other": "document",
}
"""CSL type of each kind of work (see :data:`belharbi_bib.kinds.KINDS`)."""

_GENRES = {"talk": "Talk", "tutorial": "Tutorial", "poster": "Poster", "challenge": "Challenge"}

_THESIS_GENRES = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}

_PREPRINT_SERVERS = {"arxiv": "arXiv"}


def csl_text(text: str) -> str:
    r"""Return BibTeX text as CSL rich text: Unicode, case-protected groups as ``nocase`` spans.

    A brace group at the top level protects its content from case changes, unless it starts with
    a backslash (``{\'e}``, a special character) or is a macro's argument (``\emph{...}``).

    >>> csl_text(r"{SR-CACO-2}: {A} Dataset for H{\'e}rault \& {Deep {CAM}}")
    '<span class="nocase">SR-CACO-2</span>: <span class="nocase">A</span> Dataset for Hérault & <span class="nocase">Deep CAM</span>'
    >>> csl_text("plain words")
    'plain words'
    """  # noqa: E501
    parts: list[str] = []
    for protected, chunk in _split_protected(text):
        unicode = _unicode_keeping_space(chunk)
        if protected and unicode.strip():
            parts.append(f"{NOCASE_OPEN}{unicode}{NOCASE_CLOSE}")
        else:
            parts.append(unicode)
    return re.sub(" {2,}", " ", "".join(parts)).strip()


def plain_text(text: str) -> str:
    r"""Return BibTeX text as plain Unicode (braces dropped), for variables that are not styled.

    >>> plain_text(r"Supervisor: S{\'e}bastien Adam")
    'Supervisor: Sébastien Adam'
    """
    return to_unicode(text).strip()


def _unicode_keeping_space(chunk: str) -> str:
    """Convert a chunk to Unicode, keeping one leading and one trailing space if it had them."""
    if not chunk:
        return ""
    core = to_unicode(chunk) if chunk.strip() else ""
    lead = " " if chunk[0].isspace() else ""
    trail = " " if chunk[-1].isspace() and chunk.strip() else ""
    return f"{lead}{core}{trail}"


def _split_protected(text: str) -> list[tuple[bool, str]]:
    """Split BibTeX text into (protected, chunk) pairs at top-level brace groups."""
    chunks: list[tuple[bool, str]] = []
    plain: list[str] = []
    i, size = 0, len(text)
    while i < size:
        char = text[i]
        if char == "\\":
            end = _macro_end(text, i)
            plain.append(text[i:end])
            i = end
        elif char == "{":
            end = _group_end(text, i)
            inner = text[i + 1 : end - 1] if text[end - 1 : end] == "}" else text[i + 1 : end]
            if inner.startswith("\\"):
                plain.append(text[i:end])
            else:
                if plain:
                    chunks.append((False, "".join(plain)))
                    plain = []
                chunks.append((True, inner))
            i = end
        else:
            plain.append(char)
            i += 1
    if plain:
        chunks.append((False, "".join(plain)))
    return chunks


def _macro_end(text: str, start: int) -> int:
    """Return the end of the control sequence at ``start`` and of its braced arguments."""
    i = start + 1
    if i < len(text) and text[i].isalpha():
        while i < len(text) and text[i].isalpha():
            i += 1
    else:
        i += 1
    while i < len(text) and text[i] == "{":
        i = _group_end(text, i)
    return i


def _group_end(text: str, start: int) -> int:
    """Return the index past the brace closing the group at ``start`` (end of text if none)."""
    depth = 0
    i = start
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(text)


def csl_names(people: Sequence[Person]) -> list[dict[str, str]]:
    """Return CSL name objects; a truncating ``others`` is dropped (CSL-JSON cannot say it).

    >>> csl_names([Person("Beethoven", "Ludwig", "van"), Person("{ACME Inc.}"), OTHERS])
    [{'family': 'Beethoven', 'given': 'Ludwig', 'non-dropping-particle': 'van'}, {'literal': 'ACME Inc.'}]
    """  # noqa: E501
    names: list[dict[str, str]] = []
    for person in people:
        if person == OTHERS:
            continue
        if not person.first and not person.von and person.last.startswith("{"):
            names.append({"literal": plain_text(person.last)})
            continue
        name = {"family": plain_text(person.last)}
        if person.first:
            name["given"] = plain_text(person.first)
        if person.von:
            name["non-dropping-particle"] = plain_text(person.von)
        if person.jr:
            name["suffix"] = plain_text(person.jr)
        names.append(name)
    return names


def csl_date(record: Record) -> dict[str, Any] | None:
    """Return the ``issued`` date: ``date`` (ISO) when present, else ``year`` and ``month``.

    >>> from belharbi_bib.model import Field
    >>> csl_date(Record("k", "misc", (Field.of("year", "2022"), Field("month", "mar", None, "March"))))
    {'date-parts': [[2022, 3]]}
    >>> csl_date(Record("k", "misc", (Field.of("date", "2024-05-03"),)))
    {'date-parts': [[2024, 5, 3]]}
    """  # noqa: E501
    text = (record.field("date") or "").strip()
    match = _ISO_DATE.match(text)
    if match:
        parts = [int(p) for p in match.groups() if p]
        return {"date-parts": [parts]}
    year = record.year
    if year is None:
        return None
    parts = [year]
    month = month_number(record.field("month") or "")
    if month is not None:
        parts.append(month)
    return {"date-parts": [parts]}


def csl_type(record: Record, kind: str) -> str:
    """Return the CSL type of a record of a given kind.

    >>> csl_type(Record("k", "misc"), "talk")
    'speech'
    """
    if kind == "preprint" and record.entry_type in ("unpublished",):
        return "manuscript"
    return _TYPES.get(kind, "document")


def _put(item: CslItem, name: str, value: str | None, *, rich: bool = False) -> None:
    if value is None or not value.strip():
        return
    text = csl_text(value) if rich else plain_text(value)
    if text:
        item[name] = text


def _pages(text: str) -> str:
    """Return a page range with a plain hyphen, as CSL expects.

    >>> _pages("96--150")
    '96-150'
    """
    return re.sub(r"\s*(?:-+|–|—)\s*", "-", plain_text(text.replace("--", "-")))


def to_csl(record: Record, venues: VenueRegistry | None = None) -> CslItem:
    """Return the CSL-JSON item of a record.

    Args:
        record: The work.
        venues: The venue registry; gives ``container-title-short`` and fills a missing venue.
    """
    kind = kind_of(record, venues)
    kind_type = csl_type(record, kind)
    venue = venues.venue_of(record) if venues is not None else None
    item: CslItem = {"id": record.key, "type": kind_type}
    authors = csl_names(record.authors)
    if authors:
        item["author"] = authors
    editors = csl_names(record.editors)
    if editors:
        item["editor"] = editors
    _put(item, "title", record.field("title"), rich=True)
    issued = csl_date(record)
    if issued is not None:
        item["issued"] = issued
    _add_kind_variables(item, record, kind, venue)
    _put(item, "volume", record.field("volume"))
    if record.field("pages"):
        item["page"] = _pages(record.field("pages") or "")
    _put(item, "edition", record.field("edition"))
    _put(item, "collection-title", record.field("series"), rich=True)
    status = record.field("pubstate")
    if status:
        item["status"] = plain_text(status)
    doi = record.doi
    if doi:
        item["DOI"] = doi
    url = (record.field("url") or "").strip()
    if not url and record.arxiv is not None:
        url = record.arxiv.url
    if url:
        item["URL"] = url
    _put(item, "ISBN", record.field("isbn"))
    _put(item, "ISSN", record.field("issn"))
    _put(item, "note", record.field("note"))
    _put(item, "language", record.field("langid") or record.field("language"))
    _put(item, "abstract", record.field("abstract"))
    return item


def _add_kind_variables(item: CslItem, record: Record, kind: str, venue: Venue | None) -> None:
    """Add what depends on the kind of work: container, publisher, genre, event, numbers."""
    container = record.field("journal") or record.field("journaltitle") or record.field("booktitle")
    kind_type = item["type"]
    if kind_type in ("article-journal", "paper-conference", "chapter"):
        if not container and venue is not None:
            container = venue.name
        _put(item, "container-title", container, rich=True)
        if container and venue is not None and venue.short and venue.short != container:
            item["container-title-short"] = venue.short
        _put(item, "publisher", record.field("publisher"))
        if kind_type == "article-journal":
            _put(item, "issue", record.field("number") or record.field("issue"))
        elif kind_type == "chapter":
            _put(item, "publisher-place", record.field("address") or record.field("location"))
        else:
            _put(item, "event-place", record.field("address") or record.field("venue"))
            _put(item, "number", record.field("number"))
        return
    if kind_type == "article":
        _add_preprint(item, record, container)
        return
    if kind_type == "thesis":
        genre = record.field("type") or _THESIS_GENRES.get(record.entry_type, "Thesis")
        _put(item, "genre", genre)
        _put(item, "publisher", record.field("school") or record.field("institution"))
        _put(item, "publisher-place", record.field("address") or record.field("location"))
        return
    if kind_type == "patent":
        _put(item, "genre", record.field("type"))
        _put(item, "number", record.field("number"))
        return
    if kind_type in ("speech", "event"):
        _put(item, "genre", _GENRES.get(kind))
        event = record.field("howpublished") or record.field("eventtitle") or container
        if not event and venue is not None:
            event = venue.name
        _put(item, "event-title", event, rich=True)
        if "event-title" in item:
            item["event"] = item["event-title"]  # CSL 1.0.1 name, still read by many styles
        _put(item, "event-place", record.field("address") or record.field("venue"))
        return
    if kind_type == "report":
        _put(item, "genre", record.field("type"))
        _put(item, "publisher", record.field("institution") or record.field("publisher"))
        _put(item, "number", record.field("number"))
        _put(item, "publisher-place", record.field("address"))
        return
    _put(item, "publisher", record.field("publisher") or record.field("howpublished"))
    _put(item, "publisher-place", record.field("address") or record.field("location"))
    _put(item, "number", record.field("number"))


def _add_preprint(item: CslItem, record: Record, container: str | None) -> None:
    """Add the Zotero/pandoc preprint conventions: ``publisher`` the server, ``number`` the id."""
    arxiv = record.arxiv
    if arxiv is not None:
        item["publisher"] = _PREPRINT_SERVERS["arxiv"]
        item["number"] = f"arXiv:{arxiv.id}"
        item["genre"] = "Preprint"
        return
    _put(item, "publisher", record.field("publisher") or record.field("institution"))
    _put(item, "number", record.field("number"))
    _put(item, "container-title", container, rich=True)


def to_csl_items(records: Sequence[Record], venues: VenueRegistry | None = None) -> list[CslItem]:
    """Return the CSL-JSON items of records, in order."""
    return [to_csl(record, venues) for record in records]


def dumps(records: Sequence[Record], venues: VenueRegistry | None = None) -> str:
    """Return records as a CSL-JSON document: an array, keys sorted, two-space indent, final LF.

    The text depends only on the records and the registry (byte-identical for the same input).
    """
    return (
        json.dumps(to_csl_items(records, venues), ensure_ascii=False, indent=2, sort_keys=True)
        + "\n"
    )
