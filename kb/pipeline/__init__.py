"""crawl -> store -> enrich -> index: the one-way data flow, and the run reports.

Each stage commits its own progress in the store (pages and records per page, enrichment
per batch, the index watermark after each index commit), so a run killed anywhere is
resumed by the next run without losing or duplicating work. This package is the only part
of `kb` that imports the crawler.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

import ahocorasick

from kb.core.config import Config
from kb.core.days import parse_day
from kb.core.record import Record
from kb.core.text import to_simplified
from kb.enrich import Enricher
from kb.index import IndexManager
from kb.lexicon import Lexicon
from kb.link import agreements, chrome, events
from kb.pipeline.crawling import crawl
from kb.pipeline.locking import run_lock
from kb.pipeline.summaries import (
    CrawlSummary,
    IndexSummary,
    SourceSummary,
    UpdateSummary,
    exit_code,
)
from kb.store import RegisterChanges, RunKind, RunStatus, Store
from scraper import Progress

ENRICH_BATCH = 200

__all__ = [
    "CrawlSummary",
    "IndexSummary",
    "RunRecord",
    "SourceSummary",
    "UpdateSummary",
    "crawl",
    "enrich_pending",
    "exit_code",
    "index",
    "index_manager",
    "locked",
    "open_store",
    "recorded",
    "running",
    "update",
]


def open_store(config: Config) -> Store:
    return Store(config.storage.store_path)


def index_manager(config: Config, lexicon: Lexicon) -> IndexManager:
    """The writer of the configured index; partner names in `lexicon` stay whole words."""
    return IndexManager(config.storage.index_dir, lexicon.gazetteer.surface_forms())


@contextmanager
def locked(config: Config, command: str) -> Iterator[None]:
    """The run lock shared by crawl, index and update (see kb.pipeline.locking)."""
    with run_lock(config.storage.data_dir / "kb.lock", command):
        yield


Chrome = dict[str, frozenset[str]]


def find_chrome(store: Store) -> Chrome:
    """Look again for the chrome of every source crawled since the last look (kb.link.chrome);
    records touched by a change of it are due for enrichment again. Returns all chrome."""
    since = int(store.meta("chrome_seq", "0") or 0)
    top = store.current_seq()
    with store.transaction():
        for source in store.sources_changed_since(since):
            bodies = store.newest_bodies(source, chrome.SAMPLE)
            store.replace_chrome(source, chrome.detect(bodies))
        store.set_meta("chrome_seq", str(top))
    return store.chrome()


def without_chrome(record: Record, found: Chrome) -> Record:
    """The record as enrichment and the index read it: its source's chrome left out."""
    segments = found.get(record.source)
    return replace(record, body=chrome.strip(record.body, segments)) if segments else record


def enrich_pending(config: Config, store: Store, enricher: Enricher, found: Chrome) -> int:
    """(Re-)enrich every record whose text or vocabulary changed since it was enriched.

    Works from the stored records only, so a new partner or topic keyword reaches the
    whole archive without the network. A record whose tags come out as they were keeps
    its sequence number: after a new partner, only the records naming it are indexed
    again. Batches commit as they go: a kill loses at most one batch of work, which the
    next run redoes.
    """
    owners = {s.name: s.owner for s in config.sources}
    fingerprint = enrichment_fingerprint(enricher, owners)
    pending = store.ids_needing_enrichment(fingerprint)
    enriched = store.enriched_ids(pending)
    for start in range(0, len(pending), ENRICH_BATCH):
        batch = store.records(pending[start : start + ENRICH_BATCH])
        with store.transaction():
            for record in batch.values():
                result = enricher.enrich(
                    title=record.title,
                    body=without_chrome(record, found).body,
                    lang=record.lang,
                    published=record.published,
                    owner=owners.get(record.source),
                    attachment_text=record.attachment_text,
                )
                derived = (
                    result.partners,
                    result.topics,
                    result.event_date,
                    result.event_end,
                    result.visits,
                )
                if record.id in enriched and derived == _derived(record):
                    store.keep_enrichment(record.id, fingerprint)
                else:
                    record.partners, record.topics = result.partners, result.topics
                    record.event_date, record.event_end = result.event_date, result.event_end
                    record.visits = result.visits
                    store.put_enrichment(record, fingerprint)
                store.set_candidates(record.id, result.candidates, result.own_units)
                store.set_signings(record.id, result.signings)
    return len(pending)


def _holding(store: Store, words: frozenset[str]) -> list[str]:
    """Ids of the records whose text holds one of `words` (Chinese partner names)."""
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return [
        record_id
        for record_id, text in store.iter_texts()
        if next(automaton.iter(to_simplified(text)), None) is not None
    ]


def _derived(record: Record) -> tuple[object, ...]:
    """What enrichment stored for a record, as `Enricher.enrich` returns it."""
    return (record.partners, record.topics, record.event_date, record.event_end, record.visits)


