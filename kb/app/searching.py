"""A search as the JSON API answers it: the same document for `/api/search` and
`kb search --json`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from kb.app.context import KnowledgeBase
from kb.app.params import SearchParams
from kb.app.present import facets_json, has_next, search_json

#: Builds the URL of a search from its arguments (the web app passes Flask's url_for).
Link = Callable[[dict[str, Any]], str]


def api_link(args: dict[str, Any]) -> str:
    """`/api/search?...` for these arguments, when no web app is there to build it."""
    return "/api/search?" + urlencode(args, doseq=True, safe="!$'()*,/:;?@")


def search_response(
    kb: KnowledgeBase, params: SearchParams, locale: str, link: Link = api_link
) -> dict[str, Any]:
    """The `/api/search` response body for `params`, labels in `locale`."""
    result = kb.search(params.request())
    facets = facets_json(result, params, kb.labels, locale)
    next_url = link(params.args(page=params.page + 1)) if has_next(params, result.total) else None
    return search_json(params, result, facets, next_url, kb.labels, locale)
