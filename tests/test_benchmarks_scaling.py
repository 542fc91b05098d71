"""The scaling benchmark's generated files: the entries asked for, every key distinct."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

from belharbi_bib.bibtex.reader import parse_string
from belharbi_bib.model import StringDef

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
SOURCE = """@string{j = {Journal}}

@article{a, author = {Doe, Jane}, title = {One}, journal = j, year = {2020}}
@book{b, title = {Two}, year = 2021}
"""


@pytest.fixture(scope="module")
def scaling() -> Any:
    sys.path.insert(0, str(BENCHMARKS))  # scaling imports its sibling modules
    try:
        spec = importlib.util.spec_from_file_location("scaling", BENCHMARKS / "scaling.py")
        assert spec is not None
        assert spec.loader is not None
        module: Any = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCHMARKS))


def test_split_keeps_every_byte(scaling: Any) -> None:
    head, entries = scaling.split_entries(SOURCE)
    assert head + "".join(entries) == SOURCE
    assert len(entries) == 2


def test_build_repeats_entries_with_distinct_keys_and_the_macros_once(scaling: Any) -> None:
    library = parse_string(scaling.build(SOURCE, 7))
    keys = [record.key for record in library.records]
    assert keys == ["a", "b", "a-1", "b-1", "a-2", "b-2", "a-3"]
    assert not [p for p in library.problems if p.code == "bib.duplicate-key"]
    assert sum(isinstance(block, StringDef) for block in library.blocks) == 1
