"""Verified for real: exported .bib files compile with pdflatex + bibtex/biber without a warning.

Each test writes a LaTeX document that cites every exported work with its own ``\\cite``
(``\\nocite{*}`` would hide unresolved keys), compiles it in a temporary directory, and then:

- requires every tool to exit 0;
- parses the ``.log`` and the ``.blg`` and allows **zero** errors and warnings. Counted: TeX errors
  (``! ...``), ``LaTeX ... Warning``, ``Package X Warning``, ``Class X Warning``, ``pdfTeX
  warning``, ``Missing character``; BibTeX's ``Warning--`` lines and error messages; biber's
  ``WARN -`` and ``ERROR -`` lines. Not counted: ``Overfull``/``Underfull`` box messages, which
  are typographic (long URLs in a narrow column), not bibliographic;
- extracts the PDF text with ``pdftotext`` and checks that every exported title is in it,
  compared on letters and digits only (case-folded, accents and ligatures decomposed), so line
  breaks, hyphenation and a style's case changes do not matter.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import require_tool

import belharbi_bib
from belharbi_bib.cli import command_parser
from belharbi_bib.cli.commands import export as command
from belharbi_bib.exports import export
from belharbi_bib.exports.citations import read_aux, resolve
from belharbi_bib.latex import to_unicode
from belharbi_bib.model import Library, Record
from belharbi_bib.structs import dataclass
from belharbi_bib.venues import VenueRegistry

LATEX_DATA = Path(__file__).resolve().parent / "data" / "latex"

STYLES: tuple[tuple[str, str], ...] = (
    ("bibtex", "plainnat"),
    ("bibtex", "IEEEtran"),
    ("biblatex", "numeric"),
    ("biblatex", "authoryear"),
)
VARIANTS: dict[str, dict[str, object]] = {
    "default": {},
    "strings": {"strings": True},
    "venue-short": {"venue_form": "short"},
    "ascii": {"ascii": True},
}

_LOG_PROBLEM = re.compile(
    r"^(?:! |(?:LaTeX|Package \S+|Class \S+)(?: \S+)? Warning|LaTeX Error|pdfTeX warning"
    r"|Missing character)",
    re.MULTILINE,
)
_BIBTEX_PROBLEM = re.compile(
    r"^(?:Warning--|I couldn't|I was expecting|I'm skipping|Repeated entry|.*---line \d+ of)"
    r"|error message",
    re.MULTILINE,
)
_BIBER_PROBLEM = re.compile(r"> (?:WARN|ERROR) - ")


@dataclass(frozen=True)
class Compiled:
    """What a compilation left: log problems and the PDF's text."""

    problems: list[str]
    text: str


def preamble(engine: str, style: str) -> str:
    lines = [
        r"\documentclass{article}",
        r"\usepackage[T1]{fontenc}",
        r"\usepackage[utf8]{inputenc}",
        r"\usepackage{lmodern}",
        r"\usepackage{url}",
    ]
    if engine == "bibtex" and style == "plainnat":
        lines.append(r"\usepackage[numbers]{natbib}")
    if engine == "biblatex":
        lines.append(rf"\usepackage[backend=biber,style={style}]{{biblatex}}")
        lines.append(r"\addbibresource{refs.bib}")
    return "\n".join(lines) + "\n"


def document(keys: Sequence[str], engine: str, style: str) -> str:
    cites = "\n".join(f"Work~{i}: \\cite{{{key}}}." for i, key in enumerate(keys, 1))
    if engine == "bibtex":
        bibliography = f"\\bibliographystyle{{{style}}}\n\\bibliography{{refs}}\n"
    else:
        bibliography = "\\printbibliography\n"
    return (
        f"{preamble(engine, style)}\\begin{{document}}\n{cites}\n{bibliography}\\end{{document}}\n"
    )


def compile_latex(directory: Path, main: str, engine: str) -> Compiled:
    """Run pdflatex, bibtex or biber, pdflatex twice; collect the problems and the PDF text."""
    for tool in ("pdflatex", "bibtex" if engine == "bibtex" else "biber", "pdftotext"):
        require_tool(tool)
    env = {**os.environ, "max_print_line": "10000", "openout_any": "p"}
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", main]
    processor = ["bibtex", main] if engine == "bibtex" else ["biber", "--quiet", main]
    problems: list[str] = []
    for step in (latex, processor, latex, latex):
        done = subprocess.run(
            step, cwd=directory, env=env, capture_output=True, text=True, errors="replace",
            timeout=600, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            problems.append(f"{step[0]} exited {done.returncode}: {done.stdout[-2000:]}")
            return Compiled(problems, "")
    log = (directory / f"{main}.log").read_text(encoding="utf-8", errors="replace")
    blg = (directory / f"{main}.blg").read_text(encoding="utf-8", errors="replace")
    problems.extend(f"log: {line}" for line in log.splitlines() if _LOG_PROBLEM.match(line))
    pattern = _BIBTEX_PROBLEM if engine == "bibtex" else _BIBER_PROBLEM
    problems.extend(f"blg: {line}" for line in blg.splitlines() if pattern.search(line))
    pdf = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", f"{main}.pdf", "-"],
        cwd=directory, capture_output=True, check=True, timeout=120,
    )  # fmt: skip
    return Compiled(problems, pdf.stdout.decode("utf-8", errors="replace"))


