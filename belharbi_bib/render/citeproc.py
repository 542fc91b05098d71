"""The one citeproc-py adapter: CSL styles rendered into marked text (see :mod:`.marked`).

citeproc-py implements only part of CSL. The gaps that change what a reader sees for our data
are closed here, with element classes that replace citeproc-py's own for one style document:

- groups are suppressed as the specification says (a group whose variables are all empty
  disappears even when it also holds terms: IEEE's "[Online]" without a URL date);
- ``text-case="title"`` follows the specification and pandoc (hyphenated words, stop words,
  words that are not lower case left alone, no spaces added around case-protected text);
- quoted text is marked so that punctuation moves inside the quotes when the locale says so;
- ``initialize="false"`` keeps given names whole (MLA);
- an implicit ``year-suffix`` is appended to the first year when the style does not print it;
- citation numbers are placeholders, filled in by the caller once the list order is known.

Year-suffix disambiguation, subsequent-author substitution and the list order are computed by
the caller (:mod:`belharbi_bib.render.engine`) from what this adapter reports per item. Every
warning citeproc-py emits is caught and returned as text (never raised).
"""

from __future__ import annotations

import contextlib
import functools
import re
import types
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from belharbi_bib.render import marked, textcase
from belharbi_bib.render.styles import LOCALES_DIR

_SUPPORTED_KEYS = {
    "abstract", "annote", "archive", "archive_location", "archive-place", "authority",
    "call-number", "citation-label", "collection-title", "container-title",
    "container-title-short", "dimensions", "DOI", "event", "event-place", "genre", "ISBN",
    "ISSN", "jurisdiction", "keyword", "language", "medium", "note", "original-publisher",
    "original-publisher-place", "original-title", "page", "page-first", "PMCID", "PMID",
    "publisher", "publisher-place", "references", "section", "source", "status", "title",
    "title-short", "URL", "version", "year-suffix", "author", "collection-editor", "composer",
    "container-author", "editor", "editorial-director", "illustrator", "interviewer",
    "original-author", "recipient", "translator", "accessed", "container", "event-date",
    "issued", "original-date", "submitted", "chapter-number", "collection-number", "edition",
    "issue", "number", "number-of-pages", "number-of-volumes", "volume", "id", "type",
}  # fmt: skip
"""CSL-JSON keys citeproc-py accepts (others would make it warn)."""

_VERBATIM = {"URL", "DOI", "ISBN", "ISSN", "id", "type", "language"}


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

    def sort_keys(self, items: Sequence[dict[str, Any]]) -> list[tuple[str | None, ...] | None]:
        """Return the bibliography sort keys of each item (lower case, punctuation ignored).

        An item whose keys cannot be computed gets None (it is reported by :meth:`render`).
        """
        with _captured(self.warnings):
            _bibliography, cited = self._bibliography(items)
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
            bibliography, cited = self._bibliography(items)
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
    ) -> list[tuple[str, str, str] | None]:
        """Return ``(label, names, body)`` marked text of each item (numbers as placeholders).

        An item citeproc-py cannot render gets None; one that renders empty gets an empty body.

        The middle part is the entry's leading name list as rendered, for subsequent-author
        substitution (empty unless ``names``). ``expand`` gives, per item id, how many names to
        show before "et al." (-1: all), as name disambiguation does in pandoc's bibliographies.
        """
        with _captured(self.warnings):
            _bibliography, cited = self._bibliography(items)
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

    def _bibliography(self, items: Sequence[dict[str, Any]]) -> tuple[Any, list[Any]]:
        from citeproc import CitationStylesBibliography
        from citeproc.source.json import CiteProcJSON

        source = CiteProcJSON([_prepared(item) for item in items])
        originals = {str(i["id"]).lower(): i for i in items}
        for key, reference in source.items():
            if "event" in reference:
                dict.__setitem__(reference, "event_title", reference["event"])
            original = originals[key]
            if "year-suffix" in original:
                dict.__setitem__(reference, "year_suffix", original["year-suffix"])
        bibliography = CitationStylesBibliography(self.style, source, _formatter())
        cited = [_item_class()(str(item["id"])) for item in items]
        for item in cited:
            dict.__setitem__(item, "_bibliography", bibliography)
        return bibliography, cited

    def _names(self, element: Any, item: Any) -> str:
        if element is None:
            return ""
        layout = self.style.root.bibliography.layout
        layout.repressed = {}
        try:
            text = element.render(item, context=self.style.root.bibliography.layout)
        except Exception:
            return ""
        return str(text) if text is not None else ""


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
        if not hasattr(style.root, "bibliography") or style.root.tag != _tag("style"):
            raise ValueError(f"{path}: not a CSL style")
        chosen = locale or style.root.get("default-locale") or "en-US"
        _set_locales(style.root, chosen)
        style.root.formatter = _formatter()
        style.root.bb_frames = []
        style.root.bb_keep = list(style.root.iter())
        style.root.bb_xpath = {}
    return Engine(style, _style_facts(style.root), caught)


