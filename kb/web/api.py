"""The JSON API of DESIGN.md, for other tools; /api/openapi.json describes every response.

Each view parses its parameters, asks a service of `kb.app` and returns its JSON: what
the API answers is decided there, so `kb search --json` answers the same.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, jsonify, request, url_for

from kb.app.health import health
from kb.app.params import parse_format, parse_partner_sort, parse_search
from kb.app.partners import known_partner_profile
from kb.app.present import partner_list, profile_json, topic_list
from kb.app.records import record as find_record
from kb.app.searching import search_response
from kb.web.context import current_kb
from kb.web.export import csv_response
from kb.web.headers import cached
from kb.web.i18n import current_locale
from kb.web.openapi import openapi_document

api = Blueprint("api", __name__)


def _search_link(args: dict[str, Any]) -> str:
    return url_for("api.search", **args)


@api.get("/api/search")
@cached
def search() -> Response:
    """Faceted search; `format=csv` streams the whole result set instead of one page."""
    params = parse_search(request.args)
    if parse_format(request.args) == "csv":
        return csv_response(current_kb(), params)
    return jsonify(search_response(current_kb(), params, current_locale(), _search_link))


@api.get("/api/records/<record_id>")
@cached
def record(record_id: str) -> Response:
    found = find_record(current_kb(), record_id)
    if found is None:
        abort(404, description=f"No record with id {record_id!r}.")
    return jsonify(found.to_public())


@api.get("/api/partners")
@cached
def partners() -> Response:
    """Every partner with its record count, sorted by `sort` (count, name or country)."""
    sort = parse_partner_sort(request.args)
    kb = current_kb()
    rows = partner_list(kb.facet_counts("partner"), kb.labels, current_locale(), sort)
    return jsonify({"total": len(rows), "partners": rows})


@api.get("/api/partners/<partner_id>")
@cached
def partner(partner_id: str) -> Response:
    kb = current_kb()
    profile = known_partner_profile(kb, partner_id)
    if profile is None:
        abort(404, description=f"No partner with id {partner_id!r}.")
    return jsonify(profile_json(profile, kb.labels, current_locale()))


@api.get("/api/topics")
@cached
def topics() -> Response:
    kb = current_kb()
    rows = topic_list(kb.facet_counts("topic"), kb.labels, current_locale())
    return jsonify({"topics": rows})


@api.get("/api/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())


@api.get("/healthz")
def healthz() -> Response:
    """For monitors: 200 with counts when searchable, 503 while there is no index yet."""
    body = health(current_kb())
    response = jsonify(body)
    response.status_code = 200 if body["status"] == "ok" else 503
    response.headers["Cache-Control"] = "no-store"
    return response
