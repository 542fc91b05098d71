"""BibTeX text <-> :class:`~belharbi_bib.model.Library`: the reader and the canonical writer."""
