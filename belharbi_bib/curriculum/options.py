"""What a CV shows and how: output format, owner, grouping, filters (validated, immutable)."""

from __future__ import annotations

from collections.abc import Iterable

from belharbi_bib.curriculum.owner import DEFAULT_OWNER, Owner
from belharbi_bib.kinds import KINDS
from belharbi_bib.select import Query
from belharbi_bib.structs import dataclass, field

FORMATS: tuple[str, ...] = ("markdown", "latex", "html", "jsonresume")
"""The output formats of a CV."""

GROUPINGS: tuple[str, ...] = ("kind", "year")
"""How works are grouped into sections."""


@dataclass(frozen=True, slots=True)
class CvOptions:
    """Everything that decides a CV's content and form.

    Attributes:
        to: Output format, one of :data:`FORMATS`.
        owner: The owner, whose name is highlighted and never truncated away.
        group_by: ``kind`` (sections in kind order) or ``year`` (newest first).
        kinds: Kinds to include, in section order; None for every kind in the default order.
        query: Further filters (years, author, text, keys) applied to the works.
        selected: Keep only works marked as selected.
        max_authors: Show at most this many authors per work (plus the owner); None for all.
        standalone: LaTeX: a complete document instead of a section to ``\\input``.
        full_venues: Show venues' full names next to their short names.
        title: The heading of a standalone document or web page.
    """

    to: str = "markdown"
    owner: Owner = field(default_factory=Owner)
    group_by: str = "kind"
    kinds: tuple[str, ...] | None = None
    query: Query = field(default_factory=Query)
    selected: bool = False
    max_authors: int | None = None
    standalone: bool = False
    full_venues: bool = False
    title: str = ""

    def __post_init__(self) -> None:
        """Check the options.

        Raises:
            ValueError: An unknown format, grouping or kind, or a negative author count.
        """
        if self.to not in FORMATS:
            raise ValueError(f"unknown CV format {self.to!r} (choose from {', '.join(FORMATS)})")
        if self.group_by not in GROUPINGS:
            raise ValueError(f"unknown grouping {self.group_by!r} (choose from kind, year)")
        for kind in self.kinds or ():
            if kind not in KINDS:
                raise ValueError(f"unknown kind {kind!r} (choose from {', '.join(KINDS)})")
        if self.max_authors is not None and self.max_authors < 1:
            raise ValueError("max_authors must be at least 1")

    @property
    def heading(self) -> str:
        """The title of a standalone document or page."""
        return self.title or f"Publications of {self.owner.display()}"


def make_options(
    *,
    to: str = "markdown",
    owner: str | Owner = DEFAULT_OWNER,
    aliases: Iterable[str] = (),
    group_by: str = "kind",
    kinds: Iterable[str] | None = None,
    since: int | None = None,
    until: int | None = None,
    selected: bool = False,
    max_authors: int | None = None,
    standalone: bool = False,
    full_venues: bool = False,
    title: str = "",
) -> CvOptions:
    """Build options from the keyword arguments of :func:`belharbi_bib.curriculum.cv`.

    Raises:
        ValueError: An invalid option (see :class:`CvOptions`).
    """
    base = owner if isinstance(owner, Owner) else Owner(owner)
    who = Owner(base.name, (*base.aliases, *aliases))
    return CvOptions(
        to=to,
        owner=who,
        group_by=group_by,
        kinds=_unique(k.strip().lower() for k in kinds) if kinds is not None else None,
        query=Query(since=since, until=until),
        selected=selected,
        max_authors=max_authors,
        standalone=standalone,
        full_venues=full_venues,
        title=title,
    )


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in values:
        if value:
            seen.setdefault(value, None)
    return tuple(seen)
