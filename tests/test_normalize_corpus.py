"""Real files: normalizing is idempotent and lossless on every file.

The files are the real-world corpus and tests/data/third_party. The corpus lives in
``../shared/corpus/realworld`` beside the checkout; without it its tests are skipped, except
under ``CI=true``, where its absence is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from belharbi_bib.bibtex.reader import parse_string, read
from belharbi_bib.bibtex.writer import write
from belharbi_bib.model import Comment, Library, Preamble, Record, StringDef
from belharbi_bib.normalize import Options, Result, normalize

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus" / "realworld"
FILES = sorted(p for p in CORPUS.glob("*.bib*")) if CORPUS.is_dir() else []
OPTION_SETS = {
    "default": Options(),
    "everything": Options(text="unicode", rekey=True, merge=True, drop_noise=True),
    "latex": Options(text="latex"),
}
DROPPING = {"everything"}  # option sets that ask for fields to go (noise)


def corpus_files() -> list[Path]:
    if not FILES:
        reason = f"real-world corpus not found at {CORPUS}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return FILES


@pytest.fixture(scope="module")
def library(real_file: Path) -> Library:
    """Each real file: the corpus (skipped, or failing in CI, when absent), then third-party."""
    return read(real_file)


def test_corpus_is_present_or_skipped_with_reason() -> None:
    assert len(corpus_files()) >= 30


@pytest.mark.parametrize("name", list(OPTION_SETS))
def test_normalizing_twice_is_byte_identical(library: Library, name: str) -> None:
    options = OPTION_SETS[name]
    once = write(normalize(library, options).library)
    again = normalize(parse_string(once, library.path), options)
    assert write(again.library) == once
    assert again.changes == ()


def _covered(result: Result) -> tuple[set[tuple[str, str]], set[str]]:
    fields = {(c.key, c.field) for c in result.changes if c.field is not None}
    entries = {c.key for c in result.changes if c.field is None and c.rule == "merge"}
    return fields, entries


def _by_line(library: Library) -> dict[int | None, Record]:
    return {r.line: r for r in library.records}


@pytest.mark.parametrize("name", list(OPTION_SETS))
def test_every_input_field_survives_or_is_reported(library: Library, name: str) -> None:
    result = normalize(library, OPTION_SETS[name])
    fields, merged = _covered(result)
    output = _by_line(result.library)
    for record in library.records:
        after = output.get(record.line)
        if after is None:
            assert record.key in merged, f"{record.key} vanished without a merge change"
            continue
        kept = {(f.name, f.raw) for f in after.fields}
        for item in record.fields:
            if (item.name, item.raw) not in kept:
                assert (record.key, item.name) in fields, (
                    f"{record.key}.{item.name} changed silently"
                )


@pytest.mark.parametrize("name", list(OPTION_SETS))
def test_no_value_disappears_unless_asked(library: Library, name: str) -> None:
    # Issue 16: the arXiv rule deleted DOIs (89 in one Better BibTeX file). A value may only
    # move (an "arXiv preprint" journal to howpublished, where it must be found whole) or go
    # when an option asks for it (noise, merge).
    result = normalize(library, OPTION_SETS[name])
    lines = {r.key: r.line for r in library.records}  # keys may change (rekey); lines stay
    output = _by_line(result.library)
    removed = [c for c in result.changes if c.field is not None and c.after is None]
    for change in removed:
        if name in DROPPING and change.rule in ("noise", "merge"):
            continue
        assert (change.rule, change.field) == ("arxiv", "journal"), change
        after = output.get(lines.get(change.key))
        if after is None and change.key in _covered(result)[1]:
            continue  # merged into another entry, itself reported whole
        moved = after.get("howpublished") if after is not None else None
        assert moved is not None, change
        assert moved.raw == change.before, change


def test_non_entry_blocks_are_kept(library: Library) -> None:
    result = normalize(library, OPTION_SETS["everything"])

    def others(lib: Library) -> list[object]:
        return [b for b in lib.blocks if isinstance(b, (StringDef, Preamble, Comment))]

    assert others(result.library) == others(library)
