"""Files: decoding bytes (UTF-8, BOMs, UTF-16, latin-1 fallback, NUL) and atomic writes."""

from __future__ import annotations

import codecs
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from belharbi_bib.bibtex.scanner import Source
from belharbi_bib.errors import ReadError, WriteError
from belharbi_bib.files import (
    decode,
    decode_narrow,
    read_bytes,
    write_pieces_atomic,
    write_text_atomic,
)
from belharbi_bib.problems import Severity

TEXT = "@misc{k,\n  title = {Hérault},\n}\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_decode_unicode(data: bytes, encoding: str) -> None:
    decoded = decode(data, "x.bib")
    assert (decoded.text, decoded.encoding, decoded.problems) == (TEXT, encoding, ())


@pytest.mark.parametrize(
    ("data", "text", "lines"),
    [
        (b"H\xe9rault", "Hérault", [1]),
        (b"a\nb\nH\xe9rault\n", "a\nb\nHérault\n", [3]),
        ("ok é\n".encode() + b"bad \xff\n", "ok é\nbad ÿ\n", [2]),
        (
            "Müller\n".encode() + b"M\xfcller \x93q\x94\n" + "Jos\u00e9\n".encode(),
            "Müller\nMüller “q”\nJosé\n",
            [2],
        ),
        (b"a\rb\xe9\rc\r\nd\xe9\xe9\ne\x81", "a\rbé\rc\ndéé\ne\x81", [2, 4, 5]),
    ],
    ids=["first-line", "third-line", "after-valid-utf8", "utf8-kept-around-cp1252", "cr-lines"],
)
def test_decode_reads_only_invalid_runs_as_cp1252(data: bytes, text: str, lines: list[int]) -> None:
    decoded = decode(data, "x.bib")
    assert (decoded.text, decoded.encoding) == (text, "utf-8+cp1252")
    assert [(p.code, p.severity, p.path, p.line) for p in decoded.problems] == [
        ("bib.encoding", Severity.WARNING, "x.bib", line) for line in lines
    ]


@pytest.mark.parametrize(
    ("header", "encoding"),
    [("% Encoding: ISO-8859-1", "iso8859-1"), ("% Encoding: windows-1252", "cp1252")],
)
def test_decode_honours_jabref_header(header: str, encoding: str) -> None:
    data = f"{header}\n\n@misc{{k, title = {{Müller}}}}\n".encode("latin-1")
    decoded = decode(data, "x.bib")
    assert (decoded.encoding, decoded.problems) == (encoding, ())
    assert "Müller" in decoded.text


def test_decode_utf8_header_and_unknown_header() -> None:
    assert decode("% Encoding: UTF8\nü".encode()).text.endswith("ü")
    decoded = decode("% Encoding: klingon\nü".encode(), "x.bib")
    assert decoded.text.endswith("ü")
    assert [(p.code, p.line) for p in decoded.problems] == [("bib.encoding", 1)]


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"a\r\nb\r\n", "a\nb\n"),
        (b"a\rb", "a\rb"),
        (codecs.BOM_UTF16_LE + "a\r\nb".encode("utf-16-le"), "a\nb"),
    ],
    ids=["crlf", "lone-cr-kept", "utf-16-crlf"],
)
def test_decode_normalises_crlf(data: bytes, text: str) -> None:
    assert decode(data).text == text


def test_decode_reports_nul_line() -> None:
    decoded = decode(b"a\nb\nc\x00d\n", "x.bib")
    assert decoded.text == "a\nb\nc\x00d\n"
    [problem] = decoded.problems
    assert (problem.code, problem.severity, problem.line) == ("bib.nul", Severity.WARNING, 3)


def test_decode_rejects_broken_utf16() -> None:
    with pytest.raises(ReadError, match="invalid UTF-16"):
        decode(codecs.BOM_UTF16_LE + b"a\x00\x00\xd8", "x.bib")


@pytest.mark.parametrize(
    ("make", "reason"),
    [("missing", "no such file"), ("directory", "is a directory")],
    ids=["missing", "directory"],
)
def test_read_bytes_errors(tmp_path: Path, make: str, reason: str) -> None:
    target = tmp_path / "x.bib"
    if make == "directory":
        target.mkdir()
    with pytest.raises(ReadError) as info:
        read_bytes(target)
    assert (info.value.path, info.value.reason) == (str(target), reason)


def test_write_atomic_creates_file(tmp_path: Path) -> None:
    target = tmp_path / "new.bib"
    write_text_atomic(target, "é\nline\n")
    assert target.read_bytes() == "é\nline\n".encode()
    assert os.listdir(tmp_path) == ["new.bib"]


def test_write_atomic_replaces_content_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "lib.bib"
    target.write_text("old content that is longer\n", encoding="utf-8")
    target.chmod(0o640)
    write_text_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["lib.bib"]


def test_write_atomic_writes_newlines_verbatim(tmp_path: Path) -> None:
    target = tmp_path / "lib.bib"
    write_text_atomic(target, "a\nb\n")
    assert target.read_bytes() == b"a\nb\n"


@pytest.mark.parametrize(
    "failing",
    ["replace", "fsync", "chmod"],
    ids=["rename-fails", "disk-full", "chmod-fails"],
)
def test_write_atomic_failure_leaves_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "lib.bib"
    target.write_bytes(b"original\n")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, failing, boom)
    with pytest.raises(WriteError) as info:
        write_text_atomic(target, "new\n")
    monkeypatch.undo()
    assert info.value.path == str(target)
    assert info.value.reason == "No space left on device"
    assert target.read_bytes() == b"original\n"
    assert os.listdir(tmp_path) == ["lib.bib"]


