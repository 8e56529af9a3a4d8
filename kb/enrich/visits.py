"""Which way a visit went: did others come to the publisher, or did the publisher go out?

Staff ask "which partners did we visit in 2023" and "which universities came to see us":
the same words (visit, 访问, delegation) report both, and only who went where tells them
apart. News titles and leads say it in a few fixed ways: the publisher is "we" (我校, 本校,
"our university", or its own name) and stands before a verb of going when it went out
(我校代表团赴…, "CULR Delegation Visits BTBU") and after one when others came (访问我校,
来我校, "visits CULR"); some verbs carry the way themselves (来访, 莅临, 出访, 赴).

The title says it when it can; otherwise the lead. A record that says neither (an online
meeting, a signing without a trip, a conference) has no direction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from kb.core.text import normalize, one_of
from kb.enrich.context import FIRST_PERSON_ZH

Direction = Literal["in", "out"]
IN: Direction = "in"
OUT: Direction = "out"

#: How much of the body's start is its lead.
LEAD_CHARS = 200
#: What the publisher's names are written as before the rules read a text.
_OURS_ZH = "我校"
_OURS_EN = "our university"

#: "We" in a Chinese report: the institution's own words, and the office's or the people's.
WE_ZH = (*FIRST_PERSON_ZH, "我们", "我处", "校方")
_WE_ZH = one_of(WE_ZH)
_COMING_ZH = re.compile(
    rf"(?:来|到|抵|莅|访问|参访|到访|走访|拜访|造访|考察|赴|前来|来到)(?:了)?{_WE_ZH}"
    r"|来访(?!的)|莅临|莅校|抵校|来华访问|来台(?:交流|访问)"
    r"|来校(?:访问|交流|考察|参观|讲学|讲座|座谈|指导|调研|洽谈|会谈)"
)
_GOING_ZH = re.compile(
    rf"{_WE_ZH}[^，。；：,;:\n]{{0,24}}?(?:赴|前往|出访|访问|参访|到访|走访|拜访|考察)"
    r"|出访|率团访问|率团赴"
)
_WE_EN = r"(?:our (?:university|campus|school|college|institute|office)|us)\b"
_COMING_EN = re.compile(
    rf"\b(?:visit(?:s|ed|ing)?|came to|comes? to|arrived? (?:at|in)|arrives (?:at|in)"
    rf"|tour(?:s|ed)?|welcomed to|travel(?:led|ed|s)? to|delegation to) (?:the )?{_WE_EN}"
    rf"|\b{_WE_EN}(?:'s)? (?:\w+ ){{0,2}}?(?:welcome[sd]?|receive[sd]?|host(?:s|ed)?) "
    r"(?:a |an |the )?(?:\w+ ){0,3}?(?:delegation|visitors?|group|guests?|team)\b",
    re.IGNORECASE,
)
_GOING_EN = re.compile(
    rf"\b{_WE_EN}(?:'s)? (?:[\w-]+ ){{0,3}}?(?:delegation|team|leaders?|president|students?"
    r"|lecturers?|staff|researchers?|scholars?|officials?|representatives?)\b[^.;:\n]{0,30}?"
    r"\b(?:visit(?:s|ed)?|travel(?:led|ed|s)? to|went to|goes to|arrive[sd]? (?:at|in)"
    r"|begin\b[^.;:\n]{0,40}\bat|start\b[^.;:\n]{0,40}\bat)\b"
    rf"|\b(?:led|leads|leading|headed) (?:a|an|the) (?:[\w-]+ ){{0,3}}?delegation to\b"
    rf"(?! (?:the )?{_WE_EN})",
    re.IGNORECASE,
)


def visit_direction(
    title: str, lead: str, lang: str, publisher_names: Iterable[str]
) -> Direction | None:
    """The way a visit reported in `title` (or else in `lead`, the body's start) went,
    seen from the publisher (known by `publisher_names`): IN when others came to it, OUT
    when its people went out, None when the text tells no visit either way."""
    names = sorted((n for n in publisher_names if n), key=len, reverse=True)
    told = _direction(_as_ours(normalize(title), names), lang)
    if told is None:
        told = _direction(_as_ours(normalize(lead[:LEAD_CHARS]), names), lang, lead=True)
    return told


def visit_tag(direction: Direction, partner: str) -> str:
    """A visit seen from one side, as records are tagged and searched: "in:culr" (others
    came to CULR), "out:msu" (MSU's people went out)."""
    return f"{direction}:{partner}"


def visit_tags(direction: Direction | None, publisher: str, partners: Iterable[str]) -> list[str]:
    """The record's visit seen from each side: the publisher's way and the other way for
    each partner (`visit_tag`)."""
    if direction is None:
        return []
    other = OUT if direction == IN else IN
    return [
        visit_tag(direction, publisher),
        *(visit_tag(other, p) for p in partners if p != publisher),
    ]


def _as_ours(text: str, names: list[str]) -> str:
    """`text` with the publisher's names written as "we" (我校, "our university")."""
    for name in names:
        if name.isascii():
            text = re.sub(rf"\b{re.escape(name)}\b", _OURS_EN, text, flags=re.IGNORECASE)
        else:
            text = text.replace(normalize(name), _OURS_ZH)
    return text


def _direction(text: str, lang: str, *, lead: bool = False) -> Direction | None:
    """The way a visit is told in `text`; told both ways, the earlier, but in a `lead` none:
    a lead telling both is a summary of the year's visits, not a visit."""
    coming, going = (_COMING_ZH, _GOING_ZH) if lang == "zh" else (_COMING_EN, _GOING_EN)
    came, went = coming.search(text), going.search(text)
    if came and went:
        if lead:
            return None
        return IN if came.start() <= went.start() else OUT
    if came:
        return IN
    if went:
        return OUT
    return None
