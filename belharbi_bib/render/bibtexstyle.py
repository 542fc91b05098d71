"""The one pybtex adapter: BibTeX's plain, unsrt, alpha and unsrtalpha via pybtex's styles.

pybtex styles turn entries into format-independent rich text; a small backend of ours renders
that rich text into marked text (see :mod:`.marked`), so the escaping and markup of every output
format are the same as for CSL styles. Entries a style cannot format (a required field missing,
an entry type it does not know) are formatted as ``misc`` and reported, never raised.

pybtex reads a field's braces and accents but prints every other LaTeX macro as text
(``\\emph Deep``, ``\\mbox G-Animal's``, ``$O(n \\log n)$``): a value holding macros or math
is handed to it converted as for CSL styles (:func:`~.csljson.rich_parts`), Unicode with its
protected parts in braces (pybtex's case changes keep them) and its formatting as sentinels.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any

from belharbi_bib import texmacros, values
from belharbi_bib.model import Record
from belharbi_bib.names import OTHERS
from belharbi_bib.names import Person as PersonName
from belharbi_bib.problems import Problem, Severity
from belharbi_bib.render import marked
from belharbi_bib.render.bibtexlabel import calc_label, display_label, with_suffixes
from belharbi_bib.render.bibtexsort import (
    as_bibtex_reads,
    crossref_parents,
    parent_of,
    people_of,
    presort_key,
)
from belharbi_bib.render.csljson import RICH, group_end, macro_end, math_end, rich_parts
from belharbi_bib.structs import dataclass
from belharbi_bib.texmacros import CONTROL_SEQUENCE, Macro
from belharbi_bib.verbatim import is_verbatim

_TYPES = {
    "article", "book", "booklet", "inbook", "incollection", "inproceedings", "manual",
    "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished",
}  # fmt: skip
"""Entry types pybtex's styles know; others are formatted as ``misc``."""

_ALIASES = {"conference": "inproceedings", "thesis": "phdthesis", "report": "techreport"}

_SKIPPED = {"author", "editor", "abstract", "keywords", "ids", "file"}


@dataclass(frozen=True, slots=True)
class PybtexEntry:
    """One formatted entry.

    Attributes:
        key: The citation key.
        label: ``1``, ``2`` ... or ``Bel22a`` (alpha styles).
        body: The entry as marked text.
    """

    key: str
    label: str
    body: str


