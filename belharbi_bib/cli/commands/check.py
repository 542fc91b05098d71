"""``belharbi-bib check``: validate the bundled database, or any .bib files."""

from __future__ import annotations

import argparse

from belharbi_bib import database
from belharbi_bib.bibtex.reader import parse_string
from belharbi_bib.check import check_entries, check_library, for_user_file, summary
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
from belharbi_bib.problems import Problem, Severity, count_errors
from belharbi_bib.provenance import read_provenance

DESCRIPTION = (
    "Validate the bundled database (or FILEs): required fields, venues, identifiers, links, "
    "provenance, canonical form. Exits 1 on errors (and on warnings with --strict)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``check``."""
    add_input(parser, many=True)
    parser.add_argument("--strict", action="store_true", help="warnings count as failures")


def run(args: argparse.Namespace) -> int:
    """Validate the files; exit 1 on errors (the bundled database) or on fatal problems.

    A user's file is judged as LaTeX judges it (:func:`~belharbi_bib.check.for_user_file`):
    only what BibTeX or biber fail on is an error; the rest is a warning.
    """
    files = input_paths(args)
    bundled = not files
    paths = [str(database.bib_path())] if bundled else files
    config = normalizer_config(args)
    try:
        options = None if bundled else config.to_options()
    except ValueError as exc:
        raise UsageError(f"configuration: {exc}") from None
    provenance = read_provenance(database.provenance_path()) if bundled else None
    severity = Severity.ERROR if bundled else Severity.WARNING
    problems: list[Problem] = []
    for path in paths:
        venues = venues_for(args, None if bundled else path, config.venues)
        name = source_name(path)
        decoded = decode(read_source(path), name)
        library = parse_string(decoded.text, name).with_problems(decoded.problems)
        found = list(check_library(library, venues, provenance))
        if not count_errors(library.problems):
            found.extend(check_entries(decoded.text, name, options, venues, severity))
        problems.extend(found if bundled else for_user_file(found))
    report(problems, args)
    say(summary(len(paths), problems), args)
    return exit_code(problems, strict=args.strict)
