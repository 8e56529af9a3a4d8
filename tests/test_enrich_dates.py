"""Event dates: the first date the text names, resolved against the publication date."""

from __future__ import annotations

import pytest

from kb.enrich import resolve_event_days
from kb.enrich.years import named_years


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("7月18日下午，我校与北京工商大学开展线上交流。", "2021-07-20", "2021-07-18"),
        ("12月31日，学校召开工作会议。", "2020-01-03", "2019-12-31"),
        ("1月5日将举行开学典礼。", "2019-12-20", "2020-01-05"),
        ("8日至10日，研讨会在线举行。", "2021-11-12", "2021-11-08"),
        ("28日，代表团抵达。", "2021-03-02", "2021-02-28"),
        ("2019年11月4日至15日，两名教师赴澳访学。", "2019-11-20", "2019-11-04"),
        ("2022年5月16日至18日举行。", "2023-01-01", "2022-05-16"),
        ("二〇二一年七月十八日上午", "2021-08-01", "2021-07-18"),
        ("十二月三十一日", "2020-01-03", "2019-12-31"),
        ("昨日上午，教授来我校讲学。", "2019-04-10", "2019-04-09"),
        ("今天上午", "2019-04-10", "2019-04-10"),
        ("上周五，一行来访。", "2021-05-18", "2021-05-14"),
        ("下周一开始选课。", "2022-11-02", "2022-11-07"),
        ("周三下午召开座谈会。", "2020-11-06", "2020-11-04"),
        ("会议于2021-07-18举行。", "2021-07-20", "2021-07-18"),
        ("发布时间：2021-07-20 7月18日，", "2021-07-20", "2021-07-18"),
        ("7月5日起，学生参加线上暑期学校。", "2021-07-08", "2021-07-05"),
        ("２０２１年７月１８日", None, "2021-07-18"),
    ],
)
def test_chinese(text: str, published: str | None, expected: str) -> None:
    assert resolve_event_days(text, published, "zh").start == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("on the afternoon of July 18th.", "2021-07-20", "2021-07-18"),
        ("On December 31, the university met.", "2020-01-03", "2019-12-31"),
        ("held on Nov. 8-9, 2019 at UM", "2019-11-12", "2019-11-08"),
        ("From 4 to 15 November 2019, two teachers", "2019-11-20", "2019-11-04"),
        ("held on 21-23 May 2022.", "2022-05-30", "2022-05-21"),
        ("visited on 12 September 2019.", "2019-09-16", "2019-09-12"),
        ("On the morning of 14 September, CULR", "2019-09-16", "2019-09-14"),
        ("on the 18th of July", "2021-07-20", "2021-07-18"),
        ("video talks on Aug 28 about", "2020-09-01", "2020-08-28"),
        ("On Sept. 15, the university", "2020-09-17", "2020-09-15"),
        ("closed from October 1 to 7", "2022-09-28", "2022-10-01"),
        ("held online from the 8th to the 10th.", "2021-11-12", "2021-11-08"),
        ("Yesterday, a delegation visited.", "2021-06-10", "2021-06-09"),
        ("beat BTBU 78-70 on Saturday", "2021-10-25", "2021-10-23"),
        ("signed an agreement on Monday.", "2019-03-06", "2019-03-04"),
        ("met last Friday to launch", "2022-03-15", "2022-03-11"),
        ("Last Sunday, runners", "2019-04-16", "2019-04-14"),
        ("opens next Monday.", "2022-11-02", "2022-11-07"),
        ("arrives this Friday.", "2022-11-02", "2022-11-04"),
        ("starting on the coming Monday", "2022-11-02", "2022-11-07"),
        ("Comments on the 14th Five-Year Plan. Reviewed on March 24.", "2021-03-26", "2021-03-24"),
        ("Posted 2021-07-20. The visit on 2021/07/18", "2021-07-20", "2021-07-18"),
    ],
)
def test_english(text: str, published: str, expected: str) -> None:
    assert resolve_event_days(text, published, "en").start == expected


