"""The ``belharbi-bib`` command line: parses arguments, runs a command, maps outcomes to exit codes.

Exit codes: 0 ok; 1 problems found (errors in the data, or ``--check`` found changes);
2 bad usage or unreadable input.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

from belharbi_bib import database
from belharbi_bib.arguments import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    UsageError,
    add_filters,
    add_output,
    emit,
    query_from,
    report,
)
from belharbi_bib.errors import BibError
from belharbi_bib.model import Library, Record
from belharbi_bib.problems import Problem, Severity, count_errors

Handler = Callable[[argparse.Namespace], int]

# Subcommands that live with their area: (name, module, one-line help). Each module has
# ``add_arguments(parser)`` and ``run(args) -> int`` and imports nothing heavy at module level.
AREA_COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("normalize", "belharbi_bib.normalize.command", "rewrite .bib files canonically (or --check)"),
    (
        "enrich",
        "belharbi_bib.enrichment.command",
        "fill in missing metadata from arXiv, Crossref, DBLP",
    ),
    ("export", "belharbi_bib.exports.command", "export a .bib (BibTeX, BibLaTeX) or CSL-JSON"),
    ("format", "belharbi_bib.render.command", "formatted reference lists (CSL, BibTeX styles)"),
    ("styles", "belharbi_bib.render.styles_command", "list the citation styles available"),
    ("cv", "belharbi_bib.curriculum.command", "CV publication sections and a publications page"),
    ("add", "belharbi_bib.intake.add_command", "add works by arXiv id, DOI, DBLP key, OpenReview"),
    ("discover", "belharbi_bib.intake.discover_command", "find the owner's works not yet added"),
)


__all__ = ["EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE", "UsageError", "build_parser", "main"]


def _load(path: str | None) -> Library:
    from belharbi_bib import load

    return load(path)


def _venues_for(path: str | None) -> Any:
    from belharbi_bib import load_venues

    return load_venues() if path is None else None


def _record_json(record: Record, venues: Any) -> dict[str, object]:
    from belharbi_bib.kinds import kind_of
    from belharbi_bib.latex import to_unicode

    venue = venues.venue_of(record) if venues is not None else None
    arxiv = record.arxiv
    return {
        "key": record.key,
        "type": record.entry_type,
        "kind": kind_of(record, venues),
        "title": to_unicode(record.title),
        "authors": [to_unicode(p.bibtex()) for p in record.authors],
        "year": record.year,
        "venue": to_unicode(record.venue_name) if record.venue_name else None,
        "venue_id": venue.id if venue else None,
        "venue_short": venue.short if venue else None,
        "arxiv": arxiv.id if arxiv else None,
        "doi": record.doi,
        "links": {link.label: link.url for link in record.links},
    }


def run_list(args: argparse.Namespace) -> int:
    """List works (one per line, or as JSON)."""
    from belharbi_bib.latex import to_unicode
    from belharbi_bib.select import select

    library = _load(args.bib)
    report(library.problems)
    venues = _venues_for(args.bib)
    records = select(library, query_from(args), venues)
    if args.json:
        text = (
            json.dumps([_record_json(r, venues) for r in records], ensure_ascii=False, indent=2)
            + "\n"
        )
    else:
        text = "".join(
            f"{r.key}\t{r.year or ''}\t{r.entry_type}\t{to_unicode(r.title)}\n" for r in records
        )
    emit(text, args.output)
    return EXIT_PROBLEMS if count_errors(library.problems) else EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    """Print one entry as canonical BibTeX (aliases in ``ids`` resolve too)."""
    from belharbi_bib.bibtex.writer import render_record
    from belharbi_bib.select import Query, select

    library = _load(args.bib)
    found = select(library, Query(keys=frozenset({args.key.casefold()})))
    if not found:
        print(f"belharbi-bib: error: no entry with key {args.key!r}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write("\n\n".join(render_record(r) for r in found) + "\n")
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    """Validate the bundled database (or given files); exit 1 on errors."""
    from belharbi_bib import load_venues
    from belharbi_bib.bibtex.reader import parse_string
    from belharbi_bib.bibtex.writer import write
    from belharbi_bib.check import check_canonical, check_library
    from belharbi_bib.files import decode, read_bytes
    from belharbi_bib.provenance import read_provenance

    bundled = not args.files
    paths = [str(database.bib_path())] if bundled else args.files
    options, config_venues = (None, None) if bundled else _project_normalize_options()
    venues_file = args.venues or config_venues
    venues = load_venues(venues_file) if (bundled or venues_file) else None
    provenance = read_provenance(database.provenance_path()) if bundled else None
    problems: list[Problem] = []
    for path in paths:
        decoded = decode(read_bytes(path), path)
        library = parse_string(decoded.text, path).with_problems(decoded.problems)
        problems.extend(check_library(library, venues, provenance))
        if not count_errors(library.problems):
            problems.extend(check_canonical(decoded.text, write(library), path))
            problems.extend(_normalizer_changes(library, venues, path, options))
    shown = [p for p in problems if args.verbose or p.severity is not Severity.INFO]
    report(shown)
    errors = count_errors(problems)
    warnings = sum(1 for p in problems if p.severity is Severity.WARNING)
    print(
        f"{len(paths)} file(s) checked: {errors} error(s), {warnings} warning(s)", file=sys.stderr
    )
    if errors or (args.strict and warnings):
        return EXIT_PROBLEMS
    return EXIT_OK


def _project_normalize_options() -> tuple[Any, Any]:
    """Return the normalizer options and venue registry path of the project configuration.

    ``check FILE`` judges user files by the same configuration ``normalize`` would use (found from
    the working directory: ``belharbi-bib.toml`` or ``[tool.belharbi-bib]`` in pyproject.toml).
    """
    from pathlib import Path

    from belharbi_bib.normalize.config import load_config

    try:
        config = load_config(Path.cwd())
        return config.to_options(), config.venues
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _normalizer_changes(
    library: Library, venues: Any, path: str, options: Any = None
) -> list[Problem]:
    """Return one error per change the normalizer would make (the database must pass)."""
    from belharbi_bib.normalize import normalize

    return [
        Problem(
            "check.not-normalized",
            f"normalize would change {change.field or 'the entry'} ({change.rule}); "
            "run 'belharbi-bib normalize --in-place'",
            path=path,
            line=change.line,
            key=change.key,
        )
        for change in normalize(library, options, venues=venues).changes
    ]


def run_facts(args: argparse.Namespace) -> int:
    """Print the Markdown table of confirmed and missing facts of the bundled database."""
    from belharbi_bib.facts import facts_page
    from belharbi_bib.provenance import read_provenance

    library = _load(None)
    table = facts_page(library, read_provenance(database.provenance_path()))
    emit(table, args.output)
    return EXIT_OK


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand.

    Args:
        only: The subcommand about to run: only its area module is imported and its options
            added; the other area subcommands are listed (for ``--help``) without their options.
            None builds every subcommand in full.
    """
    from belharbi_bib import __version__

    parser = argparse.ArgumentParser(
        prog="belharbi-bib",
        description="Canonical BibTeX for Soufiane Belharbi's publications, and for any .bib file.",
        epilog="Exit codes: 0 ok, 1 problems found, 2 bad usage or unreadable input.",
    )
    parser.add_argument("--version", action="version", version=f"belharbi-bib {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what is being done")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub = commands.add_parser(
        "list", help="list works", description="List works, one per line or as JSON."
    )
    add_filters(sub)
    sub.add_argument("--json", action="store_true", help="print a JSON array of objects")
    add_output(sub)
    sub.set_defaults(handler=run_list)

    sub = commands.add_parser(
        "show", help="print one entry as BibTeX", description="Print one entry as canonical BibTeX."
    )
    sub.add_argument("key", help="citation key (or an alias listed in its ids field)")
    sub.add_argument("--bib", metavar="FILE", help="read FILE instead of the bundled database")
    sub.set_defaults(handler=run_show)

    sub = commands.add_parser(
        "check",
        help="validate the database or .bib files",
        description="Validate the bundled database (or FILEs): required fields, venues, "
        "identifiers, links, provenance, canonical form. "
        "Exits 1 on errors (and on warnings with --strict).",
    )
    sub.add_argument(
        "files", nargs="*", metavar="FILE", help=".bib files (default: the bundled database)"
    )
    sub.add_argument(
        "--venues", metavar="FILE", help="venue registry (TOML) to check venueid fields against"
    )
    sub.add_argument("--strict", action="store_true", help="warnings count as failures")
    sub.set_defaults(handler=run_check)

    sub = commands.add_parser(
        "facts",
        help="table of confirmed and missing facts",
        description="Print, as Markdown, which facts of each bundled work are confirmed, "
        "and from where.",
    )
    add_output(sub)
    sub.set_defaults(handler=run_facts)

    for name, module_name, summary in AREA_COMMANDS:
        if only is not None and name != only:
            commands.add_parser(name, help=summary, description=summary)
            continue
        module = importlib.import_module(module_name)
        sub = commands.add_parser(
            name,
            help=summary,
            description=getattr(module, "DESCRIPTION", summary),
        )
        module.add_arguments(sub)
        sub.set_defaults(handler=module.run)
    return parser


def _command_in(argv: Sequence[str]) -> str | None:
    """Return the subcommand named in ``argv`` (the first word that is not an option).

    >>> _command_in(["-v", "normalize", "--check", "a.bib"]), _command_in(["--version"])
    ('normalize', None)
    """
    return next((word for word in argv if not word.startswith("-")), None)


def _configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="belharbi-bib: %(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    logging.getLogger("pylatexenc").setLevel(logging.ERROR)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    words = list(sys.argv[1:] if argv is None else argv)
    command = _command_in(words)
    known = {name for name, _, _ in AREA_COMMANDS}
    parser = build_parser(only=command if command in known else "")
    args = parser.parse_args(words)
    _configure_logging(args.verbose)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    if not hasattr(args, "verbose"):
        args.verbose = False
    try:
        return int(args.handler(args))
    except UsageError as exc:
        print(f"belharbi-bib: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BibError as exc:
        print(f"belharbi-bib: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return EXIT_OK
    except KeyboardInterrupt:  # pragma: no cover
        print("belharbi-bib: interrupted", file=sys.stderr)
        return 130
