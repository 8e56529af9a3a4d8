"""The search request and result shapes shared by the engine, the CLI and the web app.

They carry ids and counts only; human labels (partner names, topic labels) are added by
the presentation layers, which know the gazetteer and the language of the reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, NamedTuple

Sort = Literal["relevance", "newest", "oldest"]
SORTS: tuple[str, ...] = ("relevance", "newest", "oldest")
FACETS: tuple[str, ...] = ("partner", "topic", "year", "lang", "source")
MAX_PER_PAGE = 100


@dataclass(frozen=True)
class SearchRequest:
    """A validated search. Facet selections: OR within a facet, AND across facets.

    `sort="relevance"` ranks by relevance when `q` has searchable terms, and newest first
    otherwise (empty `q`, or only stop words and punctuation). Selected facet values are
    always listed, also beyond `facet_limit`.
    """

    q: str = ""
    partner: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()
    lang: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    date_from: date | None = None  # inclusive, on `published`
    date_to: date | None = None  # inclusive, on `published`
    sort: Sort = "relevance"
    page: int = 1
    per_page: int = 20
    snippets: bool = True
    facet_limit: int | None = None  # values kept per facet, largest first (None: all)

    def selected(self, facet: str) -> tuple[str, ...]:
        """The values chosen for a facet; `year` is chosen through the date range instead."""
        return () if facet == "year" else getattr(self, facet)


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


class FacetValue(NamedTuple):
    """One facet value's count (a tuple: a search at 100k records builds thousands)."""

    value: str
    count: int
    selected: bool


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)  # keys: FACETS
    took_ms: float = 0.0
    generation: str = ""  # index generation that answered (ETag for the web layer)
