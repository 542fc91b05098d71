"""The citeproc-py engine parses each item once for all its passes: a fresh engine's results."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from belharbi_bib.render.citeproc import Engine, load
from belharbi_bib.render.patches import qualified
from belharbi_bib.render.styles import resolve


def _item(work: str, family: str, year: int, title: str, **more: Any) -> dict[str, Any]:
    return {
        "id": work,
        "type": "article-journal",
        "author": [{"family": family, "given": "Ann"}, {"family": "Roe", "given": "Bo"}],
        "issued": {"date-parts": [[year]]},
        "title": title,
        "container-title": "Journal",
        **more,
    }


def _items() -> list[dict[str, Any]]:
    """Same authors and years, a duplicate id, ids differing in case, an own year suffix."""
    twin = _item("Dup", "Doe", 2020, "Second of the duplicate key")
    return [
        _item("Dup", "Doe", 2020, "First of the duplicate key"),
        _item("a1", "Doe", 2020, "Alpha"),
        _item("A1", "Doe", 2021, "Alpha in capitals"),
        _item("a2", "Doe", 2020, "Beta", **{"year-suffix": "z"}),
        {"id": "ed", "type": "book", "editor": [{"family": "Doe"}], "title": "Edited"},
        twin,
        twin,
    ]


def _engine(style: str) -> Engine:
    found = resolve(style)
    assert found.path is not None
    return load(found.path)


@pytest.mark.parametrize(
    "style", ["apa", "ieee", "chicago-author-date", "modern-language-association"]
)
def test_passes_on_one_engine_match_a_fresh_engine_per_pass(style: str) -> None:
    items = _items()
    shared = _engine(style)
    suffixes = {"a1": "b", "Dup": "a"}
    expand = {"a1": 2, "Dup": -1}
    keys = shared.sort_keys(items)
    cites = shared.cites(items[1:])
    first = shared.render(items, expand, suffixes=suffixes)
    plain = shared.render(items)  # no suffix left behind by the render before
    again = shared.cites(items[1:])  # nor registered cites
    assert keys == _engine(style).sort_keys(items)
    assert cites == again == _engine(style).cites(items[1:])
    copies = [
        {**item, "year-suffix": suffixes[item["id"]]} if item["id"] in suffixes else item
        for item in items
    ]
    assert first == _engine(style).render(copies, expand)
    assert plain == _engine(style).render(items)
    assert plain != first


def test_a_new_item_with_a_known_id_is_parsed_afresh() -> None:
    engine = _engine("apa")
    items = _items()
    before = engine.render(items)
    replaced = [*items[:3], _item("a2", "Poe", 2020, "Other"), *items[4:]]
    after = engine.render(replaced)
    assert after[3] != before[3]
    assert after == _engine("apa").render(replaced)
    assert after[:3] == before[:3]


def _varied() -> list[dict[str, Any]]:
    """Items of several types, with and without numbers, languages, editors, pages, dates."""
    return [
        _item("j", "Doe", 2020, "Article", volume="12", issue="3b", page="4-9", language="de"),
        _item("k", "Roe", 2021, "Other", volume="vol. two", page="xii"),
        {"id": "b", "type": "book", "editor": [{"family": "Poe"}], "title": "Book", "edition": "2"},
        {"id": "c", "type": "chapter", "title": "Part", "container-title": "Whole", "page": "3"},
        {"id": "t", "type": "thesis", "author": [{"literal": "Org"}], "genre": "PhD thesis"},
        {"id": "w", "type": "webpage", "title": "Site", "URL": "https://x.org", "language": "fr"},
        {"id": "n", "type": "report", "number": "TR-7", "publisher": "Lab"},
    ]


@pytest.mark.parametrize(
    "style",
    [
        "apa",
        "ieee",
        "chicago-author-date",
        "chicago-note-bibliography",
        "modern-language-association",
        "vancouver",
        "nature",
        "association-for-computing-machinery",
    ],
)
def test_conditions_and_texts_match_citeproc_py(style: str) -> None:
    """cs:if / cs:else-if read their tests once, cs:text its language without an exception."""
    engine = _engine(style)
    model = sys.modules["citeproc.model"]  # loaded with the style (only the adapter imports it)
    root = engine.style.root
    _bibliography, cited = engine._cited(_varied())
    layouts = list(root.iter(qualified("layout")))

    def _outcome(call: Any) -> str:
        for layout in layouts:
            layout.repressed = {}  # what a substitute printed before is no concern here
        try:
            result = call()
        except Exception as exc:  # the same failure either way is the same outcome
            return type(exc).__name__
        if isinstance(result, tuple):
            return repr(tuple(str(part) for part in result))
        return repr(str(result))

    def before(element: Any, item: Any) -> Any:
        if element.get("disambiguate", "false").lower() == "true":
            raise model.ConditionFailed
        return model.If.render(element, item)

    conditions = list(root.iter(qualified("if"), qualified("else-if")))
    texts = list(root.iter(qualified("text")))
    assert conditions
    assert texts
    for item in cited:
        for element in conditions:
            ours = _outcome(lambda e=element, i=item: e.render(i))
            assert ours == _outcome(lambda e=element, i=item: before(e, i))
        for element in texts:
            ours = _outcome(lambda e=element, i=item: e.process(i))
            assert ours == _outcome(lambda e=element, i=item: model.Text.process(e, i))
