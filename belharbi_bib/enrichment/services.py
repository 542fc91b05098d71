"""The three web services: where they live (overridable by environment) and how fast to ask them.

Pacing numbers are the services' documented limits (see docs/enrichment.md for the sources):

- arXiv: at most one request every 3 seconds, one connection at a time (API terms of use).
- Crossref: single-record requests, 5 per second in the public pool and 10 per second in the
  polite pool (requests carrying a ``mailto``), one at a time here (rate limits since 2025-12-01).
- DBLP: "at least one or two seconds between two consecutive requests" (DBLP FAQ); we wait 2.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from belharbi_bib.files import user_cache_dir

SOURCES: tuple[str, ...] = ("arxiv", "crossref", "dblp")
"""Every source, in the order enrichment consults them."""

DEFAULT_ARXIV_API = "https://export.arxiv.org/api/query"
DEFAULT_CROSSREF_API = "https://api.crossref.org"
DEFAULT_DBLP_API = "https://dblp.org/search/publ/api"

ARXIV_INTERVAL = 3.0
"""Seconds between two arXiv requests (arXiv API terms of use)."""
CROSSREF_INTERVAL = 0.2
"""Seconds between two Crossref requests in the public pool (5 per second)."""
CROSSREF_POLITE_INTERVAL = 0.1
"""Seconds between two Crossref requests in the polite pool (10 per second, with a mailto)."""
DBLP_INTERVAL = 2.0
"""Seconds between two DBLP requests (DBLP FAQ: one or two seconds)."""
DEFAULT_INTERVAL = 1.0
"""Seconds between two requests to any other host."""

ENV_ARXIV = "BELHARBI_BIB_ARXIV_API"
ENV_CROSSREF = "BELHARBI_BIB_CROSSREF_API"
ENV_DBLP = "BELHARBI_BIB_DBLP_API"
ENV_DELAY = "BELHARBI_BIB_DELAY"
ENV_MAILTO = "BELHARBI_BIB_MAILTO"


@dataclass(frozen=True, slots=True)
class Endpoints:
    """The base URLs of the services.

    Attributes:
        arxiv: The arXiv API query endpoint (``.../api/query``).
        crossref: The Crossref REST API root (``/works/{doi}`` is appended).
        dblp: The DBLP publication search endpoint (``.../search/publ/api``).
    """

    arxiv: str = DEFAULT_ARXIV_API
    crossref: str = DEFAULT_CROSSREF_API
    dblp: str = DEFAULT_DBLP_API

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Endpoints:
        """Return the endpoints, each overridden by its environment variable when set.

        >>> Endpoints.from_env({"BELHARBI_BIB_DBLP_API": "http://127.0.0.1:8000/dblp"}).dblp
        'http://127.0.0.1:8000/dblp'
        >>> Endpoints.from_env({}).crossref
        'https://api.crossref.org'
        """
        env = os.environ if env is None else env
        return cls(
            arxiv=env.get(ENV_ARXIV) or DEFAULT_ARXIV_API,
            crossref=(env.get(ENV_CROSSREF) or DEFAULT_CROSSREF_API).rstrip("/"),
            dblp=env.get(ENV_DBLP) or DEFAULT_DBLP_API,
        )


def host_of(url: str) -> str:
    """Return the ``host[:port]`` a URL points at, in lower case.

    >>> host_of("https://Export.arXiv.org/api/query"), host_of("http://127.0.0.1:8080/x")
    ('export.arxiv.org', '127.0.0.1:8080')
    """
    return urlsplit(url).netloc.lower()


def intervals(
    endpoints: Endpoints, *, delay: float | None = None, polite: bool = False
) -> dict[str, float]:
    """Return the minimum seconds between two requests to each service's host.

    ``delay`` replaces every interval. When two services share a host (a mirror, a test
    server), the longer interval wins.

    >>> intervals(Endpoints())["export.arxiv.org"]
    3.0
    >>> intervals(Endpoints(), delay=0.5)["dblp.org"]
    0.5
    >>> same = Endpoints("http://h/a", "http://h/c", "http://h/d")
    >>> intervals(same)
    {'h': 3.0}
    """
    crossref = CROSSREF_POLITE_INTERVAL if polite else CROSSREF_INTERVAL
    table: dict[str, float] = {}
    for url, seconds in (
        (endpoints.arxiv, ARXIV_INTERVAL),
        (endpoints.crossref, crossref),
        (endpoints.dblp, DBLP_INTERVAL),
    ):
        value = seconds if delay is None else delay
        host = host_of(url)
        table[host] = max(value, table.get(host, 0.0))
    return table


def delay_from_env(env: Mapping[str, str] | None = None) -> float | None:
    """Return the pacing override of ``BELHARBI_BIB_DELAY`` in seconds, or None when unset.

    Raises:
        ValueError: The variable is not a non-negative number.

    >>> delay_from_env({"BELHARBI_BIB_DELAY": "0.25"}), delay_from_env({})
    (0.25, None)
    """
    env = os.environ if env is None else env
    text = env.get(ENV_DELAY, "").strip()
    if not text:
        return None
    return parse_delay(text)


def parse_delay(text: str) -> float:
    """Return a delay in seconds from text.

    Raises:
        ValueError: ``text`` is not a finite, non-negative number.

    >>> parse_delay("1.5")
    1.5
    """
    value = float(text)
    if not value >= 0 or value == float("inf"):
        raise ValueError(f"delay must be a non-negative number of seconds, not {text!r}")
    return value


def default_cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """Return the user cache directory: ``$XDG_CACHE_HOME/belharbi-bib`` or ``~/.cache/...``.

    >>> default_cache_dir({"XDG_CACHE_HOME": "/tmp/c"}).as_posix()
    '/tmp/c/belharbi-bib'
    """
    return user_cache_dir(env=env)
