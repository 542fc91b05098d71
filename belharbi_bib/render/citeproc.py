"""The citeproc-py adapter's engine: CSL styles loaded and rendered into marked text.

citeproc-py implements only part of CSL. The adapter is a few small modules: this one loads a
style with our element classes (:mod:`.patches`, each gap they close listed in
docs/citeproc-ledger.md), feeds it items prepared by :mod:`.prepare`, applies text case through
:mod:`.textcase`, and renders one item at a time, so that an item citeproc-py cannot render is
reported and never takes the list down. Year-suffix disambiguation, subsequent-author
substitution and the list order are computed by the caller (:mod:`.bibliography`) from what
this engine reports per item. Every warning citeproc-py emits is caught and returned as text.
"""

from __future__ import annotations

import contextlib
import functools
import re
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from belharbi_bib.render import marked
from belharbi_bib.render.patches import NS, element_classes, formatter, generic_class, qualified
from belharbi_bib.render.prepare import prepared
from belharbi_bib.render.styles import LOCALES_DIR
from belharbi_bib.structs import dataclass, field

ADAPTER_STAMP = "2026-12-06.3"
"""Changes whenever this adapter (or a module it uses) changes what it renders; part of the
render cache's key (:func:`belharbi_bib.render.cache.engine_stamp`)."""

CITEPROC_PY = "0.11.1"
"""The citeproc-py version the gaps in docs/citeproc-ledger.md were checked against."""


_HYPHENATED_NAMES = (
    "container-author",
    "collection-editor",
    "editorial-director",
    "original-author",
)


@dataclass(frozen=True, slots=True)
class StyleFacts:
    """What the caller needs to know about a loaded style.

    Attributes:
        has_sort: The bibliography has its own ``cs:sort``.
        descending: For each sort key, whether it sorts in descending order.
        numeric: Entries carry a citation number.
        second_field_align: The number (or label) stands apart from the entry text.
        year_suffix: Citations add a year suffix to tell works apart.
        add_names: Citations show more names to tell works apart.
        substitute: The ``subsequent-author-substitute`` text, when the style has one.
        substitute_rule: How it substitutes (``complete-all`` ...).
        punctuation_in_quote: Periods and commas go inside quotation marks.
    """

    has_sort: bool
    descending: tuple[bool, ...]
    numeric: bool
    second_field_align: bool
    year_suffix: bool
    add_names: bool
    substitute: str | None
    substitute_rule: str
    punctuation_in_quote: bool


