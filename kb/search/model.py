"""The search request and result shapes shared by the engine, the CLI and the web app.

They carry ids and counts only; human labels (partner names, topic labels) are added by
the presentation layers, which know the gazetteer and the language of the reader.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Literal

Sort = Literal["relevance", "newest", "oldest"]
SORTS: tuple[Sort, ...] = ("relevance", "newest", "oldest")
#: `event`: one result per event, its other reports in the hit's `same_event`.
Group = Literal["event"]
GROUPS: tuple[Group, ...] = ("event",)


class Notice(StrEnum):
    """Something a reader should know about how a query was answered."""

    RELAXED = "relaxed"  # no record has every word: records with most of them are shown
    FILTERS_ONLY = "filters_only"  # the words match nothing: the filters' records are shown
    NO_WORDS = "no_words"  # the query has no searchable word: it is treated as empty
    CORRECTED = "corrected"  # a word no record has was also searched as corrected


MAX_PER_PAGE = 100


class Filters(Mapping[str, tuple[str, ...]]):
    """Selected facet values by facet name: OR within a facet, AND across facets.

    Immutable and hashable (a request is a cache key); facets with nothing selected are
    left out, so `Filters()` and `Filters({"topic": ()})` are equal.
    """

    __slots__ = ("_items",)

    def __init__(self, values: Mapping[str, Iterable[str]] | None = None) -> None:
        items = {name: tuple(dict.fromkeys(chosen)) for name, chosen in (values or {}).items()}
        self._items = tuple(sorted((name, chosen) for name, chosen in items.items() if chosen))

    def __getitem__(self, name: str) -> tuple[str, ...]:
        for key, values in self._items:
            if key == name:
                return values
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(self._items)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Filters) and other._items == self._items

    def __repr__(self) -> str:
        return f"Filters({dict(self._items)!r})"


@dataclass(frozen=True)
class SearchRequest:
    """A validated search. Facet selections: OR within a facet, AND across facets.

    `sort="relevance"` ranks by relevance when `q` has searchable terms, and newest first
    otherwise (empty `q`, or only stop words and punctuation). Selected facet values are
    always listed, also beyond `facet_limit`.
    """

    q: str = ""
    filters: Filters = field(default_factory=Filters)
    date_from: date | None = None  # inclusive, on `published`
    date_to: date | None = None  # inclusive, on `published`
    sort: Sort = "relevance"
    page: int = 1
    per_page: int = 20
    snippets: bool = True
    facet_limit: int | None = None  # values kept per facet, largest first (None: all)
    #: Per facet, the only values that may be listed (a facet filter box's matches), as
    #: (facet, values) pairs: a request is a cache key.
    facet_values: tuple[tuple[str, frozenset[str]], ...] = ()
    group: Group | None = None
    #: Only the words as typed: no concepts, corrections, years, relaxation or other reports
    #: of an event (what the words literally match; the tests of matching use it).
    literal: bool = False

    def selected(self, facet: str) -> tuple[str, ...]:
        """The values chosen for a facet (none when it is not filtered)."""
        return self.filters.get(facet, ())


@dataclass(frozen=True)
class Hit:
    id: str
    url: str
    title: str
    published: str | None
    event_date: str | None
    lang: str
    source: str
    partners: list[dict[str, str]]  # [{"id": ..., "name": ...}]
    topics: list[str]
    score: float
    snippet: str  # HTML-escaped text; <mark> is the only markup
    event_end: str | None = None
    same_event: list[str] = field(default_factory=list)  # ids of the event's other reports


#: What a hit shows of its record without score and snippet, as a view caches it: id, url,
#: title, published, event_date, event_end, lang, source, partners as (id, name) pairs,
#: topics, and the ids of the event's other reports. Plain values and tuples only: the
#: collector stops tracking such tuples, where a cache of thousands of Hit objects (with
#: their lists and dicts) made every collection walk them, the pauses that set a loaded
#: server's slowest answers.
Shown = tuple[
    str,
    str,
    str,
    str | None,
    str | None,
    str | None,
    str,
    str,
    tuple[tuple[str, str], ...],
    tuple[str, ...],
    tuple[str, ...],
]
#: A search's facet counts as a view caches them: (value, count, selected) per facet value,
#: plain tuples for the same reason.
CountedFacets = dict[str, tuple[tuple[str, int, bool], ...]]


@dataclass(slots=True)
class FacetValue:
    """One facet value's count, and whether the request selected it (not frozen: a search
    builds hundreds, and a frozen dataclass is slow to build)."""

    value: str
    count: int
    selected: bool


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)  # by facet name
    took_ms: float = 0.0
    generation: str = ""  # index generation that answered (ETag for the web layer)
    relaxed: list[str] = field(default_factory=list)  # words left out to find records
    notices: list[Notice] = field(default_factory=list)
    did_you_mean: str | None = None  # the query with its typos corrected
    partners: list[FacetValue] = field(default_factory=list)  # partners the query names
