"""The CV as one self-contained web page: filters by year and kind, search, BibTeX toggles.

The page needs no network: its CSS and JavaScript are inline, and a Content-Security-Policy
forbids loading anything. Every work is an ``<li>`` carrying ``data-year``, ``data-kind`` and a
folded ``data-search`` text; its "BibTeX" ``<button>`` (``aria-expanded``) shows the work's clean
BibTeX with a copy button.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any

from belharbi_bib.curriculum.bibtex_entry import clean_bibtex
from belharbi_bib.curriculum.items import (
    Item,
    authors_sentence,
    format_links,
    plain_text,
    quoted_title,
)
from belharbi_bib.curriculum.jinja import render_template, trusted
from belharbi_bib.curriculum.sections import GROUPS, group_order
from belharbi_bib.markup import markup_for

if TYPE_CHECKING:
    from belharbi_bib.curriculum.sections import Cv
    from belharbi_bib.markup import Markup


def fold_search(text: str) -> str:
    """Fold text the way the page's script folds a query: no accents, lower case, one space.

    >>> fold_search("  Hérault  GONZÁLEZ ")
    'herault gonzalez'
    """
    plain = unicodedata.normalize("NFD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.lower().split())


def render_html(cv: Cv) -> str:
    """Return the CV as a complete, self-contained HTML page."""
    markup = markup_for("html")
    sections = [
        {
            "id": section.id,
            "title": section.title,
            "count": len(section.items),
            "items": [_item_view(item, cv, markup) for item in section.items],
        }
        for section in cv.sections
    ]
    years = sorted({item.year for item in cv.items if item.year}, reverse=True)
    present = {_group_id(item) for item in cv.items}
    kinds = [g for g in group_order(cv.options.kinds) if g.id in present]
    return render_template(
        "page.html.j2",
        title=cv.options.heading,
        summary=cv.summary(),
        total=cv.total,
        years=years,
        kinds=kinds,
        sections=sections,
        owner=trusted(markup.strong(markup.text(cv.options.owner.display()))),
    )


def _group_id(item: Item) -> str:

    return next(g.id for g in GROUPS if item.kind in g.kinds)


def _search_text(item: Item) -> str:
    people = " ".join(plain_text(p.display()) for p in item.record.authors)
    words = [item.label, item.title, people, item.venue_short, item.venue_full, item.details]
    words.extend([str(item.year or ""), item.status or "", item.key])
    return fold_search(" ".join(words))


def _item_view(item: Item, cv: Cv, markup: Markup) -> dict[str, Any]:
    venue = markup.text(item.venue_short)
    if item.venue_full and item.venue_full != item.venue_short:
        venue = f'<abbr title="{markup.text(item.venue_full)}">{venue}</abbr>'
    rest = item.venue_year[len(item.venue_short) :]
    authors = authors_sentence(item, markup, keep=keep_together)
    return {
        "number": item.number,
        "label": item.label,
        "year": str(item.year or ""),
        "kind": _group_id(item),
        "search": _search_text(item),
        "venue": trusted(venue + markup.text(rest)),
        "status": item.status or "",
        "title": trusted(quoted_title(item, markup, "“", "”")),
        "venue_end": "," if item.title else ".",
        "authors": trusted(authors),
        "links": [trusted(link) for link in format_links(item, markup)],
        "bibtex": clean_bibtex(item.record, cv.venues),
        "key": item.key,
    }


def keep_together(name: str) -> str:
    """Return a name (already HTML) in a ``nowrap`` span: never broken across lines.

    >>> keep_together("<strong>Soufiane Belharbi</strong>")
    '<span class="name"><strong>Soufiane Belharbi</strong></span>'
    """
    return f'<span class="name">{name}</span>'
