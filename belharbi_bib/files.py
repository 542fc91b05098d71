"""Files: reading bytes into text (encoding detection) and atomic writes. The only ``open()``."""

from __future__ import annotations

import bisect
import codecs
import errno
import functools
import os
import re
import sys
from array import array
from collections.abc import Callable, Iterable, Mapping

from belharbi_bib import patterns
from belharbi_bib.dirs import cache_root
from belharbi_bib.errors import ReadError, WriteError
from belharbi_bib.problems import Problem, Severity
from belharbi_bib.structs import dataclass

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:  # nor pathlib: a reader needs neither
    from pathlib import Path
    from typing import Any, BinaryIO


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from a file, with the encoding used and what was odd about it."""

    text: str
    encoding: str
    problems: tuple[Problem, ...] = ()


def _read_error(path: str | os.PathLike[str], exc: OSError) -> ReadError:
    """Return the error a failed read of ``path`` is reported as."""
    if isinstance(exc, IsADirectoryError):
        return ReadError(str(path), "is a directory")
    if isinstance(exc, FileNotFoundError):
        return ReadError(str(path), "no such file")
    return ReadError(str(path), exc.strerror or str(exc))


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Return the bytes of a file.

    Raises:
        ReadError: The file does not exist, is a directory, or cannot be read.
    """
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise _read_error(path, exc) from None


def open_bytes(path: str | os.PathLike[str]) -> BinaryIO:
    """Open a file to read its bytes a piece at a time (the caller closes it).

    Raises:
        ReadError: The file does not exist, is a directory, or cannot be read.
    """
    try:
        return open(path, "rb")
    except OSError as exc:
        raise _read_error(path, exc) from None


STAND_IN = "\x7f"
"""What a character above U+00FF becomes in a narrowed text (see :func:`decode_narrow`)."""

SPACE_STAND_IN = "\x1f"
"""What a white-space character above U+00FF becomes in a narrowed text."""


def stand_in_for(char: str) -> str:
    """Return the stand-in for a character of a narrowed text (white space for white space)."""
    return SPACE_STAND_IN if char.isspace() else STAND_IN


def decode(data: bytes, path: str | None = None) -> Decoded:
    r"""Decode BibTeX bytes: UTF-8 (with or without BOM), UTF-16 with BOM, a JabRef header.

    Valid UTF-8 stays UTF-8; only the byte runs that are not UTF-8 are read as Windows-1252
    (latin-1 for the five bytes it leaves undefined), with a warning for each line holding
    one. A JabRef ``% Encoding: NAME`` header among the first lines is honoured. ``\r\n``
    becomes ``\n``; a lone ``\r`` is kept (the reader counts it as a line end).

    >>> decode("Hérault\r\n".encode("utf-16")).text
    'Hérault\n'
    >>> d = decode("Müller\nH".encode() + b"\xe9rault", "x.bib")
    >>> d.text, d.encoding, [(p.code, p.line) for p in d.problems]
    ('Müller\nHérault', 'utf-8+cp1252', [('bib.encoding', 2)])
    """
    return _decode(data, path, narrowing=False)[0]


@dataclass(frozen=True, slots=True)
class StandIns:
    """Where a narrowed text has stand-ins (see :func:`narrow`), and what they stand for.

    Attributes:
        positions: The position of each stand-in, in increasing order (a ``\x7f`` or ``\x1f``
            the text held already is not one).
        originals: The character each stand-in stands for, in the same order.
    """

    positions: array[int]
    originals: str


def narrow(text: str) -> tuple[str, StandIns]:
    r"""Return ``text`` with each character above U+00FF standing in as one byte.

    Python stores a string at the width of its widest character: one emoji makes a whole
    file's text four bytes a character. A character above U+00FF becomes :data:`STAND_IN`
    (:data:`SPACE_STAND_IN` when it is white space); positions are unchanged.

    >>> narrowed, stand_ins = narrow("Ω\u2009x\x7f")
    >>> narrowed, list(stand_ins.positions), stand_ins.originals
    ('\x7f\x1fx\x7f', [0, 1], 'Ω\u2009')
    """
    positions = array("q")
    originals: list[str] = []
    if text.isascii():
        return text, StandIns(positions, "")
    pieces = [
        _narrow_piece(text[at : at + _PIECE], at, positions, originals)
        for at in range(0, len(text), _PIECE)
    ]
    return "".join(pieces), StandIns(positions, "".join(originals))


