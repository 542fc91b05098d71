"""What an exported ``.bib`` must keep besides the entries: preambles and cross-references.

- ``@preamble``: a file using the ``\\noopsort`` idiom defines the command there; an export
  without it fails pdflatex. Preambles are written once each (deduplicated across inputs),
  first, with ``@string`` macros expanded.
- ``crossref``/``xref``/``xdata``: a child names its parent by key. The parent comes with the
  child even when only the child was selected, and, as BibTeX requires, after every child
  (biber does not care about order). BibTeX knows no ``@xdata``: for the BibTeX dialect the
  fields of ``xdata`` entries are copied into the entries that name them (fields the entry has
  win), and the ``@xdata`` entries are left out.
- A value using an ``@string`` macro the input does not define (it lives in another file,
  such as IRIDIA's ``abbrev.bib`` next to ``crossref.bib``) keeps the reference, with the
  defined macros it also uses written out: BibTeX then behaves as on the original (with the
  other file, the macro resolves; without it, BibTeX warns and reads nothing), instead of
  printing the macro's name (``Proc_of``) as text.
- Values with unbalanced braces cannot be written between braces: such a field is left out
  with an ``export.unbalanced-braces`` error, never written as a broken file.
- Keys: an entry without a key gets one (nothing could cite it, and biber stops reading the
  whole file at ``@article{,``); for biber, a key it cannot parse (``O'Hara_1999``: biber's
  parser stops the whole file there) is written without the offending characters, the old key
  kept in ``ids`` so ``\\cite{O'Hara_1999}`` still resolves.
- ``@preamble`` for biblatex: biber hands the text to biblatex, which reads it as one
  argument, so a ``\\makeatletter`` in it comes too late for the ``\\@`` commands after it;
  such a preamble is written to be re-read once ``@`` is a letter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from belharbi_bib import patterns, values
from belharbi_bib.model import Field, Library, Preamble, Record
from belharbi_bib.normalize.keys import generate_key, is_valid_key, unique_key, with_alias
from belharbi_bib.problems import Problem, Severity
from belharbi_bib.structs import replace
from belharbi_bib.texmacros import preamble_texts

PARENT_FIELDS: tuple[str, ...] = ("crossref", "xref", "xdata")
"""Fields naming other entries whose data a child uses."""

KEY_LIST_FIELDS: tuple[str, ...] = (*PARENT_FIELDS, "related", "entryset")
"""Fields holding comma lists of other entries' keys (retargeted when a key is rewritten)."""

KEY_PATTERN = "{author}{year}{title}"
"""How a key is made for an entry that has none (as ``normalize`` does)."""

PREAMBLE_MACRO = "BibExportPreamble"
"""The command a biblatex ``@preamble`` needing ``@`` letters is stored in (see below)."""

_MAKEATLETTER = patterns.compile(r"\\makeatletter(?![A-Za-z])")
_NOT_IN_KEY = patterns.compile(r"[\s,{}\"#%'()=\\]")


def preambles_of(libraries: Iterable[Library]) -> tuple[str, ...]:
    """Return the text of every ``@preamble`` of ``libraries``, macros expanded, each once.

    >>> from belharbi_bib.bibtex.reader import parse_string
    >>> one = parse_string('@preamble{"\\\\newcommand{\\\\noopsort}[1]{}"}')
    >>> preambles_of([one, one])
    ('\\\\newcommand{\\\\noopsort}[1]{}',)
    """
    found: dict[str, None] = {}
    for library in libraries:
        for text in preamble_texts(library):
            if text.strip() and values.is_balanced(text):
                found.setdefault(text, None)
    return tuple(found)


def preamble_blocks(texts: Sequence[str]) -> tuple[Preamble, ...]:
    """Return ``@preamble`` blocks for ``texts`` (each a braced literal, each text once)."""
    return tuple(Preamble(values.braced(text)) for text in dict.fromkeys(texts))


