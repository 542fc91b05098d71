"""A work as one source describes it, whole (pure).

``add`` builds an entry from it; ``discover`` compares it with the database.
"""

from __future__ import annotations

import json
from typing import Any

from belharbi_bib.structs import dataclass, field


class ShapeError(ValueError):
    """A service's answer is not what it should be (not JSON, XML or a feed of the expected shape).

    The one exception every source parser raises for a bad answer (``crossref.ShapeError``,
    ``dblp.ShapeError`` ... name this class).
    """


def read_json(data: bytes) -> Any:
    """Return the decoded JSON of an answer.

    Raises:
        ShapeError: Not JSON (or not UTF-8).

    >>> read_json(b'{"a": 1}')
    {'a': 1}
    """
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ShapeError(f"not JSON: {exc}") from None


def json_objects(data: bytes, key: str, what: str) -> list[dict[str, Any]]:
    """Return the objects of the list under ``key`` of a JSON answer (other items skipped).

    Raises:
        ShapeError: Not JSON, or no ``key`` list (``what`` names the expected answer).

    >>> json_objects(b'{"notes": [{"id": 1}, 2]}', "notes", "a notes list")
    [{'id': 1}]
    """
    decoded = read_json(data)
    items = decoded.get(key) if isinstance(decoded, dict) else None
    if not isinstance(items, list):
        raise ShapeError(f"not {what} (no {key})")
    return [item for item in items if isinstance(item, dict)]


@dataclass(frozen=True, slots=True)
class Work:
    """One work as a source lists it (plain text; absent values are empty).

    Attributes:
        source: The service (``arxiv``, ``crossref``, ``dblp``, ``openreview``, ``orcid``).
        url: The request that answered.
        label: What the source calls the work (``arXiv:2109.07069``, ``doi:10.1/x``,
            ``dblp:conf/wacv/X22``, ``openreview:FF6XuIyeF6V``, ``orcid:12345``).
        title: The title (plain text, or LaTeX as arXiv authors typed it).
        authors: Author names in reading order (may be empty: ORCID summaries have none).
        entry_type: The BibTeX entry type the work is (``article``, ``inproceedings``,
            ``incollection``, ``phdthesis``, ``misc`` for preprints and unknown kinds).
        venue: The journal or proceedings as the source names it.
        year: Year of publication (of first submission, for a preprint).
        month: Month (1-12), when given.
        volume: Volume.
        number: Number (issue).
        pages: Pages.
        doi: A DOI (a preprint server's DOI is dropped when an entry is built).
        arxiv: An arXiv id, without version.
        dblp: A DBLP record key.
        openreview: An OpenReview forum id.
        primary_class: The arXiv primary category.
        link: The landing page of the work (OpenReview forum, publisher page).
        informal: True when the source lists the work as informal (a CoRR copy of a preprint).
        notes: Remarks on how the source was read.
    """

    source: str
    url: str
    label: str
    title: str
    authors: tuple[str, ...] = ()
    entry_type: str = "misc"
    venue: str = ""
    year: int | None = None
    month: int | None = None
    volume: str = ""
    number: str = ""
    pages: str = ""
    doi: str = ""
    arxiv: str = ""
    dblp: str = ""
    openreview: str = ""
    primary_class: str = ""
    link: str = ""
    informal: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def identifiers(self) -> tuple[str, ...]:
        """Every identifier, prefixed (``arxiv:…``, ``doi:…`` lower-cased, ``dblp:…``, …).

        >>> Work("arxiv", "", "", "T", doi="10.1/X", arxiv="2101.00001").identifiers
        ('arxiv:2101.00001', 'doi:10.1/x')
        """
        found = []
        if self.arxiv:
            found.append(f"arxiv:{self.arxiv}")
        if self.doi:
            found.append(f"doi:{self.doi.lower()}")
        if self.dblp:
            found.append(f"dblp:{self.dblp}")
        if self.openreview:
            found.append(f"openreview:{self.openreview}")
        return tuple(found)


def year_of(text: object) -> int | None:
    """Return a 4-digit year found at the start of text, or None.

    >>> year_of("2022-05-01"), year_of(2021), year_of("n.d.")
    (2022, 2021, None)
    """
    digits = str(text or "").strip()[:4]
    return int(digits) if len(digits) == 4 and digits.isdigit() else None
