r"""The one pybtex adapter: BibTeX's own ``.bst`` styles run by pybtex's BibTeX interpreter.

``plain``, ``unsrt`` and ``alpha`` are the ``.bst`` files of TeX Live, bundled unchanged in
``render/bst/`` (``unsrtalpha`` prints ``alpha.bst``'s entries in citation order): pybtex's
interpreter runs them on the entries as BibTeX reads them, so each entry's text is the one
``bibtex`` writes into the ``.bbl``. pybtex's own Python styles (the earlier engine) printed
about half of the real-world corpus' entries otherwise (a URL and DOI the ``.bst`` never
prints, a volume left out when there were no pages, "pages" missing in proceedings, a
fallback to ``misc`` that dropped editors and publishers).

What this module adds to the interpreter:

- the entries come from our reader, never from pybtex's parser (which loses entries): each
  field as BibTeX reads it (white space collapsed, an undefined ``@string`` empty, a
  ``crossref`` parent's fields copied in one level, as BibTeX does at ``READ``), math in
  braces so that ``change.case$`` leaves it whole (BibTeX would lower ``$O(n)$``);
- ``format.name$`` and ``num.names$`` split and format names as the ``bibtex`` program
  does (:mod:`.bibtexnames`), ``change.case$`` changes ASCII letters only, as it does
  (:func:`.bibtexsort.change_case`), and ``purify$``, ``text.length$``, ``text.prefix$``,
  ``substring$`` and ``int.to.chr$`` count as TeX Live's 8-bit ``bibtex`` counts (UTF-8
  bytes), never cutting a character (:mod:`.bibtexlabel`); pybtex's own differ on hyphens,
  ties, braces and letters outside ASCII;
- the style's ``MACRO``s (``jan``, ``jacm``, ``tcs``) stand for ``@string``s the file does
  not define, as in BibTeX;
- the order and ``alpha``'s labels are ours (:mod:`.bibtexsort`, :mod:`.bibtexlabel`, both
  measured against ``bibtex``): the ``.bst``'s ``SORT``, ``REVERSE`` and ``ITERATE`` but
  ``ITERATE {call.type$}`` (``presort``, the label passes) are skipped;
- each entry runs on its own: a style warning (``empty journal in k``) becomes a problem of
  that entry, and an entry the interpreter cannot format is reported and printed from its
  title, never failing the list;
- the ``.bbl`` text of an entry becomes marked text: the file's ``@preamble`` macros are
  expanded (as LaTeX would), ``\cite{parent}`` becomes the parent's label, ``{\em ...}``
  emphasis, ``~`` a no-break space, and the rest goes through the LaTeX converter every
  output format uses.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from belharbi_bib import patterns, texmacros
from belharbi_bib.model import Record
from belharbi_bib.problems import Problem, Severity
from belharbi_bib.render import marked
from belharbi_bib.render.bibtexlabel import (
    calc_label,
    display_label,
    int_to_chr,
    substring_of,
    text_length,
    text_prefix,
    with_suffixes,
)
from belharbi_bib.render.bibtexnames import format_name, split_names
from belharbi_bib.render.bibtexsort import (
    as_bibtex_reads,
    change_case,
    crossref_parents,
    parent_of,
    presort_key,
    purify,
)
from belharbi_bib.render.csljson import RICH, group_end, math_end, rich_parts
from belharbi_bib.render.styles import StyleNotFound
from belharbi_bib.structs import dataclass
from belharbi_bib.texmacros import Macro
from belharbi_bib.values import MONTH_MACROS

BST_DIR = Path(__file__).parent / "bst"
"""The bundled ``.bst`` files (TeX Live's, unchanged)."""

_BST_OF = {"plain": "plain", "unsrt": "unsrt", "alpha": "alpha", "unsrtalpha": "alpha"}
_PRESORTED = ("plain", "alpha")
"""The styles whose ``.bst`` sorts with ``presort`` (see :mod:`.bibtexsort`)."""
_ALPHA = ("alpha", "unsrtalpha")
"""The styles whose labels ``alpha.bst`` makes (see :mod:`.bibtexlabel`)."""
_SKIPPED = frozenset({"abstract", "file"})
"""Fields no bundled style prints, left out of what the interpreter reads."""


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
    records: Sequence[Record],
    style_name: str,
    *,
    keep_order: bool = False,
    sort_as: Sequence[Record] | None = None,
    macros: Mapping[str, Macro] | None = None,
    strings: Mapping[str, str] | None = None,
) -> tuple[list[PybtexEntry], list[Problem]]:
    """Format records with a BibTeX style, in the style's order (or theirs with ``keep_order``).

    Args:
        records: The works.
        style_name: ``plain``, ``unsrt``, ``alpha`` or ``unsrtalpha``, or the path of a
            ``.bst`` file (run whole: its order and its labels).
        keep_order: Keep the order of ``records`` instead of the style's sorting.
        sort_as: The works as BibTeX reads them, one record for each of ``records``, when
            ``records`` have their preamble's macros expanded (BibTeX sorts
            ``{\\noopsort{1973b}}1973`` as 1973b, and LaTeX expands the macros only when it
            prints the entry); None: ``records`` themselves.
        macros: The macros of the file's ``@preamble``, expanded in the printed entries and
            labels.
        strings: The file's ``@string`` macros: an undefined one is empty, as BibTeX reads
            it; None: as read.

    Raises:
        ValueError: ``style_name`` is neither a bundled style nor a ``.bst`` path.
        belharbi_bib.render.styles.StyleNotFound: A ``.bst`` file that cannot be read or
            parsed.
    """
    whole = style_name not in _BST_OF  # a .bst file: run whole, its own order and labels
    if whole and not style_name.lower().endswith(".bst"):
        raise ValueError(f"not a BibTeX style: {style_name!r}")
    script = bst_script(Path(style_name)) if whole else _script(_BST_OF[style_name])
    shown = _first_of(records)  # a key given twice is its first entry, as BibTeX reads it
    read_records = sort_as if sort_as is not None else records
    if strings is not None:  # the file's @strings, then the style's macros (jacm, the months)
        own = {name: text for name, text in strings.items() if MONTH_MACROS.get(name) != text}
        read_records = as_bibtex_reads(read_records, own, script_macros(script))
    parents = crossref_parents(read_records)
    read = {record.key: record for record in parents.values()}
    if whole:
        ran = run_style(script, list(read.values()), parents, whole=True)
        keys = [key for key in shown if key in read] if keep_order else ran.order
        labels = [
            bbl_marked(ran.labels[key], {}, macros) if key in ran.labels else str(number)
            for number, key in enumerate(keys, start=1)
        ]
    else:
        keys, labels = _order_and_labels(style_name, shown, read, parents, keep_order, macros)
        ran = run_style(script, list(read.values()), parents, keys)
    label_of = {key.casefold(): label for key, label in zip(keys, labels, strict=True)}
    name = Path(style_name).name
    problems = []
    for key, code, message in ran.reported:
        record = shown.get(key, read.get(key))
        problems.append(
            Problem(
                code,
                f"{name}: {message}",
                Severity.WARNING,
                record.path if record is not None else None,
                record.line if record is not None else None,
                key,
            )
        )
    entries = []
    for key, label in zip(keys, labels, strict=True):
        text = ran.texts.get(key)
        if text is None:  # the interpreter failed on it (reported): its title, or its key
            text = "{" + (shown[key].field("title") or key) + "}."
        entries.append(PybtexEntry(key, label, bbl_marked(text, label_of, macros)))
    return entries, problems


