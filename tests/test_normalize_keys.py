"""Citation keys: generated for missing keys, never changed otherwise unless rekey."""

from __future__ import annotations

import pytest

from belharbi_bib.bibtex.reader import parse_string
from belharbi_bib.model import Field, Record
from belharbi_bib.normalize import Options, normalize
from belharbi_bib.normalize.keys import generate_key, is_valid_key, unique_key


def work(key: str, author: str, year: str, title: str, extra: str = "") -> str:
    return (
        f"@article{{{key},\n author = {{{author}}},\n year = {{{year}}},\n"
        f" title = {{{title}}},{extra}\n}}\n"
    )


@pytest.mark.parametrize(
    ("author", "year", "title", "key"),
    [
        ("Belharbi, Soufiane", "2022", "F-CAM: Full Resolution CAM", "belharbi2022fcam"),
        ("Soufiane Belharbi", "2022", "The Deep Way", "belharbi2022deep"),
        ("Ben Ayed, Ismail", "2019", "On the Loss", "benayed2019loss"),
        ("Ludwig van Beethoven", "1800", "Towards a Symphony", "beethoven1800symphony"),
        ("O'Brien, Pat", "2001", "A Study", "obrien2001study"),
        ("Müller-Lüdenscheidt, Hans", "2010", "Über Alles", "mullerludenscheidt2010uber"),
        ("{\\O}stergaard, Kim", "2011", "{\\O}resund bridges", "ostergaard2011oresund"),
        ("{ACME Inc.}", "2020", "Is it? Do it!", "acmeinc2020it"),
        ("李, 雷", "2020", "深度学习 Deep nets", "anon2020deep"),
    ],
)
def test_default_pattern(author: str, year: str, title: str, key: str) -> None:
    record = parse_string(work("x", author, year, title)).records[0]
    assert generate_key(record, "{author}{year}{title}") == key


def test_missing_parts_and_custom_patterns() -> None:
    bare = Record("", "misc", (Field.of("title", "of the"),))
    assert generate_key(bare, "{author}{year}{title}") == "anon"
    assert generate_key(bare, "{title}") == "entry"
    record = parse_string(work("x", "Doe, J.", "2020", "Deep nets")).records[0]
    assert generate_key(record, "{author}:{year}") == "doe:2020"
    assert generate_key(record, "{year}-{title}") == "2020-deep"


@pytest.mark.parametrize(
    ("key", "valid"),
    [
        ("belharbi2022fcam", True),
        ("DBLP:conf/wacv/Belharbi22", True),
        ("a.b-c_d+e", True),
        ("", False),
        ("has space", False),
        ("with,comma", False),
        ("a{b}", False),
        ("per%cent", False),
        ('quo"te', False),
    ],
)
def test_is_valid_key(key: str, valid: bool) -> None:
    assert is_valid_key(key) is valid


def test_unique_key_suffixes() -> None:
    assert unique_key("doe2020deep", set()) == "doe2020deep"
    taken = {"doe2020deep"} | {f"doe2020deep{c}" for c in "abcdefghijklmnopqrstuvwxyz"}
    assert unique_key("Doe2020Deep", taken) == "Doe2020Deepaa"


def test_missing_keys_are_generated_and_no_key_is_changed_without_rekey() -> None:
    text = (
        work("", "Doe, Jane", "2020", "Deep nets")
        + work("bad'key", "Doe, Jane", "2020", "Deep nets")
        + work("doe2020deep", "Roe, Jim", "2021", "Other")
        + work("Keep:Me", "Roe, Jim", "2021", "Other")
    )
    result = normalize(parse_string(text, "a.bib"))
    keys = [r.key for r in result.library.records]
    assert keys == ["doe2020deepa", "bad'key", "doe2020deep", "Keep:Me"]
    reported = {p.code: p for p in result.problems if p.code.endswith("key")}
    assert sorted(reported) == ["norm.invalid-key", "norm.missing-key"]
    invalid = reported["norm.invalid-key"]
    assert (invalid.key, invalid.line, invalid.path) == ("bad'key", 6, "a.bib")
    assert "--rekey" in invalid.message
    key_changes = [(c.key, c.before, c.after) for c in result.changes if c.rule == "keys"]
    assert key_changes == [("", "", "doe2020deepa")]
    assert all(r.get("ids") is None for r in result.library.records)
    again = normalize(result.library)
    assert again.changes == ()
    assert [p.code for p in again.problems if p.code.endswith("key")] == ["norm.invalid-key"]


def test_rekey_replaces_an_unusable_key() -> None:
    text = work("bad key", "Doe, Jane", "2020", "Deep nets") + work("ok", "Roe, Jim", "2021", "X")
    result = normalize(parse_string(text), Options(rekey=True))
    assert [r.key for r in result.library.records] == ["doe2020deep", "roe2021x"]
    assert [p.code for p in result.problems if p.code.endswith("key")] == ["norm.invalid-key"]
    assert result.library.records[1].field("ids") == "ok"


def test_keys_rule_can_be_switched_off() -> None:
    result = normalize(parse_string(work("", "Doe, J.", "2020", "X")), Options(keys=False))
    assert result.library.records[0].key == ""


def test_rekey_moves_old_keys_to_ids_and_updates_crossrefs() -> None:
    text = (
        work("Old1", "Doe, Jane", "2020", "Deep nets", "\n ids = {older}")
        + work("Old2", "Roe, Jim", "2021", "In proceedings", "\n crossref = {old1}")
        + work("doe2020deepa", "Doe, Jane", "2020", "Deep nets again")
    )
    result = normalize(parse_string(text), Options(rekey=True))
    first, second, third = result.library.records
    assert (first.key, first.field("ids")) == ("doe2020deep", "older, Old1")
    assert (second.key, second.field("ids"), second.field("crossref")) == (
        "roe2021proceedings",
        "Old2",
        "doe2020deep",
    )
    assert (third.key, third.get("ids")) == ("doe2020deepa", None)
    again = normalize(result.library, Options(rekey=True))
    assert again.changes == ()


def test_rekey_with_a_macro_ids_keeps_the_key() -> None:
    text = "@string{old = {x}}\n" + work("Old1", "Doe, Jane", "2020", "Deep", "\n ids = old")
    result = normalize(parse_string(text), Options(rekey=True))
    assert result.library.records[0].key == "Old1"


def test_rekey_is_deterministic_and_idempotent() -> None:
    text = "".join(work(f"k{i}", "Doe, Jane", "2020", "Same title") for i in range(4))
    once = normalize(parse_string(text), Options(rekey=True, duplicates=False))
    assert [r.key for r in once.library.records] == [
        "doe2020same",
        "doe2020samea",
        "doe2020sameb",
        "doe2020samec",
    ]
    twice = normalize(once.library, Options(rekey=True, duplicates=False))
    assert twice.changes == ()