def format_entries(
    records: Sequence[Record],
    style_name: str,
    *,
    keep_order: bool = False,
    sort_as: Sequence[Record] | None = None,
    macros: Mapping[str, Macro] | None = None,
    strings: Mapping[str, str] | None = None,
) -> tuple[list[PybtexEntry], list[Problem]]:
    """Format records with a pybtex style, in the style's order (or theirs with ``keep_order``).

    Args:
        records: The works.
        style_name: ``plain``, ``unsrt``, ``alpha`` or ``unsrtalpha``.
        keep_order: Keep the order of ``records`` instead of the style's sorting.
        sort_as: What the style sorts by, one record for each of ``records`` (the works as
            read, when ``records`` have their preamble's macros expanded: BibTeX sorts
            ``{\\noopsort{1973b}}1973`` as 1973b); None: ``records`` themselves.
        macros: The macros of the file's ``@preamble``, expanded in ``alpha`` labels (which
            are made from ``sort_as``, as BibTeX makes them) when they are printed.
        strings: The file's ``@string`` macros: an undefined one is empty in the order and
            labels, as BibTeX reads it (it keeps its name in the printed entry); None: as read.
    """
    from pybtex.database import BibliographyData
    from pybtex.plugin import find_plugin
    from pybtex.style.template import FieldIsMissing

    problems: list[Problem] = []
    parents = crossref_parents(records)
    first = _first_of(records)  # a key given twice is its first entry, as BibTeX reads it
    entries = {key: _entry(record, parents) for key, record in first.items()}
    style = find_plugin("pybtex.style.formatting", style_name)()
    data = BibliographyData(entries=entries)
    read_parents, read, record_of = parents, data, first
    if sort_as is not None or strings is not None:  # order and labels as BibTeX makes them,
        read_records = sort_as if sort_as is not None else records  # from the text as written
        if strings is not None:
            read_records = as_bibtex_reads(read_records, strings)
        read_parents = crossref_parents(read_records)
        record_of = _first_of(read_records)
        read = BibliographyData(
            entries={key: _entry(record, read_parents) for key, record in record_of.items()}
        )
    alpha = style_name in _ALPHA
    sort_labels = (
        {key: calc_label(record, read_parents) for key, record in record_of.items()}
        if alpha
        else {}
    )
    if keep_order:
        read_ordered = list(read.entries.values())
    elif style_name in _PRESORTED:
        read_ordered = sorted(
            read.entries.values(),
            key=lambda entry: presort_key(
                record_of[entry.key], read_parents, sort_labels[entry.key][1] if alpha else None
            ),
        )
    else:
        read_ordered = list(style.sort(read.entries.values()))
    read_ordered = [entry for entry in read_ordered if entry.key in data.entries]
    if alpha:  # alpha.bst's labels, not pybtex's (see .bibtexlabel)
        labels = [
            display_label(label, texmacros.expand(label, macros) if macros else None)
            for label in with_suffixes([sort_labels[entry.key] for entry in read_ordered])
        ]
    else:
        labels = [str(label) for label in style.format_labels(read_ordered)]
    ordered = [data.entries[entry.key] for entry in read_ordered]
    # pybtex's format_entries, one entry at a time: an entry the style cannot format is made
    # misc and formatted again on its own (restarting the whole list was quadratic: 200 s on a
    # 6,000-entry file whose entries miss required fields)
    formatted = []
    for label, entry in zip(labels, ordered, strict=True):
        try:
            formatted.append(style.format_entry(label, entry, bib_data=data))
        except FieldIsMissing as exc:
            record = first[entry.key]
            problems.append(
                Problem(
                    "render.missing-field",
                    f"{style_name}: {exc.field_name} is missing; formatted as misc",
                    Severity.WARNING,
                    record.path,
                    record.line,
                    entry.key,
                )
            )
            misc = _entry(record, parents, force_type="misc")
            misc.key = entry.key
            formatted.append(style.format_entry(label, misc, bib_data=data))
    backend = _backend()
    return [
        PybtexEntry(entry.key, str(entry.label), entry.text.render(backend)) for entry in formatted
    ], problems


def _first_of(records: Sequence[Record]) -> dict[str, Record]:
    """Return the first record of each key, in the order of first appearance."""
    found: dict[str, Record] = {}
    for record in records:
        found.setdefault(record.key, record)
    return found


_PRESORTED = ("plain", "alpha")
"""The styles whose ``.bst`` sorts with ``presort`` (see :mod:`.bibtexsort`)."""
_ALPHA = ("alpha", "unsrtalpha")
"""The styles whose labels ``alpha.bst`` makes (see :mod:`.bibtexlabel`)."""


def _entry(record: Record, parents: dict[str, Record], force_type: str | None = None) -> Any:
    from pybtex.database import Entry

    entry_type = force_type or _ALIASES.get(record.entry_type, record.entry_type)
    if entry_type not in _TYPES:
        entry_type = "misc"
    fields: dict[str, str] = {}
    parent = parent_of(record, parents)
    # BibTeX gives a child each field it lacks from its crossref parent (one level). pybtex
    # would look fields up itself, but not for labels and names, and endlessly in a cycle
    # (RecursionError): it gets them here, and no crossref field
    for item in (*record.fields, *(parent.fields if parent is not None else ())):
        if item.name in _SKIPPED or item.name in fields or item.name == "crossref":
            continue
        value = marked.strip_sentinels(item.value)
        if item.name == "howpublished" and entry_type != "misc":
            continue
        text = value if is_verbatim(item.name) else pybtex_text(value)
        fields[item.name] = title_case_kept(text) if item.name == "title" else text
    if entry_type == "misc" and record.entry_type not in ("misc",):
        venue = record.venue_name
        if venue and "howpublished" not in fields:
            fields["howpublished"] = pybtex_text(venue)
        if record.entry_type == "patent" and "howpublished" not in fields:
            number = " ".join(filter(None, (record.field("type"), record.field("number"))))
            if number:
                fields["howpublished"] = pybtex_text(number)
    persons: dict[str, list[Any]] = {}
    for role in ("author", "editor"):
        people = people_of(record, parents, role)
        if people:
            persons[role] = [_person(p) for p in people]
    return Entry(entry_type, fields=list(fields.items()), persons=persons)