def _order_and_labels(
    style_name: str,
    shown: Mapping[str, Record],
    read: Mapping[str, Record],
    parents: Mapping[str, Record],
    keep_order: bool,
    macros: Mapping[str, Macro] | None,
) -> tuple[list[str], list[str]]:
    """A bundled style's order (``presort``'s, or the list's) and labels, as BibTeX's."""
    alpha = style_name in _ALPHA
    sort_labels = (
        {key: calc_label(record, parents) for key, record in read.items()} if alpha else {}
    )
    if keep_order or style_name not in _PRESORTED:
        keys = [key for key in shown if key in read]
    else:
        keys = sorted(
            read,
            key=lambda key: presort_key(read[key], parents, sort_labels[key][1] if alpha else None),
        )
    if not alpha:
        return keys, [str(number) for number in range(1, len(keys) + 1)]
    labels = [  # alpha.bst's labels (see .bibtexlabel)
        display_label(label, texmacros.expand(label, macros) if macros else None)
        for label in with_suffixes([sort_labels[key] for key in keys])
    ]
    return keys, labels


def _first_of(records: Sequence[Record]) -> dict[str, Record]:
    """Return the first record of each key (keys fold case, as in BibTeX), in order."""
    return {record.key: record for record in crossref_parents(records).values()}


