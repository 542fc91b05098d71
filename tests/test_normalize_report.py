"""``--check``'s listing of entries laid out otherwise than the writer lays them out.

:func:`layout_reasons` cuts each entry's text out of the file by lines (from the entry's line
to the next block's) and compares it with the entry's canonical layout.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from belharbi_bib.bibtex.reader import parse_string
from belharbi_bib.bibtex.writer import write
from belharbi_bib.files import decode, read_bytes
from belharbi_bib.normalize.pipeline import normalize
from belharbi_bib.normalize.report import layout_reasons


def listed(text: str) -> dict[int, str]:
    """The entries of ``text`` listed, after checking they are entries of it, by their lines."""
    library = parse_string(text, "x.bib")
    found = layout_reasons(text, library)
    assert set(found.items()) <= {(r.line, r.key) for r in library.records}
    return found


def canonical(text: str) -> str:
    return write(normalize(parse_string(text, "x.bib")).library)


def test_every_real_file_is_listed_and_its_canonical_form_is_not(real_file: Path) -> None:
    text = decode(read_bytes(real_file), str(real_file)).text
    listed(text)
    assert listed(canonical(text)) == {}


PIECES = [
    "@misc{k,\n  title = {A},\n}",
    '@ARTICLE{k2, title = "B"}',
    "@string{s = {x}}",
    "% a comment",
    "junk } after",
    "@comment{c}",
    "  ",
    "",
    "@misc{e,\n}",
    "@misc{f,\n  year = {2020},\n} trailing",
]
BREAKS = ["\n", "\n\n", " ", "", "\n  \n"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(BREAKS)), max_size=8))
def test_generated_files_are_listed_and_their_canonical_forms_are_not(
    pieces: list[tuple[str, str]],
) -> None:
    text = "".join(piece + brk for piece, brk in pieces)
    listed(text)
    assert listed(canonical(text)) == {}


def test_what_is_listed() -> None:
    entry = "@misc{k,\n  title = {A},\n}"
    assert listed(entry) == {}  # no final line break
    assert listed(f"\n\n{entry}\n\n\n") == {}
    assert listed(f"{entry} x\n@misc{{m,\n  title = {{B}},\n}}\n") == {1: "k"}
    assert listed("@misc{k, title = {A}}\n" + entry.replace("k,", "m,")) == {1: "k"}
    assert listed(f"% note\n{entry}\n@MISC{{m,\n  title = {{B}},\n}}") == {5: "m"}


def test_a_file_without_blocks_is_listed_without_failing() -> None:
    # blank lines only: not canonical (the output is empty), and no block to cut by its line;
    # the listing failed here with a ValueError (a strict zip over no block lines)
    assert listed("  \n\n\n") == {}
