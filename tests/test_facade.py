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
