"""The bundled database: it loads, passes check, and covers every work the sources list."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import belharbi_bib
from belharbi_bib import database
from belharbi_bib.check import check_library
from belharbi_bib.cli import main
from belharbi_bib.model import Library, Record
from belharbi_bib.names import fold
from belharbi_bib.problems import Severity, count_errors
from belharbi_bib.provenance import Provenance, read_provenance

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def library() -> Library:
    return belharbi_bib.load()


@pytest.fixture(scope="module")
def provenance() -> dict[str, Provenance]:
    return read_provenance(database.provenance_path())


def titles_of(library: Library, provenance: dict[str, Provenance]) -> dict[str, list[Record]]:
    """Folded title (final and earlier ones) -> its records (a talk may share a title)."""
    table: dict[str, list[Record]] = {}
    for record in library:
        for title in (record.title, *provenance[record.key].other_titles):
            table.setdefault(fold(title), []).append(record)
    return table


def test_loads_without_problems(library: Library) -> None:
    assert library.problems == ()
    assert len(library) >= 55


def test_check_has_no_errors(library: Library, provenance: dict[str, Provenance]) -> None:
    problems = check_library(library, belharbi_bib.load_venues(), provenance)
    errors = [p.format() for p in problems if p.severity is Severity.ERROR]
    assert errors == []


def test_check_command_exits_zero() -> None:
    assert main(["check"]) == 0


def test_file_is_canonical() -> None:
    text = database.bib_path().read_text(encoding="utf-8")
    assert belharbi_bib.dumps(belharbi_bib.loads(text)) == text


def test_every_record_has_a_known_venue(library: Library) -> None:
    venues = belharbi_bib.load_venues()
    assert [r.key for r in library if venues.venue_of(r) is None] == []


def test_no_preprint_published_twice(library: Library) -> None:
    ids = [r.arxiv.id for r in library if r.arxiv]
    assert len(ids) == len(set(ids))
    titles = [fold(r.title) for r in library if r.field("kind") is None]
    assert len(titles) == len(set(titles))


def test_list_json_lists_every_work(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [item["key"] for item in items] == [r.key for r in library]
    first = items[0]
    assert {"key", "type", "title", "authors", "year", "venue", "arxiv", "doi"} <= set(first)


def test_phd_thesis_keeps_the_researchers_key(library: Library) -> None:
    thesis = [r for r in library if r.entry_type == "phdthesis"]
    assert len(thesis) == 1
    assert "sbelharbiphd2018" in (thesis[0].field("ids") or "")
    assert main(["show", "sbelharbiphd2018"]) == 0


def test_facts_table_in_docs_is_current(
    library: Library, provenance: dict[str, Provenance]
) -> None:
    from belharbi_bib.facts import facts_page

    page = (ROOT / "docs" / "facts.md").read_text(encoding="utf-8")
    assert page == facts_page(library, provenance), "run: belharbi-bib facts -o docs/facts.md"


# --- coverage: every work listed by the sources maps to a record -------------------------


def seed_items(shared: Path) -> list[str]:
    lines = (shared / "seeds" / "000_ed67c15f1d127ca6.txt").read_text(encoding="utf-8").split("\n")
    return [lines[i] for i in range(1, len(lines), 3) if lines[i].strip()]


def find_by_prefix(line: str, titles: dict[str, list[Record]]) -> tuple[Record, str] | None:
    """Return the paper whose (longest) title starts the line, and what follows the title."""
    folded = fold(line)
    hits = [(t, records) for t, records in titles.items() if folded.startswith(t)]
    if not hits:
        return None
    title, records = max(hits, key=lambda hit: len(hit[0]))
    papers = [r for r in records if r.field("kind") is None] or records
    return papers[0], folded[len(title) :]


def test_seed_listing_is_covered(
    shared_dir: Path, library: Library, provenance: dict[str, Provenance]
) -> None:
    items = seed_items(shared_dir)
    assert len(items) == 36
    titles = titles_of(library, provenance)
    missing, wrong_author = [], []
    for line in items:
        found = find_by_prefix(line, titles)
        if found is None:
            missing.append(line[:80])
            continue
        record, authors = found
        if fold(record.authors[0].last) not in authors[:60]:
            wrong_author.append((record.key, line[:80]))
    assert missing == []
    assert wrong_author == []


PAGE_ITEM = re.compile(
    r"^\* (?P<venue>.*?)\[\*“(?P<title>.*?)”\*?\]\((?P<url>[^)]*)\)(?P<rest>.*)$"
)
ARXIV_LINK = re.compile(r'href="https?://arxiv\.org/(?:pdf|abs)/(\d{4}\.\d{4,5})[^"]*">arXiv<')
CODE_LINK = re.compile(r'href="([^"]+)">Code')


def page_items(shared: Path) -> list[re.Match[str]]:
    text = (shared / "sources" / "website-publications.md").read_text(encoding="utf-8")
    found = [PAGE_ITEM.match(line) for line in text.split("\n") if line.startswith("* ")]
    assert all(found), "a publications-page item no longer matches the expected layout"
    return [m for m in found if m]


def test_publications_page_is_covered(
    shared_dir: Path, library: Library, provenance: dict[str, Provenance]
) -> None:
    items = page_items(shared_dir)
    assert len(items) == 55
    titles = titles_of(library, provenance)
    missing, wrong_arxiv, missing_code = [], [], []
    for item in items:
        records = titles.get(fold(item["title"]), [])
        if not records:
            missing.append(item["title"])
            continue
        arxiv = ARXIV_LINK.search(item["rest"])
        with_id = [r for r in records if arxiv and r.arxiv and r.arxiv.id == arxiv.group(1)]
        record = with_id[0] if with_id else records[-1]
        if arxiv and not with_id:
            wrong_arxiv.append((record.key, arxiv.group(1)))
        urls = {link.url for link in record.links}
        missing_code += [(record.key, u) for u in CODE_LINK.findall(item["rest"]) if u not in urls]
    assert missing == []
    assert wrong_arxiv == []
    assert missing_code == []


NEWS_ITEM = re.compile(r"^\* [A-Z][a-z]+\.? \d{4}: .*?\[\*\*(?P<title>.*?)\*\*\]")


def test_homepage_news_is_covered(
    shared_dir: Path, library: Library, provenance: dict[str, Provenance]
) -> None:
    text = (shared_dir / "seeds" / "003_6c698dc20b6c7f4a.txt").read_text(encoding="utf-8")
    titles = titles_of(library, provenance)
    news = [m["title"] for m in map(NEWS_ITEM.match, text.split("\n")) if m]
    assert len(news) >= 20
    assert [t for t in news if fold(t) not in titles] == []


def test_every_kind_of_work_is_typed(library: Library) -> None:
    from belharbi_bib.kinds import kind_of

    venues = belharbi_bib.load_venues()
    kinds = {kind_of(r, venues) for r in library}
    assert {"journal", "conference", "workshop", "preprint", "thesis", "patent", "talk"} <= kinds
    assert {"tutorial", "challenge", "poster"} <= kinds
    assert count_errors(library.problems) == 0
