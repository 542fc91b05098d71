"""CV content: selection, merging of preprints, order, numbering, grouping, items' parts."""

from __future__ import annotations

from pathlib import Path

import pytest

import belharbi_bib
from belharbi_bib.curriculum import CvOptions, render
from belharbi_bib.curriculum.items import month_of, status_of
from belharbi_bib.curriculum.options import make_options
from belharbi_bib.curriculum.sections import GROUPS, Cv, build_cv
from belharbi_bib.kinds import KINDS
from belharbi_bib.model import Field, Library, Record
from belharbi_bib.problems import Severity
from belharbi_bib.select import Query
from belharbi_bib.venues import VenueRegistry

DATA = Path(__file__).parent / "data" / "cv"


@pytest.fixture(scope="module")
def library() -> Library:
    return belharbi_bib.load(DATA / "works.bib")


@pytest.fixture(scope="module")
def venues() -> VenueRegistry:
    return belharbi_bib.load_venues(DATA / "venues.toml")


def build(library: Library, venues: VenueRegistry, **options: object) -> Cv:
    return build_cv(library, make_options(**options), venues)  # type: ignore[arg-type]


def labels(cv: Cv) -> list[str]:
    return [item.label for item in cv.items]


def test_sections_follow_the_issue_order(library: Library, venues: VenueRegistry) -> None:
    cv = build(library, venues)
    assert [s.id for s in cv.sections] == [
        "journal",
        "conference",
        "workshop",
        "preprint",
        "thesis",
        "patent",
        "talk",
        "challenge",
        "poster",
    ]
    assert cv.sections[6].title == "Talks and tutorials"
    assert cv.sections[7].title == "Challenges organised"


def test_every_kind_has_a_section() -> None:
    assert sorted(k for g in GROUPS for k in g.kinds) == sorted(KINDS)
    assert len({g.prefix for g in GROUPS}) == len(GROUPS)


def test_numbering_per_section_newest_first(library: Library, venues: VenueRegistry) -> None:
    cv = build(library, venues)
    conference = next(s for s in cv.sections if s.id == "conference")
    assert [(i.label, i.year) for i in conference.items] == [
        ("C1", 2026),
        ("C2", 2022),
        ("C3", 2016),
    ]
    talks = next(s for s in cv.sections if s.id == "talk")
    assert [(i.label, i.key) for i in talks.items] == [
        ("TK1", "belharbi2022tutorial"),
        ("TK2", "belharbi2017representation"),
    ]
    assert labels(cv)[:2] == ["J1", "C1"]


def test_overall_count_and_numbers(library: Library, venues: VenueRegistry) -> None:
    cv = build(library, venues)
    assert cv.total == len(library) - 2  # two preprints merged into their published versions
    assert [item.number for item in cv.items] == list(range(1, cv.total + 1))
    assert cv.summary().startswith(f"{cv.total} works: 1 journal article, 3 conference papers")
    assert sum(count for _, count in cv.counts) == cv.total


def test_published_preprint_appears_once_under_its_venue_with_arxiv(
    library: Library, venues: VenueRegistry
) -> None:
    cv = build(library, venues)
    keys = [item.key for item in cv.items]
    assert "gonzalez2025multimodalarxiv" not in keys  # same arXiv id as the WACV paper
    assert "belharbi2021fcamarxiv" not in keys  # same title as the WACV 2022 paper
    fcam = next(item for item in cv.items if item.key == "belharbi2022fcam")
    assert fcam.kind == "conference"
    assert fcam.links[0].label == "arXiv"
    assert fcam.links[0].url == "https://arxiv.org/abs/2109.07069"
    merged = [p for p in cv.problems if p.code == "cv.preprint-merged"]
    assert {p.key for p in merged} == {"gonzalez2025multimodalarxiv", "belharbi2021fcamarxiv"}
    assert all(p.severity is Severity.INFO for p in merged)


def test_kinds_filter_and_order(library: Library, venues: VenueRegistry) -> None:
    cv = build(library, venues, kinds=["talk", "journal", "preprint"])
    assert [s.id for s in cv.sections] == ["talk", "journal", "preprint"]
    assert [i.key for i in cv.sections[0].items] == ["belharbi2017representation"]
    # A published preprint stays merged even when only preprints are asked for.
    assert [i.key for i in cv.sections[2].items] == ["murtaza2025tedloc"]
    # Labels number the works shown (the tutorial is left out: only talks were asked for).
    assert labels(cv) == ["TK1", "J1", "P1"]


def test_since_and_until(library: Library, venues: VenueRegistry) -> None:
    cv = build(library, venues, since=2022, until=2025)
    assert cv.items
    assert all(item.year is not None and 2022 <= item.year <= 2025 for item in cv.items)


def test_selected_uses_the_marker(library: Library, venues: VenueRegistry) -> None:
    cv = build(library, venues, selected=True)
    assert sorted(item.key for item in cv.items) == ["belharbi2022deep", "belharbi2022fcam"]
    assert not [p for p in cv.problems if p.code == "cv.none-selected"]


def test_selected_without_any_marker_warns() -> None:
    lib = belharbi_bib.loads("@misc{a, author={Belharbi, S.}, title={T}, year=2020}")
    cv = build_cv(lib, CvOptions(selected=True))
    assert cv.total == 0
    assert [p.code for p in cv.problems] == ["cv.none-selected"]
    assert cv.problems[0].severity is Severity.WARNING


