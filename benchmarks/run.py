"""Run the benchmarks and print their tables (or write them into docs/benchmarks.md).

Usage::

    python benchmarks/run.py                     # everything, 5 rounds (about 15 minutes)
    python benchmarks/run.py --quick             # 1 round, files under 5 MB, small sizes
    python benchmarks/run.py --only normalize --rounds 3
    python benchmarks/run.py --only scaling --only startup   # linearity, edits, --version
    python benchmarks/run.py --only instructions             # callgrind counts, small files
    python benchmarks/run.py --files my.bib --output /tmp/bench.md
    python benchmarks/run.py --write-docs        # update docs/benchmarks.md (not with --quick)

The tables go to stdout unless ``--output FILE`` or ``--write-docs`` says where to merge them.

Every figure is measured on whole processes, ours and the peer alternating in the same run;
see docs/benchmarks.md for what each table compares and the targets.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bibfiles import BibFile, describe, perf_files  # noqa: E402
from report import Section, merge  # noqa: E402

ROOT = HERE.parent
SECTIONS = (
    "normalize", "instructions", "profile", "scaling", "startup", "format", "latency", "enrich",
)  # fmt: skip
DOCS = ROOT / "docs" / "benchmarks.md"
QUICK_LIMIT = 5_000_000
"""With ``--quick``, files larger than this (bytes) are left out."""


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 round, small files and sizes")
    parser.add_argument("--only", action="append", choices=SECTIONS, help="run only SECTION")
    parser.add_argument("--rounds", type=int, help="rounds per comparison (default 5, quick 1)")
    parser.add_argument(
        "--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "perf",
        help="folder of .bib files (default ../shared/corpus/perf)",
    )  # fmt: skip
    parser.add_argument("--files", nargs="+", type=Path, help="these .bib files instead")
    target = parser.add_mutually_exclusive_group()
    target.add_argument(
        "--output", type=Path, help="Markdown file to update (default: print the tables)"
    )
    target.add_argument(
        "--write-docs", action="store_true", help=f"update {DOCS.relative_to(ROOT)}"
    )
    args = parser.parse_args(argv)
    if args.write_docs and (args.quick or args.files):
        parser.error("--write-docs records runs on the whole corpus: drop --quick/--files")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen sections and update the output file."""
    args = parse_args(argv)
    rounds = args.rounds or (1 if args.quick else 5)
    chosen = tuple(args.only or SECTIONS)
    files = _files(args)
    compile_bytecode()
    sections: list[Section] = []
    with tempfile.TemporaryDirectory(prefix="belharbi-bench-") as tmp:
        work = Path(tmp)
        if "normalize" in chosen:
            sections.extend(_roundtrip(files, work, rounds))
        if "instructions" in chosen:
            from instructions import instructions_section

            _progress("instructions")
            sections.append(instructions_section(files, work))
        if "profile" in chosen:
            from profiling import profile_section

            _progress("profile")
            source = args.corpus / "m-zotero-7k.bib"
            sections.append(profile_section(describe(source) if source.exists() else files[0]))
        if "scaling" in chosen:
            sections.extend(_scaling(args, files, work, rounds))
        if "startup" in chosen:
            from scaling import startup_section

            _progress("startup")
            sections.append(startup_section(max(rounds, 5)))
        if "format" in chosen:
            sections.append(_format(args, work, rounds))
        if "latency" in chosen:
            from rendering import latency_section

            _progress("latency")
            sections.append(latency_section(max(rounds, 3)))
        if "enrich" in chosen:
            from enriching import section

            _progress("enrichment")
            sections.append(section((150,) if args.quick else (250, 1000)))
    blocks = {"header": "\n".join(header(args, rounds))}
    blocks.update({s.name: s.render() for s in sections})
    output: Path | None = DOCS if args.write_docs else args.output
    if output is None:
        sys.stdout.write(merge("# Benchmarks\n", blocks))
        return 0
    previous = output.read_text(encoding="utf-8") if output.exists() else "# Benchmarks\n"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(merge(previous, blocks), encoding="utf-8")
    print(f"wrote {output}", file=sys.stderr)
    return 0