def parent_keys(record: Record) -> tuple[str, ...]:
    """Return the keys ``record`` names in ``crossref``, ``xref`` and ``xdata`` (comma lists).

    >>> parent_keys(Record("k", "inproceedings", (Field.of("crossref", "proc"),
    ...     Field.of("xdata", "a, b"))))
    ('proc', 'a', 'b')
    """
    keys: list[str] = []
    for name in PARENT_FIELDS:
        text = record.field(name)
        if text:
            keys.extend(k.strip() for k in text.split(",") if k.strip())
    return tuple(keys)


def with_parents(selected: Sequence[Record], every: Sequence[Record]) -> tuple[Record, ...]:
    """Return ``selected`` plus every parent they name (transitively) found in ``every``.

    Parents not selected are added in the order of ``every``; keys fold case, as BibTeX does.
    """
    by_key = {record.key.casefold(): record for record in every}
    chosen = {record.key.casefold() for record in selected}
    wanted: set[str] = set()
    queue = [key.casefold() for record in selected for key in parent_keys(record)]
    while queue:
        key = queue.pop()
        if key in chosen or key in wanted or key not in by_key:
            continue
        wanted.add(key)
        queue.extend(k.casefold() for k in parent_keys(by_key[key]))
    if not wanted:
        return tuple(selected)
    added = [record for record in every if record.key.casefold() in wanted]
    return (*selected, *added)


def parents_last(records: Sequence[Record]) -> list[Record]:
    """Return ``records`` with each parent after all the entries naming it, moved no further.

    A parent already after its children stays where it is; one that comes before is written
    right after the last of them, so the user's order (what an unsorted style such as
    IEEEtran numbers by) changes as little as possible. Entries naming each other in a cycle
    keep their order.

    >>> kids = [Record("p", "proceedings"), Record("c", "inproceedings",
    ...     (Field.of("crossref", "p"),)), Record("d", "misc")]
    >>> [r.key for r in parents_last(kids)]
    ['c', 'p', 'd']
    >>> [r.key for r in parents_last([kids[1], kids[0], kids[2]])]
    ['c', 'p', 'd']
    """
    present = {record.key.casefold() for record in records}
    waiting: dict[str, set[str]] = {}  # parent -> children not written yet
    for record in records:
        for key in parent_keys(record):
            folded = key.casefold()
            if folded in present and folded != record.key.casefold():
                waiting.setdefault(folded, set()).add(record.key.casefold())
    if not waiting:
        return list(records)
    if _has_cycle(waiting):
        return list(records)
    out: list[Record] = []
    held: list[Record] = []
    for record in records:
        if waiting.get(record.key.casefold()):
            held.append(record)
            continue
        out.append(record)
        _release(record, waiting, held, out)
    out.extend(held)  # unreachable without a cycle; kept so no entry is ever lost
    return out


def _release(
    written: Record, waiting: dict[str, set[str]], held: list[Record], out: list[Record]
) -> None:
    """After ``written``, write every held parent whose children are now all written."""
    done = [written.key.casefold()]
    while done:
        key = done.pop()
        for children in waiting.values():
            children.discard(key)
        for parent in [r for r in held if not waiting.get(r.key.casefold())]:
            held.remove(parent)
            out.append(parent)
            done.append(parent.key.casefold())


def _has_cycle(waiting: Mapping[str, set[str]]) -> bool:
    """True when some entry is (transitively) its own parent."""
    state: dict[str, int] = {}

    def visit(key: str) -> bool:
        state[key] = 1
        for child in waiting.get(key, ()):
            mark = state.get(child, 0)
            if mark == 1 or (mark == 0 and visit(child)):
                return True
        state[key] = 2
        return False

    return any(state.get(key, 0) == 0 and visit(key) for key in list(waiting))


