"""Cited keys from LaTeX projects: ``.aux`` and ``.tex`` parsing, inputs, alias resolution."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import belharbi_bib
from belharbi_bib.errors import ReadError
from belharbi_bib.exports.citations import (
    Citation,
    parse_aux,
    parse_tex,
    read_aux,
    read_tex,
    resolve,
    strip_comments,
)
from belharbi_bib.model import Field, Record
from belharbi_bib.problems import Severity

LATEX_DATA = Path(__file__).resolve().parent / "data" / "latex"

PAPER_KEYS = [
    "belharbi2022fcam",
    "murtaza2022constrained",
    "murtaza25realistic",
    "belharbi2025colocam",
    "rony2023deep",
    "sbelharbiphd2018",
    "karimian2026longitudinal",
    "sharafi2026testtime",
    "belharbi2025bah",
    "belharbi2016ponderation",
    "belharbi2024method",
]


def keys(citations: list[Citation] | tuple[Citation, ...]) -> list[str]:
    return [c.key for c in citations]


def test_parse_aux_bibtex_and_biblatex_lines() -> None:
    text = (
        "\\relax\n\\citation{a,b}\n\\citation{c}\n\\abx@aux@cite{0}{d}\n"
        "\\abx@aux@segm{0}{0}{d}\n\\abx@aux@cite{e}\n\\bibdata{refs}\n\\@input{ch.aux}\n"
    )
    citations, inputs = parse_aux(text, "p.aux")
    assert keys(citations) == ["a", "b", "c", "d", "e"]
    assert [c.line for c in citations] == [2, 2, 3, 4, 6]
    assert {c.path for c in citations} == {"p.aux"}
    assert inputs == ["ch.aux"]


def test_parse_aux_nocite_star() -> None:
    assert keys(parse_aux("\\citation{*}\n")[0]) == ["*"]


@pytest.mark.parametrize(
    ("tex", "expected"),
    [
        (r"\cite{a}", ["a"]),
        (r"\cite{a, b,c}", ["a", "b", "c"]),
        (r"\citep[see][p.~3]{a}", ["a"]),
        (r"\citet*{a}", ["a"]),
        (r"\citealp[ch.~2]{a}", ["a"]),
        (r"\parencite[12]{a}", ["a"]),
        (r"\textcite{a}", ["a"]),
        (r"\autocite*{a}", ["a"]),
        (r"\footcite{a}", ["a"]),
        (r"\Textcite{a}", ["a"]),
        (r"\citeauthor{a} and \citeyear{b}", ["a", "b"]),
        (r"\nocite{a}\nocite{*}", ["a", "*"]),
        (r"\cites[x]{a}[y]{b,c}", ["a", "b", "c"]),
        (r"\parencites(pre)(post)[x]{a}{b}", ["a", "b"]),
        ("\\cite\n  [p.~1]\n  {a}", ["a"]),
        (r"\cite{a}{not a key}", ["a"]),
        (r"50\% of \cite{a} % \cite{b}", ["a"]),
        (r"\\% line break then comment \cite{b}", []),
        (r"\newcommand{\mycite}[1]{\cite{#1}}", []),
        ("\\begin{comment}\n\\cite{b}\n\\end{comment}\\cite{a}", ["a"]),
        ("\\begin{verbatim}\\cite{b}\\end{verbatim}", []),
        ("\\iffalse\n\\cite{b}\n\\fi \\cite{a}", ["a"]),
        (r"\citestyle{plain}\bibliographystyle{plainnat}", []),
        (r"\cite{key:with-odd_chars.2020/x}", ["key:with-odd_chars.2020/x"]),
    ],
)
def test_parse_tex(tex: str, expected: list[str]) -> None:
    assert keys(parse_tex(tex)[0]) == expected


def test_parse_tex_lines_and_inputs() -> None:
    tex = "a\n\\cite{x}\n%\\input{no}\n\\input{intro}\\include{ch/two}\n\\import{sec/}{three}\n"
    citations, inputs = parse_tex(tex, "main.tex")
    assert [(c.key, c.path, c.line) for c in citations] == [("x", "main.tex", 2)]
    assert inputs == ["intro", "ch/two", "sec/three"]


def test_strip_comments_keeps_line_count() -> None:
    text = "a % x\n\\begin{comment}\nb\nc\n\\end{comment}\nd"
    stripped = strip_comments(text)
    assert stripped.count("\n") == text.count("\n")
    assert "b" not in stripped
    assert stripped.endswith("d")


def test_read_paper_aux_files() -> None:
    cited = read_aux([LATEX_DATA / "paper.aux"])
    assert keys(cited.citations) == PAPER_KEYS
    assert not cited.problems
    biblatex = read_aux([LATEX_DATA / "paper-biblatex.aux"])
    assert set(keys(biblatex.citations)) == {*PAPER_KEYS, "belharbi2018deep"}


def test_read_tex_follows_inputs_and_agrees_with_the_aux() -> None:
    cited = read_tex([LATEX_DATA / "paper.tex"])
    assert keys(cited.citations) == PAPER_KEYS
    assert "commented2020out" not in keys(cited.citations)
    assert "hidden2019" not in keys(cited.citations)
    related = [c for c in cited.citations if c.key == "belharbi2025bah"]
    assert related[0].path is not None
    assert related[0].path.endswith("related.tex")
    assert related[0].line == 2
    biblatex = read_tex([LATEX_DATA / "paper-biblatex.tex"])
    aux = read_aux([LATEX_DATA / "paper-biblatex.aux"])
    assert set(keys(biblatex.citations)) == set(keys(aux.citations))


def test_read_tex_missing_input_is_a_problem(tmp_path: Path) -> None:
    main = tmp_path / "main.tex"
    main.write_text("\\cite{a}\n\\input{absent}\n\\input{sub/part}\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "part.tex").write_text("\\cite{b}\\input{main}\n", encoding="utf-8")
    cited = read_tex([main])
    assert keys(cited.citations) == ["a", "b"]
    assert [(p.code, p.severity, p.path, p.line) for p in cited.problems] == [
        ("export.missing-input", Severity.INFO, str(main), 2)
    ]


def test_read_aux_follows_included_aux(tmp_path: Path) -> None:
    (tmp_path / "main.aux").write_text("\\citation{a}\n\\@input{ch1.aux}\n", encoding="utf-8")
    (tmp_path / "ch1.aux").write_text("\\citation{b,c}\n", encoding="utf-8")
    assert keys(read_aux([tmp_path / "main.aux"]).citations) == ["a", "b", "c"]


def test_unreadable_file_raises(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no such file"):
        read_aux([tmp_path / "absent.aux"])


def _library() -> list[Record]:
    return [
        Record("newkey", "misc", (Field.of("ids", "old1, old2"),), line=3, path="x.bib"),
        Record("other", "misc"),
        Record("third", "misc"),
    ]


def test_resolve_renames_for_bibtex_and_keeps_keys_for_biblatex() -> None:
    citations = [Citation("third"), Citation("old1")]
    found, problems = resolve(_library(), citations, rename=True)
    assert [r.key for r in found] == ["old1", "third"]
    assert problems == ()
    found, _ = resolve(_library(), citations, rename=False)
    assert [r.key for r in found] == ["newkey", "third"]


def test_resolve_case_mismatch_uses_the_cited_spelling() -> None:
    found, _ = resolve(_library(), [Citation("NewKey")], rename=False)
    assert [r.key for r in found] == ["NewKey"]


def test_resolve_cited_twice() -> None:
    citations = [Citation("old1"), Citation("newkey"), Citation("OLD1")]
    found, problems = resolve(_library(), citations, rename=True)
    assert [r.key for r in found] == ["old1", "newkey"]
    assert [(p.code, p.key, p.severity) for p in problems] == [
        ("export.cited-twice", "newkey", Severity.WARNING)
    ]
    found, problems = resolve(_library(), citations, rename=False)
    assert [r.key for r in found] == ["newkey"]
    assert problems == ()


def test_resolve_unknown_keys_reported_once_with_location() -> None:
    citations = [Citation("nope", "p.tex", 3), Citation("nope", "p.tex", 9), Citation("other")]
    found, problems = resolve(_library(), citations, rename=True, unknown=Severity.ERROR)
    assert [r.key for r in found] == ["other"]
    assert [(p.code, p.severity, p.path, p.line) for p in problems] == [
        ("export.unknown-key", Severity.ERROR, "p.tex", 3)
    ]
    assert "'nope'" in problems[0].format()


def test_resolve_star_cites_everything() -> None:
    found, _ = resolve(_library(), [Citation("old2"), Citation("*")], rename=True)
    assert [r.key for r in found] == ["old2", "other", "third"]


def test_resolve_paper_against_the_bundled_database() -> None:
    library = belharbi_bib.load()
    found, problems = resolve(library, read_aux([LATEX_DATA / "paper.aux"]).citations, rename=True)
    assert problems == ()
    assert sorted(r.key for r in found) == sorted(PAPER_KEYS)
    found, _ = resolve(library, read_aux([LATEX_DATA / "paper.aux"]).citations, rename=False)
    assert "murtaza2025realistic" in {r.key for r in found}
    assert "belharbi2018neural" in {r.key for r in found}


_KEY = st.from_regex(r"[A-Za-z][A-Za-z0-9:_.\-]{0,15}", fullmatch=True)
_COMMAND = st.sampled_from(
    ["cite", "citep", "citet", "parencite", "textcite", "autocite", "nocite"]
)
_OPTIONAL = st.sampled_from(["", "[p.~3]", "[see][]", "*", "*[e.g.][ch. 2]"])


@given(st.lists(st.tuples(_COMMAND, _OPTIONAL, st.lists(_KEY, min_size=1, max_size=4)), max_size=6))
def test_parse_tex_finds_every_generated_citation(
    commands: list[tuple[str, str, list[str]]],
) -> None:
    text = "Text.\n".join(
        f"\\{name}{optional}{{{', '.join(group)}}} words" for name, optional, group in commands
    )
    expected = [key for _, _, group in commands for key in group]
    assert keys(parse_tex(text)[0]) == expected
    aux = "\n".join(f"\\citation{{{','.join(group)}}}" for _, _, group in commands)
    assert keys(parse_aux(aux)[0]) == expected
