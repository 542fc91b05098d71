"""Golden files: every bundled style in every output format, on a fixed set of works.

The works exercise the kinds the styles treat differently: a journal article with a DOI, a
conference paper with case-protected words, an arXiv preprint, a PhD thesis, a patent, a talk
and a challenge. Set ``BELHARBI_BIB_UPDATE_GOLDEN=1`` to rewrite the files after a deliberate
change, then review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import belharbi_bib
from belharbi_bib.markup import FORMATS
from belharbi_bib.render import format as format_list
from belharbi_bib.render.styles import BIBTEX_STYLES, BUNDLED_CSL

GOLDEN = Path(__file__).resolve().parent / "golden" / "render"
SUFFIX = {"text": "txt", "html": "html", "markdown": "md", "latex": "tex", "rst": "rst"}
WORKS = (
    "belharbi2022deepa",
    "belharbi2024srcaco2",
    "karimian2026longitudinal",
    "belharbi2018neural",
    "belharbi2024method",
    "belharbi2017neuralb",
    "belharbi2026ambivalencehesitancyb",
)
STYLES = (*BUNDLED_CSL, *BIBTEX_STYLES)
BIBTEX_TYPES = {
    "article", "book", "booklet", "conference", "inbook", "incollection", "inproceedings",
    "manual", "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished",
}  # fmt: skip
"""The entry types BibTeX's standard styles define."""


@pytest.fixture(scope="module")
def works() -> tuple[list[belharbi_bib.Record], belharbi_bib.VenueRegistry]:
    library = belharbi_bib.load()
    return [library[key] for key in WORKS], belharbi_bib.load_venues()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("style", STYLES)
def test_golden(
    style: str, fmt: str, works: tuple[list[belharbi_bib.Record], belharbi_bib.VenueRegistry]
) -> None:
    records, venues = works
    result = format_list(records, style=style, to=fmt, venues=venues, link=True)
    assert {p.key for p in result.problems} == _untyped(records, style)
    path = GOLDEN / f"{style}.{SUFFIX[fmt]}"
    if os.environ.get("BELHARBI_BIB_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(result.text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path} (run with BELHARBI_BIB_UPDATE_GOLDEN=1)"
    assert result.text == path.read_text(encoding="utf-8")


def _untyped(records: list[belharbi_bib.Record], style: str) -> set[str]:
    """The keys a style warns about: BibTeX styles, the works of a type they do not define."""
    if style not in BIBTEX_STYLES:
        return set()
    return {r.key for r in records if r.entry_type not in BIBTEX_TYPES}


@pytest.mark.parametrize("style", STYLES)
def test_every_work_renders_in_every_style_without_problems(style: str) -> None:
    """CSL styles: no problem at all. BibTeX styles: only BibTeX's own warning for a type
    its ``.bst`` does not define (the patent, printed as ``misc``), naming file and line."""
    library, venues = belharbi_bib.load(), belharbi_bib.load_venues()
    result = format_list(library, style=style, venues=venues)
    if style in BIBTEX_STYLES:
        unknown = _untyped(list(library.records), style)
        assert unknown  # the bundled database has a patent
        assert {p.key for p in result.problems} == unknown
        for problem in result.problems:
            assert problem.code == "render.style-warning"
            assert "isn't style-file defined" in problem.message
            assert problem.path is not None
            assert problem.line is not None
    else:
        assert result.problems == ()
    assert result.text.count("\n\n") == len(library) - 1
