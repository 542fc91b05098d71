"""LaTeX <-> Unicode text conversion (the one place that uses pylatexenc).

pylatexenc knows the accent macros, special characters and math that occur in real
bibliographies; writing our own table would cover a fraction of them.
"""

from __future__ import annotations

import functools
import re

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

_NEEDS_CONVERSION = re.compile(r"[\\{}$~]|--")
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
}
"""The logos of the TeX world, which pylatexenc drops, as plain text."""


@functools.cache
def _logo() -> re.Pattern[str]:
    """Return the pattern of a logo macro (compiled on first use, not by every reader)."""
    names = "|".join(sorted(_LOGOS, key=len, reverse=True))
    return re.compile(r"\\(" + names + r")(?![A-Za-z])(?:\{\})?")


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
    return re.compile("([A-Za-z])([" + "".join(_ACCENTS) + "]+)")


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
    text = _logo().sub(lambda m: _LOGOS[m.group(1)], text)
    _silence_pylatexenc()
    from pylatexenc.latex2text import LatexNodes2Text

    converter = _converter(LatexNodes2Text)
    return " ".join(str(converter.latex_to_text(text)).split())


@functools.cache
def _silence_pylatexenc() -> None:
    """Keep pylatexenc's warnings (unknown macros, which we keep as text) off stderr.

    Here, not in the command line's logging set-up: commands that never log do not load
    ``logging`` (start-up time), but any of them may convert LaTeX.
    """
    import logging

    logging.getLogger("pylatexenc").setLevel(logging.ERROR)


@functools.lru_cache(maxsize=1)
def _converter(cls: type) -> Any:
    return cls(math_mode="verbatim", strict_latex_spaces=True)


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
