"""Duplicates: entries for the same work found by DOI, arXiv id, or title and first author.

Duplicates are always reported (``norm.duplicate``). With ``merge``, each duplicate is merged
into the first entry of its group when nothing conflicts: same entry type, and every field
both hold says the same thing once case, accents, braces and punctuation are folded away.
Volatile fields (:data:`VOLATILE_FIELDS`: access dates, timestamps, file links, owner and
group tags, and the ``noise_fields``) never conflict: list-valued ones (``file``, ``groups``,
``keywords`` ...) keep the union of both entries' items, the others the first entry's value,
the other value being reported (``norm.merge-dropped``, info). Fields only the duplicate has
are added, its key joins ``ids``, and the removed entry is reported in full as a change. A
duplicate that conflicts is kept and reported (``norm.duplicate-conflict``) with each differing
field shown side by side.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from belharbi_bib.bibtex.writer import render_record
from belharbi_bib.identifiers import arxiv_of, clean_doi, is_valid_doi
from belharbi_bib.model import Field, Record, year_of
from belharbi_bib.normalize.changes import Change, diff_fields
from belharbi_bib.normalize.context import field_text, problem
from belharbi_bib.normalize.fields import is_noise
from belharbi_bib.normalize.folding import ascii_fold, first_surname, fold_title
from belharbi_bib.normalize.keys import aliases, with_alias
from belharbi_bib.normalize.options import DEFAULT_NOISE_FIELDS, Options
from belharbi_bib.problems import Problem, Severity
from belharbi_bib.structs import dataclass, replace
from belharbi_bib.verbatim import is_verbatim

DISTINCT_FIELDS: tuple[str, ...] = ("volume", "number", "pages")
"""Fields that tell apart two works with the same title, first author and year."""

VOLATILE_FIELDS: tuple[str, ...] = (
    *DEFAULT_NOISE_FIELDS, "urldate", "lastchecked", "accessed", "access-date", "groups",
    "keywords", "mendeley-tags", "jabref-groups", "readstatus", "ranking", "priority",
    "qualityassured", "printed", "relevance", "comment", "annote", "abstract-url", "pdf",
)  # fmt: skip
"""Fields that differ between two copies of one work without saying anything about the work
(``*`` matches any ending); they never keep duplicates from merging."""

LIST_FIELDS: dict[str, str] = {
    "file": ";", "pdf": ";", "groups": ",", "keywords": ",", "mendeley-tags": ",",
    "mendeley-groups": ",", "jabref-groups": ",",
}  # fmt: skip
"""Volatile fields holding lists, with their separator: merged as the union of their items."""

_REASONS = {
    "doi": "same DOI",
    "arxiv": "same arXiv id",
    "title": "same title, first author and year",
}


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A record found to duplicate an earlier one.

    Attributes:
        index: The position of the duplicate among the records.
        original: The position of the first record of its group.
        reason: Which signature they share (``doi``, ``arxiv`` or ``title``).
    """

    index: int
    original: int
    reason: str


def signatures(record: Record) -> list[tuple[str, str]]:
    """Return what identifies the work of a record: DOI, arXiv id, title + first author + year.

    >>> r = Record("k", "misc", (Field.of("doi", "https://doi.org/10.1000/AB"),
    ...     Field.of("author", "Doe, Jane"), Field.of("title", "A {CAM}"),
    ...     Field.of("year", "2020")))
    >>> signatures(r)
    [('doi', '10.1000/ab'), ('title', 'acam|doe|2020')]
    """
    firsts: dict[str, Field] = {}
    for item in record.fields:  # one pass: the first of each field a signature reads
        if item.name in _SIGNED and item.name not in firsts:
            firsts[item.name] = item
    found: list[tuple[str, str]] = []
    doi = _text(firsts.get("doi"))
    if doi:
        cleaned = clean_doi(doi)
        if is_valid_doi(cleaned):
            found.append(("doi", cleaned.lower()))
    arxiv = arxiv_of(record) if "eprint" in firsts else None
    if arxiv is not None:
        found.append(("arxiv", arxiv.id))
    title, authors = _text(firsts.get("title")), _text(firsts.get("author"))
    if title and authors:
        folded, surname = fold_title(title), first_surname(authors)
        if folded and surname:
            found.append(("title", f"{folded}|{surname}|{_year(firsts) or ''}"))
    return found


_SIGNED = frozenset(("doi", "eprint", "title", "author", "year", "date"))
"""The fields :func:`signatures` reads (the first of each)."""


