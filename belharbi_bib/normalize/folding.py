"""Folding: BibTeX text reduced to plain lower-case ASCII words, for keys and for matching."""

from __future__ import annotations

import functools
import re

from belharbi_bib.folding import fold_plain
from belharbi_bib.normalize.text import decode_accents

_COMMAND = re.compile(r"\\[A-Za-z@]+\*?|\\.")
_NAME_SPLIT = re.compile(r"\s+and\s+", re.IGNORECASE)


@functools.lru_cache(maxsize=1024)
def plain(text: str) -> str:
    """Return BibTeX text as plain Unicode: accents resolved, commands and braces removed.

    >>> plain("{\\\\'E}tude of {CAM} \\\\emph{now}")
    'Étude of CAM now'
    """
    text = decode_accents(text)
    if "\\" in text:
        text = _COMMAND.sub("", text)
    return text.replace("{", "").replace("}", "")


_NOT_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum() or chr(c).isupper())
"""The ASCII bytes a fold drops (after lower-casing): all but ``a``–``z`` and ``0``–``9``."""


def _ascii_fold_fast(text: str) -> str | None:
    """The fold of an ASCII text without commands, by deleting bytes; None for any other text.

    Such a text has nothing to decode (:func:`plain` only drops its braces) and its words are
    its runs of ``[a-z0-9]`` once lower-cased, so the fold is the text without anything else.
    """
    if "\\" in text or not text.isascii():
        return None
    return text.lower().encode("ascii").translate(None, _NOT_ALNUM).decode("ascii")


def ascii_fold(text: str) -> str:
    """Return ``text`` as lower-case ASCII letters and digits only.

    >>> ascii_fold("Gödel-Łukasiewicz O'Brien"), ascii_fold("{\\\\o}ster")
    ('godellukasiewiczobrien', 'oster')
    """
    fast = _ascii_fold_fast(text)
    return fold_plain(plain(text), ascii=True) if fast is None else fast


def fold_title(text: str) -> str:
    """Return a title folded for matching: no case, accents, braces or punctuation.

    >>> fold_title("Deep {CAM}: a survey") == fold_title("Deep CAM -- A Survey")
    True
    """
    fast = _ascii_fold_fast(text)
    return fold_plain(plain(text)) if fast is None else fast


def first_surname(authors: str) -> str:
    """Return the first author's surname folded, without parsing the whole list.

    ``Last, First`` gives ``Last`` (von particles in lower case dropped); ``First Last``
    gives the last word.

    >>> first_surname("van Beethoven, Ludwig and Doe, J."), first_surname("Soufiane Belharbi")
    ('beethoven', 'belharbi')
    >>> first_surname("{ACME Inc.} and others")
    'acmeinc'
    """
    first = _NAME_SPLIT.split(authors.strip(), maxsplit=1)[0]
    if first.startswith("{") and first.endswith("}"):
        return ascii_fold(first)
    if "," in first:
        words = first.split(",", 1)[0].split()
        kept = [w for w in words if not w[:1].islower()] or words[-1:]
        return ascii_fold(" ".join(kept))
    words = first.split()
    return ascii_fold(words[-1]) if words else ""
