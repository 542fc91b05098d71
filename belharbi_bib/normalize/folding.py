"""Folding: BibTeX text reduced to plain lower-case ASCII words, for keys and for matching."""

from __future__ import annotations

import functools
import re

from belharbi_bib import patterns
from belharbi_bib.folding import fold_plain
from belharbi_bib.normalize.text import decode_accents

_COMMAND = patterns.compile(r"\\[A-Za-z@]+\*?|\\.")
_NAME_SPLIT = patterns.compile(r"\s+and\s+", re.IGNORECASE)


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


def ascii_fold(text: str) -> str:
    """Return ``text`` as lower-case ASCII letters and digits only.

    >>> ascii_fold("Gödel-Łukasiewicz O'Brien"), ascii_fold("{\\\\o}ster")
    ('godellukasiewiczobrien', 'oster')
    """
    return fold_plain(plain(text) if "\\" in text else text, ascii=True)


def fold_title(text: str) -> str:
    """Return a title folded for matching: no case, accents, braces or punctuation.

    A text without commands skips :func:`plain`: it would only drop the braces, which the fold
    drops too.

    >>> fold_title("Deep {CAM}: a survey") == fold_title("Deep CAM -- A Survey")
    True
    """
    return fold_plain(plain(text) if "\\" in text else text)


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
