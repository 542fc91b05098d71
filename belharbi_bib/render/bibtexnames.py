r"""Names as the ``bibtex`` program splits them, for BibTeX's styles (``format.name$``).

:mod:`belharbi_bib.names` splits names as pybtex does, which the rest of the package relies on.
The ``bibtex`` program differs from pybtex in ways that change a style's order and labels:

- a token ends at a hyphen or a tie as well as at white space, and each token is a word of its
  own: in "Ken-ichi Kawarabayashi" and "Yen-lu Chow", ``ichi`` and ``lu`` are von parts;
- a token's case is that of its first ASCII letter; a character outside ASCII has none, so the
  search goes on ("Özlem" is lower case, it is a von part before a last name);
- letters inside braces do not count, except in a special character (``{\"O}``), counted by
  the letter after its control sequence (``\oe``, ``\ss``, ``\i`` lower case; ``\OE``, ``\L``
  upper case);
- ``OTHERS`` is a name: only ``others`` stands for the names left out;
- a name's third and later commas are not part splits (BibTeX complains and reads on).

This module follows ``bibtex.web`` (``von_token_found``, the name tokenizer and the part
boundaries) and ``format.name$``'s separators; ``tests/test_render_bibtexsort.py`` and
``tests/test_render_bibtexlabel.py`` compare the order and labels it gives with the
``bibtex`` program's on the real-world corpus. Pure.
"""

from __future__ import annotations

import functools
import re

from belharbi_bib.structs import dataclass

Part = tuple[tuple[str, str], ...]
"""A name part: its tokens, each with the separator that follows it in the name (" ", "-" or
"~"; "" after the part's last token)."""

_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_WHITE = " \t\n\r"
SEPARATORS = "-~"
_UPPER_FOREIGN = frozenset({"OE", "AE", "AA", "O", "L"})
_LOWER_FOREIGN = frozenset({"i", "j", "oe", "ae", "aa", "o", "l", "ss"})


@dataclass(frozen=True, slots=True)
class BibtexName:
    """A name in BibTeX's four parts, each a tuple of (token, following separator).

    Attributes:
        first: The First part.
        von: The von part.
        last: The Last part.
        jr: The Jr part.
    """

    first: Part
    von: Part
    last: Part
    jr: Part

    def is_others(self) -> bool:
        """``"{ff }{vv }{ll}{ jj}" format.name$ "others" =``: the names left out."""
        return not (self.first or self.von or self.jr) and self.last == (("others", ""),)


def _mask(text: str) -> str:
    """``text`` with the inside of each top-level brace group blanked (for finding ``and``)."""
    out = []
    depth = 0
    for char in text:
        if char == "{":
            depth += 1
            out.append("{")
        elif char == "}" and depth > 0:
            depth -= 1
            out.append("}")
        else:
            out.append("x" if depth > 0 and not char.isspace() else char)
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def split_names(text: str) -> tuple[BibtexName, ...]:
    r"""Split a name list as ``num.names$`` and ``format.name$`` do.

    >>> [name.von for name in split_names("Ken-ichi Kawarabayashi and Robin DiAngelo")]
    [(('ichi', ''),), ()]
    >>> split_names("A. Aho and OTHERS")[1].is_others(), split_names("x and others")[1].is_others()
    (False, True)
    """
    text = text.strip(_WHITE)
    if not text:
        return ()
    mask = _mask(text)
    names = []
    start = 0
    for match in _AND.finditer(mask):
        names.append(text[start : match.start()])
        start = match.end()
    names.append(text[start:])
    return tuple(split_name(name) for name in names)


def _tokens(text: str) -> tuple[list[tuple[str, str]], list[int]]:
    """The tokens of one name with their following separators, and where its commas fall."""
    tokens: list[tuple[str, str]] = []
    commas: list[int] = []
    current: list[str] = []
    depth = 0

    def end_token(separator: str) -> None:
        if current:
            tokens.append(("".join(current), separator))
            current.clear()

    for char in text:
        if depth > 0 or char == "{":
            current.append(char)
            depth += (char == "{") - (char == "}")
        elif char == "}":
            continue  # an unmatched right brace is skipped
        elif char == ",":
            end_token("")
            if len(commas) < 2:  # a third comma is not a part split (BibTeX complains)
                commas.append(len(tokens))
        elif char in _WHITE or char in SEPARATORS:
            end_token(" " if char in _WHITE else char)
        else:
            current.append(char)
    end_token("")
    return tokens, commas