def _text(item: Field | None) -> str | None:
    return None if item is None else field_text(item)


def _year(firsts: dict[str, Field]) -> int | None:
    """:attr:`Record.year <belharbi_bib.model.Record.year>` from the first fields found."""
    year, date = firsts.get("year"), firsts.get("date")
    return year_of((year.value if year else None) or (date.value if date else None) or "")


def _distinct(one: Record, two: Record) -> bool:
    """Return True when both records give a volume, number or pages and they differ."""
    for name in DISTINCT_FIELDS:
        mine, theirs = one.field(name), two.field(name)
        if mine and theirs and ascii_fold(mine) != ascii_fold(theirs):
            return True
    return False


def find_duplicates(
    records: Sequence[Record],
    signatures_of: Callable[[Record], list[tuple[str, str]]] | None = None,
) -> list[Duplicate]:
    """Return every record that shares a signature with an earlier one, in order.

    A shared title (with first author and year) does not count when the two records give
    different volumes, numbers or pages: a column that recurs in every issue is no duplicate.
    ``signatures_of`` stands for :func:`signatures` (a cache of them, say).
    """
    signatures_of = signatures if signatures_of is None else signatures_of
    # The records holding each signature, by the signature's hash (a small integer rather than
    # the signature itself, which is a long string): one index (nearly always), or a list.
    # Two signatures may share a hash; a record found this way is checked to hold the very
    # signature (see :func:`_first_match`).
    owners: dict[int, int | list[int]] = {}
    group: list[int] = list(range(len(records)))
    found: list[Duplicate] = []
    for index, record in enumerate(records):
        sigs = signatures_of(record)
        if not sigs:
            continue
        match = _first_match(records, index, sigs, owners, group, signatures_of)
        if match is not None:
            group[index] = match[0]
            found.append(Duplicate(index, match[0], match[1]))
        for sig in sigs:
            key = _key(sig)
            held = owners.get(key)
            if held is None:
                owners[key] = index
            elif isinstance(held, int):
                if held != index:
                    owners[key] = [held, index]
            elif held[-1] != index:
                held.append(index)
    return found


_key: Callable[[tuple[str, str]], int] = hash
"""How :func:`find_duplicates` files a signature (tests make every signature collide)."""


def _first_match(
    records: Sequence[Record],
    index: int,
    sigs: list[tuple[str, str]],
    owners: dict[int, int | list[int]],
    group: list[int],
    signatures_of: Callable[[Record], list[tuple[str, str]]],
) -> tuple[int, str] | None:
    for sig in sigs:
        held = owners.get(_key(sig))
        if held is None:
            continue
        for earlier in (held,) if isinstance(held, int) else held:
            if sig not in signatures_of(records[earlier]):
                continue  # another signature with the same hash
            if sig[0] == "title" and _distinct(records[earlier], records[index]):
                continue
            return group[earlier], sig[0]
    return None


def report(records: Sequence[Record], duplicates: Sequence[Duplicate]) -> list[Problem]:
    """Return one ``norm.duplicate`` warning per duplicate."""
    found = []
    for dup in duplicates:
        record, original = records[dup.index], records[dup.original]
        where = f" (line {original.line})" if original.line else ""
        message = f"possible duplicate of {original.key!r}{where}: {_REASONS[dup.reason]}"
        found.append(problem(record, "norm.duplicate", message))
    return found


def _same(name: str, one: Field, two: Field) -> bool:
    if one.raw == two.raw:
        return True
    if is_verbatim(name):
        return one.value.strip().lower() == two.value.strip().lower()
    return ascii_fold(one.value) == ascii_fold(two.value)


def conflicts(base: Record, other: Record, options: Options) -> list[str]:
    """Return what keeps ``other`` from merging into ``base``: a type or differing fields.

    >>> a = Record("a", "article", (Field.of("title", "Deep {CAM}"), Field.of("year", "2020")))
    >>> b = Record("b", "article", (Field.of("title", "Deep CAM"), Field.of("year", "2021")))
    >>> conflicts(a, b, Options())
    ['year']
    """
    if base.entry_type != other.entry_type:
        return ["entry type"]
    differing = []
    for item in other.fields:
        if item.name == "ids" or is_volatile(item.name, options):
            continue
        mine = base.get(item.name)
        if mine is not None and not _same(item.name, mine, item):
            differing.append(item.name)
    return differing


