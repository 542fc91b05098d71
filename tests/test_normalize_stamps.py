"""The whole-file hit of ``normalize --check``: answered from stamps, the same as a full run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from belharbi_bib.cli import main, stamps
from belharbi_bib.cli.commands import normalize as command

CANONICAL = (
    "@article{doe2020deep,\n  author = {Doe, Jane},\n  title = {Deep},\n  year = {2020},\n}\n"
)
WARNED = CANONICAL + "\n@misc{doe2020deep,\n  title = {Again},\n}\n"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()  # no configuration file above
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path


def _run(capsys: pytest.CaptureFixture[str], *words: str) -> tuple[int, str, str]:
    code = main(["normalize", "--check", *words])
    out, err = capsys.readouterr()
    return code, out, err


def _no_full_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was parsed again")

    monkeypatch.setattr(command, "process", fail)


@pytest.mark.parametrize("text", [CANONICAL, WARNED], ids=["clean", "with-problems"])
def test_a_second_check_answers_from_the_stamp_with_the_same_output(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    (workdir / "a.bib").write_text(text, encoding="utf-8")
    first = _run(capsys, "a.bib")
    assert first[1] == "0 files would be reformatted, 1 file already canonical\n"
    _no_full_run(monkeypatch)
    assert _run(capsys, "a.bib") == first


def test_a_changed_file_is_checked_again_even_with_the_same_size_and_time(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = workdir / "a.bib"
    path.write_text(CANONICAL, encoding="utf-8")
    assert _run(capsys, "a.bib")[0] == 0
    before = path.stat()
    path.write_text(
        CANONICAL.replace("{Deep}", "{Deep"[:-1] + "p}").replace("Doe, Jane", "Jane Doe")
    )
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    code, out, _ = _run(capsys, "a.bib")
    assert code == 1
    assert "would reformat a.bib" in out


def test_options_stdin_and_new_configuration_mean_a_full_run(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (workdir / "a.bib").write_text(CANONICAL, encoding="utf-8")
    assert _run(capsys, "a.bib")[0] == 0
    assert stamps.plain_check(["normalize", "--check", "--no-names", "a.bib"]) is None
    assert stamps.plain_check(["normalize", "--check", "-"]) is None
    assert stamps.plain_check(["-v", "normalize", "--check", "a.bib"]) is None
    assert stamps.quick_check(["normalize", "--check", "a.bib"]) == 0
    (workdir / "belharbi-bib.toml").write_text("[normalize]\nnames = false\n", encoding="utf-8")
    assert stamps.quick_check(["normalize", "--check", "a.bib"]) is None
    assert stamps.quick_check(["normalize", "--check", "--no-config", "a.bib"]) is None


def test_the_stamps_are_bounded(workdir: Path) -> None:
    directory = stamps.stamp_dir()
    os.makedirs(directory)
    path = workdir / "a.bib"
    path.write_bytes(b"x")
    for index in range(stamps.MAX_STAMPS + 5):
        name = workdir / f"f{index}.bib"
        name.write_bytes(b"x")
        content = stamps.record(
            directory, False, [(str(name), 1, stamps.content_hash(b"x"), "", 0)]
        )
        assert content is not None
        Path(directory, stamps.STAMPS_NAME).write_bytes(content)
    assert len(stamps.load(directory)) == stamps.MAX_STAMPS


def test_no_config_before_the_command_hits_the_same_stamp(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Global options stand anywhere on the line: ``--no-config normalize --check`` too."""
    (workdir / "a.bib").write_text(CANONICAL, encoding="utf-8")
    assert main(["--no-config", "normalize", "--check", "a.bib"]) == 0
    first = capsys.readouterr()
    assert stamps.plain_check(["--no-config", "normalize", "--check", "a.bib"]) == (["a.bib"], True)
    _no_full_run(monkeypatch)
    assert stamps.quick_check(["--no-config", "normalize", "--check", "a.bib"]) == 0
    assert stamps.quick_check(["normalize", "--check", "--no-config", "a.bib"]) == 0
    assert capsys.readouterr().out == first.out * 2


@pytest.mark.parametrize(
    "content",
    [b"", b"belharbi-bib check stamps 1\n", b"{}", None],
    ids=["empty", "old-format", "json", "garbled-line"],
)
def test_a_missing_or_corrupt_stamp_file_means_a_full_run(
    workdir: Path, capsys: pytest.CaptureFixture[str], content: bytes | None
) -> None:
    (workdir / "a.bib").write_text(CANONICAL, encoding="utf-8")
    assert main(["normalize", "--check", "a.bib"]) == 0
    capsys.readouterr()
    where = Path(stamps.stamp_dir(), stamps.STAMPS_NAME)
    good = where.read_bytes()
    assert len(stamps.load(stamps.stamp_dir())) == 1
    if content is None:  # a stamp line with a field that is not a number
        header, line = good.split(b"\n", 1)
        content = header + b"\n" + line.replace(b"\t", b"\tx", 1)
    where.write_bytes(content)
    assert stamps.load(stamps.stamp_dir()) == {}
    assert stamps.quick_check(["normalize", "--check", "a.bib"]) is None
    assert main(["normalize", "--check", "a.bib"]) == 0  # the full run writes a good file again
    assert len(stamps.load(stamps.stamp_dir())) == 1
