"""Reading, normalizing, checking and writing .bib files: ours against bibtexparser and bibtex-tidy.

For each file, every command below runs once per round, in turn (so that a noisy neighbour
slows all of them alike), and each figure is the median over the rounds:

- ``read``: ours ``belharbi_bib.read`` / bibtexparser ``parse_file``;
- ``write``: ours read + ``write`` (no rules) / bibtexparser ``parse_file`` + ``write_file``;
- ``normalize``: ``belharbi-bib normalize FILE -o OUT`` (default rules) / bibtexparser
  ``parse_file`` + ``write_file`` / ``bibtex-tidy FILE -o OUT`` (its defaults);
- ``check``: ``belharbi-bib normalize --check`` on our canonical output of the file /
  bibtexparser ``parse_file`` + ``write_file`` of that same canonical file.

``normalize`` and ``check`` run twice per round: *cold* (the cache of canonical entries is
emptied before each run, so the run also pays for filling and writing it) and *warm* (the cache
an earlier run on the same file left). Every run gets its own ``$XDG_CACHE_HOME`` under the
work directory, so the user's cache is never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bibfiles import BibFile, count_file_entries
from measure import Series, alternate, ratio, run_once
from report import Section, seconds, times, verdict

PY = sys.executable
READ_OURS = "import sys; from belharbi_bib.bibtex.reader import read; read(sys.argv[1])"
WRITE_OURS = (
    "import sys; from belharbi_bib.bibtex.reader import read; "
    "from belharbi_bib.bibtex.writer import write; "
    "from belharbi_bib.files import write_text_atomic; "
    "write_text_atomic(sys.argv[2], write(read(sys.argv[1])))"
)
READ_BP = "import sys, bibtexparser; bibtexparser.parse_file(sys.argv[1])"
WRITE_BP = (
    "import sys, bibtexparser; "
    "bibtexparser.write_file(sys.argv[2], bibtexparser.parse_file(sys.argv[1]))"
)
IMPORT_NORMALIZE = (
    "import gc; gc.disable(); import belharbi_bib.cli.commands.normalize; gc.freeze()"
)
"""The start-up floor of ``normalize``: an interpreter that imported the command, nothing run
(the collector as the command line has it: off, and what was loaded frozen for the exit)."""
RULES_OFF = (
    "--no-whitespace", "--no-verbatim", "--no-names", "--no-titles", "--no-months",
    "--no-pages", "--no-doi", "--no-arxiv", "--no-arxiv-journal", "--no-duplicates", "--no-keys",
)  # fmt: skip
"""Every rule of ``normalize`` off: the command only reads, reports and writes canonically."""
COLD = 'rm -rf "$0" && XDG_CACHE_HOME="$0" exec "$@"'
"""Shell wrapper of a cold run: empty the cache directory ``$0``, then run the command in it."""
NORMALIZE_TARGET, CHECK_TARGET, MEMORY_TARGET = 0.4, 0.15, 10.0


@dataclass(frozen=True, slots=True)
class FileResult:
    """The measurements of one file."""

    file: BibFile
    series: dict[str, Series]
    kept_ours: int | None
    kept_tidy: int | None
    tidy_codes: tuple[int, ...]


def tidy_command(root: Path) -> Path | None:
    """Return bibtex-tidy's command when it is installed under ``benchmarks/.node``."""
    command = root / "benchmarks" / ".node" / "node_modules" / ".bin" / "bibtex-tidy"
    return command if command.exists() and shutil.which("node") else None


