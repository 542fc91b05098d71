"""``belharbi-bib discover`` end to end against the local fakes (nothing touches the internet)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from test_add import populate, snapshot
from test_add import work as add_work
from test_enrich_fakes import (
    ArxivPaper,
    FakeServices,
    Scripted,
    dblp_element,
    fakes,
    orcid_group,
)

from belharbi_bib import load
from belharbi_bib.cli import main
from belharbi_bib.errors import ReadError
from belharbi_bib.intake.discover import FETCHERS
from belharbi_bib.intake.owner import Owner, load_owner, validate
from belharbi_bib.provenance import is_primary_source

__all__ = ["add_work", "fakes"]  # fixtures used by name below

ORCID = "0000-0002-1825-0097"  # ORCID's documented example iD
OWNER = f"""
[owner]
arxiv = "Soufiane Belharbi"
dblp = "152/5716"
orcid = "{ORCID}"
openreview = "~Soufiane_Belharbi1"
"""


@pytest.fixture
def work(add_work: Path, fakes: FakeServices) -> Path:
    """The ``add`` project, with the owner's identifiers and what the services list."""
    config = add_work / "belharbi-bib.toml"
    config.write_text(config.read_text(encoding="utf-8") + OWNER, encoding="utf-8")
    fakes.dblp_records["journals/corr/abs-2501-00001"] = dblp_element(
        "journals/corr/abs-2501-00001",
        "Source-Free Adaptation of Localization Models",
        ("Alexis Guichemerre", "Soufiane Belharbi", "Eric Granger"),
        2025,
        kind="article",
        venue="CoRR",
        volume="abs/2501.00001",
        ee=("https://arxiv.org/abs/2501.00001",),
    )
    fakes.dblp_records["conf/wacv/BelharbiSRKPG22"] = dblp_element(
        "conf/wacv/BelharbiSRKPG22",
        "F-CAM: Full Resolution Class Activation Maps via Guided Parametric Upscaling",
        ("Soufiane Belharbi", "Eric Granger"),
        2022,
        venue="WACV",
        pages="3490-3499",
    )
    fakes.dblp_people["152/5716"] = [
        "journals/corr/abs-2501-00001",
        "conf/wacv/BelharbiSRKPG23",
        "conf/wacv/BelharbiSRKPG22",
    ]
    fakes.orcid_works[ORCID] = [
        orcid_group(11, "CoLo-CAM: Class Activation Mapping for Object Co-Localization",
                    "journal-article", 2024, doi="10.1016/j.media.2024.103154",
                    journal="Medical Image Analysis"),
        orcid_group(12, "Deep weakly-supervised learning methods for classification and "
                    "localization in histology images: a survey", "journal-article", 2019),
        orcid_group(13, "A Keynote Listed Only on ORCID", "lecture-speech", 2023),
    ]  # fmt: skip
    return add_work


def test_owner_configuration(tmp_path: Path) -> None:
    assert validate(Owner(arxiv="Soufiane Belharbi")).arxiv == 'au:"Soufiane Belharbi"'
    with pytest.raises(ValueError, match="not a valid ORCID"):
        validate(Owner(orcid="0000-0002-1825-0098"))
    with pytest.raises(ValueError, match="not a profile id"):
        validate(Owner(openreview="Soufiane"))
    (tmp_path / "belharbi-bib.toml").write_text('[owner]\ndblp = "x"\n', encoding="utf-8")
    with pytest.raises(ReadError, match="not a DBLP pid"):
        load_owner(tmp_path)
    (tmp_path / "belharbi-bib.toml").write_text('[owner]\nscholar = "x"\n', encoding="utf-8")
    with pytest.raises(ReadError, match="unknown owner key 'scholar'"):
        load_owner(tmp_path)


def _owner_table_lines(pyproject: Path) -> list[str]:
    lines = pyproject.read_text(encoding="utf-8").splitlines()
    start = lines.index("[tool.belharbi-bib.owner]") + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("[")), len(lines))
    return lines[start:end]


def test_the_repository_names_its_owner() -> None:
    root = Path(__file__).parent.parent
    owner = load_owner(root)
    assert owner.arxiv.startswith("au:")
    # Every identifier the repository sets names a primary source on the comment line above
    # it (docs/intake.md): an identifier no primary source states is left out, not guessed.
    lines = _owner_table_lines(root / "pyproject.toml")
    for number, line in enumerate(lines):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name = line.split("=", 1)[0].strip()
        above = lines[number - 1].strip() if number else ""
        assert above.startswith("# source:"), f"owner.{name} names no source"
        cited = above.removeprefix("# source:").replace(",", " ").split()
        assert any(is_primary_source(token) for token in cited), f"owner.{name}: {above}"
    for service in owner.configured:
        assert any(line.startswith(f"{service} =") for line in lines)


