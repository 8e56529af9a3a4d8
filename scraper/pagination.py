"""Finding the next list pages, whatever the numbering scheme.

Sites number forward (`list2.htm`, `index_2.html`, `/page/2/`, `?page=2`) or backward (VSB:
`gjhz.htm` → `gjhz/2.htm` → `gjhz/1.htm`), so URLs are never computed: the page's own
links are followed — `rel=next`, "下一页"/"下一頁"/"Next"/"Older posts", and the numbered links of
its pager. Every list page is visited once, so following all numbers costs nothing extra.
"""

from __future__ import annotations

import re

from bs4.element import Tag

from scraper.document import Page
from scraper.dom import class_tokens

_NEXT_TEXT = re.compile(
    r"^(?:下一?[页頁]|[后後]一?[页頁]|下一[页頁]面|next(?:\s+page)?"
    r"|older(?:\s+(?:posts|entries|news|articles))?)"
    r"\s*[>›»]*$|^[>›»]{1,2}$",
    re.IGNORECASE,
)
_PAGE_NUMBER = re.compile(r"^\d{1,4}$")
#: class/id tokens of pagers (`wp_paging`, `p_pages`, `pagination`, `page-numbers`, `fenye`),
#: but not a bare `page`, which WordPress themes put on the wrapper of the whole page.
_PAGER_TOKEN = re.compile(r"(?:^|[-_])(?:pag(?!e$)\w*|fenye|p_no|nav-links)", re.IGNORECASE)
_PAGER_DEPTH = 4


def _in_pager(anchor: Tag) -> bool:
    node: Tag | None = anchor
    for _ in range(_PAGER_DEPTH):
        if node is None:
            return False
        if any(_PAGER_TOKEN.search(token) for token in class_tokens(node)):
            return True
        node = node.parent
    return False


def _is_next(anchor: Tag, text: str) -> bool:
    return bool(_NEXT_TEXT.match(text)) or "next" in [t.lower() for t in class_tokens(anchor)]


def next_pages(page: Page) -> list[str]:
    """URLs of further list pages linked from this one (never the page itself)."""
    found: list[str] = []
    for element in page.soup.find_all(["a", "link"], rel=True, href=True):
        if "next" in [r.lower() for r in element.get("rel") or []]:
            url = page.resolve(str(element["href"]))
            if url is not None:
                found.append(url)
    for link in page.links():
        text = link.text.strip()
        if _is_next(link.element, text) or (_PAGE_NUMBER.match(text) and _in_pager(link.element)):
            found.append(link.url)
    return [url for url in dict.fromkeys(found) if url != page.url]
