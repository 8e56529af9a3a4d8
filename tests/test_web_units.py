"""The web app's small pure parts: parameter parsing, the snippet/URL safety rules, charts."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from kb.app.params import BadParam, parse_date, parse_search
from kb.app.safety import clean_snippet, safe_url
from kb.web.charts import year_bars, year_topic_grid


def parse(**args: str | list[str]) -> object:
    return parse_search(MultiDict(args))


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("2021", False, date(2021, 1, 1)),
        ("2021", True, date(2021, 12, 31)),
        ("2021-07", True, date(2021, 7, 31)),
        ("2024-02", True, date(2024, 2, 29)),
        ("2023-02", True, date(2023, 2, 28)),
        ("2021-07", False, date(2021, 7, 1)),
        ("2021-07-18", True, date(2021, 7, 18)),
    ],
)
def test_date_bounds_are_inclusive(text: str, end: bool, expected: date) -> None:
    assert parse_date(text, "to" if end else "from", end=end) == expected


@pytest.mark.parametrize(
    "text",
    [
        "21",
        "2021-7",
        "2021-13",
        "2021-00",
        "2021-02-30",
        "0000",
        "2021/07",
        "２０２１",
        "2021-07-18T00",
        "2021\n",
        " 2021",
    ],
)
def test_bad_dates_name_the_parameter(text: str) -> None:
    with pytest.raises(BadParam) as raised:
        parse(to=text)
    assert raised.value.param == "to"


def test_search_params_defaults_and_empty_form_fields() -> None:
    params = parse(q="  ", **{"from": "", "to": ""}, partner=["", "btbu"])
    assert (params.q, params.selected("partner"), params.date_from, params.sort, params.page) == (
        "",
        ("btbu",),
        None,
        "relevance",
        1,
    )
    assert params.per_page == 20


@pytest.mark.parametrize(
    ("args", "param"),
    [
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "1.5"}, "page"),
        ({"page": "٣"}, "page"),
        ({"per_page": "101"}, "per_page"),
        ({"per_page": "0"}, "per_page"),
        ({"sort": "best"}, "sort"),
        ({"sort": ""}, "sort"),
        ({"page": ""}, "page"),
        ({"page": " 2"}, "page"),
        ({"q": "x" * 501}, "q"),
        ({"partner": [f"p{i}" for i in range(11)]}, "partner"),
        ({"topic": "t" * 65}, "topic"),
        ({"partner": " btbu "}, "partner"),
        ({"source": "新闻网"}, "source"),
        ({"year": "20"}, "year"),
        ({"lang": "ZH"}, "lang"),
        ({"from": "2022", "to": "2021"}, "to"),
    ],
)
def test_bad_values_raise_with_the_param(args: dict[str, object], param: str) -> None:
    with pytest.raises(BadParam) as raised:
        parse(**args)  # type: ignore[arg-type]
    assert raised.value.param == param


def test_repeated_values_are_deduplicated_in_order() -> None:
    assert parse(partner=["b", "a", "b"]).selected("partner") == ("b", "a")


def test_url_args_round_trip_and_reset_the_page() -> None:
    params = parse(q="BTBU", partner=["btbu"], **{"from": "2021"}, page="3", sort="newest")
    assert params.args() == {
        "q": "BTBU",
        "partner": ["btbu"],
        "from": "2021",
        "sort": "newest",
        "page": "3",
    }
    assert "page" not in params.toggled("partner", "ilo")
    assert params.toggled("partner", "btbu") == {"q": "BTBU", "from": "2021", "sort": "newest"}
    assert params.args(page=4)["page"] == "4"
    assert parse_search(MultiDict(params.args())) == params


def test_years_toggle_like_any_facet() -> None:
    params = parse(year="2020")
    both = parse_search(MultiDict(params.toggled("year", "2021")))
    assert both.selected("year") == ("2020", "2021")
    assert parse_search(MultiDict(both.toggled("year", "2020"))).selected("year") == ("2021",)


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("a <mark>BTBU</mark> b", "a <mark>BTBU</mark> b"),
        ("x &lt;b&gt; y", "x &lt;b&gt; y"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<mark>open", "<mark>open</mark>"),
        ("</mark>close<MARK>", "close<mark></mark>"),
        ('<img src=x onerror="alert(1)">', "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;"),
        ("a & b", "a &amp; b"),
    ],
)
def test_snippets_keep_only_balanced_marks(snippet: str, expected: str) -> None:
    assert clean_snippet(snippet) == expected


@given(st.text())
def test_any_snippet_is_safe(snippet: str) -> None:
    cleaned = clean_snippet(snippet)
    stripped = cleaned.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in stripped and ">" not in stripped
    assert cleaned.count("<mark>") == cleaned.count("</mark>")
    assert clean_snippet(cleaned) == cleaned  # idempotent: correct input passes unchanged


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.edu.cn/a.htm", True),
        ("http://example.edu.cn/新闻/a.htm", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("java\nscript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//evil.example/x", False),
        ("/relative", False),
        ("https://", False),
        ("http://[::1", False),
        ("", False),
        (None, False),
    ],
)
def test_only_absolute_http_urls_become_links(url: str | None, safe: bool) -> None:
    assert (safe_url(url) == url) if safe else safe_url(url) is None


def test_year_bars_fill_gaps_and_scale_to_the_busiest_year() -> None:
    chart = year_bars({"2019": 4, "2021": 2, "undated": 9})
    assert chart is not None
    assert [(bar.year, bar.count) for bar in chart.bars] == [("2019", 4), ("2020", 0), ("2021", 2)]
    tallest, empty, half = chart.bars
    assert empty.height == 0 and half.height == tallest.height / 2
    assert year_bars({}) is None


def test_year_topic_grid_lists_only_topics_that_occur() -> None:
    grid = year_topic_grid(
        {("2020", "research"): 2, ("2022", ""): 1}, ["conference", "research", ""]
    )
    assert grid is not None
    assert [topic for topic, _ in grid.rows] == ["research", ""]
    assert [year for year, _ in grid.columns] == ["2020", "2021", "2022"]
    assert {(c.year, c.topic, c.count) for c in grid.cells} == {
        ("2020", "research", 2),
        ("2022", "", 1),
    }
    assert max(c.opacity for c in grid.cells) == 1.0
