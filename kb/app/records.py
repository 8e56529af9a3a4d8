"""One record, and the other reports of the event it reports."""

from __future__ import annotations

from kb.app.context import KnowledgeBase
from kb.core.record import Record


def record(kb: KnowledgeBase, record_id: str) -> Record | None:
    """The stored record (crawled text with its current tags), or None."""
    return kb.store().record(record_id)


def same_event(kb: KnowledgeBase, found: Record) -> list[Record]:
    """The other reports of the event a record reports (linked by `kb index`, see
    kb.link.events): translations and the partner's own report, oldest first."""
    others = kb.store().records(found.same_event)
    return sorted(others.values(), key=lambda r: (r.published or "", r.id))
