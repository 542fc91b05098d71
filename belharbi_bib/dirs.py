"""Where belharbi-bib keeps its files on the user's machine: the cache directory.

One definition for every cache (the normalizer's entries and check stamps, rendered lists,
HTTP responses). Standard library only, and strings rather than :mod:`pathlib` (which loads
``urllib.parse`` and ``ipaddress``): the warm ``normalize --check`` finds its stamps here
before it imports anything else (:mod:`belharbi_bib.cli.stamps`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

__all__ = ["cache_root"]


def cache_root(area: str = "", env: Mapping[str, str] | None = None) -> str:
    """Return the user's cache directory for belharbi-bib (``area``: a subfolder).

    ``$XDG_CACHE_HOME/belharbi-bib``, else ``~/.cache/belharbi-bib``. Nothing is created.

    >>> cache_root("render", {"XDG_CACHE_HOME": "/tmp/c"})
    '/tmp/c/belharbi-bib/render'
    """
    env = os.environ if env is None else env
    base = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    root = os.path.join(base, "belharbi-bib")
    return os.path.join(root, area) if area else root
