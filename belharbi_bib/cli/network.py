"""The network options of the commands that ask web services (``enrich``, ``add``, ``discover``).

``--offline --cache-dir --no-cache --mailto --delay`` are declared here once, and read into one
:class:`~belharbi_bib.enrichment.NetSettings`.
"""

from __future__ import annotations

import argparse

from belharbi_bib.cli.options import UsageError
from belharbi_bib.enrichment import NetSettings
from belharbi_bib.enrichment.services import delay_from_env, parse_delay


def add_network_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--offline``, ``--cache-dir``, ``--no-cache``, ``--mailto`` and ``--delay``."""
    group = parser.add_argument_group("network options")
    group.add_argument("--offline", action="store_true", help="answer from the cache only")
    group.add_argument(
        "--cache-dir", metavar="DIR", help="HTTP cache (default: $XDG_CACHE_HOME/belharbi-bib)"
    )
    group.add_argument("--no-cache", action="store_true", help="use no HTTP cache")
    group.add_argument(
        "--mailto", metavar="EMAIL", help="contact sent in the User-Agent (Crossref polite pool)"
    )
    group.add_argument(
        "--delay",
        metavar="SECONDS",
        help="seconds between requests to one service, replacing the documented pacing",
    )


def net_settings(args: argparse.Namespace) -> NetSettings:
    """Return the settings the network options ask for.

    Raises:
        UsageError: ``--offline`` with ``--no-cache``, or a bad ``--delay`` /
            ``$BELHARBI_BIB_DELAY``.
    """
    if args.offline and args.no_cache:
        raise UsageError("--offline answers from the cache; it cannot be used with --no-cache")
    try:
        delay = parse_delay(args.delay) if args.delay is not None else delay_from_env()
    except ValueError as exc:
        raise UsageError(f"--delay / BELHARBI_BIB_DELAY: {exc}") from None
    return NetSettings(
        offline=args.offline,
        cache_dir=args.cache_dir,
        cache=not args.no_cache,
        mailto=args.mailto,
        delay=delay,
    )
