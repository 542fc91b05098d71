"""LaTeX <-> Unicode text conversion (the one place that uses pylatexenc).

pylatexenc knows the accent macros, special characters and math that occur in real
bibliographies; writing our own table would cover a fraction of them.
"""

from __future__ import annotations

import functools
import re

from belharbi_bib import patterns

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

_NEEDS_CONVERSION = patterns.compile(r"[\\{}$~]|--|``|''|[!?]`")
_LOGOS = {
    "TeX": "TeX",
    "LaTeX": "LaTeX",
    "LaTeXe": "LaTeX2e",
    "BibTeX": "BibTeX",
    "AmSTeX": "AmS-TeX",
    "AmS": "AmS",
    "XeTeX": "XeTeX",
    "XeLaTeX": "XeLaTeX",
    "LuaTeX": "LuaTeX",
    "LuaLaTeX": "LuaLaTeX",
    "ConTeXt": "ConTeXt",
    "eTeX": "e-TeX",
    "pdfTeX": "pdfTeX",
    "pdfLaTeX": "pdfLaTeX",
    "AllTeX": "(La)TeX",
    "PiCTeX": "PiCTeX",
    "XyMTeX": "XyMTeX",
    "SliTeX": "SliTeX",
    "TeXLive": "TeX Live",
    "TeXworks": "TeXworks",
    "TeXtures": "Textures",
    "METAFONT": "METAFONT",
    "MF": "METAFONT",
    "MP": "MetaPost",
    "TUB": "TUGboat",
    "TUG": "TUG",
    "PS": "PostScript",
    "PDF": "PDF",
}
"""The logos of the TeX world, which pylatexenc drops, as plain text (``\\TUB``, ``\\TUG``,
``\\PS`` and ``\\PDF`` as TUGboat's class defines them, used throughout its bibliography)."""

_TEXT_MACROS = {
    # LaTeX's kernel and textcomp
    "slash": "/",
    "copyright": "\u00a9",
    "S": "\u00a7",
    "P": "\u00b6",
    "ddag": "\u2021",
    "pounds": "\u00a3",
    "textunderscore": "_",
    "textquotedbl": '"',
    "textslash": "/",
    "thinspace": " ",
    "enspace": " ",
    # babel (German quotes)
    "glqq": "\u201e",
    "grqq": "\u201c",
    "glq": "\u201a",
    "grq": "\u2018",
    "flqq": "\u00ab",
    "frqq": "\u00bb",
    "flq": "\u2039",
    "frq": "\u203a",
    "dq": '"',
    # dashes of bibnames.sty, extdash and TUGboat's class (a spaced em dash)
    "emdash": "\u2014",
    "endash": "\u2013",
    "hyphen": "-",
    "Dash": " \u2014 ",
    "dash": " \u2014 ",
    "bs": "\\",
}
"""Text macros pylatexenc does not know (it drops them, gluing the words around them:
``Inc.\\Dash A service`` read ``Inc.A service``), as the packages that define them print them."""

_KEPT_ARGUMENTS = ("texttt", "textsf", "textup", "textmd", "mbox", "makebox", "fbox", "framebox")
"""Macros printing their (last) argument that pylatexenc drops, argument and all."""


@functools.cache
def _logo() -> re.Pattern[str]:
    """Return the pattern of a logo macro (compiled on first use, not by every reader)."""
    names = "|".join(sorted(_LOGOS, key=len, reverse=True))
    return patterns.compile(r"\\(" + names + r")(?![A-Za-z])(?:\{\})?")


_ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0306": "u",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0323": "d",
    "\u0327": "c",
    "\u0328": "k",
    "\u0331": "b",
}
"""Combining marks and the LaTeX accent macros that put them on a letter."""


@functools.cache
def _marked() -> re.Pattern[str]:
    """Return the pattern of a letter and its combining marks (compiled on first use)."""
    return patterns.compile("([A-Za-z])([" + "".join(_ACCENTS) + "]+)")


