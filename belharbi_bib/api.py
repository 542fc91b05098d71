"""The functions of the public API (``belharbi_bib.load``, ``loads``, ``dumps``, ``save`` ...).

:mod:`belharbi_bib` exposes them (and the model's classes) lazily, so that importing the
package costs nothing until one of them is used.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from belharbi_bib import database
from belharbi_bib.bibtex.reader import parse_string, read
from belharbi_bib.bibtex.writer import write
from belharbi_bib.files import write_text_atomic
from belharbi_bib.model import Library
from belharbi_bib.project import registry_for
from belharbi_bib.select import Query, select_library
from belharbi_bib.venues import VenueRegistry, read_registry

__all__ = ["dumps", "load", "load_venues", "loads", "save", "select_works"]


def load(path: str | os.PathLike[str] | None = None) -> Library:
    """Read a ``.bib`` file, or the bundled database when ``path`` is None.

    Never raises on bad data: look at ``library.problems``.

    Raises:
        ReadError: The file cannot be read at all (missing, a directory, no permission).
    """
    return read(database.bib_path() if path is None else path)


def loads(text: str, path: str | None = None) -> Library:
    """Parse BibTeX text; ``path`` only names the source in problems."""
    return parse_string(text, path)


def dumps(library: Library) -> str:
    """Return the canonical BibTeX text of a library."""
    return write(library)


def save(library: Library, path: str | os.PathLike[str]) -> None:
    """Write a library as canonical BibTeX, atomically (temporary file, then rename).

    Raises:
        WriteError: The file cannot be written; an existing file is left untouched.
    """
    write_text_atomic(path, write(library))


def load_venues(path: str | os.PathLike[str] | None = None) -> VenueRegistry:
    """Read a venue registry, or the bundled one when ``path`` is None.

    Raises:
        ReadError: The file cannot be read or is not a valid registry.
    """
    return read_registry(database.venues_path() if path is None else path)


def select_works(
    library: Library,
    *,
    kinds: Iterable[str] | None = None,
    since: int | None = None,
    until: int | None = None,
    author: str | None = None,
    text: str | None = None,
    keys: Iterable[str] | None = None,
    venues: VenueRegistry | None = None,
) -> Library:
    """Return a library keeping only the works that match every criterion given.

    The same selection as the command line's ``--kind --since --year --author --search --keys``.
    ``@string``, ``@preamble`` and comment blocks are kept.

    Args:
        library: The works.
        kinds: Kinds to keep (``journal``, ``conference``, ``workshop`` ...; see
            :data:`belharbi_bib.kinds.KINDS`).
        since: Earliest year kept.
        until: Latest year kept.
        author: A name one author or editor must match (``Belharbi``, ``S. Belharbi``).
        text: Words that must all occur in the title, venue, authors, key or abstract.
        keys: Citation keys to keep (case-insensitive; aliases in ``ids`` count).
        venues: The venue registry that tells workshops from conferences; by default the
            bundled one for the bundled database, else none (see :mod:`belharbi_bib.project`).

    Raises:
        ValueError: An unknown kind (the message lists the valid ones), or ``since > until``.

    >>> lib = load()
    >>> len(select_works(lib, kinds={"workshop"})) > 0
    True
    """
    query = Query(
        kinds=frozenset(kinds) if kinds is not None else None,
        since=since,
        until=until,
        author=author,
        text=text,
        keys=frozenset(keys) if keys is not None else None,
    )
    registry = venues if venues is not None else registry_for(library.path)
    return select_library(library, query, registry)
