"""The fast scanner gives exactly the blocks bibtexparser's splitter gives on the whole text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from belharbi_bib.bibtex.reader import parse_string, split
from belharbi_bib.bibtex.scanner import RawBlock, scan
from belharbi_bib.files import decode, read_bytes

ROOT = Path(__file__).resolve().parent.parent

Shape = tuple[object, ...]


def shapes(blocks: list[RawBlock]) -> list[Shape]:
    """Everything a raw block tells the converter, as comparable tuples."""
    return [
        (b.kind, b.line, b.raw, b.key, b.entry_type, b.fields, b.value, b.reason) for b in blocks
    ]


def text_of(path: Path) -> str:
    text = decode(read_bytes(path), str(path)).text
    return text[1:] if text.startswith("\ufeff") else text


def assert_same(text: str) -> None:
    assert shapes(scan(text, split)) == shapes(split(text))


# Pieces that exercise every rule of the splitter: delimiters, escapes, quotes inside braces,
# braces inside quotes, the {"} escape, stray and line-start @, parenthesised blocks, line
# continuations, CRLF, non-ASCII white space.
TOKENS = [
    "@article{", "@Article {", "@string{", "@comment{", "@misc(", "@preamble{", "@STRING(",
    "\n", "\n", "\n", " ", "\t", "{", "{", "}", "}", '"', ",", ",", "=", "=", "\\", "@",
    "a", "key", " title = ", "#", ")", "(", '{"}', "\\\n", "\r\n", "x@y{", "\\{", "\\}",
    '\\"', "é", "\u00a0", "\u2028", "1990", "jan", "}\n\n@inproceedings{k2,\n",
    "  author = {A and B},\n", "}\n", "% comment\n",
]  # fmt: skip

VALUE_TOKENS = [
    "{", "}", '"', "a", " ", "\n", "\\", "@", "@x{", ",", "=", "#", '{"}', "\\\n", "\t", "é",
    "(", ")", "{a}", '"q"', "jan", "12", "\n@misc{",
]  # fmt: skip


def entries() -> st.SearchStrategy[str]:
    """Mostly well-formed entries with arbitrary values, so that the fast path is exercised."""
    value = st.lists(st.sampled_from(VALUE_TOKENS), max_size=8).map("".join)
    braced = st.one_of(value, value.map(lambda v: "{" + v + "}"))
    field = st.tuples(
        st.sampled_from(["title", " Author", "x y", "", "Year"]),
        st.sampled_from([" = ", "=", "\n=\n"]),
        braced,
    ).map("".join)
    entry = st.tuples(
        st.sampled_from(["@article{", "@Misc {", "@book{", "  @inproceedings{"]),
        st.sampled_from(["k", "k2", " k ", "", "K"]),
        st.sampled_from([",", "", ",\n"]),
        st.lists(field, max_size=4).map(",\n  ".join),
        st.sampled_from(["", ",", ",\n"]),
        st.sampled_from(["}", "\n}", "", ")"]),
        st.sampled_from(["\n", "\n\n", " junk\n", "\n% c @y{\n", ""]),
    ).map("".join)
    return st.lists(entry, min_size=1, max_size=4).map("".join)


SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_scan_matches_splitter_on_token_soup(text: str) -> None:
    assert_same(text)


@SETTINGS
@given(entries())
def test_scan_matches_splitter_on_entries(text: str) -> None:
    assert_same(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n",
        "@article{k,\n  title = {A},\n}\n",
        "@article{k}",
        "@article{k,}",
        '@article{k, title = {a} # b # "c"}\n% trailing\n',
        '@article{k, title = "a {"} b"}',
        "@article{k, title = {a\\}b}}",
        "@article{k, title = {unclosed,\n@misc{m, year = 2020}\n",
        "@article{k, title = {a}\\\n, year = 1}\n@misc{m,}\n",
        "text @misc{inline, a = b}\n@book{b, c = d}",
        '@comment{x}\n@string{s = {v}}\n@preamble{"p"}\n@misc(k, a = {)})\n',
        "@article{k, title = {a@b{c}d}, note = x}\n",
    ],
    ids=[
        "empty",
        "blank",
        "simple",
        "no-fields",
        "trailing-comma",
        "concatenation",
        "quote-escape",
        "escaped-brace",
        "unclosed",
        "line-continuation",
        "inline-at",
        "special-blocks",
        "at-inside-value",
    ],
)
def test_scan_matches_splitter_on_examples(text: str) -> None:
    assert_same(text)


def test_scan_matches_splitter_on_the_bundled_database() -> None:
    assert_same(text_of(ROOT / "bib" / "belharbi.bib"))


def test_fast_path_reads_well_formed_entries_without_the_splitter() -> None:
    def refuse(text: str, line: int) -> list[RawBlock]:
        raise AssertionError(f"fallback called on {text!r}")

    blocks = scan("% head\n@article{k,\n  title = {A {B}},\n  year = 2020,\n}\n", refuse)
    entry = blocks[1]
    assert (entry.kind, entry.line, entry.key, entry.entry_type) == ("entry", 1, "k", "article")
    assert entry.fields == (("title", "{A {B}}", 2), ("year", "2020", 3))


def test_corpus_files_read_identically(shared_dir: Path) -> None:
    paths = sorted((shared_dir / "corpus" / "realworld").iterdir())
    paths += [
        p for p in sorted((shared_dir / "corpus" / "perf").glob("*.bib")) if "xl-" not in p.name
    ]
    assert paths
    for path in paths:
        assert_same(text_of(path))


def test_parse_result_is_unchanged_by_the_fast_path(shared_dir: Path) -> None:
    """The library built from scanned blocks equals the one built from the splitter's."""
    from belharbi_bib.bibtex.reader import _Converter

    path = shared_dir / "corpus" / "perf" / "s-legacy-parens.bib"
    text = text_of(path)
    expected = _Converter(text, str(path)).convert(split(text))
    assert parse_string(text, str(path)) == expected
    assert parse_string(text, str(path)).problems == expected.problems


def test_unclosed_block_reason_does_not_depend_on_what_follows() -> None:
    """Regression (hypothesis, chaotic values with --merge): a merge left the unclosed entry
    last, so it ran into the end of the file instead of the next block and its reason changed."""
    unclosed = "@article{k1,\n  title = {\\}\n}\n"
    followed = parse_string(unclosed + "\n@misc{k2, title = {x}}\n")
    last = parse_string(unclosed)
    assert followed.problems[0].message == last.problems[0].message
    assert followed.problems[0].code == "bib.syntax"


def test_normalize_is_idempotent_when_a_merge_moves_an_unclosed_block_last() -> None:
    from belharbi_bib.bibtex.writer import write
    from belharbi_bib.normalize.options import Options
    from belharbi_bib.normalize.pipeline import normalize

    source = (
        "@misc{k1,\n  note = {arXiv:2201.02445}\n}\n\n@article{k1,\n  title = {\\}\n}\n\n"
        "@article{k2,\n  journal = {10.48550/arXiv.2201.02445},\n}\n"
    )
    options = Options(merge=True, rekey=True)
    once = write(normalize(parse_string(source, "gen.bib"), options).library)
    assert write(normalize(parse_string(once, "gen.bib"), options).library) == once
