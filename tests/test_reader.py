"""The reader: BibTeX text -> Library, with line numbers and problems, never raising on data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from belharbi_bib.bibtex.reader import parse_string, read
from belharbi_bib.bibtex.writer import write
from belharbi_bib.errors import ReadError
from belharbi_bib.model import Comment, Field, Library, Preamble, Record, StringDef, Unparsed
from belharbi_bib.problems import Severity

pytestmark = pytest.mark.usefixtures("scanner_path")  # compiled and pure-Python scanner

SOURCE = """\
% header comment
@string{ieee = "IEEE"}

@preamble{"\\newcommand{\\x}{y}"}

@comment{explicit}
@Article{Key,
  Author = {A. B},
  title  = ieee # { Trans},

  year = 2020
}
trailing text
"""


def test_parse_blocks_in_order_with_lines() -> None:
    library = parse_string(SOURCE, "p.bib")
    assert library.blocks == (
        Comment("% header comment", False, 1),
        StringDef("ieee", '"IEEE"', 2),
        Preamble('"\\newcommand{\\x}{y}"', 4),
        Comment("explicit", True, 6),
        Record(
            "Key",
            "article",
            (
                Field("author", "{A. B}", 8),
                Field("title", "ieee # { Trans}", 9, "IEEE Trans"),
                Field("year", "2020", 11),
            ),
            7,
            "p.bib",
        ),
        Comment("trailing text", False, 13),
    )
    assert (library.problems, library.path) == ((), "p.bib")


def test_read_file_sets_path_everywhere(tmp_path: Path) -> None:
    target = tmp_path / "lib.bib"
    target.write_text("@misc{a, note = undefined}\n", encoding="utf-8")
    library = read(target)
    assert library.path == str(target)
    assert library["a"].path == str(target)
    assert [p.path for p in library.problems] == [str(target)]


@pytest.mark.parametrize("make", ["missing", "directory"], ids=["missing", "directory"])
def test_read_unreadable_file_raises(tmp_path: Path, make: str) -> None:
    target = tmp_path / "lib.bib"
    if make == "directory":
        target.mkdir()
    with pytest.raises(ReadError):
        read(target)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@string{a = {A}}\n@misc{k, f = a}", "A"),
        ("@string{A = {A}}\n@misc{k, f = a}", "A"),
        ("@string{a = {A}}\n@string{b = a # {B}}\n@misc{k, f = b}", "AB"),
        ("@string{a = {A}}\n@string{a = {Z}}\n@misc{k, f = a}", "Z"),
        ("@string{a = {A}}\n@string{A = {Z}}\n@misc{k, f = a}", "Z"),
        ("@misc{k, f = dec # { 24}}", "December 24"),
        ("@string{jan = {Janvier}}\n@misc{k, f = jan}", "Janvier"),
        ("@misc{k, f = 2001 # {a}}", "2001a"),
    ],
    ids=[
        "macro",
        "case-insensitive",
        "nested",
        "redefined",
        "redefined-other-case",
        "month",
        "month-overridden",
        "number",
    ],
)
def test_macros_are_expanded(text: str, expected: str) -> None:
    library = parse_string(text)
    assert library["k"].field("f") == expected
    redefined = text.lower().count("@string{a =") == 2
    assert [p.code for p in library.problems] == (["bib.duplicate-string"] if redefined else [])


@pytest.mark.parametrize(
    ("text", "code", "line", "key", "severity"),
    [
        ("@misc{k,\n  f = nope,\n}", "bib.undefined-macro", 2, "k", Severity.WARNING),
        ("@string{a = b # {x}}", "bib.undefined-macro", 1, None, Severity.WARNING),
        ("\n@string{a = {x} {y}}", "bib.bad-value", 2, None, Severity.ERROR),
        ("@misc{k,\n\n  f = {x} y,\n}", "bib.bad-value", 3, "k", Severity.ERROR),
        ("@misc{k,\n  f = {x},\n  F = {y},\n}", "bib.duplicate-field", 3, "k", Severity.WARNING),
        ("@misc{k, f = {x}}\n\n@misc{K, f = {y}}", "bib.duplicate-key", 3, "K", Severity.ERROR),
        ("\n\n@misc{, f = {x}}", "bib.missing-key", 3, None, Severity.ERROR),
        ("@misc{k, f = {x}\n", "bib.syntax", 1, None, Severity.ERROR),
    ],
    ids=[
        "undefined-macro",
        "undefined-in-string",
        "bad-string-value",
        "bad-field-value",
        "duplicate-field",
        "duplicate-key",
        "missing-key",
        "syntax",
    ],
)
def test_problem_details(
    text: str, code: str, line: int, key: str | None, severity: Severity
) -> None:
    [problem] = parse_string(text, "p.bib").problems
    assert (problem.code, problem.line, problem.key, problem.severity, problem.path) == (
        code,
        line,
        key,
        severity,
        "p.bib",
    )


def test_duplicate_keys_are_all_records_lookup_finds_first() -> None:
    second = "@misc{A,\n  f = {second},\n}"
    library = parse_string(f"@misc{{a, f = {{first}}}}\n\n{second}\n\n@misc{{a, f = {{3}}}}\n")
    assert [r.key for r in library] == ["a", "A", "a"]
    assert [r.field("f") for r in library] == ["first", "second", "3"]
    assert library["A"].field("f") == "first"
    assert [(p.code, p.line, p.key) for p in library.problems] == [
        ("bib.duplicate-key", 3, "A"),
        ("bib.duplicate-key", 7, "a"),
    ]
    assert write(library).count("@misc{") == 3


def test_failed_block_kept_verbatim_and_parsing_recovers() -> None:
    bad = "@misc{b,\n  title = {unclosed,\n  2020,\n}"  # no field start to cut the title at
    library = parse_string(f"@misc{{a, f = {{1}}}}\n\n{bad}\n\n@misc{{c, f = {{3}}}}\n")
    assert [r.key for r in library] == ["a", "c"]
    [unparsed] = [b for b in library.blocks if isinstance(b, Unparsed)]
    assert (unparsed.raw, unparsed.line) == (bad, 3)
    assert unparsed.reason


def test_value_swallowing_the_entry_is_cut_and_the_entry_recovered() -> None:
    bad = "@misc{b,\n  title = {unclosed,\n  year = 2020,\n}"
    library = parse_string(f"@misc{{a, f = {{1}}}}\n\n{bad}\n\n@misc{{c, f = {{3}}}}\n")
    assert [r.key for r in library] == ["a", "b", "c"]
    assert [(f.name, f.raw) for f in library["b"].fields] == [
        ("title", "{unclosed}"),
        ("year", "2020"),
    ]
    [problem] = library.problems
    assert (problem.code, problem.line, problem.key) == ("bib.syntax", 4, "b")
    assert not [b for b in library.blocks if isinstance(b, Unparsed)]


def test_writer_marker_comment_is_dropped() -> None:
    text = "@comment{belharbi-bib: could not parse the block below: x}\n@misc{k, f = {1}}\n"
    library = parse_string(text)
    assert [type(b) for b in library.blocks] == [Record]


def test_other_comments_are_kept() -> None:
    library = parse_string("@comment{jabref-meta: x;}\n@Comment{Other}\n")
    assert [(b.text, b.explicit) for b in library.blocks if isinstance(b, Comment)] == [
        ("jabref-meta: x;", True),
        ("Other", True),
    ]


def test_leading_bom_is_ignored() -> None:
    library = parse_string("\ufeff@misc{k, f = {1}}")
    assert [r.key for r in library] == ["k"]
    assert library.blocks[0].line == 1


def test_names_are_lowercased_keys_are_not() -> None:
    library = parse_string("@InProceedings{MixedCase, BookTitle = {B}}")
    item = library["mixedcase"]
    assert (item.key, item.entry_type, item.fields[0].name) == (
        "MixedCase",
        "inproceedings",
        "booktitle",
    )


def test_paren_delimited_blocks() -> None:
    library = parse_string(
        '@string(pub = "ACM")\n@preamble("p")\n@article(a,\n  publisher = pub # { Press},\n)\n'
    )
    assert [type(b) for b in library.blocks] == [StringDef, Preamble, Record]
    assert library["a"].field("publisher") == "ACM Press"
    assert library.problems == ()


@pytest.mark.parametrize(
    "text",
    [
        "@",
        "@{",
        "}",
        "@article",
        "@article{",
        "@article{a",
        "@string{",
        "@string{x}",
        "@string{x = }",
        "@preamble{",
        "@comment{",
        "@@@",
        "{{{{",
        "@article{a, title={x}} }}}",
        "@article{a, title}",
        "@article{a, title = }",
        "@article{a, title = {x},,}",
        "\x00",
        '@article{a, title = "x}',
        "@article{a, title = {x}\n@article{b, title = {y}}",
    ],
    ids=[
        "at",
        "at-brace",
        "close",
        "type-only",
        "open",
        "key-only",
        "string-open",
        "string-no-value",
        "string-empty-value",
        "preamble-open",
        "comment-open",
        "ats",
        "braces",
        "trailing-braces",
        "field-no-value",
        "field-empty-value",
        "double-comma",
        "nul",
        "unclosed-quote",
        "unclosed-entry",
    ],
)
def test_garbage_never_raises_and_round_trips(
    text: str, content_of: Callable[[Library], tuple[object, ...]]
) -> None:
    library = parse_string(text)
    written = write(library)
    again = parse_string(written)
    assert content_of(again) == content_of(library)
    assert sorted(p.code for p in again.problems) == sorted(p.code for p in library.problems)
    assert write(again) == written
