"""Person names: BibTeX name lists <-> :class:`Person`, split by BibTeX's own rules.

A list is cut at ``and`` outside braces; each name is read in one of BibTeX's three forms
(``First von Last``, ``von Last, First``, ``von Last, Jr, First``), the ``von`` part being told
by the case of a word's first letter (a ``{\\"o}``-style special character counts by the letter
it stands for). The rules are applied exactly as pybtex applies them, quirks included, so a
list reads the same as it did when pybtex split it; ``tests/test_names_split.py`` compares the
two on every name list of the corpora and on generated lists. pybtex itself is not imported:
loading it took ~75 ms and splitting a name through it ~55 µs, three times our time (see
docs/architecture.md).
"""

from __future__ import annotations

import functools
import re

from belharbi_bib import folding, patterns
from belharbi_bib.latex import to_unicode
from belharbi_bib.structs import dataclass


@dataclass(frozen=True, slots=True)
class Person:
    """A person's name in BibTeX's four parts.

    Corporate names (``{ACME Inc.}``) keep their braces in ``last``.

    Attributes:
        last: Last name(s), e.g. ``"Ben Ayed"``.
        first: First and middle names, e.g. ``"Ismail"``.
        von: The lower-case particle, e.g. ``"van"``.
        jr: The lineage, e.g. ``"Jr."``.
    """

    last: str
    first: str = ""
    von: str = ""
    jr: str = ""

    def bibtex(self) -> str:
        """Return the name as BibTeX writes it: ``von Last, Jr, First``.

        >>> Person("Beethoven", "Ludwig", "van").bibtex()
        'van Beethoven, Ludwig'
        >>> Person("{ACME Inc.}").bibtex()
        '{ACME Inc.}'
        """
        last = f"{self.von} {self.last}" if self.von else self.last
        if self.jr:
            return f"{last}, {self.jr}, {self.first}"
        if self.first:
            return f"{last}, {self.first}"
        return last

    def display(self) -> str:
        """Return the name in reading order: ``First von Last, Jr``.

        >>> Person("Belharbi", "Soufiane").display()
        'Soufiane Belharbi'
        """
        name = " ".join(p for p in (self.first, self.von, self.last) if p)
        return f"{name}, {self.jr}" if self.jr else name

    @property
    def text(self) -> str:
        r"""The name in reading order as plain Unicode text (LaTeX decoded, braces dropped).

        >>> Person("Özgür", r"Ay{\c{s}}e").text
        'Ayşe Özgür'
        """
        return to_unicode(self.display())


OTHERS = Person("others")
"""The ``and others`` marker of a truncated author list."""

_AND = patterns.compile(" [Aa][Nn][Dd] ")
_COMMA = patterns.compile(",")
_SPACE = patterns.compile(r"(?:\\ |\s|(?<!\\)~)+")
"""Word separators: white space, ties (``~`` but not the accent ``\\~``), control spaces."""
_PLAIN_SPACE = patterns.compile(r"[\s~]+")
""":data:`_SPACE` on text without backslashes."""
_BRACE = patterns.compile("[{}]")
_MAX_DEPTH = 100
"""pybtex refuses words nested deeper than this when it looks at their case."""


class _UnreadableError(Exception):
    """A name pybtex refuses (too many commas, braces nested too deep); kept as written."""


@functools.lru_cache(maxsize=4096)
def parse_names(text: str) -> tuple[Person, ...]:
    r"""Split a BibTeX name list into people.

    >>> [p.bibtex() for p in parse_names("Soufiane Belharbi and Ben Ayed, Ismail")]
    ['Belharbi, Soufiane', 'Ben Ayed, Ismail']
    >>> parse_names("Ludwig van Beethoven and others")[1] == OTHERS
    True
    >>> parse_names(r"Kurt G{\"o}del and {\relax de} Gaulle, Charles")[1]
    Person(last='Gaulle', first='Charles', von='{\\relax de}', jr='')
    >>> parse_names("Miller, D., Firby, J. and Dean, T.")[0]  # too many commas: as written
    Person(last='{Miller, D., Firby, J.}', first='', von='', jr='')
    """
    text = " ".join(text.split())
    if not text:
        return ()
    mask = _mask(text) if "{" in text else text
    return tuple(_person(chunk, masked) for chunk, masked in _split(text, mask, _AND))


