"""belharbi_bib :class:`Library` <-> ``bibtexparser.Library`` (v2), for scripts using both.

The only module that imports bibtexparser. Reading never goes through it (our grammar is in
``bibtex.scanner``); this is a conversion for scripts that already hold a bibtexparser library
or want to hand ours to code written for bibtexparser.

Our values cross as written, with their delimiters (``{...}``, ``"..."``, digits, macros
joined by ``#``), marked ``no-enclosing`` so that bibtexparser's writer adds nothing. Coming
back, the delimiters bibtexparser's default ``RemoveEnclosingMiddleware`` took away are put
back from the metadata it leaves; values without that metadata are taken as written when they
are valid BibTeX values, else as text (see :func:`from_bibtexparser`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from belharbi_bib import values
from belharbi_bib.bibtex.reader import MARKER, convert_raw
from belharbi_bib.bibtex.scanner import (
    COMMENT,
    ENTRY,
    FAILED,
    IMPLICIT,
    PREAMBLE,
    STRING,
    Note,
    RawBlock,
    RawField,
)
from belharbi_bib.model import Comment, Library, Preamble, Record, StringDef

if TYPE_CHECKING:
    from bibtexparser.library import Library as BibtexparserLibrary


def to_bibtexparser(library: Library) -> BibtexparserLibrary:
    """Return a ``bibtexparser.Library`` holding every block of ``library``, in order.

    Records become entries (raw values, duplicate keys too: bibtexparser then lists the later
    ones among its failed blocks, as its own parser does), ``@string``, ``@preamble`` and
    comments their bibtexparser counterparts, and blocks we could not parse failed blocks.

    >>> from belharbi_bib.bibtex.reader import parse_string
    >>> bp = to_bibtexparser(parse_string("@misc{k, title = {A}, year = 2020}"))
    >>> [(e.key, e["title"], e["year"]) for e in bp.entries]
    [('k', '{A}', '2020')]
    """
    from bibtexparser import model as bp
    from bibtexparser.library import Library as BibtexparserLibrary

    blocks: list[Any] = []
    for block in library.blocks:
        line = block.line - 1 if block.line is not None else None
        if isinstance(block, Record):
            fields = [
                bp.Field(item.name, item.raw, item.line - 1 if item.line else None, _AS_IS)
                for item in block.fields
            ]
            blocks.append(bp.Entry(block.entry_type, block.key, fields, line))
        elif isinstance(block, StringDef):
            blocks.append(bp.String(block.name, block.raw, line, enclosing=_AS_IS))
        elif isinstance(block, Preamble):
            blocks.append(bp.Preamble(block.raw, line))
        elif isinstance(block, Comment):
            kind = bp.ExplicitComment if block.explicit else bp.ImplicitComment
            blocks.append(kind(block.text, line))
        else:
            error = ValueError(block.reason)
            blocks.append(bp.ParsingFailedBlock(error, line, block.raw))
    converted = BibtexparserLibrary()
    converted.add(blocks, fail_on_duplicate_key=False)
    return converted


def from_bibtexparser(
    library: BibtexparserLibrary, path: str | None = None, *, enclosed: bool | None = None
) -> Library:
    """Return our library for a ``bibtexparser.Library``, with the reader's rules applied.

    Macros expand from their position on, duplicate keys stay records (flagged), bad keys,
    values and name lists become problems, exactly as when reading text.

    Args:
        library: What bibtexparser read or built.
        path: The file it came from, for problems.
        enclosed: True when every value keeps its delimiters (parsed with an empty
            ``parse_stack``); False when every value is text, to be put in braces; None
            (the default) to decide per value from ``RemoveEnclosingMiddleware``'s metadata,
            else from whether the value is a valid BibTeX value.

    >>> import bibtexparser
    >>> ours = from_bibtexparser(bibtexparser.parse_string("@misc{k, title = {A}}"))
    >>> [(r.key, r.title) for r in ours]
    [('k', 'A')]
    """
    from bibtexparser import model as bp

    raw: list[RawBlock] = []
    notes: list[Note] = []
    for found in library.blocks:
        block = found
        if isinstance(found, bp.DuplicateBlockKeyBlock) and found.ignore_error_block is not None:
            block = found.ignore_error_block
        line = block.start_line + 1 if block.start_line is not None else 0
        if isinstance(block, bp.Entry):
            removed = block.parser_metadata.get(_REMOVED) or {}
            fields: list[RawField] = [
                (
                    item.key,
                    _raw(item.value, enclosed, removed.get(item.key), item.enclosing),
                    _line(item.start_line, line),
                    False,
                )
                for item in block.fields
            ]
            raw.append(RawBlock(ENTRY, line, 0, 0, block.key, block.entry_type, tuple(fields)))
        elif isinstance(block, bp.String):
            removed_here = block.parser_metadata.get(_REMOVED)
            value = _raw(block.value, enclosed, removed_here, block.enclosing)
            raw.append(RawBlock(STRING, line, 0, 0, block.key, value=value))
        elif isinstance(block, bp.Preamble):
            value = _raw(block.value, enclosed, None, None)
            raw.append(RawBlock(PREAMBLE, line, 0, 0, value=value))
        elif isinstance(block, bp.ExplicitComment):
            if not str(block.comment).startswith(MARKER):
                raw.append(RawBlock(COMMENT, line, 0, 0, value=str(block.comment)))
        elif isinstance(block, bp.ImplicitComment):
            raw.append(RawBlock(IMPLICIT, line, 0, 0, value=str(block.comment)))
        elif isinstance(block, bp.ParsingFailedBlock):
            reason = str(block.error) or "bibtexparser could not parse this block"
            raw.append(RawBlock(FAILED, line, 0, 0, value=block.raw or "", reason=reason))
            notes.append(Note("bib.syntax", f"{reason}; kept verbatim", line))
    return convert_raw(raw, path, notes)


_AS_IS = "no-enclosing"
"""bibtexparser's mark for a value its writer must not put in delimiters."""

_REMOVED = "removed_enclosing"
"""Where ``RemoveEnclosingMiddleware`` notes the delimiters it removed."""


def _raw(value: object, enclosed: bool | None, removed: object, demand: object) -> str:
    """Return a bibtexparser value as a raw BibTeX value (see :func:`from_bibtexparser`).

    >>> _raw("A {B}", None, "{", None), _raw("jan", None, None, "no-enclosing")
    ('{A {B}}', 'jan')
    >>> _raw("{x} # y", None, None, None), _raw("plain text", None, None, None)
    ('{x} # y', '{plain text}')
    """
    text = str(value)
    if enclosed is None:
        if removed in ("{", '"'):
            return values.braced(text)
        if demand == _AS_IS or removed is not None:
            return text
        enclosed = values.parse(text) is not None
    return text if enclosed and text.strip() else values.braced(text)


def _line(start: int | None, fallback: int) -> int:
    return start + 1 if start is not None else fallback