def _tag(name: str) -> str:
    return "{http://purl.org/net/xbiblio/csl}" + name


def _parse(path: Path, validate: bool, caught: list[str]) -> Any:
    from lxml import etree  # type: ignore[import-untyped]

    lookup = etree.ElementNamespaceClassLookup()
    namespace = lookup.get_namespace("http://purl.org/net/xbiblio/csl")
    for name, cls in _element_classes().items():
        namespace[name] = cls

    namespace[None] = _generic_class()
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
            locale_root.bb_xpath = {}
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
    numeric = bool(layout.xpath(".//cs:text[@variable='citation-number']", namespaces=_NS))
    if not numeric:
        for macro_name in layout.xpath(".//cs:text/@macro", namespaces=_NS):
            macro = root.xpath(f"cs:macro[@name='{macro_name}']", namespaces=_NS)
            if macro and macro[0].xpath(".//cs:text[@variable='citation-number']", namespaces=_NS):
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


_NS = {"cs": "http://purl.org/net/xbiblio/csl"}


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
                macro = root.xpath(f"cs:macro[@name='{child.get('macro')}']", namespaces=_NS)
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
    return bool(element.xpath(".//cs:text|.//cs:date|.//cs:number", namespaces=_NS))


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
    text = marked.visible(str(key)).lower()
    text = " ".join(re.sub(r"[^\w\s]", " ", text).split())
    return text or None


def _prepared(item: dict[str, Any]) -> dict[str, Any]:
    """Return an item as citeproc-py takes it: supported keys, ``event``, curly apostrophes."""
    out: dict[str, Any] = {}
    for key, value in item.items():
        if key == "event-title":
            key = "event"
        if key not in _SUPPORTED_KEYS or key == "year-suffix":
            continue
        out[key] = _clean(value, verbatim=key in _VERBATIM)
    if "event" in out and "event" in item and "event-title" in item:
        out["event"] = _clean(item["event-title"], verbatim=False)
    return out


def _clean(value: Any, *, verbatim: bool) -> Any:
    if isinstance(value, str):
        text = marked.strip_sentinels(value)
        return text if verbatim else rich_text(smart_quotes(_APOSTROPHE.sub("’", text)))
    if isinstance(value, list):
        return [_clean(v, verbatim=verbatim) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v, verbatim=verbatim) for k, v in value.items()}
    return value


_APOSTROPHE = re.compile(r"(?<=\w)'")


def smart_quotes(text: str) -> str:
    """Turn paired straight double quotes into curly ones, as citeproc-js reads rich text.

    >>> smart_quotes('"We talk": the "x" and 5" of "y')
    '“We talk”: the “x” and 5" of "y'
    """
    if '"' not in text:
        return text
    out: list[str] = []
    opened = -1
    for index, char in enumerate(text):
        if char != '"':
            out.append(char)
            continue
        before = text[index - 1] if index else " "
        if opened < 0 and (before.isspace() or before in "([{/–—-" or before >= "\ue000"):
            opened = len(out)
            out.append(char)
        elif opened >= 0:
            out[opened] = "“"
            out.append("”")
            opened = -1
        else:
            out.append(char)
    return "".join(out)


_RICH_TAG = re.compile(
    r'<(/?)(i|b|sup|sub|sc)>|<span\s+class="(nocase|nodecor)"\s*>'
    r'|<span\s+style="font-variant:\s*small-caps;?"\s*>|</span>'
)
_RICH_MARKS = {
    "i": marked.EMPH,
    "b": marked.STRONG,
    "sup": marked.SUPERSCRIPT,
    "sub": marked.SUBSCRIPT,
    "sc": marked.SMALLCAPS,
}


