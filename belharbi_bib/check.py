"""Validation of a database or of a user's file: what LaTeX tools fail on, and advice (pure).

Two audiences. The bundled database is held to its own policy: every finding is an error
(except the few marked warnings). A user's file (:func:`for_user_file`) is judged the way a
LaTeX user judges it: errors are what makes BibTeX or biber fail or lose an entry (syntax,
repeated keys, entries without key, values that are not BibTeX, colliding aliases); everything
else — missing fields BibTeX will warn about, malformed identifiers, TeX escapes in links, an
entry the normalizer would rewrite — is a warning, and fails only with ``--strict``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from belharbi_bib import patterns
from belharbi_bib.bibtex.reader import parse_with_sources
from belharbi_bib.bibtex.writer import render_record, write
from belharbi_bib.identifiers import clean_doi, is_preprint_doi, is_valid_doi, parse_arxiv
from belharbi_bib.model import LINK_FIELDS, Library, Record
from belharbi_bib.names import OTHERS, parse_names
from belharbi_bib.normalize import normalize
from belharbi_bib.normalize.fields import is_verbatim_cleaned, unescape_verbatim
from belharbi_bib.normalize.options import Options
from belharbi_bib.normalize.syntax import arxiv_category, is_isbn_list, is_issn_list
from belharbi_bib.problems import Problem, Severity
from belharbi_bib.provenance import Provenance, check_provenance
from belharbi_bib.structs import replace
from belharbi_bib.venues import VenueRegistry

FATAL_CODES: frozenset[str] = frozenset(
    {
        "bib.syntax", "bib.duplicate-key", "bib.missing-key", "bib.bad-key", "bib.missing-comma",
        "bib.bad-value", "bib.bad-names", "bib.macro-too-large", "check.duplicate-alias",
    }
)  # fmt: skip
"""Problems BibTeX or biber fail on (or lose an entry to): errors in a user's file too.

