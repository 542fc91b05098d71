"""Normalization: pure rules that put the content of a library in canonical form.

>>> from belharbi_bib.bibtex.reader import parse_string
>>> from belharbi_bib.bibtex.writer import write
>>> result = normalize(parse_string("@Article{k, Author = {Jane Doe}, Month = {June}}"))
>>> print(write(result.library), end="")
@article{k,
  author = {Doe, Jane},
  month = jun,
}
"""

from __future__ import annotations

from belharbi_bib.normalize.changes import Change
from belharbi_bib.normalize.options import Options
from belharbi_bib.normalize.pipeline import Result, normalize

__all__ = ["Change", "Options", "Result", "normalize"]
