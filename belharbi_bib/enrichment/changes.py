"""Changes: the account of every field enrichment modified, with the source it came from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Change:
    """One field of one entry, changed by enrichment.

    Attributes:
        key: The entry's citation key.
        field: The field, or None for the entry type (``@misc`` → ``@inproceedings``).
        before: The raw value before (None when the field was added).
        after: The raw value after.
        source: ``arxiv``, ``crossref``, ``dblp``, or ``normalize`` for the normalizer's
            touch-ups of a changed entry.
        url: The request that supplied the value (empty for ``normalize``).
        score: The match score (1.0 for lookups by identifier), None for ``normalize``.
        line: The line of the field (or of the entry) in the input, when known.
    """

    key: str
    field: str | None
    before: str | None
    after: str | None
    source: str
    url: str = ""
    score: float | None = None
    line: int | None = None

    def describe(self) -> str:
        """Return a one-line summary: ``source field: before -> after``.

        >>> Change("k", "doi", None, "{10.1/x}", "crossref").describe()
        'crossref doi: added {10.1/x}'
        >>> Change("k", None, "@misc", "@inproceedings", "dblp").describe()
        'dblp type: @misc -> @inproceedings'
        >>> Change("k", "doi", "{10.48550/arXiv.1}", None, "normalize").describe()
        'normalize doi: removed {10.48550/arXiv.1}'
        """
        subject = f"{self.source} {self.field or 'type'}"
        if self.after is None:
            return f"{subject}: removed {_shorten(self.before or '')}"
        if self.before is None:
            return f"{subject}: added {_shorten(self.after or '')}"
        return f"{subject}: {_shorten(self.before)} -> {_shorten(self.after or '')}"

    def as_dict(self) -> dict[str, object]:
        """Return the change as a JSON-ready mapping."""
        return {
            "key": self.key,
            "field": self.field,
            "before": self.before,
            "after": self.after,
            "source": self.source,
            "url": self.url or None,
            "score": self.score,
            "line": self.line,
        }


def _shorten(text: str, width: int = 70) -> str:
    """Return text on one line, cut to ``width`` characters.

    >>> _shorten("a\\nb"), _shorten("abcdef", 4)
    ('a b', 'abc…')
    """
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