def link_events(config: Config, store: Store) -> int:
    """Group the reports of one event (kb.link.events); returns how many records changed
    group (they are re-indexed)."""
    owners = {s.name: s.owner for s in config.sources}
    reports = [
        events.Report(
            id=facts.id,
            source=facts.source,
            lang=facts.lang,
            owner=owners.get(facts.source),
            partners=facts.partners,
            topics=facts.topics,
            published=parse_day(facts.published),
            event_date=parse_day(facts.event_date),
            event_end=parse_day(facts.event_end),
        )
        for facts in store.report_facts()
    ]
    with store.transaction():
        return store.replace_events(events.link(reports))


def home_institution(config: Config) -> str | None:
    """The institution the register speaks for: the owner of most sources (the first
    source's on a tie); None when no source names its owner."""
    owners = [s.owner for s in config.sources if s.owner]
    return max(dict.fromkeys(owners), key=owners.count) if owners else None


def build_register(config: Config, store: Store) -> RegisterChanges:
    """Rebuild the agreement register from the signings the records state."""
    owners = {s.name: s.owner for s in config.sources}
    statements = [
        agreements.Statement(
            record_id=facts.record_id,
            owner=owners.get(facts.source),
            signing=signing,
            published=facts.published,
            fetched_at=facts.fetched_at,
        )
        for facts in store.signing_facts()
        for signing in facts.signings
    ]
    register = agreements.build_register(statements, home=home_institution(config))
    with store.transaction():
        return store.replace_agreements(register)


def enrichment_fingerprint(enricher: Enricher, owners: dict[str, str | None]) -> str:
    """Changes when the gazetteer, the taxonomy or a source's owner changes."""
    owner_part = ",".join(f"{k}={v or ''}" for k, v in sorted(owners.items()))
    return f"{enricher.fingerprint}:{owner_part}"


def index(config: Config, store: Store, *, full: bool = False) -> IndexSummary:
    """Enrich what is pending, then bring the index up to date with the store."""
    lexicon = Lexicon.load(config.enrich)
    summary = IndexSummary(full=full)
    found = find_chrome(store)
    enricher = Enricher(lexicon.gazetteer, lexicon.taxonomy, lexicon.glossary)
    summary.enriched = enrich_pending(config, store, enricher, found)
    summary.linked = link_events(config, store)
    register = build_register(config, store)
    summary.agreements = len(store.agreements())
    summary.agreements_new, summary.agreements_changed = register.new, register.changed
    with index_manager(config, lexicon).writing() as writer:
        if full or writer.needs_rebuild():
            seq = store.current_seq()
            summary.full = True
            every = (without_chrome(r, found) for r in store.iter_records())
            summary.generation = writer.rebuild(every, seq)
            summary.indexed = store.count_records()
        else:
            changed = writer.changed_words()
            if changed:
                with store.transaction():
                    summary.renamed = store.touch(_holding(store, changed))
                writer.adopt_vocabulary()
            changes = store.changes_since(writer.indexed_seq())
            if changes.records or changes.deleted or changes.seq != writer.indexed_seq():
                records = [without_chrome(r, found) for r in changes.records]
                writer.apply(records, changes.deleted, changes.seq)
            summary.indexed, summary.deleted = len(changes.records), len(changes.deleted)
            summary.generation = writer.generation
        summary.documents = writer.doc_count()
    return summary


def update(config: Config, store: Store, progress: Progress | None = None) -> UpdateSummary:
    """`kb update`: crawl every source, then enrich and index; the caller holds the lock
    and records the run."""
    started = time.monotonic()
    before, known = store.current_seq(), store.record_ids()
    crawled = crawl(config, store, list(config.sources), progress)
    touched = store.content_changed_since(before)
    indexed = index(config, store)
    return UpdateSummary(
        crawled,
        indexed,
        time.monotonic() - started,
        new_records=[rid for rid in touched if rid not in known],
        changed_records=[rid for rid in touched if rid in known],
    )


@dataclass
class RunRecord:
    """How the run being recorded ended; the command sets it before leaving `recorded`."""

    id: int
    status: RunStatus = RunStatus.OK
    report: dict[str, Any] = field(default_factory=dict)

    def done(self, status: RunStatus, report: dict[str, Any]) -> None:
        self.status, self.report = status, report


@contextmanager
def recorded(store: Store, kind: RunKind) -> Iterator[RunRecord]:
    """Record a command's run in the store: `/healthz` and monitors read the last ones.

    A run that raises is recorded as failed, with the error, and the error goes on.
    """
    run = RunRecord(store.start_run(kind))
    try:
        yield run
    except BaseException as exc:
        store.finish_run(run.id, RunStatus.FAILED, {"error": repr(exc)})
        raise
    store.finish_run(run.id, run.status, run.report)


@contextmanager
def running(config: Config, kind: RunKind) -> Iterator[tuple[Store, RunRecord]]:
    """A data-changing command: the run lock, the store, and the run recorded in it."""
    with locked(config, kind.value), open_store(config) as store, recorded(store, kind) as run:
        yield store, run
