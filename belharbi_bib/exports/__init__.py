"""Export works as a ``.bib`` for LaTeX papers (BibTeX or BibLaTeX dialect) or as CSL-JSON.

>>> from belharbi_bib.model import Field, Record
>>> work = Record("k", "article", (Field.of("title", "A Model"), Field.of("journal", "J"),
...     Field.of("year", "2020"), Field.of("venueid", "j"), Field.of("code", "https://c")))
>>> print(export([work]), end="")
@article{k,
  title = {A Model},
  journal = {J},
  year = {2020},
}

Entries come in input order (the bundled database is newest first), except that an entry
named by another's ``crossref``/``xref``/``xdata`` comes after it, as BibTeX requires.
``@preamble`` blocks come first (each once), then ``@string`` definitions when asked for,
sorted by name. The same input always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from belharbi_bib.model import Library, Record
from belharbi_bib.problems import Problem

if TYPE_CHECKING:
    from belharbi_bib.venues import VenueRegistry

FORMATS: tuple[str, ...] = ("bibtex", "biblatex", "csljson")
"""What ``export(to=...)`` produces."""

VENUE_FORMS: tuple[str, ...] = ("full", "short")
"""How venues are written: as in the database, or ``Proc. WACV``."""


@dataclass(frozen=True, slots=True)
class Exported:
    """The text of an export and the problems met while producing it."""

    text: str
    problems: tuple[Problem, ...] = ()


def export(
    records: Iterable[Record] | Library,
    *,
    to: str = "bibtex",
    venues: VenueRegistry | None = None,
    venue_form: str = "full",
    strings: bool = False,
    abstract: bool = True,
    links: bool = True,
    ascii: bool = False,
    preambles: Sequence[str] | None = None,
    macros: Mapping[str, str] | None = None,
) -> str:
    """Return works as a ``.bib`` in the BibTeX or BibLaTeX dialect, or as CSL-JSON.

    Args:
        records: The works (a :class:`Library` or any records), exported in this order.
        to: ``bibtex``, ``biblatex`` or ``csljson``.
        venues: The venue registry: classifies works (talks, preprints) and gives short names
            and macro names; without it, kinds come from entry types and fields alone.
        venue_form: ``full`` (as in the data) or ``short`` (``Proc. WACV``; needs ``venues``).
        strings: Write venues as ``@string`` macros, one definition each (``.bib`` dialects).
        abstract: Keep abstracts.
        links: Keep ``url`` and ``doi``.
        ascii: Write non-ASCII characters as LaTeX escapes (``.bib`` dialects).
        preambles: ``@preamble`` texts to write first (each once); None: those of ``records``
            when it is a :class:`Library`, else none.
        macros: The ``@string`` macros of the input (lower-case names); a field using a macro
            not among them keeps the reference. None: those of ``records`` when it is a
            :class:`Library`, else every macro is taken as defined.

    Raises:
        ValueError: An unknown ``to`` or ``venue_form``, or ``strings``/``ascii`` with CSL-JSON.
    """
    return export_with_problems(
        records,
        to=to,
        venues=venues,
        venue_form=venue_form,
        strings=strings,
        abstract=abstract,
        links=links,
        ascii=ascii,
        preambles=preambles,
        macros=macros,
    ).text


def export_with_problems(
    records: Iterable[Record] | Library,
    *,
    to: str = "bibtex",
    venues: VenueRegistry | None = None,
    venue_form: str = "full",
    strings: bool = False,
    abstract: bool = True,
    links: bool = True,
    ascii: bool = False,
    preambles: Sequence[str] | None = None,
    macros: Mapping[str, str] | None = None,
) -> Exported:
    """Like :func:`export`, also returning the problems met (e.g. venues without a short name).

    Raises:
        ValueError: As :func:`export`.
    """
    if to not in FORMATS:
        raise ValueError(f"unknown export format {to!r} (choose from {', '.join(FORMATS)})")
    if venue_form not in VENUE_FORMS:
        raise ValueError(f"unknown venue form {venue_form!r} (full or short)")
    if to == "csljson" and (strings or ascii):
        raise ValueError("strings and ascii apply to .bib dialects, not to csljson")
    from belharbi_bib.exports.structure import keep_undefined_macros, preambles_of, writable

    if preambles is None:
        preambles = preambles_of([records]) if isinstance(records, Library) else ()
    if macros is None and isinstance(records, Library):
        macros = records.strings
    works = tuple(records)
    problems: list[Problem] = []
    prepared: list[Record] = []
    for record in works:
        record, unwritable = writable(record)
        problems.extend(unwritable)
        if macros is not None and to != "csljson":
            record = keep_undefined_macros(record, macros)
        if not abstract:
            record = record.without("abstract")
        if not links:
            from belharbi_bib.exports.dialects import LINK_FIELDS

            record = record.without(*LINK_FIELDS)
        if venue_form == "short":
            from belharbi_bib.exports.abbreviations import short_venue

            record, found = short_venue(record, venues)
            problems.extend(found)
        prepared.append(record)
    if to != "csljson":
        from belharbi_bib.exports.structure import without_dangling

        prepared, dangling = without_dangling(prepared)
        problems.extend(dangling)
    if to == "csljson":
        from belharbi_bib.render.csljson import dumps

        return Exported(dumps(prepared, venues), tuple(problems))
    text = _bib_text(prepared, to, venues, strings, ascii, tuple(preambles))
    return Exported(text, tuple(problems))


def _bib_text(
    records: list[Record],
    dialect: str,
    venues: VenueRegistry | None,
    strings: bool,
    ascii: bool,
    preambles: tuple[str, ...] = (),
) -> str:
    from belharbi_bib.bibtex.writer import render_block
    from belharbi_bib.exports.dialects import ascii_entry, biblatex_entry, bibtex_entry
    from belharbi_bib.exports.structure import inline_xdata, parents_last, preamble_blocks
    from belharbi_bib.kinds import kind_of

    if dialect == "bibtex":
        records = inline_xdata(records)
    records = parents_last(records)
    convert = bibtex_entry if dialect == "bibtex" else biblatex_entry
    entries = [convert(record, kind_of(record, venues)) for record in records]
    if ascii:
        entries = [ascii_entry(entry) for entry in entries]
    blocks: list[str] = [render_block(block) for block in preamble_blocks(preambles)]
    if ascii:
        blocks = [_ascii_preamble(block) for block in blocks]
    if strings:
        from belharbi_bib.exports.strings import macroize

        ids = [_venue_id(record, venues) for record in records]
        definitions, macroized = macroize(entries, ids)
        blocks.extend(render_block(d) for d in definitions)
        entries = list(macroized)
    blocks.extend(render_block(entry) for entry in entries)
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _ascii_preamble(block: str) -> str:
    if block.isascii():
        return block
    from belharbi_bib.latex import to_latex

    return to_latex(block)


def _venue_id(record: Record, venues: VenueRegistry | None) -> str | None:
    if venues is not None:
        venue = venues.venue_of(record)
        if venue is not None:
            return venue.id
    return record.venue_id
