"""Plain names (no braces, no backslashes), the common case, split as pybtex splits them.

The reference, and the comparison on every kind of name list, is in ``test_names_split.py``.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_names_split import pybtex_names

from belharbi_bib.names import parse_names

WORDS = [
    "a", "B", "van", "De", "der", "Jr", "Jr.", "III", "others", "and", "AND", "Ⅷ", "ǅ", "ⓐ",
    "é", "Élodie", "1st", "-", ".", "ß", "_", "'", "O'Neil", "Ben-Ayed", "~", "d'Artagnan",
]  # fmt: skip
SEPARATORS = [" ", "  ", ", ", ",", " , ", "~", " and ", " AND ", "\t", "\n"]


def parse_fresh(text: str) -> object:
    try:
        return parse_names.__wrapped__(text)
    except Exception as exc:
        return type(exc)


def parse_reference(text: str) -> object:
    return pybtex_names(text)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=8))
def test_fast_names_match_pybtex(pieces: list[tuple[str, str]]) -> None:
    text = "".join(word + separator for word, separator in pieces)
    assert parse_fresh(text) == parse_reference(text)
