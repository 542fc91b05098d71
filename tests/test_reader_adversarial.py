"""Adversarial input: no traceback, no silent loss, every error with its line, bounded work.

Work is bounded by construction (one pass, no backtracking over the text, macro expansion with
a budget); these tests check the outcomes, never timings.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from belharbi_bib.bibtex import reader
from belharbi_bib.bibtex.reader import parse_string, read
from belharbi_bib.bibtex.scanner import Source
from belharbi_bib.bibtex.writer import write
from belharbi_bib.files import decode
from belharbi_bib.model import Library, Unparsed

SAMPLE = """% A sample in several styles
@string{acm = "ACM"}
@article{one,
  author = {Doe, Jane and Roe, R.},
  title = "A {Title} with {"}quotes{"}",
  journal = acm # { Journal},
  year = 2020,
}

@Book(two, title = {Second}, note = {mail@host})
@misc{three, title = {Third}}
"""

HEADER = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^\s,{}()]+)[ \t]*,", re.M)


def assert_sane(library: Library, text: str) -> None:
    """Every problem has a line inside the text; every entry header survives writing."""
    lines = len(re.split(r"\r\n?|\n", text))
    for problem in library.problems:
        assert problem.line is not None
        assert 1 <= problem.line <= lines, problem
    written = write(library)
    for match in HEADER.finditer(text):
        if match.group(1).lower() not in ("string", "comment", "preamble"):
            assert match.group(2) in written, match.group(0)


def test_every_truncation_keeps_the_complete_entries() -> None:
    ends = {key: SAMPLE.index(marker) for key, marker in [("one", "}\n\n@Book"), ("two", "})")]}
    for cut in range(len(SAMPLE) + 1):
        text = SAMPLE[:cut]
        library = parse_string(text, "t.bib")
        assert_sane(library, text)
        keys = [r.key for r in library]
        for key, end in ends.items():
            if cut > end + 1:
                assert key in keys, (cut, keys)


def test_unclosed_brace_keeps_everything_after_it() -> None:
    good = "".join(f"@misc{{k{i}, title = {{T{i}}}}}\n" for i in range(200))
    text = "@misc{bad, title = {never closed,\n  year = 2020,\n}\n\n" + good
    library = parse_string(text, "u.bib")
    # the entry's "}" closes the title; cut before "year =", the entry is recovered (issue 13)
    assert [r.key for r in library] == ["bad"] + [f"k{i}" for i in range(200)]
    assert library["bad"].field("title") == "never closed"
    assert [(p.code, p.line) for p in library.problems] == [("bib.syntax", 1)]
    assert not [b for b in library.blocks if isinstance(b, Unparsed)]
    # without the field start to cut before, the block stays verbatim as before
    library = parse_string(text.replace("year = 2020", "2020"), "u.bib")
    assert [r.key for r in library] == [f"k{i}" for i in range(200)]
    [failed] = [b for b in library.blocks if isinstance(b, Unparsed)]
    assert failed.raw.startswith("@misc{bad")


def test_many_unclosed_braces_each_reported_at_its_entry() -> None:
    # ``\{`` is a brace (BibTeX, biber): each of these entries leaves one open. Each is
    # found never to close without walking to the end of the text again.
    text = "".join(f"@misc{{k{i},\n  title = {{A\\{{\\{{b}},\n}}\n\n" for i in range(3000))
    library = parse_string(text + "@misc{last, title = {fine}}\n", "b.bib")
    assert [r.key for r in library] == ["last"]
    assert [p.line for p in library.problems] == [2 + 4 * i for i in range(3000)]
    assert sum(isinstance(b, Unparsed) for b in library.blocks) == 3000


def test_megabyte_values() -> None:
    big = "word " * 220_000
    text = (
        f'@misc{{a, abstract = {{{big}}}}}\n@misc{{b, abstract = "{big}"}}\n'
        f"@misc{{c, abstract = {{{big}\n\n@misc{{d, title = {{after}}}}\n"
    )
    library = parse_string(text, "m.bib")
    assert [r.key for r in library] == ["a", "b", "d"]
    assert len(library["a"].field("abstract") or "") == len(big)
    assert [(p.code, p.line) for p in library.problems] == [("bib.syntax", 3)]


def test_deep_nesting_without_recursion() -> None:
    depth = 100_000
    text = "@misc{deep, title = " + "{" * depth + "x" + "}" * depth + "}\n@misc{after}\n"
    library = parse_string(text)
    assert [r.key for r in library] == ["deep", "after"]
    assert library.problems == ()


def test_macro_expansion_has_a_budget() -> None:
    text = '@string{a = "0123456789"}\n'
    text += "".join("@string{a = a # a # a # a # a # a # a # a # a # a}\n" for _ in range(10))
    text += "@misc{k, f = a # a}\n@misc{after, title = {fine}}\n"
    library = parse_string(text, "x.bib")
    expanded = sum(len(f.text or "") for r in library for f in r.fields)
    assert expanded <= reader.MIN_EXPANSION_BUDGET + reader.EXPANSION_FACTOR * len(text)
    assert library["after"].title == "fine"
    assert any(p.code == "bib.macro-too-large" and p.line for p in library.problems)


def test_nul_bytes_mixed_encodings_and_line_endings(tmp_path: Path) -> None:
    data = (
        b"% M\xc3\xbcller in UTF-8\r\n"
        b"@misc{a,\r  title = {M\xfcller},\r  note = {x\x00y}\r}\r\n"
        b"@misc{b, title = {Gr\xc3\xbc\xdfe}}\n"  # UTF-8 and latin-1 in one line
        b"@misc{c, title = {ok} junk\r\n@misc{d, title = {\x93quoted\x94}}\n"
    )
    path = tmp_path / "mixed.bib"
    path.write_bytes(data)
    library = read(path)
    assert [r.key for r in library] == ["a", "b", "d"]
    assert library["a"].title == "Müller"
    assert library["b"].title == "Grüße"
    assert library["d"].title == "“quoted”"
    found = sorted((p.code, p.line) for p in library.problems)
    assert found == [
        ("bib.encoding", 3),
        ("bib.encoding", 6),
        ("bib.encoding", 8),
        ("bib.nul", 4),
        ("bib.syntax", 7),
    ]


PIECES = [
    "@misc{", "@string{", "@comment{", "@preamble{", "@misc(", "@", "{", "}", "(", ")",
    '"', ",", "=", "#", "%", "\n", "\r", "\r\n", " ", "\t", "\x00", "key", "title", "jan",
    "12", "é", "\\", "\\{", "@article{k,\n", " title = {x},\n", "}\n", "@string(a=", "{@}",
    "% c\n",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_random_text_never_raises_and_rewrites_stably(text: str) -> None:
    library = parse_string(text, "r.bib")
    assert_sane(library, text)
    once = write(library)
    again = parse_string(once)
    assert [r.key for r in again] == [r.key for r in library]
    assert write(again) == once


def _everything(library: Library) -> list[object]:
    return [*library.blocks, *library.problems]


_WIDE_PIECES = st.sampled_from(
    ["\U0001f600", "\u4e2d", "\u2009", "\u3000", "\x7f", "\x1f", "\u0130", "\u212a", "é", "\xa0"]
)
_BIB_PIECES = st.sampled_from(
    ["@", "{", "}", "(", ")", '"', ",", "=", "#", "%", "\n", "\r", " ", "a", "k", "article"]
)


@settings(max_examples=300, deadline=None)
@given(
    cuts=st.lists(st.integers(0, len(SAMPLE)), max_size=6),
    pieces=st.lists(st.one_of(_WIDE_PIECES, _BIB_PIECES), min_size=1, max_size=6),
)
def test_reading_a_narrowed_text_changes_nothing(cuts: list[int], pieces: list[str]) -> None:
    # Files are read from a copy where characters above U+00FF stand in as one byte each
    # (white space for white space); the blocks, values and problems must be the same.
    text = SAMPLE
    for cut, piece in zip(sorted(cuts, reverse=True), pieces, strict=False):
        text = text[:cut] + piece + text[cut:]
    plain = reader._Converter(Source(text), "t.bib", None).convert()
    narrowed = reader._Converter(Source(text, narrow=True), "t.bib", None).convert()
    assert _everything(narrowed) == _everything(plain)


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf@misc{k, title={\xe2\x98\x83}}",
        b"\xef\xbb\xbf\xef\xbb\xbf@misc{k, title={\xe2\x98\x83}}",  # a second BOM is text
        b"@misc{k\xf0\x9f\x98\x80, title={x}}\r\n@misc{\xe2\x80\x89j, a=b}",
        "@misc{k, title={☃ \u2009 x}}\r\n".encode("utf-16"),
        b"\x7f@misc{k\x7f, title={\x7f\xe2\x98\x83}, au\xe2\x80\x89thor = x}",
        b"@misc{k, title={\xe9\xe2\x98\x83}}",  # not UTF-8: read as Windows-1252
        b"\xef\xbb\xbf",
    ],
)
def test_reading_a_file_is_parsing_its_decoded_text(tmp_path: Path, data: bytes) -> None:
    # read() narrows the text as it decodes it; parse_string() reads the text as given.
    path = tmp_path / "t.bib"
    path.write_bytes(data)
    decoded = decode(data, str(path))
    expected = parse_string(decoded.text, str(path)).with_problems(decoded.problems)
    library = read(path)
    assert library.blocks == expected.blocks
    assert library.problems == expected.problems
