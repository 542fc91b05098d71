"""BibTeX text -> :class:`Library`: our own grammar (``bibtex.scanner``), then the meaning.

The scanner cuts the text into raw blocks in one pass; this module gives them their meaning:
``@string`` macros expanded from their position on (bounded in size), duplicate keys flagged
(every entry stays a record), keys BibTeX cannot use, name lists that cannot be split, and
every syntax problem turned into a :class:`Problem` naming its file and line. Failed blocks are
kept verbatim, so writing a library back loses nothing.
"""

from __future__ import annotations

import os
import re
from array import array
from collections.abc import Iterable, Mapping, Sequence

from belharbi_bib import patterns, values
from belharbi_bib.bibtex.scanner import (
    COMMENT,
    ENTRY,
    FAILED,
    IMPLICIT,
    PREAMBLE,
    STRING,
    Expansion,
    ExpansionFn,
    Note,
    OddNamesFn,
    RawBlock,
    RawField,
    Scanner,
    Source,
)
from belharbi_bib.files import Decoded, StandIns, decode_narrow, read_bytes
from belharbi_bib.model import (
    Block,
    Comment,
    Field,
    Library,
    Preamble,
    Record,
    StringDef,
    Unparsed,
)
from belharbi_bib.problems import Problem, Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from belharbi_bib.bibtex.scanner import LiteralFieldsFn, UntrackedFn

MARKER = "belharbi-bib:"
"""Prefix of the ``@comment`` the writer puts before a block it could not parse."""

NAME_FIELDS = frozenset(
    {
        "author", "editor", "translator", "editora", "editorb", "editorc", "bookauthor",
        "annotator", "commentator", "introduction", "foreword", "afterword", "holder",
    }
)  # fmt: skip
"""The fields holding name lists (BibTeX's and biblatex's)."""

MIN_EXPANSION_BUDGET = 1 << 20
"""Characters of macro expansion allowed per text at least (see :data:`EXPANSION_FACTOR`)."""

EXPANSION_FACTOR = 4
"""Macro expansion may produce this many times the text's size in all (or the minimum above)."""

_AND = patterns.compile(r"[{}]|\s+and(?=\s)", re.IGNORECASE)
"""A brace, or the ``and`` before a name (which counts only outside braces)."""
_THREE_COMMAS = patterns.compile(r",(?:(?!\s+and\s)[^,])*,(?:(?!\s+and\s)[^,])*,", re.IGNORECASE)
"""Three commas with no ``and`` between them: a name that may have too many commas."""
_ODD_NAMES = patterns.compile(r"\sand(?:\s+and\s|\s*,)", re.IGNORECASE)
"""``and and`` (an empty name) or ``and ,`` (a name beginning with a comma): biber rejects."""
_SHARED = 16
"""Literal values shorter than this are kept once (years, months, languages, journals repeat;
longer values rarely do, and the table of shared values would cost more than it saves)."""
_REPEATING = frozenset(
    {
        "journal", "journaltitle", "booktitle", "publisher", "series", "address", "location",
        "organization", "institution", "school", "howpublished", "language", "type",
    }
)  # fmt: skip
"""Fields whose values repeat from entry to entry in any order (venues, publishers): their
values shorter than :data:`_EXPANDED` are kept once too."""
_EXPANDED = 100
"""Expressions shorter than this are expanded once per run of entries between ``@string``s
(``month = oct``, ``ack-x # " and " # ack-y`` repeat; longer ones rarely do)."""
_BAD_KEY = patterns.compile(r"[\s,{}()\"#%'=\\~]")


def read(path: str | os.PathLike[str]) -> Library:
    """Read a ``.bib`` file into a library; data problems are in ``library.problems``.

    Raises:
        ReadError: The file cannot be read at all.
    """
    name = os.fspath(path)
    return parse_decoded(*decode_narrow(read_bytes(path), name), name)[0]


