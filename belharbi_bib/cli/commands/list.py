"""``belharbi-bib list``: the works, one per line or as JSON."""

from __future__ import annotations

import argparse
import json

from belharbi_bib.cli.options import (
    add_filters,
    add_input,
    add_output,
    emit,
    exit_code,
    load_input,
    query_from,
    report,
)
from belharbi_bib.kinds import kind_of
from belharbi_bib.latex import to_unicode
from belharbi_bib.model import Record
from belharbi_bib.select import select
from belharbi_bib.texmacros import expand_library
from belharbi_bib.venues import VenueRegistry

DESCRIPTION = "List works (the bundled database, or FILE), one per line or as JSON."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``list``."""
    add_input(parser)
    add_filters(parser, keys=True)
    parser.add_argument("--json", action="store_true", help="print a JSON array of objects")
    add_output(parser)


def record_json(record: Record, venues: VenueRegistry | None) -> dict[str, object]:
    """Return the JSON object ``list --json`` prints for one record."""
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


def run(args: argparse.Namespace) -> int:
    """List the selected works."""
    given = load_input(args)
    report(given.library.problems, args)
    library = expand_library(given.library)  # titles as LaTeX prints them, with the preamble
    records = select(library, query_from(args), given.venues)
    if args.json:
        rows = [record_json(r, given.venues) for r in records]
        text = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    else:
        text = "".join(
            f"{r.key}\t{r.year or ''}\t{r.entry_type}\t{to_unicode(r.title)}\n" for r in records
        )
    emit(text, args.output)
    return exit_code(given.library.problems)
