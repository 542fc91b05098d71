"""Matching: is a search hit the entry's work? Folded-title similarity plus a shared surname (pure).

A hit is *acceptable* when its folded title is at least :data:`TITLE_THRESHOLD` similar to the
entry's and at least one author surname appears in both lists. One acceptable hit is a match;
two or more acceptable hits that are different works are *ambiguous* and never applied.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from belharbi_bib.enrichment.evidence import person_of
from belharbi_bib.folding import words
from belharbi_bib.names import fold
from belharbi_bib.structs import dataclass, replace

if TYPE_CHECKING:
    from belharbi_bib.enrichment.evidence import Evidence
    from belharbi_bib.model import Person

TITLE_THRESHOLD = 0.9
"""Least similarity of folded titles for a search hit to be accepted."""
SANITY_THRESHOLD = 0.5
"""Least similarity between the entry's title and the title an identifier lookup returns."""


def title_words(text: str) -> tuple[str, ...]:
    """Return the words of a title folded: no case, accents, braces, LaTeX or punctuation.

    >>> title_words("{Deep} {CAM}: Learning -- {\\\\'E}tude")
    ('deep', 'cam', 'learning', 'etude')
    """
    return words(text)


def title_similarity(a: str, b: str) -> float:
    """Return how similar two titles are, from 0 to 1, after folding.

    >>> title_similarity("Deep {CAM}: a survey.", "Deep CAM -- A Survey")
    1.0
    >>> title_similarity("Deep CAM", "Shallow networks for CAM") < 0.9
    True
    """
    left, right = " ".join(title_words(a)), " ".join(title_words(b))
    if not left or not right:
        return 0.0
    return round(difflib.SequenceMatcher(None, left, right, autojunk=False).ratio(), 3)


def surname(name: str) -> str:
    """Return the folded last word of a surname (``Ben Ayed`` → ``ayed``).

    >>> surname("González-González"), surname("{van} Beethoven")
    ('gonzalezgonzalez', 'beethoven')
    """
    words = name.replace("{", " ").replace("}", " ").split()
    return fold(words[-1]) if words else ""


def record_surnames(people: Iterable[Person]) -> frozenset[str]:
    """Return the folded surnames of an entry's authors (``others`` left out)."""
    return frozenset(s for p in people if p.last != "others" and (s := surname(p.last)))


def hit_surnames(names: Iterable[str]) -> frozenset[str]:
    """Return the folded surnames of names in reading order.

    >>> sorted(hit_surnames(["Soufiane Belharbi", "Ismail Ben Ayed 0001"]))
    ['ayed', 'belharbi']
    """
    return frozenset(s for n in names if (s := surname(person_of(n).last)))


@dataclass(frozen=True, slots=True)
class Choice:
    """The outcome of matching hits against an entry.

    Attributes:
        match: The one acceptable hit, or None.
        ambiguous: The acceptable hits when there are several different works.
        best_score: The best title similarity seen among all hits (0 when there were none).
    """

    match: Evidence | None = None
    ambiguous: tuple[Evidence, ...] = ()
    best_score: float = 0.0


def choose(title: str, people: Sequence[Person], hits: Sequence[Evidence]) -> Choice:
    """Return the hit that is the entry's work, if exactly one is acceptable.

    Each hit's ``score`` is replaced by its title similarity with ``title``.
    """
    mine = record_surnames(people)
    scored = [replace(h, score=title_similarity(title, h.title)) for h in hits]
    best = max((h.score for h in scored), default=0.0)
    accepted = [h for h in scored if h.score >= TITLE_THRESHOLD and mine & hit_surnames(h.authors)]
    distinct: dict[str, Evidence] = {}
    for hit in sorted(accepted, key=lambda h: -h.score):
        distinct.setdefault(hit.label or hit.url, hit)
    if len(distinct) > 1:
        return Choice(None, tuple(distinct.values()), best)
    if distinct:
        return Choice(next(iter(distinct.values())), (), best)
    return Choice(None, (), best)
