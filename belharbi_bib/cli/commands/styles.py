"""``belharbi-bib styles``: the citation styles ``format`` accepts."""

from __future__ import annotations

import argparse
import json

from belharbi_bib.cli.options import EXIT_OK, add_output, emit
from belharbi_bib.render.styles import aliases_of, available

DESCRIPTION = (
    "List the bundled citation styles: name, engine (csl or bibtex), citation format, title "
    "and aliases. 'belharbi-bib format --style' also takes the path of any .csl file."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``styles``."""
    parser.add_argument("--json", action="store_true", help="print a JSON array of objects")
    add_output(parser)


def run(args: argparse.Namespace) -> int:
    """Print the styles, one per line (tab-separated) or as JSON."""
    rows = [
        {
            "name": style.name,
            "engine": style.engine,
            "kind": style.kind,
            "title": style.title,
            "aliases": aliases_of(style.name),
        }
        for style in available()
    ]
    if args.json:
        text = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    else:
        text = "".join(
            f"{row['name']}\t{row['engine']}\t{row['kind']}\t{row['title']}"
            f"{chr(9) + ', '.join(row['aliases']) if row['aliases'] else ''}\n"
            for row in rows
        )
    emit(text, args.output)
    return EXIT_OK
