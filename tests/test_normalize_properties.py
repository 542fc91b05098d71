"""Property tests: on generated entries, normalizing twice gives the bytes normalizing once gave."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from belharbi_bib import values
from belharbi_bib.bibtex.reader import parse_string
from belharbi_bib.bibtex.writer import write
from belharbi_bib.model import Library, Record
from belharbi_bib.normalize import Options, normalize
from belharbi_bib.normalize.context import Context, FieldMap
from belharbi_bib.normalize.pipeline import FieldPass, stages
from belharbi_bib.normalize.text import text_map

WORDS = [
    "deep", "Deep", "learning", "CAM", "ResNet", "iPhone", "3D", "a", "the", "Of", "U.S.",
    "{CAM}", "{{ZnO}}", "$O(n)$", "H{\\'e}rault", "Hérault", "G\\\"odel", "Bjørn", "Stra\\ss{}e",
    "Bayesian", "Monte", "Carlo", "New", "York", "survey:", "A", "--", "–", "x-ray", "e.g.",
    "\\emph{x}", "McDonald's", "COVID-19", "ça", "{\\c c}a", "Москва", "中文", "50\\%", "&",
]  # fmt: skip
FIRST = ["Jane", "J.", "Soufiane", "Jos{\\'e}", "Ludwig", "Émile", "Q.~R.", "Marie-Claire"]
LAST = ["Doe", "Belharbi", "Ben Ayed", "{ACME Inc.}", 'M{\\"u}ller', "van Beethoven", "O'Brien"]
MONTHS = ["jan", "{June}", '"june"', "{Sept.}", "6", "{06}", "{12}", "{Spring}", "dec"]
PAGES = ["1-5", "1--5", "10 – 20", "e123", "S1-S3, 7", "pp. 3-4"]
ARXIV = [
    "arXiv preprint arXiv:2201.02445",
    "arXiv preprint arXiv:2201.02445v3 [cs.CV]",
    "ArXiv e-prints",
    "Pattern Recognition",
    "CoRR",
]
SPACES = st.sampled_from([" ", "  ", "\n   ", " \n\n ", "\t"])
TYPES = ["article", "ARTICLE", "InProceedings", "misc", "book", "phdthesis"]


@st.composite
def text(draw: st.DrawFn, vocabulary: list[str] = WORDS) -> str:
    words = draw(st.lists(st.sampled_from(vocabulary), min_size=1, max_size=7))
    pieces = [words[0]]
    for word in words[1:]:
        pieces.append(draw(SPACES) if draw(st.booleans()) else " ")
        pieces.append(word)
    return "".join(pieces)


@st.composite
def name(draw: st.DrawFn) -> str:
    first, last = draw(st.sampled_from(FIRST)), draw(st.sampled_from(LAST))
    form = draw(st.integers(0, 2))
    if form == 0:
        return f"{first} {last}"
    if form == 1:
        return f"{last}, {first}"
    return last


@st.composite
def names(draw: st.DrawFn) -> str:
    people = draw(st.lists(name(), min_size=1, max_size=4))
    others = " and others" if draw(st.booleans()) else ""
    return " and ".join(people) + others


@st.composite
def fields(draw: st.DrawFn) -> list[str]:
    chosen: list[str] = []
    optional = {
        "author": names(),
        "editor": names(),
        "title": text(),
        "booktitle": text(),
        "journal": st.sampled_from(ARXIV) | text(),
        "note": st.sampled_from(["arXiv:1807.00144", "see arXiv:math/0601001v2", "none"]),
        "url": st.sampled_from(["https://arxiv.org/abs/2109.07069v1", "http://x.org/a  b"]),
        "doi": st.sampled_from(["https://doi.org/10.1000/ABC", "10.48550/arXiv.2303.09044"]),
        "eprint": st.sampled_from(["2109.07069v2", "math.GT/0309136", "hal-0001"]),
        "pages": st.sampled_from(PAGES),
        "year": st.sampled_from(["2020", "2021", "{ 2022 }"]),
        "abstract": text(),
        "timestamp": st.just("2020-01-01"),
        "ids": st.sampled_from(["old1", "old1, old2"]),
    }
    for field, strategy in optional.items():
        if draw(st.booleans()):
            value = draw(strategy)
            quoted = draw(st.booleans()) and '"' not in value and "{" not in value
            chosen.append(f'{field} = "{value}"' if quoted else f"{field} = {{{value}}}")
    if draw(st.booleans()):
        chosen.append(f"month = {draw(st.sampled_from(MONTHS))}")
    return draw(st.permutations(chosen))


@st.composite
def bibtex(draw: st.DrawFn) -> str:
    entries = []
    count = draw(st.integers(1, 4))
    for index in range(count):
        key = draw(st.sampled_from([f"key{index}", "", "bad key", f"Doe2020x{index}"]))
        kind = draw(st.sampled_from(TYPES))
        body = ",\n  ".join(draw(fields()))
        entries.append(f"@{kind}{{{key},\n  {body}\n}}\n")
    return "\n".join(entries)


OPTIONS = st.sampled_from(
    [
        Options(),
        Options(text="unicode"),
        Options(text="latex"),
        Options(rekey=True, merge=True, drop_noise=True),
        Options(text="unicode", rekey=True, merge=True, key_pattern="{author}:{year}"),
    ]
)


def run(library: Library, options: Options) -> str:
    return write(normalize(library, options).library)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=bibtex(), options=OPTIONS)
def test_normalize_is_idempotent(source: str, options: Options) -> None:
    once = run(parse_string(source, "gen.bib"), options)
    reread = parse_string(once, "gen.bib")
    assert run(reread, options) == once
    assert normalize(reread, options).changes == ()


@settings(max_examples=100, deadline=None)
@given(source=bibtex(), options=OPTIONS)
def test_normalize_accounts_for_every_field(source: str, options: Options) -> None:
    library = parse_string(source, "gen.bib")
    result = normalize(library, options)
    covered = {(c.key, c.field) for c in result.changes}
    merged = {c.key for c in result.changes if c.rule == "merge" and c.field is None}
    output = {r.line: r for r in result.library.records}
    for record in library.records:
        after = output.get(record.line)
        if after is None:
            assert record.key in merged
            continue
        kept = {(f.name, f.raw) for f in after.fields}
        for item in record.fields:
            assert (item.name, item.raw) in kept or (record.key, item.name) in covered


PIECES = [
    *"aZé ,:{}\\$'\"~-–.%#&@=()\n\tAB0129ÉøĲ",
    *["Doe, J.", "CAM", "ResNet", ": A", '\\"{o}', "Proc. WACV 2022", "math/0601001", "\\url{x}"],
    *["\\emph{A}", "--", "6", "June", "\\'", '\\"', "\\o", "\\ss", " and ", "others", "jan"],
    *["arXiv:2201.02445", "{\\'e}", "\\c", "http://", "10.1000/x", "10.48550/arXiv.2201.02445"],
]  # fmt: skip
NAMES = ["title", "author", "editor", "month", "pages", "doi", "journal", "note", "eprint", "url"]
NAMES += ["year", "booktitle", "crossref", "ids", "archiveprefix", "howpublished", "owner"]


@st.composite
def chaotic_bibtex(draw: st.DrawFn) -> str:
    """Entries whose values are random runs of the characters BibTeX and LaTeX care about."""
    entries = []
    for _ in range(draw(st.integers(1, 3))):
        parts = []
        for _ in range(draw(st.integers(0, 5))):
            value = "".join(draw(st.lists(st.sampled_from(PIECES), max_size=12)))
            name = draw(st.sampled_from(NAMES))
            if values.is_balanced(value):
                parts.append(f"{name} = {{{value}}}")
            elif '"' not in value:
                parts.append(f'{name} = "{value}"')
        key = draw(st.sampled_from(["k1", "k2", "", "K1"]))
        kind = draw(st.sampled_from(["article", "misc"]))
        entries.append(f"@{kind}{{{key},\n  " + ",\n  ".join(parts) + "\n}\n")
    return "\n".join(entries)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=chaotic_bibtex(), options=OPTIONS)
# An escaped brace is no group: "\{\'e}" once became "\é", which whitespace then changed.
@example(source='@misc{k1,\n  title = "\n\\{\\\'e}"\n}\n', options=Options(text="unicode"))
# A title ending with a backslash once lost it to the title rule.
@example(source="@misc{k1,\n  title = { \u2013\\}\n}\n", options=Options())
def test_normalize_is_idempotent_on_chaotic_values(source: str, options: Options) -> None:
    once = run(parse_string(source, "gen.bib"), options)
    reread = parse_string(once, "gen.bib")
    assert run(reread, options) == once
    assert normalize(reread, options).changes == ()


PIECES = [
    "https://doi.org/", "doi:", "DOI: ", "10.1109/CVPR.2016.90", "10.1/x", " ", "\\_", "$\\sim$",
    "\\url{", "}", "123", "--", "-", "–", "130", "e5", "\\'e", "é", "\\\\",
]  # fmt: skip


def _field_maps() -> list[FieldMap]:
    """Every field map of the default rules, plus the accent conversions."""
    maps = [fmap for stage in stages(Options(), Context(Options())) if isinstance(stage, FieldPass)
            for _, fmap in stage.maps]  # fmt: skip
    for form in ("unicode", "latex"):
        fmap = text_map(Context(Options(text=form)))
        assert fmap is not None
        maps.append(fmap)
    return maps


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.lists(
            st.sampled_from([*WORDS, *FIRST, *LAST, *PAGES, " ", "  ", "\n", ", ", " and "])
        ).map("".join),
        st.text(alphabet="10.-/ \t\nxX\\_$,é", max_size=12),
        st.lists(st.sampled_from(PIECES), max_size=4).map("".join),
    )
)
def test_a_keeps_test_never_hides_work(text: str) -> None:
    # keeps(text) lets a pass skip a field: it must hold only where the map would do nothing.
    record = Record("k", "misc")
    for fmap in _field_maps():
        if fmap.keeps is not None and fmap.keeps(text):
            assert fmap.convert(text) == text
            assert fmap.inspect is None or fmap.inspect(record, "author", text) is None
