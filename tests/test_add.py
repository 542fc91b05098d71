"""``belharbi-bib add`` end to end against the local fakes (nothing touches the internet)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from test_enrich_fakes import (
    ArxivPaper,
    FakeServices,
    Scripted,
    dblp_element,
    dead_address,
    fakes,
    in_project,
    openreview_note,
    use_fakes,
)

from belharbi_bib import load
from belharbi_bib.cli import main
from belharbi_bib.files import read_toml
from belharbi_bib.intake.ids import WorkId, identify

__all__ = ["fakes"]  # fixture used by name below

BIB = """\
@inproceedings{belharbi2022fcam,
  author = {Belharbi, Soufiane and Granger, Eric},
  title = {{F-CAM}: Full Resolution Class Activation Maps via Guided Parametric Upscaling},
  booktitle = {Winter Conference on Applications of Computer Vision},
  year = {2022},
  eprint = {2109.07069},
  archiveprefix = {arXiv},
  venueid = {wacv},
  ids = {fcam2022},
}

@article{rony2019deep,
  author = {Rony, Jérôme and Belharbi, Soufiane},
  title = {Deep Weakly-Supervised Learning Methods for Classification and Localization in
           Histology Images: A Survey},
  journal = {Machine Learning for Biomedical Imaging},
  year = {2019},
}
"""

VENUES = """\
[venues.wacv]
short = "WACV"
name = "Winter Conference on Applications of Computer Vision"
kind = "conference"

[venues.media]
short = "MedIA"
name = "Medical Image Analysis"
kind = "journal"
aliases = ["Medical Image Anal."]

[venues.melba]
short = "MELBA"
name = "Machine Learning for Biomedical Imaging"
kind = "journal"

[venues.arxiv]
short = "arXiv"
name = "arXiv"
kind = "preprint"
aliases = ["CoRR"]
"""

PROVENANCE = """\
[belharbi2022fcam]
title = ["arxiv:2109.07069"]

[rony2019deep]
title = ["https://example.org/rony"]
"""


def populate(fakes: FakeServices) -> None:
    """What the fake services know."""
    fakes.arxiv_papers["2501.00001"] = ArxivPaper(
        "2501.00001",
        "Source-Free Adaptation of\n  Localization Models",
        ("Alexis Guichemerre", "Soufiane Belharbi", "Eric Granger"),
        "2025-01-03T10:00:00Z",
        "cs.CV",
    )
    fakes.arxiv_papers["2109.07069"] = ArxivPaper(
        "2109.07069",
        "F-CAM: Full Resolution Class Activation Maps via Guided Parametric Upscaling",
        ("Soufiane Belharbi", "Eric Granger"),
        "2021-09-15T10:00:00Z",
    )
    fakes.arxiv_papers["2303.09044"] = ArxivPaper(
        "2303.09044",
        "CoLo-CAM: Class Activation Mapping for Object Co-Localization",
        ("Soufiane Belharbi", "Shakeeb Murtaza", "Eric Granger"),
        "2023-03-16T10:00:00Z",
    )
    fakes.crossref_works["10.1016/j.media.2024.103154"] = {
        "DOI": "10.1016/j.media.2024.103154",
        "type": "journal-article",
        "title": ["CoLo-CAM: Class Activation Mapping for Object Co-Localization"],
        "container-title": ["Medical Image Analysis"],
        "volume": "95",
        "page": "103154",
        "publisher": "Elsevier BV",
        "issued": {"date-parts": [[2024, 7]]},
        "author": [
            {"given": "Soufiane", "family": "Belharbi"},
            {"given": "Shakeeb", "family": "Murtaza"},
            {"given": "Eric", "family": "Granger"},
        ],
    }
    fakes.crossref_works["10.1016/j.patrec.2023.1"] = {
        "DOI": "10.1016/j.patrec.2023.1",
        "type": "journal-article",
        "title": ["A Letter in a Journal the Registry Does Not Know"],
        "container-title": ["Pattern Recognition Letters"],
        "volume": "170",
        "page": "1-8",
        "issued": {"date-parts": [[2023]]},
        "author": [{"given": "Soufiane", "family": "Belharbi"}],
    }
    fakes.dblp_records["conf/wacv/BelharbiSRKPG23"] = dblp_element(
        "conf/wacv/BelharbiSRKPG23",
        "Constrained Sampling for Class-Agnostic Weakly Supervised Object Localization",
        ("Shakeeb Murtaza", "Soufiane Belharbi", "Marco Pedersoli", "Eric Granger"),
        2023,
        venue="WACV",
        pages="4005-4014",
        ee=("https://doi.org/10.1109/WACV56688.2023.00400",),
    )
    fakes.openreview_notes.append(
        openreview_note(
            "FF6XuIyeF6V",
            "Negative Evidence Matters in Interpretable Histology Image Classification",
            ("Soufiane Belharbi", "Marco Pedersoli", "Eric Granger"),
            ("~Soufiane_Belharbi1", "~Marco_Pedersoli1", "~Eric_Granger1"),
            "MIDL 2022",
        )
    )


@pytest.fixture
def work(fakes: FakeServices, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A project: refs.bib, provenance.toml, venues.toml; the environment → the fakes."""
    populate(fakes)
    use_fakes(fakes, monkeypatch, tmp_path / "xdg")
    files = {"refs.bib": BIB, "provenance.toml": PROVENANCE, "venues.toml": VENUES}
    files["belharbi-bib.toml"] = 'venues = "venues.toml"\n'
    project = in_project(monkeypatch, tmp_path / "project", files)
    assert main(["normalize", "-i", "refs.bib"]) == 0  # a canonical file to start from
    assert main(["check", "refs.bib"]) == 0
    return project