def _person(person: PersonName) -> Any:
    from pybtex.database import Person

    if person == OTHERS:
        return Person("others")
    written = marked.strip_sentinels(person.bibtex())
    if not _NEEDS_CONVERSION.search(written):
        return Person(written)
    parts = (person.first, person.von, person.last, person.jr)
    first, von, last, jr = (pybtex_text(part) if part else "" for part in parts)
    return Person(first=first, prelast=von, last=last, lineage=jr)


_NEEDS_CONVERSION = re.compile(r"[\\$%]")
"""What pybtex does not read itself: macros other than accents, math, a comment sign."""
_MARKS_OF = {"i": marked.EMPH, "b": marked.STRONG, "sc": marked.SMALLCAPS,
             "sup": marked.SUPERSCRIPT, "sub": marked.SUBSCRIPT, "nocase": ("{", "}")}  # fmt: skip
"""The placeholders of :data:`~.csljson.RICH` as marked text's sentinels (protection: braces)."""
_TO_MARKED = {
    placeholder: mark
    for kind, marks in _MARKS_OF.items()
    for placeholder, mark in zip(RICH[kind], marks, strict=True)
}
_MARKED = str.maketrans(_TO_MARKED)
_SPACES = re.compile(" {2,}")
_NOT_LETTERS = str.maketrans(dict.fromkeys("{} \t\n0123456789", None))


_AFTER_COLON = re.compile(r":\s+")


def title_case_kept(text: str) -> str:
    r"""Protect what BibTeX's ``"t" change.case$`` keeps: the first letter, and one after ": ".

    pybtex's styles capitalize a title (first letter upper case, the rest lower case); BibTeX's
    ``plain.bst`` keeps the first character as written and the first after a colon and white
    space (``TensorFlow: A system``, ``iPhone`` -> ``iphone``). Such a letter outside braces
    is put in braces, which pybtex leaves as written.

    >>> title_case_kept("TensorFlow: A system for {ML}: Scale"), title_case_kept("k-means")
    ('{T}ensorFlow: {A} system for {ML}: {S}cale', '{k}-means')
    """
    cuts = [0] if text[:1].isalpha() else []
    depth = 0
    for index, char in enumerate(text):
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == ":" and depth == 0:
            match = _AFTER_COLON.match(text, index)
            if match and text[match.end() : match.end() + 1].isalpha():
                cuts.append(match.end())
    if not cuts:
        return text
    pieces: list[str] = []
    done = 0
    for cut in cuts:
        pieces += (text[done:cut], "{", text[cut], "}")
        done = cut + 1
    pieces.append(text[done:])
    return "".join(pieces)


def pybtex_text(text: str) -> str:
    r"""Return a field's text as pybtex is to read it (see the module's docstring).

    Text without macros or math is pybtex's to read (sentinels dropped); other text comes
    back as Unicode, protected parts in braces and formatting as marked text's sentinels.

    >>> pybtex_text(r"The {\TeX}book, \mbox{G-Animal's} {CAM} in $O(n)$")
    "The {TeX}book, {G-Animal's} {CAM} in {{O(n)}}"
    >>> pybtex_text(r"\emph{Deep} x") == "{" + marked.EMPH[0] + "Deep" + marked.EMPH[1] + "} x"
    True
    """
    text = marked.strip_sentinels(text)
    if not _NEEDS_CONVERSION.search(text):  # braces pybtex cannot pair would make it raise
        return text if values.is_balanced(text) else text.replace("{", "").replace("}", "")
    pieces = []
    for protected, chunk in bibtex_chunks(text):
        core = chunk.strip()
        converted = "".join(part for _, part in rich_parts(core)) if core else ""
        converted = converted.translate(_SHIELD).translate(_MARKED)
        if protected and converted.strip():
            converted = "{" + converted + "}"
        lead = " " if chunk[:1].isspace() else ""
        trail = " " if chunk[-1:].isspace() and core else ""
        pieces.append(lead + converted + trail)
    joined = _SPACES.sub(" ", "".join(pieces)).strip()
    return _LIGATURE.sub(lambda match: _SHIELDS[match.group()], joined)