@dataclass
class Engine:
    """A loaded CSL style with its locale; renders and analyses CSL-JSON items.

    Attributes:
        style: citeproc-py's ``CitationStylesStyle``.
        facts: What the style does (see :class:`StyleFacts`).
        warnings: Warnings citeproc-py emitted, as text.
    """

    style: Any
    facts: StyleFacts
    warnings: list[str] = field(default_factory=list)
    _shared: _Shared | None = field(default=None, init=False, repr=False, compare=False)

    def sort_keys(self, items: Sequence[dict[str, Any]]) -> list[tuple[str | None, ...] | None]:
        """Return the bibliography sort keys of each item (lower case, punctuation ignored).

        An item whose keys cannot be computed gets None (it is reported by :meth:`render`).
        """
        with _captured(self.warnings):
            _bibliography, cited = self._cited(items)
            root = self.style.root
            sort = root.bibliography.find("cs:sort", root.nsmap)
            layout = root.bibliography.layout
            keys = sort.findall("cs:key", sort.nsmap) if sort is not None else []
            results: list[tuple[str | None, ...] | None] = []
            root.bb_sort_dates = True  # dates in macro keys sort by value (CSL 1.0.2 § Sorting)
            try:
                for item in cited:
                    try:
                        found = tuple(_sort_text(k.sort_keys([item], layout)[0]) for k in keys)
                        results.append(found)
                    except Exception:  # citeproc-py fails on some data; the entry is reported
                        results.append(None)
            finally:
                root.bb_sort_dates = False
        return results

    def cites(self, items: Sequence[dict[str, Any]]) -> list[str | None]:
        """Return the first-cite text of each item, before any disambiguation (None: failed)."""
        from citeproc import Citation, CitationItem

        with _captured(self.warnings):
            bibliography, cited = self._cited(items)
            cites: list[str | None] = []
            for item in cited:
                citation = Citation([CitationItem(item.key)])
                try:
                    bibliography.register(citation)
                    cites.append(marked.visible(str(bibliography.cite(citation, lambda _: None))))
                except Exception:  # citeproc-py fails on some data; the entry is reported
                    cites.append(None)
        return cites

    def render(
        self,
        items: Sequence[dict[str, Any]],
        expand: dict[str, int] | None = None,
        *,
        names: bool = True,
        suffixes: dict[str, str] | None = None,
    ) -> list[tuple[str, str, str] | None]:
        """Return ``(label, names, body)`` marked text of each item (numbers as placeholders).

        An item citeproc-py cannot render gets None; one that renders empty gets an empty body.

        The middle part is the entry's leading name list as rendered, for subsequent-author
        substitution (empty unless ``names``). ``expand`` gives, per item id, how many names to
        show before "et al." (-1: all), as name disambiguation does in pandoc's bibliographies.
        ``suffixes`` gives, per item id, its year suffix (in place of the item's own
        ``year-suffix``).
        """
        with _captured(self.warnings):
            _bibliography, cited = self._cited(items, suffixes or {})
            wanted = {str(k).lower(): v for k, v in (expand or {}).items()}
            for item in cited:
                if item.key in wanted:
                    dict.__setitem__(item, "_bb_expand", wanted[item.key])
            root = self.style.root
            layout = root.bibliography.layout
            names_element = _leading_names(root) if names else None
            first = _first_child(layout)
            results: list[tuple[str, str, str] | None] = []
            root.bb_rendering = True
            try:
                for item in cited:
                    try:
                        results.append(self._render_one(item, names_element, first))
                    except Exception:  # citeproc-py fails on some data; the entry is reported
                        results.append(None)
            finally:
                root.bb_rendering = False
        return results

    def _render_one(self, item: Any, names_element: Any, first: Any) -> tuple[str, str, str]:
        layout = self.style.root.bibliography.layout
        rendered = layout.render_bibliography([item])
        entry = str(rendered[0]) if rendered and rendered[0] is not None else ""
        name = self._names(names_element, item)
        label = ""
        if self.facts.second_field_align and first is not None:
            label = _render_text(first, item)
            if label and entry.startswith(label):
                entry = entry[len(label) :]
            else:
                label = ""
        return (label.strip(), name.strip(), entry.strip())

    def _cited(
        self, items: Sequence[dict[str, Any]], suffixes: dict[str, str] | None = None
    ) -> tuple[Any, list[Any]]:
        """Return citeproc-py's bibliography of ``items`` and a citation item for each.

        Each item (each dict) is prepared and parsed once per engine: sort keys, cites and
        rendering read the same references. The bibliography is then put in the state a fresh
        one would be in: no registered cites, and a source holding, for each id in lower case
        (citeproc-py's key), the reference of the last item with that id, its year suffix that
        of ``suffixes`` (else the item's own). Citation items are made afresh.
        """
        shared = self._shared
        if shared is None:
            from citeproc import CitationStylesBibliography
            from citeproc.source.json import CiteProcJSON

            root = self.style.root
            quotes = (
                str(root.get_single_term("open-quote") or "“"),
                str(root.get_single_term("close-quote") or "”"),
            )
            bibliography = CitationStylesBibliography(self.style, CiteProcJSON([]), formatter())
            shared = self._shared = _Shared(bibliography, quotes)
        bibliography = shared.bibliography
        bibliography.keys, bibliography.items, bibliography._cites = [], [], []
        source = bibliography.source
        dict.clear(source)
        latest: dict[str, dict[str, Any]] = {}
        for item in items:
            shared.reference(item)  # parsed in the list's order, as citeproc-py would
            latest[str(item["id"]).lower()] = item
        for key, item in latest.items():
            reference = shared.reference(item)
            dict.__setitem__(source, key, reference)
            work = str(item["id"])
            if suffixes and work in suffixes:
                dict.__setitem__(reference, "year_suffix", suffixes[work])
            elif "year-suffix" in item:
                dict.__setitem__(reference, "year_suffix", item["year-suffix"])
            else:
                dict.pop(reference, "year_suffix", None)
        cited = [_item_class()(str(item["id"])) for item in items]
        for item in cited:
            dict.__setitem__(item, "_bibliography", bibliography)
        return bibliography, cited

    def _names(self, element: Any, item: Any) -> str:
        if element is None:
            return ""
        root = self.style.root
        layout = root.bibliography.layout
        layout.repressed = {}
        root.bb_no_labels = True  # the names alone: "Westfahl, Gary" repeats "Westfahl, Gary, ed."
        try:
            text = element.render(item, context=layout)
        except Exception:
            return ""
        finally:
            root.bb_no_labels = False
        return str(text) if text is not None else ""


