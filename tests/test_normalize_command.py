"""The ``normalize`` command: output modes, --check, --diff, --report, exit codes, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from belharbi_bib.bibtex.reader import parse_string
from belharbi_bib.bibtex.writer import write
from belharbi_bib.cli import main
from belharbi_bib.normalize import normalize

DATA = Path(__file__).parent / "data" / "normalize"
CANONICAL = (
    "@article{doe2020deep,\n  author = {Doe, Jane},\n  title = {Deep},\n  year = {2020},\n}\n"
)
MESSY = '@ARTICLE{doe2020deep, Author = "Jane Doe", title = {Deep}, year = 2020, pages = {1-5}}\n'


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def cli(*argv: str) -> int:
    return main(["normalize", *argv])


def bib(tmp_path: Path, text: str, name: str = "refs.bib") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_default_writes_to_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = bib(tmp_path, MESSY)
    assert cli(str(path)) == 0
    out = capsys.readouterr().out
    assert "author = {Doe, Jane}," in out
    assert "pages = {1--5}," in out
    assert path.read_text(encoding="utf-8") == MESSY
    assert cli(str(path), "-o", "-") == 0
    assert capsys.readouterr().out == out


def test_output_file_and_in_place(tmp_path: Path) -> None:
    path = bib(tmp_path, MESSY)
    out = tmp_path / "out.bib"
    assert cli(str(path), "-o", str(out)) == 0
    assert path.read_text(encoding="utf-8") == MESSY
    assert cli(str(path), "--in-place") == 0
    assert path.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_in_place_leaves_canonical_files_untouched(tmp_path: Path) -> None:
    path = bib(tmp_path, CANONICAL)
    os.utime(path, (1_000_000, 1_000_000))
    assert cli(str(path), "--in-place") == 0
    assert path.stat().st_mtime == 1_000_000


def test_check_lists_entries_and_reasons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    messy, clean = bib(tmp_path, MESSY), bib(tmp_path, CANONICAL, "clean.bib")
    assert cli(str(messy), str(clean), "--check") == 1
    out = capsys.readouterr().out
    assert f"would reformat {messy}" in out
    assert f"{messy}:1: [doe2020deep] names author:" in out
    assert "pages pages: {1-5} -> {1--5}" in out
    assert "1 file would be reformatted, 1 file already canonical" in out
    assert messy.read_text(encoding="utf-8") == MESSY
    assert cli(str(clean), "--check") == 0


def test_check_reports_layout_only_differences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = bib(tmp_path, CANONICAL.replace("  title", "    TITLE"))
    assert cli(str(path), "--check") == 1
    assert "[doe2020deep] layout" in capsys.readouterr().out


@pytest.mark.parametrize("text", ["  \n\n\n", "% only a comment\n\n\n"])
def test_check_of_a_file_without_entries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    path = bib(tmp_path, text)
    assert cli(str(path), "--check") == 1  # blank lines only: once a traceback (no block line)
    out = capsys.readouterr().out
    assert f"would reformat {path}" in out
    assert "layout between entries" in out
    assert path.read_text(encoding="utf-8") == text


def test_check_reports_encoding_and_line_endings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crlf = tmp_path / "crlf.bib"
    crlf.write_bytes(CANONICAL.replace("\n", "\r\n").encode())
    utf16 = tmp_path / "utf16.bib"
    utf16.write_bytes(CANONICAL.encode("utf-16"))
    assert cli(str(crlf), str(utf16), "--check") == 1
    out = capsys.readouterr().out
    assert "line endings" in out
    assert "UTF-16" in out


def test_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = bib(tmp_path, MESSY)
    assert cli(str(path), "--diff") == 0
    out = capsys.readouterr().out
    assert out.startswith(f"--- {path}\n+++ {path} (normalized)\n")
    assert "+  pages = {1--5}," in out
    assert path.read_text(encoding="utf-8") == MESSY
    assert cli(str(path), "--diff", "--check") == 1


def test_report_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = bib(tmp_path, MESSY)
    report = tmp_path / "report.json"
    assert cli(str(path), "--check", "--report", str(report)) == 1
    data = json.loads(report.read_text(encoding="utf-8"))
    (entry,) = data["files"]
    assert entry["path"] == str(path)
    assert entry["canonical"] is False
    rules = {(c["rule"], c["field"]) for c in entry["changes"]}
    assert {("names", "author"), ("pages", "pages")} <= rules
    assert cli(str(path), "--check", "--report", "-") == 1
    assert '"files"' in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["--check", "--in-place"],
        ["--diff", "-o", "x.bib"],
        ["second.bib", "-o", "out.bib"],
        ["--report", "-"],
        ["--text", "unicode", "--key-pattern", "{nope}"],
        ["--venue", "full", "--venues", "missing.toml"],
        ["--config", "missing.toml"],
    ],
)
def test_bad_usage_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    path = bib(tmp_path, MESSY)
    bib(tmp_path, CANONICAL, "second.bib")
    assert cli(str(path), *argv) == 2
    assert "error" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == MESSY


def test_argparse_rejects_in_place_with_output(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        cli(str(bib(tmp_path, MESSY)), "--in-place", "-o", "x.bib")
    assert exc.value.code == 2


def test_missing_file_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = bib(tmp_path, MESSY)
    assert cli(str(tmp_path / "nope.bib"), str(good), "--in-place") == 2
    assert f"{tmp_path / 'nope.bib'}: error io.read:" in capsys.readouterr().err
    assert "{1--5}" in good.read_text(encoding="utf-8")


def test_rule_switches_and_text_forms(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = bib(tmp_path, "@article{k, author = {Jos{\\'e} Doe}, pages = {1-5}, owner = {me}}\n")
    assert cli(str(path), "--no-names", "--no-pages", "--drop-noise", "--text", "unicode") == 0
    out = capsys.readouterr().out
    assert "author = {José Doe}" in out
    assert "pages = {1-5}" in out
    assert "owner" not in out


def test_venue_rewrite_and_rekey(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "@inproceedings{x, author = {Doe, J.}, title = {Nets}, year = 2022,"
    path = bib(tmp_path, text + " booktitle = {Proc. WACV 2022}}\n")
    venues = str(DATA / "venues.toml")
    assert cli(str(path), "--venue", "short", "--venues", venues, "--rekey") == 0
    out = capsys.readouterr().out
    assert "@inproceedings{doe2022nets," in out
    assert "booktitle = {WACV}," in out
    assert "ids = {x}," in out


def test_write_failure_leaves_the_original(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = bib(tmp_path, MESSY)
    assert cli(str(path), "-o", str(tmp_path / "no-such-dir" / "out.bib")) == 2
    assert "error io.write" in capsys.readouterr().err


def test_module_entry_point_when_wired(tmp_path: Path) -> None:
    path = bib(tmp_path, MESSY)
    result = subprocess.run(
        [sys.executable, "-m", "belharbi_bib", "normalize", "--no-config", "--check", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if "invalid choice" in result.stderr or "normalize" not in _subcommands():
        pytest.skip("the normalize sub-command is not registered in belharbi_bib.cli yet")
    assert result.returncode == 1
    assert "would reformat" in result.stdout


def _subcommands() -> str:
    result = subprocess.run(
        [sys.executable, "-m", "belharbi_bib", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout


def test_wide_characters_are_written_back_and_then_canonical(tmp_path: Path) -> None:
    text = "@ARTICLE{k, title = {Smile 😀 and Ω}, author = {Jane Döe},\n year = 2020}\n"
    path = bib(tmp_path, text)
    out = tmp_path / "out.bib"
    assert cli(str(path), "-o", str(out), "--no-cache") == 0
    expected = write(normalize(parse_string(text)).library)
    assert out.read_text(encoding="utf-8") == expected
    assert cli(str(out), "--check", "--no-cache") == 0
    assert cli(str(path), "--check", "--no-cache") == 1
