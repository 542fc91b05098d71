"""Scaling, a check after a few edits, and start-up: the normalizer's other figures.

- ``scaling``: files of 1k to 100k entries built from the performance corpus (entries repeated
  with renamed keys), ``belharbi-bib normalize`` cold against bibtexparser ``parse_file`` +
  ``write_file``; CPU seconds per entry show whether time stays linear.
- ``check after edits``: ``normalize --check`` on a canonical file after a few entries changed,
  with the caches a check of the unchanged file left, against bibtexparser on the same file.
- ``startup``: ``belharbi-bib --version`` and ``python -c 'import belharbi_bib'`` CPU time.

Every figure is a whole process (see :mod:`measure`), ours and the peer alternating.
"""

from __future__ import annotations

import itertools
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from bibfiles import ENTRY_START, BibFile
from measure import alternate, ratio, run_once
from report import Section, seconds, times, verdict
from roundtrip import IMPORT_NORMALIZE

PY = sys.executable
WRITE_BP = (
    "import sys, bibtexparser; "
    "bibtexparser.write_file(sys.argv[2], bibtexparser.parse_file(sys.argv[1]))"
)
NORMALIZE = [PY, "-m", "belharbi_bib", "normalize", "--no-config"]
COLD = 'rm -rf "$0" && XDG_CACHE_HOME="$0" exec "$@"'
NORMALIZE_TARGET, CHANGED_TARGET, STARTUP_TARGET_MS = 0.4, 0.3, 50.0
_KEY = re.compile(r"(@\w+\s*[{(]\s*)([^,\s]*)")


def split_entries(text: str) -> tuple[str, list[str]]:
    """Return the text before the first entry (``@string`` ...) and each entry's text.

    >>> split_entries("@string{a = {b}}\\n@misc{k,\\n}\\n@misc{l,\\n}\\n")
    ('@string{a = {b}}\\n', ['@misc{k,\\n}\\n', '@misc{l,\\n}\\n'])
    """
    starts = [match.start() for match in ENTRY_START.finditer(text)]
    if not starts:
        return text, []
    bounds = [*starts, len(text)]
    return text[: starts[0]], [text[a:b] for a, b in itertools.pairwise(bounds)]


def build(source: str, count: int) -> str:
    """Return a .bib text of ``count`` entries: those of ``source`` repeated, keys renamed.

    >>> build("@misc{k,\\n}\\n", 3).count("@misc")
    3
    """
    head, entries = split_entries(source)
    pieces = [head]
    for index in range(count):
        entry = entries[index % len(entries)]
        copy = index // len(entries)
        if copy:
            entry = _KEY.sub(rf"\g<1>\g<2>-{copy}", entry, count=1)
        pieces.append(entry)
    return "".join(pieces)


def scaling_section(source: BibFile, sizes: Sequence[int], work: Path, rounds: int) -> Section:
    """Time ``normalize`` and bibtexparser on files of ``sizes`` entries built from ``source``."""
    text = source.path.read_text(encoding="utf-8", errors="surrogateescape")
    rows = []
    for size in sizes:
        path = work / f"scaling-{size}.bib"
        path.write_text(build(text, size), encoding="utf-8", errors="surrogateescape")
        cache = str(work / f"scaling-{size}.cache")
        commands = {
            "ours": ["/bin/sh", "-c", COLD, cache, *NORMALIZE, str(path), "-o", f"{path}.ours"],
            "bp": [PY, "-c", WRITE_BP, str(path), f"{path}.bp"],
        }
        series = alternate(commands, rounds)
        ours, peer = series["ours"], series["bp"]
        rows.append(
            [
                str(size),
                f"{path.stat().st_size / 1e6:.1f}",
                seconds(ours.cpu),
                seconds(peer.cpu),
                times(ratio(ours.cpu, peer.cpu)),
                f"{ours.cpu / size * 1e6:.0f}",
                f"{peer.cpu / size * 1e6:.0f}",
                f"{ours.peak_mb:.0f} ({ours.peak_mb * 1048576 / path.stat().st_size:.1f}×)",
            ]
        )
    section = Section("scaling", "scaling: normalize time against the number of entries")
    section.add(
        f"Files built from {source.label} (its entries repeated with renamed keys, so repeats "
        f"are also reported as possible duplicates), median CPU of {rounds} alternating "
        "round(s), whole processes, cold cache; `--no-config`. Time is linear when the µs per "
        "entry stay flat.",
        "",
    )
    section.table(
        [
            "entries",
            "MB",
            "ours CPU s",
            "bibtexparser CPU s",
            "ours/bp CPU",
            "ours µs/entry",
            "bp µs/entry",
            "ours peak MiB (×size)",
        ],
        rows,
    )
    return section


