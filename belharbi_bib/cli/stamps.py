"""The whole-file hit of ``normalize --check``: a file found canonical is not parsed again.

``belharbi-bib normalize --check FILE...`` on files an earlier check found canonical answers
from a small stamp file, before anything heavy is imported: :func:`quick_check` runs at the
start of :func:`belharbi_bib.cli.main` with the standard library only.

A stamp is recorded (by the ``normalize`` command, :func:`record`) for each file a plain check
(``normalize --check [--no-config] FILE...``, no rule option, no venue form) found canonical.
It holds the file's size, modification time and a hash of its bytes, a digest of the
*environment* (the library's version and the size and modification time of every module of
the package; the configuration file that governs the working directory, found as the
command finds it), the problem lines the check printed and its exit status. A file hits when
all of them match; the hit prints the same lines and the same summary, and exits the same.
Anything else (another option, stdin, a file that changed, an edited checkout, a new
configuration file) runs the full check.

The stamps live in ``$XDG_CACHE_HOME/belharbi-bib/normalize/check-stamps.txt``, at most
:data:`MAX_STAMPS` of them (the newest kept); a missing or corrupt file only means a full run.
The file is read with built-ins only (no ``json``, which would load ``re``): a header line,
then one line a stamp, its fields separated by tabs, the problem lines hex-encoded.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence

from belharbi_bib._version import __version__
from belharbi_bib.digests import blake2b
from belharbi_bib.dirs import cache_root

STAMPS_NAME = "check-stamps.txt"
"""The stamp file, in the normalize cache directory."""

MAX_STAMPS = 512
"""At most this many stamps are kept (the most recently recorded)."""

_FORMAT = "belharbi-bib check stamps 2"
_FLAGS = frozenset({"--check", "--no-config"})
_CONFIG_NAMES = ("belharbi-bib.toml", "pyproject.toml")
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

Stamp = list[object]
"""[size, mtime_ns, content hash, environment digest, problem lines, exit status]."""


def summary(changed: int, same: int) -> str:
    """Return the last line of ``normalize --check``.

    >>> summary(0, 1)
    '0 files would be reformatted, 1 file already canonical'
    >>> summary(2, 0)
    '2 files would be reformatted, 0 files already canonical'
    """
    return (
        f"{changed} file{'s' if changed != 1 else ''} would be reformatted, "
        f"{same} file{'s' if same != 1 else ''} already canonical"
    )


def stamp_dir(env: Mapping[str, str] | None = None) -> str:
    """Return the normalize cache directory, where the stamps live."""
    return cache_root("normalize", env)


def plain_check(words: Sequence[str]) -> tuple[list[str], bool] | None:
    """Return (files, ``--no-config`` given) for ``normalize --check [--no-config] FILE...``.

    ``--no-config`` may stand before the command too, as every global option may. None for
    any other command line (another option, stdin).

    >>> plain_check(["normalize", "--check", "a.bib"]), plain_check(["normalize", "a.bib"])
    ((['a.bib'], False), None)
    >>> plain_check(["--no-config", "normalize", "--check", "a.bib"])
    (['a.bib'], True)
    """
    words = list(words)
    leading = set()
    while words and words[0] == "--no-config":
        leading.add(words.pop(0))
    if not words or words[0] != "normalize":
        return None
    files = [word for word in words[1:] if not word.startswith("-")]
    flags = leading | {word for word in words[1:] if word.startswith("-")}
    if "--check" not in flags or not flags <= _FLAGS or not files:
        return None
    return files, "--no-config" in flags


def _key(path: str, no_config: bool) -> str:
    where = "\0".join((__version__, os.getcwd(), os.path.abspath(path), str(no_config)))
    return blake2b(where.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def _code_state() -> list[str]:
    """Size and modification time of every module of the package (an edited checkout)."""
    found: list[str] = []
    for folder, dirs, names in os.walk(_PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith(".py"):
                try:
                    info = os.stat(os.path.join(folder, name))
                except OSError:
                    continue
                found.append(f"{folder[len(_PACKAGE) :]}/{name}:{info.st_size}:{info.st_mtime_ns}")
    return found


def _config_state(start: str) -> str:
    """The configuration file governing ``start``, with its size and modification time."""
    directory = start
    while True:
        for name in _CONFIG_NAMES:
            path = os.path.join(directory, name)
            if os.path.isfile(path):
                info = os.stat(path)
                return f"{path}:{info.st_size}:{info.st_mtime_ns}"
        if os.path.exists(os.path.join(directory, ".git")):
            return "none"
        parent = os.path.dirname(directory)
        if parent == directory:
            return "none"
        directory = parent


def environment(no_config: bool) -> str:
    """Return the digest of what a check depends on besides the file and its options."""
    parts = [
        __version__,
        *_code_state(),
        "config",
        "-" if no_config else _config_state(os.getcwd()),
    ]
    text = "\n".join(parts).encode("utf-8", "surrogateescape")
    return blake2b(text, digest_size=16).hexdigest()


def content_hash(data: bytes) -> str:
    """Return the hash of a file's bytes kept in its stamp."""
    return blake2b(data, digest_size=16).hexdigest()


