"""CSL-JSON: our records as the input data of citation processors (citeproc-py, pandoc, Zotero).

The mapping is ours (no ``citeproc.source.bibtex``): each kind of work gets the CSL type and
variables that the styles print for it, LaTeX becomes Unicode, and BibTeX's case protection
``{...}`` becomes ``<span class="nocase">...</span>``. The output validates against the CSL-JSON
schema (``csl-data.json``, CSL 1.0.2). Everything here is pure.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from belharbi_bib import patterns, structs, texmacros
from belharbi_bib.dates import month_number
from belharbi_bib.kinds import kind_of
from belharbi_bib.latex import to_unicode
from belharbi_bib.model import Person, Record
from belharbi_bib.names import OTHERS

if TYPE_CHECKING:
    from belharbi_bib.model import Venue
    from belharbi_bib.venues import VenueRegistry

CslItem = dict[str, Any]
"""One CSL-JSON item (a JSON object)."""

NOCASE_OPEN = '<span class="nocase">'
NOCASE_CLOSE = "</span>"

_ISO_DATE = patterns.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")

_TYPES = {
    "journal": "article-journal",
    "conference": "paper-conference",
    "workshop": "paper-conference",
    "preprint": "article",
    "thesis": "thesis",
    "patent": "patent",
    "book": "book",
    "chapter": "chapter",
    "report": "report",
    "talk": "speech",
    "tutorial": "speech",
    "poster": "speech",
    "challenge": "event",
    "other": "document",
}
"""CSL type of each kind of work (see :data:`belharbi_bib.kinds.KINDS`)."""

_GENRES = {"talk": "Talk", "tutorial": "Tutorial", "poster": "Poster", "challenge": "Challenge"}

_THESIS_GENRES = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}

_PREPRINT_SERVERS = {"arxiv": "arXiv"}


def csl_text(text: str) -> str:
    r"""Return BibTeX text as CSL rich text: Unicode, case-protected groups as ``nocase`` spans.

    A brace group at the top level protects its content from case changes, unless it starts with
    a backslash (``{\'e}``, a special character) or is a macro's argument (``\emph{...}``). A
    group glued to letters protects the whole word (``{T}ransactions``: BibTeX never changes
    the case of the word's other letters either). LaTeX markup becomes CSL rich text
    (``\emph`` ``<i>``, math ``^{}`` ``<sup>``), math symbols Unicode, white space one space,
    and text that citeproc-js would read as markup (a literal ``<b>``) stays text.

    >>> csl_text(r"{SR-CACO-2}: {A} Dataset for H{\'e}rault \& {Deep {CAM}}")
    '<span class="nocase">SR-CACO-2</span>: <span class="nocase">A</span> Dataset for Hérault & <span class="nocase">Deep CAM</span>'
    >>> csl_text("plain words")
    'plain words'
    >>> csl_text(r"{T}ransactions on \emph{Small} 3 $<$ z and 10 $\mu$m H$_2$O")
    '<span class="nocase">Transactions</span> on <i>Small</i> 3 <span class="nocase"><</span> z and 10 <span class="nocase">μ</span>m H<span class="nocase"><sub>2</sub></span>O'
    """  # noqa: E501
    out: list[str] = []
    for protected, unicode in rich_parts(text):
        unicode = _markup(_defused(unicode))
        out.append(f"{NOCASE_OPEN}{unicode}{NOCASE_CLOSE}" if protected else unicode)
    return re.sub(" {2,}", " ", "".join(out)).strip()


def rich_parts(text: str) -> list[tuple[bool, str]]:
    r"""Return BibTeX text as (protected, text) parts, as :func:`csl_text` reads it.

    Each text is Unicode with its formatting as the placeholders of :data:`RICH`; a protected
    part is one whose case no style may change.

    >>> rich_parts(r"The {\TeX}book and {CAM} \emph{x}") == [
    ...     (False, "The TeXbook and "), (True, "CAM"), (False, " \ue020x\ue021")]
    True
    """
    parts: list[tuple[bool, str]] = []
    for protected, chunk in _split_protected(_collapse(text)):
        unicode = _unicode_keeping_space(chunk, protect_math=not protected)
        if protected and not unicode.strip():
            protected = False
        parts.append((protected, unicode))
    return _glued(parts)


def plain_text(text: str) -> str:
    r"""Return BibTeX text as plain Unicode (braces dropped), for variables that are not styled.

    >>> plain_text(r"Supervisor: S{\'e}bastien Adam")
    'Supervisor: Sébastien Adam'
    """
    converted = to_unicode(_prepared_latex(_collapse(text), rich=False))
    return _PLACEHOLDERS.sub("", converted).strip()


def _collapse(text: str) -> str:
    """Collapse white space (line breaks included) and drop private-use characters."""
    return " ".join(_PRIVATE.sub("", text).split())


_PRIVATE = patterns.compile("[\ue000-\ue03f]")
RICH = {
    "i": ("\ue020", "\ue021"),
    "b": ("\ue022", "\ue023"),
    "sup": ("\ue024", "\ue025"),
    "sub": ("\ue026", "\ue027"),
    "sc": ("\ue028", "\ue029"),
    "nocase": ("\ue02a", "\ue02b"),
}
"""The placeholders of formatting in :func:`rich_parts`' text: kind -> (opening, closing)."""
_TAG_OF = {
    "\ue020": "<i>",
    "\ue021": "</i>",
    "\ue022": "<b>",
    "\ue023": "</b>",
    "\ue024": "<sup>",
    "\ue025": "</sup>",
    "\ue026": "<sub>",
    "\ue027": "</sub>",
    "\ue028": '<span style="font-variant:small-caps;">',
    "\ue029": "</span>",
    "\ue02a": NOCASE_OPEN,
    "\ue02b": NOCASE_CLOSE,
}
_PLACEHOLDERS = patterns.compile("[\ue020-\ue02b]")
_MARKUP_MACROS = {
    "emph": "i",
    "textit": "i",
    "textsl": "i",
    "mkbibemph": "i",
    "mkbibitalic": "i",
    "textbf": "b",
    "mkbibbold": "b",
    "textsc": "sc",
    "textsuperscript": "sup",
    "mkbibsuperscript": "sup",
    "textsubscript": "sub",
    "mkbibsubscript": "sub",
}
"""LaTeX macros whose argument CSL rich text can mark up."""
_LAST_ARGUMENT = {"foreignlanguage": 2, "href": 2, "url": 1, "nolinkurl": 1, "path": 1}
"""Macros that print their last argument as it is (language, link target dropped)."""
_LOGOS = {
    "TeX": "TeX",
    "LaTeX": "LaTeX",
    "LaTeXe": "LaTeX2ε",
    "BibTeX": "BibTeX",
    "BibLaTeX": "BibLaTeX",
    "biblatex": "biblatex",
    "XeTeX": "XeTeX",
    "XeLaTeX": "XeLaTeX",
    "LuaTeX": "LuaTeX",
    "LuaLaTeX": "LuaLaTeX",
    "pdfTeX": "pdfTeX",
    "pdfLaTeX": "pdfLaTeX",
    "ConTeXt": "ConTeXt",
    "AmSTeX": "AMS-TeX",
    "AMSTeX": "AMS-TeX",
    "AmS": "AMS",
    "AMS": "AMS",
    "SliTeX": "SliTeX",
    "eTeX": "ε-TeX",
    "METAFONT": "METAFONT",
    "MF": "METAFONT",
    "MP": "MetaPost",
    "PiCTeX": "PiCTeX",
    "TUB": "TUGboat",
    "TUG": "TUG",
}
"""Logo macros, printed as their names are spelled."""
_MACRO = patterns.compile(r"\\([A-Za-z]+)")
_MARKUP_TAG = patterns.compile(r"<(?=/?(?:i|b|sc|sup|sub|span)\b)", re.IGNORECASE)


def _defused(text: str) -> str:
    """Keep text that CSL processors would read as markup (``<b>``) as text (a word joiner)."""
    return _MARKUP_TAG.sub("<\u2060", text)


def _markup(text: str) -> str:
    return "".join(_TAG_OF.get(char, char) for char in text)


def _glued(parts: list[tuple[bool, str]]) -> list[tuple[bool, str]]:
    """Extend each protected part over the letters glued to it (the rest of its word)."""
    flags = [protected for protected, _ in parts]
    texts = [text for _, text in parts]
    for index, protected in enumerate(flags):
        if not protected:
            continue
        if index > 0 and not flags[index - 1]:
            glued = re.search(r"\w+$", texts[index - 1])
            if glued:
                texts[index - 1] = texts[index - 1][: glued.start()]
                texts[index] = glued.group(0) + texts[index]
        if index + 1 < len(flags) and not flags[index + 1]:
            glued = re.match(r"\w+", texts[index + 1])
            if glued:
                texts[index + 1] = texts[index + 1][glued.end() :]
                texts[index] += glued.group(0)
    merged: list[tuple[bool, str]] = []
    for protected, text in zip(flags, texts, strict=True):
        if not text:
            continue
        if merged and merged[-1][0] == protected:
            merged[-1] = (protected, merged[-1][1] + text)
        else:
            merged.append((protected, text))
    return merged


def _prepared_latex(text: str, *, rich: bool, protect_math: bool = False) -> str:
    """Rewrite what the LaTeX-to-Unicode step does not know: markup, math, logos, links.

    Markup becomes placeholders (rich) or plain text; math becomes Unicode with placeholders
    for super- and subscripts.
    """
    if "\\" not in text and "$" not in text:
        return text
    out: list[str] = []
    i, size = 0, len(text)
    while i < size:
        char = text[i]
        if char == "\\" and i + 1 < size and text[i + 1] == "$":
            out.append("\\$")
            i += 2
            continue
        if char == "$":
            end = math_end(text, i)
            if end > 0:
                math = _math(text[i + 1 : end])
                if protect_math and rich and math.strip():
                    math = f"{RICH['nocase'][0]}{math}{RICH['nocase'][1]}"  # symbols keep case
                out.append(math)
                i = end + 1
                continue
        if char == "\\":
            match = _MACRO.match(text, i)
            if match:
                name = match.group(1)
                position = match.end()
                if name in _MARKUP_MACROS or name in _LAST_ARGUMENT:
                    arguments, position = _arguments(text, position, _LAST_ARGUMENT.get(name, 1))
                    if arguments is not None:
                        inner = _prepared_latex(arguments[-1], rich=rich)
                        if name in _MARKUP_MACROS and rich:
                            opening, closing = RICH[_MARKUP_MACROS[name]]
                            inner = f"{opening}{{{inner}}}{closing}"
                        else:
                            inner = f"{{{inner}}}"
                        out.append(inner)
                        i = position
                        continue
                if name in _LOGOS:
                    out.append(_LOGOS[name])
                    if text.startswith("{}", position):
                        position += 2
                    i = position
                    continue
        out.append(char)
        i += 1
    return "".join(out)


def _arguments(text: str, position: int, count: int) -> tuple[list[str] | None, int]:
    """Return ``count`` braced arguments starting at ``position`` (None when absent)."""
    found: list[str] = []
    for _ in range(count):
        while position < len(text) and text[position] == " ":
            position += 1
        if position >= len(text) or text[position] != "{":
            return None, position
        end = group_end(text, position)
        found.append(text[position + 1 : end - 1])
        position = end
    return found, position


def math_end(text: str, start: int) -> int:
    """Return the index of the ``$`` closing the math at ``start`` (-1 when unclosed)."""
    i = start + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "$":
            return i if i > start + 1 else -1
        i += 1
    return -1


def _math(content: str) -> str:
    """Return inline math as Unicode text, ``^``/``_`` as super- and subscript placeholders."""
    out: list[str] = []
    i = 0
    while i < len(content):
        char = content[i]
        if char in "^_":
            kind = "sup" if char == "^" else "sub"
            i += 1
            if i < len(content) and content[i] == "{":
                end = group_end(content, i)
                argument = content[i + 1 : end - 1]
            elif i < len(content) and content[i] == "\\":
                match = _MACRO.match(content, i)
                end = match.end() if match else i + 2
                argument = content[i:end]
            else:
                end = i + 1
                argument = content[i:end]
            opening, closing = RICH[kind]
            out.append(f"{opening}{_math(argument)}{closing}")
            i = end
            continue
        j = i
        while j < len(content) and content[j] not in "^_":
            j += 1
        piece = content[i:j]
        converted = to_unicode(piece) if piece.strip() else piece
        if piece[:1].isspace() and converted[:1] != " ":
            converted = " " + converted
        if piece[-1:].isspace() and converted[-1:] != " ":
            converted += " "
        out.append(converted)
        i = j
    return "".join(out).replace("{", "").replace("}", "")


def _balanced(text: str) -> str:
    """Drop placeholders that lost their partner (a LaTeX comment can swallow one)."""
    if not _PLACEHOLDERS.search(text):
        return text
    closers = {close: opening for opening, close in RICH.values()}
    openers = {opening for opening, _ in RICH.values()}
    keep = [True] * len(text)
    stack: list[tuple[str, int]] = []
    for index, char in enumerate(text):
        if char in openers:
            stack.append((char, index))
        elif char in closers:
            if stack and stack[-1][0] == closers[char]:
                stack.pop()
            else:
                keep[index] = False
    for _, index in stack:
        keep[index] = False
    return "".join(char for char, kept in zip(text, keep, strict=True) if kept)


def _unicode_keeping_space(chunk: str, *, protect_math: bool = False) -> str:
    """Convert a chunk to Unicode, keeping one leading and one trailing space if it had them."""
    if not chunk:
        return ""
    prepared = _prepared_latex(chunk, rich=True, protect_math=protect_math)
    core = _balanced(to_unicode(prepared)) if chunk.strip() else ""
    lead = " " if chunk[0].isspace() else ""
    trail = " " if chunk[-1].isspace() and chunk.strip() else ""
    return f"{lead}{core}{trail}"


def _split_protected(text: str) -> list[tuple[bool, str]]:
    """Split BibTeX text into (protected, chunk) pairs at top-level brace groups."""
    chunks: list[tuple[bool, str]] = []
    plain: list[str] = []
    i, size = 0, len(text)
    while i < size:
        char = text[i]
        if char == "\\":
            end = macro_end(text, i)
            plain.append(text[i:end])
            i = end
        elif char == "$" and math_end(text, i) > 0:
            end = math_end(text, i) + 1
            plain.append(text[i:end])
            i = end
        elif char == "{":
            end = group_end(text, i)
            inner = text[i + 1 : end - 1] if text[end - 1 : end] == "}" else text[i + 1 : end]
            if inner.startswith(("\\", "$")):
                plain.append(text[i:end])
            else:
                if plain:
                    chunks.append((False, "".join(plain)))
                    plain = []
                chunks.append((True, inner))
            i = end
        else:
            plain.append(char)
            i += 1
    if plain:
        chunks.append((False, "".join(plain)))
    return chunks


def macro_end(text: str, start: int) -> int:
    """Return the end of the control sequence at ``start`` and of its braced arguments."""
    i = start + 1
    if i < len(text) and text[i].isalpha():
        while i < len(text) and text[i].isalpha():
            i += 1
    else:
        i += 1
    while i < len(text) and text[i] == "{":
        i = group_end(text, i)
    return i


def group_end(text: str, start: int) -> int:
    """Return the index past the brace closing the group at ``start`` (end of text if none)."""
    end = texmacros.group_end(text, start)
    return len(text) if end < 0 else end


def csl_names(people: Sequence[Person]) -> list[dict[str, str]]:
    """Return CSL name objects; a truncating ``others`` is dropped (CSL-JSON cannot say it).

    >>> csl_names([Person("Beethoven", "Ludwig", "van"), Person("{ACME Inc.}"), OTHERS])
    [{'family': 'Beethoven', 'given': 'Ludwig', 'non-dropping-particle': 'van'}, {'literal': 'ACME Inc.'}]
    """  # noqa: E501
    names: list[dict[str, str]] = []
    for person in people:
        if person == OTHERS:
            continue
        if not person.first and not person.von and person.last.startswith("{"):
            names.append({"literal": plain_text(person.last)})
            continue
        name = {"family": plain_text(person.last)}
        if person.first:
            name["given"] = plain_text(person.first)
        if person.von:
            name["non-dropping-particle"] = plain_text(person.von)
        if person.jr:
            name["suffix"] = plain_text(person.jr)
        names.append(name)
    return names


def csl_date(record: Record) -> dict[str, Any] | None:
    """Return the ``issued`` date: ``date`` (ISO) when present, else ``year`` and ``month``.

    >>> from belharbi_bib.model import Field
    >>> csl_date(Record("k", "misc", (Field.of("year", "2022"), Field("month", "mar", None, "March"))))
    {'date-parts': [[2022, 3]]}
    >>> csl_date(Record("k", "misc", (Field.of("date", "2024-05-03"),)))
    {'date-parts': [[2024, 5, 3]]}
    """  # noqa: E501
    text = (record.field("date") or "").strip()
    match = _ISO_DATE.match(text)
    if match:
        parts = [int(p) for p in match.groups() if p]
        return {"date-parts": [parts]}
    year = record.year
    if year is None:
        return None
    parts = [year]
    month = month_number(record.field("month") or "")
    if month is not None:
        parts.append(month)
    return {"date-parts": [parts]}


def csl_type(record: Record, kind: str) -> str:
    """Return the CSL type of a record of a given kind.

    >>> csl_type(Record("k", "misc"), "talk")
    'speech'
    """
    if kind == "preprint" and record.entry_type in ("unpublished",):
        return "manuscript"
    if kind == "other":
        return _OTHER_TYPES.get(record.entry_type, "document")
    return _TYPES.get(kind, "document")


_OTHER_TYPES = {
    "collection": "book",
    "mvcollection": "book",
    "reference": "book",
    "mvreference": "book",
    "mvproceedings": "book",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "inreference": "entry-encyclopedia",
    "periodical": "periodical",
    "suppperiodical": "article-journal",
    "manual": "book",
    "booklet": "pamphlet",
    "dataset": "dataset",
    "software": "software",
    "artwork": "graphic",
    "image": "graphic",
    "audio": "song",
    "music": "song",
    "video": "motion_picture",
    "movie": "motion_picture",
    "letter": "personal_communication",
    "standard": "standard",
}
"""CSL types of biblatex entry types that are no kind of work of ours (else ``document``)."""


def _put(item: CslItem, name: str, value: str | None, *, rich: bool = False) -> None:
    if value is None or not value.strip():
        return
    text = csl_text(value) if rich else plain_text(value)
    if text:
        item[name] = text


_ROLES = (
    ("editor", "editor"),
    ("translator", "translator"),
    ("bookauthor", "container-author"),
)
"""BibTeX/biblatex name lists other than ``author`` and the CSL roles they fill."""

_VERBATIM_ESCAPES = patterns.compile(
    r"\\([_%&#$~{}])|\\textasciitilde(?:\{\})?|\\textunderscore(?:\{\})?"
)


def verbatim(text: str) -> str:
    r"""Return a URL or DOI as it is meant: TeX escapes undone, braces and spaces dropped.

    >>> verbatim(r"10.1007/978-3-319-10590-1\_53"), verbatim(r"{http://x.org/\~{}a\%20b}")
    ('10.1007/978-3-319-10590-1_53', 'http://x.org/~a%20b')
    """

    def replace(match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(1)
        return "~" if "tilde" in match.group(0) else "_"

    text = _VERBATIM_ESCAPES.sub(replace, text.strip())
    text = text.replace("{}", "")
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    return "".join(text.split())


_LANGUAGES = {
    "english": "en", "american": "en-US", "usenglish": "en-US", "british": "en-GB",
    "ukenglish": "en-GB", "canadian": "en-CA", "australian": "en-AU", "newzealand": "en-NZ",
    "german": "de-DE", "ngerman": "de-DE", "deutsch": "de-DE", "austrian": "de-AT",
    "naustrian": "de-AT", "swissgerman": "de-CH", "nswissgerman": "de-CH", "french": "fr-FR",
    "francais": "fr-FR", "français": "fr-FR", "acadian": "fr-CA", "canadien": "fr-CA",
    "italian": "it-IT", "spanish": "es-ES", "castilian": "es-ES", "catalan": "ca-AD",
    "portuguese": "pt-PT", "portuges": "pt-PT", "brazil": "pt-BR", "brazilian": "pt-BR",
    "dutch": "nl-NL", "flemish": "nl-BE", "danish": "da-DK", "swedish": "sv-SE",
    "norsk": "nb-NO", "norwegian": "nb-NO", "nynorsk": "nn-NO", "finnish": "fi-FI",
    "icelandic": "is-IS", "polish": "pl-PL", "czech": "cs-CZ", "slovak": "sk-SK",
    "slovene": "sl-SI", "slovenian": "sl-SI", "croatian": "hr-HR", "serbian": "sr-RS",
    "russian": "ru-RU", "ukrainian": "uk-UA", "bulgarian": "bg-BG", "greek": "el-GR",
    "polutonikogreek": "el-GR", "turkish": "tr-TR", "hungarian": "hu-HU", "magyar": "hu-HU",
    "romanian": "ro-RO", "latin": "la", "basque": "eu", "galician": "gl-ES",
    "estonian": "et-EE", "latvian": "lv-LV", "lithuanian": "lt-LT", "hebrew": "he-IL",
    "arabic": "ar", "persian": "fa-IR", "farsi": "fa-IR", "chinese": "zh-CN",
    "japanese": "ja-JP", "korean": "ko-KR", "vietnamese": "vi-VN", "thai": "th-TH",
    "indonesian": "id-ID", "malay": "ms-MY", "hindi": "hi-IN", "welsh": "cy-GB",
    "irish": "ga-IE", "afrikaans": "af-ZA", "mongolian": "mn-MN", "armenian": "hy-AM",
}  # fmt: skip
"""babel and polyglossia language names (biblatex ``langid``) and their BCP 47 tags."""

_BCP47 = patterns.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def bcp47(text: str) -> str:
    """Return a language as a BCP 47 tag (``german`` -> ``de-DE``); other text as it is.

    >>> bcp47("ngerman"), bcp47("en-US"), bcp47("English"), bcp47("")
    ('de-DE', 'en-US', 'en', '')
    """
    name = plain_text(text).strip()
    found = _LANGUAGES.get(name.lower())
    if found:
        return found
    return name


def _pages(text: str) -> str:
    """Return a page range with a plain hyphen, as CSL expects.

    >>> _pages("96--150")
    '96-150'
    """
    return re.sub(r"\s*(?:-+|–|—)\s*", "-", plain_text(text.replace("--", "-")))


def to_csl(record: Record, venues: VenueRegistry | None = None) -> CslItem:
    """Return the CSL-JSON item of a record.

    Args:
        record: The work.
        venues: The venue registry; gives ``container-title-short`` and fills a missing venue.
    """
    kind = kind_of(record, venues)
    kind_type = csl_type(record, kind)
    venue = venues.venue_of(record) if venues is not None else None
    item: CslItem = {"id": record.key, "type": kind_type}
    authors = csl_names(record.authors)
    if authors:
        item["author"] = authors
    for role, variable in _ROLES:
        people = csl_names(record.people(role))
        if people:
            item[variable] = people
    _put(item, "title", record.field("title"), rich=True)
    issued = csl_date(record)
    if issued is not None:
        item["issued"] = issued
    _add_kind_variables(item, record, kind, venue)
    _put(item, "volume", record.field("volume"))
    if record.field("pages"):
        item["page"] = _pages(record.field("pages") or "")
    _put(item, "edition", record.field("edition"))
    _put(item, "collection-title", record.field("series"), rich=True)
    status = record.field("pubstate")
    if status:
        item["status"] = plain_text(status)
    doi = record.doi
    if doi:
        item["DOI"] = verbatim(doi)
    url = verbatim(record.field("url") or "")
    if not url and record.arxiv is not None:
        url = record.arxiv.url
    if url:
        item["URL"] = url
    _put(item, "ISBN", record.field("isbn"))
    _put(item, "ISSN", record.field("issn"))
    _put(item, "note", record.field("note"))
    language = bcp47(record.field("langid") or record.field("language") or "")
    if language:
        item["language"] = language
    _put(item, "abstract", record.field("abstract"))
    return item


def _add_kind_variables(item: CslItem, record: Record, kind: str, venue: Venue | None) -> None:
    """Add what depends on the kind of work: container, publisher, genre, event, numbers."""
    container = record.field("journal") or record.field("journaltitle") or record.field("booktitle")
    kind_type = item["type"]
    if kind_type in ("article-journal", "paper-conference", "chapter"):
        if not container and venue is not None:
            container = venue.name
        _put(item, "container-title", container, rich=True)
        if container and venue is not None and venue.short and venue.short != container:
            item["container-title-short"] = venue.short
        _put(item, "publisher", record.field("publisher"))
        if kind_type == "article-journal":
            _put(item, "issue", record.field("number") or record.field("issue"))
        elif kind_type == "chapter":
            _put(item, "publisher-place", record.field("address") or record.field("location"))
        else:
            _put(item, "event-place", record.field("address") or record.field("venue"))
            _put(item, "number", record.field("number"))
        return
    if kind_type == "article":
        _add_preprint(item, record, container)
        return
    if kind_type == "thesis":
        genre = record.field("type") or _THESIS_GENRES.get(record.entry_type, "Thesis")
        _put(item, "genre", genre)
        _put(item, "publisher", record.field("school") or record.field("institution"))
        _put(item, "publisher-place", record.field("address") or record.field("location"))
        return
    if kind_type == "patent":
        _put(item, "genre", record.field("type"))
        _put(item, "number", record.field("number"))
        return
    if kind_type in ("speech", "event"):
        _put(item, "genre", _GENRES.get(kind))
        event = record.field("howpublished") or record.field("eventtitle") or container
        if not event and venue is not None:
            event = venue.name
        _put(item, "event-title", event, rich=True)
        if "event-title" in item:
            item["event"] = item["event-title"]  # CSL 1.0.1 name, still read by many styles
        _put(item, "event-place", record.field("address") or record.field("venue"))
        return
    if kind_type == "report":
        _put(item, "genre", record.field("type"))
        _put(item, "publisher", record.field("institution") or record.field("publisher"))
        _put(item, "number", record.field("number"))
        _put(item, "publisher-place", record.field("address"))
        return
    _put(item, "publisher", record.field("publisher") or record.field("howpublished"))
    _put(item, "publisher-place", record.field("address") or record.field("location"))
    _put(item, "number", record.field("number"))


def _add_preprint(item: CslItem, record: Record, container: str | None) -> None:
    """Add the Zotero/pandoc preprint conventions: ``publisher`` the server, ``number`` the id."""
    arxiv = record.arxiv
    if arxiv is not None:
        item["publisher"] = _PREPRINT_SERVERS["arxiv"]
        item["number"] = f"arXiv:{arxiv.id}"
        item["genre"] = "Preprint"
        return
    _put(item, "publisher", record.field("publisher") or record.field("institution"))
    _put(item, "number", record.field("number"))
    _put(item, "container-title", container, rich=True)


def to_csl_items(records: Sequence[Record], venues: VenueRegistry | None = None) -> list[CslItem]:
    """Return the CSL-JSON items of records, in order, with what they inherit."""
    return [to_csl(record, venues) for record in inherited(records)]


_NOT_INHERITED = frozenset(
    {
        "ids", "crossref", "xref", "xdata", "entryset", "entrysubtype", "execute",
        "label", "options", "presort", "related", "relatedtype", "relatedstring",
        "sortkey", "sortname", "sorttitle", "sortyear", "shorthand", "shorthandintro",
        "key"
    }
)  # fmt: skip
_TITLE_TARGETS = {
    "proceedings": "booktitle",
    "mvproceedings": "booktitle",
    "collection": "booktitle",
    "mvcollection": "booktitle",
    "book": "booktitle",
    "mvbook": "booktitle",
    "reference": "booktitle",
    "mvreference": "booktitle",
    "periodical": "journaltitle",
}
"""Parent types whose ``title`` a child gets under another name (biblatex's defaults)."""


def inherited(records: Sequence[Record]) -> list[Record]:
    """Return records with the fields they inherit through ``crossref`` and ``xdata``.

    A child keeps its own fields and gets each missing one from its parents (biblatex's
    defaults: a proceedings' or collection's ``title`` becomes the child's ``booktitle``, a
    periodical's its ``journaltitle``, a book's ``author`` an in-book's ``bookauthor``).
    Parents are looked up among the same records, case-insensitively; cycles and missing
    parents are ignored.

    >>> from belharbi_bib.model import Field
    >>> parent = Record("p", "proceedings", (Field.of("title", "X"), Field.of("year", "2020")))
    >>> child = Record("c", "inproceedings", (Field.of("title", "T"), Field.of("crossref", "P")))
    >>> [(f.name, f.value) for f in inherited([child, parent])[0].fields]
    [('title', 'T'), ('crossref', 'P'), ('booktitle', 'X'), ('year', '2020')]
    """
    by_key = {record.key.lower(): record for record in records if record.key}
    if not any(("crossref" in r or "xdata" in r) for r in records):
        return list(records)
    return [_inherit(record, by_key, ()) for record in records]


def _inherit(record: Record, by_key: dict[str, Record], seen: tuple[str, ...]) -> Record:
    parents: list[tuple[Record, bool]] = []
    for name, mapped in (("xdata", False), ("crossref", True)):
        for key in (record.field(name) or "").split(","):
            key = key.strip().lower()
            if key and key in by_key and key not in seen and key != record.key.lower():
                parents.append((by_key[key], mapped))
    if not parents:
        return record
    fields = list(record.fields)
    have = {f.name for f in fields}
    for parent, mapped in parents:
        full = _inherit(parent, by_key, (*seen, record.key.lower()))
        for item in full.fields:
            name = item.name
            if name in _NOT_INHERITED:
                continue
            if mapped and name == "title" and full.entry_type in _TITLE_TARGETS:
                name = _TITLE_TARGETS[full.entry_type]
            elif mapped and name == "author" and full.entry_type in ("book", "mvbook"):
                name = "bookauthor" if record.entry_type != "book" else name
            if name in have:
                continue
            have.add(name)
            fields.append(structs.replace(item, name=name))
    return structs.replace(record, fields=tuple(fields))


def dumps(records: Sequence[Record], venues: VenueRegistry | None = None) -> str:
    """Return records as a CSL-JSON document: an array, keys sorted, two-space indent, final LF.

    The text depends only on the records and the registry (byte-identical for the same input).
    """
    return (
        json.dumps(to_csl_items(records, venues), ensure_ascii=False, indent=2, sort_keys=True)
        + "\n"
    )
