"""The BibTeX and BibLaTeX dialects of ``belharbi_bib.exports``: mapping, options, goldens."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import check_golden
from hypothesis import given, settings
from hypothesis import strategies as st

import belharbi_bib
from belharbi_bib.bibtex.reader import parse_string
from belharbi_bib.exports import export
from belharbi_bib.exports.dialects import (
    BIBLATEX_FIELDS,
    BIBTEX_FIELDS,
    BIBTEX_TYPES,
    bibtex_entry,
)
from belharbi_bib.kinds import kind_of
from belharbi_bib.model import Field, Library, Record, StringDef
from belharbi_bib.normalize import normalize
from belharbi_bib.normalize.titles import protect_title
from belharbi_bib.venues import VenueRegistry

LATEX_DATA = Path(__file__).resolve().parent / "data" / "latex"
GOLDEN = Path(__file__).resolve().parent / "golden" / "export"


@pytest.fixture(scope="module")
def sample() -> Library:
    library = belharbi_bib.load(LATEX_DATA / "sample.bib")
    assert not library.problems
    return library


@pytest.fixture(scope="module")
def sample_venues() -> VenueRegistry:
    return belharbi_bib.load_venues(LATEX_DATA / "venues.toml")


@pytest.fixture(scope="module")
def bundled() -> tuple[Library, VenueRegistry]:
    return belharbi_bib.load(), belharbi_bib.load_venues()


def entries(text: str) -> dict[str, Record]:
    library = parse_string(text, "<export>")
    assert not library.problems, library.problems
    return {record.key: record for record in library}


GOLDEN_CASES: dict[str, dict[str, object]] = {
    "sample.bibtex.bib": {"to": "bibtex"},
    "sample.biblatex.bib": {"to": "biblatex"},
    "sample.strings.bib": {"to": "bibtex", "strings": True},
    "sample.short.bib": {"to": "bibtex", "venue_form": "short"},
    "sample.ascii.bib": {"to": "bibtex", "ascii": True},
    "sample.biblatex-strings-short-ascii.bib": {
        "to": "biblatex",
        "strings": True,
        "venue_form": "short",
        "ascii": True,
    },
    "sample.bare.bib": {"to": "bibtex", "abstract": False, "links": False},
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden(name: str, sample: Library, sample_venues: VenueRegistry) -> None:
    options = GOLDEN_CASES[name]
    text = export(sample, venues=sample_venues, **options)
    check_golden(GOLDEN / name, text)


def test_bibtex_keeps_only_fields_bibtex_styles_understand(
    bundled: tuple[Library, VenueRegistry],
) -> None:
    library, venues = bundled
    exported = entries(export(library, venues=venues))
    assert len(exported) == len(library)
    for record in exported.values():
        assert record.entry_type in BIBTEX_TYPES
        assert {f.name for f in record.fields} <= BIBTEX_FIELDS
        for dropped in ("venueid", "kind", "code", "slides", "ids", "pubstate", "project"):
            assert dropped not in record


def test_biblatex_keeps_only_biblatex_fields(bundled: tuple[Library, VenueRegistry]) -> None:
    library, venues = bundled
    exported = entries(export(library, to="biblatex", venues=venues))
    assert len(exported) == len(library)
    for record in exported.values():
        names = {f.name for f in record.fields}
        assert names <= BIBLATEX_FIELDS
        assert not names & {"journal", "year", "month", "address", "archiveprefix", "school"}
        assert "date" in record


def test_bibtex_types_by_kind(bundled: tuple[Library, VenueRegistry]) -> None:
    library, venues = bundled
    exported = entries(export(library, venues=venues))
    for record in library:
        out = exported[record.key]
        kind = kind_of(record, venues)
        if kind == "preprint":
            assert out.entry_type == "misc"
            assert out.field("archiveprefix") == "arXiv"
            assert out.field("eprint")
            assert out.field("primaryclass")
            assert (out.field("howpublished") or "").startswith("arXiv preprint arXiv:")
        elif kind in ("talk", "tutorial", "poster", "challenge", "patent"):
            assert out.entry_type == "misc"
            assert out.field("howpublished") or out.field("note")
        elif kind == "thesis":
            assert out.entry_type == "phdthesis"
            assert out.field("school")
        elif kind == "journal":
            assert out.entry_type == "article"
            assert out.field("journal")


def test_biblatex_types(bundled: tuple[Library, VenueRegistry]) -> None:
    library, venues = bundled
    exported = entries(export(library, to="biblatex", venues=venues))
    thesis = exported["belharbi2018neural"]
    assert thesis.entry_type == "thesis"
    assert thesis.field("type") == "phdthesis"
    assert thesis.field("institution")
    assert thesis.field("ids") == "sbelharbiphd2018"
    patent = exported["belharbi2024method"]
    assert patent.entry_type == "patent"
    assert patent.field("number") == "US20240211541A1"
    preprint = exported["karimian2026longitudinal"]
    assert preprint.entry_type == "online"
    assert preprint.field("eprinttype") == "arxiv"
    assert preprint.field("eprintclass") == "cs.LG"
    assert preprint.field("date") == "2026-03"
    article = exported["belharbi2025colocam"]
    assert article.field("journaltitle") == "Pattern Recognition"


def test_patent_and_talk_in_bibtex(sample: Library, sample_venues: VenueRegistry) -> None:
    exported = entries(export(sample, venues=sample_venues))
    patent = exported["doe2024patent"]
    assert patent.entry_type == "misc"
    assert patent.field("howpublished") == "US Patent Application US20240211541A1"
    assert patent.field("note") == "Pending"
    talk = exported["doe2017talk"]
    assert (talk.entry_type, talk.field("note")) == ("misc", "Talk")
    forthcoming = exported["doe2026forthcoming"]
    assert forthcoming.field("note") == "To appear"
    assert forthcoming.field("pages") == "10--20"
    assert exported["roe2025journal"].field("pages") == "95--103"
    month = exported["roe2025journal"].get("month")
    assert month is not None
    assert month.raw == "aug"


def test_talk_note_is_not_repeated() -> None:
    record = Record(
        "k", "misc", (Field.of("howpublished", "Talk at a workshop"), Field.of("kind", "talk"))
    )
    assert bibtex_entry(record, "talk").field("note") is None


def test_ascii_output_is_ascii(bundled: tuple[Library, VenueRegistry]) -> None:
    library, venues = bundled
    for to in ("bibtex", "biblatex"):
        text = export(library, to=to, venues=venues, ascii=True)
        assert text.isascii()
        assert r"H{\'e}rault" in text


def test_no_abstract_and_no_links(bundled: tuple[Library, VenueRegistry]) -> None:
    library, venues = bundled
    text = export(library, venues=venues, abstract=False, links=False)
    assert not re.search(r"^\s*(abstract|url|doi) =", text, re.MULTILINE)
    assert re.search(r"^\s*eprint =", text, re.MULTILINE)
    full = export(library, venues=venues)
    assert re.search(r"^\s*abstract =", full, re.MULTILINE)
    assert re.search(r"^\s*doi =", full, re.MULTILINE)


def test_strings_define_each_macro_once(bundled: tuple[Library, VenueRegistry]) -> None:
    library, venues = bundled
    for form in ("full", "short"):
        text = export(library, venues=venues, strings=True, venue_form=form)
        parsed = parse_string(text, "<export>")
        assert not parsed.problems
        names = [b.name.lower() for b in parsed.blocks if isinstance(b, StringDef)]
        assert names
        assert len(names) == len(set(names))
        values = [b.raw for b in parsed.blocks if isinstance(b, StringDef)]
        assert len(values) == len(set(values)), "one definition per distinct venue text"
        for record in parsed:
            for name in ("journal", "booktitle"):
                item = record.get(name)
                if item is not None:
                    assert item.raw.lower() in names, (record.key, item.raw)
        # Expanding the macros gives back the venues of the export without strings.
        plain = entries(export(library, venues=venues, venue_form=form))
        for record in parsed:
            for name in ("journal", "booktitle"):
                assert record.field(name) == plain[record.key].field(name)


def test_short_venues(bundled: tuple[Library, VenueRegistry]) -> None:
    library, venues = bundled
    result = export(library, venues=venues, venue_form="short")
    exported = entries(result.text)
    assert exported["murtaza2025realistic"].field("booktitle") == "Proc. WACV"
    assert exported["guichemerre2024sourcefree"].field("booktitle") == "Proc. CVPRw"
    assert exported["belharbi2025colocam"].field("journal") == "Pattern Recognition"
    assert not [p for p in result.problems if p.code == "export.venue-unknown"]


def test_short_venue_without_registry_keeps_full_name(sample: Library) -> None:
    result = export(sample, venue_form="short")
    codes = {p.code for p in result.problems}
    assert codes == {"export.venue-unknown"}
    assert "Proceedings of the IEEE/CVF Winter Conference" in result.text


def test_order_is_input_order(bundled: tuple[Library, VenueRegistry]) -> None:
    library, venues = bundled
    keys = [m.group(1) for m in re.finditer(r"^@\w+\{([^,]+),", export(library), re.MULTILINE)]
    assert keys == [r.key for r in library]
    reversed_keys = list(reversed(library.records))
    again = export(reversed_keys, venues=venues)
    assert [m.group(1) for m in re.finditer(r"^@\w+\{([^,]+),", again, re.MULTILINE)] == [
        r.key for r in reversed_keys
    ]


def test_deterministic(bundled: tuple[Library, VenueRegistry]) -> None:
    library, venues = bundled
    for to in ("bibtex", "biblatex"):
        first = export(library, to=to, venues=venues, strings=True)
        assert first == export(belharbi_bib.load(), to=to, venues=venues, strings=True)


@pytest.mark.parametrize("to", ["bibtex", "biblatex"])
def test_export_is_idempotent(to: str, bundled: tuple[Library, VenueRegistry]) -> None:
    library, venues = bundled
    once = export(library, to=to, venues=venues)
    assert export(parse_string(once), to=to, venues=venues) == once


def test_csljson_delegates_to_the_renderer(bundled: tuple[Library, VenueRegistry]) -> None:
    pytest.importorskip("belharbi_bib.render.csljson", reason="render.csljson not written yet")
    from belharbi_bib.render.csljson import dumps

    library, venues = bundled
    records = library.records[:3]
    text = export(records, to="csljson", venues=venues)
    assert text == dumps(records, venues)
    assert [item["id"] for item in json.loads(text)] == [r.key for r in records]


def test_misuse_raises() -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export([], to="ris")
    with pytest.raises(ValueError, match="venue form"):
        export([], venue_form="tiny")
    with pytest.raises(ValueError, match="csljson"):
        export([], to="csljson", strings=True)
    assert export([]) == ""


def test_facade_export_is_the_export_function() -> None:
    record = Record("k", "misc", (Field.of("title", "T"),))
    assert belharbi_bib.export is export
    assert belharbi_bib.export([record]) == export([record])


def test_protect_title_keeps_existing_braces() -> None:
    assert protect_title("{CoLo-CAM}: {Class} Activation") == "{CoLo-CAM}: {Class} Activation"
    assert protect_title(r"Caf\'e ROI") == r"Caf\'e {ROI}"


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_export_and_normalize_protect_titles_alike(dialect: str) -> None:
    # Issue 16: normalize protected "{3D}" but not "L2", export protected "L3".
    title = "L2 and L3 losses for 3D ResNet: A survey"
    record = Record("k", "article", (Field.of("title", title), Field.of("journal", "J")))
    normalized = normalize(Library.of([record])).library.records[0].field("title")
    assert normalized == "{L2} and {L3} losses for {3D} {ResNet}: {A} survey"
    exported = export([record], to=dialect)
    assert f"title = {{{normalized}}}" in exported


_WORDS = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -:éÉ"),
    max_size=40,
)


@given(_WORDS)
def test_protect_title_is_idempotent_and_only_adds_braces(title: str) -> None:
    once = protect_title(title)
    assert protect_title(once) == once
    assert once.replace("{", "").replace("}", "") == title


_TYPES = st.sampled_from(
    ["article", "inproceedings", "misc", "online", "patent", "phdthesis", "thesis", "software"]
)
_FIELD_NAMES = st.sampled_from(
    ["title", "journal", "booktitle", "journaltitle", "pages", "month", "year", "date", "note",
     "pubstate", "eprint", "archiveprefix", "kind", "code", "venueid", "ids", "location",
     "school", "institution", "number", "type", "holder", "howpublished", "url", "doi"]
)  # fmt: skip
_VALUES = st.text(alphabet=st.sampled_from("abcXYZ019 -.:/éô"), min_size=1, max_size=20).filter(
    lambda s: s.strip() == s and s.strip()
)


@settings(max_examples=200, deadline=None)
@given(_TYPES, st.dictionaries(_FIELD_NAMES, _VALUES, max_size=10))
def test_any_record_exports_to_readable_idempotent_bib(
    entry_type: str, fields: dict[str, str]
) -> None:
    record = Record("key1", entry_type, tuple(Field.of(k, v) for k, v in fields.items()))
    for to, allowed in (("bibtex", BIBTEX_FIELDS), ("biblatex", BIBLATEX_FIELDS)):
        once = export([record], to=to)
        parsed = parse_string(once)
        assert not parsed.problems
        (out,) = parsed.records
        assert {f.name for f in out.fields} <= allowed
        if to == "bibtex":
            assert out.entry_type in BIBTEX_TYPES
        assert export(parsed, to=to) == once
        ascii_text = export([record], to=to, ascii=True)
        assert ascii_text.isascii()


def test_types_without_a_driver_are_written_as_misc_and_reported() -> None:
    """biblatex has no driver for @chat (a warning, a fallback); BibTeX styles none either."""
    library = parse_string(
        "@chat{c, author = {A}, title = {Hello}}\n"
        "@letter{l, author = {B}, title = {Dear}}\n"
        "@thing{t, author = {C}, title = {T}, entrysubtype = {given}}\n"
    )
    out = export(library, to="biblatex")
    assert "@misc{c,\n" in out
    assert "entrysubtype = {chat}" in out
    assert "@letter{l," in out  # in biblatex's data model: other styles typeset it
    assert "entrysubtype = {given}" in out
    assert "entrysubtype = {thing}" not in out
    assert [(p.code, p.key) for p in out.problems] == [
        ("export.unknown-type", "c"),
        ("export.unknown-type", "t"),
    ]
    assert "written as @misc" in out.problems[0].message
    classic = export(library, to="bibtex")
    assert "@misc{c," in classic
    assert "@misc{l," in classic
    assert {p.key for p in classic.problems if p.code == "export.unknown-type"} == {"c", "l", "t"}
    assert not export(parse_string("@online{o, title = {T}}"), to="bibtex").problems


def test_dates_biber_would_ignore_are_repaired_or_kept_as_text() -> None:
    """biber ignores ``1995-1-04``, ``1996-13-03``, ``1.5.1998`` with a warning: data lost."""
    library = parse_string(
        "@book{a, title = {T}, date = {1995-1-4}}\n"
        "@book{b, title = {T}, date = {1996-13-03}, urldate = {1.5.1998}}\n"
        "@article{c, title = {T}, year = {1995--1996}, month = {14}}\n"
        "@book{d, title = {T}, date = {2003-21}, origdate = {1996-01-01/..}}\n"
    )
    out = export(library, to="biblatex")
    assert "date = {1995-01-04}," in out
    assert "year = {1996-13-03}," in out
    assert "addendum = {urldate 1.5.1998}," in out
    assert "addendum = {month 14}," in out
    assert "date = {2003-21}," in out
    assert "origdate = {1996-01-01/..}," in out
    found = [(p.key, p.severity.name) for p in out.problems if p.code == "export.invalid-date"]
    assert found == [("a", "INFO"), ("b", "WARNING"), ("b", "WARNING"), ("c", "WARNING")]


def test_a_crossref_to_an_ids_alias_names_the_entry_instead_of_being_dropped() -> None:
    library = parse_string(
        "@book{b1, title = {Part}, year = {1999}, crossref = {mvalias}}\n"
        "@mvbook{mv1, ids = {mvalias}, title = {Main}, year = {1999}}\n"
    )
    for dialect in ("bibtex", "biblatex"):
        out = export(library, to=dialect)
        assert "crossref = {mv1}," in out
        assert not [p for p in out.problems if p.code == "export.missing-crossref"]


def test_xdata_keys_naming_no_entry_are_left_out_with_a_warning() -> None:
    library = parse_string(
        "@book{xd1, author = {E}, xdata = {macalias, missingxd}}\n"
        "@xdata{mac, ids = {macalias}, year = {2001}}\n"
    )
    out = export(library, to="biblatex")
    assert "xdata = {mac}," in out
    messages = [p.message for p in out.problems if p.code == "export.missing-crossref"]
    assert messages == ["xdata 'missingxd' names no exported entry; left out"]
    assert "year = {2001}," in export(library, to="bibtex")
