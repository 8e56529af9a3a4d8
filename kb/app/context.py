"""The knowledge base as the web app and the command line use it: one object per process.

It holds what every service needs and is expensive to make: the lexicon (partner and
topic vocabulary, for labels and query aliases), the search engine (opened lazily, since
the app may start before the first `kb index`, and it follows new commits and generations
by itself) and read-only store connections, one per thread because SQLite connections are
not shared across threads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path
from time import perf_counter

from kb.app.labels import Labels
from kb.core.config import Config
from kb.lexicon import Lexicon
from kb.search.engine import IndexMissing, SearchEngine
from kb.search.model import SearchRequest, SearchResult
from kb.store import Store

#: Searches kept per process, for the same search asked again within moments (a reload, a
#: second tab, the page and the API): a result holds a page of hits and the facet counts,
#: hundreds of objects every collection walks, and under load 512 of them set the pauses
#: behind the slowest answers. Browsers repeat a search with If-None-Match, answered
#: before any search.
RESULT_CACHE_SIZE = 64


class KnowledgeBase:
    """The index, the store and the labels behind one web app or one command."""

    def __init__(self, config: Config, lexicon: Lexicon | None = None) -> None:
        self.config = config
        self.lexicon = lexicon or Lexicon.load(config.enrich)
        self.labels = Labels(self.lexicon.gazetteer, self.lexicon.taxonomy)
        self._engine: SearchEngine | None = None
        self._lock = threading.Lock()
        self._local = threading.local()
        self._results: OrderedDict[tuple[str, SearchRequest], SearchResult] = OrderedDict()
        self._whole: SearchResult | None = None

    @property
    def index_dir(self) -> Path:
        return self.config.storage.index_dir

    def engine(self) -> SearchEngine:
        """The one engine of this process."""
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    owners = {s.name: s.owner for s in self.config.sources}
                    self._engine = SearchEngine(self.index_dir, self.lexicon, owners)
        return self._engine

    def generation(self) -> str:
        """The index generation now being served; raises IndexMissing before the first build."""
        generation = self.engine().generation
        if not generation:
            raise IndexMissing(f"no search index in {self.index_dir} yet")
        return generation

    def store(self) -> Store:
        """This thread's read-only store connection (raises StoreError before the first crawl).

        SQLite in WAL mode shows each statement the latest commit, so a connection kept for
        the thread's life still sees what the nightly update writes.
        """
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = Store(self.config.storage.store_path, readonly=True)
            self._local.store = store
        return store

    def search(self, request: SearchRequest) -> SearchResult:
        """A search, answered from the result cache when this generation already ran it.

        Staff page back and forth and toggle the same facets, and a result depends only on
        the request and the index generation, so repeats cost a dictionary lookup.
        """
        started = perf_counter()
        key = (self.engine().generation, request)
        with self._lock:
            cached = self._results.get(key)
            if cached is not None:
                self._results.move_to_end(key)
        if cached is not None:
            return replace(cached, took_ms=round((perf_counter() - started) * 1000, 2))
        result = self.engine().search(request)
        if result.generation == key[0]:
            with self._lock:
                self._results[key] = result
                while len(self._results) > RESULT_CACHE_SIZE:
                    self._results.popitem(last=False)
        return result

    def whole_collection(self) -> SearchResult:
        """All indexed records with whole-collection facet counts (no hits needed).

        Kept per index generation: health checks, the partner list and the topic list all
        ask for it, and at 100k records the facet counts are the expensive part.
        """
        generation = self.generation()
        cached = self._whole
        if cached is None or cached.generation != generation:
            cached = self.search(SearchRequest(per_page=1, snippets=False))
            self._whole = cached
        return cached

    def facet_counts(self, facet: str) -> dict[str, int]:
        """Records per value of `facet` over the whole collection."""
        return {v.value: v.count for v in self.whole_collection().facets.get(facet, [])}
