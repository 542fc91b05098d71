"""The BibTeX grammar as biber reads it: one minimal case per rule, and the reported defects.

Each case is written the way another tool (biblatex, JabRef, Scopus, BibDesk ...) writes it;
nothing may be lost, every problem names its line, and writing back then reading again gives
the same records.
"""

from __future__ import annotations

import pytest

from belharbi_bib.bibtex.reader import parse_string, parse_with_sources
from belharbi_bib.bibtex.scanner import Lines, scan
from belharbi_bib.bibtex.writer import write
from belharbi_bib.model import Comment, Library, Preamble, StringDef, Unparsed

pytestmark = pytest.mark.usefixtures("scanner_path")  # compiled and pure-Python scanner


def records(library: Library) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
    return [(r.key, r.entry_type, tuple((f.name, f.value) for f in r.fields)) for r in library]


def codes(library: Library) -> list[tuple[str, int | None]]:
    return [(p.code, p.line) for p in library.problems]


def assert_round_trip(library: Library) -> None:
    again = parse_string(write(library))
    assert records(again) == records(library)


# --- commands and entry types ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "entry_type"),
    [
        ("@commentary{salters:2010, title={Lamentations}, date={2010}}", "commentary"),
        ("@preambles{p, title={x}}", "preambles"),
        ("@strings{s, title={x}}", "strings"),
        ("@Comments{c, title={x}}", "comments"),
    ],
)
def test_only_the_three_commands_are_commands(text: str, entry_type: str) -> None:
    library = parse_string(text)
    [record] = library.records
    assert record.entry_type == entry_type
    assert library.problems == ()
    assert write(library).startswith(f"@{entry_type}{{")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("@COMMENT{x}", Comment),
        ("@Preamble{ {x} }", Preamble),
        ("@sTrInG{a = {b}}", StringDef),
    ],
)
def test_commands_in_any_case(text: str, kind: type) -> None:
    [block] = parse_string(text).blocks
    assert isinstance(block, kind)


@pytest.mark.parametrize(
    "text",
    ["@ article{k, title={x}}", "@\tmisc\n{k, title={x}}", "@article {k, title={x}}"],
    ids=["space-before-type", "tab-and-newline", "space-before-brace"],
)
def test_white_space_around_the_type(text: str) -> None:
    library = parse_string(text)
    assert [r.key for r in library] == ["k"]
    assert library.problems == ()


def test_parenthesised_blocks_and_mismatched_closers() -> None:
    text = "@misc(a, title = {x})\n@misc{b, title = {y})\n@misc(c, title = {z}}\n@string(s = {v})\n"
    library = parse_string(text, "m.bib")
    assert [r.key for r in library] == ["a", "b", "c"]
    assert codes(library) == [("bib.mismatched-delimiter", 2), ("bib.mismatched-delimiter", 3)]
    assert {p.severity.value for p in library.problems} == {"warning"}
    assert [b.name for b in library.blocks if isinstance(b, StringDef)] == ["s"]


def test_at_sign_in_free_text_and_stray_at() -> None:
    text = "mail me at me@example.org\n@misc{k, title={x}}\n@inproceedings\n"
    library = parse_string(text)
    assert [r.key for r in library] == ["k"]
    assert codes(library) == [("bib.stray-at", 3)]
    assert [b.text for b in library.blocks if isinstance(b, Comment)] == [
        "mail me at me@example.org",
        "@inproceedings",
    ]


# --- values ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ('"a {b"} c"', 'a {b"} c'),
        ("{a {b} c}", "a {b} c"),
        ("{a \\{ b}}", "a \\{ b}"),
        ('"x" # {y} # 12', "xy12"),
        ("{mail@host and @article{x}}", "mail@host and @article{x}"),
        ("{50% off}", "50% off"),
    ],
    ids=["quote-inside-braces", "nested", "backslash-escapes-nothing", "concat", "at", "percent"],
)
def test_values(raw: str, value: str) -> None:
    library = parse_string(f"@misc{{k, f = {raw}, g = {{after}}}}")
    assert library.problems == ()
    assert library["k"].field("f") == value
    assert library["k"].field("g") == "after"


