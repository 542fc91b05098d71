"""Canonical records -> the entries a LaTeX toolchain expects: the BibTeX and BibLaTeX dialects.

Each dialect is a pure function ``Record -> Record``: it picks the entry type, renames fields to
the dialect's vocabulary, folds site-only facts (kind of talk, publication state) into fields a
style prints, and keeps only the fields the dialect's styles understand. Values come out as
braced literals with ``@string`` macros expanded, except month macros (``jun``), which every
BibTeX style predefines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from belharbi_bib import values
from belharbi_bib.dates import month_number
from belharbi_bib.latex import to_latex
from belharbi_bib.model import Field, Record

DIALECTS: tuple[str, ...] = ("bibtex", "biblatex")
"""The ``.bib`` dialects (CSL-JSON is not a ``.bib`` dialect and has its own module)."""

BIBTEX_TYPES: frozenset[str] = frozenset(
    {
        "article", "book", "booklet", "inbook", "incollection", "inproceedings", "manual",
        "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished",
    }
)  # fmt: skip
"""The entry types of classic BibTeX styles (plain, plainnat, IEEEtran, ...)."""

BIBTEX_FIELDS: frozenset[str] = frozenset(
    {
        "address", "author", "booktitle", "chapter", "edition", "editor", "howpublished",
        "institution", "journal", "month", "note", "number", "organization", "pages",
        "publisher", "school", "series", "title", "type", "volume", "year", "doi", "url",
        "eprint", "archiveprefix", "primaryclass", "isbn", "issn", "abstract",
    }
)  # fmt: skip
"""Fields kept in the BibTeX dialect: the classic ones plus identifiers styles commonly print."""

BIBLATEX_FIELDS: frozenset[str] = frozenset(
    {
        "author", "editor", "title", "subtitle", "titleaddon", "booktitle", "booksubtitle",
        "maintitle", "journaltitle", "journalsubtitle", "issuetitle", "eventtitle", "series",
        "edition", "volume", "number", "issue", "eid", "pages", "chapter", "publisher",
        "organization", "institution", "location", "howpublished", "type", "date", "year",
        "month", "note", "addendum", "pubstate", "eprint", "eprinttype", "eprintclass", "doi",
        "isbn", "issn", "url", "urldate", "holder", "language", "version", "ids", "abstract",
    }
)  # fmt: skip
"""Fields kept in the BibLaTeX dialect (fields of biblatex's default data model)."""

LINK_FIELDS: frozenset[str] = frozenset({"url", "doi", "urldate"})
"""Fields dropped by ``links=False``."""

KIND_NOTES: dict[str, str] = {
    "talk": "Talk",
    "tutorial": "Tutorial",
    "poster": "Poster",
    "challenge": "Challenge",
}
"""Kinds of non-paper works, and the word a ``note`` gets when nothing says it already."""

PUBSTATE_NOTES: dict[str, str] = {
    "forthcoming": "To appear",
    "inpress": "In press",
    "submitted": "Submitted",
    "prepublished": "Preprint",
    "pending": "Pending",
}
"""``pubstate`` values and their note in BibTeX (which has no ``pubstate`` field)."""

BIBLATEX_PUBSTATES: frozenset[str] = frozenset(
    {"inpreparation", "submitted", "forthcoming", "inpress", "prepublished"}
)
"""``pubstate`` values biblatex localises; others become a note."""

_BIBTEX_TYPE_OF: dict[str, str] = {
    "conference": "inproceedings",
    "online": "misc",
    "electronic": "misc",
    "www": "misc",
    "report": "techreport",
    "mvbook": "book",
    "bookinbook": "inbook",
    "collection": "book",
    "mvcollection": "book",
    "reference": "book",
    "inreference": "incollection",
    "mvproceedings": "proceedings",
    "patent": "misc",
    "dataset": "misc",
    "software": "misc",
    "thesis": "phdthesis",
}

_BIBLATEX_TYPE_OF: dict[str, str] = {
    "conference": "inproceedings",
    "electronic": "online",
    "www": "online",
    "techreport": "report",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
}

_MONTH_MACROS: tuple[str, ...] = tuple(values.MONTH_MACROS)
_RANGE = re.compile(r"^\s*(\w+)\s*(?:-{1,3}|–|—)\s*(\w+)\s*$")
_WORD = re.compile(r"\\[A-Za-z]+|[^\W_]+")


@dataclass(slots=True)
class Entry:
    """A working copy: entry type and fields as name -> raw value, in order."""

    entry_type: str
    fields: dict[str, str]


def en_dash_pages(text: str) -> str:
    """Return a page range with BibTeX's en dash (``--``); other values unchanged.

    >>> en_dash_pages("95-103"), en_dash_pages("95 – 103"), en_dash_pages("111358")
    ('95--103', '95--103', '111358')
    """
    match = _RANGE.match(text)
    return f"{match.group(1)}--{match.group(2)}" if match else text


def protect_capitals(title: str) -> str:
    r"""Brace the words whose capitals a style's case change must keep (``PixelCAM``, ``ROI``).

    A word is protected when a letter after its first is a capital, or when it starts with a
    capital and holds a digit (``L3``). Text already in braces and macro names are left alone;
    hyphenated parts count as words, so ``Test-Time`` stays as it is.

    >>> protect_capitals("PixelCAM for {ROI} and ROI, iPhone, L3, Test-Time A BioVid")
    '{PixelCAM} for {ROI} and {ROI}, {iPhone}, {L3}, Test-Time A {BioVid}'
    >>> protect_capitals(r"A \emph{DeepCAM} Model")
    'A \\emph{DeepCAM} Model'
    """
    out: list[str] = []
    depth = 0
    start = 0
    for i, char in enumerate(title):
        if char not in "{}" or (i > 0 and title[i - 1] == "\\"):
            continue
        if depth == 0:
            out.append(_WORD.sub(_protect_word, title[start:i]))
            start = i
        depth = depth + 1 if char == "{" else max(depth - 1, 0)
        if depth == 0:
            out.append(title[start : i + 1])
            start = i + 1
    out.append(_WORD.sub(_protect_word, title[start:]) if depth == 0 else title[start:])
    return "".join(out)


def _protect_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if word.startswith("\\"):
        return word
    rest = word[1:]
    if any(c.isupper() for c in rest) or (word[0].isupper() and any(c.isdigit() for c in rest)):
        return "{" + word + "}"
    return word


def _entry_of(record: Record) -> Entry:
    """Collect a record's fields as raw values, literals braced and macros expanded.

    A month becomes BibTeX's month macro (``jun``) whether written ``jun``, ``June`` or ``6``.
    """
    fields: dict[str, str] = {}
    for item in record.fields:
        if item.name in fields:
            continue
        number = month_number(item.value) if item.name == "month" else None
        if number is not None:
            fields["month"] = _MONTH_MACROS[number - 1]
        else:
            fields[item.name] = values.braced(item.value)
    return Entry(record.entry_type.lower(), fields)


def _text(entry: Entry, name: str) -> str:
    raw = entry.fields.get(name)
    if raw is None:
        return ""
    text = values.literal_text(raw)
    return (text if text is not None else raw).strip()


def _set(entry: Entry, name: str, text: str) -> None:
    entry.fields[name] = values.braced(text)


def _rename(entry: Entry, old: str, new: str) -> None:
    """Move field ``old`` to ``new`` unless ``new`` is already there (then ``old`` is dropped)."""
    raw = entry.fields.pop(old, None)
    if raw is not None and new not in entry.fields:
        entry.fields[new] = raw


def _add_note(entry: Entry, text: str) -> None:
    """Append ``text`` to the note unless the note or howpublished already says it."""
    note = _text(entry, "note")
    said = f"{note} {_text(entry, 'howpublished')}".lower()
    if text.lower() in said:
        return
    _set(entry, "note", f"{note}. {text}" if note else text)


def _record_of(record: Record, entry: Entry, keep: frozenset[str]) -> Record:
    items = tuple(Field(name, raw) for name, raw in entry.fields.items() if name in keep)
    return Record(record.key, entry.entry_type, items)


def _common(entry: Entry) -> None:
    """Transforms every dialect shares: protected capitals and en-dash page ranges."""
    title = _text(entry, "title")
    if title:
        _set(entry, "title", protect_capitals(title))
    pages = _text(entry, "pages")
    if pages:
        _set(entry, "pages", en_dash_pages(pages))


def _is_preprint(entry: Entry, kind: str) -> bool:
    if kind != "preprint":
        return False
    journal = _text(entry, "journal") or _text(entry, "journaltitle")
    return entry.entry_type in ("misc", "online", "unpublished", "article") and not journal


def _arxiv_id(record: Record) -> str | None:
    arxiv = record.arxiv
    return str(arxiv) if arxiv is not None else None


def bibtex_entry(record: Record, kind: str) -> Record:
    """Return ``record`` as a classic BibTeX entry (``kind`` from :func:`kinds.kind_of`).

    >>> r = Record("k", "online", (Field.of("title", "T"), Field.of("eprint", "2101.00001"),
    ...     Field.of("eprintclass", "cs.CV"), Field.of("date", "2021-01"), Field.of("kind", "x")))
    >>> from belharbi_bib.bibtex.writer import render_record
    >>> print(render_record(bibtex_entry(r, "preprint")))
    @misc{k,
      title = {T},
      howpublished = {arXiv preprint arXiv:2101.00001},
      month = jan,
      year = {2021},
      eprint = {2101.00001},
      archiveprefix = {arXiv},
      primaryclass = {cs.CV},
    }
    """
    entry = _entry_of(record)
    _common(entry)
    for old, new in (
        ("journaltitle", "journal"),
        ("location", "address"),
        ("eprinttype", "archiveprefix"),
        ("eprintclass", "primaryclass"),
    ):
        _rename(entry, old, new)
    _bibtex_date(entry)
    arxiv = _arxiv_id(record)
    if arxiv is not None and "archiveprefix" in entry.fields:
        _set(entry, "archiveprefix", "arXiv")
    elif arxiv is not None:
        entry.fields["archiveprefix"] = "{arXiv}"
    if _is_preprint(entry, kind):
        entry = Entry("misc", entry.fields)
        if not _text(entry, "howpublished") and arxiv is not None:
            _set(entry, "howpublished", f"arXiv preprint arXiv:{arxiv}")
    elif entry.entry_type == "patent":
        _bibtex_patent(entry)
    elif entry.entry_type == "thesis":
        kind_text = _text(entry, "type").lower()
        master = "master" in kind_text or kind_text == "mathesis"
        entry = Entry("mastersthesis" if master else "phdthesis", entry.fields)
        if kind_text in ("phdthesis", "mathesis", "phd", "masters"):
            entry.fields.pop("type")
    else:
        entry_type = _BIBTEX_TYPE_OF.get(entry.entry_type, entry.entry_type)
        entry = Entry(entry_type if entry_type in BIBTEX_TYPES else "misc", entry.fields)
    if entry.entry_type in ("phdthesis", "mastersthesis"):
        _rename(entry, "institution", "school")
    if kind in KIND_NOTES:
        _add_note(entry, KIND_NOTES[kind])
    pubstate = _text(entry, "pubstate").lower()
    if pubstate:
        _add_note(entry, PUBSTATE_NOTES.get(pubstate, pubstate.capitalize()))
    return _record_of(record, entry, BIBTEX_FIELDS)


def _bibtex_date(entry: Entry) -> None:
    """Give ``year`` (and ``month``) from a BibLaTeX ``date`` when the entry lacks them."""
    date = _text(entry, "date")
    entry.fields.pop("date", None)
    if not date or "year" in entry.fields:
        return
    parts = date.split("/")[0].split("-")
    if parts[0].isdigit():
        _set(entry, "year", parts[0])
    if len(parts) > 1 and "month" not in entry.fields:
        number = month_number(parts[1])
        if number is not None:
            entry.fields["month"] = _MONTH_MACROS[number - 1]


def _bibtex_patent(entry: Entry) -> None:
    """Turn a patent into ``@misc``: ``howpublished = {TYPE NUMBER}``."""
    entry.fields.pop("holder", None)
    label = _text(entry, "type") or "Patent"
    number = _text(entry, "number")
    entry.fields.pop("type", None)
    entry.fields.pop("number", None)
    if not _text(entry, "howpublished"):
        _set(entry, "howpublished", f"{label} {number}".strip())
    entry.entry_type = "misc"


def biblatex_entry(record: Record, kind: str) -> Record:
    """Return ``record`` as a BibLaTeX entry for biber (``kind`` from :func:`kinds.kind_of`).

    >>> r = Record("k", "phdthesis", (Field.of("title", "T"), Field.of("school", "U"),
    ...     Field.of("year", "2018"), Field("month", "jun"), Field.of("archiveprefix", "arXiv"),
    ...     Field.of("eprint", "1807.05292"), Field.of("ids", "old")))
    >>> from belharbi_bib.bibtex.writer import render_record
    >>> print(render_record(biblatex_entry(r, "thesis")))
    @thesis{k,
      title = {T},
      institution = {U},
      type = {phdthesis},
      date = {2018-06},
      eprint = {1807.05292},
      eprinttype = {arxiv},
      ids = {old},
    }
    """
    entry = _entry_of(record)
    _common(entry)
    for old, new in (
        ("journal", "journaltitle"),
        ("address", "location"),
        ("archiveprefix", "eprinttype"),
        ("primaryclass", "eprintclass"),
    ):
        _rename(entry, old, new)
    _biblatex_date(entry)
    arxiv = _arxiv_id(record)
    if arxiv is not None:
        _set(entry, "eprinttype", "arxiv")
    elif _text(entry, "eprinttype"):
        _set(entry, "eprinttype", _text(entry, "eprinttype").lower())
    entry_type = _BIBLATEX_TYPE_OF.get(entry.entry_type, entry.entry_type)
    if entry.entry_type in ("phdthesis", "mastersthesis"):
        _rename(entry, "school", "institution")
        if not _text(entry, "type"):
            _set(entry, "type", "phdthesis" if entry.entry_type == "phdthesis" else "mathesis")
    elif entry.entry_type == "thesis":
        _rename(entry, "school", "institution")
    if _is_preprint(entry, kind):
        entry_type = "online"
        if arxiv is not None and _text(entry, "howpublished").lower().startswith("arxiv"):
            entry.fields.pop("howpublished")
    entry = Entry(entry_type, entry.fields)
    if kind in KIND_NOTES:
        _add_note(entry, KIND_NOTES[kind])
    pubstate = _text(entry, "pubstate")
    if pubstate and pubstate.lower() not in BIBLATEX_PUBSTATES:
        entry.fields.pop("pubstate")
        _add_note(entry, PUBSTATE_NOTES.get(pubstate.lower(), pubstate.capitalize()))
    return _record_of(record, entry, BIBLATEX_FIELDS)


def _biblatex_date(entry: Entry) -> None:
    """Replace ``year``/``month`` by an ISO ``date`` when they are plain numbers and months."""
    if "date" in entry.fields:
        entry.fields.pop("year", None)
        entry.fields.pop("month", None)
        return
    year = _text(entry, "year")
    if not (len(year) == 4 and year.isdigit()):
        return
    month_raw = entry.fields.get("month")
    month = None
    if month_raw is not None:
        month = month_number(values.literal_text(month_raw) or month_raw)
        if month is None:
            return
    entry.fields.pop("year")
    entry.fields.pop("month", None)
    _set(entry, "date", f"{year}-{month:02d}" if month else year)


_URL_SAFE = "/:?#[]@!$&'()*+,;=%-._~"


def ascii_entry(record: Record) -> Record:
    r"""Return ``record`` with non-ASCII text as LaTeX escapes and URLs percent-encoded.

    >>> r = Record("k", "misc", (Field.of("author", "Hérault, Romain"), Field("month", "jun"),
    ...     Field.of("url", "https://x.org/é")))
    >>> [f.raw for f in ascii_entry(r).fields]
    ["{H{\\'e}rault, Romain}", 'jun', '{https://x.org/%C3%A9}']
    """
    fields: list[Field] = []
    for item in record.fields:
        if item.raw.isascii():
            fields.append(item)
        elif item.name in ("url", "doi"):
            fields.append(Field(item.name, values.braced(quote(item.value, safe=_URL_SAFE))))
        else:
            fields.append(Field(item.name, values.braced(to_latex(item.value))))
    return Record(record.key, record.entry_type, tuple(fields))
