"""Exporting other people's files: nothing a style reads is lost, nothing LaTeX chokes on is made.

Each test is one observation of issue 16 (it failed before the fix).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from belharbi_bib.bibtex.reader import parse_string
from belharbi_bib.cli import main
from belharbi_bib.exports import export
from belharbi_bib.exports.structure import preambles_of
from belharbi_bib.model import Field, Record

NOOPSORT = r"""@preamble{ "\newcommand{\noopsort}[1]{} " }

@book{knuth,
  author = {Knuth, Donald E.},
  title = {Seminumerical Algorithms},
  publisher = {Addison-Wesley},
  year = {{\noopsort{1973c}}1981},
  key = {Knuth},
  sortkey = {Knuth1981},
}
"""

CROSSREF = """@proceedings{conf,
  editor = {Roe, Richard},
  title = {Proceedings of the Conference},
  booktitle = {Proceedings of the Conference},
  publisher = {ACM},
  year = {2020},
}

@inproceedings{paper,
  author = {Doe, Jane},
  title = {A Paper},
  crossref = {conf},
  pages = {1--5},
}
"""


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_preamble_is_kept_once(dialect: str) -> None:
    library = parse_string(NOOPSORT)
    text = export(library, to=dialect)
    assert text.count("@preamble") == 1
    assert text.startswith("@preamble{{\\newcommand{\\noopsort}[1]{} }}")
    texts = preambles_of([library, parse_string(NOOPSORT)])
    assert len(texts) == 1
    twice = export(library.records, to=dialect, preambles=[*texts, *texts])
    assert twice.count("@preamble") == 1


def test_key_and_sortkey_are_kept_for_bibtex() -> None:
    text = export(parse_string(NOOPSORT), to="bibtex")
    assert "key = {Knuth}," in text
    assert "sortkey = {Knuth1981}," in text


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_crossref_is_kept_and_the_parent_comes_after(dialect: str) -> None:
    text = export(parse_string(CROSSREF), to=dialect)
    assert "crossref = {conf}," in text
    assert text.index("{paper,") < text.index("{conf,")


def test_selecting_a_child_brings_its_parent(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(CROSSREF, encoding="utf-8")
    out = tmp_path / "out.bib"
    assert main(["export", "--bib", str(bib), "--keys", "paper", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.index("@inproceedings{paper,") < text.index("@proceedings{conf,")


def test_xdata_is_inlined_for_bibtex_and_kept_for_biblatex() -> None:
    text = """@xdata{acm, publisher = {ACM}, location = {New York}}
@book{b, title = {B}, xdata = {acm}, year = {2020}}
"""
    bibtex = export(parse_string(text), to="bibtex")
    assert "@xdata" not in bibtex
    assert "publisher = {ACM}," in bibtex
    assert "xdata" not in bibtex
    biblatex = export(parse_string(text), to="biblatex")
    assert "@xdata{acm," in biblatex
    assert "xdata = {acm}," in biblatex


def test_biblatex_writes_precomposed_accents() -> None:
    # biber decomposed Mart{\'{\i}}n into ı + U+0301, which pdflatex+inputenc rejects.
    record = Record(
        "k", "article", (Field.of("author", "Mart{\\'{\\i}}n, Jos{\\'e}"), Field.of("title", "T"))
    )
    text = export([record], to="biblatex")
    assert "author = {Mart{í}n, Jos{é}}," in text
    assert "\u0301" not in unicodedata.normalize("NFC", text)
    decomposed = Record("k", "misc", (Field.of("title", "Cafe\u0301"),))
    assert "Café" in export([decomposed], to="biblatex")


def test_strings_never_invent_macros_for_unknown_venues() -> None:
    # --strings on user files invented macros named a, i, irichrh5.
    text = """@article{a, title = {T}, journal = {a Journal}, year = {2020}}
