"""CSL ``text-case`` on rich text: title case, capitalize-first, capitalize-all, lower, upper.

Text arrives as segments ``(protected, text)``: protected segments (``nocase`` spans, from
BibTeX braces) are never changed. The rules are those of CSL 1.0.2 (§ Text-case), applied word
by word as citeproc-js, the reference processor, applies them:

- a word is a run of characters between spaces and the separators ``- – — / . , ; ? ! : [ ] ( )``
  and quotation marks;
- title case capitalizes the first letter of each word that is entirely lower case and is
  longer than one letter and not a stop word; the first word, a word after ``:``, ``?`` or
  ``!``, and the word before a hyphen that ends the first piece (``Up-to-Date``) are capitalized
  even when they are stop words; a stop word that ends the text is capitalized too. The stop
  words are the specification's list (prepositions, articles, conjunctions, particles: 117
  entries, some of them phrases);
- capitalize-first and capitalize-all change a word only when it is entirely lower case
  (``arXiv`` stays ``arXiv``);
- a lone Greek letter is never capitalized (a symbol in a scientific title).

Everything here is pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from belharbi_bib import patterns

Segment = tuple[bool, str]
"""``(protected, text)``: a protected segment is left as it is."""

STOP_WORDS = frozenset(
    {
        "about", "above", "across", "afore", "after", "against", "al", "along",
        "alongside", "amid", "amidst", "among", "amongst", "anenst", "apropos", "apud",
        "around", "as", "aside", "astride", "at", "athwart", "atop", "barring", "before",
        "behind", "below", "beneath", "beside", "besides", "between", "beyond", "but",
        "by", "circa", "despite", "down", "during", "et", "except", "for", "forenenst",
        "from", "given", "in", "inside", "into", "lest", "like", "modulo", "near", "next",
        "notwithstanding", "of", "off", "on", "onto", "out", "over", "per", "plus", "pro",
        "qua", "sans", "since", "than", "through", "thru", "throughout", "thruout",
        "till", "to", "toward", "towards", "under", "underneath", "until", "unto", "up",
        "upon", "versus", "vs", "v", "via", "vis-à-vis", "with", "within", "without",
        "or", "yet", "so", "and", "nor", "a", "an", "the", "de", "d'", "von", "van", "c",
        "ca"
    }
)  # fmt: skip
"""The stop words of CSL 1.0.2 that are one word (its phrases never survive the split)."""

_TAGS = patterns.compile(
    r"(“|”|‘|(?<![^\W\d_])’(?![^\W\d_])|(?<![^\W\d_])’|’(?![^\W\d_])"
    r"| \"| '|\"|'|[-–—/.,;?!:\[\]()]|[\ue000-\ue00b])"
)
"""Separators of words: an apostrophe between two letters ("they’re") is part of its word."""
_SPACES = patterns.compile(r"([\u00a0\u0020\u2000-\u200b\u205f\u3000]+)")
_PUNCT_END = patterns.compile(r"[!?:]$")
_MARKS = patterns.compile("[\ue000-\ue01f]")


def _capitalise(word: str) -> str:
    start = 0
    while start < len(word) and "\ue000" <= word[start] <= "\ue01f":
        start += 1  # formatting marks (see .marked) before the first letter
    rest = word[start:]
    core = _MARKS.sub("", rest)
    if not rest or (len(core) == 1 and "\u0370" <= core <= "\u03ff"):
        return word
    return word[:start] + rest[0].upper() + rest[1:]


def _is_stop(word: str) -> bool:
    lower = word.lower()
    return lower in STOP_WORDS or bool(re.fullmatch(r"vs?.", lower))


def _pieces(segments: Sequence[Segment]) -> list[tuple[str, str]]:
    """Return ``(kind, text)`` pieces: ``text``, ``tag`` (separator) or ``nocase``."""
    pieces: list[tuple[str, str]] = []
    for protected, text in segments:
        if protected:
            pieces.append(("nocase", text))
            continue
        parts = _TAGS.split(text)
        for index, part in enumerate(parts):
            if index % 2 == 1:
                following = parts[index + 1] if index + 1 < len(parts) else ""
                if part == "'" and following:
                    parts[index + 1] = part + following  # an apostrophe inside a word
                    continue
                pieces.append(("tag", part))
            elif part:
                pieces.append(("text", part))
    return pieces


def title(segments: Sequence[Segment]) -> list[Segment]:
    """Return the segments in title case.

    >>> title([(False, "deep learning: a survey of the state of the art")])
    [(False, 'Deep Learning: A Survey of the State of the Art')]
    >>> title([(False, "the "), (True, "iPhone"), (False, " and x-ray images in-the-wild from")])
    [(False, 'The '), (True, 'iPhone'), (False, ' and x-Ray Images in-the-Wild From')]
    >>> title([(False, "up-to-date")])
    [(False, 'Up-to-Date')]
    """
    pieces = _pieces(segments)
    state = {"first": True, "after": False}
    last: list[int] = []  # index of the piece holding the last word seen, if any
    out: list[tuple[str, str]] = []
    for index, (kind, text) in enumerate(pieces):
        if kind == "tag":
            out.append((kind, text))
            if _PUNCT_END.search(text):
                state["after"] = True
            continue
        if kind == "nocase":
            out.append((kind, text))
            if text.strip():
                state["first"] = state["after"] = False
                last[:] = []
            continue
        # citeproc-js looks at the separator after a word only in the text's first piece
        following = pieces[1][1] if index == 0 and len(pieces) > 1 else ""
        out.append((kind, _title_words(text, following, state, last, len(out))))
    if last:
        position = last[0]
        kind, text = out[position]
        words = _SPACES.split(text)
        for w in range(len(words) - 1, -1, -1):
            if words[w] and not _SPACES.fullmatch(words[w]):
                if len(words[w]) > 1 and _is_stop(words[w]):
                    words[w] = _capitalise(words[w])
                break
        out[position] = (kind, "".join(words))
    return _segments(out)


def _title_words(
    text: str, following: str, state: dict[str, bool], last: list[int], position: int
) -> str:
    if not text.strip():
        return text
    words = _SPACES.split(text)
    real = [i for i, w in enumerate(words) if w and not _SPACES.fullmatch(w)]
    for i in real:
        word = words[i]
        capitalize = (
            (len(word) > 1 and not _is_stop(word))
            or (i == real[-1] and following == "-")
            or state["first"]
            or state["after"]
        )
        if capitalize and word == word.lower():
            words[i] = _capitalise(word)
        state["first"] = state["after"] = False
    if real:
        last[:] = [position]
    return "".join(words)


def _segments(pieces: Sequence[tuple[str, str]]) -> list[Segment]:
    out: list[Segment] = []
    for kind, text in pieces:
        protected = kind == "nocase"
        if out and out[-1][0] == protected and not protected:
            out[-1] = (False, out[-1][1] + text)
        else:
            out.append((protected, text))
    return out


def _first_word(segments: Sequence[Segment], change: Callable[[str], str]) -> list[Segment]:
    out: list[Segment] = []
    done = False
    for protected, text in segments:
        if done or protected:
            out.append((protected, text))
            if protected and text.strip():
                done = True
            continue
        words = _SPACES.split(text)
        for i, word in enumerate(words):
            if word and not _SPACES.fullmatch(word):
                words[i] = change(word)
                done = True
                break
        out.append((False, "".join(words)))
    return out


def capitalize_first(segments: Sequence[Segment]) -> list[Segment]:
    """Capitalize the first word when it is entirely lower case.

    >>> capitalize_first([(False, "arXiv preprint")]), capitalize_first([(False, "talk at x")])
    ([(False, 'arXiv preprint')], [(False, 'Talk at x')])
    """
    return _first_word(segments, lambda w: _capitalise(w) if w == w.lower() else w)


def capitalize_all(segments: Sequence[Segment]) -> list[Segment]:
    """Capitalize every word that is entirely lower case.

    >>> capitalize_all([(False, "in arXiv preprint")])
    [(False, 'In arXiv Preprint')]
    """
    out: list[Segment] = []
    for protected, text in segments:
        if protected:
            out.append((protected, text))
            continue
        words = _SPACES.split(text)
        words = [_capitalise(w) if w and w == w.lower() else w for w in words]
        out.append((False, "".join(words)))
    return out


def lowercase(segments: Sequence[Segment]) -> list[Segment]:
    """Lower-case every unprotected segment."""
    return [(p, t if p else t.lower()) for p, t in segments]


def uppercase(segments: Sequence[Segment]) -> list[Segment]:
    """Upper-case every unprotected segment."""
    return [(p, t if p else t.upper()) for p, t in segments]


def sentence(segments: Sequence[Segment]) -> list[Segment]:
    """Sentence case as CSL 1.0.2 defines it.

    Upper-case text keeps its first letter and lowers the rest; otherwise the first word is
    capitalized when it is lower case and the other words keep their case.

    >>> sentence([(False, "A TITLE IN CAPS")]), sentence([(False, "deep CAM study")])
    ([(False, 'A title in caps')], [(False, 'Deep CAM study')])
    """
    plain = "".join(t for p, t in segments if not p)
    if plain and plain == plain.upper() and plain != plain.lower():
        lowered = lowercase(segments)
        return _first_word(lowered, _capitalise)
    return capitalize_first(segments)


CASES: dict[str, Callable[[Sequence[Segment]], list[Segment]]] = {
    "title": title,
    "capitalize-first": capitalize_first,
    "capitalize-all": capitalize_all,
    "lowercase": lowercase,
    "uppercase": uppercase,
    "sentence": sentence,
}
"""The ``text-case`` values of CSL 1.0.2 and their functions."""
