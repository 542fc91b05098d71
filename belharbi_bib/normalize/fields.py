"""Field-level rules: whitespace, verbatim fields, page ranges, bare DOIs, noise fields."""

from __future__ import annotations

import functools
import re

from belharbi_bib import patterns
from belharbi_bib.identifiers import clean_doi, is_valid_doi
from belharbi_bib.model import Record
from belharbi_bib.normalize.context import (
    Context,
    FieldMap,
    Outcome,
    apply_map,
    is_text_field,
    unchanged,
)
from belharbi_bib.structs import replace

_PAGES = frozenset({"pages"})
_DOI = frozenset({"doi"})
_SPACE_RUN = patterns.compile(r"[ \t\n\r\f\v]+")
_BLANK_LINE = patterns.compile(r"\n[ \t\r\f\v]*\n")
_SPACE = " \t\n\r\f\v"
_UNSAFE_SPACING = ("%", "\\verb", "\\url", "\\path", "\\begin")
_PAGE = r"[^\W_][\w.:]*"
_PAGE_RANGE = patterns.compile(rf"\s*({_PAGE})\s*(?:-{{1,3}}|[–—‒−‐])\s*({_PAGE})\s*")
_PAGE_SINGLE = patterns.compile(rf"\s*({_PAGE})\s*")
_DASHED = patterns.compile(r"[0-9]+(?:--[0-9]+)?")


def collapse_spaces(text: str) -> str:
    """Return ``text`` with each run of spaces and single line breaks turned into one space.

    A blank line (a paragraph break in LaTeX) is kept as one blank line; ends are trimmed.

    >>> collapse_spaces("  Deep\\n   learning  ")
    'Deep learning'
    >>> collapse_spaces("One.\\n\\n  Two.")
    'One.\\n\\nTwo.'
    """
    if not needs_spacing(text):
        return text
    if _BLANK_LINE.search(text) is None:  # no run holds a blank line: every run is one space
        return _SPACE_RUN.sub(" ", text).strip(" \t\n\r\f\v")
    return _SPACE_RUN.sub(_space_for, text).strip(" \t\n\r\f\v")


def _space_for(match: re.Match[str]) -> str:
    return "\n\n" if match.group().count("\n") >= 2 else " "


def needs_spacing(text: str) -> bool:
    """Return True when ``text`` has white space to collapse: at an end, doubled, or not a space.

    >>> needs_spacing("a b"), needs_spacing(" a"), needs_spacing("a  b"), needs_spacing("a\\nb")
    (False, True, True, True)
    """
    return not _spaced(text)


def _safe_collapse(text: str) -> str:
    if not needs_spacing(text):
        return text
    if "%" in text or ("\\" in text and any(m in text for m in _UNSAFE_SPACING)):
        return text
    return collapse_spaces(text)


def _spaced(text: str) -> bool:
    """True when ``text`` has no white space to collapse (the whitespace rule's ``keeps``)."""
    if not text:
        return True
    if text[0] in _SPACE or text[-1] in _SPACE or "  " in text or "\n" in text:
        return False
    return "\t" not in text and "\r" not in text and "\f" not in text and "\v" not in text


WHITESPACE = FieldMap(is_text_field, _safe_collapse, keeps=_spaced)
"""The whitespace rule as a field map."""


def whitespace_map(context: Context) -> FieldMap:
    """Return the whitespace rule's field map."""
    return WHITESPACE


def normalize_whitespace(record: Record, context: Context) -> Outcome:
    """Collapse whitespace in every text field (not verbatim fields, not around ``%``)."""
    return apply_map(record, WHITESPACE)


VERBATIM_CLEANED: frozenset[str] = frozenset(
    {"doi", "url", "eprint", "file", "pdf", "verba", "verbb", "verbc", "urlraw"}
)
"""Fields read verbatim by biblatex (and by ``\\url`` in BibTeX styles) that TeX escapes spoil."""


@functools.cache
def _verbatim_escape() -> re.Pattern[str]:
    """The escapes :func:`unescape_verbatim` removes (compiled on first use, not at import)."""
    return patterns.compile(
        r"\\url\{([^{}\\]*)\}|\{\\([_%&#$])\}|(?<!\\)\\([_%&#$])|\\textunderscore(?:\{\}|\b)\s*"
        r"|\\(?:~|textasciitilde)(?:\{\}|\b)\s*|\$\\sim\$"
    )


def is_verbatim_cleaned(name: str) -> bool:
    """Return True for a field :func:`clean_verbatim` cleans (``url2``, ``bdsk-url-1`` too).

    >>> is_verbatim_cleaned("doi"), is_verbatim_cleaned("bdsk-url-1"), is_verbatim_cleaned("ids")
    (True, True, False)
    """
    return name in VERBATIM_CLEANED or name.rstrip("0123456789-").endswith("url")


