"""``belharbi-bib show``: entries as canonical BibTeX, found by key or alias."""

from __future__ import annotations

import argparse

from belharbi_bib.bibtex.writer import render_record
from belharbi_bib.cli.options import (
    EXIT_OK,
    UsageError,
    add_output,
    emit,
    load_input,
    split_list,
)
from belharbi_bib.select import Query, select

DESCRIPTION = (
    "Print entries as canonical BibTeX, found by citation key or by an alias listed in their "
    "ids field (the bundled database, or FILE)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``show``."""
    parser.add_argument("key", metavar="KEY", help="citation key(s), comma-separated (or aliases)")
    parser.add_argument(
        "file", nargs="?", metavar="FILE", help=".bib file ('-': stdin; default: the database)"
    )
    parser.add_argument("--bib", metavar="FILE", help=argparse.SUPPRESS)
    add_output(parser)


def run(args: argparse.Namespace) -> int:
    """Print the entries named."""
    given = load_input(args)
    wanted = split_list([args.key])
    found = select(given.library, Query(keys=frozenset(k.casefold() for k in wanted)))
    known = {name for record in found for name in record.aliases}
    missing = [k for k in wanted if k.casefold() not in known]
    if missing or not found:
        raise UsageError(f"no entry with key {(missing or wanted)[0]!r}")
    emit("\n\n".join(render_record(r) for r in found) + "\n", args.output)
    return EXIT_OK
