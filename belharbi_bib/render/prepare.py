"""CSL-JSON items as citeproc-py takes them: known keys only, rich text as marks, typography.

citeproc-py reads CSL-JSON but not its rich text: ``<i>``, ``<b>``, ``<sup>``, ``<sub>`` and
small caps become our formatting marks (see :mod:`.marked`), ``nocase`` spans stay (citeproc-py
reads them). Paired straight double quotes become curly ones and in-word apostrophes ``’``, as
citeproc-js reads the same data. Pure: no citeproc-py import.
"""

from __future__ import annotations

import re
from typing import Any

from belharbi_bib import patterns
from belharbi_bib.render import marked

_SUPPORTED_KEYS = {
    "abstract", "annote", "archive", "archive_location", "archive-place", "authority",
    "call-number", "citation-label", "collection-title", "container-title",
    "container-title-short", "dimensions", "DOI", "event", "event-place", "genre", "ISBN",
    "ISSN", "jurisdiction", "keyword", "language", "medium", "note", "original-publisher",
    "original-publisher-place", "original-title", "page", "page-first", "PMCID", "PMID",
    "publisher", "publisher-place", "references", "section", "source", "status", "title",
    "title-short", "URL", "version", "year-suffix", "author", "collection-editor", "composer",
    "container-author", "editor", "editorial-director", "illustrator", "interviewer",
    "original-author", "recipient", "translator", "accessed", "container", "event-date",
    "issued", "original-date", "submitted", "chapter-number", "collection-number", "edition",
    "issue", "number", "number-of-pages", "number-of-volumes", "volume", "id", "type",
}  # fmt: skip
"""CSL-JSON keys citeproc-py accepts (others would make it warn)."""

_VERBATIM = {"URL", "DOI", "ISBN", "ISSN", "id", "type", "language"}


def prepared(item: dict[str, Any], quotes: tuple[str, str] = ("“", "”")) -> dict[str, Any]:
    """Return an item as citeproc-py takes it: supported keys, ``event``, curly apostrophes.

    ``quotes`` are the locale's outer quotation marks, for quotations in straight quotes.
    """
    out: dict[str, Any] = {}
    for key, value in item.items():
        if key == "event-title":
            key = "event"
        if key not in _SUPPORTED_KEYS or key == "year-suffix":
            continue
        out[key] = _clean(value, verbatim=key in _VERBATIM, quotes=quotes)
    if "event" in out and "event" in item and "event-title" in item:
        out["event"] = _clean(item["event-title"], verbatim=False, quotes=quotes)
    return out


def _clean(value: Any, *, verbatim: bool, quotes: tuple[str, str]) -> Any:
    if isinstance(value, str):
        text = marked.strip_sentinels(value)
        return text if verbatim else rich_text(smart_quotes(_apostrophes(text), quotes))
    if isinstance(value, list):
        return [_clean(v, verbatim=verbatim, quotes=quotes) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v, verbatim=verbatim, quotes=quotes) for k, v in value.items()}
    return value


_OPENING = patterns.compile(r"(?:^|[\s(\[{]|<span[^>]*>)$")


def _apostrophes(text: str) -> str:
    """Curl straight apostrophes as citeproc-js prints them.

    Inside or after a word, or before a digit ("’06"), an apostrophe is curled; one opening a
    word ("'t Hooft") could open a quotation and stays.

    >>> _apostrophes("on 't Hooft's SESS '06 <span>X</span>'s")
    "on 't Hooft’s SESS ’06 <span>X</span>’s"
    """
    if "'" not in text:
        return text
    out: list[str] = []
    for index, char in enumerate(text):
        if char == "'":
            following = text[index + 1 : index + 2]
            opening = _OPENING.search(text[max(0, index - 40) : index]) is not None
            if not (opening and following.isalpha()):
                char = "’"
        out.append(char)
    return "".join(out)


