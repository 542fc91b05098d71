"""Each normalization rule on its own: before/after tables, and the option that switches it off."""

from __future__ import annotations

from pathlib import Path

import pytest

from belharbi_bib.bibtex.reader import parse_string
from belharbi_bib.bibtex.writer import write
from belharbi_bib.model import Record
from belharbi_bib.normalize import Options, normalize
from belharbi_bib.normalize.fields import bare_doi, collapse_spaces, dash_pages
from belharbi_bib.normalize.identifiers import says_only_arxiv
from belharbi_bib.normalize.months import month_macro
from belharbi_bib.normalize.names import canonical_names
from belharbi_bib.normalize.text import decode_accents as to_unicode
from belharbi_bib.normalize.text import encode_accents as to_latex
from belharbi_bib.normalize.titles import protect_title
from belharbi_bib.venues import read_registry

DATA = Path(__file__).parent / "data" / "normalize"


def entry(fields: str, entry_type: str = "article", key: str = "k") -> str:
    return f"@{entry_type}{{{key},\n{fields}\n}}\n"


def record_of(text: str, options: Options | None = None) -> Record:
    result = normalize(parse_string(text, "t.bib"), options)
    return result.library.records[0]


def raw_of(text: str, name: str, options: Options | None = None) -> str | None:
    item = record_of(text, options).get(name)
    return None if item is None else item.raw


# --- whitespace -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Deep   learning", "Deep learning"),
        ("  padded  ", "padded"),
        ("line\n   break", "line break"),
        ("para one.\n\n   para two.", "para one.\n\npara two."),
        ("tab\there", "tab here"),
        ("already fine", "already fine"),
        ("non\u00a0breaking", "non\u00a0breaking"),
    ],
)
def test_collapse_spaces(before: str, after: str) -> None:
    assert collapse_spaces(before) == after


def test_whitespace_rule_spares_verbatim_and_percent_fields() -> None:
    text = entry(
        "title = {A  b},\n url = {http://x.org/a  b},\n note = {50%  off\n  sale},"
        "\n file = {a  b.pdf}"
    )
    record = record_of(text)
    assert record.field("title") == "A b"
    assert record.field("url") == "http://x.org/a  b"
    assert record.field("note") == "50%  off\n  sale"
    assert record.field("file") == "a  b.pdf"


def test_whitespace_rule_can_be_switched_off() -> None:
    assert raw_of(entry("title = {A  b}"), "title", Options(whitespace=False)) == "{A  b}"


# --- pages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("123-130", "123--130"),
        ("123 - 130", "123--130"),
        ("123–130", "123--130"),
        ("123—130", "123--130"),
        ("123---130", "123--130"),
        ("123--130", "123--130"),
        ("S1-S10, 17", "S1--S10, 17"),
        ("e1234", "e1234"),
        ("pp. 1-5", "pp. 1-5"),
        ("1-2-3", "1-2-3"),
    ],
)
def test_dash_pages(before: str, after: str) -> None:
    assert dash_pages(before) == after


def test_pages_rule_can_be_switched_off() -> None:
    assert raw_of(entry("pages = {1-5}"), "pages", Options(pages=False)) == "{1-5}"


# --- DOI --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("https://doi.org/10.1109/CVPR.2016.90", "10.1109/CVPR.2016.90"),
        ("http://dx.doi.org/10.1109/CVPR.2016.90", "10.1109/CVPR.2016.90"),
        ("doi:10.1016/J.PATCOG.2024.1", "10.1016/J.PATCOG.2024.1"),
        ("DOI: 10.1016/j.x.1", "10.1016/j.x.1"),
        ("10.1016/j.x.1", "10.1016/j.x.1"),
        ("not a doi", "not a doi"),
    ],
)
def test_bare_doi(before: str, after: str) -> None:
    assert bare_doi(before) == after