def _accented(match: re.Match[str]) -> str:
    """Return a letter and its combining marks as nested accent macros: ``{\\u{c}}``."""
    letter = match.group(1)
    for mark in match.group(2):
        letter = f"\\{_ACCENTS[mark]}{{{letter}}}"
    return "{" + letter + "}"


@functools.lru_cache(maxsize=8192)
def to_unicode(text: str) -> str:
    """Return ``text`` with LaTeX accents, specials and braces turned into plain Unicode.

    >>> to_unicode("H{\\\\'e}rault and {CAM} -- \\\\& more")
    'Hérault and CAM – & more'
    >>> to_unicode("plain text")
    'plain text'
    >>> to_unicode("{\\\\TeX}: The Program, with \\\\LaTeXe{} and \\\\BibTeX")
    'TeX: The Program, with LaTeX2e and BibTeX'
    """
    if not _NEEDS_CONVERSION.search(text):
        return text
    if not _NEEDS_PARSER.search(text):  # braces and pylatexenc's specials only: no parser
        return _specials_only(text)
    return _parsed(text)


_NEEDS_PARSER = patterns.compile(r"[\\$%&#^_]")
"""What only pylatexenc reads: macros, math, comments, alignment, parameters."""
_SPECIALS = patterns.compile(r"---|--|``|''|!`|\?`|~")
"""pylatexenc's specials (besides ``&``), longest first, as its parser takes them."""
_SPECIAL_TEXT = {
    "---": "\u2014",
    "--": "\u2013",
    "``": "\u201c",
    "''": "\u201d",
    "!`": "\u00a1",
    "?`": "\u00bf",
    "~": "\u00a0",
}


def _specials_only(text: str) -> str:
    """Return what pylatexenc makes of ``text`` when it holds no macro, math or comment.

    Its specials as it prints them (taken before the braces go, as it parses them: ``-{}-``
    is two hyphens), braces dropped, white space collapsed; about a hundred times faster than
    parsing (``tests/test_latex_text.py`` compares the two).

    >>> _specials_only("{Deep} ``{CAM}'' -- ok~go")
    'Deep “CAM” – ok go'
    """
    text = _SPECIALS.sub(lambda match: _SPECIAL_TEXT[match.group()], text)
    return " ".join(text.replace("{", "").replace("}", "").split())


def _parsed(text: str) -> str:
    """Return ``text`` converted by pylatexenc (with our macros and fallback)."""
    text = _logo().sub(lambda m: "{" + _LOGOS[m.group(1)] + "}", text)
    _silence_pylatexenc()
    try:
        nodes = _walker(text).get_latex_nodes()[0]
        converted = str(_converter().nodelist_to_text(nodes))
    except Exception:  # pylatexenc failing on odd input: never a traceback
        converted = _stripped(text)
    return " ".join(converted.split())


_CONTROL = patterns.compile(r"\\([A-Za-z@]+\*?|.)|[{}]", re.DOTALL)


def _stripped(text: str) -> str:
    """Return ``text`` with control words and braces dropped, control symbols kept as text.

    The last resort of :func:`to_unicode`, when pylatexenc fails on an input.

    >>> _stripped("{\\\\em A} \\\\& B\\\\_C")
    ' A & B_C'
    """
    return _CONTROL.sub(lambda m: m.group(1) if m.group(1) and len(m.group(1)) == 1 else "", text)


def _walker(text: str) -> Any:
    """Return pylatexenc's parser of ``text``, knowing the arguments of ``\\href``."""
    from pylatexenc.latexwalker import LatexWalker

    return LatexWalker(text, latex_context=_walker_context(), tolerant_parsing=True)


@functools.cache
def _walker_context() -> Any:
    from pylatexenc.latexwalker import get_default_latex_context_db
    from pylatexenc.macrospec import std_macro

    context = get_default_latex_context_db()
    # pylatexenc's parser does not know \href's two arguments, which its text
    # conversion then fails to find (IndexError on every \href{url}{text})
    context.add_context_category("belharbi-bib", macros=[std_macro("href", False, 2)], prepend=True)
    return context


