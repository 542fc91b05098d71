"""Plain names (no braces, no backslashes), the common case, split as pybtex splits them;
and the name rule's test that spares it a second split (``reads_back``).

The reference, and the comparison on every kind of name list, is in ``test_names_split.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_names_split import CORPORA, TOKENS, corpus_name_lists, pybtex_names
from test_names_split import SEPARATORS as SPLIT_SEPARATORS

from belharbi_bib.names import OTHERS, Person, format_names, parse_names
from belharbi_bib.normalize.names import is_canonical, malformation, reads_back

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


def _formatted(text: str) -> tuple[tuple[Person, ...], str] | None:
    """The people and the list ``canonical_names`` would check, or None when it returns early."""
    if is_canonical(text) or malformation(text) is not None:
        return None
    people = parse_names.__wrapped__(text)
    if not people or any(not person.last for person in people):
        return None
    result = format_names(people)
    return None if result != " ".join(result.split()) else (people, result)


def _disagreements(texts: list[str]) -> tuple[list[str], int]:
    """The lists ``reads_back`` vouches for that do not split back; how many it vouched for."""
    wrong: list[str] = []
    vouched = 0
    for text in texts:
        found = _formatted(text)
        if found is None or not reads_back(*found):
            continue
        vouched += 1
        if parse_names.__wrapped__(found[1]) != found[0]:
            wrong.append(text)
    return wrong, vouched


@pytest.mark.parametrize("corpus", CORPORA)
def test_reads_back_only_vouches_for_lists_that_split_back(shared_dir: Path, corpus: str) -> None:
    wrong, vouched = _disagreements(sorted(corpus_name_lists(shared_dir, corpus)))
    assert wrong == []
    assert vouched > 50  # it spares the second split on real lists


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(TOKENS), st.sampled_from(SPLIT_SEPARATORS)), max_size=10))
def test_reads_back_on_generated_lists(pieces: list[tuple[str, str]]) -> None:
    text = "".join(token + separator for token, separator in pieces)
    assert _disagreements([text])[0] == []


def test_reads_back_is_sure_or_silent_on_the_cases_it_refuses() -> None:
    # each of these splits back otherwise than it was read, or might: the test must say "not sure"
    cases = [
        (Person("Ayed", "", "Ben"),),  # no first name: "Ben Ayed" reads as First Last
        (Person("{Barnes and Noble}", "X"),),  # "and" inside a part
        (Person("Doe", "J{,}"),),  # a comma inside a part
        (Person("Doe\\", "J"),),  # a word ending with a backslash: "Doe\\, J"
    ]
    for people in cases:
        assert not reads_back(people, format_names(people))
    cruz = (Person("Cruz", "Juan", "de la", "Jr"), OTHERS)
    assert reads_back(cruz, "de la Cruz, Jr, Juan and others")
