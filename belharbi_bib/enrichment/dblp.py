"""DBLP as a source: the publication search finds the published version of a preprint.

Both JSON shapes DBLP has served are read: authors as ``{"@pid", "text"}`` objects (current)
or as plain strings, a single author as one object or string instead of a list. Hits that are
CoRR preprints ("Informal and Other Publications", venue ``CoRR``) are skipped: they are the
preprint itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

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
from belharbi_bib.model import VenueKind

if TYPE_CHECKING:
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


class ShapeError(ValueError):
    """The answer is not a DBLP search result (not JSON, or not the expected shape)."""


@dataclass(frozen=True, slots=True)
class DblpHit:
    """One publication found by the DBLP search (plain text; absent values are empty).

    Attributes:
        key: The DBLP record key (``conf/wacv/BelharbiSRKPG22``).
        title: The title, without DBLP's final period.
        authors: Author names in reading order (homonym numbers kept, e.g. ``Wei Li 0001``).
        venue: The venue abbreviation (``WACV``, ``Medical Image Anal.``, ``CoRR``).
        type: The publication type (``Conference and Workshop Papers`` ...).
        year: Year.
        volume: Volume.
        number: Number.
        pages: Pages.
        doi: DOI.
        url: The record page.
    """

    key: str
    title: str
    authors: tuple[str, ...] = ()
    venue: str = ""
    type: str = ""
    year: str = ""
    volume: str = ""
    number: str = ""
    pages: str = ""
    doi: str = ""
    url: str = ""

    @property
    def is_informal(self) -> bool:
        """True for CoRR preprints and other informal publications."""
        return self.type in INFORMAL_TYPES or self.venue.strip().lower() == "corr"


def search_params(title: str) -> dict[str, str] | None:
    """Return the query of a title search, or None for too short a title.

    >>> search_params("Deep {CAM}: learning")
    {'q': 'deep cam learning', 'format': 'json', 'h': '10', 'c': '0'}
    """
    words = title_words(title)[:SEARCH_WORDS]
    if len(words) < 2:
        return None
    return {"q": " ".join(words), "format": "json", "h": str(HITS), "c": "0"}


def search(client: HttpClient, endpoint: str, title: str) -> tuple[tuple[DblpHit, ...], str]:
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


def parse_hits(data: bytes) -> tuple[DblpHit, ...]:
    """Parse the body of a publication search answer (either JSON shape).

    Raises:
        ShapeError: Not JSON, or no ``result.hits`` object.
    """
    try:
        decoded: Any = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ShapeError(f"not JSON: {exc}") from None
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


def _hit(info: dict[str, Any]) -> DblpHit | None:
    key, title = _text(info.get("key")), _text(info.get("title"))
    if not key or not title:
        return None
    authors_block = info.get("authors")
    names = _as_list(authors_block.get("author")) if isinstance(authors_block, dict) else []
    return DblpHit(
        key=key,
        title=title[:-1] if title.endswith(".") else title,
        authors=tuple(n for n in (_text(a) for a in names) if n),
        venue=_text(info.get("venue")),
        type=_text(info.get("type")),
        year=_text(info.get("year")),
        volume=_text(info.get("volume")),
        number=_text(info.get("number")),
        pages=_text(info.get("pages")),
        doi=_text(info.get("doi")),
        url=_text(info.get("url")),
    )


def evidence(hit: DblpHit, url: str, venues: VenueRegistry | None) -> Evidence | None:
    """Return what a DBLP hit says, or None for hits that are not a published version.

    The venue goes through the registry: a known venue gives its full name and a ``venueid``;
    an unknown one is offered as DBLP writes it.
    """
    entry_type = TYPES.get(hit.type)
    if entry_type is None or hit.is_informal:
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
        label=f"dblp:{hit.key}",
        title=plain_text(hit.title),
        authors=hit.authors,
        notes=(
            (f"DBLP venue {hit.venue!r} is not in the venue registry",)
            if venues is not None and venue is None
            else ()
        ),
    )