def _href(node: Any, l2tobj: Any) -> str:
    """The text of ``\\href{url}{text}``: the text (the URL when the text is missing)."""
    arguments = [a for a in (node.nodeargd.argnlist if node.nodeargd else ()) if a is not None]
    return str(l2tobj.nodelist_to_text([arguments[-1]])) if arguments else ""


@functools.cache
def _silence_pylatexenc() -> None:
    """Keep pylatexenc's warnings (unknown macros, which we keep as text) off stderr.

    Here, not in the command line's logging set-up: commands that never log do not load
    ``logging`` (start-up time), but any of them may convert LaTeX.
    """
    import logging

    logging.getLogger("pylatexenc").setLevel(logging.ERROR)


@functools.cache
def _converter() -> Any:
    """Return pylatexenc's text converter, knowing the macros it lacks (see above)."""
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    context = get_default_latex_context_db()
    macros = [MacroTextSpec(name, simplify_repl=text) for name, text in _TEXT_MACROS.items()]
    # font and box macros pylatexenc drops with their argument (\texttt{l3build} read "")
    macros += [MacroTextSpec(name, discard=False) for name in _KEPT_ARGUMENTS]
    macros.append(MacroTextSpec("href", simplify_repl=_href))
    context.add_context_category("belharbi-bib", macros=macros, prepend=True)
    return LatexNodes2Text(latex_context=context, math_mode="verbatim", strict_latex_spaces=True)


FONT_SWITCHES = frozenset(
    {
        "tt", "sc", "bf", "it", "rm", "sf", "em", "sl", "up", "md", "normalfont", "bfseries",
        "mdseries", "itshape", "scshape", "slshape", "upshape", "ttfamily", "sffamily",
        "rmfamily", "tiny", "scriptsize", "footnotesize", "small", "normalsize", "large", "Large",
        "LARGE", "huge", "Huge", "relax", "protect", "xspace", "ignorespaces", "unskip", "cal",
    }
)  # fmt: skip
"""Font, size and spacing switches, whose text is none: :func:`to_unicode` drops them."""


def prints_macro(name: str) -> bool:
    """Return True when :func:`to_unicode` prints the control word ``\\name`` as text itself.

    Its logos, text macros, accents, symbols and the formatting macros it reads. A macro
    unknown to it is dropped (its arguments printed as text).

    >>> prints_macro("TeX"), prints_macro("emph"), prints_macro("Dash"), prints_macro("GRAP")
    (True, True, True, False)
    """
    if name in _LOGOS or name in _TEXT_MACROS or name in _KEPT_ARGUMENTS:
        return True
    return _converter().latex_context.get_macro_spec(name) is not None


@functools.lru_cache(maxsize=8192)
def to_latex(text: str) -> str:
    """Return Unicode ``text`` with non-ASCII characters written as LaTeX escapes.

    Characters that are already LaTeX markup (braces, backslashes) are kept as they are.

    >>> to_latex("Hérault")
    "H{\\\\'e}rault"

    Accents written as combining marks are composed first; those that no precomposed letter
    has become accent macros:

    >>> to_latex("Mare\\u010dek Mare\\u0063\\u0306ek")
    'Mare{\\\\v{c}}ek Mare{\\\\u{c}}ek'
    """
    if text.isascii():
        return text
    import unicodedata  # a C extension that reading a file does not need

    text = _marked().sub(_accented, unicodedata.normalize("NFC", text))
    if text.isascii():
        return text
    _silence_pylatexenc()
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    encoder = UnicodeToLatexEncoder(
        non_ascii_only=True,
        replacement_latex_protection="braces-all",
        unknown_char_policy="keep",
    )
    return str(encoder.unicode_to_latex(text))
