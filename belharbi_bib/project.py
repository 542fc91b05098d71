"""The project around an input: its configuration file, and THE venue-registry policy.

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

from belharbi_bib import database
from belharbi_bib.errors import ReadError
from belharbi_bib.files import read_toml
from belharbi_bib.structs import dataclass
from belharbi_bib.venues import VenueRegistry, read_registry

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "CONFIG_NAME",
    "ProjectConfig",
    "as_path",
    "find_config",
    "is_bundled",
    "load_project_config",
    "registry_for",
    "registry_path",
]

PathLike = str | os.PathLike[str]

CONFIG_NAME = "belharbi-bib.toml"
"""The tool's own configuration file name."""


@dataclass(frozen=True, slots=True)
class ProjectConfig:
    """What every command reads from the project configuration.

    The normalizer's options come from the same file
    (:func:`belharbi_bib.normalize.config.load_config`).

    Attributes:
        path: The file, or None when there is none.
        venues: The venue registry it names (``venues = "..."``), resolved against its folder.
    """

    path: Path | None = None
    venues: Path | None = None


def find_config(start: PathLike) -> Path | None:
    """Return the configuration file governing ``start`` (a directory), or None.

    The search goes up to the first directory holding a ``belharbi-bib.toml`` or a
    ``pyproject.toml``; a ``.git`` directory ends it. It walks strings, so that a run in a
    project without a configuration file does not load :mod:`pathlib` (start-up).

    >>> find_config("/") is None
    True
    """
    directory = os.fspath(start)
    while True:
        for name in (CONFIG_NAME, "pyproject.toml"):
            candidate = os.path.join(directory, name)
            if os.path.isfile(candidate):
                return as_path(candidate)
        if os.path.exists(os.path.join(directory, ".git")):
            return None
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def load_project_config(start: PathLike, explicit: PathLike | None = None) -> ProjectConfig:
    """Return the project configuration: ``explicit``, else the one found from ``start`` up.

    Raises:
        ReadError: The file is unreadable, is not TOML, or its ``venues`` is not a string.
    """
    path = as_path(explicit) if explicit is not None else find_config(start)
    if path is None:
        return ProjectConfig()
    data = read_toml(path)
    tool = data if path.name == CONFIG_NAME else data.get("tool", {}).get("belharbi-bib", {})
    venues = tool.get("venues") if isinstance(tool, dict) else None
    if venues is not None and not isinstance(venues, str):
        raise ReadError(str(path), "option 'venues' has the wrong type")
    return ProjectConfig(path, (path.parent / venues).resolve() if venues else None)


def as_path(path: PathLike) -> Path:
    """Return ``path`` as a :class:`pathlib.Path` (loading :mod:`pathlib` when first needed).

    >>> as_path("a/b.toml").name
    'b.toml'
    """
    from pathlib import Path  # noqa: PLC0415 - start-up (see find_config)

    return Path(path)


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
        return as_path(explicit)
    if is_bundled(source):
        return database.venues_path()
    if configured is not None:
        return as_path(configured)
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
