"""The edges of an article's text: what a CMS writes above and below it inside the same cell.

Real news pages put, in the one element that holds the article, a source line above the
text ("来源：国际交流处 作者：… 发稿时间：… 点击数：…"), and below it a credit line ("（文/…
图/… 审核/…）", "Text: … Editor: …"), previous/next links, and the CMS's "latest news",
"hot news" or "WeChat posts" lists. None of that is the article. The rules work on lines,
by what a line is (a run of labels, a credit, a link-list heading followed only by
short items), not by any one site's words.
"""

from __future__ import annotations

import re

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


def trim_edges(body: str) -> str:
    """The article's text without the source line above it and the furniture below it."""
    lines = body.split("\n")
    start = 0
    while start < len(lines) - 1 and _is_lead(lines[start]):
        start += 1
    end = len(lines)
    tail = _tail_start(lines, start)
    if tail is not None:
        end = tail
    while end > start + 1 and _CREDIT.match(lines[end - 1].strip()):
        end -= 1
    return "\n".join(lines[start:end]).strip()


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
