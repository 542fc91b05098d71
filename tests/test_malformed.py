"""Malformed and oddly encoded files: problems with lines, valid entries kept, lossless rewrite."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from belharbi_bib.bibtex.reader import parse_string, read
from belharbi_bib.bibtex.writer import write
from belharbi_bib.files import decode, write_text_atomic
from belharbi_bib.model import Comment, Library, Unparsed

Content = Callable[[Library], tuple[object, ...]]

CASES = [
    pytest.param(
        "malformed/unbalanced_braces.bib",
        [("bib.syntax", 7)],  # the title's brace; the entry is recovered (cut before year)
        ["good1", "broken", "good2"],
        id="unbalanced-braces",
    ),
    pytest.param(
        "malformed/unbalanced_at_end.bib",
        [("bib.syntax", 6)],  # recovered as above, at the end of the file too
        ["good1", "broken"],
        id="unbalanced-braces-at-end",
    ),
    pytest.param(
        "malformed/consecutive_failures.bib",
        [("bib.syntax", 1), ("bib.syntax", 5)],
        ["good"],
        id="consecutive-failed-blocks",
    ),
    pytest.param(
        "malformed/missing_comma_between_fields.bib",
        [("bib.missing-comma", 3), ("bib.missing-comma", 10)],
        ["first", "second", "third"],
        id="missing-comma-between-fields",
    ),
    pytest.param(
        "malformed/missing_comma_after_key.bib",
        [("bib.missing-comma", 2)],
        ["nocomma", "fine"],
        id="missing-comma-after-key",
    ),
    pytest.param(
        "malformed/missing_key.bib",
        [("bib.missing-key", 1), ("bib.syntax", 6)],
        ["", "fine"],
        id="missing-key",
    ),
    pytest.param(
        "malformed/duplicate_keys.bib",
        [("bib.duplicate-key", 5), ("bib.duplicate-key", 9)],
        ["smith2020", "smith2020", "Smith2020", "jones2021"],
        id="duplicate-keys",
    ),
    pytest.param(
        "malformed/duplicate_fields.bib",
        [("bib.duplicate-field", 4), ("bib.duplicate-field", 5)],
        ["dup"],
        id="duplicate-fields",
    ),
    pytest.param(
        "encodings/latin1.bib",
        [("bib.encoding", 5)],
        ["herault", "plain"],
        id="invalid-utf8-latin1",
    ),
    pytest.param("encodings/utf8_bom.bib", [], ["herault", "plain"], id="utf8-bom"),
    pytest.param("encodings/utf16le_bom.bib", [], ["herault", "plain"], id="utf16le-bom-crlf"),
    pytest.param("encodings/utf16be_bom.bib", [], ["herault", "plain"], id="utf16be-bom"),
    pytest.param("malformed/nul_bytes.bib", [("bib.nul", 7)], ["a", "b"], id="nul-bytes"),
    pytest.param("malformed/deep_nesting.bib", [], ["deep", "after"], id="deep-nesting-500"),
    pytest.param("malformed/empty.bib", [], [], id="empty-file"),
    pytest.param("malformed/only_comments.bib", [], [], id="only-comments"),
    pytest.param("malformed/paren_delimited.bib", [], ["paren1", "brace1"], id="paren-delimited"),
]

FILE_LEVEL_CODES = frozenset({"bib.encoding", "bib.missing-comma"})
"""Problems of the original bytes that the rewritten (UTF-8, canonical) file no longer has."""

RECOVERED = "entry recovered"
"""In the ``bib.syntax`` error of an entry recovered from a value whose brace never closes:
the writer writes the cut value balanced, so the rewritten file no longer has the error."""


@pytest.fixture
def huge_file(tmp_path: Path) -> Path:
    target = tmp_path / "huge.bib"
    value = "word " * (1 << 18)  # 1.25 MB
    target.write_text(
        f"@misc{{before,\n  title = {{A}},\n}}\n\n@misc{{huge,\n  abstract = {{{value}}},\n}}\n\n"
        "@misc{after,\n  title = {B},\n}\n",
        encoding="utf-8",
    )
    return target


@pytest.mark.parametrize(("name", "problems", "keys"), CASES)
def test_problem_codes_and_lines(
    data_dir: Path, name: str, problems: list[tuple[str, int]], keys: list[str]
) -> None:
    library = read(data_dir / name)
    assert sorted((p.code, p.line) for p in library.problems) == sorted(problems)
    assert {p.path for p in library.problems} <= {str(data_dir / name)}


@pytest.mark.parametrize(("name", "problems", "keys"), CASES)
def test_valid_entries_kept(
    data_dir: Path, name: str, problems: list[tuple[str, int]], keys: list[str]
) -> None:
    assert [r.key for r in read(data_dir / name)] == keys


@pytest.mark.parametrize(("name", "problems", "keys"), CASES)
def test_failed_blocks_are_exact_source_text(
    data_dir: Path, name: str, problems: list[tuple[str, int]], keys: list[str]
) -> None:
    path = data_dir / name
    text = decode(path.read_bytes()).text
    library = read(path)
    for block in library.blocks:
        if isinstance(block, Unparsed):
            assert block.raw.strip()
            assert block.line is not None
            assert text.splitlines()[block.line - 1] in block.raw
            assert block.raw in text


@pytest.mark.parametrize(("name", "problems", "keys"), CASES)
def test_rewrite_rereads_same_content(
    data_dir: Path,
    tmp_path: Path,
    content_of: Content,
    name: str,
    problems: list[tuple[str, int]],
    keys: list[str],
) -> None:
    library = read(data_dir / name)
    target = tmp_path / "out.bib"
    write_text_atomic(target, write(library))
    again = read(target)
    assert content_of(again) == content_of(library)
    expected_codes = sorted(
        p.code
        for p in library.problems
        if p.code not in FILE_LEVEL_CODES and RECOVERED not in p.message  # written balanced
    )
    assert sorted(p.code for p in again.problems) == expected_codes


@pytest.mark.parametrize(("name", "problems", "keys"), CASES)
def test_rewrite_is_idempotent(
    data_dir: Path, name: str, problems: list[tuple[str, int]], keys: list[str]
) -> None:
    once = write(read(data_dir / name))
    assert write(parse_string(once)) == once


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("encodings/latin1.bib", "Hérault"),
        ("encodings/utf8_bom.bib", "Hérault"),
        ("encodings/utf16le_bom.bib", "Hérault"),
        ("encodings/utf16be_bom.bib", "Hérault"),
        ("malformed/nul_bytes.bib", None),
    ],
    ids=["latin1", "utf8-bom", "utf16le-bom", "utf16be-bom", "nul"],
)
def test_decoded_text(data_dir: Path, name: str, title: str | None) -> None:
    library = read(data_dir / name)
    if title is not None:
        assert library["herault"].title == title
    else:
        assert library["b"].title == "x\x00y"


def test_bom_is_not_part_of_first_block(data_dir: Path) -> None:
    library = read(data_dir / "encodings" / "utf8_bom.bib")
    first = library.blocks[0]
    assert isinstance(first, Comment)
    assert first.text.startswith("% Accented")


def test_duplicate_fields_all_kept(data_dir: Path) -> None:
    record = read(data_dir / "malformed" / "duplicate_fields.bib")["dup"]
    assert [(f.name, f.value) for f in record.fields] == [
        ("title", "First"),
        ("year", "2020"),
        ("title", "Second"),
        ("year", "2021"),
    ]
    assert record.field("title") == "First"


def test_deep_nesting_value_kept(data_dir: Path) -> None:
    record = read(data_dir / "malformed" / "deep_nesting.bib")["deep"]
    assert record.title == "{" * 499 + "x" + "}" * 499


def test_paren_delimited_macros_expand(data_dir: Path) -> None:
    library = read(data_dir / "malformed" / "paren_delimited.bib")
    assert library["paren1"].field("publisher") == "ACM Press"
    assert library["paren1"].title == "Title (with parentheses)"
    assert library.strings["press"] == "ACM Press"


def test_huge_value(huge_file: Path, content_of: Content) -> None:
    library = read(huge_file)
    assert library.problems == ()
    assert [r.key for r in library] == ["before", "huge", "after"]
    assert len(library["huge"].field("abstract") or "") == 5 * (1 << 18)
    assert library["after"].line == 9
    target = huge_file.parent / "out.bib"
    write_text_atomic(target, write(library))
    assert content_of(read(target)) == content_of(library)
