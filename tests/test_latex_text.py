"""LaTeX to text: the text macros pylatexenc does not know are printed, not dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import belharbi_bib
from belharbi_bib import latex
from belharbi_bib.bibtex.reader import read
from belharbi_bib.latex import to_unicode


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        ("Publishing\\emdash{}Origination", "Publishing\u2014Origination"),
        ("pages 1\\endash{}5", "pages 1\u20135"),
        ("Textset, Inc.\\Dash A service", "Textset, Inc. \u2014 A service"),
        ("{Idx\\TeX} and {Glo\\TeX}\\dash indexes", "IdxTeX and GloTeX \u2014 indexes"),
        ("methodology\\hyphen independent", "methodology-independent"),
        ("input\\slash output", "input/output"),
        ("{\\tt\\bs relax} and watch", "\\relax and watch"),
        ("R\\thinspace\\&\\thinspace D", "R & D"),
        ("\\glqq Wort\\grqq{} und \\flqq mot\\frqq", "\u201eWort\u201c und \u00abmot\u00bb"),
        ("\\S 3, \\P 2, \\copyright{} 2020, \\pounds 5", "\u00a73, \u00b62, \u00a9 2020, \u00a35"),
        ("a\\ddag{} b\\textunderscore c", "a\u2021 b_c"),
        ("The {\\PS} software and {\\PDF}", "The PostScript software and PDF"),
        ("\\TUB{} and \\TUG\\ news", "TUGboat and TUG news"),
        ("{\\it italic} and {\\tt mono}", "italic and mono"),  # font switches print nothing
        ("Tool \\texttt{l3build} and \\textsf{sans}", "Tool l3build and sans"),
        ("\\mbox{Foo Bar} and \\textup{up}\\textmd{md}", "Foo Bar and upmd"),
        ("See \\href{https://example.org}{the site} now", "See the site now"),
        ("See \\href{https://example.org}", "See https://example.org"),  # no text: the URL
        ("{\\TeX} and databases\\Dash\\TeX{} DBI", "TeX and databases \u2014 TeX DBI"),
    ],
)
def test_text_macros_are_printed(latex: str, text: str) -> None:
    assert to_unicode(latex) == text


def test_tugboat_titles_keep_the_words_apart(shared_dir: Path) -> None:
    """Beebe's TUGboat bibliography writes ``\\Dash`` between a vendor and a product."""
    library = read(shared_dir / "corpus" / "realworld" / "02_tugboat_beebe.bib")
    titles = [r.field("title") or "" for r in library.records]
    dashed = [t for t in titles if "\\Dash" in t]
    assert len(dashed) > 20
    for title in dashed:
        converted = to_unicode(title)
        assert " \u2014 " in converted, (title, converted)
        assert "\\Dash" not in converted


LATEX_BITS = st.sampled_from(
    ["\\", "{", "}", "$", "^", "_", "&", "%", "#", "~", "--", " ", "a", "Z", "1", "\\href",
     "\\url", "\\texttt", "\\Dash", "\\frac", "\\begin{x}", "\\end", "\\'", "\\c", "[", "]"]
)  # fmt: skip


@given(st.lists(LATEX_BITS, max_size=30).map("".join))
def test_any_text_converts_without_an_exception(text: str) -> None:
    converted = to_unicode(text)  # pylatexenc fails on some (\\href{x} alone): a fallback
    assert converted in (text, " ".join(converted.split()))  # as given, or collapsed


@pytest.mark.parametrize(
    "title",
    [
        "See \\href{https://example.org}",  # pylatexenc: IndexError in its \href text spec
        "Root \\sqrt",  # KeyError: a text spec asking for a missing argument
        "Code \\verb",  # IndexError in pylatexenc's argument parser
        "\\^\\texttt\\^\\href\\^",  # AttributeError
    ],
)
def test_format_survives_latex_pylatexenc_cannot_read(title: str) -> None:
    library = belharbi_bib.loads(
        f"@article{{k, author = {{Doe, Jane}}, title = {{{title}}}, journal = {{J}}, year = 2020}}"
    )
    for style in ("apa", "ieee"):
        formatted = belharbi_bib.format(library, style=style)
        assert "Doe" in formatted
        assert not [p for p in formatted.problems if p.code == "render.entry-failed"]


SPECIALS_ONLY = st.lists(
    st.sampled_from(["a", "B", " ", "\n", "{", "}", "-", "`", "'", "!", "?", "~", ".", "é", "1"]),
    max_size=24,
).map("".join)


@given(SPECIALS_ONLY)
def test_text_without_macros_converts_as_pylatexenc_does(text: str) -> None:
    """The path that skips pylatexenc (braces and specials only) gives what it would."""
    assert latex._specials_only(text) == latex._parsed(text)


def test_corpus_values_without_macros_convert_as_pylatexenc_does(shared_dir: Path) -> None:
    values = {
        item.value
        for path in sorted((shared_dir / "corpus" / "realworld").glob("*.bib"))
        for record in read(path).records
        for item in record.fields
    }
    simple = [v for v in values if latex._NEEDS_CONVERSION.search(v)]
    simple = [v for v in simple if not latex._NEEDS_PARSER.search(v)]
    assert len(simple) > 1000
    assert [v for v in simple if latex._specials_only(v) != latex._parsed(v)] == []


def test_quotes_alone_are_converted() -> None:
    """A value whose only LaTeX is its quotes (no brace, macro or dash) is converted too:
    ``Direct evidence,'' printed its backquotes as written."""
    assert to_unicode("``Direct evidence,'' x") == "\u201cDirect evidence,\u201d x"
    assert to_unicode("!`Hola! ?`Qu\u00e9?") == "\u00a1Hola! \u00bfQu\u00e9?"
    assert to_unicode("O'Neil's `one'") == "O'Neil's `one'"  # single quotes stay