def parse_decoded(
    decoded: Decoded,
    stand_ins: StandIns | None,
    path: str | None = None,
    *,
    with_sources: bool = False,
) -> tuple[Library, tuple[str, ...]]:
    """Parse a text decoded by :func:`belharbi_bib.files.decode_narrow`, as :func:`read` does.

    The decoding problems follow the reader's. With ``with_sources``, also return each record's
    exact text (aligned with ``library.records``, as :func:`parse_with_sources` gives them);
    otherwise an empty tuple.

    >>> from belharbi_bib.files import decode_narrow
    >>> lib, texts = parse_decoded(*decode_narrow(b"@misc{k, x = {\\xf0\\x9f\\x99\\x82}}", "f.bib"),
    ...                            "f.bib", with_sources=True)
    >>> lib.records[0].field("x") == "\\U0001f642", texts == ("@misc{k, x = {\\U0001f642}}",)
    (True, True)
    """
    source = _source(decoded.text, stand_ins)
    sources: list[str] | None = [] if with_sources else None
    library = _Converter(source, path, sources).convert()
    if decoded.problems:
        library = library.with_problems(decoded.problems)
    return library, tuple(sources or ())


def _source(text: str, stand_ins: StandIns | None) -> Source:
    """Return the source to scan for a decoded text, narrowed (and without a leading BOM)."""
    if stand_ins is None:
        return Source(text[1:] if text.startswith("\ufeff") else text, narrow=True)
    positions = stand_ins.positions
    if positions and positions[0] == 0 and stand_ins.originals.startswith("\ufeff"):
        moved = array("q", (at - 1 for at in positions[1:]))
        return Source.narrowed(text[1:], StandIns(moved, stand_ins.originals[1:]))
    return Source.narrowed(text, stand_ins)


def parse_string(text: str, path: str | None = None) -> Library:
    """Parse BibTeX text into a library; never raises on bad data.

    >>> lib = parse_string("@Article{k, Title = {A}, year = 2020}")
    >>> [(r.key, r.entry_type, r.field("title"), r.year) for r in lib]
    [('k', 'article', 'A', 2020)]
    >>> parse_string("@article{k, title = {A}").problems[0].code
    'bib.syntax'
    """
    return _parse(text, path, None)


def parse_with_sources(text: str, path: str | None = None) -> tuple[Library, tuple[str, ...]]:
    """Parse like :func:`parse_string`; also return each record's exact text in ``text``.

    The texts are aligned with ``library.records`` (from the ``@`` to the closing delimiter).

    >>> lib, sources = parse_with_sources("@misc{a,\\n  year = {1},\\n}\\n\\n@misc{b, x=1}")
    >>> [r.key for r in lib.records], sources
    (['a', 'b'], ('@misc{a,\\n  year = {1},\\n}', '@misc{b, x=1}'))
    """
    sources: list[str] = []
    library = _parse(text, path, sources)
    return library, tuple(sources)


def _parse(text: str, path: str | None, sources: list[str] | None) -> Library:
    if text.startswith("\ufeff"):
        text = text[1:]
    return _Converter(Source(text), path, sources).convert()


def convert_raw(
    raw_blocks: Iterable[RawBlock], path: str | None = None, notes: Sequence[Note] = ()
) -> Library:
    """Give blocks read by another parser the meaning the reader gives its own blocks.

    Macros, duplicate keys, bad keys, name lists and values get the same rules and problems
    as when reading text (used by the bibtexparser conversion).
    """
    blocks = list(raw_blocks)
    size = sum(len(b.value) + sum(len(f[1]) for f in b.fields) for b in blocks)
    converter = _Converter(Source(""), path, None)
    converter.budget = max(MIN_EXPANSION_BUDGET, EXPANSION_FACTOR * size)
    return converter.convert_blocks(blocks, notes)


