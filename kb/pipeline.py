"""crawl -> store -> enrich -> index: the one-way data flow, and the run reports.

Each stage commits its own progress in the store (pages and records per page, enrichment
per batch, the index watermark after each index commit), so a run killed anywhere is
resumed by the next run without losing or duplicating work.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from kb.config import Config, SourceConfig
from kb.enrich import Enricher
from kb.index import IndexManager
from kb.locking import run_lock
from kb.record import Record, record_id
from kb.store import PageWrite, Store
from scraper.crawl import crawl_source
from scraper.model import (
    Article,
    CrawlSettings,
    FetchedPage,
    SourceReport,
    SourceSpec,
    StoredPage,
)

log = logging.getLogger(__name__)

ENRICH_BATCH = 200
Progress = Callable[[str, int, int], None]


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
            kind=row.kind,
        )

    def stored_body(self, url: str) -> bytes | None:
        return self.store.page_body(url)

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
    """A fresh, not yet enriched record; enrichment fills partners, topics, event date."""
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
    )


def exit_code(status: str) -> int:
    """The exit code cron sees: 0 ok, 1 partial (some source failed), 2 failed."""
    return {"ok": 0, "partial": 1}.get(status, 2)


# -- reports ------------------------------------------------------------------------


@dataclass
class CrawlSummary:
    sources: list[dict[str, Any]] = field(default_factory=list)

    @property
    def failed_sources(self) -> list[str]:
        return [s["name"] for s in self.sources if s["failed"]]

    @property
    def status(self) -> str:
        """ok: every source succeeded; partial: some failed; failed: all of them did."""
        failed = len(self.failed_sources)
        if not failed:
            return "ok"
        return "partial" if failed < len(self.sources) else "failed"

    def total(self, key: str) -> int:
        return sum(int(s[key]) for s in self.sources)


@dataclass
class IndexSummary:
    enriched: int = 0
    indexed: int = 0
    deleted: int = 0
    full: bool = False
    generation: str = ""
    documents: int = 0


@dataclass
class UpdateSummary:
    status: str  # ok | partial | failed
    crawl: CrawlSummary
    index: IndexSummary
    duration_s: float

    @property
    def exit_code(self) -> int:
        return exit_code(self.status)

    def line(self) -> str:
        c = self.crawl
        failed = c.failed_sources
        text = (
            f"kb update {self.status}: {len(c.sources)} sources, "
            f"{c.total('fetched')} fetched, {c.total('new')} new, {c.total('changed')} changed, "
            f"{c.total('unchanged')} unchanged, {sum(len(s['errors']) for s in c.sources)} "
            f"errors; {self.index.enriched} enriched, {self.index.indexed} indexed, "
            f"{self.index.deleted} removed; {self.index.documents} documents in "
            f"{self.duration_s:.1f}s"
        )
        return text + (f"; failed: {', '.join(failed)}" if failed else "")

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "exit_code": self.exit_code,
            "duration_s": round(self.duration_s, 3),
            "sources": self.crawl.sources,
            "index": asdict(self.index),
        }


# -- stages -------------------------------------------------------------------------


def open_store(config: Config) -> Store:
    return Store(config.storage.store_path)


def load_enricher(config: Config) -> Enricher:
    return Enricher.from_files(config.enrich.partners_file, config.enrich.topics_file)


def index_manager(config: Config, enricher: Enricher) -> IndexManager:
    return IndexManager(config.storage.index_dir, enricher.gazetteer.surface_forms())


@contextmanager
def locked(config: Config, command: str) -> Iterator[None]:
    """The run lock shared by crawl, index and update (see kb.locking)."""
    with run_lock(config.storage.data_dir / "kb.lock", command):
        yield


def crawl_settings(config: Config) -> CrawlSettings:
    c = config.crawl
    return CrawlSettings(
        user_agent=c.user_agent,
        delay_seconds=c.delay_seconds,
        timeout_seconds=c.timeout_seconds,
        max_pages_per_source=c.max_pages_per_source,
        max_bytes=c.max_page_bytes,
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
        entry = asdict(report)
        entry["summary"] = report.summary()
        entry["duration_s"] = round(time.monotonic() - started, 3)
        summary.sources.append(entry)
        log.info("source %s: %s", source.name, entry)
    return summary


def enrich_pending(config: Config, store: Store, enricher: Enricher) -> int:
    """(Re-)enrich every record whose enrichment predates the current gazetteer/taxonomy.

    Works from the stored records only, so a new partner or topic keyword reaches the
    whole archive without the network. Batches commit as they go: a kill loses at most
    one batch of work, which the next run redoes.
    """
    owners = {s.name: s.owner for s in config.sources}
    fingerprint = enrichment_fingerprint(enricher, owners)
    pending = store.ids_needing_enrichment(fingerprint)
    for start in range(0, len(pending), ENRICH_BATCH):
        batch = store.records(pending[start : start + ENRICH_BATCH])
        with store.transaction():
            for record in batch.values():
                result = enricher.enrich(
                    title=record.title,
                    body=record.body,
                    lang=record.lang,
                    published=record.published,
                    owner=owners.get(record.source),
                    attachment_text=record.attachment_text,
                )
                record.partners = result.partners
                record.topics = result.topics
                record.event_date = result.event_date
                store.put_record(record, enriched_with=fingerprint)
                store.set_candidates(record.id, result.candidates)
    return len(pending)


def enrichment_fingerprint(enricher: Enricher, owners: dict[str, str | None]) -> str:
    """Changes when the gazetteer, the taxonomy or a source's owner changes."""
    owner_part = ",".join(f"{k}={v or ''}" for k, v in sorted(owners.items()))
    return f"{enricher.fingerprint}:{owner_part}"


def index(config: Config, store: Store, *, full: bool = False) -> IndexSummary:
    """Enrich what is pending, then bring the index up to date with the store."""
    enricher = load_enricher(config)
    summary = IndexSummary(full=full)
    summary.enriched = enrich_pending(config, store, enricher)
    manager = index_manager(config, enricher)
    with manager.writing() as writer:
        if full or writer.needs_rebuild():
            seq = store.current_seq()
            summary.full = True
            summary.generation = writer.rebuild(store.iter_records(), seq)
            summary.indexed = store.count_records()
        else:
            changes = store.changes_since(writer.indexed_seq())
            if changes.records or changes.deleted or changes.seq != writer.indexed_seq():
                writer.apply(changes.records, changes.deleted, changes.seq)
            summary.indexed, summary.deleted = len(changes.records), len(changes.deleted)
            summary.generation = writer.generation
        summary.documents = writer.doc_count()
    return summary


def update(config: Config, progress: Progress | None = None) -> UpdateSummary:
    """`kb update`: crawl every source, then enrich and index; the caller holds the lock."""
    started = time.monotonic()
    with open_store(config) as store:
        run_id = store.start_run("update")
        crawled = crawl(config, store, list(config.sources), progress)
        indexed = index(config, store)
        result = UpdateSummary(crawled.status, crawled, indexed, time.monotonic() - started)
        store.finish_run(run_id, result.status, result.to_json())
    return result
