"""Pacing: a minimum interval between two requests to the same host, on an injectable clock."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping

from belharbi_bib.enrichment.services import DEFAULT_INTERVAL
from belharbi_bib.structs import dataclass, field

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class Pacer:
    """Waits, before each request, until the host's interval has passed since its last request.

    The clock and the sleep function are injectable, so that tests measure pacing without
    waiting. A pacer keeps the time of the last request per host; it is not shared between
    runs.

    Attributes:
        intervals: Seconds between two requests, by ``host[:port]``.
        default: Seconds for hosts not in ``intervals``.
        clock: A monotonic clock in seconds.
        sleep: A function that waits a number of seconds.

    >>> now = [100.0]
    >>> def sleep(seconds: float) -> None:
    ...     now[0] += seconds
    >>> pacer = Pacer({"h": 3.0}, clock=lambda: now[0], sleep=sleep)
    >>> pacer.wait("h"), pacer.wait("h"), pacer.wait("other")
    (0.0, 3.0, 0.0)
    """

    intervals: Mapping[str, float] = field(default_factory=dict)
    default: float = DEFAULT_INTERVAL
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _last: dict[str, float] = field(default_factory=dict, init=False, repr=False)

    def interval(self, host: str) -> float:
        """Return the seconds required between two requests to ``host``."""
        return self.intervals.get(host, self.default)

    def wait(self, host: str) -> float:
        """Sleep until ``host`` may be asked again, then note the request; return the wait."""
        waited = 0.0
        last = self._last.get(host)
        if last is not None:
            due = last + self.interval(host)
            waited = max(0.0, due - self.clock())
            if waited > 0:
                logger.debug("pacing %s: waiting %.2f s", host, waited)
                self.sleep(waited)
        self._last[host] = self.clock()
        return waited
