"""Search that finds what staff mean: concepts across languages, relaxation, typos, partners'
short names, traditional Chinese, other reports of an event, grouping by event.

A small corpus written for these tests; every expected result below is worked out by hand
from its records and the bundled glossary (kb/lexicon/data/glossary.toml).
"""

from __future__ import annotations

import pytest
from conftest import a_record, index_of, lexicon_of

from kb.core.record import PartnerRef, Record
from kb.index import IndexManager
from kb.search.engine import SearchEngine
from kb.search.model import Filters, Notice, SearchRequest, SearchResult

ALIASES = {
    "Beijing Technology and Business University": "btbu",
    "北京工商大学": "btbu",
    "BTBU": "btbu",
    "University of Sheffield": "sheffield",
    "谢菲尔德大学": "sheffield",
    "Sheffield Hallam University": "hallam",
    "Monash University": "monash",
    "莫纳什大学": "monash",
    "Hong Kong Polytechnic University": "polyu",
    "香港理工大学": "polyu",
    "Seoul National University": "snu",
    "首尔大学": "snu",
    "Kyoto University": "kyoto",
    "京都大学": "kyoto",
}


def record(
    rid: str,
    title: str,
    body: str,
    *,
    lang: str = "en",
    partners: tuple[str, ...] = (),
    topics: tuple[str, ...] = (),
    same_event: tuple[str, ...] = (),
    published: str = "2021-07-20",
) -> Record:
    return Record(
        id=rid,
        url=f"https://example.edu/{rid}.htm",
        source=f"culr-{lang}",
        title=title,
        lang=lang,
        published=published,
        body=body,
        fetched_at="2024-01-01T00:00:00Z",
        partners=[PartnerRef(p, p) for p in partners],
        topics=list(topics),
        same_event=list(same_event),
    )


