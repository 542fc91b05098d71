"""Instructions executed (valgrind's callgrind), ours against bibtexparser, on the small files.

CPU times move between runs on a shared machine (the ratios of the files under 1 MB by up to
±0.1 in five rounds); the number of instructions a process executes does not, given the same
input, code and hash seed. This section counts them for a cold ``normalize``, for
bibtexparser's parse + write and for the start-up floor, so that a change of a few percent
shows as one. Instructions are not time: imports (many small objects, page faults) take more
time per instruction than a parse loop does, so the CPU ratios of the normalize table, which the
targets are stated in, stay the measure; these tell changes apart.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from bibfiles import BibFile
from report import Section, times
from roundtrip import IMPORT_NORMALIZE, WRITE_BP
from scaling import NORMALIZE

PY = sys.executable
SMALL = 1_000_000
"""Files under this size (bytes) are counted: the larger ones meet the targets by a margin,
and callgrind runs ~50 times slower than the program."""
_COLLECTED = re.compile(r"Collected : (\d+)")


def count(argv: Sequence[str], env: Mapping[str, str], log: Path) -> int | None:
    """Return the instructions ``argv`` executes under callgrind, or None when it cannot run."""
    log.unlink(missing_ok=True)  # a log left by the previous file must not be read as this one's
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--log-file={log}",
            "--callgrind-out-file=/dev/null",
            *argv,
        ],
        capture_output=True,
        env=dict(env),
        check=False,
    )
    found = _COLLECTED.search(log.read_text(encoding="utf-8")) if log.exists() else None
    if done.returncode not in (0, 1, 2) or found is None:
        return None
    return int(found.group(1))


def instructions_section(files: Sequence[BibFile], work: Path) -> Section:
    """Count the instructions of ``normalize`` and bibtexparser on each file under 1 MB."""
    section = Section("instructions", "instructions: normalize against bibtexparser (callgrind)")
    if shutil.which("valgrind") is None:
        section.add("valgrind is not installed: nothing counted.", "")
        return section
    rows = []
    for file in (f for f in files if f.size < SMALL):
        cache = work / f"{file.path.stem}.instructions-cache"
        shutil.rmtree(cache, ignore_errors=True)
        env = {**os.environ, "PYTHONHASHSEED": "0", "XDG_CACHE_HOME": str(cache)}
        out = str(work / "instructions.out.bib")
        ours = count([*NORMALIZE, str(file.path), "-o", out], env, work / "ours.log")
        peer = count([PY, "-c", WRITE_BP, str(file.path), out], env, work / "bp.log")
        floor = count([PY, "-c", IMPORT_NORMALIZE], env, work / "floor.log")
        rows.append(
            [
                file.label,
                str(file.entries),
                _millions(ours),
                _millions(peer),
                times(ours / peer if ours and peer else None),
                _millions(floor),
                times(floor / peer if floor and peer else None),
            ]
        )
    section.add(
        "Instructions executed by whole processes under valgrind's callgrind (`PYTHONHASHSEED=0`, "
        "so that the same code gives the same count): a cold `normalize --no-config FILE -o OUT` "
        "(empty cache), bibtexparser's parse + write, and the start-up floor (an interpreter "
        "that imported the normalize command). Exact from run to run; not time (see the module "
        "docstring of `benchmarks/instructions.py`): the targets are the CPU ratios above.",
        "",
    )
    section.table(
        [
            "file",
            "entries",
            "ours M instr",
            "bibtexparser M instr",
            "ours/bp",
            "floor M instr",
            "floor/bp",
        ],
        rows,
    )
    return section


def _millions(value: int | None) -> str:
    return "—" if value is None else f"{value / 1e6:,.1f}"
