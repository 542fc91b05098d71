"""Enrichment: missing metadata, arXiv ids and published venues from arXiv, Crossref and DBLP.

Usage::

    from belharbi_bib import load, load_venues, save
    from belharbi_bib.enrichment import NetSettings, enrich

    net = NetSettings(mailto="me@example.org")           # how to reach the services
    result = enrich(load("refs.bib"), sources=["crossref"], net=net, venues=load_venues())
    for change in result.changes:
        print(change.key, change.describe())
    save(result.library, "refs.bib")

Safety first: a field the entry already has is never overwritten unless named in ``force``,
nothing is deleted, a search hit is taken only when its title matches closely and an author
surname is shared, ambiguous hits are reported and never applied, and a preprint server's
DOI is never taken as a published DOI. See docs/enrichment.md.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from belharbi_bib.enrichment.changes import Change
from belharbi_bib.enrichment.client import HttpClient
from belharbi_bib.enrichment.client import open_client as open_http_client
from belharbi_bib.enrichment.merge import Decision
from belharbi_bib.enrichment.pipeline import Run, quiet, run_sources
from belharbi_bib.enrichment.services import SOURCES, Endpoints
from belharbi_bib.model import Library, Record
from belharbi_bib.normalize import Options, normalize
from belharbi_bib.normalize.changes import diff_fields
from belharbi_bib.problems import Problem
from belharbi_bib.structs import dataclass, replace

if TYPE_CHECKING:
    import requests

    from belharbi_bib.enrichment.client import HttpClient
    from belharbi_bib.enrichment.pipeline import Progress, Run
    from belharbi_bib.enrichment.services import Endpoints
    from belharbi_bib.normalize import Options
    from belharbi_bib.venues import VenueRegistry

__all__ = [
    "SOURCES",
    "Change",
    "Decision",
    "EnrichOptions",
    "EnrichResult",
    "NetSettings",
    "enrich",
    "open_client",
]


@dataclass(frozen=True, slots=True)
class EnrichOptions:
    """What to ask, and what may change.

    Attributes:
        sources: Which of ``arxiv``, ``crossref``, ``dblp`` to ask, in order (any iterable;
            stored lower-cased, without repeats).
        force: Fields sources may overwrite (by default an existing field is kept).
        normalize: Normalizer options for the changed entries (key and duplicate rules off).

    Raises:
        ValueError: An unknown source.
    """

    sources: Iterable[str] = SOURCES
    force: Iterable[str] = ()
    normalize: Options | None = None

    def __post_init__(self) -> None:
        chosen = tuple(dict.fromkeys(s.strip().lower() for s in self.sources))
        unknown = [s for s in chosen if s not in SOURCES]
        if unknown:
            raise ValueError(f"unknown source {unknown[0]!r} (choose from {', '.join(SOURCES)})")
        object.__setattr__(self, "sources", chosen)
        object.__setattr__(self, "force", frozenset(f.strip().lower() for f in self.force))


@dataclass(frozen=True, slots=True)
class NetSettings:
    """How to reach the services.

    Attributes:
        offline: Answer from the cache only; what it cannot answer is reported.
        cache_dir: The on-disk cache (default ``$XDG_CACHE_HOME/belharbi-bib``).
        cache: False to use no cache at all.
        mailto: A contact address for the ``User-Agent`` (Crossref's polite pool);
            default ``$BELHARBI_BIB_MAILTO``.
        delay: Seconds between two requests to one service, replacing the documented pacing
            (default ``$BELHARBI_BIB_DELAY``, else each service's own).
        session: A ``requests.Session`` to send requests with (no cache is added to it).
        endpoints: Service URLs (default: from ``BELHARBI_BIB_*_API`` or the public ones).
        client: A ready :class:`~belharbi_bib.enrichment.client.HttpClient` (tests inject one
            with a fake clock); it replaces every setting above but ``endpoints``, and is not
            closed by :func:`enrich`.
    """

    offline: bool = False
    cache_dir: str | os.PathLike[str] | None = None
    cache: bool = True
    mailto: str | None = None
    delay: float | None = None
    session: requests.Session | None = None
    endpoints: Endpoints | None = None
    client: HttpClient | None = None


@dataclass(frozen=True, slots=True)
class EnrichResult:
    """What :func:`enrich` returns.

    Attributes:
        library: The enriched library (changed entries normalized).
        changes: Every field changed, entry by entry, with its source.
        provenance: What became of every value a source offered (applied or not, and why).
        problems: What could not be checked, was ambiguous, conflicted or failed.
        sent: Requests sent over the network.
        cached: Answers taken from the cache.
        unreachable: The sources whose host could not be reached, with the reason.
        answered: The sources that answered at least once (network or cache).
    """

    library: Library
    changes: tuple[Change, ...] = ()
    provenance: tuple[Decision, ...] = ()
    problems: tuple[Problem, ...] = ()
    sent: int = 0
    cached: int = 0
    unreachable: tuple[tuple[str, str], ...] = ()
    answered: frozenset[str] = frozenset()

    @property
    def no_service_reached(self) -> bool:
        """True when some source was out of reach and none answered anything."""
        return bool(self.unreachable) and not self.answered

    @property
    def changed(self) -> bool:
        """True when at least one entry changed."""
        return bool(self.changes)


def enrich(
    library: Library,
    options: EnrichOptions | None = None,
    /,
    *,
    net: NetSettings | None = None,
    venues: VenueRegistry | None = None,
    progress: Progress | None = None,
    **changes: Any,
) -> EnrichResult:
    """Fill in what entries lack from arXiv, Crossref and DBLP; return the enriched library.

    ``enrich(lib, sources=["crossref"])`` is ``enrich(lib, EnrichOptions(sources=["crossref"]))``:
    keyword arguments are :class:`EnrichOptions` fields, replacing those of ``options``.

    Args:
        library: The entries (never modified; a new library is returned).
        options: What to ask and what may change (default: :class:`EnrichOptions`).
        net: How to reach the services (default: :class:`NetSettings`).
        venues: The venue registry DBLP venues are matched against.
        progress: ``progress(source, total)`` returning a per-step callback.
        **changes: :class:`EnrichOptions` fields.

    Raises:
        ValueError: An unknown source, or a bad ``$BELHARBI_BIB_DELAY``.
        TypeError: A keyword that is not an :class:`EnrichOptions` field.
    """
    what = replace(options or EnrichOptions(), **changes)
    how = net or NetSettings()
    endpoints = how.endpoints or Endpoints.from_env()
    client = how.client or open_client(how, endpoints)
    run = Run(list(library.records), venues, frozenset(what.force))
    try:
        run_sources(run, client, endpoints, tuple(what.sources), progress or quiet)
    finally:
        if how.client is None:
            client.close()
    originals = library.records
    _normalize(run, what.normalize, venues)
    return EnrichResult(
        library=library.replace_records(run.records),
        changes=_changes(originals, run),
        provenance=tuple(run.decisions),
        problems=tuple(run.problems),
        sent=client.stats.sent,
        cached=client.stats.cached,
        unreachable=tuple(sorted(run.unreachable.items())),
        answered=frozenset(run.answered),
    )


def open_client(net: NetSettings, endpoints: Endpoints | None = None) -> HttpClient:
    """Return a new client for ``net``: its cache, its contact, paced for ``endpoints``.

    ``add`` and ``discover`` ask with it; :func:`enrich` too, unless ``net.client`` is given.
    The caller closes it (it is a context manager).

    Raises:
        ValueError: A bad ``$BELHARBI_BIB_DELAY``.
    """
    return open_http_client(
        endpoints or net.endpoints or Endpoints.from_env(),
        offline=net.offline,
        cache_dir=net.cache_dir,
        cache=net.cache,
        mailto=net.mailto,
        delay=net.delay,
        session=net.session,
    )


def _normalize(run: Run, options: Options | None, venues: VenueRegistry | None) -> None:
    """Normalize the entries the run changed (entry rules only: no keys, no duplicates)."""
    touched = sorted(run.touched)
    if not touched:
        return

    chosen = replace(options or Options(), duplicates=False, merge=False, keys=False, rekey=False)
    subset = Library.of(run.records[p] for p in touched)
    result = normalize(subset, chosen, venues=venues)
    for position, record in zip(touched, result.library.records, strict=True):
        run.records[position] = record


def _changes(originals: tuple[Record, ...], run: Run) -> tuple[Change, ...]:

    found: list[Change] = []
    for position in sorted(run.touched):
        before, after = originals[position], run.records[position]
        applied = {d.field: d for d in run.decisions if d.key == before.key and d.applied}
        for diff in diff_fields(before, after, "enrich"):
            decision = applied.get(diff.field)
            found.append(
                Change(
                    key=before.key,
                    field=diff.field,
                    before=diff.before,
                    after=diff.after,
                    by=decision.source if decision else "normalize",
                    url=decision.url if decision else "",
                    score=decision.score if decision else None,
                    line=diff.line,
                )
            )
    return tuple(found)
