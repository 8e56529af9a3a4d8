"""A fetched page as profiles see it: decoded once, parsed once, links resolved the same way."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from bs4 import BeautifulSoup
from bs4.element import Tag

from scraper.encoding import decode_html
from scraper.text import normalize_line
from scraper.urls import canonicalize

_FEED_TYPES = ("rss", "atom", "rdf")
_HTML_TYPES = ("text/html", "application/xhtml")


@dataclass(frozen=True, slots=True)
class Link:
    """A link on a page: canonical absolute URL, visible text (or title), and its element."""

    url: str
    text: str
    element: Tag


class Page:
    """One page's bytes, with its text, DOM and links computed on first use."""

    def __init__(self, url: str, body: bytes, content_type: str = "") -> None:
        self.url = url
        self.body = body
        self.content_type = content_type.lower()

    @cached_property
    def is_feed(self) -> bool:
        """True for RSS/Atom documents, whatever Content-Type the server chose."""
        if any(kind in self.content_type for kind in _FEED_TYPES):
            return True
        if self.content_type.startswith(_HTML_TYPES):
            return False
        head = self.body[:1024].lstrip().lower()
        return head.startswith(b"<?xml") or head.startswith((b"<rss", b"<feed", b"<rdf"))

    @cached_property
    def html(self) -> str:
        """The decoded document (charset from header, then meta, then detection)."""
        return decode_html(self.body, self.content_type)

    @cached_property
    def soup(self) -> BeautifulSoup:
        """The parsed DOM (lxml's HTML parser: fast and forgiving of CMS markup)."""
        return BeautifulSoup(self.html, "lxml")

    @cached_property
    def base_url(self) -> str:
        """What relative links resolve against: `<base href>` when present, else the URL."""
        if self.is_feed:
            return self.url
        base = self.soup.find("base", href=True)
        if isinstance(base, Tag):
            return canonicalize(str(base["href"]), self.url) or self.url
        return self.url

    @cached_property
    def canonical_link(self) -> str | None:
        """The page's `rel=canonical` URL, canonicalised, if it declares one."""
        for link in self.soup.find_all("link", href=True):
            if "canonical" in [r.lower() for r in link.get("rel") or []]:
                return canonicalize(str(link["href"]), self.base_url)
        return None

    def resolve(self, href: str) -> str | None:
        """Canonical absolute form of an href on this page (None for javascript:, mailto:)."""
        return canonicalize(href, self.base_url)

    def links(self, root: Tag | None = None) -> Iterator[Link]:
        """Links below `root` (default: the whole page) that lead to http(s) URLs."""
        for anchor in (root or self.soup).find_all("a", href=True):
            url = self.resolve(str(anchor["href"]))
            if url is not None:
                text = normalize_line(anchor.get_text(" "))
                title = normalize_line(str(anchor.get("title") or ""))
                # Lists cut long titles ("...") and keep the full one in the title attribute.
                yield Link(url, title if len(title) > len(text) else text, anchor)
