"""The CV as a researcher reads it: names kept whole, ragged-right author lists, one title style.

Checked on the typography test file (long, hyphenated and accented names; theses; patents in
every state; a work with both a publisher DOI and an arXiv id) and on the bundled database:

- in the PDF (pdflatex on a narrow page, read back with ``pdftotext``), no name is hyphenated or
  broken across lines, and no line of an item has stretched (justified) spaces;
- titles are styled one way in LaTeX, Markdown and HTML: upright, in quotes, their words linked,
  the period inside the closing quote (American style), none after ``?`` or ``.``;
- a thesis shows its degree and school; a pending or filed patent is an application; the main
  link of a published work is its publisher DOI, with arXiv beside it.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import require_tool, run_pdflatex

import belharbi_bib
from belharbi_bib.curriculum import CvOptions, render
from belharbi_bib.curriculum.owner import GAP, Owner
from belharbi_bib.curriculum.sections import Cv, build_cv
from belharbi_bib.latex import to_unicode
from belharbi_bib.model import Library
from belharbi_bib.venues import VenueRegistry

DATA = Path(__file__).parent / "data" / "cv"
OWNER = Owner("Ana García-Lópezberg")
NARROW = "paperwidth=10.5cm,paperheight=60cm,margin=0.8cm"
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
)


@pytest.fixture(scope="module")
def typography() -> Library:
    return belharbi_bib.load(DATA / "typography.bib")


def text_of(
    library: Library, to: str, venues: VenueRegistry | None = None, **options: object
) -> str:
    return render(library, CvOptions(to=to, owner=OWNER, **options), venues).text  # type: ignore[arg-type]


def line_of(text: str, needle: str) -> str:
    return next(line for line in text.splitlines() if needle in line)


# --- one title style, punctuation inside the quotes ---------------------------------------------


def test_markdown_title_is_quoted_upright_with_the_period_inside(typography: Library) -> None:
    markdown = text_of(typography, "markdown")
    line = line_of(markdown, "Interpretable Representations")
    assert "“[Interpretable Representations for Weakly-Supervised Localization in " in line
    assert "Histopathology](<https://doi.org/10.1016/j.media.2023.102118>).” **Ana" in line
    # Not italic and quoted and linked at once: no emphasis around the title.
    assert not re.search(r"[*_]“|”[*_]", markdown)
    # A title ending with "?" or "." takes no period; nothing is left outside the quotes.
    assert "Pixel-Level Supervision?](<https://arxiv.org/abs/2202.00002>)” Ma" in markdown
    assert "“[A Study of Things, Etc.](<https://arxiv.org/abs/2403.00003>)” **Ana" in markdown
    assert "“Learning with Few Labels.” **Ana" in markdown
    assert not re.search(r"”[.,]", markdown)


def test_latex_title_is_quoted_upright_with_the_period_inside(typography: Library) -> None:
    latex = text_of(typography, "latex")
    line = line_of(latex, "Interpretable Representations")
    assert (
        "``\\href{https://doi.org/10.1016/j.media.2023.102118}{Interpretable Representations "
        "for Weakly-Supervised Localization in Histopathology}.''" in line
    )
    assert "Supervision?}''" in latex
    assert "{A Study of Things, Etc.}''" in latex
    assert "``Learning with Few Labels.''" in latex
    assert not re.search(r"''[.,]", latex)
    assert not re.search(r"\\(emph|textit|itshape|underline)\{``", latex)


def test_html_title_is_quoted_upright_with_the_period_inside(typography: Library) -> None:
    page = text_of(typography, "html")
    titles = re.findall(r'<span class="title">(.*?)</span>', page)
    assert len(titles) == 8
    for title in titles:
        plain = html.unescape(re.sub(r"<[^>]+>", "", title))
        assert plain.startswith("“"), plain
        assert plain.endswith(("?”", ".”")), plain
        assert not re.search(r"<(em|i|u)\b", title)
    assert (
        '“<a href="https://doi.org/10.1016/j.media.2023.102118">Interpretable '
        "Representations for Weakly-Supervised Localization in Histopathology</a>.”" in page
    )
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert not re.search(r"\.title[^{]*\{[^}]*font-style:\s*italic", style)


# --- thesis, patents, main link ---------------------------------------------------------------


@pytest.mark.parametrize("to", ["markdown", "latex", "html", "jsonresume"])
def test_thesis_shows_its_school_and_patents_their_state(typography: Library, to: str) -> None:
    output = text_of(typography, to)
    if to == "latex":
        output = output.replace("{\\'e}", "é").replace("{\\'E}", "É")
        output = re.sub(r"\\emph\{([^{}]*)\}", r"\1", output)
    elif to == "html":
        output = html.unescape(re.sub(r"<[^>]+>", "", output))
    elif to == "jsonresume":
        output = "\n".join(p["summary"] for p in json.loads(output)["publications"])
    text = " ".join(output.split())
    assert "PhD thesis, Université de Montréal, 2019" in text
    assert "Master's thesis, École de technologie supérieure, 2015" in text
    assert "US Patent Application US20240123456A1, 2024 (pending)" in text
    assert "US Patent Application 17/123,456, 2020" in text
    assert "US Patent US 11,222,333 B2, 2021" in text
    assert not re.search(r"US Patent US2024", text)


def test_bundled_patent_is_an_application_and_thesis_has_its_school() -> None:
    markdown = belharbi_bib.cv(belharbi_bib.load(), kinds=["patent", "thesis"])
    assert "US Patent Application US20240211541A1, 2024 (pending)" in markdown
    assert "PhD thesis, Normandie Université, INSA Rouen Normandie" in markdown
    assert "US Patent 2024" not in markdown


def test_main_link_is_the_publisher_doi_with_arxiv_beside(typography: Library) -> None:
    document = build_cv(typography, CvOptions(owner=OWNER))
    published = next(i for i in document.items if i.key == "garcia2023published")
    assert published.url == "https://doi.org/10.1016/j.media.2023.102118"
    assert [link.label for link in published.links] == ["DOI", "arXiv"]
    # A preprint's main link is arXiv; its arXiv DOI is not shown as a publisher DOI.
    preprint = next(i for i in document.items if i.key == "garcia2024preprint")
    assert preprint.url == "https://arxiv.org/abs/2403.00003"
    assert [link.label for link in preprint.links] == ["arXiv"]


def test_bundled_published_works_link_their_doi_first() -> None:
    document = build_cv(belharbi_bib.load(), CvOptions(), belharbi_bib.load_venues())
    with_doi = [i for i in document.items if i.kind != "preprint" and i.record.doi]
    assert with_doi
    for item in with_doi:
        assert item.url == f"https://doi.org/{item.record.doi}", item.key
        if item.record.arxiv is not None:
            assert [link.label for link in item.links][:2] == ["DOI", "arXiv"], item.key


def test_one_name_before_et_al_takes_no_comma() -> None:
    library = belharbi_bib.loads(
        "@misc{a, author = {Doe, Jane and others}, title = {T}, year = {2020}}\n", "a.bib"
    )
    markdown = render(library, CvOptions(owner=Owner("Jane Doe"))).text
    assert "**Jane Doe** et al." in markdown
    assert "**Jane Doe**, et al." not in markdown


# --- the PDF, read back -------------------------------------------------------------------------


def compile_narrow(tex: str, workdir: Path) -> tuple[str, str, str]:
    """Compile on a narrow page; return (log, pdftotext text, pdftotext -bbox-layout XHTML)."""
    pdftotext = require_tool("pdftotext")
    assert "a4paper,margin=2.2cm" in tex
    (workdir / "cv.tex").write_text(tex.replace("a4paper,margin=2.2cm", NARROW), encoding="utf-8")
    run = run_pdflatex(workdir, "cv.tex")
    log = (workdir / "cv.log").read_text(encoding="utf-8", errors="replace")
    assert run.returncode == 0, log[-3000:]
    plain = subprocess.run(
        [pdftotext, "-enc", "UTF-8", "cv.pdf", "-"], cwd=workdir, capture_output=True, check=True
    ).stdout.decode("utf-8")
    boxes = subprocess.run(
        [pdftotext, "-enc", "UTF-8", "-bbox-layout", "cv.pdf", "-"],
        cwd=workdir,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    return log, plain, boxes


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def shown_names(document: Cv) -> set[str]:
    return {
        fold(to_unicode(person.display()))
        for item in document.items
        for person in item.authors.people
        if person != GAP
    }


def broken_names(plain: str, names: set[str]) -> list[str]:
    """Return each line break of ``plain`` that falls inside a name (hyphenated or not)."""
    lines = [fold(" ".join(line.split())) for line in plain.splitlines()]
    lines = [line for line in lines if line]
    found = []
    for before, after in itertools.pairwise(lines):
        tail, head = before.split(" ")[-1], after.split(" ")[0]
        joins = [f"{tail} {head}"]
        if tail.endswith("-"):
            joins += [tail[:-1] + head, tail + head]
        if any(join in name for join in joins for name in names):
            found.append(f"{before!r} / {after!r}")
    return found


def stretched_lines(boxes: str) -> list[str]:
    """Return the lines whose word spaces are stretched well past the normal space."""
    lines = []
    for line in re.findall(r"<line[^>]*>(.*?)</line>", boxes, re.S):
        words = [(float(a), float(b), w) for a, b, w in WORD.findall(line)]
        lines.append(words)
    gaps = sorted(
        b[0] - a[1]
        for words in lines
        for a, b in itertools.pairwise(words)
        if not re.fullmatch(r"\[\w+\]", a[2])
    )
    assert gaps
    normal = gaps[len(gaps) // 2]
    wide = []
    for words in lines:
        for a, b in itertools.pairwise(words):
            if re.fullmatch(r"\[\w+\]", a[2]):
                continue  # the gap after an item's label
            if b[0] - a[1] > 1.6 * normal:
                wide.append(" ".join(w for _, _, w in words))
                break
    return wide


@pytest.mark.parametrize("source", ["typography", "bundled"])
def test_pdf_keeps_names_whole_and_author_lists_ragged(
    source: str, typography: Library, tmp_path: Path
) -> None:
    if source == "typography":
        library, venues, owner = typography, None, OWNER
    else:
        library, venues, owner = belharbi_bib.load(), belharbi_bib.load_venues(), Owner()
    options = CvOptions(to="latex", standalone=True, owner=owner)
    document = build_cv(library, options, venues)
    tex = render(library, options, venues).text
    log, plain, boxes = compile_narrow(tex, tmp_path)
    names = shown_names(document)
    assert broken_names(plain, names) == []
    # Every name is printed whole on one line, as often as the CV shows it.
    flat = "\n".join(fold(" ".join(line.split())) for line in plain.splitlines())
    for name in names:
        assert name in flat, name
    assert stretched_lines(boxes) == []
    assert "Overfull \\hbox" not in log


def unwrap_mbox(tex: str) -> str:
    """Return ``tex`` with every ``\\mbox{X}`` replaced by ``X``."""
    while (start := tex.find("\\mbox{")) >= 0:
        depth, end = 0, start + len("\\mbox")
        while end < len(tex):
            depth += {"{": 1, "}": -1}.get(tex[end], 0)
            if depth == 0:
                break
            end += 1
        tex = tex[:start] + tex[start + len("\\mbox{") : end] + tex[end + 1 :]
    return tex


def test_the_checks_catch_a_justified_hyphenated_list(typography: Library, tmp_path: Path) -> None:
    """The layout checks fail on what the CV used to print: justified, names hyphenated."""
    tex = text_of(typography, "latex", standalone=True)
    old = tex.replace("\\begin{itemize}\\raggedright", "\\begin{itemize}")
    old = unwrap_mbox(old)
    assert "\\mbox" not in old
    _, plain, boxes = compile_narrow(old, tmp_path)
    document = build_cv(typography, CvOptions(owner=OWNER))
    assert broken_names(plain, shown_names(document)) or stretched_lines(boxes)


# --- other people's data: scripts, combining accents, control characters, odd names ----------

MIXED = """@article{mixed1,
  author = {Mare\u0063\u0306ek, Jakub and Jir\u030c\u00ed Matou\u0161ek
            and Miller, D., Firby, J. and Dean, T.},
  title = {Graph \u0093isomorphism\u0094 and Pe\u0301rez's lemma},
  journal = {Discrete Math.},
  year = {1992},
}

@article{arabic1,
  author = {Doe, Jane},
  title = {\u0627\u0644\u0639\u0631\u0628\u064a\u0629 text},
  journal = {J},
  year = {2001},
}
"""
CYRILLIC_CJK = r"""@article{cyr1,
  author = {{\CYRI}{\cyrv}{\cyra}{\cyrn}{\cyro}{\cyrv}, {\CYRI}. and Doe, Jane},
  title = {{\CYRS}{\cyrt}{\cyra}{\cyrt}{\cyrsftsn}{\cyrya}},
  journal = {J},
  year = {2010},
}
@article{cjk1,
  author = {高翔 and Doe, Jane},
  title = {复杂航电架构的开放式系统标准研究},
  journal = {航空电子技术},
  year = {2015},
}
"""


def test_other_scripts_and_stray_characters_compile(tmp_path: Path) -> None:
    """Combining accents, C1 controls, too many commas and Arabic: the PDF still compiles."""
    library = belharbi_bib.loads(MIXED, "mixed.bib")
    rendered = render(library, CvOptions(to="latex", standalone=True, owner=Owner("Jane Doe")))
    tex = rendered.text
    assert "{\\u{c}}" in tex  # c + U+0306, no precomposed letter
    assert "Matou{\\v{s}}ek" in tex
    assert "\\DeclareUnicodeCharacter{0627}" in tex
    warned = [p for p in rendered.problems if p.code == "cv.latex-script"]
    assert [p.key for p in warned] == ["arabic1"]
    log, plain, _ = compile_narrow(tex, tmp_path)
    assert "Unicode character" not in log
    flat = fold(" ".join(plain.split()))
    assert "Mareček" in flat or "Marec\u0306ek" in flat
    assert "“Graph ‘isomorphism’ and Pérez’s lemma.”" in flat  # inner quotes made single
    assert "Miller, D., Firby, J." in flat  # a name BibTeX cannot split is shown as written
    assert "[U+0627]" in flat


def test_cyrillic_and_cjk_get_their_packages() -> None:
    library = belharbi_bib.loads(CYRILLIC_CJK, "scripts.bib")
    options = CvOptions(to="latex", standalone=True, owner=Owner("Jane Doe"))
    rendered = render(library, options)
    preamble = rendered.text.split("\\begin{document}", 1)[0]
    assert "\\usepackage[T2A,T1]{fontenc}" in preamble
    assert "\\usepackage{CJKutf8}" in preamble
    assert "\\begin{CJK}{UTF8}{gbsn}" in rendered.text
    codes = {p.key: p.message for p in rendered.problems if p.code == "cv.latex-script"}
    assert set(codes) == {"cyr1", "cjk1"}
    section = render(library, CvOptions(to="latex", owner=Owner("Jane Doe"))).text
    assert "% Cyrillic text: needs \\usepackage[T2A,T1]{fontenc}" in section
    assert "% CJK text: needs \\usepackage{CJKutf8}" in section


def require_latex_file(name: str) -> None:
    """Skip when a TeX file is not installed, but fail when ``CI=true`` (like require_tool)."""
    kpsewhich = require_tool("kpsewhich")
    found = subprocess.run([kpsewhich, name], capture_output=True, text=True, check=False)
    if found.stdout.strip():
        return
    reason = f"TeX file {name!r} not installed (texlive-lang-cyrillic, texlive-lang-chinese)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def test_cyrillic_and_cjk_compile(tmp_path: Path) -> None:
    require_latex_file("t2aenc.def")
    require_latex_file("CJKutf8.sty")
    library = belharbi_bib.loads(CYRILLIC_CJK, "scripts.bib")
    tex = render(library, CvOptions(to="latex", standalone=True, owner=Owner("Jane Doe"))).text
    _, plain, _ = compile_narrow(tex, tmp_path)
    flat = fold(" ".join(plain.split()))
    # A line may break between two CJK characters: pdftotext then shows a space there.
    flat = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", flat)
    assert "Статья" in flat
    assert "复杂航电架构的开放式系统标准研究" in flat


ODD = r"""@book{knuth:ct:b,
  author = {Knuth, Donald E.},
  title = {{\TeX}: The Program},
  publisher = {Addison-Wesley},
  date = 1986,
}
@collection{gaonkar,
  editor = {Gaonkar, Dilip Parameshwar},
  title = {Alternative
                  Modernities},
  publisher = {Duke University Press},
  year = {2001},
}
@collection{two,
  editor = {Doe, Jane and Roe, Richard},
  title = {Two Editors},
  year = {2001},
}
@incollection{westfahl,
  author = {Westfahl, Gary},
  title = {The True Frontier},
}
@misc{untitled,
  author = {Bachoore, Emgad},
  note = {Work in progress},
  year = 2004,
}
@misc{bare,
  author = {Roe, Richard},
}
"""


@pytest.mark.parametrize("to", ["markdown", "html", "latex"])
def test_odd_entries_read_well(to: str) -> None:
    """Books show their publisher, collections their editors; no venue leaves no stray comma."""
    library = belharbi_bib.loads(ODD, "odd.bib")
    output = render(library, CvOptions(to=to, owner=Owner("Donald E. Knuth"))).text
    if to == "html":
        output = html.unescape(re.sub(r"<[^>]+>", "", output))
    text = " ".join(output.replace("\\&", "&").replace("\\mbox", "").split())
    text = re.sub(r"[{}*]|\\textbf|\\emph|``|''", "", text)
    assert "Addison-Wesley 1986" in text
    assert "TeX: The Program." in text
    assert "Alternative Modernities." in text  # the line break inside the field is gone
    assert "Dilip Parameshwar Gaonkar (ed.)." in text
    assert "Jane Doe, Richard Roe (eds.)." in text
    assert "Duke University Press 2001" in text
    assert not re.search(r"\] ,|\*\* ,|^, |BC1 ,|BC1, ", text)
    # A work without a title prints no empty quotes, nor an empty venue.
    assert "Work in progress 2004. Emgad Bachoore." in text or to == "latex"
    assert "Emgad Bachoore. Work in progress 2004." in text or to != "latex"
    assert not re.search(r"“\.?”|``\.?''|\\emph\{\}|\.\.", output)
