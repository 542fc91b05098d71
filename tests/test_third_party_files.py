"""Real files from other tools' test suites (tests/data/third_party, listed in its SOURCES.md).

The checks every real file gets (round trip, normalize, biber) run on these files through the
``real_file`` fixture in tests/test_roundtrip_corpus.py, tests/test_normalize_corpus.py and
tests/test_biber_differential.py. This module adds what needs no corpus to compare with:

- an independent, deliberately simple scan of each file finds every entry it opens; each one is
  a record at that line with that key, or an error reported inside it; no record comes from
  anywhere else;
- each file decodes as the encoding it is written in (its suite says which);
- errors appear exactly where the suites meant them (the intentionally broken files), nowhere
  else;
- no command raises on any of them;
- one minimal case per defect the files exposed (decoding, name lists, dates in the export).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import THIRD_PARTY_DIR, third_party_files

from belharbi_bib.bibtex.reader import parse_string, read
from belharbi_bib.cli import main
from belharbi_bib.exports import export
from belharbi_bib.files import decode, read_bytes
from belharbi_bib.model import Library
from belharbi_bib.problems import Severity
from belharbi_bib.structs import dataclass

FILES = third_party_files()
NAMES = [p.name for p in FILES]

ENCODINGS = {
    "biber_encoding1_latin9.bib": "iso8859-15",  # says so in an Emacs "-*- coding: -*-" line
    "biber_encoding4_latin2.bib": "iso8859-2",  # idem
    "jabref_utf16be_no_bom.bib": "utf-16-be",  # no BOM; a "% Encoding: UTF-16BE" header
    "jabref_windows1252_header.bib": "cp1252",  # "% Encoding: windows-1252" header
    "jabref_windows1252_declared_utf8.bib": "cp1252",  # the header wrongly says UTF-8
}
"""The encoding each file is written in, when it is not UTF-8."""

EXPECTED_ERRORS = {
    "biber_tool.bib": {"bib.bad-names"},  # "and and": an empty name (biber skips the entry)
    "btparse_commas.bib": {"bib.bad-names"},  # names separated by commas, not "and"
    "btparse_macro.bib": {"bib.syntax"},  # two definitions in one @string (btparse only)
    "btparse_overflow.bib": {"bib.syntax"},  # an @comment whose braces never balance
    "jabref_windows1252_declared_utf8.bib": {"bib.missing-key"},  # @Article{, ...}
    "jabref_windows1252_header.bib": {"bib.missing-key"},  # idem
    "textbibtex_errors.bib": {"bib.syntax"},  # "author {error}": no "=" (entry recovered)
}
"""Error codes of the files meant to be invalid; every other file must read without an error."""

_OPENING = re.compile(r"@[ \t\n\r]*([A-Za-z][\w:.+-]*)[ \t\n\r]*([{(])")
_KEY = re.compile(r"[ \t\n\r]*([^,\s})]*)")
_COMMANDS = {"comment", "preamble", "string"}


@dataclass(frozen=True)
class Opening:
    """An entry a scan found: where it starts and ends, its type and key."""

    line: int
    last_line: int
    entry_type: str
    key: str


def text_of(path: Path) -> str:
    """The file decoded as the encoding it is written in, line ends made ``\\n``."""
    raw = path.read_bytes()
    text = raw.decode(ENCODINGS.get(path.name, "utf-8-sig"))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _block_end(text: str, start: int, opener: str) -> int:
    """The offset after the delimiter closing a block opened just before ``start``."""
    depth = 0
    quoted = False
    for index in range(start, len(text)):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0 and opener == "{":
                return index + 1
            depth = max(depth - 1, 0)
        elif opener == "(" and depth == 0:
            if char == '"':
                quoted = not quoted
            elif char == ")" and not quoted:
                return index + 1
    return len(text)


def scan(text: str) -> list[Opening]:
    """Every entry opened in ``text``: not @comment/@preamble/@string, not inside a block.

    Outside blocks a line whose first non-blank character is ``%`` is a comment (biber's
    rule); an ``@`` without a name and a delimiter after it opens nothing.
    """
    found = []
    position = 0
    while position < len(text):
        char = text[position]
        line_start = text.rfind("\n", 0, position) + 1
        if char == "%" and not text[line_start:position].strip():
            end = text.find("\n", position)
            position = len(text) if end < 0 else end + 1
            continue
        match = _OPENING.match(text, position) if char == "@" else None
        if match is None:
            position += 1
            continue
        end = _block_end(text, match.end(), match.group(2))
        entry_type = match.group(1)
        if entry_type.lower() not in _COMMANDS:
            key = _KEY.match(text, match.end())
            found.append(
                Opening(
                    text.count("\n", 0, position) + 1,
                    text.count("\n", 0, end) + 1,
                    entry_type,
                    key.group(1) if key else "",
                )
            )
        position = end
    return found


@pytest.fixture(scope="module", params=NAMES)
def path(request: pytest.FixtureRequest) -> Path:
    return THIRD_PARTY_DIR / str(request.param)


@pytest.fixture(scope="module")
def library(path: Path) -> Library:
    return read(path)


def test_there_are_enough_files_and_each_is_small() -> None:
    assert len(FILES) >= 15
    assert all(p.stat().st_size < 100_000 for p in FILES)


def test_every_file_is_listed_in_sources() -> None:
    sources = (THIRD_PARTY_DIR / "SOURCES.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([^`]+\.bib)` \|", sources, re.MULTILINE))
    assert listed == set(NAMES)


def test_the_scan_finds_what_it_should() -> None:
    text = (
        "% @article{commented, title = {x}}\n"
        "@string{a = {b}}\n"
        '@ Book ( k1 , title = "a {)"} b", note = {@misc{inner, x = y}} )\n'
        "me@example.org @comment{skip {@article{no,}}}\n"
        "@misc{k2,\n  title = {T},\n}\n"
    )
    assert [(o.line, o.last_line, o.entry_type, o.key) for o in scan(text)] == [
        (3, 3, "Book", "k1"),
        (5, 7, "misc", "k2"),
    ]


def test_file_decodes_as_written(path: Path) -> None:
    assert decode(read_bytes(path), str(path)).text == text_of(path)


def test_every_entry_is_a_record_or_an_error_inside_it(path: Path, library: Library) -> None:
    openings = scan(text_of(path))
    by_line = {record.line: record for record in library.records}
    errors = [p.line for p in library.problems if p.severity is Severity.ERROR and p.line]
    for opening in openings:
        record = by_line.get(opening.line)
        if record is not None:
            assert (record.key, record.entry_type) == (opening.key, opening.entry_type.lower())
        else:
            inside = [line for line in errors if opening.line <= line <= opening.last_line]
            assert inside, f"entry {opening.key!r} at line {opening.line}: no record, no error"
    starts = {opening.line for opening in openings}
    assert [r.key for r in library.records if r.line not in starts] == [], "records from nowhere"
    assert len(library.records) == len(by_line), "two records start on one line"


def test_errors_are_the_intended_ones(path: Path, library: Library) -> None:
    codes = {p.code for p in library.problems if p.severity is Severity.ERROR}
    assert codes == EXPECTED_ERRORS.get(path.name, set())
    assert all(p.line is not None for p in library.problems)


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["list", "--json"],
        ["normalize", "--check"],
        ["format"],
        ["export", "--to", "bibtex"],
        ["export", "--to", "biblatex"],
        ["export", "--to", "csljson"],
    ],
    ids=lambda words: "-".join(w.lstrip("-") for w in words),
)
def test_no_command_raises(
    path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # 2: the file has errors (or bytes normalize will not rewrite); an exception fails the test
    assert main([*command, str(path)]) in (0, 1, 2)
    assert "Traceback" not in capsys.readouterr().err


def test_emacs_coding_line_is_honoured_only_for_text_that_is_not_utf8() -> None:
    cookie = "% -*- mode: bibtex; coding: latin-9-unix -*-\n@misc{Š, title = {Šome}}\n"
    decoded = decode(cookie.encode("iso8859-15"))
    assert (decoded.text, decoded.encoding, decoded.problems) == (cookie, "iso8859-15", ())
    second_line = "%\n% -*- coding: iso-latin-1 -*-\n@misc{k, title = {Hérault}}\n"
    assert decode(second_line.encode("latin-1")).encoding == "iso8859-1"
    assert decode(cookie.encode("utf-8")).text == cookie  # the line lies: UTF-8 wins


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised(codec: str) -> None:
    text = "@misc{k, title = {Hérault}}\n"
    decoded = decode(text.encode(codec))
    assert (decoded.text, decoded.encoding, decoded.problems) == (text, codec, ())


def test_and_inside_braces_does_not_split_names() -> None:
    # biber's names.bib (L29): one corporate name, braced whole, with "and" and commas inside.
    text = (
        "@book{k, author = {{U.S. Department of Health and Human Services, National Institute"
        " of Mental Health, National Heart, Lung and Blood Institute}}}\n"
        "@book{j, author = {{Smith and Sons} and Doe, J., Roe, K., Poe, L.}}\n"
    )
    library = parse_string(text)
    assert [(p.code, p.key) for p in library.problems] == [("bib.bad-names", "j")]


@pytest.mark.parametrize(
    ("names", "flagged"),
    [
        ("John Smith and and Terry Brown", True),  # biber: empty name, entry skipped
        ("John Smith AND and Terry Brown", True),  # idem
        ("Wall,, Larry", True),  # biber: consecutive commas, entry skipped
        (", John", True),  # biber crashes (libbtparse SEGV)
        ("Smith, J. and , Jones", True),  # idem, second name
        ("Smith, , John", False),  # biber and BibTeX accept it
        ("{Smith,, Inc.} and {A and and B}", False),  # braced: one name each
        ("Smith, John,", False),  # BibTeX drops the trailing comma with a warning
        ("Sand and Anderson, J.", False),
    ],
)
def test_name_lists_biber_rejects_are_flagged(names: str, flagged: bool) -> None:
    library = parse_string(f"@misc{{k, author = {{{names}}}, title = {{T}}}}\n")
    codes = [p.code for p in library.problems]
    assert codes == (["bib.bad-names"] if flagged else [])


def test_bibtex_export_writes_a_date_in_other_digits_as_an_ascii_year() -> None:
    # biber's dateformats.bib (script1): BibTeX styles typeset ``year``; pdflatex cannot set
    # Devanagari digits, biber reads them as 1987 (compile harness: 0 -> 4 errors before).
    text = "@book{k, author = {Krull, Kevin}, title = {T}, date = {१९८७-०१-१५/१९८८-०५-११}}\n"
    written = export(parse_string(text), to="bibtex")
    assert "  month = jan,\n  year = {1987},\n" in written
    superscript = export(parse_string("@book{k, title = {T}, date = {²⁰²⁰}}\n"), to="bibtex")
    assert "year" not in superscript


def test_biblatex_export_writes_dates_in_other_digits_in_ascii() -> None:
    # biber hands Devanagari date digits on to biblatex unchanged, and pdflatex then loops
    # forever on biber's dateformats.bib (script1); ASCII digits typeset.
    text = (
        "@book{k, author = {Krull, Kevin}, title = {T}, date = {१९८७-०१-१५/१९८८-०५-११},"
        " origdate = {१९८०}, urldate = {2020-01-02}}\n"
    )
    written = export(parse_string(text), to="biblatex")
    assert "  date = {1987-01-15/1988-05-11},\n" in written
    assert "  origdate = {1980},\n" in written
    assert "  urldate = {2020-01-02},\n" in written