def test_line_initial_entry_inside_a_balanced_value_does_not_split() -> None:
    text = "@misc{a,\n  abstract = {One\n@article{b, title={not an entry}}\n  end},\n}\n@misc{c}\n"
    library = parse_string(text)
    assert [r.key for r in library] == ["a", "c"]
    assert "@article{b" in (library["a"].field("abstract") or "")
    assert library.problems == ()


def test_resynchronise_at_line_initial_at_only_after_an_error() -> None:
    text = "@misc{a, title = {x} junk junk\n@misc{b, title = {y}}\n"
    library = parse_string(text, "r.bib")
    assert [r.key for r in library] == ["b"]
    [failed] = [b for b in library.blocks if isinstance(b, Unparsed)]
    assert failed.raw == "@misc{a, title = {x} junk junk"
    assert codes(library) == [("bib.syntax", 1)]


def test_error_reported_where_it_is() -> None:
    text = "@misc{a,\n  title = {x},\n  year 2020,\n}\n@misc{b}\n"
    library = parse_string(text)
    assert codes(library) == [("bib.syntax", 3)]
    assert [r.key for r in library] == ["b"]


# --- @string -----------------------------------------------------------------------------


def test_string_applies_from_its_position_on() -> None:
    text = (
        "@misc{before, f = s}\n@string{s = {one}}\n@misc{a, f = s # { x}}\n"
        "@string{s = {two}}\n@misc{b, f = s}\n"
    )
    library = parse_string(text)
    assert [r.field("f") for r in library] == ["s", "one x", "two"]
    assert sorted(codes(library)) == [("bib.duplicate-string", 4), ("bib.undefined-macro", 1)]


def test_exponential_macros_are_bounded() -> None:
    lines = ['@string{m0 = "xxxxxxxxxxxxxxxx"}']
    lines += [f"@string{{m{i} = m{i - 1} # m{i - 1}}}" for i in range(1, 60)]
    lines += ["@misc{big, f = m59}", "@misc{small, f = m3}", "@misc{other, title = {kept}}"]
    library = parse_string("\n".join(lines), "e.bib")
    assert [r.key for r in library] == ["big", "small", "other"]
    assert library["small"].field("f") == "x" * 128
    assert library["big"].field("f") == "m59"  # kept as written
    too_large = [p for p in library.problems if p.code == "bib.macro-too-large"]
    assert too_large
    assert all(p.line is not None and p.path == "e.bib" for p in too_large)
    assert write(library).count("@string{") == 60
    strings = library.strings  # bounded as well
    assert len(strings["m3"]) == 128
    assert all(len(text) <= 1 << 20 for text in strings.values())


# --- comments ----------------------------------------------------------------------------


def test_percent_lines_inside_an_entry_are_comments_kept_after_it() -> None:
    text = (
        "@article{roes2003,  % after the key\n"
        "  % a whole line\n"
        "  title = {Belief},  % after a field\n"
        "  year = {2003}\n"
        "}\n"
    )
    library = parse_string(text)
    assert library.problems == ()
    assert records(library) == [("roes2003", "article", (("title", "Belief"), ("year", "2003")))]
    [comment] = [b for b in library.blocks if isinstance(b, Comment)]
    assert comment.text == "% after the key\n% a whole line\n% after a field"
    assert_round_trip(library)


def test_percent_line_at_top_level_hides_an_entry() -> None:
    library = parse_string("% @article{old, title={x}}\n@misc{new, title={y}}\n")
    assert [r.key for r in library] == ["new"]


def test_comment_block_braces_balance() -> None:
    library = parse_string("@comment{a {b} c}\n@comment{ { }\n@misc{k}\n", "c.bib")
    assert [type(b).__name__ for b in library.blocks] == ["Comment", "Unparsed", "Record"]
    assert codes(library) == [("bib.syntax", 2)]


# --- keys --------------------------------------------------------------------------------


def test_duplicate_keys_are_all_records() -> None:
    library = parse_string("@misc{a, n={1}}\n@misc{A, n={2}}\n@misc{a, n={3}}\n", "d.bib")
    assert [r.field("n") for r in library] == ["1", "2", "3"]
    assert library["a"].field("n") == "1"
    assert codes(library) == [("bib.duplicate-key", 2), ("bib.duplicate-key", 3)]
    assert write(library).count("@misc") == 3


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("@misc{, title={x}}", "bib.missing-key"),
        ("@misc{my key, title={x}}", "bib.bad-key"),
        ("@misc{o'hara, title={x}}", "bib.bad-key"),
    ],
)
def test_keys_bibtex_cannot_use_are_problems_at_load(text: str, code: str) -> None:
    library = parse_string(text)
    assert len(library) == 1
    assert codes(library) == [(code, 1)]


