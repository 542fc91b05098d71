"""Library -> canonical BibTeX text: deterministic, and losing nothing.

Canonical form: lower-case entry types and field names, values in braces (macros bare,
concatenations joined by `` # ``), a two-space indent, a trailing comma after every field,
fields in the documented order (docs/data-model.md), one blank line between blocks.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator

from belharbi_bib import values
from belharbi_bib.model import Block, Comment, Field, Library, Preamble, Record, StringDef, Unparsed

FIELD_ORDER: tuple[str, ...] = (
    "author", "editor", "title", "subtitle", "titleaddon", "booktitle", "booksubtitle",
    "journal", "journaltitle", "series", "edition", "volume", "number", "pages", "chapter",
    "publisher", "organization", "institution", "school", "address", "location",
    "howpublished", "type", "month", "year", "date", "note", "addendum", "pubstate",
    "eprint", "archiveprefix", "primaryclass", "eprinttype", "eprintclass", "doi", "isbn",
    "issn", "url", "urldate", "venueid", "kind", "selected", "code", "code2", "code3",
    "project", "dataset", "slides", "poster", "video", "pdf", "hal", "leaderboard",
    "results", "whitepaper", "details", "post", "ids", "crossref", "keywords", "abstract",
)  # fmt: skip
"""Known fields in the order the writer puts them; unknown fields follow in their own order."""

_RANK = {name: rank for rank, name in enumerate(FIELD_ORDER)}
_UNKNOWN = len(FIELD_ORDER)
_MARKER = "belharbi-bib:"


def write(
    library: Library | Iterable[Block], reuse: Callable[[Record], str | None] | None = None
) -> str:
    """Return the canonical BibTeX text of a library (or of any blocks).

    ``reuse`` may give, for a record, text known to be its canonical form already (a cache
    of canonical entries); that text is written as it is instead of rendering the record.

    >>> from belharbi_bib.model import Field, Record
    >>> print(write([Record("k", "misc", (Field("year", "2020"), Field("title", '"A"')))]), end="")
    @misc{k,
      title = {A},
      year = {2020},
    }
    """
    return "".join(pieces(library, reuse))


def pieces(
    library: Library | Iterable[Block], reuse: Callable[[Record], str | None] | None = None
) -> Iterator[str]:
    """Yield the canonical text of a library piece by piece, one block (or separator) at a time.

    Joined, the pieces are :func:`write`'s text; a caller streaming them to a file never holds
    the whole output (``reuse`` as for :func:`write`).

    >>> from belharbi_bib.model import Comment, Record
    >>> blocks = [Record("a", "misc", ()), Comment(""), Record("b", "misc", ())]
    >>> list(pieces(blocks))
    ['@misc{a,\\n}', '\\n\\n', '@misc{b,\\n}', '\\n']
    """
    blocks = library.blocks if isinstance(library, Library) else library
    first = True
    for block in blocks:
        text = render_block(block) if reuse is None else _reused(block, reuse)
        if not text:
            continue
        if first:
            first = False
        else:
            yield "\n\n"
        yield text
    if not first:
        yield "\n"


def _reused(block: Block, reuse: Callable[[Record], str | None]) -> str:
    if isinstance(block, Record):
        known = reuse(block)
        if known is not None:
            return known
    return render_block(block)


def sort_fields(fields: Iterable[Field]) -> list[Field]:
    """Return fields in canonical order (stable: unknown and repeated fields keep their order)."""
    return sorted(fields, key=_rank_of)


def _rank_of(item: Field) -> int:
    return _RANK.get(item.name, _UNKNOWN)


def render_record(record: Record) -> str:
    """Return one entry in canonical form."""
    fields = record.fields
    ranks = [_RANK.get(item.name, _UNKNOWN) for item in fields]
    if ranks != sorted(ranks):  # most entries come in canonical order already
        fields = tuple(sorted(fields, key=_rank_of))
    lines = [f"@{record.entry_type.lower()}{{{record.key},"]
    for item in fields:
        raw = item.raw
        if raw[:1] != "{" or raw[-1:] != "}" or "#" in raw:
            raw = _canonical(raw)
        lines.append(f"  {item.name.lower()} = {raw},")
    lines.append("}")
    return "\n".join(lines)


def may_be_canonical(record: Record, text: str) -> bool:
    """Return False when ``text`` is certainly not :func:`render_record` of ``record``.

    A few string tests (the opening line, the first field's line, the closing comma and
    brace) that spare rendering a record whose text is laid out differently; True means
    only that rendering it is needed to know.

    >>> from belharbi_bib.model import Field
    >>> r = Record("k", "misc", (Field("year", "{2020}"), Field("title", "{A}")))
    >>> may_be_canonical(r, render_record(r)), may_be_canonical(r, "@misc{k, title={A}}")
    (True, False)
    """
    head = f"@{record.entry_type.lower()}{{{record.key},\n"
    if not text.startswith(head):
        return False
    if not record.fields:
        return len(text) == len(head) + 1 and text.endswith("}")
    if not text.endswith(",\n}"):
        return False
    first = min(record.fields, key=_rank_of)
    return text.startswith(f"  {first.name.lower()} = ", len(head))


def _canonical(raw: str) -> str:
    """:func:`values.canonical`, answered here for a value in braces without ``#``.

    Such a value is returned as it is by :func:`values.canonical` whatever it holds: without
    ``#`` it parses as one braced literal spanning the whole value (written back in the same
    braces, balanced or not) or not at all (kept as it is); a number or a macro name cannot
    begin with a brace. Quoted literals, numbers and macro names have their own fast paths in
    :func:`values.canonical`; expressions with ``#`` (which repeat) are cached.

    >>> _canonical('"A B"'), _canonical("2018"), _canonical('"a {b}"'), _canonical("jan")
    ('{A B}', '{2018}', '{a {b}}', 'jan')
    """
    if "#" in raw:
        return _parsed_canonical(raw)
    if raw[:1] == "{" and raw[-1:] == "}":
        return raw
    return values.canonical(raw)


@functools.lru_cache(maxsize=4096)
def _parsed_canonical(raw: str) -> str:
    """:func:`values.canonical` of an expression with ``#`` (they repeat: ``jan # " 1"``)."""
    return values.canonical(raw)


def render_block(block: Block) -> str:
    """Return one block of any kind in canonical form (failed blocks verbatim)."""
    if isinstance(block, Record):
        return render_record(block)
    if isinstance(block, StringDef):
        return f"@string{{{block.name} = {values.canonical(block.raw)}}}"
    if isinstance(block, Preamble):
        return f"@preamble{{{values.canonical(block.raw)}}}"
    if isinstance(block, Comment):
        return _render_comment(block)
    return _render_unparsed(block)


def _render_comment(block: Comment) -> str:
    text = block.text.strip("\n")
    if block.explicit and _balanced(text):
        return f"@comment{{{text}}}"
    # Free text, or an @comment whose braces would not read back (BibTeX counts every brace,
    # ``\{`` too): free text keeps it.
    return text.strip()


def _balanced(text: str) -> bool:
    r"""Return True when every brace of ``text`` is matched (a backslash escapes none).

    >>> _balanced("a {b} c"), _balanced(r"a \{ b"), _balanced("} {")
    (True, False, False)
    """
    depth = 0
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _render_unparsed(block: Unparsed) -> str:
    reason = " ".join(block.reason.replace("{", "(").replace("}", ")").split())
    return f"@comment{{{_MARKER} could not parse the block below: {reason}}}\n{block.raw}"
