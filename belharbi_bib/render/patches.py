"""citeproc-py's element classes with the gaps we close (see docs/citeproc-ledger.md).

Each class replaces citeproc-py's own for the elements of one loaded style (an lxml namespace
class lookup): nothing of citeproc-py is changed globally. The ledger lists each gap, the test
that proves it closed and the citeproc-py version it was checked against
(:data:`belharbi_bib.render.citeproc.CITEPROC_PY`).
"""

from __future__ import annotations

import functools
import re
import types
from typing import Any

from belharbi_bib import patterns
from belharbi_bib.render import marked, textcase

NS = {"cs": "http://purl.org/net/xbiblio/csl"}


def qualified(name: str) -> str:
    """Return the qualified name of a CSL element."""
    return "{http://purl.org/net/xbiblio/csl}" + name


@functools.lru_cache(maxsize=1)
def formatter() -> types.SimpleNamespace:
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
def element_classes() -> dict[str, type]:
    """Return citeproc-py's element classes by tag, with our fixes for some of them."""
    from citeproc import model
    from citeproc.source import VariableError
    from citeproc.string import String

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
            collect = getattr(self.get_root(), "bb_collect", None)  # type: ignore[attr-defined]
            if rendered and collect is not None:
                collect.extend((self.get("variable") or "").split())  # type: ignore[attr-defined]
            return result

        def bb_calls(self) -> bool:
            return True

        def bb_repressed(self, context: Any) -> bool:
            """A number or date a substitute already printed (text and names check it)."""
            variable = self.get("variable")  # type: ignore[attr-defined]
            tag = self.tag  # type: ignore[attr-defined]
            if not variable or tag not in (qualified("number"), qualified("date")):
                return False
            try:
                layout = (context if context is not None else self).get_layout()  # type: ignore[union-attr]
            except IndexError:
                return False
            return variable in getattr(layout, "repressed", {}).get(tag, [])

    class Text(Reporting, model.Text):  # type: ignore[misc]
        def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
            # citeproc-py's, reading the language without raising (and catching) VariableError
            # for each item that has none
            if context is None:
                context = self
            reference = item.reference
            if "language" in reference:
                language = reference["language"][:2]
            else:
                language = self.get_root().get("default-locale", "en")[:2]
            if self.get("variable") is not None:
                text = self._variable(item, context)
            elif self.get("macro") is not None:
                text = self.get_macro(self.get("macro")).render(item, context)
            elif self.get("term") is not None:
                text = self._term(item)
            elif self.get("value") is not None:
                text = String(self.preformat(self.get("value")))
            else:
                raise UnboundLocalError("text")  # as citeproc-py fails on such an element
            return text, language

        def bb_calls(self) -> bool:
            variable = self.get("variable")
            return bool(variable) and variable not in ("year-suffix", "citation-number")

        def _format_last_page(self, first: str, last: str) -> str:
            if first == last:
                return last  # "14-14" stays "14–14", as citeproc-js prints it
            if len(first) != len(last):
                return last  # "10–119", "1–19": nothing to leave out (CSL 1.0.2 § Page Ranges)
            return str(super()._format_last_page(first, last))

        def _process(self, value: Any, variable: str) -> Any:
            if variable == "page" and not is_numeric(str(value)):
                return str(value)  # "No Pagination Specified-…" is no range (citeproc-js)
            return super()._process(value, variable)

        def _variable(self, item: Any, context: Any) -> Any:
            text = super()._variable(item, context)
            variable = self.get("variable") or ""
            if text is not None and variable in _NUMBER_VARIABLES and is_numeric(str(text)):
                from citeproc.string import String

                # a numeric range prints with the locale's (or style's) range delimiter
                dash = _range_delimiter(self, variable)
                return String(re.sub(r"(?<=\w)\s*-+\s*(?=\w)", dash, str(text)))
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
            if inner[0] and inner[1] and str(inner[0]) != str(opened):
                # a quotation in the data takes the inner quotes (en-US “‘…’”, en-GB ‘“…”’)
                outer = (str(opened), str(closed))
                string = _replace_quotes(string, outer, (str(inner[0]), str(inner[1])))
            return marked.QUOTED[0] + opened + string + closed + marked.QUOTED[1]

    class Names(Reporting, model.Names):  # type: ignore[misc]
        def process(
            self, item: Any, names_context: Any = None, context: Any = None, **kw: Any
        ) -> Any:
            try:
                layout = (context if context is not None else self).get_layout()
                repressed = " ".join(v or "" for v in layout.repressed.get(self.tag, [])).split()
            except IndexError:
                repressed = []
            roles = (self.get("variable") or "").split()
            kept = [role for role in roles if role not in repressed]
            if not kept:
                raise VariableError  # CSL 1.0.2 § Substitute: a substituted variable prints once
            self.set("variable", " ".join(kept))
            try:
                text = super().process(item, names_context=names_context, context=context, **kw)
            finally:
                self.set("variable", " ".join(roles))
            if text and any(_has_variable(item, role) for role in kept):
                from citeproc.string import NoCase

                # names keep their case under an enclosing text-case, as citeproc-js prints them
                return NoCase(str(text))
            return text

    class Number(Reporting, model.Number):  # type: ignore[misc]
        def _process(self, value: Any, variable: str) -> Any:
            text = super()._process(value, variable)
            if variable in _NUMBER_VARIABLES and text is not None:
                from citeproc.string import String

                return String(str(text).replace("\u2013", _range_delimiter(self, variable)))
            return text

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
            mark = self.get_option("initialize-with", kwargs.get("context"))
            changed = []
            if mark is not None and not root.bb_sorting:
                # a suffix's abbreviations take the initials' mark ("Jr" under
                # initialize-with=""), as citeproc-js normalizes them
                for name in _names_of(item, variable):
                    suffix = name.get("suffix")
                    if suffix and suffix != abbreviations(suffix, str(mark)):
                        changed.append((name, suffix))
                        dict.__setitem__(name, "suffix", abbreviations(suffix, str(mark)))
            try:
                return super().process(item, variable, *args, **kwargs)
            finally:
                for name, suffix in changed:
                    dict.__setitem__(name, "suffix", suffix)
                root.bb_expand = None
                root.bb_sorting = False

        def et_al(self) -> Any:
            if getattr(self.get_root(), "bb_sorting", False):
                from citeproc.string import String

                return String("")  # sort keys leave out "et al." (CSL 1.0.2, pandoc)
            return super().et_al()

        def get_option(self, name: str, context: Any = None, sort_options: Any = None) -> Any:
            if sort_options is not None and name in sort_options:
                value = super().get_option(name, context, sort_options)
            else:
                # the style's own value, the same for each option and context once loaded
                # (contexts are elements the root keeps alive, so their ids stay theirs)
                memo = self.__dict__.setdefault("_bb_options", {})
                key = (name, id(context))
                value = memo.get(key, memo)
                if value is memo:
                    value = memo[key] = super().get_option(name, context, None)
            sorting = getattr(self.get_root(), "bb_sorting", False)
            if name == "and" and sorting:
                return None  # sort keys leave out "and" (a name list sorts name by name)
            if name == "demote-non-dropping-particle" and sorting and value == "sort-only":
                return "display-and-sort"  # "von Brandt" sorts under B (CSL 1.0.2 § Names)
            expand = getattr(self.get_root(), "bb_expand", None)
            if expand and sort_options is None:
                if name == "et-al-min" and expand < 0:
                    return 10**6
                if name == "et-al-use-first" and expand > 0:
                    return max(int(value), expand)
            return value

        def initialize(self, given: Any, mark: Any, context: Any) -> Any:
            if self.get("initialize", "true").lower() == "false":
                # names stay whole; initials already there get the mark ("R Gnana" is
                # "R. Gnana"), as CSL 1.0.2 § Name-part formatting and citeproc-js do
                from citeproc.string import String

                dot = str(mark).rstrip()
                words = [
                    w.rstrip(".") + dot if len(w.rstrip(".")) == 1 and w[:1].isupper() else w
                    for w in str(given).split()
                ]
                return String(" ".join(words))
            from citeproc.string import String

            hyphen = str(self.get_option("initialize-with-hyphen", context)).lower() != "false"
            return String(initials(str(given), str(mark), hyphen=hyphen))

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

    class Condition:
        """citeproc-py's ``cs:if`` and ``cs:else-if``, their attributes read once per element.

        ``disambiguate="true"`` tests the last step of disambiguation, which we never reach:
        citeproc-py ignores the attribute and so takes such a branch always (MLA then puts the
        title in every cite, and every cite differs). The other tests are citeproc-py's, run in
        its order (every test, then ``match``).
        """

        def render(self, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
            state = self.__dict__
            plan = state.get("_bb_plan")
            if plan is None:
                plan = state["_bb_plan"] = self.bb_plan()
            never, types, variables, others, match = plan
            if never:
                raise model.ConditionFailed
            results: list[Any] = []
            if types:  # None: no test; empty: no type to compare
                kind = item.reference.type
                results += [name == kind for name in types]
            if variables is not None:
                results += [
                    ("locator" in item) if name == "locator" else (name in item.reference)
                    for name in variables
                ]
            for test in others:
                results += test(self, item, context)
            if match == "any":
                passed = any(results)
            elif match == "none":
                passed = not any(results)
            else:
                passed = all(results)
            if not passed:
                raise model.ConditionFailed
            return self.render_children(  # type: ignore[attr-defined]
                item, context=context, delimiter=delimiter, **kwargs
            )

        def bb_plan(self) -> tuple[bool, Any, Any, list[Any], str | None]:
            get = self.get  # type: ignore[attr-defined]
            never = get("disambiguate", "false").lower() == "true"
            kinds = get("type")
            names = get("variable")
            others = [
                test
                for attribute, test in (
                    ("is-numeric", lambda e, item, _c: e._is_numeric(item)),
                    ("is-uncertain-date", lambda e, item, _c: e._is_uncertain_date(item)),
                    ("locator", lambda e, item, _c: e._locator(item)),
                    ("position", lambda e, item, context: e._position(item, context)),
                )
                if get(attribute) is not None
            ]
            return (
                never,
                None if kinds is None else [kind.lower() for kind in kinds.split()],
                None if names is None else [name.replace("-", "_") for name in names.split()],
                others,
                get("match"),
            )

    class If(Condition, Numeric, model.If):  # type: ignore[misc]
        pass

    class Else_If(Condition, Numeric, model.Else_If):  # type: ignore[misc]
        pass

    classes.update({"text": Text, "names": Names, "number": Number, "date": Date, "name": Name})

    class Label(model.Label):  # type: ignore[misc]
        def process(self, item: Any, variable: Any = None, *args: Any, **kwargs: Any) -> Any:
            root = self.get_root()
            in_names = self.getparent().tag == qualified("names")
            if in_names and getattr(root, "bb_no_labels", False):
                return None  # subsequent-author-substitute compares the names alone
            if getattr(root, "bb_sort_dates", False) and in_names:
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
                            layout.repressed.setdefault(qualified(tag), []).append(variable)
                    if outer is not None:
                        outer.extend(printed)
                    return text
            return None

    classes.update({"if": If, "else-if": Else_If, "label": Label, "substitute": Substitute})
    classes["group"] = Group

    def bases(cls: type) -> tuple[type, ...]:
        mixins: list[type] = [_Memo]
        if issubclass(cls, model.TextCased):
            mixins.append(_Cased)
        if issubclass(cls, model.Formatted):
            mixins.append(_Formatted)
        return (*mixins, cls)

    return {name: type(cls.__name__, bases(cls), {}) for name, cls in classes.items()}


_NUMBER_VARIABLES = frozenset(
    {
        *("chapter-number", "collection-number", "edition", "issue", "number"),
        *("number-of-pages", "number-of-volumes", "volume", "part-number", "supplement-number"),
    }
)


def _replace_quotes(text: Any, outer: tuple[str, str], inner: tuple[str, str]) -> Any:
    """Return citeproc-py text with each quotation in ``outer`` quotes put in ``inner`` ones.

    Only paired quotes are a quotation (a closing mark followed by a letter is an apostrophe);
    a stray one stays as typed, as in citeproc-js.
    """
    from citeproc.string import MixedString, NoCase, String

    opened, closed = (re.escape(q) for q in outer)
    pair = patterns.compile(f"{opened}((?:(?!{opened}).)*?){closed}(?![^\\W\\d_])")

    def swap(piece: str) -> str:
        return pair.sub(lambda m: f"{inner[0]}{m[1]}{inner[1]}", piece)

    if isinstance(text, MixedString):
        return MixedString(
            [
                NoCase(swap(str(p))) if isinstance(p, NoCase) else String(swap(str(p)))
                for p in _flat(text)
            ]
        )
    if isinstance(text, NoCase):
        return NoCase(swap(str(text)))
    return String(swap(str(text)))


def _range_delimiter(element: Any, variable: str) -> str:
    """Return the delimiter of a numeric range in a number variable.

    ``page-range-delimiter`` (a style may redefine it: AMA's "-"), ``year-range-delimiter`` for
    ``collection-number``; an en dash when the locale has neither, as citeproc-js does.
    """
    name = "year-range-delimiter" if variable == "collection-number" else "page-range-delimiter"
    try:
        term = element.get_single_term(name=name)
    except Exception:
        term = None
    return str(term) if term else "\u2013"


def _has_variable(item: Any, name: str) -> bool:
    try:
        value = item.reference.get(name.replace("-", "_"))
    except Exception:
        return False
    return value is not None and str(value) != ""


_FORMATTING = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")


class _Formatted:
    """citeproc-py's ``format``, at once when the element has no formatting attribute."""

    def format(self, string: Any) -> Any:
        state = self.__dict__
        plain = state.get("_bb_plain")
        if plain is None:
            plain = state["_bb_plain"] = all(self.get(a) is None for a in _FORMATTING)  # type: ignore[attr-defined]
        if not plain:
            return super().format(string)  # type: ignore[misc]
        return str(string) if isinstance(string, (int, float)) else string


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
def generic_class() -> type:
    """citeproc-py's class for elements without one of their own (``cs:terms`` ...), memoizing."""
    from citeproc.model import CitationStylesElement

    return type("CitationStylesElement", (_Memo, CitationStylesElement), {})


class _Memo:
    """Remember each element's root and XPath results: the style tree never changes once loaded.

    citeproc-py looks up the same root, ancestors and macros hundreds of thousands of times per
    list. Element proxies are kept alive by the root (``bb_keep``), so what they remember in
    their own ``__dict__`` stays; a proxy lxml makes afresh only has to look it up again. XPath
    results are remembered only in the trees :func:`belharbi_bib.render.citeproc.load` marks
    (``bb_xpath``).
    """

    def get_formatter(self) -> Any:
        return formatter()  # the only formatter we ever render with

    def __getattr__(self, name: str) -> Any:
        # citeproc-py reads a child element as an attribute (``layout.sort``, ``names.name``):
        # one found stays that child (elements are only ever added where none was found)
        found = super().__getattr__(name)  # type: ignore[misc]
        if found is not None:
            self.__dict__[name] = found
        return found

    def get_root(self) -> Any:
        state = self.__dict__
        root = state.get("_bb_root")
        if root is None:
            root = state["_bb_root"] = self.getroottree().getroot()
        return root

    def xpath_search(self, expression: str) -> Any:
        memo = self.__dict__.get("_bb_xpath")
        if memo is None:
            if getattr(self.get_root(), "bb_xpath", None) is None:
                return super().xpath_search(expression)  # type: ignore[misc]
            memo = self.__dict__["_bb_xpath"] = {}
        found = memo.get(expression)
        if found is None:
            found = memo[expression] = super().xpath_search(expression)  # type: ignore[misc]
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


_NUMBER = patterns.compile(r"[^\W\d_]*\d+[^\W\d_]*")


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
    explicit = root.bibliography.layout.xpath("//cs:text[@variable='year-suffix']", namespaces=NS)
    if explicit:
        return ""
    if not element.xpath("ancestor::cs:bibliography|ancestor::cs:macro", namespaces=NS):
        return ""
    return str(suffix)


_ROMANESQUE = (
    "a-zA-Z\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05ff\u0600-\u06ff"
    "\u0e01-\u0e5b\u1f00-\u1fff"
)
"""Scripts whose given names are initialized (Latin, Greek, Cyrillic, Hebrew, Arabic, Thai)."""
_STARTS_ROMANESQUE = patterns.compile(f"^[&{_ROMANESQUE}]")
_HAS_ROMANESQUE = patterns.compile(f"[-0-9{_ROMANESQUE}]")
_GIVEN_WORD = patterns.compile(r"^([^\W\d_])([^\W\d_]*)(\.)?")
_GIVEN_SPLIT = patterns.compile(r"([-\s]+)")


@functools.lru_cache(maxsize=8192)
def initials(given: str, mark: str, *, hyphen: bool = True) -> str:
    """Return a given name initialized with ``mark`` (CSL 1.0.2 § Name-part formatting).

    Each word that starts with a capital becomes its initial and the mark; a word that is
    already an abbreviation keeps its letters ("Jr.", "Wm."); a part glued by a hyphen to a
    lower-case word stays with it ("Feng-hsiung" is "F."); words in lower case or within
    brackets are kept, and nothing is left dangling at the end. This is the reading of
    citeproc-js (``CSL.Util.Names.initializeWith``); citeproc-py's leaves a lone mark after a
    word it does not initialize ("T. (Ted G. ) .").

    >>> initials("Jean-Luc", ". "), initials("John F.", ". "), initials("Jr.", ". ")
    ('J.-L.', 'J. F.', 'Jr.')
    >>> initials("Feng-hsiung", "."), initials("Ted (Ted G )", ". "), initials("Ted (Ted G )", "")
    ('F.', 'T. (Ted G. )', 'T (Ted G)')
    >>> initials("Jean-Luc", "", hyphen=False), initials("J.M.", "."), initials("Maria de", ". ")
    ('JL', 'J.M.', 'M. de')
    """
    if given in ("Lord", "Lady") or not _STARTS_ROMANESQUE.match(given):
        return given
    name = re.sub(r"\s+", " ", re.sub(r"\s*-\s*", "-", given))
    if not hyphen:
        name = name.replace("-", " ")
    name = re.sub(r"-(?=[a-z])", "\u2013", name)
    name = re.sub(r"\.(?=[^ ])", ". ", name)
    parts = _GIVEN_SPLIT.split(name)
    for i in range(0, len(parts), 2):
        word = parts[i]
        found = _GIVEN_WORD.match(word)
        if found and found[1].isupper():
            head, rest = found[1], found[2]
            if rest and found[3]:
                head, rest = head + rest, ""
            upper = next((k for k, c in enumerate(rest) if not c.isupper()), len(rest))
            parts[i] = head + (rest[:upper].lower() if 0 < upper < len(rest) else "")
            if i + 1 < len(parts):
                parts[i + 1] = mark + "-" if "-" in parts[i + 1] else mark
            else:
                parts.append(mark)
        elif word and _HAS_ROMANESQUE.search(word) and not (found and found[3]):
            parts[i] = " " + word
    out = re.sub(r"\s*-\s*", "-", "".join(parts).rstrip(" \t\n\u00a0\ufeff"))
    return re.sub("\u2013(?=[a-z])", "-", re.sub(r"\s+", " ", out).strip())


def _names_of(item: Any, variable: str) -> list[Any]:
    try:
        names = item.reference.get(variable.replace("-", "_"))
    except Exception:
        return []
    return [n for n in names or () if isinstance(n, dict)]


def abbreviations(text: str, mark: str) -> str:
    """Return text whose abbreviations and initials end with ``mark`` (initials not added).

    A word of more than one letter ending with a period, or a single capital, is an
    abbreviation; the others stay as they are (citeproc-js's normalization of suffixes).

    >>> abbreviations("Jr.", ""), abbreviations("Jr.", ". "), abbreviations("John F.", "")
    ('Jr', 'Jr.', 'John F')
    >>> abbreviations("III", ". "), abbreviations("Sr", ".")
    ('III', 'Sr')
    """
    words = text.split()
    out = []
    for index, word in enumerate(words):
        bare = word[:-1] if len(word) > 1 and word.endswith(".") else word
        abbreviated = bare != word or (len(word) == 1 and word.isupper())
        if not abbreviated:
            out.append(word + (" " if index + 1 < len(words) else ""))
        elif index + 1 < len(words):
            following = words[index + 1]
            single = len(following.rstrip(".")) == 1 and following[:1].isupper()
            out.append(bare + (mark if single else mark.rstrip() + " "))
        else:
            out.append(bare + mark)
    return re.sub(r"\s+", " ", "".join(out)).strip()
