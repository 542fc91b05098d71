"""The CV owner: whose name is highlighted, matched across spellings, and never truncated away.

Matching is robust to the variants real author lists use: accents or not (``Hérault`` /
``Herault``), initials (``S. Belharbi``), either order (``Belharbi, S.``), hyphenation
(``Gonzalez Gonzalez`` / ``González-González``) and particles written as first names
(``Ismail Ben Ayed`` / ``Ben Ayed, Ismail``). Extra aliases cover anything else.
"""

from __future__ import annotations

from collections.abc import Sequence

from belharbi_bib import patterns
from belharbi_bib.latex import to_unicode
from belharbi_bib.model import Person
from belharbi_bib.names import OTHERS, fold, parse_names
from belharbi_bib.structs import dataclass

DEFAULT_OWNER = "Soufiane Belharbi"
"""The owner of the bundled database."""

_GIVEN_SPLIT = patterns.compile(r"[\s.\-‐‑]+")


@dataclass(frozen=True, slots=True)
class _Name:
    """A name as folded tokens: given names (with an initials flag) and family name tokens."""

    tokens: tuple[str, ...]
    initials: tuple[bool, ...]
    given: int

    def splits(self) -> range:
        """Where the family name may start: after one given name at least, if there are any."""
        return range(self.given, min(self.given, 1) - 1, -1)


def _tokens(person: Person) -> _Name:

    tokens: list[str] = []
    initials: list[bool] = []
    given = 0
    for part, is_given in ((person.first, True), (person.von, False), (person.last, False)):
        text = to_unicode(part) if part else ""
        pieces = _GIVEN_SPLIT.split(text) if is_given else text.split()
        for piece in pieces:
            folded = fold(piece)
            if folded:
                tokens.append(folded)
                initials.append(is_given and len(folded) == 1)
                given += is_given
    return _Name(tuple(tokens), tuple(initials), given)


def _given_compatible(
    given: Sequence[str], initials: Sequence[bool], wanted: Sequence[str]
) -> bool:
    """Return True when given names (possibly initials) are compatible with the wanted ones."""
    if not given:
        return True
    if not wanted:
        return False
    # Only the given names both spellings have are compared ("S." vs "Soufiane A.").
    for name, is_initial, target in zip(given, initials, wanted, strict=False):
        if is_initial:
            if not target.startswith(name):
                return False
        elif name != target:
            return False
    return True


def _same(candidate: _Name, owner: _Name) -> bool:
    """Return True when some split of both names gives equal families and compatible givens.

    A family name may take in trailing given names ("Ismail Ben Ayed" read as first names
    "Ismail Ben") but never all of them.
    """
    for k in candidate.splits():
        family = "".join(candidate.tokens[k:])
        for i in owner.splits():
            if "".join(owner.tokens[i:]) != family:
                continue
            if _given_compatible(candidate.tokens[:k], candidate.initials[:k], owner.tokens[:i]):
                return True
    return False


@dataclass(frozen=True, slots=True)
class Owner:
    """Whose name a CV highlights.

    Attributes:
        name: The owner's name, in any BibTeX spelling (``Soufiane Belharbi``, ``Belharbi, S.``).
        aliases: Other names that also denote the owner (e.g. a maiden name).
    """

    name: str = DEFAULT_OWNER
    aliases: tuple[str, ...] = ()

    def matches(self, person: Person) -> bool:
        """Return True when ``person`` is the owner.

        >>> owner = Owner("Soufiane Belharbi")
        >>> [owner.matches(p) for p in (Person("Belharbi", "S."), Person("Belharbi", "Sofiane"))]
        [True, False]
        >>> Owner("Manuela González-González").matches(Person("Gonzalez", "M. Gonzalez"))
        True
        """
        candidate = _tokens(person)
        if not candidate.tokens:
            return False
        return any(_same(candidate, wanted) for wanted in _owner_names(self))

    def display(self) -> str:
        """Return the owner's name in reading order, as Unicode text.

        >>> Owner("Belharbi, Soufiane").display()
        'Soufiane Belharbi'
        """
        people = parse_names(self.name)
        return to_unicode(people[0].display()) if people else self.name


def _owner_names(owner: Owner) -> tuple[_Name, ...]:

    names: list[_Name] = []
    for spelling in (owner.name, *owner.aliases):
        for person in parse_names(spelling)[:1]:
            name = _tokens(person)
            if name.tokens:
                names.append(name)
    return tuple(names)


GAP = Person("…")
"""Marks omitted authors between those shown (before the owner) in a truncated list."""


@dataclass(frozen=True, slots=True)
class AuthorList:
    """The authors a CV item shows.

    Attributes:
        people: The people shown, in order; :data:`GAP` marks omitted authors before the owner.
        owner_flags: For each entry of ``people``, whether it is the owner.
        et_al: True when authors after the last one shown were omitted.
    """

    people: tuple[Person, ...]
    owner_flags: tuple[bool, ...]
    et_al: bool


def shorten_authors(
    people: Sequence[Person], owner: Owner, max_authors: int | None = None
) -> AuthorList:
    """Return the authors to show: at most ``max_authors``, plus the owner when cut off.

    The owner is never hidden: when they come after the cut, the list shows the first
    ``max_authors - 1`` authors (at least one), a gap, the owner, then "et al." if others follow.

    >>> people = [Person(n) for n in "ABCDE"]
    >>> shown = shorten_authors(people, Owner("D"), 2)
    >>> [p.last for p in shown.people], shown.et_al
    (['A', '…', 'D'], True)
    >>> [p.last for p in shorten_authors(people, Owner("B"), 2).people]
    ['A', 'B']
    """
    listed = [p for p in people if p != OTHERS]
    truncated = len(listed) != len(people)
    flags = [owner.matches(p) for p in listed]
    if max_authors is None or max_authors <= 0 or len(listed) <= max_authors:
        return AuthorList(tuple(listed), tuple(flags), truncated)
    if any(flags[:max_authors]):
        return AuthorList(tuple(listed[:max_authors]), tuple(flags[:max_authors]), True)
    if not any(flags):
        return AuthorList(tuple(listed[:max_authors]), tuple(flags[:max_authors]), True)
    at = flags.index(True)
    lead = max(max_authors - 1, 1)
    shown = [*listed[:lead], GAP, listed[at]]
    shown_flags = [*flags[:lead], False, True]
    return AuthorList(tuple(shown), tuple(shown_flags), truncated or at < len(listed) - 1)
