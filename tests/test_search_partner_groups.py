"""Words for a group of partners. A word for "abroad" (境外, 国外, foreign, overseas) means
every partner abroad: a record of a partner there meets it whatever its own words, and
ranks above one that only says the word. A word for going abroad (出国, "go abroad")
keeps to its words. A word for a partner in general ("partner universities", 合作院校)
is met by every record tagged with a partner.

A small corpus written for these tests; the home country is CN, where most partners are.
"""

from __future__ import annotations

import pytest
from conftest import a_record, index_of

from kb.core.record import Record
from kb.lexicon import Lexicon
from kb.lexicon.gazetteer import Partner
from kb.search.engine import SearchEngine
from kb.search.model import SearchRequest, SearchResult

PARTNERS = [
    Partner(
        "btbu", "Beijing Technology and Business University", "北京工商大学", (), "CN", "university"
    ),
    Partner("ruc", "Renmin University of China", "中国人民大学", (), "CN", "university"),
    Partner("polyu", "Hong Kong Polytechnic University", "香港理工大学", (), "HK", "university"),
    Partner("monash", "Monash University", "莫纳什大学", (), "AU", "university"),
]
ALIASES = {p.name_zh: p.id for p in PARTNERS} | {p.name: p.id for p in PARTNERS}


def record(rid: str, title: str, body: str, partners: tuple[str, ...]) -> Record:
    return a_record(
        rid, title, body, source="culr-zh", lang="zh", published="2023-05-01", partners=partners
    )


RECORDS = [
    record(
        "polyu", "香港理工大学学生来我校交流", "香港理工大学二十名学生来我校交流一周。", ("polyu",)
    ),
    record(
        "monash", "莫纳什大学学者来我校讲学", "莫纳什大学两位学者为学生作讲座并交流。", ("monash",)
    ),
    record("btbu", "北京工商大学学生来我校交流", "北京工商大学学生来我校交流座谈。", ("btbu",)),
    record(  # more of the words than Monash's record has
        "ruc",
        "中国人民大学学者来我校讲学",
        "人民大学学者来我校讲学，学者们为学生讲学三次。",
        ("ruc",),
    ),
    record(  # says the word, names no partner abroad
        "plan",
        "境外交流工作会",
        "学校召开境外交流工作会，部署境外交流和学生出国工作。",
        (),
    ),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    index_dir = index_of(tmp_path_factory.mktemp("abroad"), ALIASES, RECORDS)
    return SearchEngine(index_dir, Lexicon.with_partners(PARTNERS))


def search(engine: SearchEngine, q: str) -> SearchResult:
    return engine.search(SearchRequest(q=q, per_page=50))


def ids(engine: SearchEngine, q: str) -> list[str]:
    return [hit.id for hit in search(engine, q).hits]


@pytest.mark.parametrize(
    ("q", "abroad", "home"),
    [
        ("境外高校学生交流", "polyu", "btbu"),
        ("国外学者讲学", "monash", "ruc"),
        ("foreign scholars 讲学", "monash", "ruc"),
    ],
)
def test_a_word_for_abroad_is_met_by_partners_abroad(
    engine: SearchEngine, q: str, abroad: str, home: str
) -> None:
    # The record of a partner abroad meets every word; the home partner's lacks one, and
    # ranks below however often it says the others.
    found = ids(engine, q)
    assert found.index(abroad) < found.index(home), found


def test_the_word_as_written_still_meets_it(engine: SearchEngine) -> None:
    assert {"plan", "polyu", "monash"} <= set(ids(engine, "境外交流"))


def test_going_abroad_keeps_to_its_words(engine: SearchEngine) -> None:
    assert ids(engine, "出国") == ["plan"]


@pytest.mark.parametrize("q", ["partner universities 讲学", "合作院校 讲学"])
def test_a_word_for_a_partner_is_met_by_any_partners_record(engine: SearchEngine, q: str) -> None:
    # No record says "partner": the records of partners that give lectures meet both words.
    result = search(engine, q)
    assert result.relaxed == ["讲学"], result.relaxed  # the tier after the full matches
    assert {hit.id for hit in result.hits[:2]} == {"monash", "ruc"}
