"""The cache of canonical entries: entries the record rules leave alone, already laid out.

Like black's or ruff's caches. An entry is *known* when a previous run, under the same
library version and code, the same options and the same venue registry, found that the
record rules neither changed it nor reported anything, and that its text is exactly its
canonical layout. A known entry skips the record rules and is written back verbatim.

The key of an entry is a hash of the run's *salt* (version, code, options, venues), the
entry's exact text and the expansion of any ``@string`` macro it uses (the only thing a
record rule can read from outside the entry). Whole-library steps (duplicates, merges, keys)
always run on every record, so they never depend on the cache.

The cache is stored on disk one file per input file and salt, at most :data:`MAX_FILES` of
them (the least recently written are removed); a missing, corrupt or unwritable cache only
means the work is done again.
"""

from __future__ import annotations

import operator
import os
from collections.abc import Callable, Sequence

from belharbi_bib._version import __version__
from belharbi_bib.bibtex.writer import may_be_canonical, render_record
from belharbi_bib.digests import blake2b
from belharbi_bib.files import write_bytes_atomic
from belharbi_bib.model import Library, Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from belharbi_bib.normalize.options import Options
    from belharbi_bib.venues import VenueRegistry

FORMAT = b"belharbi-bib normalize cache 3\n"
"""First line of a cache file; a file not starting with it is ignored.

Then a line per known entry, in digest order: its digest in hexadecimal, a tab, and its
duplicate signatures (``kind\tvalue`` joined by ``\x1f``; ``?`` when not stored). The whole
file is UTF-8 text, so that loading it is a decode and a split, and an entry's signatures are
decoded only when asked for."""

Signatures = list[tuple[str, str]]
"""An entry's duplicate signatures (see :func:`belharbi_bib.normalize.duplicates.signatures`)."""

_UNKNOWN = "?"

_SIZE = 16
"""Bytes per entry digest (written in hexadecimal: twice as many characters)."""

_PACKAGE = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
"""The package's folder (strings rather than :mod:`pathlib`: see :mod:`belharbi_bib.dirs`)."""


def salt(options: Options, venues: VenueRegistry | None = None) -> bytes:
    """Return what every key of a run depends on besides the entry itself.

    The library version, the size and modification time of its modules (so an edited
    checkout never trusts an old cache), the options (protected terms included) and the
    venue registry's content.

    >>> from belharbi_bib.normalize.options import Options
    >>> salt(Options()) == salt(Options()), salt(Options()) == salt(Options(months=False))
    (True, False)
    """
    digest = blake2b(digest_size=_SIZE)
    digest.update(FORMAT + __version__.encode() + b"\0")
    digest.update(_code_stamp().encode())
    digest.update(repr(options).encode("utf-8", "surrogatepass"))
    if venues is not None:
        items = sorted(venues.venues.items(), key=lambda item: item[0])
        digest.update(b"\0venues\0" + repr(items).encode("utf-8", "surrogatepass"))
    return digest.digest()


def _code_stamp() -> str:
    stamps: list[str] = []
    for name, folder in (
        (os.path.basename(_PACKAGE), _PACKAGE),
        ("normalize", os.path.join(_PACKAGE, "normalize")),
        ("bibtex", os.path.join(_PACKAGE, "bibtex")),
    ):
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".py"):
                try:
                    info = entry.stat()
                except OSError:
                    continue
                stamps.append(f"{name}/{entry.name}:{info.st_size}:{info.st_mtime_ns}")
    return ";".join(stamps)


