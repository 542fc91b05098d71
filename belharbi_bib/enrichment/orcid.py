"""ORCID as a source: a researcher's works from the public API (``/v3.0/{orcid}/works``).

The answer (asked for as JSON) has ``group``: one group per work, each with the work's
``external-ids`` (``external-id-type`` ``doi``, ``arxiv`` …, ``external-id-value``) and one or
more ``work-summary`` records (one per source that deposited the work) with ``title.title.value``,
``type`` (``journal-article``, ``conference-paper``, ``preprint`` …), ``publication-date``
(``year.value``, ``month.value``) and ``journal-title.value``. Summaries name no authors.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from belharbi_bib import patterns
from belharbi_bib.enrichment.works import ShapeError as ShapeError  # the name callers use
from belharbi_bib.enrichment.works import Work, json_objects, year_of
from belharbi_bib.identifiers import clean_doi, find_arxiv, is_valid_doi, parse_arxiv

if TYPE_CHECKING:
    from belharbi_bib.enrichment.client import HttpClient

WORKS_TTL = timedelta(days=7)
ACCEPT = "application/json"
_ORCID = patterns.compile(r"(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])", re.IGNORECASE)

TYPES: dict[str, str] = {
    "journal-article": "article",
    "conference-paper": "inproceedings",
    "book-chapter": "incollection",
    "dissertation-thesis": "phdthesis",
    "dissertation": "phdthesis",
}
"""ORCID work types with their BibTeX entry type (the others are ``misc``)."""


def parse_orcid(text: str) -> str | None:
    """Return the ORCID iD in text (bare or as its URL) when its checksum holds.

    >>> parse_orcid("https://orcid.org/0000-0002-1825-0097"), parse_orcid("0000-0002-1825-0098")
    ('0000-0002-1825-0097', None)
    """
    match = _ORCID.fullmatch(text.strip())
    if match is None:
        return None
    ident = match.group(1).upper()
    digits = ident.replace("-", "")
    total = 0
    for char in digits[:-1]:
        total = (total + int(char)) * 2
    check = (12 - total % 11) % 11
    return ident if digits[-1] == ("X" if check == 10 else str(check)) else None


def fetch_works(client: HttpClient, root: str, orcid: str) -> tuple[Work, ...]:
    """Fetch the public works of a researcher.

    Raises:
        NetError: The request failed.
        ShapeError: The answer is not a works list.
    """
    reply = client.get(f"{root.rstrip('/')}/{orcid}/works", ttl=WORKS_TTL, accept=ACCEPT)
    if not reply.found:
        return ()
    return parse_works(reply.body, reply.url)


def parse_works(data: bytes, url: str) -> tuple[Work, ...]:
    """Parse a works answer: one work per group, from its first summary.

    Raises:
        ShapeError: Not JSON, or no ``group`` list.
    """
    groups = json_objects(data, "group", "an ORCID works list")
    return tuple(work for group in groups if (work := _work(group, url)) is not None)


def _get(data: object, *path: str) -> Any:
    for name in path:
        if not isinstance(data, dict):
            return None
        data = data.get(name)
    return data


def _text(value: object) -> str:
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return " ".join(str(value).split())
    return ""


def _ids(group: dict[str, Any]) -> tuple[str, str]:
    """Return the DOI and the arXiv id among a group's external identifiers."""
    doi = arxiv = ""
    items = _get(group, "external-ids", "external-id")
    for item in items if isinstance(items, list) else []:
        kind = _text(_get(item, "external-id-type")).lower()
        value = _text(_get(item, "external-id-value"))
        if kind == "doi" and not doi and is_valid_doi(clean_doi(value)):
            doi = clean_doi(value)
        elif kind == "arxiv" and not arxiv:
            found = parse_arxiv(value) or find_arxiv(value)
            arxiv = found.id if found else ""
    if doi.lower().startswith("10.48550/arxiv."):
        found = find_arxiv(doi)
        arxiv, doi = (arxiv or (found.id if found else "")), ""
    return doi, arxiv


def _work(group: dict[str, Any], url: str) -> Work | None:
    summaries = _get(group, "work-summary")
    summary = summaries[0] if isinstance(summaries, list) and summaries else None
    if not isinstance(summary, dict):
        return None
    title = _text(_get(summary, "title", "title", "value"))
    if not title:
        return None
    doi, arxiv = _ids(group)
    kind = _text(summary.get("type")).lower()
    month = _text(_get(summary, "publication-date", "month", "value"))
    return Work(
        source="orcid",
        url=url,
        label=f"orcid:{_text(summary.get('put-code')) or title[:30]}",
        title=title,
        entry_type=TYPES.get(kind, "misc"),
        venue=_text(_get(summary, "journal-title", "value")),
        year=year_of(_get(summary, "publication-date", "year", "value")),
        month=int(month) if month.isdigit() and 1 <= int(month) <= 12 else None,
        doi=doi,
        arxiv=arxiv,
        link=_text(_get(summary, "url", "value")),
    )