def unescape_verbatim(text: str) -> str:
    r"""Return a verbatim value without the TeX escapes that do not belong there.

    ``\_``, ``\%``, ``\&``, ``\#``, ``\$`` (braced or not), ``\textunderscore``, ``\~{}``
    and ``$\sim$`` become the character they escape, and a value that is one ``\url{...}``
    loses the command. A value holding ``\\`` (an escaped backslash: a Windows path, a test
    of verbatim input) is left as it is.

    >>> unescape_verbatim(r"10.1007/978-3-662-46681-0\_28"), unescape_verbatim(r"\url{http://x.org/~a}")
    ('10.1007/978-3-662-46681-0_28', 'http://x.org/~a')
    >>> unescape_verbatim(r"http://x.org/\~{}me/a{\_}b\%20"), unescape_verbatim(r"C\:\\a\_b")
    ('http://x.org/~me/a_b%20', 'C\\:\\\\a\\_b')
    """
    if "\\" not in text and "$" not in text:
        return text
    if "\\\\" in text:
        return text
    escape = _verbatim_escape()
    whole = escape.fullmatch(text.strip())
    if whole is not None and whole.group(1) is not None:
        return whole.group(1)
    return escape.sub(_unescaped, text)


def _unescaped(match: re.Match[str]) -> str:
    if match.group(1) is not None:  # \url{...} inside a longer value: keep it, it is text
        return match.group()
    found = match.group(2) or match.group(3)
    if found:
        return found
    return "_" if "underscore" in match.group() else "~"


def _unescaped_already(text: str) -> bool:
    return "\\" not in text and "$" not in text


VERBATIM = FieldMap(is_verbatim_cleaned, unescape_verbatim, keeps=_unescaped_already)
"""The verbatim rule as a field map."""


def verbatim_map(context: Context) -> FieldMap:
    """Return the verbatim rule's field map."""
    return VERBATIM


def clean_verbatim(record: Record, context: Context) -> Outcome:
    """Remove TeX escapes from ``doi``, ``url``, ``eprint``, ``file`` and other verbatim fields."""
    return apply_map(record, VERBATIM)


@functools.lru_cache(maxsize=4096)
def dash_pages(text: str) -> str:
    """Return page ranges written with ``--``; text that is not a list of pages is kept.

    >>> dash_pages("123-130"), dash_pages("S1 – S10, 17"), dash_pages("pp. 1-5")
    ('123--130', 'S1--S10, 17', 'pp. 1-5')
    >>> dash_pages("e1234")
    'e1234'
    """
    items: list[str] = []
    for item in text.split(","):
        match = _PAGE_RANGE.fullmatch(item)
        if match is not None:
            items.append(f"{match.group(1)}--{match.group(2)}")
            continue
        single = _PAGE_SINGLE.fullmatch(item)
        if single is None:
            return text
        items.append(single.group(1))
    result = ", ".join(items)
    return result if result != text.strip() else text


def _dashed_already(text: str) -> bool:
    """True for ``123`` and ``123--130`` (what :func:`dash_pages` returns as it is)."""
    return _DASHED.fullmatch(text) is not None


PAGES = FieldMap(_PAGES.__contains__, dash_pages, keeps=_dashed_already)
"""The pages rule as a field map."""


def pages_map(context: Context) -> FieldMap:
    """Return the pages rule's field map."""
    return PAGES


def normalize_pages(record: Record, context: Context) -> Outcome:
    """Write ``pages`` ranges with ``--`` (``123-130`` and ``123–130`` become ``123--130``)."""
    return apply_map(record, PAGES)


def bare_doi(text: str) -> str:
    """Return a DOI without resolver prefix when what remains is a valid DOI; case is kept.

    >>> bare_doi("https://doi.org/10.1109/CVPR.2016.90"), bare_doi("doi: 10.1/x")
    ('10.1109/CVPR.2016.90', 'doi: 10.1/x')
    >>> bare_doi("DOI:10.1016/J.X.2020.1")
    '10.1016/J.X.2020.1'
    """
    cleaned = clean_doi(text)
    if cleaned.lower().startswith(("http://doi.org/", "doi.org/", "dx.doi.org/")):
        cleaned = cleaned.split("doi.org/", 1)[1]
    return cleaned if cleaned != text and is_valid_doi(cleaned) else text


def _bare_already(text: str) -> bool:
    """True for a value starting ``10.`` and not ending in space (no prefix to strip)."""
    return text[:3] == "10." and not text[-1].isspace()


DOI = FieldMap(_DOI.__contains__, bare_doi, keeps=_bare_already)
"""The DOI rule as a field map."""


def doi_map(context: Context) -> FieldMap:
    """Return the DOI rule's field map."""
    return DOI


def normalize_doi(record: Record, context: Context) -> Outcome:
    """Strip ``https://doi.org/``, ``doi:`` and surrounding space from ``doi``."""
    return apply_map(record, DOI)


@functools.lru_cache(maxsize=64)
def _noise_matcher(patterns: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    exact = frozenset(p for p in patterns if not p.endswith("*"))
    prefixes = tuple(p[:-1] for p in patterns if p.endswith("*"))
    return exact, prefixes


def is_noise(name: str, patterns: tuple[str, ...]) -> bool:
    """Return True when field ``name`` matches one of ``patterns`` (``*`` only at the end).

    >>> is_noise("bdsk-url-1", ("bdsk-url-*",)), is_noise("title", ("timestamp",))
    (True, False)
    """
    exact, prefixes = _noise_matcher(patterns)
    return name in exact or (bool(prefixes) and name.startswith(prefixes))


def drop_noise(record: Record, context: Context) -> Outcome:
    """Remove the fields named in ``options.noise_fields`` (only with ``drop_noise``)."""
    patterns = context.options.noise_fields
    kept = tuple(item for item in record.fields if not is_noise(item.name, patterns))
    if len(kept) == len(record.fields):
        return unchanged(record)
    return replace(record, fields=kept), ()
