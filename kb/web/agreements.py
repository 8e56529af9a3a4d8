"""The agreement register: `/agreements` for staff, `/api/agreements` (JSON or CSV) for
other tools. Statuses are as of today (the app's `KB_TODAY` setting when given)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request, url_for

from kb.app.agreements import (
    STATUSES,
    agreement_json,
    kind_label,
    parse_register_query,
    read_register,
    register_csv,
    status_label,
)
from kb.app.params import parse_format
from kb.core.agreements import KINDS
from kb.web.context import current_kb, current_today
from kb.web.headers import cached
from kb.web.i18n import current_locale

agreements = Blueprint("agreements", __name__)

CSV_NAME = "cooperation-kb-agreements.csv"


@agreements.get("/api/agreements")
@cached
def api() -> Response:
    kb = current_kb()
    locale = current_locale()
    query = parse_register_query(request.args)
    today = current_today()
    rows = read_register(kb, query, today).rows
    if parse_format(request.args) == "csv":
        response = Response(register_csv(rows, kb.labels, locale), mimetype="text/csv")
        response.headers["Content-Disposition"] = f'attachment; filename="{CSV_NAME}"'
        return response
    body: dict[str, Any] = {
        "query": {
            "partner": list(query.partners),
            "kind": list(query.kinds),
            "status": list(query.statuses),
            "from": query.signed_from.isoformat() if query.signed_from else None,
            "to": query.signed_to.isoformat() if query.signed_to else None,
        },
        "today": today.isoformat(),
        "total": len(rows),
        "agreements": [agreement_json(row, kb.labels, locale) for row in rows],
    }
    return jsonify(body)


@agreements.get("/agreements")
@cached
def page() -> str:
    kb = current_kb()
    locale = current_locale()
    query = parse_register_query(request.args)
    today = current_today()
    found = read_register(kb, query, today)

    def toggled(name: str, value: str) -> str:
        args = query.args()
        chosen = list(args.get(name, []))
        args[name] = [v for v in chosen if v != value] if value in chosen else [*chosen, value]
        return url_for("agreements.page", **args)

    return render_template(
        "agreements.html",
        rows=[agreement_json(row, kb.labels, locale) for row in found.rows],
        query=query,
        today=today,
        counts=found.counts(),
        toggled=toggled,
        kind_labels={kind: kind_label(kind, locale) for kind in KINDS},
        status_labels={status: status_label(status, locale) for status in STATUSES},
        csv_url=url_for("agreements.api", format="csv", **query.args()),
        feed_url=url_for("feeds.register_feed", **query.args()),
    )
