"""Places and short forms in queries: a country abroad means the partners there, a word
that holds a partner's short name is not that partner, and a Chinese university's
first-character short form finds it.

A small corpus written for these tests; the expected results are worked out by hand from
its records, the partners below and the bundled glossary (which knows 澳大利亚/Australia
and 日本/Japan, and nothing of 墨大).
"""

from __future__ import annotations

import pytest
from conftest import index_of

from kb.core.record import PartnerRef, Record
from kb.lexicon import Gazetteer, Glossary, Lexicon, Partner, Taxonomy
from kb.search.engine import SearchEngine
from kb.search.model import SearchRequest

PARTNERS = [
    Partner("melbourne", "University of Melbourne", "墨尔本大学", (), "AU", "university"),
    Partner("monash", "Monash University", "莫纳什大学", (), "AU", "university"),
    Partner("um", "University of Macau", "澳门大学", ("澳大",), "MO", "university"),
    Partner("waseda", "Waseda University", "早稻田大学", (), "JP", "university"),
    Partner("pku", "Peking University", "北京大学", ("北大",), "CN", "university"),
    Partner(
        "btbu", "Beijing Technology and Business University", "北京工商大学", (), "CN", "university"
    ),
    Partner("fudan", "Fudan University", "复旦大学", (), "CN", "university"),
    # Its name's first word is the country's adjective: no short name of it.
    Partner("anu", "Australian National University", "澳大利亚国立大学", (), "AU", "university"),
    # China stays the home country: it has the most partners.
    Partner("ruc", "Renmin University of China", "中国人民大学", (), "CN", "university"),
]
ALIASES = {form: p.id for p in PARTNERS for form in (p.name, p.name_zh, *p.aliases)}


def record(rid: str, title: str, body: str, partner: str, lang: str = "zh") -> Record:
    named = next(p for p in PARTNERS if p.id == partner)
    return Record(
        id=rid,
        url=f"https://news.example.edu/{rid}",
        source="news",
        title=title,
        lang=lang,
        published="2023-04-25",
        body=body,
        fetched_at="2024-01-01T00:00:00Z",
        partners=[PartnerRef(named.id, named.name)],
    )


RECORDS = [
    record(
        "melbourne", "我校与墨尔本大学签署学生交流协议", "双方将互派本科生交流一学期。", "melbourne"
    ),
    record(
        "monash",
        "Monash University delegation visits",
        "The delegation discussed a joint programme in labour law.",
        "monash",
        lang="en",
    ),
    record("macau", "澳门大学代表团来访", "双方就学生交流项目进行了座谈。", "um"),
    record("waseda", "早稻田大学教授来我校讲学", "教授介绍了日本劳动法的最新发展。", "waseda"),
    record("pku", "我校教师赴北京大学参加中国劳动法研讨会", "会议讨论了平台用工。", "pku"),
    record("btbu", "北京工商大学代表团来访", "双方交流了外事工作经验。", "btbu"),
    record("fudan", "复旦大学学者来访", "学者介绍了社会政策研究。", "fudan"),
    record("anu", "ANU economist lectures on wages", "The lecture was open to all.", "anu", "en"),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    index_dir = index_of(tmp_path_factory.mktemp("places"), ALIASES, RECORDS)
    taxonomy = Taxonomy.load()
    gazetteer = Gazetteer({p.id: p for p in PARTNERS}, ("澳大利亚",), "places")
    lexicon = Lexicon(gazetteer, taxonomy, Glossary.load(None, taxonomy.topics))
    return SearchEngine(index_dir, lexicon)


def ids(engine: SearchEngine, q: str) -> list[str]:
    return [hit.id for hit in engine.search(SearchRequest(q=q, per_page=50)).hits]


@pytest.mark.parametrize("q", ["澳大利亚", "澳洲", "Australia", "Australian"])
def test_a_country_abroad_finds_the_records_of_its_partners(engine: SearchEngine, q: str) -> None:
    # No record names the country; each is tagged with an Australian partner. The
    # University of Macau (澳大, inside 澳大利亚) is not one of them, and "Australian" is
    # no short name of the Australian National University alone.
    assert set(ids(engine, q)) == {"melbourne", "monash", "anu"}


@pytest.mark.parametrize("q", ["Australian universities", "澳大利亚大学"])
def test_a_country_abroad_ranks_its_partners_first(engine: SearchEngine, q: str) -> None:
    # Every record names a university: the Australian partners' meet both words.
    assert set(ids(engine, q)[:3]) == {"melbourne", "monash", "anu"}


def test_a_country_query_suggests_its_partners(engine: SearchEngine) -> None:
    result = engine.search(SearchRequest(q="Japan", per_page=50))
    assert [hit.id for hit in result.hits] == ["waseda"]
    assert [value.value for value in result.partners] == ["waseda"]


def test_home_means_no_partner_in_particular(engine: SearchEngine) -> None:
    # Most partners are in China: 中国 is a word here, found in one record only.
    assert ids(engine, "中国") == ["pku"]


def test_a_short_name_inside_a_country_name_is_not_the_partner(engine: SearchEngine) -> None:
    assert "macau" not in ids(engine, "澳大利亚")
    assert ids(engine, "澳大") == ["macau"]


def test_a_first_character_short_form_finds_its_university(engine: SearchEngine) -> None:
    # No record says 墨大 or 复大; only 墨尔本大学 and 复旦大学 make them. 北大 is an
    # alias (北京工商大学, too long a name to be shortened so, would make it too).
    assert ids(engine, "墨大") == ["melbourne"]
    assert ids(engine, "复大") == ["fudan"]
    assert ids(engine, "北大")[0] == "pku"
