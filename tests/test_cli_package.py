"""The command line as one road: input files, global options, venue policy, help snapshots.

Set ``BELHARBI_BIB_UPDATE_GOLDEN=1`` to rewrite the ``--help`` snapshots under
``tests/golden/cli/``.
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest
from conftest import check_golden

from belharbi_bib import database
from belharbi_bib.cli import COMMANDS, build_parser, main

GOLDEN = Path(__file__).parent / "golden" / "cli"
BUNDLED = str(database.bib_path())
ROOT = Path(__file__).resolve().parents[1]

MESSY = '@ARTICLE{doe2020deep, Author = "Jane Doe", title = {Deep}, year = 2020, pages = {1-5}}\n'


def keys(text: str) -> list[str]:
    return [line.split("\t", 1)[0] for line in text.splitlines() if line]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository, whose pyproject.toml names bib/venues.toml."""
    monkeypatch.chdir(ROOT)


@pytest.mark.usefixtures("in_repo")
@pytest.mark.parametrize("given", [[], ["bib/belharbi.bib"], ["--bib", "bib/belharbi.bib"]])
def test_every_command_agrees_on_kinds(
    given: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Same flags, same works: list, format and export pick the venue registry one way."""
    code, listed, _ = run(capsys, "list", *given, "--kind", "workshop")
    assert code == 0
    assert len(keys(listed)) > 0
    code, exported, _ = run(capsys, "export", *given, "--kind", "workshop", "--to", "csljson")
    assert code == 0
    assert sorted(item["id"] for item in json.loads(exported)) == sorted(keys(listed))
    code, formatted, _ = run(capsys, "format", *given, "--kind", "workshop", "--style", "ieee")
    assert code == 0
    assert len(re.findall(r"^\[\d+\] ", formatted, re.MULTILINE)) == len(keys(listed))


def test_input_file_is_positional_for_every_reading_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(MESSY, encoding="utf-8")
    for argv in (
        ["list", str(bib)],
        ["show", "doe2020deep", str(bib)],
        ["format", str(bib)],
        ["export", str(bib)],
        ["cv", str(bib)],
        ["check", str(bib)],
        ["normalize", str(bib)],
        ["enrich", str(bib), "--offline", "--dry-run"],
    ):
        code, _, err = run(capsys, *argv)
        assert code in (0, 1), (argv, err)
        assert "usage:" not in err, argv


def test_stdin_is_dash(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(MESSY.encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _ = run(capsys, "list", "-")
    assert code == 0
    assert keys(out) == ["doe2020deep"]


def test_stdin_in_problems_is_named(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"@article{k, title = {A}\n"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    code, _, err = run(capsys, "list", "-")
    assert code == 1
    assert err.startswith("<stdin>:1: error bib.syntax")


def test_in_place_refuses_stdin(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "normalize", "-", "--in-place")
    assert code == 2
    assert "stdin" in err


@pytest.mark.parametrize("where", ["before", "after"])
def test_global_options_anywhere(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{k, title = {A}\n" + MESSY, encoding="utf-8")
    config = tmp_path / "belharbi-bib.toml"
    config.write_text('venues = "nowhere.toml"\n', encoding="utf-8")
    options = ["-q", "--config", str(config)]
    argv = [*options, "list", str(bib)] if where == "before" else ["list", str(bib), *options]
    code, _, err = run(capsys, *argv)
    # The configuration names a registry that is not there: a usage error, whichever side.
    assert code == 2
    assert "nowhere.toml" in err


def test_quiet_hides_warnings_verbose_shows_info(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, quiet = run(capsys, "check", "-q")
    assert code == 0
    assert quiet == ""
    code, _, loud = run(capsys, "check", "-v")
    assert code == 0
    assert "file(s) checked" in loud


def test_show_writes_to_a_file_and_resolves_aliases(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "one.bib"
    code, stdout, _ = run(capsys, "show", "sbelharbiphd2018", "-o", str(out))
    assert code == 0
    assert stdout == ""
    assert out.read_text(encoding="utf-8").startswith("@phdthesis{belharbi2018neural,")


def test_show_reports_the_missing_one_of_several_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show", "belharbi2018neural,nosuchkey")
    assert code == 2
    assert out == ""
    assert "'nosuchkey'" in err


@pytest.mark.parametrize("years", ["2025-2020", "20x5", "-", "abc-"])
def test_bad_year_range_is_a_usage_error(years: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list", f"--year={years}")
    assert code == 2
    assert out == ""
    assert "--year" in err


def test_backwards_year_range_says_how_to_write_it(capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = run(capsys, "list", "--year", "2025-2020")
    assert "write 2020-2025" in err


def test_normalize_report_to_stdout_is_pure_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    bib = tmp_path / "refs.bib"
    bib.write_text(MESSY, encoding="utf-8")
    code, out, err = run(capsys, "normalize", str(bib), "--check", "--report", "-")
    assert code == 1
    report = json.loads(out)  # nothing but the JSON on stdout
    assert report
    assert f"would reformat {bib}" in err
    assert "1 file would be reformatted" in err


def test_normalize_report_dash_with_diff_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(MESSY, encoding="utf-8")
    code, out, err = run(capsys, "normalize", str(bib), "--diff", "--report", "-")
    assert code == 2
    assert out == ""
    assert "--report -" in err


def test_two_different_inputs_are_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "list", "a.bib", "--bib", "b.bib")
    assert code == 2
    assert "one input file" in err


def test_commands_table_matches_modules() -> None:
    package = ROOT / "belharbi_bib" / "cli" / "commands"
    modules = {p.stem for p in package.glob("*.py")} - {"__init__"}
    assert modules == {row.name for row in COMMANDS}
    assert all(row.module.endswith("." + row.name) for row in COMMANDS)


def _help(argv: list[str]) -> str:
    parser = build_parser(only=argv[0] if argv else None)
    if argv:
        actions = parser._subparsers._group_actions  # type: ignore[union-attr]
        parser = actions[0].choices[argv[0]]  # type: ignore[index]
    return parser.format_help()


@pytest.mark.parametrize("command", ["", *(row.name for row in COMMANDS)])
def test_help_snapshot(command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    text = _help([command] if command else [])
    check_golden(GOLDEN / f"{command or 'belharbi-bib'}.txt", text)


@pytest.mark.parametrize("command", [row.name for row in COMMANDS])
def test_help_works_everywhere(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: belharbi-bib {command}")
    assert "--verbose" in out
    assert "--config" in out
