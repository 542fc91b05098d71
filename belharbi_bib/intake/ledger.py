"""The text ``add`` writes: the entry into the .bib, its provenance table, a new venue (pure).

Each function returns the new text of a file; nothing here touches the disk. Existing text is
never rewritten: the entry is inserted before the first entry of an earlier year when the file
is ordered newest first (the bundled database is), else appended; TOML tables are appended.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from belharbi_bib import patterns

if TYPE_CHECKING:
    from belharbi_bib.model import Library, Record, Venue

_BARE_KEY = patterns.compile(r"[A-Za-z0-9_-]+")


def toml_key(key: str) -> str:
    """Return a TOML key, quoted when it is not a bare key.

    >>> toml_key("belharbi2022fcam"), toml_key("a:b")
    ('belharbi2022fcam', '"a:b"')
    """
    return key if _BARE_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def toml_string(text: str) -> str:
    r"""Return a TOML basic string (JSON's escapes are TOML's).

    >>> toml_string('say "hi"\n')
    '"say \\"hi\\"\\n"'
    """
    return json.dumps(text, ensure_ascii=False)


def toml_list(items: Sequence[str]) -> str:
    """Return a TOML array of strings on one line."""
    return "[" + ", ".join(toml_string(i) for i in items) + "]"


def provenance_table(
    key: str,
    sources: Mapping[str, Sequence[str]],
    incomplete: Sequence[str] = (),
    notes: str = "",
) -> str:
    """Return the ``[key]`` table of ``provenance.toml`` (facts in a fixed order).

    >>> print(provenance_table("k", {"title": ["https://x/1"]}, ["pages"], "added"), end="")
    [k]
    title = ["https://x/1"]
    incomplete = ["pages"]
    notes = "added"
    """
    lines = [f"[{toml_key(key)}]"]
    for name in sorted(sources, key=_fact_order):
        if sources[name]:
            lines.append(f"{toml_key(name)} = {toml_list(list(sources[name]))}")
    if incomplete:
        lines.append(f"incomplete = {toml_list(list(incomplete))}")
    if notes:
        lines.append(f"notes = {toml_string(notes)}")
    return "\n".join(lines) + "\n"


_ORDER = ("author", "title", "journal", "booktitle", "school", "venue", "venueid", "volume",
          "number", "pages", "year", "month", "doi", "eprint", "archiveprefix", "primaryclass",
          "howpublished", "url")  # fmt: skip


def _fact_order(name: str) -> tuple[int, str]:
    return (_ORDER.index(name) if name in _ORDER else len(_ORDER), name)


def venue_table(venue: Venue) -> str:
    """Return the ``[venues.ID]`` table of a venue registry.

    >>> from belharbi_bib.model import Venue, VenueKind
    >>> print(venue_table(Venue("midl", "MIDL", "Medical Imaging with Deep Learning",
    ...                         VenueKind.CONFERENCE)), end="")
    [venues.midl]
    short = "MIDL"
    name = "Medical Imaging with Deep Learning"
    kind = "conference"
    """
    lines = [
        f"[venues.{toml_key(venue.id)}]",
        f"short = {toml_string(venue.short)}",
        f"name = {toml_string(venue.name)}",
        f"kind = {toml_string(venue.kind.value)}",
    ]
    if venue.publisher:
        lines.append(f"publisher = {toml_string(venue.publisher)}")
    return "\n".join(lines) + "\n"


def append_table(text: str, table: str) -> str:
    """Return TOML text with a table appended after one blank line.

    >>> append_table("a = 1\\n", "[t]\\n")
    'a = 1\\n\\n[t]\\n'
    >>> append_table("", "[t]\\n")
    '[t]\\n'
    """
    body = text.rstrip("\n")
    return f"{body}\n\n{table}" if body else table


def insert_entry(text: str, library: Library, record: Record, rendered: str) -> str:
    """Return .bib text with a rendered entry inserted (entries separated by one blank line).

    When the file's entries go from newest to oldest year, the entry goes before the first
    entry of an earlier year (after those of its own year); otherwise at the end.
    """
    years = [r.year for r in library.records]
    newest_first = all(a is not None and b is not None and a >= b for a, b in pairwise(years))
    if newest_first and record.year is not None:
        for other in library.records:
            if other.year is not None and other.year < record.year and other.line:
                lines = text.splitlines(keepends=True)
                at = other.line - 1
                return "".join(lines[:at]) + rendered.rstrip("\n") + "\n\n" + "".join(lines[at:])
    body = text.rstrip("\n")
    return f"{body}\n\n{rendered.rstrip()}\n" if body else rendered.rstrip("\n") + "\n"
