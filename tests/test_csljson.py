"""CSL-JSON export: our own mapping of the model, valid against the official CSL-JSON schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from hypothesis import given
from hypothesis import strategies as st

import belharbi_bib
from belharbi_bib.model import Field, Person, Record
from belharbi_bib.render.csljson import csl_names, csl_text, dumps, to_csl

SCHEMA = json.loads(
    (Path(__file__).resolve().parent / "data" / "schemas" / "csl-data.json").read_text("utf-8")
)


@pytest.fixture(scope="module")
def database() -> tuple[belharbi_bib.Library, belharbi_bib.VenueRegistry]:
    return belharbi_bib.load(), belharbi_bib.load_venues()


@pytest.fixture(scope="module")
def items(
    database: tuple[belharbi_bib.Library, belharbi_bib.VenueRegistry],
) -> dict[str, dict[str, Any]]:
    library, venues = database
    return {record.key: to_csl(record, venues) for record in library}


def test_bundled_database_validates_against_the_schema(
    database: tuple[belharbi_bib.Library, belharbi_bib.VenueRegistry],
) -> None:
    library, venues = database
    document = json.loads(dumps(library.records, venues))
    jsonschema.validate(document, SCHEMA)
    assert [item["id"] for item in document] == [r.key for r in library]


def test_dumps_is_deterministic_and_sorted(
    database: tuple[belharbi_bib.Library, belharbi_bib.VenueRegistry],
) -> None:
    library, venues = database
    first = dumps(library.records, venues)
    assert first == dumps(library.records, venues)
    assert first.endswith("]\n")
    item = json.loads(first)[0]
    assert list(item) == sorted(item)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("belharbi2022deepa", "article-journal"),
        ("belharbi2024srcaco2", "paper-conference"),
        ("guichemerre2024sourcefree", "paper-conference"),
        ("karimian2026longitudinal", "article"),
        ("belharbi2018neural", "thesis"),
        ("belharbi2024method", "patent"),
        ("belharbi2017neuralb", "speech"),
        ("belharbi2022deepb", "speech"),
        ("belharbi2024incorporating", "speech"),
        ("belharbi2026ambivalencehesitancyb", "event"),
    ],
)
def test_types_by_kind(items: dict[str, dict[str, Any]], key: str, expected: str) -> None:
    assert items[key]["type"] == expected


def test_journal_article(items: dict[str, dict[str, Any]]) -> None:
    item = items["belharbi2022deepa"]
    assert item["container-title"] == "IEEE Transactions on Medical Imaging"
    assert item["container-title-short"] == "TMI"
    assert (item["volume"], item["issue"], item["page"]) == ("41", "3", "702-714")
    assert item["DOI"] == "10.1109/TMI.2021.3123461"
    assert item["issued"] == {"date-parts": [[2022, 3]]}
    assert item["author"][3] == {"family": "Ben Ayed", "given": "Ismail"}


def test_preprint_follows_zotero_arxiv_conventions(items: dict[str, dict[str, Any]]) -> None:
    item = items["karimian2026longitudinal"]
    assert item["publisher"] == "arXiv"
    assert item["number"] == "arXiv:2603.15814"
    assert item["genre"] == "Preprint"
    assert item["URL"] == "https://arxiv.org/abs/2603.15814"


def test_thesis_patent_and_talk(items: dict[str, dict[str, Any]]) -> None:
    thesis = items["belharbi2018neural"]
    assert (thesis["genre"], thesis["publisher-place"]) == ("PhD thesis", "Rouen, France")
    assert thesis["publisher"].startswith("Normandie Université")
    patent = items["belharbi2024method"]
    assert (patent["number"], patent["genre"], patent["status"]) == (
        "US20240211541A1",
        "US Patent Application",
        "pending",
    )
    talk = items["belharbi2017neuralb"]
    assert talk["genre"] == "Talk"
    assert talk["event-title"] == talk["event"]
    assert talk["event-place"] == "Rouen, France"


def test_case_protection_becomes_nocase_spans(items: dict[str, dict[str, Any]]) -> None:
    assert items["belharbi2024srcaco2"]["title"] == (
        '<span class="nocase">SR-CACO-2</span>: <span class="nocase">A</span> Dataset for '
        "Confocal Fluorescence Microscopy Image Super-Resolution"
    )


@pytest.mark.parametrize(
    ("bibtex", "csl"),
    [
        (r"H{\'e}rault", "Hérault"),
        (r"{\'E}cole \& {CNN}", 'École & <span class="nocase">CNN</span>'),
        (r"\emph{Deep} nets", "<i>Deep</i> nets"),
        (
            "{Deep {CAM}} for {X}",
            '<span class="nocase">Deep CAM</span> for <span class="nocase">X</span>',
        ),
        ("a  {B}  c", 'a <span class="nocase">B</span> c'),
        ("", ""),
    ],
)
def test_csl_text(bibtex: str, csl: str) -> None:
    assert csl_text(bibtex) == csl


def test_names_particles_suffixes_and_others() -> None:
    people = (Person("Beethoven", "Ludwig", "van"), Person("King", "Martin Luther", "", "Jr."))
    assert csl_names(people) == [
        {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
        {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
    ]
    record = Record("k", "misc", (Field.of("author", "Doe, Jane and others"),))
    assert to_csl(record)["author"] == [{"family": "Doe", "given": "Jane"}]


def test_dates_from_date_field_and_month_macros() -> None:
    record = Record("k", "misc", (Field.of("date", "2024-05-03"), Field.of("year", "1999")))
    assert to_csl(record)["issued"] == {"date-parts": [[2024, 5, 3]]}
    record = Record("k", "misc", (Field.of("year", "2020"), Field.of("month", "11")))
    assert to_csl(record)["issued"] == {"date-parts": [[2020, 11]]}
    assert "issued" not in to_csl(Record("k", "misc", (Field.of("title", "x"),)))


@given(st.text(alphabet="ab {}\\'&%$_#^~<>\"", max_size=40))
def test_any_bibtex_text_gives_schema_valid_balanced_csl(text: str) -> None:
    record = Record("k", "article", (Field.of("title", text), Field.of("journal", text)))
    item = to_csl(record)
    jsonschema.validate([item], SCHEMA)
    title = item.get("title", "")
    assert title.count('<span class="nocase">') == title.count("</span>")
    assert title == title.strip()
