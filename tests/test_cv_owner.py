"""The CV owner: name matching across variants, aliases, and author-list truncation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from belharbi_bib.curriculum.owner import GAP, Owner, shorten_authors
from belharbi_bib.model import Person
from belharbi_bib.names import OTHERS, parse_names


def person(name: str) -> Person:
    return parse_names(name)[0]


@pytest.mark.parametrize(
    "spelling",
    [
        "Soufiane Belharbi",
        "Belharbi, Soufiane",
        "Belharbi, S.",
        "S. Belharbi",
        "S Belharbi",
        "Belharbi",
        "BELHARBI, SOUFIANE",
        "{Belharbi}, Soufiane",
        "Soufiane A. Belharbi",
    ],
)
def test_owner_matches_variants(spelling: str) -> None:
    assert Owner("Soufiane Belharbi").matches(person(spelling))


@pytest.mark.parametrize(
    "spelling", ["Belharbi, Ahmed", "A. Belharbi", "Soufiane Belarbi", "Sofiane Belharbi", "Doe"]
)
def test_owner_rejects_other_people(spelling: str) -> None:
    assert not Owner("Soufiane Belharbi").matches(person(spelling))


@pytest.mark.parametrize(
    ("owner", "spelling"),
    [
        ("Manuela González-González", "Gonzalez-Gonzalez, Manuela"),
        ("Manuela González-González", "M. Gonzalez Gonzalez"),
        ("Manuela González-González", r"Gonz{\'a}lez-Gonz{\'a}lez, M."),
        ("Manuela González-González", "Manuela Gonzalez Gonzalez"),
        ("Ismail Ben Ayed", "Ben Ayed, Ismail"),
        ("Ismail Ben Ayed", "I. Ben-Ayed"),
        ("Ben Ayed, Ismail", "Ismail Ben Ayed"),
        ("Jean-Pierre Hérault", "J.-P. Herault"),
        ("Jean-Pierre Hérault", "J. P. H{\\'e}rault"),
        ("Jean-Pierre Hérault", "Jean Pierre Hérault"),
        ("Ludwig van Beethoven", "van Beethoven, L."),
    ],
)
def test_owner_matches_accents_hyphens_particles(owner: str, spelling: str) -> None:
    assert Owner(owner).matches(person(spelling))


@pytest.mark.parametrize(
    ("owner", "spelling"),
    [
        ("Jean-Pierre Hérault", "Pierre Herault"),
        ("Ismail Ben Ayed", "B. Ayed"),
        ("Manuela González-González", "Manuela Gonzalez"),
    ],
)
def test_owner_does_not_overmatch(owner: str, spelling: str) -> None:
    assert not Owner(owner).matches(person(spelling))


def test_aliases_add_spellings() -> None:
    owner = Owner("Soufiane Belharbi", ("Sofiane Belharbi", "S. Bel-Harbi"))
    assert owner.matches(person("Sofiane Belharbi"))
    assert owner.matches(person("Bel Harbi, Soufiane"))
    assert not owner.matches(person("Sofia Belharbi"))


def test_display_is_reading_order_unicode() -> None:
    assert Owner(r"H{\'e}rault, Romain").display() == "Romain Hérault"


PEOPLE = [Person(name) for name in "ABCDEFGH"]


def names(people: tuple[Person, ...]) -> list[str]:
    return [p.last for p in people]


def test_no_limit_keeps_everyone() -> None:
    shown = shorten_authors(PEOPLE, Owner("E"))
    assert names(shown.people) == list("ABCDEFGH")
    assert shown.owner_flags == (False, False, False, False, True, False, False, False)
    assert not shown.et_al


def test_limit_cuts_with_et_al_when_owner_is_early() -> None:
    shown = shorten_authors(PEOPLE, Owner("B"), 3)
    assert names(shown.people) == ["A", "B", "C"]
    assert shown.et_al


def test_limit_never_hides_a_late_owner() -> None:
    shown = shorten_authors(PEOPLE, Owner("G"), 3)
    assert names(shown.people) == ["A", "B", "…", "G"]
    assert shown.people[2] == GAP
    assert shown.owner_flags == (False, False, False, True)
    assert shown.et_al


def test_last_owner_gets_no_et_al() -> None:
    shown = shorten_authors(PEOPLE, Owner("H"), 2)
    assert names(shown.people) == ["A", "…", "H"]
    assert not shown.et_al


def test_and_others_in_the_data_is_et_al() -> None:
    shown = shorten_authors([Person("Belharbi", "Soufiane"), OTHERS], Owner())
    assert names(shown.people) == ["Belharbi"]
    assert shown.et_al


@given(
    count=st.integers(min_value=1, max_value=30),
    owner_at=st.integers(min_value=0, max_value=29),
    limit=st.integers(min_value=1, max_value=10),
)
def test_truncation_properties(count: int, owner_at: int, limit: int) -> None:
    owner_at = owner_at % count
    people = [Person(f"Author{i}", "X") for i in range(count)]
    people[owner_at] = Person("Belharbi", "Soufiane")
    shown = shorten_authors(people, Owner(), limit)
    # The owner is always shown, exactly once, and flagged.
    assert sum(shown.owner_flags) == 1
    assert shown.people[shown.owner_flags.index(True)] == people[owner_at]
    real = [p for p in shown.people if p != GAP]
    # At most `limit` people besides a late owner; order is kept; the first author is kept.
    assert len(real) <= max(limit, 2)
    assert real[0] == people[0]
    assert [people.index(p) for p in real] == sorted(people.index(p) for p in real)
    # "et al." exactly when someone after the last person shown was left out.
    assert shown.et_al == (people.index(real[-1]) < count - 1)
