"""Changes: the account of every modification the normalizer makes, field by field."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from belharbi_bib.model import Field, Record


@dataclass(frozen=True, slots=True)
class Change:
    """One modification of one entry.

    Attributes:
        key: The entry's citation key as read (empty when it had none).
        rule: The rule that made the change (see :func:`~belharbi_bib.normalize.rules.rule_names`).
        field: The field changed, or None for a change of the entry itself (key, merge).
        before: The raw value before (None when the field was added).
        after: The raw value after (None when the field was removed).
        line: The line of the field (or of the entry) in the input, when known.
    """

    key: str
    rule: str
    field: str | None
    before: str | None
    after: str | None
    line: int | None = None

    def describe(self, width: int = 60) -> str:
        """Return a one-line summary: ``rule field: before -> after`` (values shortened).

        >>> Change("k", "pages", "pages", "{1-5}", "{1--5}").describe()
        'pages pages: {1-5} -> {1--5}'
        >>> Change("k", "noise", "owner", "{me}", None).describe()
        'noise owner: removed {me}'
        """
        subject = f"{self.rule} {self.field}" if self.field else self.rule
        if self.after is None:
            return f"{subject}: removed {_shorten(self.before or '', width)}"
        if self.before is None:
            return f"{subject}: added {_shorten(self.after, width)}"
        return f"{subject}: {_shorten(self.before, width)} -> {_shorten(self.after, width)}"

    def as_dict(self) -> dict[str, object]:
        """Return the change as a JSON-ready mapping."""
        return {
            "key": self.key,
            "rule": self.rule,
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


def _occurrences(fields: tuple[Field, ...]) -> Iterator[tuple[tuple[str, int], Field]]:
    """Yield each field with its identity: its name and how many same-named fields precede it."""
    seen: dict[str, int] = {}
    for item in fields:
        count = seen.get(item.name, 0)
        seen[item.name] = count + 1
        yield (item.name, count), item


def diff_fields(before: Record, after: Record, rule: str) -> list[Change]:
    """Return the changes that turn the fields of ``before`` into those of ``after``.

    Fields are matched by name and rank among same-named fields, so a value changed in place,
    a field added and a field removed are each one change.

    >>> a = Record("k", "misc", (Field("pages", "{1-5}", 3), Field("owner", "{me}", 4)))
    >>> b = Record("k", "misc", (Field("pages", "{1--5}", 3),))
    >>> [c.describe() for c in diff_fields(a, b, "x")]
    ['x pages: {1-5} -> {1--5}', 'x owner: removed {me}']
    """
    key = before.key
    if before.entry_type != after.entry_type:
        kind = Change(key, rule, None, f"@{before.entry_type}", f"@{after.entry_type}", before.line)
        return [kind, *diff_fields(before, replace(after, entry_type=before.entry_type), rule)]
    if len(before.fields) == len(after.fields) and all(
        old.name == new.name for old, new in zip(before.fields, after.fields, strict=True)
    ):
        return [
            Change(key, rule, old.name, old.raw, new.raw, old.line or before.line)
            for old, new in zip(before.fields, after.fields, strict=True)
            if old.raw != new.raw
        ]
    old_map = dict(_occurrences(before.fields))
    new_map = dict(_occurrences(after.fields))
    changes: list[Change] = []
    for ident, old in old_map.items():
        new = new_map.get(ident)
        if new is None:
            changes.append(Change(key, rule, old.name, old.raw, None, old.line or before.line))
        elif new.raw != old.raw:
            changes.append(Change(key, rule, old.name, old.raw, new.raw, old.line or before.line))
    for ident, new in new_map.items():
        if ident not in old_map:
            changes.append(Change(key, rule, new.name, None, new.raw, before.line))
    return changes
