"""The ``belharbi-bib`` command line: parses arguments, runs a command, maps outcomes to exit codes.

Each command is one module, ``belharbi_bib.cli.commands.<command>``, named after it, with a
``DESCRIPTION``, ``add_arguments(parser)`` and ``run(args) -> int``. :data:`COMMANDS` lists them;
only the module of the command about to run is imported. What the commands share (input,
global options, filters, output, problem reports, exit codes) is in
:mod:`belharbi_bib.cli.options`.

Exit codes: 0 ok; 1 problems found (errors in the data, or ``--check`` found changes);
2 bad usage or unreadable input (``normalize`` also uses 2 for a file with errors).
"""

from __future__ import annotations

import functools
import gc
import importlib
import sys
from collections.abc import Sequence

from belharbi_bib._version import __version__
from belharbi_bib.cli.base import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    UsageError,
    add_global_options,
    fill_globals,
)
from belharbi_bib.errors import BibError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:  # imported where a parser is built: ``--version`` needs no argparse
    import argparse
    from typing import Any

__all__ = [
    "COMMANDS",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "Command",
    "UsageError",
    "build_parser",
    "command_parser",
    "console",
    "main",
]


class Command:
    """One row of the command table: its name, its module and its one-line help.

    A plain class rather than a ``NamedTuple``: the command line starts without ``typing``.
    """

    __slots__ = ("module", "name", "summary")

    def __init__(self, name: str, module: str, summary: str) -> None:
        self.name = name
        self.module = module
        self.summary = summary

    def __repr__(self) -> str:
        return f"Command({self.name!r}, {self.module!r}, {self.summary!r})"


_PACKAGE = "belharbi_bib.cli.commands"
_LOGS = "belharbi_bib.cli.logs"
_STAMPS = "belharbi_bib.cli.stamps"

COMMANDS: tuple[Command, ...] = (
    Command("list", f"{_PACKAGE}.list", "list works"),
    Command("show", f"{_PACKAGE}.show", "print entries as BibTeX"),
    Command("check", f"{_PACKAGE}.check", "validate the database or .bib files"),
    Command("facts", f"{_PACKAGE}.facts", "table of confirmed and missing facts"),
    Command("normalize", f"{_PACKAGE}.normalize", "rewrite .bib files canonically (or --check)"),
    Command("enrich", f"{_PACKAGE}.enrich", "fill in missing metadata from arXiv, Crossref, DBLP"),
    Command("export", f"{_PACKAGE}.export", "export a .bib (BibTeX, BibLaTeX) or CSL-JSON"),
    Command("format", f"{_PACKAGE}.format", "formatted reference lists (CSL, BibTeX styles)"),
    Command("styles", f"{_PACKAGE}.styles", "list the citation styles available"),
    Command("cv", f"{_PACKAGE}.cv", "CV publication sections and a publications page"),
    Command("add", f"{_PACKAGE}.add", "add works by arXiv id, DOI, DBLP key, OpenReview"),
    Command("discover", f"{_PACKAGE}.discover", "find the owner's works not yet added"),
)
"""Every command, in ``--help`` order."""


@functools.cache
def _parser_class() -> type[argparse.ArgumentParser]:
    """Return argparse's parser whose help formatter asks the terminal's width only for help.

    argparse makes a formatter for every option it adds (to check the option's metavar), and
    the standard one asks the terminal for its size each time: about half of the time it
    takes to build the ``normalize`` parser and its ~100 options. Sub-command parsers are of
    the same class (argparse's default), so they share the formatter.
    """
    import argparse  # noqa: PLC0415

    class HelpFormatter(argparse.HelpFormatter):
        def __init__(
            self,
            prog: str,
            indent_increment: int = 2,
            max_help_position: int = 24,
            width: int | None = None,
            **more: Any,
        ) -> None:
            fixed = 80 if width is None else width  # until help is printed (format_help)
            super().__init__(prog, indent_increment, max_help_position, fixed, **more)
            self._asked = (width, max_help_position)

        def format_help(self) -> str:
            width, position = self._asked
            if width is None:  # as argparse's own formatter computes it
                import shutil  # noqa: PLC0415  (~3 ms: wanted only for help)

                width = shutil.get_terminal_size().columns - 2
                self._width = width
                self._max_help_position = min(position, max(width - 20, self._indent_increment * 2))
            return super().format_help()

    class ArgumentParser(argparse.ArgumentParser):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("formatter_class", HelpFormatter)
            super().__init__(*args, **kwargs)

    return ArgumentParser


