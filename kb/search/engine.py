"""The search engine the CLI and the web app call: SearchRequest in, SearchResult out.

One engine serves many threads. Each call first checks, cheaply (a readlink and a
directory listing), whether the index moved on: a new commit or a swapped generation
opens a new view, while calls already running finish on the old one, which is closed
when its last user leaves. While one thread opens a new view the others keep answering
from the current one, so a nightly update never stalls the web app.

`sort="relevance"` means relevance when the query has searchable terms, and newest first
otherwise (an empty query, or one of only stop words and punctuation).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping
from itertools import islice
from pathlib import Path

from kb.index import generations
from kb.index.schema import schema_mismatch, stored_texts
from kb.search import bits
from kb.search.facets import FACET_NAMES, SELECTABLE, facet_counts
from kb.search.highlight import Highlighter
from kb.search.matching import PARTNER_SCORE, Plan, plan_query
from kb.search.model import MAX_PER_PAGE, Hit, SearchRequest, SearchResult
from kb.search.query import AliasIndex, parse
from kb.search.ranking import by_date, by_score
from kb.search.view import IndexView

_EXPORT_CHUNK = 500
_OPEN_ATTEMPTS = 5


class IndexMissing(Exception):
    """No index has been built yet: the web app shows a friendly message."""


class SearchEngine:
    """Searches the current generation of an index folder (see kb.index.generations)."""

    def __init__(self, index_dir: Path, aliases: Mapping[str, str] | None = None) -> None:
        self.index_dir = Path(index_dir)
        self.aliases = AliasIndex(aliases or {})
        self._view: IndexView | None = None
        self._switch = threading.Lock()  # guards _view and the users count of views
        self._opening = threading.Lock()  # one thread opens a new view at a time

    @property
    def generation(self) -> str:
        """Current generation and commit ("g000003.7"), "" before the first build."""
        try:
            view = self._acquire()
        except IndexMissing:
            return ""
        self._release(view)
        return view.generation

    def search(self, request: SearchRequest) -> SearchResult:
        """Run a search; never raises for any query text (IndexMissing before any build)."""
        started = time.perf_counter()
        view = self._acquire()
        try:
            with view.lock:
                result = self._search(view, request)
        finally:
            self._release(view)
        result.took_ms = round((time.perf_counter() - started) * 1000, 2)
        return result

    def iter_hits(self, request: SearchRequest) -> Iterator[Hit]:
        """Every hit in request order, without snippets (CSV export); pages are ignored."""
        view = self._acquire()
        try:
            with view.lock:
                plan, matched, _ = self._match(view, request)
                ranked = self._ranked(view, plan, request.sort, matched, None)
            for start in range(0, len(ranked), _EXPORT_CHUNK):
                with view.lock:
                    hits = [
                        self._hit(view, plan, item, None)
                        for item in ranked[start : start + _EXPORT_CHUNK]
                    ]
                yield from hits
        finally:
            self._release(view)

    # -- one search ----------------------------------------------------------------------

    def _search(self, view: IndexView, request: SearchRequest) -> SearchResult:
        plan, matched, (universe, selections) = self._match(view, request)
        total = matched.bit_count()
        chosen = {facet: request.selected(facet) for facet in FACET_NAMES}
        facets = facet_counts(view.facets, universe, selections, chosen, request.facet_limit)
        per_page = min(max(1, request.per_page), MAX_PER_PAGE)
        start = (max(1, request.page) - 1) * per_page
        ranked = self._ranked(view, plan, request.sort, matched, start + per_page)
        highlighter = Highlighter(plan.highlight, view.segmenter) if request.snippets else None
        hits = [
            self._hit(view, plan, item, highlighter) for item in ranked[start : start + per_page]
        ]
        return SearchResult(total=total, hits=hits, facets=facets, generation=view.generation)

    def _match(
        self, view: IndexView, request: SearchRequest
    ) -> tuple[Plan, int, tuple[int, dict[str, int]]]:
        """The plan, the matching set, and (query-and-date set, selection sets) for facets."""
        plan = plan_query(view, parse(request.q, self.aliases), self.aliases)
        universe = view.live if plan.docs is None else plan.docs & view.live
        if request.date_from or request.date_to:
            universe &= view.date_range(
                request.date_from.isoformat() if request.date_from else None,
                request.date_to.isoformat() if request.date_to else None,
            )
        unknown = set(request.filters) - set(SELECTABLE)
        if unknown:
            raise ValueError(f"not a selectable facet: {', '.join(sorted(unknown))}")
        selections = {
            facet: view.facets[facet].select(values) for facet, values in request.filters.items()
        }
        matched = universe
        for allowed in selections.values():
            matched &= allowed
        return plan, matched, (universe, selections)

    def _ranked(
        self, view: IndexView, plan: Plan, sort: str, matched: int, stop: int | None
    ) -> list[tuple[float | None, int]]:
        """(score, docnum) of the first `stop` matches in the requested order (all: None);
        in date order the score is left to `_hit` (None), which needs it for a page only."""
        mask = bits.to_mask(matched, view.size)
        if sort == "relevance" and plan.scored:
            return list(by_score(view, plan, mask, matched.bit_count(), stop))
        return [(None, d) for d in islice(by_date(view, mask, newest=sort != "oldest"), stop)]

    @staticmethod
    def _score(view: IndexView, plan: Plan, docnum: int) -> float:
        score = sum(term.score_of(view, docnum) for term in plan.terms)
        for partner in plan.partners:
            if view.partners.set_of(partner) >> docnum & 1:
                score += PARTNER_SCORE
        return score

    def _hit(
        self,
        view: IndexView,
        plan: Plan,
        ranked: tuple[float | None, int],
        highlighter: Highlighter | None,
    ) -> Hit:
        score, docnum = ranked
        if score is None:
            score = self._score(view, plan, docnum)
        stored = view.stored(docnum)
        doc = stored["doc"]
        text = ""
        if highlighter is not None:
            body, attachment_text = stored_texts(stored)
            text = highlighter.snippet((body, attachment_text, doc["title"]))
        return Hit(
            id=stored["id"],
            url=doc["url"],
            title=doc["title"],
            published=doc["published"],
            event_date=doc["event_date"],
            lang=doc["lang"],
            source=doc["source"],
            partners=[{"id": pid, "name": name} for pid, name in doc["partners"]],
            topics=list(doc["topics"]),
            score=round(score, 4),
            snippet=text,
        )

    # -- views ---------------------------------------------------------------------------

    def _acquire(self) -> IndexView:
        """The freshest view, counted as in use until `_release`."""
        self._refresh()
        with self._switch:
            view = self._view
            if view is None:
                raise IndexMissing(f"no search index in {self.index_dir} yet: run `kb index`")
            view.users += 1
            return view

    def _release(self, view: IndexView) -> None:
        with self._switch:
            view.users -= 1
            done = view.retired and view.users == 0
        if done:
            view.close()

    def _refresh(self) -> None:
        """Open a new view if the index moved on (new commit or generation)."""
        if self._is_current():
            return
        # Nobody waits behind a slow open when there is a view to serve from.
        if not self._opening.acquire(blocking=self._view is None):
            return
        try:
            if self._is_current():
                return
            fresh = self._open()
            with self._switch:
                old, self._view = self._view, fresh
                if old is not None:
                    old.retired = True
                    done = old.users == 0
            if old is not None and done:
                old.close()
        finally:
            self._opening.release()

    def _is_current(self) -> bool:
        view = self._view
        name = generations.current_name(self.index_dir)
        if name is None:
            return view is None
        if view is None or view.path.name != name:
            return False
        try:
            return view.snapshot.latest_commit() == view.snapshot.commit
        except FileNotFoundError:  # swapped and removed since CURRENT was read
            return False

    def _open(self) -> IndexView | None:
        """A view of the current generation; retried if a swap removes it meanwhile."""
        for _ in range(_OPEN_ATTEMPTS):
            name = generations.current_name(self.index_dir)
            if name is None:
                return None
            path = generations.generation_path(self.index_dir, name)
            meta = generations.read_meta(path)
            mismatch = schema_mismatch(meta.schema_version) if meta else None
            if mismatch:
                raise IndexMissing(
                    f"the index in {self.index_dir} {mismatch}: run `kb index` to rebuild it"
                )
            try:
                return IndexView(path, name)
            except FileNotFoundError:
                continue
        raise IndexMissing(f"the index in {self.index_dir} keeps changing; try again")