def inline_xdata(records: Sequence[Record]) -> list[Record]:
    """Copy the fields of the ``@xdata`` entries a record names into it; drop ``@xdata`` entries.

    For the BibTeX dialect, which has no ``@xdata``. Fields the record has win; an ``@xdata``
    entry may itself name others.

    >>> x = Record("pub", "xdata", (Field.of("publisher", "ACM"), Field.of("year", "2020")))
    >>> r = Record("k", "book", (Field.of("xdata", "pub"), Field.of("year", "2021")))
    >>> [(f.name, f.value) for f in inline_xdata([x, r])[0].fields]
    [('year', '2021'), ('publisher', 'ACM')]
    """
    data = {r.key.casefold(): r for r in records if r.entry_type.lower() == "xdata"}
    if not data and not any("xdata" in r for r in records):
        return list(records)
    out: list[Record] = []
    for record in records:
        if record.entry_type.lower() == "xdata":
            continue
        if "xdata" not in record:
            out.append(record)
            continue
        fields = [f for f in record.fields if f.name != "xdata"]
        have = {f.name for f in fields}
        for item in _xdata_fields(record, data, frozenset()):
            if item.name not in have:
                fields.append(item)
                have.add(item.name)
        out.append(replace(record, fields=tuple(fields)))
    return out


def _xdata_fields(record: Record, data: dict[str, Record], seen: frozenset[str]) -> list[Field]:
    found: list[Field] = []
    for key in (k.strip() for k in (record.field("xdata") or "").split(",")):
        parent = data.get(key.casefold())
        if parent is None or key.casefold() in seen:
            continue
        found.extend(f for f in parent.fields if f.name != "xdata")
        found.extend(_xdata_fields(parent, data, seen | {key.casefold()}))
    return found


def writable(record: Record) -> tuple[Record, tuple[Problem, ...]]:
    """Return ``record`` without the fields whose text cannot stand between braces.

    A value with unbalanced braces (or ending in a backslash) would break the file and every
    entry after it; it is left out and reported as an ``export.unbalanced-braces`` error.

    >>> r = Record("k", "misc", (Field.of("title", "a { b"), Field.of("year", "2020")), line=4)
    >>> kept, problems = writable(r)
    >>> [f.name for f in kept.fields], problems[0].code, problems[0].line
    (['year'], 'export.unbalanced-braces', 4)
    """
    bad = [item for item in record.fields if not _writable(item)]
    if not bad:
        return record, ()
    problems = tuple(
        Problem(
            "export.unbalanced-braces",
            f"{item.name} has unbalanced braces; left out of the export: {item.value[:60]!r}",
            Severity.ERROR,
            record.path,
            item.line or record.line,
            record.key or None,
        )
        for item in bad
    )
    return replace(record, fields=tuple(f for f in record.fields if f not in bad)), problems


def _writable(item: Field) -> bool:
    text = item.value
    return values.is_balanced(text) and not text.endswith("\\")


def keep_undefined_macros(record: Record, macros: Mapping[str, str]) -> Record:
    """Return ``record`` with fields using undefined macros written as expressions.

    Defined macros are replaced by their braced text; undefined ones stay references (month
    macros are predefined by every style and count as defined).

    >>> r = Record("k", "misc", (Field("booktitle", 'procof # " AAAI" # x', text="procof AAAI X"),))
    >>> keep_undefined_macros(r, {"x": "Ten"}).fields[0].raw
    'procof # { AAAI} # {Ten}'
    """
    fields: list[Field] | None = None
    for index, item in enumerate(record.fields):
        if item.text is None:
            continue
        parts = values.parse(item.raw)
        if parts is None:
            continue
        names = [p.text.lower() for p in parts if p.kind == "macro"]
        if all(n in macros or n in values.MONTH_MACROS for n in names):
            continue
        pieces = []
        for part in parts:
            name = part.text.lower()
            if part.kind == "macro" and name not in macros and name not in values.MONTH_MACROS:
                pieces.append(part.text)
            elif part.kind == "macro":
                pieces.append(values.braced(macros.get(name, values.MONTH_MACROS.get(name, ""))))
            else:
                pieces.append(values.braced(part.text) if part.kind == "text" else part.text)
        if fields is None:
            fields = list(record.fields)
        fields[index] = Field(item.name, " # ".join(pieces), item.line)
    return record if fields is None else replace(record, fields=tuple(fields))