def test_missing_commas_are_reported_and_repaired() -> None:
    text = "@misc{k\n  title = {x}\n  year = 2020\n}\n"
    library = parse_string(text)
    assert records(library) == [("k", "misc", (("title", "x"), ("year", "2020")))]
    assert codes(library) == [("bib.missing-comma", 2), ("bib.missing-comma", 3)]


def test_a_field_without_equals_is_an_error_on_a_kept_entry() -> None:
    # Text-BibTeX's errors.bib: "author {error}". BibTeX still typesets the entry.
    text = '@Article{error1,\n  author {error},\n  title = {title},\n}\n@misc{b, note "q"}\n'
    library = parse_string(text)
    assert records(library) == [
        ("error1", "article", (("author", "error"), ("title", "title"))),
        ("b", "misc", (("note", "q"),)),
    ]
    assert codes(library) == [("bib.syntax", 2), ("bib.syntax", 5)]
    assert "entry recovered" in library.problems[0].message
    assert_round_trip(library)


@pytest.mark.parametrize(
    "text",
    [
        "@misc{k, author error, title = {t}}\n",  # no delimited value: not clearly a value
        "@misc{k, author {a} b, title = {t}}\n",  # junk after the value
        "@misc{k, author {a} title = {t}}\n",  # and no comma either
    ],
)
def test_a_field_without_equals_stays_verbatim_when_the_repair_is_a_guess(text: str) -> None:
    library = parse_string(text)
    assert records(library) == []
    assert [code for code, _ in codes(library)] == ["bib.syntax"]


def test_names_with_too_many_commas_are_a_problem_not_a_crash() -> None:
    library = parse_string("@article{s, author = {Smith, J., Jones, K.}}")
    assert codes(library) == [("bib.bad-names", 1)]
    # with an undefined ``and`` macro (defined in another file) the text is a guess: no claim
    guessed = parse_string("@misc{a, author = {Doe, J.} # and # {Roe, K.} # and # {Poe, E.}}")
    assert [code for code, _ in codes(guessed)] == ["bib.undefined-macro"] * 2
    assert [p.display() for p in library["s"].authors] == ["{Smith, J., Jones, K.}"]


# --- lines -------------------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_exact_lines_for_any_line_ending(newline: str) -> None:
    text = newline.join(
        ["% head", "@misc{a,", "  title = {x},", "  f = {oops} junk,", "}", "", "@misc{b,", "}"]
    )
    library = parse_string(text)
    assert [(r.key, r.line) for r in library] == [("a", 2), ("b", 7)]
    assert [f.line for f in library["a"].fields] == [3, 4]
    text = newline.join(["", "", "@misc{a, title = {x} junk", "", "@misc{b}"])
    assert codes(parse_string(text)) == [("bib.syntax", 3)]


def test_lines_index() -> None:
    lines = Lines("a\nb\r\nc\rd")
    assert [lines.line(i) for i in range(8)] == [1, 1, 2, 2, 2, 3, 3, 4]


def test_scan_gives_every_block_in_order() -> None:
    result = scan("x\n@string{a = {b}}\n@preamble{a}\n@comment{c}\n@misc{k, f = a}\n@bad{")
    kinds = [b.kind for b in result.blocks]
    assert kinds == ["implicit", "string", "preamble", "comment", "entry", "failed"]


# --- recovery of a value whose brace never closes (issues 13 and 16) ----------------------


def _recovered(text: str) -> tuple[Library, list[tuple[str, str]]]:
    library, sources = parse_with_sources(text, "u.bib")
    assert not any(isinstance(b, Unparsed) for b in library.blocks)
    [record] = [r for r in library if r.key == "k"]
    [source] = [s for r, s in zip(library.records, sources, strict=True) if r.key == "k"]
    # the record's text is exactly the block as written, from its "@" to its closer
    assert source in text
    assert source.startswith("@")
    assert source.endswith(("}", ")"))
    return library, [(f.name, f.raw) for f in record.fields]


