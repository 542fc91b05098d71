"""The package facade: feature entry points load lazily and are the real functions."""

from __future__ import annotations

import subprocess
import sys

import pytest

import belharbi_bib


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("cv", "belharbi_bib.curriculum"),
        ("enrich", "belharbi_bib.enrichment"),
        ("export", "belharbi_bib.exports"),
        ("format", "belharbi_bib.render"),
    ],
)
def test_entry_point_is_the_area_function(name: str, module: str) -> None:
    function = getattr(belharbi_bib, name)
    assert function.__module__ == module
    assert name in belharbi_bib.__all__


def test_unknown_attribute_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        _ = belharbi_bib.no_such_thing


def test_import_loads_no_feature_area_or_heavy_dependency() -> None:
    code = (
        "import sys, belharbi_bib\n"
        "heavy = ['belharbi_bib.curriculum', 'belharbi_bib.enrichment', 'belharbi_bib.exports',"
        " 'belharbi_bib.render', 'requests', 'requests_cache', 'citeproc', 'pybtex', 'jinja2',"
        " 'bibtexparser', 'pylatexenc', 'defusedxml', 'tqdm']\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_facade_cv_renders_the_bundled_database() -> None:
    text = belharbi_bib.cv(belharbi_bib.load(), to="markdown")
    assert "Belharbi" in text


def _type_checking_imports() -> dict[str, str]:
    """Return name -> module of the imports under ``if TYPE_CHECKING:`` in the package."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(belharbi_bib.__file__).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            return {
                alias.name: statement.module.removeprefix("belharbi_bib.")
                for statement in node.body
                if isinstance(statement, ast.ImportFrom) and statement.module != "typing"
                for alias in statement.names
                if statement.module is not None
            }
    raise AssertionError("no TYPE_CHECKING block in belharbi_bib/__init__.py")


def test_type_checkers_see_exactly_the_lazy_names() -> None:
    # The lazy table and the imports for type checkers name the same things from the same
    # modules, and both are the public names: one cannot drift from the other unnoticed.
    lazy: dict[str, str] = belharbi_bib._LAZY
    assert _type_checking_imports() == lazy
    assert set(belharbi_bib.__all__) == {*lazy, "__version__"}
