"""A CSL bibliography: CSL-JSON items in, ordered marked entries out (cached when asked).

Per item, the style's facts (sort keys, first cite, leading names) and its rendering for a given
year suffix come from citeproc-py (:mod:`.citeproc`) or from the render cache (:mod:`.cache`).
What depends on the whole list is computed here each time (:mod:`.disambiguation`): the order,
year suffixes, citation numbers and subsequent-author substitution.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from belharbi_bib import structs
from belharbi_bib.problems import Problem, Severity
from belharbi_bib.render import cache, disambiguation, marked
from belharbi_bib.render.citeproc import StyleFacts, load
from belharbi_bib.structs import dataclass

if TYPE_CHECKING:
    from belharbi_bib.render.citeproc import Engine, StyleFacts
    from belharbi_bib.render.styles import Style


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of a formatted list.

    Attributes:
        key: The citation key of the work.
        label: The number or label standing apart (``[1]``), as marked text; may be empty.
        body: The entry as marked text.
    """

    key: str
    label: str
    body: str


def csl_entries(
    items: Sequence[dict[str, Any]],
    style: Style,
    *,
    locale: str | None = None,
    keep_order: bool = False,
    cache_dir: str | os.PathLike[str] | None = None,
) -> tuple[list[Entry], list[Problem]]:
    """Render CSL-JSON items in a CSL style.

    Args:
        items: CSL-JSON items (unique ids).
        style: A CSL style (``engine == "csl"``).
        locale: The locale (default: the style's default locale, else en-US).
        keep_order: Keep the items' order instead of the style's bibliography sort.
        cache_dir: Directory of the render cache; None renders everything afresh.

    Raises:
        ValueError: The style file cannot be loaded.
    """
    assert style.path is not None
    stamp = cache.engine_stamp() if cache_dir is not None else ""
    table = cache.load_table(cache_dir, cache.table_name(style.digest, locale or "", stamp))
    loader = _Loader(style.path, locale)
    facts = _style_facts(table, loader)
    digests = {str(item["id"]): cache.item_digest(item) for item in items}
    by_id = {str(item["id"]): item for item in items}
    per_item = _item_facts(items, digests, table, loader, facts.year_suffix or facts.add_names)
    ids = [str(item["id"]) for item in items]
    if facts.has_sort and not keep_order:
        ids = disambiguation.sort_order(ids, {i: per_item[i][0] for i in ids}, facts.descending)
    cites = {i: per_item[i][1] for i in ids}
    signatures = {i: _signature(by_id[i]) for i in ids}
    suffixes: dict[str, str] = {}
    if facts.year_suffix:
        # letters follow the bibliography's order, as citeproc-js assigns them
        suffixes = disambiguation.year_suffixes(ids, cites, signatures, add_names=facts.add_names)
    expand: dict[str, int] = {}
    if facts.add_names:
        expand = disambiguation.name_expansions(
            ids, cites, signatures, year_suffix=facts.year_suffix
        )
    rendered = _renderings(
        ids, by_id, digests, suffixes, expand, table, loader, facts.substitute is not None
    )
    cache.save_table(table)
    blank = ("", "", "")
    labels = [rendered.get(i, blank)[0] for i in ids]
    bodies = [rendered.get(i, blank)[2] for i in ids]
    if facts.substitute is not None:
        bodies = disambiguation.substitute_authors(
            [rendered.get(i, blank)[1] for i in ids],
            bodies,
            facts.substitute,
            facts.substitute_rule,
        )
    entries = []
    problems: list[Problem] = []
    position = 0
    for work, label, body in zip(ids, labels, bodies, strict=True):
        if work not in rendered:
            problems.append(_unrendered(work, "the style cannot format it (citeproc-py failed)"))
            continue
        if marked.NUMBER not in body and not marked.visible(body).strip(" .,;:"):
            body = ""  # only the layout's suffix is left: nothing to print (citeproc-js)
        if not body and not marked.visible(label).strip():
            problems.append(_unrendered(work, "the style prints nothing for it"))
            continue
        position += 1
        number = str(position)
        label = marked.fix_seams(label.replace(marked.NUMBER, number))
        body = marked.fix_seams(body.replace(marked.NUMBER, number))
        if facts.punctuation_in_quote:
            body = marked.punctuation_in_quote(body)
        entries.append(Entry(work, label, body))
    problems += [
        Problem("render.style-warning", message, Severity.WARNING, str(style.path))
        for message in dict.fromkeys(loader.warnings())
    ]
    return entries, problems


