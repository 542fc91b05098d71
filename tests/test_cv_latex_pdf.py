"""The standalone LaTeX CV compiles with pdflatex; the PDF shows every title and the owner."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import require_tool, run_pdflatex

import belharbi_bib
from belharbi_bib.curriculum import CvOptions, render
from belharbi_bib.curriculum.sections import build_cv
from belharbi_bib.model import Library
from belharbi_bib.venues import VenueRegistry

DATA = Path(__file__).parent / "data" / "cv"
HOSTILE = r"""@inproceedings{evil2024,
  author = {Belharbi, Soufiane and Doe, Jane},
  title = {<script>alert(1)</script> \textbackslash{}input\{x\} [a](javascript:b) \& \% \_ \# \$},
  booktitle = {Proc. of \textbackslash{}input\{venue\}},
  year = {2024},
  code = {javascript:alert(3)},
}
"""


def squash(text: str) -> str:
    """Fold text for comparison across line breaks, hyphenation, ligatures and accents."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c)).lower()


def compile_pdf(tex: str, workdir: Path) -> tuple[str, str]:
    """Compile ``tex`` twice with pdflatex in ``workdir``; return (log, pdftotext output)."""
    pdftotext = require_tool("pdftotext")
    source = workdir / "cv.tex"
    source.write_text(tex, encoding="utf-8")
    for _ in range(2):
        run = run_pdflatex(workdir, "cv.tex")
        log = (workdir / "cv.log").read_text(encoding="utf-8", errors="replace")
        assert run.returncode == 0, f"pdflatex failed:\n{log[-3000:]}"
    assert "! " not in log, log[-3000:]
    assert not re.search(r"LaTeX (Error|Warning: (Reference|Citation))", log)
    assert "Missing character" not in log
    subprocess.run([pdftotext, "-enc", "UTF-8", "cv.pdf", "cv.txt"], cwd=workdir, check=True)
    return log, (workdir / "cv.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def venues() -> VenueRegistry:
    return belharbi_bib.load_venues(DATA / "venues.toml")


@pytest.mark.parametrize("source", ["fixture", "bundled"])
def test_standalone_compiles_and_shows_every_title(
    source: str, tmp_path: Path, venues: VenueRegistry
) -> None:
    if source == "fixture":
        library: Library = belharbi_bib.load(DATA / "works.bib")
        registry: VenueRegistry | None = venues
    else:
        library, registry = belharbi_bib.load(), belharbi_bib.load_venues()
    options = CvOptions(to="latex", standalone=True, max_authors=8)
    tex = render(library, options, registry).text
    document = build_cv(library, options, registry)
    assert document.total > 0
    # The owner is in bold in the LaTeX, in every work that has them.
    bold = re.findall(r"\\textbf\{([^}]*)\}", tex)
    assert {"Soufiane Belharbi"} <= set(bold)
    owned = [i for i in document.items if any(i.authors.owner_flags)]
    assert len([b for b in bold if "Belharbi" in b]) == len(owned)
    _, text = compile_pdf(tex, tmp_path)
    pdf = squash(text)
    missing = [i.title for i in document.items if squash(i.title) not in pdf]
    assert not missing, f"titles missing from the PDF: {missing}"
    assert squash("Soufiane Belharbi") in pdf
    assert squash(document.summary()) in pdf


def test_section_compiles_inside_a_host_document(tmp_path: Path, venues: VenueRegistry) -> None:
    library = belharbi_bib.load(DATA / "works.bib")
    section = render(library, CvOptions(to="latex"), venues).text
    (tmp_path / "publications.tex").write_text(section, encoding="utf-8")
    host = (
        "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n"
        "\\usepackage{hyperref}\n\\begin{document}\n\\section*{Publications}\n"
        "\\input{publications}\n\\end{document}\n"
    )
    _, text = compile_pdf(host, tmp_path)
    assert squash("Full Resolution Class Activation Maps") in squash(text)


def test_hostile_title_prints_as_text(tmp_path: Path) -> None:
    library = belharbi_bib.loads(HOSTILE, "evil.bib")
    tex = render(library, CvOptions(to="latex", standalone=True)).text
    _, text = compile_pdf(tex, tmp_path)  # would fail: \input{x} names no file
    flat = " ".join(text.split())
    assert "<script>alert(1)</script> \\input{x} [a](javascript:b) & % _ # $" in flat
    assert "Proc. of \\input{venue}" in flat
