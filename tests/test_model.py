"""The model: records and their typed views, people, and libraries."""

from __future__ import annotations

import pytest

from belharbi_bib.bibtex.reader import parse_string
from belharbi_bib.errors import UnknownKeyError
from belharbi_bib.identifiers import ArxivId
from belharbi_bib.model import (
    Comment,
    Field,
    Library,
    Link,
    Person,
    Preamble,
    Record,
    StringDef,
)
from belharbi_bib.names import OTHERS
from belharbi_bib.problems import Problem


def record(*fields: tuple[str, str], key: str = "k", entry_type: str = "misc") -> Record:
    return Record(key, entry_type, tuple(Field.of(name, text) for name, text in fields))


# --- Library: keys ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [("smith2020", "smith2020"), ("smith2020", "Smith2020"), ("ÉCOLE", "école")],
    ids=["same", "case", "non-ascii-case"],
)
def test_library_keeps_duplicate_keys_and_finds_the_first(first: str, second: str) -> None:
    one, two = Record(first, "misc"), Record(second, "book")
    library = Library((one, Comment("between"), two))
    assert list(library) == [one, two]
    assert library[second] is one
    assert library.get(first) is one
    assert second in library


def test_library_allows_several_empty_keys() -> None:
    library = Library.of([Record("", "misc"), Record("", "book")])
    assert len(library) == 2


@pytest.mark.parametrize(
    "key", ["Smith2020", "smith2020", "SMITH2020"], ids=["as-is", "lower", "upper"]
)
def test_library_lookup_ignores_case(key: str) -> None:
    wanted = Record("Smith2020", "article")
    library = Library.of([Record("other", "misc"), wanted])
    assert library[key] is wanted
    assert library.get(key) is wanted
    assert key in library


def test_library_unknown_key() -> None:
    library = Library.of([Record("a", "misc")])
    assert library.get("b") is None
    assert "b" not in library
    assert 1 not in library
    with pytest.raises(UnknownKeyError) as info:
        library["b"]
    assert isinstance(info.value, KeyError)
    assert str(info.value) == "no entry with key 'b'"


def test_library_iterates_records_only() -> None:
    a, b = Record("a", "misc"), Record("b", "misc")
    library = Library((StringDef("x", "{X}"), a, Comment("c"), Preamble("{p}"), b))
    assert list(library) == [a, b]
    assert len(library) == 2
    assert library.records == (a, b)


def test_library_strings_expand_in_order_and_later_wins() -> None:
    library = Library(
        (
            StringDef("First", "{A}"),
            StringDef("both", 'first # " and " # second'),
            StringDef("second", "{B}"),
            StringDef("FIRST", "{Z}"),
        )
    )
    strings = library.strings
    assert strings["first"] == "Z"
    assert strings["both"] == "A and second"
    assert strings["jan"] == "January"


# --- Library: replace_records ---------------------------------------------------------------


BLOCKS = (
    StringDef("x", "{X}"),
    Record("a", "misc"),
    Comment("between"),
    Record("b", "misc"),
    Preamble('"p"'),
)


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        (["A2", "B2"], ["string", "A2", "comment", "B2", "preamble"]),
        (["A2"], ["string", "A2", "comment", "preamble"]),
        (["A2", "B2", "C2"], ["string", "A2", "comment", "B2", "preamble", "C2"]),
        ([], ["string", "comment", "preamble"]),
    ],
    ids=["same-count", "fewer", "more", "none"],
)
def test_replace_records_keeps_other_blocks_in_place(new: list[str], expected: list[str]) -> None:
    problem = Problem("bib.syntax", "x")
    library = Library(BLOCKS, (problem,), "lib.bib")
    replaced = library.replace_records(Record(key, "misc") for key in new)
    names = {StringDef: "string", Comment: "comment", Preamble: "preamble"}
    shown = [b.key if isinstance(b, Record) else names[type(b)] for b in replaced.blocks]
    assert shown == expected
    assert replaced.blocks[0] is BLOCKS[0]
    assert (replaced.problems, replaced.path) == ((problem,), "lib.bib")


def test_replace_records_keeps_duplicates() -> None:
    first, second = Record("a", "misc"), Record("A", "book")
    replaced = Library(BLOCKS).replace_records([first, second])
    assert [r.key for r in replaced] == ["a", "A"]
    assert replaced["A"] is first


