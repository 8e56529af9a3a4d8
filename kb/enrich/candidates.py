"""Institution-like names the gazetteer does not know yet, for curation.

Staff grow the partners file from what the news actually mentions: "University of X",
"X University", "Embassy of X", "X大学", "X学院", "X研究院" ... that match no known partner are
reported (the store counts them across records) so they can be added with one edit.
"""

from __future__ import annotations

import re

import rjieba

from kb.core.text import is_cjk, normalize
from kb.enrich.partners import FIRST_PERSON, matcher_for
from kb.lexicon import Gazetteer

_CAP = r"[A-Z][A-Za-zÀ-ÿ'.&-]*"
_LINK = r"(?:\s+(?:and|of|for|the|de|&)\b)*"
_NAME = rf"{_CAP}(?:{_LINK}\s+{_CAP})*"
_INSTITUTION = r"(?:University|College|Institute|Academy|Polytechnic|Conservatory)"
_EN_CANDIDATE = re.compile(
    rf"(?<![A-Za-zÀ-ÿ])(?:{_INSTITUTION}|Embassy|Consulate(?:[- ]General)?)\s+of\s+(?:the\s+)?"
    rf"{_NAME}|(?<![A-Za-zÀ-ÿ]){_NAME}\s+{_INSTITUTION}(?![A-Za-zÀ-ÿ])(?:\s+of\s+{_NAME})?"
)
#: Capitalised words that start sentences or titles rather than names.
# fmt: off
_EN_LEADING = frozenset((
    "The", "A", "An", "On", "In", "At", "From", "With", "Yesterday", "Today", "Last", "This",
    "That", "Both", "Our", "Their", "Its", "His", "Her", "Professor", "Prof", "Dr", "Mr", "Ms",
    "Mrs", "President", "Dean", "Director", "Vice", "Chancellor", "Students", "Staff", "Scholars",
    "Researchers", "Delegation", "Delegates", "Visiting", "Former", "And", "Of",
))
# fmt: on
#: Endings of Chinese institution names; a name has at most _ZH_WINDOW characters before one.
_ZH_SUFFIXES = ("大学", "学院", "研究院", "研究所", "大使馆", "总领事馆", "领事馆")
_ZH_SUFFIX = re.compile("|".join(sorted(_ZH_SUFFIXES, key=len, reverse=True)))
_ZH_WINDOW = 14
#: Words that cannot be part of a name: they end the name on its left.
# fmt: off
_ZH_STOPS = frozenset((
    "与", "和", "同", "及", "或", "在", "赴", "到", "从", "由", "对", "向", "为", "是", "的", "了",
    "于", "以", "将", "把", "被", "等", "就", "跟", "并", "也", "又", "还", "其", "该", "各", "本",
    "我", "贵", "这", "那", "此", "每", "两", "多", "所", "来自", "访问", "参加", "出席", "举行",
    "举办", "签署", "签订", "合作", "代表", "一行", "会见", "联合", "主办", "承办", "参观", "前往",
    "走访", "率团", "邀请", "包括", "来到", "分别", "来访", "共同", "两校", "该校", "我校", "本校",
    "我院", "近日", "日前", "此前", "以及", "通过", "根据", "关于", "加强", "开展", "推动", "成为",
    "设立", "位于", "毕业", "就读", "学习", "访学",
))
# fmt: on
#: Generic prefixes that leave a word, not a name ("该大学", "各学院").
_ZH_GENERIC = ("该", "本", "我", "各", "两", "其", "此", "贵", "这", "那", "每", "全")


def find_candidates(text: str, gazetteer: Gazetteer) -> list[str]:
    """Distinct institution-like names in `text` that no partner of `gazetteer` covers."""
    matcher = matcher_for(gazetteer)
    hits = matcher.hits(text)
    partner_spans = [(h.start, h.end) for h in hits if h.value is not None]
    ends = {h.end for h in hits}
    normal = normalize(text)
    found: dict[str, None] = {}
    for start, end, name in sorted((*_english(normal), *_chinese(normal))):
        if (
            name.lower() in matcher.known_forms
            or start in ends
            or _overlaps(start, end, partner_spans)
        ):
            continue
        if _after_first_person(normal, start):
            continue
        found.setdefault(name)
    return list(found)


def _english(text: str) -> list[tuple[int, int, str]]:
    out = []
    for match in _EN_CANDIDATE.finditer(text):
        start, name = match.start(), match.group()
        words = name.split(" ")
        while len(words) > 1 and words[0] in _EN_LEADING:
            start += len(words[0]) + 1
            words = words[1:]
        name = " ".join(words).rstrip(".'")
        if len(words) > 1:
            out.append((start, start + len(name), name))
    return out


def _chinese(text: str) -> list[tuple[int, int, str]]:
    out = []
    for match in _ZH_SUFFIX.finditer(text):
        end = match.end()
        left = match.start()
        while left > 0 and match.start() - left < _ZH_WINDOW and _name_char(text[left - 1]):
            left -= 1
        tokens = rjieba.cut(text[left:end])
        kept: list[str] = []
        for token in reversed(tokens):
            if token in _ZH_STOPS:
                break
            kept.insert(0, token)
        name = "".join(kept)
        if len(name) - len(match.group()) >= 2 and not name.startswith(_ZH_GENERIC):
            out.append((end - len(name), end, name))
    return out


def _name_char(char: str) -> bool:
    return is_cjk(char) or char in "()（）·-"


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _after_first_person(text: str, start: int) -> bool:
    """A unit right after "我校"/"our" is one of ours, not a new institution."""
    before = " " + text[max(0, start - 16) : start].rstrip().lower()
    return before.endswith((*FIRST_PERSON, " our"))
