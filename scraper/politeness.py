"""Per-host spacing of requests: the configured delay, raised by a host's Crawl-delay."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


class HostThrottle:
    """Keeps at least `delay` seconds between the end of one request to a host and the next.

    Measuring from the end of the previous response (not its start) keeps the gap even when
    a server is slow, which is when it most needs the rest. The crawler is single-threaded,
    so no locking is needed.
    """

    def __init__(self, default_delay: float) -> None:
        self._default = max(default_delay, 0.0)
        self._delays: dict[str, float] = {}
        self._last_end: dict[str, float] = {}

    def set_delay(self, host: str, seconds: float) -> None:
        """Raise a host's delay (from robots.txt); never below the configured default."""
        self._delays[host] = max(self._default, seconds)

    def delay(self, host: str) -> float:
        """The gap kept between two requests to `host`."""
        return self._delays.get(host, self._default)

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Wait for the host's turn, run the request, and note when it ended."""
        last = self._last_end.get(host)
        if last is not None:
            wait = last + self.delay(host) - time.monotonic()
            if wait > 0:
                time.sleep(wait)
        try:
            yield
        finally:
            self._last_end[host] = time.monotonic()
