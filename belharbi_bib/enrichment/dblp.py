"""DBLP as a source: the publication search finds the published version of a preprint.

Both JSON shapes DBLP has served are read: authors as ``{"@pid", "text"}`` objects (current)
or as plain strings, a single author as one object or string instead of a list. Hits that are
CoRR preprints ("Informal and Other Publications", venue ``CoRR``) are skipped: they are the
preprint itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from belharbi_bib.enrichment.atom import XmlError, parse_xml
from belharbi_bib.enrichment.evidence import (
    VENUE_FIELDS,
    Evidence,
    Fact,
    braced,
    doi_fact,
    plain_text,
    present,
    text_fact,
)
from belharbi_bib.enrichment.matching import title_words
from belharbi_bib.enrichment.works import ShapeError as ShapeError  # the name callers use
from belharbi_bib.enrichment.works import Work, read_json, year_of
from belharbi_bib.identifiers import clean_doi, find_arxiv, is_valid_doi
from belharbi_bib.model import VenueKind

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from belharbi_bib.enrichment.client import HttpClient
    from belharbi_bib.venues import VenueRegistry

SEARCH_TTL = timedelta(days=7)
HITS = 10
"""Hits asked for per search."""
SEARCH_WORDS = 16

TYPES: dict[str, str] = {
    "Journal Articles": "article",
    "Conference and Workshop Papers": "inproceedings",
    "Parts in Books or Collections": "incollection",
}
"""DBLP publication types that are published versions, with their BibTeX entry type."""

INFORMAL_TYPES = ("Informal and Other Publications", "Informal Publications")


def search_params(title: str) -> dict[str, str] | None:
    """Return the query of a title search, or None for too short a title.

    >>> search_params("Deep {CAM}: learning")
    {'q': 'deep cam learning', 'format': 'json', 'h': '10', 'c': '0'}
    """
    words = title_words(title)[:SEARCH_WORDS]
    if len(words) < 2:
        return None
    return {"q": " ".join(words), "format": "json", "h": str(HITS), "c": "0"}


def search(client: HttpClient, endpoint: str, title: str) -> tuple[tuple[Work, ...], str]:
    """Search DBLP for a title; return the hits and the request URL.

    Raises:
        NetError: The request failed.
        ShapeError: The answer is not a search result.
    """
    params = search_params(title)
    if params is None:
        return (), ""
    reply = client.get(endpoint, params, ttl=SEARCH_TTL)
    if not reply.found:
        raise ShapeError(f"HTTP {reply.status}")
    return parse_hits(reply.body), reply.url


def parse_hits(data: bytes) -> tuple[Work, ...]:
    """Parse the body of a publication search answer (either JSON shape) into works.

    A hit of a type that is not a published version ("Books and Theses") is a ``misc`` work;
    a CoRR preprint is ``informal``.

    Raises:
        ShapeError: Not JSON, or no ``result.hits`` object.
    """
    decoded = read_json(data)
    result = decoded.get("result") if isinstance(decoded, dict) else None
    hits = result.get("hits") if isinstance(result, dict) else None
    if not isinstance(hits, dict):
        raise ShapeError("not a DBLP search result (no result.hits)")
    found = []
    for item in _as_list(hits.get("hit")):
        info = item.get("info") if isinstance(item, dict) else None
        hit = _hit(info) if isinstance(info, dict) else None
        if hit is not None:
            found.append(hit)
    return tuple(found)


def _as_list(value: object) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: object) -> str:
    if isinstance(value, list):
        return " ".join(_text(v) for v in value if _text(v))
    if isinstance(value, dict):
        return _text(value.get("text"))
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return " ".join(str(value).split())
    return ""


def _hit(info: dict[str, Any]) -> Work | None:
    authors_block = info.get("authors")
    names = _as_list(authors_block.get("author")) if isinstance(authors_block, dict) else []
    kind = _text(info.get("type"))
    return _work(
        key=_text(info.get("key")),
        read=lambda name: _text(info.get(name)),
        authors=[_text(a) for a in names],
        venue=_text(info.get("venue")),
        entry_type=TYPES.get(kind, "misc"),
        informal=kind in INFORMAL_TYPES,
        links=[_text(x) for x in _as_list(info.get("ee"))],
        doi=_text(info.get("doi")),
    )


def evidence(hit: Work, url: str, venues: VenueRegistry | None) -> Evidence | None:
    """Return what a DBLP hit says, or None for hits that are not a published version.

    The venue goes through the registry: a known venue gives its full name and a ``venueid``;
    an unknown one is offered as DBLP writes it.
    """
    entry_type = hit.entry_type
    if entry_type not in VENUE_FIELDS or hit.informal:
        return None
    venue = venues.match(plain_text(hit.venue)) if venues is not None and hit.venue else None
    if venue is not None and venue.kind is VenueKind.PREPRINT:
        return None
    venue_field = VENUE_FIELDS[entry_type]
    facts = present(
        (
            text_fact(venue_field, venue.name if venue else hit.venue),
            Fact("venueid", braced(venue.id)) if venue else None,
            text_fact("volume", hit.volume),
            text_fact("number", hit.number),
            text_fact("pages", hit.pages),
            text_fact("year", hit.year),
            doi_fact(hit.doi),
        )
    )
    return Evidence(
        source="dblp",
        url=url,
        score=1.0,
        facts=facts,
        entry_type=entry_type,
        label=hit.label,
        title=plain_text(hit.title),
        authors=hit.authors,
        notes=(
            (f"DBLP venue {hit.venue!r} is not in the venue registry",)
            if venues is not None and venue is None
            else ()
        ),
    )


# Records and person pages (XML) -------------------------------------------------------

RECORD_TTL = timedelta(days=30)
PERSON_TTL = timedelta(days=7)
XML_TYPES: dict[str, str] = {
    "article": "article",
    "inproceedings": "inproceedings",
    "incollection": "incollection",
    "phdthesis": "phdthesis",
    "mastersthesis": "mastersthesis",
    "book": "book",
    "proceedings": "proceedings",
}
"""DBLP XML record elements with their BibTeX entry type."""


def record_url(root: str, key: str) -> str:
    """Return the XML URL of a record.

    >>> record_url("https://dblp.org", "conf/wacv/BelharbiSRKPG22")
    'https://dblp.org/rec/conf/wacv/BelharbiSRKPG22.xml'
    """
    return f"{root.rstrip('/')}/rec/{key}.xml"


def person_url(root: str, pid: str) -> str:
    """Return the XML URL of a person page.

    >>> person_url("https://dblp.org", "152/5716")
    'https://dblp.org/pid/152/5716.xml'
    """
    return f"{root.rstrip('/')}/pid/{pid}.xml"


def fetch_record(client: HttpClient, root: str, key: str) -> Work | None:
    """Fetch one record by its key; None when DBLP has no such record (404).

    Raises:
        NetError: The request failed.
        ShapeError: The answer is not a DBLP record.
    """
    reply = client.get(record_url(root, key), ttl=RECORD_TTL)
    if not reply.found:
        return None
    works = parse_records(reply.body, reply.url)
    return next((w for w in works if w.dblp == key), works[0] if works else None)


def fetch_person(client: HttpClient, root: str, pid: str) -> tuple[Work, ...]:
    """Fetch every record of a person page.

    Raises:
        NetError: The request failed.
        ShapeError: The answer is not a person page.
    """
    reply = client.get(person_url(root, pid), ttl=PERSON_TTL)
    if not reply.found:
        raise ShapeError(f"DBLP has no person {pid!r}")
    return parse_records(reply.body, reply.url)


def parse_records(data: bytes, url: str) -> tuple[Work, ...]:
    """Parse a record (``<dblp>``) or a person page (``<dblpperson>`` with ``<r>`` items).

    Raises:
        ShapeError: Not XML, or neither root element.
    """
    try:
        root = parse_xml(data)
    except XmlError as exc:
        raise ShapeError(str(exc)) from None
    if root.tag == "dblpperson":
        items = [child for r in root.findall("r") for child in r]
    elif root.tag == "dblp":
        items = list(root)
    else:
        raise ShapeError(f"not a DBLP record (root element {root.tag!r})")
    found = []
    for item in items:
        work = _record(item, url)
        if work is not None:
            found.append(work)
    return tuple(found)


def _xml_text(node: Element | None) -> str:
    return " ".join("".join(node.itertext()).split()) if node is not None else ""


def _record(node: Element, url: str) -> Work | None:
    entry_type = XML_TYPES.get(node.tag)
    if entry_type is None:
        return None
    return _work(
        key=node.get("key", ""),
        read=lambda name: _xml_text(node.find(name)),
        authors=[_xml_text(a) for a in node.findall("author")],
        venue=_xml_text(node.find("journal")) or _xml_text(node.find("booktitle")),
        entry_type=entry_type,
        informal=node.get("publtype") == "informal",
        links=[_xml_text(e) for e in node.findall("ee")],
        url=url,
    )


def _work(
    *,
    key: str,
    read: Callable[[str], str],
    authors: list[str],
    venue: str,
    entry_type: str,
    informal: bool,
    links: list[str],
    doi: str = "",
    url: str = "",
) -> Work | None:
    """Return a DBLP publication as a work, from a search hit (JSON) or a record (XML) alike.

    ``read`` gives the text of one field (``title``, ``year``, ``volume``, ``number``,
    ``pages``); ``links`` are the electronic editions (``ee``), where the DOI and the arXiv id
    are found when not given. None without a key or a title.
    """
    title = read("title").removesuffix(".")
    if not key or not title:
        return None
    volume = read("volume")
    doi = doi or next((clean_doi(x) for x in links if is_valid_doi(clean_doi(x))), "")
    arxiv = next((found.id for x in links if (found := find_arxiv(x))), "")
    informal = informal or venue.strip().lower() == "corr"
    if informal and not arxiv and volume.startswith("abs/"):
        found = find_arxiv("arXiv:" + volume.removeprefix("abs/"))
        arxiv = found.id if found else ""
    return Work(
        source="dblp",
        url=url,
        label=f"dblp:{key}",
        title=plain_text(title),
        authors=tuple(name for name in authors if name),
        entry_type="misc" if informal else entry_type,
        venue="" if informal else venue,
        year=year_of(read("year")),
        volume="" if informal else volume,
        number=read("number"),
        pages=read("pages"),
        doi="" if doi.lower().startswith("10.48550/") else doi,
        arxiv=arxiv,
        dblp=key,
        link=next((x for x in links if not is_valid_doi(clean_doi(x))), ""),
        informal=informal,
    )
