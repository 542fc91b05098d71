"""The context a rule runs in, what it returns, and the field helpers every rule shares."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Container
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from belharbi_bib import values
from belharbi_bib.model import LINK_FIELDS, Field, Record
from belharbi_bib.normalize.options import Options
from belharbi_bib.problems import Problem, Severity

if TYPE_CHECKING:
    from belharbi_bib.venues import VenueRegistry

_GROUP = re.compile(r"\{[^{}]*\}")

Outcome = tuple[Record, tuple[Problem, ...]]
"""What a rule returns: the record (the same object when unchanged) and problems found."""

VERBATIM_FIELDS: frozenset[str] = frozenset(
    {
        "url", "doi", "file", "eprint", "pdf", "ids", "crossref", "xref", "related",
        "entryset", "archiveprefix", "primaryclass", "eprinttype", "eprintclass", "isbn",
        "issn", "verba", "verbb", "verbc", "arxivid", "pmid", "pmcid", "langid", "hyphenation",
    }
    | {name for name, _ in LINK_FIELDS}
)  # fmt: skip
"""Fields never re-spaced, escaped or converted: identifiers, paths, URLs, keys, links."""


@dataclass(frozen=True, slots=True)
class Context:
    """What every rule may consult besides the record: the options and the venue registry."""

    options: Options
    venues: VenueRegistry | None = None


Step = Callable[[Record, Context], Outcome]
"""A rule: a pure function from a record (and the context) to an outcome."""


@functools.lru_cache(maxsize=1024)
def is_verbatim(name: str) -> bool:
    """Return True for a field whose value is code, not text (URLs, ids, paths, links).

    >>> is_verbatim("url"), is_verbatim("bdsk-url-1"), is_verbatim("code2"), is_verbatim("title")
    (True, True, True, False)
    """
    if name in VERBATIM_FIELDS or name.endswith("url") or name.startswith(("bdsk-", "file")):
        return True
    return name.rstrip("0123456789") in VERBATIM_FIELDS


def literal(item: Field) -> str | None:
    """Return the text of a field holding a single literal (no macro), else None.

    >>> literal(Field("title", "{A {B}}")), literal(Field("month", "jan", text="January"))
    ('A {B}', None)
    >>> literal(Field("title", "{x} year={2020}")) is None
    True
    """
    if item.text is not None:
        return None
    return _literal_of(item.raw) if item.raw else None


@functools.lru_cache(maxsize=1 << 16)
def _literal_of(raw: str) -> str | None:
    """The literal text of a raw value (cached: every rule asks for it again)."""
    if raw[:1] == "{" and raw[-1:] == "}" and "#" not in raw:
        inner = raw[1:-1]
        return inner if "}" not in inner or has_balanced_groups(inner) else None
    return values.literal_text(raw)


def text_of(record: Record, name: str) -> str | None:
    """Return the text of the first field ``name`` (macros expanded), or None.

    >>> text_of(Record("k", "misc", (Field("title", "{A}"),)), "title")
    'A'
    """
    item = record.get(name)
    if item is None:
        return None
    text = literal(item)
    return item.value if text is None else text


def has_balanced_groups(text: str) -> bool:
    """Return True when every brace of ``text`` pairs up, counting escaped ones as BibTeX does.

    >>> has_balanced_groups("a {b {c}} d"), has_balanced_groups("x} year={2020")
    (True, False)
    """
    for _ in range(len(text)):
        if "{" not in text:
            break
        stripped = _GROUP.sub("", text)
        if stripped == text:
            break
        text = stripped
    return "{" not in text and "}" not in text


class _TextFields:
    """The container of every field name that is not verbatim (see :func:`is_verbatim`)."""

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and not is_verbatim(name)


TEXT_FIELDS: Container[str] = _TextFields()
"""Every field holding text, as opposed to verbatim fields (``"title" in TEXT_FIELDS``)."""


def map_text(record: Record, select: Container[str], convert: Callable[[str], str]) -> Record:
    """Return ``record`` with ``convert`` applied to the literal fields named in ``select``.

    A value is replaced only when it changes and can still be braced safely; the same record
    object comes back when nothing changed (rules rely on this to stay cheap).

    >>> r = Record("k", "misc", (Field("pages", "{1-5}"), Field("note", "{1-5}")))
    >>> map_text(r, {"pages"}, lambda t: t.replace("-", "--")).fields[0].raw
    '{1--5}'
    """
    fields: list[Field] | None = None
    for index, item in enumerate(record.fields):
        if item.name not in select:
            continue
        text = literal(item)
        if text is None:
            continue
        new = convert(text)
        if new == text or not _is_safe(new):
            continue
        if fields is None:
            fields = list(record.fields)
        fields[index] = Field(item.name, values.braced(new), item.line)
    return record if fields is None else replace(record, fields=tuple(fields))


def _is_safe(text: str) -> bool:
    """Return True when ``text`` can stand in braces: balanced, no backslash before ``}``."""
    return values.is_balanced(text) and not text.endswith("\\")


def unchanged(record: Record) -> Outcome:
    """Return the outcome of a rule that found nothing to do."""
    return record, ()


def problem(
    record: Record, code: str, message: str, severity: Severity = Severity.WARNING
) -> Problem:
    """Return a problem located at ``record``.

    >>> found = problem(Record("k", "misc", line=3, path="a.bib"), "norm.x", "odd")
    >>> found.path, found.line, found.key, found.severity.value
    ('a.bib', 3, 'k', 'warning')
    """
    return Problem.at(record, code, message, severity)
