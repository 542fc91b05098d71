"""The context a rule runs in, what it returns, and the field helpers every rule shares."""

from __future__ import annotations

import functools
from collections.abc import Callable, Container, Sequence

from belharbi_bib import patterns, values
from belharbi_bib.changes import Change
from belharbi_bib.model import Field, Record
from belharbi_bib.normalize.options import Options
from belharbi_bib.problems import Problem, Severity
from belharbi_bib.structs import dataclass, replace
from belharbi_bib.verbatim import VERBATIM_FIELDS as VERBATIM_FIELDS  # defined there (re-export)
from belharbi_bib.verbatim import is_verbatim as is_verbatim

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from belharbi_bib.venues import VenueRegistry

GROUP = patterns.compile(r"\{[^{}]*\}")
"""A brace group holding no other."""
GROUP_3 = patterns.compile(r"\{[^{}]*(?:\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}[^{}]*)*\}")
"""A balanced brace group up to three deep."""

Outcome = tuple[Record, tuple[Problem, ...]]
"""What a rule returns: the record (the same object when unchanged) and problems found."""


@dataclass(frozen=True, slots=True)
class Context:
    """What every rule may consult besides the record: the options and the venue registry."""

    options: Options
    venues: VenueRegistry | None = None


Step = Callable[[Record, Context], Outcome]
"""A rule: a pure function from a record (and the context) to an outcome."""


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


@functools.lru_cache(maxsize=1024)
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
    return None if item is None else field_text(item)


def field_text(item: Field) -> str:
    """Return the text of a field: its literal when it holds one, else its value expanded.

    >>> field_text(Field("title", "{A {B}}")), field_text(Field("month", "jan", text="January"))
    ('A {B}', 'January')
    """
    text = literal(item)
    return item.value if text is None else text


def has_balanced_groups(text: str) -> bool:
    """Return True when every brace of ``text`` pairs up, counting escaped ones as BibTeX does.

    >>> has_balanced_groups("a {b {c}} d"), has_balanced_groups("x} year={2020")
    (True, False)
    """
    return depth_zero(text, "") is not None


def depth_zero(text: str, fill: str) -> str | None:
    """Return ``text`` with each balanced ``{...}`` group replaced by ``fill``; None if unbalanced.

    >>> depth_zero("a {B {C}} d", " "), depth_zero("a } b", ""), depth_zero("{{{{x}}}} {y}", "")
    ('a   d', None, ' ')
    """
    if "{" in text:
        text = GROUP_3.sub(fill, text)  # groups up to three deep at once
    for _ in range(len(text)):
        if "{" not in text and "}" not in text:
            return text
        stripped = GROUP.sub(fill, text)
        if stripped == text:
            break
        text = stripped
    return None if "{" in text or "}" in text else text


class _TextFields:
    """The container of every field name that is not verbatim (see :func:`is_verbatim`)."""

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and not is_verbatim(name)


TEXT_FIELDS: Container[str] = _TextFields()
"""Every field holding text, as opposed to verbatim fields (``"title" in TEXT_FIELDS``)."""


def is_text_field(name: str) -> bool:
    """Return True for a field holding text (not verbatim: see :func:`is_verbatim`).

    >>> is_text_field("title"), is_text_field("url")
    (True, False)
    """
    return not is_verbatim(name)


Inspect = Callable[[Record, str, str], Problem | None]
"""What :attr:`FieldMap.inspect` is: (record, field name, text) -> a problem, or None."""


@dataclass(frozen=True, slots=True)
class FieldMap:
    """A record rule that rewrites field values one at a time, each on its own.

    Most rules are of this kind (whitespace, verbatim escapes, accents, names, titles, months,
    pages, DOIs, venues). The pipeline runs consecutive field maps in one pass over a record's
    fields: each value is read once and handed from rule to rule, with the same result, changes
    and problems as running the rules one after the other (see :func:`rewrite_fields`).

    Attributes:
        select: Which fields the rule rewrites, by name.
        convert: The new text of a literal value (the same text when nothing is to change). A
            new text is used only when it can stand in braces (balanced, no ``\\`` at the end).
        inspect: Looks at a value before ``convert``: a problem it returns is reported and the
            field left as it is.
        keeps: A quick test of a value's text, run before anything else: True only when
            ``convert`` would return the text as it is and ``inspect`` report nothing, so
            that a pass skips the fields every rule keeps without reading their values out.
        field: For a rule that rewrites the whole field (macros too, not only literals):
            the new field, or None to leave it; ``convert`` and ``inspect`` are then unused.
    """

    select: Callable[[str], bool]
    convert: Callable[[str], str]
    inspect: Inspect | None = None
    keeps: Callable[[str], bool] | None = None
    field: Callable[[Field], Field | None] | None = None


MapFactory = Callable[[Context], FieldMap | None]
"""Builds a rule's :class:`FieldMap` for a run's context; None when the rule has nothing to do."""


