"""JSON Resume output validates against the JSON Resume schema (tests/data/schemas/)."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

import belharbi_bib
from belharbi_bib.curriculum import cv

DATA = Path(__file__).parent / "data"
Draft4Validator: Any = importlib.import_module("jsonschema").Draft4Validator  # no type stubs
SCHEMA = json.loads((DATA / "schemas" / "jsonresume-schema.json").read_text(encoding="utf-8"))


def validate(document: dict[str, Any]) -> None:
    Draft4Validator.check_schema(SCHEMA)
    errors = sorted(Draft4Validator(SCHEMA).iter_errors(document), key=str)
    assert not errors, "\n".join(e.message for e in errors[:5])
    for publication in document["publications"]:
        if "url" in publication:  # "format": "uri" is not checked by jsonschema without extras
            parts = urlsplit(publication["url"])
            assert parts.scheme in ("http", "https")
            assert parts.netloc
            assert not set(publication["url"]) & set(' <>"{}|\\^`')


@pytest.fixture(scope="module", params=["bundled", "fixture"])
def document(request: pytest.FixtureRequest) -> dict[str, Any]:
    if request.param == "bundled":
        text = cv(belharbi_bib.load(), to="jsonresume")
    else:
        venues = belharbi_bib.load_venues(DATA / "cv" / "venues.toml")
        text = cv(belharbi_bib.load(DATA / "cv" / "works.bib"), to="jsonresume", venues=venues)
    assert text.endswith("}\n")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def test_validates_against_the_schema(document: dict[str, Any]) -> None:
    validate(document)


def test_publications_have_the_expected_fields(document: dict[str, Any]) -> None:
    publications = document["publications"]
    assert publications
    assert document["basics"] == {"name": "Soufiane Belharbi"}
    for publication in publications:
        assert set(publication) <= {"name", "publisher", "releaseDate", "url", "summary"}
        assert publication["name"]
        assert publication["summary"]
        assert publication["releaseDate"][:4].isdigit()


def test_bundled_entry() -> None:
    document = json.loads(cv(belharbi_bib.load(), to="jsonresume"))
    by_name = {p["name"]: p for p in document["publications"]}
    fcam = by_name["F-CAM: Full Resolution Class Activation Maps via Guided Parametric Upscaling"]
    assert fcam["publisher"] == "IEEE/CVF Winter Conference on Applications of Computer Vision"
    assert fcam["releaseDate"].startswith("2022")
    assert fcam["url"] == "https://arxiv.org/abs/2109.07069"
    assert "Soufiane Belharbi" in fcam["summary"]
    assert "WACV 2022" in fcam["summary"]


def test_schema_rejects_a_bad_date() -> None:
    bad = {"publications": [{"name": "x", "releaseDate": "June 2022"}]}
    assert list(Draft4Validator(SCHEMA).iter_errors(bad))
