"""citeproc-js, the reference CSL processor, as a judge of our formatted lists.

Both processors get the same CSL-JSON items, the same style file and the same locale files
(ours first, then citeproc-py's, then the system's); entries are matched by item id and compared
as plain text and as HTML, each normalized only where the two spell the same thing differently
(``<i>`` and ``<em>``, ``&#38;`` and ``&amp;``, runs of white space). Used by
``tests/test_citeproc_js.py`` and ``benchmarks/agreement.py``.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from belharbi_bib.structs import dataclass

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "render.js"
PACKAGE = HERE / "node_modules" / "citeproc" / "package.json"
SYSTEM = Path("/usr/share/citation-style-language")
FORMATS = ("text", "html")

POPULAR_STYLES: tuple[str, ...] = (
    "american-medical-association",
    "american-sociological-association",
    "cell",
    "plos",
    "science",
    "turabian-fullnote-bibliography",
    "american-institute-of-physics",
    "american-chemical-society",
    "bibtex",
    "springer-basic-author-date",
    "springer-basic-brackets",
    "chicago-fullnote-bibliography",
)
"""Widely used styles we do not bundle, read from Debian's ``citation-style-language-styles``."""


def installed() -> str | None:
    """Return why the harness cannot run (None when node and the citeproc package are there)."""
    if shutil.which("node") is None:
        return "node not found on PATH"
    if not PACKAGE.is_file():
        return f"citeproc-js not installed (npm ci --prefix {HERE})"
    return None


def version() -> str:
    """Return the version of the installed citeproc-js package."""
    return str(json.loads(PACKAGE.read_text(encoding="utf-8"))["version"])


def locale_dirs() -> list[str]:
    """Return the locale directories, in the order our renderer looks them up."""
    from belharbi_bib.render.styles import LOCALES_DIR

    dirs = [LOCALES_DIR]
    try:
        import citeproc  # noqa: TID251 - only to find its locale files

        dirs.append(Path(citeproc.__file__).parent / "data" / "locales")
    except ImportError:  # pragma: no cover
        pass
    dirs.append(SYSTEM / "locales")
    return [str(d) for d in dirs]


def style_path(name: str) -> Path | None:
    """Return the file of a style: bundled, else the system's (None when neither has it)."""
    from belharbi_bib.render.styles import STYLES_DIR

    for folder in (STYLES_DIR, SYSTEM / "styles"):
        path = folder / f"{name}.csl"
        if path.is_file():
            return path
    return None


@dataclass(frozen=True)
class Rendered:
    """Entries of one list by item id, in each format, normalized for comparison.

    Attributes:
        order: The item ids in list order.
        text: Item id -> plain text (label, a space, the entry).
        html: Item id -> HTML of the label and the entry.
        error: Why the whole list failed, when it did.
    """

    order: tuple[str, ...]
    text: dict[str, str]
    html: dict[str, str]
    error: str | None = None


def reference(
    items: Sequence[dict[str, Any]], style: Path, lang: str | None = None, timeout: float = 300
) -> Rendered:
    """Render items with citeproc-js."""
    request = {
        "style": str(style),
        "lang": lang,
        "locales": locale_dirs(),
        "items": list(items),
        "formats": list(FORMATS),
    }
    done = subprocess.run(
        ["node", str(SCRIPT)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        return Rendered((), {}, {}, done.stderr.strip() or f"exit {done.returncode}")
    answer = json.loads(done.stdout)
    entries = answer["entries"]
    text = {e["id"]: normalize_text(_join(e["label"], e["body"])) for e in entries.get("text", [])}
    markup = {
        e["id"]: normalize_html(_join(e["label"], e["body"])) for e in entries.get("html", [])
    }
    order = tuple(e["id"] for e in entries.get("text", []))
    return Rendered(order, text, markup, answer.get("error"))


def ours(items: Sequence[dict[str, Any]], style: Path, lang: str | None = None) -> Rendered:
    """Render items with our renderer (the same code path as ``belharbi-bib format``)."""
    from belharbi_bib.markup import markup_for
    from belharbi_bib.render.bibliography import csl_entries
    from belharbi_bib.render.marked import to_format
    from belharbi_bib.render.styles import resolve

    try:
        entries, _problems = csl_entries(list(items), resolve(str(style)), locale=lang)
    except Exception as exc:  # the figure counts a failing style; the test reports it
        return Rendered((), {}, {}, f"{type(exc).__name__}: {exc}")
    text: dict[str, str] = {}
    markup: dict[str, str] = {}
    for entry in entries:
        for fmt, out in (("text", text), ("html", markup)):
            chosen = markup_for(fmt)
            label = to_format(entry.label, chosen) if entry.label else ""
            joined = _join(label, to_format(entry.body, chosen))
            out[entry.key] = normalize_text(joined) if fmt == "text" else normalize_html(joined)
    return Rendered(tuple(e.key for e in entries), text, markup)


def _join(label: str, body: str) -> str:
    return f"{label} {body}" if label.strip() else body


def normalize_text(text: str) -> str:
    """Collapse white space (citeproc-js ends entries with a newline, indents HTML)."""
    return " ".join(text.split())


_TAG = re.compile(r"(<[^>]+>)")
_TAGS = {
    "<i>": "<em>",
    "</i>": "</em>",
    "<b>": "<strong>",
    "</b>": "</strong>",
    '<span style="font-variant:small-caps;">': '<span style="font-variant:small-caps">',
    '<span style="font-style:normal;">': '<span style="font-style:normal">',
}


def normalize_html(text: str) -> str:
    """Spell HTML one way: ``<em>``/``<strong>``, text escaped as ``&amp; &lt; &gt;`` only."""
    out: list[str] = []
    for piece in _TAG.split(" ".join(text.split())):
        if not piece:
            continue
        if piece.startswith("<") and piece.endswith(">"):
            out.append(_TAGS.get(piece, piece))
        else:
            out.append(html.escape(html.unescape(piece), quote=False))
    return "".join(out)


@dataclass(frozen=True)
class Agreement:
    """How one list compares.

    Attributes:
        total: Items in the list.
        text: Items whose plain text is equal.
        html: Items whose HTML is equal.
        failure: Why one side failed to render the list at all.
        differences: ``(id, ours, theirs)`` of each item whose text or HTML differs.
    """

    total: int
    text: int
    html: int
    failure: str | None
    differences: tuple[tuple[str, str, str], ...]


def compare(items: Sequence[dict[str, Any]], style: Path, lang: str | None = None) -> Agreement:
    """Render items with both processors and compare them entry by entry."""
    theirs = reference(items, style, lang)
    mine = ours(items, style, lang)
    failure = mine.error or theirs.error
    ids = [str(item["id"]) for item in items]
    text = sum(1 for i in ids if i in theirs.text and mine.text.get(i) == theirs.text[i])
    markup = sum(1 for i in ids if i in theirs.html and mine.html.get(i) == theirs.html[i])
    differences = tuple(
        (i, mine.html.get(i, "<missing>"), theirs.html.get(i, "<missing>"))
        for i in ids
        if mine.text.get(i) != theirs.text.get(i) or mine.html.get(i) != theirs.html.get(i)
    )
    return Agreement(len(ids), text, markup, failure, differences)
