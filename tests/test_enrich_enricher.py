"""The Enricher as the pipeline uses it: one call per record, a fingerprint for re-enrichment."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.core.record import PartnerRef
from kb.enrich import ENRICH_VERSION, Enricher, Enrichment
from kb.enrich.passing import PassingModel
from kb.lexicon import LexiconError

ARTICLE = {
    "title": "我校与北京工商大学开展线上交流",
    "body": "7月18日下午，我校与北京工商大学通过视频会议交流来华留学生招生工作，"
    "并拜访了江西财经大学。\n（港澳台事务办公室）",
    "lang": "zh",
    "published": "2021-07-20",
    "owner": "culr",
}


def test_enrich_one_record() -> None:
    result = Enricher.from_files(None, None).enrich(**ARTICLE)
    assert result == Enrichment(
        partners=[PartnerRef("btbu", "Beijing Technology and Business University")],
        topics=["foreign_students", "online_meeting"],
        event_date="2021-07-18",
        candidates=["江西财经大学"],
    )


def test_the_unit_signing_the_article_off_is_no_partner() -> None:
    enricher = Enricher.from_files(None, None)
    body = (
        "CULR held an online graduation ceremony for 17 international students.\n"
        "Institute of International Education"
    )
    article = {"title": "Graduation", "lang": "en", "published": None, "owner": "culr"}
    assert enricher.enrich(body=body, **article).partners == []
    named = body.replace("students.", "students with the Institute of International Education.")
    assert [p.id for p in enricher.enrich(body=named, **article).partners] == ["iie"]


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        # Sport between domestic universities: opponents and a venue, no counterpart.
        (
            "我校女足获得联赛亚军",
            "决赛在北京体育大学举行，我校女足以1比2负于北京师范大学队，获得亚军。",
            [],
        ),
        # The same match, with the opponent named in the title.
        (
            "我校女足与北京师范大学队争夺冠军",
            "决赛在北京体育大学举行，我校女足以1比2负于北京师范大学队，获得亚军。",
            ["bnu"],
        ),
        # One stray word of cooperation ("lecturer" holds "lecture") is not enough: no
        # topic reaches its bar, and the runners of other universities are no counterparts.
        (
            "Staff finish city marathon",
            "A lecturer of our School of Safety Engineering finished first among our runners, "
            "in a pace group with runners of Tsinghua University and Peking University.",
            [],
        ),
        # The party branches of two universities' offices studying together: the title
        # names the other university, but it is party work, not cooperation.
        (
            "国际交流与合作处党支部与北京师范大学国际处党支部开展联学共建活动",
            "两个支部党员在北京师范大学共同参观校史馆，开展专题研讨。",
            [],
        ),
        # The party committee's study group, with a lecture and a joint study: party work
        # even where words of a conference are found.
        (
            "校党委理论学习中心组开展集体学习",
            "中心组举行专题研讨会，邀请清华大学教授作学术报告。",
            [],
        ),
        # A word of cooperation makes the same institutions counterparts.
        (
            "我校举办体育交流活动",
            "我校与北京体育大学、北京师范大学签署合作协议，开展学生交流。",
            ["bsu", "bnu"],
        ),
        # A partner from abroad: the record is about something done with others.
        (
            "Report released",
            "A report prepared by CULR and the ILO was launched; officials of the All-China "
            "Federation of Trade Unions attended.",
            ["ilo", "acftu"],
        ),
    ],
)
def test_a_record_without_cooperation_has_no_domestic_counterparts(
    title: str, body: str, expected: list[str]
) -> None:
    enricher = Enricher.from_files(None, None)
    lang = "en" if body.isascii() else "zh"
    got = enricher.enrich(title=title, body=body, lang=lang, published="2021-05-11", owner="culr")
    assert [p.id for p in got.partners] == expected


@pytest.mark.parametrize(
    ("owner", "body", "hmt"),
    [
        # A Taiwanese publisher's talks with a mainland university, and the reverse.
        ("nccu", "本校與北京工商大學以視訊方式舉行學術合作會談。", True),
        ("culr", "我校与台湾政治大学以视频方式举行学术合作会谈。", True),
        # Two mainland universities: no border crossed.
        ("culr", "我校与北京工商大学以视频方式举行学术合作会谈。", False),
        # A publisher abroad about Hong Kong students: its own exchanges, not the
        # mainland's Hong Kong, Macao and Taiwan affairs.
        ("monash", "我校与香港理工大学举行港澳台学生交流项目会谈，香港学生将来校学习。", False),
        ("culr", "我校与香港理工大学举行港澳台学生交流项目会谈，香港学生将来校学习。", True),
        # A Macao publisher with its Portuguese partner, a Taiwanese one with a Japanese
        # partner: exchanges abroad; a Taiwanese one with a Macao partner crosses a border.
        ("mpu", "澳门理工大学与里斯本大学签署合作协议，推动澳门与葡萄牙的学术交流。", False),
        ("fju", "輔仁大學與台灣學生赴早稻田大學交流，早稻田大學代表團訪臺。", False),
        ("fju", "輔仁大學與澳門大學舉行學生交流會談，澳門學生將來臺學習。", True),
    ],
)
def test_exchanges_across_the_strait_are_hmt_affairs(owner: str, body: str, hmt: bool) -> None:
    enricher = Enricher.from_files(None, None)
    got = enricher.enrich(
        title="合作会谈", body=body, lang="zh", published="2023-03-01", owner=owner
    )
    assert ("hmt_affairs" in got.topics) == hmt, got.topics


def test_attachment_text_adds_partners_and_stands_in_for_an_empty_body() -> None:
    enricher = Enricher.from_files(None, None)
    result = enricher.enrich(
        title="会议纪要",
        body="",
        lang="zh",
        published="2021-07-20",
        owner=None,
        attachment_text="7月16日，与国际劳工组织召开视频会议。",
    )
    assert [p.id for p in result.partners] == ["ilo"]
    assert result.event_date == "2021-07-16"
    assert result.topics == ["online_meeting"]
    with_body = enricher.enrich(
        title="News",
        body="Staff met on 3 March.",
        lang="en",
        published="2021-03-05",
        owner=None,
        attachment_text="Minutes: ILO, 1 March",
    )
    assert [p.id for p in with_body.partners] == ["ilo"]
    assert with_body.event_date == "2021-03-03"


def test_adding_a_partner_changes_the_fingerprint_and_the_result(tmp_path: Path) -> None:
    """After a partner is added, re-enriching the stored text finds it: no crawl needed."""
    before = Enricher.from_files(None, None)
    assert "jxufe" not in {p.id for p in before.enrich(**ARTICLE).partners}
    partners = tmp_path / "partners.toml"
    partners.write_text('[[partner]]\nid = "jxufe"\nname = "JXUFE"\nname_zh = "江西财经大学"\n')
    after = Enricher.from_files(partners, None)
    assert after.fingerprint != before.fingerprint
    result = after.enrich(**ARTICLE)
    assert [p.id for p in result.partners] == ["btbu", "jxufe"]
    assert result.candidates == []
    assert Enricher.from_files(partners, None).fingerprint == after.fingerprint


def test_topics_file_changes_the_fingerprint(tmp_path: Path) -> None:
    topics = tmp_path / "topics.toml"
    topics.write_text("threshold = 9\n")
    base = Enricher.from_files(None, None)
    strict = Enricher.from_files(None, topics)
    assert strict.fingerprint != base.fingerprint
    assert strict.enrich(**ARTICLE).topics == []


def test_code_version_is_part_of_the_fingerprint(monkeypatch: pytest.MonkeyPatch) -> None:
    base = Enricher.from_files(None, None).fingerprint
    monkeypatch.setattr("kb.enrich.enricher.ENRICH_VERSION", ENRICH_VERSION + "-next")
    assert Enricher.from_files(None, None).fingerprint != base


def test_bad_files_raise_config_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[[partner]]\nid = 3\n")
    with pytest.raises(LexiconError, match=r"bad\.toml: partner\[0\]\.id: must be a string"):
        Enricher.from_files(bad, None)
    with pytest.raises(LexiconError, match=r"bad\.toml: partner: unknown key"):
        Enricher.from_files(None, bad)


def test_a_record_without_cooperation_suggests_only_what_its_title_names() -> None:
    enricher = Enricher.from_files(None, None)
    body = "决赛在江西财经大学举行，我校女足获得亚军。"
    article = {"body": body, "lang": "zh", "published": "2021-05-11", "owner": "culr"}
    assert enricher.enrich(title="我校女足获得联赛亚军", **article).candidates == []
    titled = enricher.enrich(title="我校女足在江西财经大学夺得亚军", **article)
    assert titled.candidates == ["江西财经大学"]
    reported = enricher.enrich(
        title="交流", **{**article, "body": "我校与江西财经大学签署合作协议。"}
    )
    assert reported.candidates == ["江西财经大学"]


@pytest.mark.parametrize(
    ("owner", "body", "expected"),
    [
        # The publisher's unit or campus abroad, named after it: not a new institution.
        (
            "auckland",
            "Researchers of the Auckland Bioengineering Institute signed an agreement "
            "with Kyoto Sangyo University.",
            ["Kyoto Sangyo University"],
        ),
        (
            "rmit",
            "RMIT University Vietnam signed an agreement with Hoa Sen University.",
            ["Hoa Sen University"],
        ),
        # A member university of the publisher's system, named with its abbreviation.
        (
            "vnu",
            "VNU University of Languages and International Studies signed an agreement with "
            "Hoa Sen University.",
            ["Hoa Sen University"],
        ),
        # A building or a unit that carries the publisher's full name.
        (
            "oxford",
            "The workshop, held in the Dickson Poon University of Oxford China Centre "
            "Building, was co-organised with Hoa Sen University.",
            ["Hoa Sen University"],
        ),
        # Its own name shortened; a known partner's campus abroad; a body's founding told.
        (
            "erasmus",
            "Erasmus University and Hoa Sen University signed a double degree agreement.",
            ["Hoa Sen University"],
        ),
        (
            "auckland",
            "Xiamen University Malaysia signed an agreement with Hoa Sen University.",
            ["Hoa Sen University"],
        ),
        (
            "auckland",
            "The university signed an agreement with Hoa Sen University. It was founded in "
            "1905 as the King Edward VII College of Medicine.",
            ["Hoa Sen University"],
        ),
        # Another university of the publisher's city is one.
        (
            "auckland",
            "The university signed an agreement with Auckland University of Technology.",
            ["Auckland University of Technology"],
        ),
    ],
)
def test_the_publishers_own_units_are_no_candidates(
    owner: str, body: str, expected: list[str]
) -> None:
    enricher = Enricher.from_files(None, None)
    article = {"lang": "en", "published": "2024-05-11", "owner": owner}
    assert enricher.enrich(title="Cooperation news", body=body, **article).candidates == expected


def test_a_plans_targets_are_no_candidates() -> None:
    enricher = Enricher.from_files(None, None)
    body = (
        "处长部署了2024年重点工作：争取与沙特阿卜杜拉国王科技大学建立合作关系。"
        "2023年，学校与古勃金国立石油天然气大学续签了协议。"
    )
    article = {"lang": "zh", "published": "2024-01-17", "owner": "cupb"}
    found = enricher.enrich(title="国际交流与合作处召开2024年工作部署会", body=body, **article)
    assert "planning" in found.topics
    assert found.candidates == ["古勃金国立石油天然气大学"]


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        # Visitors going on elsewhere: their stops, not ours.
        (
            "英国埃克塞特大学代表团来访我校",
            "代表团参观了我校实验室。代表团此后前往北京，访问北京邮电大学。",
            ["exeter"],
        ),
        (
            "University of Exeter delegation visits CULR",
            "The delegation toured the campus. The delegation then visited Peking University.",
            ["exeter"],
        ),
        (
            "University of Exeter delegation visits CULR",
            "The delegation's tour of China also took in Peking University.",
            ["exeter"],
        ),
        (
            "University of Exeter delegation visits CULR",
            "The delegation toured the campus and continued to Peking University.",
            ["exeter"],
        ),
        (
            "University of Exeter delegation visits CULR",
            "The delegation went on to visit Peking University before returning home.",
            ["exeter"],
        ),
        (
            "University of Exeter delegation visits CULR",
            "Before coming to Beijing, the delegation visited Peking University.",
            ["exeter"],
        ),
        (
            "莫斯科国立大学教授来我校讲学",
            "讲学结束后，该教授前往青岛访问中国石油大学（华东）。",
            ["msu"],
        ),
        # An earlier year's programme with another university is background.
        (
            "我校学生赴葡萄牙波尔图大学参加暑期课程",
            "葡文系主任表示，本校学生去年曾参加科英布拉大学的暑期课程，今年首次与波尔图大学合作。",
            [],
        ),
        # Anyone's experience in an earlier year (曾于2016年与…) is background too, and so
        # are a series' earlier editions.
        (
            "台湾淡江大学师生来我校参加两岸青年营",
            "闭营式上，淡江大学与我校商谈学生交换。我校曾于2016年与台湾东海大学联合举办设计竞赛。",
            ["tku"],
        ),
        (
            "Tamkang University students join our summer forum",
            "Students of Tamkang University took part. Earlier editions welcomed students "
            "from the University of Macau.",
            ["tku"],
        ),
        (
            "University of Exeter delegation visits CULR",
            "The delegation's visit to China also included meetings at Peking University.",
            ["exeter"],
        ),
        # Our own delegation's stops are our partners.
        (
            "我校代表团访问英国埃克塞特大学",
            "代表团此后前往伦敦，访问伦敦大学学院。",
            ["exeter", "ucl"],
        ),
    ],
)
def test_a_hosted_visitors_other_stops_are_theirs(
    title: str, body: str, expected: list[str]
) -> None:
    lang = "en" if title.isascii() else "zh"
    rules_alone = Enricher.from_files(None, None, passing=PassingModel({}))  # what rules read
    got = rules_alone.enrich(
        title=title, body=body, lang=lang, published="2024-05-10", owner="culr"
    )
    assert [p.id for p in got.partners] == expected
