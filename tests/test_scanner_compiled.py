"""The scanner's compiled hot loop (``bibtex/_scan.c``) against its pure-Python path.

Both must give the same blocks and notes on every text: real files, the perf corpus and
generated texts (nesting, quotes, ``%``, line ends, stand-ins, wide characters, truncations,
NUL bytes). Under ``CI=true`` the compiled module must be there. The build hook must fall back
to a working pure-Python wheel when it cannot compile.
"""

from __future__ import annotations

import gc
import importlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from conftest import SHARED_DIR, require
from hypothesis import given
from hypothesis import strategies as st

from belharbi_bib.bibtex import reader, scanner
from belharbi_bib.bibtex.reader import _source, read
from belharbi_bib.bibtex.scanner import Scan, Source, scan
from belharbi_bib.bibtex.writer import write
from belharbi_bib.files import decode_narrow, read_bytes

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI") == "true"


def compiled_module() -> ModuleType:
    """The compiled module; skip when it is not built, but fail under ``CI=true``."""
    try:
        return importlib.import_module("belharbi_bib.bibtex._scan")
    except ImportError as error:
        if IN_CI:
            pytest.fail(f"the compiled scanner loop is missing (required when CI=true): {error}")
        pytest.skip(f"the compiled scanner loop is not built: {error}")


@pytest.fixture(scope="module", autouse=True)
def _compiled() -> None:
    compiled_module()


def both(make: object) -> tuple[Scan, Scan]:
    """Scan fresh sources made by ``make()`` with the compiled loop and without it."""
    assert callable(make)
    assert scanner._COMPILED is not None  # the environment variable is not set
    return scan(make()), scan(make(), pure=True)


def assert_same(text: str) -> None:
    for make in (lambda: text, lambda: Source(text, narrow=True)):
        compiled, pure = both(make)
        assert compiled == pure, repr(text)


def test_in_use_by_default_and_importable() -> None:
    module = compiled_module()
    assert scanner.COMPILED
    assert scanner._COMPILED is not None
    assert scanner._COMPILED.fields is module.fields


def file_source(path: Path) -> Source:
    decoded, stand_ins = decode_narrow(read_bytes(path), str(path))
    return _source(decoded.text, stand_ins)


def assert_file_same(path: Path, wide: bool) -> None:
    compiled, pure = both(lambda: file_source(path))
    assert compiled.blocks == pure.blocks
    assert compiled.notes == pure.notes
    if wide:  # not narrowed: every string kind the file's characters need
        text = file_source(path).cut(0, len(file_source(path).text))
        assert scan(text) == scan(text, pure=True)


