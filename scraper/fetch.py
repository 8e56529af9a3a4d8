"""The polite fetcher: robots.txt first, the source's hosts only, redirects checked hop by hop.

Every URL, including every redirect target, is checked against the source's hosts and the
host's robots.txt before it is requested; conditional headers come from what the store has.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from scraper.model import CrawlSettings, FailureKind, StoredPage
from scraper.politeness import HostThrottle
from scraper.robots import RobotsRules
from scraper.transport import REDIRECT_STATUSES, FetchError, Transport
from scraper.urls import canonicalize, host_key

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Response:
    """A usable answer: 2xx with its body, or 304 (the stored copy is current)."""

    url: str
    final_url: str
    status: int
    headers: Mapping[str, str]
    body: bytes

    @property
    def not_modified(self) -> bool:
        """True for a 304 answer to a conditional request."""
        return self.status == 304

    @property
    def content_type(self) -> str:
        """The Content-Type header, '' when absent."""
        return self.headers.get("Content-Type", "")

    @property
    def etag(self) -> str | None:
        """The ETag validator, if the server sent one."""
        return self.headers.get("ETag") or None

    @property
    def last_modified(self) -> str | None:
        """The Last-Modified validator, if the server sent one."""
        return self.headers.get("Last-Modified") or None


class Fetcher:
    """Fetches URLs of one source: stays on its hosts, obeys robots.txt, bounds redirects."""

    def __init__(self, settings: CrawlSettings, hosts: Iterable[str]) -> None:
        self.settings = settings
        self.hosts = set(hosts)
        self.transport = Transport(settings, HostThrottle(settings.delay_seconds))
        self.robots = RobotsRules(self.transport, settings.user_agent)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.transport.close()

    def on_site(self, url: str) -> bool:
        """True when the URL is on one of the source's hosts."""
        return host_key(url) in self.hosts

    def get(
        self,
        url: str,
        stored: StoredPage | None = None,
        accept: Callable[[str], bool] | None = None,
        adopt_host: bool = False,
    ) -> Response:
        """Fetch `url`, conditionally when `stored` is given; raise FetchError otherwise.

        `adopt_host`: the first redirect may lead to another host, which then belongs to
        the source (a start URL whose site moved); later off-site redirects are refused.
        """
        headers = {}
        if stored is not None and stored.etag:
            headers["If-None-Match"] = stored.etag
        if stored is not None and stored.last_modified:
            headers["If-Modified-Since"] = stored.last_modified
        current = url
        visited = [url]
        for _ in range(self.settings.max_redirects + 1):
            self._check(current)
            raw = self.transport.get(current, headers, accept)
            if raw.status in REDIRECT_STATUSES:
                current = self._next_hop(current, raw.headers.get("Location", ""), visited)
                if adopt_host and len(visited) == 2 and not self.on_site(current):
                    log.warning("%s moved to %s: following its host", url, host_key(current))
                    self.hosts.add(host_key(current))
                continue
            if raw.status == 304 or 200 <= raw.status < 300:
                return Response(url, current, raw.status, raw.headers, raw.body)
            raise FetchError(current, FailureKind.HTTP, f"HTTP {raw.status}", raw.status)
        raise FetchError(
            url, FailureKind.REDIRECT, f"more than {self.settings.max_redirects} redirects"
        )

    def _check(self, url: str) -> None:
        if not self.on_site(url):
            raise FetchError(url, FailureKind.OFFSITE, "off-site")
        self.robots.check(url)

    @staticmethod
    def _next_hop(current: str, location: str, visited: list[str]) -> str:
        target = canonicalize(location, current) if location else None
        if target is None:
            raise FetchError(
                current, FailureKind.REDIRECT, f"unusable redirect target {location!r}"
            )
        if target in visited:
            raise FetchError(visited[0], FailureKind.REDIRECT, "redirect loop")
        visited.append(target)
        return target
