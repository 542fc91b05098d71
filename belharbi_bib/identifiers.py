"""Identifiers: arXiv ids and DOIs, recognised, validated and put in canonical form (pure)."""

from __future__ import annotations

import functools
import re

from belharbi_bib import patterns
from belharbi_bib.structs import dataclass

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:  # a protocol for type checkers only
    from typing import Protocol

    class HasFields(Protocol):
        """Anything with BibTeX fields by name (a :class:`~belharbi_bib.model.Record`)."""

        def field(self, name: str, default: str | None = None) -> str | None:
            """Return the text of field ``name``, or ``default``."""


_PATTERNS: dict[str, tuple[str, int]] = {
    "new_style": (r"(?P<id>\d{4}\.\d{4,5})(?:v(?P<version>\d+))?", 0),
    "old_style": (
        r"(?P<id>(?P<archive>[a-z][a-z-]*)(?:\.[A-Z]{2})?/\d{7})(?:v(?P<version>\d+))?",
        0,
    ),
    "arxiv_in_text": (
        r"(?:arxiv(?:\.org)?(?:/abs|/pdf)?[:/ ]\s*|10\.48550/arxiv\.)"
        r"(?P<id>\d{4}\.\d{4,5}(?:v\d+)?|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)",
        re.IGNORECASE,
    ),
    "doi": (r"10\.\d{4,9}/\S+", 0),
    "doi_prefix": (r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE),
}


@functools.cache
def _pattern(name: str) -> re.Pattern[str]:
    """Return the compiled pattern ``name`` of :data:`_PATTERNS`, compiled on first use.

    Compiling them all (the case-insensitive ones above all) took ~2 ms of every import of
    the model, which reading a file does not need.
    """
    return patterns.compile(*_PATTERNS[name])


PREPRINT_DOI_PREFIXES = ("10.48550/", "10.1101/", "10.2139/")
"""DOI prefixes of preprint servers (arXiv, bioRxiv/medRxiv, SSRN): not published DOIs."""


@dataclass(frozen=True, slots=True)
class ArxivId:
    """An arXiv identifier without prefix.

    Attributes:
        id: ``2109.07069`` or ``math/0601001`` (no version).
        version: The version number when one was given.
        primary_class: The primary category (``cs.CV``) when known.
    """

    id: str
    version: int | None = None
    primary_class: str | None = None

    @property
    def url(self) -> str:
        """The abstract page URL."""
        return f"https://arxiv.org/abs/{self.id}"

    def __str__(self) -> str:
        return f"{self.id}v{self.version}" if self.version else self.id


def parse_arxiv(text: str) -> ArxivId | None:
    """Parse a bare arXiv id (new or old style, optional ``arXiv:`` prefix and version).

    >>> parse_arxiv("arXiv:2109.07069v2")
    ArxivId(id='2109.07069', version=2, primary_class=None)
    >>> parse_arxiv("math.GT/0309136").id
    'math/0309136'
    >>> parse_arxiv("2109.07") is None
    True
    """
    text = text.strip()
    if text.lower().startswith("arxiv:"):
        text = text[6:].strip()
    match = _pattern("new_style").fullmatch(text)
    if match is None:
        match = _pattern("old_style").fullmatch(text)
        if match is None:
            return None
        number = match.group("id").split("/")[1]
        ident = f"{match.group('archive')}/{number}"
    else:
        ident = match.group("id")
    version = match.group("version")
    return ArxivId(ident, int(version) if version else None)


def find_arxiv(text: str) -> ArxivId | None:
    """Find an arXiv id inside free text: a URL, ``arXiv:...``, or an arXiv DOI.

    >>> find_arxiv("arXiv preprint arXiv:2201.02445").id
    '2201.02445'
    >>> find_arxiv("https://arxiv.org/pdf/2109.07069v1").version
    1
    >>> find_arxiv("10.48550/arXiv.2303.09044").id
    '2303.09044'
    """
    match = _pattern("arxiv_in_text").search(text)
    return parse_arxiv(match.group("id")) if match else None


def arxiv_of(record: HasFields) -> ArxivId | None:
    """Return the arXiv id a record declares in ``eprint`` (arXiv archive), or None."""
    eprint = record.field("eprint")
    if not eprint:
        return None
    archive = (record.field("archiveprefix") or record.field("eprinttype") or "arxiv").lower()
    if archive.strip() != "arxiv":
        return None
    found = parse_arxiv(eprint)
    if found is None:
        return None
    primary = record.field("primaryclass") or record.field("eprintclass")
    return ArxivId(found.id, found.version, primary.strip() if primary else None)


def clean_doi(text: str) -> str:
    """Return a DOI without resolver prefix or surrounding space; case is kept.

    >>> clean_doi("https://doi.org/10.1016/J.PATCOG.2024.111358 ")
    '10.1016/J.PATCOG.2024.111358'
    """
    return _pattern("doi_prefix").sub("", text.strip()).strip()


def is_valid_doi(text: str) -> bool:
    """Return True for a well-formed bare DOI.

    >>> is_valid_doi("10.1109/TMI.2021.3123461"), is_valid_doi("doi.org/10.1")
    (True, False)
    """
    return _pattern("doi").fullmatch(text) is not None


def is_preprint_doi(doi: str) -> bool:
    """Return True for a DOI minted by a preprint server.

    >>> is_preprint_doi("10.48550/arXiv.2201.02445")
    True
    """
    return doi.lower().startswith(PREPRINT_DOI_PREFIXES)
