"""Shared fixtures: test data locations and a comparable snapshot of a library's content."""

from __future__ import annotations

import os
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from belharbi_bib import values
from belharbi_bib.model import Comment, Field, Library, Preamble, Record, StringDef, Unparsed

SHARED_DIR = Path(__file__).resolve().parents[2] / "shared"
DATA_DIR = Path(__file__).resolve().parent / "data"
CORPUS_DIR = SHARED_DIR / "corpus" / "realworld"
THIRD_PARTY_DIR = DATA_DIR / "third_party"
"""Small real files from other tools' test suites (tests/data/third_party/SOURCES.md)."""
THIRD_PARTY_PREFIX = "third_party/"

Content = tuple[object, ...]

# Property tests run on 2 shared cores beside other suites: timing is not what they test, so no
# per-example deadline and no too-slow health check (a slow example is not a wrong one).
settings.register_profile("belharbi", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("belharbi")


def require(path: Path, what: str) -> Path:
    """Return ``path`` when it exists; else skip, or fail when running in CI."""
    if path.exists():
        return path
    reason = f"{what} not found at {path}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required when CI=true)")
    pytest.skip(reason)


def _expanded(item: Field, macros: dict[str, str]) -> str:
    """The text of a field: as the reader expanded it, else expanded with the library's macros."""
    return item.text if item.text is not None else values.expand(item.raw, macros)[0]


def content(library: Library) -> Content:
    """Return what a library says, independent of spelling and layout.

    Records: key, type and the multiset of (field name, expanded value); @strings: name and
    expanded value; preambles: expanded text; comments: kind and text; failed blocks: raw text.
    Macros expand as BibTeX and biber expand them: a definition applies from its position on.
    """
    running: dict[str, str] = dict(values.MONTH_MACROS)
    records: list[object] = []
    strings: list[tuple[str, str]] = []
    preambles: list[str] = []
    comments: list[tuple[bool, str]] = []
    unparsed: list[str] = []
    for block in library.blocks:
        if isinstance(block, Record):
            counted = Counter((f.name, _expanded(f, running)) for f in block.fields)
            records.append((block.key, block.entry_type, sorted(counted.items())))
        elif isinstance(block, StringDef):
            text = values.expand(block.raw, running)[0]
            running[block.name.lower()] = text
            strings.append((block.name, text))
        elif isinstance(block, Preamble):
            preambles.append(values.expand(block.raw, running)[0])
        elif isinstance(block, Comment):
            comments.append((block.explicit, block.text.strip()))
        elif isinstance(block, Unparsed):
            unparsed.append(block.raw)
    return (records, strings, preambles, comments, unparsed)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared test data directory next to the repository (skips, or fails in CI, if absent)."""
    return require(SHARED_DIR, "shared test data directory")


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The small fixture files of this test suite."""
    return DATA_DIR


@pytest.fixture(scope="session")
def content_of() -> Callable[[Library], Content]:
    """A function returning the comparable content of a library."""
    return content


def _corpus_names() -> list[str]:
    if CORPUS_DIR.is_dir():
        return sorted(p.name for p in CORPUS_DIR.iterdir() if p.suffix in (".bib", ".bibtex"))
    return ["<corpus missing>"]


def third_party_files() -> list[Path]:
    """The files of ``tests/data/third_party`` (always present: they are part of the tests)."""
    return sorted(THIRD_PARTY_DIR.glob("*.bib"))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize the real-file fixtures.

    ``corpus_file``: every real-world corpus file (or one placeholder). ``real_file``: the same,
    then every file of ``tests/data/third_party`` (ids ``third_party/NAME``).
    """
    if "corpus_file" in metafunc.fixturenames:
        names = _corpus_names()
        metafunc.parametrize("corpus_file", names, ids=names, indirect=True)
    if "real_file" in metafunc.fixturenames:
        names = _corpus_names() + [THIRD_PARTY_PREFIX + p.name for p in third_party_files()]
        metafunc.parametrize("real_file", names, ids=names, indirect=True)


@pytest.fixture(scope="module")
def corpus_file(request: pytest.FixtureRequest, shared_dir: Path) -> Path:
    """One file of the real-world corpus (skips, or fails in CI, if the corpus is absent)."""
    corpus = require(shared_dir / "corpus" / "realworld", "real-world corpus")
    return require(corpus / str(request.param), "corpus file")


@pytest.fixture(scope="module")
def real_file(request: pytest.FixtureRequest) -> Path:
    """A real file: one of the corpus (skips, or fails in CI, if absent) or a third-party one."""
    name = str(request.param)
    if name.startswith(THIRD_PARTY_PREFIX):
        return THIRD_PARTY_DIR / name.removeprefix(THIRD_PARTY_PREFIX)
    corpus = require(CORPUS_DIR, "real-world corpus")
    return require(corpus / name, "corpus file")


BIBTEX_NO_ITEMS = {
    "04_bodlaender_definitions.bib": "@string definitions only",
    "25_jabref_utf16le_bom.bib": "UTF-16, which bibtex cannot read",
    "28_aibasel_abbrv.bib": "@string definitions only",
    "36_iridia_abbrev.bib": "@string definitions only",
    "38_gbk_encoded_chinese.bib": "no entry bibtex can read",
}
"""Corpus files ``bibtex`` lists no entry of, and why."""


def check_golden(path: Path, text: str) -> None:
    """Assert that ``text`` is the content of the golden file ``path``.

    With ``BELHARBI_BIB_UPDATE_GOLDEN=1`` in the environment, ``path`` is written first.
    """
    if os.environ.get("BELHARBI_BIB_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"{path} missing: run with BELHARBI_BIB_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), (
        f"{path} differs from its golden file (BELHARBI_BIB_UPDATE_GOLDEN=1 rewrites it)"
    )


def require_tool(name: str) -> str:
    """Return the path of an external program; skip when absent, but fail when ``CI=true``.

    ``.ci/run`` installs every tool the tests use (TeX Live, biber, pandoc, chromium), so in CI a
    missing tool is a broken environment, never a reason to skip.
    """
    import shutil

    found = shutil.which(name)
    if found:
        return found
    reason = f"external tool {name!r} not found on PATH"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (.ci/run installs it; required when CI=true)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _private_user_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point ``$XDG_CACHE_HOME`` at a temporary directory: tests never touch the user's cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))


def run_pdflatex(
    workdir: Path, source: str, timeout: float = 240
) -> subprocess.CompletedProcess[str]:
    """Run pdflatex once on ``source`` in ``workdir`` (non-stop, halt on error, no shell escape)."""
    pdflatex = require_tool("pdflatex")
    return subprocess.run(
        [pdflatex, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", source],
        cwd=workdir,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
        check=False,
    )


@pytest.fixture(params=["compiled", "pure"])
def scanner_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with the scanner's compiled hot loop, then with its pure-Python path.

    The compiled run skips when the module is not built, but fails when ``CI=true`` (unless
    ``BELHARBI_BIB_PURE_PYTHON=1`` asks for pure Python on purpose).
    """
    from belharbi_bib.bibtex import scanner

    if request.param == "pure":
        monkeypatch.setattr(scanner, "_COMPILED", None)
    elif scanner._COMPILED is None:
        if os.environ.get(scanner.PURE_PYTHON) == "1":
            pytest.skip(f"{scanner.PURE_PYTHON}=1")
        reason = "the compiled scanner loop is not built"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (required when CI=true)")
        pytest.skip(reason)
    return str(request.param)
