"""Raw BibTeX value expressions: parse, literal_text, expand, canonical, is_balanced."""

from __future__ import annotations

import pytest

from belharbi_bib import values
from belharbi_bib.values import Part

T, N, M = "text", "number", "macro"


@pytest.mark.parametrize(
    ("raw", "parts"),
    [
        ("{Deep {CAM}}", ((T, "Deep {CAM}"),)),
        ('"On {T}he Road"', ((T, "On {T}he Road"),)),
        ('"a {"} b"', ((T, 'a {"} b'),)),
        ("2018", ((N, "2018"),)),
        ("jan", ((M, "jan"),)),
        ("foo:bar.baz-1", ((M, "foo:bar.baz-1"),)),
        ("  {padded}  ", ((T, "padded"),)),
        ("{}", ((T, ""),)),
        ('""', ((T, ""),)),
        ('jan # "~1"', ((M, "jan"), (T, "~1"))),
        ("{a}#{b}", ((T, "a"), (T, "b"))),
        ("pub # { Press} # 2001", ((M, "pub"), (T, " Press"), (N, "2001"))),
        ("a\n  # b", ((M, "a"), (M, "b"))),
        ('"x # y"', ((T, "x # y"),)),
        ("{x # y}", ((T, "x # y"),)),
    ],
    ids=[
        "braced-nested",
        "quoted",
        "quoted-brace-hides-quote",
        "number",
        "macro",
        "macro-punctuation",
        "surrounding-space",
        "empty-braces",
        "empty-quotes",
        "macro-concat-quoted",
        "concat-no-space",
        "three-parts",
        "concat-newline",
        "hash-inside-quotes",
        "hash-inside-braces",
    ],
)
def test_parse_valid(raw: str, parts: tuple[tuple[str, str], ...]) -> None:
    assert values.parse(raw) == tuple(Part(kind, text) for kind, text in parts)


@pytest.mark.parametrize(
    "raw",
    ["", "   ", '"', "{a", "a}", "{a} {b}", "{ok} year={2}", "a b", "0abc", "a #", "# a", "{a}}{"],
    ids=[
        "empty",
        "blank",
        "lone-quote",
        "unclosed-brace",
        "stray-close",
        "two-literals",
        "missing-comma",
        "two-words",
        "digit-led-name",
        "trailing-hash",
        "leading-hash",
        "reversed-braces",
    ],
)
def test_parse_invalid(raw: str) -> None:
    assert values.parse(raw) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("{A {B}}", "A {B}"),
        ('"A {B}"', "A {B}"),
        ("2020", "2020"),
        ("  {a}  ", "a"),
        ("jan", None),
        ("{a} # {b}", None),
        ("", None),
        ("{a", None),
    ],
    ids=["braced", "quoted", "number", "padded", "macro", "concat", "empty", "unclosed"],
)
def test_literal_text(raw: str, expected: str | None) -> None:
    assert values.literal_text(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["{a} {b}", "{T}\n  year = {2020}", '"a" year = "b"', '"a"b"'],
    ids=["two-braced", "missing-comma-braced", "missing-comma-quoted", "quote-inside-quotes"],
)
def test_literal_text_rejects_what_parse_rejects(raw: str) -> None:
    # A value that is not a valid expression is not "a single literal" (see parse()).
    assert values.parse(raw) is None
    assert values.literal_text(raw) is None


@pytest.mark.parametrize(
    ("raw", "macros", "expected"),
    [
        ("{Deep {CAM}}", {}, ("Deep {CAM}", ())),
        ('jan # " 1"', {"jan": "January"}, ("January 1", ())),
        ("IEEE", {"ieee": "Institute"}, ("Institute", ())),
        ("ieee", {}, ("ieee", ("ieee",))),
        ("a # {-} # b", {"a": "A"}, ("A-b", ("b",))),
        ("2001 # {a}", {}, ("2001a", ())),
        ("{ok} year={2}", {}, ("{ok} year={2}", ())),
        ("{a} {b}", {}, ("{a} {b}", ())),
    ],
    ids=[
        "literal",
        "month",
        "case-insensitive-macro",
        "undefined",
        "partly-undefined",
        "number-concat",
        "invalid-stands-for-itself",
        "two-literals-stand-for-themselves",
    ],
)
def test_expand(raw: str, macros: dict[str, str], expected: tuple[str, tuple[str, ...]]) -> None:
    assert values.expand(raw, macros) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('"On {T}he Road"', "{On {T}he Road}"),
        ("{kept}", "{kept}"),
        ("  {kept}  ", "{kept}"),
        ("2018", "{2018}"),
        ("jan", "jan"),
        ('jan#"~1"', "jan # {~1}"),
        ("a\n #\n {b}", "a # {b}"),
        ('"a \\{ b"', '"a \\{ b"'),
        ('"a { b" # {c}', '"a { b" # {c}'),
        ("{ok} year={2}", "{ok} year={2}"),
        ('"a {"} b"', '{a {"} b}'),
    ],
    ids=[
        "quoted-to-braced",
        "braced-kept",
        "stripped",
        "number-braced",
        "macro-bare",
        "concat-spaced",
        "concat-newlines",
        "quoted-escaped-brace-kept",
        "quoted-unbalanced-in-concat-kept",
        "invalid-kept",
        "quote-in-braces",
    ],
)
def test_canonical(raw: str, expected: str) -> None:
    assert values.canonical(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ['"On {T}he Road"', "2018", 'jan#"~1"', "{a} # b # 3", '"a \\{ b"', "{ok} year={2}"],
    ids=["quoted", "number", "concat", "three-parts", "escaped-brace", "invalid"],
)
def test_canonical_is_idempotent_and_keeps_meaning(raw: str) -> None:
    once = values.canonical(raw)
    assert values.canonical(once) == once
    macros = {"jan": "January", "b": "B"}
    assert values.expand(once, macros) == values.expand(raw, macros)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a {b} c", True),
        ("", True),
        ("{{{x}}}", True),
        ("a { b", False),
        ("a } b {", False),
        ("\\{", False),
        ("\\{\\sf x}", False),
        ("\\{x\\}", True),
        ('{"}', True),
    ],
    ids=[
        "nested",
        "empty",
        "deep",
        "unclosed",
        "close-before-open",
        "escaped-open",
        "escaped-mismatch",
        "escaped-pair",
        "quote-in-braces",
    ],
)
def test_is_balanced(text: str, expected: bool) -> None:
    assert values.is_balanced(text) is expected


def test_braced_wraps_text() -> None:
    assert values.braced("Deep {CAM}") == "{Deep {CAM}}"


def test_month_macros_cover_the_year() -> None:
    assert len(values.MONTH_MACROS) == 12
    assert values.MONTH_MACROS["sep"] == "September"
