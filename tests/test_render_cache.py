"""The render cache gives exactly the uncached output, skips citeproc-py when warm, and heals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import belharbi_bib
from belharbi_bib.render import bibliography as bibliography_module
from belharbi_bib.render import format as format_list
from belharbi_bib.render.cache import CACHE_FORMAT
from belharbi_bib.render.styles import BUNDLED_CSL

CSL_SAMPLE = ("apa", "ieee", "chicago-author-date", "modern-language-association")


@pytest.fixture(scope="module")
def database() -> tuple[belharbi_bib.Library, belharbi_bib.VenueRegistry]:
    return belharbi_bib.load(), belharbi_bib.load_venues()


@pytest.mark.parametrize("style", BUNDLED_CSL)
def test_cached_output_is_byte_identical(
    style: str,
    database: tuple[belharbi_bib.Library, belharbi_bib.VenueRegistry],
    tmp_path: Path,
) -> None:
    library, venues = database
    cold = format_list(library, style=style, to="html", venues=venues)
    first = format_list(library, style=style, to="html", venues=venues, cache_dir=tmp_path)
    warm = format_list(library, style=style, to="html", venues=venues, cache_dir=tmp_path)
    assert cold.text == first.text == warm.text
    assert len(list(tmp_path.iterdir())) == 1


def test_warm_cache_never_loads_citeproc(
    database: tuple[belharbi_bib.Library, belharbi_bib.VenueRegistry],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    library, venues = database
    expected = format_list(library, style="apa", venues=venues, cache_dir=tmp_path).text

    def refuse(self: object) -> None:
        raise AssertionError("citeproc-py was loaded on a warm cache")

    monkeypatch.setattr(bibliography_module._Loader, "engine", refuse)
    assert format_list(library, style="apa", venues=venues, cache_dir=tmp_path).text == expected


@pytest.mark.parametrize("style", CSL_SAMPLE)
def test_list_dependent_results_are_recomputed_not_cached(
    style: str,
    database: tuple[belharbi_bib.Library, belharbi_bib.VenueRegistry],
    tmp_path: Path,
) -> None:
    """Year suffixes, numbers and substitutions follow the list, whatever the cache saw."""
    library, venues = database
    format_list(library, style=style, venues=venues, cache_dir=tmp_path)
    subset = [r for r in library if r.year == 2026]
    for sort in (None, "title", "author"):
        cached = format_list(subset, style=style, venues=venues, sort=sort, cache_dir=tmp_path)
        fresh = format_list(subset, style=style, venues=venues, sort=sort)
        assert cached.text == fresh.text


def test_changed_work_is_rerendered(
    database: tuple[belharbi_bib.Library, belharbi_bib.VenueRegistry], tmp_path: Path
) -> None:
    library, venues = database
    record = library["belharbi2022deepa"]
    format_list([record], style="ieee", venues=venues, cache_dir=tmp_path)
    changed = record.with_field("title", "A Completely New Title")
    text = format_list([changed], style="ieee", venues=venues, cache_dir=tmp_path).text
    assert "A Completely New Title" in text


@pytest.mark.parametrize("content", ["not json", '{"format": 999}', '{"format": 1, "works": 3}'])
def test_corrupt_or_foreign_cache_is_ignored_and_rewritten(
    content: str,
    database: tuple[belharbi_bib.Library, belharbi_bib.VenueRegistry],
    tmp_path: Path,
) -> None:
    library, venues = database
    expected = format_list(library, style="apa", venues=venues).text
    format_list(library, style="apa", venues=venues, cache_dir=tmp_path)
    (path,) = tmp_path.iterdir()
    path.write_text(content, encoding="utf-8")
    assert format_list(library, style="apa", venues=venues, cache_dir=tmp_path).text == expected
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == CACHE_FORMAT


def test_unwritable_cache_directory_does_not_fail(
    database: tuple[belharbi_bib.Library, belharbi_bib.VenueRegistry], tmp_path: Path
) -> None:
    library, venues = database
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    text = format_list(library, style="apa", venues=venues, cache_dir=blocker / "sub").text
    assert text == format_list(library, style="apa", venues=venues).text


def test_the_cache_key_changes_with_the_engine_versions(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from importlib import metadata

    from belharbi_bib.render import cache

    before = cache.table_name("style", "en-US", cache.engine_stamp())
    real = metadata.version

    def upgraded(package: str) -> str:
        return "99.0" if package == "citeproc-py" else real(package)

    monkeypatch.setattr(metadata, "version", upgraded)
    after = cache.table_name("style", "en-US", cache.engine_stamp())
    assert before != after
    assert "citeproc-py 99.0" in cache.engine_stamp()
