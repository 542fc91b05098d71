"""Our reader against the real biber (``biber --tool``): same entries, keys, types and values.

biber reads the text we decoded (written as UTF-8: encodings are not what is compared here) and
writes it back as BibTeX; we read biber's output with our own reader and compare it with what
we read from the original (files: the real-world corpus, then tests/data/third_party). Every
difference has a reason, documented in docs/data-model.md ("Where we differ from biber") and
checked here:

- biber keeps the first of entries sharing a key; we keep all (later ones flagged
  ``bib.duplicate-key``), so only the first of each key is compared.
- biber skips an entry with a name of more than two commas; we keep it (``bib.bad-names``, or
  no claim when the names depend on macros defined in another file, such as ``and``).
- on a syntax error biber writes nothing for the whole file; we keep every other entry. For
  such files every error biber reports must be one we report at the same line (biber counts
  some lines inside a block from the block's start: listed in ``BIBER_LINE_QUIRKS``).
- biber's tool mode maps legacy types (``@phdthesis`` -> ``@thesis`` ...); we keep types.
- a field repeated in one entry: biber keeps the last, we keep all (lookups give the first);
  such fields are not compared.
- a value using an undefined macro: biber drops the macro (or the field); we keep the macro's
  name as its text with a ``bib.undefined-macro`` warning; such fields are not compared.
- biber drops some values (``volume = {0}``); a field biber does not write is not compared
  (a field biber writes and we lack is a difference).
- values are compared after both sides' normalisations: white space collapsed, LaTeX turned
  into Unicode, then folded to letters and digits (biber decodes LaTeX accents on input;
  it writes ``\\i`` as a dotless i).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

from conftest import require_tool
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from belharbi_bib.bibtex.reader import NAME_FIELDS, parse_string
from belharbi_bib.files import decode, read_bytes
from belharbi_bib.model import Library, Record, Unparsed
from belharbi_bib.names import fold

BIBER_TYPES = {
    "conference": "inproceedings",
    "electronic": "online",
    "www": "online",
    "mastersthesis": "thesis",
    "phdthesis": "thesis",
    "techreport": "report",
}
"""The entry types biber's tool mode maps (biber-tool.conf); we keep types as written."""

COMPARED_FIELDS = ("title", "booktitle", "note", "volume", "edition")
"""Fields biber's tool mode passes through without mapping or reformatting (it rewrites
``number = {OCT}`` as ``October``, so ``number`` is not among them)."""

BIBER_LINE_QUIRKS = {
    "06_xampl_modified_polish.bib": (
        "biber reports the error of a multi-definition @STRING at line 2, counting from the "
        "block; we report it at line 13, where the second definition stands"
    ),
    "btparse_macro.bib": (
        "the same: biber reports the second definition of the @string at line 1, we at line 2"
    ),
    "btparse_overflow.bib": (
        "biber reports the @comment left open at the end of the input (line 2); we report it "
        "at line 1, where it opens"
    ),
}
"""Files where biber reports an error at a line other than where it is (we are right)."""

_BIBER_ERROR = re.compile(r"ERROR - BibTeX subsystem: .*?, line (\d+), (.*)")
_SKIPPED = re.compile(r"skipping entry '([^']*)'")


