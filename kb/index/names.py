"""People's names across languages: 王立新副校长 on a Chinese page is "Wang Lixin" on the
English one, and staff search either way.

A Chinese personal name is recognised where pages always give one: next to a title
(副校长王立新, 韩松院长, 赵启明教授). It is a surname from the common list, then one or two
characters, which segmentation either keeps as one word (赵启明) or cuts after the surname
(王|立新). Its Hanyu Pinyin is what English pages print: the surname, then the given name
as one word ("Wang Lixin", or "Lixin Wang" abroad), so those are the two words it is
indexed and searched as. A word is a name only when the segmenter reads it as one (it
tags 赵启明 and 李明 as names, 高度 and 常务 as words); a lone surname is followed by a given
name that is no place, pronoun or function word (曾|美国: "once", not Zeng). A query may
also be a name alone ("赵启明").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

import rjieba
from pypinyin import Style, lazy_pinyin

from kb.core.text import one_of

#: Titles a name stands next to, as the segmenter gives them (a word ending in one counts:
#: 党委书记, 常务副校长, 系主任).
TITLES = (
    "校长", "书记", "院长", "处长", "主任", "部长", "教授", "讲师", "研究员", "博士",
    "先生", "女士", "老师", "主席", "会长", "理事长", "秘书长", "大使", "公使", "参赞",
    "领事", "司长", "厅长", "局长", "董事长", "总经理", "总裁", "院士", "教务长", "所长",
    "馆长", "市长", "省长", "校董", "博士后", "副总裁",
)  # fmt: skip

_A_TITLE = re.compile(one_of(TITLES))


def names_a_title(text: str) -> bool:
    """Whether `text` holds a title, so may hold a name: one search instead of reading
    every word of the runs that hold none (most of them)."""
    return _A_TITLE.search(text) is not None


#: The common Chinese surnames, less those more often a word of their own at the start of
#: a phrase (和, 明, 时, 向, 应 …).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章"
    "鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂苗谷盛曲翁冉"
    "骆蓝游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆卓古吉缪简车项芦麦褚娄窦"
    "戚岑景宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬卞姬仇栾隋刁沙荣巫寇桑郎甄"
    "丛仲虞敖巩佘池查麻苑迟邝"
)
#: Two-character surnames.
COMPOUND_SURNAMES = frozenset(("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙"))
#: Surnames read otherwise than the character's commonest reading.
_SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "查": "zha", "翟": "zhai",
    "覃": "qin", "缪": "miao", "区": "ou", "朴": "piao", "盖": "ge", "乐": "yue", "尉迟": "yuchi",
}  # fmt: skip


#: Parts of speech of a word after a lone surname that make it no given name (曾|美国,
#: 曾|我校: 曾 there means "once"): places, pronouns, function words, numbers. Verbs stay:
#: given names are often read as one (王|立新, 李|建新).
_NOT_GIVEN_NAMES = frozenset(("ns", "r", "p", "c", "u", "m", "q", "f", "t", "nt"))


class Name(NamedTuple):
    """A personal name found in a run of words: where it starts, how many words it takes,
    and its surname and given name in pinyin."""

    start: int
    size: int
    surname: str
    given: str


def names_in(words: Sequence[str], *, edges: bool = False) -> list[Name]:
    """The personal names next to a title in a run of Chinese words, in order; with
    `edges`, also one that starts or ends the run (a query: "赵启明", "王立新 visits")."""
    found: dict[int, Name] = {}
    titled = [at for at, word in enumerate(words) if word.endswith(TITLES)]
    for at in [-1, *titled, len(words)] if edges else titled:
        for name in (_name_ending(words, at), _name_starting(words, at + 1)):
            if name is not None:
                found.setdefault(name.start, name)
    return [found[start] for start in sorted(found)]


def _name_starting(words: Sequence[str], at: int) -> Name | None:
    """The name that starts at words[at]: a whole word, or a surname and the next word."""
    if not 0 <= at < len(words):
        return None
    whole = _whole(words[at])
    if whole is not None:
        return Name(at, 1, *whole)
    if at + 1 < len(words):
        return _split(words[at], words[at + 1], at)
    return None


def _name_ending(words: Sequence[str], at: int) -> Name | None:
    """The name that ends just before words[at]."""
    if at >= 1 and (whole := _whole(words[at - 1])) is not None:
        return Name(at - 1, 1, *whole)
    if at >= 2:
        return _split(words[at - 2], words[at - 1], at - 2)
    return None


def _split(first: str, second: str, at: int) -> Name | None:
    """A name the segmenter cut in two: a surname left alone and the given name after it
    (王|立新), or a two-character surname with the given name's first character and its
    last (欧阳明|华)."""
    surname = _surname(first)
    joined = first + second
    if not surname or len(joined) > len(surname) + 2 or second.endswith(TITLES):
        return None
    if _tag(second) in _NOT_GIVEN_NAMES if first == surname else _tag(first) != "nr":
        return None
    return Name(at, 2, *_romanised(surname, joined[len(surname) :]))


@lru_cache(maxsize=20_000)
def _whole(word: str) -> tuple[str, str] | None:
    """A word that is a whole name (赵启明, 李明), as its surname and given name."""
    surname = _surname(word)
    if not surname or not 2 <= len(word) <= len(surname) + 2 or word.endswith(TITLES):
        return None
    if _tag(word) != "nr":
        return None
    return _romanised(surname, word[len(surname) :])


def _surname(word: str) -> str:
    if word[:2] in COMPOUND_SURNAMES:
        return word[:2]
    return word[:1] if word[:1] in SURNAMES else ""


@lru_cache(maxsize=20_000)
def _tag(word: str) -> str:
    """The part of speech the segmenter gives `word` read alone ("nr": a personal name),
    or "" when it reads it as several words."""
    tags = rjieba.tag(word)
    return tags[0][1] if len(tags) == 1 else ""


def _romanised(surname: str, given: str) -> tuple[str, str]:
    family = _SURNAME_READINGS.get(surname) or "".join(lazy_pinyin(surname, style=Style.NORMAL))
    return family, "".join(lazy_pinyin(given, style=Style.NORMAL))
