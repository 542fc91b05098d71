"""Keys asked for by ``--keys`` that name no work: an error, as ``export`` reports them."""

from __future__ import annotations

from collections.abc import Iterable

from belharbi_bib.model import Record
from belharbi_bib.problems import Problem, Severity


def unknown_keys(records: Iterable[Record], keys: Iterable[str]) -> list[Problem]:
    """Return a ``render.unknown-key`` error for each key that names none of the records.

    Keys compare case-insensitively, and a record's ``ids`` aliases count.

    >>> from belharbi_bib.model import Field
    >>> records = [Record("Doe2020", "misc", (Field.of("ids", "doe:2020"),))]
    >>> [p.message for p in unknown_keys(records, ["doe2020", "DOE:2020", "roe"])]
    ["--keys: no work has the key 'roe'"]
    """
    known: set[str] = set()
    for record in records:
        known.add(record.key.casefold())
        aliases = (record.field("ids") or "").split(",")
        known.update(alias.strip().casefold() for alias in aliases if alias.strip())
    return [
        Problem("render.unknown-key", f"--keys: no work has the key {key!r}", Severity.ERROR)
        for key in dict.fromkeys(keys)
        if key.casefold() not in known
    ]
