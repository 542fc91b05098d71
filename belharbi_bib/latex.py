"""LaTeX <-> Unicode text conversion (the one place that uses pylatexenc).

pylatexenc knows the accent macros, special characters and math that occur in real
bibliographies; writing our own table would cover a fraction of them.
"""

from __future__ import annotations

import functools
import re
from typing import Any

_NEEDS_CONVERSION = re.compile(r"[\\{}$~]|--")


@functools.lru_cache(maxsize=8192)
def to_unicode(text: str) -> str:
    """Return ``text`` with LaTeX accents, specials and braces turned into plain Unicode.

    >>> to_unicode("H{\\\\'e}rault and {CAM} -- \\\\& more")
    'Hérault and CAM – & more'
    >>> to_unicode("plain text")
    'plain text'
    """
    if not _NEEDS_CONVERSION.search(text):
        return text
    from pylatexenc.latex2text import LatexNodes2Text

    converter = _converter(LatexNodes2Text)
    return " ".join(str(converter.latex_to_text(text)).split())


@functools.lru_cache(maxsize=1)
def _converter(cls: type) -> Any:
    return cls(math_mode="verbatim", strict_latex_spaces=True)


@functools.lru_cache(maxsize=8192)
def to_latex(text: str) -> str:
    """Return Unicode ``text`` with non-ASCII characters written as LaTeX escapes.

    Characters that are already LaTeX markup (braces, backslashes) are kept as they are.

    >>> to_latex("Hérault")
    "H{\\\\'e}rault"
    """
    if text.isascii():
        return text
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    encoder = UnicodeToLatexEncoder(
        non_ascii_only=True,
        replacement_latex_protection="braces-all",
        unknown_char_policy="keep",
    )
    return str(encoder.unicode_to_latex(text))