def test_write_atomic_unencodable_text_leaves_original(tmp_path: Path) -> None:
    # A lone surrogate (e.g. from a JSON API) cannot be encoded as UTF-8: the write fails.
    target = tmp_path / "lib.bib"
    target.write_bytes(b"original\n")
    with pytest.raises(WriteError):
        write_text_atomic(target, "bad \ud800 text\n")
    assert target.read_bytes() == b"original\n"
    assert os.listdir(tmp_path) == ["lib.bib"]


def test_write_atomic_missing_directory(tmp_path: Path) -> None:
    target = tmp_path / "absent" / "lib.bib"
    with pytest.raises(WriteError):
        write_text_atomic(target, "x")
    assert not target.parent.exists()


def test_write_atomic_unwritable_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Simulated: permissions are not enforced when the tests run as root.
    target = tmp_path / "lib.bib"
    target.write_bytes(b"original\n")

    def denied(*args: object, **kwargs: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(WriteError, match="Permission denied"):
        write_text_atomic(target, "new\n")
    monkeypatch.undo()
    assert target.read_bytes() == b"original\n"
    assert os.listdir(tmp_path) == ["lib.bib"]


def test_write_error_pickles() -> None:
    import pickle

    error = pickle.loads(pickle.dumps(WriteError("a.bib", "disk full")))
    assert (error.path, error.reason, str(error)) == ("a.bib", "disk full", "a.bib: disk full")


def test_new_files_get_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = tmp_path / "page.html"
        write_text_atomic(target, "x")
        assert target.stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(old)


_BYTES = st.sampled_from(
    [
        "a",
        "\n",
        "\r\n",
        "é",
        "Ω",
        "\u2009",
        "\u3000",
        "中",
        "\U0001f600",
        "\x7f",
        "\x1f",
        "\ufeff",
        "\x00",
    ]
).map(str.encode) | st.sampled_from(
    [b"\xc3", b"\xe9", b"\x80", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf4\x90\x80\x80", b"\xef\xbb\xbf"]
)


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(_BYTES, max_size=12), long=st.booleans())
def test_a_narrowed_decoding_stands_for_the_decoded_text(pieces: list[bytes], long: bool) -> None:
    # Invalid UTF-8 (stray bytes, overlong and surrogate sequences) is decoded as decode()
    # does; valid UTF-8 gets stand-ins that give the same text back, with the same problems.
    # ``long`` puts the pieces across the boundaries of the pieces narrowed at a time.
    data = b"".join(pieces)
    if long:
        data = data + b"x" * 4090 + b"\r\n" + data + b"\n" * 3 + data * 2
    expected = decode(data, "t.bib")
    narrowed, stand_ins = decode_narrow(data, "t.bib")
    assert narrowed.problems == expected.problems
    assert narrowed.encoding == expected.encoding
    if stand_ins is None:
        assert narrowed.text == expected.text
    else:
        assert max(narrowed.text, default="a") <= "\xff"
        source = Source.narrowed(narrowed.text, stand_ins)
        assert source.cut(0, len(source.text)) == expected.text


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(st.sampled_from("ab \n\x7f\x1f\xe9\u2009\u4e2d\U0001f600"), max_size=40),
    repeat=st.integers(1, 300),
    cuts=st.lists(st.integers(0, 12000), min_size=2, max_size=2),
)
def test_every_cut_of_a_narrowed_text_is_the_original(
    text: str, repeat: int, cuts: list[int]
) -> None:
    whole = text * repeat
    source = Source(whole, narrow=True)
    assert max(source.text, default="a") <= "\xff"
    assert len(source.text) == len(whole)
    start, end = sorted(cuts)
    assert source.cut(start, end) == whole[start:end]


def test_write_pieces_atomic_writes_the_pieces_joined(tmp_path: Path) -> None:
    target = tmp_path / "out.bib"
    target.write_text("old\n", encoding="utf-8")
    assert write_pieces_atomic(target, iter(["é", "\n", "line\n"]))
    assert target.read_bytes() == "é\nline\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["out.bib"]


def test_write_pieces_atomic_leaves_the_file_when_told_not_to_keep(tmp_path: Path) -> None:
    target = tmp_path / "out.bib"
    target.write_text("old\n", encoding="utf-8")
    seen: list[str] = []

    def pieces() -> Iterator[str]:
        for piece in ("a", "b"):
            seen.append(piece)
            yield piece

    assert not write_pieces_atomic(target, pieces(), keep=lambda: len(seen) != 2)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bib"]


def test_write_pieces_atomic_fails_whole_on_a_bad_piece(tmp_path: Path) -> None:
    target = tmp_path / "out.bib"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(WriteError):
        write_pieces_atomic(target, iter(["good\n", "bad \ud800\n"]))
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bib"]


def test_atomic_write_steps_over_a_clashing_temporary_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "lib.bib"
    clash = tmp_path / f".lib.bib.{'00' * 6}.tmp"
    clash.write_bytes(b"someone else's\n")
    draws = iter([b"\0" * 6, b"\1" * 6])
    monkeypatch.setattr(os, "urandom", lambda size: next(draws))
    write_text_atomic(target, "new\n")
    monkeypatch.undo()
    assert target.read_bytes() == b"new\n"
    assert clash.read_bytes() == b"someone else's\n"
    assert sorted(os.listdir(tmp_path)) == [clash.name, "lib.bib"]


def test_atomic_write_gives_up_when_every_temporary_name_is_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "lib.bib"
    (tmp_path / f".lib.bib.{'00' * 6}.tmp").write_bytes(b"")
    monkeypatch.setattr(os, "urandom", lambda size: b"\0" * size)
    with pytest.raises(WriteError):
        write_text_atomic(target, "new\n")
    monkeypatch.undo()
    assert not target.exists()