def assert_read_same(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole reader (fields built by the compiled ``literal_fields`` too) reads the same."""
    compiled = read(path)
    with monkeypatch.context() as patch:
        patch.setattr(scanner, "_COMPILED", None)
        pure = read(path)
    assert compiled.blocks == pure.blocks
    assert compiled.problems == pure.problems
    assert write(compiled) == write(pure)


def test_same_scan_on_real_files(real_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_file_same(real_file, wide=True)
    assert_read_same(real_file, monkeypatch)


def perf_files() -> list[str]:
    corpus = SHARED_DIR / "corpus" / "perf"
    names = sorted(p.name for p in corpus.glob("*.bib")) if corpus.is_dir() else []
    return names or ["<perf corpus missing>"]


@pytest.mark.parametrize("name", perf_files())
def test_same_scan_on_the_perf_corpus(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = require(SHARED_DIR / "corpus" / "perf", "perf corpus")
    path = require(corpus / name, "perf corpus file")
    assert_file_same(path, wide=False)
    assert_read_same(path, monkeypatch)


# --- generated texts -----------------------------------------------------------------------

PIECES = [
    "@", "@article{", "@Misc (", "@ book\n{", "@string{", "@comment{", "@preamble{", "@STRING(",
    "{", "}", "(", ")", '"', "#", "%", ",", "=", " ", "\t", "\n", "\r\n", "\r", "\x00",
    "a", "Key:1", "title", " = ", "2020", "jan", "\\", "'", "é", "\xa0", "\x85", "\x1f", "\x7f",
    "Ω", "\u2009", "\u3000", "😀", "\U0001d400",
]  # fmt: skip
NAMES = st.sampled_from(["title", "Author", "year", "note", "x", "a-b", "é", "Ω", "k\x00"])
SPACE = st.sampled_from(["", " ", "\n", "\r\n", "\r", "\t", "  \n  ", "\u3000", "\x85", "% c\n"])


@st.composite
def braced(draw: st.DrawFn, depth: int = 0) -> str:
    inner = draw(st.lists(st.sampled_from(["x", "é", '"', "@a{", "\n", "\r", "😀", "#", "%"])))
    if depth < 6 and draw(st.booleans()):
        inner.insert(draw(st.integers(0, len(inner))), draw(braced(depth + 1)))
    return "{" + "".join(inner) + "}"


@st.composite
def values(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(
            st.one_of(
                braced(),
                braced().map(lambda b: '"' + b[1:-1] + '"'),
                st.sampled_from(["2020", "jan", "Ω", "x", '"a {b"} c"', '"{"}"', "{{{{{{x}}}}}}"]),
            ),
            min_size=1,
            max_size=3,
        )
    )
    return draw(SPACE).join(f"{p}{draw(SPACE)}#" for p in parts[:-1]) + parts[-1]


@st.composite
def entries(draw: st.DrawFn) -> str:
    opener, closer = draw(st.sampled_from([("{", "}"), ("(", ")"), ("{", ")"), ("(", "}")]))
    kind = draw(st.sampled_from(["article", "Misc", "commentary", "string", "Ω", "é"]))
    key = draw(st.sampled_from(["k", "Smith:2020", "", "my key", "k(1)", "Ω", "k\x00"]))
    fields = [
        f"{draw(SPACE)}{draw(NAMES)}{draw(SPACE)}={draw(SPACE)}{draw(values())}{draw(SPACE)}"
        for _ in range(draw(st.integers(0, 4)))
    ]
    tail = draw(st.sampled_from(["", ",", ", ", ",\n"]))
    text = f"@{draw(SPACE)}{kind}{draw(SPACE)}{opener}{key}," + ",".join(fields) + tail + closer
    return draw(SPACE) + text


@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_same_scan_on_generated_token_soup(text: str) -> None:
    assert_same(text)


@given(st.lists(entries(), min_size=1, max_size=4).map("\n".join), st.data())
def test_same_scan_on_generated_entries_and_their_truncations(
    text: str, data: st.DataObject
) -> None:
    assert_same(text)
    cut = data.draw(st.integers(0, len(text)))
    assert_same(text[:cut])
    assert_same(text[:cut] + "\n" + text[cut:])


@pytest.mark.parametrize(
    "text",
    [
        "@article{k,\r\n title = {a\r\nb},\r year = 2020\n}",
        "@article{k, title = {{{{x}}}}, b = {{{{{deep}}}}}}",
        '@article{k, title = "a {b"} c", x = "{"}"}',
        '@article{k, a = {x} # y # "z", b = 1,}',
        "@article{k, a = {x}\n% comment\n, b = 2}",
        "@article{k, a = {x} junk, b = 2}",
        "@article{k, a = {x\n}\n@article{j, b = 1}",
        "@comment{x} @Comment(y) @COMMENTARY{k, a = 1}",
        "@article{k\x00, t\x00 = {\x00}}",
        '@article{Ω, Ω = {Ω😀}, é = "é"}',
        "@article(k, a = (x))",
        "@article{k, a = 1)",
        "@article{k, a = {1}",
        "@article{k, a = ",
    ],
)
def test_same_scan_on_edge_cases(text: str) -> None:
    assert_same(text)


# --- values that are not literals: numbers, macros, '#' concatenations ----------------------

MACRO_NAMES = ["jan", "Jan", "ieee_j_ec", "IEEE_J_EC", "x", "big", "Ω", "é", "a@b", "k2", "²"]
RAW_PIECES = [
    *MACRO_NAMES, "2020", "007", "1a", "١٢", "{a}", "{a {b} c}", "{", "}", '"q"', '"a {b"} c"',
    '"', '"{"}"', "#", " # ", " ", "\n", "\u3000", "\x85", ",", "=", "(", "%", "'", "\x00",
]  # fmt: skip


@st.composite
def macro_tables(draw: st.DrawFn) -> dict[str, str | None]:
    names = draw(st.lists(st.sampled_from(MACRO_NAMES)))
    texts = st.one_of(st.none(), st.sampled_from(["", "IEEE", "é", "😀", "a" * 40]))
    return {name.lower(): draw(texts) for name in names}


@given(
    st.lists(st.sampled_from(RAW_PIECES), max_size=12).map("".join),
    macro_tables(),
    st.integers(0, 100),
)
def test_expansion_same_as_the_pure_function(
    raw: str, macros: dict[str, str | None], budget: int
) -> None:
    module = compiled_module()
    assert module.expansion(raw, macros, budget) == reader.expansion(raw, macros, budget)


@st.composite
def macro_values(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from([*MACRO_NAMES, "2020", "1", "1a", "١٢", "²", "{a}", '"b"', "{}"]),
                braced(),
            ),
            min_size=1,
            max_size=4,
        )
    )
    return draw(SPACE).join(f"{p}{draw(SPACE)}#" for p in parts[:-1]) + parts[-1]


@st.composite
def macro_texts(draw: st.DrawFn) -> str:
    """@string definitions (redefined, chained, too large) and entries using them."""
    blocks = []
    for _ in range(draw(st.integers(1, 8))):
        name = draw(st.sampled_from(MACRO_NAMES))
        if draw(st.booleans()):
            blocks.append(f"@string{{{name} = {draw(macro_values())}}}")
            continue
        fields = ",\n".join(
            f"  {draw(st.sampled_from(['author', 'journal', 'year', 'Month', 'editor']))} = "
            f"{draw(macro_values())}"
            for _ in range(draw(st.integers(1, 4)))
        )
        blocks.append(f"@article{{k{draw(st.integers(0, 3))},\n{fields}\n}}")
    return "\n".join(blocks)


def assert_parse_same(text: str) -> None:
    """The whole reader gives the same library and problems with and without the loop."""
    for budget in (reader.MIN_EXPANSION_BUDGET, 0):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(reader, "MIN_EXPANSION_BUDGET", budget)
            patch.setattr(reader, "EXPANSION_FACTOR", budget)
            compiled = reader.parse_string(text, "t.bib")
            patch.setattr(scanner, "_COMPILED", None)
            pure = reader.parse_string(text, "t.bib")
        assert compiled.blocks == pure.blocks, text
        assert compiled.problems == pure.problems, text
        assert write(compiled) == write(pure)


@given(macro_texts())
def test_same_library_on_generated_macros_numbers_and_concatenations(text: str) -> None:
    assert_parse_same(text)


@pytest.mark.parametrize(
    "text",
    [
        "@article{k, journal = IEEE_J_EC, year = 2020, month = oct}",
        "@string{a = {x}}\n@article{k, t = a # b # {c} # 1, u = A}\n@string{A = a # a}\n"
        "@article{j, t = a # b # {c} # 1, u = A # a}",
        "@string{b = b}\n@article{k, author = b # { and } # c, year = ²}",
        "@article{k, year = 1a, n = 007, m = {1} # 2}",
    ],
)
def test_same_library_on_macro_edge_cases(text: str) -> None:
    assert_parse_same(text)


@pytest.mark.parametrize("pure", [False, True], ids=["compiled", "pure"])
def test_repeated_values_are_kept_once(pure: bool) -> None:
    """Short values, numbers, expressions and runs of equal longer values: one string each."""
    source = "http://example.org/a/long/source"
    text = "\n".join(
        f"@misc{{k{i}, bibsource = {{{source}}}, year = 2020, month = oct # {{~1}}, x = {{ab}}}}"
        for i in range(3)
    )
    with pytest.MonkeyPatch.context() as patch:
        if pure:
            patch.setattr(scanner, "_COMPILED", None)
        records = reader.parse_string(text).records
    for name in ("bibsource", "year", "month", "x"):
        raws = {id(record.get(name).raw) for record in records}  # type: ignore[union-attr]
        assert len(raws) == 1, name


def test_library_read_costs_the_cyclic_collector_nothing() -> None:
    """Fields, their tuples and records built with the loop are not tracked (no cycle)."""
    library = reader.parse_string("@string{a = {A}}\n@article{k, t = {x}, u = a # {b}, y = 1}")
    [record] = library.records
    assert [f.value for f in record.fields] == ["x", "Ab", "1"]
    assert not gc.is_tracked(record)
    assert not gc.is_tracked(record.fields)
    assert not any(gc.is_tracked(f) for f in record.fields)


def test_fields_stops_before_what_it_does_not_read() -> None:
    module = compiled_module()
    text = "a = {x}, b = {y} % c\n}"
    fields: list[scanner.RawField] = []
    position, term = module.fields(text, 0, 1, len(text) + 1, lambda a, b: text[a:b], fields)
    assert fields == [("a", "{x}", 1, True)]
    assert (position, term) == (8, None)
    fields.clear()
    stand_in = text.replace("x", "\x7f")
    position, term = module.fields(stand_in, 0, 1, 5, lambda a, b: text[a:b], fields)
    assert fields == [("a", "{x}", 1, True)]  # taken with cut: past the first stand-in


# --- selection at import -----------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [("1", "False"), ("0", "True"), (None, "True")])
def test_environment_variable_forces_pure_python(value: str | None, expected: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != scanner.PURE_PYTHON}
    if value is not None:
        env[scanner.PURE_PYTHON] = value
    code = "from belharbi_bib.bibtex import scanner; print(scanner.COMPILED)"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == expected


# --- the build hook ----------------------------------------------------------------------


def build_hook() -> ModuleType:
    try:
        importlib.import_module("hatchling")
    except ImportError:
        if IN_CI:
            pytest.fail("hatchling is missing (the dev extra installs it)")
        pytest.skip("hatchling is not installed")
    sys.path.insert(0, str(ROOT))
    try:
        return importlib.import_module("hatch_build")
    finally:
        sys.path.remove(str(ROOT))


def test_hook_falls_back_without_a_compiler(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hook = build_hook()
    monkeypatch.setenv("CC", "false")
    built, why = hook.compile_extension(ROOT, tmp_path)
    assert built is None
    assert why
    monkeypatch.setenv(hook.NO_COMPILE, "1")
    assert hook.compile_extension(ROOT, tmp_path) == (None, f"{hook.NO_COMPILE}=1")


def build_wheel(tmp_path: Path, env: dict[str, str]) -> Path:
    out = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(out),
            str(ROOT),
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    [wheel] = out.glob("*.whl")
    return wheel


READ_CHECK = (
    "import sys, belharbi_bib; from belharbi_bib.bibtex import scanner, reader; "
    "print(belharbi_bib.__file__); print(scanner.COMPILED); "
    "print(len(reader.parse_string('@article{k, title = {A}, year = 2020}').records))"
)


@pytest.mark.parametrize("compiler", ["false", None], ids=["no-compiler", "compiler"])
def test_wheel_builds_with_and_without_a_compiler(tmp_path: Path, compiler: str | None) -> None:
    build_hook()
    env = {k: v for k, v in os.environ.items() if k not in ("CC", scanner.PURE_PYTHON)}
    if compiler is not None:
        env["CC"] = compiler
    wheel = build_wheel(tmp_path, env)
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path / "site")
    compiled = [n for n in names if n.endswith((".so", ".pyd"))]
    if compiler == "false":
        assert wheel.name.endswith("-py3-none-any.whl")
        assert compiled == []
    else:
        assert not wheel.name.endswith("-none-any.whl")
        assert len(compiled) == 1
    assert not [n for n in names if n.endswith((".c", ".h"))]
    env["PYTHONPATH"] = str(tmp_path / "site")
    done = subprocess.run(
        [sys.executable, "-c", READ_CHECK],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    where, in_use, count = done.stdout.split()
    assert where.startswith(str(tmp_path / "site"))
    assert in_use == str(compiler is None)
    assert count == "1"


@given(st.text(alphabet="{}x\né😀", max_size=80))
def test_brace_index_is_the_same(text: str) -> None:
    module = compiled_module()
    pure, compiled = scanner._BraceIndex(text), scanner._BraceIndex(text, module.brace_index)
    assert (compiled.positions, compiled.depths, compiled.floor) == (
        pure.positions,
        pure.depths,
        pure.floor,
    )
    for start in range(len(text)):
        if text[start] == "{":
            assert compiled.closes(start) == pure.closes(start)


def test_line_starts_are_the_same() -> None:
    module = compiled_module()
    for text in ["", "a", "\n", "\r", "\r\n", "a\r\r\nb\n\rc\r", "é\r\n😀\r\n", "\n\n"]:
        assert module.line_starts(text) == scanner.Lines(text).starts


NAME_PIECES = [
    ",", ", ", " and ", " AND ", "\tAnd\n", " and", "and ", "andy", " a", "nd ", "{", "}", " ",
    "\u3000", "\xa0", "\x85", "Smith", "J.", "ſ", "K", "Ω", "😀", "\x00",
]  # fmt: skip


@given(st.lists(st.sampled_from(NAME_PIECES), max_size=30).map("".join))
def test_odd_names_is_the_readers_regexes(text: str) -> None:
    module = compiled_module()
    expected = reader._odd_names(text)
    assert module.odd_names(text) == expected
    assert module.odd_names(text.encode("utf-8").decode("latin-1")) == reader._odd_names(
        text.encode("utf-8").decode("latin-1")
    )


@pytest.mark.parametrize(
    ("text", "odd"),
    [
        ("Smith, J. and Doe, K.", False),
        ("Smith, J., Jones, K.", True),
        ("Smith, J. and and Doe, K.", True),
        ("Smith, J. and , Doe", True),
        ("A, B, C and D", False),
        ("A, B and C, D, E", False),
        ("A, B and C, D, E, F", True),
        ("A,\tB\nAND\tC,D,E", False),
    ],
)
def test_odd_names_examples(text: str, odd: bool) -> None:
    assert compiled_module().odd_names(text) is odd
    assert reader._odd_names(text) is odd
