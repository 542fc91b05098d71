"""CV output formats: golden files for every format, determinism, escaping of hostile data.

Set ``BELHARBI_BIB_UPDATE_GOLDEN=1`` to rewrite the golden files under ``tests/golden/cv/``.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import check_golden, require_tool
from test_cv_sections import library, venues

import belharbi_bib
from belharbi_bib.curriculum import FORMATS, RENDERERS, cv
from belharbi_bib.latex import to_unicode
from belharbi_bib.model import Library
from belharbi_bib.venues import VenueRegistry

__all__ = ["library", "venues"]  # fixtures (tests/data/cv) used by name below

GOLDEN = Path(__file__).parent / "golden" / "cv"

CASES: dict[str, dict[str, object]] = {
    "cv.md": {"to": "markdown"},
    "cv-by-year.md": {"to": "markdown", "group_by": "year", "max_authors": 4},
    "cv.tex": {"to": "latex"},
    "cv-standalone.tex": {"to": "latex", "standalone": True, "max_authors": 5},
    "cv.html": {"to": "html"},
    "cv.json": {"to": "jsonresume"},
    "cv-selected-full.md": {"to": "markdown", "selected": True, "full_venues": True},
}

HOSTILE_TITLE = "<script>alert(1)</script> \\input{x} [a](javascript:b) & % _ # $"
HOSTILE_BIB = r"""@inproceedings{evil2024,
  author = {Belharbi, Soufiane and {<img src=x onerror=alert(2)>} and Doe, J{\_}ane},
  title = {<script>alert(1)</script> \textbackslash{}input\{x\} [a](javascript:b) \& \% \_ \# \$},
  booktitle = {Proc. of \textbackslash{}input\{venue\} <i>x</i>},
  year = {2024},
  code = {javascript:alert(3)},
  project = {https://example.org/a b"onmouseover=alert(4)},
  slides = {https://example.org/ok?a=1&b=<2>},
}
"""


@pytest.fixture(scope="module")
def hostile() -> Library:
    library = belharbi_bib.loads(HOSTILE_BIB, "evil.bib")
    assert not library.problems
    assert to_unicode(library.records[0].title) == HOSTILE_TITLE
    return library


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str, library: Library, venues: VenueRegistry) -> None:
    check_golden(GOLDEN / name, cv(library, venues=venues, **CASES[name]))


@pytest.mark.parametrize("to", ["markdown", "latex", "html", "jsonresume"])
def test_same_input_same_bytes(to: str, library: Library, venues: VenueRegistry) -> None:
    reversed_library = library.replace_records(reversed(library.records))
    first = cv(library, to=to, venues=venues)
    assert first == cv(library, to=to, venues=venues)
    # Order comes from the data (kind, year, month); file order only breaks exact ties, and
    # the test library has none.
    assert cv(reversed_library, to=to, venues=venues) == first


def test_owner_in_bold_everywhere(library: Library, venues: VenueRegistry) -> None:
    markdown = cv(library, to="markdown", venues=venues)
    latex = cv(library, to="latex", venues=venues)
    page = cv(library, to="html", venues=venues)
    for spelling in ("Soufiane Belharbi", "S. Belharbi"):
        assert f"**{spelling}**" in markdown
        assert f"\\textbf{{{spelling}}}" in latex
        assert f"<strong>{spelling}</strong>" in page
    # Nobody else is in bold.
    assert set(re.findall(r"\*\*([^*]+)\*\*", markdown)) - {"Soufiane Belharbi", "S. Belharbi"} <= {
        f"{p}{n}" for p in ("J", "C", "W", "P", "T", "PT", "TK", "CH", "PO") for n in range(1, 9)
    }


def test_markdown_follows_the_site_format(library: Library, venues: VenueRegistry) -> None:
    line = next(
        line
        for line in cv(library, venues=venues).splitlines()
        if "F-CAM" in line and line.startswith("* ")
    )
    # venue + year, the quoted title (upright) linked to the work, bracketed links
    assert line.startswith("* **C2** WACV 2022, “[F-CAM: Full Resolution")
    assert "Upscaling](<https://arxiv.org/abs/2109.07069>).” **S. Belharbi**" in line
    assert "\\[[arXiv](<https://arxiv.org/abs/2109.07069>)\\]" in line
    assert "\\[[Code](<https://github.com/sbelharbi/fcam-wsol>)\\]" in line


def test_hostile_markdown_renders_as_text(hostile: Library) -> None:
    pandoc = require_tool("pandoc")
    markdown = cv(hostile, to="markdown")
    assert not re.search(r"(?<!\\)\]\(<?javascript", markdown)
    assert not re.search(r"(?<!\\)<(script|img)", markdown)
    rendered = subprocess.run(
        [pandoc, "-f", "commonmark", "-t", "html"],
        input=markdown,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "<script" not in rendered
    assert "<img" not in rendered
    assert 'href="javascript' not in rendered
    assert "onmouseover" not in re.sub(r'href="[^"]*"', "", rendered)
    visible = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    assert HOSTILE_TITLE in " ".join(visible.split())
    assert "<img src=x onerror=alert(2)>" in visible


def test_hostile_latex_is_escaped(hostile: Library) -> None:
    latex = cv(hostile, to="latex")
    body = "\n".join(line for line in latex.splitlines() if not line.startswith("%"))
    assert "\\input" not in body.replace("\\textbackslash{}input", "")
    assert "\\textless{}script\\textgreater{}" in body
    assert "\\& \\% \\_ \\# \\$" in body
    assert "javascript:alert(3)" not in body  # an unsafe link is shown as its label only


def test_hostile_html_is_escaped(hostile: Library) -> None:
    page = cv(hostile, to="html")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page
    assert 'href="javascript' not in page
    assert page.count("<script>") == 1  # the page's own script only


def test_hostile_jsonresume_keeps_the_text(hostile: Library) -> None:
    document = json.loads(cv(hostile, to="jsonresume"))
    publication = document["publications"][0]
    assert publication["name"] == HOSTILE_TITLE
    # The first safe link, as a valid URI (the unsafe code and project links are skipped).
    assert publication["url"] == "https://example.org/ok?a=1&b=%3C2%3E"


def test_every_cv_format_has_one_renderer() -> None:
    assert list(RENDERERS) == list(FORMATS)
