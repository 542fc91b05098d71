"""``belharbi-bib enrich`` end to end against the local fakes: output, report, goldens, offline.

Set ``BELHARBI_BIB_UPDATE_GOLDEN=1`` to rewrite the golden files under tests/golden/enrichment/.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import check_golden
from test_enrich_fakes import FakeServices, dead_address, fakes, in_project, use_fakes
from test_enrich_run import SAMPLE, populate

from belharbi_bib import database
from belharbi_bib.cli import main
from belharbi_bib.enrichment.progress import TerminalProgress, progress_for

__all__ = ["fakes"]  # fixture used by name below

GOLDEN = Path(__file__).parent / "golden" / "enrichment"
VENUES = Path(__file__).parent / "data" / "enrich" / "venues.toml"


@pytest.fixture
def workdir(fakes: FakeServices, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A working directory with a configuration naming the test registry; env → the fakes."""
    populate(fakes)
    use_fakes(fakes, monkeypatch, tmp_path / "xdg")
    config = f'venues = "{VENUES}"\n'
    return in_project(monkeypatch, tmp_path / "work", {"belharbi-bib.toml": config})


def test_output_and_report_match_goldens(
    workdir: Path, fakes: FakeServices, capsys: pytest.CaptureFixture[str]
) -> None:
    out, report = workdir / "out.bib", workdir / "report.json"
    assert main(["enrich", str(SAMPLE), "-o", str(out), "--report", str(report)]) == 0
    check_golden(GOLDEN / "sample.bib", out.read_text(encoding="utf-8"))
    check_golden(
        GOLDEN / "sample-report.json", fakes.placeholder(report.read_text(encoding="utf-8"))
    )
    err = capsys.readouterr().err
    assert "enrich.ambiguous" in err
    assert "enrich.conflict" not in err  # information only with -v
    assert "enrich: 8 entries, 4 changed" in err
    assert (workdir.parent / "xdg" / "belharbi-bib" / "http-cache.sqlite").is_file()