def _is_von(token: str) -> bool:
    r"""``von_token_found``: the case of the token's first ASCII letter (braces skipped).

    >>> _is_von("van"), _is_von("Özlem"), _is_von("{van}"), _is_von(r"{\oe}uvre"), _is_von("1a")
    (True, True, False, True, True)
    """
    index = 0
    size = len(token)
    while index < size:
        char = token[index]
        if "A" <= char <= "Z":
            return False
        if "a" <= char <= "z":
            return True
        if char == "{":
            index += 1
            if index + 2 < size and token[index] == "\\":
                return _special_is_von(token, index + 1)
            depth = 1
            while depth > 0 and index < size:
                if token[index] == "}":
                    depth -= 1
                elif token[index] == "{":
                    depth += 1
                index += 1
            continue
        index += 1
    return False


def _special_is_von(token: str, index: int) -> bool:
    """The case of a special character whose control sequence starts at ``index``."""
    size = len(token)
    start = index
    while index < size and is_letter(token[index]):
        index += 1
    name = token[start:index]
    if name in _UPPER_FOREIGN:
        return False
    if name in _LOWER_FOREIGN:
        return True
    depth = 1
    while index < size and depth > 0:
        char = token[index]
        if "A" <= char <= "Z":
            return False
        if "a" <= char <= "z":
            return True
        if char == "}":
            depth -= 1
        elif char == "{":
            depth += 1
        index += 1
    return False


def is_letter(char: str) -> bool:
    """BibTeX's ``alpha`` class: ASCII letters and every character outside ASCII."""
    return ("a" <= char <= "z") or ("A" <= char <= "Z") or char >= "\x80"


def _part(tokens: list[tuple[str, str]]) -> Part:
    """A part's tokens, the separator after its last one dropped (it ends the part)."""
    if not tokens:
        return ()
    return (*tokens[:-1], (tokens[-1][0], ""))


def split_name(text: str) -> BibtexName:
    r"""Split one name into BibTeX's First, von, Last and Jr parts.

    >>> name = split_name("Jean-{A}rcady Meyer")
    >>> name.first, name.von, name.last
    ((('Jean', ''),), (('{A}rcady', ''),), (('Meyer', ''),))
    >>> [t for t, _ in split_name("de la Cruz, Jr., Juan").von], split_name("Smith-Jones").last
    (['de', 'la'], (('Smith', '-'), ('Jones', '')))
    """
    tokens, commas = _tokens(text.lstrip(_WHITE + SEPARATORS).rstrip(_WHITE + SEPARATORS + ","))
    count = len(tokens)
    if not commas:
        von_start = 0
        while von_start < count - 1 and not _is_von(tokens[von_start][0]):
            von_start += 1
        if von_start < count - 1:
            von_end = _von_end(tokens, von_start, count)
        else:  # no von part: a hyphenated last name keeps its first words
            while von_start > 0 and tokens[von_start - 1][1] == "-":
                von_start -= 1
            von_end = von_start
        return BibtexName(
            _part(tokens[:von_start]),
            _part(tokens[von_start:von_end]),
            _part(tokens[von_end:count]),
            (),
        )
    last_end = commas[0]
    jr_end = commas[1] if len(commas) > 1 else last_end
    von_end = _von_end(tokens, 0, last_end)
    return BibtexName(
        _part(tokens[jr_end:]),
        _part(tokens[:von_end]),
        _part(tokens[von_end:last_end]),
        _part(tokens[last_end:jr_end]),
    )


def _von_end(tokens: list[tuple[str, str]], von_start: int, last_end: int) -> int:
    """Where the von part ends: after its last lower-case token before the last one."""
    von_end = last_end - 1
    while von_end > von_start:
        if _is_von(tokens[von_end - 1][0]):
            return von_end
        von_end -= 1
    return von_end


def joined(part: Part, between: str) -> str:
    """The tokens of ``part`` joined by an explicit inter-token string (``{ll{ }}``)."""
    return between.join(token for token, _ in part)