def measure_file(file: BibFile, work: Path, rounds: int, tidy: Path | None) -> FileResult:
    """Run every command on ``file``, alternating, for ``rounds`` rounds."""
    stem = file.path.stem
    canon = work / f"{stem}.canonical.bib"
    # --no-config: the checkout's own pyproject.toml (text = "unicode") must not add rules the
    # peer never runs; a user's directory has no such configuration.
    normalize = [PY, "-m", "belharbi_bib", "--no-config", "normalize"]
    env = {**os.environ, "XDG_CACHE_HOME": str(work / f"{stem}.cache-warm")}
    cold = ["/bin/sh", "-c", COLD, str(work / f"{stem}.cache-cold")]
    run_once([*normalize, str(file.path), "-o", str(canon)], env)
    run_once([*normalize, "--check", str(canon)], env)  # fills the warm cache
    names = ("ours", "ourswarm", "ourswrite", "oursbare", "bp", "tidy")
    out = {name: str(work / f"{stem}.{name}.bib") for name in names}
    commands: dict[str, Sequence[str]] = {
        "normalize": [*cold, *normalize, str(file.path), "-o", out["ours"]],
        "normalize_warm": [*normalize, str(file.path), "-o", out["ourswarm"]],
        "normalize_bare": [
            *normalize,
            "--no-cache",
            *RULES_OFF,
            str(file.path),
            "-o",
            out["oursbare"],
        ],
        "bp_roundtrip": [PY, "-c", WRITE_BP, str(file.path), out["bp"]],
        "check": [*cold, *normalize, "--check", str(canon)],
        "check_warm": [*normalize, "--check", str(canon)],
        "bp_canonical": [PY, "-c", WRITE_BP, str(canon), str(work / "bp-canonical.bib")],
        "read": [PY, "-c", READ_OURS, str(file.path)],
        "bp_read": [PY, "-c", READ_BP, str(file.path)],
        "write": [PY, "-c", WRITE_OURS, str(file.path), out["ourswrite"]],
        "floor": [PY, "-c", IMPORT_NORMALIZE],
    }
    if tidy is not None:
        commands["tidy"] = [str(tidy), str(file.path), "--output", out["tidy"], "--no-modify"]
    series = alternate(commands, rounds, env)
    kept_tidy = count_file_entries(Path(out["tidy"])) if tidy is not None else None
    tidy_codes = series["tidy"].codes if "tidy" in series else ()
    return FileResult(file, series, count_file_entries(Path(out["ours"])), kept_tidy, tidy_codes)


def interpreter_baseline_mb() -> float:
    """Peak memory of a bare ``python -c pass``, in MiB (the floor of every Python figure)."""
    return max(run_once([PY, "-c", "pass"]).peak_kb for _ in range(3)) / 1024


def modules_baseline_mb() -> float:
    """Peak memory of an interpreter that imported the ``normalize`` command, in MiB."""
    command = [PY, "-c", IMPORT_NORMALIZE]
    return max(run_once(command).peak_kb for _ in range(3)) / 1024


MEMORY_FROM = 10 * 2**20
"""The memory target applies to files of this size and more."""


def sections(results: Sequence[FileResult], rounds: int, baseline_mb: float) -> list[Section]:
    """Return the tables of this part of the benchmarks."""
    return [_normalize(results, rounds, baseline_mb), _check(results), _read_write(results)]


def _normalize(results: Sequence[FileResult], rounds: int, baseline_mb: float) -> Section:
    section = Section("normalize", "normalize: parse → normalized file (default rules)")
    modules_mb = modules_baseline_mb()
    floor_mb = modules_mb * 2**20 / MEMORY_TARGET / 1e6
    section.add(
        f"Median of {rounds} alternating round(s), whole processes. Target: ours/bibtexparser "
        f"≤ {NORMALIZE_TARGET}× in CPU time (wall clock shown too; the machine is shared), "
        f"faster than bibtex-tidy, every entry kept, peak memory ≤ {MEMORY_TARGET:.0f}× the "
        "file size. A bare interpreter "
        f"peaks at {baseline_mb:.1f} MiB, one that imported the normalize command at "
        f"{modules_mb:.1f} MiB: that floor alone is more than {MEMORY_TARGET:.0f}× "
        f"a file under {floor_mb:.1f} MB, so the memory target applies from 10 MB on. The "
        '"ours − interpreter" column discounts the bare interpreter. "ours" is a cold run '
        '(empty cache of canonical entries); "warm" reuses the cache an earlier run on the '
        "same input left (it only helps entries that were already canonical in the input). "
        '"floor/bp CPU" is the start-up floor (an interpreter that imported the normalize '
        "command and did nothing else) over bibtexparser's whole run: where it exceeds the "
        'target, the target cannot be met by any speed of the work itself. "no rules/bp CPU" '
        "is the same command with every rule off (duplicates and keys too: it reads, reports "
        "and writes the canonical layout): where it exceeds the target, no speed of the rules "
        "can meet it.",
        "",
    )
    rows = []
    for result in results:
        s, file = result.series, result.file
        ours, peer, warm = s["normalize"], s["bp_roundtrip"], s["normalize_warm"]
        wall = ratio(ours.wall, peer.wall)
        tidy = s.get("tidy")
        tidy_cell = seconds(tidy.wall) if tidy else "—"
        if tidy and tidy.codes != (0,):
            tidy_cell += f" (exit {','.join(map(str, tidy.codes))})"
        rows.append(
            [
                file.label,
                f"{file.megabytes:.2f}",
                str(file.entries),
                seconds(ours.wall),
                seconds(peer.wall),
                times(wall),
                times(ratio(ours.cpu, peer.cpu)),
                verdict(ratio(ours.cpu, peer.cpu), NORMALIZE_TARGET),
                times(ratio(s["floor"].cpu, peer.cpu)),
                times(ratio(s["normalize_bare"].cpu, peer.cpu)),
                tidy_cell,
                times(ratio(ours.wall, tidy.wall)) if tidy and tidy.codes == (0,) else "—",
                f"{_kept(result.kept_ours)} / {_kept(result.kept_tidy)}",
                f"{file.entries / ours.wall:,.0f}",
                f"{ours.peak_mb:.0f} ({ours.peak_mb * 2**20 / file.size:.1f}×)",
                f"{peer.peak_mb:.0f} ({peer.peak_mb * 2**20 / file.size:.1f}×)",
                f"{(ours.peak_mb - baseline_mb) * 2**20 / file.size:.1f}×",
                _memory_verdict(ours.peak_mb, file.size),
                seconds(warm.wall),
                times(ratio(warm.wall, peer.wall)),
            ]
        )
    section.table(
        [
            "file",
            "MB",
            "entries",
            "ours s",
            "bibtexparser s",
            "ours/bp",
            "ours/bp CPU",
            f"≤{NORMALIZE_TARGET} CPU",
            "floor/bp CPU",
            "no rules/bp CPU",
            "bibtex-tidy s",
            "ours/tidy",
            "entries kept (ours / tidy)",
            "ours entries/s",
            "ours peak MiB (×size)",
            "bp peak MiB (×size)",
            "ours − interpreter (×size)",
            f"≤{MEMORY_TARGET:.0f}× (≥10 MB)",
            "ours warm s",
            "warm/bp",
        ],
        rows,
    )
    return section


