"""The main text of an article page whose template nobody described.

trafilatura decides which text is the article; the page's DOM then renders it, so the body
reads like the bodies of known CMSs (one line per paragraph, same normalisation), and the
title, bylines and whatever a template put above the title are dropped from its top.
"""

from __future__ import annotations

import re

import trafilatura
from bs4 import BeautifulSoup
from bs4.element import Tag

from scraper.edges import byline
from scraper.text import element_text

_WHITESPACE = re.compile(r"\s+")
_CONTAINERS = ("article", "main", "section", "div", "td", "table", "tbody", "tr", "center", "form")
#: Share of the extracted text an element must hold to stand for the main text.
_COVERAGE = 0.8
#: Short lines at the top of a main text that are bylines, not content.
_BYLINE = re.compile(
    r"(?:发布(?:时间|日期|者)|时间|日期|来源|作者|编辑|审核|浏览|点击|posted|published|date|source|"
    r"author)\s*[:：]|^(?:posted|published)\s+(?:on|by)\b|^by\s",
    re.IGNORECASE,
)
_BYLINE_LINES = 2
_BYLINE_LENGTH = 120
_HEAD_LINES = 6


def _main_text(content: Tag, url: str) -> str:
    """The main text of a furniture-free page: trafilatura finds it, the DOM renders it.

    Stripping furniture first matters: trafilatura does not know Chinese template names
    (`div.foot`, `table.weizhi`) and keeps such blocks when an article is short. Its output
    then names the text, and the smallest element holding that text is rendered like every
    other body, one line per paragraph (trafilatura merges the blocks of short pages).
    """
    html = trafilatura.extract(
        str(content),
        url=url,
        output_format="html",
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        favor_recall=True,
    )
    if not html:
        return ""
    found = element_text(BeautifulSoup(html, "lxml"))
    box = _smallest_holder(content, found)
    return element_text(box) if box is not None else found


def _smallest_holder(root: Tag, text: str) -> Tag | None:
    """The deepest element whose text holds most of `text` (compared without whitespace)."""
    lines = [flat for line in text.splitlines() if (flat := _WHITESPACE.sub("", line))]
    needed = _COVERAGE * sum(len(line) for line in lines)
    holder = None
    for element in [root, *root.find_all(_CONTAINERS)]:  # document order: deeper comes later
        flat = _WHITESPACE.sub("", element.get_text())
        if sum(len(line) for line in lines if line in flat) >= needed:
            holder = element
    return holder


def _without_header_lines(body: str, title: str) -> tuple[str, list[str]]:
    """Drop what precedes the title near the top (site names), the title, and bylines;
    returns the body and the byline lines.

    Text above the article's own title is never its body; byline lines ("发布时间：...
    来源：...", "Source: ... Date: ...") right below it are page furniture.
    """
    lines = body.split("\n")
    if title in lines[:_HEAD_LINES]:
        lines = lines[lines.index(title) + 1 :]
    bylines: list[str] = []
    while len(bylines) < _BYLINE_LINES and lines and len(lines[0]) < _BYLINE_LENGTH:
        if not _BYLINE.search(lines[0]):
            break
        bylines.append(lines.pop(0))
    return "\n".join(lines), bylines


def article_body(content: Tag, url: str, title: str) -> tuple[str, str]:
    """The body text of a furniture-free page copy, without its title and byline; and
    that byline (`scraper.edges.byline`)."""
    body, bylines = _without_header_lines(_main_text(content, url), title)
    return body, byline(bylines)