def rich_text(text: str) -> str:
    """Turn CSL rich text markup (``<i>``, ``<b>``, ``<sup>``, ``<sub>``, small caps) into marks.

    ``nocase`` spans stay (citeproc-py reads them); ``nodecor`` spans are dropped; anything
    else is text.

    >>> rich_text('H<sub>2</sub>O <span class="nocase">iPhone</span> a <c>')
    'H\ue0082\ue009O <span class="nocase">iPhone</span> a <c>'
    """
    if "<" not in text:
        return text
    out: list[str] = []
    spans: list[str] = []
    last = 0
    for match in _RICH_TAG.finditer(text):
        out.append(text[last : match.start()])
        last = match.end()
        closing, name, span = match.group(1), match.group(2), match.group(3)
        whole = match.group(0)
        if name:
            out.append(_RICH_MARKS[name][1 if closing else 0])
        elif whole == "</span>":
            kind = spans.pop() if spans else "nocase"
            out.append({"nocase": whole, "sc": marked.SMALLCAPS[1]}.get(kind, ""))
        elif span == "nocase":
            spans.append("nocase")
            out.append(whole)
        elif span == "nodecor":
            spans.append("nodecor")
        else:
            spans.append("sc")
            out.append(marked.SMALLCAPS[0])
    out.append(text[last:])
    return "".join(out)


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
def _formatter() -> types.SimpleNamespace:
    """Return a citeproc-py formatter that writes sentinels (see :mod:`.marked`)."""

    def wrapper(pair: tuple[str, str]) -> Any:
        return lambda text: f"{pair[0]}{text}{pair[1]}"

    return types.SimpleNamespace(
        preformat=lambda text: marked.strip_sentinels(str(text)),
        Italic=wrapper(marked.EMPH),
        Oblique=wrapper(marked.EMPH),
        Bold=wrapper(marked.STRONG),
        Light=str,
        Underline=str,
        Superscript=wrapper(marked.SUPERSCRIPT),
        Subscript=wrapper(marked.SUBSCRIPT),
        SmallCaps=wrapper(marked.SMALLCAPS),
    )


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


def apply_case(text: Any, case: str) -> Any:
    """Apply a CSL ``text-case`` to citeproc-py text (``String`` or ``MixedString``).

    ``nocase`` parts are left alone; the rules are in :mod:`belharbi_bib.render.textcase`.
    """
    from citeproc.string import MixedString, NoCase, String

    segments = [(isinstance(s, NoCase), str(s)) for s in _flat(text)]
    changed = textcase.CASES[case](segments)
    pieces = [NoCase(t) if protected else String(t) for protected, t in changed if t]
    if len(pieces) == 1 and not isinstance(pieces[0], NoCase):
        return pieces[0]
    return MixedString(pieces)


def _flat(text: Any) -> list[Any]:
    from citeproc.string import MixedString, String

    if isinstance(text, MixedString):
        return [piece for part in text for piece in _flat(part)]
    if isinstance(text, String):
        return [text]
    return [String(str(text))]