def test_doi_rule_keeps_case_and_urls() -> None:
    text = entry("doi = {https://doi.org/10.1000/ABC},\n url = {https://doi.org/10.1000/ABC}")
    record = record_of(text)
    assert record.field("doi") == "10.1000/ABC"
    assert record.field("url") == "https://doi.org/10.1000/ABC"
    assert raw_of(text, "doi", Options(doi=False)) == "{https://doi.org/10.1000/ABC}"


# --- months -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "macro"),
    [
        ("January", "jan"),
        ("june", "jun"),
        ("JUNE", "jun"),
        ("sept", "sep"),
        ("Sept.", "sep"),
        ("6", "jun"),
        ("06", "jun"),
        ("12", "dec"),
        ("Dec.", "dec"),
        ("13", None),
        ("Spring", None),
        ("May--June", None),
    ],
)
def test_month_macro(text: str, macro: str | None) -> None:
    assert month_macro(text) == macro


@pytest.mark.parametrize(
    ("raw", "after"),
    [
        ("{June}", "jun"),
        ('"june"', "jun"),
        ("6", "jun"),
        ("{06}", "jun"),
        ("jun", "jun"),
        ("JUN", "jun"),
        ("sept", "sep"),
        ('jun # "~5"', 'jun # "~5"'),
        ("{Spring}", "{Spring}"),
    ],
)
def test_month_rule(raw: str, after: str) -> None:
    assert raw_of(entry(f"month = {raw}"), "month") == after


def test_month_rule_can_be_switched_off() -> None:
    assert raw_of(entry("month = {June}"), "month", Options(months=False)) == "{June}"


# --- names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Soufiane Belharbi", "Belharbi, Soufiane"),
        ("Belharbi, Soufiane", "Belharbi, Soufiane"),
        ("Ludwig van Beethoven", "van Beethoven, Ludwig"),
        ("Jean de La Fontaine", "de La Fontaine, Jean"),
        ("Ford, Jr., Henry", "Ford, Jr., Henry"),
        ("{ACME Inc.}", "{ACME Inc.}"),
        ("{ACME Inc.} and John Smith", "{ACME Inc.} and Smith, John"),
        ("Ismail {Ben Ayed}", "{Ben Ayed}, Ismail"),
        ("Ben Ayed, Ismail", "Ben Ayed, Ismail"),
        ("Jos{\\'e} de la Fuente", "de la Fuente, Jos{\\'e}"),
        ("John Smith and others", "Smith, John and others"),
        ("Smith, John AND Doe, Jane", "Smith, John and Doe, Jane"),
        ("Donald~E. Knuth", "Knuth, Donald E."),
        ("Smith,   John", "Smith, John"),
    ],
)
def test_canonical_names(before: str, after: str) -> None:
    assert canonical_names(before) == after


@pytest.mark.parametrize(
    "text", ["Doe, John, Jr., III", "Smith and", "and Smith", "A, B, C, D and E"]
)
def test_malformed_names_are_reported_and_kept(text: str) -> None:
    result = normalize(parse_string(entry(f"author = {{{text}}}")))
    assert result.library.records[0].field("author") == text
    assert [p.code for p in result.problems] == ["norm.bad-names"]


def test_names_rule_applies_to_editors_and_can_be_switched_off() -> None:
    text = entry("author = {Jane Doe},\n editor = {John Roe}")
    record = record_of(text)
    assert (record.field("author"), record.field("editor")) == ("Doe, Jane", "Roe, John")
    assert raw_of(text, "author", Options(names=False)) == "{Jane Doe}"


