"""The whole pipeline: golden output, accounting of changes, purity, determinism."""

from __future__ import annotations

from pathlib import Path

import pytest

from belharbi_bib import structs
from belharbi_bib.bibtex.reader import parse_string, read
from belharbi_bib.bibtex.writer import write
from belharbi_bib.model import Comment, Preamble, StringDef
from belharbi_bib.normalize import Change, Options, Result, normalize
from belharbi_bib.normalize.context import Context
from belharbi_bib.normalize.pipeline import (
    FieldPass,
    active_rules,
    normalize_record,
    run_stages,
    stages,
)
from belharbi_bib.normalize.rules import rule_names
from belharbi_bib.venues import read_registry

DATA = Path(__file__).parent / "data" / "normalize"
EVERYTHING = Options(text="unicode", venue_form="full", drop_noise=True, rekey=True, merge=True)


def test_messy_file_matches_golden_output() -> None:
    result = normalize(read(DATA / "messy.bib"))
    assert write(result.library) == (DATA / "messy.expected.bib").read_text(encoding="utf-8")


def test_messy_file_with_every_option_matches_golden_output() -> None:
    registry = read_registry(DATA / "venues.toml")
    result = normalize(read(DATA / "messy.bib"), EVERYTHING, venues=registry)
    expected = (DATA / "messy.everything.expected.bib").read_text(encoding="utf-8")
    assert write(result.library) == expected


@pytest.mark.parametrize("options", [Options(), EVERYTHING], ids=["default", "everything"])
def test_golden_outputs_are_fixed_points(options: Options) -> None:
    registry = read_registry(DATA / "venues.toml")
    once = write(normalize(read(DATA / "messy.bib"), options, venues=registry).library)
    again = normalize(parse_string(once), options, venues=registry)
    assert again.changes == ()
    assert write(again.library) == once


def test_every_change_names_a_known_rule_and_is_real() -> None:
    registry = read_registry(DATA / "venues.toml")
    result = normalize(read(DATA / "messy.bib"), EVERYTHING, venues=registry)
    assert result.changed
    assert {c.rule for c in result.changes} <= set(rule_names())
    assert all(c.before != c.after for c in result.changes)
    assert {"names", "titles", "months", "pages", "doi", "arxiv", "venues", "noise", "text"} <= {
        c.rule for c in result.changes
    }


def test_normalize_is_pure() -> None:
    library = read(DATA / "messy.bib")
    snapshot = write(library)
    normalize(library, EVERYTHING)
    assert write(library) == snapshot


def test_normalize_is_deterministic() -> None:
    library = read(DATA / "messy.bib")
    first, second = normalize(library, EVERYTHING), normalize(library, EVERYTHING)
    assert write(first.library) == write(second.library)
    assert first.changes == second.changes
    assert first.problems == second.problems


def test_strings_preambles_comments_survive() -> None:
    library = read(DATA / "messy.bib")
    result = normalize(library, EVERYTHING)

    def others(blocks: tuple[object, ...]) -> list[object]:
        return [b for b in blocks if isinstance(b, (StringDef, Preamble, Comment))]

    assert others(result.library.blocks) == others(library.blocks)
    assert result.library.problems == library.problems


def test_all_rules_off_changes_nothing() -> None:
    off = Options(
        whitespace=False,
        names=False,
        titles=False,
        months=False,
        pages=False,
        doi=False,
        arxiv=False,
        keys=False,
        duplicates=False,
    )
    library = read(DATA / "messy.bib")
    result = normalize(library, off)
    assert result == Result(result.library, (), ())
    assert write(result.library) == write(library)


def test_change_records_every_field_difference() -> None:
    text = "@article{k, author = {Jane Doe}, pages = {1-5}, owner = {me}, title = {On CAM}}"
    result = normalize(parse_string(text, "x.bib"), Options(drop_noise=True))
    assert [(c.rule, c.field, c.before, c.after) for c in result.changes] == [
        ("noise", "owner", "{me}", None),
        ("names", "author", "{Jane Doe}", "{Doe, Jane}"),
        ("titles", "title", "{On CAM}", "{On {CAM}}"),
        ("pages", "pages", "{1-5}", "{1--5}"),
    ]
    assert all(c.key == "k" and c.line == 1 for c in result.changes)


def test_change_serialises() -> None:
    change = Change("k", "pages", "pages", "{1-5}", "{1--5}", 3)
    assert change.as_dict() == {
        "key": "k",
        "rule": "pages",
        "field": "pages",
        "before": "{1-5}",
        "after": "{1--5}",
        "line": 3,
    }
    assert structs.replace(change, after=None).describe() == "pages pages: removed {1-5}"


@pytest.mark.parametrize("options", [Options(), EVERYTHING, Options(text="latex")])
def test_field_passes_match_the_rules_run_one_by_one(options: Options) -> None:
    registry = read_registry(DATA / "venues.toml")
    context = Context(options, registry)
    plan = stages(options, context)
    assert any(isinstance(stage, FieldPass) for stage in plan)
    steps = active_rules(options)
    for record in read(DATA / "messy.bib").records:
        assert run_stages(record, plan, context) == normalize_record(record, steps, context)
