"""The command line: subcommands, exit codes, output streams, error reporting."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from belharbi_bib.cli import main

GOOD = """@article{Smith2020,
  author = {Smith, John and Doe, Jane},
  title = {A Study},
  journal = {Journal of Tests},
  year = {2020},
}
"""


def write(tmp_path: Path, text: str, name: str = "refs.bib") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("belharbi-bib ")


@pytest.mark.parametrize("command", ["list", "show", "check", "facts"])
def test_every_subcommand_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    assert "usage: belharbi-bib " + command in capsys.readouterr().out


def test_no_command_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage:" in capsys.readouterr().err


def test_list_json_of_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, GOOD)
    assert main(["list", "--bib", str(path), "--json"]) == 0
    (item,) = json.loads(capsys.readouterr().out)
    assert item["key"] == "Smith2020"
    assert item["authors"] == ["Smith, John", "Doe, Jane"]
    assert item["year"] == 2020
    assert item["venue"] == "Journal of Tests"


def test_list_filters_by_author_and_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--author", "S. Belharbi", "--kind", "thesis"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    assert "phdthesis" in lines[0]


def test_list_unknown_kind_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--kind", "novel"]) == 2
    assert "unknown kind 'novel'" in capsys.readouterr().err


def test_list_writes_output_file(tmp_path: Path) -> None:
    out = tmp_path / "works.txt"
    assert main(["list", "--year", "2022", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").count("\t2022\t") >= 3


def test_show_unknown_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "no-such-key"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no entry with key 'no-such-key'" in captured.err


def test_unreadable_file_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--bib", str(tmp_path / "missing.bib")]) == 2
    assert "missing.bib: no such file" in capsys.readouterr().err


def test_check_reports_path_line_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, GOOD + "\n@article{Bad,\n  title = {No journal},\n  year = {2021},\n}\n")
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:8: error check.required: [Bad] @article needs a 'author' field" in err
    assert f"{path}:8: error check.required: [Bad] @article needs a 'journal' field" in err


def test_check_malformed_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "@article{a, title = {x}\n\n" + GOOD)
    assert main(["check", str(path)]) == 1
    assert f"{path}:1: error bib.syntax:" in capsys.readouterr().err


def test_check_canonical_file_passes(tmp_path: Path) -> None:
    assert main(["check", str(write(tmp_path, GOOD))]) == 0


def test_check_strict_fails_on_warnings(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("Doe, Jane", "others"))
    assert main(["check", str(path)]) == 0
    assert main(["check", "--strict", str(path)]) == 1


def test_python_dash_m_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "belharbi_bib", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert done.stdout.startswith("belharbi-bib ")


def test_import_is_light() -> None:
    code = (
        "import sys, belharbi_bib; heavy = {'bibtexparser', 'pybtex', 'requests', 'citeproc', "
        "'pylatexenc'}; print(sorted(heavy & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "[]"


def test_a_subcommand_imports_only_its_own_area() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from belharbi_bib.cli import main\n"
        "main(['list'])\n"
        "areas = ('render', 'curriculum', 'enrichment', 'exports', 'intake')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[1:2] and m.split('.')[1] in areas))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
