"""The name rule: every name list written as ``von Last, Jr, First and ...``.

Names are split with BibTeX's own rules (:mod:`belharbi_bib.names`, as pybtex applies them), so
von particles, ``Jr`` parts and braced corporate names (``{ACME Inc.}``) come out right. A list
is rewritten only when the result reads back as the same people; lists BibTeX itself would
misread (three commas in a name, a dangling ``and``) are reported and left alone.
"""

from __future__ import annotations

import functools
import re

from belharbi_bib import patterns, values
from belharbi_bib.model import Record
from belharbi_bib.names import OTHERS, Person, format_names, parse_names
from belharbi_bib.normalize.context import GROUP, Context, FieldMap, Outcome, apply_map, problem
from belharbi_bib.problems import Problem

NAME_FIELDS: frozenset[str] = frozenset(
    {
        "author", "editor", "translator", "bookauthor", "editora", "editorb", "editorc",
        "annotator", "commentator", "introduction", "foreword", "afterword", "holder",
    }
)  # fmt: skip
"""Fields holding name lists."""

_WORD = r"(?!(?:[Aa][Nn][Dd]|others)(?: |,|$))[^\s,{}\\~]+"
_SIMPLE_NAME = patterns.compile(rf"{_WORD}(?: {_WORD})*, {_WORD}(?: {_WORD})*|{_WORD}|others")
_STRUCTURE = patterns.compile(r"[{}]|,|\s+and\s+", re.IGNORECASE)
_DANGLING_AND = patterns.compile(r"^\s*and\b|\band\s*$", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def is_canonical(text: str) -> bool:
    """Return True when a name list is already ``Last, First and ...`` with simple names.

    A fast check: when it holds, the list needs no parsing at all.

    >>> is_canonical("Belharbi, Soufiane and Ben Ayed, Ismail and others")
    True
    >>> is_canonical("Soufiane Belharbi"), is_canonical("Doe, J. and Jane Roe")
    (False, False)
    >>> is_canonical("{ACME Inc.} and {V{\\'a}squez}, Fabi{\\'a}n")
    True
    """
    if "{" in text:
        text = _flatten_groups(text)
        if "{" in text or "}" in text:
            return False
    return None not in map(_SIMPLE_NAME.fullmatch, text.split(" and "))


def _flatten_groups(text: str) -> str:
    """Replace each balanced ``{...}`` group by one letter, innermost first (for checks).

    >>> _flatten_groups("{V{\\'a}squez-Sancho}, Fabi{\\'a}n")
    'X, FabiXn'
    """
    for _ in range(8):
        flat = GROUP.sub("X", text)
        if flat == text:
            break
        text = flat
    return text


@functools.lru_cache(maxsize=4096)
def malformation(text: str) -> str | None:
    """Return why BibTeX would misread a name list, or None when it is well-formed.

    >>> malformation("Doe, John, Jr., III"), malformation("Doe, John and"), malformation("A{")
    ('a name has more than two commas', "the list ends or starts with 'and'", 'unbalanced braces')
    >>> malformation("{Doe, Roe, and Co}, Ltd") is None
    True
    """
    if not values.is_balanced(text):
        return "unbalanced braces"
    if _DANGLING_AND.search(text):
        return "the list ends or starts with 'and'"
    depth = commas = 0
    for match in _STRUCTURE.finditer(text):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            if token == ",":
                commas += 1
                if commas > 2:
                    return "a name has more than two commas"
            else:
                commas = 0
    return None


@functools.lru_cache(maxsize=16384)
def canonical_names(text: str) -> str:
    """Return a name list as ``von Last, Jr, First and ...``, or ``text`` when unsafe.

    >>> canonical_names("Ludwig van Beethoven and {ACME Inc.} and Ford ,Jr,  Henry")
    'van Beethoven, Ludwig and {ACME Inc.} and Ford, Jr, Henry'
    >>> canonical_names("Ford, Jr., Henry and Donald~E. Knuth")
    'Ford, Jr., Henry and Knuth, Donald E.'
    """
    if is_canonical(text) or malformation(text) is not None:
        return text
    people = parse_names(text)
    if not people or any(not person.last for person in people):
        return text
    result = format_names(people)
    if result != " ".join(result.split()):
        return text
    if not reads_back(people, result) and parse_names(result) != people:
        return text
    return result


def reads_back(people: tuple[Person, ...], result: str) -> bool:
    r"""Return True when ``result`` (``format_names(people)``) surely splits back into ``people``.

    A sufficient test that spares the second split of :func:`canonical_names` in the common
    case; False means "not sure", and the list is split again. It holds when every person but
    ``others`` has a first name (so each is written ``von Last, [Jr, ]First``), no part holds a
    comma or the word "and" (so the list cuts at the joins and each name at its own commas),
    and no word ends with a backslash (which would make a control space of the join). Then
    each part's words are the ones read, and the ``von``/``Last`` split is made by the same
    test on the same words. ``tests/test_names_fast.py`` checks it against the split on every
    corpus name list and on generated ones.

    >>> people = (Person("Beethoven", "Ludwig", "van"), OTHERS)
    >>> reads_back(people, format_names(people))
    True
    >>> people = (Person("{Barnes and Noble}"),)  # no first name: not sure
    >>> reads_back(people, format_names(people))
    False
    """
    if "\\ " in result or "\\," in result or result.endswith("\\"):
        return False
    for person in people:
        if person == OTHERS:
            continue
        if not person.first:
            return False
        for part in (person.first, person.last, person.von, person.jr):
            if "," in part or " and " in f" {part.lower()} ":
                return False
    return True


def _misread(record: Record, name: str, text: str) -> Problem | None:
    """Report a name list BibTeX would misread (it is then left as written)."""
    if is_canonical(text):
        return None
    reason = malformation(text)
    if reason is None:
        return None
    return problem(record, "norm.bad-names", f"{name}: {reason}; left as written")


NAMES = FieldMap(NAME_FIELDS.__contains__, canonical_names, _misread, keeps=is_canonical)
"""The name rule as a field map."""


def names_map(context: Context) -> FieldMap:
    """Return the name rule's field map."""
    return NAMES


def normalize_names(record: Record, context: Context) -> Outcome:
    """Rewrite every name-list field as ``von Last, Jr, First and ...``."""
    return apply_map(record, NAMES)
