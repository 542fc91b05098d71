"""Validation of a database: required fields, venues, identifiers, links, provenance (pure)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from belharbi_bib.identifiers import clean_doi, is_preprint_doi, is_valid_doi, parse_arxiv
from belharbi_bib.model import LINK_FIELDS, Library, Record
from belharbi_bib.names import OTHERS, parse_names
from belharbi_bib.problems import Problem, Severity
from belharbi_bib.provenance import Provenance, check_provenance
from belharbi_bib.venues import VenueRegistry

REQUIRED: Mapping[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "phdthesis": ("author", "title", "school", "year"),
    "mastersthesis": ("author", "title", "school", "year"),
    "patent": ("author", "title", "number", "year"),
    "book": ("title", "publisher", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "misc": ("title", "year"),
}
"""Fields each entry type must have (types not listed need only a title)."""

_LINK_NAMES = {name for name, _ in LINK_FIELDS}
_URL = re.compile(r"https?://\S+")
_YEAR = re.compile(r"\d{4}")


def _problem(
    record: Record, code: str, message: str, severity: Severity = Severity.ERROR, field: str = ""
) -> Problem:
    return Problem.at(record, code, message, severity, field)


def check_record(record: Record, venues: VenueRegistry | None = None) -> list[Problem]:
    """Return what is wrong with one record."""
    found: list[Problem] = []
    inherits = "crossref" in record
    for name in REQUIRED.get(record.entry_type, ("title",)):
        if not inherits and not (record.field(name) or "").strip():
            found.append(
                _problem(record, "check.required", f"@{record.entry_type} needs a {name!r} field")
            )
    found.extend(_check_identifiers(record))
    found.extend(_check_links(record))
    year = record.field("year")
    if year is not None and not _YEAR.fullmatch(year.strip()):
        found.append(
            _problem(record, "check.bad-year", f"year {year!r} is not a 4-digit year", field="year")
        )
    venue_id = record.venue_id
    if venues is not None and venue_id is not None and venue_id not in venues:
        found.append(
            _problem(
                record,
                "check.unknown-venue",
                f"venue {venue_id!r} is not in the registry",
                field="venueid",
            )
        )
    return found


def _check_identifiers(record: Record) -> list[Problem]:
    found: list[Problem] = []
    eprint = record.field("eprint")
    archive = (record.field("archiveprefix") or record.field("eprinttype") or "").strip().lower()
    if eprint and archive in ("arxiv", ""):
        parsed = parse_arxiv(eprint)
        if parsed is None:
            found.append(
                _problem(
                    record,
                    "check.bad-arxiv",
                    f"eprint {eprint!r} is not an arXiv id",
                    field="eprint",
                )
            )
        elif parsed.version is not None:
            found.append(
                _problem(
                    record,
                    "check.arxiv-version",
                    f"eprint {eprint!r} carries a version; store the id without it",
                    Severity.WARNING,
                    "eprint",
                )
            )
    doi = record.field("doi")
    if doi:
        bare = clean_doi(doi)
        if not is_valid_doi(bare):
            found.append(_problem(record, "check.bad-doi", f"{doi!r} is not a DOI", field="doi"))
        elif is_preprint_doi(bare):
            found.append(
                _problem(
                    record,
                    "check.preprint-doi",
                    f"{bare} is a preprint-server DOI, not a published DOI",
                    field="doi",
                )
            )
    return found


def _check_links(record: Record) -> list[Problem]:
    found: list[Problem] = []
    for item in record.fields:
        if item.name == "url" or item.name.rstrip("0123456789") in _LINK_NAMES:
            url = item.value.strip()
            if not _URL.fullmatch(url):
                found.append(
                    _problem(
                        record,
                        "check.bad-link",
                        f"{item.name} {url!r} is not an absolute URL",
                        field=item.name,
                    )
                )
    return found


def check_completeness(record: Record, provenance: Provenance | None) -> list[Problem]:
    """Return warnings for facts marked incomplete, and for ``and others`` author lists."""
    found: list[Problem] = []
    incomplete = provenance.incomplete if provenance is not None else ()
    if incomplete:
        found.append(
            _problem(
                record,
                "check.incomplete",
                f"not confirmed by any source: {', '.join(incomplete)}",
                Severity.WARNING,
            )
        )
    authors = record.field("author")
    if authors and parse_names(authors)[-1:] == (OTHERS,) and "author" not in incomplete:
        found.append(
            _problem(
                record,
                "check.incomplete",
                "author list ends with 'and others'",
                Severity.WARNING,
                "author",
            )
        )
    return found


def check_aliases(records: Iterable[Record]) -> list[Problem]:
    """Return errors for ``ids`` aliases that collide with a key or another alias."""
    owner: dict[str, str] = {r.key.casefold(): r.key for r in records}
    found: list[Problem] = []
    for record in records:
        for alias in (a.strip() for a in (record.field("ids") or "").split(",")):
            if not alias:
                continue
            folded = alias.casefold()
            if folded in owner and owner[folded] != record.key:
                found.append(
                    _problem(
                        record,
                        "check.duplicate-alias",
                        f"alias {alias!r} is also used by {owner[folded]!r}",
                        field="ids",
                    )
                )
            owner.setdefault(folded, record.key)
    return found


def check_library(
    library: Library,
    venues: VenueRegistry | None = None,
    provenance: Mapping[str, Provenance] | None = None,
) -> tuple[Problem, ...]:
    """Return every problem of a library: reading problems, then per-record checks.

    With ``provenance`` (the bundled database), every record must have a provenance entry
    and every provenance entry a record.
    """
    found: list[Problem] = list(library.problems)
    records = library.records
    for record in records:
        found.extend(check_record(record, venues))
        if provenance is not None:
            entry = provenance.get(record.key)
            if entry is None:
                found.append(_problem(record, "check.no-provenance", "no provenance recorded"))
            else:
                found.extend(check_provenance(record, entry))
            found.extend(check_completeness(record, entry))
        else:
            found.extend(check_completeness(record, None))
    found.extend(check_aliases(records))
    if provenance is not None:
        keys = {r.key for r in records}
        for key in sorted(set(provenance) - keys):
            found.append(
                Problem(
                    "check.orphan-provenance",
                    f"provenance for unknown key {key!r}",
                    path=library.path,
                    key=key,
                )
            )
    return tuple(found)


def check_canonical(text: str, canonical: str, path: str | None = None) -> list[Problem]:
    """Return an error naming the first line where ``text`` differs from its canonical form.

    >>> check_canonical("a\\nb\\n", "a\\nc\\n", "x.bib")[0].line
    2
    """
    if text == canonical:
        return []
    old, new = text.splitlines(), canonical.splitlines()
    line = next(
        (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
        min(len(old), len(new)),
    )
    return [
        Problem(
            "check.not-canonical",
            "not in canonical form (run 'belharbi-bib normalize --in-place')",
            path=path,
            line=line + 1,
        )
    ]
