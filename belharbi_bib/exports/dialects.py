"""Canonical records -> the entries a LaTeX toolchain expects: the BibTeX and BibLaTeX dialects.

Each dialect is a pure function ``Record -> Record``: it picks the entry type, renames fields to
the dialect's vocabulary, folds site-only facts (kind of talk, publication state) into fields a
style prints, and keeps only the fields the dialect's styles understand. Values come out as
braced literals with ``@string`` macros expanded, except month macros (``jun``), which every
BibTeX style predefines.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import quote

from belharbi_bib import patterns, values
from belharbi_bib.dates import month_number
from belharbi_bib.latex import to_latex
from belharbi_bib.model import Field, Record
from belharbi_bib.normalize.terms import DEFAULT_TERMS
from belharbi_bib.normalize.titles import TITLE_FIELDS, protect_title
from belharbi_bib.problems import Problem, Severity
from belharbi_bib.structs import dataclass
from belharbi_bib.verbatim import is_verbatim

DIALECTS: tuple[str, ...] = ("bibtex", "biblatex")
"""The ``.bib`` dialects (CSL-JSON is not a ``.bib`` dialect and has its own module)."""

BIBTEX_TYPES: frozenset[str] = frozenset(
    {
        "article", "book", "booklet", "inbook", "incollection", "inproceedings", "manual",
        "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished",
    }
)  # fmt: skip
"""The entry types of classic BibTeX styles (plain, plainnat, IEEEtran, ...)."""

BIBLATEX_TYPES: frozenset[str] = frozenset(
    {
        "article", "book", "booklet", "collection", "dataset", "inbook", "incollection",
        "inproceedings", "manual", "misc", "online", "patent", "periodical", "proceedings",
        "report", "set", "thesis", "unpublished", "xdata", "mvbook", "bookinbook", "suppbook",
        "mvcollection", "suppcollection", "mvproceedings", "reference", "mvreference",
        "inreference", "suppperiodical", "review", "software",
        # in biblatex's data model, typeset by the fallback driver of the standard styles
        # (other styles have drivers of their own for them): kept
        "artwork", "audio", "bibnote", "commentary", "image", "jurisdiction", "legal",
        "legislation", "letter", "movie", "music", "performance", "standard", "video",
        "customa", "customb", "customc", "customd", "custome", "customf",
        # BibTeX's names, which biber's driver source map renames
        "conference", "electronic", "www", "mastersthesis", "phdthesis", "techreport",
    }
)  # fmt: skip
"""The entry types of biblatex's data model; others are written ``@misc`` (no driver)."""

BIBTEX_FIELDS: frozenset[str] = frozenset(
    {
        "address", "author", "booktitle", "chapter", "edition", "editor", "howpublished",
        "institution", "journal", "month", "note", "number", "organization", "pages",
        "publisher", "school", "series", "title", "type", "volume", "year", "doi", "url",
        "eprint", "archiveprefix", "primaryclass", "isbn", "issn", "abstract",
        # read by standard styles too: cross-references, sort keys, IEEEtran's and others'
        "crossref", "key", "sortkey", "eid", "annote", "language", "lastchecked", "urldate",
        "day", "intype", "assignee", "nationality", "revision", "dayfiled", "monthfiled",
        "yearfiled", "mrnumber", "translator", "collaboration", "numpages", "articleno",
        "subtitle",
    }
)  # fmt: skip
"""Fields kept in the BibTeX dialect: the classic ones, identifiers styles commonly print, and
what standard styles read besides (``crossref``, ``key``, ``sortkey``, IEEEtran's fields).
"""

