"""Evidence: what a source says about one work, as BibTeX field values with their provenance."""

from __future__ import annotations

import html
from collections.abc import Iterable

from belharbi_bib import patterns
from belharbi_bib.identifiers import clean_doi, is_preprint_doi, is_valid_doi
from belharbi_bib.model import Person
from belharbi_bib.names import format_names, parse_names
from belharbi_bib.structs import dataclass
from belharbi_bib.values import MONTH_MACROS

VENUE_FIELDS: dict[str, str] = {
    "article": "journal",
    "inproceedings": "booktitle",
    "incollection": "booktitle",
}
"""The field that names the venue, by published entry type."""

_TAG = patterns.compile(r"<[^>]{0,200}>")
_UNESCAPED = patterns.compile(r"(?<!\\)([&%#])")
_UNESCAPED_PLAIN = patterns.compile(r"(?<!\\)([&%#_$])")
_DBLP_NUMBER = patterns.compile(r"\s+\d{4}$")
MONTHS = tuple(MONTH_MACROS)


@dataclass(frozen=True, slots=True)
class Fact:
    """One field value a source offers.

    Attributes:
        field: The BibTeX field name, lower case.
        raw: The raw BibTeX value (``{...}`` or a month macro).
        preprint_only: True for facts that describe the preprint (its year and month): they
            are only offered to entries that are still preprints.
    """

    field: str
    raw: str
    preprint_only: bool = False


@dataclass(frozen=True, slots=True)
class Evidence:
    """What one source says about one work.

    Attributes:
        source: ``arxiv``, ``crossref`` or ``dblp``.
        url: The request that answered.
        score: How well the answer matched the entry (1.0 for lookups by identifier).
        facts: The field values offered, in a fixed order.
        entry_type: The published entry type when the answer is a published version
            (``inproceedings``, ``article`` ...); applied only to preprints.
        label: What the source calls the work (arXiv id, DOI, DBLP key).
        title: The title the source gives (for sanity checks), plain.
        authors: The author names the source gives, in reading order.
        notes: Remarks reported (as information) when the evidence is applied.
    """

    source: str
    url: str
    score: float
    facts: tuple[Fact, ...]
    entry_type: str | None = None
    label: str = ""
    title: str = ""
    authors: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def braced(text: str) -> str:
    """Return text as a braced raw value, dropping braces that would not balance.

    >>> braced("Deep {CAM}"), braced("odd } brace")
    ('{Deep {CAM}}', '{odd  brace}')
    """
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0:
        text = text.replace("{", "").replace("}", "")
    return "{" + text + "}"


def latex_text(text: str) -> str:
    r"""Return arXiv title text (LaTeX as typed) safe as a value: ``& % #`` escaped, one line.

    >>> latex_text("Fast & Slow:  $\\alpha_1$ 100%")
    'Fast \\& Slow: $\\alpha_1$ 100\\%'
    """
    return _UNESCAPED.sub(r"\\\1", " ".join(text.split()))


def plain_text(text: str) -> str:
    r"""Return plain web text (HTML entities and tags possible) as BibTeX text.

    >>> plain_text("Pattern Analysis &amp; Machine <i>Intelligence</i>_2 {x}")
    'Pattern Analysis \\& Machine Intelligence\\_2 x'
    """
    text = _TAG.sub("", html.unescape(text))
    text = text.replace("{", "").replace("}", "").replace("\\", "")
    return _UNESCAPED_PLAIN.sub(r"\\\1", " ".join(text.split()))


def person_of(name: str) -> Person:
    """Return a person from a name in reading order (DBLP's homonym numbers dropped).

    >>> person_of("Ismail Ben Ayed 0001").bibtex()
    'Ayed, Ismail Ben'
    >>> person_of("Manuela González-González").last
    'González-González'
    """
    clean = _DBLP_NUMBER.sub("", " ".join(name.replace(" and ", " ").split()))
    people = parse_names(clean.replace("{", "").replace("}", ""))
    return people[0] if people else Person(clean)


def author_fact(names: Iterable[str]) -> Fact | None:
    """Return the ``author`` fact of names in reading order, or None when there are none.

    >>> author_fact(["Soufiane Belharbi", "Eric Granger"]).raw
    '{Belharbi, Soufiane and Granger, Eric}'
    """
    people = [person_of(n) for n in names if n.strip()]
    if not people:
        return None
    return Fact("author", braced(_escape_names(format_names(people))))


def _escape_names(text: str) -> str:
    return _UNESCAPED.sub(r"\\\1", text)


def text_fact(field: str, value: object, *, preprint_only: bool = False) -> Fact | None:
    """Return a fact of plain web text, or None when the value is empty or not text.

    >>> text_fact("volume", 33).raw, text_fact("volume", "") is None
    ('{33}', True)
    """
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    text = plain_text(str(value))
    return Fact(field, braced(text), preprint_only) if text else None


def month_fact(month: int | None, *, preprint_only: bool = False) -> Fact | None:
    """Return a ``month`` fact as the month macro.

    >>> month_fact(3).raw, month_fact(13) is None
    ('mar', True)
    """
    if month is None or not 1 <= month <= 12:
        return None
    return Fact("month", MONTHS[month - 1], preprint_only)


def doi_fact(doi: str | None) -> Fact | None:
    """Return a ``doi`` fact, or None for no DOI or a preprint server's DOI.

    >>> doi_fact("10.48550/arXiv.2201.02445") is None, doi_fact("10.1109/X.1").raw
    (True, '{10.1109/X.1}')
    """
    if not doi:
        return None

    clean = clean_doi(doi)
    if not is_valid_doi(clean) or is_preprint_doi(clean):
        return None
    return Fact("doi", braced(clean))


def present(facts: Iterable[Fact | None]) -> tuple[Fact, ...]:
    """Return the facts that are not None, in order."""
    return tuple(f for f in facts if f is not None)
