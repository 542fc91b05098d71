r"""The labels of BibTeX's ``alpha`` style, made as ``alpha.bst`` makes them.

pybtex's alpha labels are its own: ``+`` for BibTeX's ``{\etalchar{+}}``, the whole last name
of a hyphenated or braced one (``AlexAJ06`` for BibTeX's ``{Ale}06``), no ``key`` field, and
``a``/``b`` suffixes given by its own test. This module follows ``alpha.bst`` instead:

- ``calc.label``: the names part from ``author`` (``editor`` for books, ``key``, then
  ``organization`` less "The " for manuals and proceedings, then the first three characters of
  the citation key), then the last two characters of the purified ``year``;
- ``format.lab.names``: for one name, the initials of its von and last parts (``{v{}}{l{}}``,
  ``vB`` for "van Beethoven", ``BA`` for "Ben Ayed"), or the first three characters of its
  last part when that gives one letter (``Knu``); for two to four names, their initials
  (``{\etalchar{+}}`` for a final ``others``); for more, three names' initials and
  ``{\etalchar{+}}``; names split as the ``bibtex`` program splits them (:mod:`.bibtexnames`);
- ``text.prefix$`` and ``text.length$``: a special character (``{\"O}``) counts as one
  character, braces as none, and a character outside ASCII as its UTF-8 bytes (TeX Live's
  ``bibtex`` is 8-bit; a character is never cut);
- the forward and reverse passes after sorting: entries whose ``sort.label`` (names and the
  year's last four characters, sortified) equals the one before get ``b``, ``c`` ... and the
  first of such a run ``a``.

Labels come back as BibTeX writes them into the ``.bbl`` (LaTeX); :func:`display_label` turns
one into marked text. ``tests/test_render_bibtexlabel.py`` compares them with the labels of
the ``bibtex`` program on the real-world corpus. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from belharbi_bib.latex import to_unicode
from belharbi_bib.model import Record
from belharbi_bib.render import marked
from belharbi_bib.render.bibtexnames import (
    SEPARATORS,
    BibtexName,
    Part,
    initial,
    special_end,
    split_names,
)
from belharbi_bib.render.bibtexsort import Lookup, chop_word, field_of, purify, sortify

ETAL_CHAR = r"{\etalchar{+}}"
"""What ``alpha.bst`` writes for the names left out of a label (LaTeX: a superscript ``+``)."""


def _size(char: str) -> int:
    """How many characters BibTeX counts for ``char``: its UTF-8 bytes."""
    return 1 if char < "\x80" else len(char.encode("utf-8", "surrogateescape"))


def text_length(text: str) -> int:
    r"""``text.length$``: characters, a special character one, braces none.

    >>> text_length(r"de la Vall{\'e}e Poussin"), text_length(r"{\ss}x"), text_length("{ab}")
    (20, 2, 2)
    >>> text_length("Öz")  # TeX Live's 8-bit bibtex counts the UTF-8 bytes
    3
    """
    count = 0
    depth = 0
    index = 0
    size = len(text)
    while index < size:
        char = text[index]
        if char == "{":
            if depth == 0 and text[index + 1 : index + 2] == "\\":
                index = special_end(text, index)
                count += 1
                continue
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        else:
            count += _size(char)
        index += 1
    return count


def text_prefix(text: str, count: int) -> str:
    r"""``text.prefix$``: the first ``count`` characters as :func:`text_length` counts them.

    Groups still open at the cut are closed.

    >>> text_prefix("{Constable et al.}", 3), text_prefix(r"{\"O}zt{\"u}rk", 3)
    ('{Con}', '{\\"O}zt')
    >>> text_prefix("Özil", 3), text_prefix("ab{cd}", 2)
    ('Öz', 'ab')
    """
    out: list[str] = []
    taken = 0
    depth = 0
    index = 0
    size = len(text)
    while index < size and taken < count:
        char = text[index]
        if char == "{":
            if depth == 0 and text[index + 1 : index + 2] == "\\":
                end = special_end(text, index)
                out.append(text[index:end])
                taken += 1
                index = end
                continue
            depth += 1
        elif char == "}":
            if depth == 0:
                index += 1
                continue
            depth -= 1
        else:
            width = _size(char)
            if taken + width > count:
                break
            taken += width
        out.append(char)
        index += 1
    return "".join(out) + "}" * depth


def substring(text: str, count: int, *, from_end: bool = False) -> str:
    """``substring$`` of the first (or last) ``count`` characters, counted in bytes, none cut.

    As alpha.bst's labels take it: only the characters that fit whole in ``count`` bytes.
    """
    return substring_of(text, -1 if from_end else 1, count, whole=True)


def substring_of(text: str, start: int, length: int, *, whole: bool = False) -> str:
    r"""``substring$``: ``length`` bytes from byte ``start`` (1 is the first; -1 ends at the last).

    TeX Live's 8-bit ``bibtex`` counts UTF-8 bytes and may cut a character in two; here a
    character is taken whole when its first byte is in the range, so that a style's loops
    over ``#1 #1 substring$`` and ``#2 global.max$ substring$`` keep every character once.
    With ``whole``, only the characters that lie entirely in the range are taken.

    >>> substring_of("Knuth", 1, 3), substring_of("1984", -1, 2), substring_of("易仕和", 1, 3)
    ('Knu', '84', '易')
    >>> substring_of("易仕", 1, 1) + substring_of("易仕", 2, 9)
    '易仕'
    >>> substring_of("易仕", 1, 4, whole=True), substring_of("a易", -1, 2, whole=True)
    ('易', '')
    """
    if start == 0 or length <= 0:
        return ""
    sizes = [_size(char) for char in text]
    total = sum(sizes)
    if start > 0:
        low, high = start - 1, start - 1 + length
    else:
        high = total + start + 1
        low = high - length
    taken = []
    at = 0
    for char, size in zip(text, sizes, strict=True):
        if low <= at < high and (not whole or at + size <= high):
            taken.append(char)
        at += size
    return "".join(taken)


def full_part(part: Part) -> str:
    """A part as ``{ll}`` writes it: its tokens with the default separators.

    A hyphen or tie of the name stays; otherwise a tie goes before the last token and after
    tokens while the text is shorter than three characters, a space elsewhere.
    """
    pieces: list[str] = []
    last = len(part) - 1
    for index, (token, separator) in enumerate(part):
        pieces.append(token)
        if index == last:
            break
        if separator in SEPARATORS:
            pieces.append(separator)
        elif index == last - 1 or text_length("".join(pieces)) < 3:
            pieces.append("~")
        else:
            pieces.append(" ")
    return "".join(pieces)


def _initials(name: BibtexName) -> list[str]:
    """``{v{}}{l{}}``: the first letter of each token of the von and last parts."""
    return [initial(token) for token, _ in (*name.von, *name.last)]


def names_label(names: Sequence[BibtexName]) -> str:
    r"""``format.lab.names``: the names part of a label.

    >>> from belharbi_bib.render.bibtexnames import split_names
    >>> names_label(split_names("Donald E. Knuth")), names_label(split_names("Ludwig van Dam"))
    ('Knu', 'vD')
    >>> names_label(split_names("A. Aho and J. Ullman and others"))
    'AU{\\etalchar{+}}'
    >>> names_label(split_names("A and B and C and D and E"))
    'ABC{\\etalchar{+}}'
    """
    if not names:
        return ""
    if len(names) == 1:
        initials = _initials(names[0])
        # BibTeX abbreviates to one byte: a letter outside ASCII counts as one character here
        if sum(1 for letter in initials if letter) < 2:
            return text_prefix(full_part(names[0].last), 3)
        return "".join(initials)
    shown = names[:3] if len(names) > 4 else names
    pieces = []
    for position, name in enumerate(shown):
        if position == len(names) - 1 and name.is_others():
            pieces.append(ETAL_CHAR)
        else:
            pieces.append("".join(_initials(name)))
    if len(names) > 4:
        pieces.append(ETAL_CHAR)
    return "".join(pieces)


def _names_part(record: Record, field: Lookup) -> str:
    """``author.key.label`` and its variants, as ``calc.label`` picks them by entry type."""
    entry_type = record.entry_type.lower()
    roles: tuple[str, ...]
    if entry_type in ("book", "inbook"):
        roles, organization = ("author", "editor"), False
    elif entry_type == "proceedings":
        roles, organization = ("editor",), True
    elif entry_type == "manual":
        roles, organization = ("author",), True
    else:
        roles, organization = ("author",), False
    for role in roles:
        if field(role):
            return names_label(split_names(field(role)))
    key = field("key")
    if key:
        return text_prefix(key, 3)
    if organization and field("organization"):
        return text_prefix(chop_word(field("organization"), "The "), 3)
    return substring(record.key, 3)


def calc_label(record: Record, parents: Mapping[str, Record]) -> tuple[str, str]:
    """``calc.label``: return ``(label, sort.label)`` of ``record`` (the label without suffix).

    Args:
        record: The entry, as read (macros of the preamble not expanded).
        parents: Every record by folded key, for ``crossref`` inheritance.
    """
    field = field_of(record, parents)
    names = _names_part(record, field)
    year = purify(field("year"))
    return (
        names + substring(year, 2, from_end=True),
        sortify(names + substring(year, 4, from_end=True)),
    )


def int_to_chr(number: int) -> str:
    """``int.to.chr$``: the character of ``number`` (``{`` after ``z``), nothing from DEL on.

    BibTeX writes DEL itself, and nothing beyond ASCII (an error); no label holds a control
    character here.
    """
    return chr(number) if number < 127 else ""


def with_suffixes(labels: Sequence[tuple[str, str]]) -> list[str]:
    """The forward and reverse passes: ``(label, sort.label)`` in list order -> final labels.

    >>> with_suffixes([("Knu73", "knu1973"), ("Knu73", "knu1973"), ("Knu81", "knu1981")])
    ['Knu73a', 'Knu73b', 'Knu81']
    """
    extras: list[str] = []
    last_sort_label = "\x00"
    number = 0
    for _, sort_label in labels:
        if sort_label == last_sort_label:
            number += 1
            extras.append(int_to_chr(number))
        else:
            number = ord("a")
            extras.append("")
            last_sort_label = sort_label
    following = ""
    finals = [""] * len(labels)
    for index in range(len(labels) - 1, -1, -1):
        extra = extras[index]
        if following == "b":
            extra = "a"
        finals[index] = labels[index][0] + extra
        following = extra
    return finals


def display_label(label: str, macros_expanded: str | None = None) -> str:
    r"""Return a label as marked text: its LaTeX turned into text, ``\etalchar{+}`` raised.

    Args:
        label: The label as BibTeX writes it.
        macros_expanded: The same label with the file's ``@preamble`` macros expanded, when
            it has any (what LaTeX would print); None: ``label`` itself.

    >>> display_label(r"H{\"O}S{\etalchar{+}}98") == "HÖS" + marked.SUPERSCRIPT[0] + "+" + (
    ...     marked.SUPERSCRIPT[1] + "98")
    True
    """
    text = label if macros_expanded is None else macros_expanded
    raised = marked.SUPERSCRIPT[0] + "+" + marked.SUPERSCRIPT[1]
    return raised.join(to_unicode(piece) for piece in text.split(ETAL_CHAR))
