"""The CV as JSON Resume: a ``publications`` array that validates against the JSON Resume schema.

Each work becomes ``{"name", "publisher", "releaseDate", "url", "summary"}``: the title, the
venue's full name, ``YYYY`` or ``YYYY-MM``, the work's main link, and a one-line summary
(authors; venue and year; status). ``basics.name`` is the owner.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING
from urllib.parse import quote

from belharbi_bib.curriculum.items import Item, ending, format_authors
from belharbi_bib.markup import markup_for

URI_SAFE = "/:?#[]@!$&'()*+,;=%-._~"
"""Characters kept as they are in URLs; anything else is percent-encoded (RFC 3986)."""

if TYPE_CHECKING:
    from belharbi_bib.curriculum.sections import Cv
    from belharbi_bib.markup import Markup


def render_jsonresume(cv: Cv) -> str:
    """Return ``{"basics": {"name": ...}, "publications": [...]}`` as indented JSON."""
    markup = markup_for("text")
    document = {
        "basics": {"name": markup.text(cv.options.owner.display())},
        "publications": [publication(item, markup) for item in cv.items],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def release_date(item: Item) -> str | None:
    """Return the ISO 8601 date of a work (``2022`` or ``2022-06``), or None without a year."""
    if item.year is None:
        return None
    return f"{item.year:04d}-{item.month:02d}" if item.month else f"{item.year:04d}"


def publication(item: Item, markup: Markup) -> dict[str, str]:
    """Return one entry of the ``publications`` array (keys with no value are left out)."""
    publisher = item.venue_full
    if item.details:
        publisher = f"{publisher}, {item.details}"
    summary = [f"{item.label}."]
    authors = format_authors(item.authors, markup)
    if authors:
        summary.append(authors + ending(authors))
    venue = item.venue_year + (f" ({item.status})" if item.status else "")
    summary.append(f"{venue}.")
    entry = {
        "name": markup.text(item.title),
        "publisher": markup.text(publisher),
        "releaseDate": release_date(item),
        "url": quote(item.url, safe=URI_SAFE) if item.url else None,
        "summary": markup.text(" ".join(summary)),
    }
    return {key: value for key, value in entry.items() if value}
