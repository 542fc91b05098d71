"""Property tests: generated libraries survive write -> parse, and the writer is canonical."""

from __future__ import annotations

import re
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from belharbi_bib import values
from belharbi_bib.bibtex.reader import parse_string
from belharbi_bib.bibtex.writer import FIELD_ORDER, render_record, write
from belharbi_bib.model import Block, Comment, Field, Library, Preamble, Record, StringDef

Content = Callable[[Library], tuple[object, ...]]

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

_AT_LINE_START = re.compile(r"(^|\n)[ \t]*@")
"""An ``@`` opening a line starts a new block for bibtexparser's error recovery, even in a value."""

PLAIN = st.text(
    alphabet=st.sampled_from(
        list("abcxyzABCXYZ019 ") + list(".,;:!?-'()=#%&~$@/") + ["\n", "é", "ü", "Ł", "中", "—"]
    ),
    max_size=12,
)
ACCENTS = st.sampled_from(
    ["{\\'e}", '{\\"o}', "\\'{e}", "{\\c{c}}", "{\\ss}", "\\&", "\\%", "$\\alpha$", "--", "~"]
)


def _braced_text(depth: int) -> st.SearchStrategy[str]:
    """Text whose braces balance, with nested groups, accents and stray quotes."""
    atom: st.SearchStrategy[str] = st.one_of(PLAIN, ACCENTS, st.just('"'))
    if depth > 0:
        atom = st.one_of(atom, _braced_text(depth - 1).map(lambda t: "{" + t + "}"))
    return st.lists(atom, max_size=5).map("".join)


def _flatten(text: str) -> str:
    """Return the characters of ``text`` that stand outside every brace group."""
    depth, kept = 0, []
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0:
            kept.append(char)
    return "".join(kept)


BALANCED = _braced_text(3).filter(lambda t: not _AT_LINE_START.search(t))
QUOTABLE = BALANCED.filter(lambda t: '"' not in _flatten(t))
"""Text that can stand in quotes: every ``"`` hidden in braces."""


MACRO_NAME = st.from_regex(r"[A-Za-z][A-Za-z0-9_:.+-]{0,8}", fullmatch=True)
MACROS = st.one_of(MACRO_NAME, st.sampled_from(list(values.MONTH_MACROS)))


OPERAND = st.one_of(
    BALANCED.map(lambda t: "{" + t + "}"),
    QUOTABLE.map(lambda t: '"' + t + '"'),
    st.integers(0, 99999).map(str),
    MACROS,
)


SEPARATORS = st.sampled_from([" # ", "#", " #\n  ", "  #  "])


@st.composite
def raw_values(draw: st.DrawFn) -> str:
    """A raw value: a literal, a number, a macro, or a ``#`` concatenation of those."""
    parts = draw(st.lists(OPERAND, min_size=1, max_size=4))
    raw = parts[0]
    for part in parts[1:]:
        raw += draw(SEPARATORS) + part
    return raw


KEY = st.from_regex(r"[A-Za-z][A-Za-z0-9_:./+-]{0,15}", fullmatch=True)
ENTRY_TYPE = st.one_of(
    st.sampled_from(["article", "inproceedings", "book", "misc", "phdthesis", "online"]),
    st.from_regex(r"[a-z]{1,10}", fullmatch=True).filter(
        lambda t: t not in ("string", "preamble", "comment")
    ),
)
FIELD_NAME = st.one_of(
    st.sampled_from(FIELD_ORDER),
    st.from_regex(r"[a-z][a-z0-9_-]{0,10}", fullmatch=True),
)


@st.composite
def records(draw: st.DrawFn, key: str) -> Record:
    names = draw(st.lists(FIELD_NAME, max_size=8))
    fields = tuple(Field(name, draw(raw_values())) for name in names)
    return Record(key, draw(ENTRY_TYPE), fields)


COMMENT_TEXT = (
    st.text(
        alphabet=st.sampled_from(list("abc XYZ 012 .,;:!?-=%()\n")),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)


@st.composite
def libraries(draw: st.DrawFn) -> Library:
    """A library of records, @strings, @preambles and comments in any order."""
    keys = draw(st.lists(KEY, max_size=6, unique_by=str.casefold))
    blocks: list[Block] = [draw(records(key)) for key in keys]
    for name in draw(st.lists(MACRO_NAME, max_size=3, unique_by=str.lower)):
        blocks.insert(draw(st.integers(0, len(blocks))), StringDef(name, draw(raw_values())))
    for _ in range(draw(st.integers(0, 2))):
        blocks.insert(draw(st.integers(0, len(blocks))), Preamble(draw(raw_values())))
    for explicit in draw(st.lists(st.booleans(), max_size=3)):
        text = draw(BALANCED if explicit else COMMENT_TEXT.map(lambda t: "% " + t))
        if explicit and (not text.strip() or text.startswith("belharbi-bib:")):
            continue
        blocks.insert(draw(st.integers(0, len(blocks))), Comment(text.strip(), explicit))
    return Library(tuple(_separate_implicit_comments(blocks)))


def _is_implicit(block: Block | None) -> bool:
    return isinstance(block, Comment) and not block.explicit


def _separate_implicit_comments(blocks: list[Block]) -> list[Block]:
    """Drop an implicit comment that follows another: in a file they would be one comment."""
    kept: list[Block] = []
    for block in blocks:
        previous = kept[-1] if kept else None
        if _is_implicit(block) and _is_implicit(previous):
            continue
        kept.append(block)
    return kept


@SETTINGS
@given(library=libraries())
def test_parse_of_write_has_same_content(library: Library, content_of: Content) -> None:
    again = parse_string(write(library))
    assert content_of(again) == content_of(library)
    assert [type(b) for b in again.blocks] == [type(b) for b in library.blocks]
    assert not [p for p in again.problems if p.code in ("bib.syntax", "bib.bad-value")]


@SETTINGS
@given(library=libraries())
def test_write_is_idempotent(library: Library) -> None:
    once = write(library)
    assert write(parse_string(once)) == once


@SETTINGS
@given(
    fields=st.lists(
        st.tuples(st.sampled_from(FIELD_ORDER), raw_values()),
        min_size=1,
        max_size=10,
        unique_by=lambda item: item[0],
    ).flatmap(lambda items: st.tuples(st.just(items), st.permutations(items)))
)
def test_field_order_of_input_does_not_matter(
    fields: tuple[list[tuple[str, str]], list[tuple[str, str]]],
) -> None:
    original, shuffled = fields
    first = Record("k", "article", tuple(Field(n, r) for n, r in original))
    second = Record("k", "article", tuple(Field(n, r) for n, r in shuffled))
    assert render_record(first) == render_record(second)


@SETTINGS
@given(raw=raw_values())
def test_canonical_value_keeps_meaning(raw: str) -> None:
    once = values.canonical(raw)
    assert values.canonical(once) == once
    macros = {"jan": "January", "a": "A"}
    assert values.expand(once, macros) == values.expand(raw, macros)
    assert values.parse(once) is not None
