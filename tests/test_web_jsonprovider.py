"""The orjson provider answers with the bytes Flask's own provider would (as the app set it
up before: keys in order, Chinese as UTF-8), and with valid JSON where Flask's would not."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import Flask, jsonify
from flask.json.provider import DefaultJSONProvider
from markupsafe import Markup

from kb.web.jsonprovider import OrjsonProvider


@dataclass
class Partner:
    id: str
    name: str


def flask_default() -> Flask:
    app = Flask("default")
    provider = app.json
    assert isinstance(provider, DefaultJSONProvider)
    provider.sort_keys = False
    provider.ensure_ascii = False
    return app


def with_orjson() -> Flask:
    app = Flask("orjson")
    app.json = OrjsonProvider(app)
    return app


BODY = {
    "query": {"q": "谢菲尔德 exchange", "partner": ["sheffield"]},
    "total": 3,
    "score": 1.2345,
    "hits": [{"title": "代表团来访 <b>", "snippet": Markup("a <mark>b</mark> &amp; c")}],
    "partner": Partner("sheffield", "University of Sheffield"),
    "when": date(2021, 5, 7),
    "stamp": datetime(2021, 5, 7, 9, 30, tzinfo=UTC),
    "counts": {2020: 4, 2021: 7},
    "zebra": None,
    "alpha": True,
}


def test_responses_are_the_bytes_flasks_provider_gives() -> None:
    for body in (BODY, [1, "二", None], "plain", {}):
        expected = flask_default()
        mine = with_orjson()
        with expected.test_request_context():
            theirs = jsonify(body)
        with mine.test_request_context():
            ours = jsonify(body)
        assert ours.get_data() == theirs.get_data(), body
        assert ours.mimetype == theirs.mimetype == "application/json"
    assert '"代表团来访 <b>"'.encode() in ours.get_data() or body != BODY


def test_keys_keep_their_order_and_chinese_stays_readable() -> None:
    with with_orjson().test_request_context():
        data = jsonify(BODY).get_data()
    assert list(json.loads(data)) == list(BODY)
    assert "谢菲尔德".encode() in data
    assert data.endswith(b"}\n")


def test_a_nan_score_is_null_not_invalid_json() -> None:
    with with_orjson().test_request_context():
        data = jsonify({"score": float("nan")}).get_data()
    assert json.loads(data) == {"score": None}


def test_debug_mode_keeps_the_indented_output() -> None:
    app = with_orjson()
    app.debug = True
    with app.test_request_context():
        data = jsonify({"a": [1]}).get_data()
    assert data == b'{\n  "a": [\n    1\n  ]\n}\n'
