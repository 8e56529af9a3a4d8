"""Fetching and extraction: a polite crawler for university news sites.

The pipeline calls `crawl_source` once per configured source with a `CrawlState` (the store)
and gets a `SourceReport` back. Everything the crawler and the store exchange is defined in
`scraper.model`; this package never imports `kb`.
"""

from scraper.crawl import Progress, crawl_source
from scraper.model import (
    Article,
    CrawlSettings,
    CrawlState,
    FetchedPage,
    PageKind,
    SourceReport,
    SourceSpec,
    StoredPage,
)

__all__ = [
    "Article",
    "CrawlSettings",
    "CrawlState",
    "FetchedPage",
    "PageKind",
    "Progress",
    "SourceReport",
    "SourceSpec",
    "StoredPage",
    "crawl_source",
]
