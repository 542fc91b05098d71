"""The title rule: words whose capitals must survive sentence-casing are wrapped in braces.

BibTeX styles and biblatex lower-case titles; a word keeps its case only inside braces. The
rule works word by word at brace depth 0, outside math, and leaves alone existing ``{...}``
groups, words touching a command (``Schr\\"odinger``) and titles with escaped braces, so
nothing is protected twice and no accent command is broken. This is the one title rule:
``normalize`` applies it and ``export`` applies it again to what it writes. Protected are:

- words with a capital after the first letter: acronyms (``{CAM}``, ``{U.S.}``), inner
  capitals (``{ResNet}``, ``{iPhone}``, ``{3D}``);
- capitalised words holding a digit (``{L2}``, ``{H264}``, ``{COVID19}``);
- protected terms (proper nouns, see :mod:`belharbi_bib.normalize.terms`), as written;
- the capitalised word right after a colon (``Deep CAM: {A} Survey``).
"""

from __future__ import annotations

import functools
import re

from belharbi_bib import patterns
from belharbi_bib.model import Record
from belharbi_bib.normalize.context import (
    GROUP_3,
    Context,
    FieldMap,
    Outcome,
    apply_map,
    depth_zero,
)
from belharbi_bib.structs import dataclass

TITLE_FIELDS: frozenset[str] = frozenset({"title", "subtitle", "maintitle", "shorttitle"})
"""Fields whose words are protected."""

_WORD = patterns.compile(r"(?:[A-Z]\.){2,}|[^\W_]+(?:['’][^\W_]+)*")
_SPACE = " \t\n\r\f\v"
# A capital after a letter or digit of the same word (``[^\W_][\w'’.]*[A-Z]`` matches exactly
# where this does: take the last letter or digit before the capital), or a capitalised word
# holding a digit. Written so that no lower-case word is scanned more than once.
_INNER_CAPITAL = patterns.compile(r"[^\W_][_'’.]*[A-Z]|(?<!\w)[A-Z]\w*\d")
# Necessary for a match of _INNER_CAPITAL in ASCII text (and fast: they start with a class):
# a capital after a letter, digit or one of _'. ; a digit.
_CAPITAL_AFTER = patterns.compile(r"[A-Z](?<=[\w'.][A-Z])", re.ASCII)
_DIGIT = patterns.compile(r"[0-9]")
_EDGES = ',:;()[]!?"'  # never part of a word (unlike ' and .)
_SIMPLE_SEGMENT = patterns.compile(
    rf"([ \t\n\r\f\v]+)|({GROUP_3.pattern})|([^ \t\n\r\f\v{{}}]+)|(.)",
    re.DOTALL,
)

Segment = tuple[str, str]
"""A piece of a title at depth 0: (kind, text), kind one of ws, text, group, math, cmd."""


@functools.cache
def _tokens() -> re.Pattern[str]:
    """The tokens of :func:`segments` (compiled on first use: most titles never need them)."""
    return patterns.compile(
        r"[ \t\n\r\f\v]+|[{}$]|\\(?:[A-Za-z@]+|.)?|[^ \t\n\r\f\v{}$\\]+", re.DOTALL
    )


def segments(text: str) -> list[Segment] | None:
    """Cut a title into depth-0 pieces; None when braces or ``$`` do not balance.

    >>> segments("Deep {CAM}: $x$")
    [('text', 'Deep'), ('ws', ' '), ('group', '{CAM}'), ('text', ':'), ('ws', ' '), ('math', '$x$')]
    """
    found: list[Segment] = []
    depth, start, in_math = 0, 0, False
    for match in _tokens().finditer(text):
        token = match.group()
        if depth:
            if token == "{":
                depth += 1
            elif token == "}":
                depth -= 1
                if not depth:
                    found.append(("group", text[start : match.end()]))
        elif in_math:
            if token == "$":
                in_math = False
                found.append(("math", text[start : match.end()]))
        elif token == "{":
            depth, start = 1, match.start()
        elif token == "$":
            in_math, start = True, match.start()
        elif token == "}":
            return None
        elif token[0] == "\\":
            found.append(("cmd", token))
        else:
            found.append(("ws" if token[0] in _SPACE else "text", token))
    return None if depth or in_math else found


