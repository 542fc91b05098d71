"""The clean BibTeX of one work, as the web page's "BibTeX" toggle shows it.

It comes from :func:`belharbi_bib.exports.export` (site-only fields stripped). Until that
exporter is available, the canonical writer is used with the site-only fields removed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from belharbi_bib.bibtex.writer import render_record
from belharbi_bib.links import LINK_FIELDS
from belharbi_bib.model import Record

if TYPE_CHECKING:
    from belharbi_bib.venues import VenueRegistry

SITE_ONLY: frozenset[str] = frozenset(
    {"venueid", "kind", "selected", "ids", "keywords", "abstract"} | {n for n, _ in LINK_FIELDS}
)
"""Fields that describe the work for this site, not for citing it (fallback only)."""


def clean_bibtex(record: Record, venues: VenueRegistry | None = None) -> str:
    """Return the BibTeX entry of a work without site-only fields (no trailing newline)."""
    exports = importlib.import_module("belharbi_bib.exports")
    export = getattr(exports, "export", None)
    if export is not None:
        return str(export([record], to="bibtex", venues=venues, abstract=False)).strip()
    return _fallback(record)


def _fallback(record: Record) -> str:
    """Return the canonical entry without :data:`SITE_ONLY` fields (or numbered link fields).

    >>> from belharbi_bib.model import Field
    >>> print(_fallback(Record("k", "misc", (Field.of("title", "T"), Field.of("code2", "u")))))
    @misc{k,
      title = {T},
    }
    """
    drop = [f.name for f in record.fields if f.name.rstrip("0123456789") in SITE_ONLY]
    return render_record(record.without(*drop))
