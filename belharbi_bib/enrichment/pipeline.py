"""The enrichment run: ask each source about the entries it can help with, merge, normalize.

The steps are one table, :data:`STEPS`, each a :class:`Step` (source, wanted, ask, use) run by
one loop, :func:`run_step`. Order: arXiv by id (batched), arXiv by title for entries without
an id, Crossref for entries with a published DOI (including DOIs arXiv just supplied), then
DBLP for entries that are still preprints.

A failing request is reported for the entry it concerned (by the reason, never the long URL)
and the run goes on; after :data:`BREAKER` consecutive failures, or at
once when its host cannot be reached at all, a source is skipped for the rest of the run and
reported once, with the number of entries left unchecked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from belharbi_bib.enrichment import arxiv, crossref, dblp
from belharbi_bib.enrichment.atom import ArxivEntry, FeedError
from belharbi_bib.enrichment.client import NetError, OfflineMiss, Unreachable
from belharbi_bib.enrichment.evidence import Evidence
from belharbi_bib.enrichment.matching import SANITY_THRESHOLD, choose, title_similarity
from belharbi_bib.enrichment.merge import Decision, merge
from belharbi_bib.enrichment.works import ShapeError, Work
from belharbi_bib.identifiers import is_preprint_doi, is_valid_doi
from belharbi_bib.kinds import kind_of
from belharbi_bib.model import Record
from belharbi_bib.problems import Problem, Severity
from belharbi_bib.structs import dataclass, field, replace

if TYPE_CHECKING:
    from belharbi_bib.enrichment.client import HttpClient
    from belharbi_bib.enrichment.services import Endpoints
    from belharbi_bib.venues import VenueRegistry

BREAKER = 3
"""Consecutive failed requests after which a source is given up for the run."""
NO_SEARCH_KINDS = frozenset({"patent", "talk", "tutorial", "poster", "challenge"})
"""Kinds of works never searched for on arXiv or DBLP."""

Progress = Callable[[str, int], Callable[[], None]]
"""``progress(source, total)`` returns the function called once per step done."""

_BAD_ANSWER = (FeedError, ShapeError)


def quiet(source: str, total: int) -> Callable[[], None]:
    """Report no progress (the default)."""
    return lambda: None


@dataclass
class Run:
    """The working state of one enrichment run (local to the run, never shared).

    Attributes:
        records: The entries, updated as evidence is merged.
        venues: The venue registry.
        force: Fields sources may overwrite.
        decisions: Every decision, in order.
        problems: What was reported.
        misses: Sources that could not answer offline, by entry position.
        touched: Positions of the entries that changed.
        failures: Consecutive failed requests, by source.
        deferred: Preprint-only facts (arXiv's submission year and month), by entry position:
            applied at the end to the entries that are still preprints then.
        unreachable: Sources whose host could not be reached, with the reason.
        skipped: Entries not checked by a source after it was given up, by source.
        answered: Sources that answered at least once (from the network or the cache).
    """

    records: list[Record]
    venues: VenueRegistry | None = None
    force: frozenset[str] = frozenset()
    decisions: list[Decision] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    misses: dict[int, list[str]] = field(default_factory=dict)
    touched: set[int] = field(default_factory=set)
    failures: dict[str, int] = field(default_factory=dict)
    deferred: dict[int, Evidence] = field(default_factory=dict)
    unreachable: dict[str, str] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    answered: set[str] = field(default_factory=set)

    def is_preprint(self, position: int) -> bool:
        """Return True when the entry at ``position`` is (still) a preprint."""
        return kind_of(self.records[position], self.venues) == "preprint"

    def apply(self, position: int, evidence: Evidence) -> None:
        """Merge evidence into the entry at ``position`` (preprint-only facts are deferred)."""
        later = tuple(f for f in evidence.facts if f.preprint_only)
        if later:
            self.deferred[position] = replace(evidence, facts=later)
            evidence = replace(evidence, facts=tuple(f for f in evidence.facts if f not in later))
        self.merge(position, evidence)

    def apply_deferred(self) -> None:
        """Merge the deferred preprint-only facts into the entries still preprints."""
        for position in sorted(self.deferred):
            self.merge(position, self.deferred[position])
        self.deferred.clear()

    def merge(self, position: int, evidence: Evidence) -> None:
        """Merge evidence into the entry at ``position`` now."""
        record = self.records[position]
        updated, decisions, problems = merge(
            record,
            evidence,
            force=self.force,
            preprint=self.is_preprint(position),
            venues=self.venues,
        )
        self.decisions.extend(decisions)
        self.problems.extend(problems)
        if updated is not record:
            self.records[position] = updated
            self.touched.add(position)

    def report(
        self, position: int, code: str, message: str, severity: Severity = Severity.WARNING
    ) -> None:
        """Report a problem about the entry at ``position``."""
        self.problems.append(Problem.at(self.records[position], code, message, severity))

    def is_down(self, source: str) -> bool:
        """Return True when ``source`` failed too often in a row to be asked again."""
        return self.failures.get(source, 0) >= BREAKER

    def succeeded(self, source: str) -> None:
        """Note that a request to ``source`` was answered."""
        self.failures[source] = 0
        self.answered.add(source)

    def skip(self, positions: Sequence[int], source: str) -> None:
        """Note entries left unchecked because ``source`` was given up (reported once)."""
        self.skipped[source] = self.skipped.get(source, 0) + len(positions)

    def failed(self, positions: Sequence[int], source: str, error: Exception) -> None:
        """Report a failed request for the entries it concerned."""
        if isinstance(error, OfflineMiss):
            for position in positions:
                self.misses.setdefault(position, []).append(source)
            return
        if isinstance(error, Unreachable):
            self.unreachable[source] = error.reason
            self.failures[source] = BREAKER
            self.skip(positions, source)
            return
        code = "enrich.bad-response" if isinstance(error, _BAD_ANSWER) else "enrich.net"
        if code == "enrich.net":
            self.failures[source] = self.failures.get(source, 0) + 1
        reason = error.reason if isinstance(error, NetError) else str(error)
        for position in positions:
            self.report(position, code, f"{source}: {reason}")

    def report_given_up(self) -> None:
        """Report, once per source, the sources given up and how many entries they missed."""
        path = self.records[0].path if self.records else None
        for source in sorted(self.skipped, key=lambda s: (s not in self.unreachable, s)):
            count = self.skipped[source]
            if source in self.unreachable:
                code, why = "enrich.unreachable", self.unreachable[source]
            else:
                code, why = "enrich.gave-up", f"given up after {BREAKER} failed requests in a row"
            message = f"{source}: {why}; {count} entr{'y' if count == 1 else 'ies'} not checked"
            self.problems.append(Problem(code, message, Severity.WARNING, path))


@dataclass(frozen=True, slots=True)
class Step:
    """One way a source helps: which entries it is asked about, how, and what is done with it.

    The run loop (:func:`run_step`) is the same for every step: it asks the source about each
    unit of wanted entries in turn (one request per unit), isolates failures, stops asking a
    source given up, and reports progress.

    Attributes:
        source: The service asked (a row of ``services.SERVICES``).
        label: The name shown on the progress bar.
        wanted: ``wanted(run, position)``: is the entry at ``position`` to be asked about?
        ask: ``ask(client, endpoint, run, unit)``: send the request for a unit of positions.
        use: ``use(run, unit, answer)``: merge the answer into the entries of the unit.
        units: ``units(run, positions)``: the wanted positions grouped into requests (default:
            one entry per request).
    """

    source: str
    label: str
    wanted: Callable[[Run, int], bool]
    ask: Callable[[HttpClient, str, Run, Sequence[int]], Any]
    use: Callable[[Run, Sequence[int], Any], None]
    units: Callable[[Run, Sequence[int]], list[list[int]]] = lambda run, positions: [
        [p] for p in positions
    ]


def run_sources(
    run: Run,
    client: HttpClient,
    endpoints: Endpoints,
    sources: Sequence[str],
    progress: Progress = quiet,
) -> None:
    """Run every step whose source is chosen, in :data:`STEPS` order; then finish the run."""
    for step in STEPS:
        if step.source in sources:
            run_step(run, client, endpoints.url(step.source), step, progress)
    run.apply_deferred()
    run.report_given_up()
    for position in sorted(run.misses):
        missed = ", ".join(dict.fromkeys(run.misses[position]))
        run.report(
            position, "enrich.offline-miss", f"not checked offline: no cached answer from {missed}"
        )


def run_step(
    run: Run, client: HttpClient, endpoint: str, step: Step, progress: Progress = quiet
) -> None:
    """Ask ``step.source`` about each unit of wanted entries, one request per unit.

    A failed request is reported for its entries and the run goes on; once the source is
    given up, the remaining entries are counted as not checked, without a request.
    """
    positions = [p for p in range(len(run.records)) if step.wanted(run, p)]
    units = step.units(run, positions)
    tick = progress(step.label, len(units))
    for unit in units:
        if run.is_down(step.source):
            run.skip(unit, step.source)
        else:
            try:
                answer = step.ask(client, endpoint, run, unit)
            except (NetError, *_BAD_ANSWER) as exc:
                run.failed(unit, step.source, exc)
            else:
                run.succeeded(step.source)
                step.use(run, unit, answer)
        tick()


# arXiv by id: batches of up to 100 ids -----------------------------------------------


def _has_arxiv(run: Run, position: int) -> bool:
    return run.records[position].arxiv is not None


def _arxiv_id(run: Run, position: int) -> str:
    found = run.records[position].arxiv
    return found.id if found is not None else ""


def _arxiv_batches(run: Run, positions: Sequence[int]) -> list[list[int]]:
    by_id: dict[str, list[int]] = {}
    for position in positions:
        by_id.setdefault(_arxiv_id(run, position), []).append(position)
    return [[p for ident in batch for p in by_id[ident]] for batch in arxiv.batches(by_id)]


def _ask_arxiv_ids(
    client: HttpClient, endpoint: str, run: Run, unit: Sequence[int]
) -> tuple[dict[str, ArxivEntry], str]:
    ids = sorted({_arxiv_id(run, p) for p in unit})
    return arxiv.fetch_batch(client, endpoint, ids)


def _use_arxiv_ids(
    run: Run, unit: Sequence[int], answer: tuple[dict[str, ArxivEntry], str]
) -> None:
    entries, url = answer
    for position in unit:
        ident = _arxiv_id(run, position)
        _apply_lookup(run, position, entries.get(ident), ident, url)


def _apply_lookup(run: Run, position: int, entry: ArxivEntry | None, ident: str, url: str) -> None:
    if entry is None:
        run.report(position, "enrich.not-found", f"arXiv has no entry {ident}")
        return
    evidence = arxiv.evidence(entry, url)
    if _is_mismatch(run, position, evidence):
        return
    if entry.journal_ref and run.is_preprint(position):
        message = f"arXiv lists a journal reference: {entry.journal_ref}"
        run.report(position, "enrich.journal-ref", message, Severity.INFO)
    run.apply(position, evidence)


def _is_mismatch(run: Run, position: int, evidence: Evidence) -> bool:
    """Report and return True when an identifier led to a work with another title."""
    mine = run.records[position].title
    if not mine or not evidence.title:
        return False
    score = title_similarity(mine, evidence.title)
    if score >= SANITY_THRESHOLD:
        return False
    run.report(
        position,
        "enrich.mismatch",
        f"{evidence.label} is titled {evidence.title!r} (similarity {score:.2f}); "
        "nothing taken from it",
    )
    return True


def _searchable(run: Run, position: int) -> bool:
    record = run.records[position]
    return bool(record.title and record.authors) and (
        kind_of(record, run.venues) not in NO_SEARCH_KINDS
    )


# arXiv by title: the arXiv id of entries without one ----------------------------------


def _wants_arxiv_search(run: Run, position: int) -> bool:
    return run.records[position].arxiv is None and _searchable(run, position)


def _ask_arxiv_search(
    client: HttpClient, endpoint: str, run: Run, unit: Sequence[int]
) -> tuple[tuple[ArxivEntry, ...], str]:
    return arxiv.search(client, endpoint, run.records[unit[0]].title)


def _use_arxiv_search(
    run: Run, unit: Sequence[int], answer: tuple[tuple[ArxivEntry, ...], str]
) -> None:
    entries, url = answer
    _apply_choice(run, unit[0], [arxiv.evidence(e, url, 0.0) for e in entries], "arXiv")


def _apply_choice(run: Run, position: int, hits: Sequence[Evidence], where: str) -> None:
    record = run.records[position]
    choice = choose(record.title, record.authors, hits)
    if choice.match is not None:
        run.apply(position, choice.match)
    elif choice.ambiguous:
        labels = ", ".join(h.label for h in choice.ambiguous)
        run.report(position, "enrich.ambiguous",
                   f"{where}: several works match ({labels}); none applied")  # fmt: skip
    else:
        run.report(position, "enrich.no-match",
                   f"{where}: no work matches the title and an author "
                   f"(best title similarity {choice.best_score:.2f})", Severity.INFO)  # fmt: skip


# Crossref by DOI: the published version's venue, volume, pages ------------------------


def _wants_crossref(run: Run, position: int) -> bool:
    doi = run.records[position].doi
    return bool(doi and is_valid_doi(doi) and not is_preprint_doi(doi))


def _ask_crossref(
    client: HttpClient, endpoint: str, run: Run, unit: Sequence[int]
) -> tuple[crossref.CrossrefWork | None, str]:
    return crossref.fetch(client, endpoint, run.records[unit[0]].doi or "")


def _use_crossref(
    run: Run, unit: Sequence[int], answer: tuple[crossref.CrossrefWork | None, str]
) -> None:
    position = unit[0]
    work, url = answer
    if work is None:
        doi = run.records[position].doi or ""
        run.report(position, "enrich.not-found", f"Crossref has no work {doi}")
        return
    evidence = crossref.evidence(work, url)
    if not _is_mismatch(run, position, evidence):
        run.apply(position, evidence)


# DBLP by title: the published version of preprints -----------------------------------


def _wants_dblp(run: Run, position: int) -> bool:
    return run.is_preprint(position) and _searchable(run, position)


def _ask_dblp(
    client: HttpClient, endpoint: str, run: Run, unit: Sequence[int]
) -> tuple[tuple[Work, ...], str]:
    return dblp.search(client, endpoint, run.records[unit[0]].title)


def _use_dblp(run: Run, unit: Sequence[int], answer: tuple[tuple[Work, ...], str]) -> None:
    hits, url = answer
    found = [dblp.evidence(h, url, run.venues) for h in hits]
    _apply_choice(run, unit[0], [e for e in found if e is not None], "DBLP")


STEPS: tuple[Step, ...] = (
    Step("arxiv", "arxiv", _has_arxiv, _ask_arxiv_ids, _use_arxiv_ids, _arxiv_batches),
    Step("arxiv", "arxiv search", _wants_arxiv_search, _ask_arxiv_search, _use_arxiv_search),
    Step("crossref", "crossref", _wants_crossref, _ask_crossref, _use_crossref),
    Step("dblp", "dblp", _wants_dblp, _ask_dblp, _use_dblp),
)
"""The enrichment steps, in order: arXiv by id, arXiv by title, Crossref by DOI (DOIs arXiv
just supplied included), DBLP for entries still preprints. Which entries each asks about is
decided when it starts, after the earlier steps merged their answers."""