def test_with_problems_appends() -> None:
    first, second = Problem("a", "x"), Problem("b", "y")
    library = Library((), (first,)).with_problems([second])
    assert library.problems == (first, second)


# --- Record: fields --------------------------------------------------------------------------


SOURCE = """\
@string{ieee = "IEEE Trans."}
@string{pami = ieee # { PAMI}}

@Article{Key1,
  Journal = pami,
  month = jan # "~1",
  NOTE = nobody,
  title = "On {T}he Road",
  pages = 12,
}
"""


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("journal", "IEEE Trans. PAMI"),
        ("JOURNAL", "IEEE Trans. PAMI"),
        ("month", "January~1"),
        ("note", "nobody"),
        ("title", "On {T}he Road"),
        ("pages", "12"),
        ("volume", None),
    ],
    ids=[
        "nested-macros",
        "case-insensitive",
        "month-concat",
        "undefined",
        "quoted",
        "number",
        "absent",
    ],
)
def test_record_field_expands_macros(name: str, expected: str | None) -> None:
    library = parse_string(SOURCE)
    assert library["key1"].field(name) == expected


def test_record_field_default_and_contains() -> None:
    item = record(("title", "T"))
    assert item.field("year", "n.d.") == "n.d."
    assert "TITLE" in item
    assert "year" not in item
    assert 3 not in item


def test_field_value_without_expansion() -> None:
    assert Field("journal", "pami").value == "pami"
    assert Field("journal", "pami", text="PAMI").value == "PAMI"
    assert Field("title", '"A {B}"').value == "A {B}"
    assert Field.of("Title", "x").name == "title"


def test_with_field_replaces_in_place_keeping_line() -> None:
    item = Record("k", "misc", (Field("title", "{a}", 3), Field("year", "2020", 4)))
    changed = item.with_field("TITLE", "b")
    assert changed.fields == (Field("title", "{b}", 3), Field("year", "2020", 4))
    assert item.field("title") == "a"


def test_with_raw_appends_and_without_removes() -> None:
    item = record(("title", "a")).with_raw("month", "jan")
    assert [f.name for f in item.fields] == ["title", "month"]
    assert item.get("month") == Field("month", "jan")
    assert item.without("TITLE", "absent").fields == (Field("month", "jan"),)


# --- Record: typed views ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "year"),
    [
        ((("year", "2020"),), 2020),
        ((("year", " 2019 "),), 2019),
        ((("date", "2018-05-01"),), 2018),
        ((("year", "2021"), ("date", "2018")), 2021),
        ((("year", "n.d."),), None),
        ((("year", "20"),), None),
        ((), None),
    ],
    ids=["year", "spaces", "date", "year-wins", "not-a-year", "short", "absent"],
)
def test_record_year(fields: tuple[tuple[str, str], ...], year: int | None) -> None:
    assert record(*fields).year == year


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ((("eprint", "2109.07069"),), ArxivId("2109.07069")),
        (
            (
                ("eprint", "arXiv:2109.07069v2"),
                ("archiveprefix", "arXiv"),
                ("primaryclass", "cs.CV"),
            ),
            ArxivId("2109.07069", 2, "cs.CV"),
        ),
        ((("eprint", "math/0601001"), ("eprinttype", "arxiv")), ArxivId("math/0601001")),
        (
            (("eprint", "2109.07069"), ("eprintclass", " cs.LG ")),
            ArxivId("2109.07069", None, "cs.LG"),
        ),
        ((("eprint", "12345"), ("archiveprefix", "arXiv")), None),
        ((("eprint", "2109.07069"), ("eprinttype", "hal")), None),
        ((), None),
    ],
    ids=[
        "bare",
        "versioned-with-class",
        "old-style",
        "eprintclass",
        "invalid",
        "other-archive",
        "absent",
    ],
)
def test_record_arxiv(fields: tuple[tuple[str, str], ...], expected: ArxivId | None) -> None:
    assert record(*fields).arxiv == expected


@pytest.mark.parametrize(
    ("doi", "expected"),
    [
        ("10.1109/TMI.2021.3123461", "10.1109/TMI.2021.3123461"),
        ("https://doi.org/10.1016/J.PATCOG.2024.111358 ", "10.1016/J.PATCOG.2024.111358"),
        ("http://dx.doi.org/10.1/x", "10.1/x"),
        ("doi: 10.1/x", "10.1/x"),
        ("", None),
    ],
    ids=["bare", "https-resolver", "dx-resolver", "doi-prefix", "empty"],
)
def test_record_doi(doi: str, expected: str | None) -> None:
    assert record(("doi", doi)).doi == expected


