"""``belharbi-bib facts``: which facts of each bundled work are confirmed, and from where."""

from __future__ import annotations

import argparse

from belharbi_bib import database
from belharbi_bib.cli.options import EXIT_OK, add_output, emit, read_library
from belharbi_bib.facts import facts_page
from belharbi_bib.provenance import read_provenance

DESCRIPTION = "Print, as Markdown, which facts of each bundled work are confirmed, and from where."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``facts``."""
    add_output(parser)


def run(args: argparse.Namespace) -> int:
    """Print the facts table of the bundled database."""
    table = facts_page(read_library(None), read_provenance(database.provenance_path()))
    emit(table, args.output)
    return EXIT_OK
