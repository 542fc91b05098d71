"""The registry of normalization rules: one row per rule, in the order the rules run.

Everything else is generated from :data:`REGISTRY`: the pipeline's record steps
(:func:`record_steps`), the rule names a :class:`~belharbi_bib.changes.Change` carries
(:func:`rule_names`), the ``--NAME``/``--no-NAME`` switches of ``belharbi-bib normalize``
(:func:`switches`) and the configuration keys (every boolean
:class:`~belharbi_bib.normalize.options.Options` attribute).

Adding a rule touches two places: its step (a pure ``(Record, Context) -> Outcome``
function, usually in the module of its kind of field) and its row here, plus the
:class:`Options` attribute that switches it (see docs/architecture.md, "How to add a
normalization rule").
"""

from __future__ import annotations

from collections.abc import Callable

from belharbi_bib.normalize.context import MapFactory, Step
from belharbi_bib.normalize.fields import (
    clean_verbatim,
    doi_map,
    drop_noise,
    normalize_doi,
    normalize_pages,
    normalize_whitespace,
    pages_map,
    verbatim_map,
    whitespace_map,
)
from belharbi_bib.normalize.identifiers import gather_arxiv
from belharbi_bib.normalize.months import month_map, normalize_month
from belharbi_bib.normalize.names import names_map, normalize_names
from belharbi_bib.normalize.options import Options
from belharbi_bib.normalize.text import convert_text, text_map
from belharbi_bib.normalize.titles import protect_titles, title_map
from belharbi_bib.normalize.venues import rewrite_venues, venue_map
from belharbi_bib.structs import dataclass

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:  # aliases for type checkers only (no typing at run time)
    from typing import Literal

    Switch = Literal["pair", "on", "none"]
"""How the command line offers a rule: ``--x``/``--no-x``, ``--x`` only, or not at all."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One normalization rule.

    Attributes:
        name: The rule's name, carried by every change it makes.
        option: The :class:`Options` attribute that switches it on.
        help: What it does, as a gerund phrase (``"writing page ranges with '--'"``): the
            command-line help says ``do ...`` and ``skip ...``.
        step: The record step; None for a rule the pipeline runs over the whole library
            (duplicates, merge, keys) or that is part of another rule's step.
        enabled: When it runs, if not simply when ``option`` is true.
        switch: How the command line offers it (see :data:`Switch`).
        fields: For a rule that rewrites each field on its own, the factory of its
            :class:`~belharbi_bib.normalize.context.FieldMap` (``step`` gives the same
            outcome): the pipeline runs consecutive field maps in one pass per record.
    """

    name: str
    option: str
    help: str
    step: Step | None = None
    enabled: Callable[[Options], bool] | None = None
    switch: Switch = "pair"
    fields: MapFactory | None = None

    def runs(self, options: Options) -> bool:
        """Return True when ``options`` enable this rule."""
        if self.enabled is not None:
            return self.enabled(options)
        return bool(getattr(options, self.option))


REGISTRY: tuple[Rule, ...] = (
    Rule("noise", "drop_noise", "removing bookkeeping fields (timestamp, owner, file ...)",
         drop_noise, switch="none"),
    Rule("whitespace", "whitespace", "collapsing whitespace in text fields",
         normalize_whitespace, fields=whitespace_map),
    Rule("verbatim", "verbatim", "removing TeX escapes such as \\_ from doi, url, eprint, file",
         clean_verbatim, fields=verbatim_map),
    Rule("text", "text", "converting accents", convert_text,
         enabled=lambda o: o.text != "keep", switch="none", fields=text_map),
    Rule("names", "names", "rewriting names as 'Last, First'", normalize_names,
         fields=names_map),
    Rule("text", "text", "converting accents split off by names", convert_text,
         enabled=lambda o: o.text != "keep" and o.names, switch="none", fields=text_map),
    Rule("titles", "titles", "protecting capitals in titles with braces", protect_titles,
         fields=title_map),
    Rule("months", "months", "rewriting months as macros (jan, feb, ...)", normalize_month,
         fields=month_map),
    Rule("pages", "pages", "writing page ranges with '--'", normalize_pages, fields=pages_map),
    Rule("doi", "doi", "stripping resolver prefixes from DOIs", normalize_doi, fields=doi_map),
    Rule("arxiv", "arxiv", "gathering arXiv ids into eprint/archiveprefix/primaryclass",
         gather_arxiv),
    Rule("arxiv", "arxiv_journal", "moving an 'arXiv preprint' journal to howpublished"),
    Rule("venues", "venue_form", "rewriting known venues", rewrite_venues,
         enabled=lambda o: o.venue_form != "keep", switch="none", fields=venue_map),
    Rule("keys", "keys", "generating missing keys (unusable ones are reported)"),
    Rule("duplicates", "duplicates", "reporting duplicates"),
    Rule("merge", "merge", "merge duplicates that do not conflict", switch="on"),
    Rule("keys", "rekey", "regenerate every key (old keys go into ids)", switch="on"),
)  # fmt: skip
"""Every rule, in the order the record steps run (library-wide rules run after them)."""


def record_steps(options: Options) -> tuple[tuple[str, Step], ...]:
    """Return the record steps ``options`` enable, in order, with their rule names."""
    return tuple(
        (rule.name, rule.step) for rule in REGISTRY if rule.step is not None and rule.runs(options)
    )


def active(options: Options) -> tuple[Rule, ...]:
    """Return the rules with a record step that ``options`` enable, in order."""
    return tuple(rule for rule in REGISTRY if rule.step is not None and rule.runs(options))


def switches(kind: Switch) -> tuple[Rule, ...]:
    """Return the rules the command line offers as ``kind`` switches, in registry order."""
    return tuple(rule for rule in REGISTRY if rule.switch == kind)


def rule_names() -> tuple[str, ...]:
    """Return every rule name once, in registry order.

    >>> rule_names()[:3]
    ('noise', 'whitespace', 'verbatim')
    """
    return tuple(dict.fromkeys(rule.name for rule in REGISTRY))
