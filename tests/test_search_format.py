"""`kb search` output: readable text, marks as brackets, nothing that drives the terminal."""

from __future__ import annotations

from kb.cli.text import format_results
from kb.search.model import FacetValue, Hit, SearchResult

HIT = Hit(
    id="btbu-zh",
    url="https://example.edu/btbu-zh.htm",
    title="我校与北京工商大学开展线上交流",
    published="2021-07-20",
    event_date="2021-07-18",
    lang="zh",
    source="culr-zh",
    partners=[{"id": "btbu", "name": "北京工商大学"}],
    topics=["online_meeting"],
    score=3.2,
    snippet="…我校与<mark>北京工商大学</mark>进行线上交流 &amp; 合作 &lt;b&gt;…",
)


def test_results_as_terminal_text() -> None:
    result = SearchResult(
        total=1,
        hits=[HIT],
        took_ms=3.24,
        facets={
            "partner": [FacetValue("btbu", 1, True), FacetValue("ilo", 0, False)],
            "topic": [FacetValue("online_meeting", 1, False)],
            "year": [],
            "lang": [],
            "source": [],
        },
    )
    labels = {
        "btbu": "Beijing Technology and Business University",
        "online_meeting": "Online meeting",
    }
    assert format_results(result, labels) == "\n".join(
        [
            "1 record (3.2 ms)",
            "",
            "  1. 我校与北京工商大学开展线上交流",
            "     2021-07-20 · zh · culr-zh",
            "     partners: Beijing Technology and Business University",
            "     topics: Online meeting",
            "     …我校与[北京工商大学]进行线上交流 & 合作 <b>…",
            "     https://example.edu/btbu-zh.htm",
            "",
            "partner: *Beijing Technology and Business University (1), ilo (0)",
            "topic: Online meeting (1)",
        ]
    )


def test_control_characters_from_scraped_text_are_removed() -> None:
    hit = Hit(
        id="x",
        url="https://e.x/\x1b[2J",
        title="Bad\x1b[31m title\nsecond line",
        published=None,
        event_date=None,
        lang="en",
        source="s",
        partners=[],
        topics=[],
        score=0.0,
        snippet="",
    )
    text = format_results(SearchResult(total=1234, hits=[hit]), {})
    assert "\x1b" not in text
    assert text.splitlines()[:4] == [
        "1,234 records (0.0 ms)",
        "",
        "  1. Bad [31m title second line",
        "     undated · en · s",
    ]


def test_many_facet_values_are_summarised() -> None:
    values = [FacetValue(f"s{n}", 10 - n, False) for n in range(8)]
    text = format_results(SearchResult(total=0, hits=[], facets={"source": values}), {})
    assert text.splitlines()[-1] == "source: s0 (10), s1 (9), s2 (8), s3 (7), s4 (6), … 3 more"