def load(directory: str) -> dict[str, Stamp]:
    """Return the stamps stored in ``directory``, oldest first; none when missing or corrupt."""
    data = _read(directory)
    if data is None:
        return {}
    stamps: dict[str, Stamp] = {}
    for line in data.split(b"\n")[1:]:
        if not line:
            continue
        parsed = _decode(line)
        if parsed is None:
            return {}  # corrupt: a full run, then a new file
        stamps[parsed[0]] = parsed[1]
    return stamps


def _read(directory: str) -> bytes | None:
    """Return the stamp file of ``directory``; None when missing or of another format."""
    try:
        with open(os.path.join(directory, STAMPS_NAME), "rb") as stream:
            data = stream.read()
    except OSError:
        return None
    return data if data.startswith(_FORMAT.encode() + b"\n") else None


def _decode(line: bytes) -> tuple[str, Stamp] | None:
    """Return the key and stamp written on ``line`` by :func:`_encode`; None when corrupt."""
    parts = line.split(b"\t")
    if len(parts) != 7:
        return None
    key, size, mtime, digest, state, status, lines = parts
    try:
        text = bytes.fromhex(lines.decode("ascii")).decode("utf-8", "surrogateescape")
        stamp: Stamp = [int(size), int(mtime), digest.decode(), state.decode(), text, int(status)]
        return key.decode(), stamp
    except ValueError:  # not numbers, not hex, not ASCII (UnicodeDecodeError is a ValueError)
        return None


def _encode(key: str, stamp: Stamp) -> bytes:
    """Return the line of one stamp (see :func:`_decode`)."""
    size, mtime, digest, state, lines, status = stamp
    encoded = str(lines).encode("utf-8", "surrogateescape").hex()
    return f"{key}\t{size}\t{mtime}\t{digest}\t{state}\t{status}\t{encoded}\n".encode()


def _line(data: bytes, key: str) -> bytes | None:
    """Return the line of the stamp file ``data`` that holds the stamp ``key``; None if none."""
    start = data.find(b"\n" + key.encode("ascii") + b"\t")
    if start < 0:
        return None
    end = data.find(b"\n", start + 1)
    return data[start + 1 : end if end >= 0 else len(data)]


def _hit(path: str, line: bytes, environment_digest: Callable[[], str]) -> tuple[str, int] | None:
    """Return the stamp ``line``'s problem lines and exit status if ``path`` is as stamped.

    As stamped: the same size, modification time and bytes, in the same environment. Size
    and modification time are compared before the stamp is decoded (its problem lines can be
    long) and before the environment is computed (it reads the package's directory).
    """
    parts = line.split(b"\t", 3)
    try:
        info = os.stat(path)
        if len(parts) != 4 or (info.st_size, info.st_mtime_ns) != (int(parts[1]), int(parts[2])):
            return None
    except (OSError, ValueError):
        return None
    parsed = _decode(line)
    if parsed is None:
        return None
    _, _, digest, state, lines, status = parsed[1]
    if state != environment_digest():
        return None
    try:
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError:
        return None
    if content_hash(data) != digest or not isinstance(lines, str) or not isinstance(status, int):
        return None
    return lines, status


def quick_check(words: Sequence[str], env: Mapping[str, str] | None = None) -> int | None:
    """Answer ``normalize --check FILE...`` from the stamps; None when a full run is needed.

    On a hit for every file, prints what the full check would (each file's problem lines on
    stderr, the summary on stdout) and returns its exit status.
    """
    plain = plain_check(words)
    if plain is None:
        return None
    files, no_config = plain
    data = _read(stamp_dir(env))
    if data is None:
        return None
    states: list[str] = []

    def state() -> str:  # computed once, and only for a file whose size and mtime match
        if not states:
            states.append(environment(no_config))
        return states[0]

    found: list[tuple[str, int]] = []
    for path in files:
        line = _line(data, _key(path, no_config))
        hit = None if line is None else _hit(path, line, state)
        if hit is None:
            return None
        found.append(hit)
    for lines, _ in found:
        sys.stderr.write(lines)
    print(summary(0, len(found)))
    return max(status for _, status in found)


def record(
    directory: str, no_config: bool, results: Sequence[tuple[str, int, str, str, int]]
) -> bytes | None:
    """Return the stamp file with ``results`` added, or None when there is nothing to add.

    Args:
        directory: The normalize cache directory (where the stamps are).
        no_config: The check ran with ``--no-config``.
        results: For each file found canonical by a plain check: its path, the size and the
            :func:`content_hash` of the bytes read, the problem lines printed and its exit
            status.
    """
    if not results:
        return None
    stamps = load(directory)
    state = environment(no_config)
    for path, size, digest, lines, status in results:
        try:
            info = os.stat(path)
        except OSError:
            continue
        if info.st_size != size:
            continue  # changed while being checked
        key = _key(path, no_config)
        stamps.pop(key, None)  # re-inserted last: the newest
        stamps[key] = [size, info.st_mtime_ns, digest, state, lines, status]
    kept = list(stamps.items())[-MAX_STAMPS:]
    return (_FORMAT + "\n").encode() + b"".join(_encode(key, stamp) for key, stamp in kept)
