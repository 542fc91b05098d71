"""belharbi_bib: canonical BibTeX for Soufiane Belharbi's publications, and for any .bib file.

The public API is small and stable::

    import belharbi_bib

    library = belharbi_bib.load()            # the bundled database (or load("refs.bib"))
    for record in library:
        print(record.key, record.year, record.field("title"))
    belharbi_bib.save(library, "out.bib")   # canonical BibTeX, written atomically

``load`` never raises on bad data: problems are in ``library.problems``.
"""

from __future__ import annotations

from belharbi_bib._version import __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:  # what __getattr__ gives, for type checkers and editors
    from typing import Any

    from belharbi_bib.api import dumps, load, load_venues, loads, save, select_works
    from belharbi_bib.curriculum import cv
    from belharbi_bib.enrichment import enrich
    from belharbi_bib.errors import (
        BibError,
        ReadError,
        UnknownKeyError,
        WriteError,
    )
    from belharbi_bib.exports import export
    from belharbi_bib.identifiers import ArxivId
    from belharbi_bib.model import (
        Comment,
        Field,
        Library,
        Link,
        Person,
        Preamble,
        Record,
        StringDef,
        Unparsed,
        Venue,
        VenueKind,
    )
    from belharbi_bib.problems import Problem, Severity
    from belharbi_bib.render import format
    from belharbi_bib.select import Query
    from belharbi_bib.venues import VenueRegistry

_MODEL = ("Comment", "Field", "Library", "Link", "Person", "Preamble", "Record", "StringDef",
          "Unparsed", "Venue", "VenueKind")  # fmt: skip

# Every public name and the module that defines it. Each is imported on first access, so that
# ``import belharbi_bib`` (and ``belharbi-bib --version``) load nothing they do not use.
_LAZY = {
    **dict.fromkeys(("dumps", "load", "load_venues", "loads", "save", "select_works"), "api"),
    **dict.fromkeys(("BibError", "ReadError", "UnknownKeyError", "WriteError"), "errors"),
    **dict.fromkeys(_MODEL, "model"),
    "ArxivId": "identifiers",
    "Problem": "problems",
    "Severity": "problems",
    "Query": "select",
    "VenueRegistry": "venues",
    "cv": "curriculum",
    "enrich": "enrichment",
    "export": "exports",
    "format": "render",
}

__all__ = [
    "ArxivId",
    "BibError",
    "Comment",
    "Field",
    "Library",
    "Link",
    "Person",
    "Preamble",
    "Problem",
    "Query",
    "ReadError",
    "Record",
    "Severity",
    "StringDef",
    "UnknownKeyError",
    "Unparsed",
    "Venue",
    "VenueKind",
    "VenueRegistry",
    "WriteError",
    "__version__",
    "cv",
    "dumps",
    "enrich",
    "export",
    "format",
    "load",
    "load_venues",
    "loads",
    "save",
    "select_works",
]


def __getattr__(name: str) -> Any:
    """Return a public name on first use (importing the module that defines it)."""
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'belharbi_bib' has no attribute {name!r}")
    import importlib  # noqa: PLC0415 - with ``warnings``, not loaded by ``import belharbi_bib``

    return getattr(importlib.import_module(f"belharbi_bib.{module_name}"), name)


def __dir__() -> list[str]:
    """List the public names, the lazily loaded ones included."""
    return sorted({*globals(), *__all__})
