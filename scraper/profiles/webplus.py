"""WebPlus (博达 / Sudy WebPlus), the CMS of many Chinese university sites.

Lists: `/<column>/list.htm`, `list2.htm`... with entries in `#wp_news_w*`; articles:
`/2021/0720/c1234a56789/page.htm` with `h1.arti_title`, `.arti_update` ("发布时间：2021-07-20")
and the text in `div.wp_articlecontent`. PDFs are often embedded with a `pdfsrc` player.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scraper.attachments import find_attachments
from scraper.dates import parse_date
from scraper.document import Page
from scraper.dom import article_text
from scraper.listing import listed
from scraper.metadata import page_published, page_title
from scraper.pagination import next_pages
from scraper.profiles.base import ArticleParts, ListedLink, Profile, shows_cms
from scraper.text import normalize_line

ARTICLE_PATH = re.compile(r"/c\d+a\d+/page\.(?:htm|psp)$")
_MARKERS = (
    "wp_articlecontent",
    "wp_paging",
    "wp_news_w",
    "sudy-wp",
    "_portletplugs",
    "wp_listcolumn",
)
_LIST_REGION_ID = re.compile(r"^wp_news_w")


def detect(page: Page) -> bool:
    """WebPlus templates carry `wp_*` portlet names and `sudy-wp-*` script attributes."""
    return shows_cms(page, _MARKERS, ARTICLE_PATH)


def article_links(page: Page) -> list[ListedLink]:
    """Entries of the news-list portlets, else every link shaped like a WebPlus article."""
    regions = page.soup.find_all(id=_LIST_REGION_ID) or page.soup.find_all(class_="wp_article_list")
    if regions:
        return listed(link for region in regions for link in page.links(region))
    return listed(link for link in page.links() if ARTICLE_PATH.search(urlsplit(link.url).path))


def extract(page: Page, hint: ListedLink) -> ArticleParts | None:
    """Title, date and text from the WebPlus article template; None if it is not one."""
    content = page.soup.find(class_="wp_articlecontent")
    if content is None:
        return None
    heading = page.soup.find("h1", class_="arti_title") or page.soup.find(class_="arti_title")
    title = normalize_line(heading.get_text(" ")) if heading else page_title(page, hint.title)
    published = None
    for name in ("arti_update", "arti_metas"):
        meta = page.soup.find(class_=name)
        if meta is not None and (published := parse_date(meta.get_text(" "))):
            break
    scope = content.find_parent(class_="article") or content
    attachments = find_attachments(page, scope)
    for player in scope.find_all(pdfsrc=True):
        url = page.resolve(str(player["pdfsrc"]))
        if url is not None and url not in attachments:
            attachments.append(url)
    return ArticleParts(
        title, published or page_published(page, None, title), article_text(content), attachments
    )


PROFILE = Profile("webplus", detect, article_links, next_pages, extract)