def snapshot(project: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(project.iterdir()) if p.is_file()}


def add(*argv: str) -> int:
    return main(["add", *argv, "--bib", "refs.bib"])


def test_identifiers_are_recognised() -> None:
    assert identify("arXiv:2501.00001v2") == WorkId("arxiv", "2501.00001")
    assert identify("https://arxiv.org/pdf/2501.00001v1") == WorkId("arxiv", "2501.00001")
    assert identify("doi:10.1016/J.MEDIA.2024.103154") == WorkId(
        "doi", "10.1016/J.MEDIA.2024.103154"
    )
    assert identify("https://dblp.org/rec/conf/wacv/BelharbiSRKPG23.html") == WorkId(
        "dblp", "conf/wacv/BelharbiSRKPG23"
    )
    assert identify("openreview:FF6XuIyeF6V") == WorkId("openreview", "FF6XuIyeF6V")
    assert identify("https://openreview.net/pdf?id=FF6XuIyeF6V") == WorkId(
        "openreview", "FF6XuIyeF6V"
    )
    assert identify("FF6XuIyeF6V") is None  # bare OpenReview ids are ambiguous: prefix them
    assert identify("https://example.org/paper") is None


def test_new_arxiv_preprint(work: Path, fakes: FakeServices) -> None:
    assert add("https://arxiv.org/abs/2501.00001v1") == 0
    library = load(str(work / "refs.bib"))
    record = library["guichemerre2025sourcefree"]
    assert record.entry_type == "misc"
    assert record.field("author") == "Guichemerre, Alexis and Belharbi, Soufiane and Granger, Eric"
    assert record.field("title") == "Source-Free Adaptation of Localization Models"
    assert record.field("eprint") == "2501.00001"
    assert record.field("howpublished") == "arXiv preprint arXiv:2501.00001"
    assert record.field("venueid") == "arxiv"
    month = record.get("month")
    assert (record.field("year"), month.raw if month else None) == ("2025", "jan")
    # Newest first: the 2025 preprint goes before the 2022 paper.
    assert library.records[0].key == "guichemerre2025sourcefree"
    provenance = read_toml(work / "provenance.toml")["guichemerre2025sourcefree"]
    assert provenance["author"] == [
        f"{fakes.endpoints.arxiv}?id_list=2501.00001&start=0&max_results=1"
    ]
    assert set(provenance) >= {"author", "title", "year", "eprint", "url"}
    assert main(["check", "refs.bib", "--venues", "venues.toml"]) == 0


def test_doi_of_a_journal_article(work: Path, fakes: FakeServices) -> None:
    assert add("https://doi.org/10.1016/j.media.2024.103154") == 0
    record = load(str(work / "refs.bib"))["belharbi2024colocam"]
    assert record.entry_type == "article"
    assert record.field("journal") == "Medical Image Analysis"
    assert record.field("venueid") == "media"
    assert (record.field("volume"), record.field("pages")) == ("95", "103154")
    assert record.field("doi") == "10.1016/j.media.2024.103154"
    assert record.field("eprint") == "2303.09044"  # found by the arXiv title search
    provenance = read_toml(work / "provenance.toml")["belharbi2024colocam"]
    assert provenance["journal"] == [
        f"{fakes.endpoints.crossref}/works/10.1016/j.media.2024.103154"
    ]
    assert "search_query" in provenance["eprint"][0]
    assert main(["check", "refs.bib", "--venues", "venues.toml"]) == 0


