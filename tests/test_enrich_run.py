"""End to end: ``enrich()`` against local fake services (batching, matching, failures, cache)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_enrich_fakes import (
    ArxivPaper,
    FakeClock,
    FakeServices,
    Scripted,
    clock,
    dead_address,
    fakes,
    use_fakes,
)

from belharbi_bib import load
from belharbi_bib.enrichment import EnrichResult, NetSettings, enrich
from belharbi_bib.enrichment.backoff import RetryPolicy
from belharbi_bib.enrichment.client import HttpClient
from belharbi_bib.enrichment.pacing import Pacer
from belharbi_bib.enrichment.services import Endpoints, intervals
from belharbi_bib.model import Field, Library, Record, Venue, VenueKind
from belharbi_bib.venues import VenueRegistry

__all__ = ["clock", "fakes"]  # fixtures used by name below

SAMPLE = Path(__file__).parent / "data" / "enrich" / "sample.bib"

REGISTRY = VenueRegistry(
    {
        "wacv": Venue(
            "wacv",
            "WACV",
            "Winter Conference on Applications of Computer Vision",
            VenueKind.CONFERENCE,
        ),
        "arxiv": Venue("arxiv", "arXiv", "arXiv", VenueKind.PREPRINT, aliases=("CoRR",)),
    }
)


def populate(fakes: FakeServices) -> None:
    """The answers the fakes give about tests/data/enrich/sample.bib."""
    papers = [
        ArxivPaper("2101.00001", "Deep Interpretable Localization\n  in Histology Images",
                   ("Soufiane Belharbi", "Eric Granger"), "2021-01-05T10:00:00Z"),
        ArxivPaper("2003.00002", "Finding Identifiers by Title Search",
                   ("Jane Doe", "Richard Roe"), "2020-03-10T10:00:00Z", "cs.LG",
                   doi="10.1109/ICPR.2020.2"),
        ArxivPaper("1901.00004", "A Preprint Cited by its arXiv DOI", ("Richard Roe",),
                   "2019-01-02T10:00:00Z", doi="10.48550/arXiv.1901.00004"),
        ArxivPaper("1801.00005", "Two Works Share this Title", ("Jane Doe",)),
        ArxivPaper("1802.00006", "Two Works Share this Title", ("Jane Doe", "X Y")),
    ]  # fmt: skip
    fakes.arxiv_papers.update({p.id: p for p in papers})
    fakes.crossref_works["10.1016/j.media.2019.101"] = {
        "DOI": "10.1016/j.media.2019.101",
        "type": "journal-article",
        "title": ["A Journal Paper with a DOI"],
        "container-title": ["Medical Image Analysis"],
        "volume": "58",
        "page": "101-110",
        "publisher": "Elsevier BV",
        "issued": {"date-parts": [[2019, 12]]},
        "author": [{"given": "Richard", "family": "Roe"}],
    }
    fakes.crossref_works["10.1109/icpr.2020.2"] = {
        "DOI": "10.1109/ICPR.2020.2",
        "type": "proceedings-article",
        "title": ["Finding Identifiers by Title Search"],
        "container-title": ["2020 25th International Conference on Pattern Recognition (ICPR)"],
        "page": "100-108",
        "publisher": "IEEE",
        "issued": {"date-parts": [[2021, 1, 10]]},
    }
    author = {"author": [{"@pid": "1", "text": "Soufiane Belharbi 0001"},
                         {"@pid": "2", "text": "Eric Granger"}]}  # fmt: skip
    fakes.dblp_hits.extend(
        [
            {"authors": author, "title": "Deep Interpretable Localization in Histology Images.",
             "venue": "CoRR", "volume": "abs/2101.00001", "year": "2021",
             "type": "Informal and Other Publications", "key": "journals/corr/abs-2101-00001",
             "doi": "10.48550/ARXIV.2101.00001"},
            {"authors": author, "title": "Deep Interpretable Localization in Histology Images.",
             "venue": "WACV", "pages": "1-10", "year": "2022",
             "type": "Conference and Workshop Papers", "key": "conf/wacv/BelharbiG22",
             "doi": "10.1109/WACV51458.2022.00001"},
            {"authors": {"author": {"@pid": "3", "text": "Richard Roe"}},
             "title": "A Preprint Cited by its arXiv DOI.", "venue": "CoRR", "year": "2019",
             "type": "Informal and Other Publications", "key": "journals/corr/abs-1901-00004"},
        ]
    )  # fmt: skip


def client_for(
    fakes: FakeServices, clock: FakeClock, cache_dir: Path | None, *, offline: bool = False
) -> HttpClient:
    pacer = Pacer(intervals(fakes.endpoints), clock=clock, sleep=clock.sleep)
    return HttpClient(
        cache_dir=cache_dir,
        offline=offline,
        pacer=pacer,
        policy=RetryPolicy(attempts=2),
        timeout=(2.0, 5.0),
        jitter=lambda: 0.0,
    )


def net(client: HttpClient, fakes: FakeServices) -> NetSettings:
    return NetSettings(client=client, endpoints=fakes.endpoints)


def run_sample(
    fakes: FakeServices, clock: FakeClock, cache_dir: Path | None, **options: object
) -> EnrichResult:
    with client_for(fakes, clock, cache_dir, offline=bool(options.pop("offline", False))) as c:
        return enrich(load(SAMPLE), net=net(c, fakes), venues=REGISTRY, **options)  # type: ignore[arg-type]


def codes(result: EnrichResult, key: str) -> list[str]:
    return [p.code for p in result.problems if p.key == key]


def test_sample_end_to_end(fakes: FakeServices, clock: FakeClock, tmp_path: Path) -> None:
    populate(fakes)
    result = run_sample(fakes, clock, tmp_path)
    library = result.library

    # The preprint became a published WACV paper and kept its arXiv id.
    deep = library["belharbi2021deep"]
    assert deep.entry_type == "inproceedings"
    assert deep.field("booktitle") == "Winter Conference on Applications of Computer Vision"
    assert (deep.field("venueid"), deep.field("year"), deep.field("pages")) == (
        "wacv",
        "2022",
        "1--10",
    )
    assert deep.field("doi") == "10.1109/WACV51458.2022.00001"
    assert deep.arxiv is not None
    assert deep.arxiv.id == "2101.00001"
    assert deep.field("primaryclass") == "cs.CV"
    assert deep.field("month") is None  # arXiv's submission month is not a publication month
    assert deep.field("howpublished") == "arXiv preprint arXiv:2101.00001"  # nothing deleted

    # Found its arXiv id by title; arXiv's DOI led to Crossref, which filled pages/publisher.
    found = library["doe2020found"]
    assert (found.field("eprint"), found.field("primaryclass")) == ("2003.00002", "cs.LG")
    assert found.field("doi") == "10.1109/ICPR.2020.2"
    assert (found.field("pages"), found.field("publisher")) == ("100--108", "IEEE")
    assert found.field("year") == "2020"  # kept; the conflict is reported
    assert found.field("booktitle") == "International Conference on Pattern Recognition"
    assert "enrich.conflict" in codes(result, "doe2020found")

    journal = library["roe2019journal"]
    assert (journal.field("volume"), journal.field("pages")) == ("58", "101--110")
    assert journal.field("month") == "dec"

    # A preprint DOI is never sent to Crossref nor taken; the id found by title is.
    preprint = library["roe2019preprintdoi"]
    assert preprint.field("eprint") == "1901.00004"
    moved = [c for c in result.changes if (c.key, c.field) == ("roe2019preprintdoi", "doi")]
    assert moved == []  # the arXiv DOI stays beside eprint (issue 16)
    assert preprint.field("doi") == "10.48550/arXiv.1901.00004"
    assert preprint.field("month") == "jan"  # still a preprint: submission date applies
    assert not any("10.48550" in s.path for s in fakes.seen("crossref"))

    assert "enrich.ambiguous" in codes(result, "doe2018ambiguous")
    assert library["doe2018ambiguous"] == load(SAMPLE)["doe2018ambiguous"]
    assert codes(result, "ghost2021missing")[:1] == ["enrich.not-found"]
    assert "enrich.not-found" in codes(result, "roe2017unknown")
    assert codes(result, "belharbi2022talk") == []
    assert library["belharbi2022talk"] == load(SAMPLE)["belharbi2022talk"]


def test_changes_and_provenance_name_their_source(
    fakes: FakeServices, clock: FakeClock, tmp_path: Path
) -> None:
    populate(fakes)
    result = run_sample(fakes, clock, tmp_path)
    by_field = {(c.key, c.field): c for c in result.changes}
    assert by_field[("belharbi2021deep", None)].source == "dblp"
    assert by_field[("belharbi2021deep", None)].after == "@inproceedings"
    assert by_field[("doe2020found", "eprint")].source == "arxiv"
    assert by_field[("roe2019journal", "volume")].source == "crossref"
    assert by_field[("roe2019journal", "volume")].url.endswith("/works/10.1016/j.media.2019.101")
    statuses = {(d.key, d.field, d.source): d.status for d in result.provenance}
    assert statuses[("doe2020found", "year", "crossref")] == "kept"
    assert statuses[("belharbi2021deep", "doi", "dblp")] == "added"


def test_arxiv_ids_are_batched_by_100_and_mapped_by_id(
    fakes: FakeServices, clock: FakeClock
) -> None:
    ids = [f"2101.{n:05d}" for n in range(150)]
    for ident in ids:
        fakes.arxiv_papers[ident] = ArxivPaper(ident, f"Paper number {ident}", ("A Writer",))
    records = [
        Record(f"k{n}", "misc", (Field.of("eprint", ident), Field.of("archiveprefix", "arXiv")))
        for n, ident in enumerate(ids)
    ]
    with client_for(fakes, clock, None) as c:
        result = enrich(Library.of(records), net=net(c, fakes), sources=["arxiv"])
    seen = fakes.seen("arxiv")
    assert len(seen) == 2
    assert [s.query["max_results"] for s in seen] == [["100"], ["50"]]
    assert sorted(i for s in seen for i in s.query["id_list"][0].split(",")) == ids
    for n, ident in enumerate(ids):
        assert result.library[f"k{n}"].title == f"Paper number {ident}"
    assert clock.sleeps == [3.0]  # two requests, paced


def test_a_failing_service_does_not_abort_the_run(
    fakes: FakeServices, clock: FakeClock, tmp_path: Path
) -> None:
    populate(fakes)
    fakes.script("arxiv", Scripted(200, b"<html>not a feed</html>"))  # the id batch
    fakes.script("crossref", Scripted(200, b"this is not JSON"))  # doe2020found's DOI
    fakes.script("dblp", *[Scripted(503, b"down") for _ in range(10)])
    result = run_sample(fakes, clock, tmp_path)
    assert codes(result, "belharbi2021deep")[:1] == ["enrich.bad-response"]
    assert "enrich.bad-response" in codes(result, "doe2020found")
    assert result.library["roe2019journal"].field("volume") == "58"
    dblp_failures = [p for p in result.problems if p.code == "enrich.net" and "dblp" in p.message]
    assert dblp_failures
    # arXiv title search and Crossref went on: the other entries were still enriched.
    assert result.library["doe2020found"].field("eprint") == "2003.00002"
    assert result.library["belharbi2021deep"].entry_type == "misc"


def test_breaker_stops_asking_a_dead_service(fakes: FakeServices, clock: FakeClock) -> None:
    fakes.script("dblp", *[Scripted(500, b"") for _ in range(50)])
    records = [
        Record(f"k{n}", "misc", (Field.of("title", f"Some preprint title {n}"),
                                 Field.of("author", "Doe, Jane"),
                                 Field.of("eprint", f"2101.{n:05d}")))
        for n in range(6)
    ]  # fmt: skip
    with client_for(fakes, clock, None) as c:
        result = enrich(Library.of(records), net=net(c, fakes), sources=["dblp"])
    assert fakes.count("dblp") == 3 * 2  # three entries, two attempts each, then given up
    failures = [p for p in result.problems if p.code == "enrich.net"]
    assert [p.key for p in failures] == ["k0", "k1", "k2"]
    assert all("http" not in p.message for p in failures)  # the reason, never the long URL
    given_up = [p.message for p in result.problems if p.code == "enrich.gave-up"]
    assert given_up == ["dblp: given up after 3 failed requests in a row; 3 entries not checked"]


def test_unreachable_services_are_said_once_each(clock: FakeClock) -> None:

    dead = dead_address()
    records = [
        Record(f"k{n}", "misc", (Field.of("title", f"Some preprint title {n}"),
                                 Field.of("author", "Doe, Jane"),
                                 Field.of("doi", f"10.1000/x{n}"),
                                 Field.of("eprint", f"2101.{n:05d}")))
        for n in range(250)
    ]  # fmt: skip
    endpoints = Endpoints(dead + "/api/query", dead, dead + "/search/publ/api")
    pacer = Pacer({}, default=0.0, clock=clock, sleep=clock.sleep)
    with HttpClient(pacer=pacer, jitter=lambda: 0.0) as c:
        result = enrich(Library.of(records), net=NetSettings(client=c, endpoints=endpoints))
    assert clock.sleeps == []
    assert [p.code for p in result.problems] == ["enrich.unreachable"] * 3
    assert [p.message.split(":")[0] for p in result.problems] == ["arxiv", "crossref", "dblp"]
    assert result.problems[0].message.endswith("(connection refused); 250 entries not checked")
    assert result.no_service_reached
    assert not result.changes


def test_second_run_makes_zero_requests(
    fakes: FakeServices, clock: FakeClock, tmp_path: Path
) -> None:
    populate(fakes)
    first = run_sample(fakes, clock, tmp_path)
    sent = fakes.count()
    assert first.sent == sent > 0
    second = run_sample(fakes, clock, tmp_path)
    assert fakes.count() == sent
    assert (second.sent, second.cached) == (0, first.sent)
    assert second.library == first.library
    assert second.changes == first.changes


def test_offline_uses_the_cache_only(fakes: FakeServices, clock: FakeClock, tmp_path: Path) -> None:
    populate(fakes)
    online = run_sample(fakes, clock, tmp_path)
    sent = fakes.count()
    offline = run_sample(fakes, clock, tmp_path, offline=True)
    assert fakes.count() == sent
    assert offline.library == online.library
    empty = run_sample(fakes, clock, tmp_path / "empty", offline=True)
    assert fakes.count() == sent
    assert empty.library == load(SAMPLE)
    assert not empty.changes
    missed = {p.key for p in empty.problems if p.code == "enrich.offline-miss"}
    assert "belharbi2021deep" in missed
    assert "belharbi2022talk" not in missed


def test_force_lets_a_source_overwrite(
    fakes: FakeServices, clock: FakeClock, tmp_path: Path
) -> None:
    populate(fakes)
    result = run_sample(fakes, clock, tmp_path, force=["year"])
    assert result.library["doe2020found"].field("year") == "2021"


def test_unknown_source_is_misuse() -> None:
    with pytest.raises(ValueError, match="unknown source 'scholar'"):
        enrich(Library(), sources=["scholar"], net=NetSettings(cache=False))


def test_endpoints_come_from_the_environment(
    fakes: FakeServices, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    populate(fakes)
    use_fakes(fakes, monkeypatch, None)
    result = enrich(
        load(SAMPLE), sources=["crossref"], net=NetSettings(cache_dir=tmp_path), venues=REGISTRY
    )
    assert result.library["roe2019journal"].field("volume") == "58"
    assert fakes.count("crossref") == 2
    agent = fakes.seen("crossref")[0].headers["User-Agent"]
    assert agent.startswith("belharbi-bib/")
