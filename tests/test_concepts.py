"""One definition per concept: every consumer of months and of folding gives the same answer."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from belharbi_bib import dates, folding, names
from belharbi_bib.curriculum.items import month_of
from belharbi_bib.enrichment import matching
from belharbi_bib.exports import dialects
from belharbi_bib.model import Field, Record
from belharbi_bib.normalize import folding as normalize_folding
from belharbi_bib.normalize import months as normalize_months
from belharbi_bib.render.csljson import csl_date
from belharbi_bib.values import MONTH_MACROS

MONTH_INPUTS = [
    *MONTH_MACROS,
    *MONTH_MACROS.values(),
    "JUNE",
    "Sept.",
    "sept",
    "06",
    "6",
    "12",
    "juin",
    "Août",
    "aout",
    "Décembre",
    "février",
    "juil.",
    "Juneteenth",
    "Spring",
    "June 15",
    "13",
    "0",
    "",
    "janvier",
    "Mayday",
    "dec.",
    "٣",
]


def _record(month: str) -> Record:
    return Record("k", "misc", (Field.of("year", "2020"), Field.of("month", month)))


def _csl_month(month: str) -> int | None:
    date = csl_date(_record(month))
    assert date is not None
    parts = date["date-parts"][0]
    return parts[1] if len(parts) > 1 else None


@pytest.mark.parametrize("text", MONTH_INPUTS)
def test_every_month_consumer_agrees(text: str) -> None:
    number = dates.month_number(text)
    macro = normalize_months.month_macro(text)
    assert macro == (tuple(MONTH_MACROS)[number - 1] if number else None)
    assert month_of(_record(text)) == number
    assert _csl_month(text) == number
    assert vars(dialects)["month_number"] is dates.month_number  # the export uses the one parser


def test_month_examples_from_the_issue() -> None:
    assert [dates.month_number(t) for t in ("juin", "Août", "Juneteenth")] == [6, 8, None]


@given(st.text(max_size=12))
def test_month_consumers_agree_on_any_text(text: str) -> None:
    number = dates.month_number(text)
    assert number is None or 1 <= number <= 12
    assert month_of(_record(text)) == number
    assert normalize_months.month_macro(text) == dates.month_macro(text)


LATEX_PIECES = [
    r"{\'E}cole",
    r"H\'{e}rault",
    r"{\"O}zg{\"u}r",
    r"{\o}rsted",
    r"{\L}{\'o}d{\'z}",
    r"Stra{\ss}e",
    r"\c{C}a\u{g}lar",
    r"{CAM}",
    r"\emph{Deep}",
]
LETTERS = "abcXYZ019 -:,.'ØøŁłßÆæŒœÉéÅåİıĦħΑλφЖжß中文{}"


def _all_folds(text: str) -> list[str]:
    return [
        folding.fold(text),
        names.fold(text),
        normalize_folding.fold_title(text),
        "".join(matching.title_words(text)),
    ]


@pytest.mark.parametrize("text", [*LATEX_PIECES, "Ørsted and Łódź", "Deep {CAM}: a survey"])
def test_every_fold_consumer_agrees(text: str) -> None:
    folds = _all_folds(text)
    assert len(set(folds)) == 1, folds


@given(st.text(alphabet=LETTERS, max_size=30))
def test_fold_consumers_agree_on_any_text(text: str) -> None:
    folds = _all_folds(text)
    assert len(set(folds)) == 1, folds


@given(st.lists(st.sampled_from([*LATEX_PIECES, "and", "the", "Ørsted", " "]), max_size=6))
def test_fold_consumers_agree_on_latex(pieces: list[str]) -> None:
    text = " ".join(pieces)
    folds = _all_folds(text)
    assert len(set(folds)) == 1, folds


def test_no_letter_is_lost_in_search_words() -> None:
    """arXiv title search keeps Ø and Ł (as o and l), and words of other scripts."""
    assert matching.title_words("Ørsted and Łódź") == ("orsted", "and", "lodz")
    assert matching.title_words("Ελληνικά") == ("ελληνικα",)


def test_keys_stay_ascii() -> None:
    assert normalize_folding.ascii_fold("Ørsted Ελληνικά") == "orsted"


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_the_ascii_fold_shortcut_is_the_general_fold(text: str) -> None:
    """ASCII text without commands folds by deleting bytes: the same as the general path."""
    assert normalize_folding.fold_title(text) == folding.fold_plain(normalize_folding.plain(text))
    assert normalize_folding.ascii_fold(text) == folding.fold_plain(
        normalize_folding.plain(text), ascii=True
    )
    for ascii in (False, True):  # the byte-deleting fold of ASCII text is the word fold
        assert folding.fold_plain(text, ascii=ascii) == "".join(
            folding.words_of_plain(text, ascii=ascii)
        )
