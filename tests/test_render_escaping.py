"""Everything that comes from the data is escaped, in every style and every output format.

A work whose title, venue and links carry HTML, LaTeX, Markdown and reST syntax must come out
as text: no tag, command, link or comment can be injected through the data.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import run_pdflatex
from hypothesis import given, settings
from hypothesis import strategies as st

import belharbi_bib
from belharbi_bib.markup import FORMATS
from belharbi_bib.model import Field, Record
from belharbi_bib.render import format
from belharbi_bib.render.styles import BIBTEX_STYLES, BUNDLED_CSL

HOSTILE = r"""
@article{hostile,
  author = {Doe, Jane and O'Hara, Seán},
  title = {{<script>alert(1)</script>} {\textbackslash}input\{/etc/passwd\}
           [x](javascript:alert(1)) \& 50\% a\_b \#1 \$5 `code` *star* |pipe| ~tilde^},
  journal = {Journal <b>bold</b> \& Co},
  year = {2024},
  volume = {3},
  pages = {1--2},
  url = {javascript:alert(1)},
  doi = {10.1000/x<y>},
  code = {https://example.org/a"onmouseover="alert(1)},
}

@misc{rawlatex,
  author = {Roe, Richard},
  title = {Raw \input{/etc/passwd} and \write18{rm -rf} in a title},
  howpublished = {\url{javascript:alert(2)}},
  year = {2023},
}
"""

STYLES = (*BUNDLED_CSL, *BIBTEX_STYLES)
_ALLOWED_TAGS = {"div", "span", "em", "strong", "a", "sup", "sub"}


@pytest.fixture(scope="module")
def hostile() -> belharbi_bib.Library:
    library = belharbi_bib.loads(HOSTILE)
    assert not library.problems
    return library


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _check_html(text: str) -> None:
    parser = _Tags()
    parser.feed(text)
    for tag, attrs in parser.tags:
        assert tag in _ALLOWED_TAGS, tag
        assert set(attrs) <= {"id", "class", "href", "style"}, attrs
        if tag == "a":
            assert re.match(r"https?://", attrs["href"] or ""), attrs
    assert "&lt;script&gt;" in text


def _check_markdown(text: str) -> None:
    assert not re.search(r"(?<!\\)\]\(javascript", text)
    assert "<script" not in text.replace("\\<script", "")
    assert "\\<script\\>" in text
    for target in re.findall(r"\]\(<([^>]*)>\)", text):
        assert target.startswith(("http://", "https://")), target


def _check_latex(text: str) -> None:
    assert not re.search(r"(?<!textbackslash\{\})(?<!\\)\\input", text)
    assert "\\write18" not in text
    assert not re.search(r"(?<!\\)[%#$&_]", text.replace("\\url{", "").replace("\\href{", ""))
    assert "javascript" not in "".join(re.findall(r"\\(?:url|href)\{([^}]*)\}", text))


def _check_rst(text: str) -> None:
    for target in re.findall(r"<([^<>]*)>`__", text):
        assert target.startswith(("http://", "https://")), target
    assert "\\*star\\*" in text
    assert "\\`code\\`" in text


def _check_text(text: str) -> None:
    assert "<script>alert(1)</script>" in text


CHECKS = {
    "html": _check_html,
    "markdown": _check_markdown,
    "latex": _check_latex,
    "rst": _check_rst,
    "text": _check_text,
}


@pytest.mark.parametrize("link", [False, True], ids=["plain", "link"])
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("style", STYLES)
def test_data_cannot_inject_markup(
    hostile: belharbi_bib.Library, style: str, fmt: str, link: bool
) -> None:
    text = format(hostile, style=style, to=fmt, link=link)
    assert "hostile" not in text or fmt == "html"  # keys only appear as HTML ids
    CHECKS[fmt](text)


def test_latex_output_compiles_with_pdflatex(hostile: belharbi_bib.Library, tmp_path: Path) -> None:
    library, venues = belharbi_bib.load(), belharbi_bib.load_venues()
    body = "\n".join(
        [format(library, style=s, to="latex", venues=venues, link=True) for s in ("apa", "alpha")]
        + [format(hostile, style=s, to="latex", link=True) for s in ("ieee", "plain")]
    )
    document = (
        "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n"
        "\\usepackage{textcomp}\n\\usepackage{url}\n\\usepackage{hyperref}\n"
        f"\\begin{{document}}\n{body}\n\\end{{document}}\n"
    )
    (tmp_path / "refs.tex").write_text(document, encoding="ascii")
    result = run_pdflatex(tmp_path, "refs.tex", timeout=120)
    assert result.returncode == 0, result.stdout[-3000:]
    assert (tmp_path / "refs.pdf").exists()


_TITLE_TEXT = st.text(
    alphabet=st.sampled_from(list("ab <>&\"'[]()*_`|#%$~^:/.")), min_size=1, max_size=30
)


@settings(max_examples=40, deadline=None)
@given(title=_TITLE_TEXT)
def test_any_title_stays_text_in_html(title: str) -> None:
    from belharbi_bib.latex import to_latex
    from belharbi_bib.markup import LatexMarkup

    escaped = LatexMarkup().text(title)
    assert to_latex(escaped) == escaped
    record = Record("k", "article", (Field("title", "{" + escaped + "}"), Field.of("journal", "J")))
    for style in ("apa", "plain"):
        parser = _Tags()
        parser.feed(format([record], style=style, to="html", link=True))
        assert {tag for tag, _ in parser.tags} <= _ALLOWED_TAGS


def test_citeproc_warnings_become_text_not_python_warnings() -> None:
    import warnings

    from belharbi_bib.render.citeproc import _captured

    sink: list[str] = []
    with _captured(sink):
        warnings.warn("something  odd\nhappened", UserWarning, stacklevel=1)
    assert sink == ["something odd happened"]
