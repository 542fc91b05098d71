"""Retry policy: which failures are retried, and how long to wait before the next attempt (pure)."""

from __future__ import annotations

import email.utils
from datetime import datetime, timezone

from belharbi_bib.structs import dataclass

RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})
"""Statuses retried besides any other 5xx; 4xx other than 429 never are (a 400 stays a 400)."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Bounded exponential backoff with jitter.

    Attempt ``n`` (1-based) that failed waits ``min(cap, base * 2**(n-1))`` seconds plus a
    random jitter in ``[0, jitter]``, or what the server's ``Retry-After`` asks (plus jitter).
    No more than ``attempts`` attempts are made, and no wait is started that would end after
    ``total`` seconds since the first attempt.

    Attributes:
        attempts: The most attempts per request (the first one included).
        total: The most seconds spent on one request, waits included.
        base: The first backoff, in seconds.
        cap: The longest backoff, in seconds.
        jitter: The largest random addition to a wait, in seconds.
    """

    attempts: int = 4
    total: float = 60.0
    base: float = 1.0
    cap: float = 30.0
    jitter: float = 1.0

    def backoff(self, attempt: int, retry_after: float | None, jitter: float = 0.0) -> float:
        """Return the seconds to wait after failed attempt ``attempt``.

        ``jitter`` is a number in ``[0, 1)`` (a random draw), scaled by :attr:`jitter`.

        >>> policy = RetryPolicy()
        >>> [policy.backoff(n, None) for n in (1, 2, 3, 6)]
        [1.0, 2.0, 4.0, 30.0]
        >>> policy.backoff(1, 7.0, jitter=0.5)
        7.5
        """
        if retry_after is not None:
            wait = max(0.0, retry_after)
        else:
            wait = min(self.cap, self.base * 2.0 ** (attempt - 1))
        return wait + self.jitter * jitter


def is_retryable(status: int) -> bool:
    """Return True for statuses worth another attempt: 429 and every 5xx.

    >>> [is_retryable(s) for s in (200, 400, 404, 429, 503, 599)]
    [False, False, False, True, True, True]
    """
    return status in RETRYABLE_STATUS or 500 <= status <= 599


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Return the seconds a ``Retry-After`` header asks to wait, or None when absent or invalid.

    The header holds either a number of seconds or an HTTP date.

    >>> parse_retry_after("120"), parse_retry_after(None), parse_retry_after("soon")
    (120.0, None, None)
    >>> now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=timezone.utc)
    >>> parse_retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now)
    30.0
    """
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    reference = now or datetime.now(timezone.utc)
    return max(0.0, (when - reference).total_seconds())
