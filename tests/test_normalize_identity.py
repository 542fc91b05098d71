"""``normalize`` output stays byte-identical on every corpus file (golden digests).

For each file of ``../shared/corpus/realworld`` and ``../shared/corpus/perf``, the digests of
the default normalization (the canonical text, and the problems and changes it reports) are
kept in ``tests/golden/normalize/digests.json``. Speed work must leave them as they are; a
deliberate change of output regenerates them with ``BELHARBI_BIB_UPDATE_GOLDEN=1`` (and says
so in its commit). Without the shared corpus the tests skip, except under ``CI=true``.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from conftest import SHARED_DIR, require

from belharbi_bib.bibtex.reader import parse_string
from belharbi_bib.bibtex.writer import pieces, write
from belharbi_bib.cli.commands import normalize as command
from belharbi_bib.files import decode, read_bytes
from belharbi_bib.normalize import Options, cache, normalize

GOLDEN = Path(__file__).parent / "golden" / "normalize" / "digests.json"
CORPORA = ("realworld", "perf")


def _names() -> list[str]:
    found: list[str] = []
    for corpus in CORPORA:
        folder = SHARED_DIR / "corpus" / corpus
        if folder.is_dir():
            found.extend(f"{corpus}/{p.name}" for p in sorted(folder.glob("*.bib")))
    return found or ["<corpus missing>"]


def digests(path: Path) -> dict[str, str]:
    """Return the digests of the default normalization of ``path`` (named by its file name)."""
    name = path.name
    decoded = decode(read_bytes(path), name)
    library = parse_string(decoded.text, name).with_problems(decoded.problems)
    result = normalize(library, Options())
    problems = "\n".join(p.format() for p in (*library.problems, *result.problems))
    changes = "\n".join(repr(change) for change in result.changes)
    return {
        "output": hashlib.sha256(write(result.library).encode("utf-8")).hexdigest(),
        "problems": hashlib.sha256(problems.encode("utf-8", "surrogatepass")).hexdigest(),
        "changes": hashlib.sha256(changes.encode("utf-8", "surrogatepass")).hexdigest(),
    }


@pytest.mark.parametrize("name", _names())
def test_normalize_output_matches_its_golden_digest(name: str) -> None:
    path = require(SHARED_DIR / "corpus" / name, "corpus file")
    found = digests(path)
    golden = json.loads(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.exists() else {}
    if os.environ.get("BELHARBI_BIB_UPDATE_GOLDEN") == "1":
        golden[name] = found
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    assert name in golden, f"no digest for {name}: run with BELHARBI_BIB_UPDATE_GOLDEN=1"
    assert found == golden[name]


def command_digests(path: Path) -> dict[str, str]:
    """The same digests, by the command's own path: narrowed parse, cold cache, streamed write."""
    name = path.name
    library, sources = command.parse_bytes(read_bytes(path), name, with_sources=True)
    options = Options()
    known = cache.CanonicalCache(cache.salt(options))
    known.attach(library, sources)
    result = normalize(library, options, cache=known)
    problems = "\n".join(p.format() for p in (*library.problems, *result.problems))
    changes = "\n".join(repr(change) for change in result.changes)
    digest = hashlib.sha256()
    for piece in pieces(result.library, known.text):
        digest.update(piece.encode("utf-8"))
    return {
        "output": digest.hexdigest(),
        "problems": hashlib.sha256(problems.encode("utf-8", "surrogatepass")).hexdigest(),
        "changes": hashlib.sha256(changes.encode("utf-8", "surrogatepass")).hexdigest(),
    }


@pytest.mark.parametrize("name", _names())
def test_the_command_path_gives_the_golden_digests(name: str) -> None:
    path = require(SHARED_DIR / "corpus" / name, "corpus file")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert command_digests(path) == golden[name]
