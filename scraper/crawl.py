"""Crawling one source: list pages, their pagination, their articles, the articles' files.

The frontier holds list pages and article links; the articles a list page yields are fetched
before the next list page, so a crawl advances newest-first and a killed crawl has saved
whole pages. Every page is requested conditionally when the store has it; a 304 list page is
re-read from the stored body for its links, a 304 article is left alone. Nothing a site does
raises out of `crawl_source`: failures are counted and described in the `SourceReport`.
"""

from __future__ import annotations

import hashlib
import logging
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime

from scraper.attachments import AttachmentError, attachment_text, worth_fetching
from scraper.dates import date_from_url
from scraper.document import Page
from scraper.edges import trim_edges
from scraper.fetch import Fetcher, Response
from scraper.lang import detect_language
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
from scraper.office import ToolMissing
from scraper.profiles.base import ListedLink, Profile
from scraper.profiles.registry import GENERIC, detect_profile, get_profile
from scraper.shapes import shaped_links
from scraper.transport import FetchError
from scraper.urls import canonicalize, host_key, is_non_html

log = logging.getLogger(__name__)

#: Progress callback: (source name, pages requested so far, articles saved so far).
Progress = Callable[[str, int, int], None]

#: Attachments fetched per article at most (their links are all kept).
MAX_ATTACHMENTS = 20


def _accept_page(content_type: str) -> bool:
    """HTML and feeds are pages; PDFs, images and the like are not (never downloaded)."""
    kind = content_type.split(";", 1)[0].strip().lower()
    return not kind or kind in ("text/html", "application/xhtml+xml") or "xml" in kind


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def crawl_source(
    source: SourceSpec,
    settings: CrawlSettings,
    state: CrawlState,
    progress: Progress | None = None,
) -> SourceReport:
    """Crawl one source into `state` and report what happened; never raises for site trouble.

    Only the hosts of `source.start_urls` are visited. Errors raised by `state` itself (a
    full disk, a broken database) do propagate: they are not the site's fault and
    continuing would lose data silently.
    """
    report = SourceReport(source.name)
    starts = [url for url in (canonicalize(u) for u in source.start_urls) if url is not None]
    if len(starts) != len(source.start_urls):
        report.errors.append("a start URL is not an http(s) URL")
    if source.profile is not None:
        try:
            get_profile(source.profile)
        except ValueError as exc:
            report.errors.append(str(exc))
            report.failed = True
            return report
    with Fetcher(settings, {host_key(url) for url in starts}) as fetcher:
        _SourceCrawl(source, settings, state, fetcher, report, progress).run(starts)
    return report


