"""Marked text: a rendered entry with formatting as private-use sentinels, turned into a format.

The citeproc adapter renders entries with a formatter that writes sentinels instead of markup
(``\\ue000`` opens italics, ``\\ue001`` closes it, ...). Text between sentinels is exactly what the
style and the data produced, unescaped; :func:`to_format` escapes it once for the output format
through :mod:`belharbi_bib.markup` and turns the sentinels into that format's markup. So a title
containing ``<script>`` or ``\\input{x}`` can never become markup. Everything here is pure.
"""

from __future__ import annotations

import re

from belharbi_bib import patterns
from belharbi_bib.markup import Markup

EMPH = ("\ue000", "\ue001")
STRONG = ("\ue002", "\ue003")
SMALLCAPS = ("\ue004", "\ue005")
SUPERSCRIPT = ("\ue006", "\ue007")
SUBSCRIPT = ("\ue008", "\ue009")
QUOTED = ("\ue00a", "\ue00b")
NUMBER = "\ue00c"
"""Placeholder of the citation number (filled in once the order of the list is known)."""

SENTINELS = "".join((*EMPH, *STRONG, *SMALLCAPS, *SUPERSCRIPT, *SUBSCRIPT, *QUOTED, NUMBER))
_ANY = patterns.compile(f"[{SENTINELS}]")
_PRIVATE = patterns.compile("[\ue000-\ue01f]")
_OPENERS = {EMPH[0]: "emph", STRONG[0]: "strong", SMALLCAPS[0]: "smallcaps"}
_OPENERS.update({SUPERSCRIPT[0]: "sup", SUBSCRIPT[0]: "sub", QUOTED[0]: "quoted"})
_CLOSERS = {EMPH[1], STRONG[1], SMALLCAPS[1], SUPERSCRIPT[1], SUBSCRIPT[1], QUOTED[1]}
_MARKS = f"[{re.escape(SENTINELS)}]*"
_URL = patterns.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]]")


def strip_sentinels(text: str) -> str:
    """Remove every sentinel (and any private-use character in U+E000-U+E01F) from text.

    >>> strip_sentinels("a\\ue000b\\ue001c")
    'abc'
    """
    return _PRIVATE.sub("", text)


def visible(marked: str) -> str:
    """Return marked text as plain text (sentinels dropped).

    >>> visible("\\ue000Title\\ue001.")
    'Title.'
    """
    return _ANY.sub("", marked)


def fix_seams(marked: str) -> str:
    """Collapse the punctuation where two rendered pieces meet, as pandoc does.

    A doubled punctuation mark or space that only a sentinel separated goes; so does a colon
    right after a semicolon (``2023;:104838`` becomes ``2023;104838``) and a period after a
    question or exclamation mark. A space between a sentence end and a comma stays
    (``Normandie. , Caen``), as citeproc-js prints it.

    citeproc-py removes ``..`` and double spaces where two pieces meet, but not when a closing
    italic sits between them, as pandoc and citeproc-js do.

    >>> fix_seams("\\ue000Title.\\ue001. Next  \\ue000x\\ue001 y")
    '\\ue000Title.\\ue001 Next  \\ue000x\\ue001 y'
    """
    marked = re.sub(f"([.,;:!?])({_MARKS}[{re.escape(SENTINELS)}]){_MARKS}\\1", r"\1\2", marked)
    marked = re.sub(f"(;{_MARKS}):", r"\1", marked)
    marked = re.sub(f"([?!;:,][”’{re.escape(SENTINELS)}]*)\\.(?!\\.)", r"\1", marked)
    return re.sub(f" ([{re.escape(SENTINELS)}]+) ", r" \1", marked)


def punctuation_in_quote(marked: str) -> str:
    """Move a period or comma that follows a closing quotation mark inside it (American style).

    A period is dropped when the quoted text already ends with ``.``, ``?`` or ``!``.

    >>> punctuation_in_quote("\\ue00a“Title”\\ue00b, in")
    '\\ue00a“Title,”\\ue00b in'
    >>> punctuation_in_quote("\\ue00a“Why?”\\ue00b. Next")
    '\\ue00a“Why?”\\ue00b Next'
    """
    pattern = patterns.compile(
        f"([”’»{re.escape(QUOTED[1])}]*{re.escape(QUOTED[1])}{_MARKS})([.,])"
    )
    out: list[str] = []
    last = 0
    for match in pattern.finditer(marked):
        before = visible(marked[: match.start()])
        closing, mark = match.group(1), match.group(2)
        out.append(marked[last : match.start()])
        if not (mark == "." and before[-1:] in ".?!"):
            out.append(mark)
        out.append(closing)
        last = match.end()
    out.append(marked[last:])
    return "".join(out)


def to_format(marked: str, markup: Markup, *, link_urls: bool = False) -> str:
    r"""Return marked text in the markup's format, escaping every piece of text once.

    Args:
        marked: Text with sentinels.
        markup: The output format's markup (``belharbi_bib.markup.markup_for(name)``).
        link_urls: Turn ``http(s)`` URLs in the text into links.

    >>> from belharbi_bib.markup import markup_for
    >>> to_format("\ue000<script>\ue001 & co", markup_for("html"))
    '<em>&lt;script&gt;</em> &amp; co'
    >>> to_format("see https://x.org/a_b.", markup_for("markdown"), link_urls=True)
    'see [https://x.org/a\\_b](<https://x.org/a_b>).'
    """
    stack: list[tuple[str, list[str]]] = [("", [])]
    for token in re.split(f"([{re.escape(SENTINELS)}])", marked):
        if not token:
            continue
        if token in _OPENERS:
            kind = _OPENERS[token]
            if kind == "emph" and sum(k in ("emph", "normal") for k, _ in stack) % 2:
                kind = "normal"  # italics inside italics print upright (CSL flip-flop)
            stack.append((kind, []))
        elif token in _CLOSERS:
            if len(stack) > 1:
                kind, parts = stack.pop()
                stack[-1][1].append(_wrap(kind, "".join(parts), markup))
        elif token == NUMBER:
            continue
        else:
            stack[-1][1].append(_text(token, markup, link_urls))
    while len(stack) > 1:
        kind, parts = stack.pop()
        stack[-1][1].append(_wrap(kind, "".join(parts), markup))
    return "".join(stack[0][1])


def _text(text: str, markup: Markup, link_urls: bool) -> str:
    if not link_urls or not markup.links_urls:
        return markup.text(text)
    out: list[str] = []
    last = 0
    for match in _URL.finditer(text):
        out.append(markup.text(text[last : match.start()]))
        out.append(markup.url(match.group(0)))
        last = match.end()
    out.append(markup.text(text[last:]))
    return "".join(out)


def _wrap(kind: str, content: str, markup: Markup) -> str:
    if kind == "emph":
        return markup.emph(content)
    if kind == "strong":
        return markup.strong(content)
    return markup.span(kind, content)