def compile_bytecode() -> None:
    """Compile the package's modules to bytecode, as ``pip install`` does, before timing.

    An editable install is never compiled by pip, and where ``PYTHONDONTWRITEBYTECODE`` is set
    (as in CI) Python does not write the bytecode it compiles: every timed process would then
    compile the ~60 modules a command imports from source (about 60 ms more a run, measured on
    2026-12-07), a cost no installed copy pays. ``compileall`` writes it whatever that variable
    says. Every module is compiled again (about a second): ``compileall`` takes bytecode whose
    recorded modification time equals the source's, in whole seconds, for up to date, while
    the import also compares sizes; a module changed within the second of its last compile (a
    ``git stash`` or a checkout does that) would then be compiled from source by every timed
    process, silently.
    """
    import compileall

    compileall.compile_dir(ROOT / "belharbi_bib", quiet=2, force=True)


def _files(args: argparse.Namespace) -> list[BibFile]:
    paths: list[Path] = list(args.files) if args.files else perf_files(args.corpus)
    if not args.files:
        paths.append(ROOT / "bib" / "belharbi.bib")
    found = [describe(p) for p in paths if p.exists()]
    if args.quick:
        found = [f for f in found if f.size <= QUICK_LIMIT]
    return found


def _roundtrip(files: list[BibFile], work: Path, rounds: int) -> list[Section]:
    from roundtrip import interpreter_baseline_mb, measure_file, sections, tidy_command

    tidy = tidy_command(ROOT)
    results = []
    for file in files:
        _progress(f"normalize {file.label}")
        results.append(measure_file(file, work, rounds, tidy))
    return sections(results, rounds, interpreter_baseline_mb())


SCALING_SIZES = (1_000, 3_000, 10_000, 30_000, 100_000)
"""Entries per generated file in the scaling table (``--quick``: the first three)."""


def _scaling(
    args: argparse.Namespace, files: list[BibFile], work: Path, rounds: int
) -> list[Section]:
    from scaling import changed_check_section, scaling_section

    source = args.corpus / "m-zotero-7k.bib"
    base = describe(source) if source.exists() and not args.files else files[0]
    sizes = SCALING_SIZES[:3] if args.quick else SCALING_SIZES
    _progress("scaling")
    table = scaling_section(base, sizes, work, rounds)
    _progress("check after edits")
    return [table, changed_check_section(files, work, rounds)]


def _format(args: argparse.Namespace, work: Path, rounds: int) -> Section:
    from rendering import format_section

    _progress("format")
    source = args.corpus / "m-zotero-7k.bib"
    if args.files or not source.exists():
        source = (args.files or [ROOT / "bib" / "belharbi.bib"])[0]
    sizes = (200,) if args.quick else (200, 1000)
    return format_section(ROOT, source, sizes, work, rounds)


def header(args: argparse.Namespace, rounds: int) -> list[str]:
    """Return the lines naming the machine, the versions and the date of this run."""
    from roundtrip import node_version

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"Run on {datetime.date.today().isoformat()}: {_cpu()}, {os.cpu_count()} CPUs, "
        f"{platform.system()} {platform.machine()}; load average at the end {load}.",
        "",
        f"Versions: Python {platform.python_version()}, belharbi-bib {_version('belharbi-bib')}, "
        f"bibtexparser {_version('bibtexparser')}, pybtex {_version('pybtex')}, "
        f"citeproc-py {_version('citeproc-py')}, bibtex-tidy {_tidy_version()}, "
        f"Node {node_version()}, {_pandoc_version()}.",
        "",
        f"Command: `python benchmarks/run.py {' '.join(sys.argv[1:])}`".rstrip() + f" ({rounds} "
        "round(s) per comparison; the package's bytecode compiled first, as an installed copy "
        "has it).",
    ]


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def _tidy_version() -> str:
    package = HERE / ".node" / "node_modules" / "bibtex-tidy" / "package.json"
    if not package.exists():
        return "absent"
    import json

    return str(json.loads(package.read_text(encoding="utf-8")).get("version", "unknown"))


def _pandoc_version() -> str:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return "pandoc absent"
    done = subprocess.run([pandoc, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.splitlines()[0] if done.stdout else "pandoc (unknown version)"


def _progress(what: str) -> None:
    print(f"benchmarks: {what} ...", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
