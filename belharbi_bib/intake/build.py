"""From a work a source describes to an entry, each field noted with the URL it came from (pure)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from belharbi_bib import patterns
from belharbi_bib.enrichment.evidence import (
    VENUE_FIELDS,
    author_fact,
    braced,
    latex_text,
    month_fact,
    plain_text,
)
from belharbi_bib.identifiers import is_preprint_doi
from belharbi_bib.model import Record, Venue, VenueKind
from belharbi_bib.structs import dataclass, field

if TYPE_CHECKING:
    from belharbi_bib.enrichment.works import Work
    from belharbi_bib.venues import VenueRegistry

THESIS_FIELD = "school"
_ACRONYM = patterns.compile(r"\(([A-Za-z][A-Za-z0-9&@-]{1,15})\)")
_DRAFT_KEY = "new"


@dataclass
class Draft:
    """An entry being built, with the sources of each of its fields.

    Attributes:
        record: The entry.
        sources: Field name (``venue`` for the venue as a whole) → the URLs it was read from.
        problems: Remarks made while building (unknown venue …), as ``(code, message)``.
        venue_text: The venue as the source named it, before any registry lookup.
    """

    record: Record
    sources: dict[str, list[str]] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)
    venue_text: str = ""

    def note(self, name: str, url: str) -> None:
        """Record that field ``name`` was read from ``url``."""
        if url:
            urls = self.sources.setdefault(name, [])
            if url not in urls:
                urls.append(url)


def draft_of(work: Work) -> Draft:
    """Return the entry a work gives (key ``new``; the venue as the source names it)."""
    title = latex_text(work.title) if work.source == "arxiv" else plain_text(work.title)
    entry_type = work.entry_type if work.venue or work.entry_type == "misc" else "misc"
    draft = Draft(Record(_DRAFT_KEY, entry_type))
    draft.venue_text = work.venue

    def put(name: str, raw: str | None) -> None:
        if raw:
            draft.record = draft.record.with_raw(name, raw)
            draft.note(name, work.url)

    authors = author_fact(work.authors)
    put("author", authors.raw if authors else None)
    put("title", braced(title))
    venue_field = THESIS_FIELD if entry_type == "phdthesis" else VENUE_FIELDS.get(entry_type)
    if venue_field and work.venue:
        put(venue_field, braced(plain_text(work.venue)))
        draft.note("venue", work.url)
    for name, value in (("volume", work.volume), ("number", work.number)):
        put(name, braced(plain_text(value)) if value else None)
    put("pages", braced(plain_text(work.pages).replace("-", "--").replace("----", "--"))
        if work.pages else None)  # fmt: skip
    put("year", braced(str(work.year)) if work.year else None)
    month = month_fact(work.month)
    put("month", month.raw if month else None)
    if work.doi and not is_preprint_doi(work.doi):
        put("doi", braced(work.doi))
    if work.arxiv:
        put("eprint", braced(work.arxiv))
        put("archiveprefix", "{arXiv}")
        put("primaryclass", braced(work.primary_class) if work.primary_class else None)
        if entry_type == "misc":
            put("howpublished", braced(f"arXiv preprint arXiv:{work.arxiv}"))
    link = work.link or (f"https://arxiv.org/abs/{work.arxiv}" if work.arxiv else "")
    put("url", braced(link) if link else None)
    return draft


def match_venue(registry: VenueRegistry, text: str) -> Venue | None:
    """Return the registry venue a source's venue text names, or None.

    The text as given is tried, then without its parenthesised parts, then each
    parenthesised acronym (Crossref writes ``2022 IEEE/CVF Winter Conference on Applications
    of Computer Vision (WACV)``).

    >>> from belharbi_bib.venues import VenueRegistry
    >>> wacv = Venue("wacv", "WACV", "Winter Conference on Applications of Computer Vision",
    ...              VenueKind.CONFERENCE)
    >>> registry = VenueRegistry({"wacv": wacv})
    >>> match_venue(registry, "2022 IEEE/CVF Winter Conference on Applications of "
    ...             "Computer Vision (WACV)").id
    'wacv'
    """
    plain = " ".join(text.replace("\\&", "&").split())
    if not plain:
        return None
    for candidate in (plain, _ACRONYM.sub(" ", plain), *_ACRONYM.findall(plain)):
        found = registry.match(candidate)
        if found is not None:
            return found
    return None


def apply_venue(draft: Draft, venue: Venue) -> None:
    """Give the entry the registry's venue: its name in the venue field, and ``venueid``."""
    record = draft.record
    if venue.kind is VenueKind.PREPRINT:
        draft.record = record.with_raw("venueid", braced(venue.id))
        return
    name = THESIS_FIELD if record.entry_type == "phdthesis" else VENUE_FIELDS.get(record.entry_type)
    if name:
        draft.record = record.with_raw(name, braced(venue.name))
    draft.record = draft.record.with_raw("venueid", braced(venue.id))
    for url in draft.sources.get("venue", []):
        draft.note("venueid", url)


def new_venue(text: str, kind_hint: str, taken: Mapping[str, object]) -> Venue:
    """Return a registry venue for an unknown venue's text (id from its acronym or initials).

    >>> new_venue("Medical Imaging with Deep Learning (MIDL)", "inproceedings", {}).id
    'midl'
    >>> new_venue("Pattern Recognition Letters", "article", {}).short
    'PRL'
    """
    plain = " ".join(plain_text(text).replace("\\&", "&").split())
    acronyms = _ACRONYM.findall(plain)
    name = " ".join(_ACRONYM.sub(" ", plain).split()) or plain
    if acronyms:
        short = acronyms[-1]
    elif len(name) <= 12 and " " not in name:
        short = name
    else:
        short = "".join(w[0] for w in name.split() if w[:1].isalpha() and w[0].isupper()) or name
    base = re.sub(r"[^a-z0-9]", "", short.lower()) or "venue"
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}{n}", n + 1
    if kind_hint == "article":
        kind = VenueKind.JOURNAL
    elif "workshop" in name.lower():
        kind = VenueKind.WORKSHOP
    else:
        kind = VenueKind.CONFERENCE
    return Venue(ident, short, name, kind)
