"""The ``belharbi-bib enrich`` command: a .bib in, the enriched .bib (or what would change) out.

Exit codes: 0 done (problems are reported but do not fail the run); 1 with ``--strict`` when
a warning or an error was reported; 2 bad usage, an unreadable/unwritable file, or no service
reachable at all (said once; nothing is written).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from belharbi_bib.bibtex.writer import write
from belharbi_bib.cli.commands.normalize import normalizer_config
from belharbi_bib.cli.network import add_network_options, net_settings
from belharbi_bib.cli.options import (
    EXIT_OK,
    EXIT_PROBLEMS,
    STDIN,
    Input,
    UsageError,
    add_input,
    bundled_path,
    emit,
    load_input,
    report,
    say,
    split_list,
)
from belharbi_bib.enrichment import EnrichOptions, EnrichResult, enrich
from belharbi_bib.enrichment.progress import progress_for
from belharbi_bib.enrichment.report import render
from belharbi_bib.enrichment.services import SOURCES
from belharbi_bib.problems import Severity, count_errors

if TYPE_CHECKING:
    from belharbi_bib.model import Library
    from belharbi_bib.normalize import Options

DESCRIPTION = (
    "Fill in what entries lack from arXiv (by id, or found by title), Crossref (by DOI) and "
    "DBLP (published versions of preprints). Never overwrites a field unless --force names "
    "it, never deletes. Answers are cached; --offline uses the cache only. "
    "See docs/enrichment.md."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``enrich`` arguments to ``parser`` (a subcommand parser)."""
    add_input(parser)
    target = parser.add_mutually_exclusive_group()
    target.add_argument("-o", "--output", metavar="OUT", help="write to OUT ('-': stdout)")
    target.add_argument("-i", "--in-place", action="store_true", help="rewrite FILE.bib")
    target.add_argument(
        "--dry-run", action="store_true", help="print what would change; write nothing"
    )
    parser.add_argument(
        "--sources",
        action="append",
        metavar="LIST",
        help=f"sources to ask, comma-separated (default: {','.join(SOURCES)})",
    )
    parser.add_argument("--report", metavar="FILE.json", help="write per-field provenance JSON")
    parser.add_argument(
        "--force",
        action="append",
        metavar="FIELD,...",
        help="fields the sources may overwrite (default: none)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when a warning or an error was reported"
    )
    add_network_options(parser)


def run(args: argparse.Namespace) -> int:
    """Run ``belharbi-bib enrich`` with parsed ``args``; return the exit code."""
    sources = _sources(args)
    net = net_settings(args)
    if args.report == "-" and not (args.in_place or args.output not in (None, "-")):
        raise UsageError("--report - would mix with the output on stdout; give a file")
    given = load_input(args)
    if args.in_place and given.path == STDIN:
        raise UsageError("--in-place cannot rewrite stdin; use -o FILE")
    library, venues = given.library, given.venues
    report(library.problems, args)
    _refuse_broken(library, args)
    progress = progress_for(sys.stderr)
    try:
        options = EnrichOptions(sources, split_list(args.force), _options(args))
        result = enrich(library, options, net=net, venues=venues, progress=progress)
    finally:
        if progress is not None:
            progress.close()
    if result.no_service_reached:
        raise UsageError(unreachable_message(result))
    report(result.problems, args)
    _deliver(result, write(result.library), args, given)
    if args.report:
        emit(render(result, sources, offline=args.offline), args.report)
    say(summary(result, len(library)), args)
    serious = [p for p in result.problems if p.severity is not Severity.INFO]
    return EXIT_PROBLEMS if args.strict and serious else EXIT_OK


def _sources(args: argparse.Namespace) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(s.lower() for s in split_list(args.sources))) or SOURCES
    unknown = [s for s in chosen if s not in SOURCES]
    if unknown:
        raise UsageError(f"unknown source {unknown[0]!r} (choose from {', '.join(SOURCES)})")
    return chosen


def _options(args: argparse.Namespace) -> Options:
    """Return the normalizer options of the project configuration (the defaults without one)."""
    try:
        return normalizer_config(args).to_options()
    except ValueError as exc:
        raise UsageError(f"configuration: {exc}") from None


def _refuse_broken(library: Library, args: argparse.Namespace) -> None:
    if args.in_place and count_errors(library.problems):
        raise UsageError("the file has errors; it is not rewritten in place (fix them first)")


def _deliver(result: EnrichResult, text: str, args: argparse.Namespace, given: Input) -> None:
    if args.dry_run:
        lines = [f"{c.key}: {c.describe(70)}" for c in result.changes]
        sys.stdout.write("".join(f"{line}\n" for line in lines) or "no changes\n")
        return
    if args.in_place:
        if result.changed:
            emit(text, given.path or str(bundled_path()))
        return
    emit(text, args.output)


def unreachable_message(result: EnrichResult) -> str:
    """Return the one error said when no service could be reached.

    >>> from belharbi_bib.model import Library
    >>> result = EnrichResult(Library(), unreachable=(("dblp", "dblp.org unreachable"),))
    >>> unreachable_message(result).startswith("no service reachable (dblp: dblp.org unreachable)")
    True
    """
    reasons = "; ".join(f"{name}: {why}" for name, why in result.unreachable)
    return f"no service reachable ({reasons}); nothing changed. Check the network, or use --offline"


def summary(result: EnrichResult, entries: int) -> str:
    """Return the one-line summary of a run.

    >>> from belharbi_bib.enrichment import EnrichResult
    >>> from belharbi_bib.model import Library
    >>> summary(EnrichResult(Library(), sent=3, cached=2), 5)
    'enrich: 5 entries, 0 changed (0 fields); 0 warnings; 3 requests sent, 2 answers from the cache'
    """
    changed = len({c.key for c in result.changes})
    warnings = sum(1 for p in result.problems if p.severity is not Severity.INFO)
    offline = sum(1 for p in result.problems if p.code == "enrich.offline-miss")
    missed = f"; {offline} not checked offline" if offline else ""
    return (
        f"enrich: {entries} entries, {changed} changed ({len(result.changes)} fields){missed}; "
        f"{warnings} warnings; {result.sent} requests sent, {result.cached} answers from the cache"
    )
