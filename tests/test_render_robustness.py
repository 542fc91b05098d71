"""One bad entry never fails a list: it is reported with its file and line, the rest prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from belharbi_bib.cli import main

TITLE_ONLY = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info>
    <title>Title only</title><id>title-only</id><updated>2024-01-01T00:00:00+00:00</updated>
  </info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><text variable="title"/></layout></bibliography>
</style>
"""

BIB = """@misc{first, title = {First work}, year = 2020}

@misc{empty, year = 2021, note = {no title at all}}

@misc{last, title = {Last work}, year = 2022}
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    style = tmp_path / "title-only.csl"
    style.write_text(TITLE_ONLY, encoding="utf-8")
    bib = tmp_path / "works.bib"
    bib.write_text(BIB, encoding="utf-8")
    return style, bib


def test_an_entry_that_renders_empty_is_reported_and_the_rest_printed(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    style, bib = files
    code = main(["format", "--bib", str(bib), "--style", str(style), "--no-cache"])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == "First work\n\nLast work\n"
    assert f"{bib}:3: error render.entry-failed" in captured.err
    assert "'empty'" in captured.err


def test_unknown_keys_are_an_error_and_known_ones_print(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _style, bib = files
    code = main(["format", "--bib", str(bib), "--keys", "first,nosuchkey", "--no-cache"])
    captured = capsys.readouterr()
    assert code == 1
    assert "render.unknown-key" in captured.err
    assert "nosuchkey" in captured.err
    assert "First work" in captured.out
    assert "Last work" not in captured.out


def test_known_keys_exit_zero(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    _style, bib = files
    assert main(["format", "--bib", str(bib), "--keys", "FIRST", "--no-cache"]) == 0
    assert "First work" in capsys.readouterr().out
