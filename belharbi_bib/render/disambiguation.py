"""What depends on the whole list of a CSL bibliography: order, year suffixes, repeated authors.

citeproc-py renders one entry at a time and lacks year-suffix disambiguation and
``subsequent-author-substitute``; these functions compute them from per-item facts, so that a
cached entry never has to know its neighbours. Everything here is pure.
"""

from __future__ import annotations

import contextlib
import functools
import string
from collections.abc import Mapping, Sequence


def sort_order(
    ids: Sequence[str], keys: Mapping[str, Sequence[str | None]], descending: Sequence[bool]
) -> list[str]:
    """Return ids sorted by their style sort keys, as citeproc-py compares them.

    Empty keys sort last; keys that are both integers compare as numbers; ties keep input order.

    >>> sort_order(["a", "b", "c"], {"a": ["x", "2"], "b": ["x", "10"], "c": [None, "1"]},
    ...            [False, False])
    ['a', 'b', 'c']
    """

    def compare(left: str, right: str) -> int:
        for index, desc in enumerate(descending):
            a, b = keys[left][index], keys[right][index]
            if a is None and b is None:
                continue
            if a is None:
                return 1
            if b is None:
                return -1
            first: str | int = a
            second: str | int = b
            with contextlib.suppress(ValueError):
                first, second = int(a), int(b)
            result = (first > second) - (first < second)  # type: ignore[operator]
            if result:
                return -result if desc else result
        return 0

    return sorted(ids, key=functools.cmp_to_key(compare))


def suffix_letters(index: int) -> str:
    """Return the year suffix for a 0-based position: a ... z, aa, ab ...

    >>> [suffix_letters(i) for i in (0, 25, 26, 27)]
    ['a', 'z', 'aa', 'ab']
    """
    letters = string.ascii_lowercase
    if index < 26:
        return letters[index]
    return suffix_letters(index // 26 - 1) + letters[index % 26]


def year_suffixes(
    ordered: Sequence[str],
    cites: Mapping[str, str],
    signatures: Mapping[str, tuple[object, ...]],
    *,
    add_names: bool,
) -> dict[str, str]:
    """Return the year suffix of each work whose first cite stays ambiguous.

    Works are ambiguous when their cites read the same (``Belharbi et al., 2024``). With
    ``disambiguate-add-names``, showing more names tells apart works whose name lists differ,
    so only works sharing their full name list (``signature``) with another get a suffix, and
    letters run within each such group, in list order (as citeproc-js assigns them).

    >>> year_suffixes(["x", "y", "z", "w"], {"x": "B 2024", "y": "B 2024", "z": "B 2024",
    ...               "w": "B 2024"}, {"x": (1,), "y": (2,), "z": (1,), "w": (2,)}, add_names=True)
    {'x': 'a', 'y': 'a', 'z': 'b', 'w': 'b'}
    >>> year_suffixes(["x", "y", "z"], {"x": "B", "y": "B", "z": "B"},
    ...               {"x": (1,), "y": (1,), "z": (2,)}, add_names=True)
    {'x': 'a', 'y': 'b'}
    """
    groups: dict[tuple[str, object], list[str]] = {}
    for work in ordered:
        # with add-names, works whose name lists differ are told apart by names: letters run
        # within each group of works sharing their cite and their whole name list
        groups.setdefault((cites[work], signatures[work] if add_names else None), []).append(work)
    suffixes: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        for index, work in enumerate(members):
            suffixes[work] = suffix_letters(index)
    return {work: suffixes[work] for work in ordered if work in suffixes}


def name_expansions(
    ordered: Sequence[str],
    cites: Mapping[str, str],
    signatures: Mapping[str, tuple[object, ...]],
    *,
    year_suffix: bool = False,
) -> dict[str, int]:
    """Return how many names each ambiguous work shows (-1: all), as pandoc's bibliographies do.

    With ``year_suffix``, works sharing their whole name list count as one (a year suffix tells
    them apart), as citeproc-js counts them.

    Within a group of works whose cites read the same, names are added one at a time: a work
    stops as soon as its names tell it apart; works that no number of names can tell apart
    go on until the last work that can be told apart is. When none can, nothing changes.

    >>> signatures = {"x": ("B", "C", "D"), "y": ("B", "C", "D"), "z": ("B", "R", "S"),
    ...               "w": ("B", "C", "D", "E", "F")}
    >>> name_expansions(["x", "y", "z"], {"x": "B", "y": "B", "z": "B"}, signatures)
    {'x': 2, 'y': 2, 'z': 2}
    >>> name_expansions(["x", "y", "w"], {"x": "B", "y": "B", "w": "B"}, signatures)
    {'x': -1, 'y': -1, 'w': 4}
    >>> name_expansions(["x", "y"], {"x": "B", "y": "B"}, signatures)
    {}
    """
    groups: dict[str, list[str]] = {}
    for work in ordered:
        groups.setdefault(cites[work], []).append(work)
    expansions: dict[str, int] = {}
    for works in groups.values():
        # works sharing their whole name list count once: names tell them apart from the others,
        # year suffixes among themselves
        units: dict[object, str] = {}
        for work in works:
            units.setdefault(signatures[work] if year_suffix else work, work)
        members = list(units.values())
        if len(members) < 2:
            continue
        wanted = _unique(members, signatures, None)
        if not wanted:
            continue
        longest = max(len(signatures[w]) for w in members)
        count = next(
            (k for k in range(1, longest + 1) if wanted <= _unique(members, signatures, k)),
            longest,
        )
        for work in members:
            mine = count
            if work in wanted:
                mine = next(
                    k for k in range(1, count + 1) if work in _unique(members, signatures, k)
                )
            expansions[work] = -1 if mine >= len(signatures[work]) else mine
        for work in works:
            expansions[work] = expansions[units[signatures[work] if year_suffix else work]]
    return {work: expansions[work] for work in ordered if work in expansions}


def _unique(
    members: Sequence[str], signatures: Mapping[str, tuple[object, ...]], count: int | None
) -> set[str]:
    """Return the members whose first ``count`` names (all when None) no other member shares."""
    seen: dict[tuple[object, ...], int] = {}
    for work in members:
        key = signatures[work][:count]
        seen[key] = seen.get(key, 0) + 1
    return {work for work in members if seen[signatures[work][:count]] == 1}


def substitute_authors(
    names: Sequence[str], bodies: Sequence[str], substitute: str, rule: str = "complete-all"
) -> list[str]:
    """Replace the leading names of an entry that repeats the previous entry's names.

    Only the ``complete-all`` rule (the default: the whole list) is applied; with the other
    rules the entry is left as it is.

    >>> substitute_authors(["Doe, J.", "Doe, J.", "Roe, R."],
    ...                    ["Doe, J. 2020. A.", "Doe, J. 2021. B.", "Roe, R. 2019. C."], "———")
    ['Doe, J. 2020. A.', '———. 2021. B.', 'Roe, R. 2019. C.']
    """
    out: list[str] = []
    previous = ""
    for name, body in zip(names, bodies, strict=True):
        if name and name == previous and body.startswith(name) and rule == "complete-all":
            rest = body[len(name) :]
            if name.endswith(".") and rest.startswith(" "):
                rest = "." + rest  # the delimiter's period, merged into "et al." or an initial
            out.append(substitute + rest)
        else:
            out.append(body)
        previous = name
    return out