@pytest.mark.parametrize(
    ("opener", "stray"),
    [("(", "\\{"), ("{", "\\{\\{"), ("{", "\\{")],
    ids=["paren", "brace", "brace-closed-by-the-entry"],
)
def test_unclosed_brace_in_first_field_recovers_the_entry(opener: str, stray: str) -> None:
    # In a brace-delimited entry one stray brace is closed by the entry's own "}" (the value
    # swallows the rest of the entry, the next entry is then junk); two are never closed.
    closer = "}" if opener == "{" else ")"
    text = (
        f"@techreport{opener}k,\n  author = {{A Thi{stray}'ebaux and B\n    and C}},\n"
        f"  title = {{T}},\n  year = {{1993}},\n{closer}\n\n@misc{{after, title = {{x}}}}\n"
    )
    library, fields = _recovered(text)
    shut = "}" * (len(stray) // 2)
    assert fields == [
        ("author", f"{{A Thi{stray}'ebaux and B\n    and C}}{shut}"),
        ("title", "{T}"),
        ("year", "{1993}"),
    ]
    assert [r.key for r in library] == ["k", "after"]
    [problem] = library.problems
    assert (problem.code, problem.line, problem.key) == ("bib.syntax", 2, "k")
    assert "cut at line 3" in problem.message
    swallowed = opener == "{" and stray == "\\{"
    assert ("closed only by the entry's own '}'" in problem.message) == swallowed
    assert "recovered" in problem.message
    assert_round_trip(library)


def test_unclosed_brace_in_middle_field_keeps_the_fields_before() -> None:
    text = "@misc{k,\n  year = 2001,\n  title = {A {b c,\n  note = {n},\n}\n"
    library, fields = _recovered(text)
    assert fields == [("year", "2001"), ("title", "{A {b c}}"), ("note", "{n}")]
    assert codes(library) == [("bib.syntax", 3)]


def test_unclosed_brace_in_a_concatenation_is_closed_at_the_cut() -> None:
    text = '@misc(k,\n  title = "A" # {b \\{ c},\n  note = {n}\n)\n'
    library, fields = _recovered(text)
    assert fields == [("title", '"A" # {b \\{ c}}'), ("note", "{n}")]
    assert library["k"].field("title") == "Ab \\{ c}"


@pytest.mark.parametrize(
    "text",
    [
        # the broken field is the last one: no field starts after it
        "@misc{k,\n  year = 2001,\n  title = {A \\{ b},\n}\n\n@misc{b}\n",
        # the next field starts on the same line: the cut would not be at a line
        "@misc{k, title = {A \\{ b}, year = 2001,\n}\n\n@misc{b}\n",
        # what follows the field start does not read as the end of the entry
        "@misc{k,\n  title = {A \\{ b},\n  note = {n} junk }\n\n@misc{b}\n",
    ],
    ids=["last-field", "same-line", "rest-unreadable"],
)
def test_unclosed_brace_without_a_clear_cut_stays_verbatim(text: str) -> None:
    library = parse_string(text, "u.bib")
    assert [r.key for r in library] == ["b"]
    [failed] = [b for b in library.blocks if isinstance(b, Unparsed)]
    assert failed.raw.startswith("@misc{k")
    [problem] = library.problems
    assert problem.code == "bib.syntax"
    assert problem.message.endswith("kept verbatim")


def test_field_start_whose_rest_needs_a_repair_is_not_a_cut_point() -> None:
    # "  note = {x} and more}," is a line of the broken title: read from there, the rest has
    # junk after a value and a "}" closing the "(" entry, so the cut is at "year =".
    text = "@misc(k,\n  title = {A \\{ b\n  note = {x} and more},\n  year = 1,\n)\n"
    library, fields = _recovered(text)
    assert fields == [("title", "{A \\{ b\n  note = {x} and more}}"), ("year", "1")]
    assert [p.code for p in library.problems] == ["bib.syntax"]


def test_value_run_on_to_the_entry_end_at_the_end_of_the_file_is_recovered() -> None:
    text = "@misc{k,\n  publisher = {Taylor {{\\&} Francis},\n  year = 2009,\n}\n"
    library, fields = _recovered(text)
    assert fields == [("publisher", "{Taylor {{\\&} Francis}}"), ("year", "2009")]
    assert codes(library) == [("bib.syntax", 2)]
    assert_round_trip(library)
