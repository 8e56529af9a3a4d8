"""Article links of a list page: finding the main listing, and what each entry says.

Profiles of known CMSs know where their listing is; for any other design the main listing
is found from the page's shape: the container holding the most entries whose link text reads
like a title, once navigation and sidebars are stripped.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from bs4.element import Tag

from scraper.dates import parse_date
from scraper.document import Link, Page
from scraper.dom import cleaned_copy
from scraper.pagination import next_pages
from scraper.profiles.base import ListedLink

_ITEM_DEPTH = 3
_HAN = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]{2,}")
_NOT_A_TITLE = re.compile(
    r"^(?:更多|查看更多|查看详情|详细|详情|阅读全文|全文|点击查看|返回|more|read more|details)\b",
    re.IGNORECASE,
)
_MIN_HAN = 5
_MIN_WORDS = 3


def _list_item(anchor: Tag) -> Tag:
    """The list entry around a link: its ancestors up to the first one holding other links."""
    item = anchor
    for _ in range(_ITEM_DEPTH):
        parent = item.parent
        if parent is None or parent.name in ("body", "html"):
            break
        targets = {str(a.get("href") or "") for a in parent.find_all("a", href=True)}
        if len(targets) > 1:
            break
        item = parent
    return item


def listed(links: Iterable[Link]) -> list[ListedLink]:
    """One ListedLink per URL, in page order, with the entry's date as a fallback date."""
    found: dict[str, ListedLink] = {}
    for link in links:
        if link.url not in found:
            date = parse_date(_list_item(link.element).get_text(" "))
            found[link.url] = ListedLink(link.url, link.text, date)
    return list(found.values())


def main_listing(page: Page) -> list[ListedLink]:
    """Title-like links of the page's main listing, for a design no profile knows."""
    region = cleaned_copy(page.soup.body or page.soup, article=False)
    pages = set(next_pages(page)) | {page.url}
    links = [link for link in page.links(region) if title_like(link.text) and link.url not in pages]
    return listed(_main_listing(links))


def title_like(text: str) -> bool:
    if _NOT_A_TITLE.match(text):
        return False
    return len(_HAN.findall(text)) >= _MIN_HAN or len(_WORD.findall(text)) >= _MIN_WORDS


def _main_listing(links: list[Link]) -> list[Link]:
    """Links of the page's main listing: the container whose entries score highest.

    A link's entry is its highest ancestor holding no other candidate URL; entries share a
    container (`ul`, `tbody`, `div.list`). A container scores one per entry, plus one per
    entry showing a date, less one per title cut short ("…"): news lists date their entries
    and show whole titles, "hot news" boxes beside them rarely do either. Sibling
    containers that look the same as the winner join it: some templates split one listing
    into several blocks.
    """
    below: dict[int, set[str]] = defaultdict(set)
    for link in links:
        for parent in link.element.parents:
            below[id(parent)].add(link.url)
    groups: dict[int, list[Link]] = {}
    containers: dict[int, Tag] = {}
    for link in links:
        entry = link.element
        while entry.parent is not None and len(below[id(entry.parent)]) == 1:
            entry = entry.parent
        container = entry.parent or entry
        groups.setdefault(id(container), []).append(link)
        containers[id(container)] = container
    if not groups:
        return []
    scores = {key: _score(group) for key, group in groups.items()}
    best = max(scores, key=lambda key: scores[key])
    if len({link.url for link in groups[best]}) < 2:
        return links
    winner = containers[best]
    return [
        link
        for key, group in groups.items()
        if key == best or _look_alike(containers[key], winner)
        for link in group
    ]


def _score(group: list[Link]) -> int:
    entries = listed(group)
    dated = sum(1 for entry in entries if entry.published)
    cut = sum(1 for link in group if link.text.rstrip().endswith(("...", "…")))
    return len(entries) + dated - cut


def _look_alike(container: Tag, winner: Tag) -> bool:
    return (
        container.parent is winner.parent
        and container.name == winner.name
        and sorted(container.get("class") or []) == sorted(winner.get("class") or [])
    )