def run_biber(text: str, work: Path) -> tuple[Library | None, str]:
    """Run ``biber --tool`` on ``text``; return what we read of its output, and its log."""
    biber = require_tool("biber")
    source = work / "input.bib"
    source.write_text(text, encoding="utf-8")
    output = work / "output.bib"
    output.unlink(missing_ok=True)
    done = subprocess.run(
        [
            biber,
            "--tool",
            "--output-format=bibtex",
            "--output-fieldcase=lower",
            "--output-all-macrodefs",
            f"--output-file={output}",
            str(source),
        ],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    log = done.stdout + done.stderr
    if not output.exists():
        return None, log
    return parse_string(output.read_text(encoding="utf-8"), str(output)), log


def norm(text: str | None) -> str:
    """A value as both sides can agree on it (see the module docstring)."""
    # biber writes \\i as a dotless i (then a combining accent); we write the accented i.
    # ``%`` would start a LaTeX comment in the conversion to Unicode: it is text here.
    plain = (text or "").replace("%", " ")
    return fold(" ".join(plain.split())).replace("ı", "i")


def first_records(library: Library) -> list[Record]:
    """The first record of each key (what biber keeps)."""
    seen: set[str] = set()
    kept = []
    for record in library:
        if record.key not in seen:
            seen.add(record.key)
            kept.append(record)
    return kept


def compare(ours: Library, theirs: Library, log: str) -> list[str]:
    """Return every difference between our reading and biber's that has no known reason."""
    skipped = set(_SKIPPED.findall(log))
    flagged = {p.key for p in ours.problems if p.key and p.code == "bib.bad-names"}
    undefined = {
        (p.key, name)
        for p in ours.problems
        if p.code == "bib.undefined-macro"
        for name in re.findall(r"field '([^']*)'", p.message)
    }
    differences = []
    their_keys = {record.key for record in theirs}
    for record in first_records(ours):
        if record.key not in their_keys:
            guessed = any((record.key, name) in undefined for name in NAME_FIELDS)
            if record.key in skipped and (record.key in flagged or guessed):
                continue
            differences.append(f"{record.key}: read by us, not by biber")
            continue
        other = theirs[record.key]
        expected = BIBER_TYPES.get(record.entry_type, record.entry_type)
        if other.entry_type != expected:
            differences.append(f"{record.key}: type {record.entry_type} vs {other.entry_type}")
        for name in COMPARED_FIELDS:
            if (record.key, name) in undefined or [f.name for f in record.fields].count(name) > 1:
                continue
            if name not in other:  # biber drops some values (``volume = {0}``): not a loss of ours
                continue
            if name not in record or norm(record.field(name)) != norm(other.field(name)):
                differences.append(
                    f"{record.key}: {name} {record.field(name)!r} vs {other.field(name)!r}"
                )
    our_keys = {record.key for record in ours}
    differences.extend(f"{key}: read by biber, not by us" for key in their_keys - our_keys)
    return differences


def unmatched_errors(name: str, ours: Library, log: str) -> list[str]:
    """Return biber's syntax errors that we do not report at the same line."""
    if name in BIBER_LINE_QUIRKS:
        return []
    lines = {p.line for p in ours.problems}
    return [
        f"line {line}: {message}"
        for line, message in _BIBER_ERROR.findall(log)
        if int(line) not in lines
    ]


def test_realworld_file_against_biber(real_file: Path, tmp_path: Path) -> None:
    text = decode(read_bytes(real_file), str(real_file)).text
    ours = parse_string(text, str(real_file))
    theirs, log = run_biber(text, tmp_path)
    if theirs is None:
        # biber refuses the whole file on one syntax error: each must be one of ours.
        assert _BIBER_ERROR.search(log), log
        assert unmatched_errors(real_file.name, ours, log) == []
        kept = [b for b in ours.blocks if isinstance(b, (Record, Unparsed))]
        assert kept or not text.strip()  # every entry: a record, or kept verbatim
        return
    assert compare(ours, theirs, log) == []


def test_documented_differences_are_real(tmp_path: Path) -> None:
    text = (
        "@misc{k, title = {First}}\n@misc{k, title = {Second}}\n"
        "@article{c, author = {Smith, J., Jones, K.}, title = {T}}\n"
        "@phdthesis{p, title = {P}, note = {a}, note = {b}, booktitle = {x } # undefined}\n"
    )
    ours = parse_string(text)
    theirs, log = run_biber(text, tmp_path)
    assert theirs is not None, log
    assert [r.key for r in ours] == ["k", "k", "c", "p"]
    assert [r.key for r in theirs] == ["k", "p"]
    assert theirs["k"].title == ours["k"].title == "First"
    assert "skipping entry 'c'" in log
    assert (ours["p"].entry_type, theirs["p"].entry_type) == ("phdthesis", "thesis")
    assert (ours["p"].field("note"), theirs["p"].field("note")) == ("a", "b")
    assert ours["p"].field("booktitle") == "x undefined"
    assert theirs["p"].field("booktitle") != ours["p"].field("booktitle")
    assert compare(ours, theirs, log) == []


def test_syntax_error_lines_agree_with_biber(tmp_path: Path) -> None:
    text = "@misc{a, title = {A}}\n\n@misc{b,\n  title = {B},\n  year 2020,\n}\n"
    ours = parse_string(text)
    theirs, log = run_biber(text, tmp_path)
    assert theirs is None
    assert [line for line, _ in _BIBER_ERROR.findall(log)] == ["5"]
    assert [(p.code, p.line) for p in ours.problems] == [("bib.syntax", 5)]
    assert [r.key for r in ours] == ["a"]


WORDS = st.sampled_from(["alpha", "Beta", "{G}amma", "d\\'elta", "x@y", "50%", "a,b", "(p)"])
VALUES = st.recursive(
    WORDS,
    lambda inner: st.lists(inner, min_size=1, max_size=3).map(lambda w: "{" + " ".join(w) + "}"),
    max_leaves=6,
)


@st.composite
def entries(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    """An entry written in one of the legal spellings, with the values it stands for."""
    key = draw(st.from_regex(r"[a-z][a-z0-9:_-]{0,8}", fullmatch=True))
    entry_type = draw(st.sampled_from(["article", "Misc", "BOOK", "inproceedings", "online"]))
    names = draw(st.lists(st.sampled_from(COMPARED_FIELDS), min_size=1, max_size=4, unique=True))
    written: dict[str, str] = {}
    fields = []
    for name in names:
        words = draw(st.lists(VALUES, min_size=1, max_size=4))
        value = " ".join(words)
        quoted = draw(st.booleans())
        raw = f'"{value}"' if quoted else f"{{{value}}}"
        space = draw(st.sampled_from([" ", "\n  ", "\t", "\n%c\n  "]))
        fields.append(f"{space}{name.upper() if draw(st.booleans()) else name} ={space}{raw}")
        written[name] = value
    opener, closer = draw(st.sampled_from([("{", "}"), ("(", ")")]))
    gap = draw(st.sampled_from(["", " ", "\n"]))
    trailing = draw(st.sampled_from(["", ","]))
    text = f"@{gap}{entry_type}{gap}{opener}{key},{','.join(fields)}{trailing}\n{closer}\n"
    return text, {"key": key, "type": entry_type.lower(), **written}


def _join(parts: Iterable[tuple[str, dict[str, str]]]) -> tuple[str, list[dict[str, str]]]:
    texts, expected = [], []
    keys: set[str] = set()
    for text, fields in parts:
        if fields["key"] in keys:
            continue
        keys.add(fields["key"])
        texts.append(text)
        expected.append(fields)
    return "\n".join(texts), expected


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(entries(), min_size=1, max_size=6))
def test_generated_files_against_biber(
    tmp_path: Path, parts: list[tuple[str, dict[str, str]]]
) -> None:
    text, expected = _join(parts)
    ours = parse_string(text)
    assert ours.problems == ()
    assert [(r.key, r.entry_type) for r in ours] == [(e["key"], e["type"]) for e in expected]
    for record, fields in zip(ours, expected, strict=True):
        for name in COMPARED_FIELDS:
            if name in fields:
                assert record.field(name) == fields[name]
    theirs, log = run_biber(text, tmp_path)
    assert theirs is not None, log
    assert compare(ours, theirs, log) == []
