"""A formatted reference list as one document in an output format (text, HTML, Markdown ...).

Entries arrive as marked text (see :mod:`.marked`); here they are escaped and marked up for
the format, given their label, their links (``--link``) and the list's frame. Pure.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from belharbi_bib.markup import Markup, markup_for
from belharbi_bib.model import Link, Record
from belharbi_bib.render import marked
from belharbi_bib.render.bibliography import Entry

_LIST_START = {
    "markdown": re.compile(r"^(\d+)([.)])"),
    "rst": re.compile(r"^(\d+)([.)])"),
}
_BULLET = re.compile(r"^([-+*=#>|])")


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
    lines = [_entry(entry, markup, records or {}, link) for entry in entries]
    if fmt == "html":
        body = "\n".join(lines)
        return f'<div class="references csl-bib-body">\n{body}\n</div>\n' if lines else ""
    if fmt == "latex":
        return "".join(f"{line}\n\n" for line in lines)
    return "\n\n".join(lines) + "\n" if lines else ""


def _entry(entry: Entry, markup: Markup, records: dict[str, Record], link: bool) -> str:
    body = marked.to_format(entry.body, markup, link_urls=link)
    label = marked.to_format(entry.label, markup) if entry.label else ""
    extra = ""
    record = records.get(entry.key)
    if link and record is not None:
        links = [markup.link(markup.text(x.label), x.url) for x in work_links(record)]
        links = [x for x in links if x]
        if links:
            extra = " " + " ".join(_bracketed(x, markup) for x in links)
    if markup.name == "html":
        ident = html.escape(f"ref-{entry.key}", quote=True)
        if label:
            return (
                f'  <div id="{ident}" class="csl-entry">'
                f'<span class="csl-left-margin">{label}</span>'
                f'<span class="csl-right-inline">{body}{extra}</span></div>'
            )
        return f'  <div id="{ident}" class="csl-entry">{body}{extra}</div>'
    text = f"{label} {body}{extra}" if label else f"{body}{extra}"
    if markup.name == "latex":
        return text
    return _safe_start(text, markup.name)


def _bracketed(link: str, markup: Markup) -> str:
    if markup.name in ("markdown", "rst", "html"):
        return link
    if markup.name == "latex":
        return f"[{link}]"
    return f"[{link}]"


def _safe_start(text: str, fmt: str) -> str:
    r"""Escape what would start a list, heading or quote at the start of a paragraph.

    >>> _safe_start("1. Doe J.", "markdown"), _safe_start("---. Title", "rst")
    ('1\\. Doe J.', '\\---. Title')
    """
    pattern = _LIST_START.get(fmt)
    if pattern is not None:
        text = pattern.sub(r"\1\\\2", text, count=1)
        text = _BULLET.sub(r"\\\1", text, count=1)
    return text
