"""Discovering the owner's works: ask each service for them, group, compare with the library.

Works found at several services are one item when they share an identifier or their titles
fold to the same words. Each item is *new*, *present* or *uncertain* after the catalogue's
rules (identifiers first, then title and author), with the evidence that decided it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from belharbi_bib.enrichment import arxiv, dblp, openreview, orcid
from belharbi_bib.enrichment.atom import FeedError
from belharbi_bib.enrichment.client import NetError
from belharbi_bib.enrichment.matching import title_words
from belharbi_bib.intake.catalogue import NEW, PRESENT, UNCERTAIN, Catalogue, Verdict
from belharbi_bib.intake.ids import WorkId
from belharbi_bib.structs import dataclass, field

if TYPE_CHECKING:
    from belharbi_bib.enrichment.client import HttpClient
    from belharbi_bib.enrichment.services import Endpoints
    from belharbi_bib.enrichment.works import Work
    from belharbi_bib.intake.owner import Owner

BAD_ANSWERS = (FeedError, dblp.ShapeError, openreview.ShapeError, orcid.ShapeError)
ORDER = {NEW: 0, UNCERTAIN: 1, PRESENT: 2}
STRENGTH = {PRESENT: 2, UNCERTAIN: 1, NEW: 0}


@dataclass
class Item:
    """One work found, possibly at several services.

    Attributes:
        works: What each service said, in the order asked.
        verdict: Where it stands against the library.
    """

    works: list[Work] = field(default_factory=list)
    verdict: Verdict = field(default_factory=lambda: Verdict(NEW))

    @property
    def title(self) -> str:
        """The title of the first service that gave one."""
        return next((w.title for w in self.works if w.title), "")

    @property
    def year(self) -> int | None:
        """The latest year given (a published version's, rather than its preprint's)."""
        years = [w.year for w in self.works if w.year]
        return max(years) if years else None

    @property
    def labels(self) -> tuple[str, ...]:
        """What each service calls the work."""
        return tuple(dict.fromkeys(w.label for w in self.works))

    def identifier(self) -> WorkId | None:
        """The identifier ``add`` would use: arXiv id, else DBLP key, else DOI, else OpenReview.

        A DBLP record names its DOI, which ``add`` then looks up on Crossref too.
        """
        for kind, attribute in (("arxiv", "arxiv"), ("dblp", "dblp"), ("doi", "doi"),
                                ("openreview", "openreview")):  # fmt: skip
            for work in self.works:
                value = getattr(work, attribute)
                if value and not (kind == "dblp" and work.informal):
                    return WorkId(kind, value)
        return None

    def as_dict(self) -> dict[str, object]:
        """Return the item as JSON-ready data."""
        ident = self.identifier()
        return {
            "status": self.verdict.status,
            "key": self.verdict.key or None,
            "evidence": self.verdict.evidence,
            "title": self.title,
            "year": self.year,
            "found": list(self.labels),
            "add_with": str(ident) if ident else None,
            "urls": list(dict.fromkeys(w.url for w in self.works)),
        }


@dataclass
class Discovery:
    """What ``discover`` found.

    Attributes:
        items: The works found, new first, then uncertain, then present.
        asked: The services asked, with the number of works each listed.
        failed: Services that could not answer, with the reason.
        skipped: Services skipped for want of an owner identifier.
    """

    items: list[Item] = field(default_factory=list)
    asked: dict[str, int] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    skipped: tuple[str, ...] = ()

    def count(self, status: str) -> int:
        """Return the number of items with ``status``."""
        return sum(1 for i in self.items if i.verdict.status == status)


Fetch = Callable[["HttpClient", "Endpoints", str], Sequence["Work"]]


def _arxiv(client: HttpClient, endpoints: Endpoints, query: str) -> Sequence[Work]:
    entries, url = arxiv.author_search(client, endpoints.arxiv, query)
    return [arxiv.as_work(e, url) for e in entries]


def _dblp(client: HttpClient, endpoints: Endpoints, pid: str) -> Sequence[Work]:
    return dblp.fetch_person(client, endpoints.dblp_root(), pid)


def _openreview(client: HttpClient, endpoints: Endpoints, profile: str) -> Sequence[Work]:
    return openreview.fetch_profile(client, endpoints.openreview, profile)


def _orcid(client: HttpClient, endpoints: Endpoints, ident: str) -> Sequence[Work]:
    return orcid.fetch_works(client, endpoints.orcid, ident)


FETCHERS: dict[str, Fetch] = {
    "arxiv": _arxiv,
    "dblp": _dblp,
    "openreview": _openreview,
    "orcid": _orcid,
}
"""How each service lists the owner's works, by the :class:`Owner` attribute it uses."""


def discover(
    owner: Owner, catalogue: Catalogue, client: HttpClient, endpoints: Endpoints
) -> Discovery:
    """Ask every service the owner has an identifier for; group and judge what they list."""
    found = Discovery(skipped=tuple(s for s in FETCHERS if s not in owner.configured))
    works: list[Work] = []
    for service, fetch in FETCHERS.items():
        ident = getattr(owner, service)
        if not ident:
            continue
        try:
            listed = fetch(client, endpoints, ident)
        except NetError as exc:
            found.failed[service] = exc.reason
            continue
        except BAD_ANSWERS as exc:
            found.failed[service] = f"unreadable answer ({exc})"
            continue
        found.asked[service] = len(listed)
        works.extend(listed)
    found.items = [_judged(item, catalogue) for item in group(works)]
    found.items.sort(key=lambda i: (ORDER[i.verdict.status], -(i.year or 0), i.title.lower()))
    return found


def group(works: Sequence[Work]) -> list[Item]:
    """Return the works grouped: same identifier, or titles folding to the same words."""
    items: list[Item] = []
    index: dict[str, int] = {}
    for work in works:
        keys = [*work.identifiers, "title:" + " ".join(title_words(work.title))]
        hits = sorted({index[k] for k in keys if k in index})
        if not hits:
            items.append(Item([work]))
            target = len(items) - 1
        else:
            target = hits[0]
            items[target].works.append(work)
            for other in hits[1:]:  # the work joins two groups: merge them
                items[target].works.extend(items[other].works)
                items[other].works = []
                for key, value in list(index.items()):
                    if value == other:
                        index[key] = target
        for key in keys:
            index.setdefault(key, target)
    return [i for i in items if i.works]


def _judged(item: Item, catalogue: Catalogue) -> Item:
    best = Verdict(NEW, "", "")
    evidence = []
    for work in item.works:
        verdict = catalogue.judge(work)
        if STRENGTH[verdict.status] > STRENGTH[best.status]:
            best = verdict
        evidence.append(verdict.evidence)
    if best.status == NEW:
        best = Verdict(NEW, "", evidence[0] if evidence else "")
    item.verdict = best
    return item
