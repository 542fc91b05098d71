"""The ``belharbi-bib add`` command: identifiers (or BibTeX on stdin) in, sourced entries added.

Exit codes: 0 every work added (or shown, with ``--dry-run``); 1 a work was refused (already
present, unknown to its service, failing the checks) — the others are still added; 2 bad
usage, an unreadable file, or a service that could not be reached (nothing is written).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from belharbi_bib.bibtex.reader import parse_string
from belharbi_bib.bibtex.writer import render_record
from belharbi_bib.cli.commands.normalize import normalizer_config
from belharbi_bib.cli.network import add_network_options, net_settings
from belharbi_bib.cli.options import (
    EXIT_OK,
    EXIT_PROBLEMS,
    STDIN,
    UsageError,
    report,
    say,
    source_name,
)
from belharbi_bib.enrichment import open_client
from belharbi_bib.enrichment.client import HttpClient, NetError
from belharbi_bib.enrichment.services import SERVICES, Endpoints, host_of
from belharbi_bib.files import decode, read_bytes, write_text_atomic
from belharbi_bib.intake.add import Context, Outcome, add_identifier, add_record, identifiers_of
from belharbi_bib.intake.catalogue import Catalogue
from belharbi_bib.intake.ledger import append_table, insert_entry, provenance_table, venue_table
from belharbi_bib.intake.target import PROVENANCE_NAME, Target, open_target
from belharbi_bib.model import Record
from belharbi_bib.problems import count_errors

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
    add_target_options(parser)
    parser.add_argument(
        "--add-venue", action="store_true", help="register unknown venues in the venue registry"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print the entries and their sources; write nothing"
    )
    add_network_options(parser)


def add_target_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--bib`` and ``--provenance`` (the venue registry is the global ``--venues``)."""
    parser.add_argument("--bib", metavar="FILE", help="the .bib to add to (default: the database)")
    parser.add_argument(
        "--provenance",
        metavar="FILE",
        help=f"provenance TOML to record sources in (default: {PROVENANCE_NAME} beside the .bib)",
    )


def target_of(args: argparse.Namespace, *, writing: bool) -> Target:
    """Return the target the options name (``--bib``, ``--provenance``, ``--venues``), read.

    Raises:
        UsageError: The configuration is bad.
    """
    config = normalizer_config(args)
    try:
        options = config.to_options()
    except ValueError as exc:
        raise UsageError(f"configuration: {exc}") from None
    return open_target(
        args.bib,
        options,
        provenance=args.provenance,
        venues=args.venues,
        configured_venues=config.venues,
        writing=writing,
    )


def context_of(
    args: argparse.Namespace, target: Target, client: HttpClient, endpoints: Endpoints
) -> Context:
    """Return what adding a work needs: the target's entries, venues and options, the client."""
    return Context(
        catalogue=Catalogue(target.library.records),
        client=client,
        endpoints=endpoints,
        venues=target.venues,
        options=target.options,
        add_venues=args.add_venue,
        path=str(target.bib),
    )


def run(args: argparse.Namespace) -> int:
    """Run ``belharbi-bib add`` with parsed ``args``; return the exit code."""
    texts = [t for t in args.ids if t != STDIN]
    idents, bad = identifiers_of(texts)
    if bad:
        raise UsageError(
            f"{bad[0]!r} is not an arXiv id, DOI, DBLP key or OpenReview id "
            "(OpenReview ids are written openreview:ID)"
        )
    net = net_settings(args)
    given = _stdin_records(args) if STDIN in args.ids else []
    target = target_of(args, writing=not args.dry_run)
    endpoints = net.endpoints or Endpoints.from_env()
    outcomes: list[Outcome] = []
    with open_client(net, endpoints) as client:
        context = context_of(args, target, client, endpoints)
        try:
            outcomes.extend(add_identifier(context, ident) for ident in idents)
            outcomes.extend(add_record(context, record) for record in given)
        except NetError as exc:
            raise UsageError(f"{_service_of(exc, endpoints)}: {exc.reason}; nothing written"
                             + (" (use it once online to fill the cache)" if args.offline else "")
                             ) from None  # fmt: skip
        sent, cached = client.stats.sent, client.stats.cached
    for outcome in outcomes:
        report(outcome.problems, args)
    added = [o for o in outcomes if o.added]
    if args.dry_run:
        _show(added)
    elif added:
        write(target, added)
    action = "would add" if args.dry_run else "added"
    keys = ", ".join(o.record.key for o in added if o.record is not None)
    refused = len(outcomes) - len(added)
    say(
        f"add: {action} {len(added)} ({keys or 'none'}), refused {refused}; "
        f"{sent} requests sent, {cached} answers from the cache",
        args,
    )
    return EXIT_PROBLEMS if refused else EXIT_OK


def _service_of(error: NetError, endpoints: Endpoints) -> str:
    for service in SERVICES:
        if host_of(error.url) == host_of(endpoints.url(service.name)):
            return service.name
    return "request"


def _stdin_records(args: argparse.Namespace) -> list[Record]:
    library = parse_string(sys.stdin.read(), source_name(STDIN))
    report(library.problems, args)
    if count_errors(library.problems) or not library.records:
        raise UsageError("stdin: no readable BibTeX entry")
    return list(library.records)


def _show(added: list[Outcome]) -> None:
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


def write(target: Target, added: list[Outcome]) -> None:
    """Write the new entries, their provenance and new venues (each file atomically)."""
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