def _mask(text: str) -> str:
    """Return ``text`` with every brace group blanked out (to find separators outside braces).

    A group runs to its closing brace; an unclosed one runs to the last brace after it, or to
    the end when there is none (pybtex's reading of unbalanced text). A ``}`` outside any group
    is an ordinary character.

    >>> _mask("{Barnes and Noble} and x{y, z}"), _mask("a {b, c"), _mask("a {b{}, c} {")
    ('xxxxxxxxxxxxxxxxxx and xxxxxxx', 'a xxxxx', 'a xxxxxxxx x')
    """
    pieces: list[str] = []
    done = depth = opened = last = 0
    for match in _BRACE.finditer(text):
        last = match.end()
        if match.group() == "{":
            if depth == 0:
                opened = match.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                pieces += (text[done:opened], "x" * (last - opened))
                done = last
    if depth:
        end = last if last > opened + 1 else len(text)
        pieces += (text[done:opened], "x" * (end - opened))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _split(text: str, mask: str, separator: re.Pattern[str]) -> list[tuple[str, str]]:
    """Split ``text`` where ``separator`` matches its ``mask``; each part stripped, with its mask.

    >>> _split("a{b,c}d, e,", _mask("a{b,c}d, e,"), _COMMA)
    [('a{b,c}d', 'axxxxxd'), ('e', 'e'), ('', '')]
    """
    if "{" not in text:  # then the mask is the text
        return [(part, part) for part in map(str.strip, separator.split(text))]
    parts: list[tuple[str, str]] = []
    start = 0
    for match in separator.finditer(mask):
        parts.append(_strip(text, mask, start, match.start()))
        start = match.end()
    parts.append(_strip(text, mask, start, len(text)))
    return parts


def _strip(text: str, mask: str, start: int, end: int) -> tuple[str, str]:
    """Return ``text[start:end]`` and its mask without surrounding white space."""
    piece = mask[start:end]
    stripped = piece.lstrip()
    start += len(piece) - len(stripped)
    end -= len(stripped) - len(stripped.rstrip())
    return text[start:end], mask[start:end]


def _person(chunk: str, mask: str) -> Person:
    r"""Read one name: ``First von Last``, ``von Last, First`` or ``von Last, Jr, First``.

    >>> _person("Ludwig van Beethoven", "Ludwig van Beethoven")
    Person(last='Beethoven', first='Ludwig', von='van', jr='')
    >>> _person("de la Cruz, Jr, Juan Ines", "de la Cruz, Jr, Juan Ines")
    Person(last='Cruz', first='Juan Ines', von='de la', jr='Jr')
    >>> _person("{\\'E}douard d'{\\'E}tampes", "xxxxxdouard d'xxxxxtampes")
    Person(last="d'{\\'E}tampes", first="{\\'E}douard", von='', jr='')
    """
    if len(chunk) == 6 and chunk.lower() == "others":
        return OTHERS
    if not chunk:
        return Person("")
    if "{" not in chunk and "\\" not in chunk:  # most names: words part at spaces and ties
        parts = [part.split() for part in chunk.replace("~", " ").split(",")]
    elif "," in mask:
        parts = [_words(*part) for part in _split(chunk, mask, _COMMA)]
    else:
        parts = [_words(chunk, mask)]
    try:
        return _from_parts(parts)
    except _UnreadableError:  # pybtex raises here; the name is kept as written, in braces
        return Person("{" + chunk.replace("{", "").replace("}", "") + "}")


