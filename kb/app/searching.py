"""A search as the JSON API answers it: the same document for `/api/search` and
`kb search --json`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from kb.app.context import KnowledgeBase
from kb.app.params import SearchParams
from kb.app.present import facets_json, has_next, search_json
from kb.search.model import SearchRequest, SearchResult

#: Builds the URL of a search from its arguments (the web app passes Flask's url_for).
Link = Callable[[dict[str, Any]], str]


def api_link(args: dict[str, Any]) -> str:
    """`/api/search?...` for these arguments, when no web app is there to build it."""
    return "/api/search?" + urlencode(args, doseq=True, safe="!$'()*,/:;?@")


def engine_request(kb: KnowledgeBase, params: SearchParams) -> SearchRequest:
    """The engine's question for `params`, the facet filter boxes' text turned into the
    values whose names match it."""
    found = tuple(
        (facet, kb.labels.matching(facet, text, facet_candidates(kb, facet)))
        for facet, text in params.finds
    )
    return params.request(facet_values=found)


def facet_candidates(kb: KnowledgeBase, facet: str) -> list[str]:
    """Every value a filterable facet can have: the gazetteer's partners (and any other
    partner id the index holds), the configured sources."""
    if facet == "partner":
        return [*kb.lexicon.gazetteer.partners, *kb.facet_counts("partner")]
    return [*(s.name for s in kb.config.sources), *kb.facet_counts(facet)]


def facet_search(kb: KnowledgeBase, params: SearchParams, facet: str, text: str) -> SearchResult:
    """A search for one facet's values: those whose names hold `text` (all when empty),
    counted over the search `params` describe; no hits."""
    allowed = kb.labels.matching(facet, text, facet_candidates(kb, facet)) if text else None
    request = params.request(
        snippets=False, facet_values=((facet, allowed),) if allowed is not None else ()
    )
    return kb.search(
        replace(request, per_page=1, facet_limit=None if text else request.facet_limit)
    )


def run_search(kb: KnowledgeBase, params: SearchParams) -> SearchResult:
    """The result of `params` (facet filter boxes applied)."""
    return kb.search(engine_request(kb, params))


def search_response(
    kb: KnowledgeBase, params: SearchParams, locale: str, link: Link = api_link
) -> dict[str, Any]:
    """The `/api/search` response body for `params`, labels in `locale`."""
    result = run_search(kb, params)
    facets = facets_json(result, params, kb.labels, locale)
    next_url = link(params.args(page=params.page + 1)) if has_next(params, result.total) else None
    return search_json(params, result, facets, next_url, kb.labels, locale)