# --- text: Unicode and LaTeX ------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "unicode"),
    [
        ("H{\\'e}rault", "Hérault"),
        ("H\\'erault", "Hérault"),
        ("H\\'{e}rault", "Hérault"),
        ('G{\\"o}del', "Gödel"),
        ("{\\c c}a", "ça"),
        ("\\c{c}a", "ça"),
        ("Stra{\\ss}e", "Straße"),
        ("Stra\\ss{}e", "Straße"),
        ("Bj{\\o}rn", "Bjørn"),
        ("{\\L}ukasiewicz", "Łukasiewicz"),
        ("{\\'\\i}", "í"),
        ("\\v{S}koda", "Škoda"),
        ("{CAM} stays", "{CAM} stays"),
        ("10\\% and \\& and $\\alpha$", "10\\% and \\& and $\\alpha$"),
        ("$\\'a$ math is kept", "$\\'a$ math is kept"),
    ],
)
def test_to_unicode(latex: str, unicode: str) -> None:
    assert to_unicode(latex) == unicode


@pytest.mark.parametrize(
    ("unicode", "latex"),
    [
        ("Hérault", "H{\\'e}rault"),
        ("Gödel", 'G{\\"o}del'),
        ("Çelik", "{\\c{C}}elik"),
        ("Straße", "Stra{\\ss}e"),
        ("Bjørn", "Bj{\\o}rn"),
        ("1–5 — “q”", "1--5 --- ``q''"),
        ("Москва 中文", "Москва 中文"),
        ("plain", "plain"),
    ],
)
def test_to_latex(unicode: str, latex: str) -> None:
    assert to_latex(unicode) == latex


@pytest.mark.parametrize("text", ["Hérault", "Gödel, Straße, Bjørn, Łódź, Škoda", "ça, ñ, å"])
def test_unicode_latex_round_trip(text: str) -> None:
    assert to_unicode(to_latex(text)) == text


def test_text_rule_modes_and_verbatim_fields() -> None:
    text = entry(
        "title = {H{\\'e}rault},\n url = {http://x.org/H\\'e},\n author = {M{\\\"u}ller, H.}"
    )
    unicode = record_of(text, Options(text="unicode"))
    assert unicode.field("title") == "Hérault"
    assert unicode.field("author") == "Müller, H."
    assert unicode.field("url") == "http://x.org/H\\'e"
    kept = record_of(text)
    assert kept.field("title") == "H{\\'e}rault"
    latex = record_of(entry("title = {Hérault},\n url = {http://x.org/é}"), Options(text="latex"))
    assert latex.field("title") == "H{\\'e}rault"
    assert latex.field("url") == "http://x.org/é"


# --- titles -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Deep learning for CAM", "Deep learning for {CAM}"),
        ("ResNet and iPhone in 3D", "{ResNet} and {iPhone} in {3D}"),
        ("Deep CAM: a survey", "Deep {CAM}: a survey"),
        ("Deep CAM: A Survey", "Deep {CAM}: {A} Survey"),
        ("Already {CAM} protected", "Already {CAM} protected"),
        ("{{ZnO}} nanowires", "{{ZnO}} nanowires"),
        ("n-{{ZnO}}/p-GaN", "n-{{ZnO}}/p-{GaN}"),
        ('Schr\\"odinger equation', 'Schr\\"odinger equation'),
        ("The $O(N)$ method", "The $O(N)$ method"),
        ("U.S. and e.g. stuff", "{U.S.} and e.g. stuff"),
        ("McDonald's menu", "{McDonald's} menu"),
        ("COVID-19 data", "{COVID}-19 data"),
        ("\\emph{CAM} maps", "\\emph{CAM} maps"),
        ("Escaped \\{ brace", "Escaped \\{ brace"),
        ("Unbalanced } brace", "Unbalanced } brace"),
        ("", ""),
    ],
)
def test_protect_title(before: str, after: str) -> None:
    assert protect_title(before) == after


def test_protected_terms_are_extendable() -> None:
    assert protect_title("Bayesian nets") == "Bayesian nets"
    assert protect_title("Bayesian nets", ("Bayesian",)) == "{Bayesian} nets"
    text = entry("title = {Models of Livia and Bayesian nets}")
    default = record_of(text)
    assert default.field("title") == "Models of Livia and {Bayesian} nets"
    extended = Options(protect_terms=(*Options().protect_terms, "Livia"))
    assert record_of(text, extended).field("title") == "Models of {Livia} and {Bayesian} nets"


