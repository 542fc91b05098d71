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

from belharbi_bib import patterns
from belharbi_bib.structs import dataclass

Part = tuple[tuple[str, str], ...]
"""A name part: its tokens, each with the separator that follows it in the name (" ", "-" or
"~"; "" after the part's last token)."""

_AND = patterns.compile(r"\s+and\s+", re.IGNORECASE)
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


_LONG = 3
"""``long_token`` and ``long_name``: fewer text characters than this take a tie after them."""


def format_name(name: BibtexName, spec: str) -> str:
    r"""Format one name as ``format.name$`` does with the format string ``spec``.

    Text outside the brace groups is copied. A group holds one part's letters (``ff`` in
    full, ``f`` abbreviated to the first letter of each token, or a special character), an
    optional braced inter-token string right after them, and text before and after, copied;
    a group whose part is empty prints nothing. Between two tokens the default string is
    the separator of the name when it is a hyphen or a tie, else a tie before the part's
    last token or while the group's output so far (its text before the tokens included) is
    shorter than three characters, else a space (a period first when abbreviating). A tie
    ending a group is *discretionary*: it stays after fewer than three characters of the
    group's output, and becomes a space otherwise. ``tests/test_render_bibtexstyle.py``
    compares it with the ``bibtex`` program on every name of the real-world corpus.

    >>> name = split_name("Charles Louis Xavier Joseph de la Vallee Poussin")
    >>> format_name(name, "{vv~}{ll}{, jj}{, f.}"), format_name(name, "{f.~}{vv~}{ll}")
    ('de~la Vallee~Poussin, C. L. X.~J.', 'C.~L. X.~J. de~la Vallee~Poussin')
    >>> format_name(split_name("Radhakrishna Rao, {C}"), "{ff~}{vv~}{ll}{, jj}")
    '{C} Radhakrishna~Rao'
    """
    parts = {"f": name.first, "v": name.von, "l": name.last, "j": name.jr}
    out: list[str] = []
    index = 0
    size = len(spec)
    while index < size:
        char = spec[index]
        if char == "{":
            end = _spec_group_end(spec, index)
            out.append(_formatted_part(spec[index + 1 : end], parts))
            index = end + 1
        elif char == "}":  # unbalanced: BibTeX complains and skips it
            index += 1
        else:
            out.append(char)
            index += 1
    return "".join(out)


def _spec_group_end(spec: str, start: int) -> int:
    """The index of the brace closing the group opening at ``start`` (or the end)."""
    close = brace_close(spec, start)
    return close if close >= 0 else len(spec)


def _formatted_part(group: str, parts: dict[str, Part]) -> str:
    """One brace group of a format string, filled with its part (see :func:`format_name`)."""
    letter = ""
    double = False
    index = 0
    depth = 0
    while index < len(group):  # which part, and whether anything is written
        char = group[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and _is_ascii_letter(char):
            if letter or char.lower() not in parts:
                return ""  # two letter groups, or a letter that names no part
            letter = char.lower()
            if group[index + 1 : index + 2].lower() == letter:
                double = True
                index += 1
        index += 1
    tokens = parts.get(letter, ())
    if not letter or not tokens:
        return ""
    out: list[str] = []  # the group's output: the lengths below count from its start
    index = depth = 0
    while index < len(group):
        char = group[index]
        if depth == 0 and _is_ascii_letter(char):
            index += 2 if double else 1
            between = None
            if group[index : index + 1] == "{":
                close = _spec_group_end(group, index)
                between = group[index + 1 : close]
                index = close + 1
            _put_tokens(out, tokens, double, between)
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        out.append(char)
        index += 1
    text = "".join(out)
    if text.endswith("~"):  # a discretionary tie
        text = text[:-1]
        if not text.endswith("~"):
            text += " " if _enough(text, _LONG) else "~"
    return text


def _put_tokens(out: list[str], tokens: Part, double: bool, between: str | None) -> None:
    """Append a part's tokens, in full or abbreviated, with the strings between them."""
    last = len(tokens) - 1
    for position, (token, separator) in enumerate(tokens):
        out.append(token if double else initial(token))
        if position == last:
            break
        if between is not None:
            out.append(between)
            continue
        if not double:
            out.append(".")
        if separator in ("-", "~"):
            out.append(separator)
        elif position + 1 == last or not _enough("".join(out), _LONG):
            out.append("~")
        else:
            out.append(" ")


def initial(token: str) -> str:
    r"""A token's first letter as ``format.name$`` abbreviates it (a special character whole).

    >>> initial("Knuth"), initial(r"{\"O}zt"), initial("{van}"), initial(r"\LaTeX"), initial("1a")
    ('K', '{\\"O}', 'v', 'L', 'a')
    """
    index = 0
    size = len(token)
    while index < size:
        char = token[index]
        if is_letter(char):
            return char
        if char == "{" and token[index + 1 : index + 2] == "\\":
            return token[index : special_end(token, index)]
        index += 1
    return ""


def brace_close(text: str, start: int) -> int:
    """Return the index of the brace closing the group opening at ``start`` (-1: none).

    Every brace counts, as in BibTeX (``texmacros.group_end`` skips escaped ones, as TeX).
    """
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    return -1


def special_end(text: str, start: int) -> int:
    """Return the index after the group opening at ``start`` (the end of ``text`` if open)."""
    close = brace_close(text, start)
    return close + 1 if close >= 0 else len(text)


def _enough(text: str, count: int) -> bool:
    """``enough_text_chars``: whether ``text`` has ``count`` characters.

    A special character counts as one, a brace as one, a character outside ASCII as its UTF-8
    bytes.
    """
    found = 0
    index = 0
    depth = 0
    while index < len(text) and found < count:
        char = text[index]
        index += 1
        if char == "{":
            depth += 1
            if depth == 1 and text[index : index + 1] == "\\":
                index += 1
                while index < len(text) and depth > 0:
                    if text[index] == "}":
                        depth -= 1
                    elif text[index] == "{":
                        depth += 1
                    index += 1
        elif char == "}":
            depth -= 1
        found += 1 if char < "\x80" else len(char.encode("utf-8", "surrogateescape"))
    return found >= count


def _is_ascii_letter(char: str) -> bool:
    """BibTeX's format-string letters: ASCII only."""
    return ("a" <= char <= "z") or ("A" <= char <= "Z")
