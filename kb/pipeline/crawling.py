"""The crawl stage: each configured source through the crawler, into the store.

This is the one place in `kb` that imports the crawler (`scraper`): the store is handed to
it as a `CrawlState`, and pages and articles come back through it.
"""

from __future__ import annotations

import logging
import math
import time
from datetime import UTC, datetime, timedelta
from typing import cast

from kb.core.config import Config, SourceConfig
from kb.core.record import Record, record_id
from kb.pipeline.summaries import CrawlSummary, SourceSummary
from kb.store import PageWrite, Store
from scraper import (
    Article,
    CrawlSettings,
    FetchedPage,
    PageKind,
    Progress,
    SourceReport,
    SourceSpec,
    StoredPage,
    crawl_source,
)

log = logging.getLogger(__name__)

#: A page answering 404 on this many runs in a row is gone (one 404 may be a hiccup).
GONE_AFTER_404S = 2


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class StoreCrawlState:
    """The crawler's view of the store: what we have, and one transaction per page."""

    def __init__(self, store: Store, source: str) -> None:
        self.store = store
        self.source = source

    def stored(self, url: str) -> StoredPage | None:
        row = self.store.page(url)
        if row is None:
            return None
        return StoredPage(
            url=row.url,
            etag=row.etag,
            last_modified=row.last_modified,
            content_hash=row.content_hash,
            kind=cast(PageKind, row.kind),  # the store keeps what the crawler wrote
        )

    def stored_body(self, url: str) -> bytes | None:
        return self.store.page_body(url)

    def revisits(self, now: datetime, recent_days: int, revisit_days: int) -> list[str]:
        articles = self.store.count_pages(self.source, "article")
        return self.store.revisit_candidates(
            self.source,
            recent_since=(now - timedelta(days=recent_days)).date().isoformat(),
            share=math.ceil(articles / revisit_days),
        )

    def checked(self, url: str) -> None:
        with self.store.transaction():
            self.store.checked_page(url, _iso(datetime.now(UTC)))

    def gone(self, url: str, permanent: bool) -> bool:
        with self.store.transaction():
            if permanent or self.store.missing_page(url) >= GONE_AFTER_404S:
                self.store.remove_page_records(url)
                return True
            return False

    def save(self, page: FetchedPage, article: Article | None) -> None:
        with self.store.transaction():
            self.store.put_page(
                PageWrite(
                    url=page.url,
                    source=self.source,
                    final_url=page.final_url,
                    status=page.status,
                    etag=page.etag,
                    last_modified=page.last_modified,
                    content_type=page.content_type,
                    content_hash=page.content_hash,
                    kind=page.kind,
                    fetched_at=page.fetched_at,
                    body=page.body,
                )
            )
            if article is not None:
                self.store.put_record(_record_from_article(article, self.source, page))


def _record_from_article(article: Article, source: str, page: FetchedPage) -> Record:
    """The crawled part of a record; `kb index` derives partners, topics and dates."""
    return Record(
        id=record_id(article.canonical_url),
        url=article.canonical_url,
        source=source,
        title=article.title,
        lang=article.lang,
        published=article.published,
        body=article.body,
        fetched_at=page.fetched_at,
        attachments=list(article.attachments),
        attachment_text=article.attachment_text,
        extractor=article.profile,
        byline=article.byline,
    )


def crawl_settings(config: Config) -> CrawlSettings:
    c = config.crawl
    return CrawlSettings(
        user_agent=c.user_agent,
        delay_seconds=c.delay_seconds,
        timeout_seconds=c.timeout_seconds,
        max_pages_per_source=c.max_pages_per_source,
        max_bytes=c.max_page_bytes,
        revisit_days=c.revisit_days,
    )


def crawl(
    config: Config, store: Store, sources: list[SourceConfig], progress: Progress | None = None
) -> CrawlSummary:
    """Crawl each source in turn; a source that fails is reported, the others go on."""
    summary = CrawlSummary()
    settings = crawl_settings(config)
    for source in sources:
        spec = SourceSpec(
            name=source.name,
            start_urls=list(source.start_urls),
            profile=source.profile,
            language=source.language,
        )
        started = time.monotonic()
        try:
            report = crawl_source(spec, settings, StoreCrawlState(store, source.name), progress)
        except Exception as exc:  # a bug in one source's crawl must not stop the others
            log.exception("source %s crashed", source.name)
            report = SourceReport(name=source.name, errors=[f"crawl crashed: {exc!r}"], failed=True)
        entry = SourceSummary(report, time.monotonic() - started)
        summary.sources.append(entry)
        log.info("source %s: %s", source.name, report.summary())
    return summary