biber skips an entry with a bad key, a missing comma or a name of more than two commas; a
macro expansion over the budget is refused by our reader (BibTeX would exhaust its pool)."""

DATABASE_ONLY: frozenset[str] = frozenset({"check.preprint-doi"})
"""Findings that are the bundled database's policy, not advice for a user's file (an arXiv
DOI beside ``eprint`` is what arXiv registered; ``normalize`` keeps it)."""

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
_URL = patterns.compile(r"https?://\S+")
_YEAR = patterns.compile(r"\d{4}")


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
            message = (
                f"@{record.entry_type} needs a {name!r} field"
                f' (BibTeX warns "empty {name} in {record.key}")'
            )
            found.append(_problem(record, "check.required", message))
    found.extend(_check_identifiers(record))
    found.extend(_check_numbers(record))
    found.extend(_check_links(record))
    found.extend(_check_verbatim(record))
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


def _check_numbers(record: Record) -> list[Problem]:
    """Warn about ISBNs, ISSNs and arXiv classes that fail their syntax or check digit."""
    found: list[Problem] = []
    checks = (("isbn", is_isbn_list, "an ISBN"), ("issn", is_issn_list, "an ISSN"))
    for name, valid, what in checks:
        text = record.field(name)
        if text and text.strip() and not valid(text):
            message = f"{name} {text.strip()!r} is not {what} (syntax or check digit)"
            found.append(_problem(record, f"check.bad-{name}", message, Severity.WARNING, name))
    for name in ("primaryclass", "eprintclass"):
        text = record.field(name)
        if text and text.strip() and arxiv_category(text) is None:
            archive = record.field("archiveprefix") or record.field("eprinttype") or "arxiv"
            if archive.strip().lower() == "arxiv":
                message = f"{name} {text.strip()!r} is not an arXiv category"
                found.append(
                    _problem(record, "check.bad-arxiv-class", message, Severity.WARNING, name)
                )
    return found


def _check_verbatim(record: Record) -> list[Problem]:
    """Warn about TeX escapes in fields read verbatim (``\\_`` in a DOI prints a backslash)."""
    found: list[Problem] = []
    for item in record.fields:
        if not is_verbatim_cleaned(item.name) or "\\" not in item.value:
            continue
        cleaned = unescape_verbatim(item.value)
        if cleaned != item.value:
            message = (
                f"{item.name} holds TeX escapes that biblatex and \\url print as they are:"
                f" '{item.value.strip()}' should be '{cleaned.strip()}'"
                " (run 'belharbi-bib normalize')"
            )
            found.append(
                _problem(record, "check.verbatim-escape", message, Severity.WARNING, item.name)
            )
    return found


def check_crossrefs(records: Iterable[Record]) -> list[Problem]:
    """Warn about ``crossref``/``xref`` naming an entry the file does not have."""
    records = list(records)
    keys = {r.key.casefold() for r in records}
    found: list[Problem] = []
    for record in records:
        for name in ("crossref", "xref"):
            target = (record.field(name) or "").strip()
            if target and target.casefold() not in keys:
                message = (
                    f"{name} {target!r} names no entry of this file"
                    f' (BibTeX warns "I didn\'t find a database entry for crossref")'
                )
                found.append(
                    _problem(record, "check.missing-crossref", message, Severity.WARNING, name)
                )
    return found


def for_user_file(problems: Iterable[Problem]) -> list[Problem]:
    """Return ``problems`` as a user's file is judged: only :data:`FATAL_CODES` stay errors.

    Database policy (:data:`DATABASE_ONLY`) is left out.

    >>> found = [Problem("check.bad-doi", "x"), Problem("bib.syntax", "y")]
    >>> [p.severity.value for p in for_user_file(found)]
    ['warning', 'error']
    """
    out: list[Problem] = []
    for problem in problems:
        if problem.code in DATABASE_ONLY:
            continue
        if problem.severity is Severity.ERROR and problem.code not in FATAL_CODES:
            problem = replace(problem, severity=Severity.WARNING)
        out.append(problem)
    return out


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
    found.extend(check_crossrefs(records))
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


def check_entries(
    text: str,
    path: str | None,
    options: Options | None = None,
    venues: VenueRegistry | None = None,
    severity: Severity = Severity.WARNING,
) -> list[Problem]:
    """Return one ``check.not-normalized`` problem per entry that is not canonical.

    Each names the rules that would change the entry (``layout`` when only its spelling in the
    file differs: field order, indentation, delimiters). Layout outside entries (comments,
    ``@string``s, blank lines) is one ``check.not-canonical`` problem for the file.

    >>> found = check_entries("@misc{a, pages = {1-5}}\\n", "x.bib")
    >>> [(p.code, p.key, p.message.split(';')[0]) for p in found]
    [('check.not-normalized', 'a', 'entry is not canonical (layout, pages)')]
    """
    library, sources = parse_with_sources(text, path)
    rules: dict[str, list[str]] = {}
    for change in normalize(library, options, venues=venues).changes:
        named = rules.setdefault(change.key, [])
        if change.rule not in named:
            named.append(change.rule)
    found: list[Problem] = []
    for record, source in zip(library.records, sources, strict=True):
        named = list(rules.get(record.key, ()))
        if render_record(record) != source:
            named.insert(0, "layout")
        if named:
            message = (
                f"entry is not canonical ({', '.join(named)});"
                " run 'belharbi-bib normalize --in-place'"
            )
            found.append(
                Problem("check.not-normalized", message, severity, path, record.line, record.key)
            )
    if not found and write(library) != text.removeprefix("\ufeff"):
        found.extend(
            replace(p, severity=severity)
            for p in check_canonical(text.removeprefix("\ufeff"), write(library), path)
        )
    return found


def summary(files: int, problems: Iterable[Problem]) -> str:
    """Return the last line of ``check``: files, errors, warnings, entries not canonical.

    >>> summary(1, [Problem("check.not-normalized", "x", Severity.WARNING, key="a")])
    '1 file(s) checked: 0 error(s), 1 warning(s); 1 entry not canonical'
    """
    problems = list(problems)
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = sum(1 for p in problems if p.severity is Severity.WARNING)
    line = f"{files} file(s) checked: {errors} error(s), {warnings} warning(s)"
    entries = sum(1 for p in problems if p.code == "check.not-normalized")
    if entries:
        line += f"; {entries} {'entry' if entries == 1 else 'entries'} not canonical"
    return line
