"""The default taxonomy, the transparent classifier and the user's topics file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.enrich import TopicClassifier
from kb.lexicon import LexiconError, Taxonomy

DESIGN_TOPICS = [
    "foreign_students",
    "student_exchange",
    "faculty_exchange",
    "joint_program",
    "agreement_signing",
    "delegation_visit",
    "online_meeting",
    "conference",
    "research",
    "hmt_affairs",
    "planning",
]


@pytest.fixture(scope="module")
def classifier() -> TopicClassifier:
    return TopicClassifier(Taxonomy.load())


def test_default_taxonomy_has_the_design_topics_in_both_languages() -> None:
    taxonomy = Taxonomy.load()
    assert list(taxonomy.topics) == DESIGN_TOPICS
    for topic in taxonomy.topics.values():
        assert topic.label_en and topic.label_zh
        assert topic.keywords["zh"] and topic.keywords["en"]
        assert topic.threshold > 0


@pytest.mark.parametrize(
    ("title", "body", "lang"),
    [
        ("我校男篮取得两连胜", "10月23日，我校男子篮球队以78比70战胜对手，进入八强。", "zh"),
        ("图书馆国庆节开放时间通知", "图书馆10月1日至7日闭馆，电子资源正常访问。", "zh"),
        ("Campus Mini-Marathon", "More than 800 students ran 5 km around the sports ground.", "en"),
        ("Library Notice", "The library will be closed on Monday. Books can be renewed.", "en"),
    ],
)
def test_noise_gets_no_topic(classifier: TopicClassifier, title: str, body: str, lang: str) -> None:
    assert classifier.classify(title, body, lang) == []


def test_office_names_and_bylines_do_not_trigger_topics(classifier: TopicClassifier) -> None:
    zh = "党支部开展专题学习。\n（国际交流与合作处 港澳台事务办公室）"
    assert classifier.classify("党史学习", zh, "zh") == []
    en = "Staff planted trees.\n(International Exchange and Cooperation Office (Hong Kong, "
    en += "Macao and Taiwan Branch))"
    assert classifier.classify("Tree Planting", en, "en") == []
    assert classifier.classify("港澳台学生座谈会", "来自香港和澳门的新生", "zh") == ["hmt_affairs"]


def test_longest_keyword_counts(classifier: TopicClassifier) -> None:
    body = "The two universities held a video conference on exchange students."
    assert classifier.classify("Talks", body, "en") == ["student_exchange", "online_meeting"]


def test_multi_label_and_explanation(classifier: TopicClassifier) -> None:
    title = "我校与柏林自由大学签署合作备忘录"
    body = "双方将联合培养硕士研究生，完成学业后可获得两校学位。"
    assert classifier.classify(title, body, "zh") == ["joint_program", "agreement_signing"]
    scores = {s.id: s for s in classifier.explain(title, body, "zh")}
    signing = scores["agreement_signing"]
    assert signing.assigned and signing.threshold == 2.0
    # "签署合作" (3: the verb before what was signed) in the title only: title_weight 1 x
    # weight 3; "备忘录" (1) likewise.
    assert dict(signing.hits) == {"签署合作": 3.0, "备忘录": 1.0}
    assert signing.score == 4.0


def test_body_mentions_are_capped(classifier: TopicClassifier) -> None:
    body = "Hong Kong. Hong Kong. Hong Kong. Hong Kong."
    scores = {s.id: s.score for s in classifier.explain("News", body, "en")}
    # The whole short body is the lead: two counted mentions x lead_weight 1.5 x weight 1.
    assert scores["hmt_affairs"] == 3.0


LEAD = "The two universities met on Monday to review their cooperation in labour studies.\n"


def test_lead_counts_more_than_passing_mentions_late_in_the_body(
    classifier: TopicClassifier,
) -> None:
    late = LEAD + "Both sides discussed the agenda.\nThey also mentioned a seminar.\n"
    scores = {s.id: s for s in classifier.explain("Talks", late, "en")}
    # One late mention of a weight-2 keyword: 2 x body_weight 0.5, below the threshold.
    assert dict(scores["conference"].hits) == {"seminar": 1.0}
    assert classifier.classify("Talks", late, "en") == []
    early = "They held a seminar on labour studies with many guests from abroad.\n" + LEAD
    assert dict(next(s for s in classifier.explain("Talks", early, "en")).hits) == {"seminar": 3.0}
    assert classifier.classify("Talks", early, "en") == ["conference"]


def test_relative_and_single_keyword_bars(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "relative_threshold = 0.5\ngeneric_weight = 1.5\nsingle_keyword_factor = 2\n",
    )
    classifier = TopicClassifier(Taxonomy.load(path))
    body = "CULR signed an MoU on a joint degree and a summer school with the delegation."
    scores = {s.id: s for s in classifier.explain("MoU signed", body, "en")}
    signing = scores["agreement_signing"]
    assert signing.assigned and signing.relative_bar == 0.5 * signing.score
    # A weight-2 keyword reaches 3.0 but not half of the strongest topic's score.
    assert scores["joint_program"].score == 3.0 and not scores["joint_program"].assigned
    assert scores["joint_program"].bar == signing.relative_bar
    # "online" (weight 1) alone, in title and lead: 2.5 reaches the threshold, not twice it.
    online = next(s for s in classifier.explain("Online talk", "An online talk.", "en"))
    assert online.single_keyword_bar == 4.0 and online.score == 2.5 and not online.assigned


def test_keywords_of_the_record_language(classifier: TopicClassifier) -> None:
    assert classifier.classify("", "留学生 international students", "en") == ["foreign_students"]
    explained = classifier.explain("", "留学生", "en")
    assert explained == []
    assert classifier.classify("", "留学生", "xx") == ["foreign_students"]


def test_cues_read_who_does_what_in_one_sentence(classifier: TopicClassifier) -> None:
    # No keyword says "student exchange" or "faculty exchange"; the actor does.
    students = "3月4日，我校12名学生赴日本东海大学参加为期两周的春季研修。"
    assert classifier.classify("春季研修启程", students, "zh") == ["student_exchange"]
    teachers = "3月4日，我校12名教师赴日本东海大学参加为期两周的春季研修。"
    assert classifier.classify("春季研修启程", teachers, "zh") == ["faculty_exchange"]
    scholar = "Professor Klein, a Fulbright scholar, is teaching a course at CULR this autumn."
    assert classifier.classify("A new course", scholar, "en") == ["faculty_exchange"]
    explained = {s.id: s for s in classifier.explain("A new course", scholar, "en")}
    assert dict(explained["faculty_exchange"].hits) == {"professor…teach": 3.0}
    # Who and what in different sentences are no cue.
    apart = "Our students met the visitors from Leeds. The visitors will go abroad in May."
    assert "student_exchange" not in classifier.classify("Visit", apart, "en")


def test_a_cue_word_inside_a_keyword_or_a_sentence_of_another_topic_does_not_count(
    classifier: TopicClassifier,
) -> None:
    # "留学生" is a foreign-students keyword: its "学生" is no student going abroad.
    foreign = "60名留学生赴天津参加中华文化体验活动。"
    assert classifier.classify("文化体验", foreign, "zh") == ["foreign_students"]
    # Students going abroad inside a "2+2" programme report the programme.
    program = "根据“2+2”项目，学生前两年在我校学习，后两年赴墨尔本大学学习。"
    assert classifier.classify("项目说明", program, "zh") == ["joint_program"]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "topics.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("title", "body", "lang", "expected"),
    [
        # Talks by video are an online meeting, not a visit.
        (
            "双方商谈双硕士项目",
            "我校与拉普拉塔大学通过视频连线举行会谈，商谈合作事宜。",
            "zh",
            ["joint_program", "online_meeting"],
        ),
        (
            "兩校視訊會談",
            "本校文學院與南京大學文學院以視訊方式舉行學術會談。",
            "zh",
            ["online_meeting"],
        ),
        # A delegation that met online as well as in person is both.
        (
            "代表团来访",
            "澳方代表团一行来我校访问，并与未能到场的教授通过视频连线举行会谈。",
            "zh",
            ["delegation_visit", "online_meeting"],
        ),
        (
            "Minutes of the working meeting",
            "Mode: all participants joined remotely. Items: the joint survey.",
            "en",
            ["online_meeting"],
        ),
    ],
)
def test_an_online_meeting_is_no_visit_without_travel(
    classifier: TopicClassifier, title: str, body: str, lang: str, expected: list[str]
) -> None:
    assert classifier.classify(title, body, lang) == expected


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        # Students abroad within a double degree are the programme's.
        (
            "双学位项目学生赴法学习",
            "我校与法国里昂中央理工学院合作举办的双学位项目第三批学生赴法交流学习。",
            ["joint_program"],
        ),
        # A joint PhD placement is an exchange of students.
        (
            "联合培养博士研究生赴德交流",
            "我校3名联合培养博士研究生赴马普学会开展为期一年的交流学习，学生交流成果丰硕。",
            ["student_exchange"],
        ),
    ],
)
def test_a_joint_programme_and_an_exchange_are_one_subject(
    classifier: TopicClassifier, title: str, body: str, expected: list[str]
) -> None:
    assert classifier.assigned(classifier.explain(title, body, "zh")) == expected


@pytest.mark.parametrize(
    ("title", "body", "lang", "topic"),
    [
        (
            "Glasgow College admits its tenth intake",
            "The joint school admits 450 students.",
            "en",
            "joint_program",
        ),
        ("利兹学院召开联席会议", "两校联合学院今年招收本科生300名。", "zh", "joint_program"),
        (
            "兩岸海洋科學暑期研習營舉行",
            "廈門大學20名學生來臺參加研習營。",
            "zh",
            "student_exchange",
        ),
        (
            "Students join a summer camp in Kyoto",
            "Twenty students joined the camp.",
            "en",
            "student_exchange",
        ),
        # A dual degree written with a hyphen, or told as degrees from both universities.
        ("Committee meets", "Fourteen students are on the dual-degree track.", "en",
         "joint_program"),
        ("First cohort graduates", "Its graduates receive degrees from both universities.", "en",
         "joint_program"),
    ],
)  # fmt: skip
def test_joint_schools_and_camps(
    classifier: TopicClassifier, title: str, body: str, lang: str, topic: str
) -> None:
    assert topic in classifier.classify(title, body, lang)


def test_the_header_of_meeting_notes_is_their_lead(classifier: TopicClassifier) -> None:
    header = (
        "Date: 12 January 2022 (Wednesday), 16:00-17:45 Beijing time (08:00-09:45 UK time)\n"
        "Platform: Zoom\n"
    )
    body = header + "Items:\n1. Admissions\n2. Teaching\nNext meeting: April 2022."
    assert classifier.classify("Minutes of the committee meeting", body, "en") == ["online_meeting"]
    # The same line as the third paragraph of a report is a passing mention.
    report = "The committee met on 12 January 2022 to discuss admissions for the year.\n" * 2
    assert classifier.classify("Committee meets", report + "Platform: Zoom\n", "en") == []


def test_user_file_replaces_or_adds_cues(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "[[topic]]\n"
        'id = "student_exchange"\n'
        '[[topic.cue]]\nweight = 2\nwho = ["alumni"]\nwhat = ["mentor*"]\n',
    )
    taxonomy = Taxonomy.load(path)
    (cue,) = taxonomy.topics["student_exchange"].cues
    assert (cue.who, cue.what, cue.weight) == (("alumni",), ("mentor*",), 2.0)
    assert (
        taxonomy.topics["faculty_exchange"].cues == Taxonomy.load().topics["faculty_exchange"].cues
    )
    classifier = TopicClassifier(taxonomy)
    assert classifier.classify("", "Alumni mentored first-year students.", "en") == [
        "student_exchange"
    ]
    assert classifier.classify("", "Ten students will spend a year abroad.", "en") == []


def test_user_file_overrides_extends_and_removes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'ignore = ["Sports News"]\n'
        "[[topic]]\n"
        'id = "conference"\nthreshold = 4\n'
        '[topic.keywords.en]\n"forum*" = 0\n"colloquium" = 2\n'
        "[[topic]]\n"
        'id = "alumni"\nlabel_en = "Alumni"\nlabel_zh = "校友"\n'
        '[topic.keywords.zh]\n"校友" = 2\n',
    )
    taxonomy = Taxonomy.load(path)
    conference = taxonomy.topics["conference"]
    assert conference.threshold == 4.0
    assert "forum*" not in conference.keywords["en"]
    assert conference.keywords["en"]["colloquium"] == 2
    assert conference.label_zh == "会议论坛"
    assert list(taxonomy.topics)[-1] == "alumni" and taxonomy.topics["alumni"].threshold == 2.0
    classifier = TopicClassifier(taxonomy)
    assert classifier.classify("", "海外校友会成立", "zh") == ["alumni"]
    assert classifier.classify("", "A forum and a symposium", "en") == []
    assert classifier.classify("", "A colloquium and a symposium", "en") == ["conference"]
    assert classifier.classify("Sports News", "Hong Kong", "en") == []


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[[topic]]\nlabel_en = 'X'\n", "topic[0].id"),
        ("[[topic]]\nid = 'new'\n", "topic[0].label_en"),
        ("[[topic]]\nid = 'research'\nthreshold = -1\n", "topic[0].threshold"),
        ("[[topic]]\nid = 'research'\nkeywords = 3\n", "topic[0].keywords"),
        ("[[topic]]\nid = 'research'\n[topic.keywords.en]\nx = 'high'\n", "topic[0].keywords.en.x"),
        ("[[topic]]\nid = 'research'\n[topic.keywords.en]\nx = -2\n", "topic[0].keywords.en.x"),
        ("[[topic]]\nid = 'research'\nlabel = 'R'\n", "topic[0].label"),
        ("[[topic]]\nid = 'a'\nlabel_en = 'A'\n[[topic]]\nid = 'a'\n", "topic[1].id"),
        ("threshold = 0\n", "threshold"),
        ("relative_threshold = 2\n", "relative_threshold"),
        ("body_weight = -1\n", "body_weight"),
        ("ignore = [1]\n", "ignore"),
        ("topics = []\n", "topics"),
        (
            "[[topic]]\nid = 'research'\n[[topic.cue]]\nwho = ['x']\nweight = 1\n",
            "topic[0].cue[0].what",
        ),
        (
            "[[topic]]\nid = 'research'\n[[topic.cue]]\nwho = ['x']\nwhat = ['y']\n",
            "topic[0].cue[0].weight",
        ),
        (
            "[[topic]]\nid = 'research'\n[[topic.cue]]\n"
            "who = ['x']\nwhat = ['y']\nweight = 1\nwhen = 1\n",
            "topic[0].cue[0].when",
        ),
    ],
)
def test_bad_user_file_names_file_and_key(tmp_path: Path, text: str, key: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(LexiconError) as error:
        Taxonomy.load(path)
    assert str(error.value).startswith(f"{path}: {key}: ")


def test_fingerprint_follows_file_contents(tmp_path: Path) -> None:
    bundled = Taxonomy.load().fingerprint
    path = write(tmp_path, "threshold = 3\n")
    first = Taxonomy.load(path).fingerprint
    assert first != bundled and Taxonomy.load(path).fingerprint == first
    write(tmp_path, "threshold = 2.5\n")
    assert Taxonomy.load(path).fingerprint not in (first, bundled)


#: A lead about a visit, long enough that what follows is read as the body.
_VISIT_LEAD = {
    "zh": "10月15日上午，代表团一行6人访问我校，副校长在行政楼会见了代表团。"
    "双方就学科建设、人才培养和科学研究等方面的情况进行了深入交流，气氛友好。\n",
    "en": "On 15 October a delegation of six visited the university and met the Vice President "
    "to discuss teaching and research.\n",
}


@pytest.mark.parametrize(
    ("body", "lang", "signed"),
    [
        # A signing that happened during the visit, reported in the body.
        ("会见后，双方续签了校际合作协议。", "zh", True),
        ("论坛期间，青岛大学与不来梅大学签署合作备忘录。", "zh", True),
        ("After the meeting the two sides signed an agreement.", "en", True),
        # An agreement signed before, named for what it governs now.
        ("根据两校2018年签署的协议，双方互派学生。", "zh", False),
        ("Students are exchanged under the agreement signed in 2018.", "en", False),
    ],
)
def test_a_signing_that_happened_in_the_body(
    classifier: TopicClassifier, body: str, lang: str, signed: bool
) -> None:
    title = "代表团来访" if lang == "zh" else "Delegation visits"
    topics = classifier.classify(title, _VISIT_LEAD[lang] + body, lang)
    assert ("agreement_signing" in topics) is signed


_LEAD_EN = (
    "A delegation of Hokkaido University visited the campus on Monday. The guests toured "
    "the library and the laboratories, met students of the winter school and talked with "
    "teachers about the courses they will offer next term.\n"
)
_LEAD_ZH = (
    "日前，北海道大学代表团一行来我校访问，参观了图书馆和实验室，与冬令营学生座谈，"
    "并与有关学院教师就下学期课程安排进行了交流，双方气氛友好，交流深入，收获颇丰。\n"
)


@pytest.mark.parametrize(
    ("body", "published", "signed"),
    [
        # An agreement of years ago, told after the news, is the cooperation's history.
        (_LEAD_EN + "The two universities signed an agreement in 2019.", "2024-07-01", False),
        (_LEAD_ZH + "两校于2017年签署合作协议。", "2024-07-01", False),
        # Signed this year, last year, or on a day: news.
        (_LEAD_EN + "The two universities signed an agreement in 2024.", "2024-07-01", True),
        (_LEAD_EN + "The two universities signed an agreement in 2023.", "2024-01-10", True),
        (_LEAD_ZH + "两校于2019年5月12日签署合作协议。", "2024-07-01", True),
    ],
)
def test_an_agreement_signed_years_before_is_history(
    classifier: TopicClassifier, body: str, published: str, signed: bool
) -> None:
    lang = "zh" if "两校" in body else "en"
    scores = classifier.explain("Visit", body, lang, published)
    assert ("agreement_signing" in classifier.assigned(scores)) == signed
