"""The links of a work: one definition (`belharbi_bib.links`), and every consumer agrees with it.

Consumers: `Record.links`, the CV item and its four renderings (Markdown, LaTeX, HTML page, JSON
Resume), and `format --link` (`render.document`). For any record, each shows the URLs of
`links_of` — the whole list, or the subset it asks for through `only=` — in the same order.
"""

from __future__ import annotations

import html
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import belharbi_bib
from belharbi_bib.curriculum import CvOptions, render
from belharbi_bib.curriculum.items import make_item
from belharbi_bib.curriculum.owner import Owner
from belharbi_bib.kinds import kind_of
from belharbi_bib.links import LINK_FIELDS, SOURCES, Link, links_of
from belharbi_bib.markup import is_safe_url
from belharbi_bib.model import Field, Library, Record
from belharbi_bib.render.bibliography import Entry
from belharbi_bib.render.document import LINK_SOURCES, render_document

ARXIV_IDS = ("2101.00001", "2102.00002")
DOIS = ("10.1/x", "10.1109/TMI.2021.1", "10.48550/arXiv.2101.00001", "10.1101/abc", "in prep.")
URLS = (
    "https://example.org/a",
    "https://example.org/b",
    "http://code.example/repo",
    "https://arxiv.org/abs/2101.00001",
    "https://arxiv.org/pdf/2101.00001v2",
    "https://arxiv.org/abs/2102.00002",
    "https://doi.org/10.1/x",
    "https://publisher.example/doi/10.1/x",
    " https://example.org/a ",
    "javascript:alert(1)",
    "ftp://ftp.example/paper.ps",
    "https://a.example/x https://b.example/y",
    "\\url{https://example.org/a}",
    "",
)
LINK_NAMES = ("url", "code", "code2", "code3", "project", "slides", "pdf", "video", "post")

fields = st.lists(
    st.tuples(st.sampled_from(LINK_NAMES), st.sampled_from(URLS)),
    max_size=6,
    unique_by=lambda pair: pair[0],
)


@st.composite
def records(draw: st.DrawFn) -> Record:
    """A work by the CV's owner with any mix of DOI, arXiv id and link fields."""
    items = [Field.of("author", "Belharbi, Soufiane"), Field.of("title", "A Title")]
    items.append(Field.of("year", "2021"))
    entry_type = draw(st.sampled_from(("article", "misc")))
    if entry_type == "article":
        items.append(Field.of("journal", "Journal"))
    doi = draw(st.none() | st.sampled_from(DOIS))
    if doi is not None:
        items.append(Field.of("doi", doi))
    eprint = draw(st.none() | st.sampled_from(ARXIV_IDS))
    if eprint is not None:
        items.append(Field.of("eprint", eprint))
    items += [Field.of(name, value) for name, value in draw(fields)]
    order = draw(st.permutations(items))
    return Record("k", entry_type, tuple(order))


def _source(link: Link) -> str:
    """Which of :data:`SOURCES` a link comes from, read back from its label."""
    by_label = {label: name for name, label in LINK_FIELDS}
    special = {"DOI": "doi", "arXiv": "arxiv", "Link": "url"}
    return special.get(link.label) or by_label[link.label.rstrip("0123456789 ")]


def _urls(links: tuple[Link, ...]) -> list[str]:
    return [link.url for link in links]


@given(records())
def test_the_model_property_is_the_one_definition(record: Record) -> None:
    assert record.links == links_of(record)


@given(records(), st.booleans())
def test_links_are_http_and_each_url_once(record: Record, published: bool) -> None:
    urls = _urls(links_of(record, published=published))
    assert all(is_safe_url(url) for url in urls)
    assert len(set(urls)) == len(urls)


@given(records())
def test_a_preprint_reorders_the_main_links_only(record: Record) -> None:
    published, preprint = links_of(record), links_of(record, published=False)
    assert sorted(_urls(published)) == sorted(_urls(preprint))
    own = [link for link in published if _source(link) not in {"doi", "arxiv"}]
    assert own == [link for link in preprint if _source(link) not in {"doi", "arxiv"}]
    if record.arxiv is not None:
        assert preprint[0].label == "arXiv"


@given(records(), st.sets(st.sampled_from(SOURCES)), st.booleans())
def test_a_subset_keeps_the_order_of_the_whole(
    record: Record, only: set[str], published: bool
) -> None:
    whole = links_of(record, published=published)
    expected = tuple(link for link in whole if _source(link) in only)
    assert links_of(record, published=published, only=only) == expected


@given(records())
def test_a_published_doi_leads_and_arxiv_stands_beside_it(record: Record) -> None:
    links = links_of(record)
    labels = [link.label for link in links]
    doi = record.doi or ""
    if record.doi and not doi.lower().startswith(("10.48550/", "10.1101/")) and " " not in doi:
        assert labels[0] == "DOI"
        if record.arxiv is not None:
            assert labels[1] == "arXiv"
    if record.arxiv is not None:
        assert "DOI" not in labels or not doi.lower().startswith("10.48550/")


