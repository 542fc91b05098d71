"""The LaTeX macros a file defines in its ``@preamble``, expanded where its text is displayed.

BibTeX copies a ``@preamble`` into the ``.bbl`` it writes, so the macros it defines are defined
when LaTeX typesets the entries: the classic ``\\noopsort`` (``year = "{\\noopsort{1973b}}1973"``
prints 1973, sorted as 1973b) and the dozens of ``\\def\\GRAP{{\\tt grap}}`` in Beebe's
bibliographies (``{\\GRAP}\\emdash a language`` prints "grap—a language"). A formatted list,
a CV or CSL-JSON has no LaTeX behind it to run them: without this module, the macros were
dropped with their text ("—a language", "1973b1973").

Only what a definition says for sure is expanded: ``\\def``, ``\\gdef``, ``\\edef``, ``\\xdef``
with undelimited parameters (``#1#2``), and ``\\newcommand``, ``\\renewcommand``,
``\\providecommand`` and ``\\DeclareRobustCommand`` (starred too) with their parameter count and
optional first argument. A definition with delimited parameters (``\\def\\x#1.{...}``), an
unbalanced body or a name :func:`belharbi_bib.latex.to_unicode` prints itself (the logos,
``\\Dash``, ``\\bs``: its text is the better one; a document's own ``\\TeX`` wins over a
preamble's ``\\ifx\\undefined`` fallback) is left alone; so is a macro whose body uses TeX that
is not text (``\\ifmmode``, ``\\setbox``, ``\\kern``, ``\\char92``: any control word that
:func:`~belharbi_bib.latex.to_unicode` neither prints nor drops as a font switch, nor
another macro kept here), which would print as debris ("0=u0=0 by1pt"). An expansion is
wrapped in braces, so that it stays one unit for case changes, and the expansions of a value
are bounded (depth and size: ``\\def\\a{\\a\\a}`` ends).

Everything here is pure; the ``.bib`` exports and ``normalize`` keep the macros as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from belharbi_bib import patterns, values
from belharbi_bib.latex import FONT_SWITCHES, prints_macro
from belharbi_bib.model import Field, Library, Preamble, Record, StringDef
from belharbi_bib.structs import dataclass, replace
from belharbi_bib.verbatim import is_verbatim

__all__ = [
    "CONTROL_SEQUENCE",
    "Macro",
    "definitions",
    "expand",
    "expand_library",
    "expand_records",
    "group_end",
    "macros_of",
    "preamble_texts",
    "with_definitions",
]


@dataclass(frozen=True, slots=True)
class Macro:
    """A macro a preamble defines.

    Attributes:
        name: The control word, without its backslash (``noopsort``).
        parameters: How many arguments it takes (0 to 9).
        body: What it stands for, ``#1`` ... ``#9`` standing for the arguments.
        default: The default of an optional first argument (``\\newcommand{\\x}[2][d]{...}``),
            None when every argument is mandatory.
    """

    name: str
    parameters: int
    body: str
    default: str | None = None


_DEF = patterns.compile(r"\\[gex]?def\s*\\([A-Za-z]+)((?:\s*#[1-9])*)\s*(?=\{)")
_NEWCOMMAND = patterns.compile(
    r"\\(newcommand|renewcommand|providecommand|DeclareRobustCommand)\*?\s*"
    r"(?:\{\s*\\([A-Za-z]+)\s*\}|\\([A-Za-z]+))\s*(?:\[\s*([0-9])\s*\]\s*)?"
)
CONTROL_SEQUENCE = patterns.compile(r"\\(?:([A-Za-z]+)|.)", re.DOTALL)
"""A control sequence as TeX reads it: a control word (its name, group 1) or symbol."""
_PARAMETER = patterns.compile(r"#([1-9#])")
_BRACE = patterns.compile(r"\\.|[{}]", re.DOTALL)

MAX_DEPTH = 16
"""Expansions within expansions beyond this depth are left as written."""
MAX_GROWTH = 8
"""A value's expansion stops once it is this many times as long as the value (plus 4096)."""