class CanonicalCache:
    """The known canonical entries of one input file, for one salt (see the module doc).

    A run asks :meth:`hit` for each record before running the rules, tells :meth:`learn`
    about records the rules left alone, writes with :meth:`text` as the writer's ``reuse``
    and finally calls :meth:`save`.
    """

    def __init__(
        self,
        key_salt: bytes,
        known: frozenset[str] = frozenset(),
        stored: dict[str, str] | None = None,
    ) -> None:
        """Start from the digests ``known`` (hexadecimal) to be canonical under ``key_salt``.

        ``stored`` gives, for some of them, their duplicate signatures as the cache file
        writes them (decoded when :meth:`signatures_of` asks).
        """
        self.salt = key_salt
        self.known = known
        self.kept: set[str] = set()
        self.stored: dict[str, str] = dict(stored or {})
        self.signatures: dict[str, Signatures] = {}
        """Signatures decoded or computed by this run."""
        self._computed: set[str] = set()
        self._sources: dict[int, tuple[Record, str]] = {}
        self._texts: dict[int, str] = {}
        self._digests: dict[int, str] = {}

    def attach(self, library: Library, sources: Sequence[str]) -> None:
        """Give the exact text of each record of ``library`` (aligned with its records)."""
        for record, source in zip(library.records, sources, strict=True):
            self._sources[id(record)] = (record, source)

    def release(self) -> None:
        """Drop the records' texts once the rules and duplicates are through (memory).

        :meth:`text` still answers; :meth:`hit`, :meth:`learn` and :meth:`signatures_of` no
        longer know the records (they are for the run itself).
        """
        sources = self._sources
        for key, (record, _) in sources.items():
            sources[key] = (record, "")
        self._digests.clear()

    def _digest(self, record: Record, source: str) -> str:
        digest = blake2b(self.salt, digest_size=_SIZE)
        digest.update(source.encode("utf-8", "surrogatepass"))
        if any(item.text is not None for item in record.fields):
            expanded = "\0".join(item.text or "" for item in record.fields)
            digest.update(b"\0macros\0" + expanded.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _source(self, record: Record) -> str | None:
        entry = self._sources.get(id(record))
        return entry[1] if entry is not None and entry[0] is record else None

    def hit(self, record: Record) -> bool:
        """Return True when ``record`` is known canonical: its rules can be skipped."""
        if not self.known:
            return False
        source = self._source(record)
        if not source:  # not a record of the attached library, or released
            return False
        digest = self._digest(record, source)
        if digest not in self.known:
            return False
        self.kept.add(digest)
        self._texts[id(record)] = source
        self._digests[id(record)] = digest
        return True

    def learn(self, record: Record) -> None:
        """Remember ``record`` (which the rules left alone, silently) if its text is canonical.

        When it is, its text is kept for :meth:`text` (the writer's), so it is not rendered
        again; otherwise the writer renders it (keeping that render would cost memory).
        """
        source = self._source(record)
        if not source or not may_be_canonical(record, source):  # (then not rendered here)
            return
        if render_record(record) == source:
            self._texts[id(record)] = source  # the same text: keep one copy
            digest = self._digest(record, source)
            self.kept.add(digest)
            self._digests[id(record)] = digest

    def signatures_of(self, record: Record, compute: Callable[[Record], Signatures]) -> Signatures:
        """Return the duplicate signatures of ``record``: stored for a known entry, else computed.

        Those computed for a known entry are stored with it (they depend on nothing else).
        """
        digest = self._digests.get(id(record)) if self._source(record) is not None else None
        if digest is None:
            return compute(record)
        found = self.signatures.get(digest)
        if found is None:
            raw = self.stored.get(digest)
            found = None if raw is None else _decode(raw)
            if found is None:
                found = compute(record)
                self._computed.add(digest)
            self.signatures[digest] = found
        return found

    def text(self, record: Record) -> str | None:
        """Return the canonical text of ``record`` when known (the writer's ``reuse``)."""
        if self._source(record) is None:  # not a record of the attached library
            return None
        return self._texts.get(id(record))

    def content(self) -> bytes:
        """Return what :meth:`save` writes: the header, then each kept digest, in order."""
        lines = [f"{digest}\t{self._encoded(digest)}\n" for digest in sorted(self.kept)]
        return FORMAT + "".join(lines).encode("utf-8", "surrogatepass")

    def _encoded(self, digest: str) -> str:
        """The signatures of ``digest`` as the file writes them (as read, unless computed).

        A line read from the file is written back as it was, not decoded and encoded again:
        for every line :func:`_encode` writes, that gives the same text.
        """
        if digest not in self._computed:
            stored = self.stored.get(digest)
            if stored is not None:
                return stored
        found = self.signatures.get(digest)
        if found is not None:
            return _encode(found)
        return self.stored.get(digest, _UNKNOWN)

    @property
    def changed(self) -> bool:
        """True when the digests kept, or the signatures stored with them, changed."""
        if self.kept != self.known:
            return True
        # computed again, but the file may already say the same (``?`` for those it cannot)
        computed = self._computed
        return any(
            d in computed and _encode(self.signatures[d]) != self.stored.get(d) for d in self.kept
        )


def _encode(signatures: Signatures) -> str:
    text = "\x1f".join(f"{kind}\t{value}" for kind, value in signatures)
    if any(mark in value for _, value in signatures for mark in "\n\t\x1f") or "\n" in text:
        return _UNKNOWN
    return text


def _decode(text: str) -> Signatures | None:
    if text == _UNKNOWN:
        return None
    if not text:
        return []
    pairs = [item.split("\t", 1) for item in text.split("\x1f")]
    if any(len(pair) != 2 for pair in pairs):
        return None
    return [(kind, value) for kind, value in pairs]


def cache_file(directory: str | os.PathLike[str], source: str, key_salt: bytes) -> str:
    """Return the cache file of the input file ``source`` under ``key_salt``."""
    name = blake2b(
        key_salt + os.path.abspath(source).encode("utf-8", "surrogateescape"), digest_size=_SIZE
    )
    return os.path.join(directory, f"{name.hexdigest()}.bin")


def load(path: str | os.PathLike[str], key_salt: bytes) -> CanonicalCache:
    """Return the cache stored at ``path``; an empty one when missing, unreadable or corrupt."""
    try:
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError:
        data = b""
    if not data.startswith(FORMAT):
        return CanonicalCache(key_salt)
    try:
        text = data[len(FORMAT) :].decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return CanonicalCache(key_salt)
    lines = text.split("\n")
    if lines.pop():  # the last line is not ended: a truncated file, started afresh
        return CanonicalCache(key_salt)
    try:  # a line without its tab has no pair: a corrupt file, started afresh
        stored = dict(map(_SPLIT_LINE, lines))
    except ValueError:
        return CanonicalCache(key_salt)
    return CanonicalCache(key_salt, frozenset(stored), stored)


_SPLIT_LINE = operator.methodcaller("split", "\t", 1)
"""A line of the cache file split into its digest and its signatures."""


def save(path: str | os.PathLike[str], cache: CanonicalCache) -> bool:
    """Store ``cache`` at ``path`` atomically when it changed; return False when it could not."""
    if not cache.changed:
        return True

    try:
        write_bytes_atomic(path, cache.content())
    except OSError:
        return False
    prune(os.path.dirname(os.fspath(path)) or os.curdir)
    return True


MAX_FILES = 256
"""At most this many cache files (one per input file and salt, a line per entry) are kept."""


def prune(directory: str | os.PathLike[str], keep: int = MAX_FILES) -> None:
    """Remove the least recently written cache files of ``directory`` beyond ``keep``."""
    try:
        found = [entry for entry in os.scandir(directory) if entry.name.endswith(".bin")]
        if len(found) <= keep:
            return
        found.sort(key=lambda entry: entry.stat().st_mtime_ns, reverse=True)
        for entry in found[keep:]:
            os.unlink(entry.path)
    except OSError:  # another run pruned first, or the directory is read-only: harmless
        return
