"""arXiv as a source: batched lookups by id, title search, and the evidence an entry yields."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from belharbi_bib.enrichment.atom import ArxivEntry, ArxivFeed, FeedError, parse_feed
from belharbi_bib.enrichment.evidence import (
    Evidence,
    Fact,
    author_fact,
    braced,
    doi_fact,
    latex_text,
    month_fact,
    present,
)
from belharbi_bib.enrichment.matching import title_words
from belharbi_bib.enrichment.works import Work

if TYPE_CHECKING:
    from belharbi_bib.enrichment.client import HttpClient

BATCH_SIZE = 100
"""Most ids per ``id_list`` request."""
SEARCH_RESULTS = 5
"""Hits asked for by a title search."""
SEARCH_WORDS = 16
"""Most title words put in a search query."""
ID_TTL = timedelta(days=30)
SEARCH_TTL = timedelta(days=7)


def batches(ids: Iterable[str], size: int = BATCH_SIZE) -> list[tuple[str, ...]]:
    """Return the distinct ids, sorted, in batches of at most ``size``.

    >>> batches(["2", "1", "2", "3"], size=2)
    [('1', '2'), ('3',)]
    """
    unique = sorted(set(ids))
    return [tuple(unique[i : i + size]) for i in range(0, len(unique), size)]


def id_params(batch: Sequence[str]) -> dict[str, str]:
    """Return the query of one id lookup: ``id_list`` with ``max_results`` set to match.

    >>> id_params(["1605.08386", "math/0601001"])
    {'id_list': '1605.08386,math/0601001', 'start': '0', 'max_results': '2'}
    """
    return {"id_list": ",".join(batch), "start": "0", "max_results": str(len(batch))}


def search_params(title: str) -> dict[str, str] | None:
    """Return the query of a title search (``ti:"..."`` phrase), or None for too short a title.

    >>> search_params("Deep {CAM}: Learning to localize")["search_query"]
    'ti:"deep cam learning to localize"'
    >>> search_params("A") is None
    True
    """
    words = title_words(title)[:SEARCH_WORDS]
    if len(words) < 2:
        return None
    phrase = " ".join(words)
    return {"search_query": f'ti:"{phrase}"', "start": "0", "max_results": str(SEARCH_RESULTS)}


def fetch_batch(
    client: HttpClient, endpoint: str, batch: Sequence[str]
) -> tuple[dict[str, ArxivEntry], str]:
    """Look up a batch of ids; return the entries by id (no version) and the request URL.

    Entries are mapped back by the id each one carries, never by position: an id arXiv does
    not know is simply absent.

    Raises:
        NetError: The request failed.
        FeedError: The answer is not a feed, or is an error feed.
    """
    reply = client.get(endpoint, id_params(batch), ttl=ID_TTL)
    feed = _feed(reply.body, reply.status)
    wanted = set(batch)
    return {e.id.id: e for e in feed.entries if e.id.id in wanted}, reply.url


def search(client: HttpClient, endpoint: str, title: str) -> tuple[tuple[ArxivEntry, ...], str]:
    """Search arXiv for a title; return the hits and the request URL.

    Raises:
        NetError: The request failed.
        FeedError: The answer is not a feed, or is an error feed.
    """
    params = search_params(title)
    if params is None:
        return (), ""
    reply = client.get(endpoint, params, ttl=SEARCH_TTL)
    return _feed(reply.body, reply.status).entries, reply.url


def _feed(body: bytes, status: int) -> ArxivFeed:
    if status != 200:
        raise FeedError(f"HTTP {status}")
    feed = parse_feed(body)
    if feed.error is not None:
        raise FeedError(f"arXiv says: {feed.error}")
    return feed


def evidence(entry: ArxivEntry, url: str, score: float = 1.0) -> Evidence:
    """Return what an arXiv entry says, as field values.

    The year and month of first submission are offered to preprints only; a DOI is offered
    unless it is a preprint server's.
    """
    facts = present(
        (
            Fact("title", braced(latex_text(entry.title))),
            author_fact(entry.authors),
            Fact("year", braced(str(entry.year)), True) if entry.year else None,
            month_fact(entry.month, preprint_only=True),
            Fact("eprint", braced(entry.id.id)),
            Fact("archiveprefix", "{arXiv}"),
            Fact("primaryclass", braced(entry.primary_class)) if entry.primary_class else None,
            doi_fact(entry.doi),
        )
    )
    return Evidence(
        source="arxiv",
        url=url,
        score=score,
        facts=facts,
        label=f"arXiv:{entry.id.id}",
        title=entry.title,
        authors=entry.authors,
    )


AUTHOR_RESULTS = 300
"""Most entries asked for by an author query (one request)."""


def author_search(
    client: HttpClient, endpoint: str, query: str
) -> tuple[tuple[ArxivEntry, ...], str]:
    """Run an author query (``au:…``, as configured); return the entries and the request URL.

    Raises:
        NetError: The request failed.
        FeedError: The answer is not a feed, or is an error feed.
    """
    params = {
        "search_query": query,
        "start": "0",
        "max_results": str(AUTHOR_RESULTS),
        "sortBy": "submittedDate",
        "sortOrder": "descending",
    }
    reply = client.get(endpoint, params, ttl=SEARCH_TTL)
    return _feed(reply.body, reply.status).entries, reply.url


def lookup(client: HttpClient, endpoint: str, ident: str) -> tuple[ArxivEntry | None, str]:
    """Look up one id; return its entry (None when arXiv has none) and the request URL.

    Raises:
        NetError: The request failed.
        FeedError: The answer is not a feed, or is an error feed.
    """
    entries, url = fetch_batch(client, endpoint, [ident])
    return entries.get(ident), url


def as_work(entry: ArxivEntry, url: str) -> Work:
    """Return an arXiv entry as a work (a preprint, with the DOI its authors declared)."""
    return Work(
        source="arxiv",
        url=url,
        label=f"arXiv:{entry.id.id}",
        title=entry.title,
        authors=entry.authors,
        year=entry.year,
        month=entry.month,
        doi=entry.doi or "",
        arxiv=entry.id.id,
        primary_class=entry.primary_class or "",
        notes=(f"arXiv journal reference: {entry.journal_ref}",) if entry.journal_ref else (),
    )
