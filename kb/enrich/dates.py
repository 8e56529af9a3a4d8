"""The date of the reported event, read from the text and resolved against publication.

News says "7月18日下午", "on the afternoon of July 18th", "8日至10日" or "last Friday"; the
record needs an ISO date. The event date is the first date the text names (the first day of a
range), with the missing year, month or week taken from the publication date: whichever
candidate lies nearest to it, preferring the past (news mostly reports what happened) by
counting days into the future double. "12月31日" published 2020-01-03 is 2019-12-31.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from kb.core.text import normalize, one_of
from kb.enrich.sections import SENTENCE_END, sentence_around

_CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_CN_DIGIT |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_WEEKDAY_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
#: English weekday and month names, Monday and January first, as the text spells them out.
WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS_EN = ("january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december")  # fmt: skip
_MONTH_EN = {
    **{name: number for number, name in enumerate(MONTHS_EN, start=1)},
    **{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sept": 9, "sep": 9},
    **{"oct": 10, "nov": 11, "dec": 12},
}
_RELATIVE = {
    "今天": 0,
    "今日": 0,
    "昨天": -1,
    "昨日": -1,
    "前天": -2,
    "前日": -2,
    "明天": 1,
    "明日": 1,
    "后天": 2,
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "yesterday": -1,
    "tomorrow": 1,
}
#: Labels of page metadata: a date right after one is the publication date, not the event's.
_META_LABELS = (
    "发布时间",
    "发布日期",
    "发表时间",
    "更新时间",
    "发布于",
    "published",
    "posted",
    "updated",
    "release date",
)

_CN_NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_CN_YEAR = r"(?:\d{4}|[〇零一二三四五六七八九]{4})"
_MONTH = one_of(_MONTH_EN).title()
_ORD = r"(?:st|nd|rd|th)?"
_TO = r"(?:-|to|and|until|through|till)"


_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"


def _range(name: str) -> str:
    """ "to 6", "-6th", "to Wednesday 13": the last day of a range inside an English date,
    as group `name`."""
    return rf"(?:\s*{_TO}\s*(?:the\s+)?(?:{_WEEKDAY},?\s+)?(?P<{name}>\d{{1,2}}){_ORD}(?!\d))?"


_EN_YEAR = r"(?:,?\s+(?P<{}>\d{{4}})(?!\d))?"

#: Taiwan's Minguo years: 民国113年 (traditional 民國 is folded before matching) is 2024.
MINGUO_OFFSET = 1911

_ZH_PATTERNS = (
    rf"(?P<zy>{_CN_YEAR})\s*年\s*(?P<zym>{_CN_NUM})\s*月\s*(?P<zyd>{_CN_NUM})\s*[日号]",
    rf"(?:民国\s*)?(?<![\d〇零一二三四五六七八九])(?P<ry>\d{{2,3}})\s*年\s*(?P<rym>{_CN_NUM})\s*月"
    rf"\s*(?P<ryd>{_CN_NUM})\s*[日号]",
    rf"本\s*[(（]\s*(?P<bm>\d{{1,2}})\s*[)）]\s*月\s*(?P<bd>{_CN_NUM})\s*[日号]",
    rf"本月\s*(?P<tmd>{_CN_NUM})\s*[日号]",  # 本月5日: the 5th of the month published in
    # 3.26下午: month and day with a dot, as notices write them before a time of day
    r"(?<![\d.])(?P<dm2>\d{1,2})\.(?P<dd2>\d{1,2})(?=\s*(?:上午|下午|晚上|中午|早上))",
    # the first day of "5—7日", whose last day the range reading takes
    r"(?<![\d月年第.\-/:])(?P<zday2>\d{1,2})(?=\s*[-~至到]\s*\d{1,2}\s*[日号])",
    rf"(?<![\d〇零一二三四五六七八九十])(?P<zm>{_CN_NUM})\s*月\s*(?P<zd>{_CN_NUM})\s*[日号]",
    # a day alone, also in brackets as Taiwan's news writes it after 昨/今 ("昨（7）日起")
    r"(?<![\d月年第.\-/:])(?:(?<=[昨今前明])[(（]\s*)?(?P<zday>\d{1,2})(?:\s*[)）])?\s*日"
    r"(?![本元语文式军方产报籍企资])",
    r"(?P<zrel>今天|今日|昨天|昨日|前天|前日|明天|明日|后天)",
    r"(?P<zq>上|本|这|下)个?(?:周|星期|礼拜)(?P<zwd>[一二三四五六日天])"
    r"(?:\s*(?P<zwdto>至|到|-|和|、)\s*(?:周|星期|礼拜)?(?P<zwd2>[一二三四五六日天]))?",
    r"(?:周|星期)(?P<zwd0>[一二三四五六日天])(?=上午|下午|晚上|早上|中午|当天)",
)
_EN_PATTERNS = (
    rf"\b(?P<em>{_MONTH})\.?\s+(?P<ed>\d{{1,2}}){_ORD}(?!\d)\b{_range('er')}"
    + _EN_YEAR.format("ey"),
    rf"(?:\b{_WEEKDAY},?\s+)?(?<!\d)(?P<dd>\d{{1,2}}){_ORD}{_range('dr')}\s+(?:of\s+)?"
    rf"(?P<dm>{_MONTH})\b\.?" + _EN_YEAR.format("dy"),
    r"(?i:\b(?:on|from|since)\s+the\s+(?:(?:morning|afternoon|evening)\s+of\s+the\s+)?)"
    r"(?P<od>\d{1,2})(?:st|nd|rd|th)\b(?=\s*(?:[,.;:)]|$|-|to\b|and\b|until\b))",
    r"\b(?P<erel>(?i:today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening)))\b",
    # a weekday alone; one before a date ("Tuesday, February 20, 2024") is that date's
    rf"\b(?:(?P<eq>(?i:last|past|this|next|coming))\s+)?(?P<ewd>{_WEEKDAY})\b"
    rf"(?!,?\s+(?:{_MONTH}\b|\d))"
    rf"(?:\s*(?P<ewdto>to|and|through|until|till|-)\s*(?P<ewd2>{_WEEKDAY})\b)?"
    r"(?:,?\s+(?P<eqw>(?i:last|this|next))\s+week\b)?",
)
_NUMERIC = (r"(?<!\d)(?P<iy>\d{4})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})(?!\d)",)

#: What may follow a date to make it a range: "至20日", "—12月2日", "to June 2", "-2022-12-02".
_UNTIL = re.compile(
    rf"\s*(?:至|到|~|-{{1,2}}|{_TO})\s*(?:the\s+)?"
    rf"(?:(?:(?P<ny>\d{{4}})[-/.])?(?P<nm>\d{{1,2}})[-/.](?P<nd>\d{{1,2}})(?!\d)"
    rf"|(?:(?P<y>{_CN_YEAR})\s*年)?\s*(?:(?P<m>{_CN_NUM})\s*月)?\s*(?P<d>{_CN_NUM})\s*[日号]"
    rf"|(?:(?P<em>{_MONTH})\.?\s+)?(?P<ed>\d{{1,2}}){_ORD}(?!\d)(?:\s+(?:of\s+)?"
    rf"(?P<dm>{_MONTH})\b)?(?:,?\s+(?P<ey>\d{{4}}))?)"
)
#: The longest event a range may describe; anything longer is two dates, not a range.
MAX_RANGE_DAYS = 62
#: A weekday in brackets after a date, before the range goes on: "26日（四）至27日（五）".
_BRACKETED_WEEKDAY = re.compile(
    r"\s*[(（]\s*(?:周|星期|礼拜)?[一二三四五六日天]\s*[)）]"
    r"|\s*\((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?\)"
)
#: Words that give an event's end in a later clause: "持续至", "展期至", "runs until".
_LASTS_UNTIL = re.compile(
    r"(?:持续|延续|展期|开放|进行|展览|活动)(?=\s*(?:至|到))"
    r"|[，,]\s*(?=(?:至|到)[^，。,]{1,12}(?:结束|止|闭幕|落幕))"
    r"|\b(?:runs?|running|ran|lasts?|lasting|lasted|continues?|continuing|open)"
    r"(?=\s+(?:until|till|through)\b)",
    re.I,
)
_LATER_END_WINDOW = 160
#: A clause reporting the close of an event, and words saying a date opened one.
_CLOSING = re.compile(
    r"结业|闭幕|结营|闭营|落幕|结束|圆满完成|\b(?:complet|conclud|closing\b|wrapped up|ended\b)",
    re.I,
)
_OPENS_AFTER = re.compile(r"\s*(?:上午|下午)?\s*(?:正式)?(?:起|开班|开幕|开营|开学|开课|启动|开始)")
_CLOSES_AFTER = re.compile(r"\s*(?:上午|下午|晚)?\s*(?:圆满)?(?:结业|闭幕|结营|闭营|落幕|结束)")
_CLOSES_BEFORE = re.compile(
    r"\b(?:closed|concluded|ended|finished|wrapped up)\s+(?:on\s+)?(?:the\s+)?$", re.I
)
_OPENS_BEFORE = re.compile(
    r"(?:\b(?:began|begun|started|opened|commenced|kicked off)\s+(?:on\s+)?(?:the\s+)?"
    r"|\bsince\s+|自\s*)$",
    re.I,
)

_PATTERNS = {
    "zh": re.compile("|".join(_NUMERIC + _ZH_PATTERNS)),
    "en": re.compile("|".join(_NUMERIC + _EN_PATTERNS)),
}
_ANY = re.compile("|".join(_NUMERIC + _ZH_PATTERNS + _EN_PATTERNS))


@dataclass(frozen=True)
class EventDays:
    """The first day of the reported event, and its last day when it lasted several."""

    start: str | None = None
    end: str | None = None


def resolve_event_days(text: str, published: str | None, lang: str) -> EventDays:
    """The first date the text names (ISO), and where it opens a range ("7月18日至20日",
    "May 2 to 6", "12-16 September") the range's last day; empty when it names none.

    `published` (YYYY-MM-DD) resolves partial and relative dates; without it only dates with
    a year count. `lang` picks the patterns ("zh", "en"; anything else tries both).
    """
    anchor = _parse_iso(published)
    normal = normalize(text)
    dated = _event_dates(text, normal, _PATTERNS.get(lang, _ANY), anchor)
    first = next(dated, None)
    if first is None:
        return EventDays()
    match, start = first
    vague_lead_end = _vague_lead_end(text)
    if vague_lead_end is not None and match.start() >= vague_lead_end:
        return EventDays()
    end = _range_end(match, normal, start) or _end_said_later(match, normal, start)
    if end is None:
        start, end = _span_around(match, start, normal, dated)
    return EventDays(start.isoformat(), end.isoformat() if end else None)


def _vague_lead_end(text: str) -> int | None:
    """Where the lead paragraph ends when it dates the news only vaguely ("近日，…",
    "日前，…", "…arrived earlier this week"), else None: a date named only after
    such a lead is another event's (a past visit, an application period), not this one's."""
    offset = text.find("\n") + 1  # past the title
    for line in text[offset:].splitlines(keepends=True):
        if _VAGUE_LEAD.match(line.strip()):
            return offset + len(line)
        header = _PAGE_DETAILS.search(line) or _HEADER.search(line)
        if len(line.strip()) >= _LEAD_SIZE and not header:
            return offset + len(line) if _VAGUE_EN.search(SENTENCE_END.split(line)[0]) else None
        offset += len(line)
    return None


_LEAD_SIZE = 30
_VAGUE_LEAD = re.compile(r"(?:日前|近日|近期|前不久|不久前|最近)[，,]")
_VAGUE_EN = re.compile(r"\b(?:recently|earlier this (?:week|month))\b", re.I)


def _event_dates(
    text: str, normal: str, pattern: re.Pattern[str], anchor: date | None
) -> Iterator[tuple[re.Match[str], date]]:
    """The dates the text names, in order, less the page's own (metadata, header, dateline)
    and deadlines."""
    for match in pattern.finditer(normal):
        if _after_meta_label(normal, match.start()) or _not_an_event(text, match):
            continue
        found = _resolve(match, anchor)
        if found is None or (found == anchor and _in_header(text, match)):
            continue
        yield match, found


def _range_end(match: re.Match[str], text: str, start: date) -> date | None:
    """The last day of the range a date match opens, if it opens one: "to 6" inside it,
    "Monday to Wednesday", or "至20日" right after it (past a bracketed weekday)."""
    inner = match.groupdict("")
    day = inner.get("er") or inner.get("dr")
    if day:
        return _within_range(start, _later(start, None, None, int(day)))
    days = _weekday_span(inner)
    if days is not None:
        return start + timedelta(days=days)
    after = _BRACKETED_WEEKDAY.match(text, match.end())
    until = _UNTIL.match(text, after.end() if after else match.end())
    return _until_date(until, start) if until else None


def _until_date(until: re.Match[str], start: date) -> date | None:
    """The date an `_UNTIL` match names, when it ends a range opened on `start`."""
    g = until.groupdict("")
    if g["nd"]:
        year, month, day_text = g["ny"], g["nm"], g["nd"]
        end = _later(start, int(year) if year else None, int(month), int(day_text))
    elif g["d"]:
        year, month = g["y"], g["m"]
        end = _later(
            start,
            cn_int(year) if year else None,
            cn_int(month) if month else None,
            cn_int(g["d"]),
        )
    else:
        month_name = g["em"] or g["dm"]
        end = _later(
            start,
            int(g["ey"]) if g["ey"] else None,
            _MONTH_EN[month_name.lower()] if month_name else None,
            int(g["ed"]),
        )
    return _within_range(start, end)


def _within_range(start: date, end: date | None) -> date | None:
    return end if end is not None and 0 < (end - start).days <= MAX_RANGE_DAYS else None


def _weekday_span(g: dict[str, str]) -> int | None:
    """Days from the first to the last of "Monday to Wednesday", "Saturday and Sunday",
    "周一至周三": two weekdays joined by "and" make a range only when they are consecutive."""
    if g.get("ewd2"):
        first, last = WEEKDAYS_EN.index(g["ewd"].lower()), WEEKDAYS_EN.index(g["ewd2"].lower())
        joined_by_and = g["ewdto"] == "and"
    elif g.get("zwd2"):
        first, last = _WEEKDAY_ZH[g["zwd"]], _WEEKDAY_ZH[g["zwd2"]]
        joined_by_and = g["zwdto"] in "和、"
    else:
        return None
    if last <= first or (joined_by_and and last != first + 1):
        return None
    return last - first


def _end_said_later(match: re.Match[str], text: str, start: date) -> date | None:
    """An end the next sentences give in words of duration: "展览持续至5月10日", "展期至5月7日",
    "The programme, which runs until 19 July"."""
    window = text[match.end() : match.end() + _LATER_END_WINDOW]
    for said in _LASTS_UNTIL.finditer(window):
        until = _UNTIL.match(window, said.end())
        if until is not None:
            return _until_date(until, start)
    return None


def _span_around(
    match: re.Match[str], day: date, text: str, later: Iterator[tuple[re.Match[str], date]]
) -> tuple[date, date | None]:
    """The event a one-day date belongs to, from the dates named after it.

    A report of a closing ("结业典礼", "completed ... today") dates the close; the event
    began on the day the text says it opened ("于6月26日开班", "began on January 8"), and a
    range the text gives elsewhere ("held from 16 to 28 May") that holds the day is the event.
    """
    closing = _CLOSING.search(text, *sentence_around(text, match.start())) is not None
    for other, start in later:
        end = _range_end(other, text, start)
        if closing and end is not None and start <= day <= end:
            return start, end
        if closing:
            if _said_beside(text, other, _OPENS_BEFORE, _OPENS_AFTER) and _within_range(start, day):
                return start, day
        elif _within_range(day, start) and _said_beside(text, other, _CLOSES_BEFORE, _CLOSES_AFTER):
            return day, start
    return day, None


def _said_beside(
    text: str, match: re.Match[str], before: re.Pattern[str], after: re.Pattern[str]
) -> bool:
    """Whether words right before a date (`before`, ending where it starts) or right after
    it (`after`) say what it is: "began on …", "…开班", "closed on …", "…闭幕"."""
    return bool(
        after.match(text, match.end())
        or before.search(text, max(0, match.start() - _BESIDE), match.start())
    )


_BESIDE = 24


def _later(start: date, year: int | None, month: int | None, day: int) -> date | None:
    """The date of a range's end: the start's year and month unless given, moving on a
    month (or a year) when the end would otherwise come before the start."""
    end = _make(year or start.year, month or start.month, day)
    if end is None or end > start or year is not None:
        return end
    if month is None:
        index = start.year * 12 + start.month  # the next month
        return _make(index // 12, index % 12 + 1, day)
    return _make(start.year + 1, month, day)


def _parse_iso(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


#: Words around a date that make it a deadline ("报名截止时间：4月19日", "3月20日前",
#: "Deadline: 21 March"), not the day of an event.
_DEADLINE_BEFORE = re.compile(
    r"(?:截止|截至|deadline|closing date|no later than|by|before)[^。.!?\n]{0,8}$", re.I
)
_DEADLINE_AFTER = re.compile(r"^(?:日)?(?:前|以前|之前|截止)")
#: Words of a line giving the page's own details: views, source, author, issue.
_PAGE_DETAILS = re.compile(
    r"阅读|浏览|点击|来源[:：]|作者[:：]|责任编辑|总第\s*\d+\s*期|\bIssue\s+\d+|[Ww]eek ending"
)
#: How a page's header may give its own date: fields between bars ("USC News | April 22,
#: 2024"), a bracketed source before it ("【澳大新闻】2024-03-11"), a bare "日期：" label, a
#: clock time after it ("2024/05/07 05:30"). Such a date is the page's when it is the day
#: the page was published; an info block's "日期：2024/10/22" days before is the event's.
_HEADER = re.compile(
    r"[|｜]|^\s*[【\[][^】\]]{1,12}[】\]]|(?<![\u4e00-\u9fff])日期[:：]", re.MULTILINE
)
_CLOCK = re.compile(r"\s+\d{1,2}:\d{2}\b")
#: After a date, a news agency's dateline: "新华社杭州11月8日电", "May 26 (Xinhua) --".
_DATELINE = re.compile(
    r"\s*电|\s*\([A-Z][A-Za-z .]{1,20}\)\s*(?:--|—|–)|\s+--\s"
    # the day the reporter learnt of it: 26日，记者从中国海洋大学获悉
    r"|[，,]?\s*记者(?:从|在|向)?[^，。；\n]{0,16}?(?:获悉|了解到|得知)"
)


def _not_an_event(text: str, match: re.Match[str]) -> bool:
    """A deadline, the date on a line of the page's own details ("2023-11-27 | 宁诺新闻 |
    阅读 1,204", "Issue 7 | Week ending 23 February 2024"), or the date a notice or summary
    is signed with (alone on one of the last lines)."""
    before = text[max(0, match.start() - 24) : match.start()]
    if _DEADLINE_BEFORE.search(before) or _DEADLINE_AFTER.match(text[match.end() :]):
        return True
    line_start, line_end = _line_of(text, match)
    if _PAGE_DETAILS.search(text, line_start, line_end) or _DATELINE.match(text, match.end()):
        return True
    alone = not text[line_start:line_end].replace(match.group(), "").strip(" 。.")
    return alone and line_start > 40 and text.count("\n", line_end) <= 2


def _in_header(text: str, match: re.Match[str]) -> bool:
    """Whether a date stands where a page header gives the page's own date (`_HEADER`), on
    a short line of its own beside a site name ("中大新聞　　2024年7月20日"), or among the
    fields of a header line set apart by wide spaces ("國立成功大學　新聞中心　　2024-12-05
    發布單位：國際事務處")."""
    line_start, line_end = _line_of(text, match)
    rest = text[line_start : match.start()] + text[match.end() : line_end]
    fields = _FIELD_GAP.search(rest) is not None
    return (
        _HEADER.search(text, line_start, line_end) is not None
        or bool(_CLOCK.match(text, match.end()))
        or (
            any(match.group(year) for year in _YEAR_GROUPS if year in match.re.groupindex)
            and text.count("\n", 0, line_start) <= _HEADER_LINES
            and (
                (len(rest.strip()) <= _HEADER_REST and not _CLAUSE.search(rest))
                or (fields and line_start > 0 and not _SENTENCE.search(rest))
            )
        )
    )


_HEADER_REST = 12
#: The groups of a date written with its year, as a page header writes its own date.
_YEAR_GROUPS = ("iy", "zy", "ry", "ey", "dy")
#: Lines above a header's date: the site's name and the title said again.
_HEADER_LINES = 3
_CLAUSE = re.compile(r"[，。,.;；:：!?！？]")
#: Fields of a header line: parted by a wide space or two spaces; no sentence among them.
_FIELD_GAP = re.compile("\u3000| {2}")
_SENTENCE = re.compile(r"[，。;；!?！？]|[,.](?:\s|$)")


def _line_of(text: str, match: re.Match[str]) -> tuple[int, int]:
    """Where the line holding a match starts and ends."""
    end = text.find("\n", match.end())
    return text.rfind("\n", 0, match.start()) + 1, len(text) if end < 0 else end


def _after_meta_label(text: str, start: int) -> bool:
    before = text[max(0, start - 14) : start].lower()
    return any(label in before for label in _META_LABELS)


def _resolve(match: re.Match[str], anchor: date | None) -> date | None:
    """Turn one pattern match into a date, or None when it is impossible or unanchored."""
    g = match.groupdict("")  # a group that did not take part is ""
    if g["iy"]:
        return _make(int(g["iy"]), int(g["im"]), int(g["id"]))
    if g.get("zy"):
        return _make(cn_int(g["zy"]), cn_int(g["zym"]), cn_int(g["zyd"]))
    if g.get("ry"):
        return _make(int(g["ry"]) + MINGUO_OFFSET, cn_int(g["rym"]), cn_int(g["ryd"]))
    if g.get("ey"):
        return _make(int(g["ey"]), _MONTH_EN[g["em"].lower()], int(g["ed"]))
    if g.get("dy"):
        return _make(int(g["dy"]), _MONTH_EN[g["dm"].lower()], int(g["dd"]))
    if anchor is None:
        return None
    return _resolve_partial(g, anchor)


def _resolve_partial(g: dict[str, str], anchor: date) -> date | None:
    """Dates without a year (or without a month, or relative ones) against `anchor`."""
    if g.get("zm"):
        return _nearest(_years(anchor, cn_int(g["zm"]), cn_int(g["zd"])), anchor)
    if g.get("bm"):  # 本(5)月2日: "this month, the 5th": the month is given
        return _nearest(_years(anchor, int(g["bm"]), cn_int(g["bd"])), anchor)
    if g.get("tmd"):
        return _make(anchor.year, anchor.month, cn_int(g["tmd"]))
    if g.get("dm2"):
        return _nearest(_years(anchor, int(g["dm2"]), int(g["dd2"])), anchor)
    if g.get("em") or g.get("dm"):
        month, day = (g["em"], g["ed"]) if g.get("em") else (g["dm"], g["dd"])
        return _nearest(_years(anchor, _MONTH_EN[month.lower()], int(day)), anchor)
    day_only = g.get("zday") or g.get("zday2") or g.get("od")
    if day_only:
        return _nearest(_months(anchor, int(day_only)), anchor)
    relative = g.get("zrel") or g.get("erel")
    if relative:
        return anchor + timedelta(days=_RELATIVE[" ".join(relative.lower().split())])
    if g.get("zq"):
        qualifier = {"上": "last week", "本": "this", "这": "this", "下": "next"}[g["zq"]]
        return _weekday(anchor, _WEEKDAY_ZH[g["zwd"]], qualifier)
    if g.get("zwd0"):
        return _weekday(anchor, _WEEKDAY_ZH[g["zwd0"]], None)
    if g.get("ewd"):
        after = _WEEK_AFTER.get(g["eqw"].lower())
        return _weekday(anchor, WEEKDAYS_EN.index(g["ewd"].lower()), g["eq"].lower() or after)
    return None


#: "Thursday last week": the qualifier after the weekday, as `_weekday` names it.
_WEEK_AFTER = {"last": "last week", "this": "this", "next": "next"}


def _weekday(anchor: date, weekday: int, qualifier: str | None) -> date:
    """A weekday relative to `anchor`: bare means the latest one on or before it."""
    monday = anchor - timedelta(days=anchor.weekday())
    if qualifier == "last week":
        return monday - timedelta(days=7 - weekday)
    if qualifier == "this":
        return monday + timedelta(days=weekday)
    if qualifier == "next":
        return monday + timedelta(days=7 + weekday)
    if qualifier == "coming":
        return anchor + timedelta(days=(weekday - anchor.weekday() - 1) % 7 + 1)
    if qualifier in ("last", "past"):
        return anchor - timedelta(days=(anchor.weekday() - weekday - 1) % 7 + 1)
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def _years(anchor: date, month: int, day: int) -> Iterator[date]:
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        found = _make(year, month, day)
        if found is not None:
            yield found


def _months(anchor: date, day: int) -> Iterator[date]:
    for offset in (-1, 0, 1):
        month_index = anchor.year * 12 + anchor.month - 1 + offset
        found = _make(month_index // 12, month_index % 12 + 1, day)
        if found is not None:
            yield found


def _nearest(candidates: Iterator[date], anchor: date) -> date | None:
    """The candidate closest to `anchor`, future days counting double."""

    def cost(day: date) -> int:
        delta = (day - anchor).days
        return 2 * delta if delta > 0 else -delta

    return min(candidates, key=cost, default=None)


def _make(year: int, month: int, day: int) -> date | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def cn_int(text: str) -> int:
    """Arabic or Chinese numerals: "18", "十八", "二十", "三十一", "二〇二一"."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return int("".join(str(_CN_DIGIT[c]) for c in text))
    tens, _, units = text.partition("十")
    return _CN_DIGIT.get(tens, 1) * 10 + _CN_DIGIT.get(units, 0)
