"""The generic profile: any site, no CMS knowledge.

Lists: the page's main listing, found from its shape (`scraper.listing.main_listing`).
Articles: the main text trafilatura finds, rendered from the DOM (`scraper.maintext`); title
and date from metadata and the visible text (`scraper.metadata`).
"""

from __future__ import annotations

from scraper.attachments import find_attachments
from scraper.dates import site_timezone
from scraper.document import Page
from scraper.dom import cleaned_copy
from scraper.lang import detect_language
from scraper.listing import main_listing
from scraper.maintext import article_body
from scraper.metadata import page_published, page_title
from scraper.pagination import next_pages
from scraper.profiles.base import ArticleParts, ListedLink, Profile


def detect(page: Page) -> bool:
    """Always true: the generic profile is the last resort."""
    return True


def extract(page: Page, hint: ListedLink) -> ArticleParts | None:
    """Title, date and main text of any article page; None when there is no main text."""
    title = page_title(page, hint.title)
    content = cleaned_copy(page.soup, article=True)
    body, byline = article_body(content, page.url, title)
    if not title or not body:
        return None
    local_tz = site_timezone(page.url, detect_language(f"{title}\n{body}"))
    published = page_published(page, local_tz, title)
    return ArticleParts(title, published, body, find_attachments(page, content), byline)


PROFILE = Profile("generic", detect, main_listing, next_pages, extract)
