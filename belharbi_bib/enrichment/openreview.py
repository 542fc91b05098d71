"""OpenReview as a source: one forum (``/notes?id=``), a profile's works (``content.authorids``).

The API version 2 (``api2.openreview.net``) answers ``{"notes": [...], "count": N}``; each note
has ``id``, ``forum``, ``content`` with every value wrapped as ``{"value": ...}`` (``title``,
``authors``, ``authorids``, ``venue``, ``venueid``, ``_bibtex`` …) and millisecond timestamps
``cdate``/``pdate``/``odate``. Version 1 notes (older venues) hold the values bare; both are
read. Only public notes are served without logging in, which is all this module asks for.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from belharbi_bib import patterns
from belharbi_bib.enrichment.works import ShapeError as ShapeError  # the name callers use
from belharbi_bib.enrichment.works import Work, json_objects

if TYPE_CHECKING:
    from belharbi_bib.enrichment.client import HttpClient

NOTE_TTL = timedelta(days=30)
PROFILE_TTL = timedelta(days=7)
PAGE = 1000
"""Notes asked for per profile request (the API's own maximum)."""

FORUM_URL = "https://openreview.net/forum?id={id}"
_YEAR = patterns.compile(r"\b(19|20)\d{2}\b")
_NOT_PUBLISHED = patterns.compile(r"submitted|withdrawn|rejected|desk", re.IGNORECASE)


def forum_url(note_id: str) -> str:
    """Return the public page of a forum.

    >>> forum_url("FF6XuIyeF6V")
    'https://openreview.net/forum?id=FF6XuIyeF6V'
    """
    return FORUM_URL.format(id=note_id)


def fetch_note(client: HttpClient, root: str, note_id: str) -> Work | None:
    """Fetch the submission note of a forum; None when OpenReview has no such public note.

    Raises:
        NetError: The request failed.
        ShapeError: The answer is not a notes list.
    """
    reply = client.get(f"{root.rstrip('/')}/notes", {"id": note_id}, ttl=NOTE_TTL)
    if not reply.found:
        return None
    works = parse_notes(reply.body, reply.url)
    return next((w for w in works if w.openreview == note_id), works[0] if works else None)


def fetch_profile(client: HttpClient, root: str, profile: str) -> tuple[Work, ...]:
    """Fetch the public notes a profile (``~First_Last1``) is an author of.

    Raises:
        NetError: The request failed.
        ShapeError: The answer is not a notes list.
    """
    params = {"content.authorids": profile, "limit": str(PAGE), "offset": "0"}
    reply = client.get(f"{root.rstrip('/')}/notes", params, ttl=PROFILE_TTL)
    if not reply.found:
        return ()
    return tuple(w for w in parse_notes(reply.body, reply.url) if w.openreview)


def parse_notes(data: bytes, url: str) -> tuple[Work, ...]:
    """Parse a ``/notes`` answer into works (submissions only: replies are skipped).

    Raises:
        ShapeError: Not JSON, or no ``notes`` list.
    """
    notes = json_objects(data, "notes", "an OpenReview notes list")
    return tuple(work for note in notes if (work := _work(note, url)) is not None)


def _value(content: dict[str, Any], name: str) -> Any:
    item = content.get(name)
    return item.get("value") if isinstance(item, dict) else item


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _work(note: dict[str, Any], url: str) -> Work | None:
    content = note.get("content")
    ident, forum = _text(note.get("id")), _text(note.get("forum"))
    if not isinstance(content, dict) or not ident or (forum and forum != ident):
        return None  # a reply (review, comment, decision), not a submission
    title = _text(_value(content, "title"))
    if not title:
        return None
    authors = _value(content, "authors")
    venue = _text(_value(content, "venue"))
    published = venue and not _NOT_PUBLISHED.search(venue)
    return Work(
        source="openreview",
        url=url,
        label=f"openreview:{ident}",
        title=title,
        authors=tuple(a for a in (_text(x) for x in authors) if a)
        if isinstance(authors, list)
        else (),
        entry_type="inproceedings" if published else "misc",
        venue=_venue_name(venue) if published else "",
        year=_year(venue, note),
        openreview=ident,
        link=forum_url(ident),
        notes=(f"OpenReview venue: {venue}",) if venue else (),
    )


def _venue_name(venue: str) -> str:
    """Return the venue without the year and the presentation kind.

    >>> [_venue_name(v) for v in ("ICLR 2024 poster", "MIDL 2022", "CVPR Workshop 2024 Oral")]
    ['ICLR', 'MIDL', 'CVPR Workshop']
    """
    words = venue.split()
    kept = [w for w in words if not _YEAR.fullmatch(w)]
    while kept and kept[-1].lower() in (
        "poster",
        "oral",
        "spotlight",
        "notable",
        "top",
        "5%",
        "25%",
    ):
        kept.pop()
    return " ".join(kept)


def _year(venue: str, note: dict[str, Any]) -> int | None:
    match = _YEAR.search(venue)
    if match:
        return int(match.group(0))
    for name in ("pdate", "odate", "cdate"):
        stamp = note.get(name)
        if isinstance(stamp, int) and not isinstance(stamp, bool) and stamp > 0:
            return datetime.fromtimestamp(stamp / 1000, tz=timezone.utc).year
    return None