def definitions(text: str) -> dict[str, Macro]:
    r"""Return the macros ``text`` (a preamble) defines, by name; later definitions win.

    ``\newcommand`` and ``\providecommand`` do not replace an earlier definition; ``\def``,
    ``\renewcommand`` and ``\DeclareRobustCommand`` do.

    >>> found = definitions(r"\newcommand{\noopsort}[1]{} \ifx\undefined\G \def\G{{\tt grap}}\fi")
    >>> found["noopsort"], found["G"].body
    (Macro(name='noopsort', parameters=1, body='', default=None), '{\\tt grap}')
    >>> sorted(definitions(r"\def\TeX{T} \def\x#1.{#1} \def\y#1#2{#2#1}"))
    ['y']
    """
    found: dict[str, Macro] = {}
    position = 0
    while True:
        match = _next_definition(text, position)
        if match is None:
            return _text_macros(found)
        position = match.end()
        macro, end, replaces = _definition(text, match)
        if macro is None:
            continue
        position = end
        if (replaces or macro.name not in found) and not prints_macro(macro.name):
            found[macro.name] = macro


def _text_macros(macros: dict[str, Macro]) -> dict[str, Macro]:
    """Return the macros of ``macros`` whose bodies are text (see the module's docstring).

    A body may use the control words :func:`~belharbi_bib.latex.to_unicode` prints or drops
    as font switches, and the macros kept before it: the least fixed point, so a macro
    defined through itself (``\\def\\a{\\a\\a}``) is not kept.
    """
    uses = {name: _control_words(macro.body) for name, macro in macros.items()}
    unknown = {
        name: {word for word in words if word not in FONT_SWITCHES and not prints_macro(word)}
        for name, words in uses.items()
    }
    kept: dict[str, Macro] = {}
    changed = True
    while changed:
        changed = False
        for name, macro in macros.items():
            if name not in kept and unknown[name] <= kept.keys():
                kept[name] = macro
                changed = True
    return {name: macro for name, macro in macros.items() if name in kept}


def _control_words(text: str) -> set[str]:
    return {match.group(1) for match in CONTROL_SEQUENCE.finditer(text) if match.group(1)}


def _next_definition(text: str, position: int) -> re.Match[str] | None:
    matches = [m for m in (_DEF.search(text, position), _NEWCOMMAND.search(text, position)) if m]
    return min(matches, key=lambda m: m.start()) if matches else None


def _definition(text: str, match: re.Match[str]) -> tuple[Macro | None, int, bool]:
    """Return the macro ``match`` starts to define, where its definition ends, and if it replaces.

    The macro is None when the definition is not one this module reads.
    """
    if match.re is _DEF:
        parameters = match.group(2).replace(" ", "").replace("\t", "").replace("\n", "")
        count = len(parameters) // 2
        if parameters != "".join(f"#{i}" for i in range(1, count + 1)):
            return None, match.end(), False
        body, end = _group(text, match.end())
        if body is None:
            return None, match.end(), False
        return Macro(match.group(1), count, body), end, True
    command, name = match.group(1), match.group(2) or match.group(3)
    count = int(match.group(4) or 0)
    position, default = match.end(), None
    if count and text.startswith("[", position):
        close = _bracket_end(text, position)
        if close < 0:
            return None, match.end(), False
        default = text[position + 1 : close]
        position = close + 1
        while position < len(text) and text[position].isspace():
            position += 1
    body, end = _group(text, position)
    if body is None:
        return None, match.end(), False
    replaces = command in ("renewcommand", "DeclareRobustCommand")
    return Macro(name, count, body, default), end, replaces


