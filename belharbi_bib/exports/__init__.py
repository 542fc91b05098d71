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

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from belharbi_bib.bibtex.writer import render_block
from belharbi_bib.exports.abbreviations import short_venue
from belharbi_bib.exports.dialects import (
    LINK_FIELDS,
    ascii_entry,
    biblatex_entry,
    bibtex_entry,
    date_problems,
    unknown_types,
)
from belharbi_bib.exports.strings import macroize
from belharbi_bib.exports.structure import (
    biblatex_preamble,
    inline_xdata,
    keep_undefined_macros,
    parents_last,
    preamble_blocks,
    preambles_of,
    usable_keys,
    without_dangling,
    writable,
)
from belharbi_bib.kinds import kind_of
from belharbi_bib.latex import to_latex
from belharbi_bib.model import Library, Record
from belharbi_bib.problems import Problem, Produced
from belharbi_bib.render.csljson import dumps
from belharbi_bib.structs import dataclass, replace
from belharbi_bib.texmacros import expand_records, macros_of

if TYPE_CHECKING:
    from belharbi_bib.venues import VenueRegistry

FORMATS: tuple[str, ...] = ("bibtex", "biblatex", "csljson")
"""What ``export(to=...)`` produces."""

VENUE_FORMS: tuple[str, ...] = ("full", "short")
"""How venues are written: as in the database, or ``Proc. WACV``."""


class Exported(Produced):
    """The text of an export (a ``str``) and, in ``.problems``, the problems met producing it."""


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """How to export works.

    Attributes:
        to: ``bibtex``, ``biblatex`` or ``csljson`` (:data:`FORMATS`).
        venue_form: ``full`` (as in the data) or ``short`` (``Proc. WACV``; needs a venue
            registry).
        strings: Write venues as ``@string`` macros, one definition each (``.bib`` dialects).
        abstract: Keep abstracts.
        links: Keep ``url`` and ``doi``.
        ascii: Write non-ASCII characters as LaTeX escapes (``.bib`` dialects).
        preambles: ``@preamble`` texts to write first (each once); None: those of the works
            when they are a :class:`Library`, else none.
        macros: The ``@string`` macros of the input (lower-case names); a field using a macro
            not among them keeps the reference. None: those of the works when they
            are a :class:`Library`, else every macro is taken as defined.

    Raises:
        ValueError: An unknown ``to`` or ``venue_form``, or ``strings``/``ascii`` with CSL-JSON.
    """

    to: str = "bibtex"
    venue_form: str = "full"
    strings: bool = False
    abstract: bool = True
    links: bool = True
    ascii: bool = False
    preambles: tuple[str, ...] | None = None
    macros: Mapping[str, str] | None = None

    def __post_init__(self) -> None:
        if self.to not in FORMATS:
            choices = ", ".join(FORMATS)
            raise ValueError(f"unknown export format {self.to!r} (choose from {choices})")
        if self.venue_form not in VENUE_FORMS:
            raise ValueError(f"unknown venue form {self.venue_form!r} (full or short)")
        if self.to == "csljson" and (self.strings or self.ascii):
            raise ValueError("strings and ascii apply to .bib dialects, not to csljson")


def export(
    records: Iterable[Record] | Library,
    options: ExportOptions | None = None,
    /,
    *,
    venues: VenueRegistry | None = None,
    **changes: Any,
) -> Exported:
    """Return works as a ``.bib`` (BibTeX or BibLaTeX dialect) or as CSL-JSON.

    The result is a ``str`` with ``.problems`` (e.g. venues without a short name).
    ``export(works, to="biblatex")`` is ``export(works, ExportOptions(to="biblatex"))``:
    keyword arguments are :class:`ExportOptions` fields, replacing those of ``options``.

    Args:
        records: The works (a :class:`Library` or any records), exported in this order.
        options: How to export (default: :class:`ExportOptions`).
        venues: The venue registry: classifies works (talks, preprints) and gives short names
            and macro names; without it, kinds come from entry types and fields alone.
        **changes: :class:`ExportOptions` fields.

    Raises:
        ValueError: As :class:`ExportOptions`.
        TypeError: A keyword that is not an :class:`ExportOptions` field.
    """
    chosen = replace(options or ExportOptions(), **changes)
    to, venue_form, strings, ascii = chosen.to, chosen.venue_form, chosen.strings, chosen.ascii
    abstract, links, macros = chosen.abstract, chosen.links, chosen.macros
    preambles = chosen.preambles
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
            record = record.without(*LINK_FIELDS)
        if venue_form == "short":
            record, found = short_venue(record, venues)
            problems.extend(found)
        prepared.append(record)
    if to != "csljson":
        prepared, renamed = usable_keys(prepared, to)
        problems.extend(renamed)
        prepared, dangling = without_dangling(prepared)
        problems.extend(dangling)
        problems.extend(unknown_types(prepared, to))
        if to == "biblatex":
            problems.extend(date_problems(prepared))
    if to == "csljson":  # no LaTeX runs the preambles' macros: they are expanded here
        prepared = expand_records(prepared, macros_of(preambles))
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
    if dialect == "bibtex":
        records = inline_xdata(records)
    records = parents_last(records)
    convert = bibtex_entry if dialect == "bibtex" else biblatex_entry
    entries = [convert(record, kind_of(record, venues)) for record in records]
    if ascii:
        entries = [ascii_entry(entry) for entry in entries]
    if dialect == "biblatex":
        preambles = tuple(biblatex_preamble(text) for text in preambles)
    blocks: list[str] = [render_block(block) for block in preamble_blocks(preambles)]
    if ascii:
        blocks = [_ascii_preamble(block) for block in blocks]
    if strings:
        ids = [_venue_id(record, venues) for record in records]
        definitions, macroized = macroize(entries, ids)
        blocks.extend(render_block(d) for d in definitions)
        entries = list(macroized)
    blocks.extend(render_block(entry) for entry in entries)
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _ascii_preamble(block: str) -> str:
    if block.isascii():
        return block
    return to_latex(block)


def _venue_id(record: Record, venues: VenueRegistry | None) -> str | None:
    if venues is not None:
        venue = venues.venue_of(record)
        if venue is not None:
            return venue.id
    return record.venue_id
