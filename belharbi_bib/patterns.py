"""The package's regular expressions, compiled ahead of time.

:func:`compile` is :func:`re.compile` for the package's own patterns. Compiling a pattern
runs :mod:`re`'s parser and code generator, written in Python: the ~80 patterns a
``normalize`` run needs (55 when its modules load, the rest on first use, such as the
protected terms' ~830-character hint) took about a sixth of an empty file's run, 29 million
of its 177 million instructions (docs/benchmarks.md, round 2, ninth part).
:mod:`belharbi_bib._patterns` holds what that compiler produces for each of the package's
patterns (the regular-expression engine's code, flags and groups), written by
:func:`codes_module`; :func:`compile` hands those to the engine as :mod:`re` itself does at
the end of a compile (``_sre.compile``), so loading a pattern costs a lookup.

The stored codes are used only by the interpreter they were made for: CPython, the same
minor version and the same engine (``_sre.MAGIC``, which CPython changes whenever the
engine's code changes), on a machine of the same byte order (each code is stored as its
4-byte words, in hexadecimal: a tuple of integers took 19 ms to compile where no bytecode is
kept, this 3). Anywhere else, and for a pattern not stored (one made from a user's
data or configuration), :func:`compile` is :func:`re.compile`. Either way the pattern
objects are equal: ``tests/test_patterns.py`` checks that each stored code is what :mod:`re`
compiles on the interpreter running the tests, and that the file holds exactly the patterns
the package compiles (``BELHARBI_BIB_UPDATE_GOLDEN=1`` writes it again).

Call it as ``patterns.compile(...)``, never imported by name, so that the tests can see every
pattern the package compiles.
"""

from __future__ import annotations

import _sre
import importlib
import re
import sys

from belharbi_bib import _patterns

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import AnyStr

    from belharbi_bib._patterns import Code

__all__ = ["codes_module", "compile", "stored"]

_CODES: dict[tuple[str | bytes, int], Code] = (
    _patterns.CODES
    if (
        sys.implementation.name == "cpython"
        and sys.version_info[:2] == _patterns.VERSION
        and _sre.MAGIC == _patterns.MAGIC
        and sys.byteorder == getattr(_patterns, "BYTEORDER", None)  # None: an older table
        and _sre.CODESIZE == 4
    )
    else {}
)


def compile(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """Return ``re.compile(pattern, flags)``, from its stored code when there is one.

    Args:
        pattern: The regular expression.
        flags: :mod:`re` flags, as for :func:`re.compile`.

    Returns:
        The compiled pattern: equal to what :func:`re.compile` returns.
    """
    row = _CODES.get((pattern, flags))
    if row is None:
        return re.compile(pattern, flags)
    final, code, groups, groupindex, indexgroup = row
    words = memoryview(bytes.fromhex(code)).cast("I").tolist()
    compiled: re.Pattern[AnyStr] = _sre.compile(
        pattern, final, words, groups, groupindex, indexgroup
    )
    return compiled


def stored(pattern: str | bytes, flags: int = 0) -> bool:
    """Tell whether :func:`compile` loads ``pattern`` from a stored code on this interpreter."""
    return (pattern, flags) in _CODES


def codes_module(keys: Iterable[tuple[str | bytes, int]]) -> str:
    """Return the text of :mod:`belharbi_bib._patterns` holding the codes of ``keys``.

    Each key is a ``(pattern, flags)`` pair as :func:`compile` receives it; each is compiled
    here by :mod:`re`'s own compiler, on this interpreter, and the module is stamped with the
    interpreter's version and engine. Keys are sorted, so the same patterns give the same text.

    Args:
        keys: The patterns to store, with their flags (repeats are ignored).

    Returns:
        The module's source text.
    """
    new = sys.version_info >= (3, 11)  # re's compiler was sre_compile and sre_parse before
    compiler = importlib.import_module("re._compiler" if new else "sre_compile")
    parser = importlib.import_module("re._parser" if new else "sre_parse")
    lines = [
        '"""The regular-expression engine\'s code for each of the package\'s patterns.',
        "",
        "Written by :func:`belharbi_bib.patterns.codes_module` (``BELHARBI_BIB_UPDATE_GOLDEN=1",
        "pytest tests/test_patterns.py`` writes it again); do not edit. Used only on the",
        "interpreter below (:mod:`belharbi_bib.patterns`).",
        '"""',
        "",
        "# ruff: noqa",
        "# mypy: ignore-errors",
        "# pylint: skip-file",
        "# fmt: off",
        "",
        "from __future__ import annotations",
        "",
        f"VERSION = {tuple(sys.version_info[:2])!r}",
        f"MAGIC = {_sre.MAGIC!r}",
        f"BYTEORDER = {sys.byteorder!r}",
        "",
        "# (pattern, flags): (flags, the engine's code as 4-byte words in hexadecimal, groups,",
        "# group indices, group names)",
        "Code = tuple[int, str, int, dict[str, int], tuple[str | None, ...]]",
        "CODES: dict[tuple[str | bytes, int], Code] = {",
    ]
    rows = {(p, int(f)) for p, f in keys}
    for pattern, flags in sorted(rows, key=lambda row: (isinstance(row[0], bytes), row)):
        parsed = parser.parse(pattern, flags)
        ops = compiler._code(parsed, flags)
        code = b"".join(int(op).to_bytes(4, sys.byteorder) for op in ops).hex()
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        row = (flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex)
        lines.append(f"    ({pattern!r}, {flags!r}): {(*row, tuple(indexgroup))!r},")
    lines += ["}", ""]
    return "\n".join(lines)
