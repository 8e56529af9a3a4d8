"""The JSON API of DESIGN.md, for other tools; /api/openapi.json describes every response."""

from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, request, url_for

from kb.search.engine import IndexMissing
from kb.store import StoreError
from kb.web.backend import current_backend
from kb.web.export import csv_response
from kb.web.headers import cached
from kb.web.i18n import current_locale
from kb.web.openapi import openapi_document
from kb.web.params import parse_format, parse_partner_sort, parse_search
from kb.web.present import (
    facets_json,
    has_next,
    partner_list,
    profile_json,
    search_json,
    topic_list,
)

api = Blueprint("api", __name__)


@api.get("/api/search")
@cached
def search() -> Response:
    """Faceted search; `format=csv` streams the whole result set instead of one page."""
    params = parse_search(request.args)
    backend = current_backend()
    if parse_format(request.args) == "csv":
        return csv_response(backend, params)
    result = backend.search(params.request())
    facets = facets_json(result, params, backend.labels, current_locale())
    next_url = (
        url_for("api.search", **params.args(page=params.page + 1))
        if has_next(params, result.total)
        else None
    )
    return jsonify(search_json(params, result, facets, next_url))


@api.get("/api/records/<record_id>")
@cached
def record(record_id: str) -> Response:
    found = current_backend().record(record_id)
    if found is None:
        abort(404, description=f"No record with id {record_id!r}.")
    return jsonify(found.to_public())


@api.get("/api/partners")
@cached
def partners() -> Response:
    """Every partner with its record count, sorted by `sort` (count, name or country)."""
    sort = parse_partner_sort(request.args)
    backend = current_backend()
    rows = partner_list(backend.facet_counts("partner"), backend.labels, current_locale(), sort)
    return jsonify({"total": len(rows), "partners": rows})


@api.get("/api/partners/<partner_id>")
@cached
def partner(partner_id: str) -> Response:
    backend = current_backend()
    profile = backend.known_partner_profile(partner_id)
    if profile is None:
        abort(404, description=f"No partner with id {partner_id!r}.")
    return jsonify(profile_json(profile, backend.labels, current_locale()))


@api.get("/api/topics")
@cached
def topics() -> Response:
    backend = current_backend()
    rows = topic_list(backend.facet_counts("topic"), backend.labels, current_locale())
    return jsonify({"topics": rows})


@api.get("/api/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())


@api.get("/healthz")
def healthz() -> Response:
    """For monitors: 200 with counts when searchable, 503 while there is no index yet."""
    backend = current_backend()
    body: dict[str, object] = {"status": "ok", "docs": 0, "generation": None}
    try:
        body["generation"] = backend.generation()
        body["docs"] = backend.whole_collection().total
    except IndexMissing:
        body["status"] = "no_index"
    try:
        body["records"] = backend.store().count_records()
        body["last_update"] = backend.last_update()
    except StoreError:
        body["records"], body["last_update"] = None, None
    response = jsonify(body)
    response.status_code = 200 if body["status"] == "ok" else 503
    response.headers["Cache-Control"] = "no-store"
    return response
