"""The HTTP client: the one module that talks to the network (requests + requests-cache).

Every request carries a ``User-Agent`` naming the library, its version and a contact, and a
connect and a read timeout. Requests that reach the network pass through a per-host
:class:`~belharbi_bib.enrichment.pacing.Pacer`; answers come from an on-disk cache
(requests-cache, SQLite) when they can, so a second identical run sends nothing. 429, 5xx,
read timeouts and dropped connections are retried with bounded exponential backoff and
jitter, honouring ``Retry-After``; any other 4xx fails at once. A host that cannot be reached
at all (name not resolved, connection refused, network unreachable, connect timeout, a proxy
refusing the tunnel) fails at once with :class:`Unreachable`: retrying would only make the
user wait. 200 and 404 answers are cached. Offline, only the cache answers.
"""

from __future__ import annotations

import errno
import logging
import os
import random
import socket
import sqlite3
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from belharbi_bib._version import __version__
from belharbi_bib.enrichment.backoff import RetryPolicy, is_retryable, parse_retry_after
from belharbi_bib.enrichment.pacing import Pacer
from belharbi_bib.enrichment.services import (
    ENV_MAILTO,
    default_cache_dir,
    delay_from_env,
    host_of,
    intervals,
)
from belharbi_bib.errors import BibError
from belharbi_bib.structs import dataclass

if TYPE_CHECKING:
    import requests

    from belharbi_bib.enrichment.services import Endpoints

logger = logging.getLogger(__name__)

PROJECT_URL = "https://github.com/sbelharbi/belharbi_bib"
CACHE_FILE = "http-cache.sqlite"
"""The cache file's name inside the cache directory."""
TIMEOUT: tuple[float, float] = (5.0, 30.0)
"""Connect and read timeouts, in seconds."""
CACHED_STATUS = (200, 404)
"""Answers kept in the cache (a 404 is an answer too: "no such DOI")."""


class NetError(BibError):
    """A request failed for good: retries exhausted, an unexpected status, or offline."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.url, self.reason))


class HttpStatusError(NetError):
    """The server answered with a status that is neither success nor worth retrying."""

    def __init__(self, url: str, status: int, reason: str = "") -> None:
        super().__init__(url, reason or f"HTTP {status}")
        self.status = status

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.url, self.status, self.reason))


class CacheError(BibError):
    """The on-disk cache cannot be created or read (unwritable directory, corrupt file)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: unusable HTTP cache ({reason}); remove it or use --cache-dir")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.path, self.reason))


class Unreachable(NetError):
    """The host cannot be reached at all (name not resolved, connection refused or timed out).

    Never retried: the next request would fail the same way.
    """

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(url, reason)


class OfflineMiss(NetError):
    """Offline mode, and the cache holds no answer for this request."""

    def __init__(self, url: str, reason: str = "not in the cache (offline)") -> None:
        super().__init__(url, reason)


@dataclass(frozen=True, slots=True)
class Reply:
    """An answer: status 200 or 404.

    Attributes:
        url: The full URL asked (query string included, parameters in the order given).
        status: The HTTP status.
        body: The body bytes.
        from_cache: True when the cache answered.
    """

    url: str
    status: int
    body: bytes
    from_cache: bool = False

    @property
    def found(self) -> bool:
        """True for a 200 answer."""
        return self.status == 200


@dataclass(slots=True)
class Stats:
    """What a client did: requests sent over the network, and answers from the cache."""

    sent: int = 0
    cached: int = 0


def user_agent(mailto: str | None = None) -> str:
    """Return the ``User-Agent``: library, version, project URL and contact.

    >>> user_agent("me@example.org").endswith("; mailto:me@example.org)")
    True
    """
    contact = f"; mailto:{mailto}" if mailto else ""
    return f"belharbi-bib/{__version__} (+{PROJECT_URL}{contact})"


