"""Malformed input: located problems, every valid entry kept, exit 2, no half-written file."""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

import pytest

from belharbi_bib.cli import main

GOOD = "@misc{good, title = {Kept}}\n"

BROKEN: dict[str, tuple[bytes, str, int]] = {
    # name: (file content, expected problem code, its line)
    "unbalanced-braces": (
        b"@article{a, title={Good}}\n@article{b, title={Bad}\n" + GOOD.encode(),
        "bib.syntax",
        2,
    ),
    "missing-comma-after-key": (
        b"@article{a title={x}, year={2020}}\n" + GOOD.encode(),
        "bib.missing-comma",
        1,
    ),
    "missing-comma-between-fields": (
        b'@article{a, title="x" year={2020}}\n' + GOOD.encode(),
        "bib.missing-comma",
        1,
    ),
    "missing-comma-after-braces": (
        b"@article{a, title={x} year={2020}}\n" + GOOD.encode(),
        "bib.missing-comma",
        1,
    ),
    "missing-key": (b"@article{, title={x}}\n" + GOOD.encode(), "bib.missing-key", 1),
    "duplicate-keys": (b"@misc{GOOD, title={y}}\n" + GOOD.encode(), "bib.duplicate-key", 2),
    "duplicate-fields": (b"@misc{good, title={x}, title={y}}\n", "bib.duplicate-field", 1),
    "invalid-bytes": (b"@misc{good, title={H\xe9rault}}\n", "bib.encoding", 1),
    "nul-bytes": (b"@misc{good, title={a\x00b}}\n", "bib.nul", 1),
}
FINE: dict[str, bytes] = {
    "utf16-with-bom": codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le"),
    # recognised by its NUL bytes (JabRef writes such files: tests/data/third_party)
    "utf16-without-bom": GOOD.encode("utf-16-le"),
    "utf8-bom-crlf": codecs.BOM_UTF8 + GOOD.replace("\n", "\r\n").encode(),
    "huge-value": b"@misc{good, abstract={" + b"word " * 200_000 + b"}}\n",
    "deeply-nested-braces": b"@misc{good, title={" + b"{" * 3000 + b"x" + b"}" * 3000 + b"}}\n",
    "empty": b"",
    "only-comments": b"% nothing here\n",
}


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def cli(*argv: str) -> int:
    return main(["normalize", "--no-config", *argv])


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_file_is_located_and_left_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    data, code, line = BROKEN[name]
    path = tmp_path / "refs.bib"
    path.write_bytes(data)
    assert cli(str(path), "--in-place") == 2
    err = capsys.readouterr().err
    assert re.search(rf"^{re.escape(str(path))}:{line}: (error|warning) {code}: ", err, re.M), err
    assert "error norm.not-written" in err
    assert "Traceback" not in err
    assert path.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == ["refs.bib"]


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_file_output_keeps_every_valid_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    data = BROKEN[name][0]
    path = tmp_path / "refs.bib"
    path.write_bytes(data)
    assert cli(str(path)) == 2
    out = capsys.readouterr().out.replace("\x00", "")
    assert "good" in out.lower()


@pytest.mark.parametrize("name", list(BROKEN))
def test_force_rewrites_a_broken_file(tmp_path: Path, name: str) -> None:
    data = BROKEN[name][0]
    path = tmp_path / "refs.bib"
    path.write_bytes(data)
    assert cli(str(path), "--in-place", "--force") == 2
    written = path.read_bytes()
    assert written != data
    cli(str(path), "--in-place", "--force")
    assert path.read_bytes() == written


@pytest.mark.parametrize("name", list(FINE))
def test_odd_but_valid_files_are_normalized(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    path = tmp_path / "refs.bib"
    path.write_bytes(FINE[name])
    assert cli(str(path), "--in-place") == 0
    assert "error" not in capsys.readouterr().err
    text = path.read_bytes().decode("utf-8")
    if name not in ("empty", "only-comments"):
        assert text.startswith("@misc{good,\n")
    assert cli(str(path), "--check") == 0


def test_nested_braces_survive_exactly(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_bytes(FINE["deeply-nested-braces"])
    assert cli(str(path), "--in-place") == 0
    assert "{" * 3001 + "x" + "}" * 3001 in path.read_text(encoding="utf-8")


def test_failed_write_leaves_original_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "refs.bib"
    original = b'@ARTICLE{k, title = "A", pages = {1-2}}\n'
    path.write_bytes(original)

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    assert cli(str(path), "--in-place") == 2
    assert "error io.write" in capsys.readouterr().err
    assert path.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["refs.bib"]


def test_one_broken_file_does_not_stop_the_others(tmp_path: Path) -> None:
    broken, fine = tmp_path / "broken.bib", tmp_path / "fine.bib"
    broken.write_bytes(BROKEN["unbalanced-braces"][0])
    fine.write_text('@ARTICLE{k, title = "A"}\n', encoding="utf-8")
    assert cli(str(broken), str(fine), "--in-place") == 2
    assert fine.read_text(encoding="utf-8") == "@article{k,\n  title = {A},\n}\n"
