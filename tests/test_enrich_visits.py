"""Which way a reported visit went (kb.enrich.visits), read from titles and leads written
for these tests in the manner of the genre. Each expected way is read from the sentence
itself: who went where."""

from __future__ import annotations

import pytest

from kb.enrich import Enricher
from kb.enrich.visits import IN, OUT, visit_direction, visit_tags

CULR = ("China University of Labor Relations", "CULR", "中国劳动关系学院")


@pytest.mark.parametrize(
    ("title", "lead", "lang", "way"),
    [
        # Others come to the publisher.
        ("澳门大学社会科学学院代表团来访", "", "zh", IN),
        ("香港大学代表团访问我校", "", "zh", IN),
        ("日本早稻田大学教授来我校开展学术交流", "", "zh", IN),
        ("復旦大學代表團參訪本校", "", "zh", IN),  # traditional characters
        ("香港中文大學教授蒞校演講", "", "zh", IN),
        ("University of Macau Delegation Visits CULR", "", "en", IN),
        ("Warwick delegation tours the China University of Labor Relations", "", "en", IN),
        # The title tells no way; the lead does.
        (
            "我校与墨尔本大学签署学生交流协议",
            "4月21日，墨尔本大学商学院副院长一行3人访问我校。",
            "zh",
            IN,
        ),
        (
            "CULR and BTBU Sign Framework Agreement",
            "On December 3, the Vice President of BTBU led a delegation to CULR.",
            "en",
            IN,
        ),
        (
            "Partnership renewed",
            "Our university welcomed a delegation from Ghent on Monday.",
            "en",
            IN,
        ),
        # The publisher's people go out.
        ("我校代表团赴北京工商大学交流访问", "", "zh", OUT),
        ("我校首批交换生赴台湾政治大学交流学习", "", "zh", OUT),
        ("本校學生赴中國勞動關係學院參加暑期研習課程", "", "zh", OUT),
        ("中国劳动关系学院代表团访问英国华威大学", "", "zh", OUT),  # its own name is "we"
        ("CULR Delegation Visits the Universities of Warwick and Sheffield", "", "en", OUT),
        ("Two CULR Lecturers Begin Visiting Scholarships at Waseda University", "", "en", OUT),
        (
            "Talks in Seoul",
            "The President led a delegation to Seoul National University.",
            "en",
            OUT,
        ),
        # No visit either way.
        ("我校与德国柏林自由大学线上签署合作协议", "双方通过视频连线签署协议。", "zh", None),
        (
            "CULR and ILO Co-host Workshop on Social Dialogue",
            "The workshop opened on Monday.",
            "en",
            None,
        ),
        (
            "我校召开国际学生工作推进会",
            "国际学生由线上学习转为来校学习。",
            "zh",
            None,
        ),  # 来校学习: students
        (
            "我校举办暑期研讨班",
            "研讨班邀请来访的国际学者作专题讲座。",
            "zh",
            None,
        ),  # 来访的: visiting
        # A lead telling both ways is a summary of the year's visits.
        ("2018年度国际交流工作总结", "全年接待境外来访团组21批，派出出访团组15批。", "zh", None),
    ],
)
def test_the_way_a_visit_went(title: str, lead: str, lang: str, way: str | None) -> None:
    assert visit_direction(title, lead, lang, CULR) == way


def test_the_way_is_tagged_for_each_side() -> None:
    assert visit_tags(IN, "culr", ["msu", "culr"]) == ["in:culr", "out:msu"]
    assert visit_tags(OUT, "btbu", ["culr"]) == ["out:btbu", "in:culr"]
    assert visit_tags(None, "culr", ["msu"]) == []


def test_enrichment_tags_the_way_from_the_publishers_side() -> None:
    enricher = Enricher.from_files(None, None)
    # A partner's page about CULR's delegation coming to it: in for BTBU, out for CULR.
    found = enricher.enrich(
        title="中国劳动关系学院代表团来我校交流访问",
        body="5月16日，中国劳动关系学院副校长一行5人来我校交流访问，双方就学生交流进行了座谈。",
        lang="zh",
        published="2023-05-17",
        owner="btbu",
    )
    assert [p.id for p in found.partners] == ["culr"]
    assert found.visits == ["in:btbu", "out:culr"]
    # Without a publisher there is no "we" to tell the way from.
    assert (
        enricher.enrich(
            title="中国劳动关系学院代表团来我校交流访问",
            body="",
            lang="zh",
            published="2023-05-17",
            owner=None,
        ).visits
        == []
    )
