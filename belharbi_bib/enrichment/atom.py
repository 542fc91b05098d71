"""XML answers → data: arXiv's Atom feed, and the one safe XML parser (pure).

defusedxml reads with no entities, no DTD and no network; DBLP's XML records go through
:func:`parse_xml` too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from belharbi_bib.identifiers import ArxivId, parse_arxiv
from belharbi_bib.structs import dataclass

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
_ERROR_ID = "arxiv.org/api/errors"


class FeedError(ValueError):
    """The bytes are not an arXiv Atom feed (not XML, or not a feed)."""


class XmlError(ValueError):
    """The bytes are not well-formed XML, or declare a DTD or entities."""


def parse_xml(data: bytes) -> Element:
    """Return the root element of an XML document, parsed safely.

    Raises:
        XmlError: Not well-formed, or a DTD/entity declaration.

    >>> parse_xml(b"<dblp><article key='a'/></dblp>").find("article").get("key")
    'a'
    """
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root: Element = fromstring(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise XmlError(f"not XML: {exc}") from None
    return root


@dataclass(frozen=True, slots=True)
class ArxivEntry:
    """One work as the arXiv API describes it.

    Attributes:
        id: The identifier (version as listed: the latest).
        title: The title, whitespace collapsed (LaTeX as the authors typed it).
        authors: Author names in reading order, as arXiv lists them.
        published: The first-submission timestamp (``2016-05-26T17:52:23Z``).
        primary_class: The primary category (``cs.CV``), when given.
        doi: The DOI the authors declared, when given.
        journal_ref: The journal reference the authors declared, when given.
    """

    id: ArxivId
    title: str
    authors: tuple[str, ...]
    published: str
    primary_class: str | None = None
    doi: str | None = None
    journal_ref: str | None = None

    @property
    def year(self) -> int | None:
        """The year of first submission."""
        digits = self.published[:4]
        return int(digits) if digits.isdigit() else None

    @property
    def month(self) -> int | None:
        """The month of first submission (1-12)."""
        digits = self.published[5:7]
        return int(digits) if digits.isdigit() and 1 <= int(digits) <= 12 else None


@dataclass(frozen=True, slots=True)
class ArxivFeed:
    """A parsed feed.

    Attributes:
        entries: The entries, in feed order.
        total: ``opensearch:totalResults`` when given.
        error: The message of an error feed (``incorrect id format for abc``), else None.
        skipped: How many entries lacked an id or a title and were left out.
    """

    entries: tuple[ArxivEntry, ...] = ()
    total: int | None = None
    error: str | None = None
    skipped: int = 0


def collapse(text: str | None) -> str:
    """Return text with every run of whitespace (line breaks too) made one space.

    >>> collapse("Quantum Criticality for Extended Nodes\\n  in the Large Connectivity Limit")
    'Quantum Criticality for Extended Nodes in the Large Connectivity Limit'
    """
    return " ".join((text or "").split())


def parse_feed(data: bytes) -> ArxivFeed:
    """Parse the bytes of an arXiv API answer.

    Raises:
        FeedError: The bytes are not well-formed XML, declare entities, or are not a feed.
    """
    try:
        root = parse_xml(data)
    except XmlError as exc:
        raise FeedError(f"not an Atom feed: {str(exc).removeprefix('not XML: ')}") from None
    if root.tag != f"{ATOM}feed":
        raise FeedError(f"not an Atom feed: root element {root.tag!r}")
    entries: list[ArxivEntry] = []
    skipped = 0
    for node in root.findall(f"{ATOM}entry"):
        ident = collapse(node.findtext(f"{ATOM}id"))
        if _ERROR_ID in ident:
            return ArxivFeed(error=collapse(node.findtext(f"{ATOM}summary")) or "error")
        entry = _entry(node, ident)
        if entry is None:
            skipped += 1
        else:
            entries.append(entry)
    return ArxivFeed(tuple(entries), _total(root), None, skipped)


def _entry(node: Element, ident: str) -> ArxivEntry | None:
    found = _id_from_url(ident)
    title = collapse(node.findtext(f"{ATOM}title"))
    if found is None or not title:
        return None
    primary = node.find(f"{ARXIV}primary_category")
    authors = tuple(
        name
        for author in node.findall(f"{ATOM}author")
        if (name := collapse(author.findtext(f"{ATOM}name")))
    )
    return ArxivEntry(
        id=found,
        title=title,
        authors=authors,
        published=collapse(node.findtext(f"{ATOM}published")),
        primary_class=primary.get("term") if primary is not None else None,
        doi=collapse(node.findtext(f"{ARXIV}doi")) or None,
        journal_ref=collapse(node.findtext(f"{ARXIV}journal_ref")) or None,
    )


def _id_from_url(url: str) -> ArxivId | None:
    """Return the id of an entry URL (``http://arxiv.org/abs/astro-ph/0601001v1``).

    >>> str(_id_from_url("http://arxiv.org/abs/astro-ph/0601001v1"))
    'astro-ph/0601001v1'
    >>> _id_from_url("http://arxiv.org/abs/1605.08386v1").id
    '1605.08386'
    """
    marker = "/abs/"
    if marker not in url:
        return None
    return parse_arxiv(url.split(marker, 1)[1])


def _total(root: Element) -> int | None:
    text = collapse(root.findtext(f"{OPENSEARCH}totalResults"))
    return int(text) if text.isdigit() else None