def _kept(count: int | None) -> str:
    return "—" if count is None else str(count)


def _memory_verdict(peak_mb: float, size: int) -> str:
    if size < MEMORY_FROM:
        return "—"
    return "yes" if peak_mb * 2**20 <= MEMORY_TARGET * size else "no"


def _check(results: Sequence[FileResult]) -> Section:
    section = Section("check", "normalize --check on an already-canonical file")
    section.add(
        "The input is our own normalized output of each file; the peer parses and writes that "
        f"same file. Target: ≤ {CHECK_TARGET}×. Cold: the cache of canonical entries is empty "
        "(the run fills and writes it); warm: the cache a previous run on this file left.",
        "",
    )
    rows = []
    for result in results:
        ours, peer = result.series["check"], result.series["bp_canonical"]
        warm = result.series["check_warm"]
        wall = ratio(ours.wall, peer.wall)
        warm_wall = ratio(warm.wall, peer.wall)
        rows.append(
            [
                result.file.label,
                seconds(ours.wall),
                seconds(warm.wall),
                seconds(peer.wall),
                times(wall),
                times(ratio(ours.cpu, peer.cpu)),
                verdict(wall, CHECK_TARGET),
                times(warm_wall),
                times(ratio(warm.cpu, peer.cpu)),
                verdict(warm_wall, CHECK_TARGET),
                f"{result.file.entries / warm.wall:,.0f}",
            ]
        )
    section.table(
        [
            "file",
            "cold s",
            "warm s",
            "bibtexparser s",
            "cold/bp",
            "cold/bp CPU",
            f"≤{CHECK_TARGET} cold",
            "warm/bp",
            "warm/bp CPU",
            f"≤{CHECK_TARGET} warm",
            "warm entries/s",
        ],
        rows,
    )
    return section


def _read_write(results: Sequence[FileResult]) -> Section:
    section = Section("readwrite", "read, and read + write without rules")
    section.add(
        "read: `belharbi_bib.read` against bibtexparser's `parse_file`; write: our read + "
        "canonical write against bibtexparser's `parse_file` + `write_file`.",
        "",
    )
    rows = []
    for result in results:
        s, entries = result.series, result.file.entries
        rows.append(
            [
                result.file.label,
                seconds(s["read"].wall),
                seconds(s["bp_read"].wall),
                times(ratio(s["read"].wall, s["bp_read"].wall)),
                f"{entries / s['read'].wall:,.0f}",
                f"{entries / s['bp_read'].wall:,.0f}",
                seconds(s["write"].wall),
                seconds(s["bp_roundtrip"].wall),
                times(ratio(s["write"].wall, s["bp_roundtrip"].wall)),
            ]
        )
    section.table(
        [
            "file",
            "read s",
            "bp parse s",
            "ratio",
            "ours entries/s",
            "bp entries/s",
            "read+write s",
            "bp parse+write s",
            "ratio",
        ],
        rows,
    )
    return section


def node_version() -> str:
    """Return Node's version, or ``absent``."""
    node = shutil.which("node")
    if node is None:
        return "absent"
    done = subprocess.run([node, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or "unknown"
