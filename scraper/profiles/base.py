"""The one face every site profile shows the crawler.

A profile answers four questions about a page: is it mine (`detect`), which articles does this
list page link to (`article_links`), which list pages come next (`next_pages`), and what is
this article (`extract`). `article_links` and `extract` may return nothing when the page does
not have the profile's usual shape; the crawler then asks the generic profile.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from scraper.document import Page


@dataclass(frozen=True, slots=True)
class ListedLink:
    """An article link found on a list page, with what the list says about it.

    The list's title and date are only fallbacks: list titles are often cut with "...".
    """

    url: str
    title: str = ""
    published: str | None = None


@dataclass(slots=True)
class ArticleParts:
    """What a profile read from an article page; the crawler completes it into an Article."""

    title: str
    published: str | None
    body: str
    attachments: list[str] = field(default_factory=list)
    byline: str = ""  # who wrote and published it, where the profile found that apart


@dataclass(frozen=True, slots=True)
class Profile:
    """A site profile: its name and its four operations."""

    name: str
    detect: Callable[[Page], bool]
    article_links: Callable[[Page], list[ListedLink]]
    next_pages: Callable[[Page], list[str]]
    extract: Callable[[Page, ListedLink], ArticleParts | None]


def shows_cms(page: Page, markers: tuple[str, ...], article_path: re.Pattern[str]) -> bool:
    """Whether an HTML page carries a CMS's template markers or its article URL shape.

    A CMS leaves its names in scripts, ids and classes of every page it renders; its
    article URLs (`/2021/0720/c1234a56789/page.htm`) identify even a page with no marker.
    """
    if page.is_feed:
        return False
    html = page.html.lower()
    return any(marker in html for marker in markers) or bool(
        article_path.search(urlsplit(page.url).path)
    )
