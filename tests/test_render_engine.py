"""The citeproc-py engine parses each item once for all its passes: a fresh engine's results."""

from __future__ import annotations

from typing import Any

import pytest

from belharbi_bib.render.citeproc import Engine, load
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