class _Converter:
    """Turns raw blocks into model blocks and problems (one use per parse)."""

    def __init__(self, source: Source, path: str | None, sources: list[str] | None) -> None:
        self.source = source
        self.path = path
        self.problems: list[Problem] = []
        self.names: dict[str, str] = {}  # field names as written -> in lower case
        self.types: dict[str, str] = {}  # entry types as written -> in lower case
        self.shared: dict[str, str] = {}  # one copy of each short literal value (they repeat)
        self.last: dict[str, str] = {}  # field name -> its last longer literal (runs repeat)
        self.sources = sources
        self.macros: dict[str, str | None] = dict(values.MONTH_MACROS)
        self.budget = max(MIN_EXPANSION_BUDGET, EXPANSION_FACTOR * len(source.text))
        self.guessed: set[int] = set()  # ids of name fields whose text is such a guess
        self.expanded: dict[str, tuple[str, int]] = {}  # raw -> (text, budget used) so far
        self.literal_fields: LiteralFieldsFn | None = None  # compiled (bibtex/_scan.c)
        self.odd_names: OddNamesFn = _odd_names
        self.expansion: ExpansionFn = expansion  # or the compiled one (the same results)
        self.untracked: UntrackedFn | None = None  # compiled: see Compiled.untracked

    def problem(
        self,
        code: str,
        message: str,
        line: int | None,
        key: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.problems.append(Problem(code, message, severity, self.path, line, key))

    def convert(self) -> Library:
        scanner = Scanner(self.source)
        compiled = scanner.compiled
        if compiled is not None:  # the compiled loop's twins of the functions set above
            self.literal_fields = compiled.literal_fields
            self.odd_names = compiled.odd_names
            self.expansion = compiled.expansion
            self.untracked = compiled.untracked
        return self.convert_blocks(scanner, scanner.notes)

    def convert_blocks(self, raw_blocks: Iterable[RawBlock], notes: Sequence[Note]) -> Library:
        """Give raw blocks their meaning; ``notes`` are read once the blocks are through."""
        blocks: list[Block] = []
        seen: dict[str, int] = {}
        for block in raw_blocks:
            kind = block.kind
            if kind == ENTRY:
                blocks.append(self.entry(block, seen))
            elif kind == IMPLICIT:
                blocks.append(Comment(block.value, False, block.line))
            elif kind == STRING:
                blocks.append(self.string(block))
            elif kind == FAILED:
                blocks.append(Unparsed(block.value, block.reason, block.line))
            elif kind == PREAMBLE:
                blocks.append(Preamble(block.value.strip(), block.line))
            elif kind == COMMENT and not block.value.startswith(MARKER):
                blocks.append(Comment(block.value, True, block.line))
        for note in notes:
            self.problem(note.code, note.message, note.line, note.key, note.severity)
        # A read's memory peaks while the library is built: the tables go first.
        seen.clear()
        for table in (self.shared, self.last, self.expanded, self.names, self.types):
            table.clear()
        problems = sorted(self.problems, key=lambda p: p.line or 0)
        self.problems.clear()
        return Library(tuple(blocks), tuple(problems), self.path)

    def string(self, block: RawBlock) -> StringDef:
        name = block.key.lower()
        line = block.line
        if name in self.macros and name not in values.MONTH_MACROS:
            self.problem(
                "bib.duplicate-string",
                f"@string {block.key} is defined again; it applies from here on",
                line,
                severity=Severity.WARNING,
            )
        raw = block.value
        self.expanded.clear()  # expansions made with the macros so far
        expanded = self.expansion(raw, self.macros, self.budget)
        if expanded is None:
            self.problem(
                "bib.bad-value",
                f"@string {block.key}: value is not a valid BibTeX expression",
                line,
            )
            self.macros[name] = raw
        else:
            self.macros[name] = self.expanded_text(expanded, f"@string {block.key}", line, None)
        return StringDef(block.key, raw, line)

    def expanded_text(
        self, expanded: Expansion, where: str, line: int, key: str | None
    ) -> str | None:
        """Return the text of a value expanded (:func:`expansion`), or None when too large.

        Undefined macros stand for their own name (with a warning). The text produced by all
        expansions of one parse is bounded (:data:`EXPANSION_FACTOR`), so definitions that
        double each other cannot exhaust time or memory.
        """
        text, size, undefined, large = expanded
        for macro in undefined:
            self.problem(
                "bib.undefined-macro",
                f"{where} uses undefined macro {macro!r}",
                line,
                key,
                Severity.WARNING,
            )
        if large is not None:
            self.problem(
                "bib.macro-too-large",
                f"{where} uses macro {large!r}, which is too large to expand; kept as written",
                line,
                key,
            )
            return None
        if text is None:
            self.problem(
                "bib.macro-too-large",
                f"{where} would expand to {size} characters, more than this file allows "
                f"({self.budget} in all); kept as written",
                line,
                key,
            )
            return None
        self.budget -= size
        return text

    def entry(self, block: RawBlock, seen: dict[str, int]) -> Record:
        key = block.key
        line = block.line
        folded = key.casefold()
        if folded == key:
            folded = key  # one string, not two, for the many keys in lower case already
        if not folded:
            self.problem("bib.missing-key", "entry has no citation key", line)
        elif folded in seen:
            self.problem(
                "bib.duplicate-key",
                f"duplicate key {key!r} (first at line {seen[folded]}); "
                "lookups by key find the first",
                line,
                key,
            )
        else:
            seen[folded] = line
            if _BAD_KEY.search(key) is not None:
                self.problem(
                    "bib.bad-key",
                    f"key {key!r} has characters BibTeX cannot use in a key",
                    line,
                    key,
                )
        fields = self.fields(block.fields, key)
        by_name = {item.name: item for item in fields}
        if len(by_name) < len(fields):
            self.duplicates(fields, key)
            people = [item for item in fields if item.name in NAME_FIELDS]
        else:
            hits = by_name.keys() & NAME_FIELDS
            if len(hits) == 1:
                people = [by_name[hits.pop()]]
            else:  # in field order, so that problems come in a stable order
                people = [item for item in fields if item.name in hits]
        for item in people:
            if id(item) in self.guessed:
                continue  # its text depends on macros defined elsewhere
            text = item.raw if item.text is None else item.text
            if ",," in text or text.lstrip('{" \t\n').startswith(",") or self.odd_names(text):
                self.names_check(item.name, item.value, item.line or line, key)
        if self.sources is not None:
            self.sources.append(self.source.cut(block.start, block.end))
        written = block.entry_type
        entry_type = self.types.get(written) or self.types.setdefault(written, written.lower())
        untracked = self.untracked
        if untracked is None:
            return Record(key, entry_type, tuple(fields), line, self.path)
        # Frozen, holding strings and fields: no cycle can go through a record or its tuple
        # of fields (the collector never untracks a tuple of objects of a class itself), and
        # a large library would otherwise cost full collections that follow every record.
        return untracked(Record(key, entry_type, untracked(tuple(fields)), line, self.path))

    def fields(self, raw_fields: tuple[RawField, ...], key: str) -> list[Field]:
        """Return an entry's fields: literals and numbers (short ones shared), others expanded."""
        build = self.literal_fields
        if build is not None:
            fields: list[Field]
            fields, pending = build(
                raw_fields,
                self.names,
                self.shared,
                Field,
                _SHARED,
                self.last,
                _REPEATING,
                _EXPANDED,
            )
            if pending:  # the others are None there (their names are lowered in self.names)
                names = self.names
                untracked = self.untracked or _same
                for index, item in enumerate(fields):
                    if item is None:
                        written, raw, at, _ = raw_fields[index]
                        fields[index] = untracked(self.field(names[written], raw, at, key))
            return fields
        known = self.names.get
        return [
            self.literal(known(written) or self.lower(written), raw, at)
            if literal or raw.isdigit()  # as the compiled literal_fields
            else self.field(known(written) or self.lower(written), raw, at, key)
            for written, raw, at, literal in raw_fields
        ]

    def literal(self, name: str, raw: str, line: int) -> Field:
        """Return a literal field (or a number), its value kept once when it repeats.

        Short values (and those of venues, publishers ...: :data:`_REPEATING`) are kept once
        in all; longer ones once per run of equal values of a field (``bibsource``,
        ``bibdate`` ... repeat from entry to entry), as the compiled ``literal_fields`` keeps
        them.
        """
        if len(raw) < _SHARED or (len(raw) < _EXPANDED and name in _REPEATING):
            return Field(name, self.shared.setdefault(raw, raw), line)
        last = self.last.get(name)
        if last == raw:
            return Field(name, last, line)
        self.last[name] = raw
        return Field(name, raw, line)

    def names_check(self, name: str, text: str, line: int, key: str) -> None:
        """Report a name list biber rejects (it skips the entry, or crashes).

        A name of more than two commas (``Smith, J., Jones, K.``), an empty name (``and and``),
        consecutive commas, no last name (``, J.``).
        """
        for chunk in _top_level_names(" ".join(text.split())):
            bare = _outside_braces(chunk).strip()
            if bare.count(",") > 2:
                why = "has more than two commas; names are separated by 'and' in BibTeX"
                why += " (kept as one name)"
            elif not chunk.strip():
                why = "is an empty name (consecutive 'and'; kept)"
            elif ",," in bare or bare.startswith(","):
                why = "has consecutive commas or nothing before its first comma (kept)"
            else:
                continue
            message = f"field {name!r}: {chunk.strip()!r} {why}"
            self.problem("bib.bad-names", message, line, key)
            return

    def lower(self, written: str) -> str:
        """Return a field name in lower case (remembered: names repeat from entry to entry)."""
        name = self.names[written] = written.lower()
        return name

    def duplicates(self, fields: list[Field], key: str) -> None:
        """Report each field that repeats an earlier field's name."""
        names: set[str] = set()
        for item in fields:
            if item.name in names:
                self.problem(
                    "bib.duplicate-field",
                    f"field {item.name!r} appears more than once; all copies kept",
                    item.line,
                    key,
                    Severity.WARNING,
                )
            names.add(item.name)

    def field(self, name: str, raw: str, line: int, key: str) -> Field:
        """Return a field whose value is not a single literal: macros, concatenation, junk."""
        if len(raw) < _EXPANDED:
            raw = self.shared.setdefault(raw, raw)  # such expressions repeat (``month = oct``)
        known = self.expanded.get(raw)
        if known is not None and known[1] <= self.budget:
            self.budget -= known[1]
            return Field(name, raw, line, known[0])
        expanded = self.expansion(raw, self.macros, self.budget)
        if expanded is None:
            self.problem(
                "bib.bad-value",
                f"value of field {name!r} is not a valid BibTeX value; kept as is",
                line,
                key,
            )
            return Field(name, raw, line)
        text = self.expanded_text(expanded, f"field {name!r}", line, key)
        item = Field(name, raw, line, text)
        if expanded[2]:  # undefined macros: its text depends on macros defined elsewhere
            if name in NAME_FIELDS:
                self.guessed.add(id(item))
        elif text is not None and len(raw) < _EXPANDED:
            # The same expression again expands the same way, with the same budget, until
            # a macro is defined again.
            self.expanded[raw] = (text, expanded[1])
        return item


def expansion(raw: str, macros: Mapping[str, str | None], budget: int) -> Expansion | None:
    """Expand a raw value with ``macros`` (names in lower case -> text, or None: too large).

    Returns None when ``raw`` is not a valid expression (:func:`values.parse`), else its
    text, the characters joined (0 for one part, which costs no budget), the undefined macros
    met in order (each stands for its own name) and the macro whose text is None, where
    expansion stops. The text is None when such a macro is met or when the parts joined would
    be longer than ``budget``. The compiled loop has the same function (``bibtex/_scan.c``).

    >>> expansion('jan # " 1" # x', {"jan": "January"}, 100)
    ('January 1x', 10, ('x',), None)
    >>> expansion("{a} b", {}, 100) is None
    True
    """
    parts = values.parse(raw)
    if parts is None:
        return None
    pieces: list[str] = []
    undefined: list[str] = []
    for part in parts:
        if part.kind != "macro":
            pieces.append(part.text)
            continue
        name = part.text.lower()
        if name not in macros:
            undefined.append(part.text)
            pieces.append(part.text)
            continue
        text = macros[name]
        if text is None:
            return None, 0, tuple(undefined), part.text
        pieces.append(text)
    if len(pieces) == 1:
        return pieces[0], 0, tuple(undefined), None
    size = sum(map(len, pieces))
    if size > budget:
        return None, size, tuple(undefined), None
    return "".join(pieces), size, tuple(undefined), None


def _same(value: Field) -> Field:
    return value


def _odd_names(text: str) -> bool:
    """Return True when ``_THREE_COMMAS`` or ``_ODD_NAMES`` finds something in ``text``."""
    return _THREE_COMMAS.search(text) is not None or _ODD_NAMES.search(text) is not None


def _top_level_names(text: str) -> list[str]:
    """Split a name list at each ``and`` outside braces (``{Smith and Sons}`` is one name)."""
    chunks, depth, start = [], 0, 0
    for match in _AND.finditer(text):
        if match.group() == "{":
            depth += 1
        elif match.group() == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            chunks.append(text[start : match.start()])
            start = match.end()
    chunks.append(text[start:])
    return chunks


def _outside_braces(chunk: str) -> str:
    """The text of a name outside braces.

    >>> _outside_braces("{Smith, and Co}, J."), _outside_braces("Smith, J., Jones, K.")
    (', J.', 'Smith, J., Jones, K.')
    """
    if "{" not in chunk:
        return chunk
    depth = 0
    kept = []
    for char in chunk:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0:
            kept.append(char)
    return "".join(kept)
