"""robots.txt, fetched before any other request to a host and obeyed (RFC 9309, via Protego).

Outcomes follow the RFC: a 4xx robots.txt means no restrictions; a 5xx or an unreachable
host means "assume complete disallow" (and, for a dead host, no further requests at all).
Crawl-delay and Request-rate raise the host's delay in the throttle.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from scraper.model import FailureKind
from scraper.transport import REDIRECT_STATUSES, FetchError, Transport
from scraper.urls import canonicalize, host_key

log = logging.getLogger(__name__)

#: RFC 9309: follow at least five redirects for robots.txt.
_MAX_ROBOTS_REDIRECTS = 5


@dataclass(slots=True)
class _HostRules:
    parser: Protego | None  # None: everything allowed
    unreachable: str | None = None  # reason when the host could not be asked at all
    disallow_all: bool = False


class RobotsRules:
    """Per-host robots.txt rules for one user agent, fetched lazily and cached."""

    def __init__(self, transport: Transport, user_agent: str) -> None:
        self._transport = transport
        self._user_agent = user_agent
        self._hosts: dict[str, _HostRules] = {}

    def check(self, url: str) -> None:
        """Raise FetchError (kind robots, or the failure that made the host unusable)."""
        rules = self._rules(url)
        if rules.unreachable is not None:
            raise FetchError(url, FailureKind.CONNECTION, f"host unreachable ({rules.unreachable})")
        if rules.disallow_all:
            raise FetchError(
                url, FailureKind.UNAVAILABLE, "robots.txt answers a server error: host off limits"
            )
        if rules.parser is not None and not rules.parser.can_fetch(url, self._user_agent):
            raise FetchError(url, FailureKind.ROBOTS, "disallowed by robots.txt")

    def _rules(self, url: str) -> _HostRules:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{host_key(url)}"
        if key not in self._hosts:
            self._hosts[key] = self._fetch(key)
        return self._hosts[key]

    def _fetch(self, origin: str) -> _HostRules:
        target = f"{origin}/robots.txt"
        try:
            for _ in range(_MAX_ROBOTS_REDIRECTS + 1):
                response = self._transport.get(target)
                location = response.headers.get("Location", "")
                if response.status not in REDIRECT_STATUSES or not location:
                    break
                following = canonicalize(location, target)
                if following is None or host_key(following) != host_key(target):
                    return _HostRules(None)  # robots.txt elsewhere: treat as absent
                target = following
        except FetchError as exc:
            if exc.kind in (FailureKind.CONNECTION, FailureKind.TIMEOUT):
                log.warning("robots.txt of %s unreachable: %s", origin, exc.reason)
                return _HostRules(None, unreachable=exc.reason)
            log.warning("robots.txt of %s unusable: %s", origin, exc.reason)
            return _HostRules(None)
        if response.status >= 500 or response.status == 429:
            log.warning(
                "robots.txt of %s: HTTP %s, host treated as disallowed", origin, response.status
            )
            return _HostRules(None, disallow_all=True)
        if not 200 <= response.status < 300:
            return _HostRules(None)
        parser = Protego.parse(response.body.decode("utf-8", errors="replace"))
        self._apply_delay(origin, parser)
        return _HostRules(parser)

    def _apply_delay(self, origin: str, parser: Protego) -> None:
        delay = parser.crawl_delay(self._user_agent) or 0.0
        rate = parser.request_rate(self._user_agent)
        if rate is not None and rate.requests:
            delay = max(delay, rate.seconds / rate.requests)
        if delay:
            self._transport.throttle.set_delay(host_key(origin), float(delay))
