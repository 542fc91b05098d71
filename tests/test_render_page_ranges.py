"""Page ranges whose last page has more digits than the first keep it whole in every style."""

from __future__ import annotations

import pytest

import belharbi_bib

BIB = """@inproceedings{k,
  author = {Doe, Jane},
  title = {A Title},
  booktitle = {Proceedings of Something},
  pages = {%s},
  year = {2024},
}
"""


@pytest.mark.parametrize(
    ("pages", "shown"),
    [("1--10", "1–10"), ("98--102", "98–102"), ("321--328", "321–28"), ("1--9", "1–9")],
)
def test_mla_minimal_two_page_ranges(pages: str, shown: str) -> None:
    library = belharbi_bib.loads(BIB % pages)
    text = belharbi_bib.format(library, style="modern-language-association")
    assert f"pp. {shown}." in text


def test_expanded_styles_keep_both_pages() -> None:
    library = belharbi_bib.loads(BIB % "1--10")
    assert "1–10" in belharbi_bib.format(library, style="apa")
