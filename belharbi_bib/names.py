"""Person names: BibTeX name lists <-> :class:`Person` (the one place that uses pybtex's parser).

pybtex implements BibTeX's own name-splitting rules (von particles, ``Jr``, braces), which are
subtle enough that we reuse them instead of writing our own. Names without braces or
backslashes, by far the most common, take a fast path that applies the same rules to plain
words (``tests/test_names_fast.py`` checks it against pybtex); it also spares loading pybtex.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from belharbi_bib import folding
from belharbi_bib.latex import to_unicode


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

_AND = re.compile(" [Aa][Nn][Dd] ")
_SPACES = re.compile(r"[\s~]+")
_NOT_PLAIN = re.compile(r"[{}\\]")


@functools.lru_cache(maxsize=4096)
def parse_names(text: str) -> tuple[Person, ...]:
    """Split a BibTeX name list into people.

    >>> [p.bibtex() for p in parse_names("Soufiane Belharbi and Ben Ayed, Ismail")]
    ['Belharbi, Soufiane', 'Ben Ayed, Ismail']
    >>> parse_names("Ludwig van Beethoven and others")[1] == OTHERS
    True
    >>> parse_names("Miller, D., Firby, J. and Dean, T.")[0]  # too many commas: as written
    Person(last='{Miller, D., Firby, J.}', first='', von='', jr='')
    """
    text = " ".join(text.split())
    if not text:
        return ()
    if _NOT_PLAIN.search(text) is None:
        chunks = [chunk.strip() for chunk in _AND.split(text)]
        if all(chunk.count(",") <= 2 for chunk in chunks):
            return tuple(_plain_person(chunk) for chunk in chunks)
    return _parse_with_pybtex(text)


def _parse_with_pybtex(text: str) -> tuple[Person, ...]:
    from pybtex.bibtex.utils import split_name_list
    from pybtex.database import Person as PybtexPerson
    from pybtex.exceptions import PybtexError

    people: list[Person] = []
    for chunk in split_name_list(text):
        if chunk.strip().lower() == "others":
            people.append(OTHERS)
            continue
        try:
            parsed = PybtexPerson(chunk)
        except PybtexError:  # e.g. "Too many commas": keep the name as written, never fail
            people.append(Person("{" + chunk.replace("{", "").replace("}", "") + "}"))
            continue
        people.append(
            Person(
                last=" ".join(parsed.last_names),
                first=" ".join(parsed.first_names + parsed.middle_names),
                von=" ".join(parsed.prelast_names),
                jr=" ".join(parsed.lineage_names),
            )
        )
    return tuple(people)


def _plain_person(chunk: str) -> Person:
    """Split one name without braces or backslashes (and at most two commas) as BibTeX does.

    >>> _plain_person("Ludwig van Beethoven")
    Person(last='Beethoven', first='Ludwig', von='van', jr='')
    >>> _plain_person("de la Cruz, Jr, Juan Ines")
    Person(last='Cruz', first='Juan Ines', von='de la', jr='Jr')
    """
    if chunk.lower() == "others":
        return OTHERS
    parts = [part.strip() for part in chunk.split(",")]
    if len(parts) == 1:
        words = _words(chunk)
        split = next((i for i, word in enumerate(words) if _is_von(word)), len(words))
        first, von_last = words[:split], words[split:]
        if not von_last and first:
            von_last = [first.pop()]
        jr: list[str] = []
    else:
        von_last = _words(parts[0])
        jr = _words(parts[1]) if len(parts) == 3 else []
        first = _words(parts[-1])
    von, last = _von_last(von_last)
    return Person(last=" ".join(last), first=" ".join(first), von=" ".join(von), jr=" ".join(jr))


def _words(text: str) -> list[str]:
    return [word for word in _SPACES.split(text) if word]


def _von_last(words: list[str]) -> tuple[list[str], list[str]]:
    """Split ``von Last`` words: ``von`` ends with the last lower-case word before the last one."""
    for index in range(len(words) - 2, -1, -1):
        if _is_von(words[index]):
            return words[: index + 1], words[index + 1 :]
    return [], words


def _is_von(word: str) -> bool:
    """Return True when a plain word is a von particle: its first letter is lower case."""
    if word[0].isupper():
        return False
    if word[0].islower():
        return True
    for char in word:
        if char.isalpha():
            return char.islower()
    return False


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