def without_dangling(records: Sequence[Record]) -> tuple[list[Record], list[Problem]]:
    """Leave out ``crossref``/``xref`` fields naming no exported entry, with a warning each.

    One naming an ``ids`` alias of an exported entry names that entry's key instead.

    BibTeX stops on "a bad cross reference" (an error) and biber warns; the parent is not in
    the input (or not selected with it), so the child inherits nothing from it either way.

    >>> kept, found = without_dangling([Record("c", "inproceedings",
    ...     (Field.of("crossref", "nowhere"), Field.of("title", "T")))])
    >>> [f.name for f in kept[0].fields], found[0].code
    (['title'], 'export.missing-crossref')
    """
    present = {record.key.casefold() for record in records}
    aliases = {
        alias.strip().casefold(): record.key
        for record in records
        for alias in (record.field("ids") or "").split(",")
        if alias.strip() and alias.strip().casefold() not in present
    }
    out: list[Record] = []
    problems: list[Problem] = []
    for record in records:
        for item in record.fields:
            target = aliases.get(item.value.strip().casefold())
            if item.name in ("crossref", "xref") and target is not None:
                # an ids alias of an exported entry: BibTeX knows no aliases, biber resolves
                # them; the entry's own key serves both
                record = record.with_field(item.name, target)
        record = _known_xdata(record, present, aliases, problems)
        dangling = [
            item
            for item in record.fields
            if item.name in ("crossref", "xref") and item.value.strip().casefold() not in present
        ]
        for item in dangling:
            problems.append(
                Problem(
                    "export.missing-crossref",
                    f"{item.name} {item.value.strip()!r} names no exported entry; left out"
                    " (BibTeX would stop on a bad cross reference)",
                    Severity.WARNING,
                    record.path,
                    item.line or record.line,
                    record.key or None,
                )
            )
        if dangling:
            record = replace(record, fields=tuple(f for f in record.fields if f not in dangling))
        out.append(record)
    return out, problems


def _known_xdata(
    record: Record, present: set[str], aliases: Mapping[str, str], problems: list[Problem]
) -> Record:
    """``record`` with its ``xdata`` keys that name no exported entry left out (a warning each).

    biber warns "references XDATA entry ... which does not exist"; an ``ids`` alias is replaced
    by its entry's key.
    """
    text = record.field("xdata")
    if not text:
        return record
    keys = [key.strip() for key in text.split(",") if key.strip()]
    kept = [aliases.get(key.casefold(), key) for key in keys]
    missing = [key for key in kept if key.casefold() not in present]
    for key in missing:
        problems.append(
            Problem(
                "export.missing-crossref",
                f"xdata {key!r} names no exported entry; left out",
                Severity.WARNING,
                record.path,
                record.line,
                record.key or None,
            )
        )
    kept = [key for key in kept if key not in missing]
    if kept == keys:
        return record
    return record.with_field("xdata", ", ".join(kept)) if kept else record.without("xdata")


def biblatex_preamble(text: str) -> str:
    r"""Return a preamble biblatex runs as BibTeX would: ``@`` a letter after ``\makeatletter``.

    BibTeX writes a preamble into the ``.bbl``, where TeX reads it piece by piece: after
    ``\makeatletter``, ``\@ifundefined`` is one command. biber passes it to biblatex's
    ``\preamble{...}``, read as one argument before any of it runs: ``\@ifundefined`` becomes
    ``\@`` and the letters ``ifundefined``, and errors cascade. Such a text is wrapped so TeX
    reads it again with ``@`` a letter (``\scantokens``) into a command, then runs it; other
    texts are unchanged.

    >>> biblatex_preamble(r"\newcommand{\noopsort}[1]{}")
    '\\newcommand{\\noopsort}[1]{}'
    >>> print(biblatex_preamble(r"\makeatletter\@ifundefined{x}{}{}\makeatother"))
    \scantokens{\makeatletter\gdef\BibExportPreamble{\makeatletter\@ifundefined{x}{}{}\makeatother}\makeatother}\BibExportPreamble
    """
    if _MAKEATLETTER.search(text) is None:
        return text
    macro = "\\" + PREAMBLE_MACRO
    return rf"\scantokens{{\makeatletter\gdef{macro}{{{text}}}\makeatother}}{macro}"


