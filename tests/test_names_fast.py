"""The fast path of name parsing (no braces, no backslashes) agrees with pybtex's parser."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from belharbi_bib.bibtex.reader import read
from belharbi_bib.names import _parse_with_pybtex, parse_names

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
    flat = " ".join(text.split())
    if not flat:
        return ()
    try:
        return _parse_with_pybtex(flat)
    except Exception as exc:
        return type(exc)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=8))
def test_fast_names_match_pybtex(pieces: list[tuple[str, str]]) -> None:
    text = "".join(word + separator for word, separator in pieces)
    assert parse_fresh(text) == parse_reference(text)


def test_corpus_names_match_pybtex(shared_dir: Path) -> None:
    lists: set[str] = set()
    for path in sorted((shared_dir / "corpus" / "realworld").glob("*.bib")):
        for record in read(path):
            for item in record.fields:
                if item.name in ("author", "editor"):
                    lists.add(item.value)
    assert len(lists) > 1000
    mismatched = [t for t in sorted(lists) if parse_fresh(t) != parse_reference(t)]
    assert mismatched == []