class HttpClient:
    """GET with cache, pacing, timeouts and bounded retries. Use as a context manager.

    Args:
        cache_dir: Directory of the on-disk cache (created when missing); None for no cache.
        offline: Answer from the cache only; a miss raises :class:`OfflineMiss`.
        mailto: Contact address put in the ``User-Agent`` (Crossref's polite pool).
        pacer: The per-host pacing (its clock and sleep are used for backoff too).
        policy: The retry policy.
        timeout: Connect and read timeouts in seconds.
        session: A ``requests.Session`` to use instead of building one (a pacing adapter is
            mounted on it).
        jitter: Returns a number in ``[0, 1)`` for backoff jitter.

    Raises:
        CacheError: The cache directory cannot be created, or the cache file is not a cache.
    """

    def __init__(
        self,
        *,
        cache_dir: str | os.PathLike[str] | None = None,
        offline: bool = False,
        mailto: str | None = None,
        pacer: Pacer | None = None,
        policy: RetryPolicy | None = None,
        timeout: tuple[float, float] = TIMEOUT,
        session: requests.Session | None = None,
        jitter: Callable[[], float] | None = None,
    ) -> None:
        self.offline = offline
        self.pacer = pacer or Pacer()
        self.policy = policy or RetryPolicy()
        self.timeout = timeout
        self.stats = Stats()
        self._jitter = jitter or random.random
        self._headers = {"User-Agent": user_agent(mailto)}
        self._owns_session = session is None
        self._cache_path = str(Path(cache_dir) / CACHE_FILE) if cache_dir is not None else ""
        self._session = session if session is not None else _build_session(cache_dir, offline)
        self._cached = hasattr(self._session, "cache")
        _mount_pacing(self._session, self.pacer, self.stats)

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the session (and the cache file) when the client built it."""
        if self._owns_session:
            self._session.close()

    def get(
        self,
        url: str,
        params: Mapping[str, str] | None = None,
        *,
        ttl: timedelta | None = None,
        accept: str | None = None,
    ) -> Reply:
        """GET ``url`` with query ``params``; return a 200 or 404 answer.

        Args:
            url: The endpoint.
            params: Query parameters (sent in the order given).
            ttl: How long the answer stays fresh in the cache (default 30 days).
            accept: The ``Accept`` header, for services that choose the format by it.

        Raises:
            OfflineMiss: Offline and not cached.
            CacheError: The cache file cannot be read or written.
            HttpStatusError: A 4xx other than 404 and 429 (never retried).
            NetError: Retries exhausted (429, 5xx, connection errors, timeouts).
        """
        full = _full_url(url, params)
        if self.offline and not self._cached:
            raise OfflineMiss(full, "offline mode without a cache")
        started = self.pacer.clock()
        attempt = 0
        while True:
            attempt += 1
            outcome = self._attempt(url, params, full, ttl, accept)
            if isinstance(outcome, Reply):
                return outcome
            reason, retry_after = outcome
            wait = self.policy.backoff(attempt, retry_after, self._jitter())
            spent = self.pacer.clock() - started
            if attempt >= self.policy.attempts:
                raise NetError(full, f"{reason}; gave up after {attempt} attempts")
            if spent + wait > self.policy.total:
                raise NetError(full, f"{reason}; next wait {wait:.0f} s exceeds the time budget")
            logger.info("%s: %s; retrying in %.1f s", full, reason, wait)
            self.pacer.sleep(wait)

    def _attempt(
        self,
        url: str,
        params: Mapping[str, str] | None,
        full: str,
        ttl: timedelta | None,
        accept: str | None = None,
    ) -> Reply | tuple[str, float | None]:
        """Make one attempt: a reply, or why it failed and the server's Retry-After."""
        import requests

        headers = {**self._headers, "Accept": accept} if accept else self._headers
        try:
            response = self._session.get(
                url, params=params, headers=headers, timeout=self.timeout,
                **self._cache_options(ttl),
            )  # fmt: skip
        except requests.ConnectionError as exc:
            why = unreachable_reason(exc)
            if why is not None:
                raise Unreachable(full, f"{host_of(full)} unreachable ({why})") from None
            if isinstance(exc, requests.Timeout):
                return f"timed out ({type(exc).__name__})", None
            return f"connection failed ({type(exc).__name__})", None
        except requests.Timeout as exc:
            return f"timed out ({type(exc).__name__})", None
        except requests.RequestException as exc:
            raise NetError(full, f"request failed: {exc}") from None
        except (sqlite3.Error, OSError) as exc:
            raise CacheError(self._cache_path, str(exc)) from None
        with response:
            from_cache = bool(getattr(response, "from_cache", False))
            status = response.status_code
            if self.offline and status == 504 and from_cache:
                raise OfflineMiss(full)
            if status in CACHED_STATUS:
                if from_cache:
                    self.stats.cached += 1
                logger.debug("GET %s -> %s%s", full, status, " (cache)" if from_cache else "")
                return Reply(full, status, response.content or b"", from_cache)
            if not is_retryable(status):
                raise HttpStatusError(full, status, f"HTTP {status} {response.reason or ''}")
            return f"HTTP {status}", parse_retry_after(response.headers.get("Retry-After"))

    def _cache_options(self, ttl: timedelta | None) -> dict[str, Any]:
        if not self._cached:
            return {}
        if self.offline:
            return {"only_if_cached": True}
        return {"expire_after": ttl or timedelta(days=30)}


_ERRNO_REASONS = {
    errno.ECONNREFUSED: "connection refused",
    errno.ENETUNREACH: "network unreachable",
    errno.EHOSTUNREACH: "host unreachable",
}


