"""What a user types to name a work: an arXiv id or URL, a DOI, a DBLP key, an OpenReview id.

>>> identify("https://arxiv.org/abs/2109.07069v2")
WorkId(kind='arxiv', value='2109.07069')
>>> identify("https://doi.org/10.1016/j.media.2024.103154")
WorkId(kind='doi', value='10.1016/j.media.2024.103154')
>>> identify("DBLP:conf/wacv/BelharbiSRKPG22")
WorkId(kind='dblp', value='conf/wacv/BelharbiSRKPG22')
>>> identify("https://openreview.net/forum?id=FF6XuIyeF6V")
WorkId(kind='openreview', value='FF6XuIyeF6V')
>>> identify("10.48550/arXiv.2201.02445")
WorkId(kind='arxiv', value='2201.02445')
>>> identify("hello world") is None
True
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

from belharbi_bib import patterns
from belharbi_bib.identifiers import clean_doi, find_arxiv, is_valid_doi, parse_arxiv
from belharbi_bib.structs import dataclass

KINDS: tuple[str, ...] = ("arxiv", "doi", "dblp", "openreview")
"""The kinds of identifiers ``add`` takes, in the order they are tried."""

_DBLP_KEY = patterns.compile(
    r"(?:conf|journals|books|series|reference|phd|tr|ms|persons)/[A-Za-z0-9_.-]+/[A-Za-z0-9_.:+-]+"
)
_OPENREVIEW_ID = patterns.compile(r"[A-Za-z0-9_-]{8,16}")


@dataclass(frozen=True, slots=True)
class WorkId:
    """An identifier of a work.

    Attributes:
        kind: ``arxiv``, ``doi``, ``dblp`` or ``openreview``.
        value: The identifier in canonical form (arXiv id without version, bare DOI, DBLP
            key without ``DBLP:``, OpenReview forum id).
    """

    kind: str
    value: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


def identify(text: str) -> WorkId | None:
    """Return the identifier ``text`` names, or None when it names none."""
    text = text.strip()
    if not text:
        return None
    for kind, reader in (
        ("openreview", _openreview),
        ("dblp", _dblp),
        ("arxiv", _arxiv),
        ("doi", _doi),
    ):
        value = reader(text)
        if value:
            return WorkId(kind, value)
    return None


def _arxiv(text: str) -> str | None:
    found = parse_arxiv(text) or find_arxiv(text)
    return found.id if found else None


def _doi(text: str) -> str | None:
    doi = clean_doi(unquote(text))
    return doi if is_valid_doi(doi) else None


def _dblp(text: str) -> str | None:
    parts = urlsplit(text)
    if parts.scheme in ("http", "https"):
        if not parts.netloc.lower().endswith("dblp.org") or not parts.path.startswith("/rec/"):
            return None
        text = re.sub(r"\.(html|xml|bib|ris|nt|rdf|ttl)$", "", parts.path.removeprefix("/rec/"))
    text = text.removeprefix("DBLP:").removeprefix("dblp:")
    return text if _DBLP_KEY.fullmatch(text) else None


def _openreview(text: str) -> str | None:
    parts = urlsplit(text)
    if parts.scheme in ("http", "https"):
        if not parts.netloc.lower().endswith("openreview.net"):
            return None
        ident = parse_qs(parts.query).get("id", [""])[0]
        return ident if _OPENREVIEW_ID.fullmatch(ident) else None
    for prefix in ("openreview:", "OpenReview:"):
        if text.startswith(prefix):
            ident = text.removeprefix(prefix).strip()
            return ident if _OPENREVIEW_ID.fullmatch(ident) else None
    return None