@dataclass(frozen=True, slots=True)
class BstRun:
    """What a ``.bst`` printed.

    Attributes:
        texts: The ``.bbl`` text of each entry after its ``\\bibitem`` line, by key (an entry
            the interpreter failed on has none).
        labels: The label of each entry's ``\\bibitem[label]`` (LaTeX), by key.
        order: The keys in the order the style printed them.
        reported: (key, code, message) of each warning and failure.
    """

    texts: dict[str, str]
    labels: dict[str, str]
    order: list[str]
    reported: list[tuple[str, str, str]]


def run_style(
    script: Sequence[Any],
    records: Sequence[Record],
    parents: Mapping[str, Record],
    order: Sequence[str] | None = None,
    *,
    whole: bool = False,
) -> BstRun:
    """Run a ``.bst`` on ``records``, each entry on its own.

    A bundled style (``plain``, ``unsrt``, ``alpha``) prints the entries in ``order``: its
    sort and label passes are skipped (ours are BibTeX's). With ``whole`` (a ``.bst`` file)
    the style runs whole: its ``SORT`` orders the list and its ``\\bibitem[label]`` labels it.

    Args:
        script: The parsed ``.bst`` (:func:`bst_script`).
        records: The entries as BibTeX reads them, keys distinct (folded), in the file's
            order: a ``crossref`` parent's fields are copied into its children in that
            order, as BibTeX copies them (a parent earlier in the file has its own
            parent's fields by then).
        parents: Every record by folded key, for ``crossref`` (see
            :func:`.bibtexsort.crossref_parents`).
        order: The keys in the order the list prints them (None: the file's order), for a
            bundled style.
        whole: Run the style's sort and label passes too.
    """
    from pybtex.database import BibliographyData

    fields_of: dict[str, dict[str, str]] = {}
    crossrefs = {}
    in_list = {record.key.casefold() for record in records}
    for record in records:
        parent = parent_of(record, parents)
        if parent is not None and parent.key.casefold() not in in_list:
            parent = None
        fields = _fields(record)
        if parent is not None:
            crossrefs[record.key] = parent.key
            inherited = fields_of.get(parent.key) or _fields(parent)
            fields.update((name, value) for name, value in inherited.items() if name not in fields)
        fields_of[record.key] = fields
    entries = {record.key: _entry(record, fields_of[record.key]) for record in records}
    interpreter = _interpreter_class()(BibliographyData(entries=entries), crossrefs, whole)
    keys = list(order) if order is not None and not whole else list(entries)
    interpreter.run(script, keys, [], 0)
    return BstRun(interpreter.texts, interpreter.labels, interpreter.printed, interpreter.reported)


def _fields(record: Record) -> dict[str, str]:
    """A record's fields as BibTeX reads them, but ``crossref`` (see :func:`_as_read`)."""
    fields: dict[str, str] = {}
    for item in record.fields:
        if item.name not in fields and item.name not in _SKIPPED and item.name != "crossref":
            fields[item.name] = _as_read(item.value)
    return fields


def _entry(record: Record, fields: dict[str, str]) -> Any:
    """Return the pybtex entry of ``record``, of the type it is written with.

    A type the style does not define is printed as its ``default.type`` (``misc``), with a
    warning, as BibTeX prints it.
    """
    from pybtex.database import Entry

    return Entry(record.entry_type.lower(), fields=list(fields.items()))


def _as_read(value: str) -> str:
    """A value as BibTeX reads it (ASCII white space collapsed), its math in braces."""
    text = _WHITE.sub(" ", marked.strip_sentinels(value)).strip(" ")
    if "$" not in text:
        return text
    pieces: list[str] = []
    depth = start = index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "$" and depth == 0:
            close = math_end(text, index)
            if close > 0:
                pieces += (text[start:index], "{", text[index : close + 1], "}")
                start = index = close + 1
                continue
        index += 1
    pieces.append(text[start:])
    return "".join(pieces)


_WHITE = patterns.compile(r"[ \t\n\r]+")
"""BibTeX's white space (a no-break space is a character of the text to it)."""


def _script(bst: str) -> list[Any]:
    """A bundled style's parsed ``.bst`` file (parsed once per process)."""
    return bst_script(BST_DIR / f"{bst}.bst")