def _edit(text: str, count: int) -> str:
    """Return ``text`` with ``count`` entries (spread over the file) given a doubled space."""
    head, entries = split_entries(text)
    step = max(1, len(entries) // max(count, 1))
    changed = 0
    for index in range(0, len(entries), step):
        if changed == count:
            break
        entry = entries[index]
        if "title = {" in entry:
            entries[index] = entry.replace("title = {", "title = {  ", 1)
            changed += 1
    return head + "".join(entries)


def changed_check_section(files: Sequence[BibFile], work: Path, rounds: int) -> Section:
    """Time ``normalize --check`` on canonical files after a few edits, caches warm."""
    rows = []
    for file in files:
        stem = file.path.stem
        path = work / f"{stem}.edited.bib"
        env = {**os.environ, "XDG_CACHE_HOME": str(work / f"{stem}.edited-cache")}
        run_once([*NORMALIZE, str(file.path), "-o", str(path)], env)
        run_once([*NORMALIZE, "--check", str(path)], env)  # the caches of the unchanged file
        canonical = path.read_text(encoding="utf-8", errors="surrogateescape")
        path.write_text(_edit(canonical, 5), encoding="utf-8", errors="surrogateescape")
        commands = {
            "ours": [*NORMALIZE, "--check", str(path)],
            "bp": [PY, "-c", WRITE_BP, str(path), str(work / "edited.bp.bib")],
            "floor": [PY, "-c", IMPORT_NORMALIZE],
        }
        series = alternate(commands, rounds, env)
        ours, peer = series["ours"], series["bp"]
        cpu = ratio(ours.cpu, peer.cpu)
        rows.append(
            [
                file.label,
                str(file.entries),
                seconds(ours.cpu),
                seconds(peer.cpu),
                times(cpu),
                verdict(cpu, CHANGED_TARGET),
                times(ratio(series["floor"].cpu, peer.cpu)),
                ",".join(map(str, ours.codes)),
            ]
        )
    section = Section("changed", "normalize --check after a few edits (caches warm)")
    section.add(
        "Our canonical output of each file, checked once (which leaves the caches), then 5 "
        "entries spread over the file edited (a doubled space in the title): `normalize "
        f"--check` on it against bibtexparser parse + write of it; median CPU of {rounds} "
        f"alternating round(s). Target: ≤ {CHANGED_TARGET}×. Exit 1 = changes found, as "
        'expected (2: the file also has errors, such as duplicate keys). "floor/bp": an '
        "interpreter that only imported the normalize command, over bibtexparser's run — the "
        "ratio no speed of the work itself can go under.",
        "",
    )
    section.table(
        [
            "file",
            "entries",
            "ours CPU s",
            "bibtexparser CPU s",
            "ours/bp CPU",
            "met",
            "floor/bp CPU",
            "exit",
        ],
        rows,
    )
    return section


def startup_section(rounds: int) -> Section:
    """Measure the CPU time of ``belharbi-bib --version`` and of importing the package."""
    script = Path(PY).parent / "belharbi-bib"
    commands: dict[str, Sequence[str]] = {
        "belharbi-bib --version": [str(script), "--version"],
        "python -c 'import belharbi_bib'": [PY, "-c", "import belharbi_bib"],
        "python -m belharbi_bib --version": [PY, "-m", "belharbi_bib", "--version"],
        "python -c pass": [PY, "-c", "pass"],
    }
    if not script.exists():
        del commands["belharbi-bib --version"]
    series = alternate(commands, rounds)
    rows = []
    for name, result in series.items():
        ms = result.cpu * 1000
        met = "—" if name == "python -c pass" else verdict(ms, STARTUP_TARGET_MS)
        rows.append([f"`{name}`", f"{ms:.0f}", f"{result.wall * 1000:.0f}", met])
    section = Section("startup", "start-up: --version and import")
    section.add(
        f"Median of {rounds} alternating round(s), whole processes (the interpreter's own "
        f"start-up included). Target: ≤ {STARTUP_TARGET_MS:.0f} ms CPU for `belharbi-bib "
        "--version` and for `import belharbi_bib`.",
        "",
    )
    section.table(["command", "CPU ms", "wall ms", "met"], rows)
    return section