def usable_keys(records: Sequence[Record], dialect: str) -> tuple[list[Record], list[Problem]]:
    r"""Give every entry a key the dialect's tool reads; point references at the new keys.

    - No key (``@article{,``): nothing can cite the entry, and biber stops reading the file
      there. A key is made as ``normalize`` does (``{author}{year}{title}``), with an
      ``export.missing-key`` warning.
    - BibLaTeX: a key biber cannot parse (``O'Hara_1999``: a quote, brace, comma, ``#``, ``%``,
      ``(``, ``)``, ``=``, backslash or space) is written without those characters
      (``OHara_1999``) and the old key goes to ``ids``: biber resolves ``\cite{O'Hara_1999}``
      through it. An ``export.biber-key`` warning says so. BibTeX reads such keys: kept.

    New keys never collide with another key or alias (folded); ``crossref``, ``xref``,
    ``xdata``, ``related`` and ``entryset`` are updated.

    >>> kept, found = usable_keys([Record("O'Hara_1999", "misc"), Record("", "misc",
    ...     (Field.of("author", "Doe, Jane"), Field.of("year", "2020")))], "biblatex")
    >>> [(r.key, r.field("ids")) for r in kept], [p.code for p in found]
    ([('OHara_1999', "O'Hara_1999"), ('doe2020', None)], ['export.biber-key', 'export.missing-key'])
    >>> [r.key for r in usable_keys([Record("O'Hara_1999", "misc")], "bibtex")[0]]
    ["O'Hara_1999"]
    """
    strict = dialect == "biblatex"
    bad = [not r.key.strip() or (strict and not is_valid_key(r.key)) for r in records]
    if not any(bad):
        return list(records), []
    taken = {r.key.casefold() for r, b in zip(records, bad, strict=True) if not b}
    for record in records:
        taken.update(a.strip().casefold() for a in (record.field("ids") or "").split(","))
    out: list[Record] = []
    problems: list[Problem] = []
    renames: dict[str, str] = {}
    for record, rename in zip(records, bad, strict=True):
        if not rename:
            out.append(record)
            continue
        old = record.key.strip()
        base = _NOT_IN_KEY.sub("", old) if old else ""
        key = unique_key(base or generate_key(record, KEY_PATTERN), taken)
        taken.add(key.casefold())
        updated = replace(record, key=key)
        if old:
            renames[old.casefold()] = key
            updated = with_alias(updated, old)
            code, message = (
                "export.biber-key",
                (
                    f"biber cannot read the key {old!r}; written as {key!r}"
                    + (", the old key in ids" if updated.field("ids") else "")
                ),
            )
        else:
            code, message = "export.missing-key", f"entry without a key written as {key!r}"
        problems.append(
            Problem(code, message, Severity.WARNING, record.path, record.line, old or None)
        )
        out.append(updated)
    return [_retargeted(record, renames) for record in out], problems


def _retargeted(record: Record, renames: Mapping[str, str]) -> Record:
    if not renames:
        return record
    updated = record
    for name in KEY_LIST_FIELDS:
        text = record.field(name)
        if not text:
            continue
        keys = [k.strip() for k in text.split(",")]
        if any(k.casefold() in renames for k in keys):
            new = ", ".join(renames.get(k.casefold(), k) for k in keys if k)
            updated = updated.with_field(name, new)
    return updated
