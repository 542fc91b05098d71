"""Data problems as values: a stable code, a severity, a message and where it was found."""

from __future__ import annotations

import enum
from collections.abc import Iterable

from belharbi_bib.structs import dataclass

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:  # protocols for type checkers only
    from typing import Protocol

    class _Lined(Protocol):
        @property
        def line(self) -> int | None: ...

    class Located(Protocol):
        """Where an entry was read: a :class:`~belharbi_bib.model.Record`."""

        @property
        def key(self) -> str:
            """The citation key."""

        @property
        def line(self) -> int | None:
            """The line of the ``@`` that opens the entry."""

        @property
        def path(self) -> str | None:
            """The file the entry was read from."""

        def get(self, name: str, /) -> _Lined | None:
            """Return the field called ``name`` (which knows its line), or None."""


class Severity(enum.Enum):
    """How bad a problem is: errors make commands exit 1, warnings only with ``--strict``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True, init=False)
class Problem:
    """Something wrong with the data, found while reading, checking or transforming it.

    Attributes:
        code: A stable dotted slug such as ``bib.syntax`` (see docs/cli.md for the list).
        message: A sentence for humans.
        severity: ERROR, WARNING or INFO.
        path: The file the problem was found in, when known.
        line: The 1-based line number, when known.
        key: The citation key of the entry concerned, when there is one.
    """

    code: str
    message: str
    severity: Severity = Severity.ERROR
    path: str | None = None
    line: int | None = None
    key: str | None = None

    def __init__(
        self,
        code: str,
        message: str,
        severity: Severity = Severity.ERROR,
        path: str | None = None,
        line: int | None = None,
        key: str | None = None,
    ) -> None:
        # Through the slots' descriptors, not the frozen class's object.__setattr__ calls: a
        # reader can make thousands of problems (one per undefined macro use).
        _set_code(self, code)
        _set_message(self, message)
        _set_severity(self, severity)
        _set_path(self, path)
        _set_line(self, line)
        _set_key(self, key)

    @classmethod
    def at(
        cls,
        record: Located,
        code: str,
        message: str,
        severity: Severity = Severity.ERROR,
        field: str = "",
    ) -> Problem:
        """Return a problem located at ``record`` (at the line of its ``field``, when given).

        >>> from belharbi_bib.model import Field, Record
        >>> r = Record("k", "misc", (Field("pages", "{1}", line=4),), line=3, path="a.bib")
        >>> Problem.at(r, "x.y", "odd", field="pages").format()
        'a.bib:4: error x.y: [k] odd'
        >>> Problem.at(r, "x.y", "odd", Severity.WARNING).format()
        'a.bib:3: warning x.y: [k] odd'
        """
        item = record.get(field) if field else None
        line = item.line if item is not None and item.line is not None else record.line
        return cls(code, message, severity, record.path, line, record.key or None)

    def format(self) -> str:
        """Return the problem as ``path:line: severity code: message``.

        >>> Problem("bib.syntax", "unbalanced braces", path="a.bib", line=3).format()
        'a.bib:3: error bib.syntax: unbalanced braces'
        >>> Problem("bib.syntax", "bad", path="a.bib", line=3, key="k").format()
        'a.bib:3: error bib.syntax: [k] bad'
        >>> Problem("check.incomplete", "no pages", Severity.WARNING, key="k").format()
        '<input>: warning check.incomplete: [k] no pages'
        """
        where = self.path or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        subject = f"[{self.key}] " if self.key else ""
        return f"{where}: {self.severity.value} {self.code}: {subject}{self.message}"


_set_code, _set_message, _set_severity, _set_path, _set_line, _set_key = (
    Problem.__dict__[name].__set__
    for name in ("code", "message", "severity", "path", "line", "key")
)


class Produced(str):
    """Text a function produced (a ``str``), carrying the problems met producing it.

    ``format()``, ``export()`` and ``cv()`` return one: use it as the text it is, and look at
    ``.problems`` when you care.

    >>> out = Produced("@misc{k}", [Problem("x.y", "odd", Severity.WARNING)])
    >>> out == "@misc{k}", out.text, [p.code for p in out.problems]
    (True, '@misc{k}', ['x.y'])
    """

    problems: tuple[Problem, ...]

    def __new__(cls, text: str, problems: Iterable[Problem] = ()) -> Produced:
        """Return ``text`` carrying ``problems``."""
        made = super().__new__(cls, text)
        made.problems = tuple(problems)
        return made

    def __reduce__(self) -> tuple[type[Produced], tuple[str, tuple[Problem, ...]]]:
        """Pickle the text with its problems."""
        return (type(self), (str(self), self.problems))

    @property
    def text(self) -> str:
        """The text as a plain ``str``."""
        return str(self)


def count_errors(problems: tuple[Problem, ...] | list[Problem]) -> int:
    """Return how many of ``problems`` are errors.

    >>> count_errors([Problem("a", "x"), Problem("b", "y", Severity.WARNING)])
    1
    """
    return sum(1 for p in problems if p.severity is Severity.ERROR)
