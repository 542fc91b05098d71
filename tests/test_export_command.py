"""``belharbi-bib export``: options, --keys/--aux/--tex, problems, exit codes, output files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import belharbi_bib
from belharbi_bib.cli import command_parser
from belharbi_bib.cli.commands import export as command
from belharbi_bib.cli.options import UsageError
from belharbi_bib.exports import export

LATEX_DATA = Path(__file__).resolve().parent / "data" / "latex"


def run(*argv: str) -> int:
    parser = command_parser("export")
    return command.run(parser.parse_args(list(argv)))


def keys_of(text: str) -> list[str]:
    return re.findall(r"^@\w+\{([^,]+),", text, re.MULTILINE)


def test_default_exports_the_whole_database(capsys: pytest.CaptureFixture[str]) -> None:
    assert run() == 0
    out = capsys.readouterr().out
    expected = export(belharbi_bib.load(), venues=belharbi_bib.load_venues())
    assert out == expected
    assert len(keys_of(out)) == len(belharbi_bib.load())


def test_keys_with_alias_and_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--keys", "sbelharbiphd2018,belharbi2025colocam", "--keys", "nope2020") == 1
    captured = capsys.readouterr()
    assert keys_of(captured.out) == ["belharbi2025colocam", "sbelharbiphd2018"]
    assert "error export.unknown-key: cited key 'nope2020' is not in the database" in (captured.err)


def test_biblatex_keeps_canonical_keys_and_ids(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--to", "biblatex", "--keys", "sbelharbiphd2018", "--no-abstract") == 0
    out = capsys.readouterr().out
    assert keys_of(out) == ["belharbi2018neural"]
    assert "ids = {sbelharbiphd2018}" in out
    assert "abstract" not in out


def test_aux(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--aux", str(LATEX_DATA / "paper.aux")) == 0
    captured = capsys.readouterr()
    assert len(keys_of(captured.out)) == 11
    assert "murtaza25realistic" in keys_of(captured.out)
    assert captured.err == ""


def test_tex_with_filters(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--tex", str(LATEX_DATA / "paper.tex"), "--kind", "journal", "--since", "2020") == 0
    assert keys_of(capsys.readouterr().out) == ["belharbi2025colocam", "rony2023deep"]


def test_tex_unknown_keys_are_warnings_with_locations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tex = tmp_path / "p.tex"
    tex.write_text("Intro.\n\\cite{belharbi2018neural, smith2020other}\n", encoding="utf-8")
    assert run("--tex", str(tex)) == 0
    captured = capsys.readouterr()
    assert keys_of(captured.out) == ["belharbi2018neural"]
    assert f"{tex}:2: warning export.unknown-key: cited key 'smith2020other'" in captured.err


def test_no_citations_warns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    aux = tmp_path / "empty.aux"
    aux.write_text("\\relax\n", encoding="utf-8")
    assert run("--aux", str(aux)) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "warning export.no-citations" in captured.err


def test_output_file_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "refs.bib"
    options = ("--to", "biblatex", "--strings", "--venue", "short", "--ascii")
    assert run(*options, "-o", str(out)) == 0
    assert capsys.readouterr().out == ""
    text = out.read_text(encoding="utf-8")
    assert text.isascii()
    assert text.startswith("@string{")
    assert "Proc. WACV" in text


def test_csljson(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("belharbi_bib.render.csljson", reason="render.csljson not written yet")
    assert run("--to", "csljson", "--keys", "sbelharbiphd2018") == 0
    items = json.loads(capsys.readouterr().out)
    assert [item["id"] for item in items] == ["sbelharbiphd2018"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--keys", "a", "--aux", "x.aux"), "choose one of --keys, --aux, --tex"),
        (("--to", "csljson", "--strings"), "apply to .bib dialects"),
        (("--kind", "novel"), "unknown kind"),
    ],
)
def test_usage_errors(argv: tuple[str, ...], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        run(*argv)


def test_missing_aux_is_a_clean_error(capsys: pytest.CaptureFixture[str]) -> None:
    from belharbi_bib.cli import main

    assert main(["export", "--aux", "/nonexistent/paper.aux"]) == 2
    err = capsys.readouterr().err
    assert "belharbi-bib: error: /nonexistent/paper.aux: no such file" in err
    assert "Traceback" not in err


def test_cli_main_runs_export(capsys: pytest.CaptureFixture[str]) -> None:
    from belharbi_bib.cli import main

    assert main(["export", "--keys", "belharbi2018neural", "--to", "biblatex"]) == 0
    assert keys_of(capsys.readouterr().out) == ["belharbi2018neural"]
