"""The typed, immutable model: fields, records (works), people, venues, blocks and libraries.

A :class:`Record` keeps its fields exactly as read (raw BibTeX values, in order), so that
writing it back loses nothing; typed views (title, people, year, identifiers, links) are
derived from those fields on demand.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping

from belharbi_bib import values
from belharbi_bib.errors import UnknownKeyError
from belharbi_bib.latex import to_unicode
from belharbi_bib.problems import Problem
from belharbi_bib.structs import dataclass, field, replace

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from belharbi_bib.identifiers import ArxivId
    from belharbi_bib.links import LINK_FIELDS, Link
    from belharbi_bib.names import Person

__all__ = [
    "LINK_FIELDS",
    "Block",
    "Comment",
    "Field",
    "Library",
    "Link",
    "Person",
    "Preamble",
    "Record",
    "StringDef",
    "Unparsed",
    "Venue",
    "VenueKind",
    "year_of",
]

# ``names``, ``identifiers`` and ``links`` (with the dataclasses and patterns they define) are
# imported when a record is first asked for its people, identifiers or links, not by every
# reader: reading a file needs none of them. The names the model re-exports from them are
# loaded on first access (PEP 562).


def __getattr__(name: str) -> object:
    """Return ``LINK_FIELDS``, ``Link`` or ``Person``, importing their module on first use."""
    if name == "Person":
        from belharbi_bib.names import Person  # noqa: PLC0415 - see above

        return Person
    if name in ("LINK_FIELDS", "Link"):
        from belharbi_bib import links  # noqa: PLC0415 - see above

        return getattr(links, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class VenueKind(enum.Enum):
    """What kind of venue a work appeared at."""

    CONFERENCE = "conference"
    WORKSHOP = "workshop"
    JOURNAL = "journal"
    PREPRINT = "preprint"
    THESIS = "thesis"
    PATENT = "patent"
    EVENT = "event"


@dataclass(frozen=True, slots=True)
class Venue:
    """A venue from the registry (``bib/venues.toml``).

    Attributes:
        id: Stable identifier, e.g. ``"wacv"``.
        short: The acronym as written in a CV, e.g. ``"WACV"`` or ``"CVPRw"``.
        name: The full official name.
        kind: Conference, workshop, journal, ...
        publisher: Publisher or organizer, when known.
        aliases: Other spellings that denote this venue.
        editions: Per-year details (``{2022: {"location": "..."}}``).
    """

    id: str
    short: str
    name: str
    kind: VenueKind
    publisher: str = ""
    aliases: tuple[str, ...] = ()
    editions: Mapping[int, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, init=False)
class Field:
    """One ``name = value`` pair of an entry.

    Attributes:
        name: The field name, in lower case.
        raw: The value as BibTeX writes it (``{...}``, ``"..."``, digits, macros joined by ``#``).
        line: The 1-based line where the field stands in its file, when read from one.
        text: The expanded text when ``raw`` involves macros; None when ``raw`` is a literal.
    """

    name: str
    raw: str
    line: int | None = None
    text: str | None = None

    def __init__(
        self, name: str, raw: str, line: int | None = None, text: str | None = None
    ) -> None:
        # A reader builds one field per value read: the slots are set through their
        # descriptors, about twice as fast as the generated ``object.__setattr__`` calls.
        # The compiled reader builds fields without this method (``make_field`` in
        # bibtex/_scan.c sets these four slots): a new slot or check must be added there too
        # (tests/test_scanner_compiled.py compares both readers' fields).
        _set_name(self, name)
        _set_raw(self, raw)
        _set_line(self, line)
        _set_text(self, text)

    @property
    def value(self) -> str:
        """The text this field stands for, with ``@string`` macros expanded."""
        if self.text is not None:
            return self.text
        literal = values.literal_text(self.raw)
        return literal if literal is not None else self.raw

    @classmethod
    def of(cls, name: str, text: str) -> Field:
        """Build a field holding a braced literal.

        >>> Field.of("Title", "Deep {CAM}").raw
        '{Deep {CAM}}'
        """
        return cls(name.lower(), values.braced(text))


@dataclass(frozen=True, slots=True, init=False)
class Record:
    """One bibliographic work: a BibTeX entry with typed views of what we reason about.

    Attributes:
        key: The citation key, as written.
        entry_type: The entry type in lower case (``article``, ``inproceedings`` ...).
        fields: Every field, in the order read, with its raw value.
        line: The 1-based line of the ``@`` that opens the entry, when read from a file.
        path: The file the entry was read from, when it was.
    """

    key: str
    entry_type: str
    fields: tuple[Field, ...] = ()
    line: int | None = None
    path: str | None = None

    def __init__(
        self,
        key: str,
        entry_type: str,
        fields: tuple[Field, ...] = (),
        line: int | None = None,
        path: str | None = None,
    ) -> None:
        _set_key(self, key)  # as in Field: through the slots' descriptors, for speed
        _set_entry_type(self, entry_type)
        _set_fields(self, fields)
        _set_record_line(self, line)
        _set_path(self, path)

    def get(self, name: str) -> Field | None:
        """Return the first field called ``name`` (case-insensitive), or None."""
        name = name.lower()
        for item in self.fields:
            if item.name == name:
                return item
        return None

    def field(self, name: str, default: str | None = None) -> str | None:
        """Return the text of field ``name`` with macros expanded, or ``default``.

        >>> Record("k", "misc", (Field("title", "{Deep {CAM}}"),)).field("TITLE")
        'Deep {CAM}'
        """
        item = self.get(name)
        return default if item is None else item.value

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    @property
    def title(self) -> str:
        """The title as BibTeX text (braces kept), or an empty string."""
        return self.field("title") or ""

    @property
    def title_text(self) -> str:
        r"""The title as plain Unicode text: LaTeX decoded, protecting braces dropped.

        :attr:`title` is BibTeX markup; this is what a reader sees (not escaped for any output).

        >>> Record("k", "misc", (Field("title", r"{{CAM}} for {\'E}cole"),)).title_text
        'CAM for École'
        """
        return to_unicode(self.title)

    @property
    def aliases(self) -> frozenset[str]:
        """The case-folded key and the other keys listed in ``ids`` (what the work answers to).

        >>> sorted(Record("Doe20", "misc", (Field.of("ids", "old1, Old2"),)).aliases)
        ['doe20', 'old1', 'old2']
        """
        names = {self.key.casefold()}
        ids = self.field("ids")
        if ids:
            names.update(part.strip().casefold() for part in ids.split(",") if part.strip())
        return frozenset(names)

    @property
    def authors(self) -> tuple[Person, ...]:
        """The authors, parsed into name parts."""
        return self.people("author")

    @property
    def editors(self) -> tuple[Person, ...]:
        """The editors, parsed into name parts."""
        return self.people("editor")

    def people(self, role: str) -> tuple[Person, ...]:
        """Return the people of a name-list field (``author``, ``editor`` ...)."""
        text = self.field(role)
        if not text:
            return ()
        from belharbi_bib.names import parse_names  # noqa: PLC0415 - see __getattr__

        return parse_names(text)

    @property
    def year(self) -> int | None:
        """The year as a number, from ``year`` or the start of ``date``; None when absent."""
        return year_of(self.field("year") or self.field("date") or "")

    @property
    def doi(self) -> str | None:
        """The DOI without resolver prefix, or None."""
        text = self.field("doi")
        if not text:
            return None
        from belharbi_bib.identifiers import clean_doi  # noqa: PLC0415 - see __getattr__

        return clean_doi(text)

    @property
    def arxiv(self) -> ArxivId | None:
        """The arXiv identifier, from ``eprint`` when the archive is arXiv, or None."""
        from belharbi_bib.identifiers import arxiv_of  # noqa: PLC0415 - see __getattr__

        return arxiv_of(self)

    @property
    def venue_id(self) -> str | None:
        """The venue registry id given in the ``venueid`` field, or None."""
        text = self.field("venueid")
        return text.strip() if text else None

    @property
    def venue_name(self) -> str | None:
        """The venue as written in the entry: journal, booktitle, or howpublished."""
        for name in ("journal", "journaltitle", "booktitle", "howpublished"):
            text = self.field(name)
            if text:
                return text
        return None

    @property
    def links(self) -> tuple[Link, ...]:
        """The links of the work, main link first, each URL once (see :mod:`belharbi_bib.links`).

        >>> r = Record("k", "misc", (Field.of("code", "https://x"), Field.of("url", "https://u")))
        >>> [link.label for link in r.links]
        ['Link', 'Code']
        """
        from belharbi_bib.links import links_of  # noqa: PLC0415 - see __getattr__

        return links_of(self)

    def with_field(self, name: str, text: str) -> Record:
        """Return a copy with field ``name`` set to the braced literal ``text``."""
        return self.with_raw(name, values.braced(text))

    def with_raw(self, name: str, raw: str) -> Record:
        """Return a copy with field ``name`` set to ``raw`` (replaced in place, or appended)."""
        name = name.lower()
        new = Field(name, raw)
        items = list(self.fields)
        for i, item in enumerate(items):
            if item.name == name:
                items[i] = replace(new, line=item.line)
                return replace(self, fields=tuple(items))
        return replace(self, fields=(*items, new))

    def without(self, *names: str) -> Record:
        """Return a copy without the named fields."""
        drop = {n.lower() for n in names}
        return replace(self, fields=tuple(f for f in self.fields if f.name not in drop))


_set_name, _set_raw, _set_line, _set_text = (
    Field.__dict__[name].__set__ for name in ("name", "raw", "line", "text")
)


def year_of(text: str) -> int | None:
    """Return the year a ``year`` or ``date`` text starts with, or None (:attr:`Record.year`).

    Braces do not count (``{2020}``, and ``{{}}1973`` once a preamble's ``\\noopsort`` is
    expanded: see :mod:`belharbi_bib.texmacros`).

    >>> year_of(" 2020-05"), year_of("n.d."), year_of(""), year_of("{{}}1973"), year_of("{2020}")
    (2020, None, None, 1973, 2020)
    """
    if "{" in text or "}" in text:
        text = text.replace("{", "").replace("}", "")
    digits = text.strip()[:4]
    return int(digits) if len(digits) == 4 and digits.isdigit() else None


_set_key, _set_entry_type, _set_fields, _set_record_line, _set_path = (
    Record.__dict__[name].__set__ for name in ("key", "entry_type", "fields", "line", "path")
)


@dataclass(frozen=True, slots=True)
class StringDef:
    """An ``@string{name = value}`` macro definition, kept as written."""

    name: str
    raw: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Preamble:
    """A ``@preamble{...}`` block; ``raw`` is the value expression inside the delimiters."""

    raw: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Comment:
    """Text between entries (``explicit=False``) or an ``@comment{...}`` block."""

    text: str
    explicit: bool = False
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Unparsed:
    """A block that could not be parsed (or a duplicate key), kept verbatim."""

    raw: str
    reason: str
    line: int | None = None


Block = Record | StringDef | Preamble | Comment | Unparsed


@dataclass(frozen=True, slots=True)
class Library:
    """An ordered collection of blocks: records, ``@string``s, preambles, comments.

    Keys are compared case-insensitively (citeproc and biber fold case). Every entry is a
    record, duplicates too: the reader flags each later duplicate with a ``bib.duplicate-key``
    problem, iteration yields them all, the writer writes them all, and a lookup by key finds
    the first record holding it.

    Iterating a library yields its records in order.

    Attributes:
        blocks: Every block in file order.
        problems: What was wrong with the data it was read from.
        path: The file it was read from, when it was.
    """

    blocks: tuple[Block, ...] = ()
    problems: tuple[Problem, ...] = ()
    path: str | None = None
    _index: dict[str, Record] | None = field(default=None, init=False, repr=False, compare=False)
    _aliases: dict[str, Record] | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def of(cls, records: Iterable[Record], **kwargs: object) -> Library:
        """Build a library from records alone."""
        return cls(tuple(records), **kwargs)  # type: ignore[arg-type]

    @property
    def records(self) -> tuple[Record, ...]:
        """The records (entries), in order."""
        return tuple(b for b in self.blocks if isinstance(b, Record))

    @property
    def strings(self) -> dict[str, str]:
        """The ``@string`` macros as lower-case name -> expanded text (later ones win).

        A macro whose text would exceed 1 MiB is left out (see ``bib.macro-too-large``).
        """
        macros: dict[str, str] = dict(values.MONTH_MACROS)
        cap = 1 << 20  # a macro expanding beyond this is left out (bounded work)
        for block in self.blocks:
            if isinstance(block, StringDef):
                text = values.expand(block.raw, macros)[0]
                if len(text) <= cap:
                    macros[block.name.lower()] = text
                else:
                    macros.pop(block.name.lower(), None)
        return macros

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __getitem__(self, key: str) -> Record:
        """Return the record with citation key ``key`` (case-insensitive), or the alias ``key``.

        An alias is a former key listed in a record's ``ids`` field; a real key wins over an
        alias, and the first record listing an alias wins over later ones.

        >>> lib = Library.of([Record("new", "misc", (Field.of("ids", "old"),))])
        >>> lib["OLD"].key
        'new'

        Raises:
            UnknownKeyError: No record has this key or alias.
        """
        found = self.get(key)
        if found is None:
            raise UnknownKeyError(key)
        return found

    def get(self, key: str) -> Record | None:
        """Return the record with this key or alias (case-insensitive), or None."""
        folded = key.casefold()
        found = self._key_index().get(folded)
        if found is not None:
            return found
        return self._alias_index().get(folded)

    def _key_index(self) -> dict[str, Record]:
        """The first record of each case-folded key, built on the first lookup.

        A library that is only iterated, or written, never pays for it.
        """
        index = self._index
        if index is None:
            index = {}
            for record in self.records:
                if record.key:
                    folded = record.key.casefold()
                    index.setdefault(record.key if folded == record.key else folded, record)
            object.__setattr__(self, "_index", index)
        return index

    def _alias_index(self) -> dict[str, Record]:
        index = self._aliases
        if index is None:
            index = {}
            for record in self.records:
                if "ids" in record:
                    for alias in record.aliases:
                        index.setdefault(alias, record)
            object.__setattr__(self, "_aliases", index)
        return index

    def replace_records(self, records: Iterable[Record]) -> Library:
        """Return a library whose records are ``records``, other blocks kept in place.

        Records are matched to slots in order: the i-th record slot receives the i-th new
        record; extra records are appended, and missing ones leave their slot out.
        """
        new = list(records)
        blocks: list[Block] = []
        position = 0
        for block in self.blocks:
            if isinstance(block, Record):
                if position < len(new):
                    blocks.append(new[position])
                position += 1
            else:
                blocks.append(block)
        blocks.extend(new[position:])
        return Library(tuple(blocks), self.problems, self.path)

    def with_problems(self, problems: Iterable[Problem]) -> Library:
        """Return a copy carrying ``problems`` in addition to its own."""
        return Library(self.blocks, (*self.problems, *problems), self.path)
