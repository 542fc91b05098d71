"""Files: reading bytes into text (encoding detection) and atomic writes. The only ``open()``."""

from __future__ import annotations

import codecs
import contextlib
import os
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from belharbi_bib.errors import ReadError, WriteError
from belharbi_bib.problems import Problem, Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from a file, with the encoding used and what was odd about it."""

    text: str
    encoding: str
    problems: tuple[Problem, ...] = ()


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Return the bytes of a file.

    Raises:
        ReadError: The file does not exist, is a directory, or cannot be read.
    """
    try:
        return Path(path).read_bytes()
    except IsADirectoryError:
        raise ReadError(str(path), "is a directory") from None
    except FileNotFoundError:
        raise ReadError(str(path), "no such file") from None
    except OSError as exc:
        raise ReadError(str(path), exc.strerror or str(exc)) from None


def decode(data: bytes, path: str | None = None) -> Decoded:
    """Decode BibTeX bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else latin-1.

    Line endings are normalised to ``\\n``. Latin-1 is a fallback that never fails; it is
    reported as a warning naming the first line that is not UTF-8.

    >>> decode("Hérault\\r\\n".encode("utf-16")).text
    'Hérault\\n'
    >>> d = decode(b"a\\nH\\xe9rault", "x.bib")
    >>> d.text, d.encoding, d.problems[0].line
    ('a\\nHérault', 'latin-1', 2)
    """
    problems: list[Problem] = []
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        data = data[3:]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ReadError(path or "<input>", f"invalid UTF-16: {exc.reason}") from None
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8-sig" if bom else "utf-8"
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            text, encoding = data.decode("latin-1"), "latin-1"
            problems.append(
                Problem(
                    "bib.encoding",
                    "not valid UTF-8; read as latin-1 (check accented characters)",
                    Severity.WARNING,
                    path,
                    line,
                )
            )
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        problems.append(
            Problem("bib.nul", "NUL characters in the file", Severity.WARNING, path, line)
        )
    return Decoded(text, encoding, tuple(problems))


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write UTF-8 text to ``path`` through a temporary file and a rename.

    Either the whole new content is in place afterwards or the old file is untouched.

    Raises:
        WriteError: The directory is missing or not writable, or the disk is full.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        mode = target.stat().st_mode & 0o7777 if target.exists() else _new_file_mode()
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise WriteError(str(path), exc.strerror or str(exc)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except (OSError, UnicodeError) as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise WriteError(str(path), reason) from None


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename, creating its directory.

    Meant for caches: private mode (0o600), no ``fsync`` (a cache lost in a crash is rebuilt).

    Raises:
        OSError: The directory cannot be created or written.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def user_cache_dir(area: str = "", env: Mapping[str, str] | None = None) -> Path:
    """Return the user's cache directory for belharbi-bib (``area`` names a subdirectory).

    ``$XDG_CACHE_HOME/belharbi-bib``, else ``~/.cache/belharbi-bib``. Nothing is created.

    >>> user_cache_dir("render", {"XDG_CACHE_HOME": "/tmp/c"}).as_posix()
    '/tmp/c/belharbi-bib/render'
    """
    env = os.environ if env is None else env
    base = env.get("XDG_CACHE_HOME")
    root = (Path(base) if base else Path.home() / ".cache") / "belharbi-bib"
    return root / area if area else root


def _new_file_mode() -> int:
    """Return the mode ``open()`` would give a new file (0o666 less the umask).

    ``mkstemp`` creates private (0o600) files; a written page or ``.bib`` must not end up
    unreadable to others where the user's umask says otherwise.
    """
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def read_toml(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Return the decoded content of a UTF-8 TOML file.

    Raises:
        ReadError: The file cannot be read, is not UTF-8, or is not valid TOML.
    """
    try:
        data: dict[str, Any] = tomllib.loads(read_bytes(path).decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ReadError(os.fspath(path), f"invalid TOML: {exc}") from None
    return data
