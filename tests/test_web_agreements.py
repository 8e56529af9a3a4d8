"""The agreement register end to end: hand-written signing reports are crawled records, `kb
index` derives the register, and the app shows it (page, JSON, CSV, partner page, feeds)
with statuses as of a fixed day.

The reports (hand-written; expected values read from their text):

1/2. Sheffield MoU signed 8 May 2019 for five years, reported in Chinese and in English:
     one agreement, expiring 7 May 2024.
3.   Sheffield MoU renewed 18 March 2024 for three years: renews 1/2, expires 17 March 2027.
4.   Monash student exchange agreement signed 30 May 2022, valid until 31 December 2025.
5.   Cornell visit in 2020 where both sides "will sign" an agreement: no agreement.
6.   ILO framework agreement signed 8 January 2018, no term.

As of 1 September 2025: 1/2 expired (renewed by 3), 3 active (Sheffield named in 2024),
4 expiring (ends within six months), 6 dormant (ILO not named since 2018).
"""

from __future__ import annotations

import csv
import io

import feedparser
import pytest
from conftest import crawled_app
from flask.testing import FlaskClient

from kb.core.record import Record, record_id
from kb.web import create_app

TODAY = "2025-09-01"


def _record(n: int, lang: str, title: str, body: str, published: str) -> Record:
    url = f"https://{'ic' if lang == 'zh' else 'news'}.culr.example.edu.cn/{n}.htm"
    return Record(
        id=record_id(url), url=url, source=f"culr-{lang}", title=title, lang=lang,
        published=published, body=body, fetched_at=f"{published}T08:00:00Z",
    )  # fmt: skip


RECORDS = [
    _record(
        1,
        "zh",
        "我校与英国谢菲尔德大学签署合作备忘录",
        "5月8日，英国谢菲尔德大学副校长一行访问我校，两校签署合作备忘录。\n"
        "根据备忘录，两校将在学生交流和合作研究方面开展合作，备忘录为期五年。",
        "2019-05-10",
    ),
    _record(
        2,
        "en",
        "CULR and the University of Sheffield sign a memorandum of understanding",
        "On May 8, CULR and the University of Sheffield signed a memorandum of understanding "
        "on student exchange and joint research.\nThe memorandum runs for five years.",
        "2019-05-12",
    ),
    _record(
        3,
        "zh",
        "我校与英国谢菲尔德大学续签合作备忘录",
        "3月18日，我校与英国谢菲尔德大学续签合作备忘录，有效期三年。",
        "2024-03-20",
    ),
    _record(
        4,
        "en",
        "CULR and Monash University sign a student exchange agreement",
        "On May 30, CULR and Monash University signed a student exchange agreement.\n"
        "The agreement is valid until 31 December 2025.",
        "2022-06-02",
    ),
    _record(
        5,
        "zh",
        "美国康奈尔大学代表来访",
        "8月28日，美国康奈尔大学代表来我校访问，双方表示将尽快签署合作协议。",
        "2020-09-01",
    ),
    _record(
        6,
        "en",
        "CULR signs a framework agreement with the International Labour Organization",
        "On January 8, CULR and the International Labour Organization signed a framework "
        "agreement on training for trade union officials.",
        "2018-01-10",
    ),
]
SHEFFIELD_2019 = ("sheffield", "mou", "2019-05-08")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    config = (
        '[storage]\ndata_dir = "data"\nindex_dir = "index"\n'
        '[[sources]]\nname = "culr-zh"\nstart_urls = ["https://ic.culr.example.edu.cn/"]\n'
        'owner = "culr"\n'
        '[[sources]]\nname = "culr-en"\nstart_urls = ["https://news.culr.example.edu.cn/"]\n'
        'owner = "culr"\n'
    )
    root = tmp_path_factory.mktemp("register")
    return crawled_app(root, config, RECORDS, KB_TODAY=TODAY).test_client()


