"""What the subcommands share: work filters, output emission, problem reporting, usage errors.

Every subcommand module (``belharbi_bib.<area>.command``) builds on these so that the CLI behaves
the same everywhere: ``-o -`` is stdout, files are written atomically, problems go to stderr as
``path:line: severity code: message``, and bad usage raises :class:`UsageError` (exit code 2).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from belharbi_bib.problems import Problem

if TYPE_CHECKING:
    from belharbi_bib.model import Library
    from belharbi_bib.select import Query
    from belharbi_bib.venues import VenueRegistry

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad command-line usage (exit code 2)."""


def report(problems: Sequence[Problem], stream: TextIO | None = None) -> None:
    """Print problems, one ``path:line: severity code: message`` line each."""
    out = stream or sys.stderr
    for problem in problems:
        print(problem.format(), file=out)


def emit(text: str, output: str | None) -> None:
    """Write command output to stdout (``None`` or ``-``) or, atomically, to a file."""
    if output in (None, "-"):
        sys.stdout.write(text)
        return
    from belharbi_bib.files import write_text_atomic

    write_text_atomic(output, text)


def add_output(parser: argparse.ArgumentParser) -> None:
    """Add ``-o/--output FILE`` (``-`` for stdout, the default)."""
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE, atomically ('-' for stdout)"
    )


def add_filters(parser: argparse.ArgumentParser, *, keys: bool = False) -> None:
    """Add ``--bib`` and the work filters (``--kind --year --since --author --search [--keys]``)."""
    from belharbi_bib.kinds import KINDS

    parser.add_argument("--bib", metavar="FILE", help="read FILE instead of the bundled database")
    parser.add_argument(
        "--kind",
        action="append",
        metavar="KIND",
        help=f"keep only these kinds (repeat or comma-separate): {', '.join(KINDS)}",
    )
    parser.add_argument(
        "--year", metavar="Y|Y1-Y2", help="keep one year or a range (2020-2024, 2022-)"
    )
    parser.add_argument("--since", type=int, metavar="YEAR", help="keep works from YEAR on")
    parser.add_argument(
        "--author", metavar="NAME", help="keep works with this author (e.g. 'S. Belharbi')"
    )
    parser.add_argument(
        "--search", metavar="TEXT", help="keep works whose title, venue or authors contain TEXT"
    )
    if keys:
        parser.add_argument(
            "--keys",
            action="append",
            metavar="K1,K2",
            help="keep only these citation keys (aliases in 'ids' resolve; repeatable)",
        )


def split_list(values: Sequence[str] | None) -> list[str]:
    """Flatten repeated, comma-separated option values, dropping blanks.

    >>> split_list(["a,b", " c ", ""])
    ['a', 'b', 'c']
    """
    return [part.strip() for item in values or () for part in item.split(",") if part.strip()]


def query_from(args: argparse.Namespace) -> Query:
    """Build the :class:`~belharbi_bib.select.Query` the filter options describe."""
    from belharbi_bib.kinds import KINDS
    from belharbi_bib.select import Query, parse_years

    kinds = None
    if args.kind:
        kinds = frozenset(k.lower() for k in split_list(args.kind))
        unknown = sorted(kinds - set(KINDS))
        if unknown:
            raise UsageError(f"unknown kind {unknown[0]!r} (choose from {', '.join(KINDS)})")
    since = until = None
    if args.year:
        try:
            since, until = parse_years(args.year)
        except ValueError:
            raise UsageError(f"--year {args.year!r}: expected YEAR or YEAR-YEAR") from None
    if args.since is not None:
        since = args.since
    keys = getattr(args, "keys", None)
    return Query(
        kinds=kinds,
        since=since,
        until=until,
        author=args.author,
        text=args.search,
        keys=frozenset(k.casefold() for k in split_list(keys)) if keys else None,
    )


def load_input(path: str | None) -> tuple[Library, VenueRegistry | None]:
    """Load ``--bib FILE`` (or the bundled database) and the venue registry that goes with it.

    The bundled database comes with the bundled registry; a user's file gets the registry named
    in its project configuration when there is one, else none.
    """
    from belharbi_bib import load, load_venues

    library = load(path)
    if path is None:
        return library, load_venues()
    return library, _project_venues()


def _project_venues() -> VenueRegistry | None:
    from pathlib import Path

    from belharbi_bib.normalize.config import load_config
    from belharbi_bib.venues import read_registry

    config = load_config(Path.cwd())
    return read_registry(config.venues) if config.venues is not None else None
