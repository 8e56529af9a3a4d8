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

import re
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from kb.index import generations
from kb.index.schema import schema_mismatch, stored_texts
from kb.lexicon import Lexicon
from kb.search import bits
from kb.search.facets import FACET_NAMES, facet_counts
from kb.search.highlight import Highlighter
from kb.search.matching import Plan, plan_query
from kb.search.model import (
    MAX_PER_PAGE,
    CountedFacets,
    FacetValue,
    Hit,
    Notice,
    SearchRequest,
    SearchResult,
    Shown,
)
from kb.search.query import parse
from kb.search.ranking import by_date, by_score, scores_of
from kb.search.relaxation import Tiers, tiers
from kb.search.view import READERS, IndexView
from kb.search.vocabulary import QueryVocabulary

_EXPORT_CHUNK = 500
_OPEN_ATTEMPTS = 5


def _scored(
    view: IndexView, plan: Plan, ranked: list[tuple[float | None, int]]
) -> list[tuple[float, int]]:
    """The rows with their scores: those sorted by date have none yet, and get them here,
    one computation for the whole page rather than one per hit."""
    missing = sorted(docnum for score, docnum in ranked if score is None)
    found: dict[int, float] = {}
    if missing and plan.needs:
        scores = scores_of(view, plan, np.array(missing, dtype=np.int64))
        found = dict(zip(missing, scores.tolist(), strict=True))
    return [(found.get(d, 0.0) if score is None else score, d) for score, d in ranked]


class IndexMissing(Exception):
    """No index has been built yet: the web app shows a friendly message."""


