"""Options: which normalization rules run, and how (one switch per rule)."""

from __future__ import annotations

from belharbi_bib import patterns
from belharbi_bib.normalize.terms import DEFAULT_TERMS
from belharbi_bib.structs import dataclass, fields

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:  # aliases for type checkers only (no typing at run time)
    from typing import Literal

    VenueForm = Literal["keep", "full", "short"]
    TextForm = Literal["unicode", "latex", "keep"]

TEXT_FORMS: tuple[str, ...] = ("keep", "unicode", "latex")
"""Accepted values of :attr:`Options.text`."""

VENUE_FORMS: tuple[str, ...] = ("keep", "full", "short")
"""Accepted values of :attr:`Options.venue_form`."""

DEFAULT_KEY_PATTERN = "{author}{year}{title}"
"""First author's last name, year, first significant title word: ``belharbi2022deep``."""

KEY_PLACEHOLDERS: tuple[str, ...] = ("author", "year", "title")
"""The placeholders a key pattern may use."""

DEFAULT_NOISE_FIELDS: tuple[str, ...] = (
    "timestamp", "biburl", "bibsource", "owner", "file", "added-at", "date-added",
    "date-modified", "creationdate", "modificationdate", "interhash", "intrahash",
    "mendeley-groups", "mendeley-tags", "local-url", "bdsk-file-*", "bdsk-url-*",
)  # fmt: skip
"""Fields that tools add for their own bookkeeping; ``*`` matches any ending."""

_PLACEHOLDER = patterns.compile(r"\{([^{}]*)\}")
_KEY_TEXT = patterns.compile(r"[^\s,{}\"#%'()=\\]*")


@dataclass(frozen=True, slots=True)
class Options:
    """How to normalize: each rule can be switched off; defaults change content safely.

    Attributes:
        whitespace: Collapse runs of spaces and line breaks in text fields (paragraph breaks,
            verbatim fields and fields holding ``%`` are left alone).
        verbatim: Remove TeX escapes (``\\_``, ``\\%``, ``\\url{...}``) from ``doi``, ``url``,
            ``eprint``, ``file`` and biblatex's other verbatim fields, where they are not read
            as TeX and would show up in links.
        names: Rewrite name lists (``author``, ``editor`` ...) as ``von Last, Jr, First``.
        titles: Protect acronyms, inner capitals, protected terms and the word after a colon
            with braces in ``title``, ``subtitle`` and ``maintitle``.
        months: Rewrite months as the bare macros ``jan`` ... ``dec``.
        pages: Write page ranges with ``--``.
        doi: Strip resolver prefixes (``https://doi.org/``, ``doi:``) from ``doi``.
        arxiv: Gather arXiv ids into ``eprint`` + ``archiveprefix`` (+ ``primaryclass``).
        arxiv_journal: Move a ``journal`` that only says "arXiv preprint ..." to
            ``howpublished`` (part of the arXiv rule).
        keys: Generate a key for entries whose key is missing or invalid.
        duplicates: Report likely duplicates (same DOI, arXiv id, or title and first author).
        merge: Merge duplicates that do not conflict (see docs/normalization.md).
        rekey: Regenerate every key from ``key_pattern``; old keys go into ``ids``.
        key_pattern: Pattern of generated keys, with ``{author}``, ``{year}``, ``{title}``.
        text: ``"keep"`` leaves LaTeX and Unicode as written; ``"unicode"`` turns accent
            commands into characters; ``"latex"`` turns accented letters into ``{\\'e}``.
        protect_terms: Words and phrases that keep their capitals in titles.
        venue_form: ``"keep"`` leaves venues alone; ``"full"`` or ``"short"`` rewrites a
            booktitle/journal recognised in the venue registry to that form.
        drop_noise: Remove the fields listed in ``noise_fields``.
        noise_fields: Field names (``*`` wildcard at the end) removed by ``drop_noise``.
    """

    whitespace: bool = True
    verbatim: bool = True
    names: bool = True
    titles: bool = True
    months: bool = True
    pages: bool = True
    doi: bool = True
    arxiv: bool = True
    arxiv_journal: bool = True
    keys: bool = True
    duplicates: bool = True
    merge: bool = False
    rekey: bool = False
    key_pattern: str = DEFAULT_KEY_PATTERN
    text: TextForm = "keep"
    protect_terms: tuple[str, ...] = DEFAULT_TERMS
    venue_form: VenueForm = "keep"
    drop_noise: bool = False
    noise_fields: tuple[str, ...] = DEFAULT_NOISE_FIELDS

    def __post_init__(self) -> None:
        if self.text not in TEXT_FORMS:
            raise ValueError(f"text must be one of {', '.join(TEXT_FORMS)}, not {self.text!r}")
        if self.venue_form not in VENUE_FORMS:
            raise ValueError(
                f"venue_form must be one of {', '.join(VENUE_FORMS)}, not {self.venue_form!r}"
            )
        check_key_pattern(self.key_pattern)
        object.__setattr__(self, "protect_terms", tuple(self.protect_terms))
        object.__setattr__(self, "noise_fields", tuple(n.lower() for n in self.noise_fields))


def flag_options() -> frozenset[str]:
    """Return the names of the boolean options (each a configuration key, ``-`` or ``_``).

    >>> sorted(flag_options())[:3]
    ['arxiv', 'arxiv_journal', 'doi']
    """
    return frozenset(f.name for f in fields(Options) if f.type in ("bool", bool))


def check_key_pattern(pattern: str) -> None:
    """Raise ValueError unless ``pattern`` is a usable key pattern.

    >>> check_key_pattern("{author}:{year}")
    >>> check_key_pattern("{venue}{year}")
    Traceback (most recent call last):
    ...
    ValueError: key pattern '{venue}{year}': unknown placeholder {venue} (use author, year, title)
    """
    names = _PLACEHOLDER.findall(pattern)
    if not names:
        raise ValueError(f"key pattern {pattern!r} has no placeholder")
    for name in names:
        if name not in KEY_PLACEHOLDERS:
            raise ValueError(
                f"key pattern {pattern!r}: unknown placeholder {{{name}}}"
                f" (use {', '.join(KEY_PLACEHOLDERS)})"
            )
    literal = _PLACEHOLDER.sub("", pattern)
    if not _KEY_TEXT.fullmatch(literal):
        raise ValueError(f"key pattern {pattern!r} holds characters not allowed in keys")
