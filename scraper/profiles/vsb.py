"""VSB (博达 VSB / 网站群), the other CMS common on Chinese university sites.

Lists: `gjhz.htm` then `gjhz/2.htm`, `gjhz/1.htm` (numbered backwards), entries with ids
`line_u8_0`...; articles: `/info/1043/5678.htm`, text in `#vsb_content .v_news_content` (newer
templates: `#vsb_content_2`), date in `div.xx` as "时间：2022年03月15日 10:20", attachments as
`download.jsp?...` links below the text, all inside `form[name=_newscontent_fromname]`.
"""

from __future__ import annotations

import copy
import re
from urllib.parse import urlsplit

from scraper.attachments import find_attachments
from scraper.document import Page
from scraper.dom import article_text, cleaned_copy
from scraper.listing import listed
from scraper.metadata import labelled_date, page_published, page_title
from scraper.pagination import next_pages
from scraper.profiles.base import ArticleParts, ListedLink, Profile, shows_cms
from scraper.text import element_text, normalize_line

ARTICLE_PATH = re.compile(r"/info/\d+/\d+\.htm$")
_MARKERS = ("vsb_content", "v_news_content", "/system/resource/", "_showdynclicks", "vsbscreen",
            "_newscontent_fromname", "_sitegray", "visual sitebuilder")  # fmt: skip
_CONTENT_ID = re.compile(r"^vsb_content")
_ENTRY_ID = re.compile(r"^line_u\d")


def detect(page: Page) -> bool:
    """VSB templates load `/system/resource/` scripts and use `vsb_*`/`v_news_*` names."""
    return shows_cms(page, _MARKERS, ARTICLE_PATH)


def article_links(page: Page) -> list[ListedLink]:
    """Links of the `line_u*` entries, else every link shaped like a VSB article."""
    entries = page.soup.find_all(id=_ENTRY_ID)
    if entries:
        return listed(link for entry in entries for link in page.links(entry))
    region = cleaned_copy(page.soup.body or page.soup, article=False)
    return listed(
        link for link in page.links(region) if ARTICLE_PATH.search(urlsplit(link.url).path)
    )


def extract(page: Page, hint: ListedLink) -> ArticleParts | None:
    """Title, date and text from the VSB article template; None if it is not one."""
    box = page.soup.find(id=_CONTENT_ID)
    content = (box.find(class_="v_news_content") if box else None) or box
    content = content or page.soup.find(class_="v_news_content")
    if content is None:
        return None
    form = page.soup.find("form", attrs={"name": "_newscontent_fromname"}) or page.soup.body
    if form is None:  # a page without a body has no article to take
        return None
    heading = form.find(["h1", "h2", "h3"]) or form.find(class_=re.compile(r"^titlestyle"))
    title = normalize_line(heading.get_text(" ")) if heading else page_title(page, hint.title)
    header = copy.copy(form)
    for text_box in header.find_all(id=_CONTENT_ID) + header.find_all(class_="v_news_content"):
        if not text_box.decomposed:
            text_box.decompose()
    published = labelled_date(element_text(header), None) or page_published(page, None, title)
    return ArticleParts(title, published, article_text(content), find_attachments(page, form))


PROFILE = Profile("vsb", detect, article_links, next_pages, extract)