def bst_script(path: Path) -> list[Any]:
    """Return a ``.bst`` file parsed (cached while the file is unchanged).

    Raises:
        belharbi_bib.render.styles.StyleNotFound: The file cannot be read or parsed.
    """
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as exc:
        raise StyleNotFound(f"cannot read BibTeX style {str(path)!r}: {exc}") from None
    return _parsed(str(path), stamp)


@functools.lru_cache(maxsize=8)
def _parsed(path: str, stamp: int) -> list[Any]:
    from pybtex.bibtex import bst as bst_parser
    from pybtex.exceptions import PybtexError
    from pybtex.scanner import PybtexSyntaxError

    try:
        return list(bst_parser.parse_file(path, "latin-1"))
    except (OSError, PybtexError, PybtexSyntaxError) as exc:
        raise StyleNotFound(f"cannot read BibTeX style {path!r}: {exc}") from None


def script_macros(script: Sequence[Any]) -> dict[str, str]:
    """Return the ``MACRO``s of a parsed ``.bst``, by lower-case name."""
    return {
        command[1][0].value().lower(): command[2][0].value()
        for command in script
        if command[0].upper() == "MACRO"
    }


@functools.lru_cache(maxsize=1)
def _interpreter_class() -> Any:
    """Return pybtex's interpreter, with our reading, names, order and one entry at a time."""
    from pybtex.bibtex.builtins import Builtin
    from pybtex.bibtex.interpreter import Interpreter, MissingField
    from pybtex.errors import capture

    class Crossref:
        """The ``crossref`` variable: the parent's key when the parent is in the list."""

        def execute(self, interpreter: Any) -> None:
            parent = interpreter.crossrefs.get(interpreter.current_entry_key)
            interpreter.push(MissingField("crossref") if parent is None else parent)

    class StyleInterpreter(Interpreter):  # type: ignore[misc]
        def __init__(self, data: Any, crossrefs: dict[str, str], whole: bool) -> None:
            super().__init__(None, None)
            self.bib_data = data
            self.crossrefs = crossrefs
            self.whole = whole
            self.texts: dict[str, str] = {}
            self.labels: dict[str, str] = {}
            self.printed: list[str] = []
            self.failed: set[str] = set()
            self.current_entry_key = ""
            self.reported: list[tuple[str, str, str]] = []
            for name, function in _BUILT_INS.items():
                self.vars[name] = Builtin(function)

        def command_entry(self, fields: Any, ints: Any, strings: Any) -> None:
            super().command_entry(fields, ints, strings)
            self.vars["crossref"] = Crossref()

        def command_read(self) -> None:  # the entries are ours, given to __init__
            pass

        def newline(self) -> None:  # no line breaks: bibtex's (at 79 columns) are only layout
            self.output_lines.append("".join(self.output_buffer))
            self.output_lines.append("\n")
            self.output_buffer.clear()

        def command_sort(self) -> None:
            if self.whole:  # a bundled style's order is ours (see format_entries)
                super().command_sort()

        def command_iterate(self, function_group: Any) -> None:
            # a bundled style only prints here: its presort and label passes make the order
            # and the labels, which are ours (and their warnings are about those)
            function = function_group[0].value()
            if self.whole or function.lower() == "call.type$":
                self._each(function, self.citations)

        def command_reverse(self, function_group: Any) -> None:
            if self.whole:
                self._each(function_group[0].value(), self.citations[::-1])

        def _each(self, function: str, keys: Sequence[str]) -> None:
            body = self.vars[function]
            printing = function.lower() == "call.type$"
            for key in keys:
                self.current_entry_key = key
                self.current_entry = self.bib_data.entries[key]
                self.current_entry_vars = self.entry_vars[key]
                start = len(self.output_lines)
                with capture() as warnings:
                    try:
                        body.execute(self)
                    except Exception as exc:  # one entry never fails the list
                        self.stack.clear()
                        self.output_buffer.clear()
                        del self.output_lines[start:]
                        if key not in self.failed:
                            self.failed.add(key)
                            self.reported.append((key, "render.style-error", _failure(exc)))
                        continue
                for warning in warnings:
                    message = str(warning)
                    code = _MISSING if message.startswith("empty ") else _WARNING
                    self.reported.append((key, code, message))
                if printing:
                    label, _, text = bibitem("".join(self.output_lines[start:]))
                    del self.output_lines[start:]
                    self.printed.append(key)
                    if key not in self.failed:
                        self.texts[key] = text
                    if label is not None:
                        self.labels[key] = label

    return StyleInterpreter


