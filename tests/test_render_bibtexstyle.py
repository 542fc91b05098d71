"""BibTeX styles (plain, unsrt, alpha, unsrtalpha) print what ``bibtex`` prints, as text.

The bundled ``.bst`` files run in pybtex's BibTeX interpreter on our reading of the file, with
``format.name$``, ``num.names$`` and ``change.case$`` as the ``bibtex`` program has them. The
judge is ``bibtex`` itself: each corpus file's ``plain`` entries, and every name and title of
the corpus through ``format.name$`` and ``change.case$``. pybtex's own Python styles, the
engine before, printed 8,234 of 18,015 corpus entries as ``bibtex`` does.

Whatever LaTeX a value holds is converted as for CSL styles (``\\emph``, ``\\mbox``, math,
``\\%``), so both kinds of style print the same text.
"""

from __future__ import annotations

import html as html_module
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import BIBTEX_NO_ITEMS, require_tool, third_party_files
from hypothesis import given
from hypothesis import strategies as st

import belharbi_bib
from belharbi_bib import texmacros
from belharbi_bib.latex import to_unicode
from belharbi_bib.render import marked
from belharbi_bib.render.bibtexnames import format_name, split_names
from belharbi_bib.render.bibtexsort import change_case
from belharbi_bib.render.bibtexstyle import bbl_items, bbl_marked
from belharbi_bib.render.styles import BIBTEX_STYLES
from belharbi_bib.texmacros import library_macros
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


