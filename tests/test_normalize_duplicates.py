"""Duplicates: found by DOI, arXiv id, or title + first author + year; merged only on request."""

from __future__ import annotations

import pytest

from belharbi_bib import database
from belharbi_bib.bibtex.reader import parse_string, read
from belharbi_bib.bibtex.writer import write
from belharbi_bib.normalize import Options, duplicates, normalize
from belharbi_bib.structs import replace

A = """@article{a, author = {Doe, Jane}, title = {Deep Nets}, year = {2020},
  doi = {10.1000/XYZ}, journal = {J}}
"""
B_SAME_DOI = """@article{b, author = {Doe, J.}, title = {Something else}, year = {2021},
  doi = {https://doi.org/10.1000/xyz}, pages = {1--5}}
"""
C_SAME_TITLE = """@article{c, author = {Jane Doe}, title = {Deep {N}ets}, year = {2020},
  volume = {3}, owner = {me}}
"""
D_SAME_ARXIV = """@misc{d, eprint = {2201.02445}, title = {Preprint}}
@misc{e, url = {https://arxiv.org/abs/2201.02445v2}, title = {Preprint}, note = {v2}}
"""


def codes(text: str, options: Options | None = None) -> list[str]:
    return [p.code for p in normalize(parse_string(text), options).problems]


def test_duplicates_are_reported_by_doi_title_and_arxiv() -> None:
    result = normalize(parse_string(A + B_SAME_DOI + C_SAME_TITLE + D_SAME_ARXIV))
    found = [(p.key, p.message) for p in result.problems if p.code == "norm.duplicate"]
    assert [key for key, _ in found] == ["b", "c", "e"]
    assert "same DOI" in found[0][1]
    assert "same title" in found[1][1]
    assert "same arXiv id" in found[2][1]
    assert len(result.library.records) == 5


def test_recurring_titles_with_different_issues_are_not_duplicates() -> None:
    text = (
        "@article{x1, author = {Beeton, B.}, title = {Editorial}, year = {1990}, number = {1}}\n"
        "@article{x2, author = {Beeton, B.}, title = {Editorial}, year = {1990}, number = {2}}\n"
        "@article{x3, author = {Beeton, B.}, title = {Editorial}, year = {1991}}\n"
    )
    assert codes(text) == []


def test_duplicates_option_switches_reports_off() -> None:
    assert codes(A + B_SAME_DOI, Options(duplicates=False)) == []


def test_merge_adds_missing_fields_and_old_key_to_ids() -> None:
    result = normalize(parse_string(A + C_SAME_TITLE), Options(merge=True))
    (merged,) = result.library.records
    assert merged.key == "a"
    assert merged.field("volume") == "3"
    assert merged.field("owner") == "me"
    assert merged.field("ids") == "c"
    removed = [c for c in result.changes if c.rule == "merge" and c.field is None]
    assert [(c.key, c.after) for c in removed] == [("c", "a")]
    assert removed[0].before is not None
    assert "volume = {3}" in removed[0].before


def test_merge_never_drops_conflicting_values() -> None:
    result = normalize(parse_string(A + B_SAME_DOI), Options(merge=True))
    assert [r.key for r in result.library.records] == ["a", "b"]
    conflict = [p for p in result.problems if p.code == "norm.duplicate-conflict"]
    assert conflict
    assert "title" in conflict[0].message
    assert "year" in conflict[0].message


def test_merge_retargets_crossrefs_and_is_idempotent() -> None:
    text = D_SAME_ARXIV + "@inproceedings{f, title = {Part}, crossref = {e}}\n"
    result = normalize(parse_string(text), Options(merge=True))
    keys = [r.key for r in result.library.records]
    assert keys == ["d", "f"]
    assert result.library.records[0].field("note") == "v2"
    assert result.library.records[0].field("ids") == "e"
    assert result.library.records[1].field("crossref") == "d"
    again = normalize(result.library, Options(merge=True))
    assert again.changes == ()


def test_merge_keeps_blocks_around_in_place() -> None:
    text = "% head\n" + A + "% between\n" + C_SAME_TITLE + "% tail\n"
    result = normalize(parse_string(text), Options(merge=True))
    kinds = [type(b).__name__ for b in result.library.blocks]
    assert kinds == ["Comment", "Record", "Comment", "Comment"]


ZOTERO_A = """@article{a,
  title = {Deep Learning},
  author = {Doe, Jane},
  journal = {J},
  year = {2020},
  doi = {10.1000/xyz},
  urldate = {2021-03-04},
  file = {Doe2020.pdf},
  keywords = {deep, learning},
}
"""
ZOTERO_B = """@article{b,
  title = {Deep Learning},
  author = {Doe, Jane},
  journal = {J},
  year = {2020},
  doi = {10.1000/XYZ},
  urldate = {2022-05-06},
  file = {Doe2020-accepted.pdf},
  keywords = {learning, vision},
}
"""


def test_volatile_fields_never_block_a_merge() -> None:
    # Issue 16: --merge refused true duplicates because Zotero's urldate differed.
    result = normalize(parse_string(ZOTERO_A + ZOTERO_B), Options(merge=True))
    (merged,) = result.library.records
    assert merged.field("urldate") == "2021-03-04"
    assert merged.field("file") == "Doe2020.pdf;Doe2020-accepted.pdf"
    assert merged.field("keywords") == "deep, learning, vision"
    dropped = [p for p in result.problems if p.code == "norm.merge-dropped"]
    assert len(dropped) == 1
    assert "'2021-03-04' (a) vs '2022-05-06' (b)" in dropped[0].message


def test_conflicts_are_shown_side_by_side() -> None:
    other = ZOTERO_B.replace("{2020}", "{2021}")
    result = normalize(parse_string(ZOTERO_A + other), Options(merge=True))
    assert len(result.library.records) == 2
    (conflict,) = [p for p in result.problems if p.code == "norm.duplicate-conflict"]
    assert "year: '2020' (a) vs '2021' (b)" in conflict.message


def test_signatures_sharing_a_hash_find_the_same_duplicates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    library = read(database.bib_path())
    text = write(library)
    again = "".join(
        write([replace(record, key=record.key + "x")]) + "\n" for record in library.records
    )
    records = parse_string(text + "\n" + again + "\n" + again).records
    expected = duplicates.find_duplicates(records)
    assert len(expected) >= len(library.records)
    monkeypatch.setattr(duplicates, "_key", lambda sig: len(sig[0]))  # few keys, many clashes
    assert duplicates.find_duplicates(records) == expected
