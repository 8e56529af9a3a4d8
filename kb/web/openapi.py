"""The OpenAPI 3.1 description of the JSON API: every parameter and every response body.

Written by hand, next to the code, because it is a contract other tools build against; the
test suite drives the app from this document and fails on any response that strays from it.
"""

from __future__ import annotations

from typing import Any

from kb.app.agreements import STATUSES
from kb.app.params import (
    FACET_SIZE,
    FORMATS,
    MAX_PAGE,
    MAX_QUERY_BYTES,
    MAX_VALUE_CHARS,
    MAX_VALUES,
    PARTNER_SORTS,
    VALUE_PATTERNS,
)
from kb.core.agreements import KINDS
from kb.core.text import MAX_QUERY_CHARS
from kb.search.facets import FACET_NAMES
from kb.search.model import GROUPS, MAX_PER_PAGE, SORTS
from kb.web.i18n import LOCALES

_STRING = {"type": "string"}
_NULLABLE_STRING = {"type": ["string", "null"]}
_COUNT = {"type": "integer", "minimum": 0}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    """A closed object whose properties are all required unless listed in `optional`."""
    return {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }


def _array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


_PARTNER_FIELDS = {
    "id": _STRING,
    "label": {**_STRING, "description": "Name in the UI language (hl)."},
    "name": _STRING,
    "name_zh": _NULLABLE_STRING,
    "aliases": _array(_STRING),
    "country": {**_NULLABLE_STRING, "description": "ISO 3166-1 alpha-2."},
    "type": _NULLABLE_STRING,
    "count": {**_COUNT, "description": "Records mentioning the partner."},
    "last_activity": {**_NULLABLE_STRING, "description": "Publication date of its newest record."},
}