def decode_narrow(data: bytes, path: str | None = None) -> tuple[Decoded, StandIns | None]:
    r"""Decode like :func:`decode`, each character above U+00FF standing in (:func:`narrow`).

    UTF-8 is decoded a few kilobytes at a time and each piece narrowed, so that a wide copy
    of the whole text never exists. The second value is None when the bytes are not plain
    UTF-8 (the text is then decoded as :func:`decode` does, not narrowed).

    >>> d, stand_ins = decode_narrow("Ω\r\n\u2009x\x7f".encode())
    >>> d.text, list(stand_ins.positions), stand_ins.originals
    ('\x7f\n\x1fx\x7f', [0, 2], 'Ω\u2009')
    """
    return _decode(data, path, narrowing=True)


_PIECE = 4096
"""Characters (or bytes) narrowed at a time: a wide character costs a re-encoding of the rest
of its piece only."""


def _narrow_piece(piece: str, offset: int, positions: array[int], originals: list[str]) -> str:
    """Return one piece narrowed; record its stand-ins (``offset``: where the piece starts)."""
    done = 0
    pieces: list[str] = []
    while True:
        try:
            piece[done:].encode("latin-1")
        except UnicodeEncodeError as exc:  # a run of characters above U+00FF
            first, last = done + exc.start, done + exc.end
            pieces.append(piece[done:first])
            for at in range(first, last):
                char = piece[at]
                positions.append(offset + at)
                originals.append(char)
                pieces.append(stand_in_for(char))
            done = last
        else:
            if not pieces:
                return piece
            pieces.append(piece[done:])
            return "".join(pieces)


def _narrow_utf8(data: bytes) -> tuple[str, StandIns] | None:
    """Decode UTF-8 ``data`` a piece at a time, narrowed, ``\r\n`` read as ``\n``.

    Pieces end just after a ``\n`` (never inside a character, nor inside ``\r\n``). None
    when the bytes are not UTF-8.
    """
    positions = array("q")
    originals: list[str] = []
    if data.isascii():
        text = data.decode("ascii")
        return (text.replace("\r\n", "\n") if "\r" in text else text), StandIns(positions, "")
    pieces: list[str] = []
    at = offset = 0
    size = len(data)
    while at < size:
        stop = data.find(b"\n", at + _PIECE)
        end = size if stop < 0 else stop + 1
        try:
            piece = data[at:end].decode("utf-8")
        except UnicodeDecodeError:
            return None
        if "\r" in piece:
            piece = piece.replace("\r\n", "\n")
        pieces.append(_narrow_piece(piece, offset, positions, originals))
        offset += len(piece)
        at = end
    return "".join(pieces), StandIns(positions, "".join(originals))


def _decode(data: bytes, path: str | None, narrowing: bool) -> tuple[Decoded, StandIns | None]:
    problems: list[Problem] = []
    stand_ins: StandIns | None = None
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        data = data[3:]
    wide = None if bom else _bomless_utf16(data)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ReadError(path or "<input>", f"invalid UTF-16: {exc.reason}") from None
    elif wide is not None:
        text, encoding = data.decode(wide), wide
    else:
        declared = None if bom else _declared_encoding(data, path, problems)
        if declared is not None:
            text, encoding = data.decode(declared, errors="replace"), declared
        else:
            narrowed = _narrow_utf8(data) if narrowing else None
            if narrowed is not None:
                (text, stand_ins), encoding = narrowed, "utf-8"
            else:
                text, encoding = _utf8_or_cp1252(data, path, problems)
            if encoding == "utf-8" and bom:
                encoding = "utf-8-sig"
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if "\x00" in text:
        line = _line_of(text, text.index("\x00"))
        problems.append(
            Problem("bib.nul", "NUL characters in the file", Severity.WARNING, path, line)
        )
    return Decoded(text, encoding, tuple(problems)), stand_ins


_HEADER = patterns.compile(rb"^[ \t]*%[ \t]*Encoding:[ \t]*([A-Za-z0-9_.:-]+)", re.MULTILINE)
_EMACS = patterns.compile(rb"(?:[^\n]*\n)?[^\n]*-\*-[^\n]*?\bcoding:[ \t]*([A-Za-z0-9_.:-]+)")
_RARE_PATTERNS = {
    "eol": r"-(?:unix|dos|mac)$",  # the end-of-line suffix of an Emacs coding name
    "escaped": "[\udc80-\udcff]+",  # a run of bytes that were not UTF-8
    "breaks": r"\r\n?|\n",  # a line end
}