@dataclass(frozen=True, slots=True)
class Choice:
    """The field maps that select one field name, as a pass runs them.

    Attributes:
        maps: (index, rule name, map) of each map selecting the name, in order.
        literal: True when every map rewrites only literal values (none has ``field``).
        keeps: The conjunction of the maps' ``keeps`` tests when every map has one, else None.
    """

    maps: tuple[tuple[int, str, FieldMap], ...]
    literal: bool
    keeps: Callable[[str], bool] | None


Chooser = dict[str, Choice | None]
"""Field name -> the :class:`Choice` of maps selecting it (None when none does)."""


def choose(name: str, maps: Sequence[tuple[str, FieldMap]]) -> Choice | None:
    """Return the :class:`Choice` of the maps of ``maps`` that select field ``name``."""
    which = tuple((i, rule, fmap) for i, (rule, fmap) in enumerate(maps) if fmap.select(name))
    if not which:
        return None
    tests = [fmap.keeps for _, _, fmap in which]
    keeps: Callable[[str], bool] | None = None
    if all(test is not None for test in tests):
        keeps = _all_of(tuple(test for test in tests if test is not None))
    return Choice(which, all(fmap.field is None for _, _, fmap in which), keeps)


def _all_of(tests: tuple[Callable[[str], bool], ...]) -> Callable[[str], bool]:
    first, rest = tests[0], tests[1:]
    if not rest:
        return first
    second = _all_of(rest)
    return lambda text: first(text) and second(text)


def rewrite_fields(
    record: Record,
    maps: Sequence[tuple[str, FieldMap]],
    chooser: Chooser,
    changes: list[tuple[int, Change]] | None = None,
    problems: list[tuple[int, Problem]] | None = None,
) -> Record:
    """Run the field maps ``maps`` (rule name, map) over ``record`` in one pass; return it.

    ``changes`` and ``problems`` receive ``(i, what)`` for what map ``i`` changed and found,
    in field order: sorted stably on ``i``, they are exactly what running the maps one after
    the other gives (:func:`~belharbi_bib.normalize.changes.diff_fields` of each). ``chooser``
    caches which maps select a field name (one per run). The same record object comes back
    when nothing changed.
    """
    fields: list[Field] | None = None
    for index, item in enumerate(record.fields):
        name = item.name
        try:
            which = chooser[name]
        except KeyError:
            which = chooser[name] = choose(name, maps)
        if which is None:
            continue
        raw = item.raw
        if which.literal:
            if item.text is not None or not raw:
                continue  # a macro or an empty value: no map rewrites it
            keeps = which.keeps
            if keeps is not None:
                # A value in braces or quotes has its content as literal (or none at all), a
                # number is its own: when every map keeps that, the field is left as it is.
                first, last = raw[0], raw[-1]
                if (first == "{" and last == "}") or (first == last == '"' and len(raw) > 1):
                    if keeps(raw[1:-1]):
                        continue
                elif raw.isdigit() and keeps(raw):
                    continue
        current = _rewrite_field(record, item, which, changes, problems)
        if current is not item:
            if fields is None:
                fields = list(record.fields)
            fields[index] = current
    return record if fields is None else replace(record, fields=tuple(fields))


def _rewrite_field(
    record: Record,
    item: Field,
    which: Choice,
    changes: list[tuple[int, Change]] | None,
    problems: list[tuple[int, Problem]] | None,
) -> Field:
    """Run the maps of ``which`` over one field, in order; return it rewritten (or ``item``)."""
    name = item.name
    current = item
    text = literal(item)
    for position, rule, fmap in which.maps:
        if fmap.field is not None:
            updated: Field | None = fmap.field(current)
            if updated is None:
                continue
            after = literal(updated)
        else:
            if text is None:
                continue
            if fmap.inspect is not None:
                found = fmap.inspect(record, name, text)
                if found is not None:
                    if problems is not None:
                        problems.append((position, found))
                    continue
            new = fmap.convert(text)
            if new == text or not _is_safe(new):
                continue
            updated = Field(name, values.braced(new), item.line)
            after = new  # the literal of a balanced text in braces (_is_safe) is that text
        if changes is not None:
            line = item.line or record.line
            changes.append(
                (position, Change(record.key, rule, name, current.raw, updated.raw, line))
            )
        current = updated
        text = after
    return current


def apply_map(record: Record, fmap: FieldMap | None) -> Outcome:
    """Run one field map over ``record`` (the step of a field-map rule)."""
    if fmap is None:
        return record, ()
    found: list[tuple[int, Problem]] = []
    updated = rewrite_fields(record, (("", fmap),), {}, None, found)
    return updated, tuple(item for _, item in found)


def map_text(record: Record, select: Container[str], convert: Callable[[str], str]) -> Record:
    """Return ``record`` with ``convert`` applied to the literal fields named in ``select``.

    A value is replaced only when it changes and can still be braced safely; the same record
    object comes back when nothing changed (rules rely on this to stay cheap).

    >>> r = Record("k", "misc", (Field("pages", "{1-5}"), Field("note", "{1-5}")))
    >>> map_text(r, {"pages"}, lambda t: t.replace("-", "--")).fields[0].raw
    '{1--5}'
    """
    return apply_map(record, FieldMap(select.__contains__, convert))[0]


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
