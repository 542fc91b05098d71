"""THE venue-registry policy: which registry goes with an input.

Every command, and every API function that takes ``venues=None`` (:func:`belharbi_bib.select_works`,
:func:`belharbi_bib.cv`), picks the venue registry of its input here, with one rule,
:func:`registry_path`:

1. a registry named explicitly (``--venues FILE``) wins;
2. the bundled database goes with the bundled registry;
3. any other file gets the registry its project configuration names (``venues = "..."`` in
   ``belharbi-bib.toml`` or in ``[tool.belharbi-bib]`` of ``pyproject.toml``, found from the
   working directory up, or given with ``--config``); the command line reads it, the API does
   not read configuration files;
4. else the bundled registry when the caller cannot work without one (``normalize --venue full``),
   and none otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path

from belharbi_bib import database
from belharbi_bib.venues import VenueRegistry, read_registry

__all__ = ["is_bundled", "registry_for", "registry_path"]

PathLike = str | os.PathLike[str]


def is_bundled(source: PathLike | None) -> bool:
    """Return True when ``source`` (a path, or None for "the default") is the bundled database."""
    if source is None:
        return True
    if str(source) == "-":
        return False
    return os.path.abspath(source) == os.path.abspath(database.bib_path())


def registry_path(
    source: PathLike | None,
    configured: PathLike | None = None,
    explicit: PathLike | None = None,
    *,
    needed: bool = False,
) -> Path | None:
    """Return the venue registry that goes with the input ``source``, or None (see module doc).

    Args:
        source: The input file; None (or the bundled path) is the bundled database, ``-`` stdin.
        configured: The registry the project configuration names, if any.
        explicit: A registry named on the command line, which wins.
        needed: Fall back on the bundled registry rather than on none.

    >>> registry_path("refs.bib") is None
    True
    >>> registry_path("refs.bib", "v.toml")
    PosixPath('v.toml')
    >>> registry_path(None, "v.toml").name, registry_path("refs.bib", needed=True).name
    ('venues.toml', 'venues.toml')
    """
    if explicit is not None:
        return Path(explicit)
    if is_bundled(source):
        return database.venues_path()
    if configured is not None:
        return Path(configured)
    return database.venues_path() if needed else None


def registry_for(
    source: PathLike | None,
    configured: PathLike | None = None,
    explicit: PathLike | None = None,
    *,
    needed: bool = False,
) -> VenueRegistry | None:
    """Read the venue registry :func:`registry_path` picks for ``source`` (None when none).

    Raises:
        ReadError: The registry cannot be read or is not valid.
    """
    path = registry_path(source, configured, explicit, needed=needed)
    return read_registry(path) if path is not None else None
