"""Adding works: an identifier (or a BibTeX entry) in, a canonical, sourced entry out.

The steps, for each identifier: refuse it at once when an entry already carries it; read the
work from the service the identifier belongs to (arXiv, Crossref, DBLP, OpenReview); refuse it
when the work is already there (any identifier, or title and an author); complement it
with enrichment (Crossref for a DOI, DBLP for the published version of a preprint, arXiv
for the arXiv id of a published work); give it the registry's venue (or report the venue as
unknown, or register it when asked); key it by the key pattern; normalize it; check it.
Nothing is written here: :class:`Addition` holds the new texts of the files.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from belharbi_bib.check import check_record
from belharbi_bib.enrichment import (
    EnrichOptions,
    NetSettings,
    arxiv,
    crossref,
    dblp,
    enrich,
    openreview,
)
from belharbi_bib.enrichment.atom import FeedError
from belharbi_bib.enrichment.client import NetError
from belharbi_bib.enrichment.evidence import VENUE_FIELDS
from belharbi_bib.enrichment.works import Work
from belharbi_bib.intake.build import (
    THESIS_FIELD,
    Draft,
    apply_venue,
    draft_of,
    match_venue,
    new_venue,
)
from belharbi_bib.intake.catalogue import PRESENT, UNCERTAIN, Catalogue, record_identifiers
from belharbi_bib.intake.ids import WorkId, identify
from belharbi_bib.latex import to_unicode
from belharbi_bib.model import Library
from belharbi_bib.normalize import Options, normalize
from belharbi_bib.normalize.keys import generate_key, unique_key
from belharbi_bib.problems import Problem, Severity
from belharbi_bib.structs import dataclass, field, replace
from belharbi_bib.venues import VenueRegistry

if TYPE_CHECKING:
    from belharbi_bib.enrichment.client import HttpClient
    from belharbi_bib.enrichment.services import Endpoints
    from belharbi_bib.model import Record, Venue

BAD_ANSWERS = (FeedError, crossref.ShapeError, dblp.ShapeError, openreview.ShapeError)
COMPLEMENT_SOURCES = ("arxiv", "crossref", "dblp")


class Refused(Exception):
    """A work is not added: already present, unknown to its service, or failing the checks."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Outcome:
    """What became of one identifier.

    Attributes:
        asked: The identifier as given (or ``stdin:KEY`` for a BibTeX entry).
        record: The entry built (None when refused).
        sources: Its provenance: field → URLs read.
        problems: What was reported about it.
        refused: Why it was not added (empty when added).
        new_venue: A venue registered for it (with ``add_venues``).
    """

    asked: str
    record: Record | None = None
    sources: dict[str, list[str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    refused: str = ""
    new_venue: Venue | None = None

    @property
    def added(self) -> bool:
        """True when an entry was built."""
        return self.record is not None and not self.refused


@dataclass
class Context:
    """What adding needs: the library, where to ask, how to key and normalize.

    Attributes:
        catalogue: The library's entries (updated as works are added).
        client: The HTTP client.
        endpoints: The services' URLs.
        venues: The venue registry (None: no venue matching).
        options: Normalizer options (the key pattern among them).
        add_venues: Register unknown venues instead of only reporting them.
        path: The .bib file the entries go to (for problem locations).
        registered: Venues registered during this run, by id.
    """

    catalogue: Catalogue
    client: HttpClient
    endpoints: Endpoints
    venues: VenueRegistry | None = None
    options: Options | None = None
    add_venues: bool = False
    path: str | None = None
    registered: dict[str, Venue] = field(default_factory=dict)


def add_identifier(context: Context, ident: WorkId) -> Outcome:
    """Build the entry of one identifier; never raises for a refusal (it is in the outcome).

    Raises:
        NetError: The service the identifier belongs to could not answer (nothing is built).
    """
    outcome = Outcome(str(ident))
    try:
        known = context.catalogue.by_identifier(f"{ident.kind}:{ident.value}")
        if known is not None:
            raise Refused("add.duplicate", f"{ident} is already in the library as {known!r}")
        work = describe(context, ident)
        _build(context, draft_of(work), outcome, work)
    except Refused as refusal:
        _refuse(context, outcome, refusal)
    return outcome


def add_record(context: Context, given: Record) -> Outcome:
    """Build an entry from a BibTeX entry given by the user (its fields are kept as given).

    The fields the user gave are not confirmed by any source: they are listed in the
    provenance as ``incomplete`` unless enrichment confirms them.
    """
    outcome = Outcome(f"stdin:{given.key}")
    try:
        for name in (given.key, *[a.strip() for a in (given.field("ids") or "").split(",")]):
            known = context.catalogue.by_name(name) if name else None
            if known is not None:
                raise Refused("add.duplicate", f"key {name!r} is already used by {known!r}")
        draft = Draft(replace(given, key="new", line=None, path=None))
        draft.venue_text = given.venue_name or ""
        if given.key:
            draft.record = _with_alias(draft.record, given.key)
        work = replace(_as_work(given), source="stdin", label=f"stdin:{given.key}")
        _build(context, draft, outcome, work, unconfirmed=True)
    except Refused as refusal:
        _refuse(context, outcome, refusal)
    return outcome


def describe(context: Context, ident: WorkId) -> Work:
    """Read the work an identifier names from its own service.

    Raises:
        Refused: The service does not know the identifier, or answered something unreadable.
        NetError: The request failed.
    """
    client, endpoints = context.client, context.endpoints
    try:
        if ident.kind == "arxiv":
            entry, url = arxiv.lookup(client, endpoints.arxiv, ident.value)
            work = arxiv.as_work(entry, url) if entry else None
        elif ident.kind == "doi":
            found, url = crossref.fetch(client, endpoints.crossref, ident.value)
            work = crossref.as_work(found, url) if found else None
        elif ident.kind == "dblp":
            work = dblp.fetch_record(client, endpoints.dblp_root(), ident.value)
        else:
            work = openreview.fetch_note(client, endpoints.openreview, ident.value)
    except BAD_ANSWERS as exc:
        raise Refused("add.bad-response", f"{ident}: unreadable answer ({exc})") from None
    if work is None:
        raise Refused("add.not-found", f"{ident}: {_SERVICE[ident.kind]} has no such work")
    return work


_SERVICE = {"arxiv": "arXiv", "doi": "Crossref", "dblp": "DBLP", "openreview": "OpenReview"}


def _build(
    context: Context, draft: Draft, outcome: Outcome, work: Work, *, unconfirmed: bool = False
) -> None:
    verdict = context.catalogue.judge(work)
    if verdict.status == PRESENT:
        raise Refused("add.duplicate", f"{work.label} is already in the library as "
                      f"{verdict.key!r} ({verdict.evidence})")  # fmt: skip
    if verdict.status == UNCERTAIN:
        message = f"{work.label} may be {verdict.key!r} ({verdict.evidence}); added anyway"
        outcome.problems.append(_problem(context, "add.maybe-duplicate", message))
    for note in work.notes:
        outcome.problems.append(_problem(context, "add.note", note, Severity.INFO))
    given = {f.name for f in draft.record.fields} if unconfirmed else set()
    _complement(context, draft, outcome)
    _venue(context, draft, outcome)
    record = _normalized(context, draft.record)
    record = _keyed(context, record)
    record = _normalized(context, record)
    draft.record = record
    verdict = context.catalogue.judge(_as_work(record))
    if verdict.status == PRESENT:
        raise Refused("add.duplicate", f"{work.label} is already in the library as "
                      f"{verdict.key!r} ({verdict.evidence})")  # fmt: skip
    _check(context, record)
    outcome.record = record
    outcome.sources = {k: v for k, v in draft.sources.items() if k in record or k == "venue"}
    outcome.problems.extend(_problem(context, code, message) for code, message in draft.problems)
    if unconfirmed:
        outcome.sources = {k: v for k, v in outcome.sources.items() if v}
        missing = sorted(n for n in given if n not in outcome.sources and n not in ("ids",))
        outcome.sources["incomplete"] = missing
    context.catalogue.add(record)


def _complement(context: Context, draft: Draft, outcome: Outcome) -> None:
    """Fill in what the first source did not give, with enrichment's rules."""
    result = enrich(
        Library.of([draft.record]),
        EnrichOptions(sources=COMPLEMENT_SOURCES, normalize=context.options),
        net=NetSettings(client=context.client, endpoints=context.endpoints),
        venues=context.venues,
    )
    for change in result.changes:
        if change.field and change.url:
            draft.note(change.field, change.url)
    for decision in result.provenance:
        if decision.field and decision.status == "same":
            draft.note(decision.field, decision.url)
    draft.record = result.library.records[0]
    if draft.record.venue_name and not draft.venue_text:
        draft.venue_text = draft.record.venue_name
        for change in result.changes:
            if change.field in ("journal", "booktitle"):
                draft.note("venue", change.url)
    outcome.problems.extend(
        replace(p, key=None) for p in result.problems if p.severity is not Severity.INFO
    )


def _venue(context: Context, draft: Draft, outcome: Outcome) -> None:
    registry = context.venues
    record = draft.record
    name = THESIS_FIELD if record.entry_type == "phdthesis" else VENUE_FIELDS.get(record.entry_type)
    text = (record.field(name) or "").strip() if name else ""
    if registry is None:
        return
    if not text:
        if draft.record.arxiv is not None and draft.record.entry_type == "misc":
            preprint = registry.match("arXiv")
            if preprint is not None:
                apply_venue(draft, preprint)
        return
    if context.registered:
        registry = VenueRegistry({**dict(registry.venues), **context.registered})
    venue = match_venue(registry, text)
    if venue is None and context.add_venues:
        taken = {**dict(registry.venues), **context.registered}
        venue = new_venue(text, draft.record.entry_type, taken)
        context.registered[venue.id] = venue
        outcome.new_venue = venue
        draft.problems.append(
            ("add.new-venue", f"venue {text!r} added to the registry as {venue.id!r}")
        )
    if venue is None:
        draft.problems.append(("add.unknown-venue",
                               f"venue {text!r} is not in the venue registry; kept as written "
                               "(use --add-venue to register it)"))  # fmt: skip
        return
    apply_venue(draft, venue)


def _normalized(context: Context, record: Record) -> Record:
    options = replace(
        context.options or Options(), duplicates=False, merge=False, keys=False, rekey=False
    )
    result = normalize(Library.of([record]), options, venues=context.venues)
    return result.library.records[0]


def _keyed(context: Context, record: Record) -> Record:
    pattern = (context.options or Options()).key_pattern
    key = unique_key(generate_key(record, pattern), context.catalogue.names)
    return replace(record, key=key)


def _check(context: Context, record: Record) -> None:
    registry = context.venues
    if registry is not None and context.registered:
        registry = VenueRegistry({**dict(registry.venues), **context.registered})
    errors = [p for p in check_record(record, registry) if p.severity is Severity.ERROR]
    if errors:
        said = "; ".join(f"{p.code}: {p.message}" for p in errors)
        raise Refused("add.check-failed", f"the entry built fails the checks ({said})")


def _with_alias(record: Record, alias: str) -> Record:
    aliases = [a.strip() for a in (record.field("ids") or "").split(",") if a.strip()]
    if alias not in aliases:
        aliases.append(alias)
    return record.with_field("ids", ", ".join(aliases))


def _as_work(record: Record) -> Work:
    ids = dict(i.split(":", 1) for i in record_identifiers(record))
    return Work(
        "entry",
        "",
        record.key,
        to_unicode(record.title),
        tuple(to_unicode(p.display()) for p in record.authors),
        doi=ids.get("doi", ""),
        arxiv=ids.get("arxiv", ""),
        dblp=ids.get("dblp", ""),
        openreview=ids.get("openreview", ""),
    )


def _refuse(context: Context, outcome: Outcome, refusal: Refused) -> None:
    outcome.refused = refusal.message
    outcome.record = None
    outcome.problems.append(_problem(context, refusal.code, refusal.message, Severity.ERROR))


def _problem(
    context: Context, code: str, message: str, severity: Severity = Severity.WARNING
) -> Problem:
    return Problem(code, message, severity, context.path)


def identifiers_of(texts: Sequence[str]) -> tuple[list[WorkId], list[str]]:
    """Split what the user typed into identifiers and what names none."""
    found: list[WorkId] = []
    bad: list[str] = []
    for text in texts:
        ident = identify(text)
        if ident is None:
            bad.append(text)
        else:
            found.append(ident)
    return found, bad


__all__ = [
    "Context",
    "NetError",
    "Outcome",
    "Refused",
    "add_identifier",
    "add_record",
    "describe",
    "identifiers_of",
]