SCHEMAS: dict[str, Any] = {
    "Error": _object(
        {
            "error": _object(
                {"code": _STRING, "message": _STRING, "param": _STRING}, optional=("param",)
            ),
        }
    ),
    "PartnerRef": _object({"id": _STRING, "name": _STRING}),
    "Hit": _object(
        {
            "id": _STRING,
            "url": _STRING,
            "title": _STRING,
            "published": {**_NULLABLE_STRING, "description": "YYYY-MM-DD"},
            "event_date": {**_NULLABLE_STRING, "description": "YYYY-MM-DD"},
            "event_end": {
                **_NULLABLE_STRING,
                "description": "Last day (YYYY-MM-DD) of a multi-day event, else null.",
            },
            "lang": _STRING,
            "source": _STRING,
            "partners": _array(_ref("PartnerRef")),
            "topics": _array(_STRING),
            "score": {"type": "number"},
            "snippet": {**_STRING, "description": "HTML-escaped text; <mark> is the only markup."},
            "same_event": {
                **_array(_STRING),
                "description": "Ids of the other reports of the same event (translations, "
                "the partner's own report).",
            },
        }
    ),
    "Agreement": _object(
        {
            "id": _STRING,
            "partners": _array(_object({"id": _STRING, "label": _STRING})),
            "kind": {"enum": list(KINDS)},
            "kind_label": _STRING,
            "signed": _NULLABLE_STRING,
            "expires": {**_NULLABLE_STRING, "description": "Last day of the stated term."},
            "term_years": {"type": ["integer", "null"]},
            "status": {"enum": list(STATUSES)},
            "last_activity": {
                **_NULLABLE_STRING,
                "description": "Newest record naming one of its partners.",
            },
            "renewal": {"type": "boolean"},
            "renews": {**_NULLABLE_STRING, "description": "Id of the agreement it renews."},
            "renewed_by": _NULLABLE_STRING,
            "signatories": _array(_STRING),
            "records": _array(
                _object(
                    {
                        "id": _STRING,
                        "title": _STRING,
                        "url": _STRING,
                        "published": _NULLABLE_STRING,
                    }
                )
            ),
        }
    ),
    "AgreementList": _object(
        {
            "query": {"type": "object"},
            "today": _STRING,
            "total": _COUNT,
            "agreements": _array(_ref("Agreement")),
        }
    ),
    "FacetValues": _object(
        {
            "facet": {"enum": list(FACET_NAMES)},
            "q": _STRING,
            "total": _COUNT,
            "values": _array(_ref("FacetValue")),
        }
    ),
    "FacetValue": _object(
        {
            "value": _STRING,
            "label": _STRING,
            "count": _COUNT,
            "selected": {"type": "boolean"},
        }
    ),
    "SearchResponse": _object(
        {
            "query": _object(
                {
                    "q": _STRING,
                    **{facet: _array(_STRING) for facet in FACET_NAMES},
                    "from": {**_NULLABLE_STRING, "description": "Resolved inclusive start date."},
                    "to": {**_NULLABLE_STRING, "description": "Resolved inclusive end date."},
                    "sort": {"enum": list(SORTS)},
                    "group": {"enum": [*GROUPS, None]},
                    "page": {"type": "integer", "minimum": 1},
                    "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
                }
            ),
            "total": _COUNT,
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "took_ms": {"type": "number", "minimum": 0},
            "hits": _array(_ref("Hit")),
            "facets": {
                **_object({facet: _array(_ref("FacetValue")) for facet in FACET_NAMES}),
                "description": f"Up to {FACET_SIZE} most frequent values per facet, plus any "
                "selected value. Counts ignore the facet's own selection (disjunctive).",
            },
            "next": {**_NULLABLE_STRING, "description": "URL of the next page, null on the last."},
            "relaxed": {
                **_array(_STRING),
                "description": "Words left out to find more records when fewer than ten have "
                "them all (those records rank below the ones with every word, the most "
                "important words kept first: a partner, then a year, then a concept).",
            },
            "notices": {
                **_array(_STRING),
                "description": "Sentences (in the hl language) on how the query was answered.",
            },
            "suggestions": _object(
                {
                    "did_you_mean": {
                        **_NULLABLE_STRING,
                        "description": "The query with its misspelt words corrected.",
                    },
                    "partners": {
                        **_array(_object({"id": _STRING, "label": _STRING, "count": _COUNT})),
                        "description": "Partners the query names, with their records among "
                        "the results: to filter by.",
                    },
                }
            ),
        }
    ),
    "Record": _object(
        {
            "id": _STRING,
            "url": _STRING,
            "source": _STRING,
            "title": _STRING,
            "lang": _STRING,
            "published": _NULLABLE_STRING,
            "event_date": _NULLABLE_STRING,
            "event_end": _NULLABLE_STRING,
            "same_event": _array(_STRING),
            "partners": _array(_ref("PartnerRef")),
            "topics": _array(_STRING),
            "body": _STRING,
            "attachments": _array(_STRING),
            "attachment_text": _STRING,
            "fetched_at": _STRING,
        }
    ),
    "Partner": _object(_PARTNER_FIELDS),
    "PartnerList": _object({"total": _COUNT, "partners": _array(_ref("Partner"))}),
    "PartnerProfile": _object(
        {
            **_PARTNER_FIELDS,
            "years": _array(
                _object(
                    {
                        "year": _STRING,
                        "count": _COUNT,
                        "topics": {
                            "type": "object",
                            "additionalProperties": _COUNT,
                            "description": "Records per topic id that year.",
                        },
                    }
                )
            ),
            "latest": _array(_ref("Hit")),
        }
    ),
    "Topic": _object(
        {
            "id": _STRING,
            "label": _STRING,
            "label_en": _STRING,
            "label_zh": _STRING,
            "count": _COUNT,
        }
    ),
    "TopicList": _object({"topics": _array(_ref("Topic"))}),
    "Health": _object(
        {
            "status": {"enum": ["ok", "no_index"]},
            "docs": _COUNT,
            "generation": _NULLABLE_STRING,
            "records": {"type": ["integer", "null"], "minimum": 0},
            "last_update": {
                "oneOf": [
                    {"type": "null"},
                    _object(
                        {
                            "kind": _STRING,
                            "status": _STRING,
                            "started_at": _STRING,
                            "finished_at": _NULLABLE_STRING,
                        }
                    ),
                ]
            },
        }
    ),
}


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