@functools.cache
def _rare_pattern(name: str) -> re.Pattern[str]:
    """Return a pattern of :data:`_RARE_PATTERNS`, compiled on first use (odd files need it)."""
    return patterns.compile(_RARE_PATTERNS[name])


def _bomless_utf16(data: bytes) -> str | None:
    """Return the UTF-16 codec of a file without a BOM whose first characters are ASCII.

    BibTeX text begins with ASCII (``%``, ``@``, white space): in UTF-16 every other byte of it
    is NUL, which no other encoding a ``.bib`` uses produces.

    >>> _bomless_utf16("% x".encode("utf-16-be")), _bomless_utf16("% x".encode("utf-8"))
    ('utf-16-be', None)
    """
    head = data[:64]
    if len(head) < 4 or len(head) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    for codec, zeros, chars in (("utf-16-be", even, odd), ("utf-16-le", odd, even)):
        if not zeros.strip(b"\x00") and b"\x00" not in chars:
            try:
                data.decode(codec)
            except UnicodeDecodeError:
                return None
            return codec
    return None


def _declared_encoding(data: bytes, path: str | None, problems: list[Problem]) -> str | None:
    """Return the codec a file declares, unless it is UTF-8 or unknown.

    A JabRef ``% Encoding: NAME`` header is honoured; so is an Emacs ``-*- coding: NAME -*-``
    line (first or second line, ``latin-9-unix`` style names) when the file is not valid UTF-8.
    """
    found = _HEADER.search(data, 0, 2048)
    if found is None:
        found = _EMACS.match(data, 0, 2048)
        if found is None or _is_utf8(data):
            return None
    name = found.group(1).decode("ascii")
    codec = _codec(name)
    if codec is None:
        line = data.count(b"\n", 0, found.start(1)) + 1
        problems.append(
            Problem(
                "bib.encoding",
                f"unknown encoding {name!r} in the header; read as UTF-8",
                Severity.WARNING,
                path,
                line,
            )
        )
        return None
    return None if codec == "utf-8" else codec


def _codec(name: str) -> str | None:
    """The Python codec of an encoding name as JabRef or Emacs write it (``latin-9-unix``)."""
    bare = _rare_pattern("eol").sub("", name.lower())
    for candidate in (bare, bare.replace("-", ""), bare.removeprefix("iso-")):
        try:
            return codecs.lookup(candidate).name
        except LookupError:
            continue
    return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _utf8_or_cp1252(data: bytes, path: str | None, problems: list[Problem]) -> tuple[str, str]:
    """Decode UTF-8, reading each run of invalid bytes as Windows-1252 (a warning per line)."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    escaped = data.decode("utf-8", errors="surrogateescape")
    pieces: list[str] = []
    lines: list[int] = []
    position = 0
    for run in _rare_pattern("escaped").finditer(escaped):
        pieces.append(escaped[position : run.start()])
        pieces.append(_cp1252(bytes(ord(char) - 0xDC00 for char in run.group())))
        lines.append(run.start())
        position = run.end()
    pieces.append(escaped[position:])
    starts = [0, *(m.end() for m in _rare_pattern("breaks").finditer(escaped))]
    reported: set[int] = set()
    for offset in lines:
        line = bisect.bisect_right(starts, offset)
        if line in reported:
            continue
        reported.add(line)
        problems.append(
            Problem(
                "bib.encoding",
                "bytes that are not UTF-8, read as Windows-1252 (check accented characters)",
                Severity.WARNING,
                path,
                line,
            )
        )
    return "".join(pieces), "utf-8+cp1252"


def _cp1252(run: bytes) -> str:
    """Decode bytes as Windows-1252; its five undefined bytes as latin-1."""
    try:
        return run.decode("cp1252")
    except UnicodeDecodeError:
        return "".join(_cp1252_byte(byte) for byte in run)


def _cp1252_byte(byte: int) -> str:
    try:
        return bytes((byte,)).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


def _line_of(text: str, position: int) -> int:
    r"""Return the 1-based line of ``position`` (``\n``, ``\r\n`` and lone ``\r`` end lines)."""
    return len(_rare_pattern("breaks").findall(text, 0, position)) + 1


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write UTF-8 text to ``path`` through a temporary file and a rename.

    Either the whole new content is in place afterwards or the old file is untouched.

    Raises:
        WriteError: The directory is missing or not writable, the disk is full, or the text
            cannot be encoded.
    """
    write_pieces_atomic(path, (text,))


def write_pieces_atomic(
    path: str | os.PathLike[str],
    pieces: Iterable[str],
    keep: Callable[[], bool] | None = None,
) -> bool:
    """Write UTF-8 text given piece by piece to ``path`` through a temporary file and a rename.

    Each piece is encoded and written as it comes, so the whole text is never held. When
    ``keep`` is given and returns False once every piece is written, the temporary file is
    removed and ``path`` is left as it was. Either the whole new content is in place
    afterwards or the old file is untouched. Returns True when ``path`` was replaced.

    Raises:
        WriteError: The directory is missing or not writable, the disk is full, or a piece
            cannot be encoded.
    """
    target = os.fspath(path)
    try:
        mode = _existing_mode(target)
        fd, tmp = _temp_file_beside(target, os.path.dirname(target) or ".")
    except OSError as exc:
        raise WriteError(str(path), exc.strerror or str(exc)) from None
    try:
        with os.fdopen(fd, "wb", buffering=1 << 16) as handle:
            for piece in pieces:
                handle.write(piece.encode("utf-8"))
            if keep is not None and not keep():
                handle.close()
                os.unlink(tmp)
                return False
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except (OSError, UnicodeError) as exc:
        _remove_quietly(tmp)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise WriteError(str(path), reason) from None
    return True


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename, creating its directory.

    Meant for caches: private mode (0o600), no ``fsync`` (a cache lost in a crash is rebuilt).

    Raises:
        OSError: The directory cannot be created or written.
    """
    target = os.fspath(path)
    directory = os.path.dirname(target) or "."
    os.makedirs(directory, exist_ok=True)
    fd, tmp = _temp_file_beside(target, directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        _remove_quietly(tmp)
        raise


def _remove_quietly(path: str) -> None:
    """Remove a temporary file if it can be (a write's clean-up must not hide why it failed)."""
    try:  # noqa: SIM105 - contextlib.suppress would load contextlib (start-up)
        os.unlink(path)
    except OSError:
        pass


def user_cache_dir(area: str = "", env: Mapping[str, str] | None = None) -> Path:
    """Return :func:`belharbi_bib.dirs.cache_root` as a :class:`pathlib.Path`.

    >>> user_cache_dir("render", {"XDG_CACHE_HOME": "/tmp/c"}).as_posix()
    '/tmp/c/belharbi-bib/render'
    """
    from pathlib import Path  # noqa: PLC0415 - not imported by every reader

    return Path(cache_root(area, env))


def _existing_mode(path: str) -> int:
    """Return the permission bits of file ``path``, or those of a new file when it is absent.

    As ``pathlib.Path.exists`` does, a missing file or directory, a bad descriptor or a
    symbolic-link loop count as absent; any other failure to ``stat`` is raised.
    """
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError as exc:
        if exc.errno not in (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP):
            raise
    return _new_file_mode()


def _new_file_mode() -> int:
    """Return the mode ``open()`` would give a new file (0o666 less the umask).

    ``mkstemp`` creates private (0o600) files; a written page or ``.bib`` must not end up
    unreadable to others where the user's umask says otherwise.
    """
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _temp_file_beside(target: str, directory: str) -> tuple[int, str]:
    """Create the hidden temporary file an atomic write of ``target`` goes through.

    What ``tempfile.mkstemp`` does (a random name opened with ``O_EXCL``, private mode, links
    not followed), without importing ``tempfile`` and the ``shutil``, ``random`` and
    compression modules it brings (~1 MiB and ~3 ms a process).
    """
    name = os.path.basename(target)
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY
    for _ in range(_TEMP_ATTEMPTS):
        tmp = os.path.join(directory, f".{name}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(tmp, flags, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary file name", directory)


_NOFOLLOW: int = getattr(os, "O_NOFOLLOW", 0)
_BINARY: int = getattr(os, "O_BINARY", 0)
_TEMP_ATTEMPTS = 100
"""Random names tried before giving up (a clash is a 1 in 2**48 event)."""


def read_toml(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Return the decoded content of a UTF-8 TOML file.

    Raises:
        ReadError: The file cannot be read, is not UTF-8, or is not valid TOML.
    """
    # imported on first use: ~11 ms that a run without a configuration file never needs
    if sys.version_info >= (3, 11):
        import tomllib  # noqa: PLC0415
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # noqa: PLC0415
    try:
        data: dict[str, Any] = tomllib.loads(read_bytes(path).decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ReadError(os.fspath(path), f"invalid TOML: {exc}") from None
    return data