def _run_bibtex(tmp_path: Path, bib: str | Path, bst: str, bst_text: str | None = None) -> str:
    """Run ``bibtex`` with ``\\citation{*}`` and return its ``.bbl`` ("" when it wrote none).

    bibtex copies bytes: the ``.bbl`` of a file that is not UTF-8 is read as Latin-1; in one
    that is, a character bibtex cut in two (8-bit, it abbreviates ``А`` to its first byte)
    stays as surrogate escapes.
    """
    bibtex = require_tool("bibtex")
    if isinstance(bib, Path):
        shutil.copyfile(bib, tmp_path / "refs.bib")
    else:
        (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
    if bst_text is not None:
        (tmp_path / f"{bst}.bst").write_text(bst_text, encoding="utf-8")
    (tmp_path / "doc.aux").write_text(
        f"\\relax\n\\citation{{*}}\n\\bibstyle{{{bst}}}\n\\bibdata{{refs}}\n", encoding="utf-8"
    )
    subprocess.run(
        [bibtex, "-terse", "doc"], cwd=tmp_path, capture_output=True, check=False, timeout=300
    )
    bbl = tmp_path / "doc.bbl"
    if not bbl.exists():
        return ""
    try:
        (tmp_path / "refs.bib").read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return bbl.read_text(encoding="latin-1")
    return bbl.read_text(encoding="utf-8", errors="surrogateescape")


BODIES_KNOWN = {
    "03_bodlaender_papers.bib": (
        "math in titles: BibTeX's change.case$ lowers letters in $...$ ($H$-join to $h$-join);"
        " we keep math whole",
        {"BuiXuanTV10", "ChudnovskyRST10", "DornFT08", "FertinR07", "JamisonO89",
         "JamisonO92b", "KloksT01", "LiuG80", "ShihH89", "Thilikos99", "WeifanY06"},
    ),
    "12_bbt_jabref210_groups.bib": (
        "math in titles ($S$ to $s$), as in 03",
        {"Agekyan_1975_B", "Baldassarri_2006", "Caswell_1982", "Compaan_1973", "Merle_1974"},
    ),
    "22_jabref_authors.bib": (
        "math in titles ($\\Delta\\Sigma$ to $\\delta\\sigma$), as in 03",
        {"AfzalWiknerGustafsson2014", "SadeghifarWiknerGustafsson2014"},
    ),
    "06_xampl_modified_polish.bib": (
        "one @string with several definitions: BibTeX reads the first (jan = styczeń), our"
        " reader none",
        {"book-full", "inbook-crossref", "inbook-full"},
    ),
    "13_bbt_paren_entries_quietly_discarded.bib": (
        "BibTeX reads Thi{'ebaux as an open brace, our reader as an escaped one",
        {"Thiebaux:93"},
    ),
    "19_biblatex_apa_tests_annotations.bib": (
        "a %-commented-out entry: BibTeX has no comments and reads it (its key comes twice)",
        {"10.1:18"},
    ),
    "31_gb7714_chinese_example.bib": (
        "a % comment inside an entry: BibTeX has no comments and stops reading the entry",
        {"萨利斯2000"},
    ),
    "38_gbk_encoded_chinese.bib": (
        "GBK bytes: bibtex copies them, our reader decodes them with a guessed code page",
        {"\u00bf\u00ad\u00c8\u00f62013"},
    ),
}  # fmt: skip
"""Corpus entries whose plain text still differs from bibtex's, and why."""


def _bibtex_bodies(bbl: str, macros: dict[str, texmacros.Macro]) -> dict[str, str]:
    """bibtex's entries as text, through the converter our styles use (labels: numbers)."""
    pieces = re.split(r"\n\\bibitem(?:\[.*\])?\{([^}]*)\}\n", bbl)
    keys = pieces[1::2]
    labels = {key.casefold(): str(number) for number, key in enumerate(keys, start=1)}
    bodies = {}
    for key, body in zip(keys, pieces[2::2], strict=True):
        text = bbl_marked(body.split("\\end{thebibliography}")[0], labels, macros)
        bodies[key] = " ".join(marked.visible(text).replace("\u00a0", " ").split())
    return bodies


def _our_bodies(library: belharbi_bib.Library, style: str = "plain") -> dict[str, str]:
    html = belharbi_bib.format(library, style=style, to="html")
    bodies = {}
    for key, entry in re.findall(r'<div id="ref-([^"]+)" class="csl-entry">(.*?)</div>\n', html):
        body = re.sub(r'<span class="csl-left-margin">.*?</span>', "", entry, count=1)
        text = html_module.unescape(re.sub("<[^>]+>", "", body))
        bodies[html_module.unescape(key)] = " ".join(text.replace("\u00a0", " ").split())
    return bodies


def test_plain_entries_are_bibtex_entries(corpus_file: Path, tmp_path: Path) -> None:
    """Each entry's text is the one ``bibtex`` writes with ``plain.bst`` (both turned into
    text by the same converter, so what is compared is what the style printed)."""
    bbl = _run_bibtex(tmp_path, corpus_file, "plain")
    library = belharbi_bib.load(corpus_file)
    theirs = _bibtex_bodies(bbl, library_macros(library))
    if not theirs:
        assert corpus_file.name in BIBTEX_NO_ITEMS, "bibtex listed no entry"
        return
    ours = _our_bodies(library)
    common = [key for key in ours if key in theirs]
    assert len(common) >= len(theirs) * 0.9  # the same entries, or nearly (repeated keys)
    differing = {key for key in common if ours[key] != theirs[key]}
    expected = BODIES_KNOWN.get(corpus_file.name, ("", set()))[1]
    shown = [(key, ours[key], theirs[key]) for key in sorted(differing - expected)][:5]
    assert differing == expected, shown


NAME_SPECS = (
    "{ff~}{vv~}{ll}{, jj}",
    "{vv~}{ll}{, jj}{, f.}",
    "{f.~}{vv~}{ll}{, jj}",
    "{vv~}{ll}{, ff}{, jj}",
    "{ff }{vv }{ll}{ jj}",
    "{f~}{vv~}{ll}{ jj}",
    "{vv{ } }{ll{ }}{  f{ }}{  jj{ }}",
    "{ll}{, f{-}}",
)
"""``format.name$`` specs: plain, abbrv, alpha's sort and others, explicit inter-token text."""

_NAMES_BST = """ENTRY { author } {} {}
INTEGERS { n i j }
STRINGS { s f }
FUNCTION {one}
{ 'f :=
  cite$ ":" * i int.to.str$ * ":" * j int.to.str$ * ":" * s i f format.name$ * write$ newline$
  j #1 + 'j :=
}
FUNCTION {misc}
{ author 's :=
  s num.names$ 'n :=
  cite$ ":0:0:" * n int.to.str$ * write$ newline$
  #1 'i :=
  { i n #1 + < }
  { #0 'j :=
SPECS    i #1 + 'i :=
  }
  while$
}
READ
ITERATE {call.type$}
"""


def _corpus_values(shared_dir: Path, fields: tuple[str, ...]) -> list[str]:
    """Every distinct value of ``fields`` in the real-world corpus, white space collapsed."""
    corpus = shared_dir / "corpus" / "realworld"
    found: set[str] = set()
    for path in sorted(corpus.glob("*.bib")):
        for record in belharbi_bib.load(path).records:
            for name in fields:
                value = record.field(name)
                if value and value.count("{") == value.count("}"):
                    found.add(_WHITE.sub(" ", value).strip(" "))
    return sorted(found)


_WHITE = re.compile(r"[ \t\n\r]+")


def _output_lines(bbl: str) -> list[tuple[str, bool]]:
    """The lines a test ``.bst`` wrote, each with whether bibtex broke it (at a space, the
    rest on lines indented by two spaces: only its words can be compared then)."""
    lines: list[tuple[str, bool]] = []
    for line in bbl.split("\n"):
        if line.startswith("  ") and lines:
            lines[-1] = (f"{lines[-1][0]} {line.strip()}", True)
        else:
            lines.append((line, False))
    return lines


def _same(ours: str, theirs: str, broken: bool) -> bool:
    """Whether a line of ours is bibtex's (which drops the spaces that end a line)."""
    return ours.split() == theirs.split() if broken else ours.rstrip(" ") == theirs


def test_names_are_formatted_as_bibtex_formats_them(shared_dir: Path, tmp_path: Path) -> None:
    """Every author and editor list of the corpus, every name, eight format strings."""
    values = _corpus_values(shared_dir, ("author", "editor"))
    specs = "".join(f'    "{spec}" one\n' for spec in NAME_SPECS)
    bib = "".join(f"@misc{{k{n}, author = {{{value}}}}}\n" for n, value in enumerate(values))
    bbl = _run_bibtex(tmp_path, bib, "names", _NAMES_BST.replace("SPECS", specs))
    found: dict[int, dict[tuple[int, int], tuple[str, bool]]] = {}
    for line, broken in _output_lines(bbl):
        match = re.fullmatch(r"k(\d+):(\d+):(\d+):(.*)", line)
        if match and match.group(4).isprintable():  # else bibtex cut a character in two
            spot = (int(match.group(2)), int(match.group(3)))
            found.setdefault(int(match.group(1)), {})[spot] = (match.group(4), broken)
    compared, differing = 0, []
    for number, theirs in found.items():
        names = split_names(values[number])
        assert int(theirs[(0, 0)][0]) == len(names), values[number]
        for (index, spec), (text, broken) in theirs.items():
            if index:
                compared += 1
                ours = format_name(names[index - 1], NAME_SPECS[spec])
                if not _same(ours, text, broken):
                    differing.append((values[number], index, NAME_SPECS[spec], ours, text))
    assert compared > 50_000  # the corpus' names, not a handful
    assert not differing, differing[:5]


_CASE_BST = """ENTRY { title } {} {}
FUNCTION {misc}
{ cite$ ":t:" * title "t" change.case$ * write$ newline$
  cite$ ":l:" * title "l" change.case$ * write$ newline$
  cite$ ":u:" * title "u" change.case$ * write$ newline$
}
READ
ITERATE {call.type$}
"""


def test_change_case_is_bibtex_change_case(shared_dir: Path, tmp_path: Path) -> None:
    """Every title, book title, journal and edition of the corpus, in the three modes."""
    values = _corpus_values(shared_dir, ("title", "booktitle", "journal", "edition"))
    bib = "".join(f"@misc{{k{n}, title = {{{value}}}}}\n" for n, value in enumerate(values))
    bbl = _run_bibtex(tmp_path, bib, "case", _CASE_BST)
    compared, differing = 0, []
    for line, broken in _output_lines(bbl):
        match = re.fullmatch(r"k(\d+):([tlu]):(.*)", line)
        if match:
            compared += 1
            value = values[int(match.group(1))]
            if not _same(change_case(value, match.group(2)), match.group(3), broken):
                differing.append((value, match.group(2), match.group(3)))
    assert compared > 20_000
    assert not differing, differing[:5]


def test_an_entry_the_style_fails_on_is_reported_not_fatal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An entry the interpreter fails on is reported and printed from its title; the others
    print as usual."""
    from belharbi_bib.render import bibtexstyle

    library = belharbi_bib.loads(
        "@article{bad, author = {A and B}, title = {Bad one}, journal = {J}, year = 2000}\n"
        "@article{good, title = {Good one}, journal = {J}, year = 2001}\n"
    )

    def broken(interpreter: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setitem(bibtexstyle._BUILT_INS, "format.name$", broken)
    result = belharbi_bib.format(library, style="plain")
    assert "Bad one." in result
    assert "Good one. J, 2001." in result  # no author: format.name$ is never called
    failures = [p for p in result.problems if p.code == "render.style-error"]
    assert [p.key for p in failures] == ["bad"]
    assert "RuntimeError: boom" in failures[0].message
    assert failures[0].line == 1


def test_style_warnings_are_problems_of_their_entry() -> None:
    library = belharbi_bib.loads(
        "@article{k, author = {A. B}, title = {T}, year = 2000}\n"
        "@online{w, author = {A. C}, title = {W}, year = 2001}\n"
    )
    result = belharbi_bib.format(library, style="plain")
    found = {(p.key, p.code, p.message) for p in result.problems}
    assert ("k", "render.missing-field", "plain: empty journal in k") in found
    assert any(key == "w" and "isn't style-file defined" in msg for key, _, msg in found)
    assert all(p.line is not None for p in result.problems)
    assert "W, 2001." in result  # printed as misc, as bibtex prints it


def test_crossref_prints_the_parents_label_and_inherits_as_bibtex(tmp_path: Path) -> None:
    """A child cites its parent by label; a parent earlier in the file has its own parent's
    fields by the time its child copies them (bibtex copies in file order), a parent later
    in the file does not; a parent not in the file is no parent."""
    text = (
        "@book{series, title = {Big}, series = {Series S}, editor = {E. Ed}, year = 1990}\n"
        "@book{vol2, crossref = {series}, author = {A. Au}, title = {Vol}, volume = 2,"
        " publisher = {P}}\n"
        "@inbook{chap, crossref = {vol2}, author = {A. Au}, title = {Chap}, pages = {1--5}}\n"
        "@inproceedings{early, crossref = {late}, author = {B. Be}, title = {Early}}\n"
        "@proceedings{late, crossref = {series}, title = {Late}, booktitle = {Late}}\n"
        "@article{lost, crossref = {nowhere}, author = {C. Ce}, title = {Lost}, year = 2000}\n"
    )
    theirs = _bibtex_bodies(_run_bibtex(tmp_path, text, "unsrt"), {})
    library = belharbi_bib.loads(text)
    ours = _our_bodies(library, "unsrt")
    assert ours == theirs
    assert "Volume 2 of Ed [2], 1990." in ours["chap"]


OTHER_STYLES = ("abbrv", "ieeetr", "acm", "siam", "apalike")
"""TeX Live's other standard ``.bst`` files, given by path (not bundled)."""
OTHER_FILES = ("05_xampl_patashnik.bib", "29_aibasel_crossref.bib", "37_iridia_crossref.bib")


def _text(marked_text: str) -> str:
    return " ".join(marked.visible(marked_text).replace("\u00a0", " ").split())


@pytest.mark.parametrize("style", OTHER_STYLES)
def test_any_bst_file_runs_as_bibtex_runs_it(style: str, shared_dir: Path, tmp_path: Path) -> None:
    """A ``.bst`` given by path runs whole: its order, its labels and its text are
    ``bibtex``'s, on corpus files with crossrefs, macros and every entry type."""
    kpsewhich = require_tool("kpsewhich")
    found = subprocess.run([kpsewhich, f"{style}.bst"], capture_output=True, text=True)
    bst = Path(found.stdout.strip())
    assert bst.is_file(), f"{style}.bst not found by kpsewhich"
    for name in OTHER_FILES:
        path = shared_dir / "corpus" / "realworld" / name
        library = belharbi_bib.load(path)
        macros = library_macros(library)
        items = bbl_items(_run_bibtex(tmp_path, path, style))
        labels = {
            key.casefold(): bbl_marked(label, {}, macros) if label else str(number)
            for number, (label, key, _) in enumerate(items, start=1)
        }
        html = belharbi_bib.format(library, style=str(bst), to="html")
        ours = re.findall(
            r'<div id="ref-([^"]+)" class="csl-entry"><span class="csl-left-margin">\[(.*?)\]'
            r"</span>(.*?)</div>\n",
            html,
        )
        assert [html_module.unescape(key) for key, _, _ in ours] == [k for _, k, _ in items]
        for (key, label, body), (_, _, theirs) in zip(ours, items, strict=True):
            shown = html_module.unescape(re.sub("<[^>]+>", "", label))
            assert _text(shown) == _text(labels[html_module.unescape(key).casefold()]), key
            text = html_module.unescape(re.sub("<[^>]+>", "", body))
            assert _text(text) == _text(bbl_marked(theirs, labels, macros)), key


def test_a_bst_printing_on_the_terminal_leaves_the_output_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``top$`` and ``stack$`` print on bibtex's terminal (IEEEtran prints its banner with
    ``top$``); pybtex printed them on standard output, inside ``format -o -``'s list."""
    style = tmp_path / "chatty.bst"
    style.write_text(
        "ENTRY { title } {} {}\n"
        'FUNCTION {begin.bib} { "-- a banner" top$ "x" "y" stack$ }\n'
        'FUNCTION {misc} { newline$ "\\bibitem{" write$ cite$ write$ "}" write$ newline$'
        " title write$ newline$ }\n"
        "READ\nEXECUTE {begin.bib}\nITERATE {call.type$}\n",
        encoding="utf-8",
    )
    library = belharbi_bib.loads("@misc{k, title = {Only this}}")
    text = belharbi_bib.format(library, style=str(style), to="text")
    assert text == "[1] Only this\n"
    assert capsys.readouterr().out == ""