def _unrendered(work: str, why: str) -> Problem:
    return Problem("render.entry-failed", f"entry {work!r} left out: {why}", key=work)


class _Loader:
    """Loads the citeproc-py engine on first use only (cache hits never need it)."""

    def __init__(self, path: Path, locale: str | None) -> None:
        self.path = path
        self.locale = locale
        self._engine: Engine | None = None

    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = load(self.path, self.locale)
        return self._engine

    def warnings(self) -> list[str]:
        return list(self._engine.warnings) if self._engine is not None else []


def _style_facts(table: cache.Table, loader: _Loader) -> StyleFacts:

    if table.style is not None:
        try:
            data = dict(table.style)
            data["descending"] = tuple(data["descending"])
            return StyleFacts(**data)
        except (TypeError, KeyError):
            pass
    facts = loader.engine().facts
    table.put_style(structs.asdict(facts))
    return facts


def _item_facts(
    items: Sequence[dict[str, Any]],
    digests: dict[str, str],
    table: cache.Table,
    loader: _Loader,
    need_cites: bool,
) -> dict[str, tuple[tuple[str | None, ...], str]]:
    """Return each item's sort keys and first cite (cites only where they can collide)."""
    sorts: dict[str, tuple[str | None, ...]] = {}
    cites: dict[str, str | None] = {}
    missing = []
    for item in items:
        work = str(item["id"])
        cached = table.facts(digests[work])
        if cached is not None and len(cached) == 2:
            sorts[work] = tuple(cached[0])
            cites[work] = cached[1] if isinstance(cached[1], str) else None
        else:
            missing.append(item)
    if missing:
        width = len(loader.engine().facts.descending)
        for item, found in zip(missing, loader.engine().sort_keys(missing), strict=True):
            work = str(item["id"])
            keys = found if found is not None else (None,) * width
            sorts[work], cites[work] = keys, None
            if found is not None:
                table.put_facts(digests[work], [list(keys), None])
    if need_cites:
        # two cites can only read the same when their first names (or titles) do
        groups: dict[str, int] = {}
        for item in items:
            groups[_lead(item)] = groups.get(_lead(item), 0) + 1
        wanted = [
            item for item in items if groups[_lead(item)] > 1 and cites[str(item["id"])] is None
        ]
        if wanted:
            for item, cite in zip(wanted, loader.engine().cites(wanted), strict=True):
                work = str(item["id"])
                cites[work] = cite
                if cite is not None:
                    table.put_facts(digests[work], [list(sorts[work]), cite])
    return {
        str(item["id"]): (
            sorts[str(item["id"])],
            cites[str(item["id"])] or f"\0{item['id']}",
        )
        for item in items
    }


def _lead(item: dict[str, Any]) -> str:
    """The first family name (or literal name, or title) of an item, folded."""
    names = item.get("author") or item.get("editor") or []
    if names:
        first = names[0]
        return str(first.get("family") or first.get("literal") or "").casefold()
    return str(item.get("title", "")).casefold()


def _renderings(
    ids: Sequence[str],
    by_id: dict[str, dict[str, Any]],
    digests: dict[str, str],
    suffixes: dict[str, str],
    expand: dict[str, int],
    table: cache.Table,
    loader: _Loader,
    want_names: bool,
) -> dict[str, tuple[str, str, str]]:
    found: dict[str, tuple[str, str, str]] = {}
    missing: list[dict[str, Any]] = []
    variant = {w: f"{suffixes.get(w, '')}|{expand.get(w, 0)}" for w in ids}
    for work in ids:
        cached = table.rendering(digests[work], variant[work])
        if cached is not None:
            found[work] = cached
            continue
        missing.append(by_id[work])
    if missing:
        results = loader.engine().render(missing, expand, names=want_names, suffixes=suffixes)
        for item, result in zip(missing, results, strict=True):
            if result is None:
                continue
            work = str(item["id"])
            found[work] = result
            table.put_rendering(digests[work], variant[work], *result)
    return found


def _signature(item: dict[str, Any]) -> tuple[tuple[str, ...], ...]:
    """The full name list that name-expanding disambiguation can show."""
    names = item.get("author") or item.get("editor") or []
    return tuple(
        tuple(str(name.get(part, "")) for part in ("family", "given", "literal")) for name in names
    )
