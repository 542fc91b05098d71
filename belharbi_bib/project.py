"""The project around an input: its configuration file and THE venue-registry policy.

Every command (and :func:`belharbi_bib.curriculum.cv`) picks the venue registry of its input
here, with one rule, :func:`registry_path`:

1. a registry named explicitly (``--venues FILE``) wins;
2. the bundled database goes with the bundled registry;
3. any other file gets the registry its project configuration names (``venues = "..."`` in
   ``belharbi-bib.toml`` or in ``[tool.belharbi-bib]`` of ``pyproject.toml``, found from the
   working directory up, or given with ``--config``);
4. else the bundled registry when the caller cannot work without one (``normalize --venue full``),
   and none otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path

from belharbi_bib import database
from belharbi_bib.normalize.config import Config, load_config
from belharbi_bib.venues import VenueRegistry, read_registry

__all__ = ["find_project_config", "is_bundled", "registry_for", "registry_path"]

PathLike = str | os.PathLike[str]


def find_project_config(
    start: PathLike | None = None, explicit: PathLike | None = None, *, enabled: bool = True
) -> Config:
    """Return the project configuration: ``explicit``, else the one found from ``start`` up.

    Args:
        start: The directory the search starts from (default: the working directory).
        explicit: A configuration file to read instead of searching (``--config``).
        enabled: False ignores every configuration file (``--no-config``).

    Raises:
        ReadError: The configuration file is unreadable or invalid.
    """
    if not enabled:
        return Config()
    return load_config(
        Path(start) if start is not None else Path.cwd(),
        Path(explicit) if explicit is not None else None,
    )


def is_bundled(source: PathLike | None) -> bool:
    """Return True when ``source`` (a path, or None for "the default") is the bundled database."""
    if source is None:
        return True
    if str(source) == "-":
        return False
    return os.path.abspath(source) == os.path.abspath(database.bib_path())


def registry_path(
    source: PathLike | None,
    config: Config,
    explicit: PathLike | None = None,
    *,
    needed: bool = False,
) -> Path | None:
    """Return the venue registry that goes with the input ``source``, or None (see module doc).

    Args:
        source: The input file; None (or the bundled path) is the bundled database, ``-`` stdin.
        config: The project configuration (:func:`find_project_config`).
        explicit: A registry named on the command line, which wins.
        needed: Fall back on the bundled registry rather than on none.

    >>> from belharbi_bib.normalize.config import Config
    >>> registry_path("refs.bib", Config()) is None
    True
    >>> registry_path("refs.bib", Config(venues=Path("v.toml")))
    PosixPath('v.toml')
    >>> registry_path(None, Config(venues=Path("v.toml"))).name
    'venues.toml'
    """
    if explicit is not None:
        return Path(explicit)
    if is_bundled(source):
        return database.venues_path()
    if config.venues is not None:
        return config.venues
    return database.venues_path() if needed else None


def registry_for(
    source: PathLike | None,
    config: Config,
    explicit: PathLike | None = None,
    *,
    needed: bool = False,
) -> VenueRegistry | None:
    """Read the venue registry :func:`registry_path` picks for ``source`` (None when none).

    Raises:
        ReadError: The registry cannot be read or is not valid.
    """
    path = registry_path(source, config, explicit, needed=needed)
    return read_registry(path) if path is not None else None
