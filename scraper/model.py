"""The boundary between the crawler and whatever stores its results.

`scraper` never imports `kb`: the pipeline hands `crawl_source` an object that satisfies
`CrawlState`, and receives pages and articles through it. Keeping this contract in one small
module means the store can change (SQLite today) without the crawler knowing.

Keys: pages are identified by `FetchedPage.url`, the canonical form of the URL that was
requested (see `scraper.urls.canonicalize`); records by `Article.canonical_url`, which also
honours `rel=canonical`. Several pages may therefore carry the same article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Literal, Protocol

#: What a fetched page was to the crawl: a listing it walked, an article it extracted, or
#: anything else it fetched but did not turn into a record (so a re-crawl can still use
#: conditional requests for it).
PageKind = Literal["article", "list", "other"]


class FailureKind(StrEnum):
    """Why a URL was not fetched. The first three are deliberate skips, the rest errors."""

    ROBOTS = "robots"
    OFFSITE = "offsite"
    NONHTML = "nonhtml"
    HTTP = "http"
    TIMEOUT = "timeout"
    CONNECTION = "connection"
    TOO_LARGE = "too_large"
    REDIRECT = "redirect"
    INVALID = "invalid"
    UNAVAILABLE = "unavailable"

    @property
    def is_skip(self) -> bool:
        """A page the crawler chose not to fetch, as opposed to one that failed."""
        return self in (FailureKind.ROBOTS, FailureKind.OFFSITE, FailureKind.NONHTML)


@dataclass(slots=True)
class SourceSpec:
    """One configured source: only `name` and `start_urls` are required.

    `profile` names a site profile (webplus | vsb | feed | generic); when None it is detected
    from the first list page. `language` overrides language detection for every article.
    """

    name: str
    start_urls: list[str]
    profile: str | None = None
    language: str | None = None


@dataclass(slots=True)
class CrawlSettings:
    """Politeness and safety limits, shared by every source of a run.

    `timeout_seconds` bounds connecting and every read; a whole response must also arrive
    within `scraper.transport.RESPONSE_DEADLINE_FACTOR` times it, so a server trickling
    bytes cannot stall a crawl. `retries` and `backoff_factor` feed urllib3's `Retry`
    (timeouts, resets, 429, 5xx); `max_bytes` caps pages and attachments alike.
    """

    user_agent: str
    delay_seconds: float = 1.0
    timeout_seconds: float = 20
    max_pages_per_source: int = 2000
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 10
    retries: int = 3
    backoff_factor: float = 0.5
    #: Every stored article is re-checked at least this often (a rolling window: each run
    #: re-checks its share of the older ones); articles published in the last
    #: `recent_days` are re-checked on every run.
    revisit_days: int = 30
    recent_days: int = 30


@dataclass(slots=True)
class StoredPage:
    """What the store remembers of a page: enough for a conditional request and change test."""

    url: str
    etag: str | None
    last_modified: str | None
    content_hash: str
    kind: PageKind


@dataclass(slots=True)
class FetchedPage:
    """One page downloaded with status 200, as the store should keep it.

    `url` is the canonical form of the requested URL (the key `stored()` is called with),
    `final_url` the URL after redirects, `canonical_url` the page's own `rel=canonical`
    (same host only) or else the canonical form of `final_url`. `body` is the raw bytes,
    so extraction can be re-run without the network. `fetched_at` is ISO 8601 UTC.
    """

    url: str
    final_url: str
    canonical_url: str
    status: int
    etag: str | None
    last_modified: str | None
    content_type: str
    content_hash: str
    body: bytes
    fetched_at: str
    kind: PageKind


@dataclass(slots=True)
class Article:
    """The fields of a record that come from the page itself (enrichment adds the rest).

    `published` is YYYY-MM-DD in the site's local time or None; `body` and `attachment_text`
    are plain text; `attachments` are absolute URLs of the files the article links to;
    `profile` names the extractor that produced it, for diagnosis; `byline` is who wrote
    and published it ("来源：国际交流处 作者：…", "（供稿：… 审核：…）"), kept out of `body`.
    """

    canonical_url: str
    url: str
    title: str
    published: str | None
    body: str
    lang: str
    profile: str
    attachments: list[str] = field(default_factory=list)
    attachment_text: str = ""
    byline: str = ""


class CrawlState(Protocol):
    """What the crawler needs from the store. Implementations must make `save` atomic."""

    def stored(self, url: str) -> StoredPage | None:
        """The stored page whose `url` is this canonical URL, for conditional requests."""
        ...

    def stored_body(self, url: str) -> bytes | None:
        """Raw body of a stored page: a list page answered 304 still yields its links."""
        ...

    def revisits(self, now: datetime, recent_days: int, revisit_days: int) -> list[str]:
        """Stored article URLs to re-check on this run: the recent ones, and the share of
        the others checked longest ago that spreads them over `revisit_days` daily runs
        (so a run stays short even when many are overdue, as after an upgrade)."""
        ...

    def checked(self, url: str) -> None:
        """The URL answered 200 or 304 now: seen, and no longer missing."""
        ...

    def gone(self, url: str, permanent: bool) -> bool:
        """The URL answered 410 (`permanent`) or 404. Returns True when its record was
        removed: at once for a 410, for a 404 when the previous run saw a 404 too."""
        ...

    def save(self, page: FetchedPage, article: Article | None) -> None:
        """Store the page and its article (None: the page yields no record) in ONE transaction.

        A killed crawl then never leaves a page without its article, and the next run's
        conditional requests skip exactly what was saved. Called only for status 200 pages
        whose content is new or changed; an unchanged page (304 or same hash) is not saved.
        """
        ...


@dataclass(slots=True)
class SourceReport:
    """The per-source summary a crawl returns instead of raising.

    Counts are of pages (list, article and other), except `articles`, the records saved:
    `fetched` pages answered 200 or 304, split into `new`, `changed` and `unchanged` (304, or
    a body whose hash matches the stored one). `failed`
    means the source was unusable: no start page could be fetched (dead host, errors
    everywhere, or robots.txt forbids it).
    """

    name: str
    fetched: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    articles: int = 0
    skipped_robots: int = 0
    skipped_offsite: int = 0
    skipped_nonhtml: int = 0
    #: Stored articles re-checked although no list page linked them this run, and records
    #: removed because their page is gone (410, or 404 on two runs in a row).
    revisited: int = 0
    removed: int = 0
    #: Attachments not read because a program they need (antiword, tesseract) is missing.
    attachments_skipped: int = 0
    errors: list[str] = field(default_factory=list)
    failed: bool = False

    def count_skip(self, kind: FailureKind) -> None:
        """Count a page deliberately not fetched (robots.txt, off-site, not a page)."""
        match kind:
            case FailureKind.ROBOTS:
                self.skipped_robots += 1
            case FailureKind.OFFSITE:
                self.skipped_offsite += 1
            case FailureKind.NONHTML:
                self.skipped_nonhtml += 1
            case _:
                raise ValueError(f"not a kind of skip: {kind}")

    def summary(self) -> str:
        """One line for terminals and cron mail."""
        status = "FAILED" if self.failed else "ok"
        return (
            f"{self.name}: {status}, fetched {self.fetched}, new {self.new}, "
            f"changed {self.changed}, unchanged {self.unchanged}, articles {self.articles}, "
            f"skipped robots {self.skipped_robots} / off-site {self.skipped_offsite} / "
            f"non-HTML {self.skipped_nonhtml}, revisited {self.revisited}, "
            f"removed {self.removed}, attachments skipped {self.attachments_skipped}, "
            f"errors {len(self.errors)}"
        )