@pytest.mark.parametrize(
    ("text", "published", "lang"),
    [
        ("近日，我校学生获得资助。", "2022-06-15", "zh"),
        ("2019年12月，学校制定规划。", "2020-01-03", "zh"),
        ("学校建于1984年，现有学生5000人。", "2020-01-03", "zh"),
        ("图书馆18号楼，100日元", "2020-01-03", "zh"),
        ("Recently, twelve students won scholarships.", "2022-06-15", "en"),
        ("In May 2021 the plan was adopted; the 14th Five-Year Plan.", "2021-06-01", "en"),
        ("students may apply for 2 places", "2021-06-01", "en"),
        ("7月18日下午", None, "zh"),
        ("last Friday", None, "en"),
        ("2月30日", "2021-03-02", "zh"),
    ],
)
def test_no_event_date(text: str, published: str | None, lang: str) -> None:
    assert resolve_event_days(text, published, lang).start is None


def test_first_date_wins_and_invalid_ones_are_skipped() -> None:
    text = "2月30日有误。3月5日开幕，3月10日闭幕。"
    assert resolve_event_days(text, "2021-03-12", "zh").start == "2021-03-05"


def test_other_languages_try_both_pattern_sets() -> None:
    assert resolve_event_days("Визит 7月18日", "2021-07-20", "ru").start == "2021-07-18"
    assert resolve_event_days("visite le 18 July", "2021-07-20", "fr").start == "2021-07-18"


def test_bad_publication_date_only_loses_partial_dates() -> None:
    assert resolve_event_days("7月18日", "not a date", "zh").start is None
    assert resolve_event_days("2021年7月18日", "not a date", "zh").start == "2021-07-18"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("请有意向的学生于3月20日前报名。4月8日举行面试。", "zh", "2024-04-08"),
        ("报名截止时间：2024年4月19日\n项目于2024年7月8日开始。", "zh", "2024-07-08"),
        ("Deadline: 21 March 2024. The school opens on 1 July 2024.", "en", "2024-07-01"),
        ("Applications close no later than 5 May; interviews on 12 May.", "en", "2024-05-12"),
    ],
)
def test_deadlines_are_not_events(text: str, lang: str, expected: str) -> None:
    assert resolve_event_days(text, "2024-03-01", lang).start == expected


def test_the_date_a_summary_is_signed_with_is_not_an_event() -> None:
    text = (
        "现将全年国际交流与合作工作总结如下：派出学生623人次，接收交换生112人。\n"
        "国际处\n2026年1月8日"
    )
    assert resolve_event_days(text, "2026-01-09", "zh").start is None
    # A date that opens a line of text is the event's.
    dated = "现将全年国际交流与合作工作总结如下，供各单位参考。\n1月8日，学校召开总结会。"
    assert resolve_event_days(dated, "2026-01-09", "zh").start == "2026-01-08"


@pytest.mark.parametrize(
    ("text", "published", "years"),
    [
        ("此次交换依据两校去年签署的协议开展。", "2019-09-10", {"2018"}),
        (
            "今年暑期，前年启动的项目进入第三期，明年将扩大。",
            "2021-06-01",
            {"2019", "2021", "2022"},
        ),
        ("The agreement signed last year runs until next year.", "2020-03-01", {"2019", "2021"}),
        ("去年签署", None, set()),  # nothing to resolve a relative year against
        (
            "依據兩校107年簽署之協議辦理，108學年度第1學期起互派學生。",
            "2019-09-12",
            {"2018", "2019"},
        ),
        ("民國38年遷校；111年5月4日舉行座談。", None, {"1949", "2022"}),
        # Durations and anniversaries on a traditional page are not Minguo years.
        ("本校創校100年來培育人才，今逢建校95年，並慶祝90週年。", None, set()),
        # On a simplified page a bare "100年" is a length of time, not 2011.
        ("学校走过100年历程，2018年签署协议。", None, set()),
        ("For years we have worked together.", "2020-01-01", set()),
    ],
)
def test_years_named_in_words_or_in_the_minguo_calendar(
    text: str, published: str | None, years: set[str]
) -> None:
    assert named_years(text, published) == years


