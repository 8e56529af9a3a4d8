"""The bilingual analyzer: one tokenisation for indexing, queries and highlighting."""

from __future__ import annotations

import pickle

from kb.index.analysis import (
    MixedAnalyzer,
    analyze,
    segmenter_for,
    vocabulary_fingerprint,
    vocabulary_words,
)

VOCABULARY = [
    "北京工商大学",
    "北工商",
    "BTBU",
    "谢菲尔德大学",
    "Beijing Technology and Business University",
]


def terms(text: str, *, index: bool = False) -> list[str]:
    segmenter = segmenter_for(vocabulary_words(VOCABULARY))
    return [t.text for t in analyze(text, segmenter, index=index)]


def test_latin_words_are_folded_stemmed_and_stop_words_dropped() -> None:
    assert terms("The Universities of ＢＴＢＵ’s cooperating Universität") == [
        "univers",
        "btbu",
        "cooper",
        "universitat",
    ]


def test_chinese_is_segmented_into_words() -> None:
    assert terms("开展线上交流") == ["开展", "线上", "交流"]


def test_partner_names_stay_whole_and_index_mode_adds_their_parts() -> None:
    # 谢菲尔德大学 is not one word for jieba; the vocabulary keeps it whole.
    assert terms("谢菲尔德大学代表团") == ["谢菲尔德大学", "代表团"]
    tokens = list(
        analyze("谢菲尔德大学代表团", segmenter_for(vocabulary_words(VOCABULARY)), index=True)
    )
    assert [(t.text, t.pos) for t in tokens] == [
        ("谢菲尔德大学", 0),
        ("菲尔", 0),
        ("尔德", 0),
        ("菲尔德", 0),
        ("谢菲尔德", 0),
        ("大学", 0),
        ("代表团", 1),
        ("代表", 1),
    ]


def test_long_words_index_their_parts_so_shorter_searches_find_them() -> None:
    # 留学生 (international students) is one jieba word; staff also search 留学.
    assert terms("来华留学生", index=False) == ["来华", "留学生"]
    tokens = list(analyze("来华留学生", segmenter_for(()), index=True))
    assert [(t.text, t.pos) for t in tokens] == [
        ("来华", 0),
        ("留学生", 1),
        ("留学", 1),
        ("学生", 1),
    ]
    assert [(t.start, t.end) for t in tokens[2:]] == [(2, 4), (3, 5)]


def test_positions_count_tokens_and_offsets_point_into_the_text() -> None:
    text = "我校与BTBU在2021年开展online communication"
    tokens = list(analyze(text, segmenter_for(())))
    assert [t.pos for t in tokens] == list(range(len(tokens)))
    for token in tokens:
        assert text[token.start : token.end].lower().startswith(token.text[:2])
    assert [t.text for t in tokens] == ["我校", "btbu", "2021", "年", "开展", "onlin", "communic"]


def test_only_cjk_forms_shape_the_vocabulary() -> None:
    assert vocabulary_words(["BTBU", " 北工商 ", "Sheffield"]) == ("北工商",)
    english_partner_added = vocabulary_words([*VOCABULARY, "University of Leeds"])
    assert vocabulary_fingerprint(english_partner_added) == vocabulary_fingerprint(
        vocabulary_words(VOCABULARY)
    )


def test_analyzer_pickles_with_its_vocabulary() -> None:
    analyzer = pickle.loads(pickle.dumps(MixedAnalyzer(VOCABULARY)))
    assert [t.text for t in analyzer("谢菲尔德大学", mode="query")] == ["谢菲尔德大学"]
    assert analyzer == MixedAnalyzer(VOCABULARY)
    assert analyzer != MixedAnalyzer(())
