"""What the commands share: input, global options, work filters, output, problems, exit codes.

Every command module (``belharbi_bib.cli.commands.<command>``) builds on these so that the CLI
behaves the same everywhere:

- input files are positional (``-`` reads stdin; ``--bib FILE`` is kept as an alias), and the
  venue registry that goes with them is picked by :mod:`belharbi_bib.project`, one policy;
- the global options (``-v``, ``-q``, ``--config``, ``--no-config``, ``--venues``) are accepted
  before or after the command name;
- ``-o -`` is stdout, files are written atomically;
- problems go to stderr as ``path:line: severity code: message`` (INFO only with ``-v``,
  errors only with ``-q``);
- exit codes: 0 ok, 1 problems found (errors, or warnings with ``--strict``, or ``--check``
  found changes), 2 bad usage (:class:`UsageError`) or unreadable input.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from belharbi_bib import database
from belharbi_bib.bibtex.reader import parse_string
from belharbi_bib.cli.base import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    GLOBAL_DEFAULTS,
    STDIN,
    UsageError,
    add_global_options,
    fill_globals,
)
from belharbi_bib.errors import ReadError
from belharbi_bib.files import decode, read_bytes, write_text_atomic
from belharbi_bib.kinds import KINDS
from belharbi_bib.model import Library
from belharbi_bib.problems import Problem, Severity, count_errors
from belharbi_bib.project import ProjectConfig, load_project_config, registry_for
from belharbi_bib.structs import dataclass
from belharbi_bib.venues import VenueRegistry

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import TextIO, TypeVar

    from belharbi_bib.select import Query

    T = TypeVar("T")

__all__ = [
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "GLOBAL_DEFAULTS",
    "STDIN",
    "UsageError",
    "add_global_options",
    "fill_globals",
]


# --- problems and exit codes ------------------------------------------------------------------


def shown(problems: Sequence[Problem], args: argparse.Namespace) -> list[Problem]:
    """Return the problems worth printing: INFO only with ``-v``, errors only with ``-q``."""
    if getattr(args, "verbose", False):
        return list(problems)
    if getattr(args, "quiet", False):
        return [p for p in problems if p.severity is Severity.ERROR]
    return [p for p in problems if p.severity is not Severity.INFO]


def report(
    problems: Sequence[Problem],
    args: argparse.Namespace | None = None,
    stream: TextIO | None = None,
) -> None:
    """Print problems, one ``path:line: severity code: message`` line each (see :func:`shown`)."""
    out = stream or sys.stderr
    for problem in shown(problems, args) if args is not None else problems:
        print(problem.format(), file=out)


def say(text: str, args: argparse.Namespace) -> None:
    """Print a human summary line on stderr, unless ``-q``."""
    if not getattr(args, "quiet", False):
        print(text, file=sys.stderr)


def exit_code(problems: Sequence[Problem], *, strict: bool = False) -> int:
    """Return the exit code of a run: 1 on an error (or, ``strict``, a warning), else 0."""
    if count_errors(list(problems)):
        return EXIT_PROBLEMS
    if strict and any(p.severity is Severity.WARNING for p in problems):
        return EXIT_PROBLEMS
    return EXIT_OK


# --- input ------------------------------------------------------------------------------------


def add_input(
    parser: argparse.ArgumentParser, *, many: bool = False, required: bool = False
) -> None:
    """Add the positional input file(s) (``-`` for stdin) and the ``--bib`` alias.

    Args:
        parser: The command's parser.
        many: Several files (``check``, ``normalize``) rather than one.
        required: The command has no default input (the bundled database otherwise).
    """
    what = "read stdin with '-'" + ("" if required else "; default: the bundled database")
    if many:
        parser.add_argument(
            "files", nargs="+" if required else "*", metavar="FILE", help=f".bib files ({what})"
        )
    else:
        parser.add_argument("file", nargs="?", metavar="FILE", help=f".bib file ({what})")
    parser.add_argument("--bib", metavar="FILE", help=argparse.SUPPRESS)


def input_path(args: argparse.Namespace) -> str | None:
    """Return the one input file named (positionally or with ``--bib``), or None (the default).

    Raises:
        UsageError: Two different files were named.
    """
    named = [p for p in (getattr(args, "file", None), getattr(args, "bib", None)) if p]
    if len(set(named)) > 1:
        raise UsageError(f"one input file, please (got {named[0]!r} and {named[1]!r})")
    return named[0] if named else None


def input_paths(args: argparse.Namespace) -> list[str]:
    """Return the input files named (positionally and with ``--bib``), in order."""
    files = list(getattr(args, "files", None) or ())
    bib = getattr(args, "bib", None)
    if bib and bib not in files:
        files.append(bib)
    return files


def read_source(path: str) -> bytes:
    """Return the bytes of ``path``, or of stdin for ``-``.

    Raises:
        ReadError: The file cannot be read.
    """
    if path == STDIN:
        try:
            return sys.stdin.buffer.read()
        except (OSError, AttributeError) as exc:
            raise ReadError("<stdin>", str(exc)) from None
    return read_bytes(path)


def source_name(path: str) -> str:
    """Return how problems name the input ``path`` (``<stdin>`` for ``-``)."""
    return "<stdin>" if path == STDIN else path


def read_library(path: str | None) -> Library:
    """Read ``path`` (``-`` is stdin, None the bundled database) into a library."""
    source = str(database.bib_path()) if path is None else path
    decoded = decode(read_source(source), source_name(source))
    return parse_string(decoded.text, source_name(source)).with_problems(decoded.problems)


def configured(
    args: argparse.Namespace, load: Callable[[str, str | None], T], default: Callable[[], T]
) -> T:
    """Return what ``load`` reads from the configuration file the global options select.

    ``--config FILE``, else the file found from the working directory up; ``default()`` with
    ``--no-config``. The one place that maps these options (and their errors) for every command.

    Raises:
        UsageError: The configuration file is unreadable or invalid.
    """
    if args.no_config:
        return default()
    try:
        return load(os.getcwd(), args.config or None)
    except ReadError as exc:
        raise UsageError(f"configuration: {exc}") from None


def project_config(args: argparse.Namespace) -> ProjectConfig:
    """Return the project configuration the global options select.

    Raises:
        UsageError: The configuration file is unreadable or invalid.
    """
    return configured(args, load_project_config, ProjectConfig)


def venues_for(
    args: argparse.Namespace, path: str | None, configured: Path | None, *, needed: bool = False
) -> VenueRegistry | None:
    """Return the venue registry of the input ``path`` (:func:`belharbi_bib.project.registry_for`).

    Raises:
        UsageError: The registry is unreadable or invalid.
    """
    try:
        return registry_for(path, configured, args.venues, needed=needed)
    except ReadError as exc:
        raise UsageError(f"venue registry: {exc}") from None


@dataclass(frozen=True, slots=True)
class Input:
    """The input of a one-file command.

    Attributes:
        path: The file named, or None for the bundled database.
        library: Its records (problems included).
        venues: The venue registry that goes with it.
        config: The project configuration.
    """

    path: str | None
    library: Library
    venues: VenueRegistry | None
    config: ProjectConfig


def load_input(args: argparse.Namespace) -> Input:
    """Load the command's input file (or the bundled database) and its venue registry."""
    path = input_path(args)
    config = project_config(args)
    venues = venues_for(args, path, config.venues)
    return Input(path, read_library(path), venues, config)