def test_record_doi_absent() -> None:
    assert record().doi is None


def test_record_links_url_first_then_in_field_order() -> None:
    item = record(
        ("code", "https://c1 "),
        ("title", "T"),
        ("slides", "https://s"),
        ("code2", "https://c2"),
        ("url", " https://u"),
        ("unknown", "https://x"),
    )
    assert item.links == (
        Link("Link", "https://u"),
        Link("Code", "https://c1"),
        Link("Slides", "https://s"),
        Link("Code 2", "https://c2"),
    )


def test_record_venue_views() -> None:
    item = record(("booktitle", "Proc. WACV"), ("venueid", " wacv "))
    assert (item.venue_name, item.venue_id) == ("Proc. WACV", "wacv")
    assert record(("journal", "J"), ("booktitle", "B")).venue_name == "J"
    assert (record().venue_name, record().venue_id) == (None, None)


@pytest.mark.parametrize(
    ("author", "people"),
    [
        ("Soufiane Belharbi", (Person("Belharbi", "Soufiane"),)),
        ("Ben Ayed, Ismail", (Person("Ben Ayed", "Ismail"),)),
        ("Ludwig van Beethoven", (Person("Beethoven", "Ludwig", "van"),)),
        ("de la Fontaine, Jean", (Person("Fontaine", "Jean", "de la"),)),
        ("Ford, Jr., Henry", (Person("Ford", "Henry", "", "Jr."),)),
        ("{ACME Inc.}", (Person("{ACME Inc.}"),)),
        ("{Barnes and Noble} and Plato", (Person("{Barnes and Noble}"), Person("Plato"))),
        (
            "A. Smith and\n  B. Jones and others",
            (Person("Smith", "A."), Person("Jones", "B."), OTHERS),
        ),
        ('{\\"O}zt{\\"u}rk, Ay{\\c{s}}e', (Person('{\\"O}zt{\\"u}rk', "Ay{\\c{s}}e"),)),
    ],
    ids=[
        "first-last",
        "last-first",
        "von",
        "von-multi",
        "jr",
        "corporate",
        "corporate-and",
        "list",
        "accents",
    ],
)
def test_record_authors(author: str, people: tuple[Person, ...]) -> None:
    assert record(("author", author)).authors == people


def test_record_people_roles() -> None:
    item = record(("editor", "Jane Doe"))
    assert item.editors == (Person("Doe", "Jane"),)
    assert item.authors == ()


def test_record_authors_from_macro() -> None:
    library = parse_string(
        '@string{me = "Belharbi, Soufiane"}\n@misc{k, author = me # " and Doe, J."}'
    )
    assert library["k"].authors == (Person("Belharbi", "Soufiane"), Person("Doe", "J."))


def test_record_title() -> None:
    assert record(("title", "Deep {CAM}")).title == "Deep {CAM}"
    assert record().title == ""


# --- Person ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "bibtex", "display"),
    [
        (Person("Belharbi", "Soufiane"), "Belharbi, Soufiane", "Soufiane Belharbi"),
        (Person("Beethoven", "Ludwig", "van"), "van Beethoven, Ludwig", "Ludwig van Beethoven"),
        (Person("Ford", "Henry", "", "Jr."), "Ford, Jr., Henry", "Henry Ford, Jr."),
        (
            Person("Fontaine", "Jean", "de la", "III"),
            "de la Fontaine, III, Jean",
            "Jean de la Fontaine, III",
        ),
        (Person("{ACME Inc.}"), "{ACME Inc.}", "{ACME Inc.}"),
        (Person("Plato"), "Plato", "Plato"),
    ],
    ids=["plain", "von", "jr", "von-jr", "corporate", "mononym"],
)
def test_person_bibtex_and_display(person: Person, bibtex: str, display: str) -> None:
    assert (person.bibtex(), person.display()) == (bibtex, display)


@pytest.mark.parametrize(
    "person",
    [
        Person("Belharbi", "Soufiane"),
        Person("Beethoven", "Ludwig", "van"),
        Person("Ford", "Henry", "", "Jr."),
    ],
    ids=["plain", "von", "jr"],
)
def test_person_bibtex_parses_back(person: Person) -> None:
    assert record(("author", person.bibtex())).authors == (person,)
