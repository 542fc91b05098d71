"""Rendering and start-up: ``format`` against ``pandoc --citeproc``, CV latency, import time.

``format`` renders N entries (the first N of a corpus file) in a CSL style; pandoc renders the
CSL-JSON that ``belharbi-bib export --to csljson`` makes of the same entries, with the same style
file. Ours runs cold (``--no-cache``) and warm (a cache filled by one earlier run).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from measure import Series, alternate, ratio, run_once
from report import Section, seconds, times, verdict

PY = sys.executable
STYLES = ("apa", "ieee")
_SYSTEM_STYLES = Path("/usr/share/citation-style-language/styles")
_NOCITE = "---\nnocite: |\n  @*\n---\n"


def style_file(root: Path, name: str) -> Path | None:
    """Return the CSL file of style ``name``: the bundled one, else the system's."""
    for folder in (root / "belharbi_bib" / "render" / "styles", _SYSTEM_STYLES):
        path = folder / f"{name}.csl"
        if path.exists():
            return path
    return None


def make_subset(source: Path, count: int, target: Path) -> int:
    """Write the first ``count`` entries of ``source`` to ``target``; return how many."""
    from belharbi_bib.bibtex.reader import read
    from belharbi_bib.bibtex.writer import write

    records = [r for r in read(source).records if r.key][:count]
    target.write_text(write(records), encoding="utf-8")
    return len(records)


def format_section(
    root: Path, source: Path, sizes: Sequence[int], work: Path, rounds: int
) -> Section:
    """Measure ``format`` and pandoc on subsets of ``source``."""
    section = Section("format", "format (CSL) against pandoc --citeproc")
    pandoc = shutil.which("pandoc")
    section.add(
        f"Entries: the first N of `{source.name}`; median of {rounds} alternating round(s), "
        "whole processes. Target (APA, 1000 entries): cold ≤ 3× pandoc; warm (nothing changed "
        "since the last run) faster than pandoc.",
        "",
    )
    rows = []
    for size in sizes:
        subset = work / f"subset-{size}.bib"
        count = make_subset(source, size, subset)
        csl_json = work / f"subset-{size}.json"
        exported = run_once(_ours("export", "--to", "csljson", "--bib", subset, "-o", csl_json))
        for style in STYLES:
            rows.append(
                _format_row(
                    root, style, subset, count, csl_json, exported.code, pandoc, work, rounds
                )
            )
    section.table(
        [
            "style",
            "entries",
            "ours cold s",
            "ms/entry",
            "pandoc s",
            "ms/entry",
            "cold/pandoc",
            "≤3×",
            "ours warm s",
            "warm/pandoc",
            "warm faster",
        ],
        rows,
    )
    return section


def _format_row(
    root: Path,
    style: str,
    subset: Path,
    count: int,
    csl_json: Path,
    exported: int,
    pandoc: str | None,
    work: Path,
    rounds: int,
) -> list[str]:
    cache = work / f"cache-{style}-{count}"
    base = ["format", "--style", style, "--to", "text", "--bib", subset]
    commands: dict[str, Sequence[str]] = {
        "cold": _ours(*base, "--no-cache", "-o", work / "cold.txt"),
        "warm": _ours(*base, "--cache-dir", cache, "-o", work / "warm.txt"),
    }
    css = style_file(root, style)
    if pandoc and css and exported in (0, 1):  # 1: written, with errors reported
        document = work / "nocite.md"
        document.write_text(_NOCITE, encoding="utf-8")
        commands["pandoc"] = [
            pandoc, "--citeproc", "--csl", str(css), "--bibliography", str(csl_json),
            "-t", "plain", "-o", str(work / "pandoc.txt"), str(document),
        ]  # fmt: skip
    # Fills the cache. Exit 1 only says the input has errors (m-zotero-7k's first 1000 entries
    # hold duplicate keys): the list is written all the same. 2 or more: no format command.
    if run_once(commands["warm"]).code not in (0, 1):
        return [style, str(count), "not available", *["—"] * 8]
    series = alternate(commands, rounds)
    cold, warm = series["cold"], series["warm"]
    peer = series.get("pandoc")
    cold_ratio = ratio(cold.wall, peer.wall) if peer else None
    warm_ratio = ratio(warm.wall, peer.wall) if peer else None
    return [
        style,
        str(count),
        seconds(cold.wall),
        f"{cold.wall * 1000 / count:.2f}",
        seconds(peer.wall) if peer else "not available",
        f"{peer.wall * 1000 / count:.2f}" if peer else "—",
        times(cold_ratio),
        verdict(cold_ratio, 3.0),
        seconds(warm.wall),
        times(warm_ratio),
        verdict(warm_ratio, 1.0 - 1e-9),
    ]


def latency_section(rounds: int) -> Section:
    """Measure the whole-process latency of ``cv`` and ``format`` and the import time."""
    section = Section("latency", "start-up and latency on the bundled database")
    section.add(
        f"Median of {rounds} alternating round(s). Targets: `belharbi-bib cv --to markdown` under "
        "0.4 s; `import belharbi_bib` under 100 ms (import time = `python -c 'import "
        "belharbi_bib'` minus `python -c pass`; `-X importtime` reports the same import alone).",
        "",
    )
    out = Path("/dev/null")
    commands: dict[str, Sequence[str]] = {
        "belharbi-bib cv --to markdown": _ours("cv", "--to", "markdown", "-o", out),
        "belharbi-bib format (apa, text)": _ours("format", "--to", "text", "--no-cache", "-o", out),
        "python -c 'import belharbi_bib'": [PY, "-c", "import belharbi_bib"],
        "python -c pass": [PY, "-c", "pass"],
    }
    series = alternate(commands, rounds)
    bare = series["python -c pass"].wall
    rows = []
    for name, result in series.items():
        target = _latency_target(name, result, bare)
        codes = ",".join(map(str, result.codes))
        rows.append([f"`{name}`", seconds(result.wall), seconds(result.cpu), codes, target])
    importtime = _importtime(rounds)
    rows.append(
        [
            "`-X importtime` (belharbi_bib, cumulative)",
            seconds(importtime),
            "—",
            "0",
            _ms(importtime, 0.1),
        ]
    )
    section.table(["command", "wall s", "CPU s", "exit", "target met"], rows)
    return section


def _latency_target(name: str, result: Series, bare: float) -> str:
    if result.codes != (0,):
        return "not available"
    if "cv" in name:
        return verdict(result.wall, 0.4)
    if "import" in name:
        return _ms(result.wall - bare, 0.1)
    return "—"


def _ms(value: float | None, limit: float) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:.0f} ms: {verdict(value, limit)}"


def _importtime(rounds: int) -> float | None:
    found: list[float] = []
    for _ in range(max(rounds, 3)):
        done = subprocess.run(
            [PY, "-X", "importtime", "-c", "import belharbi_bib"],
            capture_output=True,
            text=True,
            check=False,
        )
        match = re.search(r"\|\s*(\d+) \| belharbi_bib\s*$", done.stderr, re.M)
        if match:
            found.append(int(match.group(1)) / 1e6)
    return sorted(found)[len(found) // 2] if found else None


def _ours(*args: object) -> list[str]:
    return [PY, "-m", "belharbi_bib", *map(str, args)]