def test_the_repository_owner_skips_what_it_cannot_name(
    work: Path, fakes: FakeServices, capsys: pytest.CaptureFixture[str]
) -> None:
    """With the repository's own owner table, ``discover`` says which services it skips."""
    root = Path(__file__).parent.parent
    table = "\n".join(_owner_table_lines(root / "pyproject.toml"))
    config = work / "belharbi-bib.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text[: text.index("[owner]")] + "[owner]\n" + table, encoding="utf-8")
    owner = load_owner(work)
    skipped = [s for s in FETCHERS if s not in owner.configured]
    # arXiv's metadata of one of his papers misspells his name; the query names both.
    fakes.arxiv_papers["2504.16181"] = ArxivPaper(
        "2504.16181",
        "CLIP-IT: CLIP-based Pairing for Histology Images Classification",
        ("Banafsheh Karimian", "Giulia Avanzato", "Soufian Belharbi", "Eric Granger"),
        "2025-04-22T18:14:43Z",
    )
    assert main(["discover", "--bib", "refs.bib"]) == 0
    captured = capsys.readouterr()
    err = captured.err
    assert "add with: belharbi-bib add arxiv:2504.16181" in captured.out
    if skipped:
        assert f"skipped {', '.join(skipped)} (no owner identifier)" in err
    else:
        assert "skipped" not in err
    assert main(["discover", "--bib", "refs.bib", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["skipped"] == skipped


def test_review_list(work: Path, fakes: FakeServices, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(work)
    assert main(["discover", "--bib", "refs.bib"]) == 0
    captured = capsys.readouterr()
    out = captured.out

    new, rest = out.split("uncertain (", 1)
    uncertain, present = rest.split("present (", 1)
    assert new.startswith("new (5)")
    assert "Source-Free Adaptation of Localization Models" in new
    assert "found: arXiv:2501.00001, dblp:journals/corr/abs-2501-00001" in new  # one item
    assert "add with: belharbi-bib add arxiv:2501.00001" in new
    assert "add with: belharbi-bib add dblp:conf/wacv/BelharbiSRKPG23" in new
    assert "add with: belharbi-bib add openreview:FF6XuIyeF6V" in new
    assert "CoLo-CAM" in new  # arXiv preprint and ORCID journal article: one item
    assert "found: arXiv:2303.09044, orcid:11" in new
    assert "A Keynote Listed Only on ORCID" in new
    assert "no identifier add can use" in new
    assert uncertain.startswith("1)")
    assert "maybe: rony2019deep: title similarity 1.00" in uncertain
    assert "the source lists no authors" in uncertain
    assert present.startswith("1)")
    assert "= belharbi2022fcam: same arxiv (arxiv:2109.07069)" in present
    assert "5 new, 1 uncertain, 1 present" in captured.err
    assert snapshot(work) == before  # listing writes nothing
    assert [s.path for s in fakes.seen("dblp")] == ["/pid/152/5716.xml"]
    assert fakes.seen("orcid")[0].headers["Accept"] == "application/json"


def test_json_and_offline_after_a_cached_run(
    work: Path, fakes: FakeServices, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["discover", "--bib", "refs.bib", "--json"]) == 0
    online = capsys.readouterr().out
    data = json.loads(online)
    assert data["asked"] == {"arxiv": 3, "dblp": 3, "openreview": 1, "orcid": 3}
    assert [i["status"] for i in data["items"]].count("new") == 5
    sent = fakes.count()
    assert main(["discover", "--bib", "refs.bib", "--json", "--offline"]) == 0
    captured = capsys.readouterr()
    assert captured.out == online
    assert fakes.count() == sent
    assert "0 requests sent" in captured.err


def test_add_the_new_works(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["discover", "--bib", "refs.bib", "--add"]) == 0
    err = capsys.readouterr().err
    assert "discover.no-identifier" in err
    assert "add.unknown-venue" in err  # MIDL is not in the test registry
    keys = {r.key for r in load(str(work / "refs.bib")).records}
    assert {
        "guichemerre2025sourcefree",
        "murtaza2023constrained",
        "belharbi2022negative",
        "belharbi2023colocam",
    } <= keys
    assert main(["check", "refs.bib"]) == 0
    assert main(["discover", "--bib", "refs.bib"]) == 0
    assert "new (1)" in capsys.readouterr().out  # only the ORCID-only keynote is left


def test_a_failing_service_is_said_and_the_others_answer(
    work: Path, fakes: FakeServices, capsys: pytest.CaptureFixture[str]
) -> None:
    fakes.script("orcid", *[Scripted(503, b"busy", {"Retry-After": "0"}) for _ in range(4)])
    fakes.script("dblp", Scripted(200, b"<html>not xml"))
    assert main(["discover", "--bib", "refs.bib"]) == 0
    err = capsys.readouterr().err
    assert "failed dblp (unreadable answer" in err
    assert "orcid (HTTP 503; gave up after 4 attempts)" in err
    assert "asked arxiv (3 works), openreview (1 works)" in err


def test_no_service_reachable(
    work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    for name in ("ARXIV", "DBLP", "OPENREVIEW", "ORCID"):
        monkeypatch.setenv(f"BELHARBI_BIB_{name}_API", dead)
    before = snapshot(work)
    assert main(["discover", "--bib", "refs.bib", "--add"]) == 2
    err = capsys.readouterr().err
    assert "error: no service answered (arxiv: 127.0.0.1:" in err
    assert "connection refused" in err
    assert snapshot(work) == before


def test_no_owner_is_a_usage_error(
    work: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (work / "belharbi-bib.toml").write_text('venues = "venues.toml"\n', encoding="utf-8")
    assert main(["discover", "--bib", "refs.bib"]) == 2
    assert "no owner identifier" in capsys.readouterr().err
    assert main(["discover", "--bib", "refs.bib", "--openreview", "~Soufiane_Belharbi1"]) == 0
    assert "skipped arxiv, dblp, orcid" in capsys.readouterr().err


__all__ += ["populate"]
