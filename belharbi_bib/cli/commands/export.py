"""``belharbi-bib export``: a ``.bib`` (BibTeX or BibLaTeX) or CSL-JSON of selected works."""

from __future__ import annotations

import argparse

from belharbi_bib import structs
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
from belharbi_bib.exports import FORMATS, ExportOptions, export
from belharbi_bib.exports.citations import Citation, Cited, read_aux, read_tex, resolve
from belharbi_bib.exports.structure import preambles_of, with_parents
from belharbi_bib.model import Record
from belharbi_bib.problems import Problem, Severity
from belharbi_bib.select import matches

DESCRIPTION = (
    "Export works as a .bib for a LaTeX paper (BibTeX or BibLaTeX dialect) or as CSL-JSON. "
    "--aux/--tex keep exactly the works a LaTeX project cites; unknown keys are reported. "
    "Entries come in database order; the same input gives the same bytes."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the export options."""
    add_input(parser)
    parser.add_argument(
        "--to",
        choices=FORMATS,
        default="bibtex",
        help="output dialect (default: bibtex)",
    )
    add_filters(parser, keys=True)
    parser.add_argument(
        "--aux",
        action="append",
        metavar="FILE.aux",
        help="keep the works cited in a LaTeX .aux file (\\citation, biblatex's \\abx@aux@cite)",
    )
    parser.add_argument(
        "--tex",
        nargs="+",
        metavar="FILE.tex",
        help="keep the works cited in .tex files (\\cite, \\citep, \\parencite, ...)",
    )
    parser.add_argument(
        "--venue",
        choices=("full", "short"),
        default="full",
        help="venue names as in the database, or short ('Proc. WACV')",
    )
    parser.add_argument(
        "--strings", action="store_true", help="write venues as @string macros, one each"
    )
    parser.add_argument("--no-abstract", action="store_true", help="drop abstracts")
    parser.add_argument("--no-links", action="store_true", help="drop url and doi")
    parser.add_argument(
        "--ascii", action="store_true", help="write non-ASCII characters as LaTeX escapes"
    )
    add_output(parser)


def run(args: argparse.Namespace) -> int:
    """Run ``belharbi-bib export``."""
    sources = [name for name in ("keys", "aux", "tex") if getattr(args, name)]
    if len(sources) > 1:
        raise UsageError(f"choose one of --keys, --aux, --tex (got {', '.join(sources)})")
    if args.to == "csljson" and (args.strings or args.ascii):
        raise UsageError("--strings and --ascii apply to .bib dialects, not to csljson")
    query = structs.replace(query_from(args), keys=None)
    given = load_input(args)
    library, venues = given.library, given.venues
    problems: list[Problem] = list(library.problems)
    records: tuple[Record, ...] = library.records
    if sources:
        records, found = _cited(records, args)
        problems.extend(found)
    selected = [r for r in records if matches(r, query, venues)]
    options = ExportOptions(
        to=args.to,
        venue_form=args.venue,
        strings=args.strings,
        abstract=not args.no_abstract,
        links=not args.no_links,
        ascii=args.ascii,
        preambles=preambles_of([library]),
        macros=library.strings,
    )
    exported = export(with_parents(selected, library.records), options, venues=venues)
    problems.extend(exported.problems)
    emit(exported.text, args.output)
    report(problems, args)
    return exit_code(problems)


def _cited(
    records: tuple[Record, ...], args: argparse.Namespace
) -> tuple[tuple[Record, ...], list[Problem]]:
    """Return the records cited by ``--keys``/``--aux``/``--tex``, and the problems met."""
    unknown = Severity.WARNING
    cited: Cited
    if args.keys:
        cited = Cited(tuple(Citation(key, "--keys") for key in split_list(args.keys)))
        unknown = Severity.ERROR
    elif args.aux:
        cited = read_aux(args.aux)
    else:
        cited = read_tex(args.tex)
    problems = list(cited.problems)
    if not cited.citations:
        source = "--keys" if args.keys else ", ".join(args.aux or args.tex)
        problems.append(
            Problem("export.no-citations", f"no citation found in {source}", Severity.WARNING)
        )
    found, resolved = resolve(
        records, cited.citations, rename=args.to != "biblatex", unknown=unknown
    )
    problems.extend(resolved)
    return found, problems
