"""Output markup for every rendered format: escaping of data, emphasis and links.

Everything a renderer takes from the data (titles, names, venues, notes) goes through
:meth:`Markup.text` before it is placed in the output, so a title such as
``<script>``, ``\\input{x}`` or ``[x](javascript:y)`` always renders as text. Links are emitted
only for ``http``/``https`` URLs; any other scheme renders as plain text.

The formats: ``text``, ``html``, ``markdown`` (CommonMark), ``latex`` (pdflatex-safe, ASCII
output with ``\\href`` links) and ``rst`` (reStructuredText).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from belharbi_bib import patterns
from belharbi_bib.latex import to_latex
from belharbi_bib.structs import dataclass


def _escape(value: str) -> str:
    """Return ``html.escape(value, quote=True)``.

    ``html`` (with its entity table, ~2 MiB) and ``urllib.parse`` are imported on first use:
    every reader imports this module (through the model's links), few of them write markup.
    """
    from html import escape  # noqa: PLC0415

    return escape(value, quote=True)


def _quote(url: str) -> str:
    """Return ``url`` percent-encoded except for the characters a URL may hold as they are."""
    from urllib.parse import quote  # noqa: PLC0415

    return quote(url, safe=_URL_SAFE)


_SAFE_URL = patterns.compile(r"^https?://[^\s]+$", re.IGNORECASE)


def is_safe_url(url: str) -> bool:
    """Return True for an absolute ``http(s)`` URL without whitespace.

    >>> is_safe_url("https://arxiv.org/abs/2401.00001"), is_safe_url("javascript:alert(1)")
    (True, False)
    """
    return bool(_SAFE_URL.match(url))


@dataclass(frozen=True)
class Markup:
    """Plain text: nothing to escape; links are written as ``label <url>``."""

    name: ClassVar[str] = "text"
    links_urls: ClassVar[bool] = False
    """Whether bare URLs in the text become links (``format --link``)."""

    def text(self, value: str) -> str:
        """Return ``value`` (Unicode text from the data) escaped for this format.

        >>> Markup().text("a < b")
        'a < b'
        """
        return value

    def document(self, entries: Sequence[str]) -> str:
        """Return the document framing already-marked-up list ``entries`` (one paragraph each).

        >>> Markup().document(["a", "b"]), Markup().document([])
        ('a\\n\\nb\\n', '')
        """
        return "\n\n".join(entries) + "\n" if entries else ""

    def entry(self, key: str, label: str, body: str) -> str:
        """Return one list entry: its ``label`` (may be empty) and ``body``, both marked up.

        ``key`` is the work's citation key (formats with anchors use it).

        >>> Markup().entry("k", "[1]", "Doe, J. Title.")
        '[1] Doe, J. Title.'
        """
        return self.safe_start(f"{label} {body}" if label else body)

    def safe_start(self, text: str) -> str:
        """Return a paragraph with what would start a list, heading or quote escaped."""
        return text

    def bracket(self, link: str) -> str:
        """Return a marked-up link as it stands after an entry (``[link]`` in plain text)."""
        return f"[{link}]"

    def span(self, kind: str, content: str) -> str:
        """Return already-escaped ``content`` in a style: ``smallcaps``, ``sup``, ``sub``, upright.

        Formats without such styles return the content as it is.
        """
        return content

    def strong(self, content: str) -> str:
        """Return already-escaped ``content`` in bold."""
        return content

    def emph(self, content: str) -> str:
        """Return already-escaped ``content`` in italics."""
        return content

    def link(self, label: str, url: str) -> str:
        """Return a link with already-escaped ``label``; unsafe URLs give the label alone."""
        return f"{label} <{url}>" if is_safe_url(url) else label

    def url(self, url: str) -> str:
        """Return a bare URL shown as itself (a link where the format has them)."""
        return self.link(self.text(url), url) if is_safe_url(url) else self.text(url)


@dataclass(frozen=True)
class HtmlMarkup(Markup):
    """HTML: ``&<>"'`` escaped; ``<strong>``, ``<em>``, ``<a href>``."""

    name: ClassVar[str] = "html"
    links_urls: ClassVar[bool] = True

    def document(self, entries: Sequence[str]) -> str:
        """Wrap the entries in ``<div class="references csl-bib-body">``, as citeproc-js does."""
        body = "\n".join(entries)
        return f'<div class="references csl-bib-body">\n{body}\n</div>\n' if entries else ""

    def entry(self, key: str, label: str, body: str) -> str:
        """Return a ``csl-entry`` element, anchored at ``ref-KEY``.

        >>> HtmlMarkup().entry("k&1", "", "Doe.")
        '  <div id="ref-k&amp;1" class="csl-entry">Doe.</div>'
        """
        ident = _escape(f"ref-{key}")
        if label:
            return (
                f'  <div id="{ident}" class="csl-entry">'
                f'<span class="csl-left-margin">{label}</span>'
                f'<span class="csl-right-inline">{body}</span></div>'
            )
        return f'  <div id="{ident}" class="csl-entry">{body}</div>'

    def bracket(self, link: str) -> str:
        """Return the link as it is."""
        return link

    def span(self, kind: str, content: str) -> str:
        """Wrap in ``<span style="font-variant:small-caps">``, ``<sup>``, ``<sub>`` or upright."""
        start, end = _HTML_SPANS.get(kind, ("", ""))
        return f"{start}{content}{end}"

    def text(self, value: str) -> str:
        """Escape ``value`` for HTML text and attribute values.

        >>> HtmlMarkup().text('<script>alert("x")</script> & co')
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co'
        """
        return _escape(value)

    def strong(self, content: str) -> str:
        """Wrap in ``<strong>``."""
        return f"<strong>{content}</strong>"

    def emph(self, content: str) -> str:
        """Wrap in ``<em>``."""
        return f"<em>{content}</em>"

    def link(self, label: str, url: str) -> str:
        """Return ``<a href="url">label</a>`` for safe URLs."""
        if not is_safe_url(url):
            return label
        return f'<a href="{_escape(url)}">{label}</a>'


# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that can start
# markup inline (emphasis, code, links, autolinks, HTML, entities) or in a table or math.
_MARKDOWN_SPECIAL = patterns.compile(r"([\\`*_{}\[\]<>#|~!&$])")


@dataclass(frozen=True)
class MarkdownMarkup(Markup):
    """CommonMark: punctuation that could start markup is backslash-escaped."""

    name: ClassVar[str] = "markdown"
    special: ClassVar[re.Pattern[str]] = _MARKDOWN_SPECIAL
    links_urls: ClassVar[bool] = True

    def safe_start(self, text: str) -> str:
        r"""Escape what would start a list, heading or quote at the start of a paragraph.

        >>> MarkdownMarkup().safe_start("1. Doe J."), RstMarkup().safe_start("---. Title")
        ('1\\. Doe J.', '\\---. Title')
        >>> MarkdownMarkup().safe_start("*Proceedings* (1988)"), MarkdownMarkup().safe_start("* x")
        ('*Proceedings* (1988)', '\\* x')
        """
        text = _LIST_START.sub(r"\1\\\2", text, count=1)
        return _BULLET.sub(r"\\\1", text, count=1)

    def bracket(self, link: str) -> str:
        """Return the link as it is."""
        return link

    def text(self, value: str) -> str:
        r"""Escape ``value`` for inline text: each special character gets a backslash.

        >>> MarkdownMarkup().text("[x](javascript:y) *a_b*")
        '\\[x\\](javascript:y) \\*a\\_b\\*'
        """
        return self.special.sub(r"\\\1", value)

    def strong(self, content: str) -> str:
        """Wrap in ``**``."""
        return f"**{content}**"

    def emph(self, content: str) -> str:
        """Wrap in ``*``."""
        return f"*{content}*"

    def link(self, label: str, url: str) -> str:
        """Return ``[label](<url>)``; the destination is percent-encoded where needed."""
        if not is_safe_url(url):
            return label
        return f"[{label}](<{_quote(url)}>)"


_URL_SAFE = "/:?#[]@!$&'()*+,;=%-._~"

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\textasciitilde{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "`": r"\textasciigrave{}",
}
_LATEX_SPECIAL_RE = patterns.compile("|".join(re.escape(c) for c in _LATEX_SPECIAL))


@dataclass(frozen=True)
class LatexMarkup(Markup):
    """LaTeX for pdflatex: specials escaped, non-ASCII as accent macros, ``\\href`` links."""

    name: ClassVar[str] = "latex"
    links_urls: ClassVar[bool] = True

    def document(self, entries: Sequence[str]) -> str:
        """Return the entries as paragraphs, each followed by a blank line."""
        return "".join(f"{entry}\n\n" for entry in entries)

    def text(self, value: str) -> str:
        r"""Escape Unicode ``value`` as LaTeX text (ASCII output).

        >>> LatexMarkup().text(r"50% of \input{x} & Hérault_1")
        "50\\% of \\textbackslash{}input\\{x\\} \\& H{\\'e}rault\\_1"
        """
        escaped = _LATEX_SPECIAL_RE.sub(lambda m: _LATEX_SPECIAL[m.group(0)], value)

        return to_latex(escaped)

    def strong(self, content: str) -> str:
        """Wrap in ``\\textbf``."""
        return rf"\textbf{{{content}}}"

    def emph(self, content: str) -> str:
        """Wrap in ``\\emph``."""
        return rf"\emph{{{content}}}"

    def link(self, label: str, url: str) -> str:
        r"""Return ``\href{url}{label}`` (``%``, ``#``, ``\`` and braces in the URL escaped)."""
        if not is_safe_url(url):
            return label
        target = re.sub(r"([%#\\{}])", r"\\\1", _quote(url))
        return rf"\href{{{target}}}{{{label}}}"

    def url(self, url: str) -> str:
        r"""Return ``\url{...}`` for safe URLs."""
        if not is_safe_url(url):
            return self.text(url)
        return r"\url{" + re.sub(r"([%#\\{}])", r"\\\1", _quote(url)) + "}"


_HTML_SPANS = {
    "smallcaps": ('<span style="font-variant:small-caps">', "</span>"),
    "sup": ("<sup>", "</sup>"),
    "sub": ("<sub>", "</sub>"),
    "normal": ('<span style="font-style:normal">', "</span>"),
}
_LIST_START = patterns.compile(r"^(\d+)([.)])")
_BULLET = patterns.compile(r"^([-+=#>|]|\*(?=[ \t]|[ \t*]*$))")
"""What starts a list, heading, quote or rule at a paragraph's start. A ``*`` does only before
white space (or in a line of ``*`` alone); before a word it is our own emphasis (a ``*`` from
the data is escaped as text already)."""

_RST_SPECIAL = patterns.compile(r"([\\`*_|\[\]<>])")


@dataclass(frozen=True)
class RstMarkup(MarkdownMarkup):
    r"""reStructuredText: inline-markup characters backslash-escaped; anonymous links.

    Strong and emphasis are spelled as in Markdown.

    >>> RstMarkup().text("*a* `b` c_")
    '\\*a\\* \\`b\\` c\\_'
    """

    name: ClassVar[str] = "rst"
    special: ClassVar[re.Pattern[str]] = _RST_SPECIAL

    def link(self, label: str, url: str) -> str:
        """Return an anonymous hyperlink reference ```label <url>`__``."""
        if not is_safe_url(url):
            return label
        return f"`{label} <{_quote(url)}>`__"


MARKUPS: tuple[Markup, ...] = (
    Markup(),
    HtmlMarkup(),
    MarkdownMarkup(),
    LatexMarkup(),
    RstMarkup(),
)
"""The output markups, one per format: THE table (``format --to``, the CV renderers)."""

FORMATS: tuple[str, ...] = tuple(m.name for m in MARKUPS)
"""The names of the output formats, in :data:`MARKUPS` order."""

_BY_NAME: dict[str, Markup] = {m.name: m for m in MARKUPS}


def markup_for(name: str) -> Markup:
    """Return the markup of output format ``name`` (one of :data:`FORMATS`).

    Raises:
        ValueError: ``name`` is not a known format.

    >>> markup_for("html").strong(markup_for("html").text("Belharbi & co"))
    '<strong>Belharbi &amp; co</strong>'
    """
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ValueError(
            f"unknown output format {name!r} (choose from {', '.join(FORMATS)})"
        ) from None
