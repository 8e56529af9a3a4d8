"""What the web app asks of the index and the store, shared by the JSON API and the pages.

The search engine is opened once per app and lazily: the app may start before the first
`kb index`, and must pick the index up as soon as it appears, without a restart. The store
is opened read-only per request (`flask.g`) because SQLite connections are not shared across
the server's threads.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from flask import current_app, g

from kb.config import Config
from kb.record import Record
from kb.search.engine import IndexMissing, SearchEngine
from kb.search.model import Hit, SearchRequest, SearchResult
from kb.store import Store
from kb.web.labels import Labels

LATEST_RECORDS = 10
SAME_EVENT_DAYS = 3  # "published within a few days" of each other
SAME_EVENT_WINDOW = timedelta(days=7)  # how far from the event date reports are looked for
SAME_EVENT_LIMIT = 20
RESULT_CACHE_SIZE = 512  # searches kept per app; a result holds one page of hits


@dataclass
class PartnerProfile:
    """A partner's cooperation history: totals, per year, per year and topic, newest records."""

    partner_id: str
    total: int = 0
    years: Counter[str] = field(default_factory=Counter)
    latest: list[Hit] = field(default_factory=list)
    year_topics: Counter[tuple[str, str]] = field(default_factory=Counter)


class Backend:
    """The index, the store and the labels behind one app."""

    def __init__(self, config: Config, labels: Labels, aliases: Mapping[str, str]) -> None:
        self.config = config
        self.labels = labels
        self._aliases = aliases
        self._engine: SearchEngine | None = None
        self._whole: SearchResult | None = None
        self._lock = threading.Lock()
        self._results: OrderedDict[tuple[str, SearchRequest], SearchResult] = OrderedDict()

    def engine(self) -> SearchEngine:
        """The app's one engine (it follows new commits and generations by itself)."""
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    self._engine = SearchEngine(self.config.storage.index_dir, self._aliases)
        return self._engine

    def generation(self) -> str:
        """The index generation now being served; raises IndexMissing before the first build."""
        generation = self.engine().generation
        if not generation:
            raise IndexMissing(f"no search index in {self.config.storage.index_dir} yet")
        return generation

    def store(self) -> Store:
        """This request's read-only store connection (closed at teardown)."""
        if "kb_store" not in g:
            g.kb_store = Store(self.config.storage.store_path, readonly=True)
        return g.kb_store

    def search(self, request: SearchRequest) -> SearchResult:
        """A search, answered from the result cache when this generation already ran it.

        Staff page back and forth and toggle the same facets, and a result depends only on
        the request and the index generation, so repeats cost a dictionary lookup.
        """
        started = time.perf_counter()
        key = (self.engine().generation, request)
        with self._lock:
            cached = self._results.get(key)
            if cached is not None:
                self._results.move_to_end(key)
        if cached is not None:
            return replace(cached, took_ms=round((time.perf_counter() - started) * 1000, 2))
        result = self.engine().search(request)
        if result.generation == key[0]:
            with self._lock:
                self._results[key] = result
                while len(self._results) > RESULT_CACHE_SIZE:
                    self._results.popitem(last=False)
        return result

    def whole_collection(self) -> SearchResult:
        """All indexed records with whole-collection facet counts (no hits needed).

        Kept per index generation: /healthz, the partners list and the topics list all ask
        for it, and at 100k records the facet counts are the expensive part.
        """
        generation = self.generation()
        cached = self._whole
        if cached is None or cached.generation != generation:
            cached = self.search(SearchRequest(per_page=1, snippets=False))
            self._whole = cached
        return cached

    def facet_counts(self, facet: str) -> dict[str, int]:
        """Records per value of `facet` over the whole collection."""
        return _facet(self.whole_collection(), facet)

    def record(self, record_id: str) -> Record | None:
        return self.store().record(record_id)

    def known_partner_profile(self, partner_id: str) -> PartnerProfile | None:
        """The profile of a partner the gazetteer knows or some record names; else None."""
        profile = self.partner_profile(partner_id)
        if not profile.total and partner_id not in self.labels.gazetteer.partners:
            return None
        return profile

    def partner_profile(self, partner_id: str) -> PartnerProfile:
        """Totals and the newest records in one search, then one per topic for the grid.

        Facet counts do the counting (a dozen searches at most), so a partner with
        thousands of records costs no more than one with ten.
        """
        request = SearchRequest(
            partner=(partner_id,), sort="newest", per_page=LATEST_RECORDS, snippets=False
        )
        result = self.search(request)
        profile = PartnerProfile(
            partner_id, result.total, _facet(result, "year"), latest=result.hits
        )
        for topic in _facet(result, "topic"):
            by_topic = self.search(replace(request, topic=(topic,), per_page=1))
            for year, count in _facet(by_topic, "year").items():
                profile.year_topics[year, topic] = count
        return profile

    def same_event(self, record: Record) -> list[Hit]:
        """Other records sharing a partner and the event date, or published within days.

        Two records that both know their event date must agree on it; otherwise records
        published within SAME_EVENT_DAYS of each other are taken as reports of one event
        (the host's news item and the partner's, the Chinese and the English version).
        """
        anchor = _day(record.event_date) or _day(record.published)
        if anchor is None or not record.partners:
            return []
        request = SearchRequest(
            partner=tuple(dict.fromkeys(p.id for p in record.partners)),
            date_from=anchor - SAME_EVENT_WINDOW,
            date_to=anchor + SAME_EVENT_WINDOW,
            sort="oldest",
            per_page=100,
            snippets=False,
        )
        hits = [
            hit
            for hit in self.search(request).hits
            if hit.id != record.id and _same_event(record, hit)
        ]
        return hits[:SAME_EVENT_LIMIT]

    def last_update(self) -> dict[str, Any] | None:
        """The latest finished `update` or `index` run: when the searchable data last changed."""
        store = self.store()
        runs = [run for run in (store.last_run("update"), store.last_run("index")) if run]
        if not runs:
            return None
        run = max(runs, key=lambda r: r["finished_at"] or "")
        return {key: run.get(key) for key in ("kind", "status", "started_at", "finished_at")}


def current_backend() -> Backend:
    """The Backend of the app handling this request."""
    return current_app.extensions["kb"]


def close_store(_exc: BaseException | None = None) -> None:
    """Teardown hook: close the request's store connection if one was opened."""
    store = g.pop("kb_store", None)
    if store is not None:
        store.close()


def _facet(result: SearchResult, facet: str) -> Counter[str]:
    return Counter({value.value: value.count for value in result.facets.get(facet, [])})


def _same_event(record: Record, hit: Hit) -> bool:
    if record.event_date and hit.event_date:
        return record.event_date == hit.event_date
    mine, theirs = _day(record.published), _day(hit.published)
    return mine is not None and theirs is not None and abs(mine - theirs).days <= SAME_EVENT_DAYS


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