def register(client: FlaskClient, query: str = "") -> list[dict[str, object]]:
    response = client.get(f"/api/agreements{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    agreements: list[dict[str, object]] = response.get_json()["agreements"]
    return agreements


def key(agreement: dict[str, object]) -> tuple[object, ...]:
    partners = [p["id"] for p in agreement["partners"]]  # type: ignore[attr-defined]
    return (*partners, agreement["kind"], agreement["signed"])


def test_the_register_has_one_row_per_agreement_with_its_status(client: FlaskClient) -> None:
    rows = {key(a): a for a in register(client)}
    assert set(rows) == {
        SHEFFIELD_2019,
        ("sheffield", "mou", "2024-03-18"),
        ("monash", "student_exchange", "2022-05-30"),
        ("ilo", "framework", "2018-01-08"),
    }
    first = rows[SHEFFIELD_2019]
    assert (first["expires"], first["term_years"], first["status"]) == ("2024-05-07", 5, "expired")
    assert len(first["records"]) == 2  # the Chinese and the English report
    renewal = rows[("sheffield", "mou", "2024-03-18")]
    assert renewal["renewal"] is True and renewal["renews"] == first["id"]
    assert first["renewed_by"] == renewal["id"]
    assert (renewal["expires"], renewal["status"]) == ("2027-03-17", "active")
    monash = rows[("monash", "student_exchange", "2022-05-30")]
    assert (monash["expires"], monash["status"]) == ("2025-12-31", "expiring")
    ilo = rows[("ilo", "framework", "2018-01-08")]
    assert (ilo["expires"], ilo["status"], ilo["last_activity"]) == (None, "dormant", "2018-01-10")


def test_statuses_follow_the_day_asked(client: FlaskClient) -> None:
    app = client.application
    earlier = create_app(app.extensions["kb"].config, KB_TODAY="2023-12-01").test_client()
    rows = {key(a): a["status"] for a in register(earlier)}
    # Six months before its end the 2019 MoU is expiring; Monash is far from its end.
    assert rows[SHEFFIELD_2019] == "expiring"
    assert rows[("monash", "student_exchange", "2022-05-30")] == "active"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?partner=sheffield", {SHEFFIELD_2019, ("sheffield", "mou", "2024-03-18")}),
        ("?kind=framework&kind=student_exchange", {("ilo", "framework", "2018-01-08"),
                                                    ("monash", "student_exchange", "2022-05-30")}),
        ("?status=expiring", {("monash", "student_exchange", "2022-05-30")}),
        ("?from=2019&to=2022", {SHEFFIELD_2019, ("monash", "student_exchange", "2022-05-30")}),
    ],
)  # fmt: skip
def test_register_filters(client: FlaskClient, query: str, expected: set[object]) -> None:
    assert {key(a) for a in register(client, query)} == expected


@pytest.mark.parametrize(
    ("query", "param"),
    [("?kind=treaty", "kind"), ("?status=alive", "status"), ("?from=2022&to=2021", "to")],
)
def test_bad_register_filters_are_400(client: FlaskClient, query: str, param: str) -> None:
    response = client.get(f"/api/agreements{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["param"] == param


def test_register_csv(client: FlaskClient) -> None:
    text = client.get("/api/agreements?format=csv&hl=zh").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 4
    monash = next(row for row in rows if row["partners"] == "monash")
    assert (monash["kind"], monash["status"], monash["expires"]) == (
        "student_exchange",
        "expiring",
        "2025-12-31",
    )
    assert monash["partner_names"] == "莫纳什大学"


def test_register_page_and_partner_page(client: FlaskClient) -> None:
    html = client.get("/agreements?hl=en").get_data(as_text=True)
    assert html.count('<tr id="') == 4
    assert "Expiring" in html and "Dormant" in html
    assert 'type="application/atom+xml"' in html
    partner = client.get("/partners/sheffield?hl=en").get_data(as_text=True)
    section = partner.split('id="partner-agreements"', 1)[1].split("</section>", 1)[0]
    assert section.count('<tr id="') == 2
    assert "2027-03-17" in section


def test_feeds_are_valid_atom(client: FlaskClient) -> None:
    feed = feedparser.parse(client.get("/agreements/feed.atom").data)
    assert not feed.bozo, feed.get("bozo_exception")
    titles = [entry.title for entry in feed.entries]
    assert "Expired: University of Sheffield — Memorandum of understanding" in titles
    assert "Expiring within 6 months: Monash University — Student exchange agreement" in titles
    assert sum(title.startswith("New agreement") for title in titles) == 4
    search = feedparser.parse(client.get("/feed.atom?q=Sheffield").data)
    assert not search.bozo
    assert search.feed.title.endswith("Sheffield")
    published = [entry.updated for entry in search.entries]
    assert published == sorted(published, reverse=True) and len(published) >= 3
    page = client.get("/?q=Sheffield").get_data(as_text=True)
    assert 'rel="alternate" type="application/atom+xml"' in page
    assert 'href="/feed.atom?q=Sheffield"' in page


def test_a_feed_survives_characters_xml_cannot_hold(client: FlaskClient) -> None:
    response = client.get("/feed.atom?q=%01Sheffield%7F%EF%BF%BE")
    assert response.status_code == 200
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title.endswith("Sheffield\x7f")
