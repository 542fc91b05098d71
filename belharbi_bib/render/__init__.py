"""Formatted reference lists: CSL styles through citeproc-py, BibTeX styles through pybtex.

::

    import belharbi_bib
    from belharbi_bib.render import format

    text = format(belharbi_bib.load(), style="ieee", to="html", venues=belharbi_bib.load_venues())
    options = FormatOptions(style="ieee", to="html", link=True)   # the same, as one object
    text = format(belharbi_bib.load(), options)                  # a str; text.problems too

The output formats are ``text``, ``html``, ``markdown``, ``latex`` and ``rst``; everything that
comes from the data is escaped for the format. The same input always gives the same bytes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from belharbi_bib.markup import FORMATS
from belharbi_bib.model import Library, Record
from belharbi_bib.problems import Problem, Produced
from belharbi_bib.render.bibliography import Entry, csl_entries
from belharbi_bib.render.bibtexstyle import format_entries
from belharbi_bib.render.csljson import to_csl_items
from belharbi_bib.render.document import BIBTEX_LINK_SOURCES, LINK_SOURCES, render_document
from belharbi_bib.render.styles import CSL, resolve
from belharbi_bib.select import sort_records
from belharbi_bib.structs import dataclass, replace
from belharbi_bib.texmacros import Macro, expand_library, library_macros

if TYPE_CHECKING:
    from belharbi_bib.venues import VenueRegistry

__all__ = ["SORTS", "FormatOptions", "Formatted", "format"]

SORTS: tuple[str, ...] = ("date", "author", "title")
"""Orders ``sort=`` accepts; without one, the style's own order (or the input order) is kept."""


class Formatted(Produced):
    """A formatted list (a ``str``) and, in ``.problems``, what went wrong while making it.

    Problems are warnings such as ``render.style-warning`` or ``render.missing-field``.
    """


@dataclass(frozen=True, slots=True)
class FormatOptions:
    """How to format a reference list.

    Attributes:
        style: A bundled style name or alias (``apa``, ``ieee``, ``mla``, ``plain`` ...) or the
            path of a ``.csl`` or ``.bst`` file.
        to: The output format: ``text``, ``html``, ``markdown``, ``latex`` or ``rst``
            (:data:`belharbi_bib.markup.FORMATS`).
        sort: ``date`` (newest first), ``author`` or ``title``; None keeps the style's order
            (its own sort, else the order of the works).
        link: Link URLs in entries and add DOI, arXiv and code links.
        locale: A CSL locale such as ``en-GB`` (default: the style's).
        cache_dir: A directory for the render cache (None: no cache).

    Raises:
        ValueError: An unknown format or sort order.
    """

    style: str = "apa"
    to: str = "text"
    sort: str | None = None
    link: bool = False
    locale: str | None = None
    cache_dir: str | os.PathLike[str] | None = None

    def __post_init__(self) -> None:
        if self.to not in FORMATS:
            raise ValueError(
                f"unknown output format {self.to!r} (choose from {', '.join(FORMATS)})"
            )
        if self.sort is not None and self.sort not in SORTS:
            raise ValueError(f"unknown sort order {self.sort!r} (choose from {', '.join(SORTS)})")


def format(
    works: Library | Iterable[Record],
    options: FormatOptions | None = None,
    /,
    *,
    venues: VenueRegistry | None = None,
    **changes: Any,
) -> Formatted:
    """Return works as a formatted reference list (a ``str`` with ``.problems``).

    ``format(works, style="ieee", to="html")`` is ``format(works, FormatOptions(style="ieee",
    to="html"))``: keyword arguments are :class:`FormatOptions` fields, replacing those of
    ``options``.

    Args:
        works: A library or records.
        options: How to format (default: :class:`FormatOptions`).
        venues: The venue registry (kinds of works, short venue names).
        **changes: :class:`FormatOptions` fields.

    Raises:
        belharbi_bib.render.styles.StyleNotFound: The style is unknown.
        ValueError: Unknown format or sort order, or a style file that is not CSL.
        TypeError: A keyword that is not a :class:`FormatOptions` field.
    """
    chosen_options = replace(options or FormatOptions(), **changes)
    sort = chosen_options.sort
    chosen = resolve(chosen_options.style)
    as_read: tuple[Record, ...] | None = None
    macros: dict[str, Macro] = {}
    library = works if isinstance(works, Library) else None
    if library is not None:  # its preamble's macros, as LaTeX would run them
        macros = library_macros(library)
        works = expand_library(library, macros)
        if works is not library:  # BibTeX styles sort by the text as written (\noopsort)
            as_read = library.records
    records = tuple(works)
    if sort is not None:
        records = sort_records(records, sort)
    by_key = {record.key: record for record in records}
    if chosen.engine == CSL:
        entries, problems = csl_entries(
            to_csl_items(records, venues),
            chosen,
            locale=chosen_options.locale,
            keep_order=sort is not None,
            cache_dir=chosen_options.cache_dir,
        )
    else:
        strings = library.strings if library is not None else None  # undefined: empty
        entries, problems = _pybtex_entries(
            records, chosen.name, sort is not None, as_read, macros, strings
        )
    text = render_document(
        entries,
        chosen_options.to,
        records=by_key,
        link=chosen_options.link,
        link_sources=LINK_SOURCES if chosen.engine == CSL else BIBTEX_LINK_SOURCES,
    )
    return Formatted(text, tuple(_located(problem, by_key) for problem in problems))


def _located(problem: Problem, records: dict[str, Record]) -> Problem:
    """Give a problem about one entry the file and line of that entry."""
    record = records.get(problem.key) if problem.key is not None else None
    if record is None or problem.path is not None:
        return problem
    return replace(problem, path=record.path, line=record.line)


def _pybtex_entries(
    records: tuple[Record, ...],
    style: str,
    keep_order: bool,
    sort_as: tuple[Record, ...] | None = None,
    macros: dict[str, Macro] | None = None,
    strings: dict[str, str] | None = None,
) -> tuple[list[Entry], list[Problem]]:
    formatted, problems = format_entries(
        records, style, keep_order=keep_order, sort_as=sort_as, macros=macros, strings=strings
    )
    return [Entry(e.key, f"[{e.label}]", e.body) for e in formatted], problems