@dataclass(frozen=True, slots=True)
class TermIndex:
    """Protected terms, indexed for titles.

    Attributes:
        words: The single words (always protected where a title writes one as a word).
        phrases: The pattern of multi-word terms (protected only as a whole), or None.
        firsts: The first word of each phrase: a phrase matches only where it is written.
        first: The pattern of ``firsts`` (None without phrases).
        hint: A pattern found in every text holding one of ``words`` (it may find more):
            a title it finds nothing in holds none of them. None when there are no words.
    """

    words: frozenset[str]
    phrases: re.Pattern[str] | None
    firsts: tuple[str, ...]
    hint: re.Pattern[str] | None
    first: re.Pattern[str] | None = None


@functools.lru_cache(maxsize=32)
def term_index(terms: tuple[str, ...]) -> TermIndex:
    """Split terms into single words (always protected) and a pattern for phrases.

    >>> index = term_index(("Monte Carlo", "Test-Time"))
    >>> sorted(index.words), index.firsts
    (['Test', 'Time'], ('Monte',))
    """
    words = frozenset(part for term in terms if " " not in term.strip() for part in term.split("-"))
    hint = patterns.compile(_alternation(words)) if words else None
    phrases = sorted((t for t in terms if " " in t.strip()), key=len, reverse=True)
    if not phrases:
        return TermIndex(words, None, (), hint)
    alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
    firsts = tuple(dict.fromkeys(p.split()[0] for p in phrases))
    pattern = patterns.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
    return TermIndex(
        words, pattern, firsts, hint, patterns.compile("|".join(map(re.escape, firsts)))
    )


def _alternation(words: frozenset[str]) -> str:
    """Return a pattern of ``words`` as literals, grouped by first character (a faster search)."""
    if "" in words:
        return ""
    groups: dict[str, list[str]] = {}
    for word in sorted(words):
        groups.setdefault(word[0], []).append(word[1:])
    return "|".join(
        re.escape(first)
        + "(?:"
        + "|".join(map(re.escape, sorted(rests, key=len, reverse=True)))
        + ")"
        for first, rests in groups.items()
    )


def _active_words(text: str, index: TermIndex) -> frozenset[str]:
    words, phrases = index.words, index.phrases
    if phrases is None or index.first is None or index.first.search(text) is None:
        return words
    found = {word for match in phrases.finditer(text) for word in match.group().split()}
    return words | found if found else words


def _is_plain(text: str, words: frozenset[str], hint: re.Pattern[str] | None = None) -> bool:
    """Return True when no depth-0 word of an ASCII title can need protection (fast path).

    Words inside groups are protected already; the title must hold no colon, no capital after
    a word's first letter at depth 0 and no protected term. ``hint``, when given, finds
    something in every text holding one of ``words`` (see :class:`TermIndex`).

    >>> _is_plain("Growth of {{GaN}} Wires", frozenset()), _is_plain("On GaN", frozenset())
    (True, False)
    """
    if not text.isascii() or "$" in text or ":" in text:
        return False
    if "{" in text or "}" in text:
        outside = _depth_zero(text)
        if outside is None:
            return False
    else:
        outside = text
    if (_CAPITAL_AFTER.search(outside) or _DIGIT.search(outside)) and _INNER_CAPITAL.search(
        outside
    ):
        return False
    if hint is not None and hint.search(text) is None:
        return True
    return words.isdisjoint(_WORD.findall(text))


def _depth_zero(text: str) -> str | None:
    """Return ``text`` with each balanced ``{...}`` group replaced by a space; None if unbalanced.

    >>> _depth_zero("a {B {C}} d"), _depth_zero("a } b"), _depth_zero("{{{{x}}}} {y}")
    ('a   d', None, '   ')
    """
    return depth_zero(text, " ")


def _needs_braces(word: str, terms: frozenset[str]) -> bool:
    tail = word[1:]
    if tail != tail.lower() or word in terms:
        return True
    return word[0].isupper() and not tail.isalpha() and any(c.isdigit() for c in tail)


