"""The bundled database: where ``belharbi.bib``, ``venues.toml`` and ``provenance.toml`` live.

Installed from a wheel they sit in ``belharbi_bib/data/``; in a source checkout (or an
editable install) they are read from the repository's ``bib/`` folder.
"""

from __future__ import annotations

from belharbi_bib.errors import ReadError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from pathlib import Path

BIB_NAME = "belharbi.bib"
VENUES_NAME = "venues.toml"
PROVENANCE_NAME = "provenance.toml"


def data_dir() -> Path:
    """Return the folder holding the bundled database.

    Raises:
        ReadError: Neither the installed data nor a checkout's ``bib/`` folder is there.
    """
    from pathlib import Path  # noqa: PLC0415 - loaded when the bundled database is wanted

    package = Path(__file__).resolve().parent
    for candidate in (package / "data", package.parent / "bib"):
        if (candidate / BIB_NAME).is_file():
            return candidate
    raise ReadError(str(package / "data" / BIB_NAME), "bundled database not found")


def bib_path() -> Path:
    """Return the path of the bundled ``belharbi.bib``."""
    return data_dir() / BIB_NAME


def venues_path() -> Path:
    """Return the path of the bundled venue registry."""
    return data_dir() / VENUES_NAME


def provenance_path() -> Path:
    """Return the path of the bundled provenance file."""
    return data_dir() / PROVENANCE_NAME
