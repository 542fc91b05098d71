"""Folding: text reduced to lower-case ASCII words for matching, one family for every consumer.

Titles, names and venues are compared after the same folding: LaTeX decoded, commands and
braces dropped, Latin letters without a decomposition mapped to their ASCII spelling (``ø`` →
``o``, ``Ł`` → ``L``, ``ß`` → ``ss``), accents dropped, case folded, and anything that is not a
letter or a digit treated as a word break. No letter is ever lost: ``Ørsted`` folds to
``orsted``, and letters of other scripts (Greek, Cyrillic, CJK) are kept as they are, except
with ``ascii=True`` (for citation keys), which keeps ASCII letters and digits only.

(``belharbi_bib.curriculum.html_cv.fold_search`` stays apart on purpose: it must match the
JavaScript of the HTML page.)
"""

from __future__ import annotations

import functools
import unicodedata

from belharbi_bib import patterns
from belharbi_bib.latex import to_unicode

__all__ = ["fold", "fold_plain", "plain", "words", "words_of_plain"]

_COMMAND = patterns.compile(r"\\[A-Za-z@]+\*?|\\.")
_WORD = patterns.compile(r"[^\W_]+")
_ASCII_WORD = patterns.compile(r"[a-z0-9]+")
_NOT_ALNUM = bytes(c for c in range(128) if not (chr(c).isdigit() or chr(c).islower()))
"""The ASCII bytes a fold of lower-cased text drops: all but ``a``–``z`` and ``0``–``9``."""
_EXTRA_LETTERS = str.maketrans(
    {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "ł": "l",
     "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ı": "i",
     "ħ": "h", "Ħ": "H", "ŀ": "l", "Ŀ": "L", "ŧ": "t", "Ŧ": "T", "ĸ": "k", "ſ": "s"}
)  # fmt: skip


@functools.lru_cache(maxsize=1024)
def plain(text: str) -> str:
    r"""Return BibTeX text as plain Unicode: LaTeX decoded, commands and braces removed.

    >>> plain(r"{\'E}tude of {CAM} \emph{now}")
    'Étude of CAM now'
    """
    text = to_unicode(text) if ("\\" in text or "$" in text) else text
    if "\\" in text:
        text = _COMMAND.sub("", text)
    return text.replace("{", "").replace("}", "")


@functools.lru_cache(maxsize=1024)
def words_of_plain(text: str, *, ascii: bool = False) -> tuple[str, ...]:
    """Return the folded words of plain Unicode text (no LaTeX decoding).

    >>> words_of_plain("Ørsted and Łódź: Straße-42 (Ελλάδα)")
    ('orsted', 'and', 'lodz', 'strasse', '42', 'ελλαδα')
    >>> words_of_plain("Ørsted (Ελλάδα)", ascii=True)
    ('orsted',)
    """
    if text.isascii():  # nothing to map or decompose: the same words, found faster
        lowered = text.lower()
        return tuple((_ASCII_WORD if ascii else _WORD).findall(lowered))
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA_LETTERS))
    if ascii:
        ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
        return tuple(_ASCII_WORD.findall(ascii_text))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return tuple(_WORD.findall(bare))


def fold_plain(text: str, *, ascii: bool = False) -> str:
    """Return plain Unicode text folded to one word (the words of :func:`words_of_plain`, joined).

    >>> fold_plain("Gödel-Łukasiewicz O'Brien")
    'godellukasiewiczobrien'
    """
    if text.isascii():  # its words are its runs of [a-z0-9] once lower-cased: keep only those
        return text.lower().encode("ascii").translate(None, _NOT_ALNUM).decode("ascii")
    return "".join(words_of_plain(text, ascii=ascii))


def words(text: str) -> tuple[str, ...]:
    r"""Return the folded words of BibTeX text.

    >>> words(r"{Deep} {CAM}: Learning -- {\'E}tude in {\O}rsted")
    ('deep', 'cam', 'learning', 'etude', 'in', 'orsted')
    """
    return words_of_plain(plain(text))


def fold(text: str) -> str:
    r"""Return BibTeX text folded to one word: for comparing titles, names and keys.

    >>> fold("Deep {CAM}: a survey") == fold("Deep CAM -- A Survey")
    True
    >>> fold(r"Gonz{\'a}lez-Gonz{\'a}lez"), fold("Ørsted and Łódź")
    ('gonzalezgonzalez', 'orstedandlodz')
    """
    return "".join(words(text))
