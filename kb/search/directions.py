"""Which way a query asks a visit to have gone: "which partners did we visit" (out) or
"which universities came to see us" (in).

"We" is the knowledge base's home institution (`QueryVocabulary.home`); records carry the
way each reported visit went, per side (the `visit` tags of kb.enrich.visits). A query
asking one way ranks the visits that went that way first; it never hides the others, as
staff asking "did we visit Sheffield" also want Sheffield's visit to us, below.
"""

from __future__ import annotations

import re

from kb.core.text import one_of, to_simplified
from kb.enrich.visits import IN, OUT, WE_ZH, Direction

_VISITISH_EN = r"(?:delegations?|visits?|visitors?|guests?|groups?|students?|scholars?|teams?)"
_OUT_EN = re.compile(
    r"\b(?:did|have|has|had|do) we (?:\w+ )?(?:visit|go|travel|send|sent)\b"
    r"|\bwe (?:visited|went|travell?ed|sent|go to|visit)\b"
    r"|\bour (?:\w+ )?(?:delegations?|visits?|trips?|students?|staff|teachers?|lecturers?)"
    r" (?:to|abroad|went|visited|travell?ed)\b"
    r"|\boutbound\b|\bvisits? abroad\b|\bwent abroad\b",
    re.IGNORECASE,
)
_IN_EN = re.compile(
    r"\b(?:came|come|coming|comes|visited|visit|visits|sent \w+(?: \w+)? to|delegations? to"
    r"|travell?ed to) (?:see )?us\b|\bto see us\b|\binbound\b|\bincoming "
    + _VISITISH_EN
    + r"|\b(?:been|come|came|coming|travell?ed|visit(?:ed|s)?) (?:to )?our "
    r"(?:campus|university|school|college)\b",
    re.IGNORECASE,
)
#: "did we host a delegation", "delegations did we receive": hosting visitors, not events.
_HOSTED_EN = re.compile(
    r"\b(?:did|have|has) we (?:host|receive|welcome)|\bwe (?:hosted|received|welcomed)\b",
    re.IGNORECASE,
)
_VISITORS_EN = re.compile(rf"\b{_VISITISH_EN}\b", re.IGNORECASE)
_WE_ZH = one_of((*WE_ZH, "咱们"))
_OUT_ZH = re.compile(
    rf"出访|{_WE_ZH}(?:的)?(?:代表团|老师|教师|学生|师生|领导|人员)?(?:去|赴|访问|出访|前往|派)"
    r"|派(?:出)?(?:了)?(?:学生|教师|老师|代表团|人员|师生)?.{0,6}?(?:去|赴|出国|前往)"
)
_IN_ZH = re.compile(rf"(?:来|到|访问|到访|参访|莅临)(?:过|了)?{_WE_ZH}|来访|接待|来华访问|来校")

#: Words of a query that the way of a visit meets on its own: a record of a visit that
#: went the asked way is a visit, a coming or a delegation, whatever its words.
_MOTION_TEXT = """
    visit visits visited visiting came come comes coming see sent send went go travel
    travelled traveled trip trips host hosted receive received welcome welcomed delegation
    delegations visitor visitors
    来 去 派 赴 访问 来访 出访 到访 拜访 参访 接待 代表团 访 来过 去过
"""
MOTION_WORDS = frozenset(_MOTION_TEXT.split())


def asked_direction(query: str) -> Direction | None:
    """The way `query` asks visits to have gone, seen from "us"; None when it does not."""
    text = to_simplified(query)
    found: list[tuple[int, Direction]] = []
    ways: tuple[tuple[re.Pattern[str], Direction], ...] = (
        (_OUT_EN, OUT),
        (_OUT_ZH, OUT),
        (_IN_EN, IN),
        (_IN_ZH, IN),
    )
    for pattern, way in ways:
        match = pattern.search(text)
        if match:
            found.append((match.start(), way))
    hosted = _HOSTED_EN.search(text)
    if hosted and _VISITORS_EN.search(text):
        found.append((hosted.start(), IN))
    return min(found)[1] if found else None
