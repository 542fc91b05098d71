"""Validation rules: each rule fires on the data that breaks it, and only there."""

from __future__ import annotations

import pytest

from belharbi_bib import loads
from belharbi_bib.check import check_library, check_record
from belharbi_bib.model import Venue, VenueKind
from belharbi_bib.provenance import Provenance, parse_provenance
from belharbi_bib.venues import VenueRegistry

VENUES = VenueRegistry({"wacv": Venue("wacv", "WACV", "Winter Conference", VenueKind.CONFERENCE)})


def codes(text: str) -> list[str]:
    (record,) = loads(text).records
    return [p.code for p in check_record(record, VENUES)]


BASE = "@inproceedings{k, author = {A, B}, title = {T}, booktitle = {Proc.}, year = {2022}, "


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        pytest.param("", [], id="clean"),
        pytest.param("eprint = {2109.07069}, archiveprefix = {arXiv}", [], id="arxiv-ok"),
        pytest.param("eprint = {2109.07069v2}", ["check.arxiv-version"], id="arxiv-version"),
        pytest.param("eprint = {not-an-id}", ["check.bad-arxiv"], id="bad-arxiv"),
        pytest.param("eprint = {hep-th/9901001}, archiveprefix = {arXiv}", [], id="old-style"),
        pytest.param("doi = {10.1109/WACV51458.2022.00353}", [], id="doi-ok"),
        pytest.param("doi = {https://doi.org/10.1109/X.1}", [], id="doi-resolver"),
        pytest.param("doi = {10.48550/arXiv.2109.07069}", ["check.preprint-doi"], id="arxiv-doi"),
        pytest.param("doi = {10.1101/2020.01.01.123}", ["check.preprint-doi"], id="biorxiv-doi"),
        pytest.param("doi = {not a doi}", ["check.bad-doi"], id="bad-doi"),
        pytest.param("code = {github.com/x/y}", ["check.bad-link"], id="relative-link"),
        pytest.param("slides = {/publications/a.pdf}", ["check.bad-link"], id="site-path"),
        pytest.param("venueid = {wacv}", [], id="known-venue"),
        pytest.param("venueid = {nips}", ["check.unknown-venue"], id="unknown-venue"),
    ],
)
def test_record_rules(extra: str, expected: list[str]) -> None:
    assert codes(BASE + extra + "}") == expected


@pytest.mark.parametrize(
    ("entry", "missing"),
    [
        pytest.param(
            "@article{k, title = {T}, year = {2020}}", ["author", "journal"], id="article"
        ),
        pytest.param("@phdthesis{k, author = {A}, title = {T}}", ["school", "year"], id="thesis"),
        pytest.param(
            "@patent{k, author = {A}, title = {T}, year = {2024}}", ["number"], id="patent"
        ),
        pytest.param("@misc{k, title = {T}}", ["year"], id="misc"),
        pytest.param("@article{k, crossref = {p}, title = {T}}", [], id="crossref-inherits"),
    ],
)
def test_required_fields(entry: str, missing: list[str]) -> None:
    (record,) = loads(entry).records
    problems = [p for p in check_record(record) if p.code == "check.required"]
    assert [p.message.split("'")[1] for p in problems] == missing


def test_bad_year() -> None:
    assert codes("@misc{k, title = {T}, year = {20xx}}") == ["check.bad-year"]


def test_aliases_must_not_collide() -> None:
    library = loads(
        "@misc{a, title = {T}, year = {2020}, ids = {old}}\n"
        "@misc{b, title = {U}, year = {2020}, ids = {a}}"
    )
    assert [p.code for p in check_library(library)] == ["check.duplicate-alias"]


def test_provenance_completeness_and_orphans() -> None:
    library = loads(
        "@misc{a, author = {X, Y and others}, title = {T}, year = {2020}}\n"
        "@misc{b, title = {U}, year = {2020}}"
    )
    provenance = parse_provenance(
        {"a": {"title": ["seed:listing"], "incomplete": ["author"]}, "z": {"title": ["x"]}}
    )
    found = [(p.code, p.key) for p in check_library(library, None, provenance)]
    assert ("check.incomplete", "a") in found
    assert ("check.no-provenance", "b") in found
    assert ("check.orphan-provenance", "z") in found
    assert ("check.incomplete", "b") not in found


def test_and_others_warns_without_provenance() -> None:
    library = loads("@misc{a, author = {X, Y and others}, title = {T}, year = {2020}}")
    assert [p.code for p in check_library(library)] == ["check.incomplete"]


def test_provenance_lists_sources_in_order() -> None:
    entry = Provenance("k", {"title": ("a", "b"), "author": ("b", "c")})
    assert entry.sources == ("a", "b", "c")
