"""Recognising page furniture in the DOM: navigation, sidebars, footers, counters, "related" boxes.

Profiles locate an article's content box and the generic path locates a page's listing; both
must first drop what is not content. The rules work on class/id tokens and on the headings
Chinese and English sites give their sidebars (相关新闻, 推荐阅读, Related news).
"""

from __future__ import annotations

import copy
import re

from bs4.element import Tag

from scraper.text import SKIPPED_TAGS, element_text

#: class/id tokens of furniture regions (matched on whole `-`/`_`-separated words), English and
#: the pinyin abbreviations Chinese templates use: xgxw 相关新闻, tjyd 推荐阅读, ewm 二维码,
#: weizhi/dqwz 当前位置, mbx 面包屑 (breadcrumbs).
_REGION_WORDS = (
    r"nav|navbar|navigation|menu|menus|submenu|footer|foot|copyright|sidebar|side|aside|"
    r"breadcrumbs?|crumbs?|position|location|related|relate|recommend|share|sharing|social|"
    r"comments?|banner|toolbar|pages|pager|paging|pagination|pagenav|hot|friendlinks?|links|"
    r"login|search|tags?|qrcode|ewm|xgxw|tjyd|logo|tools|weizhi|dqwz|mbx"
)
_REGION_TOKEN = re.compile(rf"(?:^|[-_])(?:{_REGION_WORDS})(?:$|[-_\d])", re.IGNORECASE)
#: Page-header tokens, matched whole only: "top-news" or "head-line" may be content.
_HEADER_TOKEN = re.compile(r"^(?:top|topbar|top-bar|head|header|site-header|masthead)$", re.I)
#: class/id tokens of view counters ("WP_VisitCount", "arti_views", "hits").
_COUNTER_TOKEN = re.compile(
    r"(?:^|[-_])(?:visitcount|viewcount|views?|visits?|clicks?|hits|pv)$", re.IGNORECASE
)
#: Headings of "see also" boxes.
RELATED_HEADING = re.compile(
    r"^\s*(?:相关(?:新闻|阅读|链接|文章|报道)|推荐(?:阅读|新闻|文章)|延伸阅读|热点新闻|热门(?:新闻|文章)|"
    r"最新(?:新闻|动态|文章)|related(?: news| articles| stories| posts| content)?|"
    r"recommended(?: reading| articles)?|you may also like)\s*[:：]?\s*$",
    re.IGNORECASE,
)
_FURNITURE_TAGS = ("nav", "aside", "footer")
_SHARE_LIMIT = 0.5


def class_tokens(element: Tag) -> list[str]:
    """An element's classes and id: the words templates use to name regions."""
    classes: str | list[str] = element.get("class") or []
    tokens = list(classes) if isinstance(classes, list) else str(classes).split()
    ident = element.get("id")
    if ident:
        tokens.append(str(ident))
    return tokens


def is_furniture(element: Tag) -> bool:
    """True for elements that are navigation, sidebars, footers, counters and the like."""
    if element.name in _FURNITURE_TAGS:
        return True
    if element.name == "header" and element.find_parent("article") is None:
        return True
    return any(
        _REGION_TOKEN.search(t) or _COUNTER_TOKEN.search(t) or _HEADER_TOKEN.match(t)
        for t in class_tokens(element)
    )


def _text_length(element: Tag) -> int:
    return len(element.get_text(" ", strip=True))


def strip_furniture(root: Tag) -> Tag:
    """Remove scripts and furniture below `root`, in place, and return `root`.

    A matching element that holds most of the text is a layout wrapper whose class merely
    sounds like furniture (`class="main sidebar-layout"`), so it is kept.
    """
    for tag in root.find_all(SKIPPED_TAGS):
        tag.decompose()
    total = _text_length(root)
    for element in root.find_all(True):
        if element.decomposed:
            continue
        if is_furniture(element) and _minor(element, total):
            element.decompose()
    return root


def _minor(element: Tag, total: int) -> bool:
    return _text_length(element) < _SHARE_LIMIT * max(total, 1)


def drop_related_boxes(root: Tag) -> Tag:
    """Remove "相关新闻"-style boxes below `root`, in place: the heading and its links.

    Only for article content: on a list page such a heading may title the listing itself.
    """
    total = _text_length(root)
    for string in list(root.find_all(string=RELATED_HEADING)):
        heading = string.parent
        if heading is None or heading.decomposed or heading is root:
            continue
        box = heading
        while box.parent is not root and box.parent is not None and not box.find("a"):
            box = box.parent
        if box.find("a"):
            if _minor(box, total):
                box.decompose()
            continue
        for sibling in box.find_next_siblings():
            if sibling.find("a") and _mostly_links(sibling):
                sibling.decompose()
        box.decompose()
    return root


def _mostly_links(element: Tag) -> bool:
    link_text = sum(len(a.get_text(strip=True)) for a in element.find_all("a"))
    return link_text >= 0.5 * max(_text_length(element), 1)


def cleaned_copy(element: Tag, *, article: bool) -> Tag:
    """A furniture-free copy, leaving the parsed page intact for the other extractors.

    `article=True` also removes "related news" boxes, which only make sense to look for in
    an article's content.
    """
    clone = strip_furniture(copy.copy(element))
    return drop_related_boxes(clone) if article else clone


def article_text(content: Tag) -> str:
    """Plain text of an article's content box, without furniture or "related" boxes."""
    return element_text(cleaned_copy(content, article=True))
