"""The edges of an article's text: what a CMS writes above and below it inside the same cell.

Real news pages put, in the one element that holds the article, a source line above the
text ("来源：国际交流处 作者：… 发稿时间：… 点击数：…"), and below it a credit line ("（文/…
图/… 审核/…）", "Text: … Editor: …"), previous/next links, and the CMS's "latest news",
"hot news" or "WeChat posts" lists. None of that is the article. The rules work on lines,
by what a line is (a run of labels, a credit, a link-list heading followed only by
short items), not by any one site's words.

The source and credit lines are not thrown away: who wrote and published an article is
worth keeping beside it (`byline`), without the times and hit counts they also carry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Labels of the lines above an article: a line made of two or more is a source line.
_LEAD_LABEL = re.compile(
    r"(?:来源|作者|发稿时间|发布时间|发布日期|更新时间|编辑|责任编辑|点击数|点击|浏览次数|浏览|"
    r"阅读次数|字体|Source|Author|Posted(?: on| by)?|Published|Updated|Views|By)\s*[:：]",
    re.IGNORECASE,
)
#: A credit line: who wrote, photographed, edited or checked the article.
_CREDIT = re.compile(
    r"^[（(【\[]?\s*(?:(?:文|图|摄影|摄|供稿|审核|审稿|编辑|责任编辑|责编|初审|复审|终审|撰稿|"
    r"通讯员|记者|来源|校对)\s*[/／:：|｜]|"
    r"(?:Text|Photos?|Photography|Editor|Edited by|Reporter|Written by|Writer|Source|Proofread)"
    r"\s*[:：])",
    re.IGNORECASE,
)
#: Where the furniture below an article begins: paging between articles, link-list headings.
_TAIL_START = re.compile(
    r"^[【\[·•>»\s]*(?:上一篇|下一篇|上一条|下一条|打印本页|关闭窗口|最新动态|最新消息|最新文章|"
    r"热点新闻|热门新闻|热门文章|相关新闻|相关阅读|相关文章|推荐阅读|延伸阅读|往期回顾|"
    r"微信往期推送|往期推送|扫描二维码|扫一扫|"
    r"previous(?: post| article)?|next(?: post| article)|related (?:news|posts|articles|stories)|"
    r"latest news|recent posts|more news|read more|share this)",
    re.IGNORECASE,
)
#: A line of a link list: a bullet, or short.
_LIST_ITEM = re.compile(r"^[·•●◆▪\-–»>]")
_ITEM_CHARS = 60


#: A label of when or how often, and its value up to the next label or separator: the part
#: of a source line that is no byline. (A value's time, "10:20", is no label: labels do not
#: start with a digit.)
_WHEN_PART = re.compile(
    r"(?:发稿时间|发布时间|发布日期|更新时间|时间|日期|点击数|点击|浏览次数|浏览|阅读次数|字体|"
    r"Posted on|Published|Updated|Views|Date)\s*[:：].*?(?=\s+[^\s\d|｜][^\s:：|｜]*\s*[:：]|"
    r"\s*[|｜]|$)",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"\s*[|｜]\s*")
_BARE_DATE = re.compile(r"[\d\s年月日:：./-]+")


@dataclass(frozen=True, slots=True)
class Edges:
    """An article's text without its edges, and the byline those edges held."""

    body: str
    byline: str


def trim_edges(body: str) -> Edges:
    """The article's text without the source line above it and the furniture below it."""
    lines = body.split("\n")
    start = 0
    while start < len(lines) - 1 and _is_lead(lines[start]):
        start += 1
    end = len(lines)
    tail = _tail_start(lines, start)
    if tail is not None:
        end = tail
    credits = end
    while credits > start + 1 and _CREDIT.match(lines[credits - 1].strip()):
        credits -= 1
    return Edges(
        "\n".join(lines[start:credits]).strip(),
        byline(lines[:start] + lines[credits:end]),
    )


def byline(lines: list[str]) -> str:
    """Who wrote and published an article, from its source and credit lines: each line
    without its times, dates and counts, spaces folded, the lines joined by a space."""
    kept = []
    for line in lines:
        line = _WHEN_PART.sub("", " ".join(line.split()))
        parts = [p for p in _SEPARATOR.split(line) if p and not _BARE_DATE.fullmatch(p)]
        if parts:
            kept.append(" | ".join(parts) if "|" in line or "｜" in line else " ".join(parts))
    return " ".join(" ".join(kept).split())


def _is_lead(line: str) -> bool:
    return len(line) <= 160 and len(_LEAD_LABEL.findall(line)) >= 2


def _tail_start(lines: list[str], start: int) -> int | None:
    """The first line from which every line is furniture: a tail heading, then only
    list items, other headings, credits or short lines."""
    for index in range(start + 1, len(lines)):
        if not _TAIL_START.match(lines[index].strip()):
            continue
        rest = lines[index + 1 :]
        if all(_furniture(line) for line in rest):
            return index
    return None


def _furniture(line: str) -> bool:
    line = line.strip()
    return (
        not line
        or bool(_TAIL_START.match(line) or _LIST_ITEM.match(line) or _CREDIT.match(line))
        or len(line) <= _ITEM_CHARS
    )