class _Shared:
    """The citeproc-py bibliography an engine's passes share, and the references parsed for it.

    Attributes:
        bibliography: citeproc-py's ``CitationStylesBibliography``.
        quotes: The locale's outer quotation marks (see :func:`.prepare.prepared`).
        parsed: ``id()`` of a CSL-JSON item -> the item (kept alive) and its reference.
    """

    def __init__(self, bibliography: Any, quotes: tuple[str, str]) -> None:
        self.bibliography = bibliography
        self.quotes = quotes
        self.parsed: dict[int, tuple[dict[str, Any], Any]] = {}

    def reference(self, item: dict[str, Any]) -> Any:
        """Return citeproc-py's reference of a CSL-JSON item, parsed on first use."""
        found = self.parsed.get(id(item))
        if found is not None and found[0] is item:
            return found[1]
        from citeproc.source.json import CiteProcJSON

        (reference,) = CiteProcJSON([prepared(item, self.quotes)]).values()
        if "event" in reference:
            dict.__setitem__(reference, "event_title", reference["event"])
        for name in _HYPHENATED_NAMES:
            if name.replace("-", "_") in reference:
                # citeproc-py's cs:names looks roles up by their hyphenated names
                dict.__setitem__(reference, name, reference[name.replace("-", "_")])
        self.parsed[id(item)] = (item, reference)
        return reference


def load(path: Path, locale: str | None = None, *, validate: bool = False) -> Engine:
    """Load a CSL style file with our element classes and the bundled (or citeproc-py) locales.

    Raises:
        ValueError: The file is not a CSL style, or the locale is unknown.
    """
    from citeproc.frontend import CitationStylesStyle

    caught: list[str] = []
    with _captured(caught):
        style = CitationStylesStyle.__new__(CitationStylesStyle)
        xml = _parse(path, validate, caught)
        style.xml = xml
        style.root = xml.getroot()
        if not hasattr(style.root, "bibliography") or style.root.tag != qualified("style"):
            raise ValueError(f"{path}: not a CSL style")
        chosen = locale or style.root.get("default-locale") or "en-US"
        _set_locales(style.root, chosen)
        style.root.formatter = formatter()
        style.root.bb_frames = []
        style.root.bb_keep = list(style.root.iter())
        style.root.bb_xpath = True  # remember XPath results (patches._Memo)
    return Engine(style, _style_facts(style.root), caught)


def _parse(path: Path, validate: bool, caught: list[str]) -> Any:
    from lxml import etree  # type: ignore[import-untyped]

    lookup = etree.ElementNamespaceClassLookup()
    namespace = lookup.get_namespace("http://purl.org/net/xbiblio/csl")
    for name, cls in element_classes().items():
        namespace[name] = cls

    namespace[None] = generic_class()
    parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True)
    parser.set_element_class_lookup(lookup)
    try:
        xml = etree.parse(str(path), parser)
    except (OSError, etree.XMLSyntaxError) as exc:
        raise ValueError(f"{path}: cannot parse style: {exc}") from None
    if validate:
        from citeproc import SCHEMA_PATH

        schema = etree.RelaxNG(etree.parse(SCHEMA_PATH))
        if not schema.validate(xml):
            caught.append(f"style does not validate against the CSL schema: {schema.error_log}")
    return xml


def _set_locales(root: Any, chosen: str) -> None:
    """Set the locale search list: in-style locales, then ours, then citeproc-py's."""
    from citeproc.frontend import CitationStylesLocale

    root.locales = []
    for expr in (
        f'./cs:locale[@xml:lang="{chosen}"]',
        f'./cs:locale[@xml:lang="{chosen.split("-")[0]}"]',
        "./cs:locale[not(@xml:lang)]",
    ):
        root.locales.extend(root.xpath_search(expr))
    candidates = [chosen, "en-US"] if chosen != "en-US" else ["en-US"]
    for name in candidates:
        ours = LOCALES_DIR / f"locales-{name}.xml"
        if ours.is_file():
            locale_root = _parse(ours, False, []).getroot()
            locale_root.bb_keep = list(locale_root.iter())
            locale_root.bb_xpath = True
        else:
            try:
                locale_root = CitationStylesLocale(name, validate=False).root
            except ValueError:
                continue
        root.locales.append(locale_root)
    for locale_root in root.locales:
        locale_root.style = root


