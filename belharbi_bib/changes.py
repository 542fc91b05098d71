"""Changes: the account of every modification made to an entry, by a rule or by a source.

The normalizer (``by`` = the rule, e.g. ``pages``) and enrichment (``by`` = the source, e.g.
``crossref``, with the request URL and the match score) report the same :class:`Change`.
"""

from __future__ import annotations

from belharbi_bib.structs import dataclass

__all__ = ["Change"]


@dataclass(frozen=True, slots=True)
class Change:
    """One modification of one entry.

    Attributes:
        key: The entry's citation key as read (empty when it had none).
        by: What made the change: a normalization rule (see
            :func:`~belharbi_bib.normalize.rules.rule_names`) or an enrichment source (``arxiv``,
            ``crossref``, ``dblp``, or ``normalize`` for the normalizer's touch-ups).
        field: The field changed, or None for a change of the entry itself (type, key, merge).
        before: The raw value before (None when the field was added).
        after: The raw value after (None when the field was removed).
        line: The line of the field (or of the entry) in the input, when known.
        url: The request that supplied the value (enrichment), else empty.
        score: The match score of the answer (1.0 for lookups by identifier), else None.
    """

    key: str
    by: str
    field: str | None
    before: str | None
    after: str | None
    line: int | None = None
    url: str = ""
    score: float | None = None

    @property
    def rule(self) -> str:
        """The normalization rule that made the change (the same as :attr:`by`)."""
        return self.by

    @property
    def source(self) -> str:
        """The enrichment source that made the change (the same as :attr:`by`)."""
        return self.by

    def describe(self, width: int = 60) -> str:
        """Return a one-line summary: ``by field: before -> after`` (values shortened).

        >>> Change("k", "pages", "pages", "{1-5}", "{1--5}").describe()
        'pages pages: {1-5} -> {1--5}'
        >>> Change("k", "noise", "owner", "{me}", None).describe()
        'noise owner: removed {me}'
        >>> Change("k", "crossref", "doi", None, "{10.1/x}").describe()
        'crossref doi: added {10.1/x}'
        >>> Change("k", "dblp", None, "@misc", "@inproceedings").describe()
        'dblp type: @misc -> @inproceedings'
        """
        subject = self.by
        if self.field:
            subject = f"{self.by} {self.field}"
        elif (self.before or "").startswith("@"):
            subject = f"{self.by} type"
        if self.after is None:
            return f"{subject}: removed {_shorten(self.before or '', width)}"
        if self.before is None:
            return f"{subject}: added {_shorten(self.after, width)}"
        return f"{subject}: {_shorten(self.before, width)} -> {_shorten(self.after, width)}"

    def as_dict(self, by_name: str = "rule") -> dict[str, object]:
        """Return the change as a JSON-ready mapping.

        Args:
            by_name: The name of the :attr:`by` member: ``rule`` (normalize reports) or
                ``source`` (enrichment reports, which also carry ``url`` and ``score``).
        """
        if by_name == "source":
            return {
                "key": self.key,
                "field": self.field,
                "before": self.before,
                "after": self.after,
                "source": self.by,
                "url": self.url or None,
                "score": self.score,
                "line": self.line,
            }
        return {
            "key": self.key,
            by_name: self.by,
            "field": self.field,
            "before": self.before,
            "after": self.after,
            "line": self.line,
        }


def _shorten(text: str, width: int) -> str:
    """Return ``text`` on one line, cut to ``width`` characters with an ellipsis.

    >>> _shorten("a\\nb", 10), _shorten("abcdef", 4)
    ('a b', 'abc…')
    """
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
