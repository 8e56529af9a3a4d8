"""What a staff member meets on the pages, through Flask's test client: facets at scale,
result ranges and page sizes, ways out of a dead end, the way back from a record, the
partners list, the API's documentation and its edges (OPTIONS, weak ETags, long URLs).

Expected values come from the fixture table in test_web_corpus (ROWS, EXPECTED).
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from test_web_corpus import EXPECTED, EXTRA_PARTNER, NAMES, ROWS, build_site, corpus, rec

from kb.core.config import load_config
from kb.web import create_app


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    return create_app(load_config(build_site(tmp_path_factory.mktemp("staff"), corpus())))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def html_of(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    return response.get_data(as_text=True)


def facet_section(html: str, facet: str) -> str:
    return html.split(f'data-facet="{facet}"', 1)[1].split("</section>", 1)[0]


def values_listed(html: str, facet: str) -> list[str]:
    return re.findall(r'data-value="([^"]*)"', facet_section(html, facet))


def summary(html: str) -> str:
    return unescape(re.search(r'id="summary-total">([^<]*)<', html).group(1))


# -- search page ------------------------------------------------------------------------------


def test_the_search_page_has_a_heading_and_results_before_filters(client: FlaskClient) -> None:
    html = html_of(client, "/")
    assert re.search(r"<h1[^>]*>", html)
    # Results come first in the document; the filters follow behind a "Filters" control.
    assert html.index('class="results"') < html.index('<details class="filters"')
    assert re.search(r"<summary>Filters</summary>", html)
    chosen = html_of(client, "/?partner=btbu&lang=en")
    assert "<summary>Filters (2)</summary>" in chosen


def test_result_range_and_page_sizes(client: FlaskClient) -> None:
    total = EXPECTED["total"]
    assert summary(html_of(client, "/")) == f"1–20 of {total}"
    third = html_of(client, "/?per_page=10&page=3")
    assert summary(third) == f"21–30 of {total}"
    assert third.count('class="hit"') == 10
    sizes = re.search(r'class="per-page">(.*?)</p>', third, re.S).group(1)
    assert "<strong>10</strong>" in sizes
    # Another page size starts again at page 1.
    links = dict((v, unescape(h)) for h, v in re.findall(r'href="([^"]*)">(\d+)</a>', sizes))
    assert links["50"] == "/?per_page=50"
    assert summary(html_of(client, "/?per_page=50")) == f"1–{total} of {total}"


def test_a_result_shows_its_event_date_beside_the_publication_date(client: FlaskClient) -> None:
    html = html_of(client, f"/?q={NAMES['btbu']}&per_page=100")
    hit = html.split(f"/records/{rec(2)}", 1)[1].split("</li>", 1)[0]
    assert '<time datetime="2021-07-21">2021-07-21</time>' in hit  # published
    assert re.search(r'class="event">Event date <time datetime="2021-07-18">', hit)


def test_the_partner_facet_has_a_filter_box_that_finds_by_any_name(client: FlaskClient) -> None:
    html = html_of(client, "/?partner_q=sheff")
    assert values_listed(html, "partner") == ["sheffield"]
    assert 'name="partner_q" value="sheff"' in facet_section(html, "partner")
    # Chinese name and an alias find the partner too; the other facets are untouched.
    assert values_listed(html_of(client, "/?partner_q=工商"), "partner") == ["btbu"]
    assert values_listed(html_of(client, "/?partner_q=ILO"), "partner") == ["ilo"]
    assert len(values_listed(html, "topic")) == 8
    nothing = html_of(client, "/?partner_q=zzzz")
    assert values_listed(nothing, "partner") == []
    assert "Nothing matches." in facet_section(nothing, "partner")


def test_show_more_says_how_many_more(client: FlaskClient) -> None:
    html = html_of(client, "/")
    more = facet_section(html, "topic")
    shown = len(values_listed(html, "topic"))
    assert f"Show {len(EXPECTED['topic']) - shown} more" in more


def test_years_are_multi_choice_and_the_chart_adds_a_year(client: FlaskClient) -> None:
    html = html_of(client, "/?year=2019")
    # The year facet still lists every year (counts ignore the year selection).
    assert values_listed(html, "year") == sorted(EXPECTED["year"], reverse=True)
    both = EXPECTED["year"]["2019"] + EXPECTED["year"]["2023"]
    assert summary(html_of(client, "/?year=2019&year=2023")) == f"1–{both} of {both}"
    bar = re.search(r'<a href="([^"]*)" aria-label="2023: ', html).group(1)
    assert unescape(bar) == "/?year=2019&year=2023"


def test_zero_results_offer_each_filter_removed_with_its_count(client: FlaskClient) -> None:
    # Cornell's records are from 2019, 2022 and 2023 (ROWS 30-32): none in 2021.
    html = html_of(client, "/?partner=cornell&year=2021")
    assert summary(html) == "No results"
    offers = re.findall(
        r'<li><a href="([^"]*)">Remove filter ([^<]*)</a>[^(]*\((\d+) results', html
    )
    assert [(unescape(url), label.strip(), int(n)) for url, label, n in offers] == [
        ("/?year=2021", "Partner: Cornell University", EXPECTED["year"]["2021"]),
        ("/?partner=cornell", "Year: 2021", EXPECTED["partner"]["cornell"]),
    ]
    # The facets stay, so another choice is one click away.
    assert "cornell" in values_listed(html, "partner")


def test_to_before_from_is_a_400_that_keeps_the_page(client: FlaskClient) -> None:
    html = html_of(client, "/?q=BTBU&from=2022&to=2021", status=400)
    assert 'role="alert"' in html and "before from" in html
    assert 'value="BTBU"' in html and 'aria-invalid="true"' in html
    api = client.get("/api/search?from=2022&to=2021")
    assert api.status_code == 400
    assert api.get_json()["error"]["param"] == "to"


def test_an_error_page_leads_back_to_the_same_query(client: FlaskClient) -> None:
    html = html_of(client, "/?q=BTBU&page=abc", status=400)
    assert '<a href="/?q=BTBU">Back to search</a>' in html


def test_a_record_opened_from_results_leads_back_to_them(client: FlaskClient) -> None:
    html = html_of(client, "/?q=BTBU&partner=btbu&page=2&per_page=5")
    link = unescape(re.search(r'<h2><a href="([^"]*)"', html).group(1))
    assert "back=" in link
    record = html_of(client, link)
    back = unescape(re.search(r'class="back"><a href="([^"]*)"', record).group(1))
    assert back == "/?q=BTBU&partner=btbu&page=2&per_page=5"
    # A record opened directly, or with a back link that is not a search, has none.
    assert 'class="back"' not in html_of(client, f"/records/{rec(1)}")
    bad = urlencode({"back": "page=-4"})
    assert 'class="back"' not in html_of(client, f"/records/{rec(1)}?{bad}")


# -- partners page ----------------------------------------------------------------------------


def partner_rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'href="/partners/([^"]+)"', body)


def test_the_partners_page_hides_partners_without_records_until_asked(
    client: FlaskClient,
) -> None:
    html = html_of(client, "/partners")
    assert partner_rows(html) == list(EXPECTED["partner"])  # by record count
    assert EXTRA_PARTNER[0] not in partner_rows(html)
    everyone = html_of(client, "/partners?all=1")
    assert EXTRA_PARTNER[0] in partner_rows(everyone)
    assert len(partner_rows(everyone)) > 100  # the bundled gazetteer as well


def test_the_partners_page_filters_by_any_name(client: FlaskClient) -> None:
    # Records first: Sheffield (8 records), then Sheffield Hallam (bundled, none here).
    assert partner_rows(html_of(client, "/partners?q=sheff")) == ["sheffield", "shu-uk"]
    # A filter searches every partner, with records or not.
    assert partner_rows(html_of(client, "/partners?q=GUFI")) == [EXTRA_PARTNER[0]]
    assert partner_rows(html_of(client, "/partners?q=全球工会")) == [EXTRA_PARTNER[0]]


def test_the_partners_page_sorts_by_last_activity(client: FlaskClient) -> None:
    newest: dict[str, str] = {}
    for _lang, published, _event, partners, *_ in ROWS.values():
        for partner in partners:
            newest[partner] = max(newest.get(partner, ""), published)
    expected = sorted(newest, key=lambda p: newest[p], reverse=True)
    html = html_of(client, "/partners?sort=last")
    assert partner_rows(html) == expected
    assert newest[expected[0]] in html
    body = client.get("/api/partners?sort=last").get_json()["partners"]
    assert [p["id"] for p in body[: len(expected)]] == expected
    assert body[0]["last_activity"] == newest[expected[0]]


# -- API edges -------------------------------------------------------------------------------


def test_facet_values_endpoint_finds_values_by_label_within_a_search(
    client: FlaskClient,
) -> None:
    body = client.get("/api/facets/partner?q=she").get_json()
    assert body["facet"] == "partner" and body["q"] == "she"
    assert [(v["value"], v["count"]) for v in body["values"]] == [
        ("sheffield", EXPECTED["partner"]["sheffield"])
    ]
    within = client.get("/api/facets/partner?q=she&lang=zh").get_json()
    assert within["values"][0]["count"] == EXPECTED["partner_zh"]["sheffield"]
    topics = client.get("/api/facets/topic?q=online").get_json()
    assert [v["value"] for v in topics["values"]] == ["online_meeting"]
    assert client.get("/api/facets/colour").status_code == 404
    too_long = client.get("/api/facets/partner?q=" + "x" * 65)
    assert too_long.status_code == 400 and too_long.get_json()["error"]["param"] == "q"


def test_options_is_an_empty_204_with_cors_headers(client: FlaskClient) -> None:
    for path in ("/api/search", "/api/facets/partner", "/"):
        response = client.options(path)
        assert response.status_code == 204 and response.data == b"", path
    assert client.options("/api/search").headers["Access-Control-Allow-Origin"] == "*"


def test_a_weakened_etag_still_gets_a_304(client: FlaskClient) -> None:
    first = client.get("/api/search?q=BTBU")
    tag = first.headers["ETag"].removeprefix("W/")
    again = client.get("/api/search?q=BTBU", headers={"If-None-Match": f"W/{tag}"})
    assert again.status_code == 304 and again.data == b""
    other = client.get("/api/search?q=BTBU", headers={"If-None-Match": 'W/"other"'})
    assert other.status_code == 200


def test_an_overlong_query_string_gets_the_json_error_envelope(client: FlaskClient) -> None:
    response = client.get("/api/search?q=" + "a" * 8100)
    assert response.status_code == 414
    assert response.get_json()["error"]["code"] == "uri_too_long"
    assert client.get("/?q=" + "a" * 8100).status_code == 414


def test_the_longest_request_the_document_allows_is_answered(client: FlaskClient) -> None:
    """Ten values of 64 characters for each facet and the longest Chinese query: under the
    app's limit (and so under the HTTP server's)."""
    args: list[tuple[str, str]] = [("q", "合" * 500)]
    for facet in ("partner", "topic", "source"):
        args += [(facet, f"{facet}{i}".ljust(64, "x")) for i in range(10)]
    args += [("lang", f"l{chr(97 + i)}") for i in range(10)]
    args += [("year", str(2000 + i)) for i in range(10)]
    query = urlencode(args)
    assert len(query) <= 8000
    response = client.get("/api/search?" + query)
    assert response.status_code == 200 and response.get_json()["total"] == 0


def test_api_docs_is_a_page_listing_every_operation(client: FlaskClient) -> None:
    html = html_of(client, "/api/docs")
    spec = client.get("/api/openapi.json").get_json()
    for path in spec["paths"]:
        assert f"<code>{path}</code>" in html or path in html, path
    assert "partner_q" not in html  # page-only parameters are not the API's
    assert 'href="/api/docs"' in html_of(client, "/")  # the header's API link
