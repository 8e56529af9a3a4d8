"""One record, and the other reports of the event it reports."""

from __future__ import annotations

from datetime import date, timedelta

from kb.app.context import KnowledgeBase
from kb.core.record import Record
from kb.search.model import Filters, Hit, SearchRequest

SAME_EVENT_DAYS = 3  # "published within a few days" of each other
SAME_EVENT_WINDOW = timedelta(days=7)  # how far from the event date reports are looked for
SAME_EVENT_LIMIT = 20


def record(kb: KnowledgeBase, record_id: str) -> Record | None:
    """The stored record (crawled text with its current tags), or None."""
    return kb.store().record(record_id)


def same_event(kb: KnowledgeBase, found: Record) -> list[Hit]:
    """Other records sharing a partner and the event date, or published within days.

    Two records that both know their event date must agree on it; otherwise records
    published within SAME_EVENT_DAYS of each other are taken as reports of one event
    (the host's news item and the partner's, the Chinese and the English version).
    """
    anchor = _day(found.event_date) or _day(found.published)
    if anchor is None or not found.partners:
        return []
    request = SearchRequest(
        filters=Filters({"partner": tuple(dict.fromkeys(p.id for p in found.partners))}),
        date_from=anchor - SAME_EVENT_WINDOW,
        date_to=anchor + SAME_EVENT_WINDOW,
        sort="oldest",
        per_page=100,
        snippets=False,
    )
    hits = [
        hit for hit in kb.search(request).hits if hit.id != found.id and _same_event(found, hit)
    ]
    return hits[:SAME_EVENT_LIMIT]


def _same_event(found: Record, hit: Hit) -> bool:
    if found.event_date and hit.event_date:
        return found.event_date == hit.event_date
    mine, theirs = _day(found.published), _day(hit.published)
    return mine is not None and theirs is not None and abs(mine - theirs).days <= SAME_EVENT_DAYS


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
