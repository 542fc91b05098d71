"""The structure holds: layering and no import cycles, one selection for API and CLI, aliases."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import belharbi_bib
from belharbi_bib.cli import main
from belharbi_bib.model import Field, Library, Person, Record

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    found = Path(sys.executable).parent / name
    if found.exists():
        return str(found)
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} not installed (pip install -e '.[dev]')")
        pytest.skip(f"{name} not installed")
    return path


def test_import_contracts_hold() -> None:
    """Layers (CLI > areas > core) and no import cycle at any depth (import-linter)."""
    done = subprocess.run(
        [_tool("lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert "0 broken" in done.stdout


def _cli_keys(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    assert main(["list", *argv]) == 0
    return [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]


def test_select_works_agrees_with_the_cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    library = belharbi_bib.load()
    for kind in ("workshop", "conference", "journal", "preprint"):
        api = [r.key for r in belharbi_bib.select_works(library, kinds={kind})]
        assert api == _cli_keys(capsys, "--kind", kind), kind
    assert [r.key for r in belharbi_bib.select_works(library, kinds={"workshop"})]


def test_select_works_rejects_an_unknown_kind() -> None:
    with pytest.raises(ValueError, match=r"unknown kind 'journals' \(choose from journal, "):
        belharbi_bib.select_works(belharbi_bib.load(), kinds={"journals"})


def test_select_works_by_key_and_alias() -> None:
    library = belharbi_bib.load()
    chosen = belharbi_bib.select_works(library, keys=["SBELHARBIPHD2018"])
    assert [r.key for r in chosen] == ["belharbi2018neural"]
    assert chosen.strings == library.strings  # other blocks are kept


def test_library_lookup_resolves_aliases() -> None:
    library = belharbi_bib.load()
    assert library["sbelharbiphd2018"].key == "belharbi2018neural"
    assert "sbelharbiphd2018" in library
    assert library.get("SBelharbiPhD2018") is library["belharbi2018neural"]
    with pytest.raises(KeyError):
        library["no-such-key"]


def test_a_real_key_wins_over_an_alias() -> None:
    first = Record("a", "misc", (Field.of("ids", "b"),))
    second = Record("b", "misc")
    library = Library.of([first, second])
    assert library["b"] is second


def test_plain_text_views() -> None:
    record = Record(
        "k",
        "misc",
        (
            Field("title", r"{CAM} in H{\'e}rault <b>"),
            Field("author", r"{\"O}zg{\"u}r, Ay{\c{s}}e"),
        ),
    )
    assert record.title == r"{CAM} in H{\'e}rault <b>"
    assert record.title_text == "CAM in Hérault <b>"
    assert [p.text for p in record.authors] == ["Ayşe Özgür"]
    assert Person("Beethoven", "Ludwig", "van").text == "Ludwig van Beethoven"


def test_dir_lists_the_lazy_entry_points() -> None:
    names = dir(belharbi_bib)
    for name in ("format", "export", "cv", "enrich", "select_works", "load"):
        assert name in names


def test_no_repeated_code() -> None:
    """pylint's duplicate-code (8+ lines, signatures included) finds nothing in the package."""
    done = subprocess.run(
        [_tool("pylint"), "belharbi_bib"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout[-3000:]


def test_library_calls_leave_the_garbage_collector_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """gc tuning is the application's business: only the CLI's main() does it."""
    import gc

    from belharbi_bib.normalize import normalize

    def refuse() -> None:
        raise AssertionError("library code called gc.disable()")

    monkeypatch.setattr(gc, "disable", refuse)
    library = belharbi_bib.load()
    normalize(library)
    belharbi_bib.loads("@misc{k, title = {A}}")


def test_output_formats_are_one_table() -> None:
    """Renderers ask the markup, never test its name: a new format is a row in MARKUPS."""
    from belharbi_bib.markup import FORMATS, MARKUPS

    assert tuple(m.name for m in MARKUPS) == FORMATS
    for path in (ROOT / "belharbi_bib" / "render").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "markup.name" not in text, path.name
        assert 'fmt == "' not in text, path.name


@pytest.mark.parametrize("name", ["text", "html", "markdown", "latex", "rst"])
def test_every_markup_frames_a_list(name: str) -> None:
    from belharbi_bib.markup import markup_for

    markup = markup_for(name)
    entry = markup.entry("k", "[1]", markup.text("Doe <J.> 1. & co"))
    document = markup.document([entry, entry])
    assert document.count(entry) == 2
    assert "<J.>" not in document or name in ("text", "latex")


def test_every_third_party_import_is_declared() -> None:
    """Each library the package imports is a declared dependency (lxml was not)."""
    import re
    import sysconfig
    from importlib.metadata import packages_distributions

    grimp = pytest.importorskip("grimp")
    graph = grimp.build_graph("belharbi_bib", include_external_packages=True)
    stdlib = set(sys.stdlib_module_names)
    external = {m for m in graph.modules if not m.startswith("belharbi_bib")} - stdlib
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = pyproject[pyproject.index("dependencies = [") : pyproject.index("[project.optional")]
    declared = {re.split(r"[<>=~;\[ ]", line.strip().strip('",'))[0].lower()
                for line in section.splitlines()[1:] if line.strip().startswith('"')}  # fmt: skip
    distributions = packages_distributions()
    assert sysconfig.get_paths()  # a real environment
    for module in sorted(external):
        names = {d.lower() for d in distributions.get(module, [module])}
        assert names & declared, f"{module} is imported but not declared ({sorted(names)})"


def _compiles_with_re(tree: ast.AST) -> list[int]:
    """Return the lines of ``tree`` that call ``re.compile`` or a ``compile`` imported from re."""
    aliases = {"re"}
    direct: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            aliases |= {a.asname or a.name for a in node.names if a.name == "re"}
        elif isinstance(node, ast.ImportFrom) and node.module == "re":
            direct |= {a.asname or a.name for a in node.names if a.name == "compile"}
    return sorted(
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (
                isinstance(node.func, ast.Attribute)
                and node.func.attr == "compile"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id in aliases
            )
            or (isinstance(node.func, ast.Name) and node.func.id in direct)
        )
    )


def test_the_package_compiles_its_patterns_through_patterns_compile() -> None:
    """``re.compile`` would run re's compiler at start-up; the stored codes are for every module.

    Only :mod:`belharbi_bib.patterns` calls it (for a pattern it has no code for). A pattern
    compiled elsewhere would also be missing from ``_patterns.py`` without a test noticing.
    """
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((ROOT / "belharbi_bib").rglob("*.py"))
        if path.name != "patterns.py"
        for line in _compiles_with_re(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert not found, "use patterns.compile: " + ", ".join(found)


@pytest.mark.parametrize(
    ("source", "lines"),
    [
        ("import re\nP = re.compile('a')\n", [2]),
        ("import re as regex\nP = regex.compile('a')\n", [2]),
        ("from re import compile\nP = compile('a')\n", [2]),
        ("from re import compile as c\nP = c('a')\n", [2]),
        ("from belharbi_bib import patterns\nP = patterns.compile('a')\n", []),
        ("import re\nP = re.sub('a', 'b', 'c')\n", []),
    ],
)
def test_the_pattern_check_finds_re_compile(source: str, lines: list[int]) -> None:
    assert _compiles_with_re(ast.parse(source)) == lines