def bibtex_chunks(text: str) -> list[tuple[bool, str]]:
    r"""Split a value into (protected, LaTeX) chunks as BibTeX's ``change.case$`` sees them.

    A brace group at the top level keeps its case, and so do a macro's braced arguments
    (``\emph{Deep}``, ``\c{C}``) and math (which BibTeX would change, breaking it); a *special
    character*, a group opening with a backslash (``{\'E}``), changes case but for its control
    sequences, so it keeps its case only when all its letters are theirs (``{\TeX}``). A macro
    without braced arguments stays in the text around it (``\=Pot``).

    >>> for chunk in bibtex_chunks(r"A {DNA} \emph{Deep} {\'E}t{\TeX} \'Ecole $x$."):
    ...     print(chunk)
    (False, 'A ')
    (True, '{DNA}')
    (False, ' ')
    (True, '\\emph{Deep}')
    (False, ' ')
    (False, "{\\'E}")
    (False, 't')
    (True, '{\\TeX}')
    (False, " \\'Ecole ")
    (True, '$x$')
    (False, '.')
    """
    chunks: list[tuple[bool, str]] = []
    start = index = 0
    size = len(text)
    while index < size:
        char = text[index]
        end = -1
        if char == "{":
            end = group_end(text, index)
            if end > 0 and text.startswith("\\", index + 1):
                protected = not CONTROL_SEQUENCE.sub("", text[index:end]).translate(_NOT_LETTERS)
            else:
                protected = True
        elif char == "\\":
            end = macro_end(text, index)
            if text[end - 1 : end] != "}":  # no braced argument: part of the text around it
                index = end
                continue
            protected = True
        elif char == "$":
            close = math_end(text, index)
            end = close + 1 if close > 0 else -1
            protected = True
        if end <= index:
            index += 1
            continue
        if start < index:
            chunks.append((False, text[start:index]))
        chunks.append((protected, text[index:end]))
        start = index = end
    if start < size:
        chunks.append((False, text[start:]))
    return chunks


_SHIELDS = {char: chr(0xE010 + index) for index, char in enumerate("\\{}%~$#&_^`-'")}
"""Characters of converted text that pybtex would read as LaTeX again (a ``%`` as a comment, a
brace as a group, ``--`` as a dash), as private-use stand-ins the backend prints back."""
_SHIELD = str.maketrans({char: shield for char, shield in _SHIELDS.items() if char not in "-'"})
_UNSHIELD = str.maketrans({shield: char for char, shield in _SHIELDS.items()})
_LIGATURE = re.compile(r"-(?=-)|'(?=')|(?<=[!?])`")
"""The first character of a ligature pybtex reads (``--``, ``''``), and the backquote of ``!```."""


@functools.lru_cache(maxsize=1)
def _backend() -> Any:
    """A pybtex backend that renders rich text as marked text."""
    from pybtex.backends import BaseBackend

    class MarkedBackend(BaseBackend):  # type: ignore[misc]
        default_suffix = ".txt"
        symbols = {"ndash": "–", "newblock": " ", "nbsp": "\u00a0"}  # noqa: RUF012

        def format_str(self, str_: str) -> str:
            # the data's own sentinels went in _entry: these are pybtex_text's and its shields
            return str_.translate(_UNSHIELD)

        def format_tag(self, tag_name: str, text: str) -> str:
            if tag_name in ("em", "i"):
                return f"{marked.EMPH[0]}{text}{marked.EMPH[1]}"
            if tag_name in ("b", "strong"):
                return f"{marked.STRONG[0]}{text}{marked.STRONG[1]}"
            return text

        def format_href(self, url: str, text: str, external: bool = False) -> str:
            return text

        def format_protected(self, text: str) -> str:
            return text

        def write_entry(self, key: str, label: str, text: str) -> None:  # pragma: no cover
            raise NotImplementedError

    return MarkedBackend(encoding="utf-8")