_MISSING, _WARNING = "render.missing-field", "render.style-warning"


def _failure(exc: Exception) -> str:
    """The message of an entry the interpreter could not format."""
    return f"the style failed on this entry ({type(exc).__name__}: {exc}); printed from its title"


def bibitem(text: str) -> tuple[str | None, str, str]:
    r"""Split an entry's ``.bbl`` text at its ``\bibitem[label]{key}``.

    Returns:
        The label (LaTeX; None without one), the key, and the text that follows. Braces may
        nest in the label (``apalike``'s ``\printfirst``).

    >>> bibitem(r"\bibitem[Kn{\x{a}}, ]{k1}" + "\nA.~B.")
    ('Kn{\\x{a}}, ', 'k1', 'A.~B.')
    """
    start = text.find("\\bibitem")
    if start < 0:
        return None, "", text
    index = start + len("\\bibitem")
    label = None
    if text.startswith("[", index):
        depth = 0
        for end in range(index, len(text)):
            char = text[end]
            depth += (char == "{") - (char == "}")
            if char == "]" and depth == 0:
                label = text[index + 1 : end]
                index = end + 1
                break
    key = ""
    if text.startswith("{", index):
        end = group_end(text, index)
        key = text[index + 1 : end - 1]
        index = end
    return label, key, text[index:].lstrip("\n")


def bbl_items(bbl: str) -> list[tuple[str | None, str, str]]:
    """Return (label or None, key, text) of each ``\\bibitem`` of a ``.bbl`` (LaTeX)."""
    items = []
    for chunk in bbl.split("\\bibitem")[1:]:
        label, key, rest = bibitem("\\bibitem" + chunk)
        items.append((label, key, rest.split("\\end{thebibliography}")[0].rstrip("\n")))
    return items


def _format_name(interpreter: Any) -> None:
    """``format.name$``, names split as the ``bibtex`` program splits them."""
    spec = interpreter.pop()
    index = interpreter.pop()
    names = interpreter.pop()
    interpreter.push(_formatted_name(names, index, spec))


@functools.lru_cache(maxsize=8192)
def _formatted_name(names: str, index: int, spec: str) -> str:
    found = split_names(names)
    return format_name(found[index - 1], spec) if 1 <= index <= len(found) else ""


def _change_case(interpreter: Any) -> None:
    """``change.case$`` as ``bibtex.web`` converts (pybtex lowers letters outside ASCII)."""
    mode = interpreter.pop()
    interpreter.push(change_case(interpreter.pop(), mode))


def _num_names(interpreter: Any) -> None:
    """``num.names$``: how many names the ``bibtex`` program reads in a list."""
    interpreter.push(len(split_names(interpreter.pop())))


def _purify(interpreter: Any) -> None:
    """``purify$`` as ``bibtex.web`` (see :func:`.bibtexsort.purify`)."""
    interpreter.push(purify(interpreter.pop()))


def _text_length(interpreter: Any) -> None:
    """``text.length$`` as TeX Live's ``bibtex`` counts (see :func:`.bibtexlabel.text_length`)."""
    interpreter.push(text_length(interpreter.pop()))


def _text_prefix(interpreter: Any) -> None:
    """``text.prefix$``, never cutting a character (see :func:`.bibtexlabel.text_prefix`)."""
    count = interpreter.pop()
    interpreter.push(text_prefix(interpreter.pop(), count))


def _substring(interpreter: Any) -> None:
    """``substring$`` in UTF-8 bytes, as TeX Live's ``bibtex`` counts (no character cut)."""
    length = interpreter.pop()
    start = interpreter.pop()
    interpreter.push(substring_of(interpreter.pop(), start, length))


def _top(interpreter: Any) -> None:
    """``top$``: the value is dropped.

    bibtex prints it on the terminal (IEEEtran's banner); a library prints nothing on
    standard output (pybtex did, into ``format -o -``'s list).
    """
    interpreter.pop()


def _stack(interpreter: Any) -> None:
    """``stack$``: bibtex prints and empties the stack (a debugging aid); here it is emptied."""
    interpreter.stack.clear()


def _int_to_chr(interpreter: Any) -> None:
    """``int.to.chr$``: nothing from DEL on, as BibTeX writes it (see ``bibtexlabel``)."""
    interpreter.push(int_to_chr(interpreter.pop()))


