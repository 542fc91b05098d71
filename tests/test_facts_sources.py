"""Facts of the bundled database: every one sourced from a primary source, author lists whole.

The list of primary hosts below is written out here on purpose, independently of
:data:`belharbi_bib.provenance.PRIMARY_HOSTS`: a host added to the code without being a
publisher, a preprint server, an open archive, DBLP or the authors themselves must also be
added here, by a reviewer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import belharbi_bib
from belharbi_bib import database
from belharbi_bib.check import check_library
from belharbi_bib.errors import ReadError
from belharbi_bib.model import Field, Library, Record
from belharbi_bib.names import OTHERS, parse_names
from belharbi_bib.problems import Severity
from belharbi_bib.provenance import (
    PRIMARY_HOSTS,
    Provenance,
    check_provenance,
    is_primary_source,
    parse_provenance,
    read_provenance,
    unconfirmed_fields,
)

ROOT = Path(__file__).resolve().parents[1]

ALLOWED_HOSTS = {
    "arxiv.org",
    "export.arxiv.org",
    "ar5iv.labs.arxiv.org",
    "openreview.net",
    "proceedings.mlr.press",
    "openaccess.thecvf.com",
    "doi.org",
    "www.sciencedirect.com",
    "ieeexplore.ieee.org",
    "www.melba-journal.org",
    "iclr.cc",
    "patents.google.com",
    "hal.science",
    "normandie-univ.hal.science",
    "tel.archives-ouvertes.fr",
    "dblp.org",
    "github.com",
    "sbelharbi.github.io",
    "affective-behavior-analysis-in-the-wild.github.io",
    "liviamtl.ca",
    "pure.etsmtl.ca",
    "www.etsmtl.ca",
    "mbmc-cmcm.ca",
    "aihealthsymposium2024.squarespace.com",
    "frqs-ai-summerschool23.squarespace.com",
}

AND_OTHERS_EXCEPTIONS = {
    # Challenges: the researcher's challenge pages, calls and summary slides name no
    # organiser list; only his own role is confirmed.
    "belharbi2025ambivalencehesitancy": "challenge; no organiser list published",
    "belharbi2026ambivalencehesitancya": "challenge; no organiser list published",
    "belharbi2026ambivalencehesitancyb": "challenge; no organiser list published",
    # Poster and talk listed on the site without co-authors; no slides or abstract public.
    "belharbi2024incorporating": "symposium poster; no author list published",
    "belharbi2023leveraging": "summer-school talk; no author list published",
    # Patent application: the inventor list is on the patent office record, not readable here.
    "belharbi2024method": "patent application; inventors not readable in a primary source",
    # Only the seed listing ('et al.') names authors; the arXiv record was not readable.
    "kiran2021holistic": "seed gives the first three authors only",
    "murtaza2022constrained": "seed gives the first three authors only",
}
"""Works whose author list ends with ``and others``, and why no full list could be given."""

PARTIAL_AUTHOR_LISTS = {
    # The full list is read only in a third-party README quoting the organisers' BibTeX; a
    # co-author's site gives the first four names and his own, then "...".
    "kollias2025advancements": "8th ABAW white paper; primary sources give part of the list",
}
"""Works whose full author list no primary source gives whole (``partial``): ``check`` warns."""


@pytest.fixture(scope="module")
def library() -> Library:
    return belharbi_bib.load()


@pytest.fixture(scope="module")
def provenance() -> dict[str, Provenance]:
    return read_provenance(database.provenance_path())


def test_primary_hosts_are_reviewed() -> None:
    assert set(PRIMARY_HOSTS) == ALLOWED_HOSTS


def test_every_source_is_primary(provenance: dict[str, Provenance]) -> None:
    bad = [
        f"{key}.{fact}: {source}"
        for key, entry in provenance.items()
        for fact, sources in entry.facts.items()
        for source in sources
        if not is_primary_source(source)
    ]
    assert bad == []


def test_every_url_source_is_on_an_allowed_host(provenance: dict[str, Provenance]) -> None:
    hosts = {
        source.split("/")[2]
        for entry in provenance.values()
        for sources in entry.facts.values()
        for source in sources
        if source.startswith(("http://", "https://"))
    }
    assert hosts <= ALLOWED_HOSTS


def test_facts_page_cites_only_primary_sources() -> None:
    text = (ROOT / "docs" / "facts.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\((https?://[^)]+)\)", text)
    assert links, "the facts page lists its sources as links"
    assert [link for link in links if not is_primary_source(link)] == []


def test_every_present_fact_is_confirmed_or_warned(
    library: Library, provenance: dict[str, Provenance]
) -> None:
    problems = check_library(library, belharbi_bib.load_venues(), provenance)
    warned = {p.key for p in problems if p.code == "check.unconfirmed"}
    for record in library:
        missing = unconfirmed_fields(record, provenance[record.key])
        assert (record.key in warned) == bool(missing), record.key


def test_check_reports_no_errors_and_only_unconfirmed_facts(
    library: Library, provenance: dict[str, Provenance]
) -> None:
    problems = check_library(library, belharbi_bib.load_venues(), provenance)
    assert [p.format() for p in problems if p.severity is Severity.ERROR] == []
    assert {p.code for p in problems} <= {"check.incomplete", "check.unconfirmed"}


def test_and_others_only_where_no_list_is_published(library: Library) -> None:
    cut = {
        record.key
        for record in library
        if parse_names(record.field("author") or "")[-1:] == (OTHERS,)
    }
    assert cut == set(AND_OTHERS_EXCEPTIONS)


def test_and_others_lists_are_marked_incomplete(provenance: dict[str, Provenance]) -> None:
    for key in AND_OTHERS_EXCEPTIONS:
        assert "author" in provenance[key].incomplete, key


def authors(library: Library, key: str) -> list[str]:
    return [person.display() for person in library[key].authors]


def test_partly_confirmed_author_lists_are_the_documented_ones(
    provenance: dict[str, Provenance],
) -> None:
    partial = {key for key, entry in provenance.items() if "author" in entry.partial}
    assert partial == set(PARTIAL_AUTHOR_LISTS)


def test_author_lists_confirmed_by_an_author(
    library: Library, provenance: dict[str, Provenance]
) -> None:
    """Regression: these lists were confirmed by mirror sites only (partial)."""
    assert authors(library, "karimian2026clipit") == [
        "Banafsheh Karimian",
        "Giulia Avanzato",
        "Soufiane Belharbi",
        "Alexis Guichemerre",
        "Luke McCaffrey",
        "Mohammadhadi Shateri",
        "Eric Granger",
    ]
    assert provenance["karimian2026clipit"].facts["author"][0] == (
        "repo:BanafshehKarimian/banafshehkarimian.github.io/index.html"
    )
    assert authors(library, "meethal2019convolutional") == [
        "Akhil Meethal",
        "Marco Pedersoli",
        "Soufiane Belharbi",
        "Eric Granger",
    ]
    assert provenance["meethal2019convolutional"].facts["author"][0] == (
        "repo:sbelharbi/sbelharbi.github.io/bib/bib.bib"
    )
    for key in ("karimian2026clipit", "meethal2019convolutional"):
        assert "author" not in provenance[key].partial, key
        assert "author" not in unconfirmed_fields(library[key], provenance[key]), key


def test_talk_bylines_follow_the_slides(library: Library) -> None:
    """Regression: talks listed fewer co-authors, or another order, than their slides."""
    hc = ["Soufiane Belharbi", "Romain Hérault", "Clément Chatelain", "Sébastien Adam"]
    assert authors(library, "belharbi2016deepb") == hc
    assert authors(library, "belharbi2016deepc") == hc
    ch = ["Soufiane Belharbi", "Clément Chatelain", "Romain Hérault", "Sébastien Adam"]
    assert authors(library, "belharbi2016detection") == [
        *ch,
        "Romain Modzelewski",
        "Mathieu Chastan",
        "Sébastien Thureau",
    ]
    assert authors(library, "belharbi2017detection") == [
        *ch,
        "Mathieu Chastan",
        "Sébastien Thureau",
        "Romain Modzelewski",
    ]


def test_missing_white_paper_is_added(library: Library, provenance: dict[str, Provenance]) -> None:
    record = library["kollias2026complex"]
    assert record.venue_id == "eccvw"
    assert "Soufiane Belharbi" in authors(library, "kollias2026complex")
    assert len(record.authors) == 13
    assert provenance["kollias2026complex"].facts["author"] == (
        "repo:sbelharbi/ah3rd-challenge-abaw11/README.md",
    )


def record(*fields: tuple[str, str]) -> Record:
    return Record("k", "article", tuple(Field.of(name, text) for name, text in fields), line=3)


def test_check_provenance_rejects_secondary_sources() -> None:
    entry = Provenance(
        "k",
        {
            "author": ("arxiv:2201.02445", "https://www.emergentmind.com/papers/2201.02445"),
            "title": ("site:publications",),
        },
    )
    problems = check_provenance(record(("author", "A, B"), ("title", "T")), entry)
    assert [(p.code, p.severity) for p in problems] == [("check.secondary-source", Severity.ERROR)]
    assert "emergentmind" in problems[0].message
    assert problems[0].line == 3


def test_check_provenance_warns_on_unconfirmed_fields() -> None:
    entry = Provenance(
        "k",
        {
            "author": ("https://openreview.net/forum?id=x",),
            "venue": ("seed:listing",),
            "doi": ("https://scholar-mirror.example/paper",),
        },
    )
    fields = (
        ("author", "A, B"),
        ("journal", "J"),
        ("venueid", "j"),
        ("archiveprefix", "arXiv"),
        ("doi", "10.1/x"),
        ("pages", "1--2"),
    )
    problems = check_provenance(record(*fields), entry)
    codes = [p.code for p in problems]
    assert codes == ["check.secondary-source", "check.unconfirmed"]
    assert problems[1].severity is Severity.WARNING
    assert problems[1].message.endswith("doi, pages")


def test_partly_confirmed_facts_are_warned() -> None:
    entry = Provenance(
        "k", {"author": ("seed:listing",), "title": ("seed:listing",)}, partial=("author",)
    )
    problems = check_provenance(record(("author", "A, B and C, D"), ("title", "T")), entry)
    assert [p.code for p in problems] == ["check.unconfirmed"]
    assert problems[0].message == "only partly confirmed by a primary source: author"


def test_partial_must_be_a_list() -> None:
    with pytest.raises(ReadError, match="partial"):
        parse_provenance({"k": {"author": ["seed:listing"], "partial": "author"}})


def test_primary_source_strings() -> None:
    assert is_primary_source("repo:sbelharbi/negev/README.md")
    assert is_primary_source("seed:listing")
    assert is_primary_source("HTTPS://ArXiv.org/abs/1".lower())
    assert not is_primary_source("https://arxiv.deeppaper.ai/papers/2208.14542v2")
    assert not is_primary_source("find_string:ESANN 2016 (hit id 1)")
    assert not is_primary_source("index file id 1 (third-party README)")
    assert not is_primary_source("ftp://arxiv.org/x")