def group_end(text: str, start: int) -> int:
    r"""Return the index past the ``}`` closing the brace group at ``start``; -1 if unclosed.

    A backslash escapes the character after it (``\{``; ``\\`` is one escaped backslash).

    >>> group_end(r"{a\}{b}}c", 0), group_end("{a", 0), group_end(r"{a\\}b", 0)
    (8, -1, 5)
    """
    depth = 0
    for match in _BRACE.finditer(text, start):
        brace = match.group()
        if len(brace) == 2:  # an escaped character
            continue
        depth += 1 if brace == "{" else -1
        if depth == 0:
            return match.end()
    return -1


def _group(text: str, start: int) -> tuple[str | None, int]:
    """Return the content of the brace group opening at ``start`` and the index after it."""
    if not text.startswith("{", start):
        return None, start
    end = group_end(text, start)
    return (None, start) if end < 0 else (text[start + 1 : end - 1], end)


def _bracket_end(text: str, start: int) -> int:
    """Return the index of the ``]`` closing the optional argument at ``start`` (-1: none)."""
    depth = 0
    for index in range(start + 1, len(text)):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "]" and depth == 0:
            return index
    return -1


def macros_of(preambles: Iterable[str]) -> dict[str, Macro]:
    """Return the macros the preambles ``preambles`` (their texts, in order) define."""
    found: dict[str, Macro] = {}
    for text in preambles:
        if "\\" in text:
            for name, macro in definitions(text).items():
                found[name] = macro
    return found


def expand(text: str, macros: Mapping[str, Macro]) -> str:
    r"""Return ``text`` with the macros of ``macros`` expanded, each expansion in braces.

    As TeX reads a control word, the spaces after it are skipped; an argument is a brace
    group (its content) or one token. A macro whose arguments are missing stays as written.

    >>> found = definitions(r"\newcommand{\noopsort}[1]{} \def\GRAP{{\tt grap}} \def\sw#1#2{#2#1}")
    >>> expand(r"{\noopsort{1973b}}1973", found), expand(r"{\GRAP}\emdash x", found)
    ('{{}}1973', '{{{\\tt grap}}}\\emdash x')
    >>> expand(r"\sw{a}b \sw", found)
    '{ba} \\sw'
    """
    if "\\" not in text or not macros:
        return text
    budget = [MAX_GROWTH * len(text) + 4096]
    return _expand(text, macros, 0, budget)


def _expand(text: str, macros: Mapping[str, Macro], depth: int, budget: list[int]) -> str:
    out: list[str] = []
    position = 0
    while True:
        match = CONTROL_SEQUENCE.search(text, position)
        if match is None:
            break
        name = match.group(1)
        macro = macros.get(name) if name else None
        if macro is None:
            out.append(text[position : match.end()])
            position = match.end()
            continue
        arguments, end = _arguments(text, _after_spaces(text, match.end()), macro)
        if arguments is None:
            out.append(text[position : match.end()])
            position = match.end()
            continue
        body = _substituted(macro.body, arguments)
        budget[0] -= len(body)
        if budget[0] < 0:  # the expansion outgrew its bound: the rest stays as written
            out.append(text[position:])
            return "".join(out)
        if depth < MAX_DEPTH and "\\" in body:
            body = _expand(body, macros, depth + 1, budget)
        out.append(text[position : match.start()])
        out.append("{" + body + "}")
        position = end
    out.append(text[position:])
    return "".join(out)


def _substituted(body: str, arguments: list[str]) -> str:
    """Return ``body`` with ``#1`` ... ``#9`` replaced by the arguments and ``##`` by ``#``."""
    if "#" not in body:
        return body
    return _PARAMETER.sub(
        lambda m: "#" if m.group(1) == "#" else _nth(arguments, int(m.group(1))), body
    )


def _nth(arguments: list[str], number: int) -> str:
    return arguments[number - 1] if number <= len(arguments) else ""


def _after_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\n\r":
        position += 1
    return position


