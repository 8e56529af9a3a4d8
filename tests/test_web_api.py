"""The JSON API through Flask's test client, against a real index of the fixture corpus."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_web_corpus import EXPECTED, EXTRA_PARTNER, build_site, corpus, rec

from kb.core.config import load_config
from kb.core.record import RECORD_FIELDS
from kb.lexicon import Lexicon
from kb.pipeline import index_manager
from kb.web import create_app
from kb.web.headers import is_api_path


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    return create_app(load_config(build_site(tmp_path_factory.mktemp("api"), corpus())))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def search(client: FlaskClient, **args: Any) -> dict[str, Any]:
    response = client.get("/api/search", query_string=args)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def counts(body: dict[str, Any], facet: str) -> dict[str, int]:
    return {entry["value"]: entry["count"] for entry in body["facets"][facet]}


def ids(body: dict[str, Any]) -> list[str]:
    return [hit["id"] for hit in body["hits"]]


# -- /api/search ---------------------------------------------------------------------------


def test_empty_query_returns_everything_with_whole_collection_facets(client: FlaskClient) -> None:
    body = search(client)
    assert body["total"] == EXPECTED["total"]
    assert (body["page"], body["per_page"], len(body["hits"])) == (1, 20, 20)
    for facet in ("partner", "year", "lang", "source", "topic"):
        assert counts(body, facet) == EXPECTED[facet], facet
    assert body["next"] == "/api/search?page=2"


def test_response_shape_follows_the_design(client: FlaskClient) -> None:
    body = search(client, q="Sheffield", partner="sheffield", sort="newest", per_page=5)
    assert list(body) == [
        "query",
        "total",
        "page",
        "per_page",
        "took_ms",
        "hits",
        "facets",
        "next",
        "relaxed",
        "notices",
        "suggestions",
    ]
    assert body["query"] == {
        "q": "Sheffield",
        "partner": ["sheffield"],
        "topic": [],
        "lang": [],
        "source": [],
        "year": [],
        "from": None,
        "to": None,
        "sort": "newest",
        "group": None,
        "page": 1,
        "per_page": 5,
    }
    assert set(body["suggestions"]) == {"did_you_mean", "partners"}
    hit = body["hits"][0]
    assert set(hit) == {
        "id",
        "url",
        "title",
        "published",
        "event_date",
        "event_end",
        "lang",
        "source",
        "partners",
        "topics",
        "score",
        "snippet",
        "same_event",
    }
    assert list(body["facets"]) == ["partner", "topic", "year", "lang", "source"]
    assert set(body["facets"]["partner"][0]) == {"value", "label", "count", "selected"}


def test_partner_counts_are_disjunctive(client: FlaskClient) -> None:
    one = search(client, partner="btbu")
    assert one["total"] == EXPECTED["partner"]["btbu"]
    assert counts(one, "partner") == EXPECTED["partner"]
    two = search(client, partner=["btbu", "sheffield"])
    assert two["total"] == EXPECTED["btbu_or_sheffield"]
    assert counts(two, "partner") == EXPECTED["partner"]
    selected = {e["value"] for e in two["facets"]["partner"] if e["selected"]}
    assert selected == {"btbu", "sheffield"}


def test_facets_combine_with_and_across_facets(client: FlaskClient) -> None:
    body = search(client, lang="zh", partner="btbu")
    assert body["total"] == EXPECTED["partner_zh"]["btbu"]
    assert counts(body, "partner") == EXPECTED["partner_zh"]
    assert counts(body, "lang") == {"zh": 6, "en": 4}  # the btbu records by language


def test_date_range_is_inclusive_on_published(client: FlaskClient) -> None:
    body = search(client, **{"from": "2021", "to": "2021-07"})
    assert body["total"] == EXPECTED["from_2021_to_2021_07"]
    assert set(ids(body)) == {rec(1), rec(2), rec(14), rec(15), rec(36)}
    assert (body["query"]["from"], body["query"]["to"]) == ("2021-01-01", "2021-07-31")
    day = search(client, **{"from": "2022-03-16", "to": "2022-03-16"})
    assert ids(day) == [rec(7)]


def test_year_is_a_multi_choice_facet(client: FlaskClient) -> None:
    one = search(client, year="2020")
    assert one["total"] == EXPECTED["year"]["2020"]
    assert [e["value"] for e in one["facets"]["year"] if e["selected"]] == ["2020"]
    # Disjunctive: choosing 2020 keeps every other year on offer, with its own count.
    assert counts(one, "year") == EXPECTED["year"]
    two = client.get("/api/search?year=2020&year=2021").get_json()
    assert two["total"] == EXPECTED["year"]["2020"] + EXPECTED["year"]["2021"]
    assert {hit["published"][:4] for hit in two["hits"]} == {"2020", "2021"}
    assert two["query"]["year"] == ["2020", "2021"]


def test_sort_orders_by_published(client: FlaskClient) -> None:
    assert search(client, sort="newest")["hits"][0]["id"] == rec(40)
    assert search(client, sort="oldest")["hits"][0]["id"] == rec(33)


def test_pagination_and_next_links(client: FlaskClient) -> None:
    first = search(client, per_page=7, partner="btbu")
    assert first["next"] == "/api/search?partner=btbu&page=2&per_page=7"
    last = search(client, per_page=7, partner="btbu", page=2)
    assert len(last["hits"]) == 3 and last["next"] is None
    assert not set(ids(first)) & set(ids(last))
    beyond = search(client, page=9)
    assert beyond["hits"] == [] and beyond["next"] is None and beyond["total"] == 40


def test_labels_follow_hl_and_accept_language(client: FlaskClient) -> None:
    def label(body: dict[str, Any]) -> str:
        return next(e["label"] for e in body["facets"]["partner"] if e["value"] == "btbu")

    assert label(search(client)) == "Beijing Technology and Business University"
    assert label(search(client, hl="zh")) == "北京工商大学"
    zh = client.get("/api/search", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).get_json()
    assert label(zh) == "北京工商大学"
    assert search(client, hl="zh", page=1, per_page=10)["next"].endswith("hl=zh")


def test_snippets_highlight_the_query(client: FlaskClient) -> None:
    body = search(client, q="Sheffield")
    assert body["total"] >= 1
    assert any("<mark>" in hit["snippet"] for hit in body["hits"])


@pytest.mark.parametrize(
    ("args", "param"),
    [
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
        ({"per_page": "101"}, "per_page"),
        ({"from": "2021-13"}, "from"),
        ({"to": "yesterday"}, "to"),
        ({"sort": "random"}, "sort"),
        ({"format": "xml"}, "format"),
        ({"q": "q" * 501}, "q"),
    ],
)
def test_bad_parameters_are_400_with_the_envelope(
    client: FlaskClient, args: dict[str, str], param: str
) -> None:
    response = client.get("/api/search", query_string=args)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "bad_request" and error["param"] == param and error["message"]


def test_unknown_parameters_are_ignored(client: FlaskClient) -> None:
    assert search(client, colour="blue", _=1)["total"] == 40


# -- caching, CORS, security headers -------------------------------------------------------


def test_etag_and_304(client: FlaskClient) -> None:
    first = client.get("/api/search?partner=ilo")
    tag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "public, no-cache"
    again = client.get("/api/search?partner=ilo", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.headers["ETag"] == tag and not again.data
    other = client.get("/api/search?partner=hku", headers={"If-None-Match": tag})
    assert other.status_code == 200 and other.headers["ETag"] != tag
    assert client.get("/api/search?partner=ilo&hl=zh").headers["ETag"] != tag


def test_etag_changes_with_the_index_generation(tmp_path: Path) -> None:
    config = load_config(build_site(tmp_path, corpus()[:5]))
    client = create_app(config).test_client()
    before = client.get("/api/search").headers["ETag"]
    with index_manager(config, Lexicon.load(config.enrich)).writing() as writer:
        writer.rebuild(corpus()[:6], 6)
    after = client.get("/api/search", headers={"If-None-Match": before})
    assert after.status_code == 200 and after.get_json()["total"] == 6
    assert after.headers["ETag"] != before


def test_cors_on_api_paths_only(client: FlaskClient) -> None:
    api = client.get("/api/topics")
    assert api.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in api.headers
    assert client.get("/healthz").headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get("/").headers
    preflight = client.options(
        "/api/search",
        headers={"Origin": "https://tool.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 204 and not preflight.data
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]


def test_security_headers_everywhere(client: FlaskClient) -> None:
    for path in ("/api/search", "/api/nope", "/", "/records/nope"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["Content-Security-Policy"], path
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"


# -- CSV export ----------------------------------------------------------------------------


def test_csv_export_streams_the_whole_result_set(client: FlaskClient) -> None:
    response = client.get("/api/search?partner=btbu&per_page=3&page=2&format=csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == [*RECORD_FIELDS, "partner_names", "topic_names"]
    assert len(rows) - 1 == EXPECTED["partner"]["btbu"]  # every page, not page 2 of 3
    first = dict(zip(rows[0], rows[1], strict=True))
    assert "btbu" in first["partners"].split("; ")
    assert "Beijing Technology and Business University" in first["partner_names"].split("; ")
    zh = client.get("/api/search?partner=btbu&format=csv&hl=zh").get_data(as_text=True)
    assert "北京工商大学" in zh


# -- records, partners, topics, health -----------------------------------------------------


def test_record_by_id(client: FlaskClient) -> None:
    body = client.get(f"/api/records/{rec(1)}").get_json()
    assert list(body) == list(RECORD_FIELDS)
    assert body["event_date"] == "2021-07-18"
    assert body["partners"] == [
        {"id": "btbu", "name": "Beijing Technology and Business University"}
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/api/records/nope",
        "/api/partners/nope",
        "/api/nothing-here",
        "/api/records/%00",
    ],
)
def test_unknown_ids_are_404_in_json(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_wrong_method_is_405_in_json(client: FlaskClient) -> None:
    response = client.post("/api/search", data={"q": "x"})
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"
    assert "GET" in response.headers["Allow"]


def test_partners_with_counts(client: FlaskClient) -> None:
    body = client.get("/api/partners").get_json()
    by_id = {p["id"]: p for p in body["partners"]}
    assert body["total"] == len(body["partners"])
    for partner_id, count in EXPECTED["partner"].items():
        assert by_id[partner_id]["count"] == count
    assert [p["id"] for p in body["partners"][:3]] == ["btbu", "sheffield", "ilo"]
    extra = by_id[EXTRA_PARTNER[0]]
    assert (extra["count"], extra["name_zh"], extra["country"], extra["type"]) == (
        0,
        EXTRA_PARTNER[2],
        EXTRA_PARTNER[3],
        "organisation",
    )
    by_name = client.get("/api/partners?sort=name").get_json()["partners"]
    labels = [p["label"].casefold() for p in by_name]
    assert labels == sorted(labels)
    assert client.get("/api/partners?sort=size").status_code == 400


def test_partner_profile_with_records_per_year(client: FlaskClient) -> None:
    body = client.get("/api/partners/sheffield").get_json()
    assert (body["name"], body["name_zh"], body["country"], body["count"]) == (
        "University of Sheffield",
        "谢菲尔德大学",
        "GB",
        8,
    )
    years = {y["year"]: y["count"] for y in body["years"]}
    assert years == {"2019": 2, "2020": 1, "2021": 2, "2022": 1, "2023": 2}
    y2021 = next(y for y in body["years"] if y["year"] == "2021")
    assert y2021["topics"] == {"faculty_exchange": 2}
    assert body["latest"][0]["id"] == rec(9)  # 2023-09-20, the newest
    empty = client.get(f"/api/partners/{EXTRA_PARTNER[0]}").get_json()
    assert (empty["count"], empty["years"], empty["latest"]) == (0, [], [])


def test_topics_with_counts_and_both_labels(client: FlaskClient) -> None:
    topics = {t["id"]: t for t in client.get("/api/topics").get_json()["topics"]}
    for topic_id, count in EXPECTED["topic"].items():
        assert topics[topic_id]["count"] == count
    assert topics["online_meeting"]["label_en"] and topics["online_meeting"]["label_zh"]


def test_healthz(client: FlaskClient) -> None:
    response = client.get("/healthz")
    body = response.get_json()
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert (body["status"], body["docs"], body["records"]) == ("ok", 40, 40)
    assert body["generation"]
    assert body["last_update"]["kind"] == "update" and body["last_update"]["status"] == "ok"


def test_openapi_document_is_31_and_covers_every_route(client: FlaskClient, app: Flask) -> None:
    document = client.get("/api/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    api_rules = {
        rule.rule.replace("<", "{").replace(">", "}")
        for rule in app.url_map.iter_rules()
        if is_api_path(rule.rule)  # the JSON API, feeds and /healthz
    }
    assert api_rules == set(document["paths"])


# -- no index yet --------------------------------------------------------------------------


def test_before_the_first_index_the_api_says_what_to_run(tmp_path: Path) -> None:
    (tmp_path / "kb.toml").write_text('[storage]\ndata_dir = "d"\nindex_dir = "i"\n')
    client = create_app(load_config(tmp_path / "kb.toml")).test_client()
    response = client.get("/api/search")
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "index_missing"
    health = client.get("/healthz")
    assert health.status_code == 503 and health.get_json()["status"] == "no_index"


# -- anything a client may send ------------------------------------------------------------

PARAM_NAMES = [
    "q",
    "partner",
    "topic",
    "lang",
    "source",
    "from",
    "to",
    "sort",
    "page",
    "per_page",
    "format",
    "hl",
    "more",
    "x",
]
PARAM_VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "btbu",
            "zh",
            "2021",
            "2021-07",
            "2021-07-31",
            "newest",
            "1",
            "100",
            "csv",
            "*",
            '"',
            "AND",
            "OR NOT",
            "(",
            "partner:btbu",
            "北京",
            "\x00",
        ]
    ),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(args=st.lists(st.tuples(st.sampled_from(PARAM_NAMES), PARAM_VALUES), max_size=8))
def test_any_query_string_is_answered_without_a_server_error(
    client: FlaskClient, args: list[tuple[str, str]]
) -> None:
    response = client.get("/api/search", query_string=args)
    assert response.status_code in (200, 400), response.get_data(as_text=True)[:300]
    if response.status_code == 400:
        assert response.get_json()["error"]["param"] in PARAM_NAMES
    elif response.mimetype == "application/json":
        body = response.get_json()
        before = (body["page"] - 1) * body["per_page"]
        assert len(body["hits"]) == max(0, min(body["per_page"], body["total"] - before))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.text(max_size=60))
def test_raw_query_strings_and_paths_never_500(client: FlaskClient, raw: str) -> None:
    from urllib.parse import quote

    for url in (
        f"/api/search?{quote(raw, safe='=&')}",
        f"/api/records/{quote(raw, safe='')}",
        f"/api/partners/{quote(raw, safe='')}",
    ):
        assert client.get(url).status_code < 500, url


def test_repeated_search_is_cached_until_the_index_commits(tmp_path: Path) -> None:
    records = corpus()
    config = load_config(build_site(tmp_path, records))
    app = create_app(config)
    client = app.test_client()
    engine = app.extensions["kb"].engine()
    searches: list[str] = []
    real_search = engine.search
    engine.search = lambda request: searches.append(request.q) or real_search(request)

    first = search(client, q="Zephyrine")
    again = search(client, q="Zephyrine")
    assert first["total"] == again["total"] == 0
    assert searches == ["Zephyrine"]  # the repeat was answered from the cache

    added = records[0]
    added.id, added.url = "zzzzzzzzzzzzzzzz", "https://example.edu.cn/zephyrine.htm"
    added.title = "Zephyrine Institute signs a memorandum"
    with index_manager(config, Lexicon.load(config.enrich)).writing() as writer:
        writer.apply([added], [], writer.indexed_seq() + 1)
    fresh = search(client, q="Zephyrine")
    assert searches == ["Zephyrine", "Zephyrine"]  # a new commit: the cache does not answer
    assert fresh["total"] == 1
    assert fresh["hits"][0]["title"] == "Zephyrine Institute signs a memorandum"
