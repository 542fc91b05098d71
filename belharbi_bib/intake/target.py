"""The files ``add`` and ``discover`` work on: a .bib, its provenance file and venue registry.

The target is the bundled database (``bib/belharbi.bib`` with its ``provenance.toml`` and
``venues.toml``) unless another .bib is named; then the provenance file is the one named
(default: a ``provenance.toml`` beside the .bib, when there is one) and the venue registry the
one named (default: the project configuration's).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from belharbi_bib import database
from belharbi_bib.bibtex.reader import read
from belharbi_bib.errors import BibError
from belharbi_bib.structs import dataclass
from belharbi_bib.venues import read_registry

if TYPE_CHECKING:
    from belharbi_bib.model import Library
    from belharbi_bib.normalize import Options
    from belharbi_bib.venues import VenueRegistry

PROVENANCE_NAME = "provenance.toml"


class TargetError(BibError):
    """A target file named does not exist, or the installed database would be written."""


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


def open_target(
    bib: str | None,
    options: Options,
    *,
    provenance: str | None = None,
    venues: str | None = None,
    configured_venues: Path | None = None,
    writing: bool = False,
) -> Target:
    """Return the target named, read.

    Args:
        bib: The .bib to add to (None: the bundled database).
        options: The normalizer options of the project configuration.
        provenance: The provenance TOML named, if any.
        venues: The venue registry named, if any.
        configured_venues: The venue registry of the project configuration.
        writing: The command will write: the copy of the database installed inside the
            package (not a checkout's ``bib/``) is refused.

    Raises:
        TargetError: A file named does not exist, or the installed database would be written.
        BibError: A file cannot be read.
    """
    if bib is None:
        path = database.bib_path()
        if writing and path.parent == Path(database.__file__).resolve().parent / "data":
            raise TargetError(
                f"{path} is the copy installed with the package; work in a checkout of the "
                "repository, or give --bib FILE"
            )
        provenance_path: Path | None = database.provenance_path()
        venues_path: Path | None = database.venues_path()
    else:
        path = Path(bib)
        if not path.is_file():
            raise TargetError(f"{path}: no such file")
        sibling = path.parent / PROVENANCE_NAME
        provenance_path = sibling if sibling.is_file() else None
        venues_path = configured_venues
    if provenance:
        provenance_path = Path(provenance)
        if not provenance_path.is_file():
            raise TargetError(f"{provenance_path}: no such file (create an empty one to start)")
    if venues:
        venues_path = Path(venues)
    library = read(path)
    registry = read_registry(venues_path) if venues_path is not None else None
    return Target(path, provenance_path, venues_path, library, registry, options)
