"""Sites that publish an RSS or Atom feed: the feed is the list, the pages are read generically.

A feed gives every article's URL, title and date without guessing at a template; article
pages of such sites usually declare JSON-LD, OpenGraph and `<time datetime>`, which the
generic extraction reads first. Feed paging follows RFC 5005 (`<link rel="next">`).
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from scraper.dates import parse_machine_date
from scraper.document import Page
from scraper.profiles import generic
from scraper.profiles.base import ListedLink, Profile
from scraper.text import normalize_line

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
_DATE_TAGS = ("pubDate", "published", "updated", "date", "issued")


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _root(page: Page) -> etree._Element | None:
    try:
        return etree.fromstring(page.body, parser=_PARSER)
    except etree.XMLSyntaxError:
        return None


def _children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    return (child for child in element if _local(child) == name)


def detect(page: Page) -> bool:
    """True for RSS and Atom documents."""
    return page.is_feed


def _entry_url(page: Page, entry: etree._Element) -> str | None:
    for link in _children(entry, "link"):
        href = link.get("href")
        if href is None:
            href = link.text or ""  # RSS: <link>url</link>
        elif link.get("rel", "alternate") != "alternate":
            continue
        url = page.resolve(href)
        if url is not None:
            return url
    guid = next(_children(entry, "guid"), None)
    if guid is not None and guid.get("isPermaLink", "true") == "true" and guid.text:
        return page.resolve(guid.text)
    return None


def _entry_date(entry: etree._Element) -> str | None:
    for name in _DATE_TAGS:
        for element in _children(entry, name):
            if element.text and (day := parse_machine_date(element.text)):
                return day
    return None


def article_links(page: Page) -> list[ListedLink]:
    """The feed's items (RSS) or entries (Atom), in feed order."""
    root = _root(page)
    if root is None:
        return []
    found: dict[str, ListedLink] = {}
    for entry in root.iter():
        if _local(entry) not in ("item", "entry"):
            continue
        url = _entry_url(page, entry)
        if url is not None and url not in found:
            title = next(_children(entry, "title"), None)
            text = normalize_line("".join(title.itertext())) if title is not None else ""
            found[url] = ListedLink(url, text, _entry_date(entry))
    return list(found.values())


def next_pages(page: Page) -> list[str]:
    """The feed's `<link rel="next">` (RFC 5005 paged feeds)."""
    root = _root(page)
    if root is None:
        return []
    channel = next(_children(root, "channel"), root)
    urls = (
        page.resolve(link.get("href") or "")
        for link in _children(channel, "link")
        if link.get("rel") == "next"
    )
    return [url for url in urls if url is not None]


PROFILE = Profile("feed", detect, article_links, next_pages, generic.extract)
