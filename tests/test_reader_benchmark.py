"""The reading benchmark runs on a tiny input and merges its table (no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_reading_benchmark_writes_its_table(tmp_path: Path) -> None:
    source = tmp_path / "tiny.bib"
    source.write_text("@misc{a, title = {A}}\n@misc{a, title = {B}}\n", encoding="utf-8")
    docs = tmp_path / "doc.md"
    docs.write_text("# Doc\n\nProse kept.\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "reading.py"),
            "--files",
            str(source),
            "--rounds",
            "1",
            "--write-docs",
            str(docs),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    text = docs.read_text(encoding="utf-8")
    assert text.startswith("# Doc\n\nProse kept.\n")
    [row] = [line for line in text.splitlines() if line.startswith("| tiny.bib")]
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert cells[2:4] == ["2", "2 / 0 / 1"]  # entries; records / verbatim / problems
