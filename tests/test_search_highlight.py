"""Snippet highlighting marks exactly what full analysis finds, whatever it skips."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kb.index.analysis import analyze, segmenter_for, vocabulary_words
from kb.search.highlight import Highlighter

SEGMENTER = segmenter_for(vocabulary_words(["北京工商大学", "谢菲尔德大学"]))
#: Words a query may hold; each is also a piece of the generated texts.
WORDS = [
    "北京工商大学",
    "北京",
    "留学生",
    "留学",
    "线上交流",
    "合作协议",
    "谢菲尔德大学",
    "国际合作",
    " cooperation ",
    " agreements ",
    " Beijing ",
    " students ",
    " international ",
    " U.S. ",
]
#: Text around them: words sharing a term's first letters, a dotted form the analyzer
#: keeps whole ("u.students"), and a capital that lowers to two characters (İ).
FILLERS = ["，", "。", "\n", " Internet ", " interests ", "İstanbul ", " U.Students", "US"]
PIECES = WORDS + FILLERS


def marked(highlighter: Highlighter, text: str) -> list[tuple[int, int]]:
    return highlighter.marks(text)


def everything_marked(terms: frozenset[str], text: str) -> list[tuple[int, int]]:
    """The spans full analysis gives (every run segmented), merged like the highlighter's."""
    spans = sorted(
        (t.start, t.end) for t in analyze(text, SEGMENTER, index=True) if t.text in terms
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join),
    st.sets(st.sampled_from(WORDS), min_size=1, max_size=3),
)
def test_marks_equal_full_analysis(text: str, words: set[str]) -> None:
    terms = frozenset(t.text for w in words for t in analyze(w, SEGMENTER))
    highlighter = Highlighter(terms, SEGMENTER)
    assert marked(highlighter, text) == everything_marked(terms, text)


def test_a_part_of_a_long_word_is_marked_inside_it() -> None:
    highlighter = Highlighter({"北京"}, SEGMENTER)
    assert marked(highlighter, "北京工商大学代表团") == [(0, 2)]
    assert marked(highlighter, "南京大学代表团") == []


def test_a_word_sharing_a_terms_first_letters_does_not_choose_the_passage() -> None:
    """ "interest" and "Internet" begin like "international" but are other words."""
    text = "Interests of the Internet era. " * 30 + "An international agreement was signed."
    highlighter = Highlighter({t.text for t in analyze("international", SEGMENTER)}, SEGMENTER)
    assert highlighter.marks(text) == [(text.index("international"), text.index(" agreement"))]
    assert "<mark>international</mark> agreement was signed" in highlighter.snippet([text])


def test_a_word_on_every_line_is_marked_where_the_text_starts_using_it() -> None:
    """Only the first probe hits are weighed: a text naming a word hundreds of times is
    not scanned to its end, and the snippet still marks it."""
    text = "Opening remarks.\n" + "Students met students of the partner. " * 400
    highlighter = Highlighter({t.text for t in analyze("students", SEGMENTER)}, SEGMENTER)
    snippet = highlighter.snippet([text])
    assert snippet.count("<mark>Students</mark>") + snippet.count("<mark>students</mark>") >= 4
    assert len(snippet) < 600
