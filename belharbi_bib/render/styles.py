"""The style registry: bundled CSL and BibTeX styles, and any ``.csl`` or ``.bst`` file by path.

CSL styles are data files (CC BY-SA 3.0, see ``styles/README.md``); a dependent style (one that
only points at an ``independent-parent``) is resolved to its parent among the bundled styles.
"""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path

from belharbi_bib import patterns
from belharbi_bib.structs import dataclass

STYLES_DIR = Path(__file__).resolve().parent / "styles"
LOCALES_DIR = Path(__file__).resolve().parent / "locales"

CSL = "csl"
BIBTEX = "bibtex"

BUNDLED_CSL: tuple[str, ...] = (
    "apa",
    "ieee",
    "chicago-author-date",
    "chicago-note-bibliography",
    "modern-language-association",
    "harvard-cite-them-right",
    "vancouver",
    "nature",
    "association-for-computing-machinery",
    "springer-lecture-notes-in-computer-science",
    "elsevier-harvard",
)
"""The CSL styles shipped in ``styles/`` (file stems)."""

BIBTEX_STYLES: dict[str, str] = {
    "plain": "BibTeX plain (sorted, numbered)",
    "unsrt": "BibTeX unsrt (citation order, numbered)",
    "alpha": "BibTeX alpha (sorted, labels like Bel22)",
    "unsrtalpha": "BibTeX unsrtalpha (citation order, alpha labels)",
}
"""The classic BibTeX styles, their ``.bst`` files bundled (``render/bst/``)."""

ALIASES: dict[str, str] = {
    "apa7": "apa",
    "chicago": "chicago-author-date",
    "chicago-notes": "chicago-note-bibliography",
    "chicago-note": "chicago-note-bibliography",
    "mla": "modern-language-association",
    "harvard": "harvard-cite-them-right",
    "acm": "association-for-computing-machinery",
    "lncs": "springer-lecture-notes-in-computer-science",
    "springer-lncs": "springer-lecture-notes-in-computer-science",
    "elsevier": "elsevier-harvard",
}
"""Short names people type, mapped to the bundled style they mean."""

_TITLE = patterns.compile(r"<title>([^<]*)</title>")
_CLASS = patterns.compile(r"<style\b[^>]*\bclass=\"([a-z-]+)\"")
_PARENT = patterns.compile(r"<link\b[^>]*rel=\"independent-parent\"[^>]*>")
_HREF = patterns.compile(r"href=\"([^\"]+)\"")


class StyleNotFound(ValueError):
    """A style name that is neither bundled, an alias, nor a ``.csl`` or ``.bst`` file."""


@dataclass(frozen=True, slots=True)
class Style:
    """A citation style.

    Attributes:
        name: The name it is known by (``apa``, ``plain``, or the path given).
        engine: ``"csl"`` (citeproc-py) or ``"bibtex"`` (a ``.bst`` in pybtex's interpreter).
        title: A human title, from the style file for CSL.
        kind: ``author-date``, ``numeric``, ``note``, ``label`` ... (CSL's citation format;
            ``bst`` for a ``.bst`` file given by path).
        path: The ``.csl`` file, for CSL styles; the ``.bst`` file given by path.
    """

    name: str
    engine: str
    title: str
    kind: str
    path: Path | None = None

    @property
    def digest(self) -> str:
        """A content hash of the style (its file; the name for a bundled BibTeX style)."""
        if self.path is None:
            return hashlib.sha256(f"pybtex:{self.name}".encode()).hexdigest()
        return _file_digest(str(self.path), self.path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _file_digest(path: str, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _csl_facts(text: str) -> tuple[str, str]:
    """Return (title, citation format) of a CSL style's text."""
    title = _TITLE.search(text)
    fmt = re.search(r"<category\b[^>]*citation-format=\"([a-z-]+)\"", text)
    style_class = _CLASS.search(text)
    kind = fmt.group(1) if fmt else (style_class.group(1) if style_class else "unknown")
    return (title.group(1).strip() if title else "untitled"), kind


def csl_style(path: Path, name: str | None = None) -> Style:
    """Return the style in a ``.csl`` file, following a dependent style to its bundled parent.

    Raises:
        StyleNotFound: The file cannot be read, or names a parent that is not bundled.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StyleNotFound(f"cannot read style {str(path)!r}: {exc}") from None
    title, kind = _csl_facts(text)
    link = _PARENT.search(text)
    if link:
        href = _HREF.search(link.group(0))
        parent = href.group(1).rstrip("/").rsplit("/", 1)[-1] if href else ""
        if parent not in BUNDLED_CSL:
            raise StyleNotFound(
                f"{str(path)!r} is a dependent style of {parent!r}, which is not bundled; "
                "pass the parent .csl file instead"
            )
        path = STYLES_DIR / f"{parent}.csl"
    return Style(name or str(path), CSL, title, kind, path)


def resolve(name: str) -> Style:
    """Return the style a name denotes: an alias, a bundled CSL style, a BibTeX style, a path.

    Raises:
        StyleNotFound: Nothing matches; the message lists what is available.

    >>> resolve("ieee").kind, resolve("mla").name, resolve("alpha").engine
    ('numeric', 'modern-language-association', 'bibtex')
    """
    key = name.strip()
    lowered = key.lower()
    canonical = ALIASES.get(lowered, lowered)
    if canonical in BUNDLED_CSL:
        return csl_style(STYLES_DIR / f"{canonical}.csl", canonical)
    if lowered in BIBTEX_STYLES:
        kind = "label" if "alpha" in lowered else "numeric"
        return Style(lowered, BIBTEX, BIBTEX_STYLES[lowered], kind)
    path = Path(key).expanduser()
    if path.suffix.lower() == ".bst":
        if not path.is_file():
            raise StyleNotFound(f"no style file {key!r}")
        return Style(str(path), BIBTEX, f"BibTeX style {path.name}", "bst", path)
    if path.suffix.lower() == ".csl" or path.is_file():
        if not path.is_file():
            raise StyleNotFound(f"no style file {key!r}")
        return csl_style(path)
    raise StyleNotFound(f"unknown style {name!r} (choose from {', '.join(available_names())})")


def available_names() -> list[str]:
    """Return every style name accepted, bundled names first, then BibTeX styles, then aliases."""
    return [*BUNDLED_CSL, *BIBTEX_STYLES, *sorted(ALIASES)]


def available() -> list[Style]:
    """Return every bundled style (CSL, then BibTeX)."""
    return [resolve(name) for name in (*BUNDLED_CSL, *BIBTEX_STYLES)]


def aliases_of(name: str) -> list[str]:
    """Return the aliases of a style name, sorted.

    >>> aliases_of("chicago-author-date")
    ['chicago']
    """
    return sorted(alias for alias, target in ALIASES.items() if target == name)