def _protect_segment(segment: str, terms: frozenset[str], after_colon: bool) -> str:
    if segment.isascii():
        lead = segment.lstrip(_EDGES)
        word = lead.rstrip(_EDGES)
        if word.isalpha():  # one word of letters, maybe between punctuation: "(Deep", "Nets:"
            if not ((after_colon and word[0].isupper()) or _needs_braces(word, terms)):
                return segment
            start = len(segment) - len(lead)
            return f"{segment[:start]}{{{word}}}{segment[start + len(word) :]}"
        if segment.islower() and terms.isdisjoint(_WORD.findall(segment)):
            return segment  # no capital anywhere, no term: no word needs braces
    pieces: list[str] = []
    last = 0
    for index, match in enumerate(_WORD.finditer(segment)):
        word = match.group()
        first_after_colon = after_colon and index == 0 and word[0].isupper()
        if first_after_colon or _needs_braces(word, terms):
            pieces.append(segment[last : match.start()])
            pieces.append("{" + word + "}")
            last = match.end()
    if not pieces:
        return segment
    pieces.append(segment[last:])
    return "".join(pieces)


def _protect_chunk(chunk: list[Segment], terms: frozenset[str], after_colon: bool) -> str:
    if any(kind in ("cmd", "math") for kind, _ in chunk):
        return "".join(text for _, text in chunk)
    pieces = []
    for index, (kind, text) in enumerate(chunk):
        if kind == "text":
            text = _protect_segment(text, terms, after_colon and index == 0)
        pieces.append(text)
    return "".join(pieces)


@functools.lru_cache(maxsize=1024)
def protect_title(text: str, terms: tuple[str, ...] = ()) -> str:
    """Return a title with the words that must keep their capitals wrapped in braces.

    >>> protect_title("Deep ResNet-50 for CAM and U.S. maps: A survey")
    'Deep {ResNet}-50 for {CAM} and {U.S.} maps: {A} survey'
    >>> protect_title("L2 and L3 losses in 3D, Test-Time")
    '{L2} and {L3} losses in {3D}, Test-Time'
    >>> protect_title('Bayesian {CNN} with $O(N)$ and Schr\\\\"odinger', ("Bayesian",))
    '{Bayesian} {CNN} with $O(N)$ and Schr\\\\"odinger'
    >>> protect_title("Monte Carlo in New York", ("Monte Carlo", "New York"))
    '{Monte} {Carlo} in {New} {York}'
    """
    return _protect(text, term_index(terms))


def _protect(text: str, index: TermIndex) -> str:
    if "\\{" in text or "\\}" in text:
        return text
    words = _active_words(text, index)
    if _is_plain(text, words, index.hint if words is index.words else None):
        return text
    if "\\" not in text and "$" not in text:
        simple = _protect_simple(text, words)
        if simple is not None:
            return simple
    found = segments(text)
    if found is None:
        return text
    pieces: list[str] = []
    chunk: list[Segment] = []
    after_colon = False
    for segment in (*found, ("ws", "")):
        if segment[0] != "ws":
            chunk.append(segment)
            continue
        if chunk:
            pieces.append(_protect_chunk(chunk, words, after_colon))
            last_kind, last_text = chunk[-1]
            after_colon = last_kind == "text" and last_text.endswith(":")
            chunk = []
        pieces.append(segment[1])
    return "".join(pieces)


def _protect_simple(text: str, words: frozenset[str]) -> str | None:
    """:func:`_protect` of a title without commands or math, in one pass; None: not so simple.

    The pieces are those of :func:`segments` (no ``cmd`` nor ``math`` here, groups up to
    three deep); None when a brace does not balance or groups nest deeper.
    """
    pieces: list[str] = []
    after_colon = False
    size = 0  # segments in the chunk so far (a chunk ends at white space)
    last = ""  # the chunk's last segment when it is text, else ""
    for space, group, run, _ in _SIMPLE_SEGMENT.findall(text):
        if space:
            if size:
                after_colon = last.endswith(":")
                size = 0
            pieces.append(space)
        elif group:
            pieces.append(group)
            size += 1
            last = ""
        elif run:
            pieces.append(_protect_segment(run, words, after_colon and not size))
            size += 1
            last = run
        else:
            return None
    return "".join(pieces)


def title_map(context: Context) -> FieldMap:
    """Return the title rule's field map (with the run's protected terms)."""
    index = term_index(context.options.protect_terms)
    return FieldMap(TITLE_FIELDS.__contains__, functools.partial(_protect, index=index))


def protect_titles(record: Record, context: Context) -> Outcome:
    """Brace-protect acronyms, inner capitals, terms and post-colon words in titles."""
    return apply_map(record, title_map(context))
