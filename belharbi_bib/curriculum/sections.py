"""Sections of a CV: works merged, filtered, grouped by kind or year, ordered and numbered (pure).

Inside a section works are in reverse chronological order (year, then month, then file order).
Each work gets a per-kind number (``J1``, ``C1``, ``W1``, ``P1`` ... newest first) that does not
depend on the grouping, and an overall number (its position in the CV).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from belharbi_bib.curriculum.items import Item, is_selected, make_item
from belharbi_bib.kinds import kind_of
from belharbi_bib.names import fold
from belharbi_bib.problems import Problem, Severity
from belharbi_bib.select import Query, matches
from belharbi_bib.structs import dataclass, replace

if TYPE_CHECKING:
    from belharbi_bib.curriculum.options import CvOptions
    from belharbi_bib.identifiers import ArxivId
    from belharbi_bib.model import Record
    from belharbi_bib.venues import VenueRegistry


@dataclass(frozen=True, slots=True)
class Group:
    """A kind section: its title, number prefix, the kinds it holds, and its noun for one work.

    ``single`` is the heading of a section that holds one work, when it differs (``Thesis``).
    """

    id: str
    title: str
    prefix: str
    kinds: tuple[str, ...]
    one: str
    many: str = ""
    single: str = ""

    def heading(self, n: int) -> str:
        """Return the heading of a section of ``n`` works.

        >>> GROUPS[4].heading(1), GROUPS[4].heading(2)
        ('Thesis', 'Theses')
        """
        return self.single if n == 1 and self.single else self.title

    def count(self, n: int) -> str:
        """Return ``n`` works of this section in words.

        >>> GROUPS[0].count(1), GROUPS[0].count(2)
        ('1 journal article', '2 journal articles')
        """
        return f"{n} {self.one if n == 1 else (self.many or self.title.lower())}"


GROUPS: tuple[Group, ...] = (
    Group("journal", "Journal articles", "J", ("journal",), "journal article"),
    Group("conference", "Conference papers", "C", ("conference",), "conference paper"),
    Group("workshop", "Workshop papers", "W", ("workshop",), "workshop paper"),
    Group("preprint", "Preprints", "P", ("preprint",), "preprint"),
    Group("thesis", "Theses", "T", ("thesis",), "thesis", "theses", "Thesis"),
    Group("patent", "Patents", "PT", ("patent",), "patent"),
    Group("talk", "Talks and tutorials", "TK", ("talk", "tutorial"), "talk or tutorial"),
    Group("challenge", "Challenges organised", "CH", ("challenge",), "challenge organised"),
    Group("book", "Books", "B", ("book",), "book"),
    Group("chapter", "Book chapters", "BC", ("chapter",), "book chapter"),
    Group("report", "Reports", "R", ("report",), "report"),
    Group("poster", "Posters", "PO", ("poster",), "poster"),
    Group("other", "Other works", "O", ("other",), "other work"),
)
"""The kind sections in their default order (the order of the issue, then the rarer kinds)."""

_GROUP_OF = {kind: group for group in GROUPS for kind in group.kinds}


@dataclass(frozen=True, slots=True)
class Section:
    """One section of a CV.

    Attributes:
        id: The group id (``journal`` ...) or the year (``2024``; ``undated``).
        title: The heading (``Journal articles``, ``2024``).
        items: The works, in order.
    """

    id: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Cv:
    """The content of a CV, ready to render.

    Attributes:
        sections: The sections, in order.
        counts: How many works each kind section holds, in kind order (non-empty ones).
        problems: What is worth telling about the data (merged preprints, missing owner ...).
        options: The options it was built with.
        venues: The venue registry used (for the clean BibTeX of the web page).
    """

    sections: tuple[Section, ...]
    counts: tuple[tuple[Group, int], ...]
    problems: tuple[Problem, ...]
    options: CvOptions
    venues: VenueRegistry | None = None

    @property
    def items(self) -> tuple[Item, ...]:
        """Every work, in CV order."""
        return tuple(item for section in self.sections for item in section.items)

    @property
    def total(self) -> int:
        """The overall number of works."""
        return sum(len(section.items) for section in self.sections)

    def summary(self) -> str:
        """Return the overall count as a sentence: ``12 works: 2 journal articles, ...``."""
        parts = [group.count(count) for group, count in self.counts]
        noun = "work" if self.total == 1 else "works"
        return f"{self.total} {noun}: {', '.join(parts)}." if parts else f"{self.total} {noun}."


def merge_preprints(
    records: Sequence[Record], venues: VenueRegistry | None
) -> tuple[list[Record], dict[str, ArxivId], list[Problem]]:
    """Drop preprints that were published, carrying their arXiv id to the published record.

    A preprint and a work of another kind are the same work when they share an arXiv id or
    their folded titles are equal.

    Returns:
        The records kept, the arXiv ids to add (by key of the published record), and one INFO
        problem ``cv.preprint-merged`` per preprint dropped.
    """
    kinds = [kind_of(record, venues) for record in records]
    published = [r for r, k in zip(records, kinds, strict=True) if k != "preprint"]
    by_arxiv = {r.arxiv.id: r for r in reversed(published) if r.arxiv is not None}
    by_title = {_title_key(r): r for r in reversed(published) if _title_key(r)}
    kept: list[Record] = []
    extra: dict[str, ArxivId] = {}
    problems: list[Problem] = []
    for record, kind in zip(records, kinds, strict=True):
        arxiv = record.arxiv
        twin = None
        if kind == "preprint":
            twin = by_arxiv.get(arxiv.id) if arxiv is not None else None
            twin = twin or by_title.get(_title_key(record))
        if twin is None:
            kept.append(record)
            continue
        if twin.arxiv is None and arxiv is not None:
            extra.setdefault(twin.key, arxiv)
        problems.append(
            Problem(
                "cv.preprint-merged",
                f"preprint listed once, under its published version {twin.key!r}",
                Severity.INFO,
                record.path,
                record.line,
                record.key,
            )
        )
    return kept, extra, problems


def _title_key(record: Record) -> str:

    return fold(record.title)


def group_order(kinds: Sequence[str] | None) -> tuple[Group, ...]:
    """Return the kind sections in the order the ``kinds`` list gives (default: all, in order).

    >>> [g.id for g in group_order(["talk", "journal", "tutorial"])]
    ['talk', 'journal']
    """
    if kinds is None:
        return GROUPS
    ordered: dict[str, Group] = {}
    for kind in kinds:
        group = _GROUP_OF.get(kind)
        if group is not None:
            ordered.setdefault(group.id, group)
    return tuple(ordered.values())


def _recency(item: Item, position: int) -> tuple[int, int, int]:
    return (-(item.year or 0), -(item.month or 0), position)


def build_cv(
    records: Iterable[Record], options: CvOptions, venues: VenueRegistry | None = None
) -> Cv:
    """Select, order, number and group the works of a CV."""
    records = list(records)
    kept, extra, problems = merge_preprints(records, venues)
    problems.extend(unknown_keys(records, options))
    wanted = set(options.kinds) if options.kinds is not None else None
    groups = group_order(options.kinds)
    rank = {group.id: i for i, group in enumerate(groups)}
    chosen: list[tuple[Item, int]] = []
    for position, record in enumerate(kept):
        kind = kind_of(record, venues)
        if wanted is not None and kind not in wanted:
            continue
        if not matches(record, options.query, venues):
            continue
        if options.selected and not is_selected(record):
            continue
        item = make_item(
            record,
            kind=kind,
            owner=options.owner,
            venues=venues,
            max_authors=options.max_authors,
            arxiv=extra.get(record.key),
            full_venues=options.full_venues,
        )
        chosen.append((item, position))
        problems.extend(_item_problems(item, options))
    problems = _owner_absent(problems, chosen, options)
    if options.selected and not chosen:
        problems.append(
            Problem(
                "cv.none-selected",
                "no work is marked as selected (add 'selected = {true}' to the entries to show)",
                Severity.WARNING,
            )
        )
    numbered, counts = _number(chosen, groups)
    grouped = _by_kind(numbered, groups) if options.group_by == "kind" else _by_year(numbered, rank)
    return Cv(_count_overall(grouped), counts, tuple(problems), options, venues)


def unknown_keys(records: Sequence[Record], options: CvOptions) -> list[Problem]:
    """Return an error ``cv.unknown-key`` for each key asked for that no work has (nor aliases).

    >>> from belharbi_bib.curriculum.options import CvOptions
    >>> from belharbi_bib.model import Field, Record
    >>> from belharbi_bib.select import Query
    >>> works = [Record("new", "misc", (Field.of("ids", "old"),))]
    >>> asked = CvOptions(query=Query(keys=frozenset({"old", "gone"})))
    >>> [p.message for p in unknown_keys(works, asked)]
    ["key 'gone' (--keys) is in no entry"]
    """
    if options.query.keys is None:
        return []
    return [
        Problem(
            "cv.unknown-key",
            f"key {key!r} (--keys) is in no entry",
            Severity.ERROR,
            "--keys",
        )
        for key in sorted(options.query.keys)
        if not any(matches(record, Query(keys=frozenset({key}))) for record in records)
    ]


def _owner_absent(
    problems: list[Problem], chosen: Sequence[tuple[Item, int]], options: CvOptions
) -> list[Problem]:
    """Say once that the owner is in no work, instead of once per work (someone else's file)."""
    missing = sum(p.code == "cv.owner-missing" for p in problems)
    authored = sum(bool(item.record.authors) for item, _ in chosen)
    if missing < 2 or missing < authored:
        return problems
    return [
        *(p for p in problems if p.code != "cv.owner-missing"),
        Problem(
            "cv.owner-absent",
            f"the owner ({options.owner.name}) is among the authors of none of the {missing}"
            " works; name the owner with --owner (and --alias for other spellings)",
            Severity.WARNING,
            next(p.path for p in problems if p.code == "cv.owner-missing"),
        ),
    ]


def _item_problems(item: Item, options: CvOptions) -> list[Problem]:
    record = item.record
    found: list[Problem] = []
    if record.authors and not any(options.owner.matches(p) for p in record.authors):
        hint = (
            "the author list ends with 'and others': complete it"
            if item.authors.et_al and len(item.authors.people) == len(record.authors) - 1
            else "add a name variant with --alias if this is a spelling"
        )
        found.append(
            Problem(
                "cv.owner-missing",
                f"the owner ({options.owner.name}) is not among the authors; {hint}",
                Severity.WARNING,
                record.path,
                record.line,
                record.key,
            )
        )
    if item.year is None:
        found.append(
            Problem(
                "cv.no-year",
                "the work has no year; it is listed last",
                Severity.WARNING,
                record.path,
                record.line,
                record.key,
            )
        )
    return found


def _number(
    chosen: list[tuple[Item, int]], groups: tuple[Group, ...]
) -> tuple[list[tuple[Item, int]], tuple[tuple[Group, int], ...]]:
    """Give each item its per-kind label, newest first; return them with the counts."""
    numbered: list[tuple[Item, int]] = []
    counts: list[tuple[Group, int]] = []
    for group in groups:
        members = [(item, pos) for item, pos in chosen if item.kind in group.kinds]
        members.sort(key=lambda pair: _recency(*pair))
        for n, (item, pos) in enumerate(members, start=1):
            numbered.append((replace(item, label=f"{group.prefix}{n}"), pos))
        if members:
            counts.append((group, len(members)))
    return numbered, tuple(counts)


def _by_kind(numbered: list[tuple[Item, int]], groups: tuple[Group, ...]) -> list[Section]:
    sections = []
    for group in groups:
        items = tuple(item for item, _ in numbered if item.kind in group.kinds)
        if items:
            sections.append(Section(group.id, group.heading(len(items)), items))
    return sections


def _by_year(numbered: list[tuple[Item, int]], rank: dict[str, int]) -> list[Section]:
    def order(pair: tuple[Item, int]) -> tuple[int, int, int, int]:
        item, position = pair
        return (-(item.year or 0), -(item.month or 0), rank[_GROUP_OF[item.kind].id], position)

    sections: list[Section] = []
    for item, _ in sorted(numbered, key=order):
        section_id = str(item.year) if item.year else "undated"
        if not sections or sections[-1].id != section_id:
            title = section_id if item.year else "Undated"
            sections.append(Section(section_id, title, ()))
        last = sections[-1]
        sections[-1] = replace(last, items=(*last.items, item))
    return sections


def _count_overall(sections: list[Section]) -> tuple[Section, ...]:
    done: list[Section] = []
    number = 0
    for section in sections:
        items = []
        for item in section.items:
            number += 1
            items.append(replace(item, number=number))
        done.append(replace(section, items=tuple(items)))
    return tuple(done)