def comparable(text: str) -> str:
    """Letters and digits only, case-folded, accents and ligatures decomposed.

    >>> comparable("Pon-\\ndération {CNN}s — ﬁne")
    'ponderationcnnsfine'
    >>> comparable("Work & Compe1\\n\\n\\x0ctition")
    'workcompetition'
    """
    pages = text.split("\x0c")
    for number, page in enumerate(pages, 1):
        # pdftotext can glue the page-number footer to a word split across the page break.
        body = page.rstrip()
        if body.endswith(str(number)):
            pages[number - 1] = body[: -len(str(number))]
    text = "\n".join(line for line in "\n".join(pages).splitlines() if not line.strip().isdigit())
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).casefold()


def missing_titles(records: Sequence[Record], pdf_text: str) -> list[str]:
    haystack = comparable(pdf_text)
    return [
        record.key for record in records if comparable(to_unicode(record.title)) not in haystack
    ]


@pytest.fixture(scope="module")
def database() -> tuple[Library, VenueRegistry]:
    return belharbi_bib.load(), belharbi_bib.load_venues()


def test_comparable_ignores_layout() -> None:
    pdf = "Soufiane. Détec-\ntion de la coupe\n\n3\n\x0cL3 par ﬁne CNN"
    assert comparable("Détection de la coupe {L3} par fine {CNN}") in comparable(pdf)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize(("engine", "style"), STYLES, ids=[s for _, s in STYLES])
def test_every_work_compiles_without_warnings(
    engine: str,
    style: str,
    variant: str,
    tmp_path: Path,
    database: tuple[Library, VenueRegistry],
) -> None:
    library, venues = database
    options = VARIANTS[variant]
    text = export(library, to=engine, venues=venues, **options)
    if variant == "ascii":
        assert text.isascii()
    (tmp_path / "refs.bib").write_text(text, encoding="utf-8")
    keys = [record.key for record in library]
    (tmp_path / "main.tex").write_text(document(keys, engine, style), encoding="utf-8")
    compiled = compile_latex(tmp_path, "main", engine)
    assert compiled.problems == []
    assert missing_titles(library.records, compiled.text) == []
    words = " ".join(compiled.text.split())
    for number in range(1, len(keys) + 1):
        assert f"Work {number}:" in words


@pytest.mark.parametrize(("main", "engine"), [("paper", "bibtex"), ("paper-biblatex", "biblatex")])
def test_aux_filtered_export_of_the_example_paper(
    main: str, engine: str, tmp_path: Path, database: tuple[Library, VenueRegistry]
) -> None:
    library, venues = database
    for name in (f"{main}.tex", "related.tex"):
        shutil.copy(LATEX_DATA / name, tmp_path / name)
    aux = LATEX_DATA / f"{main}.aux"
    refs = tmp_path / "refs.bib"
    parser = command_parser("export")
    argv = ["--to", engine, "--aux", str(aux), "--venue", "short", "--no-abstract", "-o", str(refs)]
    assert command.run(parser.parse_args(argv)) == 0
    cited = read_aux([aux])
    records, problems = resolve(library, cited.citations, rename=engine == "bibtex")
    assert problems == ()
    assert refs.read_text(encoding="utf-8") == export(
        records, to=engine, venues=venues, venue_form="short", abstract=False
    )
    compiled = compile_latex(tmp_path, main, engine)
    assert compiled.problems == []
    assert missing_titles(records, compiled.text) == []
    cited_keys = {c.key for c in cited.citations}
    not_cited = [r for r in library if r.key not in cited_keys and r not in records]
    assert missing_titles(not_cited[:5], compiled.text) == [r.key for r in not_cited[:5]]


def test_warnings_are_detected(tmp_path: Path) -> None:
    """The checker itself: an undefined citation and a bad entry must be caught."""
    (tmp_path / "refs.bib").write_text(
        "@article{bad,\n  title = {Only a Title},\n  year = {2020},\n}\n", encoding="utf-8"
    )
    (tmp_path / "main.tex").write_text(
        document(["bad", "undefined2020"], "bibtex", "plainnat"), encoding="utf-8"
    )
    compiled = compile_latex(tmp_path, "main", "bibtex")
    joined = "\n".join(compiled.problems)
    assert "Warning--empty author in bad" in joined
    assert 'didn\'t find a database entry for "undefined2020"' in joined
    assert "Citation `undefined2020' on page 1 undefined" in joined
