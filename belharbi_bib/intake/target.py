"""The files ``add`` and ``discover`` work on, the client they ask with, and the writing.

The target is the bundled database (``bib/belharbi.bib`` with its ``provenance.toml`` and
``venues.toml``) unless ``--bib FILE`` names another .bib; then the provenance file is
``--provenance FILE`` (default: a ``provenance.toml`` beside the .bib, when there is one) and
the venue registry ``--venues FILE`` (default: the project configuration's).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from belharbi_bib.arguments import UsageError

if TYPE_CHECKING:
    from belharbi_bib.enrichment.client import HttpClient
    from belharbi_bib.enrichment.services import Endpoints
    from belharbi_bib.model import Library
    from belharbi_bib.normalize import Options
    from belharbi_bib.venues import VenueRegistry

PROVENANCE_NAME = "provenance.toml"


def add_target_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--bib``, ``--provenance`` and ``--venues``."""
    parser.add_argument("--bib", metavar="FILE", help="the .bib to add to (default: the database)")
    parser.add_argument(
        "--provenance",
        metavar="FILE",
        help=f"provenance TOML to record sources in (default: {PROVENANCE_NAME} beside the .bib)",
    )
    parser.add_argument(
        "--venues", metavar="FILE", help="venue registry TOML (default: the configured one)"
    )


def add_network_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--offline``, ``--cache-dir``, ``--no-cache``, ``--mailto`` and ``--delay``."""
    parser.add_argument("--offline", action="store_true", help="answer from the cache only")
    parser.add_argument(
        "--cache-dir", metavar="DIR", help="HTTP cache (default: $XDG_CACHE_HOME/belharbi-bib)"
    )
    parser.add_argument("--no-cache", action="store_true", help="use no HTTP cache")
    parser.add_argument(
        "--mailto", metavar="EMAIL", help="contact sent in the User-Agent (Crossref polite pool)"
    )
    parser.add_argument(
        "--delay",
        metavar="SECONDS",
        help="seconds between requests to one service, replacing the documented pacing",
    )


@dataclass
class Target:
    """The files to read and write.

    Attributes:
        bib: The .bib file.
        provenance: The provenance TOML (None: none is kept for this .bib).
        venues_path: The venue registry file (None: no registry).
        library: The .bib, read.
        venues: The registry, read.
        options: The normalizer options of the project configuration.
    """

    bib: Path
    provenance: Path | None
    venues_path: Path | None
    library: Library
    venues: VenueRegistry | None
    options: Options


def open_target(args: argparse.Namespace, *, writing: bool = False) -> Target:
    """Return the target the arguments name, read.

    Args:
        args: The parsed arguments (``--bib``, ``--provenance``, ``--venues``).
        writing: The command will write: the copy of the database installed inside the
            package (not a checkout's ``bib/``) is refused.

    Raises:
        UsageError: A file named does not exist, the installed database would be written,
            or the configuration is bad.
        BibError: A file cannot be read.
    """
    from belharbi_bib import database, load
    from belharbi_bib.errors import ReadError
    from belharbi_bib.normalize.config import load_config
    from belharbi_bib.venues import read_registry

    try:
        config = load_config(Path.cwd())
        options = config.to_options()
    except (ReadError, ValueError) as exc:
        raise UsageError(f"configuration: {exc}") from None
    if args.bib is None:
        bib = database.bib_path()
        if writing and bib.parent == Path(database.__file__).resolve().parent / "data":
            raise UsageError(
                f"{bib} is the copy installed with the package; work in a checkout of the "
                "repository, or give --bib FILE"
            )
        provenance: Path | None = database.provenance_path()
        venues_path: Path | None = database.venues_path()
    else:
        bib = Path(args.bib)
        if not bib.is_file():
            raise UsageError(f"{bib}: no such file")
        sibling = bib.parent / PROVENANCE_NAME
        provenance = sibling if sibling.is_file() else None
        venues_path = config.venues
    if args.provenance:
        provenance = Path(args.provenance)
        if not provenance.is_file():
            raise UsageError(f"{provenance}: no such file (create an empty one to start)")
    if args.venues:
        venues_path = Path(args.venues)
    library = load(str(bib))
    venues = read_registry(venues_path) if venues_path is not None else None
    return Target(bib, provenance, venues_path, library, venues, options)


def open_client(args: argparse.Namespace, endpoints: Endpoints) -> HttpClient:
    """Return the HTTP client the network arguments ask for.

    Raises:
        UsageError: Incompatible options or a bad delay.
    """
    from belharbi_bib.enrichment.client import open_client as make
    from belharbi_bib.enrichment.services import delay_from_env, parse_delay

    if args.offline and args.no_cache:
        raise UsageError("--offline answers from the cache; it cannot be used with --no-cache")
    try:
        delay = parse_delay(args.delay) if args.delay is not None else delay_from_env()
    except ValueError as exc:
        raise UsageError(f"--delay / BELHARBI_BIB_DELAY: {exc}") from None
    return make(
        endpoints,
        offline=args.offline,
        cache_dir=args.cache_dir,
        cache=not args.no_cache,
        mailto=args.mailto,
        delay=delay,
    )
