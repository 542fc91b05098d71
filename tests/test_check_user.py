"""``check FILE`` on a user's file: LaTeX failures are errors, the rest is advice, one line each."""

from __future__ import annotations

from pathlib import Path

import pytest

from belharbi_bib.cli import main

# Two entries that normalize would rewrite (several fields each), one canonical entry.
MESSY = """@article{doe2020,
  author = {Jane Doe and John Roe},
  title = {A study},
  journal = {Journal of Things},
  pages = {1-5},
  month = {March},
  year = {2020},
}

@misc{roe2021,
   title = {Another},
   year = {2021},
   doi = {10.1007/978-3-662-46681-0\\_28},
}

@article{kim2019,
  author = {Kim, Ann},
  title = {Fine},
  journal = {J},
  year = {2019},
}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _check(path: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> tuple[int, str]:
    status = main(["check", *flags, str(path)])
    return status, capsys.readouterr().err


def test_one_problem_per_entry_naming_the_rules(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Issue 15: check printed one error per changed field (272-383 lines on ordinary exports).
    bib = project / "refs.bib"
    bib.write_text(MESSY, encoding="utf-8")
    status, err = _check(bib, capsys)
    lines = [line for line in err.splitlines() if "check.not-normalized" in line]
    assert len(lines) == 2
    assert f"{bib}:1: warning check.not-normalized: [doe2020] entry is not canonical" in lines[0]
    assert "(names, months, pages)" in lines[0]
    assert "[roe2021]" in lines[1]
    assert "(layout, verbatim)" in lines[1]
    assert err.splitlines()[-1] == (
        "1 file(s) checked: 0 error(s), 3 warning(s); 2 entries not canonical"
    )
    assert status == 0
    assert _check(bib, capsys, "--strict")[0] == 1


def test_verbatim_escapes_are_flagged(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Issue 16: DBLP's escaped underscores in DOIs were flagged by neither normalize nor check.
    bib = project / "refs.bib"
    bib.write_text(MESSY, encoding="utf-8")
    _, err = _check(bib, capsys)
    (line,) = [line for line in err.splitlines() if "check.verbatim-escape" in line]
    assert "'10.1007/978-3-662-46681-0\\_28' should be '10.1007/978-3-662-46681-0_28'" in line
    assert line.startswith(f"{bib}:13: warning")


def test_latex_failures_are_errors_advice_is_warnings(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = """@article{a,
  author = {Doe, Jane},
  title = {T},
  year = {2020},
  isbn = {978-3-16-148410-1},
  primaryclass = {cs},
  crossref = {nowhere},
}

@article{a,
  title = {Again},
}
"""
    bib = project / "refs.bib"
    bib.write_text(text, encoding="utf-8")
    status, err = _check(bib, capsys)
    errors = {line.split()[2] for line in err.splitlines() if " error " in line}
    warnings = {line.split()[2] for line in err.splitlines() if " warning " in line}
    assert errors == {"bib.duplicate-key:"}
    assert {"check.bad-isbn:", "check.bad-arxiv-class:", "check.missing-crossref:"} <= warnings
    assert status == 1


def test_required_field_speaks_bibtex(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bib = project / "refs.bib"
    bib.write_text("@article{a,\n  title = {T},\n  year = {2020},\n}\n", encoding="utf-8")
    status, err = _check(bib, capsys)
    assert (
        "warning check.required: [a] @article needs a 'journal' field (BibTeX warns \"empty" in err
    )
    assert status == 0
