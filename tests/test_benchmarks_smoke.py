"""The benchmark suite runs on a tiny input and writes its tables (no timing is asserted)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

TINY = """@string{cvpr = {Computer Vision and Pattern Recognition}}

@inproceedings{belharbi2022,
  author = {Soufiane Belharbi and Ismail Ben Ayed},
  title = {Deep {CAM}: A survey},
  booktitle = cvpr,
  pages = {1-5},
  year = 2022,
}

@article{doe2020, author = {Doe, Jane}, title = "On things", journal = {J}, year = {2020}}
"""


def test_quick_run_writes_the_normalize_tables(tmp_path: Path) -> None:
    source = tmp_path / "tiny.bib"
    source.write_text(TINY, encoding="utf-8")
    output = tmp_path / "benchmarks.md"
    output.write_text("# Benchmarks\n\nProse kept as written.\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--quick",
            "--only",
            "normalize",
            "--files",
            str(source),
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = output.read_text(encoding="utf-8")
    assert "Prose kept as written." in text
    for heading in ("### normalize: parse", "### normalize --check", "### read, and read + write"):
        assert heading in text
    row = next(line for line in text.splitlines() if line.startswith("| tiny.bib |"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert cells[1:3] == ["0.00", "2"]  # MB, entries
    assert cells[12].startswith("2 / ")  # both entries kept by ours
    assert text.count("<!-- benchmarks:normalize:begin") == 1


def test_a_second_run_replaces_only_its_blocks() -> None:
    name = "benchmarks_report"
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "report.py")
    assert spec is not None
    assert spec.loader is not None
    report: Any = importlib.util.module_from_spec(spec)
    sys.modules[name] = report  # dataclasses look their module up
    try:
        spec.loader.exec_module(report)
    finally:
        del sys.modules[name]
    first = report.merge("# B\n", {"header": "one", "normalize": "table 1"})
    second = report.merge(first, {"normalize": "table 2"})
    assert "table 1" not in second
    assert "one" in second
    assert second.count(report.block("normalize", "table 2")) == 1


def test_without_write_docs_nothing_is_written(tmp_path: Path) -> None:
    """The README's quick command prints the tables and leaves docs/benchmarks.md alone."""
    source = tmp_path / "tiny.bib"
    source.write_text(TINY, encoding="utf-8")
    docs = ROOT / "docs" / "benchmarks.md"
    before = docs.read_bytes()
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--only", "normalize",
         "--files", str(source)],
        capture_output=True, text=True, cwd=ROOT, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "| tiny.bib |" in done.stdout
    assert docs.read_bytes() == before


def test_write_docs_refuses_partial_runs() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--write-docs"],
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "--write-docs" in done.stderr
