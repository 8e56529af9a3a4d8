"""People's names across languages: the Chinese report writes 副校长王立新, the English one
"Vice President Wang Lixin", and staff find both whichever they type.

The names are recognised next to a title (kb.index.names); the expectations below are
written from the Chinese as a reader would romanise it.
"""

from __future__ import annotations

import pytest
from conftest import a_record, index_of, lexicon_of

from kb.index.analysis import Segmenter, analyze
from kb.index.names import names_in
from kb.search.engine import SearchEngine
from kb.search.model import SearchRequest

ALIASES = {"Seoul National University": "snu", "首尔大学": "snu"}

RECORDS = [
    a_record(
        "zh-wang",
        "我校代表团访问首尔大学",
        "日前，副校长王立新率团访问首尔大学，双方就学生交流进行了会谈。",
        source="culr-zh",
        published="2023-06-01",
        lang="zh",
        partners=("snu",),
    ),
    a_record(
        "en-zhao",
        "Seoul National University Delegation Visits CULR",
        "Vice President Zhao Qiming met the delegation and signed the agreement.",
        source="culr-en",
        published="2023-06-01",
        lang="en",
        partners=("snu",),
    ),
    a_record(
        "zh-other",
        "首尔大学学者来我校讲学",
        "首尔大学教授金正浩为我校师生作学术报告，李明老师主持。",
        source="culr-zh",
        published="2023-06-01",
        lang="zh",
        partners=("snu",),
    ),
    a_record(
        "en-other",
        "Seoul National University scholar lectures at CULR",
        "Professor Kim Jungho gave a lecture on labour law.",
        source="culr-en",
        published="2023-06-01",
        lang="en",
        partners=("snu",),
    ),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    index_dir = index_of(tmp_path_factory.mktemp("names"), ALIASES, RECORDS)
    return SearchEngine(str(index_dir), lexicon_of(ALIASES))


def ids(engine: SearchEngine, q: str) -> list[str]:
    return [hit.id for hit in engine.search(SearchRequest(q=q, per_page=20)).hits]


def words(text: str) -> list[str]:
    return [tok.text for tok in analyze(text, Segmenter(()))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("副校长王立新率团访问", [("wang", "lixin")]),  # title first, name cut 王|立新
        ("赵启明副校长出席", [("zhao", "qiming")]),  # title after, name one word
        ("李明老师主持", [("li", "ming")]),
        ("欧阳明华教授作报告", [("ouyang", "minghua")]),  # two-character surname
        ("副校长曾国华致辞", [("zeng", "guohua")]),  # 曾 read as a surname: zeng, not ceng
        ("教授高度评价双方合作", []),  # 高度 starts like a surname, but is a word
        ("她曾任该校副校长", []),  # 曾任: "once served as"
        ("双方签署合作协议", []),  # no title, no name
    ],
)
def test_names_next_to_a_title(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(n.surname, n.given) for n in names_in(words(text))] == expected


def test_an_english_query_finds_the_chinese_report_of_the_person(engine: SearchEngine) -> None:
    assert ids(engine, "Wang Lixin") == ["zh-wang"]
    assert ids(engine, "Lixin Wang") == ["zh-wang"]  # given name first, as abroad


def test_a_chinese_query_finds_the_english_report_of_the_person(engine: SearchEngine) -> None:
    # Each other report with a vice president follows, as a partial match (relaxed).
    assert ids(engine, "赵启明副校长") == ["en-zhao", "zh-wang"]
    assert ids(engine, "王立新副校长") == ["zh-wang", "en-zhao"]
    assert ids(engine, "赵启明") == ["en-zhao"]


def test_a_name_alone_is_not_taken_for_another_person(engine: SearchEngine) -> None:
    assert ids(engine, "Li Ming") == ["zh-other"]
    assert "zh-other" not in ids(engine, "Wang Lixin")
