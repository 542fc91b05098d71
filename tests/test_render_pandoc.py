"""Our formatted lists against a real peer: ``pandoc --citeproc`` on the same CSL-JSON and style.

For each CSL style we claim, the whole bundled database is rendered by us (plain text) and by
pandoc (HTML, reduced to text), entry by entry, whitespace normalized. Every difference must be
in ``tests/data/pandoc_allowlist.toml`` (with its reason, mirrored in docs/formatting.md), and
each style must agree on at least 95% of the works, counting as agreement an entry where
pandoc departs from citeproc-js and we print what citeproc-js prints (citeproc-js is the
judge; tests/test_citeproc_js.py holds that comparison).
"""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import require_tool

import belharbi_bib
from belharbi_bib.render.bibliography import csl_entries
from belharbi_bib.render.csljson import dumps, to_csl_items
from belharbi_bib.render.document import render_document
from belharbi_bib.render.styles import BUNDLED_CSL, resolve

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DATA = Path(__file__).resolve().parent / "data"
DOCS = Path(__file__).resolve().parents[1] / "docs" / "formatting.md"
ALLOWLIST = tomllib.loads((DATA / "pandoc_allowlist.toml").read_text(encoding="utf-8"))
ALLOWED = {(d["style"], d["key"]): d["reason"] for d in ALLOWLIST.get("difference", [])}
MINIMUM_AGREEMENT = 0.95


class _Entries(HTMLParser):
    """Collects the text of each ``<div id="ref-KEY">`` of pandoc's HTML bibliography."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[str, list[str]] = {}
        self.current: str | None = None
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ident = dict(attrs).get("id") or ""
        if tag == "div" and ident.startswith("ref-"):
            self.current, self.depth = ident[4:], 0
            self.entries[self.current] = []
        elif tag == "div" and self.current is not None:
            self.depth += 1
            self.entries[self.current].append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.current is not None:
            if self.depth == 0:
                self.current = None
            else:
                self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.entries[self.current].append(data)


def _normalized(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def database() -> tuple[belharbi_bib.Library, belharbi_bib.VenueRegistry]:
    return belharbi_bib.load(), belharbi_bib.load_venues()


@pytest.fixture(scope="module")
def csl_json(
    tmp_path_factory: pytest.TempPathFactory,
    database: tuple[belharbi_bib.Library, belharbi_bib.VenueRegistry],
) -> Path:
    library, venues = database
    folder = tmp_path_factory.mktemp("pandoc")
    path = folder / "works.json"
    path.write_text(dumps(library.records, venues), encoding="utf-8")
    (folder / "doc.md").write_text("---\nnocite: '@*'\n---\n", encoding="utf-8")
    return path


def _pandoc(csl_json: Path, style_path: Path) -> dict[str, str]:
    pandoc = require_tool("pandoc")
    result = subprocess.run(
        [
            pandoc,
            str(csl_json.parent / "doc.md"),
            "--citeproc",
            "--bibliography",
            str(csl_json),
            "--csl",
            str(style_path),
            "-t",
            "html",
            "--wrap=none",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    parser = _Entries()
    parser.feed(result.stdout)
    return {key: _normalized("".join(parts)) for key, parts in parser.entries.items()}


def _ours(
    database: tuple[belharbi_bib.Library, belharbi_bib.VenueRegistry], style: str
) -> dict[str, str]:
    library, venues = database
    entries, problems = csl_entries(to_csl_items(library.records, venues), resolve(style))
    assert problems == []
    return {e.key: _normalized(render_document([e], "text")) for e in entries}


@pytest.mark.parametrize("style", BUNDLED_CSL)
def test_agrees_with_pandoc(
    style: str,
    csl_json: Path,
    database: tuple[belharbi_bib.Library, belharbi_bib.VenueRegistry],
) -> None:
    theirs = _pandoc(csl_json, resolve(style).path)  # type: ignore[arg-type]
    ours = _ours(database, style)
    assert set(theirs) == set(ours)
    differing = {key for key in ours if ours[key] != theirs[key]}
    judged = (
        _reference(database, style) if differing - {k for s, k in ALLOWED if s == style} else {}
    )
    # where pandoc departs from citeproc-js, the reference processor, agreeing with it is right
    departures = {key for key in differing if judged.get(key) == ours[key]}
    unexplained = sorted(key for key in differing - departures if (style, key) not in ALLOWED)
    details = "\n".join(
        f"{k}\n  pandoc: {theirs[k]}\n  citeproc-js: {judged.get(k)}\n  ours:   {ours[k]}"
        for k in unexplained
    )
    assert not unexplained, f"{style}: differences not in the allow-list:\n{details}"
    stale = sorted(
        key
        for (name, key) in ALLOWED
        if name == style and (key not in differing or key in departures)
    )
    assert not stale, f"{style}: allow-listed entries that now agree: {stale}"
    agreement = 1 - len(differing - departures) / len(ours)
    assert agreement >= MINIMUM_AGREEMENT, f"{style}: {agreement:.1%} agreement"


def _reference(
    database: tuple[belharbi_bib.Library, belharbi_bib.VenueRegistry], style: str
) -> dict[str, str]:
    """citeproc-js's plain text of each work (see tests/test_citeproc_js.py)."""
    require_tool("node")
    sys.path.insert(0, str(Path(__file__).resolve().parent / "citeproc_js"))
    import reference

    why = reference.installed()
    if why is not None:
        pytest.fail(why) if os.environ.get("CI") == "true" else pytest.skip(why)
    library, venues = database
    found = reference.reference(to_csl_items(library.records, venues), resolve(style).path)  # type: ignore[arg-type]
    assert found.error is None, found.error
    return found.text


def test_allowlist_names_claimed_styles_and_is_documented() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    for (style, key), reason in ALLOWED.items():
        assert style in BUNDLED_CSL
        assert reason.strip()
        assert f"`{key}`" in docs, f"{style}/{key} missing from docs/formatting.md"
