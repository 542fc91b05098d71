"""Formatted reference lists: CSL styles through citeproc-py, BibTeX styles through pybtex.

::

    import belharbi_bib
    from belharbi_bib.render import format

    text = format(belharbi_bib.load(), style="ieee", to="html", venues=belharbi_bib.load_venues())

The output formats are ``text``, ``html``, ``markdown``, ``latex`` and ``rst``; everything that
comes from the data is escaped for the format. The same input always gives the same bytes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from belharbi_bib.problems import Problem

if TYPE_CHECKING:
    from belharbi_bib.model import Library, Record
    from belharbi_bib.venues import VenueRegistry

__all__ = ["SORTS", "Formatted", "format", "format_list"]

SORTS: tuple[str, ...] = ("date", "author", "title")
"""Orders ``sort=`` accepts; without one, the style's own order (or the input order) is kept."""


@dataclass(frozen=True, slots=True)
class Formatted:
    """A formatted list and what went wrong while making it.

    Attributes:
        text: The document.
        problems: Warnings (``render.style-warning``, ``render.missing-field`` ...).
    """

    text: str
    problems: tuple[Problem, ...] = ()


def format(
    works: Library | Iterable[Record],
    *,
    style: str = "apa",
    to: str = "text",
    sort: str | None = None,
    link: bool = False,
    venues: VenueRegistry | None = None,
    locale: str | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
) -> str:
    """Return works as a formatted reference list.

    Args:
        works: A library or records.
        style: A bundled style name or alias (``apa``, ``ieee``, ``mla``, ``plain`` ...) or the
            path of a ``.csl`` file.
        to: ``text``, ``html``, ``markdown``, ``latex`` or ``rst``.
        sort: ``date`` (newest first), ``author`` or ``title``; None keeps the style's order
            (its own sort, else the order of ``works``).
        link: Link URLs in entries and add DOI, arXiv and code links.
        venues: The venue registry (kinds of works, short venue names).
        locale: A CSL locale such as ``en-GB`` (default: the style's).
        cache_dir: A directory for the render cache (None: no cache).

    Raises:
        belharbi_bib.render.styles.StyleNotFound: The style is unknown.
        ValueError: Unknown format or sort order, or a style file that is not CSL.
    """
    return format_list(
        works,
        style=style,
        to=to,
        sort=sort,
        link=link,
        venues=venues,
        locale=locale,
        cache_dir=cache_dir,
    ).text


def format_list(
    works: Library | Iterable[Record],
    *,
    style: str = "apa",
    to: str = "text",
    sort: str | None = None,
    link: bool = False,
    venues: VenueRegistry | None = None,
    locale: str | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
) -> Formatted:
    """Like :func:`format`, but also return the problems met (see :class:`Formatted`)."""
    from belharbi_bib.markup import FORMATS
    from belharbi_bib.render.document import render_document
    from belharbi_bib.render.styles import CSL, resolve
    from belharbi_bib.select import sort_records

    if to not in FORMATS:
        raise ValueError(f"unknown output format {to!r} (choose from {', '.join(FORMATS)})")
    if sort is not None and sort not in SORTS:
        raise ValueError(f"unknown sort order {sort!r} (choose from {', '.join(SORTS)})")
    chosen = resolve(style)
    records = tuple(works)
    if sort is not None:
        records = sort_records(records, sort)
    by_key = {record.key: record for record in records}
    if chosen.engine == CSL:
        from belharbi_bib.render.bibliography import csl_entries
        from belharbi_bib.render.csljson import to_csl_items

        entries, problems = csl_entries(
            to_csl_items(records, venues),
            chosen,
            locale=locale,
            keep_order=sort is not None,
            cache_dir=cache_dir,
        )
    else:
        entries, problems = _pybtex_entries(records, chosen.name, sort is not None)
    text = render_document(entries, to, records=by_key, link=link)
    return Formatted(text, tuple(_located(problem, by_key) for problem in problems))


def _located(problem: Problem, records: dict[str, Record]) -> Problem:
    """Give a problem about one entry the file and line of that entry."""
    import dataclasses

    record = records.get(problem.key) if problem.key is not None else None
    if record is None or problem.path is not None:
        return problem
    return dataclasses.replace(problem, path=record.path, line=record.line)


def _pybtex_entries(
    records: tuple[Record, ...], style: str, keep_order: bool
) -> tuple[list[Entry], list[Problem]]:
    from belharbi_bib.render.bibliography import Entry
    from belharbi_bib.render.bibtexstyle import format_entries

    formatted, problems = format_entries(records, style, keep_order=keep_order)
    return [Entry(e.key, f"[{e.label}]", e.body) for e in formatted], problems


if TYPE_CHECKING:
    from belharbi_bib.render.bibliography import Entry
