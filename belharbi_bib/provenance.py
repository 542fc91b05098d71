"""Provenance: where each fact of each work was read (``bib/provenance.toml``)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from belharbi_bib.errors import ReadError
from belharbi_bib.files import read_toml
from belharbi_bib.model import Record
from belharbi_bib.problems import Problem, Severity
from belharbi_bib.structs import dataclass, field

PRIMARY_PREFIXES: tuple[str, ...] = ("seed:", "site:", "repo:", "arxiv:")
"""Source strings that name a primary source by scheme.

``seed:listing`` and ``seed:homepage`` are the researcher's own documents, ``site:*`` his
website, ``repo:OWNER/NAME/PATH`` a file of a public repository of an author of the work (a
code or challenge README, a PDF of a paper or slides), ``arxiv:ID`` the arXiv record.
"""

PRIMARY_HOSTS: frozenset[str] = frozenset(
    {
        # Preprint servers and publishers (the record of the work itself).
        "arxiv.org",
        "export.arxiv.org",
        "ar5iv.labs.arxiv.org",
        "openreview.net",
        "proceedings.mlr.press",
        "openaccess.thecvf.com",
        "doi.org",
        "www.sciencedirect.com",
        "ieeexplore.ieee.org",
        "www.melba-journal.org",
        "iclr.cc",
        "patents.google.com",
        # Open archives and the bibliography of record.
        "hal.science",
        "normandie-univ.hal.science",
        "tel.archives-ouvertes.fr",
        "dblp.org",
        # The authors and organisers themselves: code and challenge repositories, the
        # researcher's site, the workshop organisers' site, the lab and the university.
        "github.com",
        "sbelharbi.github.io",
        "affective-behavior-analysis-in-the-wild.github.io",
        "liviamtl.ca",
        "pure.etsmtl.ca",
        "www.etsmtl.ca",
        "mbmc-cmcm.ca",
        "aihealthsymposium2024.squarespace.com",
        "frqs-ai-summerschool23.squarespace.com",
    }
)
"""Hosts whose pages are primary sources: the publisher, the preprint server, an open
archive, DBLP, or the authors and organisers themselves. Aggregators, mirrors, summary
sites and third-party reference lists are not."""

DERIVED_FIELDS: frozenset[str] = frozenset({"archiveprefix", "venueid", "kind"})
"""Fields that follow from others (``eprint``, the venue) and need no source of their own."""

_VENUE_FIELDS = frozenset({"booktitle", "journal", "howpublished", "school", "institution"})
_META_FACTS = frozenset({"other_titles_source"})


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
        partial: Facts present in the record whose primary sources confirm only part of the
            value (an ``et al.`` listing for an author list): ``check`` warns about them.
    """

    key: str
    facts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    incomplete: tuple[str, ...] = ()
    other_titles: tuple[str, ...] = ()
    notes: str = ""
    partial: tuple[str, ...] = ()

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
            if name in ("incomplete", "notes", "other_titles", "partial"):
                continue
            if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
                raise ReadError(path, f"{key}.{name} must be a list of source strings")
            facts[name] = tuple(sources)
        incomplete = table.get("incomplete", [])
        others = table.get("other_titles", [])
        partial = table.get("partial", [])
        notes = table.get("notes", "")
        if not all(isinstance(v, list) for v in (incomplete, others, partial)):
            raise ReadError(path, f"{key}: 'incomplete', 'other_titles', 'partial' must be lists")
        if not isinstance(notes, str):
            raise ReadError(path, f"{key}: 'notes' must be a string")
        result[key] = Provenance(
            key,
            facts,
            tuple(map(str, incomplete)),
            tuple(map(str, others)),
            notes,
            tuple(map(str, partial)),
        )
    return result


def is_primary_source(source: str) -> bool:
    """Return whether a provenance source string names a primary source.

    >>> is_primary_source("arxiv:2201.02445"), is_primary_source("https://openreview.net/forum?id=x")
    (True, True)
    >>> is_primary_source("https://www.example-aggregator.com/paper/2201.02445")
    False
    """
    if source.startswith(PRIMARY_PREFIXES):
        return True
    if source.startswith(("https://", "http://")):
        host = source.split("/", 3)[2].lower()
        return host in PRIMARY_HOSTS
    return False


def unconfirmed_fields(record: Record, provenance: Provenance) -> tuple[str, ...]:
    """Return the fields of ``record`` that no primary source of ``provenance`` confirms.

    A venue field (``booktitle``, ``journal``, ``howpublished`` ...) is also confirmed by the
    ``venue`` fact; fields in :data:`DERIVED_FIELDS` need no source; a fact listed as
    ``partial`` is not confirmed whatever its sources.
    """
    confirmed = {
        name
        for name, sources in provenance.facts.items()
        if name not in provenance.partial and any(is_primary_source(s) for s in sources)
    }
    missing: list[str] = []
    for item in record.fields:
        name = item.name
        if name in DERIVED_FIELDS or name in confirmed or name in missing:
            continue
        if name in _VENUE_FIELDS and "venue" in confirmed:
            continue
        missing.append(name)
    return tuple(missing)


def check_provenance(record: Record, provenance: Provenance) -> list[Problem]:
    """Return the problems of one record's provenance.

    An error (``check.secondary-source``) for each source that is not primary (a mirror, an
    aggregator, a third-party reference list: the database must not cite it), and one
    warning (``check.unconfirmed``) naming the fields present in the record that no primary
    source confirms.
    """
    found: list[Problem] = []
    seen: set[str] = set()
    for name, sources in provenance.facts.items():
        if name in _META_FACTS:
            continue
        for source in sources:
            if source in seen or is_primary_source(source):
                continue
            seen.add(source)
            found.append(
                Problem(
                    "check.secondary-source",
                    f"provenance of {name!r} cites a source that is not primary: {source!r}",
                    Severity.ERROR,
                    record.path,
                    record.line,
                    record.key,
                )
            )
    missing = unconfirmed_fields(record, provenance)
    if missing:
        unsourced = [name for name in missing if name not in provenance.partial]
        partly = [name for name in missing if name in provenance.partial]
        parts = []
        if unsourced:
            parts.append(f"present but not confirmed by a primary source: {', '.join(unsourced)}")
        if partly:
            parts.append(f"only partly confirmed by a primary source: {', '.join(partly)}")
        found.append(
            Problem(
                "check.unconfirmed",
                "; ".join(parts),
                Severity.WARNING,
                record.path,
                record.line,
                record.key,
            )
        )
    return found


def read_provenance(path: str | os.PathLike[str]) -> dict[str, Provenance]:
    """Read a provenance TOML file.

    Raises:
        ReadError: The file cannot be read or is not valid.
    """
    return parse_provenance(read_toml(path), os.fspath(path))
