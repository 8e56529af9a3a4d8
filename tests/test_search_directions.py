"""Which way visits went, in search: "which partners did we visit" ranks our visits out
first, "which universities came to see us" the visits to us, and neither hides the rest.

A small corpus written for these tests. Its `visits` tags are set by hand, as enrichment
would set them (kb.enrich.visits, tested in test_enrich_visits.py); "we" is CULR, which
publishes two of the three sources.
"""

from __future__ import annotations

import pytest
from conftest import a_record, index_of, lexicon_of

from kb.core.record import Record
from kb.search.directions import asked_direction
from kb.search.engine import SearchEngine
from kb.search.model import SearchRequest, SearchResult

ALIASES = {
    "China University of Labor Relations": "culr",
    "中国劳动关系学院": "culr",
    "Beijing Technology and Business University": "btbu",
    "北京工商大学": "btbu",
    "Lomonosov Moscow State University": "msu",
    "莫斯科国立大学": "msu",
    "University of Macau": "um",
    "澳门大学": "um",
}
OWNERS = {"culr-en": "culr", "culr-zh": "culr", "btbu-zh": "btbu"}


def record(
    rid: str, source: str, title: str, body: str, partners: tuple[str, ...], visits: list[str]
) -> Record:
    lang = "zh" if source.endswith("zh") else "en"
    return a_record(
        rid,
        title,
        body,
        source=source,
        lang=lang,
        published="2023-06-01",
        partners=partners,
        visits=visits,
    )


RECORDS = [
    record(
        "msu-came",
        "culr-en",
        "Lomonosov Moscow State University Delegation Visits CULR",
        "A delegation of Moscow State University visited CULR and met students.",
        ("msu",),
        ["in:culr", "out:msu"],
    ),
    record(
        "um-came",
        "culr-zh",
        "澳门大学代表团来访",
        "澳门大学代表团一行五人来访，双方就学生交流进行座谈。",
        ("um",),
        ["in:culr", "out:um"],
    ),
    record(
        "we-went",
        "culr-en",
        "CULR Delegation Visits Beijing Technology and Business University",
        "A CULR delegation visited BTBU and toured its campus.",
        ("btbu",),
        ["out:culr", "in:btbu"],
    ),
    record(  # BTBU's own report of the same visit: in for BTBU, out for us
        "we-went-btbu",
        "btbu-zh",
        "中国劳动关系学院代表团来我校交流访问",
        "中国劳动关系学院代表团来我校交流访问，双方座谈。",
        ("culr",),
        ["in:btbu", "out:culr"],
    ),
    record(  # about a visit, but no one went anywhere yet
        "plans",
        "culr-en",
        "CULR and the University of Macau Plan a Visit Online",
        "Delegations of both universities met online to plan a visit next year; a visit "
        "to Macau and a visit to Beijing were discussed, with visits of students too.",
        ("um",),
        [],
    ),
]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    index_dir = index_of(tmp_path_factory.mktemp("directions"), ALIASES, RECORDS)
    return str(index_dir)


def search(index_dir: str, q: str, owners: dict[str, str] | None = OWNERS) -> SearchResult:
    engine = SearchEngine(index_dir, lexicon_of(ALIASES), owners)
    return engine.search(SearchRequest(q=q, per_page=50))


def ids(result: SearchResult) -> list[str]:
    return [hit.id for hit in result.hits]


@pytest.mark.parametrize(
    ("q", "went"),
    [
        ("which partners did we visit in 2023", {"we-went", "we-went-btbu"}),
        ("我们去哪些大学访问过", {"we-went", "we-went-btbu"}),
        ("which universities came to see us", {"msu-came", "um-came"}),
        ("有哪些大学来我校访问过", {"msu-came", "um-came"}),
        ("delegations we hosted", {"msu-came", "um-came"}),
    ],
)
def test_visits_that_went_the_asked_way_come_first(index_dir: str, q: str, went: set[str]) -> None:
    found = ids(search(index_dir, q))
    assert set(found[: len(went)]) == went, found


def test_visits_the_other_way_are_not_hidden(index_dir: str) -> None:
    found = ids(search(index_dir, "which partners did we visit"))
    assert {"msu-came", "we-went", "we-went-btbu", "plans"} <= set(found)


def test_without_a_home_institution_no_way_is_favoured(index_dir: str) -> None:
    # No source tells who "we" are: the question ranks as its one word does.
    asked = search(index_dir, "which partners did we visit", owners=None)
    assert ids(asked) == ids(search(index_dir, "visit", owners=None))
    assert ids(asked) != ids(search(index_dir, "which partners did we visit"))


@pytest.mark.parametrize(
    ("q", "way"),
    [
        ("which partners did we visit in 2023", "out"),
        ("2019年我们派学生去哪些学校交流了", "out"),
        ("出访代表团", "out"),
        ("our delegations to Japan", "out"),
        ("which universities sent delegations to us in 2019", "in"),
        ("who from Sheffield came to visit us", "in"),
        ("has anyone from a German university been to our campus", "in"),
        ("how many foreign delegations did we host in 2018", "in"),
        ("2019年来我校讲课的外国教授", "in"),
        ("代表团来访", "in"),
        ("what international conferences did we host in 2023", None),  # events, not visitors
        ("visit Sheffield", None),
        ("我校与谢菲尔德大学的合作", None),
    ],
)
def test_the_way_a_query_asks(q: str, way: str | None) -> None:
    assert asked_direction(q) == way