class _SourceCrawl:
    """The state of one source's crawl: frontier, counters, the profile in use."""

    def __init__(
        self,
        source: SourceSpec,
        settings: CrawlSettings,
        state: CrawlState,
        fetcher: Fetcher,
        report: SourceReport,
        progress: Progress | None,
    ) -> None:
        self.source = source
        self.settings = settings
        self.state = state
        self.fetcher = fetcher
        self.report = report
        self.progress = progress
        self.profile: Profile | None = get_profile(source.profile) if source.profile else None
        self.lists: deque[str] = deque()
        self.articles: deque[ListedLink] = deque()
        self.queued: set[str] = set()
        self.records: set[str] = set()
        self.pages = 0

    def run(self, starts: list[str]) -> None:
        for url in starts:
            self._queue_list(url)
        reached_start = False
        while self.lists or self.articles:
            if self.pages >= self.settings.max_pages_per_source:
                log.warning("%s: stopped at max_pages_per_source", self.source.name)
                break
            self.pages += 1
            if self.articles:
                self._article(self.articles.popleft())
            else:
                url = self.lists.popleft()
                reached_start |= self._list(url, url in starts) and url in starts
            if self.progress is not None:
                self.progress(self.source.name, self.pages, self.report.articles)
        self.report.failed = not reached_start
        if reached_start:
            self._revisit()

    # -- frontier ---------------------------------------------------------------------------

    def _admit(self, url: str) -> bool:
        """Queue a URL once; count it as skipped when it is off-site or not a page."""
        if url in self.queued:
            return False
        self.queued.add(url)
        if not self.fetcher.on_site(url):
            self.report.skipped_offsite += 1
            return False
        if is_non_html(url):
            self.report.skipped_nonhtml += 1
            return False
        return True

    def _queue_list(self, url: str) -> None:
        if self._admit(url):
            self.lists.append(url)

    def _queue_article(self, link: ListedLink) -> None:
        if self._admit(link.url):
            self.articles.append(link)

    # -- fetching ---------------------------------------------------------------------------

    def _fail(self, exc: FetchError) -> None:
        if exc.kind.is_skip:
            self.report.count_skip(exc.kind)
            log.info("%s: skipped %s", self.source.name, exc)
        else:
            self.report.errors.append(str(exc))
            log.warning("%s: %s", self.source.name, exc)

    def _fetch(
        self, url: str, stored: StoredPage | None, *, start: bool = False
    ) -> Response | None:
        try:
            response = self.fetcher.get(url, stored, accept=_accept_page, adopt_host=start)
        except FetchError as exc:
            if exc.status in (404, 410) and stored is not None and stored.kind == "article":
                self._gone(url, exc.status == 410)
            else:
                self._fail(exc)
            return None
        self.report.fetched += 1
        if stored is not None:
            self.state.checked(url)
        return response

    def _gone(self, url: str, permanent: bool) -> None:
        if self.state.gone(url, permanent):
            self.report.removed += 1
            log.info("%s: removed %s (HTTP %s)", self.source.name, url, 410 if permanent else 404)

    # -- revisits ---------------------------------------------------------------------------

    def _revisit(self) -> None:
        """Re-check stored articles no list page linked this run (dropped off the lists, or
        beyond the pages crawled): a changed page updates its record, a gone one removes it."""
        due = self.state.revisits(
            datetime.now(UTC), self.settings.recent_days, self.settings.revisit_days
        )
        for url in due:
            if url in self.queued:
                continue
            self.queued.add(url)
            self.report.revisited += 1
            self._article(ListedLink(url))

    def _unchanged(self, stored: StoredPage | None, response: Response, digest: str) -> bool:
        if response.not_modified or (stored is not None and stored.content_hash == digest):
            self.report.unchanged += 1
            return True
        return False

    def _save(
        self,
        url: str,
        response: Response,
        digest: str,
        kind: PageKind,
        article: Article | None,
        stored: StoredPage | None,
    ) -> None:
        page = FetchedPage(
            url=url,
            final_url=response.final_url,
            canonical_url=article.canonical_url if article else response.final_url,
            status=response.status,
            etag=response.etag,
            last_modified=response.last_modified,
            content_type=response.content_type,
            content_hash=digest,
            body=response.body,
            fetched_at=_now(),
            kind=kind,
        )
        self.state.save(page, article)
        if stored is None:
            self.report.new += 1
        else:
            self.report.changed += 1
        if article is not None and article.canonical_url not in self.records:
            self.records.add(article.canonical_url)
            self.report.articles += 1

    # -- list pages -------------------------------------------------------------------------

    def _list(self, url: str, start: bool = False) -> bool:
        """Fetch a list page and queue what it links to; True when the page was usable.
        A start page's first redirect may lead to another host (`start`)."""
        stored = self.state.stored(url)
        response = self._fetch(url, stored, start=start)
        if response is None:
            return False
        digest = hashlib.sha256(response.body).hexdigest()
        if not self._unchanged(stored, response, digest):
            self._save(url, response, digest, "list", None, stored)
            page = Page(response.final_url, response.body, response.content_type)
        else:
            body = response.body if not response.not_modified else self.state.stored_body(url)
            if body is None:  # the store lost the body: fetch it again, unconditionally
                response = self._fetch(url, None)
                if response is None:
                    return False
                body = response.body
            page = Page(response.final_url, body, response.content_type)
        try:
            self._walk(page)
        except Exception:  # a page that breaks a parser must not end the crawl
            log.exception("%s: cannot read list page %s", self.source.name, url)
            self.report.errors.append(f"unreadable list page: {url}")
        return True

    def _walk(self, page: Page) -> None:
        if self.profile is None:
            self.profile = detect_profile(page)
            log.info("%s: profile %s detected", self.source.name, self.profile.name)
        links = self.profile.article_links(page)
        if not links and self.profile is not GENERIC:
            links = GENERIC.article_links(page)
        for link in links + shaped_links(page, links):
            self._queue_article(link)
        for url in self.profile.next_pages(page):
            self._queue_list(url)

    # -- articles ---------------------------------------------------------------------------

    def _article(self, link: ListedLink) -> None:
        stored = self.state.stored(link.url)
        response = self._fetch(link.url, stored)
        if response is None:
            return
        digest = hashlib.sha256(response.body).hexdigest()
        if self._unchanged(stored, response, digest):
            return
        page = Page(response.final_url, response.body, response.content_type)
        try:
            article = None if page.is_feed else self._extract(link, page)
        except Exception:  # a page that breaks a parser must not end the crawl
            log.exception("%s: cannot extract %s", self.source.name, link.url)
            self.report.errors.append(f"unreadable article page: {link.url}")
            article = None
        self._save(link.url, response, digest, "article" if article else "other", article, stored)

    def _extract(self, link: ListedLink, page: Page) -> Article | None:
        profile = self.profile or detect_profile(page)
        parts = profile.extract(page, link)
        if parts is None and profile is not GENERIC:
            profile, parts = GENERIC, GENERIC.extract(page, link)
        if parts is None or not parts.title or not parts.body:
            return None
        edges = trim_edges(parts.body)
        if not edges.body:
            return None
        declared = page.canonical_link
        canonical = declared if declared and self.fetcher.on_site(declared) else page.url
        return Article(
            canonical_url=canonical,
            url=page.url,
            title=parts.title,
            published=parts.published or link.published or date_from_url(page.url),
            body=edges.body,
            lang=self.source.language or detect_language(f"{parts.title}\n{edges.body}"),
            profile=profile.name,
            attachments=parts.attachments,
            attachment_text=self._attachment_text(parts.attachments),
            byline=" ".join(part for part in (parts.byline, edges.byline) if part),
        )

    def _attachment_text(self, urls: list[str]) -> str:
        """Text of the article's document files on the source's hosts; others are listed
        only. A format needing a program this machine lacks is skipped and counted."""
        texts: list[str] = []
        wanted = [url for url in urls if self.fetcher.on_site(url) and worth_fetching(url)]
        for url in wanted[:MAX_ATTACHMENTS]:
            try:
                response = self.fetcher.get(url)
                text = attachment_text(response.body, url)
            except FetchError as exc:
                self._fail(exc)
                continue
            except ToolMissing as exc:
                self.report.attachments_skipped += 1
                log.info("%s: attachment skipped (%s): %s", self.source.name, exc, url)
                continue
            except AttachmentError as exc:
                self.report.errors.append(f"attachment skipped ({exc}): {url}")
                log.warning("%s: attachment skipped (%s): %s", self.source.name, exc, url)
                continue
            if text:
                texts.append(text)
        return "\n\n".join(texts)
