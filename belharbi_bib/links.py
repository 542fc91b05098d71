"""The links of a work: which fields hold links, their labels and order, each URL once (pure).

This is the one definition every consumer uses: :attr:`Record.links
<belharbi_bib.model.Record.links>`, the CV (page, LaTeX, Markdown, JSON Resume) and
``format --link``. A consumer picks a subset through the parameters of :func:`links_of`, never
by writing its own rule.

The order is the main link first, then the entry's own links in field order:

* a published work's main link is its publisher's DOI, with arXiv beside it; a preprint (or a
  work whose only DOI is a preprint server's) leads with arXiv;
* a preprint-server DOI (``10.48550/arXiv...``) stands for the same work as its arXiv id, so
  only arXiv is kept when both are known;
* ``url`` comes next (labelled "Link"), then ``code``, ``project``, ``slides`` ... with
  ``code2`` labelled "Code 2";
* a URL given twice, a ``url`` that is the DOI's or the arXiv id's page, and anything that is not
  an absolute ``http(s)`` URL are left out.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from belharbi_bib.identifiers import ArxivId, arxiv_of, clean_doi, find_arxiv, is_preprint_doi
from belharbi_bib.structs import dataclass

LINK_FIELDS: tuple[tuple[str, str], ...] = (
    ("code", "Code"),
    ("project", "Project page"),
    ("dataset", "Dataset"),
    ("slides", "Slides"),
    ("poster", "Poster"),
    ("video", "Video"),
    ("pdf", "PDF"),
    ("hal", "HAL"),
    ("leaderboard", "Leaderboard"),
    ("results", "Results"),
    ("whitepaper", "White paper"),
    ("details", "Details"),
    ("post", "Post"),
)
"""Fields that hold one URL each, with their display labels; ``code2``, ``code3`` ... repeat one."""

_LABELS = dict(LINK_FIELDS)

SOURCES: tuple[str, ...] = ("doi", "arxiv", "url", *_LABELS)
"""What a link can come from, as :func:`links_of` ``only=`` names it: ``doi``, ``arxiv``
(``eprint``), ``url``, then the :data:`LINK_FIELDS` (``code`` covers ``code2`` ...)."""


@dataclass(frozen=True, slots=True)
class Link:
    """A labelled URL of a work (DOI, arXiv, code, project page, slides, ...)."""

    label: str
    url: str


TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:  # protocols for type checkers only
    from typing import Protocol

    class _Field(Protocol):
        """A named field with its text (a :class:`~belharbi_bib.model.Field`)."""

        @property
        def name(self) -> str:
            """The field name, in lower case."""

        @property
        def value(self) -> str:
            """The field's text."""

    class Work(Protocol):
        """What links are read from (a :class:`~belharbi_bib.model.Record`)."""

        @property
        def fields(self) -> Sequence[_Field]:
            """Every field, in the order read."""

        def field(self, name: str, default: str | None = None) -> str | None:
            """Return the text of field ``name``, or ``default``."""


def links_of(
    work: Work,
    *,
    arxiv: ArxivId | None = None,
    published: bool = True,
    only: Collection[str] | None = None,
) -> tuple[Link, ...]:
    """Return the links of a work, main link first, each URL once, ``http(s)`` only.

    Args:
        work: The record.
        arxiv: An arXiv id known from elsewhere (a merged preprint); the entry's own otherwise.
        published: Whether the work is published: its DOI leads. False (a preprint): arXiv leads.
        only: Keep only links from these :data:`SOURCES` (``{"doi", "arxiv", "code"}``); the
            order and the dedup stay those of the whole list.

    >>> from belharbi_bib.model import Field, Record
    >>> work = Record("k", "article", (Field.of("doi", "10.1/x"), Field.of("eprint", "2101.0001"),
    ...     Field.of("url", "https://doi.org/10.1/x"), Field.of("code2", "https://c")))
    >>> [link.label for link in links_of(work)]
    ['DOI', 'arXiv', 'Code 2']
    >>> [link.label for link in links_of(work, published=False)]
    ['arXiv', 'DOI', 'Code 2']
    >>> [link.url for link in links_of(work, only={"arxiv"})]
    ['https://arxiv.org/abs/2101.0001']
    """
    # imported here, not at the top: the model imports this module, and every reader with it,
    # while only the renderers (which load ``markup`` anyway) ask a work for its links
    from belharbi_bib.markup import is_safe_url  # noqa: PLC0415

    arxiv = arxiv or arxiv_of(work)
    text = work.field("doi")
    doi = clean_doi(text) if text else None
    preprint_doi = doi is not None and is_preprint_doi(doi)
    found: list[tuple[str, Link]] = []
    if arxiv is not None:
        found.append(("arxiv", Link("arXiv", arxiv.url)))
    if doi and not (arxiv is not None and preprint_doi):
        doi_link = ("doi", Link("DOI", f"https://doi.org/{doi}"))
        found.insert(0 if published and not preprint_doi else len(found), doi_link)
    for source, link in _own_links(work):
        in_url = find_arxiv(link.url)
        if arxiv is not None and in_url is not None and in_url.id == arxiv.id:
            continue  # the arXiv page again (abs, pdf, a version)
        if source == "url" and doi and doi.lower() in link.url.lower():
            continue  # the DOI's page again (doi.org, or the publisher's /doi/ path)
        found.append((source, link))
    seen: set[str] = set()
    kept: list[Link] = []
    for source, link in found:
        if link.url in seen or not is_safe_url(link.url):
            continue
        seen.add(link.url)
        if only is None or source in only:
            kept.append(link)
    return tuple(kept)


def _own_links(work: Work) -> list[tuple[str, Link]]:
    """Return the links the entry's fields give, with their source: ``url``, then link fields."""
    found: list[tuple[str, Link]] = []
    url = work.field("url")
    if url:
        found.append(("url", Link("Link", url.strip())))
    for item in work.fields:
        base = item.name.rstrip("0123456789")
        label = _LABELS.get(base)
        if label is None:
            continue
        suffix = item.name[len(base) :]
        found.append((base, Link(f"{label} {suffix}" if suffix else label, item.value.strip())))
    return found
