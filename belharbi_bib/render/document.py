"""A formatted reference list as one document in an output format (text, HTML, Markdown ...).

Entries arrive as marked text (see :mod:`.marked`); here they are escaped and marked up for
the format, given their label, their links (``--link``) and the list's frame. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence

from belharbi_bib.markup import Markup, markup_for
from belharbi_bib.model import Link, Record
from belharbi_bib.render import marked
from belharbi_bib.render.bibliography import Entry


def work_links(record: Record) -> list[Link]:
    """Return the links ``--link`` adds to an entry: DOI, arXiv, then code repositories.

    >>> from belharbi_bib.model import Field
    >>> r = Record("k", "misc", (Field.of("doi", "10.1/x"), Field.of("code", "https://c")))
    >>> [(link.label, link.url) for link in work_links(r)]
    [('DOI', 'https://doi.org/10.1/x'), ('Code', 'https://c')]
    """
    found: list[Link] = []
    if record.doi:
        found.append(Link("DOI", f"https://doi.org/{record.doi}"))
    if record.arxiv is not None:
        found.append(Link("arXiv", record.arxiv.url))
    found.extend(link for link in record.links if link.label.startswith("Code"))
    return found


def render_document(
    entries: Sequence[Entry],
    fmt: str,
    *,
    records: dict[str, Record] | None = None,
    link: bool = False,
) -> str:
    """Return the entries as a document in ``fmt``, one entry per paragraph (or element).

    Raises:
        ValueError: ``fmt`` is not a known format.
    """
    markup = markup_for(fmt)
    return markup.document([_entry(entry, markup, records or {}, link) for entry in entries])


def _entry(entry: Entry, markup: Markup, records: dict[str, Record], link: bool) -> str:
    body = marked.to_format(entry.body, markup, link_urls=link)
    label = marked.to_format(entry.label, markup) if entry.label else ""
    extra = ""
    record = records.get(entry.key)
    if link and record is not None:
        links = [markup.link(markup.text(x.label), x.url) for x in work_links(record)]
        links = [x for x in links if x]
        if links:
            extra = " " + " ".join(markup.bracket(x) for x in links)
    return markup.entry(entry.key, label, body + extra)
