"""The one pybtex adapter: BibTeX's plain, unsrt, alpha and unsrtalpha via pybtex's styles.

pybtex styles turn entries into format-independent rich text; a small backend of ours renders
that rich text into marked text (see :mod:`.marked`), so the escaping and markup of every output
format are the same as for CSL styles. Entries a style cannot format (a required field missing,
an entry type it does not know) are formatted as ``misc`` and reported, never raised.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from belharbi_bib.model import Record
from belharbi_bib.names import OTHERS
from belharbi_bib.problems import Problem, Severity
from belharbi_bib.render import marked
from belharbi_bib.structs import dataclass

_TYPES = {
    "article", "book", "booklet", "inbook", "incollection", "inproceedings", "manual",
    "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished",
}  # fmt: skip
"""Entry types pybtex's styles know; others are formatted as ``misc``."""

_ALIASES = {"conference": "inproceedings", "thesis": "phdthesis", "report": "techreport"}

_SKIPPED = {"author", "editor", "abstract", "keywords", "ids", "file"}


@dataclass(frozen=True, slots=True)
class PybtexEntry:
    """One formatted entry.

    Attributes:
        key: The citation key.
        label: ``1``, ``2`` ... or ``Bel22a`` (alpha styles).
        body: The entry as marked text.
    """

    key: str
    label: str
    body: str


def format_entries(
    records: Sequence[Record], style_name: str, *, keep_order: bool = False
) -> tuple[list[PybtexEntry], list[Problem]]:
    """Format records with a pybtex style, in the style's order (or theirs with ``keep_order``).

    Args:
        records: The works.
        style_name: ``plain``, ``unsrt``, ``alpha`` or ``unsrtalpha``.
        keep_order: Keep the order of ``records`` instead of the style's sorting.
    """
    from pybtex.database import BibliographyData
    from pybtex.plugin import find_plugin
    from pybtex.style.template import FieldIsMissing

    problems: list[Problem] = []
    entries = {record.key: _entry(record) for record in records}
    style = find_plugin("pybtex.style.formatting", style_name)()
    if keep_order:
        style.sort = lambda items: list(items)
    for _attempt in range(len(entries) + 1):
        data = BibliographyData(entries=entries)
        try:
            formatted = list(style.format_entries(data.entries.values(), bib_data=data))
            break
        except FieldIsMissing as exc:
            key = _failing_key(exc, entries)
            if key is None:
                raise
            record = next(r for r in records if r.key == key)
            problems.append(
                Problem(
                    "render.missing-field",
                    f"{style_name}: {exc.field_name} is missing; formatted as misc",
                    Severity.WARNING,
                    record.path,
                    record.line,
                    key,
                )
            )
            entries[key] = _entry(record, force_type="misc")
    backend = _backend()
    return [
        PybtexEntry(entry.key, str(entry.label), entry.text.render(backend)) for entry in formatted
    ], problems


def _failing_key(exc: Any, entries: dict[str, Any]) -> str | None:
    message = str(exc)
    for key in entries:
        if message.endswith(f" in {key}"):
            return key
    return None


def _entry(record: Record, force_type: str | None = None) -> Any:
    from pybtex.database import Entry, Person

    entry_type = force_type or _ALIASES.get(record.entry_type, record.entry_type)
    if entry_type not in _TYPES:
        entry_type = "misc"
    fields: list[tuple[str, str]] = []
    for item in record.fields:
        if item.name in _SKIPPED or item.name in dict(fields):
            continue
        value = marked.strip_sentinels(item.value)
        if item.name == "howpublished" and entry_type != "misc":
            continue
        fields.append((item.name, value))
    if entry_type == "misc" and record.entry_type not in ("misc",):
        venue = record.venue_name
        if venue and "howpublished" not in dict(fields):
            fields.append(("howpublished", venue))
        if record.entry_type == "patent" and "howpublished" not in dict(fields):
            number = " ".join(filter(None, (record.field("type"), record.field("number"))))
            if number:
                fields.append(("howpublished", number))
    persons: dict[str, list[Any]] = {}
    for role in ("author", "editor"):
        people = record.people(role)
        if people:
            persons[role] = [
                Person("others") if p == OTHERS else Person(marked.strip_sentinels(p.bibtex()))
                for p in people
            ]
    return Entry(entry_type, fields=fields, persons=persons)


@functools.lru_cache(maxsize=1)
def _backend() -> Any:
    """A pybtex backend that renders rich text as marked text."""
    from pybtex.backends import BaseBackend

    class MarkedBackend(BaseBackend):  # type: ignore[misc]
        default_suffix = ".txt"
        symbols = {"ndash": "–", "newblock": " ", "nbsp": "\u00a0"}  # noqa: RUF012

        def format_str(self, str_: str) -> str:
            return marked.strip_sentinels(str_)

        def format_tag(self, tag_name: str, text: str) -> str:
            if tag_name in ("em", "i"):
                return f"{marked.EMPH[0]}{text}{marked.EMPH[1]}"
            if tag_name in ("b", "strong"):
                return f"{marked.STRONG[0]}{text}{marked.STRONG[1]}"
            return text

        def format_href(self, url: str, text: str, external: bool = False) -> str:
            return text

        def format_protected(self, text: str) -> str:
            return text

        def write_entry(self, key: str, label: str, text: str) -> None:  # pragma: no cover
            raise NotImplementedError

    return MarkedBackend(encoding="utf-8")