def _style_facts(root: Any) -> StyleFacts:
    bibliography = root.bibliography
    citation = root.citation
    layout = bibliography.layout
    numeric = bool(layout.xpath(".//cs:text[@variable='citation-number']", namespaces=NS))
    if not numeric:
        for macro_name in layout.xpath(".//cs:text/@macro", namespaces=NS):
            macro = root.xpath(f"cs:macro[@name='{macro_name}']", namespaces=NS)
            if macro and macro[0].xpath(".//cs:text[@variable='citation-number']", namespaces=NS):
                numeric = True
    sort = bibliography.find("cs:sort", root.nsmap)
    descending = tuple(
        key.get("sort", "ascending").lower() == "descending"
        for key in (sort.findall("cs:key", root.nsmap) if sort is not None else ())
    )
    return StyleFacts(
        has_sort=sort is not None,
        descending=descending,
        numeric=numeric,
        second_field_align=bibliography.get("second-field-align") is not None,
        year_suffix=(citation.get("disambiguate-add-year-suffix", "false") == "true"),
        add_names=(citation.get("disambiguate-add-names", "false") == "true"),
        substitute=bibliography.get("subsequent-author-substitute"),
        substitute_rule=bibliography.get("subsequent-author-substitute-rule", "complete-all"),
        punctuation_in_quote=root.get_locale_option("punctuation-in-quote").lower() == "true",
    )


def _leading_names(root: Any) -> Any:
    """Return the first ``cs:names`` the bibliography layout renders (through macros)."""

    def first_names(element: Any, depth: int = 0) -> Any:
        if depth > 20:
            return None
        for child in element.iterchildren():
            tag = child.tag.split("}")[-1] if isinstance(child.tag, str) else ""
            if tag == "names":
                return child
            if tag == "text" and child.get("macro"):
                macro = root.xpath(f"cs:macro[@name='{child.get('macro')}']", namespaces=NS)
                found = first_names(macro[0], depth + 1) if macro else None
                if found is not None:
                    return found
                if macro and _calls_anything(macro[0]):
                    return None
            elif tag in ("group", "choose", "if", "else-if", "else"):
                found = first_names(child, depth + 1)
                if found is not None:
                    return found
                if tag == "group" and _calls_anything(child):
                    return None
            elif tag in ("text", "date", "number", "label"):
                return None
        return None

    return first_names(root.bibliography.layout)


def _calls_anything(element: Any) -> bool:
    return bool(element.xpath(".//cs:text|.//cs:date|.//cs:number", namespaces=NS))


def _first_child(layout: Any) -> Any:
    for child in layout.iterchildren():
        if isinstance(child.tag, str):
            return child
    return None


def _render_text(element: Any, item: Any) -> str:
    from citeproc.source import VariableError

    layout = element.get_layout()
    layout.repressed = {}
    try:
        text = element.render(item)
    except VariableError:
        return ""
    return str(text) if text is not None else ""


def _sort_text(key: Any) -> str | None:
    """Return a sort key as pandoc compares them: lower case, punctuation and affixes ignored."""
    if key is None:
        return None
    text = re.sub(r"(?<=\w)['’](?=\w)", "", marked.visible(str(key)).lower())  # O’Neal: oneal
    text = " ".join(re.sub(r"[^\w\s]", " ", text).split())
    return text or None


@contextlib.contextmanager
def _captured(sink: list[str]) -> Iterator[None]:
    """Catch citeproc-py's warnings into ``sink`` (as text) instead of letting them escape."""
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            sink.extend(" ".join(str(record.message).split()) for record in records)


@functools.lru_cache(maxsize=1)
def _item_class() -> type:
    """A ``CitationItem`` whose number is a placeholder and whose bibliography is set directly."""
    from citeproc import CitationItem
    from citeproc.string import String

    class Item(CitationItem):  # type: ignore[misc]
        @property
        def bibliography(self) -> Any:
            return dict.__getitem__(self, "_bibliography")

        @property
        def number(self) -> Any:
            return String(marked.NUMBER)

        @property
        def reference(self) -> Any:
            found = dict.get(self, "_reference")
            if found is None:
                found = self.bibliography.source[dict.__getitem__(self, "key")]
                dict.__setitem__(self, "_reference", found)
            return found

    return Item
