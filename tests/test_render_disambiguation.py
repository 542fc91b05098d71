"""The CSL gaps we close: year suffixes, numbers, repeated authors, order, group suppression."""

from __future__ import annotations

import pytest

import belharbi_bib
from belharbi_bib.model import Field, Record
from belharbi_bib.render import format
from belharbi_bib.render.disambiguation import (
    name_expansions,
    sort_order,
    substitute_authors,
    suffix_letters,
    year_suffixes,
)


@pytest.fixture(scope="module")
def database() -> tuple[belharbi_bib.Library, belharbi_bib.VenueRegistry]:
    return belharbi_bib.load(), belharbi_bib.load_venues()


def _entry(text: str, start: str) -> str:
    return next(p for p in text.split("\n\n") if p.startswith(start))


def test_apa_year_suffixes_tell_same_author_year_works_apart(
    database: tuple[belharbi_bib.Library, belharbi_bib.VenueRegistry],
) -> None:
    library, venues = database
    text = format(library, style="apa", venues=venues)
    assert "Belharbi, S. (2024a). Method and System" in text
    assert "Belharbi, S. (2024b). Incorporating Affective Computing" in text
    assert (
        "Belharbi, S. (2026a). Ambivalence/Hesitancy (AH) Video Recognition Challenge, 2nd" in text
    )
    # the same six authors twice in 2022: suffixes; other 2022 lists differ: told apart by names
    # letters follow the bibliography order (citeproc-js): same authors and date, then title
    assert "McCaffrey, L., & Granger, E. (2022a). Leveraging Uncertainty" in text
    assert "McCaffrey, L., & Granger, E. (2022b). Deep Interpretable" in text
    assert "Granger, E. (2022). Negative Evidence" in text


def test_ieee_numbers_follow_the_list(
    database: tuple[belharbi_bib.Library, belharbi_bib.VenueRegistry],
) -> None:
    library, venues = database
    text = format(library, style="ieee", venues=venues)
    paragraphs = text.rstrip("\n").split("\n\n")
    numbers = [f"[{i}]" for i in range(1, len(library) + 1)]
    assert [p.split(" ", 1)[0] for p in paragraphs] == numbers
    # "[Online]" is a nested group of terms beside an empty "accessed" date: it renders, so the
    # enclosing group does too (CSL 1.0.2 § Group, as citeproc-js prints it)
    assert "2026. [Online]. Available: https://affective-behavior-analysis" in text


def test_chicago_substitutes_repeated_authors(
    database: tuple[belharbi_bib.Library, belharbi_bib.VenueRegistry],
) -> None:
    library, venues = database
    text = format(library, style="chicago-author-date", venues=venues)
    assert "\n\n———. 2023. “Leveraging Artificial Intelligence" in text
    assert text.count("Belharbi, Soufiane. ") == 1


def test_title_case_keeps_case_protected_words_and_hyphens(
    database: tuple[belharbi_bib.Library, belharbi_bib.VenueRegistry],
) -> None:
    library, venues = database
    text = format(library, style="chicago-author-date", venues=venues)
    assert "Affective & Behavior Analysis in-the-Wild (ABAW)" in text
    assert "Deep Multi-Task Learning with Evolving Weights" in text


def test_mla_keeps_given_names_whole(
    database: tuple[belharbi_bib.Library, belharbi_bib.VenueRegistry],
) -> None:
    library, venues = database
    text = format(library, style="mla", venues=venues)
    assert "Aslam, Muhammad Haseeb, et al." in text


def test_implicit_year_suffix_is_added_to_the_year() -> None:
    records = [
        Record("a1", "article", tuple(Field.of(k, v) for k, v in fields))
        for fields in (
            (
                ("author", "Doe, Jane and Roe, Rick and Moe, Mo"),
                ("title", "First"),
                ("year", "2020"),
                ("journal", "J"),
            ),
            (
                ("author", "Doe, Jane and Roe, Rick and Moe, Mo"),
                ("title", "Second"),
                ("year", "2020"),
                ("journal", "J"),
            ),
        )
    ]
    records[1] = Record("a2", "article", records[1].fields)
    text = format(records, style="elsevier-harvard")
    assert "2020a. First" in text
    assert "2020b. Second" in text


def test_suffix_letters_and_ambiguity() -> None:
    assert [suffix_letters(i) for i in (0, 1, 25, 26, 51, 52)] == ["a", "b", "z", "aa", "az", "ba"]
    cites = {"x": "(D 2020)", "y": "(D 2020)", "z": "(E 2020)"}
    assert year_suffixes(["y", "x", "z"], cites, {}, add_names=False) == {"y": "a", "x": "b"}


def test_name_expansion_stops_when_nothing_more_can_be_told_apart() -> None:
    cites = dict.fromkeys("abc", "(D et al.)")
    signatures = {"a": ("D", "E", "F"), "b": ("D", "E", "F"), "c": ("D", "E", "F")}
    assert name_expansions(list("abc"), cites, signatures) == {}


def test_sort_order_is_stable_and_numeric_aware() -> None:
    keys: dict[str, list[str | None]] = {
        "a": ["b", "10"],
        "b": ["b", "9"],
        "c": ["a", None],
        "d": [None, "1"],
    }
    assert sort_order(list("abcd"), keys, [False, False]) == ["c", "b", "a", "d"]
    assert sort_order(list("abcd"), keys, [False, True]) == ["c", "a", "b", "d"]


def test_substitution_needs_the_same_names_in_the_previous_entry() -> None:
    out = substitute_authors(["A", "B", "B"], ["A. x", "B. y", "B. z"], "——")
    assert out == ["A. x", "B. y", "——. z"]
    assert substitute_authors(["A", "A"], ["A x", "A y"], "—", "partial-each") == ["A x", "A y"]
