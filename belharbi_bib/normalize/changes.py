"""Changes the normalizer makes, field by field (:class:`belharbi_bib.changes.Change`)."""

from __future__ import annotations

from collections.abc import Iterator

from belharbi_bib.changes import Change
from belharbi_bib.model import Field, Record
from belharbi_bib.structs import replace

__all__ = ["Change", "diff_fields"]


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
