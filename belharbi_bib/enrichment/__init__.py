"""Enrichment: missing metadata, arXiv ids and published venues from arXiv, Crossref and DBLP.

Usage::

    from belharbi_bib import load, load_venues, save
    from belharbi_bib.enrichment import enrich

    result = enrich(load("refs.bib"), venues=load_venues(), mailto="me@example.org")
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
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from belharbi_bib.enrichment.changes import Change
from belharbi_bib.enrichment.merge import Decision
from belharbi_bib.enrichment.services import SOURCES
from belharbi_bib.model import Library, Record
from belharbi_bib.problems import Problem

if TYPE_CHECKING:
    import requests

    from belharbi_bib.enrichment.client import HttpClient
    from belharbi_bib.enrichment.pipeline import Progress, Run
    from belharbi_bib.enrichment.services import Endpoints
    from belharbi_bib.normalize import Options
    from belharbi_bib.venues import VenueRegistry

__all__ = ["SOURCES", "Change", "Decision", "EnrichResult", "enrich"]


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
    *,
    sources: Iterable[str] = SOURCES,
    force: Iterable[str] = (),
    offline: bool = False,
    cache_dir: str | os.PathLike[str] | None = None,
    cache: bool = True,
    mailto: str | None = None,
    delay: float | None = None,
    session: requests.Session | None = None,
    venues: VenueRegistry | None = None,
    client: HttpClient | None = None,
    endpoints: Endpoints | None = None,
    options: Options | None = None,
    progress: Progress | None = None,
) -> EnrichResult:
    """Fill in what entries lack from arXiv, Crossref and DBLP; return the enriched library.

    Args:
        library: The entries (never modified; a new library is returned).
        sources: Which of ``arxiv``, ``crossref``, ``dblp`` to ask.
        force: Fields sources may overwrite (by default an existing field is kept).
        offline: Answer from the cache only; what it cannot answer is reported.
        cache_dir: The on-disk cache (default ``$XDG_CACHE_HOME/belharbi-bib``).
        cache: False to use no cache at all.
        mailto: A contact address for the ``User-Agent`` (Crossref's polite pool);
            default ``$BELHARBI_BIB_MAILTO``.
        delay: Seconds between two requests to one service, replacing the documented pacing
            (default ``$BELHARBI_BIB_DELAY``, else each service's own).
        session: A ``requests.Session`` to send requests with (no cache is added to it).
        venues: The venue registry DBLP venues are matched against.
        client: A ready :class:`~belharbi_bib.enrichment.client.HttpClient` (tests inject
            one with a fake clock); replaces ``offline``/``cache*``/``mailto``/``delay``/
            ``session``.
        endpoints: Service URLs (default: from ``BELHARBI_BIB_*_API`` or the public ones).
        options: Normalizer options for the changed entries (key and duplicate rules off).
        progress: ``progress(source, total)`` returning a per-step callback.

    Raises:
        ValueError: An unknown source, or a bad ``$BELHARBI_BIB_DELAY``.
    """
    from belharbi_bib.enrichment.pipeline import Run, quiet, run_sources
    from belharbi_bib.enrichment.services import Endpoints

    chosen = tuple(dict.fromkeys(s.strip().lower() for s in sources))
    unknown = [s for s in chosen if s not in SOURCES]
    if unknown:
        raise ValueError(f"unknown source {unknown[0]!r} (choose from {', '.join(SOURCES)})")
    endpoints = endpoints or Endpoints.from_env()
    own = client is None
    if client is None:
        client = _client(endpoints, offline, cache_dir, cache, mailto, delay, session)
    run = Run(list(library.records), venues, frozenset(f.strip().lower() for f in force))
    try:
        run_sources(run, client, endpoints, chosen, progress or quiet)
    finally:
        if own:
            client.close()
    originals = library.records
    _normalize(run, options, venues)
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


def _client(
    endpoints: Endpoints,
    offline: bool,
    cache_dir: str | os.PathLike[str] | None,
    cache: bool,
    mailto: str | None,
    delay: float | None,
    session: requests.Session | None,
) -> HttpClient:
    from belharbi_bib.enrichment.client import open_client

    return open_client(
        endpoints,
        offline=offline,
        cache_dir=cache_dir,
        cache=cache,
        mailto=mailto,
        delay=delay,
        session=session,
    )


def _normalize(run: Run, options: Options | None, venues: VenueRegistry | None) -> None:
    """Normalize the entries the run changed (entry rules only: no keys, no duplicates)."""
    touched = sorted(run.touched)
    if not touched:
        return
    from belharbi_bib.normalize import Options, normalize

    chosen = replace(options or Options(), duplicates=False, merge=False, keys=False, rekey=False)
    subset = Library.of(run.records[p] for p in touched)
    result = normalize(subset, chosen, venues=venues)
    for position, record in zip(touched, result.library.records, strict=True):
        run.records[position] = record


def _changes(originals: tuple[Record, ...], run: Run) -> tuple[Change, ...]:
    from belharbi_bib.normalize.changes import diff_fields

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
                    source=decision.source if decision else "normalize",
                    url=decision.url if decision else "",
                    score=decision.score if decision else None,
                    line=diff.line,
                )
            )
    return tuple(found)