RECORDS = [
    record(
        "btbu-zh",
        "我校与北京工商大学召开线上会议",
        "7月18日，我校与北京工商大学通过视频会议交流来华留学生工作。",
        lang="zh",
        partners=("btbu",),
        topics=("online_meeting",),
        same_event=("btbu-en",),
    ),
    record(
        "btbu-en",
        "Online meeting with BTBU",
        "On 18 July our university and BTBU talked about international students. "
        "Director Liu Ying spoke for BTBU.",
        partners=("btbu",),
        topics=("online_meeting",),
        same_event=("btbu-zh",),
        published="2021-07-22",
    ),
    record(
        "sheffield-mou",
        "我校与谢菲尔德大学签署合作备忘录",
        "双方签署合作备忘录，约定互派学生。",
        lang="zh",
        partners=("sheffield",),
        topics=("agreement_signing",),
        published="2018-06-05",
    ),
    record(
        "city",
        "Sheffield city council visits the campus",
        "Officials of Sheffield city council toured the library.",
        published="2019-03-01",
    ),
    record(
        "hallam",
        "Delegation from Sheffield Hallam University",
        "A delegation from Sheffield Hallam University visited the law school.",
        partners=("hallam",),
        topics=("delegation_visit",),
        published="2019-04-01",
    ),
    record(
        "monash",
        "莫纳什大学代表团来访",
        "莫纳什大学商学院代表团访问我校，双方商谈联合培养项目。",
        lang="zh",
        partners=("monash",),
        topics=("delegation_visit", "joint_program"),
        published="2019-03-22",
    ),
    record(
        "signing",
        "Agreement signed with a partner in Seoul",
        "The two universities put their names to a new text on teaching.",
        topics=("agreement_signing",),
        published="2022-05-01",
    ),
    record(
        "polyu",
        "香港理工大學師生來訪",
        "香港理工大學應用社會科學系師生一行來我校交流。",
        lang="zh",
        partners=("polyu",),
        topics=("hmt_affairs",),
        published="2019-10-20",
    ),
    record(
        "exchange-zh",
        "我校首批交换生赴台交流",
        "此次交换依据两校去年签署的学生交流协议开展。",
        lang="zh",
        published="2019-09-10",
    ),
    record(
        "exchange-tw",
        "陸生交換學生抵校",
        "本次交換依據兩校107年簽署之學生交流協議辦理，學生於108學年度第1學期來校研修。",
        lang="zh",
        published="2019-09-12",
    ),
    record(
        "csc-briefing",
        "我校组织国家公派出国留学项目宣讲会",
        "国际交流与合作处邀请专家解读国家公派留学政策。",
        lang="zh",
        published="2020-09-15",
    ),
    record(
        "library",
        "Library opening hours",
        "The library opens at eight during the winter vacation.",
        published="2021-01-05",
    ),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    index_dir = index_of(tmp_path_factory.mktemp("meaning"), ALIASES, RECORDS)
    return SearchEngine(index_dir, lexicon_of(ALIASES))


def search(engine: SearchEngine, q: str, **options: object) -> SearchResult:
    return engine.search(SearchRequest(q=q, per_page=50, **options))  # type: ignore[arg-type]


def ids(result: SearchResult) -> list[str]:
    return [hit.id for hit in result.hits]


def test_a_concept_finds_its_forms_in_the_other_language(engine: SearchEngine) -> None:
    # "online meeting" is the glossary's online_meeting concept: 线上会议 and, through the
    # concept's topic, the record tagged online_meeting.
    english = search(engine, "online meeting")
    assert set(ids(english)) == {"btbu-en", "btbu-zh"}
    assert ids(english)[0] == "btbu-en"  # the words as typed score above their translation
    chinese = search(engine, "线上会议")
    assert set(ids(chinese)) == {"btbu-zh", "btbu-en"}
    assert ids(chinese)[0] == "btbu-zh"
    # 合作备忘录 is a form of the MoU concept; the signing record carries its topic.
    assert ids(search(engine, "memorandum of understanding"))[0] == "sheffield-mou"
    assert "signing" in ids(search(engine, "memorandum of understanding"))


def test_literal_search_keeps_to_the_words(engine: SearchEngine) -> None:
    assert ids(search(engine, "online meeting", literal=True)) == ["btbu-en"]


def test_missing_words_are_relaxed_and_said(engine: SearchEngine) -> None:
    result = search(engine, "memorandum zebra")
    # No record has "zebra": the plain word is left out before the concept.
    assert result.relaxed == ["zebra"]
    assert Notice.RELAXED in result.notices
    assert "sheffield-mou" in ids(result)
    full = search(engine, "memorandum")
    assert result.total == full.total


def test_words_that_match_nothing_fall_back_to_the_filters(engine: SearchEngine) -> None:
    result = search(engine, "zebra", filters=Filters({"lang": ("zh",)}))
    zh = [r.id for r in RECORDS if r.lang == "zh"]
    assert sorted(ids(result)) == sorted(zh)
    assert result.notices == [Notice.FILTERS_ONLY]
    assert result.relaxed == ["zebra"]
    # Without a filter, nothing: the words simply match no record.
    assert search(engine, "zebra").total == 0


@pytest.mark.parametrize("q", ["-", "OR", "🎓", "“”"])
def test_a_query_with_no_searchable_word_is_everything_with_a_notice(
    engine: SearchEngine, q: str
) -> None:
    result = search(engine, q)
    assert result.total == len(RECORDS)
    assert result.notices == [Notice.NO_WORDS]


def test_typos_are_corrected_towards_known_words(engine: SearchEngine) -> None:
    result = search(engine, "Sheffeld")  # eight letters: one edit
    assert result.did_you_mean == "Sheffield"
    assert Notice.CORRECTED in result.notices
    assert {"sheffield-mou", "city", "hallam"} <= set(ids(result))
    # Four letters allow no edit.
    assert search(engine, "Sefd").did_you_mean is None
    # A Chinese partner name with one character wrong (five characters: one edit).
    chinese = search(engine, "莫纳肆大学")
    assert chinese.did_you_mean == "莫纳什大学"
    assert ids(chinese)[0] == "monash"
    # Two neighbouring letters swapped are one edit.
    assert search(engine, "Monahs").did_you_mean == "Monash"
    assert search(engine, "纳莫什大学").did_you_mean == "莫纳什大学"
    # A partner's name with a misspelt word is that partner's name: its records in both
    # languages, as the name typed right finds them.
    misspelt = search(engine, "Beijing Technology and Bussiness University")
    assert {"btbu-zh", "btbu-en"} <= set(ids(misspelt)[:2])
    assert misspelt.did_you_mean == "Beijing Technology and Business University"
    # No record holds "Polytechnic": PolyU's only record is in Chinese.
    assert ids(search(engine, "Hong Kong Polytecnic University"))[0] == "polyu"
    # Four characters: corrected only towards the one name a character away, and only
    # when the run holds a word no record contains (首耳).
    assert search(engine, "首耳大学").did_you_mean == "首尔大学"
    assert search(engine, "首都大学").did_you_mean is None  # 首尔大学 or 京都大学?


def test_a_short_name_finds_the_partner_first_but_not_only(engine: SearchEngine) -> None:
    result = search(engine, "Sheffield")
    found = ids(result)
    # Two partners' names hold "Sheffield": both are suggested, with their records here.
    assert {(v.value, v.count) for v in result.partners} == {("sheffield", 1), ("hallam", 1)}
    # Their tagged records (the Chinese one too) rank above the city council's visit.
    assert set(found) == {"sheffield-mou", "hallam", "city"}
    assert found.index("city") == 2
    monash = search(engine, "Monash")
    assert ids(monash) == ["monash"]
    assert [v.value for v in monash.partners] == ["monash"]


def test_a_full_name_finds_the_partner_not_the_words_of_its_short_name(
    engine: SearchEngine,
) -> None:
    """ "Sheffield" is a short name of two partners and a city: typed alone it finds all
    three, but a partner's full name means that partner, whatever else its words name."""
    assert ids(search(engine, "University of Sheffield")) == ["sheffield-mou"]
    assert ids(search(engine, "Sheffield Hallam University")) == ["hallam"]


def test_uni_and_the_start_of_a_name_is_that_university(engine: SearchEngine) -> None:
    # "UniMelb", "UniSyd": Monash is the only partner whose name word starts "Monas".
    assert ids(search(engine, "UniMonas")) == ["monash"]
    assert ids(search(engine, "UniShef")) == []  # Sheffield and Sheffield Hallam: which?


def test_traditional_and_simplified_chinese_are_one(engine: SearchEngine) -> None:
    assert ids(search(engine, "香港理工大学", literal=True)) == ["polyu"]
    assert ids(search(engine, "應用社會科學", literal=True)) == ["polyu"]


def test_a_matching_report_brings_the_other_reports_of_its_event(engine: SearchEngine) -> None:
    # Only the English report names Liu Ying; the Chinese report of the meeting follows it.
    result = search(engine, "Liu Ying")
    assert ids(result) == ["btbu-en", "btbu-zh"]
    assert result.hits[0].same_event == ["btbu-zh"]
    assert ids(search(engine, "Liu Ying", literal=True)) == ["btbu-en"]


def test_results_can_be_grouped_by_event(engine: SearchEngine) -> None:
    plain = search(engine, "BTBU")
    assert set(ids(plain)) == {"btbu-zh", "btbu-en"} and plain.total == 2
    grouped = search(engine, "BTBU", group="event")
    assert grouped.total == 1
    [hit] = grouped.hits
    assert hit.same_event == [({"btbu-zh", "btbu-en"} - {hit.id}).pop()]


def test_question_words_are_left_out(engine: SearchEngine) -> None:
    result = search(engine, "who visited from Monash and when")
    assert ids(result)[0] == "monash"
    assert "who" not in result.relaxed and "when" not in result.relaxed
    # Also those searched as their stems ("many" is "mani", "does" is "doe").
    for q, words in (("how many from Monash", "how many"), ("any Monash please", "any please")):
        result = search(engine, q)
        assert ids(result)[0] == "monash", q
        assert not set(words.split()) & set(result.relaxed), result.relaxed


def test_the_kind_of_answer_a_question_asks_for_is_left_out(engine: SearchEngine) -> None:
    # No record says "partners" or 高校: after "which" or 哪些 they name what the answer is,
    # and the question is about online meetings.
    for q in ("which partners held online meetings", "哪些高校开过线上会议"):
        result = search(engine, q)
        assert set(ids(result)[:2]) == {"btbu-zh", "btbu-en"}, q
        assert not {"partners", "高校"} & set(result.relaxed), (q, result.relaxed)
    # Without the question word it is a word staff want, and no record meets it.
    assert "things" in search(engine, "things held in online meetings").relaxed
    assert "things" not in search(engine, "which things held online meetings").relaxed


def test_a_hyphenated_word_can_start_a_concept(engine: SearchEngine) -> None:
    # "government-funded study abroad" is one form of the glossary's government_sponsored
    # concept (国家公派...): the hyphenated word is not a need of its own words in order.
    result = search(engine, "government-funded study abroad briefing")
    assert ids(result)[0] == "csc-briefing"
    assert result.relaxed == []
    # Not part of a concept, a hyphenated word still means its parts in order.
    assert ids(search(engine, "funded-government")) == []


def test_single_characters_of_a_chinese_question_are_left_out(engine: SearchEngine) -> None:
    # jieba leaves 来 and 过 of "来过" standing alone; the Monash record says 来访, not 来.
    result = search(engine, "莫纳什大学代表团来过吗")
    assert ids(result)[0] == "monash"
    assert not {"来", "过", "吗"} & set(result.relaxed)
    assert ids(search(engine, "过")) == []  # alone, a character is what was asked for


def test_a_year_in_the_query_means_records_of_that_year(engine: SearchEngine) -> None:
    result = search(engine, "delegation 2019")
    assert set(ids(result)) >= {"hallam", "monash"}
    assert all(h.published and h.published.startswith("2019") for h in result.hits[:2])


def test_years_named_in_words_or_the_minguo_calendar_are_found(engine: SearchEngine) -> None:
    # Both exchange reports, published in 2019, name the 2018 agreement: "去年" on the
    # mainland page, Minguo year 107 on the Taiwan page. They meet "2018" as fully as the
    # MoU published in 2018 does: the three full matches come before the relaxed ones.
    result = search(engine, "agreement 2018")
    assert set(ids(result)[:3]) == {"exchange-zh", "exchange-tw", "sheffield-mou"}


def test_a_need_no_record_meets_is_relaxed_first(engine: SearchEngine) -> None:
    # No record is of 2030 or names it: the year, though fewer records meet it than the
    # MoU concept, is left out first, and the concept's records are shown, not nothing.
    result = search(engine, "memorandum 2030")
    assert result.relaxed == ["2030"]
    assert "sheffield-mou" in ids(result)
    assert result.total == search(engine, "memorandum").total


def test_a_partner_weighs_most_when_relaxing(engine: SearchEngine) -> None:
    # No BTBU record mentions a memorandum. The partner is what staff ask about: its
    # records come first, the memoranda of other partners after them.
    result = search(engine, "BTBU memorandum")
    assert result.relaxed == ["BTBU", "memorandum"]
    found = ids(result)
    assert set(found[:2]) == {"btbu-zh", "btbu-en"}
    assert "sheffield-mou" in found[2:]


def test_a_year_weighs_more_than_a_concept_when_relaxing(engine: SearchEngine) -> None:
    # No record of 2019 names a memorandum: the records of 2019 come before memoranda of
    # other years, both after nothing.
    result = search(engine, "memorandum 2019")
    found = ids(result)
    in_2019 = {r.id for r in RECORDS if r.published.startswith("2019")}
    assert set(found[: len(in_2019)]) == in_2019
    assert "sheffield-mou" in found[len(in_2019) :]


def published_in(first: int, last: int) -> set[str]:
    return {r.id for r in RECORDS if first <= int(r.published[:4]) <= last}


@pytest.mark.parametrize(
    ("q", "first", "last"),
    [
        ("2018年至2019年", 2018, 2019),
        ("2018-2019", 2018, 2019),
        ("from 2018 to 2019", 2018, 2019),
        ("2021年以来", 2021, 2022),
        ("since 2021", 2021, 2022),
        ("after 2020", 2021, 2022),
        ("before 2019", 2018, 2018),
        ("2019年之前", 2018, 2018),
    ],
)
def test_a_span_of_years_means_the_records_of_any_of_them(
    engine: SearchEngine, q: str, first: int, last: int
) -> None:
    # Not each year required (no record is of two years), nor the years as words.
    result = search(engine, q)
    assert set(ids(result)) == published_in(first, last)
    assert result.relaxed == []


def test_a_span_of_years_narrows_a_concept(engine: SearchEngine) -> None:
    # Both delegations of 2019 meet the concept and the span; the full matches come first.
    found = ids(search(engine, "delegation 2018-2019"))
    assert set(found[:2]) == {"hallam", "monash"}


def test_single_characters_cut_from_one_word_are_that_word(engine: SearchEngine) -> None:
    # jieba cuts "是线上" as 是线|上 in a query; the index holds 线上 (the BTBU meeting).
    assert "btbu-zh" in ids(search(engine, "是线上"))


def test_a_typo_of_a_partner_name_no_record_spells_finds_its_records(
    engine: SearchEngine,
) -> None:
    # Only the Chinese record is Monash's, and no record spells "Monash": the correction
    # is kept for the partner it names, whose tagged record it finds.
    result = search(engine, "Monsh")
    assert result.did_you_mean == "Monash"
    assert ids(result) == ["monash"]


def test_a_misspelling_is_read_as_a_name_only_when_it_makes_one(tmp_path) -> None:
    """ "decent" is in no record, "recent" is: with the ILO named, the query is not read
    again as "recent work", which would lose the concept (decent work, 体面劳动)."""
    aliases = {"International Labour Organization": "ilo", "ILO": "ilo", "国际劳工组织": "ilo"}
    records = [
        a_record(
            "zh",
            "国际劳工组织官员出席体面劳动研讨会",
            "双方就体面劳动进行交流。",
            source="culr-zh",
            lang="zh",
            published="2018-09-21",
            partners=("ilo",),
        ),
        a_record(
            "en",
            "ILO officials review recent work",
            "The ILO reviewed recent work.",
            source="culr-en",
            lang="en",
            published="2019-03-01",
            partners=("ilo",),
        ),
    ]
    with IndexManager(tmp_path, aliases).writing() as session:
        session.rebuild(records, seq=1)
    engine = SearchEngine(str(tmp_path), lexicon_of(aliases))
    assert ids(engine.search(SearchRequest(q="decent work ILO")))[0] == "zh"
