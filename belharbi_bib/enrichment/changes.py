"""Changes enrichment makes: :class:`belharbi_bib.changes.Change` with ``by`` = the source."""

from __future__ import annotations

from belharbi_bib.changes import Change

__all__ = ["Change"]
