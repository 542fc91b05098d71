"""Matching and merging: the safety rules, as examples and as properties."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from belharbi_bib.enrichment.evidence import Evidence, Fact, braced, doi_fact
from belharbi_bib.enrichment.matching import (
    choose,
    title_similarity,
    title_words,
)
from belharbi_bib.enrichment.merge import ADDED, FORCED, KEPT, REJECTED, SAME, SKIPPED, merge
from belharbi_bib.model import Field, Person, Record


def entry(entry_type: str = "misc", **fields: str) -> Record:
    return Record("k", entry_type, tuple(Field.of(name, value) for name, value in fields.items()))


def evidence(*facts: Fact, entry_type: str | None = None, source: str = "dblp") -> Evidence:
    return Evidence(source, "http://x.test/q", 1.0, facts, entry_type, label="id:1")


PREPRINT = entry(
    "misc",
    author="Belharbi, Soufiane and Granger, Eric",
    title="Deep Weakly Supervised Localization",
    howpublished="arXiv preprint arXiv:2101.00001",
    year="2021",
    eprint="2101.00001",
    archiveprefix="arXiv",
)


# Matching ----------------------------------------------------------------------------------


def test_title_similarity_ignores_case_braces_latex_and_punctuation() -> None:
    assert (
        title_similarity("{F}-{CAM}: Full Resolution {CAM}", "F-CAM -- full resolution CAM.") == 1
    )
    assert title_similarity("{\\'E}tude", "Étude") == 1
    assert title_similarity("", "x") == 0


def test_choose_needs_title_and_author() -> None:
    people = (Person("Belharbi", "Soufiane"),)
    title = "Deep Weakly Supervised Localization"
    good = Evidence("arxiv", "u", 0, (), label="a", title=title, authors=("S. Belharbi",))
    other_author = Evidence("arxiv", "u", 0, (), label="b", title=title, authors=("J. Doe",))
    other_title = Evidence(
        "arxiv", "u", 0, (), label="c", title="Shallow nets", authors=("S. Belharbi",)
    )
    choice = choose(title, people, [other_author, other_title, good])
    assert choice.match is not None
    assert choice.match.label == "a"
    assert choice.match.score == 1.0
    assert choose(title, people, [other_author, other_title]).match is None


def test_choose_reports_ambiguity_between_different_works() -> None:
    people = (Person("Belharbi", "Soufiane"),)
    title = "Deep Weakly Supervised Localization"
    hits = [
        Evidence("dblp", "u", 0, (), label=label, title=title, authors=("Soufiane Belharbi",))
        for label in ("conf/x", "journals/y")
    ]
    choice = choose(title, people, hits)
    assert choice.match is None
    assert [h.label for h in choice.ambiguous] == ["conf/x", "journals/y"]
    same_work = choose(title, people, [hits[0], hits[0]])
    assert same_work.match is not None
    assert not same_work.ambiguous


def test_surnames_compare_last_words_and_drop_homonym_numbers() -> None:
    people = (Person("Ben Ayed", "Ismail"),)
    hit = Evidence("dblp", "u", 0, (), label="a", title="T T", authors=("Ismail Ben Ayed 0001",))
    assert choose("T T", people, [hit]).match is not None


@given(st.text(alphabet=string.ascii_letters + " -:{}", min_size=1, max_size=60))
def test_a_title_matches_itself(title: str) -> None:
    expected = 1.0 if title_words(title) else 0.0
    assert title_similarity(title, title) == expected


# Merging ------------------------------------------------------------------------------------


def test_missing_fields_are_added_existing_ones_kept() -> None:
    facts = (Fact("year", "{2022}"), Fact("pages", "{1--10}"))
    merged, decisions, problems = merge(PREPRINT, evidence(*facts))
    assert merged.field("year") == "2021"  # kept
    assert merged.field("pages") == "1--10"  # added
    assert [d.status for d in decisions] == [KEPT, ADDED]
    assert [p.code for p in problems] == ["enrich.conflict"]
    assert "--force year" in problems[0].message


def test_force_overwrites_only_the_named_fields() -> None:
    facts = (Fact("year", "{2022}"), Fact("title", "{Another Title}"))
    merged, decisions, _ = merge(PREPRINT, evidence(*facts), force=["YEAR"])
    assert merged.field("year") == "2022"
    assert merged.title == PREPRINT.title
    assert [d.status for d in decisions] == [FORCED, KEPT]


def test_equal_values_in_other_spellings_are_the_same() -> None:
    facts = (
        Fact("title", "{Deep weakly-supervised localization.}"),
        Fact("author", "{Soufiane Belharbi and Eric Granger}"),
    )
    merged, decisions, problems = merge(PREPRINT, evidence(*facts))
    assert merged is PREPRINT
    assert [d.status for d in decisions] == [SAME, SAME]
    assert problems == []


def test_preprint_doi_is_never_taken_as_published() -> None:
    assert doi_fact("10.1101/2020.01.01.123") is None
    assert doi_fact("https://doi.org/10.2139/ssrn.2250500") is None
    merged, decisions, problems = merge(
        PREPRINT, evidence(Fact("doi", "{10.48550/arXiv.2101.00001}"))
    )
    assert "doi" not in merged
    assert decisions[0].status == REJECTED
    assert problems[0].code == "enrich.preprint-doi"


def test_preprint_becomes_published_and_keeps_its_arxiv_id() -> None:
    facts = (
        Fact("booktitle", "{Winter Conference on Applications of Computer Vision}"),
        Fact("venueid", "{wacv}"),
        Fact("pages", "{1--10}"),
        Fact("doi", "{10.1109/WACV.2022.1}"),
    )
    merged, decisions, _ = merge(
        PREPRINT, evidence(*facts, entry_type="inproceedings"), preprint=True
    )
    assert merged.entry_type == "inproceedings"
    assert merged.arxiv is not None
    assert merged.arxiv.id == "2101.00001"
    assert merged.field("howpublished") == PREPRINT.field("howpublished")  # nothing deleted
    assert merged.field("doi") == "10.1109/WACV.2022.1"
    assert decisions[-1].field is None
    assert decisions[-1].offered == "@inproceedings"


def test_published_entry_is_not_retyped_and_other_venue_kinds_are_skipped() -> None:
    paper = entry("inproceedings", title="T", booktitle="WACV")
    facts = (Fact("journal", "{Pattern Recognition}"), Fact("volume", "{3}"))
    merged, decisions, _ = merge(paper, evidence(*facts, entry_type="article"), preprint=False)
    assert merged.entry_type == "inproceedings"
    assert "journal" not in merged
    assert [d.status for d in decisions] == [SKIPPED, ADDED]


def test_preprint_dates_are_offered_to_preprints_only() -> None:
    paper = entry("inproceedings", title="T", booktitle="WACV")
    facts = (Fact("year", "{2021}", True), Fact("month", "jan", True))
    merged, decisions, _ = merge(paper, evidence(*facts, source="arxiv"), preprint=False)
    assert merged is paper
    assert {d.status for d in decisions} == {SKIPPED}


def test_promotion_needs_a_venue() -> None:
    merged, _, _ = merge(
        PREPRINT, evidence(Fact("pages", "{1--2}"), entry_type="inproceedings"), preprint=True
    )
    assert merged.entry_type == "misc"


_NAMES = st.sampled_from(["title", "year", "pages", "volume", "doi", "journal", "note", "month"])
_VALUES = st.text(alphabet=string.ascii_letters + string.digits + " .-", min_size=1, max_size=12)


@settings(max_examples=200)
@given(
    st.dictionaries(_NAMES, _VALUES, max_size=6),
    st.lists(st.tuples(_NAMES, _VALUES), max_size=8),
    st.frozensets(_NAMES, max_size=3),
    st.sampled_from([None, "article", "inproceedings"]),
    st.booleans(),
)
def test_merge_never_removes_and_only_overwrites_forced_fields(
    existing: dict[str, str],
    offered: list[tuple[str, str]],
    force: frozenset[str],
    entry_type: str | None,
    preprint: bool,
) -> None:
    record = entry("misc", **existing)
    facts = tuple(Fact(name, braced(value)) for name, value in offered)
    merged, decisions, _ = merge(record, evidence(*facts, entry_type=entry_type), force=force,
                                 preprint=preprint)  # fmt: skip
    for item in record.fields:
        kept = merged.get(item.name)
        assert kept is not None, f"{item.name} was removed"
        if item.name not in force and item.value.strip():  # an empty field counts as missing
            assert kept.raw == item.raw, f"{item.name} was overwritten without --force"
    assert len(decisions) >= len(facts)
    assert all(d.status in {ADDED, FORCED, SAME, KEPT, SKIPPED, REJECTED} for d in decisions)
    doi = merged.field("doi")
    assert doi is None or doi == record.field("doi") or not doi.startswith("10.48550/")


@pytest.mark.parametrize(
    ("field", "current", "offered", "same"),
    [
        ("pages", "1--5", "1-5", True),
        ("month", "March", "mar", True),
        ("title", "Deep {CAM}", "Deep CAM", True),
        ("author", "Doe, Jane", "Jane Doe and John Roe", False),
        ("volume", "3", "4", False),
    ],
)
def test_same_value_rules(field: str, current: str, offered: str, same: bool) -> None:
    from belharbi_bib.enrichment.merge import is_same

    assert is_same(field, current, offered) is same


def test_month_follows_the_year_of_the_same_source() -> None:
    facts = (Fact("year", "{2022}"), Fact("month", "jun"))
    merged, decisions, _ = merge(PREPRINT, evidence(*facts))
    assert merged.field("month") is None  # year 2021 kept, so June 2022's month is not taken
    assert [d.status for d in decisions] == [KEPT, SKIPPED]
    agreeing = (Fact("year", "{2021}"), Fact("month", "jun"))
    merged, decisions, _ = merge(PREPRINT, evidence(*agreeing))
    assert merged.field("month") == "jun"


def test_an_empty_field_counts_as_missing() -> None:
    blank = entry("article", title="T", doi=" ")
    merged, decisions, _ = merge(blank, evidence(Fact("doi", "{10.1109/X.1}")))
    assert merged.field("doi") == "10.1109/X.1"
    assert decisions[0].status == ADDED
    assert decisions[0].before == "{ }"
