"""What the reader makes of each corpus file, dumped to compare before and after a reader change.

For every file: each block in order (records with their type, key, line and every field's name,
raw value, line, expanded text and value; other blocks as their ``repr``), every problem as
written and as a value, and the canonical text the writer makes of the library (what
``save(load(f))`` writes). A speed or memory change to the reader must leave all of it
byte-identical.

Usage::

    python benchmarks/reader_snapshot.py dump /tmp/before        # before the change
    python benchmarks/reader_snapshot.py dump /tmp/after         # after it
    python benchmarks/reader_snapshot.py compare /tmp/before /tmp/after

``--files`` replaces the default inputs (``../shared/corpus/realworld`` and ``.../perf``).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from belharbi_bib.bibtex.reader import read
from belharbi_bib.bibtex.writer import write
from belharbi_bib.model import Library, Record

ROOT = Path(__file__).resolve().parent.parent
CORPORA = (
    ROOT.parent / "shared" / "corpus" / "realworld",
    ROOT.parent / "shared" / "corpus" / "perf",
)


def lines_of(library: Library) -> Iterator[str]:
    """Yield one line per block, field and problem of a library."""
    for block in library.blocks:
        if isinstance(block, Record):
            yield repr(("record", block.key, block.entry_type, block.line, block.path))
            for item in block.fields:
                yield repr(("field", item.name, item.raw, item.line, item.text, item.value))
        else:
            yield repr(block)
    for problem in library.problems:
        yield f"problem {problem} {problem!r}"


def dump(paths: Sequence[Path], out: Path) -> None:
    """Write ``NAME.dump`` and ``NAME.bib`` for each input into ``out``; print a digest each."""
    out.mkdir(parents=True, exist_ok=True)
    for path in paths:
        library = read(path)
        text = "\n".join(lines_of(library)) + "\n"
        (out / f"{path.name}.dump").write_text(text, encoding="utf-8", errors="surrogatepass")
        (out / f"{path.name}.bib").write_text(write(library), encoding="utf-8", newline="")
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
        print(f"{path.name}: {len(library)} records, {len(library.problems)} problems, {digest}")


def compare(before: Path, after: Path) -> int:
    """Print every file that differs between two dumps; return 1 when any does."""
    names = sorted({p.name for p in before.iterdir()} | {p.name for p in after.iterdir()})
    differ = [
        name
        for name in names
        if not (before / name).exists()
        or not (after / name).exists()
        or (before / name).read_bytes() != (after / name).read_bytes()
    ]
    for name in differ:
        print(f"differs: {name}")
    print(f"{len(names) - len(differ)} of {len(names)} files identical")
    return 1 if differ else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Dump or compare."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dumping = commands.add_parser("dump", help="dump what the reader makes of the inputs")
    dumping.add_argument("out", type=Path)
    dumping.add_argument("--files", nargs="+", type=Path)
    comparing = commands.add_parser("compare", help="compare two dumps")
    comparing.add_argument("before", type=Path)
    comparing.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "compare":
        return compare(args.before, args.after)
    paths = args.files or sorted(
        p
        for corpus in CORPORA
        if corpus.is_dir()
        for p in corpus.iterdir()
        if p.suffix in (".bib", ".bibtex")
    )
    if not paths:
        print("no input files (../shared/corpus missing?)", file=sys.stderr)
        return 2
    dump(paths, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
