"""Links shaped like articles that a list page shows outside its main listing.

A profile reads a list page's listing; real list pages also put articles elsewhere: a
headline block above the list, a "featured" picture story, a VSB column entry served by
`content.jsp`. Such a link is followed when its URL has the shape CMSs give articles (a
VSB or WebPlus article path, a dated path, a dynamic article URL), its text reads like a
title, and its URL names the same column as the listing's own articles (the VSB column id,
the WebPlus column number, the first folder): "hot news" boxes beside a list link other
columns, which are other sources' business.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scraper.dates import date_from_url
from scraper.document import Page
from scraper.dom import cleaned_copy
from scraper.listing import listed, title_like
from scraper.profiles import vsb, webplus
from scraper.profiles.base import ListedLink

#: The query of a dynamic article URL: VSB's content.jsp?...&wbnewsid=, and the article
#: ids of common news systems.
_ARTICLE_ID = re.compile(
    r"(?:^|&)(?:wbnewsid|articleid|article_id|newsid|news_id|contentid|infoid)=\d+",
    re.IGNORECASE,
)


_TREE_ID = re.compile(r"(?:^|&)wbtreeid=(\d+)", re.IGNORECASE)
_VSB_COLUMN = re.compile(r"/info/\d+/")
_WEBPLUS_COLUMN = re.compile(r"/c\d+a")


def article_shaped(url: str) -> bool:
    """Whether a URL has a shape CMSs give articles, whatever the site's profile."""
    parts = urlsplit(url)
    if vsb.ARTICLE_PATH.search(parts.path) or webplus.ARTICLE_PATH.search(parts.path):
        return True
    return bool(_ARTICLE_ID.search(parts.query)) or date_from_url(url) is not None


def column(url: str) -> str:
    """The column an article URL belongs to, as far as its shape tells."""
    parts = urlsplit(url)
    tree = _TREE_ID.search(parts.query)
    if tree:
        return f"tree:{tree.group(1)}"
    found = _VSB_COLUMN.search(parts.path) or _WEBPLUS_COLUMN.search(parts.path)
    if found:
        return found.group(0)
    folders = [part for part in parts.path.split("/")[:-1] if part and not part.isdigit()]
    return folders[0] if folders else ""


def shaped_links(page: Page, known: list[ListedLink]) -> list[ListedLink]:
    """Article-shaped, title-like links of the page's content outside `known`, in the
    columns of `known`."""
    seen = {link.url for link in known} | {page.url}
    columns = {column(link.url) for link in known}
    region = cleaned_copy(page.soup.body or page.soup, article=False)
    return [
        link
        for link in listed(
            link
            for link in page.links(region)
            if title_like(link.text) and article_shaped(link.url) and column(link.url) in columns
        )
        if link.url not in seen
    ]