def _add_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], row: Command
) -> None:
    module = importlib.import_module(row.module)
    sub = commands.add_parser(
        row.name,
        help=row.summary,
        description=getattr(module, "DESCRIPTION", row.summary),
    )
    module.add_arguments(sub)
    add_global_options(sub, top=False)
    sub.set_defaults(handler=module.run)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Return the argument parser with every command.

    Args:
        only: The command about to run: only it is added, its module imported (start-up: each
            parser argparse builds costs ~0.3 ms). Another string adds every command without its
            options, for the main ``--help``; None builds every command in full.
    """
    parser = _parser_class()(
        prog="belharbi-bib",
        description="Canonical BibTeX for Soufiane Belharbi's publications, and for any .bib file.",
        epilog="Exit codes: 0 ok, 1 problems found, 2 bad usage or unreadable input. "
        "Global options go before or after the command.",
    )
    parser.add_argument("--version", action="version", version=f"belharbi-bib {__version__}")
    add_global_options(parser, top=True)
    # prog given: argparse would otherwise format the parser's usage (no positionals) to find it
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", prog=parser.prog)
    chosen = only in {row.name for row in COMMANDS}
    for row in COMMANDS:
        if only is None or row.name == only:
            _add_command(commands, row)
        elif not chosen:
            commands.add_parser(row.name, help=row.summary, description=row.summary)
    return parser


def command_parser(name: str) -> argparse.ArgumentParser:
    """Return a parser for the command ``name`` alone (its options and the global ones).

    ``command_parser("normalize").parse_args(["--check", "a.bib"])`` gives the namespace
    ``belharbi-bib normalize --check a.bib`` would; run it with the module's ``run``.
    """
    row = next((r for r in COMMANDS if r.name == name), None)
    if row is None:
        raise ValueError(f"unknown command {name!r}")
    module = importlib.import_module(row.module)
    parser = _parser_class()(
        prog=f"belharbi-bib {name}", description=getattr(module, "DESCRIPTION", row.summary)
    )
    module.add_arguments(parser)
    add_global_options(parser, top=True)
    parser.set_defaults(handler=module.run, command=name)
    return parser


def _command_in(argv: Sequence[str]) -> str | None:
    """Return the command named in ``argv`` (the first known command word).

    None as well when the main help is asked for before any command.

    >>> _command_in(["-v", "normalize", "--check", "a.bib"]), _command_in(["--version"])
    ('normalize', None)
    >>> _command_in(["--config", "list", "show", "k"]), _command_in(["-h", "show"])
    ('show', None)
    """
    names = {row.name for row in COMMANDS}
    taking_value = {"--config", "--venues"}
    skip = False
    for word in argv:
        if skip:
            skip = False
            continue
        if word in taking_value:
            skip = True
            continue
        if word in ("-h", "--help"):
            return None
        if word.startswith("-"):
            continue
        return word if word in names else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    words = list(sys.argv[1:] if argv is None else argv)
    if words == ["--version"]:
        # What argparse's version action does (the line, then exit status 0), without loading
        # argparse: the most common way to ask whether the tool is there.
        sys.stdout.write(f"belharbi-bib {__version__}\n")
        raise SystemExit(EXIT_OK)
    # The objects a run builds, and the modules it imports (the command's, a few hundred
    # classes and functions), form few cycles: a one-shot process need not rescan them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run(words)
    finally:
        if collecting:
            gc.enable()


def console() -> int:
    """Run the command line as a process's entry point (``belharbi-bib``, ``python -m``).

    :func:`main` in a process that ends when it returns: the cyclic garbage collector stays
    off to the end, and what the run made is frozen (:func:`gc.freeze`) before the
    interpreter exits, so that its collections at exit (a full one, then one per stage of
    clearing the modules) have nothing to scan. They scanned every object the run kept alive,
    its records included: 3% of the instructions of ``normalize`` on a 1,000-entry file, and
    8% of a run on an empty one (docs/benchmarks.md). Resources are closed by the commands
    themselves (``with`` blocks, explicit ``close``), never by a collection at exit. For
    calls within a longer-lived process, use :func:`main`, which restores the collector.
    """
    gc.disable()
    try:
        return main()
    finally:
        gc.freeze()


def _run(words: list[str]) -> int:
    """Run the command line ``words`` (anything but ``--version``) and return its exit code."""
    command = _command_in(words)
    if command == "normalize":
        # A whole-file hit (cli.stamps), before any heavy import; loaded by name, as commands
        # are, so that the other commands and --version do not pay for the stamps' hashing.
        answered = importlib.import_module(_STAMPS).quick_check(words)
        if answered is not None:
            return int(answered)
    parser = build_parser(only=command or "")
    args = fill_globals(parser.parse_args(words))
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    # Logging is set up only where it can matter (cli.logs): -v or -q given, or the command's
    # modules import logging (enrichment). The others, and --version and --help, never load it
    # (~6 ms of start-up); pylatexenc, which imports it on demand, is silenced by its adapter.
    if args.verbose or args.quiet or "logging" in sys.modules:
        importlib.import_module(_LOGS).configure_logging(args.verbose, args.quiet)
    try:
        return int(args.handler(args))
    except UsageError as exc:
        print(f"belharbi-bib: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BibError as exc:
        print(f"belharbi-bib: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return EXIT_OK
    except KeyboardInterrupt:  # pragma: no cover
        print("belharbi-bib: interrupted", file=sys.stderr)
        return 130
