"""One HTTP exchange, bounded: retries with backoff, timeouts, a size cap, a per-host delay.

Retries are urllib3's `Retry` mounted on a requests session: it already knows which failures
are transient (connect errors, resets, read timeouts, 429 and 5xx) and honours Retry-After.
Redirects are NOT followed here; `scraper.fetch` follows them one hop at a time so every hop
is checked against the source's hosts and robots.txt.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from scraper.model import CrawlSettings, FailureKind
from scraper.politeness import HostThrottle
from scraper.urls import host_key

#: A whole response must arrive within this many `timeout_seconds` (guards against trickling).
RESPONSE_DEADLINE_FACTOR = 3
#: Redirect statuses; `scraper.fetch` follows them hop by hop.
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
#: Statuses worth retrying: overload and transient server failures.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Longest Retry-After honoured; a longer one is waited out only this long.
RETRY_AFTER_MAX_SECONDS = 60
_CHUNK = 64 * 1024


class FetchError(Exception):
    """A URL could not be fetched; `kind` tells the crawler how to count it."""

    def __init__(self, url: str, kind: FailureKind, reason: str, status: int | None = None) -> None:
        super().__init__(f"{reason}: {url}")
        self.url = url
        self.kind = kind
        self.reason = reason
        self.status = status


@dataclass(slots=True)
class RawResponse:
    """A single response; the body is read only for 2xx statuses."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        """The Content-Type header, '' when absent."""
        return self.headers.get("Content-Type", "")


def _retry_policy(settings: CrawlSettings) -> Retry:
    return Retry(
        total=settings.retries,
        connect=settings.retries,
        read=settings.retries,
        status=settings.retries,
        other=0,
        redirect=False,
        backoff_factor=settings.backoff_factor,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET", "HEAD"}),
        raise_on_status=False,
        respect_retry_after_header=True,
        retry_after_max=RETRY_AFTER_MAX_SECONDS,
    )


class Transport:
    """A requests session configured for polite, bounded crawling."""

    def __init__(self, settings: CrawlSettings, throttle: HostThrottle) -> None:
        self.settings = settings
        self.throttle = throttle
        self.session = requests.Session()
        self.session.headers["User-Agent"] = settings.user_agent
        adapter = HTTPAdapter(max_retries=_retry_policy(settings))
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def close(self) -> None:
        """Release pooled connections."""
        self.session.close()

    def get(
        self,
        url: str,
        headers: Mapping[str, str] | None = None,
        accept: Callable[[str], bool] | None = None,
    ) -> RawResponse:
        """GET one URL after the host's delay; raise FetchError for anything unusable.

        `accept` sees the Content-Type of a 2xx response before its body is read, so files
        the caller does not want are never downloaded.
        """
        timeout = self.settings.timeout_seconds
        with self.throttle.slot(host_key(url)):
            started = time.monotonic()
            try:
                response = self.session.get(
                    url, headers=headers, timeout=timeout, allow_redirects=False, stream=True
                )
            except requests.Timeout as exc:
                raise FetchError(url, FailureKind.TIMEOUT, "timed out") from exc
            except requests.ConnectionError as exc:
                cause = _root_cause(exc)
                timed_out = isinstance(cause, urllib3.exceptions.TimeoutError) and not isinstance(
                    cause,
                    urllib3.exceptions.NewConnectionError,  # a subclass, for history
                )
                kind = FailureKind.TIMEOUT if timed_out else FailureKind.CONNECTION
                raise FetchError(url, kind, _short_reason(exc)) from exc
            except requests.RequestException as exc:
                raise FetchError(url, FailureKind.INVALID, _short_reason(exc)) from exc
            with response:
                body = b""
                if 200 <= response.status_code < 300:
                    content_type = response.headers.get("Content-Type", "")
                    if accept is not None and not accept(content_type):
                        raise FetchError(url, FailureKind.NONHTML, f"not a page ({content_type})")
                    body = self._read_body(
                        url, response, started + timeout * RESPONSE_DEADLINE_FACTOR
                    )
                return RawResponse(url, response.status_code, response.headers, body)

    def _read_body(self, url: str, response: requests.Response, deadline: float) -> bytes:
        limit = self.settings.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(url, FailureKind.TOO_LARGE, f"larger than {limit} bytes ({declared})")
        chunks: list[bytes] = []
        size = 0
        try:
            while chunk := response.raw.read1(_CHUNK, decode_content=True):
                size += len(chunk)
                if size > limit:
                    raise FetchError(url, FailureKind.TOO_LARGE, f"larger than {limit} bytes")
                if time.monotonic() > deadline:
                    raise FetchError(url, FailureKind.TIMEOUT, "response took too long")
                chunks.append(chunk)
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise FetchError(
                url, FailureKind.CONNECTION, f"broken response: {_short_reason(exc)}"
            ) from exc
        return b"".join(chunks)


def _root_cause(exc: BaseException) -> BaseException:
    """The innermost exception requests and urllib3 wrapped (MaxRetryError.reason, ...)."""
    for _ in range(6):
        nested = getattr(exc, "reason", None)
        if not isinstance(nested, BaseException):
            nested = next((a for a in reversed(exc.args) if isinstance(a, BaseException)), None)
        if nested is None:
            break
        exc = nested
    return exc


def _short_reason(exc: BaseException) -> str:
    """A readable one-line reason: "Connection refused", "Read timed out. ..."."""
    cause = _root_cause(exc)
    if isinstance(cause, OSError) and cause.strerror:
        return cause.strerror
    return str(cause).rsplit("): ", 1)[-1][:200]