def smart_quotes(text: str, quotes: tuple[str, str] = ("“", "”")) -> str:
    """Turn paired straight quotes into curly ones, as citeproc-js reads rich text.

    A pair of straight double quotes, or an opening single quote (left straight by
    :func:`_apostrophes`) and the curled one that closes it, is a quotation: it prints with
    ``quotes``, the locale's outer quotes (flipped to the inner ones inside a quoted title), and
    a period or comma that follows it goes inside when the locale says so, as with
    ``quotes="true"``. Curly quotes typed in the data stay as they are.

    >>> smart_quotes('"We talk": the "x" and 5" of "y').replace("\ue00a", "").replace("\ue00b", "")
    '“We talk”: the “x” and 5" of "y'
    >>> smart_quotes(_apostrophes("Bunge's 'A Critique' and 't Hooft's 'x")).count("“")
    1
    """
    if '"' not in text and "'" not in text:
        return text
    out: list[str] = []
    opened = {'"': -1, "'": -1}
    for index, char in enumerate(text):
        before = text[index - 1] if index else " "
        following = text[index + 1 : index + 2]
        kind = char if char in "\"'" else "'" if char == "’" and opened["'"] >= 0 else ""
        if not kind:
            out.append(char)
            continue
        at_start = before.isspace() or before in "([{/–—-" or before >= "\ue000"
        if kind == "'" and char == "'":
            if at_start and following.isalpha() and opened["'"] < 0:
                opened["'"] = len(out)
            out.append(char)
        elif kind == "'":
            if following.isalnum() or before.isspace():
                out.append(char)  # an apostrophe inside a word ("Bunge’s")
            else:
                _close(out, opened.pop("'"), quotes, at_end=_ends(text, index))
                opened["'"] = -1
        elif opened['"'] < 0 and at_start:
            opened['"'] = len(out)
            out.append(char)
        elif opened['"'] >= 0:
            _close(out, opened.pop('"'), quotes, at_end=_ends(text, index))
            opened['"'] = -1
        else:
            out.append(char)
    return "".join(out)


def _ends(text: str, index: int) -> bool:
    """Whether nothing but markup follows position ``index`` of ``text``."""
    return not re.sub(r"<[^>]*>", "", text[index + 1 :]).strip()


def _close(out: list[str], start: int, quotes: tuple[str, str], *, at_end: bool) -> None:
    # a quotation that ends the text is marked as one: a period or comma the style puts after
    # it may go inside; punctuation inside the data itself stays where it is (citeproc-js)
    out[start] = f"{marked.QUOTED[0]}{quotes[0]}" if at_end else quotes[0]
    out.append(f"{quotes[1]}{marked.QUOTED[1]}" if at_end else quotes[1])


_RICH_TAG = patterns.compile(
    r'<(/?)(i|b|sup|sub|sc)>|<span\s+class="(nocase|nodecor)"\s*>'
    r'|<span\s+style="font-variant:\s*small-caps;?"\s*>|</span>'
)
_RICH_MARKS = {
    "i": marked.EMPH,
    "b": marked.STRONG,
    "sup": marked.SUPERSCRIPT,
    "sub": marked.SUBSCRIPT,
    "sc": marked.SMALLCAPS,
}


def rich_text(text: str) -> str:
    """Turn CSL rich text markup (``<i>``, ``<b>``, ``<sup>``, ``<sub>``, small caps) into marks.

    ``nocase`` spans stay (citeproc-py reads them); ``nodecor`` spans are dropped; anything
    else is text.

    >>> rich_text('H<sub>2</sub>O <span class="nocase">iPhone</span> a <c>')
    'H\ue0082\ue009O <span class="nocase">iPhone</span> a <c>'
    """
    if "<" not in text:
        return text
    out: list[str] = []
    spans: list[str] = []
    last = 0
    for match in _RICH_TAG.finditer(text):
        out.append(text[last : match.start()])
        last = match.end()
        closing, name, span = match.group(1), match.group(2), match.group(3)
        whole = match.group(0)
        if name:
            out.append(_RICH_MARKS[name][1 if closing else 0])
        elif whole == "</span>":
            kind = spans.pop() if spans else "nocase"
            out.append({"nocase": whole, "sc": marked.SMALLCAPS[1]}.get(kind, ""))
        elif span == "nocase":
            spans.append("nocase")
            out.append(whole)
        elif span == "nodecor":
            spans.append("nodecor")
        else:
            spans.append("sc")
            out.append(marked.SMALLCAPS[0])
    out.append(text[last:])
    return "".join(out)
