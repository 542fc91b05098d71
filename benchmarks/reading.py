"""Reading .bib files: our reader against bibtexparser's ``parse_file``, whole processes.

For each input, three commands run alternately, round after round: ``belharbi_bib.read``,
``bibtexparser.parse_file`` and a bare interpreter (to show what start-up alone costs). The
table gives median CPU and wall times, the speed-up (bibtexparser / ours, CPU), and peak
resident memory against the file size, raw and without the bare interpreter's share.

Targets (issue 13): at least 3× faster than ``bibtexparser.parse_file`` on every file of the
performance corpus; peak memory under 10× the file size.

Usage::

    python benchmarks/reading.py                      # the perf corpus, 3 rounds, print
    python benchmarks/reading.py --write-docs         # also update docs/data-model.md
    python benchmarks/reading.py --files a.bib --rounds 1
"""

from __future__ import annotations

import argparse
import platform
import sys
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bibfiles import BibFile, describe, perf_files  # noqa: E402
from measure import alternate, ratio  # noqa: E402
from report import Section, merge, seconds, times  # noqa: E402

READ_OURS = "import sys; from belharbi_bib.bibtex.reader import read; read(sys.argv[1])"
READ_BP = "import sys, bibtexparser; bibtexparser.parse_file(sys.argv[1])"
BARE = "import sys"
COUNT = (
    "import sys; from belharbi_bib.bibtex.reader import read; from belharbi_bib.model import "
    "Unparsed; lib = read(sys.argv[1]); "
    "print(len(lib), sum(isinstance(b, Unparsed) for b in lib.blocks), len(lib.problems))"
)
COMPILED = "from belharbi_bib.bibtex import scanner; print(scanner.COMPILED)"
IN_PROCESS = """
import gc, sys, time
from belharbi_bib.bibtex.reader import read
import bibtexparser
path, calls = sys.argv[1], int(sys.argv[2])
ours, peer = [], []
read(path), bibtexparser.parse_file(path)  # first-use caches of both, out of the way
for _ in range(calls):
    gc.collect(); start = time.process_time(); read(path)
    ours.append(time.process_time() - start)
    gc.collect(); start = time.process_time(); bibtexparser.parse_file(path)
    peer.append(time.process_time() - start)
import tracemalloc
peaks = []
for read_call in (read, bibtexparser.parse_file):  # untimed: tracing slows every allocation
    gc.collect(); tracemalloc.start(); read_call(path)
    peaks.append(tracemalloc.get_traced_memory()[1]); tracemalloc.stop()
print(sorted(ours)[calls // 2], sorted(peer)[calls // 2], *peaks)
"""
"""Both libraries imported in one process, their read calls alternated (garbage collector on, as
in a user's script; a collection before each call, untimed, so that neither call pays for the
other's garbage): the median CPU time of each call, then the peak of the memory one call of each
allocates (``tracemalloc``, in a separate untimed call)."""
CALLS = 5
TARGET_SPEEDUP = 3.0
TARGET_MEMORY = 10.0
DOCS = ROOT / "docs" / "data-model.md"


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Return the command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", nargs="+", type=Path, help="inputs (default: perf corpus)")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "perf")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--write-docs",
        nargs="?",
        const=DOCS,
        type=Path,
        metavar="FILE",
        help=f"merge the table into FILE (default {DOCS.relative_to(ROOT)})",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print the table, and merge it into the docs when asked."""
    args = parse_args(argv)
    paths = args.files or perf_files(args.corpus)
    if not paths:
        print(f"no input files (corpus {args.corpus} missing?)", file=sys.stderr)
        return 2
    section = measure([describe(path) for path in paths], args.rounds)
    text = section.render()
    print(text)
    if args.write_docs is not None:
        target: Path = args.write_docs
        old = target.read_text(encoding="utf-8") if target.exists() else ""
        target.write_text(merge(old, {"reading": text}), encoding="utf-8")
    return 0


def measure(files: list[BibFile], rounds: int) -> Section:
    """Run the comparison on ``files`` and return its section of Markdown."""
    section = Section("reading", "Reading: belharbi_bib.read against bibtexparser.parse_file")
    section.add(
        f"Median of {rounds} alternating round(s), whole processes (start-up and imports "
        f"included), on {platform.python_implementation()} {platform.python_version()}, "
        f"{_scanner_path()}. "
        f"Targets: ≥{TARGET_SPEEDUP:g}× bibtexparser's speed (CPU), peak memory "
        f'<{TARGET_MEMORY:g}× the file size. "net" subtracts a bare interpreter\'s time or '
        'memory, measured in the same rounds. "call": both libraries imported in one '
        f"process, `read(path)` and `parse_file(path)` alternated {CALLS} times or more "
        "(garbage collector on, as in a script; an untimed collection before each call), "
        "median CPU of each call, and the peak of what one call allocates (`tracemalloc`) "
        "against the file size — the read itself, "
        "without the interpreter's and the imports' start-up. Generated by "
        "`benchmarks/reading.py`.",
        "",
    )
    rows = []
    for item in files:
        path = str(item.path)
        series = alternate(
            {
                "ours": [sys.executable, "-c", READ_OURS, path],
                "bp": [sys.executable, "-c", READ_BP, path],
                "bare": [sys.executable, "-c", BARE],
            },
            rounds,
        )
        ours, peer, bare = series["ours"], series["bp"], series["bare"]
        speedup = ratio(peer.cpu, ours.cpu)
        net = ratio(peer.cpu - bare.cpu, ours.cpu - bare.cpu)
        size_mb = item.size / 2**20
        records, failed, problems = _counts(path)
        call_ours, call_peer, traced_ours, traced_peer = _in_process(path, max(rounds, CALLS))
        call_speedup = ratio(call_peer, call_ours)
        rows.append(
            [
                item.label,
                f"{item.megabytes:.2f}",
                str(item.entries),
                f"{records} / {failed} / {problems}",
                seconds(ours.cpu),
                seconds(peer.cpu),
                times(speedup),
                times(net),
                "yes" if speedup is not None and speedup >= TARGET_SPEEDUP else "no",
                f"{call_ours * 1000:.1f} / {call_peer * 1000:.1f}",
                times(call_speedup),
                "yes" if call_speedup is not None and call_speedup >= TARGET_SPEEDUP else "no",
                f"{traced_ours / item.size:.1f}× / {traced_peer / item.size:.1f}×",
                "yes" if traced_ours / item.size < TARGET_MEMORY else "no",
                f"{ours.peak_mb:.0f} ({ours.peak_mb / size_mb:.1f}×)",
                f"{(ours.peak_mb - bare.peak_mb) / size_mb:.1f}×",
                "yes" if ours.peak_mb / size_mb < TARGET_MEMORY else "no",
                f"{peer.peak_mb:.0f} ({peer.peak_mb / size_mb:.1f}×)",
            ]
        )
    section.table(
        [
            "file",
            "MB",
            "entries",
            "records / verbatim / problems",
            "ours CPU s",
            "bp CPU s",
            "speed-up",
            "net speed-up",
            f"≥{TARGET_SPEEDUP:g}×",
            "call ms ours / bp",
            "call speed-up",
            f"call ≥{TARGET_SPEEDUP:g}×",
            "call memory ×size ours / bp",
            f"call <{TARGET_MEMORY:g}×",
            "ours peak MiB (×size)",
            "ours net ×size",
            f"<{TARGET_MEMORY:g}×",
            "bp peak MiB (×size)",
        ],
        rows,
    )
    return section


def _scanner_path() -> str:
    """Say which scanner the measured processes use (they inherit this environment)."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", COMPILED],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    if done.stdout.strip() == "True":
        return "with the compiled scanner loop"
    return "with the pure-Python scanner (compiled loop not built, or BELHARBI_BIB_PURE_PYTHON=1)"


def _in_process(path: str, calls: int) -> tuple[float, float, int, int]:
    """Return one read call's median CPU seconds and peak allocated bytes, ours and the peer's."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", IN_PROCESS, path, str(calls)],
        capture_output=True,
        text=True,
        check=True,
    )
    ours, peer, traced_ours, traced_peer = done.stdout.split()[-4:]
    return float(ours), float(peer), int(traced_ours), int(traced_peer)


def _counts(path: str) -> tuple[str, str, str]:
    """Return how many records, verbatim blocks and problems our reader finds (untimed)."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", COUNT, path], capture_output=True, text=True, check=False
    )
    parts = done.stdout.split()
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 else ("?", "?", "?")


if __name__ == "__main__":
    raise SystemExit(main())
