"""A formatted reference list as one document in an output format (text, HTML, Markdown ...).

Entries arrive as marked text (see :mod:`.marked`); here they are escaped and marked up for
the format, given their label, their links (``--link``) and the list's frame. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence

from belharbi_bib.links import links_of
from belharbi_bib.markup import Markup, markup_for
from belharbi_bib.model import Record
from belharbi_bib.render import marked
from belharbi_bib.render.bibliography import Entry

LINK_SOURCES = ("doi", "arxiv", "code")
"""The links ``--link`` adds to an entry (see :func:`belharbi_bib.links.links_of`)."""
BIBTEX_LINK_SOURCES = (*LINK_SOURCES, "url")
"""The links ``--link`` adds in BibTeX styles, whose ``.bst`` prints no URL."""


def render_document(
    entries: Sequence[Entry],
    fmt: str,
    *,
    records: dict[str, Record] | None = None,
    link: bool = False,
    link_sources: Sequence[str] = LINK_SOURCES,
) -> str:
    """Return the entries as a document in ``fmt``, one entry per paragraph (or element).

    With ``link``, URLs in the entries become links and each entry gets the links of
    ``link_sources`` (see :func:`belharbi_bib.links.links_of`).

    Raises:
        ValueError: ``fmt`` is not a known format.
    """
    markup = markup_for(fmt)
    found = records or {}
    sources = link_sources if link else ()
    return markup.document([_entry(entry, markup, found, sources) for entry in entries])


def _entry(entry: Entry, markup: Markup, records: dict[str, Record], sources: Sequence[str]) -> str:
    body = marked.to_format(entry.body, markup, link_urls=bool(sources))
    label = marked.to_format(entry.label, markup) if entry.label else ""
    extra = ""
    record = records.get(entry.key)
    if sources and record is not None:
        shown = links_of(record, only=sources)
        links = [markup.link(markup.text(x.label), x.url) for x in shown]
        if links:
            extra = " " + " ".join(markup.bracket(x) for x in links)
    return markup.entry(entry.key, label, body + extra)
