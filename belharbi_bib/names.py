"""Person names: BibTeX name lists <-> :class:`Person` (the one place that uses pybtex's parser).

pybtex implements BibTeX's own name-splitting rules (von particles, ``Jr``, braces), which are
subtle enough that we reuse them instead of writing our own.
"""

from __future__ import annotations

import functools
import unicodedata

from belharbi_bib.model import Person

OTHERS = Person("others")
"""The ``and others`` marker of a truncated author list."""


@functools.lru_cache(maxsize=4096)
def parse_names(text: str) -> tuple[Person, ...]:
    """Split a BibTeX name list into people.

    >>> [p.bibtex() for p in parse_names("Soufiane Belharbi and Ben Ayed, Ismail")]
    ['Belharbi, Soufiane', 'Ben Ayed, Ismail']
    >>> parse_names("Ludwig van Beethoven and others")[1] == OTHERS
    True
    """
    from pybtex.bibtex.utils import split_name_list
    from pybtex.database import Person as PybtexPerson

    people: list[Person] = []
    for chunk in split_name_list(" ".join(text.split())):
        if chunk.strip().lower() == "others":
            people.append(OTHERS)
            continue
        parsed = PybtexPerson(chunk)
        people.append(
            Person(
                last=" ".join(parsed.last_names),
                first=" ".join(parsed.first_names + parsed.middle_names),
                von=" ".join(parsed.prelast_names),
                jr=" ".join(parsed.lineage_names),
            )
        )
    return tuple(people)


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
    """Fold a name or word for matching: no accents, braces or punctuation, lower case.

    >>> fold("González-González")
    'gonzalezgonzalez'
    >>> fold("{\\\\'E}cole")
    'ecole'
    """
    from belharbi_bib.latex import to_unicode

    plain = unicodedata.normalize("NFKD", to_unicode(text))
    return "".join(c for c in plain if c.isalnum() and not unicodedata.combining(c)).lower()