def unreachable_reason(error: BaseException) -> str | None:
    """Return why a connection error means the host cannot be reached, or None.

    The chain of causes of a ``requests`` connection error is walked (``requests`` wraps
    urllib3, which wraps the socket error): a name that does not resolve, a refused or
    unroutable connection, a connect timeout and a proxy refusing the tunnel all mean the
    host is out of reach; a connection dropped after it was made does not.

    >>> unreachable_reason(ConnectionRefusedError(111, "Connection refused"))
    'connection refused'
    >>> unreachable_reason(ConnectionResetError(104, "reset")) is None
    True
    """
    import requests
    from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError

    chain = _chain(error)
    for current in chain:
        if isinstance(current, (NameResolutionError, socket.gaierror)):
            return "name not resolved"
        if isinstance(current, OSError) and current.errno in _ERRNO_REASONS:
            return _ERRNO_REASONS[current.errno]
    for current in chain:
        if isinstance(current, requests.exceptions.ProxyError):
            return "the proxy refused the connection"
        if isinstance(current, NewConnectionError):
            return "no connection could be opened"
        if isinstance(current, (requests.ConnectTimeout, ConnectTimeoutError)):
            return "connect timeout"
    return None


def _chain(error: BaseException, limit: int = 20) -> list[BaseException]:
    """Return an error and its causes (``__cause__``, ``__context__``, wrapped errors)."""
    found: list[BaseException] = []
    todo = [error]
    while todo and len(found) < limit:
        current = todo.pop(0)
        if any(current is seen for seen in found):
            continue
        found.append(current)
        todo.extend(_causes(current))
    return found


def _causes(error: BaseException) -> list[BaseException]:
    found = [e for e in (error.__cause__, error.__context__) if e is not None]
    reason = getattr(error, "reason", None)
    if isinstance(reason, BaseException):
        found.append(reason)
    found.extend(a for a in error.args if isinstance(a, BaseException))
    return found


def open_client(
    endpoints: Endpoints,
    *,
    offline: bool = False,
    cache_dir: str | os.PathLike[str] | None = None,
    cache: bool = True,
    mailto: str | None = None,
    delay: float | None = None,
    session: requests.Session | None = None,
) -> HttpClient:
    """Return a client paced for ``endpoints``, with the user's cache and contact.

    Args:
        endpoints: The services' URLs (their hosts get their documented pacing).
        offline: Answer from the cache only.
        cache_dir: The on-disk cache (default ``$XDG_CACHE_HOME/belharbi-bib``).
        cache: False to use no cache at all.
        mailto: A contact for the ``User-Agent``; default ``$BELHARBI_BIB_MAILTO``.
        delay: Seconds between two requests to one service, replacing the documented pacing
            (default ``$BELHARBI_BIB_DELAY``, else each service's own).
        session: A ``requests.Session`` to send requests with (no cache is added to it).

    Raises:
        ValueError: A bad ``$BELHARBI_BIB_DELAY``.
        CacheError: The cache cannot be opened.
    """
    mailto = mailto or os.environ.get(ENV_MAILTO) or None
    delay = delay if delay is not None else delay_from_env()
    directory = (cache_dir or default_cache_dir()) if cache and session is None else None
    pacer = Pacer(intervals(endpoints, delay=delay, polite=bool(mailto)))
    return HttpClient(
        cache_dir=directory, offline=offline, mailto=mailto, pacer=pacer, session=session
    )


def _full_url(url: str, params: Mapping[str, str] | None) -> str:
    import requests

    prepared = requests.Request("GET", url, params=dict(params or {})).prepare()
    return str(prepared.url)


def _build_session(cache_dir: str | os.PathLike[str] | None, offline: bool) -> requests.Session:
    if cache_dir is None:
        import requests

        return requests.Session()
    from requests_cache import CachedSession

    path = Path(cache_dir) / CACHE_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return CachedSession(
            cache_name=str(path),
            backend="sqlite",
            expire_after=timedelta(days=30),
            allowable_codes=CACHED_STATUS,
            stale_if_error=offline,  # offline, an expired answer is better than none
        )
    except (sqlite3.Error, OSError) as exc:
        raise CacheError(str(path), str(exc)) from None


def _mount_pacing(session: requests.Session, pacer: Pacer, stats: Stats) -> None:
    """Mount an adapter that paces (and counts) every request that reaches the network."""
    from requests.adapters import HTTPAdapter

    class PacedAdapter(HTTPAdapter):
        def send(
            self, request: requests.PreparedRequest, *args: Any, **kwargs: Any
        ) -> requests.Response:
            pacer.wait(host_of(str(request.url)))
            stats.sent += 1
            logger.debug("sending GET %s", request.url)
            return super().send(request, *args, **kwargs)

    adapter = PacedAdapter(max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
