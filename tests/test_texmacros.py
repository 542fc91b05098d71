"""The macros a file's ``@preamble`` defines, expanded where its text is displayed.

Unit tests of :mod:`belharbi_bib.texmacros`, property tests (bounded, never raising, braces kept
balanced), and the commands on real files that rely on their preamble: ``xampl.bib`` (BibTeX's
own example, ``\\noopsort``) and Beebe's TUGboat bibliography.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import THIRD_PARTY_DIR, require, require_tool
from hypothesis import given
from hypothesis import strategies as st

import belharbi_bib
from belharbi_bib import texmacros, values
from belharbi_bib.model import Field, Record
from belharbi_bib.texmacros import Macro, definitions, expand, expand_library

PREAMBLE = r"""
@preamble{ "\newcommand{\noopsort}[1]{} "
         # "\newcommand{\printfirst}[2]{#1} "
         # "\newcommand{\switchargs}[2]{#2#1} "
         # "\ifx \undefined \GRAP \def\GRAP{{\tt grap}} \fi "
         # "\ifx \undefined \PiC \def\PiC{{\sc pic}} \fi "
         # "\ifx \undefined \Dash \def\Dash{\nobreak\thinspace---\penalty0\thinspace} \fi " }
"""


def test_every_kind_of_definition_is_read() -> None:
    found = definitions(
        r"\def\a{A} \gdef\bb#1{<#1>} \edef\cc#1#2{#2#1} \newcommand{\dd}{D} "
        r"\newcommand*\e[2][x]{#1-#2} \providecommand{\f}[1]{F#1} \DeclareRobustCommand{\g}{G}"
    )
    assert found == {
        "a": Macro("a", 0, "A"),
        "bb": Macro("bb", 1, "<#1>"),
        "cc": Macro("cc", 2, "#2#1"),
        "dd": Macro("dd", 0, "D"),
        "e": Macro("e", 2, "#1-#2", "x"),
        "f": Macro("f", 1, "F#1"),
        "g": Macro("g", 0, "G"),
    }


def test_new_and_provided_commands_keep_the_first_definition_others_replace_it() -> None:
    assert definitions(r"\newcommand{\x}{1} \providecommand{\x}{2}")["x"].body == "1"
    assert definitions(r"\newcommand{\x}{1} \renewcommand{\x}{2}")["x"].body == "2"
    assert definitions(r"\def\x{1} \def\x{2}")["x"].body == "2"


@pytest.mark.parametrize(
    "text",
    [
        r"\def\x#1.{#1}",  # a delimited parameter
        r"\def\x#2{#2}",  # parameters out of order
        r"\def\x{unbalanced",
        r"\newcommand{\x}[1][open{#1}",
        r"\def\TeX{T}",  # the converter prints \TeX itself
        r"\def\bs{{\char92}}",  # Beebe's definition of a macro the converter knows
        r"\def\x{\ifmmode a\else b\fi}",  # TeX that is not text
        r"\def\x{\kern-.25em X}",
        r"\def\x{\x\x}",  # defined through itself
        r"\def\x{\y} \def\y{\x}",
        r"\def\x{\undefinedelsewhere}",
    ],
)
def test_definitions_that_are_not_plain_text_are_left_alone(text: str) -> None:
    assert definitions(text) == {}


def test_a_real_preamble_keeps_only_its_text_macros() -> None:
    """bbt #732's preamble defines \\ocirc with \\ifmmode, \\setbox and \\accent: expanding
    it printed "0=u0=0 by1pt"; Beebe's \\FEATPOST ends with \\spacefactor1000."""
    ocirc = (THIRD_PARTY_DIR / "bbt_preamble_def_732.bib").read_text(encoding="utf-8")
    assert "\\def\\ocirc" in ocirc
    assert definitions(ocirc) == {}
    beebe = r"\def \FEATPOST {{\manfnt FEAT}\-{\manfnt POST}\spacefactor1000 } \def\JTeX{J\TeX{}}"
    assert sorted(definitions(beebe)) == ["JTeX"]


def test_macros_using_other_kept_macros_are_kept() -> None:
    found = definitions(r"\def\bb{\a y} \def\a{{\sc x}} \def\cc{\a\bb\TeX}")
    assert sorted(found) == ["a", "bb", "cc"]
    assert expand(r"\cc", found) == "{{{\\sc x}}{{{\\sc x}}y}\\TeX}"
    assert sorted(definitions(r"\def\b{B} \def\o{O}")) == []  # accents: the converter's


def _defs() -> dict[str, Macro]:
    library = belharbi_bib.loads(PREAMBLE)
    (preamble,) = library.blocks
    return definitions(values.expand(preamble.raw, library.strings)[0])  # type: ignore[union-attr]


def test_the_preamble_of_the_tests() -> None:
    assert sorted(_defs()) == ["GRAP", "PiC", "noopsort", "printfirst", "switchargs"]  # not \Dash


def test_expansion_reads_arguments_as_tex_does() -> None:
    found = _defs()
    expanded = expand(r"{\noopsort{1973b}}1973", found)
    assert expanded == "{{}}1973"
    assert expand(r"\switchargs{--90}{1968}", found) == "{1968--90}"
    assert expand(r"\switchargs ab", found) == "{ba}"  # single-token arguments
    assert expand(r"\switchargs\GRAP{x}", found) == "{x{{\\tt grap}}}"
    assert expand(r"\printfirst{a}", found) == r"\printfirst{a}"  # an argument missing
    assert expand(r"\printfirst{a}}", found) == r"\printfirst{a}}"
    assert expand(r"{\GRAP} is", found) == r"{{{\tt grap}}} is"
    assert expand(r"\GRAP   is", found) == r"{{\tt grap}}is"  # spaces after a control word
    assert expand(r"\GRAPH \\GRAP", found) == r"\GRAPH \\GRAP"  # other words, a line break


def test_optional_arguments_and_escaped_parameters() -> None:
    found = definitions(r"\newcommand{\opt}[2][d]{(#1,#2)} \def\h#1{##1#1}")
    assert expand(r"\opt{x}", found) == "{(d,x)}"
    assert expand(r"\opt[y]{x}", found) == "{(y,x)}"
    assert expand(r"\opt[y", found) == r"\opt[y"
    assert expand(r"\h{z}", found) == "{#1z}"


def test_runaway_expansion_is_bounded() -> None:
    doubling = {"a": Macro("a", 0, r"\a\a")}  # never kept by definitions(); still bounded
    text = r"x \a y"
    expanded = expand(text, doubling)
    assert len(expanded) <= texmacros.MAX_GROWTH * len(text) + 4096 + len(text)
    assert values.is_balanced(expanded)
    assert expand(r"\a", {"a": Macro("a", 0, r"{\a}")}).count("{") <= 2 * (texmacros.MAX_DEPTH + 2)


_PIECES = st.sampled_from(
    ["\\a", "\\b", "\\c", "\\x", "{", "}", " ", "#", "#1", "[", "]", "\\\\", "\\{", "a", "1"]
)
_BODIES = st.lists(
    st.sampled_from(["\\a", "\\b", "#1", "#2", "{", "}", "x", " ", "##"]), max_size=6
)


@given(
    pieces=st.lists(_PIECES, max_size=30),
    bodies=st.lists(_BODIES, min_size=3, max_size=3),
    counts=st.lists(st.integers(0, 2), min_size=3, max_size=3),
)
def test_expansion_never_raises_and_stays_bounded(
    pieces: list[str], bodies: list[list[str]], counts: list[int]
) -> None:
    text = "".join(pieces)
    macros = {
        name: Macro(name, count, "".join(body))
        for name, body, count in zip("abc", bodies, counts, strict=True)
        if values.is_balanced("".join(body))
    }
    expanded = expand(text, macros)
    assert len(expanded) <= texmacros.MAX_GROWTH * len(text) + 4096 + 2 * len(text) + 64
    if _bibtex_balanced(text):
        assert _bibtex_balanced(expanded)


def _bibtex_balanced(text: str) -> bool:
    """Braces pair up as BibTeX counts them (every brace, escaped or not)."""
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def test_a_library_is_expanded_in_its_text_fields_only() -> None:
    library = belharbi_bib.loads(
        PREAMBLE
        + r"""
@string{tool = "\GRAP"}
@book{k,
  title = {{\GRAP}\emdash a language and {\PiC}tures},
  booktitle = tool # " manual",
  year = "{\noopsort{1973b}}1973",
  url = {https://example.org/\GRAP},
  file = {C:\GRAP\x.pdf},
}
@misc{plain, title = {Nothing to expand}}
"""
    )
    expanded = expand_library(library)
    record, plain = expanded.records
    assert record.year == 1973
    assert library.records[0].year is None
    assert record.field("url") == r"https://example.org/\GRAP"
    assert record.field("file") == r"C:\GRAP\x.pdf"
    assert record.field("booktitle") == r"{{\tt grap}}manual"  # TeX skips the space
    assert plain is library.records[1]  # a record with nothing to expand is the same object
    assert expanded.path == library.path
    assert len(expanded.blocks) == len(library.blocks)


def test_a_library_without_definitions_is_returned_as_it_is() -> None:
    library = belharbi_bib.loads('@preamble{"\\hyphenation{An-wen-der}"} @misc{k, title={\\x}}')
    assert expand_library(library) is library


def test_expand_records_keeps_records_without_macros() -> None:
    record = Record("k", "misc", (Field.of("title", "plain"),))
    assert texmacros.expand_records([record], {"x": Macro("x", 0, "X")})[0] is record


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "belharbi_bib", "--no-config", *args],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def macro_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("texmacros") / "refs.bib"
    path.write_text(
        PREAMBLE
        + r"""
@techreport{grap,
  author = {Bentley, Jon L. and Kernighan, Brian W.},
  title = {{\GRAP}\emdash a language for typesetting graphs},
  institution = {AT\&T Bell Laboratories},
  year = 1984,
}
@book{set, author = {Knuth, Donald E.}, title = {The Art of Computer Programming},
  publisher = {Addison-Wesley}, year = "{\noopsort{1973a}}{\switchargs{--90}{1968}}"}
@book{vol2, author = {Knuth, Donald E.}, title = {Seminumerical Algorithms},
  publisher = {Addison-Wesley}, year = "{\noopsort{1973c}}1981"}
@book{vol1, author = {Knuth, Donald E.}, title = {Fundamental Algorithms},
  publisher = {Addison-Wesley}, year = "{\noopsort{1973b}}1973"}
""",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("style", ["apa", "ieee", "plain", "alpha"])
def test_format_prints_what_latex_would(macro_file: Path, style: str) -> None:
    done = _run("format", "--style", style, str(macro_file))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "grap—a language" in out or "Grap—a language" in out, out
    assert "noopsort" not in out, out
    assert "1973b" not in out, out
    assert "\\" not in out, out
    assert "1981" in out
    assert "1968" in out


def test_bibtex_styles_sort_as_bibtex_does(macro_file: Path) -> None:
    """``\\noopsort`` exists to sort: BibTeX's plain puts 1973a, 1973b, 1973c in that order."""
    out = _run("format", "--style", "plain", str(macro_file)).stdout
    order = [out.index(title) for title in ("Art of Computer", "Fundamental", "Seminumerical")]
    assert order == sorted(order), out
    labels = re.findall(
        r"^\[([^\]]+)\]", _run("format", "--style", "alpha", str(macro_file)).stdout, re.M
    )
    assert labels[1:] == ["Knu68", "Knu73", "Knu81"], labels


def test_list_and_csljson_expand_but_bib_exports_keep_the_macros(macro_file: Path) -> None:
    listed = _run("list", str(macro_file)).stdout
    assert "grap—a language" in listed
    items = json.loads(_run("export", "--to", "csljson", str(macro_file)).stdout)
    grap = next(item for item in items if item["id"] == "grap")
    assert grap["title"].startswith('<span class="nocase">grap</span>—a language')
    vol1 = next(item for item in items if item["id"] == "vol1")
    assert vol1["issued"]["date-parts"][0][0] == 1973
    for dialect in ("bibtex", "biblatex"):
        exported = _run("export", "--to", dialect, str(macro_file)).stdout
        assert "\\noopsort{1973b}" in exported
        assert "\\newcommand{\\noopsort}" in exported


def test_the_api_expands_a_library_not_bare_records(macro_file: Path) -> None:
    library = belharbi_bib.load(macro_file)
    assert "grap—a language" in belharbi_bib.format(library, style="apa")
    assert "—a language" in belharbi_bib.format(library.records, style="apa")  # no preamble
    assert "grap—a language" in belharbi_bib.cv(library, to="markdown")


def test_xampl_from_bibtex_itself(shared_dir: Path) -> None:
    """BibTeX's own example file: its years are ``{\\noopsort{1973b}}1973``."""
    path = shared_dir / "corpus" / "realworld" / "05_xampl_patashnik.bib"
    library = belharbi_bib.load(path)
    apa = belharbi_bib.format(library, style="apa")
    assert "Knuth, D. E. (1973a). Fundamental Algorithms" in apa
    assert "Knuth, D. E. (1968). The Art of Computer Programming" in apa
    plain = belharbi_bib.format(library, style="plain")
    assert "noopsort" not in plain
    assert "1973b1973" not in plain
    assert "Addison-Wesley, 1968–90" in plain


TEXGRAPH = Path("/usr/share/texlive/texmf-dist/bibtex/bib/beebe/texgraph.bib")
"""Beebe's bibliography of TeX and graphics (TeX Live's texlive-bibtex-extra; public domain)."""


def test_beebe_texgraph_preamble() -> None:
    """Beebe's bibliographies define their macros as ``\\ifx\\undefined\\X \\def\\X...\\fi``."""
    path = require(TEXGRAPH, "TeX Live's beebe/texgraph.bib (texlive-bibtex-extra)")
    library = belharbi_bib.load(path)
    text = belharbi_bib.format(library, style="apa")
    assert "grap—a language for typesetting graphs" in text  # {\GRAP}\emdash a language
    assert "PiCTeX: Macros for drawing pictures" in text  # {\PiC}tures
    assert "Extensions to epic and LaTeX" in text  # \EPIC
    plain = belharbi_bib.format(library, style="plain")
    assert "grap—a language for typesetting graphs" in plain
    expanded = expand_library(library)
    changed = sum(a is not b for a, b in zip(library.records, expanded.records, strict=True))
    assert changed >= 10


@pytest.mark.parametrize("style", ["plain", "alpha"])
def test_bibtex_itself_orders_and_labels_the_file_as_we_do(
    macro_file: Path, tmp_path: Path, style: str
) -> None:
    """The judge: the ``bibtex`` program with the same ``.bst`` on the same file, whose
    preamble it copies into the ``.bbl`` (``\\noopsort`` sorting 1973a, 1973b, 1973c)."""
    bibtex = require_tool("bibtex")
    (tmp_path / "refs.bib").write_text(macro_file.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "doc.aux").write_text(
        f"\\relax\n\\citation{{*}}\n\\bibstyle{{{style}}}\n\\bibdata{{refs}}\n", encoding="utf-8"
    )
    done = subprocess.run(
        [bibtex, "-terse", "doc"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    theirs = re.findall(r"\\bibitem(?:\[([^\]]*)\])?\{([^}]*)\}", bbl)
    assert "\\noopsort" in bbl  # BibTeX copied the preamble and kept the years as written
    ours = belharbi_bib.format(belharbi_bib.load(macro_file), style=style, to="html")
    our_keys = re.findall(r'id="ref-([^"]+)"', ours)
    assert our_keys == [key for _, key in theirs]
    if style == "alpha":
        our_labels = re.findall(r'csl-left-margin">\[([^\]]+)\]', ours)
        assert our_labels == [label for label, _ in theirs]  # Knu68: BibTeX purifies as written
