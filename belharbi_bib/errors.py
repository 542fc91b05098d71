"""Exceptions: misuse of the API and unrecoverable I/O (data problems are Problem values)."""

from __future__ import annotations


class BibError(Exception):
    """Base class of every exception this package raises on purpose."""


class ReadError(BibError):
    """A file could not be read at all (missing, a directory, permission denied)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type[ReadError], tuple[str, str]]:
        return (type(self), (self.path, self.reason))


class WriteError(BibError):
    """A file could not be written; the original, if any, is left untouched."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type[WriteError], tuple[str, str]]:
        return (type(self), (self.path, self.reason))


class UnknownKeyError(BibError, KeyError):
    """A citation key was looked up that the library does not hold."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key

    def __str__(self) -> str:
        return f"no entry with key {self.key!r}"