@functools.lru_cache(maxsize=1)
def _element_classes() -> dict[str, type]:
    """Return citeproc-py's element classes by tag, with our fixes for some of them."""
    from citeproc import model
    from citeproc.source import VariableError

    classes: dict[str, type] = {
        cls.__name__.replace("_", "-").lower(): cls
        for cls in model.CitationStylesElement.__subclasses__()
    }

    def report(element: Any, called: bool, rendered: bool) -> None:
        frames = getattr(element.get_root(), "bb_frames", None)
        if frames:
            frames[-1][0] = frames[-1][0] or called
            frames[-1][1] = frames[-1][1] or rendered

    class Reporting:
        """Tell the enclosing group whether a variable was called and rendered."""

        def render(self, *args: Any, **kwargs: Any) -> Any:
            calls = self.bb_calls()
            if self.bb_repressed(kwargs.get("context")):
                report(self, calls, False)
                raise VariableError
            try:
                result = super().render(*args, **kwargs)  # type: ignore[misc]
            except VariableError:
                report(self, calls, False)
                raise
            rendered = calls and result is not None and str(result) != ""
            report(self, calls, rendered)
            collect = getattr(self.get_root(), "bb_collect", None)
            if rendered and collect is not None:
                collect.extend((self.get("variable") or "").split())  # type: ignore[attr-defined]
            return result

        def bb_calls(self) -> bool:
            return True

        def bb_repressed(self, context: Any) -> bool:
            """A number or date a substitute already printed (text and names check it)."""
            variable = self.get("variable")  # type: ignore[attr-defined]
            tag = self.tag  # type: ignore[attr-defined]
            if not variable or tag not in (_tag("number"), _tag("date")):
                return False
            try:
                layout = (context if context is not None else self).get_layout()
            except IndexError:
                return False
            return variable in getattr(layout, "repressed", {}).get(tag, [])

    class Text(Reporting, model.Text):  # type: ignore[misc]
        def bb_calls(self) -> bool:
            variable = self.get("variable")
            return bool(variable) and variable not in ("year-suffix", "citation-number")

        def _variable(self, item: Any, context: Any) -> Any:
            text = super()._variable(item, context)
            variable = self.get("variable") or ""
            if text is not None and variable in _NUMBER_VARIABLES and is_numeric(str(text)):
                from citeproc.string import String

                # a numeric range prints with an en dash, as citeproc-js prints it
                return String(re.sub(r"(?<=\w)\s*-+\s*(?=\w)", "\u2013", str(text)))
            return text

        def quote(self, string: Any) -> Any:
            if self.get("quotes", "false").lower() != "true":
                return string
            opened = self.get_single_term(name="open-quote")
            closed = self.get_single_term(name="close-quote")
            inner = (
                self.get_single_term(name="open-inner-quote"),
                self.get_single_term(name="close-inner-quote"),
            )
            if inner[0] and inner[1] and str(opened) == "“":
                string = string.replace("“", str(inner[0])).replace("”", str(inner[1]))
            return marked.QUOTED[0] + opened + string + closed + marked.QUOTED[1]

    class Names(Reporting, model.Names):  # type: ignore[misc]
        def process(
            self, item: Any, names_context: Any = None, context: Any = None, **kw: Any
        ) -> Any:
            layout = (context if context is not None else self).get_layout()
            repressed = " ".join(v or "" for v in layout.repressed.get(self.tag, [])).split()
            roles = (self.get("variable") or "").split()
            kept = [role for role in roles if role not in repressed]
            if kept == roles:
                return super().process(item, names_context=names_context, context=context, **kw)
            if not kept:
                raise VariableError  # CSL 1.0.2 § Substitute: a substituted variable prints once
            self.set("variable", " ".join(kept))
            try:
                return super().process(item, names_context=names_context, context=context, **kw)
            finally:
                self.set("variable", " ".join(roles))

    class Number(Reporting, model.Number):  # type: ignore[misc]
        pass

    class Date(Reporting, model.Date):  # type: ignore[misc]
        def render_single_date(self, date: Any, show_parts: Any = None, context: Any = None) -> Any:
            if self.is_locale_date() and self.get("delimiter") is not None:
                parts = self.parts(date, show_parts, context)
                return self.join(parts) if parts else None  # the locale date's delimiter
            return super().render_single_date(date, show_parts, context)

        def render(self, item: Any, *args: Any, **kwargs: Any) -> Any:
            if getattr(self.get_root(), "bb_sort_dates", False):
                return _date_sort_key(self, item)
            result = super().render(item, *args, **kwargs)
            suffix = _implicit_suffix(self, item)
            if result is not None and suffix:
                text = str(result)
                new = re.sub(r"(\d{4})", lambda m: m.group(1) + suffix, text, count=1)
                if new != text:
                    from citeproc.string import String

                    dict.__setitem__(item, "_suffix_done", True)
                    return String(new)
            return result

    class Name(model.Name):  # type: ignore[misc]
        def process(self, item: Any, variable: Any, *args: Any, **kwargs: Any) -> Any:
            root = self.get_root()
            if getattr(root, "bb_rendering", False):
                root.bb_expand = dict.get(item, "_bb_expand")
            root.bb_sorting = kwargs.get("sort_options") is not None
            try:
                return super().process(item, variable, *args, **kwargs)
            finally:
                root.bb_expand = None
                root.bb_sorting = False

        def et_al(self) -> Any:
            if getattr(self.get_root(), "bb_sorting", False):
                from citeproc.string import String

                return String("")  # sort keys leave out "et al." (CSL 1.0.2, pandoc)
            return super().et_al()

        def get_option(self, name: str, context: Any = None, sort_options: Any = None) -> Any:
            value = super().get_option(name, context, sort_options)
            if name == "and" and getattr(self.get_root(), "bb_sorting", False):
                return None  # sort keys leave out "and" (a name list sorts name by name)
            expand = getattr(self.get_root(), "bb_expand", None)
            if expand and sort_options is None:
                if name == "et-al-min" and expand < 0:
                    return 10**6
                if name == "et-al-use-first" and expand > 0:
                    return max(int(value), expand)
            return value

        def initialize(self, given: Any, mark: Any, context: Any) -> Any:
            if self.get("initialize", "true").lower() == "false":
                return given
            return super().initialize(given, mark, context)

    class Group(model.Group):  # type: ignore[misc]
        def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
            root = self.get_root()
            frames = getattr(root, "bb_frames", None)
            if frames is None:
                return super().process(item, context=context, **kwargs)
            frame = [False, False]
            frames.append(frame)
            output = []
            delimiter = self.get("delimiter", "")
            try:
                for child in self.iterchildren():
                    try:
                        if isinstance(child, model.Choose):
                            text = child.render(
                                item, context=context, delimiter=delimiter, **kwargs
                            )
                        else:
                            text = child.render(item, context=context, **kwargs)
                    except VariableError:
                        continue
                    if text is not None and str(text) != "":
                        output.append(text)
            finally:
                frames.pop()
            called, rendered = frame
            if frames:
                frames[-1][0] = frames[-1][0] or called
            if output and (not called or rendered):
                if frames:
                    # a nested group that renders counts as a non-empty variable for its parent
                    # (CSL 1.0.2 § Group): IEEE's "[Online]" beside an empty "accessed" date
                    frames[-1][1] = True
                return self.join(output)
            raise VariableError

    class Numeric:
        """``is-numeric`` as CSL 1.0.2 defines it (see :func:`is_numeric`)."""

        def _is_numeric(self, item: Any) -> list[bool]:
            results = []
            for variable in self.get("is-numeric").split():  # type: ignore[attr-defined]
                key = variable.replace("-", "_")
                value = item.reference.get(key) if key in item.reference else None
                results.append(value is not None and is_numeric(str(value)))
            return results

    class NotDisambiguating:
        """``disambiguate="true"`` tests the last step of disambiguation, which we never reach.

        citeproc-py ignores the attribute and so takes such a branch always (MLA then puts the
        title in every cite, and every cite differs).
        """

        def render(self, item: Any, *args: Any, **kwargs: Any) -> Any:
            if self.get("disambiguate", "false").lower() == "true":  # type: ignore[attr-defined]
                raise model.ConditionFailed
            return super().render(item, *args, **kwargs)  # type: ignore[misc]

    class If(NotDisambiguating, Numeric, model.If):  # type: ignore[misc]
        pass

    class Else_If(NotDisambiguating, Numeric, model.Else_If):  # type: ignore[misc]
        pass

    classes.update({"text": Text, "names": Names, "number": Number, "date": Date, "name": Name})

    class Label(model.Label):  # type: ignore[misc]
        def process(self, item: Any, variable: Any = None, *args: Any, **kwargs: Any) -> Any:
            root = self.get_root()
            if getattr(root, "bb_sort_dates", False) and self.getparent().tag == _tag("names"):
                return None  # name sort keys leave out the role ("ed.")
            name = self.get("variable") if variable is None else None
            if name and name != "locator" and not _has_variable(item, name):
                return None  # CSL 1.0.2 § Label: only rendered when the variable is not empty
            return super().process(item, variable, *args, **kwargs)

    class Substitute(model.Substitute):  # type: ignore[misc]
        """Suppress every variable the substitute printed (CSL 1.0.2 § Substitute).

        citeproc-py suppresses only a ``variable`` attribute of the child itself, not what a
        macro printed.
        """

        def render(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
            root = self.get_root()
            outer = getattr(root, "bb_collect", None)
            for child in self.getchildren():
                root.bb_collect = []
                try:
                    if isinstance(child, model.Names) and child.name is None:
                        names = self.xpath_search("./parent::cs:names[1]")[0]
                        text = child.render(item, names_context=names, context=context, **kwargs)
                    else:
                        text = child.render(item, context=context, **kwargs)
                except VariableError:
                    continue
                finally:
                    printed, root.bb_collect = root.bb_collect, outer
                if text:
                    self.add_to_repressed_list(child, context)
                    layout = (context if context is not None else self).get_layout()
                    for variable in printed:
                        for tag in ("text", "number", "date", "names"):
                            layout.repressed.setdefault(_tag(tag), []).append(variable)
                    if outer is not None:
                        outer.extend(printed)
                    return text
            return None

    classes.update({"if": If, "else-if": Else_If, "label": Label, "substitute": Substitute})
    classes["group"] = Group
    return {
        name: type(
            cls.__name__,
            (_Memo, _Cased, cls) if issubclass(cls, model.TextCased) else (_Memo, cls),
            {},
        )
        for name, cls in classes.items()
    }


_NUMBER_VARIABLES = frozenset(
    {
        *("chapter-number", "collection-number", "edition", "issue", "number"),
        *("number-of-pages", "number-of-volumes", "volume", "part-number", "supplement-number"),
    }
)


def _has_variable(item: Any, name: str) -> bool:
    try:
        value = item.reference.get(name.replace("-", "_"))
    except Exception:
        return False
    return value is not None and str(value) != ""


class _Cased:
    """``text-case`` as CSL 1.0.2 defines it (see :mod:`.textcase`), on every element."""

    def case(self, text: Any, language: Any = None) -> Any:
        case = self.get("text-case")  # type: ignore[attr-defined]
        if case is None or text is None or case not in textcase.CASES:
            return text
        if case == "title" and language not in (None, "en"):
            return text
        return apply_case(text, case)


@functools.lru_cache(maxsize=1)
def _generic_class() -> type:
    """citeproc-py's class for elements without one of their own (``cs:terms`` ...), memoizing."""
    from citeproc.model import CitationStylesElement

    return type("CitationStylesElement", (_Memo, CitationStylesElement), {})


class _Memo:
    """Remember XPath results per element: the style tree never changes once loaded.

    citeproc-py looks up the same ancestors and macros tens of thousands of times per list.
    Element proxies are kept alive by the root (``bb_keep``), so their ids stay valid.
    """

    def get_formatter(self) -> Any:
        return _formatter()  # the only formatter we ever render with

    def xpath_search(self, expression: str) -> Any:
        root = self.get_root()  # type: ignore[attr-defined]
        memo = getattr(root, "bb_xpath", None)
        if memo is None:
            return super().xpath_search(expression)  # type: ignore[misc]
        key = (id(self), expression)
        found = memo.get(key)
        if found is None:
            found = super().xpath_search(expression)  # type: ignore[misc]
            memo[key] = found
        return found


def is_numeric(value: str) -> bool:
    """Return True when a value is numeric as CSL 1.0.2 defines it (§ Choose, ``is-numeric``).

    Numbers with letter prefixes or suffixes (``D2``, ``2b``, ``L2d``), separated by commas,
    hyphens or ampersands: ``2nd`` is numeric, ``2nd ed`` and ``arXiv:1911.10720`` are not.

    >>> is_numeric("12-14"), is_numeric("2, 3 & 5"), is_numeric("L2d"), is_numeric("")
    (True, True, True, False)
    >>> is_numeric("arXiv:1911.10720"), is_numeric("2nd ed"), is_numeric("second")
    (False, False, False)
    """
    tokens = re.split(r"\s*[,&–-]\s*", value.strip())
    return bool(value.strip()) and all(_NUMBER.fullmatch(token) for token in tokens)


_NUMBER = re.compile(r"[^\W\d_]*\d+[^\W\d_]*")


def _date_sort_key(element: Any, item: Any) -> Any:
    """Return a date as a sort key (``YYYYMMDD``, missing parts zeros), the parts it shows."""
    from citeproc.string import String

    variable = (element.get("variable") or "").replace("-", "_")
    try:
        date = item.reference.get(variable)
    except Exception:
        return None
    if date is None:
        return None
    names = [part.get("name") for part in element.iterchildren() if part.get("name")]
    shown = element.get("date-parts", "year-month-day")
    if names and not element.get("form"):
        shown = "-".join(n for n in ("year", "month", "day") if n in names)
    key = str(date.sort_key())
    width = {"year": 5, "year-month": 7}.get(shown, 9)
    return String("-".join(piece[:width] for piece in key.split("-")))


def _implicit_suffix(element: Any, item: Any) -> str:
    """Return the year suffix to append to this date, when the style does not print it."""
    if element.get("variable") != "issued":
        return ""
    try:
        suffix = item.reference.get("year_suffix")
    except Exception:
        return ""
    if not suffix or dict.get(item, "_suffix_done"):
        return ""
    root = element.get_root()
    explicit = root.bibliography.layout.xpath("//cs:text[@variable='year-suffix']", namespaces=_NS)
    if explicit:
        return ""
    if not element.xpath("ancestor::cs:bibliography|ancestor::cs:macro", namespaces=_NS):
        return ""
    return str(suffix)