def test_group_by_year(library: Library, venues: VenueRegistry) -> None:
    cv = build(library, venues, group_by="year")
    years = [int(s.id) for s in cv.sections]
    assert years == sorted(years, reverse=True)
    assert all(item.year == int(s.id) for s in cv.sections for item in s.items)
    by_kind = build(library, venues)
    # The per-kind labels are the same whatever the grouping.
    assert {i.key: i.label for i in cv.items} == {i.key: i.label for i in by_kind.items}
    assert [item.number for item in cv.items] == list(range(1, cv.total + 1))


def test_undated_works_come_last_with_a_warning() -> None:
    lib = belharbi_bib.loads(
        "@misc{a, author={Belharbi, S.}, title={Undated}}\n"
        "@misc{b, author={Belharbi, S.}, title={Dated}, year=2001}\n"
    )
    cv = build_cv(lib, CvOptions(group_by="year"))
    assert [s.title for s in cv.sections] == ["2001", "Undated"]
    assert [p.code for p in cv.problems] == ["cv.no-year"]


def test_owner_missing_is_reported(library: Library, venues: VenueRegistry) -> None:
    cv = build(library, venues)
    missing = [p for p in cv.problems if p.code == "cv.owner-missing"]
    assert [p.key for p in missing] == ["doe2020unrelated"]
    assert missing[0].line is not None
    assert missing[0].path is not None
    assert missing[0].path.endswith("works.bib")


def test_aliases_silence_owner_missing(library: Library, venues: VenueRegistry) -> None:
    cv = build(library, venues, aliases=["Jane Doe"])
    assert not [p for p in cv.problems if p.code == "cv.owner-missing"]


def test_items_parts(library: Library, venues: VenueRegistry) -> None:
    items = {item.key: item for item in build(library, venues).items}
    wacv = items["gonzalez2026multimodal"]
    assert wacv.venue_short == "WACV"
    assert wacv.venue_full == "IEEE/CVF Winter Conference on Applications of Computer Vision"
    assert wacv.venue_year == "WACV 2026"
    assert wacv.status == "to appear"
    assert [link.label for link in wacv.links] == ["arXiv", "Poster"]
    tmi = items["belharbi2022deep"]
    assert [link.label for link in tmi.links] == ["DOI", "arXiv", "Code"]  # publisher DOI first
    assert tmi.month == 3
    patent = items["belharbi2024method"]
    assert patent.status == "pending"
    assert patent.venue_year == "US Patent Application US20240211541A1, 2024"
    assert items["belharbi2016special"].venue_short.endswith("(RFIA)")  # not in the registry


def test_full_venue_names(library: Library, venues: VenueRegistry) -> None:
    items = {item.key: item for item in build(library, venues, full_venues=True).items}
    assert items["belharbi2022deep"].venue_year == "IEEE Transactions on Medical Imaging (TMI) 2022"


def test_max_authors_keeps_the_owner(library: Library, venues: VenueRegistry) -> None:
    items = {item.key: item for item in build(library, venues, max_authors=3).items}
    kollias = items["kollias2025advancements"]
    assert len(kollias.authors.people) == 4  # two authors, a gap, the owner
    assert kollias.authors.owner_flags[-1]
    assert kollias.authors.et_al


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"pubstate": "forthcoming"}, "to appear"),
        ({"pubstate": "accepted"}, "accepted"),
        ({"pubstate": "inpress"}, "in press"),
        ({"pubstate": "published"}, None),
        ({}, None),
        ({"pubstate": "under review"}, "under review"),
    ],
)
def test_status(fields: dict[str, str], expected: str | None) -> None:
    record = Record("k", "misc", tuple(Field.of(k, v) for k, v in fields.items()))
    assert status_of(record) == expected


@pytest.mark.parametrize(("raw", "month"), [("jun", 6), ("{June}", 6), ("{12}", 12), ("{x}", None)])
def test_month(raw: str, month: int | None) -> None:
    assert month_of(Record("k", "misc", (Field("month", raw),))) == month


def test_bundled_database() -> None:
    library = belharbi_bib.load()
    result = render(library, CvOptions())
    # Every work of the bundled database is listed once (no preprint of a published one).
    cv = build_cv(library, CvOptions(), belharbi_bib.load_venues())
    merged = {p.key for p in cv.problems if p.code == "cv.preprint-merged"}
    assert cv.total + len(merged) == len(library)
    assert result.text.count("\n* ") == cv.total
    assert "**Soufiane Belharbi**" in result.text
    assert "WACV 2022" in result.text  # short venue names from the bundled registry


def test_query_filters_are_applied(library: Library, venues: VenueRegistry) -> None:
    options = CvOptions(query=Query(text="histology"))
    cv = build_cv(library, options, venues)
    assert [item.key for item in cv.items] == ["belharbi2022deep"]


@pytest.mark.parametrize(
    "bad",
    [{"to": "pdf"}, {"group_by": "venue"}, {"kinds": ["journals"]}, {"max_authors": 0}],
)
def test_bad_options_raise(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        make_options(**bad)  # type: ignore[arg-type]


def test_an_owner_in_no_work_is_said_once_not_per_work() -> None:
    text = "".join(
        f"@article{{k{i}, author = {{Doe, Jane and Roe, Richard}}, title = {{T{i}}},"
        f" journal = {{J}}, year = {{20{10 + i}}}}}\n"
        for i in range(5)
    )
    library = belharbi_bib.loads(text, "other.bib")
    cv = build_cv(library, CvOptions())
    codes = [p.code for p in cv.problems]
    assert "cv.owner-missing" not in codes
    absent = [p for p in cv.problems if p.code == "cv.owner-absent"]
    assert len(absent) == 1
    assert absent[0].path == "other.bib"
    assert "none of the 5 works" in absent[0].message