class SearchEngine:
    """Searches the current generation of an index folder (see kb.index.generations)."""

    def __init__(
        self,
        index_dir: Path,
        lexicon: Lexicon | None = None,
        owners: Mapping[str, str | None] | None = None,
        readers: int = READERS,
    ) -> None:
        """`owners`: source name -> the partner publishing it (from the config);
        `readers`: searches a view runs at once (see kb.search.view.READERS)."""
        self.index_dir = Path(index_dir)
        self.readers = readers
        self.vocabulary = QueryVocabulary(lexicon, owners)
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
            with view.reading():
                result = self._search(view, request)
        finally:
            self._release(view)
        result.took_ms = round((time.perf_counter() - started) * 1000, 2)
        return result

    def iter_hits(self, request: SearchRequest) -> Iterator[Hit]:
        """Every hit in request order, without snippets (CSV export); pages are ignored."""
        view = self._acquire()
        try:
            with view.reading():
                matching = self._match(view, request)
                ranked = self._ranked(view, matching, request, None)
            for start in range(0, len(ranked), _EXPORT_CHUNK):
                with view.reading():
                    hits = [
                        self._hit(view, item, None)
                        for item in _scored(
                            view, matching.plan, ranked[start : start + _EXPORT_CHUNK]
                        )
                    ]
                yield from hits
        finally:
            self._release(view)

    # -- one search ----------------------------------------------------------------------

    def _search(self, view: IndexView, request: SearchRequest) -> SearchResult:
        matching = self._match(view, request)
        chosen = {facet: request.selected(facet) for facet in FACET_NAMES}

        def counted() -> CountedFacets:
            return facet_counts(
                view.facets,
                matching.universe,
                matching.selections,
                chosen,
                request.facet_limit,
                dict(request.facet_values),
            )

        # Paging, sorting or grouping the same search counts the same facets again.
        key = replace(request, sort="relevance", page=1, per_page=0, snippets=False, group=None)
        counts = view.facet_counts.get_or_make(key, counted)
        facets = {f: [FacetValue(*v) for v in values] for f, values in counts.items()}
        per_page = min(max(1, request.per_page), MAX_PER_PAGE)
        start = (max(1, request.page) - 1) * per_page
        ranked = self._ranked(view, matching, request, start + per_page)
        plan = matching.plan
        highlighter = Highlighter(plan.highlight, view.segmenter) if request.snippets else None
        hits = [
            self._hit(view, item, highlighter)
            for item in _scored(view, plan, ranked[start : start + per_page])
        ]
        total = matching.matched.bit_count()
        if request.group == "event":
            total = _group_count(view, matching.matched)
        return SearchResult(
            total=total,
            hits=hits,
            facets=facets,
            generation=view.generation,
            relaxed=matching.tiers.relaxed,
            notices=matching.notices,
            did_you_mean=_corrected(request.q, plan.corrections),
            partners=[
                value
                for value in facets.get("partner", [])
                if value.value in plan.partners and not value.selected
            ],
        )

    def _match(self, view: IndexView, request: SearchRequest) -> Matching:
        """What matches: the plan, its tiers, the other reports of matching events, and the
        sets the facets count over."""
        aliases = self.vocabulary.aliases
        plan = plan_query(view, parse(request.q, aliases), self.vocabulary, literal=request.literal)
        base = view.live
        dated = bool(request.date_from or request.date_to)
        if dated:
            base &= view.date_range(
                request.date_from.isoformat() if request.date_from else None,
                request.date_to.isoformat() if request.date_to else None,
            )
        unknown = set(request.filters) - set(FACET_NAMES)
        if unknown:
            raise ValueError(f"not a facet: {', '.join(sorted(unknown))}")
        selections = {
            facet: view.facets[facet].select(values) for facet, values in request.filters.items()
        }
        selected = view.live
        for allowed in selections.values():
            selected &= allowed
        if request.literal:
            allowed = base & ~plan.excluded
            for need in plan.needs:
                allowed &= need.docs
            found = Tiers([allowed])
        else:
            found = tiers(plan, base, selected, dated or bool(selections))
        universe = found.union
        siblings = 0
        if plan.needs and not found.filters_only and not request.literal:
            siblings = view.siblings(universe) & base
            universe |= siblings
        notices = [
            notice
            for notice, happened in (
                (Notice.NO_WORDS, bool(request.q.strip()) and not plan.needs and not plan.excluded),
                (Notice.FILTERS_ONLY, found.filters_only),
                (Notice.RELAXED, bool(found.relaxed) and not found.filters_only),
                (Notice.CORRECTED, bool(plan.corrections)),
            )
            if happened
        ]
        return Matching(plan, found, siblings, universe, selections, universe & selected, notices)

    def _ranked(
        self, view: IndexView, matching: Matching, request: SearchRequest, stop: int | None
    ) -> list[tuple[float | None, int]]:
        """(score, docnum) of the first `stop` matches in the requested order (all: None);
        in date order the score is left to `_hit` (None), which needs it for a page only.
        Grouped by event, a report stands for its event and its other reports are left out.
        """
        plan, matched = matching.plan, matching.matched
        ranked: list[tuple[float | None, int]]
        grouped = request.group == "event"
        limit = None if grouped else stop
        if request.sort == "relevance" and plan.scored and not matching.tiers.filters_only:
            ranked = list(
                by_score(view, plan, matched, limit, matching.tiers.sets, matching.siblings)
            )
        else:
            mask = bits.to_mask(matched, view.size)
            order = by_date(view, mask, request.sort != "oldest", limit)
            ranked = [(None, d) for d in order.tolist()]
        if grouped:
            ranked = _one_per_event(view, ranked)[:stop]
        return ranked

    def _hit(
        self, view: IndexView, ranked: tuple[float, int], highlighter: Highlighter | None
    ) -> Hit:
        score, docnum = ranked
        # The stored fields are read only on a cache miss, and once for both misses.
        stored: dict[str, Any] | None = None
        shown = view.shown.get(docnum)
        if shown is None:
            stored = view.stored(docnum)
            shown = self._shown(view, docnum, stored)
            view.shown.put(docnum, shown)
        (
            record_id,
            url,
            title,
            published,
            event_date,
            event_end,
            lang,
            source,
            partners,
            topics,
            same_event,
        ) = shown
        text = ""
        if highlighter is not None:
            key = (docnum, *highlighter.signature)
            found = view.snippets.get(key)
            if found is None:
                body, attachment_text = stored_texts(stored or view.stored(docnum))
                found = highlighter.snippet((body, attachment_text, title))
                view.snippets.put(key, found)
            text = found
        return Hit(
            id=record_id,
            url=url,
            title=title,
            published=published,
            event_date=event_date,
            event_end=event_end,
            lang=lang,
            source=source,
            partners=[{"id": pid, "name": name} for pid, name in partners],
            topics=list(topics),
            score=round(score, 4),
            snippet=text,
            same_event=list(same_event),
        )

    @staticmethod
    def _shown(view: IndexView, docnum: int, stored: dict[str, Any]) -> Shown:
        """What a hit shows of its record (without score and snippet): read from the
        stored fields once per view, as the same records come back page after page."""
        doc = stored["doc"]
        return (
            stored["id"],
            doc["url"],
            doc["title"],
            doc["published"],
            doc["event_date"],
            doc["event_end"],
            doc["lang"],
            doc["source"],
            tuple((pid, name) for pid, name in doc["partners"]),
            tuple(doc["topics"]),
            tuple(view.id_of(mate) for mate in view.event_mates(docnum)),
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
        """Whether the view is the index as it is now. Asked on every request, so it costs
        one `readlink` and one `stat` while nothing changed: a commit adds files to the
        generation's folder and so changes its mtime; only then is the folder listed for
        its newest commit."""
        view = self._view
        name = generations.current_name(self.index_dir)
        if name is None:
            return view is None
        if view is None or view.path.name != name:
            return False
        try:
            stamp = view.path.stat().st_mtime_ns
            if stamp == view.stamp:
                return True
            current = view.snapshot.latest_commit() == view.snapshot.commit
        except FileNotFoundError:  # swapped and removed since CURRENT was read
            return False
        if current:
            view.stamp = stamp
        return current

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
                return IndexView(path, name, self.readers)
            except FileNotFoundError:
                continue
        raise IndexMissing(f"the index in {self.index_dir} keeps changing; try again")


@dataclass
class Matching:
    """What a request matches on a view."""

    plan: Plan
    tiers: Tiers
    siblings: int  # other reports of matching events, brought in
    universe: int  # what facets count over: the tiers and siblings, no facet filter
    selections: dict[str, int]  # the set each selected facet allows
    matched: int  # the results: the universe within every selection
    notices: list[Notice]


def _one_per_event(
    view: IndexView, ranked: list[tuple[float | None, int]]
) -> list[tuple[float | None, int]]:
    """The ranking with each event's best report only."""
    seen: set[int] = set()
    kept = []
    for item in ranked:
        code = int(view.event_codes[item[1]])
        if code >= 0:
            if code in seen:
                continue
            seen.add(code)
        kept.append(item)
    return kept


def _group_count(view: IndexView, matched: int) -> int:
    """How many results a set makes when each event counts once."""
    codes = view.event_codes[bits.members(matched, view.size)]
    return int((codes < 0).sum()) + len(np.unique(codes[codes >= 0]))


def _corrected(q: str, corrections: dict[str, str]) -> str | None:
    """The query with each corrected word replaced, when any was."""
    if not corrections:
        return None
    for typed, fixed in corrections.items():
        q = re.sub(rf"(?<!\w){re.escape(typed)}(?!\w)", fixed, q)
    return q
