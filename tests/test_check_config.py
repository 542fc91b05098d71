"""``check FILE`` judges a file by the normalizer configuration that ``normalize`` would use."""

from __future__ import annotations

from pathlib import Path

import pytest

from belharbi_bib.cli import main

ENTRY = """@article{doe2020,
  author = {Doe, Jane},
  title = {A {Study} of Things},
  journal = {Journal of Things},
  month = {March},
  year = {2020},
}
"""


def test_check_uses_project_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".git").mkdir()
    bib = tmp_path / "refs.bib"
    bib.write_text(ENTRY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    # Default rules turn "March" into the month macro: the file is not normalized (advice,
    # a warning: it fails only with --strict).
    assert main(["check", str(bib)]) == 0
    assert "(months)" in capsys.readouterr().err
    assert main(["check", "--strict", str(bib)]) == 1
    capsys.readouterr()

    # A project that switches the months rule off accepts the file as it is.
    (tmp_path / "belharbi-bib.toml").write_text("[normalize]\nmonths = false\n", encoding="utf-8")
    assert main(["check", "--strict", str(bib)]) == 0
    assert "check.not-normalized" not in capsys.readouterr().err


def test_check_reports_a_bad_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".git").mkdir()
    bib = tmp_path / "refs.bib"
    bib.write_text(ENTRY, encoding="utf-8")
    (tmp_path / "belharbi-bib.toml").write_text("[normalize]\nno-such-rule = 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(bib)]) == 2
    assert "belharbi-bib: error:" in capsys.readouterr().err
