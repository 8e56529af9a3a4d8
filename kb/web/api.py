"""The JSON API of DESIGN.md, for other tools; /api/openapi.json describes every response.

Each view parses its parameters, asks a service of `kb.app` and returns its JSON: what
the API answers is decided there, so `kb search --json` answers the same.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, jsonify, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from kb.app.health import health
from kb.app.params import (
    MAX_VALUE_CHARS,
    BadParam,
    parse_format,
    parse_partner_sort,
    parse_search,
)
from kb.app.partners import known_partner_profile, last_activity
from kb.app.present import facets_json, partner_list, profile_json, topic_list
from kb.app.records import record as find_record
from kb.app.searching import facet_search, search_response
from kb.search.facets import FACET_NAMES
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
    """Every partner (or those whose names hold `q`) with its record count and newest
    record's date, sorted by `sort` (count, name, country or last activity)."""
    sort = parse_partner_sort(request.args)
    find = request.args.get("q", "").strip()
    if len(find) > MAX_VALUE_CHARS:
        raise BadParam("q", f"q is longer than {MAX_VALUE_CHARS} characters")
    kb = current_kb()
    rows = partner_list(
        kb.facet_counts("partner"), kb.labels, current_locale(), sort, last_activity(kb), find
    )
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


@api.get("/api/facets/<facet>")
@cached
def facet_values(facet: str) -> Response:
    """One facet's values whose names hold `q`, counted over the search the other
    parameters describe (`query` is its free text)."""
    if facet not in FACET_NAMES:
        abort(404, description=f"No facet {facet!r} (facets: {', '.join(FACET_NAMES)}).")
    kb = current_kb()
    text = request.args.get("q", "").strip()
    if len(text) > MAX_VALUE_CHARS:
        raise BadParam("q", f"q is longer than {MAX_VALUE_CHARS} characters")
    search_args = MultiDict([(k, v) for k, v in request.args.items(multi=True) if k != "q"])
    search_args.setlist("q", search_args.poplist("query"))
    params = parse_search(search_args)
    found = facet_search(kb, params, facet, text)
    entries = facets_json(found, params, kb.labels, current_locale())[facet]
    return jsonify({"facet": facet, "q": text, "total": len(entries), "values": entries})


@api.get("/api/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())


@api.get("/api/docs")
@cached
def docs() -> str:
    """The OpenAPI document as a page to read, served by the app itself."""
    return render_template("api_docs.html", doc=openapi_document())


@api.get("/healthz")
def healthz() -> Response:
    """For monitors: 200 with counts when searchable, 503 while there is no index yet."""
    body = health(current_kb())
    response = jsonify(body)
    response.status_code = 200 if body["status"] == "ok" else 503
    response.headers["Cache-Control"] = "no-store"
    return response
