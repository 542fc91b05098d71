"""What the command line needs before any command runs: exit codes, global options, usage errors.

Only the standard library: ``belharbi-bib --version`` and the start of every command import
this module and nothing heavier (see :mod:`belharbi_bib.cli.options` for the rest).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:  # argparse is imported by whoever builds a parser, not by --version
    import argparse

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

STDIN = "-"
"""The input name that reads standard input."""


class UsageError(Exception):
    """Bad command-line usage (exit code 2)."""


# --- global options ---------------------------------------------------------------------------

GLOBAL_DEFAULTS: dict[str, object] = {
    "verbose": False,
    "quiet": False,
    "config": None,
    "no_config": False,
    "venues": None,
}


def add_global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """Add the options every command takes, before or after its name.

    Args:
        parser: The main parser (``top``) or a command's parser.
        top: On the main parser the defaults are set; on a command's parser they are suppressed
            so that an option given before the command name is not reset after it.
    """
    from argparse import SUPPRESS  # noqa: PLC0415

    group = parser.add_argument_group("global options")

    def default(name: str) -> object:
        return GLOBAL_DEFAULTS[name] if top else SUPPRESS

    noise = group.add_mutually_exclusive_group()
    noise.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=default("verbose"),
        help="log what is being done; show INFO problems too",
    )
    noise.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=default("quiet"),
        help="show only errors (no warnings, no summaries)",
    )
    group.add_argument(
        "--config",
        metavar="TOML",
        default=default("config"),
        help="read the project configuration from TOML (default: belharbi-bib.toml or "
        "pyproject.toml found from the working directory up)",
    )
    group.add_argument(
        "--no-config",
        action="store_true",
        default=default("no_config"),
        help="ignore configuration files",
    )
    group.add_argument(
        "--venues",
        metavar="TOML",
        default=default("venues"),
        help="venue registry (default: the bundled one for the bundled database, else the "
        "configured one)",
    )


def fill_globals(args: argparse.Namespace) -> argparse.Namespace:
    """Give ``args`` every global option it lacks (a command parsed on its own)."""
    for name, value in GLOBAL_DEFAULTS.items():
        if not hasattr(args, name):
            setattr(args, name, value)
    return args
