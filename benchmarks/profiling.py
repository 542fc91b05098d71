"""Where ``normalize`` spends its time: a cProfile run grouped by stage.

The command's own work (decode, parse, record rules, duplicates, keys, writing) is run in
this process under :mod:`cProfile` with the garbage collector off, as the command line runs
it; each stage's cumulative time is shown as a share of the whole, and the functions with the
most time of their own are listed. Profiling slows Python code down unevenly, so the shares
say where to look, not what a run costs (see the timing tables for that).
"""

from __future__ import annotations

import cProfile
import gc
import pstats
from pathlib import Path

from bibfiles import BibFile
from report import Section

STAGES = (
    ("decode", "belharbi_bib/files.py", "decode_narrow"),
    ("parse (reader)", "belharbi_bib/bibtex/reader.py", "convert"),
    ("record rules", "belharbi_bib/normalize/pipeline.py", "run_stages"),
    ("duplicates", "belharbi_bib/normalize/pipeline.py", "_deduplicate"),
    ("keys", "belharbi_bib/normalize/pipeline.py", "_rekey"),
    ("write", "belharbi_bib/bibtex/writer.py", "pieces"),
    ("cache of canonical entries", "belharbi_bib/normalize/cache.py", "learn"),
)
"""(label, file, function) of each stage whose cumulative time is reported."""


def _run(path: Path) -> None:
    """What ``belharbi-bib normalize FILE -o OUT`` does with a cold cache, output discarded."""
    from belharbi_bib.bibtex.writer import pieces
    from belharbi_bib.cli.commands.normalize import parse_bytes
    from belharbi_bib.files import read_bytes
    from belharbi_bib.normalize import Options, cache, normalize

    library, sources = parse_bytes(read_bytes(path), str(path), with_sources=True)
    options = Options()
    known = cache.CanonicalCache(cache.salt(options))
    known.attach(library, sources)
    result = normalize(library, options, cache=known)
    for piece in pieces(result.library, known.text):
        piece.encode("utf-8")


def profile_section(file: BibFile, top: int = 12) -> Section:
    """Profile the default normalization of ``file``; return the stage and hot-spot tables."""
    _run(file.path)  # imports and first-use caches out of the way
    profiler = cProfile.Profile()
    gc.disable()
    try:
        profiler.runcall(_run, file.path)
    finally:
        gc.enable()
    stats = pstats.Stats(profiler)
    table = stats.stats  # type: ignore[attr-defined]
    total = max(entry[3] for entry in table.values())  # (calls, all calls, own, cumulative, ..)
    rows = []
    for label, where, name in STAGES:
        cumulative = sum(
            entry[3]
            for (path, _, func), entry in table.items()
            if func == name and path.endswith(where)
        )
        rows.append([label, f"{cumulative / total * 100:.0f}%"])
    hot = sorted(table.items(), key=lambda item: item[1][2], reverse=True)[:top]
    hot_rows = [
        [f"`{_short(path)}:{func}`", str(entry[1]), f"{entry[2] / total * 100:.1f}%"]
        for (path, _, func), entry in hot
    ]
    section = Section("profile", f"profile: where normalize spends its time ({file.label})")
    section.add(
        "cProfile of what `normalize FILE -o OUT` does with a cold cache (decode, parse, default "
        "rules, duplicates, keys, the streamed write), in one process, garbage collector "
        "off as in the command line (start-up not included). Shares of the whole; profiling "
        "inflates Python-level calls, so these say where to look, not what a run costs.",
        "",
    )
    section.table(["stage", "share"], rows)
    section.add(f"The {top} functions with the most time of their own:", "")
    section.table(["function", "calls", "own share"], hot_rows)
    return section


def _short(path: str) -> str:
    marker = "belharbi_bib/"
    return path[path.rfind(marker) :] if marker in path else Path(path).name