_HL = _query(
    "hl",
    {"type": "string", "examples": list(LOCALES)},
    "Language of labels (en or zh; anything else is ignored): else Accept-Language, else English.",
)
_DATE_BOUND = {
    "anyOf": [
        {"type": "string", "maxLength": 0, "description": "Empty: no bound (a blank form field)."},
        {"type": "string", "pattern": "^[1-9][0-9]{3}$"},
        {"type": "string", "pattern": "^[1-9][0-9]{3}-(0[1-9]|1[0-2])$"},
        {"type": "string", "format": "date"},
    ]
}
#: Facet values are ids (ASCII), so a URL holding the most values allowed stays short; an
#: empty value counts as absent.
_FACET_VALUE = {
    facet: {
        "type": "string",
        "maxLength": MAX_VALUE_CHARS,
        "pattern": f"^({pattern})?$",
    }
    for facet, pattern in VALUE_PATTERNS.items()
}
_SEARCH_PARAMETERS = [
    _query(
        "q",
        {"type": "string", "maxLength": MAX_QUERY_CHARS},
        "Free text in Chinese or English; empty means everything.",
    ),
    *(
        {
            **_query(
                facet,
                {"type": "array", "maxItems": MAX_VALUES, "items": _FACET_VALUE[facet]},
                f"Repeatable; OR within {facet}, AND across facets.",
            ),
            "style": "form",
            "explode": True,
        }
        for facet in FACET_NAMES
    ),
    _query("from", _DATE_BOUND, "Inclusive start on `published`: YYYY, YYYY-MM or YYYY-MM-DD."),
    _query("to", _DATE_BOUND, "Inclusive end on `published`: 2021-07 means up to 2021-07-31."),
    _query("sort", {"enum": list(SORTS)}, "Default relevance."),
    _query(
        "group",
        {"enum": ["", *GROUPS]},
        "`event`: one result per event, its other reports listed in the hit's same_event.",
    ),
    _query("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}, "1-based."),
    _query("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}, "Default 20."),
    _query("format", {"enum": list(FORMATS)}, "`csv` streams every matching record."),
    _HL,
]


def _json(schema: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


_ERRORS = {
    "400": _json("Error", "A parameter is invalid; `error.param` names it."),
    "414": _json("Error", "The query string is longer than the app reads."),
    "503": _json("Error", "No search index (or store) yet: run `kb update`."),
}
_NOT_MODIFIED = {"304": {"description": "Not modified since the ETag sent in If-None-Match."}}


def _get(
    summary: str,
    ok: dict[str, Any],
    parameters: list[dict[str, Any]],
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "parameters": parameters,
            "responses": {"200": ok, **_NOT_MODIFIED, **_ERRORS, **(extra or {})},
        }
    }


_ATOM = {
    "description": "Atom (RFC 4287).",
    "content": {"application/atom+xml": {"schema": _STRING}},
}
_REGISTER_PARAMETERS = [
    {
        **_query(
            "partner",
            {"type": "array", "maxItems": MAX_VALUES, "items": _FACET_VALUE["partner"]},
            "Repeatable: agreements with any of these partners.",
        ),
        "style": "form",
        "explode": True,
    },
    {
        **_query(
            "kind",
            {"type": "array", "items": {"enum": ["", *KINDS]}},
            "Repeatable: agreements of any of these kinds.",
        ),
        "style": "form",
        "explode": True,
    },
    {
        **_query(
            "status",
            {"type": "array", "items": {"enum": ["", *STATUSES]}},
            "Repeatable. expired: its term ended; expiring: it ends within 6 months; "
            "dormant: it runs but no record named its partner for 2 years; else active.",
        ),
        "style": "form",
        "explode": True,
    },
    _query("from", _DATE_BOUND, "Signed on or after: YYYY, YYYY-MM or YYYY-MM-DD."),
    _query("to", _DATE_BOUND, "Signed on or before; `to` before `from` is a 400."),
    _query("format", {"enum": list(FORMATS)}, "json (default) or csv (the whole register)."),
    _HL,
]


def _register_ok() -> dict[str, Any]:
    ok = _json("AgreementList", "The register, newest signing first.")
    ok["content"]["text/csv"] = {"schema": _STRING}
    return ok


def _path_id(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def openapi_document() -> dict[str, Any]:
    """The whole document, built per call (it is small) so nothing can mutate a shared copy."""
    not_found = {"404": _json("Error", "No such id.")}
    search_ok = _json("SearchResponse", "One page of results with facet counts.")
    search_ok["content"]["text/csv"] = {"schema": {"type": "string"}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Cooperation KB",
            "version": "1.0.0",
            "description": (
                "Faceted search over a university's international cooperation news.\n\n"
                "Limits: the parameters' documented limits keep every request line under "
                "8,190 bytes, the most the HTTP server reads (it answers longer ones with its "
                f"own 414 page); the app answers a query string over {MAX_QUERY_BYTES} bytes "
                "with a 414 and the JSON error envelope. Every path answers OPTIONS with 204 "
                'and the CORS headers; ETags compare weakly (W/"x" matches "x").'
            ),
        },
        "paths": {
            "/api/search": _get("Search records", search_ok, _SEARCH_PARAMETERS),
            "/api/records/{record_id}": _get(
                "One record",
                _json("Record", "The record."),
                [_path_id("record_id"), _HL],
                not_found,
            ),
            "/api/partners": _get(
                "All partners with record counts",
                _json("PartnerList", "Partners."),
                [
                    _query(
                        "sort",
                        {"enum": list(PARTNER_SORTS)},
                        "Default count; last: the newest activity first.",
                    ),
                    _query(
                        "q",
                        {"type": "string", "maxLength": MAX_VALUE_CHARS},
                        "Only partners one of whose names or aliases holds this text.",
                    ),
                    _HL,
                ],
            ),
            "/api/partners/{partner_id}": _get(
                "A partner's profile and records per year",
                _json("PartnerProfile", "The profile."),
                [_path_id("partner_id"), _HL],
                not_found,
            ),
            "/api/topics": _get(
                "The topic taxonomy with record counts", _json("TopicList", "Topics."), [_HL]
            ),
            "/api/facets/{facet}": _get(
                "One facet's values whose names hold q, counted over a search",
                _json("FacetValues", "The matching values, largest first."),
                [
                    {
                        "name": "facet",
                        "in": "path",
                        "required": True,
                        "schema": {"enum": list(FACET_NAMES)},
                    },
                    _query(
                        "q",
                        {"type": "string", "maxLength": MAX_VALUE_CHARS},
                        "Part of a value's id, name or alias: 'she' finds the University of "
                        "Sheffield. Empty: the largest values.",
                    ),
                    _query(
                        "query",
                        {"type": "string", "maxLength": MAX_QUERY_CHARS},
                        "The search's free text (what `q` is to /api/search).",
                    ),
                    *(
                        p
                        for p in _SEARCH_PARAMETERS
                        if p["name"] not in ("q", "format", "page", "per_page", "sort")
                    ),
                ],
                {"404": _json("Error", "No such facet.")},
            ),
            "/api/agreements": _get(
                "The agreement register, statuses as of today",
                _register_ok(),
                _REGISTER_PARAMETERS,
            ),
            "/feed.atom": _get(
                "An Atom feed of the newest records matching a search",
                _ATOM,
                [p for p in _SEARCH_PARAMETERS if p["name"] not in ("format", "page", "sort")],
            ),
            "/agreements/feed.atom": _get(
                "An Atom feed of the register's changes: new, expiring, expired",
                _ATOM,
                [p for p in _REGISTER_PARAMETERS if p["name"] != "format"],
            ),
            "/api/docs": {
                "get": {
                    "summary": "This document as a page to read",
                    "responses": {
                        "200": {
                            "description": "HTML",
                            "content": {"text/html": {"schema": _STRING}},
                        }
                    },
                }
            },
            "/api/openapi.json": {
                "get": {
                    "summary": "This document",
                    "responses": {
                        "200": {
                            "description": "OpenAPI 3.1",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
            "/healthz": {
                "get": {
                    "summary": "Health: documents, index generation, last update",
                    "responses": {
                        "200": _json("Health", "Searchable."),
                        "503": _json("Health", "No index yet."),
                    },
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }
