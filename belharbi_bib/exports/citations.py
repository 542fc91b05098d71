r"""The keys a LaTeX project cites: read from ``.aux`` or ``.tex`` files, resolved to records.

``.aux`` files hold ``\citation{a,b}`` (BibTeX) or ``\abx@aux@cite{0}{a}`` (biblatex) lines and
``\@input{chapter.aux}`` for included files. ``.tex`` files hold ``\cite``, ``\citep``,
``\citet``, ``\parencite``, ``\textcite``, ``\autocite``, ``\nocite`` ... with optional
``[..][..]`` arguments, starred forms, comma lists and biblatex's multicite commands
(``\cites[..]{a}[..]{b}``); comments are ignored and ``\input``/``\include`` are followed.
``*`` (from ``\nocite{*}``) stands for every work.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from belharbi_bib import patterns
from belharbi_bib.files import decode, read_bytes
from belharbi_bib.model import Record
from belharbi_bib.problems import Problem, Severity
from belharbi_bib.structs import dataclass, replace

ALL = "*"
"""The key ``\\nocite{*}`` cites: every work."""


@dataclass(frozen=True, slots=True)
class Citation:
    """One cited key and where it is cited.

    Attributes:
        key: The key as written (``*`` for every work).
        path: The file it was read from, when any.
        line: The 1-based line, when known.
    """

    key: str
    path: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        return self.key


@dataclass(frozen=True, slots=True)
class Cited:
    """What a LaTeX project cites, and the problems met reading it."""

    citations: tuple[Citation, ...] = ()
    problems: tuple[Problem, ...] = ()


_AUX_CITATION = patterns.compile(r"\\citation\{([^{}]*)\}")
_AUX_BIBLATEX = patterns.compile(r"\\abx@aux@cite\{([^{}]*)\}(?:\{([^{}]*)\})?")
_AUX_INPUT = patterns.compile(r"\\@input\{([^{}]*)\}")
_CITE_COMMAND = patterns.compile(r"\\([A-Za-z]*cite[A-Za-z]*)(\*?)")
_NOT_CITING = frozenset({"citestyle", "citeindextrue", "citeindexfalse", "citesetup"})
_INPUT_COMMAND = patterns.compile(r"\\(input|include|subfile|includefrom|subimport|import)\s*\{")
_SKIPPED_ENVIRONMENTS = patterns.compile(
    r"\\begin\{(comment|verbatim\*?|lstlisting|minted)\}.*?\\end\{\1\}", re.DOTALL
)
_IFFALSE = patterns.compile(r"\\iffalse\b.*?\\fi\b", re.DOTALL)


def split_keys(text: str) -> list[str]:
    """Split a comma list of keys, dropping blanks and macro parameters (``#1``).

    >>> split_keys(" a, b ,,c ")
    ['a', 'b', 'c']
    >>> split_keys("#1")
    []
    """
    return [k for k in (part.strip() for part in text.split(",")) if k and "#" not in k]


@dataclass(frozen=True, slots=True)
class Include:
    """A file a LaTeX file includes (``\\input``, ``\\include``, ``\\@input``), and where."""

    name: str
    line: int

    def __str__(self) -> str:
        return self.name


Event = Citation | Include
"""What a file says, in document order: a citation or an included file."""


def aux_events(text: str, path: str | None = None) -> list[Event]:
    r"""Return the citations and included files of an ``.aux`` text, in order.

    >>> text = "\\citation{a,b}\n\\@input{ch1.aux}\n\\abx@aux@cite{0}{c}"
    >>> [str(e) for e in aux_events(text)]
    ['a', 'b', 'ch1.aux', 'c']
    """
    events: list[Event] = []
    for number, line in enumerate(text.splitlines(), 1):
        found: list[tuple[int, list[Event]]] = []
        for match in _AUX_CITATION.finditer(line):
            cited = [Citation(k, path, number) for k in split_keys(match.group(1))]
            found.append((match.start(), list(cited)))
        for match in _AUX_BIBLATEX.finditer(line):
            key = match.group(2) if match.group(2) is not None else match.group(1)
            cited = [Citation(k, path, number) for k in split_keys(key)]
            found.append((match.start(), list(cited)))
        for match in _AUX_INPUT.finditer(line):
            found.append((match.start(), [Include(match.group(1), number)]))
        for _, items in sorted(found, key=lambda pair: pair[0]):
            events.extend(items)
    return events


def parse_aux(text: str, path: str | None = None) -> tuple[list[Citation], list[str]]:
    r"""Return the citations of an ``.aux`` text and the ``.aux`` files it includes.

    >>> text = "\\citation{a,b}\n\\abx@aux@cite{0}{c}\n\\@input{ch1.aux}"
    >>> cites, inputs = parse_aux(text)
    >>> [(c.key, c.line) for c in cites], inputs
    ([('a', 1), ('b', 1), ('c', 2)], ['ch1.aux'])
    """
    return _split(aux_events(text, path))


def _split(events: list[Event]) -> tuple[list[Citation], list[str]]:
    citations = [e for e in events if isinstance(e, Citation)]
    return citations, [e.name for e in events if isinstance(e, Include)]


def strip_comments(text: str) -> str:
    r"""Remove TeX comments, ``comment``/verbatim environments and ``\iffalse`` blocks.

    Line breaks are kept, so line numbers stay right.

    >>> strip_comments("a % \\cite{x}\nb 50\\% c")
    'a \nb 50\\% c'
    """
    lines = []
    for line in text.split("\n"):
        cut = _comment_start(line)
        lines.append(line if cut < 0 else line[:cut])
    text = "\n".join(lines)

    def blank(match: re.Match[str]) -> str:
        return "\n" * match.group(0).count("\n")

    return _IFFALSE.sub(blank, _SKIPPED_ENVIRONMENTS.sub(blank, text))


def _comment_start(line: str) -> int:
    """Return the index of the ``%`` that starts a comment (not ``\\%``), or -1."""
    for match in re.finditer("%", line):
        backslashes = len(line[: match.start()]) - len(line[: match.start()].rstrip("\\"))
        if backslashes % 2 == 0:
            return match.start()
    return -1


def _group_end(text: str, start: int, open_: str, close: str) -> int:
    """Return the index just past the delimiter closing the one at ``start``, or -1."""
    depth = 0
    for i in range(start, len(text)):
        char = text[i]
        if char == open_:
            depth += 1
        elif char == close:
            depth -= 1
            if depth == 0:
                return i + 1
    return -1


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n":
        pos += 1
    return pos


def _cite_arguments(text: str, pos: int, multi: bool) -> list[tuple[int, str]]:
    """Read a cite command's arguments from ``pos``; return its key groups with offsets."""
    groups: list[tuple[int, str]] = []
    while True:
        nxt = _skip_space(text, pos)
        if nxt >= len(text):
            return groups
        char = text[nxt]
        if char == "[" or (char == "(" and multi):
            end = _group_end(text, nxt, char, "]" if char == "[" else ")")
        elif char == "{":
            end = _group_end(text, nxt, "{", "}")
            if end > 0:
                groups.append((nxt, text[nxt + 1 : end - 1]))
                if not multi:
                    return groups
        else:
            return groups
        if end < 0:
            return groups
        pos = end


def tex_events(text: str, path: str | None = None) -> list[Event]:
    r"""Return the citations and included files of a ``.tex`` text, in document order.

    >>> [str(e) for e in tex_events("\\cite{a}\\input{intro}\\citep[p.~1]{b}")]
    ['a', 'intro', 'b']
    """
    text = strip_comments(text)
    found: list[tuple[int, Event]] = []
    for match in _CITE_COMMAND.finditer(text):
        name = match.group(1)
        if name.lower() in _NOT_CITING:
            continue
        multi = name.lower().endswith("cites")
        for offset, group in _cite_arguments(text, match.end(), multi):
            line = text.count("\n", 0, offset) + 1
            found.extend((offset, Citation(k, path, line)) for k in split_keys(group))
    for match in _INPUT_COMMAND.finditer(text):
        target, end = _input_target(text, match)
        if target:
            found.append((match.start(), Include(target, text.count("\n", 0, end) + 1)))
    return [event for _, event in sorted(found, key=lambda pair: pair[0])]


def _input_target(text: str, match: re.Match[str]) -> tuple[str, int]:
    """Return the file an input command names (``\\import{dir/}{file}`` joined) and its end."""
    start = match.end() - 1
    end = _group_end(text, start, "{", "}")
    if end < 0:
        return "", start
    target = text[start + 1 : end - 1].strip()
    if match.group(1) in ("import", "subimport", "includefrom"):
        second = _skip_space(text, end)
        if second < len(text) and text[second] == "{":
            close = _group_end(text, second, "{", "}")
            if close > 0:
                target += text[second + 1 : close - 1].strip()
                end = close
    return target, end


def parse_tex(text: str, path: str | None = None) -> tuple[list[Citation], list[str]]:
    r"""Return the citations of a ``.tex`` text and the files it inputs.

    >>> tex = "See \\citep[e.g.][p.~3]{a, b} and \\textcite{c}. % \\cite{no}\n"
    >>> tex += "\\nocite{*}\\cites[x]{d}[y]{e}\\input{intro}"
    >>> cites, inputs = parse_tex(tex)
    >>> [c.key for c in cites], [c.line for c in cites], inputs
    (['a', 'b', 'c', '*', 'd', 'e'], [1, 1, 1, 2, 2, 2], ['intro'])
    """
    return _split(tex_events(text, path))


def read_aux(paths: Sequence[str | os.PathLike[str]]) -> Cited:
    r"""Read the citations of ``.aux`` files, following ``\@input`` where it stands.

    Raises:
        ReadError: A file given cannot be read (an included one gives a problem instead).
    """
    return _Reader(aux_events, lambda base, name: base / name).read(paths)


def read_tex(paths: Sequence[str | os.PathLike[str]]) -> Cited:
    r"""Read the citations of ``.tex`` files, following ``\input``/``\include`` where they stand.

    Included names resolve against the first file's directory, as LaTeX does when run there.

    Raises:
        ReadError: A file given cannot be read (an included one gives a problem instead).
    """
    return _Reader(tex_events, _tex_path).read(paths)


def _tex_path(base: Path, name: str) -> Path:
    path = base / name
    return path if path.suffix == ".tex" else path.with_name(path.name + ".tex")


@dataclass(frozen=True)
class _Reader:
    """Reads files depth-first, each once, splicing included files in where they stand."""

    events: Callable[[str, str | None], list[Event]]
    locate: Callable[[Path, str], Path]

    def read(self, paths: Sequence[str | os.PathLike[str]]) -> Cited:
        base = Path(paths[0]).parent if paths else Path()
        citations: list[Citation] = []
        problems: list[Problem] = []
        seen: set[Path] = set()
        for path in paths:
            self._read_file(Path(path), base, seen, citations, problems)
        return Cited(tuple(citations), tuple(problems))

    def _read_file(
        self,
        path: Path,
        base: Path,
        seen: set[Path],
        citations: list[Citation],
        problems: list[Problem],
    ) -> None:

        resolved = path.resolve()
        if resolved in seen:
            return
        seen.add(resolved)
        name = os.fspath(path)
        for event in self.events(decode(read_bytes(path), name).text, name):
            if isinstance(event, Citation):
                citations.append(event)
                continue
            target = self.locate(base, event.name)
            if target.is_file():
                self._read_file(target, base, seen, citations, problems)
            else:
                problems.append(
                    Problem(
                        "export.missing-input",
                        f"included file {os.fspath(target)!r} not found; its citations are "
                        "not read",
                        Severity.INFO,
                        name,
                        event.line,
                    )
                )


def resolve(
    records: Iterable[Record],
    citations: Iterable[Citation],
    *,
    rename: bool,
    unknown: Severity = Severity.WARNING,
) -> tuple[tuple[Record, ...], tuple[Problem, ...]]:
    """Return the cited records, in library order, and problems for keys nobody has.

    A key matches a record's key or an alias in its ``ids`` field, case-insensitively. With
    ``rename`` (classic BibTeX, which has no aliases) a record is written under the name it is
    cited by, once per distinct name; without it (biblatex: biber resolves ``ids``) it keeps its
    key, unless it is cited by its key spelled with other capitals.

    >>> from belharbi_bib.model import Field
    >>> lib = [Record("new", "misc", (Field.of("ids", "old"),)), Record("other", "misc")]
    >>> found, problems = resolve(lib, [Citation("old"), Citation("nobody")], rename=True)
    >>> [r.key for r in found], [p.code for p in problems]
    (['old'], ['export.unknown-key'])
    >>> [r.key for r in resolve(lib, [Citation("old")], rename=False)[0]]
    ['new']
    """
    works = tuple(records)
    index: dict[str, Record] = {}
    for record in works:
        index.setdefault(record.key.casefold(), record)
    for record in works:
        for alias in _aliases(record):
            index.setdefault(alias.casefold(), record)
    names: dict[str, list[str]] = {}
    problems: list[Problem] = []
    unknown_seen: set[str] = set()
    everything = False
    for citation in citations:
        if citation.key == ALL:
            everything = True
            continue
        target = index.get(citation.key.casefold())
        if target is None:
            if citation.key.casefold() not in unknown_seen:
                unknown_seen.add(citation.key.casefold())
                problems.append(
                    Problem(
                        "export.unknown-key",
                        f"cited key {citation.key!r} is not in the database",
                        unknown,
                        citation.path,
                        citation.line,
                    )
                )
            continue
        spellings = names.setdefault(target.key, [])
        if all(citation.key.casefold() != n.casefold() for n in spellings):
            spellings.append(citation.key)
    found: list[Record] = []
    for record in works:
        cited = names.get(record.key, [])
        if not cited:
            if everything:
                found.append(record)
            continue
        if not rename:
            own = [n for n in cited if n.casefold() == record.key.casefold()]
            found.append(replace(record, key=own[0]) if own else record)
            continue
        if len(cited) > 1:
            problems.append(
                Problem(
                    "export.cited-twice",
                    f"cited under several keys ({', '.join(cited)}); BibTeX lists it once "
                    "per key: cite one key, or use biblatex, which resolves ids aliases",
                    Severity.WARNING,
                    record.path,
                    record.line,
                    record.key,
                )
            )
        found.extend(replace(record, key=name) for name in cited)
    return tuple(found), tuple(problems)


def _aliases(record: Record) -> list[str]:
    ids = record.field("ids") or ""
    return [part.strip() for part in ids.split(",") if part.strip()]