@pytest.mark.parametrize(
    ("text", "published", "lang", "start", "end"),
    [
        # Taiwan's news writes the day in brackets after 昨/今.
        (
            "中山大學海洋科學學院昨（7）日起舉辦研討會，為期兩天。",
            "2023-11-08",
            "zh",
            "2023-11-07",
            None,
        ),
        # A weekday before each day of an English range.
        (
            "Researchers met at Lancaster from Monday 11 to Wednesday 13 March.",
            "2024-03-15",
            "en",
            "2024-03-11",
            "2024-03-13",
        ),
        # The page's own details (views, issue, week ending) are not the event's date.
        (
            "2023-11-27　|　宁诺新闻　|　阅读 1,204\n11月24日至25日，论坛在宁波举行。",
            "2023-11-27",
            "zh",
            "2023-11-24",
            "2023-11-25",
        ),
        (
            "Issue 7 | Week ending 23 February 2024\nThe MoU was signed on Monday 19 February.",
            "2024-02-23",
            "en",
            "2024-02-19",
            None,
        ),
        # A header's own date (the day published), between bars, after a bracketed source
        # or a bare 日期, or with a clock time; an info block's 日期 days before is the event's.
        (
            "USC News | April 22, 2024\nLast Friday, the two signed an MoU.",
            "2024-04-22",
            "en",
            "2024-04-19",
            None,
        ),
        (
            "【澳大新聞】2024-03-11\n代表團上週五訪問澳門大學。",
            "2024-03-11",
            "zh",
            "2024-03-08",
            None,
        ),
        (
            "2024/05/07 05:30　聯合新聞網\n論壇昨（6）日舉行。",
            "2024-05-07",
            "zh",
            "2024-05-06",
            None,
        ),
        # A header line of fields set apart by wide spaces, a label among them.
        (
            "成大與日本東北大學舉辦研討會\n"
            "國立成功大學　新聞中心　　2024-12-05　　發布單位：國際事務處\n"
            "研討會12月2日至3日在成大舉行。",
            "2024-12-05",
            "zh",
            "2024-12-02",
            "2024-12-03",
        ),
        (
            "日期：2024/10/22（星期二）\n地点：第一会议室\n工作坊举行。",
            "2024-10-25",
            "zh",
            "2024-10-22",
            None,
        ),
        # A news agency's dateline; 本月5日; 3.26下午; the first day of 5—7日.
        (
            "新华社杭州11月8日电 论坛5—7日在浙江大学举行。",
            "2023-11-08",
            "zh",
            "2023-11-05",
            "2023-11-07",
        ),
        ("本月5日，双方以视频连线方式签署协议。", "2024-06-12", "zh", "2024-06-05", None),
        ("3.26下午，国际文化节开幕。", "2024-03-27", "zh", "2024-03-26", None),
    ],
)
def test_days_written_the_ways_news_pages_write_them(
    text: str, published: str, lang: str, start: str, end: str | None
) -> None:
    days = resolve_event_days(text, published, lang)
    assert (days.start, days.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "published", "lang", "start", "end"),
    [
        # Two consecutive weekdays, or a span of them, with the week said after them.
        ("A delegation visited the university on Monday and Tuesday.", "2023-06-02", "en",
         "2023-05-29", "2023-05-30"),
        ("From Monday to Wednesday this week, researchers met in Delft.", "2024-11-14", "en",
         "2024-11-11", "2024-11-13"),
        ("The school hosted a workshop on Thursday and Friday last week.", "2023-05-12", "en",
         "2023-05-04", "2023-05-05"),
        ("Lectures were given on Monday and Wednesday.", "2023-06-02", "en",
         "2023-05-29", None),
        ("代表团于本周一至周三访问我校。", "2024-03-13", "zh", "2024-03-11", "2024-03-13"),
        # A bracketed weekday between a range's days.
        ("本校於113年9月26日（四）至27日（五）舉辦論壇。", "2024-09-30", "zh",
         "2024-09-26", "2024-09-27"),
        # The end given by a later clause.
        ("4月23日起，图书馆举办新书展。展览持续至5月10日。", "2020-04-23", "zh",
         "2020-04-23", "2020-05-10"),
        ("营队昨天开幕，为期一周，至21日结束。", "2024-07-16", "zh", "2024-07-15", "2024-07-21"),
        ("Students arrived on 1 July. The school, which runs until 19 July, is in Seoul.",
         "2019-07-05", "en", "2019-07-01", "2019-07-19"),
        # A report of the close: the event began when the text says it opened, or spans the
        # range the text gives; a signing during a longer fair keeps its own day.
        ("7月6日，培训班结业典礼举行。培训班于6月26日开班。", "2023-07-07", "zh",
         "2023-06-26", "2023-07-06"),
        ("Forty students completed the course today. The course began on January 8.",
         "2024-02-02", "en", "2024-01-08", "2024-02-02"),
        ("Students completed the programme on Tuesday. It was held from 16 to 28 May.",
         "2024-05-31", "en", "2024-05-16", "2024-05-28"),
        ("The memorandum was signed on 25 October during the expo, held from 24 to 27 October.",
         "2023-10-27", "en", "2023-10-25", None),
        ("Leaders met on Tuesday for the forum. The forum closed on Wednesday.", "2023-05-26",
         "en", "2023-05-23", "2023-05-24"),
        # An agency's dateline without the agency's name; a site's name beside the date.
        ("JINHUA, Nov. 26 -- Scholars met in Jinhua on Saturday and Sunday.", "2023-11-27",
         "en", "2023-11-25", "2023-11-26"),
        ("中大新闻　　2024年7月20日\n学生于7月8日至19日参加课程。", "2024-07-20", "zh",
         "2024-07-08", "2024-07-19"),
        # ...below the site's name and the title said again; the day a reporter learnt of it.
        ("論壇在新竹舉行\n國立清華大學　新聞中心\n論壇在新竹舉行\n"
         "2024-08-23　發佈單位：全球事務處\n論壇8月19日至21日在本校舉行。",
         "2024-08-23", "zh", "2024-08-19", "2024-08-21"),
        ("新闻网讯（记者）26日，记者从中国海洋大学获悉，论坛于24日至25日在青岛举行。",
         "2024-09-27", "zh", "2024-09-24", "2024-09-25"),
        # A vaguely dated lead: a date named only after it is another event's.
        ("我校与博洛尼亚大学签署协议\n近日，我校与博洛尼亚大学签署交流协议。\n2023年10月18日，我校代表团访问该校。",
         "2024-01-10", "zh", None, None),
        ("Xiamen students begin course\n"
         "Students from Xiamen arrived earlier this week for a course.\n"
         "On Friday 23 August they will present projects.", "2024-08-15", "en", None, None),
        ("学生前日启程赴云南参加暑期学校。", "2024-07-12", "zh", "2024-07-10", None),
        # A weekday before a date is that date's, not the latest such weekday.
        ("Minutes\nDate: Tuesday, February 20, 2024, 5:00 p.m.", "2024-02-27", "en",
         "2024-02-20", None),
    ],
)  # fmt: skip
def test_the_span_of_an_event_told_in_other_words(
    text: str, published: str, lang: str, start: str | None, end: str | None
) -> None:
    days = resolve_event_days(text, published, lang)
    assert (days.start, days.end) == (start, end)
