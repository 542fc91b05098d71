"""``belharbi-bib check``: validate the bundled database, or any .bib files."""

from __future__ import annotations

import argparse

from belharbi_bib import database
from belharbi_bib.bibtex.reader import parse_string
from belharbi_bib.bibtex.writer import write
from belharbi_bib.check import check_canonical, check_library
from belharbi_bib.cli.commands.normalize import normalizer_config
from belharbi_bib.cli.options import (
    UsageError,
    add_input,
    exit_code,
    input_paths,
    read_source,
    report,
    say,
    source_name,
    venues_for,
)
from belharbi_bib.files import decode
from belharbi_bib.model import Library
from belharbi_bib.normalize import Options, normalize
from belharbi_bib.problems import Problem, Severity, count_errors
from belharbi_bib.provenance import read_provenance
from belharbi_bib.venues import VenueRegistry

DESCRIPTION = (
    "Validate the bundled database (or FILEs): required fields, venues, identifiers, links, "
    "provenance, canonical form. Exits 1 on errors (and on warnings with --strict)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``check``."""
    add_input(parser, many=True)
    parser.add_argument("--strict", action="store_true", help="warnings count as failures")


def run(args: argparse.Namespace) -> int:
    """Validate the files; exit 1 on errors."""
    files = input_paths(args)
    bundled = not files
    paths = [str(database.bib_path())] if bundled else files
    config = normalizer_config(args)
    try:
        options = None if bundled else config.to_options()
    except ValueError as exc:
        raise UsageError(f"configuration: {exc}") from None
    provenance = read_provenance(database.provenance_path()) if bundled else None
    problems: list[Problem] = []
    for path in paths:
        venues = venues_for(args, None if bundled else path, config.venues)
        name = source_name(path)
        decoded = decode(read_source(path), name)
        library = parse_string(decoded.text, name).with_problems(decoded.problems)
        problems.extend(check_library(library, venues, provenance))
        if not count_errors(library.problems):
            problems.extend(check_canonical(decoded.text, write(library), name))
            problems.extend(_normalizer_changes(library, venues, name, options))
    report(problems, args)
    errors = count_errors(problems)
    warnings = sum(1 for p in problems if p.severity is Severity.WARNING)
    say(f"{len(paths)} file(s) checked: {errors} error(s), {warnings} warning(s)", args)
    return exit_code(problems, strict=args.strict)


def _normalizer_changes(
    library: Library, venues: VenueRegistry | None, path: str, options: Options | None = None
) -> list[Problem]:
    """Return one error per change the normalizer would make (the database must pass)."""
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
