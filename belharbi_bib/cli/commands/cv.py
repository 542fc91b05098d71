"""The ``belharbi-bib cv`` subcommand: CV publication sections and a publications web page."""

from __future__ import annotations

import argparse

from belharbi_bib.cli.options import (
    EXIT_OK,
    EXIT_PROBLEMS,
    UsageError,
    add_filters,
    add_input,
    add_output,
    emit,
    load_input,
    query_from,
    report,
    split_list,
)
from belharbi_bib.curriculum import render
from belharbi_bib.curriculum.options import FORMATS, GROUPINGS, CvOptions
from belharbi_bib.curriculum.owner import DEFAULT_OWNER, Owner
from belharbi_bib.errors import ReadError
from belharbi_bib.files import read_bytes
from belharbi_bib.problems import Problem, count_errors

DESCRIPTION = (
    "Render the works as CV publication sections: LaTeX (a section to \\input, or a complete "
    "document with --standalone), Markdown for a Jekyll/GitHub Pages site, one self-contained "
    "HTML page (filters, search, BibTeX toggles) or the JSON Resume 'publications' array. "
    "Sections by kind (or year), newest first, numbered J1, C1, W1, P1 ...; the owner in bold. "
    "With --check -o FILE, exit 1 when FILE is not up to date (and change nothing)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``belharbi-bib cv``."""
    add_input(parser)
    parser.add_argument(
        "--to", choices=FORMATS, default="markdown", help="output format (default: markdown)"
    )
    parser.add_argument(
        "--owner",
        metavar="NAME",
        default=DEFAULT_OWNER,
        help=f"whose name is in bold and never truncated (default: {DEFAULT_OWNER})",
    )
    parser.add_argument(
        "--alias",
        action="append",
        metavar="NAME",
        help="another spelling of the owner's name (repeatable)",
    )
    parser.add_argument(
        "--group-by", choices=GROUPINGS, default="kind", help="sections by kind or by year"
    )
    add_filters(parser, keys=True)
    parser.add_argument(
        "--kinds",
        dest="kind",
        action="append",
        metavar="K1,K2",
        help="kinds to include, in section order (same as --kind)",
    )
    parser.add_argument(
        "--selected",
        action="store_true",
        help="only works marked 'selected = {true}' (or keyword 'selected')",
    )
    parser.add_argument(
        "--max-authors",
        type=int,
        metavar="N",
        help="show at most N authors per work, then 'et al.' (the owner is always shown)",
    )
    parser.add_argument(
        "--standalone",
        action="store_true",
        help="LaTeX: a complete document that compiles with pdflatex",
    )
    parser.add_argument(
        "--full-venues", action="store_true", help="write venues as 'Full Name (SHORT)'"
    )
    parser.add_argument("--title", default="", help="heading of the document or page")
    add_output(parser)
    parser.add_argument(
        "--check",
        action="store_true",
        help="with -o FILE: exit 1 when FILE differs from the output (write nothing)",
    )


def run(args: argparse.Namespace) -> int:
    """Run ``belharbi-bib cv``."""
    if args.check and args.output in (None, "-"):
        raise UsageError("--check needs -o FILE (the file to compare with)")
    if args.max_authors is not None and args.max_authors < 1:
        raise UsageError("--max-authors must be at least 1")
    query = query_from(args)
    kinds = tuple(dict.fromkeys(k.lower() for k in split_list(args.kind))) if args.kind else None
    given = load_input(args)
    library, venues = given.library, given.venues
    report(library.problems, args)
    try:
        options = CvOptions(
            to=args.to,
            owner=Owner(args.owner, tuple(split_list(args.alias))),
            group_by=args.group_by,
            kinds=kinds,
            query=query,
            selected=args.selected,
            max_authors=args.max_authors,
            standalone=args.standalone,
            full_venues=args.full_venues,
            title=args.title,
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    rendered = render(library, options, venues)
    report(rendered.problems, args)
    errors = count_errors(library.problems) + count_errors(rendered.problems)
    if args.check and not _is_current(args.output, rendered.text):
        return _stale(args.output)
    if args.check:
        return EXIT_PROBLEMS if errors else EXIT_OK
    emit(rendered.text, args.output)
    return EXIT_PROBLEMS if errors else EXIT_OK


def _is_current(path: str, text: str) -> bool:
    try:
        return read_bytes(path) == text.encode("utf-8")
    except ReadError:
        return False


def _stale(path: str) -> int:
    report([Problem("cv.out-of-date", "not up to date; run without --check", path=path)])
    return EXIT_PROBLEMS
