"""Months: the one table of month spellings and the one parser every output uses.

A month value is a BibTeX macro (``jun``), an English or French name or abbreviation
(``June``, ``Sept.``, ``juin``, ``août``), or a number (``6``, ``06``). Anything else
(``Juneteenth``, ``Spring``, ``June 15``) is not a month: callers keep such values as written.
"""

from __future__ import annotations

import unicodedata

from belharbi_bib.values import MONTH_MACROS

__all__ = ["MONTH_SPELLINGS", "month_macro", "month_number"]

MONTH_SPELLINGS: tuple[tuple[str, ...], ...] = (
    ("jan", "january", "janv", "janvier"),
    ("feb", "february", "fev", "fevr", "fevrier"),
    ("mar", "march", "mars"),
    ("apr", "april", "avr", "avril"),
    ("may", "mai"),
    ("jun", "june", "juin"),
    ("jul", "july", "juil", "juillet"),
    ("aug", "august", "aout"),
    ("sep", "sept", "september", "septembre"),
    ("oct", "october", "octobre"),
    ("nov", "november", "novembre"),
    ("dec", "december", "decembre"),
)
"""Every spelling of each month, folded (lower case, no accents), January first."""

_NUMBERS: dict[str, int] = {
    spelling: number
    for number, spellings in enumerate(MONTH_SPELLINGS, start=1)
    for spelling in spellings
}
_MACROS: tuple[str, ...] = tuple(MONTH_MACROS)


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().rstrip(".").strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def month_number(text: str) -> int | None:
    """Return the month 1-12 that a month value denotes, or None when it is not one month.

    >>> [month_number(t) for t in ("jun", "June", "Sept.", "6", "06", "juin", "Août", "DÉC")]
    [6, 6, 9, 6, 6, 6, 8, 12]
    >>> [month_number(t) for t in ("Juneteenth", "Spring", "13", "0", "June 15", "")]
    [None, None, None, None, None, None]
    """
    folded = _folded(text)
    if folded.isdigit() and folded.isascii():
        number = int(folded)
        return number if 1 <= number <= 12 else None
    return _NUMBERS.get(folded)


def month_macro(text: str) -> str | None:
    """Return the BibTeX macro (``jan`` ... ``dec``) of a month value, or None.

    >>> month_macro("September"), month_macro("juil."), month_macro("Juneteenth")
    ('sep', 'jul', None)
    """
    number = month_number(text)
    return _MACROS[number - 1] if number is not None else None
