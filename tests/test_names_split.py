"""Our name splitting agrees with pybtex's, the judge, on every name list we can find.

pybtex's ``Person`` was the project's name parser until it was replaced by
:mod:`belharbi_bib.names` (start-up and speed, see docs/architecture.md). Outputs must stay
byte-identical, so the two are compared here on every name field of the corpora and on
generated lists, malformed ones included. Where pybtex (and therefore we) read a name
differently from BibTeX itself, the difference is listed in :data:`BIBTEX_DIFFERS` and checked
against the ``bibtex`` program.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import require_tool
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.bibtex.utils import split_name_list
from pybtex.database import Person as PybtexPerson
from pybtex.exceptions import PybtexError

from belharbi_bib.bibtex.reader import read
from belharbi_bib.names import OTHERS, Person, parse_names
from belharbi_bib.normalize.names import NAME_FIELDS

THIRD_PARTY = Path(__file__).parent / "data" / "third_party"


def pybtex_names(text: str) -> tuple[Person, ...] | type[Exception]:
    """Split a name list with pybtex, as ``belharbi_bib.names`` did before it had its own rules."""
    flat = " ".join(text.split())
    if not flat:
        return ()
    people: list[Person] = []
    try:
        for chunk in split_name_list(flat):
            if chunk.strip().lower() == "others":
                people.append(OTHERS)
                continue
            try:
                parsed = PybtexPerson(chunk)
            except PybtexError:  # too many commas, braces nested too deep: kept as written
                people.append(Person("{" + chunk.replace("{", "").replace("}", "") + "}"))
                continue
            people.append(
                Person(
                    last=" ".join(parsed.last_names),
                    first=" ".join(parsed.first_names + parsed.middle_names),
                    von=" ".join(parsed.prelast_names),
                    jr=" ".join(parsed.lineage_names),
                )
            )
    except Exception as exc:  # an exception is a result to compare too
        return type(exc)
    return tuple(people)


def ours(text: str) -> tuple[Person, ...] | type[Exception]:
    try:
        return parse_names.__wrapped__(text)
    except Exception as exc:  # an exception is a result to compare too
        return type(exc)


def _name_lists(paths: list[Path]) -> set[str]:
    lists: set[str] = set()
    for path in paths:
        for record in read(path):
            for item in record.fields:
                if item.name.lower() in NAME_FIELDS:
                    lists.add(item.value)
    return lists


def _bib_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".bib", ".bibtex") and p.is_file())


CORPORA = ["realworld", "perf", "third_party"]


def corpus_name_lists(shared_dir: Path, corpus: str) -> set[str]:
    """Every name list of a corpus (``realworld``, ``perf`` or ``third_party``)."""
    folder = THIRD_PARTY if corpus == "third_party" else shared_dir / "corpus" / corpus
    files = _bib_files(folder)
    if corpus == "perf":  # xl-concat holds the other files but s-iridia-articles (see SOURCES.md)
        files = [folder / "xl-concat.bib", folder / "s-iridia-articles.bib"]
    return _name_lists(files)


@pytest.mark.parametrize("corpus", CORPORA)
def test_every_corpus_name_list_splits_as_pybtex_does(shared_dir: Path, corpus: str) -> None:
    lists = corpus_name_lists(shared_dir, corpus)
    assert len(lists) > 100
    assert sum("{" in text or "\\" in text for text in lists) > 20  # not only plain names
    mismatched = [text for text in sorted(lists) if ours(text) != pybtex_names(text)]
    assert mismatched == []


TOKENS = [
    "a", "B", "van", "De", "der", "Jr", "Jr.", "III", "others", "and", "AND", "Ⅷ", "ǅ", "é",
    "Élodie", "1st", "-", ".", "ß", "O'Neil", "Ben-Ayed", "d'Artagnan", "{ACME Inc.}", "{van}",
    "{Barnes and Noble}", '{\\"o}', '{\\"O}', "{\\relax de}", "{\\relax De}", "{\\ss}", "{\\o}",
    "\\'e", "{\\'E}", "{\\'{E}}", "{a\\'o}", "{\\v{S}}", "{{x}}", "{", "}", "\\", "\\ ", "~",
    "\\~", "{,}", "{\\", "{\\}", "{}", "x{y", "\\and", "{\\c c}", "{\\AA}", "{\\aa}",
]  # fmt: skip
SEPARATORS = ["", " ", "  ", ", ", ",", " , ", "~", " and ", " AND ", "\t", "\n", "-", "\\ "]


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(TOKENS), st.sampled_from(SEPARATORS)), max_size=10))
def test_generated_name_lists_split_as_pybtex_does(pieces: list[tuple[str, str]]) -> None:
    text = "".join(token + separator for token, separator in pieces)
    assert ours(text) == pybtex_names(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aB é{}\\,~-'\"", max_size=30))
def test_any_text_splits_as_pybtex_does(text: str) -> None:
    assert ours(text) == pybtex_names(text)


@pytest.mark.parametrize(
    "text",
    [
        "{" * 101 + "x" + "}" * 101,  # pybtex refuses to look at the case of so deep a word
        "Doe, " + "{" * 101 + "x" + "}" * 101,  # ... but only when it has to look
        "a {b, c, d",  # an unclosed group runs to the end
        "Doe {x{}, Jr, John",  # ... or to the last brace after it
        "Smith and and Jones",
        "Doe, John, Jr., III",
        "Jean-pierre Dupont",
    ],
)
def test_edge_cases_split_as_pybtex_does(text: str) -> None:
    assert ours(text) == pybtex_names(text)


# Names pybtex (so we) read differently from BibTeX 0.99d: (name, ours, BibTeX's), as
# "count|first|von|last|jr" of the first name. Output stays as pybtex gave it (byte-identical
# normalize); the reasons are in docs/normalization.md.
BIBTEX_DIFFERS = [
    # BibTeX also cuts words at hyphens when looking for the von part.
    ("Jean-pierre Dupont", "1|Jean-pierre||Dupont|", "1|Jean|pierre|Dupont|"),
    # BibTeX knows the foreign letters: {\ss}, {\o}, {\ae}, {\i} ... are lower case.
    ("Jones {\\ss}mith Rollo", "1|Jones {\\ss}mith||Rollo|", "1|Jones|{\\ss}mith|Rollo|"),
    ("Ole {\\o}ystein Ore", "1|Ole {\\o}ystein||Ore|", "1|Ole|{\\o}ystein|Ore|"),
    ("Ole {\\l}ystein Ore", "1|Ole {\\l}ystein||Ore|", "1|Ole|{\\l}ystein|Ore|"),
    # pybtex stops at a backslash inside a group that is not a special character.
    ("Ole {a\\'o}ystein Ore", "1|Ole {a\\'o}ystein||Ore|", "1|Ole|{a\\'o}ystein|Ore|"),
    # BibTeX's "and" is a whole word: "and and" leaves an empty name between them.
    ("Smith and and Jones", "2|||Smith|", "3|||Smith|"),
]
BIBTEX_AGREES = [
    "Ludwig van Beethoven", "van Beethoven, Ludwig", "Ford, Jr., Henry", "{ACME Inc.}",
    "Charles Louis Xavier Joseph de la Vall{\\'e}e Poussin", "Ludwig {\\relax van} Beethoven",
    'Ole {\\"o}ystein Ore', "Ole {\\'O}ystein Ore", "Ole 1ystein Ore", "{\\'E}mile Zola",
    "Jean de La Fontaine", "de la Fontaine, Jean", "Donald~E. Knuth", "{von Neumann}, John",
    "jean de la fontaine", "Kurt G{\\\"o}del", "{\\OE}dipe Roi", "Doe, {\\relax Jr.}, John",
    "Ole {\\AA}ystein Ore", "Barnes and {Noble and Sons}", "Alpha AND beta and Gamma",
]  # fmt: skip

_PARTS_BST = """ENTRY { author } {} {}
FUNCTION {print}
{ "[" author num.names$ int.to.str$ * "|" *
  author #1 "{ff}|{vv}|{ll}|{jj}" format.name$ * "]" * write$ newline$ }
FUNCTION {misc} { }
FUNCTION {default.type} { }
READ
ITERATE {print}
"""


def _bibtex_splits(names: list[str], folder: Path) -> list[str]:
    """Return how the ``bibtex`` program reads each list: its count, then its first name."""
    bibtex = require_tool("bibtex")
    (folder / "parts.bst").write_text(_PARTS_BST, encoding="ascii")
    entries = (f"@misc{{n{i}, author = {{{name}}}}}\n" for i, name in enumerate(names))
    (folder / "names.bib").write_text("".join(entries), encoding="utf-8")
    (folder / "names.aux").write_text(
        "\\citation{*}\n\\bibdata{names}\n\\bibstyle{parts}\n", encoding="ascii"
    )
    subprocess.run([bibtex, "names"], cwd=folder, capture_output=True, check=False)
    lines = (folder / "names.bbl").read_text(encoding="utf-8").splitlines()
    return [line[1:-1].replace("~", " ") for line in lines]


def _split_text(text: str) -> str:
    people = parse_names(text)
    first = people[0]
    return "|".join((str(len(people)), first.first, first.von, first.last, first.jr))


def test_bibtex_itself_agrees_or_differs_as_documented(tmp_path: Path) -> None:
    names = BIBTEX_AGREES + [name for name, _, _ in BIBTEX_DIFFERS]
    theirs = dict(zip(names, _bibtex_splits(names, tmp_path), strict=True))
    assert {name: _split_text(name) for name in BIBTEX_AGREES} == {
        name: theirs[name] for name in BIBTEX_AGREES
    }
    for name, our_split, bibtex_split in BIBTEX_DIFFERS:
        assert (_split_text(name), theirs[name]) == (our_split, bibtex_split)
        assert ours(name) == pybtex_names(name)


def test_normalize_and_check_never_load_pybtex(tmp_path: Path) -> None:
    source = tmp_path / "refs.bib"
    source.write_text(
        '@article{k, author = {Kurt G{\\"o}del and {\\relax de} Gaulle, Charles and {ACME}},'
        " editor = {Doe, John, Jr., III}, title = {T}, journal = {J}, year = 2020}\n",
        encoding="utf-8",
    )
    code = (
        "import sys\nfrom belharbi_bib.cli import main\n"
        "for argv in (['normalize', {path!r}], ['check', {path!r}]):\n"
        "    try:\n        main(argv)\n    except SystemExit:\n        pass\n"
        "print('pybtex' in sys.modules)\n"
    ).format(path=str(source))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "False"
