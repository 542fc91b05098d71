"""Every real-world corpus file, exported, compiles no worse than the original (issue 16).

For each file, the original and ``export --to bibtex`` go through pdflatex + bibtex with
``plainnat`` and with ``IEEEtran``; the original and ``export --to biblatex`` through pdflatex
+ biber with biblatex's ``authoryear``; every entry is cited with ``\\nocite{*}``. The export may
not have more errors or more warnings than the original (see ``benchmarks/compile_corpus.py``
for what is counted; it also writes the per-file table of docs/latex.md).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from conftest import require_tool

HARNESS_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "compile_corpus.py"


def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("compile_corpus", HARNESS_PATH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("compile_corpus", module)
    spec.loader.exec_module(module)
    return module


HARNESS = _harness()

KNOWN_WORSE: dict[str, str] = {
    "13_bbt_paren_entries_quietly_discarded.bib": (
        "plainnat: errors 86 -> 24, but warnings 567 -> 915: the export typesets entries the "
        "original loses at `\\{`, and their missing fields are warned about (open: compare per "
        "entry)"
    ),
    "17_bbt_percent_preamble_mojibake.bib": (
        "its @preamble runs \\makeatletter inside biblatex's \\preamble, where catcodes are "
        "fixed: errors cascade; the original aborts earlier on a bare % in the abstract, which "
        "the export escapes, so the export gets further and counts more cascading errors"
    ),
    "31_gb7714_chinese_example.bib": (
        "Chinese text: pdflatex with T1 cannot typeset it at all; errors are counted per "
        "character occurrence, and the original aborts earlier (runaway arguments)"
    ),
    "32_gost_cyrillic_examples.bib": (
        "Cyrillic text without T2A fonts: errors are counted per character occurrence, and the "
        "original aborts earlier"
    ),
}
"""Files where the counts cannot judge the export (see docs/latex.md); expected to fail."""


def test_the_counter_sees_problems(tmp_path: Path) -> None:
    """A file with a missing field and an undefined macro must count: a blind counter fails."""
    for tool in ("pdflatex", "bibtex", "biber"):
        require_tool(tool)
    (tmp_path / "bad.bib").write_text(
        "@article{a, title = {T}, journal = undefinedmacro, year = {2020}}\n", encoding="utf-8"
    )
    for processor, style in HARNESS.JUDGES:
        count = HARNESS.compile_one(tmp_path, "bad", processor, style)
        assert count.warnings >= 1, (processor, style, count.lines)
        assert count.entries == 1


def test_export_compiles_no_worse_than_the_original(
    corpus_file: Path, request: pytest.FixtureRequest
) -> None:
    for tool in ("pdflatex", "bibtex", "biber"):
        require_tool(tool)
    reason = KNOWN_WORSE.get(corpus_file.name)
    if reason is not None:
        request.applymarker(pytest.mark.xfail(reason=reason, strict=False))
    (result,) = HARNESS.measure([corpus_file], jobs=2)
    worse = {
        judge: (original, exported)
        for judge, (original, exported) in result.counts.items()
        if not exported.no_worse_than(original)
    }
    details = {
        judge: (
            f"original {o.errors}E/{o.warnings}W, export {e.errors}E/{e.warnings}W",
            sorted(set(e.lines) - set(o.lines))[:10],
        )
        for judge, (o, e) in worse.items()
    }
    assert not worse, details
