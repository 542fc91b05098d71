"""Which fields hold code (URLs, identifiers, paths, keys, links) rather than text.

Text fields are re-spaced, escaped, converted and displayed; verbatim fields are never touched:
a backslash in a file path or a brace in a URL means what it says.
"""

from __future__ import annotations

import functools

from belharbi_bib.links import LINK_FIELDS

VERBATIM_FIELDS: frozenset[str] = frozenset(
    {
        "url", "doi", "file", "eprint", "pdf", "ids", "crossref", "xref", "related",
        "entryset", "archiveprefix", "primaryclass", "eprinttype", "eprintclass", "isbn",
        "issn", "verba", "verbb", "verbc", "arxivid", "pmid", "pmcid", "langid", "hyphenation",
    }
    | {name for name, _ in LINK_FIELDS}
)  # fmt: skip
"""Fields never re-spaced, escaped or converted: identifiers, paths, URLs, keys, links."""


@functools.lru_cache(maxsize=1024)
def is_verbatim(name: str) -> bool:
    """Return True for a field whose value is code, not text (URLs, ids, paths, links).

    >>> is_verbatim("url"), is_verbatim("bdsk-url-1"), is_verbatim("code2"), is_verbatim("title")
    (True, True, True, False)
    """
    if name in VERBATIM_FIELDS or name.endswith("url") or name.startswith(("bdsk-", "file")):
        return True
    return name.rstrip("0123456789") in VERBATIM_FIELDS