def test_phrases_are_protected_only_whole() -> None:
    assert protect_title("Monte Carlo in York", ("Monte Carlo",)) == "{Monte} {Carlo} in York"
    assert protect_title("Monte Rosa", ("Monte Carlo",)) == "Monte Rosa"


def test_protecting_twice_changes_nothing() -> None:
    once = protect_title("F-CAM: Full ResNet for U.S. CAMs")
    assert protect_title(once) == once


def test_titles_rule_can_be_switched_off() -> None:
    assert raw_of(entry("title = {On CAM}"), "title", Options(titles=False)) == "{On CAM}"


# --- arXiv ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "eprint", "primary"),
    [
        ("eprint = {2109.07069v2}", "2109.07069", None),
        ("eprint = {arXiv:2109.07069}", "2109.07069", None),
        ("eprint = {math/0601001v1}", "math/0601001", None),
        ("eprint = {math.GT/0309136}", "math/0309136", "math.GT"),
        ("url = {https://arxiv.org/abs/2109.07069v1}", "2109.07069", None),
        ("journal = {arXiv preprint arXiv:2201.02445 [cs.CV]}", "2201.02445", "cs.CV"),
        ("note = {arXiv:2201.02445}", "2201.02445", None),
        ("howpublished = {arXiv: 2201.02445}", "2201.02445", None),
        ("doi = {10.48550/arXiv.2303.09044}", "2303.09044", None),
        ("arxivid = {1807.00144}", "1807.00144", None),
        ("eprint = {1807.00144},\n eprintclass = {cs.LG}", "1807.00144", "cs.LG"),
        ("journal = {CoRR},\n volume = {abs/1807.00144}", "1807.00144", None),
    ],
)
def test_arxiv_ids_are_gathered(fields: str, eprint: str, primary: str | None) -> None:
    record = record_of(entry(fields, "misc"))
    assert record.field("eprint") == eprint
    assert record.field("archiveprefix") == "arXiv"
    assert record.field("primaryclass") == primary


def test_arxiv_keeps_sources_and_other_archives() -> None:
    record = record_of(entry("url = {https://arxiv.org/abs/2109.07069}", "misc"))
    assert record.field("url") == "https://arxiv.org/abs/2109.07069"
    hal = record_of(entry("eprint = {hal-01234},\n archiveprefix = {HAL}", "misc"))
    assert hal.field("eprint") == "hal-01234"
    assert hal.field("archiveprefix") == "HAL"
    assert record_of(entry("title = {Nothing}", "misc")).get("eprint") is None


def test_arxiv_doi_moves_to_eprint() -> None:
    result = normalize(parse_string(entry("doi = {10.48550/arXiv.2303.09044}", "misc")))
    record = result.library.records[0]
    assert record.get("doi") is None
    assert record.field("eprint") == "2303.09044"
    removed = [c for c in result.changes if c.field == "doi"]
    assert removed[0].before == "{10.48550/arXiv.2303.09044}"
    assert removed[0].after is None


def test_conflicting_arxiv_doi_is_kept_and_reported() -> None:
    text = entry("eprint = {2109.07069},\n doi = {10.48550/arXiv.2303.09044}", "misc")
    result = normalize(parse_string(text))
    assert result.library.records[0].field("doi") == "10.48550/arXiv.2303.09044"
    assert [p.code for p in result.problems] == ["norm.arxiv-conflict"]


def test_arxiv_only_journal_moves_to_howpublished() -> None:
    text = entry("journal = {arXiv preprint arXiv:2201.02445},\n title = {X}")
    result = normalize(parse_string(text))
    record = result.library.records[0]
    assert record.entry_type == "misc"
    assert record.get("journal") is None
    assert record.field("howpublished") == "arXiv preprint arXiv:2201.02445"
    assert ("arxiv", None, "@article", "@misc") in [
        (c.rule, c.field, c.before, c.after) for c in result.changes
    ]
    kept = record_of(text, Options(arxiv_journal=False))
    assert (kept.entry_type, kept.field("journal")) == (
        "article",
        "arXiv preprint arXiv:2201.02445",
    )