def is_volatile(name: str, options: Options) -> bool:
    """Return True for a field that never blocks a merge (see :data:`VOLATILE_FIELDS`).

    >>> is_volatile("urldate", Options()), is_volatile("bdsk-url-2", Options())
    (True, True)
    >>> is_volatile("year", Options())
    False
    """
    return is_noise(name, VOLATILE_FIELDS) or is_noise(name, options.noise_fields)


def side_by_side(base: Record, other: Record, names: list[str], width: int = 40) -> str:
    """Return the differing fields of two records as ``name: 'mine' vs 'theirs'`` pairs.

    >>> a = Record("a", "misc", (Field.of("year", "2020"),))
    >>> b = Record("b", "misc", (Field.of("year", "2021"),))
    >>> side_by_side(a, b, ["year"])
    "year: '2020' (a) vs '2021' (b)"
    """
    if names == ["entry type"]:
        return f"entry type: @{base.entry_type} ({base.key}) vs @{other.entry_type} ({other.key})"
    pairs = []
    for name in names:
        mine, theirs = base.field(name) or "", other.field(name) or ""
        left, right = _short(mine, width), _short(theirs, width)
        pairs.append(f"{name}: {left!r} ({base.key}) vs {right!r} ({other.key})")
    return "; ".join(pairs)


def _short(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _union(base: Field, other: Field, separator: str) -> Field | None:
    """Return ``base`` with the items of ``other`` it lacks, or None when it has them all."""
    mine = [p.strip() for p in base.value.split(separator) if p.strip()]
    theirs = [p.strip() for p in other.value.split(separator) if p.strip()]
    extra = [p for p in theirs if p not in mine]
    if not extra:
        return None
    joiner = separator if separator == ";" else separator + " "
    return Field.of(base.name, joiner.join([*mine, *extra]))


def absorb(base: Record, other: Record) -> Record:
    """Return ``base`` with the fields only ``other`` has; ``other``'s key and ids join ``ids``.

    List-valued volatile fields both have (``file``, ``keywords`` ...) get the union of items.
    """
    fields = list(base.fields)
    for index, item in enumerate(fields):
        separator = LIST_FIELDS.get(item.name)
        theirs = other.get(item.name) if separator else None
        if separator and theirs is not None and not _same(item.name, item, theirs):
            union = _union(item, theirs, separator)
            if union is not None:
                fields[index] = Field(item.name, union.raw, item.line)
    added = tuple(item for item in other.fields if item.name != "ids" and item.name not in base)
    merged = replace(base, fields=(*fields, *added))
    names = [other.key] if other.key else []
    names += aliases(other) or []
    for alias in names:
        if alias.casefold() != base.key.casefold():
            merged = with_alias(merged, alias)
    return merged


def merge_duplicates(
    records: Sequence[Record], duplicates: Sequence[Duplicate], options: Options
) -> tuple[list[Record | None], list[Change], list[Problem], dict[str, str]]:
    """Merge each non-conflicting duplicate into the first record of its group.

    Returns:
        The records with None in place of those merged away, the changes, the problems
        (conflicts), and the renames (removed folded key -> key of the record merged into).
    """
    current: list[Record | None] = list(records)
    changes: list[Change] = []
    found: list[Problem] = []
    renames: dict[str, str] = {}
    for dup in duplicates:
        base, other = current[dup.original], records[dup.index]
        if base is None:  # pragma: no cover - a group's first record is never merged away
            continue
        differing = conflicts(base, other, options)
        if differing:
            where = f" (line {base.line})" if base.line else ""
            message = f"not merged into {base.key!r}{where}: {side_by_side(base, other, differing)}"
            found.append(problem(other, "norm.duplicate-conflict", message))
            continue
        found.extend(_dropped(base, other, options))
        merged = absorb(base, other)
        changes.extend(diff_fields(base, merged, "merge"))
        changes.append(Change(other.key, "merge", None, render_record(other), base.key, other.line))
        current[dup.original] = merged
        current[dup.index] = None
        if other.key:
            renames[other.key.casefold()] = base.key
    return current, changes, found, renames


def _dropped(base: Record, other: Record, options: Options) -> list[Problem]:
    """Report the volatile values of ``other`` a merge does not keep (``base``'s win)."""
    found = []
    for item in other.fields:
        mine = base.get(item.name)
        if (
            mine is None
            or item.name in LIST_FIELDS
            or not is_volatile(item.name, options)
            or _same(item.name, mine, item)
        ):
            continue
        message = f"merged into {base.key!r}: kept its {side_by_side(base, other, [item.name])}"
        found.append(problem(other, "norm.merge-dropped", message, Severity.INFO))
    return found
