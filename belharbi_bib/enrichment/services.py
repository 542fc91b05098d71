"""The web services: where they live (overridable by environment) and how fast to ask them.

Pacing numbers are the services' documented limits (see docs/enrichment.md for the sources):

- arXiv: at most one request every 3 seconds, one connection at a time (API terms of use).
- Crossref: single-record requests, 5 per second in the public pool and 10 per second in the
  polite pool (requests carrying a ``mailto``), one at a time here (rate limits since 2025-12-01).
- DBLP: "at least one or two seconds between two consecutive requests" (DBLP FAQ); we wait 2.
- OpenReview: no published limit; one request per second.
- ORCID public API: 24 requests per second with bursts of 40 (ORCID API tutorial); we send
  two per second.

Adding a service is one row of :data:`SERVICES` and one attribute of :class:`Endpoints`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from belharbi_bib.files import user_cache_dir
from belharbi_bib.structs import dataclass

DEFAULT_ARXIV_API = "https://export.arxiv.org/api/query"
DEFAULT_CROSSREF_API = "https://api.crossref.org"
DEFAULT_DBLP_API = "https://dblp.org/search/publ/api"
DEFAULT_OPENREVIEW_API = "https://api2.openreview.net"
DEFAULT_ORCID_API = "https://pub.orcid.org/v3.0"

ARXIV_INTERVAL = 3.0
"""Seconds between two arXiv requests (arXiv API terms of use)."""
CROSSREF_INTERVAL = 0.2
"""Seconds between two Crossref requests in the public pool (5 per second)."""
CROSSREF_POLITE_INTERVAL = 0.1
"""Seconds between two Crossref requests in the polite pool (10 per second, with a mailto)."""
DBLP_INTERVAL = 2.0
"""Seconds between two DBLP requests (DBLP FAQ: one or two seconds)."""
OPENREVIEW_INTERVAL = 1.0
"""Seconds between two OpenReview requests (no published limit; one per second)."""
ORCID_INTERVAL = 0.5
"""Seconds between two ORCID public API requests (far below its documented 24 per second)."""
DEFAULT_INTERVAL = 1.0
"""Seconds between two requests to any other host."""

ENV_ARXIV = "BELHARBI_BIB_ARXIV_API"
ENV_CROSSREF = "BELHARBI_BIB_CROSSREF_API"
ENV_DBLP = "BELHARBI_BIB_DBLP_API"
ENV_OPENREVIEW = "BELHARBI_BIB_OPENREVIEW_API"
ENV_ORCID = "BELHARBI_BIB_ORCID_API"
ENV_DELAY = "BELHARBI_BIB_DELAY"
ENV_MAILTO = "BELHARBI_BIB_MAILTO"


@dataclass(frozen=True, slots=True)
class Service:
    """One web service: its name, where it lives and how fast it may be asked.

    Attributes:
        name: The name used on the command line and in reports (``arxiv``).
        default_url: The public endpoint.
        env: The environment variable that replaces the endpoint (a mirror, a test server).
        interval: Seconds between two requests.
        polite_interval: Seconds between two requests that name a contact (``--mailto``),
            when the service has a faster pool for those.
        enriches: True for the services ``enrich`` asks; the others are only read by ``add``
            and ``discover``.
    """

    name: str
    default_url: str
    env: str
    interval: float
    polite_interval: float | None = None
    enriches: bool = True

    def pacing(self, *, polite: bool = False) -> float:
        """Return the seconds between two requests.

        >>> SERVICES[1].pacing(), SERVICES[1].pacing(polite=True)
        (0.2, 0.1)
        """
        if polite and self.polite_interval is not None:
            return self.polite_interval
        return self.interval


SERVICES: tuple[Service, ...] = (
    Service("arxiv", DEFAULT_ARXIV_API, ENV_ARXIV, ARXIV_INTERVAL),
    Service("crossref", DEFAULT_CROSSREF_API, ENV_CROSSREF, CROSSREF_INTERVAL,
            CROSSREF_POLITE_INTERVAL),
    Service("dblp", DEFAULT_DBLP_API, ENV_DBLP, DBLP_INTERVAL),
    Service("openreview", DEFAULT_OPENREVIEW_API, ENV_OPENREVIEW, OPENREVIEW_INTERVAL,
            enriches=False),
    Service("orcid", DEFAULT_ORCID_API, ENV_ORCID, ORCID_INTERVAL, enriches=False),
)  # fmt: skip
"""Every web service, in the order enrichment consults them: the one table of services."""

SOURCES: tuple[str, ...] = tuple(s.name for s in SERVICES if s.enriches)
"""The sources ``enrich`` asks, in order."""


def service(name: str) -> Service:
    """Return the service called ``name``.

    Raises:
        KeyError: No such service.

    >>> service("dblp").interval
    2.0
    """
    for candidate in SERVICES:
        if candidate.name == name:
            return candidate
    raise KeyError(name)


@dataclass(frozen=True, slots=True)
class Endpoints:
    """The base URLs of the services (one attribute per row of :data:`SERVICES`).

    Attributes:
        arxiv: The arXiv API query endpoint (``.../api/query``).
        crossref: The Crossref REST API root (``/works/{doi}`` is appended).
        dblp: The DBLP publication search endpoint (``.../search/publ/api``); records and
            person pages are read from the same host (:meth:`dblp_root`).
        openreview: The OpenReview API (version 2) root (``/notes`` is appended).
        orcid: The ORCID public API root (``/{orcid}/works`` is appended).
    """

    arxiv: str = DEFAULT_ARXIV_API
    crossref: str = DEFAULT_CROSSREF_API
    dblp: str = DEFAULT_DBLP_API
    openreview: str = DEFAULT_OPENREVIEW_API
    orcid: str = DEFAULT_ORCID_API

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Endpoints:
        """Return the endpoints, each overridden by its environment variable when set.

        >>> Endpoints.from_env({"BELHARBI_BIB_DBLP_API": "http://127.0.0.1:8000/dblp"}).dblp
        'http://127.0.0.1:8000/dblp'
        >>> Endpoints.from_env({}).crossref
        'https://api.crossref.org'
        """
        env = os.environ if env is None else env
        return cls(**{s.name: (env.get(s.env) or s.default_url).rstrip("/") for s in SERVICES})

    def url(self, name: str) -> str:
        """Return the endpoint of the service called ``name``."""
        return str(getattr(self, name))

    def dblp_root(self) -> str:
        """Return the DBLP site root (the search endpoint without ``/search/publ/api``).

        >>> Endpoints(dblp="http://127.0.0.1:9/search/publ/api").dblp_root()
        'http://127.0.0.1:9'
        """
        return self.dblp.rstrip("/").removesuffix("/search/publ/api")


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
    >>> same = Endpoints("http://h/a", "http://h/c", "http://h/d", "http://h/o", "http://h/r")
    >>> intervals(same)
    {'h': 3.0}
    """
    table: dict[str, float] = {}
    for each in SERVICES:
        value = each.pacing(polite=polite) if delay is None else delay
        host = host_of(endpoints.url(each.name))
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