# --- output -----------------------------------------------------------------------------------


def emit(text: str, output: str | None) -> None:
    """Write command output to stdout (``None`` or ``-``) or, atomically, to a file."""
    if output in (None, "-"):
        sys.stdout.write(text)
        return
    write_text_atomic(output, text)


def add_output(parser: argparse.ArgumentParser) -> None:
    """Add ``-o/--output FILE`` (``-`` for stdout, the default)."""
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE, atomically ('-' for stdout)"
    )


# --- work filters -----------------------------------------------------------------------------


def add_filters(parser: argparse.ArgumentParser, *, keys: bool = False) -> None:
    """Add the work filters (``--kind --year --since --author --search [--keys]``)."""
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
    """Build the :class:`~belharbi_bib.select.Query` the filter options describe.

    Raises:
        UsageError: An unknown kind, or a year range that is not one (``2025-2020``).
    """
    # imported here: the commands that filter load ``select``, ``normalize`` and ``check`` do not
    from belharbi_bib.select import Query, parse_years  # noqa: PLC0415

    since = until = None
    if args.year:
        try:
            since, until = parse_years(args.year)
        except ValueError as exc:
            raise UsageError(f"--year {args.year!r}: {exc}") from None
    if args.since is not None:
        since = args.since
    keys = getattr(args, "keys", None)
    try:
        return Query(
            kinds=frozenset(split_list(args.kind)) if args.kind else None,
            since=since,
            until=until,
            author=args.author,
            text=args.search,
            keys=frozenset(split_list(keys)) if keys else None,
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def bundled_path() -> Path:
    """Return the bundled database's path (for commands that rewrite their input in place)."""
    return database.bib_path()
