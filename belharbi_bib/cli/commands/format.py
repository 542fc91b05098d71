"""``belharbi-bib format``: works as a formatted reference list in a citation style."""

from __future__ import annotations

import argparse

from belharbi_bib.cli.options import (
    UsageError,
    add_filters,
    add_input,
    add_output,
    emit,
    exit_code,
    load_input,
    query_from,
    report,
    split_list,
)
from belharbi_bib.files import user_cache_dir
from belharbi_bib.markup import FORMATS
from belharbi_bib.render import SORTS, FormatOptions
from belharbi_bib.render import format as format_works
from belharbi_bib.render.keys import unknown_keys
from belharbi_bib.render.styles import StyleNotFound
from belharbi_bib.select import select
from belharbi_bib.texmacros import with_definitions

DESCRIPTION = (
    "Print the works (the bundled database, or FILE) as a formatted reference list: "
    "CSL styles through citeproc-py (apa, ieee, chicago, mla, harvard, vancouver, nature, acm, "
    "lncs, elsevier, or any .csl file) or BibTeX styles, their .bst run by pybtex's interpreter "
    "(plain, unsrt, alpha, unsrtalpha, or any .bst file); see 'belharbi-bib styles'."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``format``."""
    add_input(parser)
    parser.add_argument(
        "--style",
        default="apa",
        metavar="NAME|PATH.csl|PATH.bst",
        help="citation style (default: apa)",
    )
    parser.add_argument(
        "--to", default="text", choices=FORMATS, help="output format (default: text)"
    )
    add_filters(parser, keys=True)
    parser.add_argument(
        "--sort",
        choices=SORTS,
        help="order the list (date: newest first); default: the style's own order",
    )
    parser.add_argument(
        "--link", action="store_true", help="link URLs, and add DOI, arXiv and code links"
    )
    parser.add_argument("--locale", metavar="LANG", help="CSL locale, e.g. en-GB or fr-FR")
    parser.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="render cache directory (default: $XDG_CACHE_HOME/belharbi-bib/render)",
    )
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    add_output(parser)


def run(args: argparse.Namespace) -> int:
    """Format the selected works and write them out."""
    given = load_input(args)
    library, venues = given.library, given.venues
    report(library.problems, args)
    missing = unknown_keys(library.records, split_list(args.keys))
    report(missing, args)
    records = select(library, query_from(args), venues)
    cache_dir = None if args.no_cache else (args.cache_dir or user_cache_dir("render"))
    try:
        options = FormatOptions(
            style=args.style,
            to=args.to,
            sort=args.sort,
            link=args.link,
            locale=args.locale,
            cache_dir=cache_dir,
        )
        # with the preambles: their macros are expanded as LaTeX would run them
        formatted = format_works(with_definitions(library, records), options, venues=venues)
    except StyleNotFound as exc:
        raise UsageError(str(exc)) from None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    report(formatted.problems, args)
    emit(formatted.text, args.output)
    return exit_code([*library.problems, *formatted.problems, *missing])
