"""Provenance: where each fact of each work was read (``bib/provenance.toml``)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from belharbi_bib.errors import ReadError
from belharbi_bib.files import read_toml


@dataclass(frozen=True, slots=True)
class Provenance:
    """The sources of one work's facts.

    Attributes:
        key: The citation key.
        facts: Fact name (a field name, or ``venue``/``year``) -> the sources that confirm it.
        incomplete: Facts no source could confirm (left absent, or an ``and others`` list).
        other_titles: Titles the work was also listed under (earlier arXiv versions); their
            sources are the fact ``other_titles_source``.
        notes: Free text: title changes, conflicts and how they were resolved.
    """

    key: str
    facts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    incomplete: tuple[str, ...] = ()
    other_titles: tuple[str, ...] = ()
    notes: str = ""

    @property
    def sources(self) -> tuple[str, ...]:
        """Every distinct source, in first-seen order."""
        seen: dict[str, None] = {}
        for sources in self.facts.values():
            seen.update(dict.fromkeys(sources))
        return tuple(seen)


def parse_provenance(data: Mapping[str, Any], path: str = "<provenance>") -> dict[str, Provenance]:
    """Build provenance records from decoded TOML (one table per citation key).

    Raises:
        ReadError: A table holds something other than lists of strings and a notes string.
    """
    result: dict[str, Provenance] = {}
    for key, table in data.items():
        if not isinstance(table, Mapping):
            raise ReadError(path, f"{key!r} is not a table")
        facts: dict[str, tuple[str, ...]] = {}
        for name, sources in table.items():
            if name in ("incomplete", "notes", "other_titles"):
                continue
            if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
                raise ReadError(path, f"{key}.{name} must be a list of source strings")
            facts[name] = tuple(sources)
        incomplete = table.get("incomplete", [])
        others = table.get("other_titles", [])
        notes = table.get("notes", "")
        if not isinstance(incomplete, list) or not isinstance(others, list):
            raise ReadError(path, f"{key}: 'incomplete' and 'other_titles' must be lists")
        if not isinstance(notes, str):
            raise ReadError(path, f"{key}: 'notes' must be a string")
        result[key] = Provenance(
            key, facts, tuple(map(str, incomplete)), tuple(map(str, others)), notes
        )
    return result


def read_provenance(path: str | os.PathLike[str]) -> dict[str, Provenance]:
    """Read a provenance TOML file.

    Raises:
        ReadError: The file cannot be read or is not valid.
    """
    return parse_provenance(read_toml(path), os.fspath(path))
