"""The order of BibTeX's ``plain`` and ``alpha`` styles: their ``presort`` and ``purify$``.

pybtex sorts by author, year and title tuples of its own making: entries without authors come
first (BibTeX falls back on ``key``, ``organization`` and editors), "The" counts, braces and
accents count as characters. This module computes ``sort.key$`` as ``plain.bst`` and
``alpha.bst`` do (``presort``, ``sort.format.names``, ``sort.format.title``, ``sortify``, and
``purify$`` and ``change.case$`` as ``bibtex.web`` implements them), so that the list comes in
the order BibTeX gives it; ``tests/test_render_bibtexsort.py`` checks it against the
``bibtex`` program on the real-world corpus. Pure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from belharbi_bib import values
from belharbi_bib.model import Field, Record
from belharbi_bib.render.bibtexnames import is_letter, joined, split_names
from belharbi_bib.structs import replace

ENTRY_MAX = 500
"""``entry.max$``: BibTeX cuts a sort key to this many characters (TeX Live's ``ent_str_size``)."""

_FOREIGN = {"i": 1, "j": 1, "oe": 2, "OE": 2, "ae": 2, "AE": 2, "aa": 1, "AA": 1, "o": 1, "O": 1,
            "l": 1, "L": 1, "ss": 2}  # fmt: skip
"""The control sequences whose letters ``purify$`` keeps in a special character (how many)."""
_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _is_kept(char: str) -> bool:
    """What ``purify$`` keeps: BibTeX's ``alpha`` and ``numeric`` classes."""
    return is_letter(char) or "0" <= char <= "9"


def purify(text: str) -> str:
    r"""Return ``text`` as ``purify$`` leaves it.

    Letters and digits stay; white space, ``-`` and ``~`` become spaces; other characters go.
    In a special character (a group opening with a backslash) control sequences go, but for
    the foreign letters (``\ss`` leaves ``ss``, ``\o`` ``o``); elsewhere a control word's
    letters stay (``\emph{X}`` leaves ``emphX``), as in BibTeX.

    >>> purify(r"{\"U}nderwood, Jean-Paul {\ss}t {\TeX} \emph{X}~1")
    'Underwood Jean Paul sst  emphX 1'
    """
    out: list[str] = []
    size = len(text)
    depth = 0
    index = 0
    while index < size:
        char = text[index]
        if char in " \t\n\r-~":
            out.append(" ")
        elif _is_kept(char):
            out.append(char)
        elif char == "{":
            depth += 1
            if depth == 1 and index + 1 < size and text[index + 1] == "\\":
                index = _special(text, index + 1, out)
                depth = 0
                continue
        elif char == "}" and depth > 0:
            depth -= 1
        index += 1
    return "".join(out)


def _special(text: str, index: int, out: list[str]) -> int:
    """Purify the special character whose backslash is at ``index``; return the index after it."""
    size = len(text)
    depth = 1
    while index < size and depth > 0:
        index += 1  # the backslash
        start = index
        while index < size and is_letter(text[index]):
            index += 1
        name = text[start:index]
        if name in _FOREIGN:
            out.append(name[: _FOREIGN[name]])
        while index < size and depth > 0 and text[index] != "\\":
            char = text[index]
            if _is_kept(char):
                out.append(char)
            elif char == "}":
                depth -= 1
            elif char == "{":
                depth += 1
            index += 1
    return index


def sortify(text: str) -> str:
    """``purify$`` then ``"l" change.case$`` (ASCII letters only, as BibTeX)."""
    return purify(text).translate(_LOWER)


_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_UPPER_FOREIGN = frozenset({"L", "O", "OE", "AE", "AA"})
_LOWER_FOREIGN = frozenset({"l", "o", "oe", "ae", "aa"})
_DOTLESS = frozenset({"i", "j", "ss"})


def change_case(text: str, mode: str) -> str:
    r"""Return ``text`` as ``change.case$`` leaves it (``bibtex.web``'s conversion).

    ``mode`` ``t`` lowers every ASCII letter at brace level 0 but the first character and one
    right after a colon and white space; ``l`` lowers, ``u`` raises them all; another mode
    changes nothing. Letters in braces keep their case, except in a *special character* (a
    group at level 1 opening with a backslash), whose letters outside control sequences
    change, and whose foreign letters do (``\O`` to ``\o``; ``\i`` to ``I``, in upper case).
    Characters outside ASCII never change.

    >>> print(change_case(r"The {DNA} of {\'E}mile: A {\OE}uvre", "t"))
    The {DNA} of {\'e}mile: A {\oe}uvre
    >>> print(change_case(r"{\ss}t {\i}x", "u"))
    {SS}T {I}X
    """
    kind = mode[:1].lower()
    if kind not in ("t", "l", "u"):
        return text
    table = _UPPER if kind == "u" else _LOWER
    out: list[str] = []
    depth = 0
    prev_colon = False
    index = 0
    size = len(text)
    while index < size:
        char = text[index]
        if char == "{":
            depth += 1
            special = depth == 1 and index + 4 <= size and text[index + 1] == "\\"
            if special and kind == "t":
                special = index != 0 and not (prev_colon and text[index - 1] == " ")
            prev_colon = False
            if special:
                index = _change_special(text, index, kind, table, out)
                depth = 0
                continue
            out.append(char)
        elif char == "}":
            depth = max(depth - 1, 0)
            prev_colon = False
            out.append(char)
        elif depth == 0:
            if kind == "t":
                keep = index == 0 or (prev_colon and text[index - 1] in " \t")
                out.append(char if keep else char.translate(table))
                if char == ":":
                    prev_colon = True
                elif char not in " \t":
                    prev_colon = False
            else:
                out.append(char.translate(table))
        else:
            out.append(char)
        index += 1
    return "".join(out)


def _change_special(text: str, start: int, kind: str, table: dict[int, int], out: list[str]) -> int:
    """Convert the special character at ``start`` into ``out``; return the index after it."""
    out.append("{")
    depth = 1
    index = start + 1
    size = len(text)
    while index < size and depth > 0:
        index += 1  # the backslash
        word_start = index
        while index < size and ("a" <= text[index] <= "z" or "A" <= text[index] <= "Z"):
            index += 1
        word = text[word_start:index]
        if kind == "u" and word in _DOTLESS:
            out.append(word.translate(table))
        elif (kind == "u" and word in _LOWER_FOREIGN) or (kind != "u" and word in _UPPER_FOREIGN):
            out.append("\\" + word.translate(table))
        else:
            out.append("\\" + word)
        rest_start = index
        while index < size and depth > 0 and text[index] != "\\":
            if text[index] == "}":
                depth -= 1
            elif text[index] == "{":
                depth += 1
            index += 1
        out.append(text[rest_start:index].translate(table))
    return index


def chop_word(text: str, word: str) -> str:
    """``chop.word``: ``text`` without ``word`` at its start, when it starts so."""
    return text[len(word) :] if text.startswith(word) else text


def _collapsed(text: str) -> str:
    """A field's text as BibTeX reads it: each run of white space one space."""
    return " ".join(text.split())


def sort_names(text: str) -> str:
    """``sort.format.names`` of a name list: von, last, first and jr, ``et al`` for others.

    The names are split as the ``bibtex`` program splits them (:mod:`.bibtexnames`).
    """
    pieces: list[str] = []
    names = split_names(text)
    for position, name in enumerate(names):
        parts = [joined(name.von, " ") + " " if name.von else "", joined(name.last, " ")]
        if name.first:
            parts.append("  " + joined(name.first, " "))
        if name.jr:
            parts.append("  " + joined(name.jr, " "))
        formatted = "".join(parts)
        if position == len(names) - 1 and formatted == "others":
            pieces.append("et al")
        else:
            pieces.append(sortify(formatted))
    return "   ".join(pieces)


Lookup = Callable[[str], str]
"""A field's text by name, inherited through ``crossref`` ("" when absent)."""


def as_bibtex_reads(
    records: Sequence[Record],
    strings: Mapping[str, str],
    style_macros: Mapping[str, str] | None = None,
) -> list[Record]:
    """Return ``records`` with each undefined ``@string`` macro empty, as BibTeX reads them.

    The reader gives an undefined macro its own name (and reports it); BibTeX reads it as
    the style's macro of that name (``jacm``, ``tcs``, the months) or else as empty text,
    which decides the printed entry, its sort key and label (``title = LIMC`` sorts as no
    title).

    Args:
        records: The entries.
        strings: The library's macros (:attr:`belharbi_bib.model.Library.strings`).
        style_macros: The ``MACRO``s of the ``.bst``, by lower-case name.
    """
    defaults = style_macros or {}
    read: list[Record] = []
    for record in records:
        fields: list[Field] | None = None
        for index, item in enumerate(record.fields):
            if item.text is None:
                continue
            parts = values.parse(item.raw)
            if parts is None or all(
                part.kind != "macro" or part.text.lower() in strings for part in parts
            ):
                continue
            text = "".join(
                strings.get(part.text.lower(), defaults.get(part.text.lower(), ""))
                if part.kind == "macro"
                else part.text
                for part in parts
            )
            fields = fields if fields is not None else list(record.fields)
            fields[index] = replace(item, text=text)
        read.append(record if fields is None else replace(record, fields=tuple(fields)))
    return read


def crossref_parents(records: Sequence[Record]) -> dict[str, Record]:
    """Return the records by folded key (the first of a key), for ``crossref`` lookups."""
    found: dict[str, Record] = {}
    for record in records:
        found.setdefault(record.key.casefold(), record)
    return found


def parent_of(record: Record, parents: Mapping[str, Record]) -> Record | None:
    """Return the entry ``record`` cross-references (one level, as BibTeX), or None."""
    parent_key = record.field("crossref")
    parent = parents.get(parent_key.strip().casefold()) if parent_key else None
    return parent if parent is not record else None


def field_of(record: Record, parents: Mapping[str, Record]) -> Lookup:
    """Return the field lookup of ``record`` (white space collapsed, ``crossref`` inherited)."""
    parent = parent_of(record, parents)

    def field(name: str) -> str:
        text = record.field(name)
        if not text and parent is not None:
            text = parent.field(name)
        return _collapsed(text or "")

    return field


def _sort_label(record: Record, parents: Mapping[str, Record], field: Lookup) -> str:
    """The names part of ``presort``: ``author.sort`` and its variants, as the type says.

    book, inbook: author, editor, key; proceedings: editor, organization (less "The "), key;
    manual: author, organization, key; other types: author, key; else "".
    """
    entry_type = record.entry_type.lower()
    order: tuple[str, ...]
    if entry_type == "proceedings":
        order = ("editor", "organization", "key")
    elif entry_type in ("book", "inbook"):
        order = ("author", "editor", "key")
    elif entry_type == "manual":
        order = ("author", "organization", "key")
    else:
        order = ("author", "key")
    for name in order:
        text = field(name)
        if not text:
            continue
        if name in ("author", "editor"):
            return sort_names(text)
        if name == "organization":
            return sortify(chop_word(text, "The "))
        return sortify(text)
    return ""


def presort_key(
    record: Record, parents: Mapping[str, Record], sort_label: str | None = None
) -> str:
    """Return ``sort.key$`` as ``presort`` makes it (``plain.bst``; ``alpha.bst`` with a label).

    Args:
        record: The entry, as read (macros of the preamble not expanded).
        parents: Every record by folded key, for ``crossref`` inheritance.
        sort_label: For ``alpha``: its ``sort.label`` (see :mod:`.bibtexlabel`); None for
            ``plain``.
    """
    field = field_of(record, parents)
    head = "" if sort_label is None else sort_label + "    "
    title = sortify(chop_word(chop_word(chop_word(field("title"), "A "), "An "), "The "))
    key = head + _sort_label(record, parents, field) + "    " + sortify(field("year"))
    return (key + "    " + title)[:ENTRY_MAX]