def _arguments(text: str, position: int, macro: Macro) -> tuple[list[str] | None, int]:
    """Return the arguments of ``macro`` read from ``position``, and where they end."""
    arguments: list[str] = []
    for index in range(macro.parameters):
        if index == 0 and macro.default is not None:
            if text.startswith("[", position):
                close = _bracket_end(text, position)
                if close < 0:
                    return None, position
                arguments.append(text[position + 1 : close])
                position = close + 1
            else:
                arguments.append(macro.default)
            continue
        position = _after_spaces(text, position)
        if position >= len(text) or text[position] == "}":
            return None, position
        if text[position] == "{":
            argument, end = _group(text, position)
            if argument is None:
                return None, position
        elif text[position] == "\\":
            token = CONTROL_SEQUENCE.match(text, position)
            end = token.end() if token else position + 1
            argument = text[position:end]
        else:
            end = position + 1
            argument = text[position]
        arguments.append(argument)
        position = end
    return arguments, position


def expand_records(records: Iterable[Record], macros: Mapping[str, Macro]) -> list[Record]:
    """Return ``records`` with ``macros`` expanded in their text fields (verbatim ones kept).

    A record none of whose fields changes is returned as the same object.
    """
    if not macros:
        return list(records)
    return [_expanded(record, macros) for record in records]


def _expanded(record: Record, macros: Mapping[str, Macro]) -> Record:
    fields: list[Field] | None = None
    for index, item in enumerate(record.fields):
        if ("\\" not in item.raw and "\\" not in (item.text or "")) or is_verbatim(item.name):
            continue
        raw = expand(item.raw, macros)
        text = None if item.text is None else expand(item.text, macros)
        if raw == item.raw and text == item.text:
            continue
        if fields is None:
            fields = list(record.fields)
        fields[index] = Field(item.name, raw, item.line, text)
    return record if fields is None else replace(record, fields=tuple(fields))


def preamble_texts(library: Library) -> list[str]:
    """Return the text of each ``@preamble`` of ``library``, its ``@string`` macros expanded.

    The library's macros are expanded only when it has a preamble (most files have none).

    >>> from belharbi_bib.bibtex.reader import parse_string
    >>> preamble_texts(parse_string('@string{a = "x"} @preamble{a # "y"} @misc{k}'))
    ['xy']
    """
    blocks = [block for block in library.blocks if isinstance(block, Preamble)]
    if not blocks:
        return []
    strings = library.strings
    return [values.expand(block.raw, strings)[0] for block in blocks]


def library_macros(library: Library) -> dict[str, Macro]:
    """Return the macros the ``@preamble`` blocks of ``library`` define."""
    return macros_of(preamble_texts(library))


def expand_library(library: Library, macros: Mapping[str, Macro] | None = None) -> Library:
    """Return ``library`` with the macros of its ``@preamble`` blocks expanded in its records.

    The same library object comes back when its preambles define no macro it expands.
    ``macros``, when given, are :func:`library_macros` of ``library``, already known.

    >>> from belharbi_bib.bibtex.reader import parse_string
    >>> lib = parse_string('@preamble{"\\\\newcommand{\\\\noopsort}[1]{}"}\\n'
    ...                    '@book{k, year = "{\\\\noopsort{1973b}}1973"}')
    >>> expand_library(lib).records[0].year
    1973
    """
    if macros is None:
        macros = library_macros(library)
    if not macros:
        return library
    blocks = tuple(
        _expanded(block, macros) if isinstance(block, Record) else block for block in library.blocks
    )
    return replace(library, blocks=blocks)


def with_definitions(library: Library, records: Iterable[Record]) -> Library:
    """Return a library of ``records`` with the ``@string`` and ``@preamble`` blocks of ``library``.

    What a selection of a library's works needs for :func:`expand_library` to expand them.
    """
    kept = tuple(block for block in library.blocks if isinstance(block, (StringDef, Preamble)))
    return Library((*kept, *records), (), library.path)
