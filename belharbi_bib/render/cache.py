"""The render cache: what a CSL style makes of each work, kept on disk between runs.

One JSON file per (style content, locale, engine stamp, cache format) holds, for each work's
CSL-JSON content hash, its style facts (sort keys, first cite, leading names) and its rendered
entry for each year suffix. Nothing that depends on the rest of the list (order, numbers, year
suffixes, repeated authors) is cached as a result: it is recomputed from the cached facts, so
a cached run gives byte-identical output to an uncached one. A corrupt or foreign file is
ignored and rewritten; files are written atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from belharbi_bib._version import __version__
from belharbi_bib.errors import WriteError
from belharbi_bib.files import write_text_atomic
from belharbi_bib.render.citeproc import ADAPTER_STAMP
from belharbi_bib.structs import dataclass, field

CACHE_FORMAT = 3
"""Bump when the cached data or the rendering code changes meaning."""

MAX_WORKS = 20000
"""Works kept per file: the ones used last first, then older ones up to this bound."""

"""Where the command line keeps the cache (relative to the working directory)."""


def item_digest(item: Mapping[str, Any]) -> str:
    """Return the content hash of a CSL-JSON item (key order does not matter).

    >>> item_digest({"id": "a", "type": "book"}) == item_digest({"type": "book", "id": "a"})
    True
    """
    text = json.dumps(item, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def engine_stamp() -> str:
    """Return what the rendered text depends on besides the data and the style.

    Our version, citeproc-py's and pybtex's installed versions and the citeproc-py adapter's
    own stamp: upgrading any of them starts a new table, so stale text is never served.

    >>> "citeproc-py" in engine_stamp() and "adapter" in engine_stamp()
    True
    """
    versions = [f"belharbi-bib {__version__}"]
    for package in ("citeproc-py", "pybtex"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} none")
    versions.append(f"adapter {ADAPTER_STAMP}")
    return "; ".join(versions)


def table_name(style_digest: str, locale: str, version: str) -> str:
    """Return the file name of the table for one style, locale and engine stamp."""
    text = f"{CACHE_FORMAT}\0{style_digest}\0{locale}\0{version}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32] + ".json"


@dataclass
class Table:
    """The cached facts and renderings for one style and locale.

    Attributes:
        path: The file, or None for a table that is never saved.
        works: Work content hash -> ``{"facts": [...], "render": {variant: [label, names, body]}}``.
        style: The style facts (as a JSON object), when known.
        used: Hashes of the works looked up in this run.
        dirty: Whether anything changed since loading.
    """

    path: Path | None
    works: dict[str, dict[str, Any]] = field(default_factory=dict)
    style: dict[str, Any] | None = None
    used: list[str] = field(default_factory=list)
    dirty: bool = False

    def facts(self, digest: str) -> list[Any] | None:
        """Return the cached facts of a work, or None."""
        self.used.append(digest)
        entry = self.works.get(digest)
        return entry.get("facts") if entry else None

    def rendering(self, digest: str, variant: str) -> tuple[str, str, str] | None:
        """Return the cached ``(label, names, body)`` of a work in a variant, or None.

        The variant names what the rest of the list imposed: year suffix and names shown.
        """
        entry = self.works.get(digest)
        found = entry.get("render", {}).get(variant) if entry else None
        if not isinstance(found, list) or len(found) != 3:
            return None
        return (str(found[0]), str(found[1]), str(found[2]))

    def put_facts(self, digest: str, facts: list[Any]) -> None:
        """Store the facts of a work."""
        self.works.setdefault(digest, {})["facts"] = facts
        self.dirty = True

    def put_rendering(self, digest: str, variant: str, label: str, names: str, body: str) -> None:
        """Store the rendering of a work in a variant."""
        self.works.setdefault(digest, {}).setdefault("render", {})[variant] = [label, names, body]
        self.dirty = True

    def put_style(self, style: dict[str, Any]) -> None:
        """Store the style facts."""
        self.style = style
        self.dirty = True


def load_table(directory: str | os.PathLike[str] | None, name: str) -> Table:
    """Read a table from the cache directory (an empty one when absent, unreadable or stale)."""
    if directory is None:
        return Table(None)
    path = Path(directory) / name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return Table(path)
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        return Table(path)
    works = data.get("works")
    style = data.get("style")
    return Table(
        path,
        works if isinstance(works, dict) else {},
        style if isinstance(style, dict) else None,
    )


def save_table(table: Table) -> None:
    """Write a table back when it changed (atomically; errors leave the old file in place)."""
    if table.path is None or not table.dirty:
        return

    kept: dict[str, dict[str, Any]] = {}
    for digest in [*table.used, *table.works]:
        if digest in table.works and digest not in kept and len(kept) < MAX_WORKS:
            kept[digest] = table.works[digest]
    data = {"format": CACHE_FORMAT, "style": table.style, "works": kept}
    try:
        table.path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(table.path, json.dumps(data, ensure_ascii=False, sort_keys=True))
    except (OSError, WriteError):
        return
    table.dirty = False
