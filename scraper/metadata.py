"""Title and publication date of any article page, from what it declares and what it shows.

Order of trust: structured data (JSON-LD), then meta tags (OpenGraph, Dublin Core, the
`PubDate`/`ArticleTitle` tags of Chinese CMSs), then `<time>`, then the visible text around the
title ("发布时间：", "Posted on"). Profiles for known CMSs read their own fields first and fall
back on this.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import tzinfo
from typing import Any

from bs4.element import Tag

from scraper.dates import parse_date, parse_machine_date
from scraper.document import Page
from scraper.dom import cleaned_copy, is_furniture
from scraper.text import element_text, normalize_line

_TITLE_META = ("og:title", "twitter:title", "articletitle", "citation_title", "dc.title")
_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "publish_date", "publication_date", "publishtime", "dc.date.issued", "dcterms.issued",
    "dc.date", "dcterms.date", "citation_publication_date", "citation_date", "sailthru.date",
    "parsely-pub-date", "date",
)  # fmt: skip
_DATE_LABEL = re.compile(
    r"(?:发布(?:时间|日期|于)|发表(?:时间|日期)|更新(?:时间|日期)|时间|日期|posted(?:\s+on)?|"
    r"published(?:\s+on)?|date)\s*[:：]?",
    re.IGNORECASE,
)
_TITLE_SEPARATORS = re.compile(r"\s+[-|–—_·]\s+|_|\s*[|｜]\s*|--")
_MIN_HINT = 4
#: What joins a headline to the site's names in `<title>`: a dash, bar or the like.
_SUFFIX_START = re.compile(r"\s*[-–—_|｜·:：]")
_HEADLINE_TAGS = (
    "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "div", "span", "p", "strong", "b", "font"
)  # fmt: skip
_BLOCKS = ("table", "div", "p", "ul", "ol", "td")
_LABEL_WINDOW = 40
_TITLE_WINDOW = 300


def json_ld(page: Page) -> list[dict[str, Any]]:
    """Every JSON-LD object of the page, `@graph` members included; broken blocks skipped."""
    objects: list[dict[str, Any]] = []
    for script in page.soup.find_all("script", type=re.compile("ld\\+json", re.IGNORECASE)):
        try:
            data = json.loads(script.string or script.get_text() or "null")
        except ValueError:
            continue
        objects.extend(_flatten(data))
    return objects


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        yield data
        yield from _flatten(data.get("@graph"))


def meta_values(page: Page, names: tuple[str, ...]) -> list[str]:
    """Contents of `<meta>` tags named (name/property/itemprop) as in `names`, in that order."""
    found: dict[str, list[str]] = {}
    for meta in page.soup.find_all("meta", content=True):
        for attribute in ("property", "name", "itemprop"):
            key = str(meta.get(attribute) or "").lower()
            if key in names:
                found.setdefault(key, []).append(str(meta["content"]))
    return [value for name in names for value in found.get(name, [])]


def _headings(page: Page) -> list[tuple[str, str]]:
    """(tag name, text) of h1-h3 outside page furniture, in document order."""
    found = []
    for heading in page.soup.find_all(["h1", "h2", "h3"]):
        if any(is_furniture(parent) for parent in heading.parents if isinstance(parent, Tag)):
            continue
        text = normalize_line(heading.get_text(" "))
        if text:
            found.append((heading.name, text))
    return found


def page_title(page: Page, hint: str = "") -> str:
    """The article's title, from declared metadata or the page's headings.

    Without metadata: the heading the list's link text starts (list titles are cut with
    "..."), else the heading that `<title>` repeats earliest, else the element `<title>`
    starts with before the site's names, else the first h1, else the first part of
    `<title>`. Declared titles lose the site's names the same way.
    """
    for item in json_ld(page):
        headline = item.get("headline") or (item.get("name") if _is_article(item) else None)
        if isinstance(headline, str) and normalize_line(headline):
            return normalize_line(headline)
    for value in meta_values(page, _TITLE_META):
        if normalize_line(value):
            # og:title often carries the site's name too ("Title | University").
            return _shown_headline(page, normalize_line(value)) or normalize_line(value)
    found = _headings(page)
    headings = [text for _, text in found]
    hint = normalize_line(hint).rstrip(".… ")
    if len(hint) >= _MIN_HINT:
        for text in headings:
            if text.startswith(hint):
                return text
    document_title = normalize_line(page.soup.title.get_text(" ")) if page.soup.title else ""
    segments = [normalize_line(p) for p in _TITLE_SEPARATORS.split(document_title)]
    # Templates put the article first in <title> and the site last ("报道_栏目_大学").
    ranked = [segments.index(text) for text in headings if text in segments]
    if document_title in headings:
        return document_title
    if ranked:
        return segments[min(ranked)]
    shown = _shown_headline(page, document_title)
    if shown:
        return shown
    first_h1 = next((text for name, text in found if name == "h1"), "")
    return first_h1 or next((s for s in segments if s), "")


def _shown_headline(page: Page, document_title: str) -> str:
    """The longest text of one element that `<title>` starts with and continues after a
    separator: the headline a table-layout page shows in a cell ("标题-栏目-学校" over
    `<td class="titlestyle">标题</td>`). A headline with a dash of its own is shown whole in
    its element, so it is kept whole."""
    best = ""
    for element in page.soup.find_all(_HEADLINE_TAGS):
        if element.find(_BLOCKS):
            continue  # a container, not the headline's own element
        text = normalize_line(element.get_text(" "))
        longer = max(len(best), _MIN_HINT - 1) < len(text) < len(document_title)
        rest = document_title[len(text) :]
        if longer and document_title.startswith(text) and _SUFFIX_START.match(rest):
            best = text
    return best


def _is_article(item: dict[str, Any]) -> bool:
    kinds = item.get("@type")
    names = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and ("Article" in k or k == "BlogPosting") for k in names)


def page_published(page: Page, local_tz: tzinfo | None, title: str = "") -> str | None:
    """The publication date the page declares or shows, as YYYY-MM-DD, or None."""
    for value in _declared_dates(page):
        day = parse_machine_date(value, local_tz)
        if day:
            return day
    return visible_date(page, local_tz, title)


def _declared_dates(page: Page) -> Iterator[str]:
    for item in json_ld(page):
        for key in ("datePublished", "dateCreated"):
            if isinstance(item.get(key), str):
                yield item[key]
    yield from meta_values(page, _DATE_META)
    times = page.soup.find_all("time")
    preferred = [t for t in times if t.get("itemprop") == "datePublished" or t.has_attr("pubdate")]
    for time_tag in preferred + [t for t in times if not is_furniture(t)]:
        yield str(time_tag.get("datetime") or time_tag.get_text(" "))


def visible_date(page: Page, local_tz: tzinfo | None, title: str = "") -> str | None:
    """A date shown near the title, or after a label such as "发布时间：" / "Posted on"."""
    root = page.soup.body or page.soup
    text = element_text(cleaned_copy(root, article=False))
    at = text.find(title) if title else -1
    if at >= 0:
        window = text[at : at + len(title) + _TITLE_WINDOW]
        day = labelled_date(window, local_tz) or parse_date(window, local_tz)
        if day:
            return day
    return labelled_date(text, local_tz)


def labelled_date(text: str, local_tz: tzinfo | None) -> str | None:
    """The first date right after a label ("发布时间：", "日期:", "Posted on", "Date:")."""
    for label in _DATE_LABEL.finditer(text):
        day = parse_date(text[label.end() : label.end() + _LABEL_WINDOW], local_tz)
        if day:
            return day
    return None
