"""The HTML pages through Flask's test client: state in the URL, labels, escaping, errors."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_web_corpus import EXPECTED, EXTRA_PARTNER, build_site, corpus, rec, xss_record

from kb.core.config import load_config
from kb.web import create_app


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    root = tmp_path_factory.mktemp("pages")
    return create_app(load_config(build_site(root, [*corpus(), xss_record()])))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def page(client: FlaskClient, url: str, status: int = 200, **headers: str) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def facet_links(html: str, facet: str) -> dict[str, str]:
    """value -> link of one sidebar facet."""
    section = html.split(f'data-facet="{facet}"', 1)[1].split("</section>", 1)[0]
    return {
        unescape(v): unescape(h)
        for h, v in re.findall(r'href="([^"]*)" data-value="([^"]*)"', section)
    }


def facet_counts(html: str, facet: str) -> dict[str, int]:
    section = html.split(f'data-facet="{facet}"', 1)[1].split("</section>", 1)[0]
    pairs = re.findall(r'data-value="([^"]*)".*?class="count">(\d+)<', section, re.S)
    return {unescape(v): int(c) for v, c in pairs}


# -- search page -------------------------------------------------------------------------


def test_search_page_has_box_facets_chart_results_and_export(client: FlaskClient) -> None:
    html = page(client, "/?more=partner")
    assert 'name="q"' in html
    counts = facet_counts(html, "partner")
    assert {k: counts[k] for k in EXPECTED["partner"]} == {**EXPECTED["partner"], "btbu": 11}
    assert "<svg" in html and 'class="bar"' in html
    assert "/api/search?format=csv" in unescape(html)
    assert html.count('class="hit"') == 20


def test_selected_facets_show_as_removable_chips(client: FlaskClient) -> None:
    html = page(client, "/?partner=btbu&partner=sheffield&topic=conference")
    chips = re.findall(r'<li class="chip">(.*?)</li>', html, re.S)
    assert len(chips) == 3
    removal = unescape(re.search(r'href="([^"]*)"', chips[0]).group(1))
    assert removal == "/?partner=sheffield&topic=conference"
    assert facet_counts(html, "partner")["ilo"] == 4  # conference records with ILO


def test_show_more_reveals_every_value_and_keeps_state(client: FlaskClient) -> None:
    assert len(facet_counts(page(client, "/"), "topic")) == 8
    html = page(client, "/?more=topic&sort=newest")
    assert len(facet_counts(html, "topic")) == 11 and "Show less" in html
    less = unescape(re.search(r'class="more" href="([^"]*)"', html).group(1))
    assert less == "/?sort=newest"


def test_date_range_year_links_sort_and_pagination(client: FlaskClient) -> None:
    html = page(client, "/?from=2021&to=2021-07")
    assert "2021 – 2021-07" in html
    assert 'value="2021-07"' in html
    home = page(client, "/")
    years = facet_counts(home, "year")
    year_link = facet_links(home, "year")["2020"]
    assert year_link == "/?year=2020"
    one = years["2020"]
    assert f"1–{one} of {one}" in page(client, year_link)
    # Years are multi-choice: a second year adds its records instead of replacing the first.
    second = facet_links(page(client, year_link), "year")["2021"]
    assert second == "/?year=2020&year=2021"
    both = years["2020"] + years["2021"]
    assert f"1–{both} of {both}" in page(client, second)
    html = page(client, "/?sort=newest&per_page=10&page=2")
    assert 'aria-current="page">2<' in html
    assert unescape('href="/?sort=newest&amp;page=3&amp;per_page=10"') in unescape(html)


def test_ui_language_follows_accept_language_and_hl(client: FlaskClient) -> None:
    assert "国际合作知识库" in page(client, "/", **{"Accept-Language": "zh-CN,zh;q=0.9"})
    html = page(client, "/?hl=zh")
    assert "北京工商大学" in html
    assert "hl=zh" in facet_links(html, "partner")["btbu"]
    assert '<html lang="zh-CN">' in html
    english = page(client, "/?hl=en", **{"Accept-Language": "zh-CN"})
    assert "Beijing Technology and Business University" in english
    assert 'lang="en">English<' in english


def test_snippets_are_highlighted_and_scraped_text_is_escaped(client: FlaskClient) -> None:
    html = page(client, "/?q=BTBU&per_page=100")
    assert "<mark>" in html
    assert "<script>window.__xss" not in html
    assert "&lt;script&gt;window.__xss=1;alert(1)&lt;/script&gt;" in html
    assert 'onerror="window' not in html
    assert 'href="javascript:' not in html


def test_bad_parameters_show_a_400_page(client: FlaskClient) -> None:
    html = page(client, "/?page=0", status=400)
    assert "page must be an integer" in html


# -- record page -------------------------------------------------------------------------


def test_record_page_shows_text_source_partners_topics_and_same_event(client: FlaskClient) -> None:
    html = page(client, f"/records/{rec(1)}")
    assert "我校与北京工商大学开展国际交流线上座谈" in html
    assert 'href="https://ic.culr.example.edu.cn/2021/n01.htm"' in html
    assert "/partners/btbu" in html and "2021-07-18" in html
    assert "n01.pdf" in html and "会议纪要" in html
    same = html.split('class="same-event"', 1)[1]
    assert rec(2) in same and rec(3) not in same


def test_record_page_never_links_a_javascript_url(client: FlaskClient) -> None:
    html = page(client, f"/records/{xss_record().id}")
    assert 'href="javascript:' not in html
    assert "javascript:window.__xss=3;alert(3)//https://evil.example/" in html  # as text
    assert 'href="https://ic.example.edu.cn/ok.pdf"' in html
    assert "<script>" not in html.split("<main>", 1)[1]
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_record_page_shows_the_byline_kept_from_the_store(client: FlaskClient) -> None:
    html = page(client, f"/records/{xss_record().id}")
    byline = html.split('class="byline">', 1)[1].split("</dd>", 1)[0]
    assert byline.startswith("来源：国际交流处 &lt;script&gt;window.__xss=1")
    assert "Byline" in html or "来源与署名" in html
    without = page(client, f"/records/{rec(2)}")
    assert 'class="byline"' not in without  # nothing shown for a record without one


def test_unknown_record_is_a_404_page(client: FlaskClient) -> None:
    assert "Not found" in page(client, "/records/does-not-exist", status=404)
    assert "Not found" in page(client, "/no/such/page", status=404)


# -- partners ------------------------------------------------------------------------------


def test_partners_page_sorts_by_count_name_or_country(client: FlaskClient) -> None:
    html = page(client, "/partners")
    first = re.findall(r'href="/partners/([^"?]+)"', html)[:3]
    assert first == ["btbu", "sheffield", "ilo"]
    assert "University of Sheffield" in html and "GB" in html
    by_country = page(client, "/partners?sort=country")
    assert by_country.index('/partners/monash"') < by_country.index('/partners/sheffield"')
    page(client, "/partners?sort=shoe-size", status=400)


def test_partner_page_has_profile_timeline_and_latest(client: FlaskClient) -> None:
    html = page(client, "/partners/sheffield")
    assert "谢菲尔德大学" in html and "GB" in html
    assert html.count('class="cell"') == 7  # distinct (year, topic) pairs of the 8 records
    assert 'class="bar"' in html
    assert f"/records/{rec(9)}" in html
    assert page(client, f"/partners/{EXTRA_PARTNER[0]}").count('class="hit"') == 0
    page(client, "/partners/nobody", status=404)


def test_partner_page_in_chinese(client: FlaskClient) -> None:
    html = page(client, "/partners/sheffield?hl=zh")
    assert "<h1>谢菲尔德大学</h1>" in html
    assert "按年份和主题的合作记录" in html


def test_csp_forbids_inline_script_and_pages_use_none(client: FlaskClient) -> None:
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "default-src 'none'" in csp
    html = response.get_data(as_text=True)
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert " style=" not in html and "<style" not in html
    assert client.get("/static/app.js").status_code == 200


def test_pages_are_cached_by_generation(client: FlaskClient) -> None:
    first = client.get("/partners/ilo")
    again = client.get("/partners/ilo", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert "Accept-Language" in first.headers["Vary"]


def test_friendly_page_before_the_first_index(tmp_path: Path) -> None:
    (tmp_path / "kb.toml").write_text('[storage]\ndata_dir = "d"\nindex_dir = "i"\n')
    client = create_app(load_config(tmp_path / "kb.toml")).test_client()
    html = page(client, "/", status=503)
    assert "No index yet" in html and "kb update" in html
    assert "尚未建立索引" in page(client, "/partners?hl=zh", status=503)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    args=st.lists(
        st.tuples(
            st.sampled_from(["q", "partner", "topic", "from", "to", "sort", "page", "more", "hl"]),
            st.one_of(
                st.text(max_size=20), st.sampled_from(["btbu", "2021", "zh", "partner", "2"])
            ),
        ),
        max_size=6,
    ),
    path=st.sampled_from(["/", "/partners", "/partners/btbu", f"/records/{rec(5)}"]),
)
def test_any_page_query_string_never_errors(
    client: FlaskClient, args: list[tuple[str, str]], path: str
) -> None:
    response = client.get(path, query_string=args)
    assert response.status_code in (200, 400)
    assert "Traceback" not in response.get_data(as_text=True)


def test_language_links_never_point_off_site(client: FlaskClient) -> None:
    html = page(client, "//evil.example/x", status=404)
    links = re.findall(r'href="([^"]*hl=[^"]*)"', html)
    assert links and all(link.startswith("/?") for link in links)
    html = page(client, "/partners/sheffield?hl=zh&x=1")
    assert 'href="/partners/sheffield?hl=en&amp;x=1"' in html
