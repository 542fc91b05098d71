"""Crossref as a source: ``/works/{doi}`` → venue, volume, number, pages, publisher, dates."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from belharbi_bib.enrichment.evidence import (
    VENUE_FIELDS,
    Evidence,
    month_fact,
    plain_text,
    present,
    text_fact,
)
from belharbi_bib.enrichment.works import ShapeError as ShapeError  # the name callers use
from belharbi_bib.enrichment.works import Work, read_json
from belharbi_bib.structs import dataclass

if TYPE_CHECKING:
    from belharbi_bib.enrichment.client import HttpClient

WORK_TTL = timedelta(days=30)

TYPES: dict[str, str] = {
    "journal-article": "article",
    "proceedings-article": "inproceedings",
    "book-chapter": "incollection",
}
"""Crossref work types that are published versions, with their BibTeX entry type."""

_DATE_FIELDS = ("issued", "published-print", "published-online", "published")


@dataclass(frozen=True, slots=True)
class CrossrefWork:
    """A work as Crossref describes it (plain text; absent values are None).

    Attributes:
        doi: The DOI.
        type: The Crossref type (``journal-article``, ``proceedings-article`` ...).
        title: The first title.
        container: The first container title (journal or proceedings).
        volume: Volume.
        issue: Issue (BibTeX ``number``).
        page: Page range.
        article_number: Article number, for journals that use them instead of pages.
        publisher: Publisher.
        year: Year of the first date among issued, print and online publication.
        month: Month of that date, when given.
        authors: Author names in reading order.
    """

    doi: str
    type: str | None = None
    title: str | None = None
    container: str | None = None
    volume: str | None = None
    issue: str | None = None
    page: str | None = None
    article_number: str | None = None
    publisher: str | None = None
    year: int | None = None
    month: int | None = None
    authors: tuple[str, ...] = ()


def work_url(root: str, doi: str) -> str:
    """Return the URL of a work.

    >>> work_url("https://api.crossref.org", "10.1016/j.media.2024.103154")
    'https://api.crossref.org/works/10.1016/j.media.2024.103154'
    """
    return f"{root.rstrip('/')}/works/{quote(doi, safe='/()')}"


def fetch(client: HttpClient, root: str, doi: str) -> tuple[CrossrefWork | None, str]:
    """Fetch a work; None when Crossref does not know the DOI (404).

    Raises:
        NetError: The request failed.
        ShapeError: The answer is not a work.
    """
    reply = client.get(work_url(root, doi), ttl=WORK_TTL)
    if not reply.found:
        return None, reply.url
    return parse_work(reply.body), reply.url


def parse_work(data: bytes) -> CrossrefWork:
    """Parse the body of a ``/works/{doi}`` answer.

    Raises:
        ShapeError: Not JSON, or no ``message`` object with a DOI.
    """
    decoded = read_json(data)
    message = decoded.get("message") if isinstance(decoded, dict) else None
    if not isinstance(message, dict) or not isinstance(message.get("DOI"), str):
        raise ShapeError("not a Crossref work (no message.DOI)")
    year, month = _date(message)
    return CrossrefWork(
        doi=message["DOI"],
        type=_text(message.get("type")),
        title=_first(message.get("title")),
        container=_first(message.get("container-title")),
        volume=_text(message.get("volume")),
        issue=_text(message.get("issue")),
        page=_text(message.get("page")),
        article_number=_text(message.get("article-number")),
        publisher=_text(message.get("publisher")),
        year=year,
        month=month,
        authors=_authors(message.get("author")),
    )


def _text(value: object) -> str | None:
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        text = " ".join(str(value).split())
        return text or None
    return None


def _first(value: object) -> str | None:
    if isinstance(value, list) and value:
        return _text(value[0])
    return _text(value)


def _date(message: dict[str, Any]) -> tuple[int | None, int | None]:
    """Return (year, month) of the first date that has a year; ``[[null]]`` has none."""
    for name in _DATE_FIELDS:
        block = message.get(name)
        parts = block.get("date-parts") if isinstance(block, dict) else None
        if not (isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]):
            continue
        first = parts[0]
        year = first[0]
        if isinstance(year, int) and not isinstance(year, bool):
            month = first[1] if len(first) > 1 and isinstance(first[1], int) else None
            return year, month
    return None, None


def _authors(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    names: list[str] = []
    for item in value:
        if not isinstance(item, dict):
            continue
        family, given = _text(item.get("family")), _text(item.get("given"))
        if family:
            names.append(f"{given} {family}" if given else family)
    return tuple(names)


def evidence(work: CrossrefWork, url: str) -> Evidence:
    """Return what a Crossref work says, as field values.

    The container title becomes ``journal`` or ``booktitle`` after the work's type; an
    article number with no page range becomes ``eid``.
    """
    entry_type = TYPES.get(work.type or "")
    venue_field = VENUE_FIELDS.get(entry_type or "")
    facts = present(
        (
            text_fact(venue_field, work.container) if venue_field else None,
            text_fact("volume", work.volume),
            text_fact("number", work.issue),
            text_fact("pages", work.page),
            text_fact("eid", work.article_number) if not work.page else None,
            text_fact("publisher", work.publisher),
            text_fact("year", work.year),
            month_fact(work.month),
        )
    )
    return Evidence(
        source="crossref",
        url=url,
        score=1.0,
        facts=facts,
        entry_type=entry_type,
        label=f"doi:{work.doi}",
        title=plain_text(work.title or ""),
        authors=work.authors,
    )


def as_work(work: CrossrefWork, url: str) -> Work:
    """Return a Crossref work as a work to build an entry from."""
    return Work(
        source="crossref",
        url=url,
        label=f"doi:{work.doi}",
        title=plain_text(work.title or ""),
        authors=work.authors,
        entry_type=TYPES.get(work.type or "", "misc"),
        venue=plain_text(work.container or ""),
        year=work.year,
        month=work.month,
        volume=work.volume or "",
        number=work.issue or "",
        pages=work.page or work.article_number or "",
        doi=work.doi,
    )