def test_dblp_conference_paper(work: Path) -> None:
    assert add("DBLP:conf/wacv/BelharbiSRKPG23") == 0
    record = load(str(work / "refs.bib"))["murtaza2023constrained"]
    assert record.entry_type == "inproceedings"
    assert record.field("booktitle") == "Winter Conference on Applications of Computer Vision"
    assert record.field("venueid") == "wacv"
    assert record.field("pages") == "4005--4014"
    assert record.field("doi") == "10.1109/WACV56688.2023.00400"
    assert main(["check", "refs.bib", "--venues", "venues.toml"]) == 0


def test_openreview_paper_with_an_unknown_venue(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(work)
    assert add("https://openreview.net/forum?id=FF6XuIyeF6V", "--dry-run") == 0
    captured = capsys.readouterr()
    assert "add.unknown-venue" in captured.err
    assert "'MIDL'" in captured.err
    assert "@inproceedings{belharbi2022negative," in captured.out
    assert "booktitle = {MIDL}" in captured.out
    assert "url = {https://openreview.net/forum?id=FF6XuIyeF6V}" in captured.out
    assert snapshot(work) == before  # a dry run writes nothing
    assert add("openreview:FF6XuIyeF6V", "--add-venue") == 0
    assert read_toml(work / "venues.toml")["venues"]["midl"]["kind"] == "conference"
    record = load(str(work / "refs.bib"))["belharbi2022negative"]
    assert record.field("venueid") == "midl"
    assert main(["check", "refs.bib", "--venues", "venues.toml"]) == 0


def test_unknown_journal_is_reported_not_registered(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert add("10.1016/j.patrec.2023.1") == 0
    assert "add.unknown-venue" in capsys.readouterr().err
    record = load(str(work / "refs.bib"))["belharbi2023letter"]
    assert record.field("journal") == "Pattern Recognition Letters"
    assert record.field("venueid") is None
    assert "prl" not in read_toml(work / "venues.toml")["venues"]


@pytest.mark.parametrize(
    ("ident", "why"),
    [
        ("2109.07069", "'belharbi2022fcam'"),  # same arXiv id, refused before any request
        ("10.1016/j.media.2024.103154", None),  # refused on its second addition
    ],
)
def test_duplicates_are_refused(
    work: Path,
    fakes: FakeServices,
    capsys: pytest.CaptureFixture[str],
    ident: str,
    why: str | None,
) -> None:
    if why is None:
        assert add(ident) == 0
    before = snapshot(work)
    sent = fakes.count()
    assert add(ident) == 1
    err = capsys.readouterr().err
    assert "add.duplicate" in err
    assert why is None or why in err
    assert snapshot(work) == before
    assert fakes.count() == sent  # an id already present costs no request


def test_duplicate_by_title_and_author(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    work_bib = work / "refs.bib"
    text = work_bib.read_text(encoding="utf-8").replace("  eprint = {2109.07069},\n", "")
    work_bib.write_text(text, encoding="utf-8")
    before = snapshot(work)
    assert add("2109.07069") == 1
    assert "title similarity 1.00 with belharbi2022fcam" in capsys.readouterr().err
    assert snapshot(work) == before


def test_bibtex_on_stdin(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entry = (
        "@misc{mykey, author = {Doe, Jane and Belharbi, Soufiane}, "
        "title = {A Talk Nobody Indexed}, year = 2024, howpublished = {Invited talk}}"
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(entry))
    assert add("-") == 0
    record = load(str(work / "refs.bib"))["doe2024talk"]
    assert record.field("ids") == "mykey"
    provenance = read_toml(work / "provenance.toml")["doe2024talk"]
    assert "title" in provenance["incomplete"]  # typed by the user, no source confirms it
    monkeypatch.setattr("sys.stdin", io.StringIO(entry))
    assert add("-") == 1  # its key is now an alias of the entry


def test_service_down_writes_nothing(
    work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    dead = dead_address()
    monkeypatch.setenv("BELHARBI_BIB_ARXIV_API", dead + "/api/query")
    before = snapshot(work)
    assert add("2501.00001") == 2
    err = capsys.readouterr().err
    assert "error: arxiv: 127.0.0.1:" in err
    assert "connection refused" in err
    assert "nothing written" in err
    assert "Traceback" not in err
    assert snapshot(work) == before


def test_busy_service_is_retried(work: Path, fakes: FakeServices) -> None:
    fakes.script("arxiv", Scripted(429, b"slow down", {"Retry-After": "0"}),
                 Scripted(503, b"busy", {"Retry-After": "0"}))  # fmt: skip
    assert add("2501.00001") == 0
    assert "guichemerre2025sourcefree" in load(str(work / "refs.bib"))


def test_garbage_answer_is_refused(
    work: Path, fakes: FakeServices, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(work)
    fakes.script("crossref", Scripted(200, b"<html>maintenance</html>"))
    assert add("10.1016/j.media.2024.103154") == 1
    assert "add.bad-response" in capsys.readouterr().err
    assert snapshot(work) == before


def test_offline_after_a_cached_run_sends_nothing(
    work: Path, fakes: FakeServices, capsys: pytest.CaptureFixture[str]
) -> None:
    assert add("10.1016/j.media.2024.103154", "--dry-run") == 0
    online = capsys.readouterr().out
    sent = fakes.count()
    assert sent > 0
    assert add("10.1016/j.media.2024.103154", "--dry-run", "--offline") == 0
    captured = capsys.readouterr()
    assert captured.out == online
    assert "0 requests sent" in captured.err
    assert fakes.count() == sent
    assert add("2501.00001", "--offline") == 2  # never asked online: not in the cache
    assert "not in the cache" in capsys.readouterr().err


def test_not_an_identifier_is_a_usage_error(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert add("hello") == 2
    assert "'hello' is not an arXiv id" in capsys.readouterr().err


def test_on_a_copy_of_the_bundled_database(
    fakes: FakeServices,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The real database: a known arXiv id is refused without a request; a new one is added
    in date order with its provenance, and the database still checks."""
    import shutil

    from belharbi_bib import database

    populate(fakes)
    use_fakes(fakes, monkeypatch, tmp_path / "xdg")
    for path in (database.bib_path(), database.provenance_path(), database.venues_path()):
        shutil.copy(path, tmp_path / path.name)
    monkeypatch.chdir(Path(__file__).parent.parent)  # the repository's configuration
    files = ["--bib", str(tmp_path / "belharbi.bib"), "--venues", str(tmp_path / "venues.toml")]
    before = (tmp_path / "belharbi.bib").read_text(encoding="utf-8")
    assert main(["add", "2109.07069", *files]) == 1  # F-CAM is in the database
    assert "add.duplicate" in capsys.readouterr().err
    assert fakes.count() == 0
    assert main(["add", "2501.00001", *files]) == 0
    from belharbi_bib.bibtex.writer import render_record

    after = (tmp_path / "belharbi.bib").read_text(encoding="utf-8")
    library = load(str(tmp_path / "belharbi.bib"))
    entry = render_record(library["guichemerre2025sourcefree"]).rstrip("\n") + "\n\n"
    assert entry in after
    assert after.replace(entry, "", 1) == before  # the rest is kept byte for byte
    years = [r.year or 0 for r in library.records]
    position = [r.key for r in library.records].index("guichemerre2025sourcefree")
    assert years[position - 1] >= 2025 >= years[position + 1]
    provenance = read_toml(tmp_path / "provenance.toml")
    assert "guichemerre2025sourcefree" in provenance
    assert main(["check", files[1], "--venues", files[3]]) == 0


def test_bibtex_on_stdin_already_present_by_title(
    work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = (
        "@misc{other, author = {Belharbi, S. and Granger, E.}, title = {F-CAM: Full "
        "Resolution Class Activation Maps via Guided Parametric Upscaling}, year = 2021}"
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(entry))
    before = snapshot(work)
    assert add("-") == 1
    assert "already in the library as 'belharbi2022fcam'" in capsys.readouterr().err
    assert snapshot(work) == before


def test_the_installed_database_is_never_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from belharbi_bib import database

    installed = Path(database.__file__).resolve().parent / "data" / "belharbi.bib"
    monkeypatch.setattr(database, "bib_path", lambda: installed)
    monkeypatch.setattr(database, "provenance_path", lambda: tmp_path / "p.toml")
    monkeypatch.setattr(database, "venues_path", lambda: tmp_path / "v.toml")
    assert main(["add", "2501.00001"]) == 2
    assert "installed with the package" in capsys.readouterr().err