def test_report_on_stdout_with_an_output_file(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["enrich", str(SAMPLE), "-o", "out.bib", "--report", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["changed_entries"] == 4


def test_report_structure(workdir: Path) -> None:
    report = workdir / "report.json"
    main(["enrich", str(SAMPLE), "--dry-run", "--report", str(report)])
    data = json.loads(report.read_text(encoding="utf-8"))
    assert (data["format"], data["version"]) == ("belharbi-bib/enrich-report", 1)
    entries = {e["key"]: e for e in data["entries"]}
    deep = entries["belharbi2021deep"]
    doi = [p for p in deep["provenance"] if p["field"] == "doi"]
    assert doi[0]["source"] == "dblp"
    assert doi[0]["status"] == "added"
    assert doi[0]["score"] == 1.0
    assert doi[0]["url"].startswith("http://127.0.0.1:")
    assert {c["source"] for c in deep["changes"]} == {"arxiv", "dblp"}
    assert data["summary"]["changed_entries"] == 4


def test_second_run_is_identical_and_sends_nothing(
    workdir: Path, fakes: FakeServices, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["enrich", str(SAMPLE), "-o", "first.bib"]) == 0
    sent = fakes.count()
    capsys.readouterr()
    assert main(["enrich", str(SAMPLE), "-o", "second.bib"]) == 0
    assert fakes.count() == sent
    assert "0 requests sent" in capsys.readouterr().err
    assert (workdir / "first.bib").read_bytes() == (workdir / "second.bib").read_bytes()
    assert main(["enrich", str(SAMPLE), "--offline", "-o", "third.bib"]) == 0
    assert (workdir / "first.bib").read_bytes() == (workdir / "third.bib").read_bytes()


def test_dry_run_prints_changes_and_writes_nothing(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = workdir / "refs.bib"
    shutil.copy(SAMPLE, copy)
    before = copy.read_bytes()
    assert main(["enrich", str(copy), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "belharbi2021deep: dblp type: @misc -> @inproceedings" in out
    assert "roe2019journal: crossref volume: added {58}" in out
    assert copy.read_bytes() == before
    assert sorted(p.name for p in workdir.iterdir()) == ["belharbi-bib.toml", "refs.bib"]


def test_in_place_rewrites_the_file(workdir: Path) -> None:
    copy = workdir / "refs.bib"
    shutil.copy(SAMPLE, copy)
    assert main(["enrich", str(copy), "--in-place"]) == 0
    check_golden(GOLDEN / "sample.bib", copy.read_text(encoding="utf-8"))
    stamp = copy.stat().st_mtime_ns
    assert main(["enrich", str(copy), "--in-place", "--offline"]) == 0
    assert copy.stat().st_mtime_ns == stamp  # nothing changed: not rewritten


def test_sources_option_limits_the_services(workdir: Path, fakes: FakeServices) -> None:
    assert main(["enrich", str(SAMPLE), "--sources", "crossref", "-o", "out.bib"]) == 0
    assert fakes.count("arxiv") == fakes.count("dblp") == 0
    assert fakes.count("crossref") == 2


def test_strict_fails_on_warnings(workdir: Path) -> None:
    assert main(["enrich", str(SAMPLE), "--dry-run", "--strict"]) == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--sources", "arxiv,scholar"], "unknown source 'scholar'"),
        (["--offline", "--no-cache"], "--no-cache"),
        (["--delay", "-1"], "--delay"),
        (["--delay", "soon"], "--delay"),
        (["--report", "-"], "--report -"),
        (["--report", "-", "--dry-run"], "--report -"),
    ],
)
def test_usage_errors(
    workdir: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(["enrich", str(SAMPLE), *argv]) == 2
    assert message in capsys.readouterr().err


def test_missing_file_is_a_clear_error(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["enrich", "nowhere.bib"]) == 2
    err = capsys.readouterr().err
    assert "nowhere.bib" in err
    assert "Traceback" not in err


def test_offline_on_the_bundled_database_with_an_empty_cache(
    fakes: FakeServices,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Acceptance: changes nothing, and says what it could not check."""
    for name, value in fakes.env().items():  # were anything sent, the fakes would see it
        monkeypatch.setenv(name, value)
    cache = tmp_path / "empty-cache"
    assert main(["enrich", "--offline", "--cache-dir", str(cache)]) == 0
    captured = capsys.readouterr()
    assert captured.out == database.bib_path().read_text(encoding="utf-8")
    assert "enrich.offline-miss" in captured.err
    assert "not checked offline" in captured.err
    assert "0 changed" in captured.err
    assert "0 requests sent" in captured.err
    assert fakes.count() == 0
    assert main(["enrich", "--offline", "--cache-dir", str(cache), "--strict", "--dry-run"]) == 1


def test_progress_bar_only_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert progress_for(io.StringIO()) is None
    stream = Terminal()
    progress = progress_for(stream)
    assert isinstance(progress, TerminalProgress)
    step = progress("arxiv", 2)
    step()
    step()
    progress.close()
    assert "arxiv" in stream.getvalue()


def test_unusable_cache_is_a_clear_error(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = workdir / "bad-cache"
    bad.mkdir()
    (bad / "http-cache.sqlite").write_bytes(b"not a database at all")
    assert main(["enrich", str(SAMPLE), "--cache-dir", str(bad), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert "unusable HTTP cache" in err
    assert "Traceback" not in err
    blocked = workdir / "a-file"
    blocked.write_text("x", encoding="utf-8")
    assert main(["enrich", str(SAMPLE), "--cache-dir", str(blocked / "sub"), "--dry-run"]) == 2
    assert "unusable HTTP cache" in capsys.readouterr().err


def test_no_reachable_service_fails_once_and_fast(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 15: with no network, one clear error, a non-zero exit, no per-entry URLs."""

    dead = dead_address()
    monkeypatch.setenv("BELHARBI_BIB_ARXIV_API", dead + "/api/query")
    monkeypatch.setenv("BELHARBI_BIB_CROSSREF_API", dead)
    monkeypatch.setenv("BELHARBI_BIB_DBLP_API", dead + "/search/publ/api")
    monkeypatch.setenv("BELHARBI_BIB_DELAY", "0")  # one host for the three: no pacing wait
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    out = tmp_path / "out.bib"
    assert main(["enrich", "--dry-run"]) == 2  # the bundled database
    assert main(["enrich", "-o", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert not out.exists()  # nothing written
    lines = captured.err.splitlines()
    assert len(lines) == 2  # one line per run
    assert lines[0].startswith("belharbi-bib: error: no service reachable (arxiv: 127.0.0.1:")
    assert "connection refused" in lines[0]
    assert "/api/query" not in captured.err
