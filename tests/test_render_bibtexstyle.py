"""BibTeX styles (plain, unsrt, alpha, unsrtalpha through pybtex) print text, not LaTeX.

pybtex reads a field's braces and accents itself but printed every other macro as text:
``\\emph Deep``, ``\\mbox G-Animal's``, ``\\noopsort 1973b1973``, ``$O(n \\log n)$`` and
``\\$5``; a ``%`` from ``\\%`` cut the rest of a title as a LaTeX comment. Values holding macros
or math now reach it converted as for CSL styles, so both kinds of style print the same text.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import require_tool, third_party_files
from hypothesis import given
from hypothesis import strategies as st

import belharbi_bib
from belharbi_bib.latex import to_unicode
from belharbi_bib.render.bibtexstyle import pybtex_text
from belharbi_bib.render.styles import BIBTEX_STYLES
from belharbi_bib.verbatim import is_verbatim

ENTRY = r"""
@article{k,
  author = {M{\"u}ller, J{\'e}r{\^o}me and Pot, Paul \=Pot},
  title = {The {\TeX}book and \emph{Deep} {CAM} \mbox{G-Animal's} in $O(n^2)$: 50\% of \$5 \& more},
  journal = {J. {\"O}st \textbf{Bold}},
  year = {2020},
  pages = {1--2},
  url = {https://example.org/a_b%20c},
}
"""


@pytest.mark.parametrize("style", BIBTEX_STYLES)
def test_macros_are_converted_not_printed(style: str) -> None:
    text = belharbi_bib.format(belharbi_bib.loads(ENTRY), style=style)
    assert "\\" not in text, text
    assert "The TeXbook and Deep CAM G-Animal's in O(n2): 50% of $5 & more" in text, text
    assert "J. Öst Bold" in text
    assert "Jérôme Müller" in text
    assert "P̄ot" in text  # \=Pot: latexcodec does not know it, the converter does


def test_formatting_macros_become_markup() -> None:
    html = belharbi_bib.format(belharbi_bib.loads(ENTRY), style="plain", to="html")
    assert "<em>Deep</em>" in html
    assert "<strong>Bold</strong>" in html
    assert "O(n<sup>2</sup>)" in html


def test_case_protection_survives_the_conversion() -> None:
    """plain lower-cases titles but for what BibTeX keeps: groups, a macro's braced
    arguments; a special character (``{\\"U}``) is lower-cased."""
    library = belharbi_bib.loads(
        r"@article{k, author={A, B}, title={A Study of {DNA} and \emph{In Vivo} {\"U}ber {M}ice},"
        r" journal={J}, year=2020}"
    )
    text = belharbi_bib.format(library, style="plain")
    assert "A study of DNA and In Vivo über Mice" in text, text


def test_converted_text_is_not_read_as_latex_again() -> None:
    """After conversion, ``%``, braces, ``--`` and a backslash are text, not LaTeX."""
    title = r"100\% \{x\} a\_b -{}- {\textbackslash}n {\TeX}"
    library = belharbi_bib.loads(f"@misc{{k, title = {{{title}}}, year = 2020}}")
    text = belharbi_bib.format(library, style="unsrt")
    assert "100% {x} a_b -- \\n TeX" in text, text


def test_plain_text_without_macros_is_left_to_pybtex() -> None:
    assert pybtex_text("Plain {CAM} -- ok") == "Plain {CAM} -- ok"
    assert pybtex_text("a\ue000b") == "ab"  # the data's own private-use characters go


@given(st.text(alphabet="ab {}\\$%&#_^~-'`emphx", max_size=40))
def test_any_value_formats_without_raising_or_leaking_stand_ins(title: str) -> None:
    entry = belharbi_bib.model.Record(
        "k", "misc", (belharbi_bib.Field.of("title", title), belharbi_bib.Field.of("year", "2020"))
    )
    for style in ("plain", "alpha"):
        text = belharbi_bib.format([entry], style=style, to="html")
        assert not re.search("[\ue000-\ue03f]", text)


def test_bibtex_and_csl_styles_print_the_same_macros(corpus_file: Path) -> None:
    """Whatever control word a BibTeX style still prints (math kept as written, ``\\bs``'s
    backslash) a CSL style prints too: the two share one conversion."""
    records = [  # URLs and other verbatim fields are printed as written by both
        record.without(*(item.name for item in record.fields if is_verbatim(item.name)))
        for record in belharbi_bib.load(corpus_file).records
    ]
    records = [  # the entries with LaTeX to convert, at most 150 (bounded time)
        record
        for record in records
        if any("\\" in item.value or "$" in item.value for item in record.fields)
    ][:150]
    plain = belharbi_bib.format(records, style="plain")
    apa = belharbi_bib.format(records, style="apa")
    words = set(re.findall(r"\\[A-Za-z]+", plain))
    assert words <= set(re.findall(r"\\[A-Za-z]+", apa)), sorted(words)


@pytest.mark.parametrize("style", BIBTEX_STYLES)
def test_other_tools_test_files_format_without_raising(style: str) -> None:
    """Among them a crossref cycle, on which pybtex's own lookups recursed without end."""
    for path in third_party_files():
        library = belharbi_bib.load(path)
        formatted = belharbi_bib.format(library, style=style)
        assert formatted.count("\n\n") + 1 >= len({r.key.casefold() for r in library.records})


TITLES = [
    "TensorFlow: a system for large-scale machine learning",
    "iPhone apps: The {GUI} of {iOS}",
    "k-means clustering:an old idea",
    "Deep {CAM}:  Weakly Supervised localization",
    "The {\\TeX}book: A manual",
]


def test_titles_keep_the_case_bibtex_keeps(tmp_path: Path) -> None:
    """``plain.bst``'s ``"t" change.case$``: the first character as written, and one after
    a colon and white space; pybtex capitalized the first and lowered the rest."""
    bibtex = require_tool("bibtex")
    text = "".join(
        f"@article{{t{n}, author = {{A. Author}}, title = {{{title}}}, journal = {{J}}, "
        f"year = {2000 + n}}}\n"
        for n, title in enumerate(TITLES)
    )
    (tmp_path / "refs.bib").write_text(text, encoding="utf-8")
    (tmp_path / "doc.aux").write_text(
        "\\relax\n\\citation{*}\n\\bibstyle{plain}\n\\bibdata{refs}\n", encoding="utf-8"
    )
    subprocess.run([bibtex, "-terse", "doc"], cwd=tmp_path, capture_output=True, check=True)
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    theirs = [
        to_unicode(title)
        for title in re.findall(r"\\newblock (.*?)\.\n\\newblock \{\\em J\}", bbl, re.S)
    ]
    ours = belharbi_bib.format(belharbi_bib.loads(text), style="plain", to="text")
    assert len(theirs) == len(TITLES)
    for title in theirs:
        assert f". {' '.join(title.split())}. J, " in ours, (title, ours)