BIBLATEX_FIELDS: frozenset[str] = frozenset(
    {
        "author", "editor", "title", "subtitle", "titleaddon", "booktitle", "booksubtitle",
        "maintitle", "journaltitle", "journalsubtitle", "issuetitle", "eventtitle", "series",
        "edition", "volume", "number", "issue", "eid", "pages", "chapter", "publisher",
        "organization", "institution", "location", "howpublished", "type", "date", "year",
        "month", "note", "addendum", "pubstate", "eprint", "eprinttype", "eprintclass", "doi",
        "isbn", "issn", "url", "urldate", "holder", "language", "version", "ids", "abstract",
        # cross-references, sorting and labels, and the rest of biblatex's data model
        "crossref", "xref", "xdata", "entryset", "related", "relatedtype", "relatedstring",
        "sortkey", "sortname", "sorttitle", "sortyear", "presort", "label", "shorthand",
        "shortauthor", "shorteditor", "shorttitle", "shortjournal", "shortseries",
        "indextitle", "indexsorttitle", "keywords", "langid", "langidopts", "options",
        "execute", "gender", "nameaddon", "origdate", "origlocation", "origpublisher",
        "origtitle", "origlanguage", "pagetotal", "pagination", "part", "bookpagination",
        "translator", "annotator", "commentator", "introduction", "foreword", "afterword",
        "bookauthor", "editora", "editorb", "editorc", "editortype", "editoratype",
        "editorbtype", "editorctype", "mainsubtitle", "maintitleaddon", "booktitleaddon",
        "eventdate", "venue", "issuesubtitle", "file", "library", "annotation", "userd",
        "usera", "userb", "userc", "usere", "userf", "verba", "verbb", "verbc", "isan",
        "ismn", "isrc", "iswc", "entrysubtype",
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
_RANGE = patterns.compile(r"^\s*(\w+)\s*(?:-{1,3}|–|—)\s*(\w+)\s*$")


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
        elif (
            item.text is None
            and values.literal_text(item.raw) is None
            and values.parse(item.raw) is not None
            and not item.raw.strip().isdigit()
        ):
            fields[item.name] = item.raw  # an expression kept for an undefined macro
        else:
            fields[item.name] = values.braced(item.value)
    return Entry(record.entry_type.lower(), fields)


def _text(entry: Entry, name: str) -> str:
    raw = entry.fields.get(name)
    if raw is None:
        return ""
    text = values.literal_text(raw)
    return (text if text is not None else raw).strip()


def _literal(entry: Entry, name: str) -> str | None:
    """The text of a field holding one literal; None for a missing field or an expression."""
    raw = entry.fields.get(name)
    return values.literal_text(raw) if raw is not None else None


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
    """Transforms every dialect shares: protected capitals, en-dash ranges, NFC text."""
    for name in TITLE_FIELDS:
        title = _literal(entry, name)
        if title:
            _set(entry, name, protect_title(title, DEFAULT_TERMS))
    pages = _literal(entry, "pages")
    if pages:
        _set(entry, "pages", en_dash_pages(pages.strip()))
    for name, raw in entry.fields.items():
        if not raw.isascii() and not unicodedata.is_normalized("NFC", raw):
            raw = entry.fields[name] = unicodedata.normalize("NFC", raw)
        if is_verbatim(name) or name in CODE_FIELDS:
            continue
        if any(c in raw for c in "&%#_"):
            raw = entry.fields[name] = escape_specials(raw)
        if not raw.isascii() and any(c in raw for c in TYPESETTABLE):
            entry.fields[name] = typesettable(raw)


TYPESETTABLE: dict[str, str] = {
    "\u02bc": "\u2019",  # modifier letter apostrophe (actorʼs): right single quote
    "\u02bb": "\u2018",  # modifier letter turned comma (ʻokina): left single quote
    "\u2009": "\\,",  # thin space
    "\u202f": "\\,",  # narrow no-break space (French typography)
    "\u2212": "{\\textminus}",  # minus sign
}
"""Characters pdflatex's ``inputenc`` (utf8, T1) has no definition for, each an error
("Unicode character ʼ (U+02BC) not set up for use with LaTeX"), and what prints the same."""


def typesettable(text: str) -> str:
    r"""Return ``text`` with the characters of :data:`TYPESETTABLE` replaced.

    >>> print(typesettable("The actorʼs view, 5\u202fkm, \u22121"))
    The actor’s view, 5\,km, {\textminus}1
    """
    return "".join(TYPESETTABLE.get(char, char) for char in text)


CODE_FIELDS: frozenset[str] = frozenset(
    {
        "key", "sortkey", "presort", "xdata", "keywords", "options", "execute", "langidopts",
        "library", "relatedtype", "relatedoptions", "editortype", "pubstate", "gender",
    }
)  # fmt: skip
"""Fields holding keys, options or code that styles do not typeset: never escaped."""

_SPECIAL = patterns.compile(r"(?<!\\)[&%#]")
_UNDERSCORE = patterns.compile(r"(?<!\\)_")
_DOLLAR = patterns.compile(r"(?<!\\)(\$\$?)")
_LITERAL_COMMANDS = ("\\url", "\\href", "\\verb", "\\path")


def escape_specials(raw: str) -> str:
    r"""Return a braced value with bare ``&``, ``%``, ``#`` and ``_`` escaped for LaTeX.

    Styles put text fields into the ``.bbl`` as LaTeX, where a bare ``&`` is an alignment tab,
    ``%`` starts a comment, ``#`` a macro parameter and ``_`` a subscript outside math: each
    an error (``ID: 01UA_ALMA21`` in a Mendeley note). ``_`` inside ``$...$`` is a subscript
    and stays. Expressions (``a # b``), and values holding ``\url``, ``\href``, ``\verb`` or
    ``\path`` are left alone.

    >>> escape_specials("{R&D at 100% for #1}"), escape_specials(r"{R\&D}")
    ('{R\\&D at 100\\% for \\#1}', '{R\\&D}')
    >>> print(escape_specials(r"{ID: TN_sage, $x_1$ and a\_b}"))
    {ID: TN\_sage, $x_1$ and a\_b}
    """
    if values.literal_text(raw) is None or any(c in raw for c in _LITERAL_COMMANDS):
        return raw
    raw = _SPECIAL.sub(lambda m: "\\" + m.group(), raw)
    if "_" not in raw:
        return raw
    pieces = _DOLLAR.split(raw)  # text, delimiter, math, delimiter, text ...
    if len(pieces) % 4 != 1:  # unbalanced math: no telling text from math
        return raw
    return "".join(
        _UNDERSCORE.sub(r"\\_", piece) if index % 4 == 0 else piece
        for index, piece in enumerate(pieces)
    )


_COMBINING: dict[str, str] = {
    "`": "\u0300", "'": "\u0301", "^": "\u0302", "~": "\u0303", "=": "\u0304", "u": "\u0306",
    ".": "\u0307", '"': "\u0308", "r": "\u030a", "H": "\u030b", "v": "\u030c", "d": "\u0323",
    "c": "\u0327", "k": "\u0328", "b": "\u0331",
}  # fmt: skip
_ACCENT = patterns.compile(
    r"(\{?)\\(?:([`'^~=.\"])\s*|([uvrHdckb])(?=[\s{]))\s*"
    r"(?:\{\s*(\\[ij](?![A-Za-z])|[A-Za-z])\s*\}|(\\[ij])(?![A-Za-z])\s*|([A-Za-z]))(\}?)"
)


def compose_accents(text: str) -> str:
    r"""Return ``text`` with accent commands on letters turned into precomposed characters.

    biber decodes ``\'{\i}`` into a dotless i and a combining accent (U+0301), which pdflatex
    with inputenc cannot typeset; ``í`` it can. Only accents with a precomposed character are
    converted; braces that held just the accent stay (they may protect case).

    >>> compose_accents(r"Mart{\'{\i}}n and G\"odel, \c{c}a, \v Z and {\'E}cole {CNN}")
    'Mart{í}n and Gödel, ça, Ž and {É}cole {CNN}'
    >>> compose_accents(r"\'{x} \vs")
    "\\'{x} \\vs"
    """
    if "\\" not in text:
        return text
    return _ACCENT.sub(_composed, text)


def _composed(match: re.Match[str]) -> str:
    accent = match.group(2) or match.group(3)
    letter = match.group(4) or match.group(5) or match.group(6)
    base = {"\\i": "i", "\\j": "j"}.get(letter, letter)
    char = unicodedata.normalize("NFC", base + _COMBINING[accent])
    if len(char) != 1:
        return match.group()
    return match.group(1) + char + match.group(7)


def _compose_fields(entry: Entry) -> None:
    """Write accents as precomposed Unicode in every text field (for biber)."""
    for name, raw in entry.fields.items():
        if "\\" in raw and not is_verbatim(name):
            entry.fields[name] = compose_accents(raw)


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
    parts = _ascii_digits(date).split("/")[0].split("-")
    if parts[0].isascii() and parts[0].isdigit():
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
    _compose_fields(entry)
    for old, new in (
        ("journal", "journaltitle"),
        ("address", "location"),
        ("archiveprefix", "eprinttype"),
        ("primaryclass", "eprintclass"),
    ):
        _rename(entry, old, new)
    _biblatex_date(entry)
    if _bad_month(entry.fields):
        text = _text(entry, "month")
        entry.fields.pop("month")
        addendum = _text(entry, "addendum")
        _set(entry, "addendum", f"{addendum}. month {text}" if addendum else f"month {text}")
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
    if entry_type not in BIBLATEX_TYPES:
        # no driver (a warning, or nothing typeset): @misc, the written type kept
        if "entrysubtype" not in entry.fields:
            _set(entry, "entrysubtype", entry_type)
        entry_type = "misc"
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


def written_type(entry_type: str, dialect: str) -> str | None:
    """Return the type an entry of ``entry_type`` is written as when its styles lack it.

    ``None`` when the dialect's styles know the type (or the export maps it to one they know
    on purpose, as BibLaTeX's ``@online`` to BibTeX's ``@misc``).

    >>> written_type("chat", "biblatex"), written_type("chat", "bibtex")
    ('misc', 'misc')
    >>> written_type("online", "bibtex"), written_type("letter", "biblatex")
    (None, None)
    """
    name = entry_type.lower()
    if dialect == "biblatex":
        return None if name in BIBLATEX_TYPES else "misc"
    if name in BIBTEX_TYPES or name in _BIBTEX_TYPE_OF or name == "xdata":
        return None
    return "misc"


def unknown_types(records: Iterable[Record], dialect: str) -> list[Problem]:
    """Return an ``export.unknown-type`` problem for each record whose type is rewritten.

    >>> [p.code for p in unknown_types([Record("k", "thing", ())], "biblatex")]
    ['export.unknown-type']
    """
    problems: list[Problem] = []
    for record in records:
        target = written_type(record.entry_type, dialect)
        if target is None:
            continue
        where = "kept in entrysubtype" if dialect == "biblatex" else "the type name is lost"
        styles = "biblatex's data model" if dialect == "biblatex" else "BibTeX's standard styles"
        problems.append(
            Problem(
                "export.unknown-type",
                f"entry type @{record.entry_type.lower()} is not in {styles}; written as"
                f" @{target} ({where})",
                Severity.INFO,
                record.path,
                record.line,
                record.key or None,
            )
        )
    return problems


def _ascii_digits(text: str) -> str:
    """``text`` with the decimal digits of any script as ASCII digits (``१९८७`` -> ``1987``).

    biber reads such dates but hands their digits on unchanged: pdflatex cannot typeset them,
    and biblatex's date macros loop forever on them.
    """
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def _biblatex_date(entry: Entry) -> None:
    """Replace ``year``/``month`` by an ISO ``date`` when :func:`iso_date` can read them.

    Dates written in other scripts' digits are written in ASCII digits.
    """
    for name in ("date", "origdate", "eventdate", "urldate"):
        text = _text(entry, name)
        if not text.isascii() and _ascii_digits(text) != text:
            _set(entry, name, _ascii_digits(text))
    for name, _, fixed in date_repairs(entry.fields):
        text = _text(entry, name)
        entry.fields.pop(name)
        if fixed is not None:
            _set(entry, name, fixed)
        elif name == "date" and "year" not in entry.fields:
            _set(entry, "year", text)  # a literal field: printed as written, no warning
        else:
            addendum = _text(entry, "addendum")
            _set(entry, "addendum", f"{addendum}. {name} {text}" if addendum else f"{name} {text}")
    if "date" in entry.fields:
        entry.fields.pop("year", None)
        entry.fields.pop("month", None)
        return
    year = _text(entry, "year")
    if not (len(year) == 4 and year.isdigit()):
        return
    month_raw = entry.fields.get("month")
    month = "" if month_raw is None else values.literal_text(month_raw) or month_raw
    date = iso_date(year, month)
    if date is None:
        return
    entry.fields.pop("year")
    entry.fields.pop("month", None)
    _set(entry, "date", date)


BIBER_DATE_FIELDS: tuple[str, ...] = ("date", "origdate", "eventdate", "urldate")
"""The ISO 8601-2 date fields biber parses (and ignores, with a warning, when it cannot)."""

_DATE_PART = patterns.compile(
    r"^(?:\.\.)?$|^[~?%]?(?:Y-?\d{5,}|-?[\dX]{4})(?:-[\dX]{2}(?:-[\dX]{2})?)?"
    r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?[~?%]?$"
)
_SHORT_PARTS = patterns.compile(r"^(-?\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_NUMBERS = patterns.compile(r"^[~?%]?(-?\d{4})-(\d{2})(?:-(\d{2}))?")


def biber_date(text: str) -> str | None:
    """Return ``text`` as a date biber reads, or ``None`` when it is none.

    A one-digit month or day is written with two (biber rejects ``1995-1-04``); a month or day
    out of range, or a text that is no ISO 8601-2 date, is ``None``.

    >>> biber_date("1995-1-04"), biber_date("1996-13-03"), biber_date("1.5.1998")
    ('1995-01-04', None, None)
    >>> biber_date("2003-21"), biber_date("1996-01-01/.."), biber_date("Y1700")
    ('2003-21', '1996-01-01/..', None)
    """
    parts = text.strip().split("/")
    if len(parts) > 2:
        return None
    out: list[str] = []
    for part in parts:
        piece = part.strip()
        short = _SHORT_PARTS.match(piece)
        if short is not None:
            year, month, day = short.groups()
            piece = f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")
        if not _DATE_PART.match(piece) or not _in_range(piece):
            return None
        out.append(piece)
    return "/".join(out)


def _in_range(piece: str) -> bool:
    numbers = _NUMBERS.match(piece)
    if numbers is None:
        return True
    year, month, day = int(numbers.group(1)), int(numbers.group(2)), numbers.group(3)
    if day is None:
        return 1 <= month <= 12 or 21 <= month <= 41  # months, then ISO 8601-2 seasons
    if not 1 <= year <= 9999:
        return 1 <= month <= 12 and 1 <= int(day) <= 31
    try:
        datetime.date(year, month, int(day))
    except ValueError:
        return False
    return True


def date_repairs(fields: dict[str, str]) -> list[tuple[str, str, str | None]]:
    """Return (field, text, written) for each date field biber would reject as written.

    ``written`` is the date biber reads (a one-digit month or day made two), or ``None`` when
    the text is no date: the BibLaTeX dialect then writes a ``date`` as ``year`` (a literal
    field biblatex prints as it is) and other date fields, and a ``month`` that is no month,
    in ``addendum`` (``origdate 1985-1030``), so nothing is lost and biber does not skip it.
    """
    found: list[tuple[str, str, str | None]] = []
    for name in BIBER_DATE_FIELDS:
        raw = fields.get(name)
        text = None if raw is None else values.literal_text(raw)
        if text is None or not text.strip():
            continue
        written = biber_date(_ascii_digits(text))
        if written != text:
            found.append((name, text, written))
    return found


def _bad_month(fields: dict[str, str]) -> bool:
    """True when ``month`` is a number that is no month (biblatex: "Month out of range").

    Months are macros by now; a text (``Special issue``) is kept as it is.
    """
    raw = fields.get("month")
    text = None if raw is None else values.literal_text(raw)
    return text is not None and text.strip().isdigit()


def date_problems(records: Iterable[Record]) -> list[Problem]:
    """Return an ``export.invalid-date`` problem for each date the BibLaTeX dialect rewrites.

    >>> [p.message for p in date_problems([Record("k", "book", (Field.of("date", "1995-1-4"),))])]
    ["date '1995-1-4' written as '1995-01-04' (biber reads no one-digit month or day)"]
    """
    problems: list[Problem] = []
    for record in records:
        entry = _entry_of(record)
        messages = []
        for name, text, written in date_repairs(entry.fields):
            if written is not None:
                messages.append(
                    (
                        Severity.INFO,
                        f"{name} {text!r} written as {written!r}"
                        " (biber reads no one-digit month or day)",
                    )
                )
            else:
                where = "year" if name == "date" and "year" not in entry.fields else "addendum"
                messages.append(
                    (
                        Severity.WARNING,
                        f"{name} {text!r} is no date biber reads (it would ignore it);"
                        f" written in {where}",
                    )
                )
        if _bad_month(entry.fields) and "date" not in entry.fields:
            text = _text(entry, "month")
            messages.append((Severity.WARNING, f"month {text!r} is no month; written in addendum"))
        problems.extend(
            Problem(
                "export.invalid-date",
                message,
                severity,
                record.path,
                record.line,
                record.key or None,
            )
            for severity, message in messages
        )
    return problems


SEASONS: dict[str, int] = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
"""Seasons as ISO 8601-2 / EDTF month numbers, which biber reads and biblatex prints."""

_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_DAYS = patterns.compile(rf"^(?:([^\W\d_]+\.?)\s*{_DAY}|{_DAY}\s*([^\W\d_]+\.?))$")
_SPAN = patterns.compile(r"^(.*?)\s*(?:-{1,3}|–|—|/)\s*(.*)$")


def iso_date(year: str, month: str) -> str | None:
    """Return the ISO date (or range) of a year and a BibTeX month text, or None.

    biblatex wants ``month`` to be a number; ``Summer``, ``January 21``, ``September/October``
    or ``July 18--22`` would print as given with a "Month out of range" warning. biber reads
    them as dates: seasons as ISO 8601-2 months 21-24, days and ranges as ISO ranges.

    >>> [iso_date("1990", m) for m in ("", "jun", "Summer", "January~21", "3 March")]
    ['1990', '1990-06', '1990-22', '1990-01-21', '1990-03-03']
    >>> [iso_date("1990", m) for m in ("September/October", "July ~18--22", "Sep 22 - Oct 2")]
    ['1990-09/1990-10', '1990-07-18/1990-07-22', '1990-09-22/1990-10-02']
    >>> iso_date("1990", "Special issue") is None, iso_date("1990", "June 31") is None
    (True, True)
    """
    text = " ".join(month.replace("~", " ").split())
    if not text:
        return year
    found = _one_date(year, text)
    if found is not None:
        return found
    span = _SPAN.match(text)
    if span is None:
        return None
    start = _one_date(year, span.group(1))
    if start is None or len(start) == len(year):
        return None
    end_text = span.group(2)
    end = _one_date(year, end_text)
    if end is None and end_text.isdigit() and len(start) == 10:  # July 18--22
        end = _one_date(year, f"{start[5:7]} {end_text}")
    if end is None or len(end) != len(start) or end < start:
        return None
    return f"{start}/{end}"


def _one_date(year: str, text: str) -> str | None:
    """``YYYY-MM``, ``YYYY-MM-DD`` or a season ``YYYY-2x`` for one month (and day) text."""
    number = month_number(text)
    if number is not None:
        return f"{year}-{number:02d}"
    season = SEASONS.get(text.casefold())
    if season is not None:
        return f"{year}-{season}"
    match = _DAYS.match(text) or re.match(rf"^(\d{{1,2}})\s+{_DAY}$", text)
    if match is None:
        return None
    month_text, day = match.group(1), match.group(2)
    if match.re is _DAYS and month_text is None:
        day, month_text = match.group(3), match.group(4)
    number = month_number(month_text)
    if number is None:
        return None
    try:
        date = datetime.date(int(year), number, int(day))
    except ValueError:
        return None
    return date.isoformat()


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