def test_real_journal_is_kept() -> None:
    text = entry("journal = {Pattern Recognition},\n eprint = {2201.02445}")
    record = record_of(text)
    assert (record.entry_type, record.field("journal")) == ("article", "Pattern Recognition")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("arXiv preprint arXiv:2201.02445", True),
        ("ArXiv e-prints", True),
        ("Ar{X}iv:1802.02219 [stat.ML]", True),
        ("arxiv.org/abs/2205.11916", True),
        ("CoRR", False),
        ("Pattern Recognition", False),
        ("Transactions on arXiv studies", False),
    ],
)
def test_says_only_arxiv(text: str, expected: bool) -> None:
    assert says_only_arxiv(text) is expected


def test_arxiv_rule_can_be_switched_off() -> None:
    record = record_of(entry("eprint = {2109.07069v2}", "misc"), Options(arxiv=False))
    assert record.field("eprint") == "2109.07069v2"
    assert record.get("archiveprefix") is None


# --- venues -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("booktitle", "form", "after"),
    [
        ("Proc. WACV 2022", "short", "WACV"),
        ("WACV", "full", "IEEE/CVF Winter Conference on Applications of Computer Vision"),
        ("IEEE/CVF Winter Conference on Applications of Computer Vision", "short", "WACV"),
        (
            "Proceedings of the Winter Conference on Applications of Computer Vision",
            "short",
            "WACV",
        ),
        ("Some Workshop Nobody Knows", "short", "Some Workshop Nobody Knows"),
        ("Proc. WACV 2022", "keep", "Proc. WACV 2022"),
    ],
)
def test_venue_rule(booktitle: str, form: str, after: str) -> None:
    registry = read_registry(DATA / "venues.toml")
    text = entry(f"booktitle = {{{booktitle}}}", "inproceedings")
    result = normalize(parse_string(text), Options(venue_form=form), venues=registry)  # type: ignore[arg-type]
    assert result.library.records[0].field("booktitle") == after


def test_venue_rule_without_registry_does_nothing() -> None:
    text = entry("journal = {PR}")
    assert raw_of(text, "journal", Options(venue_form="full")) == "{PR}"


# --- noise ------------------------------------------------------------------------------


def test_noise_fields_are_dropped_only_on_request() -> None:
    text = entry(
        "title = {T},\n timestamp = {2020},\n owner = {me},\n bdsk-url-1 = {http://x},"
        "\n file = {a.pdf}"
    )
    kept = record_of(text)
    assert [f.name for f in kept.fields] == ["title", "timestamp", "owner", "bdsk-url-1", "file"]
    dropped = record_of(text, Options(drop_noise=True))
    assert [f.name for f in dropped.fields] == ["title"]
    custom = record_of(text, Options(drop_noise=True, noise_fields=("owner",)))
    assert [f.name for f in custom.fields] == ["title", "timestamp", "bdsk-url-1", "file"]


def test_options_reject_bad_values() -> None:
    with pytest.raises(ValueError, match="text must be"):
        Options(text="html")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="venue_form"):
        Options(venue_form="tiny")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown placeholder"):
        Options(key_pattern="{venue}")
    with pytest.raises(ValueError, match="no placeholder"):
        Options(key_pattern="fixed")
    with pytest.raises(ValueError, match="not allowed"):
        Options(key_pattern="{author} {year}")


def test_canonical_layout_comes_from_the_writer() -> None:
    text = '@ARTICLE{k, TITLE = "A", Year = 2020}'
    assert write(normalize(parse_string(text)).library) == (
        "@article{k,\n  title = {A},\n  year = {2020},\n}\n"
    )
