"""Parsers on the real recorded responses in ../shared/fixtures/http (and a few synthetic ones)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from belharbi_bib.enrichment import arxiv, crossref, dblp
from belharbi_bib.enrichment.atom import FeedError, parse_feed
from belharbi_bib.model import Venue, VenueKind
from belharbi_bib.venues import VenueRegistry


@pytest.fixture(scope="module")
def http_dir(shared_dir: Path) -> Path:
    return shared_dir / "fixtures" / "http"


def read(http_dir: Path, name: str) -> bytes:
    return (http_dir / name).read_bytes()


# arXiv -----------------------------------------------------------------------------------


def test_arxiv_single_unversioned_request_gets_versioned_id(http_dir: Path) -> None:
    feed = parse_feed(read(http_dir, "arxiv/arxiv_idlist_single_1605.08386.xml"))
    (entry,) = feed.entries
    assert (entry.id.id, entry.id.version) == ("1605.08386", 1)
    assert entry.primary_class is not None
    assert entry.published.startswith("2016-05")
    assert (entry.year, entry.month) == (2016, 5)
    assert feed.total == 1


def test_arxiv_title_zero_is_kept(http_dir: Path) -> None:
    feed = parse_feed(read(http_dir, "arxiv/arxiv_idlist_single_versioned_2104.12255v1.xml"))
    (entry,) = feed.entries
    assert entry.title == "0"
    assert entry.primary_class == "cs.CR"
    assert str(entry.id) == "2104.12255v1"


def test_arxiv_old_style_id_with_journal_ref(http_dir: Path) -> None:
    feed = parse_feed(read(http_dir, "arxiv/arxiv_idlist_oldstyle_astro-ph_0601001.xml"))
    (entry,) = feed.entries
    assert entry.id.id == "astro-ph/0601001"
    assert entry.journal_ref == "ActaAstron.56:1-50,2006"
    assert entry.authors == ("Andrew Gould", "Susan Dorsher", "B. Scott Gaudi", "Andrzej Udalski")
    facts = {f.field: f.raw for f in arxiv.evidence(entry, "u").facts}
    assert facts["eprint"] == "{astro-ph/0601001}"
    assert facts["primaryclass"] == "{astro-ph}"


def test_arxiv_old_style_versioned_cross_listed(http_dir: Path) -> None:
    feed = parse_feed(
        read(http_dir, "arxiv/arxiv_idlist_oldstyle_versioned_quant-ph_0201082v1.xml")
    )
    (entry,) = feed.entries
    assert (entry.id.id, entry.id.version) == ("quant-ph/0201082", 1)
    assert entry.primary_class == "quant-ph"


def test_arxiv_batch_with_a_missing_id_maps_by_id(http_dir: Path) -> None:
    feed = parse_feed(read(http_dir, "arxiv/arxiv_idlist_multi_0808.05394_1707.08567.xml"))
    assert [e.id.id for e in feed.entries] == ["1707.08567"]
    (entry,) = feed.entries
    assert len(entry.authors) == 34
    assert any("Wübben" in name for name in entry.authors)  # UTF-8 read correctly


@pytest.mark.parametrize(
    "name",
    ["arxiv/arxiv_idlist_nonexistent_0808.05394.xml", "arxiv/arxiv_idlist_empty_0000.0000.xml"],
)
def test_arxiv_empty_feeds(http_dir: Path, name: str) -> None:
    feed = parse_feed(read(http_dir, name))
    assert (feed.entries, feed.total, feed.error) == ((), 0, None)


def test_arxiv_error_feed(http_dir: Path) -> None:
    feed = parse_feed(read(http_dir, "arxiv/arxiv_error_incorrect_id_format_abc.xml"))
    assert feed.error == "incorrect id format for abc"
    assert feed.entries == ()


def test_arxiv_search_with_doi_and_journal_ref(http_dir: Path) -> None:
    feed = parse_feed(read(http_dir, "arxiv/arxiv_search_all_testing_max10.xml"))
    assert len(feed.entries) == 10
    first = feed.entries[0]
    assert first.title.startswith("Testing Deep Learning Models")
    assert first.doi == "10.1109/ICSTW55395.2022.00035"
    facts = {f.field: f.raw for f in arxiv.evidence(first, "u").facts}
    assert facts["doi"] == "{10.1109/ICSTW55395.2022.00035}"


def test_arxiv_legacy_multiline_title_is_collapsed(http_dir: Path) -> None:
    feed = parse_feed(read(http_dir, "arxiv/arxiv_legacy2016_idlist_1111.2011v2.xml"))
    (entry,) = feed.entries
    assert entry.title == (
        "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"
    )
    assert "\n" not in entry.title
    assert entry.authors[:2] == ("James M. Murray", "Adrian Del Maestro")


@pytest.mark.parametrize(
    "name",
    [
        "arxiv/arxiv_legacy2016_search_au_AND_ti_checkerboard.xml",
        "arxiv/arxiv_legacy2016_search_au_AND_ti_phrase_quantum_criticality.xml",
        "arxiv/arxiv_legacy2016_search_au_ANDNOT_ti_group.xml",
    ],
)
def test_arxiv_legacy_searches_parse(http_dir: Path, name: str) -> None:
    feed = parse_feed(read(http_dir, name))
    assert feed.entries
    assert all(e.title and "\n" not in e.title and e.authors for e in feed.entries)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<html><body>Service unavailable</body></html>",
        b"\x00\xff garbage",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><feed>&a;</feed>',
    ],
    ids=["empty", "html", "binary", "entity"],
)
def test_arxiv_garbage_is_a_feed_error(body: bytes) -> None:
    with pytest.raises(FeedError):
        parse_feed(body)


# Crossref --------------------------------------------------------------------------------


def test_crossref_journal_article(http_dir: Path) -> None:
    work = crossref.parse_work(
        read(http_dir, "crossref/crossref_work_10.1016_j.neurobiolaging.2010.03.024.json")
    )
    assert (work.type, work.volume, work.issue, work.page) == (
        "journal-article",
        "33",
        "3",
        "588-602",
    )
    assert (work.year, work.month) == (2012, 3)
    facts = {f.field: f.raw for f in crossref.evidence(work, "u").facts}
    assert facts["journal"] == "{Neurobiology of Aging}"
    assert facts["pages"] == "{588-602}"
    assert facts["month"] == "mar"


def test_crossref_proceedings_with_null_dates(http_dir: Path) -> None:
    work = crossref.parse_work(
        read(http_dir, "crossref/crossref_work_10.1109_icdcsw.2003.1203662.json")
    )
    assert work.type == "proceedings-article"
    assert (work.year, work.month) == (None, None)  # issued is [[null]]
    evidence = crossref.evidence(work, "u")
    facts = {f.field: f.raw for f in evidence.facts}
    assert evidence.entry_type == "inproceedings"
    assert "booktitle" in facts
    assert "year" not in facts
    assert facts["pages"] == "{877-882}"


def test_crossref_article_number_becomes_eid(http_dir: Path) -> None:
    work = crossref.parse_work(read(http_dir, "crossref/crossref_work_10.1038_srep16696.json"))
    assert (work.page, work.article_number, work.year) == (None, "16696", 2015)
    facts = {f.field: f.raw for f in crossref.evidence(work, "u").facts}
    assert facts["eid"] == "{16696}"
    assert "pages" not in facts


def test_crossref_print_date_wins_over_online(http_dir: Path) -> None:
    work = crossref.parse_work(read(http_dir, "crossref/crossref_work_10.1002_jor.1100150407.json"))
    assert work.year == 1997


@pytest.mark.parametrize(
    "name",
    [
        "crossref/crossref_work_10.3892_ijo_00000353.json",
        "crossref/crossref_work_10.1371_journal.pone.0033693.json",
    ],
)
def test_crossref_sparse_and_plain_works_parse(http_dir: Path, name: str) -> None:
    work = crossref.parse_work(read(http_dir, name))
    assert work.doi
    assert work.type == "journal-article"
    assert all(
        f.raw.startswith("{") or f.field == "month" for f in crossref.evidence(work, "u").facts
    )


@pytest.mark.parametrize(
    "name",
    [
        "crossref/crossref_work_notfound_10.1371_notarealdoi.txt",
        "crossref/crossref_error_400_validation_failure.json",
        "crossref/crossref_error_404_cursor_invalid.json",
        "crossref/crossref_works_query_ecology_rows2.json",
    ],
)
def test_crossref_non_works_are_shape_errors(http_dir: Path, name: str) -> None:
    with pytest.raises(crossref.ShapeError):
        crossref.parse_work(read(http_dir, name))


# DBLP ------------------------------------------------------------------------------------


def test_dblp_current_shape(http_dir: Path) -> None:
    (hit,) = dblp.parse_hits(read(http_dir, "dblp/dblp_publ_search_test_star_h1_2025.json"))
    assert hit.dblp == "conf/ats/ShinogiYHTY05"
    assert hit.title.endswith("Full-Scan Test Architecture")  # DBLP's final period dropped
    assert hit.authors[0] == "Tsuyoshi Shinogi"
    assert len(hit.authors) == 5
    assert (hit.venue, hit.year, hit.pages, hit.doi) == (
        "Asian Test Symposium", 2005, "366-371", "10.1109/ATS.2005.17",
    )  # fmt: skip


def test_dblp_old_shape_with_single_author_strings(http_dir: Path) -> None:
    hits = dblp.parse_hits(read(http_dir, "dblp/dblp_publ_search_test_star_h30_2019.json"))
    assert len(hits) == 30
    assert hits[0].authors[0] == "Tsuyoshi Shinogi"
    assert {h.entry_type for h in hits} >= {"inproceedings", "article"}
    (thesis,) = [h for h in hits if "l'injection" in h.title]  # "&apos;" read as text
    assert dblp.evidence(thesis, "u", None) is None  # "Books and Theses": not a venue version
    assert thesis.entry_type == "misc"
    assert "basée sur l'injection" in thesis.title
    single = [h for h in hits if len(h.authors) == 1]
    assert single, "the 2019 file has single-author hits (author as a bare string)"


def test_dblp_single_author_object_and_corr_hit_skipped() -> None:
    body = {
        "result": {
            "hits": {
                "@total": "2",
                "hit": [
                    {"info": {"authors": {"author": {"@pid": "1", "text": "Soufiane Belharbi"}},
                              "title": "Deep Thing.", "venue": "CoRR", "year": "2021",
                              "type": "Informal and Other Publications", "key": "journals/corr/x",
                              "doi": "10.48550/arXiv.2101.00001"}},
                    {"info": {"authors": {"author": "Soufiane Belharbi"}, "title": "Deep Thing.",
                              "venue": "WACV", "year": "2022", "pages": "1-10",
                              "type": "Conference and Workshop Papers", "key": "conf/wacv/B22",
                              "doi": "10.1109/WACV.2022.1"}},
                ],
            }
        }
    }  # fmt: skip
    corr, wacv = dblp.parse_hits(json.dumps(body).encode())
    assert corr.informal
    assert not wacv.informal
    assert corr.authors == wacv.authors == ("Soufiane Belharbi",)
    assert dblp.evidence(corr, "u", None) is None
    registry = VenueRegistry(
        {"wacv": Venue("wacv", "WACV", "Winter Conference on Applications of Computer Vision",
                       VenueKind.CONFERENCE)}
    )  # fmt: skip
    evidence = dblp.evidence(wacv, "u", registry)
    assert evidence is not None
    assert evidence.entry_type == "inproceedings"
    facts = {f.field: f.raw for f in evidence.facts}
    assert facts["booktitle"] == "{Winter Conference on Applications of Computer Vision}"
    assert facts["venueid"] == "{wacv}"
    assert facts["doi"] == "{10.1109/WACV.2022.1}"
    unknown = dblp.evidence(wacv, "u", VenueRegistry({}))
    assert unknown is not None
    assert unknown.notes


def test_dblp_no_hits_and_garbage() -> None:
    assert dblp.parse_hits(b'{"result": {"hits": {"@total": "0"}}}') == ()
    for body in (b"<html>", b'{"result": {}}', b"[]"):
        with pytest.raises(dblp.ShapeError):
            dblp.parse_hits(body)
