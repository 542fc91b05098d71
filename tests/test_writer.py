"""The canonical writer: layout, field order, value spelling, comments and failed blocks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from belharbi_bib import database, values
from belharbi_bib.bibtex.reader import parse_string, read
from belharbi_bib.bibtex.writer import (
    FIELD_ORDER,
    may_be_canonical,
    pieces,
    render_block,
    render_record,
    sort_fields,
    write,
)
from belharbi_bib.model import Block, Comment, Field, Library, Preamble, Record, StringDef, Unparsed


def test_canonical_entry_layout() -> None:
    text = '@ARTICLE{Key1,\n  YEAR = 2020, Title="On {T}he Road",\n  Journal = pami # { X}}'
    assert write(parse_string(text)) == (
        "@article{Key1,\n"
        "  title = {On {T}he Road},\n"
        "  journal = pami # { X},\n"
        "  year = {2020},\n"
        "}\n"
    )


def test_blocks_separated_by_one_blank_line() -> None:
    blocks: list[Block] = [
        Comment("% head"),
        StringDef("ieee", '"IEEE"'),
        Preamble('"\\x" # "y"'),
        Comment("note", explicit=True),
        Record("k", "Misc"),
    ]
    assert write(blocks) == (
        "% head\n\n@string{ieee = {IEEE}}\n\n@preamble{{\\x} # {y}}\n\n"
        "@comment{note}\n\n@misc{k,\n}\n"
    )


@pytest.mark.parametrize(
    "library",
    [Library(), [], [Comment("")], [Comment("\n\n", explicit=False)]],
    ids=["empty-library", "no-blocks", "empty-comment", "blank-comment"],
)
def test_nothing_to_write_is_empty(library: Library | list[Block]) -> None:
    assert write(library) == ""


def test_known_fields_in_documented_order_unknown_after_in_own_order() -> None:
    fields = [Field(name, "{x}") for name in ("zz", "year", "aa", "title", "author", "abstract")]
    names = [f.name for f in sort_fields(fields)]
    assert names == ["author", "title", "year", "abstract", "zz", "aa"]


def test_repeated_fields_keep_their_order() -> None:
    fields = [Field("note", "{1}"), Field("title", "{t}"), Field("note", "{2}")]
    assert [f.raw for f in sort_fields(fields)] == ["{t}", "{1}", "{2}"]


def test_field_order_has_no_duplicates() -> None:
    assert len(set(FIELD_ORDER)) == len(FIELD_ORDER)


@pytest.mark.parametrize(
    ("raw", "written"),
    [
        ("{Deep {CAM}}", "{Deep {CAM}}"),
        ('"On {T}he Road"', "{On {T}he Road}"),
        ("2020", "{2020}"),
        ("jan", "jan"),
        ('jan#"~1"', "jan # {~1}"),
        ('"a \\{ b"', '"a \\{ b"'),
        ("{ok} year={2}", "{ok} year={2}"),
    ],
    ids=["braced", "quoted", "number", "macro", "concat", "unbalanced-quoted-kept", "invalid-kept"],
)
def test_field_value_spelling(raw: str, written: str) -> None:
    assert (
        render_block(Record("k", "misc", (Field("f", raw),))) == f"@misc{{k,\n  f = {written},\n}}"
    )


@pytest.mark.parametrize(
    ("comment", "written"),
    [
        (Comment("% plain", False), "% plain"),
        (Comment("\n  % padded  \n", False), "% padded"),
        (Comment("a {b} c", True), "@comment{a {b} c}"),
        (Comment("\nline\n", True), "@comment{line}"),
        (Comment("a \\{ b", True), "a \\{ b"),
        (Comment("a { b", True), "a { b"),
    ],
    ids=[
        "implicit",
        "implicit-stripped",
        "explicit",
        "explicit-newlines",
        "explicit-escaped-brace",
        "explicit-unbalanced-as-free-text",
    ],
)
def test_comment_spelling(comment: Comment, written: str) -> None:
    assert render_block(comment) == written


@pytest.mark.parametrize(
    ("source", "codes"),
    [
        ("@comment{a \\{ b}", ["bib.syntax"]),
        ("@comment{a \\} b}", []),
        ("@comment{note (see \\cite) \\{ here}", ["bib.syntax"]),
    ],
    ids=["escaped-open", "escaped-close", "escaped-open-and-paren"],
)
def test_comment_with_backslash_brace_follows_bibtex_and_round_trips(
    source: str, codes: list[str]
) -> None:
    # A backslash escapes no brace (BibTeX, biber): ``\{`` leaves the @comment open and
    # ``\}`` closes it early (the rest is free text).
    library = parse_string(source)
    assert [p.code for p in library.problems] == codes
    assert all(source in b.raw for b in library.blocks if isinstance(b, Unparsed))
    written = write(library)
    again = parse_string(written)
    assert [type(b) for b in again.blocks] == [type(b) for b in library.blocks]
    assert write(again) == written


@pytest.mark.parametrize(
    "text",
    ["a { b", "a } b", "unbalanced { (with parens)"],
    ids=["open", "close", "open-and-parens"],
)
def test_explicit_comment_with_unbalanced_braces_reads_back(text: str) -> None:
    # bibtexparser cannot read such an @comment back, so it is written as free text: same text.
    library = parse_string(write([Comment(text, explicit=True)]))
    assert library.blocks == (Comment(text, False, 1),)
    assert library.problems == ()


def test_unparsed_block_written_verbatim_after_marker() -> None:
    block = Unparsed("@misc{b,\n  title = {x,\n}", "Unexpected `}` {here}", 3)
    assert render_block(block) == (
        "@comment{belharbi-bib: could not parse the block below: Unexpected `)` (here)}\n"
        "@misc{b,\n  title = {x,\n}"
    )


def test_unparsed_block_reads_back_without_marker() -> None:
    raw = "@misc{b,\n  title = {x,\n}"
    library = parse_string(write([Record("a", "misc"), Unparsed(raw, "bad\nreason", 3)]))
    assert [type(b) for b in library.blocks] == [Record, Unparsed]
    assert library.blocks[1].raw == raw  # type: ignore[union-attr]
    assert [p.code for p in library.problems] == ["bib.syntax"]


def test_output_is_stable_for_equal_input() -> None:
    text = "@misc{b, note = {n}, title = {t}}\n\n@string{s = {S}}\n"
    assert write(parse_string(text)) == write(parse_string(text))


_BRACED = st.text(alphabet='{}#\\ ab"', max_size=12).map(lambda inner: "{" + inner + "}")


@given(raw=_BRACED)
@settings(max_examples=400, deadline=None)
def test_a_braced_value_is_written_as_values_canonical_writes_it(raw: str) -> None:
    record = Record("k", "misc", (Field("note", raw),))
    assert render_block(record) == f"@misc{{k,\n  note = {values.canonical(raw)},\n}}"


def test_pieces_joined_are_the_written_text() -> None:
    library = read(database.bib_path())
    blocks: list[Block] = [*library.blocks, Comment(""), Unparsed("@x{", "broken", 1)]
    assert "".join(pieces(blocks)) == write(blocks)
    assert list(pieces([Comment("")])) == []
    assert write([]) == ""


def test_may_be_canonical_never_refuses_a_canonical_text() -> None:
    library = read(database.bib_path())
    records = [
        *library.records,
        Record("k", "Misc"),
        Record("k", "misc", (Field("Zzz", "{1}"), Field("Title", '"A"'), Field("year", "2"))),
    ]
    for record in records:
        assert may_be_canonical(record, render_record(record)), record.key
    text = render_record(records[0])
    assert not may_be_canonical(records[0], text.replace(",\n}", "\n}"))
    assert not may_be_canonical(records[0], text.replace("  ", "\t", 1))
    assert not may_be_canonical(Record("k", "misc"), "@misc{k,\n }")


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.text(alphabet='ab {}"#\\ 12', max_size=12),
        st.text(alphabet="ab {}\\ 1", max_size=10).map(lambda t: '"' + t + '"'),
        st.text(alphabet="0123456789", min_size=1, max_size=5),
    ).filter(bool)
)
def test_value_spelling_agrees_with_values_canonical(raw: str) -> None:
    # The writer answers quoted literals, numbers and braced values itself: as values does.
    record = Record("k", "misc", (Field("note", raw),))
    assert render_record(record) == f"@misc{{k,\n  note = {values.canonical(raw)},\n}}"


def test_fields_out_of_order_are_sorted_stably() -> None:
    fields = (Field("zz", "{1}"), Field("year", "{2}"), Field("zz", "{3}"), Field("author", "{4}"))
    lines = render_record(Record("k", "misc", fields)).splitlines()[1:-1]
    assert lines == ["  author = {4},", "  year = {2},", "  zz = {1},", "  zz = {3},"]