_BUILT_INS = {
    "format.name$": _format_name,
    "num.names$": _num_names,
    "change.case$": _change_case,
    "purify$": _purify,
    "text.length$": _text_length,
    "text.prefix$": _text_prefix,
    "int.to.chr$": _int_to_chr,
    "substring$": _substring,
    "top$": _top,
    "stack$": _stack,
}
"""The built-in functions that are ours, as the ``bibtex`` program has them (pybtex's differ)."""


_CITE = patterns.compile(r"\\cite\{([^{}]*)\}")
_NEWBLOCK = patterns.compile(r"\\newblock\b\s*")
_DECLARATION = patterns.compile(r"\{\\(em|it|sl|bf|sc)(?![A-Za-z])\s*")
_COMMAND_OF = {"em": "emph", "it": "emph", "sl": "emph", "bf": "textbf", "sc": "textsc"}
_TIE = patterns.compile(r"(?<!\\)~")
_SPACES = patterns.compile(" {2,}")
_TIE_STAND_IN = "\ue0f0"
"""A ``~`` while the converter runs (it collapses white space, a no-break space too)."""
_TO_MARKED = str.maketrans(
    {
        RICH["i"][0]: marked.EMPH[0],
        RICH["i"][1]: marked.EMPH[1],
        RICH["b"][0]: marked.STRONG[0],
        RICH["b"][1]: marked.STRONG[1],
        RICH["sc"][0]: marked.SMALLCAPS[0],
        RICH["sc"][1]: marked.SMALLCAPS[1],
        RICH["sup"][0]: marked.SUPERSCRIPT[0],
        RICH["sup"][1]: marked.SUPERSCRIPT[1],
        RICH["sub"][0]: marked.SUBSCRIPT[0],
        RICH["sub"][1]: marked.SUBSCRIPT[1],
        RICH["nocase"][0]: None,
        RICH["nocase"][1]: None,
        _TIE_STAND_IN: "\u00a0",
    }
)


def bbl_marked(
    text: str, labels: Mapping[str, str], macros: Mapping[str, Macro] | None = None
) -> str:
    r"""Return an entry's ``.bbl`` text as marked text (see the module's docstring).

    Args:
        text: The LaTeX ``bibtex`` writes for the entry.
        labels: The printed label of each entry of the list, by folded key (``\cite``).
        macros: The file's ``@preamble`` macros, expanded first.

    >>> bbl_marked(r"A.~Name. \newblock {\em J}, 1--2. In \cite{P}.", {"p": "3"}) == (
    ...     "A.\u00a0Name. " + marked.EMPH[0] + "J" + marked.EMPH[1] + ", 1–2. In [3].")
    True
    """
    if macros:
        text = texmacros.expand(text, macros)
    pieces = _CITE.split(text)
    out: list[str] = []
    for index, piece in enumerate(pieces):
        if index % 2:
            cited = [labels.get(key.strip().casefold(), "?") for key in piece.split(",")]
            out.append("[" + ", ".join(cited) + "]")
        elif piece.strip():
            lead = " " if piece[:1].isspace() and index else ""
            trail = " " if piece[-1:].isspace() and index < len(pieces) - 1 else ""
            out.append(lead + _converted(piece) + trail)
    return "".join(out).strip()


def _converted(latex: str) -> str:
    """LaTeX of a ``.bbl`` entry as marked text (``alpha``'s ``\\etalchar`` a superscript)."""
    text = _NEWBLOCK.sub(" ", latex).replace("\\etalchar{", "\\textsuperscript{")
    text = _TIE.sub(_TIE_STAND_IN, _declared(text))
    converted = "".join(part for _, part in rich_parts(text))
    return _SPACES.sub(" ", converted).translate(_TO_MARKED)  # LaTeX: one space


def _declared(text: str) -> str:
    r"""``{\em X}`` (and ``\it``, ``\sl``, ``\bf``, ``\sc``) as ``\emph{X}`` and the like."""
    for match in reversed(list(_DECLARATION.finditer(text))):
        start = match.start()
        end = group_end(text, start)
        inner = text[match.end() : end - 1 if text[end - 1 : end] == "}" else end]
        text = f"{text[:start]}\\{_COMMAND_OF[match.group(1)]}{{{inner}}}{text[end:]}"
    return text
