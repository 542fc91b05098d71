"""The readers of `add` and `discover`: recorded answers, and the documented shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_enrich_fakes import dblp_element, openreview_note, orcid_group

from belharbi_bib.enrichment import arxiv, crossref, dblp, openreview, orcid
from belharbi_bib.enrichment.atom import parse_feed
from belharbi_bib.intake.build import draft_of, new_venue

# Recorded answers (../shared/fixtures/http) -------------------------------------------


def test_recorded_crossref_work_becomes_an_entry(shared_dir: Path) -> None:
    path = (
        shared_dir
        / "fixtures/http/crossref/crossref_work_10.1016_j.neurobiolaging.2010.03.024.json"
    )
    url = "https://api.crossref.org/works/10.1016/j.neurobiolaging.2010.03.024"
    work = crossref.as_work(crossref.parse_work(path.read_bytes()), url)
    draft = draft_of(work)
    record = draft.record
    assert record.entry_type == "article"
    assert record.field("journal") == "Neurobiology of Aging"
    assert (record.field("volume"), record.field("number")) == ("33", "3")
    assert record.field("pages") == "588--602"
    assert record.field("doi") == "10.1016/j.neurobiolaging.2010.03.024"
    assert (record.field("author") or "").count(" and ") == len(work.authors) - 1
    assert draft.sources["journal"] == [url]
    assert draft.sources["venue"] == [url]


def test_recorded_proceedings_article_without_a_date(shared_dir: Path) -> None:
    path = shared_dir / "fixtures/http/crossref/crossref_work_10.1109_icdcsw.2003.1203662.json"
    work = crossref.as_work(crossref.parse_work(path.read_bytes()), "u")
    record = draft_of(work).record
    assert record.entry_type == "inproceedings"
    assert record.field("pages") == "877--882"
    assert record.field("year") is None  # [[null]] is no year: absent, not invented


def test_recorded_article_number_is_the_pages(shared_dir: Path) -> None:
    path = shared_dir / "fixtures/http/crossref/crossref_work_10.1038_srep16696.json"
    record = draft_of(crossref.as_work(crossref.parse_work(path.read_bytes()), "u")).record
    assert record.field("pages") == "16696"


def test_recorded_arxiv_entry_becomes_a_preprint(shared_dir: Path) -> None:
    path = shared_dir / "fixtures/http/arxiv/arxiv_idlist_single_1605.08386.xml"
    entry = parse_feed(path.read_bytes()).entries[0]
    record = draft_of(
        arxiv.as_work(entry, "https://export.arxiv.org/api/query?id_list=1605.08386")
    ).record
    assert record.entry_type == "misc"
    assert record.field("eprint") == "1605.08386"
    assert record.field("howpublished") == "arXiv preprint arXiv:1605.08386"
    assert record.field("url") == "https://arxiv.org/abs/1605.08386"
    assert record.field("doi") is None


def test_recorded_arxiv_author_names_keep_their_accents(shared_dir: Path) -> None:
    path = shared_dir / "fixtures/http/arxiv/arxiv_idlist_multi_0808.05394_1707.08567.xml"
    entry = parse_feed(path.read_bytes()).entries[0]
    record = draft_of(arxiv.as_work(entry, "u")).record
    assert "Wübben" in (record.field("author") or "")


# DBLP record and person XML ------------------------------------------------------------


def test_dblp_person_page_lists_records_and_spots_corr() -> None:
    records = [
        dblp_element("conf/wacv/X22", "A Paper", ("A B", "C D"), 2022, venue="WACV",
                     pages="1-10", ee=("https://doi.org/10.1109/WACV.2022.1",)),
        dblp_element("journals/corr/abs-2201-02445", "A Preprint", ("A B",), 2022,
                     kind="article", venue="CoRR", volume="abs/2201.02445",
                     ee=("https://doi.org/10.48550/arXiv.2201.02445",)),
    ]  # fmt: skip
    body = f'<dblpperson name="A B" pid="1/2"><r>{records[0]}</r><r>{records[1]}</r></dblpperson>'
    paper, preprint = dblp.parse_records(body.encode(), "u")
    assert (paper.entry_type, paper.venue, paper.doi) == (
        "inproceedings",
        "WACV",
        "10.1109/WACV.2022.1",
    )
    assert paper.title == "A Paper"  # DBLP's final period dropped
    assert preprint.informal
    assert (preprint.entry_type, preprint.venue, preprint.arxiv, preprint.doi) == (
        "misc",
        "",
        "2201.02445",
        "",
    )


@pytest.mark.parametrize(
    "body",
    [b"<html>busy</html", b"<html></html>", b'<!DOCTYPE x [<!ENTITY a "b">]><dblp/>'],
)
def test_dblp_garbage_is_a_shape_error(body: bytes) -> None:
    with pytest.raises(dblp.ShapeError):
        dblp.parse_records(body, "u")


# OpenReview (API v2, and v1's bare values) ----------------------------------------------


def test_openreview_v2_note_and_replies() -> None:
    note = openreview_note("FF6XuIyeF6V", "Negative Evidence Matters", ("A B", "C D"),
                           ("~A_B1", "~C_D1"), "MIDL 2022")  # fmt: skip
    review = {"id": "r1", "forum": "FF6XuIyeF6V", "content": {"title": {"value": "Review"}}}
    body = json.dumps({"notes": [note, review], "count": 2}).encode()
    (work,) = openreview.parse_notes(body, "u")
    assert (work.entry_type, work.venue, work.year) == ("inproceedings", "MIDL", 2022)
    assert work.link == "https://openreview.net/forum?id=FF6XuIyeF6V"
    assert work.authors == ("A B", "C D")


def test_openreview_v1_note_and_unpublished_submission() -> None:
    note = {
        "id": "wrz7c--ACPC",
        "forum": "wrz7c--ACPC",
        "content": {"title": "Leveraging Uncertainty", "authors": ["A B"],
                    "venue": "Submitted to MIDL 2020"},
        "cdate": 1577836800000,
    }  # fmt: skip
    (work,) = openreview.parse_notes(json.dumps({"notes": [note]}).encode(), "u")
    assert (work.entry_type, work.venue, work.year) == ("misc", "", 2020)


@pytest.mark.parametrize("body", [b"not json", b'{"notes": 3}', b"[]"])
def test_openreview_garbage_is_a_shape_error(body: bytes) -> None:
    with pytest.raises(openreview.ShapeError):
        openreview.parse_notes(body, "u")


# ORCID (public API v3.0 works) ----------------------------------------------------------


def test_orcid_works() -> None:
    arxiv_doi = orcid_group(2, "A Preprint", "preprint", 2023, doi="10.48550/arXiv.2303.09044")
    groups = [
        orcid_group(1, "A Journal Paper", "journal-article", 2024, doi="10.1016/J.X.1",
                    journal="Medical Image Analysis"),
        arxiv_doi,
        {"external-ids": None, "work-summary": []},
    ]  # fmt: skip
    paper, preprint = orcid.parse_works(json.dumps({"group": groups}).encode(), "u")
    assert (paper.entry_type, paper.venue, paper.doi, paper.year) == (
        "article",
        "Medical Image Analysis",
        "10.1016/J.X.1",
        2024,
    )
    assert (preprint.arxiv, preprint.doi, preprint.entry_type) == ("2303.09044", "", "misc")
    assert paper.authors == ()


@pytest.mark.parametrize("body", [b"<xml/>", b'{"group": {}}'])
def test_orcid_garbage_is_a_shape_error(body: bytes) -> None:
    with pytest.raises(orcid.ShapeError):
        orcid.parse_works(body, "u")


def test_new_venue_ids_do_not_collide() -> None:
    taken = {"midl": object()}
    venue = new_venue("Medical Imaging with Deep Learning (MIDL)", "inproceedings", taken)
    assert (venue.id, venue.short) == ("midl2", "MIDL")
    assert new_venue("CVPR Workshop", "inproceedings", {}).kind.value == "workshop"
