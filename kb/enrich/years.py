"""The years a report names without writing them out: "去年", "last year", "民國107年".

Staff ask "agreement signed 2018"; a report published in 2019 says the agreement was
"signed last year" (两校去年签署的协议), and a Taiwan university dates by the Minguo
calendar (依據兩校107年簽署之協議, 108學年度). Both name 2018 or 2019 as plainly as the
digits do, so the index adds those years to the searchable words (see
`kb.index.schema.record_document`).

- Relative years resolve against the publication year: 今年/本年度/this year, 去年/上年度/
  last year, 前年 (two years back), 明年/next year. Without a publication date there is
  nothing to resolve them against.
- A Minguo year is N + 1911. "民国N年" is always one, "N年M月" when N is between 60 and
  150; a bare "N年" or "N学年度" only on a page written in traditional characters (where
  the calendar is in use), with N in that span and not a duration or an anniversary
  ("60周年", "100年来", "建校60年").
"""

from __future__ import annotations

import re

from kb.core.text import is_cjk, one_of, to_simplified
from kb.enrich.dates import MINGUO_OFFSET

#: Offsets from the publication year of the words that name a year relative to it.
_RELATIVE_ZH = {
    "今年": 0,
    "本年度": 0,
    "去年": -1,
    "上年度": -1,
    "上一年度": -1,
    "前年": -2,
    "明年": 1,
    "下一年度": 1,
}
_RELATIVE_EN = {"this": 0, "last": -1, "next": 1, "coming": 1}
_RELATIVE = re.compile(
    f"(?P<zh>{one_of(_RELATIVE_ZH)})"
    r"|\b(?P<en>(?i:this|last|next|coming))\s+year\b(?!s)"
)
#: Words after "N年" that make it a length of time or an anniversary, not a date.
_NOT_A_DATE = "周年|来|间|历史|多|以上|之久|后|前|内|左右|校庆|华诞"
_MINGUO_SURE = re.compile(r"民国\s*(?P<y>\d{1,3})\s*年|(?<!\d)(?P<ym>\d{2,3})\s*年\s*\d{1,2}\s*月")
_MINGUO_BARE = re.compile(
    rf"(?<![\d第近约逾达])(?<!建校)(?<!创校)(?<!成立)(?P<y>\d{{2,3}})\s*(?:学年度|年度|年)(?!\s*(?:{_NOT_A_DATE}))"
)
#: The span of Minguo years a bare "N年" is read as (1971-2061): below, it is a duration.
_MINGUO_RANGE = range(60, 151)
#: Share of CJK characters that must change when folded for a page to count as traditional.
_TRADITIONAL_SHARE = 0.03


def named_years(text: str, published: str | None) -> set[str]:
    """Four-digit years the text names in words or in the Minguo calendar (not the years it
    writes in digits: those are words of the text already)."""
    simplified = to_simplified(text)
    years: set[int] = set()
    base = year_of(published)
    if base is not None:
        for match in _RELATIVE.finditer(simplified):
            if match["zh"]:
                years.add(base + _RELATIVE_ZH[match["zh"]])
            else:
                years.add(base + _RELATIVE_EN[match["en"].lower()])
    for match in _MINGUO_SURE.finditer(simplified):
        if match["y"] or int(match["ym"]) in _MINGUO_RANGE:
            years.add(int(match["y"] or match["ym"]) + MINGUO_OFFSET)
    if _is_traditional(text, simplified):
        for match in _MINGUO_BARE.finditer(simplified):
            if int(match["y"]) in _MINGUO_RANGE:
                years.add(int(match["y"]) + MINGUO_OFFSET)
    return {str(year) for year in years if 1000 <= year <= 9999}


def year_of(published: str | None) -> int | None:
    """The year of a publication date (YYYY-MM-DD), when it has one."""
    if published and published[:4].isdigit():
        return int(published[:4])
    return None


def _is_traditional(text: str, simplified: str) -> bool:
    """Whether the page is written in traditional characters (a quoted name or two is not)."""
    changed = sum(a != b for a, b in zip(text, simplified, strict=False))
    cjk = sum(map(is_cjk, simplified))
    return cjk > 0 and changed / cjk >= _TRADITIONAL_SHARE
