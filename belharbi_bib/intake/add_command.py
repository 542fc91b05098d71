"""The ``belharbi-bib add`` command: identifiers (or BibTeX on stdin) in, sourced entries added.

Exit codes: 0 every work added (or shown, with ``--dry-run``); 1 a work was refused (already
present, unknown to its service, failing the checks) — the others are still added; 2 bad
usage, an unreadable file, or a service that could not be reached (nothing is written).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from belharbi_bib.arguments import EXIT_OK, EXIT_PROBLEMS, UsageError, report
from belharbi_bib.intake.target import add_network_arguments, add_target_arguments

if TYPE_CHECKING:
    from belharbi_bib.intake.add import Context, Outcome
    from belharbi_bib.intake.target import Target
    from belharbi_bib.model import Record

DESCRIPTION = (
    "Add works by identifier: an arXiv id or URL, a DOI (or doi.org URL), a DBLP key "
    "(DBLP:conf/...), an OpenReview id (openreview:ID or its forum URL), or '-' for BibTeX "
    "entries on stdin. Each becomes a canonical entry with its venue from the registry, a key "
    "from the key pattern and the URLs read in the provenance file. A work already present "
    "(any identifier, alias, or title and an author) is refused. See docs/intake.md."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``add`` arguments to ``parser`` (a subcommand parser)."""
    parser.add_argument(
        "ids", nargs="+", metavar="ID", help="identifiers of works; '-' reads BibTeX from stdin"
    )
    add_target_arguments(parser)
    parser.add_argument(
        "--add-venue", action="store_true", help="register unknown venues in the venue registry"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print the entries and their sources; write nothing"
    )
    add_network_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Run ``belharbi-bib add`` with parsed ``args``; return the exit code."""
    from belharbi_bib.enrichment.client import NetError
    from belharbi_bib.enrichment.services import Endpoints
    from belharbi_bib.intake.add import Context, add_identifier, add_record, identifiers_of
    from belharbi_bib.intake.catalogue import Catalogue
    from belharbi_bib.intake.target import open_client, open_target

    texts = [t for t in args.ids if t != "-"]
    idents, bad = identifiers_of(texts)
    if bad:
        raise UsageError(
            f"{bad[0]!r} is not an arXiv id, DOI, DBLP key or OpenReview id "
            "(OpenReview ids are written openreview:ID)"
        )
    given = _stdin_records() if "-" in args.ids else []
    target = open_target(args, writing=not args.dry_run)
    endpoints = Endpoints.from_env()
    outcomes: list[Outcome] = []
    with open_client(args, endpoints) as client:
        context = Context(
            catalogue=Catalogue(target.library.records),
            client=client,
            endpoints=endpoints,
            venues=target.venues,
            options=target.options,
            add_venues=args.add_venue,
            path=str(target.bib),
        )
        try:
            outcomes.extend(add_identifier(context, ident) for ident in idents)
            outcomes.extend(add_record(context, record) for record in given)
        except NetError as exc:
            raise UsageError(f"{_service_of(exc, endpoints)}: {exc.reason}; nothing written"
                             + (" (use it once online to fill the cache)" if args.offline else "")
                             ) from None  # fmt: skip
        sent, cached = client.stats.sent, client.stats.cached
    verbose = bool(getattr(args, "verbose", False))
    from belharbi_bib.problems import Severity

    for outcome in outcomes:
        report([p for p in outcome.problems if verbose or p.severity is not Severity.INFO])
    added = [o for o in outcomes if o.added]
    if args.dry_run:
        _show(added, context)
    elif added:
        write(target, added, context)
    action = "would add" if args.dry_run else "added"
    keys = ", ".join(o.record.key for o in added if o.record is not None)
    refused = len(outcomes) - len(added)
    print(
        f"add: {action} {len(added)} ({keys or 'none'}), refused {refused}; "
        f"{sent} requests sent, {cached} answers from the cache",
        file=sys.stderr,
    )
    return EXIT_PROBLEMS if refused else EXIT_OK


def _service_of(error: Exception, endpoints: object) -> str:
    from belharbi_bib.enrichment.services import SERVICES, host_of

    url = getattr(error, "url", "")
    for service in SERVICES:
        if host_of(url) == host_of(str(getattr(endpoints, service.name))):
            return service.name
    return "request"


def _stdin_records() -> list[Record]:
    from belharbi_bib.bibtex.reader import parse_string
    from belharbi_bib.problems import count_errors

    library = parse_string(sys.stdin.read(), "<stdin>")
    report(library.problems)
    if count_errors(library.problems) or not library.records:
        raise UsageError("stdin: no readable BibTeX entry")
    return list(library.records)


def _show(added: list[Outcome], context: Context) -> None:
    from belharbi_bib.bibtex.writer import render_record
    from belharbi_bib.intake.ledger import provenance_table, venue_table

    parts = []
    for outcome in added:
        assert outcome.record is not None
        parts.append(render_record(outcome.record).rstrip("\n"))
        table = provenance_table(outcome.record.key, _facts(outcome), _incomplete(outcome))
        parts.append("\n".join(f"% {line}" for line in table.splitlines()))
        if outcome.new_venue is not None:
            venue = venue_table(outcome.new_venue)
            parts.append("\n".join(f"% {line}" for line in venue.splitlines()))
    sys.stdout.write("\n\n".join(parts) + "\n")


def _facts(outcome: Outcome) -> dict[str, list[str]]:
    return {k: v for k, v in outcome.sources.items() if k != "incomplete"}


def _incomplete(outcome: Outcome) -> list[str]:
    return list(outcome.sources.get("incomplete", []))


def write(target: Target, added: list[Outcome], context: Context) -> None:
    """Write the new entries, their provenance and new venues (each file atomically)."""
    from belharbi_bib.bibtex.reader import parse_string
    from belharbi_bib.bibtex.writer import render_record
    from belharbi_bib.files import decode, read_bytes, write_text_atomic
    from belharbi_bib.intake.ledger import (
        append_table,
        insert_entry,
        provenance_table,
        venue_table,
    )

    bib_text = decode(read_bytes(target.bib), str(target.bib)).text
    for outcome in added:
        assert outcome.record is not None
        library = parse_string(bib_text, str(target.bib))
        bib_text = insert_entry(bib_text, library, outcome.record, render_record(outcome.record))
    texts: list[tuple[Path, str]] = []
    new_venues = [o.new_venue for o in added if o.new_venue is not None]
    if new_venues:
        if target.venues_path is None:
            raise UsageError("--add-venue: no venue registry file (give --venues FILE)")
        venues_text = decode(read_bytes(target.venues_path), str(target.venues_path)).text
        for venue in new_venues:
            venues_text = append_table(venues_text, venue_table(venue))
        texts.append((target.venues_path, venues_text))
    if target.provenance is not None:
        path = target.provenance
        provenance_text = decode(read_bytes(path), str(path)).text
        for outcome in added:
            assert outcome.record is not None
            table = provenance_table(outcome.record.key, _facts(outcome), _incomplete(outcome))
            provenance_text = append_table(provenance_text, table)
        texts.append((path, provenance_text))
    texts.append((target.bib, bib_text))
    for path, text in texts:
        write_text_atomic(str(path), text)