def _from_parts(parts: list[list[str]]) -> Person:
    """Return the person whose name has these words between its commas.

    >>> _from_parts([["Ludwig", "van", "Beethoven"]])
    Person(last='Beethoven', first='Ludwig', von='van', jr='')
    >>> _from_parts([["de", "la", "Cruz"], ["Jr"], ["Juan", "Ines"]])
    Person(last='Cruz', first='Juan Ines', von='de la', jr='Jr')
    """
    if len(parts) > 3:
        raise _UnreadableError("too many commas")
    if len(parts) == 1:
        words = parts[0]
        split = next((i for i, word in enumerate(words) if _is_von(word)), len(words))
        first, von_last = words[:split], words[split:]
        if not von_last and first:
            von_last = [first.pop()]
        jr: list[str] = []
    else:
        von_last, first = parts[0], parts[-1]
        jr = parts[1] if len(parts) == 3 else []
    von, last = _von_last(von_last)
    return Person(last=" ".join(last), first=" ".join(first), von=" ".join(von), jr=" ".join(jr))


def _words(text: str, mask: str) -> list[str]:
    """Split a name part into words at spaces and ties outside braces."""
    separator = _SPACE if "\\" in text else _PLAIN_SPACE
    if "{" not in text:
        return [word for word in separator.split(text) if word]
    words: list[str] = []
    start = 0
    for match in separator.finditer(mask):
        if match.start() > start:
            words.append(text[start : match.start()])
        start = match.end()
    if start < len(text):
        words.append(text[start:])
    return words


def _von_last(words: list[str]) -> tuple[list[str], list[str]]:
    """Split ``von Last`` words: ``von`` ends with the last lower-case word before the last one."""
    for index in range(len(words) - 2, -1, -1):
        if _is_von(words[index]):
            return words[: index + 1], words[index + 1 :]
    return [], words


def _is_von(word: str) -> bool:
    r"""Return True when a word is a von particle: its first letter is lower case.

    Letters inside braces do not count, except in a special character (a group at depth 1
    that starts with a backslash), which counts by the first letter after its command name.

    >>> _is_von("van"), _is_von("{van}"), _is_von("{\\relax van}"), _is_von('{\\"O}zt')
    (True, False, True, False)
    >>> _is_von("1st"), _is_von("d'{A}"), _is_von("{A}bc"), _is_von("{\\ss}x")
    (True, True, True, False)
    """
    initial = word[0]
    if initial.isupper():
        return False
    if initial.islower():
        return True
    if "{" not in word:
        return next((char.islower() for char in word if char.isalpha()), False)
    return _is_von_braced(word)


def _is_von_braced(word: str) -> bool:
    if word.count("{") > _MAX_DEPTH and _deepest(word) > _MAX_DEPTH:
        raise _UnreadableError(word)
    depth = 0
    for index, char in enumerate(word):
        if char == "{":
            depth += 1
            if depth == 1 and word.startswith("\\", index + 1):
                return _special_is_lower(word, index + 2)
        elif char == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            if char.isalpha():
                return char.islower()
        elif depth == 1 and char == "\\":  # a command inside a group that is not special
            return False
    return False


def _special_is_lower(word: str, start: int) -> bool:
    """Return the case of a special character's letter, from just after its backslash.

    The command name (letters) is skipped up to the first other character; the first letter
    after it, inside the group, decides; none means not lower case (``{\\ss}``).
    """
    depth = 1
    in_command = True
    for char in word[start:]:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                break
        if in_command:
            in_command = char.isalpha()
        elif char.isalpha():
            return char.islower()
    return False


def _deepest(word: str) -> int:
    """Return how deep braces nest in ``word`` (a stray ``}`` at depth 0 is a character)."""
    depth = deepest = 0
    for char in word:
        if char == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "}" and depth:
            depth -= 1
    return deepest


def format_names(people: tuple[Person, ...] | list[Person]) -> str:
    """Join people into a canonical BibTeX name list (``Last, First and ...``).

    >>> format_names([Person("Belharbi", "Soufiane"), OTHERS])
    'Belharbi, Soufiane and others'
    """
    return " and ".join(p.bibtex() for p in people)


def is_truncated(people: tuple[Person, ...]) -> bool:
    """Return True when the list ends with ``and others``."""
    return bool(people) and people[-1] == OTHERS


def fold(text: str) -> str:
    """Fold a name or word for matching (:func:`belharbi_bib.folding.fold`).

    >>> fold("González-González")
    'gonzalezgonzalez'
    >>> fold("{\\\\'E}cole"), fold("Ørsted")
    ('ecole', 'orsted')
    """
    return folding.fold(text)