@inproceedings{b, title = {U}, booktitle = {International Reading In Context}, year = {2021}}
"""
    exported = export(parse_string(text), strings=True)
    assert "@string" not in exported
    assert "journal = {a Journal}," in exported


def test_unbalanced_braces_are_refused_not_written() -> None:
    record = Record(
        "k", "misc", (Field.of("title", "Broken { title"), Field.of("year", "2020")), line=7
    )
    result = export([record, Record("j", "misc", (Field.of("title", "Fine"),))])
    (problem,) = result.problems
    assert (problem.code, problem.severity.value, problem.line) == (
        "export.unbalanced-braces",
        "error",
        7,
    )
    again = parse_string(result.text)
    assert not again.problems
    assert [r.key for r in again.records] == ["k", "j"]
    assert again.records[0].get("title") is None


def test_a_crossref_to_a_missing_entry_is_left_out_and_reported() -> None:
    text = "@inproceedings{c, title = {T}, crossref = {nowhere}, year = {2020}}\n"
    result = export(parse_string(text))
    assert "crossref" not in result.text
    assert [p.code for p in result.problems] == ["export.missing-crossref"]


def test_undefined_macros_stay_references() -> None:
    # IRIDIA's crossref.bib uses macros of its abbrev.bib: exported alone, the macro name
    # (Proc_of) was printed as text, with '_' breaking pdflatex.
    text = '@string{aaai = "AAAI"}\n@misc{k, title = {T}, booktitle = Proc_of # aaai # " 97"}\n'
    exported = export(parse_string(text))
    assert "booktitle = Proc_of # {AAAI} # { 97}," in exported


def test_a_lone_undefined_macro_stays_a_reference() -> None:
    exported = export(parse_string("@book{k, title = {T}, editor = Gent_IP, year = 2020}\n"))
    assert "editor = Gent_IP," in exported


MAKEATLETTER = r"""@preamble{" \makeatletter
\@ifundefined{bibcyr}{\newcommand{\bibcyr}[1]{#1}}{} \makeatother "}
@misc{k, title = {T}}
"""


def test_biblatex_preamble_with_makeatletter_is_reread_with_letter_at() -> None:
    # biblatex read \@ifundefined as \@ + text inside \preamble{...}: errors cascaded.
    biblatex = export(parse_string(MAKEATLETTER), to="biblatex")
    assert biblatex.startswith("@preamble{{\\scantokens{\\makeatletter\\gdef\\BibExportPreamble{")
    assert "\\@ifundefined{bibcyr}" in biblatex
    assert biblatex.count("\\BibExportPreamble") == 2
    bibtex = export(parse_string(MAKEATLETTER), to="bibtex")
    assert "scantokens" not in bibtex  # BibTeX's .bbl reads it piece by piece already
    plain = export(parse_string(NOOPSORT), to="biblatex")
    assert "scantokens" not in plain


KEYS = """@article{,
  author = {Cai, Mingshui}, title = {Transactional Theory}, journal = {J}, year = {2008}}
@article{,
  author = {Cai, Mingshui}, title = {Transactional Theory}, journal = {J}, year = {2008}}
@book{O'Hara_1999, author = {O'Hara, P.}, title = {B}, year = {1999}}
@inbook{child, title = {C}, crossref = {O'Hara_1999}, pages = {1--2}}
@misc{OHara_1999, title = {Taken already}}
"""


def test_entries_without_keys_get_one_in_both_dialects() -> None:
    # biber stopped reading a Mendeley export at "@article{," and typeset nothing.
    for dialect in ("bibtex", "biblatex"):
        result = export(parse_string(KEYS), to=dialect)
        again = parse_string(result.text)
        keys = [r.key for r in again.records]
        assert keys[:2] == ["cai2008transactional", "cai2008transactionala"], dialect
        missing = [p for p in result.problems if p.code == "export.missing-key"]
        assert [p.line for p in missing] == [1, 3]


def test_biblatex_rewrites_keys_biber_cannot_parse_keeping_the_old_one_in_ids() -> None:
    # biber stopped at "@article{Dobrovol'skii_1963," (a JabRef file): 0 entries typeset.
    result = export(parse_string(KEYS), to="biblatex")
    again = {r.key: r for r in parse_string(result.text).records}
    renamed = again["OHara_1999a"]
    assert renamed.field("ids") == "O'Hara_1999"
    assert again["child"].field("crossref") == "OHara_1999a"
    assert "export.biber-key" in [p.code for p in result.problems]
    bibtex = export(parse_string(KEYS), to="bibtex")
    assert "@book{O'Hara_1999," in bibtex  # BibTeX reads it: the user's \cite keeps working
    assert "crossref = {O'Hara_1999}," in bibtex


def test_bare_underscores_are_escaped_outside_math_and_code() -> None:
    # Mendeley notes "ID: 01UA_ALMA21..." gave "Missing $ inserted" hundreds of times.
    text = (
        "@misc{k, title = {Loss $L_2$ for x_y}, note = {ID: TN_sage},"
        " keywords = {a_b}, url = {http://x.org/a_b}, ids = {k_old}}\n"
    )
    for dialect in ("bibtex", "biblatex"):
        exported = export(parse_string(text), to=dialect)
        assert "$L_2$ for x\\_y}" in exported
        assert "note = {ID: TN\\_sage}," in exported
        assert "url = {http://x.org/a_b}," in exported
    biblatex = export(parse_string(text), to="biblatex")
    assert "keywords = {a_b}," in biblatex
    assert "ids = {k_old}," in biblatex


@pytest.mark.parametrize(
    ("month", "date"),
    [
        ("Summer", "1990-22"),
        ("{January 21}", "1990-01-21"),
        ("{September/October}", "1990-09/1990-10"),
        ("{July ~18--22}", "1990-07-18/1990-07-22"),
        ("jun", "1990-06"),
    ],
)
def test_biblatex_reads_seasons_days_and_ranges_as_dates(month: str, date: str) -> None:
    # biblatex warned "Month out of range or not an integer" for month = {Summer}.
    text = f"@article{{k, title = {{T}}, journal = {{J}}, year = 1990, month = {month}}}\n"
    exported = export(parse_string(text), to="biblatex")
    assert f"date = {{{date}}}," in exported
    assert "month" not in exported


def test_biblatex_keeps_a_month_it_cannot_read() -> None:
    text = "@article{k, title = {T}, journal = {J}, year = 1990, month = {Special issue}}\n"
    exported = export(parse_string(text), to="biblatex")
    assert "month = {Special issue}," in exported
    assert "year = {1990}," in exported


def test_characters_inputenc_cannot_typeset_are_written_as_their_look_alikes() -> None:
    # "The actorʼs view" (U+02BC) was a pdflatex error in both dialects.
    text = "@misc{k, title = {The actorʼs view}, note = {5\u202fkm}, url = {http://x.org/ʼ}}\n"
    for dialect in ("bibtex", "biblatex"):
        exported = export(parse_string(text), to=dialect)
        assert "title = {The actor’s view}," in exported
        assert "note = {5\\,km}," in exported
        assert "url = {http://x.org/ʼ}," in exported
