"""The web app shows what enrichment derives for curation: event ranges and candidates."""

from __future__ import annotations

import re

import pytest
from conftest import crawled_app
from flask.testing import FlaskClient

from kb.core.record import Record, record_id


def _record(n: int, title: str, body: str, published: str) -> Record:
    url = f"https://news.example.edu.cn/{n}.htm"
    return Record(
        id=record_id(url), url=url, source="news", title=title, lang="zh",
        published=published, body=body, fetched_at="2024-05-10T00:00:00Z",
    )  # fmt: skip


RECORDS = [
    _record(
        1,
        "我校代表团访问亚特兰蒂斯大学",
        "2018年5月2日至6日，我校代表团访问亚特兰蒂斯大学。",
        "2018-05-08",
    ),
    _record(2, "亚特兰蒂斯大学代表来访", "6月1日，亚特兰蒂斯大学代表来我校访问。", "2019-06-02"),
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    config = (
        '[storage]\ndata_dir = "data"\nindex_dir = "index"\n'
        '[[sources]]\nname = "news"\nstart_urls = ["https://news.example.edu.cn/"]\n'
        'owner = "culr"\n'
    )
    return crawled_app(tmp_path_factory.mktemp("curation"), config, RECORDS).test_client()


def test_record_page_shows_the_days_of_a_multi_day_event(client: FlaskClient) -> None:
    html = client.get(f"/records/{RECORDS[0].id}?hl=en").get_data(as_text=True)
    # CLDR releases differ in the spacing and joiner of a range ("2–6", "2 – 6", "至").
    assert re.search(r'<time datetime="2018-05-02">2\s*–\s*6 May 2018</time>', html)
    zh = client.get(f"/records/{RECORDS[0].id}?hl=zh").get_data(as_text=True)
    assert re.search(r"2018年5月2日\s*(至|–)\s*6日", zh)
    one_day = client.get(f"/records/{RECORDS[1].id}?hl=en").get_data(as_text=True)
    assert '<time datetime="2019-06-01">1 June 2019</time>' in one_day


def test_api_and_export_carry_the_event_end(client: FlaskClient) -> None:
    hits = client.get("/api/search?q=亚特兰蒂斯大学&sort=oldest").get_json()["hits"]
    assert [(h["event_date"], h["event_end"]) for h in hits] == [
        ("2018-05-02", "2018-05-06"),
        ("2019-06-01", None),
    ]
    csv_text = client.get("/api/search?q=亚特兰蒂斯大学&format=csv").get_data(as_text=True)
    assert "2018-05-06" in csv_text


def test_partners_page_lists_candidates_with_the_command_to_accept(client: FlaskClient) -> None:
    html = client.get("/partners?hl=en").get_data(as_text=True)
    section = html[html.index('id="candidates"') :]
    assert "亚特兰蒂斯大学" in section
    assert "2018-05-08 – 2019-06-02" in section
    command = "kb partners add ID --name &#34;English name&#34; --name-zh 亚特兰蒂斯大学"
    assert f"<code>{command}</code>" in section
    assert f'href="/records/{RECORDS[1].id}?hl=en"' in section  # the newest as the example
