"""belharbi_bib <-> bibtexparser v2: both ways, nothing lost, our rules applied on the way in."""

from __future__ import annotations

from pathlib import Path

from bibtexparser import middlewares
from bibtexparser.entrypoint import parse_string as bp_parse
from bibtexparser.entrypoint import write_string as bp_write

from belharbi_bib.bibtex.conversion import from_bibtexparser, to_bibtexparser
from belharbi_bib.bibtex.reader import parse_string, read
from belharbi_bib.model import Comment, Library, Preamble, StringDef, Unparsed

SAMPLE = """% free text
@string{acm = {ACM}}
@preamble{"\\newcommand{\\x}{}"}
@comment{explicit}

@Article{one,
  author = {Doe, Jane and Roe, Rick},
  title = "A {Title}",
  journal = acm # { Journal},
  year = 2020,
  month = jan,
}

@misc{two, title = {Second}, note = {x}}
@misc{TWO, title = {Duplicate}}
"""


def shape(library: Library) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for block in library.blocks:
        if isinstance(block, Comment):
            out.append(("comment", block.explicit, block.text.strip()))
        elif isinstance(block, StringDef):
            out.append(("string", block.name, block.raw))
        elif isinstance(block, Preamble):
            out.append(("preamble", block.raw))
        elif isinstance(block, Unparsed):
            out.append(("unparsed", block.raw))
        else:
            fields = tuple((f.name, f.raw, f.value) for f in block.fields)
            out.append(("record", block.key, block.entry_type, fields))
    return out


def test_ours_to_bibtexparser_and_back_loses_nothing() -> None:
    ours = parse_string(SAMPLE)
    theirs = to_bibtexparser(ours)
    assert [e.key for e in theirs.entries] == ["one", "two", "TWO"]  # case-sensitive keys
    assert theirs.entries[0]["journal"] == "acm # { Journal}"
    back = from_bibtexparser(theirs)
    assert shape(back) == shape(ours)
    assert [(p.code, p.key) for p in back.problems] == [("bib.duplicate-key", "TWO")]


def test_bibtexparser_text_round_trip_through_ours() -> None:
    ours = parse_string(SAMPLE)
    text = bp_write(to_bibtexparser(ours))
    again = from_bibtexparser(bp_parse(text))
    assert [r.key for r in again] == [r.key for r in ours]
    assert [[(f.name, f.value) for f in r.fields] for r in again] == [
        [(f.name, f.value) for f in r.fields] for r in ours
    ]


def test_from_bibtexparser_applies_our_rules() -> None:
    theirs = bp_parse(
        "@string{s = {one}}\n@misc{a, f = s}\n@string{s = {two}}\n@misc{b, f = s}\n"
        "@misc{c, author = {Smith, J., Jones, K.}}\n",
        parse_stack=[],  # bibtexparser's default stack would resolve s with its first value
    )
    ours = from_bibtexparser(theirs, "x.bib", enclosed=True)
    assert [r.field("f") for r in ours][:2] == ["one", "two"]
    assert sorted(p.code for p in ours.problems) == ["bib.bad-names", "bib.duplicate-string"]
    assert {p.path for p in ours.problems} == {"x.bib"}


def test_from_bibtexparser_default_stack_and_explicit_modes() -> None:
    text = '@misc{k, title = {A {B} c}, q = "x", year = 2020, m = jan # {~1}}'
    expected = [
        ("title", "{A {B} c}", "A {B} c"),
        ("q", "{x}", "x"),
        ("year", "2020", "2020"),
        ("m", "jan # {~1}", "January~1"),
    ]
    ours = from_bibtexparser(bp_parse(text))  # default middleware stack
    assert [(f.name, f.raw, f.value) for f in ours["k"].fields] == expected
    raw = from_bibtexparser(bp_parse(text, parse_stack=[]), enclosed=True)
    assert [f.value for f in raw["k"].fields] == ["A {B} c", "x", "2020", "January~1"]
    stripped = bp_parse(text, parse_stack=[middlewares.RemoveEnclosingMiddleware()])
    assert from_bibtexparser(stripped, enclosed=False)["k"].field("q") == "x"


def test_failed_blocks_cross_both_ways() -> None:
    theirs = bp_parse("@misc{a, title = {x}\n@misc{b, title = {y}}\n")
    ours = from_bibtexparser(theirs)  # bibtexparser's own recovery: a fails, b is read
    assert [r.key for r in ours] == ["b"]
    assert [type(b).__name__ for b in ours.blocks] == ["Unparsed", "Record"]
    assert [p.code for p in ours.problems] == ["bib.syntax"]
    assert len(to_bibtexparser(ours).failed_blocks) == 1


def test_corpus_file_both_ways(corpus_file: Path) -> None:
    ours = read(corpus_file)
    assert shape(from_bibtexparser(to_bibtexparser(ours))) == shape(ours)