@given(records())
def test_the_cv_item_lists_the_links_of_the_work(record: Record) -> None:
    kind = kind_of(record, None)
    item = make_item(record, kind=kind, owner=Owner())
    assert item.links == links_of(record, published=kind != "preprint")
    assert item.url == (item.links[0].url if item.links else None)


def _cv_links(text: str, fmt: str) -> list[str]:
    """The URLs of the bracketed links of the one CV item in ``text``."""
    if fmt == "markdown":
        return re.findall(r"\\\[\[[^\]]*\]\(<([^>]*)>\)\\\]", text)
    if fmt == "latex":
        found = re.findall(r"\[\\href\{((?:[^}\\]|\\.)*)\}\{[^}]*\}\]", text)
        return [re.sub(r"\\(.)", r"\1", url) for url in found]
    spans = re.findall(r'<span class="links">(.*?)</span>', text, re.S)
    assert len(spans) == 1
    return [html.unescape(url) for url in re.findall(r'href="([^"]*)"', spans[0])]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_every_cv_format_shows_the_links_of_the_work(record: Record) -> None:
    library = Library((record,))
    kind = kind_of(record, None)
    expected = _urls(links_of(record, published=kind != "preprint"))
    for fmt in ("markdown", "latex", "html"):
        assert _cv_links(render(library, CvOptions(to=fmt)).text, fmt) == expected, fmt
    resume = json.loads(render(library, CvOptions(to="jsonresume")).text)
    assert resume["publications"][0].get("url") == (expected[0] if expected else None)


def _document_links(text: str, fmt: str) -> list[str]:
    if fmt == "html":
        return [html.unescape(url) for url in re.findall(r'href="([^"]*)"', text)]
    if fmt == "markdown":
        return re.findall(r"\]\(<([^>]*)>\)", text)
    if fmt == "latex":
        found = re.findall(r"\\href\{((?:[^}\\]|\\.)*)\}", text)
        return [re.sub(r"\\(.)", r"\1", url) for url in found]
    return re.findall(r"<(https?://[^>]*)>", text)


@settings(deadline=None)
@given(records(), st.sampled_from(("text", "html", "markdown", "latex")))
def test_format_link_shows_the_doi_arxiv_and_code_links_of_the_work(
    record: Record, fmt: str
) -> None:
    entries = [Entry("k", "", "Body.")]
    text = render_document(entries, fmt, records={"k": record}, link=True)
    expected = [link for link in record.links if _source(link) in LINK_SOURCES]
    assert _document_links(text, fmt) == _urls(tuple(expected))


def test_real_records_agree_everywhere() -> None:
    library = belharbi_bib.load()
    for record in library.records:
        whole = record.links
        shown = links_of(record, only=LINK_SOURCES)
        assert [link for link in whole if _source(link) in LINK_SOURCES] == list(shown)
        assert sorted(_urls(whole)) == sorted(_urls(links_of(record, published=False)))


EXAMPLES = [
    (  # a publisher DOI leads; the url is its page; code2 repeats code; slides are not http(s)
        [("url", "https://doi.org/10.1/X"), ("code", "https://github.com/x/y"), ("doi", "10.1/x"),
         ("eprint", "2101.00001"), ("code2", "https://github.com/x/y"),
         ("slides", "javascript:alert(1)"), ("pdf", "https://arxiv.org/pdf/2101.00001v3")],
        [("DOI", "https://doi.org/10.1/x"), ("arXiv", "https://arxiv.org/abs/2101.00001"),
         ("Code", "https://github.com/x/y")],
    ),
    (  # an arXiv DOI is the arXiv link; the url is a pdf version of it
        [("eprint", "2109.07069"), ("doi", "10.48550/arXiv.2109.07069"),
         ("url", "https://arxiv.org/pdf/2109.07069v2"), ("code", "https://github.com/x/y"),
         ("code2", "https://github.com/x/y")],
        [("arXiv", "https://arxiv.org/abs/2109.07069"), ("Code", "https://github.com/x/y")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("given", "expected"), EXAMPLES)
def test_examples(given: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    record = Record("k", "article", tuple(Field.of(name, value) for name, value in given))
    assert [(link.label, link.url) for link in record.links] == expected


def test_a_preprint_leads_with_arxiv_and_a_subset_keeps_the_order() -> None:
    record = Record("k", "article", tuple(Field.of(n, v) for n, v in EXAMPLES[0][0]))
    assert [link.label for link in links_of(record, published=False)] == ["arXiv", "DOI", "Code"]
    assert [link.label for link in links_of(record, only={"code", "url"})] == ["Code"]
